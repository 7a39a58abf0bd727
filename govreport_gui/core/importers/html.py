"""A web page (.html, .htm): its tables read as grids, its text as paragraphs.

Web pages give every cell's place in their markup, so no cell is lost: ``rowspan`` and
``colspan`` are honoured (the text at the top-left place, ``None`` where the span reaches, as
the Word reader does), and a cell left blank stays blank in its place — an empty ``td``,
``&nbsp;``, or ``/``, ``-``, ``—`` written for "nothing" are blank values, never 0 (sites print
zeros and totals that way); reading the tables (tables.py) names each of them in the review. A
label split over several ``<p>``/``<span>`` in one cell is one label. What the page does not show
(``display:none``, ``hidden``) is not read.

The report is the part of the page holding its tables (a table holding words of the editions'
tables) and its section headings; a CMS page's navigation, side menus, date line, share links
and footer (its own small tables of numbers among them) lie outside it, and the title, often in
a box above it, is the last one before it (a date line under it, 发布日期：…, is the site's
too). Word-exported HTML (``MsoNormal``, ``<o:p>``, conditional comments, ``mso-`` styles) is
read the same way. Text is read as a browser shows it: a line break in the markup between two
Chinese characters is no space (Word wraps its HTML so), a typed space stays; a page's
paragraphs are its own and are never joined as a PDF's wrapped lines are. A table section whose heading is followed by a picture and no table is said
to be a picture; a page of nothing but pictures is refused saying so.

lxml's HTML parser (libxml2, which python-docx already brings; it nests at most 255 levels)
reads the page; tags are counted before it builds anything (``MAX_HTML_TAGS``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from . import narrative as N
from . import tables as T
from .limits import SourceError, check_size
from .result import ImportResult, assemble
from .tables import Grid, is_number
from .text import MAX_HTML_TAGS, decode

MAX_SPAN = 60                                  # a rowspan/colspan larger than any printed table
MAX_DEPTH = 400
ICON_PX = 50                                   # an image this small (width or height) is an icon, not a page
_BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
           "article", "header", "footer", "td", "th", "caption", "blockquote", "pre", "hr", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "select",
         "button", "input", "textarea"}
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "p", "div", "td", "span", "strong", "b", "font")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NUMERALS = "一二三四五六七八九十"
# a site's line under an article's title: 发布日期：2020-01-31　来源：…　浏览次数：…　【字体：大 中 小】
_SITE_LINE = re.compile(r"^(?:发布|发表|成文|更新)?(?:日期|时间)\s*[:：]\s*\d{4}\s*[-/年.]|"
                        r"^(?:信息)?来源\s*[:：]|^(?:浏览|点击|访问|阅读)(?:次数|量|数)\s*[:：]")
_WS_CHARS = " \t\r\n\f\v\u00a0\u3000"


def read(path: Path) -> ImportResult:
    """A web page saved as a file, as a report (the registry's reader for .html/.htm)."""
    check_size(path)
    return read_markup(decode(path.read_bytes(), path.name), path.name)


def read_markup(markup: str, name: str) -> ImportResult:
    """A page's markup (already decoded) as a report. Its paragraphs are the page's own: a
    paragraph of a page is never joined to the next as a PDF's wrapped lines are."""
    found = _read_page(markup, name)
    try:
        return assemble(found.paras, found.grids, found.where, "html", name, unread=_pictures(found))
    except SourceError:
        if not found.grids and found.images:
            raise SourceError(f"{name} 中没有可读取的报告文字或表格，只有 {found.images} 张图片：报告可能是以图片发布的，"
                              "无法读取其中的文字和数字，请使用Word或PDF版") from None
        raise


def page(markup: str, name: str = "网页") -> tuple[list[str], list[Grid], list[str]]:
    """The page's paragraphs (outside its data tables) and its data tables as grids, in order."""
    found = _read_page(markup, name)
    return found.paras, found.grids, found.where


class _Page:
    """What a page holds: its paragraphs, its data tables, and its images (where they are)."""

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.grids: list[Grid] = []
        self.where: list[str] = []
        self.images = 0
        self.events: list[tuple[str, int]] = []      # ("p", paragraph) / ("g", grid) / ("img", 0), in order


def _read_page(markup: str, name: str) -> _Page:
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
    body, title = _article(root)
    walker = _Walker(_report_words())
    for line in title:
        walker.events.append(("p", len(walker.paras)))
        walker.paras.append(line)
    walker.walk(body, 0)
    walker.flush()
    walker.where = [f"第{i + 1}个表格" for i in range(len(walker.grids))]
    _drop_site_lines(walker)
    return walker


def _drop_site_lines(page: _Page) -> None:
    """The site's date line under the title (发布日期：…　来源：…), when the article holds it: not
    the report's text."""
    title = next((i for i, p in enumerate(page.paras[:8]) if len(p) <= 120 and N.title_of(p)), None)
    if title is None:
        return
    drop = set()
    for i in range(title + 1, min(title + 4, len(page.paras))):
        if len(page.paras[i]) > 80 or not _SITE_LINE.match(page.paras[i]):
            break
        drop.add(i)
    if not drop:
        return
    new_index, paras = {}, []
    for i, p in enumerate(page.paras):
        if i not in drop:
            new_index[i] = len(paras)
            paras.append(p)
    page.paras = paras
    page.events = [(kind, new_index[i] if kind == "p" else i) for kind, i in page.events
                   if not (kind == "p" and i in drop)]


def _pictures(found: _Page) -> dict[str, str]:
    """Sections whose heading is followed by a picture and no table: the table is a picture,
    nothing was read from it. Said by ``assemble`` in place of "not found", for the sections it
    finds no table of."""
    marks = []                                 # (event index, section id, heading as printed)
    for k, (kind, i) in enumerate(found.events):
        if kind == "p":
            sid = N.heading_of(found.paras[i])
            if sid is not None:
                marks.append((k, sid, found.paras[i]))
    said: dict[str, str] = {}
    for n, (k, sid, printed) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else len(found.events)
        kinds = [kind for kind, _ in found.events[k + 1:stop]]
        if "img" in kinds and "g" not in kinds:
            said.setdefault(sid, f"网页中“{printed}”的表格是图片，无法读取其中的数字，请使用Word或PDF版")
    return said


def _report_words() -> set[str]:
    """Words of the editions' printed tables (their labels and column names, of four characters
    or more): a table holding one of them is part of the report."""
    from .. import edition as editions

    words: set[str] = set()
    for eid in editions.available():
        for t in editions.get(eid).tables.values():
            words.update(T.core_label(g.text) for g in t.grid if g.kind == "label")
            words.update(T.core_label(n) for n in t.columns.values())
    return {w for w in words if len(w) >= 4}


def _article(root):
    """The part of the page that holds the report, and its title if that lies outside it.

    The report is the innermost element holding its tables (a table holding a word of the
    editions' tables) and its section headings: a site's navigation, side menus, date line,
    share links and footer (with its own small tables of numbers) lie outside it. A site often
    puts the title above the article in a box of its own: then the title nearest before it is
    the report's title. A page with neither tables nor headings is read whole."""
    words = _report_words()
    tables = [t for t in root.iter("table") if (_is_data_table(t) and _holds_any(t, words)) or _is_blank_table(t, words)]
    headings = _heading_elements(root)
    anchors = tables or (headings if len(headings) >= 2 else [])
    if not anchors:
        return root, []
    article = _common_ancestor(anchors + headings)
    title: list[str] = []
    title_el = None
    line = ""                                    # the last short line met (an issuer on a line of its own)
    for e in root.iter():
        if e is article:
            break
        if not isinstance(e.tag, str) or e.tag not in _TITLE_TAGS or _hidden(e):
            continue
        if title_el is not None and _within(e, title_el):
            continue                             # a piece of the title (<h1><span>…)
        text = _short_text(e, 120)
        if not text:
            continue
        m = N.title_of(text) if len(text) >= 8 else None
        if m is None:
            if len(text) <= 30:
                line = text
            continue
        title_el = e
        # the last title before the article (a breadcrumb naming it comes earlier), with the line
        # above it when it names no issuer (东安区人民政府 / 2020年政府信息公开工作年度报告)
        title = [line, text] if not m.group("issuer").strip() and line else [text]
    if any(_is_title(e) for e in article.iter(*_TITLE_TAGS)):
        return article, []                       # the title is the article's own
    return article, title


def _is_title(e) -> bool:
    text = _short_text(e, 120)
    return bool(text) and len(text) >= 8 and N.title_of(text) is not None


def _holds_any(table, words: set[str]) -> bool:
    text = T.core_label(_text(table))
    return any(w in text for w in words)


def _heading_elements(root) -> list:
    """The innermost element whose whole text is a section's heading (一、总体情况 …), the first
    of each section. Only a piece of text starting with a numeral is looked at, and the few
    elements above it."""
    found: dict[str, object] = {}
    for t in root.xpath("//text()"):
        first = t.lstrip(_WS_CHARS)
        if not first or first[0] not in _NUMERALS:
            continue
        el = t.getparent()
        if el is not None and t.is_tail:
            el = el.getparent()
        if el is None or el.tag in _SKIP or any(a.tag in _SKIP for a in el.iterancestors()):
            continue                             # a script's or the <title>'s text, never shown
        for _ in range(4):                       # <p><b><span>三</span>、收到…</b></p>
            if el is None or not isinstance(el.tag, str):
                break
            text = _short_text(el, 40)
            if text is None:
                break
            sid = N.heading_of(text) if text[:1] in _NUMERALS else None
            if sid is not None:
                if sid not in found and not _hidden(el):
                    found[sid] = el
                break
            el = el.getparent()
    return list(found.values())


def _within(e, ancestor) -> bool:
    return e is ancestor or any(a is ancestor for a in e.iterancestors())


def _common_ancestor(elements: list):
    common = [elements[0], *elements[0].iterancestors()]
    for e in elements[1:]:
        mine = {e, *e.iterancestors()}
        common = [a for a in common if a in mine]
    return common[0] if common else elements[0].getroottree().getroot()


def _hidden(el) -> bool:
    """An element the page does not show (``display:none``, ``hidden``): not read."""
    if not isinstance(el.tag, str):
        return False
    style = el.get("style")
    return (style is not None and _HIDDEN.search(style) is not None) or el.get("hidden") is not None


def _short_text(el, limit: int) -> str | None:
    """The element's text if it is at most ``limit`` characters (read no further than that)."""
    pieces, n = [], 0
    for t in el.itertext():
        n += len(t)
        if n > limit * 4:                  # spaces are squeezed below; beyond this it is no title
            return None
        pieces.append(t)
    text = squeeze("".join(pieces))
    return text if len(text) <= limit else None


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W", "H")


def squeeze(text: str) -> str:
    """Text as a browser shows it: each run of white space one space, none at the ends; a line
    break in the markup between two Chinese characters (Word wraps its HTML so) is no space."""
    if not text:
        return ""

    def one(m: re.Match) -> str:
        run = m.group(0)
        if ("\n" in run or "\r" in run) and "\u00a0" not in run and "\u3000" not in run:
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if before and after and _wide(before) and _wide(after):
                return ""
        return " "
    return _WS.sub(one, text).strip()


def _text(el) -> str:
    """A cell's or block's text, its pieces (<p>, <span>, <o:p>) joined, spaces squeezed."""
    pieces = [t for t in el.itertext(tag=None) if t]
    return squeeze("".join(pieces))


class _Walker(_Page):
    def __init__(self, words: set[str]) -> None:
        super().__init__()
        self.line: list[str] = []
        self.words = words

    def flush(self) -> None:
        if not self.line:
            return
        text = squeeze("".join(self.line))
        if text:
            self.events.append(("p", len(self.paras)))
            self.paras.append(text)
        self.line = []

    def walk(self, el, depth: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
        if tag in _SKIP or depth > MAX_DEPTH or _hidden(el):
            return
        if tag == "img":
            if _picture(el):
                self.flush()
                self.images += 1
                self.events.append(("img", 0))
            return
        if tag == "table" and (_is_data_table(el) or _is_blank_table(el, self.words)):
            self.flush()
            for caption in el.iterchildren("caption", "CAPTION"):    # a table's heading as its caption
                self.line.append(_text(caption))
                self.flush()
            self.events.append(("g", len(self.grids)))
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


def _picture(img) -> bool:
    """An image that may be a page or a table (not an icon or a spacer)."""
    for attr in ("width", "height"):
        v = str(img.get(attr, "")).strip().lower().removesuffix("px")
        if v.isdigit() and int(v) < ICON_PX:
            return False
    return True


def _rows(table) -> list:
    """The table's own rows (not those of a table inside it), through thead/tbody/tfoot."""
    out = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return [r for r in out if not _hidden(r)]            # a row the page does not show is not read


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _is_data_table(table) -> bool:
    """A table of figures: it holds no other table and at least one cell is a number or blank."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = _rows(table)
    return len(rows) >= 2 and any(is_number(_text(c)) for tr in rows for c in _cells(tr))


def _is_blank_table(table, words: set[str]) -> bool:
    """A table of the report printed without a single figure (every cell of 四 left blank): no
    number, but a grid (three cells in a row or more) holding at least three of the words of the
    editions' tables — not a layout cell that merely mentions one."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = _rows(table)
    if len(rows) < 2 or max((len(_cells(tr)) for tr in rows), default=0) < 3:
        return False
    text = T.core_label(_text(table))
    return sum(1 for w in words if w in text) >= 3


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
            text = _text(cell)             # “—”, “/”: kept, read blank and named as such by tables.py
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
