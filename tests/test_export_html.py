"""Export to a web page (.html) and 复制为网页 (issue 15, item 3).

The demo (2021 edition) and the four published reports of tests/fixtures/published (2019 and
2021 editions) are exported, and read back through our own web page reader
(``importers.read_path``): every value, the year, the issuer, every section's text and the closing
date come back exactly. The page itself: one self-contained UTF-8 page (inline styles, no script,
no outside resource), the official tables with their printed merges, numbers right-aligned, blank
cells as the Word export prints them. In the window, 复制为网页 puts the same page on the clipboard.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest

from conftest import CJK, DEMO, run_cli
from govreport_gui.core import native
from govreport_gui.core.export import ExportError, ExportRefused, cell_text
from govreport_gui.core.export import html as export_html
from govreport_gui.core.export import registry
from govreport_gui.core.importers import read_path
from govreport_gui.core.importers.html import read_markup

PUBLISHED = Path(__file__).resolve().parent / "fixtures" / "published"
SOURCES = {"demo": DEMO, **{p.stem: p for p in sorted(PUBLISHED.glob("*.govreport"))}}
TEXTS = ("preface", "s1", "s5", "s6")


def load(name: str):
    """A sample report; one without a publication date gets one, so that the closing is printed."""
    r = native.load(SOURCES[name])
    r.meta.setdefault("published", None)
    if not r.meta.get("published"):
        r.meta["published"] = "2021-01-22"
    return r


def written(value) -> str:
    """A stored value as the page must print it (independent of the exporter)."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def broken_report():
    r = native.load(DEMO)
    r.values["s3.new.total"] += 1          # 357 -> 358: R1 (and R3) errors
    return r


def test_the_registry_names_the_web_page():
    fmt = registry.by_suffix(".HTML")
    assert fmt is not None and fmt.kind == "html" and fmt.menu == "导出网页(&H)…" and not fmt.template
    assert registry.by_kind("html") is fmt


def test_the_samples_cover_both_editions():
    assert len(SOURCES) == 5
    assert {native.load(p).edition for p in SOURCES.values()} == {"2019", "2021"}


# --------------------------------------------------------------------------
# reading back


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_page_reads_back_exactly(tmp_path, name):
    rep = load(name)
    out = tmp_path / f"{name}.html"
    notes = export_html.export(rep, out)
    assert notes == []
    res = read_path(out)
    got = res.report
    assert res.kind == "html"
    assert (got.edition, got.year, got.issuer) == (rep.edition, rep.year, rep.issuer)
    # every stored value in its cell, exactly
    assert {c: got.values.get(c) for c in rep.values} == rep.values
    # a blank cell stays blank (a total of known parts is printed as their sum, as every export prints it)
    for c in rep.blank_cells():
        v = got.values.get(c)
        assert ("" if v is None else written(v)) == cell_text(rep, c, "empty"), c
    for tid in TEXTS:
        assert got.text.get(tid, "") == rep.text.get(tid, ""), tid
    assert got.meta == {"published": rep.meta["published"]}
    assert {"s1", "s2", "s3", "s4", "s5", "s6"} <= set(res.sections)


@pytest.mark.parametrize("name", list(SOURCES))
def test_every_table_is_found_back(tmp_path, name):
    """海南乡 prints no figure at all in 四: its table, every cell blank, is still found."""
    out = tmp_path / f"{name}.html"
    export_html.export(load(name), out)
    assert read_path(out).problems == []


def test_without_a_date_no_closing_is_printed_as_in_word(tmp_path):
    rep = native.load(SOURCES["2020_dongan_district"])
    assert not rep.meta.get("published")
    markup = export_html.render(rep)
    got = read_markup(markup, "东安区.html").report
    assert got.text["s6"] == rep.text["s6"] and not got.meta.get("published")
    last = lxml.html.document_fromstring(markup).findall(".//p")[-1]
    assert last.text_content() == rep.text["s6"].splitlines()[-1]        # no signature after 六


def test_blank_zero_prints_every_blank_cell_as_zero(tmp_path, capsys):
    name = "2020_hainan_township"
    rep = load(name)
    assert len(rep.blank_cells()) == 138
    out = tmp_path / "zero.html"
    code, _, err = run_cli(capsys, "export", SOURCES[name], "-o", out, "--blank", "zero")
    assert code == 0, err
    res = read_path(out)
    assert res.problems == []                            # 四's table is found: it prints zeros
    got = res.report
    assert {c: got.values.get(c) for c in rep.values} == rep.values
    for c in rep.blank_cells():
        assert got.values.get(c) == int(cell_text(rep, c, "zero")), c
    assert all(got.values.get(c) is not None for c in rep.ed.cells)


