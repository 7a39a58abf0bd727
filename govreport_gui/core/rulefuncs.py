"""Rules that need code, registered by name for the edition files.

- ``narrative_numbers`` (H2): figures the narrative states (the edition's ``text_figures``)
  agree with the tables; also what the review of an import lists about them
- ``text_repetition``  (H3): the share of this year's narrative that repeats last
  year's (characters in runs of 13 or more that last year's text also has), per text and
  for the report's texts together
- ``jumps``            (H4): a value more than N times up or down from last year's
- ``report_year_mentions`` (H5): a narrative that speaks of another year as the
  reporting year (last year's statistics period, title or opening left in)
- ``text_parts``       (N1, N2, N4): a narrative is not blank, not only "无", long enough,
  and says each part the format asks of it (the parts and their words are the edition's)
- ``count_mentioned``  (N3): a count in a table that the narrative must speak of
  (applications closed for an unpaid fee notice → 六 mentions the fee notices)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .text_figures import excerpt, number
from .rules import ISSUER, YEAR, Check, Finding, _fmt, register

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
_NOT_WORD = re.compile(r"[\W_]+")             # spaces and punctuation (CJK characters are word characters)


def _squeeze(text: str) -> str:
    """The text without spaces and punctuation: what a length limit counts, what "无" is compared with."""
    return _NOT_WORD.sub("", text)


def _text_id(ed: "Edition", value: object, where: str) -> str:
    if not isinstance(value, str) or value not in ed.texts:
        raise ValueError(f"{where}引用了未定义的正文 {value}")
    return value


def _words(value: object, where: str) -> re.Pattern:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}应给出正则表达式")
    return _compile(value, where)


@lru_cache(maxsize=64)
def clauses(text: str) -> frozenset[str]:
    """The clauses of a text (split at punctuation), numbers and spaces normalised.

    Copying last year's report and changing only the year and the figures is
    exactly what reviewers call 内容雷同, so numbers do not make clauses differ.
    (H3 measured with these once; it now measures runs of characters, :func:`repetition`.)
    """
    text = _DIGIT_RUN.sub("#", _SPACE.sub("", text))
    return frozenset(c for c in _CLAUSE_BREAK.split(text) if len(c) >= 2)


# --------------------------------------------------------------------------
# text_repetition (H3): how much of this year's text repeats last year's


@lru_cache(maxsize=256)
def _plain(text: str) -> str:
    """The text as repetition is measured on: full- and half-width forms made one (NFKC), every
    number (215, 1,234, 56.9, 三百 before 件/年/…) made one character, spaces and punctuation
    dropped — so changing the year, the figures or a comma does not make a copied sentence new."""
    text = unicodedata.normalize("NFKC", text)
    return _squeeze(_DIGIT_RUN.sub("0", text))


@lru_cache(maxsize=128)
def _runs(text: str, run: int) -> frozenset[str]:
    """Every ``run`` characters in a row of the text, as :func:`_plain` gives it."""
    plain = _plain(text)
    return frozenset(plain[i:i + run] for i in range(len(plain) - run + 1))


@lru_cache(maxsize=256)
def repetition(new: str, old: str, run: int = 13) -> tuple[int, int]:
    """(characters of ``new`` that repeat ``old``, characters of ``new``), both counted on
    :func:`_plain` text.

    A character repeats last year's text when it lies in a stretch of at least ``run`` characters
    that last year's text also has: the measure of plagiarism checkers (CNKI counts 13 characters
    in a row as copied), and of assessors who score "与上年重复率". It is the share of THIS year's
    text, not a symmetric similarity: a report that keeps last year's text and adds as much again
    is 50% repeated. Linear: every ``run``-character window of ``new`` is looked up in the set of
    ``old``'s (two 5,000-character texts take about 2 ms)."""
    plain = _plain(new)
    n = len(plain)
    if n < run or not old:
        return 0, n
    grams = _runs(old, run)
    covered = reach = 0
    for i in range(n - run + 1):
        if plain[i:i + run] in grams:
            end = i + run
            covered += end - max(i, reach)
            reach = end
    return covered, n


def _percent(part: int, whole: int) -> int:
    return part * 100 // whole if whole else 0


class RepetitionCheck(Check):
    """H3 for one text, or for the report's texts together (``text_ids`` of several): the share
    of this year's characters that repeat last year's (same texts), above the threshold."""

    def __init__(self, rule: "RuleDef", key: str, text_ids: tuple[str, ...], name: str, threshold: int,
                 min_chars: int, run: int):
        self.rule, self.text_ids, self.name = rule, text_ids, name
        self.threshold, self.min_chars, self.run = threshold, min_chars, run
        self.key = f"{rule.id}:{key}"
        self.reads = tuple(f"text:{t}" for t in text_ids)

    def evaluate(self, report: "Report") -> Finding | None:
        prev = report.previous
        if prev is None:
            return None
        old = "\n".join(prev.text.get(t) or "" for t in self.text_ids)
        new = "\n".join(report.text.get(t) or "" for t in self.text_ids)
        if len(_plain(old)) < self.min_chars or len(_plain(new)) < self.min_chars:
            return None
        repeated, chars = repetition(new, old, self.run)
        share = _percent(repeated, chars)
        if share <= self.threshold:
            return None
        msg = self.rule.message.format(section=self.name, share=f"{share}%", threshold=f"{self.threshold}%",
                                       repeated=repeated, chars=chars, run=self.run)
        return self.finding(report, (), msg)


