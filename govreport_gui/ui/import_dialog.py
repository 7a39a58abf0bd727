"""The review step of an import: what was read, before anything lands.

The source's tables are shown as the official tables, read-only; hovering a
cell shows the text it was read from; cells not found are highlighted
(blank), cells breaking a rule are marked; the problems (what could not be
placed), the source's own rule breaks and the values that will be carried
over are listed (the lines of core/importers/review.py, which the command
line prints too). Nothing happens until the clerk confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QPlainTextEdit, QSplitter,
                               QTabWidget, QVBoxLayout, QWidget)

from ..core import values as V
from ..core.carry import carried_values
from ..core.edition import Edition
from ..core.errors import GovReportError
from ..core.importers import KIND_NAMES, ImportResult, read_path, read_text
from ..core.importers import registry as import_formats
from ..core.importers import review
from .document import ReportDocument
from .names import tab_title
from .table_model import SectionTableModel
from .table_view import ReportTableView

# what the file dialogs offer to import or start from: the import registry's suffixes
SOURCE_FILTER = "报告 (" + " ".join(f"*{s}" for s in import_formats.offered()) + ");;所有文件 (*)"


class ImportReviewDialog(QDialog):
    def __init__(self, result: ImportResult, source_name: str, carry_into: Edition | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importReviewDialog")
        self.result = result
        report = result.report
        self.doc = ReportDocument(report.copy(), None, self, compute_totals=False, read_only=True,
                                  sources=result.sources)
        self.setWindowTitle(self.tr("核对导入的内容 — {name}").format(name=source_name))
        lay = QVBoxLayout(self)
        kind = KIND_NAMES.get(result.kind, result.kind)
        summary = QLabel(self.tr("从{kind}“{name}”读到：<b>{title}</b>（{edition}），{n} 个数值，"
                                 "{m} 处未能放置。请核对后再确认。")
                         .format(kind=kind, name=source_name, title=report.title or "?", edition=report.ed.name,
                                 n=len(report.values), m=len(result.problems)), self)
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        lay.addWidget(summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        tabs = QTabWidget(self)
        tabs.setObjectName("importTables")
        self.views: dict[str, ReportTableView] = {}
        for s in report.ed.sections:
            if s.kind != "table":
                continue
            view = ReportTableView(SectionTableModel(self.doc, s.id, self), self)
            self.views[s.id] = view
            tabs.addTab(view, tab_title(s))
        texts = QPlainTextEdit(self)
        texts.setReadOnly(True)
        texts.setObjectName("importTexts")
        parts = []
        for tid, tdef in report.ed.texts.items():
            t = report.text.get(tid, "")
            parts.append(f"【{tdef.name}】{self.tr('（未找到）') if not t else ''}\n{t}\n")
        texts.setPlainText("\n".join(parts))
        tabs.addTab(texts, self.tr("正文"))
        split.addWidget(tabs)

        self.list = QListWidget(self)
        self.list.setObjectName("importProblems")
        self.list.setWordWrap(True)
        # the review's lines (core/importers/review.py: govreport import/show/check print the same),
        # their kind words and the blank-cells line in this window's language
        words = {review.PROBLEM: self.tr("未能放置："), review.NOTE: self.tr("注意："),
                 review.ERROR: self.tr("原文错误") + " ", review.WARNING: self.tr("原文提示") + " "}
        for line in review.review_lines(result, self.doc.findings()):
            if line.kind == review.BLANKS:
                self.list.addItem(self.tr("有 {n} 个单元格没有读到数（表中以黄色显示），导入后保持空白")
                                  .format(n=line.count))
            else:
                self.list.addItem(words[line.kind] + line.text)
        self.carried: dict[str, V.Value] = {}
        if carry_into is not None:
            self.carried = carried_values(report, carry_into)
            listing = "、".join(f"{carry_into.cells[c].row_name}·{carry_into.cells[c].col_name} {V.display(v)}"
                               for c, v in self.carried.items() if not c.endswith(".total"))
            self.list.addItem(self.tr("将结转到本年报告的数值：") + (listing or self.tr("无（上年的结转数为空白）")))
        split.addWidget(self.list)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(1200, 720)


def read_with_progress(parent: QWidget | None, path: str | Path) -> ImportResult:
    """Read a source in a worker thread, the window still painting; a read that takes a while
    shows 正在读取… with 取消 (background.Cancelled). Errors are raised as read_path raises them."""
    import threading

    from .background import run_busy

    text = QCoreApplication.translate("ImportDialog", "正在读取 {name}…").format(name=Path(path).name)
    cancel = threading.Event()                 # 取消 stops the child process that reads the file
    return run_busy(parent, text, lambda: read_path(path, cancel=cancel), cancel=cancel)


def read_source_with_feedback(parent: QWidget, path: str | Path) -> ImportResult | None:
    """Read a source (see read_with_progress); a failure is shown in Chinese, and it or 取消 gives None."""
    from PySide6.QtWidgets import QMessageBox

    from .. import APP_NAME
    from .background import Cancelled

    try:
        return read_with_progress(parent, path)
    except Cancelled:
        return None
    except GovReportError as e:
        QMessageBox.warning(parent, APP_NAME, str(e))
        return None


class PasteDialog(QDialog):
    """Text copied from a published web page or PDF, pasted in."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pasteDialog")
        self.setWindowTitle(self.tr("从粘贴的文字导入"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("把从网页或 PDF 复制的整份报告（或其中的表格）粘贴到下面："), self))
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("pasteText")
        lay.addWidget(self.edit, 1)
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#b01818")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("读取"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.read)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.result: ImportResult | None = None
        self.resize(800, 600)

    def read(self) -> None:
        from .background import Cancelled, run_busy

        try:
            self.result = run_busy(self, self.tr("正在读取粘贴的文字…"), read_text, self.edit.toPlainText())
        except Cancelled:
            return
        except GovReportError as e:
            self.error.setText(str(e))
            return
        self.accept()
