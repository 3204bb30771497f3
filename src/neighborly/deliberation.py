"""Deliberation and co-governance (协商议事): proposals, supports, meetings, boards.

Residents put forward proposals (the "livelihood micro-ten-things", 民生微十事); other
households support them, one support per household per proposal, until the deadline;
a proposal with enough support (a :class:`SupportPolicy`: a count, or a share of the
households of the place it affects) goes on the agenda of a deliberation meeting
(协商议事会) of the compound's co-governance board, which resolves it.

State changes return the new proposal and a fact, or raise
:class:`~neighborly.errors.Refused` / :class:`~neighborly.errors.IllegalTransition`
and change nothing.

    >>> import datetime as dt
    >>> from neighborly._time import DEFAULT_ZONE
    >>> from neighborly.sample import sample_community
    >>> community = sample_community()
    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=DEFAULT_ZONE)
    >>> proposal, _ = propose("p-1", community, "h-05-2-301", "加装电梯", "5号楼加装电梯", "b-05", at)
    >>> proposal, fact = support(proposal, community, "h-05-1-101", at)
    >>> proposal.count, fact.household
    (1, 'h-05-1-101')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from fractions import Fraction

import attrs

from neighborly._checks import (
    AWARE,
    DATE,
    IDENT,
    OPT_TEXT,
    TEXT,
    Where,
    checks,
    duplicate_ids,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
    unlisted,
)
from neighborly._integrity import Declarations, Ids, Kind, Ref
from neighborly._text import Lang, Text, check_lang, number
from neighborly.errors import IllegalTransition, NotFound, Problem, Refused
from neighborly.grids import GridLevel, HoldsGrids
from neighborly.owners import Threshold
from neighborly.places import PLACE_KINDS
from neighborly.recurrence import Recurrence
from neighborly.requests import Request, Urgency, raise_request
from neighborly.verdicts import Reason, Verdict

__all__ = [
    "BOARD",
    "DELIBERATION_DECLARED",
    "DELIBERATION_MEETING",
    "PROPOSAL",
    "RECEPTION_DAY",
    "UNDERTAKING",
    "Board",
    "BoardPolicy",
    "Decision",
    "Deliberation",
    "DeliberationMeeting",
    "Milestone",
    "Notice",
    "Progress",
    "Progressed",
    "Proposal",
    "ProposalStatus",
    "Proposed",
    "PutOnAgenda",
    "QuorumPolicy",
    "RaisedMatter",
    "Reception",
    "ReceptionDay",
    "Resolution",
    "Responsible",
    "Seat",
    "SeatKind",
    "SeatNeed",
    "Stance",
    "Stand",
    "Support",
    "SupportPolicy",
    "SupportWithdrawn",
    "Supported",
    "TenThings",
    "Undertaking",
    "affected_households",
    "apply_resolutions",
    "check_board",
    "check_meeting",
    "check_receptions",
    "check_support",
    "check_undertakings",
    "invitees",
    "notices",
    "propose",
    "put_on_agenda",
    "raise_matters",
    "report_progress",
    "support",
    "ten_things",
    "withdraw_support",
]


class ProposalStatus(str, enum.Enum):
    """Where a proposal stands."""

    OPEN = "open"  # gathering support until the deadline
    ON_AGENDA = "on_agenda"  # enough support: waits for a meeting
    ADOPTED = "adopted"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    LAPSED = "lapsed"  # the deadline passed without enough support
    WITHDRAWN = "withdrawn"


@attrs.frozen
class SupportPolicy:
    """When a proposal goes on the agenda: ``min_supports`` households, or ``share``
    of the households of the place it affects (whichever is set; both set: either is
    enough), gathered in ``days_open`` days (the deadline included).  Local practice:
    no national numbers."""

    min_supports: int | None = 10
    share: Threshold | None = None
    days_open: int = 30

    __attrs_post_init__ = checks(
        min_supports=opt(int_range(1, 1_000_000)),
        share=opt(of_type(Threshold)),
        days_open=int_range(1, 3650),
        where=(
            Where(
                "self.min_supports is not None or self.share is not None",
                "$.min_supports",
                Text("a count or a share of households, or both", "户数或户数比例，至少一项"),
                shows="min_supports",
            ),
        ),
    )


@attrs.frozen
class Support:
    """A household's support for a proposal, given at ``at``."""

    household: str
    at: dt.datetime

    __attrs_post_init__ = checks(household=IDENT, at=AWARE)


@attrs.frozen
class Proposal:
    """A resident's proposal: the author household, what and where (``place``: the
    community, a compound, building or unit), the supports it has, its deadline and
    status."""

    id: str
    household: str
    category: str
    description: str
    place: str
    submitted: dt.datetime
    deadline: dt.datetime
    supports: tuple[Support, ...] = ()
    status: ProposalStatus = ProposalStatus.OPEN
    note: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        household=IDENT,
        category=TEXT,
        description=TEXT,
        place=IDENT,
        submitted=AWARE,
        deadline=AWARE,
        supports=tuple_of(Support),
        status=is_enum(ProposalStatus),
        note=OPT_TEXT,
        where=(
            Where(
                "self.submitted <= self.deadline",
                "$.deadline",
                Text("a moment on or after submitted", "不早于 submitted 的时刻"),
                shows="deadline",
            ),
            Where(
                "len({s.household for s in self.supports}) == len(self.supports)",
                "$.supports",
                Text("one support per household", "每户至多支持一次"),
                shows="supports",
            ),
        ),
    )

    @property
    def count(self) -> int:
        """How many households support the proposal."""
        return len(self.supports)


