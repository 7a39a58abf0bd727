"""The results of a Wine test run (tools/wine-test.sh), from the JSON lines of wineplugin.py.

    python3 tools/wine/summary.py resume RESULTS SKIPLIST [LOG]   after each attempt: 0 = the run is over;
        1 = it ended inside a test (hung, stopped by pytest-timeout): that test is recorded as hung,
        every test that started is written to SKIPLIST, and the script starts pytest again
    python3 tools/wine/summary.py report RESULTS KNOWN [DETAILS]   the summary; exit 0 when nothing
        failed except what KNOWN lists as a Wine limitation (node id prefix, a tab, the reason);
        the full report of each failure goes to DETAILS
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def records(path: str) -> list[dict]:
    out = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass                                   # a line cut short by the process's end
    return out


def timeout_dump(log: str | None) -> str:
    """pytest-timeout's dump of every thread's stack, from the attempt's output."""
    if not log or not Path(log).exists():
        return ""
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    first = text.find("+++++ Timeout +++++")
    return text[first:][-12000:] if first >= 0 else ""


def resume(path: str, skiplist: str, log: str | None = None) -> int:
    recs = records(path)
    last_start = max((i for i, r in enumerate(recs) if "start" in r), default=-1)
    last_finish = max((i for i, r in enumerate(recs) if r.get("finished")), default=-1)
    if last_start < 0 or last_finish > last_start:
        return 0
    hung = recs[last_start]["start"]
    if any(r.get("nodeid") == hung and r.get("when") in ("call", "teardown") for r in recs[last_start:]):
        return 0                                   # it ended after the last test, not inside it
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"nodeid": hung, "when": "call", "outcome": "hung",
                            "duration": 0, "message": "no result within the time limit",
                            "detail": timeout_dump(log)},
                           ensure_ascii=False) + "\n")
    started = sorted({r["start"] for r in recs if "start" in r})
    Path(skiplist).write_text("".join(s + "\n" for s in started), encoding="utf-8")
    print(hung)
    return 1


def outcomes(recs: list[dict]) -> dict[str, tuple[str, str]]:
    """nodeid -> (passed|failed|error|skipped|hung, message)."""
    out: dict[str, tuple[str, str]] = {}
    for r in recs:
        node = r.get("nodeid")
        if not node:
            continue
        when, outcome, msg = r.get("when"), r.get("outcome"), r.get("message", "")
        prev = out.get(node, ("", ""))[0]
        if outcome == "hung":
            out[node] = ("hung", msg)
        elif when == "collect":
            out[node] = ("error", msg)
        elif when == "setup":
            if outcome == "failed":
                out[node] = ("error", msg)
            elif outcome == "skipped":
                out[node] = ("skipped", msg)
        elif when == "call":
            if prev != "hung":
                out[node] = ({"passed": "passed", "failed": "failed", "skipped": "skipped"}[outcome], msg)
        elif when == "teardown" and outcome == "failed" and prev in ("passed", ""):
            out[node] = ("error", msg)
    return out


def report(path: str, known_path: str, details: str | None = None) -> int:
    recs = records(path)
    if details:
        with open(details, "w", encoding="utf-8") as f:
            for r in recs:
                if r.get("outcome") in ("failed", "hung"):
                    f.write(f"{'=' * 30} {r['nodeid']} ({r.get('when')}: {r['outcome']})\n"
                            f"{r.get('detail') or r.get('message', '')}\n\n")
    res = outcomes(recs)
    known = []
    for line in Path(known_path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            prefix, why = line.split("\t", 1)
            known.append((prefix.strip(), why.strip()))

    def known_reason(node: str) -> str | None:
        return next((why for prefix, why in known if node.startswith(prefix)), None)

    counts = Counter(kind for kind, _ in res.values())
    bad = {n: v for n, v in res.items() if v[0] in ("failed", "error", "hung")}
    expected = {n: v for n, v in bad.items() if known_reason(n)}
    unexpected = {n: v for n, v in bad.items() if n not in expected}
    print()
    print("=" * 100)
    print("Wine test run (Windows CPython, code page 936): "
          + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("passed", "failed", "error", "hung", "skipped")))
    for title, group in (("FAILED / ERROR / HUNG", unexpected), ("known Wine limitation", expected)):
        if group:
            print(f"-- {title}:")
            for node, (kind, msg) in sorted(group.items()):
                first = (msg.strip().splitlines() or [""])[0][:160]
                why = known_reason(node)
                print(f"  {kind.upper():7} {node}\n          {first}" + (f"\n          Wine: {why}" if why else ""))
    skipped = Counter(msg.split(" (")[0] if msg.startswith("needs LibreOffice") else msg
                      for kind, msg in res.values() if kind == "skipped")
    if skipped:
        print("-- skipped, by reason:")
        for why, n in skipped.most_common():
            print(f"  {n:4} × {why[:150]}")
    if details and bad:
        print(f"-- each failure in full: {details}")
    print("=" * 100)
    if not counts.get("passed"):
        print("no test passed: the run did not work")
        return 1
    return 1 if unexpected else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "resume":
        sys.exit(resume(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None))
    sys.exit(report(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None))
