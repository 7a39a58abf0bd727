"""A figure the narrative states that contradicts the table is said by the review of an import
(issue 14, item 6): "全年共收到政府信息公开申请215件" against 357 in 三's 一、本年新收 总计. The
one comparer is rule H2, whose figures and phrases are the edition's ``text_figures``: the review
lists the imported report's H2 warning (原文提示), not a note of its own, and the command line
prints the same line on stderr. Agreeing figures and blank cells say nothing; the table wins, no
value changes.

Every input is built here from the demo report, the transcribed published reports and the
text of tests/import_helpers.py; nothing is read from /work/shared.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import CJK, DEMO, run_cli
from govreport_gui.core import edition as E
from govreport_gui.core import native, rules
from govreport_gui.core.errors import EditionError
from govreport_gui.core.export import registry as exports
from govreport_gui.core.importers import read_path, read_text
from govreport_gui.core import text_figures as TF
from govreport_gui.core.importers.review import WARNING, review_lines
from govreport_gui.core.report import Report
from import_helpers import TEXT_A

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "published"
EDITIONS = Path(__file__).resolve().parents[1] / "resources" / "editions"

# what the demo's s1 says (and its tables hold): 357 new, 17 carried in, 353 done, 21 carried
# out, 9 reviews, 8 suits (5 direct, 3 after review)
DEMO_SAYS = ("全市新收政府信息公开申请357件", "上年结转17件", "本年度办结353件", "结转下年度继续办理21件",
             "被申请行政复议9件", "被提起行政诉讼8件", "未经复议直接起诉5件", "复议后起诉3件")


def demo() -> Report:
    return native.load(DEMO)


def as_docx(tmp_path: Path, report: Report, name: str = "报告.docx") -> Path:
    """The report written by the program's own Word export (read back by the Word reader)."""
    path = tmp_path / name
    exports.by_kind("docx").export(report, path)
    return path


def saying(report: Report, *changes: tuple[str, str]) -> Report:
    r = report.copy()
    for old, new in changes:
        assert old in r.text["s1"], old
        r.text["s1"] = r.text["s1"].replace(old, new)
    return r


def said(res) -> list[str]:
    """The lines the review lists about the figures the text states: the imported report's H2."""
    return [str(line) for line in review_lines(res) if line.kind == WARNING and line.text.startswith("H2：")]


def h2(quoted_what: str, quoted: int, excerpt: str, table: int) -> str:
    return f"原文提示 H2：正文说{quoted_what} {quoted} 件（“{excerpt}”），表格中为 {table}。"


NEW = "本年新收政府信息公开申请"


# --------------------------------------------------------------------------------------------
# Word, through the reader


def test_the_demo_states_its_figures_and_they_agree_so_nothing_is_said(tmp_path):
    r = demo()
    assert all(s in r.text["s1"] for s in DEMO_SAYS)          # the text does state them
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == [] and res.problems == []
    assert review_lines(res) == []
    assert res.report.values == r.values


def test_a_figure_the_text_gives_otherwise_is_said_with_both_numbers_once(tmp_path):
    r = saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == []                                  # not a note of the import: H2's warning
    assert [str(line) for line in review_lines(res)] == [h2(NEW, 215, "全年共收到政府信息公开申请215件", 357)]
    f = next(f for f in rules.check(res.report) if f.rule == "H2")
    assert f.cells == ("s3.new.total",) and (f.expected, f.actual) == (357, 215)    # the review can go to the cell
    assert res.report.values == demo().values              # the table wins: nothing changed
    assert res.report.values["s3.new.total"] == 357
    assert "215件" in res.report.text["s1"]                 # nor the text