@attrs.frozen
class Proposed:
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen
class Supported:
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen
class SupportWithdrawn:
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen
class PutOnAgenda:
    proposal: str
    supports: int
    at: dt.datetime


def affected_households(community: HoldsGrids, place: str) -> tuple[str, ...]:
    """The households of ``place`` (the community, a compound, building, unit or a
    household); :class:`~neighborly.errors.NotFound` for an unknown place."""
    return tuple(h.id for h in community.index.households_in(place))


def propose(  # noqa: PLR0917 - one argument per field a resident fills in
    proposal_id: str,
    community: HoldsGrids,
    household: str,
    category: str,
    description: str,
    place: str,
    at: dt.datetime,
    policy: SupportPolicy | None = None,
) -> tuple[Proposal, Proposed]:
    """A new proposal from ``household`` about ``place``, open for support for the
    policy's days.  Raises :class:`~neighborly.errors.Refused`
    (``deliberation.place``) when the household is not in the place it proposes for,
    and :class:`~neighborly.errors.NotFound` for an unknown household or place."""
    policy = policy if policy is not None else SupportPolicy()
    community.household(household)
    if household not in affected_households(community, place):
        raise Refused(
            "deliberation.place",
            Text(
                f"{household} is not in {place}: a proposal is made by a household of the "
                "place it affects",
                f"{household} 不在 {place} 内：提议须由受影响范围内的住户提出",
            ),
            f"a household of {place}",
            household,
        )
    deadline = at + dt.timedelta(days=policy.days_open)
    proposal = Proposal(proposal_id, household, category, description, place, at, deadline)
    return proposal, Proposed(proposal_id, household, at)


def _open(proposal: Proposal, at: dt.datetime, action: str) -> None:
    if proposal.status is not ProposalStatus.OPEN:
        msg = f"proposal {proposal.id}"
        raise IllegalTransition(msg, proposal.status.value, action, ("open",))
    if at > proposal.deadline:
        raise Refused(
            "deliberation.deadline",
            Text(
                f"{proposal.id} closed for support at {proposal.deadline:%Y-%m-%d %H:%M}; "
                f"{at:%Y-%m-%d %H:%M} is after it",
                f"{proposal.id} 已于 {proposal.deadline:%Y-%m-%d %H:%M} 截止，{at:%Y-%m-%d %H:%M} 已逾期",
            ),
            f"<={proposal.deadline.isoformat()}",
            at.isoformat(),
        )


def support(
    proposal: Proposal, community: HoldsGrids, household: str, at: dt.datetime
) -> tuple[Proposal, Supported]:
    """``household`` supports the proposal.  Refused after the deadline
    (``deliberation.deadline``; at the deadline itself it still counts), for a second
    support from the same household (``deliberation.twice``) and for a household
    outside the place the proposal affects (``deliberation.place``)."""
    _open(proposal, at, "support")
    if any(s.household == household for s in proposal.supports):
        raise Refused(
            "deliberation.twice",
            Text(
                f"{household} already supports {proposal.id}: one support per household",
                f"{household} 已支持 {proposal.id}：每户只能支持一次",
            ),
            "1",
            "2",
        )
    if household not in affected_households(community, proposal.place):
        raise Refused(
            "deliberation.place",
            Text(
                f"{household} is not in {proposal.place}, which {proposal.id} affects",
                f"{household} 不在 {proposal.id} 所涉及的 {proposal.place} 内",
            ),
            f"a household of {proposal.place}",
            household,
        )
    moved = attrs.evolve(proposal, supports=(*proposal.supports, Support(household, at)))
    return moved, Supported(proposal.id, household, at)


def withdraw_support(
    proposal: Proposal, household: str, at: dt.datetime
) -> tuple[Proposal, SupportWithdrawn]:
    """``household`` takes its support back, up to the deadline (included).  Raises
    :class:`~neighborly.errors.NotFound` if it gave none."""
    _open(proposal, at, "withdraw a support from")
    kept = tuple(s for s in proposal.supports if s.household != household)
    if len(kept) == len(proposal.supports):
        raise NotFound("support of household", household, f"proposal {proposal.id}")
    return attrs.evolve(proposal, supports=kept), SupportWithdrawn(proposal.id, household, at)


