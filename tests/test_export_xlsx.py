"""Export to Excel (.xlsx): tests that would catch a wrong workbook.

The demo (2021 edition) and two published 2019-edition reports are exported, read back with
openpyxl and compared with the report, value by value; the workbooks are recalculated by
headless LibreOffice (every SUM total must come out as the report's total): LibreOffice runs
once here, for all the workbooks (a module-scoped fixture), with a private profile directory.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx as pydocx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from export_helpers import (RESULT_ROWS, SAFE_ISSUER, SAFE_LINES, broken_report, computed, doc_table_for, lines,
                            load, safety_report, soffice, xlsx_map)
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core import rules
from govreport_gui.core.export import ExportError
from govreport_gui.core.export import xlsx as export_xlsx

SHEETS = ["报告信息", "二、主动公开", "三、依申请公开", "四、复议诉讼", "_govreport"]
TABLE_SHEETS = {"s2": "二、主动公开", "s3": "三、依申请公开", "s4": "四、复议诉讼"}


# --------------------------------------------------------------------------
# refusal and force


def test_forced_xlsx_is_written(tmp_path):
    report = broken_report()
    path = tmp_path / "forced.xlsx"
    export_xlsx.export(report, path, force=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS


# --------------------------------------------------------------------------
# Excel


XLSX = {
    "demo": ("demo", "empty"),
    "dongan": ("dongan", "empty"),
    "hainan": ("hainan", "empty"),
    "hainan-zero": ("hainan", "zero"),
}


def xlsx_report(key: str):
    if key == "broken":
        return broken_report()
    if key == "safety":
        return safety_report()
    return load(XLSX[key][0])


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("xlsx")
    out = {}
    for key, (name, blank) in XLSX.items():
        out[key] = d / f"{key}.xlsx"
        export_xlsx.export(load(name), out[key], blank=blank)
    out["broken"] = d / "broken.xlsx"
    export_xlsx.export(broken_report(), out["broken"], force=True)
    out["safety"] = d / "safety.xlsx"
    export_xlsx.export(safety_report(), out["safety"])
    return out


@pytest.fixture(scope="module")
def recalculated(books, tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    keys = ["demo", "dongan", "hainan", "broken", "safety"]
    outdir = soffice(tmp_path_factory, ["--calc", "--convert-to", "xlsx"], [books[k] for k in keys], "recalc")
    return {k: openpyxl.load_workbook(outdir / f"{k}.xlsx", data_only=True) for k in keys}


def cell_value_ok(got, want, vtype: str) -> bool:
    if want is None:
        return got is None or got == ""
    if vtype == "amount":
        return isinstance(got, (int, float)) and not isinstance(got, bool) and Decimal(str(got)) == want
    return type(got) is int and got == want


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_sheets(books, key):
    wb = openpyxl.load_workbook(books[key])
    assert wb.sheetnames == SHEETS
    assert wb["_govreport"].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in SHEETS[:-1])


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_map_covers_every_cell(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    head = next(wb["_govreport"].iter_rows(values_only=True))
    assert head[:4] == ("govreport-xlsx", 1, report.edition, report.year)
    where = xlsx_map(wb)
    assert set(where) == set(report.ed.cells)
    assert len(set(where.values())) == len(where)
    for cid, (sheet, addr) in where.items():
        assert sheet == TABLE_SHEETS[report.ed.cells[cid].section]
        coordinate_from_string(addr)                      # a valid address


@pytest.mark.parametrize("key", list(XLSX))
def test_xlsx_input_cells_hold_exact_values(books, key):
    report = xlsx_report(key)
    blank = XLSX[key][1]
    wb = openpyxl.load_workbook(books[key])
    totals = computed(report)
    n = 0
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid in totals:
            continue
        cd = report.ed.cells[cid]
        cell = wb[sheet][addr]
        want = report.values.get(cid)
        if want is None and blank == "zero":
            want = 0
        assert cell_value_ok(cell.value, want, cd.type), f"{cid}: {cell.value!r} != {want!r}"
        m = re.fullmatch(r"0(?:\.([0#]+))?", cell.number_format)
        assert m or cell.number_format == "General", f"{cid}: {cell.number_format}"
        if want is not None and m:
            exp = Decimal(want).as_tuple().exponent
            need = -exp if exp < 0 else 0
            assert len(m.group(1) or "") >= need, f"{cid}: format {cell.number_format} hides decimals of {want}"
        n += 1
    assert n == len(report.ed.cells) - len(totals)


def test_xlsx_amount_formats(books):
    for key, cid, fmt in (("demo", "s2.fees.amount", "0.0000"), ("dongan", "s2.procurement.amount", "0.0000"),
                          ("hainan", "s2.procurement.amount", "0.00")):
        wb = openpyxl.load_workbook(books[key])
        sheet, addr = xlsx_map(wb)[cid]
        assert wb[sheet][addr].number_format == fmt


def table_sheets(books, key):
    """The report behind one exported workbook, the workbook, its cell map, and (section, table,
    sheet) of each table."""
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    return report, wb, xlsx_map(wb), [(sid, table, wb[TABLE_SHEETS[sid]]) for sid, table in report.ed.tables.items()]


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_labels_and_merged_cells(books, key):
    report, wb, where, sheets = table_sheets(books, key)
    for sid, table, ws in sheets:
        first = table.position(table.cells[0])
        r0, c0 = ws[where[table.cells[0]][1]].row - first.row, ws[where[table.cells[0]][1]].column - first.col
        merged = {str(m) for m in ws.merged_cells.ranges}
        for g in table.grid:
            cell = ws.cell(row=r0 + g.row, column=c0 + g.col)
            if g.kind == "label":
                assert cell.value == g.text, (sid, g.row, g.col)
            else:
                assert where[g.cell] == (ws.title, cell.coordinate)
            if g.rowspan > 1 or g.colspan > 1:
                rng = f"{cell.coordinate}:{get_column_letter(c0 + g.col + g.colspan - 1)}{r0 + g.row + g.rowspan - 1}"
                assert rng in merged, (sid, g.text or g.cell, rng)
        if sid == "s3":
            corner = f"{get_column_letter(c0)}{r0}:{get_column_letter(c0 + 2)}{r0 + 2}"
            assert corner in merged
            n = RESULT_ROWS[report.edition]
            assert f"{get_column_letter(c0)}{r0 + 5}:{get_column_letter(c0)}{r0 + 5 + n - 1}" in merged


def written_total(report, cid: str, blank: str):
    """What a total's formula gives over the cells as the workbook shows them, worked out here
    from the report alone: a blank input printed as 0 (blank="zero") counts as 0."""
    terms = computed(report)[cid]
    got = [written_total(report, t, blank) if t in computed(report)
           else report.values.get(t, 0 if blank == "zero" else None) for t in terms]
    got = [v for v in got if v is not None]
    return sum(got) if got else None


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_totals_are_live_formulas(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    where = xlsx_map(wb)
    totals = computed(report)
    assert {"s3.new.total", "s3.total.total", "s3.total.natural", "s4.review.total"} <= set(totals)
    forms = set()
    for cid in totals:
        sheet, addr = where[cid]
        f = wb[sheet][addr].value
        # live: =SUM(r) where a term holds a number; blank while all its terms are blank:
        # =IF(COUNT(r)=0,"",SUM(r))
        blank = re.fullmatch(r'=IF\(COUNT\(([^)]+)\)=0,"",SUM\(\1\)\)', f or "")
        assert isinstance(f, str) and (blank or re.fullmatch(r"=SUM\([^)]+\)", f)), (cid, f)
        assert bool(blank) == (written_total(report, cid, "empty") is None), (cid, f)
        forms.add(bool(blank))
    assert forms == ({True, False} if key == "hainan" else {False})
    for cid, (sheet, addr) in where.items():                   # nothing else is a formula
        if cid not in totals:
            v = wb[sheet][addr].value
            assert not (isinstance(v, str) and v.startswith("=")), cid


@pytest.mark.parametrize("key", list(XLSX))
def test_xlsx_totals_carry_their_values_for_programs_that_only_read_values(books, key):
    """A phone viewer, WPS's preview or pandas read the values saved with the formulas: every
    total shows the report's total (hainan's blank totals blank; printed as 0, the sum of 0s)."""
    report = xlsx_report(key)
    blank = XLSX[key][1]
    where = xlsx_map(openpyxl.load_workbook(books[key]))
    values = openpyxl.load_workbook(books[key], data_only=True)
    with zipfile.ZipFile(books[key]) as z:
        assert re.search(rb'<calcPr[^>]*fullCalcOnLoad="1"', z.read("xl/workbook.xml"))   # and recomputed on opening
    totals = report.copy()
    rules.compute_totals(totals)                    # the model's totals: a blank total whose parts are known is their sum
    blanks = 0
    for cid in computed(report):
        sheet, addr = where[cid]
        got = values[sheet][addr].value
        want = written_total(report, cid, blank)
        if blank == "empty":
            assert want == totals.values.get(cid), cid         # the report's own total
        if want is None:
            blanks += 1
            assert got in (None, ""), (cid, got)
        else:
            assert cell_value_ok(got, want, report.ed.cells[cid].type), (cid, got, want)
    assert blanks == (19 if key == "hainan" else 0)


def test_xlsx_cached_values_are_written_exactly():
    """A cached value is the exact decimal (the editions have no amount total yet: the writer is
    tested alone), a blank total the empty text its formula gives; a formula the rewriting does
    not find is refused, never left without its value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 1, "=SUM(A1)", '=IF(COUNT(A1)=0,"",SUM(A1))'
    ws["B1"] = "=SUM(A1)"
    out = io.BytesIO()
    wb.save(out)
    part = ws.path.lstrip("/")
    data = export_xlsx.with_cached_values(out.getvalue(), {part: {"A2": Decimal("12345678901.123456"), "A3": None,
                                                                  "B1": 7}})
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    assert b"<v>12345678901.123456</v>" in xml and b"<v>7</v>" in xml
    shown = openpyxl.load_workbook(io.BytesIO(data), data_only=True).active
    assert shown["A2"].value == 12345678901.123456 and shown["A3"].value in (None, "") and shown["B1"].value == 7
    live = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (live["A2"].value, live["B1"].value) == ("=SUM(A1)", "=SUM(A1)")
    with pytest.raises(ExportError, match="合计公式"):
        export_xlsx.with_cached_values(out.getvalue(), {part: {"C9": 1}})


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_every_total_after_libreoffice_recalculation(books, recalculated, key):
    report = xlsx_report(key)
    where = xlsx_map(openpyxl.load_workbook(books[key]))
    wb = recalculated[key]
    for cid, (sheet, addr) in where.items():
        got = wb[sheet][addr].value
        assert cell_value_ok(got, report.values.get(cid), report.ed.cells[cid].type), f"{cid}: {got!r}"
    assert wb[where["s3.total.total"][0]][where["s3.total.total"][1]].value == report.values["s3.total.total"]


