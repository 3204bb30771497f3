"""The points ledger against what a user would write instead, from the same raw rows.

    python benchmarks/points.py              # 1,000,000 entries
    python benchmarks/points.py --entries 200000

Every contender starts from the same raw rows, dicts as a points service receives
them (``{"key", "at", "kind", "source", "target", "points"}``, times as ISO 8601 text),
and makes the same checks on each: a key seen before with the same content is a
no-op and with other content a conflict; the kind must move points between the
right kinds of account (an award from an issuer to a holder); a holder never goes
below zero and an issuer never beyond its budget.  The contenders:

* neighborly: each row made a ``Posting`` and given to ``Ledger.post`` (one at a
  time, as a service posts) or ``Ledger.post_all`` (in bulk, as an import does);
  "sealed" also computes the hash chain's head after the last row;
* sqlite3 (in memory): a postings table keyed by the idempotency key and a balances
  table; one at a time, each row is one transaction that looks the key up, checks
  the limits and writes; in bulk, one transaction for all rows;
* a plain dict loop: the same checks written by hand over dicts, the pure-Python floor.

Replay: balances recomputed from the recorded postings with ``balances_of`` against
a plain dict loop over the same postings.

Each figure is the median of several rounds, the contenders taking turns, with the
cyclic garbage collector running for all (neighborly pauses nothing here).  The
ratio is the contender's time over neighborly's one-at-a-time posting of the same
rows (above 1.00x: slower than neighborly).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import sqlite3
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from neighborly.points import (
    Account,
    AccountKind,
    Book,
    Entry,
    Ledger,
    Posting,
    PostingKind,
    balances_of,
)
from neighborly.serialization import Limits, book_lines, dumps, load_book_lines, loads

from _timing import median_times

VOLUNTEERS = 1000
BUDGET = 10**12
AT = "2026-11-22T10:00:00+08:00"

Row = dict[str, Any]


def raw_rows(count: int) -> list[Row]:
    return [
        {
            "key": f"award:{i}",
            "at": AT,
            "kind": "award",
            "source": "budget",
            "target": f"v{i % VOLUNTEERS}",
            "points": 1 + i % 50,
        }
        for i in range(count)
    ]


def chart() -> list[Account]:
    return [
        Account("budget", AccountKind.ISSUER, budget=BUDGET),
        *(Account(f"v{i}", AccountKind.VOLUNTEER, holder=f"v{i}") for i in range(VOLUNTEERS)),
    ]


def posting_of(row: Row) -> Posting:
    return Posting(
        key=row["key"],
        at=dt.datetime.fromisoformat(row["at"]),
        kind=PostingKind(row["kind"]),
        source=row["source"],
        target=row["target"],
        points=row["points"],
    )


# --- neighborly ---------------------------------------------------------------------------


def neighborly_one_at_a_time(rows: list[Row], *, sealed: bool = False) -> object:
    ledger = Ledger(chart())
    post = ledger.post
    for row in rows:
        post(posting_of(row))
    if sealed:
        _ = ledger.head
    return ledger.balances()


def neighborly_bulk(rows: list[Row], *, sealed: bool = False) -> object:
    ledger = Ledger(chart())
    ledger.post_all(posting_of(row) for row in rows)
    if sealed:
        _ = ledger.head
    return ledger.balances()


# --- sqlite3 ------------------------------------------------------------------------------

_SCHEMA = (
    "create table accounts (id text primary key, kind text not null, budget integer);"
    "create table balances (account text primary key, balance integer not null);"
    "create table postings (key text primary key, at text, kind text, source text,"
    " target text, points integer)"
)
_HOLDERS = ("volunteer", "household")


class SqliteLedger:
    """What a competent user writes on sqlite3: the same checks, in SQL and Python."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.executescript(_SCHEMA)
        rows = [("budget", "issuer", BUDGET)] + [
            (f"v{i}", "volunteer", None) for i in range(VOLUNTEERS)
        ]
        self.db.executemany("insert into accounts values (?, ?, ?)", rows)
        self.db.executemany("insert into balances values (?, 0)", [(r[0],) for r in rows])
        self.kinds = {r[0]: (r[1], r[2]) for r in rows}

    def _post(self, row: Row) -> None:
        db = self.db
        dt.datetime.fromisoformat(row["at"])  # the same parse of the time
        found = db.execute(
            "select at, kind, source, target, points from postings where key = ?", (row["key"],)
        ).fetchone()
        content = (row["at"], row["kind"], row["source"], row["target"], row["points"])
        if found is not None:
            if found != content:
                msg = f"conflict on {row['key']}"
                raise ValueError(msg)
            return
        source, target, points = row["source"], row["target"], row["points"]
        source_kind, budget = self.kinds[source]
        target_kind, _ = self.kinds[target]
        if row["kind"] != "award" or source_kind != "issuer" or target_kind not in _HOLDERS:
            msg = "wrong kinds"
            raise ValueError(msg)
        (balance,) = db.execute(
            "select balance from balances where account = ?", (source,)
        ).fetchone()
        if budget is not None and balance - points < -budget:
            msg = "over budget"
            raise ValueError(msg)
        db.execute("insert into postings values (?, ?, ?, ?, ?, ?)", (row["key"], *content))
        db.execute("update balances set balance = balance - ? where account = ?", (points, source))
        db.execute("update balances set balance = balance + ? where account = ?", (points, target))

    def post(self, row: Row) -> None:
        self.db.execute("begin")
        try:
            self._post(row)
        except BaseException:
            self.db.execute("rollback")
            raise
        self.db.execute("commit")

    def post_all(self, rows: list[Row]) -> None:
        self.db.execute("begin")
        try:
            for row in rows:
                self._post(row)
        except BaseException:
            self.db.execute("rollback")
            raise
        self.db.execute("commit")

    def balances(self) -> dict[str, int]:
        return dict(self.db.execute("select account, balance from balances"))


