"""Walk every menu action and every button of the main window and of its dialogs.

The controls are discovered at run time: the menu bar's menus (recursively, with 最近打开 and
界面语言), the window's actions, the window's buttons, and the buttons of every dialog that
appears on screen while the walk runs. Each control has an entry in the table of
expectations below (keyed by object name, or by text for unnamed ones); a control that appears
without an entry fails the walk with “no expectation for X”, and the last test checks that the
union of what was walked covers everything discovered.

Each expectation triggers its action (``QAction.trigger()``, what a click on the menu item does)
or clicks its real button (``QTest.mouseClick``), answers the modal dialogs that follow with a
timer (the approach of tests/test_window.py), and checks an effect that can be seen: a value
restored, a file written, a tab changed, a dialog shown. Native file dialogs are replaced by
answers the test gives (they cannot be clicked). After every step the test fails if an
exception reached ``sys.excepthook`` (the hook the real program gives safety.ErrorReporter),
if an error box ("errorBox") appeared, or if a dialog appeared that nobody expected.
"""

from __future__ import annotations

import gc
import re
import shutil
import sys
import threading
import traceback
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QFileDialog,
                               QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QProgressDialog, QWidget)

from govreport_gui import APP_NAME, __version__
from govreport_gui.app import build_app
from govreport_gui.core import aggregate as core_aggregate
from govreport_gui.core import carry, native
from govreport_gui.core import values as V
from govreport_gui.core.export import docx as docx_export
from govreport_gui.core.grid import GridNav
from govreport_gui.core.report import new_report
from govreport_gui.ui import background, import_dialog
from govreport_gui.ui.findings import finding_section
from govreport_gui.ui.main_window import MainWindow
from govreport_gui.ui.table_model import PrevTextRole
from govreport_gui.ui.text_tab import NarrativeTab

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"

# ---------------------------------------------------------------------------------------------
# The table of expectations

#: menus whose entries are made at run time (one per file): their unnamed entries share one key
DYNAMIC_MENUS = {"recentMenu": "recentMenu/*"}

#: Qt's own buttons that are part of a widget but never shown in this program, and why.
#: The walk checks that they stay hidden (if one shows, it needs an expectation of its own).
HIDDEN = {
    "ScrollLeftButton": "the section tabs fit the window: the tab bar's scroll buttons stay hidden",
    "ScrollRightButton": "the section tabs fit the window: the tab bar's scroll buttons stay hidden",
    "qt_dockwidget_floatbutton": "the findings dock is not floatable",
    "qt_menubar_ext_button": "the menus fit the menu bar: no » extension button",
    "qt_tableview_cornerbutton": "the section grids have no headers, so no corner button",
    "importReviewDialog/qt_tableview_cornerbutton": "the review's grids have no headers, so no corner button",
    "importReviewDialog/ScrollLeftButton": "the review's tabs fit the dialog",
    "importReviewDialog/ScrollRightButton": "the review's tabs fit the dialog",
    "ledgerDialog/qt_tableview_cornerbutton": "the counted tables have no headers, so no corner button",
    "aggregateDialog/ScrollLeftButton": "the 汇总's two tabs fit the dialog",
    "indicatorRangesDialog/qt_tableview_cornerbutton": "the ranges' table has no row header, so no corner button",
    "reportIndicatorsDialog/qt_tableview_cornerbutton": "the indicators' tables have no row header, so no corner button",
    "aggregateDialog/ScrollRightButton": "the 汇总's two tabs fit the dialog",
    "ledgerDialog/ScrollLeftButton": "the counted tables' tabs fit the dialog",
    "ledgerDialog/ScrollRightButton": "the counted tables' tabs fit the dialog",
    "ledgerRowsDialog/qt_tableview_cornerbutton": "the register rows' table has no row header, so no corner button",
}

#: Controls of the system's print dialog (Qt's own on Linux, Windows' own there): not this
#: program's, so the walk presses only 打印 (its Ok) and Cancel; the rest is named, with why.
PRINT_DIALOG_OPTIONS = ("preview", "color", "grayscale", "noDuplex", "duplexLong", "duplexShort", "printAll",
                        "printRange", "pagesRadioButton", "printCurrentPage", "printSelection", "collate", "reverse",
                        "ScrollLeftButton", "ScrollRightButton")
FOREIGN = {
    "printDialog/properties": "the system's printer properties (paper, orientation): the pages are set back to A4 "
                              "upright when painted (test_printing.py)",
    "printDialog/fileBrowser": "the system's choice of a file to print to",
    "printDialog/Options >>": "the system's print options (copies, duplex)",
    **{f"printDialog/{name}": "one of the system's print options, shown after Options >>" for name in PRINT_DIALOG_OPTIONS},
}


@dataclass
class Scenario:
    fn: Callable[["Ctx"], None]
    keys: tuple[str, ...]          # the controls whose effect this scenario checks
    start: str                     # "start": the start page; "demo": the demo report, opened from tmp_path

    @property
    def name(self) -> str:
        return self.fn.__name__


SCENARIOS: list[Scenario] = []


def walks(*keys: str, start: str = "demo"):
    """Register an expectation: the function clicks/triggers every key and checks its effect."""
    def deco(fn):
        SCENARIOS.append(Scenario(fn, keys, start))
        return fn
    return deco


def expected_keys() -> set[str]:
    return {k for s in SCENARIOS for k in s.keys} | set(HIDDEN) | set(FOREIGN)


#: what the tests of this module discovered on screen (key -> where) and verified
DISCOVERED: dict[str, str] = {}
VERIFIED: set[str] = set()


# ---------------------------------------------------------------------------------------------
# Keys

