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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import resources
from .errors import EditionError

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

    @property
    def place(self) -> str:
        """How a person names the cell: section, row and column as printed."""
        return f"{self.section_heading_short}「{self.row_name}」「{self.col_name}」"

    @property
    def section_heading_short(self) -> str:
        return {"s2": "二、", "s3": "三、", "s4": "四、"}.get(self.section, "")


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


@dataclass(frozen=True)
class RuleDef:
    """A rule as written in the edition file (before expansion into checks)."""

    id: str
    severity: str
    kind: str
    title: str
    message: str
    spec: dict


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

    def cell(self, cell_id: str) -> CellDef:
        return self.cells[cell_id]

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


@cache
def get(edition_id: str) -> Edition:
    """The edition with this id (loaded and validated once)."""
    if edition_id not in available():
        raise KeyError(edition_id)
    return load_file(editions_dir() / f"{edition_id}.json")


def for_year(year: int) -> Edition:
    """The edition a report for ``year`` uses by default."""
    best = None
    for eid in available():
        ed = get(eid)
        if ed.year_from <= year and (best is None or ed.year_from > best.year_from):
            best = ed
    if best is None:  # older than every edition: the oldest one
        best = get(available()[0])
    return best


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
        if kind == "text":
            tid = _req(ctx, s, "text", str, where)
            if tid not in texts:
                raise ctx.fail(f"{where}.text", f"未定义的正文 {tid}")
            sections.append(SectionDef(sid, heading, kind, tid))
        elif kind == "table":
            table, tcells = _build_table(ctx, sid, _req(ctx, s, "table", dict, where), f"{where}.table")
            for cid in tcells:
                if cid in cells:
                    raise ctx.fail(where, f"单元格 {cid} 重复")
            cells.update(tcells)
            tables[sid] = table
            sections.append(SectionDef(sid, heading, kind))
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
    )
    # Expanding the rules validates every cell they name and every function.
    from .rules import compile_edition

    try:
        ed.compiled = compile_edition(ed)
    except EditionError:
        raise
    except (KeyError, ValueError, TypeError) as e:
        raise ctx.fail("rules", str(e)) from e
    return ed


def _build_table(ctx: _Ctx, sid: str, t: dict, where: str) -> tuple[Table, dict[str, CellDef]]:
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
        cells[cid] = CellDef(cd.id, cd.section, cd.row, cd.col, cd.type, row_names[cd.row], cd.col_name, cd.unit)
    table = Table(sid, width, len(rows), grid, dict(columns), row_names, header_rows, list(cells))
    return table, cells
