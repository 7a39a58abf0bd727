"""Fuzzing every reader of outside input with mutated real inputs (500 cases each).

The readers: the ``.govreport`` file (``native.loads``), our ``.docx`` and ``.xlsx`` exports
and a PDF of the demo (``read_path``), and pasted text (``read_text``, the grid paste
``parse_tsv`` + ``plan_paste``, ``values.parse``; now and then a ``.txt``/``.html`` file).
The seeds are the demo report and what the program makes of it; the mutators (byte flips,
truncation, runs, duplicated chunks; XML parts of the zip packages; JSON values and keys;
PDF objects, content streams and character maps; random unicode in text) are in
fuzzing/seeds.py, shared with ``tools/fuzz.py`` (10,000 cases a reader, on demand).

Hypothesis draws the case numbers (``derandomize=True``: the same 500 every run); a case
number seeds the mutator, so ``python -m tools.fuzz --reader R --replay CASE`` rebuilds the
input of a failure and runs it again. The cases run in two worker processes; each case has
its own 5 s alarm there. A case passes when the reader returns, or refuses with a
GovReportError whose message has Chinese in it, within 5 s. Any other exception, a hang or
an English message fails the test, which lists the failures (all cases are run first).

PDFs are read with ``read_path`` with the child process replaced by ``pdf_worker`` run in
the worker (what the child runs); ten cases go through the real child process as well.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzzing import seeds as F
from govreport_gui.core import native
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.importers import read_path, read_text
from govreport_gui.core.importers import tables as T
from govreport_gui.core.importers import readers
from govreport_gui.core.importers.readers import SourceError, pdf_worker


pytestmark = pytest.mark.usefixtures("read_in_this_process")     # tests/conftest.py

CASES = 500
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pdf_seed(tmp_path_factory) -> bytes:
    """The demo's .docx converted to PDF by LibreOffice, once."""
    if F.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: the PDF fuzzing needs it")
    return F.make_pdf(F.seed_docx(), tmp_path_factory.mktemp("fuzz-pdf"), timeout=180)


@pytest.fixture(scope="module")
def runner(tmp_path_factory, pdf_seed):
    with F.Runner(tmp_path_factory.mktemp("fuzz-cases"), pdf_seed, jobs=2) as r:
        yield r


def run_cases(runner: F.Runner, reader: str, n: int = CASES) -> list[F.Outcome]:
    """Hypothesis draws ``n`` case numbers; they run in the runner's workers meanwhile."""
    cases: list[int] = []

    @settings(max_examples=n, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.integers(min_value=0, max_value=2**63 - 1))
    def draw(case: int) -> None:
        if case not in seen:
            seen.add(case)
            cases.append(case)

    seen: set[int] = set()
    draw()
    return list(runner.run(reader, cases))


def report(reader: str, outcomes: list[F.Outcome], seconds: float) -> str:
    c = Counter(o.status for o in outcomes)
    worst = max(outcomes, key=lambda o: o.seconds)
    return (f"{reader}: {len(outcomes)} cases in {seconds:.1f} s — ok {c['ok']}, refused {c['refused']}, "
            f"crash {c['crash']}, hang {c['hang']}, english {c['english']}; "
            f"max {worst.seconds:.2f} s (case {worst.case})")


# ------------------------------------------------------------------------------------------
# the seeds are real inputs: each reads back the demo


def test_seeds_read_back_the_demo(tmp_path, pdf_seed):
    demo = F.demo_report()
    assert native.loads(F.seed_govreport()).values == demo.values
    for kind, data in (("docx", F.seed_docx(demo)), ("xlsx", F.seed_xlsx(demo))):
        p = tmp_path / f"demo.{kind}"
        p.write_bytes(data)
        assert read_path(p).report.values == demo.values, kind
    # the PDF as the fuzzer writes it (streams decoded, xref rebuilt): still the whole demo
    model = F.pdf_model(pdf_seed)
    assert len(model.pages()) >= 5
    seeds = F.pdf_seeds(model)
    p = tmp_path / "demo.pdf"
    p.write_bytes(seeds[0])
    res = read_path(p)
    s3 = {c: v for c, v in demo.values.items() if c.startswith("s3.")}
    assert {c: res.report.values.get(c) for c in s3} == s3
    page, numbers = F.seed_texts(demo)
    res = read_text(page)
    assert res.report.year == demo.year and res.report.issuer == demo.issuer
    assert {c: res.report.values.get(c) for c in s3} == s3
    assert "\t" in numbers and numbers.count("\n") >= 20


