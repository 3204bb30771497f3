"""`neighborly check` at street-office scale, each measured in a fresh process.

    python benchmarks/street.py                  # all three parts
    python benchmarks/street.py --copies 3 9     # the growth part at chosen sizes

* growth: one community of the sample's compound repeated 3, 9 and 30 times (9,843,
  29,529 and 98,430 households, each copy with its own ids, level-2 and level-3
  grids), checked by the command; reported per size: the load, ``check_community``
  and the whole command's wall time, its peak memory (the process's high-water
  mark), the input-limit walk (what ``parse`` and ``load_data`` do), what loading a
  valid file spends on the limits instead (the values counted, the strings bounded
  and surrogate escapes looked for in the bytes; the nesting is the model's) and,
  apart from the limits, on finding a key given twice (keys counted in the bytes and
  as objects are built), each against msgspec's parse of the same bytes with the
  collector paused, and the growth exponent of each from the size before (1.0 is
  linear);
* a street: 50 sample-sized communities checked by one process (load and check each
  file in a loop) and by 50 processes (one `neighborly check FILE` each, one after
  another);
* start-up: `neighborly check --sample`, the import included, median of 5.

Every process runs as an installed package does, with its bytecode cached.

Every process is a fresh interpreter, so nothing one run builds or caches helps
another.  Figures are wall times on this machine; run it on yours.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from neighborly.sample import sample_bytes

AS_OF = "2026-12-05"
NEIGHBORLY = [sys.executable, "-m", "neighborly"]


def scaled(copies: int) -> bytes:
    """The sample with its compound repeated ``copies`` times, each copy's places and
    residents renamed (``b-01`` becomes ``b-01~2``) and given its own level-2 and
    level-3 grids; everything else as in the sample."""
    data = json.loads(sample_bytes())
    original = data["compounds"]
    grids = data["grids"]
    compounds = list(original)
    for j in range(1, copies):
        names: dict[str, str] = {}

        def rename(node: Any, names: dict[str, str] = names, j: int = j) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    names[node["id"]] = node["id"] = f"{node['id']}~{j}"
                for value in node.values():
                    rename(value)
            elif isinstance(node, list):
                for value in node:
                    rename(value)

        twin = copy.deepcopy(original)
        rename(twin)
        for compound in twin:
            for shop in compound.get("shops", []):
                if shop.get("building") in names:
                    shop["building"] = names[shop["building"]]
            for building in compound["buildings"]:
                for unit in building["units"]:
                    for household in unit["households"]:
                        household["owners"] = [
                            names.get(owner, f"{owner}~{j}") for owner in household["owners"]
                        ]
        compounds.extend(twin)
        for grid in [g for g in grids if g["level"] >= 2 and "~" not in g["id"]]:
            twin_grid = dict(grid, id=f"{grid['id']}~{j}")
            twin_grid["places"] = [names.get(p, p) for p in grid.get("places", [])]
            if grid["level"] == 3:
                twin_grid["parent"] = f"{grid['parent']}~{j}"
            grids.append(twin_grid)
    data["compounds"] = compounds
    return json.dumps(data, ensure_ascii=False).encode()


_PROBE = """
import gc, json, math, sys, time
start = time.perf_counter()
import neighborly
from neighborly import serialization
from neighborly.community import Community
from neighborly.rules import check_community
import datetime as dt
imported = time.perf_counter()
content = open(sys.argv[1], "rb").read()
import msgspec
limits = serialization.Limits()
gc.disable()  # as neighborly reads: the collector paused for every part
def best(run, *args):  # the best of three: the parts are small beside the noise
    times = []
    for _ in range(3):
        t = time.perf_counter()
        run(*args)
        times.append(time.perf_counter() - t)
    return min(times)
parse = best(msgspec.json.decode, content)
data = msgspec.json.decode(content)
t = time.perf_counter()
serialization._within(data, limits, check_text=False)
walk = time.perf_counter() - t
# What reading a valid file spends on the limits instead of the walk: the values
# counted in the bytes before parsing, the strings bounded and the surrogate escapes
# looked for in the bytes (the nesting is the model's, free).  Apart from the limits,
# the check for a key given twice: the keys counted in the bytes and as the objects
# are built (the parsed data kept whole here, so that the same data is built again).
hand_back, serialization._HAND_BACK = serialization._HAND_BACK, sys.maxsize
keys = serialization._build_counting_keys(data, Community)[1]
def limits_in_bytes():
    serialization._values_within(content, "json", limits)
    serialization._strings_within(content, limits)
    serialization._surrogate_escape(content)
in_bytes = best(limits_in_bytes)
keys_in_bytes = best(serialization._keys_match, content, keys)
hook = serialization._FAST.get_structure_hook(Community)
plain = counted = math.inf
for _ in range(3):  # the best of three each: the difference is small beside the noise
    t = time.perf_counter()
    hook(data, Community)
    plain = min(plain, time.perf_counter() - t)
    t = time.perf_counter()
    serialization._build_counting_keys(data, Community)
    counted = min(counted, time.perf_counter() - t)
