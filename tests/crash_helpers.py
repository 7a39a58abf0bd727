"""Helpers for tests/test_crash_safety.py: big reports, child processes, simulated disk failures.

Tests run as root, so ``chmod`` does not stop a write; a full disk or a read-only
folder is simulated by patching the few calls that touch the file system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conftest import DEMO
from govreport_gui.core import native
from govreport_gui.core.report import Report

ROOT = Path(__file__).resolve().parents[1]

_PARA = ("本年度云泽市持续深化政务公开，围绕重点领域信息公开、政策解读与回应关切开展工作，"
         "进一步规范依申请公开办理流程，提升政府网站和政务新媒体的信息发布质量。")


def long_text(tag: str, n: int) -> str:
    """``n`` characters of Chinese prose, distinct for each ``tag``."""
    unit = tag + _PARA
    return (unit * (n // len(unit) + 1))[:n]


def big_report(tag: str, chars: int | None = None) -> Report:
    """The demo report with every narrative (this year's and last year's) as long as allowed.

    ``tag`` makes the texts and the figures differ between versions ("old", "new").
    About 3.4 MB on disk with the current limit of 200 000 characters a text.
    """
    n = chars if chars is not None else min(200_000, native.MAX_TEXT_CHARS)
    r = native.load(DEMO)
    for k in list(r.text):
        r.text[k] = long_text(f"【{tag}·{k}】", n)
    if r.previous is not None:
        for k in list(r.previous.text):
            r.previous.text[k] = long_text(f"【{tag}·上年·{k}】", n)
    shift = {"old": 0, "new": 7}.get(tag, len(tag))
    for cid, cd in r.ed.cells.items():
        v = r.values.get(cid)
        if cd.type == "count" and isinstance(v, int):
            r.values[cid] = v + shift
    r.issuer = f"云泽市人民政府（{tag}）"
    return r


def same_report(a: Report, b: Report) -> bool:
    """Values, texts, previous year and everything else the file holds."""
    return native.to_json(a) == native.to_json(b)


def temp_leftovers(target: Path) -> list[Path]:
    """Temporary files of atomic_write beside ``target`` (``.<name>.*.tmp``)."""
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    """The next line the child prints, or an AssertionError with its stderr."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            proc.kill()
            _, err = proc.communicate()
            raise AssertionError(f"child printed nothing within {timeout} s; stderr:\n{err}")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            line = proc.stdout.readline()
            if not line:
                proc.wait()
                err = proc.stderr.read()
                raise AssertionError(f"child ended (code {proc.returncode}) before saying it was ready; stderr:\n{err}")
            return line.strip()


def sigkill(proc: subprocess.Popen) -> None:
    """Kill the child as a power cut would (no cleanup of any kind) and check it died so."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()


@contextlib.contextmanager
def reaped(proc: subprocess.Popen):
    """The child, killed if still running when the block ends, and its pipes closed."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


# --------------------------------------------------------------------------
# child programs

#: argv: the report to save (a .govreport file), the target. Prints GO just before
#: native.save and DONE <seconds> after it, then waits to be killed.
SAVE_CHILD = r"""
import sys, time
from govreport_gui.core import native
report = native.load(sys.argv[1])
target = sys.argv[2]
sys.stdout.write("GO\n"); sys.stdout.flush()
t = time.perf_counter()
native.save(report, target)
sys.stdout.write("DONE %.6f\n" % (time.perf_counter() - t)); sys.stdout.flush()
time.sleep(120)
"""

