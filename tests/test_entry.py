"""Typing into the tables the way a clerk does: keys sent to the grid, never a slot called.

Tab runs along a row and on to the next row, Enter down a column and on to the next
column; both skip computed totals and labels; a refused entry keeps the cursor in the
cell with the reason beside it; typing on a total says why it cannot be typed; the
headers stay in view and the columns fit the window.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from govreport_gui.core import native
from govreport_gui.core.report import new_report
from govreport_gui.ui.main_window import MainWindow


@pytest.fixture
def blank(window):
    """A new, empty 2025 report (2021 edition) in the window."""
    window.load_report(new_report(2025, "某某区人民政府"), None)
    return window


def open_tab(w: MainWindow, section: str):
    w.tabs.setCurrentIndex(w.TAB_IDS.index(section))
    QApplication.processEvents()
    return w.views.get(section)


def put_cursor(view, cell: str) -> None:
    view.setFocus()
    view.setCurrentIndex(view.model().index_of(cell))


def current(view) -> str | None:
    return view.model().cell_id(view.currentIndex())


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, k, mods)


def type_text(widget, text: str) -> None:
    """Characters as key events (QTest.keyClicks aborts on non-ASCII, so QKeyEvent for those)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def enter_value(qtbot, view, text: str, end=Qt.Key.Key_Return, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """Type a value into the current cell (the first key opens the editor), then press ``end``."""
    type_text(view, text[0])
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit), "typing did not open the cell's editor"
    type_text(editor, text[1:])
    key(editor, end, mods)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState or bool(view.note_text()))


def test_tab_runs_along_a_row_and_on_to_the_next_row(qtbot, blank):
    """The bug a clerk met: 1 Tab 2 Tab … 6 Tab in 二 put later values over earlier ones."""
    view = open_tab(blank, "s2")
    put_cursor(view, "s2.regulations.issued")
    for n in range(1, 7):
        enter_value(qtbot, view, str(n), Qt.Key.Key_Tab)
    v = blank.doc.value
    assert [v(f"s2.regulations.{c}") for c in ("issued", "repealed", "in_force")] == [1, 2, 3]
    assert [v(f"s2.normative.{c}") for c in ("issued", "repealed", "in_force")] == [4, 5, 6]
    assert current(view) == "s2.licensing.decisions"            # the next value has its own cell


def test_enter_runs_down_a_column_skipping_the_total_and_on_to_the_next_column(qtbot, blank):
    view = open_tab(blank, "s3")
    put_cursor(view, "s3.new.natural")
    model = view.model()
    natural = [c for c in model.nav.by_cell if c.endswith(".natural") and not blank.doc.is_computed(c)]
    assert len(natural) == 24 and "s3.total.natural" not in natural
    for n in range(1, len(natural) + 2):
        enter_value(qtbot, view, str(n))
    rows = sorted(natural, key=lambda c: model.index_of(c).row())
    assert [blank.doc.value(c) for c in rows] == list(range(1, 25))
    assert blank.doc.value("s3.total.natural") == sum(range(3, 24))      # computed, never typed over
    assert blank.doc.value("s3.new.business") == 25                         # the next column's top
    assert current(view) == "s3.carried_in.business"


def test_tab_at_the_end_of_a_row_skips_the_total_column(qtbot, blank):
    view = open_tab(blank, "s3")
    put_cursor(view, "s3.new.other")
    enter_value(qtbot, view, "4", Qt.Key.Key_Tab)
    assert current(view) == "s3.carried_in.natural"
    key(view, Qt.Key.Key_Tab)                                      # without typing, too
    assert current(view) == "s3.carried_in.business"


