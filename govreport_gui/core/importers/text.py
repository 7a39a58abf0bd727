"""Text: pasted into the app, or saved as a .txt file (a web page is html.py's).

Text keeps no reliable column positions: tabs separate cells, or else trailing numbers are
cells (a PDF's text breaks rows that way). A table copied one cell a line, labels broken over
lines and numbers run together (a crawler's copy) are handled by :func:`text_rows`, with the
editions' printed row labels: what cannot be placed with certainty is named, never guessed.
Lines, cells and HTML tags are counted before any cell is parsed.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import values as V
from . import limits as L
from . import narrative as N
from .limits import SourceError, check_size
from .result import ImportResult, assemble
from .tables import Grid, core_label, is_number, norm

MAX_TEXT_CHARS = 2_000_000
MAX_TEXT_LINES = 5000                        # a pasted report: a few hundred lines
MAX_TEXT_CELLS = 20_000                      # cells of all pasted rows (a report: about 1,000)
MAX_HTML_TAGS = 60_000        # a government web page with its menus: a few thousand


def read_text(text: str, name: str = "粘贴的文字") -> ImportResult:
    """Text copied from a published web page or PDF (tabs between cells, rows broken)."""
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(f"{name} 过长（{len(text)} 字），不像是一份年度报告")
    if "<table" in text[:20000].lower() or "<td" in text[:20000].lower():
        text = html_to_text(text)
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines > MAX_TEXT_LINES:              # counted before any cell is looked at
        raise SourceError(f"{name} 有 {lines} 行文字，不像是一份年度报告（通常只有几百行），未读取")
    rows = text_rows(text)
    if len(rows.grid) > L.MAX_TABLE_ROWS:          # before the (slower) paragraph joining
        raise L.too_many_table_rows(name, len(rows.grid))
    paragraphs = N.join_lines(text.splitlines())
    try:
        return assemble(paragraphs, [rows.grid], ["文字"], "text", name,
                        row_where=[[f"第{n}行" for n in rows.lines]], problems=rows.problems)
    except SourceError:
        if rows.glued and len(paragraphs) <= L.MAX_PARAGRAPHS:     # nothing read: say why
            _, label, digits = rows.glued[0]
            raise SourceError(f"{name} 中表格的数字连在一起（如{_glued_piece(label, digits)}），"
                              f"无法确定如何分开，未导入；请改用原文的 PDF 或 Word 文件导入") from None
        raise


def read(path: Path) -> ImportResult:
    """A text file as a report (the registry's reader for .txt): UTF-8 or GBK."""
    check_size(path)
    return read_text(decode(path.read_bytes(), path.name), path.name)


class _HtmlText(html.parser.HTMLParser):
    """Text of a web page with table cells as tabs and rows/paragraphs as lines."""

    BREAKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_cell = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
            self.in_cell += 1
        elif tag == "tr":
            self.in_cell = 0
            self.parts.append("\n")
        elif tag in self.BREAKS and not self.in_cell:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.in_cell = max(0, self.in_cell - 1)
        elif tag in self.BREAKS and not self.in_cell:        # <p> inside a cell stays in the cell
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data.replace("\n", " ") if "\t" not in data else data)

    def text(self) -> str:
        lines = []
        for line in "".join(self.parts).split("\n"):
            line = re.sub(r"^\t", "", line)        # the first <td> opens the row
            if line.strip():
                lines.append(line)
        return "\n".join(lines)


