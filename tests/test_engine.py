"""The live engine: incremental updates agree with a full recompute.

``Engine(report, compute_totals=True)`` is what the GUI uses: totals are
computed, and every ``set_value``/``set_values``/``set_text``/``set_note``/``set_year``
returns a :class:`rules.Delta` with the cells that changed (recomputed totals
included) and the findings added/changed and removed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DEMO
from govreport_gui.core import native, rules
from govreport_gui.core.errors import ValueInputError
from govreport_gui.core.report import Previous, Report, new_report



def demo() -> Report:
    return native.load(DEMO)


def empty(edition: str, with_previous: bool = False) -> Report:
    r = new_report(2024 if edition == "2021" else 2020, "测试市人民政府", edition)
    assert r.edition == edition
    if with_previous:
        d = demo()
        prev = d.previous
        if edition == "2019":
            # a 2019 report knows last year's section 三/四 (same cell ids) and some of section 二
            prev = Previous(year=2019, edition="2019",
                            values={k: v for k, v in prev.values.items() if k.startswith(("s3.", "s4."))
                                    and k != "s3.other.other.total" and not k.startswith("s3.other.")}
                            | {"s2.licensing.prev_items": 30, "s2.licensing.change": -4,
                               "s2.fees.prev_items": 3, "s2.fees.change": 1,
                               "s2.procurement.amount": Decimal("12.5")},
                            text=dict(prev.text))
        r.previous = prev
    return r


STARTS = {
    "demo": demo,
    "empty2021": lambda: empty("2021"),
    "empty2021+previous": lambda: empty("2021", True),
    "empty2019": lambda: empty("2019"),
    "empty2019+previous": lambda: empty("2019", True),
}


def assert_same_as_full_recompute(engine: rules.Engine) -> None:
    fresh = rules.Engine(engine.report.copy(), compute_totals=True)
    assert fresh.report.values == engine.report.values          # incremental totals are right
    assert fresh.findings == engine.findings                     # and so are the findings
    assert [f.key for f in fresh.sorted()] == [f.key for f in engine.sorted()]


def assert_delta_is_exact(before_values: dict, before_findings: dict, engine: rules.Engine,
                          delta: rules.Delta) -> None:
    after_values = engine.report.values
    changed = {c for c in set(before_values) | set(after_values) if before_values.get(c) != after_values.get(c)
               or (c in before_values) != (c in after_values)}
    assert set(delta.cells) == changed
    assert delta.cells == {c: after_values.get(c) for c in changed}
    # applying the delta to the previous findings gives the new findings
    applied = dict(before_findings)
    for key in delta.removed:
        assert key in applied
        del applied[key]
    for f in delta.added:
        assert applied.get(f.key) != f                       # only new or changed findings
        applied[f.key] = f
    assert applied == engine.findings
    assert len(set(delta.removed)) == len(delta.removed)
    assert not set(delta.removed) & {f.key for f in delta.added}


# --------------------------------------------------------------------------
# property: random edits, incremental == full


def values_for(vtype: str):
    if vtype == "count":
        return st.one_of(st.none(), st.integers(0, 40), st.sampled_from([0, 1, 5, 12, 60, 400, 3000]))
    if vtype == "signed":
        return st.one_of(st.none(), st.integers(-60, 60))
    assert vtype == "amount"
    return st.one_of(st.none(),
                     st.decimals(min_value=0, max_value=20000, places=6, allow_nan=False, allow_infinity=False),
                     st.sampled_from([Decimal("0"), Decimal("1712.0836"), Decimal("8560.418"),
                                      Decimal("8560.418001")]))


def texts_for(report: Report):
    options = ["",
               "全市新收政府信息公开申请{a}件，上年结转{b}件，结转下年度继续办理{c}件。",
               "本年度共收到政府信息公开申请{a}件。因政府信息公开被申请行政复议{b}件，被提起行政诉讼{c}起。",
               "行政复议{a}件，行政诉讼{b}件。",
               # years (H5): right or wrong depending on the report year, which the steps change too
               "本报告中所列数据的统计期限为{y}年1月1日至12月31日。",
               "{y}年，全市新收政府信息公开申请{a}件。{z}年，我们将继续推进。",
               "较{y}年增加{b}件。{y}年以来，我市持续推进政务公开。"]
    base = st.builds(lambda t, a, b, c, y, z: t.format(a=a, b=b, c=c, y=y, z=z), st.sampled_from(options),
                     st.integers(0, 40), st.integers(0, 40), st.integers(0, 40),
                     st.integers(2018, 2026), st.integers(2018, 2026))
    choices = [base, st.text(alphabet="新收到受理申请件起上年度结转下行政复议诉讼0123456789，。 ", max_size=40)]
    if report.previous is not None:
        prev_texts = [t for t in report.previous.text.values() if t]
        if prev_texts:
            def near_copy(t: str, at: int) -> str:
                i = at % len(t)
                return t[:i] + "改" + t[i + 1:]
            choices.append(st.builds(near_copy, st.sampled_from(prev_texts), st.integers(0, 10_000)))
            choices.append(st.sampled_from(prev_texts))
    return st.one_of(*choices)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_incremental_updates_agree_with_a_full_recompute(data):
    start = data.draw(st.sampled_from(sorted(STARTS)), label="start")
    report = STARTS[start]()
    engine = rules.Engine(report, compute_totals=True)
    ed = report.ed
    inputs = sorted(c for c in ed.cells if not engine.is_computed(c))
    assert_same_as_full_recompute(engine)
    n_steps = data.draw(st.integers(1, 14), label="steps")
    for _ in range(n_steps):
        kind = data.draw(st.sampled_from(["value", "value", "value", "values", "text", "note", "year"]),
                         label="kind")
        before_values = dict(report.values)
        before_findings = dict(engine.findings)
        if kind == "value":
            cid = data.draw(st.sampled_from(inputs), label="cell")
            v = data.draw(values_for(ed.cells[cid].type), label="value")
            delta = engine.set_values({cid: v})
        elif kind == "values":
            cells = data.draw(st.lists(st.sampled_from(inputs), min_size=1, max_size=8, unique=True), label="cells")
            block = {c: data.draw(values_for(ed.cells[c].type), label=c) for c in cells}
            delta = engine.set_values(block)
        elif kind == "text":
            tid = data.draw(st.sampled_from(["s1", "s5", "s6", "preface"]), label="text id")
            delta = engine.set_text(tid, data.draw(texts_for(report), label="text"))
        elif kind == "year":
            delta = engine.set_year(data.draw(st.integers(2019, 2026), label="year"))
        else:
            keys = sorted(engine.findings) or sorted(engine.comp.by_key)[:5]
            key = data.draw(st.sampled_from(keys), label="note key")
            delta = engine.set_note(key, data.draw(st.sampled_from(["已核实，数据无误", "", None]), label="note"))
        assert_delta_is_exact(before_values, before_findings, engine, delta)
        assert_same_as_full_recompute(engine)


# --------------------------------------------------------------------------
# computed totals


@pytest.mark.parametrize("cell", ["s3.new.total", "s3.total.natural", "s3.total.total", "s3.granted.total",
                                  "s4.review.total", "s4.suit_after_review.total"])
def test_computed_totals_refuse_direct_input(cell):
    r = demo()
    e = rules.Engine(r, compute_totals=True)
    before = dict(r.values)
    assert e.is_computed(cell)
    with pytest.raises(ValueInputError) as exc:
        e.set_values({cell: 1})
    assert "合计" in str(exc.value)
    with pytest.raises(ValueInputError):
        e.set_values({cell: None})
    with pytest.raises(ValueInputError):
        e.set_values({"s3.granted.natural": 1, cell: 1})
    assert r.values == before            # nothing applied, not even the valid part of the block
    assert e.findings == {}


def test_printed_totals_can_be_typed_when_totals_are_not_computed():
    r = demo()
    e = rules.Engine(r, compute_totals=False)
    assert not e.is_computed("s3.total.total")
    d = e.set_values({"s3.total.total": 347})
    assert d.cells == {"s3.total.total": 347}
    # the narrative's 办结353件 no longer agrees with the table either (H2)
    assert {f.key for f in d.added} == {"R2:s3.total.total", "R3:s3.total.total", "R1:s3.new.total",
                                        "H2:s3.total.total"}
    assert e.findings == {f.key: f for f in rules.check(r)}


def test_invalid_values_are_refused_and_change_nothing():
    r = demo()
    e = rules.Engine(r)
    before = dict(r.values)
    for cid, v in [("s3.new.natural", -1), ("s3.new.natural", Decimal("1.5")), ("s2.fees.amount", Decimal("-1")),
                   ("s2.fees.amount", Decimal("1.1234567")), ("s3.nope.natural", 1)]:
        with pytest.raises(ValueInputError):
            e.set_values({cid: v})
        with pytest.raises(ValueInputError):
            e.set_values({"s3.granted.natural": 1, cid: v})
    assert r.values == before and e.findings == {}


def test_clearing_every_term_of_a_total_makes_the_total_blank():
    r = demo()
    e = rules.Engine(r)
    terms = ["s4.review.upheld", "s4.review.corrected", "s4.review.other", "s4.review.pending"]
    totals = []
    for t in terms:
        e.set_values({t: None})
        totals.append(r.values.get("s4.review.total"))
    assert totals == [3, 2, 1, None]            # 9 - 6, - 1, - 1, then blank (not 0)
    assert "s4.review.total" not in r.values
    assert "R4:s4.review.total" not in e.findings
    assert "H2:s4.review.total" not in e.findings           # nothing left to compare the narrative with
    assert e.findings["B1:s4"].cells == tuple(terms) + ("s4.review.total",)
    assert_same_as_full_recompute(e)


def test_clearing_a_whole_column_blanks_the_total_of_totals_too():
    r = new_report(2024, "测试")
    e = rules.Engine(r)
    d = e.set_values({"s3.granted.natural": 5})
    assert d.cells == {"s3.granted.natural": 5, "s3.granted.total": 5, "s3.total.natural": 5, "s3.total.total": 5}
    d = e.set_values({"s3.granted.natural": 0})
    assert d.cells == {"s3.granted.natural": 0, "s3.granted.total": 0, "s3.total.natural": 0, "s3.total.total": 0}
    d = e.set_values({"s3.granted.natural": None})
    assert d.cells == {"s3.granted.natural": None, "s3.granted.total": None, "s3.total.natural": None,
                       "s3.total.total": None}
    assert r.values == {}
    assert e.findings["B1:s3"].cells == tuple(r.ed.tables["s3"].cells)


def test_set_values_applies_a_block_in_one_delta():
    r = demo()
    e = rules.Engine(r)
    # a case moves from （一） to （二): row totals change, the column total does not
    d = e.set_values({"s3.granted.natural": 141, "s3.partial.natural": 32})
    assert d.cells == {"s3.granted.natural": 141, "s3.partial.natural": 32,
                       "s3.granted.total": 162, "s3.partial.total": 39}
    assert d.added == [] and d.removed == [] and e.findings == {}

    # one more application received and carried over: balanced, but the narrative now lags behind
    d = e.set_values({"s3.new.natural": 313, "s3.carried_out.natural": 19})
    assert d.cells == {"s3.new.natural": 313, "s3.carried_out.natural": 19,
                       "s3.new.total": 358, "s3.carried_out.total": 22}
    assert {f.key for f in d.added} == {"H2:s3.new.total", "H2:s3.carried_out.total"}
    assert d.removed == []
    f = e.findings["H2:s3.new.total"]
    assert (f.expected, f.actual) == (358, 357)

    d = e.set_values({"s3.new.natural": 312, "s3.carried_out.natural": 18})
    assert d.cells == {"s3.new.natural": 312, "s3.carried_out.natural": 18,
                       "s3.new.total": 357, "s3.carried_out.total": 21}
    assert sorted(d.removed) == ["H2:s3.carried_out.total", "H2:s3.new.total"] and d.added == []
    assert e.findings == {}


def test_set_value_reports_recomputed_totals_and_findings():
    r = demo()
    e = rules.Engine(r)
    d = e.set_values({"s3.carried_out.natural": 19})
    assert d.cells == {"s3.carried_out.natural": 19, "s3.carried_out.total": 22}
    assert {f.key for f in d.added} == {"R1:s3.new.natural", "R1:s3.new.total", "H2:s3.carried_out.total"}
    f = e.findings["R1:s3.new.natural"]
    assert (f.actual, f.expected) == (326, 327)
    assert e.set_values({"s3.carried_out.natural": 19}).cells == {}          # same value: nothing
    d = e.set_values({"s3.carried_out.natural": 18})
    assert sorted(d.removed) == ["H2:s3.carried_out.total", "R1:s3.new.natural", "R1:s3.new.total"]
    assert e.findings == {}


def test_engine_recomputes_wrong_printed_totals():
    r = demo()
    r.values["s3.total.total"] = 347
    r.values["s4.review.total"] = 0
    e = rules.Engine(r, compute_totals=True)
    assert r.values["s3.total.total"] == 353 and r.values["s4.review.total"] == 9
    assert e.findings == {}


def test_set_text_rechecks_the_narrative():
    r = demo()
    e = rules.Engine(r)
    s1 = r.text["s1"]
    d = e.set_text("s1", s1.replace("行政复议9件", "行政复议10件"))
    assert [f.key for f in d.added] == ["H2:s4.review.total"] and d.cells == {}
    d = e.set_text("s1", r.previous.text["s1"])              # last year's text pasted as is
    assert "H3:s1" in {f.key for f in d.added}
    assert e.findings["H3:s1"].message.startswith("一、总体情况与上年报告重复 100%")
    assert_same_as_full_recompute(e)
    d = e.set_text("s1", s1)
    assert "H3:s1" in d.removed and e.findings == {}


def test_set_note_toggles_accepted():
    r = demo()
    e = rules.Engine(r)
    e.set_text("s1", r.text["s1"].replace("行政复议9件", "行政复议10件"))
    key = "H2:s4.review.total"
    assert not e.findings[key].accepted
    assert e.counts() == {"errors": 0, "warnings": 1, "accepted": 0, "blanks": 0}

    d = e.set_note(key, "正文所述10件含1件已撤回的申请")
    assert [f.key for f in d.added] == [key] and d.removed == []
    f = e.findings[key]
    assert f.accepted and f.note == "正文所述10件含1件已撤回的申请" and not f.is_open
    assert r.notes[key] == "正文所述10件含1件已撤回的申请"
    assert e.counts() == {"errors": 0, "warnings": 0, "accepted": 1, "blanks": 0}
    assert_same_as_full_recompute(e)

    d = e.set_note(key, None)
    assert [f.key for f in d.added] == [key]
    assert not e.findings[key].accepted and e.findings[key].note is None
    assert key not in r.notes
    d = e.set_note(key, "再次接受")
    assert e.findings[key].accepted
    d = e.set_note(key, "")
    assert not e.findings[key].accepted and key not in r.notes


def test_set_note_cannot_accept_an_error():
    r = demo()
    e = rules.Engine(r)
    e.set_values({"s3.carried_out.natural": 19})
    d = e.set_note("R1:s3.new.natural", "我们认为没问题")
    assert d.added == [] and d.removed == []
    f = e.findings["R1:s3.new.natural"]
    assert not f.accepted and f.is_open and f.note is None
    assert e.counts()["errors"] == 2 and e.counts()["accepted"] == 0
