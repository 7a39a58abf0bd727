"""The formats a report can be imported from, declared once: :data:`FORMATS`.

Each line gives a format's suffixes, its name in Chinese, the function that reads it, and how
the read is bounded: whether it runs in the worker's child process (a time limit and a memory
limit, for the libraries that cannot bound themselves) and with which time limit. The limits
of a file's contents (sizes, parts, pages, rows) are constants in the reader's own module and in
limits.py, which every reader shares.

Everything that lists formats asks this list: ``importers.read_path`` (which reader, in which
process, and the refusal of any other file), ``core.worker`` (the child's time limit and the
words of its messages), the command line (the files of a folder it reads) and the window's
file dialogs (``ui/import_dialog.SOURCE_FILTER``).

A new format is a module in this package with ``read(path) -> ImportResult`` (pdf.py is a short
one) and its line below.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import docx, office, own_file, pdf, saved, text, xlsx
from .result import ImportResult

CAUSE = "文件结构异常"          # why a stopped child was stopped, unless a format says otherwise


@dataclass(frozen=True)
class ImportFormat:
    kind: str                                   # ImportResult.kind of what it reads
    name: str                                   # in Chinese: 从{name}“报告.docx”读到…
    suffixes: tuple[str, ...]                   # offered in the file dialogs; the first is named in refusals
    read: Callable[[Path], ImportResult]        # the reader: the file, in this process
    isolated: bool = False                      # read in the worker's child process (time and memory limits)
    seconds: Callable[[], float] | None = None  # the child's time limit, read at each read (None: worker.READ_SECONDS)
    cause: str = CAUSE                          # why the child was likely stopped, in its messages
    also: tuple[str, ...] = ()                  # suffixes read as well, not offered in the file dialogs
    cancellable: bool = False                   # read(path, cancel=event): it stops when 取消 is pressed


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat("govreport", "年报文件", (".govreport",), own_file.read, also=(".json",)),
    ImportFormat("docx", "Word 文档", (".docx",), docx.read, isolated=True),
    ImportFormat("xlsx", "Excel 工作簿", (".xlsx",), xlsx.read, isolated=True, also=(".xlsm",)),
    ImportFormat("pdf", "PDF", (".pdf",), pdf.read, isolated=True, seconds=pdf.time_limit, cause="PDF 结构异常"),
    ImportFormat("text", "文本", (".txt",), text.read, also=(".text",)),
    ImportFormat("html", "网页", (".html", ".htm"), saved.read_page, also=(".shtml", ".xhtml")),
    ImportFormat("mht", "保存的网页", (".mht", ".mhtml"), saved.read_mht),
    # converted by LibreOffice (a process of its own, with its own time limit), then read as .docx/.xlsx
    ImportFormat("doc", "旧版 Word 文档", (".doc", ".wps"), office.read_doc, cancellable=True),
    ImportFormat("xls", "旧版 Excel 工作簿", (".xls", ".et"), office.read_xls, cancellable=True),
)

_BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes + f.also}


def by_suffix(suffix: str) -> ImportFormat | None:
    """The format a file with this suffix (".DOCX" as ".docx") is read as; None: not readable."""
    return _BY_SUFFIX.get(suffix.lower())


def for_path(path: str | os.PathLike) -> ImportFormat | None:
    """The format ``path`` is read as, by its suffix; None: not readable."""
    return by_suffix(Path(path).suffix)


def by_kind(kind: str) -> ImportFormat | None:
    return next((f for f in FORMATS if f.kind == kind), None)


def suffixes() -> tuple[str, ...]:
    """Every suffix read (a folder's report files are those with one of them)."""
    return tuple(_BY_SUFFIX)


def offered() -> tuple[str, ...]:
    """The suffixes the file dialogs offer, in order."""
    return tuple(s for f in FORMATS for s in f.suffixes)


def readable() -> str:
    """What a refusal says can be read: ".govreport .docx .xlsx .pdf .txt .html"."""
    return " ".join(f.suffixes[0] for f in FORMATS)