del data
serialization._HAND_BACK = hand_back
gc.enable()
gc.collect()
t = time.perf_counter()
community = serialization.load_community(content)
load = time.perf_counter() - t
t = time.perf_counter()
report = check_community(community, as_of=dt.date.fromisoformat(sys.argv[2]))
check = time.perf_counter() - t
peak = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) * 1024
print(json.dumps({"import": imported - start, "parse": parse, "walk": walk, "load": load,
                  "limits": in_bytes, "keys": keys_in_bytes + max(0.0, counted - plain),
                  "check": check, "peak": peak, "households": sum(1 for _ in community.households())}))
"""


def probe(path: Path) -> dict[str, float]:
    """Load and check in a fresh interpreter, each phase timed apart."""
    ran = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), AS_OF],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    return json.loads(ran.stdout)  # type: ignore[no-any-return]


# As an installed package runs: its modules' bytecode cached (pip compiles it at
# install), even where the environment says not to write it (PYTHONDONTWRITEBYTECODE).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def command_wall(*args: str) -> float:
    start = time.perf_counter()
    ran = subprocess.run([*NEIGHBORLY, *args], capture_output=True, check=False, env=_ENV)
    wall = time.perf_counter() - start
    if ran.returncode not in (0, 1):
        msg = f"neighborly {' '.join(args)} exited {ran.returncode}: {ran.stderr[-500:]!r}"
        raise RuntimeError(msg)
    return wall


def growth(folder: Path, sizes: list[int]) -> None:
    print("\none community, growing: the sample's compound repeated")
    print(
        f"{'households':>10} {'load s':>7} {'check s':>8} {'check/load':>10} {'command s':>9}"
        f" {'peak MB':>8} {'walk/parse':>10} {'limits/parse':>12} {'keys/parse':>10}"
        f" {'exp load':>8}"
        f" {'exp check':>9}"
    )
    before: tuple[int, float, float] | None = None
    for copies in sizes:
        path = folder / f"community-{copies}.json"
        path.write_bytes(scaled(copies))
        found = probe(path)
        wall = command_wall("check", str(path), "--as-of", AS_OF)
        n = int(found["households"])
        exponents = ""
        if before is not None:
            n0, load0, check0 = before
            scale = math.log(n / n0)
            exponents = (
                f" {math.log(found['load'] / load0) / scale:>8.2f}"
                f" {math.log(found['check'] / check0) / scale:>9.2f}"
            )
        print(
            f"{n:>10,} {found['load']:>7.2f} {found['check']:>8.2f}"
            f" {found['check'] / found['load']:>9.2f}x {wall:>9.2f}"
            f" {found['peak'] / 2**20:>8.0f} {found['walk'] / found['parse']:>9.2f}x"
            f" {found['limits'] / found['parse']:>11.2f}x {found['keys'] / found['parse']:>9.2f}x"
            f"{exponents}"
        )
        before = (n, found["load"], found["check"])
        path.unlink()


_STREET = """
import datetime as dt, sys
from neighborly import load_community
from neighborly.rules import check_community
for path in sys.argv[2:]:
    check_community(load_community(path), as_of=dt.date.fromisoformat(sys.argv[1]))
"""


def street(folder: Path, count: int) -> None:
    sample = sample_bytes()
    paths = []
    for i in range(count):
        path = folder / f"sample-{i:02d}.json"
        path.write_bytes(sample)
        paths.append(str(path))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _STREET, AS_OF, *paths], check=True, env=_ENV)
    one = time.perf_counter() - start
    start = time.perf_counter()
    for path in paths:
        command_wall("check", path, "--as-of", AS_OF)
    many = time.perf_counter() - start
    print(f"\na street: {count} sample-sized communities (3,281 households each)")
    print(f"  one process, load and check each in a loop   {one:>7.1f} s   1.00x")
    print(f"  {count} processes, `neighborly check FILE` each   {many:>7.1f} s {many / one:>6.2f}x")


def start_up() -> None:
    command_wall("check", "--sample", "--as-of", AS_OF)  # writes the bytecode caches
    walls = [command_wall("check", "--sample", "--as-of", AS_OF) for _ in range(5)]
    print(
        f"\nstart-up: `neighborly check --sample` (import and check), median of 5:"
        f" {statistics.median(walls):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[3, 9, 30])
    parser.add_argument("--street", type=int, default=50)
    parser.add_argument("--parts", nargs="+", default=["growth", "street", "start-up"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="neighborly-street-"))
    try:
        if "start-up" in args.parts:
            start_up()
        if "growth" in args.parts:
            growth(folder, args.copies)
        if "street" in args.parts:
            street(folder, args.street)
    finally:
        shutil.rmtree(folder)
    print(f"\n(on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
