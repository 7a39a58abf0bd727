"""The native ``.govreport`` file: UTF-8 JSON, versioned, saved atomically.

Reading is strict and defensive: every malformed input raises
:class:`ReportFileError` whose message names the place
(``values."s3.new.natural": 不能为负数``); nothing is changed on error.
Unknown keys are kept and written back (forward compatibility), their numbers
exactly as they were written (never through float).

Writing never produces what reading would refuse: :func:`encode` reads its own
output back before anything touches the disk.

Helpers other readers and writers reuse: :func:`check_regular_file` and
:func:`open_regular_file` (no FIFO or device is ever opened as a file),
:func:`same_file`, :func:`check_output` (an output is never one of the inputs),
:func:`safe_text` (a string a UTF-8 file can hold).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Callable, Iterable

from . import edition as editions
from . import values as V
from .errors import ReportFileError
from .report import YEAR_MAX, YEAR_MIN, Previous, Report

FORMAT_VERSION = 1
SUFFIX = ".govreport"
MAX_FILE_BYTES = 16 * 1024 * 1024     # a real report is tens of kB
MAX_NUMBER_CHARS = 40
MAX_TEXT_CHARS = 2_000_000            # per narrative text (a real one is a few thousand)
MAX_CONTAINERS = 1_000_000            # "[" and "{" in the file (a summed report of 10,000 units: ~40,000)

KNOWN_KEYS = ("govreport", "edition", "year", "issuer", "meta", "text", "values", "notes", "previous")
PREVIOUS_KEYS = ("year", "edition", "issuer", "values", "text")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_COUNT = 10**V.MAX_DIGITS


class _Reject(Exception):
    """Internal: a malformed input, with the place and the problem."""

    def __init__(self, place: str, problem: str):
        super().__init__(f"{place}: {problem}" if place else problem)


_SURROGATE = re.compile("[\ud800-\udfff]")
# a lone surrogate can only come from a \udXXX escape (the bytes are strict UTF-8) or a str handed in
_SURROGATE_HINT = re.compile("\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[\ud800-\udfff]")


# a note on a warning of a local rule pack: "pack-id/rule-id[:what]" (core/rulepacks.PACK_RULE); the
# pack need not be at hand to keep the note (it may be another office's)
_PACK_RULE = re.compile(r"^[A-Za-z0-9_.-]{1,64}/[A-Za-z0-9_.-]{1,32}$")

def _escape_surrogates(s: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def _q(key: str) -> str:
    """A key as it is named in a message: quoted, control characters and lone surrogates escaped."""
    return _escape_surrogates(json.dumps(key, ensure_ascii=False))


class JsonNumber(Decimal):
    """A JSON number with a fraction or an exponent, exact, remembering how it was written.

    Numbers under keys we do not know are kept as these and written back as they were
    (``1e-999999`` stays ``1e-999999``; a float would have made it 0.0).
    """

    __slots__ = ("text",)

    def __new__(cls, text: str):
        self = super().__new__(cls, text)
        self.text = text
        return self

    def __reduce__(self):
        return (type(self), (self.text,))


class _BadNumber:
    """A JSON number beyond what Decimal can hold (exponent past 10**18): refused where it stands."""

    def __init__(self, text: str):
        self.text = text


# --------------------------------------------------------------------------
# reading


def _parse_int(s: str) -> int:
    if len(s.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _Reject("", f"数字过长（{len(s)} 位）")
    return int(s)


def _parse_float(s: str) -> JsonNumber | _BadNumber:
    if len(s) > MAX_NUMBER_CHARS:
        raise _Reject("", f"数字过长（{len(s)} 个字符）")
    try:
        return JsonNumber(s)
    except (InvalidOperation, ValueError):
        return _BadNumber(s)           # named with its place when the report is built


def _parse_constant(s: str) -> Any:
    raise _Reject("", f"不支持的数值 {s}")


def loads(data: bytes | str, name: str = "") -> Report:
    """Parse the bytes of a ``.govreport`` file into a :class:`Report`."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise ReportFileError(f"文件过大（{len(data) // (1024 * 1024)} MB），不是年报文件")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ReportFileError(f"文件不是 UTF-8 编码的年报文件（第 {e.start + 1} 个字节无法识别）") from None
    else:
        text = data
    if "\x00" in text:
        raise ReportFileError("文件含有二进制内容，不是年报文件")
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        raise ReportFileError("文件不是年报文件（.govreport 应为 JSON 格式）")
    # counted before parsing (a C-speed count, brackets inside texts included): five million "[]"
    # in a kept key took 10 s and 800 MB to parse into lists nobody reads
    containers = text.count("[") + text.count("{")
    if containers > MAX_CONTAINERS:
        raise ReportFileError(f"文件结构异常复杂（{containers} 个列表或对象，年报文件最多 {MAX_CONTAINERS} 个），"
                              "不是年报文件")
    try:
        obj = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                         parse_constant=_parse_constant, object_pairs_hook=_no_duplicates)
    except _Reject as e:
        raise ReportFileError(f"文件内容有误：{e}") from None
    except json.JSONDecodeError as e:
        raise ReportFileError(f"文件不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{json_reason(e.msg)}）") from None
    except RecursionError:     # json's own nesting limit: deep nesting is refused, not followed
        raise ReportFileError("文件结构嵌套过深，不是年报文件") from None
    except (ValueError, ArithmeticError, MemoryError) as e:
        raise ReportFileError(f"文件内容无法解析：{type(e).__name__}") from None
    if _SURROGATE_HINT.search(text):
        place = _surrogate_place(obj)
        if place is not None:
            where, char = place
            raise ReportFileError(f"{where}: 含有无效字符 {char}（孤立的 UTF-16 代理项，无法保存），"
                                  f"文件可能已损坏") from None
    try:
        return from_json(obj)
    except _Reject as e:
        raise ReportFileError(str(e)) from None
    except RecursionError:
        raise ReportFileError("文件结构嵌套过深，不是年报文件") from None
    except ArithmeticError:      # a number no check foresaw, past decimal's range: refused, not a crash
        raise ReportFileError("文件内容有误：数字超出范围") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Reject(_q(k), "键重复出现")
        out[k] = v
    return out


