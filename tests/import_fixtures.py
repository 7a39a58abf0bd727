"""Builders for tests/test_import_*.py: every input of the import tests is made here, in code.

- :func:`rich_report` — a complete, balanced report of either edition whose numbers
  are (nearly) all different, so a number read into the wrong row or column shows;
- :class:`Layout` — an official table as printed (boxes with row/column spans, taken
  from ``Table.grid``), with the edits real documents make: labels reworded, a row
  added, a column added, rows merged;
- :func:`official_docx` — the OFFICIAL Word template filled in by hand (python-docx,
  real merged cells), :func:`foreign_xlsx` — someone else's workbook in the official
  layout (openpyxl, merged cells, totals typed as numbers, no hidden sheet);
- a web page made from a text (:func:`text_to_html`, :func:`word_html`);
- hostile files: zip bombs, entity expansion, an OLE header, a "scanned" PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

from govreport_gui.core import edition as E
from govreport_gui.core import rules
from govreport_gui.core import values as V
from govreport_gui.core.report import Report

APPLICANTS = ("natural", "business", "research", "social", "legal", "other")
S4_GROUPS = ("review", "suit_direct", "suit_after_review")
S4_COLS = ("upheld", "corrected", "other", "pending")

ISSUER = {"2021": "云溪县人民政府", "2019": "青石镇人民政府"}
YEAR = {"2021": 2023, "2019": 2020}
PUBLISHED = {"2021": "2024-01-19", "2019": "2021-01-25"}


# --------------------------------------------------------------------------------------------
# a complete report whose numbers are all different


def narrative(eid: str) -> dict[str, str]:
    year = YEAR[eid]
    issuer = ISSUER[eid]
    return {
        "preface": (f"本报告根据《中华人民共和国政府信息公开条例》要求，由{issuer}办公室编制。"
                    f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。"),
        "s1": "\n".join([
            f"{year}年，{issuer}认真贯彻落实政务公开工作部署，持续推进决策、执行、管理、服务、结果公开，"
            "以公开促落实、以公开强监管，政务公开工作取得新的进展。",
            "（一）主动公开",
            "通过政府门户网站及时发布政策文件、工作动态和通知公告，重点领域信息应公开尽公开，"
            "政策解读与政策文件同步起草、同步审签、同步发布。",
            "（二）依申请公开",
            "严格按照法定时限和程序办理政府信息公开申请，规范答复文书，加强与申请人的沟通。",
            "（三）政府信息管理",
            "建立健全信息发布审核制度，动态更新政府信息公开指南和目录。",
        ]),
        "s5": "\n".join([
            "存在的主要问题：一是政策解读形式较为单一；二是基层政务公开标准目录更新不够及时。",
            "改进措施：一是丰富解读形式；二是组织开展目录动态调整，提升公开质量。",
        ]),
        "s6": "\n".join([
            "本年度未收取信息处理费。",
            "本年度承办人大代表建议和政协提案均已按期办结并公开办理复文。",
        ]),
    }


def rich_report(eid: str) -> Report:
    """A complete report of edition ``eid``: every cell filled, totals right, no rule error."""
    ed = E.get(eid)
    vals: dict[str, V.Value] = {}
    # section 二
    n = 0
    for cid in ed.tables["s2"].cells:
        cd = ed.cells[cid]
        n += 1
        if cd.type == "amount":
            vals[cid] = Decimal("1228.92") if eid == "2019" else Decimal("35.5")
        elif cd.type == "signed":
            vals[cid] = -n if n % 2 else n          # some negative 本年增/减
        else:
            vals[cid] = 100 + 11 * n
    # section 三: result rows, all different; totals computed; 一+二 = 三+四 per column
    result_rows = [r for r in ed.tables["s3"].row_names if r not in ("new", "carried_in", "total", "carried_out")]
    for i, rid in enumerate(result_rows):
        for j, col in enumerate(APPLICANTS):
            vals[f"s3.{rid}.{col}"] = 7 * i + j + 1
    rep = Report(edition=eid, year=YEAR[eid], issuer=ISSUER[eid], meta={"published": PUBLISHED[eid]},
                 text=narrative(eid), values=vals)
    rules.compute_totals(rep)
    for j, col in enumerate(APPLICANTS):
        vals[f"s3.carried_in.{col}"] = 200 + j
        vals[f"s3.carried_out.{col}"] = 300 + j
        vals[f"s3.new.{col}"] = vals[f"s3.total.{col}"] + 100     # 新收 + 200 = 总计 + 300
    # section 四
    for g, group in enumerate(S4_GROUPS):
        for c, col in enumerate(S4_COLS):
            vals[f"s4.{group}.{col}"] = 4 * g + c + 1
    rules.compute_totals(rep)
    errors = [f for f in rules.check(rep) if f.severity == "error"]
    assert not errors, errors
    assert set(vals) == set(ed.cells)
    return rep


def text_lines(text: str | None) -> list[str]:
    """A narrative compared: its non-empty lines, stripped."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


