"""导出Word… / 导出Excel… / 导出网页… / 导出PDF…: ask what the core needs to know, then let it write."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import APP_NAME
from ..core.errors import GovReportError
from ..core.export import registry as formats
from ..core.report import Report
from .document import errors_of

# The export registry's words in the window (core/export/registry.py: the 文件 menu's actions
# and the save dialog's filter, built from it), for the translation tools, which read only the
# UI's sources: a new format's go here too, or its menu stays in Chinese in the English UI.
REGISTRY_WORDS = (
    QT_TRANSLATE_NOOP("MainWindow", "导出Word(&W)…"), QT_TRANSLATE_NOOP("MainWindow", "用自定义模板导出Word…"),
    QT_TRANSLATE_NOOP("MainWindow", "导出Excel(&X)…"),
    QT_TRANSLATE_NOOP("Exporter", "Word 文档 (*.docx)"), QT_TRANSLATE_NOOP("Exporter", "Excel 工作簿 (*.xlsx)"),
    QT_TRANSLATE_NOOP("MainWindow", "导出网页(&H)…"), QT_TRANSLATE_NOOP("Exporter", "网页 (*.html)"),
    QT_TRANSLATE_NOOP("MainWindow", "导出PDF(&P)…"), QT_TRANSLATE_NOOP("Exporter", "PDF 文档 (*.pdf)"),
)


def template_menu_text(fmt: formats.ExportFormat) -> str:
    """The 文件 menu's action for exporting with a template of one's own: “用自定义模板导出Word…”
    (untranslated: the window translates it)."""
    return f"用自定义模板导出{fmt.program}…"


def filter_text(fmt: formats.ExportFormat) -> str:
    """The save dialog's filter: “Word 文档 (*.docx)” (untranslated)."""
    return f"{fmt.name} (*{fmt.suffix})"


def export_folder(folder: Path | None = None) -> Path:
    """Where a file the program writes is offered: ``folder`` (the report's own), else the folder
    exports last went to, else the one last opened from, else the home folder."""
    if folder is not None:
        return Path(folder)
    settings = QSettings()
    return Path(str(settings.value("exportFolder", "") or settings.value("lastFolder", "") or Path.home()))


def _ask(parent: QWidget, icon, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole]],
         name: str, details: str = "", default: int = 0) -> int:
    """A message box with our own buttons; returns the index of the one clicked (-1: closed).
    ``default`` is the button Enter presses."""
    box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[default])
    if details:
        box.setDetailedText(details)
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else -1


