"""Turning each kind of file into paragraphs and grids of cell texts.

Hostile files are expected: sizes, zip contents, pages and time are limited
before the real parsing starts, and every failure is a Chinese message.
"""

from __future__ import annotations

import datetime
import html.parser
import os
import re
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import (ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow,
                     localcontext)
from pathlib import Path

from ..errors import GovReportError
from .tables import Grid, is_number

MAX_SOURCE_BYTES = 50 * 1024 * 1024          # a published report is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024       # all parts of a .docx/.xlsx, uncompressed
MAX_ZIP_RATIO = 200                          # a zip bomb compresses far better than any document
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 40                           # a report is rarely over 15 pages
PDF_SECONDS = 5                              # no PDF keeps a clerk waiting longer
MAX_SHEET_ROWS, MAX_SHEET_COLS = 2000, 60
MAX_TEXT_CHARS = 2_000_000
MAX_TABLE_ROWS = 1500                        # all tables of a source together (the official ones: ~60 rows)
MAX_PARAGRAPHS = 20_000
MAX_RUNS = 40_000                            # runs (stretches of one formatting) in a .docx: a report has a few thousand
MAX_TEXT_LINES = 5000                        # a pasted report: a few hundred lines
MAX_TEXT_CELLS = 20_000                      # cells of all pasted rows (a report: about 1,000)


class SourceError(GovReportError):
    """A source could not be read; nothing was imported."""


def _plain(e: Exception) -> str:
    """A reader's exception in words a clerk can pass on."""
    name = type(e).__name__
    if "XML" in name or "Entit" in name or "DTD" in name:
        return "XML 无法解析或含有不允许的实体定义"
    if "Zip" in name:
        return "压缩包已损坏"
    if "Key" in name:
        return "缺少必要的部件"
    return name


