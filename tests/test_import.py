"""Import: a report read back from every form it survives in, number by number.

- our own exports (.docx, .xlsx) of the demo (2021 edition) and of a complete 2019-edition
  report read back exactly;
- the OFFICIAL Word template filled in by hand (python-docx, real merged cells), as printed
  and with the variants of real documents (formats.md §8): every value placed, nothing
  placed wrongly (the whole values dict compared);
- PDFs made from such documents by LibreOffice (one module-scoped conversion of three
  files), a "scanned" PDF and a file that only claims to be a PDF;
- text in the broken shape of published PDFs and web pages (.txt, pasted, .html): the values
  that can be placed, exactly, and a problem naming each row that cannot;
- someone else's workbook in the official layout; printed totals kept as printed;
- carrying last year over (``govreport new --from``), ``import``, ``check``, ``show``;
- hostile and wrong files: a clear Chinese message, nothing imported, quickly.

Every input is built in code (tests/import_fixtures.py); nothing is read from /work/shared.
"""

from __future__ import annotations

import json
import re
try:
    import resource            # POSIX only: peak-memory readings
except ImportError:           # Windows: the tests that need it are marked posix (tests/conftest.py)
    resource = None
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

import import_fixtures as F
from govreport_gui import cli
from govreport_gui.core import edition as E
from govreport_gui.core import native, rules
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import SourceError, read_path, read_text
from govreport_gui.core.importers import readers
from govreport_gui.core.report import Report


@pytest.fixture(autouse=True)
def read_in_this_process(request, monkeypatch):
    """The readers are tested here as the app's child process runs them, in this process (so a
    limit a test lowers applies, and hundreds of reads stay fast). Reading through the child
    itself is tested in tests/test_worker.py and by the tests here that name the child or its
    time limit."""
    from govreport_gui.core import worker

    if not any(w in request.node.name for w in ("time_limit", "child")):
        monkeypatch.setattr(worker, "in_child", lambda: True)

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo" / "demo.govreport"                            # 2021, complete
DONGAN = REPO / "tests" / "fixtures" / "published" / "2020_dongan_district.govreport"   # 2019, complete
TEXTS = ("preface", "s1", "s5", "s6")
ALL_SECTIONS = ["s1", "s2", "s3", "s4", "s5", "s6"]
CJK = re.compile(r"[\u4e00-\u9fff]")
FAST = 3.0                     # seconds a refused file may take, PDF child process included


def diff(expected: dict, got: dict) -> dict:
    """Cells whose values differ: {cell: (expected, got)}; empty when equal."""
    return {k: (expected.get(k), got.get(k)) for k in sorted(set(expected) | set(got))
            if expected.get(k) != got.get(k) or type(expected.get(k)) is not type(got.get(k))}


def squeeze(text: str | None) -> str:
    """A narrative as extracted text keeps it: no line breaks, no spaces."""
    return re.sub(r"\s+", "", text or "")


def squeezed_lines(text: str | None) -> list[str]:
    return [squeeze(line) for line in F.text_lines(text)]


# ============================================================================================
# 1. round trips of our own exports


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("source", [DEMO, DONGAN], ids=["demo-2021", "dongan-2019"])
def test_round_trip_of_our_export(tmp_path, source, kind):
    src = native.load(source)
    out = tmp_path / f"report.{kind}"
    (export_docx if kind == "docx" else export_xlsx).export(src, out)
    res = read_path(out)
    got = res.report
    assert res.kind == kind
    assert (got.edition, got.year, got.issuer) == (src.edition, src.year, src.issuer)
    assert len(got.values) == len(src.ed.cells) == len(src.values)
    assert diff(src.values, got.values) == {}
    for tid in TEXTS:
        assert F.text_lines(got.text.get(tid)) == F.text_lines(src.text.get(tid)), tid
    if kind == "docx":
        assert got.meta.get("published") == src.meta.get("published")
    else:
        assert got.meta == src.meta               # the workbook keeps every contact field
    assert res.problems == [] and res.notes == []
    assert res.sections == ALL_SECTIONS
    assert all(cid in res.sources for cid in src.values if cid not in rules.compiled(src.ed).computed)


def test_round_trip_keeps_a_blank_blank_and_a_wrong_total_as_printed(tmp_path):
    """A forced export of a report with a blank cell and a wrong printed total reads back as it was."""
    src = native.load(DEMO)
    del src.values["s3.denied.secret.natural"]
    src.values["s3.new.total"] += 1
    for kind, mod in (("docx", export_docx), ("xlsx", export_xlsx)):
        out = tmp_path / f"r.{kind}"
        mod.export(src, out, force=True)
        got = read_path(out).report
        assert diff(src.values, got.values) == {}, kind
        assert "s3.denied.secret.natural" not in got.values
        assert got.values["s3.new.total"] == src.values["s3.new.total"]


# ============================================================================================
# 2. the official Word template, filled in by hand


def read_official(tmp_path, eid, cell_text=None, edit=None, report=None):
    rep = report or F.rich_report(eid)
    path = F.official_docx(tmp_path / f"official-{eid}.docx", rep, cell_text=cell_text, edit=edit)
    return rep, read_path(path)


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_as_printed(tmp_path, eid):
    rep, res = read_official(tmp_path, eid)
    got = res.report
    assert res.kind == "docx"
    assert (got.edition, got.year, got.issuer) == (eid, F.YEAR[eid], F.ISSUER[eid])
    assert got.meta == {"published": F.PUBLISHED[eid]}
    assert len(rep.values) == len(E.get(eid).cells)
    assert diff(rep.values, got.values) == {}
    for tid in TEXTS:
        assert F.text_lines(got.text[tid]) == F.text_lines(rep.text[tid]), tid
    assert res.problems == [] and res.notes == []
    assert res.sections == ALL_SECTIONS


def _spaces(text: str) -> str:
    return {
        "商业企业": "商业 企业",
        "科研机构": "科研\n机构",
        "法律服务机构": "法律服务\n机构",
        "三、本年度办理结果": "三、 本年\n度办 理结 果",
        "一、本年新收政府信息公开申请数量": "一、本年新收政府信息\n公开申请数量",
        "（一）予以公开": "（一） 予以公开",
        "2.其他法律行政法规禁止公开": "2. 其他法律行政\n法规禁止公开",
        "第二十条第（一）项": "第二十条 第（一）项",
        "信息内容": "信息 内容",
    }.get(text, text)


LABEL_VARIANTS = {
    "社会组织": lambda t: t.replace("社会公益组织", "社会组织"),
    "社会公益": lambda t: t.replace("社会公益组织", "社会公益"),
    "1、": lambda t: re.sub(r"(\d)\.", r"\1、", t),
    "half-width ( )": lambda t: t.replace("（", "(").replace("）", ")"),
    "spaces and line breaks": _spaces,
}


@pytest.mark.parametrize("eid", ["2021", "2019"])
@pytest.mark.parametrize("variant", list(LABEL_VARIANTS))
def test_official_template_label_variants(tmp_path, eid, variant):
    fn = LABEL_VARIANTS[variant]
    rep, res = read_official(tmp_path, eid, edit=lambda sid, lay: F.relabel(lay, fn))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []
    assert res.notes == []


