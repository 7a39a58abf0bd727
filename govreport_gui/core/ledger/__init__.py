"""Counting sections 三 and 四 from an office's registers (台账), so no clerk counts by hand.

Offices keep a register of every application for government information through the year (one
row per application: applicant type, date received, date answered, how it was answered), and a
register of 行政复议 and 行政诉讼 cases. This package reads them and counts the tables from them
exactly as the official tables define their rows, so the tables balance by construction, and
every number comes with the register rows behind it.

- :func:`read_register` reads a register file (.xlsx, .xls/.et, .csv, a web system's HTML
  export) into a :class:`Register`: its header found by the columns' names, its rows as
  :class:`Entry` (register.py, sheet.py, xlsx.py, dates.py).
- :func:`count_applications` counts section 三 for a year (count.py), :func:`count_cases`
  section 四 (cases.py). Words that name no row or column of the table, or several, are listed
  (``unmatched``), never guessed; a mapping chosen by the clerk settles them
  (:func:`load_mapping`, :func:`save_mapping`; vocab.py).
- :func:`compare_carried` compares this year's 二、上年结转 with last year's
  四、结转下年度继续办理 (R5), naming the register rows behind the difference.
- :func:`report_values` and :func:`filled` put the counts into a report (a copy).

The vocabulary — which words name which row or column — is the edition's data: the tables'
printed labels and the ``ledger`` block of the edition file (core/edition.py). Nothing here
needs Qt; nothing here changes a report it is given. Every failure is a :class:`LedgerError`
with a Chinese message (or :class:`~govreport_gui.core.errors.Cancelled` when ``cancel`` is set).
"""

from .cases import CaseCount, count_cases
from .count import (ApplicationCount, CarryDifference, Count, LeftOut, Unmatched, compare_carried,
                    count_applications, filled, report_values)
from .dates import NotADate, parse_date
from .limits import LedgerError
from .register import APPLICATION_FIELDS, CASE_FIELDS, Entry, Field, Ignored, Register, read_register
from .vocab import (KIND_NAMES, Mapping, Vocabulary, applications_vocabulary, cases_vocabulary, check_mapping,
                    load_mapping, save_mapping, skeleton)

__all__ = [
    "APPLICATION_FIELDS", "CASE_FIELDS", "KIND_NAMES",
    "ApplicationCount", "CarryDifference", "CaseCount", "Count", "Entry", "Field", "Ignored", "LedgerError",
    "LeftOut", "Mapping", "NotADate", "Register", "Unmatched", "Vocabulary",
    "applications_vocabulary", "cases_vocabulary", "check_mapping", "compare_carried", "count_applications",
    "count_cases", "filled", "load_mapping", "parse_date", "read_register", "report_values", "save_mapping",
    "skeleton",
]
