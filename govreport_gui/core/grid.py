"""Spreadsheet behaviour over a printed table, without Qt.

Moving between value cells (skipping labels and merged cells), copying a
rectangle as tab-separated text and planning a paste: a paste is all or
nothing — if one pasted cell is invalid, nothing is pasted and the message
names that cell and why.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from . import values as V
from .edition import Edition, GridCell, Table
from .errors import ValueInputError

MAX_PASTE_CELLS = 20_000


class GridNav:
    """Geometry of one table: which cell covers a position, where arrows lead."""

    def __init__(self, table: Table):
        self.table = table
        self.cover: dict[tuple[int, int], GridCell] = table.at()
        self.by_cell: dict[str, GridCell] = {g.cell: g for g in table.grid if g.kind == "value"}

    def cell_at(self, row: int, col: int) -> str | None:
        g = self.cover.get((row, col))
        return g.cell if g is not None and g.kind == "value" else None

    def step(self, row: int, col: int, drow: int, dcol: int) -> tuple[int, int]:
        """The next value cell from (row, col) in a direction; stay put at the edge."""
        g = self.cover.get((row, col))
        if g is None:
            return row, col
        r, c = row, col
        # leave the current (possibly merged) cell first
        if drow > 0:
            r = g.row + g.rowspan
        elif drow < 0:
            r = g.row - 1
        if dcol > 0:
            c = g.col + g.colspan
        elif dcol < 0:
            c = g.col - 1
        while 0 <= r < self.table.height and 0 <= c < self.table.width:
            h = self.cover[(r, c)]
            if h.kind == "value":
                return h.row, h.col
            r += drow
            c += dcol
            if drow == 0 and dcol == 0:
                break
        return row, col

    def first_value(self) -> tuple[int, int]:
        for g in self.table.grid:
            if g.kind == "value":
                return g.row, g.col
        return 0, 0

    # -- data entry order (Tab and Enter, as in Excel and WPS) ---------------------
    def entry_order(self, inputs: Collection[str], by_column: bool = False) -> list[tuple[int, int]]:
        """The positions a person types into, in the order Tab (rows) or Enter (columns) visits them.

        ``inputs`` are the cells that take typing: computed totals and labels are left out, so
        Tab and Enter never stop where typing is refused.
        """
        cells = [g for g in self.table.grid if g.kind == "value" and g.cell in inputs]
        key = (lambda g: (g.col, g.row)) if by_column else (lambda g: (g.row, g.col))
        return [(g.row, g.col) for g in sorted(cells, key=key)]

    def next_entry(self, row: int, col: int, inputs: Collection[str], by_column: bool = False,
                   forward: bool = True) -> tuple[tuple[int, int], bool]:
        """Where Tab (``by_column=False``) or Enter (``True``) goes from (row, col).

        Past the last input cell of a row, Tab goes on to the first input cell of the next row;
        below the last row, Enter goes on to the top of the next column. From the very last
        input cell it starts over at the first, and says so (``wrapped``): the cursor never
        stays where the next value would overwrite the one just typed. Returns the position
        and whether it wrapped around the table.
        """
        order = self.entry_order(inputs, by_column)
        if not order:
            return (row, col), False
        g = self.cover.get((row, col))
        here = (g.row, g.col) if g is not None else (row, col)
        key = (lambda p: (p[1], p[0])) if by_column else (lambda p: p)
        k = key(here)
        if forward:
            after = [p for p in order if key(p) > k]
            return (after[0], False) if after else (order[0], True)
        before = [p for p in order if key(p) < k]
        return (before[-1], False) if before else (order[-1], True)

    def frozen(self) -> tuple[int, int]:
        """Leading rows and columns to keep in view while the table scrolls (冻结窗格).

        Rows: the header rows above the first value, when they head every row of the table
        (no title or header rows further down, as in 二's sub-tables). Columns: the leading
        columns that hold only labels. Spans may not cross into the scrolling part.
        """
        value_rows = {r for g in self.table.grid if g.kind == "value" for r in range(g.row, g.row + g.rowspan)}
        value_cols = {c for g in self.table.grid if g.kind == "value" for c in range(g.col, g.col + g.colspan)}
        rows = min(value_rows, default=0)
        if any(g.role in ("title", "header") and g.row >= rows for g in self.table.grid):
            rows = 0
        cols = min(value_cols, default=0)
        for g in self.table.grid:          # a span crossing the line would be cut: freeze less
            if g.row < rows < g.row + g.rowspan:
                rows = 0
            if g.col < cols < g.col + g.colspan:
                cols = 0
        return rows, cols

    def copy_text(self, top: int, left: int, bottom: int, right: int, values: dict[str, V.Value],
                  types: dict[str, str]) -> str:
        """The rectangle as TSV: values of value cells, label text of labels."""
        lines = []
        for r in range(top, bottom + 1):
            cols = []
            for c in range(left, right + 1):
                g = self.cover.get((r, c))
                if g is None or (g.row, g.col) != (r, c):
                    cols.append("")
                elif g.kind == "value":
                    cols.append(V.display(values.get(g.cell), types[g.cell]))
                else:
                    cols.append(g.text.replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cols))
        return "\n".join(lines)


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text (Excel, WPS, a browser): tabs and newlines.

    Excel quotes cells that contain newlines or tabs; those quotes are removed.
    A trailing newline (Excel adds one) does not make an extra row.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    quoted = False
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    cell.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(ch)
        i += 1
    row.append("".join(cell))
    rows.append(row)
    return rows


@dataclass
class PastePlan:
    changes: dict[str, V.Value | None] = field(default_factory=dict)
    skipped_totals: list[str] = field(default_factory=list)    # computed cells the paste covered


def plan_paste(ed: Edition, nav: GridNav, top: int, left: int, rows: list[list[str]],
               computed: set[str] | frozenset[str] = frozenset()) -> PastePlan:
    """Map a block of text onto the table starting at (top, left).

    Raises :class:`ValueInputError` naming the first bad cell; nothing is
    applied by this function. Cells under a computed total are skipped (the
    program computes them) and reported in ``skipped_totals``.
    """
    if sum(len(r) for r in rows) > MAX_PASTE_CELLS:
        raise ValueInputError("粘贴的内容过多，不像是本表的数据")
    plan = PastePlan()
    table = nav.table
    for i, line in enumerate(rows):
        for j, text in enumerate(line):
            r, c = top + i, left + j
            if r >= table.height or c >= table.width:
                if text.strip():
                    raise ValueInputError(f"粘贴的内容超出了表格范围（第{i + 1}行第{j + 1}个数据“{text.strip()}”）")
                continue
            g = nav.cover[(r, c)]
            if (g.row, g.col) != (r, c):       # inside a merged cell: its first column holds the value
                continue
            if g.kind != "value":
                if text.strip() and _norm(text) != _norm(g.text):
                    raise ValueInputError(f"“{text.strip()[:20]}”落在了表头或标签「{g.text[:20]}」上，"
                                          "请选中要填的第一个数字单元格后再粘贴")
                continue
            cd = ed.cells[g.cell]
            if g.cell in computed:
                if text.strip():
                    plan.skipped_totals.append(g.cell)
                continue
            try:
                plan.changes[g.cell] = V.parse(text, cd.type)
            except ValueInputError as e:
                raise ValueInputError(f"{cd.place}：{e}，未粘贴任何内容") from None
    return plan


def _norm(s: str) -> str:
    return "".join(s.split())
