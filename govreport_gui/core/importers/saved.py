"""Pages saved by a browser or by Word: one-file ``.mht``/``.mhtml`` (MIME), and ``.html``/``.htm``
with the ``_files`` folder beside it.

A browser (Chrome, Edge, 360) or Word ("单个文件网页") saves a page as one MIME file: a
``multipart/related`` message whose first ``text/html`` part is the page, in quoted-printable or
base64, followed by its pictures, style sheets and frames. "网页，全部" saves the page as an
``.htm`` and its parts in a folder ``<name>_files``. Either way the page itself is read by
html.py; what is read here is the MIME around it and the page's frames: when the page holds no
table of the report but shows another page in a frame (``<iframe>``/``<frame>`` — a site's
document viewer), the framed pages saved with it are read as part of it.

The MIME is cut at its boundaries with ``bytes.find`` (linear; the stdlib's email parser reads
line by line and keeps every part in memory); only the headers of each part are parsed. A page
part is decoded only if what it decodes to stays within MAX_PAGE_BYTES (measured before
decoding: base64 is 4 bytes for 3), so a 49 MB base64 part is refused in milliseconds.
"""

from __future__ import annotations

import binascii
import email.parser
import email.policy
from pathlib import Path

from . import html
from .limits import SourceError, check_size
from .result import ImportResult
from .text import MAX_HTML_TAGS, decode

MAX_PARTS = 5000                        # a saved page with its pictures and scripts: tens to hundreds
MAX_HEADER_BYTES = 64 * 1024            # the headers of one part (a few hundred bytes)
MAX_PAGE_BYTES = 16 * 1024 * 1024       # one page decoded (a report's page: 50 kB–2 MB, Word's up to ~5 MB)
MAX_FRAMES = 10                         # framed pages read with the page (a report's viewer: 1)
_PAGE_SUFFIXES = {".htm", ".html", ".shtml", ".xhtml", ".mht", ".mhtml"}


class Part:
    """One part of a MIME file: its headers, and where its (still encoded) body lies in the file;
    the body is sliced out only when it is decoded."""

    def __init__(self, headers, data: bytes, start: int, end: int) -> None:
        self.headers, self._data, self._span = headers, data, (start, end)

    @property
    def body(self) -> bytes:
        return self._data[self._span[0]:self._span[1]]

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    @property
    def location(self) -> str:
        return str(self.headers.get("Content-Location", "") or "").strip()

    @property
    def content_id(self) -> str:
        return str(self.headers.get("Content-ID", "") or "").strip().strip("<>")


def read_mht(path: Path) -> ImportResult:
    """A page saved as one file (.mht, .mhtml), as a report (the registry's reader)."""
    check_size(path)
    return _read_saved(path, path.read_bytes())


def read_page(path: Path) -> ImportResult:
    """A page saved as .html/.htm (with its ``_files`` folder, if any), as a report."""
    check_size(path)
    return _read_saved(path, path.read_bytes())


