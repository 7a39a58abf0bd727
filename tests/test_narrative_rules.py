"""The narrative rules (issue 17, item 1), on both editions:

- N1: 五、存在的主要问题及改进情况 says the problems and the improvements (not blank, not "无",
  not too short);
- N2: 六、其他需要报告的事项 says what the edition asks of it (2021: 信息处理费, and for a
  people's government the results of 人大代表建议和政协委员提案; 2019: only not blank);
- N3: applications closed because a fee notice went unpaid → 六 speaks of the fee notices;
- N4: 一、总体情况 has the parts the format asks for;
- H3: the share of this year's text that repeats last year's, per text and for the whole report.

Each rule: a passing and a failing case through :func:`rules.check`, and the incremental path
(:meth:`rules.Engine.set_text` / ``set_values``) making the finding appear and go away.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from decimal import Decimal

import pytest

from conftest import DEMO, ROOT, run_cli
from govreport_gui.core import native, rulefuncs, rules
from govreport_gui.core.report import Previous, Report, new_report

PUBLISHED = ROOT / "tests" / "fixtures" / "published"

# a sentence on the year's 政务公开工作要点 (a part the data may ask of a people's government's 六)
POINTS = "对照《2024年政务公开工作要点》，市政府确定的38项任务全部完成。"

S1_2021 = ("（一）主动公开\n全年主动公开政府信息1200条。\n（二）依申请公开\n新收政府信息公开申请30件。\n"
           "（三）政府信息管理\n坚持先审后发，开展保密审查。\n（四）政府信息公开平台建设\n整合政务新媒体账号。\n"
           "（五）监督保障\n将政务公开纳入年度考核。")
S5_OK = ("本年度工作仍存在一些不足：一是政策解读形式较为单一；二是依申请公开答复文书不够规范。"
         "下一步，我们将推行图解、视频等多元化解读，统一答复文书格式，开展案卷评查。")
S6_FEES = "本年度未发出收费通知，未收取信息处理费。"


def demo() -> Report:
    return native.load(DEMO)


def keys(report: Report, rule: str | None = None) -> dict[str, rules.Finding]:
    return {f.key: f for f in rules.check(report) if rule is None or f.rule == rule}


def report_2021(issuer: str = "测试市财政局", **texts: str) -> Report:
    r = new_report(2024, issuer, "2021")
    r.text.update({"s1": S1_2021, "s5": S5_OK, "s6": S6_FEES})
    r.text.update(texts)
    return r


def report_2019(issuer: str = "测试县人民政府", **texts: str) -> Report:
    r = new_report(2020, issuer, "2019")
    r.text.update({"s1": S1_2021, "s5": S5_OK, "s6": "无。"})
    r.text.update(texts)
    return r


def narrative(report: Report) -> set[str]:
    """Keys of the narrative rules' findings (the other rules have their own tests)."""
    return {f.key for f in rules.check(report) if f.rule in ("N1", "N2", "N3", "N4", "H3")}


# --------------------------------------------------------------------------
# the data: every rule is a warning, in both editions, with its words in the edition file


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_the_narrative_rules_are_warnings_of_both_editions(edition):
    r = new_report(2024 if edition == "2021" else 2020, "测试", edition)
    ids = {rule.id: rule for rule in r.ed.rules}
    expected = {"N1", "N2", "N4", "H3"} | ({"N3"} if edition == "2021" else set())
    assert expected <= set(ids)
    assert ("N3" in ids) == (edition == "2021")          # 2019 has no row for unpaid fee notices
    for rid in expected:
        assert ids[rid].severity == "warning"
        assert ids[rid].title
    comp = rules.compiled(r.ed)
    assert {k for k in comp.by_key if k.startswith("N")} == \
        {"N1:s5", "N2:s6", "N4:s1"} | ({"N3:s3.other.unpaid_fee.total"} if edition == "2021" else set())
    assert {k for k in comp.by_key if k.startswith("H3:")} == {"H3:s1", "H3:s5", "H3:s6", "H3:report"}


def test_a_filled_report_passes_every_narrative_rule():
    assert narrative(report_2021()) == set()
    assert narrative(report_2021("测试县人民政府", s6=S6_FEES + "办理人大代表建议12件、政协提案15件。" + POINTS)) == set()
    assert narrative(report_2019()) == set()


# --------------------------------------------------------------------------
# N1: 五 says the problems and the improvements


