"""Reading a report from whatever form it survives in.

``read_path`` takes our ``.govreport``, our exported ``.xlsx``/``.docx``, a
hand-filled official Word template, someone else's spreadsheet in the
official layout, a published PDF, or text saved from a web page
(``.txt``/``.html``); ``read_text`` takes text pasted into the app.

Each gives an :class:`ImportResult`: the report as read (printed totals kept
as printed, so the rules check whether the published report adds up), where
each value came from, and what could not be placed.

Which formats there are, who reads each and in which process: registry.py. The readers:
own_file.py, docx.py, xlsx.py (with xlsx_formulas.py and own_xlsx.py), pdf.py, text.py; what
they all check first: limits.py and xmlcount.py; what they all end with: result.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GovReportError
from . import limits as L
from . import registry
from .limits import SourceError
from .result import ImportResult, assemble
from .text import read_text

# suffix -> kind, and kind -> its name in Chinese: the registry's, for those who look them up
KINDS = {s: registry.by_suffix(s).kind for s in registry.suffixes()}
KIND_NAMES = {f.kind: f.name for f in registry.FORMATS}
ISOLATED_KINDS = tuple(f.kind for f in registry.FORMATS if f.isolated)  # read in a child with time and memory limits


def read_path(path: str | os.PathLike, *, cancel=None) -> ImportResult:
    """Read any source the program understands; any failure is a Chinese message.

    Word, Excel and PDF files are read in a child process (``core.worker``) with a time limit
    (PDF 5 s, others 9 s) and a memory limit: their libraries cannot bound themselves, and a
    child can be stopped — also by ``cancel`` (a ``threading.Event``, the window's 取消).
    Our own .govreport files and text are read here: their readers count before they build.
    Which is which: the registry's ``isolated``.
    """
    from .. import worker

    fmt = registry.for_path(path)
    if fmt is not None and fmt.isolated and not worker.in_child():
        return worker.read_isolated(path, cancel=cancel)
    return read_path_here(path, cancel=cancel)


def read_path_here(path: str | os.PathLike, cancel=None) -> ImportResult:
    """:func:`read_path` in this process, without the child's limits (the child runs this).
    ``cancel`` reaches the formats that can stop (the registry's ``cancellable``)."""
    try:
        return _read_path(Path(path), cancel)
    except GovReportError:
        raise
    except RecursionError:
        raise SourceError(f"{Path(path).name} 的内部结构嵌套过深，无法读取") from None
    except MemoryError:
        raise SourceError(f"{Path(path).name} 过大或结构异常，内存不足，未读取") from None
    except Exception as e:  # a reader met a structure nobody foresaw: said in words, nothing imported
        raise SourceError(f"{Path(path).name} 无法读取（文件内部结构异常：{L.plain_reason(e)}）") from None


def _read_path(p: Path, cancel=None) -> ImportResult:
    fmt = registry.by_suffix(p.suffix)
    if fmt is None:
        L.check_size(p)
        raise SourceError(f"不能读取 {p.suffix or '无扩展名'} 文件（{p.name}）；可读取：{registry.readable()}")
    if fmt.cancellable:
        return fmt.read(p, cancel=cancel)
    return fmt.read(p)


__all__ = ["ImportResult", "read_path", "read_text", "SourceError", "GovReportError", "assemble", "read_path_here",
           "KINDS", "KIND_NAMES", "ISOLATED_KINDS"]
