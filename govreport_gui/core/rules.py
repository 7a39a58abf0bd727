"""The rule engine.

Each rule of an edition file is compiled once into small *checks*: a check
reads a few cells (and/or texts) and yields at most one :class:`Finding`,
identified by a stable ``key`` (``"R1:s3.new.natural"``). Sums and equalities
are data (``linear`` and ``sum`` rules); rules that need code are functions
registered by name in :mod:`.rulefuncs`.

:class:`Engine` keeps a report's computed totals and findings up to date:
:meth:`Engine.check_all` does everything, :meth:`Engine.set_values` (validate,
then :meth:`Engine.apply`) recomputes only the totals and checks that depend on
the changed cells and returns what changed — the GUI's path on every keystroke.

What a check reads (:attr:`Check.reads`) names its inputs: a cell id, a
narrative (``"text:s1"``) or the report year (``"meta:year"``, see
:data:`YEAR`). Changing an input through the engine (:meth:`Engine.set_values`,
:meth:`Engine.set_text`, :meth:`Engine.set_year`) re-runs exactly the checks
that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import values as V
from .errors import EditionError, ValueInputError

if TYPE_CHECKING:
    from .edition import Edition, RuleDef
    from .report import Report

SEVERITY_ORDER = {"error": 0, "warning": 1}
YEAR = "meta:year"           # the read key of checks that depend on the report year
ISSUER = "meta:issuer"       # the read key of checks that depend on the issuer (who must report what)
_MAX_COUNT = 10**V.MAX_DIGITS


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str                 # "error" | "warning"
    key: str                      # stable id, e.g. "R1:s3.new.natural"
    cells: tuple[str, ...]
    message: str
    expected: V.Value | None = None
    actual: V.Value | None = None
    accepted: bool = False        # a warning a person accepted with a note
    note: str | None = None
    role: str = ""                # what the program does with it, from the edition data (RuleDef.role)
    pack: str = ""                # the local rule pack it comes from (core/rulepacks.py), "" for the edition's

    @property
    def section(self) -> str:
        """The section it is about: its first cell's or text's ("s3"), else ""."""
        first = self.cells[0] if self.cells else self.key.partition(":")[2]
        return first.partition(".")[0] if first.startswith("s") else ""

    @property
    def is_open(self) -> bool:
        """An error, or a warning nobody has accepted yet."""
        return not self.accepted

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "key": self.key,
                               "cells": list(self.cells), "message": self.message}
        if self.expected is not None:
            out["expected"] = _json_number(self.expected)
        if self.actual is not None:
            out["actual"] = _json_number(self.actual)
        if self.accepted:
            out["accepted"] = True
            out["note"] = self.note
        if self.pack:
            out["pack"] = self.pack
        return out


def _json_number(v: V.Value) -> int | str:
    if isinstance(v, Decimal):
        return V.display(v, "amount")
    return v


def _fmt(v: V.Value | None) -> str:
    if v is None:
        return "空白"
    if isinstance(v, Decimal):
        return V.display(v, "amount")
    return str(v)


# --------------------------------------------------------------------------
# checks


class Check:
    """Base: a unit of checking with a stable key and the inputs it reads."""

    key: str
    rule: "RuleDef"
    reads: tuple[str, ...]          # cell ids, "text:<id>" and YEAR ("meta:year")

    def evaluate(self, report: "Report") -> Finding | None:  # pragma: no cover
        raise NotImplementedError

    def finding(self, report: "Report", cells: Iterable[str], message: str,
                expected: V.Value | None = None, actual: V.Value | None = None) -> Finding:
        note = None
        accepted = False
        if self.rule.severity == "warning":
            note = report.notes.get(self.key)
            accepted = bool(note)
        cite = self.rule.spec.get("_cite")
        if cite:                          # a local rule pack's: its notice named (core/rulepacks.py)
            message = f"{message}（依据{cite}）"
        return Finding(self.rule.id, self.rule.severity, self.key, tuple(cells), message,
                       expected, actual, accepted, note, self.rule.role, self.rule.spec.get("_pack", ""))


@dataclass(frozen=True)
class Term:
    cell: str
    sign: int
    prev: bool


class LinearCheck(Check):
    """``Σ lhs (op) Σ rhs`` with blank counted as 0.

    Skipped when it cannot say anything yet: when a total it involves is
    blank (B1 reports that, not a wrong sum), when one side of an equality is
    entirely blank, or when a last-year term is unknown.
    """

    def __init__(self, rule: "RuleDef", key: str, lhs: list[Term], rhs: list[Term], op: str,
                 is_sum: bool, names: dict[str, str]):
        self.rule, self.key, self.op, self.is_sum, self.names = rule, key, op, is_sum, names
        self.lhs = tuple((t.cell, t.sign) for t in lhs if not t.prev)
        self.rhs = tuple((t.cell, t.sign) for t in rhs if not t.prev)
        self.prev_lhs = tuple((t.cell, t.sign) for t in lhs if t.prev)
        self.prev_rhs = tuple((t.cell, t.sign) for t in rhs if t.prev)
        self.cells = tuple(dict.fromkeys(c for c, _ in self.lhs + self.rhs))
        self.reads = self.cells
        self.totals: tuple[str, ...] = ()      # cells here that are totals of a sum rule (set on compile)

    def evaluate(self, report: "Report") -> Finding | None:
        sides = self.sides(report)
        if sides is None:
            return None
        left, right = sides
        ok = left == right if self.op == "==" else left >= right
        if ok:
            return None
        msg = self.rule.message.format(lhs=_fmt(left), rhs=_fmt(right), diff=_fmt(abs(left - right)),
                                       actual=_fmt(left), expected=_fmt(right), **self.names)
        return self.finding(report, self.cells, msg, expected=right, actual=left)

    def sides(self, report: "Report") -> tuple[V.Value, V.Value] | None:
        """The two sides' values, or None while the check cannot say anything."""
        vals = report.values
        for t in self.totals:
            if t not in vals:        # a blank total is B1's business, not a wrong sum
                return None
        pl = pr = 0
        if self.prev_lhs or self.prev_rhs:
            if report.previous is None:
                return None
            pl = _known_sum(report.previous.values, self.prev_lhs)
            pr = _known_sum(report.previous.values, self.prev_rhs)
            if pl is None or pr is None:
                return None
        left, left_seen = _sum(vals, self.lhs)
        right, right_seen = _sum(vals, self.rhs)
        if self.is_sum:
            if self.lhs[0][0] not in vals:
                return None
        elif (self.lhs and not left_seen) or (self.rhs and not right_seen):
            return None
        return left + pl, right + pr


