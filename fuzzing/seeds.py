"""Seeds, mutators and the one-case runner shared by tests/test_fuzz.py and tools/fuzz.py.

Every reader of outside input is fed mutated real inputs:

- ``govreport``: the demo ``.govreport`` (bytes) → ``native.loads``; JSON-aware mutations
  (a value replaced by a random JSON value, keys deleted/duplicated/renamed, deep nesting)
  and byte mutations.
- ``docx`` / ``xlsx``: the demo exported by our own exporters → ``read_path``; most cases are
  structure-aware (unzip, mutate one XML part's text, re-zip), some are byte mutations.
- ``pdf``: the demo's .docx converted by LibreOffice, rewritten with decoded streams and a
  fresh cross-reference table (so that mutations reach the page contents and the fonts'
  character maps instead of breaking the compression) → ``read_path`` with the PDF child
  process's code run in this process (see :func:`pdf_in_process`).
- ``text``: a page copy (title, narrative lines, section 三 tab-separated) and a block of
  numbers → ``read_text``, the grid paste (``parse_tsv`` + ``plan_paste``), ``values.parse``
  and, now and then, ``read_path`` of a ``.txt``/``.html`` file.

A case is a 64-bit integer: ``random.Random(case)`` drives every choice, so a case number
reproduces its input exactly (``python -m tools.fuzz --reader docx --replay CASE``, from the
repository's root).

A case passes when the reader returns, or raises a :class:`GovReportError` whose message
contains a Chinese character, within :data:`LIMIT_SECONDS`; every problem an import result
lists must be Chinese too. Anything else raised is a crash, over the time limit a hang.
"""

from __future__ import annotations

import contextlib
import functools
import os
import io
import json
import random
import re
try:
    import resource            # POSIX only: the address-space cap of memory_limit
except ImportError:           # Windows: the tests that need it are marked posix (tests/conftest.py)
    resource = None
import shutil
import signal
import subprocess
import time
import traceback
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo" / "demo.govreport"
READERS = ("govreport", "docx", "xlsx", "pdf", "text", "html", "mht", "ledger")
LIMIT_SECONDS = 5.0
HARD_SECONDS = 40.0            # a case the alarm cannot stop: its worker process is killed
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SUFFIX = {"govreport": ".govreport", "docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "text": ".txt", "html": ".html", "mht": ".mht",
          "ledger": ".xlsx"}


# ------------------------------------------------------------------------------------------
# time and memory limits


class Hang(BaseException):
    """Raised by the alarm. A BaseException, so that a reader's ``except Exception`` cannot
    swallow it and turn a hang into an ordinary refusal."""


