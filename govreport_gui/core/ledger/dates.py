"""The dates of a register, as offices write them.

A date cell of Excel (a number in a date format) arrives as a date already (xlsx.py). Text is read
in the forms offices type: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``,
``20240305``, with full-width digits, and with a time after it (``2024-03-05 14:30``), which is
dropped: counting is by day. A number without a date format is a date only when it is one of
two things nobody writes otherwise: eight digits ``20240305``, or an Excel day number of the
years 1990–2100 (a date cell whose format was lost: the note says so).

Anything else — two-digit years, ``3月5日`` without a year, ``2024年3月``, Chinese numerals,
``待定`` — is not a date: its row is listed, never counted on a guess.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．：　", "0123456789/-.: ")
_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                        r"(?:\s*[T ]?\s*\d{1,2}\s*[:时]\s*\d{1,2}(?:\s*[:分]\s*\d{1,2}(?:\.\d+)?\s*秒?)?\s*分?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
SERIAL_FIRST = 32874          # 1990-01-01 as an Excel day number
SERIAL_LAST = 73050           # 2099-12-31
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass(frozen=True)
class NotADate:
    """What a date column held that is not a date: the text as written and why (Chinese)."""

    text: str
    reason: str


def parse_date(value: object) -> datetime.date | NotADate | None:
    """A register's date cell: a date, None for an empty cell, or :class:`NotADate`."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return NotADate(str(value), "不是日期")
    if isinstance(value, (int, float)):
        return _number(value)
    text = str(value).strip()
    if not text:
        return None
    return _text(text)


def is_serial(value: object) -> bool:
    """Whether a date was read from an Excel day number without a date format."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and SERIAL_FIRST <= value <= SERIAL_LAST + 1)


def _number(value: float) -> datetime.date | NotADate:
    if not math.isfinite(value):
        return NotADate(str(value), "不是日期")
    if value == int(value) and 10_000_101 <= value <= 99_991_231:
        return _text(str(int(value)))
    if SERIAL_FIRST <= value <= SERIAL_LAST + 1:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    shown = str(int(value)) if value == int(value) else str(value)
    return NotADate(shown, "是数字，不是日期")


MAX_DATE_CHARS = 40          # "2024年12月31日 23时59分59秒" is 21; anything longer is no date


@lru_cache(maxsize=4096)
def _text(text: str) -> datetime.date | NotADate:
    s = text.translate(_FULLWIDTH).strip()
    if len(s) > MAX_DATE_CHARS:        # also keeps the patterns' optional spaces from backtracking for long
        return NotADate(text[:MAX_DATE_CHARS] + "…", "不是日期")
    m = _SEPARATED.fullmatch(s) or _COMPACT.fullmatch(s)
    if m is None:
        return NotADate(text, "不是日期")
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return NotADate(text, "不是有效的日期")