@pytest.mark.parametrize("text,quoted", [("无", "无"), ("无。", "无。"), ("暂无", "暂无"), (" 无 。\n", "无。"),
                                         ("没有问题。", "没有问题。"), ("本年度无明显问题", "本年度无明显问题")])
def test_n1_warns_when_section_five_says_only_none(text, quoted):
    r = report_2021(s5=text)
    fs = keys(r, "N1")
    assert set(fs) == {"N1:s5"}
    f = fs["N1:s5"]
    assert (f.rule, f.severity, f.cells) == ("N1", "warning", ())
    assert f.message == f"五、存在的主要问题及改进情况只写了“{quoted}”，应写明存在的主要问题和改进措施。"


@pytest.mark.parametrize("text", ["", "   \n\u3000"])
def test_n1_warns_when_section_five_is_blank(text):
    fs = keys(report_2021(s5=text), "N1")
    assert fs["N1:s5"].message == "五、存在的主要问题及改进情况未填写，应写明存在的主要问题和改进措施。"


def test_n1_warns_when_section_five_is_too_short_counting_no_punctuation():
    text = "存在问题：公开不够及时。下一步将加强培训。"          # 18 characters without punctuation
    fs = keys(report_2021(s5=text), "N1")
    assert fs["N1:s5"].message == ("五、存在的主要问题及改进情况只有 18 个字（不计标点和空格，少于 50 个字），"
                                   "应具体写明存在的主要问题和改进措施。")
    # 50 characters, punctuation and spaces not counted, are enough; 49 are not
    long_enough = "存在问题：" + "公开不够及时，" * 6 + "工作。下一步将加强培训，" + " " * 30
    assert len(rulefuncs._squeeze(long_enough)) == 50
    assert "N1:s5" not in keys(report_2021(s5=long_enough))
    fs = keys(report_2021(s5=long_enough.replace("工作", "工")), "N1")
    assert "只有 49 个字" in fs["N1:s5"].message


def test_n1_names_the_part_that_is_missing():
    no_plan = "本年度工作仍存在一些不足：一是政策解读形式较为单一；二是依申请公开答复文书不够规范；三是政务新媒体更新频率不稳定，互动回应不够及时。"
    fs = keys(report_2021(s5=no_plan), "N1")
    assert fs["N1:s5"].message == "五、存在的主要问题及改进情况未写明改进措施，应写明存在的主要问题和改进措施。"
    no_problem = "2025年，我们将推行图解、视频等多元化解读，统一答复文书格式，开展案卷评查，推进政府网站集约化建设，做好政策解读工作。"
    fs = keys(report_2021(s5=no_problem), "N1")
    assert fs["N1:s5"].message == "五、存在的主要问题及改进情况未写明存在的主要问题，应写明存在的主要问题和改进措施。"


def test_n1_passes_on_the_demo_and_on_the_2019_edition():
    assert "N1:s5" not in keys(demo())
    assert "N1:s5" not in keys(report_2019())
    fs = keys(report_2019(s5="无"), "N1")
    assert fs["N1:s5"].message == "五、存在的主要问题及改进情况只写了“无”，应写明存在的主要问题和改进措施。"


def test_n1_appears_and_goes_as_section_five_is_edited():
    r = report_2021()
    e = rules.Engine(r)
    assert "N1:s5" not in e.findings
    d = e.set_text("s5", "无")
    assert [f.key for f in d.added] == ["N1:s5"] and d.removed == []
    d = e.set_text("s5", S5_OK)
    assert d.removed == ["N1:s5"] and "N1:s5" not in e.findings


# --------------------------------------------------------------------------
# N2: 六 says what the edition asks of it


FEES = "依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（发出收费通知的件数和金额、实际收取的金额，未收取的也应写明）"
PROPOSALS = "人大代表建议和政协委员提案办理结果"
POINTS_NAME = "本年度政务公开工作要点落实情况"
PROPOSALS_DONE = "办理人大代表建议12件、政协提案15件。"


@pytest.mark.parametrize("text", ["无", "无。", "暂无。", "本年度无其他需要报告的事项。", "暂无其他需要报告事项。", "不涉及"])
def test_n2_warns_when_section_six_says_only_none_naming_the_information_processing_fee(text):
    fs = keys(report_2021("测试市财政局", s6=text), "N2")
    assert set(fs) == {"N2:s6"}
    f = fs["N2:s6"]
    assert (f.rule, f.severity, f.cells) == ("N2", "warning", ())
    assert f.message == f"六、其他需要报告的事项只写了“{text}”，应写明：{FEES}。"
    assert "行政事业性收费" not in f.message


