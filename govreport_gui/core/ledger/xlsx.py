"""An .xlsx register, read from its bytes: every sheet's rows, merged ranges and hidden rows.

Why not openpyxl, which reads reports (importers/xlsx.py)? A register is big: openpyxl took
2.5 s to open a workbook of 100,000 applications (building 200,000 strings) and 5 s more to
stream its rows, in read-only mode — which in any case gives neither the merged ranges nor the
hidden rows. Here the sheet's XML is parsed by lxml (libxml2, which python-docx already brings)
as a stream, one ``<row>`` at a time: 100,000 rows of an Excel-saved register in about a second,
with the merged ranges and ``hidden`` rows, in bounded memory (each row is dropped from the tree
once read).

The file is untrusted, so before anything is parsed: the zip's entries, unpacked size and
packing ratio are bounded (limits.py); the parser resolves no entity, loads no DTD, touches no
network, and keeps libxml2's own limits on depth and text size (no ``huge_tree``); a part that
declares a DOCTYPE is refused. Rows must come in ascending order (as Excel, WPS and LibreOffice
write them): a row number met twice or going back is refused, never silently merged.

An OLE file under the name .xlsx is a workbook saved with a password (Excel encrypts the whole
package into an OLE file) or an old .xls renamed: the first is refused in Chinese, the second is
read as .xls (sheet.py).
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile
import zlib
from math import isfinite
from dataclasses import dataclass, field

from . import limits as L
from .limits import LedgerError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_REL_DOC = "/officeDocument"
_REL_STYLES = "/styles"
_REL_STRINGS = "/sharedStrings"
_CHUNK = 1 << 20
# what unpacking a damaged part raises (zlib.error for a broken deflate stream)
_UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MAC_EPOCH = datetime.date(1904, 1, 1)
# Number formats Excel builds in that show a date or a time: the international ones (14–22,
# 45–47) and those of the Chinese locale (27–36, 50–58: yyyy"年"m"月"d"日" and the like).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass
class RawSheet:
    """A sheet's cells as read: rows with something in them, in order, each ``(row number,
    hidden, values)`` with ``values[c]`` the cell of column c (0 = A): text, a number, a
    ``datetime.date`` (a number in a date format), True/False, or None. ``merges``: the merged
    ranges, (first row, first column, last row, last column), rows numbered from 1, columns from 0."""

    name: str | None
    rows: list[tuple[int, bool, list]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date or time: a y, m, d, h or s outside quoted text,
    escapes and [colours]/[$-804] brackets ("0.00", "General" and "#,##0" show numbers)."""
    bare = _QUOTED.sub("", code).lower().replace("general", "")
    return any(ch in bare for ch in "ymdhs") or "上午" in bare or "年" in bare or "月" in bare


def serial_date(value: float, mac: bool = False) -> datetime.date | None:
    """An Excel day number as a date (the 1900 system, or the 1904 one of old Mac workbooks);
    None when it is no day a register could hold."""
    if not (0 < value < 2_958_466):          # up to 9999-12-31 (and never NaN)
        return None
    return (_MAC_EPOCH if mac else _EXCEL_EPOCH) + datetime.timedelta(days=int(value))


class _Progress:
    """A part's stream that counts what it has given the parser (for a progress bar) and stops
    when the clerk presses 取消."""

    def __init__(self, stream, total: int, progress, cancel) -> None:
        self.stream, self.total, self.progress, self.cancel = stream, total, progress, cancel
        self.done = 0

    def read(self, n: int = -1) -> bytes:
        if self.cancel is not None and self.cancel.is_set():
            from ..errors import Cancelled

            raise Cancelled()
        data = self.stream.read(_CHUNK if n is None or n < 0 else min(n, _CHUNK))
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return data