@contextlib.contextmanager
def time_limit(seconds: float = LIMIT_SECONDS):
    """Raise :class:`Hang` in the main thread once ``seconds`` have passed."""

    def on_alarm(signum, frame):
        raise Hang(f"over {seconds:g} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


MEMORY_EXTRA = 3 * 1024**3


def cap_memory(extra_bytes: int = MEMORY_EXTRA) -> tuple[int, int] | None:
    """Cap the address space at what is mapped now plus ``extra_bytes``, so that a reader
    asked to allocate gigabytes gets a MemoryError instead of the machine's memory.
    Returns the limits to restore, or None if nothing was changed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None
    cap = mapped + extra_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        return None
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return soft, hard


@contextlib.contextmanager
def memory_limit(extra_bytes: int = MEMORY_EXTRA):
    old = cap_memory(extra_bytes)
    try:
        yield
    finally:
        if old is not None:
            resource.setrlimit(resource.RLIMIT_AS, old)


# ------------------------------------------------------------------------------------------
# seeds


def demo_report():
    from govreport_gui.core import native

    return native.loads(DEMO.read_bytes(), DEMO.name)


def seed_govreport() -> bytes:
    return DEMO.read_bytes()


def seed_docx(report=None) -> bytes:
    from govreport_gui.core.export import docx

    return docx.render(report or demo_report())


def seed_xlsx(report=None) -> bytes:
    from govreport_gui.core.export import xlsx

    return xlsx.render(report or demo_report())


LEDGER_ROWS = [
    (1, "张三", "自然人", "2024-03-05", "某文件", "2024-03-20", "（一）予以公开"),
    (2, "某公司", "法人或其他组织-商业企业", "2023/12/25", "某批复", "2024年1月10日", "不予公开（1.属于国家秘密）"),
    (3, "李四", "自然人", "20241225", "某规划", "", ""),
    (4, "某所", "法律服务机构", "2024.5.6", "", "2024-05-30", "不予处理：2、重复申请"),
]


def seed_ledgers(report=None) -> tuple[bytes, str]:
    """A register (台账): the blank register the program writes, filled with a few rows in the
    ways offices write them (xlsx), and the same rows as CSV text."""
    import io

    from openpyxl import load_workbook

    from govreport_gui.core.export import ledger_template

    report = report or demo_report()
    wb = load_workbook(io.BytesIO(ledger_template.workbook_bytes(report.ed)))
    ws = wb["申请登记台账"]
    for i, row in enumerate(LEDGER_ROWS, start=3):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    ws.merge_cells("C5:C6")
    buf = io.BytesIO()
    wb.save(buf)
    csv = "政府信息公开申请登记台账\n序号,申请人,申请人类型,收到申请日期,申请内容,答复日期,答复类型\n" + "\n".join(
        ",".join(str(v) for v in row) for row in LEDGER_ROWS) + "\n"
    return buf.getvalue(), csv


def seed_pages(report=None) -> list[str]:
    """Web pages of the report: its three tables as printed (rowspan/colspan from the edition),
    in Word's markup with labels split over <p>/<span>, zeros and totals left blank (&nbsp;, /, —),
    inside a site's layout table between navigation and footer; and the same with every cell."""
    import html as H

    report = report or demo_report()

    def table(sid: str, blank: bool) -> str:
        t = report.ed.tables[sid]
        rows: dict[int, list[str]] = {}
        for n, g in enumerate(t.grid):
            span = (f' rowspan="{g.rowspan}"' if g.rowspan > 1 else "") + (f' colspan="{g.colspan}"' if g.colspan > 1 else "")
            if g.kind == "label":
                x = H.escape(g.text)
                inner = f'<p class="MsoNormal"><span>{x[:2]}</span></p><p class="MsoNormal">{x[2:]}<o:p></o:p></p>'
            else:
                v = report.values.get(g.cell)
                inner = ["&nbsp;", "/", "—", ""][n % 4] if blank and (not v or g.cell.endswith(".total")) else str(v)
            rows.setdefault(g.row, []).append(f"<td{span}>{inner}</td>")
        return "<table border=1>" + "".join(f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(t.height)) + "</table>"

    out = []
    for blank in (True, False):
        body = [f"<h1>{report.year}年{H.escape(report.issuer)}政府信息公开工作年度报告</h1>"]
        for sec in report.ed.sections:
            body.append(f"<p><b>{H.escape(sec.heading)}</b></p>")
            body.append(table(sec.id, blank) if sec.kind == "table"
                        else "".join(f"<p>{H.escape(x)}</p>" for x in report.text.get(sec.text, "").splitlines()[:3]))
        out.append("<html><head><meta charset='utf-8'><script>var a='<td>';</script></head><body>"
                   "<div class=nav><a href='/'>首页</a></div><!--[if gte mso 9]><xml></xml><![endif]-->"
                   f"<table><tr><td>栏目</td><td>{''.join(body)}</td></tr></table><div>网站标识码</div></body></html>")
    return out


def make_page(rnd: random.Random, seeds: list[str]) -> tuple[str, str]:
    k = rnd.randrange(len(seeds))
    s, descs = seeds[k], [["page, blanks", "page, every cell"][k]]
    for _ in range(rnd.choice([1, 1, 2, 3, 5])):
        s, d = mutate_str(rnd, s)
        descs.append(d)
    roll = rnd.random()
    if roll < 0.06:                                # a page cut short: its tables and headings gone
        s = s[:rnd.randrange(len(s) // 4 + 1)]
        descs.append("cut short")
    elif roll < 0.09:                              # tag bomb, nesting bomb
        n = rnd.choice([70_000, 5_000, 50_000])
        s = rnd.choice(["<b>", "<div>", "<table><tr><td>"]) * n + s
        descs.append(f"{n} tags before")
    elif roll < 0.11:                              # no table is a table any more
        s = s.replace("<table", "<tabel").replace("</table", "</tabel")
        descs.append("tables renamed")
    return s, "; ".join(descs)


MHT_STYLES = ("chrome", "word", "base64")


def mht_of(markup: str, style: str = "chrome", frames: list[str] = (), images: int = 1) -> bytes:
    """A page saved as one file, as browsers and Word write it: ``chrome`` (Blink: UTF-8,
    quoted-printable, CRLF, ``Snapshot-Content-Location``), ``word`` (Word's 单个文件网页: GB2312,
    quoted-printable, ``----=_NextPart_``), ``base64`` (IE/360: the page in base64). ``frames``:
    pages saved with it as frames (Blink's ``cid:frame-…`` parts); ``images``: picture parts."""
    import base64
    import binascii

    charset = "gb2312" if style == "word" else "utf-8"
    boundary = "----=_NextPart_01DA1234.56789ABC" if style == "word" else "----MultipartBoundary--x7Yz----"
    nl = "\r\n"

    def part(ctype: str, body: bytes, enc: str, loc: str, cid: str = "") -> bytes:
        data = base64.encodebytes(body) if enc == "base64" else binascii.b2a_qp(body)
        head = (f"--{boundary}{nl}Content-Type: {ctype}{nl}" + (f"Content-ID: <{cid}>{nl}" if cid else "")
                + f"Content-Transfer-Encoding: {enc}{nl}Content-Location: {loc}{nl}{nl}")
        return head.encode("ascii") + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + nl.encode()

    page_enc = "base64" if style == "base64" else "quoted-printable"
    main_loc = "https://www.yunze.gov.cn/zwgk/ndbg/2025/t20250120_1.html" if style != "word" else "file:///C:/ndbg.htm"
    out = [("From: <Saved by Blink>" + nl if style == "chrome" else "")
           + (f"Snapshot-Content-Location: {main_loc}{nl}" if style == "chrome" else "")
           + f"Subject: =?utf-8?B?5bm05bqm5oql5ZGK?={nl}MIME-Version: 1.0{nl}"
           + f'Content-Type: multipart/related;{nl}\ttype="text/html";{nl}\tboundary="{boundary}"{nl}{nl}'
           + ("此文档为“单个文件网页”，也称为“Web 档案”文件。" if style == "word" else "") + nl]
    blob = out[0].encode("gb18030" if style == "word" else "utf-8")
    blob += part(f'text/html; charset="{charset}"' if style != "chrome" else "text/html",
                 markup.encode("gb18030" if charset == "gb2312" else "utf-8"), page_enc, main_loc,
                 "frame-main@mhtml.blink" if style == "chrome" else "")
    for k, f in enumerate(frames):
        blob += part("text/html", f.encode("utf-8"), "quoted-printable", f"cid:frame-{k}@mhtml.blink",
                     f"frame-{k}@mhtml.blink")
    for k in range(images):
        blob += part("image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2, "base64", f"https://www.yunze.gov.cn/img/{k}.png")
    if style == "word":
        blob += part('text/xml; charset="utf-8"', b"<xml><o:MainFile HRef='../ndbg.htm'/></xml>", "quoted-printable",
                     "file:///C:/ndbg_files/filelist.xml")
    return blob + f"--{boundary}--{nl}".encode()


def seed_mhts(report=None) -> list[bytes]:
    """The web pages of seed_pages saved as one file in each of MHT_STYLES."""
    pages = seed_pages(report)
    return [mht_of(pages[k % len(pages)], style) for k, style in enumerate(MHT_STYLES)]


def make_mht(rnd: random.Random, seeds: list[bytes]) -> tuple[bytes, str]:
    k = rnd.randrange(len(seeds))
    data, descs = seeds[k], [f"mht {MHT_STYLES[k]}"]
    roll = rnd.random()
    if roll < 0.5:                                # the page inside mutated as text, saved again
        import binascii
        import quopri

        start = data.find(b"\r\n\r\n", data.find(b"Content-Location")) + 4
        end = data.find(b"\r\n--", start)
        enc_b64 = MHT_STYLES[k] == "base64"
        raw = binascii.a2b_base64(data[start:end]) if enc_b64 else quopri.decodestring(data[start:end])
        text = raw.decode("gb18030", "replace")
        for _ in range(rnd.choice([1, 1, 2, 3])):
            text, d = mutate_str(rnd, text)
            descs.append(d)
        raw = text.encode("gb18030" if MHT_STYLES[k] == "word" else "utf-8", "replace")
        body = binascii.b2a_base64(raw) if enc_b64 else binascii.b2a_qp(raw)
        data = data[:start] + body + data[end:]
    else:
        for _ in range(rnd.choice([1, 1, 2, 3])):
            data, d = mutate_bytes(rnd, data)
            descs.append(d)
    roll = rnd.random()
    if roll < 0.04:                               # a page part of megabytes of base64
        data = data.replace(b"Content-Transfer-Encoding: quoted-printable", b"Content-Transfer-Encoding: base64", 1)
        data = data.replace(b"\r\n\r\n<", b"\r\n\r\n" + b"QUFB" * rnd.choice([10, 1_000_000, 5_000_000]) + b"<", 1)
        descs.append("base64 bomb")
    elif roll < 0.07:                             # thousands of parts
        boundary = data[data.find(b"boundary=\"") + 10:].split(b"\"", 1)[0]
        data = data.replace(b"--" + boundary + b"--", (b"--" + boundary + b"\r\nContent-Type: text/plain\r\n\r\nx\r\n")
                            * rnd.choice([100, 6000]) + b"--" + boundary + b"--")
        descs.append("many parts")
    elif roll < 0.09:                             # the boundary lost
        data = data.replace(b"boundary=", b"bondary=", 1)
        descs.append("no boundary")
    return data, "; ".join(descs)


def seed_texts(report=None) -> list[str]:
    """[a web page copy: title, narrative lines, section 三 with tabs; the numbers of
    section 三 alone, as copied from a spreadsheet]."""
    from govreport_gui.core.grid import GridNav

    report = report or demo_report()
    ed = report.ed
    types = {c: cd.type for c, cd in ed.cells.items()}
    t3 = ed.tables["s3"]
    nav = GridNav(t3)
    table = nav.copy_text(0, 0, t3.height - 1, t3.width - 1, report.values, types)
    r0, c0 = nav.first_value()
    numbers = nav.copy_text(r0, c0, t3.height - 1, t3.width - 1, report.values, types) + "\n"
    preface = report.text.get("preface", "")
    s1 = report.text.get("s1", "").splitlines()
    s5 = report.text.get("s5", "").splitlines()
    page = "\n".join([
        f"{report.issuer}{report.year}年政府信息公开工作年度报告",
        "发布日期：2025-01-20　　来源：市政府办公室",
        "",
        preface,
        "一、总体情况",
        *s1[:3],
        "三、收到和处理政府信息公开申请情况",
        table,
        "第 3 页 共 7 页",
        "五、存在的主要问题及改进情况",
        *s5[:2],
    ]) + "\n"
    return [page, numbers]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_pdf(docx_bytes: bytes, workdir: Path, timeout: float = 180) -> bytes:
    """The .docx converted to PDF by LibreOffice (a private profile in ``workdir``)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: the PDF fuzzing needs it")
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "demo.docx"
    src.write_bytes(docx_bytes)
    profile = workdir / "lo-profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
           "--outdir", str(workdir), str(src)]
    done = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    pdf = workdir / "demo.pdf"
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice made no PDF (exit {done.returncode}): {done.stderr[-500:]!r}")
    return pdf.read_bytes()


# -- a PDF as objects: decoded streams, written back with a correct cross-reference table ----


@dataclass
class Stream:
    attrs: dict
    data: bytes


@dataclass(frozen=True)
class Ref:
    objid: int


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Raw:
    """Bytes written as they are (a token that is not a valid value)."""
    text: bytes


class PdfModel:
    def __init__(self, objects: dict[int, object], trailer: dict, version: bytes = b"1.6"):
        self.objects = objects
        self.trailer = trailer
        self.version = version

    def copy(self) -> "PdfModel":
        import copy

        return PdfModel(copy.deepcopy(self.objects), copy.deepcopy(self.trailer), self.version)

    def find(self, typ: str) -> list[int]:
        out = []
        for i, o in self.objects.items():
            d = o.attrs if isinstance(o, Stream) else o
            if isinstance(d, dict) and d.get("Type") == Name(typ):
                out.append(i)
        return out

    def pages(self) -> list[int]:
        root = self.objects[self.trailer["Root"].objid]
        pages = self.objects[root["Pages"].objid]
        return [k.objid for k in pages["Kids"]]

    def single_page(self, k: int) -> "PdfModel":
        m = self.copy()
        root = m.objects[m.trailer["Root"].objid]
        pages = m.objects[root["Pages"].objid]
        pages["Kids"] = [pages["Kids"][k]]
        pages["Count"] = 1
        return m

    def to_bytes(self, xref: bool = True) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-" + self.version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        for i, o in sorted(self.objects.items()):
            offsets[i] = out.tell()
            out.write(b"%d 0 obj\n" % i)
            if isinstance(o, Stream):
                attrs = dict(o.attrs)
                attrs["Length"] = len(o.data)
                out.write(pdf_ser(attrs) + b"\nstream\n" + o.data + b"\nendstream")
            else:
                out.write(pdf_ser(o))
            out.write(b"\nendobj\n")
        size = max(offsets, default=0) + 1
        trailer = dict(self.trailer)
        trailer["Size"] = size
        start = out.tell()
        if xref:
            out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
            for i in range(1, size):
                if i in offsets:
                    out.write(b"%010d 00000 n \n" % offsets[i])
                else:
                    out.write(b"0000000000 65535 f \n")
        out.write(b"trailer\n" + pdf_ser(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % start)
        return out.getvalue()


_NAME_OK = re.compile(rb"[!-~]")


def pdf_ser(o) -> bytes:
    if isinstance(o, Raw):
        return o.text
    if isinstance(o, bool):
        return b"true" if o else b"false"
    if o is None:
        return b"null"
    if isinstance(o, int):
        return b"%d" % o
    if isinstance(o, float):
        if o != o or o in (float("inf"), float("-inf")):
            return b"0"
        s = ("%.6f" % o).rstrip("0").rstrip(".")
        return (s or "0").encode()
    if isinstance(o, Ref):
        return b"%d 0 R" % o.objid
    if isinstance(o, Name):
        raw = o.name.encode("utf-8", "surrogateescape")
        return b"/" + b"".join(bytes([c]) if _NAME_OK.match(bytes([c])) and c not in b"#/()<>[]{}%"
                               else b"#%02X" % c for c in raw)
    if isinstance(o, (bytes, bytearray)):
        return b"<" + bytes(o).hex().upper().encode() + b">"
    if isinstance(o, str):
        return pdf_ser(o.encode("utf-8", "surrogateescape"))
    if isinstance(o, dict):
        return b"<<" + b"".join(pdf_ser(Name(k)) + b" " + pdf_ser(v) for k, v in o.items()) + b">>"
    if isinstance(o, (list, tuple)):
        return b"[" + b" ".join(pdf_ser(v) for v in o) + b"]"
    raise TypeError(type(o).__name__)


def pdf_model(data: bytes) -> PdfModel:
    """Read a (well-formed) PDF with pdfminer into a :class:`PdfModel` with decoded streams."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSKeyword, PSLiteral

    def conv(o):
        if isinstance(o, PDFObjRef):
            return Ref(o.objid)
        if isinstance(o, PSLiteral):
            n = o.name
            return Name(n.decode("latin-1") if isinstance(n, bytes) else n)
        if isinstance(o, PSKeyword):
            return Raw(o.name if isinstance(o.name, bytes) else o.name.encode())
        if isinstance(o, dict):
            return {k: conv(v) for k, v in o.items()}
        if isinstance(o, list):
            return [conv(v) for v in o]
        return o

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    objects: dict[int, object] = {}
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in objects:
                continue
            try:
                o = doc.getobj(objid)
            except Exception:
                continue
            if isinstance(o, PDFStream):
                attrs = {k: conv(v) for k, v in o.attrs.items() if k not in ("Length", "Filter", "DecodeParms")}
                objects[objid] = Stream(attrs, o.get_data())
            else:
                objects[objid] = conv(o)
    trailer = {}
    for xref in doc.xrefs:
        for k, v in xref.get_trailer().items():
            if k in ("Root", "Info"):
                trailer.setdefault(k, conv(v))
    return PdfModel(objects, trailer)


def pdf_seeds(model: PdfModel) -> list[bytes]:
    """[the whole demo, then each page on its own] as written by :meth:`PdfModel.to_bytes`."""
    return [model.to_bytes()] + [model.single_page(k).to_bytes() for k in range(len(model.pages()))]


# ------------------------------------------------------------------------------------------
# generic mutators


INTERESTING_BYTES = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x0D, 0x09, 0x22, 0x27, 0x3C, 0x3E, 0x25, 0x5C]


def long_run(rnd: random.Random, big: int) -> bytes:
    n = rnd.choice([rnd.randint(100, 2000), rnd.randint(2000, 100_000), rnd.randint(100_000, big)])
    kind = rnd.randrange(4)
    if kind == 0:
        return bytes([rnd.choice(INTERESTING_BYTES)]) * n
    if kind == 1:
        return rnd.randbytes(min(n, 200_000))
    unit = rnd.choice([b"A", b"9", b" ", b"\n", b"{", b"[", b"<", b"(", "中".encode(), b"\t0", b"\xef\xbb\xbf"])
    return (unit * (n // len(unit) + 1))[:n]


def mutate_bytes(rnd: random.Random, data: bytes, big: int = 1_000_000) -> tuple[bytes, str]:
    """One byte-level mutation; returns (new data, description)."""
    b = bytearray(data)
    n = len(b)
    op = rnd.choice(["flip", "flip", "bits", "truncate", "insert", "run", "dup", "delete", "swap", "interesting"])
    if n == 0:
        op = "insert"
    if op == "flip":
        k = rnd.choice([1, 1, 2, 4, 16])
        for _ in range(k):
            b[rnd.randrange(n)] = rnd.randrange(256)
        return bytes(b), f"flip {k} byte(s)"
    if op == "bits":
        i = rnd.randrange(n)
        b[i] ^= 1 << rnd.randrange(8)
        return bytes(b), f"bit flip at {i}"
    if op == "truncate":
        i = rnd.randrange(n)
        return bytes(b[:i]), f"truncate at {i} of {n}"
    if op == "insert":
        i = rnd.randrange(n + 1)
        junk = rnd.randbytes(rnd.randint(1, 64))
        return bytes(b[:i]) + junk + bytes(b[i:]), f"insert {len(junk)} random bytes at {i}"
    if op == "run":
        i = rnd.randrange(n + 1)
        junk = long_run(rnd, big)
        return bytes(b[:i]) + junk + bytes(b[i:]), f"insert a run of {len(junk)} bytes ({junk[:4]!r}…) at {i}"
    if op == "dup":
        i = rnd.randrange(n)
        j = min(n, i + rnd.choice([1, 16, 256, 4096, 65536]))
        k = rnd.choice([1, 1, 2, 10, 100])
        at = rnd.randrange(n + 1)
        chunk = bytes(b[i:j]) * k
        return bytes(b[:at]) + chunk + bytes(b[at:]), f"duplicate bytes {i}:{j} ×{k} at {at}"
    if op == "delete":
        i = rnd.randrange(n)
        j = min(n, i + rnd.choice([1, 16, 256, 4096]))
        return bytes(b[:i] + b[j:]), f"delete bytes {i}:{j}"
    if op == "swap":
        i, j = sorted(rnd.randrange(n) for _ in range(2))
        w = min(rnd.choice([1, 8, 64, 512]), j - i)
        b[i:i + w], b[j:j + w] = b[j:j + w], b[i:i + w]
        return bytes(b), f"swap {w} bytes at {i} and {j}"
    i = rnd.randrange(n)
    b[i] = rnd.choice(INTERESTING_BYTES)
    return bytes(b), f"byte {i} = {b[i]:#04x}"


CJK_CHARS = "政府信息公开申请年度报告总计本年新收结转不予处理其他万元件〇一二三四五六七八九十百千万亿零壹贰叁"
FULLWIDTH = "０１２３４５６７８９．－＋，　（）％"
CONTROL = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]) + "\u0085\u2028\u2029\u200b\u200e\ufeff\ufffd"
WEIRD = "\t\n\r\r\n\u3000\u00a0 -—－+.,，。、“”\"'<>&;=#%$€¥￥" + "\U0001F600\U00020000\u0301\u202e"
NUMBERS = ["0", "-1", "1.5", "１２３", "1,234", "1,23", "99999999999999999999", "1e9", "١٢٣", "NaN", "inf",
           "10000000000000000000000000000000000000000", "0.0000001", "12万元", "5件", "-0", "+7", "１，２３４",
           "1" * 64, "1" * 65, ".5", "5.", "1.2.3", "〇", "一百"]


def random_unicode(rnd: random.Random, n: int) -> str:
    pools = [CJK_CHARS, FULLWIDTH, CONTROL, WEIRD, "0123456789", "abcXYZ"]
    out = []
    for _ in range(n):
        p = rnd.choice(pools)
        if rnd.random() < 0.05:
            out.append(chr(rnd.choice([rnd.randint(0x20, 0xD7FF), rnd.randint(0xE000, 0x10FFFF)])))
        else:
            out.append(rnd.choice(p))
    return "".join(out)


def mutate_str(rnd: random.Random, s: str, big: int = 200_000) -> tuple[str, str]:
    """One character-level mutation of a text (random unicode, lines, runs, numbers)."""
    n = len(s)
    op = rnd.choice(["chars", "chars", "insert", "delete", "dup", "run", "line", "number", "number",
                     "tabs", "truncate", "swaplines", "fullwidth"])
    if n == 0:
        op = "insert"
    if op == "chars":
        k = rnd.choice([1, 2, 5, 20])
        lst = list(s)
        for _ in range(k):
            lst[rnd.randrange(n)] = random_unicode(rnd, 1)
        return "".join(lst), f"replace {k} char(s)"
    if op == "insert":
        i = rnd.randrange(n + 1)
        ins = random_unicode(rnd, rnd.randint(1, 40))
        return s[:i] + ins + s[i:], f"insert {ins!r} at {i}"
    if op == "delete":
        i = rnd.randrange(n)
        j = min(n, i + rnd.choice([1, 10, 100, 1000]))
        return s[:i] + s[j:], f"delete chars {i}:{j}"
    if op == "dup":
        i = rnd.randrange(n)
        j = min(n, i + rnd.choice([1, 20, 200, 2000]))
        k = rnd.choice([1, 2, 10, 100, 1000])
        at = rnd.randrange(n + 1)
        return s[:at] + s[i:j] * k + s[at:], f"duplicate chars {i}:{j} ×{k} at {at}"
    if op == "run":
        i = rnd.randrange(n + 1)
        unit = rnd.choice(["中", "1", "\t", "\n", " ", "\u3000", "一、", "\t0", "<td>", "(", "（一）", "x" * 7])
        k = rnd.choice([rnd.randint(10, 1000), rnd.randint(1000, 20_000), rnd.randint(20_000, big)])
        return s[:i] + unit * k + s[i:], f"insert {unit!r} ×{k} at {i}"
    if op == "line":
        lines = s.split("\n")
        i = rnd.randrange(len(lines) + 1)
        new = rnd.choice([random_unicode(rnd, rnd.randint(0, 80)), "\t".join(rnd.choice(NUMBERS) for _ in range(rnd.randint(1, 30))),
                          "x" * rnd.randint(1000, 100_000), "\t" * rnd.randint(1, 5000), "第 1 页", "- 2 -", "1/7"])
        lines.insert(i, new)
        return "\n".join(lines), f"insert line {i}: {new[:40]!r}{'…' if len(new) > 40 else ''} ({len(new)} chars)"
    if op == "number":
        spans = [m.span() for m in re.finditer(r"\d+(?:\.\d+)?", s)]
        if not spans:
            return s + rnd.choice(NUMBERS), "append a number"
        a, b_ = rnd.choice(spans)
        new = rnd.choice(NUMBERS)
        return s[:a] + new + s[b_:], f"number at {a} {s[a:b_]!r} -> {new!r}"
    if op == "tabs":
        k = rnd.choice([1, 5, 50])
        lst = list(s)
        for _ in range(k):
            lst.insert(rnd.randrange(len(lst) + 1), rnd.choice(["\t", "\n", "\r", "\r\n", "\t\t", '"', "\u2028"]))
        return "".join(lst), f"insert {k} tab/newline/quote(s)"
    if op == "truncate":
        i = rnd.randrange(n)
        return s[:i], f"truncate at {i}"
    if op == "swaplines":
        lines = s.split("\n")
        rnd.shuffle(lines) if rnd.random() < 0.3 else None
        if len(lines) > 1:
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), "swap/shuffle lines"
    return s.translate(str.maketrans("0123456789.-+,", "０１２３４５６７８９．－＋，")), "digits to full width"


# ------------------------------------------------------------------------------------------
# .govreport: JSON-aware


class Pairs(list):
    """A JSON object as a list of (key, value): duplicate keys can be written."""


class RawJson(str):
    """Written as it is (NaN, 1e999, a deep nesting …)."""


def _json_load(data: bytes):
    return json.loads(data.decode("utf-8-sig"), object_pairs_hook=Pairs)


def json_ser(o, rnd: random.Random, indent: int | None, level: int = 0) -> str:
    nl = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    if isinstance(o, RawJson):
        return str(o)
    if isinstance(o, Pairs):
        if not o:
            return "{}"
        return "{" + ",".join(nl + json.dumps(k, ensure_ascii=False) + ": " + json_ser(v, rnd, indent, level + 1)
                              for k, v in o) + end + "}"
    if isinstance(o, list):
        if not o:
            return "[]"
        if indent is None and all(type(v) in (int, float, bool, type(None)) for v in o):
            return json.dumps(o)
        return "[" + ",".join(nl + json_ser(v, rnd, indent, level + 1) for v in o) + end + "]"
    return json.dumps(o, ensure_ascii=False)


def random_json(rnd: random.Random, depth: int = 0):
    k = rnd.randrange(22)
    if k == 0:
        return 10 ** rnd.randint(14, 45) + rnd.randint(-2, 2)
    if k == 1:
        return -rnd.randint(1, 10**6)
    if k == 2:
        return rnd.choice([0, 1, 2, 1899, 1900, 2024, 2100, 2101, 10**15 - 1, 10**15, 2**63])
    if k == 3:
        return rnd.choice([1.5, -0.0, 0.1, 1e308, 1e-300, 96171.6, 2024.0])
    if k == 4:
        return RawJson(rnd.choice(["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1E400", "1e-999999999",
                                   "1e999999999", "0." + "0" * 30 + "1", "2024.000000", "-0", "1" * 41,
                                   "9" * 40, "12345678901234567890.123456789012345678"]))
    if k == 5:
        return rnd.choice([True, False, None])
    if k == 6:
        return rnd.choice(["", " ", "2021", "2019", "2024", "96171.6", " 12 ", "-5", "1e5", "0x10", "１２３",
                           "١٢٣", "12.1234567", "1" * 40, "1" * 41, "2025-01-20", "2025-13-45", "9999-99-99"])
    if k == 7:
        return random_unicode(rnd, rnd.randint(0, 60))
    if k == 8:
        return "长" * rnd.choice([201, 10_001, 200_001])
    if k == 9:
        return RawJson(json.dumps(rnd.choice(["\ud800", "a\udfffb", "\x00", "\u0085", "\ufeff"])))
    if k == 10:                      # deep nesting: around the parser's and Python's limits
        d = rnd.choice([10, 100, 500, 800, 900, 950, 990, 1000, 1100, 5000, 100_000])
        opener, closer = rnd.choice([("[", "]"), ('{"a":', "}")])
        return RawJson(opener * d + "1" + closer * d)
    if k == 11:
        return [random_json(rnd, depth + 1) for _ in range(rnd.randint(0, 5))] if depth < 3 else []
    if k == 12:
        return Pairs((random_key(rnd), random_json(rnd, depth + 1)) for _ in range(rnd.randint(0, 5))) if depth < 3 else Pairs()
    if k == 13:
        return [0] * rnd.choice([1000, 100_000])
    if k == 14:
        return Pairs(("s3.new.natural", 1) for _ in range(rnd.randint(2, 5)))
    if k == 15:
        return Pairs([("year", 2023), ("edition", rnd.choice(["2021", "2019", "1999", 2021])),
                      ("values", Pairs([("s3.new.natural", rnd.choice([1, -1, "1", 1.5]))]))])
    return rnd.choice([0, 1, 17, 357, "1", "0.5", "357"])


KEYS = ["govreport", "edition", "year", "issuer", "meta", "text", "values", "notes", "previous", "published",
        "s3.new.natural", "s3.new.total", "s2.rules.made", "s4.review.total", "preface", "s1", "R1", "R1:s3.new.total",
        "H1n", "H1n:s1", "", " ", "__proto__", "年度", "s3.new.natural ", "S3.NEW.NATURAL", "s9.x.y"]


def random_key(rnd: random.Random) -> str:
    return rnd.choice(KEYS) if rnd.random() < 0.7 else random_unicode(rnd, rnd.randint(0, 12))


def _nodes(o, path=()):
    """Every (container, index) in a parsed JSON tree, with its depth."""
    out = []
    if isinstance(o, Pairs):
        for i, (k, v) in enumerate(o):
            out.append((o, i, path + (k,)))
            out.extend(_nodes(v, path + (k,)))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            out.append((o, i, path + (i,)))
            out.extend(_nodes(v, path + (i,)))
    return out


def mutate_json(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    try:
        tree = _json_load(data)
    except ValueError:
        return mutate_bytes(rnd, data)
    descs = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3, 5])):
        nodes = _nodes(tree)
        if rnd.random() < 0.35:          # the top level and previous are where the checks are
            top = [n for n in nodes if len(n[2]) == 1 or (len(n[2]) == 2 and n[2][0] == "previous")]
            nodes = top or nodes
        if not nodes:
            break
        cont, i, path = rnd.choice(nodes)
        where = ".".join(map(str, path))
        op = rnd.choice(["value", "value", "value", "delete", "dupkey", "rename", "addkey"])
        if isinstance(cont, Pairs):
            k, v = cont[i]
            if op == "value":
                new = random_json(rnd)
                cont[i] = (k, new)
                descs.append(f"{where} = {json_ser(new, rnd, None)[:60]}")
            elif op == "delete":
                del cont[i]
                descs.append(f"delete {where}")
            elif op == "dupkey":
                new = v if rnd.random() < 0.5 else random_json(rnd)
                cont.insert(rnd.randrange(len(cont) + 1), (k, new))
                descs.append(f"duplicate key {where}")
            elif op == "rename":
                nk = random_key(rnd)
                cont[i] = (nk, v)
                descs.append(f"rename {where} -> {nk!r}")
            else:
                nk = random_key(rnd)
                cont.insert(rnd.randrange(len(cont) + 1), (nk, random_json(rnd)))
                descs.append(f"add key {nk!r} beside {where}")
        else:
            if op in ("delete", "rename"):
                del cont[i]
                descs.append(f"delete {where}")
            else:
                new = random_json(rnd)
                cont[i] = new
                descs.append(f"{where} = {json_ser(new, rnd, None)[:60]}")
    indent = rnd.choice([None, 1, 2, 0])
    text = json_ser(tree, rnd, indent)
    enc = rnd.choices(["utf-8", "utf-8-sig", "utf-16", "gb18030"], [90, 5, 3, 2])[0]
    out = text.encode(enc, "surrogatepass")
    if enc != "utf-8":
        descs.append(f"encoded {enc}")
    return out, "; ".join(descs)