def test_n2_asks_a_peoples_government_for_the_proposals_too():
    fs = keys(report_2021("测试县人民政府", s6="无"), "N2")
    assert fs["N2:s6"].message == f"六、其他需要报告的事项只写了“无”，应写明：{FEES}；{PROPOSALS}；{POINTS_NAME}。"
    fs = keys(report_2021("测试县人民政府", s6=""), "N2")
    assert fs["N2:s6"].message == f"六、其他需要报告的事项未填写，应写明：{FEES}；{PROPOSALS}；{POINTS_NAME}。"
    # the fees stated: only what is still missing is named
    fs = keys(report_2021("测试县人民政府", s6=S6_FEES), "N2")
    assert fs["N2:s6"].message == f"六、其他需要报告的事项未写明：{PROPOSALS}；{POINTS_NAME}。"
    fs = keys(report_2021("测试县人民政府", s6=PROPOSALS_DONE + POINTS), "N2")
    assert fs["N2:s6"].message == f"六、其他需要报告的事项未写明：{FEES}。"
    assert "N2:s6" not in keys(report_2021("测试县人民政府", s6=S6_FEES + PROPOSALS_DONE + POINTS))
    # an office of a government, a bureau: not a people's government's report
    assert "N2:s6" not in keys(report_2021("测试县人民政府办公室", s6=S6_FEES))


def test_n2_keeps_the_information_processing_fee_apart_from_administrative_fees():
    """A public checker flags "六 says 无" whenever 行政事业性收费 (section 二) is above 0. Those
    are different fees: the finding is about 六's own content, whatever section 二 says."""
    r = report_2021("测试市财政局")
    r.values["s2.fees.amount"] = Decimal("7545")
    assert narrative(r) == set()                         # 信息处理费 stated: nothing to say
    r.text["s6"] = "无"
    with_fees = keys(r, "N2")["N2:s6"].message
    r.values["s2.fees.amount"] = Decimal("0")
    assert keys(r, "N2")["N2:s6"].message == with_fees   # the same whatever 行政事业性收费 is
    assert "行政事业性收费" not in with_fees


def test_n2_on_the_published_2024_report_names_what_its_section_six_lacks():
    """洪泽区人民政府 reports the 信息处理费 (0元) with 行政事业性收费 of 7545万元: the fees are
    not flagged; a people's government's proposals are not there."""
    r = native.load(PUBLISHED / "2024_hongze_district.govreport")
    assert r.values["s2.fees.amount"] == Decimal("7545")
    fs = keys(r, "N2")
    assert fs["N2:s6"].message == f"六、其他需要报告的事项未写明：{PROPOSALS}；{POINTS_NAME}。"


def test_n2_in_the_2019_edition_only_asks_that_section_six_is_not_blank():
    """The 2019 format has no 信息处理费 (the measures date from 2021): "无" is what it asks for
    when there is nothing to report."""
    assert "N2:s6" not in keys(report_2019(s6="无。"))
    assert "N2:s6" not in keys(report_2019("测试县人民政府", s6="暂无其他需要报告事项。"))
    fs = keys(report_2019(s6=""), "N2")
    assert fs["N2:s6"].message == "六、其他需要报告的事项未填写；没有需要报告的事项，应写明“无”。"


def test_n2_passes_on_the_demo_which_states_fees_and_proposals():
    r = demo()
    assert "信息处理费" in r.text["s6"] and "代表建议" in r.text["s6"]
    assert rules.check(r) == []
    r.text["s6"] = r.text["s6"].split("\n", 1)[1]          # without its 信息处理费 paragraph
    assert keys(r, "N2")["N2:s6"].message == f"六、其他需要报告的事项未写明：{FEES}。"


def edition_with_points(tmp_path):
    """The 2021 edition as shipped: it asks a people's government's 六 for the year's 政务公开工作要点
    too, which may be reported in 一 as well (a part written in the data, ``texts``)."""
    from govreport_gui.core import edition as E

    text = (ROOT / "resources" / "editions" / "2021.json").read_text(encoding="utf-8")
    assert POINTS_NAME in text
    return E.get("2021")


