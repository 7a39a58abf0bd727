"""What the export tests (tests/test_export_*.py) share: the sample reports, a report with an
error and one full of characters that mean something to a template engine, the values as
printed, tables read back from Word, the map sheet of our workbooks, custom templates and
LibreOffice run headless."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx as pydocx
import pytest

from conftest import DEMO
from govreport_gui.core import native, rules

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "tests" / "fixtures" / "published"
SOURCES = {
    "demo": DEMO,                                                           # 2021, complete
    "dongan": PUBLISHED / "2020_dongan_district.govreport",                 # 2019, complete, negative 增/减
    "hainan": PUBLISHED / "2020_hainan_township.govreport",                 # 2019, 138 blank cells
}
RESULT_ROWS = {"2021": 22, "2019": 20}       # rows under the vertical label 三、本年度办理结果


def load(name: str):
    return native.load(SOURCES[name])


def broken_report():
    """The demo with 一、本年新收「总计」one too high: R1 (and R3) errors, as printed."""
    r = load("demo")
    r.values["s3.new.total"] += 1          # 357 -> 358
    return r


SAFE_ISSUER = "云泽市“城&乡”<建设>管委会'甲'"
SAFE_LINES = [
    "A & B < C > D \" E ' F &amp; &lt;",
    "第二段：{{ x }} 与 {% if %} 以及 {%p endif %} 和 {{p tables.s3 }} 原样印出",
    "</w:t></w:r></w:p><w:p><w:r><w:t>注入]]><![CDATA[",
    "=1+1",
    "=SUM(A1:A3)",
    "+cmd|' /C calc'!A0",
]


def safety_report():
    r = load("demo")
    r.issuer = SAFE_ISSUER
    r.text["s1"] = "\n".join(SAFE_LINES)
    r.text["s5"] = "{{ title }}{{ v['s3.new.total'] }}"
    return r


def printed(report, cell_id: str, blank: str) -> str:
    """A value as it must appear in the document (independent of the exporter): a blank total
    whose parts are known appears as their sum, as Excel's formula shows it."""
    v = report.values.get(cell_id)
    if v is None:
        v = _sum_of_parts(report, cell_id)
    if v is None:
        return "0" if blank == "zero" else ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _sum_of_parts(report, cell_id: str):
    from govreport_gui.core.rules import compiled

    terms = compiled(report.ed).computed.get(cell_id, [])
    known = [x for x in (report.values.get(t) if report.values.get(t) is not None else _sum_of_parts(report, t)
                         for t in terms) if x is not None]
    return sum(known) if known else None


def lines(text: str | None) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def doc_texts(doc) -> list[str]:
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()]


def doc_table_for(doc, report, sid: str):
    i = list(report.ed.tables).index(sid)
    return doc.tables[i]


def assert_table(dt, table, report, blank: str) -> None:
    """Every value and label at its grid position; merged cells exactly as the edition says."""
    assert len(dt.rows) == table.height
    assert len(dt.columns) == table.width
    tcs = {(r, c): dt.cell(r, c)._tc for r in range(table.height) for c in range(table.width)}
    for g in table.grid:
        # a label as printed: on the lines the edition breaks it into (商业 / 企业)
        want = "\n".join(table.breaks.get(g.text, [g.text])) if g.kind == "label" else printed(report, g.cell, blank)
        got = dt.cell(g.row, g.col).text
        assert got == want, f"{table.section} row {g.row} col {g.col} ({g.cell or g.text}): {got!r} != {want!r}"
        span = {(r, c) for r in range(g.row, g.row + g.rowspan) for c in range(g.col, g.col + g.colspan)}
        top = tcs[(g.row, g.col)]
        merged = {pos for pos, tc in tcs.items() if tc is top}
        assert merged == span, f"{table.section} {g.cell or g.text!r}: merged over {sorted(merged)}, want {sorted(span)}"


def soffice(tmp_path_factory, args: list[str], files: list[Path], name: str) -> Path:
    """Run headless LibreOffice once on several files, with a private profile."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test (installs it)")
    outdir = tmp_path_factory.mktemp(name)
    profile = tmp_path_factory.mktemp(f"lo-profile-{name}")
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", *args,
           "--outdir", str(outdir), *[str(f) for f in files]]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return outdir


def make_template(path: Path, paragraphs: list[str]) -> Path:
    d = pydocx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


def xlsx_map(wb) -> dict[str, tuple[str, str]]:
    rows = list(wb["_govreport"].iter_rows(values_only=True))
    out = {}
    for row in rows[2:]:
        cid, sheet, addr = row[:3]
        if cid is None:
            continue
        assert cid not in out, f"{cid} twice in the map"
        out[cid] = (sheet, addr)
    return out


def computed(report) -> dict[str, tuple[str, ...]]:
    return rules.compiled(report.ed).computed
