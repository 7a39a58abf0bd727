"""The report as a Word document, rendered from a docxtpl template.

The default templates (``templates/<edition>.docx``) are built from the
edition data by ``export.template`` (written out by ``tools/make_templates.py``;
an edition with no template file gets the same template, built in memory). The three tables are built here
from the same data, with the official merged cells, and placed where the
template says ``{{p tables.s3 }}``.

Safety: rendering uses Jinja2's ``ImmutableSandboxedEnvironment`` with
autoescape, so ``& < > " '`` survive and text a person typed (even ``{{ x }}``
or docxtpl's own ``{_{``) comes out literally — it is data, never template
source. A user's own template is checked first: unknown placeholders and syntax
errors are reported in Chinese, never as a traceback.

A user's template without any tag (``{{ }}``, ``{% %}``, ``{# #}``) is not rendered: if it
holds the official tables (the official blank template, an office's own copy of it) it is
filled where it prints them (``export.fill``); if not, it is refused, saying which tables or
rows were not found. Never a silent blank export.

Resources: the sandbox stops code, not work. A template could loop 10^10 times,
compute ``10**100000000`` or format a value a billion characters wide. So every
loop step, call, operator, filter and method a template uses is counted or
checked before it runs (:class:`_Budget`, limits below and in
``templates/README.md``), and the report's own size is checked before anything
is built (``export.check_size``). Over a limit the export is refused with a
Chinese message; nothing is written.
"""

from __future__ import annotations

import functools
import io
import math
import operator
import os
import re
import string
import time
import zipfile
from pathlib import Path
from typing import Any

from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.runtime import Macro, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import _PassArg
from jinja2.visitor import NodeTransformer
from lxml import etree
from markupsafe import Markup, soft_str

from .. import resources
from ..edition import Table
from ..native import atomic_write
from ..report import META_FIELDS, Report
from . import (BLANK_MODES, ExportError, cell_text, check_size, paragraphs, printable, published_date,
               refuse_if_errors, signature_indents, text_changes, title_parts)
from . import fill
from . import fonts as F

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_UNZIPPED = 60 * 1024 * 1024    # all parts of a template, unpacked (ours: 60 kB; a logo adds its size)
MAX_TEMPLATE_XML = 5 * 1024 * 1024          # its XML parts (a long styled Word document: 1–2 MB; 4 MB took 2 s)
MAX_TEMPLATE_PARTS = 2000
# docxtpl's clean-up of the template's XML looks from each {{ / {% / {# for its end: with
# thousands of them and no end, 40 kB of "{{" took 22 s. A real template has tens of tags,
# each ending within a few hundred characters (a placeholder Word split over several runs).
MAX_TEMPLATE_TAGS = 5_000
MAX_TAG_SPAN = 10_000

TYPE_AREA_MM = 156          # the width of the text on an A4 page with GB/T 9704 margins
TABLE_SIZE = {"normal": F.SIZE_TABLE, "small": F.SIZE_TABLE_SMALL}    # by the table's print size (edition data)

PLACEHOLDERS = {
    "title": "报告标题，如“某某市人民政府2024年政府信息公开工作年度报告”",
    "title_paragraph": "标题整段（用 {{p title_paragraph }}）：过长时在发布机关之后换行",
    "signature": "落款整段（用 {{p signature }}）：发布机关与日期，按 GB/T 9704 右空二字、日期右移二字；无日期时为空",
    "issuer": "发布机关",
    "year": "报告年度",
    "edition": "格式版本（2019 / 2021）",
    "date": "发布日期，如“2025年1月20日”（未填写时为空）",
    "meta": "联系信息：meta.address、meta.postcode、meta.phone、meta.email、meta.website、meta.contact",
    "headings": "六个部分的标题：headings.s1 … headings.s6",
    "preface": "前言的段落列表（每段有 head、rest、text、level）",
    "s1": "一、总体情况的段落列表",
    "s5": "五、存在的主要问题及改进情况的段落列表",
    "s6": "六、其他需要报告的事项的段落列表",
    "tables": "三张表格（官方格式，含合并单元格），用 {{p tables.s2 }}、{{p tables.s3 }}、{{p tables.s4 }} 放在单独的段落中",
    "v": "单个单元格的数值，如 {{ v['s3.new.total'] }}",
}


def default_template(edition_id: str) -> Path:
    """The template file of an edition; it may not exist (see :func:`_default_template`)."""
    return resources.templates() / f"{edition_id}.docx"


def _default_template(report: Report) -> "_Template":
    """The edition's template file, or, for an edition added as a data file alone, the same
    template built from its data (``export.template``)."""
    path = default_template(report.edition)
    if path.exists():
        return _load_template(path)
    from . import template

    return _template_from(template.build(report.ed), path.name)