def n2_of(ed, report: Report) -> str | None:
    f = rules.compiled(ed).by_key["N2:s6"].evaluate(report)
    return f.message if f else None


def test_n2_a_part_added_in_the_data_is_asked_and_may_be_said_in_another_text(tmp_path):
    ed = edition_with_points(tmp_path)
    assert n2_of(ed, report_2021("测试县人民政府", s6="无")) == \
        f"六、其他需要报告的事项只写了“无”，应写明：{FEES}；{PROPOSALS}；{POINTS_NAME}。"
    r = report_2021("测试县人民政府", s6=S6_FEES + PROPOSALS_DONE)
    assert n2_of(ed, r) == f"六、其他需要报告的事项未写明：{POINTS_NAME}。"
    r.text["s1"] += "\n认真落实《2024年政务公开工作要点》各项任务。"      # said in 一: enough
    assert n2_of(ed, r) is None
    r = report_2021("测试县人民政府", s6=S6_FEES + PROPOSALS_DONE + POINTS)
    assert n2_of(ed, r) is None
    assert n2_of(ed, report_2021("测试市财政局", s6=S6_FEES)) is None      # asked of a government only
    assert rules.compiled(ed).by_key["N2:s6"].reads == ("text:s6", "text:s1", rulefuncs.ISSUER)


def test_n2_appears_and_goes_as_section_six_is_edited():
    r = report_2021("测试县人民政府", s6=S6_FEES + PROPOSALS_DONE + POINTS)
    e = rules.Engine(r)
    assert "N2:s6" not in e.findings
    d = e.set_text("s6", "无")
    assert [f.key for f in d.added] == ["N2:s6"]
    assert e.findings["N2:s6"].message == \
        f"六、其他需要报告的事项只写了“无”，应写明：{FEES}；{PROPOSALS}；{POINTS_NAME}。"
    d = e.set_text("s6", S6_FEES)
    assert [f.key for f in d.added] == ["N2:s6"]                 # changed: the fees said, the rest missing
    assert e.findings["N2:s6"].message == f"六、其他需要报告的事项未写明：{PROPOSALS}；{POINTS_NAME}。"
    d = e.set_text("s6", S6_FEES + PROPOSALS_DONE + POINTS)
    assert d.removed == ["N2:s6"] and "N2:s6" not in e.findings


# --------------------------------------------------------------------------
# N3: applications closed for an unpaid fee notice → 六 speaks of the fee notices


def with_unpaid(report: Report, n: int) -> Report:
    """Move n applications of 自然人 from （一）予以公开 to （六）2.逾期未缴费, the totals recomputed."""
    report.values["s3.granted.natural"] -= n
    report.values["s3.other.unpaid_fee.natural"] += n
    rules.compute_totals(report)
    return report


def test_n3_warns_when_unpaid_fee_notices_are_counted_and_six_does_not_mention_them():
    r = demo()
    r.text["s6"] = "市政府门户网站在全省政府网站绩效考评中位列第三名。"
    with_unpaid(r, 2)
    assert r.values["s3.other.unpaid_fee.total"] == 2
    fs = keys(r)
    f = fs["N3:s3.other.unpaid_fee.total"]
    assert (f.rule, f.severity, f.cells, f.actual) == ("N3", "warning", ("s3.other.unpaid_fee.total",), 2)
    assert f.message == ("三、「（六）其他处理 2.逾期未缴费」「总计」为 2 件（申请人逾期未按收费通知要求缴纳费用），"
                         "但六、其他需要报告的事项没有提到收费通知或信息处理费，应写明发出收费通知的件数和金额、实际收取的金额。")
    assert not [x for x in fs.values() if x.rule.startswith("R")]          # still balanced


def test_n3_passes_when_six_mentions_the_fee_notices_or_none_were_unpaid():
    r = with_unpaid(demo(), 2)
    assert "收费通知" in r.text["s6"]
    assert "N3:s3.other.unpaid_fee.total" not in keys(r)
    r.text["s6"] = "本年度向申请人发出信息处理费缴费通知2件，申请人均未缴纳。"
    assert "N3:s3.other.unpaid_fee.total" not in keys(r)
    r = demo()
    r.text["s6"] = "无"
    assert r.values["s3.other.unpaid_fee.total"] == 0
    assert "N3:s3.other.unpaid_fee.total" not in keys(r)                  # N2 says what 六 lacks
    assert "N2:s6" in keys(r)


