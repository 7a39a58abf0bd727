"""PDF: a published report's lines of text and its ruled tables (pdfplumber).

A hostile PDF can make the parser spin or eat memory, and nothing bounds pdfplumber from inside:
a PDF is read only in the worker's child process (``core.worker``), stopped after PDF_SECONDS
or at its memory limit. The registry says so (``isolated``, ``seconds=time_limit``).
"""

from __future__ import annotations

from pathlib import Path

from . import narrative as N
from .limits import SourceError, check_size
from .result import ImportResult, assemble
from .tables import Grid

MAX_PDF_PAGES = 40                           # a report is rarely over 15 pages
PDF_SECONDS = 5                              # no PDF keeps a clerk waiting longer
MAX_PAGE_CONTENT = 600 * 1024                # a real page's drawing instructions: tens of kB


def time_limit() -> float:
    """The child's time limit for a PDF: PDF_SECONDS, read at each call (changing it takes effect)."""
    return PDF_SECONDS


SCAN_IMAGE_SHARE = 0.5     # a page that is mostly picture…
SCAN_TEXT_CHARS = 40       # …with less text than a line (a page number, a site's stamp) is a scanned page
SCAN_MESSAGE = "此PDF为扫描件（页面是图片，没有可读取的文字），无法导入；请使用Word版或网页版，或在程序中手工填写"


def pdf_worker(path: str) -> tuple[str, object]:
    """Runs in the child process: ("ok", (lines, grids, where, scanned)) or ("error", message);
    ``scanned``: the numbers of the pages that are pictures (scanned) with next to no text."""
    try:
        import pdfplumber

        lines: list[str] = []
        grids: list[Grid] = []
        where: list[str] = []
        scanned: list[int] = []
        blank = 0                                   # pages with neither text nor pictures
        chars = 0
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                return "error", f"PDF 共 {len(pdf.pages)} 页，不像是一份年度报告（最多 {MAX_PDF_PAGES} 页），未读取"
            for n, page in enumerate(pdf.pages, start=1):
                if _content_bytes(page) > MAX_PAGE_CONTENT:
                    return "error", f"PDF 第 {n} 页的内容异常庞大，不像是一份年度报告，未读取"
                text = page.extract_text() or ""
                chars += len(text.strip())
                if len("".join(text.split())) < SCAN_TEXT_CHARS:
                    share = _image_share(page)
                    if share >= SCAN_IMAGE_SHARE:
                        scanned.append(n)
                    elif share == 0:
                        blank += 1
                lines.extend(text.splitlines())
                for t in page.extract_tables():
                    grids.append([[c for c in row] for row in t])
                    where.append(f"第{n}页表格")
        if chars == 0 or (scanned and len(scanned) + blank == len(pdf.pages) and not grids):
            return "error", SCAN_MESSAGE
        return "ok", (lines, grids, where, scanned)
    except Exception as e:  # reported to the parent as a message
        name = type(e).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(e).lower():
            return "error", "PDF 有密码保护，无法读取；请先去除密码"
        return "error", f"PDF 无法解析（{name}），文件可能已损坏"



def _image_share(page) -> float:
    """How much of the page its pictures cover (their boxes clipped to the page; overlaps
    counted twice, which only matters for pages that are pictures anyway)."""
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images[:200]:
        w = min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0)
        h = min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0)
        if w > 0 and h > 0:
            covered += w * h
    return covered / area


def _content_bytes(page) -> int:
    """Size of a page's content streams as stored (laying out a huge one takes forever)."""
    from pdfminer.pdftypes import resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for s in streams:
        s = resolve1(s)
        raw = getattr(s, "rawdata", None)
        if raw is None:
            raw = getattr(s, "data", None) or b""
        total += len(raw)
    return total


def read_here(path: Path) -> tuple[list[str], list[Grid], list[str], list[int]]:
    """:func:`pdf_worker` in this process: its lines, grids, where each table is and its scanned pages, or its
    message as a SourceError naming the file. What the child's ``pdf`` job answers, and what
    :func:`read_pdf` gives when it runs in the child already."""
    status, payload = pdf_worker(str(path))
    if status == "error":
        raise SourceError(f"{path.name}：{payload}")
    lines, grids, where, scanned = payload
    return lines, grids, where, scanned


def read_pdf(path: Path, seconds: float | None = None) -> tuple[list[str], list[Grid], list[str], list[int]]:
    """Lines of text, the ruled tables of a PDF, and the numbers of its scanned pages.

    A hostile PDF can make a parser spin or eat memory, so it is read in a child process
    (``core.worker``) that is stopped after ``seconds`` (default: PDF_SECONDS, read now) or at its
    memory limit. When this runs in such a child already (``read_path`` put the whole read
    there), it reads right here.
    """
    from .. import worker

    check_size(path)
    with open(path, "rb") as f:
        if b"%PDF" not in f.read(1024):
            raise SourceError(f"{path.name} 不是 PDF 文件")
    if worker.in_child():
        return read_here(path)
    r = worker.read_in_child("pdf", path, kind="pdf", seconds=seconds)
    return r["lines"], r["grids"], r["where"], r.get("scanned", [])


def read(path: Path) -> ImportResult:
    """A published PDF as a report (the registry's reader for .pdf). Pages that are scanned
    pictures are named: as the reason when nothing could be read, as a problem otherwise (the
    tables on them were not read)."""
    lines, grids, where, scanned = read_pdf(path)
    pages = "、".join(f"第{n}页" for n in scanned[:20]) + ("等" if len(scanned) > 20 else "")
    try:
        result = assemble(N.join_lines(lines), grids, where, "pdf", path.name)
    except SourceError:
        if scanned:
            raise SourceError(f"{path.name}：{pages}是扫描的图片，没有可读取的文字，"
                              f"其中的表格无法读取；请使用Word版或网页版，或在程序中手工填写") from None
        raise
    if scanned:
        result.problems.append(f"{pages}是扫描的图片，其中的文字和表格无法读取，请对照原件手工填写")
    return result