def check_support(
    proposal: Proposal, community: HoldsGrids, policy: SupportPolicy | None = None
) -> Verdict:
    """Rule ``deliberation.threshold``: the proposal has the support the policy asks
    for: at least ``min_supports`` households, or at least ``share`` of the households
    of its place (either is enough)."""
    policy = policy if policy is not None else SupportPolicy()
    households = len(affected_households(community, proposal.place))
    count = proposal.count
    by_count = policy.min_supports is not None and count >= policy.min_supports
    by_share = policy.share is not None and households > 0 and policy.share.met(count, households)
    wants: list[tuple[Text, Fraction | int]] = []
    if policy.min_supports is not None:
        wants.append(
            (
                Text(f"{policy.min_supports} households", f"{policy.min_supports} 户"),
                policy.min_supports,
            )
        )
    if policy.share is not None:
        needed = policy.share.share * households
        wants.append(
            (
                Text(
                    f"{policy.share.numerator}/{policy.share.denominator} of {number(households)} "
                    f"households ({_households(needed)})",
                    f"{number(households)} 户的 {policy.share.numerator}/{policy.share.denominator}"
                    f"（{_households(needed, zh=True)}）",
                ),
                needed,
            )
        )
    asked_en = " or ".join(w.en for w, _ in wants)
    asked_zh = "或".join(w.zh for w, _ in wants)
    passed = by_count or by_share
    if passed:
        message = Text(
            f"{proposal.id}: {number(count)} households support it; needed {asked_en}",
            f"{proposal.id}：{number(count)} 户支持；需 {asked_zh}",
        )
    else:
        short = min(Fraction(n) - count for _, n in wants)
        message = Text(
            f"{proposal.id}: needed {asked_en}, got {number(count)} ({_households(short)} short)",
            f"{proposal.id}：需 {asked_zh}，实有 {number(count)} 户（差 {_households(short, zh=True)}）",
        )
    return Verdict(
        "deliberation.threshold",
        passed,
        Text("Enough support for the agenda", "达到上会所需的支持"),
        (
            Reason(
                f'$.proposals[?(@.id=="{proposal.id}")]',
                message,
                " or ".join(f">={_plain(n)}" for _, n in wants),
                str(count),
            ),
        ),
        Text(
            "local practice; the threshold is a SupportPolicy",
            "基层实践；门槛由 SupportPolicy 设定",
        ),
    )


def _plain(value: Fraction | int) -> str:
    fraction = Fraction(value)
    return str(fraction.numerator) if fraction.denominator == 1 else f"{float(fraction):.2f}"


