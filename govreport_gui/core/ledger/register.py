"""A register as rows of applications (or cases): its header found, its columns known.

Offices keep their registers in their own layouts. What is the same is that each column has a
header naming what it holds, so columns are found by their header text, never by position:
申请人类型 (or 申请人类别, 申请人身份), 收到申请日期 (or 申请日期, 受理日期, 登记日期, …), and so
on (:data:`APPLICATION_FIELDS`, :data:`CASE_FIELDS`). A header cell names a field when its text
is one of the field's names, or holds one (``收到申请日期（年/月/日）``); the closest name wins
(``申请人类型`` is the type, not the applicant's name).

- The sheet: the first visible sheet whose first HEADER_SEARCH_ROWS rows hold a header naming
  at least two of the fields counting needs; which sheet was used is said.
- Title rows above the header (one or two: "某某局2024年政府信息公开申请登记台账") are passed over.
- A two-row header (申请人信息 over 申请人 | 申请人类型, or 答复 over 日期 | 类型) is read as
  one: each column's lower text first, then upper and lower together, then the upper alone.
  Two rows are taken only when they find more than the first row alone.
- Merged cells: in the header a merged cell's text covers every column and row it spans. Below
  it, a value merged down over several rows (a vertical merge) applies to each row it covers, in
  its first column; a merge across columns is not spread sideways (that is a block's title row).
- Blank rows (between blocks) are skipped. A row with none of the counted fields (a block
  title, a total, a remark) is not an application: it is listed as such, not counted. A row
  repeating the header (a block with its own header) is passed over.
- Hidden rows are read and counted like the others; the notes name them.
- Row numbers are the sheet's own (what Excel or WPS shows at the left); in a CSV file, the
  record's number (what Excel shows when it opens the file).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
from pathlib import Path
from dataclasses import dataclass, field

from ..errors import GovReportError
from ..importers.limits import plain_reason
from . import limits as L
from .dates import NotADate, is_serial, parse_date
from .limits import LedgerError, rows_text
from .sheet import Source, open_source
from .vocab import skeleton
from .xlsx import RawSheet


@dataclass(frozen=True)
class Field:
    """A column a register may have: its key, the name a clerk knows it by, the header texts
    that find it, whether it holds dates and whether counting needs it."""

    key: str
    name: str
    headers: tuple[str, ...]
    date: bool = False
    required: bool = False


APPLICATION_FIELDS = (
    Field("number", "序号", ("序号", "编号", "登记号", "登记编号", "申请编号", "受理编号", "流水号")),
    Field("name", "申请人", ("申请人", "申请人姓名", "申请人名称", "申请人姓名名称", "申请人姓名或名称")),
    Field("applicant", "申请人类型", ("申请人类型", "申请人类别", "申请人身份", "申请人性质", "申请主体类型"),
          required=True),
    Field("received", "收到申请日期", ("收到申请日期", "申请日期", "受理日期", "登记日期", "收到日期", "收到申请时间",
                                   "申请时间", "受理时间", "登记时间", "收件日期"), date=True, required=True),
    Field("content", "申请内容", ("申请内容", "申请公开内容", "申请公开的内容", "申请事项", "所需信息", "所需信息内容描述")),
    Field("answered", "答复日期", ("答复日期", "办结日期", "办理日期", "答复时间", "办结时间"), date=True, required=True),
    Field("result", "答复类型", ("答复类型", "办理结果", "处理结果", "答复结果", "答复情况"), required=True),
)

CASE_FIELDS = (
    Field("number", "序号", ("序号", "编号", "案号", "案件编号")),
    Field("case", "案件名称", ("案件名称", "案由", "复议申请人", "原告", "申请人")),
    Field("kind", "案件类型", ("案件类型", "类型", "案件类别", "类别", "案件性质"), required=True),
    Field("reviewed", "是否经复议", ("是否经复议", "是否经过复议", "是否复议", "是否复议后起诉", "经复议", "复议前置")),
    Field("received", "收到日期", ("收到日期", "立案日期", "受理日期", "收案日期", "起诉日期", "申请日期", "收到时间",
                               "立案时间", "受理时间"), date=True),
    Field("concluded", "结案日期", ("结案日期", "审结日期", "办结日期", "决定日期", "判决日期", "裁判日期", "结案时间",
                                "审结时间"), date=True),
    Field("result", "结果", ("结果", "审理结果", "复议结果", "诉讼结果", "案件结果", "结案结果", "处理结果", "办理结果",
                           "结案情况", "审结情况", "裁判结果", "判决结果"), required=True),
)

FIELDS = {"applications": APPLICATION_FIELDS, "cases": CASE_FIELDS}
REGISTER_NAMES = {"applications": "政府信息公开申请登记台账", "cases": "行政复议、行政诉讼案件台账"}


@dataclass(slots=True)
class Entry:
    """One row of the register: its row number, whether it is hidden, and its fields' values
    (``values[field key]``): text as written, a number, or for a date field a ``datetime.date``,
    a :class:`~.dates.NotADate`, or None when empty. A field the register lacks is absent."""

    row: int
    hidden: bool
    values: dict


@dataclass(frozen=True)
class Ignored:
    """A row that is not an application (or case): its number and why, in Chinese."""

    row: int
    reason: str


@dataclass
class Register:
    """A register read: where from (name, SHA-256 fingerprint of the bytes read, format, sheet),
    which rows were its header, which column holds each field (``columns[key]`` = (column index
    from 0, header text)), its entries, the rows that are not entries, and notes for the clerk."""

    kind: str
    name: str
    fingerprint: str
    format: str
    sheet: str | None
    sheet_names: list[str]
    header_rows: tuple[int, ...]
    columns: dict[str, tuple[int, str]]
    entries: list[Entry]
    ignored: list[Ignored] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """The file and sheet, as said in messages."""
        return f"{self.name} 的工作表“{self.sheet}”" if self.sheet else self.name

    def has(self, key: str) -> bool:
        return key in self.columns

    def column_name(self, key: str) -> str:
        """Where a field is, as a clerk finds it: "C 列（申请人类型）"."""
        col, text = self.columns[key]
        return f"{column_letter(col)} 列（{text}）"


def column_letter(col: int) -> str:
    """A column index from 0 as Excel names it: 0 → A, 27 → AB."""
    letters = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


# -- reading ----------------------------------------------------------------------------------


def read_register(path: str | os.PathLike, kind: str = "applications", *, cancel=None, progress=None) -> Register:
    """Read a register file: ``kind`` "applications" (政府信息公开申请登记台账, for section 三)
    or "cases" (行政复议、行政诉讼案件台账, for section 四). ``progress(done, total)`` is called
    as the sheet is read; ``cancel`` (a ``threading.Event``) stops the reading
    (:class:`~govreport_gui.core.errors.Cancelled`). Raises :class:`LedgerError` with a Chinese
    message when the file cannot be read or has no recognisable header."""
    if kind not in FIELDS:
        raise ValueError(f"unknown register kind {kind!r}")
    with _no_collection():
        try:
            source = open_source(path, cancel, progress)
            return register_from(source, kind)
        except GovReportError:                     # LedgerError, Cancelled: said already
            raise
        except MemoryError:
            raise LedgerError(f"{Path(path).name} 过大，内存不足，无法读取") from None
        except Exception as e:                     # a damaged file no check above foresaw: said, never a crash
            raise LedgerError(f"{Path(path).name} 无法读取（文件内部结构有误：{plain_reason(e)}），未读取") from e


@contextlib.contextmanager
def _no_collection():
    """Python's cycle collector paused while a register is read: reading makes a few objects
    per cell and frees none, so the collector would rescan them again and again for nothing
    (0.3 s of 1.9 s for 100,000 rows). Nothing read here forms cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def register_from(source: Source, kind: str) -> Register:
    fields = FIELDS[kind]
    looked: list[str] = []
    for sheet in source.sheets():
        found = find_header(sheet, fields)
        if found is None:
            looked.append(f"工作表“{sheet.name}”" if sheet.name else "文件")
            continue
        header_rows, columns = found
        return _entries(source, sheet, kind, header_rows, columns)
    if not looked:
        raise LedgerError(f"{source.name} 没有可以读取的内容（没有可见的工作表，或表格是空的）")
    required = [f for f in fields if f.required]
    said = "；".join(f"{f.name}（也可写作：{'、'.join(h for h in f.headers if h != f.name)}）" for f in required)
    where = "、".join(looked)
    raise LedgerError(f"{source.name} 中找不到{REGISTER_NAMES[kind]}的表头：在{where}的前 {L.HEADER_SEARCH_ROWS} "
                      f"行中没有一行含有下列列名中的至少两个：{said}。请确认选择的是台账文件，表头写有这些列名")


