"""The owners' committee (业主委员会): its size, term and filing, who may stand, and the
preparatory group (筹备组) that convenes the first assembly.

The national default follows the MOHURD guidance rules (2009) Arts. 31-33; local
variants (Beijing, Shanghai, Hangzhou ...) are presets of
:class:`CommitteePolicy` in :data:`COMMITTEE_POLICIES`.
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
    AREA_M2,
    BOOL,
    DATE,
    IDENT,
    OPT_DATE,
    TEXT,
    checks,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.money import yuan
from neighborly.owners.property import Arrear
from neighborly.owners.votes import ExclusivePart, area_of
from neighborly.text import Text
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "CANDIDATES_RULE",
    "COMMITTEE_FILING_RULE",
    "COMMITTEE_MEMBERS_RULE",
    "COMMITTEE_POLICIES",
    "COMMITTEE_SIZE_RULE",
    "COMMITTEE_TERM_RULE",
    "PREPARATORY_GROUP_RULE",
    "RULES",
    "Candidate",
    "Committee",
    "CommitteePolicy",
    "GroupMember",
    "GroupRole",
    "check_candidates",
    "check_committee",
    "check_preparatory_group",
]


# --- the owners' committee ------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class CommitteePolicy(Model):
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
        small_area=opt(AREA_M2),
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


@attrs.frozen(eq=False, repr=False)
class Committee(Model):
    """An elected owners' committee: its members (owner ids), election day, term, the
    day it was filed with the housing authority and the street office, and the
    election in the community's ``elections`` it came from, where it is recorded."""

    members: tuple[str, ...]
    elected: dt.date
    term_years: int
    filed: dt.date | None = None
    election: str | None = None

    __attrs_post_init__ = checks(
        members=tuple_of(str),
        elected=DATE,
        term_years=int_range(1, 10),
        filed=OPT_DATE,
        election=opt(IDENT),
    )


@attrs.frozen(eq=False, repr=False)
class Candidate(Model):
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


_COMMITTEE_AND_ROLL = Text(
    "the committee, its candidates and the owner roll", "业委会、候选人与业主名册"
)

CANDIDATES_RULE = Rule(
    "owners.candidates",
    Text("Every candidate may stand", "候选人均符合条件"),
    Text(
        "MOHURD 业主大会和业主委员会指导规则 (2009) Art. 31; local bars in CommitteePolicy",
        "《业主大会和业主委员会指导规则》第三十一条；地方限制见 CommitteePolicy",
    ),
    basis=(
        "FACTS.md §3 Art. 31 [V-2]: members are owners of the area who obey the law and model "
        "owners' duties; Shanghai Art. 20 [V]: no member in arrears"
    ),
    reads=_COMMITTEE_AND_ROLL,
    policy="committee",
)

COMMITTEE_SIZE_RULE = Rule(
    "owners.committee_size",
    Text("The committee has the right number of members", "业委会人数符合规定"),
    Text(
        "MOHURD guidance rules (2009) Art. 31: 5 to 11 members, an odd number; local rules in "
        "CommitteePolicy",
        "《业主大会和业主委员会指导规则》第三十一条：5 至 11 人单数；地方规则见 CommitteePolicy",
    ),
    basis=(
        "FACTS.md §3 Art. 31 [V-2]: 5 to 11 members, an odd number; local variants (Beijing <=100 "
        "households: 3; Shanghai <=10,000 m2: 3)"
    ),
    reads=_COMMITTEE_AND_ROLL,
    policy="committee",
)

COMMITTEE_TERM_RULE = Rule(
    "owners.committee_term",
    Text("The committee's term is within the allowed years", "业委会任期符合规定"),
    Text("guidance rules (2009) Art. 32", "《业主大会和业主委员会指导规则》第三十二条"),
    basis="FACTS.md §3 Art. 32 [V-2]: term of at most 5 years, re-electable; Shanghai 3-5 years",
    reads=_COMMITTEE_AND_ROLL,
    policy="committee",
)

COMMITTEE_FILING_RULE = Rule(
    "owners.committee_filing",
    Text("Filed within the allowed days of the election", "选举后按期备案"),
    Text(
        "guidance rules (2009) Art. 33; 物业管理条例 Art. 16",
        "《业主大会和业主委员会指导规则》第三十三条；《物业管理条例》第十六条",
    ),
    basis=(
        "FACTS.md §3 Art. 33 [V-2]: filed with the housing authority and the street office within "
        "30 days of the election"
    ),
    reads=_COMMITTEE_AND_ROLL,
    policy="committee",
)

