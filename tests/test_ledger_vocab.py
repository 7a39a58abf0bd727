"""The register's words and the official tables: the vocabulary comes from each edition's data (the
printed labels and the ``ledger`` block), the ``ledger`` block is validated when the edition is
loaded, and a new edition — a new applicant column, a renamed row — is counted with no code change.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from govreport_gui.core import edition as E
from govreport_gui.core.ledger import (Entry, Register, applications_vocabulary, cases_vocabulary, count_applications,
                                       skeleton)

from test_editions import assert_refused, build
from test_editions import load_raw as raw


@pytest.mark.parametrize("words,key", [
    ("予以公开", "granted"), ("（二）部分公开", "partial"), ("部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("不予公开-属于国家秘密", "denied.secret"), ("不予公开（1.属于国家秘密）", "denied.secret"),
    ("属于国家秘密", "denied.secret"), ("（三）不予公开 3.危及“三安全一稳定”", "denied.safety"),
    ("不予处理：2、重复申请", "rejected.repeated"), ("无法提供 1.本机关不掌握相关政府信息", "unavailable.not_held"),
    ("其他处理-其他", "other.other"), ("其他处理—逾期未缴费", "other.unpaid_fee"),
    ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
    ("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.unpaid_fee"),
    ("不予处理（５）要求行政机关确认或重新出具已获取信息", "rejected.confirmation"),
])
def test_a_result_finds_its_row_from_the_2021_labels(words, key):
    assert applications_vocabulary(E.get("2021"))["result"].match(words) == {key}


@pytest.mark.parametrize("words", ["不予公开", "（四）无法提供", "不予处理", "其他处理"])
def test_a_group_of_several_rows_is_ambiguous(words):
    assert len(applications_vocabulary(E.get("2021"))["result"].match(words)) > 1


@pytest.mark.parametrize("words", ["同意", "已答复", "公开", "1", "", "不予公开属于国家机密"])
def test_words_no_label_has_match_nothing(words):
    assert applications_vocabulary(E.get("2021"))["result"].match(words) == frozenset()


@pytest.mark.parametrize("words,key", [
    ("自然人", "natural"), ("法人或其他组织-商业企业", "business"), ("法人或其他组织（社会公益组织）", "social"),
    ("科研机构", "research"), ("法律服务机构", "legal"), ("其他", "other"), ("法人或其他组织—其他", "other"),
    ("公民", "natural"), ("企业", "business"),
])
def test_an_applicant_finds_its_column(words, key):
    assert applications_vocabulary(E.get("2021"))["applicant"].match(words) == {key}


def test_the_2019_edition_words():
    v = applications_vocabulary(E.get("2019"))["result"]
    assert v.match("（六）其他处理") == {"other"} and v.match("其他处理-其他") == {"other"}
    assert v.match("逾期不补正") == {"other"}
    assert v.match("不予公开（1.属于国家秘密）") == {"denied.secret"}


@pytest.mark.parametrize("eid", ["2019", "2021"])
def test_case_words(eid):
    v = cases_vocabulary(E.get(eid))
    assert v["case_kind"].match("行政复议") == {"review"}
    assert v["case_kind"].match("行政诉讼") == {"suit_direct", "suit_after_review"}
    assert v["case_kind"].match("行政诉讼（复议后起诉）") == {"suit_after_review"}
    assert v["case_kind"].match("未经复议直接起诉") == {"suit_direct"}
    assert v["reviewed"].match("是") == {"suit_after_review"} and v["reviewed"].match("否") == {"suit_direct"}
    for words in ("撤销", "变更", "确认违法", "责令履行", "纠正", "结果纠正"):
        assert v["case_result"].match(words) == {"corrected"}, words
    assert v["case_result"].match("维持") == {"upheld"} and v["case_result"].match("其他结果") == {"other"}
    assert v["case_result"].match("尚未审结") == {"pending"} and v["case_result"].match("审理中") == {"pending"}
    assert v["case_result"].match("驳回") == frozenset()


@pytest.mark.parametrize("eid", ["2019", "2021"])
def test_every_synonym_in_the_data_names_exactly_one_row_or_column(eid):
    ed = E.get(eid)
    vocab = {**applications_vocabulary(ed), **cases_vocabulary(ed)}
    kinds = {"applications": {"applicant": "applicant", "result": "result"},
             "cases": {"kind": "case_kind", "reviewed": "reviewed", "result": "case_result"}}
    data = raw(eid)["ledger"]
    for part, syn in ((p, data[p].get("synonyms", {})) for p in data):
        for kind, words in syn.items():
            for word, key in words.items():
                assert vocab[kinds[part][kind]].match(word) == {key}, (eid, kind, word)


def test_the_skeleton_drops_numbering_and_punctuation():
    assert skeleton("（三）不予公开-1.属于国家秘密") == "不予公开属于国家秘密"
    assert skeleton("不予处理：２、重复申请") == "不予处理重复申请"
    assert skeleton("3.危及“三安全一稳定”") == "危及三安全一稳定"
    assert skeleton("一、本年新收") == "本年新收"


# -- the ledger block of the edition file -------------------------------------------------------------


def test_the_editions_say_what_counting_fills():
    part = E.get("2021").ledger.applications
    assert (part.table, part.new, part.carried_in, part.results_total, part.carried_out) == (
        "s3", "new", "carried_in", "total", "carried_out")
    assert part.applicants == ("natural", "business", "research", "social", "legal", "other")
    assert len(part.results) == 21 and part.results[0] == "granted" and part.results[-1] == "other.other"
    assert len(E.get("2019").ledger.applications.results) == 19
    cases = E.get("2021").ledger.cases
    assert cases.kinds == ("review", "suit_direct", "suit_after_review")
    assert cases.results == ("upheld", "corrected", "other") and cases.pending == "pending"


@pytest.mark.parametrize("breakage,words", [
    (lambda d: d["ledger"]["applications"].update(table="s9"), "s9"),
    (lambda d: d["ledger"]["applications"].update(new="brand_new"), "brand_new"),
    (lambda d: d["ledger"]["applications"].update(carried_out="new"), "不同的行"),
    (lambda d: d["ledger"]["applications"].update(total_column="sum"), "sum"),
    (lambda d: d["ledger"]["applications"].pop("carried_in"), "carried_in"),
    (lambda d: d["ledger"]["applications"]["synonyms"]["applicant"].update({"律师": "lawyer"}), "律师"),
    (lambda d: d["ledger"]["applications"]["synonyms"].update(colour={}), "synonyms"),
    (lambda d: d["ledger"]["cases"].update(pending="total"), "pending"),
    (lambda d: d["ledger"]["cases"]["synonyms"]["result"].update({"驳回": "review"}), "驳回"),
    (lambda d: d["ledger"].update(other={}), "ledger"),
    (lambda d: d.update(ledger=[]), "ledger"),
])
def test_a_broken_ledger_block_is_refused_at_load(tmp_path, breakage, words):
    assert_refused(tmp_path, breakage, words)


def test_an_edition_without_a_ledger_block_loads_and_says_it_cannot_count(tmp_path):
    data = copy.deepcopy(raw("2021"))
    del data["ledger"]
    ed = build(data, tmp_path)
    assert ed.ledger.applications is None and ed.ledger.cases is None
    from govreport_gui.core.ledger import LedgerError

    reg = Register("applications", "台账.csv", "", "csv", None, [], (1,), {}, [])
    with pytest.raises(LedgerError, match="ledger.applications"):
        count_applications(reg, ed, 2024)


def test_a_new_edition_is_counted_with_no_code_change(tmp_path):
    """The 2021 file with a new applicant column (个体工商户, under 法人或其他组织) and a renamed row,
    as tests/test_new_edition.py makes it: the vocabulary and the count follow the data."""
    data = copy.deepcopy(raw("2021"))
    data["id"], data["years"] = "2026", {"from": 2026}
    section = next(s for s in data["sections"] if s["id"] == "s3")
    s3 = section["table"]
    s3["width"] += 1
    section["print"]["widths"].insert(-2, section["print"]["widths"][-2])
    s3["columns"] = {**{k: v for k, v in s3["columns"].items() if k not in ("other", "total")},
                     "individual": "个体工商户", "other": "其他", "total": "总计"}
    s3["default_values"].insert(s3["default_values"].index("other"), "individual")
    s3["rows"][0]["label"][1]["cs"] += 1
    s3["rows"][1]["label"][1]["cs"] += 1
    labels = s3["rows"][2]["label"]
    labels.insert(next(i for i, e in enumerate(labels) if e["text"] == "其他"), {"text": "个体工商户"})
    row = next(r for r in s3["rows"] if r.get("id") == "granted")
    row["name"] = row["label"][-1]["text"] = "（一）予以全部公开"
    for rule in data["rules"]:
        if rule["id"] == "R3":
            rule["terms"].insert(rule["terms"].index("other"), "individual")
    ed = build(data, tmp_path, "2026")
    assert ed.ledger.applications.applicants[-2:] == ("individual", "other")
    vocab = applications_vocabulary(ed)
    assert vocab["applicant"].match("法人或其他组织-个体工商户") == {"individual"}
    assert vocab["result"].match("予以全部公开") == {"granted"} and vocab["result"].match("予以公开") == frozenset()
    reg = Register("applications", "台账.csv", "", "csv", None, [], (1,), {}, [
        Entry(2, False, {"applicant": "个体工商户", "result": "（一）予以全部公开", "received": dt.date(2026, 1, 2),
                         "answered": dt.date(2026, 1, 5)})])
    c = count_applications(reg, ed, 2026)
    assert c.values["s3.granted.individual"] == 1 and c.values["s3.new.total"] == 1 and c.complete