def test_xlsx_blank_totals_stay_blank_after_recalculation(books, recalculated):
    """hainan has no section 四 and section 三 stops after （三）2: a total whose every term
    is blank is blank in the report, and must not turn into 0 in the workbook (blank="empty")."""
    report = xlsx_report("hainan")
    where = xlsx_map(openpyxl.load_workbook(books["hainan"]))
    wb = recalculated["hainan"]
    wrong = {}
    checked = 0
    for cid, terms in computed(report).items():
        if cid in report.values or any(t in report.values for t in terms):
            continue
        checked += 1
        got = wb[where[cid][0]][where[cid][1]].value
        if got not in (None, ""):
            wrong[cid] = got
    # the row totals of denied.safety … other (15), carried_out.total and the three s4 totals
    assert checked == 19
    assert not wrong, f"blank in the report, not blank in the workbook: {wrong}"
    for cid, (sheet, addr) in where.items():                   # and the inputs are as in the report
        if cid not in computed(report):
            assert cell_value_ok(wb[sheet][addr].value, report.values.get(cid), report.ed.cells[cid].type), cid


def test_xlsx_forced_export_shows_the_printed_total(books, recalculated, tmp_path):
    """A report exported with "仍然导出" keeps its printed total 358 in the Word document;
    the workbook of the same report must not show a different number (357)."""
    report = broken_report()
    docx_path = tmp_path / "forced.docx"
    export_docx.export(report, docx_path, force=True)
    s3 = doc_table_for(pydocx.Document(docx_path), report, "s3")
    g = report.ed.tables["s3"].position("s3.new.total")
    in_word = s3.cell(g.row, g.col).text
    sheet, addr = xlsx_map(openpyxl.load_workbook(books["broken"]))["s3.new.total"]
    in_excel = recalculated["broken"][sheet][addr].value
    assert in_word == "358"
    assert str(in_excel) == in_word


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_data_validation_on_input_cells(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    totals = computed(report)
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid in totals:
            continue
        dvs = [dv for dv in wb[sheet].data_validations.dataValidation if addr in dv.sqref]
        assert len(dvs) == 1, (cid, addr, len(dvs))
        dv = dvs[0]
        vtype = report.ed.cells[cid].type
        assert dv.showErrorMessage, cid
        if vtype == "count":
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), cid
        elif vtype == "signed":
            assert dv.type == "whole", cid
            assert not (dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"), cid   # negatives allowed
        else:
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0"), cid
    signed = [c for c in report.ed.cells.values() if c.type == "signed"]
    assert bool(signed) == (report.edition == "2019")


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_frozen_headers_and_print_setup(books, key):
    report, wb, where, sheets = table_sheets(books, key)
    for sid, table, ws in sheets:
        # the first value cell is the top-left cell that scrolls: headers and row labels stay
        assert ws.freeze_panes == where[table.cells[0]][1], sid
        assert ws.print_title_rows
    for name in SHEETS[:-1]:
        ws = wb[name]
        assert int(ws.page_setup.paperSize) == 9, name              # A4
        assert int(ws.page_setup.fitToWidth) == 1, name
        assert int(ws.page_setup.fitToHeight or 0) == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_info_sheet_holds_the_whole_text(books, key):
    report = xlsx_report(key)
    ws = openpyxl.load_workbook(books[key])["报告信息"]
    rows = list(ws.iter_rows(values_only=True))
    info = {r[0]: r[1] for r in rows[:12] if r[0]}
    assert info["报告标题"] == report.title
    assert info["发布机关"] == report.issuer
    assert info["报告年度"] == report.year
    for key_, label in (("address", "通讯地址"), ("postcode", "邮政编码"), ("phone", "联系电话"), ("website", "网站")):
        if report.meta.get(key_):
            assert info[label] == report.meta[key_], label         # a string: a postcode keeps its digits
    for tid in report.ed.texts:
        got = [str(r[1]).strip() for r in rows if r[0] == tid and r[1] is not None and str(r[1]).strip()]
        assert got == lines(report.text.get(tid)), tid


def test_xlsx_text_starting_with_equals_stays_text(books, recalculated):
    report = safety_report()
    wb = openpyxl.load_workbook(books["safety"])
    ws = wb["报告信息"]
    s1 = [(r[1].value, r[1].data_type) for r in ws.iter_rows() if r[0].value == "s1"]
    assert [v for v, _ in s1] == SAFE_LINES
    assert all(t == "s" for _, t in s1)
    info = {r[0].value: r[1].value for r in ws.iter_rows(max_row=4)}
    assert info["发布机关"] == SAFE_ISSUER and info["报告标题"] == report.title
    # LibreOffice reads them as text too: no formula, no #NAME?
    ws = recalculated["safety"]["报告信息"]
    assert [r[1].value for r in ws.iter_rows() if r[0].value == "s1"] == SAFE_LINES
    s5 = [r[1].value for r in ws.iter_rows() if r[0].value == "s5"]
    assert s5 == ["{{ title }}{{ v['s3.new.total'] }}"]


# --------------------------------------------------------------------------
# the information sheet as a person sees it


def shown(cell) -> str:
    """What a spreadsheet shows in a cell: nothing where its number format shows nothing (;;;)."""
    if cell.value is None or cell.number_format == ";;;":
        return ""
    return str(cell.value)


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_info_sheet_shows_names_not_internal_keys(books, key):
    report = xlsx_report(key)
    ws = openpyxl.load_workbook(books[key])["报告信息"]
    seen = [shown(c) for row in ws.iter_rows() for c in row]
    keys = set(report.ed.texts) | {t + "+" for t in report.ed.texts}
    assert not keys & set(seen), sorted(keys & set(seen))
    column_a = [shown(r[0]) for r in ws.iter_rows()]
    for tid, tdef in report.ed.texts.items():
        assert tdef.name in column_a, tdef.name                    # 前言, 一、总体情况 … as headings
    for name in ("报告标题", "发布机关", "报告年度", "发布日期", "通讯地址", "联系电话"):
        assert name in column_a, name
    # the ids are still there for our importer, out of sight
    assert any(r[0].value == "s1" and r[0].number_format == ";;;" for r in ws.iter_rows())


# --------------------------------------------------------------------------
# a paragraph longer than a cell holds


def long_line(n: int) -> str:
    """n characters of CJK, characters outside the BMP (two UTF-16 units each) and & < > " '."""
    unit = "政府信息公开𠀀工作&<>\"'年度报告𪚥，"
    return (unit * (n // len(unit) + 1))[:n]


def units16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("n", [40_000, 100_000])
def test_xlsx_paragraph_longer_than_a_cell_is_split_said_and_read_back_whole(tmp_path, n):
    from govreport_gui.core.importers import read_path

    report = load("demo")
    text = long_line(n) + "\n第二段 & < > \" '\n" + long_line(n // 2)
    report.text["s6"] = text
    path = tmp_path / "long.xlsx"
    notes = export_xlsx.export(report, path)
    assert not any("只显示开头部分" in x for x in notes), notes     # nothing cut
    ws = openpyxl.load_workbook(path)["报告信息"]
    rows = [(r[0].value, r[1].value, r[2].value if len(r) > 2 else None) for r in ws.iter_rows()]
    assert all(units16(str(b)) <= 32_767 for _, b, _ in rows if b is not None)
    s6 = [(a, b, c) for a, b, c in rows if a in ("s6", "s6+")]
    assert [a for a, _, _ in s6].count("s6") == 3
    assert any(a == "s6+" for a, _, _ in s6)
    for (a, _, c), (nxt, _, _) in zip(s6, s6[1:] + [(None, None, None)]):
        # beside each piece: whether it goes on in the next row, and whether it goes on the row above
        assert ("接上行" in (c or "")) == (a == "s6+"), (a, c)
        assert ("未完，接下行" in (c or "")) == (nxt == "s6+"), (a, c)
    paragraphs: list[str] = []
    for a, b, _ in s6:
        if a == "s6+":
            paragraphs[-1] += b
        else:
            paragraphs.append(b)
    assert paragraphs == text.split("\n")                          # the sheet alone holds it all
    assert read_path(path).report.text["s6"] == text


def test_xlsx_long_paragraph_edited_in_the_sheet_is_read_from_its_pieces(tmp_path):
    """The visible pieces are what is read once changed: not only the copy in the hidden sheet."""
    from govreport_gui.core.importers import read_path

    report = load("demo")
    report.text["s6"] = long_line(70_000)
    path = tmp_path / "long.xlsx"
    export_xlsx.export(report, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["报告信息"]
    last = [r for r in ws.iter_rows() if r[0].value == "s6+"][-1]
    last[1].value += "（改过）"
    wb.save(path)
    assert read_path(path).report.text["s6"] == report.text["s6"] + "（改过）"


# --------------------------------------------------------------------------
# control characters: openpyxl refuses them in a cell (IllegalCharacterError)


CONTROL = "甲\x01\x02\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\ufffe乙"


def test_xlsx_control_characters_anywhere_are_said_and_read_back(tmp_path):
    """Control characters in every field, a note, last year's text and a unit of a summed
    report: the export does not crash; the sheets show the text without them and the notes
    name each field in Chinese; the workbook reads back every character."""
    from govreport_gui.core.importers import read_path

    report = load("demo")
    report.issuer = "云泽市人民政府" + CONTROL
    for k in ("address", "phone", "email", "website", "contact", "postcode"):
        report.meta[k] = k + CONTROL
    for tid in report.ed.texts:
        report.text[tid] = (report.text.get(tid) or "") + "\n" + CONTROL
    report.notes["s3.new.natural"] = "说明" + CONTROL
    report.extra["units"] = [{"issuer": "某镇" + CONTROL, "source": "a" + CONTROL + ".govreport", "included": True,
                              "values": [], "readable": False, "message": "无法读取" + CONTROL}]
    path = tmp_path / "c.xlsx"
    notes = export_xlsx.export(report, path, force=True)
    said = "\n".join(notes)
    for tid, tdef in report.ed.texts.items():
        assert re.search(f"{re.escape(tdef.name)}中有 \\d+ 个控制字符", said), tdef.name
    assert "发布机关中有" in said and "联系人中有" in said and "各单位明细" in said
    wb = openpyxl.load_workbook(path)
    bad = re.compile("[\x00-\x08\x0e-\x1f]")
    for ws in wb.worksheets:
        if ws.title != "_govreport":
            assert not any(isinstance(c.value, str) and bad.search(c.value) for row in ws.iter_rows() for c in row)
    # removed: U+0001 … U+001F but the breaks, U+FFFE; the breaks (U+000B, U+000C, U+0085) as new lines
    assert wb["各单位明细"]["A2"].value == "某镇甲\n\n\x7f\n乙"
    assert wb["报告信息"]["B2"].value == "云泽市人民政府甲\n\n\x7f\n乙"
    got = read_path(path).report
    assert (got.issuer, got.meta, got.text, got.notes) == (report.issuer, report.meta, report.text, report.notes)