def check_size(path: Path) -> int:
    """The size of a source that is a regular file, refused before it is opened: a missing
    file, a folder, a pipe or a device (opening a FIFO waits for a writer for ever), an
    empty file or one over MAX_SOURCE_BYTES."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError(f"找不到文件 {path}") from None
    except OSError as e:
        raise SourceError(f"无法读取 {path.name}：{e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{path} 是文件夹，不是报告文件")
    refuse_special(path, st)
    size = st.st_size
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path.name} 过大（{size / 1024 / 1024:.0f} MB），不像是一份年度报告，未读取")
    if size == 0:
        raise SourceError(f"{path.name} 是空文件")
    return size


def refuse_special(path: Path, st: os.stat_result | None = None) -> None:
    """Refuse a path that exists and is neither a regular file nor a folder (a FIFO, a socket,
    a device), before anything opens it: opening a FIFO blocks until someone writes to it."""
    if st is None:
        try:
            st = os.stat(path)
        except OSError:
            return                       # missing or unreadable: the reader says so
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{Path(path).name} 不是普通文件（是管道、设备或套接字），未读取")


def too_many_table_rows(name: str, n: int | None = None) -> SourceError:
    """The refusal of a source whose tables have over MAX_TABLE_ROWS rows in all (``n`` None:
    reading stopped at the limit)."""
    count = f"超过 {MAX_TABLE_ROWS}" if n is None else str(n)
    return SourceError(f"{name} 的表格共有 {count} 行，不像是一份年度报告（官方格式不到 100 行），未读取")


def check_zip(path: Path, kind: str) -> None:
    """A .docx/.xlsx is a zip: refuse one that is not, or one that would unpack to far too much."""
    broken = SourceError(f"{path.name} 不是有效的 .{kind} 文件（文件已损坏或并非此格式）")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise SourceError(f"{path.name} 内部文件过多，不像是一份年度报告，未读取")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO and total > 10 * 1024 * 1024:
                raise SourceError(f"{path.name} 解压后过大（异常压缩的文件），未读取")
            if kind == "xlsx":
                _check_xlsx_parts(path.name, z)
            elif kind == "docx":
                _check_docx_parts(path.name, z)
    except zipfile.BadZipFile:
        if path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
            raise SourceError(f"{path.name} 是加密的或旧版（.doc/.xls）文件，请在 Word/Excel 中另存为 .{kind} 后再导入") from None
        raise broken from None
    except (OSError, EOFError, RuntimeError, ValueError, NotImplementedError):   # a part that will not unpack
        raise broken from None


def _check_xlsx_parts(name: str, z: zipfile.ZipFile) -> None:
    """What would make openpyxl spend seconds or gigabytes before we see a cell, found in one
    linear pass over each part: a huge XML token or rows out of order in a part it streams;
    far too many sheets, cell formats, fonts, borders, shared strings or XML elements in a part
    it builds whole; far too much in the rows of the sheets that it parses. Any part may be
    the workbook, the styles or the shared strings (openpyxl finds them by their content
    type), so every part that is not a worksheet is counted, not only those with the usual names."""
    sheets = 0
    budget = SheetBudget()
    for info in z.infolist():
        if _WORKSHEET_PART.match(info.filename):
            with z.open(info) as stream:
                problem = scan_xml(stream, rows=True, budget=budget)
            if problem:
                raise SourceError(f"{name} 的内部文件 {info.filename} 结构异常（{problem}），"
                                  f"不像是 Excel 保存的文件，未读取")
            over = budget.over()
            if over:
                raise SourceError(f"{name} 的工作表{over}，不像是一份年度报告，未读取")
            continue
        if info.file_size > MAX_SHARED_STRINGS_BYTES and _SHARED_STRINGS_PART.match(info.filename):
            raise SourceError(f"{name} 的共享文字表解压后有 {info.file_size / 1024 / 1024:.0f} MB"
                              f"（一份年报只有几十 kB），不像是一份年度报告，未读取")
        with z.open(info) as stream:
            found = count_tags(stream, _XLSX_TAGS, over=lambda c: _xlsx_part_over(c) is not None)
        sheets += found[b"sheet"]
        if sheets > MAX_SHEETS:
            raise SourceError(f"{name} 列出了 {sheets} 个以上的工作表，不像是一份年度报告，未读取")
        over = _xlsx_part_over(found)
        if over:
            raise SourceError(over.format(name=name, part=info.filename))
        if _SHARED_STRINGS_PART.match(info.filename):
            with z.open(info) as stream:
                problem = scan_xml(stream)
            if problem:
                raise SourceError(f"{name} 的内部文件 {info.filename} 结构异常（{problem}），"
                                  f"不像是 Excel 保存的文件，未读取")


def _check_docx_parts(name: str, z: zipfile.ZipFile) -> None:
    """python-docx parses every XML part it knows (found by content type, whatever its name)
    whole, into lxml trees of about 300 bytes an element: 7.4 million bookmark ends in 1.7 MB
    took 2.9 GB. So the elements of all parts are counted together first, in one linear pass
    that stops at the first megabyte over a limit."""
    found: Counter = Counter()
    for info in z.infolist():
        with z.open(info) as stream:
            found += count_tags(stream, _DOCX_TAGS, over=lambda c: _docx_over(found + c) is not None)
        over = _docx_over(found)
        if over:
            raise SourceError(over.format(name=name))


# Word: the limits, and what a report has (our export, the official template filled in, and
# LibreOffice's re-save of it: 345–356 paragraphs, 300–382 runs, 300–337 <w:t>, 3 tables of 46
# rows and 324 cells, no bookmarks, 20,000–25,000 elements in all, 9,000 of them the styles).
MAX_DOCX_ELEMENTS = 1_000_000            # all XML parts together: ~300 MB as lxml trees
MAX_DOCX_TEXTS = 80_000                  # <w:t>: a run usually has one
MAX_DOCX_TABLES = 500
MAX_DOCX_CELLS = 30_000
MAX_BOOKMARKS = 10_000                   # starts, and ends, each
_DOCX_WORDS = {b"t": ("个文字片段（w:t）", MAX_DOCX_TEXTS), b"tbl": ("个表格", MAX_DOCX_TABLES),
               b"tc": ("个表格单元格", MAX_DOCX_CELLS), b"bookmarkStart": ("个书签起点", MAX_BOOKMARKS),
               b"bookmarkEnd": ("个书签终点", MAX_BOOKMARKS)}


def _docx_over(found: Counter) -> str | None:
    """What is far too much in a Word package (counted in all its parts): a message with {name}
    to fill in, or None."""
    if found[b"tr"] > MAX_TABLE_ROWS:
        return "{name} 的表格共有至少 %d 行，不像是一份年度报告（官方格式不到 100 行），未读取" % found[b"tr"]
    if found[b"p"] > MAX_PARAGRAPHS:
        return f"{{name}} 有至少 {found[b'p']} 段文字，不像是一份年度报告，未读取"
    if found[b"r"] > MAX_RUNS:
        return f"{{name}} 的文字被分成了至少 {found[b'r']} 段格式，不像是一份年度报告，未读取"
    for tag, (word, limit) in _DOCX_WORDS.items():
        if found[tag] > limit:
            return f"{{name}} 含有至少 {found[tag]} {word}，不像是一份年度报告（通常只有几十到几千个），未读取"
    if found[b"#long"] > MAX_LONG_NAMES:
        return f"{{name}} 中至少有 {found[b'#long']} 个名称超长的 XML 元素，不像是 Word 保存的文件，未读取"
    if found[b""] > MAX_DOCX_ELEMENTS:
        return (f"{{name}} 含有至少 {found[b'']} 个 XML 元素（一份年报通常不到十万个），"
                f"不像是一份年度报告，未读取")
    return None


MAX_SHEETS = 255
# openpyxl turns every cell format (<xf>) into objects as it opens a workbook, ~100 µs each:
# 44,000 took 5 s. Years of copying between workbooks can leave thousands; Excel stops at 64,000.
MAX_CELL_FORMATS = 20_000
# The other lists of the styles part become objects too, 20–140 µs apiece: 1.3 million <font/>
# took 25 s and 600 MB, 195 MB of <border/> 269 s and 8.7 GB. A real report's styles part has
# at most tens of each (1–8 fonts, 2–5 fills, 1–3 borders, 2–27 cell formats, 1–13 cell styles in
# ours, openpyxl's and LibreOffice's); Excel keeps at most 512 fonts and ~250 number formats.
MAX_STYLE_ITEMS = {b"font": 5000, b"fill": 5000, b"border": 5000, b"numFmt": 5000, b"dxf": 5000,
                   b"cellStyle": 20_000}
MAX_STYLE_ITEMS_IN_ALL = 30_000          # all those lists and the cell formats together: 1–4 s
_STYLE_WORDS = {b"font": "种字体", b"fill": "种填充", b"border": "种边框", b"numFmt": "种数字格式",
                b"dxf": "种条件格式样式", b"cellStyle": "个单元格样式"}
# The shared strings: openpyxl builds every string as it opens the workbook (18 µs a string,
# 80 µs a formatted run of a string). A report has tens to hundreds (LibreOffice's re-save of
# one: 68 strings, 41 runs, 89 pieces of text, 10 kB).
MAX_SHARED_STRINGS = 100_000             # <si>
MAX_SHARED_RUNS = 20_000                 # <r>: stretches of one formatting inside strings
MAX_SHARED_TEXTS = 200_000               # <t>
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024      # the part unpacked: its characters and markup
_SHARED_WORDS = {b"si": ("个文字", MAX_SHARED_STRINGS), b"r": ("段带格式的文字", MAX_SHARED_RUNS),
                 b"t": ("个文字片段", MAX_SHARED_TEXTS)}
# Any part that openpyxl parses whole (not a worksheet): the tree is built in memory, about
# 1 µs and 200 bytes an element. A real workbook's largest such part has a few thousand.
MAX_PART_ELEMENTS = 500_000
_SHARED_STRINGS_PART = re.compile(r"xl/sharedStrings\.xml$", re.I)
_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml$", re.I)


def _xlsx_part_over(found: Counter) -> str | None:
    """What is far too much in a part that is not a worksheet, as a message with {name} and
    {part} to fill in, or None."""
    if found[b"xf"] > MAX_CELL_FORMATS:
        return (f"{{name}} 含有至少 {found[b'xf']} 种单元格格式（通常不到一百种），读取它需要很长时间；"
                f"请在 Excel 或 WPS 中把表格复制到一个新工作簿，保存后再导入")
    advice = "读取它需要很长时间；请在 Excel 或 WPS 中把表格复制到一个新工作簿，保存后再导入"
    for tag, limit in MAX_STYLE_ITEMS.items():
        if found[tag] > limit:
            return f"{{name}} 的样式中至少有 {found[tag]} {_STYLE_WORDS[tag]}（通常只有几十种），{advice}"
    styles = found[b"xf"] + sum(found[tag] for tag in MAX_STYLE_ITEMS)
    if styles > MAX_STYLE_ITEMS_IN_ALL:
        return f"{{name}} 的样式至少有 {styles} 项（字体、边框、填充、格式等，通常只有几百项），{advice}"
    for tag, (word, limit) in _SHARED_WORDS.items():
        if found[tag] > limit:
            return (f"{{name}} 的内部文件 {{part}} 中至少有 {found[tag]} {word}（一份年报只有几百个），"
                    f"不像是一份年度报告，未读取")
    if found[b"#long"] > MAX_LONG_NAMES:
        return (f"{{name}} 的内部文件 {{part}} 中至少有 {found[b'#long']} 个名称超长的 XML 元素，"
                f"不像是 Excel 保存的文件，未读取")
    if found[b""] > MAX_PART_ELEMENTS:
        return (f"{{name}} 的内部文件 {{part}} 含有至少 {found[b'']} 个 XML 元素（Excel 保存的文件"
                f"通常只有几千个），不像是一份年度报告，未读取")
    return None


# The worksheets: openpyxl streams each one, but parses all of it up to the first row past the
# rows we read (MAX_SHEET_ROWS), and everything after the rows when there are fewer: every cell
# (14 µs each, even far beyond the 60 columns we keep), merged ranges, links, conditional
# formats, validations (30–60 µs each). A report's sheets have a few thousand elements.
MAX_SHEET_ELEMENTS = 500_000             # all sheets together, up to the first row past MAX_SHEET_ROWS
MAX_SHEET_EXTRAS = 10_000                # merged ranges, links, conditional formats, validations, breaks


class SheetBudget:
    """What openpyxl would parse in all the worksheets of a workbook: counted by scan_xml."""

    def __init__(self) -> None:
        self.elements = 0
        self.extras = 0
        self.long = 0

    def count(self, buf: bytes, start: int, end: int) -> None:
        """The tags that start in buf[start:end] (buf holds _TAG_WINDOW bytes more, or the stream's end)."""
        if end > start:
            self.elements += _tags_starting_before(_START_TAG, buf, start, end)
            self.extras += _tags_starting_before(_SHEET_EXTRA_TAGS, buf, start, end)
            self.long += _tags_starting_before(_LONG_NAME, buf, start, end)

    def over(self) -> str | None:
        if self.elements > MAX_SHEET_ELEMENTS:
            return (f"前 {MAX_SHEET_ROWS} 行中至少有 {self.elements} 个 XML 元素（单元格等，一份年报只有"
                    f"几千个）")
        if self.long > MAX_LONG_NAMES:
            return f"中至少有 {self.long} 个名称超长的 XML 元素（Office 从不写出）"
        if self.extras > MAX_SHEET_EXTRAS:
            return f"中的合并区域、链接、条件格式、数据验证等至少有 {self.extras} 个（一份年报通常只有几十个）"
        return None


def _tags_starting_before(pattern: re.Pattern, buf: bytes, pos: int, limit: int) -> int:
    """Matches of a tag ``pattern`` (a "<", no other "<", at most _TAG_WINDOW bytes with what it
    looks ahead at) in ``buf`` that start in [pos, limit), as in the whole text (buf holds
    _TAG_WINDOW bytes more, or the stream ends with it): those before the last "<" near the
    limit are whole in buf[:that "<"]; a match can only start there once."""
    cut = buf.rfind(b"<", max(pos, limit - _TAG_WINDOW), limit)
    if cut < 0:
        return len(pattern.findall(buf, pos, limit))
    return len(pattern.findall(buf, pos, cut)) + (pattern.match(buf, cut, limit + _TAG_WINDOW) is not None)


# -- counting the elements of an XML part, before anything builds it ------------------------------------

_START_TAG = re.compile(rb"<[A-Za-z_]")
# A prefix (or a name without one) of over 48 characters: no Office program writes one; counted
# apart, since such a prefix would hide a tag from the patterns of _tags
_LONG_NAME = re.compile(rb"<[A-Za-z_][\w.-]{48}")
MAX_LONG_NAMES = 1000
_TAG_WINDOW = 100          # no match of these patterns is longer (with what it looks ahead at)


def _tags(*names: str) -> re.Pattern:
    """Start tags with one of these local names (of at most 40 characters), with any prefix of up
    to 48 characters, the name in group 1 (a match is at most 91 bytes, and holds no other "<")."""
    assert all(len(n) <= 40 for n in names)
    return re.compile(rb"<(?:[A-Za-z_][\w.-]{0,47}:)?(%s)(?=[\s/>])" % "|".join(names).encode())


_SHEET_EXTRA_TAGS = _tags("mergeCell", "hyperlink", "cfRule", "conditionalFormatting", "dataValidation", "brk",
                          "selection", "protectedRange", "scenario", "ignoredError", "customSheetView",
                          "tablePart", "col")
_XLSX_TAGS = _tags("sheet", "xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle", "si", "r", "t")
_DOCX_TAGS = _tags("p", "r", "t", "tbl", "tr", "tc", "bookmarkStart", "bookmarkEnd")


def count_tags(stream, names: re.Pattern, over=None, chunk: int = 1 << 20) -> Counter:
    """The start tags of an XML stream: those matched by ``names`` (made by _tags) by their
    local name, under b"" all of them, under b"#long" those with a prefix (or a name without
    one) of over 48 characters. Linear in the size, and stops early once ``over(counts)`` is
    true after a chunk (a bomb is refused in its first megabyte).

    Each buffer is cut just before its last "<" within _TAG_WINDOW bytes of its end, which goes
    on to the next buffer: no tag is counted twice or cut in two."""
    counts: Counter = Counter()
    tail = b""
    while True:
        data = stream.read(chunk)
        buf = tail + data
        cut = len(buf)
        if data:
            last = buf.rfind(b"<", max(len(buf) - _TAG_WINDOW, 0))
            if last >= 0:
                cut = last
        counts.update(names.findall(buf, 0, cut))
        counts[b""] += len(_START_TAG.findall(buf, 0, cut))
        counts[b"#long"] += len(_LONG_NAME.findall(buf, 0, cut))
        tail = buf[cut:]
        if not data or (over is not None and over(counts)):
            return counts


_COUNTED_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(sheet|xf)[\s/>]")


def count_matches(stream, pattern: re.Pattern, chunk: int = 1 << 20, overlap: int = 64) -> dict[bytes, int]:
    """How often each value of group 1 of ``pattern`` (matching at most ``overlap`` bytes)
    occurs in a stream."""
    counts: dict[bytes, int] = {}
    tail = b""
    while data := stream.read(chunk):
        buf = tail + data
        start = len(tail)          # a match must end beyond the part already counted
        for m in pattern.finditer(buf):
            if m.end() > start:
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        tail = buf[-overlap:]
    return counts


# The parts openpyxl reads with ElementTree.iterparse, which feeds expat 64 kB at a time: expat
# before 2.6 rescans a token that is not complete yet at every feed, so one 6 MB tag costs
# seconds (quadratic). Real tags are under 1 kB; comments and <?…?> do not occur in these parts.
# And openpyxl parses every row whose number is not above max_row, even when it repeats a row
# number already passed (it yields none of them): 36,000 copies of one row cost 5 s. Excel,
# WPS and LibreOffice write rows in ascending order, as the file format requires.
MAX_XML_TOKEN = 64 * 1024
MAX_XML_SPECIALS = 100
MAX_ROW_CELLS = 2000                   # cells written in one row (Excel's widest: 16,384)
_SPECIAL = re.compile(rb"<!--|<\?")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])[^>]*>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,12})["']""")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def scan_xml(stream, chunk: int = 1 << 20, max_token: int = MAX_XML_TOKEN, rows: bool = False,
             budget: SheetBudget | None = None) -> str | None:
    """What is wrong with an XML stream, in Chinese, or None: a tag, comment or processing
    instruction longer than ``max_token`` bytes, too many comments and instructions, and
    with ``rows`` (a worksheet) rows out of order or with too many cells. Linear in the size.

    With a ``budget`` (a worksheet), the elements openpyxl would parse (all of them up to the
    first row past MAX_SHEET_ROWS) are added to it; once it is over, the scan stops early and
    returns None: the caller asks ``budget.over()``.

    The stream is read in chunks; each buffer keeps the last ``keep`` bytes of the one before,
    so a token across two chunks is seen whole, and each comment, instruction or row is
    checked once, when the buffer holds enough after its start to see its end.
    """
    keep = max(max_token, _TAG_WINDOW) + 8        # the budget's tags are seen whole as well
    long_tag = re.compile(rb"<[^>]{%d}" % max_token)
    tail, specials, last_row, cells = b"", 0, 0, 0
    counting = budget is not None and rows
    while True:
        data = stream.read(chunk)
        buf = tail + data
        if long_tag.search(buf):
            return "超长的标记"
        limit = len(buf) - keep if data else len(buf)      # later starts: checked with the next buffer
        for m in _SPECIAL.finditer(buf):
            if m.start() >= limit:
                break
            specials += 1
            end = b"-->" if buf[m.start() + 1] == 0x21 else b"?>"
            if specials > MAX_XML_SPECIALS or buf.find(end, m.end(), m.start() + max_token) < 0:
                return "超长的标记"
        if rows:
            pos = 0
            for m in _ROW_TAG.finditer(buf):
                if m.start() >= limit:
                    break
                cells += len(_CELL_TAG.findall(buf, pos, m.start()))
                if cells > MAX_ROW_CELLS:
                    return "一行中的单元格过多"
                number = _ROW_NUMBER.search(m.group())
                row = int(number.group(1)) if number else last_row + 1
                if row <= last_row:
                    return "行号重复或顺序颠倒"
                if counting and row > MAX_SHEET_ROWS:       # openpyxl stops before this row
                    budget.count(buf, 0, m.start())
                    counting = False
                last_row, cells, pos = row, 0, m.end()
            cells += _count_starting_before(_CELL_TAG, buf, pos, limit)
            if cells > MAX_ROW_CELLS:
                return "一行中的单元格过多"
            if counting:
                budget.count(buf, 0, limit)
                if budget.over():
                    return None
        if not data:
            return None
        tail = buf[max(limit, 0):]


