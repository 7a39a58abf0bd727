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

from .. import values as V
from ..edition import Edition, Table
from ..errors import ValueInputError

Grid = list[list[str | None]]

# what a table prints in a cell for "nothing": read blank (never 0, never guessed) and named as such
# in the review; a blank is not 0 (B1 lists it, the clerk fills it)
BLANK_MARKS = frozenset({"—", "-", "－", "/", "／", "无", "——", "―", "–"})
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "、": ".", "．": ".", "，": "", ",": "", "“": "", "”": "",
                           "\"": "", "：": "", ":": ""})
_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+\.|（[一二三四五六七八九十]+）|\d+\.)+")


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


def is_mark(text: str | None) -> bool:
    """A cell printed as ``—``, ``/``, ``无`` and the like: a blank, written so (BLANK_MARKS)."""
    return text is not None and _SPACE.sub("", str(text)) in BLANK_MARKS


def parse_number(text: str | None, vtype: str = "count") -> V.Value | None:
    """A cell's number, or None if the cell holds no number (``—``, ``/``, ``无`` are none:
    :func:`is_mark`)."""
    if text is None:
        return None
    s = _SPACE.sub("", str(text))
    if not s or s in BLANK_MARKS:
        return None
    try:
        return V.parse(s, vtype if vtype != "count" else "signed")
    except ValueInputError:
        return None


def is_number(text: str | None) -> bool:
    """Whether a cell stands for a number: holds one of any kind (negative and decimal included),
    or a mark printed in its place (``—``, ``/``, ``无``: read blank), which keeps its column."""
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
        return s in BLANK_MARKS
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
    blanks: dict[str, None] = field(default_factory=dict)        # cells of the data area left blank, in order
    marks: dict[str, str] = field(default_factory=dict)          # of those, the ones printed as “—”, “/”, “无”

    def put(self, cell: str, value: V.Value, source: str) -> None:
        if cell not in self.values:
            self.values[cell] = value
            self.sources[cell] = source

    def blank(self, cell: str) -> None:
        """A cell the source prints in its place, with nothing in it: read blank, never 0."""
        self.blanks.setdefault(cell, None)

    def mark(self, cell: str, text: str) -> None:
        """A cell the source prints as “—”, “/” or “无”: read blank, never 0, and said so."""
        if cell not in self.values:
            self.blanks.setdefault(cell, None)
            self.marks.setdefault(cell, _SPACE.sub("", str(text)))


def is_blank(text: str | None) -> bool:
    """A cell that is there but holds nothing (``None`` is a place a merged cell covers)."""
    return text is not None and not _SPACE.sub("", str(text))


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
        out: list = []
        for i, c in enumerate(self.cells):
            v = parse_number(c, vtype)
            if v is not None or is_mark(c):          # a mark keeps its place, with no value (None)
                out.append((i, str(c).strip(), v))
        self.__dict__[key] = out
        return out


# -------------------------------------------------------------------------------------------------


def detect_edition(rows: list[Row], year: int | None, editions: list[Edition]) -> Edition:
    """Which official edition a document follows, from its labels (else from its year).

    The editions whose marker words (their data's ``identify.markers``) the document holds are
    the candidates; among several, the one more of whose printed labels the document holds (an
    edition derived from another shares its markers), then the one in force in its year."""
    text = "".join(norm(r.label()) for r in rows)
    marked = [e for e in editions if any(norm(k) in text for k in e.markers)]
    if len(marked) == 1:
        return marked[0]
    from ..edition import for_year
    if len(marked) > 1:
        scores = {e.id: _label_share(e, text) for e in marked}
        top = max(scores.values())
        best = [e for e in marked if scores[e.id] == top]
        if len(best) == 1:
            return best[0]
        if year:
            in_force = [e for e in best if e.in_force(year)]
            if in_force:
                return max(in_force, key=lambda e: e.year_from)
        return max(best, key=lambda e: e.year_from)
    return for_year(year) if year else editions[-1]