# ------------------------------------------------------------------------------------------
# 500 mutated inputs a reader


@pytest.mark.parametrize("reader", F.READERS)
def test_reader_survives_mutated_inputs(runner, reader):
    t0 = time.perf_counter()
    outcomes = run_cases(runner, reader)
    seconds = time.perf_counter() - t0
    line = report(reader, outcomes, seconds)
    print(line)
    assert len(outcomes) >= CASES, line
    statuses = Counter(o.status for o in outcomes)
    assert statuses["ok"] + statuses["refused"] + statuses["crash"] + statuses["hang"] + statuses["english"] == len(outcomes)
    # the mutations reach past the first checks: some inputs are still read, some refused
    assert statuses["ok"] >= CASES // 20 and statuses["refused"] >= CASES // 20, line
    failures = sorted((o for o in outcomes if o.failed), key=lambda o: (o.status, len(o.mutation)))
    assert not failures, line + "\n" + "\n".join(o.summary() for o in failures[:12])


# ------------------------------------------------------------------------------------------
# PDFs through the real child process


def test_pdf_end_to_end_through_the_child_process(pdf_seed, tmp_path):
    """Ten mutated PDFs read by ``read_path`` as the app does (the reader in a child process):
    each read or refused in Chinese, within 5 s."""
    import random

    model = F.pdf_model(pdf_seed)
    models = [model] + [model.single_page(k) for k in range(len(model.pages()))]
    statuses, worst = Counter(), 0.0
    failures = []
    for case in range(10):
        data, mutation = F.make_pdf_case(random.Random(case), models)
        p = tmp_path / f"case{case}.pdf"
        p.write_bytes(data)
        t0 = time.perf_counter()
        try:
            with F.time_limit(F.LIMIT_SECONDS):
                res = read_path(p)
            F.check_result(res)
            statuses["ok"] += 1
        except GovReportError as e:
            statuses["refused"] += 1
            if not F.CJK.search(str(e)):
                failures.append(f"case {case}: English message {str(e)!r} — {mutation}")
        except F.Hang:
            failures.append(f"case {case}: over {F.LIMIT_SECONDS:g} s — {mutation}")
        except Exception as e:  # noqa: BLE001
            failures.append(f"case {case}: {type(e).__name__}: {e} — {mutation}")
        worst = max(worst, time.perf_counter() - t0)
    print(f"pdf end to end: {dict(statuses)}, max {worst:.2f} s")
    assert not failures, "\n".join(failures)
    assert statuses["ok"] and statuses["refused"], dict(statuses)


# ------------------------------------------------------------------------------------------
# what the fuzzing found: the smallest inputs, one test each
#
# Each must be read, or refused with a Chinese message, within 5 s (memory capped at what is
# mapped plus 3 GB, so that a reader asking for gigabytes fails fast instead of the machine).


def where(e: BaseException) -> str:
    """The program's frame (and the last frame) an exception came from, for the message."""
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if "govreport_gui" in f.filename]
    out = []
    for f in ([ours[-1]] if ours else []) + [frames[-1]]:
        s = f"{Path(f.filename).name}:{f.lineno} {f.name}"
        if s not in out and Path(f.filename).parent.name != "fuzzing":
            out.append(s)
    return " … ".join(out)


def read_quickly(fn, what: str):
    """``fn()`` returns, or raises a GovReportError with Chinese in it, within 5 s."""
    t0 = time.perf_counter()
    try:
        with F.memory_limit(), F.time_limit(F.LIMIT_SECONDS):
            result = fn()
    except GovReportError as e:
        assert F.CJK.search(str(e)), f"{what}: refused in English: {e!r}"
        result = e
    except F.Hang as e:
        pytest.fail(f"{what}: still running after {F.LIMIT_SECONDS:g} s (stopped in {where(e)})")
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"{what}: {type(e).__name__}: {str(e)[:200]} (raised in {where(e)})")
    seconds = time.perf_counter() - t0
    assert seconds <= F.LIMIT_SECONDS, f"{what}: took {seconds:.1f} s"
    if not isinstance(result, GovReportError):
        F.check_result(result)
    return result


