"""H5: a narrative that still speaks of last year as the reporting year.

The trap: a clerk opens last year's report, changes the year, and the
preface still gives last year's statistics period, or a paragraph copied
from last year opens with "2024年，…". H5 warns, once per text, quoting the
words; comparisons, references to last year's report, plans for later
years, dates inside a sentence and document titles are left alone.

Every text here is written in the test, in the phrasing published reports
use (the four transcribed reports in tests/fixtures/published among them).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from conftest import DEMO
from govreport_gui.core import edition as E
from govreport_gui.core import native, rules
from govreport_gui.core.errors import EditionError, ValueInputError
from govreport_gui.core.report import Report, new_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "published"
EDITIONS = ROOT / "resources" / "editions"

# (edition, report year): the 2021 edition for this year's report, the 2019 one as it was used for 2020
CASES = [("2021", 2025), ("2019", 2020)]
NAMES = {"preface": "前言", "s1": "一、总体情况", "s5": "五、存在的主要问题及改进情况", "s6": "六、其他需要报告的事项"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def report_with(edition: str, year: int, tid: str, text: str) -> Report:
    r = new_report(year, "洪泽区人民政府", edition)
    r.text = {t: "" for t in r.text}
    r.text[tid] = text
    return r


def h5(report: Report) -> dict[str, rules.Finding]:
    return {f.key: f for f in rules.check(report) if f.rule == "H5"}


def fill(template: str, year: int) -> str:
    return template.format(year=year, last=year - 1, before=year - 2, next=year + 1, long_ago=year - 6,
                           last_fw=str(year - 1).translate(FULL_WIDTH))


# --------------------------------------------------------------------------
# flagged: (text id, text, the words quoted in the message)

FLAGGED = [
    ("preface", "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。"
                "报告中所列数据统计期限自{last}年1月1日起至{last}年12月31日止。如对本报告有疑问，请与区政府办公室联系。",
     "…统计期限自{last}年1月1日起至{last}年12月31日止"),
    ("preface", "本报告中所列数据的统计期限为{last}年1月1日至12月31日。本报告电子版可在区人民政府门户网站查阅或下载。",
     "…统计期限为{last}年1月1日至12月31日"),
    ("preface", "现将我乡政府信息公开年度报告编制和公布工作有关情况报告如下：报告统计数据时限为{last}年1月1日至{last}年12月31日。",
     "…统计数据时限为{last}年1月1日至{last}年12月31日"),
    # half changed: the start year was corrected, the end year was not
    ("preface", "本年度报告中所列数据的统计期限为{year}年1月1日至{last}年12月31日。",
     "…统计期限为{year}年1月1日至{last}年12月31日"),
    ("preface", "本报告统计时间为{last}年1月1日至12月31日。", "…{last}年1月1日至12月31日"),
    ("preface", "洪泽区人民政府{last}年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》要求编制。",
     "洪泽区人民政府{last}年政府信息公开工作年度报告"),
    ("preface", "根据《条例》要求，现向全社会公布海南乡政府{last}年政府信息公开工作年度报告，通过西安区人民政府门户网站向社会公开。",
     "…现向全社会公布海南乡政府{last}年政府信息公开工作年度报告…"),
    ("preface", "{last}年以来，我乡在县委、县政府的精心指导下，扎实有序推进政务公开工作落实。", "{last}年以来…"),
    ("s1", "{last}年，区政府办公室坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》。",
     "{last}年，区政府办公室坚持…"),
    ("s1", "（一）主动公开\n{last}年全年，我区在政府网站平台主动发布各类政府信息2428条。", "{last}年全年…"),
    ("s1", "（二）依申请公开\n{last}年度，区政府办代表区政府受理政府信息公开申请17件。", "{last}年度，区政府办代表区政…"),
    ("s1", "全区政务公开工作稳步推进。{last}年我区在政府网站平台主动发布各类政府信息2428条。",
     "{last}年我区在政府网站平…"),
    ("s1", "{last_fw}年，我区主动公开政府信息。", "{last_fw}年，我区主动公开政府…"),
    ("s1", "{last} 年，我区主动公开政府信息。", "{last}年，我区主动公开政府…"),      # a space from a PDF
    ("s1", "各项工作有序开展。{before}年，我们完成了政府信息公开指南的修订。", "{before}年，我们完成了政府信…"),
    ("s5", "{last}年，全区政府信息公开工作虽取得一定成绩，但对照上级要求仍有差距。", "{last}年，全区政府信息公开…"),
    ("s6", "{last}年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。",
     "{last}年，区政府严格落实…"),
]

NOT_FLAGGED = [
    ("preface", "本报告中所列数据的统计期限为{year}年1月1日至12月31日。本报告电子版可在区人民政府门户网站查阅或下载。"),
    ("preface", "洪泽区人民政府{year}年政府信息公开工作年度报告\n报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"),
    ("preface", "本报告根据《关于做好{last}年政府信息公开工作年度报告编制发布工作的通知》要求编制，"
                "统计期限为{year}年1月1日至12月31日。"),
    ("preface", "{year}年以来，我乡在县委、县政府的精心指导下，扎实推进政务公开工作。"),
    ("s1", "{year}年，全区新收政府信息公开申请20件，较{last}年增加3件，与{last}年相比有所增长，同比增长17.6%，比上年多3件。"),
    ("s1", "{year}年，区政府按时发布{last}年政府信息公开工作年度报告，主动接受社会监督。"),
    ("s1", "区政府于{last}年3月印发的《洪泽区政务公开工作实施方案》继续有效，本年度按方案推进。"),
    ("s1", "{last}年3月，区政府印发《洪泽区政务公开工作实施方案》，本年度继续执行。"),
    ("s1", "认真落实《淮安市{last}年政务公开工作要点》（淮政办发〔{last}〕12号）和《〈条例〉{last}年修订说明》。"),
    ("s1", "与{last}年1月至12月相比，全区新收政府信息公开申请增加3件。"),
    ("s1", "{year}年2月，区政府办公室印发《关于{last}年1月1日至12月31日政府网站抽查情况的通报》。"),
    ("s1", "{long_ago}年以来，我区连续多年在全市政务公开考核中位列第一。"),
    ("s1", "全年共公开信息2428条，其中{last}年结转的专项信息更新完毕。"),
    ("s5", "{last}年度报告指出的问题主要是政策解读形式较为单一。对此，{year}年一是推行“文件+解读”同步起草。"),
    ("s5", "{last}年，我区政府信息公开工作年度报告中指出的问题已全部整改到位。"),
    ("s5", "针对上年报告所列问题的整改情况：已建立三级审核制度。{next}年，我们将继续推进政务公开标准化规范化建设。"),
    ("s5", "{year}年，全区政府信息公开工作仍存在不足。针对存在问题，{next}年我们将切实抓好以下工作。"),
    ("s6", "无。"),
]


@pytest.mark.parametrize("edition,year", CASES)
@pytest.mark.parametrize("tid,template,excerpt", FLAGGED)
def test_a_year_left_from_last_years_report_is_flagged(edition, year, tid, template, excerpt):
    r = report_with(edition, year, tid, fill(template, year))
    fs = h5(r)
    assert set(fs) == {f"H5:{tid}"}
    f = fs[f"H5:{tid}"]
    assert (f.rule, f.severity, f.cells) == ("H5", "warning", ())       # the GUI opens the text's tab
    assert f"“{fill(excerpt, year)}”" in f.message
    assert f.message.startswith(NAMES[tid])
    assert f.message.endswith(f"本报告是{year}年的报告，请核对是否沿用了上年的文字。")


@pytest.mark.parametrize("edition,year", CASES)
@pytest.mark.parametrize("tid,template", NOT_FLAGGED)
def test_comparisons_references_plans_and_document_titles_are_not_flagged(edition, year, tid, template):
    r = report_with(edition, year, tid, fill(template, year))
    assert h5(r) == {}


def test_the_messages_a_clerk_reads():
    r = report_with("2021", 2025, "preface",
                    "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。本报告电子版可在区人民政府门户网站查阅。")
    r.text["s1"] = "2024年，区政府办公室坚持以习近平新时代中国特色社会主义思想为指导。\n（一）主动公开\n全年主动公开信息2428条。"
    fs = h5(r)
    assert fs["H5:preface"].message == ("前言写的统计期限是2024年（“…统计期限自2024年1月1日起至2024年12月31日止”），"
                                        "本报告是2025年的报告，请核对是否沿用了上年的文字。")
    assert fs["H5:s1"].message == "一、总体情况提到“2024年，区政府办公室坚持…”，本报告是2025年的报告，请核对是否沿用了上年的文字。"
    r.text["preface"] = "现将我区2024年政府信息公开工作年度报告公布如下。"
    assert h5(r)["H5:preface"].message == ("前言写的是2024年的年度报告（“现将我区2024年政府信息公开工作年度报告…”），"
                                           "本报告是2025年的报告，请核对是否沿用了上年的文字。")


def test_one_warning_per_text_quoting_the_statistics_period_first():
    text = ("2024年以来，我区扎实推进政务公开。本报告中所列数据的统计期限为2024年1月1日至12月31日。"
            "2024年，区政府办公室编制本报告。")
    r = report_with("2021", 2025, "preface", text)
    fs = h5(r)
    assert list(fs) == ["H5:preface"]
    assert "统计期限是2024年" in fs["H5:preface"].message


def test_every_narrative_is_checked_and_nothing_else():
    for edition, _ in CASES:
        keys = {k for k in rules.compiled(E.get(edition)).by_key if k.startswith("H5:")}
        assert keys == {"H5:preface", "H5:s1", "H5:s5", "H5:s6"}


def test_a_later_year_at_the_start_of_a_sentence_is_a_plan_but_a_later_statistics_period_is_wrong():
    r = report_with("2021", 2025, "s5", "2026年，我们将切实抓好以下工作：一是扎实推进依申请公开工作规范化。")
    assert h5(r) == {}
    r.text["preface"] = "本报告中所列数据的统计期限为2026年1月1日至12月31日。"
    assert set(h5(r)) == {"H5:preface"}
    assert "统计期限是2026年" in h5(r)["H5:preface"].message


def test_a_warning_can_be_accepted_with_a_note_and_the_note_is_saved():
    r = report_with("2021", 2025, "s1", "2024年，区政府办公室坚持公开为常态、不公开为例外。")
    r.notes["H5:s1"] = "此段为回顾上年工作，确属本意"
    f = h5(r)["H5:s1"]
    assert f.accepted and f.note == "此段为回顾上年工作，确属本意"
    back = native.loads(native.dumps(r))
    assert back.notes == {"H5:s1": "此段为回顾上年工作，确属本意"}
    assert h5(back)["H5:s1"].accepted


# --------------------------------------------------------------------------
# real reports: none at their own year; the trap when they are turned into next year's


def real_reports() -> dict[str, Report]:
    out = {"demo": native.load(DEMO)}
    for p in sorted(FIXTURES.glob("*.govreport")):
        out[p.stem] = native.load(p)
    assert len(out) == 5
    return out


# the texts of each report that still speak of its year once the year is moved on by one
TURNED_INTO_NEXT_YEAR = {
    "demo": {"preface", "s1", "s5", "s6"},
    "2020_dalizhuang_township": {"preface", "s1"},
    "2020_dongan_district": {"preface", "s1", "s5", "s6"},
    "2020_hainan_township": {"preface"},        # its s1 says “2020年通过《…网》” mid-paragraph: left alone
    "2024_hongze_district": {"preface", "s1", "s5", "s6"},
}


@pytest.mark.parametrize("name", sorted(TURNED_INTO_NEXT_YEAR))
def test_published_reports_have_no_h5_at_their_own_year(name):
    r = real_reports()[name]
    assert h5(r) == {}


@pytest.mark.parametrize("name", sorted(TURNED_INTO_NEXT_YEAR))
def test_published_reports_turned_into_next_years_are_caught(name):
    r = real_reports()[name]
    year = r.year
    e = rules.Engine(r, compute_totals=False)
    d = e.set_year(year + 1)
    assert {f.key for f in d.added} == {f"H5:{t}" for t in TURNED_INTO_NEXT_YEAR[name]}
    assert "统计" in e.findings["H5:preface"].message and f"{year}年" in e.findings["H5:preface"].message
    assert e.findings == {f.key: f for f in rules.check(r)}


# --------------------------------------------------------------------------
# the engine learns about a changed year


def test_set_year_rechecks_the_texts_and_returns_the_change():
    r = native.load(DEMO)
    e = rules.Engine(r)
    assert e.findings == {}
    values = dict(r.values)
    d = e.set_year(2025)
    assert r.year == 2025 and d.cells == {} and d.removed == []
    assert sorted(f.key for f in d.added) == ["H5:preface", "H5:s1", "H5:s5", "H5:s6"]
    assert e.findings == {f.key: f for f in d.added}
    assert r.values == values

    # the clerk rewrites 一、总体情况 for 2025: that warning goes, the others stay
    d = e.set_text("s1", r.text["s1"].replace("2024年，", "2025年，"))
    assert d.removed == ["H5:s1"] and d.added == []
    assert e.findings == rules.Engine(r.copy()).findings

    # back to 2024: the untouched texts are right again; s1 now speaks of 2025 at the start (a plan: not flagged)
    d = e.set_year(2024)
    assert sorted(d.removed) == ["H5:preface", "H5:s5", "H5:s6"] and d.added == []
    assert e.findings == {}
    assert e.set_year(2024).added == [] and e.set_year(2024).removed == []


def test_set_year_keeps_an_accepted_warning_accepted():
    r = native.load(DEMO)
    r.notes["H5:s6"] = "保留上年的说明"
    e = rules.Engine(r)
    e.set_year(2025)
    assert e.findings["H5:s6"].accepted and not e.findings["H5:s1"].accepted
    assert e.counts()["accepted"] == 1 and e.counts()["warnings"] == 3


@pytest.mark.parametrize("year", [1989, 2201, "2025", True, 2025.0])
def test_set_year_refuses_a_year_a_report_cannot_have(year):
    r = native.load(DEMO)
    e = rules.Engine(r)
    with pytest.raises(ValueInputError) as exc:
        e.set_year(year)
    assert "年" in str(exc.value)
    assert r.year == 2024 and e.findings == {}


# --------------------------------------------------------------------------
# the rule is data


def load_raw(eid: str) -> dict:
    return json.loads((EDITIONS / f"{eid}.json").read_text(encoding="utf-8"))


def h5_rule(data: dict) -> dict:
    return next(r for r in data["rules"] if r.get("function") == "report_year_mentions")


@pytest.mark.parametrize("eid", ["2019", "2021"])
def test_id_texts_and_messages_come_from_the_edition_file(tmp_path, eid):
    data = copy.deepcopy(load_raw(eid))
    rule = h5_rule(data)
    assert (rule["id"], rule["severity"]) == ("H5", "warning") and rule["title"]
    rule["id"] = "H9"
    del rule["params"]["texts"]["s6"]
    rule["params"]["patterns"][0]["message"] = "{text}的统计期限写成了{found}年，应为{year}年（“{excerpt}”）。"
    p = tmp_path / f"{eid}.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ed = E.load_file(p)
    year = 2025 if eid == "2021" else 2020
    r = report_with(eid, year, "preface", f"本报告中所列数据的统计期限为{year - 1}年1月1日至12月31日。")
    r.text["s6"] = f"{year - 1}年，区政府严格落实《政府信息公开信息处理费管理办法》。"
    engine_findings = {}
    for c in rules.compiled(ed).checks:
        f = c.evaluate(r)
        if f is not None:
            engine_findings[f.key] = f
    # B1 (the tables are blank) and N1/N2/N4 (so are 一, 五 and 六) say the rest
    assert {k for k in engine_findings if not k.startswith(("B1:", "N1:", "N2:", "N4:"))} == {"H9:preface"}
    assert engine_findings["H9:preface"].message == \
        f"前言的统计期限写成了{year - 1}年，应为{year}年（“…统计期限为{year - 1}年1月1日至12月31日”）。"


@pytest.mark.parametrize("breakage, words", [
    (lambda r: r["params"]["patterns"][0].update(years="sometimes"), "years"),
    (lambda r: r["params"]["patterns"][0].update(message="{text}{nope}"), "nope"),
    (lambda r: r["params"]["texts"].update(s9="九、"), "s9"),
    (lambda r: r["params"]["patterns"][2].update(texts=["s7"]), "s7"),
    (lambda r: r["params"]["patterns"][0].update(pattern="统计(期限"), "正则表达式"),
])
def test_a_broken_h5_definition_is_refused_at_load(tmp_path, breakage, words):
    data = copy.deepcopy(load_raw("2021"))
    breakage(h5_rule(data))
    p = tmp_path / "2021.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EditionError) as e:
        E.load_file(p)
    assert "2021.json" in str(e.value) and words in str(e.value)
