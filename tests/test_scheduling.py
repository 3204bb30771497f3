"""Venues, events and the scheduling rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.recurrence import Recurrence
from neighborly.scheduling import (
    Event,
    Occurrence,
    OpeningHours,
    QuietHours,
    Venue,
    check_capacity,
    check_double_booking,
    check_opening_hours,
    check_schedule,
    check_sound,
    occurrences,
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
    return Event(eid, eid, venue, starts, starts + dt.timedelta(hours=hours), **kw)  # type: ignore[arg-type]


def test_overlapping_events_at_one_venue_are_named_with_the_overlap():
    events = [
        event("lecture", "hall", at(2026, 3, 5, 14)),
        event("dance", "hall", at(2026, 3, 5, 15, 30)),
    ]
    verdict = check_double_booking(occurrences(events, at(2026, 3, 1), at(2026, 4, 1)))
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert reason.message.en == (
        "venue hall: dance (2026-03-05 15:30-17:30) overlaps lecture (2026-03-05 14:00-16:00) by 30 minutes"
    )
    assert reason.path == '$.events[?(@.id=="dance")]'
    assert reason.actual == "30"


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
        f'$.events[?(@.id=="{b.event}")]'
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
    verdict = check_opening_hours(found, VENUES)
    assert [r.path.split('"')[1] for r in verdict.reasons] == ["eve", "late", "sat"]
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
    assert {r.path.split('"')[1] for r in verdict.reasons} == {
        "dance-late",
        "dance-dawn",
        "karaoke",
    }
    stricter = QuietHours(starts=dt.time(20), ends=dt.time(8))
    strict = check_sound(found, found_events, VENUES, stricter)
    assert "dance-ok" in {r.path.split('"')[1] for r in strict.reasons}
    assert verdict.source is not None


def test_recurring_events_expand_with_their_duration():
    saturdays = Recurrence(at(2026, 3, 7, 9), rule="FREQ=WEEKLY;BYDAY=SA")
    service = Event(
        "service",
        "周六志愿服务",
        "square",
        at(2026, 3, 7, 9),
        at(2026, 3, 7, 11),
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
    ]
    assert report.passed


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Event("e", "t", "hall", at(2026, 1, 1, 10), at(2026, 1, 1, 9)), "$.ends"),
        (lambda: Venue("v", "场地", 0), "$.capacity"),
        (lambda: OpeningHours(frozenset(), dt.time(8), dt.time(9)), "$.weekdays"),
        (lambda: OpeningHours(frozenset({1}), dt.time(21), dt.time(8)), "$.closes"),
    ],
)
def test_models_refuse_what_cannot_be(build, path):
    with pytest.raises(InvalidInput) as excinfo:
        build()
    assert excinfo.value.problems[0].path == path
