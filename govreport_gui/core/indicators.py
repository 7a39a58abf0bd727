"""The office's indicators: 实质公开率, 不予公开率, 无法提供率, 行政复议纠错率, 行政诉讼败诉率.

What each indicator is comes from the edition file (``indicators``; edition.IndicatorDef): the
cells of its numerator and denominator (a ``*`` segment stands for every cell of that shape, a
leading ``-`` subtracts), the least denominator that is rated (``min_base``) and the range common
practice expects (``range``). Nothing here knows a cell by name: a new edition with other rows
is one data file.

Each indicator of a report (:func:`indicators`) or of each unit of a 汇总
(:func:`unit_indicators`) carries:

- the numerator and the denominator as the report holds them (int or Decimal, never float), the
  exact fraction (``fractions.Fraction``), its Decimal value and the percentage rounded half up to
  0.1% for people (rounded once, from the exact fraction);
- the formula in Chinese with the actual numbers, the names built from the edition's cell names
  (``（予以公开 163 + 部分公开 38）÷ 本年度办理结果总计 353 = 56.9%``);
- whether it is rated: ``rated`` (denominator ≥ min_base), ``not_rated`` (computed, shown, but
  the base is too small to say anything: 申请不足30件，不评价) or ``not_applicable`` (a wholly
  blank numerator or denominator — no data —, or a denominator of 0);
- a flag when a rated indicator is below its range's min (``"min"``) or above its max (``"max"``),
  and a message in Chinese.

A blank cell is not 0: a term whose every cell is blank is shown as 空白; a side whose every term
is blank makes the indicator not applicable. A side with some blank terms counts what is there.

The office's own range (``overrides``) is a plain mapping ``{indicator id: {"min": …, "max": …,
"min_base": …}}``: a key given replaces the edition's default, ``None`` removes a bound; an id
the edition does not have is ignored (the window keeps one mapping for every edition). See
docs/indicators.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import edition as editions
from . import values as V
from .edition import CellDef, Edition, IndicatorDef, IndicatorTerm
from .errors import GovReportError

RATED, NOT_RATED, NOT_APPLICABLE = "rated", "not_rated", "not_applicable"
STATUS_NAMES = {RATED: "评价", NOT_RATED: "不评价", NOT_APPLICABLE: "不适用"}
FLAG_NAMES = {"min": "低于下限", "max": "高于上限"}
PRECISION = 28                      # significant digits of ``Indicator.value`` (exact when it terminates)
OVERRIDE_KEYS = ("min", "max", "min_base")

Overrides = Mapping[str, Mapping[str, Any]]


class IndicatorError(GovReportError):
    """The office's own range cannot be used as given (a bound not in [0, 1], min above max…)."""


