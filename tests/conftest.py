"""Shared test set-up: Qt offscreen, settings and app data in a temporary folder; what many test
modules use (the demo report, the Chinese-character pattern, the command line run in-process, the
main window); and the markers that say what a test needs beyond Python and the project's packages
(see the end).

A test module imports the names it uses: ``from conftest import CJK, DEMO, run_cli``."""

from __future__ import annotations

import ast
import contextlib
import errno
import functools
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if sys.platform == "win32" and os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Qt's offscreen platform on Windows takes its fonts from a folder, not from Windows (it
    # would find none, and no Chinese font): Windows' own Fonts folder
    os.environ.setdefault("QT_QPA_FONTDIR", os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))
_HOME = tempfile.mkdtemp(prefix="govreport-test-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["GOVREPORT_DATA_DIR"] = os.path.join(_HOME, "appdata")

import import_fixtures as F  # noqa: E402  (after the environment above: these import the app's core)
from govreport_gui import cli  # noqa: E402
from govreport_gui.core.report import Report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo" / "demo.govreport"       # the demo report: 2021 edition, complete
CJK = re.compile(r"[\u4e00-\u9fff]")                        # a message for people has Chinese in it


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """Run ``govreport ARGV`` in-process: (exit status, stdout, stderr)."""
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as e:          # argparse exits for bad arguments
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_path() -> Path:
    return DEMO


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh app-data folder (recovery files) for one test."""
    d = tmp_path / "appdata"
    monkeypatch.setenv("GOVREPORT_DATA_DIR", str(d))
    return d


@pytest.fixture
def bare(qtbot, data_dir):
    """The main window as it starts with no file (the start page), 1366×768, on screen."""
    from govreport_gui.app import build_app
    from govreport_gui.ui.main_window import MainWindow

    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=forget_work)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def qt_tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease of the running environment, or the program itself in
    the PySide6 package (where no launcher was installed, as with ``pip install --target``)."""
    import PySide6

    exe = ".exe" if sys.platform == "win32" else ""
    own = Path(PySide6.__file__).parent / (name.removeprefix("pyside6-") + exe)
    for cand in (Path(sys.executable).parent / (name + exe), shutil.which(name), own):
        if cand and Path(cand).exists():
            return str(cand)
    pytest.fail(f"{name} not found (it comes with PySide6; run scripts/setup.sh)")


def forget_work(w) -> None:
    """pytest-qt closes the window after each test: no question about unsaved work then."""
    for view in getattr(w, "views", {}).values():
        view.cancel_editing()
    if w.doc is not None:
        w.doc.set_clean()


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch):
    """``folder`` made read-only for the block. Running as root, chmod does not stop writes, so
    creating a file (the atomic writer's temporary file) is refused instead, as a read-only
    folder refuses it."""
    from govreport_gui.core import native

    os.chmod(folder, 0o555)
    try:
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()

            def refuse(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied")
            monkeypatch.setattr(native.tempfile, "mkstemp", refuse)
        yield
    finally:
        os.chmod(folder, 0o755)
        monkeypatch.undo()


@pytest.fixture
def window(bare, demo_path):
    """The main window with the demo report open (from resources; tests that save use a copy)."""
    from govreport_gui.core import native

    bare.load_report(native.load(demo_path), demo_path)
    return bare


# ------------------------------------------------------------------------------------------
# Reading outside files (tests/test_import_*.py, tests/test_fuzz.py)


@pytest.fixture
def read_in_this_process(request, monkeypatch):
    """The readers are tested here as the app's child process runs them, in this process (so a
    limit a test lowers applies, and hundreds of reads stay fast). Reading through the child
    itself is tested in tests/test_worker.py and by the tests here that name the child or its
    time limit. A module uses it for all its tests with
    ``pytestmark = pytest.mark.usefixtures("read_in_this_process")``."""
    from govreport_gui.core import worker

    if not any(w in request.node.name for w in ("time_limit", "child")):
        monkeypatch.setattr(worker, "in_child", lambda: True)


def _wrong_total_2019() -> Report:
    rep = F.rich_report("2019")
    rep.values["s3.total.natural"] += 1            # as printed: R1, R2, R3 errors
    return rep


def _variant_2021(rep: Report):
    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)
            F.add_subtotal_col_s3(lay, rep.ed, rep.values)
            F.relabel(lay, lambda t: t.replace("社会公益组织", "社会组织"))
    return edit


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """Three hand-filled templates converted to PDF by one LibreOffice run for the whole session
    (private profile), for the import tests (tests/test_import_pdf.py, tests/test_import_common.py).
    tests/test_export_docx.py has a ``pdfs`` of its own: the exports, printed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: the PDF import tests need it")
    d = tmp_path_factory.mktemp("pdf")
    r21 = F.rich_report("2021")
    r19w = _wrong_total_2019()
    docs = {
        "2021": (F.official_docx(d / "official2021.docx", r21), r21, r21.values),
        "2019-wrong-total": (F.official_docx(d / "official2019.docx", r19w), r19w, r19w.values),
        "2021-subtotal": (F.official_docx(d / "variant2021.docx", r21, edit=_variant_2021(r21)), r21, None),
    }
    profile = d / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
           "--outdir", str(d)] + [str(p) for p, _, _ in docs.values()]
    done = subprocess.run(cmd, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    out = {}
    for name, (docx_path, rep, values) in docs.items():
        pdf = docx_path.with_suffix(".pdf")
        assert pdf.exists(), (done.returncode, done.stdout[-500:], done.stderr[-500:])
        out[name] = (pdf, rep, values, docx_path)
    return out


# ------------------------------------------------------------------------------------------
# What a test needs beyond Python and the project's packages, as markers (pyproject.toml):
#
#   gui          Qt widgets (a QApplication, offscreen is enough). `-m "not gui"` leaves them out,
#                and then the test modules that import Qt at the top are not even imported (so the
#                rest runs where Qt cannot load, as under Wine: tools/wine-test.sh).
#   libreoffice  converts documents with LibreOffice. On Linux a missing LibreOffice fails the test
#                (scripts/setup.sh --test installs it); on Windows the test is skipped, saying so.
#   posix        uses what only POSIX systems have (resource limits, SIGALRM, FIFOs, /proc, X11).
#                Skipped on Windows, with the feature named.
#   symlink      makes symbolic links. On Windows skipped when none can be made here (Windows needs
#                developer mode or admin rights; Wine 8's CreateSymbolicLinkW is a stub that makes
#                nothing and says it did).
#
# The markers are found, not listed: a test gets one when its own code, a helper it calls or a
# fixture it uses (followed through tests/ and fuzzing/) names what it needs; NEEDS adds what cannot
# be seen in the code (a child process that needs it). On Linux nothing is ever skipped by this.

WINDOWS = sys.platform == "win32"
TESTS = Path(__file__).resolve().parent
TEST_CODE = (TESTS, ROOT / "fuzzing")      # where helpers are followed: tests/, and the fuzzing seeds and mutators

NEEDS = {
    "test_fuzz.py::test_fuzz_tool_runs_and_replays":
        ("posix", "tools/fuzz.py caps its memory with resource.setrlimit"),
    "test_no_network.py::test_a_full_session_opens_no_network_socket":
        ("gui", "runs the desktop app's main window in a child process"),
    "test_i18n.py::test_every_source_string_is_translated":
        ("gui", "runs Qt's pyside6-lupdate"),
}
GUI_IMPORTS = {"PySide6", "shiboken6", "pytestqt", "qt_helpers", "realx"}   # at a test module's top
GUI_FIXTURES = {"qtbot", "qapp"}
LIBREOFFICE_NAMES = {"soffice", "libreoffice", "soffice.exe"}              # identifiers or strings
POSIX_MODULES = {"resource", "fcntl", "pwd", "grp", "termios", "pty"}      # any use
POSIX_ATTRS = {
    "signal": {"SIGALRM", "SIGKILL", "SIGSTOP", "SIGCONT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT",
               "alarm", "setitimer", "ITIMER_REAL", "pthread_kill"},
    "os": {"fork", "forkpty", "mkfifo", "getuid", "geteuid", "setsid", "killpg", "getpgid", "setpgrp",
           "sched_getaffinity", "wait4"},
    "select": {"select", "poll"},          # on pipes: Windows' select() takes sockets only
}
SYMLINK_ATTRS = {"symlink_to", "symlink"}
POSIX_STRINGS = (("/proc/", "reads /proc"), ("xdotool", "drives X11 with xdotool"), ("Xvfb", "runs Xvfb"))


def _in_tests(obj) -> bool:
    try:
        path = Path(inspect.getsourcefile(obj) or "").resolve()
    except (TypeError, OSError):
        return False
    return any(path.is_relative_to(d) for d in TEST_CODE)


@functools.lru_cache(maxsize=None)
def _needs_of_code(func) -> tuple[tuple[str, str], ...]:
    """(marker, reason) for what ``func`` and the tests/ (and fuzzing/) helpers it names need."""
    found: dict[str, str] = {}
    _scan(func, found, set())
    return tuple(sorted(found.items()))


def _scan(func, found: dict[str, str], seen: set) -> None:
    func = inspect.unwrap(func)
    if func in seen or not (inspect.isfunction(func) and _in_tests(func)):
        return
    seen.add(func)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, SyntaxError):
        return
    names = func.__globals__
    guarded = {(n.args[0].id, n.args[1].value) for n in ast.walk(tree)     # hasattr(os, "mkfifo"): it adapts
               if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "hasattr"
               and len(n.args) == 2 and isinstance(n.args[0], ast.Name) and isinstance(n.args[1], ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in LIBREOFFICE_NAMES:
                found.setdefault("libreoffice", f"runs {node.value}")
            for text, why in POSIX_STRINGS:
                if node.value.startswith(text):
                    found.setdefault("posix", why)
        elif isinstance(node, ast.Name):
            if node.id in LIBREOFFICE_NAMES:
                found.setdefault("libreoffice", f"runs LibreOffice ({node.id})")
            target = names.get(node.id)
            if inspect.isfunction(target):
                _scan(target, found, seen)
        elif isinstance(node, ast.Attribute) and not isinstance(node.value, ast.Name):
            if node.attr in SYMLINK_ATTRS:
                found.setdefault("symlink", f"makes a symbolic link (….{node.attr})")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = names.get(node.value.id)
            module = owner.__name__ if inspect.ismodule(owner) else node.value.id   # resource may be None
            if (module in POSIX_MODULES or node.attr in POSIX_ATTRS.get(module, ())) \
                    and (node.value.id, node.attr) not in guarded:
                found.setdefault("posix", f"uses {module}.{node.attr}")
            if node.attr in LIBREOFFICE_NAMES:
                found.setdefault("libreoffice", f"runs LibreOffice ({node.value.id}.{node.attr})")
            if node.attr in SYMLINK_ATTRS:
                found.setdefault("symlink", f"makes a symbolic link ({node.value.id}.{node.attr})")
            if inspect.ismodule(owner) and _in_tests(owner):
                target = getattr(owner, node.attr, None)
                if inspect.isfunction(target):
                    _scan(target, found, seen)


@functools.lru_cache(maxsize=None)
def _imports_qt(path: Path) -> bool:
    """The module imports Qt (or a helper that does) at its top: it cannot even be imported
    where Qt does not load."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False
    for node in tree.body:
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in GUI_IMPORTS for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in GUI_IMPORTS:
            return True
    return False


