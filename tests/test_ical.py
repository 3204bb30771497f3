"""iCalendar export parses back to the same occurrences."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from neighborly.calendar import Festival, festivals, holiday_arrangement
from neighborly.recurrence import Recurrence, WeekdayRelation
from neighborly.scheduling import Event, occurrences

icalendar = pytest.importorskip("icalendar")
from neighborly.ical import to_ical  # noqa: E402 - after the optional import is known to work

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def _events() -> list[Event]:
    saturday = at(2026, 1, 3, 9)
    laba = at(2025, 1, 1, 8)
    lanterns = at(2025, 1, 1, 19)
    return [
        Event(
            id="lecture",
            title="党课",
            venue="hall",
            starts=at(2026, 3, 12, 19),
            ends=at(2026, 3, 12, 21),
        ),
        Event(
            id="service",
            title="周六志愿服务",
            venue="square",
            starts=saturday,
            ends=saturday + dt.timedelta(hours=2),
            recurrence=Recurrence(
                saturday, rule="FREQ=WEEKLY;BYDAY=SA", exclude=(dt.date(2026, 2, 21),)
            ),
        ),
        Event(
            id="laba",
            title="腊八施粥",
            venue="square",
            starts=laba,
            ends=laba + dt.timedelta(hours=3),
            recurrence=Recurrence(laba, lunar_month=12, lunar_day=8),
        ),
        Event(
            id="lanterns",
            title="中秋灯会",
            venue="square",
            starts=lanterns,
            ends=lanterns + dt.timedelta(hours=2),
            recurrence=Recurrence(
                lanterns,
                festival=Festival.MID_AUTUMN,
                weekday=5,
                weekday_relation=WeekdayRelation.BEFORE,
            ),
        ),
    ]


def _parsed_starts(
    data: bytes, after: dt.datetime, before: dt.datetime
) -> dict[str, list[dt.datetime]]:
    calendar = icalendar.Calendar.from_ical(data)
    found: dict[str, list[dt.datetime]] = {}
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("uid")).split("@")[0]
        start = component.get("dtstart").dt
        moments = [start]
        rdate = component.get("rdate")
        if rdate is not None:
            for group in rdate if isinstance(rdate, list) else [rdate]:
                moments += [d.dt for d in group.dts]
        rule = component.get("rrule")
        if rule is not None:
            text = rule.to_ical().decode()
            moments = list(rrulestr(text, dtstart=start).between(after, before, inc=True))
            exdate = component.get("exdate")
            if exdate is not None:
                excluded = {
                    d.dt
                    for group in (exdate if isinstance(exdate, list) else [exdate])
                    for d in group.dts
                }
                moments = [m for m in moments if m not in excluded]
        found[uid] = sorted(m for m in moments if after <= m < before)
    return found


def test_export_parses_back_to_the_same_occurrences():
    after, before = at(2025, 1, 1), at(2027, 1, 1)
    events = _events()
    data = to_ical(events, after, before, stamp=at(2026, 1, 1))
    expected: dict[str, list[dt.datetime]] = {}
    for occurrence in occurrences(events, after, before):
        expected.setdefault(occurrence.event, []).append(occurrence.starts)
    assert _parsed_starts(data, after, before) == {k: sorted(v) for k, v in expected.items()}


def test_export_carries_the_time_zone_and_the_rule():
    data = to_ical(_events(), at(2025, 1, 1), at(2027, 1, 1), stamp=at(2026, 1, 1))
    text = data.decode()
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID:Asia/Shanghai" in text
    assert "RRULE:FREQ=WEEKLY;BYDAY=SA" in text
    assert "UID:laba@neighborly" in text
    # lunar occurrences are written as dates, since calendar programs cannot expand them
    assert "RDATE;TZID=Asia/Shanghai:" in text


def _all_day_entries(data: bytes) -> dict[str, tuple[str, dt.date, dt.date]]:
    """uid -> (category, first day, last day) of every all-day event."""
    found = {}
    for component in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        start = component.get("dtstart").dt
        if isinstance(start, dt.datetime):
            continue
        end = component.get("dtend").dt
        category = component.get("categories").cats[0]
        found[str(component.get("uid"))] = (category, start, end - dt.timedelta(days=1))
    return found


def test_official_days_are_exported_as_all_day_events_that_parse_back():
    data = to_ical(
        [], at(2026, 1, 1), at(2027, 1, 1), stamp=at(2026, 1, 1), festivals=True, holidays=True
    )
    entries = _all_day_entries(data)
    festival_entries = {k: v for k, v in entries.items() if v[0] == "FESTIVAL"}
    assert sorted(v[1] for v in festival_entries.values()) == [d for _, d in festivals(2026)]
    assert entries["laba-2026-01-26@neighborly"] == (
        "FESTIVAL",
        dt.date(2026, 1, 26),
        dt.date(2026, 1, 26),
    )
    arrangement = holiday_arrangement(2026)
    holidays = sorted((v[1], v[2]) for v in entries.values() if v[0] == "HOLIDAY")
    assert holidays == [(p.first, p.last) for p in arrangement.periods]
    workdays = sorted(v[1] for v in entries.values() if v[0] == "WORKDAY")
    assert workdays == list(arrangement.workdays)
    assert "TRANSP:TRANSPARENT" in data.decode()


def test_official_days_follow_the_window_and_never_guess_a_year():
    # a window from 2026-12-31 10:00 to 2027-01-01 08:00 touches both days
    data = to_ical(
        [],
        at(2026, 12, 31, 10),
        at(2027, 1, 1, 8),
        stamp=at(2026, 1, 1),
        festivals=True,
        holidays=True,
    )
    entries = _all_day_entries(data)
    # New Year's Day 2027 is a festival day; its holiday is not published, so no holiday
    assert set(entries) == {"new_years_day-2027-01-01@neighborly"}
    # a window ending exactly at midnight does not touch the next day
    data = to_ical([], at(2026, 2, 14), at(2026, 2, 15), stamp=at(2026, 1, 1), holidays=True)
    assert set(_all_day_entries(data)) == {"workday-2026-02-14@neighborly"}
    data = to_ical([], at(2026, 2, 20), at(2026, 2, 21), stamp=at(2026, 1, 1), holidays=True)
    assert _all_day_entries(data) == {
        "holiday-2026-02-15@neighborly": ("HOLIDAY", dt.date(2026, 2, 15), dt.date(2026, 2, 23))
    }


def test_a_holiday_run_that_starts_in_december_is_exported_from_its_first_day():
    data = to_ical([], at(2023, 12, 30), at(2023, 12, 31), stamp=at(2026, 1, 1), holidays=True)
    assert _all_day_entries(data) == {
        "holiday-2023-12-30@neighborly": ("HOLIDAY", dt.date(2023, 12, 30), dt.date(2024, 1, 1))
    }
