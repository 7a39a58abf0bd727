"""Reading an office's register (台账): the sheet and header found by their words, title rows, two
header rows, merged cells, blank rows, hidden rows, every date form, CSV in UTF-8 and GBK, old .xls
through LibreOffice, a web system's HTML export; and every bad input refused in Chinese.

The registers are built here, in tmp_path, from rows written in the test. The helpers at the top
(``write_xlsx``, ``write_csv``, ``HEADER``) are used by the other test_ledger_* modules too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from govreport_gui.core.errors import Cancelled
from govreport_gui.core.ledger import LedgerError, NotADate, parse_date, read_register
from govreport_gui.core.ledger import limits as LL

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADER = ["序号", "申请人", "申请人类型", "收到申请日期", "申请内容", "答复日期", "答复类型"]
D = dt.datetime


def write_xlsx(path: Path, rows: list[list], *, merges=(), hidden=(), sheet: str = "台账", before: list | None = None,
               formats: dict[str, str] | None = None) -> Path:
    """A workbook whose sheet ``sheet`` holds ``rows`` from row 1 (None: an empty cell); ``before``:
    sheets ahead of it, (name, rows, state); ``merges``: ranges such as "C5:C7" (the text stays
    in the first cell); ``hidden``: row numbers; ``formats``: cell -> number format."""
    wb = openpyxl.Workbook()
    first = wb.active
    sheets = []
    for name, content, state in before or []:
        ws = wb.create_sheet(name)
        for r in content:
            ws.append(r)
        ws.sheet_state = state
        sheets.append(ws)
    ws = wb.create_sheet(sheet)
    for r in rows:
        ws.append(r)
    for ref in merges:
        top = ws[ref.split(":")[0]].value
        ws.merge_cells(ref)
        ws[ref.split(":")[0]].value = top
    for n in hidden:
        ws.row_dimensions[n].hidden = True
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.remove(first)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def app(n, applicant="自然人", received="2024-03-05", answered="2024-03-20", result="予以公开", name="张三"):
    """A register row in the HEADER's order."""
    return [n, name, applicant, received, f"申请公开第{n}号文件", answered, result]


# -- the header, the sheet, the columns -------------------------------------------------------------


@pytest.mark.parametrize("header", [
    ["编号", "申请人姓名（名称）", "申请人类别", "受理日期", "申请事项", "办结日期", "办理结果"],
    ["序号", "申请人", "申请人身份", "登记日期", "申请内容", "答复时间", "答复情况"],
    ["序号", "申请人", "申请人类型", "收到日期", "申请内容", "办理日期", "处理结果"],
    ["序号", "申请人名称", "申请人类型", "申请日期", "申请内容", "答复日期", "答复结果"],
    ["序号", "申请人", "申请人类型", "收到申请日期（年/月/日）", "申请内容", "答复日期", "答复类型"],
    ["申请内容", "答复类型", "答复日期", "申请人类型", "收到申请日期", "申请人", "序号"],      # any order
])
def test_columns_are_found_by_their_header_words(tmp_path, header):
    by_name = dict(zip(HEADER, app(1)))
    alias = {"编号": "序号", "申请人姓名（名称）": "申请人", "申请人类别": "申请人类型", "受理日期": "收到申请日期",
             "申请事项": "申请内容", "办结日期": "答复日期", "办理结果": "答复类型", "申请人身份": "申请人类型",
             "登记日期": "收到申请日期", "答复时间": "答复日期", "答复情况": "答复类型", "收到日期": "收到申请日期",
             "办理日期": "答复日期", "处理结果": "答复类型", "申请人名称": "申请人", "申请日期": "收到申请日期",
             "答复结果": "答复类型", "收到申请日期（年/月/日）": "收到申请日期"}
    row = [by_name[alias.get(h, h)] for h in header]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", [header, row]))
    assert set(reg.columns) == {"number", "name", "applicant", "received", "content", "answered", "result"}
    assert reg.columns["applicant"][1] == next(h for h in header if alias.get(h, h) == "申请人类型")
    (e,) = reg.entries
    assert e.row == 2
    assert e.values["applicant"] == "自然人" and e.values["result"] == "予以公开"
    assert e.values["received"] == dt.date(2024, 3, 5) and e.values["answered"] == dt.date(2024, 3, 20)
    assert e.values["name"] == "张三" and e.values["number"] == 1


