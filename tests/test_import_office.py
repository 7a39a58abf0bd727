"""Old Office files (issue 14, item 3): .doc/.wps and .xls/.et converted by LibreOffice in a
process of its own with a time limit, then read as .docx/.xlsx; what is said when LibreOffice is
missing (with and without WPS), when the converter hangs or fails, and when 取消 is pressed;
"old" files that are something else under an old name read without any converter.

The old files are made here by LibreOffice from the demo's own exports (setup.sh --test installs
LibreOffice for the suite); a hanging or failing converter is a small Python script in its place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from govreport_gui.core import native
from govreport_gui.core.errors import Cancelled
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import SourceError, office, read_path

from conftest import DEMO


@pytest.fixture(scope="module")
def old_files(tmp_path_factory):
    """The demo exported as .docx/.xlsx and converted by LibreOffice to .doc/.xls (as a clerk's
    old files were made by Word and Excel)."""
    soffice = office.converter()
    assert soffice is not None, "LibreOffice is installed by scripts/setup.sh --test"
    d = tmp_path_factory.mktemp("old")
    demo = native.load(DEMO)
    export_docx.export(demo, d / "年报.docx")
    export_xlsx.export(demo, d / "年报.xlsx")
    for src, to in (("年报.docx", "doc"), ("年报.xlsx", "xls")):
        subprocess.run([*soffice, f"-env:UserInstallation={(d / 'profile').as_uri()}", "--headless",
                        "--convert-to", to, "--outdir", str(d), str(d / src)],
                       check=True, capture_output=True, timeout=120)
    assert (d / "年报.doc").read_bytes()[:8] == office.OLE and (d / "年报.xls").read_bytes()[:8] == office.OLE
    return d


@pytest.mark.parametrize("name, as_name, kind", [
    ("年报.doc", "年报.doc", "doc"), ("年报.doc", "去年报告.wps", "doc"),
    ("年报.xls", "年报.xls", "xls"), ("年报.xls", "去年报告.et", "xls"),
])
def test_an_old_office_file_is_converted_and_read_whole(old_files, tmp_path, name, as_name, kind):
    demo = native.load(DEMO)
    p = tmp_path / as_name
    shutil.copyfile(old_files / name, p)
    res = read_path(p)
    assert res.kind == kind
    assert (res.report.year, res.report.issuer) == (demo.year, demo.issuer)
    assert res.report.values == demo.values
    assert res.report.text["s5"].strip() == demo.text["s5"].strip() or kind == "xls"
    assert res.problems == []
    assert as_name in res.notes[0] and "LibreOffice 转换" in res.notes[0]   # the clerk is told
    assert all("source." not in m for m in res.notes + res.problems)       # never the copy's name


def _no_libreoffice(monkeypatch, wps: bool) -> None:
    monkeypatch.setattr(office, "converter", lambda: None)
    monkeypatch.setattr(office, "wps_installed", lambda: wps)


@pytest.mark.parametrize("wps", [False, True])
def test_without_libreoffice_the_message_says_what_to_do(old_files, tmp_path, monkeypatch, wps):
    _no_libreoffice(monkeypatch, wps)
    shutil.copyfile(old_files / "年报.doc", tmp_path / "年报.doc")
    with pytest.raises(SourceError) as e:
        read_path(tmp_path / "年报.doc")
    msg = str(e.value)
    assert "年报.doc" in msg and "没有安装 LibreOffice" in msg and "另存为” .docx" in msg
    assert ("本机已安装 WPS" in msg and "WPS 文字" in msg) if wps else ("Word 或 WPS" in msg)
    shutil.copyfile(old_files / "年报.xls", tmp_path / "表.et")
    with pytest.raises(SourceError, match=r"表\.et 是旧版 Excel 格式.*另存为” \.xlsx"):
        read_path(tmp_path / "表.et")


def test_a_renamed_new_file_or_a_web_page_under_an_old_name_needs_no_converter(old_files, tmp_path, monkeypatch):
    _no_libreoffice(monkeypatch, False)
    demo = native.load(DEMO)
    shutil.copyfile(old_files / "年报.docx", tmp_path / "其实是docx.doc")
    assert read_path(tmp_path / "其实是docx.doc").report.values == demo.values
    shutil.copyfile(old_files / "年报.xlsx", tmp_path / "其实是xlsx.xls")
    assert read_path(tmp_path / "其实是xlsx.xls").report.values == demo.values
    from test_import_html import page

    markup, blank = page(demo, blank_zero=False)
    (tmp_path / "网页导出.xls").write_text(markup, encoding="utf-8")     # a web system's "Excel" export
    assert read_path(tmp_path / "网页导出.xls").report.values == demo.values
    (tmp_path / "坏.doc").write_bytes(b"\x00\x01 not a document")
    with pytest.raises(SourceError, match=r"坏\.doc 不是 Word 文件"):
        read_path(tmp_path / "坏.doc")


FAKE = textwrap.dedent("""
    import os, subprocess, sys, time
    pidfile = os.environ["FAKE_PIDS"]
    kid = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    with open(pidfile, "w") as f:
        f.write(f"{os.getpid()} {kid.pid}")
    if os.environ.get("FAKE_MODE") == "fail":
        print("Error: source file could not be loaded")
        sys.exit(0)
    time.sleep(3600)
