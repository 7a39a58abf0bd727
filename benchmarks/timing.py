"""Shared helpers for the benchmarks: timing, and the verdict printed beside a target.

A benchmark asserts nothing: it prints each figure beside its floor (the unavoidable cost it is
compared with, where it has one) and its target, with PASS or FAIL, and always runs to the end."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_ms(fn: Callable[[], object], n: int) -> float:
    """Median wall time of ``fn`` over ``n`` runs, in milliseconds."""
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def verdict(value: float, target: float) -> str:
    """PASS when ``value`` is within its target (at most ``target``), else FAIL."""
    return "PASS" if value <= target else "FAIL"