# --------------------------------------------------------------------------------------------
# an official table as printed, and the edits real documents make


@dataclass
class Box:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    cell: str = ""          # value cell id ("" for a label)

    @property
    def is_value(self) -> bool:
        return bool(self.cell)


@dataclass
class Layout:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)

    def check(self) -> None:
        """Every grid position covered exactly once."""
        seen: set[tuple[int, int]] = set()
        for b in self.boxes:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    assert (r, c) not in seen, f"overlap at {(r, c)}"
                    assert 0 <= r < self.height and 0 <= c < self.width, f"outside at {(r, c)}"
                    seen.add((r, c))
        assert len(seen) == self.width * self.height, "holes in the layout"

    def label(self, text: str) -> Box:
        found = [b for b in self.boxes if not b.is_value and b.text == text]
        assert len(found) == 1, (text, found)
        return found[0]


def display(value: V.Value | None, vtype: str) -> str:
    return V.display(value, vtype)


def official_layout(ed: E.Edition, sid: str, values: dict[str, V.Value],
                    cell_text: Callable[[str, V.Value | None], str] | None = None) -> Layout:
    """The table of ``sid`` as the official template prints it, filled with ``values``."""
    table = ed.tables[sid]
    lay = Layout(table.width, table.height)
    for g in table.grid:
        if g.kind == "label":
            lay.boxes.append(Box(g.row, g.col, g.rowspan, g.colspan, g.text))
        else:
            v = values.get(g.cell)
            text = cell_text(g.cell, v) if cell_text else display(v, ed.cells[g.cell].type)
            lay.boxes.append(Box(g.row, g.col, g.rowspan, g.colspan, text, g.cell))
    lay.check()
    return lay


def relabel(lay: Layout, fn: Callable[[str], str]) -> Layout:
    for b in lay.boxes:
        if not b.is_value:
            b.text = fn(b.text)
    return lay


def insert_row(lay: Layout, after: int, boxes: list[Box]) -> Layout:
    """A row added below grid row ``after`` (boxes given with row = after + 1)."""
    for b in lay.boxes:
        if b.row > after:
            b.row += 1
        elif b.row + b.rowspan - 1 > after:
            b.rowspan += 1
    lay.boxes.extend(boxes)
    lay.height += 1
    lay.check()
    return lay


def insert_col(lay: Layout, at: int, widen: list[str], boxes: list[Box]) -> Layout:
    """A column added at grid column ``at``; the header boxes named in ``widen`` grow over it."""
    for b in lay.boxes:
        if b.col >= at:
            b.col += 1
        elif b.col + b.colspan > at or (not b.is_value and b.text in widen):
            b.colspan += 1
    lay.boxes.extend(boxes)
    lay.width += 1
    lay.check()
    return lay


