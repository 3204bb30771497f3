"""Elections (选举): one counting engine for the three bodies a community elects.

Motions are counted by :mod:`neighborly.owners.votes`; an *election* fills seats from
candidates, and who is elected, and whether the election stands at all, is a matter
of the body's rules.  They are an :class:`ElectionPolicy` each, so the engine is one:

* the Party's basic-level committees (:data:`PARTY`; 中国共产党基层组织选举工作条例,
  2020): committee members are elected from more candidates than seats, by at least
  20% of the seats; the election is held only when the members with a vote who are
  present number more than 4/5 of those due to attend; a candidate is elected with
  the votes of more than half of the members with a vote actually present (exactly
  half is not enough);
* the owners' committee (:data:`OWNERS_COMMITTEE`; Civil Code Art. 278 item 3): the
  owners taking part must hold at least 2/3 of the exclusive area and be at least 2/3
  of the owners, counted as the courts count them (:func:`neighborly.owners.votes.voters`);
  a candidate needs more than half of the participating area *and* of the
  participating owners;
* the residents' committee (:data:`RESIDENTS_COMMITTEE`; 城市居民委员会组织法, 2018
  text, Art. 8): elected by every resident with the right to vote, by one
  representative of each household, or by 2 to 3 representatives of each residents'
  group.  The law sets no turnout and no majority for this election: the national
  policy fills the seats by most votes and says so; a local rule gives its numbers in
  the policy.

Everywhere: a ballot marking more people than there are seats is invalid; one voter
counts once; more ballots returned than were issued voids the election; a tie for
the last seat is voted again between the tied; seats no one won are elected again.

    >>> party = Election("e-1", Body.PARTY, "Branch committee", dt.date(2026, 6, 1), seats=3,
    ...     candidates=("m1", "m2", "m3", "m4"), electors=tuple(f"m{i}" for i in range(1, 11)),
    ...     present=tuple(f"m{i}" for i in range(1, 10)),
    ...     ballots=tuple(ElectionBallot(f"m{i}", ("m1", "m2", "m3")) for i in range(1, 10)))
    >>> result = count_election(party)
    >>> result.void, result.elected
    (False, ('m1', 'm2', 'm3'))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    TEXT,
    Where,
    checks,
    duplicate_ids,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind
from neighborly.owners.votes import ExclusivePart, RollPolicy, Threshold, voters
from neighborly.places import HoldsPlaces
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "ELECTION",
    "ELECTION_DECLARED",
    "ELECTION_POLICIES",
    "ELECTION_RULE",
    "ELECTORATE_RULE",
    "OWNERS_COMMITTEE",
    "PARTY",
    "RESIDENTS_COMMITTEE",
    "RULES",
    "SEATED_RULE",
    "Base",
    "Body",
    "CandidateCount",
    "Election",
    "ElectionBallot",
    "ElectionPolicy",
    "ElectionResult",
    "Electorate",
    "GroupRepresentatives",
    "check_electorate",
    "check_seated",
    "count_election",
]


class Body(str, enum.Enum):
    """Who is being elected."""

    PARTY = "party"  # 党的基层组织委员会（党委、总支、支部）
    OWNERS_COMMITTEE = "owners_committee"  # 业主委员会
    RESIDENTS_COMMITTEE = "residents_committee"  # 居民委员会


class Electorate(str, enum.Enum):
    """Who elects a residents' committee (Organic Law, 2018 text, Art. 8)."""

    VOTERS = "voters"  # every resident of the area with the right to vote
    HOUSEHOLDS = "households"  # one representative of each household
    GROUP_REPRESENTATIVES = "group_representatives"  # 2-3 representatives of each group


class Base(str, enum.Enum):
    """What a candidate's votes are a share of."""

    PRESENT = "present"  # those with a vote actually present (实到会)
    ENTITLED = "entitled"  # those with a vote due to attend (应到会)
    VOTED = "voted"  # those who cast a ballot (参加投票)


_THRESHOLD = opt(of_type(Threshold))


@attrs.frozen(eq=False, repr=False)
class ElectionPolicy(Model):
    """The rules an election is counted by.

    ``margin``: how many more candidates than seats, as a share of the seats
    (``(candidates - seats) / seats``); ``presence``: those with a vote present, as a
    share of those due to attend; ``participation``: those who cast a ballot, as a
    share of the electorate (by head, and by exclusive area where ``by_area``);
    ``elected``: a candidate's votes as a share of ``base``; with no ``elected``
    threshold the seats go to the most votes.  ``by_area`` counts every share by
    exclusive area as well as by head, over the owner roll (``roll``: the roll's
    counting choices).  ``min_representatives``/``max_representatives``: how many
    representatives each residents' group sends where a group elects.
    """

    name: str
    margin: Threshold | None = None
    presence: Threshold | None = None
    participation: Threshold | None = None
    elected: Threshold | None = None
    base: Base = Base.PRESENT
    by_area: bool = False
    roll: RollPolicy = attrs.field(factory=RollPolicy)
    min_representatives: int = 2
    max_representatives: int = 3

    __attrs_post_init__ = checks(
        name=TEXT,
        margin=_THRESHOLD,
        presence=_THRESHOLD,
        participation=_THRESHOLD,
        elected=_THRESHOLD,
        base=is_enum(Base),
        by_area=BOOL,
        roll=of_type(RollPolicy),
        min_representatives=int_range(1, 100),
        max_representatives=int_range(1, 100),
        where=(
            Where(
                "self.min_representatives <= self.max_representatives",
                "$.max_representatives",
                Text("no fewer than min_representatives", "不少于 min_representatives"),
                shows="max_representatives",
            ),
        ),
    )


