"""Export to Word (.docx) and Excel (.xlsx): tests that would catch a wrong document.

The demo (2021 edition) and two published 2019-edition reports are exported,
read back with python-docx / openpyxl and compared with the report, number by
number and paragraph by paragraph. The .docx is converted to PDF with headless
LibreOffice (every number must be printed); the .xlsx is recalculated by
LibreOffice (every SUM total must come out as the report's total).

LibreOffice runs twice per module: once for all the PDFs, once for all the
workbooks (module-scoped fixtures), each with a private profile directory.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import docx as pydocx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from govreport_gui import cli
from govreport_gui.core import native, rules
from govreport_gui.core.export import ExportError, ExportRefused
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "tests" / "fixtures" / "published"
SOURCES = {
    "demo": REPO / "resources" / "demo" / "demo.govreport",                 # 2021, complete
    "dongan": PUBLISHED / "2020_dongan_district.govreport",                 # 2019, complete, negative 增/减
    "hainan": PUBLISHED / "2020_hainan_township.govreport",                 # 2019, 138 blank cells
}
CJK = re.compile(r"[\u4e00-\u9fff]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
SHEETS = ["报告信息", "二、主动公开", "三、依申请公开", "四、复议诉讼", "_govreport"]
TABLE_SHEETS = {"s2": "二、主动公开", "s3": "三、依申请公开", "s4": "四、复议诉讼"}
RESULT_ROWS = {"2021": 22, "2019": 20}       # rows under the vertical label 三、本年度办理结果
TYPE_AREA_MM = 210 - 28 - 26                  # A4 minus the left and right margins


# --------------------------------------------------------------------------
# helpers


def load(name: str):
    return native.load(SOURCES[name])


def broken_report():
    """The demo with 一、本年新收「总计」one too high: R1 (and R3) errors, as printed."""
    r = load("demo")
    r.values["s3.new.total"] += 1          # 357 -> 358
    return r


SAFE_ISSUER = "云泽市“城&乡”<建设>管委会'甲'"
SAFE_LINES = [
    "A & B < C > D \" E ' F &amp; &lt;",
    "第二段：{{ x }} 与 {% if %} 以及 {%p endif %} 和 {{p tables.s3 }} 原样印出",
    "</w:t></w:r></w:p><w:p><w:r><w:t>注入]]><![CDATA[",
    "=1+1",
    "=SUM(A1:A3)",
    "+cmd|' /C calc'!A0",
]


def safety_report():
    r = load("demo")
    r.issuer = SAFE_ISSUER
    r.text["s1"] = "\n".join(SAFE_LINES)
    r.text["s5"] = "{{ title }}{{ v['s3.new.total'] }}"
    return r


def printed(report, cell_id: str, blank: str) -> str:
    """A value as it must appear in the document (independent of the exporter)."""
    v = report.values.get(cell_id)
    if v is None:
        return "0" if blank == "zero" else ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def lines(text: str | None) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def date_text(report) -> str:
    d = report.meta.get("published")
    if not d:
        return ""
    y, m, dd = str(d).split("-")
    return f"{int(y)}年{int(m)}月{int(dd)}日"


def expected_body(report) -> list[str]:
    """Title, preface, then each heading followed by its narrative, in order."""
    out = [report.title, *lines(report.text.get("preface"))]
    for s in report.ed.sections:
        out.append(s.heading)
        if s.kind == "text":
            out += lines(report.text.get(s.text))
    return out


def doc_texts(doc) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()]


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


def doc_table_for(doc, report, sid: str):
    i = list(report.ed.tables).index(sid)
    return doc.tables[i]


def assert_table(dt, table, report, blank: str) -> None:
    """Every value and label at its grid position; merged cells exactly as the edition says."""
    assert len(dt.rows) == table.height
    assert len(dt.columns) == table.width
    tcs = {(r, c): dt.cell(r, c)._tc for r in range(table.height) for c in range(table.width)}
    for g in table.grid:
        want = g.text if g.kind == "label" else printed(report, g.cell, blank)
        got = dt.cell(g.row, g.col).text
        assert got == want, f"{table.section} row {g.row} col {g.col} ({g.cell or g.text}): {got!r} != {want!r}"
        span = {(r, c) for r in range(g.row, g.row + g.rowspan) for c in range(g.col, g.col + g.colspan)}
        top = tcs[(g.row, g.col)]
        merged = {pos for pos, tc in tcs.items() if tc is top}
        assert merged == span, f"{table.section} {g.cell or g.text!r}: merged over {sorted(merged)}, want {sorted(span)}"


def soffice(tmp_path_factory, args: list[str], files: list[Path], name: str) -> Path:
    """Run headless LibreOffice once on several files, with a private profile."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test (installs it)")
    outdir = tmp_path_factory.mktemp(name)
    profile = tmp_path_factory.mktemp(f"lo-profile-{name}")
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args,
           "--outdir", str(outdir), *[str(f) for f in files]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return outdir


NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])")


# --------------------------------------------------------------------------
# the samples


def test_samples_export_without_force():
    """The three samples have no errors (so nothing below needs force=True)."""
    for name in SOURCES:
        errors = [f for f in rules.check(load(name)) if f.severity == "error"]
        assert errors == [], name
    assert len(load("demo").values) == 200 and load("demo").edition == "2021"
    assert len(load("dongan").values) == 198 and load("dongan").edition == "2019"
    assert len(load("hainan").values) == 60 and load("hainan").edition == "2019"


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
    for blank, want in (("empty", ""), ("zero", "0")):
        doc = pydocx.Document(docs[("hainan", blank)])
        s3 = doc_table_for(doc, h, "s3")
        g = h.ed.tables["s3"].position("s3.total.total")       # blank in the report
        assert s3.cell(g.row, g.col).text == want
        g = h.ed.tables["s3"].position("s3.new.total")         # a real 0
        assert s3.cell(g.row, g.col).text == "0"


@pytest.mark.parametrize("name", ["demo", "dongan", "hainan"])
def test_docx_title_headings_and_every_paragraph(docs, name):
    report = load(name)
    doc = pydocx.Document(docs[(name, "empty")])
    assert doc.paragraphs[0].text == report.title
    assert_body(doc, report)


def test_docx_signature_has_issuer_and_date(docs):
    report = load("demo")
    got = doc_texts(pydocx.Document(docs[("demo", "empty")]))
    assert got[-2:] == [report.issuer, date_text(report)] == ["云泽市人民政府", "2025年1月20日"]


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
    assert doc.paragraphs[0].text == report.title
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


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_report_with_errors_is_refused(tmp_path, kind):
    mod = export_docx if kind == "docx" else export_xlsx
    path = tmp_path / f"out.{kind}"
    with pytest.raises(ExportRefused) as e:
        mod.export(broken_report(), path)
    msg = str(e.value)
    assert "R1" in msg and CJK.search(msg) and "未导出" in msg
    assert {f.rule for f in e.value.errors} >= {"R1"}
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []            # no temporary file left either


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_refused_export_leaves_existing_file_untouched(tmp_path, kind):
    mod = export_docx if kind == "docx" else export_xlsx
    path = tmp_path / f"out.{kind}"
    path.write_bytes(b"last year's file")
    with pytest.raises(ExportRefused):
        mod.export(broken_report(), path)
    assert path.read_bytes() == b"last year's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{kind}"]


def test_forced_docx_prints_the_report_as_it_is(tmp_path):
    report = broken_report()
    path = tmp_path / "forced.docx"
    export_docx.export(report, path, force=True)
    doc = pydocx.Document(path)
    s3 = doc_table_for(doc, report, "s3")
    g = report.ed.tables["s3"].position("s3.new.total")
    assert s3.cell(g.row, g.col).text == "358"
    assert_table(s3, report.ed.tables["s3"], report, "empty")


