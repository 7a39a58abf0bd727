"""Does a process pool start under Wine when stdout/stderr are a file (as under pytest's capture)?

    wine python.exe tools/wine/pool_probe.py pipe|file [rounds] [workers] [futures|mp]

Each round starts a ProcessPoolExecutor with 2 (or [workers]) spawned workers and maps a trivial function.
"file": fds 1 and 2 are first redirected to a temporary file with os.dup2, which is what
pytest's output capture does; the pool workers inherit that file as their standard output.
"mp" uses multiprocessing.Pool instead of concurrent.futures.ProcessPoolExecutor.
Prints one line per round (to the original stdout) and how long it took; a round that
does not finish within 20 s is reported as a hang and the probe stops.
"""

import faulthandler
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def double(x: int) -> int:
    return 2 * x


def main() -> int:
    mode = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    kind = sys.argv[4] if len(sys.argv) > 4 else "futures"
    out = os.dup(1)
    out_file = os.fdopen(os.dup(out), "w")

    def say(text: str) -> None:
        os.write(out, (text + "\n").encode("ascii"))

    if mode == "file":
        capture = tempfile.TemporaryFile()
        os.dup2(capture.fileno(), 1)
        os.dup2(capture.fileno(), 2)
    for i in range(rounds):
        t0 = time.monotonic()
        done = threading.Event()

        def watchdog():
            if not done.wait(20):
                say(f"round {i}: HANG (no result after 20 s); the threads of this process:")
                faulthandler.dump_traceback(file=out_file, all_threads=True)
                os._exit(3)

        threading.Thread(target=watchdog, daemon=True).start()
        if kind == "mp":
            with multiprocessing.Pool(workers) as pool:
                assert pool.map(double, range(100), chunksize=10) == [2 * x for x in range(100)]
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                assert list(pool.map(double, range(100), chunksize=10)) == [2 * x for x in range(100)]
        done.set()
        say(f"round {i}: ok in {time.monotonic() - t0:.1f} s")
    say(f"{mode}, {workers} workers, {kind}: {rounds} rounds, no hang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
