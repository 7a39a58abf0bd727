"""Slow work off the window's thread: reading a source file, which can take seconds.

``run_busy`` runs a function of the core in a worker thread and waits for it in a local event
loop, so the window keeps painting (Windows marks a window that stops answering for 5 s as
"not responding"). For the first moments, user input waits in the queue, so a fast read shows
nothing at all; if the work takes longer, a modal "正在读取…" dialog with 取消 appears. Cancelling
gives up the result: the worker finishes on its own (every reader has a time limit) and what
it returns is dropped, so nothing changes.

The function must not touch Qt objects: it runs in another thread. The core never does.
"""

from __future__ import annotations

import concurrent.futures
import threading
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from ..core.errors import Cancelled  # noqa: F401  (raised here when 取消 is pressed; the one class)

SHOW_AFTER_MS = 300        # a read faster than this shows no dialog


class Progress:
    """How far work in the worker thread is: it sets ``done`` and ``total`` (plain attributes:
    one thread writes, the window's timer reads), e.g. as ``progress(done, total)``."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
POLL_MS = 20


def run_busy(parent: QWidget | None, text: str, fn: Callable[..., Any], *args: Any,
             show_after_ms: int | None = None, cancel: threading.Event | None = None,
             progress: "Progress | None" = None) -> Any:
    """``fn(*args)`` in a worker thread; its result, or its exception raised here, or Cancelled.

    The dialog shows after ``show_after_ms`` (default: the module's SHOW_AFTER_MS, read at call
    time so tests can set it instead of racing the clock). ``cancel`` is set when the person
    presses 取消: work that watches it (a child process the core runs) is stopped, not only
    abandoned. ``progress``: the work reports how far it is (:class:`Progress`), and the dialog
    shows a bar instead of a busy indicator.
    """
    if show_after_ms is None:
        show_after_ms = SHOW_AFTER_MS
    future: concurrent.futures.Future = concurrent.futures.Future()

    def work() -> None:
        try:
            future.set_result(fn(*args))
        except BaseException as e:     # handed to the caller, whatever it is
            future.set_exception(e)

    # a daemon thread, not a ThreadPoolExecutor: the executor joins its threads at exit, so a
    # read given up with 取消 would hold the app open until the read's own time limit
    threading.Thread(target=work, name="govreport-background", daemon=True).start()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(POLL_MS)
    dialog: QProgressDialog | None = None

    def polled() -> None:
        if future.done():
            loop.quit()
        elif dialog is not None and progress is not None and progress.total:
            dialog.setRange(0, progress.total)
            dialog.setValue(min(progress.done, progress.total))

    poll.timeout.connect(polled)
    poll.start()
    first = QTimer()
    first.setSingleShot(True)
    first.timeout.connect(loop.quit)
    first.start(show_after_ms)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        # first: paint, timers, but no clicks or keys (they wait in the queue)
        if not future.done():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if not future.done():
            dialog = QProgressDialog("", QCoreApplication.translate("Background", "取消"), 0, 0, parent)
            dialog.setObjectName("busyDialog")
            label = QLabel(text, dialog)
            label.setWordWrap(True)                 # a long file name wraps instead of being cut
            dialog.setLabel(label)
            dialog.setMinimumWidth(460)
            dialog.setWindowTitle(QCoreApplication.translate("Background", "请稍候"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                                     else Qt.WindowModality.ApplicationModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(loop.quit)              # 取消, or closing the dialog
            dialog.rejected.connect(loop.quit)              # Esc: Qt 6 rejects without emitting canceled
            dialog.show()
            # the dialog says it is busy; its button must look clickable
            QGuiApplication.changeOverrideCursor(Qt.CursorShape.ArrowCursor)
            def given_up() -> bool:
                return dialog.wasCanceled() or not dialog.isVisible()

            while not future.done() and not given_up():
                loop.exec()
            if given_up() and not future.done():
                if cancel is not None:
                    cancel.set()
                raise Cancelled()
    finally:
        poll.stop()
        first.stop()
        QGuiApplication.restoreOverrideCursor()
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
    return future.result()
