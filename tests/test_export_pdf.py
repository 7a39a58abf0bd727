"""Export to PDF (issue 15, item 2): laid out like the Word export, no office suite needed.

The demo (2021 edition) and the four published reports of tests/fixtures/published (2019 and 2021
editions) are exported and read back through our own PDF reader (``importers.read_path``): every
value in its cell, the year, the issuer, the closing date, every section's words (the reader joins
a PDF's lines into paragraphs by guesswork, so the words are compared without the breaks). The
file itself: A4 pages, text inside the GB/T 9704 type area, page numbers “— n —” outside it, fonts
embedded (pdffonts), the text readable as printed (二, not the Kangxi radical ⼆ that shares its
glyph), a note for each official font that is not installed. The command line writes it in the
worker child, also with no display and no QT_QPA_PLATFORM; the window's 导出PDF writes it too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from conftest import CJK, DEMO, run_cli
from govreport_gui.core import native
from govreport_gui.core.export import ExportError, ExportRefused, cell_text, registry
from govreport_gui.core.export import fonts as F
from govreport_gui.core.importers import read_path

PUBLISHED = Path(__file__).resolve().parent / "fixtures" / "published"
SOURCES = {"demo": DEMO, **{p.stem: p for p in sorted(PUBLISHED.glob("*.govreport"))}}
TEXTS = ("preface", "s1", "s5", "s6")
MM = 72 / 25.4                                     # PDF points in a millimetre
TOP, BOTTOM = F.MARGINS["top"].mm * MM, (297 - F.MARGINS["bottom"].mm) * MM
LEFT, RIGHT = F.MARGINS["left"].mm * MM, (210 - F.MARGINS["right"].mm) * MM
RADICALS = re.compile("[\u2e80-\u2fdf]")          # CJK radicals: never in a report, never in its PDF


@pytest.fixture(scope="module")
def pdf_export(qapp):
    from govreport_gui.ui import pdf_export

    return pdf_export


def load(name: str):
    """A sample report; one without a publication date gets one, so that the closing is printed."""
    r = native.load(SOURCES[name])
    if not r.meta.get("published"):
        r.meta["published"] = "2021-01-22"
    return r


def written(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def words(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def exported(pdf_export, tmp_path_factory):
    """Each sample exported once: {name: (report, path, notes)}."""
    d = tmp_path_factory.mktemp("pdf-export")
    out = {}
    for name in SOURCES:
        rep = load(name)
        path = d / f"{name}.pdf"
        out[name] = (rep, path, pdf_export.export(rep, path))
    return out


def test_the_registry_names_the_pdf():
    fmt = registry.by_suffix(".PDF")
    assert fmt is not None and fmt.kind == "pdf" and fmt.menu == "导出PDF(&P)…" and not fmt.template
    assert registry.by_kind("pdf") is fmt and fmt.name == "PDF 文档"


def test_the_samples_cover_both_editions():
    assert len(SOURCES) == 5
    assert {native.load(p).edition for p in SOURCES.values()} == {"2019", "2021"}


# --------------------------------------------------------------------------
# reading back


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_pdf_reads_back_cell_for_cell(exported, name):
    rep, path, notes = exported[name]
    assert all(n.startswith("本机未安装字体") for n in notes), notes
    res = read_path(path)
    got = res.report
    assert res.kind == "pdf" and res.problems == []
    assert (got.edition, got.year, got.issuer) == (rep.edition, rep.year, rep.issuer)
    assert {c: got.values.get(c) for c in rep.values} == rep.values
    for c in rep.blank_cells():            # blank stays blank; a total of known parts prints as their sum
        v = got.values.get(c)
        assert ("" if v is None else written(v)) == cell_text(rep, c, "empty"), c
    assert got.meta.get("published") == rep.meta["published"]
    for tid in TEXTS:
        assert words(got.text.get(tid)) == words(rep.text.get(tid)), tid


@pytest.mark.parametrize("name", list(SOURCES))
def test_a4_pages_text_in_the_type_area_numbers_below_it(exported, name):
    _, path, _ = exported[name]
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        assert 3 <= len(pages) <= 15
        for n, page in enumerate(pages, start=1):
            assert (round(page.width), round(page.height)) == (595, 842)          # A4
            inside = [c for c in page.chars if c["top"] >= TOP - 1 and c["bottom"] <= BOTTOM + 1]
            below = [c for c in page.chars if c not in inside]
            assert min(c["x0"] for c in inside) >= LEFT - 1 and max(c["x1"] for c in inside) <= RIGHT + 1
            # nothing above the type area (a line drawn twice, on both sides of a page break)
            number = "".join(c["text"] for c in below)
            assert number == f"— {n} —", (n, number)
            top = min(c["top"] for c in below)                 # its line 7 mm below the type area
            assert 0 <= top - (BOTTOM + 7 * MM) <= F.SIZE_PAGE.pt / 2, top - (BOTTOM + 7 * MM)
            if n % 2:        # odd pages: one character in from the right; even pages: from the left
                assert abs(max(c["x1"] for c in below) - (RIGHT - F.SIZE_PAGE.pt)) < 2
            else:
                assert abs(min(c["x0"] for c in below) - (LEFT + F.SIZE_PAGE.pt)) < 2


def test_the_text_is_the_characters_printed(exported):
    """Qt names a glyph by the lowest code point that draws it; the export puts 二 back for ⼆."""
    rep, path, _ = exported["demo"]
    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert not RADICALS.search(text), RADICALS.findall(text)[:10]
    lines = [line.replace(" ", "") for line in text.splitlines()]
    for s in rep.ed.sections:
        assert s.heading in lines, s.heading
    assert "— 1 —" in text and rep.issuer in lines


@pytest.mark.parametrize("name", list(SOURCES))
def test_tables_stay_on_a_page_but_san_goes_on_with_its_header_repeated(exported, name):
    """二 and 四 are each on one page with their heading. 三 (print.split in the edition) may go
    on over a page rather than leave half a page empty: its header rows and at least three rows
    stay with its heading, the next page begins with its header rows again, and no row is cut
    (every figure reads back, test_the_pdf_reads_back_cell_for_cell)."""
    rep, path, _ = exported[name]
    with pdfplumber.open(path) as pdf:
        pages = [words(p.extract_text() or "") for p in pdf.pages]
        for s in rep.ed.sections:
            if s.kind != "table":
                continue
            table = rep.ed.tables[s.id]
            at = [i for i, text in enumerate(pages) if words(s.heading) in text]
            assert len(at) == 1, s.heading
            if not table.splits:
                assert len(pdf.pages[at[0]].find_tables()) >= 1
                continue
            header = "申请人情况"
            assert header in pages[at[0]] and "（一）予以公开" in pages[at[0]]     # header and first rows
            last = words(table.row_names["carried_out"])
            if last not in pages[at[0]]:              # it went on: the header again on the next page
                assert pages[at[0] + 1].startswith(words("（本列数据的勾稽关系")) or header in pages[at[0] + 1][:80]
                assert last in pages[at[0] + 1]


def test_san_goes_on_over_the_page_rather_than_leave_it_half_empty(exported):
    """The demo's 三 begins under its heading on the page 二 ends on, as Word prints it."""
    rep, path, _ = exported["demo"]
    with pdfplumber.open(path) as pdf:
        pages = [words(p.extract_text() or "") for p in pdf.pages]
    san = next(i for i, t in enumerate(pages) if words(rep.ed.section("s3").heading) in t)
    er = next(i for i, t in enumerate(pages) if words(rep.ed.section("s2").heading) in t)
    assert san == er
    assert "申请人情况" in pages[san + 1]


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_issuer_and_the_date_are_on_one_page(exported, name):
    from govreport_gui.core.export import printable, published_date

    rep, path, _ = exported[name]
    with pdfplumber.open(path) as pdf:
        last = words(pdf.pages[-1].extract_text())
    assert words(printable(rep.issuer)) in last and words(published_date(rep)) in last