# --------------------------------------------------------------------------
# the sandbox, bounded
#
# Limits on what a template may make. The default template uses a few hundred steps per
# paragraph and never comes near them; each is far above what a real custom template needs.
MAX_STEPS = 2_000_000          # template nodes run (a loop body counts its size per pass) + items looped over
MAX_CALLS = 1_000_000          # calls of macros, methods, functions
MAX_MACRO_DEPTH = 50           # macros calling macros
MAX_CHARS = 4_000_000          # one string a template makes (a narrative paragraph may be 2,000,000)
MAX_ITEMS = 200_000            # one list, tuple or dict a template makes; range() at most this long
MAX_OUTPUT = 20_000_000        # characters of one rendered part (the largest report: about 14,000,000)
MAX_PIECES = 5_000_000         # pieces the output is joined from
MAX_WORK = 100_000_000         # characters made in all (a list item weighs ITEM_WEIGHT)
ITEM_WEIGHT = 20
MAX_INT_BITS = 4_000           # about 1,200 digits
MAX_WIDTH = 10_000             # a width, padding, precision or count given to a filter or method
RENDER_SECONDS = 8.0           # processor time: a backstop for work nothing above counts ('x' in text in a loop)


class _Limit(Exception):
    """A template tried to make more than the limits allow (message in Chinese)."""


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])")
_SAFE_METHODS = {
    str: {"capitalize", "casefold", "center", "count", "endswith", "find", "index", "isalnum", "isalpha",
          "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace",
          "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
          "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
          "startswith", "strip", "swapcase", "title", "upper", "zfill", "striptags", "unescape", "escape"},
    int: {"bit_length", "bit_count", "conjugate", "as_integer_ratio", "is_integer"},
    float: {"conjugate", "as_integer_ratio", "is_integer", "hex"},
    list: {"count", "index", "copy"},
    tuple: {"count", "index"},
    dict: {"get", "items", "keys", "values", "copy"},
    set: {"isdisjoint", "issubset", "issuperset", "copy"},
    frozenset: {"isdisjoint", "issubset", "issuperset", "copy"},
    bytes: set(),
}
# filters that make a collection from the items of their input (a text's items are its
# characters): refused on an input of more than MAX_ITEMS items
_ITEM_FILTERS = {"list", "sort", "unique", "batch", "slice", "map", "select", "reject", "selectattr", "rejectattr",
                 "groupby", "dictsort", "items", "sum", "max", "min"}
_REMOVED_FILTERS = ("safe", "urlize")     # |safe would let the report's text in as XML; urlize: web pages only


class _Guard(NodeTransformer):
    """Rewrites a parsed template so its loops, macros and ``~`` are counted."""

    def __init__(self, name: str | None, filename: str | None):
        self.name, self.filename = name, filename

    @staticmethod
    def _weight(body: list) -> int:
        """What one pass through a body costs: its nodes (loops inside count their own passes)."""
        return 1 + len(body) + sum(1 for n in body for _ in n.find_all(nodes.Node))

    def _steps(self, body: list, lineno: int) -> nodes.ExprStmt:
        call = nodes.Call(nodes.EnvironmentAttribute("guard_steps", lineno=lineno),
                          [nodes.Const(self._weight(body), lineno=lineno)], [], None, None, lineno=lineno)
        return nodes.ExprStmt(call, lineno=lineno)

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        if node.recursive:
            raise TemplateSyntaxError("模板中不支持递归循环（recursive）", node.lineno, self.name, self.filename)
        # each item looped over costs the body's weight, counted as the item is taken
        weight = nodes.Const(self._weight(node.body), lineno=node.lineno)
        node.iter = nodes.Call(nodes.EnvironmentAttribute("guard_iter", lineno=node.lineno), [node.iter, weight],
                               [], None, None, lineno=node.lineno)
        return node

    def visit_Macro(self, node):
        node = self.generic_visit(node)
        node.body.insert(0, self._steps(node.body, node.lineno))
        return node

    visit_CallBlock = visit_Macro

    def visit_Compare(self, node: nodes.Compare) -> nodes.Call:
        # ``'x' in text`` and ``text == other`` read the whole text: counted like everything made
        node = self.generic_visit(node)
        ops = nodes.Const(tuple(op.op for op in node.ops), lineno=node.lineno)
        return nodes.Call(nodes.EnvironmentAttribute("guard_compare", lineno=node.lineno),
                          [ops, node.expr, *(op.expr for op in node.ops)], [], None, None, lineno=node.lineno)

    def visit_Concat(self, node: nodes.Concat) -> nodes.Call:
        node = self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("guard_concat", lineno=node.lineno), list(node.nodes), [],
                          None, None, lineno=node.lineno)


