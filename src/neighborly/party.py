"""Party organisation in the community, as plain organisational rules with their sources.

The chain a community runs: the community Party committee (社区党委) over compound or
grid general branches and branches (党总支, 党支部), building Party groups (党小组) under
branches, and Party-member demonstration households (党员示范户).  A
:class:`PartyUnit` is one organisation in that tree, linked to the places and grids
it looks after; a :class:`PartyMember` is full or probationary, a resident whose
organisational life is in a unit here, or an in-service member (在职党员) whose
organisation is at their employer and who reports to this community; a
:class:`Position` is a secretary, deputy secretary, committee member or group
leader with a term.

The rules return verdicts and name their sources (中国共产党支部工作条例（试行）, 2018;
基层组织选举工作条例, 2020; 中办《关于党的基层组织任期的意见》, 2018); numbers that
are practice rather than rule live in a :class:`StructurePolicy`.  Meeting
obligations ("三会一课", themed Party day, organisational-life meeting, member
appraisal) are a :class:`MeetingPolicy`; :func:`meeting_compliance` says per unit
what was due, what was held, what is missing and when the next is due.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
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
    TIME,
    WEEKDAYS,
    Where,
    checks,
    duplicate_ids,
    enum_set,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._integrity import Declarations, Ids, Kind, Ref
from neighborly._personal import PERSONAL, mask_name, masked
from neighborly._text import Lang, Text, check_lang
from neighborly._time import DEFAULT_ZONE, rrule_day
from neighborly.errors import Conflict, NotFound, Problem, Refused
from neighborly.money import yuan
from neighborly.places import PLACE_KINDS
from neighborly.recurrence import Recurrence
from neighborly.scheduling import Event, recurring_event
from neighborly.verdicts import Reason, Report, Verdict

__all__ = [
    "CO_BUILDING_UNIT",
    "DEFAULT_OBLIGATIONS",
    "PARTY_DECLARED",
    "PARTY_MEETING",
    "PARTY_MEMBER",
    "PARTY_UNIT",
    "PROJECT",
    "SPENDING",
    "CoBuildingUnit",
    "Demonstration",
    "EmployerFeedback",
    "Frequency",
    "FundLine",
    "InServicePolicy",
    "InServiceStanding",
    "Meeting",
    "MeetingKind",
    "MeetingPolicy",
    "MemberStatus",
    "Obligation",
    "ObligationStatus",
    "Party",
    "PartyMember",
    "PartyUnit",
    "Pledge",
    "Position",
    "PositionKind",
    "Project",
    "ReportIn",
    "ServiceDone",
    "Spending",
    "StructurePolicy",
    "UnitCompliance",
    "UnitKind",
    "Window",
    "check_funds",
    "check_meetings",
    "check_party",
    "check_structure",
    "check_terms",
    "funds",
    "in_service_feedback",
    "meeting_compliance",
    "meeting_events",
    "periods",
    "quarter_of",
    "spend",
    "term_end",
]

_BRANCH_RULES = Text(
    "中国共产党支部工作条例（试行）(2018)", "《中国共产党支部工作条例（试行）》（2018）"
)


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

_IDS = tuple_of(str)


@attrs.frozen
class PartyUnit:
    """One Party organisation.

    ``parent`` is the unit above it; ``places`` and ``grids`` are what it looks after
    (ids of the community's places and grids).  ``elected`` is when its current
    committee (or secretary) was elected; ``community_level`` marks the community's
    (or a village's) own organisations, whose terms are 5 years (others: 3).  A joint
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


@attrs.frozen
class PartyMember:
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


@attrs.frozen
class Position:
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


@attrs.frozen
class StructurePolicy:
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
        other_term_years=int_range(1, 10),
        overdue_grace_years=int_range(0, 5),
        warn_days=int_range(0, 3650),
    )


def _unit_path(unit: PartyUnit) -> str:
    return f'$.party.units[?(@.id=="{unit.id}")]'


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
    for unit in units:
        if unit.kind is not UnitKind.BRANCH:
            continue
        count += 1
        members = by_unit[unit.id]
        full = _full(members)
        if full < policy.branch_min_full:
            problems.append(
                Reason(
                    _unit_path(unit),
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
                    _unit_path(unit),
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
        "party.branch_size",
        Text(
            f"Each branch has {policy.branch_min_full} to {policy.branch_max} members",
            f"党支部正式党员不少于 {policy.branch_min_full} 名、党员一般不超过 {policy.branch_max} 名",
        ),
        problems,
        Reason("$.party.units", Text(f"{count} branches within size", f"{count} 个党支部人数合规")),
        Text(f"{_BRANCH_RULES.en}, Art. 4", f"{_BRANCH_RULES.zh}第四条"),
    )


def _joint_branch(
    units: Sequence[PartyUnit], by_unit: Mapping[str, list[PartyMember]], policy: StructurePolicy
) -> Verdict:
    problems = []
    count = 0
    for unit in units:
        if unit.kind is not UnitKind.JOINT_BRANCH:
            continue
        count += 1
        covered = unit.units or 0
        if covered > policy.joint_max_units:
            problems.append(
                Reason(
                    _unit_path(unit),
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
                    _unit_path(unit),
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
        "party.joint_branch",
        Text(
            f"Each joint branch covers at most {policy.joint_max_units} units",
            f"联合党支部覆盖单位一般不超过 {policy.joint_max_units} 个",
        ),
        problems,
        Reason(
            "$.party.units",
            Text(f"{count} joint branches within limits", f"{count} 个联合党支部合规"),
        ),
        Text(f"{_BRANCH_RULES.en}, Art. 5", f"{_BRANCH_RULES.zh}第五条"),
    )


def _branch_committee(
    units: Sequence[PartyUnit],
    by_unit: Mapping[str, list[PartyMember]],
    committee: Mapping[str, list[Position]],
    policy: StructurePolicy,
) -> Verdict:
    problems = []
    count = 0
    for unit in units:
        if not unit.kind.is_branch:
            continue
        count += 1
        full = _full(by_unit[unit.id])
        seats = [p for p in committee.get(unit.id, []) if p.kind.on_committee]
        size = len(seats)
        deputies = sum(1 for p in seats if p.kind is PositionKind.DEPUTY_SECRETARY)
        path = _unit_path(unit)
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
        "party.branch_committee",
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
        Text(f"{_BRANCH_RULES.en}, Art. 20", f"{_BRANCH_RULES.zh}第二十条"),
    )


def _unit_size(
    units: Sequence[PartyUnit], by_unit: Mapping[str, list[PartyMember]], policy: StructurePolicy
) -> Verdict:
    problems = []
    for unit in units:
        size = len(by_unit[unit.id])
        if unit.kind is UnitKind.GENERAL_BRANCH and size < policy.general_branch_from:
            expected, label = policy.general_branch_from, Text("a general branch", "党总支")
        elif unit.kind is UnitKind.COMMITTEE and size < policy.party_committee_from:
            expected, label = policy.party_committee_from, Text("a Party committee", "党委")
        else:
            continue
        problems.append(
            Reason(
                _unit_path(unit),
                Text(
                    f"{unit.id} has {size} members; {label.en} usually has {expected} or more",
                    f"{unit.id} 有党员 {size} 名；{label.zh}一般在 {expected} 名以上",
                ),
                f">={expected}",
                str(size),
            )
        )
    return Verdict.from_reasons(
        "party.unit_size",
        Text("General branches and committees are of the usual size", "党总支、党委规模符合惯例"),
        problems,
        Reason(
            "$.party.units",
            Text(
                "all general branches and committees of the usual size",
                "党总支、党委规模均符合惯例",
            ),
        ),
        Text(
            "practice (codified for government organs: 机关基层组织工作条例 Arts. 5-6); configurable",
            "实践做法（机关基层组织工作条例第五、六条有类似规定）；可配置",
        ),
    )


def _leaders(units: Sequence[PartyUnit], committee: Mapping[str, list[Position]]) -> Verdict:
    problems = []
    for unit in units:
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
                    _unit_path(unit),
                    Text(
                        f"{unit.kind.label.en} {unit.id} has no {what.en[2:]}",
                        f"{unit.kind.label.zh} {unit.id} 没有{what.zh}",
                    ),
                    needed.value,
                    "none",
                )
            )
    return Verdict.from_reasons(
        "party.leaders",
        Text("Every unit has its secretary or group leader", "每个组织都有书记或党小组组长"),
        problems,
        Reason(
            "$.party.positions",
            Text(f"all {len(units)} units led", f"全部 {len(units)} 个组织均有负责人"),
        ),
        Text(f"{_BRANCH_RULES.en}, Arts. 13 and 20", f"{_BRANCH_RULES.zh}第十三条、第二十条"),
    )


