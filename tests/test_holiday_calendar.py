"""A holiday calendar a user can extend, and no working day guessed: every function
that counts working days uses the official arrangements, or refuses a year it lacks
unless the caller assumes weekdays, and then says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from neighborly import Conflict, InvalidInput, NotFound, dumps, load, loads
from neighborly._time import DEFAULT_ZONE
from neighborly.calendar import (
    OFFICIAL_CALENDAR,
    HolidayArrangement,
    HolidayCalendar,
    HolidayPeriod,
    add_workdays,
    holiday_on,
    is_workday,
    next_workday,
    official_calendar,
)
from neighborly.parking import (
    Allocation,
    Parking,
    ParkingPolicy,
    ParkingPool,
    ParkingRequest,
    allocate,
    check_parking,
    open_to_residents,
)
from neighborly.text import Text
from neighborly.volunteering import RecordPolicy, ServiceRecord, check_records, record_deadline

# A made-up year for the tests (not an official notice): New Year's Day on Friday
# 2027-01-01 with the weekend, and the Saturday 2027-01-09 worked in exchange.
MADE_UP = HolidayArrangement(
    2027,
    (HolidayPeriod(Text("New Year's Day", "元旦"), dt.date(2027, 1, 1), dt.date(2027, 1, 3)),),
    (dt.date(2027, 1, 9),),
    Text("a year made up for the tests", "测试用的虚构年份"),
)


def _problems(make) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as excinfo:
        make()
    return [(p.path, p.expected.en) for p in excinfo.value.problems]


def test_an_arrangement_is_checked_as_strictly_as_a_notice_reads():
    period = MADE_UP.periods[0]
    overlapping = HolidayPeriod(Text("Later", "后"), dt.date(2027, 1, 3), dt.date(2027, 1, 4))
    assert _problems(lambda: attrs.evolve(MADE_UP, periods=(period, overlapping))) == [
        (
            "$.periods[1].first",
            "a day after New Year's Day ends (2027-01-03): holidays do not overlap",
        )
    ]
    monday = dt.date(2027, 1, 4)
    assert _problems(lambda: attrs.evolve(MADE_UP, workdays=(monday,))) == [
        ("$.workdays[0]", "a Saturday or Sunday: a day worked in exchange is a weekend day")
    ]
    assert _problems(lambda: attrs.evolve(MADE_UP, workdays=(dt.date(2027, 1, 2),))) == [
        ("$.workdays[0]", "a day outside every holiday")
    ]
    saturday = dt.date(2027, 1, 9)
    assert _problems(lambda: attrs.evolve(MADE_UP, workdays=(saturday, saturday))) == [
        ("$.workdays[1]", "a day not listed before")
    ]
    far = HolidayPeriod(Text("Far", "远"), dt.date(2028, 1, 1), dt.date(2028, 1, 1))
    assert _problems(lambda: attrs.evolve(MADE_UP, periods=(far,))) == [
        (
            "$.periods[0].first",
            "a day from 2026-12-01 to 2027-12-31 (the year, or the December before)",
        ),
        (
            "$.periods[0].last",
            "a day from 2026-12-01 to 2027-12-31 (the year, or the December before)",
        ),
    ]
    # the shipped years pass the same checks
    assert HolidayCalendar(OFFICIAL_CALENDAR.arrangements).years == (2023, 2024, 2025, 2026)


def test_a_year_is_never_given_twice():
    assert _problems(lambda: HolidayCalendar((MADE_UP, MADE_UP))) == [
        ("$.arrangements[1].year", "a year not given before")
    ]
    with pytest.raises(Conflict, match="'2026'"):
        official_calendar([attrs.evolve(MADE_UP, year=2026, periods=(), workdays=())])


def test_a_users_year_is_counted_with_the_shipped_ones():
    calendar = official_calendar([MADE_UP])
    assert calendar.years == (2023, 2024, 2025, 2026, 2027)
    assert not calendar.is_workday(dt.date(2027, 1, 1))  # the made-up holiday
    assert calendar.is_workday(dt.date(2027, 1, 9))  # the Saturday worked
    assert holiday_on(dt.date(2027, 1, 2), calendar) is MADE_UP.periods[0]
    # across the turn of the year: Wednesday 2026-12-30 plus three working days
    assert add_workdays(dt.date(2026, 12, 30), 3, calendar) == dt.date(2027, 1, 5)
    assert next_workday(dt.date(2026, 12, 31), calendar) == dt.date(2027, 1, 4)


def test_a_calendar_reads_back_from_json_and_toml(tmp_path: Path):
    assert loads(dumps(OFFICIAL_CALENDAR), HolidayCalendar).years == OFFICIAL_CALENDAR.years
    toml = tmp_path / "holidays-2027.toml"
    toml.write_text(
        """
