"""Real published reports, transcribed as printed (tests/fixtures/published/FACTS.md).

Printed totals are kept, so ``rules.check`` (which does not recompute) must say
exactly what the printed documents get right and wrong.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govreport_gui.core import native, rules
from govreport_gui.core.report import Report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "published"

APPLICANTS = ("natural", "business", "research", "social", "legal", "other")
COLUMNS = APPLICANTS + ("total",)
S3_ROWS_2019 = (
    "new", "carried_in", "granted", "partial", "denied.secret", "denied.law", "denied.safety",
    "denied.third_party", "denied.internal", "denied.process", "denied.enforcement", "denied.query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear", "rejected.petition",
    "rejected.repeated", "rejected.publication", "rejected.excessive", "rejected.confirmation", "other",
    "total", "carried_out")
S4 = tuple(f"s4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total"))


def load(name: str) -> Report:
    return native.load(FIXTURES / f"{name}.govreport")


def findings(r: Report) -> dict[str, rules.Finding]:
    return {f.key: f for f in rules.check(r)}


def test_the_four_fixtures_are_there():
    assert sorted(p.stem for p in FIXTURES.glob("*.govreport")) == [
        "2020_dalizhuang_township", "2020_dongan_district", "2020_hainan_township", "2024_hongze_district"]


# --------------------------------------------------------------------------
# 东安区 2020 (edition 2019): complete, clean, negative changes, an amount


def test_dongan_values():
    r = load("2020_dongan_district")
    assert (r.edition, r.year, r.issuer) == ("2019", 2020, "东安区人民政府")
    assert r.meta["website"] == "http://www.donganqu.gov.cn/zwgk-list.asp?class=608"
    v = r.values
    assert len(v) == 198 and r.blank_cells() == []
    assert (v["s2.normative.made"], v["s2.normative.published"], v["s2.normative.total_public"]) == (0, 0, 5)
    assert (v["s2.licensing.prev_items"], v["s2.licensing.change"], v["s2.licensing.decisions"]) == (134, -51, 5190)
    assert (v["s2.other_services.prev_items"], v["s2.other_services.change"],
            v["s2.other_services.decisions"]) == (25, 0, 8)
    assert (v["s2.penalty.prev_items"], v["s2.penalty.change"], v["s2.penalty.decisions"]) == (705, -482, 10)
    assert (v["s2.coercion.prev_items"], v["s2.coercion.change"], v["s2.coercion.decisions"]) == (36, -21, 0)
    assert (v["s2.fees.prev_items"], v["s2.fees.change"]) == (0, 0)
    assert v["s2.procurement.projects"] == 83
    amount = v["s2.procurement.amount"]
    assert isinstance(amount, Decimal) and amount == Decimal("2167.0875")
    assert str(amount) == "2167.0875"
    assert all(isinstance(v[c], int) for c in v if c != "s2.procurement.amount")

    ones = {"s3.new.business", "s3.new.total", "s3.granted.business", "s3.granted.total",
            "s3.total.business", "s3.total.total"}
    for row in S3_ROWS_2019:
        for col in COLUMNS:
            cid = f"s3.{row}.{col}"
            assert v[cid] == (1 if cid in ones else 0), cid
    assert all(v[c] == 0 for c in S4)


def test_dongan_breaks_no_rule():
    r = load("2020_dongan_district")
    # its 一 (six parts of its own) says nothing of 依申请公开: the one warning (N4)
    assert [f.key for f in rules.check(r)] == ["N4:s1"]
    assert "依申请" not in r.text["s1"] and "缺少依申请公开部分" in rules.check(r)[0].message
    # the numbers the narrative has are not application counts
    assert "近700条" in r.text["s1"]
    assert "36件" in r.text["s6"]


def test_dongan_negative_change_is_checked_against_zero():
    r = load("2020_dongan_district")
    r.values["s2.penalty.change"] = -706                          # 705 - 706 < 0
    fs = findings(r)
    assert set(fs) == {"H1n:s2.penalty.prev_items", "N4:s1"}
    assert fs["H1n:s2.penalty.prev_items"].actual == -1


# --------------------------------------------------------------------------
# 海南朝鲜族乡 2020 (edition 2019): cut-off section 三, no section 四


HAINAN_BLANK_S3 = (
    {"s3.granted.natural", "s3.partial.natural", "s3.denied.secret.total", "s3.denied.law.total"}
    | {f"s3.{row}.{col}" for row in S3_ROWS_2019[S3_ROWS_2019.index("denied.safety"):] for col in COLUMNS})


def test_hainan_values_and_blanks():
    r = load("2020_hainan_township")
    assert (r.edition, r.year) == ("2019", 2020)
    assert r.meta == {}
    v = r.values
    assert len(v) == 60
    assert len(HAINAN_BLANK_S3) == 4 + 17 * 7
    assert set(r.blank_cells()) == HAINAN_BLANK_S3 | set(S4)
    assert len(r.blank_cells()) == 138
    assert (v["s2.other_services.prev_items"], v["s2.other_services.change"],
            v["s2.other_services.decisions"]) == (35, 0, 2904)
    assert v["s2.procurement.projects"] == 32
    assert v["s2.procurement.amount"] == Decimal("1228.92") and isinstance(v["s2.procurement.amount"], Decimal)
    for col in COLUMNS:
        assert v[f"s3.new.{col}"] == 0 and v[f"s3.carried_in.{col}"] == 0
    others = {c for c in v if c.startswith("s2.")} - {
        "s2.other_services.prev_items", "s2.other_services.decisions", "s2.procurement.projects",
        "s2.procurement.amount"}
    assert len([c for c in v if c.startswith("s2.")]) == 22
    assert all(v[c] == 0 for c in others)
    assert all(v[c] == 0 for c in v if c.startswith("s3."))


def test_hainan_only_blanks_fire():
    r = load("2020_hainan_township")
    fs = findings(r)
    # and N4: its 一 (组织领导, 规范政务公开) has no 政府信息管理 part
    assert {f.rule for f in fs.values()} == {"B1", "N4"}
    assert set(fs) == {"B1:s3", "B1:s4", "N4:s1"}
    assert "缺少政府信息管理部分" in fs["N4:s1"].message
    assert len(fs["B1:s3"].cells) == 123 and set(fs["B1:s3"].cells) == HAINAN_BLANK_S3
    assert fs["B1:s4"].cells == S4
    assert "有 123 个单元格未填写" in fs["B1:s3"].message
    assert "有 15 个单元格未填写" in fs["B1:s4"].message
    # the narrative says there were none, in words: nothing for the numeric H2 check
    assert "没有受理政府信息申请" in r.text["s1"]


# --------------------------------------------------------------------------
# 大李庄乡 2020 (edition 2019): all zeros, 21 blanks from a broken table


DALIZHUANG_BLANK = (
    {f"s3.{row}.total" for row in S3_ROWS_2019[S3_ROWS_2019.index("granted"):S3_ROWS_2019.index("rejected.confirmation")]}
    | {f"s3.{row}.natural" for row in ("rejected.confirmation", "other", "total", "carried_out")})


def test_dalizhuang_values_and_blanks():
    r = load("2020_dalizhuang_township")
    assert (r.edition, r.year) == ("2019", 2020)
    assert r.meta == {}
    v = r.values
    assert len(v) == 177
    assert len(DALIZHUANG_BLANK) == 21
    assert set(r.blank_cells()) == DALIZHUANG_BLANK
    assert all(x == 0 for x in v.values())
    assert v["s2.procurement.amount"] == Decimal("0") and isinstance(v["s2.procurement.amount"], Decimal)
    assert v["s3.new.total"] == 0 and v["s3.total.total"] == 0
    assert all(v[c] == 0 for c in S4)


def test_dalizhuang_only_blanks_fire():
    r = load("2020_dalizhuang_township")
    fs = findings(r)
    assert {f.rule for f in fs.values()} == {"B1"}
    assert set(fs) == {"B1:s3"}
    assert len(fs["B1:s3"].cells) == 21 and set(fs["B1:s3"].cells) == DALIZHUANG_BLANK
    assert "有 21 个单元格未填写" in fs["B1:s3"].message


def test_dalizhuang_narrative_agrees_and_h2_notices_a_change():
    r = load("2020_dalizhuang_township")
    assert "收到政府信息公开申请0件" in r.text["s1"]
    assert "H2:s3.new.total" not in findings(r)
    r.text["s1"] = r.text["s1"].replace("收到政府信息公开申请0件", "收到政府信息公开申请3件")
    f = findings(r)["H2:s3.new.total"]
    assert (f.expected, f.actual) == (0, 3)


# --------------------------------------------------------------------------
# 洪泽区 2024 (edition 2021): complete but for （六）printed as one row; H2


HONGZE_BLANK = {f"s3.other.{row}.{col}" for row in ("no_correction", "unpaid_fee") for col in COLUMNS}


def test_hongze_values_and_blanks():
    r = load("2024_hongze_district")
    assert (r.edition, r.year, r.issuer) == ("2021", 2024, "淮安市洪泽区人民政府")
    assert r.meta["address"] == "淮安市洪泽区洪泽湖大道90号"
    assert r.meta["postcode"] == "223100" and r.meta["phone"] == "0517-87290606"
    v = r.values
    assert len(v) == 186
    assert set(r.blank_cells()) == HONGZE_BLANK and len(HONGZE_BLANK) == 14
    assert (v["s2.regulations.issued"], v["s2.regulations.repealed"], v["s2.regulations.in_force"]) == (0, 0, 0)
    assert (v["s2.normative.issued"], v["s2.normative.repealed"], v["s2.normative.in_force"]) == (3, 0, 8)
    assert (v["s2.licensing.decisions"], v["s2.penalty.decisions"], v["s2.coercion.decisions"]) == (9487, 2776, 84)
    assert v["s2.fees.amount"] == Decimal("7545") and isinstance(v["s2.fees.amount"], Decimal)
    assert v["s3.new.natural"] == 95 and v["s3.new.total"] == 95
    assert all(v[f"s3.carried_in.{c}"] == 0 for c in COLUMNS)
    natural = {"granted": 50, "partial": 9, "denied.safety": 1, "denied.process": 1, "denied.enforcement": 1,
               "unavailable.not_held": 31, "unavailable.needs_creation": 1, "rejected.petition": 1}
    result_rows = ("granted", "partial", "denied.secret", "denied.law", "denied.safety", "denied.third_party",
                   "denied.internal", "denied.process", "denied.enforcement", "denied.query",
                   "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
                   "rejected.petition", "rejected.repeated", "rejected.publication", "rejected.excessive",
                   "rejected.confirmation", "other.other")
    for row in result_rows:
        n = natural.get(row, 0)
        assert v[f"s3.{row}.natural"] == n and v[f"s3.{row}.total"] == n, row
        assert all(v[f"s3.{row}.{c}"] == 0 for c in APPLICANTS[1:]), row
    assert sum(natural.values()) == 95
    assert v["s3.total.natural"] == 95 and v["s3.total.total"] == 95
    assert all(v[f"s3.carried_out.{c}"] == 0 for c in COLUMNS)
    assert [v[f"s4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 1, 0, 0, 2]
    assert [v[f"s4.suit_direct.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 0, 1]
    assert [v[f"s4.suit_after_review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
        [2, 0, 1, 0, 3]


def test_hongze_h2_warns_about_17_applications_against_95_and_b1_lists_14_cells():
    r = load("2024_hongze_district")
    fs = findings(r)
    # and N2: a people's government's 六 states its 信息处理费 (0元) but not 人大代表建议和政协委员提案,
    # nor (in 一 or 六) the year's 政务公开工作要点
    assert {f.rule for f in fs.values()} == {"H2", "B1", "N2"}
    assert set(fs) == {"H2:s3.new.total", "B1:s3", "N2:s6"}
    assert fs["N2:s6"].message == ("六、其他需要报告的事项未写明：人大代表建议和政协委员提案办理结果；"
                                   "本年度政务公开工作要点落实情况。")
    h2 = fs["H2:s3.new.total"]
    assert h2.severity == "warning" and h2.cells == ("s3.new.total",)
    assert (h2.actual, h2.expected) == (17, 95)
    assert "受理政府信息公开申请17件" in h2.message and "17 件" in h2.message and "表格中为 95" in h2.message
    b1 = fs["B1:s3"]
    assert len(b1.cells) == 14 and set(b1.cells) == HONGZE_BLANK
    assert "有 14 个单元格未填写" in b1.message
    assert "全年收取政府信息公开信息处理费0元" in r.text["s6"]


def test_hongze_accepting_the_h2_warning_keeps_it_listed():
    r = load("2024_hongze_district")
    r.notes["H2:s3.new.total"] = "正文17件仅指区政府办本级受理的申请"
    f = findings(r)["H2:s3.new.total"]
    assert f.accepted and f.note == "正文17件仅指区政府办本级受理的申请"


@pytest.mark.parametrize("name", ["2020_dongan_district", "2020_hainan_township", "2020_dalizhuang_township",
                                  "2024_hongze_district"])
def test_no_cross_year_rule_can_fire_without_previous(name):
    r = load(name)
    assert r.previous is None
    assert not {f.rule for f in rules.check(r)} & {"R5", "H3", "H4"}
    assert not any(f.key.startswith("H1:") for f in rules.check(r))