def json_reason(msg: str) -> str:
    """What Python's JSON parser says is wrong, in Chinese (for any JSON file a person wrote)."""
    table = {
        "Expecting value": "此处应为一个值",
        "Expecting property name enclosed in double quotes": "键名应使用双引号",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Unterminated string starting at": "字符串没有结束",
        "Extra data": "JSON 结束后还有多余内容",
        "Invalid control character at": "字符串中有控制字符",
        "Invalid \\escape": "无效的转义字符",
    }
    for en, zh in table.items():
        if msg.startswith(en):
            return zh
    return msg


def _child_place(place: str, key: str) -> str:
    if place == "":
        return key if key in KNOWN_KEYS else _q(key)
    if place == "previous":
        return f"previous.{key}" if key in PREVIOUS_KEYS else f"previous.{_q(key)}"
    return f"{place}.{_q(key)}"


def _surrogate_place(obj: Any, place: str = "", depth: int = 0) -> tuple[str, str] | None:
    """Where the first lone surrogate is (a key or a string), and the character, escaped."""
    if isinstance(obj, str):
        m = _SURROGATE.search(obj)
        return (place, f"\\u{ord(m.group()):04x}") if m else None
    if depth > 64:                      # deeper than anything from_json accepts
        return None
    if isinstance(obj, dict):
        for k, v in obj.items():
            sub = _child_place(place, k)
            m = _SURROGATE.search(k)
            if m:
                return sub, f"\\u{ord(m.group()):04x}"
            found = _surrogate_place(v, sub, depth + 1)
            if found:
                return found
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found = _surrogate_place(v, f"{place}[{i}]", depth + 1)
            if found:
                return found
    return None


# --------------------------------------------------------------------------
# files: only regular files are opened; an output is never an input


_KINDS = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"))


