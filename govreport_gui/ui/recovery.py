"""Autosave to a recovery file and offering it back after a crash.

Each running window writes ``<data dir>/recovery/<session>.govreport`` every
30 s and whenever the application loses focus, while the report has unsaved
changes; a lock file marks the session as alive. A recovery file whose lock
is free at start-up belongs to a session that died: the app offers it.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from ..core import native
from ..core.errors import GovReportError
from ..core.report import Report

INTERVAL_MS = 30_000


def data_dir() -> Path:
    env = os.environ.get("GOVREPORT_DATA_DIR")
    base = Path(env) if env else Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return base


def recovery_dir() -> Path | None:
    """The recovery folder, or None when it cannot be made (the app works on without autosave)."""
    d = data_dir() / "recovery"
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return d


class Autosaver(QObject):
    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.session = uuid.uuid4().hex[:12]
        folder = recovery_dir()
        self.enabled = folder is not None
        self.path = (folder or Path(".")) / f"{self.session}.govreport"
        self.lock = QLockFile(str(self.path) + ".lock")
        self.lock.setStaleLockTime(0)
        if self.enabled:
            self.lock.tryLock(0)
        self._saved_index = -1
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()

    def autosave(self) -> bool:
        """Write the recovery file if there are unsaved changes. Never raises: a failing
        autosave must not disturb the work it protects."""
        if not self.enabled:
            return False
        doc = self.window.doc
        if doc is None or not doc.modified:
            self.discard()
            return False
        index = doc.undo_stack.index()
        if index == self._saved_index and self.path.exists():
            return False
        record = {"path": native.safe_text(str(doc.path)) if doc.path else None,
                  "saved_at": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            # the file as saving would write it (what saving refuses, autosave refuses too), with
            # where it came from; numbers kept exactly as saving keeps them
            native.atomic_write(self.path, native.encode(doc.report, add={"recovery": record}))
        except (GovReportError, OSError, ValueError):
            return False
        self._saved_index = index
        return True

    def has_copy(self) -> bool:
        """A recovery file holds the report as it is now."""
        doc = self.window.doc
        return (self.enabled and doc is not None and self._saved_index == doc.undo_stack.index()
                and self.path.exists())

    def discard(self) -> None:
        self._saved_index = -1
        try:
            self.path.unlink()
        except OSError:                 # gone already, or the folder turned read-only
            pass

    def close(self) -> None:
        self.timer.stop()
        self.discard()
        self.lock.unlock()
        try:
            Path(str(self.path) + ".lock").unlink()
        except OSError:
            pass


def orphans(exclude: Path | None = None) -> list[Path]:
    """Recovery files of sessions that are no longer running, newest first."""
    folder = recovery_dir()
    if folder is None:
        return []
    out = []
    for p in folder.glob("*.govreport"):
        if exclude is not None and p == exclude:
            continue
        lock = QLockFile(str(p) + ".lock")
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            lock.unlock()
            out.append(p)
    return sorted(out, key=lambda p: p.stat().st_mtime, reverse=True)


def read(p: Path) -> tuple[Report, str | None, str]:
    """The report of a recovery file, its original path and when it was saved."""
    report = native.load(p)
    info = report.extra.pop("recovery", None) or {}
    return report, info.get("path"), info.get("saved_at", "")