def test_shift_reverses_tab_and_enter(qtbot, blank):
    view = open_tab(blank, "s3")
    put_cursor(view, "s3.carried_in.natural")
    enter_value(qtbot, view, "2", Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert blank.doc.value("s3.carried_in.natural") == 2
    assert current(view) == "s3.new.other"
    put_cursor(view, "s3.carried_out.natural")
    enter_value(qtbot, view, "3", Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current(view) == "s3.other.other.natural"              # up, over the computed total
    key(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current(view) == "s3.other.unpaid_fee.natural"


def test_the_last_cell_goes_on_to_the_first_and_says_so(qtbot, blank):
    view = open_tab(blank, "s4")
    put_cursor(view, "s4.suit_after_review.pending")
    enter_value(qtbot, view, "1", Qt.Key.Key_Tab)
    assert blank.doc.value("s4.suit_after_review.pending") == 1
    assert current(view) == "s4.review.upheld"
    assert "回到第一个" in blank.statusBar().currentMessage()


def test_no_key_sequence_leaves_the_cursor_where_the_next_value_overwrites(qtbot, blank):
    """Every input cell of every table, typed with Tab, then with Enter: each value stays."""
    for section in ("s2", "s3", "s4"):
        view = open_tab(blank, section)
        inputs = view.input_cells()
        for by_column, end in ((False, Qt.Key.Key_Tab), (True, Qt.Key.Key_Return)):
            order = view.model().nav.entry_order(inputs, by_column)
            r, c = order[0]
            view.setCurrentIndex(view.model().index(r, c))
            view.setFocus()
            for n, _ in enumerate(order, start=1):
                enter_value(qtbot, view, str(n + (100 if by_column else 0)), end)
            got = [blank.doc.value(view.model().cell_id(view.model().index(r, c))) for r, c in order]
            want = [n + (100 if by_column else 0) for n in range(1, len(order) + 1)]
            assert [int(g) for g in got] == want, (section, by_column)


def test_typing_on_a_total_says_why_and_changes_nothing(qtbot, window):
    view = open_tab(window, "s3")
    put_cursor(view, "s3.new.total")
    before = window.doc.value("s3.new.total")
    key(view, Qt.Key.Key_5)
    assert view.state() != view.State.EditingState
    assert "合计" in view.note_text() and "自动计算" in view.note_text()
    assert window.doc.value("s3.new.total") == before
    key(view, Qt.Key.Key_F2)                                       # F2 the same
    assert "自动计算" in view.note_text()
    key(view, Qt.Key.Key_Left)                                     # moving on clears the note
    assert view.note_text() == ""


@pytest.mark.parametrize("typed, reason", [("1a", "不是数字"), ("-3", "负"), ("123456789012345678901", "")])
def test_a_refused_entry_keeps_the_cursor_in_the_cell_with_the_reason_beside_it(qtbot, window, typed, reason):
    view = open_tab(window, "s3")
    put_cursor(view, "s3.new.business")
    before, depth = dict(window.doc.report.values), window.doc.undo_stack.count()
    enter_value(qtbot, view, typed)
    assert view.state() == view.State.EditingState                # still in the cell
    assert current(view) == "s3.new.business"
    assert reason in view.note_text() and view.note_text()
    assert "「一、本年新收" in view.note_text() or "商业企业" in view.note_text()
    assert view.note.geometry().intersects(view.rect())
    assert window.doc.report.values == before and window.doc.undo_stack.count() == depth
    # fixed in place: the note and the status message go, the value lands, the cursor moves on
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.selectedText() == typed
    type_text(editor, "28")
    key(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.doc.value("s3.new.business") == 28
    assert view.note_text() == "" and window.statusBar().currentMessage() == ""
    assert current(view) == "s3.carried_in.business"


def test_escape_after_a_refused_entry_cancels_it(qtbot, window):
    view = open_tab(window, "s4")
    put_cursor(view, "s4.review.upheld")
    enter_value(qtbot, view, "六")
    assert "不是数字" in view.note_text()
    key(view.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert view.note_text() == "" and window.doc.value("s4.review.upheld") == 6
    assert current(view) == "s4.review.upheld"


def test_clicking_elsewhere_after_a_refused_entry_drops_it_and_says_so(qtbot, window):
    view = open_tab(window, "s4")
    put_cursor(view, "s4.review.upheld")
    enter_value(qtbot, view, "x")
    target = view.visualRect(view.model().index_of("s4.review.other")).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.doc.value("s4.review.upheld") == 6
    assert current(view) == "s4.review.other"
    assert "未填入" in window.statusBar().currentMessage()


def test_ctrl_home_and_ctrl_end_go_to_the_first_and_last_cells_to_fill(qtbot, window):
    view = open_tab(window, "s3")
    put_cursor(view, "s3.denied.law.social")
    key(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert current(view) == "s3.new.natural"
    key(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert current(view) == "s3.carried_out.other"


def test_the_headers_and_row_labels_stay_in_view_while_the_table_scrolls(qtbot, window):
    view = open_tab(window, "s3")
    parts = view.frozen_parts()
    assert set(parts) == {"top", "left", "corner"}
    model = view.model()
    put_cursor(view, "s3.carried_out.natural")
    view.scrollTo(view.currentIndex())
    QApplication.processEvents()
    assert view.verticalScrollBar().value() > 0, "at 1366x768 section 三 is taller than the window"
    top, left = parts["top"], parts["left"]
    # the column names are still on screen above the values
    header = top.visualRect(model.index(1, 3))                       # 自然人
    assert top.isVisible() and top.viewport().rect().intersects(header)
    assert top.geometry().bottom() < view.viewport().geometry().top() + 1
    # and the row label of the cell in view is beside it
    row = model.index_of("s3.carried_out.natural").row()
    label = left.visualRect(model.index(row, 0))
    assert left.viewport().rect().intersects(label)
    assert left.verticalScrollBar().value() == view.verticalScrollBar().value()
    cell = view.visualRect(view.currentIndex())
    assert view.viewport().rect().contains(cell.center())           # not under a frozen pane
    # the wheel over the labels scrolls the table
    before = view.verticalScrollBar().value()
    view.verticalScrollBar().setValue(0)
    assert left.verticalScrollBar().value() == 0 and before > 0


@pytest.mark.parametrize("dock_width", [330, 460])
def test_every_table_fits_the_common_office_screen(qtbot, window, dock_width):
    window.resizeDocks([window.dock], [dock_width], Qt.Orientation.Horizontal)
    for section in ("s2", "s3", "s4"):
        view = open_tab(window, section)
        QApplication.processEvents()
        assert view.horizontalScrollBar().maximum() == 0, (section, dock_width)
        m = view.model()
        for cell in m.nav.by_cell:                                     # no value is cut
            idx = m.index_of(cell)
            assert view.columnWidth(idx.column()) >= view.fontMetrics().horizontalAdvance(idx.data() or "")


def test_an_eight_digit_total_shows_whole(qtbot, window):
    view = open_tab(window, "s3")
    put_cursor(view, "s3.new.natural")
    enter_value(qtbot, view, "12345678")
    idx = view.model().index_of("s3.new.total")
    text = idx.data()
    assert text.startswith("12,3") and "…" not in text
    from PySide6.QtGui import QFont, QFontMetrics
    bold = QFont(view.font())
    bold.setBold(True)
    assert view.columnWidth(idx.column()) >= QFontMetrics(bold).horizontalAdvance(text) + 8
    assert view.horizontalScrollBar().maximum() == 0


def test_amounts_keep_every_decimal_typed(qtbot, window):
    view = open_tab(window, "s2")
    put_cursor(view, "s2.fees.amount")
    enter_value(qtbot, view, "12345678901.123456")
    assert window.doc.value("s2.fees.amount") == Decimal("12345678901.123456")


def test_review_cells_not_read_are_plain_to_see(qtbot, window):
    from govreport_gui.core.importers import ImportResult
    from govreport_gui.ui.import_dialog import ImportReviewDialog
    from govreport_gui.ui.table_model import StateRole
    report = native.load(window.doc.path)
    del report.values["s3.new.natural"]
    dlg = ImportReviewDialog(ImportResult(report=report, kind="docx"), "last.docx", None, window)
    qtbot.addWidget(dlg)
    idx = dlg.views["s3"].model().index_of("s3.new.natural")
    assert idx.data() == "未读到" and idx.data(StateRole) == "missing"
    assert idx.data(Qt.ItemDataRole.BackgroundRole).color().name() != "#ffffff"