def _count_starting_before(pattern: re.Pattern, buf: bytes, pos: int, limit: int) -> int:
    """Matches of a short ``pattern`` (at most 64 bytes) in ``buf`` that start in [pos, limit)."""
    if limit <= pos:
        return 0
    n = len(pattern.findall(buf, pos, limit))
    for m in pattern.finditer(buf, max(pos, limit - 64), limit + 64):
        if m.start() < limit < m.end():          # across the limit: findall above cut it off
            n += 1
    return n


# -- Word -----------------------------------------------------------------------------------------------


def read_docx(path: Path, notes: list[str] | None = None) -> tuple[list[str], list[Grid], list[str]]:
    """Paragraphs (outside tables) and the tables as grids, in document order, as Word shows
    them with tracked changes accepted: inserted text read, deleted text not, hidden text not,
    a field's result and not its code, the content of content controls, smart tags and custom
    XML. Every cell or paragraph whose text depended on a tracked change or hid text is said in
    ``notes`` (in Chinese), if a list is given."""
    check_size(path)
    check_zip(path, "docx")          # counts every part's elements before python-docx builds them
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds for broken packages
        raise SourceError(f"{path.name} 无法作为 Word 文档打开（文件内部结构有误：{_plain(e)}）") from None
    body = document.element.body
    shown = _Shown(_WordStyles(document))
    said = _Said()
    paras: list[str] = []
    grids: list[Grid] = []
    where: list[str] = []
    for child in _children(body, (_W_P, _W_TBL)):
        if child.tag == _W_P:
            text, seen = shown.paragraph(child)
            paras.append(text)
            said.add(seen, f"正文第{len(paras)}段")
        else:
            grids.append(_docx_grid(child, shown, said, f"第{len(grids) + 1}个表格"))
            where.append(f"第{len(grids)}个表格")
    if notes is not None:
        notes.extend(said.lines())
    return paras, grids, where