PARTY = ElectionPolicy(
    "party",
    margin=Threshold(1, 5),
    presence=Threshold(4, 5, inclusive=False),
    elected=Threshold(1, 2, inclusive=False),
    base=Base.PRESENT,
)
"""A Party basic-level committee (选举工作条例, 2020): candidates exceed the seats by
at least 20% of them; more than 4/5 of the members with a vote present; a candidate
elected with more than half of the votes of the members with a vote present.  For an
election the rules let be held with as many candidates as seats (a secretary), give
a policy with ``margin=None``."""

OWNERS_COMMITTEE = ElectionPolicy(
    "owners_committee",
    participation=Threshold(2, 3),
    elected=Threshold(1, 2, inclusive=False),
    base=Base.VOTED,
    by_area=True,
)
"""The owners' committee (Civil Code Art. 278 item 3, an ordinary matter): owners
holding at least 2/3 of the area and at least 2/3 of the owners take part; a
candidate needs more than half of the participating area and owners."""

RESIDENTS_COMMITTEE = ElectionPolicy("residents_committee")
"""The residents' committee (Organic Law, 2018 text, Art. 8): 2 to 3 representatives
per group where groups elect; no turnout or majority in the law, so most votes win."""

ELECTION_POLICIES: Mapping[Body, ElectionPolicy] = MappingProxyType(
    {
        Body.PARTY: PARTY,
        Body.OWNERS_COMMITTEE: OWNERS_COMMITTEE,
        Body.RESIDENTS_COMMITTEE: RESIDENTS_COMMITTEE,
    }
)
"""The national policy of each body, used when an election names none."""


@attrs.frozen(eq=False, repr=False)
class GroupRepresentatives(Model):
    """The representatives a residents' group (居民小组) sent to elect the residents'
    committee: the group's id and the representatives' resident ids."""

    group: str
    representatives: tuple[str, ...]

    __attrs_post_init__ = checks(group=IDENT, representatives=tuple_of(str))


@attrs.frozen(eq=False, repr=False)
class ElectionBallot(Model):
    """One ballot: who cast it (``voter``: an elector's id; for the owners' committee
    an exclusive part of the roll, which stands for its owner) and the ids it marks
    in favour: candidates, or others written in (另选他人)."""

    voter: str
    marks: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        voter=IDENT,
        marks=tuple_of(str),
        then=lambda ballot: list(duplicate_ids("marks", ballot.marks, key="mark")),
    )


@attrs.frozen(eq=False, repr=False)
class Election(Model):
    """An election as a file holds it.

    ``seats``: how many are to be elected; ``candidates``: the ids standing (Party
    member ids, owner ids or resident ids); ``electors``: the ids with a vote who are
    due to take part (Party members with a vote due to attend; residents with the
    right to vote, households or group representatives as ``electorate`` says),
    while the owners' committee is elected by its ``roll``; ``present``: who of the
    electors attended, where the rules count presence (empty: not recorded);
    ``issued``: how many ballots were handed out (None: not recorded); ``policy``:
    None for the body's national policy (:data:`ELECTION_POLICIES`).
    """

    id: str
    body: Body
    title: str
    held: dt.date
    seats: int
    candidates: tuple[str, ...] = ()
    electors: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    roll: tuple[ExclusivePart, ...] = ()
    electorate: Electorate | None = None
    groups: tuple[GroupRepresentatives, ...] = ()
    ballots: tuple[ElectionBallot, ...] = ()
    issued: int | None = None
    policy: ElectionPolicy | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        body=is_enum(Body),
        title=TEXT,
        held=DATE,
        seats=int_range(1, 1_000),
        candidates=tuple_of(str),
        electors=tuple_of(str),
        present=tuple_of(str),
        roll=tuple_of(ExclusivePart),
        electorate=opt(is_enum(Electorate)),
        groups=tuple_of(GroupRepresentatives),
        ballots=tuple_of(ElectionBallot),
        issued=opt(int_range(0, 100_000_000)),
        policy=opt(of_type(ElectionPolicy)),
        then=lambda election: list(_election_problems(election)),
    )

    @property
    def rules(self) -> ElectionPolicy:
        """The policy it is counted by: its own, else its body's national one."""
        return self.policy if self.policy is not None else ELECTION_POLICIES[self.body]


