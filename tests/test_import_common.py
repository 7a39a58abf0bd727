"""Import, whatever the format: our own exports read back; the command line (carrying last year
over with ``govreport new --from``, ``import``, ``check``, ``show``); hostile and wrong files of
any kind refused with a clear Chinese message, nothing imported, quickly.

The formats one by one: tests/test_import_docx.py (the official Word template filled in by
hand), tests/test_import_pdf.py, tests/test_import_text.py, tests/test_import_xlsx.py. Every
input is built in code (tests/import_fixtures.py); nothing is read from /work/shared.
"""

from __future__ import annotations

import json
import time

import pytest

import import_fixtures as F
from conftest import CJK, DEMO, run_cli
from govreport_gui.core import edition as E
from govreport_gui.core import native, rules
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.export import docx as export_docx
from govreport_gui.core.export import xlsx as export_xlsx
from govreport_gui.core.importers import SourceError, read_path, read_text
from govreport_gui.core.importers import readers
from import_helpers import (ALL_SECTIONS, COLS7, DONGAN, FAST, TEXT_A, TEXTS, TRUTH_A, diff)

pytestmark = pytest.mark.usefixtures("read_in_this_process")     # the readers in this process (tests/conftest.py)


# ============================================================================================
# round trips of our own exports


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("source", [DEMO, DONGAN], ids=["demo-2021", "dongan-2019"])
def test_round_trip_of_our_export(tmp_path, source, kind):
    src = native.load(source)
    out = tmp_path / f"report.{kind}"
    (export_docx if kind == "docx" else export_xlsx).export(src, out)
    res = read_path(out)
    got = res.report
    assert res.kind == kind
    assert (got.edition, got.year, got.issuer) == (src.edition, src.year, src.issuer)
    assert len(got.values) == len(src.ed.cells) == len(src.values)
    assert diff(src.values, got.values) == {}
    for tid in TEXTS:
        assert F.text_lines(got.text.get(tid)) == F.text_lines(src.text.get(tid)), tid
    if kind == "docx":
        assert got.meta.get("published") == src.meta.get("published")
    else:
        assert got.meta == src.meta               # the workbook keeps every contact field
    assert res.problems == [] and res.notes == []
    assert res.sections == ALL_SECTIONS
    assert all(cid in res.sources for cid in src.values if cid not in rules.compiled(src.ed).computed)


def test_round_trip_keeps_a_blank_blank_and_a_wrong_total_as_printed(tmp_path):
    """A forced export of a report with a blank cell and a wrong printed total reads back as it was."""
    src = native.load(DEMO)
    del src.values["s3.denied.secret.natural"]
    src.values["s3.new.total"] += 1
    for kind, mod in (("docx", export_docx), ("xlsx", export_xlsx)):
        out = tmp_path / f"r.{kind}"
        mod.export(src, out, force=True)
        got = read_path(out).report
        assert diff(src.values, got.values) == {}, kind
        assert "s3.denied.secret.natural" not in got.values
        assert got.values["s3.new.total"] == src.values["s3.new.total"]


# ============================================================================================
# carrying last year over, import, check, show (the CLI, in-process)


@pytest.fixture
def sources(tmp_path, pdfs):
    """Last year's report in each form: (path, edition of the source)."""
    r21 = F.rich_report("2021")
    r19 = F.rich_report("2019")
    txt = tmp_path / "去年.txt"
    txt.write_text(TEXT_A, encoding="utf-8")
    return {
        "pdf": (pdfs["2019-wrong-total"][0], "2019"),
        "docx": (F.official_docx(tmp_path / "去年.docx", r21), "2021"),
        "xlsx": (F.foreign_xlsx(tmp_path / "去年.xlsx", r19), "2019"),
        "txt": (txt, "2019"),
    }


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "txt"])
def test_new_from_last_years_document_carries_over(tmp_path, capsys, sources, kind):
    src, src_edition = sources[kind]
    last = read_path(src).report
    assert last.edition == src_edition
    year = last.year + 1
    out = tmp_path / "本年.govreport"
    code, _, err = run_cli(capsys, "new", "--from", src, "--year", year, "-o", out)
    assert code == 0, err
    new = native.load(out)
    assert new.year == year and new.edition == E.for_year(year).id == "2021"
    assert new.issuer == last.issuer
    carried = {f"s3.carried_in.{c}": last.values[f"s3.carried_out.{c}"] for c in COLS7}
    assert len(carried) == 7
    assert new.values == carried                   # all 7 columns, and nothing else
    assert new.previous is not None
    assert (new.previous.year, new.previous.edition, new.previous.issuer) == (last.year, last.edition, last.issuer)
    assert diff(last.values, new.previous.values) == {}
    for tid in ("s1", "s5", "s6"):
        assert new.text.get(tid, "") == ""         # last year's narrative is not pasted in


