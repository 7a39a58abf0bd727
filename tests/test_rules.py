"""The rules of formats.md §6 (R1–R6, H1–H4, B1), one by one, on both editions.

Every test starts from a balanced report — the bundled demo (2021 edition,
year 2024, with the 2023 report as ``previous``) or a 2019-edition report built
here and balanced with :func:`rules.compute_totals` — changes the minimum, and
checks the finding: rule, severity, key, cells, expected and actual values, and
the Chinese message (row/column named as printed, numbers quoted).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import DEMO
from govreport_gui.core import native, rules
from govreport_gui.core.report import Previous, Report, new_report


APPLICANTS = ("natural", "business", "research", "social", "legal", "other")
COLUMNS = APPLICANTS + ("total",)
RESULT_ROWS_2021 = (
    "granted", "partial", "denied.secret", "denied.law", "denied.safety", "denied.third_party",
    "denied.internal", "denied.process", "denied.enforcement", "denied.query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
    "rejected.petition", "rejected.repeated", "rejected.publication", "rejected.excessive",
    "rejected.confirmation", "other.no_correction", "other.unpaid_fee", "other.other")
RESULT_ROWS_2019 = RESULT_ROWS_2021[:18] + ("other",)


# --------------------------------------------------------------------------
# helpers and starting points


def demo() -> Report:
    return native.load(DEMO)


def by_key(findings) -> dict[str, rules.Finding]:
    return {f.key: f for f in findings}


def found(report: Report) -> dict[str, rules.Finding]:
    """Findings of a report read from a document (printed totals checked)."""
    return by_key(rules.check(report))


def bump(report: Report, **changes: int) -> None:
    """Add to printed values in place (``s3__new__natural=1`` -> s3.new.natural += 1)."""
    for name, d in changes.items():
        cid = name.replace("__", ".")
        report.values[cid] = report.values[cid] + d


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# A balanced 2019-edition report for 2020 (section 三 per column: new + carried_in
# = results + carried_out), with the 2019 report as ``previous``.
S3_2019 = {
    #                     natural business research social legal other
    "new":                (20, 5, 1, 1, 2, 1),
    "carried_in":         (3, 1, 0, 0, 0, 0),
    "granted":            (10, 2, 1, 0, 1, 0),
    "partial":            (3, 1, 0, 0, 0, 0),
    "unavailable.not_held": (4, 1, 0, 1, 0, 0),
    "rejected.repeated":  (1, 0, 0, 0, 0, 0),
    "other":              (2, 0, 0, 0, 0, 1),
    "carried_out":        (3, 2, 0, 0, 1, 0),
}
S1_2019 = ("2020年，本县认真贯彻落实《条例》，稳步推进政务公开工作。\n"
           "（二）依申请公开\n本县共收到政府信息公开申请30件，上年结转4件，结转下年度6件。"
           "因政府信息公开被申请行政复议5件，被提起行政诉讼3件。\n"     # and the other parts N4 asks for:
           "（一）主动公开\n全年主动公开政府信息1200条。\n（三）政府信息管理\n坚持先审后发。\n"
           "（四）平台建设\n整合政务新媒体账号。\n（五）监督保障\n将政务公开纳入年度考核。")


def balanced_2019() -> Report:
    r = new_report(2020, "测试县人民政府")
    assert r.edition == "2019"
    v: dict = {
        "s2.regulations.made": 2, "s2.regulations.published": 2, "s2.regulations.total_public": 30,
        "s2.normative.made": 5, "s2.normative.published": 5, "s2.normative.total_public": 60,
        "s2.licensing.prev_items": 90, "s2.licensing.change": -10, "s2.licensing.decisions": 1200,
        "s2.other_services.prev_items": 20, "s2.other_services.change": 0, "s2.other_services.decisions": 300,
        "s2.penalty.prev_items": 40, "s2.penalty.change": 5, "s2.penalty.decisions": 800,
        "s2.coercion.prev_items": 10, "s2.coercion.change": -2, "s2.coercion.decisions": 50,
        "s2.fees.prev_items": 6, "s2.fees.change": -1,
        "s2.procurement.projects": 12, "s2.procurement.amount": Decimal("345.678901"),
        "s4.review.upheld": 3, "s4.review.corrected": 1, "s4.review.other": 0, "s4.review.pending": 1,
        "s4.suit_direct.upheld": 1, "s4.suit_direct.corrected": 0, "s4.suit_direct.other": 0,
        "s4.suit_direct.pending": 0,
        "s4.suit_after_review.upheld": 0, "s4.suit_after_review.corrected": 0,
        "s4.suit_after_review.other": 1, "s4.suit_after_review.pending": 1,
    }
    for row in RESULT_ROWS_2019 + ("new", "carried_in", "carried_out"):
        for col, n in zip(APPLICANTS, S3_2019.get(row, (0,) * 6)):
            v[f"s3.{row}.{col}"] = n
    for cid, val in v.items():
        r.set(cid, val)
    r.text["s1"] = S1_2019
    r.text["s5"] = ("存在的问题：一是依申请公开答复还不够规范；二是政策解读形式较为单一。"
                    "下一步将加强培训，统一答复文书格式，推行图解、视频等多元化解读。")        # N1: 50 characters and more
    r.text["s6"] = "无。"                          # the 2019 format asks for 无 when there is nothing (N2)
    rules.compute_totals(r)
    r.previous = Previous(year=2019, edition="2019", values={
        "s3.carried_out.natural": 3, "s3.carried_out.business": 1, "s3.carried_out.research": 0,
        "s3.carried_out.social": 0, "s3.carried_out.legal": 0, "s3.carried_out.other": 0,
        "s3.carried_out.total": 4,
        "s2.licensing.prev_items": 100, "s2.licensing.change": -10,
        "s2.other_services.prev_items": 18, "s2.other_services.change": 2,
        "s2.penalty.prev_items": 45, "s2.penalty.change": -5,
        "s2.coercion.prev_items": 10, "s2.coercion.change": 0,
        "s2.fees.prev_items": 7, "s2.fees.change": -1,
        "s2.licensing.decisions": 1000, "s2.procurement.amount": Decimal("300"),
    }, text={"s1": "2019年，本县政务公开工作取得新进展，全年主动公开各类信息1200余条。"})
    return r


def test_demo_is_complete_and_balanced():
    r = demo()
    assert r.edition == "2021" and r.year == 2024 and r.previous is not None
    assert r.blank_cells() == []
    assert rules.check(r) == []
    before = dict(r.values)
    assert rules.compute_totals(r) == {}          # printed totals are the computed ones
    assert r.values == before


def test_built_2019_report_is_balanced():
    r = balanced_2019()
    assert r.blank_cells() == []
    assert len(r.values) == 198
    assert r.values["s3.new.total"] == 30
    assert r.values["s3.carried_in.total"] == 4
    assert r.values["s3.total.natural"] == 20
    assert r.values["s3.total.total"] == 28
    assert r.values["s3.carried_out.total"] == 6
    assert r.values["s4.review.total"] == 5
    assert rules.check(r) == []


def test_check_keeps_printed_totals_and_does_not_change_the_report():
    r = demo()
    r.values["s3.total.total"] = 347
    before = dict(r.values)
    rules.check(r)
    assert r.values == before


# --------------------------------------------------------------------------
# R1: new + carried_in == total + carried_out, per column


def test_r1_fails_when_a_column_does_not_balance():
    r = demo()
    bump(r, s3__carried_out__natural=1, s3__carried_out__business=-1)   # row total unchanged
    fs = found(r)
    assert set(fs) == {"R1:s3.new.natural", "R1:s3.new.business"}
    f = fs["R1:s3.new.natural"]
    assert (f.rule, f.severity) == ("R1", "error")
    assert f.cells == ("s3.new.natural", "s3.carried_in.natural", "s3.total.natural", "s3.carried_out.natural")
    assert (f.actual, f.expected) == (312 + 14, 308 + 19)
    assert "「自然人」" in f.message and "326" in f.message and "327" in f.message and "相差 1" in f.message
    g = fs["R1:s3.new.business"]
    assert (g.actual, g.expected) == (29, 28)
    assert "「商业企业」" in g.message


def test_r1_fails_on_the_2019_edition():
    r = balanced_2019()
    bump(r, s3__new__legal=1, s3__new__other=-1)        # row total unchanged
    fs = found(r)
    assert set(fs) == {"R1:s3.new.legal", "R1:s3.new.other"}
    f = fs["R1:s3.new.legal"]
    assert f.severity == "error"
    assert (f.actual, f.expected) == (3, 2)
    assert "「法律服务机构」" in f.message and "= 3" in f.message and "= 2" in f.message
    assert (fs["R1:s3.new.other"].actual, fs["R1:s3.new.other"].expected) == (0, 1)


def test_r1_passes_when_both_sides_change_alike():
    r = demo()
    bump(r, s3__new__natural=1, s3__new__business=-1, s3__carried_out__natural=1, s3__carried_out__business=-1)
    assert rules.check(r) == []


def test_r1_is_skipped_when_one_side_is_entirely_blank():
    r = demo()
    del r.values["s3.new.research"], r.values["s3.carried_in.research"]   # were 2 and 0: left side blank
    fs = found(r)
    assert "R1:s3.new.research" not in fs
    assert set(fs) == {"B1:s3", "R3:s3.new.total"}       # 357 printed, 355 without the blank
    assert fs["B1:s3"].cells == ("s3.new.research", "s3.carried_in.research")
    assert (fs["R3:s3.new.total"].actual, fs["R3:s3.new.total"].expected) == (357, 355)


# --------------------------------------------------------------------------
# R2: (七)总计 == sum of the result rows, per column


def test_r2_fails_when_the_printed_total_is_six_short_of_its_rows():
    """formats.md §6: a real report prints a （七）总计 that is 6 short of its rows."""
    r = demo()
    r.values["s3.total.total"] = 353 - 6
    fs = found(r)
    # the demo's narrative says 本年度办结353件, which now contradicts the printed 347 (H2)
    assert set(fs) == {"R2:s3.total.total", "R3:s3.total.total", "R1:s3.new.total", "H2:s3.total.total"}
    f = fs["R2:s3.total.total"]
    assert (f.rule, f.severity) == ("R2", "error")
    assert f.cells == ("s3.total.total",) + tuple(f"s3.{row}.total" for row in RESULT_ROWS_2021)
    assert (f.actual, f.expected) == (347, 353)
    assert "「总计」列" in f.message and "（七）总计" in f.message
    assert "347" in f.message and "353" in f.message
    g = fs["R1:s3.new.total"]
    assert (g.actual, g.expected) == (374, 347 + 21)


def test_r2_fails_per_column_on_the_2019_edition_with_its_single_other_row():
    r = balanced_2019()
    bump(r, s3__other__natural=1, s3__other__total=1)      # row consistent, （七）总计 not updated
    fs = found(r)
    assert set(fs) == {"R2:s3.total.natural", "R2:s3.total.total"}
    f = fs["R2:s3.total.natural"]
    assert f.cells == ("s3.total.natural",) + tuple(f"s3.{row}.natural" for row in RESULT_ROWS_2019)
    assert (f.actual, f.expected) == (20, 21)
    assert "「自然人」列" in f.message and "（七）总计填的是 20" in f.message and "21" in f.message
    assert (fs["R2:s3.total.total"].actual, fs["R2:s3.total.total"].expected) == (28, 29)


def test_r2_and_r3_pass_when_a_case_moves_between_result_rows():
    r = demo()
    bump(r, s3__granted__natural=-1, s3__granted__total=-1, s3__partial__natural=1, s3__partial__total=1)
    assert rules.check(r) == []
    r = balanced_2019()
    bump(r, s3__granted__business=-1, s3__granted__total=-1, s3__other__business=1, s3__other__total=1)
    assert rules.check(r) == []


def test_a_blank_total_gives_b1_and_not_r2_or_r3():
    r = demo()
    del r.values["s3.denied.secret.total"]        # was 0: nothing else changes
    fs = found(r)
    assert set(fs) == {"B1:s3"}
    assert fs["B1:s3"].cells == ("s3.denied.secret.total",)
    assert "「（三）不予公开 1.属于国家秘密」「总计」" in fs["B1:s3"].message

    r = demo()
    del r.values["s3.total.natural"]               # R2 target of the natural column
    fs = found(r)
    assert "R2:s3.total.natural" not in fs
    assert fs["B1:s3"].cells == ("s3.total.natural",)

    r = demo()
    del r.values["s3.granted.total"]               # R3 target of row （一）
    fs = found(r)
    assert "R3:s3.granted.total" not in fs
    assert fs["B1:s3"].cells == ("s3.granted.total",)

    r = demo()
    del r.values["s4.review.total"]                # R4 target
    fs = found(r)
    assert set(fs) == {"B1:s4"}
    assert fs["B1:s4"].cells == ("s4.review.total",)


# --------------------------------------------------------------------------
# R3: row total == natural + the five kinds of legal persons


def test_r3_fails_when_a_row_total_is_not_the_sum_of_its_row():
    r = demo()
    bump(r, s3__granted__business=1)
    fs = found(r)
    assert set(fs) == {"R3:s3.granted.total", "R2:s3.total.business"}
    f = fs["R3:s3.granted.total"]
    assert (f.rule, f.severity) == ("R3", "error")
    assert f.cells == ("s3.granted.total",) + tuple(f"s3.granted.{c}" for c in APPLICANTS)
    assert (f.actual, f.expected) == (163, 164)
    assert "「（一）予以公开」行" in f.message and "163" in f.message and "164" in f.message
    g = fs["R2:s3.total.business"]
    assert (g.actual, g.expected) == (27, 28)


def test_r3_fails_on_the_2019_edition():
    r = balanced_2019()
    bump(r, s3__carried_out__total=1)
    fs = found(r)
    # the narrative's 结转下年度6件 now contradicts the printed 7 as well
    assert set(fs) == {"R3:s3.carried_out.total", "R1:s3.new.total", "H2:s3.carried_out.total"}
    f = fs["R3:s3.carried_out.total"]
    assert (f.actual, f.expected) == (7, 6)
    assert "「四、结转下年度继续办理」行" in f.message and "7" in f.message and "6" in f.message


def test_r3_passes_when_a_case_moves_between_applicant_columns_of_a_row():
    r = demo()
    # （一） row: business +1, legal -1; the column totals follow
    bump(r, s3__granted__business=1, s3__granted__legal=-1, s3__total__business=1, s3__total__legal=-1,
         s3__carried_out__business=-1, s3__carried_out__legal=1)
    assert rules.check(r) == []


# --------------------------------------------------------------------------
# R4: section 四 totals


def test_r4_fails_review_total_zero_under_upheld_10_and_corrected_1():
    """formats.md §6: a real report prints 行政复议 总计 0 under 维持 10 and 纠正 1."""
    r = demo()
    r.values.update({"s4.review.upheld": 10, "s4.review.corrected": 1, "s4.review.other": 0,
                     "s4.review.pending": 0, "s4.review.total": 0})
    fs = found(r)
    # the demo's narrative says 行政复议9件, which now contradicts the printed total 0
    assert set(fs) == {"R4:s4.review.total", "H2:s4.review.total"}
    f = fs["R4:s4.review.total"]
    assert (f.rule, f.severity) == ("R4", "error")
    assert f.cells == ("s4.review.total", "s4.review.upheld", "s4.review.corrected", "s4.review.other",
                       "s4.review.pending")
    assert (f.actual, f.expected) == (0, 11)
    assert "行政复议" in f.message and "总计填的是 0" in f.message and "11" in f.message


def test_r4_fails_on_the_2019_edition():
    r = balanced_2019()
    bump(r, s4__suit_after_review__total=1)
    fs = found(r)
    # the narrative's 被提起行政诉讼3件 now contradicts the printed 1 + 3 (H2, the sum of the two totals)
    assert set(fs) == {"R4:s4.suit_after_review.total", SUITS}
    f = fs["R4:s4.suit_after_review.total"]
    assert (f.actual, f.expected) == (3, 2)
    assert "复议后起诉" in f.message


def test_r4_passes_when_results_move_within_a_group():
    r = demo()
    bump(r, s4__review__upheld=1, s4__review__pending=-1)
    assert rules.check(r) == []


# --------------------------------------------------------------------------
# R5: carried_in == last year's carried_out


def test_r5_warns_when_carried_in_differs_from_last_years_carried_out():
    r = demo()
    r.previous.values["s3.carried_out.natural"] = 13
    fs = found(r)
    assert set(fs) == {"R5:s3.carried_in.natural"}
    f = fs["R5:s3.carried_in.natural"]
    assert (f.rule, f.severity) == ("R5", "warning")
    assert f.cells == ("s3.carried_in.natural",)
    assert (f.actual, f.expected) == (14, 13)
    assert not f.accepted and f.is_open
    assert "「自然人」" in f.message and "14" in f.message and "13" in f.message
    assert "二、上年结转" in f.message


def test_r5_warns_on_the_2019_edition():
    r = balanced_2019()
    r.previous.values["s3.carried_out.total"] = 5
    fs = found(r)
    assert set(fs) == {"R5:s3.carried_in.total"}
    assert (fs["R5:s3.carried_in.total"].actual, fs["R5:s3.carried_in.total"].expected) == (4, 5)
    assert "「总计」" in fs["R5:s3.carried_in.total"].message


def test_r5_passes_or_is_skipped_when_last_year_is_unknown():
    r = demo()
    assert not any(k.startswith("R5") for k in found(r))       # demo: carried_in == 2023 carried_out
    r.values["s3.carried_in.natural"] = 99
    r.previous.values.pop("s3.carried_out.natural")            # unknown last-year term
    assert "R5:s3.carried_in.natural" not in found(r)
    r.previous = None
    assert not any(k.startswith("R5") for k in found(r))


# --------------------------------------------------------------------------
# R6: value types


def test_r6_fails_on_a_negative_count():
    r = balanced_2019()
    r.values["s2.procurement.projects"] = -1          # bypasses Report.set, as a bad import would
    fs = found(r)
    assert set(fs) == {"R6:s2.procurement.projects"}
    f = fs["R6:s2.procurement.projects"]
    assert (f.rule, f.severity) == ("R6", "error")
    assert f.cells == ("s2.procurement.projects",)
    assert f.actual == -1
    assert "「政府集中采购」「采购项目数量」" in f.message and "不能为负数" in f.message


def test_r6_fails_on_an_amount_with_more_than_six_decimals():
    r = demo()
    r.values["s2.fees.amount"] = Decimal("1836.4527001")
    fs = found(r)
    assert set(fs) == {"R6:s2.fees.amount"}
    f = fs["R6:s2.fees.amount"]
    assert f.actual == Decimal("1836.4527001")
    assert "「行政事业性收费」「本年收费金额（单位：万元）」" in f.message and "小数位数过多" in f.message


def test_r6_fails_on_a_fractional_change():
    r = balanced_2019()
    r.values["s2.licensing.change"] = Decimal("-1.5")
    fs = found(r)
    assert set(fs) == {"R6:s2.licensing.change"}
    assert "「行政许可」「本年增/减」" in fs["R6:s2.licensing.change"].message
    assert "应为整数" in fs["R6:s2.licensing.change"].message


def test_r6_passes_on_negative_change_and_six_place_amounts():
    r = balanced_2019()
    r.values["s2.penalty.change"] = -40                          # signed: may be negative
    r.values["s2.procurement.amount"] = Decimal("345.678901")    # 6 places = 1 分
    assert rules.check(r) == []
    r = demo()
    r.values["s2.fees.amount"] = Decimal("1836.4527000")         # 7 places, but trailing zeros are not precision
    assert rules.check(r) == []


# --------------------------------------------------------------------------
# H1: section 二 across years


def test_h1_2021_warns_when_in_force_does_not_follow_from_last_year():
    r = demo()
    r.previous.values["s2.regulations.in_force"] = 37         # 37 + 3 - 1 = 39, printed 40
    fs = found(r)
    assert set(fs) == {"H1:s2.regulations.in_force"}
    f = fs["H1:s2.regulations.in_force"]
    assert (f.rule, f.severity) == ("H1", "warning")
    assert f.cells == ("s2.regulations.in_force", "s2.regulations.issued", "s2.regulations.repealed")
    assert (f.actual, f.expected) == (40, 39)
    assert "「规章」" in f.message and "40" in f.message and "39" in f.message

    r = demo()
    r.values["s2.normative.in_force"] = 175                   # 156 + 27 - 9 = 174
    fs = found(r)
    assert set(fs) == {"H1:s2.normative.in_force"}
    assert (fs["H1:s2.normative.in_force"].actual, fs["H1:s2.normative.in_force"].expected) == (175, 174)
    assert "「行政规范性文件」" in fs["H1:s2.normative.in_force"].message


def test_h1_2021_passes_and_is_skipped_without_last_year():
    r = demo()
    bump(r, s2__regulations__issued=1, s2__regulations__in_force=1)
    assert rules.check(r) == []
    r.values["s2.regulations.in_force"] = 99
    r.previous.values.pop("s2.regulations.in_force")
    assert "H1:s2.regulations.in_force" not in found(r)
    r.previous = None
    assert rules.check(r) == []


def test_h1_2019_warns_when_prev_items_is_not_last_years_prev_items_plus_change():
    r = balanced_2019()
    r.values["s2.licensing.prev_items"] = 95                  # last year: 100 + (-10) = 90
    r.values["s2.licensing.change"] = -5                      # keep 95 - 5 >= 0 and nothing else
    fs = found(r)
    assert set(fs) == {"H1:s2.licensing.prev_items"}
    f = fs["H1:s2.licensing.prev_items"]
    assert (f.rule, f.severity) == ("H1", "warning")
    assert f.cells == ("s2.licensing.prev_items",)
    assert (f.actual, f.expected) == (95, 90)
    assert "「行政许可」" in f.message and "95" in f.message and "90" in f.message


def test_h1_2019_passes_for_every_row_and_is_skipped_when_last_year_is_unknown():
    r = balanced_2019()
    assert not any(f.rule == "H1" for f in rules.check(r))
    r.values["s2.fees.prev_items"] = 99
    r.previous.values.pop("s2.fees.change")
    assert "H1:s2.fees.prev_items" not in found(r)


def test_h1n_2019_warns_when_prev_items_plus_change_is_negative():
    r = balanced_2019()
    r.values["s2.licensing.change"] = -100                    # 90 - 100 = -10
    fs = found(r)
    assert set(fs) == {"H1n:s2.licensing.prev_items"}
    f = fs["H1n:s2.licensing.prev_items"]
    assert (f.rule, f.severity) == ("H1", "warning")
    assert f.cells == ("s2.licensing.prev_items", "s2.licensing.change")
    assert (f.actual, f.expected) == (-10, 0)
    assert "「行政许可」" in f.message and "-10" in f.message
    r.previous = None                                         # a same-year check: no last year needed
    assert set(found(r)) == {"H1n:s2.licensing.prev_items"}


def test_h1n_2019_passes_at_exactly_zero():
    r = balanced_2019()
    r.values["s2.coercion.change"] = -10                      # 10 - 10 = 0
    assert "H1n:s2.coercion.prev_items" not in found(r)
    assert rules.check(r) == []


# --------------------------------------------------------------------------
# H2: numbers the narrative quotes (the edition's text_figures)


SUITS = "H2:s4.suit_direct.total+s4.suit_after_review.total"     # a figure that is a sum: its cells joined

H2_CASES = [
    # (what the demo's s1 says, what it says instead, key, cells, table, quoted, what)
    ("新收政府信息公开申请357件", "新收政府信息公开申请350件", "H2:s3.new.total", ("s3.new.total",),
     357, 350, "本年新收政府信息公开申请"),
    ("全市新收政府信息公开申请357件", "全市共收到政府信息公开申请356件", "H2:s3.new.total", ("s3.new.total",),
     357, 356, "本年新收政府信息公开申请"),
    ("上年结转17件", "上年结转15件", "H2:s3.carried_in.total", ("s3.carried_in.total",),
     17, 15, "上年结转申请"),
    ("结转下年度继续办理21件", "结转下年度继续办理12件", "H2:s3.carried_out.total", ("s3.carried_out.total",),
     21, 12, "结转下年度继续办理的申请"),
    ("行政复议9件", "行政复议10件", "H2:s4.review.total", ("s4.review.total",),
     9, 10, "行政复议"),
    ("行政诉讼8件", "行政诉讼5件", SUITS, ("s4.suit_direct.total", "s4.suit_after_review.total"),
     8, 5, "行政诉讼"),
    ("本年度办结353件", "本年度办结350件", "H2:s3.total.total", ("s3.total.total",), 353, 350, "本年办结的申请"),
    ("未经复议直接起诉5件", "未经复议直接起诉4件", "H2:s4.suit_direct.total", ("s4.suit_direct.total",),
     5, 4, "未经复议直接起诉的行政诉讼"),
    ("复议后起诉3件", "复议后起诉2件", "H2:s4.suit_after_review.total", ("s4.suit_after_review.total",),
     3, 2, "复议后起诉的行政诉讼"),
]


@pytest.mark.parametrize("old,new,key,cells,table,quoted,what", H2_CASES, ids=[c[2] + ":" + c[1] for c in H2_CASES])
def test_h2_warns_when_the_narrative_contradicts_the_table(old, new, key, cells, table, quoted, what):
    r = demo()
    r.text["s1"] = replace_once(r.text["s1"], old, new)
    fs = found(r)
    assert set(fs) == {key}
    f = fs[key]
    assert (f.rule, f.severity) == ("H2", "warning")
    assert f.cells == cells
    assert (f.expected, f.actual) == (table, quoted)
    assert what in f.message and f"{quoted} 件" in f.message and f"表格中为 {table}" in f.message
    assert f"{quoted}件”" in f.message                        # quotes the sentence


@pytest.mark.parametrize("old,new", [
    ("全市新收政府信息公开申请357件", "全市共收到政府信息公开申请357件"),
    ("全市新收政府信息公开申请357件", "全市新收政府信息公开申请３５７件"),
    ("上年结转17件", "上年度结转17件"),
    ("结转下年度继续办理21件", "结转至下一年度继续办理21件"),
    ("被申请行政复议9件", "被申请行政复议9起"),
])
def test_h2_passes_when_the_narrative_agrees_with_the_table(old, new):
    r = demo()
    r.text["s1"] = replace_once(r.text["s1"], old, new)
    assert rules.check(r) == []


def test_h2_passes_on_the_demo_for_every_quoted_figure():
    r = demo()
    s1 = r.text["s1"]
    for old, *_ in H2_CASES:
        assert old in s1                   # the demo quotes all five figures ...
    assert rules.check(r) == []            # ... and they agree with its tables


def test_h2_reads_s5_and_s6_and_the_2019_edition_too():
    r = demo()
    r.text["s6"] += "\n本年度行政复议10件。"
    assert set(found(r)) == {"H2:s4.review.total"}
    r = balanced_2019()
    assert "H2:s3.new.total" not in found(r)
    r.text["s1"] = replace_once(r.text["s1"], "收到政府信息公开申请30件", "收到政府信息公开申请31件")
    fs = found(r)
    assert set(fs) == {"H2:s3.new.total"}
    assert (fs["H2:s3.new.total"].expected, fs["H2:s3.new.total"].actual) == (30, 31)


def test_h2_reads_numbers_as_written_and_the_preface():
    r = demo()
    r.text["s1"] = replace_once(r.text["s1"], "被申请行政复议9件", "被申请行政复议案件三件")
    f = found(r)["H2:s4.review.total"]
    assert (f.expected, f.actual) == (9, 3)
    assert "正文说行政复议 3 件（“" in f.message and "行政复议案件三件”）" in f.message and "表格中为 9" in f.message
    r = demo()
    r.text["s1"] = replace_once(r.text["s1"], "被申请行政复议9件", "被申请行政复议九件")
    assert rules.check(r) == []                                   # the same figure in words agrees
    r.text["preface"] = (r.text.get("preface") or "") + "全年共收到政府信息公开申请358件。"
    assert set(found(r)) == {"H2:s3.new.total"}


def test_h2_a_sum_with_one_blank_part_counts_it_as_0():
    r = demo()
    for c in ("upheld", "corrected", "other", "pending", "total"):
        del r.values[f"s4.suit_after_review.{c}"]
    fs = found(r)
    assert fs[SUITS].expected == 5 and fs[SUITS].actual == 8         # 被提起行政诉讼8件 against 5 + blank
    assert "H2:s4.suit_after_review.total" not in fs                  # 复议后起诉3件: nothing to compare


def test_h2_its_figures_are_the_editions_text_figures(tmp_path):
    """One place per fact: an edition file that still gives H2 figures of its own is refused."""
    import json
    from pathlib import Path

    from govreport_gui.core import edition as E
    from govreport_gui.core.errors import EditionError

    src = Path(__file__).resolve().parents[1] / "resources" / "editions" / "2021.json"
    data = json.loads(src.read_text(encoding="utf-8"))
    h2 = next(x for x in data["rules"] if x.get("function") == "narrative_numbers")
    assert set(h2["params"]) == {"texts"}
    h2["params"]["quotes"] = [{"what": "行政复议", "cell": "s4.review.total", "patterns": ["复议([0-9]+)件"]}]
    (tmp_path / "2021.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EditionError) as e:
        E.load_file(tmp_path / "2021.json")
    assert "text_figures" in str(e.value)


def test_h2_is_skipped_when_the_table_is_blank():
    r = demo()
    for c in ("upheld", "corrected", "other", "pending", "total"):
        del r.values[f"s4.review.{c}"]
    fs = found(r)
    assert "H2:s4.review.total" not in fs
    assert set(fs) == {"B1:s4"}


# --------------------------------------------------------------------------
# H3: the share of the narrative that repeats last year's (more: test_narrative_rules.py)


def _few_chars_changed(text: str) -> str:
    t = list(text)
    for i in (20, 60, 100):
        assert t[i] != "某"
        t[i] = "某"
    return "".join(t)


@pytest.mark.parametrize("tid,name", [("s1", "一、总体情况"), ("s5", "五、存在的主要问题及改进情况")])
def test_h3_warns_when_the_text_is_last_years_with_a_few_characters_changed(tid, name):
    r = demo()
    r.previous.text[tid] = _few_chars_changed(r.text[tid])
    assert r.previous.text[tid] != r.text[tid]
    fs = found(r)
    # 一 is most of the report's text: the whole report repeats last year's too
    assert set(fs) == ({"H3:s1", "H3:report"} if tid == "s1" else {"H3:s5"})
    f = fs[f"H3:{tid}"]
    assert (f.rule, f.severity) == ("H3", "warning")
    assert f.cells == ()
    assert f.message.startswith(f"{name}与上年报告重复 9") and "%" in f.message


def test_h3_passes_for_different_text_and_when_last_years_text_is_unknown():
    r = demo()
    assert r.previous.text["s1"] != r.text["s1"]
    assert not any(f.rule == "H3" for f in rules.check(r))      # the demo's 2023 text is different
    r.previous.text.pop("s1")
    r.previous.text["s5"] = ""
    assert not any(f.rule == "H3" for f in rules.check(r))
    r.previous = None
    assert rules.check(r) == []


def test_h3_on_the_2019_edition():
    r = balanced_2019()
    r.previous.text["s1"] = r.text["s1"].replace("2020年", "2019年")
    fs = found(r)
    assert set(fs) == {"H3:s1", "H3:report"}                   # 一 is most of 一、五、六 together
    assert "一、总体情况" in fs["H3:s1"].message


# --------------------------------------------------------------------------
# H4: jumps from last year


@pytest.mark.parametrize("prev,cur,jump", [
    (10, 50, False),     # exactly 5×: not a jump
    (10, 51, True),
    (50, 10, False),     # exactly 1/5
    (51, 10, True),
    (0, 9, False),       # differs by less than 10
    (2, 11, False),      # more than 5× but only 9 apart
    (2, 12, True),
    (0, 10, True),       # "by at least 10"
    (0, 12, True),
    (0, 0, False),
])
def test_h4_boundaries(prev, cur, jump):
    r = demo()
    r.previous.values["s2.coercion.decisions"] = prev
    r.values["s2.coercion.decisions"] = cur
    fs = found(r)
    if not jump:
        assert fs == {}
        return
    assert set(fs) == {"H4:s2.coercion.decisions"}
    f = fs["H4:s2.coercion.decisions"]
    assert (f.rule, f.severity) == ("H4", "warning")
    assert f.cells == ("s2.coercion.decisions",)
    assert (f.actual, f.expected) == (cur, prev)
    assert "「行政强制」「本年处理决定数量」" in f.message
    assert f"为 {cur}" in f.message and f"上年为 {prev}" in f.message and "5倍" in f.message


def test_h4_on_decimal_amounts():
    r = demo()                                   # last year 1712.0836 万元
    r.values["s2.fees.amount"] = Decimal("8560.418")          # exactly 5×
    assert rules.check(r) == []
    r.values["s2.fees.amount"] = Decimal("8560.418001")
    fs = found(r)
    assert set(fs) == {"H4:s2.fees.amount"}
    f = fs["H4:s2.fees.amount"]
    assert f.actual == Decimal("8560.418001") and f.expected == Decimal("1712.0836")
    assert "8560.418001" in f.message and "1712.0836" in f.message


def test_h4_on_the_2019_edition_and_without_last_year():
    r = balanced_2019()
    r.values["s2.licensing.decisions"] = 5001                 # last year 1000
    fs = found(r)
    assert set(fs) == {"H4:s2.licensing.decisions"}
    assert "「行政许可」「处理决定数量」" in fs["H4:s2.licensing.decisions"].message
    r.values["s2.licensing.decisions"] = 5000
    assert rules.check(r) == []
    r.values["s2.licensing.decisions"] = 99999
    r.previous = None
    assert rules.check(r) == []


# --------------------------------------------------------------------------
# B1: blank cells


def test_b1_lists_the_blank_cells_of_each_table():
    r = demo()
    del r.values["s2.fees.amount"]
    fs = found(r)
    assert set(fs) == {"B1:s2"}
    f = fs["B1:s2"]
    assert (f.rule, f.severity) == ("B1", "warning")
    assert f.cells == ("s2.fees.amount",)
    assert f.expected is None and f.actual is None
    assert "二、主动公开政府信息情况" in f.message and "有 1 个单元格未填写" in f.message
    assert "「行政事业性收费」「本年收费金额（单位：万元）」" in f.message and "等" not in f.message.split("。")[0]


def test_b1_counts_many_blanks_and_names_the_first_three():
    r = demo()
    for c in ("s2.regulations.issued", "s2.licensing.decisions", "s2.penalty.decisions", "s2.coercion.decisions"):
        del r.values[c]
    fs = found(r)
    # H1 of 规章 still has 本年废止 on its right side, so the blank 本年制发 counts as 0 there:
    # 38 + 0 - 1 = 37, printed 40
    assert set(fs) == {"B1:s2", "H1:s2.regulations.in_force"}
    assert fs["H1:s2.regulations.in_force"].expected == 37
    f = fs["B1:s2"]
    assert f.cells == ("s2.regulations.issued", "s2.licensing.decisions", "s2.penalty.decisions",
                       "s2.coercion.decisions")
    assert "有 4 个单元格未填写" in f.message
    assert "「规章」「本年制发件数」、「行政许可」「本年处理决定数量」、「行政处罚」「本年处理决定数量」等" in f.message


def test_b1_passes_when_zero_is_written():
    r = demo()
    assert all(r.values[f"s3.denied.secret.{c}"] == 0 for c in COLUMNS)    # a row of zeros is not blank
    assert rules.check(r) == []
    r = balanced_2019()
    assert r.values["s3.denied.secret.total"] == 0
    assert rules.check(r) == []


def test_b1_on_the_2019_edition_section_four():
    r = balanced_2019()
    del r.values["s4.review.pending"], r.values["s4.review.total"]
    fs = found(r)
    assert "R4:s4.review.total" not in fs
    assert fs["B1:s4"].cells == ("s4.review.pending", "s4.review.total")
    assert "四、政府信息公开行政复议、行政诉讼情况有 2 个单元格未填写" in fs["B1:s4"].message


# --------------------------------------------------------------------------
# accepted warnings, errors that cannot be accepted


def test_an_accepted_warning_stays_listed_as_accepted_with_its_note():
    r = demo()
    r.previous.values["s3.carried_out.natural"] = 13
    note = "上年报告结转数有误，已在上年年报更正说明中说明"
    r.notes["R5:s3.carried_in.natural"] = note
    fs = rules.check(r)
    assert [f.key for f in fs] == ["R5:s3.carried_in.natural"]
    f = fs[0]
    assert f.accepted is True and f.note == note and not f.is_open
    assert f.to_json()["accepted"] is True and f.to_json()["note"] == note


def test_an_empty_note_does_not_accept():
    r = demo()
    r.previous.values["s3.carried_out.natural"] = 13
    r.notes["R5:s3.carried_in.natural"] = ""
    f = found(r)["R5:s3.carried_in.natural"]
    assert not f.accepted and f.is_open


def test_errors_cannot_be_accepted():
    r = demo()
    bump(r, s3__carried_out__natural=1, s3__carried_out__business=-1)
    r.notes["R1:s3.new.natural"] = "我们认为没问题"
    f = found(r)["R1:s3.new.natural"]
    assert f.severity == "error"
    assert f.accepted is False and f.is_open
    assert "accepted" not in f.to_json()


def test_accepted_warnings_sort_after_open_findings():
    r = demo()
    bump(r, s3__carried_out__natural=1, s3__carried_out__business=-1)   # two R1 errors
    r.previous.values["s3.carried_out.natural"] = 13                    # R5 warning
    r.previous.values["s2.coercion.decisions"] = 10
    r.values["s2.coercion.decisions"] = 100                             # H4 warning
    r.notes["R5:s3.carried_in.natural"] = "已说明"
    keys = [f.key for f in rules.check(r)]
    assert keys == ["R1:s3.new.natural", "R1:s3.new.business", "H4:s2.coercion.decisions",
                    "R5:s3.carried_in.natural"]


# --------------------------------------------------------------------------
# findings serialize with Decimal amounts


def test_finding_to_json_writes_amounts_as_strings():
    r = demo()
    r.values["s2.fees.amount"] = Decimal("8560.418001")
    d = found(r)["H4:s2.fees.amount"].to_json()
    assert d["rule"] == "H4" and d["severity"] == "warning" and d["cells"] == ["s2.fees.amount"]
    assert d["actual"] == "8560.418001" and d["expected"] == "1712.0836"


# --------------------------------------------------------------------------
# every column, every row: the checks each rule expands into


@pytest.mark.parametrize("edition,result_rows", [("2021", RESULT_ROWS_2021), ("2019", RESULT_ROWS_2019)])
def test_each_rule_covers_every_column_and_row(edition, result_rows):
    r = new_report(2024 if edition == "2021" else 2020, "测试", edition)
    comp = rules.compiled(r.ed)
    keys: dict[str, set[str]] = {}
    for k in comp.by_key:
        keys.setdefault(k.split(":")[0], set()).add(k.split(":", 1)[1])
    s3_rows = ("new", "carried_in") + result_rows + ("total", "carried_out")
    assert keys["R1"] == {f"s3.new.{c}" for c in COLUMNS}
    assert keys["R2"] == {f"s3.total.{c}" for c in COLUMNS}
    assert keys["R3"] == {f"s3.{row}.total" for row in s3_rows}
    assert keys["R4"] == {f"s4.{g}.total" for g in ("review", "suit_direct", "suit_after_review")}
    assert keys["R5"] == {f"s3.carried_in.{c}" for c in COLUMNS}
    assert keys["R6"] == set(r.ed.cells)
    assert keys["B1"] == {"s2", "s3", "s4"}
    assert keys["H2"] == {"s3.new.total", "s3.carried_in.total", "s3.total.total", "s3.carried_out.total",
                          "s4.review.total", "s4.suit_direct.total+s4.suit_after_review.total",
                          "s4.suit_direct.total", "s4.suit_after_review.total"}
    assert keys["H3"] == {"s1", "s5", "s6", "report"}
    assert (keys["N1"], keys["N2"], keys["N4"]) == ({"s5"}, {"s6"}, {"s1"})
    assert keys.get("N3") == ({"s3.other.unpaid_fee.total"} if edition == "2021" else None)
    assert keys["H4"] == {c for c, cd in r.ed.cells.items() if cd.type != "signed"}
    r2 = comp.by_key["R2:s3.total.natural"]
    assert r2.cells == ("s3.total.natural",) + tuple(f"s3.{row}.natural" for row in result_rows)
    if edition == "2021":
        assert keys["H1"] == {"s2.regulations.in_force", "s2.normative.in_force"}
        assert "H1n" not in keys
    else:
        rows = ("licensing", "other_services", "penalty", "coercion", "fees")
        assert keys["H1"] == {f"s2.{row}.prev_items" for row in rows}
        assert keys["H1n"] == {f"s2.{row}.prev_items" for row in rows}


# -- regressions: narrative numbers that are not the table's figures, and blank totals ---------


@pytest.mark.parametrize("sentence", [
    "全年共受理行政许可申请45317件，办结率100%。",
    "本年度新收和上年结转的政府信息公开申请共374件。",
    "行政复议决定维持6件。",
    "收到人大代表建议和政协提案36件。",
])
def test_h2_ignores_numbers_that_are_not_the_quoted_figure(sentence):

    r = native.load(DEMO)
    r.text["s6"] = r.text["s6"] + "\n" + sentence
    assert not [f for f in rules.check(r) if f.rule == "H2"]


@pytest.mark.parametrize("sentence, cell", [
    ("本年度共收到政府信息公开申请360件。", "s3.new.total"),
    ("全年受理政府信息公开申请３６０件。", "s3.new.total"),
    ("被申请行政复议10件。", "s4.review.total"),
    ("发生行政诉讼共12起。", "s4.suit_direct.total"),
    ("发生政府信息公开行政复议案件三件。", "s4.review.total"),
    ("全年共收到政府信息公开申请三百六十件。", "s3.new.total"),
    ("收到政府信息公开申请合计共1,360件。", "s3.new.total"),
])
def test_h2_still_catches_the_quoted_figures(sentence, cell):

    r = native.load(DEMO)
    r.text["s6"] = r.text["s6"] + "\n" + sentence
    assert [f.cells[0] for f in rules.check(r) if f.rule == "H2"] == [cell]


def test_a_blank_total_is_b1_not_a_wrong_sum_in_the_rules_around_it():

    r = native.load(DEMO)
    del r.values["s3.total.natural"]
    found = {f.rule for f in rules.check(r)}
    assert found == {"B1"}      # not R1 for the natural column, not R3 for the （七）总计 row