# --- terms --------------------------------------------------------------------------------


def term_end(elected: dt.date, years: int) -> dt.date:
    """The day a term elected on ``elected`` ends: the same day ``years`` later, or the
    28th of February for a term elected on a leap day that ends in a common year.

    >>> term_end(dt.date(2020, 2, 29), 5)
    datetime.date(2025, 2, 28)
    """
    return elected + relativedelta(years=years)


def check_terms(
    units: Sequence[PartyUnit], as_of: dt.date, policy: StructurePolicy | None = None
) -> Verdict:
    """``party.term``: every unit's committee within its term (community and village
    units 5 years, others 3); a term may run over by at most a year with approval, so
    it fails only beyond that.  Terms ending within ``warn_days`` or overdue within
    the year are noted on a passing verdict."""
    policy = policy if policy is not None else StructurePolicy()
    problems, notes = [], []
    for unit in units:
        if unit.elected is None or unit.kind is UnitKind.GROUP:
            continue
        years = policy.community_term_years if unit.community_level else policy.other_term_years
        ends = term_end(unit.elected, years)
        limit = ends + relativedelta(years=policy.overdue_grace_years)
        path = _unit_path(unit)
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
    source = Text(
        "支部工作条例 Art. 21; 关于党的基层组织任期的意见 (2018); 基层组织选举工作条例 (2020) Art. 3",
        "《中国共产党支部工作条例（试行）》第二十一条；《关于党的基层组织任期的意见》；《中国共产党基层组织选举工作条例》第三条",
    )
    title = Text("Committees are within their terms", "班子在任期内")
    if problems:
        return Verdict(
            rule="party.term",
            passed=False,
            title=title,
            reasons=tuple(problems + notes),
            source=source,
        )
    otherwise = Reason("$.party.units", Text("every term current", "全部在任期内"))
    return Verdict(
        rule="party.term",
        passed=True,
        title=title,
        reasons=tuple(notes) or (otherwise,),
        source=source,
    )


