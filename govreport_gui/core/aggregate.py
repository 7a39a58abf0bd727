"""Summing the reports of many units into one (汇总), and the intake check.

The county or city office reads every unit's report (any readable source),
checks it, and sums sections 二, 三 and 四 into a report for the whole area.
Narrative is not summed (it is left for the writer); the list of units, what
each contributed to every cell, and each unit's errors are kept in the file
(``units``), so any summed cell can be traced back.

Reading is streamed: each unit is read, checked and added, then dropped;
what stays per unit is one compact row of numbers.

A summed report is never read as a unit (it carries its ``units``): summing the
folder that holds last run's result would count every unit twice. Summing in
groups, then the groups' results, is asked for explicitly (``include_summed``).

Many files are read by worker processes, started the way Windows starts them
("spawn") on every system. Every wait on them has a time limit; if they do not
start, or one stops answering, the rest is read in this process (and said so).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import edition as editions
from . import values as V
from .errors import Cancelled, GovReportError

NOTHING_WRITTEN = "已取消，没有写入任何文件"
from .report import Report
from .rules import check, compute_totals

class AggregateError(GovReportError):
    """The units cannot be summed as they are (mixed years or editions, none readable…)."""


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
    summed: bool = False                 # a summed report, skipped (never a unit unless asked for)
    text_chars: int | None = None        # characters of its narrative (indicators.text_length); not saved

    @property
    def name(self) -> str:
        return self.issuer or Path(self.source).name


def summed_units(report: Report) -> int | None:
    """How many units a summed report carries; None for a unit's own report."""
    units = report.extra.get("units")
    return len(units) if isinstance(units, list) else None


def read_unit(source: str, include_summed: bool = False) -> Unit:
    """Read and check one unit's report (any readable source). Never raises for a bad file.

    A summed report (one that carries its ``units``) is skipped, not read as a unit,
    unless ``include_summed`` (summing the results of groups)."""
    from .importers import read_path

    try:
        report = read_path(source).report
    except GovReportError as e:
        return Unit(source, readable=False, message=str(e))
    except Exception as e:  # a reader's unexpected failure must not stop the whole run
        return Unit(source, readable=False, message=f"无法读取：{type(e).__name__}")
    n = summed_units(report)
    if n is not None and not include_summed:
        return Unit(source, readable=False, summed=True, issuer=report.issuer, year=report.year,
                    edition=report.edition,
                    message=f"这是汇总报告（含 {n} 个单位），不作为单位计入，以免重复计算")
    return unit_of(source, report)


def unit_of(source: str, report: Report) -> Unit:
    from .indicators import text_length

    findings = check(report)
    errors = [f for f in findings if f.severity == "error"]
    r1 = [f for f in errors if f.role == "balance"]
    vals = report.values
    return Unit(source, issuer=report.issuer, year=report.year, edition=report.edition,
                errors=len(errors), warnings=sum(1 for f in findings if f.severity == "warning" and not f.accepted),
                r1_ok=not r1, error_rules=sorted({f.rule for f in errors}),
                values=[vals.get(c) for c in report.ed.cells], text_chars=text_length(report))


# The worker processes. Limits are read when reading starts, so tests (and a slow office PC)
# can set them.
PARALLEL_MIN = 200            # fewer files are read in this process: starting workers costs more
CHUNK_FILES = 16              # at most this many files per task sent to a worker
WORKER_START_SECONDS = 30.0   # a worker must answer within this, or every file is read here instead
CHUNK_SECONDS = 120.0         # a task must be done within this (each reader also has its own limits)
STOP_SECONDS = 10.0           # workers must be gone within this once the pool is closed, or are killed
_POLL_SECONDS = 0.2           # how often a wait looks at 取消


def _mp_context():
    """Worker processes are started as Windows starts them, on every system: a fresh interpreter
    (no fork of a process holding Qt or threads), the same code path everywhere."""
    import multiprocessing

    return multiprocessing.get_context("spawn")


