"""Summing the reports of many units into one (汇总), and the intake check.

The county or city office reads every unit's report (any readable source),
checks it, and sums sections 二, 三 and 四 into a report for the whole area.
Narrative is not summed (it is left for the writer); the list of units, what
each contributed to every cell, and each unit's errors are kept in the file
(``units``), so any summed cell can be traced back.

Reading is streamed: each unit is read, checked and added, then dropped;
what stays per unit is one compact row of numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import edition as editions
from . import values as V
from .errors import GovReportError
from .report import Report
from .rules import check, compute_totals

KEY_FIGURES = ("s3.new.total", "s3.carried_in.total", "s3.total.total", "s3.carried_out.total",
               "s4.review.total", "s4.suit_direct.total", "s4.suit_after_review.total")


class AggregateError(GovReportError):
    """The units cannot be summed as they are (mixed years or editions, none readable…)."""


class Cancelled(GovReportError):
    def __init__(self) -> None:
        super().__init__("已取消，没有写入任何文件")


@dataclass
class Unit:
    source: str
    readable: bool = True
    message: str = ""                    # why it could not be read
    issuer: str = ""
    year: int | None = None
    edition: str | None = None
    errors: int = 0
    warnings: int = 0
    r1_ok: bool | None = None
    error_rules: list[str] = field(default_factory=list)
    values: list[V.Value | None] = field(default_factory=list)     # in the edition's cell order

    @property
    def name(self) -> str:
        return self.issuer or Path(self.source).name


def read_unit(source: str) -> Unit:
    """Read and check one unit's report (any readable source). Never raises for a bad file."""
    from .importers import read_path

    try:
        report = read_path(source).report
    except GovReportError as e:
        return Unit(source, readable=False, message=str(e))
    except Exception as e:  # a reader's unexpected failure must not stop the whole run
        return Unit(source, readable=False, message=f"无法读取：{type(e).__name__}")
    return unit_of(source, report)


def unit_of(source: str, report: Report) -> Unit:
    findings = check(report)
    errors = [f for f in findings if f.severity == "error"]
    r1 = [f for f in errors if f.rule == "R1"]
    vals = report.values
    return Unit(source, issuer=report.issuer, year=report.year, edition=report.edition,
                errors=len(errors), warnings=sum(1 for f in findings if f.severity == "warning" and not f.accepted),
                r1_ok=not r1, error_rules=sorted({f.rule for f in errors}),
                values=[vals.get(c) for c in report.ed.cells])