def test_title_rows_above_the_header_and_the_sheet_used_is_said(tmp_path):
    rows = [["某某市某某局2024年政府信息公开申请登记台账"], ["（统计时间：2024年1月1日—12月31日）"], HEADER,
            app(1), app(2, "商业企业")]
    p = write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:G1", "A2:G2"], sheet="申请台账",
                   before=[("填表说明", [["本表由办公室填写"], ["每件申请一行"]], "visible"),
                           ("旧表", [HEADER, app(9)], "hidden")])
    reg = read_register(p)
    assert reg.sheet == "申请台账" and reg.header_rows == (3,)
    assert [e.row for e in reg.entries] == [4, 5]
    said = "\n".join(reg.notes)
    assert "工作表“申请台账”" in said and "第 3 行为表头" in said and "共 2 个工作表" in said
    assert "隐藏工作表（旧表）未读取" in said


def test_two_header_rows_with_merged_group_headers(tmp_path):
    rows = [["序号", "申请人信息", None, "收到申请日期", "申请内容", "答复", None],
            [None, "申请人姓名（名称）", "申请人类型", None, None, "日期", "类型"],
            app(1), app(2, "科研机构", result="部分公开")]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:G1"]))
    assert reg.header_rows == (1, 2)
    assert reg.columns["answered"] == (5, "答复日期") and reg.columns["result"] == (6, "答复类型")
    assert reg.columns["applicant"][0] == 2 and reg.columns["received"][0] == 3
    assert [e.values["applicant"] for e in reg.entries] == ["自然人", "科研机构"]


def test_a_group_header_that_is_itself_a_field_name_yields_to_the_row_below(tmp_path):
    rows = [["序号", "申请人类型", "收到申请日期", "答复情况", None],
            [None, None, None, "答复日期", "答复类型"],
            [1, "自然人", "2024-01-02", "2024-01-10", "予以公开"]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1"]))
    assert reg.columns["answered"][0] == 3 and reg.columns["result"][0] == 4
    assert reg.entries[0].values["result"] == "予以公开"


def test_a_value_merged_down_applies_to_each_row_it_covers(tmp_path):
    rows = [HEADER, app(1, "法人或其他组织-商业企业"), app(2, None), app(3, None), app(4, "自然人")]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, merges=["C2:C4"]))
    assert [e.values.get("applicant") for e in reg.entries] == ["法人或其他组织-商业企业"] * 3 + ["自然人"]
    assert any("第 3、4 行" in n and "合并单元格" in n for n in reg.notes)


def test_merged_dates_and_results_down_a_block(tmp_path):
    rows = [HEADER, app(1, answered="2024-04-01", result="不予公开-属于国家秘密"), app(2, answered=None, result=None)]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, merges=["F2:F3", "G2:G3"]))
    assert all(e.values["answered"] == dt.date(2024, 4, 1) for e in reg.entries)
    assert all(e.values["result"] == "不予公开-属于国家秘密" for e in reg.entries)


def test_blank_rows_block_titles_totals_and_repeated_headers_are_not_records(tmp_path):
    rows = [HEADER, ["2023年结转"], app(1, received="2023-12-20"), [], [], ["2024年新收"], HEADER, app(2), app(3),
            [None], ["合计", None, None, None, None, None, 3]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, merges=["A2:G2", "A6:G6"]))
    assert [e.row for e in reg.entries] == [3, 8, 9]
    ignored = {i.row: i.reason for i in reg.ignored}
    assert set(ignored) == {2, 6, 7, 11}
    assert "2023年结转" in ignored[2] and "不是一条申请记录" in ignored[2]
    assert "重复的表头" in ignored[7]
    assert "合计" in ignored[11]
    assert all(CJK.search(r) for r in ignored.values())


def test_hidden_rows_are_counted_and_named(tmp_path):
    rows = [HEADER] + [app(n) for n in range(1, 6)]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, hidden=[3, 5]))
    assert [e.row for e in reg.entries] == [2, 3, 4, 5, 6]
    assert [e.row for e in reg.entries if e.hidden] == [3, 5] and reg.hidden_rows == [3, 5]
    assert any("第 3、5 行是隐藏行" in n for n in reg.notes)


