"""What day is what: the Chinese lunisolar calendar and the 24 solar terms.

Conversions run on tables generated from an astronomical library
(``scripts/generate_calendar_tables.py``), so they need no astronomy at run time and
convert about a hundred thousand days a second.  The tables cover lunar years
1900-2100: Gregorian dates from :data:`FIRST_DAY` (lunar 1900-01-01) to
:data:`LAST_DAY` (the last day of lunar 2100).

>>> import datetime as dt
>>> to_lunar(dt.date(2026, 2, 17))
LunarDate(year=2026, month=1, day=1, leap=False)
>>> LunarDate(2025, 6, 1, leap=True).to_date()  # 2025 has a leap sixth month
datetime.date(2025, 7, 25)
>>> LunarDate(2025, 8, 15).label("zh")
'农历二〇二五年八月十五'
>>> solar_term(2026, SolarTerm.WINTER_SOLSTICE)
datetime.date(2026, 12, 22)
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import itertools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from neighborly import _lunar_tables as _tables
from neighborly._checks import (
    BOOL,
    DATE,
    Where,
    checks,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import Conflict, InvalidInput, NotFound, Problem
from neighborly.text import WEEKDAY_NAMES, Lang, Text, check_lang

__all__ = [
    "FESTIVAL_RULES",
    "FIRST_DAY",
    "HOLIDAY_ARRANGEMENTS",
    "LAST_DAY",
    "OFFICIAL_CALENDAR",
    "Festival",
    "FestivalKind",
    "FestivalPolicy",
    "FestivalRule",
    "HolidayArrangement",
    "HolidayCalendar",
    "HolidayPeriod",
    "LunarDate",
    "LunarMonth",
    "SolarTerm",
    "add_workdays",
    "festival_days",
    "festivals",
    "holiday_arrangement",
    "holiday_on",
    "is_day_off",
    "is_workday",
    "leap_month",
    "lunar_months",
    "month_length",
    "next_workday",
    "official_calendar",
    "solar_term",
    "solar_term_on",
    "solar_terms",
    "to_lunar",
]


# --- the tables, unpacked once ------------------------------------------------------------


def _unpack() -> tuple[tuple[int, ...], tuple[tuple[int, int, bool, int], ...]]:
    """Every lunar month of the tables: its first day's ordinal, and (year, month, leap,
    length), in order."""
    starts: list[int] = []
    months: list[tuple[int, int, bool, int]] = []
    for offset, first in enumerate(_tables.NEW_YEAR_ORDINALS):
        year = _tables.FIRST_YEAR + offset
        leap = _tables.LEAP_MONTHS[offset]
        bits = _tables.MONTH_LENGTHS[offset]
        ordinal = first
        order = [(m, False) for m in range(1, 13)]
        if leap:
            order.insert(leap, (leap, True))
        for position, (month, is_leap) in enumerate(order):
            length = 30 if bits >> position & 1 else 29
            starts.append(ordinal)
            months.append((year, month, is_leap, length))
            ordinal += length
    return tuple(starts), tuple(months)


_STARTS, _MONTHS = _unpack()
_INDEX: Mapping[tuple[int, int, bool], int] = MappingProxyType(
    {(y, m, leap): i for i, (y, m, leap, _) in enumerate(_MONTHS)}
)
_END_ORDINAL = _STARTS[-1] + _MONTHS[-1][3] - 1

FIRST_DAY: dt.date = dt.date.fromordinal(_STARTS[0])
"""The first day the tables cover: lunar 1900-01-01 (1900-01-31)."""
LAST_DAY: dt.date = dt.date.fromordinal(_END_ORDINAL)
"""The last day the tables cover: the last day of lunar 2100."""


def _out_of_range(path: str, what: Text, value: object) -> InvalidInput:
    return InvalidInput([Problem(path, what, Text.same(str(value)))])


_RANGE = Text(
    f"a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()} (lunar years "
    f"{_tables.FIRST_YEAR}-{_tables.LAST_YEAR})",
    f"{FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()} 之间的日期（农历 "
    f"{_tables.FIRST_YEAR}-{_tables.LAST_YEAR} 年）",
)


# --- lunar dates -----------------------------------------------------------------------------

_ZH_DIGITS = "〇一二三四五六七八九"
_ZH_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_ZH_TENS = ("初", "十", "廿", "三十")


def _zh_day(day: int) -> str:
    if day == 10:
        return "初十"
    if day == 20:
        return "二十"
    if day == 30:
        return "三十"
    tens, ones = divmod(day, 10)
    return _ZH_TENS[tens] + "一二三四五六七八九"[ones - 1]


def _exists(year: int, month: int, leap: bool, day: int) -> bool:  # noqa: FBT001
    index = _INDEX.get((year, month, leap))
    return index is not None and day <= _MONTHS[index][3]


@attrs.frozen(eq=False, repr=False)
class LunarDate(Model):
    """A day of the Chinese lunisolar calendar: year, month, day, and whether the month
    is a leap month (闰月), which repeats the number of the month before it.

    Only days that exist can be built: ``LunarDate(2025, 6, 1, leap=True)`` is the first
    day of 2025's leap sixth month, while ``LunarDate(2026, 6, 1, leap=True)`` raises,
    2026 having no leap month, and so does the 30th of a 29-day month.
    """

    year: int
    month: int
    day: int
    leap: bool = False

    __attrs_post_init__ = checks(
        year=int_range(_tables.FIRST_YEAR, _tables.LAST_YEAR),
        month=int_range(1, 12),
        day=int_range(1, 30),
        leap=BOOL,
        where=(
            Where(
                "_exists(self.year, self.month, self.leap, 1)",
                "$.leap",
                Text(
                    "a leap month only in a year whose leap month has that number",
                    "仅当该年闰该月时才可为闰月",
                ),
                {"_exists": _exists},
                shows="leap",
            ),
            Where(
                "not _exists(self.year, self.month, self.leap, 1)"
                " or _exists(self.year, self.month, self.leap, self.day)",
                "$.day",
                Text(
                    "a day that the month has (29 or 30 days)",
                    "该月实有的日子（小月 29 天，大月 30 天）",
                ),
                {"_exists": _exists},
                shows="day",
            ),
        ),
    )

    def to_date(self) -> dt.date:
        """The Gregorian date of this lunar day."""
        index = _INDEX[self.year, self.month, self.leap]
        return dt.date.fromordinal(_STARTS[index] + self.day - 1)

    @classmethod
    def from_date(cls, day: dt.date) -> LunarDate:
        """The lunar date of a Gregorian date (see :func:`to_lunar`)."""
        return to_lunar(day)

    def label(self, lang: Lang = "en") -> str:
        """The date as people write it: ``农历二〇二五年闰六月初一`` or
        ``lunar 2025, leap month 6, day 1``."""
        if check_lang(lang) == "zh":
            year = "".join(_ZH_DIGITS[int(d)] for d in str(self.year))
            leap = "闰" if self.leap else ""
            return f"农历{year}年{leap}{_ZH_MONTHS[self.month - 1]}月{_zh_day(self.day)}"
        leap = "leap " if self.leap else ""
        return f"lunar {self.year}, {leap}month {self.month}, day {self.day}"


def to_lunar(day: dt.date) -> LunarDate:
    """The lunar date of a Gregorian date.

    A ``datetime`` is taken by its date, as it reads in its own zone; convert it to
    China Standard Time first if it is in another.  Raises
    :class:`~neighborly.errors.InvalidInput` outside :data:`FIRST_DAY`-:data:`LAST_DAY`.
    """
    if not isinstance(day, dt.date):
        raise _out_of_range("$", _RANGE, day)
    ordinal = day.toordinal()
    if not _STARTS[0] <= ordinal <= _END_ORDINAL:
        raise _out_of_range("$", _RANGE, day.isoformat())
    index = bisect.bisect_right(_STARTS, ordinal) - 1
    year, month, leap, _ = _MONTHS[index]
    return LunarDate(year, month, ordinal - _STARTS[index] + 1, leap)


@attrs.frozen(eq=False, repr=False)
class LunarMonth(Model):
    """One month of a lunar year: its number, whether it is a leap month, its first
    Gregorian day and its length (29 or 30 days)."""

    year: int
    month: int
    leap: bool
    first_day: dt.date
    days: int

    __attrs_post_init__ = checks(
        year=int_range(_tables.FIRST_YEAR, _tables.LAST_YEAR),
        month=int_range(1, 12),
        leap=BOOL,
        first_day=DATE,
        days=int_range(29, 30),
    )

    @property
    def last_day(self) -> dt.date:
        """The month's last Gregorian day."""
        return self.first_day + dt.timedelta(days=self.days - 1)