@dataclass(frozen=True)
class Part:
    """One term of a side as computed: its name for people, its sign, the sum of its cells that
    are filled (None when every one is blank) and the cells."""

    name: str
    sign: int
    value: V.Value | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    what: str
    numerator: V.Value | None          # None: every cell of the numerator blank
    denominator: V.Value | None
    numerator_parts: tuple[Part, ...]
    denominator_parts: tuple[Part, ...]
    fraction: Fraction | None          # numerator / denominator, exact; None when not applicable
    value: Decimal | None              # the same as a Decimal (PRECISION significant digits)
    percent: Decimal | None            # × 100, rounded half up to one place: Decimal("56.9")
    min_base: int
    min: Decimal | None
    max: Decimal | None
    status: str                        # RATED | NOT_RATED | NOT_APPLICABLE
    flag: str | None                   # "min" | "max" for a rated indicator outside its range
    formula: str
    message: str
    reason: str = ""                   # why not applicable / not rated, in Chinese

    @property
    def rated(self) -> bool:
        return self.status == RATED

    @property
    def flagged(self) -> bool:
        return self.flag is not None

    @property
    def percent_text(self) -> str:
        """"56.9%", or "—" when not applicable."""
        return f"{self.percent}%" if self.percent is not None else "—"

    @property
    def range_text(self) -> str:
        return range_text(self.min, self.max)

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell it reads, numerator first."""
        out = [c for p in self.numerator_parts + self.denominator_parts for c in p.cells]
        return tuple(dict.fromkeys(out))

    def to_json(self) -> dict[str, Any]:
        """For ``--json`` output: counts as JSON integers, every Decimal as a decimal string
        (never a binary float), the fraction as "a/b" in lowest terms."""
        return {
            "id": self.id, "name": self.name, "what": self.what,
            "status": self.status, "rated": self.rated, "flag": self.flag,
            "percent": None if self.percent is None else format(self.percent, "f"),
            "value": None if self.value is None else format(self.value, "f"),
            "fraction": None if self.fraction is None else str(self.fraction),
            "numerator": _json_number(self.numerator), "denominator": _json_number(self.denominator),
            "min_base": self.min_base,
            "range": {"min": _json_bound(self.min), "max": _json_bound(self.max)},
            "formula": self.formula, "message": self.message,
            "cells": {"numerator": [c for p in self.numerator_parts for c in p.cells],
                      "denominator": [c for p in self.denominator_parts for c in p.cells]},
        }


@dataclass
class UnitIndicators:
    """One unit of a 汇总 with its indicators, its findings as counted when it was read and
    (where known) the length of its narrative."""

    name: str
    source: str
    included: bool
    readable: bool
    indicators: list[Indicator] = field(default_factory=list)
    errors: int | None = None
    warnings: int | None = None
    message: str = ""                      # why it could not be read, or why it has no indicators
    text_chars: int | None = None          # characters of its narrative (text_length); None: not known

    @property
    def flagged(self) -> list[Indicator]:
        return [i for i in self.indicators if i.flagged]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "source": self.source, "included": self.included,
                               "readable": self.readable}
        if self.message:
            out["message"] = self.message
        out["findings"] = {"errors": self.errors, "warnings": self.warnings}
        out["text_chars"] = self.text_chars
        out["indicators"] = [i.to_json() for i in self.indicators]
        return out


# --------------------------------------------------------------------------
# computing


def indicators(report, overrides: Overrides | None = None) -> list[Indicator]:
    """The edition's indicators for ``report`` (a report.Report), in the edition's order."""
    return of_values(report.ed, report.values, overrides)


def of_values(ed: Edition, values: Mapping[str, V.Value], overrides: Overrides | None = None) -> list[Indicator]:
    """The indicators over ``values`` (cell id -> value; a missing key is a blank cell)."""
    checked = check_overrides(overrides)
    return [compute(ed, d, values, checked.get(d.id)) for d in ed.indicators]


def compute(ed: Edition, d: IndicatorDef, values: Mapping[str, V.Value],
            override: Mapping[str, Any] | None = None) -> Indicator:
    """One indicator over ``values``; ``override`` as one entry of :func:`check_overrides`."""
    lo, hi, base = d.min, d.max, d.min_base
    if override:
        lo = override["min"] if "min" in override else lo
        hi = override["max"] if "max" in override else hi
        base = override["min_base"] if "min_base" in override else base
        if lo is not None and hi is not None and lo > hi:
            raise IndicatorError(f"指标“{d.name}”的范围有误：下限 {_pct(lo)} 高于上限 {_pct(hi)}")
    drop_col = len({ed.cells[c].col for t in d.numerator + d.denominator for c in t.cells}) == 1
    num_parts = tuple(_part(ed, t, values, drop_col) for t in d.numerator)
    den_parts = tuple(_part(ed, t, values, drop_col) for t in d.denominator)
    num, den = _side(num_parts), _side(den_parts)
    num_text, den_text = _side_text(num_parts), _side_text(den_parts)
    head = f"{num_text}{'' if num_text.endswith('）') else ' '}÷ {den_text}"
    frac = value = percent = None
    flag = None
    if num is None or den is None:
        blank = [num_parts] if num is None else []
        blank += [den_parts] if den is None else []
        names = "、".join(p.name for parts in blank for p in parts)
        status = NOT_APPLICABLE
        reason = f"无数据：{names}{'均' if sum(len(b) for b in blank) > 1 else ''}为空白"
    elif den <= 0:
        status = NOT_APPLICABLE
        reason = (f"{_side_name(den_parts)}为 0，无法计算" if den == 0
                  else f"{_side_name(den_parts)}为负数（{_number(den)}），数据有误")
    else:
        frac = Fraction(num) / Fraction(den)
        with localcontext() as ctx:
            ctx.prec = PRECISION
            value = Decimal(num) / Decimal(den)
        percent = round_percent(frac)
        if den < base:
            status = NOT_RATED
            reason = f"基数 {_number(den)} 不足 {base}，不评价"
        else:
            status, reason = RATED, ""
            if lo is not None and frac < Fraction(lo):
                flag = "min"
            elif hi is not None and frac > Fraction(hi):
                flag = "max"
    formula = f"{head} = {percent}%" if percent is not None else f"{head}：不适用"
    if status == NOT_APPLICABLE:
        message = f"{d.name}：不适用（{reason}）"
    elif status == NOT_RATED:
        message = f"{d.name} {percent}%（{reason}）"
    elif flag == "min":
        message = f"{d.name} {percent}%，低于下限 {_pct(lo)}"
    elif flag == "max":
        message = f"{d.name} {percent}%，高于上限 {_pct(hi)}"
    else:
        rt = range_text(lo, hi)
        message = f"{d.name} {percent}%" + (f"，在范围内（{rt}）" if rt else "")
    return Indicator(d.id, d.name, d.what, num, den, num_parts, den_parts, frac, value, percent, base, lo, hi,
                     status, flag, formula, message, reason)


def round_percent(frac: Fraction) -> Decimal:
    """``frac`` as a percentage with one decimal place, rounded half up (away from zero) from the
    exact fraction: 1/3 → 33.3, 1/8 → 12.5, 1/16 → 6.3."""
    tenths = abs(frac) * 1000
    n = math.floor(tenths + Fraction(1, 2))
    return (Decimal(-n if frac < 0 else n) / 10).quantize(Decimal("0.1"))


def _side(parts: Sequence[Part]) -> V.Value | None:
    """A side's value: the signed sum of its filled terms; None when every term is blank."""
    total: V.Value = 0
    seen = False
    for p in parts:
        if p.value is not None:
            total += p.sign * p.value
            seen = True
    return total if seen else None


