"""Someone else's workbook as Excel shows it: its sheet's XML read beside openpyxl, numbers
taken from their saved text exactly, and each formula's saved result checked against the formula.

A formula is worked out here only when it adds cells of its own sheet (numbers, references, + and
-, parentheses, SUM); anything else is uncertain, and its cell is left blank and said in the
:class:`SheetReview` (a saved result that may be stale is never read as if it were sure).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import (ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow,
                     localcontext)

from . import limits as L
from .limits import SourceError


def plain_decimal(d: Decimal) -> str:
    """A number as digits, never in exponent form (1E+1 -> 10, 5E-5 -> 0.00005)."""
    return format(d, "f")


class SheetReview:
    """What reading someone else's sheets found about their formulas: ``notes`` (a formula's
    saved result was stale or missing; the result worked out from the formula was read) and
    ``problems`` (a formula that could not be checked: its cell left blank). At most
    MAX_LISTED of each are listed, the rest counted."""

    MAX_LISTED = 20

    def __init__(self, name: str) -> None:
        self.name = name
        self._notes: list[str] = []
        self._problems: list[str] = []
        self._more_notes = self._more_problems = 0
        self.work = 0                   # cells looked at by the formulas of all sheets so far

    def note(self, text: str) -> None:
        if len(self._notes) < self.MAX_LISTED:
            self._notes.append(text)
        else:
            self._more_notes += 1

    def problem(self, text: str) -> None:
        if len(self._problems) < self.MAX_LISTED:
            self._problems.append(text)
        else:
            self._more_problems += 1

    @property
    def notes(self) -> list[str]:
        more = [f"另有 {self._more_notes} 个公式单元格按公式重新计算的结果读取"] if self._more_notes else []
        return self._notes + more

    @property
    def problems(self) -> list[str]:
        more = [f"另有 {self._more_problems} 个公式单元格无法核算，未读取"] if self._more_problems else []
        return self._problems + more


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAX_FORMULA_CELLS = 200_000          # cells looked at by all the formulas of a workbook (a report's: ~1,000)
FORMULA_COST = 10                    # a formula read costs as much as looking at 10 cells, and 1 per 8 characters
MAX_FORMULA_DEPTH = 40               # a total of totals of …: a report's go 3 deep
MAX_MERGES = 10_000                  # merged ranges looked at (the checks before allow as many)
MAX_NUMBER_CHARS = 64                # a saved number longer than this is not one a person typed
_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_UP)      # Excel shows 15 significant digits
_EXACT = Context(prec=60, traps=[Inexact, Overflow, InvalidOperation, DivisionByZero])   # or an error


class _Uncertain(Exception):
    """A formula that cannot be worked out here (the reason, in Chinese)."""


class _BlankText:
    """The empty text "" a formula shows: IF(COUNT(r)=0,"",SUM(r)) over cells all blank — the
    form our own export writes for a total whose parts are all blank. SUM and COUNT skip it, as
    Excel does; adding it to a number is Excel's #VALUE!."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK = _BlankText()
# IF(COUNT(r)=0,"",SUM(r)): a total that stays blank while its parts are (the same r twice)
_BLANK_WHEN_EMPTY = re.compile(r'^\s*IF\(\s*COUNT\((?P<r>[^()]{1,200})\)\s*=\s*0\s*,\s*""\s*,\s*SUM\((?P=r)\)\s*\)\s*$',
                               re.IGNORECASE)


@dataclass
class _XCell:
    t: str                      # the cell's type: n (number), s, str, inlineStr, b, e, d
    v: str | None = None        # its saved value (<v>)
    f: str | None = None        # its formula (<f>), "" for the other cells of a shared formula
    ft: str = ""                # the formula's type: "" (normal), shared, array, dataTable
    si: str | None = None       # a shared formula's index
    ref: str | None = None      # the range of a shared or array formula