def check_regular_file(path: str | os.PathLike, what: str = "年报文件",
                       error: Callable[[str], Exception] = ReportFileError) -> os.stat_result:
    """The file's ``os.stat``, or ``error`` (a Chinese message) when it is missing, a folder, or not a
    regular file (a named pipe would block the reader for ever, a device never ends).

    Call it before opening anything a person named; :func:`open_regular_file` also re-checks
    the opened handle, so a file swapped for a pipe in between is refused too."""
    p = Path(path)
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise error(f"找不到文件 {p}") from None
    except (OSError, ValueError) as e:
        raise error(f"无法读取文件 {p}：{getattr(e, 'strerror', None) or e}") from None
    _check_mode(st, p, what, error)
    return st


def _check_mode(st: os.stat_result, p: Path, what: str, error: Callable[[str], Exception]) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{p} 是文件夹，不是{what}")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "特殊文件")
        raise error(f"{p.name} 不是普通文件（是{kind}），不能作为{what}读取")


def open_regular_file(path: str | os.PathLike, what: str = "年报文件",
                      error: Callable[[str], Exception] = ReportFileError) -> IO[bytes]:
    """Open a regular file for reading in binary, never blocking on a FIFO: opened non-blocking,
    and the open handle is checked again (``fstat``). Raises ``error`` with a Chinese message."""
    p = Path(path)
    check_regular_file(p, what, error)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise error(f"找不到文件 {p}") from None
    except OSError as e:
        raise error(f"无法读取文件 {p}：{e.strerror or e}") from None
    try:
        _check_mode(os.fstat(fd), p, what, error)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: str | os.PathLike, what: str, limit: int, error: Callable[[str], Exception],
                 too_big: Callable[[int], str]) -> bytes:
    """A small file of someone else's read whole, in one read: a regular file only (never a pipe
    or a device), refused before reading when over ``limit`` bytes and again if it grew while
    read (``too_big(size)``: the message, in Chinese). For a register, a mapping, a rule pack."""
    p = Path(path)
    st = check_regular_file(p, what, error)
    if st.st_size > limit:
        raise error(too_big(st.st_size))
    with open_regular_file(p, what, error) as f:
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise error(f"无法读取 {p.name}：{e.strerror or e}") from None
    if len(data) > limit:
        raise error(too_big(len(data)))
    return data


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name the same file: another spelling, a symlink or a hard link
    (``os.path.samefile`` when both exist; otherwise the resolved paths are compared)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        pass
    try:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    except (OSError, ValueError):
        return False


def check_output(output: str | os.PathLike, inputs: Iterable[str | os.PathLike | None] = (), *,
                 native: bool = True, error: Callable[[str], Exception] = ReportFileError) -> None:
    """Refuse (``error``, Chinese) an output that is one of the inputs, and a native output whose
    name does not end in ``.govreport``. Nothing is written or changed."""
    out = Path(output)
    if native and out.suffix.lower() != SUFFIX:
        raise error(f"输出的年报文件应以 {SUFFIX} 为扩展名：{out.name}，未写入")
    for source in inputs:
        if source is not None and same_file(out, source):
            raise error(f"输出文件 {out.name} 就是要读取的文件 {Path(source).name}，不能覆盖它；"
                        f"请换一个输出文件名，未写入")