# --- meetings -------------------------------------------------------------------------------


class MeetingKind(str, enum.Enum):
    """The meetings of Party organisational life."""

    GENERAL_MEETING = "general_meeting"  # 党员大会
    COMMITTEE_MEETING = "committee_meeting"  # 支部委员会会议
    GROUP_MEETING = "group_meeting"  # 党小组会
    LECTURE = "lecture"  # 党课
    PARTY_DAY = "party_day"  # 主题党日
    ORG_LIFE = "org_life"  # 组织生活会
    APPRAISAL = "appraisal"  # 民主评议党员

    @property
    def label(self) -> Text:
        return _MEETING_LABELS[self]


_MEETING_LABELS = MappingProxyType(
    {
        MeetingKind.GENERAL_MEETING: Text("general meeting", "党员大会"),
        MeetingKind.COMMITTEE_MEETING: Text("branch committee meeting", "支部委员会会议"),
        MeetingKind.GROUP_MEETING: Text("Party group meeting", "党小组会"),
        MeetingKind.LECTURE: Text("Party lecture", "党课"),
        MeetingKind.PARTY_DAY: Text("themed Party day", "主题党日"),
        MeetingKind.ORG_LIFE: Text("organisational-life meeting", "组织生活会"),
        MeetingKind.APPRAISAL: Text("member appraisal", "民主评议党员"),
    }
)


