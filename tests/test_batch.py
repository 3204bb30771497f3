"""City-wide jobs on Dask: the same answers as one community at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

pytest.importorskip("dask.bag")

from neighborly import dumps, sample_community
from neighborly.batch import (
    circle_report,
    circle_reports,
    communities_from_files,
    grid_report,
    grid_reports,
    run,
    settle_community,
    settle_points,
)
from neighborly.grids import check_grids
from neighborly.points import replay

from builders import community, script, with_grid

AS_OF = dt.date(2026, 11, 22)
SAMPLE = sample_community()


def renamed(c, cid: str):
    """``c`` as community ``cid`` (its level-1 grid follows)."""
    grids = tuple(attrs.evolve(g, places=(cid,)) if g.places == (c.id,) else g for g in c.grids)
    return attrs.evolve(c, id=cid, grids=grids)


def small_city() -> list:
    """Three communities: two clean, one with a grid problem."""
    first = renamed(community(300, 400), "c-a")
    second = renamed(community(350), "c-b")
    third = with_grid(renamed(community(300, 400), "c-c"), 2, places=())
    return [first, second, third]


def test_settling_the_sample_matches_its_own_ledger_and_stars():
    rows = settle_community(SAMPLE, AS_OF)
    balances = replay(SAMPLE.points).balances
    accounts = {a.holder: a.id for a in SAMPLE.points.accounts if a.holder}
    assert len(SAMPLE.volunteers) == len(rows)
    assert all(r.balance == balances.get(accounts.get(r.volunteer), 0) for r in rows)
    assert sum(r.stars > 0 for r in rows) > 0
    assert all(0 <= r.expiring <= r.balance for r in rows)


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_the_grid_job_gives_on_every_scheduler_what_each_community_gives_alone(scheduler):
    city = small_city()
    results = run(grid_reports(city, partitions=2), scheduler=scheduler, workers=2)
    assert [c.id for c in city] == [r.community for r in results]
    assert [check_grids(c) for c in city] == [r.outcome for r in results]
    assert [r.passed for r in results] == [True, True, False]


def test_the_points_job_over_a_city_is_the_union_of_its_communities():
    city = [SAMPLE, renamed(community(300), "c-empty")]
    rows = run(settle_points(city, AS_OF, partitions=2), scheduler="processes", workers=2)
    assert list(settle_community(SAMPLE, AS_OF)) == [r for r in rows if r.community == "c-sample"]
    assert not [r for r in rows if r.community == "c-empty"]


def test_the_circle_job_and_communities_read_by_the_workers(tmp_path: Path):
    paths = []
    for c in small_city()[:2]:
        path = tmp_path / f"{c.id}.json"
        path.write_bytes(dumps(c, personal_data=True, purpose="test"))
        paths.append(path)
    bag = communities_from_files(paths)
    results = run(circle_reports(bag), scheduler="processes", workers=2)
    assert [circle_report(c).outcome for c in small_city()[:2]] == [r.outcome for r in results]
    assert [grid_report(c) for c in small_city()[:2]] == run(
        grid_reports(communities_from_files(paths)), scheduler="sync"
    )


def test_a_distributed_client_is_used_when_given():
    class Client:
        def __init__(self) -> None:
            self.asked = []

        def compute(self, bag):
            self.asked.append(bag)

            class Future:
                def result(self):
                    return bag.compute(scheduler="sync")

            return Future()

    client = Client()
    results = run(grid_reports(small_city()), client=client)
    assert len(client.asked) == 1
    assert len(results) == 3


def test_the_synthetic_city_is_determined_by_its_seed_and_passes_the_grid_rules(tmp_path: Path):
    generator = script("generate_city")
    first = list(generator.city(7, 3, buildings=8, volunteers=20, entries_per_volunteer=3))
    again = list(generator.city(7, 3, buildings=8, volunteers=20, entries_per_volunteer=3))
    assert first == again
    assert [sum(1 for _ in c.households()) for c in first] == [800, 800, 800]
    assert [len(c.points.entries) for c in first] == [60, 60, 60]
    results = run(grid_reports(first), scheduler="threads", workers=2)
    assert all(r.passed for r in results), [r.outcome.explain() for r in results if not r.passed]
    rows = run(settle_points(first, AS_OF), scheduler="sync")
    assert sum(r.balance for r in rows) == sum(
        e.posting.points for c in first for e in c.points.entries
    )
    assert (
        generator.main(
            ["--communities", "2", "--volunteers", "5", "--entries", "2", "--out", str(tmp_path)]
        )
        == 0
    )
    paths = sorted(tmp_path.glob("*.json"))
    assert [p.name for p in paths] == ["c00000.json", "c00001.json"]
    assert len(run(grid_reports(communities_from_files(paths)), scheduler="sync")) == 2