@pytest.mark.parametrize("eid,old,new,row", [
    ("2021", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开", "denied.law"),        # typo seen in print
    ("2019", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开", "denied.law"),
    ("2019", "2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开", "denied.law"),
])
def test_official_template_label_typo_read_with_a_note(tmp_path, eid, old, new, row):
    rep, res = read_official(tmp_path, eid, edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace(old, new)))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []
    assert len(res.notes) == 1 and new in res.notes[0] and "其他法律行政法规禁止公开" in res.notes[0]
    assert res.sources[f"s3.{row}.natural"].endswith(str(rep.values[f"s3.{row}.natural"]))


def test_official_2021_template_printing_normative_as_in_2019(tmp_path):
    """规范性文件 (the 2019 name) in a 2021-edition table is the row 行政规范性文件."""
    rep, res = read_official(tmp_path, "2021",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("行政规范性文件", "规范性文件")))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []


ZERO_CELLS = {
    "2021": {"s3.denied.secret.natural": "—", "s3.denied.secret.business": "/", "s3.denied.secret.research": "无",
             "s3.denied.secret.social": "-", "s2.regulations.repealed": "—", "s2.coercion.decisions": "无",
             "s4.suit_direct.pending": "/", "s2.fees.amount": "—"},
    "2019": {"s3.denied.secret.natural": "—", "s3.denied.secret.business": "/", "s3.denied.secret.research": "无",
             "s3.denied.secret.social": "-", "s2.regulations.published": "—", "s2.licensing.change": "无",
             "s4.suit_direct.pending": "/", "s2.procurement.amount": "—"},
}
EMPTY_CELLS = {
    "2021": ["s3.denied.query.research", "s2.normative.repealed", "s4.review.other", "s3.other.unpaid_fee.total"],
    "2019": ["s3.denied.query.research", "s2.fees.change", "s4.review.other", "s3.other.total"],
}


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_zero_marks_and_empty_cells(tmp_path, eid):
    """—, /, 无, - are 0; an EMPTY cell stays blank (never 0)."""
    typed = dict(ZERO_CELLS[eid])
    typed.update({cid: "" for cid in EMPTY_CELLS[eid]})

    def cell_text(cid, v):
        return typed[cid] if cid in typed else F.display(v, E.get(eid).cells[cid].type)

    rep, res = read_official(tmp_path, eid, cell_text=cell_text)
    expected = dict(rep.values)
    for cid in ZERO_CELLS[eid]:
        expected[cid] = Decimal(0) if E.get(eid).cells[cid].type == "amount" else 0
    for cid in EMPTY_CELLS[eid]:
        del expected[cid]
    assert diff(expected, res.report.values) == {}
    for cid in EMPTY_CELLS[eid]:
        assert cid not in res.report.values
    assert res.problems == []


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_numbers_typed_like_a_clerk(tmp_path, eid):
    """Thousands separators, full-width digits, 件, spaces around the number."""
    typed = {"s3.granted.natural": ("1,234", 1234), "s3.partial.business": ("１２３", 123),
             "s3.new.natural": ("12件", 12), "s3.carried_out.other": (" 7 ", 7),
             "s4.review.upheld": ("１,０２４", 1024), "s3.total.total": ("12,345", 12345)}
    rep, res = read_official(tmp_path, eid, cell_text=lambda cid, v: typed[cid][0] if cid in typed
                             else F.display(v, E.get(eid).cells[cid].type))
    expected = dict(rep.values)
    expected.update({cid: v for cid, (_, v) in typed.items()})
    assert diff(expected, res.report.values) == {}
    assert res.problems == []


@pytest.mark.parametrize("eid,typed,value", [
    ("2019", "1228.92万元", Decimal("1228.92")),
    ("2019", "251000元", Decimal("25.1")),
    ("2019", "2167.0875 万元", Decimal("2167.0875")),
    ("2019", "1,228.92", Decimal("1228.92")),
    ("2021", "251000元", Decimal("25.1")),
    ("2021", "3.5万元", Decimal("3.5")),
    ("2021", "０.５", Decimal("0.5")),
])
def test_official_template_amount_with_unit(tmp_path, eid, typed, value):
    amount = "s2.procurement.amount" if eid == "2019" else "s2.fees.amount"
    rep, res = read_official(tmp_path, eid, cell_text=lambda cid, v: typed if cid == amount
                             else F.display(v, E.get(eid).cells[cid].type))
    expected = dict(rep.values)
    expected[amount] = value
    assert diff(expected, res.report.values) == {}
    assert isinstance(res.report.values[amount], Decimal)
    assert res.problems == []


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_locality_row_in_section_2(tmp_path, eid):
    """其他主动公开文件 added under 规范性文件: reported, nothing misplaced."""
    def edit(sid, lay):
        if sid == "s2":
            F.add_locality_row_s2(lay, E.get(eid))

    rep, res = read_official(tmp_path, eid, edit=edit)
    assert diff(rep.values, res.report.values) == {}
    assert len(res.problems) == 1
    assert "其他主动公开文件" in res.problems[0] and "未读取" in res.problems[0]
    assert res.notes == []


@pytest.mark.parametrize("header", ["法人小计", "小计"])
@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_subtotal_column_in_section_3(tmp_path, eid, header):
    """A 法人小计 column between 其他 and 总计: every value still in its own column."""
    rep = F.rich_report(eid)

    def edit(sid, lay):
        if sid == "s3":
            F.add_subtotal_col_s3(lay, rep.ed, rep.values, header)

    rep, res = read_official(tmp_path, eid, edit=edit, report=rep)
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == [] and res.notes == []


def test_official_2021_template_printing_other_handling_as_one_row(tmp_path):
    """（六）其他处理 printed as one row (2019 layout) in a 2021 table: the figures go to
    s3.other.other.*, the two rows new in 2021 stay blank, and a note says so."""
    rep = F.rich_report("2021")

    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)

    rep, res = read_official(tmp_path, "2021", edit=edit, report=rep)
    expected = {k: v for k, v in rep.values.items()
                if not k.startswith(("s3.other.no_correction.", "s3.other.unpaid_fee."))}
    for col in F.APPLICANTS + ("total",):
        expected[f"s3.other.other.{col}"] = sum(rep.values[f"s3.other.{r}.{col}"]
                                                for r in ("no_correction", "unpaid_fee", "other"))
    assert diff(expected, res.report.values) == {}
    assert res.report.values["s3.other.other.natural"] == 127 + 134 + 141
    assert res.problems == []
    assert len(res.notes) == 1 and "其他处理" in res.notes[0] and "3.其他" in res.notes[0]


