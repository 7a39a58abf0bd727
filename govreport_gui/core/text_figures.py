"""Figures the narrative states: how their numbers are written, and how they are quoted.

Real reports state key figures in the text as well as in the tables ("全年共收到政府信息公开申请
215件", "结转下年度继续办理3件", "行政复议案件三件"). Which figures, and the words that find
them, are the edition's ``text_figures``: each a cell (or cells, summed), its name and patterns
whose one group is the number. Rule H2 (``core/rulefuncs.py``, ``narrative_numbers``) is the one
comparer: a number the text gives that differs from the table's is its warning, in the window,
in ``govreport check`` and in the review of an import (the imported report's own findings,
``review.py``). The table wins: no value is changed. This module reads the number
(:func:`number`: Arabic, full-width, 1,234 or exact Chinese numerals) and quotes the words
(:func:`excerpt`).

The patterns of the edition files are bounded (no unbounded repetition), so searching is linear
in the length of the text, whatever the text.
"""

from __future__ import annotations

import re

_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")
_ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CLAUSE_START = "。；;！!？?\n，,：:、（("
_BACK = 20                    # characters before a match that the quoted excerpt may take
_EXCERPT_MAX = 60


def number(text: str) -> int | None:
    """The count a text names: 215, ２１５, 1,234, 三, 十二, 一百零五, 两千三百, 一万零五十.
    Anything else (一百一, 二五, 1,23): None, never a guess."""
    s = text.strip().translate(_WIDE).replace("，", ",")
    if _ARABIC.fullmatch(s):
        return int(s.replace(",", ""))
    if not s or len(s) > 12:
        return None
    high, sep, low = s.partition("万")
    if not sep:
        return _below_10000(s)
    h = _below_10000(high)
    if h is None or h == 0:
        return None
    if not low:
        return h * 10000
    if low[0] in "〇零":               # 一万零五十
        rest = _below_10000(low[1:])
        return h * 10000 + rest if rest is not None and 0 < rest < 1000 else None
    rest = _below_10000(low)
    return h * 10000 + rest if rest is not None and rest >= 1000 else None


def _below_10000(s: str) -> int | None:
    """三, 十二, 二十, 一百零五, 三千零五十, 两百: units in falling order, 零 for a skipped unit."""
    if not s:
        return None
    if s in ("〇", "零"):
        return 0
    total, last_unit, digit, zero = 0, 10000, None, False
    for i, ch in enumerate(s):
        if ch in _CN_DIGITS:
            d = _CN_DIGITS[ch]
            if digit is not None or (d == 0 and (zero or i == 0)):
                return None                           # 二五, 零零, a leading 零
            if d == 0:
                zero = True
                continue
            if ch == "两" and i == len(s) - 1 and i > 0:
                return None                           # 十两
            digit = d
        elif ch in _CN_UNITS:
            u = _CN_UNITS[ch]
            if u >= last_unit:
                return None                           # 十百, 百百
            if digit is None:
                if i == 0 and u == 10:
                    digit = 1                         # 十二
                else:
                    return None
            if zero and last_unit // u == 10:
                return None                           # 一百零十
            total += digit * u
            last_unit, digit, zero = u, None, False
        else:
            return None
    if zero and digit is None:
        return None                                   # 一百零
    if digit is not None:
        if last_unit not in (10, 10000) and not zero:
            return None                               # 一百一: 110 or 101, said loosely
        total += digit
    return total


def excerpt(text: str, start: int, end: int) -> str:
    """The matched words, from the start of their clause when it is near."""
    begin, floor = start, max(0, start - _BACK)
    for i in range(start - 1, floor - 1, -1):
        if text[i] in _CLAUSE_START:
            begin = i + 1
            break
    else:
        if floor == 0:
            begin = 0
    shown = re.sub(r"\s+", "", text[begin:end])
    if len(shown) > _EXCERPT_MAX:
        shown = "…" + shown[-_EXCERPT_MAX:]
    elif begin > 0 and text[begin - 1] not in _CLAUSE_START:
        shown = "…" + shown
    return shown
