"""The office's indicators (实质公开率, 不予公开率, 无法提供率, 行政复议纠错率, 行政诉讼败诉率): each
checked against numbers worked out by hand here, for the demo and for a 汇总 of three units; not
rated below the least base, not applicable when blank, flagged outside the range (the edition's
and the office's own), exact fractions; the command line's JSON, the workbook's 指标 sheet, and
the edition data's validation."""

from __future__ import annotations

import copy
import json
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from conftest import DEMO, run_cli
from govreport_gui.core import aggregate as A
from govreport_gui.core import edition as E
from govreport_gui.core import indicators as I
from govreport_gui.core import native, rules
from govreport_gui.core.errors import EditionError
from govreport_gui.core.report import new_report
from test_editions import build, load_raw

IDS = ["disclosure_rate", "denial_rate", "unavailable_rate", "review_correction_rate", "litigation_loss_rate"]


def by_id(found) -> dict[str, I.Indicator]:
    return {i.id: i for i in found}


def exact(num, den) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = I.PRECISION
        return Decimal(num) / Decimal(den)


# --------------------------------------------------------------------------
# the demo, by hand


def test_the_demo_indicators_are_the_hand_computed_ones():
    report = native.load(DEMO)
    v = report.values
    # the figures as printed in the demo's tables 三 and 四
    assert (v["s3.granted.total"], v["s3.partial.total"], v["s3.total.total"]) == (163, 38, 353)
    denied = [0, 2, 1, 7, 3, 8, 5, 5]                 # 1.国家秘密 … 8.行政查询事项
    unavailable = [67, 10, 7]
    assert [v[c] for c in report.ed.cells if c.startswith("s3.denied.") and c.endswith(".total")] == denied
    assert [v[c] for c in report.ed.cells if c.startswith("s3.unavailable.") and c.endswith(".total")] == unavailable
    assert (v["s4.review.corrected"], v["s4.review.total"], v["s4.review.pending"]) == (1, 9, 1)
    assert (v["s4.suit_direct.corrected"], v["s4.suit_direct.total"], v["s4.suit_direct.pending"]) == (0, 5, 1)
    assert (v["s4.suit_after_review.corrected"], v["s4.suit_after_review.total"],
            v["s4.suit_after_review.pending"]) == (0, 3, 1)

    found = I.indicators(report)
    assert [i.id for i in found] == IDS
    got = by_id(found)
    hand = {  # id: (numerator, denominator, percent)
        "disclosure_rate": (163 + 38, 353, "56.9"),          # 201/353 = 0.56940…
        "denial_rate": (31, 353, "8.8"),                      # 0.08781…
        "unavailable_rate": (67 + 10 + 7, 353, "23.8"),       # 0.23796…
        "review_correction_rate": (1, 9 - 1, "12.5"),         # 1/8 exactly
        "litigation_loss_rate": (0 + 0, (5 - 1) + (3 - 1), "0.0"),
    }
    for iid, (num, den, pct) in hand.items():
        i = got[iid]
        assert (i.numerator, i.denominator) == (num, den), iid
        assert i.fraction == Fraction(num, den) and i.value == exact(num, den), iid
        assert i.percent == Decimal(pct) and i.percent_text == pct + "%", iid
        assert i.status == I.RATED and i.rated and i.flag is None, iid
        assert isinstance(i.value, Decimal) and not isinstance(i.numerator, float)
    assert got["review_correction_rate"].value == Decimal("0.125")
    assert got["disclosure_rate"].formula == "（予以公开 163 + 部分公开 38）÷ 本年度办理结果总计 353 = 56.9%"
    assert got["denial_rate"].formula == "不予公开 31 ÷ 本年度办理结果总计 353 = 8.8%"
    assert got["review_correction_rate"].formula == "行政复议结果纠正 1 ÷ （行政复议总计 9 − 行政复议尚未审结 1） = 12.5%"
    assert got["disclosure_rate"].message == "实质公开率 56.9%，在范围内（不低于 40%）"
    assert got["denial_rate"].cells[:2] == ("s3.denied.secret.total", "s3.denied.law.total")