def _sum(vals: dict, terms: tuple[tuple[str, int], ...]) -> tuple[V.Value, bool]:
    """Signed sum with blanks as 0, and whether any term was filled."""
    total: V.Value = 0
    seen = False
    for cell, sign in terms:
        v = vals.get(cell)
        if v is not None:
            total += sign * v
            seen = True
    return total, seen


def _known_sum(vals: dict, terms: tuple[tuple[str, int], ...]) -> V.Value | None:
    """Signed sum of values that must all be known (last year's), else None."""
    total: V.Value = 0
    for cell, sign in terms:
        v = vals.get(cell)
        if v is None:
            return None
        total += sign * v
    return total


class TypeCheck(Check):
    """R6 for one cell: the stored value fits the cell's type."""

    def __init__(self, rule: "RuleDef", cell: str, vtype: str, place: str):
        self.rule, self.cell, self.vtype, self.place = rule, cell, vtype, place
        self.key = f"{rule.id}:{cell}"
        self.reads = (cell,)

    def evaluate(self, report: "Report") -> Finding | None:
        v = report.values.get(self.cell)
        if v is None or (type(v) is int and self.vtype == "count" and 0 <= v < _MAX_COUNT):
            return None          # the common case, without the general validation
        problem = V.validate(v, self.vtype)
        if problem is None:
            return None
        return self.finding(report, (self.cell,), self.rule.message.format(place=self.place, problem=problem),
                            actual=v if isinstance(v, (int, Decimal)) else None)


