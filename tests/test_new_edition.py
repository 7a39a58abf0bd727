"""A new official edition is one data file: no code change.

A synthetic edition "2026" — the 2021 file with a new id, in force from 2026, one renamed row
and one new applicant column — is written as one file into a copy of resources/ (in a temporary
folder named by GOVREPORT_HOME). ``new``, ``check``, export to .docx and .xlsx and import of those
exports work on it through the command line, and the window shows its grid.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT

NEW_COLUMN = ("individual", "个体工商户")
RENAMED = ("granted", "（一）予以全部公开")


def write_edition(home: Path) -> dict:
    """resources/ and templates/ copied into ``home``, plus resources/editions/2026.json."""
    shutil.copytree(ROOT / "resources", home / "resources", ignore=shutil.ignore_patterns("*.qm"))
    shutil.copytree(ROOT / "templates", home / "templates")
    data = json.loads((ROOT / "resources" / "editions" / "2021.json").read_text(encoding="utf-8"))
    data["id"] = "2026"
    data["name"] = "2026年版（测试用的新格式）"
    data["document"] = "测试〔2026〕1号"
    data["years"] = {"from": 2026}
    section = next(s for s in data["sections"] if s["id"] == "s3")
    s3 = section["table"]
    col, name = NEW_COLUMN
    s3["width"] += 1
    section["print"]["widths"].insert(-2, section["print"]["widths"][-2])      # as wide as 其他
    s3["columns"] = {**{k: v for k, v in s3["columns"].items() if k not in ("other", "total")},
                     col: name, "other": s3["columns"]["other"], "total": s3["columns"]["total"]}
    s3["default_values"].insert(s3["default_values"].index("other"), col)
    head = s3["rows"]
    head[0]["label"][1]["cs"] += 1                                # 申请人情况
    head[1]["label"][1]["cs"] += 1                                # 法人或其他组织
    labels = head[2]["label"]
    labels.insert(next(i for i, e in enumerate(labels) if e["text"] == "其他"), {"text": name})
    rid, label = RENAMED
    row = next(r for r in s3["rows"] if r.get("id") == rid)
    row["name"] = label
    row["label"][-1]["text"] = label
    for rule in data["rules"]:
        if rule["id"] == "R3":
            rule["terms"].insert(rule["terms"].index("other"), col)
    (home / "resources" / "editions" / "2026.json").write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                                             encoding="utf-8")
    return data


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The program's data folder with the synthetic edition, for this process and its children."""
    from govreport_gui.core import edition, resources

    h = tmp_path / "home"
    write_edition(h)
    monkeypatch.setenv("GOVREPORT_HOME", str(h))

    def forget():
        resources.root.cache_clear()
        edition.forget()
    forget()
    yield h
    monkeypatch.undo()
    forget()


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GOVREPORT_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "govreport_gui.cli", *args], cwd=home, env=env,
                          capture_output=True, timeout=180)


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")


def filled(path: Path) -> dict[str, Decimal]:
    """Every number cell of a new 2026 report filled, balanced, the new column included."""
    from govreport_gui.core import native
    from govreport_gui.core.rules import compute_totals

    r = native.load(path)
    for i, (cid, cd) in enumerate(r.ed.cells.items()):
        if cd.section == "s3" and cd.row in ("new", "carried_in", "carried_out") or cd.col == "total":
            continue
        if cd.section == "s3":
            r.values[cid] = Decimal(1)
        else:
            r.values[cid] = Decimal(i % 7) if cd.type != "amount" else Decimal("1.5")
    for cid, cd in r.ed.cells.items():
        if cd.section == "s3" and cd.row == "new" and cd.col != "total":
            r.values[cid] = Decimal(len([c for c in r.ed.cells.values()
                                         if c.section == "s3" and c.col == cd.col and c.row not in (
                                             "new", "carried_in", "carried_out", "total")]))
        elif cd.section == "s3" and cd.row in ("carried_in", "carried_out") and cd.col != "total":
            r.values[cid] = Decimal(0)
    compute_totals(r)
    native.save(r, path)
    return {k: v for k, v in r.values.items() if v is not None}


def test_a_new_edition_is_one_data_file(home):
    from govreport_gui.core import edition

    assert edition.available() == ("2019", "2021", "2026")
    assert edition.for_year(2026).id == "2026" and edition.for_year(2025).id == "2021"
    ed = edition.get("2026")
    assert f"s3.new.{NEW_COLUMN[0]}" in ed.cells and ed.tables["s3"].width == 11
    assert ed.cells[f"s3.{RENAMED[0]}.total"].row_name == RENAMED[1]


def test_new_check_export_and_import_of_a_new_edition_from_the_command_line(home):
    report = home / "二〇二六.govreport"
    made = cli(home, "new", "--year", "2026", "--issuer", "某某县人民政府", "-o", str(report))
    assert made.returncode == 0, out(made)
    assert json.loads(report.read_text(encoding="utf-8"))["edition"] == "2026"
    values = filled(report)
    assert values[f"s3.new.{NEW_COLUMN[0]}"] > 0

    checked = cli(home, "check", str(report))
    assert checked.returncode == 0, out(checked)
    assert "2026年版" in out(checked) and "0 个错误" in out(checked)

    for kind in ("docx", "xlsx"):
        exported = home / f"二〇二六.{kind}"
        done = cli(home, "export", str(report), "-o", str(exported), "--force")
        assert done.returncode == 0, out(done)
        back = home / f"从{kind}读回.govreport"
        read = cli(home, "import", str(exported), "-o", str(back))
        assert read.returncode == 0, out(read)
        got = json.loads(back.read_text(encoding="utf-8"))
        assert got["edition"] == "2026", kind
        assert {k: Decimal(str(v)) for k, v in got["values"].items() if v is not None} == values, kind

    import docx
    text = "\n".join(c.text for t in docx.Document(home / "二〇二六.docx").tables for row in t.rows for c in row.cells)
    assert NEW_COLUMN[1] in text and RENAMED[1] in text


def test_the_window_shows_the_grid_of_a_new_edition(home, qtbot, data_dir):
    from govreport_gui.app import build_app
    from govreport_gui.core.report import new_report
    from govreport_gui.ui.main_window import MainWindow

    from conftest import forget_work
    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=forget_work)
    w.resize(1366, 768)
    w.show()
    w.load_report(new_report(2026, "某某县人民政府"), None)
    assert w.doc.report.edition == "2026"
    view = w.views["s3"]
    model = view.model()
    texts = {str(model.index(r, c).data() or "") for r in range(model.rowCount()) for c in range(model.columnCount())}
    assert model.columnCount() == 11
    assert NEW_COLUMN[1] in texts and any(RENAMED[1] in t for t in texts)