def test_a_2019_edition_report_has_its_indicators_too():
    dongan = native.load(Path(__file__).parent / "fixtures" / "published" / "2020_dongan_district.govreport")
    got = by_id(I.indicators(dongan))
    d = dongan.values
    i = got["disclosure_rate"]
    assert (i.numerator, i.denominator) == (d["s3.granted.total"] + d["s3.partial.total"], d["s3.total.total"]) == (1, 1)
    assert i.status == I.NOT_RATED and i.percent == Decimal("100.0") and "不足 30" in i.message
    assert got["review_correction_rate"].status == I.NOT_APPLICABLE        # no cases: 0 − 0
    assert "为 0" in got["review_correction_rate"].message


# --------------------------------------------------------------------------
# rated or not, blanks, ranges, exactness


def values(**cells) -> dict:
    return {k.replace("__", "."): v for k, v in cells.items()}


def one(iid: str, vals: dict, overrides=None) -> I.Indicator:
    return by_id(I.of_values(E.get("2021"), vals, overrides))[iid]


def test_one_third_is_kept_exact_and_below_the_least_base_it_is_not_rated():
    i = one("disclosure_rate", values(s3__granted__total=1, s3__partial__total=0, s3__total__total=3))
    assert i.fraction == Fraction(1, 3) and i.fraction * 3 == 1
    assert i.value == exact(1, 3) == Decimal("0.3333333333333333333333333333")
    assert i.percent == Decimal("33.3")
    assert i.status == I.NOT_RATED and not i.rated and i.flag is None        # 3 < 30: shown, not rated
    assert i.message == "实质公开率 33.3%（基数 3 不足 30，不评价）"
    rated = one("disclosure_rate", values(s3__granted__total=1, s3__partial__total=0, s3__total__total=3),
                {"disclosure_rate": {"min_base": 0}})
    assert rated.status == I.RATED and rated.flag == "min"                  # 33.3% < 40%


def test_the_least_base_itself_is_rated():
    below = one("disclosure_rate", values(s3__granted__total=29, s3__total__total=29))
    at = one("disclosure_rate", values(s3__granted__total=30, s3__total__total=30))
    assert below.status == I.NOT_RATED and at.status == I.RATED


def test_half_rounds_up_from_the_exact_fraction():
    assert I.round_percent(Fraction(45, 80)) == Decimal("56.3")            # 56.25
    assert I.round_percent(Fraction(1, 16)) == Decimal("6.3")              # 6.25
    assert I.round_percent(Fraction(1, 3)) == Decimal("33.3")
    assert I.round_percent(Fraction(2, 3)) == Decimal("66.7")
    assert I.round_percent(Fraction(0)) == Decimal("0.0")


def test_blank_is_not_applicable_and_said():
    none = one("disclosure_rate", {})
    assert none.status == I.NOT_APPLICABLE and none.fraction is none.value is none.percent is None
    assert "不适用" in none.message and "空白" in none.message and none.percent_text == "—"
    assert none.formula.endswith("：不适用")
    no_base = one("disclosure_rate", values(s3__granted__total=5))
    assert no_base.status == I.NOT_APPLICABLE and "本年度办理结果总计为空白" in no_base.message
    # a blank term among filled ones counts what is there, and shows as 空白
    part = one("disclosure_rate", values(s3__partial__total=12, s3__total__total=40))
    assert part.fraction == Fraction(12, 40) and "予以公开 空白" in part.formula and part.status == I.RATED
    zero = one("denial_rate", values(s3__denied__law__total=0, s3__total__total=0))
    assert zero.status == I.NOT_APPLICABLE and "为 0" in zero.message
    # a blank denied row does not make the wildcard blank while another row is filled
    some = one("denial_rate", values(s3__denied__law__total=3, s3__total__total=30))
    assert some.fraction == Fraction(3, 30) and some.formula.startswith("不予公开 3 ÷")


