"""``govreport ledger`` and ``govreport ledger-template`` (issue 16, items 5 and 7).

Registers are built here from rows written in the test (on the blank register the program
writes, as a clerk fills it, or as a sheet of the office's own); the figures expected are
counted by hand from those rows.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import CJK, DEMO, run_cli
from govreport_gui.core import edition, native
from govreport_gui.core.export import ledger_template

D = dt.date

# (序号, 申请人, 申请人类型, 收到申请日期, 申请内容, 答复日期, 答复类型)
APPLICATIONS = [
    (1, "张三", "自然人", D(2024, 3, 5), "a", D(2024, 3, 20), "（一）予以公开"),
    (2, "某公司", "商业企业", D(2023, 12, 25), "b", D(2024, 1, 10), "（三）不予公开 1.属于国家秘密"),
    (3, "李四", "自然人", D(2024, 12, 25), "c", None, None),
    (4, "某所", "法律服务机构", D(2024, 5, 6), "d", D(2024, 5, 30), "（二）部分公开"),
    (5, "王五", "自然人", D(2023, 11, 1), "e", D(2023, 11, 20), "（一）予以公开"),        # last year's: not counted
]
EXPECTED = {"s3.new.natural": 2, "s3.new.legal": 1, "s3.new.total": 3, "s3.carried_in.business": 1,
            "s3.carried_in.total": 1, "s3.granted.natural": 1, "s3.partial.legal": 1,
            "s3.denied.secret.business": 1, "s3.total.total": 3, "s3.carried_out.natural": 1,
            "s3.carried_out.total": 1, "s3.new.business": 0, "s3.granted.total": 1}
CASES = [(1, "甲", "行政复议", D(2024, 2, 1), D(2024, 5, 1), "结果纠正"),
         (2, "乙", "行政诉讼（未经复议直接起诉）", D(2024, 3, 1), D(2024, 9, 1), "结果维持"),
         (3, "丙", "行政诉讼（复议后起诉）", D(2024, 6, 1), None, "尚未审结")]


def register(tmp_path: Path, rows=APPLICATIONS, cases=CASES, name="台账.xlsx", ed: str = "2021") -> Path:
    """The blank register the program writes, filled in."""
    path = tmp_path / name
    ledger_template.export(edition.get(ed), path)
    wb = load_workbook(path)
    for sheet, data in (("申请登记台账", rows), ("案件台账", cases)):
        for i, row in enumerate(data, start=3):
            for j, v in enumerate(row, start=1):
                wb[sheet].cell(i, j, v)
    wb.save(path)
    return path


def test_a_new_report_is_counted_from_the_register(tmp_path, capsys):
    out = tmp_path / "2024.govreport"
    code, stdout, err = run_cli(capsys, "ledger", register(tmp_path), "--year", 2024, "--issuer", "某某局", "-o", out)
    assert code == 0, err
    r = native.load(out)
    for cell, n in EXPECTED.items():
        assert r.values[cell] == n, cell
    assert r.issuer == "某某局" and r.year == 2024
    assert r.extra["ledger"]["applications"]["file"] == "台账.xlsx"
    assert len(r.extra["ledger"]["applications"]["sha256"]) == 64
    assert "计入 4 条" in err and CJK.search(err)
    code, stdout, _ = run_cli(capsys, "check", out, "--json")
    assert not [f for f in json.loads(stdout) if f["severity"] == "error"]        # 三 balances: R1–R4 hold


def test_cases_fill_section_four(tmp_path, capsys):
    out = tmp_path / "2024.govreport"
    reg = register(tmp_path)
    code, _, err = run_cli(capsys, "ledger", reg, "--cases", reg, "--year", 2024, "--issuer", "某某局", "-o", out)
    assert code == 0, err
    v = native.load(out).values
    assert (v["s4.review.corrected"], v["s4.suit_direct.upheld"], v["s4.suit_after_review.pending"]) == (1, 1, 1)
    assert (v["s4.review.total"], v["s4.suit_direct.total"], v["s4.suit_after_review.total"]) == (1, 1, 1)


def test_rows_left_out_exit_1_and_are_listed_by_row(tmp_path, capsys):
    rows = APPLICATIONS + [(6, "赵六", "个体工商户", D(2024, 4, 1), "f", D(2024, 4, 9), "（一）予以公开"),
                           (7, "钱七", "自然人", "去年", "g", None, None)]
    out = tmp_path / "2024.govreport"
    code, _, err = run_cli(capsys, "ledger", register(tmp_path, rows), "--year", 2024, "--issuer", "某某局", "-o", out)
    assert code == 1
    assert "第 8 行" in err and "个体工商户" in err and "第 9 行" in err
    assert native.load(out).values["s3.new.total"] == 3          # the rows understood are counted


def test_a_mapping_file_settles_the_words_the_table_does_not_print(tmp_path, capsys):
    rows = APPLICATIONS + [(6, "赵六", "个体工商户", D(2024, 4, 1), "f", D(2024, 4, 9), "同意公开")]
    mapping = tmp_path / "对应.json"
    mapping.write_text(json.dumps({"applicant": {"个体工商户": "business"}, "result": {"同意公开": "granted"}},
                                  ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "2024.govreport"
    code, _, err = run_cli(capsys, "ledger", register(tmp_path, rows), "--year", 2024, "--issuer", "某某局",
                           "--map", mapping, "-o", out)
    assert code == 0, err
    v = native.load(out).values
    assert v["s3.new.business"] == 1 and v["s3.granted.business"] == 1


def test_into_fills_only_three_and_four_of_an_existing_report(tmp_path, capsys):
    report = tmp_path / "demo.govreport"
    report.write_bytes(DEMO.read_bytes())
    before = native.load(report)
    code, _, err = run_cli(capsys, "ledger", register(tmp_path), "--into", report)
    assert code == 0, err
    after = native.load(report)
    assert {c: v for c, v in after.values.items() if not c.startswith("s3.")} == \
           {c: v for c, v in before.values.items() if not c.startswith("s3.")}
    assert after.text == before.text and after.values["s3.new.natural"] == 2
    assert "ledger" in after.extra


def test_into_a_report_of_another_year_is_refused_and_the_file_kept(tmp_path, capsys):
    report = tmp_path / "demo.govreport"
    report.write_bytes(DEMO.read_bytes())
    code, _, err = run_cli(capsys, "ledger", register(tmp_path), "--into", report, "--year", 2023)
    assert code == 2 and "2024" in err and CJK.search(err)
    assert report.read_bytes() == DEMO.read_bytes()


def test_last_years_carried_out_is_compared_with_this_years_carried_in(tmp_path, capsys):
    out = tmp_path / "2025.govreport"        # the demo (2024) carried 21 over; the register has 1 left open
    code, _, err = run_cli(capsys, "ledger", register(tmp_path), "--year", 2025, "--from", DEMO, "-o", out)
    assert code == 0, err
    assert "R5" in err and "第 5 行" in err             # the row behind this year's 上年结转
    assert native.load(out).values["s3.carried_in.natural"] == 1


@pytest.mark.parametrize("content,words", [
    (b"not a workbook at all", "无法"),
    (b"", "空"),
])
def test_an_unreadable_register_exits_2_and_writes_nothing(tmp_path, capsys, content, words):
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(content)
    out = tmp_path / "2024.govreport"
    code, _, err = run_cli(capsys, "ledger", bad, "--year", 2024, "--issuer", "某某局", "-o", out)
    assert code == 2 and CJK.search(err) and not out.exists()


def test_a_sheet_with_no_register_header_is_refused_naming_the_columns(tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "123"])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    code, _, err = run_cli(capsys, "ledger", path, "--year", 2024, "--issuer", "某某局", "-o", tmp_path / "x.govreport")
    assert code == 2 and "申请人类型" in err


def test_either_o_or_into(tmp_path, capsys):
    code, _, err = run_cli(capsys, "ledger", register(tmp_path), "--year", 2024)
    assert code == 2 and "-o" in err and "--into" in err


def test_json_gives_the_counts_the_rows_behind_them_and_the_rows_left_out(tmp_path, capsys):
    rows = APPLICATIONS + [(6, "赵六", "个体工商户", D(2024, 4, 1), "f", D(2024, 4, 9), "（一）予以公开")]
    code, stdout, _ = run_cli(capsys, "ledger", register(tmp_path, rows), "--year", 2024, "--issuer", "某某局",
                              "-o", tmp_path / "o.govreport", "--json")
    assert code == 1
    data = json.loads(stdout)
    assert data["counts"]["s3.new.natural"] == 2 and data["rows"]["s3.new.natural"] == [3, 5]
    assert data["left_out"][0]["row"] == 8 and data["unmatched"][0]["value"] == "个体工商户"
    assert data["registers"]["applications"]["file"] == "台账.xlsx"


# -- the blank register ---------------------------------------------------------------------

@pytest.mark.parametrize("ed", ["2019", "2021"])
def test_every_word_the_blank_register_offers_is_counted_without_a_mapping(tmp_path, capsys, ed):
    """One row per applicant type and one per result of the drop-down lists: every one lands in
    its own row or column, none is left out."""
    words = ledger_template.lists(edition.get(ed))
    rows = [(i, "x", a, D(2020, 3, 1), "", D(2020, 3, 9), words["result"][0]) for i, a in enumerate(words["applicant"])]
    rows += [(100 + i, "x", words["applicant"][0], D(2020, 3, 1), "", D(2020, 3, 9), r)
             for i, r in enumerate(words["result"])]
    cases = [(i, "x", k, D(2020, 3, 1), D(2020, 3, 9), r) for i, k in enumerate(words["case_kind"])
             for r in words["case_result"] if r != "尚未审结"]
    reg = register(tmp_path, rows, cases, ed=ed)
    out = tmp_path / "2020.govreport"
    code, _, err = run_cli(capsys, "ledger", reg, "--cases", reg, "--year", 2020, "--issuer", "某某局",
                           "--edition", ed, "-o", out)
    assert code == 0, err
    v = native.load(out).values
    assert v["s3.new.total"] == len(rows) and v["s3.total.total"] == len(rows)
    assert sum(v[f"s4.{k}.total"] for k in ("review", "suit_direct", "suit_after_review")) == len(cases)


def test_the_blank_register_has_drop_downs_dates_and_instructions(tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    code, _, err = run_cli(capsys, "ledger-template", "-o", out, "--edition", "2021")
    assert code == 0 and "已写入" in err
    wb = load_workbook(out)
    assert wb.sheetnames == ["申请登记台账", "案件台账", "填写说明", "选项"] and wb["选项"].sheet_state == "hidden"
    ws = wb["申请登记台账"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists == {"C3:C3002": "='选项'!$A$2:$A$7", "G3:G3002": "='选项'!$B$2:$B$22"}
    dates = [str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert dates == ["D3:D3002", "F3:F3002"] and ws["D3"].number_format == "yyyy-mm-dd"
    assert [wb["选项"].cell(r, 1).value for r in range(2, 8)] == ["自然人", "商业企业", "科研机构", "社会公益组织",
                                                               "法律服务机构", "其他"]


def test_the_blank_register_is_refused_for_a_folder_or_another_suffix(tmp_path, capsys):
    code, _, err = run_cli(capsys, "ledger-template", "-o", tmp_path / "台账.csv")
    assert code == 2 and ".xlsx" in err
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    code, _, err = run_cli(capsys, "ledger-template", "-o", folder, "--edition", "2021")
    assert code == 2 and CJK.search(err) and folder.is_dir()


def test_the_report_says_which_register_its_figures_came_from(tmp_path):
    """The record kept in the report (file, fingerprint, sheet, year, when, rows), and the line
    报告信息 shows for it; a record of the other register is kept when one is counted again."""
    from govreport_gui.core import ledger as L
    from govreport_gui.core.ledger import provenance
    from govreport_gui.core.report import new_report

    reg = register(tmp_path)
    report = new_report(2024, "某某局", "2021")
    report.extra["ledger"] = {"cases": {"file": "案件.xlsx"}}
    count = L.count_applications(L.read_register(reg), report.ed, 2024)
    when = dt.datetime(2025, 1, 5, 2, 30, 15, 999, tzinfo=dt.timezone.utc)
    entry = provenance.remembered(report, count, when=when)
    assert entry["cases"] == {"file": "案件.xlsx"}
    assert entry["applications"] == {"file": "台账.xlsx", "sha256": count.register.fingerprint, "sheet": "申请登记台账",
                                     "year": 2024, "counted": "2025-01-05T02:30:15Z", "records": 4, "left_out": 0}
    report.extra["ledger"] = entry
    line = provenance.described(report)[0]
    assert line.startswith("申请登记台账：台账.xlsx（工作表“申请登记台账”，2024 年") and count.register.fingerprint[:12] in line
