"""The report as an Excel workbook (openpyxl).

- a sheet per table section in the official layout (merged header and label
  cells), totals as ``SUM`` formulas so the sheet stays live when edited;
- number formats that never round a value away (amounts show every decimal
  the report holds, up to 6), data validation on input cells, frozen
  headers, A4 print setup fitting the width;
- a sheet with the report information and the narrative, one paragraph per
  row, so the file alone holds the whole report: it shows the section names and
  the fields' Chinese names; the narrative rows keep the text's id (``s1``) in
  column A, formatted not to show, for our importer. A paragraph longer than a
  cell holds (32,767 UTF-16 units) goes on in the rows below, and the sheet says
  so ("未完，接下行" / "接上行");
- a hidden sheet ``_govreport`` mapping every cell id to its sheet and
  address, and holding the whole report as our own file holds it (JSON in
  cells of at most 30,000 UTF-16 units: Excel's limit is 32,767): notes,
  accepted warnings, last year's figures and text, unknown keys, the exact
  text and the exact amounts. The importer (``importers/own_xlsx.py``) reads
  what a spreadsheet shows and takes the exact figure or text from there
  wherever the visible cell still shows the same thing.

Every text cell is written as text, never a formula, whatever it starts
with; the only formulas are the live totals. Amounts are written as the
exact decimal (openpyxl itself would write 16 significant digits).

openpyxl stores formulas without computed values: a program that only reads
values (a phone viewer, WPS's preview, pandas, our own importer reading the file
as someone else's) would see empty totals. After openpyxl has written the
workbook, each total's cell in the sheet XML gets its cached value, exactly
what the formula gives over the cells as written (:func:`cached_values`,
Decimal), in one pass over each table sheet; the workbook asks to be
recalculated on opening (``fullCalcOnLoad``) as well.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import values as V
from ..edition import Table
from .. import native
from ..edition import Edition
from ..errors import GovReportError
from ..native import FORMAT_VERSION, atomic_write
from ..report import META_FIELDS, Report
from ..rules import compiled, compute_totals
from . import (_INLINE, BLANK_MODES, CELL_CHARS, ExportError, check_size, normalize, printable, refuse_if_errors,
               text_changes)

MAP_SHEET = "_govreport"
MAGIC = "govreport-xlsx"
INFO_SHEET = "报告信息"
TOP = 3                       # a table sheet: row 1 the heading, row 2 a spacer, the table from row 3
PIECE_CHARS = 30_000          # a narrative line longer than this (UTF-16 units) goes on in the rows below ("s1+")
CHUNK_CHARS = 30_000          # the report's JSON in the hidden sheet, in cells of this size (UTF-16 units)
HIDDEN_KEY = ";;;"            # the number format that shows nothing: a narrative row's id stays out of sight
GOES_ON = "未完，接下行"        # column C of a row whose paragraph goes on in the row below
GONE_ON = "接上行"              # column C of a row that goes on with the paragraph of the row above
MAX_ROW_HEIGHT = 409          # points: Excel's largest
FONT = "仿宋"
HEADER_FILL = PatternFill("solid", fgColor="E9EDF3")
TITLE_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="E3EBF6")
WRONG_FILL = PatternFill("solid", fgColor="F8C9C9")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CHARS_PER_MM = 0.75          # sheet column widths (characters) from the edition's printed widths (mm on A4)


def sheet_name(ed: Edition, sid: str) -> str:
    """A table's sheet: its number and short name from the edition data ("三、依申请公开")."""
    section = next((s for s in ed.sections if s.id == sid), None)
    return f"{section.number}{section.short}" if section is not None and section.short else sid


