"""A community stored in a Django model comes back exactly as it went in."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("django")

import django
from django.core.exceptions import ValidationError
from django.db import connection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examples.django_community.settings")
django.setup()

from neighborly import dumps, sample_community  # noqa: E402 - after django.setup()

from .models import CommunityRecord  # noqa: E402 - models need the app registry


@pytest.fixture(scope="module", autouse=True)
def table():
    with connection.schema_editor() as editor:
        editor.create_model(CommunityRecord)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(CommunityRecord)


def test_the_sample_community_round_trips_through_the_database_with_its_personal_data():
    community = sample_community()
    CommunityRecord.objects.create(code=community.id, community=community)
    back = CommunityRecord.objects.get(code=community.id).community
    assert back == community
    resident = next(r for h in back.households() for r in h.occupants if r.name)
    assert (
        resident.name
        == next(r for h in community.households() for r in h.occupants if r.id == resident.id).name
    )


def test_the_json_column_can_be_queried_like_any_json_field():
    assert CommunityRecord.objects.filter(community__name="示例社区").count() == 1
    assert CommunityRecord.objects.filter(community__name="别的社区").count() == 0


def test_a_bad_community_is_refused_by_full_clean_with_its_paths():
    data = dumps(sample_community())
    bad = data.replace(b'"area_m2":"', b'"area_m2":"-', 1)
    record = CommunityRecord(code="c-bad", community=bad.decode())
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert "area_m2" in str(excinfo.value)
    assert not CommunityRecord.objects.filter(code="c-bad").exists()


def test_a_household_is_not_a_community():
    record = CommunityRecord(code="c-x", community={"id": "h1", "room": "1", "area_m2": "9"})
    with pytest.raises(ValidationError) as excinfo:
        record.full_clean()
    assert "$.room" in str(excinfo.value)  # a field a community does not have