def needs(item) -> dict[str, str]:
    """{marker: reason} for one collected test."""
    out: dict[str, str] = {}
    path = Path(str(item.fspath))
    key = f"{path.name}::{getattr(item, 'originalname', None) or item.name}"
    if key in NEEDS:
        out[NEEDS[key][0]] = NEEDS[key][1]
    if _imports_qt(path):
        out.setdefault("gui", "its module imports Qt")
    if GUI_FIXTURES & set(getattr(item, "fixturenames", ())):
        out.setdefault("gui", "uses a Qt fixture")
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in (getattr(info, "name2fixturedefs", None) or {}).values():
        funcs += [d.func for d in defs]
    for f in funcs:
        if f is not None:
            for mark, why in _needs_of_code(f):
                out.setdefault(mark, why)
    spec = getattr(item, "callspec", None)
    if "symlink" in out and spec is not None and "symlink" not in spec.id:
        # parametrized over ways to name a file, one of them "symlink": only that case makes a link
        values = [v for m in item.iter_markers("parametrize") if len(m.args) > 1 for v in m.args[1]]
        if "symlink" in values:
            del out["symlink"]
    return out


def soffice_found() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


if WINDOWS and not soffice_found():
    # LibreOffice's installer does not put it on PATH: where it is installed, use it
    for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
        program = Path(base or "/nonexistent") / "LibreOffice" / "program"
        if (program / "soffice.exe").is_file():
            os.environ["PATH"] = f"{program}{os.pathsep}{os.environ.get('PATH', '')}"
            break


