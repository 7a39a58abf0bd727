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
from .document import Finding, ReportDocument

CellIdRole = int(Qt.ItemDataRole.UserRole) + 1
PrevTextRole = int(Qt.ItemDataRole.UserRole) + 2
KindRole = int(Qt.ItemDataRole.UserRole) + 3
StateRole = int(Qt.ItemDataRole.UserRole) + 4

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
    "missing": QColor("#ffc46b"),
}
BRUSHES = {k: QBrush(c) for k, c in COLORS.items()}
BRUSHES["blank"] = QBrush(COLORS["blank"], Qt.BrushStyle.Dense6Pattern)    # blank is not 0: it looks unfilled
BRUSHES["missing"] = QBrush(COLORS["missing"], Qt.BrushStyle.BDiagPattern)  # under review: not read at all
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDIT_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsEditable
TEXT_COLORS = {"error": QColor("#8b1414"), "warning": QColor("#7a4b00"), "accepted": QColor("#555555"),
               "missing": QColor("#8a4b00")}


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
        self._cache: dict[tuple[int, int], dict[int, object]] = {}
        self._flags = {(g.row, g.col): (_BASE_FLAGS if doc.read_only or doc.is_computed(g.cell) else _EDIT_FLAGS)
                       for g in self.table.grid if g.kind == "value"}
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

    def input_cells(self) -> set[str]:
        """The cells a person types into: not totals the program computes, not a report under review."""
        if self.doc.read_only:
            return set()
        return {c for c in self.nav.by_cell if not self.doc.is_computed(c)}

    def is_computed(self, index: QModelIndex) -> bool:
        cell = self.cell_id(index)
        return cell is not None and self.doc.is_computed(cell)

    def enter_text(self, index: QModelIndex, text: str) -> str | None:
        """Put what was typed into the cell at ``index``, as one undo step: parsed and validated
        once. None if it was taken; else why not, in Chinese (nothing changed)."""
        cell = self.cell_id(index)
        if cell is None:
            return None
        cd = self.cells[cell]
        try:
            self.doc.set_cells({cell: V.parse(text, cd.type)}, self.tr("输入 {place}").format(place=cd.place),
                               parsed=True)
        except ValueInputError as e:
            msg = str(e)
            return msg if cd.place in msg else f"{cd.place}：{msg}"
        return None

    def computed_reason(self, index: QModelIndex) -> str:
        """What to say when someone types on a total."""
        cell = self.cell_id(index)
        cd = self.cells[cell] if cell else None
        what = f"{cd.place}是合计" if cd else "这是合计"
        return self.tr("{what}，由程序按各项自动计算，不能直接填写。请填写它左边或上面的各项。").format(what=what)

    # -- data --------------------------------------------------------------------
    def state(self, cell: str) -> str:
        if self.doc.read_only and cell not in self.doc.report.values:
            return "missing"                  # under review: not read from the source at all
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
        key = (index.row(), index.column())
        entry = self._cache.get(key)
        if entry is None:
            entry = self._cache[key] = self._build(key)
        if role == _TOOLTIP:
            cell = entry.get(CellIdRole)
            return self._tooltip(cell) if cell else entry.get(_DISPLAY)
        return entry.get(int(role))

    def _build(self, key: tuple[int, int]) -> dict[int, object]:
        """Everything a view asks of one grid position, computed once until it changes."""
        g = self.nav.cover.get(key)
        if g is None or (g.row, g.col) != key:
            return {}
        if g.kind == "label":
            return self._label_entry(g)
        cell = g.cell
        cd = self.cells[cell]
        v = self.doc.value(cell)
        state = self.state(cell)
        e: dict[int, object] = {
            _DISPLAY: self.tr("未读到") if state == "missing" else V.display(v, cd.type, grouping=True),
            _EDIT: V.display(v, cd.type),
            _ACCESSIBLE: f"{cd.row_name} {cd.col_name} {V.display(v, cd.type) or self.tr('空白')}",
            _ALIGN: _RIGHT,
            _BACKGROUND: BRUSHES[state],
            CellIdRole: cell,
            KindRole: "value",
            StateRole: state,
        }
        color = TEXT_COLORS.get(state)
        if color is not None:
            e[_FOREGROUND] = QBrush(color)
        if self.doc.is_computed(cell):
            e[_FONT] = self._bold
        if state == "missing":
            e[_ALIGN] = _CENTER
        if self.show_previous:
            prev = self.doc.report.previous_value(cell)
            if prev is not None:
                e[PrevTextRole] = V.display(prev, cd.type, grouping=True)
        return e

    def _label_entry(self, g) -> dict[int, object]:
        e: dict[int, object] = {_DISPLAY: g.text, _ACCESSIBLE: g.text, KindRole: "label",
                                _BACKGROUND: BRUSHES["title" if g.role == "title" else "header" if g.role == "header" else "label"]}
        if g.role in ("title", "header"):
            e[_FONT] = self._bold
        e[_ALIGN] = _CENTER if g.role in ("title", "header") or g.rowspan > 2 else _LEFT
        return e

    def _tooltip(self, cell: str) -> str:
        cd = self.cells[cell]
        v = self.doc.value(cell)
        lines = [f"{cd.row_name} · {cd.col_name}" + (f"（{cd.unit}）" if cd.unit else "")]
        if cell in self.doc.sources:
            lines.append(self.tr("来源：{where}").format(where=self.doc.sources[cell]))
        elif self.doc.read_only and v is None:
            lines.append(self.tr("原文中没有找到这个数"))
        if v is None:
            lines.append(self.tr("空白（未填写；空白不等于0）"))
        if self.doc.is_computed(cell):
            lines.append(self.tr("合计：由程序按各项自动计算"))
        prev = self.doc.report.previous_value(cell)
        if prev is not None:
            lines.append(self.tr("上年：{value}").format(value=V.display(prev, cd.type, grouping=True)))
        if self.doc.report.extra.get("units"):
            from ..core.aggregate import contributions

            parts = contributions(self.doc.report, cell)
            if parts:
                shown = "；".join(f"{name} {V.display(v, cd.type) or '空白'}" + ("" if inc else self.tr("（未计入）"))
                                 for name, v, inc in parts[:12])
                more = self.tr("……共 {n} 个单位").format(n=len(parts)) if len(parts) > 12 else ""
                lines.append(self.tr("各单位：") + shown + more)
        for f in self._marks.get(cell, ()):
            kind = self.tr("错误") if f.severity == "error" else (self.tr("已说明") if f.accepted else self.tr("警告"))
            lines.append(f"【{kind} {f.rule}：{self.doc.report.ed.rule_title(f.rule)}】")
            lines.append(f.message)
            if f.accepted and f.note:
                lines.append(self.tr("　说明：{note}").format(note=f.note))
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        return self._flags.get((index.row(), index.column()), _BASE_FLAGS)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.cell_id(index)
        if cell is None:
            return False
        problem = self.enter_text(index, "" if value is None else str(value))
        if problem:
            self.inputRejected.emit(problem)
            return False
        return True

    # -- updates -------------------------------------------------------------------
    def set_show_previous(self, on: bool) -> None:
        self.show_previous = on
        self._emit_all()

    def _emit_all(self) -> None:
        self._cache.clear()
        if self.table.height and self.table.width:
            self.dataChanged.emit(self.index(0, 0), self.index(self.table.height - 1, self.table.width - 1))

    def _emit_cells(self, cells) -> None:
        for cell in cells:
            g = self.nav.by_cell.get(cell)
            if g is not None:
                self._cache.pop((g.row, g.col), None)
                idx = self.index(g.row, g.col)
                self.dataChanged.emit(idx, idx)

    def _on_cells(self, cells: dict) -> None:
        self._emit_cells([c for c in cells if c in self.nav.by_cell])

    def _rebuild_marks(self) -> dict[str, list[Finding]]:
        old = self._marks
        marks: dict[str, list[Finding]] = {}
        for f in self.doc.engine.findings.values():
            if f.role == "blanks":      # blanks have their own look; they live in the findings list
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
