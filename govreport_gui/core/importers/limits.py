"""What every reader checks before it parses: the error they raise, the size of a source, what
kind of file it is (a FIFO, a device), a zip package's contents, and the limits all formats share.

Hostile files are expected: sizes, zip contents, pages and time are limited before the real
parsing starts, and every failure is a Chinese message. Each format's own limits are in its
module (docx.py, xlsx.py, pdf.py, text.py); which module reads which file, and in which process,
is said in registry.py.

A limit is read when it is used (``L.MAX_TABLE_ROWS``), so changing it here takes effect.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import Callable

from ..errors import GovReportError

MAX_SOURCE_BYTES = 50 * 1024 * 1024          # a published report is a few MB at most
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024       # all parts of a .docx/.xlsx, uncompressed
MAX_ZIP_RATIO = 200                          # a zip bomb compresses far better than any document
MAX_ZIP_ENTRIES = 5000
MAX_SHEET_ROWS, MAX_SHEET_COLS = 2000, 60    # the rows (Excel) and cells of a row (Word, Excel, text) read
MAX_TABLE_ROWS = 1500                        # all tables of a source together (the official ones: ~60 rows)
MAX_PARAGRAPHS = 20_000
# A prefix (or a name without one) of over 48 characters (xmlcount.count_tags counts them): no
# Office program writes one
MAX_LONG_NAMES = 1000


class SourceError(GovReportError):
    """A source could not be read; nothing was imported."""


def plain_reason(e: Exception) -> str:
    """A reader's exception in words a clerk can pass on."""
    name = type(e).__name__
    if "XML" in name or "Entit" in name or "DTD" in name:
        return "XML 无法解析或含有不允许的实体定义"
    if "Zip" in name:
        return "压缩包已损坏"
    if "Key" in name:
        return "缺少必要的部件"
    return name


def check_size(path: Path) -> int:
    """The size of a source that is a regular file, refused before it is opened: a missing
    file, a folder, a pipe or a device (opening a FIFO waits for a writer for ever), an
    empty file or one over MAX_SOURCE_BYTES."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError(f"找不到文件 {path}") from None
    except OSError as e:
        raise SourceError(f"无法读取 {path.name}：{e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{path} 是文件夹，不是报告文件")
    refuse_special(path, st)
    size = st.st_size
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path.name} 过大（{size / 1024 / 1024:.0f} MB），不像是一份年度报告，未读取")
    if size == 0:
        raise SourceError(f"{path.name} 是空文件")
    return size


def refuse_special(path: Path, st: os.stat_result | None = None) -> None:
    """Refuse a path that exists and is neither a regular file nor a folder (a FIFO, a socket,
    a device), before anything opens it: opening a FIFO blocks until someone writes to it."""
    if st is None:
        try:
            st = os.stat(path)
        except OSError:
            return                       # missing or unreadable: the reader says so
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        raise SourceError(f"{Path(path).name} 不是普通文件（是管道、设备或套接字），未读取")


def too_many_table_rows(name: str, n: int | None = None) -> SourceError:
    """The refusal of a source whose tables have over MAX_TABLE_ROWS rows in all (``n`` None:
    reading stopped at the limit)."""
    count = f"超过 {MAX_TABLE_ROWS}" if n is None else str(n)
    return SourceError(f"{name} 的表格共有 {count} 行，不像是一份年度报告（官方格式不到 100 行），未读取")


def check_zip(path: Path, kind: str, parts: Callable[[str, zipfile.ZipFile], None] | None = None) -> None:
    """A .docx/.xlsx is a zip: refuse one that is not, or one that would unpack to far too much.
    ``parts(name, zip)``: the format's own look at its parts (docx.check_parts, xlsx.check_parts),
    with the zip open, before anything parses them."""
    broken = SourceError(f"{path.name} 不是有效的 .{kind} 文件（文件已损坏或并非此格式）")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise SourceError(f"{path.name} 内部文件过多，不像是一份年度报告，未读取")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO and total > 10 * 1024 * 1024:
                raise SourceError(f"{path.name} 解压后过大（异常压缩的文件），未读取")
            if parts is not None:
                parts(path.name, z)
    except zipfile.BadZipFile:
        if path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
            raise SourceError(f"{path.name} 是加密的或旧版（.doc/.xls）文件，请在 Word/Excel 中另存为 .{kind} 后再导入") from None
        raise broken from None
    except (OSError, EOFError, RuntimeError, ValueError, NotImplementedError):   # a part that will not unpack
        raise broken from None
