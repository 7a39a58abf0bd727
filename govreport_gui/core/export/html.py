"""The report as one web page (.html), and the same page for the clipboard (复制为网页).

One self-contained page: UTF-8 with ``<meta charset>``, inline styles only (no ``<style>``, no
script, no image, no link to anything), so that it looks the same opened as a file and pasted
into a government site's editor (which keeps ``style`` attributes and simple tags and drops the
rest). It holds what the Word export prints, in the same order: the title, the preface, the six
sections under their headings, the three official tables as real HTML tables with the printed
merges (``rowspan``/``colspan`` from the edition's grid, labels as printed, numbers right-aligned,
blank cells per the blank mode exactly as Word prints them: ``export.cell_text``), and the closing
(issuer and date, printed as Word prints it: only when the date is known).

The text goes in as the other exports write it (``export.normalize``): characters a document
cannot hold are removed and said, a paragraph break starts a paragraph, a line break inside a
paragraph is ``<br>``; everything is escaped (``& < > " '``). It reads back exactly through our
own web page reader (importers/html.py): every value, the year, the issuer, every section's text,
the closing date. No Qt here: the window puts :func:`clipboard`'s two forms on the clipboard.
"""

from __future__ import annotations

import html as _html
import os
import re

from ..native import atomic_write
from ..report import Report
from . import (BLANK_MODES, ExportError, cell_text, check_size, describe_changes, normalize, paragraphs, printable,
               published_date, refuse_if_errors, signature_indents, title_parts)
from . import fonts as F

WRITTEN = "网页"                        # as the notes say it: “…无法写入网页，已删去”

# fonts: 宋体 first, as every Chinese system has it; then the official 仿宋 for the body. Named in
# English and in Chinese: browsers on Windows know SimSun, editors and older systems 宋体.
BODY_FONTS = "SimSun,'宋体',FangSong,'仿宋',serif"
TITLE_FONTS = f"'{F.TITLE}','华文中宋',{BODY_FONTS}"
HEADING1_FONTS = f"SimHei,'{F.HEADING1}',{BODY_FONTS}"
HEADING2_FONTS = f"KaiTi,'楷体',{BODY_FONTS}"
TABLE_PT = {"normal": F.SIZE_TABLE.pt, "small": F.SIZE_TABLE_SMALL.pt}     # as the Word export prints them
BORDER = "1px solid #000"
SHADE = "#f2f2f2"                     # a block title row of the table (二's), as Word shades it

_P = "margin:0 0 0.5em 0;line-height:1.8;font-size:16px;color:#000"
_BODY_P = f"{_P};font-family:{BODY_FONTS};text-indent:2em;text-align:justify"
_HEADING_P = f"{_P};font-family:{HEADING1_FONTS};text-indent:2em;font-weight:bold"
_SIGNATURE_P = f"{_P};font-family:{BODY_FONTS};text-align:right"
_SPACES = re.compile(r" {2,}")


def _esc(text: str) -> str:
    """Text as HTML: ``& < > " '`` escaped; a run of spaces kept as the page shows it (the first
    a space, the others no-break spaces); a line break inside a paragraph as ``<br>``."""
    out = _html.escape(text, quote=True)
    out = _SPACES.sub(lambda m: " " + "&nbsp;" * (len(m.group()) - 1), out)
    return out.replace("\n", "<br>")


def _para(text: str, style: str = _BODY_P) -> str:
    return f'<p style="{style}">{_esc(text)}</p>'


def _narrative(text: str) -> list[str]:
    """One ``<p>`` a paragraph; a （一） heading part in 楷体 (as Word prints it)."""
    out = []
    for p in paragraphs(text):
        if p.head:
            head = f'<span style="font-family:{HEADING2_FONTS}">{_esc(p.head)}</span>'
            out.append(f'<p style="{_BODY_P}">{head}{_esc(p.rest)}</p>')
        else:
            out.append(_para(p.rest))
    return out