def plain(text: str) -> str:
    """``新建(&N)…`` → ``新建…``, ``&Save`` → ``Save``."""
    text = re.sub(r"\(&[^)]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def menu_key(menu: QMenu) -> str:
    return menu.objectName() or plain(menu.title())


def action_key(action, menu: QMenu | None = None) -> str:
    if action.objectName():
        return action.objectName()
    if menu is not None and menu.objectName() in DYNAMIC_MENUS:
        return DYNAMIC_MENUS[menu.objectName()]
    return plain(action.text())


def dialog_key(dlg: QWidget) -> str:
    if dlg.objectName():
        return dlg.objectName()
    if isinstance(dlg, QMessageBox):
        if dlg.windowTitle() and dlg.windowTitle() != APP_NAME:
            return f"QMessageBox[{dlg.windowTitle()}]"
        first = (re.sub(r"<[^>]+>", "", dlg.text()).splitlines() or [""])[0]
        return f"QMessageBox[{first[:20]}]"
    return f"{type(dlg).__name__}[{dlg.windowTitle()}]"


def button_key(b: QAbstractButton, dlg: QWidget | None = None) -> str:
    """A button's own key (in a dialog, the dialog's key and a slash come first). A message box's
    standard button is named by its role, which does not depend on Qt's translation."""
    if isinstance(dlg, QMessageBox):
        std = dlg.standardButton(b)
        if std != QMessageBox.StandardButton.NoButton:
            return std.name
    box = b.parentWidget()
    if isinstance(dlg, QPrintDialog) and isinstance(box, QDialogButtonBox):
        std = box.standardButton(b)              # Qt's print dialog: Ok is its “Print”, in any language
        if std != QDialogButtonBox.StandardButton.NoButton:
            return std.name
    if not b.objectName() and b.metaObject().className() == "QTableCornerButton":
        return "qt_tableview_cornerbutton"          # unnamed before Qt 6.10
    return b.objectName() or plain(b.text()) or b.metaObject().className()


def submenu(action) -> QMenu | None:
    """The menu an action opens. Not ``QAction.menu()``: in PySide6 6.9 the wrapper it returns owns
    the menu, and deletes it (with 最近打开 inside) when it is garbage-collected."""
    owner = action.parent()                     # a menu's own action belongs to the menu
    if isinstance(owner, QMenu) and owner.menuAction() is action:
        return owner
    return None


def window_controls(w: MainWindow) -> dict[str, list]:
    """Every menu, menu action, window action and button of the main window, by key."""
    found: dict[str, list] = defaultdict(list)

    def walk_menu(menu: QMenu) -> None:
        for a in menu.actions():
            if a.isSeparator():
                continue
            sub = submenu(a)
            if sub is not None:
                found[menu_key(sub)].append(sub)
                walk_menu(sub)
            else:
                found[action_key(a, menu)].append(a)

    for a in w.menuBar().actions():
        sub = submenu(a)
        if sub is not None:
            found[menu_key(sub)].append(sub)
            walk_menu(sub)
        elif not a.isSeparator():
            found[action_key(a)].append(a)
    for a in w.actions():
        if a not in found[action_key(a)]:
            found[action_key(a)].append(a)
    for b in w.findChildren(QAbstractButton):
        if b.window() is w:                   # not the buttons of dialogs the window parents
            found[button_key(b)].append(b)
    return dict(found)


def dialog_buttons(dlg: QWidget) -> dict[str, list[QAbstractButton]]:
    key = dialog_key(dlg)
    found: dict[str, list[QAbstractButton]] = defaultdict(list)
    for b in dlg.findChildren(QAbstractButton):
        if b.window() is dlg:
            found[f"{key}/{button_key(b, dlg)}"].append(b)
    return dict(found)


# ---------------------------------------------------------------------------------------------
# Helpers (click and active_dialogs as in tests/test_window.py)

def click(button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), f"cannot click {button.text()!r}: hidden or disabled"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def active_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


class FileDialogs:
    """Answers for the native file dialogs, which a test cannot click: each call takes the next
    answer queued for it; a call with none queued is a dialog nobody expected (a problem)."""

    def __init__(self, ctx: "Ctx"):
        self.ctx = ctx
        self.open: list[Path] = []
        self.open_many: list[list[Path]] = []
        self.save: list[Path] = []
        self.folder: list[Path] = []
        self.asked: list[tuple[str, str, str]] = []       # (kind, title, suggested)

    def _next(self, kind: str, queue: list, title: str, suggested: str):
        self.asked.append((kind, title, suggested))
        if not queue:
            self.ctx.problems.append(f"a file dialog nobody expected: {kind} “{title}”")
            return None
        return queue.pop(0)

    def get_open(self, parent=None, title="", folder="", filt="", *a, **k):
        p = self._next("open", self.open, title, folder)
        return (str(p), "") if p else ("", "")

    def get_open_many(self, parent=None, title="", folder="", filt="", *a, **k):
        ps = self._next("open_many", self.open_many, title, folder)
        return ([str(p) for p in ps], "") if ps else ([], "")

    def get_save(self, parent=None, title="", suggested="", filt="", *a, **k):
        p = self._next("save", self.save, title, suggested)
        return (str(p), "") if p else ("", "")

    def get_folder(self, parent=None, title="", folder="", *a, **k):
        p = self._next("folder", self.folder, title, folder)
        return str(p) if p else ""

    def unused(self) -> list[str]:
        left = [("open", self.open), ("open_many", self.open_many), ("save", self.save), ("folder", self.folder)]
        return [f"{kind}: {q}" for kind, q in left if q]


class Ctx:
    """One walk's window, answers and findings."""

    def __init__(self, qtbot, tmp_path: Path, monkeypatch, demo_path: Path):
        self.qtbot, self.tmp, self.mp = qtbot, tmp_path, monkeypatch
        self.exceptions: list[str] = []
        self.problems: list[str] = []
        self.walked: set[str] = set()
        self.steps: list[tuple[str, object]] = []
        self.seen: list[str] = []
        self._handled: list[QWidget] = []
        self.demo_report = native.load(demo_path)
        self.demo = tmp_path / "demo.govreport"
        shutil.copy(demo_path, self.demo)
        self.files = FileDialogs(self)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.files.get_open)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self.files.get_open_many)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self.files.get_save)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self.files.get_folder)
        self.opened_urls: list[QUrl] = []
        monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: self.opened_urls.append(url) or True)
        # reads never show 正在读取… unless a scenario asks for it (no race with the clock)
        monkeypatch.setattr(background, "SHOW_AFTER_MS", 600_000)
        # settings: this walk starts from none and leaves them as it found them
        s = QSettings()
        self._settings = {k: s.value(k) for k in s.allKeys()}
        s.clear()
        s.sync()
        self.windows: list[MainWindow] = []
        self._running = True
        QTimer.singleShot(20, self._tick)
        self.w = self.new_window()

    # -- set-up ---------------------------------------------------------------------------
    def new_window(self) -> MainWindow:
        w = MainWindow()                 # closed and deleted by teardown(), at a known point
        w.resize(1366, 768)
        w.show()
        self.qtbot.waitExposed(w)
        self.windows.append(w)
        self.w = w
        return w

    @property
    def doc(self):
        return self.w.doc

    def open_demo(self) -> None:
        assert self.w.open_path(self.demo)
        assert self.doc is not None and not self.doc.modified

    def copy_demo(self, name: str, issuer: str | None = None, change: dict | None = None) -> Path:
        r = self.demo_report.copy()
        if issuer:
            r.issuer = issuer
        for c, v in (change or {}).items():
            r.set(c, v)
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        native.save(r, path)
        return path

    def docx(self) -> Path:
        """The demo as exported to Word by the core: last year's report as it usually survives."""
        path = self.tmp / "2024年报.docx"
        if not path.exists():
            docx_export.export(self.demo_report, path)
        return path

    def paste_text(self) -> str:
        """The demo's tables as text copied from a web page."""
        r = self.demo_report
        ed = r.ed
        types = {c: cd.type for c, cd in ed.cells.items()}
        parts = [f"{r.issuer}{r.year}年政府信息公开工作年度报告"]
        for s in ed.sections:
            if s.kind != "table":
                continue
            t = ed.tables[s.id]
            parts += [s.heading, GridNav(t).copy_text(0, 0, t.height - 1, t.width - 1, r.values, types)]
        return "\n".join(parts) + "\n"

    def teardown(self) -> None:
        """Close and delete the windows now (not in some later test's event loop), then put the
        settings back. The timer still runs while the windows close: a question they ask then is
        turned down, never left waiting for an answer."""
        self.steps = []
        for d in active_dialogs():
            d.close()
        for w in self.windows:
            if w.doc is not None:
                w.doc.set_clean()
            w.close()
            w.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._running = False
        self.windows.clear()
        self.w = None
        self._handled.clear()
        gc.collect()
        s = QSettings()
        s.clear()
        for k, v in self._settings.items():
            s.setValue(k, v)
        s.sync()

    # -- exceptions and dialogs ------------------------------------------------------------------
    def excepthook(self, etype, value, tb) -> None:
        self.exceptions.append("".join(traceback.format_exception(etype, value, tb)))

    def _tick(self) -> None:
        """Every 20 ms (a new single-shot timer each time, so it also runs inside a nested
        dialog's event loop): discover the dialogs on screen, answer the modal one on top."""
        if not self._running:
            return
        QTimer.singleShot(20, self._tick)
        for d in active_dialogs():
            self.discover_dialog(d)
        for w in QApplication.topLevelWidgets():
            if w.objectName() == "errorBox" and w.isVisible() and w not in self._handled:
                self._handled.append(w)
                self.problems.append(f"an error box appeared: {getattr(w, 'text', lambda: '')()}")
                w.close()
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QDialog) or dlg in self._handled or not dlg.isVisible():
            return
        key = dialog_key(dlg)
        if isinstance(dlg, QProgressDialog) and not (self.steps and self.steps[0][0] == key):
            return                          # a progress dialog goes away by itself
        self._handled.append(dlg)
        if not self.steps:
            self.problems.append(f"a dialog nobody expected: {key}: {getattr(dlg, 'text', lambda: '')()}")
            dlg.reject()
            return
        want, action = self.steps.pop(0)
        if key != want:
            self.problems.append(f"expected the dialog {want}, got {key}: {getattr(dlg, 'text', lambda: '')()}")
            dlg.reject()
            return
        self.seen.append(key)
        try:
            if callable(action):
                action(dlg)
            else:
                self.click_in(dlg, str(action))
        except BaseException as e:          # an assertion about the dialog: reported, and the dialog let go
            self.problems.append(f"in {key}: {type(e).__name__}: {e}\n{traceback.format_exc()}")
            if dlg.isVisible():
                dlg.reject()

    def discover_dialog(self, dlg: QWidget) -> None:
        for key, buttons in dialog_buttons(dlg).items():
            DISCOVERED.setdefault(key, "dialog")
            self.check_known(key, buttons)

    def discover_window(self) -> dict[str, list]:
        controls = window_controls(self.w)
        for key, objs in controls.items():
            DISCOVERED.setdefault(key, "main window")
            self.check_known(key, [o for o in objs if isinstance(o, QAbstractButton)])
        return controls

    def check_known(self, key: str, buttons: list[QAbstractButton]) -> None:
        if key not in expected_keys():
            msg = f"no expectation for {key}"
            if msg not in self.problems:
                self.problems.append(msg)
        elif key in FOREIGN:
            VERIFIED.add(key)               # named, with why the walk leaves it alone
        elif key in HIDDEN:
            shown = [b for b in buttons if b.isVisible()]
            if shown:
                self.problems.append(f"{key} is shown, but the table says it never is ({HIDDEN[key]}): "
                                     "give it an expectation")
            elif any(b.parentWidget() is not None and b.parentWidget().isVisible() for b in buttons):
                VERIFIED.add(key)           # hidden while what holds it is on screen

    # -- acting -------------------------------------------------------------------------------------
    def answer(self, *steps: tuple[str, object]) -> None:
        self.steps = list(steps)
        self.seen = []

    def check(self, what: str) -> None:
        """After a step: no exception, no error box, no dialog left unanswered or unexpected."""
        QApplication.processEvents()
        for d in active_dialogs():
            self.discover_dialog(d)
        problems = list(self.problems) + [f"exception:\n{e}" for e in self.exceptions]
        if self.steps:
            problems.append(f"dialogs that never appeared: {[s[0] for s in self.steps]} (seen: {self.seen})")
        self.steps = []
        if problems:
            self.problems.clear()
            self.exceptions.clear()
            pytest.fail(f"{what}:\n" + "\n".join(problems), pytrace=False)

    def action(self, key: str):
        objs = self.discover_window().get(key)
        assert objs, f"the window has no control {key}"
        return objs[0]

    def trigger(self, key: str, *steps, action=None) -> None:
        """Trigger a menu action (as a click on the menu item does), answering the dialogs."""
        a = action if action is not None else self.action(key)
        assert a.isEnabled(), f"{key} is disabled"
        self.walked.add(key)
        self.answer(*steps)
        a.trigger()
        self.check(f"after {key}")

    def click(self, key: str, *steps) -> None:
        """Click the window's real button with this key, answering the dialogs."""
        buttons = [b for b in self.discover_window().get(key, []) if isinstance(b, QAbstractButton) and b.isVisible()]
        assert buttons, f"no visible button {key}"
        self.walked.add(key)
        self.answer(*steps)
        click(buttons[0])
        self.check(f"after clicking {key}")

    def click_in(self, dlg: QWidget, key: str) -> None:
        """In a dialog: click its button with this key (inside the dialog's own event loop)."""
        QApplication.processEvents()              # what a person sees before clicking: laid out
        full = f"{dialog_key(dlg)}/{key}"
        buttons = [b for b in dialog_buttons(dlg).get(full, []) if b.isVisible()]
        assert buttons, f"no visible button {full}: {sorted(dialog_buttons(dlg))}"
        self.walked.add(full)
        click(buttons[0])

    # -- the report ---------------------------------------------------------------------------------
    def goto_cell(self, cell: str):
        sid = cell.split(".", 1)[0]
        self.w.tabs.setCurrentIndex(self.w.TAB_IDS.index(sid))
        view = self.w.views[sid]
        view.setFocus()
        view.setCurrentIndex(view.model().index_of(cell))
        return view

    def type_into(self, cell: str, text: str) -> None:
        """Type a value into a cell of the grid and press Enter, as a clerk does."""
        view = self.goto_cell(cell)
        QTest.keyClicks(view, text)
        QTest.keyClick(view.focusWidget(), Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=10_000)

    def wait(self, condition: Callable[[], object], what: str = "") -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=10_000)


