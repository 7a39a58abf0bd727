"""The filling experience, driven like a clerk would: keys, clipboard, menus, files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from govreport_gui.app import build_app, choose_font
from govreport_gui.core import native
from govreport_gui.ui.main_window import MainWindow
from govreport_gui.ui.table_model import StateRole

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


from conftest import forget_work as forget_changes  # noqa: E402


def goto(w: MainWindow, section: str, cell: str):
    w.tabs.setCurrentIndex(w.TAB_IDS.index(section))
    view = w.views[section]
    view.setFocus()
    view.setCurrentIndex(view.model().index_of(cell))
    return view


def type_into(qtbot, view, text: str, key=Qt.Key.Key_Return):
    """Type into the current cell (the first key opens the editor) and end with a key."""
    QTest.keyClicks(view, text[0])
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    if len(text) > 1:
        QTest.keyClicks(editor, text[1:])
    QTest.keyClick(editor, key)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def current_cell(view) -> str | None:
    return view.model().cell_id(view.currentIndex())


def test_every_table_model_passes_the_model_tester(window):
    for model in window.models.values():
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        assert model.rowCount() == model.table.height


def test_tabs_and_title(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["基本信息", "一 总体情况", "二 主动公开", "三 依申请公开", "四 复议诉讼", "五 问题改进", "六 其他事项"]
    assert "云泽市人民政府2024年政府信息公开工作年度报告" in window.windowTitle()
    assert "demo.govreport" in window.windowTitle()


def test_typing_replaces_recomputes_and_moves_down(qtbot, window):
    doc = window.doc
    view = goto(window, "s3", "s3.new.natural")
    type_into(qtbot, view, "400")
    assert doc.value("s3.new.natural") == 400
    assert doc.value("s3.new.total") == 400 + 27 + 2 + 3 + 9 + 4          # live total
    assert current_cell(view) == "s3.carried_in.natural"                   # Enter moved down
    # R1 flags the natural column and the total column, marked on the cells
    model = view.model()
    assert model.index_of("s3.new.natural").data(StateRole) == "error"
    assert "R1:s3.new.natural" in doc.engine.findings
    assert "✗" in window.findChild(type(window.status_counts), "balanceStrip").text()
    # and clears when the balance is restored
    view.setCurrentIndex(model.index_of("s3.new.natural"))
    type_into(qtbot, view, "312")
    assert "R1:s3.new.natural" not in doc.engine.findings
    assert model.index_of("s3.new.natural").data(StateRole) == "input"


def test_tab_moves_right_and_skips_labels(qtbot, window):
    view = goto(window, "s3", "s3.granted.total")
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert current_cell(view) == "s3.partial.total"
    view.setCurrentIndex(view.model().index_of("s3.denied.secret.natural"))
    QTest.keyClick(view, Qt.Key.Key_Left)                       # labels are skipped: stays put
    assert current_cell(view) == "s3.denied.secret.natural"
    type_into(qtbot, view, "1", Qt.Key.Key_Tab)
    assert window.doc.value("s3.denied.secret.natural") == 1
    assert current_cell(view) == "s3.denied.secret.business"


def test_a_letter_is_refused_with_a_message_and_changes_nothing(qtbot, window):
    view = goto(window, "s3", "s3.new.business")
    before = dict(window.doc.report.values)
    depth = window.doc.undo_stack.count()
    QTest.keyClicks(view, "1")
    QTest.keyClicks(view.focusWidget(), "a")
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.note_text()))                 # Enter commits asynchronously
    assert view.state() == view.State.EditingState                 # the cursor stays in the cell
    assert window.doc.report.values == before
    assert window.doc.undo_stack.count() == depth
    assert "不是数字" in window.statusBar().currentMessage() and "不是数字" in view.note_text()
    QTest.keyClick(view.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.doc.report.values == before


def test_computed_totals_are_read_only(window):
    model = window.models["s3"]
    idx = model.index_of("s3.new.total")
    assert not model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index_of("s3.new.natural")) & Qt.ItemFlag.ItemIsEditable


def test_delete_clears_to_blank_and_blank_differs_from_zero(qtbot, window):
    view = goto(window, "s2", "s2.licensing.decisions")
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert window.doc.value("s2.licensing.decisions") is None
    model = view.model()
    assert model.index_of("s2.licensing.decisions").data(StateRole) == "blank"
    assert model.index_of("s2.licensing.decisions").data() == ""
    assert "空白 1" in window.status_counts.text()
    window.fill_zero()
    assert window.doc.value("s2.licensing.decisions") == 0
    assert model.index_of("s2.licensing.decisions").data() == "0"
    window.undo()
    assert window.doc.value("s2.licensing.decisions") is None


def test_paste_excel_block_with_fullwidth_digits_and_separators(qtbot, window):
    view = goto(window, "s3", "s3.granted.natural")
    depth = window.doc.undo_stack.count()
    QGuiApplication.clipboard().setText("１,234\t 5 \t0\t0\t0\t0\t1239\r\n31\t4\t0\t1\t2\t0\t38\r\n")
    QTest.keySequence(view, "Ctrl+V") if hasattr(QTest, "keySequence") else view.paste()
    assert window.doc.value("s3.granted.natural") == 1234
    assert window.doc.value("s3.granted.business") == 5
    assert window.doc.value("s3.granted.total") == 1239               # computed, equal to the pasted total
    assert window.doc.undo_stack.count() == depth + 1                  # one step
    window.undo()
    assert window.doc.value("s3.granted.natural") == 142


def test_invalid_paste_pastes_nothing_and_names_the_cell(qtbot, window):
    view = goto(window, "s3", "s3.granted.natural")
    before = dict(window.doc.report.values)
    assert not view.paste("10\t20\nabc\t5")
    assert window.doc.report.values == before
    msg = window.statusBar().currentMessage()
    assert "（二）部分公开" in msg and "自然人" in msg and "abc" in msg
    assert QGuiApplication.clipboard().text() != "changed"


def test_copy_gives_tab_separated_text(qtbot, window):
    view = goto(window, "s4", "s4.review.upheld")
    sel = view.selectionModel()
    m = view.model()
    for c in ("s4.review.upheld", "s4.review.corrected", "s4.review.other"):
        sel.select(m.index_of(c), sel.SelectionFlag.Select)
    view.copy_selection()
    assert QGuiApplication.clipboard().text() == "6\t1\t1"


def test_undo_redo_each_edit_one_step(qtbot, window):
    view = goto(window, "s4", "s4.review.upheld")
    type_into(qtbot, view, "7", Qt.Key.Key_Tab)
    type_into(qtbot, view, "2", Qt.Key.Key_Tab)
    doc = window.doc
    assert (doc.value("s4.review.upheld"), doc.value("s4.review.corrected"), doc.value("s4.review.total")) == (7, 2, 11)
    QTest.keySequence(window, "Ctrl+Z")
    assert doc.value("s4.review.corrected") == 1 and doc.value("s4.review.upheld") == 7
    QTest.keySequence(window, "Ctrl+Z")
    assert doc.value("s4.review.upheld") == 6 and doc.value("s4.review.total") == 9
    QTest.keySequence(window, "Ctrl+Y")
    assert doc.value("s4.review.upheld") == 7 and doc.value("s4.review.total") == 10
    assert window.isWindowModified()


def test_finding_click_goes_to_its_cells(qtbot, window):
    view = goto(window, "s3", "s3.carried_out.business")
    type_into(qtbot, view, "9")
    window.tabs.setCurrentIndex(0)
    lst = window.findings.list
    item = next(lst.item(i) for i in range(lst.count()) if "R1" in lst.item(i).text())
    assert item.text().startswith("[错误]")
    lst.setCurrentItem(item)
    window.findings._activate(item)
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s3")
    selected = {view.model().cell_id(i) for i in view.selectedIndexes()}
    assert {"s3.new.business", "s3.carried_out.business", "s3.total.business"} <= selected


def test_accept_warning_with_a_note_is_kept_and_undoable(qtbot, window):
    doc = window.doc
    view = goto(window, "s2", "s2.penalty.decisions")
    type_into(qtbot, view, "60000")                                      # > 5x last year: H4
    key = "H4:s2.penalty.decisions"
    assert key in doc.engine.findings and not doc.engine.findings[key].accepted
    lst = window.findings.list
    item = next(lst.item(i) for i in range(lst.count()) if "H4" in lst.item(i).text())
    lst.setCurrentItem(item)
    assert window.findings.accept_btn.isEnabled()
    assert window.findings.accept_current("年内开展专项执法行动，处罚决定大幅增加")
    f = doc.engine.findings[key]
    assert f.accepted and f.note.startswith("年内开展")
    assert doc.report.notes[key].startswith("年内开展")
    assert window.views["s2"].model().index_of("s2.penalty.decisions").data(StateRole) == "accepted"
    window.undo()
    assert not doc.engine.findings[key].accepted and key not in doc.report.notes


def test_narrative_typing_is_undoable_and_counted(qtbot, window):
    window.tabs.setCurrentIndex(window.TAB_IDS.index("s6"))
    tab = window.tabs.currentWidget()
    editor = tab.editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    before = window.doc.report.text["s6"]
    QTest.keyClicks(editor, "abc")
    assert window.doc.report.text["s6"] == before + "abc"
    window.undo()
    assert window.doc.report.text["s6"] == before
    assert editor.toPlainText() == before


def test_h2_flags_a_narrative_number_that_contradicts_the_table(qtbot, window):
    view = goto(window, "s4", "s4.review.upheld")
    type_into(qtbot, view, "8")
    assert "H2:s4.review.total" in window.doc.engine.findings
    icon = window.tabs.tabIcon(window.TAB_IDS.index("s4"))
    assert not icon.isNull()


def test_show_previous_year(qtbot, window):
    model = window.models["s3"]
    idx = model.index_of("s3.new.natural")
    from govreport_gui.ui.table_model import PrevTextRole
    assert idx.data(PrevTextRole) is None
    window.act_prev.trigger()
    assert idx.data(PrevTextRole) == str(window.doc.report.previous.values["s3.new.natural"])


def test_save_and_reopen(qtbot, window, tmp_path):
    view = goto(window, "s2", "s2.fees.amount")
    type_into(qtbot, view, "12.345678")
    out = tmp_path / "mine.govreport"
    assert window._save_to(out)
    assert not window.isWindowModified()
    assert native.load(out).values["s2.fees.amount"] == Decimal("12.345678")
    window.doc.set_clean()
    assert window.open_path(out)
    assert window.doc.value("s2.fees.amount") == Decimal("12.345678")
    assert "mine.govreport" in window.windowTitle()


def test_opening_a_bad_file_keeps_the_current_report(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "bad.govreport"
    data = json.loads(Path(window.doc.path).read_text(encoding="utf-8"))
    data["values"]["s3.new.natural"] = -3
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    doc = window.doc
    assert not window.open_path(bad)
    assert window.doc is doc
    assert shown and "不能为负数" in shown[0] and "s3.new.natural" in shown[0]


def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch):
    view = goto(window, "s4", "s4.review.upheld")
    type_into(qtbot, view, "7")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_recovery_after_a_crash(qtbot, demo_path, data_dir, monkeypatch):
    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=forget_changes)
    w.load_report(native.load(demo_path), demo_path)
    w.show()
    view = goto(w, "s3", "s3.new.natural")
    type_into(qtbot, view, "313")
    assert w.autosaver.autosave()
    type_into(qtbot, view, "999")                     # after the last autosave: lost in the crash
    # the process dies: its lock goes away, the recovery file stays
    w.autosaver.timer.stop()
    w.autosaver.lock.unlock()
    assert list((data_dir / "recovery").glob("*.govreport"))
    w2 = MainWindow()
    qtbot.addWidget(w2, before_close_func=forget_changes)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    assert w2.offer_recovery()
    assert w2.doc.value("s3.new.natural") == 313
    assert w2.doc.path == demo_path and w2.isWindowModified()
    assert not [p for p in (data_dir / "recovery").glob("*.govreport") if p != w2.autosaver.path]


def test_new_report_from_last_year(qtbot, window, demo_path):
    from govreport_gui.ui.new_dialog import NewReportDialog
    dlg = NewReportDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.set_last_year(demo_path)
    assert dlg.year.value() == 2025 and dlg.issuer.text() == "云泽市人民政府"
    assert dlg.edition.currentData() == "2021"
    dlg.create()
    r = dlg.result_report
    assert r.values["s3.carried_in.natural"] == native.load(demo_path).values["s3.carried_out.natural"]
    assert r.previous.year == 2024 and r.text["s1"] == ""


def test_cjk_font_is_chosen():
    app = build_app(["test"])
    assert choose_font(app) is not None


def test_settings_are_a_file_in_the_data_folder_and_earlier_ones_come_along(qtbot, data_dir, tmp_path, monkeypatch):
    """On Windows too (not the registry): what the clerk chose is in the folder that holds the
    logs and recovery files, and what an earlier version kept is copied over once."""
    from PySide6.QtCore import QSettings

    from govreport_gui.app import use_settings_file

    build_app(["test"])
    assert Path(QSettings().fileName()).is_relative_to(data_dir)
    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("lang", "en")
    old.setValue("recentFiles", ["D:/年报/2024年报.govreport"])
    fresh = data_dir / "second"
    monkeypatch.setenv("GOVREPORT_DATA_DIR", str(fresh))
    path = use_settings_file(legacy=old)
    assert path.is_relative_to(fresh) and path.exists()
    s = QSettings()
    assert s.value("lang") == "en" and s.value("recentFiles") == ["D:/年报/2024年报.govreport"]

    w = MainWindow()                            # the clerk picks a language in the menu
    qtbot.addWidget(w, before_close_func=forget_changes)
    w.show()
    from PySide6.QtGui import QAction

    from qt_helpers import Answer, click
    answers = Answer(lambda box: click(box.buttons()[0]))           # 界面语言将在下次启动时生效
    w.findChild(QAction, "actLang_zh").trigger()
    answers.done()
    assert "lang=zh" in path.read_text(encoding="utf-8")
    old.setValue("lang", "en")
    use_settings_file(legacy=old)               # copied once only: the file exists now
    assert QSettings().value("lang") == "zh"


def test_qt_options_on_the_command_line_go_to_qt_whole():
    from govreport_gui.app import split_qt_args

    assert split_qt_args(["年报.govreport", "-platform", "offscreen", "-style", "fusion", "--lang", "en", "-reverse"]) \
        == (["年报.govreport", "--lang", "en"], ["-platform", "offscreen", "-style", "fusion", "-reverse"])
    assert split_qt_args(["--smoke-test", "out", "-platform", "offscreen"]) == (["--smoke-test", "out"], ["-platform", "offscreen"])


def test_the_app_started_with_a_qt_platform_option_opens_and_exports(tmp_path):
    """As the build scripts start it where QT_QPA_PLATFORM cannot be set (Wine passes no QT_*
    variable to a Windows program): the value of -platform is not taken for the file to open."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["GOVREPORT_DATA_DIR"] = str(tmp_path / "data")
    out = tmp_path / "导出"
    proc = subprocess.run([sys.executable, "-m", "govreport_gui.app", "--smoke-test", str(out), "-platform", "offscreen"],
                          env=env, cwd=Path(__file__).resolve().parents[1], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert "SMOKE OK" in (out / "smoke.txt").read_text(encoding="utf-8")
    assert (out / "smoke.docx").stat().st_size > 0 and (out / "smoke.xlsx").stat().st_size > 0


def test_screenshot_of_the_start_page(qtbot, data_dir):
    """Writes screenshots/start.png (the README's picture): what a clerk sees first."""
    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    SCREENSHOTS.mkdir(exist_ok=True)
    img = w.grab().toImage()
    assert img.save(str(SCREENSHOTS / "start.png")) and img.width() == 1366
    assert w.start.from_last.isVisible() and "从上年报告开始" in w.start.from_last.text()


def test_screenshot_of_every_tab(qtbot, window):
    """Writes screenshots/tab-*.png for a person to look at (1366x768, the common office laptop)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    window.resize(1366, 768)
    window.act_prev.setChecked(False)
    for i, tid in enumerate(window.TAB_IDS):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        img = window.grab().toImage()
        path = SCREENSHOTS / f"tab-{i}-{tid}.png"
        assert img.save(str(path))
        assert img.width() == 1366
        # not a blank image: some pixels differ from the top-left one
        assert len({img.pixel(x, y) for x in range(0, 1366, 50) for y in range(0, 768, 50)}) > 3


def test_qt_binding_keeps_none_alive_when_data_returns_none(window):
    """PySide6 6.12.0 dropped a reference to None on every data() that returned None,
    which crashed the app ("deallocating None") after enough repaints. Guard the pin."""
    import sys
    model = window.models["s3"]
    label = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.data(Qt.ItemDataRole.UserRole + 2)        # a role labels answer with None
    assert sys.getrefcount(None) >= before


def test_f2_edits_the_current_value_and_escape_cancels(qtbot, window):
    view = goto(window, "s4", "s4.review.upheld")
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "6"
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClicks(editor, "0")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.doc.value("s4.review.upheld") == 6
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClicks(editor, "0")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert window.doc.value("s4.review.upheld") == 60


def test_tooltip_says_the_rule_in_plain_words_and_the_numbers(qtbot, window):
    view = goto(window, "s3", "s3.carried_out.natural")
    type_into(qtbot, view, "5")
    tip = view.model().index_of("s3.carried_out.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert "R1" in tip and "勾稽关系" in tip and "相差" in tip
    assert "上年：" in tip


def test_keyboard_only_from_a_finding_to_the_fix(qtbot, window):
    """F8 jumps to the next problem's cells; typing there fixes it; no mouse needed."""
    view = goto(window, "s3", "s3.carried_out.legal")
    type_into(qtbot, view, "3")                                  # breaks R1 in 法律服务机构
    window.tabs.setCurrentIndex(0)
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s3")
    assert window.views["s3"].hasFocus()
    view.setCurrentIndex(view.model().index_of("s3.carried_out.legal"))
    type_into(qtbot, view, "0")
    assert not window.doc.engine.counts()["errors"]
    from PySide6.QtCore import QObject
    for name in ("sectionTabs", "findingsList", "table_s3", "text_s1", "issuer", "statusCounts", "actSave"):
        assert window.findChild(QObject, name) is not None, name
    assert window.views["s3"].accessibleName() == "三、收到和处理政府信息公开申请情况"


def test_a_file_whose_printed_totals_are_wrong_is_recomputed_and_said_so(qtbot, window, tmp_path, monkeypatch):
    data = json.loads(Path(window.doc.path).read_text(encoding="utf-8"))
    expected = data["values"]["s3.total.natural"]
    data["values"]["s3.total.natural"] = expected - 6              # a printed total 6 short of its rows
    path = tmp_path / "printed.govreport"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    window.doc.set_clean()
    assert window.open_path(path)
    assert window.doc.value("s3.total.natural") == expected
    assert shown and "重新计算" in shown[0] and "自然人" in shown[0]
    assert window.isWindowModified()


def _answer_boxes(monkeypatch, answers: dict[str, int]):
    """Click the n-th button (in the order added) of our message boxes, by objectName, unseen."""
    asked = []

    def fake_exec(box):
        asked.append(box.objectName())
        buttons = box.buttons()
        idx = answers.get(box.objectName(), len(buttons) - 1)
        box._clicked = buttons[idx]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: getattr(box, "_clicked", None))
    return asked


