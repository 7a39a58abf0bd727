"""Import of Excel workbooks: someone else's workbook in the official layout, printed totals kept
as printed; our own workbook with its hidden map sheet damaged; an entity-expansion workbook.

Every input is built in code (tests/import_fixtures.py); nothing is read from /work/shared.
"""

from __future__ import annotations

try:
    import resource            # POSIX only: peak-memory readings
except ImportError:           # Windows: the tests that need it are marked posix (tests/conftest.py)
    resource = None
import time
from pathlib import Path
from decimal import Decimal

import pytest

import import_fixtures as F
from conftest import CJK, DEMO, run_cli
from govreport_gui.core import native, rules
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import SourceError, read_path
from import_helpers import FAST, diff

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


# ============================================================================================
# someone else's workbook in the official layout


@pytest.mark.parametrize("one_sheet", [True, False], ids=["one-sheet", "sheet-per-table"])
@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_foreign_xlsx_read_exactly(tmp_path, eid, one_sheet):
    rep = F.rich_report(eid)
    path = F.foreign_xlsx(tmp_path / "别人的表.xlsx", rep, one_sheet=one_sheet)
    import zipfile

    assert not any("_govreport" in n for n in zipfile.ZipFile(path).namelist())
    res = read_path(path)
    got = res.report
    assert res.kind == "xlsx"
    assert (got.edition, got.year, got.issuer) == (eid, F.YEAR[eid], F.ISSUER[eid])
    assert diff(rep.values, got.values) == {}
    assert res.problems == [] and res.notes == []
    assert {"s2", "s3", "s4"} <= set(res.sections)


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_foreign_xlsx_wrong_printed_totals_kept_as_printed(tmp_path, eid):
    rep = F.rich_report(eid)
    wrong = {"s3.total.natural": rep.values["s3.total.natural"] + 1,       # R1, R2, R3
             "s4.review.total": rep.values["s4.review.total"] + 2}         # R4
    path = F.foreign_xlsx(tmp_path / "wrong.xlsx", rep, overrides=wrong)
    got = read_path(path).report
    expected = dict(rep.values)
    expected.update(wrong)
    assert diff(expected, got.values) == {}
    findings = [f for f in rules.check(got) if f.severity == "error"]
    assert {f.rule for f in findings} == {"R1", "R2", "R3", "R4"}
    r2 = next(f for f in findings if f.rule == "R2")
    assert "s3.total.natural" in r2.cells and r2.actual == wrong["s3.total.natural"]
    assert r2.expected == rep.values["s3.total.natural"]


def test_foreign_xlsx_text_cells(tmp_path):
    """Numbers typed as text (1,234, full-width), a “—” (a blank written so: never 0, and named) and an
    empty cell, in someone's workbook."""
    rep = F.rich_report("2019")
    typed = {"s3.granted.natural": "1,234", "s3.denied.secret.natural": "—", "s3.partial.business": "１２３",
             "s2.procurement.amount": "1228.92万元", "s3.denied.query.research": None}
    path = F.foreign_xlsx(tmp_path / "t.xlsx", rep, overrides=typed)
    res = read_path(path)
    got = res.report
    expected = dict(rep.values)
    expected.update({"s3.granted.natural": 1234, "s3.partial.business": 123,
                     "s2.procurement.amount": Decimal("1228.92")})
    del expected["s3.denied.query.research"]
    del expected["s3.denied.secret.natural"]
    assert diff(expected, got.values) == {}
    assert any("写作“—”" in n and "「（三）不予公开 1.属于国家秘密」的「自然人」" in n for n in res.notes)


# ============================================================================================
# bad input


def _damage(how):
    def damage(ws):
        if how == "year is text":
            ws.cell(row=1, column=4, value="二〇二四")
        elif how == "year out of range":
            ws.cell(row=1, column=4, value=99999)
        elif how == "map emptied":
            ws.delete_rows(1, ws.max_row)
        elif how == "address broken":
            ws.cell(row=3, column=3, value="ZZZ")
    return damage


@pytest.mark.parametrize("how", ["year is text", "year out of range", "map emptied", "address broken"])
def test_own_xlsx_with_a_damaged_map_sheet(tmp_path, capsys, how):
    """Our workbook whose hidden sheet _govreport was damaged (unhidden and edited, rewritten by
    another program): a Chinese SourceError, or a report that can be saved AND opened again —
    never a crash (CLI exit 3, 内部错误) and never a .govreport the program cannot open."""
    import openpyxl

    src = tmp_path / "ours.xlsx"
    export_xlsx.export(native.load(DEMO), src)
    wb = openpyxl.load_workbook(src)
    _damage(how)(wb["_govreport"])
    wb.save(src)
    try:
        res = read_path(src)
    except SourceError as e:
        assert CJK.search(str(e)) and src.name in str(e)
    except Exception as e:  # noqa: BLE001 - the bug this test shows
        pytest.fail(f"read_path crashed: {type(e).__name__}: {e}")
    else:
        saved = tmp_path / "saved.govreport"
        native.save(res.report, saved)
        assert native.load(saved).year == res.report.year
    out = tmp_path / "cli.govreport"
    code, _, err = run_cli(capsys, "import", src, "-o", out)
    assert code in (0, 2) and "内部错误" not in err, (code, err)
    if code == 0:
        native.load(out)


def test_entity_expansion_in_excel_refused(tmp_path):
    clean = F.small_xlsx(tmp_path / "clean.xlsx")
    import openpyxl

    assert openpyxl.load_workbook(clean).active["A1"].value == "政府信息公开"    # the package itself is sound
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(F.small_xlsx(tmp_path / "实体.xlsx", laughs=True))
    assert time.monotonic() - t < FAST
    assert "实体.xlsx" in str(e.value) and "无法作为 Excel 工作簿打开" in str(e.value)
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 100


