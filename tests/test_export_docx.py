"""Export to Word (.docx): tests that would catch a wrong document.

The demo (2021 edition) and two published 2019-edition reports are exported, read back with
python-docx and compared with the report, number by number and paragraph by paragraph. The
.docx is converted to PDF with headless LibreOffice (every number must be printed): LibreOffice
runs once here, for all the PDFs (a module-scoped fixture), with a private profile directory.
What a person typed is data, never template source; custom templates.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx as pydocx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from conftest import CJK
from export_helpers import (RESULT_ROWS, SAFE_ISSUER, SAFE_LINES, assert_table, broken_report, doc_table_for,
                            doc_texts, lines, load, make_template, printed, safety_report, soffice)
from govreport_gui.core.export import ExportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import fonts as F
from govreport_gui.core.export import xlsx as export_xlsx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
TYPE_AREA_MM = 210 - 28 - 26                  # A4 minus the left and right margins


# --------------------------------------------------------------------------
# helpers


def date_text(report) -> str:
    d = report.meta.get("published")
    if not d:
        return ""
    y, m, dd = str(d).split("-")
    return f"{int(y)}年{int(m)}月{int(dd)}日"


def printed_title(report) -> str:
    """The title as the page shows it: a title over one line of 二号 type (20 characters) breaks
    after the issuer, never inside a word ("…工作年／度报告")."""
    title, issuer = report.title, report.issuer
    return f"{issuer}\n{title[len(issuer):]}" if len(title) > 20 and issuer and title.startswith(issuer) else title


def expected_body(report) -> list[str]:
    """Title, preface, then each heading followed by its narrative, in order."""
    out = [printed_title(report), *lines(report.text.get("preface"))]
    for s in report.ed.sections:
        out.append(s.heading)
        if s.kind == "text":
            out += lines(report.text.get(s.text))
    return out


def assert_body(doc, report) -> None:
    want = expected_body(report)
    got = doc_texts(doc)
    assert got[:len(want)] == want
    tail = got[len(want):]
    if date_text(report):
        assert tail == [report.issuer, date_text(report)]
    else:
        assert tail in ([], [report.issuer])


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def style_attr(style, get):
    """A run property from a style or the styles it is based on."""
    while style is not None:
        v = get(style)
        if v is not None:
            return v
        style = style.base_style
    return None


def style_east_asian(style):
    def get(s):
        rpr = s.element.rPr
        if rpr is None or rpr.rFonts is None:
            return None
        return rpr.rFonts.get(qn("w:eastAsia"))
    return style_attr(style, get)


def run_east_asian(run) -> str | None:
    rpr = run._r.rPr
    return rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None


def run_size(run, paragraph):
    return run.font.size or style_attr(paragraph.style, lambda s: s.font.size)


NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])")


# --------------------------------------------------------------------------
# Word: read back with python-docx

DOCS = [("demo", "empty"), ("dongan", "empty"), ("hainan", "empty"), ("hainan", "zero")]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    d = tmp_path_factory.mktemp("docx")
    out = {}
    for name, blank in DOCS:
        path = d / f"{name}-{blank}.docx"
        export_docx.export(load(name), path, blank=blank)
        out[(name, blank)] = path
    return out


@pytest.mark.parametrize("name,blank", DOCS)
def test_docx_tables_hold_every_value_and_label(docs, name, blank):
    report = load(name)
    doc = pydocx.Document(docs[(name, blank)])
    assert len(doc.tables) == 3
    for sid, table in report.ed.tables.items():
        assert_table(doc_table_for(doc, report, sid), table, report, blank)


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_official_merged_cells(docs, name):
    report = load(name)
    doc = pydocx.Document(docs[(name, "empty")])
    s3 = doc_table_for(doc, report, "s3")
    corner = s3.cell(0, 0)._tc
    assert all(s3.cell(r, c)._tc is corner for r in range(3) for c in range(3))
    assert s3.cell(0, 3)._tc is not corner and s3.cell(3, 0)._tc is not corner
    assert "勾稽关系" in s3.cell(2, 2).text
    result = s3.cell(5, 0)
    assert result.text == "三、本年度办理结果"
    n = RESULT_ROWS[report.edition]
    assert all(s3.cell(r, 0)._tc is result._tc for r in range(5, 5 + n))
    assert s3.cell(5 + n, 0)._tc is not result._tc
    assert s3.cell(5 + n, 0).text == "四、结转下年度继续办理"
    s4 = doc_table_for(doc, report, "s4")
    assert s4.cell(0, 0).text == "行政复议" and s4.cell(0, 4)._tc is s4.cell(0, 0)._tc
    assert s4.cell(0, 5).text == "行政诉讼" and s4.cell(0, 14)._tc is s4.cell(0, 5)._tc


def test_docx_spot_values(docs):
    """A few numbers a person would look at, by hand (FACTS.md)."""
    d = load("dongan")
    doc = pydocx.Document(docs[("dongan", "empty")])
    s2 = doc_table_for(doc, d, "s2")
    pos = d.ed.tables["s2"].position
    assert s2.cell(pos("s2.licensing.change").row, pos("s2.licensing.change").col).text == "-51"
    assert s2.cell(pos("s2.penalty.change").row, pos("s2.penalty.change").col).text == "-482"
    assert s2.cell(pos("s2.procurement.amount").row, pos("s2.procurement.amount").col).text == "2167.0875"
    demo = load("demo")
    doc = pydocx.Document(docs[("demo", "empty")])
    s3 = doc_table_for(doc, demo, "s3")
    g = demo.ed.tables["s3"].position("s3.total.total")
    assert s3.cell(g.row, g.col).text == "353"
    s2 = doc_table_for(doc, demo, "s2")
    g = demo.ed.tables["s2"].position("s2.fees.amount")
    assert s2.cell(g.row, g.col).text == "1836.4527"
    h = load("hainan")
    for blank in ("empty", "zero"):
        doc = pydocx.Document(docs[("hainan", blank)])
        s3 = doc_table_for(doc, h, "s3")
        g = h.ed.tables["s3"].position("s3.total.total")       # blank in the report, its parts known (0, 0)
        assert s3.cell(g.row, g.col).text == "0"                # printed as their sum, as Excel shows it
        g = h.ed.tables["s3"].position("s3.other.total")       # blank, and every part of it blank too
        assert s3.cell(g.row, g.col).text == ("0" if blank == "zero" else "")
        g = h.ed.tables["s3"].position("s3.new.total")         # a real 0
        assert s3.cell(g.row, g.col).text == "0"


@pytest.mark.parametrize("name", ["demo", "dongan", "hainan"])
def test_docx_title_headings_and_every_paragraph(docs, name):
    report = load(name)
    doc = pydocx.Document(docs[(name, "empty")])
    assert doc.paragraphs[0].text == printed_title(report)
    assert_body(doc, report)


def test_a_short_title_stays_on_one_line_and_a_long_one_breaks_after_the_issuer(tmp_path):
    report = load("demo")
    for issuer, want in (("某县", "某县2024年政府信息公开工作年度报告"),
                         ("云泽市人民政府", "云泽市人民政府\n2024年政府信息公开工作年度报告")):
        report.issuer = issuer
        export_docx.export(report, tmp_path / "t.docx")
        assert pydocx.Document(tmp_path / "t.docx").paragraphs[0].text == want


def test_docx_signature_has_issuer_and_date(docs):
    report = load("demo")
    got = doc_texts(pydocx.Document(docs[("demo", "empty")]))
    assert got[-2:] == [report.issuer, date_text(report)] == ["云泽市人民政府", "2025年1月20日"]


def test_docx_signature_stays_on_a_page_with_its_date(docs):
    """The blank line and the issuer keep with the next paragraph, and the last paragraph of the
    text with the closing: neither the date nor the whole closing starts a page alone (GB/T 9704)."""
    paras = pydocx.Document(docs[("demo", "empty")]).paragraphs
    last = paras[-3:]
    assert [p.text for p in last] == ["", "云泽市人民政府", "2025年1月20日"]
    assert [p.paragraph_format.keep_with_next for p in last] == [True, True, None]
    assert paras[-4].paragraph_format.keep_with_next          # and the text before them: never alone on a page


@pytest.mark.parametrize("name,blank", DOCS)
def test_docx_no_template_code_left(docs, name, blank):
    parts = zip_parts(docs[(name, blank)])
    xml_parts = {n: b.decode("utf-8") for n, b in parts.items() if n.startswith("word/") and n.endswith(".xml")}
    assert "word/document.xml" in xml_parts
    for n, xml in xml_parts.items():
        for code in ("{{", "}}", "{%", "%}"):
            assert code not in xml, f"{code} left in {n}"
        root = etree.fromstring(xml.encode("utf-8"))
        text = "".join(t.text or "" for t in root.iter(f"{W}t"))
        assert "{p" not in text and "{{" not in text and "{%" not in text, n
        if n == "word/document.xml" or re.match(r"word/(header|footer)\d*\.xml$", n):
            for el in root.iter():
                for k, v in el.attrib.items():
                    assert "{" not in v and "}" not in v, f"{n}: <{el.tag} {k}={v!r}>"


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_tables_hold_in_wps(docs, name):
    """What WPS needs so that a table does not collapse or spread (it lays a table out from the
    widths written, where Word recomputes them): a fixed layout, the table's width in twips equal
    to its grid, every cell's width in twips, each row's cells adding up to the grid under them;
    the body on an exact line pitch (GB/T 9704's 22 lines) and no document grid to snap to."""
    parts = zip_parts(docs[(name, "empty")])
    root = etree.fromstring(parts["word/document.xml"])
    for tbl in root.iter(f"{W}tbl"):
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        assert tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}type") == "dxa"
        cols = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        assert all(c > 0 for c in cols)
        for tr in tbl.findall(f"{W}tr"):
            at = 0
            for tc in tr.findall(f"{W}tc"):
                tcw = tc.find(f"{W}tcPr/{W}tcW")
                assert tcw is not None and tcw.get(f"{W}type") == "dxa"
                gs = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(gs.get(f"{W}val")) if gs is not None else 1
                assert int(tcw.get(f"{W}w")) == sum(cols[at:at + span])
                at += span
    grid = root.find(f".//{W}sectPr/{W}docGrid")
    assert grid is None or grid.get(f"{W}type") in (None, "default")
    styles = etree.fromstring(parts["word/styles.xml"])
    body = styles.find(f"{W}style[@{W}styleId='GovBody']/{W}pPr/{W}spacing")
    assert body.get(f"{W}lineRule") == "exact" and int(body.get(f"{W}line")) == round(F.LINE.pt * 20)


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_tables_fit_the_type_area(docs, name):
    """Widths are numbers (a broken width makes Word refuse the file) and add up."""
    root = etree.fromstring(zip_parts(docs[(name, "empty")])["word/document.xml"])
    tables = list(root.iter(f"{W}tbl"))
    assert len(tables) == 3
    for tbl in tables:
        cols = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
        tblw = tbl.find(f"{W}tblPr/{W}tblW")
        assert tblw is not None and re.fullmatch(r"\d+", tblw.get(f"{W}w") or ""), etree.tostring(tblw)
        assert int(tblw.get(f"{W}w")) == sum(cols)
        assert sum(cols) / 56.6929 <= TYPE_AREA_MM + 1
        for tcw in tbl.iter(f"{W}tcW"):
            assert re.fullmatch(r"\d+", tcw.get(f"{W}w") or "")
        for tr in tbl.findall(f"{W}tr"):
            spans = 0
            for tc in tr.findall(f"{W}tc"):
                gs = tc.find(f"{W}tcPr/{W}gridSpan")
                spans += int(gs.get(f"{W}val")) if gs is not None else 1
            assert spans == len(cols)


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_page_setup(docs, name):
    doc = pydocx.Document(docs[(name, "empty")])
    assert len(doc.sections) >= 1
    for s in doc.sections:
        assert abs(s.page_width.mm - 210) <= 0.5 and abs(s.page_height.mm - 297) <= 0.5
        assert abs(s.top_margin.mm - 37) <= 0.5
        assert abs(s.bottom_margin.mm - 35) <= 0.5
        assert abs(s.left_margin.mm - 28) <= 0.5
        assert abs(s.right_margin.mm - 26) <= 0.5


