"""Finding the official tables in grids of cell texts, by their labels.

Every source — a Word table, a spreadsheet, a table in a PDF, text pasted
from a web page — comes down to rows of cell texts. This module walks those
rows, recognises the sub-tables of section 二, the rows of section 三 and the
row of section 四 by their printed labels (tolerating the variants of real
documents: spaces and line breaks inside labels, ``1、`` for ``1.``,
half-width brackets, 社会组织 for 社会公益组织, typos, rows added by a
locality), maps the columns by their headers and reads the numbers.

It never guesses: a row whose numbers cannot be placed with certainty is
left blank and reported, so no wrong number is filled in silently.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import values as V
from ..edition import Edition
from ..errors import ValueInputError

Grid = list[list[str | None]]

ZERO_MARKS = {"—", "-", "－", "/", "／", "无", "——", "―", "–"}
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "、": ".", "．": ".", "，": "", ",": "", "“": "", "”": "",
                           "\"": "", "：": "", ":": ""})
_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+\.|（[一二三四五六七八九十]+）|\d+\.)+")
_COLUMN_SYNONYMS = {
    "natural": ["自然人"],
    "business": ["商业企业"],
    "research": ["科研机构"],
    "social": ["社会公益组织", "社会组织", "社会公益"],
    "legal": ["法律服务机构"],
    "other": ["其他"],
    "total": ["总计", "合计"],
}
_S4_GROUPS = ("review", "suit_direct", "suit_after_review")
_S4_COLS = ("upheld", "corrected", "other", "pending", "total")


@functools.lru_cache(maxsize=4096)       # the same labels are compared many times
def norm(text: str | None) -> str:
    """A label as compared: no spaces or line breaks, one kind of bracket and numbering."""
    if not text:
        return ""
    return _SPACE.sub("", str(text)).translate(_BRACKETS)


def core_label(text: str) -> str:
    """A label without its numbering: ``（三）不予公开1.属于国家秘密`` -> ``不予公开属于国家秘密``."""
    t = norm(text)
    t = re.sub(r"（[一二三四五六七八九十]+）", "", t)
    t = re.sub(r"(?:^|(?<=[^\d]))\d+\.", "", t)
    t = re.sub(r"^[一二三四五六七八九十]+\.", "", t)
    return t


def parse_number(text: str | None, vtype: str = "count") -> V.Value | None:
    """A cell's number, or None if the cell holds no number. ``—``, ``/``, ``无`` are 0."""
    if text is None:
        return None
    s = _SPACE.sub("", str(text))
    if not s:
        return None
    if s in ZERO_MARKS:
        return Decimal(0) if vtype == "amount" else 0
    try:
        return V.parse(s, vtype if vtype != "count" else "signed")
    except ValueInputError:
        return None


def is_number(text: str | None) -> bool:
    """Whether a cell holds a number of any kind (negative and decimal included)."""
    if text is None:
        return False
    s = _SPACE.sub("", str(text))
    if s.startswith(("-", "－", "+")) and len(s) > 1:
        s = s[1:]
    if len(s) > V.MAX_INPUT_CHARS:          # refused by parse() too; skips its work on long texts
        return False
    if _PLAIN_DIGITS.fullmatch(s):          # most number cells, without the full parse
        return True
    if not _ANY_DIGIT.search(s):            # most label cells: a number needs a digit
        return s in ZERO_MARKS
    return parse_number(s, "amount") is not None


_PLAIN_DIGITS = re.compile(r"[0-9]{1,%d}" % V.MAX_DIGITS)
_ANY_DIGIT = re.compile(r"\d")                # any digit parse() accepts (full-width too)


@dataclass
class Reading:
    """What the tables of a source gave."""

    values: dict[str, V.Value] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)        # cell id -> the text it was read from
    problems: list[str] = field(default_factory=list)            # what could not be placed, in Chinese
    notes: list[str] = field(default_factory=list)               # what was read in an unusual way
    sections: set[str] = field(default_factory=set)              # s2/s3/s4 found

    def put(self, cell: str, value: V.Value, source: str) -> None:
        if cell not in self.values:
            self.values[cell] = value
            self.sources[cell] = source


@dataclass
class Row:
    cells: list[str | None]
    where: str
    split: bool = False            # broken across a page: its numbers may be cut, never read
    continuation: bool = False     # the rest of a row broken across a page

    @property
    def texts(self) -> list[str]:
        return [c for c in self.cells if c is not None and str(c).strip()]

    def label(self) -> str:
        """The row's label: its non-number cells, joined, without repeats of merged cells."""
        cached = self.__dict__.get("_label")
        if cached is not None:
            return cached
        parts: list[str] = []
        for c in self.cells:
            if c is None:
                continue
            t = str(c)
            if not t.strip() or is_number(t):
                continue
            if parts and norm(parts[-1]) == norm(t):
                continue
            parts.append(t)
        self.__dict__["_label"] = label = "".join(parts)
        return label

    def numbers(self, vtype: str = "count") -> list[tuple[int, str, V.Value]]:
        key = f"_numbers_{vtype}"
        cached = self.__dict__.get(key)
        if cached is not None:
            return cached
        out = []
        for i, c in enumerate(self.cells):
            v = parse_number(c, vtype)
            if v is not None:
                out.append((i, str(c).strip(), v))
        self.__dict__[key] = out
        return out


