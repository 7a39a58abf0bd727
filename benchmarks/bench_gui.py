"""GUI speed (issue 3 targets). Run on demand: .venv/bin/python benchmarks/bench_gui.py

- start to a usable window with the demo report: target <= 0.8 s wall median,
  with the ratio to a bare PySide6 QMainWindow start measured in the same run;
- a keystroke in section 三 to repainted totals and flags: target <= 16 ms;
- RSS after opening the demo: target <= 150 MB.

Runs offscreen unless DISPLAY is set and BENCH_X11=1. Each figure is printed with PASS or FAIL
against its target; nothing is asserted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import verdict  # noqa: E402  (benchmarks/, the script's own folder)

if os.environ.get("BENCH_X11") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("GOVREPORT_DATA_DIR", tempfile.mkdtemp(prefix="govreport-bench-"))

APP = """
import sys, time
from govreport_gui.app import build_app, open_initial
app = build_app(['bench'])
from govreport_gui.ui.main_window import MainWindow
w = MainWindow(); w.show(); open_initial(w, sys.argv[1])
w.repaint(); app.processEvents()
"""
BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(['bench']); w = QMainWindow(); w.resize(1366, 768); w.show()
w.repaint(); app.processEvents()
"""


def wall(code: str, args: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_process() -> tuple[float, float, float, float]:
    from govreport_gui.app import build_app, open_initial
    from govreport_gui.ui.main_window import MainWindow

    app = build_app(["bench"])
    w = MainWindow()
    w.show()
    open_initial(w, str(ROOT / "resources" / "demo" / "demo.govreport"))
    app.processEvents()
    rss = rss_mb()
    w.tabs.setCurrentIndex(w.TAB_IDS.index("s3"))
    view, model = w.views["s3"], w.models["s3"]
    idx = model.index_of("s3.new.natural")
    app.processEvents()
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                PaintCounter.paints += 1
            return False

    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    times, full = [], []
    for i in range(200):
        before = PaintCounter.paints
        t = time.perf_counter()
        model.setData(idx, str(313 - (i % 2)))        # what the delegate does on commit (Enter)
        while PaintCounter.paints == before:             # until Qt has repainted what changed
            app.processEvents()
            if time.perf_counter() - t > 1:
                raise RuntimeError("no repaint within 1 s")
        times.append(time.perf_counter() - t)
    for _ in range(50):
        t = time.perf_counter()
        view.viewport().repaint()                        # the whole table (tab switch, scrolling)
        full.append(time.perf_counter() - t)
    w.doc.set_clean()
    w.close()
    return rss, statistics.median(times) * 1000, max(times) * 1000, statistics.median(full) * 1000


def main() -> None:
    demo = str(ROOT / "resources" / "demo" / "demo.govreport")
    app_s = wall(APP, [demo], 9)
    bare_s = wall(BARE, [], 9)
    rss, key_ms, key_max, full_ms = in_process()
    print(f"start to usable window with the demo:  {app_s * 1000:.0f} ms median   (floor: a bare PySide6 "
          f"QMainWindow start, {bare_s * 1000:.0f} ms median, ratio {app_s / bare_s:.2f}x; target <= 800 ms)   "
          f"{verdict(app_s * 1000, 800)}")
    print(f"keystroke in 三 -> repainted:           {key_ms:.2f} ms median, {key_max:.1f} ms max (target <= 16 ms)   "
          f"{verdict(key_ms, 16)}")
    print(f"full repaint of table 三 (tab switch): {full_ms:.2f} ms median")
    print(f"RSS after opening the demo:            {rss:.0f} MB            (target <= 150 MB)   {verdict(rss, 150)}")


if __name__ == "__main__":
    main()