@pytest.mark.parametrize("name,blank", DOCS)
def test_docx_every_run_names_an_east_asian_font(docs, name, blank):
    doc = pydocx.Document(docs[(name, blank)])
    runs = list(doc.element.body.iter(qn("w:r")))
    in_tables = [r for t in doc.element.body.iter(qn("w:tbl")) for r in t.iter(qn("w:r"))]
    assert len(in_tables) > 150                     # the table runs are among them
    for r in runs:
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), etree.tostring(r, encoding="unicode")[:300]


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_fonts_and_sizes(docs, name):
    report = load(name)
    doc = pydocx.Document(docs[(name, "empty")])
    title = doc.paragraphs[0]
    assert style_east_asian(title.style) == "方正小标宋简体"
    text_runs = [r for r in title.runs if r.text]
    assert text_runs and all(run_east_asian(r) == "方正小标宋简体" for r in text_runs)
    assert all(run_size(r, title) == Pt(22) for r in text_runs)
    headings = {s.heading for s in report.ed.sections}
    body = set()
    for tid in ("preface", "s1", "s5", "s6"):
        body |= {ln for ln in lines(report.text.get(tid)) if not re.match(r"^[（(][一二三四五六七八九十]+[）)]", ln)}
    seen_body = seen_heading = 0
    for p in doc.paragraphs:
        t = p.text.strip()
        runs = [r for r in p.runs if r.text.strip()]
        if t in headings:
            seen_heading += 1
            assert all(run_east_asian(r) == "黑体" for r in runs), t
        elif t in body:
            seen_body += 1
            assert style_east_asian(p.style) == "仿宋_GB2312", t[:20]
            assert all(run_east_asian(r) == "仿宋_GB2312" for r in runs), t[:20]
            assert all(run_size(r, p) == Pt(16) for r in runs), t[:20]
    assert seen_heading == 6
    assert seen_body == len(body)


