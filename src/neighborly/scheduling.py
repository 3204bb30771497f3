"""Events at venues, and the rules that keep a community's calendar workable.

A :class:`Venue` has a capacity, opening hours, whether it is indoors and whether
amplified sound is allowed there.  An :class:`Event` takes place at a venue from
``starts`` to ``ends``, once or again and again on a
:class:`~neighborly.recurrence.Recurrence` (each occurrence lasting as long as the
first).  :func:`occurrences` lists them over a bounded window, and the rules return
verdicts:

* ``scheduling.double_booking``: two occurrences overlap at one venue (found by
  sorting and one sweep, never by comparing every pair);
* ``scheduling.capacity``: more people expected than the venue holds;
* ``scheduling.opening_hours``: an occurrence outside the venue's opening hours;
* ``scheduling.sound``: amplified sound where it is not allowed, or during quiet
  hours (by default 22:00-07:00, outdoors only: a :class:`QuietHours` policy);
* ``scheduling.staffing``: an occurrence short of the people its event's roles need;
* ``scheduling.shifts``: someone assigned to two overlapping occurrences.

Registrations go through a :class:`Roster` with a first-come, first-served waitlist.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from neighborly._checks import (
    AWARE,
    BOOL,
    COUNT,
    IDENT,
    OPT_TEXT,
    TEXT,
    TIME,
    WEEKDAYS,
    Where,
    checks,
    enum_set,
    int_range,
    of_type,
    opt,
    string_set,
    tuple_of,
)
from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE, rrule_day
from neighborly.calendar import Festival, HolidayCalendar, festival_days
from neighborly.errors import Conflict, IllegalTransition, InvalidInput, NotFound, Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.recurrence import Recurrence
from neighborly.text import WEEKDAY_NAMES, Text, number
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "ACTIVITIES_RULE",
    "ASSIGNMENT_DECLARED",
    "CAPACITY_RULE",
    "DOUBLE_BOOKING_RULE",
    "EVENT",
    "EVENT_DECLARED",
    "FESTIVALS_RULE",
    "OPENING_HOURS_RULE",
    "RULES",
    "SHIFTS_RULE",
    "SOUND_RULE",
    "STAFFING_RULE",
    "TRADITIONAL_FESTIVALS",
    "VENUE",
    "VENUE_DECLARED",
    "Assignment",
    "Cancelled",
    "Event",
    "Occurrence",
    "OpeningHours",
    "PlanTargets",
    "QuietHours",
    "Registered",
    "Registration",
    "RoleNeed",
    "Roster",
    "Venue",
    "cancel_registration",
    "check_capacity",
    "check_double_booking",
    "check_occurrences",
    "check_opening_hours",
    "check_plan",
    "check_schedule",
    "check_shifts",
    "check_sound",
    "check_staffing",
    "festival_events",
    "monthly_event",
    "occurrences",
    "overlaps",
    "recurring_event",
    "register",
    "shortfalls",
    "weekly_event",
]


@attrs.frozen(eq=False, repr=False)
class OpeningHours(Model):
    """When a venue is open on some weekdays: from ``opens`` to ``closes`` the same day."""

    weekdays: frozenset[int]
    opens: dt.time
    closes: dt.time

    __attrs_post_init__ = checks(
        weekdays=WEEKDAYS,
        opens=TIME,
        closes=TIME,
        where=(
            Where(
                "self.opens < self.closes",
                "$.closes",
                Text(
                    "a time after opens (no opening across midnight)",
                    "晚于 opens 的时刻（不跨午夜）",
                ),
                shows="closes",
            ),
        ),
    )

    def covers(self, starts: dt.datetime, ends: dt.datetime) -> bool:
        """Whether ``starts``-``ends`` (wall times) lies within these hours on one day."""
        return (
            starts.weekday() in self.weekdays
            and starts.date() == ends.date()
            and self.opens <= starts.time()
            and ends.time() <= self.closes
        )


@attrs.frozen(eq=False, repr=False)
class Venue(Model):
    """A place where events happen: a room of the Party-and-masses service centre, a
    reading room, a square.  No opening hours means always open."""

    id: str
    name: str
    capacity: int
    indoor: bool = True
    amplified_sound: bool = False
    hours: tuple[OpeningHours, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        capacity=int_range(1, 1_000_000),
        indoor=BOOL,
        amplified_sound=BOOL,
        hours=tuple_of(OpeningHours),
    )


@attrs.frozen(eq=False, repr=False)
class RoleNeed(Model):
    """How many people an event needs in one role at each occurrence (three stewards,
    one first-aider...)."""

    role: str
    count: int

    __attrs_post_init__ = checks(role=TEXT, count=int_range(1, 10_000))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Event(Model):
    """A community activity at a venue, once or recurring.

    ``starts`` and ``ends`` are the first occurrence; with a ``recurrence`` every
    occurrence starts at one of its times and lasts as long as the first.  ``kind``
    and ``audience`` (tags such as ``elders_80_plus``) describe it; ``roles`` say
    whom it needs at each occurrence.

    Keyword arguments only.  Ids: ``id`` (this event's, unique in the community) and
    ``venue`` (a venue of the community); ``title``, ``organiser`` and ``kind`` are
    free text.
    """

    id: str
    title: str
    venue: str
    starts: dt.datetime
    ends: dt.datetime
    recurrence: Recurrence | None = None
    expected: int = 0
    amplified: bool = False
    organiser: str | None = None
    kind: str | None = None
    audience: frozenset[str] = frozenset()
    roles: tuple[RoleNeed, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        title=TEXT,
        venue=IDENT,
        starts=AWARE,
        ends=AWARE,
        recurrence=opt(of_type(Recurrence)),
        expected=COUNT,
        amplified=BOOL,
        organiser=OPT_TEXT,
        kind=OPT_TEXT,
        audience=string_set(Text("a set of non-empty tags", "由非空标签组成的集合")),
        roles=tuple_of(RoleNeed),
        where=(
            Where(
                "self.starts < self.ends",
                "$.ends",
                Text("a time after starts", "晚于 starts 的时间"),
                shows="ends",
            ),
        ),
    )

    @property
    def duration(self) -> dt.timedelta:
        """How long each occurrence lasts."""
        return self.ends - self.starts


@attrs.frozen(order=True)
class Occurrence:
    """One time an event happens: at its venue, from ``starts`` to ``ends``."""

    venue: str
    starts: dt.datetime
    ends: dt.datetime
    event: str

    __attrs_post_init__ = checks(venue=IDENT, starts=AWARE, ends=AWARE, event=IDENT)


def occurrences(
    events: Iterable[Event],
    after: dt.datetime,
    before: dt.datetime,
    *,
    calendar: HolidayCalendar | None = None,
) -> tuple[Occurrence, ...]:
    """Every occurrence of the events starting at or after ``after`` and before ``before``,
    ordered by venue and start.  Recurrences that move or skip official holidays read
    them from ``calendar`` (the shipped years unless given)."""
    found: list[Occurrence] = []
    for event in events:
        if event.recurrence is None:
            starts: Sequence[dt.datetime] = (
                (event.starts,) if after <= event.starts < before else ()
            )
        else:
            starts = event.recurrence.between(after, before, calendar=calendar)
        found.extend(Occurrence(event.venue, s, s + event.duration, event.id) for s in starts)
    return tuple(sorted(found, key=_sort_key))


# --- rules ---------------------------------------------------------------------------------


def _when(occurrence: Occurrence) -> str:
    """``2026-03-05 14:00-16:00``, in the occurrence's own zone (attribute access is
    cheaper than strftime or isoformat of a zoned datetime)."""
    s, e = occurrence.starts, occurrence.ends
    return (
        f"{s.year:04d}-{s.month:02d}-{s.day:02d} "
        f"{s.hour:02d}:{s.minute:02d}-{e.hour:02d}:{e.minute:02d}"
    )


def _sort_key(occurrence: Occurrence) -> tuple[str, dt.datetime, dt.datetime, str]:
    return (occurrence.venue, occurrence.starts, occurrence.ends, occurrence.event)


_by_time = operator.attrgetter("starts")


def _overlap(occurrence: Occurrence, latest: Occurrence, path: str) -> Reason:
    overlap = min(latest.ends, occurrence.ends) - occurrence.starts
    minutes = int(overlap.total_seconds() // 60)
    this, that = _when(occurrence), _when(latest)
    return Reason(
        path,
        Text(
            f"venue {occurrence.venue}: {occurrence.event} ({this}) overlaps "
            f"{latest.event} ({that}) by {number(minutes)} minutes",
            f"场地 {occurrence.venue}：{occurrence.event}（{this}）与 "
            f"{latest.event}（{that}）重叠 {number(minutes)} 分钟",
        ),
        "0",
        str(minutes),
    )


_OCCURRENCES = Text(
    "the events' occurrences in the window and the venues", "时间窗口内的活动场次与场地"
)

DOUBLE_BOOKING_RULE = Rule(
    "scheduling.double_booking",
    Text("No venue is booked twice at once", "同一场地不重复预订"),
    Text(
        "a venue holds one booking at a time (no regulation is cited)",
        "同一场地同一时间只接受一项预订（无需引用法规）",
    ),
    basis="BRIEF.md Events: venues (service-centre rooms, a square) and their capacities and "
    "opening hours matter",
    reads=_OCCURRENCES,
)
CAPACITY_RULE = Rule(
    "scheduling.capacity",
    Text("Every event fits its venue", "每项活动人数不超过场地容量"),
    Text("the venue's stated capacity", "场地标明的容量"),
    basis="BRIEF.md Events: capacities and opening hours matter",
    reads=Text("the events and the venues", "活动与场地"),
)
OPENING_HOURS_RULE = Rule(
    "scheduling.opening_hours",
    Text("Every event happens while its venue is open", "每项活动都在场地开放时间内"),
    Text("the venue's opening hours", "场地开放时间"),
    basis="BRIEF.md Events: capacities and opening hours matter",
    reads=_OCCURRENCES,
)
SOUND_RULE = Rule(
    "scheduling.sound",
    Text("Amplified sound only where and when allowed", "扩音仅限允许的场地和时段"),
    Text(
        "local practice: quiet hours vary by city (set by QuietHours, default 22:00-07:00 outdoors)",
        "地方实践：各地安静时段不同（由 QuietHours 设定，默认户外 22:00-07:00）",
    ),
    basis="BRIEF.md Grids: a noise complaint about square dancing at dawn, mediated into agreed "
    "times and volume",
    reads=_OCCURRENCES,
    policy="quiet_hours",
)
STAFFING_RULE = Rule(
    "scheduling.staffing",
    Text("Every occurrence has the people it needs", "每场活动人员配齐"),
    Text("each event's own role needs", "活动自身的岗位需求"),
    basis="BRIEF.md Volunteers: volunteer teams staff the activities (traffic duty, gate duty, "
    "cleaning, elderly visits)",
    reads=Text(
        "the occurrences, the events' roles and the assignments", "活动场次、岗位需求与人员安排"
    ),
)
SHIFTS_RULE = Rule(
    "scheduling.shifts",
    Text("Nobody is in two places at once", "无人被同时安排两处"),
    Text("one person, one place at a time", "一人同一时间只在一处"),
    basis="BRIEF.md Volunteers: volunteers are assigned to duties and activities",
    reads=Text("the occurrences and the assignments", "活动场次与人员安排"),
)
ACTIVITIES_RULE = Rule(
    "plan.activities",
    Text("Enough activities in the year", "全年活动场次达标"),
    Text(
        "the model compounds' practice: 60+ activities a year (PlanTargets)",
        "示范小区做法：每年 60 场以上活动（PlanTargets）",
    ),
    basis="BRIEF.md Events: one compound runs 60+ activities a year under a brand",
    reads=Text("the events of the year", "全年活动"),
    policy="plan",
)
FESTIVALS_RULE = Rule(
    "plan.festivals",
    Text("An activity on every traditional festival", "每个传统节日都有活动"),
    Text(
        "the model compounds' practice: activities on the traditional festivals (PlanTargets)",
        "示范小区做法：传统节日开展活动（PlanTargets）",
    ),
    basis="BRIEF.md Events: activities on traditional festivals (Spring Festival, Lantern, "
    "Longtaitou, Dragon Boat, Qixi, Mid-Autumn, Double Ninth, Laba, Winter Solstice)",
    reads=Text("the events of the year and the lunisolar calendar", "全年活动与农历"),
    policy="plan",
)
RULES: tuple[Rule, ...] = (
    DOUBLE_BOOKING_RULE,
    CAPACITY_RULE,
    OPENING_HOURS_RULE,
    SOUND_RULE,
    STAFFING_RULE,
    SHIFTS_RULE,
    ACTIVITIES_RULE,
    FESTIVALS_RULE,
)
"""The scheduling rules, then the annual plan's."""


