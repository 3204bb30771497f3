"""Disputes (纠纷) as cases: their parties, the level that holds them, how they climb,
the mediation sessions held and how they end.

A request (:mod:`neighborly.requests`) climbs the grid level by level on its time
limits.  A dispute between parties (households, owners, the developer, the property
company, shops) is a :class:`Case`: it is held at a level (the building, the
compound, the community), either in the grid chain (building group leader, grid,
community) or in the Party chain (the building's Party group, the grid's Party
branch, the community Party committee), as Hefei's building leaders hand a noise
complaint straight to the grid Party branch.  Small matters are kept in the building
and big ones sent up: a case may be handed up early, or past a level, but only with
a reason.  It is mediated in sessions and ends in a signed agreement or a referral
onward (the people's mediation committee, the street, a department, the courts).

Each level has its days (:class:`CasePolicy`): 7 at the building and 15 at the
compound are our defaults (no national number; local practice varies), 30 at the
community follows the month in which a people's mediation committee generally
settles a dispute (人民调解工作若干规定, 2002, Art. 33).  The rules:

* ``cases.overdue``: no open case held at its level past the level's days;
* ``cases.hand_up``: every move up before the level's days were over, or past a
  level, says why;
* ``cases.ending``: a closed case ended in an agreement (a written one signed by
  every party; an oral one recorded by the mediator) or in a referral;
* ``cases.holder``: every move is held at the level it names, by a grid of that
  level or by a Party unit of that level of the Party chain.

:func:`case_from_request` turns a request that became a dispute into a case that
keeps the request's path (raised at the building, moved up when it was) and closes
the request as handed over (``Outcome.TO_CASE``), so nothing of it is lost.

    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    >>> case = Case(id="case-1", kind=CaseKind.NEIGHBOUR, title="楼上噪声",
    ...     opened=at, parties=(Disputant("p1", PartyKind.HOUSEHOLD, "h-1"),
    ...                         Disputant("p2", PartyKind.HOUSEHOLD, "h-2")),
    ...     moves=(Move(at, CaseLevel.BUILDING, Route.GRID, "g3-1"),))
    >>> check_overdue((case,), at + dt.timedelta(days=8)).passed
    False
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence

import attrs

from neighborly._checks import (
    AWARE,
    BOOL,
    DATE,
    IDENT,
    OPT_PROSE,
    OPT_TEXT,
    PROSE,
    TEXT,
    Check,
    Where,
    checks,
    duplicate_ids,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import IllegalTransition, NotFound, Problem
from neighborly.grids import Grid, GridLevel, HoldsGrids
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.party.structure import PartyUnit, UnitKind
from neighborly.requests import Outcome, Request, resolve
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "CASE",
    "CASE_DECLARED",
    "ENDING_RULE",
    "HAND_UP_RULE",
    "HOLDER_RULE",
    "OVERDUE_RULE",
    "RULES",
    "Agreement",
    "Case",
    "CaseKind",
    "CaseLevel",
    "CasePolicy",
    "Disputant",
    "MediationSession",
    "Move",
    "PartyKind",
    "Referral",
    "ReferralTo",
    "Route",
    "agree",
    "case_from_request",
    "check_cases",
    "check_endings",
    "check_hand_ups",
    "check_holders",
    "check_overdue",
    "hand_up",
    "mediate",
    "refer",
]


class CaseKind(str, enum.Enum):
    """What the dispute is about."""

    NEIGHBOUR = "neighbour"  # 邻里纠纷：噪声、漏水、占道
    PROPERTY_SERVICE = "property_service"  # 物业服务纠纷
    DEVELOPER = "developer"  # 业主与建设单位的纠纷
    PARKING = "parking"  # 停车纠纷
    FAMILY = "family"  # 家庭纠纷
    OTHER = "other"


class PartyKind(str, enum.Enum):
    """Who a party to the dispute is."""

    HOUSEHOLD = "household"  # ref: a household id
    OWNER = "owner"  # ref: an owner id
    DEVELOPER = "developer"  # 建设单位: named
    PROPERTY_COMPANY = "property_company"  # 物业服务企业: named
    SHOP = "shop"  # ref: a shop id
    OTHER = "other"


class CaseLevel(int, enum.Enum):
    """The level that holds a case: in the grid chain the level-3, 2 and 1 grids; in
    the Party chain the building's Party group, the grid's Party branch and the
    community Party committee."""

    BUILDING = 3
    COMPOUND = 2
    COMMUNITY = 1


class Route(str, enum.Enum):
    """The chain a case climbs."""

    GRID = "grid"  # ``holder`` is a grid id
    PARTY = "party"  # ``holder`` is a Party unit id


class ReferralTo(str, enum.Enum):
    """Where a case goes when the community does not settle it."""

    PEOPLES_MEDIATION = "peoples_mediation"  # 人民调解委员会
    STREET = "street"  # 街道
    DEPARTMENT = "department"  # 有关部门
    COURT = "court"  # 人民法院


@attrs.frozen(eq=False, repr=False)
class Disputant(Model):
    """A party to the dispute: a key of its own within the case (``id``), its kind, the
    id it is known by in the community (``ref``: a household, owner or shop) and, for
    the developer, the property company or anyone else, its ``name``."""

    id: str
    kind: PartyKind
    ref: str | None = None
    name: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        kind=is_enum(PartyKind),
        ref=opt(IDENT),
        name=OPT_TEXT,
        where=(
            Where(
                "self.ref is not None or self.name is not None",
                "$.ref",
                Text("the party's id in the community or its name", "当事人在社区的标识或名称"),
                shows="ref",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class Move(Model):
    """Where a case went: at ``at`` to ``level`` in ``route``'s chain, held by
    ``holder`` (a grid id, or a Party unit id), and why when it went up early or past
    a level.  A case's first move is where it was opened."""

    at: dt.datetime
    level: CaseLevel
    route: Route
    holder: str
    reason: str | None = None

    __attrs_post_init__ = checks(
        at=AWARE, level=is_enum(CaseLevel), route=is_enum(Route), holder=IDENT, reason=OPT_PROSE
    )