def make_govreport(rnd: random.Random, seed: bytes) -> tuple[bytes, str]:
    if rnd.random() < 0.7:
        data, desc = mutate_json(rnd, seed)
        if rnd.random() < 0.1:
            data, d2 = mutate_bytes(rnd, data)
            desc += "; " + d2
        return data, "json: " + desc
    data, descs = seed, []
    for _ in range(rnd.choice([1, 1, 2, 3])):
        data, d = mutate_bytes(rnd, data)
        descs.append(d)
    return data, "bytes: " + "; ".join(descs)


# ------------------------------------------------------------------------------------------
# .docx / .xlsx: structure-aware (one XML part of the zip), plus zip-level and byte mutations


LAUGHS = ('<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
          '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>')
DOCTYPES = [
    LAUGHS,
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
    '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd">',
    '<!DOCTYPE r [<!ENTITY h "政府">]>',
    '<!DOCTYPE r [<!ELEMENT r ANY><!ATTLIST r a CDATA "x">]>',
    '<!DOCTYPE r [<!ENTITY a "&b;"><!ENTITY b "&a;">]>',
]
ENTITY_REFS = ["&h;", "&x;", "&a;", "&e;", "&amp;", "&#0;", "&#x110000;", "&#x4E2D;", "&lt;", "&bogus;"]
ATTR_VALUES = ["", "0", "-1", "1", "2", "63", "64", "999", "65536", "2147483647", "2147483648", "99999999999999999999",
               "-2147483648", "1e9", "1.5", "abc", "中", "NaN", " 3 ", "A1", "XFD1", "A1048576", "XFD1048576",
               "A1:XFD1048576", "A1:A1048576", "A1:XFD1", "ZZZZ1", "A0", "A-1", "B2:A1", "A1:B", ":", "restart",
               "continue", "true", "none", "#REF!", "=1/0", "Sheet1!A1", "&quot;", "&#0;"]


