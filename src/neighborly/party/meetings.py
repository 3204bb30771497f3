"""Organisational life: the meeting obligations of each unit ("三会一课", the themed
Party day, the organisational-life meeting, member appraisal), what was held, what is
missing, and the obligations as calendar events.

The obligations are a :class:`MeetingPolicy` (支部工作条例 Arts. 11-18 by default);
:func:`meeting_compliance` says per unit what was due, what was held, what is missing
and when the next is due; :func:`meeting_events` puts the next ones on the calendar.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    OPT_TEXT,
    checks,
    enum_set,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE, rrule_day
from neighborly.party.structure import BRANCH_RULES, PartyUnit, Position, PositionKind, UnitKind
from neighborly.recurrence import Recurrence
from neighborly.scheduling import Event, recurring_event
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "DEFAULT_OBLIGATIONS",
    "MEETINGS_RULE",
    "RULES",
    "Frequency",
    "Meeting",
    "MeetingKind",
    "MeetingPolicy",
    "Obligation",
    "ObligationStatus",
    "UnitCompliance",
    "check_meetings",
    "meeting_compliance",
    "meeting_events",
    "periods",
    "quarter_of",
]


# --- meetings -------------------------------------------------------------------------------


class MeetingKind(str, enum.Enum):
    """The meetings of Party organisational life."""

    GENERAL_MEETING = "general_meeting"  # 党员大会
    COMMITTEE_MEETING = "committee_meeting"  # 支部委员会会议
    GROUP_MEETING = "group_meeting"  # 党小组会
    LECTURE = "lecture"  # 党课
    PARTY_DAY = "party_day"  # 主题党日
    ORG_LIFE = "org_life"  # 组织生活会
    APPRAISAL = "appraisal"  # 民主评议党员

    @property
    def label(self) -> Text:
        return _MEETING_LABELS[self]


_MEETING_LABELS = MappingProxyType(
    {
        MeetingKind.GENERAL_MEETING: Text("general meeting", "党员大会"),
        MeetingKind.COMMITTEE_MEETING: Text("branch committee meeting", "支部委员会会议"),
        MeetingKind.GROUP_MEETING: Text("Party group meeting", "党小组会"),
        MeetingKind.LECTURE: Text("Party lecture", "党课"),
        MeetingKind.PARTY_DAY: Text("themed Party day", "主题党日"),
        MeetingKind.ORG_LIFE: Text("organisational-life meeting", "组织生活会"),
        MeetingKind.APPRAISAL: Text("member appraisal", "民主评议党员"),
    }
)


class Frequency(str, enum.Enum):
    """How often an obligation falls due: once a calendar month, quarter or year."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[self]


_UNIT_KINDS = enum_set(UnitKind)


@attrs.frozen(eq=False, repr=False)
class Obligation(Model):
    """A meeting a kind of unit must hold once per period.  ``needs_committee``: only
    units with a committee (a committee member among their positions).  ``practice``
    marks a frequency that is common practice rather than rule."""

    kind: MeetingKind
    frequency: Frequency
    units: frozenset[UnitKind]
    source: Text
    needs_committee: bool = False
    practice: bool = False

    __attrs_post_init__ = checks(
        kind=is_enum(MeetingKind),
        frequency=is_enum(Frequency),
        units=_UNIT_KINDS,
        source=of_type(Text),
        needs_committee=BOOL,
        practice=BOOL,
    )


_BRANCHES = frozenset({UnitKind.BRANCH, UnitKind.JOINT_BRANCH})


def _art(number_en: str, number_zh: str) -> Text:
    return Text(f"{BRANCH_RULES.en}, Art. {number_en}", f"{BRANCH_RULES.zh}第{number_zh}条")


DEFAULT_OBLIGATIONS: tuple[Obligation, ...] = (
    Obligation(MeetingKind.GENERAL_MEETING, Frequency.QUARTERLY, _BRANCHES, _art("11", "十一")),
    Obligation(
        MeetingKind.COMMITTEE_MEETING,
        Frequency.MONTHLY,
        _BRANCHES,
        _art("12", "十二"),
        needs_committee=True,
    ),
    Obligation(
        MeetingKind.GROUP_MEETING,
        Frequency.MONTHLY,
        frozenset({UnitKind.GROUP}),
        _art("13", "十三"),
    ),
    Obligation(MeetingKind.PARTY_DAY, Frequency.MONTHLY, _BRANCHES, _art("16", "十六")),
    Obligation(
        MeetingKind.LECTURE,
        Frequency.QUARTERLY,
        _BRANCHES,
        Text(
            "common local practice; the 2018 rules (Art. 16) require lectures without a minimum",
            "地方通行做法；《支部工作条例》第十六条要求讲党课但未规定频次",
        ),
        practice=True,
    ),
    Obligation(MeetingKind.ORG_LIFE, Frequency.YEARLY, _BRANCHES, _art("17", "十七")),
    Obligation(MeetingKind.APPRAISAL, Frequency.YEARLY, _BRANCHES, _art("18", "十八")),
)
"""The meetings the 2018 branch rules ask for ("三会一课" and the rest)."""