def test_formulas_are_read_as_excel_shows_them(tmp_path):
    """A formula's saved result is what the register shows. openpyxl saves no result: the cell
    reads as empty, and the notes say so."""
    rows = [HEADER, app(1), [2, "李四", "=C2", "2024-03-06", "x", "2024-03-07", "予以公开"]]
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows))
    (first, second) = reg.entries
    assert first.values["applicant"] == "自然人"
    assert "applicant" not in second.values          # no saved result: empty, never the formula's text
    assert any("第 3 行有公式没有保存计算结果" in n for n in reg.notes)


# -- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    D(2024, 3, 5), D(2024, 3, 5, 14, 30), dt.date(2024, 3, 5), "2024-03-05", "2024-3-5", "2024/3/5", "2024/03/05",
    "2024.3.5", "2024年3月5日", "2024年03月05日", "20240305", 20240305, "２０２４－０３－０５", " 2024-03-05 ",
    "2024-03-05 14:30", "2024/3/5 9:05:00", "2024年3月5日 14时30分",
])
def test_every_date_form_offices_write(written):
    assert parse_date(written) == dt.date(2024, 3, 5)


@pytest.mark.parametrize("written", ["待定", "3月5日", "24/3/5", "2024年3月", "2024-02-30", "二〇二四年三月五日",
                                     "2024", 12, True, "2024-03-05至2024-03-08"])
def test_text_that_is_not_a_date_is_said_so(written):
    got = parse_date(written)
    assert isinstance(got, NotADate) and CJK.search(got.reason)


def test_dates_in_a_register_in_every_form(tmp_path):
    forms = [D(2024, 3, 5), "2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", 20240305, "待定"]
    rows = [HEADER] + [app(i + 1, received=f) for i, f in enumerate(forms)]
    rows.append(app(99, received=dt.date(2024, 3, 5)))
    p = write_xlsx(tmp_path / "r.xlsx", rows, formats={f"D{len(rows)}": "yyyy\"年\"m\"月\"d\"日\""})
    got = [e.values["received"] for e in read_register(p).entries]
    assert got[:7] == [dt.date(2024, 3, 5)] * 7 and got[-1] == dt.date(2024, 3, 5)
    assert got[7] == NotADate("待定", "不是日期")


def test_an_excel_day_number_without_a_date_format_is_read_and_noted(tmp_path):
    rows = [HEADER, app(1, received=45356)]           # 2024-03-05 as Excel counts days, format lost
    reg = read_register(write_xlsx(tmp_path / "r.xlsx", rows, formats={"D2": "General"}))
    assert reg.entries[0].values["received"] == dt.date(2024, 3, 5)
    assert any("Excel 日期序号" in n and "第 2 行" in n for n in reg.notes)


# -- CSV -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding,delimiter,said", [
    ("utf-8", ",", None), ("utf-8-sig", ",", None), ("gbk", ",", "GBK"), ("gb18030", "\t", "GBK"),
    ("utf-16", "\t", "UTF-16"), ("utf-8", ";", None),
])
def test_csv_in_utf8_or_gbk(tmp_path, encoding, delimiter, said):
    rows = [["某某局政府信息公开申请登记台账"], HEADER, app(1, "法人或其他组织（社会公益组织）"),
            app(2, received="2024年3月6日", result="不予处理：2、重复申请"), [], app(3, received="待定")]
    reg = read_register(write_csv(tmp_path / "r.csv", rows, encoding, delimiter))
    assert reg.format == "csv" and reg.sheet is None and reg.header_rows == (2,)
    assert [e.row for e in reg.entries] == [3, 4, 6]
    assert reg.entries[0].values["applicant"] == "法人或其他组织（社会公益组织）"
    assert reg.entries[1].values["received"] == dt.date(2024, 3, 6)
    assert reg.entries[1].values["result"] == "不予处理：2、重复申请"
    assert isinstance(reg.entries[2].values["received"], NotADate)
    assert (said is None) == (not any("编码读取" in n for n in reg.notes))


def test_a_csv_with_quoted_cells_over_several_lines(tmp_path):
    rows = [HEADER, [1, "张三", "自然人", "2024-03-05", "第一行\n第二行，含逗号,", "2024-03-06", "予以公开"], app(2)]
    reg = read_register(write_csv(tmp_path / "r.csv", rows))
    assert [e.row for e in reg.entries] == [2, 3]
    assert reg.entries[0].values["content"] == "第一行\n第二行，含逗号,"