def test_docx_level2_headings_in_kaiti(docs):
    doc = pydocx.Document(docs[("demo", "empty")])
    p = next(p for p in doc.paragraphs if p.text.strip() == "（一）主动公开")
    assert [run_east_asian(r) for r in p.runs if r.text.strip()] == ["楷体_GB2312"]


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_font_table_names_fallbacks(docs, name):
    root = etree.fromstring(zip_parts(docs[(name, "empty")])["word/fontTable.xml"])
    alt = {}
    for f in root.findall(f"{W}font"):
        a = f.find(f"{W}altName")
        alt.setdefault(f.get(f"{W}name"), a.get(f"{W}val") if a is not None else None)
    assert alt.get("仿宋_GB2312") == "仿宋"
    assert alt.get("方正小标宋简体") == "华文中宋"
    assert alt.get("楷体_GB2312") == "楷体"


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_docx_page_numbers_odd_and_even(docs, name):
    path = docs[(name, "empty")]
    settings = etree.fromstring(zip_parts(path)["word/settings.xml"])
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    doc = pydocx.Document(path)
    for s in doc.sections:
        for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
            assert not footer.is_linked_to_previous          # the footer part exists
            el = footer._element
            instr = "".join(t.text or "" for t in el.iter(qn("w:instrText")))
            instr += "".join(f.get(qn("w:instr"), "") for f in el.iter(qn("w:fldSimple")))
            assert "PAGE" in instr
            text = "".join(p.text for p in footer.paragraphs)
            assert text.count("—") == 2
            jc = {p.paragraph_format.alignment for p in footer.paragraphs if p.text.strip()}
            assert {str(a).split(".")[-1].split(" ")[0].lower() for a in jc} == {align}