def _sheet_xml_cells(ws, name: str, merges: list | None = None) -> dict[tuple[int, int], _XCell]:
    """The cells of a read-only worksheet as its XML holds them, up to row MAX_SHEET_ROWS and
    column MAX_SHEET_COLS, placed as openpyxl places them (a row's r, else the row after the
    last; a cell's column from its r, else the one after the last). ``merges``: filled with the
    sheet's merged ranges (r1, c1, r2, c2) when the whole sheet was read."""
    import xml.parsers.expat

    from openpyxl.utils.cell import column_index_from_string

    cells: dict[tuple[int, int], _XCell] = {}
    row = col = 0
    cell: _XCell | None = None
    text: list[str] | None = None
    ns = _MAIN_NS + "}"
    ROW, C, V, F, MERGE = ns + "row", ns + "c", ns + "v", ns + "f", ns + "mergeCell"
    found_merges: list[tuple[int, int, int, int]] = []

    class Stop(Exception):
        pass

    def start(tag, attrs):
        nonlocal row, col, cell, text
        if tag == C:
            ref = attrs.get("r")
            if ref:
                m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?\d+", ref)
                if m is None:
                    raise ValueError(f"cell reference {ref!r}")
                col = column_index_from_string(m.group(1).upper())
            else:
                col += 1
            cell = _XCell(attrs.get("t", "n"))
        elif tag == ROW:
            ref = attrs.get("r")
            if ref is not None:
                number = float(ref)
                if not number.is_integer():
                    raise ValueError(f"row number {ref!r}")
                row = int(number)
            else:
                row += 1
            col = 0
            if row > L.MAX_SHEET_ROWS:
                raise Stop
        elif tag == MERGE and len(found_merges) < MAX_MERGES:
            m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})", attrs.get("ref", ""))
            if m:
                c1, c2 = (column_index_from_string(m.group(k).upper()) for k in (1, 3))
                found_merges.append((int(m.group(2)), c1, int(m.group(4)), c2))
        elif cell is not None and tag in (V, F):
            text = []
            if tag == F:
                cell.f = ""
                cell.ft, cell.si, cell.ref = attrs.get("t", ""), attrs.get("si"), attrs.get("ref")

    def end(tag):
        nonlocal cell, text
        if tag == C:
            # an empty number cell (formatted, nothing in it) is kept out, as if it were not there
            if cell is not None and col <= L.MAX_SHEET_COLS and (cell.v is not None or cell.f is not None
                                                                or cell.t != "n"):
                cells[(row, col)] = cell
            cell = None
        elif cell is not None and text is not None and tag in (V, F):
            if tag == V:
                cell.v = "".join(text)
            else:
                cell.f = "".join(text)
            text = None

    def chars(data):
        if text is not None:
            text.append(data)

    def refuse(*_):
        raise SourceError(f"{name} 的工作表“{ws.title}”含有不允许的 DTD 或实体定义，未读取")

    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    try:
        with ws.parent._archive.open(ws._worksheet_path) as stream:      # the part openpyxl streams
            while data := stream.read(1 << 16):
                parser.Parse(data, False)
            parser.Parse(b"", True)
    except Stop:
        return cells                       # the merged ranges come after the rows: not reached
    except xml.parsers.expat.ExpatError:
        raise SourceError(f"{name} 的工作表“{ws.title}”的 XML 无法解析，未读取") from None
    if merges is not None:
        merges.extend(found_merges)
    return cells


MAX_COVERED = 50_000                 # cells under merges marked (a report: a few hundred)


def _covered(merges: list[tuple[int, int, int, int]]) -> set[tuple[int, int]] | None:
    """The cells a merge covers (all but its top-left), within the rows and columns read; None
    when there are too many to mark (then no empty cell is told apart)."""
    out: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in merges:
        r2, c2 = min(r2, L.MAX_SHEET_ROWS), min(c2, L.MAX_SHEET_COLS)
        if (r2 - r1 + 1) * (c2 - c1 + 1) + len(out) > MAX_COVERED:
            return None
        out.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1))
    return out


def _decimal(text: str | None) -> Decimal | None:
    """A saved number, exactly; None if it is not one."""
    if text is None or len(text) > MAX_NUMBER_CHARS:
        return None
    try:
        d = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    # no report figure is near 10^30 or 10^-30; further out, even writing it out costs
    return d if d.is_finite() and -30 <= d.adjusted() <= 30 else None


def _shown_number(d: Decimal) -> Decimal:
    """A number as Excel shows it: 15 significant digits at most, no trailing zeros. Excel saves
    what it holds, a binary fraction, with up to 17 digits: 0.00005 as 5.0000000000000002E-5,
    a sum of 0.1 and 0.2 as 0.30000000000000004."""
    return _EXCEL_DIGITS.plus(d).normalize(_EXCEL_DIGITS)


def _same_shown(a: Decimal, b: Decimal) -> bool:
    """Whether Excel shows the two numbers alike."""
    return _shown_number(a) == _shown_number(b)