def delete_rows(lay: Layout, first: int, last: int) -> Layout:
    """Grid rows first..last removed; boxes spanning over them shrink."""
    n = last - first + 1
    kept = []
    for b in lay.boxes:
        end = b.row + b.rowspan - 1
        if first <= b.row and end <= last:
            continue                                   # wholly inside: gone
        if b.row > last:
            b.row -= n
        elif end >= first:                             # overlaps: shrink
            overlap = min(end, last) - max(b.row, first) + 1
            if b.row >= first:
                b.row = first
            b.rowspan -= overlap
        kept.append(b)
    lay.boxes = kept
    lay.height -= n
    lay.check()
    return lay


# the edits of formats.md §8 ------------------------------------------------------------------


def add_locality_row_s2(lay: Layout, ed: E.Edition) -> Layout:
    """A locality adds 其他主动公开文件 under 规范性文件 in 第二十条第（一）项."""
    normative = next(b for b in lay.boxes if b.text in ("行政规范性文件", "规范性文件"))
    r = normative.row + 1
    cols = [b for b in lay.boxes if b.row == normative.row and b.is_value]
    boxes = [Box(r, 0, 1, 1, "其他主动公开文件")]
    boxes += [Box(r, b.col, 1, b.colspan, str(7 + k)) for k, b in enumerate(cols)]
    return insert_row(lay, normative.row, boxes)


def add_subtotal_col_s3(lay: Layout, ed: E.Edition, values: dict[str, V.Value], header: str = "法人小计") -> Layout:
    """A 法人小计 column between 其他 and 总计; 法人或其他组织 and 申请人情况 grow over it."""
    total_col = lay.label("总计").col
    boxes = [Box(2, total_col, 1, 1, header)]
    for b in list(lay.boxes):
        if b.cell.endswith(".total") and b.cell.startswith("s3."):
            rid = b.cell[3:-len(".total")]
            sub = sum(values.get(f"s3.{rid}.{c}") or 0 for c in APPLICANTS[1:])
            boxes.append(Box(b.row, total_col, 1, 1, str(sub)))
    return insert_col(lay, total_col, ["申请人情况", "法人或其他组织"], boxes)


def old_other_row_2021(lay: Layout, values: dict[str, V.Value]) -> Layout:
    """A 2021-edition table printing （六）其他处理 as one row (the 2019 layout):
    its numbers are the sums of the three rows of the 2021 edition."""
    six = lay.label("（六）其他处理")
    first = six.row
    delete_rows(lay, first + 1, first + 2)
    lay.boxes.remove(next(b for b in lay.boxes if b.row == first and b.col == 2 and not b.is_value))
    six.colspan = 2
    for b in lay.boxes:
        if b.row == first and b.is_value:
            col = b.cell.rsplit(".", 1)[1]
            b.text = str(sum(values[f"s3.other.{r}.{col}"] for r in ("no_correction", "unpaid_fee", "other")))
    lay.check()
    return lay


# --------------------------------------------------------------------------------------------
# the official Word template, filled in by hand


def column_widths(lay: Layout) -> list[float]:
    """Column widths (mm) like the official template's: wide label columns, narrow numbers."""
    labels = min((b.col for b in lay.boxes if b.is_value), default=0)
    label_mm = {0: [], 1: [48], 2: [20, 45], 3: [9, 19, 45]}.get(labels) or [150 / lay.width] * labels
    rest = (160 - sum(label_mm)) / (lay.width - labels)
    return label_mm + [rest] * (lay.width - labels)


def merged_table(doc, lay: Layout, widths: list[float]) -> list:
    """A Word table of ``lay`` with real merged cells (cell.merge) and these column widths (mm):
    [(box, its merged cell)] in the layout's order, for the caller to fill."""
    from docx.shared import Mm
    from docx.table import _Cell

    t = doc.add_table(rows=lay.height, cols=lay.width)
    t.style = "Table Grid"
    t.autofit = False
    for i, grid_col in enumerate(t._tbl.tblGrid.gridCol_lst):
        grid_col.w = Mm(widths[i])
    # the grid's <w:tc> elements, taken before merging (Table.cell() re-reads the whole
    # table on every call); no box overlaps another, so each box's corners survive the
    # merges of the boxes before it
    tcs = [list(tr.tc_lst) for tr in t._tbl.tr_lst]
    for row in tcs:
        for i, tc in enumerate(row):
            tc.width = Mm(widths[i])
    out = []
    for b in lay.boxes:
        cell = _Cell(tcs[b.row][b.col], t)
        if b.rowspan > 1 or b.colspan > 1:
            cell = cell.merge(_Cell(tcs[b.row + b.rowspan - 1][b.col + b.colspan - 1], t))
        out.append((b, cell))
    return out