class BlankCheck(Check):
    """B1 for one table: which of its cells are still blank."""

    def __init__(self, rule: "RuleDef", section: str, heading: str, cells: list[str], places: dict[str, str]):
        self.rule, self.section, self.heading = rule, section, heading
        self.key = f"{rule.id}:{section}"
        self.reads = tuple(cells)
        self.places = places

    def evaluate(self, report: "Report") -> Finding | None:
        vals = report.values
        blank = [c for c in self.reads if c not in vals]
        if not blank:
            return None
        shown = "、".join(self.places[c] for c in blank[:3]) + ("等" if len(blank) > 3 else "")
        msg = self.rule.message.format(section=self.heading, count=len(blank), places=shown)
        return self.finding(report, blank, msg)


# --------------------------------------------------------------------------
# compiling an edition's rules


@dataclass
class Compiled:
    checks: list[Check]
    by_key: dict[str, Check]
    readers: dict[str, list[Check]]          # cell id / "text:x" -> checks reading it
    computed: dict[str, tuple[str, ...]]     # computed total -> the cells it sums
    order: dict[str, int]                    # computed total -> evaluation order
    dependents: dict[str, list[str]]         # cell -> computed totals using it
    rule_order: dict[str, int] = field(default_factory=dict)
    cell_order: dict[str, int] = field(default_factory=dict)


FunctionFactory = Callable[["Edition", "RuleDef"], list[Check]]
FUNCTIONS: dict[str, FunctionFactory] = {}


def register(name: str) -> Callable[[FunctionFactory], FunctionFactory]:
    """Register a rule function usable as ``{"kind": "function", "function": name}``."""
    def deco(f: FunctionFactory) -> FunctionFactory:
        FUNCTIONS[name] = f
        return f
    return deco


def _parse_term(t: str) -> tuple[str, int, bool]:
    sign = 1
    if t.startswith("-"):
        sign, t = -1, t[1:]
    prev = t.startswith("prev:")
    if prev:
        t = t[5:]
    return t, sign, prev


def _expand_linear(ed: "Edition", rule: "RuleDef") -> list[Check]:
    spec = rule.spec
    table = ed.tables.get(spec.get("table", ""))
    if table is None:
        raise EditionError(f"报告格式定义 {ed.path.name} 有误：规则 {rule.id} 的 table 未定义")
    if rule.kind == "sum":
        lhs_spec, rhs_spec, op, is_sum = [spec["target"]], list(spec["terms"]), "==", True
    else:
        lhs_spec, rhs_spec, op, is_sum = list(spec["lhs"]), list(spec["rhs"]), spec.get("op", "=="), False
    if op not in ("==", ">="):
        raise ValueError(f"规则 {rule.id} 的 op 只能是 == 或 >=")
    each = spec.get("each")
    if each == "column":
        keys = spec.get("columns", "*")
        keys = list(table.columns) if keys == "*" else keys
    elif each == "row":
        keys = spec.get("rows", "*")
        keys = [r for r in table.row_names if any(ed.cells[c].row == r for c in table.cells)] if keys == "*" else keys
    else:
        raise ValueError(f"规则 {rule.id} 的 each 只能是 column 或 row")
    checks: list[Check] = []
    for k in keys:
        def cell_of(name: str) -> str:
            cid = f"{table.section}.{name}.{k}" if each == "column" else f"{table.section}.{k}.{name}"
            if cid not in ed.cells:
                raise ValueError(f"规则 {rule.id} 引用了不存在的单元格 {cid}")
            return cid
        lhs = [Term(cell_of(n), s, p) for n, s, p in map(_parse_term, lhs_spec)]
        rhs = [Term(cell_of(n), s, p) for n, s, p in map(_parse_term, rhs_spec)]
        first = next((t.cell for t in lhs + rhs if not t.prev), (lhs + rhs)[0].cell)
        key = f"{spec.get('key', rule.id)}:{first}"
        names = {"col": table.columns.get(k, k), "row": table.row_names.get(k, k)}
        checks.append(LinearCheck(rule, key, lhs, rhs, op, is_sum, names))
    return checks


