"""The real program in a real X window: Xvfb, the xcb platform, and X input events.

The other GUI tests run offscreen and hand QTest events straight to widgets. That
misses what only happens in a real window: X11 key bindings (on xcb Qt maps Ctrl+E
to "end of line" in a QLineEdit), focus and window activation, modal dialogs. Here
the installed program (``.venv/bin/govreport-gui FILE``) is started under its own
Xvfb and driven with xdotool, whose key and mouse events go through the XTEST
extension, so they reach Qt exactly like a keyboard's and a mouse's.

    def test_something(launch, tmp_path):
        app = launch(report_file)         # started, window mapped, report loaded, focused
        app.click(*ISSUER_FIELD)          # x, y inside the main window
        app.key("ctrl+Next", "ctrl+Next")
        app.type_text("12")
        app.key("Return")
        saved = app.save()                # Ctrl+S, then wait until the file is rewritten
        assert saved["values"]["s2.regulations.issued"] == 12

Rules the helpers follow:

* No fixed sleeps as synchronisation. Every wait polls for something visible (a
  window mapped, a file rewritten) for up to ``TIMEOUT`` seconds. Input events
  are queued by the X server and handled by Qt in order, so keys sent right
  after a click reach the widget the click focused.
* Keys and text go through XTEST (``xdotool key``/``type`` without ``--window``),
  so they go where the X server sends a real keyboard's: to the focused window.
  With ``--window`` xdotool uses XSendEvent to a window of its choosing instead;
  Qt happens to accept those, but they skip the server's focus and grab logic.
* No window manager runs. Qt focuses its own main window when it maps it (it
  calls XSetInputFocus when nothing supports _NET_ACTIVE_WINDOW), ``activate()``
  does the same with ``xdotool windowfocus --sync``, and a mouse click focuses
  the widget under it. Nothing has keyboard focus inside the window at start,
  like in a real session: click into a field first.
* Chinese text: ``type_text("某某区")`` works on an idle machine (xdotool binds a
  spare keycode to each character for a moment; Qt re-reads the keymap), but it is
  a race: under CPU load 2 of 10 tries lost characters, when the binding was undone
  before Qt read it. The tests type ASCII (digits, keysym names) only.
* Enter in a cell editor commits through a queued call (Qt's item delegate), so a
  key typed right after Enter can reach the old editor when the app is slow to
  run it ("9 Enter 8" → 98). Type many Enters at a clerk's pace, or wait on the
  saved value (``save_until``), unless that race is what the test is about.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "年报填报助手"
SCREEN = "1366x768x24"
TIMEOUT = 30.0          # every wait; generous, so a loaded CI machine never fails a correct program
POLL = 0.05

# variables of the developer's desktop session that would change how the child looks or reads keys
_SESSION_VARS = ("QT_QPA_PLATFORMTHEME", "QT_STYLE_OVERRIDE", "QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS",
                 "QT_AUTO_SCREEN_SCALE_FACTOR", "QT_ENABLE_HIGHDPI_SCALING", "QT_FONT_DPI", "QT_IM_MODULE",
                 "XMODIFIERS", "GTK_IM_MODULE", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "WAYLAND_DISPLAY",
                 "XAUTHORITY", "QT_QPA_PLATFORM_PLUGIN_PATH", "SESSION_MANAGER")


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when pytest goes, even killed (Linux), so no Xvfb or app is left."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG
    except Exception:                         # noqa: BLE001 - elsewhere the fixtures' teardown has to do
        pass


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: apt-get install {package} (scripts/setup.sh --test does it)",
                    pytrace=False)
    return path


def wait_until(predicate, timeout: float = TIMEOUT, what: str = "condition", interval: float = POLL):
    """Poll ``predicate`` until it returns something truthy; return that. Fail after ``timeout``.

    ``what`` says what was awaited (a string, or a callable giving one, for details known only then).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            text = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {text}")
        time.sleep(interval)


# -- the X server -------------------------------------------------------------------------------