# --------------------------------------------------------------------------
# what a person typed is data, never template source


def test_docx_special_characters_come_out_literally(tmp_path):
    report = safety_report()
    path = tmp_path / "safe.docx"
    export_docx.export(report, path)
    doc = pydocx.Document(path)
    assert report.title.startswith(SAFE_ISSUER)
    assert doc.paragraphs[0].text == printed_title(report)
    got = doc_texts(doc)
    i = got.index("一、总体情况")
    assert got[i + 1:i + 1 + len(SAFE_LINES)] == SAFE_LINES
    assert got[i + 1 + len(SAFE_LINES)] == "二、主动公开政府信息情况"
    assert "{{ title }}{{ v['s3.new.total'] }}" in got
    assert got[-2] == SAFE_ISSUER
    assert_body(doc, report)
    assert len(doc.tables) == 3                     # no extra table from {{p tables.s3 }} in the text


def test_docx_narrative_newlines_make_paragraphs(tmp_path):
    report = load("demo")
    report.text["s6"] = "第一段。\n\n  第二段，前后有空格。  \n（一）小标题。正文接着写。\n最后一段"
    doc = pydocx.Document(_render_to(tmp_path, report))
    got = doc_texts(doc)
    i = got.index("六、其他需要报告的事项")
    assert got[i + 1:i + 5] == ["第一段。", "第二段，前后有空格。", "（一）小标题。正文接着写。", "最后一段"]