def overlaps(found: Iterable[Occurrence]) -> Iterator[tuple[Occurrence, Occurrence]]:
    """Each occurrence that overlaps another at its venue, with the one it runs into
    (the one that ends last of those before it): venue by venue in order of name,
    each by start, in one sweep, O(n log n).  Of two starting at the same moment, the
    later in the order given is named; touching ends do not overlap."""
    # Group by venue, then sort each group by start alone (stable, so ties keep the
    # order given): datetimes compare in C, with no tuples and no venue names.
    by_venue: dict[str, list[Occurrence]] = {}
    for occurrence in found:
        by_venue.setdefault(occurrence.venue, []).append(occurrence)
    for venue in sorted(by_venue):
        items = sorted(by_venue[venue], key=_by_time)
        latest = items[0]
        for occurrence in items[1:]:
            if occurrence.starts < latest.ends:
                yield occurrence, latest
            if occurrence.ends > latest.ends:
                latest = occurrence


def check_double_booking(found: Iterable[Occurrence], *, events: Iterable[Event] = ()) -> Verdict:
    """``scheduling.double_booking``: no two occurrences overlap at one venue.

    A reason points at the occurrence's event in ``events`` when given
    (``$.events[4]``), else at the occurrence in ``found`` (``$.occurrences[17]``).

    Groups by venue, sorts each group by start, then sweeps once, keeping the
    occurrence that ends last so far: O(n log n).  Each overlapping occurrence is
    named once, with the one it runs into; of two starting at the same moment, the
    later in the order given is named.  Touching ends (one ends at 10:00, the next
    starts at 10:00) do not overlap.
    """
    found = found if isinstance(found, Sequence) else tuple(found)
    where = _Where(events, found)
    reasons = [
        _overlap(occurrence, latest, where(occurrence)) for occurrence, latest in overlaps(found)
    ]
    count = len(found)
    return DOUBLE_BOOKING_RULE.judge(
        reasons,
        Reason(
            "$.occurrences",
            Text(
                f"{number(count)} occurrences, no two at one venue at once",
                f"{number(count)} 场活动，同一场地没有时间重叠",
            ),
        ),
    )


