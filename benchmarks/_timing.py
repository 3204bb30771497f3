"""Timing shared by the benchmarks."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def median_times(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per function over ``repeat`` rounds.

    Each function runs once untimed first (neighborly generates its code on first
    use); then the functions take turns, round after round, so a slow moment of the
    machine or a heap left by one library falls on all of them alike.  Each result
    is kept until the clock stops, so freeing it is not timed.
    """
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            result = fn()
            times[name].append(time.perf_counter() - start)
            del result
    return {name: statistics.median(values) for name, values in times.items()}
