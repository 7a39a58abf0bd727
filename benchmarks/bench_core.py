"""Core speed (issue 2 targets). Run on demand: python benchmarks/bench_core.py

- full recompute + check of the demo (2021): target <= 1 ms median
- one cell changed -> updated totals and findings: target <= 0.2 ms median
- `govreport check demo.govreport` as a whole process: target <= 0.35 s wall median,
  beside its floor: `python -c "import json"` as a process

Each figure is printed with PASS or FAIL against its target; nothing is asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import median_ms, verdict  # noqa: E402

from govreport_gui.core import native, rules  # noqa: E402
from govreport_gui.core import rulefuncs  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo.govreport"


def process_s(cmd: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    report = native.load(DEMO)
    engine = rules.Engine(report, compute_totals=True)

    def full():
        engine.check_all()

    def full_cold():
        for cached in (rulefuncs._plain, rulefuncs._runs, rulefuncs.repetition):     # H3's caches
            cached.cache_clear()
        engine.check_all()

    cells = ["s3.new.natural", "s3.granted.business", "s3.denied.law.natural", "s4.review.upheld", "s2.fees.amount"]
    state = {"i": 0}

    def one_cell():
        i = state["i"] = state["i"] + 1
        cell = cells[i % len(cells)]
        v = report.values[cell]
        engine.set_values({cell: v + 1 if i % 2 else v})

    full_ms = median_ms(full, 2000)
    cold_ms = median_ms(full_cold, 500)
    cell_ms = median_ms(one_cell, 5000)
    cmd = [sys.executable, "-m", "govreport_gui.cli", "check", str(DEMO)]
    script = Path(sys.executable).with_name("govreport")
    if script.exists():
        cmd = [str(script), "check", str(DEMO)]
    check_s = process_s(cmd, 30)
    floor_s = process_s([sys.executable, "-c", "import json"], 30)
    print(f"full recompute + check (2021 demo):      {full_ms:.3f} ms median   "
          f"(target <= 1 ms)     {verdict(full_ms, 1)}")
    print(f"  same, text-similarity cache cleared:   {cold_ms:.3f} ms median")
    print(f"one cell -> totals + findings:           {cell_ms:.4f} ms median  "
          f"(target <= 0.2 ms)   {verdict(cell_ms, 0.2)}")
    print(f"`{Path(cmd[0]).name} ... check demo` process:   {check_s * 1000:.0f} ms median      "
          f"(floor `python -c 'import json'` {floor_s * 1000:.0f} ms, ratio {check_s / floor_s:.1f}x; "
          f"target <= 350 ms)   {verdict(check_s * 1000, 350)}")


if __name__ == "__main__":
    main()
