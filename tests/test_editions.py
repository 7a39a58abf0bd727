"""The official formats as data: loaded, validated, laid out like the printed tables."""

import copy
import json
from pathlib import Path

import pytest

from govreport_gui.core import edition as E
from govreport_gui.core.errors import EditionError

EDITIONS = Path(__file__).resolve().parents[1] / "resources" / "editions"


def load_raw(eid: str) -> dict:
    return json.loads((EDITIONS / f"{eid}.json").read_text(encoding="utf-8"))


def build(data: dict, tmp_path: Path, eid: str = "2021") -> E.Edition:
    p = tmp_path / f"{eid}.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return E.load_file(p)


def test_both_editions_have_the_official_cell_counts():
    assert E.available() == ("2019", "2021")
    ed21, ed19 = E.get("2021"), E.get("2019")
    s3_21 = [c for c in ed21.cells if c.startswith("s3.")]
    s3_19 = [c for c in ed19.cells if c.startswith("s3.")]
    assert len(s3_21) == 175 and len(s3_19) == 161
    assert len([c for c in ed21.cells if c.startswith("s4.")]) == 15
    assert "s3.other.other.total" in ed21.cells and "s3.other.total" not in ed21.cells
    assert "s3.other.total" in ed19.cells and "s3.other.other.total" not in ed19.cells
    assert {c for c in ed21.cells if c.startswith("s2.")} == {
        "s2.regulations.issued", "s2.regulations.repealed", "s2.regulations.in_force",
        "s2.normative.issued", "s2.normative.repealed", "s2.normative.in_force",
        "s2.licensing.decisions", "s2.penalty.decisions", "s2.coercion.decisions", "s2.fees.amount"}
    assert ed19.cells["s2.licensing.change"].type == "signed"
    assert ed19.cells["s2.procurement.amount"].type == "amount"
    assert ed21.cells["s2.fees.amount"].unit == "万元"


def test_edition_by_year():
    assert E.for_year(2019).id == "2019"
    assert E.for_year(2020).id == "2019"
    assert E.for_year(2021).id == "2021"
    assert E.for_year(2030).id == "2021"