@attrs.frozen(eq=False, repr=False)
class MeetingPolicy(Model):
    """The meeting obligations to check (default: :data:`DEFAULT_OBLIGATIONS`)."""

    obligations: tuple[Obligation, ...] = DEFAULT_OBLIGATIONS

    __attrs_post_init__ = checks(obligations=tuple_of(Obligation))


@attrs.frozen(eq=False, repr=False)
class Meeting(Model):
    """A meeting a unit held on a day."""

    id: str
    unit: str
    kind: MeetingKind
    day: dt.date
    attendees: int | None = None
    topic: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        unit=IDENT,
        kind=is_enum(MeetingKind),
        day=DATE,
        attendees=opt(int_range(0, 100_000)),
        topic=OPT_TEXT,
    )


def periods(
    frequency: Frequency, first: dt.date, last: dt.date
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The calendar months, quarters or years that overlap ``first`` to ``last``, as
    (first day, last day) pairs.

    >>> periods(Frequency.QUARTERLY, dt.date(2026, 3, 31), dt.date(2026, 4, 1))
    ((datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)), (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)))
    """
    step = frequency.months
    start = dt.date(first.year, (first.month - 1) // step * step + 1, 1)
    found = []
    while start <= last:
        following = start + relativedelta(months=step)
        found.append((start, following - dt.timedelta(days=1)))
        start = following
    return tuple(found)


def _period_label(frequency: Frequency, first: dt.date) -> str:
    if frequency is Frequency.MONTHLY:
        return f"{first:%Y-%m}"
    if frequency is Frequency.QUARTERLY:
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return str(first.year)


@attrs.frozen(eq=False, repr=False)
class ObligationStatus(Model):
    """One obligation of one unit over a window: how many periods had ended (``due``),
    in how many it was met (``held``), which were missed, whether the current period
    is already met, and the day the next meeting is due by."""

    kind: MeetingKind
    frequency: Frequency
    due: int
    held: int
    missing: tuple[str, ...]
    current_met: bool
    next_due: dt.date


@attrs.frozen(eq=False, repr=False)
class UnitCompliance(Model):
    """A unit's meeting obligations over a window."""

    unit: str
    statuses: tuple[ObligationStatus, ...]

    @property
    def missing(self) -> int:
        return sum(len(s.missing) for s in self.statuses)


def meeting_compliance(
    units: Sequence[PartyUnit],
    meetings: Iterable[Meeting],
    first: dt.date,
    as_of: dt.date,
    *,
    policy: MeetingPolicy | None = None,
    positions: Iterable[Position] = (),
) -> tuple[UnitCompliance, ...]:
    """Per unit and obligation, over the periods from ``first`` to ``as_of``: what was
    due (periods that ended by ``as_of``), what was held, what is missing, and when
    the next is due.  A period still running is not missing yet."""
    policy = policy if policy is not None else MeetingPolicy()
    with_committee = {p.unit for p in positions if p.kind is PositionKind.COMMITTEE_MEMBER}
    held: dict[tuple[str, MeetingKind], list[dt.date]] = {}
    for meeting in meetings:
        held.setdefault((meeting.unit, meeting.kind), []).append(meeting.day)
    spans = {f: periods(f, first, as_of) for f in {o.frequency for o in policy.obligations}}
    made = []
    for unit in units:
        statuses = []
        for obligation in policy.obligations:
            if unit.kind not in obligation.units:
                continue
            if obligation.needs_committee and unit.id not in with_committee:
                continue
            days = held.get((unit.id, obligation.kind), [])
            statuses.append(_status(obligation, days, spans[obligation.frequency], as_of))
        made.append(UnitCompliance(unit.id, tuple(statuses)))
    return tuple(made)


def _status(
    obligation: Obligation,
    days: list[dt.date],
    spans: tuple[tuple[dt.date, dt.date], ...],
    as_of: dt.date,
) -> ObligationStatus:
    """One obligation over ``spans``, the periods from the window's first day to
    ``as_of`` (only the last may still be running)."""
    due = held = 0
    missing = []
    met = False
    for start, end in spans:
        met = any(start <= day <= end for day in days)
        if end <= as_of:
            due += 1
            held += met
            if not met:
                missing.append(_period_label(obligation.frequency, start))
    # The next meeting is due by the end of the running period, or of the one after
    # the last period when that is already met (or has ended).
    next_due = as_of
    current_met = False
    if spans:
        end = spans[-1][1]
        running = end > as_of
        current_met = running and met
        if current_met or not running:
            next_due = end + relativedelta(months=obligation.frequency.months, day=31)
        else:
            next_due = end
    return ObligationStatus(
        obligation.kind, obligation.frequency, due, held, tuple(missing), current_met, next_due
    )


