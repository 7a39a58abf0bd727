"""The official report formats ("editions"), loaded from ``resources/editions``.

An edition file describes, as data: the sections and their verbatim headings,
the narrative texts with their guidance, each table as printed (rows of label
and value cells with their row/column spans, laid out like an HTML table),
value types, and the rules. This module expands it into ready-to-use objects
and validates it: a broken definition raises :class:`EditionError` naming the
file and the place, at start-up.

Adding an official edition means adding one JSON file (and its templates).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from . import resources
from .errors import EditionError
from .rules import compile_edition          # one way: the rules know editions only as types

VALUE_TYPES = ("count", "signed", "amount")
TEXT_IDS_REQUIRED = ("preface", "s1", "s5", "s6")
SEVERITIES = ("error", "warning")
RULE_KINDS = ("linear", "sum", "types", "blanks", "function")


@dataclass(frozen=True)
class CellDef:
    """One number cell of a table."""

    id: str            # e.g. "s3.denied.secret.business"
    section: str       # "s3"
    row: str           # "denied.secret"
    col: str           # "business"
    type: str          # count | signed | amount
    row_name: str      # as printed, short: "（三）不予公开 1.属于国家秘密"
    col_name: str      # "商业企业"
    unit: str = ""     # "万元" for amounts
    number: str = ""   # the section's number as printed: "三、"

    @property
    def place(self) -> str:
        """How a person names the cell: section, row and column as printed."""
        return f"{self.number}「{self.row_name}」「{self.col_name}」"


@dataclass(frozen=True)
class GridCell:
    """A cell of the printed table: a label (merged or not) or a value cell."""

    row: int
    col: int
    rowspan: int
    colspan: int
    kind: str          # "label" | "value"
    text: str = ""     # label text
    cell: str = ""     # cell id for value cells
    role: str = ""     # "title" | "header" | "label" | "value"


@dataclass
class Table:
    section: str
    width: int
    height: int
    grid: list[GridCell]                 # top-left cells, in reading order
    columns: dict[str, str]              # column id -> printed name
    row_names: dict[str, str]            # row key -> printed short name
    header_rows: int                     # leading rows that are headers
    cells: list[str] = field(default_factory=list)   # value cell ids, reading order
    widths: list[float] = field(default_factory=list)  # relative column widths: grid, Word table and sheet
    print_size: str = "normal"           # "normal" | "small": the size of its text in print
    center_labels: bool = False          # its row labels centred in print (a table of short headings)
    breaks: dict[str, list[str]] = field(default_factory=dict)   # label -> its printed lines (商业|企业)
    splits: bool = False                 # may go on over a page in print, its header rows repeated (三)

    def at(self) -> dict[tuple[int, int], GridCell]:
        """Every grid position mapped to the cell that covers it."""
        out: dict[tuple[int, int], GridCell] = {}
        for g in self.grid:
            for r in range(g.row, g.row + g.rowspan):
                for c in range(g.col, g.col + g.colspan):
                    out[(r, c)] = g
        return out

    def position(self, cell_id: str) -> GridCell:
        for g in self.grid:
            if g.cell == cell_id:
                return g
        raise KeyError(cell_id)


@dataclass(frozen=True)
class TextDef:
    id: str
    name: str
    guidance: str = ""
    outline: tuple[str, ...] = ()
    template: str = ""


@dataclass(frozen=True)
class SectionDef:
    id: str
    heading: str
    kind: str                 # "text" | "table"
    text: str = ""            # text id for narrative sections
    short: str = ""           # a short name for tabs and sheets: "依申请公开"
    short_en: str = ""        # the same in the English interface
    find: str = ""            # a regular expression that finds its heading in a document's text

    @property
    def number(self) -> str:
        """The heading's number with its mark: "三、"."""
        num, sep, _ = self.heading.partition("、")
        return num + sep if sep else ""


@dataclass(frozen=True)
class RuleDef:
    """A rule as written in the edition file (before expansion into checks)."""

    id: str
    severity: str
    kind: str
    title: str
    message: str
    spec: dict

    @property
    def role(self) -> str:
        """What the program does with its findings, from the data: "balance" (shown beside the
        tables as they are typed), "blanks" (shown as blank cells, not marks), "total" (a printed
        total that does not add up), or "" (a finding like any other)."""
        if self.spec.get("role"):
            return str(self.spec["role"])
        if self.kind == "blanks":
            return "blanks"
        if self.kind == "sum" and self.spec.get("computes"):
            return "total"
        return ""

    @property
    def key(self) -> str:
        """The prefix of its findings' keys (the id, unless the data names another)."""
        return str(self.spec.get("key") or self.id)


