"""Aggregation speed and memory (issue 6 targets).

1,000 unit files summed in <= 2 s wall, 10,000 in <= 15 s, memory that does not
grow with the number of files; with the ratio to the floor of merely reading and
parsing the same JSON files. The unit files are generated here (balanced 2021
reports with random counts).

Run on demand: .venv/bin/python benchmarks/bench_aggregate.py [N ...]
Each figure is printed beside its floor and its target, the times with PASS or FAIL; nothing
is asserted.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreport_gui.core import native, rules  # noqa: E402
from timing import verdict  # noqa: E402  (benchmarks/, the script's own folder)
from govreport_gui.core.report import new_report  # noqa: E402


def make_units(folder: Path, n: int) -> list[str]:
    rnd = random.Random(n)
    base = new_report(2024, "x")
    ed = base.ed
    comp = rules.compiled(ed)
    inputs = [c for c in ed.cells if c not in comp.computed and not c.startswith("s3.carried_out")]
    paths = []
    for i in range(n):
        r = new_report(2024, f"第{i:05d}号单位")
        for c in inputs:
            r.values[c] = rnd.randint(0, 30) if ed.cells[c].type != "amount" else native.Decimal(rnd.randint(0, 99999)) / 100
        rules.compute_totals(r)
        for col in ed.tables["s3"].columns:            # balance R1 with carried_out
            diff = r.values[f"s3.new.{col}"] + r.values[f"s3.carried_in.{col}"] - r.values[f"s3.total.{col}"]
            if col != "total":
                if diff < 0:
                    r.values[f"s3.new.{col}"] -= diff
                    diff = 0
                r.values[f"s3.carried_out.{col}"] = diff
        rules.compute_totals(r)
        p = folder / f"unit{i:05d}.govreport"
        native.save(r, p)
        paths.append(str(p))
    return paths


CHILD = """
import json, resource, sys, time
from pathlib import Path
paths = sorted(str(p) for p in Path(sys.argv[1]).glob('*.govreport'))
t = time.perf_counter()
if sys.argv[2] == 'floor':
    for p in paths:
        json.loads(Path(p).read_bytes())
else:
    from govreport_gui.core import aggregate as A
    import tempfile
    summer = A.Summer('汇总')
    for u in A.read_units(paths):
        summer.add(u)
    A.intake(summer.summaries)
    summer.save(tempfile.mktemp(suffix='.govreport'))
print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))
"""


def run(folder: Path, mode: str) -> tuple[float, float]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), mode], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    wall = time.perf_counter() - t
    _, rss = json.loads(out.strip().splitlines()[-1])
    return wall, rss


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    peaks = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="govreport-units-") as d:
            folder = Path(d)
            t = time.perf_counter()
            make_units(folder, n)
            made = time.perf_counter() - t
            agg_wall, agg_rss = run(folder, "aggregate")
            floor_wall, floor_rss = run(folder, "floor")
            target = 2 if n <= 1000 else 15
            peaks.append((n, agg_rss))
            print(f"{n:6d} units (made in {made:.0f} s): aggregate {agg_wall:.2f} s wall (floor json.loads "
                  f"{floor_wall:.2f} s, ratio {agg_wall / floor_wall:.1f}x; target <= {target} s) "
                  f"{verdict(agg_wall, target)}; peak RSS {agg_rss:.0f} MB (floor {floor_rss:.0f} MB)")
    if len(peaks) > 1:
        (n0, rss0), (n1, rss1) = min(peaks), max(peaks)
        print(f"peak RSS from {n0} to {n1} units: {rss0:.0f} MB -> {rss1:.0f} MB, x{rss1 / rss0:.2f} "
              f"(target: memory that does not grow with the number of files)")


if __name__ == "__main__":
    main()