def _year_in_range(year: int) -> None:
    if type(year) is not int or not _tables.FIRST_YEAR <= year <= _tables.LAST_YEAR:
        raise _out_of_range(
            "$",
            Text(
                f"a lunar year from {_tables.FIRST_YEAR} to {_tables.LAST_YEAR}",
                f"{_tables.FIRST_YEAR} 至 {_tables.LAST_YEAR} 之间的农历年",
            ),
            year,
        )


def lunar_months(year: int) -> tuple[LunarMonth, ...]:
    """The 12 or 13 months of a lunar year, in order (a leap month after its namesake)."""
    _year_in_range(year)
    first = _INDEX[year, 1, False]
    found = []
    for index in range(first, len(_MONTHS)):
        y, month, leap, length = _MONTHS[index]
        if y != year:
            break
        found.append(LunarMonth(y, month, leap, dt.date.fromordinal(_STARTS[index]), length))
    return tuple(found)


def leap_month(year: int) -> int | None:
    """The number of the lunar year's leap month, or None when it has none."""
    _year_in_range(year)
    return _tables.LEAP_MONTHS[year - _tables.FIRST_YEAR] or None


def month_length(year: int, month: int, *, leap: bool = False) -> int:
    """How many days (29 or 30) a lunar month has."""
    LunarDate(year, month, 1, leap)  # raises InvalidInput for a month that does not exist
    return _MONTHS[_INDEX[year, month, leap]][3]


# --- solar terms -----------------------------------------------------------------------------


