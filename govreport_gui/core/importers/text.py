"""Text: pasted into the app, or saved as a .txt file (a web page is html.py's).

Text keeps no reliable column positions: tabs separate cells, or else trailing numbers are
cells (a PDF's text breaks rows that way). Lines, cells and HTML tags are counted before any
cell is parsed.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from . import limits as L
from . import narrative as N
from .limits import SourceError, check_size
from .result import ImportResult, assemble
from .tables import Grid, is_number

MAX_TEXT_CHARS = 2_000_000
MAX_TEXT_LINES = 5000                        # a pasted report: a few hundred lines
MAX_TEXT_CELLS = 20_000                      # cells of all pasted rows (a report: about 1,000)
MAX_HTML_TAGS = 60_000        # a government web page with its menus: a few thousand


def read_text(text: str, name: str = "粘贴的文字") -> ImportResult:
    """Text copied from a published web page or PDF (tabs between cells, rows broken)."""
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(f"{name} 过长（{len(text)} 字），不像是一份年度报告")
    if "<table" in text[:20000].lower() or "<td" in text[:20000].lower():
        text = html_to_text(text)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines > MAX_TEXT_LINES:              # counted before any cell is looked at
        raise SourceError(f"{name} 有 {lines} 行文字，不像是一份年度报告（通常只有几百行），未读取")
    grid, line_numbers = text_rows_numbered(text)
    if len(grid) > L.MAX_TABLE_ROWS:          # before the (slower) paragraph joining
        raise L.too_many_table_rows(name, len(grid))
    return assemble(N.join_lines(text.splitlines()), [grid], ["文字"], "text", name,
                    row_where=[[f"第{n}行" for n in line_numbers]])


def read(path: Path) -> ImportResult:
    """A text file as a report (the registry's reader for .txt): UTF-8 or GBK."""
    check_size(path)
    return read_text(decode(path.read_bytes(), path.name), path.name)


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



def html_to_text(markup: str) -> str:
    tags = markup.count("<")                  # counted before parsing (html.parser: ~10 µs a tag)
    if tags > MAX_HTML_TAGS:
        raise SourceError(f"网页有 {tags} 个以上的标记，不像是一份年度报告的网页，未读取")
    p = _HtmlText()
    p.feed(markup)
    p.close()
    return p.text()


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
            if tabs >= L.MAX_SHEET_COLS:
                raise SourceError(f"第{n}行有 {tabs + 1} 个单元格，不像是年度报告的表格，未读取")
            cells: list[str | None] = [c.strip() for c in line.split("\t")]
        else:
            tokens = line.split()
            k = len(tokens)
            while k > 0 and is_number(tokens[k - 1]):
                k -= 1
                if len(tokens) - k >= L.MAX_SHEET_COLS:
                    raise SourceError(f"第{n}行末尾的数字超过 {L.MAX_SHEET_COLS} 个，不像是年度报告的表格，未读取")
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
