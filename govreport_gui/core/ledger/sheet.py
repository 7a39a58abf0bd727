"""A register's file, read once, as sheets of cells: .xlsx/.xlsm, .xls/.et, .csv/.txt.

The file's bytes are read once, in one read, and everything after works on those bytes: a
register that someone saves while it is being counted is counted as it was when it was read,
never half old, half new (and its fingerprint, a SHA-256 of those bytes, says which version was
counted). What a file is comes from its content first, its name second: an .xls that is really
an .xlsx (a zip), a web page (web systems export "Excel" files as HTML tables) or text; an
.xlsx that is really an OLE file is a workbook with a password (refused, saying so) or an
old .xls renamed.

- .xlsx: xlsx.py.
- .xls/.et (the binary formats of Excel and WPS): converted into .xlsx by LibreOffice when it is
  installed (importers/office.py: its own profile, a time limit, 取消), then read as .xlsx.
  Without LibreOffice the message says how to save the file as .xlsx in Excel or WPS.
- .csv/.txt: UTF-8 (with or without the BOM Excel writes), else GB18030 (which reads GBK and
  GB2312, what Excel and WPS write on a Chinese Windows), or UTF-16 with its BOM (Excel's
  "Unicode 文本"); comma, tab or semicolon between cells, whichever the first lines use.
- an HTML table (a web system's export under the name .xls): its rows, with rowspan/colspan
  as merged ranges.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .. import native
from . import limits as L
from .limits import LedgerError
from .xlsx import OLE, RawSheet, Workbook, _OldFormat, too_many_rows

XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_SUFFIXES = (".xls", ".et")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = XLSX_SUFFIXES + OLD_SUFFIXES + TEXT_SUFFIXES
MAX_HTML_TAGS = 5_000_000           # a web system's export of 200,000 rows: ~2 million tags


@dataclass
class Source:
    """A register file as read: its name, the SHA-256 of its bytes, what it was read as
    ("xlsx", "xls", "csv", "html"), the names of its visible sheets (none for text) and notes
    for the clerk (a conversion, the encoding, hidden sheets). :meth:`sheets` reads them one by
    one, in order."""

    name: str
    fingerprint: str
    format: str
    sheet_names: list[str]
    notes: list[str] = field(default_factory=list)
    _read: Callable[[], Iterator[RawSheet]] | None = None

    def sheets(self) -> Iterator[RawSheet]:
        return self._read() if self._read is not None else iter(())


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes in one read: a regular file (never a pipe or device), at most
    MAX_REGISTER_BYTES, not empty."""
    p = Path(path)
    data = native.read_limited(p, "台账文件", L.MAX_REGISTER_BYTES, LedgerError,
                               lambda n: f"{p.name} 过大（{n / 1024 / 1024:.0f} MB），超出一份台账的范围"
                                         f"（{L.MAX_REGISTER_BYTES // 1024 // 1024} MB），未读取")
    if not data:
        raise LedgerError(f"{p.name} 是空文件")
    return data


def open_source(path: str | os.PathLike, cancel=None, progress=None) -> Source:
    """A register file, read once, ready to give its sheets. Raises :class:`LedgerError`."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise LedgerError(f"{p.name} 不是能统计的台账文件；台账应为 Excel（.xlsx、.xls）、WPS 表格（.et）"
                          f"或 CSV 文件")
    data = read_bytes(p)
    fingerprint = hashlib.sha256(data).hexdigest()
    return from_bytes(data, p.name, fingerprint, suffix, cancel, progress)


def from_bytes(data: bytes, name: str, fingerprint: str, suffix: str, cancel=None, progress=None) -> Source:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data, name, fingerprint, "xlsx" if suffix in XLSX_SUFFIXES else "xls", cancel, progress)
    if data[:8] == OLE:
        try:
            return _xlsx(data, name, fingerprint, "xlsx", cancel, progress)
        except _OldFormat:
            return _old(data, name, fingerprint, cancel, progress)
    if suffix in XLSX_SUFFIXES:
        raise LedgerError(f"{name} 不是有效的 .xlsx 工作簿（文件已损坏或并非此格式），未读取")
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body", b"<?xml")):
        return _html(data, name, fingerprint)
    return _text(data, name, fingerprint, suffix)


def _xlsx(data: bytes, name: str, fingerprint: str, fmt: str, cancel, progress) -> Source:
    book = Workbook(data, name)
    visible = book.visible_sheets()
    notes = []
    if book.hidden_sheets():
        notes.append(f"{name} 的隐藏工作表（{'、'.join(book.hidden_sheets())}）未读取")

    def sheets() -> Iterator[RawSheet]:
        for sheet, part in visible:
            yield book.read_sheet(sheet, part, cancel, progress)

    return Source(name, fingerprint, fmt, [n for n, _ in visible], notes, sheets)


def _old(data: bytes, name: str, fingerprint: str, cancel, progress) -> Source:
    """An .xls/.et (OLE) file: converted by LibreOffice into .xlsx, then read as one."""
    from ..importers import office
    from ..importers.limits import SourceError

    soffice = office.converter()
    if soffice is None:
        if office.wps_installed():
            how = "本机已安装 WPS：请在 WPS 表格中打开它，“另存为” .xlsx 文件后再统计"
        else:
            how = "请在 Excel 或 WPS 表格中打开它，“另存为” .xlsx 文件后再统计"
        raise LedgerError(f"{name} 是旧版 Excel 格式（.xls/.et），需要 LibreOffice 转换才能读取，但本机没有安装 "
                          f"LibreOffice。{how}；或安装免费的 LibreOffice（zh-cn.libreoffice.org），安装后本程序会自动转换")
    with tempfile.TemporaryDirectory(prefix="govreport-ledger-") as tmp:
        copy = Path(tmp) / "register.xls"
        copy.write_bytes(data)
        work = Path(tmp) / "work"
        work.mkdir()
        try:
            out = office.convert(soffice, copy, office.EXCEL, work, cancel=cancel)
        except SourceError as e:
            raise LedgerError(str(e).replace(copy.name, name)) from None
        converted = out.read_bytes()
    if converted[:2] != b"PK":
        raise LedgerError(f"LibreOffice 未能把 {name} 转换为 .xlsx，请在 Excel 或 WPS 中另存为 .xlsx 后再统计")
    try:
        source = _xlsx(converted, name, fingerprint, "xls", cancel, progress)
    except _OldFormat:
        raise LedgerError(f"LibreOffice 未能把 {name} 转换为 .xlsx，请在 Excel 或 WPS 中另存为 .xlsx 后再统计") from None
    source.notes.insert(0, f"{name} 是旧版 Excel 格式，已用 LibreOffice 转换后读取；如有疑问，请在 Excel 或 WPS "
                           f"中另存为 .xlsx 后核对")
    return source


# -- text -------------------------------------------------------------------------------------


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a register saved as text, and what it was read as."""
    if data[:3] == b"\xef\xbb\xbf":
        encodings = [("utf-8-sig", "UTF-8")]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = [("utf-16", "UTF-16")]
    else:
        encodings = [("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")]
    for enc, said in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, said
    raise LedgerError(f"{name} 不是文字文件，或文字编码无法识别（CSV 台账应为 UTF-8 或 GBK 编码）；"
                      f"请在 Excel 或 WPS 中另存为 .xlsx 或 “CSV UTF-8” 后再统计")


