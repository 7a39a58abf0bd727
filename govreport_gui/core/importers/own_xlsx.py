"""Reading back our own exported workbook (``export/xlsx.py``).

The workbook shows the report (the tables, the information sheet) and its hidden
sheet ``_govreport`` holds the whole report as our own file holds it. Reading:

- the layout is ours: every cell is where the edition puts it (the map in the hidden
  sheet must say the same, and the table labels must still be where they were written —
  a workbook whose rows were moved is refused, not read from the wrong cells);
- what a spreadsheet shows wins: each cell and each field of the information sheet is
  compared with what was written there. Unchanged, the exact figure or text is taken
  from the hidden sheet (a spreadsheet holds numbers as doubles: 15 significant digits;
  the text in a cell is what a cell can hold). Changed, what the cell now holds is read,
  exactly (Decimal, never through float's rounding);
- what has no visible place (notes, accepted warnings, last year's figures and text,
  unknown keys) comes from the hidden sheet;
- what cannot be read is said, naming the cell: a formula typed into an input cell, a
  number a cell cannot hold, rows beyond what is read.

A total's formula counts as unchanged in either form the exporter writes (``=SUM(r)``, or
``=IF(COUNT(r)=0,"",SUM(r))`` for a blank total and in earlier versions: ``X.same_formula``).
The information sheet's narrative rows are told by the text's id in column A (formatted not to
show); a paragraph longer than a cell goes on in rows marked ``s1+``, joined back here; column C
only tells a person so. A workbook exported before the hidden sheet held the report is read
from what it shows.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Context, Decimal

from .. import edition as editions
from .. import values as V
from ..errors import ReportFileError
from ..report import META_FIELDS, YEAR_MAX, YEAR_MIN, Report
from . import tables as T
from .limits import SourceError
from .result import ImportResult

MAX_MAP_ROWS = 3_000           # the map (a few hundred cells) and the report's pieces (16 MB / 30,000)
MAX_INFO_ROWS = 20_000         # the information sheet: an export has at most about 5,300 rows
SPREADSHEET_DIGITS = 15        # what Excel, WPS and LibreOffice show and keep of a number
_DATE_CN = re.compile(r"^\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?\s*$")


def read_own_xlsx(wb, name: str) -> ImportResult:
    """Our own export, opened with formulas visible (``data_only=False``, read-only)."""
    from ..export import xlsx as X

    damaged = SourceError(f"{name} 的内部对照表（隐藏的 _govreport 工作表）已损坏，无法按原样读取")
    rows = [tuple(r) + (None,) * (6 - len(r)) for r in
            wb[X.MAP_SHEET].iter_rows(min_row=1, max_row=MAX_MAP_ROWS, max_col=6, values_only=True)]
    if not rows:
        raise damaged
    magic, _version, eid, year, blank, pieces = rows[0][:6]
    if (magic != X.MAGIC or not isinstance(eid, str) or eid not in editions.available()
            or isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX):
        raise damaged
    ed = editions.get(eid)
    where = X.layout(ed)
    mapped = {r[0]: (r[1], r[2]) for r in rows[2:] if isinstance(r[0], str) and r[0] in ed.cells}
    if mapped != where:
        raise SourceError(f"{name} 的内部对照表与工作表的布局不符（隐藏的 _govreport 工作表被改动过），无法按原样读取")
    stored = _stored_report(rows, pieces, eid, year, name)
    blank = blank if blank in X.BLANK_MODES else "empty"

    problems: list[str] = []
    notes: list[str] = []
    grids = _table_grids(wb, ed, name)
    _check_labels(grids, X.labels(ed), name)

    # -- the figures ------------------------------------------------------------------------
    from ..rules import compiled, compute_totals

    computed = compiled(ed).computed
    written = X.written_values(stored, blank) if stored is not None else {}
    values: dict[str, V.Value] = {}
    sources: dict[str, str] = {}
    live: set[str] = set()              # totals that are formulas: what the spreadsheet computes
    marked: list[str] = []              # cells typed as “—”, “/”, “无”: read blank, said so
    changed = False
    for cid, (sheet, addr) in where.items():
        cd = ed.cells[cid]
        raw = grids[sheet].get(_rc(addr))
        w = written.get(cid)
        if w is not None and _unchanged(raw, w):
            if w[0] == "formula":
                live.add(cid)
            v = stored.values.get(cid)
            if v is not None:
                values[cid] = v
                if cid not in computed or w[0] != "formula":
                    sources[cid] = f"工作表“{sheet}”{addr}：{V.display(v, cd.type)}"
            continue
        changed = True
        if raw is None or isinstance(raw, str) and not raw.strip():
            continue
        if isinstance(raw, str) and raw.startswith("="):
            if cid in computed:
                live.add(cid)
                if w is not None:
                    notes.append(f"{cd.place}的公式已被改为“{_short(raw)}”，按各项之和计算")
            else:
                problems.append(f"{cd.place}单元格是公式“{_short(raw)}”，不是填写的数，未读取")
            continue
        if isinstance(raw, str) and T.is_mark(raw):         # “—”, “/”, “无” typed in the sheet: a blank
            marked.append(cid)
            continue
        v, problem = _number(raw, cd.type)
        if problem:
            problems.append(f"{cd.place}“{_short(raw)}”{problem}，未读取")
            continue
        values[cid] = v
        sources[cid] = f"工作表“{sheet}”{addr}：{V.display(v, cd.type)}"
        if isinstance(raw, float) and len(Decimal(v).normalize().as_tuple().digits) > SPREADSHEET_DIGITS:
            notes.append(f"{cd.place}为 {V.display(v, cd.type)}，超过电子表格能保存的 {SPREADSHEET_DIGITS} 位有效数字，请核对")
    if marked:
        notes.append(f"有 {len(marked)} 个单元格写作“—”“/”或“无”，已按空白读取，未当作 0（空白不等于 0；确为 0 的请填写 0）："
                     + "、".join(ed.cells[c].place for c in marked[:20]) + ("等" if len(marked) > 20 else ""))
    if stored is not None and not changed:
        values = dict(stored.values)    # every cell as written: the report's own figures, exactly

    # -- the information sheet --------------------------------------------------------------
    issuer, meta, text = _information(wb, ed, stored, problems)
    report = Report(edition=eid, year=year, issuer=issuer, meta=meta, text=text, values=values,
                    notes=dict(stored.notes) if stored else {}, previous=stored.previous if stored else None,
                    extra=dict(stored.extra) if stored else {})
    if changed:
        printed = {c: v for c, v in values.items() if c in computed and c not in live}
        compute_totals(report)          # live totals show the sum of what the cells hold now
        report.values.update(printed)   # totals typed as numbers stay as printed
    if stored is None:
        notes.append(f"{name} 由旧版本导出，其中只有表格和正文，没有说明、上年数据等内容")
    return ImportResult(report, "xlsx", sources, problems, notes, [s.id for s in report.ed.sections])


def _stored_report(rows, pieces, eid: str, year: int, name: str) -> Report | None:
    """The report kept in the hidden sheet (None in a workbook from before it was kept)."""
    if pieces is None:
        return None
    chunks = [r[5] for r in rows[2:] if r[5] is not None]
    if isinstance(pieces, bool) or not isinstance(pieces, int) or len(chunks) != pieces \
            or not all(isinstance(c, str) for c in chunks):
        raise SourceError(f"{name} 的隐藏工作表中保存的报告不完整，无法按原样读取")
    from .. import native

    try:
        stored = native.loads("".join(chunks), name)
    except ReportFileError as e:
        raise SourceError(f"{name} 的隐藏工作表中保存的报告已损坏（{e}），无法按原样读取") from None
    if stored.edition != eid or stored.year != year:
        raise SourceError(f"{name} 的隐藏工作表中保存的报告与工作表的年度或格式版本不符，无法按原样读取")
    return stored


def _table_grids(wb, ed, name: str) -> dict[str, dict[tuple[int, int], object]]:
    from ..export import xlsx as X

    grids: dict[str, dict[tuple[int, int], object]] = {}
    for sid, table in ed.tables.items():
        sheet = X.sheet_name(ed, sid)
        if sheet not in wb.sheetnames:
            raise SourceError(f"{name} 中没有工作表“{sheet}”，无法按原样读取")
        cells: dict[tuple[int, int], object] = {}
        rows = X.TOP + table.height + 2
        for r, row in enumerate(wb[sheet].iter_rows(max_row=rows, max_col=table.width + 2, values_only=True), start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    cells[(r, c)] = v
        grids[sheet] = cells
    return grids


def _check_labels(grids, labels: dict[tuple[str, int, int], str], name: str) -> None:
    """The printed labels still where they were written: otherwise rows or columns were moved
    and every figure would be read from the wrong cell. A label whose wording differs (a later
    edition file may correct a typo) is allowed, a few of them; an empty label cell is not."""
    space = re.compile(r"\s+")
    differ = 0
    for (sheet, r, c), want in labels.items():
        got = grids[sheet].get((r, c))
        if isinstance(got, str) and got.strip():
            differ += space.sub("", got) != space.sub("", want)
            if differ * 10 <= len(labels):
                continue
        raise SourceError(f"{name} 的工作表“{sheet}”中表格的位置已被改动（第 {r} 行第 {c} 列应为“{want[:20]}”），"
                          f"无法按原样读取；请撤销插入或删除的行、列后再导入")


def _rc(addr: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(addr)


def _unchanged(raw, w: tuple) -> bool:
    """Whether a cell still shows what was written in it."""
    if w[0] == "blank":
        return raw is None or isinstance(raw, str) and not raw.strip()
    if w[0] == "formula":
        from ..export import xlsx as X

        return isinstance(raw, str) and X.same_formula(raw) == X.same_formula(w[1])
    return _same_number(raw, w[1])


def _same_number(raw, value) -> bool:
    """A spreadsheet's number (int or float) and an exact figure: the same as far as a
    spreadsheet can hold it (the same double, or the same 15 significant digits)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return False
    exact = Decimal(value)
    if isinstance(raw, int):
        return Decimal(raw) == exact
    if not math.isfinite(raw):
        return False
    if float(exact) == raw:
        return True
    shown = Context(prec=SPREADSHEET_DIGITS)
    return shown.plus(Decimal(repr(raw))) == shown.plus(exact)