def _small_int(text: str | None, default: int) -> int:
    """A count from a document's XML: not a number -> default; never more than a sheet is wide."""
    try:
        return min(max(int(str(text)), 0), MAX_SHEET_COLS)
    except (TypeError, ValueError):
        return default


def _docx_grid(tbl, shown: "_Shown", said: "_Said", name: str) -> Grid:
    grid: Grid = []
    for tr in _children(tbl, (_W_TR,)):
        trpr = tr.find(_W_TRPR)
        n = len(grid) + 1
        if trpr is not None and trpr.find(_W_DEL) is not None:       # a row deleted as a tracked change
            said.add(_Seen(tracked=True), f"{name}第{n}行之前的一行", deleted=True)
            continue
        row: list[str | None] = []
        row_tracked = trpr is not None and trpr.find(_W_INS) is not None
        before = trpr.find(_W_GRIDBEFORE) if trpr is not None else None
        if before is not None:
            row.extend([None] * _small_int(before.get(_W_VAL), 0))
        for tc in _children(tr, (_W_TC,), MAX_SHEET_COLS):
            tcpr = tc.find(_W_TCPR)
            span, cont = 1, False
            if tcpr is not None:
                if tcpr.find(_W_CELLDEL) is not None:                   # a cell deleted as a tracked change
                    said.add(_Seen(tracked=True), f"{name}第{n}行的一个单元格", deleted=True)
                    continue
                gs = tcpr.find(_W_GRIDSPAN)
                if gs is not None:
                    span = max(_small_int(gs.get(_W_VAL), 1), 1)
                vm = tcpr.find(_W_VMERGE)
                if vm is not None and vm.get(_W_VAL, "continue") != "restart":
                    cont = True
            if cont:
                row.extend([None] * span)
                continue
            texts, seen = [], _Seen(tracked=row_tracked or (tcpr is not None and tcpr.find(_W_CELLINS) is not None))
            for p in _children(tc, (_W_P,)):
                text, s = shown.paragraph(p)
                texts.append(text)
                seen.merge(s)
            said.add(seen, f"{name}第{n}行第{len(row) + 1}列的单元格")
            row.append("\n".join(texts))
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid


_WNS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
(_W_P, _W_TBL, _W_TR, _W_TC, _W_R, _W_T, _W_TAB, _W_PTAB, _W_BR, _W_CR, _W_NBH, _W_SDT, _W_SDTCONTENT, _W_SDTPR,
 _W_CUSTOMXML, _W_SMARTTAG, _W_HYPERLINK, _W_FLDSIMPLE, _W_INS, _W_DEL, _W_MOVETO, _W_MOVEFROM, _W_FLDCHAR,
 _W_RPR, _W_PPR, _W_VANISH, _W_RSTYLE, _W_PSTYLE, _W_VAL, _W_TYPE, _W_FLDCHARTYPE, _W_TRPR, _W_TCPR, _W_GRIDBEFORE,
 _W_GRIDSPAN, _W_VMERGE, _W_CELLINS, _W_CELLDEL, _W_SHOWINGPLCHDR, _W_BDO, _W_DIR, _W_STYLE, _W_STYLEID,
 _W_BASEDON, _W_DOCDEFAULTS, _W_RPRDEFAULT) = (
    _WNS + t for t in (
        "p", "tbl", "tr", "tc", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sdt", "sdtContent", "sdtPr",
        "customXml", "smartTag", "hyperlink", "fldSimple", "ins", "del", "moveTo", "moveFrom", "fldChar",
        "rPr", "pPr", "vanish", "rStyle", "pStyle", "val", "type", "fldCharType", "trPr", "tcPr", "gridBefore",
        "gridSpan", "vMerge", "cellIns", "cellDel", "showingPlcHdr", "bdo", "dir", "style", "styleId",
        "basedOn", "docDefaults", "rPrDefault"))
# inside a paragraph: what holds runs that Word shows (a tracked insertion or a move's new place
# as well: changes accepted)
_INLINE_HOLDERS = frozenset({_W_HYPERLINK, _W_SMARTTAG, _W_CUSTOMXML, _W_FLDSIMPLE, _W_BDO, _W_DIR,
                             _W_INS, _W_MOVETO})
_OFF = frozenset({"0", "false", "off"})


def _children(parent, wanted: tuple[str, ...], limit: int | None = None):
    """The children of ``parent`` with a tag in ``wanted`` (paragraphs and tables of a body or
    cell, rows of a table, cells of a row), also those inside content controls (their content,
    not their properties) and custom XML, in document order; at most ``limit`` of them."""
    stack = [iter(parent)]
    n = 0
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag in wanted:
                yield child
                n += 1
                if limit is not None and n >= limit:
                    return
            elif tag == _W_SDT:
                content = child.find(_W_SDTCONTENT)
                if content is not None:
                    stack.append(iter(content))
                    break
            elif tag == _W_CUSTOMXML:
                stack.append(iter(child))
                break
        else:
            stack.pop()


class _Seen:
    """What reading a cell or paragraph met: a tracked change, hidden text (and which)."""

    def __init__(self, tracked: bool = False) -> None:
        self.tracked = tracked
        self.hidden: list[str] = []

    def merge(self, other: "_Seen") -> None:
        self.tracked = self.tracked or other.tracked
        self.hidden.extend(other.hidden)


class _Said:
    """The notes of a Word document's reading: each cell or paragraph once, at most
    MAX_LISTED of each kind listed and the rest counted."""

    MAX_LISTED = 20

    def __init__(self) -> None:
        self.tracked: list[str] = []
        self.deleted: list[str] = []
        self.hidden: list[str] = []

    def add(self, seen: _Seen, place: str, deleted: bool = False) -> None:
        if deleted:
            self.deleted.append(f"{place}在修订中已删除，按接受修订后的内容未读取")
            return
        if seen.tracked:
            self.tracked.append(f"{place}含修订，按接受修订后的内容读取")
        if seen.hidden:
            hidden = "".join(seen.hidden).strip() or "空白"
            if len(hidden) > 20:
                hidden = hidden[:20] + "…"
            self.hidden.append(f"{place}含隐藏文字“{hidden}”，Word 不显示，未读取")

    def lines(self) -> list[str]:
        out: list[str] = []
        for found, what in ((self.deleted, "处修订删除的内容未读取"), (self.tracked, "处含修订"),
                            (self.hidden, "处隐藏文字未读取")):
            out.extend(found[:self.MAX_LISTED])
            if len(found) > self.MAX_LISTED:
                out.append(f"另有 {len(found) - self.MAX_LISTED} {what}（按 Word 接受修订后显示的内容读取）")
        return out


def _on(el) -> bool:
    """A Word on/off property (<w:vanish/>, <w:vanish w:val="0"/>)."""
    return str(el.get(_W_VAL, "true")).lower() not in _OFF