def _make_pool(workers: int):
    """A ``multiprocessing.Pool``, not ``concurrent.futures.ProcessPoolExecutor``: under Wine the
    executor's spawned workers never take their first task (tools/wine/pool_probe.py), and a
    Windows program run through Wine on a domestic Linux PC is real. A worker that dies is noticed
    by its exit code (``_dead_worker``), as the executor would have by its broken pipe."""
    return _mp_context().Pool(workers)


class _WorkerDied(Exception):
    pass


def _worker_ready() -> int:
    """The first task: answers as soon as a worker runs at all."""
    return os.getpid()


def _read_chunk(sources: list[str], include_summed: bool = False) -> list[Unit]:
    """A worker's task: some files, read in order."""
    return [read_unit(s, include_summed) for s in sources]


def _workers(pool: Any, seen: dict) -> list:
    """Every worker process the pool has had (it replaces one that dies: the dead one is kept here)."""
    for p in list(getattr(pool, "_pool", None) or ()):
        seen.setdefault(id(p), p)
    return list(seen.values())


def _dead_worker(pool: Any, seen: dict) -> int | None:
    """The exit code of a worker that ended while the pool was open (its task is lost), or None."""
    for p in _workers(pool, seen):
        if p.exitcode is not None:
            return p.exitcode
    return None


def _wait(task: Any, seconds: float, cancelled: Callable[[], bool] | None,
          pool: Any = None, seen: dict | None = None) -> bool:
    """Wait for ``task`` (an AsyncResult) at most ``seconds``, looking at 取消 and at the pool's
    workers meanwhile. True if it is done; _WorkerDied if a worker ended under it."""
    deadline = time.monotonic() + seconds
    while True:
        if cancelled and cancelled():
            raise Cancelled(NOTHING_WRITTEN)
        left = deadline - time.monotonic()
        if left <= 0:
            return task.ready()
        task.wait(min(_POLL_SECONDS, left))
        if task.ready():
            return True
        if pool is not None and seen is not None:
            code = _dead_worker(pool, seen)
            if code is not None:
                raise _WorkerDied(code)


def _stop_pool(pool: Any, kill: bool, seen: dict | None = None) -> None:
    """Close the pool without waiting on it for ever: the workers are stopped (``kill``: at once,
    else when their work is done) and killed if still there after STOP_SECONDS."""
    import threading

    seen = {} if seen is None else seen
    processes = _workers(pool, seen)
    if kill:
        stopper = threading.Thread(target=pool.terminate, name="pool-terminate", daemon=True)
    else:
        pool.close()
        stopper = threading.Thread(target=pool.join, name="pool-join", daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)
    if stopper.is_alive():                      # a worker that ignores being stopped
        for p in processes:
            try:
                p.kill()
            except (OSError, ValueError, AttributeError):
                pass
        stopper.join(STOP_SECONDS)
    for p in processes:                         # reaped already: returns at once
        try:
            p.join(STOP_SECONDS)
        except (OSError, ValueError, AssertionError):
            pass