def _venues(venues: Iterable[Venue]) -> dict[str, Venue]:
    return {venue.id: venue for venue in venues}


def check_capacity(events: Iterable[Event], venues: Iterable[Venue]) -> Verdict:
    """``scheduling.capacity``: no event expects more people than its venue holds."""
    by_id = _venues(venues)
    reasons: list[Reason] = []
    count = 0
    for i, event in enumerate(events):
        count += 1
        venue = by_id.get(event.venue)
        if venue is None:
            reasons.append(_unknown_venue(event, i))
        elif event.expected > venue.capacity:
            over = event.expected - venue.capacity
            reasons.append(
                Reason(
                    f"$.events[{i}].expected",
                    Text(
                        f"{event.id} expects {number(event.expected)} people; {venue.name} holds "
                        f"{number(venue.capacity)} ({number(over)} over)",
                        f"{event.id} 预计 {number(event.expected)} 人，{venue.name} 容纳 "
                        f"{number(venue.capacity)} 人（超出 {number(over)} 人）",
                    ),
                    f"<={venue.capacity}",
                    str(event.expected),
                )
            )
    return _verdict(
        CAPACITY_RULE,
        reasons,
        Text(
            f"all {number(count)} events fit their venues",
            f"全部 {number(count)} 项活动人数均未超出场地容量",
        ),
    )


