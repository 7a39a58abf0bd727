"""The grid widget: spreadsheet keys over the printed table.

Type to replace, F2 to edit, Enter commits and moves down (below the last
row, on to the top of the next column), Tab moves right (past the last cell
of a row, on to the next row), Shift reverses both; Tab and Enter visit only
the cells a person fills, never a computed total or a label. Delete clears to
blank, arrows move between number cells, Ctrl+Home goes to the first cell to
fill. An entry that cannot be taken keeps the cursor in the cell with the
reason shown beside it until it is fixed or cancelled (Esc). Ctrl+C / Ctrl+V
copy and paste rectangles as tab-separated text (Excel, WPS).

The header rows and label columns stay in view while the table scrolls
(冻结窗格), and the columns fit the window and their widest value.

The view holds no report logic: it asks the core (grid navigation, paste
planning) and the document (changes).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QHeaderView, QLabel,
                               QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget)

from ..core.errors import ValueInputError
from ..core.grid import parse_tsv, plan_paste
from .table_model import PrevTextRole, SectionTableModel

# preferred column widths: the edition's relative widths (mm as printed on A4) at this many px
# per mm at 96 dpi; the view shrinks them to fit the window, never below what a column's values need
PX_PER_MM = 6.3
MIN_VALUE_WIDTH = 44          # px at 96 dpi: a number column is never narrower
LABEL_SHRINK = 0.5            # a label column may shrink to this share of its preferred width
CELL_PADDING = 14             # px around a value's text


class CellDelegate(QStyledItemDelegate):
    """Number editor. Painting stays in C++ (fast) unless last year is shown."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.backwards = False          # the last Enter in an editor had Shift: move up, not down

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        editor.setObjectName("cellEditor")
        editor.setProperty("cellRow", index.row())
        editor.setProperty("cellColumn", index.column())
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and event.reason() in (Qt.FocusReason.ActiveWindowFocusReason,
                                                                       Qt.FocusReason.PopupFocusReason):
            # another window came up (a question box, another program, the editor's own menu):
            # the cell stays in typing, as in Excel, and gets the keyboard back with the window
            return False
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                                                    Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(editor, QLineEdit):
                # Qt commits on Enter later (a queued call), so a key typed ahead on a busy PC
                # would still land in this editor ("9 Enter 8" giving 98): commit now
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
                return True
        return super().eventFilter(editor, event)


class CornerValueDelegate(CellDelegate):
    """Also paints another figure of the cell (the model's PrevTextRole) small in its top-left
    corner, labelled by ``label`` (a function of the figure's text) in ``color``."""

    def __init__(self, parent: QObject | None, label, color: str):
        super().__init__(parent)
        self.label, self.color = label, QColor(color)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        other = index.data(PrevTextRole)
        if other:
            painter.save()
            f = painter.font()
            f.setPointSizeF(max(f.pointSizeF() * 0.75, 6))
            painter.setFont(f)
            painter.setPen(self.color)
            r = option.rect.adjusted(3, 1, -4, -1)
            painter.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), self.label(other))
            painter.restore()