def test_export_word_and_excel_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    import docx as pydocx
    import openpyxl
    asked = _answer_boxes(monkeypatch, {"exportDoneBox": 1})
    out = tmp_path / "报告.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.act_export_docx.trigger()
    assert out.exists() and asked == ["exportDoneBox"]           # no errors, no blanks: no questions
    d = pydocx.Document(str(out))
    assert d.paragraphs[0].text.replace("\n", "") == window.doc.report.title       # broken after the issuer
    xl = tmp_path / "报告.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xl), ""))
    window.act_export_xlsx.trigger()
    assert openpyxl.load_workbook(xl)["三、依申请公开"]["D6"].value == 312


def test_export_asks_about_errors_and_blanks(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    import docx as pydocx
    view = goto(window, "s3", "s3.carried_out.natural")
    type_into(qtbot, view, "19")                                    # R1 error
    window.doc.set_cells({"s2.fees.amount": None}, "clear")         # a blank
    out = tmp_path / "r.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    asked = _answer_boxes(monkeypatch, {"exportErrorsBox": 1})      # 取消
    window.act_export_docx.trigger()
    assert asked == ["exportErrorsBox"] and not out.exists()
    asked = _answer_boxes(monkeypatch, {"exportErrorsBox": 0, "exportBlanksBox": 1, "exportDoneBox": 1})
    window.act_export_docx.trigger()
    assert asked == ["exportErrorsBox", "exportBlanksBox", "exportDoneBox"] and out.exists()
    g = window.doc.report.ed.tables["s2"].position("s2.fees.amount")
    assert pydocx.Document(str(out)).tables[0].cell(g.row, g.col).text == "0"     # the blank, printed as 0
    assert window.doc.value("s2.fees.amount") is None                              # and still blank here


def test_import_a_word_report_after_review(qtbot, window, tmp_path, monkeypatch, demo_path):
    from govreport_gui.core.export import docx as export_docx
    from govreport_gui.ui import import_dialog
    out = tmp_path / "last.docx"
    export_docx.export(native.load(window.doc.path), out)
    shown = []

    def fake_exec(dlg):
        shown.append(dlg)
        return 1                                          # the clerk confirms
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", fake_exec)
    window.doc.set_clean()
    assert window.import_path(out)
    review = shown[0]
    # the review shows the tables read, with the source text of each cell on hover
    tip = review.views["s3"].model().index_of("s3.new.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert "来源：" in tip and "312" in tip
    assert not review.views["s3"].model().flags(review.views["s3"].model().index_of("s3.new.natural")) \
        & Qt.ItemFlag.ItemIsEditable
    assert window.doc.report.values == native.load(demo_path).values
    assert window.doc.path is None and window.isWindowModified()


def test_carry_into_the_open_report_is_one_undo_step(qtbot, window, tmp_path, monkeypatch, demo_path):
    from govreport_gui.core import carry
    from govreport_gui.ui import import_dialog
    demo = native.load(demo_path)
    window.load_report(carry.start_from(demo), None)           # a 2025 report
    window.doc.report.previous = None
    window.doc.set_cells({"s3.carried_in.natural": 5}, "typed")
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", lambda dlg: 1)
    window.doc.set_meta("phone", "", "cleared")                         # a detail the clerk has not filled
    window.doc.set_meta("email", "mine@yunze.gov.cn", "typed")          # and one they have
    depth = window.doc.undo_stack.count()
    assert window.carry_from_path(demo_path)
    assert window.doc.value("s3.carried_in.natural") == demo.values["s3.carried_out.natural"]
    assert window.doc.report.previous.year == 2024
    assert window.doc.report.meta["phone"] == demo.meta["phone"]           # filled from last year
    assert window.doc.report.meta["email"] == "mine@yunze.gov.cn"          # never overwritten
    assert window.doc.undo_stack.count() == depth + 1
    # last year is there to compare with at once: its figures in the grid, its text beside this year's
    assert window.act_prev.isEnabled()
    from PySide6.QtWidgets import QPlainTextEdit
    assert window.findChild(QPlainTextEdit, "previous_s1") is not None
    window.undo()
    assert window.doc.value("s3.carried_in.natural") == 5 and window.doc.report.previous is None
    assert "phone" not in window.doc.report.meta
    assert not window.act_prev.isEnabled()
    window.doc.set_clean()


def test_an_unreadable_source_says_why_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    doc = window.doc
    assert not window.import_path(bad)
    assert window.doc is doc and shown and "docx" in shown[0]


def test_aggregate_units_in_the_gui_with_drill_down(qtbot, window, tmp_path, monkeypatch, demo_path):
    from govreport_gui.core import native as nat
    from govreport_gui.ui.aggregate_dialog import AggregateDialog
    demo = nat.load(demo_path)
    paths = []
    for i, name in enumerate(["甲局", "乙局"]):
        r = demo.copy()
        r.issuer = name
        r.previous = None
        p = tmp_path / f"{i}.govreport"
        nat.save(r, p)
        paths.append(str(p))
    broken = tmp_path / "broken.govreport"
    broken.write_text("{", encoding="utf-8")
    dlg = AggregateDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.add_sources(paths + [str(broken)])
    assert dlg.table.rowCount() == 3
    assert "无法读取" in dlg.messages.text()
    dlg.table.selectRow(2)
    dlg.remove_selected()
    assert dlg.table.rowCount() == 2 and "无法读取" not in dlg.messages.text()
    dlg.issuer.setText("某市人民政府")
    dlg.run()
    r = dlg.result_report
    assert r.values["s3.new.total"] == 2 * demo.values["s3.new.total"]
    assert r.values["s2.fees.amount"] == 2 * demo.values["s2.fees.amount"]          # Decimal, exact
    window.load_report(r, None)
    tip = window.models["s3"].index_of("s3.new.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert f"甲局 {demo.values['s3.new.natural']}" in tip and "乙局" in tip
    window.doc.set_clean()


def test_aggregate_reading_can_be_cancelled(qtbot, window, tmp_path, demo_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog
    from govreport_gui.ui.aggregate_dialog import AggregateDialog
    dlg = AggregateDialog(window)
    qtbot.addWidget(dlg)
    asked = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: bool(asked.append(1)) or len(asked) > 1)
    assert not dlg.add_sources([str(demo_path)] + [str(tmp_path / f"{i}.govreport") for i in range(3)])
    assert dlg.units == [] and "取消" in dlg.messages.text()         # nothing of the batch kept


def test_an_unexpected_error_autosaves_tells_and_keeps_the_report_open(qtbot, window, data_dir, monkeypatch):
    from govreport_gui.ui.safety import ErrorReporter
    window.doc.set_cells({"s4.review.upheld": 7}, "edit")
    shown = []

    def fake_exec(box):
        shown.append((box.objectName(), box.text(), box.detailedText()))
        copy = next(b for b in box.buttons() if b.text() == "复制详细信息")
        copy.click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    reporter = ErrorReporter(window)
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as e:
        reporter.handle(type(e), e, e.__traceback__)
    name, text, details = shown[0]
    assert name == "errorBox" and "意外错误" in text and "ZeroDivisionError" in details
    assert "ZeroDivisionError" in QGuiApplication.clipboard().text()
    assert window.autosaver.path.exists()                              # autosaved before telling
    assert native.load(window.autosaver.path).values["s4.review.upheld"] == 7
    assert window.isVisible() and window.doc.value("s4.review.upheld") == 7
    log = data_dir / "logs" / "govreport.log"
    from govreport_gui.ui.safety import setup_logging
    setup_logging()
    try:
        raise ValueError("logged")
    except ValueError as e:
        reporter.handle(type(e), e, e.__traceback__)
    import logging
    for h in logging.getLogger("govreport").handlers:
        h.flush()
    assert "ValueError: logged" in log.read_text(encoding="utf-8")


def test_no_chinese_font_is_told_at_start(qtbot, window, monkeypatch):
    from govreport_gui.ui.safety import warn_if_no_cjk_font
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not warn_if_no_cjk_font(window, "Noto Sans CJK SC") and not shown
    assert warn_if_no_cjk_font(window, None)
    assert "中文" in shown[0] and "字体" in shown[0]


def test_the_error_box_never_promises_a_recovery_copy_that_is_not_there(qtbot, window, monkeypatch):
    from govreport_gui.ui.safety import ErrorReporter
    window.doc.set_cells({"s4.review.upheld": 7}, "edit")

    def disk_full(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(native, "atomic_write", disk_full)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as e:
        ErrorReporter(window).handle(type(e), e, e.__traceback__)
    assert "未能自动保存" in shown[0] and "已自动保存" not in shown[0]
    assert not window.autosaver.path.exists()


def test_a_summed_report_among_the_units_is_skipped_and_said_so(qtbot, window, tmp_path, demo_path):
    """An office re-runs 汇总 after a late unit arrives, the last result in the same folder."""
    from govreport_gui.ui.aggregate_dialog import AggregateDialog
    demo = native.load(demo_path)
    units = []
    for i, name in enumerate(["甲局", "乙局"]):
        r = demo.copy()
        r.issuer, r.previous = name, None
        native.save(r, tmp_path / f"{i}.govreport")
        units.append(str(tmp_path / f"{i}.govreport"))
    dlg = AggregateDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.add_sources(units)
    dlg.issuer.setText("某县人民政府")
    dlg.run()
    native.save(dlg.result_report, tmp_path / "汇总.govreport")
    again = AggregateDialog(window)
    qtbot.addWidget(again)
    assert again.add_sources(units + [str(tmp_path / "汇总.govreport")])
    row = next(r for r in range(again.table.rowCount()) if again.table.item(r, 0).text() == "汇总.govreport")
    assert "已跳过" in again.table.item(row, 4).text()
    again.issuer.setText("某县人民政府")
    again.run()
    assert again.result_report.values["s3.new.total"] == 2 * demo.values["s3.new.total"]   # not 4×
