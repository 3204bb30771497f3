"""City-wide jobs on Dask: the same answers as one community at a time."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("dask.bag")

from neighborly import dumps, sample_community
from neighborly.batch import (
    Coverage,
    Settlement,
    building_coverage,
    circle_report,
    circle_reports,
    city_volunteers,
    communities_from_files,
    coverage,
    grid_report,
    grid_reports,
    run,
    settle_community,
    settle_points,
)
from neighborly.grids import check_grids
from neighborly.points import (
    replay,
)
from neighborly.serialization import structure, unstructure
from neighborly.services import Circle, CirclePolicy, check_circle

from builders import community, script, with_grid

AS_OF = dt.date(2026, 11, 22)
SAMPLE = sample_community()

# make unit leaves these to make test: they are most of the quick loop's time
pytestmark = pytest.mark.slow


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


def test_the_jobs_run_on_a_real_distributed_cluster_given_its_client(tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    paths = []
    for c in [SAMPLE, *small_city()]:
        path = tmp_path / f"{c.id}.json"
        path.write_bytes(dumps(c, personal_data=True, purpose="test"))
        paths.append(path)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        rows = run(settle_points(communities_from_files(paths), AS_OF), client=client)
        grids = run(grid_reports(communities_from_files(paths)), client=client)
        reach = run(coverage(communities_from_files(paths[:1])), client=client)
        workers = client.run(os.getpid)
    assert len(workers) == 2
    assert list(settle_community(SAMPLE, AS_OF)) == rows
    assert [grid_report(c) for c in [SAMPLE, *small_city()]] == grids
    assert list(building_coverage(SAMPLE)) == reach


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


def test_every_building_is_measured_against_every_required_category():
    rows = building_coverage(SAMPLE)
    policy = CirclePolicy()
    buildings = [b.id for cp in SAMPLE.compounds for b in cp.buildings]
    assert len(buildings) * len(policy.requirements) == len(rows)
    assert [r.building for r in rows[: len(policy.requirements)]] == [buildings[0]] * len(
        policy.requirements
    )
    failing = {r.building for r in rows if not r.covered}
    # the sample's documented gaps: four buildings beyond the kindergarten's 300 m and
    # one 30 m beyond the middle school's 1,000 m
    assert {"b-01", "b-05", "b-06", "b-12", "b-18"} == failing
    (school,) = [r for r in rows if r.building == "b-01" and r.category == "middle_school"]
    assert (school.circle, school.limit_m, school.walking_m) == (
        Circle.FIFTEEN_MINUTE,
        1000,
        1030,
    )
    assert not check_circle(SAMPLE).passed


def test_a_walk_of_exactly_the_limit_is_covered_and_a_building_without_a_location_is_not():
    rows = building_coverage(SAMPLE)
    (first,) = [r for r in rows if r.building == "b-05" and r.category == "kindergarten"]
    assert first.walking_m is not None
    # the same walk with the circle set to exactly it, and a metre short of it
    exact = CirclePolicy(five_minute_m=first.walking_m)
    short = CirclePolicy(five_minute_m=first.walking_m - 1)
    (at_limit,) = [
        r
        for r in building_coverage(SAMPLE, exact)
        if r.building == "b-05" and r.category == "kindergarten"
    ]
    (over,) = [
        r
        for r in building_coverage(SAMPLE, short)
        if r.building == "b-05" and r.category == "kindergarten"
    ]
    assert (at_limit.covered, over.covered) == (True, False)
    compound = SAMPLE.compounds[0]
    unplaced = attrs.evolve(compound.buildings[0], location=None)
    moved = attrs.evolve(
        SAMPLE, compounds=(attrs.evolve(compound, buildings=(unplaced, *compound.buildings[1:])),)
    )
    lost = [r for r in building_coverage(moved) if r.building == unplaced.id]
    assert lost
    assert all(not r.located and not r.covered and r.walking_m is None for r in lost)


def test_the_coverage_job_is_every_communitys_rows_in_order():
    city = [SAMPLE, renamed(community(300), "c-empty")]
    rows = run(coverage(city, partitions=2), scheduler="processes", workers=2)
    assert list(building_coverage(SAMPLE)) == [r for r in rows if r.community == "c-sample"]
    empty = [r for r in rows if r.community == "c-empty"]
    assert empty
    assert not any(r.covered or r.located for r in empty)  # the builder places no building


def test_batch_results_round_trip_through_the_converter():
    rows = [
        *settle_community(SAMPLE, AS_OF)[:5],
        *building_coverage(SAMPLE)[:5],
        grid_report(SAMPLE),
        circle_report(SAMPLE),
    ]
    for row in rows:
        assert row == structure(unstructure(row), type(row))


@settings(max_examples=50)
@given(
    st.lists(
        st.builds(
            Settlement,
            st.text(min_size=1, max_size=5),
            st.text(min_size=1, max_size=5),
            st.integers(-(10**9), 10**9),
            st.integers(0, 10**9),
            st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
            st.integers(0, 5),
        )
        | st.builds(
            Coverage,
            st.text(min_size=1, max_size=5),
            st.text(min_size=1, max_size=5),
            st.text(min_size=1, max_size=5),
            st.sampled_from(Circle),
            st.integers(1, 100_000),
            st.booleans(),
            st.none() | st.text(min_size=1, max_size=5),
            st.none() | st.integers(0, 10**7),
            st.booleans(),
        ),
        max_size=5,
    )
)
def test_any_settlement_or_coverage_row_round_trips(rows):
    for row in rows:
        assert row == structure(unstructure(row), type(row))


def _unplaced(c, index: int):
    """``c`` with building ``index`` of its first compound moved off the map."""
    compound = c.compounds[0]
    buildings = list(compound.buildings)
    buildings[index] = attrs.evolve(buildings[index], location=None)
    return attrs.evolve(c, compounds=(attrs.evolve(compound, buildings=tuple(buildings)),))


@pytest.mark.parametrize(
    "policy",
    [
        CirclePolicy(),
        CirclePolicy(detour_factor=1.0),
        CirclePolicy(detour_factor=2.0),
        CirclePolicy(five_minute_m=200, ten_minute_m=400, fifteen_minute_m=800),
    ],
    ids=["default", "straight", "winding", "smaller-circles"],
)
@pytest.mark.parametrize("moved", [None, 3], ids=["all-placed", "one-unplaced"])
def test_coverage_rows_and_the_circle_rule_name_the_same_gaps(policy, moved):
    c = SAMPLE if moved is None else _unplaced(SAMPLE, moved)
    paths = {
        b.id: f"$.compounds[{ci}].buildings[{bi}]"
        for ci, cp in enumerate(c.compounds)
        for bi, b in enumerate(cp.buildings)
    }
    rows = building_coverage(c, policy)
    expected = {
        paths[r.building] + ("" if r.located else ".location") for r in rows if not r.covered
    }
    verdict = check_circle(c, policy)
    assert {r.path for r in verdict.reasons if not verdict.passed} == expected
    assert verdict.passed == all(r.covered for r in rows)


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_the_city_volunteer_job_agrees_with_counting_in_one_process(scheduler):
    from neighborly.sample import sample_street
    from neighborly.street import volunteer_statistics

    city = list(sample_street().communities)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 5)
    on_dask = city_volunteers(city, start, end, partitions=2, scheduler=scheduler, workers=2)
    assert on_dask == volunteer_statistics(city, start, end)
    assert on_dask.total.registered > 0
    assert city_volunteers([], start, end, scheduler="sync").total.registered == 0
