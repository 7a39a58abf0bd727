"""Issue 12, the readers: what Word or Excel shows is what is read, and no file inside the
limits eats the machine.

- Word: a number inside a tracked insertion, a field, a content control, a smart tag or custom
  XML is read as Word shows it; tracked deletions and hidden text are not read; every cell
  whose reading depended on one of them is listed in the notes.
- Someone else's workbook: a formula's saved result is checked against the formula (sums and
  additions of cells of the same sheet, in exact decimals); a stale or missing result is
  replaced by the computed one and listed, a formula that cannot be checked leaves the cell
  blank and is listed. Numbers are read from the sheet's text, exactly.
- Resources: the parts openpyxl and python-docx build whole (styles, shared strings, the
  document body, …) are counted in one streaming pass before they are built, and a file over
  a limit is refused with a Chinese message that names it; a FIFO is refused before it is
  opened.

Every file is built here in code (zipfile + XML strings, or the official template of
tests/import_fixtures.py edited as XML). The tests assert what is read and what is refused;
the time and memory of the full-size hostile files are measured by the lead's benchmark
(:func:`hostile_files` builds them).
"""

from __future__ import annotations

import io
import os
import re
import stat
import threading
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import pytest

import import_fixtures as F
from conftest import CJK
from govreport_gui.core.importers import SourceError, read_path
from govreport_gui.core.importers import readers
from govreport_gui.core.report import Report


pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# ============================================================================================
# building packages


