"""Festivals on their days, and official holidays exactly as published."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from neighborly import NotFound
from neighborly.calendar import (
    FESTIVAL_RULES,
    HOLIDAY_ARRANGEMENTS,
    Festival,
    FestivalPolicy,
    add_workdays,
    festival_days,
    festivals,
    holiday_arrangement,
    holiday_on,
    is_day_off,
    is_workday,
    next_workday,
)
from neighborly.errors import InvalidInput
from neighborly.recurrence import OnHoliday, Recurrence

# FACTS.md section 9: traditional festivals 2025-2027 (computed with lunar-python)
PUBLISHED = {
    Festival.LABA: ("2025-01-07", "2026-01-26", "2027-01-15"),
    Festival.LITTLE_NEW_YEAR: ("2025-01-22", "2026-02-10", "2027-01-30"),
    Festival.LANTERN: ("2025-02-12", "2026-03-03", "2027-02-20"),
    Festival.LONGTAITOU: ("2025-03-01", "2026-03-20", "2027-03-09"),
    Festival.QIXI: ("2025-08-29", "2026-08-19", "2027-08-08"),
    Festival.ZHONGYUAN: ("2025-09-06", "2026-08-27", "2027-08-16"),
    Festival.DOUBLE_NINTH: ("2025-10-29", "2026-10-18", "2027-10-08"),
    Festival.WINTER_SOLSTICE: ("2025-12-21", "2026-12-22", "2027-12-22"),
    Festival.SPRING_FESTIVAL: ("2025-01-29", "2026-02-17", "2027-02-06"),
    Festival.QINGMING: ("2025-04-04", "2026-04-05", "2027-04-05"),
    Festival.DRAGON_BOAT: ("2025-05-31", "2026-06-19", "2027-06-09"),
    Festival.MID_AUTUMN: ("2025-10-06", "2026-09-25", "2027-09-15"),
}


@pytest.mark.parametrize("festival", sorted(PUBLISHED, key=lambda f: f.value))
def test_festival_days_2025_to_2027_match_the_published_table(festival):
    for year, expected in zip((2025, 2026, 2027), PUBLISHED[festival], strict=True):
        assert festival_days(festival, year) == (dt.date.fromisoformat(expected),)


def test_little_new_year_in_the_south_is_a_policy():
    south = FestivalPolicy(little_new_year_day=24)
    assert [
        festival_days(Festival.LITTLE_NEW_YEAR, y, south)[0].isoformat() for y in (2025, 2026, 2027)
    ] == [
        "2025-01-23",
        "2026-02-11",
        "2027-01-31",
    ]
    with pytest.raises(InvalidInput):
        FestivalPolicy(little_new_year_day=22)


def test_new_years_eve_is_the_day_before_spring_festival_even_without_a_30th():
    assert festival_days(Festival.NEW_YEARS_EVE, 2026) == (dt.date(2026, 2, 16),)  # 腊月廿九
    assert festival_days(Festival.NEW_YEARS_EVE, 2025) == (dt.date(2025, 1, 28),)  # 腊月廿九
    for year in range(1901, 2100):
        (eve,) = festival_days(Festival.NEW_YEARS_EVE, year)
        (spring,) = festival_days(Festival.SPRING_FESTIVAL, year)
        assert spring - eve == dt.timedelta(days=1)


def test_laba_can_fall_twice_in_a_gregorian_year_or_not_at_all():
    assert festival_days(Festival.LABA, 2022) == (dt.date(2022, 1, 10), dt.date(2022, 12, 30))
    assert festival_days(Festival.LABA, 2023) == ()


def test_a_year_lists_every_festival_in_date_order():
    year = festivals(2026)
    assert [day for _, day in year] == sorted(day for _, day in year)
    assert {festival for festival, _ in year} == set(Festival)
    assert year[0] == (Festival.NEW_YEARS_DAY, dt.date(2026, 1, 1))
    assert year[-1] == (Festival.WINTER_SOLSTICE, dt.date(2026, 12, 22))


def test_every_festival_has_names_in_both_languages_and_double_ninth_is_seniors_day():
    for festival, rule in FESTIVAL_RULES.items():
        assert rule.festival is festival
        assert rule.name.en
        assert rule.name.zh
    assert "老年节" in Festival.DOUBLE_NINTH.label.zh
    assert Festival.NEW_YEARS_EVE.rule.note is not None


@pytest.mark.parametrize("year", sorted(HOLIDAY_ARRANGEMENTS))
def test_every_day_of_the_published_years_matches_chinese_calendar(year):
    import chinese_calendar

    day = dt.date(year, 1, 1)
    while day.year == year:
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        assert is_day_off(day) == chinese_calendar.is_holiday(day), day
        day += dt.timedelta(days=1)


def test_the_2026_arrangement_exactly_as_published():
    arrangement = holiday_arrangement(2026)
    assert [(p.name.zh, p.first.isoformat(), p.last.isoformat()) for p in arrangement.periods] == [
        ("元旦", "2026-01-01", "2026-01-03"),
        ("春节", "2026-02-15", "2026-02-23"),
        ("清明节", "2026-04-04", "2026-04-06"),
        ("劳动节", "2026-05-01", "2026-05-05"),
        ("端午节", "2026-06-19", "2026-06-21"),
        ("中秋节", "2026-09-25", "2026-09-27"),
        ("国庆节", "2026-10-01", "2026-10-07"),
    ]
    assert [d.isoformat() for d in arrangement.workdays] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    # the 2026 Spring Festival break starts on 腊月廿八, before New Year's Eve
    assert arrangement.periods[1].first < festival_days(Festival.NEW_YEARS_EVE, 2026)[0]


def test_the_2025_spring_festival_is_eight_days_with_two_weekend_workdays():
    period = holiday_arrangement(2025).periods[1]
    assert (period.last - period.first).days + 1 == 8
    assert is_workday(dt.date(2025, 1, 26))  # Sunday
    assert is_workday(dt.date(2025, 2, 8))  # Saturday
    assert not is_workday(dt.date(2025, 2, 3))  # Monday inside the break


def test_a_year_without_a_published_arrangement_is_not_guessed():
    with pytest.raises(NotFound, match="no holiday arrangement with id '2027'") as excinfo:
        is_workday(dt.date(2027, 3, 1))
    assert isinstance(excinfo.value, LookupError)
    assert "the years 2023-2026 it has" in str(excinfo.value)
    assert set(HOLIDAY_ARRANGEMENTS) == {2023, 2024, 2025, 2026}
    with pytest.raises(NotFound):
        is_workday(dt.date(2022, 12, 30))


def test_the_earlier_years_exactly_as_published():
    # 国办发明电〔2023〕7号: "元旦：1月1日放假，与周末连休"; 春节 2-10 to 2-17, 8 days
    y2024 = holiday_arrangement(2024)
    assert [(p.first.isoformat(), p.last.isoformat()) for p in y2024.periods][:2] == [
        ("2023-12-30", "2024-01-01"),
        ("2024-02-10", "2024-02-17"),
    ]
    assert len(y2024.workdays) == 8
    # 国办发明电〔2022〕16号: Mid-Autumn and National Day together, 9-29 to 10-6
    y2023 = holiday_arrangement(2023)
    assert (y2023.periods[-1].first, y2023.periods[-1].last) == (
        dt.date(2023, 9, 29),
        dt.date(2023, 10, 6),
    )
    assert y2023.periods[2].first == y2023.periods[2].last == dt.date(2023, 4, 5)


def test_a_notice_reaching_back_into_december_is_honoured():
    # the 2024 New Year break began on Saturday 2023-12-30, in the 2024 notice
    period = holiday_on(dt.date(2023, 12, 30))
    assert period is not None
    assert period.name.en == "New Year's Day"
    assert period.last == dt.date(2024, 1, 1)
    assert holiday_on(dt.date(2023, 12, 29)) is None
    assert is_workday(dt.date(2023, 12, 29))
    # a day in late December of the last shipped year follows its own year only
    assert is_workday(dt.date(2026, 12, 31))
    # the 2023 break began on 2022-12-31, but 2022 itself is not shipped
    assert holiday_on(dt.date(2023, 1, 2)) is not None
    with pytest.raises(NotFound):
        holiday_on(dt.date(2022, 12, 31))


def test_skipping_holidays_skips_a_break_that_starts_in_december():
    start = dt.datetime(2023, 12, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    weekly = Recurrence(start, rule="FREQ=WEEKLY;BYDAY=SA", on_holiday=OnHoliday.SKIP_HOLIDAYS)
    days = [m.date() for m in weekly.between(start, start + dt.timedelta(days=36))]
    assert dt.date(2023, 12, 30) not in days
    assert dt.date(2023, 12, 23) in days
    assert dt.date(2024, 1, 6) in days


def test_working_days_skip_holidays_and_count_swapped_weekends():
    assert next_workday(dt.date(2026, 2, 13)) == dt.date(2026, 2, 14)  # Saturday worked
    assert next_workday(dt.date(2026, 2, 14)) == dt.date(2026, 2, 24)  # after the break
    # ten working days after an activity on Friday 2026-02-13: Saturday 02-14, then
    # 02-24 to 02-27, Saturday 02-28 (worked in exchange), and 03-02 to 03-05
    assert add_workdays(dt.date(2026, 2, 13), 10) == dt.date(2026, 3, 5)
    assert add_workdays(dt.date(2026, 2, 15), 0) == dt.date(2026, 2, 24)
    assert add_workdays(dt.date(2026, 3, 2), 0) == dt.date(2026, 3, 2)
    with pytest.raises(InvalidInput):
        add_workdays(dt.date(2026, 3, 2), -1)


def _read_from_the_notices(day: dt.date) -> bool:
    """is_workday as the notices read, arrangement by arrangement: the own year's and,
    for a December day, the next year's (the reference for the precomputed map)."""
    from neighborly.calendar import HOLIDAY_ARRANGEMENTS

    arrangements = [HOLIDAY_ARRANGEMENTS[day.year]]
    if day.month == 12 and day.year + 1 in HOLIDAY_ARRANGEMENTS:
        arrangements.append(HOLIDAY_ARRANGEMENTS[day.year + 1])
    if any(day in a.workdays for a in arrangements):
        return True
    if any(a.is_day_off(day) for a in arrangements):
        return False
    return day.weekday() < 5


def test_every_day_of_every_shipped_year_is_a_workday_exactly_as_the_notices_say():
    from neighborly.calendar import HOLIDAY_ARRANGEMENTS, OFFICIAL_CALENDAR, is_workday

    for year in HOLIDAY_ARRANGEMENTS:
        day = dt.date(year, 1, 1)
        while day.year == year:
            expected = _read_from_the_notices(day)
            assert is_workday(day) is expected, day
            assert OFFICIAL_CALENDAR.is_workday(day, assume_weekdays=True) is expected, day
            day += dt.timedelta(days=1)