def sqlite_one_at_a_time(rows: list[Row]) -> object:
    ledger = SqliteLedger()
    for row in rows:
        ledger.post(row)
    return ledger.balances()


def sqlite_bulk(rows: list[Row]) -> object:
    ledger = SqliteLedger()
    ledger.post_all(rows)
    return ledger.balances()


# --- a plain dict loop ----------------------------------------------------------------------


def plain_dict(rows: list[Row]) -> object:
    kinds = {a.id: (a.kind.value, a.budget) for a in chart()}
    balances = dict.fromkeys(kinds, 0)
    seen: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        dt.datetime.fromisoformat(row["at"])
        content = (row["at"], row["kind"], row["source"], row["target"], row["points"])
        key = row["key"]
        if key in seen:
            if seen[key] != content:
                msg = f"conflict on {key}"
                raise ValueError(msg)
            continue
        source, target, points = row["source"], row["target"], row["points"]
        source_kind, budget = kinds[source]
        if row["kind"] != "award" or source_kind != "issuer" or kinds[target][0] not in _HOLDERS:
            msg = "wrong kinds"
            raise ValueError(msg)
        if budget is not None and balances[source] - points < -budget:
            msg = "over budget"
            raise ValueError(msg)
        seen[key] = content
        balances[source] -= points
        balances[target] += points
    return {k: v for k, v in balances.items() if v}


def report(title: str, count: int, results: dict[str, float], base: float) -> None:
    print(f"\n{title}")
    for name, seconds in results.items():
        rate = count / seconds / 1e6
        print(f"  {name:<40} {seconds * 1e3:>9.1f} ms {rate:>7.2f} M/s {seconds / base:>7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--file-entries",
        type=int,
        default=0,
        help="entries in the ledger file (default: --entries)",
    )
    parser.add_argument("--parts", nargs="+", default=["post", "file"], choices=["post", "file"])
    args = parser.parse_args()
    count = args.entries
    if "post" in args.parts:
        post_and_replay(count, args.rounds)
    if "file" in args.parts:
        ledger_file(args.file_entries or count, min(args.rounds, 3))
    print("\nratio: the contender's time over the first row's (above 1.00x: slower)")


def post_and_replay(count: int, rounds: int) -> None:
    rows = raw_rows(count)

    expected = plain_dict(rows)
    for name, fn in (
        ("neighborly", neighborly_one_at_a_time),
        ("neighborly in bulk", neighborly_bulk),
        ("sqlite3", sqlite_one_at_a_time),
        ("sqlite3 in bulk", sqlite_bulk),
    ):
        got = {k: v for k, v in dict(fn(rows)).items() if v}  # type: ignore[call-overload]
        if got != expected:
            msg = f"{name} disagrees with the plain dict loop on the balances"
            raise RuntimeError(msg)

    contenders: dict[str, Callable[[], object]] = {
        "neighborly, one at a time": lambda: neighborly_one_at_a_time(rows),
        "neighborly, one at a time, sealed": lambda: neighborly_one_at_a_time(rows, sealed=True),
        "neighborly, in bulk": lambda: neighborly_bulk(rows),
        "neighborly, in bulk, sealed": lambda: neighborly_bulk(rows, sealed=True),
        "sqlite3, one at a time": lambda: sqlite_one_at_a_time(rows),
        "sqlite3, in bulk": lambda: sqlite_bulk(rows),
        "plain dict loop (same checks)": lambda: plain_dict(rows),
    }
    times = median_times(contenders, rounds)
    report(
        f"post {count:,} raw rows and read every balance",
        count,
        times,
        times["neighborly, one at a time"],
    )

    ledger = Ledger(chart())
    ledger.post_all(posting_of(row) for row in rows)
    recorded = [entry.posting for entry in ledger.entries]

    def dict_replay() -> object:
        totals: dict[str, int] = {}
        get = totals.get
        for posting in recorded:
            totals[posting.source] = get(posting.source, 0) - posting.points
            totals[posting.target] = get(posting.target, 0) + posting.points
        return totals

    if balances_of(recorded) != dict_replay():
        msg = "balances_of disagrees with the plain dict loop"
        raise RuntimeError(msg)
    # A replay takes a fraction of a second: five times the rounds, so that the
    # median is not one noisy round's.
    replay = median_times(
        {"neighborly balances_of": lambda: balances_of(recorded), "plain dict loop": dict_replay},
        5 * rounds,
    )
    report(
        f"replay balances from {count:,} postings", count, replay, replay["neighborly balances_of"]
    )
    memory(rows)