def write_docx(path: Path, parts: list[str | Layout]) -> Path:
    """Paragraphs and tables in this order; tables with real merged cells (cell.merge),
    column widths like the official template's."""
    import docx

    doc = docx.Document()
    for part in parts:
        if isinstance(part, str):
            doc.add_paragraph(part)
            continue
        for b, cell in merged_table(doc, part, column_widths(part)):
            cell.text = b.text
    doc.save(str(path))
    return Path(path)


def date_cn(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def document_parts(report: Report, tables: dict[str, Layout]) -> list[str | Layout]:
    """Title, preface, the six sections (tables where they belong), issuer and date."""
    ed = report.ed
    parts: list[str | Layout] = [report.title]
    parts += text_lines(report.text.get("preface"))
    for s in ed.sections:
        parts.append(s.heading)
        if s.kind == "text":
            parts += text_lines(report.text.get(s.text))
        else:
            parts.append(tables[s.id])
    parts.append(report.issuer)
    if report.meta.get("published"):
        parts.append(date_cn(report.meta["published"]))
    return parts


def official_tables(report: Report, cell_text=None) -> dict[str, Layout]:
    return {sid: official_layout(report.ed, sid, report.values, cell_text) for sid in report.ed.tables}


def official_docx(path: Path, report: Report, cell_text=None,
                  edit: Callable[[str, Layout], None] | None = None) -> Path:
    tables = official_tables(report, cell_text)
    if edit:
        for sid, lay in tables.items():
            edit(sid, lay)
    return write_docx(path, document_parts(report, tables))


# --------------------------------------------------------------------------------------------
# someone else's workbook in the official layout


def foreign_xlsx(path: Path, report: Report, one_sheet: bool = True,
                 overrides: dict[str, object] | None = None) -> Path:
    """Merged cells like the official table, every number typed (totals too), no hidden sheet.

    ``overrides``: cell id -> what is typed instead of the report's value.
    """
    from openpyxl import Workbook

    overrides = overrides or {}
    ed = report.ed
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    sheets = {}
    row = 1
    ws.cell(row=1, column=1, value=report.title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    row = 3
    for s in ed.sections:
        if s.kind != "table":
            continue
        if not one_sheet:
            ws = wb.create_sheet(s.heading[:2] + "表")
            row = 1
        sheets[s.id] = ws.title
        ws.cell(row=row, column=1, value=s.heading)
        row += 1
        table = ed.tables[s.id]
        for g in table.grid:
            r, c = row + g.row, 1 + g.col
            if g.rowspan > 1 or g.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + g.rowspan - 1, end_column=c + g.colspan - 1)
            if g.kind == "label":
                ws.cell(row=r, column=c, value=g.text)
            else:
                v = overrides.get(g.cell, report.values.get(g.cell))
                if isinstance(v, Decimal):
                    v = float(v)
                ws.cell(row=r, column=c, value=v)
        row += table.height + 2
    wb.save(str(path))
    return Path(path)


# --------------------------------------------------------------------------------------------
# hostile files


def zip_bomb(path: Path, entry_mb: int) -> Path:
    """A .docx-named zip whose one entry is ``entry_mb`` MB of zeros, deflated."""
    chunk = bytes(4 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(entry_mb // 4):
                f.write(chunk)
    return Path(path)


LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<!DOCTYPE lolz [\n'
          ' <!ENTITY lol "lollollollollollollollollollol">\n'
          + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                    for i in range(1, 10))
          + ']>\n')


def laughs_docx(path: Path, good_docx: Path) -> Path:
    """``good_docx`` with a billion-laughs DOCTYPE in word/document.xml and &lol9; in a paragraph."""
    with zipfile.ZipFile(good_docx) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    xml = xml.replace("<w:t>一、总体情况</w:t>", "<w:t>一、总体情况&lol9;</w:t>", 1)
    assert "&lol9;" in xml
    parts["word/document.xml"] = (LAUGHS + xml).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return Path(path)


def small_xlsx(path: Path, laughs: bool = False) -> Path:
    """A minimal workbook written by hand whose cell A1 is a shared string; with ``laughs``,
    xl/sharedStrings.xml carries a billion-laughs DOCTYPE and A1's string is &lol9;."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    shared = f'<sst xmlns="{ns}" count="1" uniqueCount="1"><si><t>{"&lol9;" if laughs else "政府信息公开"}</t></si></sst>'
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            '</sheetData></worksheet>'),
        "xl/sharedStrings.xml": (LAUGHS if laughs else '<?xml version="1.0" encoding="UTF-8"?>\n') + shared,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data.encode("utf-8"))
    return Path(path)


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A well-formed PDF from its numbered objects (1 0 obj … endobj), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def scanned_pdf(path: Path) -> Path:
    """What a scanner gives: a page with something drawn on it (a filled grey rectangle,
    standing in for the image) and no text at all."""
    drawing = b"0.6 g 72 72 451 698 re f 0 g 100 600 200 100 re S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(drawing) + drawing + b"\nendstream",
    ]
    Path(path).write_bytes(pdf_bytes(objects))
    return Path(path)


OLE_HEADER = bytes.fromhex("d0cf11e0a1b11ae1")


def ole_file(path: Path) -> Path:
    """An encrypted Office file or an old .doc/.xls: an OLE compound file, not a zip."""
    Path(path).write_bytes(OLE_HEADER + bytes(512 - 8) + b"\x00" * 1024)
    return Path(path)


def shopping_docx(path: Path) -> Path:
    import docx

    doc = docx.Document()
    doc.add_paragraph("周末购物清单")
    doc.add_paragraph("记得带环保袋，超市周六上午人少。")
    t = doc.add_table(rows=4, cols=3)
    for r, row in enumerate([("物品", "数量", "单价"), ("鸡蛋", "12", "1.2"), ("牛奶", "2", "6.5"),
                             ("苹果", "5", "3")]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    doc.save(str(path))
    return Path(path)


def shopping_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "购物"
    for row in [("物品", "数量", "单价"), ("鸡蛋", 12, 1.2), ("牛奶", 2, 6.5), ("苹果", 5, 3)]:
        ws.append(row)
    wb.save(str(path))
    return Path(path)



# --------------------------------------------------------------------------------------------
# a web page


def text_to_html(text: str) -> str:
    """The page a text was copied from: lines as <p>, each run of tab-separated lines as one
    <table> whose rows are <tr> of <td> cells; a style and a script the reader must skip."""
    from html import escape

    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>',
           "<style>td { border: 1px solid #000; }</style>",
           '<script>var tpl = "<table><tr><td>999</td></tr></table>";</script></head><body>',
           '<div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div>']
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                out.append('<table border="1" cellspacing="0">')
                in_table = True
            cells = "".join(f"<td>{escape(c.strip())}</td>" for c in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
            continue
        if in_table and line.strip() and not line.strip()[0].isdigit():
            out.append("</table>")
            in_table = False
        if in_table:          # a line of numbers only, without tabs: still a row of the table
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in line.split()) + "</tr>")
        elif line.strip():
            out.append(f"<p>{escape(line.strip())}</p>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def word_html(html: str) -> str:
    """The same page as Word's "save as web page" and most site editors write it: every cell's
    text inside a paragraph (<td><p><span>0</span></p></td>)."""
    return re.sub(r"<td>(.*?)</td>", r'<td valign="middle"><p class="MsoNormal" align="center">'
                                      r'<span style="font-family:仿宋">\1</span></p></td>', html)


def pages_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` empty pages."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"] * pages
    Path(path).write_bytes(pdf_bytes(objects))
    return Path(path)
