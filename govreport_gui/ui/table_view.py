"""The grid widget: spreadsheet keys over the printed table.

Type to replace, F2 to edit, Enter commits and moves down, Tab moves right,
Delete clears to blank, arrows move between number cells (labels and merged
cells are skipped). Ctrl+C / Ctrl+V copy and paste rectangles as
tab-separated text (Excel, WPS). The view holds no report logic: it asks the
core (grid navigation, paste planning) and the document (changes).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QHeaderView, QLineEdit,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget)

from ..core.errors import ValueInputError
from ..core.grid import parse_tsv, plan_paste
from .table_model import PrevTextRole, SectionTableModel

# column widths (px at 96 dpi) per section: label columns first, then numbers
WIDTHS = {
    "s2": [200, 150, 150, 150],
    "s3": [34, 118, 310] + [74] * 7,
    "s4": [70] * 15,
}


class CellDelegate(QStyledItemDelegate):
    """Number editor. Painting stays in C++ (fast) unless last year is shown."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        editor.setObjectName("cellEditor")
        return editor


class PreviousYearDelegate(CellDelegate):
    """Also paints last year's value small in the cell's corner (显示上年数)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        prev = index.data(PrevTextRole)
        if prev:
            painter.save()
            f = painter.font()
            f.setPointSizeF(max(f.pointSizeF() * 0.75, 6))
            painter.setFont(f)
            painter.setPen(QColor("#5a6b85"))
            r = option.rect.adjusted(3, 1, -4, -1)
            label = QCoreApplication.translate("ReportTableView", "上年{value}").format(value=prev)
            painter.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), label)
            painter.restore()


class ReportTableView(QTableView):
    message = Signal(str)          # for the status bar

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName(f"table_{model.section}")
        self.setAccessibleName(model.doc.report.ed.section(model.section).heading)
        self._plain = CellDelegate(self)
        self._with_previous = PreviousYearDelegate(self)
        self.setItemDelegate(self._plain)
        self.setWordWrap(True)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setGridStyle(Qt.PenStyle.SolidLine)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for r, c, rs, cs in model.spans():
            self.setSpan(r, c, rs, cs)
        self.apply_widths()
        model.inputRejected.connect(self.message)
        r, c = model.nav.first_value()
        self.setCurrentIndex(model.index(r, c))

    def set_show_previous(self, on: bool) -> None:
        self.model().set_show_previous(on)
        self.setItemDelegate(self._with_previous if on else self._plain)

    def model(self) -> SectionTableModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def apply_widths(self) -> None:
        m = self.model()
        widths = WIDTHS.get(m.section) or [90] * m.table.width
        scale = max(self.logicalDpiX() / 96.0, 1.0)
        for c, w in enumerate(widths[: m.table.width]):
            self.setColumnWidth(c, int(w * scale))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Row heights from the cells of that row alone (a tall merged label must not stretch one row)."""
        m = self.model()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        base = fm.lineSpacing() + 10
        heights = [base] * m.table.height
        for g in m.table.grid:
            if g.kind != "label" or g.rowspan != 1:
                continue
            width = sum(self.columnWidth(c) for c in range(g.col, g.col + g.colspan)) - 8
            metrics = fmb if g.role in ("title", "header") else fm
            need = metrics.boundingRect(QRect(0, 0, max(width, 10), 10_000),
                                        int(Qt.TextFlag.TextWordWrap), g.text).height() + 8
            heights[g.row] = max(heights[g.row], need)
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)

    # -- navigation ------------------------------------------------------------------
    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        cur = self.currentIndex()
        m = self.model()
        if not cur.isValid():
            r, c = m.nav.first_value()
            return m.index(r, c)
        A = QAbstractItemView.CursorAction
        steps = {A.MoveUp: (-1, 0), A.MoveDown: (1, 0), A.MoveLeft: (0, -1), A.MoveRight: (0, 1),
                 A.MoveNext: (0, 1), A.MovePrevious: (0, -1)}
        if action in steps:
            dr, dc = steps[action]
            r, c = m.nav.step(cur.row(), cur.column(), dr, dc)
            if action in (A.MoveNext, A.MovePrevious) and (r, c) == (cur.row(), cur.column()):
                # wrap to the next/previous row's first/last number cell
                r2, c2 = m.nav.step(cur.row(), cur.column(), 1 if action == A.MoveNext else -1, 0)
                if (r2, c2) != (cur.row(), cur.column()):
                    row_cells = [g for g in m.table.grid if g.kind == "value" and g.row == r2]
                    if row_cells:
                        g = row_cells[0] if action == A.MoveNext else row_cells[-1]
                        r, c = g.row, g.col
            return m.index(r, c)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        H = QAbstractItemDelegate.EndEditHint
        if hint == H.SubmitModelCache:          # Enter: commit and move down
            super().closeEditor(editor, H.NoHint)
            self._move(1, 0)
        elif hint == H.EditNextItem:            # Tab: commit and move right
            super().closeEditor(editor, H.NoHint)
            self._move(0, 1)
        elif hint == H.EditPreviousItem:
            super().closeEditor(editor, H.NoHint)
            self._move(0, -1)
        else:
            super().closeEditor(editor, hint)

    def _move(self, dr: int, dc: int) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        r, c = self.model().nav.step(cur.row(), cur.column(), dr, dc)
        self.setCurrentIndex(self.model().index(r, c))

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, 0)
                return
        super().keyPressEvent(event)

    # -- clipboard and clearing -------------------------------------------------------
    def selected_rect(self) -> tuple[int, int, int, int] | None:
        idx = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not idx:
            return None
        rows = [i.row() for i in idx]
        cols = [i.column() for i in idx]
        return min(rows), min(cols), max(rows), max(cols)

    def selected_cells(self) -> list[str]:
        m = self.model()
        out = []
        for i in self.selectedIndexes() or [self.currentIndex()]:
            c = m.cell_id(i)
            if c and c not in out:
                out.append(c)
        return out

    def copy_selection(self) -> None:
        rect = self.selected_rect()
        if rect is None:
            return
        m = self.model()
        types = {c: cd.type for c, cd in m.cells.items()}
        text = m.nav.copy_text(*rect, m.doc.report.values, types)
        QGuiApplication.clipboard().setText(text)
        self.message.emit(self.tr("已复制 {rows} 行 × {cols} 列").format(rows=rect[2] - rect[0] + 1, cols=rect[3] - rect[1] + 1))

    def paste(self, text: str | None = None) -> bool:
        m = self.model()
        if text is None:
            text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.message.emit(self.tr("剪贴板中没有可粘贴的内容"))
            return False
        cur = self.currentIndex()
        if not cur.isValid():
            return False
        top, left = cur.row(), cur.column()
        rows = parse_tsv(text)
        computed = {c for c in m.cells if m.doc.is_computed(c)}
        try:
            plan = plan_paste(m.doc.report.ed, m.nav, top, left, rows, computed)
            changed = m.doc.set_cells(plan.changes, self.tr("粘贴 {n} 个单元格").format(n=len(plan.changes)))
        except ValueInputError as e:
            self.message.emit(str(e))
            QApplication.beep()
            return False
        note = (self.tr("，{n} 个合计单元格由程序计算，未采用粘贴的数").format(n=len(plan.skipped_totals))
                if plan.skipped_totals else "")
        self.message.emit(self.tr("已粘贴 {n} 个单元格").format(n=len(plan.changes)) + note if changed
                          else self.tr("粘贴的内容与现有数值相同"))
        return True

    def clear_selection(self) -> None:
        m = self.model()
        cells = [c for c in self.selected_cells() if not m.doc.is_computed(c) and m.doc.value(c) is not None]
        if cells:
            m.doc.set_cells({c: None for c in cells}, self.tr("清除 {n} 个单元格").format(n=len(cells)))
            self.message.emit(self.tr("已清除 {n} 个单元格（空白）").format(n=len(cells)))

    def select_cells(self, cells: list[str]) -> None:
        m = self.model()
        sel = self.selectionModel()
        sel.clearSelection()
        first = None
        for c in cells:
            idx = m.index_of(c)
            if idx.isValid():
                sel.select(idx, sel.SelectionFlag.Select)
                first = first or idx
        if first is not None:
            self.setCurrentIndex(first)
            sel.select(first, sel.SelectionFlag.Select)
            for c in cells:
                idx = m.index_of(c)
                if idx.isValid():
                    sel.select(idx, sel.SelectionFlag.Select)
            self.scrollTo(first)