def check_opening_hours(
    found: Iterable[Occurrence], venues: Iterable[Venue], *, events: Iterable[Event] = ()
) -> Verdict:
    """``scheduling.opening_hours``: every occurrence lies within its venue's opening
    hours (in the occurrence's own zone); a venue without hours is always open.  Reasons
    point as :func:`check_double_booking`'s do."""
    found = found if isinstance(found, Sequence) else tuple(found)
    where = _Where(events, found)
    by_id = _venues(venues)
    reasons: list[Reason] = []
    count = 0
    for occurrence in found:
        count += 1
        venue = by_id.get(occurrence.venue)
        if venue is None or not venue.hours:
            continue
        if not any(hours.covers(occurrence.starts, occurrence.ends) for hours in venue.hours):
            weekday = occurrence.starts.weekday()
            reasons.append(
                Reason(
                    where(occurrence),
                    Text(
                        f"{occurrence.event} at {venue.name} on {WEEKDAY_NAMES['en'][weekday]} "
                        f"{_when(occurrence)} falls outside its opening hours",
                        f"{occurrence.event} 在{venue.name}的时间（{WEEKDAY_NAMES['zh'][weekday]} "
                        f"{_when(occurrence)}）不在开放时间内",
                    ),
                    "within opening hours",
                    _when(occurrence),
                )
            )
    return _verdict(
        OPENING_HOURS_RULE,
        reasons,
        Text(
            f"all {number(count)} occurrences within opening hours",
            f"全部 {number(count)} 场活动均在开放时间内",
        ),
    )


@attrs.frozen(eq=False, repr=False)
class QuietHours(Model):
    """When amplified sound must stop: by default 22:00 to 07:00, outdoors only.

    Local rules differ (some cities start at 21:00, some cover indoor venues too), so
    this is a policy; the default is a common choice, not a national number.
    """

    starts: dt.time = dt.time(22, 0)
    ends: dt.time = dt.time(7, 0)
    outdoor_only: bool = True

    __attrs_post_init__ = checks(starts=TIME, ends=TIME, outdoor_only=BOOL)

    def overlaps(self, starts: dt.datetime, ends: dt.datetime) -> bool:
        """Whether ``starts``-``ends`` (wall times) overlaps a quiet period."""
        day = starts.date() - dt.timedelta(days=1)
        while day <= ends.date():
            quiet_start = dt.datetime.combine(day, self.starts, tzinfo=starts.tzinfo)
            quiet_end_day = day + dt.timedelta(days=1) if self.ends <= self.starts else day
            quiet_end = dt.datetime.combine(quiet_end_day, self.ends, tzinfo=starts.tzinfo)
            if starts < quiet_end and quiet_start < ends:
                return True
            day += dt.timedelta(days=1)
        return False


def check_sound(
    found: Iterable[Occurrence],
    events: Iterable[Event],
    venues: Iterable[Venue],
    quiet: QuietHours | None = None,
) -> Verdict:
    """``scheduling.sound``: amplified sound only where the venue allows it, and never
    during quiet hours (outdoors only, by default)."""
    quiet = quiet if quiet is not None else QuietHours()
    by_id = _venues(venues)
    events = events if isinstance(events, Sequence) else tuple(events)
    found = found if isinstance(found, Sequence) else tuple(found)
    where = _Where(events, found)
    loud = {event.id for event in events if event.amplified}
    reasons: list[Reason] = []
    for occurrence in found:
        venue = by_id.get(occurrence.venue)
        if occurrence.event not in loud or venue is None:
            continue
        path = where(occurrence)
        if not venue.amplified_sound:
            reasons.append(
                Reason(
                    path,
                    Text(
                        f"{occurrence.event} uses amplified sound at {venue.name}, which does not allow it",
                        f"{occurrence.event} 在不允许扩音的{venue.name}使用扩音设备",
                    ),
                    "no amplified sound",
                    "amplified",
                )
            )
        elif (not quiet.outdoor_only or not venue.indoor) and quiet.overlaps(
            occurrence.starts, occurrence.ends
        ):
            reasons.append(
                Reason(
                    path,
                    Text(
                        f"{occurrence.event} ({_when(occurrence)}) uses amplified sound during quiet "
                        f"hours {quiet.starts:%H:%M}-{quiet.ends:%H:%M}",
                        f"{occurrence.event}（{_when(occurrence)}）在安静时段 "
                        f"{quiet.starts:%H:%M}-{quiet.ends:%H:%M} 使用扩音设备",
                    ),
                    f"outside {quiet.starts:%H:%M}-{quiet.ends:%H:%M}",
                    _when(occurrence),
                )
            )
    return _verdict(
        SOUND_RULE,
        reasons,
        Text("no amplified sound out of place or out of hours", "没有违规使用扩音设备"),
    )


