"""A Word file holding the official tables as the template: filled where it prints them.

Two templates are built here with python-docx from the edition data (nothing is read from
/work/shared): (a) the official blank template as offices circulate it — the three tables with
merged cells, no placeholders, 宋体 10 pt; (b) an office's own — a red letterhead, a header and
footer, other column widths and fonts, label variants real reports print (the edition's
aliases), headings with placeholder text, a closing with “XX单位 / XXXX年X月X日”. The demo and
the published reports are exported through each and read back with our own importer: every
value, and (b) the narrative, issuer and date. What the template had of its own must survive.
Every refusal: a Chinese message, the template and an existing output untouched.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx as pydocx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

import import_fixtures as F
from conftest import CJK, DEMO, read_only, run_cli
from govreport_gui.core import edition as E
from govreport_gui.core import native
from govreport_gui.core import values as V
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.export import cell_text
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import fill
from govreport_gui.core.importers import docx as import_docx
from govreport_gui.core.importers import tables as T

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = sorted((REPO / "tests" / "fixtures" / "published").glob("*.govreport"))
REPORTS = [DEMO, *PUBLISHED]
IDS = [p.stem for p in REPORTS]
LETTERHEAD = "云泽市人民政府办公室文件"
HEADER = "政务公开专用模板"
FOOTER = "云泽市人民政府办公室印发"


# --------------------------------------------------------------------------
# the templates


def _fonts(run_or_style_font, rpr_parent, name: str, size: float, color: RGBColor | None = None) -> None:
    run_or_style_font.name = name
    run_or_style_font.size = Pt(size)
    if color is not None:
        run_or_style_font.color.rgb = color
    rpr = rpr_parent.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_table(doc, lay: F.Layout, widths: list[float], label_font: tuple[str, float],
               value_font: tuple[str, float] | None, value_align) -> None:
    """A table with real merged cells; labels in runs of ``label_font``; a value cell holds an
    empty run of ``value_font`` (an office's template) or nothing (the official one)."""
    for b, cell in F.merged_table(doc, lay, widths):
        p = cell.paragraphs[0]
        if b.is_value:
            p.alignment = value_align
            if value_font:
                r = p.add_run("")
                _fonts(r.font, r._r, *value_font)
        else:
            r = p.add_run(b.text)
            _fonts(r.font, r._r, *label_font)


def _variants(ed: E.Edition, sid: str) -> dict[str, str]:
    """Printed label -> the other name real reports print for it (the edition's aliases)."""
    find = ed.find.get(sid, {})
    table = ed.tables[sid]
    out: dict[str, str] = {}
    for alias, rid in find.get("row_aliases", {}).items():
        if alias != table.row_names.get(rid):
            out.setdefault(table.row_names[rid], alias)
    for alias, col in find.get("column_aliases", {}).items():
        if col in table.columns and alias != table.columns[col]:
            out.setdefault(table.columns[col], alias)
    return out


def build_template(path: Path, eid: str, office: bool = False, twice: str | None = None,
                   edit=None, tables: bool = True) -> Path:
    """(a) the official blank template, or (b) with ``office`` an office's own (see the module)."""
    ed = E.get(eid)
    doc = pydocx.Document()
    normal = doc.styles["Normal"]
    _fonts(normal.font, normal.element, "宋体", 10)
    if office:
        section = doc.sections[0]
        section.header.paragraphs[0].text = HEADER
        section.footer.paragraphs[0].text = FOOTER
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(LETTERHEAD)
        _fonts(r.font, r._r, "方正小标宋简体", 26, RGBColor(0xFF, 0, 0))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("XX（行政机关名称）XXXX年政府信息公开工作年度报告")
    _fonts(r.font, r._r, "方正小标宋简体", 22 if office else 16)
    if office:
        body = doc.add_paragraph()
        r = body.add_run("（此处填写前言）")
        _fonts(r.font, r._r, "仿宋_GB2312", 16)
    for s in ed.sections:
        h = doc.add_paragraph()
        r = h.add_run(s.heading)
        _fonts(r.font, r._r, "黑体", 16 if office else 12)
        if s.kind == "table":
            if not tables:
                continue
            lay = F.official_layout(ed, s.id, {}, lambda cid, v: "")
            if office:
                names = _variants(ed, s.id)
                F.relabel(lay, lambda t, names=names: names.get(t, t))
            if edit:
                edit(s.id, lay)
            widths = F.column_widths(lay)
            if office:                      # the office's own widths: label columns wider, 150 mm in all
                labels = min(b.col for b in lay.boxes if b.is_value)
                widths = [w * 1.2 for w in widths[:labels]]
                widths += [(150 - sum(widths)) / (lay.width - labels)] * (lay.width - labels)
            _add_table(doc, lay, widths, ("仿宋_GB2312", 9) if office else ("宋体", 10),
                       ("仿宋_GB2312", 9) if office else None,
                       WD_ALIGN_PARAGRAPH.RIGHT if office else WD_ALIGN_PARAGRAPH.CENTER)
            if twice == s.id:
                doc.add_paragraph("（续表）")
                _add_table(doc, F.official_layout(ed, s.id, {}, lambda cid, v: ""), F.column_widths(lay),
                           ("宋体", 10), None, WD_ALIGN_PARAGRAPH.CENTER)
        elif office:
            if s.id == "s1":
                sub = doc.add_paragraph()
                r = sub.add_run("（一）主动公开")
                _fonts(r.font, r._r, "楷体_GB2312", 16)
            body = doc.add_paragraph()
            body.paragraph_format.first_line_indent = Pt(32)
            r = body.add_run("（此处填写）")
            _fonts(r.font, r._r, "仿宋_GB2312", 16)
    if office:
        for text in ("XX单位", "XXXX年X月X日"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            r = p.add_run(text)
            _fonts(r.font, r._r, "仿宋_GB2312", 16)
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {(kind, eid): build_template(folder / f"{kind}-{eid}.docx", eid, office=kind == "office")
            for kind in ("official", "office") for eid in ("2019", "2021")}


# --------------------------------------------------------------------------
# reading back


def expected_values(report, blank: str) -> dict[str, V.Value]:
    """What the document must print, parsed as the importer parses it: the export's own cell texts."""
    out = {}
    for cid, c in report.ed.cells.items():
        text = cell_text(report, cid, blank)
        if text.strip():
            out[cid] = V.normalize(T.parse_number(text, c.type), c.type)
    return out


def read_back(path: Path):
    result = import_docx.read(path)
    return result


def assert_values(result, report, blank: str) -> None:
    want = expected_values(report, blank)
    got = result.report.values
    assert result.report.edition == report.edition
    wrong = {cid: (want.get(cid), got.get(cid)) for cid in set(want) | set(got) if want.get(cid) != got.get(cid)}
    assert not wrong, wrong
    assert not [p for p in result.problems if "未找到" in p or "未读取" in p], result.problems


def text_lines(text: str | None) -> list[str]:
    return F.text_lines(text)


# --------------------------------------------------------------------------
# (a) the official blank template


@pytest.mark.parametrize("source", REPORTS, ids=IDS)
@pytest.mark.parametrize("blank", ["empty", "zero"])
def test_official_blank_template_is_filled_and_reads_back(tmp_path, templates, source, blank):
    report = native.load(source)
    tpl = templates[("official", report.edition)]
    before = tpl.read_bytes()
    out = tmp_path / "out.docx"
    notes = export_docx.export(report, out, template=tpl, blank=blank, force=True)
    assert tpl.read_bytes() == before
    assert_values(read_back(out), report, blank)
    if blank == "zero":                   # every value cell prints something
        assert set(expected_values(report, blank)) == {c for t in report.ed.tables.values() for c in t.cells}
    # no closing in the official template: said, not guessed
    assert any("日期" in n for n in notes), notes
    assert all(CJK.search(n) for n in notes)


def test_official_blank_template_keeps_its_fonts_widths_and_alignment(tmp_path, templates):
    report = native.load(DEMO)
    tpl = templates[("official", "2021")]
    out = tmp_path / "out.docx"
    export_docx.export(report, out, template=tpl)
    a, b = pydocx.Document(str(tpl)), pydocx.Document(str(out))
    assert len(a.tables) == len(b.tables) == 3
    for ta, tb in zip(a.tables, b.tables):
        assert [g.w for g in ta._tbl.tblGrid.gridCol_lst] == [g.w for g in tb._tbl.tblGrid.gridCol_lst]
    # the numbers: in the cell's own centred paragraph, 宋体 10 pt (the row's label run's)
    value = next(p for t in b.tables for row in t.rows for c in row.cells for p in c.paragraphs
                 if p.text == cell_text(report, "s3.new.total", "empty"))
    assert value.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = value.runs[0]
    assert run.font.size == Pt(10)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    # the headings are the template's own, text and font
    heads = [p for p in b.paragraphs if p.text in {s.heading for s in report.ed.sections}]
    assert len(heads) == 6
    assert all(p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" for p in heads)


def test_official_blank_template_takes_the_narrative_under_its_headings(tmp_path, templates):
    report = native.load(DEMO)
    out = tmp_path / "out.docx"
    export_docx.export(report, out, template=templates[("official", "2021")])
    result = read_back(out)
    for tid in report.ed.texts:
        assert text_lines(result.report.text.get(tid)) == text_lines(report.text.get(tid)), tid
    assert result.report.issuer == report.issuer and result.report.year == report.year


# --------------------------------------------------------------------------
# (b) an office's own template


@pytest.mark.parametrize("source", REPORTS, ids=IDS)
def test_office_template_is_filled_and_reads_back(tmp_path, templates, source):
    report = native.load(source)
    tpl = templates[("office", report.edition)]
    before = tpl.read_bytes()
    out = tmp_path / "out.docx"
    notes = export_docx.export(report, out, template=tpl, force=True)
    assert tpl.read_bytes() == before
    if report.meta.get("published"):
        assert notes == [], notes
    else:                                  # no date: no signature, as in our own export; said
        assert notes == ["报告未填写发布日期，模板末尾的发布机关和日期留空"], notes
    result = read_back(out)
    assert_values(result, report, "empty")
    for tid in report.ed.texts:
        assert text_lines(result.report.text.get(tid)) == text_lines(report.text.get(tid)), tid
    assert result.report.issuer == report.issuer
    assert result.report.year == report.year
    assert result.report.meta.get("published") == report.meta.get("published")
    texts = [p.text for p in pydocx.Document(str(out)).paragraphs]
    assert not [t for t in texts if "此处填写" in t or t in ("XX单位", "XXXX年X月X日")], texts


def test_office_template_uses_label_variants(templates):
    """The office template prints the aliases of the edition data, not the official labels."""
    doc = pydocx.Document(str(templates[("office", "2021")]))
    ed = E.get("2021")
    for sid, table in zip(ed.tables, doc.tables):
        labels = {c.text for row in table.rows for c in row.cells}
        for official, variant in _variants(ed, sid).items():
            assert variant in labels and official not in labels, (official, variant)
    s3 = {c.text for row in doc.tables[1].rows for c in row.cells}
    assert "社会组织" in s3 and "社会公益组织" not in s3


def test_office_template_keeps_letterhead_header_footer_fonts_and_widths(tmp_path, templates):
    report = native.load(DEMO)
    tpl = templates[("office", "2021")]
    out = tmp_path / "out.docx"
    export_docx.export(report, out, template=tpl)
    a, b = pydocx.Document(str(tpl)), pydocx.Document(str(out))
    head = b.paragraphs[0]
    assert head.text == LETTERHEAD
    assert head.runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    assert head.runs[0].font.size == Pt(26)
    assert head.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert b.sections[0].header.paragraphs[0].text == HEADER
    assert b.sections[0].footer.paragraphs[0].text == FOOTER
    # the title: the report's, in the template's title font
    assert b.paragraphs[1].text == report.title
    assert b.paragraphs[1].runs[0].font.size == Pt(22)
    for ta, tb in zip(a.tables, b.tables):
        wa = [g.w for g in ta._tbl.tblGrid.gridCol_lst]
        assert wa == [g.w for g in tb._tbl.tblGrid.gridCol_lst]
        assert [tc.tcPr.tcW.w for tc in ta._tbl.iter(qn("w:tc"))] == [tc.tcPr.tcW.w for tc in tb._tbl.iter(qn("w:tc"))]
    # a number: right aligned, 仿宋_GB2312 9 pt, as the template's empty run said
    value = next(p for t in b.tables for row in t.rows for c in row.cells for p in c.paragraphs
                 if p.text == cell_text(report, "s3.new.total", "empty"))
    assert value.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert value.runs[0].font.size == Pt(9)
    assert value.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    # the narrative: in the placeholder's font and indent; （一） in the sub-heading's font
    first = report.text["s1"].strip().split("\n")[0].strip()
    body = next(p for p in b.paragraphs if p.text == first)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    sub = next(p for p in b.paragraphs if p.text.startswith("（一）"))
    assert sub.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    # closing, right aligned as in the template
    assert [p.text for p in b.paragraphs[-2:]] == [report.issuer, "2025年1月20日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in b.paragraphs[-2:])


def test_our_own_export_used_as_template_gets_the_other_reports_numbers(tmp_path):
    """A filled-in report is a template too: its numbers are replaced, none left over."""
    demo = native.load(DEMO)
    first = tmp_path / "demo.docx"
    export_docx.export(demo, first)
    other = native.load(next(p for p in PUBLISHED if native.load(p).edition == demo.edition))
    out = tmp_path / "other.docx"
    export_docx.export(other, out, template=first, force=True)
    result = read_back(out)
    assert_values(result, other, "empty")
    for tid in other.ed.texts:
        assert text_lines(result.report.text.get(tid)) == text_lines(other.text.get(tid)), tid


def test_cli_export_with_the_official_blank_template(tmp_path, capsys, templates):
    tpl = templates[("official", "2021")]
    out = tmp_path / "out.docx"
    code, _out, err = run_cli(capsys, "export", DEMO, "-o", out, "--template", tpl)
    assert code == 0, err
    assert "已导出" in err
    assert_values(read_back(out), native.load(DEMO), "empty")


def test_placeholder_template_still_goes_the_docxtpl_way(tmp_path, templates):
    """Tags win: a template with {{ }} is rendered, even if it also holds the official tables."""
    doc = pydocx.Document(str(templates[("official", "2021")]))
    doc.paragraphs[0].text = "{{ title }}"
    tpl = tmp_path / "tags.docx"
    doc.save(str(tpl))
    out = tmp_path / "out.docx"
    export_docx.export(native.load(DEMO), out, template=tpl)
    got = pydocx.Document(str(out))
    assert got.paragraphs[0].text == native.load(DEMO).title
    assert not fill.has_tags(out.read_bytes())
    assert fill.has_tags(tpl.read_bytes())


def test_tags_split_over_runs_are_seen():
    import io

    doc = pydocx.Document()
    p = doc.add_paragraph()
    p.add_run("{")
    p.add_run("{ title }}")
    buf = io.BytesIO()
    doc.save(buf)
    assert fill.has_tags(buf.getvalue())


# --------------------------------------------------------------------------
# refusals: a Chinese message, the template and an existing output untouched


def refused(tmp_path, template: Path, report=None, match: tuple[str, ...] = (), output: Path | None = None):
    report = report or native.load(DEMO)
    out = output or tmp_path / "existing.docx"
    if output is None:
        out.write_bytes(b"old output")
    before_out = out.read_bytes() if out.is_file() else None
    before_tpl = template.read_bytes() if template.is_file() else None
    with pytest.raises(GovReportError) as e:
        export_docx.export(report, out, template=template)
    msg = str(e.value)
    assert CJK.search(msg), msg
    assert "Traceback" not in msg
    for m in match:
        assert m in msg, msg
    if before_tpl is not None:
        assert template.read_bytes() == before_tpl
    if before_out is not None:
        assert out.read_bytes() == before_out
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    return msg


def test_a_word_file_without_the_tables_is_refused(tmp_path):
    tpl = build_template(tmp_path / "no-tables.docx", "2021", tables=False)
    msg = refused(tmp_path, tpl, match=("没有找到表格", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                        "四、政府信息公开行政复议、行政诉讼情况", "占位符"))
    assert "未导出" in msg


def test_a_template_missing_rows_is_refused_naming_them(tmp_path):
    def edit(sid, lay):
        if sid == "s3":
            row = lay.label("2.重复申请").row
            F.delete_rows(lay, row, row)
    tpl = build_template(tmp_path / "short.docx", "2021", edit=edit)
    msg = refused(tmp_path, tpl, match=("三、收到和处理政府信息公开申请情况", "2.重复申请"))
    assert "二、主动公开" not in msg            # the tables found are not named


def test_a_template_of_the_other_edition_is_refused_saying_so(tmp_path, templates):
    refused(tmp_path, templates[("official", "2019")], match=("2019 年版", "2021 年版"))


def test_a_template_holding_a_table_twice_is_refused(tmp_path):
    tpl = build_template(tmp_path / "twice.docx", "2021", twice="s3")
    msg = refused(tmp_path, tpl, match=("两次", "三、收到和处理政府信息公开申请情况"))
    assert "第2个表格" in msg and "第3个表格" in msg


def test_a_macro_template_is_refused(tmp_path, templates):
    docm = tmp_path / "macro.docm"
    docm.write_bytes(templates[("official", "2021")].read_bytes())
    refused(tmp_path, docm, match=("宏",))
    # the same with a .docx name: by its content
    sneaky = tmp_path / "sneaky.docx"
    with zipfile.ZipFile(templates[("official", "2021")]) as src, zipfile.ZipFile(sneaky, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/vbaProject.bin", b"\x00" * 64)
    refused(tmp_path, sneaky, match=("宏",))


@pytest.mark.parametrize("content, words", [
    (b"PK\x03\x04" + b"\x00garbage" * 100, ("不是",)),                      # a broken zip
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, ("旧版", ".doc")),  # an old .doc renamed
    ("这只是一个文本文件".encode(), ("不是",)),
])
def test_a_corrupt_or_foreign_file_is_refused(tmp_path, content, words):
    tpl = tmp_path / "broken.docx"
    tpl.write_bytes(content)
    refused(tmp_path, tpl, match=words)


def test_a_truncated_template_is_refused(tmp_path, templates):
    tpl = tmp_path / "cut.docx"
    data = templates[("official", "2021")].read_bytes()
    tpl.write_bytes(data[: len(data) // 2])
    refused(tmp_path, tpl, match=("不是",))


def test_a_40_mb_template_is_refused(tmp_path):
    tpl = tmp_path / "huge.docx"
    with open(tpl, "wb") as f:
        f.truncate(40 * 1024 * 1024)
    refused(tmp_path, tpl, match=("过大", "40 MB"))


def test_the_output_may_not_be_the_template_itself(tmp_path, templates, capsys):
    tpl = tmp_path / "same.docx"
    tpl.write_bytes(templates[("official", "2021")].read_bytes())
    refused(tmp_path, tpl, match=("模板本身",), output=tpl)
    before = tpl.read_bytes()
    code, _out, err = run_cli(capsys, "export", DEMO, "-o", tpl, "--template", tpl)
    assert code != 0 and CJK.search(err) and "已导出" not in err
    assert tpl.read_bytes() == before


def test_a_folder_as_output_or_template_is_refused(tmp_path, templates):
    folder = tmp_path / "out.docx"
    folder.mkdir()
    refused(tmp_path, templates[("official", "2021")], output=folder)
    assert list(folder.iterdir()) == []
    refused(tmp_path, tmp_path / "out.docx", match=("文件夹",))


def test_a_read_only_output_folder_is_refused(tmp_path, templates, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "existing.docx"
    out.write_bytes(b"old output")
    with read_only(folder, monkeypatch):
        refused(tmp_path, templates[("official", "2021")], output=out)
    assert out.read_bytes() == b"old output"


def test_markers_are_never_left_in_the_document(tmp_path, templates):
    out = tmp_path / "out.docx"
    export_docx.export(native.load(DEMO), out, template=templates[("office", "2021")])
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    assert str(fill.MARK_BASE)[:4] not in xml


def test_text_that_means_something_to_xml_or_templates_prints_literally(tmp_path, templates):
    """& < > " ', tags, control characters and a 10,000-character paragraph: written as our own
    export writes them (the same text read back), and nothing of it read as a template."""
    from export_helpers import SAFE_LINES, safety_report

    report = safety_report()
    long = "长" * 10_000
    report.text["s6"] = f"甲\x01乙\x0b丙\n{long}"
    own, filled = tmp_path / "own.docx", tmp_path / "filled.docx"
    changes = export_docx.export(report, own)
    notes = export_docx.export(report, filled, template=templates[("office", "2021")])
    assert notes == changes                      # what the text lost, said alike; nothing else
    a, b = read_back(own).report, read_back(filled).report
    assert b.issuer == report.issuer
    for tid in report.ed.texts:
        assert text_lines(b.text.get(tid)) == text_lines(a.text.get(tid)), tid
    assert text_lines(b.text["s1"]) == SAFE_LINES
    assert long in b.text["s6"]


def test_a_label_printed_with_a_typo_is_filled_and_said(tmp_path):
    """The importer's tolerance, the other way round: the row is found, and the person is told."""
    def edit(sid, lay):
        if sid == "s3":
            F.relabel(lay, lambda t: t.replace("保护第三方合法权益", "保护第三方合发权益"))
    tpl = build_template(tmp_path / "typo.docx", "2021", edit=edit)
    report = native.load(DEMO)
    out = tmp_path / "out.docx"
    notes = export_docx.export(report, out, template=tpl)
    assert any("保护第三方合发权益" in n and "模板" in n for n in notes), notes
    assert_values(read_back(out), report, "empty")
