"""Tally an owners' vote on a large estate, in one process.

    python benchmarks/owners.py              # a 30,000-part roll
    python benchmarks/owners.py --parts 5000

The roll has 30,000 exclusive parts (flats of 40-160 m², one owner in twenty holding
two or three, 300 of the developer's parts unsold or undelivered); about 75% of the
owners vote on two motions (an ordinary and a special matter). Reported: the median
time to count both motions (head count, areas, quorum and approval with exact
fractions), and the time to build the roll's models from plain data.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from neighborly.owners import (
    Ballot,
    Choice,
    ExclusivePart,
    Matter,
    Motion,
    PartStatus,
    Tally,
    tally,
)

from _timing import median_times


def build(parts: int, seed: int = 3) -> tuple[list[ExclusivePart], list[Ballot], float]:
    rng = random.Random(seed)
    rows = []
    owner = 0
    i = 0
    while i < parts:
        held = rng.choice((2, 3)) if rng.random() < 0.05 else 1
        for _ in range(min(held, parts - i)):
            area = Decimal(rng.randrange(4000, 16000)) / 100
            developer = i < 300
            rows.append((f"p{i}", () if developer else (f"o{owner}",), area, developer, i % 2))
            i += 1
        owner += 1
    start = time.perf_counter()
    roll = [
        ExclusivePart(
            pid,
            owners,
            registered_area=area,
            status=(PartStatus.UNSOLD if flag else PartStatus.UNDELIVERED)
            if developer
            else PartStatus.OWNED,
        )
        for pid, owners, area, developer, flag in rows
    ]
    built = time.perf_counter() - start
    ballots = [
        Ballot(part.id, Choice.AGREE if rng.random() < 0.7 else Choice.DISAGREE)
        for part in roll
        if rng.random() < 0.75
    ]
    return roll, ballots, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    roll, ballots, built = build(args.parts)
    ordinary = Motion("m1", "选聘物业服务企业", Matter.PROPERTY_MANAGER)
    special = Motion("m2", "筹集维修资金", Matter.RAISE_FUND)

    def both() -> tuple[Tally, Tally]:
        return tally(roll, ordinary, ballots), tally(roll, special, ballots)

    first, second = both()
    seconds = median_times({"neighborly": both}, args.rounds)["neighborly"]
    print(f"\ntally two motions on a {args.parts:,}-part roll ({len(ballots):,} ballots)")
    print(f"  {first.total_heads:,} owners by Interpretation Art. 9, {first.total_area:,} m²")
    print(f"  ordinary matter: quorum {first.quorum}, passed {first.passed}")
    print(f"  special matter:  quorum {second.quorum}, passed {second.passed}")
    print(f"  neighborly tally, both motions   {seconds * 1e3:>8.1f} ms (median of {args.rounds})")
    print(f"  build the {args.parts:,} parts from data {built * 1e3:>8.1f} ms")


if __name__ == "__main__":
    main()