# ---------------------------------------------------------------------------------------------
# Fixtures

@pytest.fixture
def ctx(qtbot, tmp_path, monkeypatch, data_dir, demo_path):
    build_app(["test"])
    c = Ctx(qtbot, tmp_path, monkeypatch, demo_path)
    yield c
    c.teardown()


def run_with_hook(ctx: Ctx, fn: Callable[[Ctx], None]) -> None:
    """Run ``fn`` with sys.excepthook recording (patched in the test's own call, where pytest-qt
    would otherwise have its own hook)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "excepthook", ctx.excepthook)
        fn(ctx)
        ctx.check("at the end")


def carried_in_cells(r) -> list[str]:
    return [c for c in r.ed.cells if c.startswith("s3.carried_in.") and not c.endswith(".total")]


def assert_carried(r, last) -> None:
    for c in carried_in_cells(r):
        out = c.replace("carried_in", "carried_out")
        assert r.values.get(c) == last.values.get(out), \
            f"{c}: {r.values.get(c)} ≠ last year's {out} {last.values.get(out)}"


def word_texts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)


# =============================================================================================
# The table of expectations: each function below is registered with @walks(keys…) for the
# controls whose effect it checks (with HIDDEN above, that is the whole table; the parametrized
# test_walk runs one function per test). Every function clicks or triggers each of its keys.

# -- the start page

@walks("startFromLastYear", start="start")
def start_from_last_year_button(ctx: Ctx):
    """从上年报告开始…: last year's Word file (review: 确认导入), then 新建 (创建): this year's report."""
    ctx.files.open.append(ctx.docx())
    ctx.click("startFromLastYear", ("importReviewDialog", "确认导入"), ("newReportDialog", "创建"))
    r = ctx.doc.report
    assert r.year == 2025 and r.issuer == ctx.demo_report.issuer and r.previous.year == 2024
    assert_carried(r, ctx.demo_report)
    assert ctx.doc.path is None and ctx.w.isWindowModified()
    assert ctx.w.stack.currentWidget() is ctx.w.tabs


@walks("startOpen", start="start")
def start_open_button(ctx: Ctx):
    ctx.files.open.append(ctx.demo)
    ctx.click("startOpen")
    assert ctx.doc is not None and ctx.doc.path == ctx.demo and not ctx.doc.modified
    assert ctx.w.stack.currentWidget() is ctx.w.tabs


@walks("startBlank", start="start")
def start_blank_button(ctx: Ctx):
    def create(dlg):
        dlg.findChild(QLineEdit, "newIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "创建")
    ctx.click("startBlank", ("newReportDialog", create))
    r = ctx.doc.report
    assert r.issuer == "某某县人民政府" and all(ctx.doc.is_computed(c) for c in r.values)
    assert ctx.doc.path is None and ctx.w.isWindowModified()


@walks("startDemo", start="start")
def start_demo_button(ctx: Ctx):
    ctx.click("startDemo")
    assert ctx.w.demo and ctx.doc.path is None and ctx.doc.report.issuer == "云泽市人民政府"
    assert "示例" in ctx.w.windowTitle() and not ctx.w.isWindowModified()


# =============================================================================================
# The menus themselves

@walks("文件", "编辑", "视图", "帮助", "recentMenu", "languageMenu")
def menus_open_on_click(ctx: Ctx):
    """A click on a menu's title opens it, with all its entries; a click on a submenu's entry
    (最近打开, 界面语言) opens the submenu."""
    mb = ctx.w.menuBar()

    def entries_shown(menu: QMenu) -> None:
        entries = [a for a in menu.actions() if not a.isSeparator()]
        assert entries, f"{menu_key(menu)} is empty"
        for a in entries:
            assert a.isVisible() and not menu.actionGeometry(a).isEmpty(), f"{plain(a.text())} not shown"

    def close_popups() -> None:
        for _ in range(6):
            popup = QApplication.activePopupWidget()
            if popup is None:
                return
            QTest.keyClick(popup, Qt.Key.Key_Escape)
        ctx.wait(lambda: QApplication.activePopupWidget() is None)

    for top in mb.actions():
        menu = submenu(top)
        if menu is None:
            continue
        ctx.walked.add(menu_key(menu))
        QTest.mouseClick(mb, Qt.MouseButton.LeftButton, pos=mb.actionGeometry(top).center())
        ctx.wait(menu.isVisible)
        entries_shown(menu)
        for a in menu.actions():
            sub = submenu(a)
            if sub is None:
                continue
            assert a.isEnabled(), f"{menu_key(sub)} is disabled"
            ctx.walked.add(menu_key(sub))
            QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(a).center())
            ctx.wait(sub.isVisible)
            entries_shown(sub)
        close_popups()
        ctx.wait(lambda: not menu.isVisible())
        ctx.check(f"after opening {menu_key(menu)}")


# =============================================================================================
# 文件

@walks("actStartFromLastYear")
def file_start_from_last_year(ctx: Ctx):
    ctx.files.open.append(ctx.docx())
    ctx.trigger("actStartFromLastYear", ("importReviewDialog", "确认导入"), ("newReportDialog", "创建"))
    r = ctx.doc.report
    assert r.year == 2025 and r.previous.year == 2024 and ctx.doc.path is None
    assert_carried(r, ctx.demo_report)


@walks("actNew", "newReportDialog/创建")
def file_new(ctx: Ctx):
    def create(dlg):
        ctx.click_in(dlg, "创建")                  # no issuer yet: refused, and it says why
        assert dlg.isVisible() and "请填写发布机关" in dlg.error.text()
        dlg.findChild(QLineEdit, "newIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "创建")
    ctx.trigger("actNew", ("newReportDialog", create))
    r = ctx.doc.report
    assert r.issuer == "某某县人民政府" and ctx.doc.path is None and ctx.w.isWindowModified()
    assert all(ctx.doc.is_computed(c) for c in r.values)


@walks("newReportDialog/newChooseLast")
def new_dialog_choose_last_year(ctx: Ctx):
    last = ctx.copy_demo("上年/2024.govreport")

    def choose(dlg):
        ctx.files.open.append(last)
        ctx.click_in(dlg, "newChooseLast")
        label = dlg.findChild(QWidget, "newLastYear").text()
        assert "2024.govreport" in label and "个数值" in label, label
        assert dlg.year.value() == 2025 and dlg.issuer.text() == ctx.demo_report.issuer
        ctx.click_in(dlg, "创建")
    ctx.trigger("actNew", ("newReportDialog", choose))
    r = ctx.doc.report
    assert r.year == 2025 and r.previous.year == 2024
    assert_carried(r, ctx.demo_report)


@walks("newReportDialog/取消")
def new_dialog_cancel(ctx: Ctx):
    ctx.trigger("actNew", ("newReportDialog", "取消"))
    assert ctx.doc.path == ctx.demo and not ctx.doc.modified and ctx.doc.report.year == 2024


@walks("actOpen")
def file_open(ctx: Ctx):
    other = ctx.copy_demo("另一份.govreport", issuer="某某区人民政府")
    ctx.files.open.append(other)
    ctx.trigger("actOpen")
    assert ctx.doc.path == other and ctx.doc.report.issuer == "某某区人民政府"
    assert Path(ctx.w._recent()[0]) == other.resolve()


@walks("recentMenu/*")
def file_recent_entries(ctx: Ctx):
    """Each entry of 最近打开 opens its file."""
    a = ctx.copy_demo("甲.govreport", issuer="甲镇人民政府")
    b = ctx.copy_demo("乙.govreport", issuer="乙镇人民政府")
    assert ctx.w.open_path(a) and ctx.w.open_path(b)
    targets = [x.toolTip() for x in ctx.discover_window()["recentMenu/*"]]
    assert len(targets) == 3, targets                       # 乙, 甲, demo
    for target in targets[1:] + targets[:1]:
        entry = next(x for x in ctx.discover_window()["recentMenu/*"] if x.toolTip() == target)
        assert Path(ctx.doc.path).resolve() != Path(target)
        ctx.trigger("recentMenu/*", action=entry)
        assert Path(ctx.doc.path).resolve() == Path(target) and not ctx.doc.modified


@walks("actCloseReport")
def file_close_report(ctx: Ctx):
    ctx.trigger("actCloseReport")
    assert ctx.doc is None and ctx.w.stack.currentWidget() is ctx.w.start
    assert ctx.w.windowTitle() == APP_NAME


@walks("saveChangesBox/Save")
def save_question_save(ctx: Ctx):
    ctx.type_into("s4.review.upheld", "9")
    ctx.trigger("actCloseReport", ("saveChangesBox", "Save"))
    assert ctx.doc is None and native.load(ctx.demo).values["s4.review.upheld"] == 9


@walks("saveChangesBox/Discard")
def save_question_discard(ctx: Ctx):
    ctx.type_into("s4.review.upheld", "9")
    ctx.trigger("actCloseReport", ("saveChangesBox", "Discard"))
    assert ctx.doc is None
    assert native.load(ctx.demo).values["s4.review.upheld"] == ctx.demo_report.values["s4.review.upheld"]


@walks("saveChangesBox/Cancel")
def save_question_cancel(ctx: Ctx):
    ctx.type_into("s4.review.upheld", "9")
    ctx.trigger("actCloseReport", ("saveChangesBox", "Cancel"))
    assert ctx.doc is not None and ctx.doc.modified and ctx.doc.value("s4.review.upheld") == 9


@walks("actImport", "importReviewDialog/确认导入")
def file_import(ctx: Ctx):
    ctx.files.open.append(ctx.docx())
    ctx.trigger("actImport", ("importReviewDialog", "确认导入"))
    r = ctx.doc.report
    assert ctx.doc.path is None and ctx.w.isWindowModified()
    assert r.values == ctx.demo_report.values and r.issuer == ctx.demo_report.issuer


@walks("importReviewDialog/取消")
def import_review_cancel(ctx: Ctx):
    ctx.files.open.append(ctx.docx())
    ctx.trigger("actImport", ("importReviewDialog", "取消"))
    assert ctx.doc.path == ctx.demo and not ctx.doc.modified


def worker_cancelled():
    from govreport_gui.core import worker
    return worker.Cancelled("已取消")


@walks("busyDialog/取消")
def import_busy_cancel(ctx: Ctx):
    """A slow read shows 正在读取… with 取消; 取消 gives it up and nothing is imported."""
    release = threading.Event()
    real = import_dialog.read_path

    stopped = []

    def slow(path, cancel=None):
        while not release.is_set():                 # a read that goes on until 取消 tells it to stop
            if cancel is not None and cancel.wait(0.02):
                stopped.append(path)
                raise worker_cancelled()
        return real(path)
    ctx.mp.setattr(background, "SHOW_AFTER_MS", 0)
    ctx.mp.setattr(import_dialog, "read_path", slow)
    ctx.files.open.append(ctx.docx())
    try:
        ctx.trigger("actImport", ("busyDialog", "取消"))
        ctx.wait(lambda: bool(stopped))                  # the work was told to stop, not only abandoned
    finally:
        release.set()
    assert ctx.doc.path == ctx.demo and not ctx.doc.modified


@walks("actImportPaste", "pasteDialog/读取")
def file_import_paste(ctx: Ctx):
    def paste(dlg):
        ctx.click_in(dlg, "读取")                  # nothing pasted: refused with a reason
        assert dlg.isVisible() and dlg.error.text()
        dlg.findChild(QPlainTextEdit, "pasteText").setPlainText(ctx.paste_text())
        ctx.click_in(dlg, "读取")
    ctx.trigger("actImportPaste", ("pasteDialog", paste), ("importReviewDialog", "确认导入"))
    r = ctx.doc.report
    assert ctx.doc.path is None and ctx.w.isWindowModified()
    s3 = {c: v for c, v in ctx.demo_report.values.items() if c.startswith("s3.")}
    assert {c: r.values.get(c) for c in s3} == s3


@walks("pasteDialog/取消")
def paste_cancel(ctx: Ctx):
    ctx.trigger("actImportPaste", ("pasteDialog", "取消"))
    assert ctx.doc.path == ctx.demo and not ctx.doc.modified


@walks("actCarry")
def file_carry(ctx: Ctx):
    """结转 into this year's blank report: the carried-over counts land as one undo step, and
    last year's figures are kept for comparison (显示上年数)."""
    ctx.w.load_report(new_report(2025, ctx.demo_report.issuer), None)
    ctx.doc.set_clean()
    ctx.files.open.append(ctx.docx())
    ctx.trigger("actCarry", ("importReviewDialog", "确认导入"))
    r = ctx.doc.report
    assert_carried(r, ctx.demo_report)
    assert r.previous is not None and r.previous.year == 2024
    assert ctx.doc.undo_stack.count() == 1, "carrying is one undo step"
    assert ctx.w.act_prev.isEnabled(), "last year's figures are kept for comparison, but 显示上年数 stays disabled"
    ctx.trigger("actUndo")
    assert all(r.values.get(c) is None for c in carried_in_cells(r)) and r.previous is None


