"""Rules that need code, registered by name for the edition files.

- ``narrative_numbers`` (H2): figures the narrative states (the edition's ``text_figures``)
  agree with the tables; also what the review of an import lists about them
- ``text_similarity``  (H3): a narrative nearly identical to last year's
  (clauses compared with numbers normalised)
- ``jumps``            (H4): a value more than N times up or down from last year's
- ``report_year_mentions`` (H5): a narrative that speaks of another year as the
  reporting year (last year's statistics period, title or opening left in)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .text_figures import excerpt, number
from .rules import YEAR, Check, Finding, _fmt, register

if TYPE_CHECKING:
    from .edition import Edition, RuleDef, TextFigure
    from .report import Report

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789", ",，")


class FigureCheck(Check):
    """H2 for one figure of the edition's ``text_figures``: every time the narrative states it
    (in words its patterns find, with the number written in any way
    :func:`~.text_figures.number` reads), it is the table's. The first place the text
    says otherwise is the finding; a figure the table leaves wholly blank is not compared (in a
    sum, a blank part counts as 0, as in every sum)."""

    def __init__(self, rule: "RuleDef", figure: "TextFigure", texts: tuple[str, ...]):
        self.rule, self.figure, self.texts = rule, figure, texts
        self.cells = figure.cells
        self.key = f"{rule.id}:{'+'.join(figure.cells)}"
        self.reads = figure.cells + tuple(f"text:{t}" for t in texts)

    def evaluate(self, report: "Report") -> Finding | None:
        vals = [report.values.get(c) for c in self.cells]
        if all(v is None for v in vals):
            return None
        expected = sum(v for v in vals if v is not None)
        for tid in self.texts:
            text = report.text.get(tid) or ""
            if not text:
                continue
            for pat in self.figure.patterns:
                for m in pat.finditer(text):
                    quoted = number(m.group(1) or "")
                    if quoted is None or quoted == expected:
                        continue
                    msg = self.rule.message.format(what=self.figure.what, quoted=quoted, expected=_fmt(expected),
                                                   excerpt=excerpt(text, m.start(), m.end()))
                    return self.finding(report, self.cells, msg, expected=expected, actual=quoted)
        return None


@register("narrative_numbers")
def narrative_numbers(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """One check per figure of ``ed.text_figures`` (the figures and their words are the edition's,
    in one place); ``params.texts``: the narratives searched, in order."""
    params = rule.spec["params"]
    if "quotes" in params:
        raise ValueError(f"规则 {rule.id} 比较的数字及其模式应写在 text_figures 中，不再写在 params.quotes 中")
    texts = tuple(params["texts"])
    for t in texts:
        if t not in ed.texts:
            raise ValueError(f"规则 {rule.id} 引用了未定义的正文 {t}")
    rule.message.format(what="", quoted=0, excerpt="", expected="")      # only these names: fails at load
    return [FigureCheck(rule, fig, texts) for fig in ed.text_figures]


_CLAUSE_BREAK = re.compile(r"[，,。．.；;：:！!？?、\n\r]+")
_DIGIT_RUN = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万]+(?=[年月日件条个项次人%％])|[0-9０-９][0-9０-９.,，]*")
_SPACE = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=64)
def clauses(text: str) -> frozenset[str]:
    """The clauses of a text (split at punctuation), numbers and spaces normalised.

    Copying last year's report and changing only the year and the figures is
    exactly what reviewers call 内容雷同, so numbers do not make clauses differ.
    """
    text = _DIGIT_RUN.sub("#", _SPACE.sub("", text))
    return frozenset(c for c in _CLAUSE_BREAK.split(text) if len(c) >= 2)


def similarity(a: str, b: str) -> float:
    """Share of clauses the two texts have in common (Jaccard; 1.0 = same content)."""
    sa, sb = clauses(a), clauses(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class SimilarityCheck(Check):
    def __init__(self, rule: "RuleDef", text_id: str, name: str, threshold: float, min_chars: int):
        self.rule, self.text_id, self.name = rule, text_id, name
        self.threshold, self.min_chars = threshold, min_chars
        self.key = f"{rule.id}:{text_id}"
        self.reads = (f"text:{text_id}",)

    def evaluate(self, report: "Report") -> Finding | None:
        prev = report.previous
        if prev is None:
            return None
        old = prev.text.get(self.text_id) or ""
        new = report.text.get(self.text_id) or ""
        if len(new) < self.min_chars or len(old) < self.min_chars:
            return None
        sim = similarity(new, old)
        if sim < self.threshold:
            return None
        msg = self.rule.message.format(section=self.name, similarity=f"{sim:.0%}")
        return self.finding(report, (), msg)


@register("text_similarity")
def text_similarity(ed: "Edition", rule: "RuleDef") -> list[Check]:
    p = rule.spec["params"]
    out: list[Check] = []
    for tid, name in p["texts"].items():
        if tid not in ed.texts:
            raise ValueError(f"规则 {rule.id} 引用了未定义的正文 {tid}")
        out.append(SimilarityCheck(rule, tid, name, float(p["threshold"]), int(p["min_chars"])))
    return out


class JumpCheck(Check):
    def __init__(self, rule: "RuleDef", cell: str, place: str, factor: int, min_diff: int):
        self.rule, self.cell, self.place, self.factor, self.min_diff = rule, cell, place, factor, min_diff
        self.key = f"{rule.id}:{cell}"
        self.reads = (cell,)

    def evaluate(self, report: "Report") -> Finding | None:
        cur = report.values.get(self.cell)
        if cur is None or report.previous is None:
            return None
        old = report.previous.values.get(self.cell)
        if old is None:
            return None
        hi, lo = (cur, old) if cur >= old else (old, cur)
        if hi - lo < self.min_diff or hi <= self.factor * lo:
            return None
        msg = self.rule.message.format(place=self.place, actual=_fmt(cur), previous=_fmt(old), factor=self.factor)
        return self.finding(report, (self.cell,), msg, expected=old, actual=cur)


@register("jumps")
def jumps(ed: "Edition", rule: "RuleDef") -> list[Check]:
    p = rule.spec["params"]
    factor, min_diff = int(p["factor"]), int(p["min_diff"])
    return [JumpCheck(rule, cid, cd.place, factor, min_diff)
            for cid, cd in ed.cells.items() if cd.type in ("count", "amount")]


# --------------------------------------------------------------------------
# report_year_mentions: the narrative names a year other than the report's


_YEAR_IN = re.compile(r"(?<![0-9０-９])([0-9０-９]{4})\s*年")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_TAIL_STOP = re.compile(r"[，,、：:（(《“\"0-9０-９]")
_YEAR_TESTS = {
    "other": lambda found, year: found != year,          # any year but the report's
    "earlier": lambda found, year: found < year,         # an earlier year (a later one is a plan)
    "previous": lambda found, year: found == year - 1,   # exactly last year
}


@dataclass(frozen=True)
class YearPattern:
    """One way a text speaks of the reporting year, as written in the edition file."""

    regex: re.Pattern
    years: str                         # a key of _YEAR_TESTS
    message: str
    texts: frozenset[str] | None       # the texts it applies to (None: all the rule's texts)
    unless: re.Pattern | None          # the rest of the sentence makes it a reference, not a claim
    context: int                       # characters of the text after the match quoted in the message


def _brackets(text: str, open_: str, close: str) -> list[tuple[int, int]]:
    """Spans ``open_ … close`` (outermost, unclosed ones run to the end of the line)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == open_:
            if depth == 0:
                start = i
            depth += 1
        elif ch == close and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif ch == "\n" and depth:
            spans.append((start, i))
            depth = 0
    if depth:
        spans.append((start, len(text)))
    return spans