class SolarTerm(str, enum.Enum):
    """The 24 solar terms (二十四节气), in the order they fall in a Gregorian year."""

    MINOR_COLD = "minor_cold"
    MAJOR_COLD = "major_cold"
    START_OF_SPRING = "start_of_spring"
    RAIN_WATER = "rain_water"
    AWAKENING_OF_INSECTS = "awakening_of_insects"
    SPRING_EQUINOX = "spring_equinox"
    QINGMING = "qingming"
    GRAIN_RAIN = "grain_rain"
    START_OF_SUMMER = "start_of_summer"
    GRAIN_BUDS = "grain_buds"
    GRAIN_IN_EAR = "grain_in_ear"
    SUMMER_SOLSTICE = "summer_solstice"
    MINOR_HEAT = "minor_heat"
    MAJOR_HEAT = "major_heat"
    START_OF_AUTUMN = "start_of_autumn"
    END_OF_HEAT = "end_of_heat"
    WHITE_DEW = "white_dew"
    AUTUMN_EQUINOX = "autumn_equinox"
    COLD_DEW = "cold_dew"
    FROST_DESCENT = "frost_descent"
    START_OF_WINTER = "start_of_winter"
    MINOR_SNOW = "minor_snow"
    MAJOR_SNOW = "major_snow"
    WINTER_SOLSTICE = "winter_solstice"

    @property
    def label(self) -> Text:
        """The term's name in English and Chinese."""
        return _TERM_LABELS[self]


_TERM_ZH = (
    "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至",
    "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
)  # fmt: skip
_TERM_EN = (
    "Minor Cold", "Major Cold", "Start of Spring", "Rain Water", "Awakening of Insects",
    "Spring Equinox", "Qingming (Pure Brightness)", "Grain Rain", "Start of Summer",
    "Grain Buds", "Grain in Ear", "Summer Solstice", "Minor Heat", "Major Heat",
    "Start of Autumn", "End of Heat", "White Dew", "Autumn Equinox", "Cold Dew",
    "Frost's Descent", "Start of Winter", "Minor Snow", "Major Snow", "Winter Solstice",
)  # fmt: skip
_TERMS = tuple(SolarTerm)
_TERM_LABELS: Mapping[SolarTerm, Text] = MappingProxyType(
    {term: Text(en, zh) for term, en, zh in zip(_TERMS, _TERM_EN, _TERM_ZH, strict=True)}
)


def _solar_year_in_range(year: int) -> None:
    first, last = _tables.FIRST_YEAR, _tables.FIRST_YEAR + len(_tables.SOLAR_TERM_DAYS) - 1
    if type(year) is not int or not first <= year <= last:
        raise _out_of_range(
            "$",
            Text(f"a year from {first} to {last}", f"{first} 至 {last} 之间的年份"),
            year,
        )


