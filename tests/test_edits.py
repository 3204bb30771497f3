"""The everyday edits: each returns a new community with the change, leaves the old one
as it was, and refuses a change that breaks an invariant with every problem by path."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Community, InvalidInput, sample_community
from neighborly._time import DEFAULT_ZONE
from neighborly.edits import (
    add_household,
    add_residents,
    cast_ballots,
    hold_vote,
    move_household,
    raise_request,
    record_service,
    schedule_event,
)
from neighborly.grids import GridLevel
from neighborly.owners import Ballot, Choice, Matter, Motion, Vote, roll_of, tally_vote
from neighborly.places import Household, Resident
from neighborly.requests import Urgency
from neighborly.scheduling import Assignment, Event
from neighborly.volunteering import ServiceRecord

from strategies import communities


@pytest.fixture(scope="module")
def sample() -> Community:
    return sample_community()


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=DEFAULT_ZONE)  # type: ignore[misc]


def problems(caught: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, str]]:
    return [(p.path, p.actual.en) for p in caught.value.problems]


def new_home(hid: str = "h-new", *occupants: Resident) -> Household:
    return Household(hid, "2601", Decimal("89.5"), owners=(f"o-{hid}",), occupants=occupants)


# --- places and people ---------------------------------------------------------------


def test_a_household_is_added_at_the_end_of_its_unit_and_the_old_community_is_unchanged(
    sample: Community,
):
    before = copy.deepcopy(sample)
    after = add_household(sample, new_home("h-new", Resident("r-new", age=30)), unit="u-01-1")
    unit = after.compounds[0].buildings[0].units[0]
    assert unit.households[-1].id == "h-new"
    assert len(unit.households) == len(sample.compounds[0].buildings[0].units[0].households) + 1
    assert after.index.path("h-new") == (
        f"$.compounds[0].buildings[0].units[0].households[{len(unit.households) - 1}]"
    )
    assert sample == before
    assert sample.index.kind("h-new") is None


def test_adding_a_household_to_no_unit_or_with_a_used_id_names_the_path(sample: Community):
    with pytest.raises(InvalidInput) as caught:
        add_household(sample, new_home(), unit="u-nowhere")
    assert problems(caught) == [
        ("$.compounds[*].buildings[*].units[*].id", '"u-nowhere", which names nothing here')
    ]
    last = len(sample.compounds[0].buildings[0].units[0].households)
    with pytest.raises(InvalidInput) as caught:
        add_household(sample, new_home("h-01-1-101"), unit="u-01-1")
    assert [p for p, _ in problems(caught)] == [
        f"$.compounds[0].buildings[0].units[0].households[{last}].id"
    ]


def test_something_not_a_household_is_refused_where_it_would_have_gone(sample: Community):
    with pytest.raises(InvalidInput) as caught:
        add_household(sample, "h-new", unit="u-01-1")  # type: ignore[arg-type]
    assert [p for p, _ in problems(caught)] == ["$.compounds[0].buildings[0].units[0].households"]


def test_a_moved_household_leaves_its_unit_with_its_people(sample: Community):
    old = sample.household("h-01-1-101")
    after = move_household(sample, "h-01-1-101", to_unit="u-02-1")
    _, building, unit = after.index.building_of("h-01-1-101")
    assert (building.id, unit.id) == ("b-02", "u-02-1")
    assert after.household("h-01-1-101") == old
    assert all(h.id != "h-01-1-101" for h in after.compounds[0].buildings[0].units[0].households)
    assert sum(1 for _ in after.households()) == sum(1 for _ in sample.households())
    assert move_household(sample, "h-01-1-101", to_unit="u-01-1") is sample


def test_moving_an_unknown_household_or_to_an_unknown_unit_names_the_path(sample: Community):
    with pytest.raises(InvalidInput) as caught:
        move_household(sample, "h-gone", to_unit="u-02-1")
    assert problems(caught)[0][0] == "$.compounds[*].buildings[*].units[*].households[*].id"
    with pytest.raises(InvalidInput) as caught:
        move_household(sample, "h-01-1-101", to_unit="b-02")  # a building, not a unit
    assert problems(caught) == [
        ("$.compounds[*].buildings[*].units[*].id", '"b-02", which names nothing here')
    ]


def test_residents_join_a_household_and_a_used_resident_id_is_refused(sample: Community):
    home = sample.household("h-01-1-101")
    after = add_residents(sample, "h-01-1-101", Resident("r-baby", age=0), Resident("r-gran"))
    assert [r.id for r in after.household("h-01-1-101").occupants][-2:] == ["r-baby", "r-gran"]
    used = home.occupants[0].id
    with pytest.raises(InvalidInput) as caught:
        add_residents(sample, "h-01-1-102", Resident(used))
    (path, _), *_ = problems(caught)
    assert path.startswith("$.compounds[0].buildings[0].units[0].households[")
    assert path.endswith(f"].occupants[{len(sample.household('h-01-1-102').occupants)}].id")


# --- records, the calendar and requests ------------------------------------------------


def _record(**overrides: object) -> ServiceRecord:
    fields: dict[str, object] = {
        "id": "sr-new",
        "volunteer": "vol-r-000194",
        "activity": "楼道清洁",
        "day": dt.date(2026, 12, 5),
        "place": "1 号楼",
        "content": "清理楼道杂物",
        "hours": Decimal(2),
        "organiser": "示例社区居委会",
        "person_in_charge": "王主任",
        "entered": dt.date(2026, 12, 5),
    }
    return ServiceRecord(**{**fields, **overrides})  # type: ignore[arg-type]


def test_service_is_recorded_and_a_record_for_no_volunteer_is_refused_by_path(sample: Community):
    after = record_service(sample, _record(), _record(id="sr-new-2"))
    assert [r.id for r in after.records[-2:]] == ["sr-new", "sr-new-2"]
    with pytest.raises(InvalidInput) as caught:
        record_service(sample, _record(volunteer="vol-nobody"))
    assert problems(caught) == [
        (f"$.records[{len(sample.records)}].volunteer", '"vol-nobody", which names nothing here')
    ]


def test_records_and_events_take_keywords_only():
    with pytest.raises(TypeError):
        ServiceRecord("sr", "v")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Event("e", "t", "v-hall", at(2026, 12, 6, 9), at(2026, 12, 6, 10))  # type: ignore[misc]


def test_an_event_is_scheduled_with_its_assignments_and_an_unknown_venue_is_refused(
    sample: Community,
):
    talk = Event(
        id="e-talk",
        title="防诈骗讲座",
        venue="v-hall",
        starts=at(2026, 12, 12, 9),
        ends=at(2026, 12, 12, 10),
    )
    staff = sample.staff[0].id
    after = schedule_event(
        sample, talk, assignments=[Assignment(staff, "e-talk", talk.starts, "主持")]
    )
    assert after.events[-1] == talk
    assert after.assignments[-1].person == staff
    with pytest.raises(InvalidInput) as caught:
        schedule_event(sample, attrs.evolve(talk, venue="v-moon"))
    assert problems(caught) == [
        (f"$.events[{len(sample.events)}].venue", '"v-moon", which names nothing here')
    ]


def test_a_request_is_routed_to_the_level3_grid_that_covers_the_household(sample: Community):
    after = raise_request(
        sample,
        id="rq-new",
        household="h-01-1-101",
        category="漏水",
        urgency=Urgency.URGENT,
        description="卫生间漏水到楼下",
        at=at(2026, 12, 5, 9),
    )
    request = after.requests[-1]
    covering = sample.grid_index.covering("h-01-1-101", request.level)
    assert request.id == "rq-new"
    assert request.grid == covering[0].id


def test_a_request_from_no_household_or_an_uncovered_one_is_refused_by_path(sample: Community):
    fields = {
        "id": "rq-new",
        "category": "漏水",
        "urgency": Urgency.NORMAL,
        "description": "卫生间漏水",
        "at": at(2026, 12, 5, 9),
    }
    path = f"$.requests[{len(sample.requests)}].household"
    with pytest.raises(InvalidInput) as caught:
        raise_request(sample, household="h-gone", **fields)  # type: ignore[arg-type]
    assert problems(caught) == [(path, '"h-gone", which names nothing here')]
    uncovered = attrs.evolve(
        sample,
        grids=tuple(
            attrs.evolve(g, places=()) if g.level is GridLevel.BUILDING_GROUP else g
            for g in sample.grids
        ),
    )
    with pytest.raises(InvalidInput) as caught:
        raise_request(uncovered, household="h-01-1-101", **fields)  # type: ignore[arg-type]
    assert problems(caught) == [
        (
            f"$.requests[{len(uncovered.requests)}].household",
            '"h-01-1-101", which no level-3 grid covers',
        )
    ]


# --- votes ----------------------------------------------------------------------------


def test_a_vote_with_ballots_must_carry_the_roll_it_was_held_on():
    motion = Motion("m1", "更换物业", Matter.PROPERTY_MANAGER)
    with pytest.raises(InvalidInput) as caught:
        Vote("v1", "业主大会", motions=(motion,), ballots=(Ballot("h-1", Choice.AGREE),))
    assert problems(caught) == [("$.roll", "an empty roll with 1 ballots")]
    Vote("v1", "业主大会", motions=(motion,))  # announced, not yet held: no roll needed


def test_a_held_vote_counts_its_own_roll_whatever_happens_to_the_households(sample: Community):
    (vote,) = sample.votes
    before = tally_vote(vote, roll_of(sample))
    grown = add_household(sample, new_home("h-late"), unit="u-01-1")
    grown = move_household(grown, "h-01-1-101", to_unit="u-02-1")
    (same,) = grown.votes
    assert tally_vote(same, roll_of(grown)) == before
    assert len(roll_of(grown)) == len(vote.roll) + 1


def test_holding_a_vote_fixes_todays_households_as_its_roll(sample: Community):
    motion = Motion("m-gate", "改造小区大门", Matter.COMMON_PARTS)
    held = hold_vote(sample, Vote("vote-gate", "大门改造表决", motions=(motion,)))
    assert held.votes[-1].roll == roll_of(sample)
    voted = cast_ballots(held, "vote-gate", Ballot("h-01-1-101", Choice.AGREE, motion="m-gate"))
    first = tally_vote(voted.votes[-1])
    later = add_household(voted, new_home("h-late"), unit="u-01-1")
    assert tally_vote(later.votes[-1]) == first
    assert first[0].total_heads == tally_vote(held.votes[-1], roll_of(sample))[0].total_heads


def test_the_first_ballots_give_an_unheld_vote_its_roll(sample: Community):
    announced = attrs.evolve(
        sample,
        votes=(*sample.votes, Vote("vote-x", "表决", motions=(Motion("m", "议题", Matter.OTHER),))),
    )
    assert announced.votes[-1].roll == ()
    voted = cast_ballots(announced, "vote-x", Ballot("h-01-1-101", Choice.AGREE))
    assert voted.votes[-1].roll == roll_of(sample)
    assert voted.votes[-1].ballots == (Ballot("h-01-1-101", Choice.AGREE),)


def test_ballots_for_an_unknown_vote_or_motion_are_refused_by_path(sample: Community):
    with pytest.raises(InvalidInput) as caught:
        cast_ballots(sample, "vote-none", Ballot("h-01-1-101", Choice.AGREE))
    assert problems(caught) == [("$.votes[*].id", '"vote-none", which names nothing here')]
    (vote,) = sample.votes
    with pytest.raises(InvalidInput) as caught:
        cast_ballots(sample, vote.id, Ballot("h-01-1-101", Choice.AGREE, motion="mo-none"))
    assert [p for p, _ in problems(caught)] == [f"$.votes[0].ballots[{len(vote.ballots)}].motion"]


# --- properties -------------------------------------------------------------------------


@given(communities(), st.data())
def test_any_edit_leaves_the_original_community_equal_to_what_it_was(c: Community, data):
    before = copy.deepcopy(c)
    units = [u.id for cp in c.compounds for b in cp.buildings for u in b.units]
    households = [h.id for h in c.households()]
    try:
        if units:
            add_household(c, new_home("h-prop-new"), unit=data.draw(st.sampled_from(units)))
        if households and units:
            move_household(
                c,
                data.draw(st.sampled_from(households)),
                to_unit=data.draw(st.sampled_from(units)),
            )
        if households:
            add_residents(c, data.draw(st.sampled_from(households)), Resident("r-prop-new"))
        hold_vote(c, Vote("vote-prop-new", "表决"))
    except InvalidInput:
        pass  # an id the drawn community already uses
    assert c == before


@given(communities(), st.data())
def test_adding_households_never_changes_a_held_votes_tally(c: Community, data):
    units = [u.id for cp in c.compounds for b in cp.buildings for u in b.units]
    households = [h.id for h in c.households()]
    if not units or not households:
        return
    motion = Motion("m-prop", "议题", Matter.OTHER)
    ballots = tuple(
        Ballot(h, data.draw(st.sampled_from(Choice)))
        for h in data.draw(st.lists(st.sampled_from(households), max_size=5))
    )
    try:
        held = cast_ballots(
            hold_vote(c, Vote("vote-prop", "表决", motions=(motion,))), "vote-prop", *ballots
        )
    except InvalidInput:
        return  # the drawn community uses the id already
    first = tally_vote(held.votes[-1])
    grown = add_household(held, new_home("h-prop-late"), unit=data.draw(st.sampled_from(units)))
    assert tally_vote(grown.votes[-1]) == first
