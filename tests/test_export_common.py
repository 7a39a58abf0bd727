"""Export to Word (.docx) and Excel (.xlsx), both: the samples, a report with errors refused
(or written when forced), and the command line (``govreport export``).

The formats one by one: tests/test_export_docx.py and tests/test_export_xlsx.py.
"""

from __future__ import annotations

import docx as pydocx
import openpyxl
import pytest

from conftest import CJK, run_cli
from export_helpers import (SOURCES, assert_table, broken_report, computed, doc_table_for, doc_texts, load,
                            make_template, xlsx_map)
from govreport_gui.core import native, rules
from govreport_gui.core.export import ExportError, ExportRefused
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx


# --------------------------------------------------------------------------
# the samples


def test_samples_export_without_force():
    """The three samples have no errors (so nothing below needs force=True)."""
    for name in SOURCES:
        errors = [f for f in rules.check(load(name)) if f.severity == "error"]
        assert errors == [], name
    assert len(load("demo").values) == 200 and load("demo").edition == "2021"
    assert len(load("dongan").values) == 198 and load("dongan").edition == "2019"
    assert len(load("hainan").values) == 60 and load("hainan").edition == "2019"


# --------------------------------------------------------------------------
# refusal and force


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_report_with_errors_is_refused(tmp_path, kind):
    mod = export_docx if kind == "docx" else export_xlsx
    path = tmp_path / f"out.{kind}"
    with pytest.raises(ExportRefused) as e:
        mod.export(broken_report(), path)
    msg = str(e.value)
    assert "R1" in msg and CJK.search(msg) and "未导出" in msg
    assert {f.rule for f in e.value.errors} >= {"R1"}
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []            # no temporary file left either


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_refused_export_leaves_existing_file_untouched(tmp_path, kind):
    mod = export_docx if kind == "docx" else export_xlsx
    path = tmp_path / f"out.{kind}"
    path.write_bytes(b"last year's file")
    with pytest.raises(ExportRefused):
        mod.export(broken_report(), path)
    assert path.read_bytes() == b"last year's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{kind}"]


def test_unknown_blank_mode_is_an_export_error(tmp_path):
    for mod in (export_docx, export_xlsx):
        with pytest.raises(ExportError) as e:
            mod.export(load("demo"), tmp_path / "x.out", blank="null")
        assert CJK.search(str(e.value))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# command line


def assert_chinese_error(err: str) -> None:
    lines_ = err.strip().splitlines()
    assert 1 <= len(lines_) <= 2, err
    assert CJK.search(err), err
    assert "Traceback" not in err and "内部错误" not in err, err


@pytest.mark.parametrize("kind", ["unknown", "syntax", "sandbox", "not-docx", "missing"])
def test_cli_bad_template_exits_2(capsys, tmp_path, kind):
    t = tmp_path / "mine.docx"
    if kind == "unknown":
        make_template(t, ["{{ titel }}"])
    elif kind == "syntax":
        make_template(t, ["{{ title }"])
    elif kind == "sandbox":
        make_template(t, ["{{ title.__class__.__mro__ }}"])
    elif kind == "not-docx":
        t.write_text("hello", encoding="utf-8")
    out = tmp_path / "out.docx"
    code, _, err = run_cli(capsys, "export", SOURCES["demo"], "-o", out, "--template", t)
    assert code == 2
    assert_chinese_error(err)
    assert not out.exists()


def test_cli_template_runtime_error_exits_2(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ year / 0 }}"])
    code, _, err = run_cli(capsys, "export", SOURCES["demo"], "-o", tmp_path / "out.docx", "--template", t)
    assert code == 2
    assert_chinese_error(err)


def test_cli_good_template(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ title }}", "{{ v['s3.new.total'] }}"])
    out = tmp_path / "out.docx"
    code, _, err = run_cli(capsys, "export", SOURCES["demo"], "-o", out, "--template", t)
    assert code == 0, err
    assert doc_texts(pydocx.Document(out)) == [load("demo").title, "357"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_cli_refused_exits_1_and_force_writes(capsys, tmp_path, suffix):
    src = tmp_path / "broken.govreport"
    native.save(broken_report(), src)
    out = tmp_path / f"out{suffix}"
    code, _, err = run_cli(capsys, "export", src, "-o", out)
    assert code == 1
    assert_chinese_error(err)
    assert "R1" in err
    assert not out.exists()
    code, _, err = run_cli(capsys, "export", src, "-o", out, "--force")
    assert code == 0, err
    assert out.stat().st_size > 0


@pytest.mark.parametrize("name", ["out.odt", "out.doc", "out", "out.docx.txt"])
def test_cli_unknown_extension_exits_2(capsys, tmp_path, name):
    code, _, err = run_cli(capsys, "export", SOURCES["demo"], "-o", tmp_path / name)
    assert code == 2
    assert_chinese_error(err)
    assert list(tmp_path.iterdir()) == []


def test_cli_template_only_for_docx(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ title }}"])
    code, _, err = run_cli(capsys, "export", SOURCES["demo"], "-o", tmp_path / "out.xlsx", "--template", t)
    assert code == 2
    assert_chinese_error(err)
    assert not (tmp_path / "out.xlsx").exists()


def test_cli_blank_zero(capsys, tmp_path):
    report = load("hainan")
    out = tmp_path / "zero.docx"
    code, _, err = run_cli(capsys, "export", SOURCES["hainan"], "-o", out, "--blank", "zero")
    assert code == 0, err
    doc = pydocx.Document(out)
    for sid, table in report.ed.tables.items():
        assert_table(doc_table_for(doc, report, sid), table, report, "zero")
    out = tmp_path / "zero.xlsx"
    code, _, err = run_cli(capsys, "export", SOURCES["hainan"], "-o", out, "--blank", "zero")
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid not in report.values and cid not in computed(report):
            assert wb[sheet][addr].value == 0, cid
    code, _, err = run_cli(capsys, "export", SOURCES["hainan"], "-o", tmp_path / "x.docx", "--blank", "null")
    assert code == 2
    assert_chinese_error(err)


def test_cli_narrative_with_control_character(capsys, tmp_path):
    """A vertical tab (a Word line break pasted as text) must not crash the export."""
    report = load("demo")
    report.text["s1"] = "第一段\x0b同段换行\n第二段"
    src = tmp_path / "vt.govreport"
    native.save(report, src)
    for suffix in (".docx", ".xlsx"):
        out = tmp_path / f"vt{suffix}"
        code, _, err = run_cli(capsys, "export", src, "-o", out)
        assert code in (0, 2), err
        assert "内部错误" not in err, err