def test_outside_the_range_is_flagged_with_the_bound():
    low = one("disclosure_rate", values(s3__granted__total=11, s3__partial__total=0, s3__total__total=30))
    assert low.flag == "min" and low.flagged and low.message == "实质公开率 36.7%，低于下限 40%"
    high = one("denial_rate", values(s3__denied__law__total=7, s3__total__total=30))     # 23.3% > 20%
    assert high.flag == "max" and "高于上限 20%" in high.message
    edge = one("denial_rate", values(s3__denied__law__total=6, s3__total__total=30))     # exactly 20%: inside
    assert edge.flag is None and edge.rated
    small = one("denial_rate", values(s3__denied__law__total=7, s3__total__total=10))    # 70%, but 10 < 30
    assert small.flag is None and small.status == I.NOT_RATED


def test_the_offices_own_range_overrides_the_default():
    demo = native.load(DEMO)
    assert not any(i.flagged for i in I.indicators(demo))
    got = by_id(I.indicators(demo, {"disclosure_rate": {"min": 0.6},          # 56.9% < 60%
                                    "unavailable_rate": {"max": "0.2"},       # 23.8% > 20%
                                    "review_correction_rate": {"max": None},  # bound removed
                                    "not_in_this_edition": {"max": 0.5}}))    # another edition's: ignored
    assert got["disclosure_rate"].flag == "min" and got["disclosure_rate"].min == Decimal("0.6")
    assert got["unavailable_rate"].flag == "max" and "高于上限 20%" in got["unavailable_rate"].message
    assert got["review_correction_rate"].max is None and got["review_correction_rate"].range_text == ""
    assert got["denial_rate"].max == Decimal("0.2")                           # untouched: the edition's
    raised = by_id(I.indicators(demo, {"review_correction_rate": {"min_base": 9}}))
    assert raised["review_correction_rate"].status == I.NOT_RATED            # 8 closed cases < 9


@pytest.mark.parametrize("bad, words", [
    ({"disclosure_rate": {"min": 1.5}}, "0 到 1"),
    ({"disclosure_rate": {"max": -0.1}}, "0 到 1"),
    ({"disclosure_rate": {"min": "四成"}}, "0 到 1"),
    ({"disclosure_rate": {"min": True}}, "0 到 1"),
    ({"disclosure_rate": {"min": 0.5, "max": 0.3}}, "高于上限"),
    ({"disclosure_rate": {"ceiling": 0.3}}, "ceiling"),
    ({"disclosure_rate": {"min_base": -1}}, "min_base"),
    ({"disclosure_rate": 0.4}, "范围"),
])
def test_a_wrong_office_range_is_refused_in_chinese(bad, words):
    with pytest.raises(I.IndicatorError) as e:
        I.indicators(native.load(DEMO), bad)
    assert words in str(e.value)


def test_an_override_bound_against_the_edition_default_is_checked():
    with pytest.raises(I.IndicatorError, match="高于上限"):
        I.indicators(native.load(DEMO), {"denial_rate": {"min": 0.5}})      # default max 0.2


# --------------------------------------------------------------------------
# a 汇总 of three units, by hand