def compile_edition(ed: "Edition") -> Compiled:
    from . import rulefuncs  # noqa: F401  (registers the functions)

    checks: list[Check] = []
    computed: dict[str, tuple[str, ...]] = {}
    rule_order: dict[str, int] = {}
    for rule in ed.rules:
        rule_order.setdefault(rule.id, len(rule_order))
        if rule.kind in ("linear", "sum"):
            new = _expand_linear(ed, rule)
            if rule.kind == "sum" and rule.spec.get("computes"):
                for c in new:
                    assert isinstance(c, LinearCheck)
                    target = c.lhs[0][0]
                    computed.setdefault(target, tuple(cell for cell, _ in c.rhs))
        elif rule.kind == "types":
            new = [TypeCheck(rule, cid, cd.type, cd.place) for cid, cd in ed.cells.items()]
        elif rule.kind == "blanks":
            new = []
            for sid, table in ed.tables.items():
                heading = ed.section(sid).heading
                new.append(BlankCheck(rule, sid, heading, table.cells,
                                      {c: f"「{ed.cells[c].row_name}」「{ed.cells[c].col_name}」" for c in table.cells}))
        else:
            name = rule.spec.get("function")
            if name not in FUNCTIONS:
                raise ValueError(f"规则 {rule.id} 的函数 {name} 未注册")
            new = FUNCTIONS[name](ed, rule)
        checks.extend(new)

    totals = {c.lhs[0][0] for c in checks if isinstance(c, LinearCheck) and c.is_sum}
    for c in checks:
        if isinstance(c, LinearCheck):
            c.totals = tuple(cell for cell in c.cells if cell in totals)
    by_key: dict[str, Check] = {}
    for c in checks:
        if c.key in by_key:
            raise ValueError(f"检查项 {c.key} 重复")
        by_key[c.key] = c
    readers: dict[str, list[Check]] = {}
    for c in checks:
        for r in c.reads:
            readers.setdefault(r, []).append(c)

    # evaluation order of computed totals: terms before the totals using them
    order: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(cell: str) -> None:
        if cell in order or cell not in computed:
            return
        if cell in visiting:
            raise ValueError(f"合计 {cell} 循环引用")
        visiting.add(cell)
        for t in computed[cell]:
            visit(t)
        visiting.discard(cell)
        order[cell] = len(order)

    for cell in computed:
        visit(cell)
    dependents: dict[str, list[str]] = {}
    for target, terms in computed.items():
        for t in terms:
            dependents.setdefault(t, []).append(target)
    cell_order = {c: i for i, c in enumerate(ed.cells)}
    return Compiled(checks, by_key, readers, computed, order, dependents, rule_order, cell_order)


def compiled(ed: "Edition") -> Compiled:
    if ed.compiled is None:
        ed.compiled = compile_edition(ed)
    return ed.compiled


# --------------------------------------------------------------------------
# using it


def sort_key(f: Finding, comp: Compiled) -> tuple:
    first = comp.cell_order.get(f.cells[0], 10**6) if f.cells else -1
    return (f.accepted, SEVERITY_ORDER[f.severity], comp.rule_order.get(f.rule, 99), first, f.key)


def check(report: "Report", packs: Iterable = ()) -> list[Finding]:
    """Every finding of a report as it stands (printed totals are checked, not recomputed), with
    the rules of the local ``packs`` that apply to its edition."""
    return Engine(report, compute_totals=False, packs=packs).sorted()


def with_packs(comp: Compiled, ed: "Edition", packs: list) -> Compiled:
    """The edition's compiled checks with those of local rule packs added (core/rulepacks.py);
    the edition's alone when there are none. Refuses (RulePackError) a pack that cannot be
    compiled for this edition, naming its file and rule."""
    if not packs:
        return comp
    extra = [c for pack in packs for c in pack.checks_for(ed)]     # a pack knows how (no import: one way)
    if not extra:
        return comp
    checks = comp.checks + extra
    by_key = dict(comp.by_key)
    for c in extra:
        if c.key in by_key:
            raise ValueError(f"检查项 {c.key} 重复")
        by_key[c.key] = c
    readers = {k: list(v) for k, v in comp.readers.items()}
    for c in extra:
        for r in c.reads:
            readers.setdefault(r, []).append(c)
    rule_order = dict(comp.rule_order)
    for c in extra:
        rule_order.setdefault(c.rule.id, len(rule_order))
    return Compiled(checks, by_key, readers, comp.computed, comp.order, comp.dependents, rule_order,
                    comp.cell_order)


