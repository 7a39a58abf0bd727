"""Blank totals in every export (issue 15, defect 2): a total the report leaves blank whose parts
are known prints as their sum in Word as Excel's formula shows it — never 0 or blank in one
export and the total in the other; a total whose parts are all blank stays blank (0 with
--blank zero)."""

from __future__ import annotations

import pytest

from govreport_gui.core import native
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import read_path
from govreport_gui.core.rules import compiled, compute_totals

from conftest import DEMO


def without_totals():
    r = native.load(DEMO)
    totals = set(compiled(r.ed).computed)
    for c in totals:
        r.values.pop(c, None)
    return r, totals


@pytest.mark.parametrize("blank", ["zero", "empty"])
def test_blank_totals_print_as_computed_in_word_and_excel_alike(tmp_path, blank):
    r, totals = without_totals()
    want = r.copy()
    compute_totals(want)
    assert {c for c in totals if want.values.get(c) is not None}      # the parts are known
    out = tmp_path / "年报.docx"
    export_docx.export(r, out, blank=blank)
    got = read_path(out).report.values                             # the totals as Word prints them
    assert {c: got.get(c) for c in totals} == {c: want.values.get(c) for c in totals}
    written = export_xlsx.written_values(r, blank)                  # Excel: the sum of the same parts
    assert all(written[c][0] == "formula" and "SUM(" in written[c][1] for c in totals)


def test_a_total_whose_parts_are_all_blank_stays_blank_or_zero(tmp_path):
    r, _ = without_totals()
    row = [c for c in r.ed.cells if c.startswith("s3.granted.")]
    for c in row:
        r.values.pop(c, None)
    out = tmp_path / "年报.docx"
    export_docx.export(r, out, blank="empty")
    assert read_path(out).report.values.get("s3.granted.total") is None
    export_docx.export(r, out, blank="zero")
    assert read_path(out).report.values.get("s3.granted.total") == 0
