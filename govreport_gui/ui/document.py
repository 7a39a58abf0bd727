"""The open report as Qt sees it: the core model and engine, an undo stack, signals.

Every change a person makes goes through one undo command here, :class:`EditCommand` —
typing a value, a paste, clearing, filling blanks with 0, accepting a
warning, editing text or report information, carrying last year over — so each
is one undo step. The command calls the document's public ``write`` methods; a
value is validated once, when the change is asked for. Views never change the
report themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import values as V
from ..core.report import Report
from ..core.rules import Delta, Engine, Finding, balance_status, check

__all__ = ["ReportDocument", "EditCommand", "Step", "Delta", "Finding", "errors_of", "wrong_printed_totals"]


def errors_of(report: Report) -> list[Finding]:
    """The errors a full check of ``report`` finds (an export asks before writing them)."""
    return [f for f in check(report) if f.severity == "error"]


def wrong_printed_totals(report: Report) -> list[Finding]:
    """The totals a report was given (read from a file) that do not add up (role "total")."""
    return [f for f in check(report) if f.role == "total"]

TEXT_MERGE_ID = 1001


class ReportDocument(QObject):
    cellsChanged = Signal(object)        # dict cell id -> value | None
    findingsChanged = Signal(object)     # Delta (or None: everything changed)
    textChanged = Signal(str, str)       # text id, new text
    metaChanged = Signal()
    modifiedChanged = Signal(bool)
    previousChanged = Signal()           # last year's report came or went (carry, its undo)

    def __init__(self, report: Report, path: str | Path | None = None, parent: QObject | None = None,
                 compute_totals: bool = True, read_only: bool = False, sources: dict[str, str] | None = None):
        super().__init__(parent)
        self.report = report
        self.path = Path(path) if path else None
        self.read_only = read_only                  # a report shown for review (import), not edited
        self.sources = sources or {}                # cell id -> the text it was read from
        self.engine = Engine(report, compute_totals=compute_totals)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.disk_stamp: tuple | None = None
        self.remember_disk()

    # -- the file on disk ---------------------------------------------------------
    def remember_disk(self) -> None:
        """What the file looks like now that it was opened or saved (to notice a later change)."""
        self.disk_stamp = file_stamp(self.path) if self.path else None

    def disk_changed(self) -> bool:
        """Another program rewrote (or removed) the file since it was opened or saved here."""
        if self.path is None or self.disk_stamp is None:
            return False
        return file_stamp(self.path) != self.disk_stamp

    def _clean_changed(self, clean: bool) -> None:
        try:
            self.modifiedChanged.emit(not clean)
        except RuntimeError:         # the stack says goodbye while the application shuts down
            pass

    # -- state ---------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def set_clean(self) -> None:
        self.undo_stack.setClean()

    def findings(self) -> list[Finding]:
        return self.engine.sorted()

    def balance(self) -> list[tuple[str, str, V.Value | None, V.Value | None]]:
        """Per column of the table the data calls "balance": column, name, both sides (or None)."""
        return balance_status(self.report)

    def is_computed(self, cell_id: str) -> bool:
        return self.engine.is_computed(cell_id)

    def value(self, cell_id: str) -> V.Value | None:
        return self.report.values.get(cell_id)

    # -- changes (each one undo step) -------------------------------------------
    def set_cells(self, changes: dict[str, V.Value | None], label: str, parsed: bool = False) -> bool:
        """Change cells as one step (typing, a paste, clearing, filling): validated here, once
        (``parsed``: by :func:`values.parse` already); refuses (ValueInputError) before
        changing anything."""
        real = self.engine.validate_changes(changes, parsed)
        if not real:
            return False
        old = {c: self.report.values.get(c) for c in real}
        self.undo_stack.push(EditCommand(self, label, [Step("cells", "", old, real)]))
        return True

    def set_text(self, text_id: str, text: str) -> None:
        old = self.report.text.get(text_id, "")
        if old == text:
            return
        name = self.report.ed.texts[text_id].name if text_id in self.report.ed.texts else text_id
        label = QCoreApplication.translate("ReportDocument", "编辑{name}").format(name=name)
        self.undo_stack.push(EditCommand(self, label, [Step("text", text_id, old, text)]))

    def set_note(self, key: str, note: str | None, label: str) -> None:
        old = self.report.notes.get(key)
        if (old or None) == (note or None):
            return
        self.undo_stack.push(EditCommand(self, label, [Step("note", key, old, note or None)]))

    def set_meta(self, field: str, value: Any, label: str) -> None:
        """issuer, year or a meta field (published, address, …)."""
        old = self._get_meta(field)
        if old == value:
            return
        self.undo_stack.push(EditCommand(self, label, [Step("meta", field, old, value)]))

    def carry_from(self, last: Report) -> int:
        """Take last year's carried-over figures and keep last year as reference: one undo step
        of several parts (contact details, last year's report, the carried values)."""
        from ..core.carry import carried_meta, carried_values
        from ..core.report import Previous

        values = {c: v for c, v in carried_values(last, self.report.ed).items() if not self.is_computed(c)}
        meta = {k: v for k, v in carried_meta(last).items() if not self.report.meta.get(k)}   # never overwrite
        steps = [Step("meta", k, self._get_meta(k), v) for k, v in meta.items()]
        steps.append(Step("previous", "", self.report.previous, Previous.of(last)))
        real = self.engine.validate_changes(values)
        steps.append(Step("cells", "", {c: self.report.values.get(c) for c in real}, real))
        self.undo_stack.push(EditCommand(self, self.tr("从上年报告结转"), steps))
        return len(values)

    def fill_blanks_with_zero(self, section: str | None = None) -> int:
        """将空白单元格填为0 — one explicit, undoable action."""
        blanks = [c for c in self.report.blank_cells(section) if not self.is_computed(c)]
        if not blanks:
            return 0
        zero = {c: (V.normalize(0, "amount") if self.report.ed.cells[c].type == "amount" else 0) for c in blanks}
        self.set_cells(zero, self.tr("将空白单元格填为0"))
        return len(blanks)

    # -- writes: what the undo commands call (public; they change the report and tell the views) --
    def write(self, kind: str, key: str, value: Any) -> None:
        """One part of an edit: ``kind`` is cells (``value`` a dict of validated values), text,
        note, meta or previous."""
        if kind == "cells":
            self.write_cells(value)
        elif kind == "text":
            self.write_text(key, value)
        elif kind == "note":
            self.write_note(key, value)
        elif kind == "meta":
            self.write_meta(key, value)
        elif kind == "previous":
            self.write_previous(value)
        else:
            raise ValueError(kind)

    def write_cells(self, values: dict[str, V.Value | None]) -> None:
        """Validated values (set_cells validated them, or undo puts back what was there)."""
        delta = self.engine.apply(values)
        self.cellsChanged.emit(delta.cells)
        self.findingsChanged.emit(delta)

    def write_text(self, text_id: str, text: str) -> None:
        delta = self.engine.set_text(text_id, text)
        self.textChanged.emit(text_id, text)
        self.findingsChanged.emit(delta)

    def write_note(self, key: str, note: str | None) -> None:
        delta = self.engine.set_note(key, note)
        self.findingsChanged.emit(delta)

    def write_meta(self, field: str, value: Any) -> None:
        if field == "issuer":
            self.report.issuer = value
        elif field == "year":                   # rules that read the year (the narrative's years)
            delta = self.engine.set_year(value)
            self.metaChanged.emit()
            self.findingsChanged.emit(delta)
            return
        elif value in ("", None):
            self.report.meta.pop(field, None)
        else:
            self.report.meta[field] = value
        self.metaChanged.emit()

    def write_previous(self, previous: Any) -> None:
        """Last year's report (or None): the cross-year rules read it, so everything is checked."""
        changed = previous is not self.report.previous
        self.report.previous = previous
        self.engine.check_all()
        self.findingsChanged.emit(None)
        if changed:
            self.previousChanged.emit()

    def _get_meta(self, field: str) -> Any:
        if field == "issuer":
            return self.report.issuer
        if field == "year":
            return self.report.year
        return self.report.meta.get(field, "")

    def recheck_all(self) -> None:
        self.engine.check_all()
        self.findingsChanged.emit(None)


def file_stamp(path: Path) -> tuple | None:
    """Size, modification time and content hash of a file; None if it is not there."""
    import hashlib

    try:
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if st.st_size <= 64 * 1024 * 1024 else ""
    except OSError:
        return None
    return st.st_size, digest or st.st_mtime_ns


@dataclass(frozen=True)
class Step:
    """One part of an edit: what ``ReportDocument.write`` is given, before and after."""

    kind: str            # cells | text | note | meta | previous
    key: str             # the text id, note key or meta field ("" for cells and previous)
    old: Any
    new: Any


class EditCommand(QUndoCommand):
    """The one undo command: the steps of an edit, written through the document's public
    ``write`` (in order on redo, in reverse with the old values on undo). Typing, a paste, a
    fill, accepting a warning, editing a text or the report information, and carrying last
    year over (several steps) are all one such command.

    Consecutive typing in one text merges into one step, a word or a line at a time."""

    def __init__(self, doc: ReportDocument, label: str, steps: list[Step]):
        super().__init__(label)
        self.doc, self.steps = doc, list(steps)

    def redo(self) -> None:
        for s in self.steps:
            self.doc.write(s.kind, s.key, s.new)

    def undo(self) -> None:
        for s in reversed(self.steps):
            self.doc.write(s.kind, s.key, s.old)

    def _text_step(self) -> Step | None:
        return self.steps[0] if len(self.steps) == 1 and self.steps[0].kind == "text" else None

    def id(self) -> int:
        return TEXT_MERGE_ID if self._text_step() is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        mine = self._text_step()
        theirs = other._text_step() if isinstance(other, EditCommand) else None
        if mine is None or theirs is None or theirs.key != mine.key:
            return False
        # a word or a line at a time: merge small edits, start a new step at a paragraph break
        if theirs.new.count("\n") > mine.new.count("\n"):
            return False
        self.steps = [Step("text", mine.key, mine.old, theirs.new)]
        return True