def _render_to(tmp_path, report, **kw) -> Path:
    path = tmp_path / "out.docx"
    path.write_bytes(export_docx.render(report, **kw))
    return path


# --------------------------------------------------------------------------
# refusal and force


def test_forced_docx_prints_the_report_as_it_is(tmp_path):
    report = broken_report()
    path = tmp_path / "forced.docx"
    export_docx.export(report, path, force=True)
    doc = pydocx.Document(path)
    s3 = doc_table_for(doc, report, "s3")
    g = report.ed.tables["s3"].position("s3.new.total")
    assert s3.cell(g.row, g.col).text == "358"
    assert_table(s3, report.ed.tables["s3"], report, "empty")


# --------------------------------------------------------------------------
# custom templates


def test_custom_template_renders_every_placeholder(tmp_path):
    report = load("demo")
    t = make_template(tmp_path / "mine.docx", [
        "标题：{{ title }}",
        "机关：{{ issuer }}；年度：{{ year }}；版本：{{ edition }}；日期：{{ date }}",
        "地址：{{ meta.address }}；电话：{{ meta.phone }}；邮编：{{ meta.postcode }}",
        "{{ headings.s3 }}",
        "新收：{{ v['s3.new.total'] }}；收费：{{ v['s2.fees.amount'] }}万元；复议：{{ v['s4.review.total'] }}",
        "{%p for para in s6 %}",
        "[{{ para.level }}]{{ para.text }}",
        "{%p endfor %}",
        "{%p for para in s1 %}",
        "{%p if para.level == 2 %}",
        "小标题：{{ para.head }}",
        "{%p endif %}",
        "{%p endfor %}",
        "{{p tables.s4 }}",
        "结束",
    ])
    path = tmp_path / "out.docx"
    export_docx.export(report, path, template=t)
    doc = pydocx.Document(path)
    want = [
        "标题：云泽市人民政府2024年政府信息公开工作年度报告",
        "机关：云泽市人民政府；年度：2024；版本：2021；日期：2025年1月20日",
        "地址：云泽市政通路88号；电话：0736-7208116；邮编：368100",
        "三、收到和处理政府信息公开申请情况",
        "新收：357；收费：1836.4527万元；复议：9",
        *[f"[0]{ln}" for ln in lines(report.text["s6"])],
        *[f"小标题：{ln}" for ln in lines(report.text["s1"]) if re.match(r"^（[一二三四五六七八九十]+）", ln)],
        "结束",
    ]
    assert doc_texts(doc) == want
    assert len(doc.tables) == 1
    assert_table(doc.tables[0], report.ed.tables["s4"], report, "empty")
    for r in doc.element.body.iter(qn("w:r")):            # python-docx's template has no East Asian font
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia"))


