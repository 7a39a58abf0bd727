"""The report model: pure data, no Qt.

A blank cell is a missing key in :attr:`Report.values` — never 0. Counts are
``int``, amounts ``Decimal``. ``previous`` holds last year's figures and text
for the cross-year rules and for showing last year beside this year.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from . import edition as editions
from . import values as V
from .errors import GovReportError, ValueInputError
from .values import YEAR_MAX, YEAR_MIN  # noqa: F401  (what a .govreport file may hold; others import it here)

# the report-information fields; a typed value is checked with meta_problem (contacts.py)
META_FIELDS = {
    "published": "发布日期",
    "address": "通讯地址",
    "postcode": "邮政编码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "website": "网站",
    "contact": "联系人",
}


@dataclass
class Previous:
    """Last year's report, as far as it is known."""

    year: int | None = None
    edition: str | None = None
    issuer: str | None = None
    values: dict[str, V.Value] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, last: "Report") -> "Previous":
        """Last year's report kept beside this year's: its figures and its texts that say anything."""
        return cls(year=last.year, edition=last.edition, issuer=last.issuer, values=dict(last.values),
                   text={k: v for k, v in last.text.items() if v})


@dataclass
class Report:
    edition: str
    year: int
    issuer: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    values: dict[str, V.Value] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    previous: Previous | None = None
    extra: dict[str, Any] = field(default_factory=dict)   # unknown keys, kept on save

    # -- edition ----------------------------------------------------------
    @property
    def ed(self) -> editions.Edition:
        return editions.get(self.edition)

    @property
    def title(self) -> str:
        return self.ed.report_title(self.issuer, self.year)

    # -- values -----------------------------------------------------------
    def get(self, cell_id: str) -> V.Value | None:
        return self.values.get(cell_id)

    def set(self, cell_id: str, value: V.Value | None) -> None:
        """Store a value (None clears the cell); refuses invalid values."""
        cd = self.ed.cells.get(cell_id)
        if cd is None:
            raise ValueInputError(f"未知的单元格 {cell_id}")
        if value is None:
            self.values.pop(cell_id, None)
            return
        problem = V.validate(value, cd.type)
        if problem:
            raise ValueInputError(f"{cd.place}{problem}")
        self.values[cell_id] = V.normalize(value, cd.type)

    def blank_cells(self, section: str | None = None) -> list[str]:
        return [c for c, cd in self.ed.cells.items()
                if c not in self.values and (section is None or cd.section == section)]

    def previous_value(self, cell_id: str) -> V.Value | None:
        return self.previous.values.get(cell_id) if self.previous else None

    def copy(self) -> "Report":
        return copy.deepcopy(self)


def check_year(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise GovReportError(f"年份 {year} 不合理（应在 {YEAR_MIN}—{YEAR_MAX} 之间）")


def new_report(year: int, issuer: str, edition: str | None = None) -> Report:
    """An empty report for ``year``; the edition defaults to the year's."""
    check_year(year)
    ed = editions.get(edition) if edition else editions.for_year(year)
    r = Report(edition=ed.id, year=year, issuer=issuer)
    template = ed.texts["preface"].template
    r.text = {tid: "" for tid in ed.texts}
    if template:
        r.text["preface"] = template.format(year=year, issuer=issuer or "本机关")
    return r