class Frequency(str, enum.Enum):
    """How often an obligation falls due: once a calendar month, quarter or year."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[self]


_UNIT_KINDS = enum_set(UnitKind)


@attrs.frozen
class Obligation:
    """A meeting a kind of unit must hold once per period.  ``needs_committee``: only
    units with a committee (a committee member among their positions).  ``practice``
    marks a frequency that is common practice rather than rule."""

    kind: MeetingKind
    frequency: Frequency
    units: frozenset[UnitKind]
    source: Text
    needs_committee: bool = False
    practice: bool = False

    __attrs_post_init__ = checks(
        kind=is_enum(MeetingKind),
        frequency=is_enum(Frequency),
        units=_UNIT_KINDS,
        source=of_type(Text),
        needs_committee=BOOL,
        practice=BOOL,
    )


_BRANCHES = frozenset({UnitKind.BRANCH, UnitKind.JOINT_BRANCH})


def _art(number_en: str, number_zh: str) -> Text:
    return Text(f"{_BRANCH_RULES.en}, Art. {number_en}", f"{_BRANCH_RULES.zh}第{number_zh}条")


DEFAULT_OBLIGATIONS: tuple[Obligation, ...] = (
    Obligation(MeetingKind.GENERAL_MEETING, Frequency.QUARTERLY, _BRANCHES, _art("11", "十一")),
    Obligation(
        MeetingKind.COMMITTEE_MEETING,
        Frequency.MONTHLY,
        _BRANCHES,
        _art("12", "十二"),
        needs_committee=True,
    ),
    Obligation(
        MeetingKind.GROUP_MEETING,
        Frequency.MONTHLY,
        frozenset({UnitKind.GROUP}),
        _art("13", "十三"),
    ),
    Obligation(MeetingKind.PARTY_DAY, Frequency.MONTHLY, _BRANCHES, _art("16", "十六")),
    Obligation(
        MeetingKind.LECTURE,
        Frequency.QUARTERLY,
        _BRANCHES,
        Text(
            "common local practice; the 2018 rules (Art. 16) require lectures without a minimum",
            "地方通行做法；《支部工作条例》第十六条要求讲党课但未规定频次",
        ),
        practice=True,
    ),
    Obligation(MeetingKind.ORG_LIFE, Frequency.YEARLY, _BRANCHES, _art("17", "十七")),
    Obligation(MeetingKind.APPRAISAL, Frequency.YEARLY, _BRANCHES, _art("18", "十八")),
)
"""The meetings the 2018 branch rules ask for ("三会一课" and the rest)."""


@attrs.frozen
class MeetingPolicy:
    """The meeting obligations to check (default: :data:`DEFAULT_OBLIGATIONS`)."""

    obligations: tuple[Obligation, ...] = DEFAULT_OBLIGATIONS

    __attrs_post_init__ = checks(obligations=tuple_of(Obligation))


@attrs.frozen
class Meeting:
    """A meeting a unit held on a day."""

    id: str
    unit: str
    kind: MeetingKind
    day: dt.date
    attendees: int | None = None
    topic: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        unit=IDENT,
        kind=is_enum(MeetingKind),
        day=DATE,
        attendees=opt(int_range(0, 100_000)),
        topic=OPT_TEXT,
    )


def periods(
    frequency: Frequency, first: dt.date, last: dt.date
) -> tuple[tuple[dt.date, dt.date], ...]:
    """The calendar months, quarters or years that overlap ``first`` to ``last``, as
    (first day, last day) pairs.

    >>> periods(Frequency.QUARTERLY, dt.date(2026, 3, 31), dt.date(2026, 4, 1))
    ((datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)), (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)))
    """
    step = frequency.months
    start = dt.date(first.year, (first.month - 1) // step * step + 1, 1)
    found = []
    while start <= last:
        following = start + relativedelta(months=step)
        found.append((start, following - dt.timedelta(days=1)))
        start = following
    return tuple(found)


def _period_label(frequency: Frequency, first: dt.date) -> str:
    if frequency is Frequency.MONTHLY:
        return f"{first:%Y-%m}"
    if frequency is Frequency.QUARTERLY:
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return str(first.year)


@attrs.frozen
class ObligationStatus:
    """One obligation of one unit over a window: how many periods had ended (``due``),
    in how many it was met (``held``), which were missed, whether the current period
    is already met, and the day the next meeting is due by."""

    kind: MeetingKind
    frequency: Frequency
    due: int
    held: int
    missing: tuple[str, ...]
    current_met: bool
    next_due: dt.date


@attrs.frozen
class UnitCompliance:
    """A unit's meeting obligations over a window."""

    unit: str
    statuses: tuple[ObligationStatus, ...]

    @property
    def missing(self) -> int:
        return sum(len(s.missing) for s in self.statuses)


def meeting_compliance(
    units: Sequence[PartyUnit],
    meetings: Iterable[Meeting],
    first: dt.date,
    as_of: dt.date,
    *,
    policy: MeetingPolicy | None = None,
    positions: Iterable[Position] = (),
) -> tuple[UnitCompliance, ...]:
    """Per unit and obligation, over the periods from ``first`` to ``as_of``: what was
    due (periods that ended by ``as_of``), what was held, what is missing, and when
    the next is due.  A period still running is not missing yet."""
    policy = policy if policy is not None else MeetingPolicy()
    with_committee = {p.unit for p in positions if p.kind is PositionKind.COMMITTEE_MEMBER}
    held: dict[tuple[str, MeetingKind], list[dt.date]] = {}
    for meeting in meetings:
        held.setdefault((meeting.unit, meeting.kind), []).append(meeting.day)
    made = []
    for unit in units:
        statuses = []
        for obligation in policy.obligations:
            if unit.kind not in obligation.units:
                continue
            if obligation.needs_committee and unit.id not in with_committee:
                continue
            days = held.get((unit.id, obligation.kind), [])
            statuses.append(_status(obligation, days, first, as_of))
        made.append(UnitCompliance(unit.id, tuple(statuses)))
    return tuple(made)


def _status(
    obligation: Obligation, days: list[dt.date], first: dt.date, as_of: dt.date
) -> ObligationStatus:
    due = held = 0
    missing = []
    current_met = False
    next_due = as_of
    for start, end in periods(obligation.frequency, first, as_of):
        met = any(start <= day <= end for day in days)
        if end <= as_of:
            due += 1
            held += met
            if not met:
                missing.append(_period_label(obligation.frequency, start))
            next_due = end + relativedelta(months=obligation.frequency.months, day=31)
        else:
            current_met = met
            next_due = (
                (end + relativedelta(months=obligation.frequency.months, day=31)) if met else end
            )
    return ObligationStatus(
        obligation.kind, obligation.frequency, due, held, tuple(missing), current_met, next_due
    )