def _label_share(ed: Edition, text: str) -> float:
    """The share of an edition's printed table labels (and column names) found in ``text``."""
    labels = {core_label(g.text) for t in ed.tables.values() for g in t.grid if g.kind == "label"}
    labels |= {core_label(n) for t in ed.tables.values() for n in t.columns.values()}
    labels = {lab for lab in labels if len(lab) >= 2}
    return sum(1 for lab in labels if lab in text) / len(labels) if labels else 0.0


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
    for sid, table in ed.tables.items():          # each by its shape in the edition data (find.<table>.shape)
        reader = _SHAPES.get(ed.find.get(sid, {}).get("shape", ""))
        if reader is not None:
            reader(rows, ed, table, out, positional)
    out.notes.extend(blank_notes(ed, out))
    return out


def blank_notes(ed: Edition, out: Reading) -> list[str]:
    """One note per table naming every cell of its data area the source left blank (read blank,
    never 0), row by row: a row blank throughout is named once."""
    notes = []
    for sid, table in ed.tables.items():
        num, short = _number_and_short(ed, sid)
        blank = [c for c in table.cells if c in out.blanks and c not in out.values]
        marked = [c for c in blank if c in out.marks]
        empty = [c for c in blank if c not in out.marks]
        if empty:
            notes.append(f"{num}{short}的表格中有 {len(empty)} 个单元格空白（原文未填数字），已按空白读取，未当作 0："
                         + _cells_by_row(ed, table, empty))
        if marked:
            written = "”“".join(dict.fromkeys(out.marks[c] for c in marked))
            notes.append(f"{num}{short}的表格中有 {len(marked)} 个单元格写作“{written}”，已按空白读取，未当作 0"
                         f"（空白不等于 0；确为 0 的请填写 0）：" + _cells_by_row(ed, table, marked))
    return notes


def _cells_by_row(ed: Edition, table: Table, cells: list[str]) -> str:
    """Cells named row by row: a row blank throughout is named once."""
    by_row: dict[str, list[str]] = {}
    for c in cells:
        by_row.setdefault(ed.cells[c].row, []).append(c)
    parts = []
    for row, these in by_row.items():
        whole = sum(1 for c in table.cells if ed.cells[c].row == row)
        name = ed.cells[these[0]].row_name
        if len(these) == whole > 1:
            parts.append(f"「{name}」全部（{whole} 格）")
        else:
            parts.append(f"「{name}」的" + "".join(f"「{ed.cells[c].col_name}」" for c in these))
    return "；".join(parts)


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


