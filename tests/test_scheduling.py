"""Venues, events and the scheduling rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Conflict, IllegalTransition, InvalidInput, NotFound
from neighborly.recurrence import LeapMonths, Recurrence
from neighborly.scheduling import (
    Assignment,
    Event,
    Occurrence,
    OpeningHours,
    PlanTargets,
    QuietHours,
    Registration,
    RoleNeed,
    Roster,
    Venue,
    cancel_registration,
    check_capacity,
    check_double_booking,
    check_occurrences,
    check_opening_hours,
    check_plan,
    check_schedule,
    check_shifts,
    check_sound,
    check_staffing,
    festival_events,
    monthly_event,
    occurrences,
    recurring_event,
    register,
    weekly_event,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


HALL = Venue(
    "hall",
    "党群服务中心多功能厅",
    80,
    hours=(OpeningHours(frozenset(range(7)), dt.time(8), dt.time(21)),),
)
SQUARE = Venue("square", "中心广场", 500, indoor=False, amplified_sound=True)
READING = Venue(
    "reading",
    "阅览室",
    20,
    hours=(OpeningHours(frozenset({0, 1, 2, 3, 4}), dt.time(9), dt.time(17)),),
)
VENUES = (HALL, SQUARE, READING)


def event(eid: str, venue: str, starts: dt.datetime, hours: float = 2, **kw: object) -> Event:
    return Event(
        id=eid, title=eid, venue=venue, starts=starts, ends=starts + dt.timedelta(hours=hours), **kw
    )  # type: ignore[arg-type]


def test_overlapping_events_at_one_venue_are_named_with_the_overlap():
    events = [
        event("lecture", "hall", at(2026, 3, 5, 14)),
        event("dance", "hall", at(2026, 3, 5, 15, 30)),
    ]
    found = occurrences(events, at(2026, 3, 1), at(2026, 4, 1))
    verdict = check_double_booking(found, events=events)
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert reason.message.en == (
        "venue hall: dance (2026-03-05 15:30-17:30) overlaps lecture (2026-03-05 14:00-16:00) by 30 minutes"
    )
    assert reason.path == "$.events[1]"  # the event, which a reader can find and fix
    assert reason.actual == "30"
    # without the events, the occurrence itself in the occurrences given
    (alone,) = check_double_booking(found).reasons
    dance = next(i for i, o in enumerate(found) if o.event == "dance")
    assert alone.path == f"$.occurrences[{dance}]"


def test_touching_events_and_events_at_other_venues_do_not_conflict():
    events = [
        event("a", "hall", at(2026, 3, 5, 14)),
        event("b", "hall", at(2026, 3, 5, 16)),
        event("c", "square", at(2026, 3, 5, 15)),
    ]
    assert check_double_booking(occurrences(events, at(2026, 3, 1), at(2026, 4, 1))).passed


def test_a_long_event_conflicts_with_every_one_inside_it():
    events = [
        event("long", "hall", at(2026, 3, 5, 8), hours=10),
        event("x", "hall", at(2026, 3, 5, 9)),
        event("y", "hall", at(2026, 3, 5, 13)),
    ]
    verdict = check_double_booking(occurrences(events, at(2026, 3, 1), at(2026, 4, 1)))
    assert [r.message.en.split(" overlaps ")[1].split(" ")[0] for r in verdict.reasons] == [
        "long",
        "long",
    ]


@given(
    st.lists(
        st.tuples(st.sampled_from(["hall", "square"]), st.integers(0, 200), st.integers(1, 30)),
        max_size=25,
    )
)
def test_the_sweep_flags_an_occurrence_exactly_when_it_overlaps_an_earlier_one(raw):
    found = sorted(
        Occurrence(
            venue,
            at(2026, 1, 1) + dt.timedelta(hours=start),
            at(2026, 1, 1) + dt.timedelta(hours=start + length),
            f"e{i}",
        )
        for i, (venue, start, length) in enumerate(raw)
    )
    verdict = check_double_booking(found)
    flagged = {r.path for r in verdict.reasons if not verdict.passed}
    expected = {
        f"$.occurrences[{i}]"
        for i, b in enumerate(found)
        for a in found[:i]
        if a.venue == b.venue and b.starts < a.ends
    }
    assert flagged == expected
    assert verdict.passed == (not expected)


def test_capacity_names_the_excess_and_unknown_venues():
    events = [
        event("big", "reading", at(2026, 3, 2, 10), expected=25),
        event("lost", "nowhere", at(2026, 3, 2, 10)),
    ]
    verdict = check_capacity(events, VENUES)
    assert [r.message.en for r in verdict.reasons] == [
        "big expects 25 people; 阅览室 holds 20 (5 over)",
        "lost is at venue nowhere, which is not listed",
    ]
    assert check_capacity(
        [event("fits", "reading", at(2026, 3, 2, 10), expected=20)], VENUES
    ).passed


def test_opening_hours_by_weekday_and_time():
    inside = event("ok", "reading", at(2026, 3, 2, 9), hours=8)  # Monday 09:00-17:00
    late = event("late", "reading", at(2026, 3, 2, 16), hours=2)
    weekend = event("sat", "reading", at(2026, 3, 7, 10))
    evening = event("eve", "hall", at(2026, 3, 7, 20), hours=2)
    found = occurrences([inside, late, weekend, evening], at(2026, 3, 1), at(2026, 4, 1))
    verdict = check_opening_hours(found, VENUES, events=[inside, late, weekend, evening])
    assert [r.path for r in verdict.reasons] == ["$.events[3]", "$.events[1]", "$.events[2]"]
    assert "Sat 2026-03-07 10:00-12:00" in verdict.reasons[2].message.en


def test_amplified_sound_rules_and_quiet_hours_policy():
    found_events = [
        event("dance-late", "square", at(2026, 6, 1, 21), hours=2, amplified=True),
        event("dance-dawn", "square", at(2026, 6, 2, 6), hours=1, amplified=True),
        event("dance-ok", "square", at(2026, 6, 2, 19), hours=2, amplified=True),
        event("karaoke", "hall", at(2026, 6, 2, 14), amplified=True),
        event("indoor-late", "hall", at(2026, 6, 2, 21, 30), hours=1),
    ]
    found = occurrences(found_events, at(2026, 6, 1), at(2026, 7, 1))
    verdict = check_sound(found, found_events, VENUES)
    assert {r.path for r in verdict.reasons} == {"$.events[0]", "$.events[1]", "$.events[3]"}
    stricter = QuietHours(starts=dt.time(20), ends=dt.time(8))
    strict = check_sound(found, found_events, VENUES, stricter)
    assert "$.events[2]" in {r.path for r in strict.reasons}  # dance-ok
    assert verdict.source is not None


def test_recurring_events_expand_with_their_duration():
    saturdays = Recurrence(at(2026, 3, 7, 9), rule="FREQ=WEEKLY;BYDAY=SA")
    service = Event(
        id="service",
        title="周六志愿服务",
        venue="square",
        starts=at(2026, 3, 7, 9),
        ends=at(2026, 3, 7, 11),
        recurrence=saturdays,
    )
    found = occurrences([service], at(2026, 3, 1), at(2026, 4, 1))
    assert [(o.starts.day, o.ends.hour) for o in found] == [(7, 11), (14, 11), (21, 11), (28, 11)]


def test_check_schedule_runs_every_rule():
    report = check_schedule(
        [event("a", "hall", at(2026, 3, 5, 9))], VENUES, at(2026, 3, 1), at(2026, 4, 1)
    )
    assert [v.rule for v in report] == [
        "scheduling.double_booking",
        "scheduling.capacity",
        "scheduling.opening_hours",
        "scheduling.sound",
        "scheduling.staffing",
        "scheduling.shifts",
    ]
    assert report.passed


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (
            lambda: Event(
                id="e", title="t", venue="hall", starts=at(2026, 1, 1, 10), ends=at(2026, 1, 1, 9)
            ),
            "$.ends",
        ),
        (lambda: Venue("v", "场地", 0), "$.capacity"),
        (lambda: OpeningHours(frozenset(), dt.time(8), dt.time(9)), "$.weekdays"),
        (lambda: OpeningHours(frozenset({1}), dt.time(21), dt.time(8)), "$.closes"),
    ],
)
def test_models_refuse_what_cannot_be(build, path):
    with pytest.raises(InvalidInput) as excinfo:
        build()
    assert excinfo.value.problems[0].path == path


# --- registrations --------------------------------------------------------------------


DANCE = Roster("dance", capacity=3, starts=at(2026, 3, 7, 9))


def ask(person: str, places: int = 1, day: int = 1) -> Registration:
    return Registration(person, at(2026, 3, day, 10), places)


def test_registrations_are_confirmed_until_places_run_out_then_waitlisted():
    roster, fact = register(DANCE, ask("a", 2))
    assert (fact.waitlisted, fact.position) == (False, 1)
    roster, fact = register(roster, ask("b", 2))
    assert (fact.waitlisted, fact.position) == (True, 1)
    roster, fact = register(roster, ask("c"))
    # a waitlist is first come, first served: c waits behind b even though one place is free
    assert (fact.waitlisted, fact.position) == (True, 2)
    assert [r.person for r in roster.confirmed] == ["a"]
    assert [r.person for r in roster.waitlist] == ["b", "c"]


def test_a_cancellation_promotes_the_waitlist_in_order():
    roster, _ = register(DANCE, ask("a", 2))
    roster, _ = register(roster, ask("b", 2))
    roster, _ = register(roster, ask("c"))
    roster, fact = cancel_registration(roster, "a")
    assert fact.promoted == ("b", "c")
    assert [r.person for r in roster.confirmed] == ["b", "c"]
    assert roster.waitlist == ()
    assert roster.taken == 3


def test_refused_changes_leave_the_roster_as_it_was():
    roster, _ = register(DANCE, ask("a"))
    with pytest.raises(Conflict):
        register(roster, ask("a"))
    with pytest.raises(IllegalTransition, match="cannot register for event dance: it is under way"):
        register(roster, Registration("late", at(2026, 3, 7, 9)))
    with pytest.raises(IllegalTransition, match="it is cancelled"):
        register(attrs.evolve(roster, cancelled=True), ask("b"))
    with pytest.raises(NotFound):
        cancel_registration(roster, "nobody")
    assert [r.person for r in roster.confirmed] == ["a"]


def test_a_roster_never_holds_more_than_its_capacity():
    with pytest.raises(InvalidInput) as excinfo:
        Roster("x", 1, at(2026, 3, 7, 9), confirmed=(ask("a"), ask("b")))
    assert excinfo.value.problems[0].path == "$.confirmed"


@given(
    st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(1, 3), st.booleans()), max_size=30)
)
def test_places_are_never_lost_or_double_counted(steps):
    roster = Roster("e", 5, at(2026, 3, 7, 9))
    for person, places, cancelling in steps:
        try:
            if cancelling:
                roster, _ = cancel_registration(roster, person)
            else:
                roster, _ = register(roster, ask(person, places))
        except (Conflict, NotFound):
            pass
        people = [r.person for r in (*roster.confirmed, *roster.waitlist)]
        assert len(people) == len(set(people))
        assert roster.taken <= roster.capacity
        if roster.waitlist:
            assert roster.taken + roster.waitlist[0].places > roster.capacity


# --- staffing --------------------------------------------------------------------------


def test_unfilled_roles_are_named_with_the_shortfall():
    visit = event(
        "visit",
        "hall",
        at(2026, 10, 17, 9),
        roles=(RoleNeed("volunteer", 3), RoleNeed("doctor", 1)),
        audience=frozenset({"elders_80_plus"}),
        kind="elder_visit",
    )
    found = occurrences([visit], at(2026, 10, 1), at(2026, 11, 1))
    people = [Assignment(p, "visit", at(2026, 10, 17, 9), "volunteer") for p in ("v1", "v2")]
    verdict = check_staffing(found, [visit], people)
    assert [r.message.en for r in verdict.reasons] == [
        "visit (2026-10-17 09:00-11:00) needs 3 volunteer, has 2 (1 short)",
        "visit (2026-10-17 09:00-11:00) needs 1 doctor, has 0 (1 short)",
    ]
    full = [
        *people,
        Assignment("v3", "visit", at(2026, 10, 17, 9), "volunteer"),
        Assignment("d1", "visit", at(2026, 10, 17, 9), "doctor"),
    ]
    assert check_staffing(found, [visit], full).passed


def test_a_volunteer_on_two_overlapping_shifts_is_named():
    morning = event("gate", "square", at(2026, 3, 7, 8), hours=3)
    patrol = event("patrol", "square", at(2026, 3, 7, 10), hours=2)
    evening = event("meal", "hall", at(2026, 3, 7, 17))
    found = occurrences([morning, patrol, evening], at(2026, 3, 1), at(2026, 4, 1))
    shifts = [
        Assignment("wang", "gate", at(2026, 3, 7, 8), "steward"),
        Assignment("wang", "patrol", at(2026, 3, 7, 10), "patrol"),
        Assignment("wang", "meal", at(2026, 3, 7, 17), "server"),
        Assignment("li", "patrol", at(2026, 3, 7, 10), "patrol"),
    ]
    verdict = check_shifts(found, shifts)
    (reason,) = verdict.reasons
    assert reason.message.en == (
        "wang is on patrol (2026-03-07 10:00-12:00) and gate (2026-03-07 08:00-11:00) at once"
    )
    assert check_shifts(found, shifts[2:]).passed


# --- the annual plan -----------------------------------------------------------------


def _year_2026() -> list[Event]:
    festivals = list(festival_events(2026, "square", (dt.time(9), dt.time(11))))
    saturday = at(2026, 1, 3, 9)
    service = Event(
        id="saturday-service",
        title="周六志愿服务",
        venue="square",
        starts=saturday,
        ends=saturday + dt.timedelta(hours=2),
        recurrence=Recurrence(saturday, rule="FREQ=WEEKLY;BYDAY=SA"),
    )
    friday = at(2026, 1, 2, 15)
    party_day = Event(
        id="party-day",
        title="主题党日",
        venue="hall",
        starts=friday,
        ends=friday + dt.timedelta(hours=2),
        recurrence=Recurrence(friday, rule="FREQ=MONTHLY;BYDAY=1FR"),
    )
    return [*festivals, service, party_day]


def test_a_year_built_from_templates_meets_the_targets():
    events = _year_2026()
    assert len([e for e in events if e.kind and e.kind.startswith("festival:")]) == 10
    report = check_plan(events, 2026)
    assert report.passed
    assert report["plan.activities"].reasons[0].actual == str(10 + 52 + 12)


def test_too_few_activities_and_a_missed_festival_are_named():
    festivals_only = list(festival_events(2026, "square", (dt.time(9), dt.time(11))))
    report = check_plan(festivals_only, 2026)
    assert (
        report["plan.activities"].reasons[0].message.en
        == "10 activities planned, 60 wanted (50 short)"
    )
    without_mid_autumn = [e for e in _year_2026() if e.kind != "festival:mid_autumn"]
    verdict = check_plan(without_mid_autumn, 2026)["plan.festivals"]
    assert [r.message.en for r in verdict.reasons] == [
        "no activity on Mid-Autumn Festival (2026-09-25)"
    ]


def test_a_year_without_laba_needs_no_laba_activity():
    events = festival_events(2023, "square", (dt.time(9), dt.time(11)))
    assert "laba" not in {e.kind.split(":")[1] for e in events if e.kind}
    assert check_plan(events, 2023, PlanTargets(min_activities=0))["plan.festivals"].passed


def test_templates_build_a_year_from_weekly_monthly_and_festival_routines():
    service = weekly_event(
        "service",
        "周六志愿服务",
        "square",
        (dt.time(8, 30), dt.time(11)),
        weekday=5,
        starting=dt.date(2026, 1, 1),
        roles=(RoleNeed("志愿者", 4),),
    )
    assert service.starts == at(2026, 1, 3, 8, 30)  # the first Saturday
    assert service.duration == dt.timedelta(hours=2, minutes=30)
    assert service.roles == (RoleNeed("志愿者", 4),)
    party_day = monthly_event(
        "party-day",
        "主题党日",
        "room",
        (dt.time(14, 30), dt.time(16, 30)),
        nth=1,
        weekday=4,
        starting=dt.date(2026, 1, 1),
    )
    assert party_day.starts == at(2026, 1, 2, 14, 30)  # the first Friday of January
    found = occurrences([party_day], at(2026, 1, 1), at(2027, 1, 1))
    assert len(found) == 12
    assert all(o.starts.weekday() == 4 and o.starts.day <= 7 for o in found)
    last_sunday = monthly_event(
        "clean-up",
        "大扫除",
        "square",
        (dt.time(9), dt.time(10)),
        nth=-1,
        weekday=6,
        starting=dt.date(2026, 1, 1),
    )
    assert last_sunday.starts.date() == dt.date(2026, 1, 25)
    year = [service, party_day, *festival_events(2026, "square", (dt.time(9), dt.time(11)))]
    assert check_plan(year, 2026).passed


def test_a_recurring_event_starts_at_its_first_occurrence_even_decades_away():
    start = at(2026, 1, 1, 9)
    laba = recurring_event(
        "laba", "腊八施粥", "square", Recurrence(start, lunar_month=12, lunar_day=8), dt.time(11)
    )
    assert laba.starts == at(2026, 1, 26, 9)
    assert laba.ends == at(2026, 1, 26, 11)
    # only a leap 11th month has this day: the next one is in 2033
    leap_only = Recurrence(start, lunar_month=11, lunar_day=1, leap_months=LeapMonths.LEAP)
    assert recurring_event("x", "x", "v", leap_only, dt.time(10)).starts.year == 2033


def test_templates_refuse_what_they_cannot_build():
    with pytest.raises(InvalidInput) as excinfo:
        monthly_event(
            "x", "x", "v", (dt.time(9), dt.time(10)), nth=5, weekday=0, starting=dt.date(2026, 1, 1)
        )
    assert excinfo.value.problems[0].path == "$.nth"
    with pytest.raises(InvalidInput) as excinfo:
        weekly_event(
            "x", "x", "v", (dt.time(9), dt.time(10)), weekday=7, starting=dt.date(2026, 1, 1)
        )
    assert excinfo.value.problems[0].path == "$.weekday"
    with pytest.raises(InvalidInput) as excinfo:
        weekly_event(
            "x", "x", "v", (dt.time(10), dt.time(9)), weekday=0, starting=dt.date(2026, 1, 1)
        )
    assert excinfo.value.problems[0].path == "$.ends"
    never = Recurrence(at(2026, 1, 1, 9), rule="FREQ=YEARLY;COUNT=1", until=dt.date(2025, 1, 1))
    with pytest.raises(InvalidInput) as excinfo:
        recurring_event("x", "x", "v", never, dt.time(10))
    assert excinfo.value.problems[0].path == "$.recurrence"


def test_rules_over_expanded_occurrences_match_the_whole_check():
    hall = Venue(
        "hall", "活动室", 20, hours=(OpeningHours(frozenset(range(5)), dt.time(9), dt.time(17)),)
    )
    start = at(2026, 3, 2, 16)
    events = [
        Event(
            id="a",
            title="讲座",
            venue="hall",
            starts=start,
            ends=start + dt.timedelta(hours=2),
            recurrence=Recurrence(start, rule="FREQ=WEEKLY"),
            expected=30,
        ),
        Event(id="b", title="培训", venue="hall", starts=start, ends=start + dt.timedelta(hours=1)),
    ]
    window = (at(2026, 3, 1), at(2026, 4, 1))
    found = occurrences(events, *window)
    assert check_occurrences(found, events, [hall]) == check_schedule(events, [hall], *window)
    assert not check_occurrences(found, events, [hall]).passed
