"""Web pages read as grids (issue 14, part 1): rowspan/colspan honoured, blank cells kept blank and
named in the review, tables printed as pictures said to be pictures.

The pages are built by tests/html_pages.py from the demo's figures and the edition's printed
layout, in the style of a real published page: the year first in the title, zeros and totals
left as blank cells (``&nbsp;``, ``/``, ``—``), labels split over ``<p>``/``<span>`` as Word's
"save as web page" writes them, conditional comments and ``<o:p>``, the article inside layout
tables between a site's navigation and footer, and a longer variant of section 五's heading.
(tests/test_import_html_corpus.py reads the published reports of tests/fixtures/published so.)
"""

from __future__ import annotations

import pytest

import html_pages as H
import import_fixtures as F
from conftest import DEMO, run_cli
from govreport_gui.core import edition as E
from govreport_gui.core import native
from govreport_gui.core.importers import SourceError, read_path
from govreport_gui.core.importers.html import read_markup

SITE = H.Style("site", word=True, cms=True, blank_zero=True)        # a site's page, pasted from Word


def page(report, blank_zero: bool = True) -> tuple[str, set[str]]:
    """The report as a site's page (pasted from Word, zeros and totals blank unless told), and
    the cells it prints blank: the page tests/test_import_saved.py saves as .mht and .htm."""
    return H.page(report, SITE.but(blank_zero=blank_zero))


def blank_note(res, number: str) -> str:
    notes = [n for n in res.notes if n.startswith(number) and "个单元格空白" in n]
    assert len(notes) == 1, res.notes
    return notes[0]


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_a_published_page_reads_cell_for_cell_with_blank_cells_blank(tmp_path, suffix):
    demo = native.load(DEMO)
    markup, blank = H.page(demo, SITE)
    assert len(blank) > 40                                            # zeros and totals left blank
    p = tmp_path / f"年报{suffix}"
    p.write_text(markup, encoding="utf-8")
    res = read_path(p)
    got = res.report
    assert res.kind == "html" and res.problems == []
    assert (got.edition, got.year, got.issuer) == (demo.edition, demo.year, demo.issuer)   # year-first title
    printed = {c: v for c, v in demo.values.items() if c not in blank}
    assert {c: got.values.get(c) for c in printed} == printed         # every printed number in its cell
    assert all(got.values.get(c) is None for c in blank)               # every blank cell blank, never 0
    assert got.text["s5"] == demo.text["s5"]                           # under the longer 五 heading
    assert got.text["preface"] == demo.text["preface"]                # not the site's date line or menus
    assert "网站标识码" not in got.text["s6"] and "打印本页" not in got.text["s6"]


