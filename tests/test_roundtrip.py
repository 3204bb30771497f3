"""Every model survives a trip through plain data, through JSON bytes and through a
pickle unchanged."""

from __future__ import annotations

import json
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neighborly
from neighborly import Community, dumps, loads, structure, unstructure
from neighborly import access as access_module
from neighborly import calendar as calendar_module
from neighborly import care as care_module
from neighborly import cases as cases_module
from neighborly import deliberation as deliberation_module
from neighborly import elections as elections_module
from neighborly import grids as grids_module
from neighborly import owners as owners_module
from neighborly import parking as parking_module
from neighborly import party as party_module
from neighborly import places as places_module
from neighborly import points as points_module
from neighborly import recurrence as recurrence_module
from neighborly import registries as registries_module
from neighborly import requests as requests_module
from neighborly import residents_committee as residents_committee_module
from neighborly import scheduling as scheduling_module
from neighborly import services as services_module
from neighborly import street as street_module
from neighborly import verdicts as verdicts_module
from neighborly import volunteer_admin as volunteer_admin_module
from neighborly import volunteering as volunteering_module
from neighborly import waste as waste_module
from neighborly import wishes as wishes_module
from neighborly.personal import PERSONAL
from neighborly.places import Resident

from strategies import EVERY_MODEL, communities, residents


def _public_models() -> set[type]:
    found: set[type] = set()
    for module in (
        neighborly,
        owners_module,
        party_module,
        places_module,
        points_module,
        grids_module,
        verdicts_module,
        access_module,
        calendar_module,
        care_module,
        cases_module,
        deliberation_module,
        elections_module,
        parking_module,
        recurrence_module,
        registries_module,
        requests_module,
        residents_committee_module,
        scheduling_module,
        services_module,
        volunteering_module,
        volunteer_admin_module,
        street_module,
        waste_module,
        wishes_module,
    ):
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value):
                found.add(value)
    return found


def test_every_public_model_has_a_strategy():
    assert _public_models() - set(EVERY_MODEL) == set()


@pytest.mark.parametrize("model", sorted(EVERY_MODEL, key=lambda t: t.__name__))
@given(data=st.data())
def test_structure_of_unstructure_and_a_pickle_give_the_same_model(model, data):
    value = data.draw(EVERY_MODEL[model])
    assert structure(unstructure(value, personal_data=True, purpose="test"), model) == value
    assert pickle.loads(pickle.dumps(value)) == value


@pytest.mark.parametrize("model", sorted(EVERY_MODEL, key=lambda t: t.__name__))
@given(data=st.data())
def test_json_bytes_round_trip_to_the_same_model(model, data):
    value = data.draw(EVERY_MODEL[model])
    encoded = dumps(value, personal_data=True, purpose="test")
    assert loads(encoded, model, format="json") == value
    assert json.loads(encoded) == unstructure(value, personal_data=True, purpose="test")


@given(communities())
def test_default_export_leaves_out_every_personal_field(community):
    personal = {f.name for f in attrs.fields(Resident) if f.metadata == PERSONAL}
    data = unstructure(community)
    for compound in data["compounds"]:
        for building in compound["buildings"]:
            for unit in building["units"]:
                for household in unit["households"]:
                    for occupant in household["occupants"]:
                        assert personal.isdisjoint(occupant)
    assert json.loads(dumps(community)) == data


@given(residents())
def test_a_public_export_loads_back_without_the_personal_data(resident):
    restored = structure(unstructure(resident), Resident)
    expected = attrs.evolve(
        resident, name=None, phone=None, id_number=None, birth_date=None, tags=frozenset()
    )
    assert restored == expected


@given(communities())
def test_output_is_stable_for_equal_models(community):
    again = structure(unstructure(community, personal_data=True, purpose="test"), Community)
    assert dumps(again, personal_data=True, purpose="test") == dumps(
        community, personal_data=True, purpose="test"
    )
    assert dumps(again) == dumps(community)
