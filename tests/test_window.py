"""The main window under real hands: the start page, menus and shortcuts from any field,
the year trap, the findings panel's buttons, the export questions, Qt's own dialogs in Chinese.

Every path goes through a real event: a click on the actual button, a key sent to the
focused widget, a menu action triggered. Modal dialogs are answered by a timer that finds
them on screen and clicks their buttons.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialogButtonBox, QFileDialog, QLineEdit,
                               QPlainTextEdit, QPushButton, QWidget)

from qt_helpers import Answer, active_dialogs, click

from govreport_gui.app import build_app, install_translator, open_initial
from govreport_gui.core import native
from govreport_gui.core.report import new_report
from govreport_gui.ui.main_window import MainWindow


@pytest.fixture
def window(bare, demo_path, tmp_path):
    path = tmp_path / "demo.govreport"
    shutil.copy(demo_path, path)
    assert bare.open_path(path)
    return bare


# -- the start page -------------------------------------------------------------------------

def test_with_no_file_the_app_shows_the_start_page_not_the_demo(qtbot, bare):
    open_initial(bare, None)
    assert bare.doc is None and bare.stack.currentWidget() is bare.start
    assert bare.start.from_last.isVisible() and bare.start.from_last.hasFocus()
    assert not bare.act_save.isEnabled() and not bare.act_export_docx.isEnabled()
    assert bare.windowTitle().endswith("年报填报助手")


def test_a_file_on_the_command_line_opens_directly(qtbot, bare, demo_path):
    open_initial(bare, str(demo_path))
    assert bare.doc is not None and bare.doc.path == Path(demo_path)


def test_look_at_the_demo(qtbot, bare):
    click(bare.start.demo_btn)
    assert bare.doc is not None and bare.doc.path is None and bare.demo
    assert "示例" in bare.windowTitle() and bare.doc.report.issuer == "云泽市人民政府"
    assert not bare.isWindowModified()                     # nothing to save until something is typed


def test_open_from_the_start_page(qtbot, bare, demo_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_path), ""))
    click(bare.start.open_btn)
    assert bare.doc.path == Path(demo_path)
    bare.close_report()
    assert bare.doc is None
    item = bare.start.recent.item(0)
    assert "demo.govreport" in item.text()
    bare.start.recent.setCurrentItem(item)
    bare.start.recent.setFocus()
    QTest.keyClick(bare.start.recent, Qt.Key.Key_Return)          # Enter on a recent file opens it
    assert bare.doc is not None and bare.doc.path == Path(demo_path)


def test_a_new_blank_report_from_the_start_page(qtbot, bare):
    def fill(dlg):
        issuer = dlg.findChild(QLineEdit, "newIssuer")
        issuer.setText("某某县人民政府")
        click(next(b for b in dlg.findChildren(QPushButton) if b.text() == "创建"))
    answer = Answer(fill)
    click(bare.start.blank_btn)
    answer.done()
    assert bare.doc is not None and bare.doc.report.issuer == "某某县人民政府"
    assert bare.doc.report.values == {} or all(bare.doc.is_computed(c) for c in bare.doc.report.values)
    assert bare.isWindowModified()


def test_start_from_last_year_carries_the_figures_and_the_contacts(qtbot, bare, demo_path, tmp_path, monkeypatch):
    """The main path: last year's exported Word file, reviewed, becomes this year's report."""
    from govreport_gui.core.export import docx
    last = native.load(demo_path)
    word = tmp_path / "2024年报.docx"
    docx.export(last, word)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(word), ""))
    answer = Answer("确认导入", "创建")                     # the review, then the new-report dialog
    click(bare.start.from_last)
    answer.done()
    assert answer.seen == ["importReviewDialog", "newReportDialog"]
    r = bare.doc.report
    assert r.year == 2025 and r.issuer == "云泽市人民政府"
    for col in ("natural", "business", "research", "social", "legal", "other"):
        assert r.values.get(f"s3.carried_in.{col}") == last.values.get(f"s3.carried_out.{col}")
    assert r.previous is not None and r.previous.year == 2024
    assert r.meta.get("phone") == last.meta["phone"] and r.meta.get("email") == last.meta["email"]
    assert r.meta.get("address") == last.meta["address"]
    assert bare.isWindowModified() and bare.doc.path is None


# -- keys from any field ----------------------------------------------------------------------

class ClaimsKeysLikeX11(QObject):
    """What a QLineEdit does on X11 (UOS, Kylin): it claims Ctrl+E, Ctrl+K, Ctrl+U… for itself
    in ShortcutOverride, so the window's shortcut never fires. Offscreen Qt does not, so the
    tests put this on the field to stand for it."""

    KEYS = {QKeySequence(k)[0].toCombined() for k in ("Ctrl+E", "Ctrl+K", "Ctrl+U", "Ctrl+H", "Ctrl+I", "Ctrl+L")}

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.keyCombination().toCombined() in self.KEYS:
            event.accept()
            return True
        return False


@pytest.mark.parametrize("where", ["issuer", "narrative", "cell"])
def test_ctrl_e_exports_from_any_field(qtbot, window, tmp_path, monkeypatch, where):
    claim = ClaimsKeysLikeX11()
    if where == "issuer":
        window.tabs.setCurrentIndex(0)
        field = window.tabs.widget(0).issuer
    elif where == "narrative":
        window.tabs.setCurrentIndex(window.TAB_IDS.index("s1"))
        field = window.tabs.currentWidget().editor
    else:
        window.tabs.setCurrentIndex(window.TAB_IDS.index("s4"))
        view = window.views["s4"]
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_7)                       # the cell's editor is open
        field = view.focusWidget()
        assert isinstance(field, QLineEdit)
    field.setFocus()
    field.installEventFilter(claim)
    out = tmp_path / "导出.docx"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, suggested, *a, **k: asked.append(suggested) or (str(out), ""))
    answer = Answer("关闭")                                    # 已导出 … : 关闭
    QTest.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    answer.done()
    assert out.exists(), "Ctrl+E did not reach 导出Word"
    assert Path(asked[0]).parent == window.doc.path.parent         # offered beside the report
    if where == "cell":                                          # the 7 being typed was taken in first
        assert window.doc.value("s4.review.upheld") == 7


def test_every_menu_shortcut_reaches_its_action_from_a_text_field(qtbot, window):
    """With the cursor in a line edit that claims keys the way X11's does, every menu shortcut
    except the editing keys (copy, paste, undo… which the field keeps) reaches its action."""
    fired: list[str] = []
    editing = set()
    for std in MainWindow._EDITING_KEYS:
        editing |= {k[0].toCombined() for k in QKeySequence.keyBindings(std) if k.count()}
    for a in window.actions():                    # this window is thrown away: no action needs to run
        try:
            a.triggered.disconnect()
        except (RuntimeError, TypeError):
            pass
        a.triggered.connect(lambda _c=False, a=a: fired.append(a.objectName()))
    window.tabs.setCurrentIndex(0)
    field = window.tabs.widget(0).issuer
    field.setFocus()
    claim = ClaimsKeysLikeX11()
    field.installEventFilter(claim)
    tried = []
    for a in window.actions():
        for ks in a.shortcuts():
            if not ks.count() or ks[0].toCombined() in editing or ks.toString() in ("Ctrl+Y", "Ctrl+Shift+Z"):
                continue
            fired.clear()
            QTest.keyClick(field, ks[0].key(), ks[0].keyboardModifiers())
            assert fired == [a.objectName()], f"{ks.toString()} did not reach {a.objectName()} from a line edit"
            tried.append(ks.toString())
    assert {"Ctrl+E", "Ctrl+Shift+E", "Ctrl+I", "Ctrl+L", "Ctrl+S", "Ctrl+W", "F1", "F8", "F9",
            "Ctrl+PgDown"} <= set(tried), tried


def test_switching_tabs_puts_the_keyboard_in_the_grid(qtbot, window):
    window.tabs.setCurrentIndex(0)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)        # 一: its editor
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    view = window.views["s2"]
    assert view.hasFocus() and view.model().cell_id(view.currentIndex()) == "s2.regulations.issued"
    QTest.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # not a page down in the grid
    assert window.tabs.currentIndex() == 3 and window.views["s3"].hasFocus()
    QTest.keyClick(window.views["s3"], Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    # a click on a tab does the same
    bar = window.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.TAB_IDS.index("s4")).center())
    assert window.views["s4"].hasFocus()


def test_the_edit_menu_copies_pastes_clears_and_selects_cells(qtbot, window):
    view = window.views["s4"]
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s4"))
    view.setCurrentIndex(view.model().index_of("s4.review.upheld"))
    window.act_copy.trigger()
    assert QApplication.clipboard().text() == "6"
    view.setCurrentIndex(view.model().index_of("s4.suit_direct.upheld"))
    window.act_paste.trigger()
    assert window.doc.value("s4.suit_direct.upheld") == 6
    window.act_clear.trigger()
    assert window.doc.value("s4.suit_direct.upheld") is None
    window.act_select_all.trigger()
    assert len({view.model().cell_id(i) for i in view.selectedIndexes()} - {None}) == 15
    # the same keys on the grid
    view.setCurrentIndex(view.model().index_of("s4.review.other"))
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert window.doc.value("s4.review.other") is None
    assert window.act_undo.text().startswith("撤销 清除")
    window.act_undo.trigger()
    assert window.doc.value("s4.review.other") == 1


def test_undo_says_what_it_undoes(qtbot, window):
    view = window.views["s3"]
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s3"))
    view.setCurrentIndex(view.model().index_of("s3.new.natural"))
    QTest.keyClicks(view, "5")
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.act_undo.text() == "撤销 输入 三、「一、本年新收申请」「自然人」(&U)"
    window.act_undo.trigger()
    assert window.act_redo.text().startswith("重做 输入 三、")
    assert window.act_undo.text() == "撤销(&U)" or window.act_undo.text().startswith("撤销 ")


# -- the year trap ---------------------------------------------------------------------------

def _type_year(window, year: int) -> None:
    window.tabs.setCurrentIndex(0)
    spin = window.tabs.widget(0).year
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, str(year))
    QTest.keyClick(spin, Qt.Key.Key_Return)


def test_changing_the_year_of_a_report_with_figures_offers_to_start_this_years(qtbot, window):
    last = window.doc.report.copy()
    last_path = window.doc.path
    answer = Answer("开始2025年的新报告")
    _type_year(window, 2025)
    answer.done()
    assert answer.seen == ["yearChangeBox"]
    r = window.doc.report
    assert r.year == 2025 and window.doc.path is None                      # a new report …
    assert r.values["s3.carried_in.natural"] == last.values["s3.carried_out.natural"]
    assert "s3.new.natural" not in r.values and r.text["s1"] == ""        # … not last year's figures
    assert r.previous.year == 2024
    assert native.load(last_path).year == 2024 and native.load(last_path).values == last.values   # untouched


def test_correcting_a_mistyped_year_keeps_the_figures_and_is_one_undo_step(qtbot, window):
    before = dict(window.doc.report.values)
    answer = Answer("只改正年份")
    _type_year(window, 2025)
    answer.done()
    assert window.doc.report.year == 2025 and window.doc.report.values == before
    assert any(f.rule == "H5" for f in window.doc.findings()), "the narrative still names 2024: a warning"
    window.act_undo.trigger()
    assert window.doc.report.year == 2024 and window.tabs.widget(0).year.value() == 2024


def test_cancelling_the_year_change_puts_the_year_back(qtbot, window):
    answer = Answer("取消")
    _type_year(window, 2026)
    answer.done()
    assert window.doc.report.year == 2024 and window.tabs.widget(0).year.value() == 2024


def test_a_report_without_figures_just_changes_year(qtbot, window):
    window.load_report(new_report(2024, "某某区人民政府"), None)
    _type_year(window, 2025)
    assert not active_dialogs()
    assert window.doc.report.year == 2025 and "2025年1月1日" in window.doc.report.text["preface"]


# -- fields -----------------------------------------------------------------------------------

def test_report_fields_refuse_what_is_not_plausible_and_say_why(qtbot, window):
    info = window.tabs.widget(0)
    window.tabs.setCurrentIndex(0)
    email = info.fields["email"]
    email.setFocus()
    email.selectAll()
    QTest.keyClicks(email, "zwgk@hongze")
    QTest.keyClick(email, Qt.Key.Key_Return)
    assert window.doc.report.meta["email"] == "yzszwgk@yunze.gov.cn"            # unchanged
    assert "电子邮箱" in info.hint.text()
    email.selectAll()
    QTest.keyClicks(email, "zwgk@hongze.gov.cn")
    QTest.keyClick(email, Qt.Key.Key_Return)
    assert window.doc.report.meta["email"] == "zwgk@hongze.gov.cn" and info.hint.text() == ""
    assert info.fields["published"].placeholderText().startswith("2025-")       # the year after 2024


def test_save_takes_in_a_field_still_being_typed(qtbot, window):
    info = window.tabs.widget(0)
    window.tabs.setCurrentIndex(0)
    info.issuer.setFocus()
    info.issuer.selectAll()
    QTest.keyClicks(info.issuer, "X")
    QTest.keyClick(info.issuer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)     # no Enter first
    assert native.load(window.doc.path).issuer == "X"


# -- the findings panel ----------------------------------------------------------------------

def test_accept_warning_button_asks_for_the_note_and_keeps_it(qtbot, window):
    view = window.views["s2"]
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s2"))
    view.setCurrentIndex(view.model().index_of("s2.penalty.decisions"))
    QTest.keyClicks(view, "6")
    QTest.keyClicks(view.focusWidget(), "0000")
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "H4:s2.penalty.decisions" in window.doc.engine.findings)
    lst = window.findings.list
    row = next(i for i in range(lst.count()) if "H4" in lst.item(i).text())
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(row)).center())
    assert window.findings.accept_btn.isEnabled()

    def write_note(dlg):
        assert dlg.objectName() == "acceptNoteDialog"
        editor = dlg.findChild(QPlainTextEdit)
        editor.setPlainText("年内开展专项执法行动，处罚决定大幅增加")
        click(next(b for b in dlg.findChildren(QPushButton) if "接受" in b.text()))
    answer = Answer(write_note)
    click(window.findings.accept_btn)
    answer.done()
    f = window.doc.engine.findings["H4:s2.penalty.decisions"]
    assert f.accepted and f.note == "年内开展专项执法行动，处罚决定大幅增加"
    window.findings.select(f)
    click(window.findings.unaccept_btn)
    assert not window.doc.engine.findings["H4:s2.penalty.decisions"].accepted


def test_the_findings_panel_collapses_and_the_grid_uses_the_room(qtbot, window):
    view = window.views["s3"]
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s3"))
    QApplication.processEvents()
    narrow = view.width()
    QTest.keyClick(view, Qt.Key.Key_F9)
    QApplication.processEvents()
    assert not window.dock.isVisible() and view.width() > narrow
    click(window.panel_button)
    QApplication.processEvents()
    assert window.dock.isVisible()


# -- export ------------------------------------------------------------------------------------

def test_export_with_errors_defaults_to_going_back_to_fix_them(qtbot, window, tmp_path, monkeypatch):
    window.doc.set_cells({"s3.carried_out.natural": 19}, "typed")         # R1 error
    out = tmp_path / "x.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    seen = []

    def press_enter(box):
        seen.append(box.defaultButton().text())
        QTest.keyClick(box, Qt.Key.Key_Return)
    answer = Answer(press_enter)
    window.act_export_docx.trigger()
    answer.done()
    assert seen == ["返回修改"] and not out.exists()
    view = window.views["s3"]
    qtbot.waitUntil(lambda: window.focusWidget() is view)      # the keyboard is back in the grid
    assert window.tabs.currentWidget().isAncestorOf(view)
    assert view.model().cell_id(view.currentIndex()) in {"s3.new.natural", "s3.carried_out.natural",
                                                         "s3.total.natural", "s3.carried_in.natural"}


# -- Qt's own dialogs speak Chinese ------------------------------------------------------------

def test_qt_standard_buttons_and_dialogs_are_in_chinese(qtbot):
    app = build_app(["test"])
    install_translator(app, "zh")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert any("确定" in t for t in texts) and any("取消" in t for t in texts), texts
    dlg = QFileDialog(None, "x")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dlg)
    labels = " ".join(w.text() for w in dlg.findChildren(QAbstractButton) + dlg.findChildren(QWidget)
                      if hasattr(w, "text") and isinstance(w.text(), str))
    assert "取消" in labels or "打开" in labels, labels


def test_the_english_ui_fits_section_three_with_the_panel_open(qtbot, bare, demo_path):
    app = QApplication.instance()
    from PySide6.QtCore import QTranslator
    from govreport_gui.core import resources
    tr = QTranslator()
    assert tr.load(str(resources.resources() / "i18n" / "govreport_en.qm"))
    app.installTranslator(tr)
    try:
        w = MainWindow()
        qtbot.addWidget(w, before_close_func=lambda w: w.doc is not None and w.doc.set_clean())
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        w.open_path(demo_path)
        w.tabs.setCurrentIndex(w.TAB_IDS.index("s3"))
        QApplication.processEvents()
        view = w.views["s3"]
        assert w.dock.isVisible()
        assert view.horizontalScrollBar().maximum() == 0
        total = view.model().index_of("s3.new.total")
        assert view.viewport().rect().contains(view.visualRect(total))
    finally:
        app.removeTranslator(tr)


# -- an entry that cannot be taken, while leaving -----------------------------------------------

def _bad_entry(qtbot, window):
    view = window.views["s4"]
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s4"))
    view.setCurrentIndex(view.model().index_of("s4.review.upheld"))
    QTest.keyClicks(view, "1")
    QTest.keyClicks(view.focusWidget(), "x")
    return view


def test_saving_with_an_entry_that_cannot_be_taken_keeps_it_and_says_why(qtbot, window):
    view = _bad_entry(qtbot, window)
    before = native.load(window.doc.path)
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.state() == view.State.EditingState and "不是数字" in view.note_text()
    assert native.load(window.doc.path).values == before.values          # nothing was saved


def test_closing_with_an_entry_that_cannot_be_taken_asks_and_defaults_to_going_back(qtbot, window):
    view = _bad_entry(qtbot, window)
    seen = []

    def press_enter(box):
        seen.append((box.objectName(), box.defaultButton().text()))
        QTest.keyClick(box, Qt.Key.Key_Return)
    answer = Answer(press_enter)
    assert not window.close()
    answer.done()
    assert seen == [("pendingEntryBox", "返回修改")]
    assert window.isVisible() and view.state() == view.State.EditingState
    answer = Answer("放弃这一格的输入")
    assert window.close()                                     # the report was not changed: no save question
    answer.done()
    assert window.doc.value("s4.review.upheld") == 6


def test_a_paragraph_copied_from_last_year_is_flagged_for_its_year(qtbot, window, demo_path):
    from govreport_gui.core import carry
    window.load_report(carry.start_from(native.load(demo_path)), None)          # the 2025 report
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s1"))
    tab = window.tabs.currentWidget()
    assert tab.previous is not None and tab.previous.toPlainText().startswith("2024年，")
    QTest.mouseClick(tab.previous.viewport(), Qt.MouseButton.LeftButton, pos=tab.previous.cursorRect().center())
    copy = tab.findChild(QPushButton, "copyParagraph_s1")
    click(copy)
    assert window.doc.report.text["s1"].startswith("2024年，云泽市人民政府")
    assert "2024" in window.statusBar().currentMessage() and "改写" in window.statusBar().currentMessage()
    h5 = [f for f in window.doc.findings() if f.rule == "H5"]
    assert h5 and "2024年" in h5[0].message and "2025" in h5[0].message
    assert not window.tabs.tabIcon(window.TAB_IDS.index("s1")).isNull()      # the tab says it has a warning


def test_the_new_report_dialog_shows_last_years_file_whole(qtbot, bare, demo_path, tmp_path):
    from govreport_gui.ui.new_dialog import NewReportDialog
    long_name = tmp_path / ("云泽市人民政府2024年政府信息公开工作年度报告（最终定稿，已经领导审核）" + ".govreport")
    shutil.copy(demo_path, long_name)
    dlg = NewReportDialog(bare)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.set_last_year(long_name)
    QApplication.processEvents()
    label = dlg.last_label
    assert long_name.name in label.text()
    assert label.height() >= label.heightForWidth(label.width()), "the chosen file's label is clipped"
    assert dlg.rect().contains(label.geometry())


# -- someone else changed the file ---------------------------------------------------------------

def _colleague_rewrites(path: Path) -> None:
    r = native.load(path)
    r.set("s4.review.other", 5)                  # a colleague's change, saved by another program
    native.save(r, path)


@pytest.mark.parametrize("choice", ["取消", "另存为新文件", "仍然覆盖"])
def test_saving_over_a_file_changed_on_disk_asks_first(qtbot, window, tmp_path, monkeypatch, choice):
    path = window.doc.path
    window.doc.set_cells({"s4.review.upheld": 9}, "typed")
    _colleague_rewrites(path)
    other = tmp_path / "mine.govreport"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda p, t, suggested, *a, **k: asked.append(suggested) or (str(other), ""))
    seen = []

    def answer_box(box):
        seen.append((box.objectName(), box.defaultButton().text()))
        click(next(b for b in box.buttons() if choice in b.text()))
    answer = Answer(answer_box)
    window.act_save.trigger()
    answer.done()
    assert seen == [("fileChangedBox", "另存为新文件…")]              # the safe choice is the default
    on_disk = native.load(path)
    if choice == "仍然覆盖":
        assert on_disk.values["s4.review.upheld"] == 9 and on_disk.values["s4.review.other"] == 1
    else:
        assert on_disk.values["s4.review.other"] == 5                # the colleague's work is still there
        assert on_disk.values["s4.review.upheld"] == 6
    if choice == "另存为新文件":
        assert "本机修改" in asked[0] and native.load(other).values["s4.review.upheld"] == 9
        assert window.doc.path == other and not window.isWindowModified()
    if choice == "取消":
        assert window.isWindowModified()


def test_saving_twice_without_anyone_else_asks_nothing(qtbot, window):
    window.doc.set_cells({"s4.review.upheld": 9}, "typed")
    window.act_save.trigger()
    window.doc.set_cells({"s4.review.upheld": 10}, "typed")
    window.act_save.trigger()
    assert not active_dialogs() and native.load(window.doc.path).values["s4.review.upheld"] == 10