class _BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox (no code, no file, no changing a list or dict), plus a budget: every
    loop step, call, operator, filter and method is counted or checked before it runs, and
    what it would make is refused (:class:`_Limit`) beyond the limits above."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)           # lipsum(n) makes n paragraphs of filler
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.filters = {name: self._guard_filter(name, fn) for name, fn in self.filters.items()}
        self.tests = {name: self._guard_test(fn) for name, fn in self.tests.items()}
        self.steps = self.calls = self.depth = self.work = 0
        self.started = time.process_time()

    # -- parsing: loops, macros and ~ counted --------------------------------------------------
    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        tree = _Guard(name, filename).visit(tree)
        tree.set_environment(self)
        return tree

    # -- the budget -------------------------------------------------------------------------
    def _over(self, what: str) -> _Limit:
        return _Limit(what)

    def _clock(self) -> None:
        if time.process_time() - self.started > RENDER_SECONDS:
            raise self._over(f"运行时间超过 {RENDER_SECONDS:.0f} 秒")

    def guard_steps(self, n: int) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise self._over(f"循环和宏的运行步数超过 {MAX_STEPS:,} 步（可能是多重循环）")
        self._clock()

    def guard_iter(self, iterable, weight: int = 0):
        size = _size(iterable)
        if size is not None and self.steps + size * (1 + weight) > MAX_STEPS:
            raise self._over(f"循环的运行步数将超过 {MAX_STEPS:,} 步（可能是多重循环）")
        return self._counted(iter(iterable), 1 + weight)

    def _counted(self, it, cost: int = 1):
        for i, item in enumerate(it):
            self.steps += cost
            if self.steps > MAX_STEPS:
                raise self._over(f"循环的次数超过 {MAX_STEPS:,} 次（可能是多重循环）")
            if i % 4096 == 4095:
                self._clock()
            yield item

    def _add_work(self, n: int) -> None:
        self.work += n
        if self.work > MAX_WORK:
            raise self._over(f"生成的文字总量超过 {MAX_WORK:,} 字")

    def made(self, value):
        """Check and count a value the template made."""
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            if value.bit_length() > MAX_INT_BITS:
                raise self._over(f"算出的数字超过 {MAX_INT_BITS * 3 // 10} 位")
            return value
        if isinstance(value, (str, bytes)):
            if len(value) > MAX_CHARS:
                raise self._over(f"生成的一段文字超过 {MAX_CHARS:,} 字")
            self._add_work(len(value))
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            if len(value) > MAX_ITEMS:
                raise self._over(f"生成的列表超过 {MAX_ITEMS:,} 项")
            self._add_work(ITEM_WEIGHT * len(value))
        return value

    def _width(self, value, what: str = "宽度") -> None:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
            raise self._over(f"{what} {value} 超过 {MAX_WIDTH:,}")

    def _chars(self, n: int) -> None:
        if n > MAX_CHARS:
            raise self._over(f"生成的一段文字将超过 {MAX_CHARS:,} 字")

    def _printf(self, fmt: str) -> None:
        """Widths and precisions in a %-format: literal and at most MAX_WIDTH."""
        for m in _PRINTF.finditer(fmt):
            for part in (m.group(1), m.group(2)):
                if part == "*":
                    raise self._over("格式中的宽度不能用 * 由数值决定")
                if part and (len(part) > 6 or int(part) > MAX_WIDTH):
                    raise self._over(f"格式中的宽度 {part[:12]} 超过 {MAX_WIDTH:,}")

    def _format_spec(self, fmt: str) -> None:
        """Widths in a str.format string: literal and at most MAX_WIDTH."""
        try:
            fields = list(string.Formatter().parse(fmt))
        except ValueError:
            return                                  # the call itself will say what is wrong
        for _, field, spec, _ in fields:
            if field is None or not spec:
                continue
            if "{" in spec:
                raise self._over("格式中的宽度不能由另一个值决定")
            for digits in re.findall(r"\d+", spec):
                if len(digits) > 6 or int(digits) > MAX_WIDTH:
                    raise self._over(f"格式中的宽度 {digits[:12]} 超过 {MAX_WIDTH:,}")

    def _join_size(self, items, sep) -> tuple[list, int]:
        items = items if isinstance(items, (list, tuple)) else list(self._counted(iter(items)))
        if len(items) > MAX_ITEMS:
            raise self._over(f"要连接的项超过 {MAX_ITEMS:,} 项")
        n = sum(len(x) if isinstance(x, str) else len(soft_str(x)) for x in items)
        return items, n + max(len(items) - 1, 0) * len(soft_str(sep or ""))

    # -- operators, calls, filters ------------------------------------------------------------
    def call_binop(self, context, op, left, right):
        ints = isinstance(left, int) and isinstance(right, int)
        if op == "**" and ints and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > MAX_INT_BITS:
                raise self._over(f"乘方 {left}**{right} 的结果过大")
        elif op == "*":
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise self._over("乘积的结果过大")
            for seq, n in ((left, right), (right, left)):
                if isinstance(n, int) and not isinstance(seq, int) and _size(seq) is not None:
                    if _size(seq) * n > (MAX_CHARS if isinstance(seq, str) else MAX_ITEMS):
                        raise self._over(f"重复 {n} 次的结果过大")
        elif op == "%" and isinstance(left, str):
            self._printf(left)
        elif op == "+" and not ints:
            a, b = _size(left), _size(right)
            if a is not None and b is not None:
                self._chars(a + b)
        return self.made(super().call_binop(context, op, left, right))

    def guard_compare(self, ops: tuple, *values):
        left = values[0]
        for op, right in zip(ops, values[1:]):
            a, b = _size(left), _size(right)
            if op in ("in", "notin"):
                self._add_work(b or 0)
            elif a is not None and b is not None:
                self._add_work(min(a, b))
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True

    def getattr(self, obj, attribute):
        return self._read(super().getattr(obj, attribute))

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        return self.made(value) if isinstance(argument, slice) else self._read(value)

    def _read(self, value):
        """A long text read from the report (a property may build it afresh): counted."""
        if isinstance(value, str) and len(value) > 1000:
            self._add_work(len(value))
        return value

    def guard_concat(self, *parts):
        parts = tuple(p if isinstance(p, str) else soft_str(p) for p in parts)
        self._chars(sum(len(p) for p in parts))
        return self.made(markup_join(parts))

    def concat(self, parts):      # the rendered output of a template, a macro or a block
        buf: list[str] = []
        n = 0
        for p in parts:
            n += len(p)
            buf.append(p)
            if n > MAX_OUTPUT or len(buf) > MAX_PIECES:
                raise self._over(f"生成的文档超过 {MAX_OUTPUT:,} 字")
            if len(buf) % 65536 == 0:
                self._clock()
        self._add_work(n)
        return "".join(buf)

    def _range(self, *args):
        r = range(*args)
        if len(r) > MAX_ITEMS:
            raise self._over(f"range 的长度 {len(r):,} 超过 {MAX_ITEMS:,}")
        return r

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if getattr(__obj, "__self__", None) is __self and getattr(__obj, "__func__", None) in _GUARDS:
            return __obj(*args)               # the guards themselves: not the template's calls
        __self.calls += 1
        if __self.calls > MAX_CALLS:
            raise __self._over(f"调用次数超过 {MAX_CALLS:,} 次")
        if __self.calls % 4096 == 0:
            __self._clock()
        owner = getattr(__obj, "__self__", None)
        if owner is not None and not isinstance(owner, (_BoundedEnvironment, Macro)):
            kind = owner if isinstance(owner, type) else type(owner)
            base = next((b for b in _SAFE_METHODS if issubclass(kind, b)), None)
            name = getattr(__obj, "__name__", "")
            if base is not None:
                if name not in _SAFE_METHODS[base]:
                    raise SecurityError(f"模板中不允许调用 {kind.__name__}.{name}()")
                args = __self._check_method(owner, name, args, kwargs)
        if isinstance(__obj, Macro):
            __self.depth += 1
            try:
                if __self.depth > MAX_MACRO_DEPTH:
                    raise __self._over(f"宏的嵌套超过 {MAX_MACRO_DEPTH} 层")
                return __self.made(super().call(__context, __obj, *args, **kwargs))
            finally:
                __self.depth -= 1
        return __self.made(super().call(__context, __obj, *args, **kwargs))

    def _check_method(self, owner, name: str, args: tuple, kwargs: dict) -> tuple:
        for a in (*args, *kwargs.values()):
            self._width(a, "参数")
        if isinstance(owner, str):
            if name == "join" and args:
                items, n = self._join_size(args[0], owner)
                self._chars(n)
                args = (items, *args[1:])
            elif name == "replace" and len(args) >= 2:
                self._chars(_replaced_size(owner, args[0], args[1]))
        return args

    def wrap_str_format(self, value):
        fn = super().wrap_str_format(value)
        if fn is None:
            return None
        self._format_spec(value.__self__)
        env = self

        @functools.wraps(fn)
        def checked(*args, **kwargs):
            return env.made(fn(*args, **kwargs))
        return checked

    def _guard_test(self, fn):
        env = self

        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            env._add_work(sum(_size(a) or 0 for a in (*args, *kwargs.values())))
            return fn(*args, **kwargs)
        return guarded

    def _guard_filter(self, name: str, fn):
        offset = 1 if _PassArg.from_obj(fn) is not None else 0
        env = self

        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            args = list(args)
            value = args[offset] if len(args) > offset else kwargs.get("value")
            rest = args[offset + 1:]
            size = _size(value)
            if name in _ITEM_FILTERS and size is not None and size > MAX_ITEMS:
                raise env._over(f"过滤器 {name} 处理的内容过多（{size:,} 项，最多 {MAX_ITEMS:,} 项）")
            if size is not None:
                env._add_work(size if isinstance(value, str) else ITEM_WEIGHT * size)
            arg = (lambda i, key: rest[i] if len(rest) > i else kwargs.get(key))
            if name in ("center", "batch", "slice"):
                env._width(arg(0, {"center": "width", "batch": "linecount", "slice": "slices"}[name]))
            elif name == "indent":
                width = arg(0, "width")
                env._width(width)
                pad = len(width) if isinstance(width, str) else (width if isinstance(width, int) else 4)
                env._chars((size or 0) + (soft_str(value).count("\n") + 1) * max(pad, 0))
            elif name == "format" and isinstance(value, str):
                env._printf(value)
            elif name == "wordwrap":
                wrap = arg(2, "wrapstring")
                env._chars((size or 0) * (1 + len(soft_str(wrap or "\n"))))
            elif name == "replace" and len(rest) >= 2 and isinstance(value, str):
                env._chars(_replaced_size(value, rest[0], rest[1]))
            elif name == "join" and value is not None and not isinstance(value, str):
                items, n = env._join_size(value, arg(0, "d"))
                env._chars(n)
                args[offset] = items
            return env.made(fn(*args, **kwargs))
        return guarded


