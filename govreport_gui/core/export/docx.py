"""The report as a Word document, rendered from a docxtpl template.

The default templates (``templates/<edition>.docx``) are built from the
edition data by ``tools/make_templates.py``. The three tables are built here
from the same data, with the official merged cells, and placed where the
template says ``{{p tables.s3 }}``.

Safety: rendering uses Jinja2's ``SandboxedEnvironment`` with autoescape, so
``& < > " '`` survive and text a person typed (even ``{{ x }}``) comes out
literally — it is data, never template source. A user's own template is
checked first: unknown placeholders and syntax errors are reported in
Chinese, never as a traceback.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from markupsafe import Markup
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .. import resources
from ..edition import Table
from ..native import atomic_write
from ..report import META_FIELDS, Report
from . import BLANK_MODES, ExportError, cell_text, paragraphs, printable, published_date, refuse_if_errors
from . import fonts as F

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024

# column widths (mm) per table: the label columns, then the numbers; the type area is 156 mm wide
WIDTHS_MM = {
    "s2": [48, 36, 36, 36],
    "s3": [9, 19, 45] + [11.85] * 6 + [12.0],
    "s4": [10.4] * 15,
}
TABLE_SIZE = {"s2": F.SIZE_TABLE, "s3": F.SIZE_TABLE_SMALL, "s4": F.SIZE_TABLE_SMALL}

PLACEHOLDERS = {
    "title": "报告标题，如“某某市人民政府2024年政府信息公开工作年度报告”",
    "issuer": "发布机关",
    "year": "报告年度",
    "edition": "格式版本（2019 / 2021）",
    "date": "发布日期，如“2025年1月20日”（未填写时为空）",
    "meta": "联系信息：meta.address、meta.postcode、meta.phone、meta.email、meta.website、meta.contact",
    "headings": "六个部分的标题：headings.s1 … headings.s6",
    "preface": "前言的段落列表（每段有 head、rest、text、level）",
    "s1": "一、总体情况的段落列表",
    "s5": "五、存在的主要问题及改进情况的段落列表",
    "s6": "六、其他需要报告的事项的段落列表",
    "tables": "三张表格（官方格式，含合并单元格），用 {{p tables.s2 }}、{{p tables.s3 }}、{{p tables.s4 }} 放在单独的段落中",
    "v": "单个单元格的数值，如 {{ v['s3.new.total'] }}",
}


def default_template(edition_id: str) -> Path:
    return resources.templates() / f"{edition_id}.docx"


def _env() -> SandboxedEnvironment:
    """Sandboxed, escaping, and strict: an unknown name, key or attribute is an error, not ""."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _run_xml(text: str, size_half_points: int, bold: bool) -> str:
    b = "<w:b/>" if bold else ""
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{F.LATIN}" w:hAnsi="{F.LATIN}" w:eastAsia="{F.BODY}" '
            f'w:cs="{F.LATIN}" w:hint="eastAsia"/>{b}<w:sz w:val="{size_half_points}"/>'
            f'<w:szCs w:val="{size_half_points}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def table_xml(report: Report, table: Table, blank: str) -> str:
    """The official table as WordprocessingML: merged cells by gridSpan/vMerge, header rows
    repeated on a new page, no row split across pages, fixed column widths."""
    size = int(TABLE_SIZE.get(table.section, F.SIZE_TABLE).pt * 2)
    widths = WIDTHS_MM.get(table.section) or [156 / table.width] * table.width
    tw = [int(Mm(w).twips) for w in widths]
    cover = table.at()
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(tw)}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/></w:tblCellMar>'
           '</w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in tw]
    out.append("</w:tblGrid>")
    for r in range(table.height):
        header = r < table.header_rows
        # keep-with-next on every row but the last keeps a table that fits a page on one page
        keep = "<w:keepNext/>" if r < table.height - 1 else ""
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        c = 0
        while c < table.width:
            g = cover[(r, c)]
            span = sum(tw[g.col:g.col + g.colspan])
            props = f'<w:tcW w:w="{span}" w:type="dxa"/>'
            if g.colspan > 1:
                props += f'<w:gridSpan w:val="{g.colspan}"/>'
            if g.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if r == g.row else "<w:vMerge/>"
            if g.role == "title" and r == g.row:
                props += '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
            props += '<w:vAlign w:val="center"/>'
            content = ""
            if r == g.row:
                if g.kind == "label":
                    bold = g.role in ("title", "header")
                    centre = bold or g.rowspan > 2 or table.section == "s4"
                    content = _run_xml(g.text, size, bold)
                else:
                    centre = True
                    content = _run_xml(cell_text(report, g.cell, blank), size, False)
                jc = "center" if centre else "left"
            else:
                jc = "center"
            out.append(f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="GovTableText"/>{keep}'
                       f'<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
                       f'<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{jc}"/></w:pPr>{content}</w:p></w:tc>')
            c += g.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def context(report: Report, blank: str) -> dict[str, Any]:
    ed = report.ed
    # a table is raw WordprocessingML that {{p tables.s3 }} puts in place of its paragraph
    tables = {sid: Markup(table_xml(report, table, blank)) for sid, table in ed.tables.items()}
    ctx: dict[str, Any] = {
        "title": printable(report.title),
        "issuer": printable(report.issuer),
        "year": report.year,
        "edition": report.edition,
        "date": published_date(report),
        "meta": {k: printable(str(report.meta.get(k) or "")) for k in META_FIELDS},
        "headings": {s.id: s.heading for s in ed.sections},
        "tables": tables,
        "v": {cid: cell_text(report, cid, blank) for cid in ed.cells},
    }
    for tid in ed.texts:
        ctx[tid] = paragraphs(report.text.get(tid, ""))
    return ctx


