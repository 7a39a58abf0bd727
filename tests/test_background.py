"""Reading a source off the window's thread: the window keeps painting, a slow read shows
正在读取… with 取消, and cancelling changes nothing (ui/background.py)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from govreport_gui.app import build_app
from govreport_gui.core import native
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.importers import SourceError
from govreport_gui.ui import background, import_dialog


@pytest.fixture
def last_year_docx(tmp_path, demo_path):
    out = tmp_path / "last.docx"
    export_docx.export(native.load(demo_path), out)
    return out


class Gate:
    """A reader that waits until the test lets it finish: no test depends on how fast the
    machine is. It records the threads it ran in."""

    def __init__(self, fn):
        self.fn = fn
        self.open = threading.Event()
        self.threads: list[threading.Thread] = []
        self.finished = threading.Event()

    def __call__(self, *args, cancel=None):
        self.threads.append(threading.current_thread())
        self.cancel = cancel
        try:
            assert self.open.wait(60), "the test never let the read finish"
            return self.fn(*args)
        finally:
            self.finished.set()


def recorded(fn):
    """``fn`` that records the thread it runs in (no waiting)."""
    threads = []

    def wrapped(*args, **kwargs):
        threads.append(threading.current_thread())
        return fn(*args, **kwargs)
    wrapped.threads = threads
    return wrapped


def busy_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() + [c for t in QApplication.topLevelWidgets()
                                                         for c in t.findChildren(QProgressDialog)]
            if isinstance(w, QProgressDialog) and w.objectName() == "busyDialog" and w.isVisible()]


def test_a_slow_read_shows_a_busy_dialog_while_the_window_keeps_painting(qtbot, window, last_year_docx,
                                                                         monkeypatch, demo_path):
    reader = Gate(import_dialog.read_path)
    monkeypatch.setattr(import_dialog, "read_path", reader)
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", lambda dlg: 1)
    ticks, seen = [], []

    def tick():
        ticks.append(1)
        seen.extend(busy_dialogs())
        if seen and len(ticks) >= 10:         # the loop ran while reading, and the dialog is up
            reader.open.set()
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    window.doc.set_clean()
    assert window.import_path(last_year_docx)
    timer.stop()
    assert reader.threads and reader.threads[0] is not threading.main_thread()
    assert len(ticks) >= 10, f"the event loop ran {len(ticks)} times while reading"
    assert seen and "last.docx" in seen[0].labelText()
    assert not busy_dialogs()                                    # gone once the read is done
    assert window.doc.report.values == native.load(demo_path).values
    assert window.isWindowModified()


@pytest.mark.parametrize("how", ["取消", "Esc"])
def test_cancel_while_reading_changes_nothing(qtbot, window, last_year_docx, monkeypatch, how):
    reader = Gate(import_dialog.read_path)
    monkeypatch.setattr(import_dialog, "read_path", reader)
    reviewed, warned = [], []
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", lambda dlg: reviewed.append(dlg) or 1)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))

    def press_cancel():
        for d in busy_dialogs():
            if how == "Esc":
                QTest.keyClick(d, Qt.Key.Key_Escape)
            else:
                d.findChild(QPushButton).click()
    clicker = QTimer()
    clicker.timeout.connect(press_cancel)
    clicker.start(20)
    doc, before = window.doc, dict(window.doc.report.values)
    window.doc.set_clean()
    assert not window.import_path(last_year_docx)
    clicker.stop()
    assert not reader.finished.is_set(), "取消 returns at once, while the read is still going"
    assert reader.cancel is not None and reader.cancel.is_set(), "取消 tells the reading to stop"
    assert window.doc is doc and window.doc.report.values == before and not window.isWindowModified()
    assert reviewed == [] and warned == []
    reader.open.set()                          # the abandoned read finishes: its result is dropped
    assert reader.finished.wait(60)
    qtbot.wait(50)
    assert window.doc is doc and window.doc.report.values == before and not window.isWindowModified()


def test_a_fast_read_shows_no_dialog(qtbot, window, last_year_docx, monkeypatch):
    made = []
    real = background.QProgressDialog
    monkeypatch.setattr(background, "QProgressDialog", lambda *a: made.append(a) or real(*a))
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 600_000)     # "fast" is whatever beats the threshold
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", lambda dlg: 0)
    assert not window.import_path(last_year_docx)       # read, reviewed, not confirmed
    assert made == []


def test_a_read_error_in_the_worker_reaches_the_window_in_chinese(qtbot, window, tmp_path, monkeypatch):
    def refuse(path, cancel=None):
        raise SourceError("x.docx 不是有效的 .docx 文件")
    monkeypatch.setattr(import_dialog, "read_path", refuse)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    doc = window.doc
    assert not window.import_path(tmp_path / "x.docx")
    assert warned == ["x.docx 不是有效的 .docx 文件"] and window.doc is doc


def test_run_busy_hands_back_the_result_or_the_exception(qtbot):
    build_app(["test"])
    assert background.run_busy(None, "…", lambda a, b: a + b, 2, 3) == 5
    with pytest.raises(GovReportError, match="坏了"):
        background.run_busy(None, "…", lambda: (_ for _ in ()).throw(GovReportError("坏了")))


def test_the_new_report_dialog_reads_last_year_in_the_background(qtbot, window, last_year_docx, monkeypatch):
    from govreport_gui.ui.new_dialog import NewReportDialog

    reader = recorded(import_dialog.read_path)
    monkeypatch.setattr(import_dialog, "read_path", reader)
    monkeypatch.setattr(import_dialog.ImportReviewDialog, "exec", lambda dlg: 1)
    dlg = NewReportDialog(window)
    qtbot.addWidget(dlg)
    assert dlg.set_last_year(last_year_docx)
    assert reader.threads and reader.threads[0] is not threading.main_thread()
    assert dlg.year.value() == 2025


def test_paste_is_read_in_the_background(qtbot, window, monkeypatch):
    from govreport_gui.core.importers import read_text
    from govreport_gui.ui.import_dialog import PasteDialog

    reader = recorded(read_text)
    monkeypatch.setattr(import_dialog, "read_text", reader)
    dlg = PasteDialog(window)
    qtbot.addWidget(dlg)
    dlg.edit.setPlainText("这不是年度报告\n只是两行字")
    dlg.read()
    assert reader.threads and reader.threads[0] is not threading.main_thread()
    assert dlg.result is None and "没有找到政府信息公开工作年度报告" in dlg.error.text()


def test_cancel_stops_the_child_process_that_reads(qtbot, window, last_year_docx, monkeypatch):
    """取消 does not only abandon the read: the child process reading the file is killed."""
    from govreport_gui.core import worker

    monkeypatch.setenv(worker.TEST_JOBS_ENV, "1")             # the child's test-only jobs (a read that never ends)
    pids: list[int] = []

    def read_forever(path, cancel=None):
        return worker.run("test.sleep", {"seconds": 3600}, seconds=600, memory_bytes=worker.MEMORY_BYTES,
                          cancel=cancel, on_start=pids.append)
    monkeypatch.setattr(import_dialog, "read_path", read_forever)
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)

    def press_cancel():
        if pids:
            for d in busy_dialogs():
                d.findChild(QPushButton).click()
    clicker = QTimer()
    clicker.timeout.connect(press_cancel)
    clicker.start(20)
    doc = window.doc
    assert not window.import_path(last_year_docx)
    clicker.stop()
    assert window.doc is doc
    from test_worker import wait_gone
    assert pids and wait_gone(pids[0], 10), "the child process is still running after 取消"


def test_work_that_reports_its_progress_shows_a_bar_that_moves(qtbot, monkeypatch):
    """A register of 100,000 rows: the busy dialog shows how far the reading is (a bar, not a
    busy indicator), from the figures the work reports; the work is released by the test, not
    by the clock."""
    build_app(["test"])
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)
    progress = background.Progress()
    halfway, finish = threading.Event(), threading.Event()
    seen = []

    def work():
        progress(50, 200)
        halfway.set()
        finish.wait(10)
        return "done"

    def look():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.objectName() == "busyDialog" and w.isVisible()]
        if dialogs and halfway.is_set() and dialogs[0].maximum() == 200:
            seen.append((dialogs[0].value(), dialogs[0].maximum()))
            finish.set()
        else:
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)
    assert background.run_busy(None, "正在统计…", work, progress=progress) == "done"
    assert seen == [(50, 200)]