def _read_subtables(rows: list[Row], ed: Edition, table: Table, out: Reading, positional: bool = True) -> None:
    """A table printed as sub-tables, each with its header row (section 二)."""
    sid = table.section
    find = ed.find.get(table.section, {})
    num, short = _number_and_short(ed, table.section)
    names: dict[str, str] = {}               # normalised printed row name -> row id
    for rid, name in table.row_names.items():
        names[core_label(name)] = rid
    for alias, rid in find.get("row_aliases", {}).items():        # other names real documents print
        names.setdefault(core_label(alias), rid)
    col_names = {core_label(n): c for c, n in table.columns.items()}
    for alias, col in find.get("column_aliases", {}).items():
        col_names.setdefault(core_label(alias), col)
    starts = [norm(w) for w in find.get("start", [])]
    headers = [norm(w) for w in find.get("header", [])]
    ends = find.get("end", [])
    header: dict[int, str] = {}
    header_text: dict[int, str] = {}
    in_s2 = False
    for row in rows:
        lab = core_label(row.label())
        if any(w in lab for w in starts):
            in_s2 = True
            header = {}
            continue
        if not in_s2:
            continue
        if any(lab.startswith(w) for w in headers):
            header = {}
            header_text = {i: str(c).strip() for i, c in enumerate(row.cells) if c}
            for i, c in enumerate(row.cells):
                cl = core_label(c)
                for name, col in col_names.items():
                    if cl and (cl == name or cl.startswith(name)):
                        header[i] = col
                if c is None and i - 1 in header:        # a header cell spanning several columns
                    header[i] = header[i - 1]
            continue
        rid = names.get(lab) or _fuzzy(lab, names)
        if rid is None:
            if lab and row.numbers() and any(k in lab for k in ends):
                in_s2 = False          # the next section starts
            elif lab and row.numbers():
                out.problems.append(f"{num}{short}：{row.where}「{row.label()[:20]}」不是官方格式中的行，未读取")
            continue
        out.sections.add(sid)
        if row.split or row.continuation:
            out.problems.append(f"{num}「{table.row_names[rid]}」在原文中跨页断开，数字可能被截断，本行未读取")
            continue
        used = set()
        blank: list[str] = []
        if header:
            for i, c in enumerate(row.cells):
                col = header.get(i)
                if col is not None and positional and is_blank(c) and f"{sid}.{rid}.{col}" in ed.cells:
                    blank.append(f"{sid}.{rid}.{col}")
                    continue
                if col is None and i > 0 and is_number(c):
                    head = header_text.get(i, "")
                    out.problems.append(f"{num}「{table.row_names[rid]}」的“{str(c).strip()}”所在的列"
                                        f"{'（表头“' + head + '”）' if head else ''}不是官方格式中的列，未读取")
                    continue
                cid = f"{sid}.{rid}.{col}" if col else None
                if cid in ed.cells and cid not in used and c is not None and str(c).strip():
                    if is_mark(c):
                        out.mark(cid, c)
                        used.add(cid)
                        continue
                    v = parse_number(c, ed.cells[cid].type)
                    if v is None:
                        out.problems.append(f"{num}「{table.row_names[rid]}」「{table.columns[col]}」的“{str(c).strip()}”不是数字，未读取")
                        continue
                    out.put(cid, v, f"{row.where}：{str(c).strip()}")
                    used.add(cid)
            for cid in blank:
                if cid not in used:          # not a cell a spanning header's other column filled
                    out.blank(cid)
        else:
            wanted = [c for c in table.cells if ed.cells[c].row == rid]
            # every number counts (a 本年增/减 may be negative); each is then parsed as its cell's type
            nums = [(i, str(c).strip()) for i, c in enumerate(row.cells) if c is not None and is_number(c)]
            if len(nums) == len(wanted):
                for cid, (_, t) in zip(wanted, nums):
                    if is_mark(t):
                        out.mark(cid, t)
                        continue
                    v = parse_number(t, ed.cells[cid].type)
                    if v is None:
                        out.problems.append(f"{num}「{table.row_names[rid]}」「{ed.cells[cid].col_name}」的“{t}”不是合适的数，未读取")
                    else:
                        out.put(cid, v, f"{row.where}：{t}")
            elif nums:
                out.problems.append(f"{num}「{table.row_names[rid]}」读到 {len(nums)} 个数，应为 {len(wanted)} 个，未读取")


def _number_and_short(ed: Edition, sid: str) -> tuple[str, str]:
    """A section's printed number ("二、") and short name, for messages."""
    section = next((s for s in ed.sections if s.id == sid), None)
    return (section.number, section.short) if section is not None else ("", sid)


def _fuzzy(label: str, names: dict[str, str], cutoff: float = 0.8) -> str | None:
    if not label or len(label) > 20:
        return None
    m = difflib.get_close_matches(label, list(names), n=1, cutoff=cutoff)
    return names[m[0]] if m else None


# -- section 三: rows in a fixed order, 7 columns ----------------------------------------------------


def _signatures(ed: Edition, table: Table) -> list[tuple[str, str]]:
    """(row id, what identifies its label) in the printed order."""
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


def _header_columns(rows: list[Row], start: int, stop: int, ed: Edition, sid: str) -> dict[int, str]:
    """Column (counted from the right edge, -1 = last) -> column id, from the header rows: the
    columns' printed names and the other names the edition data lists for them.

    Counting from the right keeps the columns lined up when the header and the
    rows come from tables of different widths (a table continued on the next
    page of a PDF; the label area merged differently)."""
    find = ed.find.get(sid, {})
    names = {core_label(n): c for c, n in ed.tables[sid].columns.items()}
    for alias, col in find.get("column_aliases", {}).items():
        names.setdefault(core_label(alias), col)
    subtotal = {core_label(w) for w in find.get("subtotal", [])}
    found: dict[int, str] = {}
    for row in rows[start:stop]:
        width = len(row.cells)
        for i, c in enumerate(row.cells):
            cl = core_label(c)
            if not cl:
                continue
            if cl in names:
                found.setdefault(i - width, names[cl])
            if cl in subtotal:
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


