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
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType

import attrs

from neighborly._checks import (
    AWARE,
    IDENT,
    OPT_PROSE,
    PROSE,
    TEXT,
    Where,
    checks,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import IllegalTransition, NotFound
from neighborly.grids import HoldsGrids
from neighborly.owners.votes import Threshold
from neighborly.text import Text, figure, number, whole_at_least
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "RULES",
    "STATUS_TEXT",
    "THRESHOLD_RULE",
    "Proposal",
    "ProposalStatus",
    "Proposed",
    "PutOnAgenda",
    "Support",
    "SupportPolicy",
    "SupportWithdrawn",
    "Supported",
    "affected_households",
    "check_support",
    "not_open",
    "propose",
    "put_on_agenda",
    "support",
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


@attrs.frozen(eq=False, repr=False)
class SupportPolicy(Model):
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


@attrs.frozen(eq=False, repr=False)
class Support(Model):
    """A household's support for a proposal, given at ``at``."""

    household: str
    at: dt.datetime

    __attrs_post_init__ = checks(household=IDENT, at=AWARE)


@attrs.frozen(eq=False, repr=False)
class Proposal(Model):
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
        description=PROSE,
        place=IDENT,
        submitted=AWARE,
        deadline=AWARE,
        supports=tuple_of(Support),
        status=is_enum(ProposalStatus),
        note=OPT_PROSE,
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


@attrs.frozen(eq=False, repr=False)
class Proposed(Model):
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen(eq=False, repr=False)
class Supported(Model):
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen(eq=False, repr=False)
class SupportWithdrawn(Model):
    proposal: str
    household: str
    at: dt.datetime


@attrs.frozen(eq=False, repr=False)
class PutOnAgenda(Model):
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
        raise PLACE_RULE.refuse(
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


STATUS_TEXT: Mapping[ProposalStatus, Text] = MappingProxyType(
    {
        ProposalStatus.OPEN: Text("open", "征集支持中"),
        ProposalStatus.ON_AGENDA: Text("on_agenda", "已列入议程"),
        ProposalStatus.ADOPTED: Text("adopted", "已通过"),
        ProposalStatus.REJECTED: Text("rejected", "未通过"),
        ProposalStatus.DEFERRED: Text("deferred", "已暂缓"),
        ProposalStatus.LAPSED: Text("lapsed", "已失效"),
        ProposalStatus.WITHDRAWN: Text("withdrawn", "已撤回"),
    }
)
"""Each status as the errors name it: its value, and in Chinese."""

_VERBS: Mapping[str, Text] = MappingProxyType(
    {
        "support": Text("support", "支持"),
        "withdraw a support from": Text("withdraw a support from", "撤回对其的支持："),
        "put on the agenda": Text("put on the agenda", "列入议程："),
        "resolve": Text("resolve", "表决"),
    }
)


def not_open(
    proposal: Proposal, action: str, allowed: ProposalStatus = ProposalStatus.OPEN
) -> IllegalTransition:
    """The error for ``action`` on a proposal whose status does not allow it."""
    return IllegalTransition(
        Text(f"proposal {proposal.id}", f"议题 {proposal.id}"),
        STATUS_TEXT[proposal.status],
        _VERBS[action],
        (STATUS_TEXT[allowed],),
    )


def _open(proposal: Proposal, at: dt.datetime, action: str) -> None:
    if proposal.status is not ProposalStatus.OPEN:
        raise not_open(proposal, action)
    if at > proposal.deadline:
        raise DEADLINE_RULE.refuse(
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
        raise TWICE_RULE.refuse(
            Text(
                f"{household} already supports {proposal.id}: one support per household",
                f"{household} 已支持 {proposal.id}：每户只能支持一次",
            ),
            "1",
            "2",
        )
    if household not in affected_households(community, proposal.place):
        raise PLACE_RULE.refuse(
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


THRESHOLD_RULE = Rule(
    "deliberation.threshold",
    Text("Enough support for the agenda", "达到上会所需的支持"),
    Text("local practice; the threshold is a SupportPolicy", "基层实践；门槛由 SupportPolicy 设定"),
    basis="BRIEF.md Services map: deliberation meetings (协商议事会) put residents' proposals on the agenda",
    reads=Text("a proposal and its supports", "提议及其支持"),
    policy="support",
    refuses=("neighborly.deliberation.proposals.put_on_agenda",),
)

_PROPOSAL_SOURCE = Text(
    "local practice: residents propose, households support, the meeting decides",
    "基层实践：居民提议、住户附议、议事会决定",
)
_PROPOSAL_BASIS = (
    "BRIEF.md Services map: deliberation meetings (协商议事会) put residents' proposals on "
    "the agenda"
)

PLACE_RULE = Rule(
    "deliberation.place",
    Text("Proposed and supported by households of the place", "由所涉范围内的住户提议和支持"),
    _PROPOSAL_SOURCE,
    basis=_PROPOSAL_BASIS,
    reads=Text("the households of the place the proposal affects", "提议所涉范围内的住户"),
    refuses=(
        "neighborly.deliberation.proposals.propose",
        "neighborly.deliberation.proposals.support",
    ),
)

DEADLINE_RULE = Rule(
    "deliberation.deadline",
    Text("Support given within the proposal's days", "在征集期限内支持"),
    Text(
        "local practice; the days open in SupportPolicy.days_open",
        "基层实践；征集天数见 SupportPolicy.days_open",
    ),
    basis=_PROPOSAL_BASIS,
    reads=Text("the proposal's deadline", "提议截止时间"),
    policy="support",
    refuses=(
        "neighborly.deliberation.proposals.support",
        "neighborly.deliberation.proposals.withdraw_support",
    ),
)

TWICE_RULE = Rule(
    "deliberation.twice",
    Text("One support per household", "每户只支持一次"),
    _PROPOSAL_SOURCE,
    basis=_PROPOSAL_BASIS,
    reads=Text("the proposal's supports", "提议的支持记录"),
    refuses=("neighborly.deliberation.proposals.support",),
)

RULES: tuple[Rule, ...] = (THRESHOLD_RULE, PLACE_RULE, DEADLINE_RULE, TWICE_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_support(
    proposal: Proposal, community: HoldsGrids, policy: SupportPolicy | None = None
) -> Verdict:
    """Rule ``deliberation.threshold``: the proposal has the support the policy asks
    for: at least ``min_supports`` households, or at least ``share`` of the households
    of its place (either is enough).  The reason's path is the proposal's own (``$``);
    ``Verdict.under`` places it in a larger document."""
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
        THRESHOLD_RULE.code,
        passed,
        THRESHOLD_RULE.title,
        (
            Reason(
                "$",
                message,
                " or ".join(f">={figure(n)}" for _, n in wants),
                str(count),
            ),
        ),
        THRESHOLD_RULE.source,
    )


def _households(value: Fraction | int, *, zh: bool = False) -> str:
    whole = whole_at_least(value)
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
    :class:`~neighborly.errors.Refused` (``deliberation.threshold``, with the support
    needed and given) without it, and :class:`~neighborly.errors.IllegalTransition`
    when the proposal is not open."""
    if proposal.status is not ProposalStatus.OPEN:
        raise not_open(proposal, "put on the agenda")
    verdict = check_support(proposal, community, policy)
    if not verdict.passed:
        # not a wrong call order but a governance outcome: the rule and its numbers
        (short,) = verdict.reasons
        raise THRESHOLD_RULE.refuse(short.message, short.expected, short.actual)
    moved = attrs.evolve(proposal, status=ProposalStatus.ON_AGENDA)
    return moved, PutOnAgenda(proposal.id, proposal.count, at)
