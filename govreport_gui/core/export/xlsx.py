"""The report as an Excel workbook (openpyxl).

- a sheet per table section in the official layout (merged header and label
  cells), totals as ``SUM`` formulas so the sheet stays live when edited;
- number formats that never round a value away (amounts show every decimal
  the report holds, up to 6), data validation on input cells, frozen
  headers, A4 print setup fitting the width;
- a sheet with the report information and the narrative, one paragraph per
  row, so the file alone holds the whole report;
- a hidden sheet ``_govreport`` mapping every cell id to its sheet and
  address, so the importer can read the workbook back exactly.

openpyxl stores formulas without computed values; Excel, WPS and
LibreOffice compute them on opening (a test recalculates with LibreOffice).
"""

from __future__ import annotations

import io
import os
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import values as V
from ..edition import Table
from ..native import FORMAT_VERSION, atomic_write
from ..report import META_FIELDS, Report
from ..rules import compiled, compute_totals
from . import BLANK_MODES, ExportError, printable, refuse_if_errors

MAP_SHEET = "_govreport"
INFO_SHEET = "报告信息"
SHEET_NAMES = {"s2": "二、主动公开", "s3": "三、依申请公开", "s4": "四、复议诉讼"}
FONT = "仿宋"
HEADER_FILL = PatternFill("solid", fgColor="E9EDF3")
TITLE_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="E3EBF6")
WRONG_FILL = PatternFill("solid", fgColor="F8C9C9")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COL_WIDTHS = {"s2": [22, 16, 16, 16], "s3": [5, 14, 34] + [9] * 7, "s4": [8] * 15}


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


