"""Posting to a stored book from several processes at once, against a bare INSERT,
on SQLite and on PostgreSQL.

    python benchmarks/store.py                     # 1, 4 and 16 posters, 2,000 posts in all
    python benchmarks/store.py --posts 4000 --posters 1 4 --backends postgresql

Each poster is a process of its own with its own connection, as the workers of a
back end are. neighborly: each poster opens the store and posts awards to one book
(``StoredBook.post``: one transaction each, which takes the book's lock, judges the
posting against the rows, records it, moves two balances and extends the chain).
The floor: the same clients write the same rows with a bare ``INSERT`` of the
posting, one transaction each, into a table keyed by the idempotency key, with the
same durability, no checks and no chain.  SQLite runs in WAL mode with
synchronous=full; PostgreSQL is a throwaway server (``scripts/throwaway_postgres.py``)
with its default settings (fsync and synchronous_commit on), reached over a unix
socket.
Reported: posts per second for all posters together (from the moment all are
ready to the last commit), the ratio to the floor's rate, and the latency of one
post, median and 99th percentile, over every post of every poster.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from neighborly.points import Account, AccountKind, Posting, PostingKind
from neighborly.serialization import dumps
from neighborly.store import open_store

AT = dt.datetime(2026, 12, 6, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
VOLUNTEERS = 200
ACCOUNTS = (
    Account("budget", AccountKind.ISSUER, budget=10**12),
    *(Account(f"v{i}", AccountKind.VOLUNTEER, holder=f"v{i}") for i in range(VOLUNTEERS)),
)


def postings(poster: int, count: int) -> list[Posting]:
    return [
        Posting(f"p{poster}-{i}", AT, PostingKind.AWARD, "budget", f"v{i % VOLUNTEERS}", 1 + i % 9)
        for i in range(count)
    ]


def neighborly_poster(target: str, poster: int, count: int, ready: Any, results: Any) -> None:
    rows = postings(poster, count)
    with open_store(target) as store:
        book = store.open_book("b", ACCOUNTS)
        ready.wait()
        latencies = []
        for posting in rows:
            start = time.perf_counter()
            book.post(posting)
            latencies.append(time.perf_counter() - start)
    results.put(latencies)


def bare_poster(target: str, poster: int, count: int, ready: Any, results: Any) -> None:
    rows = [(p.key, dumps(p)) for p in postings(poster, count)]
    if target.startswith("postgresql://"):
        import psycopg

        db: Any = psycopg.connect(target, autocommit=True)
        begin, insert = "begin", "insert into postings values (%s, %s)"
    else:
        db = sqlite3.connect(target, isolation_level=None, timeout=60)
        db.execute("pragma journal_mode = wal")
        db.execute("pragma synchronous = full")
        begin, insert = "begin immediate", "insert into postings values (?, ?)"
    ready.wait()
    latencies = []
    for key, body in rows:
        start = time.perf_counter()
        db.execute(begin)
        db.execute(insert, (key, body))
        db.execute("commit")
        latencies.append(time.perf_counter() - start)
    db.close()
    results.put(latencies)


class Places:
    """A fresh database for each run: a SQLite file, or a database of the throwaway
    PostgreSQL server."""

    def __init__(self, folder: Path, server: Any) -> None:
        self.folder, self.server, self.made = folder, server, 0

    def new(self, backend: str) -> str:
        self.made += 1
        if backend == "sqlite":
            return str(self.folder / f"run-{self.made}.db")
        return str(self.server.create_database(f"run_{self.made}"))


def run(kind: str, target: str, posters: int, posts: int) -> tuple[float, list[float]]:
    """Posts per second of ``posters`` processes writing ``posts`` in all, and every
    post's latency."""
    if kind == "neighborly":
        with open_store(target) as store:
            store.open_book("b", ACCOUNTS)
        worker: Any = neighborly_poster
    else:
        if target.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(target, autocommit=True) as db:
                db.execute("create table postings (key text primary key, body bytea not null)")
        else:
            sqlite = sqlite3.connect(target)
            sqlite.execute("pragma journal_mode = wal")
            sqlite.execute("create table postings (key text primary key, body blob not null)")
            sqlite.close()
        worker = bare_poster
    context = multiprocessing.get_context("spawn")
    ready, results = context.Barrier(posters + 1), context.Queue()
    each = posts // posters
    workers = [
        context.Process(target=worker, args=(target, p, each, ready, results))
        for p in range(posters)
    ]
    for process in workers:
        process.start()
    ready.wait()
    start = time.perf_counter()
    latencies = [value for _ in workers for value in results.get()]
    elapsed = time.perf_counter() - start
    for process in workers:
        process.join()
        if process.exitcode != 0:
            msg = f"a {kind} poster failed"
            raise RuntimeError(msg)
    return each * posters / elapsed, latencies


TITLES = {
    "sqlite": "SQLite, WAL, synchronous=full",
    "postgresql": "PostgreSQL, default settings: fsync, synchronous_commit on",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--posters", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument(
        "--backends", nargs="+", choices=tuple(TITLES), default=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        server, backends = None, list(args.backends)
        if "postgresql" in backends:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
            import throwaway_postgres

            try:
                server = stack.enter_context(throwaway_postgres.running())
            except throwaway_postgres.Missing as exc:
                print(f"PostgreSQL left out: {exc}\n")
                backends.remove("postgresql")
        places = Places(Path(folder), server)
        for backend in backends:
            print(f"post {args.posts:,} awards to one book ({TITLES[backend]})")
            print(
                f"  {'posters':>7}  {'neighborly':>12}  {'bare INSERT':>12}  {'ratio':>6}"
                f"  {'p50':>8}  {'p99':>8}  {'floor p50':>9}  {'floor p99':>9}"
            )
            for posters in args.posters:
                rate, latencies = run("neighborly", places.new(backend), posters, args.posts)
                floor, floor_latencies = run("bare", places.new(backend), posters, args.posts)
                print(
                    f"  {posters:>7}  {rate:>8,.0f} /s  {floor:>8,.0f} /s"
                    f"  {rate / floor:>5.2f}x  {_ms(latencies, 50)}  {_ms(latencies, 99)}"
                    f"  {_ms(floor_latencies, 50):>9}  {_ms(floor_latencies, 99):>9}"
                )
            print()
    print("ratio: neighborly's rate over the bare INSERT's (1.00x: as fast)")


def _ms(values: list[float], percent: int) -> str:
    found = statistics.quantiles(values, n=100)[percent - 1] if percent < 100 else max(values)
    return f"{found * 1000:6.2f} ms"


if __name__ == "__main__":
    main()
