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
                         encoding="utf-8", cwd=PKG.parent, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]"


BOOL_SIGNALS = {"clicked", "triggered", "toggled"}


def test_no_button_or_action_passes_its_checked_flag_into_a_slot_parameter():
    """``clicked(bool)`` / ``triggered(bool)`` connected straight to a method whose first parameter
    has a default hand ``False`` to that parameter: 接受警告并说明… once did nothing when clicked
    because ``accept_current(note=None)`` received ``note=False``. Such slots get a lambda."""
    offenders = []
    for f in sorted((PKG / "ui").glob("*.py")) + [PKG / "app.py"]:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            methods = {m.name: m for m in cls.body if isinstance(m, ast.FunctionDef)}
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                fn = call.func
                if not (isinstance(fn, ast.Attribute) and fn.attr == "connect" and isinstance(fn.value, ast.Attribute)
                        and fn.value.attr in BOOL_SIGNALS and call.args):
                    continue
                target = call.args[0]
                if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id == "self" and target.attr in methods):
                    continue
                params = methods[target.attr].args.args[1:]
                if params and params[0].arg not in ("checked", "_checked"):
                    offenders.append(f"{f.name}:{call.lineno} {fn.value.attr} -> {target.attr}({params[0].arg})")
    assert offenders == [], offenders


def test_no_code_calls_qaction_menu():
    """In PySide6 6.9 (the version held for glibc 2.28) the wrapper ``QAction.menu()`` returns owns
    the menu and deletes it when garbage-collected: 最近打开 vanished that way in a test. Menus are
    kept as attributes when they are made, and found through ``QMenu.menuAction()``."""
    calls = []
    for f in sorted(PKG.rglob("*.py")) + sorted(PKG.parent.joinpath("tests").glob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "menu"
                    and not node.args and not node.keywords):
                calls.append(f"{f.name}:{node.lineno}")
    assert calls == []


def _relative_imports(path: Path) -> set[str]:
    """Modules a file imports relatively, as dotted names under the package ("core.rules")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PKG).parts[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[: len(here) - (node.level - 1)])
            mod = ".".join(base + (node.module.split(".") if node.module else []))
            out.add(mod)
            out.update(f"{mod}.{a.name}" if mod else a.name for a in node.names)
    return out


def test_the_views_reach_the_rules_only_through_the_document():
    """The window's one door is ReportDocument (ui/document.py, over core/document.py): no module
    under ui/ imports the rules engine."""
    offenders = sorted(str(f.relative_to(PKG)) for f in (PKG / "ui").glob("*.py")
                       if "core.rules" in _relative_imports(f))
    assert offenders == []


def test_python_knows_no_rule_id_edition_id_or_table_label():
    """Rule ids, edition ids and the tables' printed labels live in resources/editions only."""
    import json
    import re

    labels: set[str] = set()
    for f in (PKG.parent / "resources" / "editions").glob("*.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        for s in data["sections"]:
            for row in s.get("table", {}).get("rows", []):
                labels.update(e["text"] for e in row.get("label", []) if len(e["text"]) >= 4)
    ids = re.compile(r"""["'](?:R[1-9](?:-[0-9])?|H[1-9]n?|B1|20(?:19|21))["']""")
    found = []
    for f in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if ids.fullmatch(repr(node.value)) or node.value in labels:
                    found.append(f"{f.relative_to(PKG)}:{node.lineno}: {node.value!r}")
    assert found == []


def _runtime_imports(path: Path) -> set[str]:
    """Core modules a core module imports when it runs (at its top or in a function; not the
    names it imports only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    here = path.relative_to(PKG).parts[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in typing_only:
            base = list(here[: len(here) - (node.level - 1)])
            mod = ".".join(base + (node.module.split(".") if node.module else []))
            for a in node.names:
                full = f"{mod}.{a.name}"
                out.add(full if (PKG / Path(*full.split("."))).with_suffix(".py").exists() else mod)
    return out


def test_the_rules_do_not_depend_on_the_editions():
    """edition → rules, one way (the rules know editions only as types): no import cycle."""
    graph = {".".join(f.relative_to(PKG).with_suffix("").parts): _runtime_imports(f)
             for f in (PKG / "core").rglob("*.py")}
    seen, todo = set(), ["core.rules"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()))
    assert "core.edition" not in seen and "core.report" not in seen, sorted(seen)