class _WordStyles:
    """Which styles hide text (<w:vanish/> in their run properties, or in a style they are
    based on), and whether the document's default hides it."""

    def __init__(self, document) -> None:
        self.vanish: dict[str, bool | None] = {}
        self.based_on: dict[str, str] = {}
        self.default = False
        self._memo: dict[str, bool | None] = {}
        try:
            root = document.styles.element
        except Exception:  # a styles part python-docx cannot give: no style hides anything  # noqa: BLE001
            return
        for style in root.iterchildren(_W_STYLE):
            sid = style.get(_W_STYLEID)
            if sid is None:
                continue
            rpr = style.find(_W_RPR)
            v = rpr.find(_W_VANISH) if rpr is not None else None
            self.vanish[sid] = None if v is None else _on(v)
            based = style.find(_W_BASEDON)
            if based is not None and based.get(_W_VAL):
                self.based_on[sid] = based.get(_W_VAL)
        defaults = root.find(_W_DOCDEFAULTS)
        rpr = defaults.find(f"{_W_RPRDEFAULT}/{_W_RPR}") if defaults is not None else None
        v = rpr.find(_W_VANISH) if rpr is not None else None
        self.default = v is not None and _on(v)

    def hides(self, style_id: str | None) -> bool | None:
        """Whether the style (or one it is based on) hides text; None if none of them says."""
        if not style_id or not self.vanish:
            return None
        if style_id in self._memo:
            return self._memo[style_id]
        sid, seen, found = style_id, set(), None
        while sid is not None and sid not in seen and len(seen) < 50:      # chains are short; loops happen
            seen.add(sid)
            if self.vanish.get(sid) is not None:
                found = self.vanish[sid]
                break
            sid = self.based_on.get(sid)
        self._memo[style_id] = found
        return found


class _Shown:
    """The text of a paragraph as Word shows it, with what reading it met."""

    def __init__(self, styles: _WordStyles) -> None:
        self.styles = styles

    def paragraph(self, p) -> tuple[str, _Seen]:
        seen = _Seen()
        out: list[str] = []
        para_hides = None
        ppr = p.find(_W_PPR)
        if ppr is not None:
            ps = ppr.find(_W_PSTYLE)
            para_hides = self.styles.hides(ps.get(_W_VAL)) if ps is not None else None
            mark = ppr.find(_W_RPR)                          # the paragraph mark inserted or deleted
            if mark is not None and (mark.find(_W_INS) is not None or mark.find(_W_DEL) is not None):
                seen.tracked = True
        if para_hides is None:
            para_hides = self.styles.default
        fields: list[bool] = []        # per open field: True while its code (not its result) is read
        in_code = 0
        stack = [iter(p)]
        while stack:
            for el in stack[-1]:
                tag = el.tag
                if tag == _W_R:
                    in_code = self._run(el, para_hides, fields, in_code, out, seen)
                elif tag in _INLINE_HOLDERS:
                    if tag in (_W_INS, _W_MOVETO):
                        seen.tracked = True
                    stack.append(iter(el))
                    break
                elif tag == _W_SDT:
                    sdtpr = el.find(_W_SDTPR)
                    content = el.find(_W_SDTCONTENT)
                    if content is not None and (sdtpr is None or sdtpr.find(_W_SHOWINGPLCHDR) is None):
                        stack.append(iter(content))       # a placeholder's prompt is not content
                        break
                elif tag in (_W_DEL, _W_MOVEFROM):
                    seen.tracked = True                   # gone once the changes are accepted
            else:
                stack.pop()
        return "".join(out), seen

    def _run(self, r, para_hides: bool, fields: list[bool], in_code: int, out: list[str], seen: _Seen) -> int:
        hides = None
        rpr = r.find(_W_RPR)
        if rpr is not None:
            v = rpr.find(_W_VANISH)
            if v is not None:
                hides = _on(v)
            else:
                rs = rpr.find(_W_RSTYLE)
                if rs is not None:
                    hides = self.styles.hides(rs.get(_W_VAL))
        if hides is None:
            hides = para_hides
        for c in r:
            tag = c.tag
            if tag == _W_FLDCHAR:
                kind = c.get(_W_FLDCHARTYPE)
                if kind == "begin":
                    fields.append(True)
                    in_code += 1
                elif kind == "separate" and fields and fields[-1]:
                    fields[-1] = False
                    in_code -= 1
                elif kind == "end" and fields:
                    in_code -= 1 if fields.pop() else 0
                continue
            if in_code:
                continue                                  # a field's code (w:instrText and all)
            if tag == _W_T:
                text = c.text or ""
            elif tag in (_W_TAB, _W_PTAB):
                text = "\t"
            elif tag == _W_BR:
                text = "\n" if c.get(_W_TYPE) in (None, "textWrapping") else ""
            elif tag == _W_CR:
                text = "\n"
            elif tag == _W_NBH:
                text = "-"
            else:
                continue
            if not text:
                continue
            if hides:
                seen.hidden.append(text)
            else:
                out.append(text)
        return in_code


# -- Excel ----------------------------------------------------------------------------------------------


def open_workbook(path: Path, data_only: bool = True):
    """Read-only mode: rows are streamed and merged ranges are not expanded cell by cell,
    so a far-away cell or a huge merged range costs nothing."""
    check_size(path)
    check_zip(path, "xlsx")
    try:
        import openpyxl

        return openpyxl.load_workbook(str(path), data_only=data_only, read_only=True)
    except Exception as e:
        raise SourceError(f"{path.name} 无法作为 Excel 工作簿打开（文件内部结构有误：{_plain(e)}）") from None


def names_own_sheet(path: Path) -> bool | None:
    """Whether the workbook lists our hidden ``_govreport`` sheet: True or False from
    xl/workbook.xml, None when that part is missing or too large to peek at."""
    if not Path(path).is_file():         # a FIFO would block the opening: check_size refuses it
        return None
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 1024 * 1024:
                return None
            return re.search(rb"""name\s*=\s*["']_govreport["']""", z.read(info)) is not None
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return None


def sheet_grid(ws, max_rows: int = MAX_SHEET_ROWS, review: "SheetReview | None" = None) -> Grid:
    """The sheet's rows with something in them: at most ``max_rows`` of them, from its first
    MAX_SHEET_ROWS rows and MAX_SHEET_COLS columns.

    With a ``review`` (someone else's workbook, opened with its saved values), what Excel
    shows is read, not only what was saved: the sheet's XML is read as well (one streaming
    pass), numbers come from its text exactly (not through float), and a formula's saved
    result is checked against the formula; what could not be checked is left blank and said
    in the review (see :class:`SheetReview`)."""
    shown = _SheetShown(ws, review) if review is not None else None
    grid: Grid = []
    # read-only openpyxl yields every row from 1 on (empty ones for gaps): the count is the row number
    for r, row in enumerate(ws.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLS, values_only=True), start=1):
        if len(grid) >= max_rows:
            break
        values = row[:MAX_SHEET_COLS]
        if shown is not None:
            values = shown.row(r, values)
        cells = [None if v is None else _cell_str(v) for v in values]
        if any(c is not None and c.strip() for c in cells):    # formatted but empty rows do not count
            grid.append(cells)
    return grid


def _cell_str(v) -> str:
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    if isinstance(v, Decimal):
        return _plain_decimal(v)
    return str(v)


def _plain_decimal(d: Decimal) -> str:
    """A number as digits, never in exponent form (1E+1 -> 10, 5E-5 -> 0.00005)."""
    return format(d, "f")


