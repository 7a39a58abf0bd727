"""The open report's one door (ui/document.py): every edit is one EditCommand over public
writes, a typed value is validated once, and the findings list changes only where an edit
changed findings."""

from __future__ import annotations

from govreport_gui.core import carry, native
from govreport_gui.core import values as V
from govreport_gui.ui.document import EditCommand
from govreport_gui.ui.findings import KeyRole

from conftest import DEMO
from test_gui import goto, type_into


def list_texts(panel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def by_key(panel) -> dict[str, object]:
    return {panel.list.item(i).data(KeyRole): panel.list.item(i) for i in range(panel.list.count())}


def test_typing_touches_only_the_findings_it_changes(qtbot, window):
    """Two columns out of balance; one finding selected; a keystroke elsewhere adds findings:
    the items already there stay the same items (their text updated where the finding changed),
    the selection stays, and the list reads as a rebuilt one would."""
    panel = window.findings
    view = goto(window, "s3", "s3.new.natural")
    type_into(qtbot, view, "999")
    view = goto(window, "s3", "s3.new.business")
    type_into(qtbot, view, "888")
    before = by_key(panel)
    assert len(before) >= 2
    panel.list.setCurrentRow(0)
    chosen = panel.list.currentItem()

    view = goto(window, "s3", "s3.new.research")
    type_into(qtbot, view, "777")
    after = by_key(panel)
    assert set(after) > set(before)                                     # the research column's R1 came
    assert all(after[k] is item for k, item in before.items() if k in after)   # not rebuilt
    assert panel.list.currentItem() is chosen
    shown = list_texts(panel)
    panel.refresh(None)                                                 # what a full rebuild shows
    assert list_texts(panel) == shown


def test_a_typed_value_is_validated_once(qtbot, window, monkeypatch):
    calls: list[str] = []
    real = V.validate
    monkeypatch.setattr(V, "validate", lambda value, vtype: calls.append(vtype) or real(value, vtype))
    view = goto(window, "s3", "s3.new.natural")
    type_into(qtbot, view, "12")
    assert window.doc.value("s3.new.natural") == 12
    assert len(calls) == 1
    calls.clear()
    window.doc.undo_stack.undo()                                         # undo puts back what was there
    window.doc.undo_stack.redo()
    assert calls == [] and window.doc.value("s3.new.natural") == 12


def test_carrying_last_year_over_is_one_command_of_several_steps(window):
    last = native.load(DEMO)
    this_year = carry.start_from(last, 2025)
    window.load_report(this_year, None)
    doc = window.doc
    for cid in list(doc.report.values):
        if cid.startswith("s3.carried_in."):
            doc.report.values.pop(cid)
    doc.report.previous = None
    doc.recheck_all()
    depth = doc.undo_stack.count()
    n = doc.carry_from(last)
    assert n > 0 and doc.undo_stack.count() == depth + 1
    cmd = doc.undo_stack.command(depth)
    assert isinstance(cmd, EditCommand)
    assert {s.kind for s in cmd.steps} >= {"previous", "cells"}
    assert doc.report.previous is not None
    assert doc.value("s3.carried_in.total") == last.values["s3.carried_out.total"]
    doc.undo_stack.undo()
    assert doc.report.previous is None and doc.value("s3.carried_in.natural") is None