def _units(ctx: Ctx, n: int = 2) -> list[Path]:
    names = ["甲镇人民政府", "乙镇人民政府", "丙镇人民政府"]
    return [ctx.copy_demo(f"units/{names[i]}.govreport", issuer=names[i]) for i in range(n)]


def _sum_twice(ctx: Ctx, r) -> None:
    for c in ctx.demo_report.values:
        if c.startswith(("s3.", "s4.")):
            assert r.values.get(c) == 2 * ctx.demo_report.values[c], c


@walks("actAggregate", "aggregateDialog/aggAddFiles", "aggregateDialog/汇总")
def file_aggregate(ctx: Ctx):
    units = _units(ctx)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        assert dlg.table.rowCount() == 2 and "共 2 份" in dlg.messages.text()
        ctx.click_in(dlg, "汇总")                  # no issuer yet: refused, and it says why
        assert dlg.isVisible() and "请填写" in dlg.messages.text()
        dlg.findChild(QLineEdit, "aggIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "汇总")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))
    r = ctx.doc.report
    assert r.issuer == "某某县人民政府" and ctx.doc.path is None and ctx.w.isWindowModified()
    _sum_twice(ctx, r)


def type_percent(spin, text: str) -> None:
    """Type a figure into a spin box as a person does: select what is there, type over it."""
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin, text)
    assert spin.value() == float(text)


@walks("aggregateDialog/aggRanges", "indicatorRangesDialog/okButton", "indicatorRangesDialog/defaultsButton",
       "indicatorRangesDialog/cancelButton")
def aggregate_indicators(ctx: Ctx):
    """汇总 → 指标: each unit's indicators, sortable by a click on a header, flagged outside the
    range the office sets in 指标范围…, and charted; the demo's 实质公开率 is (163+38)/353 = 56.9%."""
    from govreport_gui.core.report import Report

    d = ctx.demo_report.values                # 100 applications moved from 予以公开 to 不予公开: still balanced
    low = ctx.copy_demo("units/丁镇人民政府.govreport", issuer="丁镇人民政府",
                        change={"s3.granted.natural": d["s3.granted.natural"] - 100,
                                "s3.granted.total": d["s3.granted.total"] - 100,
                                "s3.denied.secret.natural": d["s3.denied.secret.natural"] + 100,
                                "s3.denied.secret.total": d["s3.denied.secret.total"] + 100})   # (63+38)/353 = 28.6%
    units = _units(ctx, 2) + [low]

    def set_range(dlg):
        spin = dlg.findChild(QWidget, "disclosure_rate_min")
        assert spin.value() == 40.0                                  # the edition's default, in percent
        type_percent(spin, "60")
        ctx.click_in(dlg, "okButton")

    def look(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        tabs = dlg.findChild(QWidget, "aggTabs")
        QTest.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(1).center())
        assert tabs.currentIndex() == 1
        table = dlg.findChild(QWidget, "aggIndicators")
        heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        col = heads.index("实质公开率")
        rows = {table.item(r, 0).text(): table.item(r, col) for r in range(table.rowCount())}
        assert rows["甲镇人民政府"].text() == "56.9%" and "（予以公开 163 + 部分公开 38）" in rows["甲镇人民政府"].toolTip()
        assert rows["丁镇人民政府"].background().color().name() == "#fde3b0"      # below 40%: flagged
        assert rows["甲镇人民政府"].background().style() == Qt.BrushStyle.NoBrush
        QTest.mouseClick(table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(table.horizontalHeader().sectionViewportPosition(col) + 5, 5))
        order = [table.item(r, col).text() for r in range(table.rowCount())]
        assert order in (["28.6%", "56.9%", "56.9%"], ["56.9%", "56.9%", "28.6%"])
        chart = dlg.findChild(QWidget, "aggIndicatorChart")
        assert [b[0] for b in chart.bars][-1] == "丁镇人民政府"        # the shortest bar last
        assert chart.low == 40.0
        ctx.answer(("indicatorRangesDialog", set_range))
        ctx.click_in(dlg, "aggRanges")
        rows = {table.item(r, 0).text(): table.item(r, col) for r in range(table.rowCount())}
        assert rows["甲镇人民政府"].background().color().name() == "#fde3b0"      # now below the office's 60%
        assert chart.low == 60.0
        ctx.answer(("indicatorRangesDialog", "cancelButton"))
        ctx.click_in(dlg, "aggRanges")
        assert chart.low == 60.0
        ctx.answer(("indicatorRangesDialog", "defaultsButton"))
        ctx.click_in(dlg, "aggRanges")
        assert chart.low == 40.0
        ctx.click_in(dlg, "取消")

    ctx.trigger("actAggregate", ("aggregateDialog", look))
    assert isinstance(ctx.demo_report, Report)


@walks("actIndicators", "reportIndicatorsDialog/reportRanges", "reportIndicatorsDialog/closeButton")
def view_indicators(ctx: Ctx):
    """视图 → 指标…: the report's indicators with their formulas; the office's range applies."""
    def look(dlg):
        table = dlg.findChild(QWidget, "reportIndicators")
        rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)] for r in range(table.rowCount())}
        assert list(rows) == ["实质公开率", "不予公开率", "无法提供率", "行政复议纠错率", "行政诉讼败诉率"]
        assert rows["实质公开率"][:2] == ["56.9%", "评价"] and "（予以公开 163 + 部分公开 38）" in rows["实质公开率"][2]
        assert rows["行政复议纠错率"][0] == "12.5%"
        ctx.answer(("indicatorRangesDialog", set_range))
        ctx.click_in(dlg, "reportRanges")
        assert table.item(0, 2).text() == "评价：低于下限"
        ctx.click_in(dlg, "closeButton")

    def set_range(dlg):
        type_percent(dlg.findChild(QWidget, "disclosure_rate_min"), "60")
        ctx.click_in(dlg, "okButton")

    ctx.trigger("actIndicators", ("reportIndicatorsDialog", look))

    units = _units(ctx)                          # a 汇总 opened: its units' indicators below its own

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        dlg.findChild(QLineEdit, "aggIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "汇总")

    ctx.trigger("actAggregate", ("aggregateDialog", agg))

    def summed(dlg):
        panel = dlg.findChild(QWidget, "aggIndicators")
        assert panel.rowCount() == 2
        ctx.click_in(dlg, "closeButton")

    ctx.trigger("actIndicators", ("reportIndicatorsDialog", summed))


@walks("aggregateDialog/aggAddFolder")
def aggregate_add_folder(ctx: Ctx):
    units = _units(ctx, 3)

    def agg(dlg):
        ctx.files.folder.append(units[0].parent)
        ctx.click_in(dlg, "aggAddFolder")
        names = sorted(dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount()))
        assert names == sorted(u.name for u in units)
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))


@walks("aggregateDialog/aggRemove")
def aggregate_remove(ctx: Ctx):
    units = _units(ctx)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        t = dlg.table
        QTest.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=t.visualItemRect(t.item(0, 0)).center())
        ctx.click_in(dlg, "aggRemove")
        assert t.rowCount() == 1 and t.item(0, 0).text() == units[1].name
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))


