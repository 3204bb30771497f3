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

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    OPT_DATE,
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
from neighborly._integrity import Declarations, Ids, Kind
from neighborly._text import Lang, Text, check_lang, number
from neighborly.errors import Problem
from neighborly.money import yuan
from neighborly.places import HoldsPlaces
from neighborly.verdicts import Reason, Report, Verdict

__all__ = [
    "COMMITTEE_POLICIES",
    "NOTICE_DAYS",
    "VOTE",
    "VOTE_DECLARED",
    "Arrear",
    "AssemblyMeeting",
    "Ballot",
    "Bill",
    "Candidate",
    "Charge",
    "Choice",
    "Collection",
    "Committee",
    "CommitteePolicy",
    "ExclusivePart",
    "GroupMember",
    "GroupRole",
    "Matter",
    "Motion",
    "PartStatus",
    "Payment",
    "RollPolicy",
    "Tally",
    "Threshold",
    "Vote",
    "VotePolicy",
    "Voter",
    "area_of",
    "arrears",
    "check_candidates",
    "check_committee",
    "check_meeting",
    "check_preparatory_group",
    "collection",
    "revocation_deadline",
    "roll_of",
    "tally",
    "tally_vote",
    "voters",
]

_AREA = Check(
    "{v} is None or (type({v}) is _Decimal and {v}.is_finite() and {v} > 0)",
    Text("an area in square metres greater than 0, or null", "大于 0 的面积（平方米），或 null"),
    {"_Decimal": Decimal},
)


class PartStatus(str, enum.Enum):
    """Who holds an exclusive part for counting."""

    OWNED = "owned"  # sold and delivered: its owners vote
    UNSOLD = "unsold"  # the developer's
    UNDELIVERED = "undelivered"  # sold but not delivered: still counted with the developer's


@attrs.frozen
class ExclusivePart:
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


@attrs.frozen
class RollPolicy:
    """Local choices about the roll: whether parking spaces count as exclusive parts
    for area and heads, and the id the developer votes under."""

    count_parking: bool = False
    developer: str = "developer"

    __attrs_post_init__ = checks(count_parking=BOOL, developer=IDENT)


@attrs.frozen
class Voter:
    """One person for the head count, with the parts and area they vote for."""

    id: str
    parts: tuple[str, ...]
    area: Decimal


def voters(roll: Iterable[ExclusivePart], policy: RollPolicy | None = None) -> tuple[Voter, ...]:
    """The persons of the head count (Interpretation Art. 9), in roll order: each
    buyer (a part's set of owners) once however many parts they hold, and the
    developer once for all its unsold and undelivered parts."""
    policy = policy if policy is not None else RollPolicy()
    parts: dict[str, list[str]] = {}
    areas: dict[str, Decimal] = {}
    for part in roll:
        if part.parking and not policy.count_parking:
            continue
        key = policy.developer if part.status is not PartStatus.OWNED else _buyer(part)
        parts.setdefault(key, []).append(part.id)
        areas[key] = areas.get(key, Decimal(0)) + area_of(part)
    return tuple(Voter(key, tuple(ids), areas[key]) for key, ids in parts.items())


def _buyer(part: ExclusivePart) -> str:
    return "+".join(sorted(set(part.owners)))


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


@attrs.frozen
class Motion:
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