UNITS = {  # issuer: figures of the 自然人 column (totals computed), table 四's cells
    "甲局": {"s3.new.natural": 30, "s3.granted.natural": 20, "s3.partial.natural": 5,
             "s3.denied.third_party.natural": 3, "s3.unavailable.not_held.natural": 2,
             "s4.review.upheld": 3, "s4.review.corrected": 1, "s4.review.pending": 1},
    "乙局": {"s3.new.natural": 10, "s3.granted.natural": 4, "s3.partial.natural": 1,
             "s3.denied.secret.natural": 2, "s3.unavailable.not_held.natural": 3},
    "丙局": {"s3.new.natural": 40, "s3.granted.natural": 10, "s3.partial.natural": 5,
             "s3.denied.law.natural": 10, "s3.denied.process.natural": 5, "s3.unavailable.not_held.natural": 10,
             "s4.review.upheld": 4, "s4.review.corrected": 2},
}
TEXTS = {"甲局": "甲局的年度报告。\n共有 两段。", "乙局": "", "丙局": "丙"}
# by hand: 甲 25/30, 3/30, 2/30, 1/(5−1); 乙 5/10 …; 丙 15/40, 15/40, 10/40, 2/6 (尚未审结 blank)
HAND = {
    "甲局": {"disclosure_rate": (25, 30, "83.3", I.RATED, None), "denial_rate": (3, 30, "10.0", I.RATED, None),
             "unavailable_rate": (2, 30, "6.7", I.RATED, None),
             "review_correction_rate": (1, 4, "25.0", I.NOT_RATED, None),          # 4 closed < 5
             "litigation_loss_rate": (None, None, None, I.NOT_APPLICABLE, None)},
    "乙局": {"disclosure_rate": (5, 10, "50.0", I.NOT_RATED, None), "denial_rate": (2, 10, "20.0", I.NOT_RATED, None),
             "unavailable_rate": (3, 10, "30.0", I.NOT_RATED, None),
             "review_correction_rate": (None, None, None, I.NOT_APPLICABLE, None),
             "litigation_loss_rate": (None, None, None, I.NOT_APPLICABLE, None)},
    "丙局": {"disclosure_rate": (15, 40, "37.5", I.RATED, "min"), "denial_rate": (15, 40, "37.5", I.RATED, "max"),
             "unavailable_rate": (10, 40, "25.0", I.RATED, None),
             "review_correction_rate": (2, 6, "33.3", I.RATED, "max"),
             "litigation_loss_rate": (None, None, None, I.NOT_APPLICABLE, None)},
}
SUMMED = {  # 20+4+10, 5+1+5 of 30+10+40 …; review 3 of (5+6) − 1
    "disclosure_rate": (45, 80, "56.3", I.RATED, None),          # 56.25 rounds up
    "denial_rate": (20, 80, "25.0", I.RATED, "max"),
    "unavailable_rate": (15, 80, "18.8", I.RATED, None),         # 18.75
    "review_correction_rate": (3, 10, "30.0", I.RATED, "max"),
    "litigation_loss_rate": (None, None, None, I.NOT_APPLICABLE, None),
}


def unit_reports():
    out = []
    for name, cells in UNITS.items():
        r = new_report(2024, name, "2021")
        for c, v in cells.items():
            r.set(c, v)
        rules.compute_totals(r)
        r.text["preface"] = ""                      # the template's preface: not counted by hand here
        r.text["s1"] = TEXTS[name]
        out.append(r)
    return out


def unit_paths(tmp_path: Path) -> list[str]:
    paths = []
    for i, r in enumerate(unit_reports()):
        p = tmp_path / "units" / f"u{i}.govreport"
        p.parent.mkdir(exist_ok=True)
        native.save(r, p)
        paths.append(str(p))
    return paths


@pytest.fixture(scope="module")
def summed():
    units = [A.unit_of(f"{r.issuer}.govreport", r) for r in unit_reports()]
    assert [u.errors for u in units] == [0, 0, 0]
    return A.aggregate(units, "某县人民政府")


def assert_hand(found: list[I.Indicator], hand: dict, who: str) -> None:
    got = by_id(found)
    for iid, (num, den, pct, status, flag) in hand.items():
        i = got[iid]
        assert i.status == status and i.flag == flag, (who, iid, i.message)
        if num is None:
            assert i.fraction is None and i.percent is None, (who, iid)
        else:
            assert (i.numerator, i.denominator, i.fraction) == (num, den, Fraction(num, den)), (who, iid)
            assert i.value == exact(num, den) and i.percent == Decimal(pct), (who, iid)