@dataclass(frozen=True)
class TextFigure:
    """A figure the narrative states that a table holds (``text_figures``): its cells (more than
    one: their sum), what it is called in a finding (``what``) and the patterns that find it,
    each with one group, the number. Rule H2 (``narrative_numbers``) compares them."""

    cells: tuple[str, ...]
    what: str
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class _LedgerPart:
    """A table counting a register fills: its cells are named by row and column."""

    table: str

    def cell(self, row: str, col: str) -> str:
        return f"{self.table}.{row}.{col}"


@dataclass(frozen=True)
class LedgerApplications(_LedgerPart):
    """Which rows and columns of the applications table (三) counting a register fills
    (``ledger.applications``; core/ledger). The data names the four rows that are not results and
    the total column; every other row of the table is a result row (in its order) and every other
    column an applicant type, so a new row or column of a new edition is counted with no change
    here. ``synonyms``: words offices write beyond the printed labels, per kind ("applicant" → a
    column id, "result" → a row key; a result word naming ``carried_out`` says "not answered
    yet", 办理中)."""

    new: str
    carried_in: str
    results: tuple[str, ...]
    results_total: str
    carried_out: str
    applicants: tuple[str, ...]
    total_column: str
    synonyms: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerCases(_LedgerPart):
    """Which cells of the 行政复议/行政诉讼 table (四) counting a case register fills
    (``ledger.cases``): each row of the table is a kind of case, each column a result, except the
    ``pending`` column (尚未审结) and the ``total_column``. ``synonyms``: "kind" → a row, "reviewed"
    (the words of a column saying whether a suit followed a review) → a row, "result" → a column."""

    kinds: tuple[str, ...]
    results: tuple[str, ...]
    pending: str
    total_column: str
    synonyms: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorTerm:
    """One term of an indicator's numerator or denominator as the data writes it (``pattern``,
    "-" taken off), its sign, and the cells it stands for (a ``*`` segment: every cell of that
    shape, in document order)."""

    pattern: str
    sign: int                  # +1 or -1
    cells: tuple[str, ...]

    @property
    def wildcard(self) -> bool:
        return "*" in self.pattern.split(".")


@dataclass(frozen=True)
class IndicatorDef:
    """One of the office's indicators (``indicators`` in the edition file; core/indicators.py
    computes them): numerator ÷ denominator, rated when the denominator is at least
    ``min_base``, flagged outside [``min``, ``max``] (either may be absent)."""

    id: str
    name: str
    what: str
    numerator: tuple[IndicatorTerm, ...]
    denominator: tuple[IndicatorTerm, ...]
    min_base: int = 0
    min: Decimal | None = None
    max: Decimal | None = None


@dataclass(frozen=True)
class Ledger:
    """What counting from an office's registers fills (``ledger`` in the edition file); a part is
    None when the edition does not say."""

    applications: LedgerApplications | None = None
    cases: LedgerCases | None = None


@dataclass
class Edition:
    id: str
    name: str
    document: str
    year_from: int
    year_to: int | None
    title: str
    texts: dict[str, TextDef]
    sections: list[SectionDef]
    tables: dict[str, Table]
    cells: dict[str, CellDef]            # every number cell, in document order
    rules: list[RuleDef]
    path: Path
    compiled: Any = None                 # rules.Compiled, set on load
    markers: tuple[str, ...] = ()        # words that mark a document of this edition (import)
    titles: tuple[str, ...] = ()         # patterns of a report's title, with (?P<issuer>) and (?P<year>)
    find: dict = field(default_factory=dict)     # per table: the words that find it in a document
    carry: list = field(default_factory=list)    # what a new report takes from last year's
    key_figures: list = field(default_factory=list)   # (cell id, short name): a unit's figures in a summary
    text_figures: tuple[TextFigure, ...] = ()      # figures the text states, compared with the tables (H2)
    ledger: Ledger = field(default_factory=Ledger)   # what counting from registers fills (core/ledger)
    indicators: tuple[IndicatorDef, ...] = ()      # the office's indicators (core/indicators.py)

    def in_force(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    def rule_keys(self) -> set[str]:
        """Every prefix a finding's key (and so an accepted warning's note) may have."""
        return {r.id for r in self.rules} | {r.key for r in self.rules}

    def rules_with_role(self, role: str) -> list[str]:
        return [r.id for r in self.rules if r.role == role]

    def tables_with_role(self, role: str) -> list[str]:
        """The tables the rules of this role are about (the balance strip goes under them)."""
        return [t for t in dict.fromkeys(r.spec.get("table") for r in self.rules if r.role == role) if t in self.tables]

    def report_title(self, issuer: str, year: int | str) -> str:
        return self.title.format(issuer=issuer, year=year)

    def rule_ids(self) -> list[str]:
        seen: list[str] = []
        for r in self.rules:
            if r.id not in seen:
                seen.append(r.id)
        return seen

    def rule_title(self, rule_id: str) -> str:
        for r in self.rules:
            if r.id == rule_id:
                return r.title
        return rule_id

    def section(self, section_id: str) -> SectionDef:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def __hash__(self) -> int:  # editions are singletons per id
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edition) and other.id == self.id


