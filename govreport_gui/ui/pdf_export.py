"""The report as a PDF (.pdf), laid out like the Word export, with no office suite (issue 15, item 2).

Qt lays the report out (``QTextDocument``: the title, the headings, the narrative, the three official
tables with their printed merges and a ruled border on every cell) and prints it page by page to
``QPdfWriter``: A4, the GB/T 9704 type area (``export/fonts.py``: margins, 三号 body on a fixed
28.95 pt line, 二号 title, 五号/小五 tables), a page number “— 1 —” in 四号 7 mm below the type
area, one character in from its right edge on odd pages and its left edge on even ones. The same
pages go to a printer (打印…, 打印预览…: ``ui/printing.py``) through :func:`paint`.

Qt lays the report out as one long column and :func:`paginate` cuts the pages between lines. A
table is never cut by Qt (it would cut a row and a merged cell in two, and the reader would lose
them): one that does not fit goes to the next page with its heading, a heading never ends a page,
and the issuer stays with the date. A table the edition lets go on over a page (``print.split``:
三) is cut between rows instead, where no cell's text is cut, with its header and
F.KEEP_FIRST_ROWS rows under its heading; :func:`paint` then builds it as two tables, the header
rows again above the second, which begins the next page (as Word prints it), and lays out again.

Fonts: each official font (``fonts.TITLE``, ``BODY``, ``HEADING1``, ``HEADING2``) is used when it is
installed, else its usual stand-in (仿宋 for 仿宋_GB2312…), else a Chinese font that is installed;
Qt embeds the fonts it uses (subsets). What was replaced by what is said in the export's notes.

Text read back: Qt names each glyph's character by the lowest code point the font maps to that
glyph, so a font that draws 二 and the Kangxi radical ⼆ (U+2F06) with one glyph says “⼆” to a
reader (and our importer would not find “二、主动公开政府信息情况”), and a space says U+0009, the
tab. :func:`_fix_to_unicode` rewrites those entries of the PDF's ToUnicode maps to the characters
really printed (same length: no offset in the file moves). Locale forms (OpenType ``locl``) are off:
they shape digits after Latin letters into glyphs no character maps to (:func:`_font`).

This module is UI (Qt), outside the core: ``core/export/registry.py`` imports it only when it
writes a PDF; in the worker child it starts a ``QApplication`` on the offscreen platform (no display
needed; on Windows Qt's own, which finds the system's fonts).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QBrush, QColor, QFont, QFontDatabase, QFontMetricsF,
                           QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QRawFont, QTextBlockFormat,
                           QTextCharFormat, QTextCursor, QTextDocument, QTextFrameFormat, QTextLength,
                           QTextTableCellFormat, QTextTableFormat)

from .. import APP_NAME
from ..core.export import (BLANK_MODES, ExportError, cell_text, check_size, describe_changes, normalize, paragraphs,
                           printable, published_date, refuse_if_errors, signature_indents,
                           title_parts)
from ..core.export import fonts as F
from ..core.native import atomic_write
from ..core.report import Report

WRITTEN = " PDF"                      # as the notes say it: “…无法写入 PDF，已删去”
DPI = 1200                            # QPdfWriter's resolution: the layout's device units
LINE_BREAK = "\u2028"                 # a line break inside a paragraph (QTextDocument's)

# the official fonts, each with its usual stand-ins (Chinese and English names: Windows lists
# either), then the Chinese fonts of the same style a system may have instead
SERIF = ("宋体", "SimSun", "NSimSun", "新宋体", "Songti SC", "STSong", "华文宋体", "Noto Serif CJK SC",
         "Noto Serif SC", "Source Han Serif SC", "Source Han Serif CN", "思源宋体", "AR PL UMing CN",
         "AR PL SungtiL GB")
SANS = ("黑体", "SimHei", "Heiti SC", "STHeiti", "华文黑体", "Microsoft YaHei", "微软雅黑", "PingFang SC",
        "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体",
        "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "文泉驿正黑", "文泉驿微米黑", "Droid Sans Fallback")
ROLES = {   # role: (the official font, what it prints, its stand-ins)
    "title": (F.TITLE, "标题", ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong") + SERIF),
    "body": (F.BODY, "正文和表格", ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋")
             + SERIF),
    "heading1": (F.HEADING1, "一级标题", SANS),
    "heading2": (F.HEADING2, "二级标题", ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体",
                                      "AR PL UKai CN") + SERIF),
    "page": (F.PAGE_NUMBER, "页码", SERIF),
}
NOTED = ("title", "body", "heading1", "heading2")        # the official fonts a replacement is said for
# the same font under its other name (Windows may list 黑体 as SimHei): no replacement to speak of
SAME_FONT = {F.HEADING1: ("SimHei",), F.BODY: ("FangSong_GB2312",), F.HEADING2: ("KaiTi_GB2312",),
             F.TITLE: ("FZXiaoBiaoSong-B05S",)}

HEADING = 1                          # a heading block's user state: kept on a page with what follows

_app = None


def _ensure_app() -> None:
    """A Qt application, for fonts and painting: the window's, or one of our own (offscreen)."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    if sys.platform != "win32":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else APP_NAME])


