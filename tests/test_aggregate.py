"""Summing many units into one report: exact sums, traceable, refusals named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import DEMO
from govreport_gui import cli
from govreport_gui.core import aggregate as A
from govreport_gui.core import native, rules
from govreport_gui.core.report import new_report

ROOT = Path(__file__).resolve().parents[1]
DONGAN = ROOT / "tests" / "fixtures" / "published" / "2020_dongan_district.govreport"


def unit_files(tmp_path: Path, base: Path, names: list[str], scale: list[int] | None = None) -> list[str]:
    """Copies of a report under other issuers, each count multiplied by a factor (still balanced)."""
    src = native.load(base)
    out = []
    for i, name in enumerate(names):
        r = src.copy()
        r.issuer = name
        r.previous = None
        k = (scale or [1] * len(names))[i]
        r.values = {c: v * k for c, v in r.values.items()}
        p = tmp_path / f"u{i}.govreport"
        native.save(r, p)
        out.append(str(p))
    return out


@pytest.mark.parametrize("base", [DEMO, DONGAN], ids=["2021", "2019"])
def test_sums_are_exact_for_both_editions(tmp_path, base):
    paths = unit_files(tmp_path, base, ["甲", "乙", "丙"], [1, 2, 3])
    units = list(A.read_units(paths, workers=1))
    report = A.aggregate(units, "某县人民政府")
    src = native.load(base)
    assert report.edition == src.edition and report.year == src.year and report.issuer == "某县人民政府"
    for c, v in src.values.items():
        assert report.values[c] == 6 * v, c                   # 1 + 2 + 3 times each value
    amount = next(c for c, cd in report.ed.cells.items() if cd.type == "amount" and c in src.values)
    assert isinstance(report.values[amount], Decimal)
    assert report.text["s1"] == ""                            # narrative is left for the writer
    assert not [f for f in rules.check(report) if f.severity == "error"]


def test_drill_down_names_each_units_contribution(tmp_path):
    paths = unit_files(tmp_path, DEMO, ["甲局", "乙局"], [1, 2])
    report = A.aggregate(list(A.read_units(paths, workers=1)), "某市人民政府")
    n = native.load(DEMO).values["s3.new.natural"]
    assert A.contributions(report, "s3.new.natural") == [("甲局", n, True), ("乙局", 2 * n, True)]
    assert A.contributions(report, "s2.fees.amount")[1][1] == 2 * native.load(DEMO).values["s2.fees.amount"]


def test_mixed_years_or_editions_are_refused_naming_the_files(tmp_path):
    paths = unit_files(tmp_path, DEMO, ["甲", "乙"])
    old = new_report(2023, "丙")
    p = tmp_path / "old.govreport"
    native.save(old, p)
    intake = A.intake(A.read_units(paths + [str(p)], workers=1))
    assert intake.blocking and "年度" in intake.blocking[0] and "old.govreport" in intake.blocking[0]
    code = cli.main(["aggregate", *paths, str(p), "--issuer", "某县", "-o", str(tmp_path / "s.govreport")])
    assert code == 2 and not (tmp_path / "s.govreport").exists()


def test_the_same_issuer_twice_is_flagged(tmp_path):
    paths = unit_files(tmp_path, DEMO, ["甲局", "甲 局"])
    intake = A.intake(A.read_units(paths, workers=1))
    assert any("同一机关出现两次" in w and "甲" in w for w in intake.warnings)


def test_units_with_errors_are_left_out_unless_included(tmp_path, capsys):
    paths = unit_files(tmp_path, DEMO, ["甲", "乙"])
    data = json.loads(Path(paths[1]).read_text(encoding="utf-8"))
    data["values"]["s3.new.natural"] += 1                      # R1 and R3 broken in 乙
    Path(paths[1]).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    units = list(A.read_units(paths, workers=1))
    assert [u.errors > 0 for u in units] == [False, True]
    only_good = A.aggregate(units, "县")
    demo = native.load(DEMO)
    assert only_good.values["s3.new.natural"] == demo.values["s3.new.natural"]
    assert [u["included"] for u in only_good.extra["units"]] == [True, False]
    both = A.aggregate(units, "县", include_invalid=True)
    assert both.values["s3.new.natural"] == 2 * demo.values["s3.new.natural"] + 1
    assert any(f.rule == "R1" for f in rules.check(both))     # the summed report is re-checked
    out = tmp_path / "sum.govreport"
    assert cli.main(["aggregate", *paths, "--issuer", "县", "-o", str(out)]) == 1
    assert "有错误，未计入" in capsys.readouterr().err
    saved = native.load(out)
    assert saved.values["s3.new.natural"] == demo.values["s3.new.natural"]
    assert [u["issuer"] for u in saved.extra["units"]] == ["甲", "乙"]


def test_an_unreadable_file_among_good_ones_is_named_and_the_rest_summed(tmp_path, capsys):
    paths = unit_files(tmp_path, DEMO, ["甲", "乙"])
    bad = tmp_path / "bad.govreport"
    bad.write_bytes(b"\xff\xfe not json")
    out = tmp_path / "sum.govreport"
    assert cli.main(["aggregate", str(tmp_path), "--issuer", "县", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.govreport" in err and "无法读取" in err
    saved = native.load(out)
    assert saved.values["s3.new.total"] == 2 * native.load(DEMO).values["s3.new.total"]
    recs = {Path(u["source"]).name: u for u in saved.extra["units"]}
    assert recs["bad.govreport"]["readable"] is False and recs["bad.govreport"]["included"] is False


def test_cancel_in_the_middle_writes_nothing(tmp_path):
    paths = unit_files(tmp_path, DEMO, ["甲", "乙", "丙"])
    seen = []
    with pytest.raises(A.Cancelled):
        for u in A.read_units(paths, workers=1, cancelled=lambda: len(seen) >= 2):
            seen.append(u)
    assert len(seen) == 2


def test_parallel_reading_gives_the_same_units_in_order(tmp_path):
    paths = unit_files(tmp_path, DEMO, [f"单位{i}" for i in range(210)])
    serial = [u.issuer for u in A.read_units(paths, workers=1)]
    parallel = [u.issuer for u in A.read_units(paths, workers=2)]
    assert parallel == serial == [f"单位{i}" for i in range(210)]


def test_summed_report_exports_a_per_unit_sheet(tmp_path):
    from govreport_gui.core.export import xlsx
    paths = unit_files(tmp_path, DEMO, ["甲局", "乙局"], [1, 3])
    report = A.aggregate(list(A.read_units(paths, workers=1)), "某市")
    out = tmp_path / "sum.xlsx"
    xlsx.export(report, out)
    ws = openpyxl.load_workbook(out)["各单位明细"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "来源文件", "计入汇总", "本年新收")
    demo = native.load(DEMO)
    assert rows[1][0] == "甲局" and rows[1][3] == demo.values["s3.new.total"]
    assert rows[2][0] == "乙局" and rows[2][3] == 3 * demo.values["s3.new.total"]
    assert rows[2][-2] == "平衡"


def test_summed_file_round_trips_with_its_units(tmp_path):
    paths = unit_files(tmp_path, DEMO, ["甲", "乙"])
    out = tmp_path / "sum.govreport"
    summer = A.Summer("县")
    try:
        for u in A.read_units(paths, workers=1):
            summer.add(u)
        report = summer.save(out)
    finally:
        summer.close()
    saved = native.load(out)
    assert saved.values == report.values
    assert len(saved.extra["units"]) == 2 and saved.extra["units"][0]["values"]
    assert native.loads(native.dumps(saved)) == saved
