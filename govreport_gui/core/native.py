"""The native ``.govreport`` file: UTF-8 JSON, versioned, saved atomically.

Reading is strict and defensive: every malformed input raises
:class:`ReportFileError` whose message names the place
(``values."s3.new.natural": 不能为负数``); nothing is changed on error.
Unknown keys are kept and written back (forward compatibility).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import edition as editions
from . import values as V
from .errors import ReportFileError
from .report import YEAR_MAX, YEAR_MIN, Previous, Report

FORMAT_VERSION = 1
SUFFIX = ".govreport"
MAX_FILE_BYTES = 16 * 1024 * 1024     # a real report is tens of kB
MAX_NUMBER_CHARS = 40
MAX_TEXT_CHARS = 2_000_000            # per narrative text (a real one is a few thousand)

KNOWN_KEYS = ("govreport", "edition", "year", "issuer", "meta", "text", "values", "notes", "previous")
PREVIOUS_KEYS = ("year", "edition", "issuer", "values", "text")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_COUNT = 10**V.MAX_DIGITS


class _Reject(Exception):
    """Internal: a malformed input, with the place and the problem."""

    def __init__(self, place: str, problem: str):
        super().__init__(f"{place}: {problem}" if place else problem)


def _q(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


# --------------------------------------------------------------------------
# reading


def _parse_int(s: str) -> int:
    if len(s.lstrip("-")) > MAX_NUMBER_CHARS:
        raise _Reject("", f"数字过长（{len(s)} 位）")
    return int(s)


def _parse_float(s: str) -> Decimal:
    if len(s) > MAX_NUMBER_CHARS:
        raise _Reject("", f"数字过长（{len(s)} 个字符）")
    return Decimal(s)


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
    try:
        obj = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                         parse_constant=_parse_constant, object_pairs_hook=_no_duplicates)
    except _Reject as e:
        raise ReportFileError(f"文件内容有误：{e}") from None
    except json.JSONDecodeError as e:
        raise ReportFileError(f"文件不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{_json_reason(e.msg)}）") from None
    except RecursionError:     # json's own nesting limit: deep nesting is refused, not followed
        raise ReportFileError("文件结构嵌套过深，不是年报文件") from None
    except (ValueError, MemoryError) as e:
        raise ReportFileError(f"文件内容无法解析：{type(e).__name__}") from None
    try:
        return from_json(obj)
    except _Reject as e:
        raise ReportFileError(str(e)) from None
    except RecursionError:
        raise ReportFileError("文件结构嵌套过深，不是年报文件") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Reject(_q(k), "键重复出现")
        out[k] = v
    return out


def _json_reason(msg: str) -> str:
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


def load(path: str | os.PathLike) -> Report:
    """Read a ``.govreport`` file. Size is checked before reading."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件 {p}") from None
    except OSError as e:
        raise ReportFileError(f"无法读取文件 {p}：{e.strerror or e}") from None
    if p.is_dir():
        raise ReportFileError(f"{p} 是文件夹，不是年报文件")
    if size > MAX_FILE_BYTES:
        raise ReportFileError(f"文件过大（{size / 1024 / 1024:.0f} MB），不是年报文件（年报文件通常不足 1 MB）")
    try:
        with open(p, "rb") as f:
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
        out[cid] = _value(raw, cd.type, f"{place}.{_q(cid)}")
    return out


def _value(raw: Any, vtype: str, where: str) -> V.Value:
    if isinstance(raw, bool):
        raise _Reject(where, "应为数字")
    if vtype == "amount":
        if isinstance(raw, str):
            if len(raw) > MAX_NUMBER_CHARS or not re.fullmatch(r"\s*\d+(\.\d+)?\s*", raw):
                raise _Reject(where, "金额应写成数字字符串，如 \"96171.6\"" if not raw.strip().startswith("-") else "不能为负数")
            try:
                value: V.Value = Decimal(raw.strip())
            except InvalidOperation:
                raise _Reject(where, "金额无法识别") from None
        elif isinstance(raw, (int, Decimal)):
            value = Decimal(raw)
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
    """Unknown content, kept as it was: fractions become floats again (we parse them as Decimal)."""
    if depth > 40:
        raise _Reject(place, "嵌套过深")
    if isinstance(obj, Decimal):
        f = float(obj)
        if f in (float("inf"), float("-inf")):
            raise _Reject(place, "数字超出范围")
        return f
    if isinstance(obj, dict):
        return {k: _kept(v, f"{place}.{_q(k)}", depth + 1) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_kept(v, f"{place}[{i}]", depth + 1) for i, v in enumerate(obj)]
    return obj


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
    rule_ids = set(ed.rule_ids())
    for key in notes:
        rule, _, cell = key.partition(":")
        if key in ed.cells or (rule in rule_ids or rule == "H1n") and (not cell or cell in ed.cells or cell in ed.texts or cell in ed.tables):
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
    if isinstance(o, Decimal):
        return format(o, "f")
    raise TypeError(f"cannot write {type(o).__name__}")


def dumps(report: Report) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=1, default=_default) + "\n"


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | os.PathLike, chunks) -> None:
    """Write the byte chunks to ``path`` so that a crash leaves the old file or the new one.

    A temporary file is written beside the target, flushed, fsynced, then
    renamed over it; the folder is fsynced where the system allows.
    """
    p = Path(path)
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


def encode(report: Report) -> bytes:
    """The file's bytes; refuses what reading would refuse, so no saved file fails to open."""
    for tid, text in report.text.items():
        if len(text) > MAX_TEXT_CHARS:
            name = report.ed.texts[tid].name if tid in report.ed.texts else tid
            raise ReportFileError(f"「{name}」过长（{len(text)} 字，最多 {MAX_TEXT_CHARS} 字），未保存")
    if len(report.issuer) > 200:
        raise ReportFileError("发布机关名称过长（最多 200 字），未保存")
    for key, note in report.notes.items():
        if len(note) > 10_000:
            raise ReportFileError(f"说明“{key}”过长（最多 10000 字），未保存")
    data = dumps(report).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ReportFileError(f"报告过大（{len(data) // (1024 * 1024)} MB，最多 {MAX_FILE_BYTES // (1024 * 1024)} MB），未保存")
    return data


def save(report: Report, path: str | os.PathLike) -> None:
    """Save atomically."""
    atomic_write(path, encode(report))


def save_with_list(report: Report, path: str | os.PathLike, key: str, items_json) -> None:
    """Save a report plus a long list under ``key`` whose items (JSON texts) are streamed,
    not held in memory (the units of a summed report)."""
    head = dumps(report).rstrip()
    assert head.endswith("}")

    def chunks():
        yield (head[:-1].rstrip() + f",\n {json.dumps(key)}: [").encode("utf-8")
        first = True
        for item in items_json:
            yield (("\n  " if first else ",\n  ") + item).encode("utf-8")
            first = False
        yield b"\n ]\n}\n"

    atomic_write_chunks(path, chunks())
