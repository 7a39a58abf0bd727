"""Cell values: the three value types, validation, lenient parsing, display.

- ``count``: a whole number >= 0 (``int``)
- ``signed``: a whole number, may be negative (``int``; 本年增/减)
- ``amount``: a decimal >= 0 in 万元 with at most 6 decimal places (``Decimal``)

A blank cell is ``None`` — never 0.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .errors import ValueInputError

Value = int | Decimal
YEAR_MIN, YEAR_MAX = 1990, 2200   # the report years a .govreport file may hold

MAX_DIGITS = 15          # whole-number digits; no real report comes near
MAX_DECIMALS = 6         # 6 places of 万元 = 1 分
MAX_INPUT_CHARS = 64     # longer text is not a number anybody typed

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，", "0123456789.-+,")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def validate(value: object, vtype: str) -> str | None:
    """Why ``value`` cannot be stored in a cell of ``vtype``, or None if it can."""
    if vtype in ("count", "signed"):
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                return "应为整数（不要写小数点）"
            return "应为整数"
        if vtype == "count" and value < 0:
            return "不能为负数"
        if abs(value) >= 10**MAX_DIGITS:
            return "数字过大"
        return None
    if vtype == "amount":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            return "应为金额（数字，单位万元）"
        if isinstance(value, Decimal) and not value.is_finite():
            return "应为金额（数字，单位万元）"
        if value < 0:
            return "不能为负数"
        if abs(value) >= 10**MAX_DIGITS:
            return "数字过大"
        if isinstance(value, Decimal):
            exp = value.as_tuple().exponent
            if isinstance(exp, int) and exp < -MAX_DECIMALS and value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
                return f"小数位数过多（最多{MAX_DECIMALS}位，即精确到分）"
        return None
    raise ValueError(f"unknown value type {vtype}")


def normalize(value: Value, vtype: str) -> Value:
    """The canonical form of a valid value (amounts without useless exponent)."""
    if vtype == "amount":
        d = Decimal(value)
        if d == d.to_integral_value():
            return Decimal(int(d))
        return d.normalize()
    return value


def parse(text: str, vtype: str) -> Value | None:
    """Parse what a person typed or pasted into a cell.

    Accepts surrounding spaces, full-width digits, thousands separators and,
    for amounts, a trailing 万元/元 unit (元 converted to 万元). An empty string
    is a blank cell (None). Raises :class:`ValueInputError` with a Chinese
    reason otherwise.
    """
    if text is None:
        return None
    raw = str(text)
    s = _SPACES.sub("", raw.translate(_FULLWIDTH))
    if s == "":
        return None
    if len(s) > MAX_INPUT_CHARS:
        raise ValueInputError("内容过长，不是一个数字")
    scale = 0
    if vtype == "amount":
        if s.endswith("万元"):
            s = s[:-2]
        elif s.endswith("元"):
            s, scale = s[:-1], -4
        elif s.endswith("万"):
            s = s[:-1]
    elif s.endswith(("件", "个", "项", "条")):
        s = s[:-1]
    if "," in s:
        if not _GROUPED.match(s):
            raise ValueInputError(f"“{raw.strip()}”的千位分隔符位置不对")
        s = s.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        raise ValueInputError(f"“{raw.strip()}”不是数字")
    if vtype in ("count", "signed"):
        if "." in s:
            d = Decimal(s)
            if d != d.to_integral_value():
                raise ValueInputError(f"“{raw.strip()}”不是整数")
            s = str(int(d))
        value: Value = int(s)
    else:
        try:
            value = Decimal(s).scaleb(scale)
        except InvalidOperation as e:  # pragma: no cover - regex above prevents it
            raise ValueInputError(f"“{raw.strip()}”不是数字") from e
    problem = validate(value, vtype)
    if problem:
        raise ValueInputError(f"“{raw.strip()}”{problem}")
    return normalize(value, vtype)


def to_json(value: Value, vtype: str) -> int | str:
    """How a value is written in the native file: counts as numbers, amounts as strings."""
    if vtype == "amount":
        return format(Decimal(value), "f")
    return int(value)


def display(value: Value | None, vtype: str = "count", grouping: bool = False) -> str:
    """How a value is shown to people; blank is the empty string."""
    if value is None:
        return ""
    if vtype == "amount":
        s = format(Decimal(value), "f")
        if grouping:
            whole, _, frac = s.partition(".")
            s = f"{int(whole):,}" + (f".{frac}" if frac else "")
        return s
    return f"{value:,}" if grouping else str(value)
