"""Deliberation meetings (协商议事会): who must be invited, whether the board had a
quorum, each agenda item's resolution with who stood how, and the notices sent to the
households a decision affects.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

import attrs

from neighborly._checks import (
    AWARE,
    IDENT,
    OPT_PROSE,
    checks,
    duplicate_ids,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.deliberation.board import Board
from neighborly.deliberation.proposals import (
    Proposal,
    ProposalStatus,
    affected_households,
    not_open,
)
from neighborly.errors import Problem
from neighborly.grids import GridLevel, HoldsGrids
from neighborly.owners.votes import Threshold
from neighborly.text import Text, figure, whole_at_least
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "MEETING_RULE",
    "RULES",
    "Decision",
    "DeliberationMeeting",
    "Notice",
    "QuorumPolicy",
    "Resolution",
    "Stance",
    "Stand",
    "apply_resolutions",
    "check_deliberation_meeting",
    "invitees",
    "notices",
]


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


@attrs.frozen(eq=False, repr=False)
class Stand(Model):
    """Where one participant stood on one agenda item (a proposal id)."""

    item: str
    person: str
    stance: Stance

    __attrs_post_init__ = checks(item=IDENT, person=IDENT, stance=is_enum(Stance))


@attrs.frozen(eq=False, repr=False)
class Resolution(Model):
    """The meeting's decision on one agenda item (a proposal id)."""

    item: str
    decision: Decision
    note: str | None = None

    __attrs_post_init__ = checks(item=IDENT, decision=is_enum(Decision), note=OPT_PROSE)


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


@attrs.frozen(eq=False, repr=False)
class DeliberationMeeting(Model):
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
        minutes=OPT_PROSE,
        published=opt(AWARE),
        then=lambda meeting: list(_meeting_integrity(meeting)),
    )


_TWO_THIRDS = Threshold(2, 3)


@attrs.frozen(eq=False, repr=False)
class QuorumPolicy(Model):
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


MEETING_RULE = Rule(
    "deliberation.meeting",
    Text("A deliberation meeting held as it should be", "协商议事会规范召开"),
    Text("local practice (QuorumPolicy)", "基层实践（QuorumPolicy）"),
    basis="BRIEF.md Services map: deliberation meetings (协商议事会) and livelihood micro-ten-things (民生微十事)",
    reads=Text("a deliberation meeting, its board and its agenda", "议事会议、理事会与议程"),
)

RULES: tuple[Rule, ...] = (MEETING_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_deliberation_meeting(
    community: HoldsGrids,
    meeting: DeliberationMeeting,
    board: Board,
    proposals: Iterable[Proposal],
    policy: QuorumPolicy | None = None,
) -> Verdict:
    """Rule ``deliberation.meeting``: everyone who must be invited was, the board's
    members present reach the quorum, every agenda item has a resolution, the minutes
    are written and the results published.  Paths are the meeting's own (``$.invited``,
    ``$.present``); ``Verdict.under`` places them in a larger document."""
    policy = policy if policy is not None else QuorumPolicy()
    on_agenda = [p for p in proposals if p.id in meeting.agenda]
    path = "$"
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
                    f"{len(members)} board members ({whole_at_least(needed)}), "
                    f"{present} came",
                    f"{meeting.id}：理事会 {len(members)} 人中应到 {policy.quorum.numerator}/"
                    f"{policy.quorum.denominator}（{whole_at_least(needed)} 人），实到 {present} 人",
                ),
                f">={figure(needed)}",
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
        MEETING_RULE.code,
        MEETING_RULE.title,
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
        MEETING_RULE.source,
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
            raise not_open(proposal, "resolve", ProposalStatus.ON_AGENDA)
        updated.append(
            attrs.evolve(proposal, status=_DECIDED[resolution.decision], note=resolution.note)
        )
    return tuple(updated)


@attrs.frozen(eq=False, repr=False)
class Notice(Model):
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