@walks("aggregateDialog/qt_tableview_cornerbutton")
def aggregate_corner_selects_all(ctx: Ctx):
    units = _units(ctx)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        ctx.click_in(dlg, "qt_tableview_cornerbutton")
        assert {i.row() for i in dlg.table.selectedIndexes()} == {0, 1}
        ctx.click_in(dlg, "aggRemove")
        assert dlg.table.rowCount() == 0
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))


@walks("aggregateDialog/清空")
def aggregate_clear(ctx: Ctx):
    units = _units(ctx)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        ctx.click_in(dlg, "清空")
        assert dlg.table.rowCount() == 0 and not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))


@walks("aggregateDialog/aggIncludeInvalid")
def aggregate_include_invalid(ctx: Ctx):
    good = _units(ctx, 1)[0]
    r1_out = ctx.demo_report.values["s3.carried_out.natural"]
    bad = ctx.copy_demo("units/有错.govreport", issuer="乙镇人民政府",
                        change={"s3.carried_out.natural": r1_out + 19})

    def agg(dlg):
        ctx.files.open_many.append([good, bad])
        ctx.click_in(dlg, "aggAddFiles")
        box = dlg.findChild(QWidget, "aggIncludeInvalid")
        assert box.isEnabled() and not box.isChecked()
        ctx.click_in(dlg, "aggIncludeInvalid")
        assert box.isChecked()
        dlg.findChild(QLineEdit, "aggIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "汇总")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))
    assert ctx.doc.report.values["s3.new.natural"] == 2 * ctx.demo_report.values["s3.new.natural"], \
        "the unit with errors is counted"


@walks("aggregateDialog/取消")
def aggregate_cancel(ctx: Ctx):
    units = _units(ctx)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")
        dlg.findChild(QLineEdit, "aggIssuer").setText("某某县人民政府")
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg))
    assert ctx.doc.path == ctx.demo and not ctx.doc.modified


@walks("aggProgress/取消")
def aggregate_progress_cancel(ctx: Ctx):
    """Reading many units shows a progress dialog; its 取消 keeps none of the batch."""
    units = _units(ctx)

    def slow_read_units(paths, workers=None, progress=None, cancelled=None):
        progress(1, len(paths), paths[0])
        ctx.qtbot.waitUntil(cancelled, timeout=10_000)        # Qt shows the dialog after 300 ms
        raise core_aggregate.Cancelled()
        yield                                                    # a generator, as read_units is

    ctx.mp.setattr(core_aggregate, "read_units", slow_read_units)

    def agg(dlg):
        ctx.files.open_many.append(units)
        ctx.click_in(dlg, "aggAddFiles")                       # the progress dialog is answered inside
        assert dlg.table.rowCount() == 0 and "已取消" in dlg.messages.text()
        ctx.click_in(dlg, "取消")
    ctx.trigger("actAggregate", ("aggregateDialog", agg), ("aggProgress", "取消"))


@walks("actSave")
def file_save(ctx: Ctx):
    ctx.type_into("s4.review.upheld", "9")
    assert ctx.w.isWindowModified()
    ctx.trigger("actSave")
    assert native.load(ctx.demo).values["s4.review.upheld"] == 9
    assert not ctx.doc.modified and not ctx.w.isWindowModified()


@walks("actSaveAs")
def file_save_as(ctx: Ctx):
    ctx.files.save.append(ctx.tmp / "另存为")                # no suffix typed: .govreport is added
    ctx.trigger("actSaveAs")
    out = ctx.tmp / "另存为.govreport"
    assert out.exists() and ctx.doc.path == out and not ctx.doc.modified
    assert native.load(out).values == ctx.demo_report.values


@walks("actExportDocx", "exportDoneBox/关闭")
def file_export_docx(ctx: Ctx):
    out = ctx.tmp / "导出.docx"
    ctx.files.save.append(out)
    ctx.trigger("actExportDocx", ("exportDoneBox", "关闭"))
    assert out.exists() and "云泽市人民政府" in "".join(word_texts(out))
    assert Path(ctx.files.asked[-1][2]).parent == ctx.demo.parent          # offered beside the report
    assert not ctx.opened_urls


@walks("exportDoneBox/打开所在文件夹")
def export_open_folder(ctx: Ctx):
    out = ctx.tmp / "导出.docx"
    ctx.files.save.append(out)
    ctx.trigger("actExportDocx", ("exportDoneBox", "打开所在文件夹"))
    assert out.exists() and ctx.opened_urls == [QUrl.fromLocalFile(str(ctx.tmp))]


@walks("actExportDocxTemplate")
def file_export_with_template(ctx: Ctx):
    template = TEMPLATES / f"{ctx.demo_report.edition}.docx"
    assert template.exists()
    out = ctx.tmp / "模板导出.docx"
    ctx.files.open.append(template)
    ctx.files.save.append(out)
    ctx.trigger("actExportDocxTemplate", ("exportDoneBox", "关闭"))
    assert out.exists() and "云泽市人民政府" in "".join(word_texts(out))
    assert ctx.files.asked[0][0] == "open"                   # the template was asked for


@walks("actExportXlsx")
def file_export_xlsx(ctx: Ctx):
    out = ctx.tmp / "导出.xlsx"
    ctx.files.save.append(out)
    ctx.trigger("actExportXlsx", ("exportDoneBox", "关闭"))
    assert out.exists()
    with zipfile.ZipFile(out) as z:
        assert "xl/workbook.xml" in z.namelist()


@walks("actExportHtml")
def file_export_html(ctx: Ctx):
    out = ctx.tmp / "导出.html"
    ctx.files.save.append(out)
    ctx.trigger("actExportHtml", ("exportDoneBox", "关闭"))
    assert "云泽市人民政府" in out.read_text(encoding="utf-8")


@walks("actExportPdf")
def file_export_pdf(ctx: Ctx):
    out = ctx.tmp / "导出.pdf"
    ctx.files.save.append(out)
    ctx.trigger("actExportPdf", ("exportDoneBox", "关闭"))
    assert out.read_bytes().startswith(b"%PDF")


def _printed(ctx: Ctx) -> Path:
    """Where 打印 puts the pages on a PC with no printer (as in CI): a PDF named after the report,
    beside it (printing.new_printer)."""
    return ctx.tmp / f"{ctx.doc.report.title}.pdf"


def _read_printed(ctx: Ctx) -> dict:
    from govreport_gui.core.importers import read_path_here

    return read_path_here(_printed(ctx)).report.values


@walks("actPrint", "printDialog/Ok")
def file_print(ctx: Ctx):
    ctx.trigger("actPrint", ("printDialog", "Ok"))
    assert _read_printed(ctx) == ctx.doc.report.values            # every figure on paper, read back
    assert ctx.w.statusBar().currentMessage().startswith("已打印到文件")


@walks("printDialog/Cancel")
def print_cancel(ctx: Ctx):
    ctx.trigger("actPrint", ("printDialog", "Cancel"))
    assert not _printed(ctx).exists() and not ctx.w.statusBar().currentMessage().startswith("已打印")


@walks("actPrintPreview", "printPreviewDialog/nextPageButton", "printPreviewDialog/previousPageButton",
       "printPreviewDialog/zoomInButton", "printPreviewDialog/zoomOutButton", "printPreviewDialog/fitWidthButton",
       "printPreviewDialog/fitPageButton", "printPreviewDialog/closeButton")
def file_print_preview(ctx: Ctx):
    from govreport_gui.ui import pdf_export

    _, _, pages = pdf_export.render_pages(ctx.doc.report)

    def look(dlg):
        preview = dlg.findChild(QPrintPreviewWidget)
        label = dlg.findChild(QWidget, "pageLabel")
        ctx.wait(lambda: preview.pageCount() == pages)          # the pages the PDF has
        assert label.text() == f"第 1 页，共 {pages} 页"
        ctx.click_in(dlg, "nextPageButton")
        assert preview.currentPage() == 2 and label.text() == f"第 2 页，共 {pages} 页"
        ctx.click_in(dlg, "previousPageButton")
        assert preview.currentPage() == 1
        zoom = preview.zoomFactor()
        ctx.click_in(dlg, "zoomInButton")
        assert preview.zoomFactor() > zoom
        ctx.click_in(dlg, "zoomOutButton")
        assert preview.zoomFactor() == pytest.approx(zoom)
        ctx.click_in(dlg, "fitPageButton")
        assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitInView
        ctx.click_in(dlg, "fitWidthButton")
        assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
        ctx.click_in(dlg, "closeButton")

    ctx.trigger("actPrintPreview", ("printPreviewDialog", look))
    assert not _printed(ctx).exists()


@walks("printPreviewDialog/printButton")
def print_preview_print(ctx: Ctx):
    ctx.trigger("actPrintPreview", ("printPreviewDialog", "printButton"), ("printDialog", "Ok"))
    assert _read_printed(ctx) == ctx.doc.report.values


@walks("printBlanksBox/留空", "printBlanksBox/印为0", "printBlanksBox/取消")
def print_blanks(ctx: Ctx):
    cell = _blank_a_cell(ctx)
    ctx.trigger("actPrint", ("printBlanksBox", "留空"), ("printDialog", "Ok"))
    assert _read_printed(ctx).get(cell) is None
    _printed(ctx).unlink()                     # else the print dialog asks whether to overwrite it
    ctx.trigger("actPrint", ("printBlanksBox", "印为0"), ("printDialog", "Ok"))
    assert _read_printed(ctx)[cell] == 0
    _printed(ctx).unlink()
    ctx.trigger("actPrint", ("printBlanksBox", "取消"))
    assert not _printed(ctx).exists()


@walks("printErrorsBox/仍然打印", "printErrorsBox/返回修改")
def print_errors(ctx: Ctx):
    _make_an_error(ctx)
    ctx.w.tabs.setCurrentIndex(0)
    ctx.trigger("actPrint", ("printErrorsBox", "返回修改"))
    assert not _printed(ctx).exists()
    view = ctx.w.views["s3"]
    ctx.wait(lambda: ctx.w.tabs.currentIndex() == ctx.w.TAB_IDS.index("s3") and ctx.w.focusWidget() is view)
    ctx.trigger("actPrint", ("printErrorsBox", "仍然打印"), ("printDialog", "Ok"))
    assert _read_printed(ctx)["s3.carried_out.natural"] == ctx.doc.value("s3.carried_out.natural")