MEETINGS_RULE = Rule(
    "party.meetings",
    Text("Every unit held the meetings it owes", "各组织按规定召开会议"),
    Text(f"{BRANCH_RULES.en}, Arts. 11-18", f"{BRANCH_RULES.zh}第十一至十八条"),
    basis=(
        "FACTS.md §4 三会一课: general meeting quarterly (Art. 11), committee and group meetings "
        "monthly (Arts. 12-13), themed Party day monthly (Art. 16), organisational-life meeting "
        "and member appraisal yearly (Arts. 17-18) [V-2]"
    ),
    reads=Text("the Party units, positions and meetings held", "党组织、职务与已开会议"),
    policy="meetings",
)

RULES: tuple[Rule, ...] = (MEETINGS_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_meetings(
    compliance: Iterable[UnitCompliance], lang_source: Text | None = None
) -> Verdict:
    """``party.meetings``: no obligation missed in any period that has ended.

    ``compliance`` is as :func:`meeting_compliance` gives it, one entry per unit in the
    units' order, so a reason's path (``$.party.units[3]``) is the unit's."""
    problems = []
    units = 0
    for i, unit in enumerate(compliance):
        units += 1
        for status in unit.statuses:
            if status.missing:
                label = status.kind.label
                problems.append(
                    Reason(
                        f"$.party.units[{i}]",
                        Text(
                            f"{unit.unit}: no {label.en} in {', '.join(status.missing)} "
                            f"({status.held} of {status.due} held)",
                            f"{unit.unit}：{'、'.join(status.missing)} 未召开{label.zh}"
                            f"（应开 {status.due} 次，已开 {status.held} 次）",
                        ),
                        str(status.due),
                        str(status.held),
                    )
                )
    return Verdict.from_reasons(
        MEETINGS_RULE.code,
        MEETINGS_RULE.title,
        problems,
        Reason(
            "$.party.meetings", Text(f"{units} units, nothing missed", f"{units} 个组织，无缺漏")
        ),
        lang_source if lang_source is not None else MEETINGS_RULE.source,
    )


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter ``day`` falls in, first and last day.

    >>> quarter_of(dt.date(2026, 12, 31))
    (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """
    ((first, last),) = periods(Frequency.QUARTERLY, day, day)
    return first, last


# --- obligations as calendar events ------------------------------------------------------------

# Which week of the month each meeting takes by default, so one unit's meetings do not
# fall on the same day; quarterly meetings take the quarter's first month (the lecture
# its second), yearly ones December (the organisational-life meeting is "generally in
# the fourth quarter", Art. 17).
_SLOTS: Mapping[MeetingKind, tuple[int, int]] = MappingProxyType(
    {
        MeetingKind.PARTY_DAY: (1, 0),
        MeetingKind.COMMITTEE_MEETING: (2, 0),
        MeetingKind.GROUP_MEETING: (3, 0),
        MeetingKind.GENERAL_MEETING: (4, 0),
        MeetingKind.LECTURE: (4, 1),
        MeetingKind.ORG_LIFE: (2, 0),
        MeetingKind.APPRAISAL: (3, 0),
    }
)


def meeting_events(
    unit: PartyUnit,
    starting: dt.date,
    venue: str,
    hours: tuple[dt.time, dt.time],
    *,
    weekday: int = 4,
    with_committee: bool = False,
    policy: MeetingPolicy | None = None,
    zone: dt.tzinfo = DEFAULT_ZONE,
) -> tuple[Event, ...]:
    """A unit's meeting obligations as recurring events for :mod:`neighborly.scheduling`:
    monthly ones on the n-th ``weekday`` (0 Monday ... 6 Sunday; by default Friday) of
    every month, a different week for each kind, quarterly ones in the quarter's first
    (or second) month, yearly ones in December; from ``starting`` on, at ``venue``."""
    policy = policy if policy is not None else MeetingPolicy()
    made = []
    day = rrule_day(weekday)
    quarter_start = quarter_of(starting)[0]
    for obligation in policy.obligations:
        if unit.kind not in obligation.units or (obligation.needs_committee and not with_committee):
            continue
        nth, offset = _SLOTS[obligation.kind]
        if obligation.frequency is Frequency.MONTHLY:
            rule, first = f"FREQ=MONTHLY;BYDAY={nth}{day}", starting
        elif obligation.frequency is Frequency.QUARTERLY:
            rule = f"FREQ=MONTHLY;INTERVAL=3;BYDAY={nth}{day}"
            first = quarter_start + relativedelta(months=offset)
        else:
            rule, first = f"FREQ=YEARLY;BYMONTH=12;BYDAY={nth}{day}", dt.date(starting.year, 1, 1)
        recurrence = Recurrence(dt.datetime.combine(first, hours[0], tzinfo=zone), rule=rule)
        made.append(
            recurring_event(
                f"{unit.id}-{obligation.kind.value}",
                f"{unit.name}{obligation.kind.label.zh}",
                venue,
                recurrence,
                hours[1],
                organiser=unit.name,
                kind=f"party:{obligation.kind.value}",
            )
        )
    return tuple(made)