def test_a_long_paragraph_reads_back_whole(tmp_path):
    rep = load("demo")
    long = "本机关持续推进政务公开标准化规范化建设。" * 500        # 10,000 characters
    assert len(long) == 10_000
    rep.text["s5"] = rep.text["s5"] + "\n" + long
    got = read_markup(export_html.render(rep), "年报.html").report
    assert got.text["s5"] == rep.text["s5"]


# --------------------------------------------------------------------------
# the page


@pytest.fixture(scope="module")
def demo_page() -> str:
    return export_html.render(native.load(DEMO))


def test_one_self_contained_page(demo_page):
    page = demo_page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="zh-CN">' in page
    low = page.lower()
    for outside in ("<script", "<style", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import",
                    "http:", "https:", "class="):
        assert outside not in low, outside
    assert "\x00" not in page
    page.encode("utf-8")


def test_the_title_breaks_after_the_issuer_only(demo_page):
    rep = native.load(DEMO)
    first = lxml.html.document_fromstring(demo_page).find(".//p")
    assert first.text_content() == rep.title
    assert first.text == rep.issuer
    keep = first.find("span")
    assert keep.text == "2024年政府信息公开工作年度报告" and "inline-block" in keep.get("style")


def test_fonts_inline_song_first_then_fangsong(demo_page):
    doc = lxml.html.document_fromstring(demo_page)
    for el in doc.iter("p", "td"):
        style = el.get("style", "")
        assert style.count("font-family:") == 1, style
        fonts = re.search(r"font-family:([^;]+)", style).group(1)
        assert fonts.index("SimSun") < fonts.index("宋体") < fonts.index("仿宋"), fonts


def test_tables_as_printed(demo_page):
    """Each official table: the edition's merges (rowspan/colspan), its labels, every value right
    aligned, widths in % adding up to 100, collapsed borders."""
    rep = native.load(DEMO)
    doc = lxml.html.document_fromstring(demo_page)
    tables = doc.findall(".//table")
    assert len(tables) == len(rep.ed.tables) == 3
    for el, (sid, table) in zip(tables, rep.ed.tables.items()):
        assert "border-collapse:collapse" in el.get("style") and "width:100%" in el.get("style")
        widths = [float(c.get("width").rstrip("%")) for c in el.iter("col")]
        assert len(widths) == table.width and abs(sum(widths) - 100) < 1e-6
        rows = el.findall(".//tr")
        assert len(rows) == table.height
        cells = [td for tr in rows for td in tr.findall("td")]
        assert len(cells) == len(table.grid)
        by_row: dict[int, list] = {}
        for g in table.grid:
            by_row.setdefault(g.row, []).append(g)
        for r, tr in enumerate(rows):
            tds = tr.findall("td")
            assert len(tds) == len(by_row.get(r, [])), (sid, r)
            for td, g in zip(tds, by_row[r]):
                assert int(td.get("rowspan", 1)) == g.rowspan and int(td.get("colspan", 1)) == g.colspan, (sid, g)
                text = td.text_content()
                if g.kind == "label":
                    assert text == g.text
                else:
                    assert text == written(rep.values[g.cell]), g.cell
                    assert "text-align:right" in td.get("style")
    assert "357" in demo_page                               # 三、本年新收「总计」


def test_header_rows_bold_block_titles_plain_and_shaded(demo_page):
    """二's block title rows (第二十条第（一）项) as the official template prints them: left aligned,
    not bold, shaded; the column headers bold and centred."""
    rep = native.load(DEMO)
    el = lxml.html.document_fromstring(demo_page).findall(".//table")[0]
    tds = list(el.iter("td"))
    table = rep.ed.tables["s2"]
    titles = [g for g in table.grid if g.role == "title"]
    assert titles
    for g in table.grid:
        style = tds[table.grid.index(g)].get("style")
        if g.role == "title":
            assert "text-align:left" in style and "bold" not in style and "background-color" in style, g.text
        elif g.role == "header":
            assert "text-align:center" in style and "font-weight:bold" in style, g.text


