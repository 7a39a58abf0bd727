"""Export: the finished report as a Word document (.docx) and an Excel workbook (.xlsx).

Both refuse a report with errors unless forced, and both are told how to
print blank cells (``"empty"`` or ``"zero"``) — blank is never silently 0.
Which formats there are, and who writes each: registry.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import values as V
from ..errors import GovReportError
from ..report import META_FIELDS, Report
from ..rules import Finding, check, compiled
from . import registry

BLANK_MODES = ("empty", "zero")
_HEADING2 = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]")


class ExportError(GovReportError):
    """The document could not be written (bad template, unwritable file…)."""


class ExportRefused(GovReportError):
    """The report has errors and the export was not forced."""

    def __init__(self, errors: list[Finding]):
        self.errors = errors
        lines = "；".join(f"{f.rule} {f.message}" for f in errors[:3])
        more = f"……共 {len(errors)} 个错误" if len(errors) > 3 else ""
        super().__init__(f"报告中有错误，未导出（如确需导出请使用“仍然导出”/--force）：{lines}{more}")


def refuse_if_errors(report: Report, force: bool) -> list[Finding]:
    """The report's findings; raises ExportRefused when it has errors and force is off."""
    findings = check(report)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not force:
        raise ExportRefused(errors)
    return findings


def cell_text(report: Report, cell_id: str, blank: str) -> str:
    """A value as printed in the document: digits as stored, blank per the blank mode. A total
    left blank whose parts are known prints as their sum, as the Excel export's formula shows
    it (a total blank in every part stays blank, or 0 with ``blank == "zero"``)."""
    cd = report.ed.cells[cell_id]
    v = report.values.get(cell_id)
    if v is None:
        v = total_of_parts(report, cell_id)
    if v is None:
        return "0" if blank == "zero" else ""
    return V.display(v, cd.type)


def total_of_parts(report: Report, cell_id: str):
    """The sum of a computed total's parts (a blank part that is itself a total counts as the
    sum of its own parts); None when the cell is no total or every part is blank."""
    terms = compiled(report.ed).computed.get(cell_id)
    if not terms:
        return None
    parts = [report.values.get(t) for t in terms]
    parts = [p if p is not None else total_of_parts(report, t) for p, t in zip(parts, terms)]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class Para:
    """A narrative paragraph: a level-2 heading part (（一）…) and the rest."""

    head: str
    rest: str

    @property
    def text(self) -> str:
        return self.head + self.rest

    @property
    def level(self) -> int:
        return 2 if self.head else 0


# --------------------------------------------------------------------------
# characters: what a document can hold, decided per character, and said

# XML (and so Word and Excel) cannot hold these at all: removed, and the export says so
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\ud800-\udfff\ufffe\uffff]")
# a line break inside a paragraph: Word's manual line break (Shift+Enter pastes as a vertical
# tab) and U+2028 LINE SEPARATOR; written as a line break in the paragraph
_LINE_BREAK = re.compile("[\x0b\u2028]")
# a paragraph break: U+2029 PARAGRAPH SEPARATOR, the form feed, NEL, the information
# separators Python counts as line ends, a lone carriage return; written as a new paragraph
_PARA_BREAK = re.compile("\r(?!\n)|[\x0c\x1c-\x1e\x85\u2029]")
_INLINE = "\u2028"           # how a line break inside a paragraph is carried through normalize()

CHANGE_KINDS = {
    "removed": "{n} 个控制字符（{chars}）无法写入{fmt}，已删去",
    "line": "{n} 个段内换行符（{chars}），已写成段内换行",
    "para": "{n} 个分段符（{chars}），已按分段写入",
}


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def normalize(text: str) -> tuple[str, dict[str, list[str]]]:
    """``text`` as the exporters write it: CRLF as a newline, paragraph breaks as ``\\n``,
    line breaks inside a paragraph as U+2028, characters XML cannot hold removed — and what was
    changed, by kind (``removed``, ``line``, ``para``: the characters met, in order)."""
    text = text.replace("\r\n", "\n")
    found: dict[str, list[str]] = {}
    if _UNWRITABLE.search(text):
        found["removed"] = _UNWRITABLE.findall(text)
        text = _UNWRITABLE.sub("", text)
    if _PARA_BREAK.search(text):
        found["para"] = _PARA_BREAK.findall(text)
        text = _PARA_BREAK.sub("\n", text)
    if _LINE_BREAK.search(text):
        found["line"] = _LINE_BREAK.findall(text)
        text = _LINE_BREAK.sub(_INLINE, text)
    return text, found


