"""The lunisolar calendar against two independent implementations, and its own rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.calendar import (
    FIRST_DAY,
    LAST_DAY,
    LunarDate,
    SolarTerm,
    leap_month,
    lunar_months,
    month_length,
    solar_term,
    solar_term_on,
    solar_terms,
    to_lunar,
)

from builders import ROOT, script

EVERY_DAY = [
    dt.date(1901, 1, 1) + dt.timedelta(days=n)
    for n in range((dt.date(2099, 12, 31) - dt.date(1901, 1, 1)).days + 1)
]

# Where borax's tables start a month on another day than neighborly (and sxtwl, its
# source).  See docs/calendar.md.
BORAX_MONTHS_DIFFER = {
    dt.date(2057, 9, 28): "the new moon falls at midnight; borax starts the 9th month a day later",
    dt.date(2089, 9, 4): "borax starts the 8th month a day later",
    dt.date(2097, 8, 7): "borax starts the 7th month a day later",
}


def test_every_day_from_1901_to_2099_agrees_with_borax_except_the_documented_months():
    from borax.calendars.lunardate import LunarDate as BoraxDate

    disagreements: set[dt.date] = set()
    for day in EVERY_DAY:
        ours = to_lunar(day)
        theirs = BoraxDate.from_solar(day)
        if (ours.year, ours.month, ours.day, ours.leap) != (
            theirs.year,
            theirs.month,
            theirs.day,
            bool(theirs.leap),
        ):
            disagreements.add(day - dt.timedelta(days=ours.day - 1))  # the month's first day
    assert len(EVERY_DAY) == 72_684
    assert disagreements == set(BORAX_MONTHS_DIFFER)


def test_every_month_agrees_with_lunar_python_except_around_2057_09_28():
    from lunar_python import LunarYear, Solar

    differ = set()
    for year in range(1901, 2100):
        ours = {(m.month, m.leap): m for m in lunar_months(year)}
        theirs = LunarYear.fromYear(year).getMonthsInYear()
        assert len(theirs) == len(ours)
        for month in theirs:
            solar = Solar.fromJulianDay(month.getFirstJulianDay())
            first = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
            key = (abs(month.getMonth()), month.getMonth() < 0)
            if (ours[key].first_day, ours[key].days) != (first, month.getDayCount()):
                differ.add((year, *key))
    # lunar-python ends the 8th month of 2057 a day later and starts the 9th on 09-29
    assert differ == {(2057, 8, False), (2057, 9, False)}
    assert lunar_months(2057)[8].first_day == dt.date(2057, 9, 28)


def test_every_solar_term_from_1901_to_2099_agrees_with_lunar_python():
    from lunar_python import Lunar

    names = {term.label.zh: term for term in SolarTerm}
    expected: dict[tuple[int, SolarTerm], dt.date] = {}
    for year in range(1900, 2101):
        for name, solar in Lunar.fromYmd(year, 6, 1).getJieQiTable().items():
            if name in names:
                expected[solar.getYear(), names[name]] = dt.date(
                    solar.getYear(), solar.getMonth(), solar.getDay()
                )
    for year in range(1901, 2100):
        for term, day in solar_terms(year):
            assert day == expected[year, term], (year, term)


@pytest.mark.slow
def test_the_shipped_tables_are_exactly_what_the_script_makes():
    shipped = (ROOT / "src" / "neighborly" / "_lunar_tables.py").read_text(encoding="utf-8")
    assert script("generate_calendar_tables").module_text() == shipped


def test_every_day_converts_there_and_back():
    for day in EVERY_DAY[::7]:
        assert to_lunar(day).to_date() == day


@pytest.mark.parametrize(
    ("lunar", "gregorian"),
    [
        # FACTS: traditional festivals 2025-2027
        (LunarDate(2024, 12, 8), dt.date(2025, 1, 7)),  # 腊八 2025
        (LunarDate(2025, 12, 8), dt.date(2026, 1, 26)),
        (LunarDate(2026, 12, 8), dt.date(2027, 1, 15)),
        (LunarDate(2025, 1, 15), dt.date(2025, 2, 12)),  # 元宵
        (LunarDate(2026, 2, 2), dt.date(2026, 3, 20)),  # 二月二
        (LunarDate(2026, 7, 7), dt.date(2026, 8, 19)),  # 七夕
        (LunarDate(2025, 9, 9), dt.date(2025, 10, 29)),  # 重阳
        (LunarDate(2026, 9, 9), dt.date(2026, 10, 18)),
        (LunarDate(2027, 9, 9), dt.date(2027, 10, 8)),
        (LunarDate(2025, 1, 1), dt.date(2025, 1, 29)),  # 春节
        (LunarDate(2026, 1, 1), dt.date(2026, 2, 17)),
        (LunarDate(2027, 1, 1), dt.date(2027, 2, 6)),
        (LunarDate(2025, 8, 15), dt.date(2025, 10, 6)),  # 中秋
        (LunarDate(2026, 5, 5), dt.date(2026, 6, 19)),  # 端午
    ],
)
def test_festival_dates_match_the_published_tables(lunar, gregorian):
    assert lunar.to_date() == gregorian
    assert to_lunar(gregorian) == lunar


def test_2025_lunar_year_has_a_leap_sixth_month_and_2026_none():
    assert leap_month(2025) == 6
    assert leap_month(2026) is None
    months = lunar_months(2025)
    assert len(months) == 13
    assert [(m.month, m.leap) for m in months][5:8] == [(6, False), (6, True), (7, False)]
    assert len(lunar_months(2026)) == 12


def test_new_years_eve_2026_is_the_29th_of_the_twelfth_month():
    # the twelfth month of lunar 2025 has 29 days: there is no 腊月三十 that year
    assert month_length(2025, 12) == 29
    assert to_lunar(dt.date(2026, 2, 16)) == LunarDate(2025, 12, 29)
    with pytest.raises(InvalidInput) as excinfo:
        LunarDate(2025, 12, 30)
    assert [p.path for p in excinfo.value.problems] == ["$.day"]


def test_a_leap_month_exists_only_where_the_year_has_one():
    assert LunarDate(2025, 6, 1, leap=True).to_date() == dt.date(2025, 7, 25)
    with pytest.raises(InvalidInput) as excinfo:
        LunarDate(2026, 6, 1, leap=True)
    assert [p.path for p in excinfo.value.problems] == ["$.leap"]
    with pytest.raises(InvalidInput):
        month_length(2025, 5, leap=True)


@pytest.mark.parametrize("day", [FIRST_DAY - dt.timedelta(days=1), LAST_DAY + dt.timedelta(days=1)])
def test_days_outside_the_tables_are_refused_with_the_range(day):
    with pytest.raises(InvalidInput, match="1900-01-31 to 2101-01-28"):
        to_lunar(day)


def test_the_first_and_last_days_of_the_tables_convert():
    assert to_lunar(FIRST_DAY) == LunarDate(1900, 1, 1)
    assert to_lunar(LAST_DAY).year == 2100
    assert to_lunar(LAST_DAY).to_date() == LAST_DAY


@pytest.mark.parametrize(("year", "month"), [(1899, 1), (2101, 1), (2025, 0), (2025, 13)])
def test_lunar_dates_outside_the_tables_or_the_months_are_refused(year, month):
    with pytest.raises(InvalidInput):
        LunarDate(year, month, 1)


def test_solar_terms_used_for_festivals():
    # FACTS: 清明 and 冬至 2025-2027
    assert solar_term(2025, SolarTerm.QINGMING) == dt.date(2025, 4, 4)
    assert solar_term(2026, SolarTerm.QINGMING) == dt.date(2026, 4, 5)
    assert solar_term(2027, SolarTerm.QINGMING) == dt.date(2027, 4, 5)
    assert solar_term(2025, SolarTerm.WINTER_SOLSTICE) == dt.date(2025, 12, 21)
    assert solar_term(2026, SolarTerm.WINTER_SOLSTICE) == dt.date(2026, 12, 22)
    assert solar_term(2027, SolarTerm.WINTER_SOLSTICE) == dt.date(2027, 12, 22)
    assert solar_term_on(dt.date(2026, 4, 5)) is SolarTerm.QINGMING
    assert solar_term_on(dt.date(2026, 4, 6)) is None
    assert [t for t, _ in solar_terms(2026)] == list(SolarTerm)
    assert solar_terms(2026)[0] == (SolarTerm.MINOR_COLD, dt.date(2026, 1, 5))
    with pytest.raises(InvalidInput):
        solar_term(2101, SolarTerm.QINGMING)


def test_labels_in_both_languages():
    assert LunarDate(2025, 6, 1, leap=True).label("zh") == "农历二〇二五年闰六月初一"
    assert LunarDate(2025, 12, 23).label("zh") == "农历二〇二五年腊月廿三"
    assert LunarDate(2025, 11, 20).label("zh") == "农历二〇二五年冬月二十"
    assert LunarDate(2025, 1, 10).label("zh") == "农历二〇二五年正月初十"
    assert LunarDate(2025, 6, 1, leap=True).label("en") == "lunar 2025, leap month 6, day 1"
    assert SolarTerm.QINGMING.label.zh == "清明"


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_conversion_round_trips_for_any_day_in_range(day):
    lunar = to_lunar(day)
    assert lunar.to_date() == day
    assert 1 <= lunar.day <= month_length(lunar.year, lunar.month, leap=lunar.leap)