@register("text_repetition")
def text_repetition(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """``params``: ``texts`` (id → name: one check each), optional ``whole`` (``name`` and
    ``texts``: the report's texts measured together, keyed ``<rule>:report``), ``threshold`` (a
    share, 0.5: warned above it, to the whole percent), ``min_chars`` (shorter texts, this year's
    or last year's, are not measured) and ``run`` (the characters in a row that count as repeated)."""
    p = rule.spec.get("params") or {}
    threshold = float(p.get("threshold", 0.5))
    if not 0 <= threshold < 1:
        raise ValueError(f"规则 {rule.id} 的 threshold 应在 0 和 1 之间")
    run = int(p.get("run", 13))
    if run < 2:
        raise ValueError(f"规则 {rule.id} 的 run 应至少为 2")
    min_chars = int(p.get("min_chars", 0))
    pct = round(threshold * 100)
    rule.message.format(section="", share="", threshold="", repeated=0, chars=0, run=0)   # fails at load
    where = f"规则 {rule.id} "
    texts = p.get("texts")
    if not isinstance(texts, dict):
        raise ValueError(f"{where}的 texts 应为对象：正文 -> 名称")
    groups = [(tid, (_text_id(ed, tid, where),), str(name)) for tid, name in texts.items()]
    whole = p.get("whole")
    if whole is not None:
        if not isinstance(whole, dict) or not isinstance(whole.get("texts"), list) or not whole["texts"]:
            raise ValueError(f"{where}的 whole 应为含 name 和 texts 的对象")
        groups.append(("report", tuple(_text_id(ed, t, where) for t in whole["texts"]),
                       str(whole.get("name", "报告正文"))))
    return [RepetitionCheck(rule, key, tids, name, pct, min_chars, run) for key, tids, name in groups]


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


# --------------------------------------------------------------------------
# text_parts (N1, N2, N4): a narrative says what the format asks of it


@dataclass(frozen=True)
class TextPart:
    """One thing a narrative must say (``params.parts`` of a ``text_parts`` rule)."""

    name: str                          # how the message names it
    words: re.Pattern                  # finds it (a heading such as （一）主动公开, or a phrase)
    where: tuple[str, ...]             # the texts it may be said in
    issuer: re.Pattern | None          # asked only of a report whose issuer this finds (人民政府$)


class TextPartsCheck(Check):
    """One narrative: not blank, not only "无", long enough, and saying each part it must.

    The first of these that fails is the finding (blank, then "无", then the parts missing, then
    too short), naming what is missing; one finding per text, keyed ``<rule>:<text id>``."""

    def __init__(self, rule: "RuleDef", text_id: str, name: str, parts: list[TextPart],
                 nothing: re.Pattern | None, min_chars: int, messages: dict[str, str], seps: tuple[str, str]):
        self.rule, self.text_id, self.name, self.parts = rule, text_id, name, parts
        self.nothing, self.min_chars, self.messages, self.seps = nothing, min_chars, messages, seps
        self.key = f"{rule.id}:{text_id}"
        self.texts = tuple(dict.fromkeys([text_id, *(t for p in parts for t in p.where)]))
        self.reads = tuple(f"text:{t}" for t in self.texts) + ((ISSUER,) if any(p.issuer for p in parts) else ())
        self._last: tuple[tuple, str | None] | None = None      # (its inputs, its message): typing elsewhere

    def _join(self, names: list[str]) -> str:
        sep, last = self.seps
        return names[0] if len(names) == 1 else sep.join(names[:-1]) + last + names[-1]

    def evaluate(self, report: "Report") -> Finding | None:
        inputs = (tuple(report.text.get(t) or "" for t in self.texts), (report.issuer or "").strip())
        last = self._last                   # one read: the check is shared by every report of the edition
        if last is None or last[0] != inputs:
            last = self._last = (inputs, self.message(dict(zip(self.texts, inputs[0])), inputs[1]))
        return None if last[1] is None else self.finding(report, (), last[1])

    def message(self, texts: dict[str, str], issuer: str) -> str | None:
        """What is wrong with the text, or None."""
        text = texts[self.text_id]
        squeezed = _squeeze(text)
        asked = [p for p in self.parts if p.issuer is None or p.issuer.search(issuer)]
        if not squeezed:
            state = "empty"
        elif self.nothing is not None and self.nothing.fullmatch(squeezed):
            state = "nothing"
        else:
            state = ""
        missing = asked if state else [p for p in asked if not any(p.words.search(texts[t]) for t in p.where)]
        if not state and missing:
            state = "missing"
        if not state and len(squeezed) < self.min_chars:
            state = "short"
        if not state:
            return None
        need = missing or asked
        fields = {"text": self.name, "need": self._join([p.name for p in need]) if need else "",
                  "required": self._join([p.name for p in asked]) if asked else "",
                  "chars": len(squeezed), "min_chars": self.min_chars, "quoted": _SPACE.sub("", text)[:20]}
        return self.messages[state].format(**fields)


_PART_FIELDS = {"text": "", "need": "", "required": "", "chars": 0, "min_chars": 0, "quoted": ""}


@register("text_parts")
def text_parts(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """``params``: ``text`` (its id), ``parts`` (each ``name``, ``words`` — a regular expression —,
    optional ``texts`` to look in besides it and ``issuer``, a regular expression a report's issuer
    must match for the part to be asked), optional ``nothing`` (a regular expression that the whole
    text, without spaces and punctuation, matches when it says nothing: 无, 暂无), ``min_chars``
    (counted without spaces and punctuation), ``messages`` for ``empty``, ``nothing`` and
    ``short`` (the rule's ``message`` is for parts missing), ``separators`` ([between, before the
    last]) to join the parts' names."""
    p = rule.spec.get("params") or {}
    where = f"规则 {rule.id} "
    tid = _text_id(ed, p.get("text"), where)
    parts: list[TextPart] = []
    for i, q in enumerate(p.get("parts", [])):
        at = f"规则 {rule.id} 的第 {i + 1} 项内容"
        if not isinstance(q, dict) or not isinstance(q.get("name"), str) or not q["name"]:
            raise ValueError(f"{at}应为含 name 和 words 的对象")
        texts = (tid, *[_text_id(ed, t, at) for t in q.get("texts", []) if t != tid])
        issuer = _words(q["issuer"], f"{at}的 issuer") if "issuer" in q else None
        parts.append(TextPart(q["name"], _words(q.get("words"), f"{at}的 words"), texts, issuer))
    nothing = _words(p["nothing"], f"{where}的 nothing") if "nothing" in p else None
    messages = {"missing": rule.message, **p.get("messages", {})}
    for state in ("empty", "nothing", "short"):
        messages.setdefault(state, rule.message)
    for m in messages.values():
        m.format(**_PART_FIELDS)                     # only these names: fails at load
    seps = p.get("separators", ["、", "和"])
    if not (isinstance(seps, list) and len(seps) == 2 and all(isinstance(x, str) for x in seps)):
        raise ValueError(f"{where}的 separators 应为两个字符串")
    min_chars = p.get("min_chars", 0)
    if isinstance(min_chars, bool) or not isinstance(min_chars, int) or not 0 <= min_chars <= 100_000:
        raise ValueError(f"{where}的 min_chars 应为不小于 0 的整数")
    name = p.get("name") or ed.texts[tid].name
    return [TextPartsCheck(rule, tid, name, parts, nothing, min_chars, messages, (seps[0], seps[1]))]


# --------------------------------------------------------------------------
# count_mentioned (N3): a table counts something, so the narrative must speak of it


class MentionCheck(Check):
    """The cells (summed) are above ``above``, and the text does not use any of the words."""

    def __init__(self, rule: "RuleDef", cells: tuple[str, ...], place: str, text_id: str, name: str,
                 words: re.Pattern, above: int):
        self.rule, self.cells, self.place, self.text_id, self.name = rule, cells, place, text_id, name
        self.words, self.above = words, above
        self.key = f"{rule.id}:{'+'.join(cells)}"
        self.reads = cells + (f"text:{text_id}",)

    def evaluate(self, report: "Report") -> Finding | None:
        vals = [report.values.get(c) for c in self.cells]
        if all(v is None for v in vals):
            return None
        count = sum(v for v in vals if v is not None)
        if count <= self.above or self.words.search(report.text.get(self.text_id) or ""):
            return None
        msg = self.rule.message.format(place=self.place, count=_fmt(count), text=self.name)
        return self.finding(report, self.cells, msg, actual=count)


@register("count_mentioned")
def count_mentioned(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """``params``: ``cells`` (summed), ``above`` (default 0), ``text`` and ``words`` (a regular
    expression): when the cells count more than ``above``, the text must use one of the words."""
    p = rule.spec.get("params") or {}
    where = f"规则 {rule.id} "
    cells = p.get("cells")
    if not isinstance(cells, list) or not cells:
        raise ValueError(f"{where}应给出 cells（单元格的列表）")
    for c in cells:
        if c not in ed.cells:
            raise ValueError(f"{where}引用了不存在的单元格 {c}")
    tid = _text_id(ed, p.get("text"), where)
    above = p.get("above", 0)
    if isinstance(above, bool) or not isinstance(above, int) or above < 0:
        raise ValueError(f"{where}的 above 应为不小于 0 的整数")
    place = p.get("place") or "、".join(ed.cells[c].place for c in cells)
    rule.message.format(place="", count=0, text="")          # only these names: fails at load
    return [MentionCheck(rule, tuple(cells), place, tid, p.get("name") or ed.texts[tid].name,
                         _words(p.get("words"), f"{where}的 words"), above)]
