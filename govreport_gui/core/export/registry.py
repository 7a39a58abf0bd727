"""The formats a report can be exported to, declared once: :data:`FORMATS`.

Each line gives a format's kind and suffix, its names in Chinese, the function that writes it,
and its place in the window's 文件 menu. Everything that lists export formats asks this list:
the command line's ``export`` (the output's suffix tells the format; the refusal of any other),
``core.worker`` (the child that writes the file), ``text_changes`` (what a format cannot hold,
said in its words) and the window (the 文件 menu's 导出… actions, named ``actExport`` + the
kind, and the save dialog's filter).

A new format is a module in this package with ``export(report, path, blank=…, force=…)``
returning its notes (xlsx.py), and here its writer and its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ExportFormat:
    kind: str                   # what worker.export_isolated and text_changes are told: "docx"
    suffix: str                 # the output file's: ".docx"
    name: str                   # the document, in Chinese: the save dialog's “Word 文档 (*.docx)”
    program: str                # what opens it: 导出 Word（.docx）… (the command line), 用自定义模板导出Word…
    written: str                # as the notes say it: “…无法写入 Word，已删去” (text_changes)
    write: Callable             # write(report, path, blank=…, force=…[, template=…]): the file written; its notes
    menu: str                   # the 文件 menu's action: “导出Word(&W)…” (its name: actExport + Kind)
    shortcut: str = ""          # the action's: "Ctrl+E"
    template: bool = False      # takes a Word template (--template, 用自定义模板导出…)

    def export(self, report, path: str | os.PathLike, *, template: str | os.PathLike | None = None,
               blank: str = "empty", force: bool = False):
        """Write ``report`` to ``path`` in this format, in this process (core.worker runs this in its
        child); the writer's notes."""
        if self.template:
            return self.write(report, path, template=template, blank=blank, force=force)
        return self.write(report, path, blank=blank, force=force)


# The writers import their module only when they write: a document library is heavy, and the
# command line's other commands never need one. An import statement, not a name in a string:
# the built program holds the modules that imports name.
def _docx(report, path, **options):
    from . import docx

    return docx.export(report, path, **options)


def _xlsx(report, path, **options):
    from . import xlsx

    return xlsx.export(report, path, **options)


def _html(report, path, **options):
    from . import html

    return html.export(report, path, **options)


def _pdf(report, path, **options):
    # laid out and printed by Qt: a module of the window's layer (no Qt in the core), imported
    # only here, when a PDF is written (in the worker child, which then starts Qt offscreen)
    from ...ui import pdf_export

    return pdf_export.export(report, path, **options)


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("docx", ".docx", "Word 文档", "Word", " Word", _docx, "导出Word(&W)…", "Ctrl+E", template=True),
    ExportFormat("xlsx", ".xlsx", "Excel 工作簿", "Excel", " Excel 工作表", _xlsx, "导出Excel(&X)…", "Ctrl+Shift+E"),
    ExportFormat("html", ".html", "网页", "网页", "网页", _html, "导出网页(&H)…"),
    ExportFormat("pdf", ".pdf", "PDF 文档", "PDF", " PDF", _pdf, "导出PDF(&P)…"),
)


def by_kind(kind: str) -> ExportFormat | None:
    return next((f for f in FORMATS if f.kind == kind), None)


def by_suffix(suffix: str) -> ExportFormat | None:
    """The format an output file with this suffix (".XLSX" as ".xlsx") is written in; None: none."""
    return next((f for f in FORMATS if f.suffix == suffix.lower()), None)


def either(words: list[str]) -> str:
    """Alternatives in a message: “a 或 b”, “a、b 或 c” (no space after a full-width bracket:
    “Word（.docx）或 Excel（.xlsx）”)."""
    if len(words) < 2:
        return "".join(words)
    head = "、".join(words[:-1])
    return f"{head}{'' if head.endswith('）') else ' '}或 {words[-1]}"


def templated() -> str:
    """What a template is for, in a refusal: “Word 文档（.docx）”."""
    return either([f"{f.name}（{f.suffix}）" for f in FORMATS if f.template])