def test_blank_cells_are_empty_or_zero_as_in_word():
    rep = native.load(DEMO)
    for cid in ("s4.review.upheld", "s2.fees.amount"):
        del rep.values[cid]
    for blank, want in (("empty", ""), ("zero", "0")):
        doc = lxml.html.document_fromstring(export_html.render(rep, blank))
        tds = doc.findall(".//td")
        for cid in ("s4.review.upheld", "s2.fees.amount"):
            assert cell_text(rep, cid, blank) == want
        # the cells at those places, found by their place in the edition's grid
        for sid, cid in (("s4", "s4.review.upheld"), ("s2", "s2.fees.amount")):
            table = rep.ed.tables[sid]
            i = list(rep.ed.tables).index(sid)
            el = doc.findall(".//table")[i]
            k = table.grid.index(table.position(cid))
            assert [td for td in el.iter("td")][k].text_content() == want
        assert tds


def test_unknown_blank_mode_is_refused_in_chinese(tmp_path):
    with pytest.raises(ExportError) as e:
        export_html.export(native.load(DEMO), tmp_path / "x.html", blank="null")
    assert CJK.search(str(e.value))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# what a person typed


SAFE_ISSUER = "云泽市“城&乡”<建设>管委会'甲'"
SAFE_LINES = [
    "A & B < C > D \" E ' F &amp; &lt; &#39;",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "</p></div><table><tr><td>999</td></tr></table><p>",
    "<!-- 注释 --> <![CDATA[ x ]]> {{ title }}",
    "两个  空格与   三个空格",
]


def test_special_characters_are_escaped_and_read_back(tmp_path):
    rep = load("demo")
    rep.issuer = SAFE_ISSUER
    rep.text["s1"] = "\n".join(SAFE_LINES)
    out = tmp_path / "safe.html"
    assert export_html.export(rep, out) == []
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<!-- 注释" not in page
    assert page.count("<table") == 3
    assert "&lt;建设&gt;" in page and "&amp;乡" in page and "&#x27;甲&#x27;" in page
    got = read_path(out).report
    assert got.issuer == SAFE_ISSUER
    # a page shows a run of spaces as one space unless it is written as no-break spaces: it is,
    # and our reader (as a browser) reads each run back as one space
    assert got.text["s1"].split("\n")[:4] == SAFE_LINES[:4]
    assert got.text["s1"].split("\n")[4] == "两个 空格与 三个空格"
    assert "两个 &nbsp;空格与 &nbsp;&nbsp;三个空格" in page


def test_control_characters_are_removed_and_said(tmp_path):
    rep = load("demo")
    rep.text["s5"] = "第一段\x01有\x02控制字符\x0b段内换行\n第二段\t制表符"
    out = tmp_path / "ctl.html"
    notes = export_html.export(rep, out)
    page = out.read_text(encoding="utf-8")
    assert "\x01" not in page and "\x02" not in page and "\x0b" not in page
    assert "有控制字符<br>段内换行" in page
    assert any("2 个控制字符（U+0001、U+0002）无法写入网页，已删去" in n for n in notes), notes
    assert any("段内换行" in n for n in notes) and any("制表符" in n for n in notes), notes
    assert all(CJK.search(n) for n in notes)
    got = read_path(out).report
    assert got.text["s5"] == "第一段有控制字符\n段内换行\n第二段 制表符"


# --------------------------------------------------------------------------
# refusal, the command line


def test_report_with_errors_is_refused_and_force_writes(tmp_path):
    path = tmp_path / "out.html"
    path.write_bytes(b"last year's file")
    with pytest.raises(ExportRefused) as e:
        export_html.export(broken_report(), path)
    assert "R1" in str(e.value) and "未导出" in str(e.value)
    assert path.read_bytes() == b"last year's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]
    export_html.export(broken_report(), path, force=True)
    assert "358" in path.read_text(encoding="utf-8")


def test_cli_exports_html(capsys, tmp_path):
    out = tmp_path / "年报.html"
    code, _, err = run_cli(capsys, "export", DEMO, "-o", out)
    assert code == 0, err
    assert "已导出" in err
    got = read_path(out).report
    assert got.values == native.load(DEMO).values


def test_cli_refuses_errors_and_forces(capsys, tmp_path):
    src = tmp_path / "broken.govreport"
    native.save(broken_report(), src)
    out = tmp_path / "out.html"
    code, _, err = run_cli(capsys, "export", src, "-o", out)
    assert code == 1 and "R1" in err and CJK.search(err)
    assert not out.exists()
    code, _, err = run_cli(capsys, "export", src, "-o", out, "--force")
    assert code == 0, err
    assert out.stat().st_size > 0