def check_schedule(
    events: Sequence[Event],
    venues: Sequence[Venue],
    after: dt.datetime,
    before: dt.datetime,
    *,
    quiet: QuietHours | None = None,
    assignments: Sequence[Assignment] = (),
    calendar: HolidayCalendar | None = None,
) -> Report:
    """Every scheduling rule over the occurrences in a window: double booking,
    capacity, opening hours, sound, staffing and overlapping shifts."""
    found = occurrences(events, after, before, calendar=calendar)
    return check_occurrences(found, events, venues, quiet=quiet, assignments=assignments)


def check_occurrences(
    found: Sequence[Occurrence],
    events: Sequence[Event],
    venues: Sequence[Venue],
    *,
    quiet: QuietHours | None = None,
    assignments: Sequence[Assignment] = (),
) -> Report:
    """The rules of :func:`check_schedule` over occurrences already expanded (from
    :func:`occurrences`), for a caller that shows them too."""
    return Report(
        (
            check_double_booking(found, events=events),
            check_capacity(events, venues),
            check_opening_hours(found, venues, events=events),
            check_sound(found, events, venues, quiet),
            check_staffing(found, events, assignments),
            check_shifts(found, assignments),
        )
    )


class _Where:
    """Where a reason about an occurrence points: its event in ``events``
    (``$.events[4]``), or, where the event is not among them, the occurrence itself in
    the occurrences given (``$.occurrences[17]``).  Occurrences are derived, so their
    event is what a reader can find and fix."""

    def __init__(self, events: Iterable[Event], found: Iterable[Occurrence]) -> None:
        self._events: dict[str, int] = {}
        for i, event in enumerate(events):
            self._events.setdefault(event.id, i)
        self._found = found
        self._positions: dict[int, int] | None = None

    def __call__(self, occurrence: Occurrence) -> str:
        i = self._events.get(occurrence.event)
        if i is not None:
            return f"$.events[{i}]"
        if self._positions is None:  # built once, only when a reason needs it
            self._positions = {id(o): k for k, o in enumerate(self._found)}
        return f"$.occurrences[{self._positions.get(id(occurrence), 0)}]"


def _unknown_venue(event: Event, index: int) -> Reason:
    return Reason(
        f"$.events[{index}].venue",
        Text(
            f"{event.id} is at venue {event.venue}, which is not listed",
            f"{event.id} 的场地 {event.venue} 不在场地列表中",
        ),
        "a listed venue",
        event.venue,
    )


def _verdict(rule: Rule, reasons: list[Reason], summary: Text) -> Verdict:
    return rule.judge(reasons, Reason("$", summary))


# --- registrations and the waitlist -------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Registration(Model):
    """One person's (or household's) request for places at an event, made at ``at``."""

    person: str
    at: dt.datetime
    places: int = 1

    __attrs_post_init__ = checks(person=IDENT, at=AWARE, places=int_range(1, 20))


@attrs.frozen(eq=False, repr=False)
class Roster(Model):
    """Who is coming to one event: confirmed registrations within ``capacity`` places,
    then a waitlist in the order people asked.

    Change it only with :func:`register` and :func:`cancel_registration`, which
    return the new roster and what happened; a refused change raises and leaves the
    roster as it was (it is immutable).
    """

    event: str
    capacity: int
    starts: dt.datetime
    cancelled: bool = False
    confirmed: tuple[Registration, ...] = ()
    waitlist: tuple[Registration, ...] = ()

    __attrs_post_init__ = checks(
        event=IDENT,
        capacity=int_range(1, 1_000_000),
        starts=AWARE,
        cancelled=BOOL,
        confirmed=tuple_of(Registration),
        waitlist=tuple_of(Registration),
        where=(
            Where(
                "sum(r.places for r in self.confirmed) <= self.capacity",
                "$.confirmed",
                Text("registrations within capacity", "确认报名人数不超过容量"),
            ),
        ),
    )

    @property
    def taken(self) -> int:
        """Places taken by confirmed registrations."""
        return sum(r.places for r in self.confirmed)


@attrs.frozen(eq=False, repr=False)
class Registered(Model):
    """Fact: a registration was confirmed (``waitlisted`` False) or put on the waitlist."""

    event: str
    person: str
    waitlisted: bool
    position: int

    __attrs_post_init__ = checks(
        event=IDENT, person=IDENT, waitlisted=BOOL, position=int_range(1, 10_000_000)
    )