@attrs.frozen(eq=False, repr=False)
class MediationSession(Model):
    """A mediation session: when, who mediated (a staff id or a name), which parties
    came (their keys) and what was said."""

    at: dt.datetime
    mediator: str
    present: tuple[str, ...] = ()
    note: str | None = None

    __attrs_post_init__ = checks(at=AWARE, mediator=TEXT, present=tuple_of(str), note=OPT_PROSE)


@attrs.frozen(eq=False, repr=False)
class Agreement(Model):
    """A mediation agreement (调解协议): the day it was reached, its terms, the parties
    who signed it (their keys) and the mediator.  An ``oral`` agreement (口头协议, People's
    Mediation Law Art. 28) is signed by nobody; the mediator records its terms."""

    signed: dt.date
    terms: str
    signed_by: tuple[str, ...]
    mediator: str
    oral: bool = False

    __attrs_post_init__ = checks(
        signed=DATE, terms=PROSE, signed_by=tuple_of(str), mediator=TEXT, oral=BOOL
    )


@attrs.frozen(eq=False, repr=False)
class Referral(Model):
    """A case handed on outside the community: to whom, when and why."""

    to: ReferralTo
    at: dt.datetime
    reason: str

    __attrs_post_init__ = checks(to=is_enum(ReferralTo), at=AWARE, reason=PROSE)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Case(Model):
    """A dispute and what became of it.

    Keyword arguments only.  Ids: ``id`` (unique in the community), ``request`` (the
    request it came from, if any), each move's ``holder``, each party's ``ref``;
    ``title`` and the texts of moves, sessions, agreement and referral are free text.
    ``moves`` (at least one, in time order) say where it has been held; it is
    ``closed`` with an ``agreement`` or a ``referral``.
    """

    id: str
    kind: CaseKind
    title: str
    opened: dt.datetime
    parties: tuple[Disputant, ...]
    moves: tuple[Move, ...]
    sessions: tuple[MediationSession, ...] = ()
    agreement: Agreement | None = None
    referral: Referral | None = None
    closed: dt.datetime | None = None
    request: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        kind=is_enum(CaseKind),
        title=TEXT,
        opened=AWARE,
        parties=tuple_of(Disputant),
        moves=tuple_of(Move),
        sessions=tuple_of(MediationSession),
        agreement=opt(of_type(Agreement)),
        referral=opt(of_type(Referral)),
        closed=opt(AWARE),
        request=opt(IDENT),
        then=lambda case: list(_case_problems(case)),
    )

    @property
    def level(self) -> CaseLevel:
        """The level that holds it now."""
        return self.moves[-1].level

    @property
    def since(self) -> dt.datetime:
        """When it reached the level that holds it now."""
        return self.moves[-1].at


