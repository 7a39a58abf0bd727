"""A figure the narrative states that contradicts the table is a note of the import (issue 14,
item 6): "全年共收到政府信息公开申请215件" against 357 in 三's 一、本年新收 总计. Agreeing
figures and blank cells say nothing; the table wins, no value changes. The phrases are the
edition's ``text_figures``; the command line prints the note on stderr.

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
from govreport_gui.core import native
from govreport_gui.core.errors import EditionError
from govreport_gui.core.export import registry as exports
from govreport_gui.core.importers import read_path, read_text
from govreport_gui.core.importers import text_figures as TF
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


def figure_notes(notes: list[str]) -> list[str]:
    return [n for n in notes if n.startswith("正文“")]


# --------------------------------------------------------------------------------------------
# Word, through the reader


def test_the_demo_states_its_figures_and_they_agree_so_nothing_is_said(tmp_path):
    r = demo()
    assert all(s in r.text["s1"] for s in DEMO_SAYS)          # the text does state them
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == [] and res.problems == []
    assert res.report.values == r.values


def test_a_figure_the_text_gives_otherwise_is_noted_with_both_numbers(tmp_path):
    r = saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == ["正文“全年共收到政府信息公开申请215件”与表格三「一、本年新收申请」总计 357 不一致，请核对"]
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
    notes = figure_notes(res.notes)
    expected = [("新收政府信息公开申请21件", "「一、本年新收申请」总计 357"),
                ("上年结转2件", "「二、上年结转申请」总计 17"),
                ("本年度办结1,353件", "「（七）总计」总计 353"),
                ("结转下年度继续办理２５件”（即 25）", "「四、结转下年度继续办理」总计 21"),
                ("行政复议案件三件”（即 3）", "表格四「行政复议」总计 9"),
                ("行政诉讼2起", "「行政诉讼（未经复议直接起诉）」总计与「行政诉讼（复议后起诉）」总计之和 8"),
                ("直接起诉1件", "「行政诉讼（未经复议直接起诉）」总计 5"),
                ("复议后起诉一件”（即 1）", "「行政诉讼（复议后起诉）」总计 3")]
    assert len(notes) == len(expected), notes
    for (text, table), note in zip(expected, notes):
        assert text in note and table in note and note.endswith("不一致，请核对"), (text, note)
    assert all(CJK.search(n) for n in notes)
    assert res.report.values == demo().values


def test_agreeing_figures_in_other_writings_say_nothing(tmp_path):
    r = saying(demo(),
               ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请三百五十七件"),
               ("上年结转17件", "上年结转１７件"),
               ("被申请行政复议9件", "行政复议案件共计九件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == []


def test_a_blank_cell_is_not_compared(tmp_path):
    r = saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件"),
               ("被申请行政复议9件", "被申请行政复议3件"))
    del r.values["s3.new.total"]
    res = read_path(as_docx(tmp_path, r))
    assert "s3.new.total" not in res.report.values
    assert figure_notes(res.notes) == ["正文“全市因政府信息公开被申请行政复议3件”与表格四「行政复议」总计 9 不一致，请核对"]


def test_approximate_and_other_figures_are_not_compared(tmp_path):
    """近/约/多 are not counts of the table; 办结 of 人大建议 or a rise over last year is not one either."""
    r = saying(demo(),
               ("全市新收政府信息公开申请357件", "全市新收政府信息公开申请近400件"),
               ("上年结转17件", "较上年增加15件"),
               ("本年度办结353件", "本年度办结人大代表建议186件"),
               ("被申请行政复议9件", "被申请行政复议和行政诉讼各1件"))
    res = read_path(as_docx(tmp_path, r))
    assert res.notes == []


def test_a_real_report_that_quotes_another_count_is_noted(tmp_path):
    """洪泽区 2024 (transcribed as printed): the text says 17 applications, the table 95."""
    r = native.load(FIXTURES / "2024_hongze_district.govreport")
    res = read_path(as_docx(tmp_path, r))
    assert figure_notes(res.notes) == [
        "正文“区政府办代表区政府受理政府信息公开申请17件”与表格三「一、本年新收申请」总计 95 不一致，请核对"]
    assert res.report.values == r.values
    dalizhuang = native.load(FIXTURES / "2020_dalizhuang_township.govreport")    # 申请0件 = 0
    assert "收到政府信息公开申请0件" in dalizhuang.text["s1"]
    assert figure_notes(read_path(as_docx(tmp_path, dalizhuang, "大李庄.docx")).notes) == []


# --------------------------------------------------------------------------------------------
# text (2019 edition)


def test_pasted_text_of_the_2019_edition():
    base = read_text(TEXT_A)
    assert base.report.values["s3.new.total"] == 110 and base.report.values["s3.carried_in.total"] == 2
    text = TEXT_A.replace("严格按照法定时限办理政府信息公开申请。", "全年共收到政府信息公开申请215件，上年结转2件。")
    assert text != TEXT_A
    res = read_text(text)
    assert figure_notes(res.notes) == ["正文“全年共收到政府信息公开申请215件”与表格三「一、本年新收申请」总计 110 不一致，请核对"]
    assert res.report.values == base.report.values
    assert [n for n in res.notes if n not in figure_notes(res.notes)] == base.notes


# --------------------------------------------------------------------------------------------
# the command line


def test_import_show_and_check_print_the_note_on_stderr(tmp_path, capsys):
    src = as_docx(tmp_path, saying(demo(), ("全市新收政府信息公开申请357件", "全年共收到政府信息公开申请215件")))
    note = "正文“全年共收到政府信息公开申请215件”与表格三「一、本年新收申请」总计 357 不一致，请核对"
    for argv in (["import", src, "-o", tmp_path / "读入.govreport"], ["show", src], ["check", src]):
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, err
        assert "读取时请注意（1 条）" in err and note in err, (argv, err)
        assert note not in out
    saved = native.load(tmp_path / "读入.govreport")
    assert saved.values == demo().values
    assert json.loads(run_cli(capsys, "show", src)[1])["values"]["s3.new.total"] == 357


def test_the_command_line_says_nothing_when_the_text_agrees(tmp_path, capsys):
    src = as_docx(tmp_path, demo())
    code, out, err = run_cli(capsys, "import", src, "-o", tmp_path / "读入.govreport")
    assert code == 0 and "读取时请注意" not in err, err


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
                                   "结转至下一年度继续办理的", "行政诉讼1,000", "收到政府信息公开申请357件，"])
def test_two_million_characters_of_near_misses_are_searched_quickly(piece):
    r = demo()
    r.text = {"s1": piece * (2_000_000 // len(piece))}
    start = time.perf_counter()
    TF.contradictions(r)
    assert time.perf_counter() - start < 2.0