def test_new_from_txt_carries_the_printed_carried_out(tmp_path, capsys):
    src = tmp_path / "去年.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "n.govreport"
    assert run_cli(capsys, "new", "--from", src, "--year", 2021, "-o", out)[0] == 0
    new = native.load(out)
    assert [new.values[f"s3.carried_in.{c}"] for c in COLS7] == [4, 0, 0, 0, 0, 1, 5]


def test_import_writes_the_report_without_carrying_over(tmp_path, capsys, sources):
    src, _ = sources["docx"]
    out = tmp_path / "导入.govreport"
    code, _, err = run_cli(capsys, "import", src, "-o", out)
    assert code == 0, err
    assert "已导入" in err and "200 个数值" in err
    got = native.load(out)
    rep = F.rich_report("2021")
    assert (got.edition, got.year, got.issuer) == ("2021", rep.year, rep.issuer)
    assert diff(rep.values, got.values) == {}
    assert got.previous is None
    assert [got.values[f"s3.carried_in.{c}"] for c in COLS7] == [rep.values[f"s3.carried_in.{c}"] for c in COLS7]
    assert [got.values[f"s3.carried_in.{c}"] for c in COLS7] != [rep.values[f"s3.carried_out.{c}"] for c in COLS7]
    for tid in TEXTS:
        assert F.text_lines(got.text[tid]) == F.text_lines(rep.text[tid])


def test_import_reports_what_could_not_be_placed(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    code, _, err = run_cli(capsys, "import", src, "-o", tmp_path / "a.govreport")
    assert code == 0
    assert "2 处未能放置" in err and "危及“三安全一稳定”" in err and "本机关不掌握相关政府信息" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name,code", [("2021", 0), ("2019-wrong-total", 1)])
def test_check_a_pdf_by_its_printed_totals(capsys, pdfs, name, code):
    got, out, err = run_cli(capsys, "check", pdfs[name][0])
    assert got == code, (out, err)
    if code == 1:
        for rule in ("R1", "R2", "R3"):
            assert f"错误 {rule}：" in out
        assert "结果：有错误" in out
    else:
        assert "错误 R" not in out and "结果：通过" in out


# TEXT_A with its two unplaceable rows printed whole: every figure of the report read
TEXT_A_WHOLE = (TEXT_A.replace("\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t2",
                               "\t\t3. 危及“三安全一稳定”\t2\t0\t0\t0\t0\t0\t2")
                .replace("801000081", "80\t1\t0\t0\t0\t0\t81"))


def test_text_printed_whole_is_read_whole():
    res = read_text(TEXT_A_WHOLE)
    assert diff(TRUTH_A, res.report.values) == {}
    assert res.problems == []


@pytest.mark.parametrize("wrong", [False, True])
def test_check_json_of_a_text_source(tmp_path, capsys, wrong):
    text = TEXT_A_WHOLE
    if wrong:
        text = text.replace("\t(七) 总计\t102\t", "\t(七) 总计\t103\t")
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "check", "--json", src)
    errors = {f["rule"] for f in json.loads(out) if f["severity"] == "error"}
    if wrong:
        assert code == 1 and errors == {"R1", "R2", "R3"}
    else:
        assert code == 0 and errors == set()


def test_show_reads_a_word_source(tmp_path, capsys):
    rep = F.rich_report("2019")
    src = F.official_docx(tmp_path / "x.docx", rep)
    code, out, _ = run_cli(capsys, "show", src)
    assert code == 0
    shown = native.loads(out)
    assert diff(rep.values, shown.values) == {}
    assert (shown.edition, shown.year, shown.issuer) == ("2019", 2020, rep.issuer)


# ============================================================================================
# bad input: a clear Chinese message, nothing imported, quickly


def _zip_bomb_300(tmp_path):
    return F.zip_bomb(tmp_path / "年报.docx", 300)


def _ratio_bomb_xlsx(tmp_path):
    return F.zip_bomb(tmp_path / "年报.xlsx", 100)          # under the 200 MB total, but 1000:1


def _sparse(ext):
    def make(tmp_path):
        p = tmp_path / f"大文件{ext}"
        with open(p, "wb") as f:
            f.truncate(200 * 1024 * 1024)
        return p
    return make