def write_zip(path: Path, parts: dict[str, object], pad: int = 0) -> Path:
    """A zip of ``parts`` (text, bytes, or an iterable of byte chunks streamed in), deflated;
    ``pad`` bytes of random data stored as a thumbnail keep a bomb under the zip ratio limit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in parts.items():
            if isinstance(data, str):
                z.writestr(name, data.encode("utf-8"))
            elif isinstance(data, bytes):
                z.writestr(name, data)
            else:
                with z.open(name, "w", force_zip64=True) as f:
                    for chunk in data:
                        f.write(chunk)
        if pad:
            z.writestr(zipfile.ZipInfo("docProps/thumbnail.jpeg"), os.urandom(pad), zipfile.ZIP_STORED)
    return Path(path)


def repeated(head: str, unit: str, n: int, tail: str) -> Iterable[bytes]:
    """``head + unit * n + tail`` in chunks of about 1 MB (a part far larger than is wise to hold
    in memory)."""
    yield head.encode("utf-8")
    u = unit.encode("utf-8")
    batch = max(1, (1 << 20) // max(len(u), 1))
    while n > 0:
        k = min(n, batch)
        yield u * k
        n -= k
    yield tail.encode("utf-8")


# -- Excel -----------------------------------------------------------------------------------


def col_letter(c: int) -> str:
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Fx:
    """A formula cell: ``formula`` (without =), its saved result (None: no <v>), its <f>
    attributes (a shared formula's t/si/ref) and the cell's type (str: a text result)."""
    formula: str
    cached: str | None = None
    attrs: str = ""
    t: str = ""


@dataclass
class Num:
    """A number cell with its <v> written exactly as given ("5E-5")."""
    v: str


def cell_xml(ref: str, v: object) -> str:
    if isinstance(v, Fx):
        f = f"<f{(' ' + v.attrs) if v.attrs else ''}>{esc(v.formula)}</f>" if v.formula or not v.attrs else \
            f"<f {v.attrs}/>"
        t = f' t="{v.t}"' if v.t else ""
        return f'<c r="{ref}"{t}>{f}{"" if v.cached is None else f"<v>{esc(v.cached)}</v>"}</c>'
    if isinstance(v, Num):
        return f'<c r="{ref}"><v>{v.v}</v></c>'
    if isinstance(v, (int, Decimal)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(str(v))}</t></is></c>'


def sheet_xml(cells: dict[tuple[int, int], object], after_data: str = "") -> str:
    rows: dict[int, list[tuple[int, object]]] = {}
    for (r, c), v in cells.items():
        rows.setdefault(r, []).append((c, v))
    body = "".join(f'<row r="{r}">' + "".join(cell_xml(f"{col_letter(c)}{r}", v) for c, v in sorted(rows[r]))
                   + "</row>" for r in sorted(rows))
    return f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData>{after_data}</worksheet>'


STYLE_PARTS = {      # a styles part as Excel writes it for a new workbook, one element each
    "fonts": '<fonts count="1"><font><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>',
    "fills": '<fills count="2"><fill><patternFill patternType="none"/></fill>'
             '<fill><patternFill patternType="gray125"/></fill></fills>',
    "borders": '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
    "cellStyleXfs": '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
    "cellXfs": '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>',
    "cellStyles": '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>',
}


def styles_xml(**replace: str) -> str:
    """styles.xml with some of its lists replaced (``borders='<borders>…</borders>'``)."""
    body = "".join(replace.get(k, v) for k, v in STYLE_PARTS.items())
    return f'{XML_HEAD}<styleSheet xmlns="{MAIN}">{body}</styleSheet>'


def styles_stream(key: str, open_tag: str, unit: str, n: int, close_tag: str) -> Iterable[bytes]:
    """styles.xml whose list ``key`` holds ``unit`` ``n`` times (streamed)."""
    keys = list(STYLE_PARTS)
    i = keys.index(key)
    head = f'{XML_HEAD}<styleSheet xmlns="{MAIN}">' + "".join(STYLE_PARTS[k] for k in keys[:i]) + open_tag
    tail = close_tag + "".join(STYLE_PARTS[k] for k in keys[i + 1:]) + "</styleSheet>"
    return repeated(head, unit, n, tail)


STYLES = styles_xml()


def xlsx_parts(sheets: dict[str, object], styles: object = STYLES, shared: object = None) -> dict[str, object]:
    """The parts of a workbook with these sheets (name -> worksheet XML), as Excel lays them out."""
    ct = [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
          f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1)]
    if styles is not None:
        ct.append('<Override PartName="/xl/styles.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    if shared is not None:
        ct.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    parts: dict[str, object] = {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + "".join(ct) + "</Types>"),
        "_rels/.rels": (f'{XML_HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                            + "".join(f'<sheet name="{esc(n)}" sheetId="{i}" r:id="rId{i}"/>'
                                      for i, n in enumerate(sheets, start=1)) + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(sheets) + 1))
            + f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
            + (f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
               if shared is not None else "") + "</Relationships>"),
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if styles is not None:
        parts["xl/styles.xml"] = styles
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return parts


def report_cells(rep: Report, cells: dict[str, object] | None = None) -> tuple[dict[tuple[int, int], object],
                                                                                  dict[str, str]]:
    """Someone else's sheet with the report's tables laid out as foreign_xlsx lays them
    (title, then each table under its heading), every number typed; ``cells``: cell id ->
    what is written instead (an Fx for a formula whose text names other cells as {cell id}).
    Returns the sheet's cells and where each value cell is (cell id -> "F12")."""
    ed = rep.ed
    out: dict[tuple[int, int], object] = {(1, 1): rep.title}
    where: dict[str, str] = {}
    row = 3
    for s in ed.sections:
        if s.kind != "table":
            continue
        out[(row, 1)] = s.heading
        row += 1
        for g in ed.tables[s.id].grid:
            r, c = row + g.row, 1 + g.col
            if g.kind == "label":
                out[(r, c)] = g.text
            else:
                where[g.cell] = f"{col_letter(c)}{r}"
                v = rep.values.get(g.cell)
                if v is not None:
                    out[(r, c)] = v
        row += ed.tables[s.id].height + 2
    for cid, v in (cells or {}).items():
        r, c = _ref(where[cid])
        if isinstance(v, Fx):
            v = Fx(cell_refs(v.formula, where), v.cached, cell_refs(v.attrs, where), v.t)
        if v is None:
            out.pop((r, c), None)
        else:
            out[(r, c)] = v
    return out, where


def cell_refs(text: str, where: dict[str, str]) -> str:
    """``text`` with each {cell id} replaced by where the cell is ("{s3.new.total}" -> "J7")."""
    return re.sub(r"\{([\w.]+)\}", lambda m: where[m.group(1)], text)


def _ref(a1: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", a1)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)), c


def foreign_with_formulas(path: Path, rep: Report, cells: dict[str, object]) -> tuple[Path, dict[str, str]]:
    grid, where = report_cells(rep, cells)
    return write_zip(path, xlsx_parts({"年报": sheet_xml(grid)})), where


# -- Word ------------------------------------------------------------------------------------


def minimal_docx_parts(body: object, styles: str | None = None, extra: dict[str, object] | None = None) -> dict:
    """A Word package around ``body`` (the XML inside <w:body>, or chunks of a whole document)."""
    doc = (f'{XML_HEAD}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
           if isinstance(body, str) else body)
    parts: dict[str, object] = {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            + ('<Override PartName="/word/styles.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' if styles else "")
            + "</Types>"),
        "_rels/.rels": (f'{XML_HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                        f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/_rels/document.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
            + (f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>' if styles else "")
            + "</Relationships>"),
        "word/document.xml": doc,
    }
    if styles:
        parts["word/styles.xml"] = styles
    parts.update(extra or {})
    return parts


MARK = "⟦{}⟧"


def official_docx_with(tmp_path: Path, rep: Report, runs: dict[str, str], name: str = "年报.docx",
                       edit=None) -> Path:
    """The official template filled with ``rep``; the run of each cell id in ``runs`` replaced by
    the XML given (runs, insertions, fields, …); ``edit`` changes the whole document XML."""
    src = F.official_docx(tmp_path / "template.docx", rep,
                          cell_text=lambda cid, v: MARK.format(cid) if cid in runs else F.display(v, rep.ed.cells[cid].type))
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for cid, new in runs.items():
        old = f"<w:r><w:t>{MARK.format(cid)}</w:t></w:r>"
        assert xml.count(old) == 1, cid
        xml = xml.replace(old, new)
    if edit:
        xml = edit(xml)
    parts["word/document.xml"] = xml.encode("utf-8")
    return write_zip(tmp_path / name, parts)


def run(text: str, rpr: str = "") -> str:
    return f"<w:r>{'<w:rPr>' + rpr + '</w:rPr>' if rpr else ''}<w:t xml:space=\"preserve\">{esc(text)}</w:t></w:r>"


REV = 'w:id="{}" w:author="某某" w:date="2024-01-10T09:00:00Z"'


# ============================================================================================
# the full-size hostile files of issue 12 (for measuring; the tests use small ones)


def hostile_files(folder: Path) -> dict[str, Path]:
    """The files of the issue's table, at their size: name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    sheet = sheet_xml({(1, 1): "三、收到和处理政府信息公开申请情况", (2, 2): 1})
    out: dict[str, Path] = {}
    n = 195 * 1024 * 1024 // len("<border/>")
    out["xlsx 195 MB of <border/>"] = write_zip(folder / "borders.xlsx", xlsx_parts(
        {"年报": sheet}, styles=styles_stream("borders", f'<borders count="{n}">', "<border/>", n, "</borders>")),
        pad=1_400_000)
    out["xlsx 1.3 M <font/>"] = write_zip(folder / "fonts.xlsx", xlsx_parts(
        {"年报": sheet}, styles=styles_stream("fonts", '<fonts count="1300000">', "<font/>", 1_300_000, "</fonts>")))
    n = 180 * 1024 * 1024 // len("<si><t>1</t></si>")
    out["xlsx shared strings: 11 M <si>"] = write_zip(folder / "strings-si.xlsx", xlsx_parts(
        {"年报": sheet}, shared=repeated(f'{XML_HEAD}<sst xmlns="{MAIN}">', "<si><t>1</t></si>", n, "</sst>")),
        pad=1_400_000)
    n = 180 * 1024 * 1024 // len("<r><t>1</t></r>")
    out["xlsx shared strings: one <si> of 12 M runs"] = write_zip(folder / "strings-runs.xlsx", xlsx_parts(
        {"年报": sheet}, shared=repeated(f'{XML_HEAD}<sst xmlns="{MAIN}"><si>', "<r><t>1</t></r>", n, "</si></sst>")),
        pad=1_400_000)
    head = f'{XML_HEAD}<w:document xmlns:w="{W}"><w:body><w:p>'
    out["docx 39,000 runs × 400 <w:t>"] = write_zip(folder / "runs.docx", minimal_docx_parts(
        repeated(head, "<w:r>" + "<w:t>1</w:t>" * 400 + "</w:r>", 39_000, "</w:p></w:body></w:document>")),
        pad=1_400_000)
    out["docx 7.4 M bookmark ends"] = write_zip(folder / "bookmarks.docx", minimal_docx_parts(
        repeated(head, '<w:bookmarkEnd w:id="1"/>', 7_400_000, "</w:p></w:body></w:document>")),
        pad=1_400_000)
    return out


# ============================================================================================
# A. Word: read what Word shows (changes accepted), and say where that was needed


def _place(rep: Report, cid: str) -> tuple[int, int, int]:
    """(table number, row, column) of a value cell in the official template, counted from 1."""
    tables = [s.id for s in rep.ed.sections if s.kind == "table"]
    for t, sid in enumerate(tables, start=1):
        for g in rep.ed.tables[sid].grid:
            if g.cell == cid:
                return t, g.row + 1, g.col + 1
    raise KeyError(cid)


def _note_for(rep: Report, cid: str, what: str) -> str:
    t, r, c = _place(rep, cid)
    return f"第{t}个表格第{r}行第{c}列的单元格{what}"


@pytest.fixture(scope="module")
def rep():
    return F.rich_report("2021")


CID = "s3.granted.natural"          # the cell each Word test writes in an unusual way


def _read_cell(tmp_path, rep, xml: str, styles_edit=None):
    p = official_docx_with(tmp_path, rep, {CID: xml})
    if styles_edit:
        with zipfile.ZipFile(p) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["word/styles.xml"] = styles_edit(parts["word/styles.xml"].decode("utf-8")).encode("utf-8")
        p = write_zip(tmp_path / "styled.docx", parts)
    res = read_path(p)
    others = {c: v for c, v in res.report.values.items() if c != CID}
    assert others == {c: v for c, v in rep.values.items() if c != CID}, "another cell changed"
    return res


SHOWN_AS_WORD_SHOWS = {
    # issue 12 finding 4: each of these was read as a blank cell, with no problem listed
    "tracked insertion": f'<w:ins {REV.format(1)}>{run("312")}</w:ins>',
    "a move's new place": f'<w:moveTo {REV.format(1)}>{run("312")}</w:moveTo>',
    "simple field": f'<w:fldSimple w:instr=" =SUM(LEFT) ">{run("312")}</w:fldSimple>',
    "content control": f'<w:sdt><w:sdtPr><w:alias w:val="数字"/></w:sdtPr><w:sdtContent>{run("312")}</w:sdtContent></w:sdt>',
    "smart tag": f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="stockticker">'
                 f'<w:smartTagPr/>{run("312")}</w:smartTag>',
    "custom XML": f'<w:customXml w:uri="urn:x" w:element="figure"><w:customXmlPr/>{run("312")}</w:customXml>',
    "field in a content control in an insertion": (
        f'<w:ins {REV.format(1)}><w:sdt><w:sdtContent><w:fldSimple w:instr=" =300+12 ">{run("312")}'
        f'</w:fldSimple></w:sdtContent></w:sdt></w:ins>'),
    # a complex field's code is not read, even a field inside the code: the nested field's
    # result "1" was read before the outer field's result, giving 1312
    "complex field with a field in its code": (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =1 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText> = 1 "312" "0" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("312") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
}


@pytest.mark.parametrize("how", list(SHOWN_AS_WORD_SHOWS))
def test_docx_number_inside_a_wrapper_is_read_as_word_shows_it(tmp_path, rep, how):
    res = _read_cell(tmp_path, rep, SHOWN_AS_WORD_SHOWS[how])
    assert res.report.values.get(CID) == 312
    tracked = how in ("tracked insertion", "a move's new place", "field in a content control in an insertion")
    assert (_note_for(rep, CID, "含修订，按接受修订后的内容读取") in res.notes) == tracked, res.notes


def test_docx_tracked_deletion_is_not_read_and_the_cell_is_noted(tmp_path, rep):
    """312 with a 9 deleted in between, tracked: Word (changes accepted) shows 312. It was
    read as 312 before too, but the cell was not listed."""
    xml = run("31") + f'<w:del {REV.format(1)}><w:r><w:delText>9</w:delText></w:r></w:del>' + run("2")
    res = _read_cell(tmp_path, rep, xml)
    assert res.report.values.get(CID) == 312
    assert _note_for(rep, CID, "含修订，按接受修订后的内容读取") in res.notes


def test_docx_tracked_replacement_reads_the_new_number(tmp_path, rep):
    """A clerk corrected 299 to 312 with tracking on: the cell read 299? No: it was blank."""
    xml = (f'<w:del {REV.format(1)}><w:r><w:delText>299</w:delText></w:r></w:del>'
           f'<w:ins {REV.format(2)}>{run("312")}</w:ins>')
    res = _read_cell(tmp_path, rep, xml)
    assert res.report.values.get(CID) == 312
    assert _note_for(rep, CID, "含修订，按接受修订后的内容读取") in res.notes


@pytest.mark.parametrize("hidden_by", ["run", "character style", "style based on a hiding style",
                                       "paragraph style"])
def test_docx_hidden_text_is_not_read_and_the_cell_is_noted(tmp_path, rep, hidden_by):
    """312 followed by a hidden 9: Word shows 312; it was read as 3129."""
    styles = None
    if hidden_by == "run":
        xml = run("312") + run("9", "<w:vanish/>")
    elif hidden_by == "paragraph style":
        # the paragraph's style hides its runs; the 312 run says it is not hidden
        xml = run("312", '<w:vanish w:val="0"/>') + run("9")
        styles = lambda t: t.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="HiddenPara">'
                                     '<w:name w:val="Hidden Para"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>')
    else:
        sid = "Hide" if hidden_by == "character style" else "HideToo"
        xml = run("312") + run("9", f'<w:rStyle w:val="{sid}"/>')
        styles = lambda t: t.replace("</w:styles>", (
            '<w:style w:type="character" w:styleId="Hide"><w:name w:val="Hide"/><w:rPr><w:vanish/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="HideToo"><w:name w:val="Hide too"/><w:basedOn w:val="Hide"/>'
            '<w:rPr><w:b/></w:rPr></w:style></w:styles>'))
    p = official_docx_with(tmp_path, rep, {CID: xml})
    if hidden_by == "paragraph style":
        with zipfile.ZipFile(p) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        doc = parts["word/document.xml"].decode("utf-8")
        at = doc.index(xml)
        start = doc.rindex("<w:p>", 0, at)
        doc = doc[:start] + '<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr>' + doc[start + len("<w:p>"):]
        parts["word/document.xml"] = doc.encode("utf-8")
        parts["word/styles.xml"] = styles(parts["word/styles.xml"].decode("utf-8")).encode("utf-8")
        p = write_zip(tmp_path / "para.docx", parts)
        res = read_path(p)
    else:
        res = _read_cell(tmp_path, rep, xml, styles)
    assert res.report.values.get(CID) == 312
    assert _note_for(rep, CID, "含隐藏文字“9”，Word 不显示，未读取") in res.notes


def test_docx_text_marked_not_hidden_is_read(tmp_path, rep):
    """<w:vanish w:val="0"/> shows the text: the cell reads 3129, and nothing is noted."""
    res = _read_cell(tmp_path, rep, run("312") + run("9", '<w:vanish w:val="false"/>'))
    assert res.report.values.get(CID) == 3129 and res.notes == []


def test_docx_hidden_text_in_the_narrative_is_not_read(tmp_path, rep):
    first = F.text_lines(rep.text["s1"])[0]
    secret = "（内部说明：此段待领导审定，不对外公开）"

    def edit(xml: str) -> str:
        old = f"<w:r><w:t>{first}</w:t></w:r>"
        assert xml.count(old) == 1
        return xml.replace(old, old + run(secret, "<w:vanish/>"))

    res = read_path(official_docx_with(tmp_path, rep, {}, edit=edit))
    assert secret not in res.report.text["s1"] and first in res.report.text["s1"]
    assert any(n.startswith("正文第") and "含隐藏文字“（内部说明" in n for n in res.notes), res.notes


def _s4_row(xml: str) -> tuple[int, int]:
    """Where the row of section 四's numbers starts and ends in the document."""
    t = [m.start() for m in re.finditer(r"<w:tbl>", xml)][2]
    rows = [m for m in re.finditer(r"<w:tr[ >].*?</w:tr>", xml[t:], re.S)]
    return t + rows[3].start(), t + rows[3].end()


def test_docx_row_deleted_as_a_tracked_change_is_not_read(tmp_path, rep):
    """An old row of section 四 deleted with tracking on, above the new one: the deleted row's
    numbers were read (the first row found wins)."""
    def edit(xml: str) -> str:
        a, b = _s4_row(xml)
        row = xml[a:b]
        old = re.sub(r"<w:t>\d+</w:t>", "<w:t>99</w:t>", row)
        old = old.replace("<w:tr>", f'<w:tr><w:trPr><w:del {REV.format(7)}/></w:trPr>', 1)
        new = row.replace("<w:tr>", f'<w:tr><w:trPr><w:ins {REV.format(8)}/></w:trPr>', 1)
        assert old != row and new != row
        return xml[:a] + old + new + xml[b:]

    res = read_path(official_docx_with(tmp_path, rep, {}, edit=edit))
    assert res.report.values == rep.values
    assert "第3个表格第4行之前的一行在修订中已删除，按接受修订后的内容未读取" in res.notes, res.notes
    assert "第3个表格第4行第1列的单元格含修订，按接受修订后的内容读取" in res.notes, res.notes


def test_docx_table_inside_a_content_control_is_read(tmp_path, rep):
    """A template that wraps section 四's table in a content control (or custom XML): the
    table was skipped, its 15 numbers missing."""
    def edit(xml: str) -> str:
        starts = [m.start() for m in re.finditer(r"<w:tbl>", xml)]
        a = starts[2]
        b = xml.index("</w:tbl>", a) + len("</w:tbl>")
        return (xml[:a] + '<w:sdt><w:sdtPr><w:tag w:val="s4"/></w:sdtPr><w:sdtContent><w:customXml w:element="t">'
                + xml[a:b] + "</w:customXml></w:sdtContent></w:sdt>" + xml[b:])

    res = read_path(official_docx_with(tmp_path, rep, {}, edit=edit))
    assert res.report.values == rep.values


def test_docx_placeholder_of_an_empty_content_control_is_not_read(tmp_path, rep):
    """An empty content control shows its prompt (单击或点击此处输入文字): that is no value."""
    xml = (f'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{run("单击或点击此处输入文字。")}'
           f'</w:sdtContent></w:sdt>')
    p = official_docx_with(tmp_path, rep, {CID: xml})
    res = read_path(p)
    assert CID not in res.report.values
    assert not any("单击" in x for x in res.problems + res.notes)


def test_docx_notes_are_listed_up_to_twenty_then_counted(tmp_path, rep):
    cells = [c for c in rep.ed.tables["s3"].cells if rep.values.get(c) is not None][:25]
    p = official_docx_with(tmp_path, rep, {c: f'<w:ins {REV.format(i)}>{run(F.display(rep.values[c], "count"))}</w:ins>'
                                           for i, c in enumerate(cells)})
    res = read_path(p)
    assert res.report.values == rep.values
    listed = [n for n in res.notes if n.endswith("含修订，按接受修订后的内容读取")]
    assert len(listed) == 20, res.notes
    assert "另有 5 处含修订（按 Word 接受修订后显示的内容读取）" in res.notes, res.notes


# ============================================================================================
# A. Someone else's workbook: a formula's saved result is checked, numbers read exactly


def _row_sum(rid: str) -> str:
    return "SUM({s3.%s.natural}:{s3.%s.other})" % (rid, rid)


def _read_foreign(tmp_path, rep, cells: dict[str, object]):
    p, where = foreign_with_formulas(tmp_path / "别人的表.xlsx", rep, cells)
    return read_path(p), where


def test_xlsx_plain_foreign_workbook_reads_exactly_without_notes(tmp_path, rep):
    """The baseline of this section: the sheet as built here reads back the report."""
    res, _ = _read_foreign(tmp_path, rep, {})
    assert res.report.values == rep.values and res.problems == [] and res.notes == []


def test_xlsx_formulas_whose_saved_results_agree_are_read_silently(tmp_path, rep):
    cells = {"s3.granted.total": Fx(_row_sum("granted"), str(rep.values["s3.granted.total"])),
             "s4.review.total": Fx("{s4.review.upheld}+{s4.review.corrected}+{s4.review.other}+{s4.review.pending}",
                                   str(rep.values["s4.review.total"]))}
    res, _ = _read_foreign(tmp_path, rep, cells)
    assert res.report.values == rep.values and res.problems == [] and res.notes == []


def test_xlsx_stale_saved_result_is_replaced_by_the_formulas_result_and_noted(tmp_path, rep):
    """Issue 12 finding 4: a total whose inputs were changed by a program that does not
    recalculate keeps its old saved result; Excel shows the new sum. It was read as saved."""
    total = rep.values["s3.granted.total"]
    res, where = _read_foreign(tmp_path, rep, {"s3.granted.total": Fx(_row_sum("granted"), str(total + 5))})
    assert res.report.values == rep.values
    assert any(n.startswith(f"工作表“年报”{where['s3.granted.total']}的公式“=SUM(") and f"保存的结果“{total + 5}”" in n
               and f"已按 {total} 读取" in n for n in res.notes), res.notes


@pytest.mark.parametrize("formula", [
    "{s4.review.upheld}+{s4.review.corrected}+{s4.review.other}+{s4.review.pending}",
    "SUM({s4.review.upheld}:{s4.review.pending})",
    "SUM({s4.review.upheld},{s4.review.corrected}:{s4.review.other})+(0+{s4.review.pending})",
    "$A${row}+{s4.review.corrected}- -{s4.review.other}+ {s4.review.pending}",
], ids=["additions", "SUM of a range", "SUM of a cell and a range, parentheses", "absolute and double minus"])
def test_xlsx_additions_and_sums_are_worked_out_exactly(tmp_path, rep, formula):
    _, where = report_cells(rep)
    assert where["s4.review.upheld"].startswith("A")
    formula = formula.replace("{row}", where["s4.review.upheld"][1:])
    res, where = _read_foreign(tmp_path, rep, {"s4.review.total": Fx(formula, "999")})
    assert res.report.values == rep.values, res.notes
    assert any("保存的结果“999”" in n for n in res.notes)


def test_xlsx_constant_formula(tmp_path, rep):
    """=5 saved as 7: Excel shows 5."""
    cells = {"s4.review.upheld": Fx("5", "7"), "s4.review.total": Fx("SUM({s4.review.upheld}:{s4.review.pending})", "0")}
    res, _ = _read_foreign(tmp_path, rep, cells)
    assert res.report.values["s4.review.upheld"] == 5
    assert res.report.values["s4.review.total"] == rep.values["s4.review.total"] - rep.values["s4.review.upheld"] + 5


def test_xlsx_formula_without_a_saved_result_is_worked_out(tmp_path, rep):
    """openpyxl and some converters save formulas without results: the cell was read blank,
    with no problem listed."""
    res, where = _read_foreign(tmp_path, rep, {"s3.granted.total": Fx(_row_sum("granted"), None)})
    assert res.report.values == rep.values
    assert f"工作表“年报”{where['s3.granted.total']}的公式“={cell_refs(_row_sum('granted'), where)}”没有保存结果，" \
           f"已按公式算出 {rep.values['s3.granted.total']} 读取" in res.notes, res.notes


def test_xlsx_total_of_formulas_uses_their_worked_out_results(tmp_path, rep):
    """A total over cells that are themselves stale formulas: every level is worked out."""
    v = rep.values
    cells = {"s3.granted.natural": Fx("{s3.granted.business}+%d" % (v["s3.granted.natural"] - v["s3.granted.business"]),
                                      "100"),
             "s3.granted.total": Fx(_row_sum("granted"), "200")}
    res, _ = _read_foreign(tmp_path, rep, cells)
    assert res.report.values == rep.values
    assert len([n for n in res.notes if "保存的结果" in n]) == 2


def test_xlsx_shared_formula_is_worked_out_at_each_of_its_cells(tmp_path, rep):
    """Excel saves a formula filled down once (the first cell) and refers the others to it."""
    v = rep.values
    cells = {"s3.new.total": Fx(_row_sum("new"), "1", 't="shared" ref="{s3.new.total}:{s3.carried_in.total}" si="0"'),
             "s3.carried_in.total": Fx("", "2", 't="shared" si="0"')}
    res, _ = _read_foreign(tmp_path, rep, cells)
    assert res.report.values["s3.new.total"] == v["s3.new.total"]
    assert res.report.values["s3.carried_in.total"] == v["s3.carried_in.total"]


@pytest.mark.parametrize("formula, why", [
    ("VLOOKUP({s3.granted.natural},A1:B2,2,FALSE)", "含有函数 VLOOKUP"),
    ("汇总!J12", "含有不支持的函数、运算或引用"),
    ("{s3.granted.natural}*2", "含有不支持的函数、运算或引用"),
    ("SUM(A:A)", "含有不支持的函数、运算或引用"),
    ("{s3.granted.total}+1", "公式循环引用"),
    ("SUM({s3.granted.natural}:BZ9)", "引用了读取范围以外的单元格"),
], ids=["another function", "another sheet", "multiplication", "a whole column", "itself", "beyond the columns read"])
def test_xlsx_formula_that_cannot_be_checked_leaves_the_cell_blank_and_says_so(tmp_path, rep, formula, why):
    """Its saved result might be stale: the cell is left blank, with the saved number in the
    problem so the clerk can check it. It was read as saved, silently."""
    res, where = _read_foreign(tmp_path, rep, {"s3.granted.total": Fx(formula, "123")})
    assert "s3.granted.total" not in res.report.values
    assert {c: x for c, x in res.report.values.items() if c != "s3.granted.total"} == \
        {c: x for c, x in rep.values.items() if c != "s3.granted.total"}
    want = f"工作表“年报”{where['s3.granted.total']}的公式“={cell_refs(formula, where)}”无法核算（{why}），" \
           f"其中保存的结果“123”可能不是 Excel 现在显示的数，未读取，请核对后填写"
    assert want in res.problems, res.problems


def test_xlsx_formula_giving_text_is_read_as_its_text(tmp_path, rep):
    """A label made by a formula (="一、本年新收…"): text is no figure; it is read as saved."""
    label = "一、本年新收政府信息公开申请数量"
    grid, where = report_cells(rep)
    pos = next(k for k, x in grid.items() if x == label)
    grid[pos] = Fx('"一、本年新收"&"政府信息公开申请数量"', label, t="str")
    res = read_path(write_zip(tmp_path / "t.xlsx", xlsx_parts({"年报": sheet_xml(grid)})))
    assert res.report.values == rep.values and res.problems == [] and res.notes == []


@pytest.mark.parametrize("saved, value", [("5E-5", Decimal("0.00005")), ("5.0000000000000002E-5", Decimal("0.00005")),
                                          ("1228.9200000000001", Decimal("1228.92")), ("3.5E+1", Decimal("35"))])
def test_xlsx_numbers_are_read_from_their_saved_text_as_excel_shows_them(tmp_path, rep, saved, value):
    """An amount saved as 5E-5 became the float 5e-05 and then "5e-05 不是数字"; Excel shows
    0.00005 (15 significant digits at most, as Excel does)."""
    res, _ = _read_foreign(tmp_path, rep, {"s2.fees.amount": Num(saved)})
    assert res.report.values["s2.fees.amount"] == value, res.problems
    assert isinstance(res.report.values["s2.fees.amount"], Decimal)


def test_xlsx_formula_results_are_listed_up_to_twenty_then_counted(tmp_path, rep):
    rows = [r for r in rep.ed.tables["s3"].row_names if rep.values.get(f"s3.{r}.total") is not None][:24]
    res, _ = _read_foreign(tmp_path, rep, {f"s3.{r}.total": Fx(_row_sum(r), None) for r in rows})
    assert res.report.values == rep.values
    assert len([n for n in res.notes if "没有保存结果" in n]) == 20
    assert f"另有 {len(rows) - 20} 个公式单元格按公式重新计算的结果读取" in res.notes


# ============================================================================================
# B. Counted before anything is built: refused with a message naming the file and what is wrong


@pytest.fixture
def nothing_built(monkeypatch):
    """Fails the test if openpyxl or python-docx is asked to open the file."""
    import docx
    import openpyxl

    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append("openpyxl") or pytest.fail(
        "openpyxl opened the workbook"))
    monkeypatch.setattr(docx, "Document", lambda *a, **k: opened.append("python-docx") or pytest.fail(
        "python-docx opened the document"))
    return opened


def _refused(p: Path, *words: str) -> str:
    with pytest.raises(SourceError) as e:
        read_path(p)
    msg = str(e.value)
    assert p.name in msg and CJK.search(msg), msg
    for w in words:
        assert w in msg, msg
    return msg


SMALL_SHEET = sheet_xml({(1, 1): "三、收到和处理政府信息公开申请情况", (2, 2): 1})
STYLE_BOMBS = {
    # issue 12: 1.3 M <font/> (35 kB) took 25 s and 600 MB; 195 MB of <border/> 269 s and 8.7 GB
    "fonts": ("fonts", "<font/>", "种字体", readers.MAX_STYLE_ITEMS[b"font"]),
    "borders": ("borders", "<border/>", "种边框", readers.MAX_STYLE_ITEMS[b"border"]),
    "fills": ("fills", '<fill><patternFill patternType="none"/></fill>', "种填充", readers.MAX_STYLE_ITEMS[b"fill"]),
    "number formats": ("cellXfs", '<numFmt numFmtId="200" formatCode="0"/>', "种数字格式",
                       readers.MAX_STYLE_ITEMS[b"numFmt"]),
    "conditional-format styles": ("cellXfs", "<dxf><alignment horizontal=\"center\"/></dxf>", "种条件格式样式",
                                  readers.MAX_STYLE_ITEMS[b"dxf"]),
    "cell styles": ("cellStyles", '<cellStyle name="x" xfId="0"/>', "个单元格样式", readers.MAX_STYLE_ITEMS[b"cellStyle"]),
    "cell style formats": ("cellStyleXfs", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>', "种单元格格式",
                           readers.MAX_CELL_FORMATS),
}


@pytest.mark.parametrize("what", list(STYLE_BOMBS))
def test_xlsx_styles_over_a_limit_are_refused_before_openpyxl_opens_them(tmp_path, nothing_built, what):
    key, unit, says, limit = STYLE_BOMBS[what]
    wrap = {"fonts": ("<fonts>", "</fonts>"), "borders": ("<borders>", "</borders>"),
            "fills": ("<fills>", "</fills>"), "cellStyles": ("<cellStyles>", "</cellStyles>"),
            "cellStyleXfs": ("<cellStyleXfs>", "</cellStyleXfs>")}.get(key)
    if wrap is None:                       # numFmts and dxfs: their own lists, before cellXfs
        lists = "numFmts" if "numFmt" in unit else "dxfs"
        styles = styles_stream("cellXfs", f"<{lists}>", unit, limit + 1, f"</{lists}>" + STYLE_PARTS["cellXfs"])
    else:
        styles = styles_stream(key, wrap[0], unit, limit + 1, wrap[1])
    p = write_zip(tmp_path / "样式.xlsx", xlsx_parts({"年报": SMALL_SHEET}, styles=styles))
    _refused(p, says, "复制到一个新工作簿")


def test_xlsx_styles_over_the_limit_all_together_are_refused(tmp_path, nothing_built):
    """Each list under its own limit, together far over what a workbook has."""
    n = 4900
    styles = styles_xml(fonts=f"<fonts>{'<font/>' * n}</fonts>", fills=f"<fills>{'<fill/>' * n}</fills>",
                        borders=f"<borders>{'<border/>' * n}</borders>",
                        cellStyleXfs=f"<cellStyleXfs>{'<xf/>' * 16_000}</cellStyleXfs>")
    p = write_zip(tmp_path / "样式.xlsx", xlsx_parts({"年报": SMALL_SHEET}, styles=styles))
    _refused(p, "的样式至少有", "复制到一个新工作簿")


@pytest.mark.parametrize("unit, says, limit", [
    ("<si><t>1</t></si>", "个文字（", readers.MAX_SHARED_STRINGS),
    ("<si>" + "<r><t>1</t></r>" * 100 + "</si>", "段带格式的文字", readers.MAX_SHARED_RUNS // 100),
    ("<si>" + "<t>1</t>" * 100 + "</si>", "个文字片段", readers.MAX_SHARED_TEXTS // 100),
], ids=["strings", "formatted runs", "text pieces"])
def test_xlsx_shared_strings_over_a_limit_are_refused_before_openpyxl_opens_them(tmp_path, nothing_built, unit,
                                                                                 says, limit):
    """Issue 12: a shared-strings bomb of 1.7 MB took 168 s and 1.1 GB."""
    shared = repeated(f'{XML_HEAD}<sst xmlns="{MAIN}">', unit, limit + 1, "</sst>")
    p = write_zip(tmp_path / "文字.xlsx", xlsx_parts({"年报": SMALL_SHEET}, shared=shared))
    _refused(p, "xl/sharedStrings.xml", says)


def test_xlsx_shared_strings_part_too_large_is_refused_by_its_size(tmp_path, nothing_built):
    """Long strings: few elements, many characters (a string costs openpyxl its characters)."""
    n = readers.MAX_SHARED_STRINGS_BYTES // 10_000 + 1
    shared = repeated(f'{XML_HEAD}<sst xmlns="{MAIN}">', "<si><t>" + "公" * 3330 + "</t></si>", n, "</sst>")
    p = write_zip(tmp_path / "长文字.xlsx", xlsx_parts({"年报": SMALL_SHEET}, shared=shared), pad=120_000)
    _refused(p, "共享文字表解压后有")


def test_xlsx_part_with_far_too_many_elements_is_refused(tmp_path, nothing_built):
    """Elements no list limit names (here in the styles part): openpyxl parses the part whole."""
    styles = styles_stream("cellStyles", "<cellStyles>", "<x/>", readers.MAX_PART_ELEMENTS + 1, "</cellStyles>")
    p = write_zip(tmp_path / "元素.xlsx", xlsx_parts({"年报": SMALL_SHEET}, styles=styles))
    _refused(p, "xl/styles.xml", "个 XML 元素")


def test_xlsx_styles_under_another_name_are_counted_too(tmp_path, nothing_built):
    """openpyxl finds the shared strings by their content type, whatever the part's name."""
    parts = xlsx_parts({"年报": SMALL_SHEET}, shared=repeated(f'{XML_HEAD}<sst xmlns="{MAIN}">', "<si><t>1</t></si>",
                                                              readers.MAX_SHARED_STRINGS + 1, "</sst>"))
    parts["xl/strings.bin"] = parts.pop("xl/sharedStrings.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace("/xl/sharedStrings.xml", "/xl/strings.bin")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace("sharedStrings.xml", "strings.bin")
    _refused(write_zip(tmp_path / "改名.xlsx", parts), "xl/strings.bin", "个文字（")


@pytest.mark.parametrize("prefix, says", [("p" * 40, "种字体"), ("p" * 60, "名称超长")])
def test_xlsx_tags_with_long_prefixes_are_counted(tmp_path, nothing_built, prefix, says):
    """Any prefix may stand for the namespace: a <font> under a long one is counted as a font,
    and one too long to be matched by name is counted as a name no Office program writes."""
    styles = styles_xml(fonts=f'<fonts xmlns:{prefix}="{MAIN}">' + f"<{prefix}:font/>" * 6000 + "</fonts>")
    _refused(write_zip(tmp_path / "前缀.xlsx", xlsx_parts({"年报": SMALL_SHEET}, styles=styles)), says)


def test_xlsx_sheet_rows_read_with_far_too_many_cells_are_refused(tmp_path, nothing_built):
    """2,000 rows of 300 cells (each under the 2,000 cells a row): openpyxl parses every cell of
    the rows it reads, even those past the 60 columns kept (14 µs each)."""
    row = "".join(f'<c r="{col_letter(c)}{{r}}" s="1"/>' for c in range(1, 301))

    def chunks():
        yield f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        for r in range(1, 2001):
            yield (f'<row r="{r}">' + row.replace("{r}", str(r)) + "</row>").encode()
        yield b"</sheetData></worksheet>"

    p = write_zip(tmp_path / "单元格.xlsx", xlsx_parts({"年报": chunks()}), pad=200_000)
    _refused(p, f"的工作表前 {readers.MAX_SHEET_ROWS} 行中至少有", "个 XML 元素")


def test_xlsx_sheet_with_far_too_many_merged_ranges_is_refused(tmp_path, nothing_built):
    """openpyxl parses what follows a sheet's rows (merged ranges: 28 µs each) when it has
    fewer rows than are read."""
    n = readers.MAX_SHEET_EXTRAS + 1
    sheet = sheet_xml({(1, 1): "x"}, f'<mergeCells count="{n}">' + '<mergeCell ref="A1:B1"/>' * n + "</mergeCells>")
    _refused(write_zip(tmp_path / "合并.xlsx", xlsx_parts({"年报": sheet})), "合并区域")


def test_xlsx_rows_past_those_read_are_not_counted(tmp_path, rep):
    """A big data sheet is read up to row 2,000: what follows costs nothing and is not counted."""
    grid, _ = report_cells(rep)

    def data():
        yield f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        for r in range(readers.MAX_SHEET_ROWS + 1, readers.MAX_SHEET_ROWS + 12_001):
            yield (f'<row r="{r}">' + "".join(f'<c r="{col_letter(c)}{r}"><v>{r}</v></c>' for c in range(1, 31))
                   + "</row>").encode()
        yield b"</sheetData></worksheet>"

    p = write_zip(tmp_path / "大表.xlsx", xlsx_parts({"年报": sheet_xml(grid), "数据": data()}))
    assert read_path(p).report.values == rep.values


DOCX_BOMBS = {
    # issue 12: 39,000 runs × 400 <w:t> (1.7 MB) took 13.5 s and 4.0 GB
    "text pieces": ("<w:p><w:r>" + "<w:t>1</w:t>" * 100 + "</w:r></w:p>", readers.MAX_DOCX_TEXTS // 100, "个文字片段"),
    # 7.4 M bookmark ends (1.7 MB): 11.8 s and 2.9 GB
    "bookmark ends": ('<w:bookmarkEnd w:id="1"/>', readers.MAX_BOOKMARKS, "个书签终点"),
    "bookmark starts": ('<w:bookmarkStart w:id="1" w:name="x"/>', readers.MAX_BOOKMARKS, "个书签起点"),
    "tables": ("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>", readers.MAX_DOCX_TABLES, "个表格"),
    "cells": ("<w:tbl><w:tr>" + "<w:tc/>" * 100 + "</w:tr></w:tbl>", readers.MAX_DOCX_CELLS // 100,
              "个表格单元格"),
    "elements": ("<w:proofErr/>", readers.MAX_DOCX_ELEMENTS, "个 XML 元素"),
}


@pytest.mark.parametrize("what", list(DOCX_BOMBS))
def test_docx_over_a_limit_is_refused_before_python_docx_builds_it(tmp_path, nothing_built, what):
    unit, limit, says = DOCX_BOMBS[what]
    doc = repeated(f'{XML_HEAD}<w:document xmlns:w="{W}"><w:body>', unit, limit + 1, "</w:body></w:document>")
    _refused(write_zip(tmp_path / "文档.docx", minimal_docx_parts(doc), pad=200_000), says)


def test_docx_bomb_in_another_part_is_counted(tmp_path, nothing_built):
    """python-docx parses the styles, headers, footers, numbering … whole as well."""
    styles = repeated(f'{XML_HEAD}<w:styles xmlns:w="{W}">', '<w:bookmarkEnd w:id="1"/>', readers.MAX_BOOKMARKS + 1,
                      "</w:styles>")
    _refused(write_zip(tmp_path / "样式.docx", minimal_docx_parts("<w:p/>", styles=styles)), "个书签终点")


def test_docx_just_under_the_limits_is_read(tmp_path):
    """Many bookmarks and text pieces, each under its limit: read, not refused."""
    body = (f"<w:p>{run('某某县人民政府2023年政府信息公开工作年度报告')}</w:p>"
            + "<w:p>" + '<w:bookmarkStart w:id="1" w:name="x"/><w:bookmarkEnd w:id="1"/>' * 5000 + "</w:p>"
            + "<w:p><w:r>" + "<w:t>一</w:t>" * 50_000 + "</w:r></w:p>"
            + f"<w:p>{run('一、总体情况')}</w:p><w:p>{run('二、主动公开政府信息情况')}</w:p>")
    res = read_path(write_zip(tmp_path / "多.docx", minimal_docx_parts(body)))
    assert res.report.year == 2023 and "一" * 100 in res.report.text.get("s1", "") + res.report.text.get("preface", "")


# ============================================================================================
# B. A pipe or device is refused before it is opened


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("ext", [".xlsx", ".docx", ".pdf", ".txt", ".html", ".govreport"])
def test_fifo_is_refused_before_it_is_opened(tmp_path, ext):
    """Issue 12 finding 10: a FIFO named .xlsx hung for ever (the zip was opened before the
    size was checked); .docx and .txt were called empty files."""
    from govreport_gui.core.errors import GovReportError

    fifo = tmp_path / f"管道{ext}"
    os.mkfifo(fifo)
    outcome: list = []

    def read():
        try:
            read_path(fifo)
            outcome.append("read")
        except GovReportError as e:
            outcome.append(e)
        except Exception as e:  # noqa: BLE001
            outcome.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(60)                      # generous: a refusal takes milliseconds
    if t.is_alive():                # still blocked opening the pipe: give it a writer so it ends
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        t.join(10)
        pytest.fail(f"reading a FIFO named {ext} blocked")
    assert len(outcome) == 1 and isinstance(outcome[0], GovReportError), outcome
    assert "不是普通文件" in str(outcome[0]) and fifo.name in str(outcome[0]), outcome[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_check_size_refuses_a_device(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(SourceError, match="不是普通文件"):
        readers.check_size(Path("/dev/zero"))


# ============================================================================================
# the counting itself: in chunks as on the whole text


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [b"<w:t>", b"<t/>", b"<x:font ", b"<font>", b"<fonts>", b"</font>", b"<", b"x", b" ", b">", b"<" + b"q" * 50,
           b"<" + b"p" * 20 + b":border/>", b"<" + b"p" * 48 + b":si>", b"<" + b"p" * 45 + b":r ", b"<si>", b"<r>", b"<rPr>", b'<row r="1">', b'<row r="2001">',
           b'<c r="A1"/>', b"<mergeCell/>", b"<col ", b"<cols>", b"<!--", b"-->"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.integers(1, 40))
def test_counting_tags_in_chunks_agrees_with_the_whole_text(parts, chunk):
    data = b"".join(parts)
    whole = readers.count_tags(io.BytesIO(data), readers._XLSX_TAGS, chunk=len(data) + 1)
    assert readers.count_tags(io.BytesIO(data), readers._XLSX_TAGS, chunk=chunk) == whole
    from collections import Counter
    assert whole[b""] == len(re.findall(rb"<[A-Za-z_]", data))
    assert whole[b"#long"] == len(re.findall(rb"<[A-Za-z_][\w.-]{48}", data))
    assert {k: v for k, v in whole.items() if k not in (b"", b"#long") and v} == \
        dict(Counter(readers._XLSX_TAGS.findall(data)))


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES[:-2]), max_size=60), st.integers(1, 40))
def test_sheet_budget_in_chunks_agrees_with_the_whole_text(parts, chunk):
    """What scan_xml adds to a budget: every tag before the first row past MAX_SHEET_ROWS."""
    data = b"".join(parts)
    whole, chunked = readers.SheetBudget(), readers.SheetBudget()
    a = readers.scan_xml(io.BytesIO(data), len(data) + 1, 64, rows=True, budget=whole)
    b = readers.scan_xml(io.BytesIO(data), chunk, 64, rows=True, budget=chunked)
    assert (a is None) == (b is None)         # refused alike (which fault is met first may differ)
    if a is None:
        stop = re.search(rb'<row r="2001">', data)
        head = data[:stop.start()] if stop else data
        assert (chunked.elements, chunked.extras, chunked.long) == (whole.elements, whole.extras, whole.long) == (
            len(re.findall(rb"<[A-Za-z_]", head)), len(readers._SHEET_EXTRA_TAGS.findall(head)),
            len(re.findall(rb"<[A-Za-z_][\w.-]{48}", head)))


def test_xlsx_formulas_past_the_budget_are_said_to_be_uncertain_not_worked_out(tmp_path, rep):
    """21,000 formulas (each costs as much as looking at 10 cells): those past the budget of
    200,000 are not worked out, each said, and the report's sheet (first) is read as before."""
    grid, _ = report_cells(rep)
    fx = {(r, c): Fx("1", "1") for r in range(1, 351) for c in range(1, 61)}
    p = write_zip(tmp_path / "公式.xlsx", xlsx_parts({"年报": sheet_xml(grid), "算": sheet_xml(fx)}))
    res = read_path(p)
    assert res.report.values == rep.values
    assert any("公式引用的单元格过多" in x for x in res.problems), res.problems
    more = [x for x in res.problems if x.startswith("另有 ")]
    assert len(more) == 1 and int(more[0].split()[1]) > 900, more


def test_xlsx_long_chain_of_formulas_is_cut_not_overflowing(tmp_path, rep):
    """A1 = A2+1, A2 = A3+1, …, A100 = 1: 100 levels of references. Those over 40 deep are
    said to be uncertain; the rest are worked out; no recursion error."""
    grid, _ = report_cells(rep)
    chain = {(k, 1): Fx(f"A{k + 1}+1", "0") for k in range(1, 100)}
    chain[(100, 1)] = Fx("1", "1")
    chain.update({(k, 2): f"第{k}行的说明文字，不是数字" for k in range(1, 101)})
    p = write_zip(tmp_path / "链.xlsx", xlsx_parts({"年报": sheet_xml(grid), "链": sheet_xml(chain)}))
    res = read_path(p)
    assert res.report.values == rep.values
    assert any("公式引用层次过深" in x for x in res.problems), res.problems
