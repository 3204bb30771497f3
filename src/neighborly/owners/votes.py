"""Owners' joint decisions under Civil Code Article 278, counted as the courts count them.

The owner roll (业主名册) is a tuple of :class:`ExclusivePart` (专有部分): each with its
owners, its area by source, and whether the developer still holds it.  Counting follows
the Supreme People's Court's Interpretation on building distinguished ownership (法释
〔2009〕7号, amended 2020):

* area (Art. 8): the registered area, else the surveyed area, else the contract area;
* heads (Art. 9): one exclusive part is one person; a buyer holding several parts is
  one person; all the developer's unsold and sold-but-undelivered parts together are
  one person.  Co-owners of a part are one buyer; whether parking spaces count is a
  local choice (:class:`RollPolicy`).

A :class:`Motion` is one of the nine matters of Article 278; owners cast one
:class:`Ballot` each (agree, disagree, abstain), in person or by proxy with a written
authorisation.  :func:`tally` counts with exact arithmetic (areas are decimals and every
ratio a :class:`fractions.Fraction`; no floats): participation needs at least 2/3 of
the total area and at least 2/3 of the heads; then items 6-8 need at least 3/4 of the
participating area and heads, the others more than half of each.  The thresholds are a
:class:`VotePolicy`, so a local rule or an amendment is data, not code.

    >>> from decimal import Decimal
    >>> roll = tuple(ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(100)) for i in range(100))
    >>> motion = Motion("m1", "更换物业服务企业", Matter.PROPERTY_MANAGER)
    >>> ballots = [Ballot(f"p{i}", Choice.AGREE if i < 34 else Choice.DISAGREE) for i in range(67)]
    >>> result = tally(roll, motion, ballots)
    >>> result.quorum, result.passed
    (True, True)
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from neighborly._checks import (
    AREA_M2,
    BOOL,
    IDENT,
    MAX_ID_LENGTH,
    OPT_PROSE,
    OPT_TEXT,
    TEXT,
    Check,
    Where,
    checks,
    duplicate_ids,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model, rebuilt
from neighborly.errors import Problem
from neighborly.integrity import Declarations, Ids, Kind
from neighborly.personal import PERSONAL, mask_name, masked
from neighborly.places import HoldsPlaces
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "RULES",
    "TALLY_RULE",
    "VOTE",
    "VOTE_DECLARED",
    "Ballot",
    "Choice",
    "ExclusivePart",
    "Matter",
    "Motion",
    "PartStatus",
    "RollPolicy",
    "Tally",
    "Threshold",
    "Vote",
    "VotePolicy",
    "Voter",
    "area_of",
    "own_owner",
    "roll_of",
    "tally",
    "tally_vote",
    "voters",
]

_AREA = opt(AREA_M2)


class PartStatus(str, enum.Enum):
    """Who holds an exclusive part for counting."""

    OWNED = "owned"  # sold and delivered: its owners vote
    UNSOLD = "unsold"  # the developer's
    UNDELIVERED = "undelivered"  # sold but not delivered: still counted with the developer's


@attrs.frozen(eq=False, repr=False)
class ExclusivePart(Model):
    """An exclusive part (专有部分): a flat, a shop or a parking space, with its owners
    (owner ids; several for co-ownership) and its area as registered, surveyed or in
    the sales contract (at least one)."""

    id: str
    owners: tuple[str, ...] = ()
    registered_area: Decimal | None = None
    surveyed_area: Decimal | None = None
    contract_area: Decimal | None = None
    status: PartStatus = PartStatus.OWNED
    parking: bool = False

    __attrs_post_init__ = checks(
        id=IDENT,
        owners=tuple_of(str),
        registered_area=_AREA,
        surveyed_area=_AREA,
        contract_area=_AREA,
        status=is_enum(PartStatus),
        parking=BOOL,
        where=(
            Where(
                "self.registered_area is not None or self.surveyed_area is not None"
                " or self.contract_area is not None",
                "$.registered_area",
                Text(
                    "an area: registered, surveyed or in the contract",
                    "面积：登记面积、实测面积或合同面积至少一项",
                ),
                shows="registered_area",
            ),
            Where(
                "bool(self.owners) == (self.status is _OWNED)",
                "$.owners",
                Text(
                    "the owners of a sold and delivered part, and none for the developer's",
                    "已售已交付的专有部分须填写业主，建设单位持有的不填",
                ),
                {"_OWNED": PartStatus.OWNED},
                shows="owners",
            ),
        ),
    )


def area_of(part: ExclusivePart) -> Decimal:
    """The area that counts (Interpretation Art. 8): registered, else surveyed, else
    contract."""
    for area in (part.registered_area, part.surveyed_area, part.contract_area):
        if area is not None:
            return area
    raise AssertionError  # pragma: no cover - construction requires one


@attrs.frozen(eq=False, repr=False)
class RollPolicy(Model):
    """Local choices about the roll: whether parking spaces count as exclusive parts
    for area and heads, and the id the developer votes under."""

    count_parking: bool = False
    developer: str = "developer"

    __attrs_post_init__ = checks(count_parking=BOOL, developer=IDENT)


@attrs.frozen(eq=False, repr=False)
class Voter(Model):
    """One person for the head count, with the parts and area they vote for."""

    id: str
    parts: tuple[str, ...]
    area: Decimal


def voters(roll: Iterable[ExclusivePart], policy: RollPolicy | None = None) -> tuple[Voter, ...]:
    """The persons of the head count (Interpretation Art. 9), in roll order: each
    buyer (a part's set of owners) once however many parts they hold, and the
    developer once for all its unsold and undelivered parts."""
    policy = policy if policy is not None else RollPolicy()
    skip_parking = not policy.count_parking
    developer, owned = policy.developer, PartStatus.OWNED
    parts: dict[str, list[str]] = {}
    areas: dict[str, Decimal] = {}
    for part in roll:  # a roll is thousands of parts: names looked up once, above
        if skip_parking and part.parking:
            continue
        key = developer if part.status is not owned else _buyer(part)
        area = part.registered_area
        if area is None:
            area = area_of(part)
        held = parts.get(key)
        if held is None:
            parts[key] = [part.id]
            areas[key] = _NOUGHT + area  # as a sum writes it
        else:
            held.append(part.id)
            areas[key] += area
    return tuple(Voter(key, tuple(ids), areas[key]) for key, ids in parts.items())


_NOUGHT = Decimal(0)


def _buyer(part: ExclusivePart) -> str:
    owners = part.owners
    if len(owners) == 1:  # most parts: no set to build and sort
        return owners[0]
    return "+".join(sorted(set(owners)))


class Matter(str, enum.Enum):
    """The matters owners decide jointly (Civil Code Art. 278, items 1-9)."""

    RULES_OF_PROCEDURE = "rules_of_procedure"  # (1) 业主大会议事规则
    COVENANT = "covenant"  # (2) 管理规约
    COMMITTEE = "committee"  # (3) 选举或更换业主委员会成员
    PROPERTY_MANAGER = "property_manager"  # (4) 选聘和解聘物业服务企业
    USE_FUND = "use_fund"  # (5) 使用维修资金
    RAISE_FUND = "raise_fund"  # (6) 筹集维修资金
    REBUILD = "rebuild"  # (7) 改建、重建建筑物及其附属设施
    COMMON_PARTS = "common_parts"  # (8) 改变共有部分用途或利用共有部分经营
    OTHER = "other"  # (9) 其他重大事项

    @property
    def item(self) -> int:
        """The item's number in Article 278."""
        return list(Matter).index(self) + 1


@attrs.frozen(eq=False, repr=False)
class Motion(Model):
    """A matter put to the owners."""

    id: str
    title: str
    matter: Matter

    __attrs_post_init__ = checks(id=IDENT, title=TEXT, matter=is_enum(Matter))


class Choice(str, enum.Enum):
    """How an owner voted."""

    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"


@attrs.frozen(eq=False, repr=False)
class Ballot(Model):
    """One vote, cast for the person who holds ``part`` (any of their parts: a buyer
    of several parts votes once).  A ballot cast by ``proxy`` names the written
    ``authorisation`` it was cast under; the proxy's name is personal data."""

    part: str
    choice: Choice
    proxy: str | None = attrs.field(default=None, repr=masked(mask_name), metadata=PERSONAL)
    authorisation: str | None = None
    motion: str | None = None

    __attrs_post_init__ = checks(
        part=IDENT,
        choice=is_enum(Choice),
        proxy=OPT_TEXT,
        authorisation=OPT_PROSE,
        motion=opt(IDENT),
        where=(
            Where(
                "self.proxy is None or self.authorisation is not None",
                "$.authorisation",
                Text("the written authorisation a proxy votes under", "委托投票须有书面委托书"),
                shows="authorisation",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class Threshold(Model):
    """A share: ``numerator/denominator``, reached at it (``inclusive``, "以上") or only
    beyond it ("过半数")."""

    numerator: int
    denominator: int
    inclusive: bool = True

    __attrs_post_init__ = checks(
        numerator=int_range(0, 1000),
        denominator=int_range(1, 1000),
        inclusive=BOOL,
        where=(
            Where(
                "self.numerator <= self.denominator",
                "$.numerator",
                Text("a share no greater than 1", "不大于 1 的比例"),
                shows="numerator",
            ),
        ),
    )

    @property
    def share(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def met(self, part: Fraction | Decimal | int, whole: Fraction | Decimal | int) -> bool:
        """Whether ``part`` of ``whole`` reaches the share, exactly."""
        needed = self.share * Fraction(whole)
        return Fraction(part) >= needed if self.inclusive else Fraction(part) > needed

    def least(self, whole: int) -> int:
        """The fewest whole heads out of ``whole`` that reach the share.

        >>> Threshold(2, 3).least(100), Threshold(1, 2, inclusive=False).least(67)
        (67, 34)
        """
        needed = self.share * whole
        floor = needed.numerator // needed.denominator
        if self.inclusive:
            return floor if needed.denominator == 1 else floor + 1
        return floor + 1

    def describe(self) -> Text:
        share = f"{self.numerator}/{self.denominator}"
        if self.inclusive:
            return Text(f"at least {share}", f"{share} 以上")
        return Text(f"more than {share}", f"超过 {share}")


_TWO_THIRDS = Threshold(2, 3)


@attrs.frozen(eq=False, repr=False)
class VotePolicy(Model):
    """The thresholds of a joint decision.  The defaults are Civil Code Art. 278:
    participation at least 2/3 of area and heads; items 6-8 at least 3/4 of the
    participating area and heads; the other items more than 1/2 of each."""

    quorum_area: Threshold = _TWO_THIRDS
    quorum_heads: Threshold = _TWO_THIRDS
    special_matters: frozenset[Matter] = frozenset(
        {Matter.RAISE_FUND, Matter.REBUILD, Matter.COMMON_PARTS}
    )
    special: Threshold = Threshold(3, 4)
    ordinary: Threshold = Threshold(1, 2, inclusive=False)
    roll: RollPolicy = attrs.field(factory=RollPolicy)

    __attrs_post_init__ = checks(
        quorum_area=of_type(Threshold),
        quorum_heads=of_type(Threshold),
        special_matters=Check(
            "type({v}) is frozenset and all(type(m) is _Matter for m in {v})",
            Text("a set of matters", "事项集合"),
            {"_Matter": Matter},
        ),
        special=of_type(Threshold),
        ordinary=of_type(Threshold),
        roll=of_type(RollPolicy),
    )

    def approval(self, matter: Matter) -> Threshold:
        return self.special if matter in self.special_matters else self.ordinary


@attrs.frozen(eq=False, repr=False)
class Tally(Model):
    """The count of one motion: every number, whether the quorum was met and whether
    the motion passed, the ballots set aside, and the verdict that explains it."""

    motion: str
    total_area: Decimal
    total_heads: int
    voted_area: Decimal
    voted_heads: int
    agree_area: Decimal
    agree_heads: int
    quorum: bool
    passed: bool
    set_aside: tuple[Reason, ...]
    verdict: Verdict

    def explain(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        text = self.verdict.explain(lang)
        if self.set_aside:
            head = Text("Ballots set aside:", "不计入的选票：").render(lang)
            text += "\n" + "\n".join([head, *(f"  - {r.explain(lang)}" for r in self.set_aside)])
        return text


def _m2(area: Fraction | Decimal | int) -> str:
    return f"{float(Fraction(area)):,.2f}".rstrip("0").rstrip(".") + " m²"


def _heads(count: Fraction | Decimal | int) -> str:
    value = Fraction(count)
    return number(int(value)) if value.denominator == 1 else f"{float(value):,.2f}".rstrip("0")


def _check(
    label: Text,
    part: Decimal | int,
    whole: Decimal | int,
    threshold: Threshold,
    *,
    area: bool,
    path: str,
) -> tuple[bool, Reason]:
    met = threshold.met(part, whole)
    needed = threshold.share * Fraction(whole)
    show = _m2 if area else _heads
    unit_en, unit_zh = ("", "") if area else (" owners", " 人")
    gap = ""
    gap_zh = ""
    if not met:
        short = needed - Fraction(part)
        if area:
            gap, gap_zh = f" ({_m2(short)} short)", f"（差 {_m2(short)}）"
        else:
            missing = threshold.least(int(whole)) - int(part)
            gap, gap_zh = (
                f" ({missing} owner{'s' if missing > 1 else ''} short)",
                f"（差 {missing} 人）",
            )
    rule = threshold.describe()
    message = Text(
        f"{label.en}: {show(part)} of {show(whole)}{unit_en}; {rule.en} "
        f"({show(needed)}) needed{gap}: {'met' if met else 'not met'}",
        f"{label.zh}：{show(part)} / {show(whole)}{unit_zh}，需{rule.zh}"
        f"（{show(needed)}）{gap_zh}：{'达到' if met else '未达到'}",
    )
    return met, Reason(path, message, f"{rule.en} of {whole}", str(part))


TALLY_RULE = Rule(
    "owners.tally",
    Text("A motion passes under Art. 278", "议题依第二百七十八条通过"),
    Text(
        "Civil Code Art. 278; SPC Interpretation 法释〔2009〕7号 Arts. 8-9",
        "《民法典》第二百七十八条；法释〔2009〕7号第八、九条",
    ),
    basis=(
        "FACTS.md §1 Civil Code Art. 278 [V]: quorum >=2/3 of area and >=2/3 of heads; items 6-8 "
        ">=3/4 of participating area and heads; others >1/2 of each; SPC Interpretation Arts. 8-9 "
        "counting"
    ),
    reads=Text("a vote: its roll, motions and ballots", "表决：业主名册、议题与选票"),
)

RULES: tuple[Rule, ...] = (TALLY_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def tally(
    roll: Sequence[ExclusivePart],
    motion: Motion,
    ballots: Iterable[Ballot],
    policy: VotePolicy | None = None,
) -> Tally:
    """Count the ballots on ``motion`` over ``roll`` (see the module's description).

    A ballot for a part not on the roll (or a parking space that does not count), and
    a second ballot for a person who has voted already, are set aside and listed; a
    person's first ballot counts for all their parts.  Paths are those of a vote
    putting this one motion (``$.motions[0]``, ``$.ballots[3]``).
    """
    policy = policy if policy is not None else VotePolicy()
    return _count(voters(roll, policy.roll), motion, ballots, policy, "$.motions[0]")


def _count(
    people: Sequence[Voter],
    motion: Motion,
    ballots: Iterable[Ballot],
    policy: VotePolicy,
    path: str,
) -> Tally:
    """:func:`tally` over a head count already made."""
    person_of = {part: voter for voter in people for part in voter.parts}
    chosen: dict[str, Choice] = {}
    set_aside: list[Reason] = []
    for i, ballot in enumerate(ballots):
        if ballot.motion is not None and ballot.motion != motion.id:
            continue
        voter = person_of.get(ballot.part)
        at = f"$.ballots[{i}]"
        if voter is None:
            set_aside.append(
                Reason(
                    at,
                    Text(
                        f"{ballot.part} is not an exclusive part on the roll",
                        f"{ballot.part} 不在业主名册的专有部分中",
                    ),
                )
            )
        elif voter.id in chosen:
            set_aside.append(
                Reason(
                    at,
                    Text(
                        f"{voter.id} has voted already (for {', '.join(voter.parts)})",
                        f"{voter.id} 已投票（所持专有部分：{'、'.join(voter.parts)}）",
                    ),
                )
            )
        else:
            chosen[voter.id] = ballot.choice
    by_id = {v.id: v for v in people}
    total_area = sum((v.area for v in people), Decimal(0))
    total_heads = len(people)
    voted = [by_id[k] for k in chosen]
    agreed = [by_id[k] for k, choice in chosen.items() if choice is Choice.AGREE]
    voted_area = sum((v.area for v in voted), Decimal(0))
    agree_area = sum((v.area for v in agreed), Decimal(0))
    quorum_area_met, r1 = _check(
        Text("participation by area", "参与表决的专有部分面积"),
        voted_area,
        total_area,
        policy.quorum_area,
        area=True,
        path=path,
    )
    quorum_heads_met, r2 = _check(
        Text("participation by owners", "参与表决的业主人数"),
        len(voted),
        total_heads,
        policy.quorum_heads,
        area=False,
        path=path,
    )
    quorum = quorum_area_met and quorum_heads_met
    reasons = [r1, r2]
    passed = False
    approval = policy.approval(motion.matter)
    if quorum:
        area_met, r3 = _check(
            Text("agreement by area", "同意的专有部分面积"),
            agree_area,
            voted_area,
            approval,
            area=True,
            path=path,
        )
        heads_met, r4 = _check(
            Text("agreement by owners", "同意的业主人数"),
            len(agreed),
            len(voted),
            approval,
            area=False,
            path=path,
        )
        reasons += [r3, r4]
        passed = area_met and heads_met
    else:
        reasons.append(
            Reason(
                path,
                Text(
                    "no quorum: the votes are not counted for approval",
                    "参与表决未达法定比例，不计算同意比例",
                ),
            )
        )
    special = motion.matter in policy.special_matters
    verdict = Verdict(
        rule=TALLY_RULE.code,
        passed=passed,
        title=Text(
            f"{motion.title} (Art. 278 item {motion.matter.item}, "
            f"{'special' if special else 'ordinary'} majority)",
            f"{motion.title}（第二百七十八条第{motion.matter.item}项，{'特别' if special else '一般'}多数）",
        ),
        reasons=tuple(reasons),
        source=TALLY_RULE.source,
    )
    return Tally(
        motion.id,
        total_area,
        total_heads,
        voted_area,
        len(voted),
        agree_area,
        len(agreed),
        quorum,
        passed,
        tuple(set_aside),
        verdict,
    )


# --- a vote as data ---------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Vote(Model):
    """An owners' vote as a file holds it: the roll, the motions put, the ballots cast
    and the thresholds.

    A vote counts the roll it was held on, so a vote with ballots must carry its
    ``roll``: changes to the households after the vote never change its tally.  Only
    a vote announced but not yet held (no ballots) may leave the roll empty; it is
    then counted over the roll it is given (:func:`tally_vote`), and
    :func:`neighborly.edits.hold_vote` fixes the community's households as its roll.
    """

    id: str
    title: str
    roll: tuple[ExclusivePart, ...] = ()
    motions: tuple[Motion, ...] = ()
    ballots: tuple[Ballot, ...] = ()
    policy: VotePolicy = attrs.field(factory=VotePolicy)

    __attrs_post_init__ = checks(
        id=IDENT,
        title=TEXT,
        roll=tuple_of(ExclusivePart),
        motions=tuple_of(Motion),
        ballots=tuple_of(Ballot),
        policy=of_type(VotePolicy),
        then=lambda vote: list(_vote_integrity(vote)),
    )


def _vote_integrity(vote: Vote) -> Iterator[Problem]:
    if vote.ballots and not vote.roll:
        yield Problem(
            "$.roll",
            Text(
                "the owner roll the vote was held on (a vote with ballots keeps its own "
                "roll; neighborly.edits.hold_vote copies it from the households)",
                "表决时的业主名册（已有选票的表决须自带名册；"
                "neighborly.edits.hold_vote 可从住户生成）",
            ),
            Text(
                f"an empty roll with {len(vote.ballots):,} ballots",
                f"空名册，却有 {len(vote.ballots):,} 张选票",
            ),
        )
    yield from duplicate_ids("roll", [p.id for p in vote.roll])
    yield from duplicate_ids("motions", [m.id for m in vote.motions])
    motions = {m.id for m in vote.motions}
    for i, ballot in enumerate(vote.ballots):
        if ballot.motion is not None and ballot.motion not in motions:
            yield Problem(
                f"$.ballots[{i}].motion",
                Text("the id of a motion of this vote", "本次表决的议题标识"),
                Text(
                    f'"{ballot.motion}", which names nothing here', f"“{ballot.motion}”，无此议题"
                ),
            )


def roll_of(community: HoldsPlaces) -> tuple[ExclusivePart, ...]:
    """The community's households as an owner roll: each household an exclusive part
    with its registered area and its owners (a household with none recorded counts
    as one owner of its own, :func:`own_owner`)."""
    # Each part is made of what its household already passed (an id, owners, an
    # area greater than 0), so it is not checked again: for a community of 3,000
    # households that was most of judging its owners.
    return tuple(
        rebuilt(
            ExclusivePart,
            (
                household.id,
                household.owners or (own_owner(household.id),),
                household.area_m2,
                None,
                None,
                PartStatus.OWNED,
                False,
            ),
        )
        for household in community.households()
    )


_OWN = "owner-of-"
_DIGEST = 16  # hexadecimal digits of SHA-256 kept in a shortened owner id


def own_owner(household_id: str) -> str:
    """The owner id :func:`roll_of` gives a household with no owner recorded:
    ``owner-of-`` and its id, an identifier for any household id (a household id too
    long for that keeps its start and ends in ``~`` and a digest of the whole).

    >>> own_owner("h-0101")
    'owner-of-h-0101'
    >>> len(own_owner("h" * 128)) == MAX_ID_LENGTH
    True
    """
    found = _OWN + household_id
    if len(found) <= MAX_ID_LENGTH:
        return found
    digest = hashlib.sha256(household_id.encode()).hexdigest()[:_DIGEST]
    return f"{_OWN}{household_id[: MAX_ID_LENGTH - len(_OWN) - _DIGEST - 1]}~{digest}"


def tally_vote(vote: Vote, roll: Sequence[ExclusivePart] | None = None) -> tuple[Tally, ...]:
    """Every motion of ``vote`` counted over its own roll; ``roll`` counts only for a
    vote not yet held (no ballots, so no roll of its own), whose every figure is then
    nought of the roll's totals."""
    people = voters(vote.roll or tuple(roll or ()), vote.policy.roll)  # one head count for all
    return tuple(
        _count(people, motion, vote.ballots, vote.policy, f"$.motions[{i}]")
        for i, motion in enumerate(vote.motions)
    )


# --- ids and references, declared ----------------------------------------------------

VOTE = Kind("vote", Text("an owners' vote", "业主表决"))

VOTE_DECLARED = Declarations(ids=(Ids("id", VOTE),))
"""A vote defines its id (its roll and motions are its own)."""