def _truncated_docx(tmp_path):
    good = F.official_docx(tmp_path / "good.docx", F.rich_report("2021"))
    data = good.read_bytes()
    p = tmp_path / "损坏.docx"
    p.write_bytes(data[: len(data) // 2])
    return p


def _text_file(name, data):
    def make(tmp_path):
        p = tmp_path / name
        p.write_bytes(data)
        return p
    return make


def _folder(tmp_path):
    p = tmp_path / "文件夹.docx"
    p.mkdir()
    return p


BAD = {
    "shopping list docx": (lambda d: F.shopping_docx(d / "购物清单.docx"), "没有找到政府信息公开工作年度报告"),
    "shopping list xlsx": (lambda d: F.shopping_xlsx(d / "购物清单.xlsx"), "没有找到政府信息公开工作年度报告"),
    "truncated docx": (_truncated_docx, "不是有效的 .docx 文件"),
    "OLE docx": (lambda d: F.ole_file(d / "加密.docx"), "加密的或旧版"),
    "OLE xlsx": (lambda d: F.ole_file(d / "加密.xlsx"), "加密的或旧版"),
    "zip bomb 300 MB docx": (_zip_bomb_300, "解压后过大"),
    "zip bomb 1000:1 xlsx": (_ratio_bomb_xlsx, "解压后过大"),
    "200 MB docx": (_sparse(".docx"), "过大（200 MB）"),
    "200 MB xlsx": (_sparse(".xlsx"), "过大（200 MB）"),
    "200 MB pdf": (_sparse(".pdf"), "过大（200 MB）"),
    "200 MB txt": (_sparse(".txt"), "过大（200 MB）"),
    "200 MB html": (_sparse(".html"), "过大（200 MB）"),
    "200 MB mht": (_sparse(".mht"), "过大（200 MB）"),
    "200 MB doc": (_sparse(".doc"), "过大（200 MB）"),
    "mht without its boundary": (_text_file("网页.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n--x\r\n"),
                                 "缺少分隔标记"),
    "doc that is nothing": (_text_file("年报.doc", b"\x00garbage" * 100), "不是 Word 文件"),
    "et that is nothing": (_text_file("年报.et", b"\x00garbage" * 100), "不是 Excel 文件"),
    "entity expansion xlsx": (lambda d: F.small_xlsx(d / "实体.xlsx", laughs=True), "无法作为 Excel 工作簿打开"),
    "scanned pdf": (lambda d: F.scanned_pdf(d / "扫描.pdf"), "扫描件"),
    "not a pdf": (_text_file("假的.pdf", "这不是PDF文件".encode("utf-8") * 10), "不是 PDF 文件"),
    "docx that is a text": (_text_file("文字.docx", "一、总体情况".encode("utf-8")), "不是有效的 .docx 文件"),
    "unknown extension": (_text_file("年报.odt", b"PK\x03\x04"), "不能读取 .odt 文件"),
    "no extension": (_text_file("年报", b"abc"), "不能读取 无扩展名 文件"),
    "empty txt": (_text_file("空.txt", b""), "是空文件"),
    "not utf-8 nor gbk": (_text_file("乱码.txt", b"\xff\xfe\xfa" * 10), "文字编码无法识别"),
    "folder": (_folder, "是文件夹"),
    "missing": (lambda d: d / "不存在.docx", "找不到文件"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_refused_with_a_chinese_message(tmp_path, case):
    make, words = BAD[case]
    src = make(tmp_path)
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(src)
    elapsed = time.monotonic() - t
    assert isinstance(e.value, GovReportError)
    msg = str(e.value)
    assert words in msg, msg
    assert CJK.search(msg) and "Traceback" not in msg
    assert elapsed < FAST, elapsed


@pytest.mark.parametrize("case", ["shopping list docx", "truncated docx", "OLE xlsx", "zip bomb 1000:1 xlsx",
                                  "200 MB pdf", "scanned pdf", "entity expansion xlsx", "unknown extension",
                                  "missing", "mht without its boundary", "doc that is nothing"])
def test_bad_input_via_the_cli(tmp_path, capsys, case):
    """exit 2, a Chinese message on stderr, no traceback, an existing output file untouched."""
    make, words = BAD[case]
    src = make(tmp_path)
    out = tmp_path / "已有的.govreport"
    before = native.dumps(native.load(DEMO)).encode("utf-8")
    out.write_bytes(before)
    for argv in (["import", src, "-o", out], ["new", "--from", src, "--year", 2025, "-o", out],
                 ["check", src], ["show", src], ["export", src, "-o", tmp_path / "x.docx"]):
        t = time.monotonic()
        code, stdout, err = run_cli(capsys, *argv)
        assert time.monotonic() - t < FAST
        assert code == 2, (argv[0], stdout, err)
        assert words in err and CJK.search(err), (argv[0], err)
        assert "Traceback" not in err and "Traceback" not in stdout
        assert out.read_bytes() == before, argv[0]
    assert not (tmp_path / "x.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".govreport") == ["已有的.govreport"]


def test_size_limit_refused_before_reading(tmp_path, monkeypatch):
    """The limit is checked on the size alone: a file just over it is refused, one just under read."""
    rep = F.rich_report("2019")
    p = F.official_docx(tmp_path / "r.docx", rep)
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", p.stat().st_size - 1)
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert "过大" in str(e.value)
    monkeypatch.setattr(readers, "MAX_SOURCE_BYTES", p.stat().st_size)
    assert diff(rep.values, read_path(p).report.values) == {}


def test_zip_with_too_many_entries_refused(tmp_path):
    import zipfile

    p = tmp_path / "许多.docx"
    with zipfile.ZipFile(p, "w") as z:
        for i in range(readers.MAX_ZIP_ENTRIES + 1):
            z.writestr(f"x/{i}", b"")
    t = time.monotonic()
    with pytest.raises(SourceError) as e:
        read_path(p)
    assert time.monotonic() - t < FAST
    assert "内部文件过多" in str(e.value)
