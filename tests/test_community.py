"""The community as a composition root: ids unique across every kind, references
checked from each module's declarations, and the lookups it builds for itself."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly.community import ID_KINDS, PARTS, Community
from neighborly.errors import InvalidInput
from neighborly.integrity import Declarations, Ids, Integrity, Kind, Part, Ref
from neighborly.owners import Vote
from neighborly.party import Party, PartyUnit, UnitKind
from neighborly.places import Resident
from neighborly.sample import sample_community
from neighborly.text import Text
from neighborly.volunteering import Volunteer

from builders import community
from strategies import communities


def paths(excinfo: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.path for p in excinfo.value.problems]


def test_a_vote_may_not_take_the_id_of_a_household():
    c = community(300)
    household = next(c.households()).id
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, votes=(Vote(household, "换物业"),))
    assert paths(caught) == ["$.votes[0].id"]
    assert caught.value.problems[0].expected.en == (
        "an id not used elsewhere in the community "
        "(already used at $.compounds[0].buildings[0].units[0].households[0].id)"
    )


def test_a_party_unit_may_not_take_the_id_of_a_grid():
    c = community(300)
    unit = PartyUnit("g3-1", "第一支部", UnitKind.BRANCH)
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, party=Party(units=(unit,)))
    assert paths(caught) == ["$.party.units[0].id"]


def test_every_kind_of_id_a_community_defines_is_listed():
    assert {
        "community",
        "compound",
        "building",
        "unit",
        "household",
        "shop",
        "resident",
        "staff",
        "grid",
        "team",
        "venue",
        "event",
        "volunteer",
        "record",
        "account",
        "item",
        "party_unit",
        "party_member",
        "party_meeting",
        "co_building_unit",
        "project",
        "spending",
        "vote",
        "wish",
        "request",
        "collection_point",
        "facility",
        "meal_enrolment",
        "parking_pool",
        "proposal",
        "board",
        "deliberation_meeting",
        "undertaking",
        "reception_day",
        "artisan",
        "fund",
        "election",
        "residents_group",
        "case",
        "bill",
        "payment",
        "assembly_meeting",
        "property_company",
        "joint_meeting",
        "company_activity",
        "training",
        "award",
        "cover",
        "certificate_request",
        "certificate",
    } == set(ID_KINDS)


def test_a_reference_to_a_kind_nobody_defines_is_refused_when_assembled():
    with pytest.raises(ValueError, match="kinds no part defines: gird"):
        Integrity((Part("", Declarations(refs=(Ref("parent", ("gird",)),))),))


def test_a_reference_names_every_kind_it_accepts():
    grid = Kind("grid", Text("a grid", "网格"))
    staff = Kind("staff", Text("a staff member", "工作人员"))
    integrity = Integrity(
        (
            Part("grids[*]", Declarations(ids=(Ids("id", grid),))),
            Part("staff[*]", Declarations(ids=(Ids("id", staff),))),
            Part("", Declarations(refs=(Ref("head", ("grid", "staff")),))),
        )
    )

    @attrs.frozen
    class Root:
        grids: tuple[object, ...]
        staff: tuple[object, ...]
        head: str

    @attrs.frozen
    class Item:
        id: str

    root = Root((Item("g1"),), (Item("s1"),), "nobody")
    (problem,) = list(integrity.problems(root))
    assert (problem.path, problem.expected.en, problem.expected.zh) == (
        "$.head",
        "the id of a grid or a staff member in this community",
        "本社区内网格或工作人员的标识",
    )
    assert list(integrity.problems(attrs.evolve(root, head="s1"))) == []


def test_the_community_finds_anything_by_kind_and_id():
    c = sample_community()
    volunteer = c.volunteers[0]
    assert volunteer is c.known.get("volunteer", volunteer.id)
    assert c.known.get("household", volunteer.id) is None
    resident = next(c.residents())
    assert isinstance(c.known.get("resident", resident.id), Resident)
    assert c.index.home_of(resident.id) == next(
        h.id for h in c.households() if resident in h.occupants
    )


def test_every_sample_id_is_known_once():
    c = sample_community()
    known = sum(len(c.known.ids(kind)) for kind in ID_KINDS)
    assert known == len(set().union(*(c.known.ids(kind) for kind in ID_KINDS)))
    assert len(c.known.ids("household")) == sum(1 for _ in c.households())
    assert dict(c.known.ids("community")) == {c.id: c}  # its own id, though not kept with it
    assert c.known.has(c.id, ("community",))
    assert not c.known.has(c.id, ("household",))


def test_replacing_one_kind_of_ids_leaves_the_others_as_they_were():
    from neighborly.integrity import Known

    known = Known({"a": {"x": 1}, "b": {"y": 2}})
    first = known.replacing("a", {"z": 3})
    assert (first.get("a", "x"), first.get("a", "z"), first.get("b", "y")) == (None, 3, 2)
    assert (first.has("z", ["a"]), first.has("x", ["a"]), dict(first.ids("c"))) == (True, False, {})
    second = first.replacing("b", {})
    assert (second.get("a", "z"), second.get("b", "y"), dict(second.ids("b"))) == (3, None, {})
    assert first.replacing("a", {}).get("a", "z") is None
    assert known.get("a", "x") == 1  # the one replaced from is unchanged
    fewer = second.without("a")
    assert (fewer.get("a", "z"), dict(fewer.ids("b")), fewer.has("z", ["a"])) == (None, {}, False)
    assert "a" not in known.without("a")._by_kind  # nothing of it is kept


@settings(max_examples=30)
@given(communities(), st.data())
def test_any_id_reused_by_a_new_volunteer_is_one_problem_naming_both_places(c, data):
    taken = data.draw(
        st.sampled_from(sorted({key for kind in ID_KINDS for key in c.known.ids(kind)}))
    )
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(
            c, volunteers=(*c.volunteers, Volunteer(taken, dt.date(2026, 1, 1), name="王芳"))
        )
    (problem,) = caught.value.problems
    added = f"$.volunteers[{len(c.volunteers)}].id"
    # The later of the two in the file is the problem; it names the earlier.
    assert added == problem.path or f"(already used at {added})" in problem.expected.en
    assert problem.actual.en == f'"{taken}"'


@settings(max_examples=30)
@given(communities())
def test_a_valid_community_rebuilt_from_its_fields_is_accepted_and_knows_every_place(c):
    rebuilt = Community(**{f.name: getattr(c, f.name) for f in attrs.fields(Community) if f.init})
    assert rebuilt == c
    assert set(rebuilt.known.ids("household")) == {h.id for h in c.households()}


def test_parts_mount_every_field_of_the_community_that_holds_models():
    mounted = {part.at.removesuffix("[*]") for part in PARTS}
    plain = {"id", "name", "street", "policies"}
    assert {f.name for f in attrs.fields(Community) if f.init} - plain == mounted - {""}