#: argv: the report to open. The real app, offscreen: one change autosaved, one more not,
#: READY <recovery file> printed from inside the event loop.
GUI_DRIVER = r"""
import sys
from pathlib import Path
from govreport_gui.app import build_app
app = build_app(["govreport-gui"])
from PySide6.QtCore import QTimer
from govreport_gui.core import native
from govreport_gui.ui.main_window import MainWindow
w = MainWindow()
w.show()
for _ in range(50):
    app.processEvents()
path = Path(sys.argv[1])
w.load_report(native.load(path), path)
assert w.doc.set_cells({"s3.new.natural": 313}, "x")
assert w.autosaver.autosave(), "autosave wrote nothing"
assert w.doc.set_cells({"s3.new.natural": 999, "s4.review.upheld": 77}, "x")
assert w.isWindowModified()
QTimer.singleShot(0, lambda: print("READY", w.autosaver.path, flush=True))
sys.exit(app.exec())
"""


def start_child(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=str(ROOT),
                            env=env or child_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# --------------------------------------------------------------------------
# simulated failures


class ModuleProxy:
    """A stand-in for a module inside one other module: some names replaced, the rest passed on."""

    def __init__(self, module, **overrides):
        self._module = module
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(self._module, name)


class FullDiskFile:
    """A file that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, f, room: int):
        self._f = f
        self._room = room

    def write(self, data) -> int:
        n = min(len(data), self._room)
        if n:
            self._f.write(data[:n])
            self._room -= n
        if n < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return n

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()
        return False


def _enospc(*_a, **_k):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def disk_failure(monkeypatch, kind: str, room: int = 4096) -> None:
    """Make saving through govreport_gui.core.native fail as ``kind`` (only there).

    ``write-enospc``: the first ``room`` bytes are written, then the disk is full.
    """
    if kind == "write-enospc":
        monkeypatch.setattr(native, "os", ModuleProxy(
            os, fdopen=lambda fd, *a, **k: FullDiskFile(os.fdopen(fd, *a, **k), room=room)))
    elif kind == "fsync-enospc":
        monkeypatch.setattr(native, "os", ModuleProxy(os, fsync=_enospc))
    elif kind == "mkstemp-eacces":
        def mkstemp(*_a, **_k):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        monkeypatch.setattr(native, "tempfile", ModuleProxy(tempfile, mkstemp=mkstemp))
    elif kind == "mkstemp-erofs":
        def mkstemp(*_a, **_k):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        monkeypatch.setattr(native, "tempfile", ModuleProxy(tempfile, mkstemp=mkstemp))
    else:
        raise ValueError(kind)


def read_only_folder(monkeypatch, folder: Path) -> None:
    """Behave as if ``folder`` (and everything under it) were on a read-only mount / not writable.

    Creating, replacing or removing anything inside fails with EACCES as the
    system would (removing a missing file still says ENOENT). Reading works.
    """
    root = os.path.realpath(folder)

    def inside(p) -> bool:
        try:
            rp = os.path.realpath(os.fspath(p))
        except TypeError:
            return False
        return rp == root or rp.startswith(root + os.sep)

    def denied(p):
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(p))

    real_mkstemp, real_unlink, real_mkdir = tempfile.mkstemp, os.unlink, os.mkdir
    real_replace, real_rename, real_remove = os.replace, os.rename, os.remove

    def mkstemp(suffix=None, prefix=None, dir=None, text=False):
        if inside(dir if dir is not None else tempfile.gettempdir()):
            raise denied(dir)
        return real_mkstemp(suffix, prefix, dir, text)

    def unlink(p, *a, **k):
        if inside(p):
            if not os.path.lexists(p):
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(p))
            raise denied(p)
        return real_unlink(p, *a, **k)

    def remove(p, *a, **k):
        if inside(p):
            return unlink(p)
        return real_remove(p, *a, **k)

    def mkdir(p, *a, **k):
        if inside(p):
            if os.path.lexists(p):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(p))
            raise denied(p)
        return real_mkdir(p, *a, **k)

    def replace(src, dst, *a, **k):
        if inside(src) or inside(dst):
            raise denied(dst)
        return real_replace(src, dst, *a, **k)

    def rename(src, dst, *a, **k):
        if inside(src) or inside(dst):
            raise denied(dst)
        return real_rename(src, dst, *a, **k)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", remove)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
