"""Calendar work with neighborly against the libraries a user would pick instead, in one
process.

    python benchmarks/scheduling.py

* conversions: every day of 1901-2099 (72,684 days) from Gregorian to lunar with
  neighborly, lunar-python and lunardate (GPL, measured only; install it from
  benchmarks/requirements-gpl.txt);
* conflicts: double bookings among 30,000 occurrences on 50 venues with neighborly's
  rule (which also explains each overlap in English and Chinese) and with the plain
  sorted sweep a user would write (group by venue, sort by start, remember the
  latest end);
* expansion: 500 recurring events (weekly, monthly and yearly RRULEs) over one year
  with neighborly's Recurrence, with raw python-dateutil rules parsed beforehand (the
  floor: neighborly expands Gregorian rules with it) and with recurring-ical-events
  on the same calendar written as iCalendar.  Each library gets its objects built
  before the clock starts, and a first untimed round.

Each row is the median of several rounds (the libraries take turns); the ratio is
the library's time over neighborly's (above 1.00x: slower than neighborly).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from neighborly.calendar import to_lunar
from neighborly.recurrence import Recurrence
from neighborly.scheduling import Occurrence, check_double_booking

from _timing import median_times

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Each rule with a first day it matches: RFC 5545 counts DTSTART as an occurrence even
# when it does not match the rule, python-dateutil does not, so a matching start keeps
# the three libraries counting the same occurrences.
RULES = (
    ("FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 1, 3)),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", dt.date(2026, 1, 2)),
    ("FREQ=MONTHLY;BYDAY=1FR", dt.date(2026, 1, 2)),
    ("FREQ=MONTHLY;BYMONTHDAY=15", dt.date(2026, 1, 15)),
    ("FREQ=DAILY;INTERVAL=3", dt.date(2026, 1, 1)),
    ("FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1", dt.date(2026, 10, 1)),
)


def report(title: str, results: dict[str, float]) -> None:
    print(f"\n{title}")
    base = results["neighborly"]
    for name, seconds in results.items():
        print(f"  {name:<24} {seconds * 1e3:>10.1f} ms {seconds / base:>7.2f}x")


def conversions(rounds: int) -> None:
    days = [dt.date(1901, 1, 1) + dt.timedelta(days=n) for n in range(72_684)]
    fns: dict[str, Callable[[], object]] = {"neighborly": lambda: [to_lunar(d) for d in days]}
    try:
        from lunardate import LunarDate as GplLunarDate
    except ImportError:
        print("(lunardate not installed: pip install -r benchmarks/requirements-gpl.txt)")
    else:
        fns["lunardate (GPL)"] = lambda: [
            GplLunarDate.from_solar_date(d.year, d.month, d.day) for d in days
        ]
    from lunar_python import Solar

    sample = days[::20]  # lunar-python converts about a thousand days a second
    scale = len(days) / len(sample)
    lunar_python = median_times(
        {"x": lambda: [Solar.fromYmd(d.year, d.month, d.day).getLunar() for d in sample]}, 1
    )["x"]
    results = median_times(fns, rounds)
    results["lunar-python (scaled)"] = lunar_python * scale
    report(f"convert {len(days):,} days, 1901-2099", results)


def expansions(rounds: int) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    end = dt.datetime(2027, 1, 1, tzinfo=SHANGHAI)
    events = [
        (rule, dt.datetime.combine(first, dt.time(8 + i % 10, i % 60), tzinfo=SHANGHAI))
        for i, (rule, first) in enumerate(RULES[i % len(RULES)] for i in range(500))
    ]
    recurrences = [Recurrence(first, rule=rule) for rule, first in events]

    def with_neighborly() -> int:
        return sum(len(r.between(start, end)) for r in recurrences)

    parsed = [rrulestr(rule, dtstart=first) for rule, first in events]

    def with_dateutil() -> int:
        return sum(len(r.between(start, end, inc=True)) for r in parsed)

    fns: dict[str, Callable[[], object]] = {
        "neighborly": with_neighborly,
        "python-dateutil (floor)": with_dateutil,
    }
    try:
        import icalendar
        import recurring_ical_events
    except ImportError:
        print("(icalendar or recurring-ical-events not installed: pip install '.[bench]')")
    else:
        calendar = icalendar.Calendar()
        for i, (rule, first) in enumerate(events):
            event = icalendar.Event()
            event.add("uid", f"event-{i}@neighborly")
            event.add("dtstart", first)
            event.add("dtend", first + dt.timedelta(hours=1))
            event.add("rrule", icalendar.vRecur.from_ical(rule))
            calendar.add_component(event)
        fns["recurring-ical-events"] = lambda: len(
            recurring_ical_events.of(calendar).between(start, end)
        )
    counts = {name: fn() for name, fn in fns.items()}
    if len(set(counts.values())) != 1:
        msg = f"the libraries disagree on the occurrences: {counts}"
        raise RuntimeError(msg)
    report(
        f"expand 500 recurring events over 2026 ({counts['neighborly']:,} occurrences)",
        median_times(fns, rounds),
    )


def conflicts(rounds: int) -> None:
    # 50 venues booked in two-hour blocks from 08:00 to 20:00 through 2026, each block
    # at most once; one booking in a hundred starts half an hour late and may run into
    # the next block's booking.
    rng = random.Random(11)
    base = dt.datetime(2026, 1, 1, 8, tzinfo=SHANGHAI)
    found = []
    slots = rng.sample(range(50 * 365 * 6), 30_000)  # venue, day and block, each taken once
    for k, slot in enumerate(slots):
        venue, rest = divmod(slot, 365 * 6)
        day, block = divmod(rest, 6)
        starts = base + dt.timedelta(days=day, hours=2 * block)
        if rng.random() < 0.01:
            starts += dt.timedelta(minutes=30)
        found.append(Occurrence(f"v{venue}", starts, starts + dt.timedelta(hours=2), f"e{k}"))

    def sweep() -> int:
        verdict = check_double_booking(found)
        return 0 if verdict.passed else len(verdict.reasons)

    def plain_sweep() -> int:
        # what a user writes: sort each venue's bookings by start and remember the
        # latest end so far; a booking that starts before it overlaps an earlier one
        by_venue: dict[str, list[Occurrence]] = {}
        for occurrence in found:
            by_venue.setdefault(occurrence.venue, []).append(occurrence)
        flagged = 0
        for items in by_venue.values():
            items.sort(key=lambda o: o.starts)
            latest = items[0].ends
            for occurrence in items[1:]:
                if occurrence.starts < latest:
                    flagged += 1
                latest = max(latest, occurrence.ends)
        return flagged

    if sweep() != plain_sweep():
        msg = f"neighborly and the plain sweep disagree: {sweep()} vs {plain_sweep()}"
        raise RuntimeError(msg)
    report(
        f"venue conflicts among {len(found):,} occurrences on 50 venues ({sweep():,} flagged)",
        median_times({"neighborly": sweep, "a plain sorted sweep": plain_sweep}, rounds),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    conversions(args.rounds)
    expansions(args.rounds)
    conflicts(args.rounds)
    print("\nratio: the library's time over neighborly's (above 1.00x: slower than neighborly)")


if __name__ == "__main__":
    main()