def test_section_headings_are_verbatim():
    ed = E.get("2021")
    assert [s.heading for s in ed.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert ed.report_title("云泽市人民政府", 2024) == "云泽市人民政府2024年政府信息公开工作年度报告"
    assert ed.texts["s1"].outline[0] == "（一）主动公开" and len(ed.texts["s1"].outline) == 5


def test_section_three_layout_matches_the_printed_table():
    t = E.get("2021").tables["s3"]
    assert t.width == 10 and t.header_rows == 3
    at = t.at()
    corner = at[(0, 0)]
    assert corner.text.startswith("（本列数据的勾稽关系为") and (corner.rowspan, corner.colspan) == (3, 3)
    assert at[(0, 3)].text == "申请人情况" and at[(0, 3)].colspan == 7
    assert at[(1, 3)].text == "自然人" and at[(1, 3)].rowspan == 2
    assert at[(1, 4)].text == "法人或其他组织" and at[(1, 4)].colspan == 5
    assert [at[(2, c)].text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # 三、本年度办理结果 is one vertical label over the 22 result rows (（一）…（七）)
    results = at[(5, 0)]
    assert results.text == "三、本年度办理结果" and results.rowspan == 22
    denied = t.position("s3.denied.secret.natural")
    assert at[(denied.row, 1)].text == "（三）不予公开" and at[(denied.row, 1)].rowspan == 8
    assert at[(denied.row, 2)].text == "1.属于国家秘密"
    assert at[(t.position("s3.new.natural").row, 0)].colspan == 3
    assert t.position("s3.carried_out.total").row == t.height - 1
    # every grid position is covered exactly once
    assert len(at) == t.width * t.height


def test_section_four_has_three_header_rows_and_fifteen_numbers():
    t = E.get("2019").tables["s4"]
    assert t.width == 15 and t.header_rows == 3
    at = t.at()
    assert at[(0, 0)].text == "行政复议" and at[(0, 0)].colspan == 5
    assert at[(0, 5)].text == "行政诉讼" and at[(0, 5)].colspan == 10
    assert at[(1, 5)].text == "未经复议直接起诉" and at[(1, 10)].text == "复议后起诉"
    assert [at[(3, c)].cell for c in range(5)] == [f"s4.review.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]


def test_section_two_subtables_span_the_four_columns():
    t = E.get("2021").tables["s2"]
    g = t.position("s2.licensing.decisions")
    assert g.colspan == 3
    titles = [c.text for c in t.grid if c.role == "title"]
    assert titles == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    t19 = E.get("2019").tables["s2"]
    assert [c.text for c in t19.grid if c.role == "title"][-1] == "第二十条第（九）项"


def test_cell_names_for_messages():
    cd = E.get("2021").cells["s3.denied.secret.business"]
    assert cd.row_name == "（三）不予公开 1.属于国家秘密" and cd.col_name == "商业企业"
    assert "国家秘密" in cd.place and "商业企业" in cd.place
    assert E.get("2021").cells["s4.suit_direct.pending"].row_name == "行政诉讼（未经复议直接起诉）"


def test_computed_totals_are_the_sum_targets():
    comp = E.get("2021").compiled
    assert "s3.total.natural" in comp.computed and "s3.new.total" in comp.computed
    assert "s4.review.total" in comp.computed and "s3.new.natural" not in comp.computed
    # the grand total comes after the totals it sums
    assert comp.order["s3.total.total"] > comp.order["s3.granted.total"]


# -- a broken definition fails loudly, naming the place -------------------------------------


@pytest.mark.parametrize("breakage, words", [
    (lambda d: d["sections"][2]["table"]["rows"][3]["label"][0].update(cs=2), "列"),           # row too short
    (lambda d: d["sections"][2]["table"]["rows"][3]["label"][0].update(cs=5), "超出"),         # row too long
    (lambda d: d["sections"][2]["table"]["rows"][5]["label"][0].update(rs=40), "超出"),        # rowspan past the end
    (lambda d: d["rules"][0].update(lhs=["new", "nonexistent"]), "nonexistent"),              # rule names a missing cell
    (lambda d: d["rules"][0].update(severity="fatal"), "severity"),
    (lambda d: d["rules"][0].update(kind="magic"), "magic"),
    (lambda d: next(r for r in d["rules"] if r["id"] == "H2").update(function="nope"), "nope"),
    (lambda d: d["sections"][1]["table"]["rows"][2]["values"].__setitem__(0, "bogus"), "bogus"),
    (lambda d: d["sections"][1]["table"]["types"].update(amount="float"), "types"),
    (lambda d: d.update(title="{issuer}{year}{nope}"), "title"),
    (lambda d: d["texts"].pop("s5"), "s5"),
    (lambda d: d.update(schema=2), "schema"),
    (lambda d: d["sections"][2]["print"]["breaks"].update({"商业企业": "商业|机构"}), "breaks"),   # not the label
    (lambda d: d["sections"][2]["print"]["breaks"].update({"不存在的列": "不存在|的列"}), "breaks"),
])
def test_broken_definition_is_refused_at_load(tmp_path, breakage, words):
    assert_refused(tmp_path, breakage, words)


def assert_refused(tmp_path, breakage, words: str) -> None:
    """The 2021 edition with ``breakage`` made to it is refused at load, naming the file and ``words``."""
    data = copy.deepcopy(load_raw("2021"))
    breakage(data)
    with pytest.raises(EditionError) as e:
        build(data, tmp_path)
    assert "2021.json" in str(e.value) and words in str(e.value)


def test_unreadable_definition_file(tmp_path):
    p = tmp_path / "2021.json"
    p.write_text("{ not json", encoding="utf-8")
    with pytest.raises(EditionError, match="2021.json"):
        E.load_file(p)


def test_a_new_edition_is_just_a_data_file(tmp_path):
    """A future edition: copy 2021, rename a label, add a row; it loads and checks."""
    data = copy.deepcopy(load_raw("2021"))
    data["id"] = "2027"
    data["years"] = {"from": 2027}
    rows = data["sections"][1]["table"]["rows"]
    rows.append({"role": "title", "label": [{"text": "第二十条第（十）项", "cs": 4}]})
    rows.append({"role": "header", "label": [{"text": "信息内容"}, {"text": "本年处理决定数量", "cs": 3}]})
    rows.append({"id": "inspection", "name": "行政检查", "label": [{"text": "行政检查"}],
                 "values": [{"col": "decisions", "cs": 3}]})
    ed = build(data, tmp_path, "2027")
    assert ed.cells["s2.inspection.decisions"].row_name == "行政检查"
    assert len(ed.cells) == 201