def _load_template(path: Path) -> DocxTemplate:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ExportError(f"找不到模板 {path}：{e.strerror or e}") from None
    if size > MAX_TEMPLATE_BYTES:
        raise ExportError(f"模板文件过大（{size // 1024 // 1024} MB）")
    try:
        data = path.read_bytes()
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
        return tpl
    except Exception as e:  # a corrupt or non-docx file: python-docx raises many kinds
        raise ExportError(f"模板 {path.name} 不是有效的 Word 文档（.docx）：{type(e).__name__}") from None


def check_template(tpl: DocxTemplate, ctx_keys: set[str], name: str) -> None:
    """Unknown placeholders and syntax errors, in Chinese."""
    try:
        unknown = tpl.get_undeclared_template_variables(_env())
    except TemplateSyntaxError as e:
        suspect = _unbalanced_paragraph(tpl)
        where = f"请检查这一段：{suspect[:80]}" if suspect else _where(e)
        raise ExportError(f"模板 {name} 有语法错误：{e.message}（{where}）") from None
    except TemplateError as e:
        raise ExportError(f"模板 {name} 有错误：{e}") from None
    for p in _all_paragraphs(tpl):
        if _BAD_TABLE_TAG.search(p.text):
            raise ExportError(f"模板 {name} 中的表格占位符应写成 {{{{p tables.s3 }}}}，并单独成一段："
                              f"“{p.text.strip()[:60]}”")
    unknown = {u for u in unknown if u not in ctx_keys and u not in ("para",)}
    if unknown:
        raise ExportError(f"模板 {name} 中有未知的占位符：{'、'.join(sorted(unknown))}"
                          f"（可用：{'、'.join(PLACEHOLDERS)}）")


_BAD_TABLE_TAG = re.compile(r"\{\{(?!p\s)[^}]*\btables\b")


def _all_paragraphs(tpl: DocxTemplate) -> list:
    doc = tpl.docx
    return list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]


def _unbalanced_paragraph(tpl: DocxTemplate) -> str | None:
    """The first paragraph whose {{ }} or {% %} do not pair up: the usual typo."""
    for p in _all_paragraphs(tpl):
        t = p.text
        if t.count("{{") != t.count("}}") or t.count("{%") != t.count("%}"):
            return t
    return None


def _where(e: TemplateSyntaxError) -> str:
    """The text around the error (docxtpl attaches it), which a person can find in Word."""
    near = " ".join(t.strip() for t in getattr(e, "docx_context", ()) if t and t.strip())
    return f"附近的文字：{near[:80]}" if near else "位置不明"


def render(report: Report, template: str | os.PathLike | None = None, blank: str = "empty") -> bytes:
    """The finished document as bytes."""
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    path = Path(template) if template else default_template(report.edition)
    tpl = _load_template(path)
    ctx = context(report, blank)
    if template:
        check_template(tpl, set(ctx), path.name)
    try:
        tpl.render(ctx, jinja_env=_env(), autoescape=True)
    except SecurityError as e:
        raise ExportError(f"模板 {path.name} 试图执行不允许的操作：{e}") from None
    except UndefinedError as e:
        raise ExportError(f"模板 {path.name} 中有无法识别的占位符或单元格编号（{e.message}）") from None
    except TemplateSyntaxError as e:
        raise ExportError(f"模板 {path.name} 有语法错误：{e.message}（{_where(e)}）") from None
    except TemplateError as e:
        raise ExportError(f"模板 {path.name} 无法套用：{e}") from None
    except Exception as e:  # an expression in a user's template failed (1/0, "a" + 1, …)
        raise ExportError(f"模板 {path.name} 中的表达式出错：{type(e).__name__}: {e}") from None
    doc = tpl.docx
    F.add_font_fallbacks(doc)
    _fonts_on_every_run(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_EA = qn("w:eastAsia")


def _fonts_on_every_run(doc) -> None:
    """Make sure no run is left without an East Asian font (user templates may lack one)."""
    body = doc.element.body
    for r in body.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None or fonts.get(_EA) is None:
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                r.insert(0, rpr)
            F.set_run_fonts(rpr, F.BODY)


def export(report: Report, path: str | os.PathLike, template: str | os.PathLike | None = None,
           blank: str = "empty", force: bool = False) -> None:
    """Write the .docx atomically; refuses a report with errors unless forced."""
    refuse_if_errors(report, force)
    data = render(report, template, blank)
    atomic_write(path, data)


__all__ = ["export", "render", "PLACEHOLDERS"]
