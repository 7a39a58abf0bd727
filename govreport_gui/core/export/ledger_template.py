"""A blank register (台账) workbook for an office that keeps none (issue 16, item 5).

``govreport ledger-template -o 台账.xlsx`` and 文件 → 台账 → 生成空白台账… write it: one sheet for
the applications register (政府信息公开申请登记台账) and one for the cases register
(行政复议、行政诉讼案件台账), their columns named as the register reader finds them
(``ledger.register.APPLICATION_FIELDS`` / ``CASE_FIELDS``), drop-down lists of the words the
count understands — the applicant columns and result rows of the edition's table 三, the kinds
and results of table 四, as the edition prints them (``ledger.vocab``) — and date cells that take
only a date (yyyy-mm-dd). A sheet of instructions says how each row is counted. What a clerk
types in it is counted by ``govreport ledger`` without a mapping.

The lists live on a hidden sheet (选项) and the drop-downs refer to its ranges: a list written
inline may hold at most 255 characters, and 三's result rows are longer than that.
"""

from __future__ import annotations

import datetime
import io
import os

from ..edition import Edition
from ..native import atomic_write
from . import ExportError

ROWS = 3000                         # rows made ready (drop-downs, date format): a year of a large office's applications
TITLE_ROW, HEADER_ROW = 1, 2
FIRST_DATE, LAST_DATE = datetime.date(1990, 1, 1), datetime.date(2099, 12, 31)
WIDTHS = {"number": 8, "name": 18, "applicant": 16, "received": 14, "content": 40, "answered": 14, "result": 34,
          "case": 24, "kind": 30, "reviewed": 12, "concluded": 14}
OPTIONS_SHEET = "选项"


def lists(ed: Edition) -> dict[str, list[str]]:
    """The words each drop-down offers, in the table's order, as the edition prints them: applicant
    types, results (and 办理中 for an application still open), kinds of case, case results."""
    from ..ledger.vocab import applications_vocabulary, cases_vocabulary

    out: dict[str, list[str]] = {}
    if ed.ledger.applications is not None:
        v = applications_vocabulary(ed)
        out["applicant"] = list(v["applicant"].names.values())
        part = ed.ledger.applications
        out["result"] = [v["result"].names[k] for k in part.results]
    if ed.ledger.cases is not None:
        v = cases_vocabulary(ed)
        out["case_kind"] = list(v["case_kind"].names.values())
        out["case_result"] = list(v["case_result"].names.values())
    return out


INSTRUCTIONS = (
    "如何填写本台账",
    "",
    "1. 每收到一件政府信息公开申请，在“申请登记台账”中登记一行；每一件行政复议或行政诉讼案件，在“案件台账”中登记一行。",
    "2. “申请人类型”“答复类型”“案件类型”“结果”请从下拉列表中选择，这些就是年度报告表格中的栏目；不要自行改写。",
    "3. 日期请按 2024-03-05 的格式填写（也可写 2024/3/5、2024年3月5日）。",
    "4. 尚未答复的申请，“答复日期”和“答复类型”留空；年底仍未答复的，计入“四、结转下年度继续办理”。",
    "5. 尚未审结的案件，“结案日期”留空、“结果”选“尚未审结”或留空。",
    "",
    "年底统计时，在年报填报助手中选择“文件 → 从台账统计…”，或在命令行运行：",
    "    govreport ledger 本台账.xlsx --year 2024 -o 2024年报.govreport",
    "",
    "统计方法（与年度报告表格的定义一致）：",
    "· 一、本年新收：收到申请日期在本年度内；",
    "· 二、上年结转：本年度之前收到、本年度之前尚未答复；",
    "· 三、本年度办理结果：答复日期在本年度内，按答复类型计入对应的行；",
    "· 四、结转下年度继续办理：本年度结束时已收到、尚未答复。",
    "因此每一列都满足：一 + 二 = 三（七）总计 + 四。",
    "日期不全、不是日期、答复早于收到、类型无法对应表格栏目的行不计入，并逐行列出，不会被猜测。",
)


def workbook_bytes(ed: Edition) -> bytes:
    """The blank register as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..ledger.register import APPLICATION_FIELDS, CASE_FIELDS, REGISTER_NAMES

    words = lists(ed)
    wb = Workbook()
    first = wb.active
    options = wb.create_sheet(OPTIONS_SHEET)
    ranges: dict[str, str] = {}
    for col, (kind, values) in enumerate(words.items(), start=1):
        letter = get_column_letter(col)
        options.cell(1, col, kind)
        for i, text in enumerate(values, start=2):
            options.cell(i, col, text)
        ranges[kind] = f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    options.sheet_state = "hidden"

    head_font, title_font = Font(bold=True), Font(bold=True, size=14)
    fill = PatternFill("solid", fgColor="DDEBF7")
    drop = {"applicant": "applicant", "result": "result", "kind": "case_kind"}

    def sheet(ws, title: str, fields, result_list: str) -> None:
        ws.title = title
        ws.cell(TITLE_ROW, 1, f"{REGISTER_NAMES['applications' if fields is APPLICATION_FIELDS else 'cases']}"
                              f"（{ed.name}）")
        ws.cell(TITLE_ROW, 1).font = title_font
        for col, f in enumerate(fields, start=1):
            c = ws.cell(HEADER_ROW, col, f.name)
            c.font, c.fill = head_font, fill
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = WIDTHS.get(f.key, 14)
            cells = f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + ROWS}"
            if f.date:
                dv = DataValidation(type="date", operator="between", formula1=f"DATE({FIRST_DATE.year},1,1)",
                                    formula2=f"DATE({LAST_DATE.year},12,31)", allow_blank=True)
                dv.error, dv.errorTitle = "请填写日期，例如 2024-03-05", "不是日期"
                dv.add(cells)
                ws.add_data_validation(dv)
                for row in range(HEADER_ROW + 1, HEADER_ROW + ROWS + 1):
                    ws.cell(row, col).number_format = "yyyy-mm-dd"
            kind = result_list if f.key == "result" else drop.get(f.key)
            if kind in ranges:
                dv = DataValidation(type="list", formula1=f"={ranges[kind]}", allow_blank=True)
                dv.error, dv.errorTitle = "请从下拉列表中选择（这些是年度报告表格中的栏目）", "不在列表中"
                dv.prompt, dv.promptTitle = "请从下拉列表中选择", f.name
                dv.add(cells)
                ws.add_data_validation(dv)
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)

    sheet(first, "申请登记台账", APPLICATION_FIELDS, "result")
    if "case_kind" in ranges:
        case_fields = tuple(f for f in CASE_FIELDS if f.key != "reviewed")    # the kind says it: 复议后起诉
        sheet(wb.create_sheet("案件台账", 1), "案件台账", case_fields, "case_result")
    notes = wb.create_sheet("填写说明", 2 if "case_kind" in ranges else 1)
    notes.column_dimensions["A"].width = 110
    for i, line in enumerate(INSTRUCTIONS, start=1):
        notes.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    notes.cell(1, 1).font = title_font
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(ed: Edition, path: str | os.PathLike) -> None:
    """Write the blank register atomically (a file there already is replaced whole or kept)."""
    if ed.ledger.applications is None:
        raise ExportError(f"报告格式“{ed.name}”没有说明如何从台账统计，无法生成台账")
    atomic_write(path, workbook_bytes(ed))