# -- 从台账统计 (issue 16) ---------------------------------------------------------------------

def _register(ctx: Ctx, name: str = "台账.xlsx", extra: tuple = ()) -> Path:
    """A register made from the blank register the app writes, filled as a clerk fills it: two
    applications of 2024 (one of them still open), one received in 2023 and answered in 2024,
    and two cases; ``extra`` rows appended to the applications."""
    import datetime as dt

    from openpyxl import load_workbook

    from govreport_gui.core.export import ledger_template

    path = ctx.tmp / name
    ledger_template.export(ctx.doc.report.ed, path)
    wb = load_workbook(path)
    apps = [(1, "张三", "自然人", dt.date(2024, 3, 5), "某文件", dt.date(2024, 3, 20), "（一）予以公开"),
            (2, "某公司", "商业企业", dt.date(2023, 12, 25), "某批复", dt.date(2024, 1, 10),
             "（三）不予公开 1.属于国家秘密"),
            (3, "李四", "自然人", dt.date(2024, 12, 25), "某规划", None, None), *extra]
    for i, row in enumerate(apps, start=3):
        for j, v in enumerate(row, start=1):
            wb["申请登记台账"].cell(i, j, v)
    cases = [(1, "甲诉乙", "行政复议", dt.date(2024, 2, 1), dt.date(2024, 5, 1), "结果纠正"),
             (2, "丙诉丁", "行政诉讼（复议后起诉）", dt.date(2024, 6, 1), None, "尚未审结")]
    for i, row in enumerate(cases, start=3):
        for j, v in enumerate(row, start=1):
            wb["案件台账"].cell(i, j, v)
    wb.save(path)
    return path


LEDGER_COUNTS = {"s3.new.natural": 2, "s3.new.total": 2, "s3.carried_in.business": 1, "s3.granted.natural": 1,
                 "s3.denied.secret.business": 1, "s3.carried_out.natural": 1, "s3.total.total": 2,
                 "s3.new.business": 0, "s3.carried_in.natural": 0}


@walks("actLedger", "ledgerDialog/chooseRegisterButton", "ledgerDialog/applyButton")
def file_ledger(ctx: Ctx):
    reg = _register(ctx)
    before = dict(ctx.doc.report.values)
    ctx.files.open.append(reg)

    def count_and_fill(dlg):
        assert not dlg.findChild(QWidget, "applyButton").isEnabled()      # nothing counted yet
        ctx.click_in(dlg, "chooseRegisterButton")
        summary = dlg.findChild(QWidget, "ledgerSummary").text()
        assert "计入 3 条" in summary and "未计入 0 行" in summary
        assert ctx.doc.report.values == before                             # nothing lands before 填入报告
        ctx.click_in(dlg, "applyButton")

    ctx.trigger("actLedger", ("ledgerDialog", count_and_fill))
    for cell, n in LEDGER_COUNTS.items():
        assert ctx.doc.value(cell) == n, cell
    assert ctx.doc.value("s2.regulations.issued") == before["s2.regulations.issued"]      # only 三 and 四
    assert ctx.doc.report.extra["ledger"]["applications"]["file"] == "台账.xlsx"
    sources = ctx.w.findChild(QWidget, "ledgerSources")           # 报告信息 says where the figures came from
    assert "申请登记台账：台账.xlsx" in sources.text()
    assert ctx.doc.modified
    ctx.trigger("actUndo")                                  # one step: the figures and the record go together
    assert ctx.doc.report.values == before and "ledger" not in ctx.doc.report.extra
    assert sources.text() == "" and sources.isHidden()


@walks("ledgerDialog/chooseCasesButton", "ledgerDialog/dropCasesButton", "ledgerDialog/cancelButton")
def ledger_cases_and_cancel(ctx: Ctx):
    reg = _register(ctx)
    before = dict(ctx.doc.report.values)
    ctx.files.open += [reg, reg]

    def both_then_cancel(dlg):
        tabs = dlg.findChild(QWidget, "ledgerTables")
        ctx.click_in(dlg, "chooseRegisterButton")
        ctx.click_in(dlg, "chooseCasesButton")
        assert tabs.count() == 2 and "案件台账" in dlg.findChild(QWidget, "ledgerSummary").text()
        ctx.click_in(dlg, "dropCasesButton")
        assert tabs.count() == 1
        ctx.click_in(dlg, "cancelButton")

    ctx.trigger("actLedger", ("ledgerDialog", both_then_cancel))
    assert ctx.doc.report.values == before and not ctx.doc.modified


@walks("ledgerDialog/recountButton")
def ledger_maps_an_unknown_word_and_remembers_it(ctx: Ctx):
    import datetime as dt

    reg = _register(ctx, extra=((4, "王五", "个体工商户", dt.date(2024, 4, 1), "x", dt.date(2024, 4, 9), "（一）予以公开"),))
    ctx.files.open += [reg, reg]

    def map_it(dlg):
        ctx.click_in(dlg, "chooseRegisterButton")
        assert "未计入 1 行" in dlg.findChild(QWidget, "ledgerSummary").text()
        words = dlg.findChild(QWidget, "ledgerMapping")
        assert words.rowCount() == 1 and words.item(0, 1).text() == "个体工商户"
        combo = words.cellWidget(0, 3)
        combo.setFocus()                          # chosen with the keyboard: down the list to 商业企业
        for _ in range(combo.count()):
            if combo.currentText() == "商业企业":
                break
            QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentText() == "商业企业"
        ctx.click_in(dlg, "recountButton")
        assert "未计入 0 行" in dlg.findChild(QWidget, "ledgerSummary").text()
        ctx.click_in(dlg, "applyButton")

    ctx.trigger("actLedger", ("ledgerDialog", map_it))
    assert ctx.doc.value("s3.new.business") == 1 and ctx.doc.value("s3.granted.business") == 1

    def remembered(dlg):                      # the office's choice is used next time, unasked
        ctx.click_in(dlg, "chooseRegisterButton")
        assert "未计入 0 行" in dlg.findChild(QWidget, "ledgerSummary").text()
        assert dlg.findChild(QWidget, "ledgerMapping").rowCount() == 0
        ctx.click_in(dlg, "cancelButton")

    ctx.trigger("actLedger", ("ledgerDialog", remembered))


@walks("ledgerRowsDialog/关闭")
def ledger_rows_behind_a_number(ctx: Ctx):
    ctx.files.open.append(_register(ctx))
    seen = {}

    def look(dlg):
        rows = dlg.findChild(QWidget, "ledgerRows")
        seen["rows"] = [rows.item(r, 0).text() for r in range(rows.rowCount())]
        seen["names"] = [rows.item(r, 2).text() for r in range(rows.rowCount())]
        ctx.click_in(dlg, "关闭")

    def double_click(dlg):
        ctx.click_in(dlg, "chooseRegisterButton")
        view = dlg.findChild(QAbstractItemView, "ledger_s3")
        index = view.model().index_of("s3.new.natural")
        view.scrollTo(index)
        at = view.visualRect(index).center()
        # a person's double-click: press, release, then the second press (QTest's DClick is that
        # second press alone) and release
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        assert seen.pop("rows") == ["3", "5"] and seen.pop("names") == ["张三", "李四"]   # 一、本年新收「自然人」 2
        cell = view.model().index_of("s3.denied.secret.business")     # and with the keyboard: a cell
        view.scrollTo(cell)                                            # clicked, then Enter
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(cell).center())
        QTest.keyClick(view, Qt.Key.Key_Return)
        assert seen == {"rows": ["4"], "names": ["某公司"]}
        ctx.click_in(dlg, "cancelButton")

    ctx.trigger("actLedger", ("ledgerDialog", double_click), ("ledgerRowsDialog", look), ("ledgerRowsDialog", look))
    assert seen == {"rows": ["4"], "names": ["某公司"]}


@walks("ledgerChangedBox/Ok")
def ledger_register_changed_after_counting(ctx: Ctx):
    import datetime as dt

    reg = _register(ctx)
    ctx.files.open.append(reg)
    more = ((4, "赵六", "自然人", dt.date(2024, 7, 1), "y", dt.date(2024, 7, 2), "（一）予以公开"),)

    def change_then_apply(dlg):
        ctx.click_in(dlg, "chooseRegisterButton")
        _register(ctx, extra=more)               # someone saves the register meanwhile
        ctx.click_in(dlg, "applyButton")          # said, counted again, not filled in
        assert dlg.isVisible() and "计入 4 条" in dlg.findChild(QWidget, "ledgerSummary").text()
        ctx.click_in(dlg, "applyButton")

    ctx.trigger("actLedger", ("ledgerDialog", change_then_apply), ("ledgerChangedBox", "Ok"))
    assert ctx.doc.value("s3.new.natural") == 3


@walks("actLedgerTemplate")
def file_ledger_template(ctx: Ctx):
    from openpyxl import load_workbook

    out = ctx.tmp / "空白台账.xlsx"
    ctx.files.save.append(out)
    ctx.trigger("actLedgerTemplate")
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["申请登记台账", "案件台账", "填写说明"]
    assert [c.value for c in wb["申请登记台账"][2]][:7] == ["序号", "申请人", "申请人类型", "收到申请日期", "申请内容",
                                                         "答复日期", "答复类型"]
    assert ctx.w.statusBar().currentMessage().startswith("已生成空白台账")


def _blank_a_cell(ctx: Ctx) -> str:
    cell = "s4.review.upheld"
    ctx.doc.set_cells({cell: None}, "清除")
    assert ctx.doc.report.blank_cells()
    return cell


def _reference_docx(ctx: Ctx, blank: str) -> list[str]:
    ref = ctx.tmp / f"ref-{blank}.docx"
    docx_export.export(ctx.doc.report, ref, blank=blank)
    return word_texts(ref)


