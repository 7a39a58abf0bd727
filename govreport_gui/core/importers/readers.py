"""Turning each kind of file into paragraphs and grids of cell texts.

Hostile files are expected: sizes, zip contents, pages and time are limited
before the real parsing starts, and every failure is a Chinese message.
"""

from __future__ import annotations

import html.parser
import re
import zipfile
from pathlib import Path

from ..errors import GovReportError
from .tables import Grid, is_number, parse_number

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
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SourceError(f"找不到文件 {path}") from None
    except OSError as e:
        raise SourceError(f"无法读取 {path.name}：{e.strerror or e}") from None
    if path.is_dir():
        raise SourceError(f"{path} 是文件夹，不是报告文件")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path.name} 过大（{size / 1024 / 1024:.0f} MB），不像是一份年度报告，未读取")
    if size == 0:
        raise SourceError(f"{path.name} 是空文件")
    return size


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
    except zipfile.BadZipFile:
        if path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
            raise SourceError(f"{path.name} 是加密的或旧版（.doc/.xls）文件，请在 Word/Excel 中另存为 .{kind} 后再导入") from None
        raise broken from None
    except (OSError, EOFError, RuntimeError, ValueError, NotImplementedError):   # a part that will not unpack
        raise broken from None


def _check_xlsx_parts(name: str, z: zipfile.ZipFile) -> None:
    """What would make openpyxl spend seconds before we see a cell: a huge XML token or rows
    out of order in a part it streams, thousands of sheets or cell formats (any part may be
    the workbook or the styles)."""
    sheets = 0
    for info in z.infolist():
        if _STREAMED_XLSX_PART.match(info.filename):
            with z.open(info) as stream:
                problem = scan_xml(stream, rows="worksheets/" in info.filename.lower())
            if problem:
                raise SourceError(f"{name} 的内部文件 {info.filename} 结构异常（{problem}），"
                                  f"不像是 Excel 保存的文件，未读取")
        elif info.filename.lower().endswith(".xml"):
            with z.open(info) as stream:
                found = count_matches(stream, _COUNTED_TAG)
            sheets += found.get(b"sheet", 0)
            if sheets > MAX_SHEETS:
                raise SourceError(f"{name} 列出了 {sheets} 个以上的工作表，不像是一份年度报告，未读取")
            if found.get(b"xf", 0) > MAX_CELL_FORMATS:
                raise SourceError(
                    f"{name} 含有 {found[b'xf']} 种单元格格式（通常不到一百种），读取它需要很长时间；"
                    f"请在 Excel 或 WPS 中把表格复制到一个新工作簿，保存后再导入")


MAX_SHEETS = 255
# openpyxl turns every cell format (<xf>) into objects as it opens a workbook, ~100 µs each:
# 44,000 took 5 s. Years of copying between workbooks can leave thousands; Excel stops at 64,000.
MAX_CELL_FORMATS = 20_000
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
_STREAMED_XLSX_PART = re.compile(r"xl/(worksheets/[^/]+|sharedStrings)\.xml$", re.I)
MAX_XML_TOKEN = 64 * 1024
MAX_XML_SPECIALS = 100
MAX_ROW_CELLS = 2000                   # cells written in one row (Excel's widest: 16,384)
_SPECIAL = re.compile(rb"<!--|<\?")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])[^>]*>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,12})["']""")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def scan_xml(stream, chunk: int = 1 << 20, max_token: int = MAX_XML_TOKEN, rows: bool = False) -> str | None:
    """What is wrong with an XML stream, in Chinese, or None: a tag, comment or processing
    instruction longer than ``max_token`` bytes, too many comments and instructions, and
    with ``rows`` (a worksheet) rows out of order or with too many cells. Linear in the size.

    The stream is read in chunks; each buffer keeps the last ``keep`` bytes of the one before,
    so a token across two chunks is seen whole, and each comment, instruction or row is
    checked once, when the buffer holds enough after its start to see its end.
    """
    keep = max_token + 8
    long_tag = re.compile(rb"<[^>]{%d}" % max_token)
    tail, specials, last_row, cells = b"", 0, 0, 0
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
                last_row, cells, pos = row, 0, m.end()
            cells += _count_starting_before(_CELL_TAG, buf, pos, limit)
            if cells > MAX_ROW_CELLS:
                return "一行中的单元格过多"
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