class SheetReview:
    """What reading someone else's sheets found about their formulas: ``notes`` (a formula's
    saved result was stale or missing; the result worked out from the formula was read) and
    ``problems`` (a formula that could not be checked: its cell left blank). At most
    MAX_LISTED of each are listed, the rest counted."""

    MAX_LISTED = 20

    def __init__(self, name: str) -> None:
        self.name = name
        self._notes: list[str] = []
        self._problems: list[str] = []
        self._more_notes = self._more_problems = 0
        self.work = 0                   # cells looked at by the formulas of all sheets so far

    def note(self, text: str) -> None:
        if len(self._notes) < self.MAX_LISTED:
            self._notes.append(text)
        else:
            self._more_notes += 1

    def problem(self, text: str) -> None:
        if len(self._problems) < self.MAX_LISTED:
            self._problems.append(text)
        else:
            self._more_problems += 1

    @property
    def notes(self) -> list[str]:
        more = [f"另有 {self._more_notes} 个公式单元格按公式重新计算的结果读取"] if self._more_notes else []
        return self._notes + more

    @property
    def problems(self) -> list[str]:
        more = [f"另有 {self._more_problems} 个公式单元格无法核算，未读取"] if self._more_problems else []
        return self._problems + more


# -- a sheet's formulas, checked ------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_FORMULA_CELLS = 200_000          # cells looked at by all the formulas of a workbook (a report's: ~1,000)
FORMULA_COST = 10                    # a formula read costs as much as looking at 10 cells, and 1 per 8 characters
MAX_FORMULA_DEPTH = 40               # a total of totals of …: a report's go 3 deep
MAX_NUMBER_CHARS = 64                # a saved number longer than this is not one a person typed
_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_UP)      # Excel shows 15 significant digits
_EXACT = Context(prec=60, traps=[Inexact, Overflow, InvalidOperation, DivisionByZero])   # or an error


class _Uncertain(Exception):
    """A formula that cannot be worked out here (the reason, in Chinese)."""


@dataclass
class _XCell:
    t: str                      # the cell's type: n (number), s, str, inlineStr, b, e, d
    v: str | None = None        # its saved value (<v>)
    f: str | None = None        # its formula (<f>), "" for the other cells of a shared formula
    ft: str = ""                # the formula's type: "" (normal), shared, array, dataTable
    si: str | None = None       # a shared formula's index
    ref: str | None = None      # the range of a shared or array formula


def _sheet_xml_cells(ws, name: str) -> dict[tuple[int, int], _XCell]:
    """The cells of a read-only worksheet as its XML holds them, up to row MAX_SHEET_ROWS and
    column MAX_SHEET_COLS, placed as openpyxl places them (a row's r, else the row after the
    last; a cell's column from its r, else the one after the last)."""
    import xml.parsers.expat

    from openpyxl.utils.cell import column_index_from_string

    cells: dict[tuple[int, int], _XCell] = {}
    row = col = 0
    cell: _XCell | None = None
    text: list[str] | None = None
    ns = _MAIN_NS + "}"
    ROW, C, V, F = ns + "row", ns + "c", ns + "v", ns + "f"

    class Stop(Exception):
        pass

    def start(tag, attrs):
        nonlocal row, col, cell, text
        if tag == C:
            ref = attrs.get("r")
            if ref:
                m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?\d+", ref)
                if m is None:
                    raise ValueError(f"cell reference {ref!r}")
                col = column_index_from_string(m.group(1).upper())
            else:
                col += 1
            cell = _XCell(attrs.get("t", "n"))
        elif tag == ROW:
            ref = attrs.get("r")
            if ref is not None:
                number = float(ref)
                if not number.is_integer():
                    raise ValueError(f"row number {ref!r}")
                row = int(number)
            else:
                row += 1
            col = 0
            if row > MAX_SHEET_ROWS:
                raise Stop
        elif cell is not None and tag in (V, F):
            text = []
            if tag == F:
                cell.f = ""
                cell.ft, cell.si, cell.ref = attrs.get("t", ""), attrs.get("si"), attrs.get("ref")

    def end(tag):
        nonlocal cell, text
        if tag == C:
            # an empty number cell (formatted, nothing in it) is kept out, as if it were not there
            if cell is not None and col <= MAX_SHEET_COLS and (cell.v is not None or cell.f is not None
                                                                or cell.t != "n"):
                cells[(row, col)] = cell
            cell = None
        elif cell is not None and text is not None and tag in (V, F):
            if tag == V:
                cell.v = "".join(text)
            else:
                cell.f = "".join(text)
            text = None

    def chars(data):
        if text is not None:
            text.append(data)

    def refuse(*_):
        raise SourceError(f"{name} 的工作表“{ws.title}”含有不允许的 DTD 或实体定义，未读取")

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    try:
        with ws.parent._archive.open(ws._worksheet_path) as stream:      # the part openpyxl streams
            while data := stream.read(1 << 16):
                parser.Parse(data, False)
            parser.Parse(b"", True)
    except Stop:
        pass
    except xml.parsers.expat.ExpatError:
        raise SourceError(f"{name} 的工作表“{ws.title}”的 XML 无法解析，未读取") from None
    return cells


def _decimal(text: str | None) -> Decimal | None:
    """A saved number, exactly; None if it is not one."""
    if text is None or len(text) > MAX_NUMBER_CHARS:
        return None
    try:
        d = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    # no report figure is near 10^30 or 10^-30; further out, even writing it out costs
    return d if d.is_finite() and -30 <= d.adjusted() <= 30 else None


def _shown_number(d: Decimal) -> Decimal:
    """A number as Excel shows it: 15 significant digits at most, no trailing zeros. Excel saves
    what it holds, a binary fraction, with up to 17 digits: 0.00005 as 5.0000000000000002E-5,
    a sum of 0.1 and 0.2 as 0.30000000000000004."""
    return _EXCEL_DIGITS.plus(d).normalize(_EXCEL_DIGITS)


def _same_shown(a: Decimal, b: Decimal) -> bool:
    """Whether Excel shows the two numbers alike."""
    return _shown_number(a) == _shown_number(b)


class _SheetShown:
    """The values of someone else's sheet as Excel shows them."""

    def __init__(self, ws, review: SheetReview) -> None:
        self.title = ws.title
        self.review = review
        self.cells = _sheet_xml_cells(ws, review.name)
        self.formulas = _Formulas(self.cells, review)

    def row(self, r: int, values) -> list:
        out = list(values)
        for i, v in enumerate(out):
            x = self.cells.get((r, i + 1))
            if x is None:
                continue
            if x.f is not None or x.ft:
                out[i] = self._formula(r, i + 1, x, v)
            elif x.t == "n" and isinstance(v, (int, float)) and not isinstance(v, bool):
                exact = _decimal(x.v)
                if exact is not None:
                    out[i] = _shown_number(exact)     # from the saved text, never through float
        return out

    def _formula(self, r: int, c: int, x: _XCell, shown):
        from openpyxl.utils.cell import get_column_letter

        place = f"工作表“{self.title}”{get_column_letter(c)}{r}"
        formula = self.formulas.text(r, c)
        if len(formula) > 40:
            formula = formula[:40] + "…"
        if isinstance(shown, (datetime.date, datetime.time, datetime.timedelta)):
            return shown                                    # a date shown by its format: not a figure
        saved = x.v if x.t in ("n", "str") else None
        saved_number = _decimal(saved)
        try:
            result = self.formulas.value(r, c)
        except _Uncertain as e:
            if saved_number is not None:
                self.review.problem(f"{place}的公式“={formula}”无法核算（{e}），其中保存的结果“{saved}”"
                                    f"可能不是 Excel 现在显示的数，未读取，请核对后填写")
                return None
            if saved is None and x.t == "n":
                self.review.problem(f"{place}的公式“={formula}”没有保存结果，且无法核算（{e}），未读取")
                return None
            return shown                                    # text, a truth value or an error: not a figure
        if saved_number is not None and _same_shown(saved_number, result):
            return _shown_number(result)
        result = _shown_number(result)
        if saved_number is None and x.v is None:
            self.review.note(f"{place}的公式“={formula}”没有保存结果，已按公式算出 {_plain_decimal(result)} 读取")
        else:
            saved = x.v if len(x.v) <= 20 else x.v[:20] + "…"
            self.review.note(f"{place}的公式“={formula}”保存的结果“{saved}”与按公式重新计算的 "
                             f"{_plain_decimal(result)} 不同（文件保存时未重新计算），已按 {_plain_decimal(result)} 读取")
        return result


