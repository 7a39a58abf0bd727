"""A Word file holding the official tables, used as a template: filled where it prints them.

Offices circulate the official blank template (the three tables with merged cells, no
placeholders), often with their own letterhead (红头), fonts and column widths. Such a file is
filled in place, keeping everything of its own:

- **The tables** are found exactly as the importer finds them in any Word file
  (``importers.docx.read_docx`` and ``importers.tables.read``: printed labels, their variants
  and aliases from the edition data, merged cells), the other way round: a copy of the template
  gets a distinct marker number in every cell that is blank or holds a number, the importer
  reads that copy, and the marker it reads for a cell id names the ``<w:tc>`` that cell sits
  in. The value's text (``cell_text``: ``--blank`` honoured) then goes into that cell of the
  template, in the cell's own paragraph (its alignment) with the cell's own run properties
  (else its paragraph mark's, else a neighbouring cell's in the same row).
- **The narrative** goes under the template's headings (一、总体情况 … 六、其他需要报告的事项,
  found by the edition's heading patterns as the importer finds them), replacing the text
  between a heading and the next (a placeholder such as “（此处填写）”), each new paragraph
  made like the first paragraph it replaces. The title (the one paragraph before the headings
  naming 政府信息公开工作年度报告), the preface (between it and 一、), and the issuer and date
  (a date line such as “XXXX年X月X日” at the very end, the short line above it) are filled
  when they are found so; what is not found is left as it is and said.

Refused, in Chinese, nothing written: a template in which a table or some of its rows cannot
be found (named), one holding a table twice (which, where), a file with macros.
"""

from __future__ import annotations

import copy
import io
import re
import tempfile
import zipfile
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..errors import GovReportError
from ..report import Report
from . import ExportError, cell_text, paragraphs, printable, published_date, title_parts

MARK_BASE = 7_100_000_000          # marker numbers: far from any number a template prints

_W_P, _W_TBL, _W_TR, _W_TC, _W_R, _W_T, _W_PPR, _W_RPR = (qn(f"w:{t}") for t in ("p", "tbl", "tr", "tc", "r", "t",
                                                                                  "pPr", "rPr"))
_W_SECTPR = qn("w:sectPr")
_W_JC = qn("w:jc")
_W_VAL = qn("w:val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# run properties not carried into a new run: tracked changes, hidden text
_DROP_RPR = {qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "vanish", "specVanish",
                                    "webHidden")}


# --------------------------------------------------------------------------
# which way a template goes


