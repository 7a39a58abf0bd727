"""Section 四 counted from a register of 行政复议 and 行政诉讼 cases: one row per case.

The table (四) has, for each kind of case — 行政复议; 行政诉讼 未经复议直接起诉; 行政诉讼
复议后起诉 — the cases by result (结果维持, 结果纠正, 其他结果), those 尚未审结, and their total.
Its numbers are the year's work, as for the applications: for report year Y,

- a case concluded in Y is counted under its result;
- a case not concluded at the end of Y (received by then) is counted as 尚未审结: it may be
  counted so again next year, when it is concluded — as the official table does;
- a case concluded before Y, or received after Y, belongs to another year (``outside``).

The register's columns: a kind (案件类型: 行政复议, 行政诉讼, or 复议后起诉 written out), and when
the kind says only 行政诉讼, a column saying whether a review came first (是否经复议: 是/否,
经复议/直接起诉); a result (维持/结果维持, 纠正/结果纠正 or what the 2023 行政复议法 writes:
撤销, 变更, 确认违法, 责令履行; 其他结果; 尚未审结); and, when the register has them, the date
received (立案/收到) and the date concluded (结案/审结). All words come from the edition's data
(``ledger.cases`` and the table's labels), as for section 三.

An empty result is decided by the date concluded: no date concluded (or one after Y) — the
case is pending, 尚未审结; a date concluded in Y — the case was concluded without its result
being written, and the row is listed, not counted. A result of a concluded case with no date
concluded is listed too when the register has a 结案日期 column (the year cannot be told). A
register with no 结案日期 column is taken as the year's list of cases: each case with a result
is counted as concluded in Y, the others as 尚未审结 (the notes say so). Dates are checked as for
the applications (not a date, not plausible, concluded before received: listed).

Words that match no kind or result, or several, are listed by value with their rows for the
clerk to map ({"case_kind": …, "reviewed": …, "case_result": …}); 行政诉讼 without a word on
review is listed as undecided, never put in either column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .. import edition as editions
from .count import Count, LeftOut, _check_date, _finish, _Resolver, plausible
from .limits import LedgerError
from .register import Register
from .vocab import KIND_NAMES, Mapping, cases_vocabulary, check_mapping, plain


@dataclass
class CaseCount(Count):
    """Section 四 counted (see the module)."""

    def total_problems(self) -> list[str]:
        """Rows whose total is not the sum of its results (never, by construction)."""
        part = self.edition.ledger.cases
        out = []
        for k in part.kinds:
            parts = sum(self.values[part.cell(k, c)] for c in (*part.results, part.pending))
            if parts != self.values[part.cell(k, part.total_column)]:
                out.append(k)
        return out


def count_cases(register: Register, ed: editions.Edition, year: int, mapping: Mapping | None = None) -> CaseCount:
    """Count section 四 for ``year`` from a case register (see the module). ``mapping``: the
    clerk's choices, ``{"case_kind": {words: row}, "reviewed": {words: row}, "case_result":
    {words: column}}``."""
    if register.kind != "cases":
        raise LedgerError(f"{register.name} 是政府信息公开申请登记台账，不是行政复议、行政诉讼案件台账")
    vocab = cases_vocabulary(ed)
    part = ed.ledger.cases
    mapped = check_mapping(mapping, ed)
    unmatched: dict = {}
    kinds = _Resolver("case_kind", vocab["case_kind"], mapped.get("case_kind", {}), unmatched)
    reviewed = _Resolver("reviewed", vocab["reviewed"], mapped.get("reviewed", {}), unmatched)
    results = _Resolver("case_result", vocab["case_result"], mapped.get("case_result", {}), unmatched)
    said_by_review = set(part.synonyms.get("reviewed", {}).values())      # the kinds a 是/否 decides between
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    lo, hi = plausible(year)
    has_concluded = register.has("concluded")
    behind: dict[tuple[str, str], list[int]] = {}
    left_out: list[LeftOut] = []
    outside: dict[str, list[int]] = {"concluded_before": [], "received_after": []}

    for e in register.entries:
        v = e.values
        reasons: list[str] = []
        received = _check_date(v.get("received"), "收到日期", lo, hi, reasons)
        concluded = _check_date(v.get("concluded"), "结案日期", lo, hi, reasons)
        if received is not None and concluded is not None and concluded < received:
            reasons.append(f"结案日期 {concluded:%Y-%m-%d} 早于收到日期 {received:%Y-%m-%d}")
        if reasons:
            left_out.append(LeftOut(e.row, tuple(reasons)))
            continue
        if received is not None and received > end:
            outside["received_after"].append(e.row)
            continue
        if concluded is not None and concluded < start:
            outside["concluded_before"].append(e.row)
            continue

        kind = _kind(e.row, v, kinds, reviewed, said_by_review, reasons)
        raw = v.get("result")
        result = None
        if raw is not None:
            result = results.one(raw, e.row)
            if result is None:
                reasons.append(results.reason(raw))
        if reasons:
            left_out.append(LeftOut(e.row, tuple(reasons)))
            continue
        concluded_in_year = concluded is not None and concluded <= end
        if result is None or result == part.pending:
            if concluded_in_year:
                what = "没有结果" if result is None else f"结果为“{plain(str(raw))}”"
                left_out.append(LeftOut(e.row, (f"{concluded:%Y-%m-%d} 已结案，但{what}",)))
                continue
            column = part.pending
        elif concluded_in_year or not has_concluded:
            column = result
        elif concluded is None:
            left_out.append(LeftOut(e.row, (f"有结果“{plain(str(raw))}”，但没有结案日期，无法确定在哪一年审结",)))
            continue
        else:                                  # concluded after Y: at the end of Y it was pending
            column = part.pending
        behind.setdefault((kind, column), []).append(e.row)

    values, rows = _finish(behind, part.kinds, (*part.results, part.pending), part.total_column, None, (),
                           part.cell)
    notes = list(register.notes)
    if not has_concluded:
        notes.append(f"案件台账没有结案日期列：有结果的案件都按 {year} 年审结统计，没有结果的按尚未审结统计")
    if outside["concluded_before"]:
        notes.append(f"{len(outside['concluded_before'])} 件案件在 {year} 年以前已结案，属于以前年度，未计入本年")
    if outside["received_after"]:
        notes.append(f"{len(outside['received_after'])} 件案件在 {year} 年以后收到，属于以后年度，未计入本年")
    return CaseCount(ed, year, register, values, rows, left_out, list(unmatched.values()), outside, notes)


def _kind(row: int, v: dict, kinds: _Resolver, reviewed: _Resolver, said_by_review: set[str],
          reasons: list[str]) -> str | None:
    """The case's row of the table: its kind, with the review column deciding between the two
    kinds of suit when the kind says only 行政诉讼."""
    raw = v.get("kind")
    if raw is None:
        reasons.append(f"没有{KIND_NAMES['case_kind']}")
        return None
    got = kinds.keys(raw)
    said = v.get("reviewed")
    by_review = reviewed.keys(said) if said is not None else frozenset()
    if len(got) > 1:
        chosen = got & by_review
        if len(chosen) == 1:
            return next(iter(chosen))
        if said is None:
            kinds.note(raw, row, got)
            reasons.append(f"{KIND_NAMES['case_kind']}“{plain(str(raw))}”可对应"
                           f"{'、'.join(kinds.vocab.names[k] for k in sorted(got))}，台账没有写明是否经复议")
        else:
            reviewed.note(said, row, by_review & got if len(by_review & got) > 1 else frozenset())
            reasons.append(f"{KIND_NAMES['reviewed']}“{plain(str(said))}”无法确定是否经复议")
        return None
    if not got:
        kinds.note(raw, row, got)
        reasons.append(kinds.reason(raw))
        return None
    kind = next(iter(got))
    if kind in said_by_review and len(by_review) == 1 and by_review <= said_by_review and kind not in by_review:
        reasons.append(f"{KIND_NAMES['case_kind']}“{plain(str(raw))}”与{KIND_NAMES['reviewed']}"
                       f"“{plain(str(said))}”不一致")
        return None
    return kind
