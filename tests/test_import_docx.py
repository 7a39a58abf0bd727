"""Import of Word documents: the OFFICIAL template filled in by hand (python-docx, real merged
cells), as printed and with the variants of real documents (formats.md §8): every value placed,
nothing placed wrongly (the whole values dict compared); a billion-laughs document.

Every input is built in code (tests/import_fixtures.py); nothing is read from /work/shared.
"""

from __future__ import annotations

import json
import re
try:
    import resource            # POSIX only: peak-memory readings
except ImportError:           # Windows: the tests that need it are marked posix (tests/conftest.py)
    resource = None
import time
from decimal import Decimal

import pytest

import import_fixtures as F
from conftest import CJK
from govreport_gui.core import edition as E
from govreport_gui.core import native, rules
from govreport_gui.core.importers import SourceError, read_path
from import_helpers import ALL_SECTIONS, FAST, TEXTS, diff

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


# ============================================================================================
# the official Word template, filled in by hand


def read_official(tmp_path, eid, cell_text=None, edit=None, report=None):
    rep = report or F.rich_report(eid)
    path = F.official_docx(tmp_path / f"official-{eid}.docx", rep, cell_text=cell_text, edit=edit)
    return rep, read_path(path)


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_as_printed(tmp_path, eid):
    rep, res = read_official(tmp_path, eid)
    got = res.report
    assert res.kind == "docx"
    assert (got.edition, got.year, got.issuer) == (eid, F.YEAR[eid], F.ISSUER[eid])
    assert got.meta == {"published": F.PUBLISHED[eid]}
    assert len(rep.values) == len(E.get(eid).cells)
    assert diff(rep.values, got.values) == {}
    for tid in TEXTS:
        assert F.text_lines(got.text[tid]) == F.text_lines(rep.text[tid]), tid
    assert res.problems == [] and res.notes == []
    assert res.sections == ALL_SECTIONS


def _spaces(text: str) -> str:
    return {
        "商业企业": "商业 企业",
        "科研机构": "科研\n机构",
        "法律服务机构": "法律服务\n机构",
        "三、本年度办理结果": "三、 本年\n度办 理结 果",
        "一、本年新收政府信息公开申请数量": "一、本年新收政府信息\n公开申请数量",
        "（一）予以公开": "（一） 予以公开",
        "2.其他法律行政法规禁止公开": "2. 其他法律行政\n法规禁止公开",
        "第二十条第（一）项": "第二十条 第（一）项",
        "信息内容": "信息 内容",
    }.get(text, text)


LABEL_VARIANTS = {
    "社会组织": lambda t: t.replace("社会公益组织", "社会组织"),
    "社会公益": lambda t: t.replace("社会公益组织", "社会公益"),
    "1、": lambda t: re.sub(r"(\d)\.", r"\1、", t),
    "half-width ( )": lambda t: t.replace("（", "(").replace("）", ")"),
    "spaces and line breaks": _spaces,
}


@pytest.mark.parametrize("eid", ["2021", "2019"])
@pytest.mark.parametrize("variant", list(LABEL_VARIANTS))
def test_official_template_label_variants(tmp_path, eid, variant):
    fn = LABEL_VARIANTS[variant]
    rep, res = read_official(tmp_path, eid, edit=lambda sid, lay: F.relabel(lay, fn))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []
    assert res.notes == []


@pytest.mark.parametrize("eid,old,new,row", [
    ("2021", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开", "denied.law"),        # typo seen in print
    ("2019", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开", "denied.law"),
    ("2019", "2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开", "denied.law"),
])
def test_official_template_label_typo_read_with_a_note(tmp_path, eid, old, new, row):
    rep, res = read_official(tmp_path, eid, edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace(old, new)))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []
    assert len(res.notes) == 1 and new in res.notes[0] and "其他法律行政法规禁止公开" in res.notes[0]
    assert res.sources[f"s3.{row}.natural"].endswith(str(rep.values[f"s3.{row}.natural"]))


def test_official_2021_template_printing_normative_as_in_2019(tmp_path):
    """规范性文件 (the 2019 name) in a 2021-edition table is the row 行政规范性文件."""
    rep, res = read_official(tmp_path, "2021",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("行政规范性文件", "规范性文件")))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []


ZERO_CELLS = {
    "2021": {"s3.denied.secret.natural": "—", "s3.denied.secret.business": "/", "s3.denied.secret.research": "无",
             "s3.denied.secret.social": "-", "s2.regulations.repealed": "—", "s2.coercion.decisions": "无",
             "s4.suit_direct.pending": "/", "s2.fees.amount": "—"},
    "2019": {"s3.denied.secret.natural": "—", "s3.denied.secret.business": "/", "s3.denied.secret.research": "无",
             "s3.denied.secret.social": "-", "s2.regulations.published": "—", "s2.licensing.change": "无",
             "s4.suit_direct.pending": "/", "s2.procurement.amount": "—"},
}
EMPTY_CELLS = {
    "2021": ["s3.denied.query.research", "s2.normative.repealed", "s4.review.other", "s3.other.unpaid_fee.total"],
    "2019": ["s3.denied.query.research", "s2.fees.change", "s4.review.other", "s3.other.total"],
}


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_zero_marks_and_empty_cells(tmp_path, eid):
    """—, /, 无, - and an EMPTY cell all stay blank (never 0: a blank is not 0, and B1 lists it),
    and the review names the cells written as marks apart from those left empty (issue 17)."""
    typed = dict(ZERO_CELLS[eid])
    typed.update({cid: "" for cid in EMPTY_CELLS[eid]})

    def cell_text(cid, v):
        return typed[cid] if cid in typed else F.display(v, E.get(eid).cells[cid].type)

    rep, res = read_official(tmp_path, eid, cell_text=cell_text)
    expected = {c: v for c, v in rep.values.items() if c not in ZERO_CELLS[eid] and c not in EMPTY_CELLS[eid]}
    assert diff(expected, res.report.values) == {}
    for cid in list(ZERO_CELLS[eid]) + list(EMPTY_CELLS[eid]):
        assert cid not in res.report.values
    assert res.problems == []
    marked = [n for n in res.notes if "个单元格写作“" in n]
    assert marked and all("已按空白读取，未当作 0" in n for n in marked)
    for cid in ZERO_CELLS[eid]:
        cd = E.get(eid).cells[cid]
        assert any(cd.col_name in n and cd.row_name in n for n in marked), cid
    findings = rules.check(res.report)
    blanks = {c for f in findings if f.rule == "B1" for c in f.cells}
    assert set(ZERO_CELLS[eid]) <= blanks                 # the check lists them as blank cells too


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_numbers_typed_like_a_clerk(tmp_path, eid):
    """Thousands separators, full-width digits, 件, spaces around the number."""
    typed = {"s3.granted.natural": ("1,234", 1234), "s3.partial.business": ("１２３", 123),
             "s3.new.natural": ("12件", 12), "s3.carried_out.other": (" 7 ", 7),
             "s4.review.upheld": ("１,０２４", 1024), "s3.total.total": ("12,345", 12345)}
    rep, res = read_official(tmp_path, eid, cell_text=lambda cid, v: typed[cid][0] if cid in typed
                             else F.display(v, E.get(eid).cells[cid].type))
    expected = dict(rep.values)
    expected.update({cid: v for cid, (_, v) in typed.items()})
    assert diff(expected, res.report.values) == {}
    assert res.problems == []


