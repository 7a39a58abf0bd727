"""Import of PDFs: made by LibreOffice from hand-filled official templates (one conversion of
three files for the whole run: the fixture ``pdfs`` in tests/conftest.py), a "scanned" PDF, a
PDF with too many pages, the PDF child process's time limit.

Every input is built in code (tests/import_fixtures.py); nothing is read from /work/shared.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

import import_fixtures as F
from govreport_gui.core import rules
from govreport_gui.core.importers import SourceError, read_path
from govreport_gui.core.importers import readers
from import_helpers import ALL_SECTIONS, FAST, TEXTS, diff, squeeze, squeezed_lines

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


# ============================================================================================
# PDFs made by LibreOffice from hand-filled templates


def test_libreoffice_is_installed():
    """The PDF tests need LibreOffice: without it they must fail, not be skipped."""
    assert shutil.which("soffice") or shutil.which("libreoffice"), "LibreOffice (soffice) is not installed"


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
# bad input


def test_pdf_with_too_many_pages_refused(tmp_path):
    p = F.pages_pdf(tmp_path / "厚.pdf", readers.MAX_PDF_PAGES + 1)
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert time.monotonic() - t < FAST
    assert f"共 {readers.MAX_PDF_PAGES + 1} 页" in str(e.value)