def test_a_web_systems_html_export_named_xls(tmp_path):
    page = ("<html><head><meta charset='utf-8'></head><body><table>"
            "<tr><th>序号</th><th>申请人类型</th><th>收到申请日期</th><th>答复日期</th><th>答复类型</th></tr>"
            "<tr><td>1</td><td rowspan='2'>自然人</td><td>2024-03-05</td><td>2024-03-06</td><td>予以公开</td></tr>"
            "<tr><td>2</td><td>2024-03-07</td><td>&nbsp;</td><td></td></tr>"
            "</table></body></html>")
    p = tmp_path / "导出.xls"
    p.write_text(page, encoding="utf-8")
    reg = read_register(p)
    assert reg.format == "html"
    assert [(e.row, e.values.get("applicant"), e.values["received"]) for e in reg.entries] == [
        (2, "自然人", dt.date(2024, 3, 5)), (3, "自然人", dt.date(2024, 3, 7))]
    assert "answered" not in reg.entries[1].values


# -- the bytes are read once ---------------------------------------------------------------------------


def test_a_register_changed_while_it_is_read_is_read_as_it_was(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [HEADER] + [app(n) for n in range(1, 4)])
    before = p.read_bytes()
    other = write_xlsx(tmp_path / "other.xlsx", [HEADER] + [app(n, "商业企业") for n in range(1, 10)])
    changed = []

    def progress(done, total):            # called while the sheet is parsed: the file is saved anew
        if not changed:
            shutil.copyfile(other, p)
            changed.append(True)

    reg = read_register(p, progress=progress)
    assert changed and p.read_bytes() != before
    assert len(reg.entries) == 3 and {e.values["applicant"] for e in reg.entries} == {"自然人"}
    assert reg.fingerprint == hashlib.sha256(before).hexdigest()


def test_cancel_stops_the_reading(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [HEADER] + [app(n) for n in range(1, 50)])
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        read_register(p, cancel=stop)


# -- old formats -----------------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_an_old_xls_register_is_converted_by_libreoffice(tmp_path):
    from govreport_gui.core.importers import office

    soffice = office.converter()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    src = write_xlsx(tmp_path / "src.xlsx", [["台账"], HEADER, app(1), app(2, "商业企业")], hidden=[4],
                     merges=["A1:G1"])
    work = tmp_path / "work"
    work.mkdir()
    xls = office.convert(soffice, src, office.Old("xls", "Excel", ".xls", ".xlsx", "WPS 表格"), work)
    et = tmp_path / "台账.et"
    shutil.copyfile(xls, et)
    reg = read_register(et)
    assert reg.format == "xls" and reg.header_rows == (2,)
    assert [(e.row, e.values["applicant"], e.hidden) for e in reg.entries] == [(3, "自然人", False), (4, "商业企业", True)]
    assert "LibreOffice 转换" in reg.notes[0]


def test_an_old_xls_without_libreoffice_says_how_to_save_it(tmp_path, monkeypatch):
    from govreport_gui.core.importers import office

    monkeypatch.setattr(office, "converter", lambda: None)
    p = tmp_path / "台账.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    with pytest.raises(LedgerError) as e:
        read_register(p)
    assert "LibreOffice" in str(e.value) and "另存为” .xlsx" in str(e.value) and "台账.xls" in str(e.value)


def test_an_xlsx_that_is_really_an_xls_goes_the_old_way(tmp_path, monkeypatch):
    from govreport_gui.core.importers import office

    monkeypatch.setattr(office, "converter", lambda: None)
    p = tmp_path / "台账.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    with pytest.raises(LedgerError, match="旧版 Excel"):
        read_register(p)


# -- bad input ------------------------------------------------------------------------------------------


def _refused(path: Path, *words: str, kind: str = "applications") -> str:
    with pytest.raises(LedgerError) as e:
        read_register(path, kind)
    said = str(e.value)
    assert CJK.search(said), said
    for w in words:
        assert w in said, said
    return said


def test_no_recognisable_header_names_what_was_looked_for(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [["姓名", "日期", "备注"], ["张三", "2024-01-01", "无"]],
                   before=[("封面", [["台账"]], "visible")])
    said = _refused(p, "找不到", "r.xlsx", "申请人类型", "收到申请日期", "答复日期", "答复类型", "受理日期",
                    "办结日期", "工作表“封面”", "工作表“台账”")
    assert "申请人类别" in said