# -------------------------------------------------------------------------------------------------


def detect_edition(rows: list[Row], year: int | None, editions: list[Edition]) -> Edition:
    """Which official edition a document follows, from its labels (else from its year)."""
    text = "".join(norm(r.label()) for r in rows)
    by_id = {e.id: e for e in editions}
    if "2021" in by_id and any(k in text for k in ("本年制发件数", "逾期不补正", "逾期未按收费通知", "本年废止件数")):
        return by_id["2021"]
    if "2019" in by_id and any(k in text for k in ("本年新制作数量", "上一年项目数量", "政府集中采购", "采购项目数量")):
        return by_id["2019"]
    from ..edition import for_year
    return for_year(year) if year else editions[-1]


def read(grids: list[Grid], ed: Edition, where: list[str] | None = None, positional: bool = True,
         row_where: list[list[str]] | None = None) -> Reading:
    """Read the three tables of ``ed`` from a source's grids.

    ``positional``: the grids keep every cell in its column (Word, Excel, PDF
    tables), so a column header tells which number is which. Text copied from
    a page does not (a merged label shifts the cells of its rows): there a row
    is read only when it has exactly one number per column.
    """
    rows = rows_of(grids, where, row_where)
    out = Reading()
    _read_s2(rows, ed, out)
    _read_s3(rows, ed, out, positional)
    _read_s4(rows, ed, out, positional)
    return out


def rows_of(grids: list[Grid], where: list[str] | None = None,
            row_where: list[list[str]] | None = None) -> list[Row]:
    """All rows of all grids in order. A grid that starts with a label-less row of
    numbers continues a row broken by a page: both parts are marked, never read."""
    rows: list[Row] = []
    for g, grid in enumerate(grids):
        for i, r in enumerate(grid):
            label = row_where[g][i] if row_where else f"第{i + 1}行"
            rows.append(Row(list(r), (where[g] if where else f"表格{g + 1}") + label))
        if g > 0 and grid and rows and len(grid) < len(rows):
            first = rows[len(rows) - len(grid)]
            prev = rows[len(rows) - len(grid) - 1]
            if not first.label() and first.numbers() and prev.numbers() and prev.label():
                prev.split = True
                first.continuation = True
    return rows


# -- section 二: sub-tables with a header row each ---------------------------------------------------


def _read_s2(rows: list[Row], ed: Edition, out: Reading) -> None:
    table = ed.tables.get("s2")
    if table is None:
        return
    names: dict[str, str] = {}               # normalised printed row name -> row id
    for rid, name in table.row_names.items():
        names[core_label(name)] = rid
    names.setdefault("规范性文件", "normative")          # both names are printed in both editions
    names.setdefault("行政规范性文件", "normative")
    col_names = {core_label(n): c for c, n in table.columns.items()}
    col_names.setdefault("采购总金额", "amount")
    header: dict[int, str] = {}
    header_text: dict[int, str] = {}
    in_s2 = False
    for row in rows:
        lab = core_label(row.label())
        if "第二十条" in lab:
            in_s2 = True
            header = {}
            continue
        if not in_s2:
            continue
        if lab.startswith("信息内容"):
            header = {}
            header_text = {i: str(c).strip() for i, c in enumerate(row.cells) if c}
            for i, c in enumerate(row.cells):
                cl = core_label(c)
                for name, col in col_names.items():
                    if cl and (cl == name or cl.startswith(name)):
                        header[i] = col
            continue
        rid = names.get(lab) or _fuzzy(lab, names)
        if rid is None:
            if lab and row.numbers() and any(k in lab for k in ("三", "收到", "申请")):
                in_s2 = False          # section 三 starts
            elif lab and row.numbers():
                out.problems.append(f"二、主动公开：{row.where}「{row.label()[:20]}」不是官方格式中的行，未读取")
            continue
        out.sections.add("s2")
        if row.split or row.continuation:
            out.problems.append(f"二、「{table.row_names[rid]}」在原文中跨页断开，数字可能被截断，本行未读取")
            continue
        used = set()
        if header:
            for i, c in enumerate(row.cells):
                col = header.get(i)
                if col is None and i > 0 and is_number(c):
                    head = header_text.get(i, "")
                    out.problems.append(f"二、「{table.row_names[rid]}」的“{str(c).strip()}”所在的列"
                                        f"{'（表头“' + head + '”）' if head else ''}不是官方格式中的列，未读取")
                    continue
                cid = f"s2.{rid}.{col}" if col else None
                if cid in ed.cells and cid not in used and c is not None and str(c).strip():
                    v = parse_number(c, ed.cells[cid].type)
                    if v is None:
                        out.problems.append(f"二、「{table.row_names[rid]}」「{table.columns[col]}」的“{str(c).strip()}”不是数字，未读取")
                        continue
                    out.put(cid, v, f"{row.where}：{str(c).strip()}")
                    used.add(cid)
        else:
            wanted = [c for c in table.cells if ed.cells[c].row == rid]
            nums = [(i, t) for i, t, _ in row.numbers("amount")]
            if len(nums) == len(wanted):
                for cid, (_, t) in zip(wanted, nums):
                    v = parse_number(t, ed.cells[cid].type)
                    if v is not None:
                        out.put(cid, v, f"{row.where}：{t}")
            elif nums:
                out.problems.append(f"二、「{table.row_names[rid]}」读到 {len(nums)} 个数，应为 {len(wanted)} 个，未读取")


