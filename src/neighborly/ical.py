"""iCalendar export (RFC 5545) of events, with the optional ``ical`` extra.

    pip install 'neighborly[ical]'

:func:`to_ical` writes one ``VEVENT`` per event, with the ``VTIMEZONE`` of every zone
used.  A one-off event is its window; a recurring event on a Gregorian rule with no
shift or holiday handling keeps its ``RRULE`` (and ``EXDATE``); every other recurring
event (lunar, solar-term and festival rules, shifted or holiday-aware rules) is
written as its first occurrence plus an ``RDATE`` for each further occurrence in the
window, since calendar programs do not expand lunar rules.  The output parses back
with icalendar to the same occurrences.

With ``festivals=True`` it adds an all-day event for every festival and
commemoration on a day the window touches (in the zone of ``after``); with
``holidays=True`` one for every official holiday period and every weekend day worked
in exchange (调休上班) that the window touches, for each year whose arrangement has
been published (other years add nothing: their days are never guessed, see
:func:`neighborly.calendar.holiday_arrangement`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from neighborly.calendar import OFFICIAL_CALENDAR, FestivalPolicy, HolidayCalendar, festivals
from neighborly.errors import MissingExtra
from neighborly.recurrence import OnHoliday, RecurrenceKind
from neighborly.scheduling import Event

__all__ = ["MissingExtra", "to_ical"]


def to_ical(
    events: Iterable[Event],
    after: dt.datetime,
    before: dt.datetime,
    *,
    stamp: dt.datetime,
    domain: str = "neighborly",
    festivals: bool = False,
    holidays: bool = False,
    policy: FestivalPolicy | None = None,
    calendar: HolidayCalendar | None = None,
) -> bytes:
    """The events as an iCalendar file, their occurrences from ``after`` to ``before``.

    ``stamp`` is the ``DTSTAMP`` written on every event (the moment of export; the
    library does not read the clock).  ``UID``s are ``{event id}@{domain}``.
    ``festivals`` and ``holidays`` add the official days of the window as all-day
    events (``policy`` chooses Little New Year's day).  Official holidays, for the
    events that move or skip them and for ``holidays``, come from ``calendar`` (the
    shipped years unless given; ``holidays`` leaves out years it lacks).
    Raises :class:`MissingExtra` without the ``icalendar`` package.
    """
    try:
        import icalendar
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        msg = "iCalendar export needs the ical extra: pip install 'neighborly[ical]'"
        raise MissingExtra(msg) from exc
    writer = _Writer(
        icalendar, stamp.astimezone(dt.timezone.utc), domain, calendar or OFFICIAL_CALENDAR
    )
    document = icalendar.Calendar()
    document.add("prodid", f"-//{domain}//neighborly//EN")
    document.add("version", "2.0")
    for event in events:
        component = writer.event(event, after, before)
        if component is not None:
            document.add_component(component)
    # the days the window touches, in the zone of ``after``, first and last included
    last = before.astimezone(after.tzinfo) - dt.timedelta(microseconds=1)
    days = (after.date(), last.date())
    if festivals:
        for component in writer.festival_days(days, policy):
            document.add_component(component)
    if holidays:
        for component in writer.holiday_days(days):
            document.add_component(component)
    document.add_missing_timezones()
    return bytes(document.to_ical())


class _Writer:
    """Makes the components of one export (icalendar is imported only when used)."""

    def __init__(
        self, icalendar: Any, stamp: dt.datetime, domain: str, calendar: HolidayCalendar
    ) -> None:
        self.ical = icalendar
        self.stamp = stamp
        self.domain = domain
        self.calendar = calendar

    def event(self, event: Event, after: dt.datetime, before: dt.datetime) -> Any:
        """The event's VEVENT, or None when nothing of it falls in the window."""
        component = self.ical.Event()
        component.add("uid", f"{event.id}@{self.domain}")
        component.add("dtstamp", self.stamp)
        component.add("summary", event.title)
        component.add("location", event.venue)
        recurrence = event.recurrence
        if recurrence is None:
            if not after <= event.starts < before:
                return None
            component.add("dtstart", event.starts)
            component.add("dtend", event.ends)
        elif _rule_survives(event):
            assert recurrence.rule is not None  # noqa: S101 - checked by _rule_survives
            component.add("dtstart", event.starts)
            component.add("dtend", event.ends)
            component.add("rrule", self.ical.vRecur.from_ical(recurrence.rule))
            if recurrence.exclude:
                component.add(
                    "exdate",
                    [
                        dt.datetime.combine(d, event.starts.time(), tzinfo=event.starts.tzinfo)
                        for d in sorted(recurrence.exclude)
                    ],
                )
        else:
            moments = recurrence.between(after, before, calendar=self.calendar)
            if not moments:
                return None
            component.add("dtstart", moments[0])
            component.add("dtend", moments[0] + event.duration)
            if len(moments) > 1:
                component.add("rdate", list(moments[1:]))
        return component

    def all_day(self, key: str, summary: str, days: tuple[dt.date, dt.date], category: str) -> Any:
        """A transparent all-day VEVENT from ``days[0]`` to ``days[1]`` inclusive."""
        component = self.ical.Event()
        component.add("uid", f"{key}@{self.domain}")
        component.add("dtstamp", self.stamp)
        component.add("summary", summary)
        component.add("dtstart", days[0])
        component.add("dtend", days[1] + dt.timedelta(days=1))
        component.add("transp", "TRANSPARENT")
        component.add("categories", [category])
        return component

    def festival_days(
        self, days: tuple[dt.date, dt.date], policy: FestivalPolicy | None
    ) -> list[Any]:
        return [
            self.all_day(
                f"{festival.value}-{day.isoformat()}",
                f"{festival.label.zh} {festival.label.en}",
                (day, day),
                "FESTIVAL",
            )
            for year in range(days[0].year, days[1].year + 1)
            for festival, day in festivals(year, policy)
            if days[0] <= day <= days[1]
        ]

    def holiday_days(self, days: tuple[dt.date, dt.date]) -> list[Any]:
        made: list[Any] = []
        # a year's first holiday run can start in the year before (元旦 from 12-30 or 12-31)
        for year in range(days[0].year, days[1].year + 2):
            if year not in self.calendar.years:
                continue
            arrangement = self.calendar.arrangement(year)
            made.extend(
                self.all_day(
                    f"holiday-{period.first.isoformat()}",
                    f"{period.name.zh}放假 {period.name.en} holiday",
                    (period.first, period.last),
                    "HOLIDAY",
                )
                for period in arrangement.periods
                if period.last >= days[0] and period.first <= days[1]
            )
            made.extend(
                self.all_day(
                    f"workday-{day.isoformat()}",
                    "调休上班 Working day in exchange",
                    (day, day),
                    "WORKDAY",
                )
                for day in arrangement.workdays
                if days[0] <= day <= days[1]
            )
        return made


def _rule_survives(event: Event) -> bool:
    """Whether the event's recurrence is a Gregorian rule iCalendar can carry as is."""
    recurrence = event.recurrence
    return (
        recurrence is not None
        and recurrence.kind is RecurrenceKind.RULE
        and recurrence.shift_days == 0
        and recurrence.weekday is None
        and recurrence.on_holiday is OnHoliday.KEEP
        and recurrence.until is None
        and recurrence.start == event.starts
    )