_TAGS = re.compile(r"\{[{%#]")
_XML_TAG = re.compile(rb"<[^>]*>")
_TEXT_PARTS = re.compile(r"^word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def has_tags(data: bytes) -> bool:
    """Whether a template's text holds docxtpl/Jinja tags ({{ }}, {% %}, {# #}) anywhere Word
    shows text (body, headers, footers, notes), even split over several runs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if _TEXT_PARTS.match(info.filename):
                    text = _XML_TAG.sub(b"", z.read(info)).decode("utf-8", "replace")
                    if _TAGS.search(text):
                        return True
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return True                   # not ours to judge: the docxtpl way says what is wrong
    return False


def check_package(data: bytes, path: Path) -> None:
    """A template that is not a Word document (.docx), or one with macros: refused in Chinese."""
    name = path.name
    suffix = path.suffix.lower()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ExportError(f"模板 {name} 是旧版 Word 文档（.doc）或其他旧格式，不能用作模板；"
                          f"请在 Word 或 WPS 中另存为“Word 文档（.docx）”后再选用，未导出")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = {n.lower() for n in z.namelist()}
            types = z.read("[Content_Types].xml") if "[content_types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, KeyError):
        raise ExportError(f"模板 {name} 不是 Word 文档（.docx），或文件已损坏，未导出") from None
    if (suffix in (".docm", ".dotm") or any(n.endswith("vbaproject.bin") for n in names)
            or b"macroenabled" in types.lower()):
        raise ExportError(f"模板 {name} 含有宏（启用宏的 Word 文档，.docm），为安全起见不能用作模板；"
                          f"请在 Word 或 WPS 中另存为“Word 文档（.docx）”后再选用，未导出")
    if "word/document.xml" not in names:
        raise ExportError(f"模板 {name} 不是 Word 文档（.docx）：其中没有正文部分，未导出")


# --------------------------------------------------------------------------
# the tables: where each cell sits, by the importer's own reading


def _open(data: bytes, name: str):
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds for broken packages
        raise ExportError(f"模板 {name} 不是有效的 Word 文档（.docx），无法打开（{type(e).__name__}），未导出") from None


def _cells(doc) -> list:
    """Every <w:tc> of the body, in document order (the same order in two copies of one file)."""
    return list(doc.element.body.iter(_W_TC))


def _tc_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(_W_T))


def _fillable(tc) -> bool:
    """A cell that may be a value cell: blank, or holding a number (a filled-in report used as
    a template)."""
    from ..importers import tables as T

    text = _tc_text(tc)
    return not text.strip() or T.is_number(text)


def _marker(v) -> int | None:
    try:
        k = int(v) - MARK_BASE
    except (TypeError, ValueError, ArithmeticError):
        return None
    return k if 0 <= k and int(v) == v else None


def locate(data: bytes, name: str, report: Report) -> tuple[dict[str, int], list[str]]:
    """cell id -> the index of its <w:tc> in the template (:func:`_cells` order), for every
    cell of the report's edition; and the importer's notes on labels read in an unusual way.
    Refused (ExportError) when a table or some rows are not found, or a table is there twice."""
    from ..importers import tables as T
    from ..importers.docx import read_docx

    probe = _open(data, name)
    tcs = _cells(probe)
    for k, tc in enumerate(tcs):
        if _fillable(tc):
            _write(tc, str(MARK_BASE + k), None)
    with tempfile.TemporaryDirectory(prefix="govreport-template-") as tmp:
        path = Path(tmp) / (Path(name).stem[:100] + ".docx")
        probe.save(str(path))
        try:
            _paras, grids, where = read_docx(path)
        except GovReportError as e:
            raise ExportError(f"模板 {name} 无法读取：{e}") from None
    ed = report.ed
    reading = T.read(grids, ed, where, positional=True)
    placed = _placed(reading, ed)
    grid_of = {k: g for g, grid in enumerate(grids) for row in grid for c in row
               if c is not None and (k := _marker(T.parse_number(c, "amount"))) is not None}
    wanted = [cid for t in ed.tables.values() for cid in t.cells]
    missing = [cid for cid in wanted if cid not in placed]
    if missing:
        raise ExportError(_not_found(name, report, missing, placed, grids, T))
    if len(set(placed.values())) != len(placed):
        raise ExportError(f"模板 {name} 中有单元格同时对应两个数，无法确定如何填写，未导出")
    # the same tables again, in the tables not used: ambiguous
    first = {cid: grid_of.get(k) for cid, k in placed.items()}
    taken = {g for g in first.values() if g is not None}
    again = T.read([[] if g in taken else grid for g, grid in enumerate(grids)], ed, where, positional=True)
    twice = []
    for sid, table in ed.tables.items():
        found = [cid for cid in table.cells if cid in again.values]
        if len(found) * 2 >= len(table.cells):
            here = sorted({first[c] + 1 for c in table.cells if first.get(c) is not None})
            there = sorted({grid_of[k] + 1 for c in found if (k := _marker(again.values[c])) in grid_of})
            twice.append(f"「{ed.section(sid).heading}」（第{'、'.join(map(str, here))}个表格和"
                         f"第{'、'.join(map(str, there)) or '?'}个表格）")
    if twice:
        raise ExportError(f"模板 {name} 中这些表格出现了两次，无法确定填写哪一份：{'；'.join(twice)}；"
                          f"请删去多余的一份后再导出，未导出")
    return placed, list(reading.notes)


def _placed(reading, ed) -> dict[str, int]:
    """cell id -> the marker read for it (numbers that are no markers are not placed)."""
    placed: dict[str, int] = {}
    for cid, v in reading.values.items():
        k = _marker(v)
        if k is not None and cid in ed.cells:
            placed[cid] = k
    return placed


def _not_found(name: str, report: Report, missing: list[str], placed: dict, grids, T) -> str:
    ed = report.ed
    parts = []
    for sid, table in ed.tables.items():
        miss = [c for c in table.cells if c in missing]
        if not miss:
            continue
        heading = ed.section(sid).heading
        if len(miss) == len(table.cells):
            parts.append(f"没有找到表格「{heading}」")
            continue
        rows: dict[str, list[str]] = {}
        for c in miss:
            rows.setdefault(ed.cells[c].row, []).append(c)
        named = []
        for rid, cs in rows.items():
            whole = [c for c in table.cells if ed.cells[c].row == rid]
            row_name = ed.cells[cs[0]].row_name
            if len(cs) == len(whole):
                named.append(f"「{row_name}」")
            else:
                named.append(f"「{row_name}」的" + "".join(f"「{ed.cells[c].col_name}」" for c in cs))
        shown = "、".join(named[:8]) + (f"等 {len(named)} 行" if len(named) > 8 else "")
        parts.append(f"「{heading}」中没有找到这些行或列：{shown}")
    msg = f"模板 {name} 不能用来导出：{'；'.join(parts)}"
    if not placed:
        msg = (f"模板 {name} 中既没有占位符（{{{{ }}}}），也没有找到官方格式的表格（{'；'.join(parts)}），"
               f"不能用来导出")
    rows = T.rows_of(grids)
    from .. import edition as editions

    seen = T.detect_edition(rows, None, [editions.get(e) for e in editions.available()])
    text = "".join(T.norm(r.label()) for r in rows)
    if seen.id != ed.id and any(T.norm(k) in text for k in seen.markers):
        msg += f"（模板中的表格是 {seen.id} 年版格式，报告是 {ed.id} 年版格式）"
    return msg + "，未导出"


# --------------------------------------------------------------------------
# writing text into the template's own paragraphs


def _clean_rpr(rpr):
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for child in list(rpr):
        if child.tag in _DROP_RPR:
            rpr.remove(child)
    return rpr


def _first_run_rpr(el):
    for r in el.iter(_W_R):
        rpr = r.find(_W_RPR)
        if rpr is not None:
            return rpr
    return None


def _mark_rpr(p):
    ppr = p.find(_W_PPR)
    return ppr.find(_W_RPR) if ppr is not None else None


def _run(text: str, rpr):
    """A run of ``text`` (line breaks and tabs as Word's own) with a copy of ``rpr``."""
    r = OxmlElement("w:r")
    rpr = _clean_rpr(rpr)
    if rpr is not None:
        r.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            r.append(OxmlElement("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                r.append(OxmlElement("w:tab"))
            if piece:
                t = OxmlElement("w:t")
                t.text = piece
                t.set(_XML_SPACE, "preserve")
                r.append(t)
    return r


def _write(tc, text: str, rpr) -> None:
    """``text`` as the only content of a cell, in its first paragraph (kept: its alignment)."""
    paras = tc.findall(_W_P)
    if not paras:
        p = OxmlElement("w:p")
        tc.append(p)
        paras = [p]
    first = paras[0]
    for p in paras[1:]:
        tc.remove(p)
    for child in list(first):
        if child.tag != _W_PPR:
            first.remove(child)
    if text:
        first.append(_run(text, rpr))


def _cell_rpr(tc):
    """The run properties a value written into ``tc`` takes: the cell's own run's, else its
    paragraph mark's, else the nearest cell's in its row."""
    own = _first_run_rpr(tc)
    if own is not None:
        return own
    p = tc.find(_W_P)
    if p is not None and _mark_rpr(p) is not None:
        return _mark_rpr(p)
    tr = tc.getparent()
    if tr is not None and tr.tag == _W_TR:
        row = [c for c in tr if c.tag == _W_TC]
        i = row.index(tc) if tc in row else 0
        for other in sorted(row, key=lambda c: abs(row.index(c) - i)):
            if other is not tc and (found := _first_run_rpr(other)) is not None:
                return found
    return None


def fill_tables(doc, report: Report, placed: dict[str, int], blank: str) -> None:
    tcs = _cells(doc)
    rprs = {cid: _cell_rpr(tcs[k]) for cid, k in placed.items()}      # before any cell changes
    for cid, k in placed.items():
        _write(tcs[k], cell_text(report, cid, blank), rprs[cid])


# --------------------------------------------------------------------------
# the narrative under the template's headings


def _p_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_W_T))


MAX_TITLE = 80                    # characters: a title, not a paragraph naming the 年度报告格式
_TITLE = re.compile(r"政府信息公开(?:工作)?年度报告")
_PLACE = r"(?:\d{1,4}|[XxＸｘ×＊*＿_○〇\s]*)"
_DATE_LINE = re.compile(rf"^\s*{_PLACE}\s*年\s*{_PLACE}\s*月\s*{_PLACE}\s*日\s*$")
_HEADING2 = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]")


def _new_para(proto, text_rpr_from, head: str, rest: str):
    p = OxmlElement("w:p")
    if proto is not None and proto.find(_W_PPR) is not None:
        ppr = copy.deepcopy(proto.find(_W_PPR))
        for child in list(ppr):
            if child.tag in (_W_SECTPR, qn("w:pPrChange")):
                ppr.remove(child)
        mark = ppr.find(_W_RPR)
        if mark is not None:
            for child in list(mark):
                if child.tag in _DROP_RPR:
                    mark.remove(child)
        p.append(ppr)
    runs = [r for r in (text_rpr_from.iter(_W_R) if text_rpr_from is not None else []) if r.find(_W_RPR) is not None]
    first = runs[0].find(_W_RPR) if runs else (_mark_rpr(text_rpr_from) if text_rpr_from is not None else None)
    if head:
        p.append(_run(head, first))
        if rest:
            p.append(_run(rest, runs[-1].find(_W_RPR) if len(runs) > 1 else first))
    else:
        p.append(_run(rest, first))
    return p


def _replace(region: list, after, body_proto, head_proto, text: str) -> None:
    """The non-empty paragraphs of ``region`` replaced by ``text``'s paragraphs, made like the
    first of them (a （一） paragraph like the region's first such one, if any)."""
    nonempty = [p for p in region if _p_text(p).strip()]
    proto = nonempty[0] if nonempty else (region[0] if region else body_proto)
    heads = [p for p in nonempty if _HEADING2.match(_p_text(p))]
    plain = [p for p in nonempty if not _HEADING2.match(_p_text(p))]
    proto = plain[0] if plain else proto
    head_proto = heads[0] if heads else head_proto
    anchor = nonempty[0] if nonempty else None
    parent = (anchor if anchor is not None else after).getparent()
    new = []
    for para in paragraphs(text):
        if para.head and head_proto is not None:
            new.append(_new_para(head_proto, head_proto, para.head, para.rest))
        else:
            new.append(_new_para(proto, proto, para.head, para.rest if para.head else para.text))
    if anchor is not None:
        for p in new:
            anchor.addprevious(p)
    else:
        at = after
        for p in new:
            at.addnext(p)
            at = p
    for p in nonempty:
        parent.remove(p)


def _set_text(p, text: str) -> None:
    """A paragraph's text replaced, in its first run's formatting."""
    rpr = _first_run_rpr(p)
    if rpr is None:
        rpr = _mark_rpr(p)
    rpr = copy.deepcopy(rpr) if rpr is not None else None
    for child in list(p):
        if child.tag != _W_PPR:
            p.remove(child)
    if text:
        p.append(_run(text, rpr))


def fill_text(doc, report: Report) -> list[str]:
    """Title, preface, narrative sections, issuer and date where the template has them; what
    was left as it is, in Chinese."""
    from ..importers import narrative as N

    ed = report.ed
    body = doc.element.body
    blocks = [el for el in body if el.tag in (_W_P, _W_TBL)]
    order = [s.id for s in ed.sections]
    heads: list[tuple[int, str]] = []
    for i, el in enumerate(blocks):
        if el.tag != _W_P:
            continue
        sid = N.heading_of(_p_text(el))
        if sid in order and (not heads or order.index(sid) > order.index(heads[-1][1])):
            heads.append((i, sid))
    notes: list[str] = []
    first_head = heads[0][0] if heads else len(blocks)

    # the closing: a date line at the very end (after the last heading), the issuer above it
    end = len(blocks)
    tail = [i for i in range(first_head, len(blocks)) if blocks[i].tag == _W_P and _p_text(blocks[i]).strip()]
    date_i = issuer_i = None
    if heads and tail and tail[-1] > heads[-1][0] and _DATE_LINE.match(_p_text(blocks[tail[-1]])):
        if not any(blocks[j].tag == _W_TBL for j in range(heads[-1][0], tail[-1])):
            date_i = tail[-1]
            end = date_i
            if len(tail) > 1 and tail[-2] > heads[-1][0] + 1 and len(_p_text(blocks[tail[-2]]).strip()) <= 40 \
                    and N.heading_of(_p_text(blocks[tail[-2]])) is None:
                issuer_i = tail[-2]
                end = issuer_i

    # the title: the one paragraph before the headings naming the report
    titles = [i for i in range(first_head) if blocks[i].tag == _W_P
              and len(t := re.sub(r"\s", "", _p_text(blocks[i]))) <= MAX_TITLE and _TITLE.search(t)]
    title_i = titles[0] if len(titles) == 1 else None

    # the regions, replaced from the last (indices of ``blocks`` stay valid)
    regions: list[tuple[str, int, int]] = []        # text id, first block, stop
    if title_i is not None:
        regions.append(("preface", title_i + 1, first_head))
    for n, (i, sid) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        section = ed.section(sid)
        if section.kind == "text":
            regions.append((section.text, i + 1, stop))
    filled = set()
    for tid, start, stop in reversed(regions):
        region = []
        for j in range(start, stop):
            if blocks[j].tag != _W_P:
                break
            region.append(blocks[j])
        _replace(region, blocks[start - 1], blocks[start - 1], None, report.text.get(tid, "") or "")
        filled.add(tid)
    if title_i is not None:
        head, rest = title_parts(report)
        title = head + rest
        if blocks[title_i].find(f".//{qn('w:br')}") is not None and head:
            title = head + "\n" + rest                         # the template breaks its title after the issuer
        _set_text(blocks[title_i], title)
    date = published_date(report)
    if date_i is not None:                  # no date: no signature, as in our own export
        _set_text(blocks[date_i], date)
    if issuer_i is not None:
        _set_text(blocks[issuer_i], printable(report.issuer) if date else "")
    if date_i is not None and not date:
        notes.append("报告未填写发布日期，模板末尾的发布机关和日期留空")

    left = [ed.texts[t].name for t in ed.texts if t not in filled and (report.text.get(t) or "").strip()]
    if left:
        notes.append(f"模板中没有找到这些部分的位置（标题），其文字未写入：{'、'.join(left)}")
    if title_i is None:
        notes.append("模板中没有找到（或有不止一处）报告标题（“……政府信息公开工作年度报告”），标题和前言未改动，请核对")
    if date_i is None:
        notes.append("模板末尾没有找到日期一行（如“XXXX年X月X日”），发布机关和日期未填写，请核对")
    elif issuer_i is None:
        notes.append("模板末尾的日期上方没有找到发布机关一行，发布机关未填写，请核对")
    return notes


# --------------------------------------------------------------------------


def render(report: Report, data: bytes, name: str, blank: str) -> tuple[bytes, list[str]]:
    """The template filled in: the document's bytes, and what was left as it is (Chinese)."""
    placed, found = locate(data, name, report)
    doc = _open(data, name)
    fill_tables(doc, report, placed, blank)
    notes = [f"模板的表格中{n}" for n in found]          # a label matched though printed a little differently
    notes += fill_text(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), notes


__all__ = ["check_package", "has_tags", "locate", "render"]