def read_units(sources: list[str], workers: int | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> Iterator[Unit]:
    """Units in the order given, read in parallel processes when it pays (many files)."""
    n = len(sources)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and n >= 200:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for i, unit in enumerate(pool.map(read_unit, sources, chunksize=max(1, min(64, n // (workers * 8))))):
                if cancelled and cancelled():
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise Cancelled()
                if progress:
                    progress(i + 1, n, sources[i])
                yield unit
        return
    for i, s in enumerate(sources):
        if cancelled and cancelled():
            raise Cancelled()
        if progress:
            progress(i + 1, n, s)
        yield read_unit(s)


@dataclass
class Intake:
    """The units as read, and what stops or questions summing them."""

    units: list[Unit]
    blocking: list[str] = field(default_factory=list)      # mixed years/editions, nothing readable
    warnings: list[str] = field(default_factory=list)      # the same issuer twice, unreadable files

    @property
    def readable(self) -> list[Unit]:
        return [u for u in self.units if u.readable]

    @property
    def with_errors(self) -> list[Unit]:
        return [u for u in self.units if u.readable and u.errors]


def intake(units: Iterable[Unit]) -> Intake:
    out = Intake(list(units))
    ok = out.readable
    if not ok:
        out.blocking.append("没有一份可以读取的报告")
        return out
    for attr, what in (("year", "年度"), ("edition", "格式版本")):
        kinds: dict[object, list[str]] = {}
        for u in ok:
            kinds.setdefault(getattr(u, attr), []).append(Path(u.source).name)
        if len(kinds) > 1:
            main = max(kinds, key=lambda k: len(kinds[k]))
            others = "；".join(f"{k}：{'、'.join(v[:5])}{'等' if len(v) > 5 else ''}"
                              for k, v in kinds.items() if k != main)
            out.blocking.append(f"报告的{what}不一致（多数为 {main}）：{others}")
    seen: dict[str, str] = {}
    for u in ok:
        key = "".join(u.issuer.split())
        if key and key in seen:
            out.warnings.append(f"同一机关出现两次：{u.issuer}（{Path(seen[key]).name} 与 {Path(u.source).name}）")
        else:
            seen[key] = u.source
    for u in out.units:
        if not u.readable:
            out.warnings.append(f"无法读取 {Path(u.source).name}：{u.message}")
    return out


class Summer:
    """Sums units one at a time; each unit's record goes to a spill file, not memory.

    What stays in memory is the running sums and one small summary per unit
    (for the intake check), so memory does not grow with the values of the units.
    """

    def __init__(self, issuer: str, include_invalid: bool = False):
        import tempfile

        self.issuer = issuer
        self.include_invalid = include_invalid
        self.summaries: list[Unit] = []          # without their values
        self.sums: list[V.Value | None] | None = None
        self.edition: str | None = None
        self.year: int | None = None
        self.included = 0
        self._spill = tempfile.TemporaryFile(mode="w+", encoding="utf-8", prefix="govreport-units-")

    def add(self, u: Unit) -> None:
        import json

        include = u.readable and (self.include_invalid or not u.errors)
        if include and self.edition is None:
            self.edition, self.year = u.edition, u.year
            self.sums = [None] * len(u.values)
        if include and (u.edition, u.year) != (self.edition, self.year):
            include = False                       # mixed: the intake check refuses the whole run
        if include and self.sums is not None:
            sums = self.sums
            for i, v in enumerate(u.values):
                if v is not None:
                    sums[i] = v if sums[i] is None else sums[i] + v
            self.included += 1
        self._spill.write(json.dumps(unit_record(u, include), ensure_ascii=False) + "\n")
        self.summaries.append(Unit(u.source, u.readable, u.message, u.issuer, u.year, u.edition, u.errors,
                                   u.warnings, u.r1_ok, u.error_rules))

    def report(self) -> Report:
        """The summed report (its ``units`` are written by :meth:`save`)."""
        if not self.included or self.edition is None or self.sums is None:
            raise AggregateError("没有可以汇总的报告（有错误的报告需明确选择后才会计入）")
        ed = editions.get(self.edition)
        report = Report(edition=ed.id, year=self.year or 0, issuer=self.issuer)
        report.text = {tid: "" for tid in ed.texts}
        for c, v in zip(ed.cells, self.sums):
            if v is not None:
                report.values[c] = V.normalize(v, ed.cells[c].type)
        compute_totals(report)
        return report

    def unit_lines(self) -> Iterator[str]:
        self._spill.seek(0)
        for line in self._spill:
            yield line.rstrip("\n")

    def save(self, path: str | os.PathLike) -> Report:
        """Write the summed report with every unit's record, streamed, atomically."""
        from . import native

        report = self.report()
        native.save_with_list(report, path, "units", self.unit_lines())
        return report

    def close(self) -> None:
        self._spill.close()


def aggregate(units: list[Unit], issuer: str, include_invalid: bool = False) -> Report:
    """The summed report for ``issuer``, with its units in memory (for the GUI)."""
    import json

    summer = Summer(issuer, include_invalid)
    try:
        for u in units:
            summer.add(u)
        report = summer.report()
        report.extra["units"] = [json.loads(line) for line in summer.unit_lines()]
    finally:
        summer.close()
    return report


def unit_record(u: Unit, included: bool) -> dict:
    """How a unit is kept in the summed file (numbers as in the native file)."""
    rec: dict = {"source": u.source, "issuer": u.issuer, "included": included, "readable": u.readable}
    if not u.readable:
        rec["message"] = u.message
        return rec
    rec.update({"year": u.year, "edition": u.edition, "errors": u.errors, "warnings": u.warnings,
                "error_rules": u.error_rules, "r1_ok": u.r1_ok,
                "values": [None if v is None else (format(v, "f") if isinstance(v, Decimal) else v) for v in u.values]})
    return rec


def contributions(report: Report, cell_id: str) -> list[tuple[str, V.Value | None, bool]]:
    """Drill-down: which units contributed what to a summed cell (name, value, included)."""
    units = report.extra.get("units") or []
    cells = list(report.ed.cells)
    try:
        i = cells.index(cell_id)
    except ValueError:
        return []
    out = []
    for rec in units:
        if not rec.get("readable", True) or not rec.get("values"):
            continue
        raw = rec["values"][i] if i < len(rec["values"]) else None
        v = None if raw is None else (Decimal(raw) if isinstance(raw, str) else raw)
        out.append((rec.get("issuer") or Path(rec.get("source", "")).name, v, bool(rec.get("included"))))
    return out