def read_units(sources: list[str], workers: int | None = None,
               progress: Callable[[int, int, str], None] | None = None,
               cancelled: Callable[[], bool] | None = None, *,
               include_summed: bool = False,
               notice: Callable[[str], None] | None = None,
               start_timeout: float | None = None,
               chunk_timeout: float | None = None,
               start_probe: Callable[[], Any] | None = None,
               chunk_reader: Callable[[list[str], bool], list[Unit]] | None = None) -> Iterator[Unit]:
    """Units in the order given, read in worker processes when it pays (PARALLEL_MIN files or more).

    ``notice`` is told (in Chinese) when the workers are given up and the rest is read here:
    they did not start within ``start_timeout`` (WORKER_START_SECONDS), a task took longer than
    ``chunk_timeout`` (CHUNK_SECONDS; its files are reported unreadable) or a worker died.
    ``start_probe`` and ``chunk_reader`` replace the workers' first task and their reading (tests).
    """
    n = len(sources)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    done = 0
    if workers > 1 and n >= PARALLEL_MIN:
        done, failed, why = yield from _read_parallel(
            sources, workers, include_summed, progress, cancelled,
            WORKER_START_SECONDS if start_timeout is None else start_timeout,
            CHUNK_SECONDS if chunk_timeout is None else chunk_timeout,
            start_probe or _worker_ready, chunk_reader or _read_chunk)
        for s in failed:                 # the files a stuck or dead worker had: not retried here
            if cancelled and cancelled():
                raise Cancelled(NOTHING_WRITTEN)
            done += 1
            if progress:
                progress(done, n, s)
            yield Unit(s, readable=False, message=f"{why}，此文件未读取")
        if why and notice:
            rest = f"其余 {n - done} 份" if failed else "全部"
            notice(f"汇总：{why}；{rest}改为在本进程中逐个读取（较慢）")
    for i in range(done, n):
        s = sources[i]
        if cancelled and cancelled():
            raise Cancelled(NOTHING_WRITTEN)
        if progress:
            progress(i + 1, n, s)
        yield read_unit(s, include_summed)


def _read_parallel(sources, workers, include_summed, progress, cancelled, start_timeout, chunk_timeout,
                   probe, reader):
    """Yields units from the pool in order; returns (how many, the files of a failed task, why it
    was given up) — why is "" when every file was read."""
    from collections import deque

    n = len(sources)
    size = max(1, min(CHUNK_FILES, n // (workers * 8)))
    chunks = [sources[i:i + size] for i in range(0, n, size)]
    done, clean = 0, False
    pool = _make_pool(workers)
    seen: dict = {}
    _workers(pool, seen)
    try:
        try:
            ready = pool.apply_async(probe)
            started = _wait(ready, start_timeout, cancelled, pool, seen) and ready.successful()
        except Cancelled:
            raise
        except Exception:                       # the pool broke before it ran anything
            started = False
        if not started:
            return 0, [], f"读取进程未能在 {start_timeout:g} 秒内启动"
        pending: deque = deque()
        nxt = 0
        while nxt < len(chunks) or pending:
            while nxt < len(chunks) and len(pending) < workers * 2:
                pending.append((chunks[nxt], pool.apply_async(reader, (chunks[nxt], include_summed))))
                nxt += 1
            chunk, task = pending.popleft()
            try:
                units = task.get() if _wait(task, chunk_timeout, cancelled, pool, seen) else None
                why = "" if units is not None else f"读取超时（读取进程 {chunk_timeout:g} 秒内没有读完）"
            except Cancelled:
                raise
            except _WorkerDied as e:
                units, why = None, f"读取进程意外退出（退出码 {e.args[0]}）"
            except Exception as e:              # the task failed in the worker, or its answer did not arrive
                units, why = None, f"读取进程意外退出（{type(e).__name__}）"
            if units is None:
                return done, chunk, why
            for u in units:
                if cancelled and cancelled():
                    raise Cancelled(NOTHING_WRITTEN)
                done += 1
                if progress:
                    progress(done, n, u.source)
                yield u
        clean = True
        return done, [], ""
    finally:
        _stop_pool(pool, kill=not clean, seen=seen)


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
        if u.summed:
            out.warnings.append(f"已跳过 {Path(u.source).name}：{u.message}")
        elif not u.readable:
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

        if u.summed:                              # skipped: said by the intake check, not recorded
            self.summaries.append(replace(u, values=[]))
            return
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
        self.summaries.append(replace(u, values=[]))

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
        """Write the summed report with every unit's record, streamed, atomically. Refused
        (ReportFileError) before the disk is touched if the file would be too large to open."""
        from . import native

        report = self.report()
        native.save_with_list(report, path, "units", self.unit_lines)
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
    from .native import safe_text      # a file name's undecodable bytes cannot go in a UTF-8 file

    rec: dict = {"source": safe_text(u.source), "issuer": safe_text(u.issuer), "included": included,
                 "readable": u.readable}
    if not u.readable:
        rec["message"] = safe_text(u.message)
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
