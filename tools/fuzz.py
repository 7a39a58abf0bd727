#!/usr/bin/env python3
"""Fuzz every reader of outside input with mutated real inputs, on demand.

Run it from the repository's root, as a module (so that the package ``fuzzing`` there is found):

    python -m tools.fuzz [--cases N] [--reader govreport|docx|xlsx|pdf|text|all] [--seed S]
                         [--jobs J] [--minutes M] [--out DIR] [--replay CASE]

Runs N cases (default 10000) per reader with the mutators of fuzzing/seeds.py (the same
ones tests/test_fuzz.py uses, 500 cases each), a 5 s alarm per case and the address space
capped at what is mapped plus 3 GB. Prints per reader: cases, outcomes (ok / refused with a
Chinese message / crash / hang / English message), max seconds per case, cases per second.
The inputs and tracebacks of the first failures of each kind are saved under --out
(default ./fuzz-failures), with the case number: ``--replay CASE`` runs that case again;
--out/failures.tsv lists every failure (reader, case, status, seconds, where, error, mutation).

Case numbers are ``S * 1_000_000 + i``; the same --seed gives the same inputs. ``--minutes``
stops a reader early (the PDF reader does about 6 cases a second and job). ``--jobs 2`` runs
the cases in two worker processes.

The PDF seed is the demo's .docx converted by LibreOffice (soffice must be installed). Word,
Excel and PDF files are read by ``read_path`` as the app's child process reads them, in this
process (``fuzzing.seeds.pdf_in_process``), so a hang is seen as a hang, not as the child's time limit.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from fuzzing import seeds as F  # noqa: E402
except ModuleNotFoundError as e:      # run as a script, or from elsewhere: the root is not on sys.path
    if e.name != "fuzzing":
        raise
    sys.exit("run it from the repository's root as a module: python -m tools.fuzz --help")

SAVE_PER_KIND = 5


_FRAME = re.compile(r'File "([^"]+)", line (\d+), in (\S+)')


def where(detail: str) -> str:
    """The program's last frame and the last frame of a traceback: "readers.py:122 _docx_grid"."""
    frames = [(Path(f).name, n, fn, "govreport_gui" in f) for f, n, fn in _FRAME.findall(detail)
              if Path(f).parent.name != "fuzzing"]
    ours = [f for f in frames if f[3]]
    out = []
    for f in ([ours[-1]] if ours else []) + frames[-1:]:
        s = f"{f[0]}:{f[1]} {f[2]}"
        if s not in out:
            out.append(s)
    return " … ".join(out)


def save(out: Path, o: F.Outcome, counts: Counter) -> Path | None:
    out.mkdir(parents=True, exist_ok=True)
    last = o.detail.strip().splitlines()[-1] if o.detail.strip() else ""
    with open(out / "failures.tsv", "a", encoding="utf-8") as f:     # every failure, one line each
        f.write("\t".join([o.reader, str(o.case), o.status, f"{o.seconds:.2f}", where(o.detail),
                           last[:200].replace("\t", " "), o.mutation[:300].replace("\t", " ")]) + "\n")
    key = (o.reader, o.status)
    counts[key] += 1
    if counts[key] > SAVE_PER_KIND:
        return None
    d = out / o.reader
    d.mkdir(parents=True, exist_ok=True)
    stem = d / f"{o.status}-{o.case}"
    data = o.data
    if isinstance(data, str):
        Path(f"{stem}.txt.input").write_text(data, encoding="utf-8", errors="surrogatepass")
    elif data is not None:
        Path(f"{stem}{F.SUFFIX[o.reader]}").write_bytes(data)
    Path(f"{stem}.log").write_text(
        f"reader: {o.reader}\ncase: {o.case}\nstatus: {o.status}\nseconds: {o.seconds:.3f}\n"
        f"mutation: {o.mutation}\nreproduce: python -m tools.fuzz --reader {o.reader} --replay {o.case}\n\n{o.detail}",
        encoding="utf-8")
    return stem


def main(argv: list[str] | None = None) -> int:
    work = Path(tempfile.mkdtemp(prefix="govreport-fuzz-"))
    try:
        return run(argv, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(argv: list[str] | None, work: Path) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--reader", default="all", choices=[*F.READERS, "all"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--minutes", type=float, default=None, help="stop each reader after this long")
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    ap.add_argument("--replay", type=int, default=None, help="run one case (with --reader) and print it")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (cases run in parallel)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    F.quiet()
    readers = list(F.READERS) if args.reader == "all" else [args.reader]
    pdf = None
    if "pdf" in readers:
        t = time.perf_counter()
        pdf = F.make_pdf(F.seed_docx(), work / "pdf")
        print(f"PDF seed made by LibreOffice in {time.perf_counter() - t:.1f} s ({len(pdf)} bytes)", flush=True)

    if args.replay is not None:
        if args.reader == "all":
            ap.error("--replay needs --reader")
        fuzzer = F.Fuzzer(work / "cases", pdf)
        with F.memory_limit():
            o = fuzzer.run(args.reader, args.replay, keep_data=True)
        print(f"{o.status} in {o.seconds:.3f} s\nmutation: {o.mutation}\n{o.detail}")
        if o.data is not None:
            stem = args.out / args.reader / f"replay-{o.case}"
            stem.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(o.data, str):
                p = Path(f"{stem}.txt.input")
                p.write_text(o.data, encoding="utf-8", errors="surrogatepass")
            else:
                p = Path(f"{stem}{F.SUFFIX[o.reader]}")
                p.write_bytes(o.data)
            print(f"input saved to {p}")
        return 1 if o.failed else 0

    saved = Counter()
    rows = []
    any_failed = False
    with F.Runner(work / "cases", pdf, jobs=args.jobs) as runner:
        for reader in readers:
            counts: Counter = Counter()
            max_s, max_case, n = 0.0, None, 0
            shown: Counter = Counter()
            t0 = time.perf_counter()
            deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
            cases = (args.seed * 1_000_000 + i for i in range(args.cases))
            for o in runner.run(reader, cases, deadline):
                n += 1
                counts[o.status] += 1
                if o.seconds > max_s:
                    max_s, max_case = o.seconds, o.case
                if o.failed:
                    any_failed = True
                    shown[o.status] += 1
                    stem = save(args.out, o, saved)
                    if not args.quiet and shown[o.status] <= 3:
                        print(o.summary() + (f"\n    saved: {stem}.*" if stem else ""), flush=True)
                if not args.quiet and n % 1000 == 0:
                    el = time.perf_counter() - t0
                    print(f"  {reader}: {n} cases, {el:.0f} s, {dict(counts)}", flush=True)
            el = time.perf_counter() - t0
            rows.append((reader, n, counts, max_s, max_case, n / el if el else 0.0, el))

    print()
    print(f"{'reader':<10}{'cases':>7}{'ok':>7}{'refused':>9}{'crash':>7}{'hang':>6}{'english':>9}"
          f"{'max s':>8}  {'(case)':<12}{'cases/s':>8}{'total s':>9}")
    for reader, n, c, max_s, max_case, rate, el in rows:
        print(f"{reader:<10}{n:>7}{c['ok']:>7}{c['refused']:>9}{c['crash']:>7}{c['hang']:>6}{c['english']:>9}"
              f"{max_s:>8.2f}  {str(max_case):<12}{rate:>8.1f}{el:>9.0f}")
    if any_failed:
        print(f"\nfailures saved under {args.out.resolve()}")
    return 1 if any_failed else 0


if __name__ == "__main__":
    sys.exit(main())
