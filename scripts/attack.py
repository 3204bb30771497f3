"""Hostile files through the command, each in its own process, measured.

    python scripts/attack.py [--timeout SECONDS] [--memory MIB] [NAME ...]

Each case writes one file and runs ``neighborly`` on it under ``/usr/bin/time``, with
a wall-clock timeout and an address-space cap so that a blow-up is measured, not
suffered.  A row gives the case, the file's size, the exit status (70 is a crash: an
exception that is not a NeighborlyError), the seconds, the peak memory and the last
line the command printed about it.  SECURITY.md keeps the table this prints.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from neighborly import dumps
from neighborly.sample import sample_community

MIB = 2**20
SAMPLE_DAY = "2026-12-05"


def _community(**fields: object) -> bytes:
    return json.dumps({"id": "c", "name": "n", **fields}, ensure_ascii=False).encode()


def _array_of(item: str, size: int) -> bytes:
    head, tail = '{"id":"c","name":"n","staff":[', "]}"
    count = (size - len(head) - len(tail)) // (len(item) + 1)
    return (head + ",".join([item] * count) + tail).encode()


def _sample_with(pattern: str, replacement: str) -> bytes:
    text = dumps(sample_community()).decode()
    changed, count = re.subn(pattern, replacement, text, count=1)
    if count != 1:
        msg = f"the sample has no {pattern!r}"
        raise SystemExit(msg)
    return changed.encode()


def _event(rule: str, start: str = "2026-01-01T00:00:00+08:00") -> bytes:
    venue = {"id": "v", "name": "hall", "capacity": 50}
    event = {
        "id": "e",
        "title": "t",
        "venue": "v",
        "starts": start,
        "ends": start.replace("T00:00:00", "T00:00:01"),
        "recurrence": {"start": start, "rule": rule},
    }
    return _community(venues=[venue], events=[event])


def _grid_chain(length: int) -> bytes:
    grids = [{"id": "g0", "name": "g0", "level": 1, "places": []}]
    grids.extend(
        {"id": f"g{i}", "name": f"g{i}", "level": 3, "parent": f"g{i - 1}", "places": []}
        for i in range(1, length)
    )
    return _community(grids=grids)


def _far(field: str, value: str) -> Callable[[], bytes]:
    return lambda: _sample_with(rf'"{field}":"[0-9-]+"', f'"{field}":"{value}"')


CHECK = ("check", "{file}", "--as-of", SAMPLE_DAY)

CASES: dict[str, tuple[Callable[[], bytes], str, tuple[str, ...]]] = {
    "problems: 1 MiB of empty staff": (lambda: _array_of("{}", MIB), ".json", CHECK),
    "problems: 4 MiB of empty staff": (lambda: _array_of("{}", 4 * MIB), ".json", CHECK),
    "problems: 16 MiB array of zeros": (lambda: _array_of("0", 16 * MIB), ".json", CHECK),
    "problems: 64 MiB of empty staff": (lambda: _array_of("{}", 64 * MIB), ".json", CHECK),
    "problems: 19,999,979 empty staff, just within max_items": (
        lambda: _array_of("{}", 3 * 19_999_990),
        ".json",
        CHECK,
    ),
    "TOML: a dotted key of 200 KB": (
        lambda: b"a" + b".a" * 100_000 + b" = 1\n",
        ".toml",
        CHECK,
    ),
    "TOML: a header of 10^5 parts": (
        lambda: b"[" + b".".join([b"a"] * 100_000) + b"]\n",
        ".toml",
        CHECK,
    ),
    "recurrence: FREQ=SECONDLY, check": (lambda: _event("FREQ=SECONDLY"), ".json", CHECK),
    "recurrence: FREQ=SECONDLY, calendar": (
        lambda: _event("FREQ=SECONDLY"),
        ".json",
        ("calendar", "{file}", "--year", "2026"),
    ),
    "recurrence: FREQ=MINUTELY from 1970": (
        lambda: _event("FREQ=MINUTELY", "1970-01-01T00:00:00+08:00"),
        ".json",
        CHECK,
    ),
    "integer of 4,301 digits (JSON)": (
        lambda: b'{"id":"c","name":"n","x":1' + b"1" * 4300 + b"}",
        ".json",
        CHECK,
    ),
    "integer of 4,301 digits (TOML)": (
        lambda: b'id = "c"\nname = "n"\nx = 1' + b"1" * 4300 + b"\n",
        ".toml",
        CHECK,
    ),
    "a lone surrogate in a name": (
        lambda: b'{"id":"c","name":"\\ud800"}',
        ".json",
        CHECK,
    ),
    "area 1e400": (
        lambda: _sample_with(r'"area_m2":"[0-9.]+"', '"area_m2":"1e400"'),
        ".json",
        CHECK,
    ),
    "area 1e999999999": (
        lambda: _sample_with(r'"area_m2":"[0-9.]+"', '"area_m2":"1e999999999"'),
        ".json",
        CHECK,
    ),
    "a record entered 9999-12-31": (_far("entered", "9999-12-31"), ".json", CHECK),
    "a Party unit elected 9999-12-31": (_far("elected", "9999-12-31"), ".json", CHECK),
    "--as-of 9999-12-31": (
        lambda: dumps(sample_community()),
        ".json",
        ("check", "{file}", "--as-of", "9999-12-31"),
    ),
    "1,000 grids, each the parent of the next": (lambda: _grid_chain(1000), ".json", CHECK),
    "nesting 1,000 deep": (
        lambda: b'{"id":"c","name":"n","x":' + b"[" * 1000 + b"]" * 1000 + b"}",
        ".json",
        CHECK,
    ),
    "a key given twice": (lambda: b'{"id":"c","id":"d","name":"n"}', ".json", CHECK),
    "limit: max_bytes, a file of 257 MiB": (
        lambda: b'{"id":"c","name":"' + b"x" * (257 * MIB) + b'"}',
        ".json",
        CHECK,
    ),
    "limit: max_items, 64 MiB of zeros, --max-items 10^6": (
        lambda: _array_of("0", 64 * MIB),
        ".json",
        (*CHECK, "--max-items", "1000000"),
    ),
    'limit: max_items, 64 MiB of "," strings, --max-items 10^6': (
        lambda: _array_of('","', 64 * MIB),
        ".json",
        (*CHECK, "--max-items", "1000000"),
    ),
    "limit: max_items, 64 MiB of TOML zeros": (
        lambda: b"x = [" + b",".join([b"0"] * (32 * MIB)) + b"]\n",
        ".toml",
        CHECK,
    ),
    "limit: max_items, 19,999,990 TOML zeros, just within": (
        lambda: b"x = [" + b",".join([b"0"] * 19_999_990) + b"]\n",
        ".toml",
        CHECK,
    ),
    "limit: max_string, a name of 8 MiB": (
        lambda: _community(name="x" * (8 * MIB)),
        ".json",
        CHECK,
    ),
    "limit: max_depth, 1 MiB of [": (lambda: b"[" * MIB, ".json", CHECK),
    "limit: TOML key depth, 1 MiB of dotted key": (
        lambda: b"a" + b".a" * (MIB // 2) + b" = 1\n",
        ".toml",
        CHECK,
    ),
    "valid: the sample community with personal data": (
        lambda: dumps(sample_community(), personal_data=True, purpose="measure the sample"),
        ".json",
        CHECK,
    ),
    "terminal escapes in a name": (
        lambda: _community(name="x\x1b]0;owned\x07\n[PASS] everything fine"),
        ".json",
        CHECK,
    ),
}


def _run(
    name: str, folder: Path, timeout: float, memory_mib: int
) -> tuple[str, int, str, str, str, str]:
    build, suffix, argv = CASES[name]
    content = build()
    path = folder / f"case{suffix}"
    path.write_bytes(content)
    args = [part.replace("{file}", str(path)) for part in argv]
    limit = f"ulimit -v {memory_mib * 1024}; "
    command = f"{limit}exec /usr/bin/time -f '%e %M' {sys.executable} -m neighborly " + " ".join(
        f"'{a}'" for a in args
    )
    # a session of its own, so a timeout kills the command and not only the shell
    with subprocess.Popen(
        ["/bin/bash", "-c", command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as running:
        try:
            stdout, stderr = running.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(running.pid, signal.SIGKILL)
            running.communicate()
            return name, len(content), "-", f">{timeout:g}", "-", "timed out"
    lines = stderr.decode(errors="replace").strip().splitlines()
    seconds, kib = lines[-1].split()[-2:] if lines else ("?", "0")
    told = [line.strip() for line in lines[:-1] if not line.startswith("Command ")]
    # the command reports an invalid file on standard output, other errors on stderr
    told = told or [line.strip() for line in stdout.decode(errors="replace").splitlines()[1:2]]
    said = told[-1] if told else ""
    escaped = "\x1b" in stdout.decode(errors="replace")
    outcome = ("raw ESC in output; " if escaped else "") + said[:90]
    return name, len(content), str(running.returncode), seconds, f"{int(kib) // 1024}", outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--memory", type=int, default=4096, help="address space cap, MiB")
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    args = parser.parse_args()
    names = args.names or list(CASES)
    print("| case | bytes | exit | s | peak MiB | what the command said |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            row = _run(name, Path(folder), args.timeout, args.memory)
            print("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |", flush=True)


if __name__ == "__main__":
    main()