def solar_term(year: int, term: SolarTerm) -> dt.date:
    """The day (China Standard Time) of one solar term in a Gregorian year."""
    _solar_year_in_range(year)
    position = _TERMS.index(term)
    digits = _tables.SOLAR_TERM_DAYS[year - _tables.FIRST_YEAR]
    return dt.date(year, position // 2 + 1, int(digits[2 * position : 2 * position + 2]))


def solar_terms(year: int) -> tuple[tuple[SolarTerm, dt.date], ...]:
    """All 24 solar terms of a Gregorian year with their days, from Minor Cold to the
    Winter Solstice."""
    return tuple((term, solar_term(year, term)) for term in _TERMS)


def solar_term_on(day: dt.date) -> SolarTerm | None:
    """The solar term that falls on ``day``, if any."""
    _solar_year_in_range(day.year)
    for position in (2 * (day.month - 1), 2 * (day.month - 1) + 1):
        if solar_term(day.year, _TERMS[position]) == day:
            return _TERMS[position]
    return None


# --- festivals and commemorations ------------------------------------------------------------


class Festival(str, enum.Enum):
    """Traditional festivals and commemorations communities plan around (stable keys)."""

    NEW_YEARS_DAY = "new_years_day"
    LABA = "laba"
    LITTLE_NEW_YEAR = "little_new_year"
    NEW_YEARS_EVE = "new_years_eve"
    SPRING_FESTIVAL = "spring_festival"
    LANTERN = "lantern"
    LONGTAITOU = "longtaitou"
    LEI_FENG_DAY = "lei_feng_day"
    WOMENS_DAY = "womens_day"
    QINGMING = "qingming"
    LABOUR_DAY = "labour_day"
    YOUTH_DAY = "youth_day"
    CHILDRENS_DAY = "childrens_day"
    DRAGON_BOAT = "dragon_boat"
    PARTY_FOUNDING_DAY = "party_founding_day"
    ARMY_DAY = "army_day"
    QIXI = "qixi"
    ZHONGYUAN = "zhongyuan"
    TEACHERS_DAY = "teachers_day"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"
    DOUBLE_NINTH = "double_ninth"
    VOLUNTEER_DAY = "volunteer_day"
    WINTER_SOLSTICE = "winter_solstice"

    @property
    def rule(self) -> FestivalRule:
        """How the festival's day is found, its names and its notes."""
        return FESTIVAL_RULES[self]

    @property
    def label(self) -> Text:
        """The festival's name in English and Chinese."""
        return FESTIVAL_RULES[self].name


class FestivalKind(str, enum.Enum):
    """How a festival's day is found."""

    GREGORIAN = "gregorian"  # a fixed Gregorian month and day
    LUNAR = "lunar"  # a fixed lunar month and day (never in a leap month)
    EVE = "eve"  # the day before lunar 1-1, whether the 12th month has 29 or 30 days
    SOLAR_TERM = "solar_term"  # the day of a solar term


@attrs.frozen(eq=False, repr=False)
class FestivalRule(Model):
    """How to find a festival's day each year, with its names and notes."""

    festival: Festival
    kind: FestivalKind
    name: Text
    month: int = 0
    day: int = 0
    term: SolarTerm | None = None
    note: Text | None = None

    __attrs_post_init__ = checks(
        festival=is_enum(Festival),
        kind=is_enum(FestivalKind),
        name=of_type(Text),
        month=int_range(0, 12),
        day=int_range(0, 30),
        term=opt(is_enum(SolarTerm)),
        note=opt(of_type(Text)),
    )


def _rule(  # noqa: PLR0917 - each call reads as one row of the festival table
    festival: Festival,
    kind: FestivalKind,
    en: str,
    zh: str,
    month: int = 0,
    day: int = 0,
    term: SolarTerm | None = None,
    note: Text | None = None,
) -> FestivalRule:
    return FestivalRule(festival, kind, Text(en, zh), month, day, term, note)


_G, _L = FestivalKind.GREGORIAN, FestivalKind.LUNAR
FESTIVAL_RULES: Mapping[Festival, FestivalRule] = MappingProxyType(
    {
        rule.festival: rule
        for rule in (
            _rule(Festival.NEW_YEARS_DAY, _G, "New Year's Day", "元旦", 1, 1),
            _rule(Festival.LABA, _L, "Laba Festival", "腊八节", 12, 8),
            _rule(
                Festival.LITTLE_NEW_YEAR,
                _L,
                "Little New Year",
                "小年",
                12,
                23,
                note=Text(
                    "lunar 12-23 in the north, 12-24 in much of the south: a policy choice",
                    "北方腊月廿三，南方多为腊月廿四：由政策选择",
                ),
            ),
            _rule(
                Festival.NEW_YEARS_EVE,
                FestivalKind.EVE,
                "New Year's Eve",
                "除夕",
                note=Text(
                    "the day before lunar 1-1: lunar 12-29 when the 12th month has 29 days",
                    "正月初一的前一天：腊月只有 29 天时为腊月廿九",
                ),
            ),
            _rule(Festival.SPRING_FESTIVAL, _L, "Spring Festival", "春节", 1, 1),
            _rule(Festival.LANTERN, _L, "Lantern Festival", "元宵节", 1, 15),
            _rule(Festival.LONGTAITOU, _L, "Longtaitou (Dragon Raises its Head)", "龙抬头", 2, 2),
            _rule(Festival.LEI_FENG_DAY, _G, "Lei Feng Day", "学雷锋纪念日", 3, 5),
            _rule(
                Festival.WOMENS_DAY,
                _G,
                "International Women's Day",
                "妇女节",
                3,
                8,
                note=Text("a half day off for women", "妇女放假半天"),
            ),
            _rule(
                Festival.QINGMING,
                FestivalKind.SOLAR_TERM,
                "Qingming",
                "清明节",
                term=SolarTerm.QINGMING,
            ),
            _rule(Festival.LABOUR_DAY, _G, "Labour Day", "劳动节", 5, 1),
            _rule(
                Festival.YOUTH_DAY,
                _G,
                "Youth Day",
                "青年节",
                5,
                4,
                note=Text("a half day off for young people from 14", "14 周岁以上青年放假半天"),
            ),
            _rule(
                Festival.CHILDRENS_DAY,
                _G,
                "Children's Day",
                "儿童节",
                6,
                1,
                note=Text("a day off for children under 14", "不满 14 周岁的少年儿童放假 1 天"),
            ),
            _rule(Festival.DRAGON_BOAT, _L, "Dragon Boat Festival", "端午节", 5, 5),
            _rule(Festival.PARTY_FOUNDING_DAY, _G, "Party Founding Day", "建党节", 7, 1),
            _rule(
                Festival.ARMY_DAY,
                _G,
                "Army Day",
                "建军节",
                8,
                1,
                note=Text("a half day off for active service members", "现役军人放假半天"),
            ),
            _rule(Festival.QIXI, _L, "Qixi Festival", "七夕", 7, 7),
            _rule(Festival.ZHONGYUAN, _L, "Zhongyuan Festival", "中元节", 7, 15),
            _rule(Festival.TEACHERS_DAY, _G, "Teachers' Day", "教师节", 9, 10),
            _rule(Festival.MID_AUTUMN, _L, "Mid-Autumn Festival", "中秋节", 8, 15),
            _rule(Festival.NATIONAL_DAY, _G, "National Day", "国庆节", 10, 1),
            _rule(
                Festival.DOUBLE_NINTH,
                _L,
                "Double Ninth Festival (Seniors' Day)",
                "重阳节（老年节）",
                9,
                9,
                note=Text(
                    "also the statutory Seniors' Day (Law on the Protection of the Rights "
                    "and Interests of the Elderly, Art. 12)",
                    "亦为法定老年节（《老年人权益保障法》第十二条）",
                ),
            ),
            _rule(Festival.VOLUNTEER_DAY, _G, "International Volunteer Day", "国际志愿者日", 12, 5),
            _rule(
                Festival.WINTER_SOLSTICE,
                FestivalKind.SOLAR_TERM,
                "Winter Solstice",
                "冬至",
                term=SolarTerm.WINTER_SOLSTICE,
            ),
        )
    }
)


@attrs.frozen(eq=False, repr=False)
class FestivalPolicy(Model):
    """Local choices about festival days: which day is Little New Year (北方 12-23 or
    南方 12-24)."""

    little_new_year_day: int = 23

    __attrs_post_init__ = checks(little_new_year_day=int_range(23, 25))


def festival_days(
    festival: Festival, year: int, policy: FestivalPolicy | None = None
) -> tuple[dt.date, ...]:
    """The days a festival falls on in a Gregorian year, in order.

    Usually one day; a lunar festival late in the lunar year can fall twice in one
    Gregorian year or not at all (Laba, lunar 12-8, fell on 2022-01-10 and again on
    2022-12-30, and not in 2023).
    """
    policy = policy if policy is not None else FestivalPolicy()
    _solar_year_in_range(year)
    rule = FESTIVAL_RULES[festival]
    if rule.kind is FestivalKind.GREGORIAN:
        return (dt.date(year, rule.month, rule.day),)
    if rule.kind is FestivalKind.SOLAR_TERM:
        assert rule.term is not None  # noqa: S101 - every solar-term rule names its term
        return (solar_term(year, rule.term),)
    found: list[dt.date] = []
    for lunar_year in (year - 1, year):
        if not _tables.FIRST_YEAR <= lunar_year <= _tables.LAST_YEAR - 1:
            continue
        if rule.kind is FestivalKind.EVE:
            day = LunarDate(lunar_year + 1, 1, 1).to_date() - dt.timedelta(days=1)
        else:
            lunar_day = (
                policy.little_new_year_day if festival is Festival.LITTLE_NEW_YEAR else rule.day
            )
            day = LunarDate(lunar_year, rule.month, lunar_day).to_date()
        if day.year == year:
            found.append(day)
    return tuple(found)


def festivals(
    year: int, policy: FestivalPolicy | None = None
) -> tuple[tuple[Festival, dt.date], ...]:
    """Every festival and commemoration of a Gregorian year with its day, by date."""
    return tuple(
        sorted(
            (
                (festival, day)
                for festival in Festival
                for day in festival_days(festival, year, policy)
            ),
            key=lambda pair: (pair[1], list(Festival).index(pair[0])),
        )
    )


# --- official public holidays ----------------------------------------------------------------

_DAY = dt.timedelta(days=1)


@attrs.frozen(eq=False, repr=False)
class HolidayPeriod(Model):
    """A run of consecutive days off for one holiday, first and last day included."""

    name: Text
    first: dt.date
    last: dt.date

    __attrs_post_init__ = checks(
        name=of_type(Text),
        first=DATE,
        last=DATE,
        where=(
            Where(
                "self.first <= self.last",
                "$.last",
                Text("a day no earlier than first", "不早于 first 的日期"),
                shows="last",
            ),
        ),
    )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@attrs.frozen(eq=False, repr=False)
class HolidayArrangement(Model):
    """One year's official public holidays as the State Council General Office published
    them: the days off and the weekend days worked instead (调休上班)."""

    year: int
    periods: tuple[HolidayPeriod, ...]
    workdays: tuple[dt.date, ...]
    source: Text

    __attrs_post_init__ = checks(
        year=int_range(1949, 2100),  # its days are dates, which end in 2100
        periods=tuple_of(HolidayPeriod),
        workdays=tuple_of(dt.date, Text("date", "日期")),
        source=of_type(Text),
        then=lambda self: _arrangement_problems(self),  # noqa: PLW0108 - defined below
    )

    def is_day_off(self, day: dt.date) -> bool:
        """Whether ``day`` falls in one of the year's holiday periods."""
        return any(day in period for period in self.periods)


def _arrangement_problems(arrangement: HolidayArrangement) -> list[Problem]:
    """What a notice cannot say: a day outside its year (or the December before), two
    holidays overlapping, a day worked in exchange that is a weekday, inside a
    holiday, or listed twice."""
    year, problems = arrangement.year, []
    lowest, highest = dt.date(year - 1, 12, 1), dt.date(year, 12, 31)
    within = Text(
        f"a day from {lowest} to {highest} (the year, or the December before)",
        f"{lowest} 至 {highest} 之间的日期（当年或上一年十二月）",
    )
    for i, period in enumerate(arrangement.periods):
        for field, day in (("first", period.first), ("last", period.last)):
            if not lowest <= day <= highest:
                problems.append(Problem(f"$.periods[{i}].{field}", within, Text.same(str(day))))
    ordered = sorted(enumerate(arrangement.periods), key=lambda pair: pair[1].first)
    for (_, before), (i, period) in itertools.pairwise(ordered):
        if period.first <= before.last:
            problems.append(
                Problem(
                    f"$.periods[{i}].first",
                    Text(
                        f"a day after {before.name.en} ends ({before.last}): holidays do not overlap",
                        f"{before.name.zh}结束（{before.last}）之后的日期：假期不能重叠",
                    ),
                    Text.same(str(period.first)),
                )
            )
    seen: set[dt.date] = set()
    for i, day in enumerate(arrangement.workdays):
        path, shown = (
            f"$.workdays[{i}]",
            Text(
                f"{day} ({WEEKDAY_NAMES['en'][day.weekday()]})",
                f"{day}（{WEEKDAY_NAMES['zh'][day.weekday()]}）",
            ),
        )
        if not lowest <= day <= highest:
            problems.append(Problem(path, within, Text.same(str(day))))
        elif day.weekday() < 5:
            problems.append(
                Problem(
                    path,
                    Text(
                        "a Saturday or Sunday: a day worked in exchange is a weekend day",
                        "周六或周日：调休上班日是周末",
                    ),
                    shown,
                )
            )
        elif arrangement.is_day_off(day):
            problems.append(
                Problem(
                    path,
                    Text("a day outside every holiday", "不在任何假期内的日期"),
                    Text.same(str(day)),
                )
            )
        elif day in seen:
            problems.append(
                Problem(
                    path,
                    Text("a day not listed before", "此前未列出的日期"),
                    Text(f"{day}, listed twice", f"{day}，重复列出"),
                )
            )
        seen.add(day)
    return problems


def _period(
    en: str, zh: str, first: tuple[int, int, int], last: tuple[int, int, int]
) -> HolidayPeriod:
    return HolidayPeriod(Text(en, zh), dt.date(*first), dt.date(*last))


HOLIDAY_ARRANGEMENTS: Mapping[int, HolidayArrangement] = MappingProxyType(
    {
        2023: HolidayArrangement(
            2023,
            (
                _period("New Year's Day", "元旦", (2022, 12, 31), (2023, 1, 2)),
                _period("Spring Festival", "春节", (2023, 1, 21), (2023, 1, 27)),
                _period("Qingming", "清明节", (2023, 4, 5), (2023, 4, 5)),
                _period("Labour Day", "劳动节", (2023, 4, 29), (2023, 5, 3)),
                _period("Dragon Boat Festival", "端午节", (2023, 6, 22), (2023, 6, 24)),
                _period(
                    "Mid-Autumn and National Day", "中秋节、国庆节", (2023, 9, 29), (2023, 10, 6)
                ),
            ),
            (
                dt.date(2023, 1, 28),
                dt.date(2023, 1, 29),
                dt.date(2023, 4, 23),
                dt.date(2023, 5, 6),
                dt.date(2023, 6, 25),
                dt.date(2023, 10, 7),
                dt.date(2023, 10, 8),
            ),
            Text(
                "State Council General Office notice on the 2023 holiday arrangements "
                "(国办发明电〔2022〕16号, 2022-12-08)",
                "《国务院办公厅关于2023年部分节假日安排的通知》（国办发明电〔2022〕16号）",
            ),
        ),
        2024: HolidayArrangement(
            2024,
            (
                # "1月1日放假，与周末连休": the run of days off starts on Saturday 12-30
                _period("New Year's Day", "元旦", (2023, 12, 30), (2024, 1, 1)),
                _period("Spring Festival", "春节", (2024, 2, 10), (2024, 2, 17)),
                _period("Qingming", "清明节", (2024, 4, 4), (2024, 4, 6)),
                _period("Labour Day", "劳动节", (2024, 5, 1), (2024, 5, 5)),
                # "6月10日放假，与周末连休"
                _period("Dragon Boat Festival", "端午节", (2024, 6, 8), (2024, 6, 10)),
                _period("Mid-Autumn Festival", "中秋节", (2024, 9, 15), (2024, 9, 17)),
                _period("National Day", "国庆节", (2024, 10, 1), (2024, 10, 7)),
            ),
            (
                dt.date(2024, 2, 4),
                dt.date(2024, 2, 18),
                dt.date(2024, 4, 7),
                dt.date(2024, 4, 28),
                dt.date(2024, 5, 11),
                dt.date(2024, 9, 14),
                dt.date(2024, 9, 29),
                dt.date(2024, 10, 12),
            ),
            Text(
                "State Council General Office notice on the 2024 holiday arrangements "
                "(国办发明电〔2023〕7号, 2023-10-25)",
                "《国务院办公厅关于2024年部分节假日安排的通知》（国办发明电〔2023〕7号）",
            ),
        ),
        2025: HolidayArrangement(
            2025,
            (
                _period("New Year's Day", "元旦", (2025, 1, 1), (2025, 1, 1)),
                _period("Spring Festival", "春节", (2025, 1, 28), (2025, 2, 4)),
                _period("Qingming", "清明节", (2025, 4, 4), (2025, 4, 6)),
                _period("Labour Day", "劳动节", (2025, 5, 1), (2025, 5, 5)),
                _period("Dragon Boat Festival", "端午节", (2025, 5, 31), (2025, 6, 2)),
                _period(
                    "National Day and Mid-Autumn", "国庆节、中秋节", (2025, 10, 1), (2025, 10, 8)
                ),
            ),
            (
                dt.date(2025, 1, 26),
                dt.date(2025, 2, 8),
                dt.date(2025, 4, 27),
                dt.date(2025, 9, 28),
                dt.date(2025, 10, 11),
            ),
            Text(
                "State Council General Office notice on the 2025 holiday arrangements "
                "(国办发明电〔2024〕12号, 2024-11-12)",
                "《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）",
            ),
        ),
        2026: HolidayArrangement(
            2026,
            (
                _period("New Year's Day", "元旦", (2026, 1, 1), (2026, 1, 3)),
                _period("Spring Festival", "春节", (2026, 2, 15), (2026, 2, 23)),
                _period("Qingming", "清明节", (2026, 4, 4), (2026, 4, 6)),
                _period("Labour Day", "劳动节", (2026, 5, 1), (2026, 5, 5)),
                _period("Dragon Boat Festival", "端午节", (2026, 6, 19), (2026, 6, 21)),
                _period("Mid-Autumn Festival", "中秋节", (2026, 9, 25), (2026, 9, 27)),
                _period("National Day", "国庆节", (2026, 10, 1), (2026, 10, 7)),
            ),
            (
                dt.date(2026, 1, 4),
                dt.date(2026, 2, 14),
                dt.date(2026, 2, 28),
                dt.date(2026, 5, 9),
                dt.date(2026, 9, 20),
                dt.date(2026, 10, 10),
            ),
            Text(
                "State Council General Office notice on the 2026 holiday arrangements (2025-11-04)",
                "《国务院办公厅关于2026年部分节假日安排的通知》（2025年11月4日）",
            ),
        ),
    }
)


@attrs.frozen(eq=False, repr=False)
class HolidayCalendar(Model):
    """Official holiday arrangements by year: the ones neighborly ships
    (:data:`OFFICIAL_CALENDAR`) and any a user adds for a year it lacks.

    Every function that counts working days takes one (``calendar=``; the shipped
    years when not given).  For a day in a year the calendar lacks, it raises
    :class:`~neighborly.errors.NotFound` naming the years it has, unless the caller
    asks to ``assume_weekdays`` (Monday to Friday), and then says so: nothing is
    guessed silently.  A file of arrangements has the shape this class dumps to
    (``{"arrangements": [...]}``, JSON or TOML) and is checked as strictly as the
    shipped tables: no year twice, no overlapping holidays, a swapped working day
    always a Saturday or Sunday outside every holiday.

    >>> cal = OFFICIAL_CALENDAR
    >>> cal.is_workday(dt.date(2026, 2, 14))  # a Saturday worked for the Spring Festival
    True
    >>> cal.years[-1]
    2026
    """

    arrangements: tuple[HolidayArrangement, ...]

    __attrs_post_init__ = checks(
        arrangements=tuple_of(HolidayArrangement),
        then=lambda self: _one_year_each(self.arrangements),
    )

    @functools.cached_property
    def _by_year(self) -> Mapping[int, HolidayArrangement]:
        return MappingProxyType({a.year: a for a in self.arrangements})

    @functools.cached_property
    def _special(self) -> Mapping[dt.date, bool]:
        return MappingProxyType(_special_days(self.arrangements))

    @property
    def years(self) -> tuple[int, ...]:
        """The years it has, in order."""
        return tuple(sorted(self._by_year))

    def arrangement(self, year: int) -> HolidayArrangement:
        """The arrangement of ``year``; :class:`~neighborly.errors.NotFound` naming the
        years it has when it lacks it (the days off of a year are decided by notice
        each year and are never guessed)."""
        found = self._by_year.get(year)
        if found is None:
            raise NotFound("holiday arrangement", str(year), self.where())
        return found

    def where(self) -> str:
        """The years it has, as words for a message."""
        years = self.years
        if not years:
            return "a calendar with no years (add the year's official arrangement)"
        return (
            f"the years {years[0]}-{years[-1]} it has (add the year's official"
            " arrangement, or assume weekdays)"
            if years == tuple(range(years[0], years[-1] + 1))
            else f"the years {', '.join(map(str, years))} it has"
        )

    def covers(self, day: dt.date) -> bool:
        """Whether it has ``day``'s year."""
        return day.year in self._by_year

    def with_arrangements(self, arrangements: Iterable[HolidayArrangement]) -> HolidayCalendar:
        """This calendar and ``arrangements`` (a user's years) together;
        :class:`~neighborly.errors.Conflict` for a year it has already, so a year is
        never given twice."""
        added = tuple(arrangements)
        for arrangement in added:
            if arrangement.year in self._by_year:
                raise Conflict(
                    "holiday arrangement", str(arrangement.year), "this calendar has that year"
                )
        return HolidayCalendar(self.arrangements + added)

    def is_workday(self, day: dt.date, *, assume_weekdays: bool = False) -> bool:
        """Whether ``day`` is a working day: a weekday not in a holiday, or a weekend
        day worked in exchange (调休上班).  December days also follow the next year's
        notice when the calendar has it.  For a year it lacks: NotFound, or Monday to
        Friday with ``assume_weekdays``."""
        if day.year not in self._by_year:
            if assume_weekdays:
                return day.weekday() < 5
            self.arrangement(day.year)  # raises NotFound naming the years it has
        special = self._special.get(day)
        return day.weekday() < 5 if special is None else special

    def holiday_on(self, day: dt.date) -> HolidayPeriod | None:
        """The holiday period ``day`` falls in, or None (NotFound for a year it lacks).

        A notice can reach back into the December before its year (the 2023 New Year
        break began on 2022-12-31), so a December day is also looked up in the next
        year's arrangement when the calendar has it."""
        own = self.arrangement(day.year)
        following = self._by_year.get(day.year + 1) if day.month == 12 else None
        for arrangement in (own,) if following is None else (own, following):
            for period in arrangement.periods:
                if day in period:
                    return period
        return None

    def next_workday(self, day: dt.date, *, assume_weekdays: bool = False) -> dt.date:
        """The first working day after ``day``."""
        following = day + dt.timedelta(days=1)
        while not self.is_workday(following, assume_weekdays=assume_weekdays):
            following += dt.timedelta(days=1)
        return following

    def add_workdays(self, day: dt.date, count: int, *, assume_weekdays: bool = False) -> dt.date:
        """The working day ``count`` working days after ``day`` (``count`` >= 0; with 0,
        ``day`` itself if it is a working day, else the next one)."""
        if type(count) is not int or count < 0:
            raise InvalidInput(
                [
                    Problem(
                        "$.count",
                        Text("a whole number, 0 or more", "大于等于 0 的整数"),
                        Text.same(str(count)),
                    )
                ]
            )
        current = (
            day
            if self.is_workday(day, assume_weekdays=assume_weekdays)
            else self.next_workday(day, assume_weekdays=assume_weekdays)
        )
        for _ in range(count):
            current = self.next_workday(current, assume_weekdays=assume_weekdays)
        return current

    @functools.cached_property
    def longest_break(self) -> int:
        """The most consecutive days off it holds (a holiday with the weekend days
        around it; 2, a weekend, when it has no holidays): how far a day moved to
        the next or previous working day can move."""
        longest = 2
        for arrangement in self.arrangements:
            for period in arrangement.periods:
                first, last = period.first, period.last
                while self.covers(first - _DAY) and not self.is_workday(first - _DAY):
                    first -= _DAY
                while self.covers(last + _DAY) and not self.is_workday(last + _DAY):
                    last += _DAY
                longest = max(longest, (last - first).days + 1)
        return longest

    def assumed(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` it lacks: where a count with
        ``assume_weekdays`` took Monday to Friday."""
        return tuple(y for y in range(first.year, last.year + 1) if y not in self._by_year)


def _one_year_each(arrangements: tuple[HolidayArrangement, ...]) -> list[Problem]:
    seen: set[int] = set()
    problems = []
    for i, arrangement in enumerate(arrangements):
        if arrangement.year in seen:
            problems.append(
                Problem(
                    f"$.arrangements[{i}].year",
                    Text("a year not given before", "此前未出现的年份"),
                    Text(f"{arrangement.year}, given twice", f"{arrangement.year}，重复出现"),
                )
            )
        seen.add(arrangement.year)
    return problems


OFFICIAL_CALENDAR = HolidayCalendar(tuple(HOLIDAY_ARRANGEMENTS.values()))
"""The official arrangements neighborly ships (:data:`HOLIDAY_ARRANGEMENTS`)."""


def official_calendar(
    added: Iterable[HolidayArrangement] | HolidayCalendar = (),
) -> HolidayCalendar:
    """The shipped years with a user's ``added`` (arrangements, or a calendar read
    from a file: ``load(path, HolidayCalendar)``); Conflict for a year shipped."""
    extra = added.arrangements if isinstance(added, HolidayCalendar) else tuple(added)
    return OFFICIAL_CALENDAR.with_arrangements(extra) if extra else OFFICIAL_CALENDAR


def holiday_arrangement(year: int, calendar: HolidayCalendar | None = None) -> HolidayArrangement:
    """The published holiday arrangement of ``year`` (see
    :meth:`HolidayCalendar.arrangement`)."""
    return (calendar or OFFICIAL_CALENDAR).arrangement(year)


def is_day_off(day: dt.date, calendar: HolidayCalendar | None = None) -> bool:
    """Whether ``day`` is a rest day under the year's official arrangement: a holiday,
    or a weekend that is not a day worked in exchange (调休上班)."""
    return not (calendar or OFFICIAL_CALENDAR).is_workday(day)


def holiday_on(day: dt.date, calendar: HolidayCalendar | None = None) -> HolidayPeriod | None:
    """The official holiday period ``day`` falls in, or None (see
    :meth:`HolidayCalendar.holiday_on`)."""
    return (calendar or OFFICIAL_CALENDAR).holiday_on(day)


def _special_days(arrangements: Iterable[HolidayArrangement]) -> dict[dt.date, bool]:
    """Every day the arrangements make other than its weekday says: False for a day
    off, True for a weekend day worked (a worked day wins over a day off, as the
    notices read).  An arrangement's days lie in its year or the December before, so
    one map by date answers for every year."""
    arrangements = tuple(arrangements)
    special: dict[dt.date, bool] = {}
    for arrangement in arrangements:
        for period in arrangement.periods:
            for offset in range((period.last - period.first).days + 1):
                special.setdefault(period.first + dt.timedelta(days=offset), False)
    for arrangement in arrangements:
        for day in arrangement.workdays:
            special[day] = True
    return special


def is_workday(
    day: dt.date, calendar: HolidayCalendar | None = None, *, assume_weekdays: bool = False
) -> bool:
    """Whether ``day`` is a working day under the official arrangement (see
    :meth:`HolidayCalendar.is_workday`): NotFound for a year the calendar lacks,
    unless ``assume_weekdays``."""
    return (calendar or OFFICIAL_CALENDAR).is_workday(day, assume_weekdays=assume_weekdays)


def next_workday(
    day: dt.date, calendar: HolidayCalendar | None = None, *, assume_weekdays: bool = False
) -> dt.date:
    """The first working day after ``day``."""
    return (calendar or OFFICIAL_CALENDAR).next_workday(day, assume_weekdays=assume_weekdays)


def add_workdays(
    day: dt.date,
    count: int,
    calendar: HolidayCalendar | None = None,
    *,
    assume_weekdays: bool = False,
) -> dt.date:
    """The working day ``count`` working days after ``day`` (``count`` >= 0; with 0, ``day``
    itself if it is a working day, else the next one)."""
    return (calendar or OFFICIAL_CALENDAR).add_workdays(day, count, assume_weekdays=assume_weekdays)
