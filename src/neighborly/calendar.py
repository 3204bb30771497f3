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
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from neighborly import _lunar_tables as _tables
from neighborly._checks import BOOL, DATE, Where, checks, int_range
from neighborly._text import Lang, Text, check_lang
from neighborly.errors import InvalidInput, Problem

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "LunarDate",
    "LunarMonth",
    "SolarTerm",
    "leap_month",
    "lunar_months",
    "month_length",
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


@attrs.frozen
class LunarDate:
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


@attrs.frozen
class LunarMonth:
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