def test_official_template_every_variant_at_once(tmp_path):
    """A 2021 document with all of it: 社会组织, 1、, ( ), broken labels, a typo, a locality row,
    a 法人小计 column, （六） as one row, zero marks, an empty cell, 1,234, full-width digits, 万元."""
    rep = F.rich_report("2021")
    typed = {"s3.denied.secret.natural": ("—", 0), "s3.granted.natural": ("1,234", 1234),
             "s3.partial.business": ("１２３", 123), "s2.fees.amount": ("251000元", Decimal("25.1")),
             "s3.denied.query.research": ("", None)}

    def cell_text(cid, v):
        return typed[cid][0] if cid in typed else F.display(v, rep.ed.cells[cid].type)

    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)
            F.add_subtotal_col_s3(lay, rep.ed, rep.values)
        if sid == "s2":
            F.add_locality_row_s2(lay, rep.ed)
        F.relabel(lay, lambda t: _spaces(re.sub(r"(\d)\.", r"\1、", t.replace("社会公益组织", "社会组织")
                                                .replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")))
                  .replace("（", "(").replace("）", ")"))

    rep, res = read_official(tmp_path, "2021", cell_text=cell_text, edit=edit, report=rep)
    expected = {k: v for k, v in rep.values.items()
                if not k.startswith(("s3.other.no_correction.", "s3.other.unpaid_fee."))}
    for col in F.APPLICANTS + ("total",):
        expected[f"s3.other.other.{col}"] = sum(rep.values[f"s3.other.{r}.{col}"]
                                                for r in ("no_correction", "unpaid_fee", "other"))
    for cid, (_, v) in typed.items():
        if v is None:
            expected.pop(cid)
        else:
            expected[cid] = v
    assert diff(expected, res.report.values) == {}
    assert len(res.problems) == 1 and "其他主动公开文件" in res.problems[0]
    assert any("其他处理" in n for n in res.notes)
    assert any("行政止公开" in n for n in res.notes)


def test_official_template_reworded_headings(tmp_path):
    """Headings reworded as seen in print: sections still found, texts where they belong."""
    rep = F.rich_report("2019")
    reworded = {"四、政府信息公开行政复议、行政诉讼情况": "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                "五、存在的主要问题及改进情况": "五、存在的主要问题及改进措施",
                "一、总体情况": "一、 总体情况"}
    parts = [reworded.get(p, p) if isinstance(p, str) else p for p in F.document_parts(rep, F.official_tables(rep))]
    assert sum(isinstance(p, str) and p in reworded.values() for p in parts) == 3
    res = read_path(F.write_docx(tmp_path / "r.docx", parts))
    assert diff(rep.values, res.report.values) == {}
    assert res.sections == ALL_SECTIONS and res.problems == []
    for tid in TEXTS:
        assert F.text_lines(res.report.text[tid]) == F.text_lines(rep.text[tid]), tid


# -- bugs found in the Word template --------------------------------------------------------------


def test_official_2019_template_other_handling_printed_as_six_other(tmp_path):
    """formats.md §8: `(六) 其他` for （六）其他处理 is seen in print. In a 2019-edition table the
    row must still be read into s3.other.* (not dropped as 'not an official row')."""
    rep, res = read_official(tmp_path, "2019",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("（六）其他处理", "(六) 其他")))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []


def test_official_template_value_under_an_unknown_column_header_is_reported(tmp_path):
    """A number whose column header is not recognised (本年新公开数 for 本年新公开数量) may be left
    blank, but never silently: a problem must name it (the module promises 'left blank and
    reported')."""
    rep, res = read_official(tmp_path, "2019",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("本年新公开数量", "本年新公开数")))
    got = res.report.values
    for cid in ("s2.regulations.published", "s2.normative.published"):
        assert got.get(cid) == rep.values[cid] or (
            cid not in got and any("本年新公开" in p for p in res.problems)), (cid, res.problems)
    others = {k: v for k, v in rep.values.items() if not k.endswith(".published")}
    assert diff(others, {k: v for k, v in got.items() if not k.endswith(".published")}) == {}


# ============================================================================================
# 3. PDFs made by LibreOffice from hand-filled templates


def _wrong_total_2019() -> Report:
    rep = F.rich_report("2019")
    rep.values["s3.total.natural"] += 1            # as printed: R1, R2, R3 errors
    return rep


def _variant_2021(rep: Report):
    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)
            F.add_subtotal_col_s3(lay, rep.ed, rep.values)
            F.relabel(lay, lambda t: t.replace("社会公益组织", "社会组织"))
    return edit