# --------------------------------------------------------------------------
# loading


def editions_dir() -> Path:
    return resources.resources() / "editions"


@cache
def available() -> tuple[str, ...]:
    """Edition ids, oldest first."""
    ids = sorted(p.stem for p in editions_dir().glob("*.json"))
    if not ids:
        raise EditionError(f"没有找到任何报告格式定义（{editions_dir()}）")
    return tuple(ids)


def forget() -> None:
    """Read the edition files again on next use (a test that points GOVREPORT_HOME elsewhere)."""
    for f in (available, get, title_patterns, heading_patterns):
        f.cache_clear()


@cache
def get(edition_id: str) -> Edition:
    """The edition with this id (loaded and validated once)."""
    if edition_id not in available():
        raise KeyError(edition_id)
    return load_file(editions_dir() / f"{edition_id}.json")


def for_year(year: int) -> Edition:
    """The edition a report for ``year`` uses by default: the newest one in force that year."""
    best = None
    for eid in available():
        ed = get(eid)
        if ed.in_force(year) and (best is None or ed.year_from > best.year_from):
            best = ed
    if best is None:  # outside every edition's years: the nearest one
        eds = [get(e) for e in available()]
        older = [e for e in eds if e.year_from <= year]
        best = max(older, key=lambda e: e.year_from) if older else min(eds, key=lambda e: e.year_from)
    return best


@cache
def title_patterns() -> list[str]:
    """Patterns that find a report's title (issuer and year, in either order), from every edition."""
    out: list[str] = []
    for eid in reversed(available()):
        out += [t for t in get(eid).titles if t not in out]
    return out


@cache
def heading_patterns() -> list[tuple[str, str]]:
    """(section id, pattern) that find the headings of the six sections in a document's text,
    from every edition (newest first; the first pattern given for a section wins)."""
    out: dict[str, str] = {}
    for eid in reversed(available()):
        for s in get(eid).sections:
            if s.find and s.id not in out:
                out[s.id] = s.find
    order = [s.id for s in get(available()[-1]).sections]
    return sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


def load_file(path: Path) -> Edition:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise EditionError(f"报告格式定义 {path.name} 无法读取：{e}") from e
    return build(data, path)


class _Ctx:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, what: str) -> EditionError:
        return EditionError(f"报告格式定义 {self.path.name} 有误：{where}：{what}")