@pytest.fixture(scope="module")
def demo_docx() -> bytes:
    return F.seed_docx()


@pytest.fixture(scope="module")
def demo_xlsx() -> bytes:
    return F.seed_xlsx()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _repeat_last_row(text: str, n: int) -> str:
    last = list(re.finditer(r"<w:tr[ >].*?</w:tr>", text, re.S))[-1]
    return text[:last.end()] + last.group() * n + text[last.end():]


DOCX_EDITS = {
    # <w:gridSpan w:val="x"/>: int("x") in readers._docx_grid
    "gridSpan not a number": lambda t: re.sub(r'(<w:gridSpan w:val=")\d+', r"\g<1>x", t, count=1),
    "gridBefore not a number": lambda t: t.replace("<w:trPr>", '<w:trPr><w:gridBefore w:val="x"/>', 1),
    # [None] * 2e9 in readers._docx_grid: 16 GB (without a memory limit the app is killed)
    "gridSpan 2000000000": lambda t: re.sub(r'(<w:gridSpan w:val=")\d+', r"\g<1>2000000000", t, count=1),
    "gridBefore 2000000000": lambda t: t.replace("<w:trPr>", '<w:trPr><w:gridBefore w:val="2000000000"/>', 1),
    # the body's namespace changed: python-docx gives a plain element without .body
    "other w: namespace": lambda t: t.replace(W_NS, 'xmlns:w="urn:not-word"', 1),
    # 1,500 copies of one table row: 12 MB of XML in a 0.2 MB file, read cell by cell
    "1500 extra table rows": lambda t: _repeat_last_row(t, 1500),
}


@pytest.mark.parametrize("edit", list(DOCX_EDITS))
def test_docx_finding(tmp_path, demo_docx, edit):
    data = F.replace_part(demo_docx, "word/document.xml", DOCX_EDITS[edit])
    p = tmp_path / "report.docx"
    p.write_bytes(data)
    read_quickly(lambda: read_path(p), f"our .docx with {edit}")


def _repeat_first(pattern: str, text: str, n: int) -> str:
    """``text`` with the first match of ``pattern`` (an element) repeated ``n`` more times after it."""
    m = re.search(pattern, text, re.S)
    return text[:m.end()] + m.group() * n + text[m.end():]


@pytest.mark.parametrize("edit, says", [
    # tools/fuzz.py docx case 11005145: the first table ×396, 1,626 rows in all, each table under
    # the per-table limit, all their text read (2.6 s) before the total was refused
    (lambda t: _repeat_first(r"<w:tbl>.*?</w:tbl>", t, 400), "的表格共有"),
    (lambda t: _repeat_first(r"<w:p[ >].*?</w:p>", t, 20_001), "段文字"),
    # tools/fuzz.py docx case 11006708: one run repeated 34,632 times in a paragraph (2.3 s)
    (lambda t: _repeat_first(r"<w:r>.*?</w:r>", t, 40_001), "段格式"),
], ids=["the first table 400 times", "20001 paragraphs", "40001 runs"])
def test_docx_far_too_many_rows_paragraphs_or_runs_refused_before_any_text_is_read(
        tmp_path, demo_docx, monkeypatch, edit, says):
    """The rows of all tables, the paragraphs and the runs are counted first: python-docx
    reads each run's text with an XPath query, so reading them all first costs seconds."""
    from docx.text.paragraph import Paragraph

    p = tmp_path / "report.docx"
    p.write_bytes(F.replace_part(demo_docx, "word/document.xml", edit))
    read = []
    monkeypatch.setattr(Paragraph, "text", property(lambda self: read.append(1) or ""))
    with pytest.raises(SourceError, match=says):
        read_path(p)
    assert read == []


def _govreport_sheet(data: bytes) -> str:
    names = [n for n, _, t in F._zip_parts(data) if t and n.startswith("xl/worksheets/") and "govreport-xlsx" in t]
    assert len(names) == 1, names
    return names[0]


