"""No network, no code from files.

The app runs a full session in a child process — start, open the demo, edit,
import a Word file and a PDF, export Word and Excel, save — with a Python audit
hook (installed through sitecustomize, so the PDF reader's own child process
has it too) that records every network socket, connect, bind and name lookup.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SITE = '''
import os, sys
_log = os.environ["NET_AUDIT_LOG"]
def _hook(event, args):
    bad = None
    if event == "socket.__new__" and len(args) > 1 and args[1] not in (1,):      # AF_UNIX (1) is local
        bad = f"{event} family={args[1]}"
    elif event in ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                   "socket.sendto", "urllib.Request", "http.client.connect"):
        bad = f"{event} {args[1:] if len(args) > 1 else args}"
    if bad:
        with open(_log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {bad}\\n")
sys.addaudithook(_hook)
'''

SESSION = textwrap.dedent('''
    import sys
    from pathlib import Path
    out = Path(sys.argv[1])
    from govreport_gui.app import build_app, open_initial
    app = build_app(["t"])
    from govreport_gui.ui.main_window import MainWindow
    from govreport_gui.core import importers, native
    from govreport_gui.core.export import docx, xlsx
    w = MainWindow(); w.show(); open_initial(w, None)       # the start page
    w.show_demo()                                            # 看看示例
    w.doc.set_cells({"s4.review.upheld": 7}, "edit")
    docx.export(w.doc.report, out / "a.docx", force=True)
    xlsx.export(w.doc.report, out / "a.xlsx", force=True)
    importers.read_path(out / "a.docx")
    importers.read_path(out / "a.xlsx")
    from govreport_gui.core.errors import GovReportError
    try:
        importers.read_path(Path(sys.argv[2]))           # a PDF: read in a child process
    except GovReportError as e:                          # a one-line PDF is no report: refused, in Chinese
        assert "未导入" in str(e)
    w._save_to(out / "a.govreport")
    w.close()
    print("SESSION OK")
''')


def test_a_full_session_opens_no_network_socket(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    log = tmp_path / "net.log"
    pdf = tmp_path / "tiny.pdf"
    pdf.write_bytes(_tiny_pdf("2024年 政府信息公开工作年度报告"))
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{ROOT}", NET_AUDIT_LOG=str(log),
               QT_QPA_PLATFORM="offscreen", GOVREPORT_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", SESSION, str(tmp_path), str(pdf)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert "SESSION OK" in done.stdout, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]            # a clean start and exit
    assert (tmp_path / "a.govreport").exists()
    assert not log.exists() or log.read_text(encoding="utf-8") == "", log.read_text(encoding="utf-8")
    # the hook works: a socket in the same set-up is recorded
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.socket(socket.AF_INET)"], env=env,
                           capture_output=True, text=True, timeout=30)
    assert probe.returncode == 0 and "socket.__new__" in log.read_text(encoding="utf-8")


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with a line of (Latin-1 safe) text, written by hand."""
    content = b"BT /F1 12 Tf 72 720 Td (2024 annual report) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def test_no_file_can_make_the_app_run_code():
    """No eval/exec/pickle anywhere in the package: reading a file never runs code from it."""
    found = []
    for f in (ROOT / "govreport_gui").rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{f.name}:{node.lineno} {node.func.id}()")
            if isinstance(node, ast.Import):
                found += [f"{f.name}:{node.lineno} import {a.name}" for a in node.names
                          if a.name.split(".")[0] in FORBIDDEN_MODULES]
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{f.name}:{node.lineno} from {node.module}")
    assert found == []
