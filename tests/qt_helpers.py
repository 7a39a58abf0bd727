"""Helpers for driving the window the way a person does, shared by the widget tests.

Clicks go to the real button, characters are key events (QTest for ASCII, QKeyEvent for
Chinese, which QTest.keyClicks cannot send), and modal dialogs are answered by a timer that
finds them on screen — a test never calls the slot a control is connected to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget


def click(button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def active_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w.objectName() != "busyDialog"]


class Answer:
    """Answers the modal dialogs that appear, in order: click the button whose text contains
    the given words, or run a function on the dialog. A dialog nobody expected, or a step that
    fails, is recorded and the dialog is closed with Esc (so a mistake fails the test instead
    of hanging it)."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.seen: list[str] = []
        self.errors: list[str] = []
        self._done: list[QWidget] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(30)

    def _tick(self) -> None:
        dialogs = [d for d in active_dialogs() if not any(d is x for x in self._done)]
        if not dialogs:
            return
        dlg = dialogs[-1]
        self._done.append(dlg)
        name = dlg.objectName() or dlg.windowTitle()
        self.seen.append(name)
        if not self.steps:
            text = getattr(dlg, "text", lambda: "")()
            self.errors.append(f"unexpected dialog {name}: {text}")
            QTest.keyClick(dlg, Qt.Key.Key_Escape)
            return
        step = self.steps.pop(0)
        try:
            if callable(step):
                step(dlg)
            else:
                buttons = [b for b in dlg.findChildren(QAbstractButton) if b.isVisible() and step in b.text()]
                assert buttons, f"no button “{step}” in {name}: {[b.text() for b in dlg.findChildren(QAbstractButton)]}"
                click(buttons[0])
        except Exception as e:                                    # noqa: BLE001 — reported by done()
            self.errors.append(f"{name}: {type(e).__name__}: {e}")
            if dlg.isVisible():
                QTest.keyClick(dlg, Qt.Key.Key_Escape)

    def done(self) -> list[str]:
        self.timer.stop()
        assert not self.errors, self.errors
        assert not self.steps, f"dialogs never appeared for {self.steps}; seen {self.seen}"
        return self.seen


def type_text(widget: QWidget, text: str) -> None:
    """Characters as key events: QTest for ASCII, QKeyEvent for Chinese, Return for a new line."""
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