def _case_problems(case: Case) -> Iterator[Problem]:
    if len(case.parties) < 2:
        yield Problem(
            "$.parties",
            Text("two or more parties to the dispute", "两个以上的纠纷当事人"),
            Text(f"{len(case.parties)}", f"{len(case.parties)} 个"),
        )
    yield from duplicate_ids("parties", [p.id for p in case.parties])
    if not case.moves:
        yield Problem(
            "$.moves",
            Text("where the case was opened: one move at least", "受理层级：至少一条流转记录"),
            Text.same("[]"),
        )
    elif case.moves[0].at != case.opened:
        yield Problem(
            "$.moves[0].at",
            Text("the time the case was opened", "受理时间"),
            Text.same(case.moves[0].at.isoformat()),
        )
    for i in range(1, len(case.moves)):
        if case.moves[i].at < case.moves[i - 1].at:
            yield Problem(
                f"$.moves[{i}].at",
                Text("no earlier than the move before", "不早于上一条流转记录"),
                Text.same(case.moves[i].at.isoformat()),
            )
    yield from _key_problems(case)
    if case.agreement is not None and case.referral is not None:
        yield Problem(
            "$.referral",
            Text("an agreement or a referral, not both", "调解协议与移交只能有其一"),
            Text.same(case.referral.to.value),
        )
    if case.closed is not None and case.closed < case.opened:
        yield Problem(
            "$.closed",
            Text("no earlier than the case was opened", "不早于受理时间"),
            Text.same(case.closed.isoformat()),
        )


def _key_problems(case: Case) -> Iterator[Problem]:
    """Sessions and the agreement name parties of this case by their keys."""
    keys = {p.id for p in case.parties}
    for i, session in enumerate(case.sessions):
        for k, who in enumerate(session.present):
            if who not in keys:
                yield Problem(
                    f"$.sessions[{i}].present[{k}]",
                    Text("the key of a party to this case", "本案当事人的标识"),
                    Text.same(who),
                )
    if case.agreement is not None:
        for k, who in enumerate(case.agreement.signed_by):
            if who not in keys:
                yield Problem(
                    f"$.agreement.signed_by[{k}]",
                    Text("the key of a party to this case", "本案当事人的标识"),
                    Text.same(who),
                )


# --- policy ----------------------------------------------------------------------------

_DAYS = Check(
    "type({v}) is tuple and len({v}) == 3 and all(type(d) is int and 0 < d <= 3650 for d in {v})",
    Text(
        "three whole numbers of days, for the building, the compound and the community",
        "三个整数天数，依次对应楼栋、小区、社区",
    ),
)


@attrs.frozen(eq=False, repr=False)
class CasePolicy(Model):
    """Days a case may stay at the building, the compound and the community."""

    days: tuple[int, ...] = (7, 15, 30)

    __attrs_post_init__ = checks(days=_DAYS)

    def limit(self, level: CaseLevel) -> dt.timedelta:
        return dt.timedelta(days=self.days[3 - level.value])


# --- what happens to a case ------------------------------------------------------------


def _subject(case: Case) -> Text:
    return Text(f"case {case.id}", f"纠纷 {case.id}")


_CLOSED = Text("closed", "已结案")


def _open(case: Case, verb: Text) -> None:
    if case.closed is not None:
        raise IllegalTransition(_subject(case), _CLOSED, verb)


def hand_up(case: Case, move: Move) -> Case:
    """The case moved up to ``move.level`` (in either chain).  Moving it before its
    level's days are over, or past a level, needs a ``reason`` on the move;
    ``cases.hand_up`` judges it.  Raises :class:`~neighborly.errors.IllegalTransition`
    for a closed case, a move that is not up, or one dated before the last."""
    verb = Text("hand up", "上交")
    _open(case, verb)
    if move.level.value >= case.level.value or move.at < case.since:
        raise IllegalTransition(
            _subject(case),
            Text(
                f"held at level {case.level.value} since {case.since}",
                f"自 {case.since} 在第 {case.level.value} 级办理",
            ),
            Text(
                f"hand up to level {move.level.value} at {move.at}",
                f"于 {move.at} 上交到第 {move.level.value} 级",
            ),
        )
    return attrs.evolve(case, moves=(*case.moves, move))


def mediate(case: Case, session: MediationSession) -> Case:
    """The case with one more mediation session."""
    _open(case, Text("mediate", "调解"))
    return attrs.evolve(case, sessions=(*case.sessions, session))


def agree(case: Case, agreement: Agreement, at: dt.datetime) -> Case:
    """The case closed at ``at`` with a signed agreement."""
    _open(case, Text("close with an agreement", "以调解协议结案"))
    return attrs.evolve(case, agreement=agreement, closed=at)


