"""The points ledger against what a user would write instead, in one process.

    python benchmarks/points.py              # 1,000,000 entries
    python benchmarks/points.py --entries 200000

* posting: 1,000,000 award postings (1,000 volunteers, one budget) recorded with every
  check (idempotency key, account kinds, balance and budget limits) and then all
  balances read, against a plain dict accumulating the same entries as tuples (the
  pure-Python floor: no checks at all) and against sqlite3 in memory (insert with the
  key as primary key, then GROUP BY);
* replay: balances recomputed from the recorded entries with ``balances_of``, against the
  plain dict over tuples;
* also measured for neighborly alone: re-posting every entry (all idempotent no-ops),
  sealing the hash chain over all entries (done in batches when entries are first
  read or exported), building the postings, and memory per entry.

Inputs are built before the clock starts.  Each row is the median of several rounds
(the contenders take turns); the ratio is the contender's time over neighborly's
(above 1.00x: slower than neighborly).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sqlite3
import time
import tracemalloc
from collections.abc import Callable

from neighborly.points import Account, AccountKind, Ledger, Posting, PostingKind, balances_of

from _timing import median_times

VOLUNTEERS = 1000
AT = dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def report(title: str, count: int, results: dict[str, float]) -> None:
    print(f"\n{title}")
    base = results["neighborly"]
    for name, seconds in results.items():
        rate = count / seconds / 1e6
        print(f"  {name:<34} {seconds * 1e3:>9.1f} ms {rate:>7.2f} M/s {seconds / base:>7.2f}x")


def accounts() -> list[Account]:
    return [
        Account("budget", AccountKind.ISSUER, budget=10**12),
        *(Account(f"v{i}", AccountKind.VOLUNTEER, holder=f"v{i}") for i in range(VOLUNTEERS)),
    ]


def build(count: int) -> tuple[list[Posting], list[tuple[str, str, str, int]], float]:
    rows = [(f"award:{i}", "budget", f"v{i % VOLUNTEERS}", 1 + i % 50) for i in range(count)]
    gc.collect()
    start = time.perf_counter()
    postings = [Posting(k, AT, PostingKind.AWARD, s, t, p) for k, s, t, p in rows]
    return postings, rows, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    count = args.entries
    postings, rows, built = build(count)
    chart = accounts()

    def neighborly_post() -> object:
        ledger = Ledger(chart)
        ledger.post_all(postings)
        return ledger.balances()

    def plain_dict() -> object:
        balances: dict[str, int] = {}
        get = balances.get
        for _, source, target, points in rows:
            balances[source] = get(source, 0) - points
            balances[target] = get(target, 0) + points
        return balances

    def sqlite() -> object:
        db = sqlite3.connect(":memory:")
        db.execute(
            "create table postings (key text primary key, source text, target text, points integer)"
        )
        db.executemany("insert into postings values (?, ?, ?, ?)", rows)
        found = db.execute(
            "select account, sum(points) from ("
            " select source as account, -points as points from postings"
            " union all select target, points from postings) group by account"
        ).fetchall()
        db.close()
        return found

    expected = plain_dict()
    if neighborly_post() != expected or dict(sqlite()) != expected:  # type: ignore[call-overload]
        msg = "the contenders disagree on the balances"
        raise RuntimeError(msg)
    report(
        f"post {count:,} entries and compute all balances",
        count,
        median_times(
            {
                "neighborly": neighborly_post,
                "plain dict (floor, no checks)": plain_dict,
                "sqlite3": sqlite,
            },
            args.rounds,
        ),
    )

    ledger = Ledger(chart)
    ledger.post_all(postings)
    recorded = [entry.posting for entry in ledger.entries]
    if balances_of(recorded) != expected:
        msg = "balances_of disagrees with the ledger"
        raise RuntimeError(msg)
    report(
        f"replay balances from {count:,} entries",
        count,
        median_times(
            {"neighborly": lambda: balances_of(recorded), "plain dict over tuples": plain_dict},
            args.rounds,
        ),
    )

    def repost() -> object:
        return ledger.post_all(postings)

    def seal() -> object:
        fresh = Ledger(chart)
        fresh.post_all(postings)
        start = time.perf_counter()
        head = fresh.head
        return time.perf_counter() - start, head

    alone: dict[str, Callable[[], object]] = {"re-post every entry (no-ops)": repost}
    print(f"\nneighborly alone, {count:,} entries")
    for name, seconds in median_times(alone, args.rounds).items():
        print(f"  {name:<34} {seconds * 1e3:>9.1f} ms {count / seconds / 1e6:>7.2f} M/s")
    sealed = sorted(seal()[0] for _ in range(3))[1]  # type: ignore[index]
    print(f"  {'seal the hash chain':<34} {sealed * 1e3:>9.1f} ms {count / sealed / 1e6:>7.2f} M/s")
    print(
        f"  {'build the postings (before posting)':<34} {built * 1e3:>9.1f} ms {count / built / 1e6:>7.2f} M/s"
    )
    memory(count, chart)


def memory(count: int, chart: list[Account]) -> None:
    """Peak bytes per entry of building the postings and posting them."""
    rows = [(f"award:{i}", "budget", f"v{i % VOLUNTEERS}", 1 + i % 50) for i in range(count)]
    gc.collect()
    tracemalloc.start()
    ledger = Ledger(chart)
    ledger.post_all(Posting(k, AT, PostingKind.AWARD, s, t, p) for k, s, t, p in rows)
    _ = ledger.head
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {'memory per entry (posted, sealed)':<34} {current / count:>9.0f} bytes")
    print("\nratio: the contender's time over neighborly's (above 1.00x: slower than neighborly)")


if __name__ == "__main__":
    main()