def _number(raw, vtype: str) -> tuple[V.Value | None, str | None]:
    """A cell's content as a figure of ``vtype``, exactly: (value, None) or (None, problem)."""
    if isinstance(raw, bool):
        return None, "不是数字"
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return None, "不是数字"
        d = Decimal(repr(raw))              # the shortest decimal that is this double: what a spreadsheet shows
        if vtype in ("count", "signed"):
            if d != d.to_integral_value():
                return None, "应为整数"
            value: V.Value = int(d)
        else:
            value = d
    elif isinstance(raw, int):
        value = Decimal(raw) if vtype == "amount" else raw
    elif isinstance(raw, str):
        value = T.parse_number(raw, vtype)
        if value is None:
            return None, "不是数字"
    else:                                   # a date, a time: not a figure
        return None, "不是数字"
    problem = V.validate(value, vtype)
    if problem:
        return None, problem
    return V.normalize(value, vtype), None


def _short(raw) -> str:
    s = str(raw)
    return s if len(s) <= 60 else s[:60] + "……"


def _information(wb, ed, stored: Report | None, problems: list[str]):
    """Issuer, contact fields and narrative: each as shown, or exactly as kept where unchanged."""
    from .. import native
    from ..export import xlsx as X

    ws = wb[X.INFO_SHEET] if X.INFO_SHEET in wb.sheetnames else None
    seen: list[tuple[object, object]] = []
    if ws is not None:
        seen = [(r[0], r[1]) if len(r) > 1 else (r[0], None)
                for r in ws.iter_rows(max_row=MAX_INFO_ROWS, max_col=2, values_only=True)]
        if (ws.max_row or 0) > MAX_INFO_ROWS:
            problems.append(f"工作表“{X.INFO_SHEET}”第 {MAX_INFO_ROWS} 行以后的内容（共 {ws.max_row} 行）未读取")
    labels = {v: k for k, v in META_FIELDS.items()}
    shown_fields: dict[str, object] = {}
    shown_text: dict[str, list[tuple[str, str]]] = {tid: [] for tid in ed.texts}
    for a, b in seen:
        if not isinstance(a, str):
            continue
        tid = a[:-1] if a.endswith("+") else a
        if tid in ed.texts:
            shown_text[tid].append((a, "" if b is None else _cell_text(b)))
        elif (a == "发布机关" or a in labels) and a not in shown_fields:
            shown_fields[a] = b
    rows = X.info_rows(stored) if stored is not None else []
    written = {a: b for a, b in rows if isinstance(a, str) and isinstance(b, str)}
    written_text: dict[str, list[tuple[str, str]]] = {tid: [] for tid in ed.texts}
    for a, b in rows:
        if isinstance(a, str) and a.rstrip("+") in ed.texts and b is not None:
            written_text[a.rstrip("+")].append((a, b))

    def shown(label: str) -> str:
        b = shown_fields.get(label)
        return "" if b is None else _cell_text(b)

    def unchanged(label: str) -> bool:
        """The cell still shows what was written: the field is taken as kept, exactly."""
        return stored is not None and shown(label) == written.get(label, "")

    issuer = stored.issuer if unchanged("发布机关") else shown("发布机关")
    if len(issuer) > 200:
        problems.append(f"“发布机关”过长（{len(issuer)} 字，最多 200 字），未读取")
        issuer = stored.issuer if stored else ""
    meta = dict(stored.meta) if stored is not None else {}
    for key, label in META_FIELDS.items():
        if unchanged(label):
            continue
        got = _date(shown_fields.get(label), problems) if key == "published" else shown(label).strip()
        if got:
            meta[key] = got
        else:
            meta.pop(key, None)
    text: dict[str, str] = {}
    for tid in ed.texts:
        if stored is not None and shown_text[tid] == written_text[tid]:
            text[tid] = stored.text.get(tid, "")
            continue
        lines: list[str] = []
        for a, b in shown_text[tid]:
            if a.endswith("+") and lines:
                lines[-1] += b
            else:
                lines.append(b)
        joined = "\n".join(lines)
        if len(joined) > native.MAX_TEXT_CHARS:
            problems.append(f"「{ed.texts[tid].name}」过长（{len(joined)} 字），未读取")
            joined = stored.text.get(tid, "") if stored else ""
        text[tid] = joined
    return issuer, meta, text


def _cell_text(v) -> str:
    if isinstance(v, float):
        return format(Decimal(repr(v)), "f") if math.isfinite(v) else str(v)
    return str(v)


def _date(value, problems: list[str]) -> str:
    """The publication date as the file holds it (2025-01-20): a spreadsheet may have made a
    typed date into a date; 2025年1月20日 is read too."""
    if value is None or isinstance(value, str) and not value.strip():
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    m = _DATE_CN.match(str(value))
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    problems.append(f"发布日期“{_short(value)}”无法识别（应写成 2025-01-20），未读取")
    return ""


__all__ = ["read_own_xlsx"]
