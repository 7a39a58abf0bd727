"""Text copied in the layouts real copies have (issue 14, items 4 and 7): one cell a line (as some
PDF viewers copy a table), labels broken over two lines (or over five, in a narrow column), and a
crawler's text with every cell of a row run together. The texts are printed here from two real reports' figures (the demo, 2021
edition; 2020 东安区, 2019 edition) with their edition's labels, in the edition's printed order.

What can be placed with certainty is read cell for cell; a row whose count of numbers differs from
its count in print is named with both counts and left blank; numbers run together are named
(“数字连在一起”) and never split by guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from conftest import DEMO
from govreport_gui.core import native
from govreport_gui.core.importers import SourceError, read_text
from govreport_gui.core.report import Report
from import_helpers import DONGAN

REPORTS = {"2021": DEMO, "2019": DONGAN}

Layout = Callable[[Report, str], list[str]]


def load(which: str) -> Report:
    rep = native.load(REPORTS[which])
    assert set(rep.values) == set(rep.ed.cells) and all(v is not None for v in rep.values.values())
    return rep


def printed_rows(rep: Report, sid: str) -> list[tuple[list[str], list[str]]]:
    """A table's printed rows, in order: (the labels that start on the row, its value cells)."""
    rows: dict[int, tuple[list[str], list[str]]] = {}
    for g in rep.ed.tables[sid].grid:
        labels, cells = rows.setdefault(g.row, ([], []))
        (labels if g.kind == "label" else cells).append(g.text if g.kind == "label" else g.cell)
    return [rows[r] for r in sorted(rows)]


def figure(rep: Report, cid: str) -> str:
    return str(rep.values[cid])          # as printed: 1836.4527, -5