def _part(ed: Edition, t: IndicatorTerm, values: Mapping[str, V.Value], drop_col: bool) -> Part:
    total: V.Value = 0
    seen = False
    for c in t.cells:
        v = values.get(c)
        if v is not None:
            total += v
            seen = True
    return Part(term_name(ed, t, drop_col), t.sign, total if seen else None, t.cells)


def _side_text(parts: Sequence[Part]) -> str:
    out = ""
    for i, p in enumerate(parts):
        shown = f"{p.name} {_number(p.value) if p.value is not None else '空白'}"
        if i == 0:
            out = ("−" if p.sign < 0 else "") + shown
        else:
            out += (" − " if p.sign < 0 else " + ") + shown
    return f"（{out}）" if len(parts) > 1 else out


def _side_name(parts: Sequence[Part]) -> str:
    return parts[0].name if len(parts) == 1 and parts[0].sign > 0 else "分母"


# --------------------------------------------------------------------------
# names for people, from the edition's cell names

_ENUM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*")
_INNER_ENUM = re.compile(r"\s+\d+[.．、]\s*")


def clean(label: str) -> str:
    """A row or column name without its printed numbering: "（三）不予公开 1.属于国家秘密" →
    "不予公开：属于国家秘密", "三、本年度办理结果" → "本年度办理结果"."""
    s = _ENUM.sub("", label.strip())
    return _INNER_ENUM.sub("：", s).strip()


def cell_name(ed: Edition, cid: str, drop_col: bool = False) -> str:
    """How a cell is named in a formula: its row's name (a 总计 row with the group it totals:
    "本年度办理结果总计") and, unless ``drop_col``, its column's ("行政复议结果纠正")."""
    cd = ed.cells[cid]
    row = _row_name(ed, cd)
    if drop_col or not cd.col_name or cd.col_name in row:
        return row
    return row + cd.col_name


