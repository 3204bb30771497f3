"""Volunteers, their service records, the approval of records, and star levels.

A :class:`Volunteer` is a resident of the community or an outside person, registered
on a day, with skills.  Teams are the grids' :class:`~neighborly.grids.ServiceTeam`
(志愿服务队), whose ``members`` are volunteer ids.

A :class:`ServiceRecord` carries what the national record rules require (MCA Order
No. 67, 志愿服务记录与证明出具办法, Art. 7): the activity's name, day, place and content,
the hours actually served, the organising unit and the person in charge.  Travel time
is kept apart and not counted unless a :class:`RecordPolicy` says so.

Records move ``submitted -> approved`` or ``submitted -> rejected`` (with a reason),
decided by a :class:`Verifier` whose scope covers the record's team or grid.  An
approved record is never edited: :func:`correct` keeps it and adds a *reversal*
record that cancels it plus a new record for the right figures.

Star levels (星级) come from cumulative approved hours under a :class:`StarPolicy`:
the national default 100/300/600/1000/1500 hours, or a named local preset
(:data:`STAR_POLICIES`).

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> record = ServiceRecord(
    ...     id="sr-1", volunteer="v-1", team="t-elder",
    ...     activity="重阳敬老", day=dt.date(2026, 10, 18), place="老年日间照料中心",
    ...     content="陪伴聊天", hours=Decimal("2.5"),
    ...     organiser="示例社区居委会", person_in_charge="王主任", entered=dt.date(2026, 10, 19),
    ... )
    >>> approved, fact = approve(record, Verifier("st-1", teams=frozenset({"t-elder"})),
    ...                          dt.date(2026, 10, 20))
    >>> approved.status.value, fact.verifier
    ('approved', 'st-1')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_DATE,
    OPT_PROSE,
    OPT_TEXT,
    PROSE,
    TEXT,
    Check,
    Where,
    checks,
    int_range,
    is_enum,
    opt,
    string_set,
)
from neighborly._model import Model
from neighborly.calendar import OFFICIAL_CALENDAR, HolidayCalendar
from neighborly.errors import IllegalTransition, InvalidInput, NotFound, Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.personal import PERSONAL, mask_name, masked
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "DEADLINE_RULE",
    "RECORD",
    "RECORD_DECLARED",
    "REVERSALS_RULE",
    "RULES",
    "STAR_POLICIES",
    "VOLUNTEER",
    "VOLUNTEER_DECLARED",
    "Approved",
    "Corrected",
    "RecordPolicy",
    "RecordStatus",
    "Rejected",
    "ServiceRecord",
    "StarPolicy",
    "StarStanding",
    "Verifier",
    "Volunteer",
    "approve",
    "approved_hours",
    "check_records",
    "correct",
    "format_hours",
    "record_deadline",
    "reject",
    "served_hours",
    "standings",
    "star_level",
]

_HOURS = Check(
    "type({v}) is _Decimal and {v}.is_finite() and 0 < {v} <= 24 and {v}.as_tuple().exponent >= -2",
    Text(
        "hours greater than 0 and at most 24, to two decimal places",
        "大于 0、不超过 24 的小时数，最多两位小数",
    ),
    {"_Decimal": Decimal},
)
_TRAVEL = Check(
    "type({v}) is _Decimal and {v}.is_finite() and 0 <= {v} <= 24 and {v}.as_tuple().exponent >= -2",
    Text("hours from 0 to 24, to two decimal places", "0 至 24 的小时数，最多两位小数"),
    {"_Decimal": Decimal},
)
_TAGS = string_set(Text("a set of non-empty strings", "由非空字符串组成的集合"))
_IDS = string_set(Text("a set of ids", "标识集合"))


@attrs.frozen(eq=False, repr=False)
class Volunteer(Model):
    """A registered volunteer (注册志愿者): a resident (``resident`` is their id) or an
    outside person (give ``name``), registered on ``registered``, with ``skills``."""

    id: str
    registered: dt.date
    resident: str | None = None
    name: str | None = attrs.field(default=None, repr=masked(mask_name), metadata=PERSONAL)
    skills: frozenset[str] = frozenset()

    __attrs_post_init__ = checks(
        id=IDENT,
        registered=DATE,
        resident=opt(IDENT),
        name=OPT_TEXT,
        skills=_TAGS,
        where=(
            Where(
                "self.resident is not None or self.name is not None",
                "$.name",
                Text(
                    "a name for a volunteer who is not a resident",
                    "非本社区居民的志愿者须填写姓名",
                ),
                shows="name",
            ),
        ),
    )


class RecordStatus(str, enum.Enum):
    """Where a service record stands."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ServiceRecord(Model):
    """One volunteer's service at one activity (志愿服务记录).

    ``hours`` are the hours actually served (MCA Order No. 67 Art. 7: service time is
    the time actually given, in hours); ``travel_hours`` are kept apart.  ``entered``
    is the day the record was entered, for the 10-working-day rule (Art. 11).
    ``team`` and ``grid`` say whose verifier may decide it; ``kind`` is the activity
    kind earning rules look up.  A record with ``reverses`` is a reversal: approved,
    it cancels the approved record with that id.

    Keyword arguments only.  Ids: ``id`` (this record's, unique in the community),
    ``volunteer`` (a volunteer), ``team`` (a service team), ``grid`` (a grid),
    ``reverses`` and ``corrects`` (records), all checked against the community;
    ``verifier`` is the id of the :class:`Verifier` who decided, usually a staff
    member's.  ``activity``, ``place``, ``content``, ``organiser`` and
    ``person_in_charge`` are free text, as the national record writes them.
    """

    id: str
    volunteer: str
    activity: str
    day: dt.date
    place: str
    content: str
    hours: Decimal
    organiser: str
    person_in_charge: str
    entered: dt.date
    team: str | None = None
    grid: str | None = None
    kind: str | None = None
    travel_hours: Decimal = Decimal(0)
    status: RecordStatus = RecordStatus.SUBMITTED
    verifier: str | None = None
    decided: dt.date | None = None
    reason: str | None = None
    reverses: str | None = None
    corrects: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        volunteer=IDENT,
        activity=TEXT,
        day=DATE,
        place=TEXT,
        content=PROSE,
        hours=_HOURS,
        organiser=TEXT,
        person_in_charge=TEXT,
        entered=DATE,
        team=opt(IDENT),
        grid=opt(IDENT),
        kind=OPT_TEXT,
        travel_hours=_TRAVEL,
        status=is_enum(RecordStatus),
        verifier=opt(IDENT),
        decided=OPT_DATE,
        reason=OPT_PROSE,
        reverses=opt(IDENT),
        corrects=opt(IDENT),
        where=(
            Where(
                "self.entered >= self.day",
                "$.entered",
                Text("a day on or after the activity's day", "不早于活动日期的日期"),
                shows="entered",
            ),
            Where(
                "(self.status is _SUBMITTED) == (self.verifier is None and self.decided is None)",
                "$.verifier",
                Text(
                    "a verifier and a decision day exactly when the record is decided",
                    "已审核的记录须有审核人和审核日期，待审核的记录不得有",
                ),
                {"_SUBMITTED": RecordStatus.SUBMITTED},
                shows="verifier",
            ),
            Where(
                "self.decided is None or self.decided >= self.entered",
                "$.decided",
                Text("a day on or after the day it was entered", "不早于录入日期的日期"),
                shows="decided",
            ),
            Where(
                "self.status is not _REJECTED or self.reason is not None",
                "$.reason",
                Text("the reason for the rejection", "驳回理由"),
                {"_REJECTED": RecordStatus.REJECTED},
                shows="reason",
            ),
            Where(
                "self.reverses is None or self.status is _APPROVED",
                "$.status",
                Text("approved, as every reversal is", "approved（冲销记录一律为已审核）"),
                {"_APPROVED": RecordStatus.APPROVED},
                shows="status",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class Verifier(Model):
    """Someone who may approve or reject records (审核人): those of the teams and grids
    in their scope.  ``id`` is usually a staff member's id."""

    id: str
    teams: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()

    __attrs_post_init__ = checks(id=IDENT, teams=_IDS, grids=_IDS)

    def covers(self, record: ServiceRecord, within: Mapping[str, str | None] | None = None) -> bool:
        """Whether ``record``'s team or grid is in scope.  With ``within`` (each grid's
        parent, e.g. ``{g.id: g.parent for g in community.grids}``), a grid in scope
        also covers every grid below it."""
        if record.team is not None and record.team in self.teams:
            return True
        grid = record.grid
        seen: set[str] = set()
        while grid is not None and grid not in seen:
            if grid in self.grids:
                return True
            seen.add(grid)
            grid = within.get(grid) if within is not None else None
        return False


@attrs.frozen(eq=False, repr=False)
class Approved(Model):
    """A record was approved."""

    record: str
    verifier: str
    on: dt.date


@attrs.frozen(eq=False, repr=False)
class Rejected(Model):
    """A record was rejected, with the reason."""

    record: str
    verifier: str
    on: dt.date
    reason: str


@attrs.frozen(eq=False, repr=False)
class Corrected(Model):
    """An approved record was corrected: it stays, cancelled by ``reversal``, and
    ``replacement`` carries the right figures (submitted for approval)."""

    original: str
    reversal: ServiceRecord
    replacement: ServiceRecord


_STATUS_TEXT: Mapping[RecordStatus, Text] = MappingProxyType(
    {
        RecordStatus.SUBMITTED: Text("submitted", "待审核"),
        RecordStatus.APPROVED: Text("approved", "已通过"),
        RecordStatus.REJECTED: Text("rejected", "已驳回"),
    }
)
_VERBS: Mapping[str, Text] = MappingProxyType(
    {
        "approve": Text("approve", "审核通过"),
        "reject": Text("reject", "驳回"),
        "correct": Text("correct", "更正"),
    }
)


def _record(record: ServiceRecord) -> Text:
    return Text(f"service record {record.id}", f"志愿服务记录 {record.id}")


def _decide(
    record: ServiceRecord, verifier: Verifier, action: str, within: Mapping[str, str | None] | None
) -> None:
    if record.status is not RecordStatus.SUBMITTED:
        raise IllegalTransition(
            _record(record), _STATUS_TEXT[record.status], _VERBS[action], (_VERBS["approve"],)
        )
    if not verifier.covers(record, within):
        scope = ", ".join(sorted(verifier.teams | verifier.grids)) or "nothing"
        where = f"(team {record.team}, grid {record.grid}; scope: {scope})"
        outside = Text(
            f"outside the scope of verifier {verifier.id} {where}",
            f"不在审核人 {verifier.id} 的范围内（服务队 {record.team}，网格 {record.grid}；"
            f"范围：{scope}）",
        )
        raise IllegalTransition(_record(record), outside, _VERBS[action])


def approve(
    record: ServiceRecord,
    verifier: Verifier,
    on: dt.date,
    *,
    within: Mapping[str, str | None] | None = None,
) -> tuple[ServiceRecord, Approved]:
    """Approve a submitted record.  Raises :class:`~neighborly.errors.IllegalTransition`
    when it is not submitted or the verifier's scope does not cover it."""
    _decide(record, verifier, "approve", within)
    decided = attrs.evolve(record, status=RecordStatus.APPROVED, verifier=verifier.id, decided=on)
    return decided, Approved(record.id, verifier.id, on)


def reject(
    record: ServiceRecord,
    verifier: Verifier,
    on: dt.date,
    reason: str,
    *,
    within: Mapping[str, str | None] | None = None,
) -> tuple[ServiceRecord, Rejected]:
    """Reject a submitted record, saying why."""
    _decide(record, verifier, "reject", within)
    decided = attrs.evolve(
        record, status=RecordStatus.REJECTED, verifier=verifier.id, decided=on, reason=reason
    )
    return decided, Rejected(record.id, verifier.id, on, reason)


def correct(
    original: ServiceRecord,
    replacement: ServiceRecord,
    verifier: Verifier,
    on: dt.date,
    reason: str,
    *,
    reversal_id: str | None = None,
    within: Mapping[str, str | None] | None = None,
) -> Corrected:
    """Correct an approved record without editing it: a reversal record (approved by
    ``verifier`` on ``on``, id ``{original.id}.reversal`` unless given) cancels it,
    and ``replacement`` (a new, submitted record for the same volunteer, returned
    with ``corrects`` naming the original) carries the right figures."""
    if original.status is not RecordStatus.APPROVED or original.reverses is not None:
        state = (
            Text("a reversal", "冲销记录")
            if original.reverses is not None
            else _STATUS_TEXT[original.status]
        )
        allowed = (_VERBS["approve"], _VERBS["reject"])
        raise IllegalTransition(_record(original), state, _VERBS["correct"], allowed)
    if not verifier.covers(original, within):
        outside = Text(
            f"outside the scope of verifier {verifier.id}", f"不在审核人 {verifier.id} 的范围内"
        )
        raise IllegalTransition(_record(original), outside, _VERBS["correct"])
    problems = []
    if replacement.status is not RecordStatus.SUBMITTED:
        problems.append(
            Problem(
                "$.replacement.status",
                Text("submitted", "submitted（待审核）"),
                Text.same(replacement.status.value),
            )
        )
    if replacement.volunteer != original.volunteer:
        problems.append(
            Problem(
                "$.replacement.volunteer",
                Text(
                    f"the original's volunteer {original.volunteer}",
                    f"与原记录相同的志愿者 {original.volunteer}",
                ),
                Text.same(replacement.volunteer),
            )
        )
    if replacement.id == original.id:
        problems.append(
            Problem("$.replacement.id", Text("a new id", "新的标识"), Text.same(replacement.id))
        )
    if problems:
        raise InvalidInput(problems)
    reversal = attrs.evolve(
        original,
        id=reversal_id if reversal_id is not None else f"{original.id}.reversal",
        entered=max(on, original.entered),
        status=RecordStatus.APPROVED,
        verifier=verifier.id,
        decided=max(on, original.entered),
        reason=reason,
        reverses=original.id,
    )
    return Corrected(original.id, reversal, attrs.evolve(replacement, corrects=original.id))


# --- hours and the recording deadline ----------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class RecordPolicy(Model):
    """How records are counted and when they are due: ``deadline_workdays`` working
    days after the activity (MCA Order No. 67 Art. 11: 10), and whether travel time
    counts (by default not: the 2012 rules excluded it, the 2021 rules are silent)."""

    deadline_workdays: int = 10
    count_travel: bool = False
    assume_weekdays: bool = False
    """Count Monday to Friday as the working days of a year the holiday calendar
    lacks (and say so) rather than refuse to count."""

    __attrs_post_init__ = checks(
        deadline_workdays=int_range(0, 366),
        count_travel=Check("type({v}) is bool", Text("true or false", "true 或 false")),
        assume_weekdays=Check("type({v}) is bool", Text("true or false", "true 或 false")),
    )


def record_deadline(
    day: dt.date, policy: RecordPolicy | None = None, calendar: HolidayCalendar | None = None
) -> dt.date:
    """The last day a record of an activity on ``day`` may be entered: the
    ``deadline_workdays``-th official working day after it, by ``calendar`` (the
    shipped years when None).  A year the calendar lacks raises
    :class:`~neighborly.errors.NotFound` naming the years it has, unless the policy
    says ``assume_weekdays`` (then Monday to Friday).

    >>> record_deadline(dt.date(2026, 9, 30))  # the National Day break comes between
    datetime.date(2026, 10, 20)
    """
    policy = policy if policy is not None else RecordPolicy()
    calendar = calendar if calendar is not None else OFFICIAL_CALENDAR
    current, left = day, policy.deadline_workdays
    while left:
        current += dt.timedelta(days=1)
        if calendar.is_workday(current, assume_weekdays=policy.assume_weekdays):
            left -= 1
    return current


def served_hours(record: ServiceRecord, policy: RecordPolicy | None = None) -> Decimal:
    """The hours a record counts for: served hours, plus travel if the policy says so."""
    policy = policy if policy is not None else RecordPolicy()
    return record.hours + record.travel_hours if policy.count_travel else record.hours


def approved_hours(
    records: Iterable[ServiceRecord],
    as_of: dt.date | None = None,
    policy: RecordPolicy | None = None,
) -> dict[str, Decimal]:
    """Each volunteer's approved hours (activities up to ``as_of``, if given), reversals
    taken off."""
    totals: dict[str, Decimal] = {}
    for record in records:
        if record.status is not RecordStatus.APPROVED or (as_of is not None and record.day > as_of):
            continue
        hours = served_hours(record, policy)
        change = -hours if record.reverses is not None else hours
        totals[record.volunteer] = totals.get(record.volunteer, Decimal(0)) + change
    return totals


DEADLINE_RULE = Rule(
    "volunteering.deadline",
    Text("Records entered within the deadline", "志愿服务记录按期录入"),
    Text(
        "MCA Order No. 67 (志愿服务记录与证明出具办法), Art. 11",
        "《志愿服务记录与证明出具办法（试行）》第十一条",
    ),
    basis=(
        "FACTS.md §5 志愿服务记录与证明出具办法 Art. 11 [V]: service and evaluation records "
        "completed within 10 working days after the activity ends"
    ),
    reads=Text("the service records", "志愿服务记录"),
    policy="records",
)

REVERSALS_RULE = Rule(
    "volunteering.reversals",
    Text("Each reversal cancels one approved record", "每条冲销记录对应一条已审核记录"),
    Text(
        "MCA Order No. 67 Art. 3: records true, accurate and complete; a correction reverses "
        "a record, it does not erase it",
        "《志愿服务记录与证明出具办法》第三条：真实、准确、完整；更正以冲销记录进行，不删除原记录",
    ),
    basis="FACTS.md §5 志愿服务记录与证明出具办法 Art. 3 [V]: principles 真实、准确、完整、无偿、及时",
    reads=Text("the service records", "志愿服务记录"),
)

RULES: tuple[Rule, ...] = (
    DEADLINE_RULE,
    REVERSALS_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_records(
    records: Iterable[ServiceRecord],
    policy: RecordPolicy | None = None,
    calendar: HolidayCalendar | None = None,
) -> Report:
    """``volunteering.deadline`` (every record entered within the deadline; reversals
    and replacements, made later by nature, are judged by their original) and
    ``volunteering.reversals`` (each reversal cancels one approved record, once, with
    its figures, and each replacement replaces a reversed record).

    Working days are counted by ``calendar`` (the shipped years when None).  A record
    whose deadline falls in a year the calendar lacks cannot be judged: it fails,
    naming the years the calendar has, unless the policy says ``assume_weekdays``,
    and then the verdict says for which years Monday to Friday was assumed."""
    policy = policy if policy is not None else RecordPolicy()
    calendar = calendar if calendar is not None else OFFICIAL_CALENDAR
    items = list(records)
    late: list[Reason] = []
    assumed: set[int] = set()
    deadlines: dict[dt.date, dt.date | None] = {}  # records share days: each day's once
    for i, record in enumerate(items):
        if record.reverses is not None or record.corrects is not None:
            continue
        if record.day not in deadlines:
            try:
                deadlines[record.day] = record_deadline(record.day, policy, calendar)
            except NotFound as exc:
                deadlines[record.day] = None
                unknown = exc.key
            else:
                assumed.update(calendar.assumed(record.day, deadlines[record.day] or record.day))
        due = deadlines[record.day]
        if due is None:
            late.append(
                Reason(
                    f"$.records[{i}].day",
                    Text(
                        f"{record.id} ({record.day}): its deadline cannot be counted, the"
                        f" holiday calendar has no {unknown} ({calendar.where()})",
                        f"{record.id}（{record.day}）：无法计算录入期限，节假日日历没有"
                        f" {unknown} 年（现有 {', '.join(map(str, calendar.years))}）；"
                        "请补充该年的官方安排，或按周一至周五计算",
                    ),
                    "a year the holiday calendar has",
                    unknown,
                )
            )
            continue
        if record.entered > due:
            days = (record.entered - due).days
            late.append(
                Reason(
                    f"$.records[{i}].entered",
                    Text(
                        f"{record.id} ({record.activity}, {record.day}) entered {record.entered}, "
                        f"due by {due} ({days} day{'s' if days > 1 else ''} late)"
                        + _assumed_words(set(calendar.assumed(record.day, due)), "en"),
                        f"{record.id}（{record.activity}，{record.day}）于 {record.entered} 录入，"
                        f"应在 {due} 前录入（晚 {days} 天）"
                        + _assumed_words(set(calendar.assumed(record.day, due)), "zh"),
                    ),
                    due.isoformat(),
                    record.entered.isoformat(),
                )
            )
    deadline = Verdict.from_reasons(
        DEADLINE_RULE.code,
        Text(
            f"Records entered within {policy.deadline_workdays} working days",
            f"志愿服务记录在 {policy.deadline_workdays} 个工作日内录入",
        ),
        late,
        Reason(
            "$.records",
            Text(
                f"all {number(len(items))} records entered in time" + _assumed_words(assumed, "en"),
                f"全部 {number(len(items))} 条记录按时录入" + _assumed_words(assumed, "zh"),
            ),
        ),
        DEADLINE_RULE.source,
    )
    return Report((deadline, _check_reversals(items)))


def _assumed_words(years: set[int], lang: str) -> str:
    """What a verdict says of the years counted as Monday to Friday."""
    if not years:
        return ""
    listed = ", ".join(map(str, sorted(years)))
    if lang == "zh":
        return f"（{listed} 年没有官方节假日安排，按周一至周五计算工作日）"
    return f" (working days of {listed} counted as Monday to Friday: no official arrangement)"


def _check_reversals(items: list[ServiceRecord]) -> Verdict:
    by_id = {record.id: record for record in items}
    cancelled: dict[str, str] = {}
    problems: list[Reason] = []
    count = 0
    for i, record in enumerate(items):
        if record.reverses is None:
            continue
        count += 1
        path = f"$.records[{i}].reverses"
        target = by_id.get(record.reverses)
        if (
            target is None
            or target.status is not RecordStatus.APPROVED
            or target.reverses is not None
        ):
            state = (
                "missing"
                if target is None
                else "a reversal"
                if target.reverses
                else target.status.value
            )
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{record.id} reverses {record.reverses}, which is {state}, not an approved record",
                        f"{record.id} 冲销的 {record.reverses} 不是已审核的记录（{state}）",
                    ),
                    "approved",
                    state,
                )
            )
        elif record.reverses in cancelled:
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{record.reverses} is reversed twice ({cancelled[record.reverses]} and {record.id})",
                        f"{record.reverses} 被冲销两次（{cancelled[record.reverses]} 与 {record.id}）",
                    ),
                    "1",
                    "2",
                )
            )
        elif (record.volunteer, record.hours, record.travel_hours) != (
            target.volunteer,
            target.hours,
            target.travel_hours,
        ):
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{record.id} does not match {target.id} (volunteer and hours must be the same)",
                        f"{record.id} 与 {target.id} 的志愿者或时长不一致",
                    ),
                    f"{target.volunteer} {target.hours} h",
                    f"{record.volunteer} {record.hours} h",
                )
            )
        cancelled.setdefault(record.reverses, record.id)
    problems.extend(
        Reason(
            f"$.records[{i}].corrects",
            Text(
                f"{record.id} replaces {record.corrects}, which no reversal cancels",
                f"{record.id} 更正的 {record.corrects} 没有对应的冲销记录",
            ),
            "a reversed record",
            record.corrects,
        )
        for i, record in enumerate(items)
        if record.corrects is not None and record.corrects not in cancelled
    )
    return Verdict.from_reasons(
        REVERSALS_RULE.code,
        REVERSALS_RULE.title,
        problems,
        Reason(
            "$.records",
            Text(
                f"{number(count)} reversals, each matching its record",
                f"{number(count)} 条冲销记录均有对应",
            ),
        ),
        REVERSALS_RULE.source,
    )