@walks("exportBlanksBox/留空")
def export_blanks_left_empty(ctx: Ctx):
    _blank_a_cell(ctx)
    out = ctx.tmp / "留空.docx"
    ctx.files.save.append(out)
    ctx.trigger("actExportDocx", ("exportBlanksBox", "留空"), ("exportDoneBox", "关闭"))
    assert word_texts(out) == _reference_docx(ctx, "empty") != _reference_docx(ctx, "zero")


@walks("exportBlanksBox/印为0")
def export_blanks_as_zero(ctx: Ctx):
    _blank_a_cell(ctx)
    out = ctx.tmp / "印为0.docx"
    ctx.files.save.append(out)
    ctx.trigger("actExportDocx", ("exportBlanksBox", "印为0"), ("exportDoneBox", "关闭"))
    assert word_texts(out) == _reference_docx(ctx, "zero") != _reference_docx(ctx, "empty")


@walks("exportBlanksBox/取消")
def export_blanks_cancel(ctx: Ctx):
    _blank_a_cell(ctx)
    ctx.trigger("actExportDocx", ("exportBlanksBox", "取消"))
    assert not ctx.files.asked and not list(ctx.tmp.glob("*.docx"))


def _make_an_error(ctx: Ctx) -> None:
    v = ctx.doc.value("s3.carried_out.natural")
    ctx.doc.set_cells({"s3.carried_out.natural": v + 19}, "typed")
    assert any(f.severity == "error" for f in ctx.doc.findings())


@walks("exportErrorsBox/仍然导出")
def export_errors_anyway(ctx: Ctx):
    _make_an_error(ctx)
    out = ctx.tmp / "带错误.docx"
    ctx.files.save.append(out)
    ctx.trigger("actExportDocx", ("exportErrorsBox", "仍然导出"), ("exportDoneBox", "关闭"))
    assert out.exists()


@walks("exportErrorsBox/返回修改")
def export_errors_go_back(ctx: Ctx):
    _make_an_error(ctx)
    ctx.w.tabs.setCurrentIndex(0)
    ctx.trigger("actExportDocx", ("exportErrorsBox", "返回修改"))
    assert not ctx.files.asked
    view = ctx.w.views["s3"]
    ctx.wait(lambda: ctx.w.tabs.currentIndex() == ctx.w.TAB_IDS.index("s3") and ctx.w.focusWidget() is view)


@walks("actStartPage")
def file_start_page(ctx: Ctx):
    ctx.trigger("actStartPage")
    assert ctx.doc is None and ctx.w.stack.currentWidget() is ctx.w.start and ctx.w.start.isVisible()


@walks("actQuit")
def file_quit(ctx: Ctx):
    ctx.type_into("s4.review.upheld", "9")
    ctx.trigger("actQuit", ("saveChangesBox", "Discard"))
    ctx.wait(lambda: not ctx.w.isVisible())
    assert native.load(ctx.demo).values["s4.review.upheld"] == ctx.demo_report.values["s4.review.upheld"]


# =============================================================================================
# 编辑

CELL = "s4.review.upheld"


@walks("actUndo")
def edit_undo(ctx: Ctx):
    before = ctx.doc.value(CELL)
    ctx.type_into(CELL, "9")
    assert ctx.doc.value(CELL) == 9
    ctx.trigger("actUndo")
    assert ctx.doc.value(CELL) == before and not ctx.doc.modified


@walks("actRedo")
def edit_redo(ctx: Ctx):
    ctx.type_into(CELL, "9")
    ctx.trigger("actUndo")
    ctx.trigger("actRedo")
    assert ctx.doc.value(CELL) == 9


@walks("actCopy")
def edit_copy(ctx: Ctx):
    QApplication.clipboard().setText("")
    ctx.goto_cell(CELL)
    ctx.trigger("actCopy")
    assert QApplication.clipboard().text() == V.display(ctx.doc.value(CELL))


@walks("actRulePacks", "rulePacksDialog/确定", "rulePacksDialog/取消", "rulePacksDialog/openRulePackFolder")
def edit_rule_packs(ctx: Ctx):
    def pack_rules():
        return {f.rule for f in ctx.doc.findings() if f.pack}

    def set_ticked(dlg, on: bool):
        items = dlg.findChild(QWidget, "rulePackList")
        item = next(items.item(i) for i in range(items.count())
                    if items.item(i).data(Qt.ItemDataRole.UserRole) == "wuwei-2025")
        assert "武政办发〔2025〕54号" in item.text()
        items.setFocus()                          # the pack clicked, then Space ticks or unticks it
        QTest.mouseClick(items.viewport(), Qt.MouseButton.LeftButton, pos=items.visualItemRect(item).center())
        if (item.checkState() == Qt.CheckState.Checked) != on:
            QTest.keyClick(items, Qt.Key.Key_Space)
        assert (item.checkState() == Qt.CheckState.Checked) == on

    def tick(on: bool):
        def act(dlg):
            set_ticked(dlg, on)
            ctx.click_in(dlg, "确定")
        return act

    assert pack_rules() == set()
    ctx.trigger("actRulePacks", ("rulePacksDialog", tick(True)))
    assert "wuwei-2025/W1" in pack_rules()                        # the demo's 总体情况 is over 1,000 characters
    assert ctx.w.statusBar().currentMessage() == "已应用 1 个地方审核规则包"

    def untick_then_cancel(dlg):
        set_ticked(dlg, False)                                    # (not applied: 取消 below)
        ctx.click_in(dlg, "openRulePackFolder")
        ctx.click_in(dlg, "取消")

    ctx.trigger("actRulePacks", ("rulePacksDialog", untick_then_cancel))
    assert "wuwei-2025/W1" in pack_rules()
    assert ctx.opened_urls and ctx.opened_urls[-1].toLocalFile().endswith("rulepacks")
    assert Path(ctx.opened_urls[-1].toLocalFile()).is_dir()
    ctx.w.open_path(ctx.demo)                                      # remembered for the next report opened
    assert "wuwei-2025/W1" in pack_rules()
    ctx.trigger("actRulePacks", ("rulePacksDialog", tick(False)))
    assert pack_rules() == set()


@walks("actCopyHtml")
def edit_copy_html(ctx: Ctx):
    QApplication.clipboard().setText("")
    ctx.trigger("actCopyHtml")
    assert "云泽市人民政府" in QApplication.clipboard().mimeData().html()


@walks("actPaste")
def edit_paste(ctx: Ctx):
    QApplication.clipboard().setText("42")
    ctx.goto_cell("s4.suit_direct.upheld")
    ctx.trigger("actPaste")
    assert ctx.doc.value("s4.suit_direct.upheld") == 42


@walks("actClear")
def edit_clear(ctx: Ctx):
    ctx.goto_cell(CELL)
    ctx.trigger("actClear")
    assert ctx.doc.value(CELL) is None


@walks("actSelectAll")
def edit_select_all(ctx: Ctx):
    view = ctx.goto_cell(CELL)
    ctx.trigger("actSelectAll")
    m = view.model()
    every = {g.cell for g in m.table.grid if g.kind == "value"}
    assert {m.cell_id(i) for i in view.selectedIndexes()} - {None} == every


@walks("actFillZero")
def edit_fill_zero(ctx: Ctx):
    blank = _blank_a_cell(ctx)
    ctx.trigger("actFillZero")
    assert ctx.doc.value(blank) == 0 and not ctx.doc.report.blank_cells()
    assert "填为0" in ctx.w.statusBar().currentMessage()


@walks("actRecheck")
def edit_recheck(ctx: Ctx):
    """重新校验 checks the report again as it is (here: a figure changed behind the checks' back)."""
    assert not [f for f in ctx.doc.findings() if f.severity == "error"]
    ctx.doc.report.values["s3.carried_out.natural"] += 19
    ctx.trigger("actRecheck")
    assert any(f.rule == "R1" for f in ctx.doc.findings())
    assert ctx.w.findings.list.count() > 0


# =============================================================================================
# 视图

@walks("actNextSection")
def view_next_section(ctx: Ctx):
    ctx.w.tabs.setCurrentIndex(0)
    ctx.trigger("actNextSection")
    assert ctx.w.tabs.currentIndex() == 1
    ctx.w.tabs.setCurrentIndex(ctx.w.tabs.count() - 1)
    ctx.trigger("actNextSection")
    assert ctx.w.tabs.currentIndex() == 0


@walks("actPreviousSection")
def view_previous_section(ctx: Ctx):
    ctx.w.tabs.setCurrentIndex(2)
    ctx.trigger("actPreviousSection")
    assert ctx.w.tabs.currentIndex() == 1
    ctx.w.tabs.setCurrentIndex(0)
    ctx.trigger("actPreviousSection")
    assert ctx.w.tabs.currentIndex() == ctx.w.tabs.count() - 1


@walks("actShowPrevious")
def view_show_previous(ctx: Ctx):
    m = ctx.w.models["s3"]
    prev = ctx.doc.report.previous
    cell = next(c for c in ctx.doc.report.ed.cells if c.startswith("s3.") and prev.values.get(c) is not None)
    idx = m.index_of(cell)
    assert m.data(idx, PrevTextRole) is None
    ctx.trigger("actShowPrevious")
    assert ctx.w.act_prev.isChecked()
    assert m.data(idx, PrevTextRole) == V.display(prev.values[cell], ctx.doc.report.ed.cells[cell].type, grouping=True)
    ctx.trigger("actShowPrevious")
    assert not ctx.w.act_prev.isChecked() and m.data(idx, PrevTextRole) is None


@walks("actFindingsDock")
def view_findings_dock(ctx: Ctx):
    assert ctx.w.dock.isVisible()
    ctx.trigger("actFindingsDock")
    assert not ctx.w.dock.isVisible()
    ctx.trigger("actFindingsDock")
    assert ctx.w.dock.isVisible()


