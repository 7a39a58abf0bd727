"""What the review of an import lists, once, for the window and the command line.

The window's review (``ui/import_dialog.py``) lists these lines under the tables it shows;
``govreport import``, ``show`` and ``check`` print the same lines on stderr, so the command line
never hides that a figure was moved or read in an unusual way (issue 14, item 6):

1. what could not be placed (``ImportResult.problems``): 未能放置;
2. what was read in an unusual way (``ImportResult.notes``: a label read as a variant, （六）
   printed as one row and counted as 3.其他 …): 注意;
3. the imported report's own findings, printed totals checked as printed (``rules.check``, no
   totals computed), blank cells left to the next line: 原文错误 for an error, 原文提示 for a
   warning, such as rule H2's number in the text that contradicts the table;
4. how many cells were left blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from .. import rules

if TYPE_CHECKING:
    from ..rules import Finding
    from .result import ImportResult

PROBLEM = "未能放置"
NOTE = "注意"
ERROR = "原文错误"
WARNING = "原文提示"
BLANKS = "空白"

BLANKS_ROLE = "blanks"          # the rule role whose findings are the blank cells (docs/editions.md)


class ReviewLine(NamedTuple):
    """One line of the review: its kind (one of the words above) and what it says in Chinese,
    without the kind word ("H2：…" for a finding); ``count``: the blank cells, for BLANKS."""

    kind: str
    text: str
    count: int = 0

    def __str__(self) -> str:
        """The line as the review lists it: 未能放置：…, 注意：…, 原文提示 H2：…, 有 N 个单元格…"""
        if self.kind == BLANKS:
            return self.text
        if self.kind in (ERROR, WARNING):
            return f"{self.kind} {self.text}"
        return f"{self.kind}：{self.text}"


def review_lines(result: "ImportResult", findings: "list[Finding] | None" = None) -> list[ReviewLine]:
    """Every line of the review of ``result``, in the order it is listed. ``findings``: the
    imported report's findings when the caller has them already (the window's read-only
    document); otherwise they are checked here, as printed."""
    report = result.report
    out = [ReviewLine(PROBLEM, p) for p in result.problems]
    out += [ReviewLine(NOTE, n) for n in result.notes]
    if findings is None:
        findings = rules.check(report)
    out += [ReviewLine(ERROR if f.severity == "error" else WARNING, f"{f.rule}：{f.message}")
            for f in findings if f.role != BLANKS_ROLE]
    blanks = len(report.blank_cells())
    if blanks:
        out.append(ReviewLine(BLANKS, f"有 {blanks} 个单元格没有读到数，导入后保持空白", blanks))
    return out