def _read_rows(rows: list[Row], ed: Edition, table: Table, out: Reading, positional: bool = True) -> None:
    """A table of rows in a fixed order under one header, a number per column (section 三)."""
    sid = table.section
    find = ed.find.get(sid, {})
    num, _ = _number_and_short(ed, sid)
    starts = [norm(w) for w in find.get("start", [])]
    ends = find.get("end", [])                                  # the next section's words
    end_rows = ends + find.get("end_header", [])                 # … and its header's
    one = find.get("printed_as_one", {})
    sigs = _signatures(ed, table)
    cols = [c for c in table.columns]
    # where the table starts: the row carrying its first row's words (本年新收…申请)
    start = next((i for i, r in enumerate(rows) if any(w in norm(r.label()) for w in starts)
                  and (r.numbers() or (positional and _all_blank(r, len(cols))))), None)
    if start is None:
        return
    out.sections.add(sid)
    header = _header_columns(rows, max(0, start - 6), start, ed, sid)
    ptr = 0
    i = start
    carry = ""
    while i < len(rows) and ptr < len(sigs):
        row = rows[i]
        i += 1
        if row.continuation:
            continue
        nums = row.numbers()
        lab = core_label(row.label())
        if not nums:
            if any(k in lab for k in ends):
                break
            if positional and lab and _all_blank(row, len(cols)):
                # a row whose cells are all left blank (a web page prints zeros so): found, read blank
                j = next((j for j in range(ptr, min(ptr + 8, len(sigs))) if _score(lab, sigs[j][1]) >= 1.0), None)
                if j is not None:
                    _skipped(sigs, ptr, j, one, num, table, out)
                    for cid in table.cells:
                        if ed.cells[cid].row == sigs[j][0]:
                            out.blank(cid)
                    ptr = j + 1
                    carry = ""
                    continue
            carry = lab                  # a label on a row of its own: its numbers may be on the next row
            continue
        if not lab and carry:            # a row broken in two (a page made from a PDF's text)
            lab = carry
        carry = ""
        best, best_score = None, 0.0
        for j in range(ptr, min(ptr + 8, len(sigs))):
            s = _score(lab, sigs[j][1])
            if s > best_score + 1e-9:
                best, best_score = j, s
        if best is None or best_score < 0.72:
            if any(k in lab for k in end_rows):
                break
            out.problems.append(f"{num}{row.where}「{row.label()[:24]}」不是官方格式中的行，未读取")
            continue
        rid = sigs[best][0]
        if best_score < 1.0:
            out.notes.append(f"{num}「{row.label()[:24]}」按“{table.row_names[rid]}”读取（标签与官方格式略有不同）")
        _skipped(sigs, ptr, best, one, num, table, out)
        ptr = best + 1
        if row.split:
            out.problems.append(f"{num}「{table.row_names[rid]}」在原文中跨页断开，数字可能被截断，本行未读取")
            continue
        _place_row(row, rid, header if positional else {}, cols, ed, table, out)
    if ptr < len(sigs):
        missing = [table.row_names[r] for r, _ in sigs[ptr:]]
        group = {one.get("row")} | set(one.get("instead_of", [])) if one else set()
        if missing and not (group and all(r in group for r, _ in sigs[ptr:])):
            out.problems.append(f"{num}未找到这些行：{'、'.join(missing[:6])}{'等' if len(missing) > 6 else ''}")


def _skipped(sigs: list[tuple[str, str]], ptr: int, found: int, one: dict, num: str, table: Table,
             out: Reading) -> None:
    """The rows passed over to reach row ``found``: named as not found, unless they are a group an
    older format printed as one row (（六）其他处理), read into one of them and noted so."""
    skipped = [sigs[k][0] for k in range(ptr, found)]
    single = bool(one) and sigs[found][0] == one.get("row") and one.get("instead_of", [""])[0] in skipped
    missing = [r for r in skipped if not (single and r in one.get("instead_of", []))]
    if missing:
        out.problems.append(f"{num}未找到这些行：" + "、".join(table.row_names[r] for r in missing))
    if single:
        out.notes.append(one.get("note", ""))


def _all_blank(row: Row, width: int) -> bool:
    """A row with no number and at least ``width`` cells there but empty (a table's row left blank)."""
    return not row.numbers() and sum(1 for c in row.cells if is_blank(c)) >= width


