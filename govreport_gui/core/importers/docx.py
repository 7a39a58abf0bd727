"""Word (.docx): the official template filled in, or our own export.

The text is read as Word shows it, tracked changes accepted: inserted text read, deleted text
not, hidden text not, a field's result and not its code. Before python-docx builds anything,
the elements of every part are counted (:func:`check_parts`): a bomb of bookmarks or runs is
refused in its first megabyte.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from . import limits as L
from .limits import SourceError, check_size, plain_reason
from .result import ImportResult, assemble
from .tables import Grid
from .xmlcount import count_tags, tags


# Word: the limits, and what a report has (our export, the official template filled in, and
# LibreOffice's re-save of it: 345–356 paragraphs, 300–382 runs, 300–337 <w:t>, 3 tables of 46
# rows and 324 cells, no bookmarks, 20,000–25,000 elements in all, 9,000 of them the styles).
# Tables' rows and paragraphs: limits.MAX_TABLE_ROWS and MAX_PARAGRAPHS, shared with every format.
MAX_RUNS = 40_000                            # runs (stretches of one formatting) in a .docx: a report has a few thousand
MAX_DOCX_ELEMENTS = 1_000_000            # all XML parts together: ~300 MB as lxml trees
MAX_DOCX_TEXTS = 80_000                  # <w:t>: a run usually has one
MAX_DOCX_TABLES = 500
MAX_DOCX_CELLS = 30_000
MAX_BOOKMARKS = 10_000                   # starts, and ends, each
_DOCX_TAGS = tags("p", "r", "t", "tbl", "tr", "tc", "bookmarkStart", "bookmarkEnd")
_DOCX_WORDS = {b"t": ("个文字片段（w:t）", MAX_DOCX_TEXTS), b"tbl": ("个表格", MAX_DOCX_TABLES),
               b"tc": ("个表格单元格", MAX_DOCX_CELLS), b"bookmarkStart": ("个书签起点", MAX_BOOKMARKS),
               b"bookmarkEnd": ("个书签终点", MAX_BOOKMARKS)}


def _docx_over(found: Counter) -> str | None:
    """What is far too much in a Word package (counted in all its parts): a message with {name}
    to fill in, or None."""
    if found[b"tr"] > L.MAX_TABLE_ROWS:
        return "{name} 的表格共有至少 %d 行，不像是一份年度报告（官方格式不到 100 行），未读取" % found[b"tr"]
    if found[b"p"] > L.MAX_PARAGRAPHS:
        return f"{{name}} 有至少 {found[b'p']} 段文字，不像是一份年度报告，未读取"
    if found[b"r"] > MAX_RUNS:
        return f"{{name}} 的文字被分成了至少 {found[b'r']} 段格式，不像是一份年度报告，未读取"
    for tag, (word, limit) in _DOCX_WORDS.items():
        if found[tag] > limit:
            return f"{{name}} 含有至少 {found[tag]} {word}，不像是一份年度报告（通常只有几十到几千个），未读取"
    if found[b"#long"] > L.MAX_LONG_NAMES:
        return f"{{name}} 中至少有 {found[b'#long']} 个名称超长的 XML 元素，不像是 Word 保存的文件，未读取"
    if found[b""] > MAX_DOCX_ELEMENTS:
        return (f"{{name}} 含有至少 {found[b'']} 个 XML 元素（一份年报通常不到十万个），"
                f"不像是一份年度报告，未读取")
    return None


def check_parts(name: str, z: zipfile.ZipFile) -> None:
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


def read_docx(path: Path, notes: list[str] | None = None) -> tuple[list[str], list[Grid], list[str]]:
    """Paragraphs (outside tables) and the tables as grids, in document order, as Word shows
    them with tracked changes accepted: inserted text read, deleted text not, hidden text not,
    a field's result and not its code, the content of content controls, smart tags and custom
    XML. Every cell or paragraph whose text depended on a tracked change or hid text is said in
    ``notes`` (in Chinese), if a list is given."""
    check_size(path)
    L.check_zip(path, "docx", check_parts)      # counts every part's elements before python-docx builds them
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds for broken packages
        raise SourceError(f"{path.name} 无法作为 Word 文档打开（文件内部结构有误：{plain_reason(e)}）") from None
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
        return min(max(int(str(text)), 0), L.MAX_SHEET_COLS)
    except (TypeError, ValueError):
        return default


def _docx_grid(tbl, shown: "_Shown", said: "_Said", name: str) -> Grid:
    grid: Grid = []
    marks: list[list[str]] = []        # per place: "T" a cell's text, "S" its span, "V" a vertical merge, "B" gridBefore
    for tr in _children(tbl, (_W_TR,)):
        trpr = tr.find(_W_TRPR)
        n = len(grid) + 1
        if trpr is not None and trpr.find(_W_DEL) is not None:       # a row deleted as a tracked change
            said.add(_Seen(tracked=True), f"{name}第{n}行之前的一行", deleted=True)
            continue
        row: list[str | None] = []
        mark: list[str] = []
        row_tracked = trpr is not None and trpr.find(_W_INS) is not None
        before = trpr.find(_W_GRIDBEFORE) if trpr is not None else None
        if before is not None:
            k = _small_int(before.get(_W_VAL), 0)
            row.extend([None] * k)
            mark.extend("B" * k)
        for tc in _children(tr, (_W_TC,), L.MAX_SHEET_COLS):
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
                mark.extend("V" * span)
                continue
            texts, seen = [], _Seen(tracked=row_tracked or (tcpr is not None and tcpr.find(_W_CELLINS) is not None))
            for p in _children(tc, (_W_P,)):
                text, s = shown.paragraph(p)
                texts.append(text)
                seen.merge(s)
            said.add(seen, f"{name}第{n}行第{len(row) + 1}列的单元格")
            row.append("\n".join(texts))
            row.extend([None] * (span - 1))
            mark.extend("T" + "S" * (span - 1))
        grid.append(row)
        marks.append(mark)
    return _without_slivers(grid, marks, _grid_widths(tbl))


SLIVER_TWIPS = 30          # 0.5 mm: no printed column is that narrow; LibreOffice and Word leave such columns


def _grid_widths(tbl) -> list[int]:
    grid = tbl.find(_WNS + "tblGrid")
    if grid is None:
        return []
    widths = []
    for col in grid.iterchildren(_WNS + "gridCol"):
        try:
            widths.append(int(float(col.get(_WNS + "w", "0"))))
        except ValueError:
            widths.append(0)
        if len(widths) > L.MAX_SHEET_COLS:
            break
    return widths


def _without_slivers(grid: Grid, marks: list[list[str]], widths: list[int]) -> Grid:
    """The grid without the hairline columns a table's grid gets when cells' edges do not quite
    line up (saved again by LibreOffice, or widths dragged by hand): a column under 0.5 mm wide
    that holds no cell of its own — every row either continues a cell through it or starts there
    a cell that goes on into the next column. Left in, such a column shifts every cell after it
    by one place in some rows and not in others."""
    slivers = [j for j, w in enumerate(widths) if 0 < w <= SLIVER_TWIPS]
    for j in reversed(slivers):
        def drops(row: list, mark: list[str]) -> bool:
            if j >= len(row):
                return True
            if mark[j] in "SVB":
                return True
            return j + 1 < len(row) and mark[j + 1] == "S"     # a cell starting here goes on to the right
        if not all(drops(r, m) for r, m in zip(grid, marks)):
            continue
        for r, m in zip(grid, marks):
            if j >= len(r):
                continue
            if m[j] == "T":                                     # its text moves to the next place it covers
                r[j + 1], m[j + 1] = r[j], "T"
            del r[j], m[j]
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


def read(path: Path) -> ImportResult:
    """A Word document as a report (the registry's reader for .docx)."""
    notes: list[str] = []
    paras, grids, where = read_docx(path, notes)
    return assemble(paras, grids, where, "docx", path.name, notes=notes)
