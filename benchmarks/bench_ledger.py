"""Counting a register of 100,000 applications (issue 16 target: read and counted in <= 2 s).

The registers are generated here, 100,000 rows over two years (applicant types and results in the
spellings offices use, dates as Excel dates and as text):

- an .xlsx laid out as Excel and WPS save it (shared strings, dates as numbers in a date format);
- the same as CSV, in UTF-8 and in GBK;
- with ``--openpyxl``: as openpyxl writes it (inline strings; 4 s to write);
- with ``--libreoffice``: the Excel-like one saved again by LibreOffice (a font run around each
  mixed Chinese/Latin string: 115 MB of XML; needs soffice).

Each is read (read_register) and counted for 2024 (count_applications), three times; the median
is printed beside its floor — for .xlsx, libxml2 merely parsing the sheet and the shared strings
(lxml.iterparse, nothing kept); for CSV, Python's csv module splitting the decoded text — and the
target, with PASS or FAIL. Nothing is asserted.

Run on demand: .venv/bin/python benchmarks/bench_ledger.py [ROWS] [--openpyxl] [--libreoffice]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreport_gui.core import edition  # noqa: E402
from govreport_gui.core.ledger import count_applications, read_register  # noqa: E402
from timing import verdict  # noqa: E402  (benchmarks/, the script's own folder)

TARGET_S = 2.0
RUNS = 3
HEADER = ["序号", "申请人", "申请人类型", "收到申请日期", "申请内容", "答复日期", "答复类型"]
APPLICANTS = ["自然人", "公民", "法人或其他组织-商业企业", "科研机构", "法人或其他组织（社会公益组织）", "法律服务机构", "其他"]
RESULTS = ["予以公开", "（二）部分公开", "不予公开-属于国家秘密", "不予公开（4.保护第三方合法权益）", "无法提供 1.本机关不掌握相关政府信息",
           "不予处理：2、重复申请", "其他处理-其他", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
EPOCH = dt.date(1899, 12, 30)


def applications(n: int) -> list[tuple]:
    """(number, name, applicant, received, content, answered or None, result or None)."""
    rnd = random.Random(16)
    out = []
    for i in range(n):
        received = dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(730))
        answered = received + dt.timedelta(days=rnd.randrange(30)) if rnd.random() < 0.9 else None
        out.append((i + 1, f"申请人{i + 1}", rnd.choice(APPLICANTS), received, f"申请公开某某文件（第{i + 1}号）",
                    answered, rnd.choice(RESULTS) if answered else None))
    return out


def write_excel_like(path: Path, rows: list[tuple]) -> None:
    """An .xlsx as Excel writes one: shared strings, dates as day numbers in format 14."""
    strings: dict[str, int] = {}

    def s(text: str) -> str:
        return str(strings.setdefault(text, len(strings)))

    cols = "ABCDEFG"
    parts = ['<row r="1" spans="1:7">' + "".join(f'<c r="{cols[i]}1" t="s"><v>{s(h)}</v></c>' for i, h in enumerate(HEADER))
             + "</row>"]
    for k, (num, name, applicant, received, content, answered, result) in enumerate(rows, start=2):
        cells = [f'<c r="A{k}"><v>{num}</v></c>', f'<c r="B{k}" t="s"><v>{s(name)}</v></c>',
                 f'<c r="C{k}" t="s"><v>{s(applicant)}</v></c>', f'<c r="D{k}" s="1"><v>{(received - EPOCH).days}</v></c>',
                 f'<c r="E{k}" t="s"><v>{s(content)}</v></c>']
        if answered:
            cells += [f'<c r="F{k}" s="1"><v>{(answered - EPOCH).days}</v></c>', f'<c r="G{k}" t="s"><v>{s(result)}</v></c>']
        parts.append(f'<row r="{k}" spans="1:7">' + "".join(cells) + "</row>")
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {main} xmlns:r="{rel}">'
             f'<dimension ref="A1:G{len(rows) + 1}"/><sheetData>{"".join(parts)}</sheetData></worksheet>')
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {main} count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(t)}</t></si>" for t in strings) + "</sst>")
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
          'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.'
          'openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument"'
                   f' Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="{rel}"><sheets>'
                   f'<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                   f'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/'
                   f'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" '
                   f'Target="styles.xml"/><Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                   f'</Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {main}><cellXfs count="2">'
                   f'<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)


def write_csv(path: Path, rows: list[tuple], encoding: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADER)
    for num, name, applicant, received, content, answered, result in rows:
        w.writerow([num, name, applicant, f"{received.year}/{received.month}/{received.day}", content,
                    f"{answered:%Y年%m月%d日}" if answered else "", result or ""])
    path.write_bytes(buf.getvalue().encode(encoding))


def write_openpyxl(path: Path, rows: list[tuple]) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    wb.save(path)


def floor_xlsx(path: Path) -> float:
    from lxml import etree

    t = time.perf_counter()
    with zipfile.ZipFile(path) as z:
        for part, tag in (("xl/sharedStrings.xml", "{*}si"), ("xl/worksheets/sheet1.xml", "{*}row")):
            if part not in z.namelist():
                continue
            with z.open(part) as f:
                for n, (_, el) in enumerate(etree.iterparse(f, events=("end",), tag=tag), start=1):
                    if n % 1024 == 0:
                        parent = el.getparent()
                        del parent[:parent.index(el)]
    return time.perf_counter() - t


def floor_csv(path: Path) -> float:
    t = time.perf_counter()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    for _ in csv.reader(io.StringIO(text, newline="")):
        pass
    return time.perf_counter() - t


def measure(path: Path) -> tuple[float, float, int]:
    ed = edition.get("2021")
    reads, counts = [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        reg = read_register(path)
        t1 = time.perf_counter()
        c = count_applications(reg, ed, 2024)
        counts.append(time.perf_counter() - t1)
        reads.append(t1 - t)
    assert c.balance_problems() == [] and c.complete
    return statistics.median(reads), statistics.median(counts), len(reg.entries)


def main(argv: list[str]) -> None:
    n = next((int(a) for a in argv if a.isdigit()), 100_000)
    rows = applications(n)
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp:
        folder = Path(tmp)
        files: list[tuple[str, Path, float]] = []
        p = folder / "excel.xlsx"
        write_excel_like(p, rows)
        files.append(("xlsx as Excel/WPS save it", p, floor_xlsx(p)))
        for enc in ("utf-8", "gbk"):
            p = folder / f"{enc}.csv"
            write_csv(p, rows, enc)
            files.append((f"csv {enc}", p, floor_csv(p)))
        if "--openpyxl" in argv:
            p = folder / "openpyxl.xlsx"
            write_openpyxl(p, rows)
            files.append(("xlsx as openpyxl writes it", p, floor_xlsx(p)))
        if "--libreoffice" in argv:
            out = folder / "lo"
            subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                            "--convert-to", "xlsx", "--outdir", str(out), str(folder / "excel.xlsx")],
                           check=True, capture_output=True, timeout=600)
            p = out / "excel.xlsx"
            files.append(("xlsx saved by LibreOffice", p, floor_xlsx(p)))
        print(f"{n:,} applications over two years, counted for 2024 (median of {RUNS} runs); target: read + count "
              f"<= {TARGET_S:g} s")
        for what, path, floor in files:
            read_s, count_s, entries = measure(path)
            total = read_s + count_s
            size = path.stat().st_size / 1024 / 1024
            print(f"  {what:28} {size:5.1f} MB  read {read_s:5.2f} s + count {count_s:4.2f} s = {total:5.2f} s  "
                  f"(floor {floor:4.2f} s: the parsing alone)  {entries:,} rows  {verdict(total, TARGET_S)}")


if __name__ == "__main__":
    main(sys.argv[1:])