def _families() -> dict[str, str]:
    """The installed font families, by their name in lower case."""
    return {f.lower(): f for f in QFontDatabase.families()}


def resolve_fonts(medium: str = "PDF 中") -> tuple[dict[str, str], list[str]]:
    """The family each role prints in, and the notes: which official font is not installed and
    what stands in for it (``medium``: where, “PDF 中” or “打印时”)."""
    installed = _families()
    chinese = sorted(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    chosen: dict[str, str] = {}
    notes: list[str] = []
    for role, (official, what, stand_ins) in ROLES.items():
        family = next((installed[n.lower()] for n in (official,) + stand_ins if n.lower() in installed), None)
        if family is None and chinese:
            family = chinese[0]
        chosen[role] = family or ""
        same = {n.lower() for n in (official,) + SAME_FONT.get(official, ())}
        if role in NOTED and (family or "").lower() not in same:
            if family:
                notes.append(f"本机未安装字体“{official}”，{medium}的{what}改用“{family}”")
            else:
                notes.append(f"本机未安装字体“{official}”，也没有找到中文字体，{medium}的{what}用系统默认字体")
    return chosen, notes


def _font(family: str) -> QFont:
    """A font of the document. Its locale forms (OpenType ``locl``) are off: a Chinese font shapes
    digits after Latin letters (“class=608”) into forms no character maps to, which a reader of
    the PDF then cannot name; the font's own (Simplified Chinese) forms are the ones wanted."""
    f = QFont(family) if family else QFont()
    f.setFeature(QFont.Tag("locl"), 0)
    return f


def _pt(pt: float) -> float:
    """A length Qt's text layout scales to the device (line heights, a block's top and bottom
    margins, a table's borders, padding and margins): given in its 96-per-inch pixels. What
    runs across a line is not scaled (a first-line indent, a block's left and right margins):
    it is given in device units (:func:`_dev`)."""
    return pt * 96 / 72


def _dev(pt: float, dpi: float) -> float:
    """A length in device units (the page, a first-line indent), at the device's resolution."""
    return pt * dpi / 72


def _mm(mm: float, dpi: float) -> float:
    return mm / 25.4 * dpi


class _Builder:
    def __init__(self, report: Report, blank: str, fonts: dict[str, str], device, cuts: dict[str, int] | None = None):
        self.report, self.blank, self.fonts = report, blank, fonts
        self.cuts = dict(cuts or {})            # table id: the row its second part begins with (split_table)
        self.doc = QTextDocument()
        self.device = device
        self.dpi = device.resolution()          # device units per inch: the PDF's 1200, a printer's own
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setDocumentMargin(0)
        self.doc.setUseDesignMetrics(True)
        self.doc.setDefaultFont(_font(fonts["body"]))     # the features a format cannot carry (locl off)
        self.width = _mm(F.A4[0].mm - F.MARGINS["left"].mm - F.MARGINS["right"].mm, self.dpi)
        self.height = _mm(F.A4[1].mm - F.MARGINS["top"].mm - F.MARGINS["bottom"].mm, self.dpi)
        self.doc.setTextWidth(self.width)       # one long column: the pages are cut by paginate()
        self.cursor = QTextCursor(self.doc)
        self.first = True
        self.headings: list[int] = []           # block numbers of the headings (kept with what follows)
        self.chars: set[str] = set()            # every character printed (for the ToUnicode maps)
        self.pages = 0                          # pages painted
        self.tables: list[_TableGeometry] = []  # the official tables, measured by measure_tables()

    def font(self, role: str, pt: float, bold: bool = False) -> QTextCharFormat:
        f = _font(self.fonts[role])
        f.setPointSizeF(pt)
        f.setBold(bold)
        cf = QTextCharFormat()
        cf.setFont(f)
        cf.setForeground(QBrush(QColor(0, 0, 0)))
        return cf

    def block(self, align=Qt.AlignmentFlag.AlignJustify, indent_chars: float = 2, line_pt: float | None = None,
              before: float = 0, after: float = 0) -> QTextBlockFormat:
        bf = QTextBlockFormat()
        bf.setAlignment(align)
        bf.setTextIndent(_dev(indent_chars * F.SIZE_BODY.pt, self.dpi))
        # the line's pitch (GB/T 9704: 22 lines on the type area) as the font's own height and
        # the distance to the next line
        natural = QFontMetricsF(self.font("body", F.SIZE_BODY.pt).font(), self.device).height() * 72 / self.dpi
        bf.setLineHeight(_pt(max(0.0, (line_pt or F.LINE.pt) - natural)),
                         QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        bf.setTopMargin(_pt(before))
        bf.setBottomMargin(_pt(after))
        return bf

    def paragraph(self, bf: QTextBlockFormat, runs: list[tuple[str, QTextCharFormat]]) -> int:
        """A paragraph of runs; its block's number."""
        if self.first:
            self.cursor.setBlockFormat(bf)
            self.first = False
        else:
            self.cursor.insertBlock(bf)
        for text, cf in runs:
            if text:
                self.chars.update(text)
                self.cursor.insertText(text.replace("\n", LINE_BREAK), cf)
        return self.cursor.block().blockNumber()

    def title(self) -> None:
        r = self.report
        head, rest = title_parts(r)
        title = head + rest
        cf = self.font("title", F.SIZE_TITLE.pt)
        # one line when it fits, else broken after the issuer (never "…工作年／度报告")
        fits = QFontMetricsF(cf.font(), self.doc.documentLayout().paintDevice()).horizontalAdvance(title) <= self.width
        if not fits and head:
            title = head + "\n" + rest
        self.paragraph(self.block(Qt.AlignmentFlag.AlignHCenter, 0, F.SIZE_TITLE.pt * 1.5, after=16), [(title, cf)])

    def narrative(self, text: str) -> None:
        body, head = self.font("body", F.SIZE_BODY.pt), self.font("heading2", F.SIZE_BODY.pt)
        for p in paragraphs(text):
            n = self.paragraph(self.block(), [(p.head, head), (p.rest, body)])
            if p.head and not p.rest:
                self.headings.append(n)

    def heading(self, text: str) -> None:
        self.headings.append(self.paragraph(self.block(Qt.AlignmentFlag.AlignLeft),
                                            [(text, self.font("heading1", F.SIZE_BODY.pt))]))

    def table(self, sid: str) -> None:
        """An official table; one cut in two (``self.cuts``) is printed as two tables, the header
        rows repeated above the second, which begins the next page (as Word prints a table that
        goes on over a page). A merged cell the cut goes through is in both, its words too."""
        table = self.report.ed.tables[sid]
        if sid not in self.cuts:
            self._table(table, table.grid, table.height, splits=table.splits)
            return
        first, second = split_grid(table, self.cuts[sid])
        self._table(table, first, self.cuts[sid], margin=False)
        gap = QTextBlockFormat()                 # the paragraph between the parts: no height at all
        gap.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        self.cursor.setBlockFormat(gap)
        tiny = QTextCharFormat()
        tiny.setFontPointSize(1)
        self.cursor.setBlockCharFormat(tiny)
        self._table(table, second, table.header_rows + table.height - self.cuts[sid])

    def _table(self, table, grid, height: int, splits: bool = False, margin: bool = True) -> None:
        pt = (F.SIZE_TABLE_SMALL if table.print_size == "small" else F.SIZE_TABLE).pt
        widths = list(table.widths) if table.widths else [1] * table.width
        total = sum(widths) or 1
        tf = QTextTableFormat()
        tf.setBorderCollapse(True)
        tf.setBorder(_pt(0.75))
        tf.setBorderBrush(QBrush(QColor(0, 0, 0)))
        tf.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        tf.setCellSpacing(0)
        tf.setCellPadding(_pt(1.5))
        tf.setMargin(0)
        tf.setBottomMargin(_pt(8) if margin else 0)
        tf.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        tf.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, w * 100 / total) for w in widths])
        tf.setHeaderRowCount(table.header_rows)
        tf.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        t = self.cursor.insertTable(height, table.width, tf)
        self.tables.append(_TableGeometry(t, table, grid, height, splits))
        plain, bold = self.font("body", pt), self.font("body", pt, bold=True)
        for g in grid:
            if g.rowspan > 1 or g.colspan > 1:
                t.mergeCells(g.row, g.col, g.rowspan, g.colspan)
        for g in grid:
            cell = t.cellAt(g.row, g.col)
            cell_format = QTextTableCellFormat()
            # top first, to measure where each row begins (measure_tables() centres them after)
            cell_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignTop)
            if g.kind == "label" and g.role == "title":     # 二's block title rows: left, plain, shaded
                cell_format.setBackground(QBrush(QColor(0xF2, 0xF2, 0xF2)))
                align, cf, text = Qt.AlignmentFlag.AlignLeft, plain, g.text
            elif g.kind == "label":
                header = g.role == "header" or g.row < table.header_rows
                centre = header or g.rowspan > 2 or table.center_labels
                align = Qt.AlignmentFlag.AlignHCenter if centre else Qt.AlignmentFlag.AlignLeft
                cf, text = (bold if header else plain), g.text
            else:
                align, cf, text = Qt.AlignmentFlag.AlignHCenter, plain, cell_text(self.report, g.cell, self.blank)
            cell.setFormat(cell_format)
            c = cell.firstCursorPosition()
            bf = QTextBlockFormat()
            bf.setAlignment(align)
            bf.setLineHeight(_pt(pt * 1.25), QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            c.setBlockFormat(bf)
            self.chars.update(text)
            c.insertText(text.replace("\n", LINE_BREAK), cf)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def build(self) -> QTextDocument:
        r, ed = self.report, self.report.ed
        self.cursor.beginEditBlock()          # laid out once, at the end (not after every cell)
        self.title()
        self.narrative(r.text.get("preface", ""))
        for s in ed.sections:
            self.heading(s.heading)
            if s.kind == "table":
                self.table(s.id)
                self.first = True          # the block after a table is there already
                self.cursor.movePosition(QTextCursor.MoveOperation.End)
            else:
                self.narrative(r.text.get(s.text, ""))
        date = published_date(r)
        if date:                           # as Word prints it: the issuer and the date, when the date is known,
            body = self.font("body", F.SIZE_BODY.pt)      # placed as GB/T 9704 says, never alone on a page:
            self.headings.append(self.cursor.block().blockNumber())    # the text before them goes with them
            right = Qt.AlignmentFlag.AlignRight
            issuer = printable(r.issuer)
            issuer_in, date_in = signature_indents(issuer, date)
            for text, chars, before in ((issuer, issuer_in, F.LINE.pt), (date, date_in, 0)):
                bf = self.block(right, 0, before=before)
                bf.setRightMargin(_dev(chars * F.SIZE_BODY.pt, self.dpi))
                n = self.paragraph(bf, [(text, body)])
                if text == issuer:
                    self.headings.append(n)        # the issuer stays on a page with the date
        self.cursor.endEditBlock()
        for n in self.headings:
            self.doc.findBlockByNumber(n).setUserState(HEADING)
        return self.doc


class _TableGeometry:
    """Where an official table's rows begin and where the text of its cells lies, relative to the
    bottom of the paragraph above it (its heading: what moves with it when the text above moves).
    Qt has no call for a row's place, and its bounding rectangle of a table frame follows the
    first cell's text (in 三, 17 pt below the table's top when that cell is centred), so the rows
    are measured from the cells' text (:func:`measure_tables`). Where the table may go on to the
    next page: between rows, never through a cell's text, F.KEEP_FIRST_ROWS rows with its header."""

    def __init__(self, table, definition, grid, height: int, splits: bool):
        self.table, self.definition, self.grid, self.height = table, definition, grid, height
        self.rows: list[float] = []          # each row's top, and the table's bottom
        self.texts: list[tuple[float, float]] = []    # each cell's text: top, bottom
        self.header = definition.header_rows
        self._splits = splits

    @property
    def splits(self) -> bool:
        return self._splits and bool(self.rows)

    def reference(self, layout) -> float:
        """The bottom of the paragraph above the table, where the measures start from."""
        cursor = QTextCursor(self.table.document())
        cursor.setPosition(self.table.firstPosition() - 1)
        return layout.blockBoundingRect(cursor.block()).bottom()

    def cuts(self) -> list[int]:
        """The rows a page may begin with (after the header and the first rows), none through a
        cell's text: a merged cell's text stays on one page."""
        first = self.header + F.KEEP_FIRST_ROWS
        return [r for r in range(first, len(self.rows) - 1)
                if not any(top < self.rows[r] < bottom for top, bottom in self.texts)]


def _cell_blocks(table, g):
    cell = table.cellAt(g.row, g.col)
    block = cell.firstCursorPosition().block()
    end = cell.lastCursorPosition().block()
    while True:
        yield block
        if block == end or not block.isValid():
            return
        block = block.next()


def measure_tables(builder: "_Builder") -> None:
    """Measure each table's rows with its cells top-aligned: a row's first text is then its top
    plus the cell's inset, the same in every row, which a row of one-row cells shows (its
    height less its tallest text, halved). Then centre the cells as printed (no row changes
    height, nothing moves) and measure where their text lies."""
    doc = builder.doc
    layout = doc.documentLayout()
    doc.size()
    for tg in builder.tables:
        ref = tg.reference(layout)
        rect = {}
        for g in tg.grid:
            r = QRectF()
            for block in _cell_blocks(tg.table, g):
                r = r.united(layout.blockBoundingRect(block))
            rect[g] = r
        height = tg.height
        firsts = [min((rect[g].top() for g in rect if g.row == row), default=None) for row in range(height)]
        if None in firsts:                        # a row every cell of which is merged from above
            continue
        insets = []
        for row in range(height - 1):
            single = [rect[g].height() for g in rect if g.row == row and g.rowspan == 1]
            if single:
                insets.append((firsts[row + 1] - firsts[row] - max(single)) / 2)
        last = [rect[g].bottom() for g in rect if g.row == height - 1 and g.rowspan == 1]
        if not insets or not last:
            continue
        inset = max(0.0, min(insets))
        tg.rows = [f - inset - ref for f in firsts] + [max(last) + inset - ref]
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for tg in builder.tables:
        for g in tg.grid:
            cell = tg.table.cellAt(g.row, g.col)
            f = cell.format().toTableCellFormat()
            f.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
            cell.setFormat(f)
    cursor.endEditBlock()
    doc.size()
    for tg in builder.tables:
        if not tg.splits:                         # where the text lies matters only where a page may cut
            continue
        ref = tg.reference(layout)
        for g in tg.grid:
            for block in _cell_blocks(tg.table, g):
                r = layout.blockBoundingRect(block)
                tg.texts.append((r.top() - ref, r.bottom() - ref))


def split_grid(table, cut: int) -> tuple[list, list]:
    """A table's printed grid cut in two before row ``cut``: the rows above, and the header rows
    with the rows from ``cut`` on. A merged cell the cut goes through is in both parts, each
    spanning its own rows, with its words (a reader of either page sees which group a row is in)."""
    first, second = [], []
    shift = cut - table.header_rows
    for g in table.grid:
        end = g.row + g.rowspan
        if g.row < table.header_rows:
            first.append(g)
            second.append(g)
        elif g.row < cut:
            first.append(replace(g, rowspan=min(end, cut) - g.row))
            if end > cut:
                second.append(replace(g, row=table.header_rows, rowspan=end - cut))
        else:
            second.append(replace(g, row=g.row - shift))
    return first, second


class _Atom:
    """What a page break may come before: a line of text outside the tables (``line`` ≥ 0), a
    table whole, or a run of a long table's rows (``part`` its table and first row)."""

    __slots__ = ("top", "bottom", "block", "line", "part")

    def __init__(self, top: float, bottom: float, block, line: int = -1, part=None):
        self.top, self.bottom, self.block, self.line, self.part = top, bottom, block, line, part


def _atoms(builder: "_Builder") -> list[_Atom]:
    """What a page break may come before, top to bottom."""
    doc = builder.doc
    layout = doc.documentLayout()
    geometry = {tg.table.firstPosition(): tg for tg in builder.tables}
    out: list[_Atom] = []
    seen: set[int] = set()
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            if table.firstPosition() not in seen:
                seen.add(table.firstPosition())
                rect = layout.frameBoundingRect(table)
                tg = geometry.get(table.firstPosition())
                if tg is not None and tg.rows:
                    ref = tg.reference(layout)
                    bounds = [0] + (tg.cuts() if tg.splits else []) + [len(tg.rows) - 1]
                    for a, b in zip(bounds, bounds[1:]):
                        out.append(_Atom(ref + tg.rows[a], ref + tg.rows[b], block, part=(tg, a)))
                else:
                    out.append(_Atom(rect.top(), rect.bottom(), block))
        else:
            lay = block.layout()
            top = layout.blockBoundingRect(block).top()
            for k in range(lay.lineCount()):
                line = lay.lineAt(k)
                out.append(_Atom(top + line.y(), top + line.y() + line.height(), block, k))
        block = block.next()
    return out


class _Page:
    """Where a page begins in the document; ``part``: the table and row it begins with when it
    begins inside a long table (a cut, which :func:`paint` prints as two tables)."""

    __slots__ = ("top", "block", "line", "part")

    def __init__(self, top: float, block, line: int, part=None):
        self.top, self.block, self.line, self.part = top, block, line, part

    @property
    def table(self) -> bool:
        """The page begins with a table (or a part of one)."""
        return self.line < 0


def _page_starts(builder: "_Builder", height: float) -> list[_Page]:
    """Where each page begins: as many lines, tables or runs of a long table's rows as fit the
    type area; a heading at the foot of a page goes to the next page with what follows it."""
    atoms = _atoms(builder)
    if not atoms:
        return [_Page(0.0, builder.doc.begin(), 0)]
    starts = [0]
    for i in range(1, len(atoms)):
        top = atoms[starts[-1]].top
        if atoms[i].bottom - top <= height:
            continue
        j = i
        while j - 1 > starts[-1] and atoms[j - 1].block.userState() == HEADING and atoms[j - 1].line >= 0:
            j -= 1                     # the heading (its lines) goes with what follows it
        starts.append(j)
    return [_Page(atoms[i].top, atoms[i].block, atoms[i].line,
                  atoms[i].part if atoms[i].part and atoms[i].part[1] > 0 else None) for i in starts]


def paginate(builder: "_Builder") -> list[_Page]:
    """The pages of the document. A paragraph that goes on over a page break is made two, at the
    line that begins the new page (the same lines, the second part without its first-line
    indent): Qt draws the last line of a paragraph above the area being drawn too (hidden by the
    clip, but there for a reader of the text), so no paragraph may cross a break."""
    doc = builder.doc
    measure_tables(builder)
    for _ in range(50):
        doc.size()                                  # lays the document out
        pages = _page_starts(builder, builder.height)
        split = [(p.block, p.line) for p in pages if p.line > 0]
        if not split:
            return pages
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for block, k in reversed(split):           # from the end: the positions before stay put
            bf = block.blockFormat()
            bf.setTextIndent(0)
            cursor.setPosition(block.position() + block.layout().lineAt(k).textStart())
            cursor.insertBlock(bf)
        cursor.endEditBlock()
    raise ExportError("无法为 PDF 分页，未导出")


_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _fix_to_unicode(pdf: bytes, fonts: list[QFont], chars: set[str]) -> bytes:
    """Point each ToUnicode entry that names a character never printed (the Kangxi radical ⼆ for
    二, that shares its glyph) at the printed character drawn with the same glyph."""
    fixes: dict[int, int] = {}
    printed = sorted({c for c in chars if ord(c) < 0x10000})
    if not printed:
        return pdf
    for font in fonts:
        raw = QRawFont.fromFont(font)
        if not raw.isValid():
            continue
        lowest = _lowest_code_points(raw)
        glyphs = raw.glyphIndexesForString("".join(printed))
        if len(glyphs) != len(printed):
            continue
        for c, g in zip(printed, glyphs):
            first = lowest.get(g)
            if g and first is not None and first != ord(c) and chr(first) not in chars:
                fixes.setdefault(first, ord(c))
    if not fixes:
        return pdf

    def fix_map(m: re.Match) -> bytes:
        body = m.group(0)
        out = []
        for line in body.split(b"\n"):
            head, sep, rest = line.partition(b"[")
            if sep:                              # <from> <to> [<u1> <u2> …]
                rest = _HEX.sub(lambda h: _swap(h, fixes), rest)
                line = head + sep + rest
            else:
                tokens = _HEX.findall(line)
                if len(tokens) in (2, 3):         # bfchar <cid> <u>, bfrange <from> <to> <u>
                    start = line.rfind(b"<")
                    line = line[:start] + _HEX.sub(lambda h: _swap(h, fixes), line[start:])
            out.append(line)
        return b"\n".join(out)

    return re.sub(rb"begincmap.*?endcmap", fix_map, pdf, flags=re.S)


def _swap(m: re.Match, fixes: dict[int, int]) -> bytes:
    code = int(m.group(1), 16)
    return b"<%04X>" % fixes[code] if code in fixes else m.group(0)


_LOWEST: dict[str, dict[int, int]] = {}
_CODES = [u for u in range(1, 0x10000) if not 0xD800 <= u < 0xE000]     # the BMP but the surrogates


def _lowest_code_points(raw: QRawFont) -> dict[int, int]:
    """For each glyph of the font: the lowest code point it draws (what Qt's PDF writer names it:
    U+0009 for the space, ⼆ for 二)."""
    key = f"{raw.familyName()}|{raw.styleName()}|{raw.weight()}"
    if key not in _LOWEST:
        lowest: dict[int, int] = {}
        for u, g in zip(_CODES, raw.glyphIndexesForString("".join(map(chr, _CODES)))):
            if g and g not in lowest:
                lowest[g] = u
        _LOWEST[key] = lowest
    return _LOWEST[key]


def _check(blank: str, report: Report) -> None:
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    check_size(report)                 # before anything is built


def paint(report: Report, blank: str, device, medium: str = "PDF 中") -> tuple[list[str], "_Builder"]:
    """Lay the report out and paint its pages on ``device`` (a ``QPdfWriter``, or a ``QPrinter``
    for 打印 and 打印预览), whose page is A4 with the origin at the paper's corner. Returns the
    notes on its fonts (said as in ``medium``) and the builder (what was printed)."""
    _check(blank, report)
    _ensure_app()
    fonts, font_notes = resolve_fonts(medium)
    cuts: dict[str, int] = {}
    for _ in range(len(report.ed.tables) + 1):   # a long table cut where a page ends: built again in two
        builder = _Builder(report, blank, fonts, device, cuts)
        doc = builder.build()
        pages = paginate(builder)
        more = {p.part[0].definition.section: p.part[1] for p in pages if p.part is not None}
        if not more:
            break
        cuts.update(more)
    layout = doc.documentLayout()
    ends = [p.top for p in pages[1:]] + [doc.size().height()]
    dpi = builder.dpi
    left, top = _mm(F.MARGINS["left"].mm, dpi), _mm(F.MARGINS["top"].mm, dpi)
    w, h = builder.width, builder.height
    number_font = _font(fonts["page"])
    number_font.setPointSizeF(F.SIZE_PAGE.pt)
    one_char = _dev(F.SIZE_PAGE.pt, dpi)

    near_table = _dev(3, dpi)          # a table's rows are measured to a point or so: keep this far off

    def draw(start: float, end: float, table_above: bool, table_below: bool) -> None:
        """The document from ``start`` to ``end``. What Qt draws: what begins in it, not what ends
        where it begins (Qt draws a block that touches the area) nor what begins where it ends.
        Qt draws every table cell that touches the area, whole: next to a table at the page's
        top or the next page's (``table_above``, ``table_below``) the area asked for stops short of
        it, else its first row would be in the file twice, once hidden by the clip."""
        painter.save()
        painter.translate(left, top - start)
        painter.setClipRect(QRectF(0, start, w, min(h, end - start)))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        first = start + (near_table if table_above else 1)
        last = end - (near_table if table_below else 1)
        ctx.clip = QRectF(0, first, w, max(1.0, last - first))
        layout.draw(painter, ctx)
        painter.restore()

    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("无法生成页面（绘图设备无法启动），未完成")
    try:
        for i, (page, end) in enumerate(zip(pages, ends)):
            if i:
                device.newPage()
            draw(page.top, end, page.table, i + 1 < len(pages) and pages[i + 1].table)
            # the page number, 7 mm below the type area, one character in from its outer edge
            number = f"— {i + 1} —"
            builder.chars.update(number)
            painter.setFont(number_font)
            painter.setPen(QColor(0, 0, 0))
            box = QRectF(left + one_char, top + h + _mm(7, dpi), w - 2 * one_char, _dev(F.SIZE_PAGE.pt * 1.5, dpi))
            align = Qt.AlignmentFlag.AlignRight if i % 2 == 0 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), number)
        builder.pages = len(pages)
    finally:
        painter.end()
    return font_notes, builder