def _req(ctx: _Ctx, obj: Any, key: str, typ: type | tuple, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise ctx.fail(where, f"缺少 {key}")
    v = obj[key]
    if not isinstance(v, typ) or isinstance(v, bool) and typ is not bool:
        raise ctx.fail(f"{where}.{key}", "类型不对")
    return v


def build(data: Any, path: Path) -> Edition:
    ctx = _Ctx(path)
    if not isinstance(data, dict):
        raise ctx.fail("(顶层)", "应为对象")
    if data.get("schema") != 1:
        raise ctx.fail("schema", "不支持的定义格式版本")
    eid = _req(ctx, data, "id", str, "")
    if eid != path.stem:
        raise ctx.fail("id", f"应与文件名一致（{path.stem}）")
    years = _req(ctx, data, "years", dict, "")
    year_from = _req(ctx, years, "from", int, "years")
    year_to = years.get("to")
    if year_to is not None and (not isinstance(year_to, int) or year_to < year_from):
        raise ctx.fail("years.to", "应为不早于 from 的年份")
    title = _req(ctx, data, "title", str, "")
    try:
        title.format(issuer="x", year=1)
    except (KeyError, IndexError, ValueError) as e:
        raise ctx.fail("title", f"只能使用 {{issuer}} 和 {{year}}（{e}）") from e

    texts: dict[str, TextDef] = {}
    for tid, t in _req(ctx, data, "texts", dict, "").items():
        where = f"texts.{tid}"
        texts[tid] = TextDef(
            id=tid,
            name=_req(ctx, t, "name", str, where),
            guidance=t.get("guidance", ""),
            outline=tuple(t.get("outline", ())),
            template=t.get("template", ""),
        )
    for tid in TEXT_IDS_REQUIRED:
        if tid not in texts:
            raise ctx.fail("texts", f"缺少 {tid}")

    sections: list[SectionDef] = []
    tables: dict[str, Table] = {}
    cells: dict[str, CellDef] = {}
    for i, s in enumerate(_req(ctx, data, "sections", list, "")):
        where = f"sections[{i}]"
        sid = _req(ctx, s, "id", str, where)
        kind = _req(ctx, s, "kind", str, where)
        heading = _req(ctx, s, "heading", str, where)
        names = {"short": s.get("short", ""), "short_en": s.get("short_en", ""), "find": s.get("find", "")}
        for key, v in names.items():
            if not isinstance(v, str):
                raise ctx.fail(f"{where}.{key}", "应为文字")
        if names["find"]:
            try:
                re.compile(names["find"])
            except re.error as e:
                raise ctx.fail(f"{where}.find", f"不是有效的正则表达式（{e}）") from e
        if kind == "text":
            tid = _req(ctx, s, "text", str, where)
            if tid not in texts:
                raise ctx.fail(f"{where}.text", f"未定义的正文 {tid}")
            sections.append(SectionDef(sid, heading, kind, tid, **names))
        elif kind == "table":
            section = SectionDef(sid, heading, kind, **names)
            table, tcells = _build_table(ctx, sid, _req(ctx, s, "table", dict, where), f"{where}.table",
                                         section.number, s.get("print", {}))
            for cid in tcells:
                if cid in cells:
                    raise ctx.fail(where, f"单元格 {cid} 重复")
            cells.update(tcells)
            tables[sid] = table
            sections.append(section)
        else:
            raise ctx.fail(f"{where}.kind", f"未知的类型 {kind}")
    if len({s.id for s in sections}) != len(sections):
        raise ctx.fail("sections", "章节编号重复")

    rules: list[RuleDef] = []
    for i, r in enumerate(_req(ctx, data, "rules", list, "")):
        where = f"rules[{i}]"
        rule = RuleDef(
            id=_req(ctx, r, "id", str, where),
            severity=_req(ctx, r, "severity", str, where),
            kind=_req(ctx, r, "kind", str, where),
            title=_req(ctx, r, "title", str, where),
            message=_req(ctx, r, "message", str, where),
            spec=r,
        )
        if rule.severity not in SEVERITIES:
            raise ctx.fail(f"{where}.severity", f"应为 {'/'.join(SEVERITIES)}")
        if rule.kind not in RULE_KINDS:
            raise ctx.fail(f"{where}.kind", f"未知的规则类型 {rule.kind}")
        rules.append(rule)

    ed = Edition(
        id=eid,
        name=_req(ctx, data, "name", str, ""),
        document=data.get("document", ""),
        year_from=year_from,
        year_to=year_to,
        title=title,
        texts=texts,
        sections=sections,
        tables=tables,
        cells=cells,
        rules=rules,
        path=path,
        markers=tuple(_strings(ctx, data.get("identify", {}).get("markers", []), "identify.markers")),
        titles=tuple(_patterns(ctx, data.get("identify", {}).get("titles", []), "identify.titles")),
        find=_find(ctx, data.get("find", {}), tables),
        carry=_carry(ctx, data.get("carry", [])),
        key_figures=_key_figures(ctx, data.get("key_figures", []), cells),
        text_figures=_text_figures(ctx, data.get("text_figures", []), cells),
        ledger=_ledger(ctx, data.get("ledger", {}), tables, cells),
        indicators=_indicators(ctx, data.get("indicators", []), cells),
    )
    # Expanding the rules validates every cell they name and every function.
    try:
        ed.compiled = compile_edition(ed)
    except EditionError:
        raise
    except (KeyError, ValueError, TypeError) as e:
        raise ctx.fail("rules", str(e)) from e
    return ed


def _strings(ctx: _Ctx, v: Any, where: str) -> list[str]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise ctx.fail(where, "应为文字的列表")
    return v


def _patterns(ctx: _Ctx, v: Any, where: str) -> list[str]:
    for i, pat in enumerate(_strings(ctx, v, where) if v else []):
        try:
            groups = re.compile(pat).groupindex
        except re.error as e:
            raise ctx.fail(f"{where}[{i}]", f"不是有效的正则表达式（{e}）") from e
        if not {"issuer", "year"} <= set(groups):
            raise ctx.fail(f"{where}[{i}]", "应有 (?P<issuer>…) 和 (?P<year>…) 两组")
    return list(v or [])


def _find(ctx: _Ctx, find: Any, tables: dict[str, "Table"]) -> dict:
    """What finds each table in a document (importers/tables.py): words and aliases, as data."""
    if not isinstance(find, dict):
        raise ctx.fail("find", "应为对象")
    for sid, f in find.items():
        if sid not in tables or not isinstance(f, dict):
            raise ctx.fail(f"find.{sid}", "应为某张表格的查找规则")
        if f.get("shape") not in ("subtables", "rows", "one_row"):
            raise ctx.fail(f"find.{sid}.shape", "应为 subtables、rows 或 one_row（表格的印刷形式）")
        for key in ("start", "end", "end_header", "header", "subtotal"):
            if key in f:
                _strings(ctx, f[key], f"find.{sid}.{key}")
        for key in ("row_aliases", "column_aliases"):
            for name, target in f.get(key, {}).items():
                ids = tables[sid].row_names if key == "row_aliases" else tables[sid].columns
                if target not in ids:
                    raise ctx.fail(f"find.{sid}.{key}.{name}", f"{target} 不是这张表格的行或列")
    return find


def _key_figures(ctx: _Ctx, figures: Any, cells: dict) -> list[tuple[str, str]]:
    out = []
    for i, f in enumerate(figures if isinstance(figures, list) else [None]):
        if not (isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)):
            raise ctx.fail(f"key_figures[{i}]", "应为 [单元格, 名称]")
        if f[0] not in cells:
            raise ctx.fail(f"key_figures[{i}]", f"未定义的单元格 {f[0]}")
        out.append((f[0], f[1]))
    return out


