"""Recurring days on Gregorian, lunar, solar-term and festival rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput, NotFound
from neighborly.calendar import Festival, SolarTerm
from neighborly.recurrence import (
    LeapMonths,
    MissingDay,
    OnHoliday,
    Recurrence,
    RecurrenceKind,
    WeekdayRelation,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def days(recurrence: Recurrence, first: dt.datetime, last: dt.datetime) -> list[str]:
    return [moment.date().isoformat() for moment in recurrence.between(first, last)]


SATURDAY_MORNINGS = Recurrence(at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA")


def test_a_weekly_rule_gives_aware_occurrences_at_the_start_time():
    found = SATURDAY_MORNINGS.between(at(2026, 2, 1), at(2026, 3, 1))
    assert [m.isoformat() for m in found] == [
        "2026-02-07T09:00:00+08:00",
        "2026-02-14T09:00:00+08:00",
        "2026-02-21T09:00:00+08:00",
        "2026-02-28T09:00:00+08:00",
    ]
    assert SATURDAY_MORNINGS.kind is RecurrenceKind.RULE


def test_the_window_includes_its_start_and_excludes_its_end():
    assert days(SATURDAY_MORNINGS, at(2026, 2, 7, 9), at(2026, 2, 14, 9)) == ["2026-02-07"]


def test_skipping_official_holidays_keeps_swapped_saturdays():
    skip = Recurrence(
        at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.SKIP_HOLIDAYS
    )
    # 02-14 is a Saturday worked before the Spring Festival; 02-21 falls in the break
    assert days(skip, at(2026, 2, 1), at(2026, 3, 1)) == ["2026-02-07", "2026-02-14", "2026-02-28"]


def test_moving_to_the_next_working_day():
    monthly = Recurrence(
        at(2026, 1, 1, 14), rule="FREQ=MONTHLY;BYMONTHDAY=1", on_holiday=OnHoliday.NEXT_WORKDAY
    )
    # 01-01 is New Year's Day (off to 01-03; 01-04 is a Sunday worked): the 4th
    assert days(monthly, at(2026, 1, 1), at(2026, 3, 1))[:2] == ["2026-01-04", "2026-02-02"]
    back = Recurrence(
        at(2026, 1, 1, 14), rule="FREQ=MONTHLY;BYMONTHDAY=1", on_holiday=OnHoliday.PREVIOUS_WORKDAY
    )
    # 02-01 and 03-01 are Sundays: the Friday before, and the Saturday worked in exchange
    assert days(back, at(2026, 1, 15), at(2026, 4, 1)) == ["2026-01-30", "2026-02-28"]


def test_a_year_without_published_holidays_is_not_guessed():
    skip = Recurrence(
        at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.SKIP_HOLIDAYS
    )
    with pytest.raises(NotFound):
        skip.between(at(2027, 1, 1), at(2027, 2, 1))
    assert len(SATURDAY_MORNINGS.between(at(2027, 1, 1), at(2027, 2, 1))) == 5


def test_laba_every_year_even_twice_in_one_gregorian_year():
    laba = Recurrence(at(2021, 1, 1, 8), lunar_month=12, lunar_day=8)
    assert days(laba, at(2022, 1, 1), at(2024, 12, 31)) == [
        "2022-01-10",
        "2022-12-30",
        "2024-01-18",
    ]
    assert laba.kind is RecurrenceKind.LUNAR


def test_a_lunar_rule_in_a_year_with_a_leap_twin_month():
    first = at(2025, 1, 1)
    last = at(2026, 12, 31)
    regular = Recurrence(first, lunar_month=6, lunar_day=15)
    both = Recurrence(first, lunar_month=6, lunar_day=15, leap_months=LeapMonths.BOTH)
    leap = Recurrence(first, lunar_month=6, lunar_day=15, leap_months=LeapMonths.LEAP)
    assert days(regular, first, last) == ["2025-07-09", "2026-07-28"]
    assert days(both, first, last) == ["2025-07-09", "2025-08-08", "2026-07-28"]
    assert days(leap, first, last) == ["2025-08-08"]


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        (MissingDay.OMIT, []),  # the 12th months of lunar 2024 and 2025 have 29 days
        (MissingDay.BACKWARD, ["2025-01-28", "2026-02-16"]),
        (MissingDay.FORWARD, ["2025-01-29", "2026-02-17"]),
    ],
)
def test_a_missing_30th_follows_the_rfc_7529_skip_choices(missing, expected):
    rule = Recurrence(at(2024, 1, 1), lunar_month=12, lunar_day=30, missing_day=missing)
    assert days(rule, at(2025, 1, 1), at(2026, 12, 31)) == expected


def test_a_30th_that_exists_is_kept_under_every_choice():
    for missing in MissingDay:
        rule = Recurrence(at(2023, 1, 1), lunar_month=12, lunar_day=30, missing_day=missing)
        assert days(rule, at(2024, 1, 1), at(2024, 12, 31)) == ["2024-02-09"]  # 除夕 2024


def test_solar_term_and_festival_rules_with_offsets():
    soup = Recurrence(at(2026, 1, 1, 11), term=SolarTerm.WINTER_SOLSTICE)
    assert days(soup, at(2026, 1, 1), at(2028, 1, 1)) == ["2026-12-22", "2027-12-22"]
    visits = Recurrence(at(2025, 1, 1, 9), festival=Festival.DOUBLE_NINTH, shift_days=-1)
    assert days(visits, at(2025, 1, 1), at(2027, 1, 1)) == ["2025-10-28", "2026-10-17"]
    before = Recurrence(
        at(2025, 1, 1, 19),
        festival=Festival.MID_AUTUMN,
        weekday=5,
        weekday_relation=WeekdayRelation.BEFORE,
    )
    # Mid-Autumn: Monday 2025-10-06, Friday 2026-09-25
    assert days(before, at(2025, 1, 1), at(2027, 1, 1)) == ["2025-10-04", "2026-09-19"]


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        (WeekdayRelation.BEFORE, "2026-09-19"),
        (WeekdayRelation.ON_OR_BEFORE, "2026-09-19"),
        (WeekdayRelation.AFTER, "2026-09-26"),
        (WeekdayRelation.ON_OR_AFTER, "2026-09-26"),
    ],
)
def test_weekday_relations_around_a_friday(relation, expected):
    rule = Recurrence(
        at(2026, 1, 1), festival=Festival.MID_AUTUMN, weekday=5, weekday_relation=relation
    )
    assert days(rule, at(2026, 1, 1), at(2027, 1, 1)) == [expected]
    on_friday = Recurrence(
        at(2026, 1, 1), festival=Festival.MID_AUTUMN, weekday=4, weekday_relation=relation
    )
    same_day = relation in (WeekdayRelation.ON_OR_BEFORE, WeekdayRelation.ON_OR_AFTER)
    expected_friday = {
        WeekdayRelation.BEFORE: "2026-09-18",
        WeekdayRelation.AFTER: "2026-10-02",
    }.get(relation, "2026-09-25")
    assert days(on_friday, at(2026, 1, 1), at(2027, 1, 1)) == [expected_friday]
    assert same_day == (expected_friday == "2026-09-25")


def test_exclusions_and_until():
    rule = Recurrence(
        at(2026, 1, 3, 9),
        rule="FREQ=WEEKLY;BYDAY=SA",
        exclude=(dt.date(2026, 2, 14),),
        until=dt.date(2026, 2, 21),
    )
    assert days(rule, at(2026, 2, 1), at(2026, 4, 1)) == ["2026-02-07", "2026-02-21"]


def test_nothing_happens_before_the_start():
    rule = Recurrence(at(2026, 2, 10, 9), rule="FREQ=WEEKLY;BYDAY=SA")
    assert days(rule, at(2026, 1, 1), at(2026, 2, 22)) == ["2026-02-14", "2026-02-21"]


def test_occurrences_keep_the_wall_time_of_their_zone_across_daylight_saving():
    new_york = ZoneInfo("America/New_York")
    rule = Recurrence(dt.datetime(2026, 3, 1, 9, tzinfo=new_york), rule="FREQ=WEEKLY;BYDAY=SU")
    found = rule.between(
        dt.datetime(2026, 3, 1, tzinfo=new_york), dt.datetime(2026, 3, 16, tzinfo=new_york)
    )
    assert [m.hour for m in found] == [9, 9, 9]
    assert [m.utcoffset() for m in found] == [
        dt.timedelta(hours=-5),
        dt.timedelta(hours=-4),
        dt.timedelta(hours=-4),
    ]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({}, "$"),
        ({"rule": "FREQ=WEEKLY", "term": SolarTerm.QINGMING}, "$"),
        ({"lunar_month": 8}, "$"),
        ({"rule": "FREQ=SOMETIMES"}, "$.rule"),
        ({"rule": "RRULE:FREQ=WEEKLY"}, "$.rule"),
        ({"rule": "FREQ=WEEKLY", "weekday": 7}, "$.weekday"),
    ],
)
def test_a_recurrence_says_what_is_wrong_with_it(changes, path):
    with pytest.raises(InvalidInput) as excinfo:
        Recurrence(at(2026, 1, 1), **changes)
    assert excinfo.value.problems[0].path == path


def test_a_naive_start_or_window_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        Recurrence(dt.datetime(2026, 1, 1), rule="FREQ=DAILY")  # noqa: DTZ001 - under test
    assert excinfo.value.problems[0].path == "$.start"
    with pytest.raises(InvalidInput) as excinfo:
        SATURDAY_MORNINGS.between(dt.datetime(2026, 1, 1), at(2026, 2, 1))  # noqa: DTZ001
    assert [p.path for p in excinfo.value.problems] == ["$.after"]


def test_rfc5545_text_round_trips_for_gregorian_rules():
    rule = Recurrence(
        at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA", exclude=(dt.date(2026, 2, 21),)
    )
    text = rule.to_rfc5545()
    assert text == (
        "DTSTART;TZID=Asia/Shanghai:20260103T090000\n"
        "RRULE:FREQ=WEEKLY;BYDAY=SA\n"
        "EXDATE;TZID=Asia/Shanghai:20260221T090000"
    )
    assert Recurrence.from_rfc5545(text) == rule


def test_lunar_rules_round_trip_as_rfc_7529_text():
    rule = Recurrence(
        at(2026, 1, 1, 10),
        lunar_month=6,
        lunar_day=30,
        leap_months=LeapMonths.BOTH,
        missing_day=MissingDay.BACKWARD,
    )
    text = rule.to_rfc5545()
    assert "RRULE:RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=6,6L;BYMONTHDAY=30;SKIP=BACKWARD" in text
    assert Recurrence.from_rfc5545(text) == rule


def test_festival_rules_have_no_standard_text():
    with pytest.raises(InvalidInput):
        Recurrence(at(2026, 1, 1), festival=Festival.LABA).to_rfc5545()
    with pytest.raises(InvalidInput, match="line 2"):
        Recurrence.from_rfc5545("DTSTART;TZID=Asia/Shanghai:20260101T090000\nFOO:BAR")


@given(
    st.sampled_from(
        [
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            "FREQ=MONTHLY;BYDAY=1FR",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1",
            "FREQ=WEEKLY;COUNT=10",
        ]
    ),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1)),  # noqa: DTZ001 - hypothesis takes naive bounds
    st.integers(1, 12),
    st.integers(1, 30),
)
def test_text_round_trips_and_occurrences_agree(rule_text, naive, month, day):
    start = naive.replace(microsecond=0, tzinfo=SHANGHAI)
    for rule in (
        Recurrence(start, rule=rule_text),
        Recurrence(start, lunar_month=month, lunar_day=day, missing_day=MissingDay.FORWARD),
    ):
        again = Recurrence.from_rfc5545(rule.to_rfc5545())
        assert again == rule
        window_end = start + dt.timedelta(days=800)
        assert again.between(start, window_end) == rule.between(start, window_end)


def test_a_whole_published_year_needs_no_holidays_of_the_next():
    weekly = Recurrence(
        at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.NEXT_WORKDAY
    )
    found = weekly.between(at(2026, 1, 1), at(2027, 1, 1))
    assert found[-1].date() == dt.date(2026, 12, 28)  # Saturday 12-26 moved to Monday
    back = Recurrence(
        at(2026, 1, 3, 9), rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.PREVIOUS_WORKDAY
    )
    # Saturday 01-03 would move to Friday 01-02, before the series starts
    assert back.between(at(2026, 1, 1), at(2026, 12, 1))[0].date() == dt.date(2026, 1, 9)
    # Saturday 2027-01-02 might move back into 2026, and only 2027's notice can say
    with pytest.raises(NotFound):
        back.between(at(2026, 1, 1), at(2027, 1, 1))


def test_a_lunar_series_with_an_end_round_trips_in_any_zone():
    for zone in ("Asia/Shanghai", "America/New_York"):
        start = dt.datetime(2026, 1, 1, 20, tzinfo=ZoneInfo(zone))
        rule = Recurrence(start, lunar_month=8, lunar_day=15, until=dt.date(2030, 9, 12))
        text = rule.to_rfc5545()
        assert "UNTIL=" in text
        assert text.split("UNTIL=")[1].endswith("Z")
        assert Recurrence.from_rfc5545(text) == rule
    with pytest.raises(InvalidInput):
        Recurrence(at(2026, 1, 1), rule="FREQ=DAILY", until=dt.date(2026, 2, 1)).to_rfc5545()