def render(report: Report, blank: str = "empty") -> tuple[bytes, list[str]]:
    """The PDF as bytes, and the notes on its fonts."""
    data, font_notes, _ = render_pages(report, blank)
    return data, font_notes


def render_pages(report: Report, blank: str = "empty", medium: str = "PDF 中") -> tuple[bytes, list[str], int]:
    """The PDF as bytes, the notes on its fonts (said as in ``medium``) and its number of pages."""
    _check(blank, report)
    _ensure_app()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setResolution(DPI)
    writer.setPageLayout(a4_layout())
    writer.setTitle(printable(report.title))
    writer.setCreator(APP_NAME)
    font_notes, builder = paint(report, blank, writer, medium)
    data = bytes(buf.data())
    buf.close()
    used = [_font(f) for f in dict.fromkeys(builder.fonts.values()) if f]
    used += [QFont(f) for f in used]
    for f in used[len(used) // 2:]:
        f.setBold(True)
    return _fix_to_unicode(data, used, builder.chars), font_notes, builder.pages


def a4_layout() -> QPageLayout:
    """A4 upright with no margins of the device's own: the type area is placed by :func:`paint`."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def prepare_printer(printer) -> None:
    """A printer (or the preview's) set to print the report as the PDF is laid out: A4 upright,
    the origin at the paper's corner (a printer's unprintable edge is far inside GB/T 9704's
    margins)."""
    printer.setPageLayout(a4_layout())
    printer.setFullPage(True)                # after the layout, which sets it back


def notes(report: Report) -> list[str]:
    """What the PDF changes in the report's text, in Chinese, one note a field: characters no
    document can hold (removed), line and paragraph separators (written as breaks), a text part
    this edition does not have (not written)."""
    ed = report.ed
    fields = [("发布机关", report.issuer)] + [(ed.texts[tid].name, report.text.get(tid, "") or "") for tid in ed.texts]
    out: list[str] = []
    for where, text in fields:
        out += describe_changes(where, normalize(text)[1], WRITTEN)
    for tid, text in report.text.items():
        if tid not in ed.texts and text:
            out.append(f"报告中有本格式（{ed.name}）没有的正文部分“{tid}”（{len(text)} 字），未写入 PDF")
    return out


def export(report: Report, path: str | os.PathLike, blank: str = "empty", force: bool = False) -> list[str]:
    """Write the .pdf atomically; refuses a report with errors unless forced. Returns the notes:
    the fonts replaced, then :func:`notes`."""
    refuse_if_errors(report, force)
    data, font_notes = render(report, blank)
    atomic_write(path, data)
    return font_notes + notes(report)


__all__ = ["export", "render", "render_pages", "paint", "prepare_printer", "notes", "resolve_fonts"]
