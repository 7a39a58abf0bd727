"""The core stays free of Qt (and of the heavy document libraries)."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "govreport_gui"
UI_PARTS = {"ui"}
UI_FILES = {"app.py", "__main__.py"}
HEAVY = ("PySide6", "shiboken6", "docx", "docxtpl", "openpyxl", "pdfplumber")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mods: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods.add(node.module.split(".")[0])
    return mods


def test_no_module_outside_the_ui_layer_imports_qt():
    offenders = []
    for f in PKG.rglob("*.py"):
        rel = f.relative_to(PKG)
        if UI_PARTS & set(rel.parts[:-1]) or rel.name in UI_FILES:
            continue
        if {"PySide6", "shiboken6"} & imported_modules(f):
            offenders.append(str(rel))
    assert offenders == []
    assert (PKG / "core").is_dir()


def test_the_command_line_check_loads_no_heavy_library():
    code = ("import sys; from govreport_gui import cli; "
            "cli.main(['check', 'resources/demo/demo.govreport']); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=PKG.parent, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]"
