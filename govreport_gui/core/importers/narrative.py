"""The text of a report: title (issuer, year), preface, the six sections, the closing date.

Headings are found by their numbering and a key word, so reworded headings
(``因政府信息公开工作被申请行政复议和提起行政诉讼情况``,
``存在的主要问题及改进措施``) are still recognised. Text extracted from a PDF
comes as wrapped lines; :func:`join_lines` puts the paragraphs back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMPILED: list = [None, []]            # [the editions' heading patterns, compiled]


def _headings() -> list[tuple[str, re.Pattern]]:
    """(section id, pattern) from the editions' data (each section's ``find``), compiled once for
    each set of editions (edition.forget() makes a new set)."""
    from ..edition import heading_patterns

    patterns = heading_patterns()
    if _COMPILED[0] is not patterns:
        _COMPILED[:] = [patterns, [(sid, re.compile(pat)) for sid, pat in patterns]]
    return _COMPILED[1]


def title_of(text: str) -> re.Match | None:
    """The title's issuer and year, by the editions' title patterns (issuer first, or year first
    as in 2019年上海市人民政府办公厅政府信息公开工作年度报告)."""
    from ..edition import title_patterns

    for pat in title_patterns():
        m = re.match(pat, text)
        if m:
            return m
    return None


_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_PARA_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．](?!\d))")
_ENDS = ("。", "！", "？", "：", "；", "!", "?", ":", "”。")


@dataclass
class Narrative:
    issuer: str | None = None
    year: int | None = None
    published: str | None = None               # YYYY-MM-DD
    text: dict[str, str] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)     # section ids whose heading was found


_RUN = re.compile(r"[ \t]+")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]")


def tidy(line: str) -> str:
    """One line of text: no spaces that a PDF put between Chinese characters and digits.

    Each run of spaces is looked at once (linear time, whatever the line)."""
    line = line.strip()

    def drop(m: re.Match) -> str:
        before = line[m.start() - 1] if m.start() > 0 else ""
        after = line[m.end()] if m.end() < len(line) else ""
        return "" if (before and _CJK.match(before)) or (after and _CJK.match(after)) else m.group(0)
    return _RUN.sub(drop, line)


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")


def join_lines(lines: list[str]) -> list[str]:
    """Wrapped lines (a PDF's) back into paragraphs.

    A paragraph ends at a blank line, after 。！？：；, before a numbered or
    heading line, after the title, and after a line much shorter than the
    others. Page numbers (— 1 —, 第1页) are dropped.
    """
    lines = [tidy(l) for l in lines]
    lengths = sorted(len(l) for l in lines if l)
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 0
    paras: list[str] = []
    blank = True
    for line in lines:
        if not line:
            blank = True
            continue
        if _PAGE_NUMBER.match(line):
            continue
        if paras and not blank:
            prev = paras[-1]
            boundary = (prev.endswith(_ENDS) or _PARA_START.match(line) is not None or heading_of(line) is not None
                        or heading_of(prev) is not None or len(prev) < typical * 0.75
                        or (len(prev) <= 80 and title_of(prev) is not None))
            if not boundary:
                paras[-1] = prev + line
                continue
        paras.append(line)
        blank = False
    return paras


def _table_sections() -> frozenset[str]:
    """Sections that are tables in every edition (their text is not narrative)."""
    from ..edition import available, get

    return frozenset.intersection(*(frozenset(get(e).tables) for e in available()))


def heading_of(line: str) -> str | None:
    s = line.strip()
    if len(s) > 40:
        return None
    for sid, pat in _headings():
        if pat.match(s):
            return sid
    return None


def split(paragraphs: list[str]) -> Narrative:
    """Title, preface, sections and closing from a report's paragraphs, in order."""
    out = Narrative()
    paras = [p.strip() for p in paragraphs if p and p.strip()]
    # title: the first paragraph naming the year and 政府信息公开…年度报告 (the issuer may be on the line before)
    body_start = 0
    for i, p in enumerate(paras[:8]):
        m = title_of(p.replace("\n", "")[:120])
        if m:
            issuer = m.group("issuer").strip()
            if not issuer and i > 0 and len(paras[i - 1]) <= 30:
                issuer = paras[i - 1]
            out.issuer = issuer or None
            out.year = int(m.group("year"))
            body_start = i + 1
            break
    current = "preface"
    buckets: dict[str, list[str]] = {"preface": []}
    order = [sid for sid, _ in _headings()]
    last_index = -1
    for p in paras[body_start:]:
        sid = heading_of(p)
        if sid is not None and order.index(sid) > last_index:
            current = sid
            last_index = order.index(sid)
            out.found.append(sid)
            buckets.setdefault(sid, [])
            continue
        buckets.setdefault(current, []).append(p)
    # closing: a date (and the issuer above it) at the very end
    tail_key = order[last_index] if last_index >= 0 else "preface"
    tail = buckets.get(tail_key, [])
    if tail:
        m = _DATE.match(tail[-1])
        if m:
            out.published = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            tail.pop()
            if tail and out.issuer and tail[-1].replace(" ", "") == out.issuer.replace(" ", ""):
                tail.pop()
    for tid in ["preface"] + [sid for sid in order if sid not in _table_sections()]:
        if buckets.get(tid):
            out.text[tid] = "\n".join(buckets[tid])
    return out