def check_meetings(
    compliance: Iterable[UnitCompliance], lang_source: Text | None = None
) -> Verdict:
    """``party.meetings``: no obligation missed in any period that has ended."""
    problems = []
    units = 0
    for unit in compliance:
        units += 1
        for status in unit.statuses:
            if status.missing:
                label = status.kind.label
                problems.append(
                    Reason(
                        f'$.party.units[?(@.id=="{unit.unit}")]',
                        Text(
                            f"{unit.unit}: no {label.en} in {', '.join(status.missing)} "
                            f"({status.held} of {status.due} held)",
                            f"{unit.unit}：{'、'.join(status.missing)} 未召开{label.zh}"
                            f"（应开 {status.due} 次，已开 {status.held} 次）",
                        ),
                        str(status.due),
                        str(status.held),
                    )
                )
    return Verdict.from_reasons(
        "party.meetings",
        Text("Every unit held the meetings it owes", "各组织按规定召开会议"),
        problems,
        Reason(
            "$.party.meetings", Text(f"{units} units, nothing missed", f"{units} 个组织，无缺漏")
        ),
        lang_source
        if lang_source is not None
        else Text(f"{_BRANCH_RULES.en}, Arts. 11-18", f"{_BRANCH_RULES.zh}第十一至十八条"),
    )


# --- in-service members and co-building units ----------------------------------------------


@attrs.frozen
class Window:
    """When a pledged resource is available: on ``weekdays`` (0 Monday ... 6 Sunday)
    from ``starts`` to ``ends`` (an ``ends`` at or before ``starts`` runs overnight)."""

    weekdays: frozenset[int]
    starts: dt.time
    ends: dt.time

    __attrs_post_init__ = checks(
        weekdays=WEEKDAYS,
        starts=TIME,
        ends=TIME,
    )


@attrs.frozen
class Pledge:
    """A resource a co-building unit lends the community: ``quantity`` of ``what``
    (e.g. 40 parking spaces) in the given time ``windows`` (none: any time)."""

    id: str
    what: str
    quantity: int = 1
    windows: tuple[Window, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, what=TEXT, quantity=int_range(1, 1_000_000), windows=tuple_of(Window)
    )


@attrs.frozen
class CoBuildingUnit:
    """A co-building unit (共建单位): an employer, bureau or school whose in-service
    members report to the community, with what it has pledged and the micro-wishes or
    services it has taken on (their ids)."""

    id: str
    name: str
    kind: str | None = None
    pledges: tuple[Pledge, ...] = ()
    taken_on: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, kind=OPT_TEXT, pledges=tuple_of(Pledge), taken_on=_IDS
    )


@attrs.frozen
class ReportIn:
    """An in-service member reported to the community (报到) on a day."""

    member: str
    day: dt.date

    __attrs_post_init__ = checks(member=IDENT, day=DATE)


@attrs.frozen
class ServiceDone:
    """A service an in-service member did for the community."""

    member: str
    day: dt.date
    activity: str

    __attrs_post_init__ = checks(member=IDENT, day=DATE, activity=TEXT)


@attrs.frozen
class InServicePolicy:
    """What the community expects of each in-service member in a year: to have
    reported, and at least ``min_services`` services."""

    min_services: int = 2

    __attrs_post_init__ = checks(min_services=int_range(0, 365))


@attrs.frozen
class InServiceStanding:
    """One in-service member's year: reported or not, services done, and whether that
    meets the expectation."""

    member: str
    employer: str
    reported: bool
    services: int
    meets: bool


@attrs.frozen
class EmployerFeedback:
    """The yearly feedback to an employer about its members (报到情况反馈)."""

    employer: str
    year: int
    members: tuple[InServiceStanding, ...]

    @property
    def meeting(self) -> int:
        return sum(1 for m in self.members if m.meets)

    def render(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        head = Text(
            f"{self.employer} {self.year}: {self.meeting} of {len(self.members)} members met the expectation",
            f"{self.employer} {self.year} 年：{len(self.members)} 名在职党员中 {self.meeting} 名达到要求",
        ).render(lang)
        lines = [head]
        for m in self.members:
            state = Text(
                f"{'reported' if m.reported else 'not reported'}, {m.services} services",
                f"{'已报到' if m.reported else '未报到'}，服务 {m.services} 次",
            ).render(lang)
            lines.append(f"  {m.member}: {state}{'' if m.meets else ' ✗'}")
        return "\n".join(lines)


def in_service_feedback(
    members: Iterable[PartyMember],
    reports: Iterable[ReportIn],
    services: Iterable[ServiceDone],
    year: int,
    policy: InServicePolicy | None = None,
) -> tuple[EmployerFeedback, ...]:
    """Each employer's feedback list for ``year``: its in-service members, whether each
    reported, how many services each did, and who met the expectation."""
    policy = policy if policy is not None else InServicePolicy()
    reported = {r.member for r in reports if r.day.year <= year}
    counts: dict[str, int] = {}
    for service in services:
        if service.day.year == year:
            counts[service.member] = counts.get(service.member, 0) + 1
    by_employer: dict[str, list[InServiceStanding]] = {}
    for member in members:
        if not member.in_service:
            continue
        employer = member.employer or ""
        done = counts.get(member.id, 0)
        meets = member.id in reported and done >= policy.min_services
        by_employer.setdefault(employer, []).append(
            InServiceStanding(member.id, employer, member.id in reported, done, meets)
        )
    return tuple(
        EmployerFeedback(employer, year, tuple(sorted(items, key=lambda s: s.member)))
        for employer, items in sorted(by_employer.items())
    )


# --- Party-building project funds ---------------------------------------------------------


@attrs.frozen
class Project:
    """A Party-building project (党建项目) with its budget in fen."""

    id: str
    name: str
    unit: str
    budget_fen: int
    category: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, unit=IDENT, budget_fen=int_range(0, 10**12), category=OPT_TEXT
    )


