"""The Party organisation's structure and terms: units, members, positions, and the
rules on branch size, joint branches, branch committees, leaders and terms.

The chain a community runs: the community Party committee (社区党委) over compound or
grid general branches and branches (党总支, 党支部), building Party groups (党小组) under
branches.  A :class:`PartyUnit` is one organisation in that tree, linked to the places
and grids it looks after; a :class:`PartyMember` is full or probationary, a resident
whose organisational life is in a unit here, or an in-service member (在职党员) whose
organisation is at their employer and who reports to this community; a
:class:`Position` is a secretary, deputy secretary, committee member or group leader
with a term.  Numbers that are practice rather than rule live in a
:class:`StructurePolicy` (中国共产党支部工作条例（试行）, 2018; 基层组织选举工作条例,
2020; 中办《关于党的基层组织任期的意见》, 2018).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
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
    Where,
    checks,
    int_range,
    is_enum,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.personal import PERSONAL, mask_name, masked
from neighborly.text import Text
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "BRANCH_COMMITTEE_RULE",
    "BRANCH_RULES",
    "BRANCH_SIZE_RULE",
    "JOINT_BRANCH_RULE",
    "LEADERS_RULE",
    "MAX_UNIT_LEVELS",
    "PARENT_KINDS",
    "RULES",
    "TERM_RULE",
    "UNIT_SIZE_RULE",
    "MemberStatus",
    "PartyMember",
    "PartyUnit",
    "Position",
    "PositionKind",
    "StructurePolicy",
    "UnitKind",
    "check_structure",
    "check_terms",
    "term_end",
]

BRANCH_RULES = Text(
    "中国共产党支部工作条例（试行）(2018)", "《中国共产党支部工作条例（试行）》（2018）"
)
"""The Branch Work Regulations (2018), which most of the Party rules cite."""


class UnitKind(str, enum.Enum):
    """The kinds of Party organisation a community has."""

    COMMITTEE = "committee"  # 党委 (community Party committee)
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部
    JOINT_BRANCH = "joint_branch"  # 联合党支部: fewer than 3 full members per unit
    GROUP = "group"  # 党小组

    @property
    def label(self) -> Text:
        return _UNIT_LABELS[self]

    @property
    def is_branch(self) -> bool:
        return self in {UnitKind.BRANCH, UnitKind.JOINT_BRANCH}


_UNIT_LABELS = MappingProxyType(
    {
        UnitKind.COMMITTEE: Text("Party committee", "党委"),
        UnitKind.GENERAL_BRANCH: Text("general branch", "党总支"),
        UnitKind.BRANCH: Text("branch", "党支部"),
        UnitKind.JOINT_BRANCH: Text("joint branch", "联合党支部"),
        UnitKind.GROUP: Text("Party group", "党小组"),
    }
)

PARENT_KINDS: Mapping[UnitKind, frozenset[UnitKind]] = MappingProxyType(
    {
        UnitKind.COMMITTEE: frozenset({UnitKind.COMMITTEE}),
        UnitKind.GENERAL_BRANCH: frozenset({UnitKind.COMMITTEE}),
        UnitKind.BRANCH: frozenset({UnitKind.COMMITTEE, UnitKind.GENERAL_BRANCH}),
        UnitKind.JOINT_BRANCH: frozenset({UnitKind.COMMITTEE, UnitKind.GENERAL_BRANCH}),
        UnitKind.GROUP: frozenset({UnitKind.BRANCH, UnitKind.JOINT_BRANCH}),
    }
)
"""The kinds of unit that may lead each kind (its ``parent``): a committee leads
general branches and branches (and a larger committee, such as a street's working
committee, leads a community's); a general branch leads branches; Party groups are
set up within a branch (支部工作条例 Art. 13)."""

MAX_UNIT_LEVELS = 6
"""How many levels of units a chain of parents in one file may have: a street's
working committee, a community committee, a general branch, a branch and a Party
group are five; one more for a committee between street and community."""

_IDS = tuple_of(str)


@attrs.frozen(eq=False, repr=False)
class PartyUnit(Model):
    """One Party organisation.

    ``parent`` is the unit above it; ``places`` and ``grids`` are what it looks after
    (ids of the community's places and grids).  ``elected`` is when its current
    committee (or secretary) was elected; ``community_level`` marks the community's
    (or a village's) own organisations, whose terms are 5 years (elsewhere a Party
    committee's is 5 and a general branch's or branch's 3).  A joint
    branch says how many ``units`` (workplaces, shops, buildings) it covers.
    """

    id: str
    name: str
    kind: UnitKind
    parent: str | None = None
    places: tuple[str, ...] = ()
    grids: tuple[str, ...] = ()
    elected: dt.date | None = None
    community_level: bool = True
    units: int | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        kind=is_enum(UnitKind),
        parent=opt(IDENT),
        places=_IDS,
        grids=_IDS,
        elected=OPT_DATE,
        community_level=BOOL,
        units=opt(int_range(1, 1000)),
        where=(
            Where(
                "self.units is None or self.kind is _JOINT",
                "$.units",
                Text(
                    "no unit count: only a joint branch covers several units",
                    "仅联合党支部填写覆盖单位数",
                ),
                {"_JOINT": UnitKind.JOINT_BRANCH},
                shows="units",
            ),
        ),
    )


class MemberStatus(str, enum.Enum):
    """Full (正式党员) or probationary (预备党员)."""

    FULL = "full"
    PROBATIONARY = "probationary"


@attrs.frozen(eq=False, repr=False)
class PartyMember(Model):
    """A Party member.  ``unit`` is the branch (or joint branch, or group's branch)
    where their organisational life is; an in-service member (在职党员) has none here
    but names their ``employer`` (a co-building unit's id or the employer's name) and
    reports to the community.  ``resident`` links a member who lives here."""

    id: str
    status: MemberStatus
    unit: str | None = None
    group: str | None = None
    resident: str | None = None
    name: str | None = attrs.field(default=None, repr=masked(mask_name), metadata=PERSONAL)
    employer: str | None = None
    joined: dt.date | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        status=is_enum(MemberStatus),
        unit=opt(IDENT),
        group=opt(IDENT),
        resident=opt(IDENT),
        name=OPT_TEXT,
        employer=OPT_TEXT,
        joined=OPT_DATE,
        where=(
            Where(
                "self.unit is not None or self.employer is not None",
                "$.employer",
                Text(
                    "an employer for a member whose organisation is not here (in service)",
                    "组织关系不在本社区的在职党员须填写工作单位",
                ),
                shows="employer",
            ),
            Where(
                "self.group is None or self.unit is not None",
                "$.group",
                Text(
                    "no group for a member without a unit here",
                    "组织关系不在本社区的党员不编入党小组",
                ),
                shows="group",
            ),
        ),
    )

    @property
    def in_service(self) -> bool:
        """Whether the member's organisation is at their employer (在职党员)."""
        return self.unit is None


class PositionKind(str, enum.Enum):
    """Positions in a unit."""

    SECRETARY = "secretary"  # 书记
    DEPUTY_SECRETARY = "deputy_secretary"  # 副书记
    COMMITTEE_MEMBER = "committee_member"  # 委员
    GROUP_LEADER = "group_leader"  # 党小组组长

    @property
    def on_committee(self) -> bool:
        return self is not PositionKind.GROUP_LEADER


@attrs.frozen(eq=False, repr=False)
class Position(Model):
    """Someone's position in a unit, from ``start`` for ``years``."""

    unit: str
    member: str
    kind: PositionKind
    start: dt.date
    years: int = 5

    __attrs_post_init__ = checks(
        unit=IDENT, member=IDENT, kind=is_enum(PositionKind), start=DATE, years=int_range(1, 10)
    )


# --- structure ----------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class StructurePolicy(Model):
    """The numbers of the structure rules.  The branch numbers are the 2018 branch
    rules'; the general-branch and committee sizes are practice (codified for
    government organs, common in communities) and so configurable."""

    branch_min_full: int = 3
    branch_max: int = 50
    joint_max_units: int = 5
    committee_from_full: int = 7
    committee_min: int = 3
    committee_usual_max: int = 5
    committee_max: int = 7
    general_branch_from: int = 50
    party_committee_from: int = 100
    community_term_years: int = 5
    committee_term_years: int = 5
    other_term_years: int = 3
    overdue_grace_years: int = 1
    warn_days: int = 180

    __attrs_post_init__ = checks(
        branch_min_full=int_range(1, 100),
        branch_max=int_range(1, 1000),
        joint_max_units=int_range(1, 100),
        committee_from_full=int_range(1, 100),
        committee_min=int_range(1, 50),
        committee_usual_max=int_range(1, 50),
        committee_max=int_range(1, 50),
        general_branch_from=int_range(1, 10_000),
        party_committee_from=int_range(1, 100_000),
        community_term_years=int_range(1, 10),
        committee_term_years=int_range(1, 10),
        other_term_years=int_range(1, 10),
        overdue_grace_years=int_range(0, 5),
        warn_days=int_range(0, 3650),
    )


def _unit_path(index: int) -> str:
    return f"$.party.units[{index}]"


def _members_by_unit(
    units: Sequence[PartyUnit], members: Iterable[PartyMember]
) -> dict[str, list[PartyMember]]:
    """Each unit's members: a branch's own, and a general branch's or committee's
    through the branches below it."""
    parents = {u.id: u.parent for u in units}
    found: dict[str, list[PartyMember]] = {u.id: [] for u in units}
    for member in members:
        unit: str | None = member.unit
        seen: set[str] = set()
        while unit is not None and unit in found and unit not in seen:
            found[unit].append(member)
            seen.add(unit)
            unit = parents.get(unit)
    return found


_UNITS_AND_MEMBERS = Text("the Party units, members and positions", "党组织、党员与职务")

BRANCH_SIZE_RULE = Rule(
    "party.branch_size",
    Text("Each branch has the members a branch needs", "党支部党员人数符合规定"),
    Text(f"{BRANCH_RULES.en}, Art. 4", f"{BRANCH_RULES.zh}第四条"),
    basis=(
        "FACTS.md §4 Party organisation: branch required with >=3 full members; generally <=50 "
        "members (支部工作条例 Art. 4) [V-2]"
    ),
    reads=_UNITS_AND_MEMBERS,
    policy="structure",
)

JOINT_BRANCH_RULE = Rule(
    "party.joint_branch",
    Text("Each joint branch covers few enough units", "联合党支部覆盖单位数符合规定"),
    Text(f"{BRANCH_RULES.en}, Art. 5", f"{BRANCH_RULES.zh}第五条"),
    basis="FACTS.md §4 Party organisation: <3 full members: a joint branch covering generally <=5 units (Art. 5) [V-2]",
    reads=_UNITS_AND_MEMBERS,
    policy="structure",
)

BRANCH_COMMITTEE_RULE = Rule(
    "party.branch_committee",
    Text("Branches have the committee their size calls for", "党支部按人数设立委员会"),
    Text(f"{BRANCH_RULES.en}, Art. 20", f"{BRANCH_RULES.zh}第二十条"),
    basis=(
        "FACTS.md §4 Party organisation: >=7 full members: a branch committee of 3-5, generally "
        "<=7; fewer: a secretary and at most one deputy (Art. 20) [V-2]"
    ),
    reads=_UNITS_AND_MEMBERS,
    policy="structure",
)

UNIT_SIZE_RULE = Rule(
    "party.unit_size",
    Text("General branches and committees are of the usual size", "党总支和党委规模符合惯例"),
    Text(
        "practice (codified for government organs: 机关基层组织工作条例 Arts. 5-6); configurable",
        "实践做法（机关基层组织工作条例第五、六条有类似规定）；可配置",
    ),
    basis=(
        "FACTS.md §4 Party organisation: general branch usually 50-100 members; Party committee "
        "usually >=100 (practice) [V-2/M]"
    ),
    reads=_UNITS_AND_MEMBERS,
    policy="structure",
)

LEADERS_RULE = Rule(
    "party.leaders",
    Text("Every unit has its secretary or group leader", "每个党组织都有书记或党小组长"),
    Text(f"{BRANCH_RULES.en}, Arts. 13 and 20", f"{BRANCH_RULES.zh}第十三条、第二十条"),
    basis="FACTS.md §4 Party organisation: groups have a leader (Art. 13); branches a secretary (Art. 20) [V]",
    reads=_UNITS_AND_MEMBERS,
)

TERM_RULE = Rule(
    "party.term",
    Text("Committees are within their terms", "班子在任期内"),
    Text(
        "支部工作条例 Art. 21; 关于党的基层组织任期的意见 (2018); 基层组织选举工作条例 (2020) Art. 3",
        "《中国共产党支部工作条例（试行）》第二十一条；《关于党的基层组织任期的意见》；"
        "《中国共产党基层组织选举工作条例》第三条",
    ),
    basis=(
        "FACTS.md §4 Party organisation: community branch committees serve 5-year terms, others "
        "generally 3; extension at most 1 year (选举工作条例 2020 Art. 3) [V-2]"
    ),
    reads=Text("the Party units' elections", "党组织换届"),
    policy="structure",
)

RULES: tuple[Rule, ...] = (
    BRANCH_SIZE_RULE,
    JOINT_BRANCH_RULE,
    BRANCH_COMMITTEE_RULE,
    UNIT_SIZE_RULE,
    LEADERS_RULE,
    TERM_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_structure(
    units: Sequence[PartyUnit],
    members: Sequence[PartyMember],
    positions: Sequence[Position],
    policy: StructurePolicy | None = None,
) -> Report:
    """``party.branch_size``, ``party.joint_branch``, ``party.branch_committee``,
    ``party.unit_size`` (practice) and ``party.leaders`` over the units."""
    policy = policy if policy is not None else StructurePolicy()
    by_unit = _members_by_unit(units, members)
    committee: dict[str, list[Position]] = {}
    for position in positions:
        committee.setdefault(position.unit, []).append(position)
    return Report(
        (
            _branch_size(units, by_unit, policy),
            _joint_branch(units, by_unit, policy),
            _branch_committee(units, by_unit, committee, policy),
            _unit_size(units, by_unit, policy),
            _leaders(units, committee),
        )
    )


def _full(members: Iterable[PartyMember]) -> int:
    return sum(1 for m in members if m.status is MemberStatus.FULL)


def _branch_size(
    units: Sequence[PartyUnit], by_unit: Mapping[str, list[PartyMember]], policy: StructurePolicy
) -> Verdict:
    problems = []
    count = 0
    for i, unit in enumerate(units):
        if unit.kind is not UnitKind.BRANCH:
            continue
        count += 1
        members = by_unit[unit.id]
        full = _full(members)
        if full < policy.branch_min_full:
            problems.append(
                Reason(
                    _unit_path(i),
                    Text(
                        f"branch {unit.id} has {full} full members, needs at least "
                        f"{policy.branch_min_full} ({policy.branch_min_full - full} short): "
                        "form a joint branch instead",
                        f"党支部 {unit.id} 正式党员 {full} 名，至少需 {policy.branch_min_full} 名"
                        f"（缺 {policy.branch_min_full - full} 名），应成立联合党支部",
                    ),
                    f">={policy.branch_min_full}",
                    str(full),
                )
            )
        if len(members) > policy.branch_max:
            problems.append(
                Reason(
                    _unit_path(i),
                    Text(
                        f"branch {unit.id} has {len(members)} members, generally at most "
                        f"{policy.branch_max} ({len(members) - policy.branch_max} over): split it",
                        f"党支部 {unit.id} 有党员 {len(members)} 名，一般不超过 {policy.branch_max} 名"
                        f"（超出 {len(members) - policy.branch_max} 名），宜分设",
                    ),
                    f"<={policy.branch_max}",
                    str(len(members)),
                )
            )
    return Verdict.from_reasons(
        BRANCH_SIZE_RULE.code,
        Text(
            f"Each branch has {policy.branch_min_full} to {policy.branch_max} members",
            f"党支部正式党员不少于 {policy.branch_min_full} 名、党员一般不超过 {policy.branch_max} 名",
        ),
        problems,
        Reason("$.party.units", Text(f"{count} branches within size", f"{count} 个党支部人数合规")),
        BRANCH_SIZE_RULE.source,
    )


def _joint_branch(
    units: Sequence[PartyUnit], by_unit: Mapping[str, list[PartyMember]], policy: StructurePolicy
) -> Verdict:
    problems = []
    count = 0
    for i, unit in enumerate(units):
        if unit.kind is not UnitKind.JOINT_BRANCH:
            continue
        count += 1
        covered = unit.units or 0
        if covered > policy.joint_max_units:
            problems.append(
                Reason(
                    _unit_path(i),
                    Text(
                        f"joint branch {unit.id} covers {covered} units, generally at most "
                        f"{policy.joint_max_units} ({covered - policy.joint_max_units} over)",
                        f"联合党支部 {unit.id} 覆盖 {covered} 个单位，一般不超过 {policy.joint_max_units} 个"
                        f"（超出 {covered - policy.joint_max_units} 个）",
                    ),
                    f"<={policy.joint_max_units}",
                    str(covered),
                )
            )
        full = _full(by_unit[unit.id])
        if full < policy.branch_min_full:
            problems.append(
                Reason(
                    _unit_path(i),
                    Text(
                        f"joint branch {unit.id} has {full} full members, needs at least "
                        f"{policy.branch_min_full} together",
                        f"联合党支部 {unit.id} 正式党员 {full} 名，合计至少需 {policy.branch_min_full} 名",
                    ),
                    f">={policy.branch_min_full}",
                    str(full),
                )
            )
    return Verdict.from_reasons(
        JOINT_BRANCH_RULE.code,
        Text(
            f"Each joint branch covers at most {policy.joint_max_units} units",
            f"联合党支部覆盖单位一般不超过 {policy.joint_max_units} 个",
        ),
        problems,
        Reason(
            "$.party.units",
            Text(f"{count} joint branches within limits", f"{count} 个联合党支部合规"),
        ),
        JOINT_BRANCH_RULE.source,
    )


def _branch_committee(
    units: Sequence[PartyUnit],
    by_unit: Mapping[str, list[PartyMember]],
    committee: Mapping[str, list[Position]],
    policy: StructurePolicy,
) -> Verdict:
    problems = []
    count = 0
    for i, unit in enumerate(units):
        if not unit.kind.is_branch:
            continue
        count += 1
        full = _full(by_unit[unit.id])
        seats = [p for p in committee.get(unit.id, []) if p.kind.on_committee]
        size = len(seats)
        deputies = sum(1 for p in seats if p.kind is PositionKind.DEPUTY_SECRETARY)
        path = _unit_path(i)
        if full >= policy.committee_from_full:
            if not policy.committee_min <= size <= policy.committee_max:
                problems.append(
                    Reason(
                        path,
                        Text(
                            f"branch {unit.id} has {full} full members, so a branch committee of "
                            f"{policy.committee_min}-{policy.committee_usual_max} (at most "
                            f"{policy.committee_max}); it has {size}",
                            f"党支部 {unit.id} 正式党员 {full} 名，应设支部委员会 "
                            f"{policy.committee_min}-{policy.committee_usual_max} 人（最多 "
                            f"{policy.committee_max} 人），现有 {size} 人",
                        ),
                        f"{policy.committee_min}..{policy.committee_max}",
                        str(size),
                    )
                )
        elif size - deputies > 1 or deputies > 1:
            problems.append(
                Reason(
                    path,
                    Text(
                        f"branch {unit.id} has {full} full members (fewer than "
                        f"{policy.committee_from_full}): a secretary and at most one deputy, "
                        f"no committee; it has {size} seats",
                        f"党支部 {unit.id} 正式党员 {full} 名（不足 {policy.committee_from_full} 名），"
                        f"只设书记 1 名、副书记至多 1 名，不设委员会；现有 {size} 人",
                    ),
                    "secretary (+1 deputy)",
                    str(size),
                )
            )
    return Verdict.from_reasons(
        BRANCH_COMMITTEE_RULE.code,
        Text(
            f"Branches of {policy.committee_from_full}+ full members have a committee of "
            f"{policy.committee_min}-{policy.committee_usual_max}",
            f"正式党员 {policy.committee_from_full} 名以上的党支部设 "
            f"{policy.committee_min}-{policy.committee_usual_max} 人的支部委员会",
        ),
        problems,
        Reason(
            "$.party.positions",
            Text(
                f"{count} branches set up as their size requires", f"{count} 个党支部班子设置合规"
            ),
        ),
        BRANCH_COMMITTEE_RULE.source,
    )


def _unit_size(
    units: Sequence[PartyUnit], by_unit: Mapping[str, list[PartyMember]], policy: StructurePolicy
) -> Verdict:
    problems = []
    for i, unit in enumerate(units):
        size = len(by_unit[unit.id])
        if unit.kind is UnitKind.GENERAL_BRANCH and size < policy.general_branch_from:
            expected, label = policy.general_branch_from, Text("a general branch", "党总支")
        elif unit.kind is UnitKind.COMMITTEE and size < policy.party_committee_from:
            expected, label = policy.party_committee_from, Text("a Party committee", "党委")
        else:
            continue
        problems.append(
            Reason(
                _unit_path(i),
                Text(
                    f"{unit.id} has {size} members; {label.en} usually has {expected} or more",
                    f"{unit.id} 有党员 {size} 名；{label.zh}一般在 {expected} 名以上",
                ),
                f">={expected}",
                str(size),
            )
        )
    return Verdict.from_reasons(
        UNIT_SIZE_RULE.code,
        UNIT_SIZE_RULE.title,
        problems,
        Reason(
            "$.party.units",
            Text(
                "all general branches and committees of the usual size",
                "党总支、党委规模均符合惯例",
            ),
        ),
        UNIT_SIZE_RULE.source,
    )


def _leaders(units: Sequence[PartyUnit], committee: Mapping[str, list[Position]]) -> Verdict:
    problems = []
    for i, unit in enumerate(units):
        held = {p.kind for p in committee.get(unit.id, [])}
        needed = (
            PositionKind.GROUP_LEADER if unit.kind is UnitKind.GROUP else PositionKind.SECRETARY
        )
        if needed not in held:
            what = (
                Text("a group leader", "党小组组长")
                if needed is PositionKind.GROUP_LEADER
                else Text("a secretary", "书记")
            )
            problems.append(
                Reason(
                    _unit_path(i),
                    Text(
                        f"{unit.kind.label.en} {unit.id} has no {what.en[2:]}",
                        f"{unit.kind.label.zh} {unit.id} 没有{what.zh}",
                    ),
                    needed.value,
                    "none",
                )
            )
    return Verdict.from_reasons(
        LEADERS_RULE.code,
        LEADERS_RULE.title,
        problems,
        Reason(
            "$.party.positions",
            Text(f"all {len(units)} units led", f"全部 {len(units)} 个组织均有负责人"),
        ),
        LEADERS_RULE.source,
    )


# --- terms --------------------------------------------------------------------------------


def term_end(elected: dt.date, years: int) -> dt.date:
    """The day a term elected on ``elected`` ends: the same day ``years`` later, or the
    28th of February for a term elected on a leap day that ends in a common year.

    >>> term_end(dt.date(2020, 2, 29), 5)
    datetime.date(2025, 2, 28)
    """
    return elected + relativedelta(years=years)


def _term_years(unit: PartyUnit, policy: StructurePolicy) -> int:
    """A unit's term: 5 years in a community or village; elsewhere 5 for a Party
    committee (党委) and 3 for a general branch or branch (任期意见, 2018)."""
    if unit.community_level:
        return policy.community_term_years
    if unit.kind is UnitKind.COMMITTEE:
        return policy.committee_term_years
    return policy.other_term_years


def check_terms(
    units: Sequence[PartyUnit], as_of: dt.date, policy: StructurePolicy | None = None
) -> Verdict:
    """``party.term``: every unit's committee within its term (community and village
    units 5 years; elsewhere a Party committee 5, a general branch or branch 3); a
    term may run over by at most a year with approval, so it fails only beyond that.
    Terms ending within ``warn_days`` or overdue within the year are noted on a
    passing verdict."""
    policy = policy if policy is not None else StructurePolicy()
    problems, notes = [], []
    for i, unit in enumerate(units):
        if unit.elected is None or unit.kind is UnitKind.GROUP:
            continue
        years = _term_years(unit, policy)
        ends = term_end(unit.elected, years)
        limit = ends + relativedelta(years=policy.overdue_grace_years)
        path = _unit_path(i)
        if as_of > limit:
            late = (as_of - ends).days
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{unit.id}'s {years}-year term ended {ends}, {late} days ago: more than "
                        f"{policy.overdue_grace_years} year overdue for election",
                        f"{unit.id} 的 {years} 年任期已于 {ends} 届满，已过 {late} 天，超期一年以上未换届",
                    ),
                    limit.isoformat(),
                    as_of.isoformat(),
                )
            )
        elif as_of > ends:
            notes.append(
                Reason(
                    path,
                    Text(
                        f"{unit.id}'s term ended {ends}: an extension needs approval, and runs "
                        f"to {limit} at the latest",
                        f"{unit.id} 任期已于 {ends} 届满：延期须经批准，最迟至 {limit}",
                    ),
                    ends.isoformat(),
                    as_of.isoformat(),
                )
            )
        elif (ends - as_of).days <= policy.warn_days:
            notes.append(
                Reason(
                    path,
                    Text(
                        f"{unit.id}'s term ends {ends}, in {(ends - as_of).days} days: prepare the election",
                        f"{unit.id} 任期将于 {ends} 届满（还有 {(ends - as_of).days} 天），请准备换届",
                    ),
                    ends.isoformat(),
                    as_of.isoformat(),
                )
            )
    if problems:
        return Verdict(
            rule=TERM_RULE.code,
            passed=False,
            title=TERM_RULE.title,
            reasons=tuple(problems + notes),
            source=TERM_RULE.source,
        )
    otherwise = Reason("$.party.units", Text("every term current", "全部在任期内"))
    return Verdict(
        rule=TERM_RULE.code,
        passed=True,
        title=TERM_RULE.title,
        reasons=tuple(notes) or (otherwise,),
        source=TERM_RULE.source,
    )
