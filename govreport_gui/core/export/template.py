"""The default Word template of an edition, built from its data and the print conventions.

``templates/<edition>.docx`` are this module's output, written by ``tools/make_templates.py``
(so that a person can copy one and change it in Word). An edition without a template file —
a new official edition added as one data file — is exported with this template, built in memory.

The templates are docxtpl (Jinja2) documents; the placeholders are listed in
``templates/README.md``. A user may copy one and change fonts or add a header line; the app
renders user templates in a sandbox.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..edition import Edition
from . import fonts as F


def _indent_chars(style_or_par, chars: int) -> None:
    """First-line indent in characters (w:firstLineChars), as Chinese documents set it."""
    ppr = style_or_par.element.get_or_add_pPr() if hasattr(style_or_par, "element") else style_or_par
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * 16 * 20)))


def _paragraph_style(doc, name: str, font: str, size, align=None, indent: int = 0, bold=False, fixed=True):
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.font.size = size
    st.font.bold = bold
    F.set_run_fonts(st.element.get_or_add_rPr(), font, size)
    pf = st.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if fixed:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = F.LINE
    if align is not None:
        pf.alignment = align
    if indent:
        _indent_chars(st, indent)
    return st


def _page_number_footer(footer, align) -> None:
    """"— 1 —" in 四号宋体, one character in from the edge of the text block on its side (GB/T
    9704: odd pages right, even pages left, 空一字)."""
    p = footer.paragraphs[0]
    p.alignment = align
    side = "w:rightChars" if align == WD_ALIGN_PARAGRAPH.RIGHT else "w:leftChars"
    ind = OxmlElement("w:ind")
    ind.set(qn(side), "100")                            # one character of the paragraph's own size
    ind.set(qn(side.replace("Chars", "")), str(int(F.SIZE_PAGE.pt * 20)))
    p._p.get_or_add_pPr().append(ind)

    def run(text=None, field=None):
        r = p.add_run(text or "")
        F.style_run(r, F.PAGE_NUMBER, F.SIZE_PAGE)
        if field:
            for kind, instr in (("begin", None), (None, field), ("end", None)):
                if kind:
                    fc = OxmlElement("w:fldChar")
                    fc.set(qn("w:fldCharType"), kind)
                    r._r.append(fc)
                else:
                    it = OxmlElement("w:instrText")
                    it.set(qn("xml:space"), "preserve")
                    it.text = instr
                    r._r.append(it)
        return r

    run("— ")
    run(field=" PAGE ")
    run(" —")


def _chinese(doc) -> None:
    """A Chinese document, not python-docx's default template's: theme fonts in zh-CN (its theme
    language is ja-JP, so Word would take the theme's Japanese fonts), and no
    "Microsoft Macintosh Word" as the program that wrote it."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    # the text's own language stays as it was: with zh-CN LibreOffice (the PDF a Kylin/UOS clerk
    # makes) drops a comma that ends a justified line (tests/test_export_docx.py, the PDF test)
    for part in doc.part.package.parts:
        if str(part.partname) == "/docProps/app.xml":
            part._blob = (part.blob.replace(b"Microsoft Macintosh Word", "年报填报助手".encode("utf-8"))
                          .replace(b"<Template>Normal.dotm</Template>", b"<Template></Template>"))


def build(ed: Edition) -> bytes:
    """The default template of ``ed`` as .docx bytes."""
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = F.A4
    sec.top_margin, sec.bottom_margin = F.MARGINS["top"], F.MARGINS["bottom"]
    sec.left_margin, sec.right_margin = F.MARGINS["left"], F.MARGINS["right"]
    # the page number's line 7 mm below the text block (GB/T 9704): its top there, its bottom a
    # line of 四号 lower, which is where Word measures the footer from the page's foot
    sec.footer_distance = F.MARGINS["bottom"] - Mm(7) - Pt(F.SIZE_PAGE.pt * 1.3)

    normal = doc.styles["Normal"]
    normal.font.size = F.SIZE_BODY
    F.set_run_fonts(normal.element.get_or_add_rPr(), F.BODY, F.SIZE_BODY)
    _paragraph_style(doc, "GovTitle", F.TITLE, F.SIZE_TITLE, WD_ALIGN_PARAGRAPH.CENTER, fixed=False)
    _paragraph_style(doc, "GovHeading1", F.HEADING1, F.SIZE_BODY, indent=2).paragraph_format.keep_with_next = True
    _paragraph_style(doc, "GovBody", F.BODY, F.SIZE_BODY, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2)
    _paragraph_style(doc, "GovHeading2", F.HEADING2, F.SIZE_BODY, WD_ALIGN_PARAGRAPH.JUSTIFY,
                     indent=2).paragraph_format.keep_with_next = True
    _paragraph_style(doc, "GovSignature", F.BODY, F.SIZE_BODY, WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "GovTableText", F.BODY, F.SIZE_TABLE, WD_ALIGN_PARAGRAPH.CENTER, fixed=False)
    doc.styles["GovTitle"].paragraph_format.space_after = Pt(16)

    # odd pages: number on the right; even pages: on the left
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)

    def para(text: str, style: str, font: str | None = None, size=None):
        p = doc.add_paragraph(style=style)
        if text:
            r = p.add_run(text)
            F.style_run(r, font or F.BODY, size)
        return p

    def narrative(var: str):
        """One paragraph per line; a （一） heading part in 楷体, the rest in 仿宋. A heading that
        is a paragraph of its own keeps with the paragraph after it (never left alone at the
        foot of a page)."""
        para("{%p for para in " + var + " %}", "GovBody")
        para("{%p if para.rest or not para.head %}", "GovBody")
        p = doc.add_paragraph(style="GovBody")
        r = p.add_run("{{ para.head }}")
        F.style_run(r, F.HEADING2, F.SIZE_BODY)
        r = p.add_run("{{ para.rest }}")
        F.style_run(r, F.BODY, F.SIZE_BODY)
        para("{%p else %}", "GovBody")
        para("{{ para.head }}", "GovHeading2", F.HEADING2, F.SIZE_BODY)
        para("{%p endif %}", "GovBody")
        para("{%p endfor %}", "GovBody")

    para("{{p title_paragraph }}", "GovTitle", F.TITLE, F.SIZE_TITLE)     # broken after the issuer when long
    narrative("preface")
    for s in ed.sections:
        para(s.heading, "GovHeading1", F.HEADING1, F.SIZE_BODY)
        if s.kind == "text":
            narrative(s.text)
        else:
            para("{{p tables." + s.id + " }}", "GovBody")
    para("{{p signature }}", "GovSignature")           # issuer and date, placed as GB/T 9704 says

    F.add_font_fallbacks(doc)
    _chinese(doc)
    props = doc.core_properties
    props.title = "{{ title }}"
    props.author = "{{ issuer }}"
    props.comments = f"年报填报助手默认模板（{ed.name}）"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