def test_forced_xlsx_is_written(tmp_path):
    report = broken_report()
    path = tmp_path / "forced.xlsx"
    export_xlsx.export(report, path, force=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS


def test_unknown_blank_mode_is_an_export_error(tmp_path):
    for mod in (export_docx, export_xlsx):
        with pytest.raises(ExportError) as e:
            mod.export(load("demo"), tmp_path / "x.out", blank="null")
        assert CJK.search(str(e.value))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# custom templates


def make_template(path: Path, paragraphs: list[str]) -> Path:
    d = pydocx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


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
    assert [p.text for p in doc.paragraphs] == ["|0|1228.92"]


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
# command line


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_chinese_error(err: str) -> None:
    lines_ = err.strip().splitlines()
    assert 1 <= len(lines_) <= 2, err
    assert CJK.search(err), err
    assert "Traceback" not in err and "内部错误" not in err, err


@pytest.mark.parametrize("kind", ["unknown", "syntax", "sandbox", "not-docx", "missing"])
def test_cli_bad_template_exits_2(capsys, tmp_path, kind):
    t = tmp_path / "mine.docx"
    if kind == "unknown":
        make_template(t, ["{{ titel }}"])
    elif kind == "syntax":
        make_template(t, ["{{ title }"])
    elif kind == "sandbox":
        make_template(t, ["{{ title.__class__.__mro__ }}"])
    elif kind == "not-docx":
        t.write_text("hello", encoding="utf-8")
    out = tmp_path / "out.docx"
    code, _, err = run(capsys, "export", SOURCES["demo"], "-o", out, "--template", t)
    assert code == 2
    assert_chinese_error(err)
    assert not out.exists()


def test_cli_template_runtime_error_exits_2(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ year / 0 }}"])
    code, _, err = run(capsys, "export", SOURCES["demo"], "-o", tmp_path / "out.docx", "--template", t)
    assert code == 2
    assert_chinese_error(err)


