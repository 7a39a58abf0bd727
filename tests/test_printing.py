"""打印… and 打印预览… (issue 15, item 2): the report on paper, laid out as 导出PDF lays it out.

The menu actions are walked in tests/test_walk_actions.py (the preview's buttons, the print
dialog's 打印 and Cancel, the questions about errors and blank cells). Here: what reaches the
printer whatever the print dialog left set (A4 upright, the PDF's pages), where a PC with no
printer prints to, and a failed print to a file that leaves an existing file as it was.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from govreport_gui.core import native
from govreport_gui.core.export import ExportError
from govreport_gui.core.importers import read_path


@pytest.fixture
def demo(demo_path):
    return native.load(demo_path)


@pytest.fixture
def printing(qapp):
    from govreport_gui.ui import printing

    return printing


def _pdf_printer(path: Path) -> QPrinter:
    """A printer whose pages go to a PDF file, painted as a real printer's are (not through 导出PDF)."""
    p = QPrinter(QPrinter.PrinterMode.HighResolution)
    p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    p.setOutputFileName(str(path))
    return p


def test_the_printer_gets_a4_upright_pages_whatever_the_dialog_left_set(printing, demo, tmp_path):
    from govreport_gui.ui import pdf_export

    out = tmp_path / "printed.pdf"
    printer = _pdf_printer(out)
    # what a clerk may pick in the printer's properties: Letter, landscape, wide margins
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Landscape,
                                      QMarginsF(30, 30, 30, 30), QPageLayout.Unit.Millimeter))
    notes, pages = printing.paint_on(printer, demo, "empty")
    _, _, pdf_pages = pdf_export.render_pages(demo)
    assert pages == pdf_pages
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pdf_pages
        for page in pdf.pages:          # A4 upright: 210 × 297 mm in points
            assert (round(page.width), round(page.height)) == (595, 842)
        first = pdf.pages[0].extract_text()
    assert "年度报告" in first
    assert all("打印时" in n for n in notes)           # fonts replaced are said as printing's


def test_printing_to_a_file_writes_what_export_pdf_writes(printing, demo, tmp_path):
    out = tmp_path / "到文件.pdf"
    notes, pages = printing.print_to_file(demo, "zero", out)
    back = read_path(out).report
    assert back.values == demo.values and pages > 1


def test_a_failed_print_to_a_file_leaves_the_file_there_as_it_was(printing, demo, tmp_path, monkeypatch):
    from govreport_gui.core import export

    out = tmp_path / "旧的.pdf"
    out.write_bytes(b"%PDF-1.4 the office's own file")

    def too_big(report):
        raise ExportError("报告太大")

    monkeypatch.setattr("govreport_gui.ui.pdf_export.check_size", too_big)
    assert export.check_size is not too_big
    with pytest.raises(ExportError):
        printing.print_to_file(demo, "empty", out)
    assert out.read_bytes() == b"%PDF-1.4 the office's own file"


def test_with_no_printer_installed_the_pages_go_to_a_pdf_named_after_the_report(printing, demo, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    p = printing.new_printer(demo, tmp_path)
    assert p.outputFormat() == QPrinter.OutputFormat.PdfFormat
    assert Path(p.outputFileName()) == tmp_path / f"{demo.title}.pdf"
    assert p.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert p.pageLayout().orientation() == QPageLayout.Orientation.Portrait and p.fullPage()


def test_with_a_printer_installed_nothing_is_printed_to_a_file(printing, demo, tmp_path, monkeypatch):
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    p = printing.new_printer(demo, tmp_path)
    assert p.outputFileName() == "" and p.docName() == demo.title