@functools.lru_cache(maxsize=None)
def symlinks_work() -> bool:
    """A symbolic link can be made here and is one (Wine 8 only pretends to make them)."""
    with tempfile.TemporaryDirectory() as d:
        try:
            Path(d, "target").write_text("x", encoding="utf-8")
            os.symlink("target", os.path.join(d, "link"))
            return os.path.islink(os.path.join(d, "link")) and Path(d, "link").read_text(encoding="utf-8") == "x"
        except OSError:
            return False


def _leaves_out_gui(config) -> bool:
    return bool(re.search(r"\bnot\s+gui\b", config.getoption("markexpr", "") or ""))


_LEFT_OUT: list[str] = []


def pytest_ignore_collect(collection_path, config):
    """With -m "not gui", a test module that imports Qt at its top is not imported at all."""
    p = Path(collection_path)
    if p.suffix == ".py" and p.name.startswith("test_") and _leaves_out_gui(config) and _imports_qt(p):
        _LEFT_OUT.append(p.name)
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    lo_missing = WINDOWS and not soffice_found()
    for item in items:
        for mark, why in needs(item).items():
            item.add_marker(getattr(pytest.mark, mark)(reason=why))
            if WINDOWS and mark == "posix":
                item.add_marker(pytest.mark.skip(reason=f"POSIX only: {why}"))
            elif WINDOWS and mark == "symlink" and not symlinks_work():
                item.add_marker(pytest.mark.skip(
                    reason=f"{why}: no symbolic link can be made here (Windows needs developer mode "
                           "or admin rights; Wine 8 only pretends to make one)"))
            elif lo_missing and mark == "libreoffice":
                item.add_marker(pytest.mark.skip(
                    reason=f"needs LibreOffice ({why}): soffice.exe is neither on PATH nor in "
                           r"%ProgramFiles%\LibreOffice\program; install LibreOffice to run it"))


def pytest_report_header(config):
    if _leaves_out_gui(config):
        return ['-m "not gui": test modules that import Qt at the top are not imported']
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _LEFT_OUT:
        terminalreporter.write_line(f'left out by -m "not gui" (they import Qt): {", ".join(sorted(_LEFT_OUT))}')
