"""Old Office files: Word's .doc and WPS Writer's .wps, Excel's .xls and WPS Spreadsheets' .et.

Their binary formats (OLE compound files) are read by no Python library we would trust with a
hostile file, so they are converted by LibreOffice — when it is installed — into .docx/.xlsx,
which the Word and Excel readers then read in their child process as usual. The conversion runs
``soffice --headless --convert-to`` as a process of its own:

- with a profile of its own in a temporary folder, so a LibreOffice the clerk has open is neither
  used nor disturbed (``soffice`` would otherwise hand the file to it and return at once);
- with a time limit (CONVERT_SECONDS, read at each conversion): a converter that hangs is killed
  with everything it started, and the clerk is told;
- on a copy of the file with a plain name (LibreOffice finds a format by its suffix first, and a
  .wps/.et is the .doc/.xls format under another name).

Many "old" files are something else under an old name, and are read as what they are: a .docx or
.xlsx renamed (a zip), a web page or a page saved by Word as .doc (HTML or MIME — web systems
export "Excel" files as HTML tables), both without any converter.

Without LibreOffice the message says what to do: open the file in Word or WPS (named when it is
installed) and save it as .docx/.xlsx, or install LibreOffice, after which the app converts by
itself. WPS has no command line that converts a file, so it is never run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .limits import SourceError, check_size
from .result import ImportResult

CONVERT_SECONDS = 60.0        # LibreOffice converts a report in 1–3 s; a cold start on an old PC: ~15 s
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Old:
    kind: str             # ImportResult.kind of what is read
    word: str             # the program family, in messages: Word / Excel
    target: str           # the suffix converted to
    plain: str            # the suffix the copy is given for LibreOffice
    wps: str              # WPS's name of the program that opens it


WORD = Old("doc", "Word", ".docx", ".doc", "WPS 文字")
EXCEL = Old("xls", "Excel", ".xlsx", ".xls", "WPS 表格")


def read_doc(path: Path, cancel=None) -> ImportResult:
    """A .doc/.wps file, as a report (the registry's reader)."""
    return _read_old(Path(path), WORD, cancel)


def read_xls(path: Path, cancel=None) -> ImportResult:
    """A .xls/.et file, as a report (the registry's reader)."""
    return _read_old(Path(path), EXCEL, cancel)


def time_limit() -> float:
    """The conversion's time limit, read at each conversion (changing it takes effect)."""
    return CONVERT_SECONDS


# -- finding the programs ---------------------------------------------------------------------


def converter() -> list[str] | None:
    """How LibreOffice is started (its ``soffice``), or None when it is not installed: on the
    PATH, or where its installers put it on Windows and Linux."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return [_console(found)]
    places: list[str] = []
    if os.name == "nt":
        for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
            base = os.environ.get(var)
            if base:
                places += sorted(glob.glob(os.path.join(base, "LibreOffice*", "program", "soffice.exe")), reverse=True)
    else:
        places += sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)
        places += ["/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice",
                   "/snap/bin/libreoffice"]
    for p in places:
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return [_console(p)]
    return None


def _console(soffice: str) -> str:
    """On Windows the console launcher (soffice.com) waits for the conversion and says what it
    did; soffice.exe may return before."""
    if os.name == "nt" and soffice.lower().endswith(".exe"):
        com = soffice[:-4] + ".com"
        if os.path.isfile(com):
            return com
    return soffice


def wps_installed() -> bool:
    """WPS Office is installed (for the message: it can open the file and save it as .docx)."""
    if shutil.which("wps") or shutil.which("et"):
        return True
    if os.name == "nt":
        bases = [os.environ.get(v) for v in ("LOCALAPPDATA", "ProgramFiles", "ProgramFiles(x86)")]
        return any(b and glob.glob(os.path.join(b, "Kingsoft", "WPS Office*")) for b in bases)
    return os.path.isdir("/opt/kingsoft/wps-office")


# -- reading ----------------------------------------------------------------------------------


def _read_old(path: Path, old: Old, cancel) -> ImportResult:
    from . import read_path, saved

    check_size(path)
    with open(path, "rb") as f:
        head = f.read(4096)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith(b"PK"):                              # a .docx/.xlsx under the old name
        with tempfile.TemporaryDirectory(prefix="govreport-") as tmp:
            copy = Path(tmp) / (path.stem + old.target)
            shutil.copyfile(path, copy)
            return _as_source(read_path(copy, cancel=cancel), copy.name, path.name)
    if start.startswith(b"mime-version") or b"multipart/related" in start:
        return saved.read_mht(path)                         # Word's 单个文件网页 saved as .doc
    if start.startswith((b"<html", b"<!doctype", b"<?xml", b"<table", b"<meta", b"<head", b"<body")):
        return saved.read_page(path)                        # a web system's "Excel" file: an HTML table
    if not head.startswith(OLE) and not head.startswith(b"{\\rtf"):
        raise SourceError(f"{path.name} 不是 {old.word} 文件（文件已损坏或并非此格式），未读取")
    soffice = converter()
    if soffice is None:
        raise SourceError(_no_converter(path.name, old))
    with tempfile.TemporaryDirectory(prefix="govreport-") as tmp:
        out = convert(soffice, path, old, Path(tmp), cancel=cancel)
        result = _as_source(read_path(out, cancel=cancel), out.name, path.name)
    result.kind = old.kind
    result.notes.insert(0, f"{path.name} 是旧版 {old.word} 格式，已用 LibreOffice 转换后读取；"
                           f"如有疑问，请在 {old.word} 或 WPS 中另存为 {old.target} 后核对")
    return result


def _no_converter(name: str, old: Old) -> str:
    if wps_installed():
        how = f"本机已安装 WPS：请在{old.wps}中打开它，“另存为” {old.target} 文件后再导入"
    else:
        how = f"请在 {old.word} 或 WPS 中打开它，“另存为” {old.target} 文件后再导入"
    return (f"{name} 是旧版 {old.word} 格式，需要 LibreOffice 转换才能读取，但本机没有安装 LibreOffice。"
            f"{how}；或安装免费的 LibreOffice（zh-cn.libreoffice.org），安装后本程序会自动转换")


def _as_source(result: ImportResult, read_as: str, name: str) -> ImportResult:
    """The result of reading the converted copy, as if read from the clerk's file: its name in
    every message."""
    result.problems = [m.replace(read_as, name) for m in result.problems]
    result.notes = [m.replace(read_as, name) for m in result.notes]
    return result


def convert(soffice: list[str], path: Path, old: Old, tmp: Path, cancel=None,
            seconds: float | None = None) -> Path:
    """``path`` converted by LibreOffice into ``tmp``: the converted file, or a SourceError.
    Killed (with everything it started) after ``seconds`` (default CONVERT_SECONDS), or when
    ``cancel`` (a threading.Event) is set."""
    from ..errors import Cancelled

    seconds = time_limit() if seconds is None else seconds
    source = tmp / ("source" + old.plain)                   # a plain name: no encoding trouble on any system
    shutil.copyfile(path, source)
    outdir, profile = tmp / "out", tmp / "profile"
    outdir.mkdir()
    argv = [*soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", old.target.lstrip("."), "--outdir", str(outdir), str(source)]
    log_path = tmp / "soffice.log"
    kw: dict = {"stdin": subprocess.DEVNULL, "stderr": subprocess.STDOUT, "cwd": tmp}
    if os.name == "nt":
        kw["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)
    else:
        kw["start_new_session"] = True
    # its output goes to a file: a pipe would wait for whatever it started and left running
    with open(log_path, "wb") as said_file:
        try:
            proc = subprocess.Popen(argv, stdout=said_file, **kw)
        except OSError as e:
            raise SourceError(f"无法启动 LibreOffice 转换 {path.name}（{e.strerror or e}）；"
                              f"请在 {old.word} 或 WPS 中另存为 {old.target} 后再导入") from None
        deadline = time.monotonic() + seconds
        try:
            while True:
                try:
                    proc.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled("已取消") from None
                    if time.monotonic() > deadline:
                        raise SourceError(f"LibreOffice 转换 {path.name} 超过 {seconds:g} 秒仍未完成，已停止；"
                                          f"请在 {old.word} 或 WPS 中另存为 {old.target} 后再导入") from None
        finally:
            if proc.poll() is None:
                kill_tree(proc)
            else:
                from .. import worker

                worker.kill_group(proc)                       # anything it left behind (POSIX)
    output = log_path.read_bytes()[-4000:]
    out = outdir / ("source" + old.target)
    if not out.is_file() or out.stat().st_size == 0:
        said = (output or b"").decode("utf-8", "replace").strip().splitlines()
        detail = f"（LibreOffice：{said[-1][:200]}）" if said else ""
        raise SourceError(f"LibreOffice 无法转换 {path.name}，文件可能已损坏、有密码保护或不是 {old.word} 文件{detail}；"
                          f"请在 {old.word} 或 WPS 中打开并另存为 {old.target} 后再导入")
    return out


def kill_tree(proc: subprocess.Popen) -> None:
    """Kill the converter and whatever it started (soffice starts soffice.bin), and reap it:
    on Windows with taskkill /T (it has no Job Object of ours), on POSIX by its session."""
    from .. import worker

    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    worker.kill_and_reap(proc)