@pytest.mark.parametrize("eid,typed,value", [
    ("2019", "1228.92万元", Decimal("1228.92")),
    ("2019", "251000元", Decimal("25.1")),
    ("2019", "2167.0875 万元", Decimal("2167.0875")),
    ("2019", "1,228.92", Decimal("1228.92")),
    ("2021", "251000元", Decimal("25.1")),
    ("2021", "3.5万元", Decimal("3.5")),
    ("2021", "０.５", Decimal("0.5")),
])
def test_official_template_amount_with_unit(tmp_path, eid, typed, value):
    amount = "s2.procurement.amount" if eid == "2019" else "s2.fees.amount"
    rep, res = read_official(tmp_path, eid, cell_text=lambda cid, v: typed if cid == amount
                             else F.display(v, E.get(eid).cells[cid].type))
    expected = dict(rep.values)
    expected[amount] = value
    assert diff(expected, res.report.values) == {}
    assert isinstance(res.report.values[amount], Decimal)
    assert res.problems == []


@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_locality_row_in_section_2(tmp_path, eid):
    """其他主动公开文件 added under 规范性文件: reported, nothing misplaced."""
    def edit(sid, lay):
        if sid == "s2":
            F.add_locality_row_s2(lay, E.get(eid))

    rep, res = read_official(tmp_path, eid, edit=edit)
    assert diff(rep.values, res.report.values) == {}
    assert len(res.problems) == 1
    assert "其他主动公开文件" in res.problems[0] and "未读取" in res.problems[0]
    assert res.notes == []


@pytest.mark.parametrize("header", ["法人小计", "小计"])
@pytest.mark.parametrize("eid", ["2021", "2019"])
def test_official_template_subtotal_column_in_section_3(tmp_path, eid, header):
    """A 法人小计 column between 其他 and 总计: every value still in its own column."""
    rep = F.rich_report(eid)

    def edit(sid, lay):
        if sid == "s3":
            F.add_subtotal_col_s3(lay, rep.ed, rep.values, header)

    rep, res = read_official(tmp_path, eid, edit=edit, report=rep)
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == [] and res.notes == []


def test_official_2021_template_printing_other_handling_as_one_row(tmp_path):
    """（六）其他处理 printed as one row (2019 layout) in a 2021 table: the figures go to
    s3.other.other.*, the two rows new in 2021 stay blank, and a note says so."""
    rep = F.rich_report("2021")

    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)

    rep, res = read_official(tmp_path, "2021", edit=edit, report=rep)
    expected = {k: v for k, v in rep.values.items()
                if not k.startswith(("s3.other.no_correction.", "s3.other.unpaid_fee."))}
    for col in F.APPLICANTS + ("total",):
        expected[f"s3.other.other.{col}"] = sum(rep.values[f"s3.other.{r}.{col}"]
                                                for r in ("no_correction", "unpaid_fee", "other"))
    assert diff(expected, res.report.values) == {}
    assert res.report.values["s3.other.other.natural"] == 127 + 134 + 141
    assert res.problems == []
    assert len(res.notes) == 1 and "其他处理" in res.notes[0] and "3.其他" in res.notes[0]