# --- star levels -------------------------------------------------------------------------


_THRESHOLDS = Check(
    "type({v}) is tuple and 1 <= len({v}) <= 10 and all(type(h) is int and h > 0 for h in {v})"
    " and all(a < b for a, b in zip({v}, {v}[1:]))",
    Text(
        "1 to 10 whole numbers of hours, each greater than the one before",
        "1 至 10 个递增的正整数小时数",
    ),
)


@attrs.frozen(eq=False, repr=False)
class StarPolicy(Model):
    """Star levels from cumulative approved hours: ``thresholds[i]`` hours earn i + 1
    stars.  ``min_months`` holds stars back until the volunteer has been registered
    that long.  The national default is 100/300/600/1000/1500 hours."""

    thresholds: tuple[int, ...] = (100, 300, 600, 1000, 1500)
    min_months: int = 0
    name: str = "national"

    __attrs_post_init__ = checks(thresholds=_THRESHOLDS, min_months=int_range(0, 600), name=TEXT)


STAR_POLICIES: Mapping[str, StarPolicy] = MappingProxyType(
    {
        # 2012 MCA draft rules, 中国社区志愿者注册管理办法 Art. 18, many provinces
        "national": StarPolicy(),
        # Beijing's earlier 志愿者管理办法
        "beijing": StarPolicy((100, 200, 500, 800, 1000), name="beijing"),
        "zhangjiagang": StarPolicy((30, 60, 100, 200, 300), name="zhangjiagang"),
    }
)
"""Named star-level presets: the national default and local variants (FACTS.md §5)."""