def _text_figures(ctx: _Ctx, figures: Any, cells: dict) -> tuple[TextFigure, ...]:
    """Figures the narrative states (``{"cell": …}`` or ``{"cells": […]}`` for a sum, ``what``
    and ``patterns``): each cell defined, each pattern a regular expression with one group."""
    if not isinstance(figures, list):
        raise ctx.fail("text_figures", "应为列表")
    out = []
    for i, f in enumerate(figures):
        where = f"text_figures[{i}]"
        if not isinstance(f, dict) or ("cell" in f) == ("cells" in f):
            raise ctx.fail(where, "应为对象，并给出 cell 或 cells 之一")
        key = "cell" if "cell" in f else "cells"
        ids = [f[key]] if key == "cell" else f[key]
        if not isinstance(ids, list) or not ids or not all(isinstance(c, str) for c in ids):
            raise ctx.fail(f"{where}.{key}", "应为单元格编号")
        for c in ids:
            if c not in cells:
                raise ctx.fail(f"{where}.{key}", f"未定义的单元格 {c}")
        what = f.get("what")
        if not isinstance(what, str) or not what.strip():
            raise ctx.fail(f"{where}.what", "应给出这个数字的名称（用于提示）")
        pats = _strings(ctx, f.get("patterns"), f"{where}.patterns")
        if not pats:
            raise ctx.fail(f"{where}.patterns", "至少应有一个模式")
        compiled = []
        for j, pat in enumerate(pats):
            try:
                rx = re.compile(pat)
            except re.error as e:
                raise ctx.fail(f"{where}.patterns[{j}]", f"不是有效的正则表达式（{e}）") from e
            if rx.groups != 1:
                raise ctx.fail(f"{where}.patterns[{j}]", "应恰有一个分组（数字）")
            compiled.append(rx)
        out.append(TextFigure(tuple(ids), what.strip(), tuple(compiled)))
    return tuple(out)


def match_cells(pattern: str, cells: dict) -> tuple[str, ...]:
    """The cells a pattern names: itself, or with ``*`` segments (each stands for one segment of
    a cell id: ``s3.denied.*.total``) every cell of that shape, in document order."""
    parts = pattern.split(".")
    if "*" not in parts:
        return (pattern,) if pattern in cells else ()
    out = []
    for cid in cells:
        segs = cid.split(".")
        if len(segs) == len(parts) and all(p == "*" or p == s for p, s in zip(parts, segs)):
            out.append(cid)
    return tuple(out)


