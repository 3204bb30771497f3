"""iCalendar export (RFC 5545) of events, with the optional ``ical`` extra.

    pip install 'neighborly[ical]'

:func:`to_ical` writes one ``VEVENT`` per event, with the ``VTIMEZONE`` of every zone
used.  A one-off event is its window; a recurring event on a Gregorian rule with no
shift or holiday handling keeps its ``RRULE`` (and ``EXDATE``); every other recurring
event (lunar, solar-term and festival rules, shifted or holiday-aware rules) is
written as its first occurrence plus an ``RDATE`` for each further occurrence in the
window, since calendar programs do not expand lunar rules.  The output parses back
with icalendar to the same occurrences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from neighborly.errors import NeighborlyError
from neighborly.recurrence import OnHoliday, RecurrenceKind
from neighborly.scheduling import Event

__all__ = ["MissingExtra", "to_ical"]


class MissingExtra(NeighborlyError, ImportError):
    """An optional feature whose extra is not installed."""


def to_ical(
    events: Iterable[Event],
    after: dt.datetime,
    before: dt.datetime,
    *,
    stamp: dt.datetime,
    domain: str = "neighborly",
) -> bytes:
    """The events as an iCalendar file, their occurrences from ``after`` to ``before``.

    ``stamp`` is the ``DTSTAMP`` written on every event (the moment of export; the
    library does not read the clock).  ``UID``s are ``{event id}@{domain}``.
    Raises :class:`MissingExtra` without the ``icalendar`` package.
    """
    try:
        import icalendar
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        msg = "iCalendar export needs the ical extra: pip install 'neighborly[ical]'"
        raise MissingExtra(msg) from exc
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{domain}//neighborly//EN")
    calendar.add("version", "2.0")
    for event in events:
        component = icalendar.Event()
        component.add("uid", f"{event.id}@{domain}")
        component.add("dtstamp", stamp.astimezone(dt.timezone.utc))
        component.add("summary", event.title)
        component.add("location", event.venue)
        recurrence = event.recurrence
        if recurrence is None:
            if not after <= event.starts < before:
                continue
            component.add("dtstart", event.starts)
            component.add("dtend", event.ends)
        elif _rule_survives(event):
            assert recurrence.rule is not None  # noqa: S101 - checked by _rule_survives
            component.add("dtstart", event.starts)
            component.add("dtend", event.ends)
            component.add("rrule", icalendar.vRecur.from_ical(recurrence.rule))
            if recurrence.exclude:
                component.add(
                    "exdate",
                    [
                        dt.datetime.combine(d, event.starts.time(), tzinfo=event.starts.tzinfo)
                        for d in sorted(recurrence.exclude)
                    ],
                )
        else:
            moments = recurrence.between(after, before)
            if not moments:
                continue
            component.add("dtstart", moments[0])
            component.add("dtend", moments[0] + event.duration)
            if len(moments) > 1:
                component.add("rdate", list(moments[1:]))
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


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
