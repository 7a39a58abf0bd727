"""F1 help: the guide lists the edition's rules and the window's shortcuts, closes, opens once, scrolls."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument, QTextTable
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow

from govreport_gui.app import build_app
from govreport_gui.core import edition as editions
from govreport_gui.ui import help_dialog
from govreport_gui.ui.help_dialog import SECTIONS, HelpDialog, display_action_text, show_help

from conftest import qt_tool  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHORTCUTS = [("保存(&S)", "Ctrl+S"), ("新建(&N)…", "Ctrl+N"), ("导出Excel(&X)...", "Ctrl+Shift+E"),
             ("下一个问题", "F8"), ("没有快捷键的命令", "")]
HEADINGS = {"steps": "五步完成年报", "checks": "各项校验的含义", "shortcuts": "快捷键", "faq": "常见问题"}


@pytest.fixture
def parent(qtbot):
    build_app(["test"])
    w = QMainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def tables(doc: QTextDocument) -> list[list[list[str]]]:
    """Every table of the document as rows of cell texts."""
    out = []
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            rows = []
            for r in range(frame.rows()):
                row = []
                for c in range(frame.columns()):
                    cell = frame.cellAt(r, c)
                    cur = cell.firstCursorPosition()
                    cur.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
                    row.append(cur.selectedText().replace("\u2029", "\n").replace("\u2028", "\n").strip())
                rows.append(row)
            out.append(rows)
    return out


def heading_y(dlg: HelpDialog, title: str) -> float:
    doc = dlg.text.document()
    block = doc.begin()
    while block.isValid():
        if block.text().strip() == title:
            return doc.documentLayout().blockBoundingRect(block).top()
        block = block.next()
    raise AssertionError(f"heading {title} not found")


@pytest.mark.parametrize("edition_id", editions.available())
def test_every_rule_of_the_edition_is_listed_with_its_title_and_severity(parent, edition_id):
    ed = editions.get(edition_id)
    dlg = HelpDialog(parent, ed, [])
    rule_table = next(t for t in tables(dlg.text.document()) if t[0] == ["规则", "级别", "含义"])
    rows = {r[0]: r for r in rule_table[1:]}
    assert list(rows) == ed.rule_ids()                       # one row per rule id, in the order of the data
    for r in ed.rules:
        rid, level, meaning = rows[r.id]
        assert r.title in meaning.split("\n")
        assert {"error": "错误", "warning": "警告"}[r.severity] in level
    text = dlg.text.toPlainText()
    assert ed.name in text
    assert "空白不等于0" in text


def test_one_row_per_rule_id_even_when_the_data_has_several(parent):
    ed = editions.get("2019")
    assert [r.id for r in ed.rules].count("H1") == 2         # the data does write H1 twice
    rows = {rid: (sev, titles) for rid, sev, titles in HelpDialog(parent, ed, []).rule_rows()}
    assert rows["H1"] == (["warning"], [r.title for r in ed.rules if r.id == "H1"])


def test_without_a_report_the_edition_of_this_year_is_shown(parent):
    dlg = HelpDialog(parent, None, [])
    assert dlg.edition == editions.for_year(datetime.date.today().year)
    assert dlg.edition.name in dlg.text.toPlainText()


def test_shortcut_rows_appear_without_mnemonics_or_ellipsis(parent):
    dlg = HelpDialog(parent, editions.get("2021"), SHORTCUTS)
    menu = next(t for t in tables(dlg.text.document()) if t[0] == ["命令", "按键"])
    assert menu[1:] == [["保存", "Ctrl+S"], ["新建", "Ctrl+N"], ["导出Excel", "Ctrl+Shift+E"], ["下一个问题", "F8"]]
    grid = next(t for t in tables(dlg.text.document()) if t[0] == ["按键", "作用"])
    keys = " ".join(r[0] for r in grid[1:])
    for k in ("Tab", "Shift+Tab", "Enter", "Shift+Enter", "F2", "Del", "Esc", "Ctrl+Home", "Ctrl+C", "Ctrl+V",
              "Ctrl+Tab", "Ctrl+PgDown"):
        assert k in keys


def test_shortcuts_taken_from_real_actions(parent):
    """What the main window passes: each action's text and its shortcut in native text."""
    for text, keys in (("打开(&O)…", QKeySequence.StandardKey.Open), ("下一个问题", QKeySequence("F8"))):
        a = QAction(text, parent)
        a.setShortcut(keys)
        parent.addAction(a)
    pairs = [(a.text(), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
             for a in parent.actions() if not a.shortcut().isEmpty()]
    dlg = show_help(parent, None, pairs)
    menu = next(t for t in tables(dlg.text.document()) if t[0] == ["命令", "按键"])
    assert menu[1:] == [["打开", QKeySequence(QKeySequence.StandardKey.Open).toString(
        QKeySequence.SequenceFormat.NativeText)], ["下一个问题", "F8"]]


def test_display_action_text():
    assert display_action_text("文件(&F)") == "文件"
    assert display_action_text("另存为(&A)…") == "另存为"
    assert display_action_text("&Save As...") == "Save As"
    assert display_action_text("Q && A") == "Q & A"


def test_close_button_closes_on_a_real_click(parent, qtbot):
    dlg = show_help(parent, None, SHORTCUTS)
    qtbot.waitExposed(dlg)
    assert dlg.objectName() == "helpDialog" and dlg.text.objectName() == "helpText"
    assert not dlg.isModal()
    assert dlg.close_button.text() == "关闭"
    QTest.mouseClick(dlg.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_show_help_twice_gives_one_dialog(parent, qtbot):
    first = show_help(parent, editions.get("2021"), SHORTCUTS)
    second = show_help(parent, editions.get("2021"), SHORTCUTS)
    assert first is second and second.isVisible()
    assert len(parent.findChildren(HelpDialog)) == 1
    QTest.mouseClick(first.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not first.isVisible())
    again = show_help(parent, editions.get("2019"), [])         # another report is open now
    assert again is first and again.isVisible()
    assert editions.get("2019").name in again.text.toPlainText()
    assert len(parent.findChildren(HelpDialog)) == 1
    other = QMainWindow()
    qtbot.addWidget(other)
    assert show_help(other, None, []) is not first            # one per window


def test_show_help_without_a_parent_keeps_one_dialog(qtbot):
    build_app(["test"])
    first = show_help(None, None, [])
    try:
        assert show_help(None, None, SHORTCUTS) is first
    finally:
        first.close()
        first.deleteLater()
        help_dialog._orphan = None


@pytest.mark.parametrize("anchor", SECTIONS[1:])
def test_show_section_scrolls_to_the_anchor(parent, qtbot, anchor):
    dlg = show_help(parent, editions.get("2021"), SHORTCUTS)
    qtbot.waitExposed(dlg)
    bar = dlg.text.verticalScrollBar()
    assert bar.value() == 0
    assert dlg.show_section(anchor)
    qtbot.waitUntil(lambda: bar.value() > 0)
    y = heading_y(dlg, HEADINGS[anchor])
    assert bar.value() <= y < bar.value() + dlg.text.viewport().height()    # the heading is in view
    if bar.value() < bar.maximum():
        assert y - bar.value() < 40                                           # ... at the top


def test_show_section_unknown_anchor(parent):
    assert not HelpDialog(parent, None, []).show_section("nowhere")


def test_show_help_opens_at_a_section(parent, qtbot):
    dlg = show_help(parent, None, SHORTCUTS, section="checks")
    qtbot.waitExposed(dlg)
    qtbot.waitUntil(lambda: dlg.text.verticalScrollBar().value() > 0)


def test_contents_links_jump_to_their_section(parent, qtbot):
    dlg = show_help(parent, editions.get("2021"), SHORTCUTS)
    qtbot.waitExposed(dlg)
    bar = dlg.text.verticalScrollBar()
    cur = dlg.text.document().find(HEADINGS["faq"])           # the first occurrence: the contents line
    assert cur.block().blockNumber() == 0
    rect = dlg.text.cursorRect(cur)
    QTest.mouseClick(dlg.text.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(rect.left() - 8, rect.center().y()))
    qtbot.waitUntil(lambda: bar.value() > 0)
    y = heading_y(dlg, HEADINGS["faq"])
    assert bar.value() <= y < bar.value() + dlg.text.viewport().height()


def test_a_rule_title_cannot_inject_markup(parent, monkeypatch):
    ed = editions.get("2021")
    evil = type(ed.rules[0])("X9", "warning", "blanks", "<b>粗体</b> & <a href='http://x'>链接</a>", "", {})
    monkeypatch.setattr(ed, "rules", ed.rules + [evil])
    dlg = HelpDialog(parent, ed, [("<i>斜体</i>", "F9")])
    text = dlg.text.toPlainText()
    assert "<b>粗体</b> & <a href='http://x'>链接</a>" in text and "<i>斜体</i>" in text


def test_english_ui_translates_everything_but_the_data(parent, tmp_path):
    """With the English translation, only the edition's own texts (rule titles, printed labels) stay Chinese."""
    qm = tmp_path / "govreport_en.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ROOT / "resources/i18n/govreport_en.ts"), "-qm", str(qm)],
                   check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        ed = editions.get("2021")
        dlg = HelpDialog(parent, ed, [("&Save", "Ctrl+S")])
        assert dlg.close_button.text() == "Close"
        text = dlg.text.toPlainText()
        data = "\n".join([ed.name] + [r.title for r in ed.rules] + [s.heading for s in ed.sections]
                         + [g.text for t in ed.tables.values() for g in t.grid] + [
                             n for t in ed.tables.values() for n in t.row_names.values()])
        chinese = re.findall(r"[\u4e00-\u9fff]+", text)
        assert chinese and not [c for c in chinese if c not in data]     # printed labels quoted, nothing else
        assert "Save" in text and "Rule" in text
    finally:
        QCoreApplication.removeTranslator(translator)


def test_screenshot_is_readable(parent, qtbot, tmp_path):
    """A picture of the dialog as on a 1366x768 screen, for a person to look at (not committed)."""
    dlg = show_help(parent, editions.get("2021"), SHORTCUTS)
    dlg.resize(820, 640)
    qtbot.waitExposed(dlg)
    dlg.show_section("checks")
    img = dlg.grab().toImage()
    assert img.save(str(tmp_path / "help.png"))
    assert len({img.pixel(x, y) for x in range(0, img.width(), 40) for y in range(0, img.height(), 40)}) > 3
    assert dlg.text.horizontalScrollBar().maximum() == 0                 # no sideways scrolling at this size