def test_each_blank_cell_is_named_in_the_review_and_on_the_command_line(tmp_path, capsys):
    """A blank is not 0, and the clerk is told where each one is: per table, one note for the
    cells left empty and one for those printed as “—” or “/” (issue 17: named as such), naming
    their rows and columns as printed (a row blank throughout once), also on stderr."""
    from test_import_html_corpus import blank_cells_named

    demo = native.load(DEMO)
    ed = demo.ed
    markup, blank = H.page(demo, SITE)
    res = read_markup(markup, "年报.html")
    named = blank_cells_named(ed, res.notes)
    assert sorted(c for cells in named.values() for c in cells) == sorted(blank)        # each, once
    s3 = [n for n in res.notes if n.startswith("三、")]
    assert [("写作“" in n) for n in s3] == [False, True]
    assert s3[0].startswith("三、依申请公开的表格中有") and "空白（原文未填数字），已按空白读取，未当作 0：" in s3[0]
    assert "个单元格写作“" in s3[1] and "已按空白读取，未当作 0（空白不等于 0；确为 0 的请填写 0）：" in s3[1]
    row = [c for c in ed.cells if c.startswith("s3.denied.secret.")]          # every cell of the row is 0
    assert set(row) <= set(named["s3"])
    assert "s3.denied.law.natural" not in named["s3"] and "s3.denied.law.business" in named["s3"]   # 自然人 is 2
    s4 = [n for n in res.notes if n.startswith("四、")]
    assert set(named["s4"]) == {"s4.review.total", "s4.suit_direct.corrected", "s4.suit_direct.total",
                                "s4.suit_after_review.corrected", "s4.suit_after_review.other",
                                "s4.suit_after_review.total"}
    p = tmp_path / "年报.html"
    p.write_text(markup, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", p, "-o", tmp_path / "年报.govreport")
    assert code == 0
    assert "读取时请注意" in err and all(n in err for n in s3 + s4)


def test_a_page_in_gbk_reads_the_same(tmp_path):
    demo = native.load(DEMO)
    data, blank = H.page_bytes(demo, SITE.but(encoding="gbk"))
    assert b"charset='gb2312'" in data
    p = tmp_path / "年报.html"
    p.write_bytes(data)
    got = read_path(p).report
    assert got.values == H.expected_values(demo, blank)


def test_a_page_with_every_cell_printed_reads_back_whole(tmp_path):
    demo = native.load(DEMO)
    markup, blank = H.page(demo, SITE.but(blank_zero=False))
    assert not blank
    p = tmp_path / "年报.html"
    p.write_text(markup, encoding="utf-8")
    res = read_path(p)
    assert res.report.values == demo.values and res.notes == [] and res.problems == []


def test_text_is_read_as_the_browser_shows_it():
    """Word wraps its HTML source inside Chinese text: that line break is no space (a browser
    shows none); a space typed in the text, or a line break where it stood, stays one space."""
    markup = ("<html><body><p>2024年云泽市人民政府政府信息公开工作年度报告</p><p>一、总体情况</p>"
              "<p class=MsoNormal><span>（一）主动公开。本机关通过政府\r\n网站公开信息</span><span lang=EN-US>"
              "12</span><span>条。</span></p><p>(二)\r\n依申请公开。<span style='mso-spacerun:yes'>&nbsp;</span>"
              "全年收到申请 3 件，<b>均已\r\n答复</b>。</p><p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>")
    res = read_markup(markup, "年报.html")
    assert res.report.text["s1"] == "（一）主动公开。本机关通过政府网站公开信息12条。\n(二) 依申请公开。 全年收到申请 3 件，均已答复。"


def test_a_hand_filled_word_template_with_empty_cells_is_noted_the_same_way(tmp_path, read_in_this_process):
    """The notes come from reading the tables (tables.py), so every reader that keeps a cell in
    its place says the same of an empty cell: a Word template filled in by hand."""
    rep = F.rich_report("2021")
    empty = ["s3.denied.query.research", "s2.normative.repealed", "s4.review.other", "s2.fees.amount"]
    ed = E.get("2021")
    path = F.official_docx(tmp_path / "填报.docx", rep,
                           cell_text=lambda cid, v: "" if cid in empty else F.display(v, ed.cells[cid].type))
    res = read_path(path)
    assert res.problems == [] and all(c not in res.report.values for c in empty)
    assert res.notes == [
        "二、主动公开的表格中有 2 个单元格空白（原文未填数字），已按空白读取，未当作 0："
        "「行政规范性文件」的「本年废止件数」；「行政事业性收费」的「本年收费金额（单位：万元）」",
        "三、依申请公开的表格中有 1 个单元格空白（原文未填数字），已按空白读取，未当作 0："
        "「（三）不予公开 8.属于行政查询事项」的「科研机构」",
        "四、复议诉讼的表格中有 1 个单元格空白（原文未填数字），已按空白读取，未当作 0：「行政复议」的「其他结果」"]


def test_cells_a_table_does_not_print_are_not_called_blank():
    """A table cut short (海南乡's stops after （三）2) or not printed at all (its 四) prints no
    blank there: those rows are said to be missing, not listed as blanks."""
    demo = native.load(DEMO)
    style = SITE.but(cut=(("s3", 9),), omitted=("s4",))          # header rows, 一, 二, （一）…（三）2
    markup, blank = H.page(demo, style)
    res = read_markup(markup, "年报.html")
    assert res.report.values == H.expected_values(demo, blank, style)
    s3 = blank_note(res, "三、")
    assert "（三）不予公开 3." not in s3 and "四、结转" not in s3
    assert not any(n.startswith("四、") for n in res.notes)
    assert any("未找到这些行" in p and "3.危及" in p for p in res.problems), res.problems
    assert any(p.startswith("未找到表格：") and "四、" in p for p in res.problems), res.problems


def test_a_table_printed_as_a_picture_is_said_to_be_one():
    demo = native.load(DEMO)
    style = SITE.but(pictures=("s3", "s4"))
    markup, blank = H.page(demo, style)
    res = read_markup(markup, "年报.html")
    ed = demo.ed
    assert res.problems == [f"网页中“{s.heading}”的表格是图片，无法读取其中的数字，请使用Word或PDF版"
                            for s in ed.sections if s.id in ("s3", "s4")]
    assert res.report.values == H.expected_values(demo, blank, style)       # section 二 as printed
    assert res.report.text["s1"] == demo.text["s1"] and res.report.issuer == demo.issuer


def test_a_page_whose_every_table_is_a_picture_still_gives_its_text():
    demo = native.load(DEMO)
    res = read_markup(H.page(demo, H.Style("cms", cms=True, pictures=("s2", "s3", "s4")))[0], "年报.html")
    assert res.report.values == {}
    assert len(res.problems) == 3 and all("的表格是图片，无法读取其中的数字" in p for p in res.problems)
    assert not any("未找到表格" in p for p in res.problems)
    assert res.report.text["s5"] == demo.text["s5"]


def test_a_page_that_is_only_pictures_is_refused_saying_so(tmp_path):
    demo = native.load(DEMO)
    scans = "".join(f"<p><img src='/uploads/page{i}.jpg' width='800' height='1131'></p>" for i in range(1, 6))
    markup = (H.page(demo, H.Style("cms", cms=True))[0].split("<div class='content' id='zoom'>")[0]
              + f"<div class='content'>{scans}</div></div></td></tr></table></td></tr></table></body></html>")
    p = tmp_path / "年报.html"
    p.write_text(markup, encoding="utf-8")
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert "图片" in str(e.value) and "无法读取" in str(e.value) and "Word或PDF版" in str(e.value)


def test_a_site_footer_with_numbers_is_not_read_as_a_table():
    """网站标识码, 备案号 and a phone number sit in a small table of their own under the article:
    it is no part of the report, and nothing of the site gets into the text."""
    demo = native.load(DEMO)
    markup, blank = H.page(demo, H.Style("cms", cms=True))
    assert "<td>2310050001</td>" in markup
    res = read_markup(markup, "年报.html")
    assert res.problems == [] and res.report.values == demo.values
    text = "".join(res.report.text.values())
    assert not any(w in text for w in ("2310050001", "ICP", "首页", "发布时间", "分享到", "打印本页", "1234"))