def test_a_header_missing_a_needed_column_names_it(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [["序号", "申请人类型", "收到申请日期", "答复类型"], [1, "自然人", "2024-01-01", "予以公开"]])
    said = _refused(p, "缺少", "答复日期", "办结日期", "第 1 行是表头")
    assert "B 列“申请人类型”" in said


def test_a_password_protected_workbook(tmp_path):
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    ole[1024:1024 + 32] = "EncryptedPackage".encode("utf-16-le")
    ole[2048:2048 + 28] = "EncryptionInfo".encode("utf-16-le")
    p = tmp_path / "加密台账.xlsx"
    p.write_bytes(bytes(ole))
    _refused(p, "密码", "加密台账.xlsx")


@pytest.mark.parametrize("content,words", [
    (b"PK\x03\x04 this is no zip at all" + b"\0" * 100, ["不是有效的 .xlsx"]),
    (b"just some text, not a workbook", ["不是有效的 .xlsx"]),
    (b"", ["空文件"]),
])
def test_not_a_workbook(tmp_path, content, words):
    p = tmp_path / "台账.xlsx"
    p.write_bytes(content)
    _refused(p, *words)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    p = tmp_path / "台账.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    _refused(p, "不是 Excel 工作簿")


def test_missing_file_folder_and_unknown_kind_of_file(tmp_path):
    _refused(tmp_path / "nope.xlsx", "找不到")
    (tmp_path / "folder.xlsx").mkdir()
    _refused(tmp_path / "folder.xlsx", "文件夹")
    doc = tmp_path / "台账.docx"
    doc.write_bytes(b"PK")
    _refused(doc, "不是能统计的台账文件", ".xlsx", "CSV")


