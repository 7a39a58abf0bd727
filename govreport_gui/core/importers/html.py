"""A web page (.html, .htm): its tables read as grids, its text as paragraphs.

Web pages give every cell's place in their markup, so no cell is lost: ``rowspan`` and
``colspan`` are honoured (the text at the top-left place, ``None`` where the span reaches, as
the Word reader does), and a cell left blank stays blank in its place — an empty ``td``,
``&nbsp;``, or ``/``, ``-``, ``—`` written for "nothing" are blank values, never 0 (sites print
zeros and totals that way). A label split over several ``<p>``/``<span>`` in one cell is one
label. Word-exported HTML (``MsoNormal``, ``<o:p>``, conditional comments) and a CMS page's
navigation, layout tables and footer around the article are read the same way: a table that
holds other tables, or no number at all, is layout, and its text is paragraphs.

lxml's HTML parser (libxml2, which python-docx already brings) reads the page; tags are counted
before it builds anything (``MAX_HTML_TAGS``).
"""

from __future__ import annotations

import re
from pathlib import Path

from . import narrative as N
from .limits import SourceError, check_size
from .result import ImportResult, assemble
from .tables import Grid, is_number
from .text import MAX_HTML_TAGS, decode

BLANK_MARKS = {"/", "／", "-", "－", "—", "——", "―", "–"}
MAX_SPAN = 60                                  # a rowspan/colspan larger than any printed table
_BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
           "article", "header", "footer", "td", "th", "caption", "blockquote", "pre", "hr", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"}
_SPACE = re.compile(r"[\s\u00a0\u3000]+")


def read(path: Path) -> ImportResult:
    """A web page saved as a file, as a report (the registry's reader for .html/.htm)."""
    check_size(path)
    return read_markup(decode(path.read_bytes(), path.name), path.name)


def read_markup(markup: str, name: str) -> ImportResult:
    paras, grids, where = page(markup, name)
    return assemble(N.join_lines(paras), grids, where, "html", name)


def page(markup: str, name: str = "网页") -> tuple[list[str], list[Grid], list[str]]:
    """The page's paragraphs (outside its data tables) and its data tables as grids, in order."""
    tags = markup.count("<")                  # counted before anything is built
    if tags > MAX_HTML_TAGS:
        raise SourceError(f"网页有 {tags} 个以上的标记，不像是一份年度报告的网页，未读取")
    import lxml.html
    from lxml import etree

    # the text is decoded already (decode: UTF-8 or GBK): its bytes are given as UTF-8, whatever
    # the page's <meta charset> says
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise SourceError(f"{name} 无法作为网页读取（{e}）") from None
    walker = _Walker()
    walker.walk(_article(root), 0)
    walker.flush()
    where = [f"第{i + 1}个表格" for i in range(len(walker.grids))]
    return walker.paras, walker.grids, where


def _article(root):
    """The part of the page that holds the report: the innermost element holding all its data
    tables (a site's navigation, side menus and footer lie outside it); the whole page when it
    has no data table."""
    tables = [t for t in root.iter("table") if _is_data_table(t)]
    if not tables:
        return root
    common = list(tables[0].iterancestors())
    for t in tables[1:]:
        ancestors = set(t.iterancestors())
        common = [a for a in common if a in ancestors]
    node = common[0] if common else root
    # up to the element that also holds the report's title (it often sits in a box of its own)
    holders: set = set()
    for e in root.iter(*_TITLE_TAGS):
        text = _short_text(e, 120)
        if text is not None and len(text) >= 8 and N.title_of(text) is not None:
            holders.add(e)
            holders.update(e.iterancestors())
            break
    for candidate in [node, *node.iterancestors()]:
        if candidate in holders:
            return candidate
    return root


_TITLE_TAGS = ("h1", "h2", "h3", "h4", "p", "div", "td", "span", "strong", "b", "font")


def _short_text(el, limit: int) -> str | None:
    """The element's text if it is at most ``limit`` characters (read no further than that)."""
    pieces, n = [], 0
    for t in el.itertext():
        n += len(t)
        if n > limit * 4:                  # spaces are squeezed below; beyond this it is no title
            return None
        pieces.append(t)
    text = _SPACE.sub(" ", "".join(pieces)).strip()
    return text if len(text) <= limit else None


def _text(el) -> str:
    """A cell's or block's text, its pieces (<p>, <span>, <o:p>) joined, spaces squeezed."""
    pieces = [t for t in el.itertext(tag=None) if t]
    return _SPACE.sub(" ", "".join(pieces)).strip()


class _Walker:
    def __init__(self) -> None:
        self.paras: list[str] = []
        self.grids: list[Grid] = []
        self.line: list[str] = []

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.line)).strip()
        if text:
            self.paras.append(text)
        self.line = []

    def walk(self, el, depth: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
        if tag in _SKIP or depth > 400:
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            self.grids.append(_grid(el))
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if el.text:
            self.line.append(el.text)
        for child in el:
            self.walk(child, depth + 1)
            if child.tail:
                self.line.append(child.tail)
        if block:
            self.flush()


def _rows(table) -> list:
    """The table's own rows (not those of a table inside it), through thead/tbody/tfoot."""
    out = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return out


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _is_data_table(table) -> bool:
    """A table of figures: it holds no other table and at least one cell is a number or blank."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = _rows(table)
    return len(rows) >= 2 and any(is_number(_text(c)) for tr in rows for c in _cells(tr))


def _span(cell, attr: str) -> int:
    try:
        return min(max(int(str(cell.get(attr, "1")).strip() or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def _grid(table) -> Grid:
    """The table as printed: each cell's text at its top-left place, None where a span reaches;
    a blank cell is ""."""
    grid: Grid = []
    pending: dict[tuple[int, int], bool] = {}         # (row, col) covered by a rowspan from above
    for r, tr in enumerate(_rows(table)):
        row: list[str | None] = []
        c = 0
        for cell in _cells(tr):
            while pending.pop((r, c), False):
                row.append(None)
                c += 1
            text = _text(cell)
            if text in BLANK_MARKS:
                text = ""                                # printed for "nothing": a blank, never 0
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            row.append(text)
            row.extend([None] * (cs - 1))
            for rr in range(r + 1, r + rs):
                for cc in range(c, c + cs):
                    pending[(rr, cc)] = True
            c += cs
        last = max((cc for (rr, cc) in pending if rr == r), default=-1)
        while c <= last:                                 # spans from above past this row's own cells
            pending.pop((r, c), None)
            row.append(None)
            c += 1
        grid.append(row)
    return grid