def term_name(ed: Edition, t: IndicatorTerm, drop_col: bool = False) -> str:
    """A term's name: a single cell's, or for a ``*`` term what its cells have in common
    ("s3.denied.*.total" → "不予公开")."""
    if len(t.cells) == 1:
        return cell_name(ed, t.cells[0], drop_col)
    cds = [ed.cells[c] for c in t.cells]
    rows = {cd.row_name for cd in cds}
    if len(rows) == 1:
        row = _row_name(ed, cds[0])
    else:
        prefix = _common_prefix([cd.row_name for cd in cds])
        row = clean(re.sub(r"[\s\d.．、：:]+$", "", prefix)) or t.pattern
    cols = {cd.col_name for cd in cds}
    if drop_col or len(cols) != 1:
        return row
    col = cols.pop()
    return row if col in row else row + col


def _row_name(ed: Edition, cd: CellDef) -> str:
    row = clean(cd.row_name)
    if row in ("总计", "合计") and cd.section in ed.tables:      # which total: the group it closes
        table = ed.tables[cd.section]
        try:
            g = table.position(cd.id)
            group = table.at().get((g.row, 0))
        except KeyError:
            group = None
        if group is not None and group.kind == "label" and group.rowspan > 1:
            row = clean(group.text) + row
    return row or cd.row_name or cd.id


def _common_prefix(names: list[str]) -> str:
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


# --------------------------------------------------------------------------
# the office's own ranges


def check_overrides(overrides: Overrides | None) -> dict[str, dict[str, Any]]:
    """The office's own ranges made ready: each bound a Decimal in [0, 1] (or None: no bound),
    ``min_base`` a whole number ≥ 0. A value that is none of these raises IndicatorError in
    Chinese naming the indicator and the key; min above max is refused where both are given."""
    out: dict[str, dict[str, Any]] = {}
    if not overrides:
        return out
    if not isinstance(overrides, Mapping):
        raise IndicatorError("指标范围应为“指标编号 → 范围”的对应表")
    for iid, spec in overrides.items():
        if spec is None:
            continue
        if not isinstance(spec, Mapping):
            raise IndicatorError(f"指标 {iid} 的范围应为含 min、max 的对应表")
        one: dict[str, Any] = {}
        for key, v in spec.items():
            if key not in OVERRIDE_KEYS:
                raise IndicatorError(f"指标 {iid} 的范围中有不认识的项 {key}（只能是 min、max、min_base）")
            if key == "min_base":
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise IndicatorError(f"指标 {iid} 的 min_base 应为不小于 0 的整数")
                one[key] = v
            else:
                one[key] = None if v is None else _ratio(v, f"指标 {iid} 的 {key}")
        if one.get("min") is not None and one.get("max") is not None and one["min"] > one["max"]:
            raise IndicatorError(f"指标 {iid} 的下限 {_pct(one['min'])} 高于上限 {_pct(one['max'])}")
        out[str(iid)] = one
    return out


def _ratio(v: Any, what: str) -> Decimal:
    if isinstance(v, bool):
        raise IndicatorError(f"{what} 应为 0 到 1 之间的数")
    try:
        d = v if isinstance(v, Decimal) else Decimal(str(v).strip())
    except (InvalidOperation, ValueError):
        raise IndicatorError(f"{what} 应为 0 到 1 之间的数（比例，如 0.4 即 40%）") from None
    if not d.is_finite() or not 0 <= d <= 1:
        raise IndicatorError(f"{what} 为 {v}，应在 0 到 1 之间（比例，如 0.4 即 40%）")
    return d


def range_text(lo: Decimal | None, hi: Decimal | None) -> str:
    """"不低于 40%", "不高于 20%", "10%—20%", or "" when there is no range."""
    if lo is not None and hi is not None:
        return f"{_pct(lo)}—{_pct(hi)}"
    if lo is not None:
        return f"不低于 {_pct(lo)}"
    if hi is not None:
        return f"不高于 {_pct(hi)}"
    return ""