def format_hours(hours: Decimal) -> str:
    """Hours as people write them: ``1,010.5``, ``122``, ``0.25``.

    >>> format_hours(Decimal("1010.50")), format_hours(Decimal("122.00"))
    ('1,010.5', '122')
    """
    return f"{hours.quantize(Decimal('0.01')).normalize():,f}"


def star_level(hours: Decimal | int, policy: StarPolicy | None = None) -> int:
    """How many stars ``hours`` of approved service earn (0 below the first threshold).

    >>> star_level(Decimal("99.5")), star_level(100), star_level(1500)
    (0, 1, 5)
    >>> star_level(500, STAR_POLICIES["beijing"])
    3
    """
    policy = policy if policy is not None else StarPolicy()
    return sum(1 for threshold in policy.thresholds if hours >= threshold)


@attrs.frozen(eq=False, repr=False)
class StarStanding(Model):
    """A volunteer's approved hours and stars on a day, and how far the next star is."""

    volunteer: str
    hours: Decimal
    stars: int
    next_at: int | None
    to_next: Decimal | None
    held_back: bool = False

    def render(self, lang: Lang = "en") -> str:
        """One line: who, the stars, the hours and the gap to the next star."""
        lang = check_lang(lang)
        star_text = "★" * self.stars or "-"
        gap = ""
        if self.to_next is not None:
            gap = (
                f"，距下一星 {self.to_next} 小时"
                if lang == "zh"
                else f", {self.to_next} h to the next"
            )
        held = (
            ("（注册未满期限，暂不评星）" if lang == "zh" else " (registered too recently)")
            if self.held_back
            else ""
        )
        hours = (
            f"{format_hours(self.hours)} 小时" if lang == "zh" else f"{format_hours(self.hours)} h"
        )
        return f"{self.volunteer} {star_text} {hours}{gap}{held}"