@attrs.frozen(eq=False, repr=False)
class Cancelled(Model):
    """Fact: a registration was withdrawn, and who moved up from the waitlist."""

    event: str
    person: str
    promoted: tuple[str, ...]

    __attrs_post_init__ = checks(event=IDENT, person=IDENT, promoted=tuple_of(str))


def register(roster: Roster, registration: Registration) -> tuple[Roster, Registered]:
    """Add a registration: confirmed while places last, else at the end of the waitlist.

    Raises :class:`~neighborly.errors.IllegalTransition` for a cancelled event or one
    that has started (at ``registration.at``), and :class:`~neighborly.errors.Conflict`
    when the person is already on the roster.
    """
    if roster.cancelled or registration.at >= roster.starts:
        state = Text("cancelled", "已取消") if roster.cancelled else Text("under way", "已开始")
        subject = Text(f"event {roster.event}", f"活动 {roster.event}")
        raise IllegalTransition(subject, state, Text("register for", "报名"))
    if any(r.person == registration.person for r in (*roster.confirmed, *roster.waitlist)):
        raise Conflict(
            "registration", f"{roster.event}/{registration.person}", "already on the roster"
        )
    if not roster.waitlist and roster.taken + registration.places <= roster.capacity:
        confirmed = (*roster.confirmed, registration)
        new = attrs.evolve(roster, confirmed=confirmed)
        return new, Registered(
            roster.event, registration.person, waitlisted=False, position=len(confirmed)
        )
    waitlist = (*roster.waitlist, registration)
    new = attrs.evolve(roster, waitlist=waitlist)
    return new, Registered(
        roster.event, registration.person, waitlisted=True, position=len(waitlist)
    )


def cancel_registration(roster: Roster, person: str) -> tuple[Roster, Cancelled]:
    """Withdraw a person's registration; the waitlist then moves up in order while the
    freed places allow (a large group waits rather than being skipped).

    Raises :class:`~neighborly.errors.NotFound` when the person is not on the roster.
    """
    confirmed = tuple(r for r in roster.confirmed if r.person != person)
    waitlist = tuple(r for r in roster.waitlist if r.person != person)
    if len(confirmed) == len(roster.confirmed) and len(waitlist) == len(roster.waitlist):
        raise NotFound("registration", person, f"event {roster.event}")
    promoted: list[Registration] = []
    taken = sum(r.places for r in confirmed)
    while waitlist and taken + waitlist[0].places <= roster.capacity:
        promoted.append(waitlist[0])
        taken += waitlist[0].places
        waitlist = waitlist[1:]
    new = attrs.evolve(roster, confirmed=(*confirmed, *promoted), waitlist=waitlist)
    return new, Cancelled(roster.event, person, tuple(r.person for r in promoted))


# --- staffing ------------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Assignment(Model):
    """A volunteer (or staff member) assigned to a role at one occurrence of an event,
    named by the event and the occurrence's start."""

    person: str
    event: str
    starts: dt.datetime
    role: str

    __attrs_post_init__ = checks(person=IDENT, event=IDENT, starts=AWARE, role=TEXT)


def shortfalls(
    found: Iterable[Occurrence], events: Iterable[Event], assignments: Iterable[Assignment]
) -> Iterator[tuple[Occurrence, RoleNeed, int]]:
    """Each role an occurrence needs more people in than are assigned to it, with the
    need and how many are assigned, occurrence by occurrence in the order given."""
    needs = {event.id: event.roles for event in events}
    assigned: dict[tuple[str, dt.datetime, str], int] = {}
    for assignment in assignments:
        key = (assignment.event, assignment.starts, assignment.role)
        assigned[key] = assigned.get(key, 0) + 1
    for occurrence in found:
        for need in needs.get(occurrence.event, ()):
            have = assigned.get((occurrence.event, occurrence.starts, need.role), 0)
            if have < need.count:
                yield occurrence, need, have


def check_staffing(
    found: Iterable[Occurrence], events: Iterable[Event], assignments: Iterable[Assignment]
) -> Verdict:
    """``scheduling.staffing``: every occurrence has as many people in each role as its
    event needs; names each gap with the shortfall."""
    events = events if isinstance(events, Sequence) else tuple(events)
    found = found if isinstance(found, Sequence) else tuple(found)
    where = _Where(events, found)
    needs = {event.id: event.roles for event in events}
    count = sum(len(needs.get(occurrence.event, ())) for occurrence in found)
    reasons = [
        Reason(
            where(occurrence),
            Text(
                f"{occurrence.event} ({_when(occurrence)}) needs {need.count} {need.role}, "
                f"has {have} ({need.count - have} short)",
                f"{occurrence.event}（{_when(occurrence)}）需要{need.role} {need.count} 人，"
                f"已安排 {have} 人（缺 {need.count - have} 人）",
            ),
            str(need.count),
            str(have),
        )
        for occurrence, need, have in shortfalls(found, events, assignments)
    ]
    return _verdict(
        STAFFING_RULE,
        reasons,
        Text(f"all {number(count)} role needs filled", f"全部 {number(count)} 项岗位需求均已配齐"),
    )


