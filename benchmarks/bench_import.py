"""Import speed (issue 5 targets): a report PDF of about 6 pages <= 1.5 s, a .docx <= 0.3 s.

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


def main() -> None:
    report = native.load(ROOT / "resources" / "demo" / "demo.govreport")
    out = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    src = out / "demo.docx"
    docx.export(report, src)
    d = median_ms(lambda: importers.read_path(src), 9)
    print(f".docx import of the demo:            {d:.0f} ms median   (target <= 300 ms)    {verdict(d, 300)}")
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


if __name__ == "__main__":
    main()
