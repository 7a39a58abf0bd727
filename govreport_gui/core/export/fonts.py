"""Fonts and print conventions of the published document (GB/T 9704-2012 practice).

Every run gets an East Asian font (``w:eastAsia``); the font table names a
fallback for fonts that are often missing (仿宋_GB2312 -> 仿宋, …).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY = "仿宋_GB2312"       # 三号 body
TITLE = "方正小标宋简体"    # 二号 title
HEADING1 = "黑体"          # 一、 headings
HEADING2 = "楷体_GB2312"   # （一） headings
PAGE_NUMBER = "宋体"
LATIN = "Times New Roman"

FALLBACKS = {
    "仿宋_GB2312": "仿宋",
    "方正小标宋简体": "华文中宋",
    "华文中宋": "宋体",
    "楷体_GB2312": "楷体",
}

SIZE_TITLE = Pt(22)        # 二号
SIZE_BODY = Pt(16)         # 三号
SIZE_PAGE = Pt(14)         # 四号
SIZE_TABLE = Pt(10.5)      # 五号
SIZE_TABLE_SMALL = Pt(9)   # 小五 (section 三 fits a portrait page)
LINE = Pt(28.95)           # fixed line spacing: 22 lines on the type area

MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
A4 = (Mm(210), Mm(297))

# a table the edition lets go on over a page (``print.split``: 三) goes on to the next page, its
# header rows repeated there, rather than leave half a page empty, and keeps its header and
# KEEP_FIRST_ROWS rows with its heading (the Word export and the PDF alike); any other is kept
# on one page
KEEP_FIRST_ROWS = 3


def set_run_fonts(rpr_parent, east_asian: str, size=None, bold: bool | None = None) -> None:
    """Give a run (or a style) its East Asian and Latin fonts."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size.pt * 2)))
    if bold is not None:
        el = rpr.find(qn("w:b"))
        if bold and el is None:
            rpr.append(OxmlElement("w:b"))
        elif not bold and el is not None:
            rpr.remove(el)


def style_run(run, east_asian: str, size=None, bold: bool | None = None) -> None:
    run.font.name = LATIN
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    set_run_fonts(run._r, east_asian)


def add_font_fallbacks(document) -> None:
    """Name a substitute for each often-missing font in the font table (w:altName)."""
    part = document.part
    font_table = None
    for rel in part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_table = rel.target_part
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FALLBACKS.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        el = etree.SubElement(font, qn("w:altName"))
        el.set(qn("w:val"), alt)
        el = etree.SubElement(font, qn("w:charset"))
        el.set(qn("w:val"), "86")            # GB2312
        el = etree.SubElement(font, qn("w:family"))
        el.set(qn("w:val"), "modern" if "宋" not in name else "roman")
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