def test_libreoffice_is_installed():
    """The PDF tests need LibreOffice: without it they must fail, not be skipped."""
    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice (soffice) is not installed"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Three hand-filled templates converted to PDF by one LibreOffice run (private profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the PDF import tests need it")
    d = tmp_path_factory.mktemp("pdf")
    r21 = F.rich_report("2021")
    r19w = _wrong_total_2019()
    docs = {
        "2021": (F.official_docx(d / "official2021.docx", r21), r21, r21.values),
        "2019-wrong-total": (F.official_docx(d / "official2019.docx", r19w), r19w, r19w.values),
        "2021-subtotal": (F.official_docx(d / "variant2021.docx", r21, edit=_variant_2021(r21)), r21, None),
    }
    profile = d / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
           "--outdir", str(d)] + [str(p) for p, _, _ in docs.values()]
    done = subprocess.run(cmd, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    out = {}
    for name, (docx_path, rep, values) in docs.items():
        pdf = docx_path.with_suffix(".pdf")
        assert pdf.exists(), (done.returncode, done.stdout[-500:], done.stderr[-500:])
        out[name] = (pdf, rep, values, docx_path)
    return out


@pytest.mark.parametrize("name", ["2021", "2019-wrong-total"])
def test_pdf_reads_every_value_and_the_narrative(pdfs, name):
    pdf, rep, values, _ = pdfs[name]
    res = read_path(pdf)
    got = res.report
    assert res.kind == "pdf"
    assert (got.edition, got.year, got.issuer) == (rep.edition, rep.year, rep.issuer)
    assert got.meta == {"published": rep.meta["published"]}
    assert diff(values, got.values) == {}
    assert res.problems == [] and res.notes == []
    assert res.sections == ALL_SECTIONS
    for tid in TEXTS:      # a PDF keeps the words, not where a paragraph ended at a line's end
        assert squeeze(got.text[tid]) == squeeze(rep.text[tid]), tid
    assert squeezed_lines(got.text["s1"]) == squeezed_lines(rep.text["s1"])


def test_pdf_printed_total_kept_as_printed(pdfs):
    pdf, rep, _, _ = pdfs["2019-wrong-total"]
    got = read_path(pdf).report
    assert got.values["s3.total.natural"] == rep.values["s3.total.natural"] == sum(7 * i + 1 for i in range(19)) + 1
    errors = {f.rule for f in rules.check(got) if f.severity == "error"}
    assert {"R1", "R2", "R3"} <= errors


def test_pdf_never_reads_a_number_cut_by_a_page_break(pdfs):
    """With a 法人小计 column the number columns are narrow: 4-digit numbers wrap inside their
    cells, and LibreOffice breaks the first row of 三 across the page ('15' on one page, '91' on
    the next). Whatever is read must be right: a piece of a number is not the number."""
    pdf, rep, _, _ = pdfs["2021-subtotal"]
    res = read_path(pdf)
    expected = {k: v for k, v in rep.values.items()
                if not k.startswith(("s3.other.no_correction.", "s3.other.unpaid_fee."))}
    for col in F.APPLICANTS + ("total",):
        expected[f"s3.other.other.{col}"] = sum(rep.values[f"s3.other.{r}.{col}"]
                                                for r in ("no_correction", "unpaid_fee", "other"))
    wrong = {k: (expected.get(k), v, res.sources.get(k)) for k, v in res.report.values.items()
             if expected.get(k) != v}
    assert wrong == {}


def test_pdf_subtotal_column_read_on_the_next_page(pdfs):
    """The 法人小计 header is on one page, the rows of 三 on the next (where the table has more
    grid columns): the rows must still be read by their header, as in the Word document."""
    pdf, rep, _, docx_path = pdfs["2021-subtotal"]
    from_word = read_path(docx_path).report.values
    from_pdf = read_path(pdf).report.values
    s3 = [k for k in from_word if k.startswith("s3.") and not k.startswith("s3.new.")]   # 一 is cut by the page
    assert len(s3) == len(rep.ed.tables["s3"].cells) - 7 - 14
    assert {k: from_pdf.get(k) for k in s3} == {k: from_word[k] for k in s3}


def test_scanned_pdf_refused_as_a_scan(tmp_path):
    pdf = F.scanned_pdf(tmp_path / "扫描版年报.pdf")
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:                     # a real page, drawn on, no text
        assert len(doc.pages) == 1 and doc.pages[0].rects and not doc.pages[0].extract_text()
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(pdf)
    assert time.monotonic() - t < FAST
    assert "扫描件" in str(e.value) and "扫描版年报.pdf" in str(e.value)


def test_pdf_time_limit(pdfs):
    """A PDF that makes the parser spin is stopped: the child process is given 0.01 s."""
    pdf = pdfs["2021"][0]
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        readers.read_pdf(pdf, seconds=0.01)
    assert time.monotonic() - t < FAST
    assert "仍未完成" in str(e.value) and "已停止" in str(e.value) and pdf.name in str(e.value)


def test_pdf_time_limit_setting_is_honoured(pdfs, monkeypatch):
    """readers.PDF_SECONDS is the limit read_path uses; changing it (as for every other limit
    in readers) must take effect. The default argument of read_pdf binds it at import time."""
    monkeypatch.setattr(readers, "PDF_SECONDS", 0.01)
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(pdfs["2021"][0])
    assert time.monotonic() - t < FAST
    assert "仍未完成" in str(e.value)


def test_pdf_child_answers_without_sys_stdout(pdfs):
    """A windowed Windows program (the built govreport-gui.exe reads files in a child of itself)
    may start with sys.stdout None although its parent gave it a pipe: the child still answers
    through that pipe, and every value comes back."""
    pdf, _, values, _ = pdfs["2021"]
    code = ("import sys; sys.stdout = None; "
            "from govreport_gui.core.worker import child_main; sys.exit(child_main(['805306368', '30']))")
    request = json.dumps({"job": "pdf", "args": {"path": str(pdf)}}).encode("utf-8")
    done = subprocess.run([sys.executable, "-c", code], input=request, capture_output=True, timeout=60)
    answer = json.loads(done.stdout.decode("utf-8"))
    assert "ok" in answer, (answer, done.stderr[-500:])
    grids = answer["ok"]["grids"]
    assert grids and any("总计" in (c or "") for g in grids for row in g for c in row)


# ============================================================================================
# 4. text in the broken shape of published PDFs and web pages

# 2019 edition, copied from a web page: tab-separated cells; a label broken over two lines with
# its numbers on a line of their own; header split (商业企 业); the vertical label broken up;
# a row after a page break starting at column 0; 3.危及… lost a cell (6 numbers under 7
# columns); 1.本机关不掌握… lost its cell boundaries (801000081 for 80|1|0|0|0|0|81);
# section 四 as one line of 15 numbers; 1,010 and — in section 二; 万元 in the amount cell.
TEXT_A = """青石镇人民政府2020年政府信息公开工作年度报告

本报告根据《中华人民共和国政府信息公开条例》要求，由青石镇人民政府办公室编制。本报告中所列数据的统计期限为2020年1月1日至12月31日。

一、总体情况

2020年，青石镇人民政府坚持以公开为常态、不公开为例外，认真落实政府信息公开各项工作任务。

(一) 主动公开。通过镇政府网站、政务公开栏等渠道及时公开政策文件和工作动态。

(二) 依申请公开。严格按照法定时限办理政府信息公开申请。

二、主动公开政府信息情况

第二十条第(一)项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t2\t2\t17

第二十条第(五)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t134\t-5\t5190
其他对外管理服务事项\t25\t0\t8

第二十条第(六)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t705\t-48\t1,010
行政强制\t36\t-2\t—

第二十条第(八)项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t3\t0\t

第二十条第(九)项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t83\t2167.0875 万元\t

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t\t
\t\t自然人\t法人或其他组织\t\t\t\t\t总计\t
\t\t\t商业企 业\t科研机构\t社会组织\t法律服务 机构\t其他\t\t
一、本年新收政府信息公开申请数量\t\t104\t3\t0\t1\t0\t2\t110\t
二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t
三、 本年 度办 理结 果\t(一) 予以公开\t12\t2\t0\t1\t0\t1\t16\t
\t(二) 部分公开 (区分处理的, 只计这一情形,
2\t0\t0\t0\t0\t0\t2
\t不计其他情形)
\t(三) 不予公开\t1. 属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2. 其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1
\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t2
4. 保护第三方合法权益\t\t1\t0\t0\t0\t0\t0\t1\t

\t\t5. 属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6. 属于四类过程性信息\t1\t0\t0\t0\t0\t0\t1
\t\t7. 属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8. 属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t801000081
\t\t2. 没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3. 补正后申请内容仍不明确\t1\t0\t0\t0\t0\t0\t1
\t(五) 不予处理\t1. 信访举报投诉类申请\t2\t0\t0\t0\t0\t0\t2
\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3. 要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4. 无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5. 要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0

\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0
\t(七) 总计\t102\t3\t0\t1\t0\t1\t107
四、结转下年度继续办理\t\t4\t0\t0\t0\t0\t1\t5

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t
\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况

一是政府信息公开工作人员业务水平有待提高；二是公开内容不够全面。

下一步，我镇将加强业务培训，进一步规范公开内容。

六、其他需要报告的事项

无。

青石镇人民政府
2021年1月25日
"""

# 2021 edition, extracted from a PDF: no tabs; the title on two lines; paragraphs wrapped;
# header split into one-word lines; the vertical label 三、本年度办理结果 interleaved one
# character a line, so the numbers of 1.属于国家秘密 and 3.危及… stand on the line BEFORE their
# label (under another label); 3.补正后… lost a cell; page numbers (- 1 -); section 四 as one
# line of 15 numbers under a header broken into single words.
TEXT_B = """云溪县人民政府
2023 年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开
条例》要求，由云溪县人民政府办公室编制。
本报告中所列数据的统计期限为 2023 年 1 月
1 日至 12 月 31 日。
一、总体情况
2023 年，云溪县人民政府认真贯彻落实政务公
开工作部署，持续推进决策、执行、管理、服
务、结果公开，政务公开工作取得新的进展。
（一）主动公开
通过政府门户网站及时发布政策文件、工作动
态和通知公告，重点领域信息应公开尽公开。
- 1 -
（二）依申请公开
严格按照法定时限和程序办理政府信息公开申
请，规范答复文书。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 2
行政规范性文件 5 1 23
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 1,523
- 2 -
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 310
行政强制 12
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 45.6
三、收到和处理政府信息公开申请情况
申请人情况
法人或其他组织
（本列数据的勾稽关系为：第一项加第二项之和，等
于第三项加第四项之和）
自然人 社会 法律 总计
商业 科研
公益 服务 其他
企业 机构
组织 机构
一、本年新收政府信息公开申请数量 77 3 0 1 1 0 82
二、上年结转政府信息公开申请数量 3 0 0 0 0 0 3
（一）予以公开 40 2 0 1 0 0 43
（二）部分公开（区分处理的，只计这一情 形，不
5 0 0 0 0 0 5
计其他情形）
1 0 0 0 0 0 1
1.属于国家秘密
三
、 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0
本
2 0 0 0 0 0 2
年 3.危及“三安全一稳定”
度
办 4.保护第三方合法权益 3 1 0 0 0 0 4
理 （三）不予公开
结 5.属于三类内部事务信息 0 0 0 0 0 0 0
果
6.属于四类过程性信息 1 0 0 0 0 0 1
7.属于行政执法案卷 0 0 0 0 0 0 0
8.属于行政查询事项 0 0 0 0 0 0 0
（四）无法提供 1.本机关不掌握相关政府信息 12 0 0 0 1 0 13
2.没有现成信息需要另行制作 1 0 0 0 0 0 1
3.补正后申请内容仍不明确 2 0 0 0 0 2
- 3 -
1.信访举报投诉类申请 3 0 0 0 0 0 3
2.重复申请 1 0 0 0 0 0 1
（五）不予处理 3.要求提供公开出版物 0 0 0 0 0 0 0
4.无正当理由大量反复申请 0 0 0 0 0 0 0
5.要求行政机关确认或重新出具已获取信息 0 0 0 0 0 0 0
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1
（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 2 0 0 0 0 0 2
（七）总计 74 3 0 1 1 0 79
四、结转下年度继续办理 6 0 0 0 0 0 6
四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
未经复议直接起诉 复议后起诉
结果 结果 其他 尚未
总 计
维持 纠正 结果 审结 结果 结果 其他 尚未 结果 结果 其他 尚未
总 计 总计
维持 纠正 结果 审结 维持 纠正 结果 审结
2 1 0 0 3 1 0 0 1 2 0 0 1 0 1
五、存在的主要问题及改进情况
一是政策解读形式较为单一；二是基层政务公开
标准目录更新不够及时。下一步将丰富解读形式。
六、其他需要报告的事项
本年度未收取信息处理费。
云溪县人民政府
2024 年 1 月 19 日
"""

COLS7 = F.APPLICANTS + ("total",)


def _s3(rows: dict[str, tuple]) -> dict[str, int]:
    return {f"s3.{rid}.{c}": v for rid, vals in rows.items() for c, v in zip(COLS7, vals)}


def _s4(nums: tuple) -> dict[str, int]:
    cells = [f"s4.{g}.{c}" for g in F.S4_GROUPS for c in F.S4_COLS + ("total",)]
    return dict(zip(cells, nums))


# what each text says (its "truth"), and the rows that cannot be placed with certainty
TRUTH_A = {
    "s2.regulations.made": 0, "s2.regulations.published": 0, "s2.regulations.total_public": 0,
    "s2.normative.made": 2, "s2.normative.published": 2, "s2.normative.total_public": 17,
    "s2.licensing.prev_items": 134, "s2.licensing.change": -5, "s2.licensing.decisions": 5190,
    "s2.other_services.prev_items": 25, "s2.other_services.change": 0, "s2.other_services.decisions": 8,
    "s2.penalty.prev_items": 705, "s2.penalty.change": -48, "s2.penalty.decisions": 1010,
    "s2.coercion.prev_items": 36, "s2.coercion.change": -2, "s2.coercion.decisions": 0,
    "s2.fees.prev_items": 3, "s2.fees.change": 0,
    "s2.procurement.projects": 83, "s2.procurement.amount": Decimal("2167.0875"),
    **_s3({
        "new": (104, 3, 0, 1, 0, 2, 110), "carried_in": (2, 0, 0, 0, 0, 0, 2),
        "granted": (12, 2, 0, 1, 0, 1, 16), "partial": (2, 0, 0, 0, 0, 0, 2),
        "denied.secret": (0,) * 7, "denied.law": (1, 0, 0, 0, 0, 0, 1),
        "denied.safety": (2, 0, 0, 0, 0, 0, 2), "denied.third_party": (1, 0, 0, 0, 0, 0, 1),
        "denied.internal": (0,) * 7, "denied.process": (1, 0, 0, 0, 0, 0, 1),
        "denied.enforcement": (0,) * 7, "denied.query": (0,) * 7,
        "unavailable.not_held": (80, 1, 0, 0, 0, 0, 81), "unavailable.needs_creation": (0,) * 7,
        "unavailable.unclear": (1, 0, 0, 0, 0, 0, 1),
        "rejected.petition": (2, 0, 0, 0, 0, 0, 2), "rejected.repeated": (0,) * 7,
        "rejected.publication": (0,) * 7, "rejected.excessive": (0,) * 7, "rejected.confirmation": (0,) * 7,
        "other": (0,) * 7, "total": (102, 3, 0, 1, 0, 1, 107), "carried_out": (4, 0, 0, 0, 0, 1, 5),
    }),
    **_s4((1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)),
}
UNPLACEABLE_A = {"denied.safety": "危及“三安全一稳定”", "unavailable.not_held": "本机关不掌握相关政府信息"}

TRUTH_B = {
    "s2.regulations.issued": 0, "s2.regulations.repealed": 0, "s2.regulations.in_force": 2,
    "s2.normative.issued": 5, "s2.normative.repealed": 1, "s2.normative.in_force": 23,
    "s2.licensing.decisions": 1523, "s2.penalty.decisions": 310, "s2.coercion.decisions": 12,
    "s2.fees.amount": Decimal("45.6"),
    **_s3({
        "new": (77, 3, 0, 1, 1, 0, 82), "carried_in": (3, 0, 0, 0, 0, 0, 3),
        "granted": (40, 2, 0, 1, 0, 0, 43), "partial": (5, 0, 0, 0, 0, 0, 5),
        "denied.secret": (1, 0, 0, 0, 0, 0, 1), "denied.law": (0,) * 7,
        "denied.safety": (2, 0, 0, 0, 0, 0, 2), "denied.third_party": (3, 1, 0, 0, 0, 0, 4),
        "denied.internal": (0,) * 7, "denied.process": (1, 0, 0, 0, 0, 0, 1),
        "denied.enforcement": (0,) * 7, "denied.query": (0,) * 7,
        "unavailable.not_held": (12, 0, 0, 0, 1, 0, 13), "unavailable.needs_creation": (1, 0, 0, 0, 0, 0, 1),
        "unavailable.unclear": (2, 0, 0, 0, 0, 0, 2),
        "rejected.petition": (3, 0, 0, 0, 0, 0, 3), "rejected.repeated": (1, 0, 0, 0, 0, 0, 1),
        "rejected.publication": (0,) * 7, "rejected.excessive": (0,) * 7, "rejected.confirmation": (0,) * 7,
        "other.no_correction": (1, 0, 0, 0, 0, 0, 1), "other.unpaid_fee": (0,) * 7,
        "other.other": (2, 0, 0, 0, 0, 0, 2),
        "total": (74, 3, 0, 1, 1, 0, 79), "carried_out": (6, 0, 0, 0, 0, 0, 6),
    }),
    **_s4((2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1)),
}
UNPLACEABLE_B = {"denied.secret": "属于国家秘密", "denied.safety": "危及“三安全一稳定”",
                 "unavailable.unclear": "补正后申请内容仍不明确"}

TEXT_CASES = {
    "A": (TEXT_A, "2019", 2020, "青石镇人民政府", "2021-01-25", TRUTH_A, UNPLACEABLE_A),
    "B": (TEXT_B, "2021", 2023, "云溪县人民政府", "2024-01-19", TRUTH_B, UNPLACEABLE_B),
}


def placeable(truth: dict, unplaceable: dict) -> dict:
    return {k: v for k, v in truth.items() if not any(k.startswith(f"s3.{r}.") for r in unplaceable)}


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_fixtures_are_what_a_real_report_says(case):
    """The texts' own figures balance (R1–R4), so they are a fair picture of a real report."""
    _, eid, year, issuer, _, truth, _ = TEXT_CASES[case]
    rep = Report(edition=eid, year=year, issuer=issuer, values=dict(truth))
    assert set(truth) == set(E.get(eid).cells)
    errors = [f for f in rules.check(rep) if f.severity == "error"]
    assert errors == []


def _read_text_case(case: str, how: str, tmp_path: Path):
    text = TEXT_CASES[case][0]
    if how == "pasted":
        return read_text(text)
    if how == "txt":
        p = tmp_path / "年报.txt"
        p.write_bytes(text.encode("gb18030") if case == "B" else text.encode("utf-8-sig"))  # GBK and UTF-8 with BOM
        return read_path(p)
    if how == "html":
        p = tmp_path / "年报.html"
        p.write_text(F.text_to_html(text), encoding="utf-8")
        return read_path(p)
    if how == "pasted-html":
        return read_text(F.text_to_html(text))
    raise AssertionError(how)


TEXT_WAYS = [("A", "pasted"), ("A", "txt"), ("A", "html"), ("A", "pasted-html"), ("B", "pasted"), ("B", "txt")]


@pytest.mark.parametrize("case,how", TEXT_WAYS)
def test_text_values_that_can_be_placed_exactly(tmp_path, case, how):
    _, eid, year, issuer, published, truth, unplaceable = TEXT_CASES[case]
    res = _read_text_case(case, how, tmp_path)
    got = res.report
    assert res.kind == "text"
    assert (got.edition, got.year, got.issuer) == (eid, year, issuer)
    assert got.meta == {"published": published}
    assert res.sections == ALL_SECTIONS
    assert diff(placeable(truth, unplaceable), got.values) == {}


@pytest.mark.parametrize("case,how", TEXT_WAYS)
def test_text_problems_name_each_row_not_read(tmp_path, case, how):
    """Every official row left blank is named in a problem by its printed name, and nothing
    else is reported but rows of the text that are not official rows."""
    _, _, _, _, _, _, unplaceable = TEXT_CASES[case]
    res = _read_text_case(case, how, tmp_path)
    for rid, name in unplaceable.items():
        assert any(name in p for p in res.problems), (rid, res.problems)
    assert all(p.startswith("三、") for p in res.problems), res.problems


def test_html_cells_holding_paragraphs(tmp_path):
    """Word's "save as web page" and most site editors put each cell's text in a <p>: the table
    is still a table (cells of a row on one line), read like the plain one."""
    page = F.word_html(F.text_to_html(TEXT_A))
    assert page.count("<p class=") > 300
    p = tmp_path / "年报.htm"
    p.write_text(page, encoding="utf-8")
    res = read_path(p)
    assert diff(placeable(TRUTH_A, UNPLACEABLE_A), res.report.values) == {}
    assert len(res.problems) == 2


def test_text_a_problems_in_detail():
    res = read_text(TEXT_A)
    assert len(res.problems) == 2
    safety, not_held = res.problems
    assert "危及“三安全一稳定”" in safety and "6 个数" in safety and "未读取" in safety
    assert "本机关不掌握相关政府信息" in not_held and "1 个数" in not_held and "未读取" in not_held
    assert len(res.notes) == 1 and "部分公开" in res.notes[0]
    assert res.sources["s2.penalty.decisions"].endswith("1,010")
    assert res.sources["s2.procurement.amount"].endswith("2167.0875 万元")


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_narrative(tmp_path, case):
    res = read_text(TEXT_CASES[case][0])
    t = res.report.text
    if case == "A":
        assert squeezed_lines(t["s1"]) == [
            "2020年，青石镇人民政府坚持以公开为常态、不公开为例外，认真落实政府信息公开各项工作任务。",
            "(一)主动公开。通过镇政府网站、政务公开栏等渠道及时公开政策文件和工作动态。",
            "(二)依申请公开。严格按照法定时限办理政府信息公开申请。"]
        assert squeezed_lines(t["s5"]) == ["一是政府信息公开工作人员业务水平有待提高；二是公开内容不够全面。",
                                           "下一步，我镇将加强业务培训，进一步规范公开内容。"]
        assert squeezed_lines(t["s6"]) == ["无。"]
    else:
        assert squeeze(t["s5"]) == "一是政策解读形式较为单一；二是基层政务公开标准目录更新不够及时。下一步将丰富解读形式。"
        assert squeezed_lines(t["s6"]) == ["本年度未收取信息处理费。"]


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_title_line_keeps_the_preface(case):
    """The preface follows the title. A title line as long as the text's lines must not be
    joined to the preface's first line and the preface then dropped with the title."""
    res = read_text(TEXT_CASES[case][0])
    year = TEXT_CASES[case][2]
    issuer = TEXT_CASES[case][3]
    assert squeeze(res.report.text["preface"]) == (
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{issuer}办公室编制。"
        f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。")


def test_text_page_numbers_stay_out_of_the_narrative():
    """`- 1 -` is a page number of the PDF the text came from, not a paragraph of 一、总体情况."""
    s1 = read_text(TEXT_B).report.text["s1"]
    assert squeeze(s1) == ("2023年，云溪县人民政府认真贯彻落实政务公开工作部署，持续推进决策、执行、管理、服务、"
                           "结果公开，政务公开工作取得新的进展。（一）主动公开通过政府门户网站及时发布政策文件、"
                           "工作动态和通知公告，重点领域信息应公开尽公开。（二）依申请公开严格按照法定时限和程序"
                           "办理政府信息公开申请，规范答复文书。")


def test_text_problem_line_numbers_point_at_the_text():
    """A problem says 文字第N行: N must be the line of the pasted text where that row is
    (its label's line or its numbers' line), so a person can find it."""
    lines = TEXT_B.splitlines()
    res = read_text(TEXT_B)
    p = next(p for p in res.problems if "「本」" in p)
    n = int(re.search(r"文字第(\d+)行", p).group(1))
    assert lines[n - 1].strip() in ("本", "2 0 0 0 0 0 2"), (n, lines[n - 1])


def test_text_row_of_concatenated_digits_is_not_split():
    """801000081 could be 80|1|0|0|0|0|81 or 8|0|1|0|0|0|0081…: never guessed."""
    text = TEXT_A.replace("\t\t2. 没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0",
                          "\t\t2. 没有现成信息需要另行制作\t00000000")
    res = read_text(text)
    assert not any(k.startswith(("s3.unavailable.not_held.", "s3.unavailable.needs_creation."))
                   for k in res.report.values)
    assert any("没有现成信息需要另行制作" in p for p in res.problems)
    assert any("本机关不掌握相关政府信息" in p for p in res.problems)


def test_text_section_4_with_a_lost_cell_is_not_read():
    text = TEXT_A.replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0", "1 0 0 0 1 0 0 0 1 1 0 0 0 00")
    res = read_text(text)
    assert not any(k.startswith("s4.") for k in res.report.values)
    assert any("四、" in p for p in res.problems), res.problems
    assert diff({k: v for k, v in placeable(TRUTH_A, UNPLACEABLE_A).items() if not k.startswith("s4.")},
                res.report.values) == {}


def test_text_too_long_refused():
    with pytest.raises(SourceError) as e:
        read_text("一" * (readers.MAX_TEXT_CHARS + 1))
    assert "过长" in str(e.value)


def test_text_without_a_report_refused():
    with pytest.raises(SourceError) as e:
        read_text("鸡蛋\t12\n牛奶\t2\n今天天气很好。")
    assert "没有找到政府信息公开工作年度报告" in str(e.value)


# ============================================================================================
# 5. someone else's workbook in the official layout


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
    """Numbers typed as text (1,234, —, full-width) and an empty cell, in someone's workbook."""
    rep = F.rich_report("2019")
    typed = {"s3.granted.natural": "1,234", "s3.denied.secret.natural": "—", "s3.partial.business": "１２３",
             "s2.procurement.amount": "1228.92万元", "s3.denied.query.research": None}
    path = F.foreign_xlsx(tmp_path / "t.xlsx", rep, overrides=typed)
    got = read_path(path).report
    expected = dict(rep.values)
    expected.update({"s3.granted.natural": 1234, "s3.denied.secret.natural": 0, "s3.partial.business": 123,
                     "s2.procurement.amount": Decimal("1228.92")})
    del expected["s3.denied.query.research"]
    assert diff(expected, got.values) == {}


# ============================================================================================
# 6. carrying last year over, import, check, show (the CLI, in-process)


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sources(tmp_path, pdfs):
    """Last year's report in each form: (path, edition of the source)."""
    r21 = F.rich_report("2021")
    r19 = F.rich_report("2019")
    txt = tmp_path / "去年.txt"
    txt.write_text(TEXT_A, encoding="utf-8")
    return {
        "pdf": (pdfs["2019-wrong-total"][0], "2019"),
        "docx": (F.official_docx(tmp_path / "去年.docx", r21), "2021"),
        "xlsx": (F.foreign_xlsx(tmp_path / "去年.xlsx", r19), "2019"),
        "txt": (txt, "2019"),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "txt"])
def test_new_from_last_years_document_carries_over(tmp_path, capsys, sources, kind):
    src, src_edition = sources[kind]
    last = read_path(src).report
    assert last.edition == src_edition
    year = last.year + 1
    out = tmp_path / "本年.govreport"
    code, _, err = run_cli(capsys, "new", "--from", src, "--year", year, "-o", out)
    assert code == 0, err
    new = native.load(out)
    assert new.year == year and new.edition == E.for_year(year).id == "2021"
    assert new.issuer == last.issuer
    carried = {f"s3.carried_in.{c}": last.values[f"s3.carried_out.{c}"] for c in COLS7}
    assert len(carried) == 7
    assert new.values == carried                   # all 7 columns, and nothing else
    assert new.previous is not None
    assert (new.previous.year, new.previous.edition, new.previous.issuer) == (last.year, last.edition, last.issuer)
    assert diff(last.values, new.previous.values) == {}
    for tid in ("s1", "s5", "s6"):
        assert new.text.get(tid, "") == ""         # last year's narrative is not pasted in


def test_new_from_txt_carries_the_printed_carried_out(tmp_path, capsys):
    src = tmp_path / "去年.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "n.govreport"
    assert run_cli(capsys, "new", "--from", src, "--year", 2021, "-o", out)[0] == 0
    new = native.load(out)
    assert [new.values[f"s3.carried_in.{c}"] for c in COLS7] == [4, 0, 0, 0, 0, 1, 5]


def test_import_writes_the_report_without_carrying_over(tmp_path, capsys, sources):
    src, _ = sources["docx"]
    out = tmp_path / "导入.govreport"
    code, _, err = run_cli(capsys, "import", src, "-o", out)
    assert code == 0, err
    assert "已导入" in err and "200 个数值" in err
    got = native.load(out)
    rep = F.rich_report("2021")
    assert (got.edition, got.year, got.issuer) == ("2021", rep.year, rep.issuer)
    assert diff(rep.values, got.values) == {}
    assert got.previous is None
    assert [got.values[f"s3.carried_in.{c}"] for c in COLS7] == [rep.values[f"s3.carried_in.{c}"] for c in COLS7]
    assert [got.values[f"s3.carried_in.{c}"] for c in COLS7] != [rep.values[f"s3.carried_out.{c}"] for c in COLS7]
    for tid in TEXTS:
        assert F.text_lines(got.text[tid]) == F.text_lines(rep.text[tid])


def test_import_reports_what_could_not_be_placed(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", src, "-o", tmp_path / "a.govreport")
    assert code == 0
    assert "2 处未能放置" in err and "危及“三安全一稳定”" in err and "本机关不掌握相关政府信息" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name,code", [("2021", 0), ("2019-wrong-total", 1)])
def test_check_a_pdf_by_its_printed_totals(capsys, pdfs, name, code):
    got, out, err = run_cli(capsys, "check", pdfs[name][0])
    assert got == code, (out, err)
    if code == 1:
        for rule in ("R1", "R2", "R3"):
            assert f"错误 {rule}：" in out
        assert "结果：有错误" in out
    else:
        assert "错误 R" not in out and "结果：通过" in out


# TEXT_A with its two unplaceable rows printed whole: every figure of the report read
TEXT_A_WHOLE = (TEXT_A.replace("\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t2",
                               "\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t0\t2")
                .replace("801000081", "80\t1\t0\t0\t0\t0\t81"))


def test_text_printed_whole_is_read_whole():
    res = read_text(TEXT_A_WHOLE)
    assert diff(TRUTH_A, res.report.values) == {}
    assert res.problems == []


@pytest.mark.parametrize("wrong", [False, True])
def test_check_json_of_a_text_source(tmp_path, capsys, wrong):
    text = TEXT_A_WHOLE
    if wrong:
        text = text.replace("\t(七) 总计\t102\t", "\t(七) 总计\t103\t")
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", "--json", src)
    errors = {f["rule"] for f in json.loads(out) if f["severity"] == "error"}
    if wrong:
        assert code == 1 and errors == {"R1", "R2", "R3"}
    else:
        assert code == 0 and errors == set()


def test_show_reads_a_word_source(tmp_path, capsys):
    rep = F.rich_report("2019")
    src = F.official_docx(tmp_path / "x.docx", rep)
    code, out, _ = run_cli(capsys, "show", src)
    assert code == 0
    shown = native.loads(out)
    assert diff(rep.values, shown.values) == {}
    assert (shown.edition, shown.year, shown.issuer) == ("2019", 2020, rep.issuer)


# ============================================================================================
# 7–8. bad input: a clear Chinese message, nothing imported, quickly


def _zip_bomb_300(tmp_path):
    return F.zip_bomb(tmp_path / "年报.docx", 300)


def _ratio_bomb_xlsx(tmp_path):
    return F.zip_bomb(tmp_path / "年报.xlsx", 100)          # under the 200 MB total, but 1000:1


def _sparse(ext):
    def make(tmp_path):
        p = tmp_path / f"大文件{ext}"
        with open(p, "wb") as f:
            f.truncate(200 * 1024 * 1024)
        return p
    return make


def _truncated_docx(tmp_path):
    good = F.official_docx(tmp_path / "good.docx", F.rich_report("2021"))
    data = good.read_bytes()
    p = tmp_path / "损坏.docx"
    p.write_bytes(data[: len(data) // 2])
    return p


def _text_file(name, data):
    def make(tmp_path):
        p = tmp_path / name
        p.write_bytes(data)
        return p
    return make


def _folder(tmp_path):
    p = tmp_path / "文件夹.docx"
    p.mkdir()
    return p


BAD = {
    "shopping list docx": (lambda d: F.shopping_docx(d / "购物清单.docx"), "没有找到政府信息公开工作年度报告"),
    "shopping list xlsx": (lambda d: F.shopping_xlsx(d / "购物清单.xlsx"), "没有找到政府信息公开工作年度报告"),
    "truncated docx": (_truncated_docx, "不是有效的 .docx 文件"),
    "OLE docx": (lambda d: F.ole_file(d / "加密.docx"), "加密的或旧版"),
    "OLE xlsx": (lambda d: F.ole_file(d / "加密.xlsx"), "加密的或旧版"),
    "zip bomb 300 MB docx": (_zip_bomb_300, "解压后过大"),
    "zip bomb 1000:1 xlsx": (_ratio_bomb_xlsx, "解压后过大"),
    "200 MB docx": (_sparse(".docx"), "过大（200 MB）"),
    "200 MB xlsx": (_sparse(".xlsx"), "过大（200 MB）"),
    "200 MB pdf": (_sparse(".pdf"), "过大（200 MB）"),
    "200 MB txt": (_sparse(".txt"), "过大（200 MB）"),
    "200 MB html": (_sparse(".html"), "过大（200 MB）"),
    "entity expansion xlsx": (lambda d: F.small_xlsx(d / "实体.xlsx", laughs=True), "无法作为 Excel 工作簿打开"),
    "scanned pdf": (lambda d: F.scanned_pdf(d / "扫描.pdf"), "扫描件"),
    "not a pdf": (_text_file("假的.pdf", "这不是PDF文件".encode("utf-8") * 10), "不是 PDF 文件"),
    "docx that is a text": (_text_file("文字.docx", "一、总体情况".encode("utf-8")), "不是有效的 .docx 文件"),
    "unknown extension": (_text_file("年报.odt", b"PK\x03\x04"), "不能读取 .odt 文件"),
    "no extension": (_text_file("年报", b"abc"), "不能读取 无扩展名 文件"),
    "empty txt": (_text_file("空.txt", b""), "是空文件"),
    "not utf-8 nor gbk": (_text_file("乱码.txt", b"\xff\xfe\xfa" * 10), "文字编码无法识别"),
    "folder": (_folder, "是文件夹"),
    "missing": (lambda d: d / "不存在.docx", "找不到文件"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_refused_with_a_chinese_message(tmp_path, case):
    make, words = BAD[case]
    src = make(tmp_path)
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(src)
    elapsed = time.monotonic() - t
    assert isinstance(e.value, GovReportError)
    msg = str(e.value)
    assert words in msg, msg
    assert CJK.search(msg) and "Traceback" not in msg
    assert elapsed < FAST, elapsed


@pytest.mark.parametrize("case", ["shopping list docx", "truncated docx", "OLE xlsx", "zip bomb 1000:1 xlsx",
                                  "200 MB pdf", "scanned pdf", "entity expansion xlsx", "unknown extension",
                                  "missing"])
def test_bad_input_via_the_cli(tmp_path, capsys, case):
    """exit 2, a Chinese message on stderr, no traceback, an existing output file untouched."""
    make, words = BAD[case]
    src = make(tmp_path)
    out = tmp_path / "已有的.govreport"
    before = native.dumps(native.load(DEMO)).encode("utf-8")
    out.write_bytes(before)
    for argv in (["import", src, "-o", out], ["new", "--from", src, "--year", 2025, "-o", out],
                 ["check", src], ["show", src], ["export", src, "-o", tmp_path / "x.docx"]):
        t = time.monotonic()
        code, stdout, err = run_cli(capsys, *argv)
        assert time.monotonic() - t < FAST
        assert code == 2, (argv[0], stdout, err)
        assert words in err and CJK.search(err), (argv[0], err)
        assert "Traceback" not in err and "Traceback" not in stdout
        assert out.read_bytes() == before, argv[0]
    assert not (tmp_path / "x.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".govreport") == ["已有的.govreport"]


def test_pdf_with_too_many_pages_refused(tmp_path):
    p = F.pages_pdf(tmp_path / "厚.pdf", readers.MAX_PDF_PAGES + 1)
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert time.monotonic() - t < FAST
    assert f"共 {readers.MAX_PDF_PAGES + 1} 页" in str(e.value)


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


def test_entity_expansion_in_word_is_not_expanded(tmp_path):
    """A billion-laughs DOCTYPE in word/document.xml: refused, or read without expanding the
    entities — fast, memory sane, and no 'lol' in anything read."""
    good = F.official_docx(tmp_path / "good.docx", F.rich_report("2021"))
    bad = F.laughs_docx(tmp_path / "实体.docx", good)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    try:
        res = read_path(bad)
    except SourceError as e:
        assert CJK.search(str(e)) and "实体.docx" in str(e)
    else:
        everything = json.dumps(native.to_json(res.report), ensure_ascii=False) + "".join(res.sources.values())
        assert "lol" not in everything
    assert time.monotonic() - t < FAST
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


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


def test_size_limit_refused_before_reading(tmp_path, monkeypatch):
    """The limit is checked on the size alone: a file just over it is refused, one just under read."""
    rep = F.rich_report("2019")
    p = F.official_docx(tmp_path / "r.docx", rep)
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", p.stat().st_size - 1)
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert "过大" in str(e.value)
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", p.stat().st_size)
    assert diff(rep.values, read_path(p).report.values) == {}


def test_zip_with_too_many_entries_refused(tmp_path):
    import zipfile

    p = tmp_path / "许多.docx"
    with zipfile.ZipFile(p, "w") as z:
        for i in range(readers.MAX_ZIP_ENTRIES + 1):
            z.writestr(f"x/{i}", b"")
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert time.monotonic() - t < FAST
    assert "内部文件过多" in str(e.value)