def _norm_header(value: object) -> str:
    if value is None or isinstance(value, (bool, datetime.date)):
        return ""
    return skeleton(str(value))


def _field_score(text: str, f: Field) -> tuple[int, int]:
    """How well a header text names a field: (2, length) when it is one of its names, (1,
    length of the longest name it holds), or (0, 0)."""
    best = (0, 0)
    for h in f.headers:
        s = skeleton(h)
        if text == s:
            return (2, len(s))
        if len(s) >= 2 and s in text and (1, len(s)) > best:
            best = (1, len(s))
    return best


def _header_cells(sheet: RawSheet, numbers: list[int]) -> dict[tuple[int, int], str]:
    """The header rows' texts as written (spaces made plain) by (row, column), each merged
    cell's text over all it covers."""
    rows = {n: values for n, _, values in sheet.rows if n in numbers}
    cells: dict[tuple[int, int], str] = {}
    for n, values in rows.items():
        for c, v in enumerate(values):
            if _norm_header(v):
                cells[(n, c)] = " ".join(str(v).split())
    for r1, c1, r2, c2 in sheet.merges:
        if r2 < numbers[0] or r1 > numbers[-1]:
            continue
        top = rows.get(r1)
        v = top[c1] if top is not None and c1 < len(top) else None
        if not _norm_header(v):
            continue
        for r in range(max(r1, numbers[0]), min(r2, numbers[-1]) + 1):
            for c in range(c1, min(c2, L.MAX_REGISTER_COLS - 1) + 1):
                cells[(r, c)] = " ".join(str(v).split())
    return cells