@dataclass
class XServer:
    display: str                      # ":N"
    proc: subprocess.Popen
    log: Path
    xdotool_path: str = "xdotool"

    def run(self, *args: str, timeout: float = TIMEOUT, check: bool = True) -> str:
        """Run an X client (xdotool …) on this display; its stdout."""
        # a UTF-8 locale: without one ``xdotool type 中文`` fails ("Invalid multi-byte sequence")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": self.display, "LC_ALL": "C.UTF-8"}
        r = subprocess.run(list(args), env=env, capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
        return r.stdout

    def xdotool(self, *args: str, check: bool = True) -> str:
        return self.run(self.xdotool_path, *args, check=check)

    def screenshot(self, path: Path) -> Path | None:
        """The whole screen as PNG (or the raw .xwd without Pillow). For looking at, not for asserting.

        Needs ``xwd`` (Debian x11-apps); returns None without it.
        """
        xwd = shutil.which("xwd")
        if xwd is None:
            return None
        raw = subprocess.run([xwd, "-root", "-silent", "-display", self.display], capture_output=True,
                             timeout=TIMEOUT).stdout
        try:
            png = path.with_suffix(".png")
            _xwd_to_png(raw, png)
            return png
        except Exception:                     # noqa: BLE001 - no Pillow, or an odd visual: keep the raw dump
            out = path.with_suffix(".xwd")
            out.write_bytes(raw)
            return out


def _xwd_to_png(raw: bytes, png: Path) -> None:
    import struct

    from PIL import Image

    h = struct.unpack(">25I", raw[:100])
    header, width, height, byte_order, bytes_per_line, ncolors = h[0], h[4], h[5], h[7], h[12], h[19]
    start = header + 12 * ncolors
    pixels = raw[start:start + bytes_per_line * height]
    Image.frombuffer("RGB", (width, height), pixels, "raw", "BGRX" if byte_order == 0 else "XRGB",
                     bytes_per_line, 1).save(png)


def start_xvfb(folder: Path) -> XServer:
    """Start Xvfb (1366×768, 24 bit) on a display number it picks itself (-displayfd); wait until it listens."""
    xdotool = _tool("xdotool", "xdotool")
    xvfb = _tool("Xvfb", "xvfb")
    log = folder / "xvfb.log"
    rfd, wfd = os.pipe()
    with open(log, "wb") as logf:
        proc = subprocess.Popen([xvfb, "-displayfd", str(wfd), "-screen", "0", SCREEN, "-nolisten", "tcp",
                                 "-noreset"], stdout=logf, stderr=subprocess.STDOUT, pass_fds=(wfd,),
                                preexec_fn=_die_with_parent)
    os.close(wfd)
    number = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while not number.endswith(b"\n"):         # Xvfb writes the number once it accepts clients
            ready, _, _ = select.select([rfd], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(rfd, 16) if ready else b""
            if not chunk:
                proc.kill()
                proc.wait()
                pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')[-2000:]}", pytrace=False)
            number += chunk
    finally:
        os.close(rfd)
    return XServer(f":{int(number)}", proc, log, xdotool)


def stop_xvfb(x: XServer) -> None:
    x.proc.terminate()
    try:
        x.proc.wait(10)
    except subprocess.TimeoutExpired:
        x.proc.kill()
        x.proc.wait()


@pytest.fixture(scope="session")
def xserver(tmp_path_factory):
    """One Xvfb for the whole session."""
    x = start_xvfb(tmp_path_factory.mktemp("xvfb"))
    try:
        yield x
    finally:
        stop_xvfb(x)


# -- the application ------------------------------------------------------------------------------

@dataclass
class App:
    """One running govreport-gui, its main window and its report file."""

    x: XServer
    proc: subprocess.Popen
    path: Path                        # the .govreport it opened (Ctrl+S saves here)
    home: Path                        # its private config/data folders, its stderr
    wid: str = ""                     # the main window's X id

    # -- state ---------------------------------------------------------------------------
    def stderr(self) -> str:
        try:
            return (self.home / "stderr.txt").read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def describe(self) -> str:
        """For failure messages: is it running, the windows it shows, the tail of its stderr."""
        state = "running" if self.alive() else f"exited with {self.proc.returncode}"
        try:
            wins = "; ".join(f"{w} {n!r}" for w, n in self.windows()) or "none"
        except Exception as e:                # noqa: BLE001
            wins = f"(cannot list: {e})"
        err = self.stderr().strip()
        return (f"\n  app: {state}, pid {self.proc.pid}, visible windows: {wins}"
                f"\n  app stderr: {err[-3000:] if err else '(empty)'}")

    def windows(self) -> list[tuple[str, str]]:
        """(id, title) of every visible top-level window of this process."""
        out = self.x.xdotool("search", "--onlyvisible", "--pid", str(self.proc.pid), check=False)
        result = []
        for wid in out.split():
            name = self.x.xdotool("getwindowname", wid, check=False).strip()
            result.append((wid, name))
        return result

    def geometry(self, wid: str | None = None) -> tuple[int, int, int, int]:
        """x, y, width, height of a window (the main window by default)."""
        out = self.x.xdotool("getwindowgeometry", "--shell", wid or self.wid)
        v = dict(line.split("=", 1) for line in out.split())
        return int(v["X"]), int(v["Y"]), int(v["WIDTH"]), int(v["HEIGHT"])

    def read(self) -> dict:
        """The report file as saved (UTF-8 JSON)."""
        return json.loads(self.path.read_text(encoding="utf-8"))

    def values(self) -> dict:
        return self.read().get("values", {})

    def screenshot(self, name: str = "screen") -> Path | None:
        return self.x.screenshot(self.home / name)

    # -- waiting -------------------------------------------------------------------------------
    def wait_until(self, predicate, timeout: float = TIMEOUT, what: str = "condition"):
        """Like :func:`wait_until`, but stops early if the app died, and says what the app shows."""
        died = []

        def check():
            if not self.alive():
                died.append(True)
                return True
            return predicate()
        try:
            result = wait_until(check, timeout, what)
        except AssertionError as e:
            shot = self.screenshot("timeout")
            raise AssertionError(f"{e}{self.describe()}" + (f"\n  screenshot: {shot}" if shot else "")) from None
        if died:
            raise AssertionError(f"the app exited while waiting for {what}{self.describe()}")
        return result

    def wait_for_window(self, name_substring: str, exclude=(), timeout: float = TIMEOUT) -> tuple[str, str]:
        """A visible window of this app whose title contains ``name_substring``: (id, title)."""
        def find():
            for wid, name in self.windows():
                if name_substring in name and wid not in exclude:
                    return wid, name
            return None
        return self.wait_until(find, timeout, f"a window titled …{name_substring}…")

    def wait_for_main_window(self, timeout: float = TIMEOUT) -> str:
        """The main window, mapped and showing our file (so the report is loaded and no question is pending)."""
        wid, _ = self.wait_for_window(f"{self.path.name}", timeout=timeout)
        self.wid = wid
        return wid

    def dialogs(self) -> list[tuple[str, str]]:
        """Visible windows of the app other than the main window (message boxes, file dialogs)."""
        return [(w, n) for w, n in self.windows() if w != self.wid]

    # -- input ---------------------------------------------------------------------------------------
    def activate(self, wid: str | None = None) -> None:
        """Give a window the X input focus. No window manager runs, so this is XSetInputFocus itself."""
        self.x.xdotool("windowraise", wid or self.wid)
        self.x.xdotool("windowfocus", "--sync", wid or self.wid)

    def key(self, *keys: str, delay: int = 20) -> None:
        """Press keys (X keysym names, chords with +): "ctrl+e", "Return", "Tab", "ctrl+Next" (PgDn).

        ``delay``: milliseconds between keys (a quick typist: 20; a clerk: about 150).
        """
        self.x.xdotool("key", "--delay", str(delay), *keys)

    def type_text(self, text: str) -> None:
        """Type text key by key. ASCII is reliable; Chinese may lose characters under load (see top)."""
        self.x.xdotool("type", "--delay", "20", "--", text)

    def click(self, x: int, y: int, button: int = 1, repeat: int = 1) -> None:
        """Click at x, y inside the main window (pixels from its top-left corner)."""
        wx, wy, _, _ = self.geometry()
        self.move_pointer(wx + x, wy + y)
        self.x.xdotool("click", "--repeat", str(repeat), "--delay", "60", str(button))

    def move_pointer(self, sx: int, sy: int) -> None:
        """Move the pointer to screen position sx, sy and wait until it is there.

        ``mousemove --sync`` to where the pointer already is waits for a motion that never comes
        (about 15 s in xdotool 3.2), so look first.
        """
        loc = dict(line.split("=", 1) for line in self.x.xdotool("getmouselocation", "--shell").split())
        if (int(loc["X"]), int(loc["Y"])) != (sx, sy):
            self.x.xdotool("mousemove", "--sync", str(sx), str(sy))

    def wheel(self, x: int, y: int, notches: int) -> None:
        """Turn the mouse wheel over x, y of the main window: positive = down (X buttons 5), negative = up (4)."""
        self.click(x, y, button=5 if notches > 0 else 4, repeat=abs(notches))

    @contextmanager
    def watch_file(self):
        """``with app.watch_file() as rewritten:`` … ``rewritten()`` is True once the report file was saved anew.

        The app saves atomically: a new file renamed over the old one. A hard link keeps the old
        file's inode alive, so a new file never reuses its number and "another inode" is certain;
        a changed size or time also counts, should a save ever write in place.
        """
        keep = self.path.with_name(f".{self.path.name}.before-save")
        keep.unlink(missing_ok=True)
        os.link(self.path, keep)
        old = keep.stat()

        def rewritten() -> bool:
            try:
                now = self.path.stat()
            except FileNotFoundError:
                return False
            return not os.path.samestat(now, old) or (now.st_mtime_ns, now.st_size) != (old.st_mtime_ns, old.st_size)
        try:
            yield rewritten
        finally:
            keep.unlink(missing_ok=True)

    def save(self, timeout: float = TIMEOUT) -> dict:
        """Ctrl+S (a report opened from a file is saved in place), wait until the file is rewritten,
        twice; read it.

        Twice, because Enter in a cell editor commits through a queued call: a Ctrl+S that Qt
        handles in the same batch of X events as the Enter saves the report without that cell.
        The second Ctrl+S is sent after the first save is seen, so after the commit has run.
        """
        for _ in range(2):
            with self.watch_file() as rewritten:
                self.key("ctrl+s")
                self.wait_until(rewritten, timeout, f"Ctrl+S to rewrite {self.path.name}")
        return self.read()

    def save_until(self, predicate, what: str, timeout: float = TIMEOUT) -> dict:
        """Save (Ctrl+S) and read until the saved report satisfies ``predicate``; the last one read.

        For a wait on something the app does later than a key is handled.
        """
        deadline = time.monotonic() + timeout
        while True:
            saved = self.save(max(deadline - time.monotonic(), 1.0))
            if predicate(saved):
                return saved
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; last saved values: "
                                     f"{saved.get('values')}{self.describe()}")

    def pause(self) -> None:
        """Freeze the app (SIGSTOP), as a busy PC would: what is typed meanwhile waits in the X server
        and reaches Qt in one batch after :meth:`resume`."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    # -- ending ---------------------------------------------------------------------------------------
    def stop(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGCONT)    # in case a test paused it
            self.proc.terminate()             # the default SIGTERM action: no questions, no dialogs
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _locale() -> str:
    try:
        have = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        have = []
    normalized = {re.sub(r"[-_.]", "", x).lower() for x in have}
    return "zh_CN.UTF-8" if "zhcnutf8" in normalized else "C.UTF-8"


def _xcb_missing_libraries() -> str:
    """Why the xcb platform plugin may not load: the libraries ldd cannot find."""
    try:
        import PySide6
        plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        libs = [plugin, *sorted((plugin.parents[2] / "lib").glob("libQt6XcbQpa.so*"))[:1]]
        out = ""
        for lib in libs:
            out += subprocess.run(["ldd", str(lib)], capture_output=True, text=True, timeout=30).stdout
        missing = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    except Exception as e:                    # noqa: BLE001
        return f" (could not check the xcb plugin's libraries: {e})"
    if missing:
        return (f"\n  the Qt xcb plugin lacks: {', '.join(missing)} (scripts/setup.sh installs the Debian "
                "packages libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 "
                "libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0)")
    return ""


def start_app(x: XServer, report: Path, home: Path) -> App:
    """Start the app as a user would, on ``report``, with private settings and data; wait for its window."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in _SESSION_VARS}
    lang = _locale()
    env.update({
        "QT_QPA_PLATFORM": "xcb",                       # conftest.py sets offscreen for the pytest process
        "DISPLAY": x.display,
        "XDG_CONFIG_HOME": str(home / "config"),        # settings: recent files, language, folders
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "GOVREPORT_DATA_DIR": str(home / "appdata"),    # recovery files and the log
        "LANG": lang, "LC_ALL": lang,
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={home / 'no-bus'}",   # no session bus: no portals, no autolaunch
        "NO_AT_BRIDGE": "1",
        "PYTHONUNBUFFERED": "1",
    })
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    exe = ROOT / ".venv" / "bin" / "govreport-gui"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "govreport_gui"]
    with open(home / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([*cmd, str(report)], cwd=str(home), env=env, stdin=subprocess.DEVNULL,
                                stdout=err, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    app = App(x, proc, report, home)
    try:
        app.wait_for_main_window()
    except AssertionError as e:
        app.stop()
        raise AssertionError(f"govreport-gui did not show {report.name}: {e}{_xcb_missing_libraries()}") from None
    app.activate()
    return app


@pytest.fixture
def launch(xserver, tmp_path):
    """``launch(report_path) -> App``: the app on that file; stopped when the test ends."""
    apps: list[App] = []

    def _launch(report: Path) -> App:
        app = start_app(xserver, Path(report), tmp_path / f"app{len(apps)}")
        apps.append(app)
        return app

    yield _launch
    for app in apps:
        app.stop()
