"""The open report as Qt sees it: the core model and engine, an undo stack, signals.

Every change a person makes goes through one undo command here, :class:`EditCommand` —
typing a value, a paste, clearing, filling blanks with 0, accepting a
warning, editing text or report information, carrying last year over — so each
is one undo step. The report, its engine and the edits' steps are the core's
(``core/document.py``, no Qt); this object adds the undo stack and the signals
that tell the views, and is the window's one door to the core. A value is
validated once, when the change is asked for. Views never change the report
themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import values as V
from ..core.document import Delta, Document, Finding, Step, errors_of, wrong_printed_totals
from ..core.report import Report

__all__ = ["ReportDocument", "EditCommand", "Step", "Delta", "Finding", "errors_of", "wrong_printed_totals"]

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
        self.core = Document(report, compute_totals=compute_totals)     # the report and its engine, no Qt
        self.report = report
        self.engine = self.core.engine
        self.path = Path(path) if path else None
        self.read_only = read_only                  # a report shown for review (import), not edited
        self.sources = sources or {}                # cell id -> the text it was read from
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
        return self.core.findings()

    def counts(self) -> dict[str, int]:
        return self.core.counts()

    def balance(self) -> list[tuple[str, str, V.Value | None, V.Value | None]]:
        """Per column of the table the data calls "balance": column, name, both sides (or None)."""
        return self.core.balance()

    def is_computed(self, cell_id: str) -> bool:
        return self.core.is_computed(cell_id)

    def value(self, cell_id: str) -> V.Value | None:
        return self.core.value(cell_id)

    # -- changes (each one undo step) -------------------------------------------
    def _push(self, label: str, steps: list) -> bool:
        steps = [st for st in steps if st is not None]
        if not steps:
            return False
        self.undo_stack.push(EditCommand(self, label, steps))
        return True

    def set_cells(self, changes: dict[str, V.Value | None], label: str, parsed: bool = False) -> bool:
        """Change cells as one step (typing, a paste, clearing, filling): validated here, once
        (``parsed``: by :func:`values.parse` already); refuses (ValueInputError) before
        changing anything."""
        return self._push(label, [self.core.cells_step(changes, parsed)])

    def set_text(self, text_id: str, text: str) -> None:
        name = self.report.ed.texts[text_id].name if text_id in self.report.ed.texts else text_id
        label = QCoreApplication.translate("ReportDocument", "编辑{name}").format(name=name)
        self._push(label, [self.core.text_step(text_id, text)])

    def set_note(self, key: str, note: str | None, label: str) -> None:
        self._push(label, [self.core.note_step(key, note)])

    def set_meta(self, field: str, value: Any, label: str) -> None:
        """issuer, year or a meta field (published, address, …)."""
        self._push(label, [self.core.meta_step(field, value)])

    def carry_from(self, last: Report) -> int:
        """Take last year's carried-over figures and keep last year as reference: one undo step
        of several parts (contact details, last year's report, the carried values)."""
        steps, n = self.core.carry_steps(last)
        self._push(self.tr("从上年报告结转"), steps)
        return n

    def fill_from_ledger(self, values: dict[str, V.Value], provenance: dict) -> bool:
        """从台账统计 → 填入报告: the counted cells and the registers they came from, one undo step."""
        return self._push(self.tr("从台账统计"), self.core.ledger_steps(values, provenance))

    def fill_blanks_with_zero(self, section: str | None = None) -> int:
        """将空白单元格填为0 — one explicit, undoable action."""
        blanks = [c for c in self.report.blank_cells(section) if not self.is_computed(c)]
        if not blanks:
            return 0
        zero = {c: (V.normalize(0, "amount") if self.report.ed.cells[c].type == "amount" else 0) for c in blanks}
        self.set_cells(zero, self.tr("将空白单元格填为0"))
        return len(blanks)

    # -- writing: what the undo command calls; the core writes, the views are told --------
    def write(self, kind: str, key: str, value: Any) -> None:
        done = self.core.write(kind, key, value)
        if kind == "cells":
            self.cellsChanged.emit(done.delta.cells)
        elif kind == "text":
            self.textChanged.emit(key, value)
        if done.meta:
            self.metaChanged.emit()
        if kind != "meta" or key == "year":
            self.findingsChanged.emit(done.delta)
        if done.previous:
            self.previousChanged.emit()

    def recheck_all(self) -> None:
        self.core.recheck_all()
        self.findingsChanged.emit(None)

    def set_packs(self, packs) -> None:
        """Check with these local rule packs from now on (not an edit of the report: no undo step);
        RulePackError when one cannot be used for this report's edition (nothing changed)."""
        self.core.set_packs(packs)
        self.findingsChanged.emit(None)

    @property
    def packs(self) -> list:
        return list(self.engine.packs)


def file_stamp(path: Path) -> tuple | None:
    """Size, modification time and content hash of a file; None if it is not there."""
    import hashlib

    try:
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if st.st_size <= 64 * 1024 * 1024 else ""
    except OSError:
        return None
    return st.st_size, digest or st.st_mtime_ns


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