def standings(
    volunteers: Iterable[Volunteer],
    records: Iterable[ServiceRecord],
    as_of: dt.date,
    policy: StarPolicy | None = None,
    record_policy: RecordPolicy | None = None,
) -> tuple[StarStanding, ...]:
    """Every volunteer's star standing on ``as_of``, most hours first."""
    policy = policy if policy is not None else StarPolicy()
    hours = approved_hours(records, as_of, record_policy)
    made = []
    for volunteer in volunteers:
        total = hours.get(volunteer.id, Decimal(0))
        stars = star_level(total, policy)
        held_back = bool(
            stars and volunteer.registered + relativedelta(months=policy.min_months) > as_of
        )
        if held_back:
            stars = 0
        next_at = policy.thresholds[stars] if stars < len(policy.thresholds) else None
        to_next = None if next_at is None else max(Decimal(next_at) - total, Decimal(0))
        made.append(StarStanding(volunteer.id, total, stars, next_at, to_next, held_back))
    return tuple(sorted(made, key=lambda s: (-s.hours, s.volunteer)))


# --- ids and references, declared ----------------------------------------------------

VOLUNTEER = Kind("volunteer", Text("a volunteer", "志愿者"))
RECORD = Kind("record", Text("a service record", "志愿服务记录"))

VOLUNTEER_DECLARED = Declarations(
    ids=(Ids("id", VOLUNTEER),), refs=(Ref("resident", ("resident",)),)
)
"""A volunteer defines its id and names the resident it is, if any."""
RECORD_DECLARED = Declarations(
    ids=(Ids("id", RECORD),),
    refs=(
        Ref("volunteer", ("volunteer",)),
        Ref("team", ("team",)),
        Ref("grid", ("grid",)),
        Ref("reverses", ("record",)),
        Ref("corrects", ("record",)),
    ),
)
"""A service record defines its id and names its volunteer, team and grid, and the
record it reverses or corrects."""