def _assign(sheet: RawSheet, numbers: list[int], fields) -> dict[str, tuple[int, str, tuple]]:
    """The column of each field the header rows ``numbers`` name: field key -> (column, header
    text as written, score). Each column names one field, the one it names best."""
    cells = _header_cells(sheet, numbers)
    cols = sorted({c for _, c in cells})
    best_of_col: dict[int, tuple[tuple, Field, str]] = {}
    for c in cols:
        texts = [cells.get((n, c), "") for n in numbers]
        if len(numbers) == 2:
            upper, lower = texts
            tries = [(lower, 3), (upper + lower if upper != lower and upper and lower else "", 2), (upper, 1)]
        else:
            tries = [(texts[0], 3)]
        for text, rank in tries:
            norm = skeleton(text) if text else ""
            if not norm:
                continue
            for f in fields:
                quality, length = _field_score(norm, f)
                if quality:
                    score = (quality, rank, length)
                    if c not in best_of_col or score > best_of_col[c][0]:
                        best_of_col[c] = (score, f, text)
    out: dict[str, tuple[int, str, tuple]] = {}
    for c in cols:
        if c not in best_of_col:
            continue
        score, f, text = best_of_col[c]
        if f.key not in out or score > out[f.key][2]:
            out[f.key] = (c, text, score)
    return out


def find_header(sheet: RawSheet, fields=APPLICATION_FIELDS
                ) -> tuple[tuple[int, ...], dict[str, tuple[int, str]]] | None:
    """The header of a sheet: its row numbers (one or two) and the column of each field found,
    or None when none of its first HEADER_SEARCH_ROWS rows names two of the required fields."""
    required = {f.key for f in fields if f.required}
    rows = sheet.rows[:L.HEADER_SEARCH_ROWS]

    def score(assigned: dict) -> tuple[int, int]:
        return (len(required & set(assigned)), len(assigned))

    for i, (number, _, values) in enumerate(rows):
        one = _assign(sheet, [number], fields)
        best, numbers = one, [number]
        # a second header row: right below, no date in it (a row of data has one), and the
        # first row has two cells or more (a title row is one merged cell)
        if (i + 1 < len(sheet.rows) and sheet.rows[i + 1][0] == number + 1
                and sum(v is not None for v in values) >= 2
                and not any(isinstance(parse_date(v), datetime.date) for v in sheet.rows[i + 1][2])):
            two = _assign(sheet, [number, number + 1], fields)
            if score(two) > score(one):
                best, numbers = two, [number, number + 1]
        if score(best)[0] >= min(2, len(required)):
            return tuple(numbers), {k: (c, text) for k, (c, text, _) in best.items()}
    return None


def _header_texts(sheet: RawSheet, header_rows: tuple[int, ...]) -> dict[int, str]:
    """Each column's header text (its skeleton), for telling a repeated header row from an entry."""
    cells = _header_cells(sheet, list(header_rows))
    return {c: skeleton(t) for (_, c), t in cells.items()}