def _election_problems(election: Election) -> Iterator[Problem]:
    yield from duplicate_ids("candidates", election.candidates, key="candidate")
    yield from duplicate_ids("electors", election.electors, key="elector")
    yield from duplicate_ids("roll", [p.id for p in election.roll])
    owners = election.body is Body.OWNERS_COMMITTEE
    if owners and election.electors:
        yield Problem(
            "$.electors",
            Text(
                "no electors: the owners' committee is elected by its roll",
                "不填：业主委员会按业主名册选举",
            ),
            Text(f"{len(election.electors):,} electors", f"{len(election.electors):,} 名选举人"),
        )
    if owners and election.ballots and not election.roll:
        yield Problem(
            "$.roll",
            Text("the owner roll the election was held on", "选举时的业主名册"),
            Text(
                f"an empty roll with {len(election.ballots):,} ballots",
                f"空名册，却有 {len(election.ballots):,} 张选票",
            ),
        )
    if not owners and election.roll:
        yield Problem(
            "$.roll",
            Text(
                "no roll: only the owners' committee is elected by one",
                "不填：仅业主委员会选举使用业主名册",
            ),
            Text(f"{len(election.roll):,} exclusive parts", f"{len(election.roll):,} 个专有部分"),
        )
    residents = election.body is Body.RESIDENTS_COMMITTEE
    if residents and election.electorate is None:
        yield Problem(
            "$.electorate",
            Text(
                "who elects: voters, households or group_representatives",
                "选举方式：voters、households 或 group_representatives",
            ),
            Text.same("null"),
        )
    if not residents and election.electorate is not None:
        yield Problem(
            "$.electorate",
            Text(
                "none: only a residents' committee has an electorate option",
                "不填：仅居委会选举有此项",
            ),
            Text.same(election.electorate.value),
        )
    by_groups = election.electorate is Electorate.GROUP_REPRESENTATIVES
    if election.groups and not by_groups:
        yield Problem(
            "$.groups",
            Text("no groups unless residents' groups elect", "仅由居民小组代表选举时填写"),
            Text(f"{len(election.groups):,} groups", f"{len(election.groups):,} 个小组"),
        )
    if by_groups:
        yield from duplicate_ids("groups", [g.group for g in election.groups], key="group")
        sent = [r for g in election.groups for r in g.representatives]
        yield from (
            Problem(
                "$.groups",
                Text(
                    "each representative sent by one group",
                    "每名代表只由一个小组推选",
                ),
                Text(f"{who} sent twice", f"{who} 被推选两次"),
            )
            for who in _repeated(sent)
        )
        if set(sent) != set(election.electors):
            yield Problem(
                "$.electors",
                Text(
                    "the groups' representatives, each once, as the electors",
                    "选举人应恰为各小组推选的代表",
                ),
                Text(
                    f"{len(set(election.electors) - set(sent)):,} electors no group sent, "
                    f"{len(set(sent) - set(election.electors)):,} representatives not electors",
                    f"{len(set(election.electors) - set(sent)):,} 名选举人非小组推选，"
                    f"{len(set(sent) - set(election.electors)):,} 名代表不在选举人中",
                ),
            )
    if election.present:
        yield from duplicate_ids("present", election.present, key="elector")
        electors = set(election.electors)
        for i, who in enumerate(election.present):
            if who not in electors:
                yield Problem(
                    f"$.present[{i}]",
                    Text("an elector of this election", "本次选举的选举人"),
                    Text(f'"{who}", who is no elector', f"“{who}”，不是选举人"),
                )