def test_n3_appears_and_goes_with_the_cell_and_the_text():
    r = demo()
    r.text["s6"] = "市政府门户网站在全省政府网站绩效考评中位列第三名。"
    e = rules.Engine(r)
    key = "N3:s3.other.unpaid_fee.total"
    assert key not in e.findings
    d = e.set_values({"s3.granted.natural": r.values["s3.granted.natural"] - 1,
                      "s3.other.unpaid_fee.natural": 1})
    assert key in {f.key for f in d.added}
    assert e.findings[key].actual == 1
    d = e.set_text("s6", "本年度发出收费通知1件，申请人逾期未缴纳。")
    assert key in d.removed
    e.set_text("s6", "无")
    assert key in e.findings
    d = e.set_values({"s3.other.unpaid_fee.natural": 0, "s3.granted.natural": r.values["s3.granted.natural"] + 1})
    assert key in d.removed


# --------------------------------------------------------------------------
# N4: 一 has the parts the format asks for


FIVE_2021 = "主动公开、依申请公开、政府信息管理、政府信息公开平台建设和监督保障"
FIVE_2019 = "主动公开、依申请公开、政府信息管理、平台建设和监督保障"


def without_part(text: str, heading: str) -> str:
    """The demo's 一 without one of its five parts (its heading and paragraphs)."""
    lines = text.split("\n")
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("（")), len(lines))
    return "\n".join(lines[:start] + lines[end:])


def test_n4_warns_naming_the_missing_part_of_section_one():
    r = demo()
    r.text["s1"] = without_part(r.text["s1"], "（五）监督保障")
    fs = keys(r, "N4")
    assert fs["N4:s1"].message == (f"一、总体情况缺少监督保障部分：按国办公开办函〔2021〕30号，总体情况应包括{FIVE_2021}"
                                   "五部分（监督保障含工作考核、社会评议和责任追究结果情况）。")
    r = report_2021(s1="（一）主动公开\n全年主动公开政府信息1200条。\n（二）依申请公开\n新收申请30件。")
    assert keys(r, "N4")["N4:s1"].message.startswith(
        "一、总体情况缺少政府信息管理、政府信息公开平台建设和监督保障部分：")


def test_n4_finds_a_part_by_its_heading_or_its_words():
    assert "N4:s1" not in keys(demo())
    words = ("全年主动公开信息1200条；办理依申请公开事项30件；坚持先审后发；"
             "整合政务新媒体账号；将政务公开纳入年度考核。")
    assert "N4:s1" not in keys(report_2021(s1=words))


def test_n4_on_a_blank_section_one_and_on_the_2019_edition():
    fs = keys(report_2021(s1=""), "N4")
    assert fs["N4:s1"].message == f"一、总体情况未填写，按国办公开办函〔2021〕30号，应包括{FIVE_2021}五部分。"
    fs = keys(report_2019(s1="（一）主动公开\n全年主动公开政府信息1200条。"), "N4")
    assert fs["N4:s1"].message == ("一、总体情况缺少依申请公开、政府信息管理、平台建设和监督保障部分："
                                   f"按国办公开办函〔2019〕60号，总体情况应概述{FIVE_2019}等方面的工作情况。")


def test_n4_appears_and_goes_as_section_one_is_edited():
    r = demo()
    e = rules.Engine(r)
    assert e.findings == {}
    full = r.text["s1"]
    d = e.set_text("s1", without_part(full, "（三）政府信息管理"))
    assert [f.key for f in d.added] == ["N4:s1"]
    assert "缺少政府信息管理部分" in e.findings["N4:s1"].message
    d = e.set_text("s1", full)
    assert "N4:s1" in d.removed and e.findings == {}


# --------------------------------------------------------------------------
# H3: the share of this year's text that repeats last year's


def test_repetition_is_the_share_of_this_years_characters_in_runs_of_13_last_year_has():
    old = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"          # 22 characters
    assert rulefuncs.repetition(old, old) == (22, 22)
    new = old + old[::-1]                                          # as much again, new
    assert rulefuncs.repetition(new, old) == (22, 44)           # 50%: not Jaccard's 1/2 by accident
    assert rulefuncs.repetition(old, new) == (22, 22)           # this year's share, not symmetric
    assert rulefuncs.repetition(old[:12] + "天" + old[13:], old) == (0, 22)   # runs under 13 do not count
    assert rulefuncs.repetition(old[:13], old) == (13, 13)
    assert rulefuncs.repetition(old[:12], old) == (0, 12)
    assert rulefuncs.repetition("", old) == (0, 0)
    assert rulefuncs.repetition(old, "") == (0, 22)