_GUARDS = (_BoundedEnvironment.guard_iter, _BoundedEnvironment.guard_steps, _BoundedEnvironment.guard_concat,
           _BoundedEnvironment.guard_compare)
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge, "lt": operator.lt,
            "lteq": operator.le, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}


def _size(value) -> int | None:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset, range)):
        return len(value)
    return None


def _replaced_size(s: str, old, new) -> int:
    old, new = soft_str(old), soft_str(new)
    hits = len(s) + 1 if old == "" else s.count(old)
    return len(s) + hits * max(len(new) - len(old), 0)


def _env() -> _BoundedEnvironment:
    """Sandboxed, escaping, bounded, and strict: an unknown name, key or attribute is an error, not ""."""
    return _BoundedEnvironment()


class _Template(DocxTemplate):
    """docxtpl, with three changes:

    - its ``{_{`` → ``{{`` (a template's way of printing a brace pair) is applied to the
      template's own text before rendering, not to the rendered document, where it also
      changed the report's text;
    - the template's XML is checked before docxtpl's clean-up, whose regular expressions are
      quadratic in an opening ``{{`` without its end;
    - the rendered XML must parse (docxtpl's own parse silently drops what does not)."""

    name = "模板"

    def patch_xml(self, src_xml: str) -> str:
        _check_tags(src_xml, self.name)
        return super().patch_xml(src_xml)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        src_xml = _literal_braces(src_xml)
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        try:
            template = jinja_env.from_string(src_xml)
            dst_xml = template.render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                first = max(exc.lineno - 4, 0)
                exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in src_xml.splitlines()[first:first + 7]]
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        return self.resolve_listing(dst_xml)

    def fix_tables(self, xml):
        try:
            etree.fromstring(xml)
        except etree.XMLSyntaxError as e:
            raise ExportError(f"模板生成的文档结构无效（{e.msg}），未导出；请检查模板中的占位符是否放在文字中间") from None
        return super().fix_tables(xml)


