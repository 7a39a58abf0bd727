"""A new clerk's whole job, start to finish, through real events only.

Last year's report survives only as the published PDF. The clerk starts the app, begins this
year's report from that PDF, checks what was carried over, types sections 二 and 三 with Tab and
Enter (making one typo that breaks R1), jumps to the error from the findings panel and fixes
it, accepts a warning with a written note, writes 一、总体情况, saves, and exports Word and
Excel. Then every file written is read back and compared with the figures typed here.

Every step is a real input: keys sent to the focused widget (QTest for ASCII, QKeyEvent for
Chinese), mouse clicks on the actual buttons, tabs and list items, shortcuts pressed. Modal
dialogs are answered by a timer that finds them and clicks their buttons or types into them.
Only the native file dialogs are patched (they return paths in tmp_path).
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QWidget

from qt_helpers import Answer, click, type_text

from govreport_gui.app import open_initial
from govreport_gui.core import native, rules
from govreport_gui.core.export import docx as docx_export
from govreport_gui.core.importers import read_path
from govreport_gui.core.report import Report, new_report
from govreport_gui.ui.main_window import MainWindow

ISSUER = "某某区人民政府"
COLS = ("natural", "business", "research", "social", "legal", "other")
RESULTS = ("granted", "partial", "denied.secret", "denied.law", "denied.safety", "denied.third_party",
           "denied.internal", "denied.process", "denied.enforcement", "denied.query", "unavailable.not_held",
           "unavailable.needs_creation", "unavailable.unclear", "rejected.petition", "rejected.repeated",
           "rejected.publication", "rejected.excessive", "rejected.confirmation", "other.no_correction",
           "other.unpaid_fee", "other.other")
CONTACTS = {"address": "某某区政府路1号", "postcode": "123456", "phone": "0123-4567890", "email": "zwgk@mmq.gov.cn"}
CONTACT_SENTENCE = ("如对本报告有疑问，请与某某区人民政府办公室联系（地址：某某区政府路1号，邮编：123456，"
                    "电话：0123-4567890，电子邮箱：zwgk@mmq.gov.cn）。")

# -- last year (2024): every cell of 二, 三, 四 filled, R1–R4 holding ---------------------------
LAST_GRANTED = (3, 5, 2, 4, 1, 6)
LAST_CARRIED_IN = (1, 2, 3, 4, 5, 6)
LAST_CARRIED_OUT = (2, 3, 4, 2, 3, 4)          # → this year's 二、上年结转
LAST_S2 = {"regulations.issued": 1, "regulations.repealed": 0, "regulations.in_force": 12,
           "normative.issued": 5, "normative.repealed": 2, "normative.in_force": 40,
           "licensing.decisions": 356, "penalty.decisions": 78, "coercion.decisions": 9,
           "fees.amount": Decimal("3.5")}
LAST_S4 = {"review": (2, 1, 0, 1), "suit_direct": (1, 0, 1, 0), "suit_after_review": (0, 0, 0, 1)}
S4_COLS = ("upheld", "corrected", "other", "pending")

# -- this year (2025): what the clerk types ------------------------------------------------------
# 二, in Tab order; 现行有效 = last year's + 制发 − 废止 (H1 holds); an amount with three decimals
S2_TYPED = [("s2.regulations.issued", "2"), ("s2.regulations.repealed", "1"), ("s2.regulations.in_force", "13"),
            ("s2.normative.issued", "6"), ("s2.normative.repealed", "4"), ("s2.normative.in_force", "42"),
            ("s2.licensing.decisions", "402"), ("s2.penalty.decisions", "81"), ("s2.coercion.decisions", "11"),
            ("s2.fees.amount", "4.125")]
GRANTED = (36, 4, 3, 5, 2, 5)                  # 自然人 36 against last year's 3: H4 (more than 5×, and ≥ 10)
CARRIED_OUT = (1, 2, 3, 4, 1, 2)
TYPO = ("s3.new.research", 45)                 # 54 typed as 45: R1 fails in 科研机构 by 9


def last_year_report() -> Report:
    r = new_report(2024, ISSUER)
    for j, c in enumerate(COLS):
        done = 0
        for i, row in enumerate(RESULTS):
            v = LAST_GRANTED[j] if row == "granted" else (i * 3 + j * 5) % 4
            r.values[f"s3.{row}.{c}"] = v
            done += v
        r.values[f"s3.carried_in.{c}"] = LAST_CARRIED_IN[j]
        r.values[f"s3.carried_out.{c}"] = LAST_CARRIED_OUT[j]
        r.values[f"s3.new.{c}"] = done + LAST_CARRIED_OUT[j] - LAST_CARRIED_IN[j]
    for k, v in LAST_S2.items():
        r.values[f"s2.{k}"] = v
    for group, vs in LAST_S4.items():
        for col, v in zip(S4_COLS, vs):
            r.values[f"s4.{group}.{col}"] = v
    rules.compute_totals(r)
    r.text["preface"] += "\n" + CONTACT_SENTENCE
    r.text["s1"] = ("2024年，某某区人民政府坚持以人民为中心，扎实推进政务公开工作。"
                    f"全年新收政府信息公开申请{r.values['s3.new.total']}件。"
                    "主动公开政府信息1500余条，坚持先审后发，整合政务新媒体账号，将政务公开纳入年度考核。")
    r.text["s5"] = ("存在的问题：公开内容不够全面，政策解读形式较为单一。"
                    "改进措施：加强业务培训，推行图解、视频等多元化解读，提升公开质量。")
    r.text["s6"] = "本年度未收取信息处理费。办理区人大代表建议20件、区政协提案25件。2023年政务公开工作要点全部落实。"
    return r


def this_year_s3() -> dict[str, int]:
    """Section 三 as it must end up: typed cells (the typo fixed), carried-over cells, totals."""
    v: dict[str, int] = {}
    for j, c in enumerate(COLS):
        done = 0
        for i, row in enumerate(RESULTS):
            x = GRANTED[j] if row == "granted" else (i * 5 + j * 2 + 1) % 6
            v[f"s3.{row}.{c}"] = x
            done += x
        v[f"s3.carried_in.{c}"] = LAST_CARRIED_OUT[j]
        v[f"s3.carried_out.{c}"] = CARRIED_OUT[j]
        v[f"s3.new.{c}"] = done + CARRIED_OUT[j] - LAST_CARRIED_OUT[j]
        v[f"s3.total.{c}"] = done
    for row in ("new", "carried_in", *RESULTS, "total", "carried_out"):
        v[f"s3.{row}.total"] = sum(v[f"s3.{row}.{c}"] for c in COLS)
    assert TYPO[1] != v[TYPO[0]]
    return v


def is_count(x) -> bool:
    return type(x) is int


# -- real input ---------------------------------------------------------------------------------

def focused() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None, "nothing has the keyboard"
    return w


def window_manager_activates(qtbot, window: MainWindow) -> None:
    """Offscreen Qt has no window manager: when a modal dialog closes, no window becomes active
    again, and a mouse click does not activate one either. On a desktop (Windows, X11) the
    system activates the dialog's owner, and its focus widget has the keyboard back. This
    stands in for the window manager, not for the clerk."""
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is not None, timeout=5000)


def current(view) -> str | None:
    return view.model().cell_id(view.currentIndex())


def enter_value(qtbot, view, text: str, end=Qt.Key.Key_Return) -> None:
    """Type into the current cell (the first key opens its editor), then press ``end``."""
    assert focused() is view, f"the keyboard is in {focused().objectName()}, not the grid"
    type_text(view, text[0])
    editor = focused()
    assert isinstance(editor, QLineEdit), "typing did not open the cell's editor"
    type_text(editor, text[1:])
    QTest.keyClick(editor, end)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=10000)
    assert not view.note_text(), view.note_text()


def arrow_to(view, cell: str) -> None:
    """Walk the cursor to ``cell`` with the arrow keys, as a person does."""
    target = view.model().index_of(cell)
    assert target.isValid(), cell
    for _ in range(200):
        cur = view.currentIndex()
        if (cur.row(), cur.column()) == (target.row(), target.column()):
            return
        if cur.row() != target.row():
            k = Qt.Key.Key_Down if cur.row() < target.row() else Qt.Key.Key_Up
        else:
            k = Qt.Key.Key_Right if cur.column() < target.column() else Qt.Key.Key_Left
        QTest.keyClick(view, k)
    pytest.fail(f"the arrow keys never reached {cell} (stuck at {current(view)})")


def press(widget: QWidget, key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, mods)


def click_finding(window: MainWindow, key: str) -> None:
    lst = window.findings.list
    rows = [i for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole + 10) == key]
    assert rows, f"{key} is not in the findings list: {[lst.item(i).text() for i in range(lst.count())]}"
    item = lst.item(rows[0])
    rect = lst.visualItemRect(item)
    assert lst.viewport().rect().contains(rect.center()), f"{key} is not in view in the findings list"
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())


def click_tab(window: MainWindow, section: str) -> None:
    bar = window.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.tabRect(window.TAB_IDS.index(section)).center())


def soffice(profile: Path, outdir: Path, *args: str) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test (installs it)")
    proc = subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args,
                           "--outdir", str(outdir)], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr


# -- the journey ------------------------------------------------------------------------------------

def test_a_new_clerk_does_the_whole_report_from_last_years_pdf(qtbot, bare, tmp_path, monkeypatch):
    window = bare
    profile = tmp_path / "lo-profile"

    # 1. last year's report, as it was published: Word → PDF with LibreOffice
    last = last_year_report()
    assert [f.rule for f in rules.check(last)] == [], "last year's report must balance"
    assert set(last.values) == set(last.ed.cells), "every cell of last year's tables is filled"
    pub = tmp_path / "published"
    pub.mkdir()
    last_docx = pub / "某某区2024年政府信息公开工作年度报告.docx"
    docx_export.export(last, last_docx)
    soffice(profile, pub, "--convert-to", "pdf", str(last_docx))
    last_pdf = last_docx.with_suffix(".pdf")
    assert last_pdf.exists()

    out = tmp_path / "out"
    out.mkdir()
    opened: list[str] = []
    saved_as: list[str] = []

    def get_open(parent, title, folder, filt, *a, **k):
        opened.append(title)
        return str(last_pdf), ""

    def get_save(parent, title, suggested, filt, *a, **k):
        saved_as.append(suggested)
        return str(out / ("2025年报" + Path(suggested).suffix)), ""

    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)

    # 2. the start page; 从上年报告开始… → the PDF → review → 新建报告 with 2025 and the issuer
    open_initial(window, None)
    assert window.doc is None and window.stack.currentWidget() is window.start

    def review(dlg):
        assert dlg.objectName() == "importReviewDialog"
        summary = dlg.findChild(QWidget, "importSummary").text()
        assert "200 个数值" in summary and "0 处未能放置" in summary, summary
        problems = dlg.findChild(QWidget, "importProblems")
        listed = [problems.item(i).text() for i in range(problems.count())]
        carried = [t for t in listed if t.startswith("将结转到本年报告的数值：")]
        assert len(carried) == 1 and "二、上年结转申请·自然人 2" in carried[0], listed
        click(next(b for b in dlg.findChildren(QPushButton) if b.text() == "确认导入"))

    def create(dlg):
        assert dlg.objectName() == "newReportDialog"
        assert dlg.findChild(QSpinBox, "newYear").value() == 2025
        assert dlg.findChild(QLineEdit, "newIssuer").text() == ISSUER
        assert "2024" in dlg.findChild(QWidget, "newLastYear").text()
        click(next(b for b in dlg.findChildren(QPushButton) if b.text() == "创建"))

    answer = Answer(review, create)
    assert window.start.from_last.text() == "从上年报告开始…"
    click(window.start.from_last)
    assert answer.done() == ["importReviewDialog", "newReportDialog"]
    window_manager_activates(qtbot, window)
    assert len(opened) == 1
    doc = window.doc
    assert doc is not None and doc.path is None and window.isWindowModified()
    r = doc.report
    assert (r.year, r.issuer, r.edition) == (2025, ISSUER, "2021")

    # 3. carried over: 二、上年结转 = last year's 四、结转下年度, every column; the contacts
    for j, c in enumerate(COLS):
        assert r.values[f"s3.carried_in.{c}"] == last.values[f"s3.carried_out.{c}"] == LAST_CARRIED_OUT[j]
    assert r.values["s3.carried_in.total"] == sum(LAST_CARRIED_OUT)
    grid = window.views["s3"].model()
    shown = [grid.index_of(f"s3.carried_in.{c}").data() for c in (*COLS, "total")]
    assert shown == [str(x) for x in (*LAST_CARRIED_OUT, sum(LAST_CARRIED_OUT))], shown   # on screen too
    assert {k: r.meta.get(k) for k in CONTACTS} == CONTACTS
    info = window.tabs.widget(0)
    assert {k: info.fields[k].text() for k in CONTACTS} == CONTACTS          # and on screen
    assert "2025年1月1日至12月31日" in r.text["preface"] and "2024年" not in r.text["preface"]
    assert r.previous is not None and r.previous.year == 2024 and r.previous.values == last.values
    assert window.tabs.currentIndex() == 0 and focused() is info.issuer

    # 4a. to 二 with the keyboard (Ctrl+PgDown twice), and type it along the rows with Tab
    press(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s1")
    press(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    s2 = window.views["s2"]
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s2") and focused() is s2
    assert current(s2) == S2_TYPED[0][0]
    for cell, text in S2_TYPED:
        assert current(s2) == cell
        enter_value(qtbot, s2, text, Qt.Key.Key_Tab)
    assert doc.value("s2.fees.amount") == Decimal("4.125")

    # 4b. to 三; the cursor starts on 一、本年新收·自然人; row by row with Tab
    press(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    view = window.views["s3"]
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s3") and focused() is view
    assert current(view) == "s3.new.natural"
    want = this_year_s3()
    typed = {c: v for c, v in want.items() if not c.endswith(".total") and ".total." not in c
             and ".carried_in." not in c}
    typed_as = dict(typed)
    typed_as[TYPO[0]] = TYPO[1]
    for row in ("new", "carried_in", *RESULTS[:-3]):
        for c in COLS:
            cell = f"s3.{row}.{c}"
            assert current(view) == cell, f"Tab took the cursor to {current(view)}, not {cell}"
            if row == "carried_in":                    # already filled from last year: Tab past it
                press(view, Qt.Key.Key_Tab)
            else:
                enter_value(qtbot, view, str(typed_as[cell]), Qt.Key.Key_Tab)
    # 4c. the last rows column by column with Enter (over the computed （七）总计), then the
    # arrow keys down to the next column's （六）1
    for j, c in enumerate(COLS):
        if j:
            assert current(view) == f"s3.new.{c}", "Enter below the last row goes on to the next column's top"
            arrow_to(view, f"s3.other.no_correction.{c}")
        for row in ("other.no_correction", "other.unpaid_fee", "other.other", "carried_out"):
            cell = f"s3.{row}.{c}"
            assert current(view) == cell, f"Enter took the cursor to {current(view)}, not {cell}"
            enter_value(qtbot, view, str(typed_as[cell]))
    assert current(view) == "s3.new.natural"
    assert "回到第一个" in window.statusBar().currentMessage()
    for cell, v in typed_as.items():
        assert doc.value(cell) == v, cell
    for c in COLS:
        assert doc.value(f"s3.total.{c}") == want[f"s3.total.{c}"]            # computed as typed
    assert view.model().index_of("s3.total.total").data() == str(want["s3.total.total"])   # and shown

    # the typo shows: R1 in 科研机构 (and so in 总计), in the panel and in the balance strip
    opened_errors = sorted(f.key for f in doc.findings() if f.severity == "error")
    assert opened_errors == ["R1:s3.new.research", "R1:s3.new.total"], opened_errors   # its column, and 总计
    strip = window.tabs.currentWidget().findChild(QWidget, "balanceStrip")
    assert "科研机构 ✗" in strip.text() and "自然人 ✓" in strip.text()
    assert "错误 2" in window.status_counts.text()

    # 5. click the error in the list: the window is on the cells; type the fix there
    click_tab(window, "s4")                                   # somewhere else first
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s4")
    click_finding(window, "R1:s3.new.research")
    assert window.tabs.currentIndex() == window.TAB_IDS.index("s3")
    assert focused() is view and current(view) == "s3.new.research"
    assert "「科研机构」列不平衡" in window.statusBar().currentMessage()
    selected = {view.model().cell_id(i) for i in view.selectedIndexes()}
    assert selected == {"s3.new.research", "s3.carried_in.research", "s3.total.research", "s3.carried_out.research"}
    enter_value(qtbot, view, str(want["s3.new.research"]))
    qtbot.waitUntil(lambda: not {"R1:s3.new.research", "R1:s3.new.total"} & set(doc.engine.findings), timeout=10000)
    assert not [f for f in doc.findings() if f.severity == "error"]
    assert "✗" not in strip.text()

    # 6. the warning: 自然人 予以公开 36 against last year's 3 (H4); accept it with a note
    h4 = "H4:s3.granted.natural"
    warnings = sorted(f.key for f in doc.findings() if f.severity == "warning" and not f.accepted)
    # and 一, 五 and 六 are still blank (N4, N1, N2), with applications closed for unpaid fee notices (N3)
    assert warnings == ["B1:s4", h4, "N1:s5", "N2:s6", "N3:s3.other.unpaid_fee.total", "N4:s1"], warnings
    assert not window.findings.accept_btn.isEnabled()          # nothing chosen: the fixed error has gone
    click_finding(window, h4)
    assert window.findings.accept_btn.isEnabled()
    assert window.findings.current_finding().key == h4 and current(view) == "s3.granted.natural"
    note = "本年开展政务公开专项宣传，自然人申请明显增加，予以公开的件数随之上升。"

    def write_note(dlg):
        assert dlg.objectName() == "acceptNoteDialog"
        editor = dlg.findChild(QPlainTextEdit)
        assert editor is not None and editor.isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editor, timeout=5000)
        type_text(editor, note)
        assert editor.toPlainText() == note
        click(next(b for b in dlg.findChildren(QPushButton) if "接受" in b.text()))

    answer = Answer(write_note)
    click(window.findings.accept_btn)
    assert answer.done() == ["acceptNoteDialog"]
    window_manager_activates(qtbot, window)
    f = doc.engine.findings[h4]
    assert f.accepted and f.note == note
    assert "已说明 1" in window.status_counts.text()

    # 7. 一、总体情况: click its tab, type the narrative in Chinese
    click_tab(window, "s1")
    editor = window.tabs.currentWidget().editor
    assert focused() is editor
    narrative = ("本年度，某某区人民政府认真贯彻落实《条例》，全面推进政务公开。\n"
                 f"全年共新收政府信息公开申请{want['s3.new.total']}件，上年结转{want['s3.carried_in.total']}件，"
                 f"结转下年度继续办理{want['s3.carried_out.total']}件。")
    type_text(editor, narrative)
    assert doc.report.text["s1"] == narrative
    assert not [f for f in doc.findings() if f.rule in ("H2", "H3", "H5")], \
        [f.message for f in doc.findings() if f.rule in ("H2", "H3", "H5")]

    # 8. save (Ctrl+S: 另存为), then Word (Ctrl+E) and Excel (Ctrl+Shift+E), from the editor
    press(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = out / "2025年报.govreport"
    assert saved.exists(), "Ctrl+S did not save"
    assert doc.path == saved and not window.isWindowModified()
    assert Path(saved_as[0]).name == f"{r.title}.govreport"

    answer = Answer("留空", "关闭")
    press(focused(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert answer.done() == ["exportBlanksBox", "exportDoneBox"]
    window_manager_activates(qtbot, window)
    assert focused() is editor
    word = out / "2025年报.docx"
    assert word.exists(), "Ctrl+E did not export Word"

    answer = Answer("印为0", "关闭")
    press(focused(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert answer.done() == ["exportBlanksBox", "exportDoneBox"]
    window_manager_activates(qtbot, window)
    assert focused() is editor
    book = out / "2025年报.xlsx"
    assert book.exists(), "Ctrl+Shift+E did not export Excel"
    assert [Path(p).suffix for p in saved_as] == [".govreport", ".docx", ".xlsx"]
    assert all(Path(p).parent == out for p in saved_as[1:]), saved_as          # offered beside the report
    assert not window.isWindowModified()

    # 9a. the saved file: exactly what was typed, carried over and computed
    expected = dict(want)
    for cell, text in S2_TYPED:
        expected[cell] = Decimal(text) if cell == "s2.fees.amount" else int(text)
    got = native.load(saved)
    assert got.values == expected
    for cell, v in got.values.items():
        if cell == "s2.fees.amount":
            assert isinstance(v, Decimal) and v == Decimal("4.125")
        else:
            assert is_count(v), (cell, v)
    assert (got.year, got.issuer, got.edition) == (2025, ISSUER, "2021")
    assert got.notes == {h4: note}
    assert got.text["s1"] == narrative
    assert got.text["preface"] == last.text["preface"].replace("2024年", "2025年")
    assert {k: got.meta.get(k) for k in CONTACTS} == CONTACTS
    assert got.previous is not None and got.previous.year == 2024 and got.previous.issuer == ISSUER
    assert got.previous.values == last.values
    assert isinstance(got.previous.values["s2.fees.amount"], Decimal)
    assert got.previous.values["s2.fees.amount"] == Decimal("3.5")
    assert got.previous.text.get("s1") == last.text["s1"]
    assert [f.rule for f in rules.check(got) if f.severity == "error"] == []

    # 9b. the Word document: 三's table holds the typed numbers and the computed totals
    import docx as python_docx
    d = python_docx.Document(str(word))
    tables = list(got.ed.tables)
    for sid in ("s2", "s3", "s4"):
        table = got.ed.tables[sid]
        dt = d.tables[tables.index(sid)]
        for g in table.grid:
            if g.kind != "value":
                continue
            v = expected.get(g.cell)
            printed = "" if v is None else format(v, "f") if isinstance(v, Decimal) else str(v)
            assert dt.cell(g.row, g.col).text.strip() == printed, (g.cell, dt.cell(g.row, g.col).text, printed)
    body = "\n".join(p.text for p in d.paragraphs)
    for line in narrative.split("\n"):
        assert line in body
    assert CONTACT_SENTENCE in body and "2025年1月1日至12月31日" in body

    # 9c. the workbook: the same numbers where _govreport says they are; totals are live formulas
    import openpyxl
    wb = openpyxl.load_workbook(book)
    where = {row[0]: (row[1], row[2]) for row in wb["_govreport"].iter_rows(min_row=3, values_only=True)}
    assert set(where) == set(got.ed.cells)
    zeros = {c: 0 for c in got.ed.cells if c.startswith("s4.") and not c.endswith(".total")}
    for cell, (sheet, addr) in where.items():
        value = wb[sheet][addr].value
        if rules.compiled(got.ed).computed.get(cell):
            assert isinstance(value, str) and value.startswith("=") and "SUM(" in value, (cell, value)
        elif cell in expected:
            assert Decimal(str(value)) == expected[cell] and (cell == "s2.fees.amount" or type(value) is int), \
                (cell, value)
        else:
            assert value == zeros[cell], (cell, value)                     # 印为0
    back = read_path(book)
    assert back.kind == "xlsx" and not back.problems
    assert {c: v for c, v in back.report.values.items() if not c.startswith("s4.")} == expected
    # 印为0 is how the blanks were printed, not what the report holds: they read back blank
    assert {c: v for c, v in back.report.values.items() if c.startswith("s4.")} == \
        {c: v for c, v in got.values.items() if c.startswith("s4.")}
    assert back.report.text["s1"] == narrative
    assert {k: back.report.meta.get(k) for k in CONTACTS} == CONTACTS
    # opened in a spreadsheet program (LibreOffice recalculates), the totals are the computed ones
    recalc = tmp_path / "recalc"
    recalc.mkdir()
    soffice(profile, recalc, "--calc", "--convert-to", "xlsx", str(book))
    wb2 = openpyxl.load_workbook(recalc / book.name, data_only=True)
    for cell, (sheet, addr) in where.items():
        if cell.startswith("s3.") and rules.compiled(got.ed).computed.get(cell):
            assert wb2[sheet][addr].value == expected[cell], (cell, wb2[sheet][addr].value)
