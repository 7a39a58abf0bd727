"""Figures the narrative states, compared with the tables on import.

Real reports state key figures in the text as well as in the tables ("全年共收到政府信息公开申请
215件", "结转下年度继续办理3件", "行政复议案件三件"). Which figures, and the words that find
them, are the edition's ``text_figures``: each a cell (or cells, summed) and patterns whose one
group is the number. A number the text gives that differs from the table's is a note of the
import. The table wins: no value is changed. A figure the table leaves blank is not compared.

The patterns of the edition files are bounded (no unbounded repetition), so searching is linear
in the length of the text, whatever the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..edition import Edition, TextFigure
    from ..report import Report

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


def place(ed: "Edition", cells: tuple[str, ...]) -> str:
    """How a person names the table's figure: 表格三「一、本年新收申请」总计, or for a sum
    表格四「行政诉讼（未经复议直接起诉）」总计与「行政诉讼（复议后起诉）」总计之和."""
    parts, section = [], None
    for cid in cells:
        cd = ed.cells[cid]
        number_ = ed.section(cd.section).number.rstrip("、") if cd.section != section else ""
        parts.append(f"{number_}「{cd.row_name}」{cd.col_name}")
        section = cd.section
    return "表格" + "与".join(parts) + ("之和" if len(cells) > 1 else "")


def contradictions(report: "Report") -> list[str]:
    """One note per figure of the edition's ``text_figures`` that the text states otherwise than
    the table (the first place it does). Agreeing figures, and blank cells, say nothing."""
    ed = report.ed
    texts = [report.text.get(tid) or "" for tid in ed.texts]
    texts = [t for t in texts if t]
    notes: list[str] = []
    if not texts:
        return notes
    for fig in ed.text_figures:
        values = [report.values.get(c) for c in fig.cells]
        if any(v is None for v in values):
            continue                              # the table does not hold it: nothing to compare
        expected = sum(values)
        note = _first_contradiction(ed, fig, texts, expected)
        if note and note not in notes:
            notes.append(note)
    return notes


def _first_contradiction(ed: "Edition", fig: "TextFigure", texts: list[str], expected) -> str | None:
    for text in texts:
        for pat in fig.patterns:
            for m in pat.finditer(text):
                quoted = number(m.group(1) or "")
                if quoted is None or quoted == expected:
                    continue
                said = excerpt(text, m.start(), m.end())
                plain = m.group(1).strip()
                also = "" if plain == str(quoted) else f"（即 {quoted}）"
                return f"正文“{said}”{also}与{place(ed, fig.cells)} {expected} 不一致，请核对"
    return None
