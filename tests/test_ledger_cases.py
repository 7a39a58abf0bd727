"""Section 四 from a register of 行政复议 and 行政诉讼 cases: one row per case, counted for the
report year — concluded in the year under its result, pending at its end as 尚未审结 — with the
words of the 2023 行政复议法 (撤销, 变更, 确认违法, 责令履行 are 结果纠正), 行政诉讼 split by whether a
review came first, and every row that cannot be placed listed, never guessed.
"""

from __future__ import annotations


import pytest

from govreport_gui.core import edition as E
from govreport_gui.core import rules
from govreport_gui.core.ledger import (LedgerError, count_applications, count_cases, filled, read_register,
                                       report_values)
from govreport_gui.core.report import new_report
from test_ledger_read import CJK, HEADER, app, write_csv, write_xlsx

ED = E.get("2021")
CASE_HEADER = ["序号", "案件名称", "案件类型", "是否经复议", "立案日期", "结案日期", "审理结果"]


def case(n, kind, reviewed=None, received="2024-02-01", concluded="2024-06-01", result="维持"):
    return [n, f"案件{n}", kind, reviewed, received, concluded, result]


def counted(c) -> dict:
    return {k: v for k, v in c.values.items() if v}


def test_a_year_of_cases(tmp_path):
    rows = [["某某局2024年行政复议、行政诉讼案件台账"], CASE_HEADER,
            case(1, "行政复议", result="维持"),
            case(2, "行政复议", result="结果维持"),
            case(3, "行政复议", result="撤销"),
            case(4, "行政复议", result="变更"),
            case(5, "行政复议", result="确认违法"),
            case(6, "行政复议", result="责令履行"),
            case(7, "行政复议", result="其他结果"),
            case(8, "行政复议", concluded=None, result="尚未审结"),
            case(9, "行政复议", concluded=None, result=None),                   # empty, not concluded: pending
            case(10, "行政诉讼", "否", result="纠正"),
            case(11, "行政诉讼", "是", result="结果纠正"),
            case(12, "行政诉讼（未经复议直接起诉）", result="维持"),
            case(13, "复议后起诉", concluded="2025-03-01", result="维持"),      # concluded after Y: pending at its end
            case(14, "行政诉讼", "直接起诉", received="2023-11-01", concluded=None, result="审理中"),
            case(15, "行政复议", received="2023-03-01", concluded="2023-08-01"),  # 2023's
            case(16, "行政复议", received="2025-01-03", concluded=None, result=None)]   # 2025's
    c = count_cases(read_register(write_xlsx(tmp_path / "cases.xlsx", rows), "cases"), ED, 2024)
    assert counted(c) == {
        "s4.review.upheld": 2, "s4.review.corrected": 4, "s4.review.other": 1, "s4.review.pending": 2,
        "s4.review.total": 9,
        "s4.suit_direct.corrected": 1, "s4.suit_direct.upheld": 1, "s4.suit_direct.pending": 1, "s4.suit_direct.total": 3,
        "s4.suit_after_review.corrected": 1, "s4.suit_after_review.pending": 1, "s4.suit_after_review.total": 2}
    assert c.rows["s4.review.corrected"] == [5, 6, 7, 8] and c.rows["s4.review.total"] == list(range(3, 12))
    assert c.rows["s4.suit_after_review.pending"] == [15]
    assert c.outside == {"concluded_before": [17], "received_after": [18]}
    assert c.complete and c.total_problems() == []
    assert set(c.values) == {cid for cid in ED.cells if cid.startswith("s4.")}