class Workbook:
    """An .xlsx register opened from its bytes (read once: a file changed meanwhile is not seen)."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        if data[:8] == OLE:
            if any(mark in data for mark in _ENCRYPTED):
                raise LedgerError(f"{name} 设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中用密码打开它，"
                                  f"取消打开密码后另存为 .xlsx，再统计")
            raise _OldFormat()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise LedgerError(f"{name} 不是有效的 .xlsx 工作簿（文件已损坏或并非此格式），未读取") from None
        if len(infos) > L.MAX_ZIP_ENTRIES:
            raise LedgerError(f"{name} 内部文件过多（{len(infos)} 个），不像是 Excel 保存的工作簿，未读取")
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > L.MAX_UNZIPPED_BYTES or (total > 10 * 1024 * 1024 and total / packed > L.MAX_ZIP_RATIO):
            raise LedgerError(f"{name} 解压后过大（{total / 1024 / 1024:.0f} MB，异常压缩的文件），未读取")
        self.parts = {i.filename.lstrip("/"): i for i in infos}
        self._read_workbook()
        self._strings: list[str] | None = None
        self._date_styles: frozenset[int] | None = None

    # -- the workbook's parts ----------------------------------------------------------------

    def _small(self, part: str) -> bytes | None:
        info = self.parts.get(part)
        if info is None:
            return None
        if info.file_size > L.MAX_SMALL_PART_BYTES:
            raise LedgerError(f"{self.name} 的内部文件 {part} 过大（{info.file_size / 1024 / 1024:.0f} MB），"
                              f"不像是 Excel 保存的工作簿，未读取")
        try:
            return self.zip.read(info)
        except _UNZIP_ERRORS:
            raise LedgerError(f"{self.name} 已损坏（内部文件 {part} 无法解压），未读取") from None

    def _tree(self, part: str):
        from lxml import etree

        data = self._small(part)
        if data is None:
            return None
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError:
            raise LedgerError(f"{self.name} 的内部文件 {part} 不是有效的 XML，未读取") from None
        _refuse_doctype(root, self.name, part)
        return root

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, target part)."""
        folder, base = posixpath.split(part)
        root = self._tree(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root:
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", path)
        return out

    def _read_workbook(self) -> None:
        doc = next((t for typ, t in self._rels("").values() if typ.endswith(_REL_DOC)), "xl/workbook.xml")
        root = self._tree(doc)
        if root is None:
            raise LedgerError(f"{self.name} 不是 Excel 工作簿（缺少工作簿部件），未读取")
        rels = self._rels(doc)
        self.mac_dates = False
        self.sheets: list[tuple[str, str, str]] = []        # (name, state, part)
        for el in root.iter():
            local = _local(el)
            if local == "workbookPr":
                self.mac_dates = (el.get("date1904") or "").lower() in ("1", "true")
            elif local == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local_name(k) == "id"), "")
                if rid in rels and rels[rid][1] in self.parts:
                    self.sheets.append((el.get("name") or "", el.get("state") or "visible", rels[rid][1]))
                if len(self.sheets) > L.MAX_SHEETS:
                    raise LedgerError(f"{self.name} 有 {L.MAX_SHEETS} 个以上的工作表，不像是一份台账，未读取")
        self.styles_part = next((t for typ, t in rels.values() if typ.endswith(_REL_STYLES)), None)
        self.strings_part = next((t for typ, t in rels.values() if typ.endswith(_REL_STRINGS)), None)

    def visible_sheets(self) -> list[tuple[str, str]]:
        """(name, part) of the sheets a person sees, in the workbook's order."""
        return [(n, p) for n, state, p in self.sheets if state not in ("hidden", "veryHidden")]

    def hidden_sheets(self) -> list[str]:
        return [n for n, state, _ in self.sheets if state in ("hidden", "veryHidden")]

    def date_styles(self) -> frozenset[int]:
        """The cell formats (``s`` of a cell) that show a number as a date."""
        if self._date_styles is None:
            root = self._tree(self.styles_part) if self.styles_part else None
            found: set[int] = set()
            if root is not None:
                custom = {}
                for el in root.iter():
                    if _local(el) == "numFmt":
                        custom[el.get("numFmtId")] = el.get("formatCode") or ""
                xfs = next((el for el in root.iter() if _local(el) == "cellXfs"), None)
                for i, xf in enumerate(xfs if xfs is not None else ()):
                    if i >= L.MAX_CELL_FORMATS:
                        raise LedgerError(f"{self.name} 的单元格格式超过 {L.MAX_CELL_FORMATS} 种，不像是 Excel "
                                          f"保存的工作簿，未读取")
                    fid = xf.get("numFmtId") or "0"
                    try:
                        builtin = int(fid) in _BUILTIN_DATE_FORMATS
                    except ValueError:
                        builtin = False
                    if builtin or (fid in custom and is_date_format(custom[fid])):
                        found.add(i)
            self._date_styles = frozenset(found)
        return self._date_styles

    def strings(self, cancel=None) -> list[str]:
        """The shared strings (the texts the cells point to), each without its phonetic runs."""
        if self._strings is not None:
            return self._strings
        out: list[str] = []
        info = self.parts.get(self.strings_part or "")
        if info is not None:
            from lxml import etree

            try:
                with self.zip.open(info) as raw:
                    stream = _Progress(raw, info.file_size, None, cancel)
                    events = etree.iterparse(stream, events=("end",), tag="{*}si", **_PARSER_OPTIONS)
                    T = RPH = None
                    for _, si in events:
                        if T is None:
                            _refuse_doctype(si, self.name, info.filename)
                            T = si.tag[:-2] + "t"                    # "{ns}si" -> "{ns}t"
                            RPH = si.tag[:-2] + "rPh"
                        if len(si) == 1 and si[0].tag == T:
                            out.append((si[0].text or "")[:L.MAX_CELL_CHARS])
                        else:                 # runs (LibreOffice writes one per change of script): their
                            for rph in list(si.iterchildren(RPH)):     # <t>s, not the phonetic guide's
                                si.remove(rph)
                            out.append("".join(si.itertext(T, with_tail=False))[:L.MAX_CELL_CHARS])
                        if len(out) > L.MAX_SHARED_STRINGS:
                            raise LedgerError(f"{self.name} 有 {L.MAX_SHARED_STRINGS} 个以上不同的文字，"
                                              f"超出一份台账的范围，未读取")
                        if len(out) % _DROP_EVERY == 0:
                            _drop_before(si)
            except etree.XMLSyntaxError:
                raise LedgerError(f"{self.name} 的共享文字表（{info.filename}）不是有效的 XML，未读取") from None
            except _UNZIP_ERRORS:
                raise LedgerError(f"{self.name} 已损坏（内部文件 {info.filename} 无法解压），未读取") from None
        self._strings = out
        return out

    # -- a sheet ------------------------------------------------------------------------------

    def read_sheet(self, sheet: str, part: str, cancel=None, progress=None) -> RawSheet:
        """One sheet's rows with something in them (the first MAX_REGISTER_COLS columns), its
        merged ranges and which rows are hidden."""
        from lxml import etree

        strings = self.strings(cancel)
        dates = {str(i) for i in self.date_styles()}        # compared with a cell's s as written
        mac = self.mac_dates
        info = self.parts[part]
        where = f"{self.name} 的工作表“{sheet}”"
        rows: list[tuple[int, bool, list]] = []
        merges: list[tuple[int, int, int, int]] = []
        max_cols, max_rows, max_chars = L.MAX_REGISTER_COLS, L.MAX_REGISTER_ROWS, L.MAX_CELL_CHARS
        col_of = _column_index
        known_cols = _COLUMNS
        date_cache: dict[str, object] = {}
        seen = 0
        formulas: list[int] = []
        last = 0
        ns = None
        try:
            with self.zip.open(info) as raw:
                stream = _Progress(raw, info.file_size, progress, cancel)
                events = etree.iterparse(stream, events=("end",), tag=("{*}row", "{*}mergeCell"), **_PARSER_OPTIONS)
                for _, el in events:
                    if ns is None:
                        _refuse_doctype(el, self.name, part)
                        ns = el.tag[:el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                        ROW, C, V, IS, T, F = ns + "row", ns + "c", ns + "v", ns + "is", ns + "t", ns + "f"
                    if el.tag != ROW:
                        if len(merges) >= L.MAX_MERGES:
                            raise LedgerError(f"{where}有 {L.MAX_MERGES} 个以上的合并区域，不像是一份台账，未读取")
                        span = _merge_range(el.get("ref") or "")
                        if span is not None:
                            merges.append(span)
                        continue
                    r = el.get("r")
                    try:
                        number = int(r) if r is not None else last + 1
                    except ValueError:
                        raise LedgerError(f"{where}的行号 {r[:20]!r} 无效，不像是 Excel 保存的文件，未读取") from None
                    if number <= last:
                        raise LedgerError(f"{where}的第 {number} 行重复出现或顺序颠倒，不像是 Excel 保存的文件，未读取")
                    last = number
                    hidden = (el.get("hidden") or "").lower() in ("1", "true")
                    values: list = []
                    col = -1
                    for c in el:
                        ref = c.get("r")
                        if ref is None:
                            if c.tag != C:
                                continue
                            col += 1
                        else:
                            col = known_cols.get(ref.rstrip(_DIGITS))
                            if col is None:
                                col = col_of(ref)
                                if col < 0:
                                    raise LedgerError(f"{where}第 {number} 行有无效的单元格位置 {ref[:20]!r}，未读取")
                        if col >= max_cols or not len(c):
                            continue
                        ch = c[-1]                    # <v> comes last (after <f>); <is> is alone
                        t = c.get("t")
                        if ch.tag == V:
                            v = ch.text
                        elif ch.tag == IS:
                            t = "inlineStr"
                            v = (ch[0].text or "") if len(ch) == 1 and ch[0].tag == T else _text(ch)
                        else:
                            v = next((x.text for x in c if x.tag == V), None)
                        if not v:
                            if (c[0].tag == F and t in (None, "n")
                                    and (not formulas or formulas[-1] != number)):
                                formulas.append(number)       # a formula never calculated: no value saved
                            continue
                        if t == "s":
                            try:
                                value = strings[int(v)]
                            except (ValueError, IndexError):
                                raise LedgerError(f"{where}第 {number} 行引用了不存在的文字（{v[:20]!r}），"
                                                  f"文件已损坏，未读取") from None
                        elif t is None or t == "n":
                            s = c.get("s")
                            if s is not None and s in dates:
                                value = date_cache.get(v)
                                if value is None:
                                    try:
                                        value = serial_date(float(v), mac) or v.strip()[:max_chars]
                                    except ValueError:
                                        value = v.strip()[:max_chars]
                                    if len(date_cache) < 100_000:
                                        date_cache[v] = value
                            else:
                                try:
                                    value = float(v)
                                except ValueError:
                                    value = v.strip()[:max_chars]
                                else:
                                    if not isfinite(value):               # "NaN", "1e999": no number a person typed
                                        value = v.strip()[:max_chars]
                                    elif value.is_integer() and abs(value) < 1e15:
                                        value = int(value)
                        elif t == "b":
                            value = v.strip() in ("1", "true")
                        elif t == "d":
                            value = _iso_date(v) or v.strip()
                        else:                     # str (a formula's text), inlineStr, e (#N/A)
                            value = v[:max_chars]
                        if value == "":
                            continue
                        have = len(values)
                        if col == have:
                            values.append(value)
                        elif col > have:
                            values.extend([None] * (col - have))
                            values.append(value)
                        else:
                            values[col] = value
                    seen += 1
                    if seen % _DROP_EVERY == 0:
                        _drop_before(el)
                    if values:
                        rows.append((number, hidden, values))
                        if len(rows) > max_rows:
                            raise too_many_rows(self.name, sheet)
        except etree.XMLSyntaxError as e:
            raise LedgerError(f"{where}的 XML 无法解析（{_plain(e)}），文件可能已损坏，未读取") from None
        except _UNZIP_ERRORS:
            raise LedgerError(f"{self.name} 已损坏（工作表“{sheet}”无法解压），未读取") from None
        notes = [f"工作表“{sheet}”{L.rows_text(formulas)}有公式没有保存计算结果，按空白读取；请在 Excel 或 WPS 中"
                 f"打开台账并保存一次后再统计"] if formulas else []
        return RawSheet(sheet, rows, merges, notes)


class _OldFormat(Exception):
    """An OLE file that is not encrypted: an old .xls under the name .xlsx."""


def too_many_rows(name: str, sheet: str | None = None) -> LedgerError:
    where = f"的工作表“{sheet}”" if sheet else ""
    return LedgerError(f"{name}{where}有 {L.MAX_REGISTER_ROWS} 行以上，超出一次能统计的行数"
                       f"（{L.MAX_REGISTER_ROWS} 行）；请按年度分成几个文件后再统计，未读取")


_DROP_EVERY = 1024           # rows (or strings) kept in the tree before those read are dropped


def _drop_before(el) -> None:
    """Drop what the parser built before ``el`` (read already): memory stays bounded, and doing
    it once every _DROP_EVERY elements costs less than after each."""
    parent = el.getparent()
    if parent is not None:
        index = parent.index(el)
        if index:
            del parent[:index]


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       remove_comments=True, remove_pis=True)