def printable(text: str) -> str:
    """Text a document can hold, for a one-line field (the issuer, a contact field): characters
    XML cannot hold removed, every kind of line or paragraph break a newline."""
    return normalize(text)[0].replace(_INLINE, "\n")


def describe_changes(where: str, found: dict[str, list[str]], fmt: str) -> list[str]:
    """The notes for one field: ``前言中有 3 个控制字符（U+0001、U+0002）无法写入 Word，已删去``."""
    out = []
    for kind in ("removed", "para", "line"):
        chars = found.get(kind)
        if not chars:
            continue
        distinct = list(dict.fromkeys(_code(c) for c in chars))
        shown = "、".join(distinct[:4]) + ("等" if len(distinct) > 4 else "")
        out.append(f"{where}中有 " + CHANGE_KINDS[kind].format(n=len(chars), chars=shown, fmt=fmt))
    return out


FORMAT_NAMES = {f.kind: f.written for f in registry.FORMATS}      # {"docx": " Word", "xlsx": " Excel 工作表"}
CELL_CHARS = 32_767           # what one spreadsheet cell can hold (Excel)


def text_changes(report: Report, kind: str) -> list[str]:
    """What exporting ``report`` as ``kind`` ("docx" or "xlsx") changes in its text, in Chinese,
    one note a field: characters the document cannot hold (removed), line and paragraph
    separators (written as breaks). Empty when the text goes in exactly as written.

    ``docx.export`` and ``xlsx.export`` return the same list; the workbook also keeps the
    original text in its hidden sheet, so reading it back restores every character."""
    if kind not in FORMAT_NAMES:
        raise ValueError(f"unknown export kind {kind}")
    fmt = FORMAT_NAMES[kind]
    ed = report.ed
    fields: list[tuple[str, str]] = [("发布机关", report.issuer)]
    fields += [(name, str(report.meta.get(key) or "")) for key, name in META_FIELDS.items()]
    fields += [(ed.texts[tid].name, report.text.get(tid, "")) for tid in ed.texts]
    if kind == "xlsx":
        for i, rec in enumerate(_units(report), start=1):
            for key, name in (("issuer", "单位名称"), ("source", "来源文件"), ("message", "说明")):
                if rec.get(key):
                    fields.append((f"「各单位明细」第 {i} 个单位的{name}", str(rec.get(key))))
    out: list[str] = []
    for i, (where, text) in enumerate(fields):
        normal, found = normalize(text)
        out += describe_changes(where, found, fmt)
        if kind == "xlsx" and i < 1 + len(META_FIELDS) and len(normal) > CELL_CHARS:
            out.append(f"{where}有 {len(normal)} 字，超过 Excel 单元格能容纳的 {CELL_CHARS} 字，工作表中只显示开头部分")
    for tid, text in report.text.items():     # a text part this edition does not have (a newer file's)
        if tid not in ed.texts and text:
            out.append(f"报告中有本格式（{ed.name}）没有的正文部分“{tid}”（{len(text)} 字），"
                       + ("未写入 Word" if kind == "docx" else "工作表中没有显示"))
    if kind == "xlsx" and out:
        out.append("工作簿的隐藏工作表中保存了原文，导入该工作簿时按原文读回")
    return out


def _units(report: Report) -> list[dict]:
    units = report.extra.get("units")
    return [u for u in units if isinstance(u, dict)] if isinstance(units, list) else []


# --------------------------------------------------------------------------
# sizes: counted before anything is built

