"""Which register a report's counts came from (issue 16, item 6: "the report remembers").

A report filled from registers keeps, under the native file's ``ledger`` key (an extra key: an
older program keeps it on save, as the file format promises), one entry per register: its file
name, the SHA-256 of the bytes read, the sheet, the year counted for, when, and how many rows
were counted and left out. The window shows it under 报告信息, and a later count from a changed
register can say so (the fingerprint differs).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..report import Report
from .count import Count

KEY = "ledger"                         # the native file's key (Report.extra)
PARTS = {"applications": "申请登记台账", "cases": "案件台账"}


def now_utc() -> datetime.datetime:
    """The time a count is recorded (a function: tests give their own clock)."""
    return datetime.datetime.now(datetime.timezone.utc)


def record(count: Count, when: datetime.datetime | None = None) -> dict[str, Any]:
    """One register's entry: what a person needs to find the file again and to know whether it
    changed since."""
    reg = count.register
    return {
        "file": reg.name,
        "sha256": reg.fingerprint,
        "sheet": reg.sheet or "",
        "year": count.year,
        "counted": (when or now_utc()).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "records": count.counted,
        "left_out": len(count.left_out),
    }


def remembered(report: Report, *counts: Count, when: datetime.datetime | None = None) -> dict[str, Any]:
    """The report's ``ledger`` entry after counting ``counts`` (the others it had are kept)."""
    old = report.extra.get(KEY)
    out = dict(old) if isinstance(old, dict) else {}
    for c in counts:
        out[c.register.kind] = record(c, when)
    return out


def _local(stamp: object) -> str:
    """A recorded time as a clerk reads it: local time to the minute ("2026-12-01 13:51")."""
    try:
        when = datetime.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%Y-%m-%d %H:%M")


def described(report: Report) -> list[str]:
    """What the report says of its registers, in Chinese, one line a register."""
    entry = report.extra.get(KEY)
    if not isinstance(entry, dict):
        return []
    out = []
    for kind, name in PARTS.items():
        e = entry.get(kind)
        if not isinstance(e, dict):
            continue
        fp = str(e.get("sha256", ""))[:12]
        out.append(f"{name}：{e.get('file', '')}（工作表“{e.get('sheet', '')}”，{e.get('year', '')} 年，"
                   f"统计于 {_local(e.get('counted', ''))}，计入 {e.get('records', '')} 条，未计入 {e.get('left_out', '')} 条，"
                   f"文件指纹 {fp}）")
    return out