def _styles() -> dict[str, NamedStyle]:
    """Named styles: assigning one per cell is far cheaper than fonts/borders per cell."""
    def named(name, font, align, fill=None, border=True, number_format=None):
        st = NamedStyle(name=name)
        st.font = font
        st.alignment = align
        if fill is not None:
            st.fill = fill
        if border:
            st.border = BORDER
        if number_format:
            st.number_format = number_format
        return st

    wrap_c = Alignment(wrap_text=True, vertical="center", horizontal="center")
    wrap_l = Alignment(wrap_text=True, vertical="center", horizontal="left")
    right = Alignment(horizontal="right", vertical="center")
    return {
        "gov_title": named("gov_title", Font(name=FONT, bold=True, size=10), wrap_c, TITLE_FILL),
        "gov_header": named("gov_header", Font(name=FONT, bold=True, size=10), wrap_c, HEADER_FILL),
        "gov_label_c": named("gov_label_c", Font(name=FONT, size=10), wrap_c),
        "gov_label": named("gov_label", Font(name=FONT, size=10), wrap_l),
        "gov_value": named("gov_value", Font(name=FONT, size=10), right, number_format="0"),
        "gov_total": named("gov_total", Font(name=FONT, size=10, bold=True), right, TOTAL_FILL, number_format="0"),
        "gov_border": named("gov_border", Font(name=FONT, size=10), wrap_c),
        "gov_name": named("gov_name", Font(name=FONT, bold=True), Alignment(vertical="top"), border=False),
        "gov_text": named("gov_text", Font(name=FONT), Alignment(wrap_text=True, vertical="top"), border=False),
        "gov_heading": named("gov_heading", Font(name=FONT, bold=True, size=14), Alignment(vertical="center"), border=False),
        "gov_section": named("gov_section", Font(name=FONT, bold=True, size=12), Alignment(vertical="top"), border=False),
        "gov_id": named("gov_id", Font(name=FONT, color="999999", size=8), Alignment(vertical="top"), border=False),
    }


def _amount_format(value: Decimal | int | None) -> str:
    if value is None:
        return "0.######"       # a blank amount cell still shows what is typed, unrounded
    d = Decimal(value)
    exp = d.as_tuple().exponent
    places = -exp if isinstance(exp, int) and exp < 0 else 0
    return "0" if places == 0 else "0." + "0" * min(places, V.MAX_DECIMALS)


def _ranges(coords: list[tuple[int, int]]) -> str:
    """SUM arguments for cell coordinates, contiguous runs joined into ranges."""
    parts: list[str] = []
    coords = sorted(coords, key=lambda rc: (rc[1], rc[0]))
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if not run:
            return
        a, b = run[0], run[-1]
        ca, cb = f"{get_column_letter(a[1])}{a[0]}", f"{get_column_letter(b[1])}{b[0]}"
        parts.append(ca if a == b else f"{ca}:{cb}")

    for rc in coords:
        if run and rc[1] == run[-1][1] and rc[0] == run[-1][0] + 1:
            run.append(rc)
            continue
        flush()
        run = [rc]
    flush()
    # a row of cells (same row, consecutive columns) reads better as one range too
    if len(parts) > 1 and all(":" not in p for p in parts):
        rows = {r for r, _ in coords}
        cols = sorted(c for _, c in coords)
        if len(rows) == 1 and cols == list(range(cols[0], cols[-1] + 1)):
            r = rows.pop()
            return f"{get_column_letter(cols[0])}{r}:{get_column_letter(cols[-1])}{r}"
    return ",".join(parts)


# --------------------------------------------------------------------------
# what goes where: shared with the importer, which compares what it finds with what was written


def layout(ed: Edition) -> dict[str, tuple[str, str]]:
    """Where each value cell is: cell id -> (sheet, address). The same for every report of an edition."""
    return {cid: (sheet, f"{get_column_letter(c)}{r}") for cid, (sheet, r, c) in _coords(ed).items()}


def _coords(ed: Edition) -> dict[str, tuple[str, int, int]]:
    out = {}
    for sid, table in ed.tables.items():
        for g in table.grid:
            if g.kind == "value":
                out[g.cell] = (sheet_name(ed, sid), TOP + g.row, 1 + g.col)
    return out


def labels(ed: Edition) -> dict[tuple[str, int, int], str]:
    """The label cells of the table sheets: (sheet, row, column) -> text."""
    return {(sheet_name(ed, sid), TOP + g.row, 1 + g.col): g.text
            for sid, table in ed.tables.items() for g in table.grid if g.kind == "label"}