def read_docx(path: Path) -> tuple[list[str], list[Grid], list[str]]:
    """Paragraphs (outside tables) and the tables as grids, in document order."""
    check_size(path)
    check_zip(path, "docx")
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds for broken packages
        raise SourceError(f"{path.name} 无法作为 Word 文档打开（文件内部结构有误：{_plain(e)}）") from None
    paras: list[str] = []
    grids: list[Grid] = []
    where: list[str] = []
    body = document.element.body
    # counted before any text is read: reading a paragraph's text costs python-docx an XPath query
    n_paras = sum(1 for _ in body.iterchildren(qn("w:p")))
    if n_paras > MAX_PARAGRAPHS:
        raise SourceError(f"{path.name} 有 {n_paras} 段文字，不像是一份年度报告，未读取")
    n_rows = sum(1 for tbl in body.iterchildren(qn("w:tbl")) for _ in tbl.iterchildren(qn("w:tr")))
    if n_rows > MAX_TABLE_ROWS:
        raise too_many_table_rows(path.name, n_rows)
    n_runs = sum(1 for _ in body.iter(qn("w:r")))       # python-docx reads a run's text in ~60 µs
    if n_runs > MAX_RUNS:
        raise SourceError(f"{path.name} 的文字被分成了 {n_runs} 段格式，不像是一份年度报告，未读取")
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paras.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            grids.append(_docx_grid(child, document))
            where.append(f"第{len(grids)}个表格")
    return paras, grids, where


def _small_int(text: str | None, default: int) -> int:
    """A count from a document's XML: not a number -> default; never more than a sheet is wide."""
    try:
        return min(max(int(str(text)), 0), MAX_SHEET_COLS)
    except (TypeError, ValueError):
        return default


def _docx_grid(tbl, document) -> Grid:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    grid: Grid = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str | None] = []
        trpr = tr.find(qn("w:trPr"))
        before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
        if before is not None:
            row.extend([None] * _small_int(before.get(qn("w:val")), 0))
        for tc in list(tr.iterchildren(qn("w:tc")))[:MAX_SHEET_COLS]:
            tcpr = tc.find(qn("w:tcPr"))
            span, cont = 1, False
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = max(_small_int(gs.get(qn("w:val")), 1), 1)
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None and vm.get(qn("w:val"), "continue") != "restart":
                    cont = True
            if cont:
                row.extend([None] * span)
                continue
            text = "\n".join(Paragraph(p, document).text for p in tc.iterchildren(qn("w:p")))
            row.append(text)
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid


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
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            if info.file_size > 1024 * 1024:
                return None
            return re.search(rb"""name\s*=\s*["']_govreport["']""", z.read(info)) is not None
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return None


def sheet_grid(ws, max_rows: int = MAX_SHEET_ROWS) -> Grid:
    """The sheet's rows with something in them: at most ``max_rows`` of them, from its first
    MAX_SHEET_ROWS rows and MAX_SHEET_COLS columns."""
    grid: Grid = []
    for row in ws.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_SHEET_COLS, values_only=True):
        if len(grid) >= max_rows:
            break
        cells = [None if v is None else _cell_str(v) for v in row[:MAX_SHEET_COLS]]
        if any(c is not None and c.strip() for c in cells):    # formatted but empty rows do not count
            grid.append(cells)
    return grid


def _cell_str(v) -> str:
    if isinstance(v, float):
        return repr(v) if v != int(v) else str(int(v))
    return str(v)


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


def pdf_child_main() -> None:
    """Entry of the child process: read the PDF named in argv, print JSON."""
    import json
    import sys

    status, payload = pdf_worker(sys.argv[-1])
    # a windowed Windows program may start without sys.stdout even though its parent gave it a pipe
    out = sys.stdout if sys.stdout is not None else open(1, "w", encoding="ascii", closefd=False)
    out.write(json.dumps([status, payload], ensure_ascii=True))
    out.flush()


def read_pdf(path: Path, seconds: float | None = None) -> tuple[list[str], list[Grid], list[str]]:
    """Lines of text and the ruled tables, read in a child process that is stopped after ``seconds``.

    A hostile PDF can make a parser spin or eat memory; in a child process it
    can be stopped, and the app stays responsive.
    """
    import json
    import subprocess
    import sys

    seconds = PDF_SECONDS if seconds is None else seconds
    check_size(path)
    with open(path, "rb") as f:
        if b"%PDF" not in f.read(1024):
            raise SourceError(f"{path.name} 不是 PDF 文件")
    if getattr(sys, "frozen", False):
        cmd = [sys.executable, "--pdf-worker", str(path)]
    else:
        cmd = [sys.executable, "-c", "from govreport_gui.core.importers.readers import pdf_child_main; "
               "pdf_child_main()", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=seconds, stdin=subprocess.DEVNULL,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # Windows: no console flash
    except subprocess.TimeoutExpired:
        raise SourceError(f"读取 {path.name} 超过 {seconds:g} 秒仍未完成（PDF 结构异常），已停止") from None
    try:
        status, payload = json.loads(done.stdout.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise SourceError(f"{path.name}：PDF 无法解析（读取进程异常退出），文件可能已损坏") from None
    if status == "error":
        raise SourceError(f"{path.name}：{payload}")
    lines, grids, where = payload
    return lines, grids, where


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