def _bound(ctx: _Ctx, v: Any, where: str) -> Decimal:
    """A bound of an indicator's range: a number in [0, 1], kept as the decimal written (0.4 is
    exactly 0.4, not the binary float nearest it)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ctx.fail(where, "应为 0 到 1 之间的数（比例，如 0.4 即 40%）")
    d = Decimal(str(v))
    if not d.is_finite() or not 0 <= d <= 1:
        raise ctx.fail(where, f"{v} 不在 0 到 1 之间（比例，如 0.4 即 40%）")
    return d


def _indicators(ctx: _Ctx, data: Any, cells: dict[str, CellDef]) -> tuple[IndicatorDef, ...]:
    """The ``indicators`` block: ids unique, names given, every term naming cells that exist (a
    ``*`` pattern at least one), no cell twice on one side, ``min_base`` a whole number ≥ 0,
    ``range`` bounds in [0, 1] with min ≤ max."""
    if not isinstance(data, list):
        raise ctx.fail("indicators", "应为列表")
    out: list[IndicatorDef] = []
    seen: set[str] = set()
    for i, d in enumerate(data):
        where = f"indicators[{i}]"
        if not isinstance(d, dict):
            raise ctx.fail(where, "应为对象")
        iid = d.get("id")
        if not isinstance(iid, str) or not iid.strip():
            raise ctx.fail(f"{where}.id", "应为非空的编号")
        if iid in seen:
            raise ctx.fail(f"{where}.id", f"指标编号 {iid} 重复")
        seen.add(iid)
        where = f"indicators[{i}]（{iid}）"
        name = d.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ctx.fail(f"{where}.name", "应给出指标的名称")
        what = d.get("what", "")
        if not isinstance(what, str):
            raise ctx.fail(f"{where}.what", "应为文字")
        sides = []
        for side in ("numerator", "denominator"):
            terms = d.get(side)
            if not isinstance(terms, list) or not terms:
                raise ctx.fail(f"{where}.{side}", "应为单元格编号的列表（至少一个）")
            out_terms: list[IndicatorTerm] = []
            used: set[str] = set()
            for j, t in enumerate(terms):
                twhere = f"{where}.{side}[{j}]"
                if not isinstance(t, str) or not t.lstrip("-").strip():
                    raise ctx.fail(twhere, "应为单元格编号（前加 - 表示减去）")
                sign = -1 if t.startswith("-") else 1
                pattern = t[1:] if sign < 0 else t
                matched = match_cells(pattern, cells)
                if not matched:
                    raise ctx.fail(twhere, f"没有与 {pattern} 相符的单元格" if "*" in pattern.split(".")
                                   else f"未定义的单元格 {pattern}")
                twice = used & set(matched)
                if twice:
                    raise ctx.fail(twhere, f"单元格 {sorted(twice)[0]} 在同一边出现两次")
                used |= set(matched)
                out_terms.append(IndicatorTerm(pattern, sign, matched))
            sides.append(tuple(out_terms))
        base = d.get("min_base", 0)
        if isinstance(base, bool) or not isinstance(base, int) or base < 0:
            raise ctx.fail(f"{where}.min_base", "应为不小于 0 的整数（分母不足此数时不评价）")
        rng = d.get("range", {})
        if not isinstance(rng, dict) or not set(rng) <= {"min", "max"}:
            raise ctx.fail(f"{where}.range", "应为对象，只能含 min、max")
        lo = _bound(ctx, rng["min"], f"{where}.range.min") if "min" in rng else None
        hi = _bound(ctx, rng["max"], f"{where}.range.max") if "max" in rng else None
        if lo is not None and hi is not None and lo > hi:
            raise ctx.fail(f"{where}.range", f"min（{rng['min']}）大于 max（{rng['max']}）")
        out.append(IndicatorDef(iid, name.strip(), what.strip(), sides[0], sides[1], base, lo, hi))
    return tuple(out)


LEDGER_SYNONYMS = {"applications": ("applicant", "result"), "cases": ("kind", "reviewed", "result")}


def _ledger(ctx: _Ctx, data: Any, tables: dict[str, "Table"], cells: dict[str, CellDef]) -> Ledger:
    """The ``ledger`` block: the named rows and columns exist, differ, and every row of the part
    has a cell in every column it counts; each synonym names a row or column of its kind."""
    if not isinstance(data, dict) or not set(data) <= set(LEDGER_SYNONYMS):
        raise ctx.fail("ledger", f"应为对象，只能含 {'、'.join(LEDGER_SYNONYMS)}")

    def table_of(part: dict, where: str) -> tuple[str, list[str], list[str]]:
        tid = _req(ctx, part, "table", str, where)
        if tid not in tables:
            raise ctx.fail(f"{where}.table", f"没有表格 {tid}")
        rows = list(dict.fromkeys(cells[c].row for c in tables[tid].cells))
        return tid, rows, list(tables[tid].columns)

    def named(part: dict, key: str, among: list[str], where: str) -> str:
        v = _req(ctx, part, key, str, where)
        if v not in among:
            raise ctx.fail(f"{where}.{key}", f"{v} 不是这张表格的行或列")
        return v

    def synonyms(part: dict, where: str, kinds: dict[str, list[str]]) -> dict[str, dict[str, str]]:
        syn = part.get("synonyms", {})
        if not isinstance(syn, dict) or not set(syn) <= set(kinds):
            raise ctx.fail(f"{where}.synonyms", f"应为对象，只能含 {'、'.join(kinds)}")
        for kind, words in syn.items():
            if not isinstance(words, dict):
                raise ctx.fail(f"{where}.synonyms.{kind}", "应为对象：写法 -> 行或列")
            for word, target in words.items():
                if not word.strip() or target not in kinds[kind]:
                    raise ctx.fail(f"{where}.synonyms.{kind}.{word}", f"{target} 不是可以对应的行或列")
        return {k: dict(v) for k, v in syn.items()}

    def complete(tid: str, rows: tuple[str, ...], cols: tuple[str, ...], where: str) -> None:
        if not rows or not cols:
            raise ctx.fail(where, "没有可以计数的行或列")
        for r in rows:
            for c in cols:
                if f"{tid}.{r}.{c}" not in cells:
                    raise ctx.fail(where, f"缺少单元格 {tid}.{r}.{c}")

    apps = cases = None
    if "applications" in data:
        where, part = "ledger.applications", data["applications"]
        tid, rows, cols = table_of(part, where)
        keys = {k: named(part, k, rows, where) for k in ("new", "carried_in", "results_total", "carried_out")}
        if len(set(keys.values())) != len(keys):
            raise ctx.fail(where, "new、carried_in、results_total、carried_out 应为不同的行")
        total = named(part, "total_column", cols, where)
        results = tuple(r for r in rows if r not in keys.values())
        applicants = tuple(c for c in cols if c != total)
        complete(tid, tuple(rows), tuple(cols), where)
        # a result word may also say "not answered yet" (办理中): the row 结转下年度 stands for it
        syn = synonyms(part, where, {"applicant": list(applicants), "result": [*results, keys["carried_out"]]})
        apps = LedgerApplications(tid, keys["new"], keys["carried_in"], results, keys["results_total"],
                                  keys["carried_out"], applicants, total, syn)
    if "cases" in data:
        where, part = "ledger.cases", data["cases"]
        tid, rows, cols = table_of(part, where)
        pending = named(part, "pending", cols, where)
        total = named(part, "total_column", cols, where)
        if pending == total:
            raise ctx.fail(where, "pending 与 total_column 应为不同的列")
        results = tuple(c for c in cols if c not in (pending, total))
        complete(tid, tuple(rows), tuple(cols), where)
        syn = synonyms(part, where, {"kind": rows, "reviewed": rows, "result": [*results, pending]})
        cases = LedgerCases(tid, tuple(rows), results, pending, total, syn)
    return Ledger(apps, cases)


def _carry(ctx: _Ctx, carry: Any) -> list:
    """What a new report takes from last year's: cell patterns with {row}/{col} (see carry.py)."""
    if not isinstance(carry, list):
        raise ctx.fail("carry", "应为列表")
    for i, c in enumerate(carry):
        where = f"carry[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("to"), str):
            raise ctx.fail(where, "缺少 to")
        _strings(ctx, c.get("from"), f"{where}.from")
        if "from_editions" in c:
            _strings(ctx, c["from_editions"], f"{where}.from_editions")
    return carry