[[arrangements]]
year = 2027
workdays = [2027-01-09]
source = { en = "a year made up for the tests", zh = "测试用的虚构年份" }

[[arrangements.periods]]
name = { en = "New Year's Day", zh = "元旦" }
first = 2027-01-01
last = 2027-01-03
""",
        encoding="utf-8",
    )
    added = load(toml, HolidayCalendar)
    calendar = official_calendar(added)
    assert calendar.arrangement(2027).workdays == (dt.date(2027, 1, 9),)
    toml.write_text(toml.read_text(encoding="utf-8").replace("2027-01-09", "2027-01-04"))
    with pytest.raises(InvalidInput) as excinfo:
        load(toml, HolidayCalendar)
    assert excinfo.value.problems[0].path == "$.arrangements[0].workdays[0]"


def test_every_working_day_function_refuses_a_year_it_lacks_unless_weekdays_are_assumed():
    day = dt.date(2027, 3, 1)  # a Monday of a year neither calendar's notice covers
    for count in (
        lambda **kw: is_workday(day, **kw),
        lambda **kw: next_workday(day, **kw),
        lambda **kw: add_workdays(day, 2, **kw),
    ):
        with pytest.raises(NotFound, match=r"2023-2026"):
            count()
    assert is_workday(day, assume_weekdays=True)
    assert next_workday(day, assume_weekdays=True) == dt.date(2027, 3, 2)
    assert add_workdays(day, 2, assume_weekdays=True) == dt.date(2027, 3, 3)
    with pytest.raises(NotFound, match="no holiday arrangement with id '2027'"):
        holiday_on(day)


def _record(day: dt.date, entered: dt.date) -> ServiceRecord:
    return ServiceRecord(
        id="sr-1",
        volunteer="v-1",
        activity="重阳敬老",
        day=day,
        place="老年日间照料中心",
        content="陪伴聊天",
        hours=Decimal("2"),
        organiser="示例社区居委会",
        person_in_charge="王主任",
        entered=entered,
    )


def test_the_record_deadline_counts_the_users_year_or_says_weekdays_were_assumed():
    day = dt.date(2026, 12, 28)  # nine working days run into 2027
    nine = RecordPolicy(deadline_workdays=9)
    with pytest.raises(NotFound, match="2023-2026"):
        record_deadline(day, nine)
    assumed = RecordPolicy(deadline_workdays=9, assume_weekdays=True)
    assert record_deadline(day, assumed) == dt.date(2027, 1, 8)  # 1-1 counted as a Friday
    made_up = official_calendar([MADE_UP])
    assert record_deadline(day, nine, made_up) == dt.date(2027, 1, 9)  # 1-1 off, 1-9 worked

    late = _record(day, dt.date(2027, 1, 12))
    verdict = check_records([late], nine)["volunteering.deadline"]
    assert not verdict.passed
    assert verdict.reasons[0].path == "$.records[0].day"
    assert "the holiday calendar has no 2027" in verdict.reasons[0].message.en
    verdict = check_records([_record(day, dt.date(2027, 1, 8))], assumed)["volunteering.deadline"]
    assert verdict.passed
    assert "2027 counted as Monday to Friday" in verdict.reasons[0].message.en
    assert "2027 年没有官方节假日安排" in verdict.reasons[0].message.zh
    verdict = check_records([late], assumed)["volunteering.deadline"]
    assert "Monday to Friday" in verdict.reasons[0].message.en  # late, and said how it was counted
    on_the_ninth = [_record(day, dt.date(2027, 1, 9))]
    assert check_records(on_the_ninth, nine, made_up)["volunteering.deadline"].passed
    assert not check_records(on_the_ninth, assumed)["volunteering.deadline"].passed


POOL = ParkingPool("pk-1", "cb-tax", "cb-tax-parking", "税务局停车场", spaces=2)


def _at(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, tzinfo=DEFAULT_ZONE)


def test_the_car_parks_staff_hours_follow_the_users_year_or_say_weekdays_were_assumed():
    monday = (_at(3, 1, 10), _at(3, 1, 12))
    with pytest.raises(NotFound, match="2023-2026"):
        open_to_residents(POOL, *monday)
    assert not open_to_residents(POOL, *monday, assume_weekdays=True)
    new_year = (_at(1, 1, 10), _at(1, 1, 12))  # a Friday, off in the made-up year
    assert open_to_residents(POOL, *new_year, calendar=official_calendar([MADE_UP]))

    request = ParkingRequest("r1", "h1", "pk-1", *monday, "川A12345")
    with pytest.raises(NotFound):
        allocate(Parking(pools=(POOL,)), request)
    with pytest.raises(Exception, match="Monday to Friday assumed"):
        allocate(Parking(pools=(POOL,)), request, ParkingPolicy(assume_weekdays=True))

    from neighborly.party import CoBuildingUnit, Party, Pledge

    from builders import community

    c = community(3)
    household = next(c.households()).id
    held = Parking(pools=(POOL,), allocations=(Allocation("r1", household, "pk-1", 1, *new_year),))
    pledge = Pledge("cb-tax-parking", "共享车位", 40)
    party = Party(co_building=(CoBuildingUnit("cb-tax", "区税务局", pledges=(pledge,)),))
    c = attrs.evolve(c, party=party, parking=held)
    verdict = check_parking(c)
    assert not verdict.passed
    assert "the holiday calendar has no 2027" in verdict.reasons[0].message.en
    assert check_parking(c, calendar=official_calendar([MADE_UP])).passed


# --- events and reception days that move or skip holidays ----------------------------------

FIRST_OF_MONTH = "FREQ=MONTHLY;BYMONTHDAY=1"


def _monthly(on_holiday, start=dt.datetime(2026, 12, 1, 9, tzinfo=DEFAULT_ZONE)):
    from neighborly.recurrence import Recurrence

    return Recurrence(start, rule=FIRST_OF_MONTH, on_holiday=on_holiday)


def test_a_recurrence_moves_off_the_holidays_of_the_users_year():
    from neighborly.recurrence import OnHoliday

    window = (
        dt.datetime(2027, 1, 1, tzinfo=DEFAULT_ZONE),
        dt.datetime(2027, 2, 1, tzinfo=DEFAULT_ZONE),
    )
    moving = _monthly(OnHoliday.NEXT_WORKDAY)
    with pytest.raises(NotFound, match="2023-2026"):
        moving.between(*window)
    calendar = official_calendar([MADE_UP])
    # 2027-01-01 to 01-03 off: the 1st moves to Monday the 4th
    assert [m.date() for m in moving.between(*window, calendar=calendar)] == [dt.date(2027, 1, 4)]
    skipping = _monthly(OnHoliday.SKIP_HOLIDAYS)
    assert skipping.between(*window, calendar=calendar) == ()
    back = _monthly(OnHoliday.PREVIOUS_WORKDAY)
    assert [m.date() for m in back.between(*window, calendar=calendar)] == []  # moved to 2026
    december = (window[0] - dt.timedelta(days=31), window[0])
    assert [m.date() for m in back.between(*december, calendar=calendar)] == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),  # January's first, moved back into December
    ]


def test_the_window_a_moved_day_is_looked_for_in_spans_the_calendars_longest_break():
    from neighborly.recurrence import OnHoliday

    assert OFFICIAL_CALENDAR.longest_break == 9  # 2026 Spring Festival, Feb 15 to 23
    # a made-up year with three weeks off at New Year
    long_break = HolidayArrangement(
        2027,
        (HolidayPeriod(Text("Long", "长假"), dt.date(2027, 1, 1), dt.date(2027, 1, 21)),),
        (),
        Text("made up", "虚构"),
    )
    calendar = official_calendar([long_break])
    assert calendar.longest_break == 21  # Friday 1st to Thursday 21st
    moving = _monthly(OnHoliday.NEXT_WORKDAY)
    late_january = (
        dt.datetime(2027, 1, 22, tzinfo=DEFAULT_ZONE),
        dt.datetime(2027, 2, 1, tzinfo=DEFAULT_ZONE),
    )
    # January's first moves 21 days, into a window that starts after it
    assert [m.date() for m in moving.between(*late_january, calendar=calendar)] == [
        dt.date(2027, 1, 22)
    ]


def test_a_recurring_event_starts_on_its_first_occurrence_without_reading_later_years():
    from neighborly.recurrence import OnHoliday
    from neighborly.scheduling import recurring_event

    event = recurring_event(
        "e-1",
        "议事会",
        "v-1",
        _monthly(OnHoliday.NEXT_WORKDAY, dt.datetime(2026, 1, 1, 9, tzinfo=DEFAULT_ZONE)),
        dt.time(10),
    )
    # New Year's break 2026-01-01 to 03, and Sunday the 4th worked in exchange
    assert event.starts.date() == dt.date(2026, 1, 4)
    late = _monthly(OnHoliday.NEXT_WORKDAY, dt.datetime(2026, 12, 20, 9, tzinfo=DEFAULT_ZONE))
    with pytest.raises(NotFound, match="2023-2026"):
        recurring_event("e-2", "议事会", "v-1", late, dt.time(10))
    made = recurring_event(
        "e-2", "议事会", "v-1", late, dt.time(10), calendar=official_calendar([MADE_UP])
    )
    assert made.starts.date() == dt.date(2027, 1, 4)


def test_a_communitys_events_and_reception_days_follow_the_users_year():
    from neighborly.owners import Reception, ReceptionDay
    from neighborly.recurrence import OnHoliday
    from neighborly.scheduling import check_plan, occurrences, recurring_event

    calendar = official_calendar([MADE_UP])
    event = recurring_event(
        "e-1", "议事会", "v-1", _monthly(OnHoliday.NEXT_WORKDAY), dt.time(10), calendar=calendar
    )
    year = (
        dt.datetime(2027, 1, 1, tzinfo=DEFAULT_ZONE),
        dt.datetime(2028, 1, 1, tzinfo=DEFAULT_ZONE),
    )
    with pytest.raises(NotFound):
        occurrences((event,), *year)
    with pytest.raises(NotFound):
        check_plan((event,), 2027)
    found = occurrences((event,), *year, calendar=calendar)
    assert [o.starts.date() for o in found[:2]] == [dt.date(2027, 1, 4), dt.date(2027, 2, 1)]
    assert len(check_plan((event,), 2027, calendar=calendar).verdicts) == 2

    schedule = ReceptionDay("rd-1", "cp1", "st-pm", _monthly(OnHoliday.SKIP_HOLIDAYS))
    january = (dt.date(2027, 1, 1), dt.date(2027, 2, 28))
    with pytest.raises(NotFound):
        schedule.days(*january)
    assert schedule.days(*january, calendar=calendar) == (dt.date(2027, 2, 1),)
    from neighborly.owners import check_receptions

    held = (Reception("rd-1", dt.date(2027, 2, 1), ("st-pm",), 3),)
    assert check_receptions(schedule, held, *january, calendar=calendar).passed


def test_the_ical_export_moves_events_and_lists_holidays_from_the_users_calendar():
    pytest.importorskip("icalendar")
    from neighborly.ical import to_ical
    from neighborly.recurrence import OnHoliday
    from neighborly.scheduling import recurring_event

    calendar = official_calendar([MADE_UP])
    event = recurring_event(
        "e-1", "议事会", "v-1", _monthly(OnHoliday.NEXT_WORKDAY), dt.time(10), calendar=calendar
    )
    january = (
        dt.datetime(2027, 1, 1, tzinfo=DEFAULT_ZONE),
        dt.datetime(2027, 2, 1, tzinfo=DEFAULT_ZONE),
    )
    stamp = dt.datetime(2026, 12, 6, tzinfo=DEFAULT_ZONE)
    with pytest.raises(NotFound):
        to_ical((event,), *january, stamp=stamp)
    text = to_ical((event,), *january, stamp=stamp, holidays=True, calendar=calendar).decode()
    assert "DTSTART;TZID=Asia/Shanghai:20270104T090000" in text
    assert "DTSTART;VALUE=DATE:20270101" in text  # New Year's Day of the user's year
    assert "DTSTART;VALUE=DATE:20270109" in text  # and its Saturday worked