def _excerpt(text: str, start: int, end: int, context: int) -> str:
    """The matched words, with a few more, and … where the sentence goes on."""
    before = text[:start].rstrip(" \t\u3000")
    at_sentence_start = not before or before[-1] in "。！？!?；;\n"
    m = _SENTENCE_END.search(text, end)
    stop = m.start() if m else len(text)
    tail = text[end:min(stop, end + context)]
    cut = _TAIL_STOP.search(tail)           # whole words: not into a number or past a clause
    if cut:
        tail = tail[:cut.start()]
    shown = _SPACE.sub("", text[start:end] + tail)
    return ("" if at_sentence_start else "…") + shown + ("…" if end + len(tail) < stop else "")


class YearMentionCheck(Check):
    """H5 for one text: the first place it names another year as the reporting year."""

    def __init__(self, rule: "RuleDef", text_id: str, name: str, patterns: list[YearPattern]):
        self.rule, self.text_id, self.name = rule, text_id, name
        self.patterns = [p for p in patterns if p.texts is None or text_id in p.texts]
        self.key = f"{rule.id}:{text_id}"
        self.reads = (f"text:{text_id}", YEAR)

    def evaluate(self, report: "Report") -> Finding | None:
        text = report.text.get(self.text_id) or ""
        year = report.year
        if not text or not _YEAR_IN.search(text):
            return None
        titles: list[tuple[int, int]] | None = None
        for p in self.patterns:
            test = _YEAR_TESTS[p.years]
            for m in p.regex.finditer(text):
                wrong = None
                for y in _YEAR_IN.finditer(m.group(0)):
                    found = int(y.group(1).translate(_DIGITS))
                    if test(found, year):
                        wrong, at = found, m.start() + y.start()
                        break
                if wrong is None:
                    continue
                if titles is None:
                    titles = _brackets(text, "《", "》") + _brackets(text, "〈", "〉")
                if any(a <= at < b for a, b in titles):
                    continue          # a document's title: 《…2024年…》
                if p.unless is not None:
                    end = _SENTENCE_END.search(text, m.end())
                    if p.unless.search(text, m.start(), end.start() if end else len(text)):
                        continue
                excerpt = _excerpt(text, m.start(), m.end(), p.context)
                msg = p.message.format(text=self.name, found=wrong, year=year, excerpt=excerpt)
                return self.finding(report, (), msg)
        return None


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise ValueError(f"{where}的正则表达式有误：{e}") from None


@register("report_year_mentions")
def report_year_mentions(ed: "Edition", rule: "RuleDef") -> list[Check]:
    params = rule.spec["params"]
    names: dict[str, str] = params["texts"]
    for tid in names:
        if tid not in ed.texts:
            raise ValueError(f"规则 {rule.id} 引用了未定义的正文 {tid}")
    patterns: list[YearPattern] = []
    for i, q in enumerate(params["patterns"]):
        where = f"规则 {rule.id} 的第 {i + 1} 个模式"
        years = q.get("years", "other")
        if years not in _YEAR_TESTS:
            raise ValueError(f"{where}：years 只能是 {'、'.join(_YEAR_TESTS)}")
        texts = q.get("texts")
        if texts is not None:
            for tid in texts:
                if tid not in names:
                    raise ValueError(f"{where}：正文 {tid} 不在规则的 texts 中")
        message = q.get("message", rule.message)
        message.format(text="", found=0, year=0, excerpt="")       # only these names: fails at load
        regex = _compile(q["pattern"], where)
        unless = _compile(q["unless"], where) if q.get("unless") else None
        patterns.append(YearPattern(regex, years, message, frozenset(texts) if texts is not None else None,
                                    unless, int(q.get("context", 0))))
    return [YearMentionCheck(rule, tid, name, patterns) for tid, name in names.items()]
