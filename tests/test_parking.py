"""Shared parking: staff hours on working days, residents at night and on rest days."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput, NotFound, Refused
from neighborly._time import DEFAULT_ZONE
from neighborly.parking import (
    Allocation,
    Parking,
    ParkingPolicy,
    ParkingPool,
    ParkingRequest,
    allocate,
    cancel,
    check_parking,
    open_to_residents,
)
from neighborly.party import CoBuildingUnit, Party, Pledge

from builders import community
from strategies import allocations, identifiers

POOL = ParkingPool("pk-1", "cb-tax", "cb-tax-parking", "税务局停车场", spaces=2)
EMPTY = Parking(pools=(POOL,))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=DEFAULT_ZONE)


def ask(rid: str, starts: dt.datetime, ends: dt.datetime, household: str = "h1") -> ParkingRequest:
    return ParkingRequest(rid, household, "pk-1", starts, ends, "川A12345")


def test_a_working_night_is_open_to_residents_up_to_the_staffs_morning():
    assert open_to_residents(POOL, at(23, 19), at(24, 7))  # Monday night, 19:00-07:00
    assert not open_to_residents(POOL, at(23, 18, 59), at(24, 7))
    assert not open_to_residents(POOL, at(23, 19), at(24, 7, 1))


def test_a_weekend_is_open_all_day():
    assert open_to_residents(POOL, at(21, 0), at(22, 23, 59))  # Saturday and Sunday


def test_a_weekday_in_the_national_day_break_is_open_all_day():
    assert open_to_residents(POOL, at(5, 9, month=10), at(5, 17, month=10))  # Monday 5 October


def test_a_saturday_worked_in_exchange_for_a_holiday_belongs_to_the_staff():
    # 2026-10-10 (Saturday) is a working day in exchange for the National Day break
    assert not open_to_residents(POOL, at(10, 9, month=10), at(10, 17, month=10))
    with pytest.raises(Refused) as caught:
        allocate(EMPTY, ask("r1", at(10, 9, month=10), at(10, 17, month=10)))
    assert caught.value.rule == "parking.window"
    assert "on 2026-10-10 (a working day) from 07:00 to 19:00" in caught.value.reason.en


def test_the_first_free_space_is_given_and_a_full_pool_refuses_with_the_reason():
    parking, first = allocate(EMPTY, ask("r1", at(23, 19), at(24, 7), "h1"))
    parking, second = allocate(parking, ask("r2", at(23, 20), at(24, 6), "h2"))
    assert (first.space, second.space) == (1, 2)
    with pytest.raises(Refused) as caught:
        allocate(parking, ask("r3", at(23, 22), at(23, 23), "h3"))
    assert (
        caught.value.rule,
        caught.value.expected,
        caught.value.actual,
    ) == ("parking.full", "<=2", "3")
    assert len(parking.allocations) == 2
    parking, freed = cancel(parking, "r1")
    assert freed.space == 1
    parking, third = allocate(parking, ask("r3", at(23, 22), at(23, 23), "h3"))
    assert third.space == 1


def test_back_to_back_stays_share_a_space():
    parking, first = allocate(EMPTY, ask("r1", at(21, 8), at(21, 12), "h1"))
    parking, second = allocate(parking, ask("r2", at(21, 12), at(21, 16), "h2"))
    assert 1 == first.space == second.space


def test_one_space_per_household_at_a_time_by_default():
    parking, _ = allocate(EMPTY, ask("r1", at(21, 8), at(21, 12)))
    with pytest.raises(Refused) as caught:
        allocate(parking, ask("r2", at(21, 11), at(21, 14)))
    assert caught.value.rule == "parking.household"
    allocate(parking, ask("r2", at(21, 11), at(21, 14)), ParkingPolicy(per_household=2))


def test_a_stay_longer_than_the_limit_is_refused():
    with pytest.raises(Refused) as caught:
        allocate(EMPTY, ask("r1", at(21, 0), at(24, 0, month=11) + dt.timedelta(hours=1)))
    assert caught.value.rule == "parking.length"


def test_an_unknown_pool_is_refused():
    request = ParkingRequest("r1", "h1", "pk-x", at(21, 8), at(21, 9))
    with pytest.raises(Refused, match="pk-x"):
        allocate(EMPTY, request)
    with pytest.raises(NotFound):
        EMPTY.pool("pk-x")
    with pytest.raises(NotFound):
        cancel(EMPTY, "r-none")


def test_a_request_must_end_after_it_starts_and_times_must_be_aware():
    with pytest.raises(InvalidInput, match=r"\$\.ends"):
        ask("r1", at(21, 9), at(21, 9))
    with pytest.raises(InvalidInput, match=r"\$\.starts"):
        ParkingRequest("r1", "h1", "pk-1", dt.datetime(2026, 11, 21, 9), at(21, 10))  # noqa: DTZ001


def test_a_plate_is_masked_in_repr():
    assert "川A***45" in repr(ask("r1", at(21, 8), at(21, 9)))
    assert "12345" not in repr(ask("r1", at(21, 8), at(21, 9)))


def party_with_pledge(quantity: int = 40) -> Party:
    pledge = Pledge("cb-tax-parking", "共享车位", quantity)
    return Party(co_building=(CoBuildingUnit("cb-tax", "区税务局", pledges=(pledge,)),))


def test_a_community_pool_must_come_from_a_co_building_units_pledge():
    c = community(300)
    household = next(c.households()).id
    parking = Parking(
        pools=(
            POOL,
            attrs.evolve(POOL, id="pk-2", pledge="nope"),
            attrs.evolve(POOL, id="pk-3", spaces=41),
        ),
        allocations=(Allocation("r1", "h-none", "pk-1", 1, at(21, 8), at(21, 9)),),
    )
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, party=party_with_pledge(), parking=parking)
    assert [p.path for p in caught.value.problems] == [
        "$.parking.pools[1].pledge",
        "$.parking.pools[2].spaces",
        "$.parking.allocations[0].household",
    ]
    with pytest.raises(InvalidInput, match=r"\$\.parking\.pools\[0\]\.unit"):
        attrs.evolve(c, parking=Parking(pools=(POOL,)))
    fine = attrs.evolve(
        c,
        party=party_with_pledge(),
        parking=Parking(
            pools=(POOL,),
            allocations=(Allocation("r1", household, "pk-1", 1, at(21, 8), at(21, 9)),),
        ),
    )
    assert check_parking(fine).passed


def test_the_parking_rule_names_a_space_given_twice_and_a_stay_in_staff_hours():
    c = attrs.evolve(community(300), party=party_with_pledge())
    households = [h.id for h in c.households()][:3]
    parking = Parking(
        pools=(POOL,),
        allocations=(
            Allocation("r1", households[0], "pk-1", 1, at(21, 8), at(21, 12)),
            Allocation("r2", households[1], "pk-1", 1, at(21, 10), at(21, 14)),
            Allocation("r3", households[2], "pk-1", 2, at(23, 9), at(23, 10)),
        ),
    )
    verdict = check_parking(attrs.evolve(c, parking=parking))
    assert [(r.path, r.message.en.split(":")[0]) for r in verdict.reasons] == [
        ("$.parking.allocations[1].space", "parking.space"),
        ("$.parking.allocations[2]", "parking.window"),
    ]


def test_an_allocation_may_not_name_a_space_beyond_the_pool():
    with pytest.raises(InvalidInput, match=r"\$\.allocations\[0\]\.space"):
        Parking(
            pools=(POOL,), allocations=(Allocation("r1", "h1", "pk-1", 3, at(21, 8), at(21, 9)),)
        )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 13 * 24 - 1),  # start hour from Saturday 21 November
            st.integers(1, 30),  # hours
            st.integers(0, 4),  # household
        ),
        max_size=25,
    )
)
def test_no_sequence_of_requests_double_books_a_space_or_enters_staff_hours(asks):
    parking = EMPTY
    start = at(21, 0)
    for i, (hour, hours, household) in enumerate(asks):
        starts = start + dt.timedelta(hours=hour)
        request = ask(f"r{i}", starts, starts + dt.timedelta(hours=hours), f"h{household}")
        try:
            parking, allocation = allocate(parking, request)
        except Refused:
            continue
        assert open_to_residents(POOL, allocation.starts, allocation.ends)
    for a in parking.allocations:
        for b in parking.allocations:
            if a is not b and a.space == b.space:
                assert not a.overlaps(b.starts, b.ends)
            if a is not b and a.household == b.household:
                assert not a.overlaps(b.starts, b.ends)


def _stays(draw_hours: st.SearchStrategy[int]) -> st.SearchStrategy[tuple[dt.datetime, int]]:
    start = dt.datetime(2026, 6, 1, tzinfo=DEFAULT_ZONE)
    return st.tuples(
        st.integers(0, 24 * 10).map(lambda h: start + dt.timedelta(hours=h)), draw_hours
    )


@given(st.lists(_stays(st.integers(1, 80)), max_size=25), _stays(st.integers(1, 80)))
def test_the_index_finds_each_overlapping_allocation_once_in_day_order(stays, query):
    """Against a scan of every day the stay touches, each day's allocations in the
    order added, each taken where it is first met."""
    from neighborly.parking import _Index

    allocations = [
        Allocation(f"r{i}", "h", "p", 1, starts, starts + dt.timedelta(hours=hours))
        for i, (starts, hours) in enumerate(stays)
    ]
    index = _Index(allocations)
    starts, hours = query
    ends = starts + dt.timedelta(hours=hours)
    expected: dict[int, Allocation] = {}
    for day in _Index._touched(starts, ends):
        for allocation in allocations:
            touched = set(_Index._touched(allocation.starts, allocation.ends))
            if day in touched and allocation.overlaps(starts, ends):
                expected.setdefault(id(allocation), allocation)
    assert index.overlapping(starts, ends) == list(expected.values())


@given(allocations(identifiers, st.integers(1, 100_000)))
def test_the_request_an_allocation_answered_is_one_its_own_checks_accept(allocation):
    # check_parking makes each allocation's request without checking it again
    from neighborly.parking import _request_of

    made = _request_of(allocation)
    a = allocation
    assert made == ParkingRequest(a.request, a.household, a.pool, a.starts, a.ends, a.plate)