class SheetShown:
    """The values of someone else's sheet as Excel shows them."""

    def __init__(self, ws, review: SheetReview) -> None:
        self.title = ws.title
        self.review = review
        merges: list[tuple[int, int, int, int]] = []
        self.cells = _sheet_xml_cells(ws, review.name, merges)
        self.formulas = _Formulas(self.cells, review)
        self.covered = _covered(merges)
        self.width = max((c for _, c in self.cells), default=0)

    def row(self, r: int, values) -> list:
        """The row as Excel shows it. A cell with nothing in it, inside the sheet's used columns
        and under no merge, is "" — a blank cell, as a page's empty td — where openpyxl gives
        None for it and for a cell a merge covers alike (the table reader keeps the two apart).
        Without the merged ranges (a sheet too long to read to its end) every empty cell stays None."""
        out = list(values)
        if self.covered is not None:
            for i in range(min(len(out), self.width)):
                if out[i] is None and (r, i + 1) not in self.cells and (r, i + 1) not in self.covered:
                    out[i] = ""
        for i, v in enumerate(out):
            x = self.cells.get((r, i + 1))
            if x is None:
                continue
            if x.f is not None or x.ft:
                out[i] = self._formula(r, i + 1, x, v)
            elif x.t == "n" and isinstance(v, (int, float)) and not isinstance(v, bool):
                exact = _decimal(x.v)
                if exact is not None:
                    out[i] = _shown_number(exact)     # from the saved text, never through float
        return out

    def _formula(self, r: int, c: int, x: _XCell, shown):
        from openpyxl.utils.cell import get_column_letter

        place = f"工作表“{self.title}”{get_column_letter(c)}{r}"
        formula = self.formulas.text(r, c)
        if len(formula) > 40:
            formula = formula[:40] + "…"
        if isinstance(shown, (datetime.date, datetime.time, datetime.timedelta)):
            return shown                                    # a date shown by its format: not a figure
        saved = x.v if x.t in ("n", "str") else None
        saved_number = _decimal(saved)
        try:
            result = self.formulas.value(r, c)
        except _Uncertain as e:
            if saved_number is not None:
                self.review.problem(f"{place}的公式“={formula}”无法核算（{e}），其中保存的结果“{saved}”"
                                    f"可能不是 Excel 现在显示的数，未读取，请核对后填写")
                return None
            if not saved and x.t == "n":                   # no result saved (<v/> or none)
                self.review.problem(f"{place}的公式“={formula}”没有保存结果，且无法核算（{e}），未读取")
                return None
            return shown                                    # text, a truth value or an error: not a figure
        if result is BLANK:
            if saved_number is not None:
                self.review.note(f"{place}的公式“={formula}”所引用的单元格全部空白，应显示为空白，"
                                 f"保存的结果“{saved}”未采用（文件保存时未重新计算）")
            return ""                                        # shown as an empty cell: a blank, never 0
        if saved_number is not None and _same_shown(saved_number, result):
            return _shown_number(result)
        result = _shown_number(result)
        if saved_number is None and x.v is None:
            self.review.note(f"{place}的公式“={formula}”没有保存结果，已按公式算出 {plain_decimal(result)} 读取")
        else:
            saved = x.v if len(x.v) <= 20 else x.v[:20] + "…"
            self.review.note(f"{place}的公式“={formula}”保存的结果“{saved}”与按公式重新计算的 "
                             f"{plain_decimal(result)} 不同（文件保存时未重新计算），已按 {plain_decimal(result)} 读取")
        return result


# A formula is worked out here only when it adds cells of its own sheet: numbers, cell
# references, + and -, parentheses and SUM of cells, ranges and such sums. Anything else
# (another sheet, a name, another function, * or /) is said to be uncertain.
_FORMULA_TOKEN = re.compile(r"""\s*(?:
    (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.(!:$])
  | (?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})(?![\w.(!])
  | (?P<fn>[A-Za-z_][\w.]*)\s*\(
  | (?P<op>[-+(),:])
  )""", re.X)


