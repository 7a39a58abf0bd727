"""Import of text in the broken shape of published PDFs and web pages (.txt, pasted, .html): the
values that can be placed, exactly, and a problem naming each row that cannot. The two texts
and what they say are in tests/import_helpers.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import import_fixtures as F
from govreport_gui.core import edition as E
from govreport_gui.core import rules
from govreport_gui.core.importers import SourceError, read_path, read_text
from govreport_gui.core.importers import readers
from govreport_gui.core.report import Report
from import_helpers import (ALL_SECTIONS, TEXT_A, TEXT_B, TEXT_CASES, TRUTH_A, UNPLACEABLE_A, diff, placeable,
                            squeeze, squeezed_lines)

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


# ============================================================================================
# text in the broken shape of published PDFs and web pages


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_fixtures_are_what_a_real_report_says(case):
    """The texts' own figures balance (R1–R4), so they are a fair picture of a real report."""
    _, eid, year, issuer, _, truth, _ = TEXT_CASES[case]
    rep = Report(edition=eid, year=year, issuer=issuer, values=dict(truth))
    assert set(truth) | MARKED.get(case, set()) == set(E.get(eid).cells)
    errors = [f for f in rules.check(rep) if f.severity == "error"]
    assert errors == []


def _read_text_case(case: str, how: str, tmp_path: Path):
    text = TEXT_CASES[case][0]
    if how == "pasted":
        return read_text(text)
    if how == "txt":
        p = tmp_path / "年报.txt"
        p.write_bytes(text.encode("gb18030") if case == "B" else text.encode("utf-8-sig"))  # GBK and UTF-8 with BOM
        return read_path(p)
    if how == "html":
        p = tmp_path / "年报.html"
        p.write_text(F.text_to_html(text), encoding="utf-8")
        return read_path(p)
    if how == "pasted-html":
        return read_text(F.text_to_html(text))
    raise AssertionError(how)


TEXT_WAYS = [("A", "pasted"), ("A", "txt"), ("A", "html"), ("A", "pasted-html"), ("B", "pasted"), ("B", "txt")]


# the cells a text prints as “—” (行政强制's 处理决定数量 in A): read blank, never 0, by every reader
MARKED = {"A": {"s2.coercion.decisions"}}


@pytest.mark.parametrize("case,how", TEXT_WAYS)
def test_text_values_that_can_be_placed_exactly(tmp_path, case, how):
    _, eid, year, issuer, published, truth, unplaceable = TEXT_CASES[case]
    res = _read_text_case(case, how, tmp_path)
    got = res.report
    assert res.kind == ("html" if how == "html" else "text")       # a saved page is read as a page (its grid)
    assert (got.edition, got.year, got.issuer) == (eid, year, issuer)
    assert got.meta == {"published": published}
    assert res.sections == ALL_SECTIONS
    want = placeable(truth, unplaceable)
    assert all(got.values.get(c) is None for c in MARKED.get(case, ()))      # “—”: blank, in a page too
    assert diff(want, got.values) == {}


@pytest.mark.parametrize("case,how", TEXT_WAYS)
def test_text_problems_name_each_row_not_read(tmp_path, case, how):
    """Every official row left blank is named in a problem by its printed name, and nothing
    else is reported but rows of the text that are not official rows."""
    _, _, _, _, _, _, unplaceable = TEXT_CASES[case]
    res = _read_text_case(case, how, tmp_path)
    for rid, name in unplaceable.items():
        assert any(name in p for p in res.problems), (rid, res.problems)
    assert all(p.startswith("三、") for p in res.problems), res.problems


def test_html_cells_holding_paragraphs(tmp_path):
    """Word's "save as web page" and most site editors put each cell's text in a <p>: the table
    is still a table (cells of a row on one line), read like the plain one."""
    page = F.word_html(F.text_to_html(TEXT_A))
    assert page.count("<p class=") > 300
    p = tmp_path / "年报.htm"
    p.write_text(page, encoding="utf-8")
    res = read_path(p)
    assert all(res.report.values.get(c) is None for c in MARKED["A"])       # “—” in a page's cell: blank
    assert diff(placeable(TRUTH_A, UNPLACEABLE_A), res.report.values) == {}
    assert len(res.problems) == 2


