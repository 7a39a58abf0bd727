"""文件 → 从台账统计…: sections 三 and 四 counted from the office's registers (issue 16, item 6).

The clerk picks the applications register (and, if kept, the cases register). They are read and
counted off the window's thread (a bar with 取消 for a long register) by the core
(``core/ledger``), and shown as the official tables: each counted number, the report's current
figure small beside it where the two differ (those cells marked), and, on a double-click, the
register rows behind the number. Rows that could not be counted are listed with their reasons;
words of the register that name no row or column of the table (or several) are listed once each
with a choice of what they mean, and 按对应关系重新统计 counts again with those choices, which are
remembered for the office (its issuer) in the app's data folder. Nothing in the report changes
until 填入报告, which is one undo step that also records which registers the figures came from.
A register changed on disk after it was counted is counted again before anything is filled in.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QModelIndex, QSettings, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QMessageBox, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from .. import APP_NAME
from ..core import ledger as L
from ..core import values as V
from ..core.errors import GovReportError
from ..core.ledger import provenance
from ..core.ledger.register import APPLICATION_FIELDS, CASE_FIELDS
from ..core.ledger.vocab import KIND_NAMES, vocabularies
from .background import Cancelled, Progress, run_busy
from .document import ReportDocument
from .names import tab_title
from .table_model import CellIdRole, PrevTextRole, SectionTableModel
from .table_view import CornerValueDelegate, ReportTableView

REGISTER_FILTER = QT_TRANSLATE_NOOP("LedgerDialog", "台账 (*.xlsx *.xlsm *.xls *.et *.csv *.txt);;所有文件 (*)")
CHANGED = QBrush(QColor("#cfe6ff"))          # a counted number that differs from the report's


def mapping_path(issuer: str) -> Path:
    """Where the office's choices of what its register's words mean are kept: one file per
    issuer in the app's data folder."""
    from .recovery import data_dir

    digest = hashlib.sha256(issuer.strip().encode("utf-8")).hexdigest()[:16]
    return data_dir() / "ledger-mappings" / f"{digest}.json"


class CountedModel(SectionTableModel):
    """The counted table, read-only: the report's current figure beside a number that differs."""

    def __init__(self, doc: ReportDocument, section: str, current: dict, rows: dict[str, list[int]], parent=None):
        self.current, self.behind = current, rows
        super().__init__(doc, section, parent)

    def differs(self, cell: str) -> bool:
        return cell in self.doc.report.values and self.current.get(cell) != self.doc.report.values.get(cell)

    def _build(self, key):
        e = super()._build(key)
        cell = e.get(CellIdRole)
        if cell and self.differs(cell):
            cd = self.cells[cell]
            e[int(Qt.ItemDataRole.BackgroundRole)] = CHANGED
            e[PrevTextRole] = V.display(self.current.get(cell), cd.type, grouping=True) or self.tr("空白")
        return e

    def _tooltip(self, cell: str) -> str:
        cd = self.cells[cell]
        lines = [f"{cd.row_name} · {cd.col_name}",
                 self.tr("台账统计：{n}").format(n=V.display(self.doc.report.values.get(cell), cd.type))]
        if self.differs(cell):
            lines.append(self.tr("报告现有：{n}").format(n=V.display(self.current.get(cell), cd.type) or self.tr("空白")))
        rows = self.behind.get(cell, [])
        if rows:
            lines.append(self.tr("台账中的 {n} 行，双击或按回车查看").format(n=len(rows)))
        return "\n".join(lines)


def current_value_delegate(view: QWidget) -> CornerValueDelegate:
    """Paints the report's current figure small in the corner of a cell that differs."""
    return CornerValueDelegate(view, lambda value: QCoreApplication.translate("LedgerDialog", "现有{value}")
                               .format(value=value), "#1f3f66")