@attrs.frozen
class Spending:
    """Money spent on a project, in fen."""

    id: str
    project: str
    day: dt.date
    fen: int
    purpose: str

    __attrs_post_init__ = checks(
        id=IDENT, project=IDENT, day=DATE, fen=int_range(1, 10**12), purpose=TEXT
    )


@attrs.frozen
class FundLine:
    """A project's budget, what is spent and what remains, in fen."""

    project: str
    name: str
    budget_fen: int
    spent_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.spent_fen


def spend(
    projects: Iterable[Project], spendings: Sequence[Spending], spending: Spending
) -> tuple[Spending, ...]:
    """``spendings`` with ``spending`` added; raises
    :class:`~neighborly.errors.Refused` (``party.funds``) when it would take the
    project over its budget, :class:`~neighborly.errors.NotFound` for an unknown
    project and :class:`~neighborly.errors.Conflict` for a repeated id."""
    budgets = {p.id: p for p in projects}
    project = budgets.get(spending.project)
    if project is None:
        raise NotFound("project", spending.project)
    if any(s.id == spending.id for s in spendings):
        raise Conflict("spending", spending.id)
    spent = sum(s.fen for s in spendings if s.project == spending.project)
    if spent + spending.fen > project.budget_fen:
        over = spent + spending.fen - project.budget_fen
        raise Refused(
            "party.funds",
            Text(
                f"{spending.id}: {project.name} has {yuan(project.budget_fen - spent)} yuan left of "
                f"{yuan(project.budget_fen)}; {yuan(spending.fen)} would overspend by {yuan(over)}",
                f"{spending.id}：{project.name}预算 {yuan(project.budget_fen)} 元，余 "
                f"{yuan(project.budget_fen - spent)} 元，支出 {yuan(spending.fen)} 元将超支 {yuan(over)} 元",
            ),
            str(project.budget_fen - spent),
            str(spending.fen),
        )
    return (*spendings, spending)


def funds(projects: Iterable[Project], spendings: Iterable[Spending]) -> tuple[FundLine, ...]:
    """Each project's budget, spending and remainder, in fen."""
    spent: dict[str, int] = {}
    for s in spendings:
        spent[s.project] = spent.get(s.project, 0) + s.fen
    return tuple(FundLine(p.id, p.name, p.budget_fen, spent.get(p.id, 0)) for p in projects)


def check_funds(projects: Sequence[Project], spendings: Iterable[Spending]) -> Verdict:
    """``party.funds``: no project has spent more than its budget."""
    problems = [
        Reason(
            f'$.party.projects[?(@.id=="{line.project}")]',
            Text(
                f"{line.name}: spent {yuan(line.spent_fen)} of {yuan(line.budget_fen)} yuan "
                f"({yuan(-line.remaining_fen)} over)",
                f"{line.name}：预算 {yuan(line.budget_fen)} 元，已支出 {yuan(line.spent_fen)} 元"
                f"（超支 {yuan(-line.remaining_fen)} 元）",
            ),
            str(line.budget_fen),
            str(line.spent_fen),
        )
        for line in funds(projects, spendings)
        if line.remaining_fen < 0
    ]
    return Verdict.from_reasons(
        "party.funds",
        Text("No project overspends its budget", "党建项目不超预算"),
        problems,
        Reason(
            "$.party.projects",
            Text(f"{len(projects)} projects within budget", f"{len(projects)} 个项目均未超支"),
        ),
    )


# --- the community's Party organisation as a whole -------------------------------------------


@attrs.frozen
class Demonstration:
    """A Party-member demonstration household (党员示范户): a household and the member
    who lives there, since a day."""

    household: str
    member: str
    since: dt.date | None = None

    __attrs_post_init__ = checks(household=IDENT, member=IDENT, since=OPT_DATE)