def test_rows_that_cannot_be_placed_are_listed(tmp_path):
    rows = [CASE_HEADER,
            case(1, "行政诉讼"),                                    # no word on review
            case(2, "行政诉讼", "不清楚"),                          # a word that says nothing
            case(3, "复议后起诉", "否"),                            # kind and review disagree
            case(4, "信访"),                                        # not a kind of case
            case(5, "行政复议", result="驳回"),                     # a result the table does not name
            case(6, "行政复议", result=None),                       # concluded in Y, no result
            case(7, "行政复议", result="尚未审结"),                 # concluded in Y, yet pending
            case(8, "行政复议", concluded=None, result="维持"),     # a result, no date concluded
            case(9, "行政复议", received="2024-05-01", concluded="2024-04-01"),
            case(10, "行政复议", concluded="待定"),
            case(11, None),
            case(12, "行政复议")]
    c = count_cases(read_register(write_xlsx(tmp_path / "cases.xlsx", rows), "cases"), ED, 2024)
    reasons = {x.row: x.message for x in c.left_out}
    assert sorted(reasons) == list(range(2, 13))
    assert "未说明" not in reasons[2] and "没有写明是否经复议" in reasons[2]
    assert "“不清楚”无法确定是否经复议" in reasons[3]
    assert "不一致" in reasons[4]
    assert "“信访”不是报告表格中的任何一项" in reasons[5]
    assert "“驳回”不是报告表格中的任何一项" in reasons[6]
    assert "已结案，但没有结果" in reasons[7] and "已结案，但结果为“尚未审结”" in reasons[8]
    assert "没有结案日期" in reasons[9]
    assert "早于收到日期" in reasons[10] and "“待定”不是日期" in reasons[11] and "没有案件类型" in reasons[12]
    assert all(CJK.search(m) for m in reasons.values())
    assert counted(c) == {"s4.review.upheld": 1, "s4.review.total": 1}
    by = {(u.kind, u.value): u for u in c.unmatched}
    assert by[("case_kind", "行政诉讼")].candidates == ("suit_direct", "suit_after_review")
    assert by[("case_kind", "行政诉讼")].rows == [2]
    assert by[("reviewed", "不清楚")].rows == [3] and by[("case_kind", "信访")].rows == [5]
    assert by[("case_result", "驳回")].rows == [6]


def test_a_mapping_settles_the_cases_words(tmp_path):
    rows = [CASE_HEADER, case(1, "行政诉讼"), case(2, "信访"), case(3, "行政复议", result="驳回"),
            case(4, "行政诉讼", "不清楚")]
    mapping = {"case_kind": {"行政诉讼": "suit_direct", "信访": "review"}, "case_result": {"驳回": "other"},
               "reviewed": {"不清楚": "suit_direct"}}
    c = count_cases(read_register(write_xlsx(tmp_path / "cases.xlsx", rows), "cases"), ED, 2024, mapping)
    assert c.complete
    assert counted(c) == {"s4.suit_direct.upheld": 2, "s4.suit_direct.total": 2, "s4.review.upheld": 1,
                          "s4.review.other": 1, "s4.review.total": 2}
    with pytest.raises(LedgerError, match="“信访”对应的 'upheld'.*review（行政复议）"):
        count_cases(read_register(write_xlsx(tmp_path / "c2.xlsx", rows), "cases"), ED, 2024,
                    {"case_kind": {"信访": "upheld"}})


def test_a_register_without_dates_is_the_years_list_of_cases(tmp_path):
    rows = [["序号", "类型", "复议后起诉与否", "结果"], [1, "行政复议", None, "维持"], [2, "行政复议", None, None],
            [3, "行政诉讼（复议后起诉）", None, "撤销"], [4, "行政诉讼-未经复议直接起诉", None, "尚未审结"]]
    c = count_cases(read_register(write_csv(tmp_path / "cases.csv", rows, "gbk"), "cases"), ED, 2024)
    assert counted(c) == {"s4.review.upheld": 1, "s4.review.pending": 1, "s4.review.total": 2,
                          "s4.suit_after_review.corrected": 1, "s4.suit_after_review.total": 1,
                          "s4.suit_direct.pending": 1, "s4.suit_direct.total": 1}
    assert any("没有结案日期列" in n for n in c.notes)


def test_section_four_and_section_three_fill_one_report(tmp_path):
    apps = read_register(write_xlsx(tmp_path / "apps.xlsx", [HEADER, app(1), app(2, "商业企业", answered=None,
                                                                                 result=None)]))
    cases = read_register(write_xlsx(tmp_path / "cases.xlsx", [CASE_HEADER, case(1, "行政复议"),
                                                                 case(2, "行政诉讼", "否", concluded=None, result=None)]),
                          "cases")
    a, k = count_applications(apps, ED, 2024), count_cases(cases, ED, 2024)
    values = report_values(a, k)
    assert values["s4.review.upheld"] == 1 and values["s4.suit_direct.pending"] == 1 and values["s3.new.total"] == 2
    out = filled(new_report(2024, "某某局", "2021"), a, k)
    assert [f for f in rules.check(out) if f.severity == "error" and f.section in ("s3", "s4")] == []
    with pytest.raises(LedgerError, match="案件台账"):
        count_cases(apps, ED, 2024)