def test_repetition_ignores_figures_years_spaces_and_punctuation():
    old = "2023年，全市新收政府信息公开申请311件，上年结转10件，办结304件。"
    new = "2024年 全市新收政府信息公开申请 357 件；上年结转17件、办结３５３件"
    repeated, chars = rulefuncs.repetition(new, old)
    assert repeated == chars > 13


def test_repetition_of_two_5000_character_texts_is_fast():
    rnd = random.Random(17)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    old = "".join(rnd.choice(alphabet) for _ in range(5000))
    new = old[:2500] + "".join(rnd.choice(alphabet) for _ in range(2500))
    rulefuncs._plain.cache_clear()
    rulefuncs._runs.cache_clear()
    rulefuncs.repetition.cache_clear()
    t = time.perf_counter()
    repeated, chars = rulefuncs.repetition(new, old)
    elapsed = time.perf_counter() - t
    assert (repeated, chars) == (2500, 5000)
    assert elapsed < 0.05


def test_h3_warns_with_the_share_when_section_one_is_last_years():
    r = demo()
    r.previous.text["s1"] = r.text["s1"].replace("2024年", "2023年").replace("357件", "311件")
    fs = keys(r, "H3")
    f = fs["H3:s1"]
    assert (f.rule, f.severity, f.cells) == ("H3", "warning", ())
    assert f.message.startswith("一、总体情况与上年报告重复 100%：本年 ")
    assert "超过 50%" in f.message
    # the report's 一, 五 and 六 together: 一 is most of them
    assert fs["H3:report"].message.startswith("报告正文（一、五、六部分合计）与上年报告重复 ")
    repeated, chars = rulefuncs.repetition("\n".join(r.text[t] for t in ("s1", "s5", "s6")),
                                           "\n".join(r.previous.text.get(t, "") for t in ("s1", "s5", "s6")))
    assert 50 < repeated * 100 // chars < 100
    assert f"重复 {repeated * 100 // chars}%：本年 {chars} 字中有 {repeated} 字" in fs["H3:report"].message


def test_h3_threshold_is_the_datas_and_counts_whole_percents():
    """Half of 五 copied is not more than 50%; a little more is."""
    r = report_2021()
    old = "".join(chr(0x4E00 + 7 * i) for i in range(200))            # 200 distinct characters
    fresh = "".join(chr(0x6000 + 7 * i) for i in range(200))
    r.previous = Previous(year=2023, edition="2021", text={"s5": old})
    r.text["s5"] = old[:100] + fresh[:100]
    assert rulefuncs.repetition(r.text["s5"], old) == (100, 200)
    assert "H3:s5" not in keys(r)                                       # exactly 50%
    r.text["s5"] = old[:103] + fresh[:97]
    fs = keys(r, "H3")
    assert fs["H3:s5"].message.startswith("五、存在的主要问题及改进情况与上年报告重复 51%：本年 200 字中有 103 字")


def test_h3_passes_for_this_years_own_text_short_texts_and_without_last_year():
    r = demo()
    assert not keys(r, "H3")                                  # the demo's 2023 text is different
    r.text["s6"] = "无"
    r.previous.text["s6"] = "无"
    assert "H3:s6" not in keys(r)                              # too short to measure
    r.previous = None
    assert not keys(r, "H3")


def test_h3_on_the_2019_edition_and_section_six():
    r = report_2019()
    six = "本年度共办理县人大代表建议25件、县政协委员提案31件，均在规定时限内办结答复，办复率100%，代表委员满意率100%，相关办理结果已在县政府门户网站公开。"
    r.text["s6"] = six.replace("25件", "30件")
    r.previous = Previous(year=2019, edition="2019", text={"s6": six})
    fs = keys(r, "H3")
    assert fs["H3:s6"].message.startswith("六、其他需要报告的事项与上年报告重复 100%")


def test_h3_appears_and_goes_as_the_text_is_edited():
    r = demo()
    e = rules.Engine(r)
    assert e.findings == {}
    d = e.set_text("s5", r.previous.text["s5"])                # last year's text pasted as is
    assert "H3:s5" in {f.key for f in d.added}
    assert e.findings["H3:s5"].message.startswith("五、存在的主要问题及改进情况与上年报告重复 100%")
    d = e.set_text("s5", demo().text["s5"])
    assert "H3:s5" in d.removed and e.findings == {}


