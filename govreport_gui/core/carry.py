"""Starting this year's report from last year's (formats.md §7, in our words).

- the edition is the new year's (unless one is asked for);
- issuer and contact details (meta) are copied; a contact detail last year's
  report does not hold as a field (a report read from a PDF, Word or web page
  prints them only in its text) is read from last year's preface, then from
  its other texts (:func:`contacts.extract_contacts`, which never guesses);
- the preface is copied with last year's statistics year replaced by the new one;
- ``s3.carried_in.c`` <- last year's ``s3.carried_out.c`` for all columns,
  across editions (the columns are the same in 2019 and 2021);
- 2019 -> 2019: ``s2.x.prev_items`` <- last year's ``prev_items + change``;
- last year's figures and narrative are kept in ``previous`` for the
  cross-year rules and for showing last year beside this year — never pasted
  into this year's text.
"""

from __future__ import annotations

from . import edition as editions
from .contacts import extract_contacts
from .report import Previous, Report, new_report
from .rules import compute_totals
from .errors import GovReportError

CARRIED_META = ("address", "postcode", "phone", "email", "website", "contact")


def carried_values(last: Report, target: editions.Edition) -> dict[str, object]:
    """The values this year's report takes from last year's."""
    out: dict[str, object] = {}
    for cid, cd in target.cells.items():
        if cd.section == "s3" and cd.row == "carried_in":
            v = last.values.get(f"s3.carried_out.{cd.col}")
            if v is not None:
                out[cid] = v
    if last.edition == "2019" and target.id == "2019":
        for cid, cd in target.cells.items():
            if cd.section == "s2" and cd.col == "prev_items":
                prev = last.values.get(cid)
                change = last.values.get(f"s2.{cd.row}.change")
                if prev is not None or change is not None:
                    out[cid] = max((prev or 0) + (change or 0), 0)
    return out


def carried_meta(last: Report) -> dict[str, str]:
    """The contact details this year's report takes from last year's: its fields, else its text."""
    meta = {k: last.meta[k] for k in CARRIED_META if last.meta.get(k)}
    missing = [k for k in CARRIED_META if k not in meta]
    if missing:
        order = ["preface"] + [t for t in last.ed.texts if t != "preface"]
        order += [t for t in last.text if t not in order]
        for tid in order:
            for k, v in extract_contacts(last.text.get(tid) or "").items():
                if k in missing and k not in meta:
                    meta[k] = v
    return {k: meta[k] for k in CARRIED_META if k in meta}


def start_from(last: Report, year: int | None = None, issuer: str | None = None,
               edition: str | None = None) -> Report:
    """A new report for ``year`` (default: the year after ``last``) carrying ``last`` over."""
    year = year if year is not None else last.year + 1
    if year <= last.year:
        raise GovReportError(f"新报告的年份（{year}）应晚于上年报告的年份（{last.year}）")
    report = new_report(year, issuer or last.issuer, edition)
    report.meta = carried_meta(last)
    preface = last.text.get("preface") or ""
    if preface.strip():
        report.text["preface"] = preface.replace(f"{last.year}年", f"{year}年")
    report.values.update(carried_values(last, report.ed))
    report.previous = Previous(year=last.year, edition=last.edition, issuer=last.issuer,
                               values=dict(last.values),
                               text={k: v for k, v in last.text.items() if v})
    compute_totals(report)
    return report