_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_BRACE_ESCAPES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}
_BRACE_ESCAPE = re.compile("|".join(re.escape(k) for k in _BRACE_ESCAPES))


def _literal_braces(src: str) -> str:
    """docxtpl's escapes in the template's text (outside its tags) as Jinja expressions."""
    out, pos = [], 0
    for m in _JINJA_TAG.finditer(src):
        out.append(_BRACE_ESCAPE.sub(lambda e: _BRACE_ESCAPES[e.group()], src[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_BRACE_ESCAPE.sub(lambda e: _BRACE_ESCAPES[e.group()], src[pos:]))
    return "".join(out)


_TAG_OPEN = re.compile(r"\{[{%#]")
_TAG_CLOSE = {"{": "}}", "%": "%}", "#": "#}"}


def _check_tags(xml: str, name: str) -> None:
    """Before docxtpl's clean-up: at most MAX_TEMPLATE_TAGS tags, each closed within MAX_TAG_SPAN."""
    n = 0
    for m in _TAG_OPEN.finditer(xml):
        n += 1
        if n > MAX_TEMPLATE_TAGS:
            raise ExportError(f"模板 {name} 中的 {{{{ }}}}、{{% %}} 标记超过 {MAX_TEMPLATE_TAGS} 个，不像是一份报告模板，未导出")
        if xml.find(_TAG_CLOSE[m.group()[1]], m.end(), m.end() + MAX_TAG_SPAN) < 0:
            near = re.sub(r"<[^>]+>", "", xml[m.start():m.start() + 2000])[:40]
            raise ExportError(f"模板 {name} 有语法错误：“{m.group()}”没有对应的结束标记（附近的文字：{near}）")


def _run_xml(text: str | list[str], size_half_points: int, bold: bool) -> str:
    """A run of table text; a list of lines is printed with line breaks between them."""
    b = "<w:b/>" if bold else ""
    lines = [text] if isinstance(text, str) else text
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{F.LATIN}" w:hAnsi="{F.LATIN}" w:eastAsia="{F.BODY}" '
            f'w:cs="{F.LATIN}" w:hint="eastAsia"/>{b}<w:sz w:val="{size_half_points}"/>'
            f'<w:szCs w:val="{size_half_points}"/></w:rPr>{body}</w:r>')


def table_xml(report: Report, table: Table, blank: str) -> str:
    """The official table as WordprocessingML: merged cells by gridSpan/vMerge, header rows
    repeated on a new page, no row split across pages, fixed column widths."""
    size = int(TABLE_SIZE.get(table.print_size, F.SIZE_TABLE).pt * 2)
    widths = [w * TYPE_AREA_MM / sum(table.widths) for w in table.widths]     # the edition's relative widths
    tw = [int(Mm(w).twips) for w in widths]
    cover = table.at()
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(tw)}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="40" w:type="dxa"/><w:right w:w="40" w:type="dxa"/></w:tblCellMar>'
           '</w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in tw]
    out.append("</w:tblGrid>")
    for r in range(table.height):
        header = r < table.header_rows
        # keep-with-next on every row but the last keeps a table that fits a page on one page; a
        # long table (三) may go on to the next page, its header rows repeated there, rather than
        # leave half a page empty: its header and first rows stay with the heading above it
        together = not table.splits or r < table.header_rows + F.KEEP_FIRST_ROWS
        keep = "<w:keepNext/>" if r < table.height - 1 and together else ""
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        c = 0
        while c < table.width:
            g = cover[(r, c)]
            span = sum(tw[g.col:g.col + g.colspan])
            props = f'<w:tcW w:w="{span}" w:type="dxa"/>'
            if g.colspan > 1:
                props += f'<w:gridSpan w:val="{g.colspan}"/>'
            if g.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if r == g.row else "<w:vMerge/>"
            if g.role == "title" and r == g.row:
                props += '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
            props += '<w:vAlign w:val="center"/>'
            content = ""
            if r == g.row:
                if g.kind == "label":
                    # a block's title row (二: 第二十条第（一）项) left and not bold, as the official
                    # template prints it; column headers bold and centred, broken where the edition says
                    bold = g.role == "header"
                    centre = g.role != "title" and (bold or g.rowspan > 2 or table.center_labels)
                    content = _run_xml(table.breaks.get(g.text, g.text), size, bold)
                else:
                    centre = True
                    content = _run_xml(cell_text(report, g.cell, blank), size, False)
                jc = "center" if centre else "left"
            else:
                jc = "center"
            out.append(f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:pStyle w:val="GovTableText"/>{keep}'
                       f'<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
                       f'<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{jc}"/></w:pPr>{content}</w:p></w:tc>')
            c += g.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


