"""文件 → 打印预览… and 打印…: the report on paper, laid out exactly as 导出PDF lays it out.

The pages are painted by ``pdf_export.paint`` on a ``QPrinter`` instead of a ``QPdfWriter``: A4
upright, the GB/T 9704 type area, the tables whole with their merged cells, page numbers. So what
the preview shows is what the printer prints and what the PDF holds, page for page.

The preview is a dialog of our own around Qt's ``QPrintPreviewWidget`` rather than Qt's
``QPrintPreviewDialog``: that one's toolbar offers 横向 and 页面设置, which would put the report on
a page it is not laid out for, and its words are English wherever Qt's own translation is
missing (PySide6 ships none for Simplified Chinese). Ours has the buttons a clerk needs, in
Chinese: pages, zoom, 打印…, 关闭, and says which official fonts this PC lacks.

打印… shows the system's print dialog. On a PC with no printer installed the dialog offers to
print to a PDF file, and the file offered is named after the report, in the folder exports go to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewWidget
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from .. import APP_NAME
from ..core.errors import GovReportError
from ..core.report import Report

ZOOM_STEP = 1.25


def new_printer(report: Report, folder: Path | None = None) -> QPrinter:
    """A printer for the report: the system's default printer, or, on a PC with none, a PDF file
    named after the report in ``folder`` (where exports go)."""
    from . import pdf_export

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(report.title)
    printer.setCreator(APP_NAME)
    if not QPrinterInfo.availablePrinters():
        from .exporting import export_folder

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(export_folder(folder) / f"{report.title}.pdf"))
    pdf_export.prepare_printer(printer)
    return printer


def paint_on(printer: QPrinter, report: Report, blank: str) -> tuple[list[str], int]:
    """The report's pages painted on ``printer``: the notes on its fonts, and the number of pages."""
    from . import pdf_export

    pdf_export.prepare_printer(printer)          # the dialog may have changed the paper or margins
    notes, builder = pdf_export.paint(report, blank, printer, "打印时")
    return notes, builder.pages


def print_to_file(report: Report, blank: str, path: Path) -> tuple[list[str], int]:
    """Printing to a PDF file (a PC with no printer): the file 导出PDF writes, whose text a reader
    can copy and our importer reads back (a page Qt prints to a file names some characters by
    look-alikes: ⼈ for 人). The notes on its fonts, and its number of pages."""
    from ..core.native import atomic_write
    from . import pdf_export

    data, notes, pages = pdf_export.render_pages(report, blank, "打印时")
    atomic_write(path, data)
    return notes, pages


class PrintPreview(QDialog):
    """打印预览: the pages as they will print, with page and zoom buttons, 打印… and 关闭.
    ``accepted`` means 打印… was pressed: the caller then shows the print dialog."""

    def __init__(self, parent: QWidget | None, report: Report, blank: str, printer: QPrinter):
        super().__init__(parent)
        self.setObjectName("printPreviewDialog")
        self.setWindowTitle(self.tr("打印预览 - {title}").format(title=report.title))
        self.report, self.blank, self.printer = report, blank, printer
        self.notes: list[str] = []
        self.error = ""
        self.pages = 0
        self.preview = QPrintPreviewWidget(printer, self)
        self.preview.setObjectName("printPreviewWidget")
        self.preview.paintRequested.connect(self._paint)
        self.preview.previewChanged.connect(self._show_page)

        bar = QHBoxLayout()

        def button(name: str, text: str, slot, tip: str = "") -> QPushButton:
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.setAutoDefault(False)
            if tip:
                b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False: slot())
            bar.addWidget(b)
            return b

        self.prev_button = button("previousPageButton", self.tr("上一页"), lambda: self._go(-1))
        self.next_button = button("nextPageButton", self.tr("下一页"), lambda: self._go(1))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        bar.addWidget(self.page_label)
        bar.addSpacing(16)
        button("zoomOutButton", self.tr("缩小"), lambda: self.preview.zoomOut(ZOOM_STEP))
        button("zoomInButton", self.tr("放大"), lambda: self.preview.zoomIn(ZOOM_STEP))
        button("fitWidthButton", self.tr("适合宽度"), self.preview.fitToWidth)
        button("fitPageButton", self.tr("整页"), self.preview.fitInView)
        bar.addStretch(1)
        self.print_button = button("printButton", self.tr("打印(&P)…"), self.accept)
        self.close_button = button("closeButton", self.tr("关闭"), self.reject)
        self.print_button.setDefault(True)

        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("fontNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.preview, 1)
        self.resize(900, 1000)
        self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)

    def _paint(self, printer: QPrinter) -> None:
        try:
            self.notes, self.pages = paint_on(printer, self.report, self.blank)
            self.error = ""
        except GovReportError as e:            # said in the dialog; the preview stays empty
            self.notes, self.pages, self.error = [], 0, str(e)
        said = ([self.tr("无法预览：{msg}").format(msg=self.error)] if self.error else []) + self.notes
        self.notes_label.setText("；".join(said))
        self.notes_label.setVisible(bool(said))
        self.print_button.setEnabled(not self.error)

    def _go(self, step: int) -> None:
        self.preview.setCurrentPage(self.preview.currentPage() + step)
        self._show_page()

    def _show_page(self) -> None:
        n, page = self.preview.pageCount(), self.preview.currentPage()
        self.page_label.setText(self.tr("第 {page} 页，共 {n} 页").format(page=page, n=n) if n else "")
        self.prev_button.setEnabled(page > 1)
        self.next_button.setEnabled(page < n)


class Printing(QObject):
    """打印… and 打印预览… from the window (the dialogs' words live here for the translation tools)."""

    def print_dialog(self, parent: QWidget | None, report: Report, blank: str, printer: QPrinter) -> str | None:
        """The system's print dialog, then the pages on the printer it leaves set. Returns what the
        status bar says, or None when the clerk cancelled or printing failed (said in a box)."""
        dialog = QPrintDialog(printer, parent)
        dialog.setObjectName("printDialog")
        dialog.setWindowTitle(self.tr("打印"))
        # no page ranges or “selection”: the report prints whole, laid out as the PDF is
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()
        try:
            if to_file:        # the file 导出PDF writes: its text layer fixed, written atomically
                notes, pages = print_to_file(report, blank, Path(printer.outputFileName()))
            else:
                notes, pages = paint_on(printer, report, blank)
        except (GovReportError, OSError) as e:
            QMessageBox.warning(parent, APP_NAME, self.tr("打印失败：\n{msg}").format(msg=e))
            return None
        if to_file:
            said = self.tr("已打印到文件 {name}（{pages} 页）").format(name=Path(printer.outputFileName()).name,
                                                                  pages=pages)
        else:
            said = self.tr("已送往打印机 {printer}（{pages} 页）").format(printer=printer.printerName(), pages=pages)
        if notes:
            said += self.tr("（注意：{notes}）").format(notes="；".join(notes))
        return said

    def preview(self, parent: QWidget | None, report: Report, blank: str, printer: QPrinter) -> str | None:
        """打印预览; its 打印… goes on to the print dialog. What the status bar says, or None."""
        dialog = PrintPreview(parent, report, blank, printer)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        finally:
            dialog.deleteLater()
        return self.print_dialog(parent, report, blank, printer)
