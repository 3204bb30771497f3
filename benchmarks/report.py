"""The HTML report's cost, each command measured in a fresh interpreter.

    python benchmarks/report.py                 # the sample, then a street of 50
    python benchmarks/report.py --street 10     # a smaller street

* the sample: `neighborly report --sample --html OUT` (interpreter start, import,
  load, every rule and the drawing), median of 5, beside `neighborly check --sample`
  (the same without the drawing), and the file's size; in one process, the drawing
  alone: `report.html` less `check_community` on the same community, medians of 5
  with the collector run before each;
* the drawing against matplotlib, figure by figure, in one process: the year's
  calendar heat map, the owners' vote bars, the points leaderboard and star levels,
  and the grid map.  Each side starts from the same community and works out the
  figure's numbers with the same neighborly functions (occurrences, tallies, the
  ledger's replay, star standings, the grid index); neighborly then writes its SVG,
  matplotlib draws the same shapes (one rectangle or bar per day, bar, building) and
  writes its SVG (``savefig(format="svg")``), which is what a user building the
  report themselves would reach for.  Medians of 5, the collector run before each;
* a street: N sample-sized communities (3,281 households and a 10 MB JSON file each),
  `neighborly report FOLDER --html OUT` (reading the files on every core); then the
  same street held in memory, its communities read beforehand, and
  ``report.html(street)`` in this process; medians of 3 with the fastest and
  slowest run, since a shared machine's speed drifts by a third from minute to
  minute.

Figures are wall times on this machine; run it on yours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from neighborly.community import Community
from neighborly.report import html
from neighborly.rules import check_community
from neighborly.sample import sample_bytes, sample_community
from neighborly.serialization import loads
from neighborly.street import Street
from street import command_wall  # the same fresh-interpreter timing as the street's

AS_OF = "2026-12-05"


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
    command_wall("report", "--sample", "--html", str(out), "--as-of", AS_OF)  # caches the bytecode
    report = statistics.median(
        command_wall("report", "--sample", "--html", str(out), "--as-of", AS_OF) for _ in range(5)
    )
    check = statistics.median(command_wall("check", "--sample", "--as-of", AS_OF) for _ in range(5))
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


def _context(community: Community) -> Any:
    from neighborly.report import _Context
    from neighborly.rules import policies_for

    day = dt.date.fromisoformat(AS_OF)
    p = policies_for(community)
    return _Context(community, day, "en", p, None, check_community(community, as_of=day))


def _ours(community: Community) -> dict[str, Any]:
    from neighborly import report as r
    from neighborly.volunteering import STAR_POLICIES

    ctx = _context(community)
    stars = STAR_POLICIES["national"]
    return {
        "calendar": lambda: r._calendar_section(ctx),
        "votes": lambda: r._votes_section(ctx),
        "points": lambda: r._points_section(ctx, stars),
        "map": lambda: r._map_section(ctx),
    }


def _svg_of(figure: Any) -> str:
    import matplotlib.pyplot as plt

    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    return out.getvalue()


def _mpl_calendar(community: Community, day: dt.date) -> str:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from neighborly._time import DEFAULT_ZONE
    from neighborly.scheduling import occurrences

    start = dt.datetime(day.year, 1, 1, tzinfo=DEFAULT_ZONE)
    found = occurrences(community.events, start, start.replace(year=day.year + 1))
    per_day = Counter(o.starts.astimezone(DEFAULT_ZONE).date() for o in found)
    most = max(per_day.values(), default=1)
    figure, axes = plt.subplots(figsize=(10, 2))
    first = dt.date(day.year, 1, 1)
    for n in range(365):
        d = first + dt.timedelta(days=n)
        week = (n + first.weekday()) // 7
        shade = per_day.get(d, 0) / most
        axes.add_patch(Rectangle((week, d.weekday()), 0.9, 0.9, color=(0, 0.45, 0.7, shade)))
    axes.set_xlim(0, 54)
    axes.set_ylim(7, 0)
    return _svg_of(figure)


def _mpl_votes(community: Community, day: dt.date) -> str:  # noqa: ARG001 - one signature
    import matplotlib.pyplot as plt

    from neighborly.owners import roll_of, tally_vote

    # the roll only for a vote not yet held, as the report does
    roll = roll_of(community) if any(not v.roll for v in community.votes) else ()
    figure, axes = plt.subplots(figsize=(7, 4))
    y = 0
    for vote in community.votes:
        for tally in tally_vote(vote, roll):
            for part, whole, line in (
                (tally.voted_area, tally.total_area, 2 / 3),
                (tally.voted_heads, tally.total_heads, 2 / 3),
                (tally.agree_area, tally.voted_area, 0.5),
                (tally.agree_heads, tally.voted_heads, 0.5),
            ):
                share = float(part / whole) if whole else 0.0
                axes.barh(y, share, color="#009E73")
                axes.plot([line, line], [y - 0.4, y + 0.4], color="black")
                axes.text(share + 0.01, y, f"{share * 100:.1f}%")
                y += 1
    return _svg_of(figure)


def _mpl_points(community: Community, day: dt.date) -> str:
    import matplotlib.pyplot as plt

    from neighborly.points import AccountKind, replay
    from neighborly.volunteering import STAR_POLICIES, standings

    book = community.points
    balances = replay(book).balances if book is not None else {}
    holders = [a.id for a in (book.accounts if book else ()) if a.kind is AccountKind.VOLUNTEER]
    board = sorted(holders, key=lambda a: -balances.get(a, 0))[:10]
    rated = standings(community.volunteers, community.records, day, STAR_POLICIES["national"])
    levels = Counter(s.stars for s in rated)
    figure, (top, stars) = plt.subplots(2, 1, figsize=(7, 6))
    top.barh(range(len(board)), [balances.get(a, 0) for a in board], color="#0072B2")
    stars.barh(range(6), [levels.get(k, 0) for k in range(6)], color="#E69F00")
    return _svg_of(figure)


def _mpl_map(community: Community, day: dt.date) -> str:  # noqa: ARG001 - one signature
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from neighborly.grids import GridLevel

    index = community.grid_index
    level3 = [g for g in community.grids if g.level is GridLevel.BUILDING_GROUP]
    colour = {g.id: f"C{i % 10}" for i, g in enumerate(level3)}
    figure, axes = plt.subplots(figsize=(7, 5))
    for compound in community.compounds:
        for building in compound.buildings:
            homes = [h.id for u in building.units for h in u.households]
            grid = next((g.id for g in level3 if homes and homes[0] in index.households[g.id]), "")
            where = building.location
            if where is not None:
                spot = (where.longitude, where.latitude)
                axes.add_patch(Rectangle(spot, 0.0002, 0.00015, color=colour.get(grid, "white")))
                axes.text(*spot, building.number)
    axes.autoscale_view()
    return _svg_of(figure)


def _theirs(community: Community) -> dict[str, Any]:
    import matplotlib

    matplotlib.use("svg")
    day = dt.date.fromisoformat(AS_OF)
    return {
        "calendar": lambda: _mpl_calendar(community, day),
        "votes": lambda: _mpl_votes(community, day),
        "points": lambda: _mpl_points(community, day),
        "map": lambda: _mpl_map(community, day),
    }


def the_drawing() -> None:
    try:
        import matplotlib  # noqa: F401 - only to know it is there
    except ImportError:
        print(
            "\nthe drawing against matplotlib: matplotlib is not installed (make bench installs it)"
        )
        return
    ours = _ours(sample_community())
    theirs = _theirs(sample_community())
    print("\nthe drawing, figure by figure, median of 5 (numbers worked out on each side)")
    print(f"  {'figure':<10} {'neighborly':>11} {'matplotlib':>11} {'ratio':>7}")
    for key in ours:
        ours[key]()
        theirs[key]()  # warm both: imports, caches
        a = median_of(5, ours[key])
        b = median_of(5, theirs[key])
        print(f"  {key:<10} {a * 1000:>9.1f} ms {b * 1000:>9.1f} ms {b / a:>6.1f}x")


def a_street(folder: Path, count: int, runs: int) -> None:
    data = sample_bytes()
    street = folder / "street"
    street.mkdir()
    for i in range(count):
        (street / f"c-{i:02d}.json").write_bytes(
            data.replace(b'"c-sample"', f'"c-{i:02d}"'.encode())
        )
    out = folder / "street.html"
    took = [
        command_wall("report", str(street), "--html", str(out), "--as-of", AS_OF)
        for _ in range(runs)
    ]
    print(f"\na street of {count} sample-sized communities, median of {runs} (fastest, slowest)")
    print(f"  neighborly report FOLDER --html OUT      {_spread(took)}")
    print(f"  the file                                {out.stat().st_size / 1e6:>6.2f} MB")
    # The same street held in memory, as an application that keeps its communities
    # has it: each community read beforehand (its own objects, not shared), then
    # report.html(street) in this process: every rule of every community and the
    # drawing, on one core.
    held = Street(
        "s-bench",
        "示例街道",
        tuple(
            loads(data.replace(b'"c-sample"', f'"c-{i:02d}"'.encode()), Community)
            for i in range(count)
        ),
    )
    day = dt.date.fromisoformat(AS_OF)
    alone = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        html(held, as_of=day)
        alone.append(time.perf_counter() - start)
    print(f"  report.html(street) in one process      {_spread(alone)}")


def _spread(times: list[float]) -> str:
    return f"{statistics.median(times):>6.1f} s   ({min(times):.1f}, {max(times):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--street", type=int, default=50, help="communities in the street")
    parser.add_argument("--runs", type=int, default=3, help="runs of each street measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        the_sample(folder)
        the_drawing()
        if args.street:
            a_street(folder, args.street, args.runs)


if __name__ == "__main__":
    main()