def _build_table(ctx: _Ctx, sid: str, t: dict, where: str, number: str = "",
                 printing: Any = None) -> tuple[Table, dict[str, CellDef]]:
    width = _req(ctx, t, "width", int, where)
    columns = _req(ctx, t, "columns", dict, where)
    types = t.get("types", {})
    units = t.get("units", {})
    for col, typ in types.items():
        if typ not in VALUE_TYPES:
            raise ctx.fail(f"{where}.types.{col}", f"应为 {'/'.join(VALUE_TYPES)}")
    row_names: dict[str, str] = dict(t.get("row_names", {}))
    default_values = t.get("default_values")
    occupied: set[tuple[int, int]] = set()
    grid: list[GridCell] = []
    cells: dict[str, CellDef] = {}
    header_rows = 0
    seen_value_row = False
    rows = _req(ctx, t, "rows", list, where)
    for r, row in enumerate(rows):
        rwhere = f"{where}.rows[{r}]"
        if not isinstance(row, dict):
            raise ctx.fail(rwhere, "应为对象")
        rid = row.get("id")
        labels = row.get("label", [])
        values = row.get("values", default_values if rid else None) or []
        if rid is not None:
            if not isinstance(rid, str) or not rid:
                raise ctx.fail(f"{rwhere}.id", "应为非空字符串")
            row_names.setdefault(rid, row.get("name") or (labels[-1]["text"] if labels else rid))
        if values:
            seen_value_row = True
        elif not seen_value_row:
            header_rows += 1
        entries: list[tuple[str, dict]] = [("label", e) for e in labels]
        for v in values:
            entries.append(("value", {"col": v} if isinstance(v, str) else v))
        c = 0
        for kind, e in entries:
            while (r, c) in occupied:
                c += 1
            rs, cs = int(e.get("rs", 1)), int(e.get("cs", 1))
            if rs < 1 or cs < 1 or c + cs > width or r + rs > len(rows):
                raise ctx.fail(rwhere, f"单元格超出表格范围（第{c + 1}列）")
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    if (rr, cc) in occupied:
                        raise ctx.fail(rwhere, f"合并单元格重叠（第{rr + 1}行第{cc + 1}列）")
                    occupied.add((rr, cc))
            if kind == "label":
                text = e.get("text")
                if not isinstance(text, str):
                    raise ctx.fail(rwhere, "标签缺少 text")
                role = row.get("role") or ("label" if rid or values else "header")
                grid.append(GridCell(r, c, rs, cs, "label", text=text, role=role))
            else:
                suffix = e.get("col")
                if not isinstance(suffix, str):
                    raise ctx.fail(rwhere, "数值单元格缺少 col")
                key = f"{rid}.{suffix}" if rid else suffix
                rkey, _, col = key.rpartition(".")
                if not rkey or col not in columns:
                    raise ctx.fail(rwhere, f"数值单元格 {key} 的列未在 columns 中定义")
                cid = f"{sid}.{key}"
                if cid in cells:
                    raise ctx.fail(rwhere, f"单元格 {cid} 重复")
                typ = types.get(col, "count")
                cells[cid] = CellDef(cid, sid, rkey, col, typ, "", columns[col], units.get(col, ""))
                grid.append(GridCell(r, c, rs, cs, "value", cell=cid, role="value"))
            c += cs
    for r in range(len(rows)):
        for c in range(width):
            if (r, c) not in occupied:
                raise ctx.fail(f"{where}.rows[{r}]", f"第{c + 1}列没有单元格（每行应占满 {width} 列）")
    # row names now complete: fill them into the cell definitions
    for cid, cd in list(cells.items()):
        if cd.row not in row_names:
            raise ctx.fail(where, f"行 {cd.row} 没有名称（row_names）")
        cells[cid] = CellDef(cd.id, cd.section, cd.row, cd.col, cd.type, row_names[cd.row], cd.col_name, cd.unit,
                             number)
    printing = printing or {}
    if not isinstance(printing, dict):
        raise ctx.fail(f"{where}.print", "应为对象")
    widths = printing.get("widths") or [1] * width
    if (not isinstance(widths, list) or len(widths) != width
            or not all(isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in widths)):
        raise ctx.fail(f"{where}.print.widths", f"应为 {width} 个正数（各列的相对宽度）")
    size = printing.get("size", "normal")
    if size not in ("normal", "small"):
        raise ctx.fail(f"{where}.print.size", "应为 normal 或 small")
    center = printing.get("center_labels", False)
    if not isinstance(center, bool):
        raise ctx.fail(f"{where}.print.center_labels", "应为 true 或 false")
    splits = printing.get("split", False)
    if not isinstance(splits, bool):
        raise ctx.fail(f"{where}.print.split", "应为 true 或 false")
    breaks = printing.get("breaks", {})
    labels = {g.text for g in grid if g.kind == "label"}
    if not isinstance(breaks, dict) or not all(isinstance(v, str) for v in breaks.values()):
        raise ctx.fail(f"{where}.print.breaks", "应为对象：标签 -> 以 | 分行的印法")
    for label, printed in breaks.items():
        if label not in labels or printed.replace("|", "") != label:
            raise ctx.fail(f"{where}.print.breaks.{label}", "应为表中的标签，分行后的文字与标签一致（以 | 分行）")
    table = Table(sid, width, len(rows), grid, dict(columns), row_names, header_rows, list(cells),
                  [float(w) for w in widths], size, center, {k: v.split("|") for k, v in breaks.items()})
    table.splits = splits
    return table, cells