def _delimiter(text: str) -> str:
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _text(data: bytes, name: str, fingerprint: str, suffix: str) -> Source:
    text, said = decode(data, name)
    delimiter = _delimiter(text)
    notes = [f"{name} 按 {said} 编码读取"] if said != "UTF-8" else []

    def sheets() -> Iterator[RawSheet]:
        rows: list[tuple[int, bool, list]] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for record in reader:
                number += 1
                values = [v.strip()[:L.MAX_CELL_CHARS] or None for v in record[:L.MAX_REGISTER_COLS]]
                if any(v is not None for v in values):
                    rows.append((number, False, values))
                    if len(rows) > L.MAX_REGISTER_ROWS:
                        raise too_many_rows(name)
        except csv.Error as e:
            raise LedgerError(f"{name} 第 {number + 1} 行无法按 CSV 读取（{e}），未读取") from None
        yield RawSheet(None, rows, [])

    return Source(name, fingerprint, "csv", [], notes, sheets)


# -- a web page -------------------------------------------------------------------------------


def _html(data: bytes, name: str, fingerprint: str) -> Source:
    """A web system's "Excel" export: the first table of the page, its spans as merges."""
    import lxml.html

    tags = data.count(b"<")
    if tags > MAX_HTML_TAGS:
        raise LedgerError(f"{name} 有 {tags} 个以上的网页标记，超出一份台账的范围，未读取")
    text = None
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise LedgerError(f"{name} 是网页，但文字编码无法识别（应为 UTF-8 或 GBK），未读取")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(
            encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True))
    except Exception:                                   # lxml's parser errors have no common base worth naming
        raise LedgerError(f"{name} 是网页，但无法解析，未读取") from None
    table = next(iter(root.iter("table")), None)
    if table is None:
        raise LedgerError(f"{name} 是网页，其中没有表格，不是台账，未读取")

    def sheets() -> Iterator[RawSheet]:
        rows: list[tuple[int, bool, list]] = []
        merges: list[tuple[int, int, int, int]] = []
        below: dict[int, int] = {}            # column -> rows still covered by a rowspan from above
        number = 0
        for tr in table.iter("tr"):
            number += 1
            values: list = []
            col = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while below.get(col, 0) > 0:
                    col += 1
                rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
                if col < L.MAX_REGISTER_COLS:
                    text = " ".join(td.text_content().split())[:L.MAX_CELL_CHARS] or None
                    values.extend([None] * (col - len(values) + 1))
                    values[col] = text
                if rs > 1 or cs > 1:
                    merges.append((number, col, number + rs - 1, col + cs - 1))
                    if len(merges) > L.MAX_MERGES:
                        raise LedgerError(f"{name} 的表格有 {L.MAX_MERGES} 个以上的合并单元格，未读取")
                if rs > 1:
                    for c in range(col, min(col + cs, L.MAX_REGISTER_COLS)):
                        below[c] = rs          # this row and the rs - 1 below
                col += cs
            below = {c: n - 1 for c, n in below.items() if n > 1}
            if any(v is not None for v in values):
                rows.append((number, False, values))
                if len(rows) > L.MAX_REGISTER_ROWS:
                    raise too_many_rows(name)
        yield RawSheet(None, rows, merges)

    return Source(name, fingerprint, "html", [], [f"{name} 是网页格式的表格（网上系统导出的“Excel”文件），已按网页读取"],
                  sheets)


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 1000))
    except ValueError:
        return 1