def _place_row(row: Row, rid: str, header: dict[int, str], cols: list[str], ed: Edition, table: Table,
               out: Reading) -> None:
    name = table.row_names[rid]
    num, _ = _number_and_short(ed, table.section)
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
        out.problems.append(f"{num}「{name}」读到 {len(nums)} 个数（应为 {len(cols)} 个），无法确定各数所在的列，本行未读取")
        return
    for col, (t, v) in placed.items():
        cid = f"{table.section}.{rid}.{col}"
        if cid in ed.cells:
            if v is None:                            # printed as “—”, “/”, “无”
                out.mark(cid, t)
                continue
            if isinstance(v, int) and v < 0:
                out.problems.append(f"{num}「{name}」「{ed.cells[cid].col_name}」为负数“{t}”，未读取")
                continue
            out.put(cid, v, f"{row.where}：{t}")
    width = len(row.cells)
    for i, c in enumerate(row.cells):             # a cell under a known column, left blank
        col = header.get(i - width)
        if col is not None and col != "subtotal" and col not in placed and is_blank(c):
            cid = f"{table.section}.{rid}.{col}"
            if cid in ed.cells:
                out.blank(cid)


# -- section 四: one row of 15 numbers ---------------------------------------------------------------


def _read_one_row(rows: list[Row], ed: Edition, table: Table, out: Reading, positional: bool = True) -> None:
    """A table whose numbers are one printed row under two header words (section 四)."""
    sid = table.section
    words = [norm(w) for w in ed.find.get(sid, {}).get("header", [])]
    if len(words) < 2:
        return

    def header_cell(r: Row, word: str) -> bool:            # a short header cell, not a paragraph
        return any(word in norm(c) and len(norm(c)) <= 24 for c in r.cells if c)

    head = None
    for i, r in enumerate(rows):
        if header_cell(r, words[0]) and any(header_cell(x, words[1]) for x in rows[i:i + 2]):
            head = i
            break
    if head is None:
        return
    cells = list(table.cells)                 # one printed row of numbers, in its order
    n = len(cells)
    num, _ = _number_and_short(ed, sid)
    if positional:
        # the 15 columns start under 行政复议: read them by position, blanks stay blank
        c0 = next((k for k, c in enumerate(rows[head].cells) if words[0] in norm(c) and len(norm(c)) <= 24), None)
        for r in rows[head + 1: head + 8]:
            if c0 is None or norm(r.label()) or len(r.cells) < c0 + n:
                continue
            if not r.numbers() and not all(is_blank(c) for c in r.cells[c0:c0 + n]):
                continue                          # neither its numbers nor its row left blank throughout
            out.sections.add(sid)
            for cid, c in zip(cells, r.cells[c0:c0 + n]):
                if is_blank(c):
                    out.blank(cid)
                if c is None or not str(c).strip():
                    continue
                if is_mark(c):
                    out.mark(cid, c)
                    continue
                v = parse_number(c)
                if v is None or (isinstance(v, int) and v < 0):
                    out.problems.append(f"{num}{ed.cells[cid].row_name}「{ed.cells[cid].col_name}」的“{str(c).strip()}”不是件数，未读取")
                    continue
                out.put(cid, v, f"{r.where}：{str(c).strip()}")
            return
    for r in rows[head + 1: head + 8]:
        nums = r.numbers()
        if len(nums) >= n:
            out.sections.add(sid)
            if len(nums) > n:
                out.problems.append(f"{num}读到 {len(nums)} 个数（应为 {n} 个），只取了前 {n} 个，请核对")
            for cid, (_, t, v) in zip(cells, nums[:n]):
                if v is None:
                    out.mark(cid, t)
                    continue
                if isinstance(v, int) and v < 0:
                    out.problems.append(f"{num}{ed.cells[cid].row_name}「{ed.cells[cid].col_name}」为负数“{t}”，未读取")
                    continue
                out.put(cid, v, f"{r.where}：{t}")
            return
        if 0 < len(nums) < n and not norm(r.label()):
            out.sections.add(sid)
            out.problems.append(f"{num}只读到 {len(nums)} 个数（应为 {n} 个），无法确定各数所在的列，未读取")
            return


# the shapes a table may have in print (an edition's find.<table>.shape): how it is read
_SHAPES = {"subtables": _read_subtables, "rows": _read_rows, "one_row": _read_one_row}
