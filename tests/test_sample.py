"""The embedded sample community: its scale, its rules, and that the script makes it."""

from __future__ import annotations

import gzip

import pytest

from neighborly import GridLevel, ResidentTag, check_grids, sample_community
from neighborly.sample import sample_bytes

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


def test_the_shipped_sample_is_exactly_what_the_seeded_script_makes():
    assert script("generate_sample").sample_json() == sample_bytes()
    shipped = (ROOT / "src" / "neighborly" / "data" / "sample_community.json.gz").read_bytes()
    assert gzip.decompress(shipped) == sample_bytes()