def _entries(source: Source, sheet: RawSheet, kind: str, header_rows: tuple[int, ...],
             columns: dict[str, tuple[int, str]]) -> Register:
    fields = FIELDS[kind]
    by_key = {f.key: f for f in fields}
    missing = [by_key[k] for k in (f.key for f in fields if f.required) if k not in columns]
    where = f"{source.name} 的工作表“{sheet.name}”" if sheet.name else source.name
    header_said = "、".join(str(n) for n in header_rows)
    if missing:
        found = "、".join(f"{column_letter(c)} 列“{text}”（{by_key[k].name}）" for k, (c, text) in
                         sorted(columns.items(), key=lambda kv: kv[1][0]))
        need = "；".join(f"“{f.name}”（也可写作：{'、'.join(h for h in f.headers if h != f.name)}）" for f in missing)
        raise LedgerError(f"{where}第 {header_said} 行是表头，但缺少{need}列，无法统计；找到的列：{found}")
    last_header = header_rows[-1]
    keys = [(f.key, columns[f.key][0], f.date) for f in fields if f.key in columns]
    counted = [f.key for f in fields if f.required or f.key in ("received", "concluded", "reviewed")]
    counted = [k for k in counted if k in columns]
    header_texts = _header_texts(sheet, header_rows)
    date_keys = [k for k, _, is_date in keys if is_date and k in counted]

    # values merged down over rows: (row, column) -> the merged cell's value
    wanted = {c for _, c, _ in keys}
    tops = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges if r2 > r1 and r1 > last_header and c1 in wanted}
    fill: dict[tuple[int, int], object] = {}
    merged_rows: dict[str, list[int]] = {}
    if tops:
        for number, _, values in sheet.rows:
            for c in wanted:
                if (number, c) in tops and c < len(values) and values[c] is not None:
                    r2, _ = tops[(number, c)]
                    for r in range(number + 1, r2 + 1):
                        fill[(r, c)] = values[c]
    checked = [columns[k][0] for k in counted]

    entries: list[Entry] = []
    ignored: list[Ignored] = []
    hidden: list[int] = []
    serial: list[int] = []
    for number, is_hidden, values in sheet.rows:
        if number <= last_header:
            continue
        got: dict = {}
        n = len(values)
        for key, c, is_date in keys:
            v = values[c] if c < n else None
            if v is None and fill:
                v = fill.get((number, c))
                if v is not None:
                    merged_rows.setdefault(key, []).append(number)
            if isinstance(v, str):
                v = v.strip() or None
            if v is None:
                continue
            if is_date:
                d = parse_date(v)
                if d is not None and not isinstance(d, NotADate) and is_serial(v):
                    serial.append(number)
                v = d
                if v is None:
                    continue
            got[key] = v
        maybe_header = any(isinstance(got.get(k), NotADate) for k in date_keys) or not date_keys
        if not any(k in got for k in counted):
            text = next((str(v).strip() for v in values if v is not None and str(v).strip()), "")
            if text:
                shown = text if len(text) <= 20 else text[:20] + "…"
                ignored.append(Ignored(number, f"没有{_names(by_key, counted)}，不是一条{_one(kind)}记录"
                                               f"（“{shown}”，可能是分段标题、合计或备注行），未计入"))
            continue
        if not isinstance(got.get("received"), datetime.date) and _is_total(values):
            ignored.append(Ignored(number, "合计行，不是一条记录，未计入"))
            continue
        if maybe_header and _repeats_header(values, header_texts, checked):
            ignored.append(Ignored(number, "重复的表头行，未计入"))
            continue
        if is_hidden:
            hidden.append(number)
        entries.append(Entry(number, is_hidden, got))

    notes = list(source.notes) + list(sheet.notes)
    sheet_said = f"工作表“{sheet.name}”" if sheet.name else "表格"
    others = len(source.sheet_names) - 1
    notes.append(f"读取了{sheet_said}{f'（共 {len(source.sheet_names)} 个工作表，其余未读取）' if others > 0 else ''}，"
                 f"第 {header_said} 行为表头，共 {len(entries)} 条{_one(kind)}记录")
    notes.append("各列：" + "，".join(f"{by_key[k].name} = {column_letter(c)} 列“{t}”"
                                    for k, (c, t) in sorted(columns.items(), key=lambda kv: kv[1][0])))
    if hidden:
        notes.append(f"{rows_text(hidden)}是隐藏行，已照常计入")
    for key, rows in merged_rows.items():
        notes.append(f"{rows_text(rows)}的“{by_key[key].name}”在合并单元格中，按合并格的内容计入每一行")
    if serial:
        notes.append(f"{rows_text(serial)}的日期是数字（Excel 日期序号，单元格未设为日期格式），已按日期读取")
    return Register(kind, source.name, source.fingerprint, source.format, sheet.name, source.sheet_names,
                    header_rows, dict(columns), entries, ignored, hidden, notes)


TOTAL_WORDS = ("合计", "总计", "小计", "共计")


def _is_total(values: list) -> bool:
    """A row of totals: its first text says 合计 (or 总计, 小计, 共计)."""
    first = next((v for v in values if v is not None), None)
    return isinstance(first, str) and skeleton(first).startswith(TOTAL_WORDS)


def _repeats_header(values: list, header_texts: dict[int, str], checked: list[int]) -> bool:
    """Whether a row repeats the header: two of its counted columns hold their header's text."""
    same = 0
    n = len(values)
    for c in checked:
        v = values[c] if c < n else None
        if isinstance(v, str) and _norm_header(v) == header_texts.get(c):
            same += 1
    return same >= 2


def _names(by_key: dict[str, Field], keys: list[str]) -> str:
    return "、".join(by_key[k].name for k in keys)


def _one(kind: str) -> str:
    return "申请" if kind == "applications" else "案件"
