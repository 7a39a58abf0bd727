"""The ``govreport`` command line: check, show, new.

Exit status: 0 fine, 1 errors found, 2 a source could not be read or the
command could not be carried out. Messages for people go to stderr in Chinese,
one or two lines, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CJK, DEMO, run_cli
from govreport_gui.core import native
from govreport_gui.core.report import Report

REPO = Path(__file__).resolve().parents[1]
COLUMNS = ("natural", "business", "research", "social", "legal", "other", "total")


def assert_chinese_error(err: str) -> None:
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 2, err
    assert CJK.search(err), err
    assert "Traceback" not in err


def demo_json() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def write_json(path: Path, obj: dict) -> Path:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path) -> Path:
    """The demo with one count one too high: R1 and R3 fail."""
    obj = demo_json()
    obj["values"]["s3.new.natural"] += 1
    return write_json(tmp_path / "broken.govreport", obj)


# --------------------------------------------------------------------------
# check


def test_check_demo_passes(capsys):
    code, out, err = run_cli(capsys, "check", DEMO)
    assert code == 0
    assert "通过" in out
    assert err == ""


def test_check_names_broken_rules_and_cells(capsys, broken):
    code, out, _ = run_cli(capsys, "check", broken)
    assert code == 1
    assert "R1" in out and "R3" in out
    assert "s3.new.natural" in out
    assert "通过" not in out


def test_check_json_lists_findings(capsys, broken):
    code, out, _ = run_cli(capsys, "check", broken, "--json")
    assert code == 1
    findings = json.loads(out)
    assert isinstance(findings, list) and findings
    for f in findings:
        assert {"rule", "severity", "cells", "message", "expected", "actual"} <= f.keys()
        assert f["severity"] in ("error", "warning")
        assert CJK.search(f["message"])
    by_rule = {f["rule"]: f for f in findings}
    assert {"R1", "R3"} <= by_rule.keys()
    assert "s3.new.natural" in by_rule["R1"]["cells"]
    assert {by_rule["R1"]["expected"], by_rule["R1"]["actual"]} == {326, 327}
    assert "source" not in by_rule["R1"]            # one source: not named


def test_check_several_sources_one_line_each_and_summary(capsys, broken):
    code, out, err = run_cli(capsys, "check", DEMO, broken)
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert str(DEMO) in lines[0] and "通过" in lines[0]
    assert str(broken) in lines[1] and "错误" in lines[1]
    assert "2" in lines[2] and CJK.search(lines[2])     # summary: 共 2 份 …
    assert err == ""


def test_check_several_sources_with_unreadable_one(capsys, broken, tmp_path):
    missing = tmp_path / "missing.govreport"
    code, out, err = run_cli(capsys, "check", DEMO, missing, broken)
    assert code == 2
    assert str(DEMO) in out and str(broken) in out     # the others are still reported
    assert str(missing) in err
    assert_chinese_error(err)
    summary = out.strip().splitlines()[-1]
    assert "3" in summary and "无法读取" in summary


def test_check_json_several_sources_names_each_source(capsys, broken):
    code, out, _ = run_cli(capsys, "check", "--json", broken, DEMO, broken)
    assert code == 1
    findings = json.loads(out)
    assert findings
    assert all(f["source"] == str(broken) for f in findings)   # the demo has no findings


# --------------------------------------------------------------------------
# show


def test_show_json_prints_the_report(capsys):
    code, out, err = run_cli(capsys, "show", "--json", DEMO)
    assert code == 0 and err == ""
    assert native.loads(out) == native.load(DEMO)


# --------------------------------------------------------------------------
# the review of an import, on stderr (core/importers/review.py)


def _reading(monkeypatch, result) -> None:
    from govreport_gui.core import importers

    monkeypatch.setattr(importers, "read_path", lambda path, **kw: result)


def test_the_review_lines_are_printed_bounded_saying_how_many_more(capsys, monkeypatch):
    from govreport_gui import cli
    from govreport_gui.core.importers import ImportResult
    from govreport_gui.core.importers.review import review_lines

    report = native.load(DEMO)
    report.values["s4.review.total"] = 10                        # the text says 9: R4 and H2
    del report.values["s2.fees.amount"]                          # one blank cell
    result = ImportResult(report, "docx", problems=[f"第{i}行未读取" for i in range(45)],
                          notes=[f"第{i}行按旧格式读取" for i in range(30)])
    lines = [str(line) for line in review_lines(result)]
    _reading(monkeypatch, result)
    for argv in (["show", "别处.docx"], ["check", "别处.docx"]):
        code, out, err = run_cli(capsys, *argv)
        got = err.splitlines()
        n = cli.REVIEW_SHOWN
        assert got[0] == "别处.docx：读取时有 45 处未能放置："
        assert got[1:n + 1] == [f"  · {t}" for t in lines[:n]]
        assert got[n + 1] == f"  ……另有 {45 - n} 条未列出（共 45 条）"
        rest = lines[45:]
        assert len(rest) == 30 + 2 + 1                           # notes, R4 and H2, the blank cells
        assert got[n + 2] == f"别处.docx：读取时请注意（{len(rest)} 条）："
        assert got[n + 3:2 * n + 3] == [f"  · {t}" for t in rest[:n]]
        assert got[2 * n + 3] == f"  ……另有 {len(rest) - n} 条未列出（共 {len(rest)} 条）"
        assert len(got) == 2 * n + 4, err
    assert any(t.startswith("原文错误 R4：") for t in rest) and any(t.startswith("原文提示 H2：") for t in rest)
    assert rest[-1] == "有 1 个单元格没有读到数，导入后保持空白"
    assert "警告 H2：" in out and "错误 R4：" in out                # check's findings on stdout, as before


def test_our_own_file_has_no_review_of_its_findings(capsys, tmp_path):
    obj = demo_json()
    obj["values"]["s4.review.total"] = 10
    src = write_json(tmp_path / "年报.govreport", obj)
    for argv in (["show", src], ["check", src]):
        code, out, err = run_cli(capsys, *argv)
        assert err == "", err                                     # opened as it is: nothing was moved
    assert "错误 R4：" in out and "警告 H2：" in out


# --------------------------------------------------------------------------
# new


def test_new_from_last_year_carries_over(capsys, tmp_path):
    out = tmp_path / "n.govreport"
    code, _, err = run_cli(capsys, "new", "--from", DEMO, "--year", "2025", "-o", out)
    assert code == 0, err
    last = native.load(DEMO)
    new = native.load(out)
    assert (new.edition, new.year, new.issuer) == ("2021", 2025, last.issuer)
    for key in ("address", "postcode", "phone", "email", "website"):
        assert new.meta[key] == last.meta[key]
    for c in COLUMNS:
        assert new.values[f"s3.carried_in.{c}"] == last.values[f"s3.carried_out.{c}"]
    assert new.previous.year == 2024
    assert new.previous.values == last.values
    assert new.previous.text["s1"] == last.text["s1"]
    assert new.text.get("s1", "") == "" and new.text.get("s5", "") == ""   # not pasted


@pytest.mark.parametrize("year, edition", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_new_takes_the_edition_of_its_year(capsys, tmp_path, year, edition):
    out = tmp_path / "o.govreport"
    code, _, err = run_cli(capsys, "new", "--year", year, "--issuer", "某县人民政府", "-o", out)
    assert code == 0, err
    report = native.load(out)
    assert (report.edition, report.year, report.issuer) == (edition, year, "某县人民政府")


def test_new_without_issuer_is_refused(capsys, tmp_path):
    out = tmp_path / "o.govreport"
    code, _, err = run_cli(capsys, "new", "--year", "2024", "-o", out)
    assert code == 2
    assert_chinese_error(err)
    assert not out.exists()


def _save(tmp_path: Path, name: str, report: Report) -> Path:
    path = tmp_path / name
    native.save(report, path)
    return path


def test_new_2021_report_from_2019_report(capsys, tmp_path):
    last = Report(edition="2019", year=2020, issuer="某县人民政府")
    carried = {"natural": 5, "business": 4, "research": 3, "social": 2, "legal": 1, "other": 6}
    for c, v in carried.items():
        last.set(f"s3.carried_out.{c}", v)
    last.set("s3.carried_out.total", sum(carried.values()))
    src = _save(tmp_path, "2020.govreport", last)
    out = tmp_path / "2021.govreport"

    code, _, err = run_cli(capsys, "new", "--from", src, "--year", "2021", "-o", out)
    assert code == 0, err
    new = native.load(out)
    assert new.edition == "2021"
    assert {c: new.values.get(f"s3.carried_in.{c}") for c in COLUMNS} == {**carried, "total": 21}


def test_new_2019_report_from_2019_report_moves_item_counts(capsys, tmp_path):
    last = Report(edition="2019", year=2019, issuer="某县人民政府")
    items = {"licensing": (120, -8), "other_services": (30, 5), "penalty": (60, 0),
             "coercion": (9, -9), "fees": (4, 2)}
    for row, (prev, change) in items.items():
        last.set(f"s2.{row}.prev_items", prev)
        last.set(f"s2.{row}.change", change)
    src = _save(tmp_path, "2019.govreport", last)
    out = tmp_path / "2020.govreport"

    code, _, err = run_cli(capsys, "new", "--from", src, "--year", "2020", "-o", out)
    assert code == 0, err
    new = native.load(out)
    assert new.edition == "2019"
    assert {row: new.values.get(f"s2.{row}.prev_items") for row in items} == \
        {row: prev + change for row, (prev, change) in items.items()}
    assert all(f"s2.{row}.change" not in new.values for row in items)   # this year's change is for the person


# --------------------------------------------------------------------------
# bad input files


def _demo_with(**values) -> bytes:
    obj = demo_json()
    obj.update(values)
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _negative_count() -> bytes:
    obj = demo_json()
    obj["values"]["s3.new.natural"] = -1
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


BAD_FILES = {
    "malformed JSON": DEMO.read_bytes().rstrip()[:-1],
    "negative count": _negative_count(),
    "newer version": _demo_with(govreport=2),
    "not UTF-8": DEMO.read_text(encoding="utf-8").encode("gbk"),
    "empty": b"",
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request, tmp_path) -> Path:
    path = tmp_path / "bad.govreport"
    path.write_bytes(BAD_FILES[request.param])
    return path


@pytest.mark.parametrize("command", [["check"], ["check", "--json"], ["show", "--json"]])
def test_bad_file_exits_2_with_chinese_message(capsys, bad_file, command):
    code, out, err = run_cli(capsys, *command, bad_file)
    assert code == 2
    assert_chinese_error(err)
    assert "通过" not in out


def test_new_from_bad_file_leaves_existing_output_alone(capsys, bad_file, tmp_path):
    out = tmp_path / "out.govreport"
    out.write_bytes(DEMO.read_bytes())
    code, _, err = run_cli(capsys, "new", "--from", bad_file, "--year", "2025", "-o", out)
    assert code == 2
    assert_chinese_error(err)
    assert out.read_bytes() == DEMO.read_bytes()


def test_new_into_missing_folder_is_refused(capsys, tmp_path):
    out = tmp_path / "没有的文件夹" / "n.govreport"
    code, _, err = run_cli(capsys, "new", "--year", "2024", "--issuer", "某县人民政府", "-o", out)
    assert code == 2
    assert_chinese_error(err)


# --------------------------------------------------------------------------
# bad command lines

BAD_ARGS = {
    "no command": [],
    "unknown command": ["frobnicate"],
    "check without source": ["check"],
    "unknown option": ["show", "--bogus", DEMO],
    "year not a number": ["new", "--year", "二〇二五", "--issuer", "X", "-o", "{out}"],
    "year missing": ["new", "--issuer", "X", "-o", "{out}"],
    "output missing": ["new", "--year", "2024", "--issuer", "X"],
    "unknown edition": ["new", "--year", "2024", "--issuer", "X", "--edition", "2030", "-o", "{out}"],
    "year not after last year's": ["new", "--from", DEMO, "--year", "2024", "-o", "{out}"],
}


@pytest.mark.parametrize("case", sorted(BAD_ARGS))
def test_bad_arguments_exit_2_in_chinese(capsys, tmp_path, case):
    out = tmp_path / "out.govreport"
    argv = [str(a).replace("{out}", str(out)) for a in BAD_ARGS[case]]
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert CJK.search(err) and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("year", ["1800", "9999"])
def test_new_refuses_a_year_it_could_not_read_back(capsys, tmp_path, year):
    """A .govreport file only holds years 1990–2200: `new` must not write one that `check` refuses."""
    out = tmp_path / "out.govreport"
    code, _, err = run_cli(capsys, "new", "--year", year, "--issuer", "某县人民政府", "-o", out)
    assert code == 2
    assert_chinese_error(err)
    assert not out.exists()


# --------------------------------------------------------------------------
# as a real process


def _govreport(*argv) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govreport_gui.cli", *map(str, argv)],
                          cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_process_check_demo_and_broken(broken):
    ok = _govreport("check", DEMO)
    assert ok.returncode == 0 and "通过" in ok.stdout
    bad = _govreport("check", "--json", broken)
    assert bad.returncode == 1
    assert {f["rule"] for f in json.loads(bad.stdout)} >= {"R1", "R3"}


def test_process_bad_input_and_bad_arguments(tmp_path):
    path = tmp_path / "bad.govreport"
    path.write_bytes(BAD_FILES["not UTF-8"])
    unreadable = _govreport("show", "--json", path)
    assert unreadable.returncode == 2 and unreadable.stdout == ""
    assert_chinese_error(unreadable.stderr)
    wrong = _govreport("new", "--year", "abc")
    assert wrong.returncode == 2
    assert CJK.search(wrong.stderr) and "Traceback" not in wrong.stderr
