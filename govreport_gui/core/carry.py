"""Starting this year's report from last year's (formats.md §7, in our words).

- the edition is the new year's (unless one is asked for);
- issuer and contact details (meta) are copied; a contact detail last year's
  report does not hold as a field (a report read from a PDF, Word or web page
  prints them only in its text) is read from last year's preface, then from
  its other texts (:func:`contacts.extract_contacts`, which never guesses);
- the preface is copied with last year's statistics year replaced by the new one;
- the cells the new edition's ``carry`` names (its data): 结转下年度 becomes this
  year's 上年结转, column by column, across editions; in the 2019 edition a row's
  上一年项目数量 is last year's plus its 本年增/减;
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
    """The values this year's report takes from last year's, as the new edition's data says
    (``carry``): each entry names a target cell pattern and the cells of last year's report it
    is the sum of, with ``{row}``/``{col}`` standing for the target's own row and column;
    ``from_editions`` limits it to last year's reports of those editions, ``floor`` bounds it."""
    out: dict[str, object] = {}
    for entry in target.carry:
        editions_from = entry.get("from_editions")
        if editions_from and last.edition not in editions_from:
            continue
        for cid, cd in target.cells.items():
            if not _matches(entry["to"], cd):
                continue
            parts = [last.values.get(_fill(src, cd)) for src in entry["from"]]
            known = [v for v in parts if v is not None]
            if not known:
                continue
            if len(entry["from"]) == 1:
                v = known[0]
            else:
                v = sum(known)
            if "floor" in entry:
                v = max(v, entry["floor"])
            out[cid] = v
    return out


def _fill(pattern: str, cd: editions.CellDef) -> str:
    return pattern.replace("{row}", cd.row).replace("{col}", cd.col)


def _matches(pattern: str, cd: editions.CellDef) -> bool:
    return _fill(pattern, cd) == cd.id


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
    report.previous = Previous.of(last)
    compute_totals(report)
    return report
