"""Counting section 三 from an applications register, for a report year: the official definitions
of 一 新收, 二 上年结转, 三 办理结果 and 四 结转下年度, the balance 一+二 = 三（七）+四 in every column,
the totals, the register rows behind every number, the words of the register mapped to the
table's rows and columns (never guessed: unknown and ambiguous words listed with their rows, a
mapping settles them), the rows left out with their reasons, and R5 against last year's report.

Registers are written here from figures chosen in the test and counted again here, by the
definitions, independently of the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_gui.core import edition as E
from govreport_gui.core import rules
from govreport_gui.core.ledger import (Entry, LedgerError, NotADate, Register, compare_carried, count_applications, filled,
                                       load_mapping, read_register, report_values, save_mapping)
from govreport_gui.core.report import new_report
from test_ledger_read import CJK, HEADER, app, write_csv, write_xlsx

ED = E.get("2021")
ED19 = E.get("2019")
COLS = ("natural", "business", "research", "social", "legal", "other")

# How offices write each applicant type and result (the test's own list, not the program's)
APPLICANT_WORDS = {
    "natural": ["自然人", "公民", "个人"],
    "business": ["商业企业", "法人或其他组织-商业企业", "法人或其他组织（商业企业）"],
    "research": ["科研机构", "法人或其他组织—科研机构"],
    "social": ["社会公益组织", "法人或其他组织（社会公益组织）"],
    "legal": ["法律服务机构", "法人或其他组织 法律服务机构"],
    "other": ["其他", "法人或其他组织-其他"],
}
RESULT_WORDS = {
    "granted": ["予以公开", "（一）予以公开", "全部公开"],
    "partial": ["部分公开", "（二）部分公开"],
    "denied.secret": ["不予公开-属于国家秘密", "不予公开（1.属于国家秘密）", "属于国家秘密"],
    "denied.third_party": ["不予公开：4.保护第三方合法权益"],
    "unavailable.not_held": ["无法提供 1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"],
    "unavailable.needs_creation": ["无法提供-没有现成信息需要另行制作"],
    "rejected.repeated": ["不予处理：2、重复申请", "重复申请"],
    "rejected.petition": ["（五）不予处理 1.信访举报投诉类申请"],
    "other.no_correction": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理-逾期不补正"],
    "other.other": ["其他处理-其他", "（六）其他处理 3.其他"],
}


def cell(row: str, col: str) -> str:
    return f"s3.{row}.{col}"


def expected_counts(apps: list[tuple], year: int) -> Counter:
    """The table, counted by hand from (applicant key, result key, received, answered) — the
    official definitions, written out again here."""
    out: Counter = Counter()
    for col, res, received, answered in apps:
        if received.year > year or (answered is not None and answered.year < year):
            continue
        out[cell("new" if received.year == year else "carried_in", col)] += 1
        if answered is not None and answered.year == year:
            out[cell(res, col)] += 1
            out[cell("total", col)] += 1
        else:
            out[cell("carried_out", col)] += 1
    for key in list(out):
        row = key.split(".", 1)[1].rsplit(".", 1)[0]
        out[cell(row, "total")] += out[key]
    return out


def register_of(rows: list[tuple]) -> Register:
    """A register made in memory: (row, applicant, result, received, answered) per entry."""
    entries = []
    for n, applicant, result, received, answered in rows:
        values = {k: v for k, v in (("applicant", applicant), ("result", result), ("received", received),
                                    ("answered", answered)) if v is not None}
        entries.append(Entry(n, False, values))
    return Register("applications", "台账.xlsx", "0" * 64, "xlsx", "台账", ["台账"], (1,),
                    {"applicant": (2, "申请人类型"), "received": (3, "收到申请日期"), "answered": (5, "答复日期"),
                     "result": (6, "答复类型")}, entries)


def assert_balanced(c) -> None:
    part = c.edition.ledger.applications
    for col in (*part.applicants, part.total_column):
        v = lambda row: c.values[part.cell(row, col)]   # noqa: E731
        assert v(part.new) + v(part.carried_in) == v(part.results_total) + v(part.carried_out), col
        assert v(part.results_total) == sum(v(r) for r in part.results), col
    for row in (part.new, part.carried_in, *part.results, part.results_total, part.carried_out):
        assert c.values[part.cell(row, part.total_column)] == sum(c.values[part.cell(row, a)] for a in part.applicants)
    assert c.balance_problems() == []


# -- a register of a few hundred applications over two years ------------------------------------------


def two_years(seed: int = 7, n: int = 400) -> tuple[list[list], list[tuple], dict]:
    """Register rows (HEADER's columns) for applications received in 2023 and 2024, in the
    variety offices write, and the truth behind them: (applicant, result, received, answered)."""
    rnd = random.Random(seed)
    forms = [lambda d: dt.datetime(d.year, d.month, d.day), lambda d: d.strftime("%Y-%m-%d"),
             lambda d: f"{d.year}/{d.month}/{d.day}", lambda d: f"{d.year}.{d.month}.{d.day}",
             lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: d.strftime("%Y%m%d")]
    rows, truth = [], []
    for i in range(n):
        col = rnd.choice(COLS)
        res = rnd.choice(list(RESULT_WORDS))
        received = dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(730))
        answered = received + dt.timedelta(days=rnd.randrange(40)) if rnd.random() < 0.85 else None
        if answered is not None and answered.year > 2025:
            answered = None
        truth.append((col, res, received, answered))
        rows.append(app(i + 1, rnd.choice(APPLICANT_WORDS[col]), rnd.choice(forms)(received),
                        rnd.choice(forms)(answered) if answered else None,
                        rnd.choice(RESULT_WORDS[res]) if answered or rnd.random() < 0.1 else None,
                        name=f"申请人{i + 1}"))
        if answered is None and rows[-1][6] is not None:          # a result without a date: left out
            truth[-1] = None
    return rows, truth, {}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_register_over_two_years_gives_the_counts_counted_by_hand(tmp_path, suffix):
    rows, truth, _ = two_years()
    # laid out as offices do: a title, blocks by year with blank rows between, some rows hidden
    sheet = [["某某局政府信息公开申请登记台账（2023—2024年）"], HEADER]
    hidden = []
    for i, r in enumerate(rows):
        if i == 200:
            sheet += [[], ["2024年"]]
        sheet.append(r)
        if i % 37 == 5:
            hidden.append(len(sheet))
    p = (write_xlsx(tmp_path / "r.xlsx", sheet, hidden=hidden, merges=["A1:G1"]) if suffix == ".xlsx"
         else write_csv(tmp_path / "r.csv", sheet, "gbk"))
    reg = read_register(p)
    assert len(reg.entries) == len(rows)
    left = [e for e, t in zip(reg.entries, truth) if t is None]
    for year in (2023, 2024):
        c = count_applications(reg, ED, year)
        want = expected_counts([t for t in truth if t is not None], year)
        assert {k: v for k, v in c.values.items() if v} == dict(+want), year
        assert_balanced(c)
        assert {x.row for x in c.left_out} == {e.row for e in left if _in_scope(e, year)}
        assert all("没有答复日期" in x.message for x in c.left_out)
        assert c.unmatched == []
    last = count_applications(reg, ED, 2023)
    this = count_applications(reg, ED, 2024)
    assert compare_carried(this, last.values) == []           # R5 holds when both come from one register


def _in_scope(e: Entry, year: int) -> bool:
    return e.values["received"].year <= year


def test_the_rows_behind_every_number(tmp_path):
    rows = [HEADER,
            app(1, "自然人", "2023-12-28", "2024-01-05", "予以公开"),          # 二 → 三（一）
            app(2, "公民", "2024-02-01", "2024-02-10", "予以公开"),            # 一 → 三（一）
            app(3, "商业企业", "2024-11-30", None, None),                       # 一 → 四
            app(4, "自然人", "2023-12-30", "2025-01-04", "部分公开"),           # 二 → 四
            app(5, "自然人", "2023-05-01", "2023-05-20", "予以公开"),           # 2023's: not counted
            app(6, "自然人", "2025-01-02", None, None)]                         # 2025's: not counted
    c = count_applications(read_register(write_xlsx(tmp_path / "r.xlsx", rows)), ED, 2024)
    assert {k: v for k, v in c.values.items() if v} == {
        "s3.new.natural": 1, "s3.new.business": 1, "s3.new.total": 2,
        "s3.carried_in.natural": 2, "s3.carried_in.total": 2,
        "s3.granted.natural": 2, "s3.granted.total": 2, "s3.total.natural": 2, "s3.total.total": 2,
        "s3.carried_out.natural": 1, "s3.carried_out.business": 1, "s3.carried_out.total": 2}
    assert c.rows["s3.carried_in.natural"] == [2, 5]
    assert c.rows["s3.granted.natural"] == [2, 3] and c.rows["s3.total.total"] == [2, 3]
    assert c.rows["s3.carried_out.total"] == [4, 5]
    assert c.rows["s3.new.total"] == [3, 4] and c.rows["s3.partial.natural"] == []
    assert c.outside == {"answered_before": [6], "received_after": [7]}
    assert c.counted == 4 and c.complete
    assert any("以前年度" in n for n in c.notes) and any("以后年度" in n for n in c.notes)
    assert set(c.values) == {cid for cid in ED.cells if cid.startswith("s3.")}


@pytest.mark.parametrize("key,words", [(k, w) for k, ws in RESULT_WORDS.items() for w in ws])
def test_each_way_a_result_is_written_finds_its_row(key, words):
    c = count_applications(register_of([(2, "自然人", words, dt.date(2024, 1, 2), dt.date(2024, 1, 3))]), ED, 2024)
    assert c.values[cell(key, "natural")] == 1 and c.complete


@pytest.mark.parametrize("key,words", [(k, w) for k, ws in APPLICANT_WORDS.items() for w in ws])
def test_each_way_an_applicant_is_written_finds_its_column(key, words):
    c = count_applications(register_of([(2, words, "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3))]), ED, 2024)
    assert c.values[cell("granted", key)] == 1 and c.complete


def test_the_2019_edition_has_one_row_for_other_handling():
    rows = [(2, "自然人", "其他处理-其他", dt.date(2020, 1, 2), dt.date(2020, 1, 3)),
            (3, "自然人", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", dt.date(2020, 1, 2), dt.date(2020, 1, 3)),
            (4, "自然人", "（六）其他处理", dt.date(2020, 1, 2), dt.date(2020, 1, 3))]
    c = count_applications(register_of(rows), ED19, 2020)
    assert c.values["s3.other.natural"] == 3 and c.complete
    assert_balanced(c)


# -- words the table does not know, or knows twice ---------------------------------------------------------


def test_unknown_and_ambiguous_words_are_listed_with_their_rows_and_not_counted():
    rows = [(2, "律师", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (3, "自然人", "不予公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (4, "律师", "同意公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (5, "法人或其他组织", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (6, "自然人", "不予公开", dt.date(2024, 1, 2), dt.date(2024, 1, 4)),
            (7, "律师", "同意公开", dt.date(2024, 1, 2), None),     # not answered: its result does not matter
            (8, "自然人", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3))]
    c = count_applications(register_of(rows), ED, 2024)
    assert c.values["s3.new.total"] == 1 and c.values["s3.granted.natural"] == 1
    assert_balanced(c)
    by = {(u.kind, u.value): u for u in c.unmatched}
    assert by[("applicant", "律师")].rows == [2, 4, 7] and not by[("applicant", "律师")].ambiguous
    assert by[("result", "同意公开")].rows == [4]
    amb = by[("result", "不予公开")]
    assert amb.rows == [3, 6] and amb.ambiguous and len(amb.candidates) == 8
    assert amb.candidates[0] == "denied.secret" and "（三）不予公开 1.属于国家秘密" in amb.names
    assert by[("applicant", "法人或其他组织")].candidates == ("business", "research", "social", "legal", "other")
    assert "第 3、6 行" in amb.message and "无法确定" in amb.message
    assert "律师" in by[("applicant", "律师")].message and "第 2、4、7 行" in by[("applicant", "律师")].message
    assert [x.row for x in c.left_out] == [2, 3, 4, 5, 6, 7]
    assert not c.complete and all(CJK.search(m) for m in c.problems())


def test_a_mapping_settles_them(tmp_path):
    rows = [(2, "律师", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (3, "自然人", "不予公开", dt.date(2023, 12, 2), dt.date(2024, 1, 3)),
            (4, " 律 师 ", "同意公开。", dt.date(2024, 1, 2), dt.date(2024, 1, 3)),
            (5, "自然人", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3))]
    mapping = {"applicant": {"律师": "legal"}, "result": {"不予公开": "denied.law", "同意公开": "granted",
                                                          "予以公开": "partial"}}      # the clerk's word wins
    c = count_applications(register_of(rows), ED, 2024, mapping)
    assert c.complete and c.unmatched == []
    assert c.values["s3.partial.legal"] == 1 and c.values["s3.granted.legal"] == 1
    assert c.values["s3.denied.law.natural"] == 1 and c.values["s3.carried_in.natural"] == 1
    assert c.values["s3.partial.natural"] == 1
    assert_balanced(c)
    # saved and read back, it counts the same
    p = tmp_path / "对应.json"
    save_mapping(p, mapping, ED)
    assert json.loads(p.read_text(encoding="utf-8"))["schema"] == 1
    again = count_applications(register_of(rows), ED, 2024, load_mapping(p, ED))
    assert again.values == c.values


@pytest.mark.parametrize("text,words", [
    ("{ 不是 json", ["对应.json", "不是有效的 JSON", "第 1 行"]),
    ('{"applicant": {"律师": "lawyers"}}', ["对应.json", "律师", "lawyers", "legal"]),
    ('{"colour": {}}', ["对应.json", "colour"]),
    ('{"applicant": ["律师"]}', ["对应.json", "applicant"]),
    ('[1, 2]', ["对应.json", "应为对象"]),
    ('{"schema": 9}', ["对应.json", "schema"]),
    ('{"result": {"同意": "other"}}', ["对应.json", "other"]),       # 2019's row, not 2021's
])
def test_a_bad_mapping_file_is_refused_naming_the_file(tmp_path, text, words):
    p = tmp_path / "对应.json"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        load_mapping(p, ED)
    for w in words:
        assert w in str(e.value)


def test_a_mapping_given_in_code_is_checked_too():
    with pytest.raises(LedgerError, match="nowhere"):
        count_applications(register_of([]), ED, 2024, {"result": {"同意": "nowhere"}})
    with pytest.raises(LedgerError, match="找不到"):
        load_mapping("/nonexistent/对应.json", ED)


# -- rows left out, with their reasons --------------------------------------------------------------------


def test_rows_that_cannot_be_counted_are_listed_with_reasons(tmp_path):
    rows = [HEADER,
            app(1, received="2024-03-05", answered="2024-03-10", result=None),      # answered, no result
            app(2, received="2024-03-05", answered="2024-03-01"),                   # answered before received
            app(3, received="1989-12-31", answered=None, result=None),              # implausible
            app(4, received="2204-01-01", answered=None, result=None),              # a typo
            app(5, received=None, answered="2024-03-01"),                           # no date received
            app(6, received="待定", answered=None, result=None),                    # text in a date column
            app(7, received="2024-03-05", answered="下周", result=None),
            app(8, received="2024-03-05", answered=None, result="予以公开"),        # result, no date answered
            app(9, applicant=None),                                                 # no applicant type
            app(10)]
    c = count_applications(read_register(write_xlsx(tmp_path / "r.xlsx", rows)), ED, 2024)
    reasons = {x.row: x.message for x in c.left_out}
    assert sorted(reasons) == list(range(2, 11))
    assert "已答复，但没有答复类型" in reasons[2]
    assert "早于收到申请日期" in reasons[3]
    assert "1989-12-31 不在合理范围" in reasons[4] and "1990—" in reasons[4]
    assert "2204-01-01 不在合理范围" in reasons[5]
    assert "没有收到申请日期" in reasons[6]
    assert "“待定”不是日期" in reasons[7] and "“下周”不是日期" in reasons[8]
    assert "有答复类型“予以公开”，但没有答复日期" in reasons[9]
    assert "没有申请人类型" in reasons[10]
    assert all(m.startswith(f"第 {r} 行") for r, m in reasons.items())
    assert c.values["s3.new.total"] == 1 and c.values["s3.total.total"] == 1
    assert_balanced(c)


# -- the balance, for any register -----------------------------------------------------------------------


_day = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 12, 31))
_row = st.tuples(
    st.sampled_from([w for ws in APPLICANT_WORDS.values() for w in ws] + ["律师", None]),
    st.sampled_from([w for ws in RESULT_WORDS.values() for w in ws] + ["不予公开", "同意", None]),
    st.one_of(st.none(), _day, st.just(NotADate("待定", "不是日期"))),
    st.one_of(st.none(), _day),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, max_size=60), st.integers(min_value=2022, max_value=2025))
def test_any_register_balances_in_every_column_and_its_totals_add_up(rows, year):
    reg = register_of([(i + 2, *r) for i, r in enumerate(rows)])
    c = count_applications(reg, ED, year)
    assert_balanced(c)
    counted = set(c.rows["s3.new.total"]) | set(c.rows["s3.carried_in.total"])
    assert counted == set(c.rows["s3.total.total"]) | set(c.rows["s3.carried_out.total"])
    left = {x.row for x in c.left_out}
    outside = set(c.outside["answered_before"]) | set(c.outside["received_after"])
    assert counted | left | outside == {e.row for e in reg.entries}
    assert not (counted & left) and not (counted & outside) and not (left & outside)
    for cid, v in c.values.items():
        assert v == len(c.rows[cid]) and c.rows[cid] == sorted(c.rows[cid])


# -- R5: this year's 二 against last year's 四 ----------------------------------------------------------------


def test_r5_names_the_columns_that_differ_and_the_rows_behind_them():
    rows = [(2, "自然人", "予以公开", dt.date(2023, 12, 20), dt.date(2024, 1, 5)),
            (3, "自然人", None, dt.date(2023, 12, 21), None),
            (4, "商业企业", "予以公开", dt.date(2023, 12, 22), dt.date(2024, 1, 6)),
            (5, "自然人", "予以公开", dt.date(2024, 1, 2), dt.date(2024, 1, 3))]
    c = count_applications(register_of(rows), ED, 2024)
    last = {"s3.carried_out.natural": 3, "s3.carried_out.business": 1, "s3.carried_out.research": 0,
            "s3.carried_out.total": 4}                       # social, legal, other left blank last year
    diffs = compare_carried(c, last)
    assert [(d.column, d.last, d.this, d.rows) for d in diffs] == [("natural", 3, 2, (2, 3)), ("total", 4, 3, (2, 3, 4))]
    d = diffs[0]
    assert d.rule == "R5" and d.cell == "s3.carried_in.natural" and d.last_cell == "s3.carried_out.natural"
    assert "「自然人」为 2" in d.message and "为 3" in d.message and "第 2、3 行" in d.message
    # last year's report itself, or its values kept in this year's report
    last_year = new_report(2023, "某某局", "2021")
    last_year.values.update(last)
    assert [x.column for x in compare_carried(c, last_year)] == ["natural", "total"]
    assert compare_carried(c, {}) == [] and compare_carried(c, None) == []
    only_business = compare_carried(count_applications(register_of(rows[2:3]), ED, 2024), {"s3.carried_out.natural": 2})
    assert only_business[0].rows == () and "没有计入上年结转" in only_business[0].message


# -- into a report ------------------------------------------------------------------------------------------


def test_the_counts_fill_a_copy_of_the_report_and_it_passes_the_checks(tmp_path):
    rows, truth, _ = two_years(seed=3, n=120)
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", [HEADER] + rows))
    c = count_applications(reg, ED, 2024)
    values = report_values(c)
    assert values == c.values and all(type(v) is int for v in values.values())
    report = new_report(2024, "某某局", "2021")
    out = filled(report, c)
    assert report.values == {} and out.values == values
    errors = [f for f in rules.check(out) if f.severity == "error" and f.section == "s3"]
    assert errors == []
    with pytest.raises(LedgerError, match="2023"):
        filled(new_report(2023, "某某局", "2021"), c)
    with pytest.raises(LedgerError, match="格式"):
        filled(new_report(2024, "某某局", "2019"), c)


def test_a_case_register_is_not_an_applications_register():
    reg = register_of([])
    reg.kind = "cases"
    with pytest.raises(LedgerError, match="案件台账"):
        count_applications(reg, ED, 2024)


def test_what_dates_are_plausible():
    from govreport_gui.core.ledger.count import plausible

    assert plausible(2024, dt.date(2024, 12, 1)) == (dt.date(1990, 1, 1), dt.date(2025, 12, 31))
    assert plausible(2024, dt.date(2025, 2, 1)) == (dt.date(1990, 1, 1), dt.date(2026, 12, 31))
    assert plausible(2021, dt.date(2025, 2, 1))[1] == dt.date(2026, 12, 31)   # a register of years, counted later


def test_a_result_that_says_still_open():
    rows = [(2, "自然人", "办理中", dt.date(2024, 12, 20), None),
            (3, "自然人", "正在办理", dt.date(2024, 12, 20), dt.date(2025, 1, 5)),
            (4, "自然人", "未办结", dt.date(2024, 5, 1), dt.date(2024, 5, 10)),
            (5, "自然人", "等候处理", dt.date(2024, 12, 21), None)]
    c = count_applications(register_of(rows), ED, 2024, {"result": {"等候处理": "carried_out"}})
    assert c.values["s3.carried_out.natural"] == 3 and c.rows["s3.carried_out.natural"] == [2, 3, 5]
    assert [x.row for x in c.left_out] == [4] and "表示尚未办结" in c.left_out[0].message
    assert_balanced(c)
