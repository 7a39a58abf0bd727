"""Scanned PDFs (issue 14, item 4): a PDF whose pages are pictures says it is a scan — also when
a page number or a site's stamp is the only text on it — and a PDF with some scanned pages names
them instead of only saying that no table was found.

The PDFs are made as offices make them: a Word document of pictures (a scanner's pages), with a
page number in the footer, printed to PDF by LibreOffice.
"""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from govreport_gui.core import native
from govreport_gui.core.importers import SourceError, office, read_path

from conftest import DEMO


def png(path: Path, width: int = 400, height: int = 560) -> Path:
    """A grey page as a scanner gives it (a PNG written by hand: no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes([200 + (x * y) % 40 for x in range(width)]) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def to_pdf(document: docx.Document, path: Path) -> Path:
    src = path.with_suffix(".docx")
    document.save(src)
    soffice = office.converter()                      # LibreOffice: installed by setup.sh --test
    subprocess.run([*soffice, f"-env:UserInstallation={(path.parent / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(path.parent), str(src)],
                   check=True, capture_output=True, timeout=120)
    assert path.is_file()
    return path


def scanned_pages(document: docx.Document, picture: Path, pages: int) -> None:
    section = document.sections[-1]
    section.footer.paragraphs[0].text = "— 1 —"                     # the page number: the only text
    for k in range(pages):
        document.add_picture(str(picture), width=Mm(160), height=Mm(225))     # one a page


def test_a_pdf_of_scanned_pages_says_it_is_a_scan(tmp_path):
    document = docx.Document()
    scanned_pages(document, png(tmp_path / "page.png"), 3)
    pdf = to_pdf(document, tmp_path / "扫描版年报.pdf")
    with pytest.raises(SourceError) as e:
        read_path(pdf)
    assert "扫描件" in str(e.value) and "扫描版年报.pdf" in str(e.value)
    assert "没有找到" not in str(e.value)


def test_scanned_pages_after_pages_of_text_are_named(tmp_path):
    """The title and the narrative typed, the tables scanned and pasted in as pictures."""
    demo = native.load(DEMO)
    document = docx.Document()
    document.add_paragraph(f"{demo.year}年{demo.issuer}政府信息公开工作年度报告")
    for s in demo.ed.sections:
        if s.kind != "table":
            document.add_paragraph(s.heading)
            document.add_paragraph(demo.text.get(s.text, "").splitlines()[0])
    document.add_page_break()
    scanned_pages(document, png(tmp_path / "page.png"), 2)
    res = read_path(to_pdf(document, tmp_path / "年报.pdf"))
    assert res.report.issuer == demo.issuer and res.report.year == demo.year
    scans = [p for p in res.problems if "扫描的图片" in p]
    assert len(scans) == 1 and scans[0].startswith("第2页、第3页是扫描的图片"), res.problems
    assert not res.report.values
