"""The open report without Qt: the report, its engine, the questions the views ask, and the
edits they are made of (Orange canvas core's shape: commands over a model, tested without views).

An edit is planned first — validated once, into :class:`Step`\\ s that hold the value before and
after — and then written step by step (``write``), forwards or, to undo it, backwards with the
old values. Nothing written is validated again. ``ui/document.py`` wraps this in a QUndoStack
and Qt signals; it is the window's one door to the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import values as V
from .report import Previous, Report
from .rules import Delta, Engine, Finding, balance_status, check

__all__ = ["Document", "Step", "Written", "Delta", "Finding", "errors_of", "wrong_printed_totals"]


def errors_of(report: Report) -> list[Finding]:
    """The errors a full check of ``report`` finds (an export asks before writing them)."""
    return [f for f in check(report) if f.severity == "error"]


def wrong_printed_totals(report: Report) -> list[Finding]:
    """The totals a report was given (read from a file) that do not add up (role "total")."""
    return [f for f in check(report) if f.role == "total"]


@dataclass(frozen=True)
class Step:
    """One part of an edit: what :meth:`Document.write` is given, before and after."""

    kind: str            # cells | text | note | meta | previous | extra
    key: str             # the text id, note key or meta field ("" for cells and previous)
    old: Any
    new: Any


@dataclass
class Written:
    """What one write changed, for the views: the engine's delta (None: every finding may have
    changed), and whether the report's information or last year's report changed."""

    delta: Delta | None
    meta: bool = False
    previous: bool = False


class Document:
    def __init__(self, report: Report, compute_totals: bool = True):
        self.report = report
        self.engine = Engine(report, compute_totals=compute_totals)

    # -- questions -----------------------------------------------------------------
    def findings(self) -> list[Finding]:
        return self.engine.sorted()

    def counts(self) -> dict[str, int]:
        return self.engine.counts()

    def balance(self) -> list[tuple[str, str, V.Value | None, V.Value | None]]:
        """Per column of the table the data calls "balance": column, name, both sides (or None)."""
        return balance_status(self.report)

    def is_computed(self, cell_id: str) -> bool:
        return self.engine.is_computed(cell_id)

    def value(self, cell_id: str) -> V.Value | None:
        return self.report.values.get(cell_id)

    def meta(self, field: str) -> Any:
        if field == "issuer":
            return self.report.issuer
        if field == "year":
            return self.report.year
        return self.report.meta.get(field, "")

    # -- planning edits (nothing changes; ValueInputError refuses a bad value) -----
    def cells_step(self, changes: dict[str, V.Value | None], parsed: bool = False) -> Step | None:
        """The cells that really change, validated once (``parsed``: by values.parse already)."""
        real = self.engine.validate_changes(changes, parsed)
        if not real:
            return None
        return Step("cells", "", {c: self.report.values.get(c) for c in real}, real)

    def text_step(self, text_id: str, text: str) -> Step | None:
        old = self.report.text.get(text_id, "")
        return None if old == text else Step("text", text_id, old, text)

    def note_step(self, key: str, note: str | None) -> Step | None:
        old = self.report.notes.get(key)
        return None if (old or None) == (note or None) else Step("note", key, old, note or None)

    def meta_step(self, field: str, value: Any) -> Step | None:
        old = self.meta(field)
        return None if old == value else Step("meta", field, old, value)

    def carry_steps(self, last: Report) -> tuple[list[Step], int]:
        """Carrying last year over: its contact details where this report has none, last year's
        report kept for reference, and the carried values (never a computed total)."""
        from .carry import carried_meta, carried_values

        values = {c: v for c, v in carried_values(last, self.report.ed).items() if not self.is_computed(c)}
        meta = {k: v for k, v in carried_meta(last).items() if not self.report.meta.get(k)}   # never overwrite
        steps = [Step("meta", k, self.meta(k), v) for k, v in meta.items()]
        steps.append(Step("previous", "", self.report.previous, Previous.of(last)))
        cells = self.cells_step(values)
        if cells is not None:
            steps.append(cells)
        return steps, len(values)

    def ledger_steps(self, values: dict[str, V.Value], provenance: dict) -> list[Step]:
        """Filling sections 三/四 from registers: the counted cells (never a computed total: the
        engine computes those, to the same figures) and which registers they came from (the
        report's ``ledger`` entry, core/ledger/provenance.py)."""
        from .ledger.provenance import KEY

        steps = [Step("extra", KEY, self.report.extra.get(KEY), provenance)]
        cells = self.cells_step({c: v for c, v in values.items() if not self.is_computed(c)})
        if cells is not None:
            steps.insert(0, cells)
        return steps

    # -- writing (what undo commands call) ------------------------------------------
    def write(self, kind: str, key: str, value: Any) -> Written:
        """One part of an edit, already validated: cells (``value`` a dict), text, note, meta or
        previous. Recomputes and re-checks only what it affects."""
        if kind == "cells":
            return Written(self.engine.apply(value))
        if kind == "text":
            return Written(self.engine.set_text(key, value))
        if kind == "note":
            return Written(self.engine.set_note(key, value))
        if kind == "meta":
            if key == "year":                       # rules that read the year (the narrative's years)
                return Written(self.engine.set_year(value), meta=True)
            if key == "issuer":                     # rules that read who reports (N2: a 人民政府)
                return Written(self.engine.set_issuer(value), meta=True)
            if value in ("", None):
                self.report.meta.pop(key, None)
            else:
                self.report.meta[key] = value
            return Written(Delta(), meta=True)
        if kind == "extra":                         # a key of the file the rules do not read
            if value is None:
                self.report.extra.pop(key, None)
            else:
                self.report.extra[key] = value
            return Written(Delta(), meta=True)
        if kind == "previous":                      # the cross-year rules read it: check everything
            changed = value is not self.report.previous
            self.report.previous = value
            self.engine.check_all()
            return Written(None, previous=changed)
        raise ValueError(kind)

    def recheck_all(self) -> None:
        self.engine.check_all()

    def set_packs(self, packs) -> None:
        """The local rule packs checked besides the edition's rules (core/rulepacks.py)."""
        self.engine.set_packs(packs)
