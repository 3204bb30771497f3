"""What the ``calendar`` and ``demo`` commands say about days and events.

Pure functions from models to text or JSON-ready data; the command does the I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from neighborly._time import DEFAULT_ZONE
from neighborly.calendar import (
    Festival,
    FestivalKind,
    FestivalPolicy,
    HolidayArrangement,
    HolidayCalendar,
    festivals,
    to_lunar,
)
from neighborly.community import Community
from neighborly.scheduling import Occurrence, check_occurrences, check_plan, occurrences
from neighborly.serialization import unstructure
from neighborly.text import WEEKDAY_NAMES, Lang, Text, number
from neighborly.verdicts import Report

_LUNAR_KINDS = (FestivalKind.LUNAR, FestivalKind.EVE)
# An event with more occurrences than this in a window is summed up, not listed.
_LISTED = 12


def weekday(day: dt.date, lang: Lang) -> str:
    return WEEKDAY_NAMES[lang][day.weekday()]


def year_window(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The Gregorian year as a window in the default zone."""
    return (
        dt.datetime(year, 1, 1, tzinfo=DEFAULT_ZONE),
        dt.datetime(year + 1, 1, 1, tzinfo=DEFAULT_ZONE),
    )


def days_window(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """``days`` whole days from ``first``, in the default zone."""
    after = dt.datetime.combine(first, dt.time(0), tzinfo=DEFAULT_ZONE)
    return after, dt.datetime.combine(
        first + dt.timedelta(days=days), dt.time(0), tzinfo=DEFAULT_ZONE
    )


# --- the official year ---------------------------------------------------------------


def _lunar_note(festival: Festival, day: dt.date, lang: Lang) -> str:
    if festival.rule.kind not in _LUNAR_KINDS:
        return ""
    lunar = to_lunar(day)
    if lang == "zh":
        return f" · 农历{lunar.label('zh').split('年', 1)[1]}"
    leap = "leap " if lunar.leap else ""
    return f" · lunar {leap}{lunar.month}-{lunar.day}"


def festivals_text(year: int, policy: FestivalPolicy | None, lang: Lang) -> list[str]:
    lines = [Text("Festivals and commemorations", "节日与纪念日").render(lang)]
    for festival, day in festivals(year, policy):
        label = festival.label.render(lang)
        note = _lunar_note(festival, day, lang)
        lines.append(f"  {day.isoformat()} {weekday(day, lang)}  {label}{note}")
    return lines


def holidays_text(year: int, lang: Lang, calendar: HolidayCalendar) -> list[str]:
    arrangement = calendar.arrangement(year) if year in calendar.years else None
    if arrangement is None:
        known = calendar.years
        return [
            Text(
                f"No official holiday arrangement for {year} is known (neighborly has "
                f"{', '.join(map(str, known))}): days off and working days are not guessed.",
                f"{year} 年节假日安排未收录（已收录 {'、'.join(map(str, known))} 年），"
                "放假与上班日不作推测。",
            ).render(lang)
        ]
    lines = [
        Text("Official holidays", "法定节假日").render(lang)
        + f" ({arrangement.source.render(lang)})"
    ]
    for period in arrangement.periods:
        days = (period.last - period.first).days + 1
        lines.append(
            "  "
            + Text(
                f"{period.first.isoformat()} to {period.last.isoformat()}  {period.name.en}, "
                f"{days} day{'s' if days > 1 else ''} off",
                f"{period.first.isoformat()} 至 {period.last.isoformat()}  {period.name.zh}，"
                f"放假 {days} 天",
            ).render(lang)
        )
    lines.append(Text("Weekend days worked in exchange", "调休上班日").render(lang))
    lines.extend(f"  {day.isoformat()} {weekday(day, lang)}" for day in arrangement.workdays)
    return lines


def year_data(
    year: int, policy: FestivalPolicy | None, calendar: HolidayCalendar
) -> dict[str, Any]:
    arrangement: HolidayArrangement | None = (
        calendar.arrangement(year) if year in calendar.years else None
    )
    return {
        "year": year,
        "festivals": [
            {
                "festival": festival.value,
                "date": day.isoformat(),
                "name": unstructure(festival.label),
                "kind": festival.rule.kind.value,
                "lunar": unstructure(to_lunar(day)) if festival.rule.kind in _LUNAR_KINDS else None,
            }
            for festival, day in festivals(year, policy)
        ],
        "holidays": None if arrangement is None else unstructure(arrangement),
    }


# --- a community's events --------------------------------------------------------------


def schedule_report(
    community: Community,
    after: dt.datetime,
    before: dt.datetime,
    *,
    plan_year: int,
    calendar: HolidayCalendar,
) -> tuple[tuple[Occurrence, ...], Report]:
    """The occurrences in the window, every scheduling rule over them, and the
    annual-plan rules for ``plan_year`` (what ``neighborly calendar`` shows)."""
    found = occurrences(community.events, after, before, calendar=calendar)
    report = check_occurrences(
        found, community.events, community.venues, assignments=community.assignments
    )
    plan = check_plan(community.events, plan_year, calendar=calendar)
    return found, Report(report.verdicts + plan.verdicts)


def events_text(
    community: Community,
    found: Sequence[Occurrence],
    window: tuple[dt.datetime, dt.datetime],
    lang: Lang,
) -> list[str]:
    """One line per event with occurrences in the window: where, when, how often."""
    by_event: dict[str, list[Occurrence]] = {}
    for occurrence in found:
        by_event.setdefault(occurrence.event, []).append(occurrence)
    for items in by_event.values():
        items.sort(key=lambda o: o.starts)
    first, last = window[0].date(), (window[1] - dt.timedelta(microseconds=1)).date()
    count = len(found)
    lines = [
        Text(
            f"Events from {first.isoformat()} to {last.isoformat()}: "
            f"{number(count)} occurrence{'s' if count != 1 else ''} of {len(by_event)} "
            f"event{'s' if len(by_event) != 1 else ''}",
            f"{first.isoformat()} 至 {last.isoformat()} 的活动：{len(by_event)} 项，"
            f"共 {number(count)} 场",
        ).render(lang)
    ]
    titles = {event.id: event.title for event in community.events}
    venues = {venue.id: venue.name for venue in community.venues}
    for event_id in sorted(by_event, key=lambda e: (by_event[e][0].starts, e)):
        items = by_event[event_id]
        head = items[0]
        hours = f"{head.starts:%H:%M}-{head.ends:%H:%M}"
        venue = venues.get(head.venue, head.venue)
        days = [o.starts.date().isoformat() for o in items]
        if len(items) <= _LISTED:
            when = Text(
                f"{len(items)} time{'s' if len(items) > 1 else ''}: {', '.join(days)}",
                f"{len(items)} 次：{'、'.join(days)}",
            )
        else:
            when = Text(
                f"{len(items)} times, {days[0]} to {days[-1]}",
                f"{len(items)} 次，{days[0]} 至 {days[-1]}",
            )
        name = (
            f"{titles[event_id]}（{event_id}）"
            if lang == "zh"
            else f"{titles[event_id]} ({event_id})"
        )
        lines.append(f"  {name} · {venue} · {hours} · {when.render(lang)}")
    return lines


def events_data(
    community: Community, found: Sequence[Occurrence], report: Report
) -> dict[str, Any]:
    titles = {event.id: event.title for event in community.events}
    return {
        "community": {"id": community.id, "name": community.name},
        "occurrences": [
            {**unstructure(occurrence), "title": titles[occurrence.event]}
            for occurrence in sorted(found, key=lambda o: (o.starts, o.event))
        ],
        "report": unstructure(report),
    }
