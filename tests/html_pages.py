"""Web pages built from a report, in the styles real sites publish them (issue 14).

Shared by ``test_import_html.py`` and ``test_import_html_corpus.py``. A page is built from a
report (the demo, or one of ``tests/fixtures/published``) and the edition's printed layout (its
spans, labels and headings), never from a file of someone else's; :func:`page` returns it with the
cells it printed blank, so a test knows exactly what the page shows:

- ``word``: Word's "save as web page": ``MsoNormal`` paragraphs, ``<o:p>``, conditional comments,
  ``mso-`` styles, each label split over ``<p>``/``<span>``, the source wrapped at about 70
  characters (inside Chinese text, as Word does), the trailing row of empty cells Word adds for
  misaligned columns;
- ``cms``: a site's page around the article: navigation, a side menu, nested layout tables, a
  breadcrumb, the article's date line, its share and print links, a hidden share box, and a footer
  with numbers (网站标识码, 备案号, a phone number) in a table of its own;
- ``head_cells``: ``<thead>``/``<tbody>``, header cells as ``<th>``;
- ``blank_zero``: zeros and totals left blank in the ways sites do (empty, ``&nbsp;``, ``/``,
  ``—``, ``-``, a full-width space, an empty Word paragraph);
- ``encoding``/``charset``: UTF-8, or GBK bytes declared by ``<meta charset>`` or only by
  ``<meta http-equiv="Content-Type">``.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, replace

from govreport_gui.core.report import Report

# how a site writes a cell it leaves blank (a page shows nothing there, or a dash for "nothing")
BLANKS = ["&nbsp;", "/", "—", "", " &nbsp; ", "-", "\u3000", "－", "——", "<br>"]
WORD_BLANKS = ["<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>"
               "<o:p>&nbsp;</o:p></span></p>",
               "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>/<o:p></o:p></span></p>",
               "<p class=MsoNormal align=center style='text-align:center'><span style='font-family:宋体'>—"
               "</span><span lang=EN-US><o:p></o:p></span></p>",
               "<p class=MsoNormal><span lang=EN-US><o:p></o:p></span></p>"]

# headings as sites print them, where they differ from the edition's (the variants)
HEADING_VARIANTS = {"s5": "五、政府信息公开工作存在的主要问题及改进情况"}


@dataclass(frozen=True)
class Style:
    name: str
    word: bool = False            # Word's "save as web page"
    cms: bool = False             # a site's page around the article
    head_cells: bool = False      # <thead>/<tbody>, header cells as <th>
    blank_zero: bool = False      # zeros and totals left blank
    encoding: str = "utf-8"       # "utf-8" or "gbk" (the bytes)
    charset: str = "meta"         # "meta": <meta charset=…>; "http-equiv": only the Content-Type
    year_first: bool = True       # 2020年东安区…年度报告, else 东安区… / 2020年…年度报告 on two lines
    closing: str = ""             # the closing date (YYYY-MM-DD) printed after the issuer, or none
    unit_in_cell: bool = False    # an amount printed with its unit in the cell (2167.0875 万元)
    pictures: tuple[str, ...] = ()            # tables printed as a picture (<img>), by section id
    omitted: tuple[str, ...] = ()             # tables not printed at all (their heading is)
    cut: tuple[tuple[str, int], ...] = ()     # (section id, n): only the table's first n rows printed
    one_row_groups: bool = False  # a group an older format printed as one row (the edition data's
                                  # printed_as_one: 2021's （六）其他处理) printed so
    captions: bool = False        # each table's heading as its <caption>
    colgroup: bool = False        # <colgroup> of <col> before the rows
    info_inside: bool = False     # the site's date line (发布日期：…) inside the article's own box

    def but(self, **kw) -> "Style":
        return replace(self, **kw)


PLAIN = Style("plain")


# -- pieces ---------------------------------------------------------------------------------------


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W")


def word_wrap(text: str, width: int = 70) -> str:
    """Text as Word writes it into its HTML: the source broken into lines of about ``width``
    characters, at a space (the line break stands for it) or between two Chinese characters (a
    browser joins those without a space)."""
    out, line = [], 0
    for i, ch in enumerate(text):
        if line >= width:
            if ch == " ":
                out.append("\r\n")
                line = 0
                continue
            if i > 0 and _wide(text[i - 1]) and _wide(ch):
                out.append("\r\n")
                line = 0
        out.append(ch)
        line += 1
    return "".join(out)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def word_para(text: str, style: str = "text-indent:32.0pt;mso-char-indent-count:2.0", bold: bool = False) -> str:
    """A paragraph as Word saves it: runs in spans (digits and Latin letters in runs of their
    own), spaces as mso-spacerun, the source wrapped."""
    runs, cur, latin = [], "", None
    for ch in text:
        is_latin = ch.isascii() and ch != " "
        if latin is not None and is_latin != latin and cur:
            runs.append((cur, latin))
            cur = ""
        latin = is_latin
        cur += ch
    if cur:
        runs.append((cur, bool(latin)))
    spans = []
    for run, is_latin in runs:
        pieces = run.split(" ")
        body = "<span style='mso-spacerun:yes'>&nbsp;</span>".join(word_wrap(_esc(p)) for p in pieces)
        if is_latin:
            spans.append(f"<span lang=EN-US style='font-size:16.0pt;font-family:\"Times New Roman\"'>{body}</span>")
        else:
            spans.append(f"<span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:"
                         f"\"Times New Roman\"'>{body}</span>")
    inner = "".join(spans) + "<span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span>"
    if bold:
        inner = f"<b style='mso-bidi-font-weight:normal'>{inner}</b>"
    return f"<p class=MsoNormal style='{style};line-height:28.0pt;mso-line-height-rule:exactly'>\r\n{inner}</p>"


def _label(text: str, word: bool) -> str:
    """A label in a cell: as Word splits it (two paragraphs, the first in two spans)."""
    if not word:
        return _esc(text)
    half = max(1, len(text) // 2)
    third = max(1, half // 2)
    p = "<p class=MsoNormal align=center style='text-align:center;line-height:14.0pt;mso-line-height-rule:exactly'>"
    return (f"{p}<span style='font-size:10.0pt;font-family:宋体'>{_esc(text[:third])}</span>"
            f"<span style='font-size:10.0pt;font-family:宋体;mso-bidi-font-family:宋体'>{_esc(text[third:half])}"
            f"<span lang=EN-US><o:p></o:p></span></span></p>\r\n"
            f"{p}<span style='font-size:10.0pt;font-family:宋体'>{word_wrap(_esc(text[half:]), 8)}"
            f"<span lang=EN-US><o:p></o:p></span></span></p>")


def _number(text: str, word: bool) -> str:
    if not word:
        return _esc(text)
    return (f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US style='font-size:"
            f"10.0pt;font-family:\"Times New Roman\"'>{_esc(text)}<o:p></o:p></span></p>")


def printed(report: Report, cid: str, style: Style) -> str:
    """How a value is printed in its cell."""
    v = report.values[cid]
    cell = report.ed.cells[cid]
    text = str(v)
    if style.unit_in_cell and cell.unit:
        text = f"{text} {cell.unit}"
    return text


def is_left_blank(report: Report, cid: str, style: Style) -> bool:
    """Whether the page leaves the cell blank: a blank of the report, or (a site's habit) a zero
    or a total."""
    v = report.values.get(cid)
    if v is None:
        return True
    return style.blank_zero and (v == 0 or cid.endswith(".total"))


def layout(report: Report, sid: str, style: Style = PLAIN) -> tuple[list, int]:
    """The printed cells of a table (the edition's grid) and its height, with a group of rows
    printed as one row where the style says so (the edition data's ``printed_as_one``: the row
    that stays takes the group's label, the others are not printed)."""
    ed = report.ed
    tab = ed.tables[sid]
    one = ed.find.get(sid, {}).get("printed_as_one") if style.one_row_groups else None
    grid, height = list(tab.grid), tab.height
    if one:
        rows_of = {g.row: ed.cells[g.cell].row for g in grid if g.kind == "value"}
        gone = sorted(r for r, rid in rows_of.items() if rid in one["instead_of"])
        keep = next(r for r, rid in rows_of.items() if rid == one["row"])
        group = next(g for g in grid if g.kind == "label" and g.row == gone[0] and g.rowspan > 1
                     and g.row + g.rowspan - 1 >= keep)                    # （六）其他处理
        out = []
        for g in grid:
            if g.row in gone and g is not group:
                continue
            if g is group:
                g = replace(g, row=keep, rowspan=1, colspan=g.colspan + 1)
            elif g.row == keep and g.kind == "label" and g.col == group.col + group.colspan:
                continue                                                   # 3.其他: under the group's label now
            elif g.kind == "label" and g.row < gone[0] and g.row + g.rowspan > keep:
                g = replace(g, rowspan=g.rowspan - len(gone))              # 三、本年度办理结果
            out.append(replace(g, row=g.row - sum(1 for r in gone if r < g.row)))
        grid, height = sorted(out, key=lambda g: (g.row, g.col)), height - len(gone)
    return grid, dict(style.cut).get(sid, height)


def table(report: Report, sid: str, style: Style = PLAIN) -> tuple[str, set[str]]:
    """The table as printed (its spans from the edition), and the cells written blank."""
    tab = report.ed.tables[sid]
    blank: set[str] = set()
    rows: dict[int, list[str]] = {}
    ways = WORD_BLANKS if style.word else BLANKS
    grid, height = layout(report, sid, style)
    for n, g in enumerate(grid):
        if g.row >= height:
            continue
        span = (f" rowspan={g.rowspan}" if g.rowspan > 1 else "") + (f" colspan={g.colspan}" if g.colspan > 1 else "")
        attrs = (f"{span} valign=middle style='border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
                 f"padding:0cm 1.4pt 0cm 1.4pt'" if style.word else span)
        tag = "td"
        if g.kind == "label":
            inner = _label(g.text, style.word)
            if style.head_cells and g.row < tab.header_rows:
                tag = "th"
        elif is_left_blank(report, g.cell, style):
            inner = ways[(n + len(blank)) % len(ways)]
            blank.add(g.cell)
        else:
            inner = _number(printed(report, g.cell, style), style.word)
        rows.setdefault(g.row, []).append(f"<{tag}{attrs}>{inner}</{tag}>")

    def tr(r: int) -> str:
        attrs = f" style='mso-yfti-irow:{r};height:20.0pt'" if style.word else ""
        return f"<tr{attrs}>\r\n{''.join(rows.get(r, []))}\r\n</tr>\r\n"
    if style.head_cells:
        body = (f"<thead>{''.join(tr(r) for r in range(tab.header_rows))}</thead>"
                f"<tbody>{''.join(tr(r) for r in range(tab.header_rows, height))}</tbody>")
    else:
        body = "".join(tr(r) for r in range(height))
    if style.colgroup:
        body = "<colgroup>" + "<col width='60'>" * tab.width + "</colgroup>" + body
    if style.captions:
        body = f"<caption><b>{_esc(heading(report, sid))}</b></caption>" + body
    if style.word:
        hidden = ("<![if !supportMisalignedColumns]><tr height=0>"
                  + "<td width=40 style='border:none'></td>" * tab.width + "</tr><![endif]>")
        return (f"<div align=center>\r\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                f"style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                f"mso-yfti-tbllook:1184'>\r\n{body}{hidden}</table>\r\n</div>"), blank
    return f'<table border="1" cellspacing="0" class="report-table">{body}</table>', blank


def _title_paras(report: Report, style: Style) -> list[str]:
    if style.year_first:
        return [f"{report.year}年{report.issuer}政府信息公开工作年度报告"]
    return [report.issuer, f"{report.year}年政府信息公开工作年度报告"]


def heading(report: Report, sid: str) -> str:
    s = next(s for s in report.ed.sections if s.id == sid)
    return HEADING_VARIANTS.get(sid, s.heading)


def article(report: Report, style: Style = PLAIN, with_title: bool = True) -> tuple[str, set[str]]:
    """The report's own markup: title, preface, the six sections, the closing; and the cells
    printed blank."""
    word = style.word
    parts, blank = [], set()

    def para(text: str, bold: bool = False) -> str:
        if word:
            return word_para(text, bold=bold)
        return f"<p><b>{_esc(text)}</b></p>" if bold else f"<p>{_esc(text)}</p>"

    if with_title:
        for t in _title_paras(report, style):
            parts.append(word_para(t, style="text-align:center", bold=True) if word else f"<h1>{_esc(t)}</h1>")
    parts += [para(line) for line in report.text.get("preface", "").splitlines()]
    for s in report.ed.sections:
        if not (style.captions and s.kind == "table" and s.id not in style.pictures + style.omitted):
            parts.append(para(heading(report, s.id), bold=True))
        if s.kind == "table" and s.id in style.pictures:
            parts.append(f"<p style='text-align:center'><img src='/uploads/{s.id}.png' width='640' height='480' "
                         f"alt=''></p>")
        elif s.kind == "table" and s.id not in style.omitted:
            t, b = table(report, s.id, style)
            parts.append(t)
            blank |= b
        else:
            parts += [para(line) for line in report.text.get(s.text, "").splitlines()]
    if style.closing:
        y, m, d = style.closing.split("-")
        parts += [para(report.issuer), para(f"{int(y)}年{int(m)}月{int(d)}日")]
    body = "\r\n".join(parts)
    if word:
        body = f"<div class=WordSection1 style='layout-grid:15.6pt'>\r\n{body}\r\n</div>"
    return body, blank


def _head(style: Style, title: str) -> str:
    charset = "gb2312" if style.encoding == "gbk" else "utf-8"
    meta = (f"<meta charset='{charset}'>" if style.charset == "meta"
            else f"<meta http-equiv='Content-Type' content='text/html; charset={charset}'>")
    word = ("<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">"
            "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>admin</o:Author><o:Pages>6</o:Pages>"
            "<o:Words>1234</o:Words></o:DocumentProperties></xml><![endif]-->"
            "<style><!-- p.MsoNormal {mso-style-parent:\"\"; margin:0cm; font-size:10.5pt;} "
            "@page WordSection1 {size:595.3pt 841.9pt;} --></style>") if style.word else ""
    return (f"<head>{meta}<title>{_esc(title)}</title>{word}"
            "<style>td { border: 1px solid #000; }</style>"
            "<script>var tpl = '<table><tr><td>999</td><td>1</td></tr><tr><td>2</td></tr></table>';</script></head>")


def _info(report: Report, style: Style) -> str:
    """The site's line under an article's title."""
    date = style.closing or f"{report.year + 1}-01-20"
    return (f"<div class='info'>发布时间：{date} 09:30　来源：政府办公室　浏览次数：<span id='hits'>1234</span>"
            "　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>")


def _cms(report: Report, title: str, body: str, info: str) -> str:
    """A site's page: the article inside nested layout tables, among navigation and a footer; the
    site's line ``info`` under the title, outside the article's own box."""
    return (
        "<body><div class='top'><img src='/images/logo.png' width='420' height='80' alt='门户网站'>"
        "<form><input name='q'><button>搜索</button></form></div>"
        "<div class='nav'><ul><li><a href='/'>首页</a></li><li><a href='/zwgk/'>政务公开</a></li>"
        "<li><a href='/bsfw/'>办事服务</a></li><li><a href='/hdjl/'>互动交流</a></li></ul></div>"
        "<table width='1000' align='center' class='layout'><tr>"
        "<td width='230' valign='top' class='left'><div class='menu'><h3>政府信息公开</h3><ul>"
        "<li>政府信息公开指南</li><li>政府信息公开制度</li><li>法定主动公开内容</li>"
        "<li>政府信息公开年报</li></ul></div>"
        "<table class='contact'><tr><td>咨询电话</td></tr><tr><td>0453-6231234</td></tr></table></td>"
        "<td valign='top' class='right'><table width='100%'>"
        "<tr><td class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/zwgk/'>政务公开</a> &gt; "
        "政府信息公开年报</td></tr><tr><td>"
        f"<div class='article'><h1 class='title'>{_esc(title)}</h1>"
        f"{info}<div class='content' id='zoom'>{body}</div>"
        "<div style='display:none' class='share-box'>分享到微信 2 3 4</div>"
        "<div class='share'>分享到：<a>微信</a> <a>微博</a></div>"
        "<div class='print'><a>【打印本页】</a> <a>【关闭窗口】</a></div></div>"
        "</td></tr></table></td></tr></table>"
        "<div class='links'><select><option>国务院部门网站</option><option>省政府网站</option></select></div>"
        "<div class='footer'><table align='center'><tr><td>主办单位：政府办公室</td><td>联系电话</td>"
        "<td>0453-6231234</td></tr><tr><td>网站标识码</td><td>2310050001</td><td>黑ICP备05002453号</td></tr>"
        "<tr><td>黑公网安备</td><td>23100502000123</td><td>邮编 157000</td></tr></table>"
        "<p>网站标识码：2310050001　黑ICP备05002453号-1　技术支持：0453-6998888</p></div></body>")


def page(report: Report, style: Style = PLAIN) -> tuple[str, set[str]]:
    """The whole page as text (see :func:`page_bytes` for the bytes), and the cells printed blank."""
    title = "".join(_title_paras(report, style))
    if style.cms:
        body, blank = article(report, style, with_title=False)
        lead = ("" if style.year_first else           # the title split in two: the article's own lines
                "".join(f"<p style='text-align:center'><b>{_esc(t)}</b></p>" for t in _title_paras(report, style)))
        info = _info(report, style)
        if style.info_inside:                         # the date line in the article's own box
            body, info = lead + info + body, ""
        else:
            body = lead + body
        inner = _cms(report, title, body, info)
    else:
        body, blank = article(report, style)
        inner = f"<body lang=ZH-CN style='tab-interval:21.0pt'>\r\n{body}\r\n</body>"
    ns = (" xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\""
          " xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\""
          if style.word else "")
    doctype = "" if style.word else "<!DOCTYPE html>"
    return f"{doctype}<html{ns}>{_head(style, title + ' - 门户网站')}{inner}</html>", blank


def page_bytes(report: Report, style: Style = PLAIN) -> tuple[bytes, set[str]]:
    """The page as a site serves it: UTF-8, or GBK with the characters GBK lacks as &#…; (as
    sites write them)."""
    markup, blank = page(report, style)
    if style.encoding == "gbk":
        return markup.encode("gbk", errors="xmlcharrefreplace"), blank
    return markup.encode("utf-8"), blank


def shown(report: Report, style: Style = PLAIN) -> set[str]:
    """The cells the page's tables print (a number or a blank): not those of a table printed as a
    picture or not at all, nor of rows cut off."""
    out = set()
    for sid, tab in report.ed.tables.items():
        if sid in style.pictures or sid in style.omitted:
            continue
        grid, height = layout(report, sid, style)
        out |= {g.cell for g in grid if g.kind == "value" and g.row < height}
    return out


def expected_values(report: Report, blank: set[str], style: Style = PLAIN) -> dict:
    """What the page prints: every value of a cell it shows, but those left blank."""
    cells = shown(report, style)
    return {c: v for c, v in report.values.items() if c in cells and c not in blank}
