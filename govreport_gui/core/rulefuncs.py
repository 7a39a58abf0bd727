"""Rules that need code, registered by name for the edition files.

- ``narrative_numbers`` (H2): numbers the narrative quotes agree with the tables
- ``text_similarity``  (H3): a narrative nearly identical to last year's
  (clauses compared with numbers normalised)
- ``jumps``            (H4): a value more than N times up or down from last year's
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .rules import Check, Finding, _fmt, register

if TYPE_CHECKING:
    from .edition import Edition, RuleDef
    from .report import Report

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789", ",，")


class QuoteCheck(Check):
    """H2 for one kind of figure: every time the text quotes it, it matches the table."""

    def __init__(self, rule: "RuleDef", what: str, cells: tuple[str, ...], patterns: list[re.Pattern],
                 texts: tuple[str, ...]):
        self.rule, self.what, self.cells, self.patterns, self.texts = rule, what, cells, patterns, texts
        self.key = f"{rule.id}:{cells[0]}"
        self.reads = cells + tuple(f"text:{t}" for t in texts)

    def evaluate(self, report: "Report") -> Finding | None:
        vals = [report.values.get(c) for c in self.cells]
        if all(v is None for v in vals):
            return None
        expected = sum(v for v in vals if v is not None)
        for tid in self.texts:
            text = report.text.get(tid) or ""
            if not text:
                continue
            for pat in self.patterns:
                for m in pat.finditer(text):
                    digits = m.group(1).translate(_DIGITS)
                    if not digits.isdigit() or len(digits) > 15:
                        continue
                    quoted = int(digits)
                    if quoted != expected:
                        excerpt = m.group(0).strip()
                        msg = self.rule.message.format(what=self.what, quoted=quoted, excerpt=excerpt,
                                                       expected=_fmt(expected))
                        return self.finding(report, self.cells, msg, expected=expected, actual=quoted)
        return None


@register("narrative_numbers")
def narrative_numbers(ed: "Edition", rule: "RuleDef") -> list[Check]:
    params = rule.spec["params"]
    texts = tuple(params["texts"])
    for t in texts:
        if t not in ed.texts:
            raise ValueError(f"规则 {rule.id} 引用了未定义的正文 {t}")
    checks: list[Check] = []
    for q in params["quotes"]:
        cells = tuple(q.get("cells") or [q["cell"]])
        for c in cells:
            if c not in ed.cells:
                raise ValueError(f"规则 {rule.id} 引用了不存在的单元格 {c}")
        patterns = [re.compile(p) for p in q["patterns"]]
        for p in patterns:
            if p.groups != 1:
                raise ValueError(f"规则 {rule.id} 的模式 {p.pattern} 应恰有一个分组（数字）")
        checks.append(QuoteCheck(rule, q["what"], cells, patterns, texts))
    return checks


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