def check_shifts(found: Iterable[Occurrence], assignments: Iterable[Assignment]) -> Verdict:
    """``scheduling.shifts``: nobody is assigned to two occurrences that overlap.

    Groups assignments by person, sorts each group by start and sweeps once, as the
    double-booking rule does for venues.
    """
    spans = {(o.event, o.starts): o for o in found}
    by_person: dict[str, list[tuple[Occurrence, int]]] = {}
    for i, assignment in enumerate(assignments):
        occurrence = spans.get((assignment.event, assignment.starts))
        if occurrence is not None:
            by_person.setdefault(assignment.person, []).append((occurrence, i))
    reasons: list[Reason] = []
    for person in sorted(by_person):
        items = sorted(by_person[person], key=lambda item: item[0].starts)
        latest = items[0][0]
        for occurrence, i in items[1:]:
            if occurrence.starts < latest.ends and occurrence != latest:
                reasons.append(
                    Reason(
                        f"$.assignments[{i}]",
                        Text(
                            f"{person} is on {occurrence.event} ({_when(occurrence)}) and "
                            f"{latest.event} ({_when(latest)}) at once",
                            f"{person} 同时被安排在 {occurrence.event}（{_when(occurrence)}）和 "
                            f"{latest.event}（{_when(latest)}）",
                        ),
                        "one place at a time",
                        f"{latest.event}+{occurrence.event}",
                    )
                )
            if occurrence.ends > latest.ends:
                latest = occurrence
    return _verdict(
        SHIFTS_RULE,
        reasons,
        Text(
            f"{number(len(by_person))} people, no overlapping shifts",
            f"{number(len(by_person))} 人均无时间冲突的班次",
        ),
    )


# --- the annual plan ------------------------------------------------------------------------

TRADITIONAL_FESTIVALS: frozenset[Festival] = frozenset(
    {
        Festival.SPRING_FESTIVAL,
        Festival.LANTERN,
        Festival.LONGTAITOU,
        Festival.QINGMING,
        Festival.DRAGON_BOAT,
        Festival.QIXI,
        Festival.MID_AUTUMN,
        Festival.DOUBLE_NINTH,
        Festival.LABA,
        Festival.WINTER_SOLSTICE,
    }
)
"""The traditional festivals a community's year of activities is expected to cover."""


@attrs.frozen(eq=False, repr=False)
class PlanTargets(Model):
    """What a year of community activities should reach: at least ``min_activities``
    occurrences (60+ a year in the model compounds) and an activity on the day of every
    festival in ``festivals``."""

    min_activities: int = 60
    festivals: frozenset[Festival] = TRADITIONAL_FESTIVALS

    __attrs_post_init__ = checks(min_activities=COUNT, festivals=enum_set(Festival))


# How far ahead to look for a recurrence's first occurrence: a lunar rule that only
# falls in leap months can wait decades (the next leap 11th month is in 2033).
_FIRST_WITHIN_YEARS = 200


