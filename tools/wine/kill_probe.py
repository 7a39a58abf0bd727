"""Does killing a child that is still starting close its ends of the pipes? (Wine 8 question)

    wine python.exe tools/wine/kill_probe.py [delay] [rounds]

Each round starts `python -c "import sys; sys.stdin.buffer.read()"` with stdin/stdout/stderr pipes,
a thread writes 1 MB to its stdin (more than the pipe holds), the child is killed after `delay`
seconds (default 0.05: still starting) and reaped; then the writer and a reader of its stdout must
see the broken pipe within 5 s. Reports, per round, whether they did. No application code.
"""

import subprocess
import sys
import threading
import time


def main() -> int:
    delay = float(sys.argv[1]) if len(sys.argv) > 1 else 0.05
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    stuck = 0
    for r in range(rounds):
        proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.buffer.read()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))

        def feed():
            try:
                proc.stdin.write(b"x" * (1 << 20))
                proc.stdin.flush()
            except OSError:
                pass

        def drain():
            try:
                proc.stdout.read()
            except OSError:
                pass

        threads = [threading.Thread(target=f, daemon=True) for f in (feed, drain)]
        for t in threads:
            t.start()
        time.sleep(delay)
        t0 = time.monotonic()
        proc.kill()
        try:
            rc = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            rc = "still running after 10 s"
        for t in threads:
            t.join(5)
        alive = [n for n, t in zip(("writer", "reader"), threads) if t.is_alive()]
        stuck += bool(alive)
        print(f"round {r}: killed after {delay:g} s, exit {rc}; "
              + (f"STILL BLOCKED: {', '.join(alive)}" if alive else f"pipes broken within {time.monotonic() - t0:.1f} s"),
              flush=True)
    print(f"{stuck} of {rounds} rounds left a thread blocked on the dead child's pipe", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