@attrs.frozen
class Party:
    """A community's Party organisation: the units, members and positions, the
    demonstration households, the meetings held, the co-building units and their
    in-service members' reports and services, and the project funds.

    Ids are unique within each list and every reference inside (a unit's parent, a
    member's unit and group, a position's unit and member, a meeting's unit...) must
    name something here; construction fails otherwise, naming each by path.
    """

    units: tuple[PartyUnit, ...] = ()
    members: tuple[PartyMember, ...] = ()
    positions: tuple[Position, ...] = ()
    demonstrations: tuple[Demonstration, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    co_building: tuple[CoBuildingUnit, ...] = ()
    reports: tuple[ReportIn, ...] = ()
    services: tuple[ServiceDone, ...] = ()
    projects: tuple[Project, ...] = ()
    spendings: tuple[Spending, ...] = ()

    __attrs_post_init__ = checks(
        units=tuple_of(PartyUnit),
        members=tuple_of(PartyMember),
        positions=tuple_of(Position),
        demonstrations=tuple_of(Demonstration),
        meetings=tuple_of(Meeting),
        co_building=tuple_of(CoBuildingUnit),
        reports=tuple_of(ReportIn),
        services=tuple_of(ServiceDone),
        projects=tuple_of(Project),
        spendings=tuple_of(Spending),
        then=lambda party: list(_party_integrity(party)),
    )


def _party_integrity(party: Party) -> Iterator[Problem]:
    for field in ("units", "members", "meetings", "co_building", "projects", "spendings"):
        yield from duplicate_ids(field, [item.id for item in getattr(party, field)])
    units = {u.id: u for u in party.units}
    members = {m.id for m in party.members}
    a_unit = Text("a unit", "党组织")
    yield from _refs("units", "parent", [u.parent for u in party.units], units, a_unit)
    yield from _cycles(party.units)
    yield from _member_units(party.members, units)
    yield from _refs("positions", "unit", [p.unit for p in party.positions], units, a_unit)
    yield from _refs("meetings", "unit", [m.unit for m in party.meetings], units, a_unit)
    yield from _refs("projects", "unit", [p.unit for p in party.projects], units, a_unit)
    a_member = Text("a Party member", "党员")
    for field, keys in (
        ("positions", [p.member for p in party.positions]),
        ("demonstrations", [d.member for d in party.demonstrations]),
        ("reports", [r.member for r in party.reports]),
        ("services", [s.member for s in party.services]),
    ):
        yield from _refs(field, "member", keys, members, a_member)
    projects = {p.id for p in party.projects}
    yield from _refs(
        "spendings",
        "project",
        [s.project for s in party.spendings],
        projects,
        Text("a project", "党建项目"),
    )


def _refs(
    field: str, attr: str, keys: Sequence[str | None], known: Container[str], what: Text
) -> Iterator[Problem]:
    for i, key in enumerate(keys):
        if key is not None and key not in known:
            yield _nothing(f"$.{field}[{i}].{attr}", key, what)


def _member_units(
    members: Sequence[PartyMember], units: Mapping[str, PartyUnit]
) -> Iterator[Problem]:
    for i, member in enumerate(members):
        if member.unit is not None:
            unit = units.get(member.unit)
            if unit is None or unit.kind is UnitKind.GROUP:
                what = Text("a branch, general branch or committee", "党支部、党总支或党委")
                yield _nothing(f"$.members[{i}].unit", member.unit, what)
        if member.group is not None:
            group = units.get(member.group)
            if group is None or group.kind is not UnitKind.GROUP or group.parent != member.unit:
                what = Text("a Party group of the member's unit", "所在党组织下的党小组")
                yield _nothing(f"$.members[{i}].group", member.group, what)


def _nothing(path: str, key: str, what: Text) -> Problem:
    return Problem(
        path,
        Text(f"the id of {what.en} here", f"本组织中{what.zh}的标识"),
        Text(f'"{key}", which names nothing here', f"“{key}”，无此对象"),
    )


def _cycles(units: Sequence[PartyUnit]) -> Iterator[Problem]:
    parents = {u.id: u.parent for u in units}
    for i, unit in enumerate(units):
        seen = {unit.id}
        parent = unit.parent
        while parent is not None and parent in parents:
            if parent in seen:
                yield Problem(
                    f"$.units[{i}].parent",
                    Text(
                        "a parent that does not lead back to the unit itself",
                        "不构成循环的上级组织",
                    ),
                    Text(f'"{unit.parent}", which loops back', f"“{unit.parent}”，形成循环"),
                )
                break
            seen.add(parent)
            parent = parents[parent]


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter ``day`` falls in, first and last day.

    >>> quarter_of(dt.date(2026, 12, 31))
    (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    """
    ((first, last),) = periods(Frequency.QUARTERLY, day, day)
    return first, last


def check_party(
    party: Party,
    as_of: dt.date,
    *,
    since: dt.date | None = None,
    structure: StructurePolicy | None = None,
    meetings: MeetingPolicy | None = None,
) -> Report:
    """Every Party rule: structure, terms, meetings from ``since`` (default: the start
    of ``as_of``'s quarter) to ``as_of``, and project funds."""
    first = since if since is not None else quarter_of(as_of)[0]
    compliance = meeting_compliance(
        party.units, party.meetings, first, as_of, policy=meetings, positions=party.positions
    )
    return Report(
        (
            *check_structure(party.units, party.members, party.positions, structure),
            check_terms(party.units, as_of, structure),
            check_meetings(compliance),
            check_funds(party.projects, party.spendings),
        )
    )


# --- obligations as calendar events ------------------------------------------------------------

# Which week of the month each meeting takes by default, so one unit's meetings do not
# fall on the same day; quarterly meetings take the quarter's first month (the lecture
# its second), yearly ones December (the organisational-life meeting is "generally in
# the fourth quarter", Art. 17).
_SLOTS: Mapping[MeetingKind, tuple[int, int]] = MappingProxyType(
    {
        MeetingKind.PARTY_DAY: (1, 0),
        MeetingKind.COMMITTEE_MEETING: (2, 0),
        MeetingKind.GROUP_MEETING: (3, 0),
        MeetingKind.GENERAL_MEETING: (4, 0),
        MeetingKind.LECTURE: (4, 1),
        MeetingKind.ORG_LIFE: (2, 0),
        MeetingKind.APPRAISAL: (3, 0),
    }
)


def meeting_events(
    unit: PartyUnit,
    starting: dt.date,
    venue: str,
    hours: tuple[dt.time, dt.time],
    *,
    weekday: int = 4,
    with_committee: bool = False,
    policy: MeetingPolicy | None = None,
    zone: dt.tzinfo = DEFAULT_ZONE,
) -> tuple[Event, ...]:
    """A unit's meeting obligations as recurring events for :mod:`neighborly.scheduling`:
    monthly ones on the n-th ``weekday`` (0 Monday ... 6 Sunday; by default Friday) of
    every month, a different week for each kind, quarterly ones in the quarter's first
    (or second) month, yearly ones in December; from ``starting`` on, at ``venue``."""
    policy = policy if policy is not None else MeetingPolicy()
    made = []
    day = rrule_day(weekday)
    quarter_start = quarter_of(starting)[0]
    for obligation in policy.obligations:
        if unit.kind not in obligation.units or (obligation.needs_committee and not with_committee):
            continue
        nth, offset = _SLOTS[obligation.kind]
        if obligation.frequency is Frequency.MONTHLY:
            rule, first = f"FREQ=MONTHLY;BYDAY={nth}{day}", starting
        elif obligation.frequency is Frequency.QUARTERLY:
            rule = f"FREQ=MONTHLY;INTERVAL=3;BYDAY={nth}{day}"
            first = quarter_start + relativedelta(months=offset)
        else:
            rule, first = f"FREQ=YEARLY;BYMONTH=12;BYDAY={nth}{day}", dt.date(starting.year, 1, 1)
        recurrence = Recurrence(dt.datetime.combine(first, hours[0], tzinfo=zone), rule=rule)
        made.append(
            recurring_event(
                f"{unit.id}-{obligation.kind.value}",
                f"{unit.name}{obligation.kind.label.zh}",
                venue,
                recurrence,
                hours[1],
                organiser=unit.name,
                kind=f"party:{obligation.kind.value}",
            )
        )
    return tuple(made)


# --- ids and references, declared ----------------------------------------------------

PARTY_UNIT = Kind("party_unit", Text("a Party unit", "党组织"))
PARTY_MEMBER = Kind("party_member", Text("a Party member", "党员"))
PARTY_MEETING = Kind("party_meeting", Text("a Party meeting", "党组织会议"))
CO_BUILDING_UNIT = Kind("co_building_unit", Text("a co-building unit", "共建单位"))
PROJECT = Kind("project", Text("a Party-building project", "党建项目"))
SPENDING = Kind("spending", Text("a spending", "支出"))

PARTY_DECLARED = Declarations(
    ids=(
        Ids("units[*].id", PARTY_UNIT),
        Ids("members[*].id", PARTY_MEMBER),
        Ids("meetings[*].id", PARTY_MEETING),
        Ids("co_building[*].id", CO_BUILDING_UNIT),
        Ids("projects[*].id", PROJECT),
        Ids("spendings[*].id", SPENDING),
    ),
    refs=(
        Ref(
            "units[*].places[*]", PLACE_KINDS, what=Text("a place of the community", "本社区的地点")
        ),
        Ref("units[*].grids[*]", ("grid",)),
        Ref("members[*].resident", ("resident",)),
        Ref("demonstrations[*].household", ("household",)),
    ),
)
"""What the Party organisation defines (units, members, meetings, co-building units,
projects, spendings) and the places, grids, residents and households it names."""