@walks("actNextFinding")
def view_next_finding(ctx: Ctx):
    _make_an_error(ctx)                                             # an error in 三
    ctx.doc.set_cells({"s2.penalty.decisions": 60000}, "typed")     # a warning in 二
    lst = ctx.w.findings.list
    assert lst.count() >= 2
    ctx.w.tabs.setCurrentIndex(0)
    for row in (0, 1):
        ctx.trigger("actNextFinding")
        assert lst.currentRow() == row
        f = ctx.w.findings.current_finding()
        assert ctx.w.tabs.currentIndex() == ctx.w.TAB_IDS.index(finding_section(f)), f.key


LANG_BOX = "QMessageBox[界面语言将在下次启动时生效。]"


@walks("actLang_en", f"{LANG_BOX}/Ok")
def view_language_english(ctx: Ctx):
    ctx.trigger("actLang_en", (LANG_BOX, "Ok"))
    assert QSettings().value("lang") == "en"
    assert ctx.action("actLang_en").isChecked() and not ctx.action("actLang_zh").isChecked()


@walks("actLang_zh")
def view_language_chinese(ctx: Ctx):
    ctx.trigger("actLang_en", (LANG_BOX, "Ok"))
    ctx.trigger("actLang_zh", (LANG_BOX, "Ok"))
    assert QSettings().value("lang") == "zh"
    assert ctx.action("actLang_zh").isChecked() and not ctx.action("actLang_en").isChecked()


# =============================================================================================
# 帮助

def _help_dialog(ctx: Ctx):
    dlg = ctx.w.findChild(QDialog, "helpDialog")
    ctx.wait(lambda: dlg is not None and dlg.isVisible())
    ctx.discover_dialog(dlg)
    return dlg


def _heading_shown(dlg, title: str) -> bool:
    """The guide is scrolled so that the heading ``title`` is in view."""
    text = dlg.text
    doc = text.document()
    block = doc.begin()
    while block.isValid() and block.text().strip() != title:
        block = block.next()
    assert block.isValid(), title
    y = doc.documentLayout().blockBoundingRect(block).top() - text.verticalScrollBar().value()
    return 0 <= y < text.viewport().height()


@walks("actHelp", "helpDialog/helpClose")
def help_guide(ctx: Ctx):
    ctx.trigger("actHelp")
    dlg = _help_dialog(ctx)
    assert "五步完成年报" in dlg.text.toPlainText() and "Ctrl+S" in dlg.text.toPlainText()
    ctx.walked.add("helpDialog/helpClose")
    click(dlg.findChild(QAbstractButton, "helpClose"))
    ctx.wait(lambda: not dlg.isVisible())


@walks("actHelpChecks")
def help_checks(ctx: Ctx):
    ctx.trigger("actHelpChecks")
    dlg = _help_dialog(ctx)
    ctx.wait(lambda: dlg.text.verticalScrollBar().value() > 0 and _heading_shown(dlg, "各项校验的含义"))


@walks("actHelpKeys")
def help_keys(ctx: Ctx):
    ctx.trigger("actHelpKeys")
    dlg = _help_dialog(ctx)
    ctx.wait(lambda: dlg.text.verticalScrollBar().value() > 0 and _heading_shown(dlg, "快捷键"))


@walks("actAbout", "QMessageBox[关于]/Ok")
def help_about(ctx: Ctx):
    def read(box):
        assert __version__ in box.text() and APP_NAME in box.text()
        ctx.click_in(box, "Ok")
    ctx.trigger("actAbout", ("QMessageBox[关于]", read))
    assert not active_dialogs()


# =============================================================================================
# The window's buttons

@walks("panelButton")
def panel_button(ctx: Ctx):
    assert ctx.w.dock.isVisible()
    ctx.click("panelButton")
    assert not ctx.w.dock.isVisible()
    ctx.click("panelButton")
    assert ctx.w.dock.isVisible()


@walks("qt_dockwidget_closebutton")
def dock_close_button(ctx: Ctx):
    ctx.click("qt_dockwidget_closebutton")
    assert not ctx.w.dock.isVisible() and not ctx.w.act_panel.isChecked()


WARNING = "H4:s2.penalty.decisions"


def _select_warning(ctx: Ctx, note: str | None = None) -> None:
    ctx.doc.set_cells({"s2.penalty.decisions": 60000}, "typed")
    if note:
        ctx.doc.set_note(WARNING, note, "接受警告")
    lst = ctx.w.findings.list
    row = next(i for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole + 10) == WARNING)
    lst.scrollToItem(lst.item(row))
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(row)).center())
    assert lst.currentRow() == row


@walks("acceptWarning", "acceptNoteDialog/接受并保存说明")
def accept_warning(ctx: Ctx):
    _select_warning(ctx)
    note = "年内开展专项执法行动，处罚决定大幅增加"

    def write(dlg):
        assert "说明不能为空" in dlg.labelText()
        dlg.findChild(QPlainTextEdit).setPlainText(note)
        ctx.click_in(dlg, "接受并保存说明")
    # an empty note is asked for again
    ctx.click("acceptWarning", ("acceptNoteDialog", "接受并保存说明"), ("acceptNoteDialog", write))
    f = ctx.doc.engine.findings[WARNING]
    assert f.accepted and f.note == note
    assert "已说明" in ctx.w.findings.list.currentItem().text()


@walks("acceptNoteDialog/取消")
def accept_warning_cancel(ctx: Ctx):
    _select_warning(ctx)
    ctx.click("acceptWarning", ("acceptNoteDialog", "取消"))
    assert not ctx.doc.engine.findings[WARNING].accepted and not ctx.doc.undo_stack.canRedo()


@walks("unacceptWarning")
def unaccept_warning(ctx: Ctx):
    _select_warning(ctx, note="核实无误")
    assert ctx.doc.engine.findings[WARNING].accepted
    ctx.click("unacceptWarning")
    assert not ctx.doc.engine.findings[WARNING].accepted and WARNING not in ctx.doc.report.notes


@walks("outline_s1")
def insert_outline(ctx: Ctx):
    ctx.doc.set_text("s1", "")
    ctx.w.tabs.setCurrentIndex(ctx.w.TAB_IDS.index("s1"))
    ctx.click("outline_s1")
    text = ctx.doc.report.text["s1"]
    outline = ctx.doc.report.ed.texts["s1"].outline
    assert text == "\n".join(outline)
    assert ctx.w.tabs.currentWidget().editor.toPlainText() == text


def _copy_paragraph(tid: str):
    def scenario(ctx: Ctx):
        """将光标所在段落复制到本年: the paragraph under the cursor in last year's text is appended
        to this year's (a report started from the demo, which keeps all of last year's texts)."""
        ctx.w.load_report(carry.start_from(ctx.demo_report, 2025), None)
        ctx.doc.set_clean()
        button = ctx.discover_window()[f"copyParagraph_{tid}"][0]
        tab = button.parentWidget()
        while not isinstance(tab, NarrativeTab):
            tab = tab.parentWidget()
        page = tab
        while page.parentWidget() is not None and ctx.w.tabs.indexOf(page) < 0:
            page = page.parentWidget()
        ctx.w.tabs.setCurrentIndex(ctx.w.tabs.indexOf(page))
        prev = tab.previous
        para = next(line for line in prev.toPlainText().splitlines() if line.strip())
        cur = prev.textCursor()
        cur.setPosition(prev.toPlainText().index(para) + 1)
        prev.setTextCursor(cur)
        before = ctx.doc.report.text.get(tid, "")
        ctx.click(f"copyParagraph_{tid}")
        expected = (before.rstrip("\n") + "\n" + para.strip()) if before.strip() else para.strip()
        assert ctx.doc.report.text[tid] == expected
        assert tab.editor.toPlainText() == expected and ctx.w.statusBar().currentMessage()
    scenario.__name__ = f"copy_paragraph_{tid}"
    return scenario


for _tid in ("preface", "s1", "s5", "s6"):
    walks(f"copyParagraph_{_tid}")(_copy_paragraph(_tid))


# =============================================================================================
# The tests

@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_walk(qtbot, ctx, scenario: Scenario):
    def run(ctx: Ctx) -> None:
        if scenario.start == "demo":
            ctx.open_demo()
        ctx.discover_window()
        ctx.check("discovering the window")
        scenario.fn(ctx)
        if ctx.w.isVisible():
            ctx.discover_window()
    run_with_hook(ctx, run)
    assert not ctx.files.unused(), f"file dialogs that never opened: {ctx.files.unused()}"
    missing = [k for k in scenario.keys if k not in ctx.walked]
    assert not missing, f"{scenario.name} did not click or trigger {missing}"
    VERIFIED.update(scenario.keys)


@pytest.mark.parametrize("state", ["start page", "demo report"])
def test_every_control_of_the_window_has_an_expectation(qtbot, ctx, state):
    """Discover the window's menus, actions and buttons; each has an entry in the table, and
    each window-level entry of the table still has its control."""
    def run(ctx: Ctx) -> None:
        if state == "demo report":
            ctx.open_demo()
            for i in range(ctx.w.tabs.count()):           # the hidden ones stay hidden on every tab
                ctx.w.tabs.setCurrentIndex(i)
                QApplication.processEvents()
                ctx.discover_window()
        controls = ctx.discover_window()
        seen = set(controls)
        if state == "demo report":             # this year's report started from the demo: all of last year's texts
            ctx.w.load_report(carry.start_from(ctx.demo_report, 2025), None)
            seen |= set(ctx.discover_window())
        problems, ctx.problems[:] = list(ctx.problems), []
        assert not problems, "\n".join(problems)
        if state == "demo report":
            window_keys = {k for k in expected_keys() if "/" not in k or k in DYNAMIC_MENUS.values()}
            stale = sorted(window_keys - seen)
            assert not stale, f"expectations for controls the window does not have: {stale}"
        assert len(controls) > 40
    run_with_hook(ctx, run)


def test_the_walk_covered_everything_discovered(request):
    """The union of what was walked covers every action and button discovered."""
    selected = {item.name for item in request.session.items if item.module is request.module}
    every = {f"test_walk[{s.name}]" for s in SCENARIOS}
    if not every <= selected:
        pytest.skip("only part of the walk was run")
    assert DISCOVERED, "nothing was discovered"
    not_walked = sorted(set(DISCOVERED) - VERIFIED)
    assert not not_walked, f"discovered but not walked (or its walk failed): {not_walked}"