@attrs.frozen
class Ballot:
    """One vote, cast for the person who holds ``part`` (any of their parts: a buyer
    of several parts votes once).  A ballot cast by ``proxy`` names the written
    ``authorisation`` it was cast under."""

    part: str
    choice: Choice
    proxy: str | None = None
    authorisation: str | None = None
    motion: str | None = None

    __attrs_post_init__ = checks(
        part=IDENT,
        choice=is_enum(Choice),
        proxy=OPT_TEXT,
        authorisation=OPT_TEXT,
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


@attrs.frozen
class Threshold:
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


@attrs.frozen
class VotePolicy:
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


@attrs.frozen
class Tally:
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


def tally(
    roll: Sequence[ExclusivePart],
    motion: Motion,
    ballots: Iterable[Ballot],
    policy: VotePolicy | None = None,
) -> Tally:
    """Count the ballots on ``motion`` over ``roll`` (see the module's description).

    A ballot for a part not on the roll (or a parking space that does not count), and
    a second ballot for a person who has voted already, are set aside and listed; a
    person's first ballot counts for all their parts.
    """
    policy = policy if policy is not None else VotePolicy()
    return _count(voters(roll, policy.roll), motion, ballots, policy)


def _count(
    people: Sequence[Voter], motion: Motion, ballots: Iterable[Ballot], policy: VotePolicy
) -> Tally:
    """:func:`tally` over a head count already made."""
    person_of = {part: voter for voter in people for part in voter.parts}
    chosen: dict[str, Choice] = {}
    set_aside: list[Reason] = []
    for i, ballot in enumerate(ballots):
        if ballot.motion is not None and ballot.motion != motion.id:
            continue
        voter = person_of.get(ballot.part)
        path = f"$.ballots[{i}]"
        if voter is None:
            set_aside.append(
                Reason(
                    path,
                    Text(
                        f"{ballot.part} is not an exclusive part on the roll",
                        f"{ballot.part} 不在业主名册的专有部分中",
                    ),
                )
            )
        elif voter.id in chosen:
            set_aside.append(
                Reason(
                    path,
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
    path = f'$.motions[?(@.id=="{motion.id}")]'
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
        rule="owners.tally",
        passed=passed,
        title=Text(
            f"{motion.title} (Art. 278 item {motion.matter.item}, "
            f"{'special' if special else 'ordinary'} majority)",
            f"{motion.title}（第二百七十八条第{motion.matter.item}项，{'特别' if special else '一般'}多数）",
        ),
        reasons=tuple(reasons),
        source=Text(
            "Civil Code Art. 278; SPC Interpretation 法释〔2009〕7号 Arts. 8-9",
            "《民法典》第二百七十八条；法释〔2009〕7号第八、九条",
        ),
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


# --- property fees ------------------------------------------------------------------------


class Charge(str, enum.Enum):
    """What a bill is for."""

    PROPERTY_FEE = "property_fee"  # 物业服务费
    MAINTENANCE_FUND = "maintenance_fund"  # 专项维修资金


@attrs.frozen
class Bill:
    """A bill for an exclusive part: ``fen`` due by ``due`` for ``period`` (a label
    such as ``2026-10`` or ``2026``)."""

    id: str
    part: str
    charge: Charge
    period: str
    due: dt.date
    fen: int

    __attrs_post_init__ = checks(
        id=IDENT,
        part=IDENT,
        charge=is_enum(Charge),
        period=TEXT,
        due=DATE,
        fen=int_range(1, 10**12),
    )


@attrs.frozen
class Payment:
    """A payment against a bill, in fen."""

    id: str
    bill: str
    day: dt.date
    fen: int

    __attrs_post_init__ = checks(id=IDENT, bill=IDENT, day=DATE, fen=int_range(1, 10**12))


@attrs.frozen
class Collection:
    """How much of a period's bills was paid: the amounts in fen and the rate."""

    period: str
    billed_fen: int
    paid_fen: int
    bills: int
    paid_bills: int

    @property
    def rate(self) -> Fraction:
        """Paid over billed, exactly (1 when nothing was billed)."""
        return Fraction(self.paid_fen, self.billed_fen) if self.billed_fen else Fraction(1)

    def render(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        percent = f"{float(self.rate) * 100:.1f}%"
        return Text(
            f"{self.period}: {yuan(self.paid_fen)} of {yuan(self.billed_fen)} yuan collected "
            f"({percent}); {self.paid_bills} of {self.bills} bills paid in full",
            f"{self.period}：应收 {yuan(self.billed_fen)} 元，实收 {yuan(self.paid_fen)} 元（{percent}）；"
            f"{self.bills} 笔中 {self.paid_bills} 笔已结清",
        ).render(lang)


def _paid(payments: Iterable[Payment], as_of: dt.date | None = None) -> dict[str, int]:
    paid: dict[str, int] = {}
    for payment in payments:
        if as_of is None or payment.day <= as_of:
            paid[payment.bill] = paid.get(payment.bill, 0) + payment.fen
    return paid


def collection(
    bills: Iterable[Bill],
    payments: Iterable[Payment],
    period: str,
    charge: Charge = Charge.PROPERTY_FEE,
) -> Collection:
    """The collection rate of ``period``'s bills of one charge (a payment beyond a
    bill's amount counts only up to it)."""
    paid = _paid(payments)
    items = [b for b in bills if b.period == period and b.charge is charge]
    settled = [min(paid.get(b.id, 0), b.fen) for b in items]
    return Collection(
        period,
        sum(b.fen for b in items),
        sum(settled),
        len(items),
        sum(1 for b, s in zip(items, settled, strict=True) if s >= b.fen),
    )


@attrs.frozen
class Arrear:
    """What an exclusive part owes on ``as_of``: bills past due not paid in full."""

    part: str
    charge: Charge
    fen: int
    oldest_due: dt.date
    bills: tuple[str, ...]


def arrears(
    bills: Iterable[Bill], payments: Iterable[Payment], as_of: dt.date
) -> tuple[Arrear, ...]:
    """Every part's unpaid amounts of bills due before ``as_of``, per charge, most owed first."""
    paid = _paid(payments, as_of)
    owed: dict[tuple[str, Charge], list[tuple[Bill, int]]] = {}
    for bill in bills:
        if bill.due < as_of:
            left = bill.fen - min(paid.get(bill.id, 0), bill.fen)
            if left:
                owed.setdefault((bill.part, bill.charge), []).append((bill, left))
    made = [
        Arrear(
            part,
            charge,
            sum(left for _, left in items),
            min(b.due for b, _ in items),
            tuple(b.id for b, _ in items),
        )
        for (part, charge), items in owed.items()
    ]
    return tuple(sorted(made, key=lambda a: (-a.fen, a.part, a.charge.value)))


# --- the owners' committee ------------------------------------------------------------------


@attrs.frozen
class CommitteePolicy:
    """The rules for an owners' committee.  National default (MOHURD 2009 guidance
    rules, Arts. 31-33): 5 to 11 members, an odd number; a term of at most 5 years;
    filing within 30 days of the election.  ``small_households``/``small_area``
    allow 3 members for small estates (Beijing: 100 households or fewer; Shanghai:
    10,000 m² or less); ``min_term_years`` for a 3-5 year band (Shanghai);
    ``bar_arrears`` keeps owners with unpaid property fees or maintenance-fund
    contributions off the committee (Shanghai Art. 20)."""

    name: str = "national"
    min_members: int = 5
    max_members: int | None = 11
    odd: bool = True
    small_households: int | None = None
    small_area: Decimal | None = None
    small_members: int = 3
    max_term_years: int = 5
    min_term_years: int | None = None
    filing_days: int = 30
    bar_arrears: bool = False
    bar_dishonest: bool = False
    bar_interest: bool = False

    __attrs_post_init__ = checks(
        name=TEXT,
        min_members=int_range(1, 100),
        max_members=opt(int_range(1, 100)),
        odd=BOOL,
        small_households=opt(int_range(1, 100_000)),
        small_area=_AREA,
        small_members=int_range(1, 100),
        max_term_years=int_range(1, 10),
        min_term_years=opt(int_range(1, 10)),
        filing_days=int_range(1, 365),
        bar_arrears=BOOL,
        bar_dishonest=BOOL,
        bar_interest=BOOL,
    )


COMMITTEE_POLICIES: Mapping[str, CommitteePolicy] = MappingProxyType(
    {
        "national": CommitteePolicy(),
        "beijing": CommitteePolicy(
            "beijing", max_members=None, small_households=100, bar_dishonest=True, bar_interest=True
        ),
        "shanghai": CommitteePolicy(
            "shanghai",
            max_members=None,
            small_area=Decimal(10_000),
            min_term_years=3,
            bar_arrears=True,
        ),
    }
)
"""Committee rules: national, Beijing (物业管理条例 2020 Art. 39: at least 5, odd, 3 for
100 households or fewer; no dishonest judgment debtors, no interest in the property
company) and Shanghai (住宅物业管理规定 Art. 20: at least 5, odd, 3 for
10,000 m² or less, terms of 3-5 years, no owners in arrears)."""


@attrs.frozen
class Committee:
    """An elected owners' committee: its members (owner ids), election day, term and
    the day it was filed with the housing authority and the street office."""

    members: tuple[str, ...]
    elected: dt.date
    term_years: int
    filed: dt.date | None = None

    __attrs_post_init__ = checks(
        members=tuple_of(str), elected=DATE, term_years=int_range(1, 10), filed=OPT_DATE
    )


@attrs.frozen
class Candidate:
    """Someone standing for the owners' committee: an owner id and what the rules ask
    about them.  ``full_capacity``: full civil capacity (national Art. 31 (1));
    ``dishonest_debtor``: listed as a dishonest judgment debtor (失信被执行人);
    ``company_interest``: they, their spouse or a lineal relative have a direct
    interest in the property company (both barred in Beijing, Art. 39)."""

    owner: str
    full_capacity: bool = True
    dishonest_debtor: bool = False
    company_interest: bool = False

    __attrs_post_init__ = checks(
        owner=IDENT, full_capacity=BOOL, dishonest_debtor=BOOL, company_interest=BOOL
    )


def _owner_parts(roll: Iterable[ExclusivePart]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in roll:
        for owner in part.owners:
            found.setdefault(owner, []).append(part.id)
    return found


def check_candidates(
    candidates: Iterable[Candidate | str],
    roll: Sequence[ExclusivePart],
    owing: Iterable[Arrear] = (),
    policy: CommitteePolicy | None = None,
) -> Verdict:
    """``owners.candidates``: every candidate is an owner on the roll with full civil
    capacity, and, as the policy says, owes nothing (``owing``: from :func:`arrears`),
    is no dishonest judgment debtor and has no interest in the property company.  A
    plain owner id stands for a candidate with nothing against them."""
    policy = policy if policy is not None else CommitteePolicy()
    parts = _owner_parts(roll)
    owed: dict[str, int] = {}
    for arrear in owing:
        owed[arrear.part] = owed.get(arrear.part, 0) + arrear.fen
    problems: list[Reason] = []
    count = 0
    for item in candidates:
        candidate = item if isinstance(item, Candidate) else Candidate(item)
        count += 1
        problems.extend(_candidate_problems(candidate, parts, owed, policy))
    source = (
        Text("Shanghai 住宅物业管理规定 Art. 20", "《上海市住宅物业管理规定》第二十条")
        if policy.bar_arrears
        else Text("Beijing 物业管理条例 Art. 39", "《北京市物业管理条例》第三十九条")
        if policy.bar_dishonest or policy.bar_interest
        else Text(
            "MOHURD 业主大会和业主委员会指导规则 (2009) Art. 31",
            "《业主大会和业主委员会指导规则》第三十一条",
        )
    )
    return Verdict.from_reasons(
        "owners.candidates",
        Text("Every candidate may stand", "候选人均符合条件"),
        problems,
        Reason(
            "$.candidates",
            Text(f"all {count} candidates eligible", f"全部 {count} 名候选人符合条件"),
        ),
        source,
    )


def _candidate_problems(
    candidate: Candidate,
    parts: Mapping[str, list[str]],
    owed: Mapping[str, int],
    policy: CommitteePolicy,
) -> Iterator[Reason]:
    who = candidate.owner
    path = f'$.candidates[?(@.owner=="{who}")]'
    held = parts.get(who)
    if held is None:
        yield Reason(path, Text(f"{who} is not an owner on the roll", f"{who} 不是名册上的业主"))
        return
    if not candidate.full_capacity:
        yield Reason(
            path, Text(f"{who} lacks full civil capacity", f"{who} 不具有完全民事行为能力")
        )
    due = sum(owed.get(p, 0) for p in held)
    if policy.bar_arrears and due:
        yield Reason(
            path,
            Text(
                f"{who} owes {yuan(due)} yuan in property fees or maintenance-fund contributions",
                f"{who} 欠交物业服务费或专项维修资金 {yuan(due)} 元",
            ),
            "0",
            str(due),
        )
    if policy.bar_dishonest and candidate.dishonest_debtor:
        yield Reason(
            path,
            Text(f"{who} is listed as a dishonest judgment debtor", f"{who} 被列为失信被执行人"),
        )
    if policy.bar_interest and candidate.company_interest:
        yield Reason(
            path,
            Text(
                f"{who} (or a spouse or lineal relative) has an interest in the property company",
                f"{who}（或其配偶、直系亲属）与物业服务企业有直接利害关系",
            ),
        )


def check_committee(
    committee: Committee,
    roll: Sequence[ExclusivePart],
    as_of: dt.date,
    policy: CommitteePolicy | None = None,
) -> Report:
    """``owners.committee_size``, ``owners.committee_term`` and
    ``owners.committee_filing`` for an elected committee."""
    policy = policy if policy is not None else CommitteePolicy()
    size = len(committee.members)
    households = sum(1 for p in roll if not p.parking)
    area = sum((area_of(p) for p in roll if not p.parking), Decimal(0))
    small = (policy.small_households is not None and households <= policy.small_households) or (
        policy.small_area is not None and area <= policy.small_area
    )
    least = policy.small_members if small else policy.min_members
    ok = (
        size >= least
        and (policy.max_members is None or size <= policy.max_members)
        and (not policy.odd or size % 2 == 1)
    )
    band = f"{least}-{policy.max_members}" if policy.max_members is not None else f"{least}+"
    wanted = Text(
        f"{band}, odd" if policy.odd else band, f"{band} 人" + ("，单数" if policy.odd else "")
    )
    size_verdict = Verdict.from_reasons(
        "owners.committee_size",
        Text("The committee has the right number of members", "业主委员会人数合规"),
        []
        if ok
        else [
            Reason(
                "$.committee.members",
                Text(f"{size} members; {wanted.en} wanted", f"委员 {size} 人，应为 {wanted.zh}"),
                wanted.en,
                str(size),
            )
        ],
        Reason(
            "$.committee.members",
            Text(f"{size} members ({wanted.en})", f"委员 {size} 人（{wanted.zh}）"),
        ),
        Text(f"committee rules: {policy.name}", f"业主委员会规则：{policy.name}"),
    )
    low = policy.min_term_years or 1
    term_ok = low <= committee.term_years <= policy.max_term_years
    term_verdict = Verdict.from_reasons(
        "owners.committee_term",
        Text(
            f"A term of {low}-{policy.max_term_years} years",
            f"任期 {low}-{policy.max_term_years} 年",
        ),
        []
        if term_ok
        else [
            Reason(
                "$.committee.term_years",
                Text(f"a term of {committee.term_years} years", f"任期 {committee.term_years} 年"),
                f"{low}..{policy.max_term_years}",
                str(committee.term_years),
            )
        ],
        Reason(
            "$.committee.term_years",
            Text(f"{committee.term_years} years", f"{committee.term_years} 年"),
        ),
        Text("guidance rules (2009) Art. 32", "《业主大会和业主委员会指导规则》第三十二条"),
    )
    due = committee.elected + dt.timedelta(days=policy.filing_days)
    if committee.filed is not None:
        filing_problem = committee.filed > due
        state = Text(
            f"filed {committee.filed}, due by {due}", f"{committee.filed} 备案，应于 {due} 前"
        )
    else:
        filing_problem = as_of > due
        state = Text(f"not filed, due by {due}", f"未备案，应于 {due} 前备案")
    filing = Verdict.from_reasons(
        "owners.committee_filing",
        Text(
            f"Filed within {policy.filing_days} days of the election",
            f"选举后 {policy.filing_days} 日内备案",
        ),
        [Reason("$.committee.filed", state, due.isoformat(), str(committee.filed))]
        if filing_problem
        else [],
        Reason("$.committee.filed", state),
        Text(
            "guidance rules (2009) Art. 33; 物业管理条例 Art. 16",
            "《业主大会和业主委员会指导规则》第三十三条；《物业管理条例》第十六条",
        ),
    )
    return Report((size_verdict, term_verdict, filing))


class GroupRole(str, enum.Enum):
    """Who sits on the preparatory group (筹备组) of the first owners' assembly."""

    OWNER = "owner"  # 业主代表
    DEVELOPER = "developer"  # 建设单位代表
    STREET_OFFICE = "street_office"  # 街道办事处、乡镇人民政府代表
    RESIDENTS_COMMITTEE = "residents_committee"  # 居民委员会代表
    PARTY = "party"  # 社区党组织代表 (Beijing)
    OTHER = "other"


@attrs.frozen
class GroupMember:
    """A member of the preparatory group."""

    name: str
    role: GroupRole
    leader: bool = False

    __attrs_post_init__ = checks(name=TEXT, role=is_enum(GroupRole), leader=BOOL)


def check_preparatory_group(members: Sequence[GroupMember]) -> Verdict:
    """``owners.preparatory_group``: an odd number of members, owner representatives at
    least half of them, led by the street office's (or township's) representative
    (guidance rules 2009; Beijing 物业管理条例 Art. 31)."""
    size = len(members)
    owners = sum(1 for m in members if m.role is GroupRole.OWNER)
    leaders = [m for m in members if m.leader]
    problems = []
    if size % 2 == 0:
        problems.append(
            Reason(
                "$.group",
                Text(f"{size} members: an odd number wanted", f"{size} 人：应为单数"),
                "odd",
                str(size),
            )
        )
    if Fraction(owners, size or 1) < Fraction(1, 2):
        problems.append(
            Reason(
                "$.group",
                Text(
                    f"{owners} owner representatives of {size}: at least half wanted",
                    f"业主代表 {owners} 人 / {size} 人：应不低于一半",
                ),
                f">={Fraction(size, 2)}",
                str(owners),
            )
        )
    if len(leaders) != 1 or leaders[0].role is not GroupRole.STREET_OFFICE:
        who = ", ".join(f"{m.name} ({m.role.value})" for m in leaders) or "nobody"
        problems.append(
            Reason(
                "$.group",
                Text(
                    f"led by {who}: the street office's representative should lead",
                    f"组长为 {who}：应由街道办事处代表担任",
                ),
                "street_office",
                who,
            )
        )
    return Verdict.from_reasons(
        "owners.preparatory_group",
        Text("The preparatory group is made up as the rules require", "筹备组组成合规"),
        problems,
        Reason(
            "$.group",
            Text(
                f"{size} members, {owners} owner representatives",
                f"{size} 人，其中业主代表 {owners} 人",
            ),
        ),
        Text("业主大会和业主委员会指导规则 (2009)", "《业主大会和业主委员会指导规则》"),
    )


# --- meeting procedure ----------------------------------------------------------------------


@attrs.frozen
class AssemblyMeeting:
    """A meeting of the owners' assembly: when it was announced and held, and for an
    extraordinary meeting, the parts whose owners requested it."""

    id: str
    notice: dt.date
    held: dt.date
    extraordinary: bool = False
    requested_by: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, notice=DATE, held=DATE, extraordinary=BOOL, requested_by=tuple_of(str)
    )


NOTICE_DAYS = 15
REQUEST_SHARE = Threshold(1, 5)
REVOCATION = relativedelta(years=1)


def check_meeting(
    meeting: AssemblyMeeting, roll: Sequence[ExclusivePart], policy: RollPolicy | None = None
) -> Report:
    """``owners.notice`` (announced at least 15 days ahead, 物业管理条例 Art. 14) and,
    for an extraordinary meeting, ``owners.requisition`` (requested by at least 20% of
    the owners, Art. 13)."""
    days = (meeting.held - meeting.notice).days
    notice = Verdict.from_reasons(
        "owners.notice",
        Text(f"Announced at least {NOTICE_DAYS} days ahead", f"会议召开 {NOTICE_DAYS} 日前通知"),
        []
        if days >= NOTICE_DAYS
        else [
            Reason(
                "$.meeting.notice",
                Text(
                    f"announced {meeting.notice}, held {meeting.held}: {days} days' notice "
                    f"({NOTICE_DAYS - days} short)",
                    f"{meeting.notice} 通知，{meeting.held} 召开：提前 {days} 日（差 {NOTICE_DAYS - days} 日）",
                ),
                str(NOTICE_DAYS),
                str(days),
            )
        ],
        Reason("$.meeting.notice", Text(f"{days} days' notice", f"提前 {days} 日通知")),
        Text("物业管理条例 Art. 14", "《物业管理条例》第十四条"),
    )
    verdicts = [notice]
    if meeting.extraordinary:
        people = voters(roll, policy)
        person_of = {p: v.id for v in people for p in v.parts}
        asking = {person_of[p] for p in meeting.requested_by if p in person_of}
        met = REQUEST_SHARE.met(len(asking), len(people))
        least = REQUEST_SHARE.least(len(people))
        verdicts.append(
            Verdict.from_reasons(
                "owners.requisition",
                Text(
                    "An extraordinary meeting requested by at least 20% of owners",
                    "临时会议经 20% 以上业主提议",
                ),
                []
                if met
                else [
                    Reason(
                        "$.meeting.requested_by",
                        Text(
                            f"{len(asking)} of {len(people)} owners asked; at least {least} needed "
                            f"({least - len(asking)} short)",
                            f"{len(asking)} / {len(people)} 名业主提议，至少需 {least} 名"
                            f"（差 {least - len(asking)} 名）",
                        ),
                        str(least),
                        str(len(asking)),
                    )
                ],
                Reason(
                    "$.meeting.requested_by",
                    Text(
                        f"{len(asking)} of {len(people)} owners asked",
                        f"{len(asking)} / {len(people)} 名业主提议",
                    ),
                ),
                Text("物业管理条例 Art. 13", "《物业管理条例》第十三条"),
            )
        )
    return Report(tuple(verdicts))


def revocation_deadline(known: dt.date) -> dt.date:
    """The last day an owner who learned of a decision on ``known`` may ask a court to
    revoke it (Civil Code Art. 280; Interpretation Art. 12: within one year).

    >>> revocation_deadline(dt.date(2024, 2, 29))
    datetime.date(2025, 2, 28)
    """
    return known + REVOCATION


# --- a vote as data ---------------------------------------------------------------------------


@attrs.frozen
class Vote:
    """An owners' vote as a file holds it: the roll, the motions put, the ballots cast
    and the thresholds.  Inside a community file the roll may be left empty: it is
    then the community's households (see :func:`roll_of`)."""

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
    as one owner of its own)."""
    return tuple(
        ExclusivePart(
            household.id,
            household.owners or (f"owner-of-{household.id}",),
            registered_area=household.area_m2,
        )
        for household in community.households()
    )


def tally_vote(vote: Vote, roll: Sequence[ExclusivePart] | None = None) -> tuple[Tally, ...]:
    """Every motion of ``vote`` counted over its roll (or ``roll``, when the vote's is
    empty)."""
    people = voters(vote.roll or tuple(roll or ()), vote.policy.roll)  # one head count for all
    return tuple(_count(people, motion, vote.ballots, vote.policy) for motion in vote.motions)


# --- ids and references, declared ----------------------------------------------------

VOTE = Kind("vote", Text("an owners' vote", "业主表决"))

VOTE_DECLARED = Declarations(ids=(Ids("id", VOTE),))
"""A vote defines its id (its roll and motions are its own)."""
