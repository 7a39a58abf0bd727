"""What every reader gives: an :class:`ImportResult`, made by :func:`assemble` from a source's
paragraphs and grids (the readers of Word, Excel, PDF and text all end here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .. import edition as editions
from .. import values as V
from ..report import YEAR_MAX, YEAR_MIN, Report
from . import limits as L
from . import narrative as N
from . import tables as T
from .limits import SourceError


@dataclass
class ImportResult:
    report: Report
    kind: str
    sources: dict[str, str] = field(default_factory=dict)     # cell id -> the text it was read from
    problems: list[str] = field(default_factory=list)         # what could not be placed (Chinese)
    notes: list[str] = field(default_factory=list)            # read in an unusual way (Chinese)
    sections: list[str] = field(default_factory=list)         # which of s1…s6 were found


def assemble(paragraphs: list[str], grids: list[T.Grid], where: list[str], kind: str, name: str,
             row_where: list[list[str]] | None = None, notes: list[str] | None = None,
             problems: list[str] | None = None, unread: dict[str, str] | None = None) -> ImportResult:
    """A report from a source's paragraphs and grids (text keeps no reliable column positions).
    ``notes`` and ``problems``: what reading the source itself found (a Word cell with tracked
    changes or hidden text, a workbook formula that was stale or could not be checked); they
    come first in the result. ``unread``: why the reader could not read a section's table
    (section id -> what to say, e.g. the table is a picture), said instead of "not found" when
    no table of that section is read."""
    total = sum(len(g) for g in grids)
    if total > L.MAX_TABLE_ROWS:
        raise L.too_many_table_rows(name, total)
    if len(paragraphs) > L.MAX_PARAGRAPHS:
        raise SourceError(f"{name} 有 {len(paragraphs)} 段文字，不像是一份年度报告，未读取")
    story = N.split(paragraphs)
    rows = T.rows_of(grids, where, row_where)
    all_editions = [editions.get(e) for e in editions.available()]
    ed = T.detect_edition(rows, story.year, all_editions)
    reading = T.read(grids, ed, where, positional=kind != "text", row_where=row_where)
    if not reading.values and len(story.found) < 2:
        raise SourceError(f"{name} 中没有找到政府信息公开工作年度报告的表格或正文，未导入")
    problems = list(problems or []) + list(reading.problems)
    values: dict[str, V.Value] = {}
    for cid, v in reading.values.items():
        problem = V.validate(v, ed.cells[cid].type)
        if problem:
            problems.append(f"{ed.cells[cid].place}“{reading.sources.get(cid, v)}”{problem}，未读取")
            continue
        values[cid] = V.normalize(v, ed.cells[cid].type)
    year = story.year
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        year = datetime.date.today().year - 1
        problems.append(f"未能从标题识别报告年度，暂按 {year} 年处理，请核对")
    if not story.issuer:
        problems.append("未能从标题识别发布机关，请在“基本信息”中填写")
    unread = unread or {}
    missing = [s for s in ed.sections if s.kind == "table" and s.id not in reading.sections]
    problems += [unread[s.id] for s in missing if s.id in unread]
    missing_sections = [s.heading for s in missing if s.id not in unread]
    if missing_sections:
        problems.append(f"未找到表格：{'、'.join(missing_sections)}")
    meta = {"published": story.published} if story.published else {}
    report = Report(edition=ed.id, year=year, issuer=story.issuer or "", meta=meta,
                    text={tid: story.text.get(tid, "") for tid in ed.texts}, values=values)
    found = sorted(set(story.found) | reading.sections)
    return ImportResult(report, kind, dict(reading.sources), problems, list(notes or []) + list(reading.notes), found)
