"""pytest plugin for tools/wine-test.sh: every result on disk as it happens, and a run that
can be resumed after a hang.

pytest-timeout can only stop a hung test on Windows by ending the whole process (its thread
method calls os._exit), so the results of a run must not live only in that process:

- ``WINE_TEST_RESULTS`` (a file): one JSON line per test when it starts ({"start": nodeid}) and
  one per phase report ({"nodeid", "when", "outcome", "duration", "message"}), flushed at once.
  A test with a start line and no call/teardown line was running when the process ended: the
  script records it as hung and starts pytest again.
- ``WINE_TEST_SKIP`` (a file of node ids, one a line): tests already run, or hung, in an earlier
  attempt; they are deselected, so a second attempt only runs what is left.

Loaded with ``-p wineplugin`` (tools/wine on PYTHONPATH). Without the variables it does nothing.
"""

from __future__ import annotations

import json
import os

_out = None


def _write(record: dict) -> None:
    if _out is not None:
        _out.write(json.dumps(record, ensure_ascii=False) + "\n")
        _out.flush()


def pytest_configure(config):
    global _out
    path = os.environ.get("WINE_TEST_RESULTS")
    if path:
        _out = open(path, "a", encoding="utf-8")


def pytest_collection_modifyitems(config, items):
    path = os.environ.get("WINE_TEST_SKIP")
    if not path or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        done = {line.rstrip("\n") for line in f if line.strip()}
    keep = [i for i in items if i.nodeid not in done]
    gone = [i for i in items if i.nodeid in done]
    if gone:
        config.hook.pytest_deselected(items=gone)
        items[:] = keep


def pytest_runtest_logstart(nodeid, location):
    _write({"start": nodeid})


def pytest_runtest_logreport(report):
    message = ""
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        message = str(report.longrepr[2])
    elif report.failed:
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message if crash is not None else str(report.longrepr)[-500:]
    record = {"nodeid": report.nodeid, "when": report.when, "outcome": report.outcome,
              "duration": round(report.duration, 2), "message": message[:1000]}
    if report.failed:                        # the whole report: a later os._exit would lose pytest's own
        record["detail"] = (report.longreprtext or "")[-12000:]
    _write(record)


def pytest_collectreport(report):
    if report.failed:
        _write({"nodeid": report.nodeid or "(collection)", "when": "collect", "outcome": "failed",
                "duration": 0, "message": str(report.longrepr)[-1000:]})


def pytest_unconfigure(config):
    global _out
    if _out is not None:
        _write({"finished": True})
        _out.close()
        _out = None