def test_a_summed_report_and_each_of_its_units_have_the_hand_computed_indicators(summed):
    assert (summed.values["s3.total.total"], summed.values["s4.review.total"]) == (80, 11)
    assert_hand(I.indicators(summed), SUMMED, "汇总")
    units = I.unit_indicators(summed)
    assert [u.name for u in units] == list(UNITS)
    for u in units:
        assert u.included and u.readable and u.errors == 0
        assert_hand(u.indicators, HAND[u.name], u.name)
    assert [i.id for i in units[2].flagged] == ["disclosure_rate", "denial_rate", "review_correction_rate"]
    assert "行政复议尚未审结 空白" in by_id(units[2].indicators)["review_correction_rate"].formula
    assert I.unit_indicators(native.load(DEMO)) == []                 # a unit's own report has no units


def test_units_follow_the_offices_range_too(summed):
    units = I.unit_indicators(summed, {"denial_rate": {"max": 0.4}, "disclosure_rate": {"min_base": 10}})
    jia, yi, bing = (by_id(u.indicators) for u in units)
    assert bing["denial_rate"].flag is None                          # 37.5% ≤ 40%
    assert yi["disclosure_rate"].status == I.RATED                   # 10 applications: now rated
    assert jia["disclosure_rate"].status == I.RATED


def test_an_unreadable_unit_is_listed_without_indicators(summed):
    report = summed.copy()
    report.extra["units"] = report.extra["units"] + [
        {"source": "坏.docx", "issuer": "", "included": False, "readable": False, "message": "无法读取：文件已损坏"}]
    last = I.unit_indicators(report)[-1]
    assert (last.name, last.readable, last.indicators, last.message) == ("坏.docx", False, [], "无法读取：文件已损坏")
    assert last.to_json()["findings"] == {"errors": None, "warnings": None}


def test_text_length_counts_every_character_but_white_space():
    r = new_report(2024, "某局", "2021")
    r.text = {"preface": " 前言 ", "s1": "甲局的年度报告。\n共有 两段。", "s5": "", "s6": "无"}
    assert I.text_length(r) == 2 + 13 + 0 + 1


# --------------------------------------------------------------------------
# the command line


def test_check_json_without_indicators_is_still_the_findings_array(capsys):
    code, out, _ = run_cli(capsys, "check", DEMO, "--json")
    assert code == 0 and json.loads(out) == [f.to_json() for f in rules.check(native.load(DEMO))]
    assert isinstance(json.loads(out), list)