def _read_saved(path: Path, data: bytes) -> ImportResult:
    """The file's bytes, read once, as what they are whatever the suffix says: a MIME page (a
    .mht, or Word's single-file page renamed .htm) or a page (a plain page saved under .mht)."""
    saved_as_mht = path.suffix.lower() in (".mht", ".mhtml")
    if _looks_like_mime(data) or (saved_as_mht and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<"):
        pages = mht_pages(data, path.name)
        result = _read_pages(pages[0], pages[1:], path.name)
        result.kind = "mht"
        return result
    main = decode(data, path.name)
    return _read_pages(main, lambda: _frame_files(main, path), path.name)


def _read_pages(main: str, frames, name: str) -> ImportResult:
    """The main page; if it holds no figures, the page with its frames' bodies put in."""
    try:
        result = html.read_markup(main, name)
    except SourceError as e:
        result, error = None, e
    else:
        error = None
        if result.report.values:
            return result
    framed = frames() if callable(frames) else frames
    if framed:
        joined = _joined(main, framed[:MAX_FRAMES])
        try:
            with_frames = html.read_markup(joined, name)
        except SourceError:
            with_frames = None
        if with_frames is not None and (result is None or len(with_frames.report.values) > len(result.report.values)):
            return with_frames
    if result is None:
        raise error
    return result


def _joined(main: str, frames: list[str]) -> str:
    """The main page with the body of each framed page appended to its body."""
    import lxml.html

    bodies = []
    for markup in frames:
        if markup.count("<") > MAX_HTML_TAGS:
            continue                                  # html.read_markup would refuse it; the page is read without it
        root = lxml.html.document_fromstring(markup.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", no_network=True))
        body = root.find("body")
        if body is not None:
            bodies.append("".join(lxml.html.tostring(c, encoding="unicode") for c in body)
                          + (body.text or ""))
    inner = "".join(f"<div>{b}</div>" for b in bodies)
    end = main.lower().rfind("</body>")
    return main[:end] + inner + main[end:] if end >= 0 else main + inner


# -- .htm with its folder ----------------------------------------------------------------------


def _frame_files(markup: str, path: Path) -> list[str]:
    """The pages the page shows in frames, saved beside it (in its folder or the ``_files``
    folder below it): never a file outside the page's own folder, at most MAX_FRAMES."""
    if markup.count("<") > MAX_HTML_TAGS:
        return []
    import urllib.parse

    import lxml.html

    root = lxml.html.document_fromstring(markup.encode("utf-8"),
                                         parser=lxml.html.HTMLParser(encoding="utf-8", no_network=True))
    home = path.parent.resolve()
    pages: list[str] = []
    for el in root.iter("iframe", "frame"):
        src = urllib.parse.unquote((el.get("src") or "").split("#")[0].split("?")[0]).strip()
        if not src or "://" in src or src.startswith(("/", "\\", "data:", "javascript:", "about:")):
            continue
        try:
            target = (path.parent / src).resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if home not in target.parents or target.suffix.lower() not in _PAGE_SUFFIXES or not target.is_file():
            continue
        try:
            check_size(target)
            data = target.read_bytes()
            pages.append(mht_pages(data, target.name)[0] if _looks_like_mime(data) else decode(data, target.name))
        except (SourceError, OSError):
            continue                                 # a frame that cannot be read: the page without it
        if len(pages) >= MAX_FRAMES:
            break
    return pages


# -- MIME ----------------------------------------------------------------------------------------


def _looks_like_mime(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return b"mime-version:" in head and b"multipart/" in head and not head.startswith(b"<")


def mht_pages(data: bytes, name: str) -> list[str]:
    """The pages of a saved MIME page, decoded: the page first, then the frames saved with it."""
    headers, begin = _headers_at(data, 0, name)
    if headers.get_content_maintype() != "multipart":
        if headers.get_content_type() == "text/html" or not headers.get_content_type():
            return [_decode_part(Part(headers, data, begin, len(data)), name)]
        raise SourceError(f"{name} 不是保存的网页（MIME 内容为 {headers.get_content_type()}），未读取")
    boundary = headers.get_param("boundary")
    if not boundary or not isinstance(boundary, str):
        raise SourceError(f"{name} 不是有效的 .mht 网页文件（缺少分隔标记），未读取")
    parts = _parts(data, begin, boundary.encode("latin-1", "replace"), name)
    pages = [p for p in parts if p.content_type in ("text/html", "application/xhtml+xml")]
    if not pages:
        if any(p.content_type.startswith("image/") for p in parts):
            raise SourceError(f"{name} 中只有图片，没有网页文字，无法读取其中的表格；请使用Word或PDF版")
        raise SourceError(f"{name} 中没有网页内容，未读取")
    start = str(headers.get_param("start") or "").strip("<>")
    where = str(headers.get("Snapshot-Content-Location", "") or "").strip()
    first = next((p for p in pages if (start and p.content_id == start) or (where and p.location == where)), pages[0])
    ordered = [first] + [p for p in pages if p is not first][:MAX_FRAMES]
    return [_decode_part(p, name) for p in ordered]


_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def _headers_at(data: bytes, start: int, name: str, end: int | None = None):
    """The headers from ``start`` to the first blank line, parsed, and where the body begins.
    Nothing is copied but the headers."""
    end = len(data) if end is None else end
    if data.startswith(b"\r\n", start) or data.startswith(b"\n", start):     # a part with no headers
        return _PARSER.parsebytes(b"\n"), start + (2 if data.startswith(b"\r\n", start) else 1)
    stop = min(end, start + MAX_HEADER_BYTES)
    cut = [i for i in (data.find(b"\r\n\r\n", start, stop), data.find(b"\n\n", start, stop)) if i >= 0]
    if not cut:
        raise SourceError(f"{name} 不是有效的 .mht 网页文件（找不到头信息，或头信息过长），未读取")
    at = min(cut)
    sep = 4 if data.startswith(b"\r\n\r\n", at) else 2
    return _PARSER.parsebytes(data[start:at] + b"\n\n"), at + sep


def _parts(data: bytes, begin: int, boundary: bytes, name: str) -> list[Part]:
    """The parts between the boundaries (``--boundary`` at a line's start; ``--boundary--`` ends)."""
    delimiter = b"--" + boundary
    parts: list[Part] = []
    pos = data.find(delimiter, begin)
    while pos >= 0:
        line_end = data.find(b"\n", pos)
        if line_end < 0 or data.startswith(b"--", pos + len(delimiter)):
            break                                          # the closing delimiter
        nxt = data.find(b"\n" + delimiter, line_end)
        end = nxt if nxt >= 0 else len(data)
        if end > line_end + 1 and data[end - 1:end] == b"\r":
            end -= 1
        if len(parts) >= MAX_PARTS:
            raise SourceError(f"{name} 中的部件超过 {MAX_PARTS} 个，不像是保存的年度报告网页，未读取")
        headers, body_start = _headers_at(data, line_end + 1, name, end)
        parts.append(Part(headers, data, min(body_start, end), end))
        pos = nxt + 1 if nxt >= 0 else -1
    if not parts:
        raise SourceError(f"{name} 不是有效的 .mht 网页文件（找不到内容部件），未读取")
    return parts


def _decode_part(part: Part, name: str) -> str:
    """A page part as text: its transfer encoding undone (measured first), then its charset."""
    encoding = str(part.headers.get("Content-Transfer-Encoding", "") or "").strip().lower()
    body = part.body
    size = len(body) * 3 // 4 if encoding == "base64" else len(body)
    if size > MAX_PAGE_BYTES:
        raise SourceError(f"{name} 中的网页有 {size / 1024 / 1024:.0f} MB，不像是一份年度报告的网页"
                          f"（最多 {MAX_PAGE_BYTES // 1024 // 1024} MB），未读取")
    try:
        if encoding == "base64":
            body = binascii.a2b_base64(body)
        elif encoding == "quoted-printable":
            body = binascii.a2b_qp(body)
    except (binascii.Error, ValueError):
        raise SourceError(f"{name} 中的网页编码已损坏（{encoding}），无法读取") from None
    charset = str(part.headers.get_content_charset() or "").lower()
    if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
        charset = "gb18030"
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass                                     # a wrong or unknown charset: the bytes tell
    return decode(body, name)