def test_official_template_every_variant_at_once(tmp_path):
    """A 2021 document with all of it: 社会组织, 1、, ( ), broken labels, a typo, a locality row,
    a 法人小计 column, （六） as one row, zero marks, an empty cell, 1,234, full-width digits, 万元."""
    rep = F.rich_report("2021")
    typed = {"s3.denied.secret.natural": ("—", None), "s3.granted.natural": ("1,234", 1234),
             "s3.partial.business": ("１２３", 123), "s2.fees.amount": ("251000元", Decimal("25.1")),
             "s3.denied.query.research": ("", None)}

    def cell_text(cid, v):
        return typed[cid][0] if cid in typed else F.display(v, rep.ed.cells[cid].type)

    def edit(sid, lay):
        if sid == "s3":
            F.old_other_row_2021(lay, rep.values)
            F.add_subtotal_col_s3(lay, rep.ed, rep.values)
        if sid == "s2":
            F.add_locality_row_s2(lay, rep.ed)
        F.relabel(lay, lambda t: _spaces(re.sub(r"(\d)\.", r"\1、", t.replace("社会公益组织", "社会组织")
                                                .replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")))
                  .replace("（", "(").replace("）", ")"))

    rep, res = read_official(tmp_path, "2021", cell_text=cell_text, edit=edit, report=rep)
    expected = {k: v for k, v in rep.values.items()
                if not k.startswith(("s3.other.no_correction.", "s3.other.unpaid_fee."))}
    for col in F.APPLICANTS + ("total",):
        expected[f"s3.other.other.{col}"] = sum(rep.values[f"s3.other.{r}.{col}"]
                                                for r in ("no_correction", "unpaid_fee", "other"))
    for cid, (_, v) in typed.items():
        if v is None:
            expected.pop(cid)
        else:
            expected[cid] = v
    assert diff(expected, res.report.values) == {}
    assert len(res.problems) == 1 and "其他主动公开文件" in res.problems[0]
    assert any("其他处理" in n for n in res.notes)
    assert any("行政止公开" in n for n in res.notes)


def test_official_template_reworded_headings(tmp_path):
    """Headings reworded as seen in print: sections still found, texts where they belong."""
    rep = F.rich_report("2019")
    reworded = {"四、政府信息公开行政复议、行政诉讼情况": "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                "五、存在的主要问题及改进情况": "五、存在的主要问题及改进措施",
                "一、总体情况": "一、 总体情况"}
    parts = [reworded.get(p, p) if isinstance(p, str) else p for p in F.document_parts(rep, F.official_tables(rep))]
    assert sum(isinstance(p, str) and p in reworded.values() for p in parts) == 3
    res = read_path(F.write_docx(tmp_path / "r.docx", parts))
    assert diff(rep.values, res.report.values) == {}
    assert res.sections == ALL_SECTIONS and res.problems == []
    for tid in TEXTS:
        assert F.text_lines(res.report.text[tid]) == F.text_lines(rep.text[tid]), tid


# -- bugs found in the Word template --------------------------------------------------------------


def test_official_2019_template_other_handling_printed_as_six_other(tmp_path):
    """formats.md §8: `(六) 其他` for （六）其他处理 is seen in print. In a 2019-edition table the
    row must still be read into s3.other.* (not dropped as 'not an official row')."""
    rep, res = read_official(tmp_path, "2019",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("（六）其他处理", "(六) 其他")))
    assert diff(rep.values, res.report.values) == {}
    assert res.problems == []


def test_official_template_value_under_an_unknown_column_header_is_reported(tmp_path):
    """A number whose column header is not recognised (本年新公开数 for 本年新公开数量) may be left
    blank, but never silently: a problem must name it (the module promises 'left blank and
    reported')."""
    rep, res = read_official(tmp_path, "2019",
                             edit=lambda sid, lay: F.relabel(lay, lambda t: t.replace("本年新公开数量", "本年新公开数")))
    got = res.report.values
    for cid in ("s2.regulations.published", "s2.normative.published"):
        assert got.get(cid) == rep.values[cid] or (
            cid not in got and any("本年新公开" in p for p in res.problems)), (cid, res.problems)
    others = {k: v for k, v in rep.values.items() if not k.endswith(".published")}
    assert diff(others, {k: v for k, v in got.items() if not k.endswith(".published")}) == {}


# ============================================================================================
# bad input


def test_entity_expansion_in_word_is_not_expanded(tmp_path):
    """A billion-laughs DOCTYPE in word/document.xml: refused, or read without expanding the
    entities — fast, memory sane, and no 'lol' in anything read."""
    good = F.official_docx(tmp_path / "good.docx", F.rich_report("2021"))
    bad = F.laughs_docx(tmp_path / "实体.docx", good)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.monotonic()
    try:
        res = read_path(bad)
    except SourceError as e:
        assert CJK.search(str(e)) and "实体.docx" in str(e)
    else:
        everything = json.dumps(native.to_json(res.report), ensure_ascii=False) + "".join(res.sources.values())
        assert "lol" not in everything
    assert time.monotonic() - t < FAST
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100