def test_check_indicators_json_is_an_object_by_source(capsys):
    code, out, err = run_cli(capsys, "check", DEMO, "--indicators", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [str(DEMO)]
    mine = data[str(DEMO)]
    assert mine["readable"] is True and mine["findings"] == [] and "units" not in mine
    first = mine["indicators"][0]
    assert first == {**first, "id": "disclosure_rate", "name": "实质公开率", "status": "rated", "rated": True,
                     "flag": None, "percent": "56.9", "fraction": "201/353", "numerator": 201, "denominator": 353,
                     "min_base": 30, "range": {"min": "0.4", "max": None},
                     "value": format(exact(201, 353), "f"),
                     "formula": "（予以公开 163 + 部分公开 38）÷ 本年度办理结果总计 353 = 56.9%",
                     "cells": {"numerator": ["s3.granted.total", "s3.partial.total"],
                               "denominator": ["s3.total.total"]}}
    assert [i["percent"] for i in mine["indicators"]] == ["56.9", "8.8", "23.8", "12.5", "0.0"]


def test_check_indicators_text_and_a_missing_source(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "check", DEMO, "--indicators")
    assert code == 0 and "指标：" in out and "实质公开率 56.9%" in out and "= 12.5%" in out
    missing = tmp_path / "无.govreport"
    code, out, _ = run_cli(capsys, "check", DEMO, missing, "--indicators", "--json")
    data = json.loads(out)
    assert code == 2 and data[str(missing)]["readable"] is False and "无法读取" in data[str(missing)]["message"]
    assert data[str(DEMO)]["indicators"]


def test_aggregate_json_gives_every_unit_and_writes_the_same_file(capsys, tmp_path):
    paths = unit_paths(tmp_path)
    plain, with_json = tmp_path / "a.govreport", tmp_path / "b.govreport"
    code_plain, out_plain, _ = run_cli(capsys, "aggregate", *paths, "--issuer", "某县人民政府", "-o", plain)
    code, out, err = run_cli(capsys, "aggregate", *paths, "--issuer", "某县人民政府", "-o", with_json, "--json")
    assert code == code_plain == 0 and out_plain == "" and "已汇总 3 份报告" in err
    a, b = native.load(plain), native.load(with_json)
    assert a.values == b.values and a.extra == b.extra                # what is written does not change
    data = json.loads(out)
    assert (data["output"], data["issuer"], data["year"], data["edition"], data["included"]) == (
        str(with_json), "某县人民政府", 2024, "2021", 3)
    assert [i["percent"] for i in data["indicators"]] == ["56.3", "25.0", "18.8", "30.0", None]
    assert [i["flag"] for i in data["indicators"]] == [None, "max", None, "max", None]
    assert [u["name"] for u in data["units"]] == list(UNITS) and data["skipped"] == []
    for u, path in zip(data["units"], paths):
        assert u["source"] == path and u["included"] and u["readable"]
        assert u["findings"]["errors"] == 0 and u["findings"]["warnings"] > 0        # the blank cells (B1)
        hand = HAND[u["name"]]
        assert [i["percent"] for i in u["indicators"]] == [hand[k][2] for k in IDS]
        assert [i["status"] for i in u["indicators"]] == [hand[k][3] for k in IDS]
    assert [u["text_chars"] for u in data["units"]] == [13, 0, 1]                     # 甲局…两段。 / "" / 丙
    # the summed report read back from disk gives the same
    code, out, _ = run_cli(capsys, "check", with_json, "--indicators", "--json")
    again = json.loads(out)[str(with_json)]
    assert again["indicators"] == data["indicators"]
    assert [u["indicators"] for u in again["units"]] == [u["indicators"] for u in data["units"]]


def test_aggregate_json_prints_nothing_when_it_is_refused(capsys, tmp_path):
    paths = unit_paths(tmp_path)
    old = new_report(2023, "丁局", "2021")
    p = tmp_path / "old.govreport"
    native.save(old, p)
    code, out, _ = run_cli(capsys, "aggregate", *paths, p, "--issuer", "县", "-o", tmp_path / "s.govreport", "--json")
    assert code == 2 and out == ""


# --------------------------------------------------------------------------
# the workbook of a 汇总


def test_the_workbook_of_a_summed_report_has_an_indicators_sheet(summed, tmp_path):
    from govreport_gui.core.export import xlsx
    from govreport_gui.core.importers import read_path

    path = tmp_path / "sum.xlsx"
    xlsx.export(summed, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-3:] == ["各单位明细", "指标", "_govreport"]
    ws = wb["指标"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == xlsx.INDICATOR_HEAD
    assert len(rows) == 1 + 5 * 4                                    # the 汇总 and three units, five each
    who = ["某县人民政府（汇总）"] * 5 + [n for n in UNITS for _ in range(5)]
    assert [r[0] for r in rows[1:]] == who
    hands = [SUMMED] + [HAND[n] for n in UNITS]
    for k, row in enumerate(rows[1:]):
        hand = hands[k // 5][IDS[k % 5]]
        num, den, pct, status, flag = hand
        assert row[3] == E.get("2021").indicators[k % 5].name
        assert (row[5], row[6]) == (num, den), row
        assert row[7] == I.STATUS_NAMES[status] and row[9] == (I.FLAG_NAMES[flag] if flag else None), row
        if num is None:
            assert row[4] is None and "不适用" in row[10]
        else:
            assert row[4] == pytest.approx(num / den) and row[10].endswith(f"= {pct}%")
            assert ws.cell(row=k + 2, column=5).number_format == "0.0%"
    # the value cell holds the exact fraction to 28 digits, not a float's 17
    import zipfile
    part = zipfile.ZipFile(path).read(f"xl/worksheets/sheet{wb.sheetnames.index('指标') + 1}.xml").decode()
    assert f"<v>{format(exact(45, 80), 'f')}</v>" in part and f"<v>{format(exact(2, 6), 'f')}</v>" in part
    # read back exactly: the importer does not mind the sheet
    back = read_path(path).report
    assert back.values == summed.values and back.extra["units"] == summed.extra["units"]


def test_a_plain_reports_workbook_has_no_indicators_sheet(tmp_path):
    from govreport_gui.core.export import xlsx

    path = tmp_path / "demo.xlsx"
    xlsx.export(native.load(DEMO), path)
    assert "指标" not in openpyxl.load_workbook(path).sheetnames


# --------------------------------------------------------------------------
# the edition data


def test_both_editions_define_the_five_indicators():
    for eid in ("2019", "2021"):
        ed = E.get(eid)
        assert [d.id for d in ed.indicators] == IDS
        denial = ed.indicators[1]
        assert denial.numerator[0].wildcard and len(denial.numerator[0].cells) == 8
        review = ed.indicators[3]
        assert [(t.pattern, t.sign) for t in review.denominator] == [("s4.review.total", 1), ("s4.review.pending", -1)]
        assert ed.indicators[0].min == Decimal("0.4") and ed.indicators[0].max is None and ed.indicators[0].min_base == 30


def ind(data: dict, i: int = 0) -> dict:
    return data["indicators"][i]


@pytest.mark.parametrize("breakage, words", [
    (lambda d: d.update(indicators={"x": 1}), "应为列表"),
    (lambda d: ind(d, 1).update(id="disclosure_rate"), "重复"),
    (lambda d: ind(d).update(id=""), "id"),
    (lambda d: ind(d).update(name="  "), "名称"),
    (lambda d: ind(d).update(numerator=["s3.granted.total", "s3.nope.total"]), "s3.nope.total"),
    (lambda d: ind(d).update(denominator=[]), "denominator"),
    (lambda d: ind(d).update(numerator=["s9.*.total"]), "没有与 s9.*.total 相符"),
    (lambda d: ind(d).update(numerator=["s3.denied.*.total", "s3.denied.law.total"]), "两次"),
    (lambda d: ind(d).update(numerator=["-"]), "单元格编号"),
    (lambda d: ind(d).update(numerator=[3]), "单元格编号"),
    (lambda d: ind(d).update(min_base=-1), "min_base"),
    (lambda d: ind(d).update(min_base=1.5), "min_base"),
    (lambda d: ind(d).update(min_base=True), "min_base"),
    (lambda d: ind(d).update(range={"min": 1.5}), "range.min"),
    (lambda d: ind(d).update(range={"max": -0.1}), "range.max"),
    (lambda d: ind(d).update(range={"min": "0.4"}), "range.min"),
    (lambda d: ind(d).update(range={"min": 0.5, "max": 0.3}), "大于 max"),
    (lambda d: ind(d).update(range={"low": 0.3}), "range"),
    (lambda d: ind(d).update(range=[0.4]), "range"),
])
def test_a_broken_indicator_definition_is_refused_naming_the_place(tmp_path, breakage, words):
    data = copy.deepcopy(load_raw("2021"))
    breakage(data)
    with pytest.raises(EditionError) as e:
        build(data, tmp_path)
    msg = str(e.value)
    assert "2021.json" in msg and "indicators" in msg and words in msg, msg


def test_an_edition_without_indicators_has_none(tmp_path):
    data = copy.deepcopy(load_raw("2021"))
    del data["indicators"]
    ed = build(data, tmp_path)
    assert ed.indicators == ()