# A real report's narrative has 10–150 lines (the demo 20, the published samples 10–22) and
# paragraphs of at most a few thousand characters. 5,000 lines is thirty times the longest
# real one; the export is refused above it, so neither a .docx (≈1 s, 100 MB at the limit) nor
# an .xlsx is ever built from a text that is not a report, and our own readers read back all of
# what we write (the .docx reader takes 20,000 paragraphs, 40,000 runs).
MAX_LINES = 5_000
# runs in the document's narrative: one or two a paragraph, two more for each tab
MAX_RUNS = 20_000


def narrative_lines(report: Report) -> list[tuple[str, list[str]]]:
    """Each text's lines as the exporters write them (normalized; blank lines included)."""
    out = []
    for tid in report.ed.texts:
        text = normalize(report.text.get(tid, "") or "")[0]
        out.append((tid, text.split("\n") if text else []))
    return out


def check_size(report: Report) -> None:
    """Refuse (ExportError, in Chinese) a report whose text is far beyond any real report,
    before anything is built."""
    ed = report.ed
    counted = narrative_lines(report)
    lines = sum(len(ls) for _, ls in counted)
    if lines > MAX_LINES:
        tid, worst = max(counted, key=lambda t: len(t[1]))
        raise ExportError(f"报告正文共有 {lines} 行（其中「{ed.texts[tid].name}」{len(worst)} 行），"
                          f"超过导出的上限 {MAX_LINES} 行（一份年度报告的正文通常只有几十行）；"
                          f"请检查正文是否误粘贴了大量内容，未导出")
    paras = sum(1 for _, ls in counted for line in ls if line.strip())
    tabs = sum(line.count("\t") for _, ls in counted for line in ls)
    if 2 * paras + 2 * tabs > MAX_RUNS:
        raise ExportError(f"报告正文中有 {tabs} 个制表符，写入 Word 后的格式片段过多（上限约 {MAX_RUNS // 2 - paras} 个制表符），"
                          f"请删去多余的制表符，未导出")


def paragraphs(text: str) -> list[Para]:
    """Split a narrative into paragraphs, one per non-empty line.

    A line starting with （一）…（十） is a level-2 heading: when it goes on into
    body text, the heading part ends at the first 。 or ： (within 40 characters).
    """
    out: list[Para] = []
    for line in normalize(text or "")[0].split("\n"):
        line = line.strip().replace(_INLINE, "\n")      # a line break inside the paragraph stays one
        if not line:
            continue
        m = _HEADING2.match(line)
        if not m:
            out.append(Para("", line))
            continue
        cut = -1
        for mark in ("。", "：", ":"):
            i = line.find(mark, m.end(), m.end() + 40)
            if i != -1 and (cut == -1 or i < cut):
                cut = i
        if cut != -1:
            out.append(Para(line[: cut + 1], line[cut + 1:]))
        elif len(line) <= 40:
            out.append(Para(line, ""))
        else:
            out.append(Para(m.group(0), line[m.end():]))
    return out


def title_parts(report: Report) -> tuple[str, str]:
    """The title where it may break: the issuer, and the rest ("2024年政府信息公开工作年度报告").
    ("", title) when the title does not start with the issuer: it has no such place. Every
    export that breaks a long title breaks it here (GB/T 9704: never "…工作年／度报告")."""
    title, issuer = printable(report.title), printable(report.issuer)
    if issuer and title.startswith(issuer) and len(title) > len(issuer):
        return issuer, title[len(issuer):]
    return "", title


def published_date(report: Report) -> str:
    """``2025-01-20`` -> ``2025年1月20日`` (no leading zeros); empty when unknown."""
    d = str(report.meta.get("published") or "")
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", d)
    if not m:
        return ""
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"


def _width(text: str) -> float:
    """A line's width in characters of its size: a Chinese character 1, a half-width one ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def signature_indents(issuer: str, date: str) -> tuple[float, float]:
    """How far the issuer and the date stand in from the right edge, in characters (GB/T 9704
    7.3.5.1: the issuer 右空二字, the date's first character two to the right of the issuer's;
    a date longer than that stands 右空二字 and the issuer moves left to keep the two). Every
    export places the closing by it: Word, the web page, the PDF and print."""
    wi, wd = _width(issuer), _width(date)
    date_in = max(wi - wd, 2.0)
    return date_in + wd + 2 - wi, date_in