# A formula is worked out here only when it adds cells of its own sheet: numbers, cell
# references, + and -, parentheses and SUM of cells, ranges and such sums. Anything else
# (another sheet, a name, another function, * or /) is said to be uncertain.
_FORMULA_TOKEN = re.compile(r"""\s*(?:
    (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.(!:$])
  | (?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})(?![\w.(!])
  | (?P<fn>[A-Za-z_][\w.]*)\s*\(
  | (?P<op>[-+(),:])
  )""", re.X)


class _Formulas:
    """Works out the formulas of one sheet, exactly (Decimal), each once."""

    def __init__(self, cells: dict[tuple[int, int], _XCell], review: SheetReview) -> None:
        self.cells = cells
        self.review = review
        self.done: dict[tuple[int, int], Decimal | str] = {}     # a value, or why there is none
        self.busy: set[tuple[int, int]] = set()
        self.trees: dict[str, tuple] = {}                        # the same formula parsed once
        self._shared: dict[str, tuple[int, int]] | None = None
        self._arrays: list[tuple[int, int, int, int, tuple[int, int]]] | None = None

    # -- which formula a cell has --

    def _shared_master(self, si: str | None) -> tuple[int, int] | None:
        if self._shared is None:
            self._shared = {}
            for pos, x in self.cells.items():
                if x.ft == "shared" and x.f and x.si is not None:
                    self._shared.setdefault(x.si, pos)
        return self._shared.get(si) if si is not None else None

    def text(self, r: int, c: int) -> str:
        x = self.cells[(r, c)]
        if x.ft == "shared" and not x.f:
            master = self._shared_master(x.si)
            if master is not None:
                return self.cells[master].f or ""
        return x.f or ""

    # -- its value --

    def value(self, r: int, c: int) -> Decimal:
        """The value of the formula in (r, c), or _Uncertain."""
        done = self.done.get((r, c))
        if isinstance(done, Decimal):
            return done
        if done is not None:
            raise _Uncertain(done)
        if self.review.work > MAX_FORMULA_CELLS:   # the budget is spent: no more working out
            raise _Uncertain("公式引用的单元格过多")
        if (r, c) in self.busy:
            raise _Uncertain("公式循环引用")
        if len(self.busy) >= MAX_FORMULA_DEPTH:
            raise _Uncertain("公式引用层次过深")
        self.busy.add((r, c))
        try:
            result = self._work_out(r, c)
        except _Uncertain as e:
            self.done[(r, c)] = str(e)
            raise
        finally:
            self.busy.discard((r, c))
        self.done[(r, c)] = result
        return result

    def _work_out(self, r: int, c: int) -> Decimal:
        x = self.cells[(r, c)]
        self._spend(FORMULA_COST + len(x.f or "") // 8)
        dr = dc = 0
        formula = x.f
        if x.ft == "dataTable":
            raise _Uncertain("模拟运算表")
        if x.ft == "array" and x.ref and ":" in x.ref and len(set(x.ref.upper().split(":"))) > 1:
            raise _Uncertain("数组公式")
        if x.ft == "shared" and not x.f:
            master = self._shared_master(x.si)
            if master is None:
                raise _Uncertain("找不到共享公式的原式")
            formula = self.cells[master].f
            dr, dc = r - master[0], c - master[1]
        if not formula or not formula.strip():
            raise _Uncertain("公式为空")
        tree = self.trees.get(formula)
        if tree is None:
            try:
                tree = _parse_formula(formula)
            except _Uncertain as e:
                tree = ("uncertain", str(e))
            if len(self.trees) < 10_000:
                self.trees[formula] = tree
        if tree[0] == "uncertain":
            raise _Uncertain(tree[1])
        with localcontext(_EXACT):
            try:
                return self._eval(tree, dr, dc)
            except ArithmeticError:
                raise _Uncertain("数字超出精确计算的范围") from None

    def _at(self, ref: tuple, dr: int, dc: int) -> tuple[int, int]:
        _, row, col, row_fixed, col_fixed = ref
        row, col = row + (0 if row_fixed else dr), col + (0 if col_fixed else dc)
        if not (1 <= row <= MAX_SHEET_ROWS and 1 <= col <= MAX_SHEET_COLS):
            raise _Uncertain("引用了读取范围以外的单元格")
        return row, col

    def _spend(self, n: int) -> None:
        self.review.work += n
        if self.review.work > MAX_FORMULA_CELLS:
            raise _Uncertain("公式引用的单元格过多")

    def _eval(self, node: tuple, dr: int, dc: int) -> Decimal:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "ref":
            self._spend(1)
            return self._scalar(*self._at(node, dr, dc))
        if kind == "+":
            return self._eval(node[1], dr, dc) + self._eval(node[2], dr, dc)
        if kind == "-":
            return self._eval(node[1], dr, dc) - self._eval(node[2], dr, dc)
        if kind == "neg":
            return -self._eval(node[1], dr, dc)
        if kind == "sum":
            total = Decimal(0)
            for arg in node[1]:
                if arg[0] in ("ref", "range"):
                    a = self._at(arg if arg[0] == "ref" else arg[1], dr, dc)
                    b = a if arg[0] == "ref" else self._at(arg[2], dr, dc)
                    total += self._sum_range(a, b)
                else:
                    total += self._eval(arg, dr, dc)
            return total
        raise _Uncertain("含有不支持的运算")          # a range outside SUM

    def _scalar(self, r: int, c: int) -> Decimal:
        """A referenced cell in an addition: a blank is 0, a number is itself, text is an error."""
        x = self.cells.get((r, c))
        if x is None:
            return Decimal(0)
        if x.f is not None or x.ft:
            return self.value(r, c)
        if x.t == "n":
            if x.v is None:
                return Decimal(0)
            d = _decimal(x.v)
            if d is None:
                raise _Uncertain("引用的单元格不是数字")
            return d
        if x.t == "b" and x.v in ("0", "1"):
            return Decimal(x.v)
        raise _Uncertain("引用了文字或错误值")

    def _sum_range(self, a: tuple[int, int], b: tuple[int, int]) -> Decimal:
        """SUM over a range: text and truth values are skipped (as Excel does), errors are not."""
        r1, r2 = sorted((a[0], b[0]))
        c1, c2 = sorted((a[1], b[1]))
        self._spend((r2 - r1 + 1) * (c2 - c1 + 1))
        total = Decimal(0)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                x = self.cells.get((r, c))
                if x is None:
                    continue
                if x.f is not None or x.ft:
                    total += self.value(r, c)
                elif x.t == "n" and x.v is not None:
                    d = _decimal(x.v)
                    if d is None:
                        raise _Uncertain("引用的单元格不是数字")
                    total += d
                elif x.t == "e":
                    raise _Uncertain("引用了错误值")
        return total


def _parse_formula(text: str) -> tuple:
    """A formula's tree: ("num", d), ("ref", row, col, row_fixed, col_fixed), ("range", ref, ref),
    ("+", a, b), ("-", a, b), ("neg", a), ("sum", [args]); _Uncertain for anything else."""
    from openpyxl.utils.cell import column_index_from_string

    if len(text) > 8192:
        raise _Uncertain("公式过长")
    tokens: list[tuple[str, object]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _FORMULA_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise _Uncertain("含有不支持的函数、运算或引用")
        pos = m.end()
        if m.group("num") is not None:
            tokens.append(("num", Decimal(m.group("num"))))
        elif m.group("ref") is not None:
            ref = m.group("ref")
            mm = re.fullmatch(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)", ref)
            tokens.append(("ref", ("ref", int(mm.group(4)), column_index_from_string(mm.group(2).upper()),
                                   bool(mm.group(3)), bool(mm.group(1)))))
        elif m.group("fn") is not None:
            if m.group("fn").upper() != "SUM":
                raise _Uncertain(f"含有函数 {m.group('fn').upper()[:20]}")
            tokens.append(("sum", None))
        else:
            tokens.append(("op", m.group("op")))
    tokens.append(("end", None))
    at = 0
    depth = 0

    def peek():
        return tokens[at]

    def take():
        nonlocal at
        at += 1
        return tokens[at - 1]

    def expr():
        nonlocal depth
        depth += 1
        if depth > 64:
            raise _Uncertain("公式嵌套过深")
        node = unary()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            node = (op, node, unary())
        depth -= 1
        return node

    def unary():
        if peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            inner = unary()
            return ("neg", inner) if op == "-" else inner
        return primary()

    def primary():
        kind, val = take()
        if kind == "num":
            return ("num", val)
        if kind == "ref":
            if peek() == ("op", ":"):
                take()
                kind2, val2 = take()
                if kind2 != "ref":
                    raise _Uncertain("含有不支持的引用")
                return ("range", val, val2)
            return val
        if kind == "sum":
            args = []
            if peek() != ("op", ")"):
                args.append(expr())
                while peek() == ("op", ","):
                    take()
                    args.append(expr())
            if take() != ("op", ")"):
                raise _Uncertain("公式不完整")
            return ("sum", args)
        if (kind, val) == ("op", "("):
            node = expr()
            if take() != ("op", ")"):
                raise _Uncertain("公式不完整")
            return node
        raise _Uncertain("公式不完整")

    tree = expr()
    if peek() != ("end", None):
        raise _Uncertain("含有不支持的运算")
    return tree


# -- PDF (in a separate process, with a time limit) --------------------------------------------------------


def pdf_worker(path: str) -> tuple[str, object]:
    """Runs in the child process: ("ok", (lines, grids, where)) or ("error", message)."""
    try:
        import pdfplumber

        lines: list[str] = []
        grids: list[Grid] = []
        where: list[str] = []
        chars = 0
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                return "error", f"PDF 共 {len(pdf.pages)} 页，不像是一份年度报告（最多 {MAX_PDF_PAGES} 页），未读取"
            for n, page in enumerate(pdf.pages, start=1):
                if _content_bytes(page) > MAX_PAGE_CONTENT:
                    return "error", f"PDF 第 {n} 页的内容异常庞大，不像是一份年度报告，未读取"
                text = page.extract_text() or ""
                chars += len(text.strip())
                lines.extend(text.splitlines())
                for t in page.extract_tables():
                    grids.append([[c for c in row] for row in t])
                    where.append(f"第{n}页表格")
        if chars == 0:
            return "error", "此PDF为扫描件（只有图片，没有可读取的文字），无法导入；请使用Word版或在程序中手工填写"
        return "ok", (lines, grids, where)
    except Exception as e:  # reported to the parent as a message
        name = type(e).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(e).lower():
            return "error", "PDF 有密码保护，无法读取；请先去除密码"
        return "error", f"PDF 无法解析（{name}），文件可能已损坏"


MAX_PAGE_CONTENT = 600 * 1024                # a real page's drawing instructions: tens of kB


def _content_bytes(page) -> int:
    """Size of a page's content streams as stored (laying out a huge one takes forever)."""
    from pdfminer.pdftypes import resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for s in streams:
        s = resolve1(s)
        raw = getattr(s, "rawdata", None)
        if raw is None:
            raw = getattr(s, "data", None) or b""
        total += len(raw)
    return total


def read_pdf(path: Path, seconds: float | None = None) -> tuple[list[str], list[Grid], list[str]]:
    """Lines of text and the ruled tables of a PDF.

    A hostile PDF can make a parser spin or eat memory, so it is read in a child process
    (``core.worker``) that is stopped after ``seconds`` or at its memory limit. When this runs
    in such a child already (``read_path`` put the whole read there), it reads right here.
    """
    from .. import worker

    seconds = PDF_SECONDS if seconds is None else seconds
    check_size(path)
    with open(path, "rb") as f:
        if b"%PDF" not in f.read(1024):
            raise SourceError(f"{path.name} 不是 PDF 文件")
    if worker.in_child():
        status, payload = pdf_worker(str(path))
        if status == "error":
            raise SourceError(f"{path.name}：{payload}")
        lines, grids, where = payload
        return lines, grids, where
    r = worker.run("pdf", {"path": str(path)}, seconds=seconds, memory_bytes=worker.MEMORY_BYTES,
                   label=f"读取 {path.name}", cause="PDF 结构异常", base=SourceError)
    return r["lines"], r["grids"], r["where"]


# -- text: pasted, .txt, .html ----------------------------------------------------------------------------


class _HtmlText(html.parser.HTMLParser):
    """Text of a web page with table cells as tabs and rows/paragraphs as lines."""

    BREAKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_cell = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
            self.in_cell += 1
        elif tag == "tr":
            self.in_cell = 0
            self.parts.append("\n")
        elif tag in self.BREAKS and not self.in_cell:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.in_cell = max(0, self.in_cell - 1)
        elif tag in self.BREAKS and not self.in_cell:        # <p> inside a cell stays in the cell
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data.replace("\n", " ") if "\t" not in data else data)

    def text(self) -> str:
        lines = []
        for line in "".join(self.parts).split("\n"):
            line = re.sub(r"^\t", "", line)        # the first <td> opens the row
            if line.strip():
                lines.append(line)
        return "\n".join(lines)


def decode(data: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{name} 的文字编码无法识别（应为 UTF-8 或 GBK）")


MAX_HTML_TAGS = 60_000        # a government web page with its menus: a few thousand


def html_to_text(markup: str) -> str:
    tags = markup.count("<")                  # counted before parsing (html.parser: ~10 µs a tag)
    if tags > MAX_HTML_TAGS:
        raise SourceError(f"网页有 {tags} 个以上的标记，不像是一份年度报告的网页，未读取")
    p = _HtmlText()
    p.feed(markup)
    p.close()
    return p.text()


def text_rows(text: str) -> Grid:
    return text_rows_numbered(text)[0]


def text_rows_numbered(text: str) -> tuple[Grid, list[int]]:
    """Rows of cells from text: tabs separate cells; without tabs, trailing numbers are cells.

    A line holding only numbers continues the label on the line before it
    (text extracted from a PDF breaks rows like that).
    """
    rows: Grid = []
    numbers_of: list[int] = []
    total = 0
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        if "\t" in line:
            tabs = line.count("\t")                    # counted before any cell is parsed
            if tabs >= MAX_SHEET_COLS:
                raise SourceError(f"第{n}行有 {tabs + 1} 个单元格，不像是年度报告的表格，未读取")
            cells: list[str | None] = [c.strip() for c in line.split("\t")]
        else:
            tokens = line.split()
            k = len(tokens)
            while k > 0 and is_number(tokens[k - 1]):
                k -= 1
                if len(tokens) - k >= MAX_SHEET_COLS:
                    raise SourceError(f"第{n}行末尾的数字超过 {MAX_SHEET_COLS} 个，不像是年度报告的表格，未读取")
            cells = ([" ".join(tokens[:k])] if k else []) + tokens[k:]
        total += len(cells)
        if total > MAX_TEXT_CELLS:
            raise SourceError(f"文字中的单元格超过 {MAX_TEXT_CELLS} 个，不像是一份年度报告（通常约一千个），未读取")
        labels = [c for c in cells if c and not is_number(c)]
        numbers = [c for c in cells if c and is_number(c)]
        if rows and not labels and numbers:
            prev = rows[-1]
            prev_numbers = [c for c in prev if c and is_number(c)]
            if not prev_numbers:
                rows[-1] = prev + cells
                continue
        rows.append(cells)
        numbers_of.append(n)
    return rows, numbers_of


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