def test_text_a_problems_in_detail():
    res = read_text(TEXT_A)
    assert len(res.problems) == 2
    safety, not_held = res.problems
    assert "危及“三安全一稳定”" in safety and "6 个数" in safety and "未读取" in safety
    assert "本机关不掌握相关政府信息" in not_held and "1 个数" in not_held and "未读取" in not_held
    assert len(res.notes) == 2 and "部分公开" in res.notes[0]
    assert res.notes[1] == ("二、主动公开的表格中有 1 个单元格写作“—”，已按空白读取，未当作 0（空白不等于 0；"
                            "确为 0 的请填写 0）：「行政强制」的「处理决定数量」")
    assert res.sources["s2.penalty.decisions"].endswith("1,010")
    assert res.sources["s2.procurement.amount"].endswith("2167.0875 万元")


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_narrative(tmp_path, case):
    res = read_text(TEXT_CASES[case][0])
    t = res.report.text
    if case == "A":
        assert squeezed_lines(t["s1"]) == [
            "2020年，青石镇人民政府坚持以公开为常态、不公开为例外，认真落实政府信息公开各项工作任务。",
            "(一)主动公开。通过镇政府网站、政务公开栏等渠道及时公开政策文件和工作动态。",
            "(二)依申请公开。严格按照法定时限办理政府信息公开申请。"]
        assert squeezed_lines(t["s5"]) == ["一是政府信息公开工作人员业务水平有待提高；二是公开内容不够全面。",
                                           "下一步，我镇将加强业务培训，进一步规范公开内容。"]
        assert squeezed_lines(t["s6"]) == ["无。"]
    else:
        assert squeeze(t["s5"]) == "一是政策解读形式较为单一；二是基层政务公开标准目录更新不够及时。下一步将丰富解读形式。"
        assert squeezed_lines(t["s6"]) == ["本年度未收取信息处理费。"]


@pytest.mark.parametrize("case", list(TEXT_CASES))
def test_text_title_line_keeps_the_preface(case):
    """The preface follows the title. A title line as long as the text's lines must not be
    joined to the preface's first line and the preface then dropped with the title."""
    res = read_text(TEXT_CASES[case][0])
    year = TEXT_CASES[case][2]
    issuer = TEXT_CASES[case][3]
    assert squeeze(res.report.text["preface"]) == (
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{issuer}办公室编制。"
        f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。")


def test_text_page_numbers_stay_out_of_the_narrative():
    """`- 1 -` is a page number of the PDF the text came from, not a paragraph of 一、总体情况."""
    s1 = read_text(TEXT_B).report.text["s1"]
    assert squeeze(s1) == ("2023年，云溪县人民政府认真贯彻落实政务公开工作部署，持续推进决策、执行、管理、服务、"
                           "结果公开，政务公开工作取得新的进展。（一）主动公开通过政府门户网站及时发布政策文件、"
                           "工作动态和通知公告，重点领域信息应公开尽公开。（二）依申请公开严格按照法定时限和程序"
                           "办理政府信息公开申请，规范答复文书。")


def test_text_problem_line_numbers_point_at_the_text():
    """A problem says 文字第N行: N must be the line of the pasted text where that row is
    (its label's line or its numbers' line), so a person can find it."""
    lines = TEXT_B.splitlines()
    res = read_text(TEXT_B)
    p = next(p for p in res.problems if "「本」" in p)
    n = int(re.search(r"文字第(\d+)行", p).group(1))
    assert lines[n - 1].strip() in ("本", "2 0 0 0 0 0 2"), (n, lines[n - 1])


def test_text_row_of_concatenated_digits_is_not_split():
    """801000081 could be 80|1|0|0|0|0|81 or 8|0|1|0|0|0|0081…: never guessed."""
    text = TEXT_A.replace("\t\t2. 没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0",
                          "\t\t2. 没有现成信息需要另行制作\t00000000")
    res = read_text(text)
    assert not any(k.startswith(("s3.unavailable.not_held.", "s3.unavailable.needs_creation."))
                   for k in res.report.values)
    assert any("没有现成信息需要另行制作" in p for p in res.problems)
    assert any("本机关不掌握相关政府信息" in p for p in res.problems)


def test_text_section_4_with_a_lost_cell_is_not_read():
    text = TEXT_A.replace("1\t0\t0\t0\t1\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0", "1 0 0 0 1 0 0 0 1 1 0 0 0 00")
    res = read_text(text)
    assert not any(k.startswith("s4.") for k in res.report.values)
    assert any("四、" in p for p in res.problems), res.problems
    assert diff({k: v for k, v in placeable(TRUTH_A, UNPLACEABLE_A).items() if not k.startswith("s4.")},
                res.report.values) == {}


def test_text_too_long_refused():
    with pytest.raises(SourceError) as e:
        read_text("一" * (readers.MAX_TEXT_CHARS + 1))
    assert "过长" in str(e.value)


def test_text_without_a_report_refused():
    with pytest.raises(SourceError) as e:
        read_text("鸡蛋\t12\n牛奶\t2\n今天天气很好。")
    assert "没有找到政府信息公开工作年度报告" in str(e.value)


def test_the_command_line_says_every_note_the_review_shows(tmp_path, capsys):
    """A figure read in an unusual way (a label variant, a row printed differently) is said on
    stderr by import and check, as the window's review lists it (issue 14)."""
    from conftest import run_cli

    src = tmp_path / "去年.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    notes = read_text(TEXT_A).notes
    assert notes
    for argv in (["import", src, "-o", tmp_path / "去年.govreport"], ["check", src]):
        code, out, err = run_cli(capsys, *argv)
        assert code in (0, 1), err
        assert "读取时请注意" in err and all(n in err for n in notes), err
