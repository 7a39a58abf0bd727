"""core/document.py without Qt: an edit is planned (validated once) into steps, written
forwards, and undone by writing the old values back."""

from __future__ import annotations

import pytest

from govreport_gui.core import native
from govreport_gui.core.document import Document
from govreport_gui.core.errors import ValueInputError

from conftest import DEMO


def replay(doc: Document, steps, backwards: bool = False) -> None:
    for st in (reversed(steps) if backwards else steps):
        doc.write(st.kind, st.key, st.old if backwards else st.new)


def test_a_planned_edit_changes_nothing_until_written_and_undoes_whole():
    doc = Document(native.load(DEMO))
    before = dict(doc.report.values)
    step = doc.cells_step({"s3.new.natural": 999, "s3.new.business": 888})
    assert doc.report.values == before                                   # planned only
    replay(doc, [step])
    assert doc.value("s3.new.natural") == 999 and doc.value("s3.new.total") != before["s3.new.total"]
    assert any(f.role == "balance" for f in doc.findings())
    replay(doc, [step], backwards=True)
    assert doc.report.values == before and not any(f.role == "balance" for f in doc.findings())


def test_a_bad_value_or_a_total_is_refused_when_planned():
    doc = Document(native.load(DEMO))
    with pytest.raises(ValueInputError, match="合计"):
        doc.cells_step({"s3.new.total": 5})
    with pytest.raises(ValueInputError):
        doc.cells_step({"s3.new.natural": -1})
    assert doc.cells_step({"s3.new.natural": doc.value("s3.new.natural")}) is None    # no change: no step


def test_carrying_over_is_steps_of_several_kinds():
    last = native.load(DEMO)
    from govreport_gui.core.report import new_report
    doc = Document(new_report(2025, last.issuer))
    steps, n = doc.carry_steps(last)
    assert n > 0 and [st.kind for st in steps][-2:] == ["previous", "cells"]
    replay(doc, steps)
    assert doc.report.previous is not None and doc.value("s3.carried_in.natural") == last.values["s3.carried_out.natural"]
    replay(doc, steps, backwards=True)
    assert doc.report.previous is None and doc.value("s3.carried_in.natural") is None


def test_filling_from_registers_is_one_step_with_its_record_and_undoes_whole():
    """从台账统计 planned without a view: the counted cells (never a computed total) and the record
    of the registers are one edit; writing the steps' old values back restores both."""
    from govreport_gui.core.document import Document
    from govreport_gui.core.report import new_report

    doc = Document(new_report(2024, "某某局", "2021"))
    record = {"applications": {"file": "台账.xlsx", "sha256": "0" * 64}}
    steps = doc.ledger_steps({"s3.new.natural": 2, "s3.new.total": 2, "s3.granted.natural": 1}, record)
    assert [s.kind for s in steps] == ["cells", "extra"]
    assert "s3.new.total" not in steps[0].new                      # the engine computes the total
    for s in steps:
        doc.write(s.kind, s.key, s.new)
    assert doc.value("s3.new.natural") == 2 and doc.value("s3.new.total") == 2
    assert doc.report.extra["ledger"] == record
    for s in reversed(steps):
        doc.write(s.kind, s.key, s.old)
    assert doc.value("s3.new.natural") is None and "ledger" not in doc.report.extra