def test_cli_good_template(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ title }}", "{{ v['s3.new.total'] }}"])
    out = tmp_path / "out.docx"
    code, _, err = run(capsys, "export", SOURCES["demo"], "-o", out, "--template", t)
    assert code == 0, err
    assert doc_texts(pydocx.Document(out)) == [load("demo").title, "357"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_cli_refused_exits_1_and_force_writes(capsys, tmp_path, suffix):
    src = tmp_path / "broken.govreport"
    native.save(broken_report(), src)
    out = tmp_path / f"out{suffix}"
    code, _, err = run(capsys, "export", src, "-o", out)
    assert code == 1
    assert_chinese_error(err)
    assert "R1" in err
    assert not out.exists()
    code, _, err = run(capsys, "export", src, "-o", out, "--force")
    assert code == 0, err
    assert out.stat().st_size > 0


@pytest.mark.parametrize("name", ["out.pdf", "out.doc", "out", "out.docx.txt"])
def test_cli_unknown_extension_exits_2(capsys, tmp_path, name):
    code, _, err = run(capsys, "export", SOURCES["demo"], "-o", tmp_path / name)
    assert code == 2
    assert_chinese_error(err)
    assert list(tmp_path.iterdir()) == []


def test_cli_template_only_for_docx(capsys, tmp_path):
    t = make_template(tmp_path / "mine.docx", ["{{ title }}"])
    code, _, err = run(capsys, "export", SOURCES["demo"], "-o", tmp_path / "out.xlsx", "--template", t)
    assert code == 2
    assert_chinese_error(err)
    assert not (tmp_path / "out.xlsx").exists()


def test_cli_blank_zero(capsys, tmp_path):
    report = load("hainan")
    out = tmp_path / "zero.docx"
    code, _, err = run(capsys, "export", SOURCES["hainan"], "-o", out, "--blank", "zero")
    assert code == 0, err
    doc = pydocx.Document(out)
    for sid, table in report.ed.tables.items():
        assert_table(doc_table_for(doc, report, sid), table, report, "zero")
    out = tmp_path / "zero.xlsx"
    code, _, err = run(capsys, "export", SOURCES["hainan"], "-o", out, "--blank", "zero")
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid not in report.values and cid not in computed(report):
            assert wb[sheet][addr].value == 0, cid
    code, _, err = run(capsys, "export", SOURCES["hainan"], "-o", tmp_path / "x.docx", "--blank", "null")
    assert code == 2
    assert_chinese_error(err)


def test_cli_narrative_with_control_character(capsys, tmp_path):
    """A vertical tab (a Word line break pasted as text) must not crash the export."""
    report = load("demo")
    report.text["s1"] = "第一段\x0b同段换行\n第二段"
    src = tmp_path / "vt.govreport"
    native.save(report, src)
    for suffix in (".docx", ".xlsx"):
        out = tmp_path / f"vt{suffix}"
        code, _, err = run(capsys, "export", src, "-o", out)
        assert code in (0, 2), err
        assert "内部错误" not in err, err


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


# --------------------------------------------------------------------------
# Excel


XLSX = {
    "demo": ("demo", "empty"),
    "dongan": ("dongan", "empty"),
    "hainan": ("hainan", "empty"),
    "hainan-zero": ("hainan", "zero"),
}


def xlsx_report(key: str):
    if key == "broken":
        return broken_report()
    if key == "safety":
        return safety_report()
    return load(XLSX[key][0])


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("xlsx")
    out = {}
    for key, (name, blank) in XLSX.items():
        out[key] = d / f"{key}.xlsx"
        export_xlsx.export(load(name), out[key], blank=blank)
    out["broken"] = d / "broken.xlsx"
    export_xlsx.export(broken_report(), out["broken"], force=True)
    out["safety"] = d / "safety.xlsx"
    export_xlsx.export(safety_report(), out["safety"])
    return out


@pytest.fixture(scope="module")
def recalculated(books, tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    keys = ["demo", "dongan", "hainan", "broken", "safety"]
    outdir = soffice(tmp_path_factory, ["--calc", "--convert-to", "xlsx"], [books[k] for k in keys], "recalc")
    return {k: openpyxl.load_workbook(outdir / f"{k}.xlsx", data_only=True) for k in keys}


def xlsx_map(wb) -> dict[str, tuple[str, str]]:
    rows = list(wb["_govreport"].iter_rows(values_only=True))
    out = {}
    for row in rows[2:]:
        cid, sheet, addr = row[:3]
        if cid is None:
            continue
        assert cid not in out, f"{cid} twice in the map"
        out[cid] = (sheet, addr)
    return out


def computed(report) -> dict[str, tuple[str, ...]]:
    return rules.compiled(report.ed).computed


def cell_value_ok(got, want, vtype: str) -> bool:
    if want is None:
        return got is None or got == ""
    if vtype == "amount":
        return isinstance(got, (int, float)) and not isinstance(got, bool) and Decimal(str(got)) == want
    return type(got) is int and got == want


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_sheets(books, key):
    wb = openpyxl.load_workbook(books[key])
    assert wb.sheetnames == SHEETS
    assert wb["_govreport"].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in SHEETS[:-1])


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_map_covers_every_cell(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    head = next(wb["_govreport"].iter_rows(values_only=True))
    assert head[:4] == ("govreport-xlsx", 1, report.edition, report.year)
    where = xlsx_map(wb)
    assert set(where) == set(report.ed.cells)
    assert len(set(where.values())) == len(where)
    for cid, (sheet, addr) in where.items():
        assert sheet == TABLE_SHEETS[report.ed.cells[cid].section]
        coordinate_from_string(addr)                      # a valid address


@pytest.mark.parametrize("key", list(XLSX))
def test_xlsx_input_cells_hold_exact_values(books, key):
    report = xlsx_report(key)
    blank = XLSX[key][1]
    wb = openpyxl.load_workbook(books[key])
    totals = computed(report)
    n = 0
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid in totals:
            continue
        cd = report.ed.cells[cid]
        cell = wb[sheet][addr]
        want = report.values.get(cid)
        if want is None and blank == "zero":
            want = 0
        assert cell_value_ok(cell.value, want, cd.type), f"{cid}: {cell.value!r} != {want!r}"
        m = re.fullmatch(r"0(?:\.([0#]+))?", cell.number_format)
        assert m or cell.number_format == "General", f"{cid}: {cell.number_format}"
        if want is not None and m:
            exp = Decimal(want).as_tuple().exponent
            need = -exp if exp < 0 else 0
            assert len(m.group(1) or "") >= need, f"{cid}: format {cell.number_format} hides decimals of {want}"
        n += 1
    assert n == len(report.ed.cells) - len(totals)


def test_xlsx_amount_formats(books):
    for key, cid, fmt in (("demo", "s2.fees.amount", "0.0000"), ("dongan", "s2.procurement.amount", "0.0000"),
                          ("hainan", "s2.procurement.amount", "0.00")):
        wb = openpyxl.load_workbook(books[key])
        sheet, addr = xlsx_map(wb)[cid]
        assert wb[sheet][addr].number_format == fmt


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_labels_and_merged_cells(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    where = xlsx_map(wb)
    for sid, table in report.ed.tables.items():
        ws = wb[TABLE_SHEETS[sid]]
        first = table.position(table.cells[0])
        r0, c0 = ws[where[table.cells[0]][1]].row - first.row, ws[where[table.cells[0]][1]].column - first.col
        merged = {str(m) for m in ws.merged_cells.ranges}
        for g in table.grid:
            cell = ws.cell(row=r0 + g.row, column=c0 + g.col)
            if g.kind == "label":
                assert cell.value == g.text, (sid, g.row, g.col)
            else:
                assert where[g.cell] == (ws.title, cell.coordinate)
            if g.rowspan > 1 or g.colspan > 1:
                rng = f"{cell.coordinate}:{get_column_letter(c0 + g.col + g.colspan - 1)}{r0 + g.row + g.rowspan - 1}"
                assert rng in merged, (sid, g.text or g.cell, rng)
        if sid == "s3":
            corner = f"{get_column_letter(c0)}{r0}:{get_column_letter(c0 + 2)}{r0 + 2}"
            assert corner in merged
            n = RESULT_ROWS[report.edition]
            assert f"{get_column_letter(c0)}{r0 + 5}:{get_column_letter(c0)}{r0 + 5 + n - 1}" in merged


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_totals_are_live_formulas(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    cached = openpyxl.load_workbook(books[key], data_only=True)
    where = xlsx_map(wb)
    totals = computed(report)
    assert {"s3.new.total", "s3.total.total", "s3.total.natural", "s4.review.total"} <= set(totals)
    for cid in totals:
        sheet, addr = where[cid]
        f = wb[sheet][addr].value
        # live, and blank while all its terms are blank: =IF(COUNT(r)=0,"",SUM(r))
        assert isinstance(f, str) and re.fullmatch(r'=IF\(COUNT\(([^)]+)\)=0,"",SUM\(\1\)\)', f), (cid, f)
        assert cached[sheet][addr].value is None, cid          # no stale cached value
    for cid, (sheet, addr) in where.items():                   # nothing else is a formula
        if cid not in totals:
            v = wb[sheet][addr].value
            assert not (isinstance(v, str) and v.startswith("=")), cid


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_every_total_after_libreoffice_recalculation(books, recalculated, key):
    report = xlsx_report(key)
    where = xlsx_map(openpyxl.load_workbook(books[key]))
    wb = recalculated[key]
    for cid, (sheet, addr) in where.items():
        got = wb[sheet][addr].value
        assert cell_value_ok(got, report.values.get(cid), report.ed.cells[cid].type), f"{cid}: {got!r}"
    assert wb[where["s3.total.total"][0]][where["s3.total.total"][1]].value == report.values["s3.total.total"]


def test_xlsx_blank_totals_stay_blank_after_recalculation(books, recalculated):
    """hainan has no section 四 and section 三 stops after （三）2: a total whose every term
    is blank is blank in the report, and must not turn into 0 in the workbook (blank="empty")."""
    report = xlsx_report("hainan")
    where = xlsx_map(openpyxl.load_workbook(books["hainan"]))
    wb = recalculated["hainan"]
    wrong = {}
    checked = 0
    for cid, terms in computed(report).items():
        if cid in report.values or any(t in report.values for t in terms):
            continue
        checked += 1
        got = wb[where[cid][0]][where[cid][1]].value
        if got not in (None, ""):
            wrong[cid] = got
    # the row totals of denied.safety … other (15), carried_out.total and the three s4 totals
    assert checked == 19
    assert not wrong, f"blank in the report, not blank in the workbook: {wrong}"
    for cid, (sheet, addr) in where.items():                   # and the inputs are as in the report
        if cid not in computed(report):
            assert cell_value_ok(wb[sheet][addr].value, report.values.get(cid), report.ed.cells[cid].type), cid


def test_xlsx_forced_export_shows_the_printed_total(books, recalculated, tmp_path):
    """A report exported with "仍然导出" keeps its printed total 358 in the Word document;
    the workbook of the same report must not show a different number (357)."""
    report = broken_report()
    docx_path = tmp_path / "forced.docx"
    export_docx.export(report, docx_path, force=True)
    s3 = doc_table_for(pydocx.Document(docx_path), report, "s3")
    g = report.ed.tables["s3"].position("s3.new.total")
    in_word = s3.cell(g.row, g.col).text
    sheet, addr = xlsx_map(openpyxl.load_workbook(books["broken"]))["s3.new.total"]
    in_excel = recalculated["broken"][sheet][addr].value
    assert in_word == "358"
    assert str(in_excel) == in_word


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_data_validation_on_input_cells(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    totals = computed(report)
    for cid, (sheet, addr) in xlsx_map(wb).items():
        if cid in totals:
            continue
        dvs = [dv for dv in wb[sheet].data_validations.dataValidation if addr in dv.sqref]
        assert len(dvs) == 1, (cid, addr, len(dvs))
        dv = dvs[0]
        vtype = report.ed.cells[cid].type
        assert dv.showErrorMessage, cid
        if vtype == "count":
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0"), cid
        elif vtype == "signed":
            assert dv.type == "whole", cid
            assert not (dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"), cid   # negatives allowed
        else:
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0"), cid
    signed = [c for c in report.ed.cells.values() if c.type == "signed"]
    assert bool(signed) == (report.edition == "2019")


@pytest.mark.parametrize("key", ["demo", "dongan"])
def test_xlsx_frozen_headers_and_print_setup(books, key):
    report = xlsx_report(key)
    wb = openpyxl.load_workbook(books[key])
    where = xlsx_map(wb)
    for sid, table in report.ed.tables.items():
        ws = wb[TABLE_SHEETS[sid]]
        # the first value cell is the top-left cell that scrolls: headers and row labels stay
        assert ws.freeze_panes == where[table.cells[0]][1], sid
        assert ws.print_title_rows
    for name in SHEETS[:-1]:
        ws = wb[name]
        assert int(ws.page_setup.paperSize) == 9, name              # A4
        assert int(ws.page_setup.fitToWidth) == 1, name
        assert int(ws.page_setup.fitToHeight or 0) == 0, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name


@pytest.mark.parametrize("key", ["demo", "dongan", "hainan"])
def test_xlsx_info_sheet_holds_the_whole_text(books, key):
    report = xlsx_report(key)
    ws = openpyxl.load_workbook(books[key])["报告信息"]
    rows = list(ws.iter_rows(values_only=True))
    info = {r[0]: r[1] for r in rows[:12] if r[0]}
    assert info["报告标题"] == report.title
    assert info["发布机关"] == report.issuer
    assert info["报告年度"] == report.year
    for key_, label in (("address", "通讯地址"), ("postcode", "邮政编码"), ("phone", "联系电话"), ("website", "网站")):
        if report.meta.get(key_):
            assert info[label] == report.meta[key_], label         # a string: a postcode keeps its digits
    for tid in report.ed.texts:
        got = [str(r[1]).strip() for r in rows if r[0] == tid and r[1] is not None and str(r[1]).strip()]
        assert got == lines(report.text.get(tid)), tid


def test_xlsx_text_starting_with_equals_stays_text(books, recalculated):
    report = safety_report()
    wb = openpyxl.load_workbook(books["safety"])
    ws = wb["报告信息"]
    s1 = [(r[1].value, r[1].data_type) for r in ws.iter_rows() if r[0].value == "s1"]
    assert [v for v, _ in s1] == SAFE_LINES
    assert all(t == "s" for _, t in s1)
    info = {r[0].value: r[1].value for r in ws.iter_rows(max_row=4)}
    assert info["发布机关"] == SAFE_ISSUER and info["报告标题"] == report.title
    # LibreOffice reads them as text too: no formula, no #NAME?
    ws = recalculated["safety"]["报告信息"]
    assert [r[1].value for r in ws.iter_rows() if r[0].value == "s1"] == SAFE_LINES
    s5 = [r[1].value for r in ws.iter_rows() if r[0].value == "s5"]
    assert s5 == ["{{ title }}{{ v['s3.new.total'] }}"]