def test_custom_template_blank_zero(tmp_path):
    report = load("hainan")
    t = make_template(tmp_path / "mine.docx", ["{{ v['s3.total.total'] }}|{{ v['s3.new.total'] }}|{{ v['s2.procurement.amount'] }}"])
    assert doc_texts(pydocx.Document(_render_to(tmp_path, report, template=t, blank="zero"))) == ["0|0|1228.92"]
    doc = pydocx.Document(_render_to(tmp_path, report, template=t, blank="empty"))
    assert [p.text for p in doc.paragraphs] == ["0|0|1228.92"]       # the blank total's parts are known: their sum


def _export_error(tmp_path, paragraphs: list[str]) -> str:
    t = make_template(tmp_path / "mine.docx", paragraphs)
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous export")
    with pytest.raises(ExportError) as e:
        export_docx.export(load("demo"), out, template=t)
    assert out.read_bytes() == b"previous export"
    msg = str(e.value)
    assert CJK.search(msg) and "Traceback" not in msg
    return msg


def test_custom_template_unknown_placeholder_is_named(tmp_path):
    msg = _export_error(tmp_path, ["{{ title }}", "{{ titel }}", "{{ issuer }}"])
    assert "titel" in msg and "未知" in msg


def test_custom_template_unknown_cell_id_is_named(tmp_path):
    """A typo in a cell id must not print an empty cell silently."""
    msg = _export_error(tmp_path, ["新收：{{ v['s3.new.totl'] }}"])
    assert "s3.new.totl" in msg


@pytest.mark.parametrize("text", ["{{ title }", "{% if date %}没有结束", "{%p for para in s1 %}", "{{ title | }}"])
def test_custom_template_syntax_error_in_chinese(tmp_path, text):
    msg = _export_error(tmp_path, ["第一段", text])
    assert "语法错误" in msg


@pytest.mark.parametrize("text", [
    "{{ title.__class__.__mro__ }}",
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
])
def test_custom_template_sandbox_escape_is_an_error(tmp_path, text):
    _export_error(tmp_path, [text])


@pytest.mark.parametrize("text", ["{{ year / 0 }}", "{{ year + title }}", "{% for i in range(10**9) %}{% endfor %}"])
def test_custom_template_runtime_error_is_an_export_error(tmp_path, text):
    _export_error(tmp_path, [text])


def test_custom_template_table_placeholder_without_p(tmp_path):
    """{{ tables.s2 }} inside a sentence (without p) must not lose the table silently:
    either an ExportError, or the table really is in the document."""
    t = make_template(tmp_path / "mine.docx", ["表格如下 {{ tables.s2 }}"])
    out = tmp_path / "out.docx"
    try:
        export_docx.export(load("demo"), out, template=t)
    except ExportError as e:
        assert CJK.search(str(e))
        return
    doc = pydocx.Document(out)
    root = doc.element.body
    misplaced = [t for t in root.iter(qn("w:tbl")) if t.getparent().tag not in (qn("w:body"), qn("w:tc"))]
    assert not misplaced, ("the table was put inside a run (<w:t><w:tbl>…): invalid WordprocessingML, "
                           "python-docx does not see it and Word reports the file as damaged")
    assert len(doc.tables) == 1


@pytest.mark.parametrize("kind", ["text", "zip", "missing", "xlsx", "empty"])
def test_template_that_is_not_a_word_document(tmp_path, kind):
    t = tmp_path / "mine.docx"
    if kind == "text":
        t.write_text("{{ title }}", encoding="utf-8")
    elif kind == "zip":
        with zipfile.ZipFile(t, "w") as z:
            z.writestr("hello.txt", "not a document")
    elif kind == "xlsx":
        export_xlsx.export(load("demo"), t)
    elif kind == "empty":
        t.write_bytes(b"")
    out = tmp_path / "out.docx"
    with pytest.raises(ExportError) as e:
        export_docx.export(load("demo"), out, template=t)
    msg = str(e.value)
    assert CJK.search(msg) and "模板" in msg
    assert not out.exists()