# --------------------------------------------------------------------------
# the issue's two cases, on the command line; and the published reports


def test_govreport_check_flags_the_demo_with_five_and_six_set_to_none(capsys, tmp_path):
    r = demo()
    r.text["s5"] = "无"
    r.text["s6"] = "无"
    path = tmp_path / "demo-none.govreport"
    native.save(r, path)
    code, out, err = run_cli(capsys, "check", path)
    assert code == 0                                        # warnings, no errors
    assert "N1" in out and "五、存在的主要问题及改进情况只写了“无”，应写明存在的主要问题和改进措施。" in out
    assert "N2" in out and f"六、其他需要报告的事项只写了“无”，应写明：{FEES}；{PROPOSALS}；{POINTS_NAME}。" in out
    code, out, err = run_cli(capsys, "check", "--json", path)
    found = {f["key"]: f for f in json.loads(out)}
    assert {"N1:s5", "N2:s6"} <= set(found)
    assert found["N1:s5"]["severity"] == found["N2:s6"]["severity"] == "warning"


def test_the_demo_as_shipped_passes_every_rule(capsys, tmp_path):
    path = tmp_path / "demo.govreport"
    shutil.copy(DEMO, path)
    code, out, err = run_cli(capsys, "check", "--json", path)
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.parametrize("name,expected", [
    ("2020_dalizhuang_township", set()),
    ("2020_dongan_district", {"N4:s1"}),          # its 一 says nothing of 依申请公开
    ("2020_hainan_township", {"N4:s1"}),          # its 一 has no 政府信息管理 part
    ("2024_hongze_district", {"N2:s6"}),          # its 六 has no proposals or work points
])
def test_what_the_narrative_rules_say_about_the_published_reports(name, expected):
    r = native.load(PUBLISHED / f"{name}.govreport")
    assert narrative(r) == expected


# --------------------------------------------------------------------------
# broken data is refused when the edition loads, naming the file and the rule


@pytest.mark.parametrize("old,new,says", [
    ('"text": "s5",', '"text": "s9",', "未定义的正文 s9"),
    ('{"name": "改进措施", "words": "改进|', '{"name": "改进措施", "words": "(改进|', "正则表达式有误"),
    ('"min_chars": 50,', '"min_chars": -1,', "min_chars"),
    ('"message": "{text}未写明{need}，应写明{required}。"', '"message": "{text}未写明{what}。"', "what"),
    ('"cells": ["s3.other.unpaid_fee.total"]', '"cells": ["s3.other.unpaid.total"]', "s3.other.unpaid.total"),
    ('"threshold": 0.5,', '"threshold": 5,', "threshold"),
    ('"whole": {"name": "报告正文（一、五、六部分合计）", "texts": ["s1", "s5", "s6"]},',
     '"whole": {"name": "报告正文", "texts": ["s1", "s7"]},', "未定义的正文 s7"),
])
def test_broken_narrative_rules_are_refused_at_load(tmp_path, old, new, says):
    from govreport_gui.core import edition as E
    from govreport_gui.core.errors import EditionError

    text = (ROOT / "resources" / "editions" / "2021.json").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "2021.json"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(EditionError) as e:
        E.load_file(path)
    assert "2021.json" in str(e.value) and says in str(e.value)


def test_changing_the_issuer_rechecks_what_it_must_report():
    """A 人民政府 must give its 建议提案 results in 六; renaming the issuer in 基本信息 changes what
    N2 asks at once (the engine re-runs the checks that read the issuer), and back."""
    from govreport_gui.core.document import Document
    from govreport_gui.core.report import new_report

    r = new_report(2024, "某某市教育局", "2021")
    r.text["s6"] = "本年度未收取信息处理费。"
    doc = Document(r)
    assert not [f for f in doc.findings() if f.rule == "N2"]
    doc.write("meta", "issuer", "某某市人民政府")
    (n2,) = [f for f in doc.findings() if f.rule == "N2"]
    assert "人大代表建议和政协委员提案" in n2.message and r.issuer == "某某市人民政府"
    doc.write("meta", "issuer", "某某市教育局")
    assert not [f for f in doc.findings() if f.rule == "N2"]
