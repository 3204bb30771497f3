"""The residents' committee under the Organic Law: its area by the text in force on
the day, its size, its term, its meetings and requisitions, at every boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Community, InvalidInput
from neighborly.owners.votes import Threshold
from neighborly.places import Building, Compound, Household, Resident, Unit
from neighborly.residents_committee import (
    Attendance,
    CommitteeMember,
    CommitteeRole,
    MeetingDecision,
    Requisition,
    ResidentsCommittee,
    ResidentsCommitteePolicy,
    ResidentsGroup,
    ResidentsMeeting,
    check_area,
    check_meetings,
    check_requisitions,
    check_size,
    check_term,
)
from neighborly.rules import Policies, check_community, dump_policies, load_policies


def community(households: int, ages: tuple[int, ...] = (40,)) -> Community:
    homes = tuple(
        Household(
            f"h{i}",
            str(i),
            Decimal(80),
            occupants=tuple(Resident(f"r{i}-{k}", age=age) for k, age in enumerate(ages)),
        )
        for i in range(households)
    )
    return Community(
        "c",
        "C",
        compounds=(Compound("cp", "C", (Building("b", "1", (Unit("u", "1", homes),)),)),),
    )


def committee(size: int = 7, **more: object) -> ResidentsCommittee:
    seats = tuple(
        CommitteeMember(f"r{i}-0", CommitteeRole.DIRECTOR if i == 0 else CommitteeRole.MEMBER)
        for i in range(size)
    )
    return ResidentsCommittee(seats, dt.date(2021, 6, 1), **more)  # type: ignore[arg-type]


# --- area: the text in force on the day ----------------------------------------------------


@pytest.mark.parametrize(
    ("households", "day", "holds"),
    [
        (100, dt.date(2025, 12, 31), True),
        (99, dt.date(2025, 12, 31), False),
        (700, dt.date(2025, 12, 31), True),
        (701, dt.date(2025, 12, 31), False),
        (700, dt.date(2026, 1, 1), False),  # the 2025 text: 1,000-3,000
        (1_000, dt.date(2026, 1, 1), True),
        (999, dt.date(2026, 1, 1), False),
    ],
)
def test_the_area_is_judged_by_the_text_in_force_on_the_day(households, day, holds):
    verdict = check_area(community(households), day)
    assert verdict.passed is holds
    source = "(2025 text) Art. 3" if day >= dt.date(2026, 1, 1) else "(2018 text) Art. 6"
    assert source in verdict.explain()


def test_three_thousand_households_is_the_top_of_the_revised_range():
    assert check_area(community(3_000), dt.date(2026, 6, 1)).passed
    failed = check_area(community(3_001), dt.date(2026, 6, 1))
    assert not failed.passed
    assert "3,001 households; generally 1,000-3,000" in failed.explain()
    assert "须经政府决定" in failed.explain("zh")


def test_a_local_policy_sets_its_own_range():
    policy = ResidentsCommitteePolicy(min_households=500, max_households=4_000)
    assert check_area(community(3_281 // 10), dt.date(2026, 6, 1), policy).passed is False
    assert check_area(community(600), dt.date(2026, 6, 1), policy).passed
    with pytest.raises(InvalidInput):
        ResidentsCommitteePolicy(min_households=500)


# --- size and term ----------------------------------------------------------------------


@pytest.mark.parametrize(("size", "holds"), [(4, False), (5, True), (9, True), (10, False)])
def test_five_to_nine_members(size, holds):
    assert check_size(committee(size)).passed is holds


def test_a_committee_needs_a_director_and_has_at_most_one():
    seats = tuple(CommitteeMember(f"r{i}-0", CommitteeRole.MEMBER) for i in range(5))
    verdict = check_size(ResidentsCommittee(seats, dt.date(2021, 6, 1)))
    assert not verdict.passed
    assert "no director" in verdict.explain()
    with pytest.raises(InvalidInput) as caught:
        ResidentsCommittee(
            tuple(CommitteeMember(f"r{i}", CommitteeRole.DIRECTOR) for i in range(2)),
            dt.date(2021, 6, 1),
        )
    assert [p.path for p in caught.value.problems] == ["$.seats"]


def test_a_size_judged_under_the_revised_law_says_its_number_is_the_2018_texts():
    verdict = check_size(committee(), on=dt.date(2026, 3, 1))
    assert "the 2025 revision, in force since 2026-01-01, is not checked" in verdict.explain()
    assert "not checked" not in check_size(committee(), on=dt.date(2025, 3, 1)).explain()


def test_the_term_ends_five_years_to_the_day():
    elected = committee()
    assert check_term(elected, dt.date(2026, 6, 1)).passed
    late = check_term(elected, dt.date(2026, 6, 2))
    assert not late.passed
    assert "1 days overdue for election" in late.explain()
    renewed = attrs.evolve(elected, next_elected=dt.date(2026, 5, 20))
    assert check_term(renewed, dt.date(2027, 1, 1)).passed


def test_a_term_from_a_leap_day_ends_on_the_28th():
    leap = attrs.evolve(committee(), elected=dt.date(2024, 2, 29))
    assert check_term(leap, dt.date(2029, 2, 28)).passed
    assert not check_term(leap, dt.date(2029, 3, 1)).passed


# --- meetings ---------------------------------------------------------------------------


@pytest.mark.parametrize(("present", "held"), [(50, False), (51, True)])
def test_a_meeting_needs_more_than_half_present(present, held):
    meeting = ResidentsMeeting("m", dt.date(2026, 3, 1), Attendance.HOUSEHOLDS, 100, present)
    verdict = check_meetings(committee(meetings=(meeting,)))
    assert verdict.passed is held
    if not held:
        assert "50 of 100 present; more than 1/2 (50) needed: not held" in verdict.explain()


@pytest.mark.parametrize(("agreed", "carried"), [(30, False), (31, True)])
def test_a_decision_needs_more_than_half_of_those_present(agreed, carried):
    meeting = ResidentsMeeting(
        "m", dt.date(2026, 3, 1), Attendance.GROUPS, 80, 60, (MeetingDecision("公约", agreed),)
    )
    verdict = check_meetings(committee(meetings=(meeting,)))
    assert verdict.passed is carried
    if not carried:
        assert verdict.reasons[0].path == "$.residents_committee.meetings[0].decisions[0]"


def test_a_meeting_cannot_count_more_present_than_due_or_agreeing_than_present():
    with pytest.raises(InvalidInput) as caught:
        ResidentsMeeting("m", dt.date(2026, 3, 1), Attendance.ADULTS, 10, 11)
    assert [p.path for p in caught.value.problems] == ["$.present"]
    with pytest.raises(InvalidInput):
        ResidentsMeeting(
            "m", dt.date(2026, 3, 1), Attendance.ADULTS, 10, 6, (MeetingDecision("x", 7),)
        )


# --- requisitions -----------------------------------------------------------------------


def requisition(by: Attendance, supporters: tuple[str, ...]) -> Requisition:
    return Requisition("q", dt.date(2026, 10, 1), by, supporters, "讨论停车收费")


@pytest.mark.parametrize(("backers", "required"), [(20, True), (19, False)])
def test_a_fifth_of_the_households_requires_a_meeting_at_exactly_a_fifth(backers, required):
    place = community(100)
    asked = requisition(Attendance.HOUSEHOLDS, tuple(f"h{i}" for i in range(backers)))
    verdict = check_requisitions(committee(requisitions=(asked,)), place, dt.date(2026, 12, 1))
    assert verdict.passed  # the law sets no number of days
    text = verdict.explain()
    assert ("a meeting must be convened" in text) is required
    assert f"{backers} of 100 households propose it; at least 1/5 (20) needed" in text


def test_only_residents_of_18_or_over_on_the_day_count_for_a_requisition():
    place = community(5, ages=(40, 17))  # 5 adults, 5 minors
    backers = ("r0-0", "r0-1", "r1-1")  # one adult and two minors
    verdict = check_requisitions(
        committee(requisitions=(requisition(Attendance.ADULTS, backers),)),
        place,
        dt.date(2026, 12, 1),
    )
    assert "1 of 5 residents of 18 or over propose it; at least 1/5 (1) needed" in (
        verdict.explain()
    )


@pytest.mark.parametrize(("backers", "required"), [(3, True), (2, False)])
def test_a_third_of_the_groups_requires_a_meeting(backers, required):
    groups = tuple(ResidentsGroup(f"g{i}", f"{i} 组") for i in range(9))
    asked = requisition(Attendance.GROUPS, tuple(f"g{i}" for i in range(backers)))
    verdict = check_requisitions(
        committee(groups=groups, requisitions=(asked,)), community(1), dt.date(2026, 12, 1)
    )
    assert ("a meeting must be convened" in verdict.explain()) is required


def test_with_a_local_number_of_days_an_unanswered_requisition_fails_and_a_timely_one_passes():
    place = community(10)
    asked = requisition(Attendance.HOUSEHOLDS, ("h0", "h1"))
    policy = ResidentsCommitteePolicy(convene_days=15)
    waiting = committee(requisitions=(asked,))
    assert check_requisitions(waiting, place, dt.date(2026, 10, 16), policy).passed
    late = check_requisitions(waiting, place, dt.date(2026, 10, 17), policy)
    assert not late.passed
    assert "due by 2026-10-16, not convened" in late.explain()
    meeting = ResidentsMeeting(
        "m", dt.date(2026, 10, 14), Attendance.HOUSEHOLDS, 10, 6, requisition="q"
    )
    answered = attrs.evolve(waiting, meetings=(meeting,))
    assert check_requisitions(answered, place, dt.date(2026, 12, 1), policy).passed
    slow = attrs.evolve(answered, meetings=(attrs.evolve(meeting, held=dt.date(2026, 10, 20)),))
    assert not check_requisitions(slow, place, dt.date(2026, 12, 1), policy).passed


def test_a_meeting_names_only_a_requisition_the_committee_received():
    meeting = ResidentsMeeting("m", dt.date(2026, 3, 1), Attendance.ADULTS, 10, 6, requisition="x")
    with pytest.raises(InvalidInput) as caught:
        committee(meetings=(meeting,))
    assert [p.path for p in caught.value.problems] == ["$.meetings[0].requisition"]


# --- in the community ---------------------------------------------------------------------


def test_check_community_judges_the_committee_and_refuses_a_member_who_is_no_resident():
    place = community(120)
    judged = check_community(
        attrs.evolve(place, residents_committee=committee()), as_of=dt.date(2025, 6, 1)
    )
    codes = [v.rule for v in judged if v.rule.startswith("residents.")]
    assert codes == [
        "residents.area",
        "residents.size",
        "residents.term",
        "residents.meeting",
        "residents.requisition",
    ]
    assert all(v.passed for v in judged if v.rule.startswith("residents."))
    stranger = attrs.evolve(
        committee(), seats=(*committee().seats, CommitteeMember("nobody", CommitteeRole.MEMBER))
    )
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(place, residents_committee=stranger)
    assert [p.path for p in caught.value.problems] == ["$.residents_committee.seats[7].resident"]


def test_the_policy_writes_a_share_whole_and_reads_back():
    policies = Policies(residents=ResidentsCommitteePolicy(households=Threshold(1, 10)))
    text = dump_policies(policies)
    assert "households = {denominator = 10, inclusive = true, numerator = 1}" in text
    assert load_policies(text.encode()) == policies


@given(
    st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2012, 12, 31)), max_size=20),
    st.lists(st.none() | st.integers(0, 90), max_size=5),
    st.dates(dt.date(2006, 1, 1), dt.date(2030, 12, 31)),
)
def test_the_adults_on_a_day_are_counted_as_age_on_counts_them(born, ages, day):
    from neighborly.residents_committee import _Electorate

    people = tuple(Resident(f"b{i}", birth_date=d) for i, d in enumerate(born)) + tuple(
        Resident(f"a{i}", age=a) for i, a in enumerate(ages)
    )
    home = Household("h", "1", Decimal(80), occupants=people)
    place = Community(
        "c",
        "C",
        compounds=(Compound("cp", "C", (Building("b", "1", (Unit("u", "1", (home,)),)),)),),
    )
    electorate = _Electorate.of(committee(), place)
    brute = [r.id for r in people if (r.age_on(day) or 0) >= 18]
    assert electorate.adults_on(day) == len(brute)
    assert [r.id for r in people if electorate.adult(r.id, day)] == brute