def refer(case: Case, referral: Referral) -> Case:
    """The case closed by handing it on (:class:`ReferralTo`)."""
    _open(case, Text("refer", "移交"))
    return attrs.evolve(case, referral=referral, closed=referral.at)


def case_from_request(  # noqa: PLR0917 - the request, the case's id and what it adds
    request: Request,
    community: HoldsGrids,
    case_id: str,
    kind: CaseKind,
    parties: Sequence[Disputant],
    at: dt.datetime,
) -> tuple[Case, Request]:
    """A request that turned into a dispute, as a case that keeps its path, and the
    request closed as handed over to it.

    The case opens when the request was raised, at the household's level-3 grid in
    the grid chain; a request that was escalated gets a move to the grid and level it
    reached, at the time it reached them, giving the request's time limits as the
    reason.  The request is resolved at ``at`` with ``Outcome.TO_CASE`` and a note
    naming the case.  Raises :class:`~neighborly.errors.IllegalTransition` for a
    request already resolved, :class:`~neighborly.errors.NotFound` for a household no
    level-3 grid covers."""
    covering = community.grid_index.covering(request.household, GridLevel.BUILDING_GROUP)
    if not covering:
        raise NotFound("level-3 grid covering household", request.household)
    moves = [Move(request.raised, CaseLevel.BUILDING, Route.GRID, covering[0].id)]
    if request.level is not GridLevel.BUILDING_GROUP:
        moves.append(
            Move(
                request.entered_level,
                CaseLevel(request.level.value),
                Route.GRID,
                request.grid,
                f"escalated as request {request.id} when its time limits ran out",
            )
        )
    closed, _ = resolve(request, at, Outcome.TO_CASE, f"became dispute case {case_id}")
    case = Case(
        id=case_id,
        kind=kind,
        title=request.category,
        opened=request.raised,
        parties=tuple(parties),
        moves=tuple(moves),
        request=request.id,
    )
    return case, closed


# --- the rules -------------------------------------------------------------------------

_READS = Text("the dispute cases", "纠纷案件")

OVERDUE_RULE = Rule(
    "cases.overdue",
    Text("No open case outstays its level's days", "在办纠纷均在本级时限内"),
    Text(
        "CasePolicy: building 7, compound 15 days (ours); community 30 days (人民调解工作若干规定 "
        "2002 Art. 33: generally settled within a month)",
        "CasePolicy：楼栋 7 天、小区 15 天（本库默认）；社区 30 天（《人民调解工作若干规定》"
        "第三十三条：一般在一个月内调结）",
    ),
    basis=(
        "BRIEF.md Grids: small matters stay in the building, big ones in the compound; "
        "人民调解工作若干规定 (司法部令第75号, 2002) Art. 33: mediation generally within a month"
    ),
    reads=_READS,
    policy="cases",
)

HAND_UP_RULE = Rule(
    "cases.hand_up",
    Text("A case handed up early or past a level says why", "提前上交或越级上交须说明理由"),
    Text(
        "local practice: 小事不出楼、大事不出小区; the Party chain (Hefei)",
        "基层实践：小事不出楼、大事不出小区；党组织链条（合肥）",
    ),
    basis=(
        "BRIEF.md Grids: small matters don't leave the building; Hefei's building leader hands "
        "a noise complaint straight to the grid Party branch"
    ),
    reads=_READS,
    policy="cases",
)

ENDING_RULE = Rule(
    "cases.ending",
    Text("A closed case ends in a signed agreement or a referral", "结案须有签署的调解协议或移交"),
    Text(
        "人民调解法 (2010) Arts. 28-29; 人民调解工作若干规定 (2002) Art. 35",
        "《人民调解法》第二十八、二十九条；《人民调解工作若干规定》第三十五条",
    ),
    basis=(
        "FACTS.md §11 Art. 13 [V]: the committee's people's mediation sub-committee; People's "
        "Mediation Law (2010) Art. 28: an agreement written down, or oral with its terms "
        "recorded by the mediator; 人民调解工作若干规定 (2002) Art. 35: a written agreement "
        "carries the parties' and the mediator's signatures"
    ),
    reads=_READS,
)