def safe_text(s: str) -> str:
    """``s`` as a UTF-8 file can hold it: a file name's undecodable bytes (``\\udcff`` from
    ``os.fsdecode``) and any other lone surrogate become U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s)


def load(path: str | os.PathLike) -> Report:
    """Read a ``.govreport`` file. Size is checked before reading; only a regular file is opened."""
    p = Path(path)
    size = check_regular_file(p).st_size
    if size > MAX_FILE_BYTES:
        raise ReportFileError(f"文件过大（{size / 1024 / 1024:.0f} MB），不是年报文件（年报文件通常不足 1 MB）")
    try:
        with open_regular_file(p) as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ReportFileError(f"无法读取文件 {p}：{e.strerror or e}") from None
    return loads(data, p.name)


def _expect(obj: Any, typ: type | tuple, place: str, what: str) -> Any:
    if not isinstance(obj, typ) or isinstance(obj, bool) and typ is not bool:
        raise _Reject(place, f"应为{what}")
    return obj


def _year(v: Any, place: str) -> int:
    _expect(v, int, place, "年份（整数）")
    if not YEAR_MIN <= v <= YEAR_MAX:
        raise _Reject(place, f"年份 {v} 不合理")
    return v


def _strings(obj: Any, place: str, max_chars: int = MAX_TEXT_CHARS) -> dict[str, str]:
    _expect(obj, dict, place, "对象")
    out: dict[str, str] = {}
    for k, v in obj.items():
        _expect(v, str, f"{place}.{_q(k)}", "文字")
        if len(v) > max_chars:
            raise _Reject(f"{place}.{_q(k)}", f"文字过长（{len(v)} 字）")
        out[k] = v
    return out


def _values(obj: Any, ed: editions.Edition, place: str) -> dict[str, V.Value]:
    _expect(obj, dict, place, "对象")
    out: dict[str, V.Value] = {}
    cells = ed.cells
    for cid, raw in obj.items():
        cd = cells.get(cid)
        if cd is None:
            raise _Reject(f"{place}.{_q(cid)}", f"{ed.id} 年版格式中没有这个单元格")
        if raw is None:          # explicit null = blank
            continue
        if type(raw) is int and cd.type == "count" and 0 <= raw < _MAX_COUNT:
            out[cid] = raw       # the common case, checked without the general path
            continue
        where = f"{place}.{_q(cid)}"
        try:
            out[cid] = _value(raw, cd.type, where)
        except ArithmeticError:  # 1E+1000000: past what decimal arithmetic holds (Overflow)
            raise _Reject(where, "数字超出范围") from None
    return out


def _value(raw: Any, vtype: str, where: str) -> V.Value:
    if isinstance(raw, bool):
        raise _Reject(where, "应为数字")
    if isinstance(raw, _BadNumber):
        raise _Reject(where, "数字超出范围")
    if vtype == "amount":
        if isinstance(raw, str):
            if len(raw) > MAX_NUMBER_CHARS or not re.fullmatch(r"\s*\d+(\.\d+)?\s*", raw):
                raise _Reject(where, "金额应写成数字字符串，如 \"96171.6\"" if not raw.strip().startswith("-") else "不能为负数")
            try:
                value: V.Value = Decimal(raw.strip())
            except InvalidOperation:
                raise _Reject(where, "金额无法识别") from None
        elif isinstance(raw, (int, Decimal)):
            value = Decimal(raw)           # a JsonNumber becomes a plain Decimal, exact
        else:
            raise _Reject(where, "应为金额（数字字符串）")
    else:
        if isinstance(raw, Decimal):
            raise _Reject(where, "应为整数" if raw != raw.to_integral_value() else "应为整数（不要写小数点）")
        if not isinstance(raw, int):
            raise _Reject(where, "应为整数")
        value = raw
    problem = V.validate(value, vtype)
    if problem:
        raise _Reject(where, problem)
    return V.normalize(value, vtype)


def _kept(obj: Any, place: str, depth: int = 0) -> Any:
    """Unknown content, kept as it was: numbers with a fraction or exponent stay :class:`JsonNumber`
    (exact, written back as they were written), never float."""
    if depth > 40:
        raise _Reject(place, "嵌套过深")
    if isinstance(obj, _BadNumber):
        raise _Reject(place, "数字超出范围")
    deep = depth >= 40          # a scalar below here is too deep as well
    if isinstance(obj, dict):   # places are only built for what is looked into (a summed file has millions)
        return {k: _kept(v, f"{place}.{_q(k)}", depth + 1) if deep or isinstance(v, _LOOKED_INTO) else v
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_kept(v, f"{place}[{i}]", depth + 1) if deep or isinstance(v, _LOOKED_INTO) else v
                for i, v in enumerate(obj)]
    return obj


_LOOKED_INTO = (dict, list, _BadNumber)


def from_json(obj: Any) -> Report:
    """Build a report from parsed JSON, validating everything."""
    if not isinstance(obj, dict):
        raise _Reject("", "文件不是年报文件（顶层应为对象）")
    if "govreport" not in obj:
        raise _Reject("", "文件不是年报文件（缺少 \"govreport\" 版本号）")
    version = obj["govreport"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Reject("govreport", "文件格式版本号应为正整数")
    if version > FORMAT_VERSION:
        raise _Reject("", f"此文件由更新版本的年报填报助手保存（文件格式版本 {version}），"
                          f"本程序只能读取版本 {FORMAT_VERSION}，请升级后再打开")
    eid = _expect(obj.get("edition"), str, "edition", "格式版本，如 \"2021\"")
    if eid not in editions.available():
        raise _Reject("edition", f"未知的报告格式版本 {eid}（支持：{'、'.join(editions.available())}）")
    ed = editions.get(eid)
    if "year" not in obj:
        raise _Reject("year", "缺少年份")
    year = _year(obj["year"], "year")
    issuer = _expect(obj.get("issuer", ""), str, "issuer", "文字（发布机关名称）")
    if len(issuer) > 200:
        raise _Reject("issuer", "机关名称过长")
    meta_raw = obj.get("meta", {})
    _expect(meta_raw, dict, "meta", "对象")
    meta: dict[str, Any] = {}
    for k, v in meta_raw.items():
        if k in ("published", "address", "postcode", "phone", "email", "website", "contact"):
            _expect(v, str, f"meta.{_q(k)}", "文字")
            if k == "published" and v and not _DATE.match(v):
                raise _Reject("meta.\"published\"", "日期应写成 2025-01-20 的形式")
            meta[k] = v
        else:
            meta[k] = _kept(v, f"meta.{_q(k)}")
    text = _strings(obj.get("text", {}), "text")
    values = _values(obj.get("values", {}), ed, "values")
    notes = _strings(obj.get("notes", {}), "notes", 10_000)
    rule_ids = ed.rule_keys()
    for key in notes:
        rule, _, cell = key.partition(":")
        if key in ed.cells or rule in rule_ids and (not cell or cell in ed.cells or cell in ed.texts or cell in ed.tables):
            continue
        if _PACK_RULE.match(rule) and len(key) <= 200:    # a local rule pack's warning (core/rulepacks.py)
            continue
        raise _Reject(f"notes.{_q(key)}", "既不是单元格，也不是可接受的校验项")
    previous = None
    if obj.get("previous") is not None:
        previous = _previous(obj["previous"])
    extra = {k: _kept(v, _q(k)) for k, v in obj.items() if k not in KNOWN_KEYS}
    return Report(edition=eid, year=year, issuer=issuer, meta=meta, text=text, values=values,
                  notes=notes, previous=previous, extra=extra)


def _previous(p: Any) -> Previous:
    _expect(p, dict, "previous", "对象")
    year = _year(p["year"], "previous.year") if "year" in p else None
    eid = p.get("edition")
    if eid is not None:
        _expect(eid, str, "previous.edition", "格式版本")
        if eid not in editions.available():
            raise _Reject("previous.edition", f"未知的报告格式版本 {eid}")
    issuer = p.get("issuer")
    if issuer is not None:
        _expect(issuer, str, "previous.issuer", "文字")
    ed = editions.get(eid) if eid else (editions.for_year(year) if year else None)
    raw_values = p.get("values", {})
    if ed is None:
        raise _Reject("previous", "缺少上年报告的年份或格式版本")
    values = _values(raw_values, ed, "previous.values")
    text = _strings(p.get("text", {}), "previous.text")
    extra = {k: _kept(v, f"previous.{_q(k)}") for k, v in p.items() if k not in PREVIOUS_KEYS}
    return Previous(year=year, edition=eid, issuer=issuer, values=values, text=text, extra=extra)


# --------------------------------------------------------------------------
# writing


def to_json(report: Report) -> dict[str, Any]:
    """The native JSON object of a report (values in document order)."""
    ed = report.ed
    out: dict[str, Any] = {"govreport": FORMAT_VERSION, "edition": report.edition, "year": report.year,
                           "issuer": report.issuer}
    if report.meta:
        out["meta"] = dict(report.meta)
    out["text"] = dict(report.text)
    out["values"] = _values_json(report.values, ed)
    if report.notes:
        out["notes"] = dict(report.notes)
    if report.previous is not None:
        p = report.previous
        prev: dict[str, Any] = {}
        if p.year is not None:
            prev["year"] = p.year
        if p.edition is not None:
            prev["edition"] = p.edition
        if p.issuer is not None:
            prev["issuer"] = p.issuer
        ped = editions.get(p.edition) if p.edition else (editions.for_year(p.year) if p.year else ed)
        prev["values"] = _values_json(p.values, ped)
        prev["text"] = dict(p.text)
        prev.update(p.extra)
        out["previous"] = prev
    for k, v in report.extra.items():
        out.setdefault(k, v)
    return out


def _values_json(values: dict[str, V.Value], ed: editions.Edition) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for cid, cd in ed.cells.items():
        if cid in values:
            out[cid] = V.to_json(values[cid], cd.type)
    return out


def _default(o: Any) -> Any:
    """For ``json.dumps(..., default=_default)`` elsewhere: a Decimal as its decimal string.
    (Our own writer, :func:`dumps`, writes a kept :class:`JsonNumber` as the number it was.)"""
    if isinstance(o, JsonNumber):
        return o.text
    if isinstance(o, Decimal):
        return format(o, "f")
    raise TypeError(f"cannot write {type(o).__name__}")


class _Unwritable(Exception):
    """Internal: something in the report that no JSON file can hold (NaN, an unknown type)."""


_encode_str = json.encoder.encode_basestring          # the C escaper json.dumps(ensure_ascii=False) uses
_INF = float("inf")
_KEY_WORDS = {True: "true", False: "false", None: "null"}


def _json_text(obj: Any, indent: int | None = 1) -> str:
    """``obj`` as JSON text, exactly as ``json.dumps(obj, ensure_ascii=False, indent=indent)`` writes
    it (compact when ``indent`` is None), except that a :class:`JsonNumber` is written as the number
    it was read from. A plain Decimal put in by code is written as its decimal string (as before)."""
    parts: list[str] = []
    append = parts.append
    key_sep = ": " if indent is not None else ":"

    def key(k: Any) -> str:
        if isinstance(k, str):
            return k
        if k is True or k is False or k is None:
            return _KEY_WORDS[k]
        if isinstance(k, int):
            return int.__repr__(k)
        if isinstance(k, float) and k == k and k not in (_INF, -_INF):
            return float.__repr__(k)
        raise _Unwritable(f"键的类型 {type(k).__name__}")

    def emit(o: Any, level: int) -> None:
        if isinstance(o, str):
            append(_encode_str(o))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, int):
            append(int.__repr__(o))
        elif isinstance(o, JsonNumber):
            append(o.text)
        elif isinstance(o, Decimal):
            if not o.is_finite():
                raise _Unwritable(f"数值 {o}")
            append(_encode_str(format(o, "f")))
        elif isinstance(o, float):
            if o != o or o in (_INF, -_INF):
                raise _Unwritable(f"数值 {o}")
            append(float.__repr__(o))
        elif isinstance(o, (dict, list, tuple)):
            is_dict = isinstance(o, dict)
            if not o:
                append("{}" if is_dict else "[]")
                return
            inner = "" if indent is None else "\n" + " " * (indent * (level + 1))
            close = "" if indent is None else "\n" + " " * (indent * level)
            append("{" if is_dict else "[")
            first = True
            for item in (o.items() if is_dict else o):
                append(inner if first else "," + inner)
                first = False
                if is_dict:
                    append(_encode_str(key(item[0])))
                    append(key_sep)
                    emit(item[1], level + 1)
                else:
                    emit(item, level + 1)
            append(close + ("}" if is_dict else "]"))
        else:
            raise _Unwritable(f"类型 {type(o).__name__}")

    emit(obj, 0)
    return "".join(parts)


_UNWRITABLE_NESTING = "报告中有无法写入文件的内容（结构嵌套过深或数字过长），未保存"


def dumps(report: Report) -> str:
    """The file's text (indented one space, values in document order). :func:`encode` is what
    saving uses: it also refuses what could not be read back."""
    try:
        return _json_text(to_json(report)) + "\n"
    except _Unwritable as e:
        raise ReportFileError(f"报告中有无法写入文件的内容（{e}），未保存") from None
    except (RecursionError, ValueError):
        raise ReportFileError(_UNWRITABLE_NESTING) from None


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | os.PathLike, chunks) -> None:
    """Write the byte chunks to ``path`` so that a crash leaves the old file or the new one.

    A temporary file is written beside the target, flushed, fsynced, then
    renamed over it; the folder is fsynced where the system allows. A symlink is
    written through: its target gets the new content (temp file beside the target),
    the link stays a link.
    """
    p = _through_links(Path(path))
    folder = p.parent if str(p.parent) else Path(".")
    _clear_stale_temp_files(folder, p.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise ReportFileError(_write_error(p, e)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = p.stat().st_mode & 0o777
            os.chmod(tmp, mode)
        except OSError:
            os.chmod(tmp, 0o644)
        _replace(tmp, p)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ReportFileError(_write_error(p, e)) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        try:
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def _through_links(p: Path) -> Path:
    """The file a symlink stands for (renaming over the link would replace the link itself)."""
    try:
        if os.path.islink(p):
            return Path(os.path.realpath(p))
    except (OSError, ValueError):
        pass
    return p


# Windows: a virus scanner or the search indexer may hold the new file open for a moment
# after it is written, and os.replace then fails with "access denied"; retried briefly.
_WINDOWS = os.name == "nt"
REPLACE_TRIES = 8


def _replace(tmp: str, target: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if not _WINDOWS or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))       # 1.4 s in all


STALE_SECONDS = 600


def _clear_stale_temp_files(folder: Path, name: str) -> None:
    """Temp files left by a save that was killed half-way (power cut): removed once they are old."""
    try:
        for f in folder.glob(f".{name}.*.tmp"):
            try:
                if time.time() - f.stat().st_mtime > STALE_SECONDS:
                    f.unlink()
            except OSError:
                pass
    except OSError:
        pass


def _write_error(p: Path, e: OSError) -> str:
    import errno
    if e.errno == errno.ENOSPC:
        return f"磁盘空间不足，未能保存 {p.name}；原文件未改动"
    if getattr(e, "winerror", None) in (32, 33):
        # sharing violation: the file is open in Word or WPS (they lock what they show)
        return f"未能保存 {p.name}：文件正被其他程序（如 Word、WPS）打开，请关闭该文件后再保存；原文件未改动"
    if _WINDOWS and e.errno == errno.EACCES and p.exists():
        # replacing a file another program holds open is "access denied" on Windows too
        return (f"未能保存 {p.name}：文件可能正在 Word、WPS 等程序中打开（请关闭后再保存），"
                f"或没有写入权限；原文件未改动")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有写入权限，未能保存 {p.name}（{p.parent}）；原文件未改动"
    if e.errno == errno.ENOENT:
        return f"文件夹不存在，未能保存 {p.name}（{p.parent}）"
    return f"未能保存 {p.name}：{e.strerror or e}；原文件未改动"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.1f}".removesuffix(".0") + " KB"


def _too_large(size: int, summed: bool) -> ReportFileError:
    msg = f"报告过大（{_size(size)}，年报文件最多 {_size(MAX_FILE_BYTES)}，更大的文件本程序打不开），未保存"
    if summed:
        msg += "；汇总的单位过多：请分组汇总（把各单位分成几组分别汇总），再汇总各组的结果"
    return ReportFileError(msg)


def _label(place: str, report: Report) -> str:
    """A place in the file (``text."s5"``) as the clerk knows it (「…」, the section's name)."""
    m = re.fullmatch(r'(previous\.)?text\."(.*)"', place)
    if m:
        tid = m.group(2)
        name = report.ed.texts[tid].name if tid in report.ed.texts else tid
        return ("上年的" if m.group(1) else "") + f"「{name}」"
    names = {"issuer": "「发布机关」", "previous.issuer": "上年的「发布机关」"}
    if place in names:
        return names[place]
    if place.startswith("meta."):
        return f"基本信息 {place[5:]} "
    if place.startswith("notes."):
        return f"说明 {place[6:]} "
    return place + " "


def _unsaveable_text(obj: Any, report: Report) -> ReportFileError:
    found = _surrogate_place(obj)
    where, char = found if found else ("报告", "")
    return ReportFileError(f"{_label(where, report)}含有无法保存的字符 {char}（孤立的 UTF-16 代理项），未保存；"
                           f"请删除该字符后再保存")


def encode(report: Report, *, add: dict[str, Any] | None = None) -> bytes:
    """The file's bytes. Refuses (ReportFileError, Chinese) whatever reading would refuse, so no
    saved file fails to open: the bytes are read back with :func:`loads` before they are returned.
    Indented one space; written compact only when the indented text would be over the size limit.

    ``add``: more top-level keys to write (not ones the format defines), e.g. the recovery
    file's ``recovery`` record; checked like the rest (strings must be UTF-8: see :func:`safe_text`)."""
    for tid, text in report.text.items():
        if len(text) > MAX_TEXT_CHARS:
            name = report.ed.texts[tid].name if tid in report.ed.texts else tid
            raise ReportFileError(f"「{name}」过长（{len(text)} 字，最多 {MAX_TEXT_CHARS} 字），未保存")
    if len(report.issuer) > 200:
        raise ReportFileError("发布机关名称过长（最多 200 字），未保存")
    for key, note in report.notes.items():
        if len(note) > 10_000:
            raise ReportFileError(f"说明“{key}”过长（最多 10000 字），未保存")
    obj = to_json(report)
    for k, v in (add or {}).items():
        if k in KNOWN_KEYS:
            raise ValueError(f"key {k!r} belongs to the format")
        obj[k] = v
    try:
        try:
            data = (_json_text(obj) + "\n").encode("utf-8")
        except UnicodeEncodeError:
            raise _unsaveable_text(obj, report) from None
        if len(data) > MAX_FILE_BYTES:           # indentation is a luxury: compact if that fits
            data = (_json_text(obj, None) + "\n").encode("utf-8")
            if len(data) > MAX_FILE_BYTES:
                raise _too_large(len(data), isinstance(report.extra.get("units"), list))
    except _Unwritable as e:
        raise ReportFileError(f"报告中有无法写入文件的内容（{e}），未保存") from None
    except (RecursionError, ValueError):
        raise ReportFileError(_UNWRITABLE_NESTING) from None
    try:
        loads(data)
    except ReportFileError as e:
        raise ReportFileError(f"未保存：保存后的文件将无法再打开（{e}）") from None
    return data


def save(report: Report, path: str | os.PathLike) -> None:
    """Save atomically; nothing is written unless the file would open again."""
    atomic_write(path, encode(report))


def save_with_list(report: Report, path: str | os.PathLike, key: str,
                   items_json: Callable[[], Iterable[str]] | Iterable[str]) -> None:
    """Save a report plus a long list under ``key`` whose items (JSON texts, from our own code)
    are streamed, not held in memory (the units of a summed report).

    ``items_json`` is best a function returning a fresh iterator: it is gone through twice,
    first to measure (a file over what :func:`load` reads is refused before the disk is
    touched), then to write. A one-shot iterator is read into memory first."""
    if key in KNOWN_KEYS or key in report.extra:
        raise ValueError(f"key {key!r} is taken")
    if callable(items_json):
        items = items_json
    else:
        kept = items_json if isinstance(items_json, (list, tuple)) else list(items_json)

        def items():
            return kept
    head = encode(report).decode("utf-8").rstrip()      # checked as any saved report is
    assert head.endswith("}")
    opening = (head[:-1].rstrip() + f",\n {json.dumps(key)}: [").encode("utf-8")
    closing = b"\n ]\n}\n"
    size = len(opening) + len(closing)
    for i, item in enumerate(items()):
        try:
            size += len(item.encode("utf-8")) + 4            # ",\n  " or "\n  " before it
        except UnicodeEncodeError:
            raise ReportFileError(f"第 {i + 1} 项含有无法保存的字符（孤立的 UTF-16 代理项），未保存") from None
    if size > MAX_FILE_BYTES:                            # measured to the end: the message says how large
        raise _too_large(size, key == "units")

    def chunks():
        yield opening
        first = True
        for item in items():
            yield (("\n  " if first else ",\n  ") + item).encode("utf-8")
            first = False
        yield closing

    atomic_write_chunks(path, chunks())