def balance_status(report: "Report", role: str = "balance") -> list[tuple[str, str, V.Value | None, V.Value | None]]:
    """For each check of the per-column equality the edition data calls "balance" (the table of
    applications' 一+二 = 三+四): column, its name, and both sides.

    The sides are None while the check cannot say anything yet (a side blank).
    """
    out = []
    for c in compiled(report.ed).checks:
        if isinstance(c, LinearCheck) and c.rule.role == role:
            sides = c.sides(report)
            col = c.cells[0].rsplit(".", 1)[-1]
            left, right = sides if sides else (None, None)
            out.append((col, c.names["col"], left, right))
    return out


def compute_totals(report: "Report") -> dict[str, V.Value | None]:
    """Fill every computed total from its terms (blank if all terms are blank).

    Returns the totals whose value changed.
    """
    comp = compiled(report.ed)
    return _recompute(report, comp, sorted(comp.order, key=comp.order.__getitem__))


def _recompute(report: "Report", comp: Compiled, targets: Iterable[str]) -> dict[str, V.Value | None]:
    vals = report.values
    changed: dict[str, V.Value | None] = {}
    for target in targets:
        total: V.Value = 0
        seen = False
        for t in comp.computed[target]:
            v = vals.get(t)
            if v is not None:
                total += v
                seen = True
        new = total if seen else None
        if vals.get(target) != new or (new is None and target in vals):
            if new is None:
                vals.pop(target, None)
            else:
                vals[target] = new
            changed[target] = new
    return changed


@dataclass
class Delta:
    """What one change did: cells whose value changed and findings that changed."""

    cells: dict[str, V.Value | None] = field(default_factory=dict)
    added: list[Finding] = field(default_factory=list)      # new or changed findings
    removed: list[str] = field(default_factory=list)        # keys of findings gone