HOLDER_RULE = Rule(
    "cases.holder",
    Text("Each move is held at the level it names", "每次移交的承接方与所称层级相符"),
    Text(
        "the grid chain (level-3, 2 and 1 grids) and the Party chain (building Party group, "
        "compound or grid Party branch, community Party committee)",
        "网格链条（三级、二级、一级网格）与党组织链条（楼栋党小组、小区或网格党支部、社区党委）",
    ),
    basis=(
        "BRIEF.md Party organisation in the community: community Party committee, compound / "
        "grid Party branch, building Party group; BRIEF.md Grids: three grid levels"
    ),
    reads=Text("the cases' moves, the grids and the Party units", "纠纷的移交记录、网格与党组织"),
)

RULES: tuple[Rule, ...] = (OVERDUE_RULE, HAND_UP_RULE, ENDING_RULE, HOLDER_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_overdue(
    cases: Iterable[Case], at: dt.datetime, policy: CasePolicy | None = None
) -> Verdict:
    """``cases.overdue``: no open case has stayed at its level past the level's days."""
    policy = policy if policy is not None else CasePolicy()
    problems: list[Reason] = []
    open_count = 0
    for i, case in enumerate(cases):
        if case.closed is not None:
            continue
        open_count += 1
        due = case.since + policy.limit(case.level)
        if at > due:
            days = (at - due).days
            problems.append(
                Reason(
                    f"$.cases[{i}]",
                    Text(
                        f"{case.id} ({case.title}) at level {case.level.value} since "
                        f"{case.since:%Y-%m-%d}: due by {due:%Y-%m-%d %H:%M}, {days} days over",
                        f"{case.id}（{case.title}）自 {case.since:%Y-%m-%d} 在第 "
                        f"{case.level.value} 级：应于 {due:%Y-%m-%d %H:%M} 前办结，已超 {days} 天",
                    ),
                    due.isoformat(),
                    at.isoformat(),
                )
            )
    return OVERDUE_RULE.judge(
        problems,
        Reason(
            "$.cases",
            Text(
                f"{number(open_count)} open cases within their levels' days",
                f"{number(open_count)} 件在办纠纷均在本级时限内",
            ),
        ),
    )


def check_hand_ups(cases: Iterable[Case], policy: CasePolicy | None = None) -> Verdict:
    """``cases.hand_up``: every move up that came before the level's days were over
    (an early hand-up) or skipped a level says why."""
    policy = policy if policy is not None else CasePolicy()
    problems: list[Reason] = []
    moved = 0
    for i, case in enumerate(cases):
        for k in range(1, len(case.moves)):
            before, move = case.moves[k - 1], case.moves[k]
            moved += 1
            if move.reason is not None:
                continue
            skipped = before.level.value - move.level.value > 1
            early = move.at <= before.at + policy.limit(before.level)
            if not (skipped or early):
                continue
            why = (
                Text(
                    f"from level {before.level.value} to {move.level.value}, past a level",
                    f"从第 {before.level.value} 级越级上交到第 {move.level.value} 级",
                )
                if skipped
                else Text(
                    f"from level {before.level.value} after {(move.at - before.at).days} days, "
                    f"before its {policy.days[3 - before.level.value]} were over",
                    f"在第 {before.level.value} 级 {(move.at - before.at).days} 天即上交，未满"
                    f" {policy.days[3 - before.level.value]} 天时限",
                )
            )
            problems.append(
                Reason(
                    f"$.cases[{i}].moves[{k}].reason",
                    Text(
                        f"{case.id}: {why.en}, with no reason", f"{case.id}：{why.zh}，未说明理由"
                    ),
                    "a reason",
                    "none",
                )
            )
    return HAND_UP_RULE.judge(
        problems,
        Reason(
            "$.cases",
            Text(
                f"{number(moved)} moves up, each in time or with its reason",
                f"{number(moved)} 次上交，均按时限或说明了理由",
            ),
        ),
    )


def check_endings(cases: Iterable[Case]) -> Verdict:
    """``cases.ending``: every closed case ended in an agreement (written and signed by
    every party, or oral and recorded by the mediator) or in a referral."""
    problems: list[Reason] = []
    closed = 0
    for i, case in enumerate(cases):
        if case.closed is None:
            continue
        closed += 1
        at = f"$.cases[{i}]"
        if case.agreement is None and case.referral is None:
            problems.append(
                Reason(
                    at,
                    Text(
                        f"{case.id} closed with neither an agreement nor a referral",
                        f"{case.id} 结案时既无调解协议也未移交",
                    ),
                )
            )
            continue
        if case.agreement is not None and not case.agreement.oral:
            missing = [p.id for p in case.parties if p.id not in case.agreement.signed_by]
            if missing:
                problems.append(
                    Reason(
                        f"{at}.agreement.signed_by",
                        Text(
                            f"{case.id}: the agreement lacks the signature of {', '.join(missing)}",
                            f"{case.id}：调解协议缺少 {'、'.join(missing)} 的签名",
                        ),
                        "every party",
                        ", ".join(case.agreement.signed_by),
                    )
                )
    return ENDING_RULE.judge(
        problems,
        Reason(
            "$.cases",
            Text(
                f"{number(closed)} closed cases, each with a signed agreement or a referral",
                f"{number(closed)} 件已结案纠纷，均有签署的调解协议或已移交",
            ),
        ),
    )


_PARTY_LEVELS: dict[UnitKind, CaseLevel] = {
    UnitKind.GROUP: CaseLevel.BUILDING,
    UnitKind.BRANCH: CaseLevel.COMPOUND,
    UnitKind.JOINT_BRANCH: CaseLevel.COMPOUND,
    UnitKind.GENERAL_BRANCH: CaseLevel.COMPOUND,
    UnitKind.COMMITTEE: CaseLevel.COMMUNITY,
}
"""The level of the Party chain each kind of unit holds a case at."""


def check_holders(
    cases: Iterable[Case], grids: Iterable[Grid], units: Iterable[PartyUnit] = ()
) -> Verdict:
    """``cases.holder``: every move is held by a grid of the level it names (level 3
    for the building, 2 for the compound, 1 for the community), or in the Party chain
    by a unit of that level (a Party group for the building; a branch, joint branch
    or general branch for the compound; the committee for the community).  A holder
    that is neither of ``grids`` nor of ``units`` is named too."""
    grid_level = {g.id: g.level for g in grids}
    unit_kind = {u.id: u.kind for u in units}
    problems: list[Reason] = []
    moves = 0
    for i, case in enumerate(cases):
        for k, move in enumerate(case.moves):
            moves += 1
            held = _held_at(move, grid_level, unit_kind)
            if held is move.level:
                continue
            what = (
                Text(f"level {held.value}", f"第 {held.value} 级")
                if held is not None
                else Text("of no known level", "不属于已知层级")
            )
            chain = (
                Text("grid", "网格") if move.route is Route.GRID else Text("Party unit", "党组织")
            )
            problems.append(
                Reason(
                    f"$.cases[{i}].moves[{k}].holder",
                    Text(
                        f"{case.id}: held at level {move.level.value} by {chain.en} "
                        f"{move.holder}, {what.en}",
                        f"{case.id}：第 {move.level.value} 级由{chain.zh} {move.holder} 承接，"
                        f"其{what.zh}",
                    ),
                    str(move.level.value),
                    str(held.value) if held is not None else "none",
                )
            )
    return HOLDER_RULE.judge(
        problems,
        Reason(
            "$.cases",
            Text(
                f"{number(moves)} moves, each held at the level it names",
                f"{number(moves)} 次移交，承接方均与层级相符",
            ),
        ),
    )


def _held_at(
    move: Move, grid_level: dict[str, GridLevel], unit_kind: dict[str, UnitKind]
) -> CaseLevel | None:
    if move.route is Route.GRID:
        level = grid_level.get(move.holder)
        return CaseLevel(level.value) if level is not None else None
    kind = unit_kind.get(move.holder)
    return _PARTY_LEVELS[kind] if kind is not None else None


def check_cases(
    cases: Sequence[Case], at: dt.datetime, policy: CasePolicy | None = None
) -> tuple[Verdict, ...]:
    """The three rules of this module over ``cases`` at ``at``."""
    return (check_overdue(cases, at, policy), check_hand_ups(cases, policy), check_endings(cases))


# --- ids and references, declared ----------------------------------------------------

CASE = Kind("case", Text("a dispute case", "纠纷案件"))

CASE_DECLARED = Declarations(
    ids=(Ids("id", CASE),),
    refs=(
        Ref("request", ("request",)),
        Ref("parties[*].ref", ("household",), when=lambda p: p.kind is PartyKind.HOUSEHOLD),
        Ref("parties[*].ref", ("shop",), when=lambda p: p.kind is PartyKind.SHOP),
        Ref("moves[*].holder", ("grid",), when=lambda m: m.route is Route.GRID),
        Ref("moves[*].holder", ("party_unit",), when=lambda m: m.route is Route.PARTY),
    ),
)
"""A case defines its id and names the request it came from, its households and shops,
and the grid or Party unit holding each of its moves."""
