"""Section 三 counted from the applications register, exactly as the official table defines it.

For the report year Y, each application (a register row) is counted by its two dates:

- 一、本年新收: received in Y;
- 二、上年结转: received before Y and not answered before Y (not answered, or answered in Y or
  later);
- 三、本年度办理结果: answered in Y, in the row of its result;
- 四、结转下年度继续办理: received by the end of Y and not answered by then.

An application received by the end of Y and not answered before Y is in 一 or 二, and is either
answered in Y (三) or not (四): so 一 + 二 = 三（七）总计 + 四 holds in every column by construction,
not by adjustment. The total column is the sum of the applicant columns, （七）总计 the sum of
the result rows. Applications answered before Y, or received after Y, belong to other years'
tables: they are not counted, and are named in ``outside``.

Never counted on a guess — listed in ``left_out`` with their reasons, in Chinese:

- a date that is missing (收到申请日期), not a date, or not plausible: before 1990, or after the
  end of the year after Y (or after the year the count is made, for a register of several
  years counted for an earlier one) — a typo such as 2204;
- answered before it was received;
- an applicant type or (for a row answered in Y) a result that matches no column or row of the
  table, or several (``unmatched`` groups them by value, with their rows, for the clerk to map);
- answered in Y without a result; a result without a date of answer — unless the result says
  the application is still open (办理中, 未办结: words the edition maps to 结转下年度), which it
  must not say of one answered in Y.

A row that is left out is left out whole, from 一/二 as well as 三/四, so the table still balances.
The result of an application not answered in Y does not matter to Y's table and is not looked
at (an application still open may have a result planned). Every number comes with the register
rows behind it (``rows[cell id]``, totals included), for a window to show "the rows behind this
number", and R5's comparison with last year's 四 (:func:`compare_carried`) names them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping as TMapping

from .. import edition as editions
from .. import values as V
from ..report import Report
from .dates import NotADate
from .limits import LedgerError, rows_text
from .register import Ignored, Register
from .vocab import KIND_NAMES, Mapping, applications_vocabulary, check_mapping, key_of, plain


@dataclass(frozen=True)
class LeftOut:
    """A register row that was not counted, and why (Chinese reasons)."""

    row: int
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        return f"第 {self.row} 行：{'；'.join(self.reasons)}"


@dataclass
class Unmatched:
    """Words of the register (``kind``: "applicant", "result", "case_kind", "reviewed",
    "case_result") that name no row or column of the table (``candidates`` empty) or several
    (the keys they could be), with the register rows that hold them. A mapping settles them."""

    kind: str
    value: str
    rows: list[int]
    candidates: tuple[str, ...]
    names: tuple[str, ...]              # the candidates' printed names

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)

    @property
    def message(self) -> str:
        what = f"{KIND_NAMES[self.kind]}“{self.value}”"
        if self.candidates:
            return f"{what}可对应{'、'.join(self.names)}，无法确定是哪一项（{rows_text(self.rows)}），未计入"
        return f"{what}不是报告表格中的任何一项（{rows_text(self.rows)}），未计入"


class _Resolver:
    """Words of one kind to keys: the clerk's mapping first, then the vocabulary; remembered
    per value, and what could not be resolved collected by value."""

    def __init__(self, kind: str, vocab, mapped: dict[str, str], unmatched: dict) -> None:
        self.kind, self.vocab, self.mapped, self.unmatched = kind, vocab, mapped, unmatched
        self.cache: dict[object, frozenset[str]] = {}

    def keys(self, raw: object) -> frozenset[str]:
        got = self.cache.get(raw)
        if got is None:
            text = str(raw)
            k = key_of(text)
            got = frozenset({self.mapped[k]}) if k in self.mapped else self.vocab.match(text)
            self.cache[raw] = got
        return got

    def one(self, raw: object, row: int) -> str | None:
        """The one key the words name, or None (the row is noted under the words)."""
        got = self.keys(raw)
        if len(got) == 1:
            return next(iter(got))
        self.note(raw, row, got)
        return None

    def note(self, raw: object, row: int, got: frozenset[str]) -> None:
        text = plain(str(raw))
        k = (self.kind, key_of(text))
        u = self.unmatched.get(k)
        if u is None:
            order = list(self.vocab.names)
            cands = tuple(sorted(got, key=order.index)) if len(got) > 1 else ()
            u = Unmatched(self.kind, text, [], cands, tuple(self.vocab.names[c] for c in cands))
            self.unmatched[k] = u
        u.rows.append(row)

    def reason(self, raw: object) -> str:
        got = self.keys(raw)
        what = f"{KIND_NAMES[self.kind]}“{plain(str(raw))}”"
        if len(got) > 1:
            names = [n for k, n in self.vocab.names.items() if k in got]
            return f"{what}可对应多项（{'、'.join(names)}），需指定对应哪一项"
        return f"{what}不是报告表格中的任何一项，需指定对应哪一项"


@dataclass
class Count:
    """What counting a register gave: ``values`` (cell id → count) for every cell of its part
    of the table, totals included; ``rows`` (cell id → the register rows behind it, ascending);
    the rows not counted (``left_out``), grouped by the words that were not understood
    (``unmatched``); the rows that are not records (``ignored``, from reading); the records of
    other years (``outside``: why → rows); and notes for the clerk."""

    edition: editions.Edition
    year: int
    register: Register
    values: dict[str, int]
    rows: dict[str, list[int]]
    left_out: list[LeftOut] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    outside: dict[str, list[int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ignored(self) -> list[Ignored]:
        return self.register.ignored

    @property
    def counted(self) -> int:
        """How many register rows were counted."""
        return len({r for rows in self.rows.values() for r in rows})

    @property
    def complete(self) -> bool:
        """Every record of the register was counted or belongs to another year."""
        return not self.left_out

    def problems(self) -> list[str]:
        """Every row left out, one line each, in Chinese."""
        return [x.message for x in self.left_out]

    def report_values(self) -> dict[str, int]:
        """The counted cells, ready for a report (counts are ``int``; each checked against the
        edition's type for the cell)."""
        out = {}
        for cid, v in self.values.items():
            cd = self.edition.cells[cid]
            problem = V.validate(v, cd.type)
            if problem:                   # counts are whole numbers ≥ 0: only a broken edition gets here
                raise LedgerError(f"{cd.place}{problem}")
            out[cid] = v
        return out


@dataclass
class ApplicationCount(Count):
    """Section 三 counted (see the module)."""

    def balance_problems(self) -> list[str]:
        """Columns where 一 + 二 ≠ 三（七） + 四 (never, by construction: for tests and checks)."""
        part = self.edition.ledger.applications
        out = []
        for col in (*part.applicants, part.total_column):
            lhs = self.values[part.cell(part.new, col)] + self.values[part.cell(part.carried_in, col)]
            rhs = self.values[part.cell(part.results_total, col)] + self.values[part.cell(part.carried_out, col)]
            if lhs != rhs:
                out.append(f"{self.edition.tables[part.table].columns[col]}：{lhs} ≠ {rhs}")
        return out


def plausible(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates a register may hold when it is counted for ``year``: from 1990 (no report year
    is earlier) to the end of the year after Y or after today, whichever is later — a register
    kept over several years, counted for an earlier one, holds later dates; a date beyond next
    year is a typo (2204 for 2024)."""
    today = today or datetime.date.today()
    return datetime.date(V.YEAR_MIN, 1, 1), datetime.date(max(year, today.year) + 1, 12, 31)


def _check_date(value, name: str, lo: datetime.date, hi: datetime.date, reasons: list[str]):
    """A date field's value if it can be used, else None with the reason added."""
    if isinstance(value, NotADate):
        reasons.append(f"{name}“{value.text}”{value.reason}")
        return None
    if value is not None and not lo <= value <= hi:
        reasons.append(f"{name} {value:%Y-%m-%d} 不在合理范围（{lo.year}—{hi.year} 年）")
        return None
    return value


def _finish(behind: dict[tuple[str, str], list[int]], rows_keys, cols, total_col: str, total_row: str | None,
            summed_rows, cell) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Counts and rows of every cell: the counted cells, the total column (sum of the others)
    and, when given, the total row (sum of ``summed_rows``)."""
    values: dict[str, int] = {}
    rows: dict[str, list[int]] = {}
    for r in rows_keys:
        if r == total_row:
            continue
        every: list[int] = []
        for c in cols:
            got = sorted(behind.get((r, c), []))
            values[cell(r, c)], rows[cell(r, c)] = len(got), got
            every += got
        values[cell(r, total_col)], rows[cell(r, total_col)] = len(every), sorted(every)
    if total_row is not None:
        for c in (*cols, total_col):
            every = sorted(x for r in summed_rows for x in rows[cell(r, c)])
            values[cell(total_row, c)], rows[cell(total_row, c)] = len(every), every
    return values, rows


def count_applications(register: Register, ed: editions.Edition, year: int,
                       mapping: Mapping | None = None) -> ApplicationCount:
    """Count section 三 for ``year`` from an applications register (see the module).
    ``mapping``: ``{"applicant": {words: column id}, "result": {words: row key}}``, the clerk's
    choices for words the vocabulary does not settle."""
    if register.kind != "applications":
        raise LedgerError(f"{register.name} 是案件台账，不是政府信息公开申请登记台账")
    vocab = applications_vocabulary(ed)
    part = ed.ledger.applications
    mapped = check_mapping(mapping, ed)
    unmatched: dict = {}
    applicant = _Resolver("applicant", vocab["applicant"], mapped.get("applicant", {}), unmatched)
    result = _Resolver("result", vocab["result"], mapped.get("result", {}), unmatched)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    lo, hi = plausible(year)
    new, carried_in, carried_out = part.new, part.carried_in, part.carried_out
    behind: dict[tuple[str, str], list[int]] = {}
    left_out: list[LeftOut] = []
    outside: dict[str, list[int]] = {"answered_before": [], "received_after": []}

    for e in register.entries:
        v = e.values
        reasons: list[str] = []
        received = _check_date(v.get("received"), "收到申请日期", lo, hi, reasons)
        answered = _check_date(v.get("answered"), "答复日期", lo, hi, reasons)
        if "received" not in v:
            reasons.append("没有收到申请日期")
        if received is not None and answered is not None and answered < received:
            reasons.append(f"答复日期 {answered:%Y-%m-%d} 早于收到申请日期 {received:%Y-%m-%d}")
        if reasons:
            left_out.append(LeftOut(e.row, tuple(reasons)))
            continue
        if received > end:
            outside["received_after"].append(e.row)
            continue
        if answered is not None and answered < start:
            outside["answered_before"].append(e.row)
            continue
        in_year = answered is not None and answered <= end
        col = row = None
        raw = v.get("applicant")
        if raw is None:
            reasons.append("没有申请人类型")
        else:
            col = applicant.one(raw, e.row)
            if col is None:
                reasons.append(applicant.reason(raw))
        raw = v.get("result")
        if in_year:
            if raw is None:
                reasons.append(f"{answered:%Y-%m-%d} 已答复，但没有答复类型（办理结果）")
            else:
                row = result.one(raw, e.row)
                if row is None:
                    reasons.append(result.reason(raw))
                elif row == carried_out:
                    reasons.append(f"答复类型“{plain(str(raw))}”表示尚未办结，但答复日期为 {answered:%Y-%m-%d}")
        elif raw is not None and answered is None and result.keys(raw) != {carried_out}:
            reasons.append(f"有答复类型“{plain(str(raw))}”，但没有答复日期")
        if reasons:
            left_out.append(LeftOut(e.row, tuple(reasons)))
            continue
        behind.setdefault((new if received >= start else carried_in, col), []).append(e.row)
        behind.setdefault((row if in_year else carried_out, col), []).append(e.row)

    all_rows = (new, carried_in, *part.results, part.results_total, carried_out)
    values, rows = _finish(behind, all_rows, part.applicants, part.total_column, part.results_total,
                           part.results, part.cell)
    notes = list(register.notes)
    if outside["answered_before"]:
        notes.append(f"{len(outside['answered_before'])} 条申请在 {year} 年以前已答复，属于以前年度，未计入本年")
    if outside["received_after"]:
        notes.append(f"{len(outside['received_after'])} 条申请在 {year} 年以后收到，属于以后年度，未计入本年")
    return ApplicationCount(ed, year, register, values, rows, left_out, list(unmatched.values()), outside, notes)


# -- R5: this year's 二 against last year's 四 ----------------------------------------------------


@dataclass(frozen=True)
class CarryDifference:
    """A column where this year's 二、上年结转 (counted) differs from last year's
    四、结转下年度继续办理 (as reported): the cells, both numbers, the register rows behind this
    year's number, the rule (from the edition's data) and a Chinese message."""

    column: str
    cell: str
    last_cell: str
    last: int | Decimal
    this: int
    rows: tuple[int, ...]
    rule: str
    message: str


def _carry_rule(ed: editions.Edition, part: editions.LedgerApplications) -> editions.RuleDef | None:
    """The edition's rule comparing 二 with last year's 四 (R5 in the official editions): found
    by what it compares, not by its id."""
    for r in ed.rules:
        s = r.spec
        if (s.get("table") == part.table and s.get("lhs") == [part.carried_in]
                and s.get("rhs") == [f"prev:{part.carried_out}"]):
            return r
    return None


def compare_carried(count: ApplicationCount, last: TMapping[str, object] | Report | None) -> list[CarryDifference]:
    """Last year's 四、结转下年度继续办理 against this year's counted 二、上年结转, column by
    column (rule R5). ``last``: last year's values by cell id (``report.previous.values``, or
    last year's report itself); a column last year left blank is not compared. Returns the
    columns that differ, each with the register rows behind this year's number."""
    if isinstance(last, Report):
        last = last.values
    if not last:
        return []
    ed = count.edition
    part = ed.ledger.applications
    rule = _carry_rule(ed, part)
    columns = ed.tables[part.table].columns
    out = []
    for col in (*part.applicants, part.total_column):
        last_cell, cell = part.cell(part.carried_out, col), part.cell(part.carried_in, col)
        before = last.get(last_cell)
        if before is None or isinstance(before, bool):
            continue
        this = count.values[cell]
        if before == this:
            continue
        rows = tuple(count.rows[cell])
        said = (rule.message.format(col=columns[col], lhs=this, rhs=before, diff=this - before) if rule
                else f"二、上年结转「{columns[col]}」为 {this}，但上年报告的四、结转下年度继续办理为 {before}。")
        behind = f"台账中计入上年结转的是{rows_text(rows)}" if rows else "台账中没有计入上年结转的申请"
        out.append(CarryDifference(col, cell, last_cell, before, this, rows, rule.id if rule else "",
                                   f"{said}{behind}；请核对上年报告或台账（上年结转：{count.year} 年以前收到、"
                                   f"{count.year} 年以前未答复的申请）。"))
    return out


# -- into a report ------------------------------------------------------------------------------


def report_values(*counts: Count) -> dict[str, int]:
    """The cells of one or more counts (section 三 and section 四), ready for a report."""
    out: dict[str, int] = {}
    for c in counts:
        out.update(c.report_values())
    return out


def filled(report: Report, *counts: Count) -> Report:
    """A copy of ``report`` with the counted cells set (the report itself is not changed). The
    counts must be of the report's edition and year."""
    new = report.copy()
    for c in counts:
        if c.edition.id != report.edition:
            raise LedgerError(f"台账按报告格式“{c.edition.name}”统计，与报告的格式“{report.ed.name}”不同，未填入")
        if c.year != report.year:
            raise LedgerError(f"台账按 {c.year} 年统计，与报告的年度（{report.year} 年）不同，未填入")
        for cid, v in c.report_values().items():
            new.set(cid, v)
    return new
