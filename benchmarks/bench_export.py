"""Export speed (issue 4 target: both exports of the demo <= 0.3 s in-process).

Run on demand: .venv/bin/python benchmarks/bench_export.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreport_gui.core import native  # noqa: E402
from govreport_gui.core.export import docx, xlsx  # noqa: E402


def median_ms(fn, n: int = 15) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    report = native.load(ROOT / "resources" / "demo" / "demo.govreport")
    out = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    t = time.perf_counter()
    docx.export(report, out / "first.docx")
    first = (time.perf_counter() - t) * 1000
    d = median_ms(lambda: docx.export(report, out / "demo.docx"))
    x = median_ms(lambda: xlsx.export(report, out / "demo.xlsx"))
    print(f"first .docx export (cold):    {first:.0f} ms")
    print(f".docx export of the demo:     {d:.0f} ms median")
    print(f".xlsx export of the demo:     {x:.0f} ms median")
    print(f"both:                         {d + x:.0f} ms       (target <= 300 ms)")


if __name__ == "__main__":
    main()
