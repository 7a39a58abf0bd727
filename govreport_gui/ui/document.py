"""The open report as Qt sees it: the core model and engine, an undo stack, signals.

Every change a person makes goes through one :class:`QUndoCommand` here —
typing a value, a paste, clearing, filling blanks with 0, accepting a
warning, editing text or report information — so each is one undo step.
Views never change the report themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import values as V
from ..core.report import Report
from ..core.rules import Engine, Finding, balance_status, check

__all__ = ["ReportDocument", "Finding", "wrong_printed_totals"]


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
    def set_cells(self, changes: dict[str, V.Value | None], label: str) -> bool:
        """Change cells as one step; refuses (ValueInputError) before changing anything."""
        real = self.engine.validate_changes(changes)
        if not real:
            return False
        old = {c: self.report.values.get(c) for c in real}
        self.undo_stack.push(_CellsCommand(self, old, real, label))
        return True

    def set_text(self, text_id: str, text: str) -> None:
        old = self.report.text.get(text_id, "")
        if old == text:
            return
        self.undo_stack.push(_TextCommand(self, text_id, old, text))

    def set_note(self, key: str, note: str | None, label: str) -> None:
        old = self.report.notes.get(key)
        if (old or None) == (note or None):
            return
        self.undo_stack.push(_NoteCommand(self, key, old, note or None, label))

    def set_meta(self, field: str, value: Any, label: str) -> None:
        """issuer, year or a meta field (published, address, …)."""
        old = self._get_meta(field)
        if old == value:
            return
        self.undo_stack.push(_MetaCommand(self, field, old, value, label))

    def carry_from(self, last: Report) -> int:
        """Take last year's carried-over figures and keep last year as reference: one undo step."""
        from ..core.carry import carried_meta, carried_values
        from ..core.report import Previous

        values = {c: v for c, v in carried_values(last, self.report.ed).items() if not self.is_computed(c)}
        previous = Previous.of(last)
        meta = {k: v for k, v in carried_meta(last).items() if not self.report.meta.get(k)}   # never overwrite
        self.undo_stack.push(_CarryCommand(self, values, previous, meta, self.tr("从上年报告结转")))
        return len(values)

    def _apply_carry(self, values: dict, previous, meta: dict) -> None:
        for k, v in meta.items():
            if v in ("", None):
                self.report.meta.pop(k, None)
            else:
                self.report.meta[k] = v
        if meta:
            self.metaChanged.emit()
        changed_previous = previous is not self.report.previous
        self.report.previous = previous
        self.engine.set_values(values)
        self.engine.check_all()
        self.cellsChanged.emit(dict(values))
        self.findingsChanged.emit(None)
        if changed_previous:
            self.previousChanged.emit()

    def fill_blanks_with_zero(self, section: str | None = None) -> int:
        """将空白单元格填为0 — one explicit, undoable action."""
        blanks = [c for c in self.report.blank_cells(section) if not self.is_computed(c)]
        if not blanks:
            return 0
        zero = {c: (V.normalize(0, "amount") if self.report.ed.cells[c].type == "amount" else 0) for c in blanks}
        self.set_cells(zero, self.tr("将空白单元格填为0"))
        return len(blanks)

    # -- applied by the commands ---------------------------------------------------
    def _apply_cells(self, changes: dict[str, V.Value | None]) -> None:
        delta = self.engine.set_values(changes)
        self.cellsChanged.emit(delta.cells)
        self.findingsChanged.emit(delta)

    def _apply_text(self, text_id: str, text: str) -> None:
        delta = self.engine.set_text(text_id, text)
        self.textChanged.emit(text_id, text)
        self.findingsChanged.emit(delta)

    def _apply_note(self, key: str, note: str | None) -> None:
        delta = self.engine.set_note(key, note)
        self.findingsChanged.emit(delta)

    def _get_meta(self, field: str) -> Any:
        if field == "issuer":
            return self.report.issuer
        if field == "year":
            return self.report.year
        return self.report.meta.get(field, "")

    def _apply_meta(self, field: str, value: Any) -> None:
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


class _CellsCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, old: dict, new: dict, label: str):
        super().__init__(label)
        self.doc, self.old, self.new = doc, old, new

    def redo(self) -> None:
        self.doc._apply_cells(self.new)

    def undo(self) -> None:
        self.doc._apply_cells(self.old)


class _TextCommand(QUndoCommand):
    """Typing in a narrative: consecutive typing in one text merges into one step."""

    def __init__(self, doc: ReportDocument, text_id: str, old: str, new: str):
        name = doc.report.ed.texts[text_id].name if text_id in doc.report.ed.texts else text_id
        super().__init__(QCoreApplication.translate("ReportDocument", "编辑{name}").format(name=name))
        self.doc, self.text_id, self.old, self.new = doc, text_id, old, new

    def id(self) -> int:
        return TEXT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _TextCommand) or other.text_id != self.text_id:
            return False
        # a word or a line at a time: merge small edits, start a new step at a paragraph break
        if other.new.count("\n") > self.new.count("\n"):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc._apply_text(self.text_id, self.new)

    def undo(self) -> None:
        self.doc._apply_text(self.text_id, self.old)


class _NoteCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, key: str, old: str | None, new: str | None, label: str):
        super().__init__(label)
        self.doc, self.key, self.old, self.new = doc, key, old, new

    def redo(self) -> None:
        self.doc._apply_note(self.key, self.new)

    def undo(self) -> None:
        self.doc._apply_note(self.key, self.old)


class _MetaCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, field: str, old: Any, new: Any, label: str):
        super().__init__(label)
        self.doc, self.field, self.old, self.new = doc, field, old, new

    def redo(self) -> None:
        self.doc._apply_meta(self.field, self.new)

    def undo(self) -> None:
        self.doc._apply_meta(self.field, self.old)


class _CarryCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, values: dict, previous, meta: dict, label: str):
        super().__init__(label)
        self.doc, self.new_values, self.new_previous, self.new_meta = doc, values, previous, meta
        self.old_values = {c: doc.report.values.get(c) for c in values}
        self.old_previous = doc.report.previous
        self.old_meta = {k: doc.report.meta.get(k) for k in meta}

    def redo(self) -> None:
        self.doc._apply_carry(self.new_values, self.new_previous, self.new_meta)

    def undo(self) -> None:
        self.doc._apply_carry(self.old_values, self.old_previous, self.old_meta)