def test_binary_garbage_as_csv(tmp_path):
    p = tmp_path / "r.csv"
    p.write_bytes(bytes(range(256)) * 4)
    _refused(p, "编码")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_too_many_rows(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(LL, "MAX_REGISTER_ROWS", 50)
    rows = [HEADER] + [app(n) for n in range(1, 61)]
    p = write_xlsx(tmp_path / "r.xlsx", rows) if suffix == ".xlsx" else write_csv(tmp_path / "r.csv", rows)
    _refused(p, "50 行以上", "分成几个文件")


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(LL, "MAX_REGISTER_BYTES", 1000)
    p = write_csv(tmp_path / "r.csv", [HEADER] + [app(n) for n in range(1, 60)])
    _refused(p, "过大")


def _rewrite_part(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info.filename, change(data) if info.filename == part else data)


@pytest.mark.parametrize("change,words", [
    (lambda d: d.replace(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
                         b"<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">]>", 1)
     if d.startswith(b"<?xml") else b"<!DOCTYPE worksheet [<!ENTITY a \"aa\">]>" + d, ["DTD"]),
    (lambda d: d.replace(b'<row r="3"', b'<row r="2"', 1), ["顺序颠倒"]),
    (lambda d: d[: len(d) // 2], ["XML 无法解析"]),
])
def test_a_broken_or_hostile_sheet(tmp_path, change, words):
    p = write_xlsx(tmp_path / "r.xlsx", [HEADER, app(1), app(2), app(3)])
    _rewrite_part(p, "xl/worksheets/sheet1.xml", change)
    _refused(p, *words)


def test_an_empty_workbook(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [])
    _refused(p, "找不到")


def test_a_case_register_is_read_with_its_own_words(tmp_path):
    rows = [["行政复议、行政诉讼案件登记表"], ["序号", "案件名称", "案件类型", "是否经复议", "立案日期", "结案日期", "审理结果"],
            [1, "张三诉某局", "行政诉讼", "否", "2024-01-05", "2024-06-01", "维持"]]
    reg = read_register(write_xlsx(tmp_path / "cases.xlsx", rows), "cases")
    assert reg.kind == "cases" and reg.header_rows == (2,)
    assert set(reg.columns) == {"number", "case", "kind", "reviewed", "received", "concluded", "result"}
    assert reg.entries[0].values["concluded"] == dt.date(2024, 6, 1)
    _refused(write_xlsx(tmp_path / "apps.xlsx", [HEADER, app(1)]), "找不到", "案件类型", kind="cases")


def test_numbers_no_person_types_in_a_date_column(tmp_path):
    p = write_xlsx(tmp_path / "r.xlsx", [HEADER, app(1, received=D(2024, 3, 5)), app(2, received=D(2024, 3, 6))])
    _rewrite_part(p, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"<v>45356</v>", b"<v>NaN</v>", 1)
                  .replace(b"<v>45357</v>", b"<v>1e999</v>", 1))
    got = [e.values["received"] for e in read_register(p).entries]
    assert got == [NotADate("NaN", "不是日期"), NotADate("1e999", "不是日期")]


def test_damaged_registers_are_refused_in_chinese_never_a_crash(tmp_path):
    """Bytes flipped, cut or inserted anywhere in a workbook, its XML and a GBK CSV: each is read
    or refused with a LedgerError, nothing else."""
    import random

    from govreport_gui.core import edition as E
    from govreport_gui.core.ledger import count_applications

    rnd = random.Random(16)
    xlsx = write_xlsx(tmp_path / "base.xlsx", [["台账"], HEADER] + [app(i) for i in range(1, 20)],
                      merges=["A1:G1", "C3:C5"], hidden=[4]).read_bytes()
    text = write_csv(tmp_path / "base.csv", [HEADER] + [app(i) for i in range(1, 20)], "gbk").read_bytes()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    for i in range(90):
        kind = i % 3
        if kind == 2:
            name = rnd.choice(sorted(parts))
            changed = bytearray(parts[name])
            at = rnd.randrange(len(changed))
            changed[at:at + rnd.randint(0, 9)] = rnd.choice([b"<", b"&", b'"', b"<row r=\"0\">", b"<v>-1</v>", b"\xff"])
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                for n, data in parts.items():
                    z.writestr(n, bytes(changed) if n == name else data)
            blob, suffix = buf.getvalue(), ".xlsx"
        else:
            blob, suffix = bytearray(xlsx if kind == 0 else text), ".xlsx" if kind == 0 else ".csv"
            for _ in range(rnd.randint(1, 8)):
                blob[rnd.randrange(len(blob))] = rnd.randrange(256)
        p = tmp_path / f"damaged{suffix}"
        p.write_bytes(bytes(blob))
        try:
            count_applications(read_register(p), E.get("2021"), 2024)
        except LedgerError as e:
            assert CJK.search(str(e))


def test_a_date_cell_of_thousands_of_spaces_is_said_quickly():
    """Found by the fuzzer (tools/fuzz.py --reader ledger): a cell of 40,000 spaces between the
    parts of a date kept the date patterns' optional spaces backtracking for seconds."""
    import time

    text = "2024" + "\u3000" * 40_000 + "-3-5 12:00"
    t = time.process_time()
    got = parse_date(text)
    assert isinstance(got, NotADate) and got.reason == "不是日期"
    assert time.process_time() - t < 0.5


def test_a_text_in_runs_reads_as_its_runs_without_its_phonetic_guide(tmp_path):
    """LibreOffice saves a text of Chinese and Latin letters as runs in the shared strings (one a
    script), Excel a Japanese text with a phonetic guide (<rPh>): the cell is the runs' text, not
    the guide's."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    strings = [f"<si><t>{h}</t></si>" for h in HEADER] + [
        '<si><r><rPr><sz val="10"/><rFont val="Noto Sans CJK SC"/></rPr><t xml:space="preserve">法人或其他组织</t></r>'
        '<r><rPr><sz val="10"/></rPr><t>-</t></r><r><t>商业企业</t></r></si>',
        '<si><t>法律服务机构</t><rPh sb="0" eb="2"><t>ホウリツ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t>2024-03-05</t></si>", "<si><t>予以公开</t></si>"]
    cols = "ABCDEFG"
    header = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate(cols))
    rows = "".join(f'<row r="{r}"><c r="C{r}" t="s"><v>{k}</v></c><c r="D{r}" t="s"><v>9</v></c>'
                   f'<c r="F{r}" t="s"><v>9</v></c><c r="G{r}" t="s"><v>10</v></c></row>'
                   for r, k in ((2, 7), (3, 8)))
    p = tmp_path / "runs.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="r1" Type="{rel}/officeDocument" '
                   f'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {main} xmlns:r="{rel}"><sheets><sheet name="台账" sheetId="1" '
                   f'r:id="r1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="r1" Type="{rel}/'
                   f'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="{rel}/sharedStrings" '
                   f'Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {main}><sheetData><row r="1">{header}</row>{rows}'
                   f'</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst {main}>{"".join(strings)}</sst>')
    reg = read_register(p)
    assert [e.values["applicant"] for e in reg.entries] == ["法人或其他组织-商业企业", "法律服务机构"]
