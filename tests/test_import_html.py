"""Web pages read as grids (issue 14, part 1): rowspan/colspan honoured, blank cells kept blank.

The page is built here from the demo's figures and the edition's printed layout, in the style of
a real published page: the year first in the title, zeros and totals left as blank cells
(``&nbsp;``, ``/``, ``—``), labels split over ``<p>``/``<span>`` as Word's "save as web page"
writes them, a conditional comment and ``<o:p>``, the article inside a layout table between a
site's navigation and footer, and a longer variant of section 五's heading.
"""

from __future__ import annotations

import html

import pytest

from govreport_gui.core import native
from govreport_gui.core.importers import read_path

from conftest import DEMO

BLANKS = ["&nbsp;", "/", "—", "", " &nbsp; "]


def table_html(report, sid: str, blank_zero: bool) -> tuple[str, set[str]]:
    """The table as printed (its spans from the edition), and the cells written blank."""
    table = report.ed.tables[sid]
    blank: set[str] = set()
    rows: dict[int, list[str]] = {}
    for n, g in enumerate(table.grid):
        span = (f' rowspan="{g.rowspan}"' if g.rowspan > 1 else "") + (f' colspan="{g.colspan}"' if g.colspan > 1 else "")
        if g.kind == "label":
            text = html.escape(g.text)
            half = max(1, len(text) // 2)                        # a label split over two <p>, one in a <span>
            inner = (f'<p class="MsoNormal"><span style="mso-bidi-font-size:10.5pt">{text[:half]}</span></p>'
                     f'<p class="MsoNormal">{text[half:]}<o:p></o:p></p>')
        else:
            v = report.values.get(g.cell)
            computed = g.cell.endswith(".total")
            if v is None or (blank_zero and (v == 0 or computed)):
                inner = BLANKS[n % len(BLANKS)]                   # a site leaves zeros and totals blank
                blank.add(g.cell)
            else:
                inner = f'<p class="MsoNormal" align="right">{v}</p>'
        rows.setdefault(g.row, []).append(f"<td{span} style='mso-border-alt:solid windowtext .5pt'>{inner}</td>")
    body = "".join(f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(table.height))
    return f'<table class="MsoNormalTable" border="1"><tbody>{body}</tbody></table>', blank


def page(report, blank_zero: bool = True) -> tuple[str, set[str]]:
    parts, blank = [], set()
    for s in report.ed.sections:
        heading = s.heading if s.id != "s5" else "五、政府信息公开工作存在的主要问题及改进情况"
        parts.append(f'<p class="MsoNormal"><b><span>{html.escape(heading)}</span></b></p>')
        if s.kind == "table":
            t, b = table_html(report, s.id, blank_zero)
            parts.append(t)
            blank |= b
        else:
            parts += [f"<p>{html.escape(line)}</p>" for line in report.text.get(s.text, "").splitlines()]
    title = f"{report.year}年{report.issuer}政府信息公开工作年度报告"
    article = (f"<h1>{html.escape(title)}</h1><p>发布日期：2025-01-20</p>"
               + "".join(f"<p>{html.escape(x)}</p>" for x in report.text["preface"].splitlines()) + "".join(parts))
    markup = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>云泽市政府门户网站</title>"
              "<style>p.MsoNormal{margin:0}</style><script>var x = '<td>1</td>';</script></head><body>"
              "<div class='nav'><a href='/'>首页</a> | <a href='/zwgk'>政务公开</a></div>"
              "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->"
              f"<table class='layout'><tr><td class='side'>栏目导航</td><td class='main'>{article}</td></tr></table>"
              "<div class='footer'>主办：云泽市人民政府办公室　网站标识码 1234567890</div></body></html>")
    return markup, blank


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_a_published_page_reads_cell_for_cell_with_blank_cells_blank(tmp_path, suffix):
    demo = native.load(DEMO)
    markup, blank = page(demo)
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
    assert got.text["s5"].strip() == demo.text["s5"].strip()            # under the longer 五 heading
    assert "首页" not in got.text.get("preface", "") and "网站标识码" not in got.text["s6"]


def test_a_page_in_gbk_reads_the_same(tmp_path):
    demo = native.load(DEMO)
    markup, blank = page(demo)
    p = tmp_path / "年报.html"
    p.write_bytes(markup.replace("charset='utf-8'", "charset='gb2312'").encode("gb18030"))
    got = read_path(p).report
    assert {c: got.values.get(c) for c in demo.values if c not in blank} == \
        {c: v for c, v in demo.values.items() if c not in blank}


def test_a_page_with_every_cell_printed_reads_back_whole(tmp_path):
    demo = native.load(DEMO)
    markup, blank = page(demo, blank_zero=False)
    assert not blank
    p = tmp_path / "年报.html"
    p.write_text(markup, encoding="utf-8")
    assert read_path(p).report.values == demo.values
