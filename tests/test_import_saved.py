"""Pages saved by a browser or by Word (issue 14, item 2): one-file .mht/.mhtml in the ways
Chrome/Edge (Blink, quoted-printable UTF-8), Word (单个文件网页, quoted-printable GB2312) and
IE/360 (base64) write them, and .htm saved with its ``_files`` folder — including a page whose
report is shown in a frame saved in that folder. And what a saved page may not be.

The pages are built from the demo's figures in the style of a real published page
(tests/test_import_html.py's builder); the MIME around them by fuzzing.seeds.mht_of.
"""

from __future__ import annotations

import time

import pytest

from fuzzing.seeds import MHT_STYLES, mht_of
from govreport_gui.core import native
from govreport_gui.core.importers import SourceError, read_path

from conftest import DEMO
from test_import_html import page


@pytest.fixture(scope="module")
def demo():
    return native.load(DEMO)


def assert_read_whole(res, demo, blank):
    got = res.report
    assert res.problems == []
    assert (got.edition, got.year, got.issuer) == (demo.edition, demo.year, demo.issuer)
    printed = {c: v for c, v in demo.values.items() if c not in blank}
    assert {c: got.values.get(c) for c in printed} == printed       # every printed number in its cell
    assert all(got.values.get(c) is None for c in blank)             # blank cells blank, never 0
    assert got.text["s5"].strip() == demo.text["s5"].strip()


@pytest.mark.parametrize("style", MHT_STYLES)
@pytest.mark.parametrize("suffix", [".mht", ".mhtml"])
def test_a_page_saved_as_one_file_reads_cell_for_cell(tmp_path, demo, style, suffix):
    markup, blank = page(demo)
    if style == "word":                                   # Word's page says its charset in a meta
        markup = markup.replace("charset='utf-8'", "charset='gb2312'")
    p = tmp_path / f"2024年报{suffix}"
    p.write_bytes(mht_of(markup, style, images=3))
    res = read_path(p)
    assert res.kind == "mht"
    assert_read_whole(res, demo, blank)


def test_a_one_file_page_saved_under_htm_or_doc_like_names_is_still_read(tmp_path, demo):
    """Word saves a 单个文件网页 that people rename .htm; it is read as what it is."""
    markup, blank = page(demo)
    p = tmp_path / "年报.htm"
    p.write_bytes(mht_of(markup, "word"))
    assert_read_whole(read_path(p), demo, blank)


def test_a_plain_page_saved_under_mht_is_read_as_a_page(tmp_path, demo):
    markup, blank = page(demo)
    p = tmp_path / "年报.mht"
    p.write_text(markup, encoding="utf-8")
    assert_read_whole(read_path(p), demo, blank)


def test_a_report_shown_in_a_frame_of_the_saved_page_is_read(tmp_path, demo):
    """A site's document viewer: the page holds only the frame; Blink saves the framed page as a
    part of the .mht."""
    markup, blank = page(demo)
    outer = ("<html><head><meta charset='utf-8'></head><body><div class='nav'>首页 | 政务公开</div>"
             "<iframe src='cid:frame-0@mhtml.blink'></iframe><div>网站标识码 1234567890</div></body></html>")
    p = tmp_path / "年报.mht"
    p.write_bytes(mht_of(outer, "chrome", frames=[markup]))
    assert_read_whole(read_path(p), demo, blank)


def test_a_page_saved_with_its_files_folder_reads_and_its_frame_is_found(tmp_path, demo):
    markup, blank = page(demo)
    folder = tmp_path / "年度报告_files"
    folder.mkdir()
    (folder / "filelist.xml").write_text("<xml><o:MainFile HRef='../年度报告.htm'/></xml>", encoding="utf-8")
    (folder / "image001.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "content.html").write_text(markup, encoding="utf-8")
    # "网页，全部": the page shows the report in a frame saved in the folder
    outer = tmp_path / "年度报告.htm"
    outer.write_text("<html><head><meta charset='utf-8'><link rel=stylesheet href='年度报告_files/a.css'></head>"
                     "<body><div>首页</div><iframe src='%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A_files/content.html'>"
                     "</iframe></body></html>", encoding="utf-8")
    assert_read_whole(read_path(outer), demo, blank)
    # Word's "网页" (.htm + _files): the page itself holds the report; its folder changes nothing
    word = tmp_path / "年报.htm"
    word.write_text(markup.replace("<body>", "<body><img src='年度报告_files/image001.png'>"), encoding="utf-8")
    assert_read_whole(read_path(word), demo, blank)


def test_a_frame_outside_the_pages_folder_is_never_read(tmp_path, demo):
    markup, _ = page(demo)
    (tmp_path / "secret.html").write_text(markup, encoding="utf-8")       # beside the folder, not in it
    home = tmp_path / "saved"
    home.mkdir()
    outer = home / "年报.htm"
    outer.write_text("<html><body><h1>2024年云泽市人民政府政府信息公开工作年度报告</h1>"
                     "<iframe src='../secret.html'></iframe><iframe src='/etc/passwd'></iframe>"
                     "<iframe src='http://example.com/x.html'></iframe></body></html>", encoding="utf-8")
    with pytest.raises(SourceError, match="没有找到"):
        read_path(outer)


# -- what a saved page may not be -----------------------------------------------------------


def test_49_mb_of_base64_is_refused_at_once_and_named(tmp_path):
    p = tmp_path / "大.mht"
    body = b"PGh0bWw+" * (49 * 1024 * 1024 // 8 - 64)
    p.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                  b"Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + b"\r\n--b--\r\n")
    t0 = time.process_time()
    with pytest.raises(SourceError, match=r"大\.mht 中的网页有 37 MB.*最多 16 MB"):
        read_path(p)
    assert time.process_time() - t0 < 2        # measured, not decoded (CPU time: no race with the clock)


def test_a_page_of_100000_nested_tags_inside_an_mht_is_refused(tmp_path):
    p = tmp_path / "深.mht"
    p.write_bytes(mht_of("<html><body>" + "<div>" * 100_000 + "</body></html>", "chrome"))
    with pytest.raises(SourceError, match="标记"):
        read_path(p)


@pytest.mark.parametrize("data, words", [
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n--b\r\n\r\n<html></html>", "缺少分隔标记"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\nno parts", "找不到内容部件"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\n"
     b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--b--", "只有图片"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n"
     + b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 6000 + b"--b--", "部件超过"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n" + b"X-A: b\r\n" * 10000, "头信息"),
    (b"MIME-Version: 1.0\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4", "不是保存的网页"),
    (b"\x00\x01garbage", "不是有效的 .mht"),
])
def test_a_broken_mht_gets_a_chinese_message(tmp_path, data, words):
    p = tmp_path / "坏.mht"
    p.write_bytes(data)
    with pytest.raises(SourceError, match=words) as e:
        read_path(p)
    assert "坏.mht" in str(e.value)
