"""How the city-wide points settlement grows with the city and with workers.

    python benchmarks/scale.py                         # 1, 10 and 100 communities
    python benchmarks/scale.py --sizes 1 10 --volunteers 1000 --entries 20

For each size the seeded synthetic city (scripts/generate_city.py) is written to one
JSON file per community; then ``settle_points`` runs on Dask's local process
scheduler with 1 and 2 workers, each worker reading its own files.  Reported per size
and worker count: communities, volunteers, ledger entries, wall time, entries per
second and the peak resident memory of the busiest process (the driver or a worker).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from neighborly import dumps
from neighborly.batch import communities_from_files, run, settle_points

ROOT = Path(__file__).resolve().parent.parent


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


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--volunteers", type=int, default=1000, help="per community")
    parser.add_argument("--entries", type=int, default=20, help="per volunteer")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    generator = _generator()
    as_of = dt.date(2026, 11, 22)
    print(
        f"{'communities':>11} {'volunteers':>10} {'entries':>11} {'workers':>7} "
        f"{'seconds':>8} {'entries/s':>10} {'peak MB':>8}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for community in generator.city(
                2026, size, volunteers=args.volunteers, entries_per_volunteer=args.entries
            ):
                path = Path(folder) / f"{community.id}.json"
                path.write_bytes(dumps(community, personal_data=True, purpose="benchmark"))
                paths.append(path)
            entries = size * args.volunteers * args.entries
            for workers in args.workers:
                bag = settle_points(
                    communities_from_files(paths, partitions=max(size, workers)), as_of
                )
                start = time.perf_counter()
                rows = run(bag, scheduler="processes", workers=workers)
                seconds = time.perf_counter() - start
                assert len(rows) == size * args.volunteers  # noqa: S101
                print(
                    f"{size:>11,} {size * args.volunteers:>10,} {entries:>11,} {workers:>7} "
                    f"{seconds:>8.2f} {entries / seconds:>10,.0f} {_peak_mb():>8,.0f}"
                )


if __name__ == "__main__":
    main()