TITLE_CHARS = 20            # characters of 二号 type on a line of the 156 mm type area


def title_lines(report: Report) -> list[str]:
    """The title as printed: one line when it fits, else broken after the issuer (GB/T 9704: a
    title breaks where the words allow, never "…工作年／度报告")."""
    head, rest = title_parts(report)
    return [head, rest] if head and len(head + rest) > TITLE_CHARS else [head + rest]


def title_xml(report: Report) -> str:
    """The title paragraph (style GovTitle) with its lines joined by line breaks."""
    size = int(F.SIZE_TITLE.pt * 2)

    props = (f'<w:rPr><w:rFonts w:ascii="{F.LATIN}" w:hAnsi="{F.LATIN}" w:eastAsia="{F.TITLE}" '
             f'w:cs="{F.LATIN}" w:hint="eastAsia"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')
    lines = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in title_lines(report)]
    body = f"<w:r>{props}" + "<w:br/>".join(lines) + "</w:r>"
    return f'<w:p><w:pPr><w:pStyle w:val="GovTitle"/></w:pPr>{body}</w:p>'


def signature_xml(report: Report) -> str:
    """The closing: a blank line, the issuer, the date (nothing when the date is unknown)."""
    date, issuer = published_date(report), printable(report.issuer)
    if not date:
        return ""
    size = int(F.SIZE_BODY.pt * 2)

    def para(text: str, chars: float, keep: bool = True) -> str:
        ind = f'<w:ind w:right="{int(chars * F.SIZE_BODY.pt * 20)}" w:rightChars="{int(chars * 100)}"/>' if text else ""
        # the blank line and the issuer stay on a page with the date (keepNext: second in pPr, as the schema orders it)
        keep_next = "<w:keepNext/>" if keep else ""
        run = (f'<w:r><w:rPr><w:rFonts w:ascii="{F.LATIN}" w:hAnsi="{F.LATIN}" w:eastAsia="{F.BODY}" w:cs="{F.LATIN}" '
               f'w:hint="eastAsia"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
               f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>') if text else ""
        # no extra space between the date's digits and its characters: the widths above hold
        return (f'<w:p><w:pPr><w:pStyle w:val="GovSignature"/>{keep_next}<w:autoSpaceDE w:val="0"/>'
                f'<w:autoSpaceDN w:val="0"/>{ind}</w:pPr>{run}</w:p>')
    issuer_in, date_in = signature_indents(issuer, date)
    return para("", 0) + para(issuer, issuer_in) + para(date, date_in, keep=False)


def context(report: Report, blank: str) -> dict[str, Any]:
    ed = report.ed
    # a table is raw WordprocessingML that {{p tables.s3 }} puts in place of its paragraph
    tables = {sid: Markup(table_xml(report, table, blank)) for sid, table in ed.tables.items()}
    ctx: dict[str, Any] = {
        "title": printable(report.title),
        "title_paragraph": Markup(title_xml(report)),
        "issuer": printable(report.issuer),
        "year": report.year,
        "edition": report.edition,
        "date": published_date(report),
        "signature": Markup(signature_xml(report)),
        "meta": {k: printable(str(report.meta.get(k) or "")) for k in META_FIELDS},
        "headings": {s.id: s.heading for s in ed.sections},
        "tables": tables,
        "v": {cid: cell_text(report, cid, blank) for cid in ed.cells},
    }
    for tid in ed.texts:
        ctx[tid] = paragraphs(report.text.get(tid, ""))
    return ctx


def _load_template(path: Path) -> DocxTemplate:
    return _template_from(_template_bytes(path), path.name)


def _template_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ExportError(f"模板 {path} 是一个文件夹，不是 Word 文档，未导出")
        size = path.stat().st_size
    except OSError as e:
        raise ExportError(f"找不到模板 {path}：{e.strerror or e}") from None
    if size > MAX_TEMPLATE_BYTES:
        raise ExportError(f"模板文件过大（{size // 1024 // 1024} MB，上限 {MAX_TEMPLATE_BYTES // 1024 // 1024} MB），"
                          f"不像是一份报告模板，未导出")
    try:
        return path.read_bytes()
    except OSError as e:
        raise ExportError(f"找不到模板 {path}：{e.strerror or e}") from None


def _template_from(data: bytes, name: str) -> "_Template":
    try:
        _check_template_zip(data, name)
        tpl = _Template(io.BytesIO(data))
        tpl.name = name
        tpl.init_docx()
        return tpl
    except ExportError:
        raise
    except Exception as e:  # a corrupt or non-docx file: python-docx raises many kinds
        raise ExportError(f"模板 {name} 不是有效的 Word 文档（.docx）：{type(e).__name__}") from None


def _check_template_zip(data: bytes, name: str) -> None:
    """A template that would unpack to far more than any Word document: refused before python-docx reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        return                       # python-docx says it is not a Word document
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if (len(infos) > MAX_TEMPLATE_PARTS or sum(i.file_size for i in infos) > MAX_TEMPLATE_UNZIPPED
            or xml > MAX_TEMPLATE_XML):
        raise ExportError(f"模板 {name} 解压后过大（超过 {MAX_TEMPLATE_UNZIPPED // 1024 // 1024} MB，"
                          f"或文字部分超过 {MAX_TEMPLATE_XML // 1024 // 1024} MB），不像是一份报告模板，未导出")


def check_template(tpl: DocxTemplate, ctx_keys: set[str], name: str) -> None:
    """Unknown placeholders and syntax errors, in Chinese."""
    try:
        unknown = tpl.get_undeclared_template_variables(_env())
    except TemplateSyntaxError as e:
        suspect = _unbalanced_paragraph(tpl)
        where = f"请检查这一段：{suspect[:80]}" if suspect else _where(e)
        raise ExportError(f"模板 {name} 有语法错误：{e.message}（{where}）") from None
    except TemplateError as e:
        raise ExportError(f"模板 {name} 有错误：{e}") from None
    for p in _all_paragraphs(tpl):
        if _BAD_TABLE_TAG.search(p.text):
            raise ExportError(f"模板 {name} 中的表格占位符应写成 {{{{p tables.s3 }}}}，并单独成一段："
                              f"“{p.text.strip()[:60]}”")
    unknown = {u for u in unknown if u not in ctx_keys and u not in ("para",)}
    if unknown:
        raise ExportError(f"模板 {name} 中有未知的占位符：{'、'.join(sorted(unknown))}"
                          f"（可用：{'、'.join(PLACEHOLDERS)}）")


_BAD_TABLE_TAG = re.compile(r"\{\{(?!p\s)[^}]*\btables\b")


def _all_paragraphs(tpl: DocxTemplate) -> list:
    doc = tpl.docx
    return list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]


def _unbalanced_paragraph(tpl: DocxTemplate) -> str | None:
    """The first paragraph whose {{ }} or {% %} do not pair up: the usual typo."""
    for p in _all_paragraphs(tpl):
        t = p.text
        if t.count("{{") != t.count("}}") or t.count("{%") != t.count("%}"):
            return t
    return None


def _where(e: TemplateSyntaxError) -> str:
    """The text around the error (docxtpl attaches it), which a person can find in Word."""
    near = " ".join(t.strip() for t in getattr(e, "docx_context", ()) if t and t.strip())
    return f"附近的文字：{near[:80]}" if near else "位置不明"


def render(report: Report, template: str | os.PathLike | None = None, blank: str = "empty") -> bytes:
    """The finished document as bytes."""
    return _render(report, template, blank)[0]


def _render(report: Report, template: str | os.PathLike | None, blank: str) -> tuple[bytes, list[str]]:
    """The finished document, and what a template without placeholders left as it was (Chinese).

    A user's template with docxtpl tags is rendered; one without them but holding the official
    tables is filled where it prints them (``export.fill``); one with neither is refused."""
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    check_size(report)                 # before anything is built
    path = Path(template) if template else default_template(report.edition)
    if template:
        data = _template_bytes(path)
        fill.check_package(data, path)
        _check_template_zip(data, path.name)
        if not fill.has_tags(data):
            return fill.render(report, data, path.name, blank)
        tpl = _template_from(data, path.name)
    else:
        tpl = _default_template(report)
    ctx = context(report, blank)
    if template:
        check_template(tpl, set(ctx), path.name)
    try:
        tpl.render(ctx, jinja_env=_env(), autoescape=True)
    except _Limit as e:
        raise ExportError(f"模板 {path.name} 超出了导出的限制：{e}，未导出") from None
    except ExportError:
        raise
    except SecurityError as e:
        raise ExportError(f"模板 {path.name} 试图执行不允许的操作：{e}") from None
    except UndefinedError as e:
        raise ExportError(f"模板 {path.name} 中有无法识别的占位符或单元格编号（{e.message}）") from None
    except TemplateSyntaxError as e:
        raise ExportError(f"模板 {path.name} 有语法错误：{e.message}（{_where(e)}）") from None
    except TemplateError as e:
        raise ExportError(f"模板 {path.name} 无法套用：{e}") from None
    except RecursionError:
        raise ExportError(f"模板 {path.name} 中的宏或表达式嵌套过深，未导出") from None
    except MemoryError:
        raise ExportError(f"模板 {path.name} 需要的内存过多，未导出") from None
    except Exception as e:  # an expression in a user's template failed (1/0, "a" + 1, …)
        raise ExportError(f"模板 {path.name} 中的表达式出错：{type(e).__name__}: {e}") from None
    doc = tpl.docx
    F.add_font_fallbacks(doc)
    _fonts_on_every_run(doc)
    _closing_not_alone(doc)
    _properties(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), []


def _closing_not_alone(doc) -> None:
    """The paragraph before the closing keeps with it: the issuer and the date never stand alone
    on a page (GB/T 9704 7.3.5.4), whatever template put them there."""
    from docx.oxml.ns import qn

    paras = doc.paragraphs
    for i, p in enumerate(paras):
        style = p._p.pPr.find(qn("w:pStyle")) if p._p.pPr is not None else None
        if style is not None and style.get(qn("w:val")) == "GovSignature":
            if i > 0:
                paras[i - 1].paragraph_format.keep_with_next = True
            return


def now_utc():
    """The time written as the document's creation and change (UTC, whole seconds); tests set it."""
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)