def _pct(d: Decimal) -> str:
    p = (d * 100).normalize()
    return f"{format(p, 'f')}%"


# --------------------------------------------------------------------------
# the units of a 汇总


def unit_indicators(report, overrides: Overrides | None = None) -> list[UnitIndicators]:
    """Every unit a summed report carries (``report.extra["units"]``, as aggregate.py keeps them),
    in order, with its indicators over its own figures. Empty for a unit's own report. A unit
    that could not be read has no indicators (its message says why)."""
    units = report.extra.get("units")
    if not isinstance(units, list):
        return []
    checked = check_overrides(overrides)
    return [of_record(rec, report.ed, checked) for rec in units if isinstance(rec, dict)]


def of_record(rec: Mapping[str, Any], ed: Edition, overrides: Overrides | None = None,
              text_chars: int | None = None) -> UnitIndicators:
    """One unit's record as a summed report keeps it (aggregate.unit_record: source, issuer,
    included, readable, errors, warnings, values in the edition's cell order) with its
    indicators; ``text_chars`` when the caller knows it (the record does not keep it)."""
    checked = check_overrides(overrides)
    source = str(rec.get("source") or "")
    name = str(rec.get("issuer") or "") or Path(source).name
    readable = bool(rec.get("readable", True))
    u = UnitIndicators(name, source, bool(rec.get("included")), readable,
                       errors=_count(rec.get("errors")) if readable else None,
                       warnings=_count(rec.get("warnings")) if readable else None,
                       text_chars=text_chars if text_chars is not None else _count(rec.get("text_chars")))
    if not readable:
        u.message = str(rec.get("message") or "无法读取")
        return u
    unit_ed = _edition(rec.get("edition"), ed)
    raw = rec.get("values")
    if unit_ed is None:
        u.message = f"格式版本 {rec.get('edition')} 无法识别，未计算指标"
    elif isinstance(raw, list):
        u.indicators = [compute(unit_ed, d, unit_values(unit_ed, raw), checked.get(d.id))
                        for d in unit_ed.indicators]
    return u


def unit_values(ed: Edition, raw: Sequence[Any]) -> dict[str, V.Value]:
    """A unit's figures kept in the edition's cell order (counts as numbers, amounts as decimal
    strings, as the summed file keeps them) as cell id -> value; what is not a number is blank."""
    out: dict[str, V.Value] = {}
    for cid, v in zip(ed.cells, raw):
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, (int, Decimal)):
            out[cid] = v
        elif isinstance(v, str):
            try:
                d = Decimal(v)
            except InvalidOperation:
                continue
            if d.is_finite():
                out[cid] = d
    return out


def _edition(eid: Any, fallback: Edition | None) -> Edition | None:
    if eid is None:
        return fallback
    if fallback is not None and eid == fallback.id:
        return fallback
    try:
        return editions.get(str(eid))
    except KeyError:
        return None


def _count(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def text_length(report) -> int:
    """The length of a report's narrative as a person counts it (字数): every character of its
    texts but white space."""
    return sum(len("".join(t.split())) for t in report.text.values() if isinstance(t, str))


# --------------------------------------------------------------------------


def _number(v: V.Value) -> str:
    return format(v, "f") if isinstance(v, Decimal) else str(v)


def _json_number(v: V.Value | None) -> int | str | None:
    if v is None:
        return None
    return format(v, "f") if isinstance(v, Decimal) else int(v)


def _json_bound(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


def lines(found: Iterable[Indicator], indent: str = "") -> list[str]:
    """Text lines for people, one an indicator: its message and its formula
    ("实质公开率 56.9%，在范围内（不低于 40%）；（予以公开 163 + 部分公开 38）÷ …"), a flagged one
    marked 【低于下限】 or 【高于上限】."""
    out = []
    for i in found:
        mark = f"【{FLAG_NAMES[i.flag]}】" if i.flag else ""
        out.append(f"{indent}{mark}{i.message}；{i.formula}")
    return out