def _fuzzy(label: str, names: dict[str, str], cutoff: float = 0.8) -> str | None:
    if not label or len(label) > 20:
        return None
    m = difflib.get_close_matches(label, list(names), n=1, cutoff=cutoff)
    return names[m[0]] if m else None


# -- section 三: rows in a fixed order, 7 columns ----------------------------------------------------


def _signatures(ed: Edition) -> list[tuple[str, str]]:
    """(row id, what identifies its label) in the printed order."""
    table = ed.tables["s3"]
    out: list[tuple[str, str]] = []
    last_label: dict[str, str] = {}
    for g in table.grid:
        if g.kind == "label" and g.role not in ("title", "header"):
            last_label[str(g.row)] = g.text
    seen: list[str] = []
    for g in table.grid:
        if g.kind == "value":
            rid = ed.cells[g.cell].row
            if rid not in seen:
                seen.append(rid)
                out.append((rid, core_label(last_label.get(str(g.row), rid))))
    return out


def _header_columns(rows: list[Row], start: int, stop: int) -> dict[int, str]:
    """Column (counted from the right edge, -1 = last) -> s3 column id, from the header rows.

    Counting from the right keeps the columns lined up when the header and the
    rows come from tables of different widths (a table continued on the next
    page of a PDF; the label area merged differently)."""
    found: dict[int, str] = {}
    for row in rows[start:stop]:
        width = len(row.cells)
        for i, c in enumerate(row.cells):
            cl = core_label(c)
            if not cl:
                continue
            for col, syns in _COLUMN_SYNONYMS.items():
                if any(cl == s for s in syns):
                    found.setdefault(i - width, col)
            if cl in ("小计", "法人小计", "法人或其他组织小计"):
                found.setdefault(i - width, "subtotal")
    return found


def _score(label: str, sig: str) -> float:
    if not label or not sig or len(label) > 300:     # a paragraph, not a row label
        return 0.0
    if sig in label:
        return 1.0 + len(sig) / 100          # longer exact matches win ties
    if len(label) >= 2 and sig.startswith(label):
        return 0.9                           # a shortened label: (六) 其他 for （六）其他处理
    tail = label[-len(sig) - 2:]
    return difflib.SequenceMatcher(None, sig, tail).ratio()


def _read_s3(rows: list[Row], ed: Edition, out: Reading, positional: bool = True) -> None:
    table = ed.tables.get("s3")
    if table is None:
        return
    sigs = _signatures(ed)
    cols = [c for c in table.columns]
    # where section 三 starts: the row carrying 本年新收…申请
    start = next((i for i, r in enumerate(rows) if "本年新收" in norm(r.label()) and r.numbers()), None)
    if start is None:
        return
    out.sections.add("s3")
    header = _header_columns(rows, max(0, start - 6), start)
    ptr = 0
    i = start
    while i < len(rows) and ptr < len(sigs):
        row = rows[i]
        i += 1
        if row.continuation:
            continue
        nums = row.numbers()
        lab = core_label(row.label())
        if not nums:
            if any(k in lab for k in ("行政复议", "行政诉讼")):
                break
            continue
        best, best_score = None, 0.0
        for j in range(ptr, min(ptr + 8, len(sigs))):
            s = _score(lab, sigs[j][1])
            if s > best_score + 1e-9:
                best, best_score = j, s
        if best is None or best_score < 0.72:
            if any(k in lab for k in ("行政复议", "行政诉讼", "结果维持")):
                break
            out.problems.append(f"三、{row.where}「{row.label()[:24]}」不是官方格式中的行，未读取")
            continue
        skipped = [sigs[k][0] for k in range(ptr, best)]
        rid = sigs[best][0]
        ptr = best + 1
        single_other = rid == "other.other" and "other.no_correction" in skipped
        missing = [r for r in skipped if not (single_other and r.startswith("other."))]
        if missing:
            out.problems.append("三、未找到这些行：" + "、".join(table.row_names[r] for r in missing))
        if best_score < 1.0:
            out.notes.append(f"三、「{row.label()[:24]}」按“{table.row_names[rid]}”读取（标签与官方格式略有不同）")
        if single_other:
            out.notes.append("三、（六）其他处理按旧格式印为一行，其数字计入“3.其他”")
        if row.split:
            out.problems.append(f"三、「{table.row_names[rid]}」在原文中跨页断开，数字可能被截断，本行未读取")
            continue
        _place_s3_row(row, rid, header if positional else {}, cols, ed, out)
    if ptr < len(sigs):
        missing = [ed.tables["s3"].row_names[r] for r, _ in sigs[ptr:]]
        if missing and not (len(missing) <= 3 and all(r.startswith("other.") for r, _ in sigs[ptr:])):
            out.problems.append(f"三、未找到这些行：{'、'.join(missing[:6])}{'等' if len(missing) > 6 else ''}")


