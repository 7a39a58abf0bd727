"""A corpus of web pages built from the real reports of tests/fixtures/published (issue 14): each
report as sites publish it (Word's "save as web page", a site's page with its navigation, layout
tables and footer, GBK bytes declared either way, thead/th, zeros and totals left blank), read
back exactly: every printed value in its cell, every blank cell blank and named in the review,
the issuer, the year, every narrative section's text, the closing date.

The pages are built by tests/html_pages.py from the .govreport files and the edition data;
nothing is read from /work/shared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import html_pages as H
from govreport_gui.core import native
from govreport_gui.core.importers import read_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "published"
REPORTS = sorted(p.stem for p in FIXTURES.glob("*.govreport"))

STYLES = [
    H.Style("word-gbk", word=True, encoding="gbk", charset="http-equiv", closing="2021-01-22"),
    H.Style("word-blank-zero", word=True, blank_zero=True, year_first=False),
    H.Style("cms", cms=True, head_cells=True, blank_zero=True, unit_in_cell=True),
    H.Style("cms-gbk-meta", cms=True, encoding="gbk", charset="meta", closing="2021-01-25", info_inside=True),
    H.Style("cms-word-gbk-http-equiv", cms=True, word=True, encoding="gbk", charset="http-equiv",
            blank_zero=True, year_first=False, closing="2021-02-01"),
    H.Style("thead-th", head_cells=True, year_first=False),
    H.Style("cms-title-in-article", cms=True, year_first=False, info_inside=True, blank_zero=True),
    H.Style("plain-blank-zero", blank_zero=True, closing="2021-01-20"),
    H.Style("cms-captions", cms=True, captions=True, colgroup=True, head_cells=True, blank_zero=True),
    H.Style("word-one-row-groups", word=True, one_row_groups=True, encoding="gbk", charset="meta"),
    H.Style("cms-one-row-groups-blank-zero", cms=True, one_row_groups=True, blank_zero=True),
]


def load(name: str):
    return native.load(FIXTURES / f"{name}.govreport")


def test_the_corpus_covers_every_published_report_and_style():
    assert len(REPORTS) == 4
    assert {s.encoding for s in STYLES} == {"utf-8", "gbk"} and {s.charset for s in STYLES} == {"meta", "http-equiv"}
    assert any(s.word for s in STYLES) and any(s.cms for s in STYLES) and any(s.head_cells for s in STYLES)


# a table's blank cells are named in one note, those printed as “—” or “/” in another
BLANK_NOTE = re.compile(r"^(?P<num>[一二三四五六七八九十]+、)\S*?的表格中有 (?P<n>\d+) 个单元格"
                        r"(?:空白（原文未填数字），|写作“(?P<mark>.+?)”，)"
                        r"已按空白读取，未当作 0(?:（空白不等于 0；确为 0 的请填写 0）)?：(?P<cells>.+)$")
ROW_PART = re.compile(r"^「(?P<row>[^」]+)」(?:全部（(?P<all>\d+) 格）|的(?P<cols>(?:「[^」]+」)+))$")


def blank_cells_named(ed, notes: list[str]) -> dict[str, list[str]]:
    """The cells the review names as blank, by section, read back from the notes' words: a row
    named whole (全部) is all its cells; else the columns named after it."""
    named: dict[str, list[str]] = {}
    seen: set = set()
    by_name = {(c.number, c.row_name): c.row for c in ed.cells.values()}
    for note in notes:
        m = BLANK_NOTE.match(note)
        if not m:
            continue
        number = m.group("num")
        sid = next(s.id for s in ed.sections if s.number == number)
        kind = (sid, bool(m.group("mark")))
        assert kind not in seen, f"one note per table and kind: {note}"
        seen.add(kind)
        cells = named.setdefault(sid, [])
        before = len(cells)
        for part in m.group("cells").split("；"):
            p = ROW_PART.match(part)
            assert p, part
            row = by_name[(number, p.group("row"))]
            in_row = [c for c in ed.cells.values() if c.section == sid and c.row == row]
            if p.group("all"):
                assert int(p.group("all")) == len(in_row)
                cells += [c.id for c in in_row]
            else:
                cols = re.findall(r"「([^」]+)」", p.group("cols"))
                cells += [next(c.id for c in in_row if c.col_name == name) for name in cols]
        assert int(m.group("n")) == len(cells) - before, note
    return named


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
@pytest.mark.parametrize("name", REPORTS)
def test_a_published_report_as_a_web_page_reads_back_exactly(tmp_path, name, style):
    rep = load(name)
    data, blank = H.page_bytes(rep, style)
    p = tmp_path / f"{name}.html"
    p.write_bytes(data)
    res = read_path(p)
    got = res.report
    assert res.kind == "html"
    assert res.problems == []
    assert (got.edition, got.year, got.issuer) == (rep.edition, rep.year, rep.issuer)
    # every printed value in its cell, every blank cell blank (never 0)
    assert got.values == H.expected_values(rep, blank, style)
    # every blank cell named in the review, one note per table; nothing else noted but a group
    # printed as one row (2021's （六）其他处理 in the older layout, as 洪泽区's PDF prints it) and
    # what the text says against the table (洪泽区: 17 applications in the text, 95 in the table)
    named = blank_cells_named(rep.ed, res.notes)
    assert {c for cells in named.values() for c in cells} == blank
    assert all(len(cells) == len(set(cells)) for cells in named.values())
    one = rep.ed.find["s3"].get("printed_as_one") if style.one_row_groups else None
    assert [n for n in res.notes if not BLANK_NOTE.match(n) and not n.startswith("正文")] == \
        ([one["note"]] if one else [])
    # every narrative section's text, as printed
    for tid in ("preface", "s1", "s5", "s6"):
        assert got.text.get(tid, "") == rep.text.get(tid, ""), tid
    assert got.meta == ({"published": style.closing} if style.closing else {})
    assert {"s1", "s2", "s3", "s4", "s5", "s6"} <= set(res.sections)


def test_a_page_that_prints_every_cell_notes_no_blank(tmp_path):
    rep = load("2020_dongan_district")            # complete: 198 of 198 cells
    data, blank = H.page_bytes(rep, H.PLAIN)
    assert blank == set()
    p = tmp_path / "东安区.html"
    p.write_bytes(data)
    res = read_path(p)
    assert res.report.values == rep.values and res.notes == [] and res.problems == []