def _small_workbook(tmp_path: Path, far: str | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    ws["B2"] = 1
    if far:
        ws[far] = 1
    p = tmp_path / "small.xlsx"
    wb.save(p)
    return p.read_bytes()


def test_xlsx_with_far_too_many_rows_stops_reading_at_the_limit(tmp_path, monkeypatch):
    """30 sheets of 100 full rows: reading stops once 1,500 rows are read, with a Chinese
    message, instead of reading every sheet (up to 2,000 × 60 cells each) before refusing."""
    from openpyxl import Workbook

    from govreport_gui.core.importers import readers

    wb = Workbook(write_only=True)
    for n in range(30):
        ws = wb.create_sheet(f"表{n + 1}")
        for r in range(100):
            ws.append([f"第{r}行"] + list(range(59)))
    p = tmp_path / "many-sheets.xlsx"
    wb.save(p)
    real, sheets_read = readers.sheet_grid, []
    monkeypatch.setattr(readers, "sheet_grid", lambda ws, *a: sheets_read.append(ws.title) or real(ws, *a))
    with pytest.raises(SourceError, match="超过 1500 行"):
        read_path(p)
    assert len(sheets_read) == 16


def _tokens_ok_whole(data: bytes, max_token: int) -> bool:
    """Whether readers.scan_xml finds nothing wrong, worked out on the whole text at once."""
    if re.search(rb"<[^>]{%d}" % max_token, data):
        return False
    for n, m in enumerate(re.finditer(rb"<!--|<\?", data), start=1):
        end = b"-->" if data[m.start() + 1:m.start() + 2] == b"!" else b"?>"
        if n > readers.MAX_XML_SPECIALS or data.find(end, m.end(), m.start() + max_token) < 0:
            return False
    return True


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([b"<", b">", b"<!--", b"-->", b"<?", b"?>", b"x", b"xxxxx"]), max_size=60),
       st.integers(1, 12), st.integers(1, 12))
def test_xml_token_scan_in_chunks_agrees_with_the_whole_text(parts, chunk, max_token):
    """Tokens across chunk boundaries are seen whole, and each comment is checked once."""
    data = b"".join(parts)
    assert (readers.scan_xml(io.BytesIO(data), chunk, max_token) is None) == _tokens_ok_whole(data, max_token)


def _sheet_problem_whole(data: bytes) -> str | None:
    """What readers.scan_xml says of a worksheet's rows, worked out on the whole text."""
    last, cells, pos = 0, 0, 0
    for m in readers._ROW_TAG.finditer(data):
        cells += len(readers._CELL_TAG.findall(data, pos, m.start()))
        if cells > readers.MAX_ROW_CELLS:
            return "一行中的单元格过多"
        number = readers._ROW_NUMBER.search(m.group())
        row = int(number.group(1)) if number else last + 1
        if row <= last:
            return "行号重复或顺序颠倒"
        last, cells, pos = row, 0, m.end()
    if cells + len(readers._CELL_TAG.findall(data, pos)) > readers.MAX_ROW_CELLS:
        return "一行中的单元格过多"
    return None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([b'<row r="1">', b'<row r="2">', b'<row r="10" spans="1:3">', b"<row>",
                                 b'<c r="A1"/>', b"<c>", b"</c>", b"</row>", b"x", b"<rowBreaks/>", b"<col/>"]),
                max_size=40), st.integers(1, 40))