def _parser():
    from lxml import etree

    return etree.XMLParser(**_PARSER_OPTIONS)


def _refuse_doctype(el, name: str, part: str) -> None:
    """A part with a DOCTYPE (Excel never writes one: it is how entity tricks begin) is refused."""
    info = el.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise LedgerError(f"{name} 的内部文件 {part} 含有不允许的 DTD 或实体定义，未读取")


def _plain(e: Exception) -> str:
    text = str(e)
    return text[:80] if text else type(e).__name__


def _local_name(name: str) -> str:
    return name.rpartition("}")[2]


def _local(el) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(el) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its ``<t>`` and its runs' ``<t>``, not
    the phonetic guide (``<rPh>``)."""
    tag = el.tag
    ns = tag[:tag.index("}") + 1] if tag.startswith("{") else ""
    T, R = ns + "t", ns + "r"
    parts = []
    for ch in el:
        if ch.tag == T:
            parts.append(ch.text or "")
        elif ch.tag == R:
            parts.extend(t.text or "" for t in ch if t.tag == T)
    return "".join(parts)


_COLUMNS: dict[str, int] = {}
_DIGITS = "0123456789"


def _column_index(ref: str) -> int:
    """The column (0 = A) of a cell reference such as "AB12"; -1 when it is not one."""
    letters = ref.rstrip(_DIGITS)
    col = _COLUMNS.get(letters)
    if col is None:
        if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            return -1
        col = 0
        for ch in letters.upper():
            col = col * 26 + ord(ch) - 64
        col -= 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = col
    return col


_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _merge_range(ref: str) -> tuple[int, int, int, int] | None:
    m = _RANGE.fullmatch(ref.strip())
    if m is None:
        return None
    c1, c2 = _column_index(m.group(1)), _column_index(m.group(3))
    r1, r2 = int(m.group(2)), int(m.group(4))
    if r2 < r1 or c2 < c1:
        return None
    return r1, c1, r2, c2


def _iso_date(text: str) -> datetime.date | None:
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
