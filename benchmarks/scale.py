"""How the city-wide points settlement grows with the city and with workers.

    python benchmarks/scale.py                      # 1, 10 and 100 communities of
                                                    # 10,000 volunteers and 200,000 entries
    python benchmarks/scale.py --sizes 1 4 --volunteers 1000

For each size the seeded synthetic city (scripts/generate_city.py) is written to one
JSON file per community.  Then the same job, read every community's file and settle
every volunteer (points balance, expiries, hours, stars), runs four ways:

- ``loop``: a plain loop over the files in one worker process, no Dask (what a user
  would write first; every ratio is against it);
- ``pool 2``: ``multiprocessing.Pool(2).map`` over the files (what a user would reach
  for next on one machine);
- ``dask 1`` and ``dask 2``: ``neighborly.batch.settle_points`` on Dask's local process
  scheduler with 1 and 2 workers, each worker reading its own files.

Every way starts fresh worker processes, so each reports its own peak resident memory
(the largest worker); the driver's peak is the running maximum of this process, which
gathers every row.  Wall time includes starting the workers and gathering the rows.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import importlib.util
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from neighborly import dumps, load_community
from neighborly.batch import (
    Settlement,
    communities_from_files,
    run,
    settle_community,
    settle_points,
)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 22)
SPAWN = multiprocessing.get_context("spawn")  # as Dask's process scheduler starts workers


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_city", ROOT / "scripts" / "generate_city.py"
    )
    if spec is None or spec.loader is None:
        msg = "scripts/generate_city.py is missing"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_city"] = module
    spec.loader.exec_module(module)
    return module


def _own_peak_mb() -> float:
    """This process's peak resident memory.  Linux's VmHWM starts afresh when a worker
    is spawned; ``ru_maxrss`` would carry over the driver's peak at the moment the
    worker was forked, so it is only the fallback."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(job: tuple[str, int, int, int, int]) -> int:
    """Write community ``index`` of the seeded city into ``folder``; its entry count."""
    folder, index, volunteers, entries, records = job
    community = _generator().community_of(
        2026,
        index,
        volunteers=volunteers,
        entries_per_volunteer=entries,
        records_per_volunteer=records,
    )
    path = Path(folder) / f"{community.id}.json"
    path.write_bytes(dumps(community, personal_data=True, purpose="benchmark"))
    return len(community.points.entries) if community.points else 0


def _settle_file(path: str) -> tuple[tuple[Settlement, ...], float]:
    rows = settle_community(load_community(path), AS_OF)
    return rows, _own_peak_mb()


def _settle_all(paths: list[str]) -> tuple[list[Settlement], float]:
    rows: list[Settlement] = []
    for path in paths:
        rows.extend(settle_community(load_community(path), AS_OF))
    return rows, _own_peak_mb()


def _with_peak(rows: list[Any]) -> list[Any]:
    """A partition's rows and, last, the worker's peak memory (a plain tuple, which no
    row is)."""
    return [*rows, ("peak", _own_peak_mb())]


def loop(paths: list[str]) -> tuple[int, float]:
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=SPAWN) as pool:
        rows, peak = pool.submit(_settle_all, paths).result()
    return len(rows), peak


def pool(paths: list[str], workers: int) -> tuple[int, float]:
    with SPAWN.Pool(workers) as workers_pool:
        done = workers_pool.map(_settle_file, paths, chunksize=1)
    return sum(len(rows) for rows, _ in done), max(peak for _, peak in done)


def dask(paths: list[str], workers: int) -> tuple[int, float]:
    bag = settle_points(communities_from_files(paths, partitions=len(paths)), AS_OF)
    out = run(bag.map_partitions(_with_peak), scheduler="processes", workers=workers)
    peaks = [item[1] for item in out if isinstance(item, tuple)]
    return len(out) - len(peaks), max(peaks)


def _ways(workers: list[int]) -> Iterator[tuple[str, Callable[[list[str]], tuple[int, float]]]]:
    yield "loop", loop
    for n in workers:
        if n > 1:
            yield f"pool {n}", lambda paths, n=n: pool(paths, n)
    for n in workers:
        yield f"dask {n}", lambda paths, n=n: dask(paths, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--volunteers", type=int, default=10_000, help="per community")
    parser.add_argument("--entries", type=int, default=20, help="ledger entries per volunteer")
    parser.add_argument("--records", type=int, default=2, help="service records per volunteer")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; settled as of {AS_OF}")
    print(
        "| communities | volunteers | entries | way | seconds | entries/s | vs loop "
        "| worker peak MB | driver peak MB |"
    )
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            jobs = [(folder, i, args.volunteers, args.entries, args.records) for i in range(size)]
            start = time.perf_counter()
            with concurrent.futures.ProcessPoolExecutor(
                min(size, max(args.workers)), mp_context=SPAWN
            ) as writers:
                entries = sum(writers.map(_write, jobs))
            written = time.perf_counter() - start
            megabytes = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
            print(f"<!-- {size} files, {megabytes:,.0f} MB of JSON, written in {written:.0f} s -->")
            paths = sorted(str(p) for p in Path(folder).iterdir())
            base = None
            for name, way in _ways(args.workers):
                start = time.perf_counter()
                rows, peak = way(paths)
                seconds = time.perf_counter() - start
                if rows != size * args.volunteers:
                    msg = f"{name}: {rows} rows, expected {size * args.volunteers}"
                    raise RuntimeError(msg)
                base = base or seconds
                print(
                    f"| {size:,} | {size * args.volunteers:,} | {entries:,} | {name} "
                    f"| {seconds:,.1f} | {entries / seconds:,.0f} | {base / seconds:.2f}x "
                    f"| {peak:,.0f} | {_own_peak_mb():,.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