class Engine:
    """Keeps one report's totals and findings current.

    With ``compute_totals`` (the GUI), totals are program-computed and may not
    be typed; without it (checking someone else's document), printed totals
    are kept and checked.
    """

    def __init__(self, report: "Report", compute_totals: bool = True, packs: Iterable = ()):
        self.report = report
        self.compute = compute_totals
        self.packs = list(packs)                  # local rule packs (core/rulepacks.py) applied besides the edition's
        self.comp = with_packs(compiled(report.ed), report.ed, self.packs)
        self.findings: dict[str, Finding] = {}
        self.check_all()

    # -- full ---------------------------------------------------------------
    def check_all(self) -> dict[str, Finding]:
        if self.compute:
            compute_totals(self.report)
        out: dict[str, Finding] = {}
        r = self.report
        for c in self.comp.checks:
            f = c.evaluate(r)
            if f is not None:
                out[c.key] = f
        self.findings = out
        return out

    def sorted(self) -> list[Finding]:
        return sorted(self.findings.values(), key=lambda f: sort_key(f, self.comp))

    def set_packs(self, packs: Iterable) -> None:
        """Apply these local rule packs (and no others) from now on, and check everything again.
        Refuses (RulePackError, nothing changed) a pack that cannot be compiled for the edition."""
        comp = with_packs(compiled(self.report.ed), self.report.ed, list(packs))
        self.packs, self.comp = list(packs), comp
        self.check_all()

    def is_computed(self, cell_id: str) -> bool:
        return self.compute and cell_id in self.comp.computed

    # -- incremental ----------------------------------------------------------
    def validate_changes(self, changes: dict[str, V.Value | None],
                         parsed: bool = False) -> dict[str, V.Value | None]:
        """The changes that really change something, normalised; refuses a bad one, naming it.
        ``parsed``: the values come from :func:`values.parse` for their cells' types, which
        validated and normalised them already (a typed entry is validated once)."""
        out: dict[str, V.Value | None] = {}
        for cell_id, value in changes.items():
            cd = self.report.ed.cells.get(cell_id)
            if cd is None:
                raise ValueInputError(f"未知的单元格 {cell_id}")
            if self.is_computed(cell_id):
                raise ValueInputError(f"{cd.place}是合计，由程序自动计算，不能直接填写")
            if value is not None and not parsed:
                problem = V.validate(value, cd.type)
                if problem:
                    raise ValueInputError(f"{cd.place}{problem}")
                value = V.normalize(value, cd.type)
            old = self.report.values.get(cell_id)
            if old != value or (old is None) != (value is None):
                out[cell_id] = value
        return out

    def set_values(self, changes: dict[str, V.Value | None]) -> Delta:
        """Change several cells at once (a paste, a fill, an import): one delta."""
        return self.apply(self.validate_changes(changes))

    def apply(self, changes: dict[str, V.Value | None]) -> Delta:
        """Write changes that :meth:`validate_changes` gave (or that undo puts back): they are not
        validated again. Recomputes the totals they feed and re-runs the checks they affect."""
        delta = Delta()
        targets: set[str] = set()
        vals = self.report.values
        for cell_id, value in changes.items():
            old = vals.get(cell_id)
            if value is None:
                vals.pop(cell_id, None)
            else:
                vals[cell_id] = value
            new = value
            if new != old or (new is None) != (old is None):
                delta.cells[cell_id] = new
                if self.compute:
                    targets.update(self._affected_totals(cell_id))
        if targets:
            delta.cells.update(_recompute(self.report, self.comp, sorted(targets, key=self.comp.order.__getitem__)))
        self._recheck(delta.cells.keys(), delta)
        return delta

    def set_text(self, text_id: str, text: str) -> Delta:
        self.report.text[text_id] = text
        delta = Delta()
        self._recheck([f"text:{text_id}"], delta)
        return delta

    def set_year(self, year: int) -> Delta:
        """Change the report year; re-run the checks that depend on it (H5).

        Refuses (ValueInputError) a year a report file could not hold.
        """
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueInputError("报告年度应为四位数的年份")
        if not V.YEAR_MIN <= year <= V.YEAR_MAX:
            raise ValueInputError(f"年份 {year} 不合理（应在 {V.YEAR_MIN}—{V.YEAR_MAX} 之间）")
        delta = Delta()
        if year == self.report.year:
            return delta
        self.report.year = year
        self._recheck([YEAR], delta)
        return delta

    def set_issuer(self, issuer: str) -> Delta:
        """Change the issuer; re-run the checks whose demands depend on it (a 人民政府 reports its
        建议提案 results: N2, which reads ``meta:issuer``)."""
        delta = Delta()
        if issuer == self.report.issuer:
            return delta
        self.report.issuer = issuer
        self._recheck([ISSUER], delta)
        return delta

    def set_note(self, key: str, note: str | None) -> Delta:
        """Accept a warning with an explanation (or withdraw it with None/"")."""
        if note:
            self.report.notes[key] = note
        else:
            self.report.notes.pop(key, None)
        delta = Delta()
        check = self.comp.by_key.get(key)
        if check is not None:
            self._recheck_checks([check], delta)
        return delta

    def _affected_totals(self, cell_id: str) -> list[str]:
        deps = self.comp.dependents
        seen: set[str] = set()
        stack = list(deps.get(cell_id, ()))
        while stack:
            t = stack.pop()
            if t not in seen:
                seen.add(t)
                stack.extend(deps.get(t, ()))
        return sorted(seen, key=self.comp.order.__getitem__)

    def _recheck(self, inputs: Iterable[str], delta: Delta) -> None:
        readers = self.comp.readers
        checks: dict[str, Check] = {}
        for i in inputs:
            for c in readers.get(i, ()):
                checks[c.key] = c
        self._recheck_checks(checks.values(), delta)

    def _recheck_checks(self, checks: Iterable[Check], delta: Delta) -> None:
        r = self.report
        for c in checks:
            f = c.evaluate(r)
            old = self.findings.get(c.key)
            if f is None:
                if old is not None:
                    del self.findings[c.key]
                    delta.removed.append(c.key)
            elif f != old:
                self.findings[c.key] = f
                delta.added.append(f)

    # -- summaries -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        errors = sum(1 for f in self.findings.values() if f.severity == "error")
        warnings = sum(1 for f in self.findings.values() if f.severity == "warning" and not f.accepted)
        accepted = sum(1 for f in self.findings.values() if f.accepted)
        blanks = len(self.report.blank_cells())
        return {"errors": errors, "warnings": warnings, "accepted": accepted, "blanks": blanks}
