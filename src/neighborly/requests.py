"""Residents' requests (诉求) and their escalation through the grid.

"Small matters don't leave the building, big matters don't leave the compound"
(小事不出楼, 大事不出小区): a :class:`Request` raised by a household goes to its level-3
grid (the building group leader and grid worker); if it is not resolved within that
level's time limit it may be escalated to the level-2 grid (the compound), and then to
level 1 (the community).  Limits are an :class:`EscalationPolicy` (local practice:
no national numbers), stricter for urgent requests.  :func:`resolution_report` says
where matters were resolved and which are overdue.

    >>> import datetime as dt
    >>> from neighborly.sample import sample_community
    >>> community = sample_community()
    >>> at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    >>> request, fact = raise_request("rq-1", community, "h-05-2-301", "漏水", Urgency.NORMAL, "楼上漏水", at)
    >>> request.level.value, request.grid
    (3, 'g3-2')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType

import attrs

from neighborly._checks import (
    AWARE,
    BOOL,
    IDENT,
    OPT_PROSE,
    PROSE,
    TEXT,
    Check,
    checks,
    is_enum,
    opt,
)
from neighborly._model import Model
from neighborly.errors import IllegalTransition, NotFound
from neighborly.grids import GridLevel, HoldsGrids
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "OVERDUE_RULE",
    "REQUEST",
    "REQUEST_DECLARED",
    "RULES",
    "Escalated",
    "EscalationPolicy",
    "Outcome",
    "Raised",
    "Request",
    "Resolved",
    "Urgency",
    "escalate",
    "give_feedback",
    "overdue",
    "raise_request",
    "resolution_report",
    "resolve",
]


_HOURS = Check(
    "type({v}) is tuple and len({v}) == 3 and all(type(h) is int and 0 < h <= 8760 for h in {v})",
    Text(
        "three whole numbers of hours, for levels 3, 2 and 1",
        "三个整数小时数，依次对应三、二、一级网格",
    ),
)


class Urgency(str, enum.Enum):
    NORMAL = "normal"
    URGENT = "urgent"


class Outcome(str, enum.Enum):
    """How a request was resolved."""

    FIXED = "fixed"
    MEDIATED = "mediated"  # 调解成功
    REFERRED = "referred"  # handed to a department outside the community
    NOT_FEASIBLE = "not_feasible"  # explained to the resident why it cannot be done
    TO_CASE = "to_case"  # became a dispute case (neighborly.cases.case_from_request)


@attrs.frozen(eq=False, repr=False)
class EscalationPolicy(Model):
    """Hours a request may stay at each grid level before it is overdue there, for
    normal and urgent requests (local practice; configurable)."""

    normal_hours: tuple[int, ...] = (48, 72, 120)  # levels 3, 2, 1
    urgent_hours: tuple[int, ...] = (4, 12, 24)

    __attrs_post_init__ = checks(normal_hours=_HOURS, urgent_hours=_HOURS)

    def limit(self, urgency: Urgency, level: GridLevel) -> dt.timedelta:
        hours = self.urgent_hours if urgency is Urgency.URGENT else self.normal_hours
        return dt.timedelta(hours=hours[3 - level.value])


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Request(Model):
    """A resident's request, where it is and what became of it.

    Keyword arguments only.  Ids: ``id`` (this request's, unique in the community),
    ``household`` (the household that raised it) and ``grid`` (the grid handling it
    now, at ``level``); ``category``, ``description`` and ``note`` are free text.
    :func:`raise_request` (or :func:`neighborly.edits.raise_request`) makes one routed
    to the household's level-3 grid.
    """

    id: str
    household: str
    category: str
    urgency: Urgency
    description: str
    raised: dt.datetime
    grid: str
    level: GridLevel = GridLevel.BUILDING_GROUP
    since: dt.datetime | None = None
    resolved: dt.datetime | None = None
    outcome: Outcome | None = None
    note: str | None = None
    satisfied: bool | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        household=IDENT,
        category=TEXT,
        urgency=is_enum(Urgency),
        description=PROSE,
        raised=AWARE,
        grid=IDENT,
        level=is_enum(GridLevel),
        since=opt(AWARE),
        resolved=opt(AWARE),
        outcome=opt(is_enum(Outcome)),
        note=OPT_PROSE,
        satisfied=opt(BOOL),
    )

    @property
    def entered_level(self) -> dt.datetime:
        """When the request reached its current level."""
        return self.since if self.since is not None else self.raised


@attrs.frozen(eq=False, repr=False)
class Raised(Model):
    request: str
    grid: str
    at: dt.datetime


@attrs.frozen(eq=False, repr=False)
class Escalated(Model):
    request: str
    from_grid: str
    to_grid: str
    to_level: GridLevel
    at: dt.datetime


@attrs.frozen(eq=False, repr=False)
class Resolved(Model):
    request: str
    level: GridLevel
    outcome: Outcome
    at: dt.datetime


def raise_request(  # noqa: PLR0917 - one argument per field a resident fills in
    request_id: str,
    community: HoldsGrids,
    household: str,
    category: str,
    urgency: Urgency,
    description: str,
    at: dt.datetime,
) -> tuple[Request, Raised]:
    """A new request, routed to the household's level-3 grid.  Raises
    :class:`~neighborly.errors.NotFound` for a household no level-3 grid covers."""
    community.household(household)
    covering = community.grid_index.covering(household, GridLevel.BUILDING_GROUP)
    if not covering:
        raise NotFound("level-3 grid covering household", household)
    grid = covering[0].id
    request = Request(
        id=request_id,
        household=household,
        category=category,
        urgency=urgency,
        description=description,
        raised=at,
        grid=grid,
    )
    return request, Raised(request_id, grid, at)


def _due(request: Request, policy: EscalationPolicy) -> dt.datetime:
    return request.entered_level + policy.limit(request.urgency, request.level)


_RESOLVED = Text("resolved", "已办结")
_ESCALATE = Text("escalate", "上报")


def _subject(request: Request) -> Text:
    return Text(f"request {request.id}", f"诉求 {request.id}")


def escalate(
    request: Request, community: HoldsGrids, at: dt.datetime, policy: EscalationPolicy | None = None
) -> tuple[Request, Escalated]:
    """Move an unresolved request up one grid level once its time at this level is
    over (strictly after the limit).  Raises
    :class:`~neighborly.errors.IllegalTransition` for a resolved request, one still
    within its limit, or one already at level 1."""
    policy = policy if policy is not None else EscalationPolicy()
    subject = _subject(request)
    if request.resolved is not None:
        raise IllegalTransition(subject, _RESOLVED, _ESCALATE)
    if request.level is GridLevel.COMMUNITY:
        at_top = Text("at the community level already", "已在社区一级")
        raise IllegalTransition(subject, at_top, _ESCALATE)
    due = _due(request, policy)
    if at <= due:
        within = Text(
            f"within its time at level {request.level.value} (until {due})",
            f"仍在第 {request.level.value} 级的办理时限内（至 {due}）",
        )
        raise IllegalTransition(subject, within, _ESCALATE)
    parent = community.grid_index.grids[request.grid].parent
    if parent is None:
        no_parent = Text(
            f"in grid {request.grid}, which has no grid above it",
            f"在网格 {request.grid}，其上没有上级网格",
        )
        raise IllegalTransition(subject, no_parent, _ESCALATE)
    level = GridLevel(request.level.value - 1)
    moved = attrs.evolve(request, grid=parent, level=level, since=at)
    return moved, Escalated(request.id, request.grid, parent, level, at)


def resolve(
    request: Request, at: dt.datetime, outcome: Outcome, note: str | None = None
) -> tuple[Request, Resolved]:
    """Close a request with its outcome at the level it is at."""
    if request.resolved is not None:
        raise IllegalTransition(_subject(request), _RESOLVED, Text("resolve", "办结"))
    done = attrs.evolve(request, resolved=at, outcome=outcome, note=note)
    return done, Resolved(request.id, request.level, outcome, at)


def give_feedback(request: Request, satisfied: bool) -> Request:  # noqa: FBT001 - the answer is a yes or no
    """The resident's feedback on a resolved request."""
    if request.resolved is None:
        unresolved = Text("unresolved", "未办结")
        raise IllegalTransition(_subject(request), unresolved, Text("give feedback on", "评价"))
    return attrs.evolve(request, satisfied=satisfied)


OVERDUE_RULE = Rule(
    "requests.overdue",
    Text("No request has outstayed its time limit", "诉求均在时限内"),
    Text(
        "local practice: 小事不出楼、大事不出小区; limits set by EscalationPolicy",
        "基层实践：小事不出楼、大事不出小区；时限可配置",
    ),
    basis=(
        "BRIEF.md Grids: small matters don't leave the building, big matters don't leave the "
        "compound (小事不出楼栋、大事不出小区)"
    ),
    reads=Text("the residents' requests", "居民诉求"),
    policy="escalation",
)

RULES: tuple[Rule, ...] = (OVERDUE_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def overdue(
    requests: Iterable[Request], at: dt.datetime, policy: EscalationPolicy | None = None
) -> Verdict:
    """``requests.overdue``: no open request has stayed past its level's limit."""
    policy = policy if policy is not None else EscalationPolicy()
    problems = []
    open_count = 0
    for i, request in enumerate(requests):
        if request.resolved is not None:
            continue
        open_count += 1
        due = _due(request, policy)
        if at > due:
            hours = (at - due).total_seconds() / 3600
            problems.append(
                Reason(
                    f"$.requests[{i}]",
                    Text(
                        f"{request.id} ({request.category}) at level {request.level.value} since "
                        f"{request.entered_level:%Y-%m-%d %H:%M}: due by {due:%Y-%m-%d %H:%M}, "
                        f"{hours:.1f} h over",
                        f"{request.id}（{request.category}）自 {request.entered_level:%Y-%m-%d %H:%M} 在"
                        f"第 {request.level.value} 级网格：应于 {due:%Y-%m-%d %H:%M} 前办结，已超 {hours:.1f} 小时",
                    ),
                    due.isoformat(),
                    at.isoformat(),
                )
            )
    return Verdict.from_reasons(
        OVERDUE_RULE.code,
        OVERDUE_RULE.title,
        problems,
        Reason(
            "$.requests",
            Text(
                f"{number(open_count)} open requests within their limits",
                f"{number(open_count)} 件在办诉求均在时限内",
            ),
        ),
        OVERDUE_RULE.source,
    )


def resolution_report(requests: Iterable[Request]) -> Mapping[str, Fraction]:
    """The share of resolved requests resolved at each level: ``building``
    (level 3), ``compound`` (level 2) and ``community`` (level 1), exactly."""
    levels = {
        GridLevel.BUILDING_GROUP: "building",
        GridLevel.COMPOUND: "compound",
        GridLevel.COMMUNITY: "community",
    }
    counts = dict.fromkeys(levels.values(), 0)
    for request in requests:
        if request.resolved is not None:
            counts[levels[request.level]] += 1
    total = sum(counts.values())
    return MappingProxyType(
        {k: Fraction(v, total) if total else Fraction(0) for k, v in counts.items()}
    )


# --- ids and references, declared ----------------------------------------------------

REQUEST = Kind("request", Text("a request", "诉求"))

REQUEST_DECLARED = Declarations(
    ids=(Ids("id", REQUEST),),
    refs=(Ref("household", ("household",)), Ref("grid", ("grid",))),
)
"""A request defines its id and names its household and the grid handling it."""