""")


def _fake_converter(monkeypatch, tmp_path, mode: str) -> Path:
    script = tmp_path / "fake_soffice.py"
    script.write_text(FAKE, encoding="utf-8")
    pids = tmp_path / "pids.txt"
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    monkeypatch.setenv("FAKE_MODE", mode)
    monkeypatch.setattr(office, "converter", lambda: [sys.executable, str(script)])
    return pids


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:                                   # a zombie of ours is gone for good once reaped
        return os.waitpid(pid, os.WNOHANG) != (0, 0)
    except ChildProcessError:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"


def _all_gone(*pids: int) -> bool:
    """Killed processes are gone once the kernel has ended them: waited for (at most 10 s), not raced."""
    for _ in range(200):
        if all(_gone(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def _wait_for(path: Path) -> None:
    for _ in range(200):                   # the script starts within a second; not a race: we wait for it
        if path.exists() and path.read_text().strip():
            return
        time.sleep(0.05)


@pytest.mark.skipif(os.name == "nt", reason="the tree is killed with taskkill on Windows; this checks POSIX sessions")
def test_a_converter_that_hangs_is_killed_with_what_it_started(old_files, tmp_path, monkeypatch):
    pids = _fake_converter(monkeypatch, tmp_path, "hang")
    monkeypatch.setattr(office, "CONVERT_SECONDS", 1.5)              # the limit, injected
    shutil.copyfile(old_files / "年报.doc", tmp_path / "年报.doc")
    before = (tmp_path / "年报.doc").read_bytes()
    with pytest.raises(SourceError, match=r"LibreOffice 转换 年报\.doc 超过 1\.5 秒仍未完成，已停止"):
        read_path(tmp_path / "年报.doc")
    converter, grandchild = map(int, pids.read_text().split())
    assert _all_gone(converter, grandchild)
    assert (tmp_path / "年报.doc").read_bytes() == before                 # the file is untouched


def test_a_converter_that_gives_nothing_is_said(old_files, tmp_path, monkeypatch):
    _fake_converter(monkeypatch, tmp_path, "fail")
    shutil.copyfile(old_files / "年报.xls", tmp_path / "年报.xls")
    with pytest.raises(SourceError, match=r"LibreOffice 无法转换 年报\.xls.*could not be loaded"):
        read_path(tmp_path / "年报.xls")


@pytest.mark.skipif(os.name == "nt", reason="POSIX process check, as above")
def test_cancel_stops_the_conversion(old_files, tmp_path, monkeypatch):
    pids = _fake_converter(monkeypatch, tmp_path, "hang")
    shutil.copyfile(old_files / "年报.doc", tmp_path / "年报.doc")
    cancel = threading.Event()
    watcher = threading.Thread(target=lambda: (_wait_for(pids), cancel.set()))
    watcher.start()
    with pytest.raises(Cancelled):
        read_path(tmp_path / "年报.doc", cancel=cancel)
    watcher.join()
    converter, grandchild = map(int, pids.read_text().split())
    assert _all_gone(converter, grandchild)


@pytest.mark.skipif(os.name == "nt", reason="POSIX process check, as above")
def test_cancel_in_the_window_stops_libreoffice_and_changes_nothing(qtbot, window, old_files, tmp_path, monkeypatch):
    """The clerk opens an old .doc, the conversion takes long, 取消 is pressed in the busy dialog:
    the converter and what it started are killed, the open report is as it was."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton

    from govreport_gui.ui import background
    from test_background import busy_dialogs

    pids = _fake_converter(monkeypatch, tmp_path, "hang")
    monkeypatch.setattr(background, "SHOW_AFTER_MS", 0)
    shutil.copyfile(old_files / "年报.doc", tmp_path / "年报.doc")

    def press_cancel():
        if pids.exists() and pids.read_text().strip():
            for d in busy_dialogs():
                d.findChild(QPushButton).click()
    clicker = QTimer()
    clicker.timeout.connect(press_cancel)
    clicker.start(20)
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "年报.doc"), ""))
    doc, before = window.doc, dict(window.doc.report.values)
    assert window.act_import.isEnabled()
    window.act_import.trigger()                   # 文件 → 导入报告… as a click on the menu item does
    clicker.stop()
    assert window.doc is doc and window.doc.report.values == before
    converter, grandchild = map(int, pids.read_text().split())
    for _ in range(200):                          # the abandoned read notices 取消 within 0.1 s
        if _gone(converter) and _gone(grandchild):
            break
        qtbot.wait(50)
    assert _gone(converter) and _gone(grandchild), "LibreOffice is still running after 取消"
