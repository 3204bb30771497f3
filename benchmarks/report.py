"""The HTML report's cost, each command measured in a fresh interpreter.

    python benchmarks/report.py                 # the sample, then a street of 50
    python benchmarks/report.py --street 10     # a smaller street

* the sample: `neighborly report --sample --html OUT` (interpreter start, import,
  load, every rule and the drawing), median of 5, beside `neighborly check --sample`
  (the same without the drawing), and the file's size; in one process, the drawing
  alone: `report.html` less `check_community` on the same community, medians of 5
  with the collector run before each;
* a street: N sample-sized communities (3,281 households and a 10 MB JSON file each),
  `neighborly report FOLDER --html OUT`, one run.

Figures are wall times on this machine; run it on yours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from neighborly.report import html
from neighborly.rules import check_community
from neighborly.sample import sample_bytes, sample_community

AS_OF = "2026-12-05"
NEIGHBORLY = [sys.executable, "-m", "neighborly"]
# As an installed package runs: its modules' bytecode cached.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(*args: str) -> float:
    start = time.perf_counter()
    ran = subprocess.run([*NEIGHBORLY, *args], capture_output=True, check=False, env=_ENV)
    took = time.perf_counter() - start
    if ran.returncode not in (0, 1):
        msg = f"neighborly {' '.join(args)} exited {ran.returncode}: {ran.stderr[-500:]!r}"
        raise RuntimeError(msg)
    return took


def median_of(times: int, run: object) -> float:
    found = []
    for _ in range(times):
        gc.collect()
        start = time.perf_counter()
        run()  # type: ignore[operator]
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def the_sample(folder: Path) -> None:
    out = folder / "sample.html"
    wall("report", "--sample", "--html", str(out), "--as-of", AS_OF)  # caches the bytecode
    report = statistics.median(
        wall("report", "--sample", "--html", str(out), "--as-of", AS_OF) for _ in range(5)
    )
    check = statistics.median(wall("check", "--sample", "--as-of", AS_OF) for _ in range(5))
    day = dt.date.fromisoformat(AS_OF)
    community = sample_community()
    whole = median_of(5, lambda: html(community, as_of=day))
    rules = median_of(5, lambda: check_community(community, as_of=day))
    print("the sample community (3,281 households), median of 5")
    print(f"  neighborly report --sample --html OUT   {report:>6.2f} s")
    print(f"  neighborly check --sample               {check:>6.2f} s   ({report / check:.2f}x)")
    print(f"  report.html in one process              {whole:>6.3f} s")
    print(f"    of which check_community              {rules:>6.3f} s")
    print(f"    the drawing                           {whole - rules:>6.3f} s")
    print(f"  the file                                {out.stat().st_size / 1e6:>6.2f} MB")


def a_street(folder: Path, count: int) -> None:
    data = sample_bytes()
    street = folder / "street"
    street.mkdir()
    for i in range(count):
        (street / f"c-{i:02d}.json").write_bytes(
            data.replace(b'"c-sample"', f'"c-{i:02d}"'.encode())
        )
    out = folder / "street.html"
    took = wall("report", str(street), "--html", str(out), "--as-of", AS_OF)
    print(f"\na street of {count} sample-sized communities, one run")
    print(f"  neighborly report FOLDER --html OUT      {took:>6.1f} s")
    print(f"  the file                                {out.stat().st_size / 1e6:>6.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--street", type=int, default=50, help="communities in the street")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        the_sample(folder)
        if args.street:
            a_street(folder, args.street)


if __name__ == "__main__":
    main()
