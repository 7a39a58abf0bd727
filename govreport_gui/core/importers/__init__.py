"""Reading a report from whatever form it survives in.

``read_path`` takes our ``.govreport``, our exported ``.xlsx``/``.docx``, a
hand-filled official Word template, someone else's spreadsheet in the
official layout, a published PDF, or text saved from a web page
(``.txt``/``.html``); ``read_text`` takes text pasted into the app.

Each gives an :class:`ImportResult`: the report as read (printed totals kept
as printed, so the rules check whether the published report adds up), where
each value came from, and what could not be placed.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import edition as editions
from .. import values as V
from ..errors import GovReportError
from ..report import YEAR_MAX, YEAR_MIN, Report
from . import narrative as N
from . import readers as R
from . import tables as T
from .readers import SourceError

KINDS = {".govreport": "govreport", ".json": "govreport", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
         ".pdf": "pdf", ".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
KIND_NAMES = {"govreport": "年报文件", "docx": "Word 文档", "xlsx": "Excel 工作簿", "pdf": "PDF",
              "text": "文本", "html": "网页"}


@dataclass
class ImportResult:
    report: Report
    kind: str
    sources: dict[str, str] = field(default_factory=dict)     # cell id -> the text it was read from
    problems: list[str] = field(default_factory=list)         # what could not be placed (Chinese)
    notes: list[str] = field(default_factory=list)            # read in an unusual way (Chinese)
    sections: list[str] = field(default_factory=list)         # which of s1…s6 were found


ISOLATED_KINDS = ("docx", "xlsx", "pdf")     # read in a child process with time and memory limits


def read_path(path: str | os.PathLike, *, cancel=None) -> ImportResult:
    """Read any source the program understands; any failure is a Chinese message.

    Word, Excel and PDF files are read in a child process (``core.worker``) with a time limit
    (PDF 5 s, others 9 s) and a memory limit: their libraries cannot bound themselves, and a
    child can be stopped — also by ``cancel`` (a ``threading.Event``, the window's 取消).
    Our own .govreport files and text are read here: their readers count before they build.
    """
    from .. import worker

    if KINDS.get(Path(path).suffix.lower()) in ISOLATED_KINDS and not worker.in_child():
        return worker.read_isolated(path, cancel=cancel)
    return read_path_here(path)


def read_path_here(path: str | os.PathLike) -> ImportResult:
    """:func:`read_path` in this process, without the child's limits (the child runs this)."""
    try:
        return _read_path(Path(path))
    except GovReportError:
        raise
    except RecursionError:
        raise SourceError(f"{Path(path).name} 的内部结构嵌套过深，无法读取") from None
    except MemoryError:
        raise SourceError(f"{Path(path).name} 过大或结构异常，内存不足，未读取") from None
    except Exception as e:  # a reader met a structure nobody foresaw: said in words, nothing imported
        raise SourceError(f"{Path(path).name} 无法读取（文件内部结构异常：{R._plain(e)}）") from None


def _read_path(p: Path) -> ImportResult:
    kind = KINDS.get(p.suffix.lower())
    if kind is None:
        R.check_size(p)
        raise SourceError(f"不能读取 {p.suffix or '无扩展名'} 文件（{p.name}）；可读取：.govreport .docx .xlsx .pdf .txt .html")
    if kind == "govreport":
        from .. import native

        R.refuse_special(p)                 # a FIFO would block the opening
        return ImportResult(native.load(p), kind, sections=["s1", "s2", "s3", "s4", "s5", "s6"])
    if kind == "docx":
        notes: list[str] = []
        paras, grids, where = R.read_docx(p, notes)
        return assemble(paras, grids, where, kind, p.name, notes=notes)
    if kind == "xlsx":
        return _read_xlsx(p)
    if kind == "pdf":
        lines, grids, where = R.read_pdf(p)
        return assemble(N.join_lines(lines), grids, where, kind, p.name)
    R.check_size(p)
    text = R.decode(p.read_bytes(), p.name)
    if kind == "html":
        text = R.html_to_text(text)
    return read_text(text, p.name)


def read_text(text: str, name: str = "粘贴的文字") -> ImportResult:
    """Text copied from a published web page or PDF (tabs between cells, rows broken)."""
    if len(text) > R.MAX_TEXT_CHARS:
        raise SourceError(f"{name} 过长（{len(text)} 字），不像是一份年度报告")
    if "<table" in text[:20000].lower() or "<td" in text[:20000].lower():
        text = R.html_to_text(text)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines > R.MAX_TEXT_LINES:              # counted before any cell is looked at
        raise SourceError(f"{name} 有 {lines} 行文字，不像是一份年度报告（通常只有几百行），未读取")
    grid, line_numbers = R.text_rows_numbered(text)
    if len(grid) > R.MAX_TABLE_ROWS:          # before the (slower) paragraph joining
        raise R.too_many_table_rows(name, len(grid))
    return assemble(N.join_lines(text.splitlines()), [grid], ["文字"], "text", name,
                    row_where=[[f"第{n}行" for n in line_numbers]])


def assemble(paragraphs: list[str], grids: list[T.Grid], where: list[str], kind: str, name: str,
             row_where: list[list[str]] | None = None, notes: list[str] | None = None,
             problems: list[str] | None = None) -> ImportResult:
    """A report from a source's paragraphs and grids (text keeps no reliable column positions).
    ``notes`` and ``problems``: what reading the source itself found (a Word cell with tracked
    changes or hidden text, a workbook formula that was stale or could not be checked); they
    come first in the result."""
    total = sum(len(g) for g in grids)
    if total > R.MAX_TABLE_ROWS:
        raise R.too_many_table_rows(name, total)
    if len(paragraphs) > R.MAX_PARAGRAPHS:
        raise SourceError(f"{name} 有 {len(paragraphs)} 段文字，不像是一份年度报告，未读取")
    story = N.split(paragraphs)
    rows = T.rows_of(grids, where, row_where)
    all_editions = [editions.get(e) for e in editions.available()]
    ed = T.detect_edition(rows, story.year, all_editions)
    reading = T.read(grids, ed, where, positional=kind != "text", row_where=row_where)
    if not reading.values and len(story.found) < 2:
        raise SourceError(f"{name} 中没有找到政府信息公开工作年度报告的表格或正文，未导入")
    problems = list(problems or []) + list(reading.problems)
    values: dict[str, V.Value] = {}
    for cid, v in reading.values.items():
        problem = V.validate(v, ed.cells[cid].type)
        if problem:
            problems.append(f"{ed.cells[cid].place}“{reading.sources.get(cid, v)}”{problem}，未读取")
            continue
        values[cid] = V.normalize(v, ed.cells[cid].type)
    year = story.year
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        year = datetime.date.today().year - 1
        problems.append(f"未能从标题识别报告年度，暂按 {year} 年处理，请核对")
    if not story.issuer:
        problems.append("未能从标题识别发布机关，请在“基本信息”中填写")
    missing_sections = [s.heading for s in ed.sections if s.kind == "table" and s.id not in reading.sections]
    if missing_sections:
        problems.append(f"未找到表格：{'、'.join(missing_sections)}")
    meta = {"published": story.published} if story.published else {}
    report = Report(edition=ed.id, year=year, issuer=story.issuer or "", meta=meta,
                    text={tid: story.text.get(tid, "") for tid in ed.texts}, values=values)
    found = sorted(set(story.found) | reading.sections)
    return ImportResult(report, kind, dict(reading.sources), problems, list(notes or []) + list(reading.notes), found)


def _read_xlsx(p: Path) -> ImportResult:
    # Ours is opened with formulas visible (live totals are told from typed ones); someone
    # else's with the values their totals show, each formula checked against the sheet's XML
    # (R.sheet_grid with a review). Opening costs openpyxl most of the time, so the workbook
    # part is peeked at first, and opened twice only when that is not conclusive.
    R.check_size(p)                        # before the peek: a FIFO would block the opening
    own = R.names_own_sheet(p)
    wb = R.open_workbook(p, data_only=False) if own is not False else None
    if wb is not None and "_govreport" in wb.sheetnames:
        try:
            return _read_own_xlsx(wb, p.name)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError, StopIteration):
            raise SourceError(f"{p.name} 的内部对照表（隐藏的 _govreport 工作表）已损坏，无法按原样读取") from None
    wb = R.open_workbook(p, data_only=True)
    review = R.SheetReview(p.name)
    grids, where, paras = [], [], []
    rows = 0
    for ws in wb.worksheets:
        grid = R.sheet_grid(ws, R.MAX_TABLE_ROWS + 1 - rows, review)
        rows += len(grid)
        if rows > R.MAX_TABLE_ROWS:                # stopped as soon as it is clear, not after every sheet
            raise R.too_many_table_rows(p.name)
        grids.append(grid)
        where.append(f"工作表“{ws.title}”")
        for row in grid:                      # long text cells: the narrative, if the sheet has one
            for c in row:
                if c and (len(c) > 12 or N.heading_of(c)):
                    paras.extend(str(c).split("\n"))
    return assemble(paras, grids, where, "xlsx", p.name, notes=review.notes, problems=review.problems)


from .own_xlsx import _read_own_xlsx  # noqa: E402 - our own workbook, read back whole (own_xlsx.py)


__all__ = ["ImportResult", "read_path", "read_text", "SourceError", "GovReportError"]