def test_cli_unknown_suffix_names_the_web_page(capsys, tmp_path):
    code, _, err = run_cli(capsys, "export", DEMO, "-o", tmp_path / "out.htm")
    assert code == 2 and ".html" in err and CJK.search(err)
    code, _, err = run_cli(capsys, "export", DEMO, "-o", tmp_path / "out.html", "--template", DEMO)
    assert code == 2 and CJK.search(err)
    assert list(tmp_path.iterdir()) == []


def test_plain_text_form_has_the_tables_as_rows():
    rep = native.load(DEMO)
    text = export_html.plain_text(rep)
    lines = text.splitlines()
    assert lines[0] == rep.title
    assert any(line.split("\t")[-1] == "357" for line in lines)         # 本年新收 … 总计
    for s in rep.ed.sections:
        assert s.heading in lines


# --------------------------------------------------------------------------
# the window: 复制为网页


def _edit_action(window, name: str):
    from PySide6.QtWidgets import QMenu

    menus = [m for m in window.menuBar().findChildren(QMenu) if m.title().startswith("编辑")]
    assert menus
    found = [a for a in menus[0].actions() if a.objectName() == name]
    assert len(found) == 1, name
    return found[0]


def test_copy_as_web_page_puts_the_report_on_the_clipboard(qtbot, window):
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText("")
    act = _edit_action(window, "actCopyHtml")
    assert act.text() == "复制为网页(&W)" and act.shortcut().toString() == "Ctrl+Shift+C"
    act.trigger()
    data = QApplication.clipboard().mimeData()
    assert data.hasHtml() and data.hasText()
    rep = window.doc.report
    got = read_markup(data.html(), "剪贴板").report
    assert (got.year, got.issuer) == (rep.year, rep.issuer)
    assert got.values == rep.values
    assert all(got.text.get(t, "") == rep.text.get(t, "") for t in TEXTS)
    assert data.text().splitlines()[0] == rep.title
    assert "已将报告复制为网页" in window.statusBar().currentMessage()


def test_copy_as_web_page_asks_about_errors_as_export_does(qtbot, window):
    from PySide6.QtWidgets import QApplication
    from qt_helpers import Answer

    v = window.doc.value("s3.carried_out.natural")
    window.doc.set_cells({"s3.carried_out.natural": v + 19}, "typed")
    act = _edit_action(window, "actCopyHtml")
    QApplication.clipboard().setText("原来的")
    answer = Answer("返回修改")
    act.trigger()
    qtbot.waitUntil(lambda: not answer.steps)
    assert answer.done() == ["copyHtmlErrorsBox"]
    assert QApplication.clipboard().text() == "原来的"
    answer = Answer("仍然复制")
    act.trigger()
    qtbot.waitUntil(lambda: not answer.steps)
    answer.done()
    got = read_markup(QApplication.clipboard().mimeData().html(), "剪贴板").report
    assert got.values["s3.carried_out.natural"] == v + 19


def test_copy_as_web_page_asks_about_blank_cells(qtbot, window):
    from PySide6.QtWidgets import QApplication
    from qt_helpers import Answer

    window.doc.set_cells({"s4.review.upheld": None}, "清除")
    answer = Answer("印为0")
    _edit_action(window, "actCopyHtml").trigger()
    qtbot.waitUntil(lambda: not answer.steps)
    assert answer.done() == ["copyHtmlBlanksBox"]
    got = read_markup(QApplication.clipboard().mimeData().html(), "剪贴板").report
    assert got.values["s4.review.upheld"] == 0


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_closing_stands_as_gbt_9704_says(name):
    """The issuer and the date stand in from the right as the Word export places them (GB/T 9704
    7.3.5.1), in em: characters of the body's size."""
    from govreport_gui.core.export import printable, published_date, signature_indents

    rep = load(name)
    issuer_in, date_in = signature_indents(printable(rep.issuer), published_date(rep))
    paras = lxml.html.document_fromstring(export_html.render(rep)).findall(".//p")
    issuer, date = paras[-2], paras[-1]
    assert issuer.text_content() == printable(rep.issuer) and date.text_content() == published_date(rep)
    assert f"padding-right:{issuer_in:g}em" in issuer.get("style")
    assert f"padding-right:{date_in:g}em" in date.get("style")
    assert "text-align:right" in issuer.get("style")
