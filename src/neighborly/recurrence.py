"""Recurring days: Gregorian rules (RFC 5545) and lunar, solar-term and festival rules.

A :class:`Recurrence` says when something happens again and again: every Saturday
morning (an RFC 5545 ``RRULE``, expanded by python-dateutil), every lunar 9-9, every
Winter Solstice, every Mid-Autumn Festival, with an offset ("the day before Double
Ninth", "the Saturday before Mid-Autumn") and a choice for official holidays ("skip
them", "move to the next working day").  Occurrences are aware datetimes in the
zone of the recurrence's ``start`` (by default Asia/Shanghai) and are only ever
listed over a bounded window with :meth:`Recurrence.between`.

>>> import datetime as dt
>>> from neighborly._time import DEFAULT_ZONE
>>> from neighborly.calendar import Festival
>>> start = dt.datetime(2026, 1, 1, 9, 30, tzinfo=DEFAULT_ZONE)
>>> soup = Recurrence(start, festival=Festival.WINTER_SOLSTICE)
>>> [d.date().isoformat() for d in soup.between(start, start.replace(year=2028))]
['2026-12-22', '2027-12-22']
>>> visits = Recurrence(start, festival=Festival.DOUBLE_NINTH, shift_days=-1)
>>> visits.between(start, start.replace(year=2027))[0].isoformat()
'2026-10-17T09:30:00+08:00'

Gregorian rules and lunar rules without offsets have a standard text form: RFC 5545
for the former and RFC 7529 (``RSCALE=CHINESE``) for the latter, and
:meth:`Recurrence.to_rfc5545` / :meth:`Recurrence.from_rfc5545` round-trip it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from dateutil.rrule import rrule, rruleset, rrulestr

from neighborly._checks import (
    AWARE,
    OPT_DATE,
    Check,
    Where,
    checks,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.calendar import (
    OFFICIAL_CALENDAR,
    Festival,
    HolidayCalendar,
    LunarDate,
    SolarTerm,
    festival_days,
    holiday_on,
    is_workday,
    leap_month,
    month_length,
    solar_term,
)
from neighborly.errors import InvalidInput, Problem
from neighborly.text import Text

__all__ = [
    "LeapMonths",
    "MissingDay",
    "OnHoliday",
    "Recurrence",
    "RecurrenceKind",
    "WeekdayRelation",
]


class RecurrenceKind(str, enum.Enum):
    """What a recurrence repeats on."""

    RULE = "rule"  # an RFC 5545 rule on the Gregorian calendar
    LUNAR = "lunar"  # a lunar month and day
    SOLAR_TERM = "solar_term"  # a solar term
    FESTIVAL = "festival"  # a named festival


class LeapMonths(str, enum.Enum):
    """Which months a lunar rule means in a year whose month has a leap twin (闰月)."""

    REGULAR = "regular"  # only the regular month, as festivals are kept
    BOTH = "both"  # the regular month and its leap twin
    LEAP = "leap"  # only the leap month, in years that have it


class MissingDay(str, enum.Enum):
    """What a lunar rule does when its day does not exist (the 30th of a 29-day month);
    the same choices as RFC 7529's ``SKIP``."""

    OMIT = "omit"  # no occurrence that month
    BACKWARD = "backward"  # the month's last day
    FORWARD = "forward"  # the next month's first day


class OnHoliday(str, enum.Enum):
    """What happens to an occurrence that falls on a day off."""

    KEEP = "keep"  # it happens anyway
    SKIP_HOLIDAYS = "skip_holidays"  # dropped when inside an official holiday period
    SKIP_DAYS_OFF = "skip_days_off"  # dropped on any day that is not a working day
    NEXT_WORKDAY = "next_workday"  # moved to the next working day
    PREVIOUS_WORKDAY = "previous_workday"  # moved to the previous working day


class WeekdayRelation(str, enum.Enum):
    """How ``weekday`` moves a day: "the Saturday before Mid-Autumn" is BEFORE."""

    BEFORE = "before"
    ON_OR_BEFORE = "on_or_before"
    AFTER = "after"
    ON_OR_AFTER = "on_or_after"