class Exporter(QObject):
    """One export from the GUI (the dialogs' strings live here for the translation tools)."""

    def _despite_errors(self, parent, errors, question: str, go: str, name: str,
                        fix: Callable[[], None] | None) -> bool:
        """Ask whether to go on with a report that has errors (``question`` with {n}, {lines},
        {more}; ``go`` the button that goes on). False: the clerk chose 返回修改, and ``fix`` runs
        once the box has gone and given focus back."""
        lines = "\n".join(f"· {f.rule} {f.message}" for f in errors[:10])
        more = self.tr("\n……共 {n} 个错误").format(n=len(errors)) if len(errors) > 10 else ""
        answer = _ask(parent, QMessageBox.Icon.Warning, question.format(n=len(errors), lines=lines, more=more),
                      [(go, QMessageBox.ButtonRole.AcceptRole), (self.tr("返回修改"), QMessageBox.ButtonRole.RejectRole)],
                      name, default=1)
        if answer != 0:
            if fix is not None:
                QTimer.singleShot(0, fix)
            return False
        return True

    def _blank_mode(self, parent, report: Report, question: str, name: str) -> str | None:
        """How blank cells are printed ("empty" or "zero"), asked when the report has any
        (``question`` with {n}); None: the clerk cancelled."""
        blanks = report.blank_cells()
        if not blanks:
            return "empty"
        answer = _ask(parent, QMessageBox.Icon.Question, question.format(n=len(blanks)),
                      [(self.tr("留空"), QMessageBox.ButtonRole.AcceptRole), (self.tr("印为0"), QMessageBox.ButtonRole.AcceptRole),
                       (self.tr("取消"), QMessageBox.ButtonRole.RejectRole)], name)
        return {0: "empty", 1: "zero"}.get(answer)

    def run(self, parent: QWidget, report: Report, kind: str, custom_template: bool = False,
            folder: Path | None = None, fix: Callable[[], None] | None = None) -> Path | None:
        """Run one export from the GUI. Returns the written file, or None if cancelled or failed.

        ``folder`` is where the file is offered (the report's own folder); ``fix`` is called when
        the clerk chooses 返回修改 over exporting a report with errors.
        """
        settings = QSettings()
        force = False
        errors = errors_of(report)
        if errors:
            if not self._despite_errors(parent, errors, self.tr(
                    "报告中还有 {n} 个错误，导出的文件会带着这些错误：\n{lines}{more}\n\n仍然导出吗？"),
                    self.tr("仍然导出"), "exportErrorsBox", fix):
                return None
            force = True
        blank = self._blank_mode(parent, report, self.tr("报告中有 {n} 个空白单元格。导出时这些单元格："),
                                 "exportBlanksBox")
        if blank is None:
            return None
        template = None
        if custom_template:
            template_folder = str(settings.value("templateFolder", ""))
            template, _ = QFileDialog.getOpenFileName(parent, self.tr("选择 Word 模板"), template_folder,
                                                      self.tr("Word 文档 (*.docx)"))
            if not template:
                return None
            settings.setValue("templateFolder", str(Path(template).parent))
        fmt = formats.by_kind(kind)
        suffix = fmt.suffix
        folder = export_folder(folder)
        filt = self.tr(filter_text(fmt))
        path, _ = QFileDialog.getSaveFileName(parent, self.tr("导出"), str(folder / f"{report.title}{suffix}"), filt)
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        out = Path(path)
        settings.setValue("exportFolder", str(out.parent))
        from ..core import worker
        from .background import Cancelled, run_busy

        cancel = threading.Event()          # 取消 stops the child process that writes the file
        try:
            done = run_busy(parent, self.tr("正在导出 {name}…").format(name=out.name),
                            lambda: worker.export_isolated(report, out, kind, template=template, blank=blank,
                                                           force=force, cancel=cancel), cancel=cancel)
        except Cancelled:
            return None
        except GovReportError as e:
            QMessageBox.warning(parent, APP_NAME, self.tr("导出失败：\n{msg}").format(msg=e))
            return None
        notes = done.get("notes") or []
        said = self.tr("\n\n注意：\n{notes}").format(notes="\n".join(f"· {n}" for n in notes)) if notes else ""
        answer = _ask(parent, QMessageBox.Icon.Information, self.tr("已导出 {name}。").format(name=out.name) + said,
                      [(self.tr("打开所在文件夹"), QMessageBox.ButtonRole.AcceptRole), (self.tr("关闭"), QMessageBox.ButtonRole.RejectRole)],
                      "exportDoneBox")
        if answer == 0:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))
        return out

    def copy_html(self, parent: QWidget, report: Report, fix: Callable[[], None] | None = None) -> list[str] | None:
        """复制为网页: the report as the web page export writes it, on the clipboard as HTML with a
        plain-text form. A report with errors is copied only when the clerk says so (as an export
        is); blank cells are printed as the clerk says. Returns the page's notes, or None if
        nothing was copied."""
        from PySide6.QtCore import QMimeData
        from PySide6.QtWidgets import QApplication

        from ..core.export import html as export_html

        errors = errors_of(report)
        if errors and not self._despite_errors(parent, errors, self.tr(
                "报告中还有 {n} 个错误，复制的网页会带着这些错误：\n{lines}{more}\n\n仍然复制吗？"),
                self.tr("仍然复制"), "copyHtmlErrorsBox", fix):
            return None
        blank = self._blank_mode(parent, report, self.tr("报告中有 {n} 个空白单元格。复制为网页时这些单元格："),
                                 "copyHtmlBlanksBox")
        if blank is None:
            return None
        try:
            page, text = export_html.clipboard(report, blank)
        except GovReportError as e:
            QMessageBox.warning(parent, APP_NAME, self.tr("复制失败：\n{msg}").format(msg=e))
            return None
        data = QMimeData()
        data.setHtml(page)
        data.setText(text)
        QApplication.clipboard().setMimeData(data)
        return export_html.notes(report)

    def print_report(self, parent: QWidget, report: Report, preview: bool = False, folder: Path | None = None,
                     fix: Callable[[], None] | None = None) -> str | None:
        """打印… (``preview`` False) or 打印预览… (True): blank cells are printed as the clerk says;
        a report with errors is printed only when the clerk says so (asked before the print
        dialog, and before the preview since what it shows is what prints). Returns what the
        status bar says, or None if nothing was printed."""
        from .printing import Printing, new_printer

        errors = errors_of(report)
        if errors and not self._despite_errors(parent, errors, self.tr(
                "报告中还有 {n} 个错误，打印出来的报告会带着这些错误：\n{lines}{more}\n\n仍然打印吗？"),
                self.tr("仍然打印"), "printErrorsBox", fix):
            return None
        blank = self._blank_mode(parent, report, self.tr("报告中有 {n} 个空白单元格。打印时这些单元格："),
                                 "printBlanksBox")
        if blank is None:
            return None
        printer = new_printer(report, folder)
        printing = Printing(self)
        if preview:
            return printing.preview(parent, report, blank, printer)
        return printing.print_dialog(parent, report, blank, printer)


def print_report(parent: QWidget, report: Report, preview: bool = False, folder: Path | None = None,
                 fix: Callable[[], None] | None = None) -> str | None:
    """打印… / 打印预览… (see :meth:`Exporter.print_report`)."""
    return Exporter().print_report(parent, report, preview, folder, fix)


def copy_html(parent: QWidget, report: Report, fix: Callable[[], None] | None = None) -> list[str] | None:
    """复制为网页 (see :meth:`Exporter.copy_html`)."""
    return Exporter().copy_html(parent, report, fix)


def export_report(parent: QWidget, report: Report, kind: str, custom_template: bool = False,
                  folder: Path | None = None, fix: Callable[[], None] | None = None) -> Path | None:
    """Run one export from the GUI. Returns the written file, or None if cancelled or failed."""
    return Exporter().run(parent, report, kind, custom_template, folder, fix)
