"""Export: the finished report as a Word document (.docx) and an Excel workbook (.xlsx).

Both refuse a report with errors unless forced, and both are told how to
print blank cells (``"empty"`` or ``"zero"``) — blank is never silently 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import values as V
from ..errors import GovReportError
from ..report import Report
from ..rules import Finding, check

BLANK_MODES = ("empty", "zero")
_HEADING2 = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]")


class ExportError(GovReportError):
    """The document could not be written (bad template, unwritable file…)."""


class ExportRefused(GovReportError):
    """The report has errors and the export was not forced."""

    def __init__(self, errors: list[Finding]):
        self.errors = errors
        lines = "；".join(f"{f.rule} {f.message}" for f in errors[:3])
        more = f"……共 {len(errors)} 个错误" if len(errors) > 3 else ""
        super().__init__(f"报告中有错误，未导出（如确需导出请使用“仍然导出”/--force）：{lines}{more}")


def refuse_if_errors(report: Report, force: bool) -> list[Finding]:
    """The report's findings; raises ExportRefused when it has errors and force is off."""
    findings = check(report)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not force:
        raise ExportRefused(errors)
    return findings


def cell_text(report: Report, cell_id: str, blank: str) -> str:
    """A value as printed in the document: digits as stored, blank per the blank mode."""
    cd = report.ed.cells[cell_id]
    v = report.values.get(cell_id)
    if v is None:
        return "0" if blank == "zero" else ""
    return V.display(v, cd.type)


@dataclass(frozen=True)
class Para:
    """A narrative paragraph: a level-2 heading part (（一）…) and the rest."""

    head: str
    rest: str

    @property
    def text(self) -> str:
        return self.head + self.rest

    @property
    def level(self) -> int:
        return 2 if self.head else 0


_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def printable(text: str) -> str:
    """Text a document can hold: control characters (not allowed in XML) removed,
    Word's manual line break (vertical tab) and form feeds turned into newlines."""
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def paragraphs(text: str) -> list[Para]:
    """Split a narrative into paragraphs, one per non-empty line.

    A line starting with （一）…（十） is a level-2 heading: when it goes on into
    body text, the heading part ends at the first 。 or ： (within 40 characters).
    """
    out: list[Para] = []
    for line in printable(text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _HEADING2.match(line)
        if not m:
            out.append(Para("", line))
            continue
        cut = -1
        for mark in ("。", "：", ":"):
            i = line.find(mark, m.end(), m.end() + 40)
            if i != -1 and (cut == -1 or i < cut):
                cut = i
        if cut != -1:
            out.append(Para(line[: cut + 1], line[cut + 1:]))
        elif len(line) <= 40:
            out.append(Para(line, ""))
        else:
            out.append(Para(m.group(0), line[m.end():]))
    return out


def published_date(report: Report) -> str:
    """``2025-01-20`` -> ``2025年1月20日`` (no leading zeros); empty when unknown."""
    d = str(report.meta.get("published") or "")
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", d)
    if not m:
        return ""
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