# Parts of a rule that repeat within a day: an occurrence's time of day comes from
# its start, so a rule that repeats more often than daily is refused.  This bounds
# what any rule may expand to one occurrence a day (a 300-byte FREQ=SECONDLY rule
# once cost minutes and gigabytes).
_SUB_DAILY = re.compile(
    r"(?:^|;)\s*(?:FREQ\s*=\s*(?:HOURLY|MINUTELY|SECONDLY)|BY(?:HOUR|MINUTE|SECOND)\s*=)"
)


def _is_rule(text: str) -> bool:
    """Whether ``text`` is an RFC 5545 RRULE value that python-dateutil can expand, at
    most once a day."""
    upper = text.upper()
    if "DTSTART" in upper or "\n" in text or upper.startswith("RRULE:"):
        return False
    if _SUB_DAILY.search(upper):
        return False
    try:
        rrulestr(text, dtstart=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    except (ValueError, TypeError, KeyError):
        return False
    return True


_RULE = Check(
    "type({v}) is str and _is_rule({v})",
    Text(
        'an RFC 5545 RRULE value such as "FREQ=WEEKLY;BYDAY=SA" (without "RRULE:" or '
        "DTSTART), at most daily: no HOURLY, MINUTELY or SECONDLY, no BYHOUR, BYMINUTE or "
        "BYSECOND",
        'RFC 5545 RRULE 规则，如 "FREQ=WEEKLY;BYDAY=SA"（不含 "RRULE:" 和 DTSTART），'
        "至多每天一次：不能用 HOURLY、MINUTELY、SECONDLY，也不能用 BYHOUR、BYMINUTE、BYSECOND",
    ),
    {"_is_rule": _is_rule},
)
_ONE_KIND = Text(
    "exactly one of rule, lunar_month with lunar_day, term or festival",
    "rule、lunar_month 与 lunar_day、term、festival 四者必须且只能给出其一",
)


@attrs.frozen(eq=False, repr=False)
class Recurrence(Model):
    """When something happens again and again.

    ``start`` is the first moment it may happen, and its wall-clock time is the time
    of every occurrence.  Give exactly one of ``rule`` (an RFC 5545 RRULE value),
    ``lunar_month`` with ``lunar_day``, ``term`` or ``festival``.  Then, in order:
    ``shift_days`` moves each day, ``weekday`` with ``weekday_relation`` moves it to
    a weekday (0 Monday ... 6 Sunday), ``on_holiday`` handles official days off,
    ``exclude`` drops given days and ``until`` ends the series (inclusive).
    """

    start: dt.datetime
    rule: str | None = None
    lunar_month: int | None = None
    lunar_day: int | None = None
    leap_months: LeapMonths = LeapMonths.REGULAR
    missing_day: MissingDay = MissingDay.OMIT
    term: SolarTerm | None = None
    festival: Festival | None = None
    shift_days: int = 0
    weekday: int | None = None
    weekday_relation: WeekdayRelation = WeekdayRelation.BEFORE
    on_holiday: OnHoliday = OnHoliday.KEEP
    until: dt.date | None = None
    exclude: tuple[dt.date, ...] = ()
    _cache: dict[str, rrule | rruleset] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    __attrs_post_init__ = checks(
        start=AWARE,
        rule=opt(_RULE),
        lunar_month=opt(int_range(1, 12)),
        lunar_day=opt(int_range(1, 30)),
        leap_months=is_enum(LeapMonths),
        missing_day=is_enum(MissingDay),
        term=opt(is_enum(SolarTerm)),
        festival=opt(is_enum(Festival)),
        shift_days=int_range(-366, 366),
        weekday=opt(int_range(0, 6)),
        weekday_relation=is_enum(WeekdayRelation),
        on_holiday=is_enum(OnHoliday),
        until=OPT_DATE,
        exclude=tuple_of(dt.date, Text("date", "日期")),
        where=(
            Where(
                "(self.rule is not None) + (self.lunar_month is not None)"
                " + (self.term is not None) + (self.festival is not None) == 1"
                " and (self.lunar_month is None) == (self.lunar_day is None)",
                "$",
                _ONE_KIND,
            ),
        ),
    )

    @property
    def kind(self) -> RecurrenceKind:
        """What the recurrence repeats on."""
        if self.rule is not None:
            return RecurrenceKind.RULE
        if self.lunar_month is not None:
            return RecurrenceKind.LUNAR
        if self.term is not None:
            return RecurrenceKind.SOLAR_TERM
        return RecurrenceKind.FESTIVAL

    def between(
        self,
        after: dt.datetime,
        before: dt.datetime,
        *,
        calendar: HolidayCalendar | None = None,
    ) -> tuple[dt.datetime, ...]:
        """Every occurrence at or after ``after`` and before ``before``, in order.

        Both bounds must be aware.  Official holidays are consulted only when
        ``on_holiday`` asks for it, and then only for the years the window touches,
        in ``calendar`` (the shipped :data:`~neighborly.calendar.OFFICIAL_CALENDAR`
        unless given: pass one with the years you added); a year it lacks raises
        :class:`~neighborly.errors.NotFound` naming the years it has.
        """
        _window(after, before)
        low = max(after, self.start)
        if self.kind is RecurrenceKind.RULE and self._plain():
            # Nothing moves or drops occurrences: python-dateutil's answer is the answer.
            moments = self._parsed_rule().between(low, before, inc=True)
            return tuple(m for m in moments if m < before)
        slack = _slack(calendar)
        if self.kind is RecurrenceKind.RULE:
            candidates = self._rule_days(low, before, slack)
        else:
            candidates = self._calendar_days(low, before, slack)
        found: set[dt.datetime] = set()
        for day in candidates:
            shifted = self._shift(day)
            # Consult the holiday tables only for days that could land in the window,
            # so a window inside a published year never needs the next year's.
            earliest, latest = low, before
            if self.on_holiday is OnHoliday.NEXT_WORKDAY:
                earliest = low - slack
            elif self.on_holiday is OnHoliday.PREVIOUS_WORKDAY:
                latest = before + slack
            if not earliest <= self._at(shifted) < latest:
                continue
            moved = _on_holiday(shifted, self.on_holiday, calendar)
            if moved is None or moved in self.exclude:
                continue
            if self.until is not None and moved > self.until:
                continue
            moment = self._at(moved)
            if low <= moment < before:
                found.add(moment)
        return tuple(sorted(found))

    def _at(self, day: dt.date) -> dt.datetime:
        """``day`` at the recurrence's time of day, in its zone."""
        return dt.datetime.combine(day, self.start.time(), tzinfo=self.start.tzinfo)

    # --- expanding ---------------------------------------------------------------------------

    def _plain(self) -> bool:
        return (
            self.shift_days == 0
            and self.weekday is None
            and self.on_holiday is OnHoliday.KEEP
            and not self.exclude
            and self.until is None
        )

    def _parsed_rule(self) -> rrule | rruleset:
        """The rule as python-dateutil expands it, parsed once per recurrence."""
        parsed = self._cache.get("rule")
        if parsed is None:
            parsed = rrulestr(self.rule or "", dtstart=self.start)
            self._cache["rule"] = parsed
        return parsed

    def _rule_days(
        self, low: dt.datetime, before: dt.datetime, slack: dt.timedelta
    ) -> list[dt.date]:
        margin = dt.timedelta(days=abs(self.shift_days) + 7) + slack
        moments = self._parsed_rule().between(low - margin, before + margin, inc=True)
        return [m.date() for m in moments]

    def _calendar_days(
        self, low: dt.datetime, before: dt.datetime, slack: dt.timedelta
    ) -> list[dt.date]:
        margin = abs(self.shift_days) + 7 + slack.days
        first_year = (low.date() - dt.timedelta(days=margin)).year
        last_year = (before.date() + dt.timedelta(days=margin)).year
        days: list[dt.date] = []
        for year in range(first_year, last_year + 1):
            days.extend(self._days_in(year))
        return sorted(days)

    def _days_in(self, year: int) -> list[dt.date]:
        if self.festival is not None:
            return list(festival_days(self.festival, year))
        if self.term is not None:
            return [solar_term(year, self.term)]
        assert self.lunar_month is not None  # noqa: S101 - kind LUNAR has a month
        assert self.lunar_day is not None  # noqa: S101 - and a day
        found = []
        for lunar_year in (year - 1, year):
            for leap in self._leaps(lunar_year):
                day = self._lunar_day(lunar_year, self.lunar_month, self.lunar_day, leap)
                if day is not None and day.year == year:
                    found.append(day)
        return found

    def _leaps(self, lunar_year: int) -> tuple[bool, ...]:
        if not 1900 <= lunar_year <= 2100:
            return ()
        has_leap = leap_month(lunar_year) == self.lunar_month
        if self.leap_months is LeapMonths.REGULAR:
            return (False,)
        if self.leap_months is LeapMonths.LEAP:
            return (True,) if has_leap else ()
        return (False, True) if has_leap else (False,)

    def _lunar_day(self, year: int, month: int, day: int, leap: bool) -> dt.date | None:  # noqa: FBT001
        length = month_length(year, month, leap=leap)
        if day <= length:
            return LunarDate(year, month, day, leap).to_date()
        if self.missing_day is MissingDay.OMIT:
            return None
        last = LunarDate(year, month, length, leap).to_date()
        return last if self.missing_day is MissingDay.BACKWARD else last + dt.timedelta(days=1)

    def _shift(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=self.shift_days)
        if self.weekday is not None:
            day = _to_weekday(day, self.weekday, self.weekday_relation)
        return day

    # --- text ---------------------------------------------------------------------------------

    def to_rfc5545(self) -> str:
        """The recurrence as iCalendar lines: ``DTSTART`` with its ``TZID``, an ``RRULE``
        (RFC 7529 ``RSCALE=CHINESE`` for a lunar rule) and ``EXDATE`` for exclusions.

        Only Gregorian rules and plain lunar rules have such a form; a recurrence on a
        solar term or a festival, or with a shift or holiday handling, raises
        :class:`~neighborly.errors.InvalidInput`: export its occurrences as dates.
        """
        plain = self.shift_days == 0 and self.weekday is None and self.on_holiday is OnHoliday.KEEP
        if self.kind is RecurrenceKind.RULE and self.until is not None:
            plain = False  # the rule text carries its own UNTIL or COUNT
        zone = getattr(self.start.tzinfo, "key", None)
        if self.kind not in (RecurrenceKind.RULE, RecurrenceKind.LUNAR) or not plain or not zone:
            raise InvalidInput(
                [
                    Problem(
                        "$",
                        Text(
                            "a Gregorian or plain lunar rule, without shift or holiday "
                            "handling, starting in a named zone",
                            "公历规则或不带偏移、节假日处理的农历规则，且起始时间使用具名时区",
                        ),
                        Text(f"a {self.kind.value} recurrence", f"{self.kind.value} 类重复规则"),
                    )
                ]
            )
        lines = [f"DTSTART;TZID={zone}:{self.start:%Y%m%dT%H%M%S}"]
        rule = self.rule if self.rule is not None else self._rscale_rule()
        if self.until is not None:
            # RFC 5545: with a date-time DTSTART, UNTIL is a UTC date-time; the series
            # ends with the last moment of the ``until`` day in the recurrence's zone.
            last = dt.datetime.combine(self.until, dt.time(23, 59, 59), tzinfo=self.start.tzinfo)
            rule += f";UNTIL={last.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
        lines.append(f"RRULE:{rule}")
        if self.exclude:
            times = ",".join(
                dt.datetime.combine(d, self.start.time()).strftime("%Y%m%dT%H%M%S")
                for d in sorted(self.exclude)
            )
            lines.append(f"EXDATE;TZID={zone}:{times}")
        return "\n".join(lines)

    def _rscale_rule(self) -> str:
        month = str(self.lunar_month)
        months = {
            LeapMonths.REGULAR: month,
            LeapMonths.LEAP: f"{month}L",
            LeapMonths.BOTH: f"{month},{month}L",
        }[self.leap_months]
        skip = self.missing_day.value.upper()
        return (
            f"RSCALE=CHINESE;FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={self.lunar_day};SKIP={skip}"
        )

    @classmethod
    def from_rfc5545(cls, text: str) -> Recurrence:
        """Read what :meth:`to_rfc5545` writes (``DTSTART;TZID=...``, one ``RRULE``, and
        optionally ``EXDATE``).  Anything else raises
        :class:`~neighborly.errors.InvalidInput` saying which line is wrong."""
        start: dt.datetime | None = None
        rule: str | None = None
        exclude: list[dt.date] = []
        for number, raw in enumerate(text.strip().splitlines(), 1):
            line = raw.strip()
            name, _, value = line.partition(":")
            if name.startswith("DTSTART;TZID="):
                start = _moment(name[len("DTSTART;TZID=") :], value, number)
            elif name == "RRULE":
                rule = value
            elif name.startswith("EXDATE;TZID="):
                exclude += [
                    _moment(name[len("EXDATE;TZID=") :], v, number).date() for v in value.split(",")
                ]
            else:
                raise _bad_line(number, line)
        if start is None or rule is None:
            raise _bad_line(0, "a DTSTART;TZID=... line and an RRULE line")
        if "RSCALE=CHINESE" not in rule.upper():
            return cls(start, rule=rule, exclude=tuple(exclude))
        return cls._from_rscale(start, rule, tuple(exclude))

    @classmethod
    def _from_rscale(
        cls, start: dt.datetime, rule: str, exclude: tuple[dt.date, ...]
    ) -> Recurrence:
        parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
        months = parts.get("BYMONTH", "").split(",")
        try:
            month = int(months[0].rstrip("L"))
            day = int(parts["BYMONTHDAY"])
            leap = {
                (False,): LeapMonths.REGULAR,
                (True,): LeapMonths.LEAP,
                (False, True): LeapMonths.BOTH,
            }[tuple(sorted(m.endswith("L") for m in months))]
            missing = MissingDay(parts.get("SKIP", "OMIT").lower())
        except (KeyError, ValueError) as exc:
            raise _bad_line(0, f"RRULE:{rule}") from exc
        until = None
        if "UNTIL" in parts:
            try:
                moment = dt.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ")  # noqa: DTZ007
            except ValueError as exc:
                raise _bad_line(0, f"RRULE:{rule}") from exc
            utc = moment.replace(tzinfo=dt.timezone.utc)
            until = utc.astimezone(start.tzinfo).date()
        return cls(
            start,
            lunar_month=month,
            lunar_day=day,
            leap_months=leap,
            missing_day=missing,
            until=until,
            exclude=exclude,
        )


# --- helpers ----------------------------------------------------------------------------------


def _slack(calendar: HolidayCalendar | None) -> dt.timedelta:
    """How far a day moved to the next or previous working day can move: past the
    longest run of days off the calendar holds."""
    return dt.timedelta(days=(calendar or OFFICIAL_CALENDAR).longest_break + 1)


def _window(after: dt.datetime, before: dt.datetime) -> None:
    problems = [
        Problem(path, AWARE.expected, Text.same(repr(value)))
        for path, value in (("$.after", after), ("$.before", before))
        if type(value) is not dt.datetime or value.utcoffset() is None
    ]
    if problems:
        raise InvalidInput(problems)


def _to_weekday(day: dt.date, weekday: int, relation: WeekdayRelation) -> dt.date:
    if relation is WeekdayRelation.BEFORE:
        return day - dt.timedelta(days=(day.weekday() - weekday - 1) % 7 + 1)
    if relation is WeekdayRelation.ON_OR_BEFORE:
        return day - dt.timedelta(days=(day.weekday() - weekday) % 7)
    if relation is WeekdayRelation.AFTER:
        return day + dt.timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _on_holiday(
    day: dt.date, policy: OnHoliday, calendar: HolidayCalendar | None
) -> dt.date | None:
    if policy is OnHoliday.KEEP:
        return day
    if policy is OnHoliday.SKIP_HOLIDAYS:
        return None if holiday_on(day, calendar) is not None else day
    if is_workday(day, calendar):
        return day
    if policy is OnHoliday.SKIP_DAYS_OFF:
        return None
    step = dt.timedelta(days=1 if policy is OnHoliday.NEXT_WORKDAY else -1)
    while not is_workday(day, calendar):
        day += step
    return day


def _moment(zone: str, value: str, number: int) -> dt.datetime:
    try:
        naive = dt.datetime.strptime(value.strip(), "%Y%m%dT%H%M%S")  # noqa: DTZ007 - zone below
        return naive.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError) as exc:
        raise _bad_line(number, value) from exc


def _bad_line(number: int, line: str) -> InvalidInput:
    where = f"line {number}" if number else "the text"
    return InvalidInput(
        [
            Problem(
                "$",
                Text(
                    "DTSTART;TZID=..., RRULE:... and optional EXDATE;TZID=... lines",
                    "DTSTART;TZID=...、RRULE:... 以及可选的 EXDATE;TZID=... 行",
                ),
                Text(f"{where}: {line}", f"{where}：{line}"),
            )
        ]
    )