# --------------------------------------------------------------------------
# LibreOffice: the .docx printed as PDF


@pytest.fixture(scope="module")
def pdfs(docs, tmp_path_factory) -> dict[str, tuple[str, str]]:
    names = ["demo", "dongan"]
    outdir = soffice(tmp_path_factory, ["--convert-to", "pdf"], [docs[(n, "empty")] for n in names], "pdf")
    out = {}
    for n in names:
        pdf = outdir / f"{n}-empty.pdf"
        assert pdf.exists(), sorted(p.name for p in outdir.iterdir())
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
        out[n] = (text, info)
    return out


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_pdf_is_a4_with_a_sensible_page_count(pdfs, name):
    _, info = pdfs[name]
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 4 <= pages <= 10
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert abs(w - 595.28) < 1.5 and abs(h - 841.89) < 1.5


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_pdf_prints_every_number(pdfs, name):
    report = load(name)
    text, _ = pdfs[name]
    have = Counter(NUMBER.findall(text))
    want = Counter(printed(report, cid, "empty") for cid in report.ed.cells if cid in report.values)
    missing = {n: (k, have[n]) for n, k in want.items() if have[n] < k}
    assert not missing, f"number: (times in the report, times in the PDF): {missing}"
    for special in ("1836.4527",) if name == "demo" else ("2167.0875", "-51", "-482", "-21"):
        assert special in have


@pytest.mark.parametrize("name", ["demo", "dongan"])
def test_pdf_prints_title_headings_and_every_paragraph(pdfs, name):
    report = load(name)
    text, _ = pdfs[name]
    body = [ln for ln in text.splitlines() if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)]
    flat = re.sub(r"\s+", "", "".join(body))
    assert re.search(r"—\s*1\s*—", text)                    # page numbers are printed
    for para in expected_body(report):
        assert re.sub(r"\s+", "", para) in flat, para[:40]


def test_headings_keep_with_the_next_paragraph_and_a_long_table_may_go_on_to_the_next_page(docs):
    """A reviewer's faults: （一）主动公开 alone at the foot of a page; half a page left empty
    because the whole of 三 was kept together. Headings of both levels keep with what follows;
    a long table keeps only its header and first rows with its heading, and repeats its header
    rows on the next page; a short table is kept whole; no row is split."""
    report = load("demo")
    doc = pydocx.Document(docs[("demo", "empty")])
    alone = [p for p in doc.paragraphs if p.text.startswith("（一）") and len(p.text) <= 10]
    assert alone and all(p.style.paragraph_format.keep_with_next for p in alone)
    heads = [p for p in doc.paragraphs if p.text in {s.heading for s in report.ed.sections}]
    assert heads and all(p.style.paragraph_format.keep_with_next for p in heads)
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for sid in ("s2", "s3"):
        table = report.ed.tables[sid]
        rows = doc_table_for(doc, report, sid)._tbl.findall(f"{W}tr")
        kept = [r.find(f".//{W}keepNext") is not None for r in rows]
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        header = [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows]
        assert header == [i < table.header_rows for i in range(len(rows))]
        if not table.splits:                # 二 and 四: on one page; 三 (print.split) may go on
            assert kept == [i < len(rows) - 1 for i in range(len(rows))]
        else:
            assert kept == [i < table.header_rows + 3 for i in range(len(rows))]