def table_html(report: Report, sid: str, blank: str) -> str:
    """One official table: its merges as printed (the edition's grid), widths in %, header rows in
    bold, block title rows shaded, numbers right-aligned, a blank cell empty (or 0, per the blank
    mode)."""
    table = report.ed.tables[sid]
    size = TABLE_PT.get(table.print_size, F.SIZE_TABLE.pt)
    total = sum(table.widths) or 1
    widths = [round(w * 100 / total, 2) for w in table.widths] if table.widths else [round(100 / table.width, 2)] * table.width
    widths[-1] = round(100 - sum(widths[:-1]), 2)           # the whole width, whatever the rounding
    cell = (f"border:{BORDER};padding:2px 4px;vertical-align:middle;font-family:{BODY_FONTS};"
            f"font-size:{size:g}pt;line-height:1.4;color:#000")
    out = [f'<table border="1" cellspacing="0" cellpadding="3" width="100%" style="border-collapse:collapse;'
           f'width:100%;border:{BORDER};margin:0.5em 0 1em 0;table-layout:fixed">', "<colgroup>"]
    out += [f'<col width="{w:.2f}%" style="width:{w:.2f}%">' for w in widths]
    out.append("</colgroup>")
    rows: dict[int, list[str]] = {}
    for g in table.grid:
        span = (f' rowspan="{g.rowspan}"' if g.rowspan > 1 else "") + (f' colspan="{g.colspan}"' if g.colspan > 1 else "")
        if g.kind == "label" and g.role == "title":
            # a block title row (二's 第二十条第（一）项): left aligned, not bold, shaded, as the
            # official template prints it
            style = f"{cell};text-align:left;background-color:{SHADE}"
            text = _esc(g.text)
        elif g.kind == "label":
            header = g.role == "header" or g.row < table.header_rows
            centre = header or g.rowspan > 2 or table.center_labels
            style = f"{cell};text-align:{'center' if centre else 'left'}"
            if header:
                style += ";font-weight:bold"
            text = _esc(g.text)
        else:
            style = f"{cell};text-align:right"
            text = _esc(cell_text(report, g.cell, blank))
        rows.setdefault(g.row, []).append(f'<td{span} style="{style}">{text}</td>')
    for r in range(table.height):
        out.append("<tr>" + "".join(rows.get(r, [])) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _article(report: Report, blank: str) -> list[str]:
    """The report's own markup, block by block: what :func:`render` puts in the page's body."""
    ed = report.ed
    head, rest = title_parts(report)
    # the title breaks after the issuer, never inside “2024年政府信息公开工作年度报告” (unless the
    # screen is narrower than that part)
    inner = (f'{_esc(head)}<span style="display:inline-block;max-width:100%">{_esc(rest)}</span>' if head
             else _esc(rest))
    parts = [f'<p style="margin:0.5em 0 1em 0;line-height:1.5;text-align:center;font-family:{TITLE_FONTS};'
             f'font-size:22pt;font-weight:bold;color:#000">{inner}</p>']
    parts += _narrative(report.text.get("preface", ""))
    for s in ed.sections:
        parts.append(_para(s.heading, _HEADING_P))
        if s.kind == "table":
            parts.append(table_html(report, s.id, blank))
        else:
            parts += _narrative(report.text.get(s.text, ""))
    date = published_date(report)
    if date:                          # as Word prints it: the issuer and the date, when the date is known,
        issuer = printable(report.issuer)      # placed as GB/T 9704 says (in em: characters of the body's size)
        issuer_in, date_in = signature_indents(issuer, date)
        parts.append(_para(issuer, f"{_SIGNATURE_P};margin-top:2em;padding-right:{issuer_in:g}em"))
        parts.append(_para(date, f"{_SIGNATURE_P};padding-right:{date_in:g}em"))
    return parts


def _check(report: Report, blank: str) -> None:
    if blank not in BLANK_MODES:
        raise ExportError(f"空白单元格的处理方式应为 {'/'.join(BLANK_MODES)}")
    check_size(report)                 # before anything is built


def render(report: Report, blank: str = "empty", fragment: bool = False) -> str:
    """The whole page as text. ``fragment``: the article marked as the clipboard's fragment
    (``<!--StartFragment-->``…``<!--EndFragment-->``: what an editor pastes on Windows)."""
    _check(report, blank)
    body = "\n".join(_article(report, blank))
    if fragment:
        body = f"<!--StartFragment-->{body}<!--EndFragment-->"
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{_esc(printable(report.title))}</title>\n</head>\n'
            '<body style="margin:0;padding:0;background:#fff">\n'
            '<div style="max-width:820px;margin:0 auto;padding:16px 24px">\n'
            f"{body}\n</div>\n</body>\n</html>\n")


def plain_text(report: Report, blank: str = "empty") -> str:
    """The same report as plain text (the clipboard's other form, for a program that takes no
    HTML): a line a paragraph, each table row a line of its cells separated by tabs (a merged
    cell's text in its first place, as a spreadsheet pastes it)."""
    _check(report, blank)
    ed = report.ed
    lines = [printable(report.title)]
    lines += [p.text for p in paragraphs(report.text.get("preface", ""))]
    for s in ed.sections:
        lines.append(s.heading)
        if s.kind == "table":
            table = ed.tables[s.id]
            cover = table.at()
            for r in range(table.height):
                row = []
                for c in range(table.width):
                    g = cover.get((r, c))
                    if g is None or (g.row, g.col) != (r, c):
                        row.append("")
                    else:
                        row.append(g.text if g.kind == "label" else cell_text(report, g.cell, blank))
                lines.append("\t".join(row))
        else:
            lines += [p.text for p in paragraphs(report.text.get(s.text, ""))]
    date = published_date(report)
    if date:
        lines += ["", printable(report.issuer), date]
    return "\n".join(lines) + "\n"


def clipboard(report: Report, blank: str = "empty") -> tuple[str, str]:
    """复制为网页: the page (its article marked as the fragment) and its plain-text form."""
    return render(report, blank, fragment=True), plain_text(report, blank)


def notes(report: Report) -> list[str]:
    """What the page changes in the report's text, in Chinese, one note a field (empty when the
    text goes in as written): characters no document can hold (removed), line and paragraph
    separators (written as breaks), tabs (a page shows a tab as a space), a text part this
    edition does not have (not written) — as the other exports say it."""
    ed = report.ed
    fields = [("发布机关", report.issuer)] + [(ed.texts[tid].name, report.text.get(tid, "") or "") for tid in ed.texts]
    out: list[str] = []
    for where, text in fields:
        out += describe_changes(where, normalize(text)[1], WRITTEN)
        tabs = text.count("\t")
        if tabs:
            out.append(f"{where}中有 {tabs} 个制表符，网页中显示为空格")
    for tid, text in report.text.items():
        if tid not in ed.texts and text:
            out.append(f"报告中有本格式（{ed.name}）没有的正文部分“{tid}”（{len(text)} 字），未写入网页")
    return out


def export(report: Report, path: str | os.PathLike, blank: str = "empty", force: bool = False) -> list[str]:
    """Write the .html (UTF-8) atomically; refuses a report with errors unless forced. Returns
    :func:`notes`."""
    refuse_if_errors(report, force)
    atomic_write(path, render(report, blank).encode("utf-8"))
    return notes(report)


__all__ = ["export", "render", "plain_text", "clipboard", "notes", "table_html"]