def test_a_long_paragraph_goes_on_over_pages_and_reads_back_whole(pdf_export, tmp_path):
    """10,000 characters over many pages: each line printed once, in order (Qt draws a paragraph's
    last line above the page being drawn as well: a paragraph is split where a page begins)."""
    rep = load("demo")
    long = "本机关持续推进政务公开标准化规范化建设。" * 500
    rep.text["s5"] = rep.text["s5"] + "\n" + long
    out = tmp_path / "long.pdf"
    pdf_export.export(rep, out)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) > 15
        for page in pdf.pages:
            assert [c for c in page.chars if c["top"] < TOP - 1] == []
    got = read_path(out).report
    assert words(got.text["s5"]) == words(rep.text["s5"])
    assert got.values == rep.values


def test_fonts_are_embedded(exported):
    assert shutil.which("pdffonts"), "pdffonts (poppler-utils) is needed"
    for name in ("demo", "2020_hainan_township"):
        out = subprocess.run(["pdffonts", str(exported[name][1])], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
        assert rows, out
        for row in rows:
            emb = row[-5]                       # name type encoding emb sub uni object ID
            assert emb == "yes", out


def test_a_replaced_official_font_is_named(pdf_export, monkeypatch):
    fonts, notes = pdf_export.resolve_fonts()
    installed = {f.lower() for f in pdf_export._families()}
    for role in pdf_export.NOTED:
        official, what, _ = pdf_export.ROLES[role]
        said = [n for n in notes if f"“{official}”" in n]
        if official.lower() in installed:
            assert said == [] and fonts[role] == official
        elif fonts[role] in pdf_export.SAME_FONT.get(official, ()):        # its other name
            assert said == []
        else:
            assert len(said) == 1 and f"PDF 中的{what}改用“{fonts[role]}”" in said[0], said
    # with 仿宋_GB2312 installed, the body is printed in it and nothing is said about it
    here = pdf_export._families()
    monkeypatch.setattr(pdf_export, "_families", lambda: {**here, "仿宋_gb2312": "仿宋_GB2312"})
    fonts, notes = pdf_export.resolve_fonts()
    assert fonts["body"] == "仿宋_GB2312" and not [n for n in notes if "仿宋_GB2312" in n]
    # 黑体 listed under its English name is 黑体: nothing to say; 仿宋 for 仿宋_GB2312 is said
    monkeypatch.setattr(pdf_export, "_families", lambda: {**here, "simhei": "SimHei", "仿宋": "仿宋"})
    fonts, notes = pdf_export.resolve_fonts()
    assert fonts["heading1"] == "SimHei" and not [n for n in notes if "“黑体”" in n]
    assert fonts["body"] == "仿宋" and "本机未安装字体“仿宋_GB2312”，PDF 中的正文和表格改用“仿宋”" in notes


def test_the_pdf_says_which_fonts_were_replaced(exported, pdf_export):
    _, _, notes = exported["demo"]
    assert notes == pdf_export.resolve_fonts()[1]


# --------------------------------------------------------------------------
# options and refusals


def test_blank_zero_prints_every_blank_cell_as_zero(pdf_export, tmp_path):
    rep = load("2020_hainan_township")
    assert len(rep.blank_cells()) == 138
    out = tmp_path / "zero.pdf"
    pdf_export.export(rep, out, blank="zero")
    res = read_path(out)
    assert res.problems == []
    got = res.report
    assert {c: got.values.get(c) for c in rep.values} == rep.values
    for c in rep.blank_cells():
        assert got.values.get(c) == int(cell_text(rep, c, "zero")), c


def test_unknown_blank_mode_is_refused_in_chinese(pdf_export, tmp_path):
    with pytest.raises(ExportError) as e:
        pdf_export.export(native.load(DEMO), tmp_path / "x.pdf", blank="none")
    assert CJK.search(str(e.value))
    assert list(tmp_path.iterdir()) == []


def test_report_with_errors_is_refused_and_force_writes(pdf_export, tmp_path):
    rep = native.load(DEMO)
    rep.values["s3.new.total"] += 1          # 357 -> 358: R1 errors
    path = tmp_path / "out.pdf"
    path.write_bytes(b"last year's file")
    with pytest.raises(ExportRefused) as e:
        pdf_export.export(rep, path)
    assert "未导出" in str(e.value) and path.read_bytes() == b"last year's file"
    pdf_export.export(rep, path, force=True)
    assert read_path(path).report.values["s3.new.total"] == 358


def test_control_characters_are_removed_and_said(pdf_export, tmp_path):
    rep = native.load(DEMO)
    rep.text["s5"] = "甲\x01乙\x02丙" + rep.text["s5"]
    notes = pdf_export.export(rep, tmp_path / "x.pdf")
    assert any("无法写入 PDF，已删去" in n and "U+0001" in n for n in notes), notes
    assert words(read_path(tmp_path / "x.pdf").report.text["s5"]).startswith("甲乙丙")


# --------------------------------------------------------------------------
# the command line (the worker child) and the window


def test_cli_exports_pdf(capsys, tmp_path):
    out = tmp_path / "年报.pdf"
    code, _, err = run_cli(capsys, "export", DEMO, "-o", out)
    assert code == 0, err
    assert "已导出" in err
    assert read_path(out).report.values == native.load(DEMO).values


def test_cli_exports_pdf_with_no_display(capsys, tmp_path, monkeypatch):
    """The child starts Qt offscreen by itself: no QT_QPA_PLATFORM, no X or Wayland display."""
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    out = tmp_path / "无显示.pdf"
    code, _, err = run_cli(capsys, "export", DEMO, "-o", out)
    assert code == 0, err
    assert read_path(out).report.values == native.load(DEMO).values


def test_cli_refuses_a_template_for_pdf(capsys, tmp_path):
    code, _, err = run_cli(capsys, "export", DEMO, "-o", tmp_path / "out.pdf", "--template", DEMO)
    assert code == 2 and CJK.search(err)
    assert list(tmp_path.iterdir()) == []


def test_export_pdf_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    said = []

    def fake_exec(box):
        said.append((box.objectName(), box.text()))
        box._clicked = box.buttons()[-1]            # 关闭
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: getattr(box, "_clicked", None))
    out = tmp_path / "报告.pdf"
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, suggested, filt, *a, **k: offered.append((suggested, filt)) or (str(out), ""))
    act = window.act_export_pdf
    assert act.objectName() == "actExportPdf" and act.text() == "导出PDF(&P)…"
    act.trigger()
    assert [name for name, _ in said] == ["exportDoneBox"]
    assert offered[0][0].endswith(".pdf") and offered[0][1] == "PDF 文档 (*.pdf)"
    got = read_path(out).report
    rep = window.doc.report
    assert (got.year, got.issuer) == (rep.year, rep.issuer) and got.values == rep.values
    from govreport_gui.ui import pdf_export

    for note in pdf_export.resolve_fonts()[1]:      # the clerk is told which font was replaced
        assert note in said[0][1]


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_closing_stands_as_gbt_9704_says(exported, name):
    """The issuer 右空二字, the date's first character two characters right of the issuer's (a
    date longer than the issuer stands 右空二字 itself): as the Word export places them."""
    from govreport_gui.core.export import printable, published_date, signature_indents

    rep, path, _ = exported[name]
    issuer, date = printable(rep.issuer), published_date(rep)
    issuer_in, date_in = signature_indents(issuer, date)
    size = F.SIZE_BODY.pt
    with pdfplumber.open(path) as pdf:
        lines = {words(line["text"]): line for line in pdf.pages[-1].extract_text_lines()}
    i, d = lines[words(issuer)], lines[words(date)]
    assert i["x1"] == pytest.approx(RIGHT - issuer_in * size, abs=1.5)
    assert d["x1"] == pytest.approx(RIGHT - date_in * size, abs=1.5)
    if len(date) <= len(issuer):      # digits counted as half a character: the font's own are a little wider
        assert d["x0"] - i["x0"] == pytest.approx(2 * size, abs=size / 4)