def test_every_figure_of_the_list_is_compared(tmp_path):
    r = saying(demo(),
               ("全市新收政府信息公开申请357件，上年结转17件", "本年度共新收政府信息公开申请21件，上年结转2件"),
               ("本年度办结353件", "本年度办结1,353件"),
               ("结转下年度继续办理21件", "结转下年度继续办理２５件"),
               ("被申请行政复议9件", "发生政府信息公开行政复议案件三件"),
               ("被提起行政诉讼8件（未经复议直接起诉5件、复议后起诉3件）",
                "被提起行政诉讼2起（未经复议直接起诉1件、复议后起诉一件）"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == []
    lines = said(res)
    expected = [h2(NEW, 21, "本年度共新收政府信息公开申请21件", 357),
                h2("上年结转申请", 2, "上年结转2件", 17),
                h2("本年办结的申请", 1353, "本年度办结1,353件", 353),
                h2("结转下年度继续办理的申请", 25, "结转下年度继续办理２５件", 21),
                h2("行政复议", 3, "全市因政府信息公开发生政府信息公开行政复议案件三件", 9),
                h2("未经复议直接起诉的行政诉讼", 1, "未经复议直接起诉1件", 5),
                h2("行政诉讼", 2, "被提起行政诉讼2起", 8),
                h2("复议后起诉的行政诉讼", 1, "复议后起诉一件", 3)]
    assert sorted(lines) == sorted(expected), lines
    assert all(CJK.search(n) for n in lines)
    assert res.report.values == demo().values


def test_agreeing_figures_in_other_writings_say_nothing(tmp_path):
    r = saying(demo(),
               ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请三百五十七件"),
               ("上年结转17件", "上年结转１７件"),
               ("被申请行政复议9件", "行政复议案件共计九件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == [] and said(res) == []


def test_a_blank_cell_is_not_compared(tmp_path):
    r = saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件"),
               ("被申请行政复议9件", "被申请行政复议3件"))
    for c in [c for c in r.values if c.startswith("s3.new.")]:
        del r.values[c]                   # the whole row blank: its total prints blank too
    path = tmp_path / "报告.docx"
    exports.by_kind("docx").export(r, path, force=True)       # the row's blanks unbalance R1
    res = read_path(path)
    assert "s3.new.total" not in res.report.values
    assert said(res) == [h2("行政复议", 3, "全市因政府信息公开被申请行政复议3件", 9)]
    assert "有 7 个单元格没有读到数，导入后保持空白" in [str(line) for line in review_lines(res)]


def test_approximate_and_other_figures_are_not_compared(tmp_path):
    """近/约/多 are not counts of the table; 办结 of 人大建议 or a rise over last year is not one either."""
    r = saying(demo(),
               ("全市新收政府信息公开申请357件", "全市新收政府信息公开申请近400件"),
               ("上年结转17件", "较上年增加15件"),
               ("本年度办结353件", "本年度办结人大代表建议186件"),
               ("被申请行政复议9件", "被申请行政复议和行政诉讼各1件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == [] and said(res) == []


def test_a_real_report_that_quotes_another_count_is_noted(tmp_path):
    """洪泽区 2024 (transcribed as printed): the text says 17 applications, the table 95."""
    r = native.load(FIXTURES / "2024_hongze_district.govreport")
    res = read_path(as_docx(tmp_path, r))
    assert said(res) == [h2(NEW, 17, "区政府办代表区政府受理政府信息公开申请17件", 95)]
    assert res.report.values == r.values
    dalizhuang = native.load(FIXTURES / "2020_dalizhuang_township.govreport")    # 申请0件 = 0
    assert "收到政府信息公开申请0件" in dalizhuang.text["s1"]
    assert said(read_path(as_docx(tmp_path, dalizhuang, "大李庄.docx"))) == []


# --------------------------------------------------------------------------------------------
# text (2019 edition)


def test_pasted_text_of_the_2019_edition():
    base = read_text(TEXT_A)
    assert base.report.values["s3.new.total"] == 110 and base.report.values["s3.carried_in.total"] == 2
    text = TEXT_A.replace("严格按照法定时限办理政府信息公开申请。", "全年共收到政府信息公开申请215件，上年结转2件。")
    assert text != TEXT_A
    res = read_text(text)
    assert said(res) == [h2(NEW, 215, "全年共收到政府信息公开申请215件", 110)]
    assert said(base) == []
    assert res.report.values == base.report.values
    assert res.notes == base.notes


# --------------------------------------------------------------------------------------------
# the command line


def test_import_show_and_check_print_the_h2_line_on_stderr_once(tmp_path, capsys):
    src = as_docx(tmp_path, saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件")))
    line = h2(NEW, 215, "全年共收到政府信息公开申请215件", 357)
    for argv in (["import", src, "-o", tmp_path / "读入.govreport"], ["show", src], ["check", src]):
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, err
        assert "读取时请注意（1 条）" in err and f"  · {line}" in err.splitlines(), (argv, err)
        assert err.count("215") == 2, err                    # one line: no note besides the warning
        assert line not in out
    assert "警告 H2：正文说本年新收政府信息公开申请 215 件" in out      # check's own findings, as before
    saved = native.load(tmp_path / "读入.govreport")
    assert saved.values == demo().values
    assert json.loads(run_cli(capsys, "show", src)[1])["values"]["s3.new.total"] == 357


def test_the_command_line_says_nothing_when_the_text_agrees(tmp_path, capsys):
    src = as_docx(tmp_path, demo())
    code, out, err = run_cli(capsys, "import", src, "-o", tmp_path / "读入.govreport")
    assert code == 0 and "读取时请注意" not in err, err
    assert err.strip().splitlines()[0].startswith("已导入"), err


# --------------------------------------------------------------------------------------------
# the numbers


@pytest.mark.parametrize("text, value", [
    ("215", 215), ("２１５", 215), ("1,234", 1234), ("1，234", 1234), ("12,345,678", 12345678), ("0", 0),
    ("零", 0), ("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("三百五十七", 357),
    ("一百零五", 105), ("两千三百", 2300), ("三千零五十", 3050), ("一万", 10000), ("一万二千", 12000),
    ("一万零五十", 10050), ("十万", 100000)])
def test_numbers_as_written(text, value):
    assert TF.number(text) == value


@pytest.mark.parametrize("text", ["", "一百一", "二五", "1,23", "12,34", "百", "十两", "一百零", "零五", "一百零十",
                                  "一万二", "万", "一万一万", "三十零", "1.5", "x"])
def test_numbers_said_loosely_are_not_guessed(text):
    assert TF.number(text) is None


# --------------------------------------------------------------------------------------------
# the edition data


def _build(tmp_path: Path, data: dict) -> E.Edition:
    p = tmp_path / "2021.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return E.load_file(p)


def _raw(eid: str = "2021") -> dict:
    return json.loads((EDITIONS / f"{eid}.json").read_text(encoding="utf-8"))


def test_both_editions_give_the_figures():
    for eid in E.available():
        cells = [f.cells for f in E.get(eid).text_figures]
        assert ("s3.new.total",) in cells and ("s4.review.total",) in cells, eid
        assert ("s4.suit_direct.total", "s4.suit_after_review.total") in cells, eid


@pytest.mark.parametrize("breakage, words", [
    (lambda f: f[0].update(cell="s3.new.nobody"), ["text_figures[0].cell", "s3.new.nobody"]),
    (lambda f: f[5].update(cells=["s4.review.total", "s9.x"]), ["text_figures[5].cells", "s9.x"]),
    (lambda f: f[0].update(patterns=["收到(申请"]), ["text_figures[0].patterns[0]", "正则表达式"]),
    (lambda f: f[0].update(patterns=["收到申请[0-9]+件"]), ["text_figures[0].patterns[0]", "一个分组"]),
    (lambda f: f[0].update(patterns=["(收到)申请([0-9]+)件"]), ["text_figures[0].patterns[0]", "一个分组"]),
    (lambda f: f[0].update(patterns=[]), ["text_figures[0].patterns"]),
    (lambda f: f[0].pop("cell"), ["text_figures[0]", "cell"]),
    (lambda f: f[0].pop("what"), ["text_figures[0].what"]),
    (lambda f: f[3].update(what=" "), ["text_figures[3].what"]),
    (lambda f: f.append("s3.new.total"), ["text_figures[8]"]),
])
def test_a_broken_figure_refuses_the_edition_file(tmp_path, breakage, words):
    data = _raw()
    breakage(data["text_figures"])
    with pytest.raises(EditionError) as e:
        _build(tmp_path, data)
    assert all(w in str(e.value) for w in words + ["2021.json"]), str(e.value)


def test_the_key_is_optional(tmp_path):
    data = _raw()
    del data["text_figures"]
    assert _build(tmp_path, data).text_figures == ()


# --------------------------------------------------------------------------------------------
# hostile text: linear in its length


@pytest.mark.parametrize("piece", ["行政复议", "收到政府信息公开申请共计", "上年结转的申请共计为两两两两两两两两两两两两x",
                                   "结转至下一年度继续办理的", "行政诉讼1,000", "收到政府信息公开申请357件，",
                                   "受理政府信息公开申请合计共", "上年度结转的政府信息公开申请中有", "结转到下一年度x1"])
def test_two_million_characters_of_near_misses_are_searched_quickly(piece):
    r = demo()
    r.text = {"s1": piece * (2_000_000 // len(piece))}
    figures = [c for c in rules.compiled(r.ed).checks if c.rule.spec.get("function") == "narrative_numbers"]
    assert len(figures) == len(r.ed.text_figures)
    start = time.process_time()              # CPU time: what the search costs, whatever else the machine runs
    for c in figures:
        c.evaluate(r)
    assert time.process_time() - start < 2.0