# ============================================================================================
# our own workbook read as a program that only reads values reads it


def without_hidden_sheet(src, dst):
    """Our workbook as another program passes it on: the hidden sheet _govreport gone, the
    formulas and their saved values kept (the zip rewritten: openpyxl would drop the values)."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/workbook.xml":
                data, n = re.subn(rb'<sheet [^>]*name="_govreport"[^>]*/>', b"", data)
                assert n == 1
            out.writestr(info, data)
    return dst


@pytest.mark.parametrize("name, blank", [("demo", "empty"), ("dongan", "empty"), ("hainan", "zero"),
                                         ("hainan", "empty")])
def test_own_xlsx_read_as_someone_elses_gets_every_value(tmp_path, name, blank):
    """Without the hidden sheet our reader takes the workbook for someone else's and reads the
    values its cells show: every total is there (saved with its formula), equal to the report's.
    海南乡 with its blanks left blank: its wholly blank rows and 四 are found (an empty cell under
    no merge is a blank cell), and a total of blank parts shows nothing and is read as blank."""
    from export_helpers import load

    src = load(name)
    path = tmp_path / "ours.xlsx"
    export_xlsx.export(src, path, blank=blank)
    res = read_path(without_hidden_sheet(path, tmp_path / "values.xlsx"))
    if (name, blank) == ("hainan", "empty"):
        # 四 left wholly blank is a row with nothing in it, which a sheet cannot tell from a
        # spacing row: not found, and said; every blank cell of 三 is named
        assert res.problems == ["未找到表格：四、政府信息公开行政复议、行政诉讼情况"]
        assert len(res.notes) == 1 and "单元格空白" in res.notes[0] and "未当作 0" in res.notes[0]
    else:
        assert res.problems == [] and res.notes == []
    want = src.copy()
    if blank == "zero":                       # printed as 0, read as 0
        want.values.update({c: 0 for c in want.ed.cells if want.values.get(c) is None})
    rules.compute_totals(want)
    assert diff(want.values, res.report.values) == {}
    assert res.report.values["s3.total.total"] == want.values["s3.total.total"]


def test_own_xlsx_of_an_earlier_version_with_every_total_as_if_count_reads_back_exactly(tmp_path):
    """An earlier version wrote every total as =IF(COUNT(r)=0,"",SUM(r)); now a total with
    figures is =SUM(r). Both are the same sum: such a workbook is unchanged, read back exactly."""
    import re

    import openpyxl

    src = native.load(DEMO)
    path = tmp_path / "earlier.xlsx"
    export_xlsx.export(src, path)
    wb = openpyxl.load_workbook(path)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                m = re.fullmatch(r"=SUM\(([^)]*)\)", str(c.value or ""))
                if m:
                    c.value = f'=IF(COUNT({m.group(1)})=0,"",SUM({m.group(1)}))'
                    n += 1
    assert n == len(rules.compiled(src.ed).computed)
    wb.save(path)
    res = read_path(path)
    assert res.problems == [] and not any("公式" in x for x in res.notes), res.notes
    assert diff(src.values, res.report.values) == {}


def test_a_total_that_stays_blank_while_its_parts_are_is_read_as_blank_and_summed_over(tmp_path):
    """=IF(COUNT(r)=0,"",SUM(r)) — the form our export writes for a total whose parts are all
    blank — shows nothing while r is blank and the sum otherwise; SUM over it skips the "" as
    Excel does; adding "" to a number is Excel's #VALUE!, so that cell is not read (and said)."""
    import openpyxl

    from govreport_gui.core.importers.xlsx import open_workbook, sheet_grid
    from govreport_gui.core.importers.xlsx_formulas import SheetReview

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"] = 4
    ws["A4"] = '=IF(COUNT(A1:A3)=0,"",SUM(A1:A3))'         # parts all blank: ""
    ws["B4"] = '=IF(COUNT(B1:B3)=0,"",SUM(B1:B3))'         # 4
    ws["C4"] = "=SUM(A4:B4)"                               # "" skipped: 4
    ws["D4"] = "=A4+1"                                     # #VALUE!
    path = tmp_path / "表.xlsx"
    wb.save(path)                                          # openpyxl saves no results: worked out here
    review = SheetReview("表.xlsx")
    grid = sheet_grid(open_workbook(path).worksheets[0], review=review)
    assert grid[-1][:4] == ["", "4", "4", None]                # "" shown: a blank cell; #VALUE!: not read
    assert len(review.problems) == 1 and "D4" in review.problems[0] and "#VALUE!" in review.problems[0]


def test_our_own_workbook_with_a_dash_typed_into_a_cell_reads_it_blank_and_says_so(tmp_path):
    """Someone types “—” over a figure of our exported workbook: a blank (never 0), named."""
    import openpyxl

    from govreport_gui.core import native
    from govreport_gui.core.export import xlsx as X

    demo = native.load(Path(__file__).resolve().parents[1] / "resources" / "demo" / "demo.govreport")
    path = tmp_path / "ours.xlsx"
    X.export(demo, path)
    sheet, addr = X.layout(demo.ed)["s4.review.upheld"]
    wb = openpyxl.load_workbook(path)
    wb[sheet][addr] = "—"
    wb.save(path)
    res = read_path(path)
    assert "s4.review.upheld" not in res.report.values
    assert any("写作“—”“/”或“无”" in n and demo.ed.cells["s4.review.upheld"].place in n for n in res.notes)