def mutate_xml(rnd: random.Random, text: str, part: str) -> tuple[str, str]:
    """One mutation of an XML part's text."""
    ops = ["chars", "close", "open", "doctype", "attr", "attr", "attr", "hugeattr", "delattr", "dupelem",
           "dupelem", "delelem", "entity", "text", "decl", "bloat", "numbers"]
    op = rnd.choice(ops)
    if op == "chars":
        s, d = mutate_str(rnd, text, big=50_000)
        return s, "text " + d
    if op == "close":
        tags = [sp[:2] for sp in _spans(r"</[^>]{1,60}>", text)]
        if tags:
            a, b = rnd.choice(tags)
            return text[:a] + text[b:], f"delete closing tag {text[a:b]!r} at {a}"
    if op == "open":
        tags = [sp[:2] for sp in _spans(r"<[A-Za-z][^>]{0,300}>", text)]
        if tags:
            a, b = rnd.choice(tags)
            return text[:a] + text[b:], f"delete opening tag {text[a:a + 40]!r} at {a}"
    if op == "doctype":
        dt = rnd.choice(DOCTYPES)
        m = re.match(r"\s*<\?xml[^>]*\?>", text)
        at = m.end() if m else 0
        body = text[:at] + dt + text[at:]
        ts = [m.end() for m in re.finditer(r"<(?:w:t|t|v)(?: [^>]*)?>", body)]
        if ts and rnd.random() < 0.8:
            i = rnd.choice(ts)
            ref = rnd.choice(["&h;", "&x;", "&a;"])
            body = body[:i] + ref + body[i:]
        return body, f"insert {dt[:50]!r}… after the declaration"
    if op in ("attr", "hugeattr", "delattr", "numbers"):
        attrs = _spans(r'(\s[\w:]+)="([^"]*)"', text)
        if attrs:
            if rnd.random() < 0.6:
                prefer = _spans(r'(\s(?:[\w]+:)?(?:val|r|ref|s|t|sqref|gridSpan|w|span|spans|count|id))="([^"]*)"', text)
                attrs = prefer or attrs
            a, b, va, vb = rnd.choice(attrs)
            name = text[a:va - 2].strip()
            old = text[va:vb]
            if op == "delattr":
                return text[:a] + text[b:], f"delete attribute {name}={old!r}"
            if op == "hugeattr":
                new = rnd.choice(["A", "9", "中", "&amp;", " "]) * rnd.choice([1000, 100_000, 2_000_000])
                return text[:va] + new + text[vb:], f"attribute {name} = {new[:4]!r}…×{len(new)}"
            new = rnd.choice(ATTR_VALUES)
            return text[:va] + new + text[vb:], f"attribute {name}={old!r} -> {new!r}"
    if op in ("dupelem", "delelem", "bloat"):
        names = {"docx": ["w:tr", "w:tc", "w:p", "w:r", "w:tbl", "w:t"],
                 "xlsx": ["row", "c", "mergeCell", "sheet", "v", "is", "si", "Relationship", "col", "xf"]}
        kind = "docx" if part.startswith("word/") else "xlsx"
        tag = rnd.choice(names[kind])
        # on a part an earlier mutation of this case made huge, the lazy ".*?" scans to the end
        # from every unclosed start tag (xlsx case 15001893: 50,000 <col …> in 2.5 MB hung the
        # generator): such a part gets the plain text mutation below instead
        spans = [sp[:2] for sp in _spans(rf"<{tag}(?:\s[^>]*)?(?:/>|>.*?</{tag}>)", text, re.S)
                 if sp[1] - sp[0] < 200_000] if len(text) <= 1_000_000 else []
        if spans:
            a, b = rnd.choice(spans)
            if op == "delelem":
                return text[:a] + text[b:], f"delete <{tag}> at {a}"
            k = rnd.choice([2, 3, 10]) if op == "dupelem" else rnd.choice([100, 1000, 10_000, 50_000])
            k = max(2, min(k, 8_000_000 // max(1, b - a)))
            return text[:b] + text[a:b] * (k - 1) + text[b:], f"repeat <{tag}> at {a} ({b - a} chars) ×{k}"
    if op == "entity":
        ts = [sp[1] for sp in _spans(r">", text)]
        if ts:
            i = rnd.choice(ts)
            ref = rnd.choice(ENTITY_REFS)
            return text[:i] + ref + text[i:], f"insert {ref} at {i}"
    if op == "text":
        ts = [sp[2:] for sp in _spans(r"<(?:w:t|t|v)(?: [^>]*)?>()([^<]*)<", text)]
        if ts:
            a, b = rnd.choice(ts)
            new = rnd.choice([rnd.choice(NUMBERS), random_unicode(rnd, rnd.randint(0, 30)), "9" * rnd.randint(16, 400),
                              "&#x0;", "&#xFFFE;", "]]>", "<![CDATA[1]]>", "x" * rnd.randint(10_000, 1_000_000)])
            return text[:a] + new + text[b:], f"cell/run text {text[a:b][:20]!r} -> {new[:30]!r} ({len(new)} chars)"
    if op == "decl":
        new = rnd.choice(['<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="1.1"?>', '<?xml version="2.0"?>',
                          '<?xml version="1.0" encoding="GBK"?>', '<?xml version="1.0" encoding="bogus"?>', "\ufeff",
                          "", "<?pi x?>", "<!-- -- -->"])
        return re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: new, text, count=1), f"declaration -> {new!r}"
    s, d = mutate_str(rnd, text, big=50_000)
    return s, "text " + d


_SEED_TEXTS: set[int] = set()          # ids of the seeds' decoded parts (kept alive by the cache)


@functools.lru_cache(maxsize=4)
def _zip_parts(data: bytes) -> tuple[tuple[str, bytes, str | None], ...]:
    """The parts of a seed package: (name, bytes, text or None if not UTF-8), read once."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for i in z.infolist():
            body = z.read(i.filename)
            try:
                text = body.decode("utf-8")
                _SEED_TEXTS.add(id(text))
            except UnicodeDecodeError:
                text = None
            out.append((i.filename, body, text))
    return tuple(out)


def _spans(pattern: str, text: str, flags: int = 0) -> tuple[tuple[int, int, int, int], ...]:
    """(start, end, start of group 2, end of group 2) of each match; a seed's part is
    searched once, not once a case."""
    if id(text) in _SEED_TEXTS:
        return _spans_cached(pattern, text, flags)
    return _spans_of(pattern, text, flags)


def _spans_of(pattern: str, text: str, flags: int) -> tuple[tuple[int, int, int, int], ...]:
    out = []
    for m in re.finditer(pattern, text, flags):
        g = (m.start(2), m.end(2)) if m.re.groups >= 2 else (-1, -1)
        out.append((m.start(), m.end(), *g))
    return tuple(out)


_spans_cached = functools.lru_cache(maxsize=256)(_spans_of)


def _zip_write(parts: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w") as z:
            for name, body, comp in parts:
                info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
                info.compress_type = comp
                z.writestr(info, body, compresslevel=1)
    return out.getvalue()


def replace_part(data: bytes, name: str, fn) -> bytes:
    """The package with one XML part's text replaced by ``fn(text)``."""
    parts = _zip_parts(data)
    if name not in [n for n, _, _ in parts]:
        raise KeyError(name)
    return _zip_write([(n, fn(t).encode("utf-8") if n == name else b, zipfile.ZIP_DEFLATED) for n, b, t in parts])


def part_text(data: bytes, name: str) -> str:
    return dict((n, t) for n, _, t in _zip_parts(data))[name]


def part_weight(name: str) -> float:
    if name in ("word/document.xml",):
        return 8
    if name.startswith("xl/worksheets/"):
        return 3
    if name in ("xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "_rels/.rels",
                "word/_rels/document.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"):
        return 1.5
    if name.endswith((".xml", ".rels")):
        return 0.5
    return 0.1


def mutate_zip(rnd: random.Random, data: bytes, kind: str) -> tuple[bytes, str]:
    seed = _zip_parts(data)
    texts = {name: text for name, _, text in seed}        # the current text of each part
    parts = [(name, body, zipfile.ZIP_DEFLATED) for name, body, _ in seed]
    descs = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        if rnd.random() < 0.85:                  # one XML part's text
            names = [p[0] for p in parts]
            k = rnd.choices(range(len(parts)), [part_weight(n) for n in names])[0]
            name, body, comp = parts[k]
            text = texts.get(name)
            if text is None:
                new, d = mutate_bytes(rnd, body)
                parts[k] = (name, new, comp)
                descs.append(f"{name}: {d}")
                continue
            new_text, d = mutate_xml(rnd, text, name)
            texts[name] = new_text
            parts[k] = (name, new_text.encode("utf-8", "surrogatepass"), comp)
            descs.append(f"{name}: {d}")
        else:                                     # the package itself
            op = rnd.choice(["drop", "rename", "dup", "add", "stored", "empty"])
            k = rnd.randrange(len(parts))
            name, body, comp = parts[k]
            if op == "drop":
                del parts[k]
                descs.append(f"remove part {name}")
            elif op == "rename":
                new = rnd.choice([name.upper(), name + "x", "/" + name, name.replace("/", "\\"), "../" + name, "中.xml"])
                parts[k] = (new, body, comp)
                descs.append(f"rename part {name} -> {new}")
            elif op == "dup":
                parts.insert(rnd.randrange(len(parts) + 1), (name, rnd.choice([body, b"", b"<x/>"]), comp))
                descs.append(f"second part named {name}")
            elif op == "add":
                new = rnd.choice(["word/extra.xml", "xl/worksheets/sheet99.xml", "junk.bin", "customXml/item9.xml"])
                parts.append((new, rnd.randbytes(rnd.randint(0, 5000)), comp))
                descs.append(f"add part {new}")
            elif op == "stored":
                parts[k] = (name, body, zipfile.ZIP_STORED)
                descs.append(f"store {name} uncompressed")
            else:
                parts[k] = (name, b"", comp)
                texts[name] = ""
                descs.append(f"empty part {name}")
    out = _zip_write(parts)
    if rnd.random() < 0.05:
        out, d = mutate_bytes(rnd, out)
        descs.append("then " + d)
    return out, "; ".join(descs)


def make_zip(rnd: random.Random, seed: bytes, kind: str) -> tuple[bytes, str]:
    if rnd.random() < 0.8:
        data, desc = mutate_zip(rnd, seed, kind)
        return data, "zip: " + desc
    data, descs = seed, []
    for _ in range(rnd.choice([1, 1, 2])):
        data, d = mutate_bytes(rnd, data)
        descs.append(d)
    return data, "bytes: " + "; ".join(descs)


# ------------------------------------------------------------------------------------------
# PDF: object-aware (page tree, dictionaries, decoded content streams and character maps)


def random_pdf_value(rnd: random.Random, model: PdfModel, depth: int = 0):
    k = rnd.randrange(16)
    if k == 0:
        return rnd.choice([0, -1, 1, 2, 80, 81, 2**31, 2**63, 10**30, -(10**30)])
    if k == 1:
        return rnd.choice([0.0, -595.3, 1e6, 1e-6, 99999999.0, 3.4e38])
    if k == 2:
        return Raw(rnd.choice([b"1e308", b"NaN", b"-inf", b"--1", b"1.2.3", b"9" * 400, b".", b"-", b"+", b"1#", b"0x10"]))
    if k == 3:
        return Name(rnd.choice(["Page", "Pages", "Catalog", "Font", "XObject", "Type0", "Type1", "Type3", "TrueType",
                                "CIDFontType2", "Identity-H", "FlateDecode", "", "A" * 300, "中"]))
    if k == 4:
        return rnd.choice([b"", b"\x00" * 10, "中文".encode("utf-16-be"), b"\xfe\xff\x4e", b"(" * 10, b"x" * 100_000])
    if k == 5:
        return Ref(rnd.choice([0, 9999, 2**31, -1] + list(model.objects)))
    if k == 6:
        return rnd.choice([None, True, False])
    if k == 7:
        return [rnd.choice([0, 1, -1, 595.3, 1e9]) for _ in range(rnd.choice([0, 1, 3, 4, 5, 1000]))]
    if k == 8:
        d = rnd.choice([10, 100, 1000, 5000, 50_000])
        return Raw(b"[" * d + b"1" + b"]" * d) if rnd.random() < 0.5 else Raw(b"<<" * d + b">>" * d)
    if k == 9 and depth < 2:
        return {rnd.choice(["Type", "Kids", "Count", "Length", "Filter", "W", "DW", "Widths"]): random_pdf_value(rnd, model, depth + 1)}
    if k == 10:
        return Raw(rnd.choice([b"(unterminated", b"<ZZ>", b"<<", b">>", b"]", b"endobj", b"stream", b"R", b"0 R"]))
    return rnd.choice([0, 1, 7, Name("Page"), Ref(rnd.choice(list(model.objects)))])


CONTENT_INSERTS = [b"BT", b"ET", b"q", b"Q", b"Tj", b"TJ", b"'", b'"', b"Tf", b"Td", b"TD", b"Tm", b"T*", b"cm", b"re",
                   b"f", b"S", b"W n", b"Do", b"BI /W 1 /H 1 ID \x00 EI", b"/F1 12 Tf", b"/F99 12 Tf", b"/F1 1e9 Tf",
                   b"0 0 0 0 cm", b"1e9 0 0 1e9 0 0 cm", b"(\xe4\xb8\xad) Tj", b"<0000FFFF> Tj", b"[(a) -99999 (b)] TJ",
                   b"[" * 300 + b"]" * 300, b"(" * 20, b"BX", b"EX", b"BMC", b"EMC", b"/P <</MCID 9>> BDC", b"d0", b"d1",
                   b"begincodespacerange", b"endcodespacerange", b"beginbfchar", b"endbfchar", b"beginbfrange",
                   b"endbfrange", b"<0000> <FFFF> <4E00>", b"<00> <FFFFFFFF> [<4E00>]", b"usecmap", b"/Identity-H usecmap"]
PDF_NUMBERS = [b"0", b"-1", b"1e308", b"99999999999", b"-99999999999", b"0.000001", b"NaN", b"3.4e38", b"65535", b"65536",
               b"1" * 300, b"-0", b"2147483648", b".", b"<FFFF>", b"<>", b"<0>", b"<FFFFFFFFFFFF>"]


def mutate_stream(rnd: random.Random, data: bytes) -> tuple[bytes, str]:
    tokens = [m.span() for m in re.finditer(rb"\S+", data)]
    op = rnd.choice(["num", "num", "delete", "insert", "insert", "dup", "truncate", "bytes", "swap"])
    if not tokens:
        op = "insert"
    if op == "num":
        nums = [t for t in tokens if re.fullmatch(rb"[-+]?\d*\.?\d+|<[0-9A-Fa-f]+>", data[t[0]:t[1]])] or tokens
        a, b = rnd.choice(nums)
        new = rnd.choice(PDF_NUMBERS)
        return data[:a] + new + data[b:], f"token {data[a:b][:20]!r} -> {new[:20]!r}"
    if op == "delete":
        a, b = rnd.choice(tokens)
        return data[:a] + data[b:], f"delete token {data[a:b][:20]!r}"
    if op == "insert":
        at = rnd.choice(tokens)[1] if tokens else 0
        new = rnd.choice(CONTENT_INSERTS)
        return data[:at] + b" " + new + b" " + data[at:], f"insert {new[:30]!r}"
    if op == "dup":
        i = rnd.randrange(len(tokens))
        j = min(len(tokens) - 1, i + rnd.choice([1, 5, 50, 500]))
        a, b = tokens[i][0], tokens[j][1]
        k = rnd.choice([2, 10, 100, 1000])
        k = max(2, min(k, 4_000_000 // max(1, b - a)))
        return data[:b] + (b" " + data[a:b]) * (k - 1) + data[b:], f"repeat tokens {i}..{j} ×{k}"
    if op == "truncate":
        i = rnd.randrange(len(data))
        return data[:i], f"truncate stream at {i} of {len(data)}"
    if op == "swap":
        (a, b), (c, d) = sorted(rnd.sample(tokens, 2)) if len(tokens) > 1 else (tokens[0], tokens[0])
        if b <= c:
            return data[:a] + data[c:d] + data[b:c] + data[a:b] + data[d:], "swap two tokens"
        return data, "swap (no-op)"
    return mutate_bytes(rnd, data, big=200_000)


def mutate_pdf_model(rnd: random.Random, model: PdfModel) -> tuple[PdfModel, str, bool]:
    """Some object-level mutations; returns (model, description, write a correct xref)."""
    m = model.copy()
    descs = []
    xref = rnd.random() > 0.1
    if not xref:
        descs.append("no xref table")
    streams = [i for i, o in m.objects.items() if isinstance(o, Stream)]
    contents = {r.objid for p in m.find("Page") for r in ([m.objects[p].get("Contents")]
                                                            if isinstance(m.objects[p].get("Contents"), Ref) else [])}
    cmaps = [i for i in streams if i not in contents and len(m.objects[i].data) < 20_000
             and b"begincmap" in m.objects[i].data]
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        op = rnd.choices(["content", "cmap", "font", "dict", "pagetree", "filter", "encrypt", "dropobj"],
                         [30, 15, 5, 25, 8, 8, 3, 6])[0]
        # an earlier mutation of this case may have removed a stream or replaced it
        streams = [i for i in streams if isinstance(m.objects.get(i), Stream)]
        cmaps = [i for i in cmaps if i in streams]
        if not streams and op in ("content", "cmap", "font", "filter"):
            continue
        if op in ("content", "cmap", "font"):
            pool = {"content": [i for i in contents if i in streams],
                    "cmap": cmaps,
                    "font": [i for i in streams if i not in contents and i not in cmaps]}[op] or streams
            i = rnd.choice(pool)
            s = m.objects[i]
            new, d = mutate_stream(rnd, s.data)
            m.objects[i] = Stream(s.attrs, new)
            descs.append(f"{op} stream {i}: {d}")
        elif op == "dict":
            dicts = [(i, o.attrs if isinstance(o, Stream) else o) for i, o in m.objects.items()
                     if isinstance(o.attrs if isinstance(o, Stream) else o, dict)]
            i, d = rnd.choice(dicts)
            if not d or rnd.random() < 0.1:
                key = rnd.choice(["Type", "Kids", "Count", "Contents", "Resources", "MediaBox", "Font", "Parent",
                                  "ToUnicode", "Encoding", "W", "Widths", "FirstChar", "Rotate", "UserUnit"])
                d[key] = random_pdf_value(rnd, m)
                descs.append(f"obj {i}: add /{key}")
                continue
            key = rnd.choice(list(d))
            v = d[key]
            r = rnd.random()
            if r < 0.15:
                del d[key]
                descs.append(f"obj {i}: delete /{key}")
            elif isinstance(v, list) and v and r < 0.55:
                j = rnd.randrange(len(v))
                v[j] = random_pdf_value(rnd, m)
                descs.append(f"obj {i}: /{key}[{j}] = {pdf_ser(v[j])[:40]!r}")
            else:
                d[key] = random_pdf_value(rnd, m)
                descs.append(f"obj {i}: /{key} = {pdf_ser(d[key])[:40]!r}")
        elif op == "pagetree":
            root = m.objects.get(m.trailer["Root"].objid)
            pref = root.get("Pages") if isinstance(root, dict) else None
            pages = m.objects.get(pref.objid) if isinstance(pref, Ref) else None
            if not isinstance(pages, dict) or not isinstance(pages.get("Kids"), list) or not pages["Kids"] \
                    or not all(isinstance(k, Ref) and isinstance(m.objects.get(k.objid), dict) for k in pages["Kids"]):
                continue                    # an earlier mutation of this case already broke the page tree
            pid = pref.objid
            kids = list(pages["Kids"])
            choice = rnd.randrange(5)
            if choice == 0:
                pages["Kids"] = kids + [Ref(pid)]
                descs.append("page tree: /Pages lists itself")
            elif choice == 1:
                k = rnd.choice([2, 10, 79, 80, 81, 1000])
                pages["Kids"] = (kids * k)[:max(k, len(kids))]
                pages["Count"] = len(pages["Kids"])
                descs.append(f"page tree: {len(pages['Kids'])} kids")
            elif choice == 2:
                page = m.objects[kids[0].objid]
                page["Parent"] = Ref(kids[0].objid)
                page["Type"] = Name("Pages")
                page["Kids"] = [kids[0]]
                descs.append("page tree: a page that is its own parent and kid")
            elif choice == 3:
                pages["Count"] = rnd.choice([0, -1, 10**9])
                descs.append(f"page tree: /Count {pages['Count']}")
            else:
                root["Pages"] = rnd.choice([Ref(9999), Ref(m.trailer["Root"].objid), None, [Ref(pid)]])
                descs.append(f"catalog /Pages = {pdf_ser(root['Pages'])!r}")
        elif op == "filter":
            i = rnd.choice(streams)
            s = m.objects[i]
            f = rnd.choice(["FlateDecode", "LZWDecode", "ASCII85Decode", "ASCIIHexDecode", "RunLengthDecode",
                            "DCTDecode", "CCITTFaxDecode", "JBIG2Decode", "Crypt", "Bogus"])
            attrs = dict(s.attrs)
            attrs["Filter"] = Name(f)
            if rnd.random() < 0.4:
                attrs["DecodeParms"] = {"Predictor": rnd.choice([2, 10, 12, 15, 99]),
                                        "Columns": rnd.choice([1, 4, 10**6, 2**31, 0, -1]),
                                        "Colors": rnd.choice([1, 3, 100]), "BitsPerComponent": rnd.choice([1, 8, 16, 0])}
            if f == "FlateDecode" and rnd.random() < 0.7:
                data = zlib.compress(s.data)
                if rnd.random() < 0.5:
                    data, _ = mutate_bytes(rnd, data)
            else:
                data = s.data[:rnd.choice([0, 10, 1000, len(s.data)])]
            m.objects[i] = Stream(attrs, data)
            descs.append(f"stream {i}: /Filter /{f}{' with /DecodeParms' if 'DecodeParms' in attrs else ''}")
        elif op == "encrypt":
            m.trailer["Encrypt"] = {"Filter": Name("Standard"), "V": rnd.choice([1, 2, 4, 5, 99]),
                                    "R": rnd.choice([2, 3, 4, 5, 6, 99]), "O": rnd.randbytes(32), "U": rnd.randbytes(32),
                                    "P": -4, "Length": rnd.choice([40, 128, 256, 7])}
            m.trailer["ID"] = [rnd.randbytes(16), rnd.randbytes(16)]
            descs.append(f"encrypted (/V {m.trailer['Encrypt']['V']} /R {m.trailer['Encrypt']['R']})")
        else:
            i = rnd.choice(list(m.objects))
            del m.objects[i]
            descs.append(f"remove object {i}")
    return m, "; ".join(descs), xref


def make_pdf_case(rnd: random.Random, models: list[PdfModel]) -> tuple[bytes, str]:
    # mostly one page (0.1 s a case), now and then the whole demo (0.6 s)
    k = 0 if rnd.random() < 0.04 else rnd.randrange(1, len(models))
    model = models[k]
    which = "whole demo" if k == 0 else f"page {k}"
    if rnd.random() < 0.75:
        m, desc, xref = mutate_pdf_model(rnd, model)
        data = m.to_bytes(xref=xref)
        if rnd.random() < 0.1:
            data, d = mutate_bytes(rnd, data)
            desc += "; then " + d
        return data, f"pdf ({which}): {desc}"
    data, descs = model.to_bytes(), []
    for _ in range(rnd.choice([1, 1, 2, 3])):
        data, d = mutate_bytes(rnd, data)
        descs.append(d)
    return data, f"bytes ({which}): " + "; ".join(descs)


# ------------------------------------------------------------------------------------------
# text: pasted, .txt, .html


def make_text(rnd: random.Random, seeds: list[str]) -> tuple[str, str]:
    k = rnd.randrange(len(seeds))
    s = seeds[k]
    descs = [["page copy", "numbers block"][k] if k < 2 else f"seed {k}"]
    for _ in range(rnd.choice([1, 1, 2, 3, 5])):
        s, d = mutate_str(rnd, s)
        descs.append(d)
    if rnd.random() < 0.05:
        s = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>"
                                for line in s.splitlines()) + "</table>"
        descs.append("as an HTML table")
    return s, "; ".join(descs)


# ------------------------------------------------------------------------------------------
# running one case


@dataclass
class Outcome:
    reader: str
    case: int
    status: str            # ok | refused | crash | hang | english
    seconds: float
    mutation: str
    detail: str = ""       # the message, or the traceback
    data: bytes | str | None = None

    @property
    def failed(self) -> bool:
        return self.status in ("crash", "hang", "english")

    def summary(self) -> str:
        last = self.detail.strip().splitlines()[-1] if self.detail.strip() else ""
        return (f"[{self.reader} case {self.case}] {self.status} after {self.seconds:.2f} s — {self.mutation[:300]}\n"
                f"    {last[:300]}\n    reproduce: python -m tools.fuzz --reader {self.reader} --replay {self.case}")


class Crash(Exception):
    """A finding raised by the checks themselves (an English message, a broken contract)."""


@contextlib.contextmanager
def pdf_in_process():
    """Read as the child process does, in this process: ``read_path`` and ``read_pdf`` read
    right here when ``worker.in_child()`` (the app reads Word, Excel and PDF files in a child
    with time and memory limits, tests/test_worker.py). A reader's exception is a finding."""
    from govreport_gui.core import worker

    real = worker.in_child
    worker.in_child = lambda: True
    try:
        yield
    finally:
        worker.in_child = real


def check_result(res) -> None:
    """An import result: every problem and note it lists is Chinese."""
    for msg in list(getattr(res, "problems", [])) + list(getattr(res, "notes", [])):
        if not isinstance(msg, str) or not CJK.search(msg):
            raise Crash(f"a problem without Chinese: {msg!r}")


class Fuzzer:
    """Seeds (built once) and the run of one case of one reader."""

    def __init__(self, workdir: Path, pdf_bytes: bytes | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.report = demo_report()
        self.seeds: dict[str, object] = {
            "govreport": seed_govreport(),
            "docx": seed_docx(self.report),
            "xlsx": seed_xlsx(self.report),
            "text": seed_texts(self.report),
            "html": seed_pages(self.report),
            "mht": seed_mhts(self.report),
            "ledger": seed_ledgers(self.report),
        }
        self.pdf_models: list[PdfModel] | None = None
        if pdf_bytes is not None:
            self.set_pdf(pdf_bytes)
        from govreport_gui.core.grid import GridNav
        from govreport_gui.core.rules import compiled

        ed = self.report.ed
        self.ed = ed
        self.navs = {sid: GridNav(t) for sid, t in ed.tables.items()}
        self.computed = set(compiled(ed).computed)

    def set_pdf(self, pdf_bytes: bytes) -> None:
        whole = pdf_model(pdf_bytes)
        self.pdf_models = [whole] + [whole.single_page(k) for k in range(len(whole.pages()))]

    def make_input(self, reader: str, case: int) -> tuple[bytes | str, str]:
        rnd = random.Random(case)
        if reader == "govreport":
            return make_govreport(rnd, self.seeds["govreport"])
        if reader in ("docx", "xlsx"):
            return make_zip(rnd, self.seeds[reader], reader)
        if reader == "pdf":
            if self.pdf_models is None:
                raise RuntimeError("no PDF seed")
            return make_pdf_case(rnd, self.pdf_models)
        if reader == "text":
            return make_text(rnd, self.seeds["text"])
        if reader == "html":
            return make_page(rnd, self.seeds["html"])
        if reader == "mht":
            return make_mht(rnd, self.seeds["mht"])
        if reader == "ledger":               # a register: its workbook mutated, or its CSV text
            book, csv = self.seeds["ledger"]
            if rnd.random() < 0.7:
                return make_zip(rnd, book, "xlsx")
            text, desc = make_text(rnd, [csv])
            return text, "csv: " + desc
        raise ValueError(reader)

    # -- the readers ----------------------------------------------------------------------

    def call(self, reader: str, data, case: int) -> str:
        """Feed ``data`` to the reader; returns "ok" or "refused" (a GovReportError was raised
        and its message is Chinese), raises anything else."""
        from govreport_gui.core import native
        from govreport_gui.core.importers import read_path

        if reader == "govreport":
            return self._guard(lambda: native.loads(data, "fuzz.govreport"))
        if reader in ("docx", "xlsx", "pdf"):
            path = self.workdir / f"fuzz{SUFFIX[reader]}"
            path.write_bytes(data)
            with pdf_in_process():               # the reader as the app's child process runs it
                return self._guard(lambda: check_result(read_path(path)))
        if reader == "text":
            return self._text(data, random.Random(case ^ 0x5EED))
        if reader == "html":
            from govreport_gui.core.importers import html

            return self._guard(lambda: check_result(html.read_markup(data, "fuzz.html")))
        if reader == "mht":
            path = self.workdir / "fuzz.mht"
            path.write_bytes(data)
            return self._guard(lambda: check_result(read_path(path)))
        if reader == "ledger":
            return self._guard(lambda: self._ledger(data))
        raise ValueError(reader)

    def _ledger(self, data) -> None:
        """Read and count a register; every reason, note and word listed is Chinese."""
        from govreport_gui.core import ledger as L

        if isinstance(data, str):
            path = self.workdir / "fuzz.csv"
            path.write_bytes(data.encode("gb18030" if len(data) % 2 else "utf-8", "replace"))
        else:
            path = self.workdir / "fuzz.xlsx"
            path.write_bytes(data)
        count = L.count_applications(L.read_register(path), self.ed, 2024)
        said = count.notes + count.problems() + [u.message for u in count.unmatched] + \
            [i.reason for i in count.ignored]
        for msg in said:
            if not isinstance(msg, str) or not CJK.search(msg):
                raise Crash(f"a register note without Chinese: {msg!r}")

    def _guard(self, fn) -> str:
        from govreport_gui.core.errors import GovReportError

        try:
            fn()
        except GovReportError as e:
            msg = str(e)
            if not CJK.search(msg):
                raise Crash(f"{type(e).__name__} without Chinese: {msg!r}") from None
            return "refused"
        return "ok"

    def _text(self, text: str, rnd: random.Random) -> str:
        from govreport_gui.core import values as V
        from govreport_gui.core.grid import parse_tsv, plan_paste
        from govreport_gui.core.importers import read_path, read_text

        status = self._guard(lambda: check_result(read_text(text)))     # the case's status
        statuses = []
        rows = parse_tsv(text)
        sid = rnd.choice(list(self.navs))
        nav = self.navs[sid]
        if rnd.random() < 0.6:
            top, left = nav.first_value()
        else:
            top, left = rnd.randrange(nav.table.height), rnd.randrange(nav.table.width)
        statuses.append(self._guard(lambda: plan_paste(self.ed, nav, top, left, rows, self.computed)))
        cells = [c for row in rows[:50] for c in row[:20]][:200]
        for c in cells:
            vtype = rnd.choice(["count", "signed", "amount"])
            statuses.append(self._guard(lambda: V.parse(c, vtype)))
        if rnd.random() < 0.2:                    # as a saved file: .txt in UTF-8/GBK, or .html
            suffix = rnd.choice([".txt", ".txt", ".html"])
            enc = rnd.choice(["utf-8", "utf-8-sig", "gb18030"])
            raw = text.encode(enc, "replace")
            if rnd.random() < 0.3:
                raw, _ = mutate_bytes(rnd, raw)
            path = self.workdir / f"fuzz{suffix}"
            path.write_bytes(raw)
            statuses.append(self._guard(lambda: check_result(read_path(path))))
        return status

    def _pdf_as_the_app_reads_it(self, data: bytes, status: str, detail: str, seconds: float):
        """A PDF that is slow to parse in-process: the app parses PDFs in a child process that it
        stops after readers.PDF_SECONDS. What the user meets is that path: a Chinese message in
        time is a refusal, anything else stays a hang."""
        from govreport_gui.core.errors import GovReportError
        from govreport_gui.core.importers import readers

        path = self.workdir / "slow.pdf"
        path.write_bytes(data)
        t = time.perf_counter()
        try:
            readers.read_pdf(path)
        except GovReportError as e:
            took = time.perf_counter() - t
            if took <= LIMIT_SECONDS + 2 and re.search(r"[\u4e00-\u9fff]", str(e)):
                return "refused", f"in-process {seconds:.1f} s; the app stops it: {e}", took
        return status, detail, seconds

    def run(self, reader: str, case: int, keep_data: bool = False) -> Outcome:
        data, mutation = self.make_input(reader, case)
        t0 = time.perf_counter()
        status, detail = "ok", ""
        try:
            with time_limit(LIMIT_SECONDS):
                status = self.call(reader, data, case)
        except Hang:
            status, detail = "hang", f"stopped after {LIMIT_SECONDS:g} s:\n" + traceback.format_exc(limit=-8)
        except Crash as e:
            status, detail = "english" if "without Chinese" in str(e) else "crash", traceback.format_exc()
        except BaseException as e:  # noqa: BLE001 - every other exception is what we are looking for
            if isinstance(e, KeyboardInterrupt):
                raise
            status, detail = "crash", traceback.format_exc()
        seconds = time.perf_counter() - t0
        if status in ("ok", "refused") and seconds > LIMIT_SECONDS:
            status, detail = "hang", f"took {seconds:.1f} s (the alarm could not interrupt it)"
        if reader == "pdf" and status == "hang":
            status, detail, seconds = self._pdf_as_the_app_reads_it(data, status, detail, seconds)
        out = Outcome(reader, case, status, seconds, mutation, detail)
        if keep_data or out.failed:
            out.data = data
        return out


# ------------------------------------------------------------------------------------------
# running many cases, in worker processes


_WORKER: Fuzzer | None = None


def quiet() -> None:
    """No warnings or log lines from the libraries (pdfminer logs every broken object)."""
    import logging

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)


def _worker_init(workroot: str, pdf_bytes: bytes | None) -> None:
    global _WORKER
    quiet()
    devnull = os.open(os.devnull, os.O_WRONLY)      # some libraries print
    os.dup2(devnull, 1)
    cap_memory()                                     # for the life of the worker
    _WORKER = Fuzzer(Path(workroot) / f"worker-{os.getpid()}", pdf_bytes)


def _worker_run(reader: str, case: int) -> Outcome:
    assert _WORKER is not None
    return _WORKER.run(reader, case)


class Runner:
    """Runs cases in ``jobs`` worker processes (spawned: each builds its own seeds), or in
    this process when ``jobs`` is 1. Each case has its own alarm in the process that runs it."""

    def __init__(self, workdir: Path, pdf_bytes: bytes | None, jobs: int = 2):
        self.workdir = Path(workdir)
        self.pdf_bytes = pdf_bytes
        self.jobs = max(1, jobs)
        self.pool = None
        self.local: Fuzzer | None = None
        if self.jobs == 1:
            self.local = Fuzzer(self.workdir / "local", pdf_bytes)
        else:
            self._start()

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_init, initargs=(str(self.workdir), self.pdf_bytes))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, reader: str, cases, deadline: float | None = None):
        """Outcomes of the cases (an iterable of case numbers), in the order they finish."""
        if self.local is not None:
            with memory_limit():
                for case in cases:
                    yield self.local.run(reader, case)
                    if deadline is not None and time.monotonic() > deadline:
                        return
            return
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        it = iter(cases)
        pending: dict = {}          # future -> case
        queue: list[int] = []       # cases to submit again after a restart
        running_since: dict = {}
        exhausted = False
        while True:
            while len(pending) < self.jobs * 3 and (queue or not exhausted):
                if queue:
                    case = queue.pop(0)
                else:
                    if deadline is not None and time.monotonic() > deadline:
                        exhausted = True
                        break
                    case = next(it, None)
                    if case is None:
                        exhausted = True
                        break
                pending[self.pool.submit(_worker_run, reader, case)] = case
            if not pending:
                return
            done, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            now = time.monotonic()
            for f in pending:
                if f not in running_since and f.running():
                    running_since[f] = now
            broken = False
            for f in done:
                case = pending.pop(f)
                running_since.pop(f, None)
                try:
                    yield f.result()
                except BrokenProcessPool:
                    broken = True
                    yield Outcome(reader, case, "crash", 0.0, "(replay the case to see it)",
                                  "a worker process died (killed or crashed) while this case or another one "
                                  "of the same batch ran: replay them one by one")
            stuck = [f for f in pending if now - running_since.get(f, now) > HARD_SECONDS]
            if stuck and not broken:
                # the alarm could not interrupt it (a long call in C): stop the workers
                oldest = min(stuck, key=lambda f: running_since[f])
                case = pending.pop(oldest)
                yield Outcome(reader, case, "hang", HARD_SECONDS, "(replay the case to see it)",
                              f"still running after {HARD_SECONDS:g} s: the alarm could not interrupt it; "
                              "the worker was killed")
                for proc in list(getattr(self.pool, "_processes", {}).values()):
                    proc.kill()
                broken = True
            if broken:                    # the other cases of the lost pool run again
                queue.extend(pending.values())
                pending.clear()
                running_since.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self._start()