def ledger_file(count: int, rounds: int) -> None:
    """A ledger of ``count`` entries read from a file, against msgspec's parse of the
    same bytes: as one JSON document and as JSON Lines, with times in a named zone
    (as neighborly writes them) and with a fixed offset (as many services do).  For
    JSON Lines with fixed offsets, also the floor any reader of checked models
    meets: msgspec decoding the entry lines straight into neighborly's ``Entry``
    and ``Posting`` (which runs their checks)."""
    zone = ZoneInfo("Asia/Shanghai")
    start = dt.datetime(2026, 1, 1, 8, tzinfo=zone)
    ledger = Ledger(chart())
    ledger.post_all(
        Posting(
            key=row["key"],
            at=start + dt.timedelta(seconds=17 * i),
            kind=PostingKind.AWARD,
            source=row["source"],
            target=row["target"],
            points=row["points"],
        )
        for i, row in enumerate(raw_rows(count))
    )
    book = ledger.book()
    del ledger
    lines = b"".join(book_lines(book))
    files = {
        "JSON Lines, zone names": lines,
        "JSON Lines, fixed offsets": lines.replace(b"[Asia/Shanghai]", b""),
    }
    document = dumps(book)
    files["one JSON document, zone names"] = document
    files["one JSON document, fixed offsets"] = document.replace(b"[Asia/Shanghai]", b"")
    del lines, document
    roomy = Limits(max_bytes=2**31)  # one document of this size is over the default
    decode_lines = msgspec.json.Decoder().decode_lines
    print(f"\nread a ledger of {count:,} entries from a file (collector paused for all)")
    for name, content in files.items():
        if name.startswith("JSON Lines"):
            parse: Callable[[], object] = functools.partial(decode_lines, content)
            load: Callable[[], object] = functools.partial(load_book_lines, content)
        else:
            parse = functools.partial(msgspec.json.decode, content)
            load = functools.partial(loads, content, Book, limits=roomy)
        if load() != book:
            msg = f"the ledger read from {name} is not the ledger written"
            raise RuntimeError(msg)
        contenders = {"msgspec parse": parse, "neighborly load": load}
        if name == "JSON Lines, fixed offsets":
            # The floor for checked models: msgspec building neighborly's own Entry and
            # Posting objects from the entry lines (running their checks), with no
            # reading by lines, no vetting of the lines and no zones to put back.
            entry_lines = b"".join(content.splitlines(keepends=True)[1:-1])
            contenders["msgspec into the models"] = functools.partial(
                msgspec.json.Decoder(Entry).decode_lines, entry_lines
            )
        with paused():
            times = median_times(contenders, rounds)
        print(
            f"  {name:<34} {len(content) / 2**20:>5.0f} MiB  msgspec parse"
            f" {times['msgspec parse']:>6.2f} s  neighborly {times['neighborly load']:>6.2f} s"
            f"  {times['neighborly load'] / times['msgspec parse']:>5.2f}x"
        )
        if "msgspec into the models" in times:
            floor = times["msgspec into the models"]
            print(
                f"    floor: msgspec building the checked models from its entry lines"
                f" {floor:>6.2f} s  {floor / times['msgspec parse']:>5.2f}x"
            )


@contextlib.contextmanager
def paused() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def memory(rows: list[Row]) -> None:
    """Bytes per entry held by a ledger after posting and sealing."""
    gc.collect()
    tracemalloc.start()
    ledger = Ledger(chart())
    ledger.post_all(posting_of(row) for row in rows)
    _ = ledger.head
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n  {'memory per entry (posted, sealed)':<40} {current / len(rows):>9.0f} bytes")
    del ledger


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(ran in {time.perf_counter() - start:.0f} s)")