class RowsDialog(QDialog):
    """The register rows behind one number."""

    def __init__(self, parent: QWidget, title: str, register: L.Register, rows: list[int]):
        super().__init__(parent)
        self.setObjectName("ledgerRowsDialog")
        self.setWindowTitle(title)
        fields = APPLICATION_FIELDS if register.kind == "applications" else CASE_FIELDS
        fields = [f for f in fields if register.has(f.key)]
        by_row = {e.row: e for e in register.entries}
        table = QTableWidget(len(rows), len(fields) + 1, self)
        table.setObjectName("ledgerRows")
        table.setHorizontalHeaderLabels([self.tr("台账行号")] + [f.name for f in fields])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, r in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(str(r)))
            entry = by_row.get(r)
            for j, f in enumerate(fields, start=1):
                v = entry.values.get(f.key) if entry else None
                text = v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else str(v))
                table.setItem(i, j, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("{where}中的 {n} 行：").format(where=register.where, n=len(rows)), self))
        lay.addWidget(table, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.resize(900, 420)


class LedgerDialog(QDialog):
    """从台账统计: pick the registers, look at the counts, map unknown words, fill in."""

    def __init__(self, parent: QWidget | None, doc: ReportDocument):
        super().__init__(parent)
        self.setObjectName("ledgerDialog")
        self.doc = doc
        self.report = doc.report
        self.ed = self.report.ed
        self.setWindowTitle(self.tr("从台账统计 — {year} 年").format(year=self.report.year))
        self.paths: dict[str, str] = {"applications": "", "cases": ""}
        self.counts: dict[str, L.Count] = {}
        self.mapping_problem = ""                   # why the office's saved mapping could not be used
        self.mapping: dict[str, dict[str, str]] = self._load_mapping()
        self.differences: list = []
        self._views: dict = {}                   # each counted table's view: (its model, its count)

        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("选择本机关的政府信息公开申请登记台账（第三部分），有行政复议、行政诉讼案件台账的也可一并选择"
                               "（第四部分）。统计结果核对无误后，点“填入报告”。"), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        grid = QGridLayout()
        self.path_edits: dict[str, QLineEdit] = {}
        for row, (kind, label, name) in enumerate((("applications", self.tr("申请登记台账："), "Register"),
                                                    ("cases", self.tr("案件台账（可选）："), "Cases"))):
            grid.addWidget(QLabel(label, self), row, 0)
            edit = QLineEdit(self)
            edit.setReadOnly(True)
            edit.setObjectName(f"path{name}")
            self.path_edits[kind] = edit
            grid.addWidget(edit, row, 1)
            choose = QPushButton(self.tr("选择…"), self)
            choose.setObjectName(f"choose{name}Button")
            choose.setAutoDefault(False)
            choose.clicked.connect(lambda _checked=False, k=kind: self.choose(k))
            grid.addWidget(choose, row, 2)
        self.drop_cases = QPushButton(self.tr("不用"), self)
        self.drop_cases.setObjectName("dropCasesButton")
        self.drop_cases.setAutoDefault(False)
        self.drop_cases.setEnabled(False)
        self.drop_cases.clicked.connect(lambda _checked=False: self.drop("cases"))
        grid.addWidget(self.drop_cases, 1, 3)
        lay.addLayout(grid)

        self.summary = QLabel(self.tr("尚未选择台账。"), self)
        self.summary.setObjectName("ledgerSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("ledgerSplit")
        split.setChildrenCollapsible(False)
        self.split = split
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("ledgerTables")
        split.addWidget(self.tabs)
        bottom = QWidget(self)
        bl = QHBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.problems = QListWidget(bottom)
        self.problems.setObjectName("ledgerProblems")
        self.problems.setWordWrap(True)
        bl.addWidget(self.problems, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("台账中无法对应表格栏目的写法（请指定）："), bottom))
        self.words = QTableWidget(0, 4, bottom)
        self.words.setObjectName("ledgerMapping")
        self.words.setHorizontalHeaderLabels([self.tr("类别"), self.tr("台账中的写法"), self.tr("行数"), self.tr("对应到")])
        self.words.verticalHeader().hide()
        self.words.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        right.addWidget(self.words, 1)
        self.recount_button = QPushButton(self.tr("按对应关系重新统计"), bottom)
        self.recount_button.setObjectName("recountButton")
        self.recount_button.setAutoDefault(False)
        self.recount_button.setEnabled(False)
        self.recount_button.clicked.connect(lambda _checked=False: self.recount())
        right.addWidget(self.recount_button)
        bl.addLayout(right, 2)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("填入报告"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setEnabled(False)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        self.apply_button.clicked.connect(lambda _checked=False: self.apply())
        cancel.clicked.connect(lambda _checked=False: self.reject())
        lay.addWidget(buttons)
        self.resize(1280, 800)
        split.setSizes([560, 200])        # the tables first: they are what is checked

    # -- the office's mapping ---------------------------------------------------------------
    def _load_mapping(self) -> dict[str, dict[str, str]]:
        path = mapping_path(self.report.issuer)
        if not path.exists():
            return {}
        try:
            return {k: dict(v) for k, v in L.load_mapping(path, self.ed).items()}
        except GovReportError as e:                 # said, and the clerk maps again
            self.mapping_problem = str(e)
            return {}

    def _save_mapping(self) -> None:
        if not any(self.mapping.values()):
            return
        path = mapping_path(self.report.issuer)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            L.save_mapping(path, self.mapping, self.ed)
        except (GovReportError, OSError):
            pass                                    # not remembered: the figures are filled in all the same

    # -- picking and counting --------------------------------------------------------------
    def choose(self, kind: str) -> None:
        settings = QSettings()
        folder = str(settings.value("ledgerFolder", "") or settings.value("lastFolder", ""))
        title = self.tr("选择申请登记台账") if kind == "applications" else self.tr("选择案件台账")
        path, _ = QFileDialog.getOpenFileName(self, title, folder, self.tr(REGISTER_FILTER))
        if not path:
            return
        settings.setValue("ledgerFolder", str(Path(path).parent))
        old = self.paths[kind]
        self.paths[kind] = path
        if not self.recount(kinds=[kind]):
            self.paths[kind] = old
        self.path_edits[kind].setText(self.paths[kind])
        self.drop_cases.setEnabled(bool(self.paths["cases"]))

    def drop(self, kind: str) -> None:
        self.paths[kind] = ""
        self.counts.pop(kind, None)
        self.path_edits[kind].setText("")
        self.drop_cases.setEnabled(False)
        self.show_counts()

    def _count(self, kind: str, path: str, cancel: threading.Event, progress: Progress) -> L.Count:
        """In the worker thread: read and count one register (no Qt)."""
        reg = L.read_register(path, kind, cancel=cancel, progress=progress)
        if kind == "applications":
            return L.count_applications(reg, self.ed, self.report.year, self.mapping)
        return L.count_cases(reg, self.ed, self.report.year, self.mapping)

    def recount(self, kinds: list[str] | None = None) -> bool:
        """Read and count the chosen registers (``kinds``, or all chosen) with the mapping as it
        stands; False when one could not be read or 取消 was pressed (said; nothing changes)."""
        self._take_choices()
        for kind in kinds or [k for k, p in self.paths.items() if p]:
            path = self.paths[kind]
            cancel, progress = threading.Event(), Progress()
            try:
                count = run_busy(self, self.tr("正在统计 {name}…").format(name=Path(path).name), self._count,
                                 kind, path, cancel, progress, cancel=cancel, progress=progress)
            except Cancelled:
                return False
            except GovReportError as e:
                QMessageBox.warning(self, APP_NAME, self.tr("无法统计台账：\n{msg}").format(msg=e))
                return False
            self.counts[kind] = count
        self.show_counts()
        return True

    def _take_choices(self) -> None:
        """The choices made in the table of unknown words, into the mapping."""
        for row in range(self.words.rowCount()):
            combo = self.words.cellWidget(row, 3)
            item = self.words.item(row, 1)
            if combo is None or item is None:
                continue
            key = combo.currentData()
            kind = item.data(Qt.ItemDataRole.UserRole)
            if key:
                self.mapping.setdefault(kind, {})[item.text()] = key

    # -- showing ---------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and obj in self._views
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            model, count = self._views[obj]
            self.show_rows(model, count, obj.currentIndex())
            return True
        return super().eventFilter(obj, event)

    def show_counts(self) -> None:
        self.tabs.clear()
        self._views: dict = {}
        self.problems.clear()
        self.words.setRowCount(0)
        counts = [self.counts[k] for k in ("applications", "cases") if k in self.counts]
        if not counts:
            self.summary.setText(self.tr("尚未选择台账。"))
            self.apply_button.setEnabled(False)
            return
        filled = L.filled(self.report, *counts)
        shown = ReportDocument(filled, None, self, compute_totals=False, read_only=True)
        current = self.report.values
        differ = 0
        for c in counts:
            sid = (self.ed.ledger.applications if c.register.kind == "applications" else self.ed.ledger.cases).table
            model = CountedModel(shown, sid, current, c.rows, self)
            view = ReportTableView(model, self)
            view.setObjectName(f"ledger_{sid}")
            view.setItemDelegate(current_value_delegate(view))
            view.doubleClicked.connect(lambda index, m=model, count=c: self.show_rows(m, count, index))
            view.installEventFilter(self)            # Enter on a number: its rows, as a double-click
            self._views[view] = (model, c)
            self.tabs.addTab(view, tab_title(self.ed.section(sid)))
            differ += sum(1 for cell in c.values if model.differs(cell))
        self.differences = L.compare_carried(counts[0], self.report.previous.values if self.report.previous else None) \
            if "applications" in self.counts else []
        left = sum(len(c.left_out) for c in counts)
        parts = "；".join(self.tr("{where}：计入 {n} 条").format(where=c.register.where, n=c.counted) for c in counts)
        said = self.tr("{parts}；未计入 {left} 行；与报告现有数不同的单元格 {differ} 个（浅蓝色，角上是现有数）。"
                       "双击一个数（或选中后按回车），查看台账中计入它的行。").format(parts=parts, left=left, differ=differ)
        self.summary.setText(said)
        for c in counts:
            for note in c.notes:
                self.problems.addItem(self.tr("注意：") + note)
            for x in c.left_out:
                self.problems.addItem(self.tr("未计入：") + f"{c.register.where} {x.message}")
        for d in self.differences:
            self.problems.addItem(self.tr("与上年报告不符：") + d.message)
        if self.mapping_problem:
            self.problems.addItem(self.tr("保存的对应关系无法使用：") + self.mapping_problem)
        self._show_words(counts)
        self.apply_button.setEnabled(True)

    def _show_words(self, counts: list[L.Count]) -> None:
        vocab = vocabularies(self.ed)
        unmatched = [u for c in counts for u in c.unmatched]
        self.words.setRowCount(len(unmatched))
        for i, u in enumerate(unmatched):
            self.words.setItem(i, 0, QTableWidgetItem(KIND_NAMES[u.kind]))
            word = QTableWidgetItem(u.value)
            word.setData(Qt.ItemDataRole.UserRole, u.kind)
            self.words.setItem(i, 1, word)
            self.words.setItem(i, 2, QTableWidgetItem(str(len(u.rows))))
            combo = QComboBox(self.words)
            combo.setObjectName(f"mapChoice{i}")
            combo.addItem(self.tr("（不计入）"), "")
            names = vocab[u.kind].names
            for key in (u.candidates or tuple(names)):
                combo.addItem(names[key], key)
            self.words.setCellWidget(i, 3, combo)
        self.words.resizeColumnsToContents()
        self.recount_button.setEnabled(bool(unmatched))

    def show_rows(self, model: CountedModel, count: L.Count, index: QModelIndex) -> None:
        cell = model.cell_id(index)
        if not cell:
            return
        rows = count.rows.get(cell, [])
        cd = self.ed.cells[cell]
        title = self.tr("{place}：{n}").format(place=cd.place, n=count.values.get(cell, 0))
        if not rows:
            QMessageBox.information(self, APP_NAME, self.tr("{title}\n台账中没有计入这一格的行。").format(title=title))
            return
        RowsDialog(self, title, count.register, rows).exec()

    # -- filling in ------------------------------------------------------------------------
    def _changed_on_disk(self) -> list[str]:
        changed = []
        for kind, count in self.counts.items():
            try:
                now = hashlib.sha256(Path(self.paths[kind]).read_bytes()).hexdigest()
            except OSError:
                now = ""
            if now != count.register.fingerprint:
                changed.append(Path(self.paths[kind]).name)
        return changed

    def apply(self) -> None:
        changed = self._changed_on_disk()
        if changed:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                              self.tr("台账 {names} 在统计之后被修改过（也许有人正在编辑它）。将重新统计，请核对后再填入。")
                              .format(names="、".join(changed)), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("ledgerChangedBox")
            box.exec()
            self.recount()
            return
        counts = [self.counts[k] for k in ("applications", "cases") if k in self.counts]
        values = L.report_values(*counts)
        self.doc.fill_from_ledger(values, provenance.remembered(self.report, *counts))
        self._save_mapping()
        self.accept()