def written_values(report: Report, blank: str) -> dict[str, tuple]:
    """What each value cell holds as written: ("number", value), ("formula", text) or ("blank",).

    A total is a live formula; a total printed different from the sum of its terms (a forced
    export) is written as printed. The formula is ``=SUM(r)`` where a term shows a number (what
    any program, and our reader of someone else's workbook, can work out), and
    ``=IF(COUNT(r)=0,"",SUM(r))`` where every term is blank: a blank total stays blank (blank
    is not 0) until a term is filled in."""
    ed = report.ed
    comp = compiled(ed)
    computed = report.copy()
    compute_totals(computed)
    where = _coords(ed)
    out: dict[str, tuple] = {}
    for cid in ed.cells:
        v = report.values.get(cid)
        terms = comp.computed.get(cid)
        if terms and not (cid in report.values and computed.values.get(cid) != v):
            out[cid] = ("formula", _ranges([where[t][1:] for t in terms]))      # the form: below
        elif v is None:
            out[cid] = ("number", 0) if blank == "zero" and not terms else ("blank",)
        else:
            out[cid] = ("number", v)
    for cid, value in cached_values(report, out).items():
        args = out[cid][1]
        out[cid] = ("formula", f"=SUM({args})" if value is not None else f'=IF(COUNT({args})=0,"",SUM({args}))')
    return out


def same_formula(a: str) -> str:
    """A total's formula as compared (our reader): spaces and case aside, and either form of the
    same sum (``=SUM(r)``, ``=IF(COUNT(r)=0,"",SUM(r))``, as an earlier version wrote every total)."""
    a = re.sub(r"\s+", "", a).upper()
    m = _BLANK_OR_SUM.fullmatch(a)
    return f"=SUM({m.group(1)})" if m else a


_BLANK_OR_SUM = re.compile(r'=IF\(COUNT\(([^()]*)\)=0,"",SUM\(\1\)\)')


def units16(text: str) -> int:
    """The length of a text as a spreadsheet counts it: UTF-16 code units (𠀀 counts 2)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def pieces(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """``text`` in consecutive pieces of at most ``limit`` UTF-16 units each (Excel's cell
    limit counts those), never splitting a character; joined they are ``text`` exactly."""
    if units16(text) <= limit:
        return [text]
    out: list[str] = []
    i = 0
    while i < len(text):
        n = limit
        while units16(text[i:i + n]) > limit:       # each astral character takes two units
            n -= units16(text[i:i + n]) - limit
        out.append(text[i:i + n])
        i += n
    return out


def cached_values(report: Report, written: dict[str, tuple]) -> dict[str, V.Value | None]:
    """What each live total's formula gives over the cells as written (``written_values``):
    the sum of the terms that show a number, blank (None) when none does — exactly what
    ``=IF(COUNT(r)=0,"",SUM(r))`` computes, in Decimal (a blank printed as 0 counts as 0)."""
    comp = compiled(report.ed)
    out: dict[str, V.Value | None] = {}
    for cid in sorted(comp.order, key=comp.order.__getitem__):     # terms before the totals using them
        if written.get(cid, ("",))[0] != "formula":
            continue
        total: V.Value = 0
        seen = False
        for t in comp.computed[cid]:
            w = written[t]
            v = out.get(t) if w[0] == "formula" else w[1] if w[0] == "number" else None
            if v is not None:
                total += v
                seen = True
        out[cid] = total if seen else None
    return out


def cell_line(text: str) -> str:
    """A one-line field (issuer, a contact field) as its cell shows it: what a cell can hold."""
    text = printable(text)
    if units16(text) > CELL_CHARS:
        text = pieces(text)[0] + "……"
    return text


def info_rows(report: Report) -> list[tuple[object, object]]:
    """The information sheet, row by row: (column A, column B). A narrative line is a row with
    the text's id in column A; a line longer than a cell takes the rows below ("s1+")."""
    ed = report.ed
    rows: list[tuple[object, object]] = [
        ("报告标题", cell_line(report.title)),
        ("发布机关", cell_line(report.issuer)),
        ("报告年度", report.year),
        ("格式版本", ed.name),
    ]
    rows += [(name, cell_line(str(report.meta.get(key, "") or ""))) for key, name in META_FIELDS.items()]
    rows.append((None, None))
    for tid, tdef in ed.texts.items():
        rows.append((tdef.name, None))
        text = normalize(report.text.get(tid, "") or "")[0]
        for line in (text.split("\n") if text else []):
            line = line.replace(_INLINE, "\n")                 # a line break inside the paragraph: in the cell
            for i, piece in enumerate(pieces(line)):
                rows.append((tid if i == 0 else tid + "+", piece))
        rows.append((None, None))
    return rows