def test_worksheet_row_scan_in_chunks_agrees_with_the_whole_text(parts, chunk):
    data = b"".join(parts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(readers, "MAX_ROW_CELLS", 3)
        assert readers.scan_xml(io.BytesIO(data), chunk, 32, rows=True) == _sheet_problem_whole(data)


@pytest.mark.parametrize("edit, says", [
    # tools/fuzz.py xlsx case 12002612: a row repeated 35,714 times; openpyxl parsed every copy
    # (its row number is not above max_row) and yielded none: 4.6 s
    (lambda t: _repeat_first(r"<row [^>]*>.*?</row>", t, 3), "行号重复或顺序颠倒"),
    (lambda t: _repeat_first(r"<c [^>]*>.*?</c>", t, 2001), "一行中的单元格过多"),
], ids=["a row repeated", "2001 cells in a row"])
def test_xlsx_rows_out_of_order_or_too_wide_refused_before_openpyxl_reads_them(tmp_path, demo_xlsx, edit, says):
    sheet = _govreport_sheet(demo_xlsx)
    p = tmp_path / "rows.xlsx"
    p.write_bytes(F.replace_part(demo_xlsx, sheet, edit))
    with pytest.raises(SourceError, match=says):
        read_path(p)


XLSX_TOKENS = {
    # tools/fuzz.py xlsx case 1452032748979: expat 2.5 rescans an unfinished token at every
    # 64 kB that openpyxl's iterparse feeds it: a 6 MB attribute took 3.7 s
    "a 6 MB attribute": lambda t: t.replace("<c ", '<c x="' + "中" * 2_000_000 + '" ', 1),
    "a 6 MB comment": lambda t: t.replace("<sheetData>", "<sheetData><!--" + ">" * 6_000_000 + "-->", 1),
    "a 6 MB instruction": lambda t: t.replace("<sheetData>", "<sheetData><?x " + ">" * 6_000_000 + "?>", 1),
}


@pytest.mark.parametrize("edit", list(XLSX_TOKENS))
def test_xlsx_with_a_huge_xml_token_is_refused_before_openpyxl_reads_it(tmp_path, edit):
    data = F.replace_part(_small_workbook(tmp_path), "xl/worksheets/sheet1.xml", XLSX_TOKENS[edit])
    p = tmp_path / "token.xlsx"
    p.write_bytes(data)
    with pytest.raises(SourceError, match="超长的标记"):      # said by the scan, before openpyxl
        read_path(p)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([b"<sheet ", b"<sheet/>", b"<x:sheet>", b"<sheets>", b"<sheetData>", b"x", b"<",
                                 b"<xf ", b"<xfs>", b"<xf/>"]),
                max_size=40), st.integers(1, 9))
def test_counting_sheet_tags_in_chunks_agrees_with_the_whole_text(parts, chunk):
    data = b"".join(parts)
    assert readers.count_matches(io.BytesIO(data), readers._COUNTED_TAG, chunk) == \
        dict(Counter(readers._COUNTED_TAG.findall(data)))


def test_xlsx_listing_ten_thousand_sheets_is_refused_before_openpyxl_opens_it(tmp_path, demo_xlsx):
    """tools/fuzz.py xlsx cases 11005699, 11008620: one <sheet> of workbook.xml repeated
    10,000 times; openpyxl made a worksheet of each (over 5 s)."""
    p = tmp_path / "sheets.xlsx"
    p.write_bytes(F.replace_part(demo_xlsx, "xl/workbook.xml", lambda t: _repeat_first(r"<sheet [^>]*/>", t, 10_000)))
    with pytest.raises(SourceError, match="个以上的工作表"):
        read_path(p)


def test_xlsx_with_too_many_cell_formats_is_refused_with_advice(tmp_path, demo_xlsx):
    """tools/fuzz.py xlsx case 13009562: one <xf> of styles.xml repeated 44,444 times; openpyxl
    spent 5 s building the styles before a cell was read."""
    p = tmp_path / "styles.xlsx"
    p.write_bytes(F.replace_part(demo_xlsx, "xl/styles.xml",
                                 lambda t: _repeat_first(r"<xf [^>]*/>|<xf [^>]*>.*?</xf>", t, 20_001)))
    with pytest.raises(SourceError, match="种单元格格式.*复制到一个新工作簿"):
        read_path(p)


def test_xlsx_is_opened_once_whether_ours_or_someone_elses(tmp_path, demo_xlsx, monkeypatch):
    """openpyxl's opening is most of the time a workbook takes (its styles above all): ours is
    opened once with formulas, someone else's once with values, the workbook part telling which."""
    opened = []
    real = readers.open_workbook
    monkeypatch.setattr(readers, "open_workbook", lambda p, data_only=True: opened.append(data_only) or real(p, data_only))
    ours = tmp_path / "ours.xlsx"
    ours.write_bytes(demo_xlsx)
    assert read_path(ours).report.values == F.demo_report().values
    assert opened == [False]
    opened.clear()
    other = tmp_path / "other.xlsx"
    other.write_bytes(_small_workbook(tmp_path))
    with pytest.raises(SourceError):
        read_path(other)
    assert opened == [True]


def test_xlsx_token_scan_passes_every_workbook_we_and_others_write(tmp_path, demo_xlsx):
    """Our own export, openpyxl's and LibreOffice's are read as before."""
    p = tmp_path / "ours.xlsx"
    p.write_bytes(demo_xlsx)
    assert read_path(p).report.values
    p.write_bytes(_small_workbook(tmp_path))
    readers.check_zip(p, "xlsx")