def _ceil(value: Fraction | int) -> int:
    fraction = Fraction(value)
    return -(-fraction.numerator // fraction.denominator)


def _households(value: Fraction | int, *, zh: bool = False) -> str:
    whole = _ceil(value)
    if zh:
        return f"{whole} 户"
    return f"{whole} household" + ("" if whole == 1 else "s")


def put_on_agenda(
    proposal: Proposal,
    community: HoldsGrids,
    at: dt.datetime,
    policy: SupportPolicy | None = None,
) -> tuple[Proposal, PutOnAgenda]:
    """An open proposal with enough support goes on the agenda.  Raises
    :class:`~neighborly.errors.IllegalTransition` without it, or when not open."""
    if proposal.status is not ProposalStatus.OPEN:
        msg = f"proposal {proposal.id}"
        raise IllegalTransition(msg, proposal.status.value, "put on the agenda", ("open",))
    verdict = check_support(proposal, community, policy)
    if not verdict.passed:
        msg = f"proposal {proposal.id}"
        raise IllegalTransition(
            msg,
            f"short of support ({verdict.reasons[0].message.en})",
            "put on the agenda",
        )
    moved = attrs.evolve(proposal, status=ProposalStatus.ON_AGENDA)
    return moved, PutOnAgenda(proposal.id, proposal.count, at)


# --- the co-governance board ----------------------------------------------------------


class SeatKind(str, enum.Enum):
    """The seats of a compound's co-governance board (小区共治理事会)."""

    PARTY_BRANCH = "party_branch"  # the Party branch (its secretary)
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY_COMPANY = "property_company"
    BUILDING_GROUP_LEADER = "building_group_leader"
    GRID_WORKER = "grid_worker"
    RESIDENT_REPRESENTATIVE = "resident_representative"


@attrs.frozen
class Seat:
    """A seat on the board and who holds it (``person``: a staff member, resident or
    Party member id; None: vacant)."""

    kind: SeatKind
    person: str | None = None

    __attrs_post_init__ = checks(kind=is_enum(SeatKind), person=opt(IDENT))


@attrs.frozen
class Board:
    """The co-governance board of a compound."""

    id: str
    compound: str
    seats: tuple[Seat, ...] = ()

    __attrs_post_init__ = checks(id=IDENT, compound=IDENT, seats=tuple_of(Seat))

    def members(self) -> tuple[str, ...]:
        """The people holding seats, in seat order, each once."""
        return tuple(dict.fromkeys(s.person for s in self.seats if s.person is not None))


@attrs.frozen
class SeatNeed:
    """How many seats of one kind a board must have filled."""

    kind: SeatKind
    count: int = 1

    __attrs_post_init__ = checks(kind=is_enum(SeatKind), count=int_range(1, 100))


_DEFAULT_NEEDS = (
    SeatNeed(SeatKind.PARTY_BRANCH),
    SeatNeed(SeatKind.OWNERS_COMMITTEE),
    SeatNeed(SeatKind.PROPERTY_COMPANY),
    SeatNeed(SeatKind.BUILDING_GROUP_LEADER),
    SeatNeed(SeatKind.GRID_WORKER),
)


@attrs.frozen
class BoardPolicy:
    """The seats a board must have filled: by default one each for the Party branch,
    the owners' committee, the property company, the building group leaders and the
    grid workers (the joint board of BRIEF.md); local rules differ."""

    needs: tuple[SeatNeed, ...] = _DEFAULT_NEEDS

    __attrs_post_init__ = checks(needs=tuple_of(SeatNeed))


def _board_problems(board: Board, policy: BoardPolicy) -> Iterator[Reason]:
    for need in policy.needs:
        filled = sum(1 for s in board.seats if s.kind is need.kind and s.person is not None)
        if filled < need.count:
            yield Reason(
                f'$.boards[?(@.id=="{board.id}")]',
                Text(
                    f"{board.id}: needed {need.count} {need.kind.value} seat(s) filled, found "
                    f"{filled} ({need.count - filled} vacant)",
                    f"{board.id}：{need.kind.value} 席位应有 {need.count} 人，实有 {filled} 人"
                    f"（空缺 {need.count - filled}）",
                ),
                str(need.count),
                str(filled),
            )


def check_board(boards: Iterable[Board], policy: BoardPolicy | None = None) -> Verdict:
    """Rule ``deliberation.board``: every board has the seats the policy requires filled;
    each vacancy is named."""
    policy = policy if policy is not None else BoardPolicy()
    boards = tuple(boards)
    problems = [r for board in boards for r in _board_problems(board, policy)]
    return Verdict.from_reasons(
        "deliberation.board",
        Text("Co-governance boards have their seats filled", "共治理事会席位齐备"),
        problems,
        Reason(
            "$.boards",
            Text(
                f"{len(boards)} boards, every required seat filled",
                f"{len(boards)} 个理事会，必备席位均已到位",
            ),
        ),
        Text("local practice (BoardPolicy)", "基层实践（BoardPolicy）"),
    )


# --- deliberation meetings -------------------------------------------------------------


class Stance(str, enum.Enum):
    """A participant's position on an agenda item."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Decision(str, enum.Enum):
    """What a meeting resolved on an item."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    DEFERRED = "deferred"


@attrs.frozen
class Stand:
    """Where one participant stood on one agenda item (a proposal id)."""

    item: str
    person: str
    stance: Stance

    __attrs_post_init__ = checks(item=IDENT, person=IDENT, stance=is_enum(Stance))


@attrs.frozen
class Resolution:
    """The meeting's decision on one agenda item (a proposal id)."""

    item: str
    decision: Decision
    note: str | None = None

    __attrs_post_init__ = checks(item=IDENT, decision=is_enum(Decision), note=OPT_TEXT)


def _meeting_integrity(meeting: DeliberationMeeting) -> Iterator[Problem]:
    items = set(meeting.agenda)
    invited = set(meeting.invited)
    for i, person in enumerate(meeting.present):
        if person not in invited:
            yield Problem(
                f"$.present[{i}]",
                Text("someone in $.invited", "$.invited 中的人"),
                Text.same(f'"{person}"'),
            )
    for field in ("positions", "resolutions"):
        for i, entry in enumerate(getattr(meeting, field)):
            if entry.item not in items:
                yield Problem(
                    f"$.{field}[{i}].item",
                    Text("a proposal on $.agenda", "$.agenda 中的提议"),
                    Text.same(f'"{entry.item}"'),
                )
    yield from duplicate_ids("resolutions", [r.item for r in meeting.resolutions], key="item")


@attrs.frozen
class DeliberationMeeting:
    """A deliberation meeting (协商议事会) of a board: its agenda (proposal ids), who
    was invited and who came, the positions taken, a resolution per item, the minutes
    and when the results were published to the households affected."""

    id: str
    board: str
    starts: dt.datetime
    agenda: tuple[str, ...] = ()
    invited: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    positions: tuple[Stand, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    minutes: str | None = None
    published: dt.datetime | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        board=IDENT,
        starts=AWARE,
        agenda=tuple_of(str),
        invited=tuple_of(str),
        present=tuple_of(str),
        positions=tuple_of(Stand),
        resolutions=tuple_of(Resolution),
        minutes=OPT_TEXT,
        published=opt(AWARE),
        then=lambda meeting: list(_meeting_integrity(meeting)),
    )


_TWO_THIRDS = Threshold(2, 3)


@attrs.frozen
class QuorumPolicy:
    """A meeting's quorum: at least ``quorum`` of the board's members present (2/3 by
    default, reached at it); local rules differ."""

    quorum: Threshold = _TWO_THIRDS

    __attrs_post_init__ = checks(quorum=of_type(Threshold))


def invitees(community: HoldsGrids, board: Board, proposals: Iterable[Proposal]) -> tuple[str, ...]:
    """Who must be invited: the board's members, then for each proposal on the agenda
    its author household and the staff of the level-3 grids covering the households
    it affects (the building group leaders and grid workers there), each once."""

    wanted: dict[str, None] = dict.fromkeys(board.members())
    index = community.grid_index
    level3 = [g for g in community.grids if g.level is GridLevel.BUILDING_GROUP]
    for proposal in proposals:
        wanted.setdefault(proposal.household)
        affected = set(affected_households(community, proposal.place))
        for grid in level3:
            if affected & index.households[grid.id]:
                for person in (grid.head, *grid.staff):
                    if person is not None:
                        wanted.setdefault(person)
    return tuple(wanted)


def check_meeting(
    community: HoldsGrids,
    meeting: DeliberationMeeting,
    board: Board,
    proposals: Iterable[Proposal],
    policy: QuorumPolicy | None = None,
) -> Verdict:
    """Rule ``deliberation.meeting``: everyone who must be invited was, the board's
    members present reach the quorum, every agenda item has a resolution, the minutes
    are written and the results published."""
    policy = policy if policy is not None else QuorumPolicy()
    on_agenda = [p for p in proposals if p.id in meeting.agenda]
    path = f'$.deliberations[?(@.id=="{meeting.id}")]'
    problems = [
        Reason(
            f"{path}.invited",
            Text(f"{person} must be invited and was not", f"应邀请 {person} 而未邀请"),
            "invited",
            "not invited",
        )
        for person in invitees(community, board, on_agenda)
        if person not in meeting.invited
    ]
    members = board.members()
    present = sum(1 for m in members if m in meeting.present)
    if not policy.quorum.met(present, len(members)):
        needed = policy.quorum.share * len(members)
        problems.append(
            Reason(
                f"{path}.present",
                Text(
                    f"{meeting.id}: needed {policy.quorum.numerator}/{policy.quorum.denominator} of "
                    f"{len(members)} board members ({_ceil(needed)}), "
                    f"{present} came",
                    f"{meeting.id}：理事会 {len(members)} 人中应到 {policy.quorum.numerator}/"
                    f"{policy.quorum.denominator}（{_ceil(needed)} 人），实到 {present} 人",
                ),
                f">={_plain(needed)}",
                str(present),
            )
        )
    decided = {r.item for r in meeting.resolutions}
    problems.extend(
        Reason(
            f"{path}.resolutions",
            Text(f"{item} on the agenda has no resolution", f"议题 {item} 没有决议"),
            "a resolution",
            "none",
        )
        for item in meeting.agenda
        if item not in decided
    )
    for field, en, zh in (
        ("minutes", "the minutes are not written", "未形成会议纪要"),
        ("published", "the results are not published to the households", "结果未向住户公开"),
    ):
        if getattr(meeting, field) is None:
            problems.append(
                Reason(f"{path}.{field}", Text(f"{meeting.id}: {en}", f"{meeting.id}：{zh}"))
            )
    return Verdict.from_reasons(
        "deliberation.meeting",
        Text("A deliberation meeting held as it should be", "协商议事会规范召开"),
        problems,
        Reason(
            path,
            Text(
                f"{meeting.id}: all invited, {present} of {len(members)} board members present, "
                f"{len(meeting.agenda)} items resolved, minutes written and published",
                f"{meeting.id}：应邀尽邀，理事会到会 {present}/{len(members)}，"
                f"{len(meeting.agenda)} 项议题均有决议，纪要已形成并公开",
            ),
        ),
        Text("local practice (QuorumPolicy)", "基层实践（QuorumPolicy）"),
    )


_DECIDED = {
    Decision.ADOPTED: ProposalStatus.ADOPTED,
    Decision.REJECTED: ProposalStatus.REJECTED,
    Decision.DEFERRED: ProposalStatus.ON_AGENDA,
}


def apply_resolutions(
    meeting: DeliberationMeeting, proposals: Iterable[Proposal]
) -> tuple[Proposal, ...]:
    """The proposals with the meeting's resolutions applied: adopted, rejected, or
    left on the agenda when deferred.  Raises
    :class:`~neighborly.errors.IllegalTransition` for a resolution on a proposal that
    is not on the agenda, before changing anything."""
    decisions = {r.item: r for r in meeting.resolutions}
    updated = []
    for proposal in proposals:
        resolution = decisions.get(proposal.id)
        if resolution is None:
            updated.append(proposal)
            continue
        if proposal.status is not ProposalStatus.ON_AGENDA:
            msg = f"proposal {proposal.id}"
            raise IllegalTransition(msg, proposal.status.value, "resolve", ("on_agenda",))
        updated.append(
            attrs.evolve(proposal, status=_DECIDED[resolution.decision], note=resolution.note)
        )
    return tuple(updated)


@attrs.frozen
class Notice:
    """A meeting's result sent to one household affected by an item."""

    household: str
    meeting: str
    item: str
    decision: Decision

    __attrs_post_init__ = checks(
        household=IDENT, meeting=IDENT, item=IDENT, decision=is_enum(Decision)
    )


def notices(
    community: HoldsGrids, meeting: DeliberationMeeting, proposals: Iterable[Proposal]
) -> tuple[Notice, ...]:
    """The results to publish: one notice per item to every household of the place
    its proposal affects, item by item."""
    by_id = {p.id: p for p in proposals}
    found: list[Notice] = []
    for resolution in meeting.resolutions:
        proposal = by_id.get(resolution.item)
        if proposal is None:
            continue
        found.extend(
            Notice(household, meeting.id, resolution.item, resolution.decision)
            for household in affected_households(community, proposal.place)
        )
    return tuple(found)


# --- accountability -------------------------------------------------------------------


class Responsible(str, enum.Enum):
    """Who carries an adopted proposal out."""

    PROPERTY_COMPANY = "property_company"
    COMMUNITY = "community"
    CO_BUILDING_UNIT = "co_building_unit"
    OWNERS_COMMITTEE = "owners_committee"
    STREET = "street"


@attrs.frozen
class Milestone:
    """A step of an undertaking, due on ``due``, ``done`` on a day or not yet."""

    title: str
    due: dt.date
    done: dt.date | None = None

    __attrs_post_init__ = checks(title=TEXT, due=DATE, done=opt(DATE))


@attrs.frozen
class Progress:
    """A dated progress report: ``percent`` done (0-100) and what happened."""

    day: dt.date
    percent: int
    note: str | None = None

    __attrs_post_init__ = checks(day=DATE, percent=int_range(0, 100), note=OPT_TEXT)


@attrs.frozen
class Undertaking:
    """An adopted proposal carried out (承办事项): who is responsible (a kind and the party's id
    or name), when it started and is due, its milestones and its progress reports
    (in date order, never going back)."""

    id: str
    proposal: str
    title: str
    responsible: Responsible
    party: str
    started: dt.date
    due: dt.date
    milestones: tuple[Milestone, ...] = ()
    updates: tuple[Progress, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        proposal=IDENT,
        title=TEXT,
        responsible=is_enum(Responsible),
        party=TEXT,
        started=DATE,
        due=DATE,
        milestones=tuple_of(Milestone),
        updates=tuple_of(Progress),
        where=(
            Where(
                "self.started <= self.due",
                "$.due",
                Text("a day on or after started", "不早于 started 的日期"),
                shows="due",
            ),
            Where(
                "all(a.day <= b.day and a.percent <= b.percent"
                " for a, b in zip(self.updates, self.updates[1:]))",
                "$.updates",
                Text(
                    "progress reports in date order, never going back",
                    "进度按日期排列且不回退",
                ),
                shows="updates",
            ),
        ),
    )

    def percent(self, as_of: dt.date) -> int:
        """Progress as last reported on or before ``as_of`` (0 before any report)."""
        reported = [u.percent for u in self.updates if u.day <= as_of]
        return reported[-1] if reported else 0

    def finished(self, as_of: dt.date) -> bool:
        """Whether 100% was reported on or before ``as_of``."""
        return self.percent(as_of) == 100


@attrs.frozen
class Progressed:
    undertaking: str
    percent: int
    day: dt.date


def report_progress(
    undertaking: Undertaking, day: dt.date, percent: int, note: str | None = None
) -> tuple[Undertaking, Progressed]:
    """A new progress report.  Refused (``deliberation.progress``) when it is dated
    before the last report or reports less than it, since progress reports are a
    record, not a forecast."""
    if undertaking.updates:
        last = undertaking.updates[-1]
        if day < last.day or percent < last.percent:
            raise Refused(
                "deliberation.progress",
                Text(
                    f"{undertaking.id}: the last report ({last.day}, {last.percent}%) cannot be "
                    f"followed by {day}, {percent}%",
                    f"{undertaking.id}：上次报告为 {last.day}、{last.percent}%，不能报告 {day}、{percent}%",
                ),
                f">={last.day} and >={last.percent}%",
                f"{day}, {percent}%",
            )
    update = Progress(day, percent, note)
    return attrs.evolve(undertaking, updates=(*undertaking.updates, update)), Progressed(
        undertaking.id, percent, day
    )


def check_undertakings(undertakings: Iterable[Undertaking], as_of: dt.date) -> Verdict:
    """Rule ``deliberation.overdue``: no milestone is past its day undone and no
    undertaking past its due day short of 100% on ``as_of``."""
    undertakings = tuple(undertakings)
    problems: list[Reason] = []
    for undertaking in undertakings:
        path = f'$.undertakings[?(@.id=="{undertaking.id}")]'
        for milestone in undertaking.milestones:
            if milestone.due < as_of and (milestone.done is None or milestone.done > as_of):
                late = (as_of - milestone.due).days
                problems.append(
                    Reason(
                        f"{path}.milestones",
                        Text(
                            f"{undertaking.id} ({undertaking.party}): {milestone.title} was due "
                            f"{milestone.due}, not done ({late} days late)",
                            f"{undertaking.id}（{undertaking.party}）：{milestone.title} 应于 {milestone.due} "
                            f"完成，尚未完成（逾期 {late} 天）",
                        ),
                        milestone.due.isoformat(),
                        "not done",
                    )
                )
        if undertaking.due < as_of and not undertaking.finished(as_of):
            late = (as_of - undertaking.due).days
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{undertaking.id} ({undertaking.party}): due {undertaking.due}, "
                        f"{undertaking.percent(as_of)}% done ({late} days late)",
                        f"{undertaking.id}（{undertaking.party}）：应于 {undertaking.due} 完成，"
                        f"完成 {undertaking.percent(as_of)}%（逾期 {late} 天）",
                    ),
                    "100%",
                    f"{undertaking.percent(as_of)}%",
                )
            )
    return Verdict.from_reasons(
        "deliberation.overdue",
        Text("Adopted proposals carried out on time", "议定事项按期落实"),
        problems,
        Reason(
            "$.undertakings",
            Text(
                f"{len(undertakings)} undertakings on time on {as_of}",
                f"截至 {as_of}，{len(undertakings)} 个项目均未逾期",
            ),
        ),
        Text("local practice: results published and followed up", "基层实践：结果公开、跟踪落实"),
    )