COMMITTEE_MEMBERS_RULE = Rule(
    "owners.committee_members",
    Text("Every member is an owner on the roll", "委员均为名册上的业主"),
    Text(
        "MOHURD 业主大会和业主委员会指导规则 (2009) Art. 31",
        "《业主大会和业主委员会指导规则》第三十一条",
    ),
    basis=(
        "FACTS.md §3 Art. 31 [V-2]: members are owners of the area who obey the law and model "
        "owners' duties"
    ),
    reads=_COMMITTEE_AND_ROLL,
)

PREPARATORY_GROUP_RULE = Rule(
    "owners.preparatory_group",
    Text("The preparatory group is made up as the rules require", "筹备组组成合规"),
    Text("业主大会和业主委员会指导规则 (2009)", "《业主大会和业主委员会指导规则》"),
    basis=(
        "FACTS.md §3 Preparatory group [V-2]: an odd number; owners' representatives at least "
        "half; led by the street office's representative"
    ),
    reads=Text("the preparatory group's members", "筹备组成员"),
)

RULES: tuple[Rule, ...] = (
    CANDIDATES_RULE,
    COMMITTEE_SIZE_RULE,
    COMMITTEE_TERM_RULE,
    COMMITTEE_FILING_RULE,
    COMMITTEE_MEMBERS_RULE,
    PREPARATORY_GROUP_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


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
    for i, item in enumerate(candidates):
        candidate = item if isinstance(item, Candidate) else Candidate(item)
        count += 1
        problems.extend(_candidate_problems(candidate, parts, owed, policy, f"$.candidates[{i}]"))
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
        CANDIDATES_RULE.code,
        CANDIDATES_RULE.title,
        problems,
        Reason(
            "$.candidates",
            Text(f"all {count} candidates eligible", f"全部 {count} 名候选人符合条件"),
        ),
        source,  # the rule of the policy in force
    )


def _candidate_problems(
    candidate: Candidate,
    parts: Mapping[str, list[str]],
    owed: Mapping[str, int],
    policy: CommitteePolicy,
    path: str,
) -> Iterator[Reason]:
    who = candidate.owner
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
    """``owners.committee_size``, ``owners.committee_term``,
    ``owners.committee_filing`` and ``owners.committee_members`` (every member an
    owner on the roll) for an elected committee."""
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
        COMMITTEE_SIZE_RULE.code,
        COMMITTEE_SIZE_RULE.title,
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
        COMMITTEE_TERM_RULE.code,
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
        COMMITTEE_TERM_RULE.source,
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
        COMMITTEE_FILING_RULE.code,
        Text(
            f"Filed within {policy.filing_days} days of the election",
            f"选举后 {policy.filing_days} 日内备案",
        ),
        [Reason("$.committee.filed", state, due.isoformat(), str(committee.filed))]
        if filing_problem
        else [],
        Reason("$.committee.filed", state),
        COMMITTEE_FILING_RULE.source,
    )
    owners = _owner_parts(roll)
    members = COMMITTEE_MEMBERS_RULE.judge(
        [
            Reason(
                f"$.committee.members[{i}]",
                Text(f"{who} is not an owner on the roll", f"{who} 不是名册上的业主"),
                "an owner on the roll",
                who,
            )
            for i, who in enumerate(committee.members)
            if who not in owners
        ],
        Reason(
            "$.committee.members",
            Text(
                f"all {size} members are owners on the roll", f"全部 {size} 名委员均为名册上的业主"
            ),
        ),
    )
    return Report((size_verdict, term_verdict, filing, members))


class GroupRole(str, enum.Enum):
    """Who sits on the preparatory group (筹备组) of the first owners' assembly."""

    OWNER = "owner"  # 业主代表
    DEVELOPER = "developer"  # 建设单位代表
    STREET_OFFICE = "street_office"  # 街道办事处、乡镇人民政府代表
    RESIDENTS_COMMITTEE = "residents_committee"  # 居民委员会代表
    PARTY = "party"  # 社区党组织代表 (Beijing)
    OTHER = "other"


@attrs.frozen(eq=False, repr=False)
class GroupMember(Model):
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
                "$.preparatory_group",
                Text(f"{size} members: an odd number wanted", f"{size} 人：应为单数"),
                "odd",
                str(size),
            )
        )
    if Fraction(owners, size or 1) < Fraction(1, 2):
        problems.append(
            Reason(
                "$.preparatory_group",
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
                "$.preparatory_group",
                Text(
                    f"led by {who}: the street office's representative should lead",
                    f"组长为 {who}：应由街道办事处代表担任",
                ),
                "street_office",
                who,
            )
        )
    return Verdict.from_reasons(
        PREPARATORY_GROUP_RULE.code,
        PREPARATORY_GROUP_RULE.title,
        problems,
        Reason(
            "$.preparatory_group",
            Text(
                f"{size} members, {owners} owner representatives",
                f"{size} 人，其中业主代表 {owners} 人",
            ),
        ),
        PREPARATORY_GROUP_RULE.source,
    )
