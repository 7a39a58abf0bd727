"""A table section as a Qt model, laid out like the printed form.

The model's rows and columns are the printed table's grid (header rows
included); merged cells are reported by :meth:`spans` for ``setSpan``. All
labels, types and rules come from the edition data through the core.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..core import values as V
from ..core.errors import ValueInputError
from ..core.grid import GridNav
from ..core.rules import Finding
from .document import ReportDocument

CellIdRole = Qt.ItemDataRole.UserRole + 1
PrevTextRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
StateRole = Qt.ItemDataRole.UserRole + 4

COLORS = {
    "header": QColor("#e9edf3"),
    "title": QColor("#dde4ee"),
    "label": QColor("#f5f7fa"),
    "blank": QColor("#fff8d6"),
    "computed": QColor("#e3ebf6"),
    "error": QColor("#f8c9c9"),
    "warning": QColor("#fde3b0"),
    "accepted": QColor("#e2e2e2"),
    "input": QColor("#ffffff"),
}
TEXT_COLORS = {"error": QColor("#8b1414"), "warning": QColor("#7a4b00"), "accepted": QColor("#555555")}
NOT_MARKED = {"B1"}     # blanks have their own look; B1 lives in the findings list and status bar


class SectionTableModel(QAbstractTableModel):
    inputRejected = Signal(str)

    def __init__(self, doc: ReportDocument, section: str, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.section = section
        self.table = doc.report.ed.tables[section]
        self.nav = GridNav(self.table)
        self.cells = doc.report.ed.cells
        self.show_previous = False
        self._marks: dict[str, list[Finding]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._rebuild_marks()
        doc.cellsChanged.connect(self._on_cells)
        doc.findingsChanged.connect(self._on_findings)

    # -- shape -----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.table.height

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.table.width

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(g.row, g.col, g.rowspan, g.colspan) for g in self.table.grid if g.rowspan > 1 or g.colspan > 1]

    def index_of(self, cell_id: str) -> QModelIndex:
        g = self.nav.by_cell.get(cell_id)
        return self.index(g.row, g.col) if g else QModelIndex()

    def cell_id(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        return self.nav.cell_at(index.row(), index.column())

    # -- data --------------------------------------------------------------------
    def state(self, cell: str) -> str:
        marks = self._marks.get(cell)
        if marks:
            if any(f.severity == "error" for f in marks):
                return "error"
            if any(not f.accepted for f in marks):
                return "warning"
            return "accepted"
        if self.doc.is_computed(cell):
            return "computed"
        if cell not in self.doc.report.values:
            return "blank"
        return "input"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        g = self.nav.cover.get((index.row(), index.column()))
        if g is None or (g.row, g.col) != (index.row(), index.column()):
            return None
        if g.kind == "label":
            return self._label_data(g, role)
        cell = g.cell
        cd = self.cells[cell]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            v = self.doc.value(cell)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{cd.row_name} {cd.col_name} {V.display(v, cd.type) or '空白'}"
            return V.display(v, cd.type, grouping=True)
        if role == Qt.ItemDataRole.EditRole:
            return V.display(self.doc.value(cell), cd.type)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLORS[self.state(cell)])
        if role == Qt.ItemDataRole.ForegroundRole:
            color = TEXT_COLORS.get(self.state(cell))
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.doc.is_computed(cell) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == PrevTextRole:
            if not self.show_previous:
                return None
            prev = self.doc.report.previous_value(cell)
            return None if prev is None else V.display(prev, cd.type, grouping=True)
        if role == CellIdRole:
            return cell
        if role == KindRole:
            return "value"
        if role == StateRole:
            return self.state(cell)
        return None

    def _label_data(self, g, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return g.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLORS["title" if g.role == "title" else "header" if g.role == "header" else "label"])
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if g.role in ("title", "header") else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if g.role in ("title", "header") or g.rowspan > 2:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == KindRole:
            return "label"
        return None

    def _tooltip(self, cell: str) -> str:
        cd = self.cells[cell]
        v = self.doc.value(cell)
        lines = [f"{cd.row_name} · {cd.col_name}" + (f"（{cd.unit}）" if cd.unit else "")]
        if v is None:
            lines.append("空白（未填写；空白不等于0）")
        if self.doc.is_computed(cell):
            lines.append("合计：由程序按各项自动计算")
        prev = self.doc.report.previous_value(cell)
        if prev is not None:
            lines.append(f"上年：{V.display(prev, cd.type, grouping=True)}")
        for f in self._marks.get(cell, ()):
            kind = "错误" if f.severity == "error" else ("已说明" if f.accepted else "警告")
            lines.append(f"【{kind} {f.rule}】{f.message}")
            if f.accepted and f.note:
                lines.append(f"　说明：{f.note}")
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        cell = self.cell_id(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if cell is not None and not self.doc.is_computed(cell):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.cell_id(index)
        if cell is None:
            return False
        cd = self.cells[cell]
        try:
            parsed = V.parse("" if value is None else str(value), cd.type)
            self.doc.set_cells({cell: parsed}, f"填写 {cd.row_name}·{cd.col_name}")
        except ValueInputError as e:
            self.inputRejected.emit(f"{cd.place}：{e}" if cd.place not in str(e) else str(e))
            return False
        return True

    # -- updates -------------------------------------------------------------------
    def set_show_previous(self, on: bool) -> None:
        self.show_previous = on
        self._emit_all()

    def _emit_all(self) -> None:
        if self.table.height and self.table.width:
            self.dataChanged.emit(self.index(0, 0), self.index(self.table.height - 1, self.table.width - 1))

    def _emit_cells(self, cells) -> None:
        for cell in cells:
            g = self.nav.by_cell.get(cell)
            if g is not None:
                idx = self.index(g.row, g.col)
                self.dataChanged.emit(idx, idx)

    def _on_cells(self, cells: dict) -> None:
        self._emit_cells([c for c in cells if c in self.nav.by_cell])

    def _rebuild_marks(self) -> dict[str, list[Finding]]:
        old = self._marks
        marks: dict[str, list[Finding]] = {}
        for f in self.doc.engine.findings.values():
            if f.rule in NOT_MARKED:
                continue
            for c in f.cells:
                if c in self.nav.by_cell:
                    marks.setdefault(c, []).append(f)
        self._marks = marks
        return old

    def _on_findings(self, delta) -> None:
        old = self._rebuild_marks()
        changed = {c for c in set(old) | set(self._marks) if old.get(c) != self._marks.get(c)}
        if delta is None:
            self._emit_all()
        else:
            self._emit_cells(changed)

    def marks(self, cell: str) -> list[Finding]:
        return list(self._marks.get(cell, ()))