def _place_s3_row(row: Row, rid: str, header: dict[int, str], cols: list[str], ed: Edition, out: Reading) -> None:
    name = ed.tables["s3"].row_names[rid]
    nums = row.numbers()
    placed: dict[str, tuple[str, V.Value]] = {}
    has_subtotal = "subtotal" in header.values()
    if len(nums) == len(cols) and not has_subtotal:
        placed = {col: (t, v) for col, (_, t, v) in zip(cols, nums)}
    elif header and all(i - len(row.cells) in header for i, _, _ in nums):
        for i, t, v in nums:                     # every number under a known column header
            col = header[i - len(row.cells)]
            if col != "subtotal":
                placed[col] = (t, v)
    else:
        out.problems.append(f"三、「{name}」读到 {len(nums)} 个数（应为 {len(cols)} 个），无法确定各数所在的列，本行未读取")
        return
    for col, (t, v) in placed.items():
        cid = f"s3.{rid}.{col}"
        if cid in ed.cells:
            if isinstance(v, int) and v < 0:
                out.problems.append(f"三、「{name}」「{ed.cells[cid].col_name}」为负数“{t}”，未读取")
                continue
            out.put(cid, v, f"{row.where}：{t}")


# -- section 四: one row of 15 numbers ---------------------------------------------------------------


def _read_s4(rows: list[Row], ed: Edition, out: Reading, positional: bool = True) -> None:
    if "s4" not in ed.tables:
        return
    def header_cell(r: Row, word: str) -> bool:            # a short header cell, not a paragraph
        return any(word in norm(c) and len(norm(c)) <= 24 for c in r.cells if c)

    head = None
    for i, r in enumerate(rows):
        if header_cell(r, "行政复议") and any(header_cell(x, "行政诉讼") for x in rows[i:i + 2]):
            head = i
            break
    if head is None:
        return
    cells = [f"s4.{g}.{c}" for g in _S4_GROUPS for c in _S4_COLS]
    if positional:
        # the 15 columns start under 行政复议: read them by position, blanks stay blank
        c0 = next((k for k, c in enumerate(rows[head].cells) if "行政复议" in norm(c) and len(norm(c)) <= 24), None)
        for r in rows[head + 1: head + 8]:
            if c0 is None or len(r.numbers()) < 8 or norm(r.label()):
                continue
            out.sections.add("s4")
            for cid, c in zip(cells, r.cells[c0:c0 + 15]):
                if c is None or not str(c).strip():
                    continue
                v = parse_number(c)
                if v is None or (isinstance(v, int) and v < 0):
                    out.problems.append(f"四、{ed.cells[cid].row_name}「{ed.cells[cid].col_name}」的“{str(c).strip()}”不是件数，未读取")
                    continue
                out.put(cid, v, f"{r.where}：{str(c).strip()}")
            return
    for r in rows[head + 1: head + 8]:
        nums = r.numbers()
        if len(nums) >= 15:
            out.sections.add("s4")
            if len(nums) > 15:
                out.problems.append(f"四、读到 {len(nums)} 个数（应为 15 个），只取了前 15 个，请核对")
            for cid, (_, t, v) in zip(cells, nums[:15]):
                if isinstance(v, int) and v < 0:
                    out.problems.append(f"四、{ed.cells[cid].row_name}「{ed.cells[cid].col_name}」为负数“{t}”，未读取")
                    continue
                out.put(cid, v, f"{r.where}：{t}")
            return
        if 0 < len(nums) < 15 and not norm(r.label()):
            out.sections.add("s4")
            out.problems.append(f"四、只读到 {len(nums)} 个数（应为 15 个），无法确定各数所在的列，未读取")
            return