def recurring_event(
    event_id: str,
    title: str,
    venue: str,
    recurrence: Recurrence,
    ends: dt.time,
    *,
    calendar: HolidayCalendar | None = None,
    **details: Any,
) -> Event:
    """An event on ``recurrence``, each occurrence ending at ``ends`` the same day.

    ``starts`` and ``ends`` are set from the recurrence's first occurrence (holidays,
    where the recurrence moves or skips them, from ``calendar``: the shipped years
    unless given); ``details`` are the other :class:`Event` fields (``expected``,
    ``organiser``, ``kind``, ``audience``, ``roles``, ``amplified``).  Raises
    :class:`~neighborly.errors.InvalidInput` when ``ends`` is not after the start time
    or the recurrence never occurs, and :class:`~neighborly.errors.NotFound` when the
    first occurrence depends on a year of holidays the calendar lacks.
    """
    after = recurrence.start
    first = None
    # A month, then a year, then decades: a window never reaches further than the
    # first occurrence needs, so holidays are read only for the years it needs.
    spans = (31, 366, *([3653] * (_FIRST_WITHIN_YEARS // 10)))
    for span in spans:
        before = after + dt.timedelta(days=span)
        found = recurrence.between(after, before, calendar=calendar)
        if found:
            first = found[0]
            break
        after = before
    if first is None:
        raise InvalidInput(
            [
                Problem(
                    "$.recurrence",
                    Text(
                        f"a recurrence that occurs within {_FIRST_WITHIN_YEARS} years of its start",
                        f"自开始起 {_FIRST_WITHIN_YEARS} 年内会发生的重复规则",
                    ),
                    Text("no occurrence", "没有任何一次"),
                )
            ]
        )
    last = dt.datetime.combine(first.date(), ends, tzinfo=first.tzinfo)
    return Event(
        id=event_id,
        title=title,
        venue=venue,
        starts=first,
        ends=last,
        recurrence=recurrence,
        **details,
    )


def weekly_event(
    event_id: str,
    title: str,
    venue: str,
    hours: tuple[dt.time, dt.time],
    *,
    weekday: int,
    starting: dt.date,
    zone: dt.tzinfo = DEFAULT_ZONE,
    **details: Any,
) -> Event:
    """ "Every Saturday morning volunteer service": an event every week on ``weekday``
    (0 Monday ... 6 Sunday) from ``hours[0]`` to ``hours[1]``, from ``starting`` on."""
    return recurring_event(
        event_id,
        title,
        venue,
        Recurrence(
            dt.datetime.combine(starting, hours[0], tzinfo=zone),
            rule=f"FREQ=WEEKLY;BYDAY={rrule_day(weekday)}",
        ),
        hours[1],
        **details,
    )


def monthly_event(
    event_id: str,
    title: str,
    venue: str,
    hours: tuple[dt.time, dt.time],
    *,
    nth: int,
    weekday: int,
    starting: dt.date,
    zone: dt.tzinfo = DEFAULT_ZONE,
    **details: Any,
) -> Event:
    """ "The monthly Party day on the first Friday": an event on the ``nth`` ``weekday``
    of every month (``nth`` 1 to 4, or -1 for the last), from ``starting`` on."""
    if type(nth) is not int or nth not in {1, 2, 3, 4, -1}:
        raise InvalidInput(
            [
                Problem(
                    "$.nth",
                    Text("1, 2, 3, 4 or -1 (the last)", "1、2、3、4 或 -1（最后一个）"),
                    Text.same(repr(nth)),
                )
            ]
        )
    return recurring_event(
        event_id,
        title,
        venue,
        Recurrence(
            dt.datetime.combine(starting, hours[0], tzinfo=zone),
            rule=f"FREQ=MONTHLY;BYDAY={nth}{rrule_day(weekday)}",
        ),
        hours[1],
        **details,
    )


def festival_events(
    year: int,
    venue: str,
    hours: tuple[dt.time, dt.time],
    festivals: Iterable[Festival] = TRADITIONAL_FESTIVALS,
    zone: dt.tzinfo = DEFAULT_ZONE,
) -> tuple[Event, ...]:
    """One event on the day of each festival of ``year``, at ``venue`` from ``hours[0]``
    to ``hours[1]``: the "every traditional festival" template of an annual plan."""
    made = []
    for festival in sorted(festivals, key=lambda f: f.value):
        for day in festival_days(festival, year):
            starts = dt.datetime.combine(day, hours[0], tzinfo=zone)
            ends = dt.datetime.combine(day, hours[1], tzinfo=zone)
            made.append(
                Event(
                    id=f"{festival.value}-{day.isoformat()}",
                    title=festival.label.zh,
                    venue=venue,
                    starts=starts,
                    ends=ends,
                    kind=f"festival:{festival.value}",
                )
            )
    return tuple(made)


def check_plan(
    events: Sequence[Event],
    year: int,
    targets: PlanTargets | None = None,
    *,
    calendar: HolidayCalendar | None = None,
) -> Report:
    """``plan.activities`` and ``plan.festivals``: a year's events against its targets."""
    targets = targets if targets is not None else PlanTargets()
    zone = DEFAULT_ZONE
    found = occurrences(
        events,
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
        calendar=calendar,
    )
    count = len(found)
    activities = ACTIVITIES_RULE.verdict(
        passed=count >= targets.min_activities,
        title=Text(
            f"At least {targets.min_activities} activities in {year}",
            f"{year} 年至少开展 {targets.min_activities} 场活动",
        ),
        reasons=(
            Reason(
                "$.events",
                Text(
                    f"{number(count)} activities planned, {number(targets.min_activities)} wanted"
                    + (
                        f" ({number(targets.min_activities - count)} short)"
                        if count < targets.min_activities
                        else ""
                    ),
                    f"计划 {number(count)} 场，目标 {number(targets.min_activities)} 场"
                    + (
                        f"（差 {number(targets.min_activities - count)} 场）"
                        if count < targets.min_activities
                        else ""
                    ),
                ),
                str(targets.min_activities),
                str(count),
            ),
        ),
    )
    days = {o.starts.date() for o in found}
    missing = [
        (festival, day)
        for festival in sorted(targets.festivals, key=lambda f: f.value)
        for day in festival_days(festival, year)
        if day not in days
    ]
    reasons = tuple(
        Reason(
            "$.events",
            Text(
                f"no activity on {festival.label.en} ({day.isoformat()})",
                f"{festival.label.zh}（{day.isoformat()}）没有安排活动",
            ),
            day.isoformat(),
            "none",
        )
        for festival, day in missing
    )
    festivals = FESTIVALS_RULE.judge(
        reasons,
        Reason(
            "$.events",
            Text(
                f"all {len(targets.festivals)} festivals have an activity",
                f"全部 {len(targets.festivals)} 个节日均有活动",
            ),
        ),
    )
    return Report((activities, festivals))


# --- ids and references, declared ----------------------------------------------------

VENUE = Kind("venue", Text("a venue", "场地"))
EVENT = Kind("event", Text("an event", "活动"))

VENUE_DECLARED = Declarations(ids=(Ids("id", VENUE),))
"""A venue defines its id."""
EVENT_DECLARED = Declarations(ids=(Ids("id", EVENT),), refs=(Ref("venue", ("venue",)),))
"""An event defines its id and names its venue."""
ASSIGNMENT_DECLARED = Declarations(
    refs=(
        Ref("event", ("event",)),
        Ref("person", ("staff", "resident")),
    )
)
"""An assignment names its event and the staff member or resident assigned."""