def _text(cell, value) -> None:
    """A text cell: text whatever it starts with (openpyxl reads a str starting with = as a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _number(cell, value) -> None:
    """A number cell holding the exact decimal: openpyxl would write only 16 significant digits."""
    cell.value = value
    if isinstance(value, Decimal):
        cell._value = format(value, "f")       # written as is between <v> and </v>; data type stays "n"


def _table_sheet(ws: Worksheet, report: Report, table: Table, blank: str, heading: str,
                 where: dict[str, tuple[str, str]], written: dict[str, tuple], formulas: dict,
                 cached: dict[str, V.Value | None]) -> None:
    ed = report.ed
    comp = compiled(ed)
    top = TOP
    _text(ws.cell(row=1, column=1), heading)
    ws.cell(row=1, column=1).style = "gov_heading"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    count_dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="数值有误", error="请填写大于或等于0的整数")
    biggest = str(10**V.MAX_DIGITS - 1)         # what the model holds: 15 digits
    signed_dv = DataValidation(type="whole", operator="between", formula1=f"-{biggest}", formula2=biggest,
                               allow_blank=True, showErrorMessage=True, errorTitle="数值有误", error="请填写整数")
    amount_dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="数值有误", error="请填写大于或等于0的金额（万元）")
    for dv in (count_dv, signed_dv, amount_dv):
        ws.add_data_validation(dv)
    sums = None
    for g in table.grid:
        r, c = top + g.row, 1 + g.col
        cell = ws.cell(row=r, column=c)
        if g.rowspan > 1 or g.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + g.rowspan - 1, end_column=c + g.colspan - 1)
            for rr in range(r, r + g.rowspan):          # the merged area's outline
                for cc in range(c, c + g.colspan):
                    if (rr, cc) != (r, c):
                        ws.cell(row=rr, column=cc).style = "gov_border"
        if g.kind == "label":
            _text(cell, g.text)
            cell.style = ("gov_title" if g.role == "title" else "gov_header" if g.role == "header"
                          else "gov_label_c" if g.rowspan > 2 else "gov_label")
            continue
        cd = ed.cells[g.cell]
        where[g.cell] = (ws.title, cell.coordinate)
        v = report.values.get(g.cell)
        what = written[g.cell]
        if g.cell in comp.computed:
            cell.style = "gov_total"
            if what[0] == "formula":
                cell.value = what[1]                # live, and blank while every term is blank
                formulas[(ws.title, cell.coordinate)] = cached[g.cell]
                if cd.type == "amount":
                    cell.number_format = _amount_format(cached[g.cell])
            else:
                # a forced export of a report whose printed total is wrong: show it as printed,
                # like the Word document does, and say so on the cell
                _number(cell, v)
                cell.fill = WRONG_FILL
                if sums is None:
                    sums = report.copy()
                    compute_totals(sums)
                cell.comment = Comment(f"印出的合计为 {V.display(v, cd.type)}，各项之和为 "
                                       f"{V.display(sums.values.get(g.cell), cd.type) or '空白'}", "年报填报助手")
            continue
        cell.style = "gov_value"
        if what[0] == "number":
            _number(cell, what[1])
        if cd.type == "amount":
            cell.number_format = _amount_format(v)
            amount_dv.add(cell.coordinate)
        else:
            (signed_dv if cd.type == "signed" else count_dv).add(cell.coordinate)
    scale = 156 * CHARS_PER_MM / sum(table.widths)
    for i, w in enumerate((round(w * scale, 1) for w in table.widths), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for g in table.grid:
        if g.kind == "label" and g.rowspan == 1 and len(g.text) > 14:
            ws.row_dimensions[top + g.row].height = 30
    # frozen: the header rows and the label columns stay in view
    label_cols = min((g.col for g in table.grid if g.kind == "value"), default=0)
    ws.freeze_panes = ws.cell(row=top + table.header_rows, column=1 + label_cols)
    ws.print_title_rows = f"{top}:{top + table.header_rows - 1}"
    _print_setup(ws, landscape=table.width > 10)


def _print_setup(ws: Worksheet, landscape: bool = False) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _info_sheet(ws: Worksheet, report: Report) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    ws.column_dimensions["C"].width = 14
    ids = set(report.ed.texts)
    rows = info_rows(report)
    for r, (a, b) in enumerate(rows, start=1):
        if a is None:
            continue
        if b is None and a not in ids:               # a section's heading
            _text(ws.cell(row=r, column=1), a)
            ws.cell(row=r, column=1).style = "gov_section"
            continue
        narrative = isinstance(a, str) and a.rstrip("+") in ids
        key = ws.cell(row=r, column=1)
        _text(key, a)
        key.style = "gov_id" if narrative else "gov_name"
        if narrative:                                # the id is for our importer, not for the reader
            key.number_format = HIDDEN_KEY
        c = ws.cell(row=r, column=2)
        _text(c, b)
        c.style = "gov_text"
        if narrative:
            goes_on = r < len(rows) and rows[r][0] == a.rstrip("+") + "+"
            say = "，".join(w for w, when in ((GONE_ON, a.endswith("+")), (GOES_ON, goes_on)) if when)
            if say:                                  # a paragraph longer than a cell holds: said beside it
                _text(ws.cell(row=r, column=3), say)
                ws.cell(row=r, column=3).style = "gov_id"                                # one paragraph a row: no cell holds a novel
            lines = sum(-(-len(part) // 48) or 1 for part in str(b).split("\n"))   # about 48 characters a line
            ws.row_dimensions[r].height = min(15 * max(1, lines), MAX_ROW_HEIGHT)
    _print_setup(ws)


UNITS_SHEET = "各单位明细"


def _units_sheet(ws: Worksheet, report: Report) -> None:
    """A summed report: one row per unit with its key figures (the edition's ``key_figures``)
    and whether it balances (the rule the data calls "balance")."""
    cells = list(report.ed.cells)
    figures = report.ed.key_figures
    index = {c: cells.index(c) for c, _ in figures}
    balance = "、".join(report.ed.rules_with_role("balance"))
    head = ["单位", "来源文件", "计入汇总", *[name for _, name in figures], f"勾稽关系（{balance}）", "错误"]
    for col, name in enumerate(head, start=1):
        _text(ws.cell(row=1, column=col), name)
        ws.cell(row=1, column=col).style = "gov_header"
    r = 1
    for rec in report.extra["units"]:
        if not isinstance(rec, dict):
            continue
        r += 1
        values = rec.get("values") if isinstance(rec.get("values"), list) else []
        row: list = [cell_line(str(rec.get("issuer") or "")), cell_line(str(rec.get("source") or "")),
                     "是" if rec.get("included") else "否"]
        for cid, _ in figures:
            i = index[cid]
            row.append(_unit_number(values[i] if i < len(values) else None))
        if not rec.get("readable", True):
            row += ["无法读取", cell_line(str(rec.get("message") or ""))]
        else:
            rules_ = rec.get("error_rules") if isinstance(rec.get("error_rules"), list) else []
            row += ["平衡" if rec.get("r1_ok") else "不平衡", cell_line("、".join(str(x) for x in rules_))]
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col)
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                _number(cell, value)
            else:
                _text(cell, value)              # a unit's issuer "=HYPERLINK(…)" is text
    widths = [28, 30, 9] + [12] * len(figures) + [14, 16]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B2"
    _print_setup(ws, landscape=True)


INDICATORS_SHEET = "指标"
INDICATOR_HEAD = ("单位", "来源文件", "计入汇总", "指标", "数值", "分子", "分母", "评价", "范围", "超出范围", "公式", "说明")


def _indicators_sheet(ws: Worksheet, report: Report) -> None:
    """A summed report: the summed report's indicators, then each unit's (core/indicators.py), a row
    an indicator: the value as a number (the exact fraction to 28 digits) shown as a percentage,
    numerator and denominator, rated or not, flagged or not, the formula with its numbers. Values,
    not formulas: the only formulas of our workbook are the live totals (a unit's row is a record
    of what it reported, not something to edit)."""
    from .. import indicators as ind

    for col, name in enumerate(INDICATOR_HEAD, start=1):
        _text(ws.cell(row=1, column=col), name)
        ws.cell(row=1, column=col).style = "gov_header"
    rows: list[tuple[str, str, str, list, str]] = [
        (cell_line(report.issuer) + "（汇总）", "", "—", ind.indicators(report), "")]
    for u in ind.unit_indicators(report):
        rows.append((cell_line(u.name), cell_line(u.source), "是" if u.included else "否", u.indicators,
                     cell_line(u.message)))
    r = 1
    for name, source, included, found, message in rows:
        for i in found or [None]:
            r += 1
            head = [name, source, included]
            if i is None:                        # a unit that could not be read: said, no indicators
                line: list = head + ["", None, None, None, "", "", "", "", message or "无指标"]
            else:
                line = head + [i.name, i.value, i.numerator, i.denominator, ind.STATUS_NAMES[i.status],
                               i.range_text, ind.FLAG_NAMES.get(i.flag or "", ""), i.formula, i.message]
            for col, value in enumerate(line, start=1):
                cell = ws.cell(row=r, column=col)
                if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                    _number(cell, value)
                    if col == 5:
                        cell.number_format = "0.0%"
                elif value is not None:
                    _text(cell, value)
            if i is not None and i.flag:
                for col in (5, 10):
                    ws.cell(row=r, column=col).fill = WRONG_FILL
    for i, w in enumerate((28, 30, 9, 14, 10, 10, 10, 8, 14, 10, 60, 40), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "E2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(INDICATOR_HEAD))}{r}"
    _print_setup(ws, landscape=True)


def _unit_number(raw):
    """A figure of a unit as the summed file keeps it (counts as numbers, amounts as strings)."""
    if raw is None or isinstance(raw, bool):
        return None if raw is None else str(raw)
    try:
        d = Decimal(raw) if isinstance(raw, int) else Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return cell_line(str(raw))        # not a number: shown as the text it is
    if not d.is_finite() or abs(d) >= 10**V.MAX_DIGITS or d.as_tuple().exponent < -V.MAX_DECIMALS:
        return cell_line(str(raw))        # not a figure a report holds: its text, not a million digits
    return int(d) if isinstance(raw, int) else d


def report_chunks(report: Report) -> list[str]:
    """The report as our own file holds it (the same checks as saving: nothing is written that
    could not be read), in pieces a cell can hold, with nothing XML cannot carry."""
    try:
        data = native.encode(report).decode("utf-8")
    except GovReportError as e:            # what saving would refuse: the workbook could not be read back
        raise ExportError(str(e).replace("未保存", "未导出")) from None
    # json escapes control characters; these two are legal in JSON text but not in XML
    data = data.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return pieces(data, CHUNK_CHARS)


def _map_sheet(ws: Worksheet, report: Report, where: dict[str, tuple[str, str]], blank: str,
               chunks: list[str]) -> None:
    """Row 1: what this is, the format version, edition, year, blank mode, number of pieces;
    from row 3: cell id, sheet, address in columns A–C, the report's JSON pieces in column F."""
    for col, value in enumerate([MAGIC, FORMAT_VERSION, report.edition, report.year, blank, len(chunks)], start=1):
        _text(ws.cell(row=1, column=col), value)
    for col, value in ((1, "cell"), (2, "sheet"), (3, "address"), (6, "report")):
        _text(ws.cell(row=2, column=col), value)
    r = 3
    for cid in report.ed.cells:
        if cid in where:
            for col, value in enumerate((cid, *where[cid]), start=1):
                _text(ws.cell(row=r, column=col), value)
            r += 1
    for i, chunk in enumerate(chunks):
        _text(ws.cell(row=3 + i, column=6), chunk)
    ws.sheet_state = "hidden"


def _no_formula_but(wb: Workbook, formulas: dict) -> None:
    """Belt and braces: no cell is a formula unless it is one of the live totals."""
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.data_type == "f" and (ws.title, cell.coordinate) not in formulas:
                cell.data_type = "s"


def build(report: Report, blank: str = "empty") -> Workbook:
    """The workbook as openpyxl holds it (its totals without cached values: see ``render``)."""
    return _build(report, blank)[0]


def _build(report: Report, blank: str) -> tuple[Workbook, dict[tuple[str, str], V.Value | None]]:
    """The workbook, and each live total's (sheet, address) -> the value its formula gives."""
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    check_size(report)                       # before anything is built
    chunks = report_chunks(report)
    wb = Workbook()
    for st in _styles().values():
        wb.add_named_style(st)
    info = wb.active
    info.title = INFO_SHEET
    _info_sheet(info, report)
    where: dict[str, tuple[str, str]] = {}
    formulas: dict[tuple[str, str], V.Value | None] = {}
    written = written_values(report, blank)
    cached = cached_values(report, written)
    for s in report.ed.sections:
        if s.kind == "table":
            ws = wb.create_sheet(sheet_name(report.ed, s.id))
            _table_sheet(ws, report, report.ed.tables[s.id], blank, s.heading, where, written, formulas, cached)
    if report.extra.get("units") and isinstance(report.extra["units"], list):
        _units_sheet(wb.create_sheet(UNITS_SHEET), report)
        if report.ed.indicators:
            _indicators_sheet(wb.create_sheet(INDICATORS_SHEET), report)
    _map_sheet(wb.create_sheet(MAP_SHEET), report, where, blank, chunks)
    _no_formula_but(wb, formulas)
    wb.properties.title = cell_line(report.title)
    wb.properties.creator = cell_line(report.issuer) or "年报填报助手"
    wb.calculation = CalcProperties(fullCalcOnLoad=True)      # Excel and WPS recompute on opening
    return wb, formulas


def render(report: Report, blank: str = "empty") -> bytes:
    wb, formulas = _build(report, blank)
    out = io.BytesIO()
    wb.save(out)
    by_part: dict[str, dict[str, V.Value | None]] = {}
    for (title, addr), value in formulas.items():
        by_part.setdefault(wb[title].path.lstrip("/"), {})[addr] = value
    return with_cached_values(out.getvalue(), by_part)


# openpyxl writes a formula cell as <c r="D8" s="7"><f>…</f><v></v></c> (or <v/>), never a "t"
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"([^>]*)><f>([^<]*)</f><v\s*(?:/>|></v>)</c>')


def with_cached_values(data: bytes, by_part: dict[str, dict[str, V.Value | None]]) -> bytes:
    """The saved workbook with each formula's cached value written into its cell: a number
    as its exact decimal, a blank as the empty text the formula gives (``t="str"``). One
    regular-expression pass over each sheet that has totals; every other part is copied."""
    def cell(values: dict[str, V.Value | None], done: set[str]):
        def one(m: re.Match) -> bytes:
            addr = m.group(1).decode("ascii")
            if addr not in values:
                return m.group(0)
            done.add(addr)
            v = values[addr]
            if v is None:
                return b'<c r="%s"%s t="str"><f>%s</f><v></v></c>' % (m.group(1), m.group(2), m.group(3))
            text = format(v, "f") if isinstance(v, Decimal) else str(int(v))
            return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (m.group(1), m.group(2), m.group(3), text.encode("ascii"))
        return one

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as dst:
        for info in src.infolist():
            part = src.read(info)
            values = by_part.get(info.filename)
            if values:
                done: set[str] = set()
                part = _FORMULA_CELL.sub(cell(values, done), part)
                if len(done) != len(values):        # openpyxl wrote a formula some other way: never silently uncached
                    raise ExportError(f"工作表中有 {len(values) - len(done)} 个合计公式无法写入计算结果，未导出")
            dst.writestr(info, part)
    return out.getvalue()


def export(report: Report, path: str | os.PathLike, blank: str = "empty", force: bool = False) -> list[str]:
    """Write the .xlsx atomically; refuses a report with errors unless forced.

    Returns what the export changed in the report's text as the sheets show it
    (``export.text_changes``), in Chinese; the hidden sheet keeps the text as written."""
    refuse_if_errors(report, force)
    atomic_write(path, render(report, blank))
    return text_changes(report, "xlsx")
