"""Autosave to a recovery file and offering it back after a crash.

Each running window writes ``<data dir>/recovery/<session>.govreport`` every
30 s and whenever the application loses focus, while the report has unsaved
changes; a lock file marks the session as alive. A recovery file whose lock
is free at start-up belongs to a session that died: the app offers it.
"""

from __future__ import annotations

import json
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
        data = native.to_json(doc.report)
        data["recovery"] = {"path": str(doc.path) if doc.path else None, "saved_at": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            native.encode(doc.report)            # what saving would refuse, autosave refuses too
            native.atomic_write(self.path, (json.dumps(data, ensure_ascii=False, indent=1,
                                                       default=native._default) + "\n").encode("utf-8"))
        except (GovReportError, OSError):
            return False
        self._saved_index = index
        return True

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
