"""Local rule packs (issue 17, item 2): a province's or a city's own rules as a data file.

The shipped pack is written from a real notice (武政办发〔2025〕54号); the functions a notice
needs (text_length, required_phrases, required_figures) and a linear rule each have a passing and
a failing case; broken packs are refused at load naming their file and line; a pack's warning can
be accepted with a note that the report file keeps.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import CJK, DEMO
from govreport_gui.core import native, rules
from govreport_gui.core import rulepacks as RP
from govreport_gui.core.report import new_report

ROOT = Path(__file__).resolve().parents[1]
WUWEI = ROOT / "resources" / "rulepacks" / "wuwei-2025.json"

# a 总体情况 that says all the notice asks for, in under a thousand characters
GOOD_S1 = ("（一）主动公开。全年通过政府门户网站发布信息1200条，政务新媒体发布信息560条，政府公报刊登文件12件；"
           "发布政策解读36篇，回应关切48次；发布教育、医疗、就业、养老等重点领域信息320条。\n"
           "（二）依申请公开。全年收到申请45件，均按期答复。\n"
           "（三）政府信息管理。本年度制发行政规范性文件5件，废止2件，现行有效38件。\n"
           "（四）政府信息公开平台建设。设立政务公开专区3个，编印政府公报4期。\n"
           "（五）监督保障。开展政务公开培训2次，纳入年度考核。")


def pack_file(tmp_path: Path, rules_: list, name: str = "local.json", **top) -> Path:
    data = {"rulepack": 1, "id": "test-pack", "name": "测试规则包", "notice": {"title": "某某市关于年报编制的通知",
                                                                            "number": "某政办〔2025〕1号"},
            "rules": rules_, **top}
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def rule(rid: str, function: str, params: dict, message: str = "{text}：{missing}", **more) -> dict:
    return {"id": rid, "severity": "warning", "kind": "function", "function": function, "title": f"规则{rid}",
            "message": message, "params": params, **more}


def pack_findings(report, *packs):
    return [f for f in rules.check(report, list(packs)) if f.pack]


@pytest.fixture
def report():
    r = new_report(2025, "某某县人民政府", "2021")
    r.text["s1"] = GOOD_S1
    return r


# -- the shipped pack --------------------------------------------------------------------------

def test_the_shipped_pack_cites_its_notice_and_passes_a_report_that_says_everything(report):
    pack = RP.load(WUWEI)
    assert pack.notice["number"] == "武政办发〔2025〕54号" and pack.notice["url"].startswith("https://")
    assert pack.applies_to("2021") and not pack.applies_to("2019")
    assert pack_findings(report, pack) == []


def test_the_shipped_pack_flags_the_demo_as_the_notice_would(report):
    pack = RP.load(WUWEI)
    demo = native.load(DEMO)
    found = {f.rule: f for f in pack_findings(demo, pack)}
    assert "wuwei-2025/W1" in found and "1254 字" in found["wuwei-2025/W1"].message      # 总体情况 over 1,000
    assert "《武威市人民政府办公室关于做好2025年政府信息公开工作年度报告编制和发布工作的通知》武政办发〔2025〕54号" \
        in found["wuwei-2025/W1"].message
    assert "政府公报" in found["wuwei-2025/W3"].message and found["wuwei-2025/W3"].pack == "wuwei-2025"


def test_a_pack_for_another_edition_adds_nothing():
    r = new_report(2020, "某某县人民政府", "2019")
    r.text["s1"] = "很短"
    assert pack_findings(r, RP.load(WUWEI)) == []


# -- each function: passing and failing ---------------------------------------------------------------

def test_text_length_max_and_min(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [
        rule("L1", "text_length", {"texts": "s1", "max": 100}, "{text}共{chars}字，超过{limit}字"),
        rule("L2", "text_length", {"texts": "*", "min": 50}, "{text}共{chars}字，不足{limit}字"),
    ]))
    got = {f.rule: f.message for f in pack_findings(report, pack)}
    assert list(got) == ["test-pack/L1"] and f"共{RP.counted_chars(GOOD_S1)}字，超过100字" in got["test-pack/L1"]
    report.text.clear()
    report.text["s1"] = "二十个字以内的总体情况。"
    got = {f.rule: f.message for f in pack_findings(report, pack)}
    assert list(got) == ["test-pack/L2"] and got["test-pack/L2"].startswith("全文共")


def test_spaces_and_line_breaks_are_not_counted():
    assert RP.counted_chars("一二 三\n四\u3000五") == 5


def test_required_phrases_all_and_any(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [
        rule("P1", "required_phrases", {"texts": "s1", "items": ["主动公开", "人大代表建议"]}),
        rule("P2", "required_phrases", {"texts": ["s1", "s6"], "need": "any", "items": ["监督保障", "考核"]}),
    ]))
    got = {f.rule: f.message for f in pack_findings(report, pack)}
    assert got == {"test-pack/P1": "一、总体情况：人大代表建议（依据《某某市关于年报编制的通知》某政办〔2025〕1号）"}
    report.text["s1"] = GOOD_S1 + "办理人大代表建议10件。"
    assert pack_findings(report, pack) == []
    report.text["s1"] = "（一）主动公开。发布信息100条。"          # neither 监督保障 nor 考核, in 一 or 六
    assert {f.rule for f in pack_findings(report, pack)} == {"test-pack/P1", "test-pack/P2"}


def test_required_figures_need_a_number_near_the_words(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [
        rule("F1", "required_figures", {"texts": "s1", "items": [
            {"name": "政务新媒体数量", "words": ["政务新媒体"]}, {"name": "专区数量", "words": ["专区"], "within": 5}]}),
    ]))
    assert pack_findings(report, pack) == []
    report.text["s1"] = "持续加强政务新媒体建设，信息发布更加及时。设立政务公开专区，方便群众查阅，共有3个。"
    (f,) = pack_findings(report, pack)
    assert f.message.startswith("一、总体情况：政务新媒体数量、专区数量")
    report.text["s1"] = "政务新媒体发布信息二百六十条。政务公开专区3个。"          # Chinese numerals count
    assert pack_findings(report, pack) == []


def test_a_linear_rule_between_cells(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [{
        "id": "C1", "severity": "warning", "kind": "linear", "table": "s2", "each": "row", "rows": ["normative"],
        "lhs": ["in_force"], "rhs": ["issued"], "op": ">=", "title": "现行有效不少于本年制发",
        "message": "「{row}」现行有效 {lhs} 件，少于本年制发 {rhs} 件"}]))
    report.set("s2.normative.issued", 5)
    report.set("s2.normative.in_force", 38)
    assert pack_findings(report, pack) == []
    report.set("s2.normative.in_force", 3)
    (f,) = pack_findings(report, pack)
    assert f.cells == ("s2.normative.in_force", "s2.normative.issued") or set(f.cells) == {
        "s2.normative.in_force", "s2.normative.issued"}
    assert f.key.startswith("test-pack/C1:")


def test_the_engine_keeps_a_packs_findings_current_as_the_text_is_edited(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [rule("P1", "required_phrases", {"texts": "s1", "items": ["人大代表建议"]})]))
    engine = rules.Engine(report, packs=[pack])
    assert "test-pack/P1:s1" in engine.findings
    delta = engine.set_text("s1", GOOD_S1 + "办理人大代表建议5件。")
    assert "test-pack/P1:s1" not in engine.findings and "test-pack/P1:s1" in delta.removed


def test_an_accepted_pack_warning_is_kept_in_the_file(tmp_path, report):
    pack = RP.load(pack_file(tmp_path, [rule("P1", "required_phrases", {"texts": "s1", "items": ["人大代表建议"]})]))
    (f,) = pack_findings(report, pack)
    report.notes[f.key] = "本单位不承办建议提案"
    path = tmp_path / "r.govreport"
    native.save(report, path)
    back = native.load(path)                 # opened where the pack is not at hand too
    assert back.notes[f.key] == "本单位不承办建议提案"
    (again,) = pack_findings(back, pack)
    assert again.accepted and again.note == "本单位不承办建议提案"


# -- broken packs: refused at load, the file and the line named ----------------------------------

@pytest.mark.parametrize("edit, says", [
    (lambda d: d["rules"][1].update(kind="magic"), "类型 'magic' 未知"),
    (lambda d: d["rules"][1].update(function="no_such"), "函数 'no_such' 不存在"),
    (lambda d: d["rules"][1].update(id="bad id!"), "id 应为"),
    (lambda d: d["rules"][1].pop("message"), "缺少 message"),
    (lambda d: d["rules"][1].update(severity="fatal"), "severity"),
    (lambda d: d["rules"].append(dict(d["rules"][0])), "重复"),
])
def test_a_broken_rule_is_refused_naming_the_file_and_line(tmp_path, edit, says):
    rules_ = [rule("A1", "text_length", {"texts": "s1", "max": 1000}, "{text}{chars}{limit}"),
              rule("A2", "required_phrases", {"texts": "s1", "items": ["主动公开"]})]
    data = {"rulepack": 1, "id": "p", "name": "包", "rules": rules_}
    edit(data)
    path = tmp_path / "坏的.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(RP.RulePackError) as e:
        RP.load(path)
    msg = str(e.value)
    assert "坏的.json" in msg and says in msg and CJK.search(msg)
    if "重复" not in says and "id 应为" not in says:
        assert re.search(r"第 \d+ 行", msg)


@pytest.mark.parametrize("params, says", [
    ({"texts": "s9", "max": 10}, "正文 s9 不存在"),
    ({"texts": "s1", "max": -5}, "params.max"),
    ({"texts": "s1", "max": 10 ** 9}, "params.max"),
    ({"texts": "s1"}, "max 或 min"),
])
def test_a_rule_naming_what_the_edition_lacks_or_out_of_range_is_refused(tmp_path, report, params, says):
    path = pack_file(tmp_path, [rule("X1", "text_length", params, "{text}{chars}{limit}")])
    pack = RP.load(path)                               # the edition is known only when it is applied
    with pytest.raises(RP.RulePackError) as e:
        rules.check(report, [pack])
    assert "local.json" in str(e.value) and "X1" in str(e.value) and says in str(e.value)
    assert re.search(r"第 \d+ 行", str(e.value))


def test_a_linear_rule_naming_a_cell_that_does_not_exist_is_refused(tmp_path, report):
    path = pack_file(tmp_path, [{"id": "C9", "kind": "linear", "table": "s2", "each": "row", "rows": ["nothing"],
                                 "lhs": ["in_force"], "rhs": ["issued"], "title": "t", "message": "m"}])
    with pytest.raises(RP.RulePackError, match="不存在的单元格 s2.nothing.in_force"):
        rules.check(report, [RP.load(path)])


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\d*)*x", r"(a|b*)*c", r"(x)\1", r"(?:政务(?:新媒体)+)+"])
def test_a_pattern_that_could_take_exponential_time_is_refused(tmp_path, report, pattern):
    path = pack_file(tmp_path, [rule("R1", "required_phrases",
                                     {"texts": "s1", "items": [{"name": "n", "patterns": [pattern]}]})])
    with pytest.raises(RP.RulePackError) as e:
        rules.check(report, [RP.load(path)])
    assert "R1" in str(e.value) and ("嵌套的重复" in str(e.value) or "反向引用" in str(e.value))


def test_a_plain_pattern_is_taken():
    assert RP.safe_pattern(r"政务新媒体\d+个?", "p").search("政务新媒体12个")
    assert RP.safe_pattern(r"(?:网站|公众号)[^。]{0,10}\d+", "p")


@pytest.mark.parametrize("content, says", [
    (b"{ not json", "第 1 行"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (json.dumps({"rulepack": 2, "id": "p", "name": "n", "rules": []}).encode(), "更新版本"),
    (json.dumps({"id": "p", "name": "n", "rules": []}).encode(), "格式版本"),
    (json.dumps([1, 2]).encode(), "JSON 对象"),
])
def test_a_file_that_is_no_pack_is_refused(tmp_path, content, says):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(RP.RulePackError) as e:
        RP.load(path)
    assert "x.json" in str(e.value) and says in str(e.value)


def test_a_ten_megabyte_pack_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (10 * 1024 * 1024))
    with pytest.raises(RP.RulePackError, match="过大"):
        RP.load(path)


def test_discover_lists_the_packs_that_load_and_says_which_do_not(tmp_path):
    user = tmp_path / "rulepacks"
    user.mkdir()
    pack_file(user, [rule("A1", "required_phrases", {"texts": "s1", "items": ["主动公开"]})], name="mine.json")
    (user / "broken.json").write_text("{", encoding="utf-8")
    packs, problems = RP.discover(user)
    assert [p.id for p in packs] == ["wuwei-2025", "test-pack"]
    assert len(problems) == 1 and "broken.json" in problems[0]
    assert RP.find("test-pack", user).path.name == "mine.json"
    with pytest.raises(RP.RulePackError, match="找不到规则包"):
        RP.find("nobody", user)


# -- the command line -------------------------------------------------------------------------------------

def test_check_rules_applies_a_shipped_pack_by_its_id(capsys):
    from conftest import run_cli

    code, out, err = run_cli(capsys, "check", DEMO, "--rules", "wuwei-2025")
    assert code == 0                                       # warnings only
    assert "警告 wuwei-2025/W1：一、总体情况共 1254 字" in out and "武政办发〔2025〕54号" in out
    code, out, _ = run_cli(capsys, "check", DEMO)
    assert "wuwei-2025" not in out                         # only when asked for


def test_check_rules_json_names_the_pack_of_each_finding(capsys, tmp_path):
    from conftest import run_cli

    path = pack_file(tmp_path, [rule("P1", "required_phrases", {"texts": "s1", "items": ["人大代表建议"]})])
    code, out, _ = run_cli(capsys, "check", DEMO, "--rules", path, "--rules", "wuwei-2025", "--json")
    found = json.loads(out)
    assert isinstance(found, list)                          # the contract's findings array
    packs = {f["rule"]: f.get("pack") for f in found if f.get("pack")}
    assert packs["test-pack/P1"] == "test-pack" and packs["wuwei-2025/W1"] == "wuwei-2025"


def test_check_rules_refuses_a_broken_pack_naming_it_and_checks_nothing(capsys, tmp_path):
    from conftest import run_cli

    bad = tmp_path / "坏规则.json"
    bad.write_text('{"rulepack": 1,\n "id": "x",\n "rules": [\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "check", DEMO, "--rules", bad)
    assert code == 2 and "坏规则.json" in err and "第 4 行" in err and out == ""
    code, out, err = run_cli(capsys, "check", DEMO, "--rules", "nobody")
    assert code == 2 and "找不到规则包 nobody" in err and "wuwei-2025" in err
