"""Narrower than pool_probe.py: one spawned child reads N items from a multiprocessing.Queue
(a Windows named pipe read with overlapped I/O) and sends each back on another Queue.

    wine python.exe tools/wine/pipe_probe.py [items] [rounds] [batch]

With "batch", all items are put before any is read back (as a pool's feeder thread does).

No concurrent.futures, no application code. Reports the round and item where a read never
returns (20 s), with the stacks of the parent's threads; a child left waiting writes its own
stack to %TEMP%/pipe_probe-<pid>.txt after 15 s (faulthandler) and exits.
"""

import faulthandler
import multiprocessing as mp
import os
import sys
import tempfile
import time


def child(inbox, outbox):
    log = open(os.path.join(tempfile.gettempdir(), f"pipe_probe-{os.getpid()}.txt"), "w")
    faulthandler.dump_traceback_later(15, exit=True, file=log)
    while True:
        item = inbox.get()
        faulthandler.dump_traceback_later(15, exit=True, file=log)
        if item is None:
            return
        outbox.put(item)


def main() -> int:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    batch = len(sys.argv) > 3 and sys.argv[3] == "batch"
    for r in range(rounds):
        t0 = time.monotonic()
        inbox, outbox = mp.Queue(), mp.Queue()
        p = mp.Process(target=child, args=(inbox, outbox))
        p.start()
        if batch:
            for i in range(items):
                inbox.put(i)
        for i in range(items):
            if not batch:
                inbox.put(i)
            try:
                got = outbox.get(timeout=20)
            except Exception:
                print(f"round {r}: item {i} never came back (20 s)", flush=True)
                faulthandler.dump_traceback(all_threads=True)
                p.kill()
                return 3
            assert got == i
        inbox.put(None)
        p.join(20)
        print(f"round {r}: {items} round trips in {time.monotonic() - t0:.1f} s", flush=True)
    print("no lost read", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
