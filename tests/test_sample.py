"""The embedded sample community: its scale, its rules, and that the script makes it."""

from __future__ import annotations

import datetime as dt
import gzip
import pickle

import pytest

from neighborly import Community, sample_community
from neighborly._time import DEFAULT_ZONE
from neighborly.grids import GridLevel, check_grids
from neighborly.places import ResidentTag
from neighborly.points import PostingKind, replay, verify_chain
from neighborly.sample import _pack, sample_bytes
from neighborly.scheduling import check_plan, check_schedule
from neighborly.serialization import loads
from neighborly.volunteering import check_records, standings

from builders import ROOT, script


@pytest.fixture(scope="module")
def sample():
    return sample_community()


def test_the_sample_has_the_scale_of_the_pilot_compound(sample):
    (compound,) = sample.compounds
    assert len(compound.buildings) == 23
    assert sum(1 for _ in sample.households()) == 3281
    assert sum(1 for _ in sample.residents()) > 11_000
    assert len(compound.shops) > 0


def test_the_sample_has_a_three_level_grid_and_service_teams(sample):
    levels = [g.level for g in sample.grids]
    assert levels.count(GridLevel.COMMUNITY) == 1
    assert levels.count(GridLevel.COMPOUND) == 1
    assert levels.count(GridLevel.BUILDING_GROUP) == 8
    assert len(sample.teams) >= 5


def test_the_sample_passes_every_grid_rule(sample):
    report = check_grids(sample)
    assert report.passed, report.explain()


def test_the_sample_carries_the_circumstances_community_work_looks_after(sample):
    tags = {tag for resident in sample.residents() for tag in resident.tags}
    assert {ResidentTag.ELDER_LIVING_ALONE, ResidentTag.PARTY_MEMBER, ResidentTag.DISABLED} <= tags


def test_the_sample_personal_data_is_clearly_synthetic(sample):
    for resident in sample.residents():
        assert resident.phone is None or resident.phone.startswith("13800")
        assert resident.id_number is None or resident.id_number.startswith("990000")
    assert all(s.phone is None or s.phone.startswith("13900") for s in sample.staff)


def test_the_sample_plans_every_traditional_festival_and_a_full_year(sample):
    for year in (2026, 2027, 2030):
        report = check_plan(sample.events, year)
        assert report.passed, report.explain()
        assert report.verdicts[0].reasons[0].actual.isdigit()
        assert int(report.verdicts[0].reasons[0].actual) > 365


def test_the_sample_calendar_has_exactly_the_conflicts_it_documents(sample):
    after = dt.datetime(2026, 11, 1, tzinfo=DEFAULT_ZONE)
    report = check_schedule(
        sample.events,
        sample.venues,
        after,
        dt.datetime(2028, 1, 1, tzinfo=DEFAULT_ZONE),
        assignments=sample.assignments,
    )
    failed = {v.rule: v for v in report.verdicts if not v.passed}
    assert set(failed) == {"scheduling.double_booking", "scheduling.staffing", "scheduling.shifts"}
    # the Party day and the health talk share the activity room on every first Friday
    clashes = failed["scheduling.double_booking"].reasons
    assert len(clashes) == 14  # Nov 2026 to Dec 2027
    assert all("e-party-day" in r.message.en and "e-health-talk" in r.message.en for r in clashes)
    (short,) = failed["scheduling.staffing"].reasons
    assert "2026-12-22" in short.message.en
    assert "1 short" in short.message.en
    (twice,) = failed["scheduling.shifts"].reasons
    assert "2026-12-05" in twice.message.en


def test_the_sample_volunteers_keep_records_and_a_clean_points_ledger(sample):
    assert len(sample.volunteers) == 608
    assert all(v.resident is not None for v in sample.volunteers)
    assert len(sample.records) > 4000
    assert {t.id: len(t.members) for t in sample.teams}["t-sorting"] == 12
    assert verify_chain(sample.points).passed
    replayed = replay(sample.points)
    assert replayed.violations == ()
    assert all(v >= 0 for k, v in replayed.balances.items() if k.startswith("pts-vol"))
    kinds = {e.posting.kind for e in sample.points.entries}
    assert kinds == {
        PostingKind.AWARD,
        PostingKind.REDEMPTION,
        PostingKind.EXPIRY,
        PostingKind.REVERSAL,
    }
    stars = {s.stars for s in standings(sample.volunteers, sample.records, dt.date(2026, 11, 22))}
    assert stars == {0, 1, 4}
    report = check_records(sample.records)
    assert [v.rule for v in report.failed] == ["volunteering.deadline"]
    assert len(report.failed[0].reasons) == 2


@pytest.mark.slow
def test_the_shipped_sample_is_exactly_what_the_seeded_script_makes():
    assert script("generate_sample").sample_json() == sample_bytes()
    shipped = (ROOT / "src" / "neighborly" / "data" / "sample_community.json.gz").read_bytes()
    assert gzip.decompress(shipped) == sample_bytes()


@pytest.mark.slow
def test_the_shipped_models_are_the_sample_json_packed_again():
    shipped = (ROOT / "src" / "neighborly" / "data" / "sample_community.pickle.gz").read_bytes()
    assert pickle.loads(gzip.decompress(_pack(sample_bytes()))) == pickle.loads(
        gzip.decompress(shipped)
    )


def test_the_sample_as_shipped_models_is_what_a_checked_read_of_its_json_builds():
    """``sample_community`` unpickles the package's own models, built from its JSON
    without the input limits; a checked read of the same JSON accepts it and builds
    the same community, field for field (a model added to or changed in the package
    without the sample being written again fails here)."""
    assert sample_community() == loads(sample_bytes(), Community, format="json")


def test_every_call_builds_a_new_sample():
    one, two = sample_community(), sample_community()
    assert one == two
    assert one is not two
    assert one.compounds[0] is not two.compounds[0]
