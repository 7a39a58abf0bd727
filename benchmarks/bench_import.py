"""Import speed (issue 5 targets): a report PDF of about 6 pages <= 1.5 s, a .docx <= 0.3 s;
(issue 14) a web page <= 0.3 s as a whole `govreport show` process, and the time of each other
reader of published forms: a saved .mht, an old .doc/.xls converted by LibreOffice.

Run on demand: .venv/bin/python benchmarks/bench_import.py
The inputs are made here: the demo exported to .docx, and that converted to PDF
by LibreOffice (so the PDF looks like a published one: ruled tables, wrapped text).
Each figure is printed with PASS or FAIL against its target; nothing is asserted (without
LibreOffice the PDF is not measured, and the bench says so).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import median_ms, verdict  # noqa: E402

from govreport_gui.core import importers, native  # noqa: E402
from govreport_gui.core.export import docx  # noqa: E402


def process_ms(path: Path, n: int = 5) -> float:
    """A whole `govreport show FILE` process: start, imports, read, print."""
    cli = Path(sys.executable).with_name("govreport")
    argv = [str(cli)] if cli.exists() else [sys.executable, "-m", "govreport_gui.cli"]
    return median_ms(lambda: subprocess.run([*argv, "show", str(path)], capture_output=True, check=True), n)


def web_pages(report, out: Path) -> None:
    """The demo as a published web page (zeros and totals blank) and as the page saved in .mht."""
    sys.path.insert(0, str(ROOT))
    from fuzzing.seeds import mht_of, seed_pages

    page = seed_pages(report)[0]
    (out / "demo.html").write_text(page, encoding="utf-8")
    (out / "demo.mht").write_bytes(mht_of(page, "chrome", images=20))
    for name in ("demo.html", "demo.mht"):
        p = out / name
        t = median_ms(lambda: importers.read_path(p), 9)
        w = process_ms(p)
        got = importers.read_path(p).report
        print(f"{name:9} read: {t:4.0f} ms median; `govreport show` process: {w:4.0f} ms   (target <= 300 ms)   "
              f"{verdict(w, 300)}   {len(got.values)} values")
    for sample in sorted((ROOT.parent / "shared" / "samples").glob("*.html")):   # real pages, when present
        w = process_ms(sample)
        print(f"{sample.name}: `govreport show` process {w:.0f} ms   (target <= 300 ms)   {verdict(w, 300)}")


def main() -> None:
    report = native.load(ROOT / "resources" / "demo" / "demo.govreport")
    out = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    src = out / "demo.docx"
    docx.export(report, src)
    d = median_ms(lambda: importers.read_path(src), 9)
    print(f".docx import of the demo:            {d:.0f} ms median   (target <= 300 ms)    {verdict(d, 300)}")
    web_pages(report, out)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("PDF import of the demo:              not measured: LibreOffice is needed to make the PDF "
              "(scripts/setup.sh --test)")
        return
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=180)
    pdf = out / "demo.pdf"
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    n_pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
    p = median_ms(lambda: importers.read_path(pdf), 5)
    got = importers.read_path(pdf).report
    same = sum(1 for c, v in report.values.items() if got.values.get(c) == v)
    print(f"PDF import of the demo ({n_pages} pages):     {p:.0f} ms median   (target <= 1500 ms)   {verdict(p, 1500)}")
    print(f"values read back from the PDF:       {same}/{len(report.values)}")
    from govreport_gui.core.export import xlsx

    xlsx.export(report, out / "demo.xlsx")
    for src_name, to in (("demo.docx", "doc"), ("demo.xlsx", "xls")):
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless", "--convert-to", to,
                        "--outdir", str(out), str(out / src_name)], check=True, capture_output=True, timeout=180)
        old = out / f"demo.{to}"
        t = median_ms(lambda: importers.read_path(old), 3)
        same = sum(1 for c, v in report.values.items() if importers.read_path(old).report.values.get(c) == v)
        print(f".{to} import (LibreOffice conversion, then read): {t:.0f} ms median; {same}/{len(report.values)} values")


if __name__ == "__main__":
    main()
