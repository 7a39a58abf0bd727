"""What differs on Windows, run everywhere (tools/wine-test.sh runs it on Windows' CPython under
Wine, code page 936, with every temporary folder under "D:\\年报 测试\\…").

- paths with Chinese characters and spaces, spelt with \\ or /, with the drive letter as typed;
- saving over a file another program holds open: Windows refuses to replace a file that is open
  without FILE_SHARE_DELETE (Word and WPS hold what they show), so the save must either succeed
  once the other program lets go (it is retried) or fail with a Chinese message that names the
  file, and the old file must stay whole; no temporary file may be left beside it;
- the PDF reader's child process on a PDF made by LibreOffice (a committed fixture, so that this
  runs where LibreOffice is missing), from a parent with no stdout (a windowed program);
- the command line given such paths, relative to a Chinese working folder.

On Linux the same tests check that nothing here is Windows-only: there a file held open is
replaced at once and the holder keeps reading the old one.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govreport_gui.core import native
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import read_path

WINDOWS = sys.platform == "win32"
ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).resolve().parent / "fixtures" / "windows"
SOURCE = FIX / "demo-2024.govreport"
PDF = FIX / "demo-2024.pdf"                    # SOURCE exported to Word, printed to PDF by LibreOffice


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "年报 2024" / "某某县 人民政府（办公室）"
    d.mkdir(parents=True)
    return d


@pytest.fixture(scope="module")
def report():
    return native.load(SOURCE)


def spellings(p: Path) -> list[str]:
    """The ways a clerk or a program may write the same path: as is, with forward slashes, and
    on Windows with the drive letter in the other case."""
    s = str(p)
    out = [s, s.replace("\\", "/")]
    drive, rest = os.path.splitdrive(s)
    if len(drive) == 2 and drive[1] == ":":
        out.append(drive.swapcase() + rest)
    return list(dict.fromkeys(out))


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files beside the saved ones (a temporary file a save did not clean up)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@contextlib.contextmanager
def held_open(path: Path, share_read_only: bool = False):
    """``path`` held open by "another program". Python's open() on Windows shares read and write
    but not delete, like most programs; ``share_read_only`` shares reading only, like Word and
    WPS with the document they show (Linux has no share modes: a plain open)."""
    if WINDOWS and share_read_only:
        import ctypes
        from ctypes import wintypes

        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.CreateFileW.restype = wintypes.HANDLE
        k32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                    wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
        generic_read, file_share_read, open_existing = 0x80000000, 0x1, 3
        h = k32.CreateFileW(str(path), generic_read, file_share_read, None, open_existing, 0, None)
        assert h not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()
        try:
            yield None
        finally:
            k32.CloseHandle(h)
    else:
        with open(path, "rb") as f:
            yield f


# ------------------------------------------------------------------------------------------
# paths


def test_save_and_load_in_a_chinese_folder_with_spaces_however_the_path_is_spelt(folder, report):
    names = set()
    for i, spelt in enumerate(spellings(folder / f"年报 {0}.govreport")):
        target = spelt.replace("年报 0", f"年报 {i}")
        native.save(report, target)
        names.add(Path(target).name)
        again = native.load(target)
        assert again.values == report.values and again.text == report.text and again.issuer == report.issuer
    assert leftovers(folder, names) == []


def test_export_and_import_word_and_excel_in_a_chinese_folder(folder, report):
    word = folder / "年报 导出（定稿）.docx"
    excel = folder / "年报 导出（定稿）.xlsx"
    export_docx.export(report, str(word).replace("\\", "/"), force=True)
    export_xlsx.export(report, excel, force=True)
    for path in (word, excel):
        got = read_path(path).report
        assert got.values == report.values, path.name
        assert (got.year, got.issuer) == (report.year, report.issuer)
    assert leftovers(folder, {word.name, excel.name}) == []


def test_pdf_made_by_libreoffice_read_through_the_child_process(folder, report):
    pdf = folder / "去年 年报（公开版）.pdf"
    pdf.write_bytes(PDF.read_bytes())
    res = read_path(pdf)
    assert res.kind == "pdf"
    assert res.report.values == report.values
    assert (res.report.year, res.report.issuer) == (report.year, report.issuer)
    assert res.problems == []


def test_pdf_read_from_a_parent_without_stdout(folder, report):
    """The built govreport-gui.exe is a windowed program: it has no stdout (pythonw.exe on Windows
    is the same), and reads PDFs in a child of itself; the child must still answer."""
    pdf = folder / "去年 年报.pdf"
    pdf.write_bytes(PDF.read_bytes())
    out = folder / "读到的数.json"
    exe = Path(sys.executable)
    windowed = exe.with_name("pythonw.exe") if WINDOWS else exe
    if not windowed.exists():
        windowed = exe
    code = ("import sys, json; sys.stdout = sys.stderr = None\n"
            "from govreport_gui.core.importers import read_path\n"
            "r = read_path(sys.argv[1]).report\n"
            "open(sys.argv[2], 'w', encoding='utf-8').write(json.dumps({'year': r.year, 'n': len(r.values),\n"
            "    'total': str(r.values.get('s3.new.total'))}, ensure_ascii=False))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([str(windowed), "-c", code, str(pdf), str(out)], env=env, cwd=folder,
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got == {"year": report.year, "n": len(report.values), "total": str(report.values["s3.new.total"])}


def test_command_line_with_relative_chinese_paths_from_a_chinese_folder(folder, report):
    (folder / "去年 年报.pdf").write_bytes(PDF.read_bytes())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))

    def govreport(*argv) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "govreport_gui.cli", *argv], cwd=folder, env=env,
                              capture_output=True, stdin=subprocess.DEVNULL, timeout=120)

    steps = [("import", "去年 年报.pdf", "-o", "导入 结果.govreport"),
             ("check", "导入 结果.govreport"),
             ("export", "导入 结果.govreport", "-o", "导出 文件.docx"),
             ("export", "导入 结果.govreport", "-o", str(folder / "导出 文件.xlsx").replace("\\", "/"))]
    for argv in steps:
        done = govreport(*argv)
        assert done.returncode == 0, (argv, done.stderr.decode("utf-8", "replace")[-1500:])
    assert native.load(folder / "导入 结果.govreport").values == report.values
    assert read_path(folder / "导出 文件.docx").report.values == report.values
    assert read_path(folder / "导出 文件.xlsx").report.values == report.values


# ------------------------------------------------------------------------------------------
# saving over a file that is open elsewhere


def _changed(report):
    new = native.loads(native.dumps(report), "x")
    new.issuer = report.issuer + "（改）"
    return new


def test_saving_over_a_file_another_program_holds_open(folder, report):
    """Linux: replaced at once, the holder still reads the old file. Windows: a file open without
    FILE_SHARE_DELETE (Python's open(), most programs) cannot be replaced: retried for a moment,
    then a Chinese message naming the file; the old file stays whole. No temporary file is left."""
    target = folder / "年报 定稿.govreport"
    native.save(report, target)
    old = target.read_bytes()
    new = _changed(report)
    with held_open(target) as f:
        try:
            native.save(new, target)
        except GovReportError as e:
            assert WINDOWS, f"only Windows refuses to replace an open file: {e}"
            assert target.name in str(e) and "原文件未改动" in str(e), str(e)
            assert target.read_bytes() == old
        else:
            assert not WINDOWS, "replaced a file held open without FILE_SHARE_DELETE"
            assert native.load(target).issuer == new.issuer
            assert f.read() == old                       # the holder's view is the old file, whole
    assert leftovers(folder, {target.name}) == []


def test_saving_succeeds_when_the_other_program_lets_go_within_a_moment(folder, report):
    """A virus scanner or the search indexer holds a file for a moment: the save waits for it."""
    target = folder / "年报 定稿.govreport"
    native.save(report, target)
    new = _changed(report)
    f = open(target, "rb")
    timer = threading.Timer(0.3, f.close)
    timer.start()
    try:
        t0 = time.monotonic()
        native.save(new, target)
        assert time.monotonic() - t0 < 5
    finally:
        timer.join()
        f.close()
    assert native.load(target).issuer == new.issuer
    assert leftovers(folder, {target.name}) == []


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_exporting_over_a_document_open_in_word_names_it(folder, report, kind):
    """Word and WPS share the document they show for reading only: exporting over it cannot
    succeed on Windows, and the message must say which file and what to do."""
    target = folder / f"年报 导出.{kind}"
    export = export_docx.export if kind == "docx" else export_xlsx.export
    export(report, target, force=True)
    old = target.read_bytes()
    with held_open(target, share_read_only=True):
        try:
            export(_changed(report), target, force=True)
        except GovReportError as e:
            assert WINDOWS, f"only Windows refuses to replace an open file: {e}"
            assert target.name in str(e) and ("Word" in str(e) or "WPS" in str(e)), str(e)
            assert target.read_bytes() == old
        else:
            assert not WINDOWS, "replaced a file that Word holds open (shared for reading only)"
    assert leftovers(folder, {target.name}) == []