@attrs.frozen
class TenThings:
    """A year's "ten things" report: proposals made, adopted, done and overdue (ids)."""

    year: int
    as_of: dt.date
    proposed: tuple[str, ...]
    adopted: tuple[str, ...]
    done: tuple[str, ...]
    overdue: tuple[str, ...]

    def render(self, lang: Lang = "en") -> str:
        """One line with the four counts."""
        return Text(
            f"{self.year} (as of {self.as_of}): {len(self.proposed)} proposed, "
            f"{len(self.adopted)} adopted, {len(self.done)} done, {len(self.overdue)} overdue",
            f"{self.year} 年（截至 {self.as_of}）：提出 {len(self.proposed)} 件，议定 "
            f"{len(self.adopted)} 件，办结 {len(self.done)} 件，逾期 {len(self.overdue)} 件",
        ).render(check_lang(lang))


def ten_things(
    proposals: Iterable[Proposal], undertakings: Iterable[Undertaking], year: int, as_of: dt.date
) -> TenThings:
    """The year's report: proposals submitted in ``year``; of them, those adopted;
    their undertakings finished by ``as_of``; and those overdue then (an undertaking past its
    due day short of 100%, or a milestone past its day undone)."""
    made = [p for p in proposals if p.submitted.year == year]
    adopted = [p.id for p in made if p.status is ProposalStatus.ADOPTED]
    carried = {p.proposal: p for p in undertakings}
    done = [pid for pid in adopted if pid in carried and carried[pid].finished(as_of)]
    late = {
        pid
        for pid in adopted
        if pid in carried and not check_undertakings([carried[pid]], as_of).passed
    }
    return TenThings(
        year,
        as_of,
        tuple(p.id for p in made),
        tuple(adopted),
        tuple(done),
        tuple(pid for pid in adopted if pid in late),
    )