def test_xlsx_finding_own_export_with_a_far_cell_in_the_hidden_sheet(tmp_path, demo_xlsx):
    """One cell typed at XFD1048576 in the hidden _govreport sheet: _read_own_xlsx iterates
    every row and column up to it (17 billion cells)."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = F.replace_part(demo_xlsx, _govreport_sheet(demo_xlsx), lambda t: t.replace("</sheetData>", far, 1))
    p = tmp_path / "report.xlsx"
    p.write_bytes(data)
    read_quickly(lambda: read_path(p), "our .xlsx with a cell at XFD1048576 in _govreport")


def test_xlsx_finding_someone_elses_workbook_with_a_far_cell(tmp_path):
    """A 5 kB workbook with a cell at XFD2000: sheet_grid makes openpyxl create 2000 × 16384 cells."""
    p = tmp_path / "other.xlsx"
    p.write_bytes(_small_workbook(tmp_path, far="XFD2000"))
    read_quickly(lambda: read_path(p), "a workbook with a cell at XFD2000")


def test_xlsx_finding_a_large_merged_range(tmp_path):
    """<mergeCell ref="A3:Z20000"/>: openpyxl's load_workbook creates a MergedCell for each
    of the 520,000 cells (A3:XFD1048576 would be 17 billion) before the reader sees anything."""
    merge = '</sheetData><mergeCells count="1"><mergeCell ref="A3:Z20000"/></mergeCells>'
    data = F.replace_part(_small_workbook(tmp_path), "xl/worksheets/sheet1.xml",
                          lambda t: t.replace("</sheetData>", merge, 1))
    p = tmp_path / "merged.xlsx"
    p.write_bytes(data)
    read_quickly(lambda: read_path(p), "a workbook with the merged range A3:Z20000")


def _deep(d: int) -> str:
    return "[" * d + "]" * d


@pytest.mark.parametrize("where_", ["unknown top-level key", "meta", "previous"])
def test_govreport_finding_deep_nesting_under_a_kept_key(where_):
    """JSON nested 600 deep parses (json refuses ~1000), then native._kept copies it
    recursively (two frames a level): RecursionError."""
    obj = {"govreport": 1, "edition": "2021", "year": 2024}
    text = json.dumps(obj)[:-1]
    if where_ == "unknown top-level key":
        text += ', "x": ' + _deep(600) + "}"
    elif where_ == "meta":
        text += ', "meta": {"x": ' + _deep(600) + "}}"
    else:
        text += ', "previous": {"year": 2023, "x": ' + _deep(600) + "}}"
    read_quickly(lambda: native.loads(text.encode()), f".govreport with [[…]] 600 deep under {where_}")


TEXT_FINDINGS = {
    # narrative._CJK_SPACE: "[ \t]+(?=…)" tried from every space of a run: quadratic
    "20000 spaces between two letters": "a" + " " * 20_000 + "a",
    # narrative._TITLE ("^(?P<issuer>.*?)\s*…") on a paragraph with a run of 　 (U+3000),
    # once for each line joined to it
    "5000 ideographic spaces, then 20 short lines": "a" + "\u3000" * 5000 + "a\n" + "1\n" * 20,
    # narrative.join_lines: _TITLE.match on the growing paragraph for every line joined to it
    "4000 wrapped lines without 。": "这是一行没有句号的文字这是一行没有句号的文字这是一行没有句号的文字\n" * 4000,
    # readers.text_rows_numbered and tables.label call values.parse for every cell, several
    # times: 250,000 cells in 500 kB (under MAX_TEXT_CHARS and MAX_TEXT_LINES)
    "25 lines of 10000 tab-separated numbers": ("合计" + "\t1" * 10_000 + "\n") * 25,
    # tables.norm (translate + re.sub) ran ~160 times on the same 1.3 MB label: found by
    # tools/fuzz.py (text, case 11008601: 'xxxxxxx' ×189007 inserted into a line)
    "one line of 1.9 million characters": "本报告根据《条例》编制。统计期限为2" + "x" * 1_900_000 + "\n一、总体情况\n",
}


@pytest.mark.parametrize("name", list(TEXT_FINDINGS))
def test_text_finding(name):
    text = TEXT_FINDINGS[name]
    read_quickly(lambda: read_text(text), f"pasted text: {name} ({len(text)} characters)")


@pytest.mark.parametrize("text, says", [
    # tools/fuzz.py text case 11002024: '<td>' ×199267 went through html.parser (3 s)
    ("<table><tr>" + "<td>" * 200_000, "个以上的标记"),
    ("合计" + "\t1" * 100 + "\n", "第1行有 101 个单元格"),
    ("标题\n合计 " + " 1" * 100 + "\n", "第2行末尾的数字超过 60 个"),
    (("合计" + "\t1" * 50 + "\n") * 500, "单元格超过 20000 个"),
])
def test_text_with_too_many_cells_is_refused_before_it_is_read(text, says):
    """A row far wider than any official table, far more cells or web-page tags than a report
    has: a Chinese message naming the problem, instead of seconds spent parsing each cell."""
    with pytest.raises(SourceError, match=says):
        read_text(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789０１-－+.,，万元件 —/无٣a中\u3000")), max_size=20))
def test_is_number_fast_paths_agree_with_the_full_parse(text):
    """tables.is_number skips the full parse for plain digits and digit-free labels (a mark printed
    for "nothing", “—” or “/”, stands for a number's place: read blank)."""
    s = T._SPACE.sub("", text)
    if s.startswith(("-", "－", "+")) and len(s) > 1:
        s = s[1:]
    assert T.is_number(text) == (T.parse_number(s, "amount") is not None or s in T.BLANK_MARKS)


def _pdf_with_pages(model: F.PdfModel, n: int) -> F.PdfModel:
    """The demo's pages copied (new objects) until there are ``n``."""
    m = model.copy()
    pages = m.objects[m.objects[m.trailer["Root"].objid]["Pages"].objid]
    kids = list(pages["Kids"])
    new, nxt = [], max(m.objects) + 1
    for i in range(n):
        m.objects[nxt] = copy.deepcopy(m.objects[kids[i % len(kids)].objid])
        new.append(F.Ref(nxt))
        nxt += 1
    pages["Kids"], pages["Count"] = new, n
    return m


def test_pdf_finding_eighty_pages(tmp_path, pdf_seed):
    """80 pages (the most MAX_PDF_PAGES lets through), each a page of the demo: pdf_worker
    needs about 0.1 s a page, so the child runs past 5 s (read_pdf stops it only at 20 s)."""
    p = tmp_path / "80pages.pdf"
    p.write_bytes(_pdf_with_pages(F.pdf_model(pdf_seed), 80).to_bytes())
    read_quickly(lambda: pdf_worker(str(p)), "pdf_worker on an 80-page PDF")


def test_pdf_finding_one_page_with_a_long_content_stream(tmp_path, pdf_seed):
    """One page whose content stream is a demo page's, 150 times (1.3 MB decoded): pdfminer
    interprets every operator; nothing limits the size of a page."""
    one = F.pdf_model(pdf_seed).single_page(1)
    cid = one.objects[one.pages()[0]]["Contents"].objid
    s = one.objects[cid]
    one.objects[cid] = F.Stream(s.attrs, s.data * 150)
    p = tmp_path / "long-page.pdf"
    p.write_bytes(one.to_bytes())

    def read():
        with F.pdf_in_process():
            return read_path(p)

    read_quickly(read, "a one-page PDF with a 1.3 MB content stream")


# ------------------------------------------------------------------------------------------
# the tool


def test_fuzz_tool_runs_and_replays(tmp_path):
    """tools/fuzz.py runs cases and prints its table; --replay rebuilds a case."""
    tool = ["-m", "tools.fuzz"]                  # as documented: a module, run from the repository's root
    done = subprocess.run([sys.executable, *tool, "--reader", "govreport", "--cases", "30", "--seed", "3",
                           "--out", str(tmp_path / "out"), "--quiet"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert re.search(r"^govreport\s+30\s", done.stdout, re.M), done.stdout + done.stderr
    done = subprocess.run([sys.executable, *tool, "--reader", "govreport", "--replay", "3000007",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "mutation:" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "out" / "govreport" / "replay-3000007.govreport").exists()