def _table_sheet(ws: Worksheet, report: Report, table: Table, blank: str, heading: str,
                 where: dict[str, tuple[str, str]]) -> None:
    ed = report.ed
    comp = compiled(ed)
    computed = report.copy()
    compute_totals(computed)
    disagree = {c: computed.values.get(c) for c in comp.computed
                if c in report.values and computed.values.get(c) != report.values[c]}
    top = 3                                     # row 1: heading; row 2: spacer
    ws.cell(row=1, column=1, value=heading).style = "gov_heading"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    coord: dict[str, tuple[int, int]] = {}
    for g in table.grid:
        if g.kind == "value":
            coord[g.cell] = (top + g.row, 1 + g.col)
    count_dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="数值有误", error="请填写大于或等于0的整数")
    signed_dv = DataValidation(type="whole", operator="between", formula1="-999999999", formula2="999999999",
                               allow_blank=True, showErrorMessage=True, errorTitle="数值有误", error="请填写整数")
    amount_dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="数值有误", error="请填写大于或等于0的金额（万元）")
    for dv in (count_dv, signed_dv, amount_dv):
        ws.add_data_validation(dv)
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
            cell.value = g.text
            cell.style = ("gov_title" if g.role == "title" else "gov_header" if g.role == "header"
                          else "gov_label_c" if g.rowspan > 2 else "gov_label")
            continue
        cd = ed.cells[g.cell]
        where[g.cell] = (ws.title, cell.coordinate)
        v = report.values.get(g.cell)
        terms = comp.computed.get(g.cell)
        if terms:
            cell.style = "gov_total"
            if g.cell in disagree:
                # a forced export of a report whose printed total is wrong: show it as printed,
                # like the Word document does, and say so on the cell
                cell.value = v
                cell.fill = WRONG_FILL
                cell.comment = Comment(f"印出的合计为 {V.display(v, cd.type)}，各项之和为 "
                                       f"{V.display(disagree[g.cell], cd.type) or '空白'}", "年报填报助手")
                continue
            args = _ranges([coord[t] for t in terms])
            # live, and blank while every term is blank (blank is not 0)
            cell.value = f'=IF(COUNT({args})=0,"",SUM({args}))'
            continue
        cell.style = "gov_value"
        cell.value = (0 if blank == "zero" else None) if v is None else v
        if cd.type == "amount":
            cell.number_format = _amount_format(v)
            amount_dv.add(cell.coordinate)
        else:
            (signed_dv if cd.type == "signed" else count_dv).add(cell.coordinate)
    widths = COL_WIDTHS.get(table.section) or [10] * table.width
    for i, w in enumerate(widths, start=1):
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
    ed = report.ed
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
    rows: list[tuple[str, object]] = [
        ("报告标题", report.title),
        ("发布机关", report.issuer),
        ("报告年度", report.year),
        ("格式版本", ed.name),
    ]
    for key, name in META_FIELDS.items():
        rows.append((name, str(report.meta.get(key, ""))))
    r = 1
    for name, value in rows:
        ws.cell(row=r, column=1, value=name).style = "gov_name"
        c = ws.cell(row=r, column=2, value=printable(value) if isinstance(value, str) else value)
        c.style = "gov_text"
        if isinstance(value, str):
            c.data_type = "s"
        r += 1
    r += 1
    for tid, tdef in ed.texts.items():
        ws.cell(row=r, column=1, value=tdef.name).style = "gov_section"
        r += 1
        text = printable(report.text.get(tid, ""))
        lines = text.split("\n") if text else []
        for line in lines:                          # one paragraph a row: no cell holds a novel
            c = ws.cell(row=r, column=2, value=line)
            c.data_type = "s"                       # text, never a formula, whatever it starts with
            c.style = "gov_text"
            ws.row_dimensions[r].height = 15 * max(1, -(-len(line) // 48))   # about 48 characters a line
            ws.cell(row=r, column=1, value=tid).style = "gov_id"
            r += 1
        r += 1
    _print_setup(ws)


UNITS_SHEET = "各单位明细"
UNIT_COLUMNS = [("s3.new.total", "本年新收"), ("s3.carried_in.total", "上年结转"), ("s3.total.total", "办理总计"),
                ("s3.carried_out.total", "结转下年度"), ("s4.review.total", "行政复议"),
                ("s4.suit_direct.total", "行政诉讼（直接起诉）"), ("s4.suit_after_review.total", "行政诉讼（复议后起诉）")]


def _units_sheet(ws: Worksheet, report: Report) -> None:
    """A summed report: one row per unit with its key figures and whether it balances (R1)."""
    cells = list(report.ed.cells)
    index = {c: cells.index(c) for c, _ in UNIT_COLUMNS}
    head = ["单位", "来源文件", "计入汇总", *[name for _, name in UNIT_COLUMNS], "勾稽关系（R1）", "错误"]
    ws.append(head)
    for c in ws[1]:
        c.style = "gov_header"
    for rec in report.extra["units"]:
        values = rec.get("values") or []
        row = [printable(str(rec.get("issuer") or "")), printable(str(rec.get("source") or "")),
               "是" if rec.get("included") else "否"]
        for cid, _ in UNIT_COLUMNS:
            i = index[cid]
            raw = values[i] if i < len(values) else None
            row.append(None if raw is None else (Decimal(raw) if isinstance(raw, str) else raw))
        if not rec.get("readable", True):
            row += ["无法读取", printable(str(rec.get("message") or ""))]
        else:
            row += ["平衡" if rec.get("r1_ok") else "不平衡", "、".join(rec.get("error_rules") or [])]
        ws.append(row)
    widths = [28, 30, 9] + [12] * len(UNIT_COLUMNS) + [14, 16]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "B2"
    _print_setup(ws, landscape=True)


def _map_sheet(ws: Worksheet, report: Report, where: dict[str, tuple[str, str]]) -> None:
    ws.append(["govreport-xlsx", FORMAT_VERSION, report.edition, report.year])
    ws.append(["cell", "sheet", "address"])
    for cid in report.ed.cells:
        if cid in where:
            ws.append([cid, *where[cid]])
    ws.sheet_state = "hidden"


def build(report: Report, blank: str = "empty") -> Workbook:
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    wb = Workbook()
    for st in _styles().values():
        wb.add_named_style(st)
    info = wb.active
    info.title = INFO_SHEET
    _info_sheet(info, report)
    where: dict[str, tuple[str, str]] = {}
    for s in report.ed.sections:
        if s.kind == "table":
            ws = wb.create_sheet(SHEET_NAMES.get(s.id, s.id))
            _table_sheet(ws, report, report.ed.tables[s.id], blank, s.heading, where)
    if report.extra.get("units"):
        _units_sheet(wb.create_sheet(UNITS_SHEET), report)
    _map_sheet(wb.create_sheet(MAP_SHEET), report, where)
    wb.properties.title = printable(report.title)
    wb.properties.creator = printable(report.issuer) or "年报填报助手"
    return wb


def render(report: Report, blank: str = "empty") -> bytes:
    out = io.BytesIO()
    build(report, blank).save(out)
    return out.getvalue()


def export(report: Report, path: str | os.PathLike, blank: str = "empty", force: bool = False) -> None:
    """Write the .xlsx atomically; refuses a report with errors unless forced."""
    refuse_if_errors(report, force)
    atomic_write(path, render(report, blank))