def test_column_headers_break_at_word_boundaries_and_block_titles_are_plain(docs):
    """As the official template prints them: 商业/企业 on two lines (never 商业企/业); 二's block
    title rows (第二十条第（一）项) left aligned and not bold; column headers bold and centred."""
    report = load("demo")
    doc = pydocx.Document(docs[("demo", "empty")])
    s3 = doc_table_for(doc, report, "s3")
    pos = {g.text: g for g in report.ed.tables["s3"].grid if g.kind == "label"}
    assert s3.cell(pos["商业企业"].row, pos["商业企业"].col).text == "商业\n企业"
    assert s3.cell(pos["社会公益组织"].row, pos["社会公益组织"].col).text == "社会\n公益\n组织"
    s2 = doc_table_for(doc, report, "s2")
    for g in report.ed.tables["s2"].grid:
        if g.kind != "label" or g.role not in ("title", "header"):
            continue
        p = s2.cell(g.row, g.col).paragraphs[0]
        bold = any(r.bold for r in p.runs)
        if g.role == "title":
            assert p.alignment == WD_ALIGN_PARAGRAPH.LEFT and not bold, g.text
        else:
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and bold, g.text


def test_document_properties_are_the_reports_and_chinese(tmp_path, monkeypatch):
    """文件 → 信息 in Word: the issuer as author, created and modified when exported, Chinese as
    the document's language and its theme fonts', this program as the one that wrote it —
    not python-docx's 2013, "Microsoft Macintosh Word" and ja-JP theme fonts."""
    import datetime

    when = datetime.datetime(2025, 1, 20, 8, 30, 0)
    monkeypatch.setattr(export_docx, "now_utc", lambda: when)
    report = load("demo")
    path = tmp_path / "年报.docx"
    export_docx.export(report, path)
    props = pydocx.Document(path).core_properties
    assert (props.author, props.last_modified_by, props.language) == (report.issuer, report.issuer, "zh-CN")
    assert props.created == props.modified == when.replace(tzinfo=datetime.timezone.utc)
    parts = zip_parts(path)
    assert b"<Application>" + "年报填报助手".encode() in parts["docProps/app.xml"]
    assert b"Macintosh" not in parts["docProps/app.xml"]
    assert b'w:eastAsia="zh-CN"' in parts["word/settings.xml"] and b"ja-JP" not in parts["word/settings.xml"]


def test_page_numbers_as_gb_t_9704_places_them(docs):
    """— 1 — in 四号宋体, odd pages on the right and even pages on the left, each one character in
    from the text block's edge, its line 7 mm below the text block."""
    from docx.shared import Mm

    doc = pydocx.Document(docs[("demo", "empty")])
    sec = doc.sections[0]
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for footer, side in ((sec.footer, "rightChars"), (sec.even_page_footer, "leftChars")):
        ind = footer.paragraphs[0]._p.find(f"{W}pPr/{W}ind")
        assert ind is not None and ind.get(f"{W}{side}") == "100", side
        assert "PAGE" in footer.paragraphs[0]._p.xml and footer.paragraphs[0].text.startswith("— ")
    gap = sec.bottom_margin - sec.footer_distance - Pt(14 * 1.3)      # text block's foot to the number's top
    assert abs(gap - Mm(7)) < Mm(0.5)


@pytest.mark.parametrize("issuer, issuer_in, date_in", [
    # 2025年1月20日 is 6½ characters wide (half-width digits); 云泽市人民政府 7
    ("云泽市人民政府", 3.5, 2),                    # not 2 longer than the date: the date 右空二字, the issuer 2 to its left
    ("牡丹江市西安区海南朝鲜族乡人民政府", 2, 10.5),  # a long issuer 右空二字, the date's first character two to the right
])
def test_the_issuer_and_date_stand_as_gb_t_9704_places_them(tmp_path, issuer, issuer_in, date_in):
    report = load("demo")
    report.issuer = issuer
    export_docx.export(report, tmp_path / "t.docx")
    paras = pydocx.Document(tmp_path / "t.docx").paragraphs
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    got = [(p.text, p._p.find(f"{W}pPr/{W}ind").get(f"{W}rightChars")) for p in paras[-2:]]
    assert got == [(issuer, str(int(issuer_in * 100))), ("2025年1月20日", str(int(date_in * 100)))]
    assert all(p.alignment is None and p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
               for p in paras[-2:])