def _properties(doc, report: Report) -> None:
    """The document's own properties, as Word shows them under 文件 → 信息: written by the issuer,
    created and modified now, in Chinese (not python-docx's 2013 and its empty author)."""
    props = doc.core_properties
    now = now_utc()
    props.author = props.last_modified_by = printable(report.issuer)
    props.created = props.modified = now
    props.language = "zh-CN"
    props.revision = 1


_EA = qn("w:eastAsia")


def _fonts_on_every_run(doc) -> None:
    """Make sure no run is left without an East Asian font (user templates may lack one)."""
    body = doc.element.body
    for r in body.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None or fonts.get(_EA) is None:
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                r.insert(0, rpr)
            F.set_run_fonts(rpr, F.BODY)


def export(report: Report, path: str | os.PathLike, template: str | os.PathLike | None = None,
           blank: str = "empty", force: bool = False) -> list[str]:
    """Write the .docx atomically; refuses a report with errors unless forced.

    Returns what the export changed in the report's text (``export.text_changes``: characters
    Word cannot hold, line and paragraph separators), in Chinese, for the person to see."""
    refuse_if_errors(report, force)
    if template and _same_file(path, template):
        raise ExportError(f"输出文件 {Path(path).name} 就是模板本身；请另选输出文件，未导出")
    data, notes = _render(report, template, blank)
    atomic_write(path, data)
    return notes + text_changes(report, "docx")


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


__all__ = ["export", "render", "PLACEHOLDERS"]