def _repeated(items: Sequence[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            yield item
        seen.add(item)


# --- the rules -----------------------------------------------------------------------

ELECTION_RULE = Rule(
    "elections.count",
    Text("An election stands and fills its seats by its rules", "选举有效并依规则产生当选人"),
    Text(
        "中国共产党基层组织选举工作条例 (2020); Civil Code Art. 278; 城市居民委员会组织法 (2018) "
        "Art. 8",
        "《中国共产党基层组织选举工作条例》（2020）；《民法典》第二百七十八条；"
        "《城市居民委员会组织法》（2018）第八条",
    ),
    basis=(
        "FACTS.md §4 [V-2]: Party elections need more than 4/5 of those due present, "
        "candidates exceeding seats by 20%, more than half of those present to be elected; "
        "§1 Art. 278 [V]: participation >=2/3 of area and heads, >1/2 of each to pass; §11 "
        "Art. 8 [V]: residents' committee electorate options, no threshold in the law"
    ),
    reads=Text(
        "an election: seats, candidates, electors, ballots", "选举：名额、候选人、选举人、选票"
    ),
)

ELECTORATE_RULE = Rule(
    "elections.electorate",
    Text("Those who elect may elect", "选举人具备选举资格"),
    Text(
        "城市居民委员会组织法 (2018) Art. 8; 选举工作条例 (2020) Art. 5; Civil Code Art. 278",
        "《城市居民委员会组织法》（2018）第八条；《中国共产党基层组织选举工作条例》第五条；"
        "《民法典》第二百七十八条",
    ),
    basis=(
        "FACTS.md §11 Art. 8 [V]: residents 18 or over elect, or one representative per "
        "household, or 2-3 per residents' group; §4 [V]: full members vote, probationary "
        "members do not"
    ),
    reads=Text("an election and the community's places", "选举与社区的房屋住户"),
)

SEATED_RULE = Rule(
    "elections.seated",
    Text("A committee sits as its election elected it", "委员会成员与选举结果一致"),
    Text(
        "城市居民委员会组织法 (2018) Art. 8; Civil Code Art. 278 item 3",
        "《城市居民委员会组织法》（2018）第八条；《民法典》第二百七十八条第三项",
    ),
    basis=(
        "FACTS.md §11 Art. 8 [V]: the residents' committee's members are elected; §1 Art. 278 "
        "[V]: owners jointly elect the owners' committee"
    ),
    reads=Text("a committee's members and the election it names", "委员会成员及其所称的选举"),
)

RULES: tuple[Rule, ...] = (ELECTION_RULE, ELECTORATE_RULE, SEATED_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


# --- counting ------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CandidateCount(Model):
    """One person's votes: by head, and by exclusive area where the election counts
    area (else None); ``written_in`` when they were not a candidate; ``elected``."""

    candidate: str
    votes: int
    area: Decimal | None
    written_in: bool
    elected: bool


@attrs.frozen(eq=False, repr=False)
class ElectionResult(Model):
    """What an election came to, with every figure: how many were due to take part,
    were present and cast a ballot (and the area, where counted), each person's
    votes in order, who was elected, who must be voted on again for a tied seat
    (``runoff``), how many seats stay empty (``unfilled``), whether the election is
    ``void``, the ballots set aside, and the verdict that explains it all."""

    election: str
    entitled: int
    present: int | None
    cast: int
    valid: int
    entitled_area: Decimal | None
    cast_area: Decimal | None
    counts: tuple[CandidateCount, ...]
    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    unfilled: int
    void: bool
    set_aside: tuple[Reason, ...]
    verdict: Verdict

    def explain(self, lang: Lang = "en") -> str:
        """The verdict, then the ballots set aside."""
        lang = check_lang(lang)
        text = self.verdict.explain(lang)
        if self.set_aside:
            head = Text("Ballots set aside:", "不计入的选票：").render(lang)
            text += "\n" + "\n".join([head, *(f"  - {r.explain(lang)}" for r in self.set_aside)])
        return text


def _plain(value: Fraction | Decimal | int) -> str:
    return number(Fraction(value))


_NO_UNIT = Text.same("")
_M2 = Text(" m²", " 平方米")


def _figure(
    label: Text,
    share: tuple[Fraction | Decimal | int, Fraction | Decimal | int],
    t: Threshold,
    path: str,
    unit: Text = _NO_UNIT,
) -> tuple[bool, Reason]:
    """Whether ``part`` of ``whole`` reaches ``t``, and the reason that says so."""
    part, whole = share
    met = t.met(part, whole)
    need = _plain(t.share * Fraction(whole))
    rule = t.describe()
    return met, Reason(
        path,
        Text(
            f"{label.en}: {_plain(part)}{unit.en} of {_plain(whole)}{unit.en}; {rule.en} "
            f"({need}) needed: {'met' if met else 'not met'}",
            f"{label.zh}：{_plain(part)}{unit.zh} / {_plain(whole)}{unit.zh}，需{rule.zh}"
            f"（{need}）：{'达到' if met else '未达到'}",
        ),
        f"{rule.en} of {_plain(whole)}",
        _plain(part),
    )


@attrs.define
class _Count:
    """The count as it is made: what voids the election, the figures that explain
    it, and who cast which ballot."""

    election: Election
    policy: ElectionPolicy
    person_of: dict[str, str]
    area_of: dict[str, Decimal]
    area_counted: bool
    void: list[Reason] = attrs.field(factory=list)
    figures: list[Reason] = attrs.field(factory=list)
    set_aside: list[Reason] = attrs.field(factory=list)
    chosen: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    spoilt: list[str] = attrs.field(factory=list)

    def note(self, judged: tuple[bool, Reason]) -> None:
        """File ``reason`` with the figures when ``met``, else with what voids."""
        met, reason = judged
        (self.figures if met else self.void).append(reason)

    @property
    def entitled(self) -> int:
        return len(self.area_of) if self.area_counted else len(self.person_of)

    @property
    def cast(self) -> int:
        return len(self.chosen) + len(self.spoilt)

    def area(self, people: Iterable[str]) -> Decimal:
        return sum((self.area_of[p] for p in people), Decimal(0))


def _start(election: Election, policy: ElectionPolicy) -> _Count:
    if election.body is Body.OWNERS_COMMITTEE:
        people = voters(election.roll, policy.roll)
        return _Count(
            election,
            policy,
            {part: v.id for v in people for part in v.parts},
            {v.id: v.area for v in people},
            area_counted=policy.by_area,
        )
    return _Count(election, policy, {e: e for e in election.electors}, {}, area_counted=False)


def _margin(count: _Count) -> None:
    margin, election = count.policy.margin, count.election
    if margin is None:
        return
    seats = election.seats
    extra = len(election.candidates) - seats
    met = extra >= 0 and margin.met(extra, seats)
    least = margin.least(seats)
    rule = margin.describe()
    count.note(
        (
            met,
            Reason(
                "$.candidates",
                Text(
                    f"{len(election.candidates)} candidates for {seats} seats: {extra} more than the "
                    f"seats; {rule.en} of the seats ({least} more) needed: "
                    f"{'met' if met else 'not met'}",
                    f"候选人 {len(election.candidates)} 名，应选 {seats} 名：多 {extra} 名；差额需达"
                    f"应选人数的{rule.zh}（多 {least} 名）：{'达到' if met else '未达到'}",
                ),
                f"{rule.en} of {seats} more",
                str(extra),
            ),
        )
    )


def _groups(count: _Count) -> None:
    election, policy = count.election, count.policy
    if election.electorate is not Electorate.GROUP_REPRESENTATIVES:
        return
    if not election.groups:
        count.void.append(
            Reason(
                "$.groups", Text("no residents' group sent representatives", "没有居民小组推选代表")
            )
        )
    low, high = policy.min_representatives, policy.max_representatives
    wrong = 0
    for i, group in enumerate(election.groups):
        sent = len(group.representatives)
        if not low <= sent <= high:
            wrong += 1
            count.void.append(
                Reason(
                    f"$.groups[{i}]",
                    Text(
                        f"group {group.group} sent {sent} representatives; {low}-{high} wanted",
                        f"居民小组 {group.group} 推选代表 {sent} 人，应为 {low}-{high} 人",
                    ),
                    f"{low}..{high}",
                    str(sent),
                )
            )
    if election.groups and not wrong:
        count.figures.append(
            Reason(
                "$.groups",
                Text(
                    f"each of {len(election.groups)} residents' groups sent {low}-{high} "
                    "representatives",
                    f"{len(election.groups)} 个居民小组均推选代表 {low}-{high} 人",
                ),
            )
        )


def _presence(count: _Count) -> None:
    presence, present = count.policy.presence, count.election.present
    if presence is None:
        return
    if not present:
        count.void.append(
            Reason(
                "$.present",
                Text(
                    "who was present is not recorded, and these rules count it",
                    "未记录到会人员，而本规则须计算到会人数",
                ),
            )
        )
        return
    count.note(
        _figure(
            Text("present with a vote, of those due", "有选举权的实到会人数 / 应到会人数"),
            (len(present), count.entitled),
            presence,
            "$.present",
        )
    )


def _ballots(count: _Count) -> None:
    election = count.election
    owners = election.body is Body.OWNERS_COMMITTEE
    present = set(election.present) if election.present else None
    for i, ballot in enumerate(election.ballots):
        at = f"$.ballots[{i}]"
        who = count.person_of.get(ballot.voter)
        if who is None:
            count.set_aside.append(
                Reason(
                    at,
                    Text(
                        f"{ballot.voter} is not an exclusive part on the roll",
                        f"{ballot.voter} 不在业主名册的专有部分中",
                    )
                    if owners
                    else Text(f"{ballot.voter} is not an elector", f"{ballot.voter} 不是选举人"),
                )
            )
        elif present is not None and who not in present:
            count.set_aside.append(Reason(at, Text(f"{who} was not present", f"{who} 未到会")))
        elif who in count.chosen or who in count.spoilt:
            count.set_aside.append(Reason(at, Text(f"{who} has voted already", f"{who} 已投过票")))
        elif len(ballot.marks) > election.seats:
            count.spoilt.append(who)
            count.set_aside.append(
                Reason(
                    at,
                    Text(
                        f"{len(ballot.marks)} marked for {_seats_en(election.seats)}: invalid",
                        f"应选 {election.seats} 名却选了 {len(ballot.marks)} 名：无效票",
                    ),
                    f"<={election.seats}",
                    str(len(ballot.marks)),
                )
            )
        else:
            count.chosen[who] = ballot.marks
    returned = len(election.ballots)
    if election.issued is not None and returned > election.issued:
        count.void.append(
            Reason(
                "$.ballots",
                Text(
                    f"{returned} ballots returned, {election.issued} issued: more returned "
                    "than issued",
                    f"收回选票 {returned} 张，发出 {election.issued} 张：收回多于发出",
                ),
                f"<={election.issued}",
                str(returned),
            )
        )
    aside = len(count.set_aside)
    count.figures.append(
        Reason(
            "$.ballots",
            Text(
                f"{number(count.cast)} of {number(count.entitled)} voted, "
                f"{number(len(count.chosen))} valid ballots"
                + (f", {aside} set aside" if aside else ""),
                f"{number(count.entitled)} 人中 {number(count.cast)} 人投票，"
                f"有效票 {number(len(count.chosen))} 张" + (f"，{aside} 张不计入" if aside else ""),
            ),
        )
    )


def _participation(count: _Count) -> None:
    participation = count.policy.participation
    if participation is None:
        return
    count.note(
        _figure(
            Text("those who voted, of the electorate", "参加投票人数 / 应参加人数"),
            (count.cast, count.entitled),
            participation,
            "$.ballots",
        )
    )
    if count.area_counted:
        count.note(
            _figure(
                Text("area of those who voted, of the whole", "参加投票的专有部分面积 / 总面积"),
                (count.area((*count.chosen, *count.spoilt)), count.area(count.area_of)),
                participation,
                "$.ballots",
                _M2,
            )
        )


@attrs.frozen
class _Seats:
    counts: tuple[CandidateCount, ...]
    elected: tuple[str, ...]
    runoff: tuple[str, ...]


def _seats(count: _Count) -> _Seats:
    """Who is over the line, and who of them takes the seats."""
    election, policy = count.election, count.policy
    heads: dict[str, int] = {}
    area: dict[str, Decimal] = {}
    for who, marks in count.chosen.items():
        for mark in marks:
            heads[mark] = heads.get(mark, 0) + 1
            if count.area_counted:
                area[mark] = area.get(mark, Decimal(0)) + count.area_of[who]
    standing = set(election.candidates)
    names = [*election.candidates, *sorted(m for m in heads if m not in standing)]
    base, base_area = _base(count)

    def rank(name: str) -> tuple[int, Decimal]:
        return heads.get(name, 0), area.get(name, Decimal(0))

    def over(name: str) -> bool:
        votes, by_area = rank(name)
        if votes == 0:  # nobody is elected without a vote, whatever the share asked
            return False
        if policy.elected is None:
            return True
        return policy.elected.met(votes, base) and (
            base_area is None or policy.elected.met(by_area, base_area)
        )

    order = {n: i for i, n in enumerate(names)}
    ordered = sorted(names, key=lambda n: (-rank(n)[0], -rank(n)[1], order[n]))
    qualified = [n for n in ordered if over(n)]
    elected: list[str] = []
    runoff: list[str] = []
    if count.void:
        qualified = []  # a void election elects nobody, though its votes are shown
    if len(qualified) <= election.seats:
        elected = qualified
    else:
        line = rank(qualified[election.seats - 1])
        elected = [n for n in qualified if rank(n) > line]
        tied = [n for n in qualified if rank(n) == line]
        if len(elected) + len(tied) == election.seats:
            elected += tied
        else:
            runoff = tied
    counts = tuple(
        CandidateCount(
            n,
            heads.get(n, 0),
            area.get(n, Decimal(0)) if count.area_counted else None,
            n not in standing,
            n in elected,
        )
        for n in ordered
    )
    return _Seats(counts, tuple(elected), tuple(runoff))


def count_election(election: Election) -> ElectionResult:
    """Count ``election`` by its policy (see the module's description) and say, with
    every figure, who was elected and, if it is void, why.

    A ballot from someone who is not an elector (or not present, where presence is
    recorded), a second ballot from the same person, and a ballot marking more
    people than there are seats are set aside and listed; the first two are not
    counted at all, an over-marked ballot counts as cast but not as valid.  Paths
    are the election's own (``$.ballots[3]``).
    """
    policy = election.rules
    count = _start(election, policy)
    _margin(count)
    _groups(count)
    _presence(count)
    _ballots(count)
    _participation(count)
    seats = _seats(count)
    base, base_area = _base(count)
    count.figures.extend(
        _count_reasons(seats, policy, (base, base_area), election.candidates, void=bool(count.void))
    )
    unfilled = election.seats - len(seats.elected)
    count.figures.extend(_left(seats, election.seats, unfilled, void=bool(count.void)))
    if policy.elected is None and election.body is Body.RESIDENTS_COMMITTEE:
        count.figures.append(
            Reason(
                "$",
                Text(
                    "the Organic Law (2018) sets no turnout or majority for this election; "
                    "the seats go to the most votes",
                    "《城市居民委员会组织法》未规定参选率和当选票数，按得票多少产生当选人",
                ),
            )
        )
    void = bool(count.void)
    title = Text(
        f"{election.title}: {_seats_en(election.seats)}, {len(seats.elected)} elected"
        + (" (void)" if void else ""),
        f"{election.title}：应选 {election.seats} 名，当选 {len(seats.elected)} 名"
        + ("（选举无效）" if void else ""),
    )
    present = election.present
    return ElectionResult(
        election.id,
        count.entitled,
        len(present) if present else None,
        count.cast,
        len(count.chosen),
        count.area(count.area_of) if count.area_counted else None,
        count.area((*count.chosen, *count.spoilt)) if count.area_counted else None,
        seats.counts,
        seats.elected,
        seats.runoff,
        unfilled,
        void,
        tuple(count.set_aside),
        ELECTION_RULE.verdict(
            passed=not void,
            title=title,
            reasons=(*count.void, *count.figures, _counted_by(election.body)),
        ),
    )


def _base(count: _Count) -> tuple[int, Decimal | None]:
    """What a candidate's votes are a share of: heads, and area where it counts."""
    base = count.policy.base
    if base is Base.PRESENT:
        present = count.election.present
        return (len(present) if present else count.cast), None
    if base is Base.ENTITLED:
        return count.entitled, count.area(count.area_of) if count.area_counted else None
    cast = (*count.chosen, *count.spoilt)
    return count.cast, count.area(cast) if count.area_counted else None


def _seats_en(n: int) -> str:
    return f"{n} seat" if n == 1 else f"{n} seats"


def _left(seats: _Seats, wanted: int, unfilled: int, *, void: bool) -> Iterator[Reason]:
    if void or not unfilled:
        return
    if seats.runoff:
        votes = next(c.votes for c in seats.counts if c.candidate == seats.runoff[0])
        yield Reason(
            "$.ballots",
            Text(
                f"{', '.join(seats.runoff)} tie for the last {_seats_en(unfilled)} with {votes} "
                "votes each: vote again between them",
                f"{'、'.join(seats.runoff)} 得票相同（各 {votes} 票），争最后 {unfilled} 个名额："
                "应就他们再次投票",
            ),
        )
        return
    yield Reason(
        "$.seats",
        Text(
            f"{unfilled} of {wanted} seats unfilled: elect again for them",
            f"应选 {wanted} 名，缺 {unfilled} 名：对不足名额另行选举",
        ),
    )


def _count_reasons(
    seats: _Seats,
    policy: ElectionPolicy,
    bases: tuple[int, Decimal | None],
    candidates: Sequence[str],
    *,
    void: bool,
) -> Iterator[Reason]:
    base, base_area = bases
    of = {
        Base.PRESENT: Text("of those present with a vote", "实到会有选举权人数"),
        Base.ENTITLED: Text("of those due", "应到会人数"),
        Base.VOTED: Text("of those who voted", "参加投票人数"),
    }[policy.base]
    position = {name: i for i, name in enumerate(candidates)}
    for count in seats.counts:
        at = "$.ballots" if count.written_in else f"$.candidates[{position[count.candidate]}]"
        state = (
            Text("elected", "当选")
            if count.elected
            else Text("tied: vote again", "票数相同，再次投票")
            if count.candidate in seats.runoff
            else Text("the election is void", "选举无效")
            if void
            else Text("not elected", "未当选")
        )
        extra = Text(" (written in)", "（另选他人）") if count.written_in else _NO_UNIT
        if policy.elected is None:
            yield Reason(
                at,
                Text(
                    f"{count.candidate}{extra.en}: {count.votes} votes: {state.en}",
                    f"{count.candidate}{extra.zh}：{count.votes} 票：{state.zh}",
                ),
            )
            continue
        rule = policy.elected.describe()
        needed = _plain(policy.elected.share * base)
        area_en = area_zh = ""
        if base_area is not None and count.area is not None:
            need_area = _plain(policy.elected.share * Fraction(base_area))
            area_en = f"; {_plain(count.area)} m² of {_plain(base_area)} m² ({need_area} needed)"
            area_zh = f"；面积 {_plain(count.area)} / {_plain(base_area)} 平方米（需 {need_area}）"
        yield Reason(
            at,
            Text(
                f"{count.candidate}{extra.en}: {number(count.votes)} votes {of.en} {number(base)}; "
                f"{rule.en} ({needed}) needed{area_en}: {state.en}",
                f"{count.candidate}{extra.zh}：得票 {number(count.votes)} / {of.zh} {number(base)}，需"
                f"{rule.zh}（{needed}）{area_zh}：{state.zh}",
            ),
            f"{rule.en} of {number(base)}",
            str(count.votes),
        )


def _counted_by(body: Body) -> Reason:
    """The reason that names the rules this body's election was counted by."""
    if body is Body.PARTY:
        source = Text(
            "中国共产党基层组织选举工作条例 (2020)", "《中国共产党基层组织选举工作条例》（2020）"
        )
    elif body is Body.OWNERS_COMMITTEE:
        source = Text(
            "Civil Code Art. 278 item 3; SPC Interpretation 法释〔2009〕7号 Arts. 8-9",
            "《民法典》第二百七十八条第三项；法释〔2009〕7号第八、九条",
        )
    else:
        source = Text(
            "城市居民委员会组织法 (2018) Art. 8", "《城市居民委员会组织法》（2018）第八条"
        )
    return Reason("$.body", Text(f"counted under {source.en}", f"依据{source.zh}计票"))


# --- who may elect and stand ---------------------------------------------------------

_ADULT = 18


def check_electorate(
    election: Election,
    places: HoldsPlaces,
    full_members: frozenset[str] | None = None,
) -> Verdict:
    """``elections.electorate``: those who elect and those who stand may do so.

    A residents' committee is elected by residents of the community aged 18 or over
    on the day (by birth date or recorded age; one whose age is not recorded is taken
    at their word), by households of the community, or by residents its groups sent;
    its candidates are residents aged 18 or over.  A Party election's electors and
    candidates are full members (``full_members``: the ids of the community's full
    members; probationary members have no vote).  The owners' committee is elected
    by its roll, and its candidates are checked by
    :func:`neighborly.owners.committee.check_candidates`.
    """
    problems: list[Reason] = []
    index = places.index
    on = election.held
    if election.body is Body.RESIDENTS_COMMITTEE:
        households = election.electorate is Electorate.HOUSEHOLDS
        for i, who in enumerate(election.electors):
            at = f"$.electors[{i}]"
            if households:
                if index.kind(who) != "household":
                    problems.append(
                        Reason(at, Text(f"{who} is no household here", f"{who} 不是本社区住户"))
                    )
            else:
                problems.extend(_adult_resident(places, who, on, at))
        for i, who in enumerate(election.candidates):
            problems.extend(_adult_resident(places, who, on, f"$.candidates[{i}]"))
    elif election.body is Body.PARTY:
        members = full_members if full_members is not None else frozenset()
        for field, ids in (("electors", election.electors), ("candidates", election.candidates)):
            for i, who in enumerate(ids):
                if who not in members:
                    problems.append(
                        Reason(
                            f"$.{field}[{i}]",
                            Text(
                                f"{who} is not a full Party member here: only full members "
                                "elect and stand",
                                f"{who} 不是本社区的正式党员：只有正式党员有选举权和被选举权",
                            ),
                        )
                    )
    electorate = election.electorate or Electorate.VOTERS
    kind = {
        Body.PARTY: Text("full members", "正式党员"),
        Body.OWNERS_COMMITTEE: Text("owners of the roll", "名册上的业主"),
        Body.RESIDENTS_COMMITTEE: {
            Electorate.VOTERS: Text("residents of 18 or over", "年满十八周岁的居民"),
            Electorate.HOUSEHOLDS: Text("households of this community", "本社区住户"),
            Electorate.GROUP_REPRESENTATIVES: Text(
                "residents of 18 or over sent by their groups", "小组推选的年满十八周岁居民"
            ),
        }[electorate],
    }[election.body]
    electors = (
        Text(
            f"{number(len(election.roll))} exclusive parts",
            f"{number(len(election.roll))} 个专有部分",
        )
        if election.body is Body.OWNERS_COMMITTEE
        else Text(
            f"{number(len(election.electors))} electors",
            f"选举人 {number(len(election.electors))} 名",
        )
    )
    return ELECTORATE_RULE.judge(
        problems,
        Reason(
            "$.electors",
            Text(
                f"{electors.en} and {len(election.candidates)} candidates: every elector and "
                f"candidate one of the {kind.en}",
                f"{electors.zh}、候选人 {len(election.candidates)} 名：均为{kind.zh}",
            ),
        ),
        title=Text(
            f"{election.title}: who elects and stands", f"{election.title}：选举人与候选人资格"
        ),
    )


def _adult_resident(places: HoldsPlaces, who: str, on: dt.date, at: str) -> Iterator[Reason]:
    home = places.index.home_of(who)
    resident = (
        None
        if home is None
        else next(r for r in places.index.household(home).occupants if r.id == who)
    )
    if resident is None:
        yield Reason(at, Text(f"{who} is no resident here", f"{who} 不是本社区居民"))
        return
    age = resident.age_on(on)
    if age is not None and age < _ADULT:
        yield Reason(
            at,
            Text(
                f"{who} is {age} on {on}: 18 or over may elect and stand",
                f"{who} 在 {on} 为 {age} 岁：年满十八周岁才有选举权和被选举权",
            ),
            ">=18",
            str(age),
        )


# --- ids and references, declared ----------------------------------------------------

ELECTION = Kind("election", Text("an election", "选举"))

ELECTION_DECLARED = Declarations(ids=(Ids("id", ELECTION),))
"""An election defines its id (its candidates and electors are checked by its rules,
since whom they name depends on the body)."""


# --- who sits ------------------------------------------------------------------------


def check_seated(
    members: Sequence[str],
    election: Election,
    *,
    path: str = "$.members",
    result: ElectionResult | None = None,
) -> Verdict:
    """``elections.seated``: a committee's ``members`` are exactly those ``election``
    elected: everyone elected sits, and nobody sits whom it did not elect (a void
    election elects nobody; a tie for the last seat elects nobody to it until it is
    voted again).  ``path`` locates the members in what is reported; ``result`` is
    the election's count where the caller has it (counted here otherwise)."""
    result = result if result is not None else count_election(election)
    elected = set(result.elected)
    sitting = set(members)
    problems = [
        Reason(
            path,
            Text(
                f"{who} sits but was not elected in {election.id}"
                + (" (the election was void)" if result.void else ""),
                f"{who} 未在 {election.id} 中当选却任职"
                + ("（该选举无效）" if result.void else ""),
            ),
            "elected",
            who,
        )
        for who in sorted(sitting - elected)
    ]
    problems.extend(
        Reason(
            path,
            Text(
                f"{who} was elected in {election.id} but does not sit",
                f"{who} 在 {election.id} 中当选但未任职",
            ),
            who,
            "absent",
        )
        for who in sorted(elected - sitting)
    )
    return SEATED_RULE.judge(
        problems,
        Reason(
            path,
            Text(
                f"{len(sitting)} members, each elected in {election.id} ({election.held})",
                f"成员 {len(sitting)} 人，均在 {election.id}（{election.held}）中当选",
            ),
        ),
    )