class PreviousYearDelegate(CornerValueDelegate):
    """Also paints last year's value small in the cell's corner (显示上年数)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent, lambda value: QCoreApplication.translate("ReportTableView", "上年{value}")
                         .format(value=value), "#5a6b85")


class CellMessage(QLabel):
    """A note beside a cell: why an entry was refused, or why a total cannot be typed."""

    STYLES = {
        "error": "background:#fff1f0; color:#8b1414; border:1px solid #d32f2f;",
        "info": "background:#eef4fc; color:#1f3f66; border:1px solid #5b86b8;",
    }

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("cellMessage")
        self.setWordWrap(True)
        self.setMaximumWidth(380)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.kind = ""
        self.hide()

    def show_at(self, rect: QRect, text: str, kind: str) -> None:
        self.kind = kind
        self.setStyleSheet(f"QLabel#cellMessage {{ {self.STYLES[kind]} padding:4px 7px; border-radius:3px; }}")
        self.setText(text)
        fm = self.fontMetrics()
        widest = max(fm.horizontalAdvance(line) for line in text.split("\n"))
        width = min(widest + 20, self.maximumWidth())           # one line if it fits, else wrapped evenly
        self.resize(width, self.heightForWidth(width))
        self.place(rect)
        self.show()
        self.raise_()

    def place(self, rect: QRect) -> None:
        """Below the cell if there is room, else above; kept inside the view."""
        parent = self.parentWidget()
        w, h = self.width(), self.height()
        x = min(max(rect.left(), 2), max(parent.width() - w - 2, 2))
        y = rect.bottom() + 3
        if y + h > parent.height() - 2:
            y = max(rect.top() - h - 3, 2)
        self.move(x, y)


class _FrozenPart(QTableView):
    """One frozen pane (the header band, the label band, or their corner) over the main view.

    It shows the same model, with only its own rows and columns; it never takes focus or
    selection, and passes the mouse wheel on to the main view so scrolling works over it.
    """

    def __init__(self, main: "ReportTableView", rows: range | None, cols: range | None, name: str):
        super().__init__(main)
        self.main = main
        self.setObjectName(name)
        self.setModel(main.model())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setGridStyle(main.gridStyle())
        m = main.model()
        for r, c, rs, cs in m.spans():
            self.setSpan(r, c, rs, cs)
        for r in range(m.rowCount()):
            self.setRowHidden(r, rows is not None and r not in rows)
        for c in range(m.columnCount()):
            self.setColumnHidden(c, cols is not None and c not in cols)

    def wheelEvent(self, event) -> None:
        self.main.wheelEvent(event)


class ReportTableView(QTableView):
    message = Signal(str)          # for the status bar ("" clears a message this view gave)

    def __init__(self, model: SectionTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._parts: dict[str, _FrozenPart] = {}
        self._widths: list[int] = []
        self._heights: list[int] = []
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
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for r, c, rs, cs in model.spans():
            self.setSpan(r, c, rs, cs)
        self._rejected: tuple[QModelIndex, str] | None = None
        self.pending_problem = ""              # why the entry being typed cannot be taken (finish_editing)
        self._note_index = QModelIndex()               # the cell the note beside it is about
        self.note = CellMessage(self)
        self._inputs: set[str] | None = None
        self._last_fit_width = -1
        self.frozen_rows, self.frozen_cols = model.nav.frozen()
        self._make_frozen_parts()
        self.apply_widths()
        model.inputRejected.connect(self.message)
        model.doc.cellsChanged.connect(self._cells_changed)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.go_first_input()

    def model(self) -> SectionTableModel:  # type: ignore[override]
        return super().model()  # type: ignore[return-value]

    def set_show_previous(self, on: bool) -> None:
        self.model().set_show_previous(on)
        self.setItemDelegate(self._with_previous if on else self._plain)
        self.fit_columns(force=True)

    # -- frozen panes ------------------------------------------------------------------
    def _make_frozen_parts(self) -> None:
        fr, fc = self.frozen_rows, self.frozen_cols
        m = self.model()
        if fr:
            self._parts["top"] = _FrozenPart(self, range(fr), range(fc, m.columnCount()), "frozenHeader")
            self.horizontalScrollBar().valueChanged.connect(self._parts["top"].horizontalScrollBar().setValue)
        if fc:
            self._parts["left"] = _FrozenPart(self, range(fr, m.rowCount()), range(fc), "frozenLabels")
            self.verticalScrollBar().valueChanged.connect(self._parts["left"].verticalScrollBar().setValue)
        if fr and fc:
            self._parts["corner"] = _FrozenPart(self, range(fr), range(fc), "frozenCorner")
        for r in range(fr):
            self.setRowHidden(r, True)
        for c in range(fc):
            self.setColumnHidden(c, True)

    def frozen_parts(self) -> dict[str, QTableView]:
        return dict(self._parts)

    def _layout_frozen(self) -> None:
        if not self._parts or not self._heights:
            return
        top_h = sum(self._heights[: self.frozen_rows])
        left_w = sum(self._widths[: self.frozen_cols])
        self.setViewportMargins(left_w, top_h, 0, 0)
        vp = self.viewport().geometry()
        if "top" in self._parts:
            self._parts["top"].setGeometry(vp.x(), vp.y() - top_h, vp.width(), top_h)
            self._parts["top"].horizontalScrollBar().setValue(self.horizontalScrollBar().value())
        if "left" in self._parts:
            self._parts["left"].setGeometry(vp.x() - left_w, vp.y(), left_w, vp.height())
            self._parts["left"].verticalScrollBar().setValue(self.verticalScrollBar().value())
        if "corner" in self._parts:
            self._parts["corner"].setGeometry(vp.x() - left_w, vp.y() - top_h, left_w, top_h)
        for p in self._parts.values():
            p.raise_()
        self.note.raise_()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._layout_frozen()

    # -- sizes ---------------------------------------------------------------------------
    def _scale(self) -> float:
        return max(self.logicalDpiX() / 96.0, 1.0)

    def preferred_widths(self) -> list[int]:
        m = self.model()
        per = PX_PER_MM * 156 / sum(m.table.widths) * self._scale()
        return [int(w * per) for w in m.table.widths]

    def _value_columns(self) -> set[int]:
        return {g.col + i for g in self.model().table.grid if g.kind == "value" for i in range(g.colspan)}

    def needed_widths(self) -> list[int]:
        """Per column, the width its values need (0 for label columns): nothing shows as "12,3…"."""
        m = self.model()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        need = [0] * m.table.width
        floor = int(MIN_VALUE_WIDTH * self._scale())
        for c in self._value_columns():
            need[c] = floor
        for g in m.table.grid:
            if g.kind != "value" or g.colspan != 1:
                continue
            text = m.index(g.row, g.col).data() or ""
            metrics = fmb if m.doc.is_computed(g.cell) else fm
            need[g.col] = max(need[g.col], metrics.horizontalAdvance(str(text)) + CELL_PADDING)
        return need

    def _available_width(self) -> int:
        width = self.width() - 2 * self.frameWidth()
        tall = sum(self._heights) > self.height() - 2 * self.frameWidth() if self._heights else True
        if tall:
            width -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return width

    def fit_columns(self, force: bool = False) -> None:
        """Columns at their preferred widths, shrunk to fit the view: labels first, then numbers,
        never below what a value needs. If even that is too wide, the view scrolls sideways."""
        avail = self._available_width()
        if not force and avail == self._last_fit_width:
            return
        self._last_fit_width = avail
        pref = self.preferred_widths()
        need = self.needed_widths()
        values = self._value_columns()
        widths = [max(p, n) for p, n in zip(pref, need)]
        mins = [n if c in values else int(p * LABEL_SHRINK) for c, (p, n) in enumerate(zip(pref, need))]
        excess = sum(widths) - avail
        for group in ([c for c in range(len(widths)) if c not in values], sorted(values)):
            if excess <= 0:
                break
            room = {c: widths[c] - mins[c] for c in group if widths[c] > mins[c]}
            total = sum(room.values())
            if not total:
                continue
            take = min(excess, total)
            for c, r in room.items():
                cut = min(r, -(-take * r // total))       # ceil: the excess goes in one pass
                widths[c] -= cut
            excess = sum(widths) - avail
        self._widths = widths
        for c, w in enumerate(widths):
            self.setColumnWidth(c, w)
            for p in self._parts.values():
                p.setColumnWidth(c, w)
        self.fit_rows()

    def apply_widths(self) -> None:
        self.fit_columns(force=True)

    def fit_rows(self) -> None:
        """Row heights from the cells of that row alone (a tall merged label must not stretch one row)."""
        m = self.model()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        fmb = QFontMetrics(bold)
        base = fm.lineSpacing() + 10
        heights = [base] * m.table.height
        widths = self._widths or [self.columnWidth(c) for c in range(m.table.width)]
        for g in m.table.grid:
            if g.kind != "label" or g.rowspan != 1:
                continue
            width = sum(widths[g.col: g.col + g.colspan]) - 8
            metrics = fmb if g.role in ("title", "header") else fm
            need = metrics.boundingRect(QRect(0, 0, max(width, 10), 10_000),
                                        int(Qt.TextFlag.TextWordWrap), g.text).height() + 8
            heights[g.row] = max(heights[g.row], need)
        self._heights = heights
        for r, h in enumerate(heights):
            self.setRowHeight(r, h)
            for p in self._parts.values():
                p.setRowHeight(r, h)
        self._layout_frozen()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self._layout_frozen()
        self._place_note()

    def _cells_changed(self, cells: dict) -> None:
        """A value wider than its column widens it (and the others give way)."""
        self._inputs = None
        m = self.model()
        if not self._widths or not any(c in m.nav.by_cell for c in cells):
            return
        need = self.needed_widths()
        if any(n > w for n, w in zip(need, self._widths)):
            self.fit_columns(force=True)

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(sum(self.preferred_widths()) + 2 * self.frameWidth())
        return hint

    # -- where typing goes -----------------------------------------------------------------
    def input_cells(self) -> set[str]:
        if self._inputs is None:
            m = self.model()
            self._inputs = m.input_cells() or set(m.nav.by_cell)    # under review: every value cell
        return self._inputs

    def go_first_input(self) -> None:
        m = self.model()
        order = m.nav.entry_order(self.input_cells())
        r, c = order[0] if order else m.nav.first_value()
        self.setCurrentIndex(m.index(r, c))

    def go_last_input(self) -> None:
        m = self.model()
        order = m.nav.entry_order(self.input_cells())
        r, c = order[-1] if order else m.nav.first_value()
        self.setCurrentIndex(m.index(r, c))

    def advance(self, by_column: bool, forward: bool = True) -> None:
        """Tab (by row) or Enter (by column) to the next cell to fill, never staying put."""
        cur = self.currentIndex()
        m = self.model()
        if not cur.isValid():
            self.go_first_input()
            return
        (r, c), wrapped = m.nav.next_entry(cur.row(), cur.column(), self.input_cells(), by_column, forward)
        self.setCurrentIndex(m.index(r, c))
        if wrapped:
            self.message.emit(self.tr("已到本表最后一个要填的单元格，回到第一个") if forward
                              else self.tr("已到本表第一个要填的单元格，转到最后一个"))

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        cur = self.currentIndex()
        m = self.model()
        if not cur.isValid():
            r, c = m.nav.first_value()
            return m.index(r, c)
        A = QAbstractItemView.CursorAction
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if action in (A.MoveNext, A.MovePrevious):
            (r, c), _ = m.nav.next_entry(cur.row(), cur.column(), self.input_cells(), False, action == A.MoveNext)
            return m.index(r, c)
        if action in (A.MoveHome, A.MoveEnd):
            if ctrl:                                   # Ctrl+Home / Ctrl+End: first / last cell to fill
                order = m.nav.entry_order(self.input_cells())
                if order:
                    r, c = order[0] if action == A.MoveHome else order[-1]
                    return m.index(r, c)
                return cur
            row = [g for g in m.table.grid if g.kind == "value" and g.row == cur.row()]
            if row:
                g = row[0] if action == A.MoveHome else row[-1]
                return m.index(g.row, g.col)
            return cur
        if action in (A.MovePageUp, A.MovePageDown):
            dr = -1 if action == A.MovePageUp else 1
            r, c = cur.row(), cur.column()
            rows = max(self.viewport().height() // max(min(self._heights or [20]), 1) - 1, 1)
            for _ in range(rows):
                r2, c2 = m.nav.step(r, c, dr, 0)
                if (r2, c2) == (r, c):
                    break
                r, c = r2, c2
            return m.index(r, c)
        steps = {A.MoveUp: (-1, 0), A.MoveDown: (1, 0), A.MoveLeft: (0, -1), A.MoveRight: (0, 1)}
        if action in steps:
            dr, dc = steps[action]
            r, c = m.nav.step(cur.row(), cur.column(), dr, dc)
            return m.index(r, c)
        return super().moveCursor(action, modifiers)

    # -- editing ------------------------------------------------------------------------------
    def edit(self, index: QModelIndex, trigger=None, event=None):  # type: ignore[override]
        if trigger is None:
            return super().edit(index)
        ok = super().edit(index, trigger, event)
        T = QAbstractItemView.EditTrigger
        if not ok and index.isValid() and self.model().is_computed(index) and trigger in (
                T.AnyKeyPressed, T.EditKeyPressed, T.DoubleClicked):
            if trigger != T.AnyKeyPressed or (event is not None and event.text().strip()):
                self.show_note(index, self.model().computed_reason(index), "info")
        return ok

    def finish_editing(self) -> bool:
        """Commit what is being typed in a cell (before a save or an export). False, with the
        reason beside the cell, if the entry cannot be taken."""
        if self.state() != QAbstractItemView.State.EditingState:
            return True
        index = self.currentIndex()
        editor = self.indexWidget(index)
        if not isinstance(editor, QLineEdit):
            return True
        problem = self.model().enter_text(index, editor.text())
        if problem:
            self.pending_problem = problem
            self.show_note(index, problem + "\n" + self.tr("改正后按回车；按 Esc 放弃这次输入。"), "error")
            editor.setFocus()
            editor.selectAll()
            QApplication.beep()
            return False
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.hide_note()
        return True

    def cancel_editing(self) -> None:
        """Drop what is being typed in the cell (as Esc does)."""
        editor = self.indexWidget(self.currentIndex())
        if self.state() == QAbstractItemView.State.EditingState and editor is not None:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.hide_note()

    def keyboardSearch(self, search: str) -> None:
        """No type-ahead search: in a spreadsheet a typed digit is a value, never a jump."""

    def _editor_index(self, editor: QWidget) -> QModelIndex:
        r, c = editor.property("cellRow"), editor.property("cellColumn")
        if r is None or c is None:
            return self.currentIndex()
        return self.model().index(int(r), int(c))

    def commitData(self, editor: QWidget) -> None:
        """An entry the cell cannot take is not committed: the editor stays open with the reason."""
        index = self._editor_index(editor)
        self._rejected = None
        if isinstance(editor, QLineEdit) and index.isValid():
            problem = self.model().enter_text(index, editor.text())       # taken here, or why not
            if problem:
                self._rejected = (index, problem)
            return
        super().commitData(editor)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        H = QAbstractItemDelegate.EndEditHint
        index = self._editor_index(editor)
        rejected, self._rejected = self._rejected, None
        if rejected is not None and hint != H.RevertModelCache:
            if hint in (H.SubmitModelCache, H.EditNextItem, H.EditPreviousItem) and index == self.currentIndex():
                # Enter or Tab on a refused entry: stay in the cell, say why, let it be fixed
                self.show_note(index, rejected[1] + "\n" + self.tr("改正后按回车；按 Esc 放弃这次输入。"), "error")
                self.message.emit(rejected[1])
                QApplication.beep()
                editor.setFocus()
                if isinstance(editor, QLineEdit):
                    editor.selectAll()
                return
            # the person went elsewhere (a click, another tab): the entry is dropped, and said so
            super().closeEditor(editor, H.NoHint)
            self.hide_note()
            self.message.emit(self.tr("未填入：{why}").format(why=rejected[1]))
            return
        had_error = self.note.isVisible() and self.note.kind == "error"
        backwards = self._plain.backwards or self._with_previous.backwards
        self._plain.backwards = self._with_previous.backwards = False
        super().closeEditor(editor, H.NoHint if hint != H.RevertModelCache else hint)
        self.hide_note()
        if had_error:
            self.message.emit("")                 # fixed or cancelled: the old reason is stale
        if hint == H.SubmitModelCache:            # Enter: down the column, on to the next column
            self.advance(by_column=True, forward=not backwards)
        elif hint == H.EditNextItem:              # Tab: along the row, on to the next row
            self.advance(by_column=False, forward=not backwards)
        elif hint == H.EditPreviousItem:
            self.advance(by_column=False, forward=False)

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key, mods = event.key(), event.modifiers()
            plain = not mods & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods & ~Qt.KeyboardModifier.KeypadModifier:
                self.clear_selection()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.advance(by_column=True, forward=not mods & Qt.KeyboardModifier.ShiftModifier)
                return
            if key == Qt.Key.Key_Tab and not mods & ~Qt.KeyboardModifier.KeypadModifier:
                self.advance(by_column=False)
                return
            if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.ShiftModifier):
                self.advance(by_column=False, forward=False)
                return
        super().keyPressEvent(event)

    # -- the note beside a cell -------------------------------------------------------------
    def show_note(self, index: QModelIndex, text: str, kind: str = "error") -> None:
        self._note_index = index
        self.note.show_at(self._note_rect(index), text, kind)
        self.message.emit(text)

    def hide_note(self) -> None:
        self.note.hide()
        self._note_index = QModelIndex()

    def note_text(self) -> str:
        return self.note.text() if self.note.isVisible() else ""

    def _note_rect(self, index: QModelIndex) -> QRect:
        r = self.visualRect(index)
        return QRect(self.viewport().mapTo(self, r.topLeft()), r.size())

    def _place_note(self) -> None:
        if self.note.isVisible() and self._note_index.isValid():
            self.note.place(self._note_rect(self._note_index))

    def _scrolled(self, _value: int) -> None:
        self._place_note()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.note.isVisible() and self.note.kind == "info" and current != self._note_index:
            self.hide_note()

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
        if m.doc.read_only:
            return False
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
        if m.doc.read_only:
            return
        selected = self.selected_cells()
        cells = [c for c in selected if not m.doc.is_computed(c) and m.doc.value(c) is not None]
        if cells:
            m.doc.set_cells({c: None for c in cells}, self.tr("清除 {n} 个单元格").format(n=len(cells)))
            self.message.emit(self.tr("已清除 {n} 个单元格（空白）").format(n=len(cells)))
        elif selected and all(m.doc.is_computed(c) for c in selected):
            self.show_note(self.currentIndex(), m.computed_reason(self.currentIndex()), "info")

    def select_all_cells(self) -> None:
        """全选: every value cell of the table (for copying the whole table to Excel)."""
        m = self.model()
        sel = self.selectionModel()
        sel.clearSelection()
        for g in m.table.grid:
            if g.kind == "value":
                sel.select(m.index(g.row, g.col), sel.SelectionFlag.Select)

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
