"""Excel (.xlsx, .xlsm): our own export, or someone else's workbook in the official layout.

openpyxl cannot bound itself: before it opens a workbook, every part is looked at in one linear
pass (:func:`check_parts`) — far too many sheets, styles, strings or elements, a huge XML token,
rows out of order — and refused in Chinese. Our own workbook (the exporter's hidden sheet,
``export/xlsx.py``) is read back whole by own_xlsx.py; someone else's is read as Excel shows it,
its formulas checked (xlsx_formulas.py).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

from . import limits as L
from . import narrative as N
from .limits import SourceError, check_size, plain_reason
from .own_xlsx import read_own_xlsx
from .result import ImportResult, assemble
from .tables import Grid
from .xlsx_formulas import SheetReview, SheetShown, plain_decimal
from .xmlcount import LONG_NAME, START_TAG, TAG_WINDOW, count_tags, tags, tags_starting_before

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
    if found[b"#long"] > L.MAX_LONG_NAMES:
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
        """The tags that start in buf[start:end] (buf holds TAG_WINDOW bytes more, or the stream's end)."""
        if end > start:
            self.elements += tags_starting_before(START_TAG, buf, start, end)
            self.extras += tags_starting_before(_SHEET_EXTRA_TAGS, buf, start, end)
            self.long += tags_starting_before(LONG_NAME, buf, start, end)

    def over(self) -> str | None:
        if self.elements > MAX_SHEET_ELEMENTS:
            return (f"前 {L.MAX_SHEET_ROWS} 行中至少有 {self.elements} 个 XML 元素（单元格等，一份年报只有"
                    f"几千个）")
        if self.long > L.MAX_LONG_NAMES:
            return f"中至少有 {self.long} 个名称超长的 XML 元素（Office 从不写出）"
        if self.extras > MAX_SHEET_EXTRAS:
            return f"中的合并区域、链接、条件格式、数据验证等至少有 {self.extras} 个（一份年报通常只有几十个）"
        return None


_SHEET_EXTRA_TAGS = tags("mergeCell", "hyperlink", "cfRule", "conditionalFormatting", "dataValidation", "brk",
                         "selection", "protectedRange", "scenario", "ignoredError", "customSheetView",
                         "tablePart", "col")
_XLSX_TAGS = tags("sheet", "xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle", "si", "r", "t")
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
    keep = max(max_token, TAG_WINDOW) + 8        # the budget's tags are seen whole as well
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
                if counting and row > L.MAX_SHEET_ROWS:       # openpyxl stops before this row
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


def check_parts(name: str, z: zipfile.ZipFile) -> None:
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


def open_workbook(path: Path, data_only: bool = True):
    """Read-only mode: rows are streamed and merged ranges are not expanded cell by cell,
    so a far-away cell or a huge merged range costs nothing."""
    check_size(path)
    L.check_zip(path, "xlsx", check_parts)
    try:
        import openpyxl

        return openpyxl.load_workbook(str(path), data_only=data_only, read_only=True)
    except Exception as e:
        raise SourceError(f"{path.name} 无法作为 Excel 工作簿打开（文件内部结构有误：{plain_reason(e)}）") from None


def names_own_sheet(path: Path) -> bool | None:
    """Whether the workbook lists our hidden ``_govreport`` sheet: True or False from
    xl/workbook.xml, None when that part is missing or too large to peek at."""
    if not Path(path).is_file():         # a FIFO would block the opening: check_size refuses it
        return None
    from ..export import xlsx as X           # the exporter's name for the sheet (imports openpyxl)

    named = re.compile(rb"""name\s*=\s*["']%s["']""" % re.escape(X.MAP_SHEET.encode()))
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 1024 * 1024:
                return None
            return named.search(z.read(info)) is not None
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return None


def sheet_grid(ws, max_rows: int = L.MAX_SHEET_ROWS, review: "SheetReview | None" = None) -> Grid:
    """The sheet's rows with something in them: at most ``max_rows`` of them, from its first
    MAX_SHEET_ROWS rows and MAX_SHEET_COLS columns.

    With a ``review`` (someone else's workbook, opened with its saved values), what Excel
    shows is read, not only what was saved: the sheet's XML is read as well (one streaming
    pass), numbers come from its text exactly (not through float), and a formula's saved
    result is checked against the formula; what could not be checked is left blank and said
    in the review (see :class:`SheetReview`)."""
    shown = SheetShown(ws, review) if review is not None else None
    grid: Grid = []
    # read-only openpyxl yields every row from 1 on (empty ones for gaps): the count is the row number
    for r, row in enumerate(ws.iter_rows(max_row=L.MAX_SHEET_ROWS, max_col=L.MAX_SHEET_COLS, values_only=True), start=1):
        if len(grid) >= max_rows:
            break
        values = row[:L.MAX_SHEET_COLS]
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
        return plain_decimal(v)
    return str(v)


def read(p: Path) -> ImportResult:
    """A workbook as a report (the registry's reader for .xlsx and .xlsm).

    Ours is opened with formulas visible (live totals are told from typed ones); someone
    else's with the values their totals show, each formula checked against the sheet's XML
    (sheet_grid with a review). Opening costs openpyxl most of the time, so the workbook
    part is peeked at first, and opened twice only when that is not conclusive."""
    check_size(p)                        # before the peek: a FIFO would block the opening
    own = names_own_sheet(p)
    wb = open_workbook(p, data_only=False) if own is not False else None
    if wb is not None:
        from ..export import xlsx as X

        if X.MAP_SHEET in wb.sheetnames:
            try:
                return read_own_xlsx(wb, p.name)
            except (ValueError, IndexError, KeyError, TypeError, AttributeError, StopIteration):
                raise SourceError(f"{p.name} 的内部对照表（隐藏的 _govreport 工作表）已损坏，无法按原样读取") from None
    wb = open_workbook(p, data_only=True)
    review = SheetReview(p.name)
    grids, where, paras = [], [], []
    rows = 0
    for ws in wb.worksheets:
        grid = sheet_grid(ws, L.MAX_TABLE_ROWS + 1 - rows, review)
        rows += len(grid)
        if rows > L.MAX_TABLE_ROWS:                # stopped as soon as it is clear, not after every sheet
            raise L.too_many_table_rows(p.name)
        grids.append(grid)
        where.append(f"工作表“{ws.title}”")
        for row in grid:                      # long text cells: the narrative, if the sheet has one
            for c in row:
                if c and (len(c) > 12 or N.heading_of(c)):
                    paras.extend(str(c).split("\n"))
    return assemble(paras, grids, where, "xlsx", p.name, notes=review.notes, problems=review.problems)