def document(rep: Report, layout: Layout) -> str:
    """The report as text: title, preface, the six sections, each table in ``layout``."""
    lines = [f"{rep.issuer}{rep.year}年政府信息公开工作年度报告", *rep.text["preface"].splitlines()]
    for s in rep.ed.sections:
        lines.append(s.heading)
        lines += layout(rep, s.id) if s.kind == "table" else rep.text.get(s.text, "").splitlines()
    return "\n".join(lines) + "\n"


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def half(label: str) -> int:
    """Where a label breaks: in the middle of its words (after its numbering: “3.” alone on a
    line is a number)."""
    m = _NUMBERING.match(label)
    start = m.end() if m else 0
    return start + max(1, (len(label) - start) // 2)


# -- the layouts ------------------------------------------------------------------------------------


def one_cell_a_line(rep: Report, sid: str) -> list[str]:
    """Every cell on a line of its own, in reading order (labels and numbers alike)."""
    return [text for labels, cells in printed_rows(rep, sid)
            for text in labels + [figure(rep, c) for c in cells]]


def one_cell_a_line_wrapped(rep: Report, sid: str) -> list[str]:
    """As :func:`one_cell_a_line`, with each row's own label broken over two lines."""
    out = []
    for labels, cells in printed_rows(rep, sid):
        if cells and labels:
            *before, own = labels
            out += before + [own[:half(own)], own[half(own):]]
        else:
            out += labels
        out += [figure(rep, c) for c in cells]
    return out


NARROW = 8                  # characters a line of a narrow label column holds


def one_cell_a_line_narrow(rep: Report, sid: str) -> list[str]:
    """As :func:`one_cell_a_line`, with each row's own label broken every :data:`NARROW`
    characters, as a narrow column prints it (the longest over five lines)."""
    out = []
    for labels, cells in printed_rows(rep, sid):
        if cells and labels:
            *before, own = labels
            out += before + [own[i:i + NARROW] for i in range(0, len(own), NARROW)]
        else:
            out += labels
        out += [figure(rep, c) for c in cells]
    return out


def row_a_line(rep: Report, sid: str) -> list[str]:
    """A printed row a line, its cells separated by spaces (a PDF's text)."""
    return [" ".join(labels + [figure(rep, c) for c in cells]) for labels, cells in printed_rows(rep, sid)]


def row_a_line_wrapped(rep: Report, sid: str) -> list[str]:
    """As :func:`row_a_line`, with each row's label broken in the middle of its own label: the
    beginning on one line, the rest and the numbers on the next ("（三）不予公开 3.危及“三安全一稳" /
    "定” 1 0 0 0 0 0 1")."""
    out = []
    for labels, cells in printed_rows(rep, sid):
        numbers = [figure(rep, c) for c in cells]
        if cells and labels:
            text = " ".join(labels)
            at = len(text) - len(labels[-1]) + half(labels[-1])
            out += [text[:at], " ".join([text[at:]] + numbers)]
        else:
            out.append(" ".join(labels + numbers))
    return out


def run_together(rep: Report, sid: str) -> list[str]:
    """A crawler's text: a printed row a line, its cells run together with nothing between them."""
    return ["".join(labels + [figure(rep, c) for c in cells]) for labels, cells in printed_rows(rep, sid)]


LAYOUTS = {"one cell a line": one_cell_a_line, "one cell a line, labels wrapped": one_cell_a_line_wrapped,
           "one cell a line, narrow labels": one_cell_a_line_narrow, "row a line, labels wrapped": row_a_line_wrapped}


# ============================================================================================
# read where the numbers can be placed with certainty


def negative_rows(rep: Report) -> dict[str, list[str]]:
    """Section 二's rows that print a negative 本年增/减 (2019 edition): row id -> its cells.
    Text has no column header in its cells, so such a row is read by the count of its numbers;
    a negative change counts as one of them."""
    rows: dict[str, list[str]] = {}
    for c in rep.ed.tables["s2"].cells:
        rows.setdefault(rep.ed.cells[c].row, []).append(c)
    return {r: cells for r, cells in rows.items() if any(rep.values[c] < 0 for c in cells)}


@pytest.mark.parametrize("which", list(REPORTS))
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_figure_lands_in_its_cell(which, name):
    rep = load(which)
    text = document(rep, LAYOUTS[name])
    res = read_text(text)
    got = res.report
    assert (got.edition, got.year, got.issuer) == (rep.edition, rep.year, rep.issuer)
    assert bool(negative_rows(rep)) == (which == "2019")          # the 2019 report has negative changes…
    assert got.values == rep.values                                 # …and they are read with the rest
    assert res.problems == []
    assert res.notes == []
    assert res.sections == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_a_negative_change_in_section_2_is_read():
    rep = load("2019")
    res = read_text(document(rep, one_cell_a_line))
    assert {c: res.report.values.get(c) for c in rep.values} == rep.values


def test_the_layouts_are_what_they_say():
    """The texts really are in those layouts (a test of the tests): one cell a line has no line
    with two numbers; the wrapped labels' lines hold no official row label of their own."""
    rep = load("2021")
    one = document(rep, one_cell_a_line).splitlines()
    assert sum(1 for line in one if line.strip().isdigit()) >= len(rep.values) - 2
    assert not any(len(line.split()) > 1 and line.split()[-1].isdigit() for line in one)
    wrapped = document(rep, row_a_line_wrapped)
    assert "\n3.危及“三安\n全一稳定” 1 0 0 0 0 0 1\n" in wrapped
    assert "危及“三安全一稳定”" not in wrapped and "保护第三方合法权益" not in wrapped
    before = document(rep, one_cell_a_line_wrapped)
    assert "\n4.保护第三\n方合法权益\n6\n1\n0\n" in before
    narrow = document(rep, one_cell_a_line_narrow)
    assert "\n1.申请人无正当\n理由逾期不补正、\n行政机关不再处理\n其政府信息公开申\n请\n5\n" in narrow


def test_a_label_wrapped_in_the_brief_s_words():
    """“（三）不予公开 3.危及“三安全一稳” on one line, “定” 0 0 0 …” on the next; “4.保护第三方合法
    权益” broken mid-word with its numbers on the second line."""
    rep = load("2021")
    lines = row_a_line(rep, "s3")
    safety = next(i for i, line in enumerate(lines) if "危及" in line)
    third = next(i for i, line in enumerate(lines) if "保护第三方" in line)
    lines[third:third + 1] = ["4.保护第三方合", "法权益 " + lines[third].partition("权益 ")[2]]
    lines[safety:safety + 1] = ["（三）不予公开 3.危及“三安全一稳", "定” " + lines[safety].partition("” ")[2]]
    text = document(rep, lambda r, sid: lines if sid == "s3" else row_a_line(r, sid))
    res = read_text(text)
    assert {c: res.report.values.get(c) for c in rep.values} == rep.values
    assert res.problems == []


# ============================================================================================
# not read, and named, where they cannot


def _one_cell_a_line_changed(rep: Report, cid: str, how: str) -> str:
    """The report one cell a line, with the line of ``cid``'s figure dropped or doubled."""
    def layout(r: Report, sid: str) -> list[str]:
        out = []
        for labels, cells in printed_rows(r, sid):
            out += labels
            for c in cells:
                if c == cid and how == "drop":
                    continue
                out += [figure(r, c)] * (2 if c == cid and how == "double" else 1)
        return out
    return document(rep, layout)


@pytest.mark.parametrize("how,found", [("drop", 6), ("double", 8)])
def test_a_row_with_too_few_or_too_many_numbers_is_named_not_guessed(how, found):
    rep = load("2021")
    row = "s3.denied.law"
    res = read_text(_one_cell_a_line_changed(rep, f"{row}.business", how))
    got = res.report.values
    assert not any(c.startswith(row + ".") for c in got)                   # the row: left blank
    assert {c: got.get(c) for c in rep.values if not c.startswith(row + ".")} == \
        {c: v for c, v in rep.values.items() if not c.startswith(row + ".")}   # the others: read
    assert len(res.problems) == 1
    assert "其他法律行政法规禁止公开" in res.problems[0] and f"{found} 个数" in res.problems[0] \
        and "7 个" in res.problems[0] and "未读取" in res.problems[0]


def test_a_section_2_row_with_a_number_lost_is_named_not_guessed():
    rep = load("2021")
    res = read_text(_one_cell_a_line_changed(rep, "s2.regulations.repealed", "drop"))
    assert not any(c.startswith("s2.regulations.") for c in res.report.values)
    assert res.report.values["s2.normative.issued"] == rep.values["s2.normative.issued"]
    assert len(res.problems) == 1 and "规章" in res.problems[0] and "2 个数" in res.problems[0] \
        and "3 个" in res.problems[0]


@pytest.mark.parametrize("how,found", [("drop", 14), ("double", 16)])
def test_section_4_with_a_number_lost_or_added_is_named_not_guessed(how, found):
    rep = load("2021")
    res = read_text(_one_cell_a_line_changed(rep, "s4.review.corrected", how))
    assert not any(c.startswith("s4.") for c in res.report.values)
    assert len(res.problems) >= 1 and res.problems[0].startswith("四、")
    assert f"{found} 个数" in res.problems[0] and "15 个" in res.problems[0] and "未读取" in res.problems[0]
    s3 = {c: v for c, v in rep.values.items() if c.startswith("s3.")}
    assert {c: res.report.values.get(c) for c in s3} == s3


def test_a_wrapped_label_that_joins_to_no_official_label_is_named():
    """“3.危及“三安全” + “某某稳定” 1 0 0 …”: the two lines hold no official label together, so the
    numbers are not given to 危及“三安全一稳定” by guessing; the row is named."""
    rep = load("2021")
    lines = row_a_line(rep, "s3")
    safety = next(i for i, line in enumerate(lines) if "危及" in line)
    lines[safety:safety + 1] = ["（三）不予公开 3.危及“三安全", "某某稳定” " + lines[safety].partition("” ")[2]]
    res = read_text(document(rep, lambda r, sid: lines if sid == "s3" else row_a_line(r, sid)))
    assert not any(c.startswith("s3.denied.safety.") for c in res.report.values)
    assert any("某某稳定" in p and "未读取" in p for p in res.problems), res.problems
    assert any("危及“三安全一稳定”" in p for p in res.problems), res.problems
    others = {c: v for c, v in rep.values.items() if not c.startswith("s3.denied.safety.")}
    assert {c: res.report.values.get(c) for c in others} == others


# ============================================================================================
# numbers run together (a crawler's text)


@pytest.mark.parametrize("which", list(REPORTS))
def test_run_together_rows_are_named_and_never_split(which):
    rep = load(which)
    res = read_text(document(rep, run_together))
    got = res.report.values
    assert not any(c.startswith(("s3.", "s4.")) for c in got)          # no split guessed
    glued = [p for p in res.problems if "数字连在一起" in p]
    assert all("PDF 或 Word" in p for p in glued)
    s3 = next(p for p in glued if p.startswith("三、"))
    new = "".join(figure(rep, c) for c in rep.ed.tables["s3"].cells[:7])
    assert f"「一、本年新收政府信息公开申请数量」“{new}”" in s3 and "二、上年结转政府信息公开申请数量" in s3
    assert "「规章」" in next(p for p in glued if p.startswith("二、"))       # 3140: 3|1|40? 31|4|0?
    s4 = "".join(figure(rep, c) for c in rep.ed.tables["s4"].cells)
    assert any(p.startswith("四、") and s4 in p for p in glued), res.problems
    assert not any(p.startswith("未找到表格：") and "三、" in p for p in res.problems)
    for sid in ("s2", "s3"):                                          # every labelled row not read: named
        for rid, name in rep.ed.tables[sid].row_names.items():
            if not any(c.startswith(f"{sid}.{rid}.") for c in got):
                assert any(name in p for p in res.problems), (rid, name)
    # a row of one number in print is one number, whatever its digits: read (2021's 二)
    single = [c for c in rep.ed.tables["s2"].cells
              if sum(1 for x in rep.ed.tables["s2"].cells if rep.ed.cells[x].row == rep.ed.cells[c].row) == 1]
    assert {c: got.get(c) for c in single} == {c: rep.values[c] for c in single}
    assert bool(single) == (which == "2021")
    assert not any(c.startswith("s2.") and c not in single for c in got)


def test_a_table_alone_with_its_numbers_run_together_says_so():
    """Only the table pasted, every row run together: nothing could be read, and the message
    says why (not “no table was found”)."""
    rep = load("2021")
    with pytest.raises(SourceError) as e:
        read_text("\n".join(run_together(rep, "s3")))
    assert "数字连在一起" in str(e.value) and "一、本年新收政府信息公开申请数量" in str(e.value)
    assert "PDF 或 Word" in str(e.value) and "没有找到" not in str(e.value)


def test_one_row_run_together_among_good_rows():
    rep = load("2019")
    lines = row_a_line(rep, "s3")
    i = next(i for i, line in enumerate(lines) if "不予处理" in line)
    labels, cells = printed_rows(rep, "s3")[i]
    lines[i] = " ".join(labels) + "".join(figure(rep, c) for c in cells)
    res = read_text(document(rep, lambda r, sid: lines if sid == "s3" else row_a_line(r, sid)))
    row = rep.ed.cells[cells[0]].row
    assert not any(c.startswith(f"s3.{row}.") for c in res.report.values)
    assert any("数字连在一起" in p and labels[-1] in p for p in res.problems), res.problems
    others = {c: v for c, v in rep.values.items() if not c.startswith(f"s3.{row}.")}
    assert {c: res.report.values.get(c) for c in others} == others


def test_a_first_number_glued_to_its_label_is_read_when_the_count_is_right():
    """“一、本年新收政府信息公开申请数量312 27 2 3 9 4 357”: seven numbers for seven columns, the
    first glued to the label (where the label ends is certain): read."""
    rep = load("2021")

    def layout(r: Report, sid: str) -> list[str]:
        return [" ".join(labels) + " ".join(figure(r, c) for c in cells) if cells and labels
                else " ".join(labels + [figure(r, c) for c in cells]) for labels, cells in printed_rows(r, sid)]
    text = document(rep, layout)
    assert "申请数量312 27 2 3 9 4 357" in text
    res = read_text(text)
    assert {c: res.report.values.get(c) for c in rep.values} == rep.values
    assert res.problems == []