class _Formulas:
    """Works out the formulas of one sheet, exactly (Decimal), each once."""

    def __init__(self, cells: dict[tuple[int, int], _XCell], review: SheetReview) -> None:
        self.cells = cells
        self.review = review
        self.done: dict[tuple[int, int], "Decimal | _BlankText | str"] = {}   # a value, or why there is none
        self.busy: set[tuple[int, int]] = set()
        self.trees: dict[str, tuple] = {}                        # the same formula parsed once
        self._shared: dict[str, tuple[int, int]] | None = None
        self._arrays: list[tuple[int, int, int, int, tuple[int, int]]] | None = None

    # -- which formula a cell has --

    def _shared_master(self, si: str | None) -> tuple[int, int] | None:
        if self._shared is None:
            self._shared = {}
            for pos, x in self.cells.items():
                if x.ft == "shared" and x.f and x.si is not None:
                    self._shared.setdefault(x.si, pos)
        return self._shared.get(si) if si is not None else None

    def text(self, r: int, c: int) -> str:
        x = self.cells[(r, c)]
        if x.ft == "shared" and not x.f:
            master = self._shared_master(x.si)
            if master is not None:
                return self.cells[master].f or ""
        return x.f or ""

    # -- its value --

    def value(self, r: int, c: int) -> "Decimal | _BlankText":
        """The value of the formula in (r, c) (BLANK: the empty text it shows), or _Uncertain."""
        done = self.done.get((r, c))
        if isinstance(done, Decimal) or done is BLANK:
            return done
        if done is not None:
            raise _Uncertain(done)
        if self.review.work > MAX_FORMULA_CELLS:   # the budget is spent: no more working out
            raise _Uncertain("公式引用的单元格过多")
        if (r, c) in self.busy:
            raise _Uncertain("公式循环引用")
        if len(self.busy) >= MAX_FORMULA_DEPTH:
            raise _Uncertain("公式引用层次过深")
        self.busy.add((r, c))
        try:
            result = self._work_out(r, c)
        except _Uncertain as e:
            self.done[(r, c)] = str(e)
            raise
        finally:
            self.busy.discard((r, c))
        self.done[(r, c)] = result
        return result

    def _work_out(self, r: int, c: int) -> Decimal:
        x = self.cells[(r, c)]
        self._spend(FORMULA_COST + len(x.f or "") // 8)
        dr = dc = 0
        formula = x.f
        if x.ft == "dataTable":
            raise _Uncertain("模拟运算表")
        if x.ft == "array" and x.ref and ":" in x.ref and len(set(x.ref.upper().split(":"))) > 1:
            raise _Uncertain("数组公式")
        if x.ft == "shared" and not x.f:
            master = self._shared_master(x.si)
            if master is None:
                raise _Uncertain("找不到共享公式的原式")
            formula = self.cells[master].f
            dr, dc = r - master[0], c - master[1]
        if not formula or not formula.strip():
            raise _Uncertain("公式为空")
        tree = self.trees.get(formula)
        if tree is None:
            try:
                blank = _BLANK_WHEN_EMPTY.match(formula)
                tree = (("blank_when_empty", _parse_formula(f"SUM({blank.group('r')})")[1]) if blank
                        else _parse_formula(formula))
            except _Uncertain as e:
                tree = ("uncertain", str(e))
            if len(self.trees) < 10_000:
                self.trees[formula] = tree
        if tree[0] == "uncertain":
            raise _Uncertain(tree[1])
        with localcontext(_EXACT):
            try:
                return self._eval(tree, dr, dc)
            except ArithmeticError:
                raise _Uncertain("数字超出精确计算的范围") from None

    def _at(self, ref: tuple, dr: int, dc: int) -> tuple[int, int]:
        _, row, col, row_fixed, col_fixed = ref
        row, col = row + (0 if row_fixed else dr), col + (0 if col_fixed else dc)
        if not (1 <= row <= L.MAX_SHEET_ROWS and 1 <= col <= L.MAX_SHEET_COLS):
            raise _Uncertain("引用了读取范围以外的单元格")
        return row, col

    def _spend(self, n: int) -> None:
        self.review.work += n
        if self.review.work > MAX_FORMULA_CELLS:
            raise _Uncertain("公式引用的单元格过多")

    def _eval(self, node: tuple, dr: int, dc: int) -> Decimal:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "ref":
            self._spend(1)
            return self._scalar(*self._at(node, dr, dc))
        if kind == "+":
            return self._eval(node[1], dr, dc) + self._eval(node[2], dr, dc)
        if kind == "-":
            return self._eval(node[1], dr, dc) - self._eval(node[2], dr, dc)
        if kind == "neg":
            return -self._eval(node[1], dr, dc)
        if kind == "blank_when_empty":
            total, numbers = self._sum_args(node[1], dr, dc)
            return total if numbers else BLANK
        if kind == "sum":
            return self._sum_args(node[1], dr, dc)[0]
        raise _Uncertain("含有不支持的运算")          # a range outside SUM

    def _sum_args(self, args: list, dr: int, dc: int) -> tuple[Decimal, int]:
        """SUM's arguments added up, and how many numbers they held (COUNT of the same)."""
        total, numbers = Decimal(0), 0
        for arg in args:
            if arg[0] in ("ref", "range"):
                a = self._at(arg if arg[0] == "ref" else arg[1], dr, dc)
                b = a if arg[0] == "ref" else self._at(arg[2], dr, dc)
                t, n = self._sum_range(a, b)
                total, numbers = total + t, numbers + n
            else:
                total, numbers = total + self._eval(arg, dr, dc), numbers + 1
        return total, numbers

    def _scalar(self, r: int, c: int) -> Decimal:
        """A referenced cell in an addition: a blank is 0, a number is itself, text is an error."""
        x = self.cells.get((r, c))
        if x is None:
            return Decimal(0)
        if x.f is not None or x.ft:
            v = self.value(r, c)
            if v is BLANK:
                raise _Uncertain("空文本参与了加减（Excel 显示 #VALUE!）")
            return v
        if x.t == "n":
            if x.v is None:
                return Decimal(0)
            d = _decimal(x.v)
            if d is None:
                raise _Uncertain("引用的单元格不是数字")
            return d
        if x.t == "b" and x.v in ("0", "1"):
            return Decimal(x.v)
        raise _Uncertain("引用了文字或错误值")

    def _sum_range(self, a: tuple[int, int], b: tuple[int, int]) -> tuple[Decimal, int]:
        """SUM over a range, and how many numbers it holds (COUNT): text, truth values and a
        formula's "" are skipped (as Excel does), errors are not."""
        r1, r2 = sorted((a[0], b[0]))
        c1, c2 = sorted((a[1], b[1]))
        self._spend((r2 - r1 + 1) * (c2 - c1 + 1))
        total, numbers = Decimal(0), 0
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                x = self.cells.get((r, c))
                if x is None:
                    continue
                if x.f is not None or x.ft:
                    v = self.value(r, c)
                    if v is not BLANK:
                        total, numbers = total + v, numbers + 1
                elif x.t == "n" and x.v is not None:
                    d = _decimal(x.v)
                    if d is None:
                        raise _Uncertain("引用的单元格不是数字")
                    total, numbers = total + d, numbers + 1
                elif x.t == "e":
                    raise _Uncertain("引用了错误值")
        return total, numbers


def _parse_formula(text: str) -> tuple:
    """A formula's tree: ("num", d), ("ref", row, col, row_fixed, col_fixed), ("range", ref, ref),
    ("+", a, b), ("-", a, b), ("neg", a), ("sum", [args]); _Uncertain for anything else."""
    from openpyxl.utils.cell import column_index_from_string

    if len(text) > 8192:
        raise _Uncertain("公式过长")
    tokens: list[tuple[str, object]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _FORMULA_TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise _Uncertain("含有不支持的函数、运算或引用")
        pos = m.end()
        if m.group("num") is not None:
            tokens.append(("num", Decimal(m.group("num"))))
        elif m.group("ref") is not None:
            ref = m.group("ref")
            mm = re.fullmatch(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)", ref)
            tokens.append(("ref", ("ref", int(mm.group(4)), column_index_from_string(mm.group(2).upper()),
                                   bool(mm.group(3)), bool(mm.group(1)))))
        elif m.group("fn") is not None:
            if m.group("fn").upper() != "SUM":
                raise _Uncertain(f"含有函数 {m.group('fn').upper()[:20]}")
            tokens.append(("sum", None))
        else:
            tokens.append(("op", m.group("op")))
    tokens.append(("end", None))
    at = 0
    depth = 0

    def peek():
        return tokens[at]

    def take():
        nonlocal at
        at += 1
        return tokens[at - 1]

    def expr():
        nonlocal depth
        depth += 1
        if depth > 64:
            raise _Uncertain("公式嵌套过深")
        node = unary()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            node = (op, node, unary())
        depth -= 1
        return node

    def unary():
        if peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            inner = unary()
            return ("neg", inner) if op == "-" else inner
        return primary()

    def primary():
        kind, val = take()
        if kind == "num":
            return ("num", val)
        if kind == "ref":
            if peek() == ("op", ":"):
                take()
                kind2, val2 = take()
                if kind2 != "ref":
                    raise _Uncertain("含有不支持的引用")
                return ("range", val, val2)
            return val
        if kind == "sum":
            args = []
            if peek() != ("op", ")"):
                args.append(expr())
                while peek() == ("op", ","):
                    take()
                    args.append(expr())
            if take() != ("op", ")"):
                raise _Uncertain("公式不完整")
            return ("sum", args)
        if (kind, val) == ("op", "("):
            node = expr()
            if take() != ("op", ")"):
                raise _Uncertain("公式不完整")
            return node
        raise _Uncertain("公式不完整")

    tree = expr()
    if peek() != ("end", None):
        raise _Uncertain("含有不支持的运算")
    return tree