# --- property-manager reception days ---------------------------------------------------


@attrs.frozen
class ReceptionDay:
    """A recurring property-manager reception day (物业经理接待日) in a compound: the
    property ``manager`` (a staff id) receives residents with the community, on the
    days of ``recurrence`` (e.g. the first Wednesday of each month), for ``hours``."""

    id: str
    compound: str
    manager: str
    recurrence: Recurrence
    hours: int = 2

    __attrs_post_init__ = checks(
        id=IDENT,
        compound=IDENT,
        manager=IDENT,
        recurrence=of_type(Recurrence),
        hours=int_range(1, 24),
    )

    def days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The reception days from ``start`` to ``end`` (both included)."""
        zone = self.recurrence.start.tzinfo
        first = dt.datetime.combine(start, dt.time(0), zone)
        last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), zone)
        return tuple(moment.date() for moment in self.recurrence.between(first, last))


@attrs.frozen
class RaisedMatter:
    """A matter a household raised at a reception day."""

    household: str
    category: str
    description: str

    __attrs_post_init__ = checks(household=IDENT, category=TEXT, description=TEXT)


@attrs.frozen
class Reception:
    """One reception day as held: who of the staff attended, how many residents came
    and the matters they raised."""

    schedule: str
    day: dt.date
    attended: tuple[str, ...] = ()
    residents: int = 0
    matters: tuple[RaisedMatter, ...] = ()

    __attrs_post_init__ = checks(
        schedule=IDENT,
        day=DATE,
        attended=tuple_of(str),
        residents=int_range(0, 100_000),
        matters=tuple_of(RaisedMatter),
    )


def check_receptions(
    schedule: ReceptionDay, receptions: Iterable[Reception], start: dt.date, as_of: dt.date
) -> Verdict:
    """Rule ``deliberation.reception``: every reception day of ``schedule`` from
    ``start`` up to ``as_of`` (included) was held with the property manager there."""
    held = {r.day: r for r in receptions if r.schedule == schedule.id}
    due = schedule.days(start, as_of)
    problems = []
    for day in due:
        reception = held.get(day)
        if reception is None:
            problems.append(
                Reason(
                    f'$.deliberation.receptions[?(@.day=="{day}")]',
                    Text(
                        f"{schedule.id}: no reception recorded on {day}",
                        f"{schedule.id}：{day} 未记录接待日",
                    ),
                    "held",
                    "no record",
                )
            )
        elif schedule.manager not in reception.attended:
            problems.append(
                Reason(
                    f'$.deliberation.receptions[?(@.day=="{day}")].attended',
                    Text(
                        f"{schedule.id} on {day}: the property manager {schedule.manager} was not there",
                        f"{schedule.id} {day}：物业经理 {schedule.manager} 未到场",
                    ),
                    schedule.manager,
                    ", ".join(reception.attended) or "nobody",
                )
            )
    matters = sum(len(held[d].matters) for d in due if d in held)
    return Verdict.from_reasons(
        "deliberation.reception",
        Text("Property-manager reception days held", "物业经理接待日按时举行"),
        problems,
        Reason(
            f'$.deliberation.reception_days[?(@.id=="{schedule.id}")]',
            Text(
                f"{schedule.id}: {len(due)} reception days from {start} to {as_of}, all held with "
                f"the manager; {matters} matters raised",
                f"{schedule.id}：{start} 至 {as_of} 共 {len(due)} 次接待日，物业经理均到场；"
                f"收集事项 {matters} 件",
            ),
        ),
        Text("the property-service contract and local practice", "物业服务合同与基层实践"),
    )


def raise_matters(
    community: HoldsGrids, schedule: ReceptionDay, reception: Reception, first_id: int = 1
) -> tuple[Request, ...]:
    """The matters raised at a reception as residents' requests (ids
    ``<schedule>-<day>-<n>`` from ``first_id``), routed to each household's level-3 grid
    at the hour the reception began, so they are followed up like any request."""

    at = dt.datetime.combine(
        reception.day,
        schedule.recurrence.start.timetz().replace(tzinfo=None),
        schedule.recurrence.start.tzinfo,
    )
    made = []
    for n, matter in enumerate(reception.matters, start=first_id):
        request, _ = raise_request(
            f"{schedule.id}-{reception.day.isoformat()}-{n}",
            community,
            matter.household,
            matter.category,
            Urgency.NORMAL,
            matter.description,
            at,
        )
        made.append(request)
    return tuple(made)


# --- a community's deliberation records ------------------------------------------------


def _deliberation_integrity(record: Deliberation) -> Iterator[Problem]:
    for field in ("proposals", "boards", "meetings", "undertakings", "reception_days"):
        yield from duplicate_ids(field, [item.id for item in getattr(record, field)])
    schedules = {r.id for r in record.reception_days}
    for i, reception in enumerate(record.receptions):
        if reception.schedule not in schedules:
            yield unlisted(
                f"$.receptions[{i}].schedule",
                reception.schedule,
                "reception_days",
                Text("a reception day", "接待日"),
            )
    proposals = {p.id for p in record.proposals}
    boards = {b.id for b in record.boards}
    a_proposal = Text("a proposal", "提议")
    for i, meeting in enumerate(record.meetings):
        if meeting.board not in boards:
            yield unlisted(
                f"$.meetings[{i}].board", meeting.board, "boards", Text("a board", "理事会")
            )
        for j, item in enumerate(meeting.agenda):
            if item not in proposals:
                yield unlisted(f"$.meetings[{i}].agenda[{j}]", item, "proposals", a_proposal)
    for i, undertaking in enumerate(record.undertakings):
        if undertaking.proposal not in proposals:
            yield unlisted(
                f"$.undertakings[{i}].proposal", undertaking.proposal, "proposals", a_proposal
            )


@attrs.frozen
class Deliberation:
    """A community's deliberation records: proposals, co-governance boards, their
    meetings, the undertakings that carry adopted proposals out, and the
    property-manager reception days with what happened at each."""

    proposals: tuple[Proposal, ...] = ()
    boards: tuple[Board, ...] = ()
    meetings: tuple[DeliberationMeeting, ...] = ()
    undertakings: tuple[Undertaking, ...] = ()
    reception_days: tuple[ReceptionDay, ...] = ()
    receptions: tuple[Reception, ...] = ()

    __attrs_post_init__ = checks(
        proposals=tuple_of(Proposal),
        boards=tuple_of(Board),
        meetings=tuple_of(DeliberationMeeting),
        undertakings=tuple_of(Undertaking),
        reception_days=tuple_of(ReceptionDay),
        receptions=tuple_of(Reception),
        then=lambda record: list(_deliberation_integrity(record)),
    )


# --- ids and references, declared ----------------------------------------------------

PROPOSAL = Kind("proposal", Text("a proposal", "议题"))
BOARD = Kind("board", Text("a co-governance board", "共治议事会"))
DELIBERATION_MEETING = Kind("deliberation_meeting", Text("a deliberation meeting", "议事会议"))
UNDERTAKING = Kind("undertaking", Text("an undertaking", "承诺事项"))
RECEPTION_DAY = Kind("reception_day", Text("a reception day", "接待日"))

DELIBERATION_DECLARED = Declarations(
    ids=(
        Ids("proposals[*].id", PROPOSAL),
        Ids("boards[*].id", BOARD),
        Ids("meetings[*].id", DELIBERATION_MEETING),
        Ids("undertakings[*].id", UNDERTAKING),
        Ids("reception_days[*].id", RECEPTION_DAY),
    ),
    refs=(
        Ref("proposals[*].household", ("household",)),
        Ref("proposals[*].place", PLACE_KINDS, what=Text("a place", "地点")),
        Ref("proposals[*].supports[*].household", ("household",)),
        Ref("boards[*].compound", ("compound",)),
    ),
)
"""What the deliberation records define and the households, places and compounds they
name."""