def decode(data: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{name} 的文字编码无法识别（应为 UTF-8 或 GBK）")



def html_to_text(markup: str) -> str:
    tags = markup.count("<")                  # counted before parsing (html.parser: ~10 µs a tag)
    if tags > MAX_HTML_TAGS:
        raise SourceError(f"网页有 {tags} 个以上的标记，不像是一份年度报告的网页，未读取")
    p = _HtmlText()
    p.feed(markup)
    p.close()
    return p.text()


def text_rows_numbered(text: str) -> tuple[Grid, list[int]]:
    """Rows of cells from text, and the line each row starts on (see :func:`text_rows`)."""
    rows = text_rows(text)
    return rows.grid, rows.lines


@dataclass
class TextRows:
    """The rows of cells a text gives, the line each starts on, and what could not be placed."""

    grid: Grid = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    glued: list[tuple[str, str, str]] = field(default_factory=list)   # (section number, label, digits)


def text_rows(text: str) -> TextRows:
    """Rows of cells from text: tabs separate cells; without tabs, trailing numbers are cells.

    Rows come in the shapes copied text has:

    - one row a line (a web page's table, a PDF's text);
    - a line holding only numbers continues the label on the line before it (a PDF breaks rows
      like that);
    - one cell a line, as some PDF viewers copy a table: the lines of one number each that
      follow a label are that label's row; they are read only when there are as many of them
      as the row has numbers in print (the tables' reader checks the count), otherwise the row
      is named. Under a table's header words (四) they are the row of numbers without a label;
    - a label broken over lines (“（三）不予公开 3.危及“三安全一稳” / “定” 0 0 …”, or over up to
      five lines of a narrow column) is joined when only the joined text holds an official row's
      label (the editions' data): no line, nor fewer of them, holds one as long;
    - a label with its numbers glued to it (``一、本年新收政府信息公开申请数量21710000218``, as
      crawlers copy a page) is split off only when the digits are certainly one number (the
      row has as many numbers in print as were found); otherwise the row is named: its numbers
      run together and are never split by guessing.

    Every line is looked at a bounded number of times (the work is linear in the text).
    """
    known = _known()
    out = TextRows()
    rows = out.grid
    run: list[tuple[int, str]] = []               # lines of one number each, not yet placed
    total = 0

    def flush() -> None:
        if run:
            _place_run(out, run, known)
            run.clear()

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or _PAGE_NUMBER.match(line):
            continue
        cells = _cells(line, n)
        total += len(cells)
        if total > MAX_TEXT_CELLS:
            raise SourceError(f"文字中的单元格超过 {MAX_TEXT_CELLS} 个，不像是一份年度报告（通常约一千个），未读取")
        cells = _split_glued(cells, n, out, known, None if run or not rows else rows[-1])
        labels = [c for c in cells if c and not is_number(c)]
        numbers = [c for c in cells if c and is_number(c)]
        if len(cells) == 1 and numbers:
            run.append((n, numbers[0]))           # one number on a line: part of a run
            continue
        flush()
        if rows and not labels and numbers and not _has_numbers(rows[-1]):
            _attach(out, cells, known)            # numbers continuing the label on the line before
            continue
        if labels and numbers and _join_wrapped(out, cells, known):
            continue
        rows.append(cells)
        out.lines.append(n)
    flush()
    _say_glued(out)
    return out


def _cells(line: str, n: int) -> list[str | None]:
    """A line's cells: split at tabs, or else its trailing numbers are cells."""
    if "\t" in line:
        tabs = line.count("\t")                    # counted before any cell is parsed
        if tabs >= L.MAX_SHEET_COLS:
            raise SourceError(f"第{n}行有 {tabs + 1} 个单元格，不像是年度报告的表格，未读取")
        return [c.strip() for c in line.split("\t")]
    tokens = line.split()
    k = len(tokens)
    while k > 0 and is_number(tokens[k - 1]):
        k -= 1
        if len(tokens) - k >= L.MAX_SHEET_COLS:
            raise SourceError(f"第{n}行末尾的数字超过 {L.MAX_SHEET_COLS} 个，不像是年度报告的表格，未读取")
    return ([" ".join(tokens[:k])] if k else []) + tokens[k:]


def _has_numbers(cells: list[str | None]) -> bool:
    return any(c and is_number(c) for c in cells)


def _label_only(cells: list[str | None]) -> bool:
    return any(c for c in cells) and not _has_numbers(cells)


def _label(cells: list[str | None]) -> str:
    return "".join(c for c in cells if c and not is_number(c))


# -- what the editions print: their rows' labels, and the header words of a row without a label --


@dataclass(frozen=True)
class _Known:
    counts: dict[str, frozenset[int]]     # an official row's label (core_label) -> its numbers in print
    section: dict[str, str]               # the same label -> its section's number ("三、")
    by_length: tuple[tuple[str, ...], ...]   # those labels, longest first (for "the longest one in a text")
    lengths: tuple[int, ...]              # their lengths, longest first
    headed: dict[str, frozenset[tuple[int, str]]]   # a header word (norm) of a table whose row of
    #                                       numbers has no label (四) -> (its numbers, section number)


_KNOWN: list = [(), None]             # (the editions it was built from, _Known)


def _known() -> _Known:
    """What every edition prints, built once for the editions loaded (again after edition.forget())."""
    from .. import edition as E

    eds = tuple(E.get(e) for e in E.available())
    if len(eds) == len(_KNOWN[0]) and all(a is b for a, b in zip(eds, _KNOWN[0])):
        return _KNOWN[1]
    counts: dict[str, set[int]] = {}
    section: dict[str, str] = {}
    headed: dict[str, set[tuple[int, str]]] = {}
    for ed in eds:
        for sid, table in ed.tables.items():
            number = ed.section(sid).number
            printed: dict[int, list] = {}
            for g in table.grid:
                printed.setdefault(g.row, []).append(g)
            heads = {norm(g.text) for g in table.grid if g.kind == "label" and g.role in ("header", "title")}
            for cells in printed.values():
                values = [g for g in cells if g.kind == "value"]
                labels = [g for g in cells if g.kind == "label"]
                if not values:
                    continue
                if not labels:                  # a row of numbers under the header words (四)
                    for h in heads:
                        headed.setdefault(h, set()).add((len(values), number))
                    continue
                sig = core_label(labels[-1].text)
                if len(sig) >= 2 and not sig[-1].isdigit():
                    counts.setdefault(sig, set()).add(len(values))
                    section.setdefault(sig, number)
            for alias, rid in ed.find.get(sid, {}).get("row_aliases", {}).items():
                sig = core_label(alias)
                wanted = sum(1 for c in table.cells if ed.cells[c].row == rid)
                if len(sig) >= 2 and wanted:
                    counts.setdefault(sig, set()).add(wanted)
                    section.setdefault(sig, number)
    lengths = tuple(sorted({len(s) for s in counts}, reverse=True))
    by_length = tuple(tuple(s for s in counts if len(s) == n) for n in lengths)
    known = _Known({s: frozenset(c) for s, c in counts.items()}, section, by_length, lengths,
                   {h: frozenset(v) for h, v in headed.items()})
    _KNOWN[:] = [eds, known]
    return known


_MAX_LABEL = 300          # longer is a paragraph, not a row's label (tables._score has the same bound)


def _longest(text: str, known: _Known) -> str:
    """The longest official row label that ``text`` (a core label) holds; "" if none."""
    if len(text) > _MAX_LABEL:
        return ""
    for group in known.by_length:
        for sig in group:
            if sig in text:
                return sig
    return ""


def _ending(text: str, known: _Known) -> str:
    """The longest official row label that ``text`` (a core label) ends with; "" if none."""
    for n in known.lengths:
        if len(text) >= n and text[-n:] in known.counts:
            return text[-n:]
    return ""


def _wrapped(parts: list[str], known: _Known) -> int:
    """The length of the official row label that labels on consecutive lines hold only when
    joined (a label broken over them): 0 when some line, or the join of fewer of them, holds
    one as long."""
    if sum(len(p) for p in parts) > 2 * _MAX_LABEL:          # a paragraph: not looked into
        return 0
    joined = len(_longest(core_label("".join(parts)), known))
    if not joined:
        return 0
    subs = [parts[i:j] for i in range(len(parts)) for j in range(i + 1, len(parts) + 1) if j - i < len(parts)]
    return joined if all(len(_longest(core_label("".join(s)), known)) < joined for s in subs) else 0


_MAX_WRAP = 4             # lines before the last one that a broken label may start on (a narrow column)


def _wrapped_before(rows: Grid, upto: int, label: str, known: _Known) -> int:
    """How many label-only rows just before ``rows[upto]`` (0 to :data:`_MAX_WRAP`) hold the
    beginning of a label broken over lines whose end is ``label``: of the ways to join them, the
    one holding the longest official label (“…只计” / “这一情形，不计其” / “他情形）” holds
    “其他” in its last two lines, and the whole （二） label in four)."""
    best, best_back = 0, 0
    for back in range(1, _MAX_WRAP + 1):
        if upto < back or not _label_only(rows[upto - back]):
            break
        length = _wrapped([_label(rows[i]) for i in range(upto - back, upto)] + [label], known)
        if length > best:
            best, best_back = length, back
    return best_back


def _prefixed(cells: list[str | None], prefix: str) -> list[str | None]:
    """``cells`` with ``prefix`` put before its first label (the cells keep their places)."""
    out = list(cells)
    for i, c in enumerate(out):
        if c and not is_number(c):
            out[i] = prefix + c
            return out
    return [prefix] + out


def _take_label(out: TextRows, back: int, upto: int) -> tuple[str, int]:
    """The labels of the ``back`` rows before ``rows[upto]``, removed: (their text, first line)."""
    text = "".join(_label(out.grid[i]) for i in range(upto - back, upto))
    line = out.lines[upto - back]
    del out.grid[upto - back:upto]
    del out.lines[upto - back:upto]
    return text, line


def _join_wrapped(out: TextRows, cells: list[str | None], known: _Known) -> bool:
    """A line with the end of a broken label and the row's numbers (“定” 0 0 0 …): joined to the
    label-only lines before it when only so does it hold an official row's label."""
    back = _wrapped_before(out.grid, len(out.grid), _label(cells), known)
    if not back:
        return False
    prefix, line = _take_label(out, back, len(out.grid))
    out.grid.append(_prefixed(cells, prefix))
    out.lines.append(line)
    return True


def _attach(out: TextRows, numbers: list[str | None], known: _Known) -> None:
    """Numbers on lines of their own, to the row before them, which has none (and to the lines
    before that, when they hold the beginning of the same broken label)."""
    rows = out.grid
    last = len(rows) - 1
    back = _wrapped_before(rows, last, _label(rows[last]), known) if _label_only(rows[last]) else 0
    if back:
        prefix, line = _take_label(out, back, last)
        rows[-1] = _prefixed(rows[-1], prefix)
        out.lines[-1] = line
    rows[-1] = rows[-1] + numbers


def _place_run(out: TextRows, run: list[tuple[int, str]], known: _Known) -> None:
    """Lines of one number each (a table copied one cell a line): the row of the label before them.

    Under a table's header words (two or more, each a line: 四), the numbers are that table's
    row without a label: the header words become one row and the numbers another, as printed;
    more numbers than that row has are named and not read."""
    rows = out.grid
    k = len(run)
    numbers: list[str | None] = [t for _, t in run]
    if not rows or _has_numbers(rows[-1]) or k > L.MAX_SHEET_COLS:
        if k == 1 or k > L.MAX_SHEET_COLS:            # as before: each a row of its own
            for n, t in run:
                rows.append([t])
                out.lines.append(n)
        else:
            rows.append(numbers)
            out.lines.append(run[0][0])
        return
    last = _label(rows[-1])
    heads = known.headed.get(norm(last), frozenset()) if k > 1 and len(last) <= _MAX_LABEL else frozenset()
    if heads and k not in known.counts.get(core_label(last), frozenset()):
        words = {h for h, v in known.headed.items() if v & heads}
        start = len(rows)
        while (start > 0 and len(rows) - start < 4 * L.MAX_SHEET_COLS and _label_only(rows[start - 1])
               and sum(1 for c in rows[start - 1] if c) == 1 and norm(_label(rows[start - 1])) in words):
            start -= 1
        if len(rows) - start >= 2:                    # a header, not one word that is also a row's label
            header: list[str | None] = [c for r in rows[start:] for c in r if c]
            line = out.lines[start]
            del rows[start:]
            del out.lines[start:]
            rows.append(header)
            out.lines.append(line)
            wanted = min(m for m, _ in heads)
            if k <= max(m for m, _ in heads):         # as many, or too few (the tables' reader names it)
                rows.append(numbers)
                out.lines.append(run[0][0])
            else:
                number = sorted(num for _, num in heads)[0]
                out.problems.append(f"{number}文字第{run[0][0]}行起读到 {k} 个数（应为 {wanted} 个），"
                                    f"无法确定各数所在的列，未读取")
            return
    _attach(out, numbers, known)


# -- numbers glued to their label ------------------------------------------------------------

_TAIL = frozenset("0123456789０１２３４５６７８９.,，-－+")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_SIGNS = frozenset("-－+")
_SENTENCE = frozenset("。；！？;!?")


def _glued_tail(cell: str) -> tuple[str, str] | None:
    """(label, digits) of a cell whose label ends in digits: ``规章3140`` -> (``规章``, ``3140``)."""
    if len(cell) > _MAX_LABEL:
        return None
    i = len(cell)
    while i > 0 and cell[i - 1] in _TAIL:
        i -= 1
    while i < len(cell) and cell[i] not in _DIGITS:
        i += 1
    if i >= len(cell) or i == 0:
        return None
    if cell[i - 1] in _SIGNS and i > 1:
        i -= 1
    label = cell[:i].rstrip()
    return (label, cell[i:]) if label else None


def _split_glued(cells: list[str | None], n: int, out: TextRows, known: _Known,
                 before: list[str | None] | None) -> list[str | None]:
    """Cells of a line with a label's glued digits split off where that is certain, and the rows
    whose numbers run together noted (:func:`_say_glued`). A line of digits alone is noted when
    it is under a table's header words (``before``, the row above it) and has as many digits as
    that table's row of numbers has numbers, or when no number has so many digits."""
    texts = [c for c in cells if c]
    if len(texts) == 1 and all(ch in _DIGITS for ch in texts[0]):
        digits = texts[0]
        heads = _headed_in(_label(before), known) if before is not None and _label_only(before) else set()
        under = sorted(num for m, num in heads if m <= len(digits))
        if under:
            out.glued.append((under[0], "", digits))
        elif len(digits) > V.MAX_DIGITS:
            out.glued.append(("", f"文字第{n}行", digits))
        return cells
    for i, c in enumerate(cells):
        if not c or is_number(c):
            continue
        tail = _glued_tail(c)
        if tail is None:
            continue
        label, digits = tail
        if any(ch in _SENTENCE for ch in label):
            continue                                   # a sentence ending in a number
        core = core_label(label)
        sig = _ending(core, known)
        if not sig or len(core) > len(sig) + 16:        # not a row's label, or a sentence around one
            continue
        wanted = known.counts[sig]
        found = 1 + sum(1 for x in cells[i + 1:] if x and is_number(x))
        whole = is_number(digits)
        if whole and found in wanted:                  # as many numbers as the row has: certain
            return cells[:i] + [label, digits] + cells[i + 1:]
        ndigits = sum(1 for ch in digits if ch in _DIGITS)
        if any(found < w <= found - 1 + ndigits for w in wanted):   # the missing numbers may be in the digits
            out.glued.append((known.section.get(sig, ""), label.strip(), digits))
            return cells[:i] + [label, digits] + cells[i + 1:] if whole else cells
        return cells
    return cells


def _headed_in(label: str, known: _Known) -> set[tuple[int, str]]:
    """The tables (their row of numbers' count, their section's number) whose header words
    ``label`` holds (a header run together: 行政复议行政诉讼结果维持…)."""
    if not label or len(label) > 2 * _MAX_LABEL:
        return set()
    text = norm(label)
    return {v for word, vs in known.headed.items() if len(word) >= 4 and word in text for v in vs}


_MAX_NAMED = 12


def _glued_piece(label: str, digits: str) -> str:
    """A row whose numbers run together, as a message names it: 「一、本年新收…」“21710000218”."""
    return (f"「{label[:30]}」" if label else "") + f"“{digits[:24]}{'…' if len(digits) > 24 else ''}”"


def _say_glued(out: TextRows) -> None:
    """One problem for each section whose rows have their numbers run together, naming the rows."""
    by_section: dict[str, list[tuple[str, str]]] = {}
    for number, label, digits in out.glued:
        by_section.setdefault(number, []).append((label, digits))
    for number, rows in by_section.items():
        named = "、".join(_glued_piece(label, digits) for label, digits in rows[:_MAX_NAMED])
        more = f"等 {len(rows)} 处" if len(rows) > _MAX_NAMED else ""
        out.problems.append(f"{number}{named}{more}的数字连在一起，无法确定如何分开，未读取；"
                            f"请改用原文的 PDF 或 Word 文件导入")


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
