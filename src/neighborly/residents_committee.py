"""The residents' committee (居民委员会): its size, its area, its term, its residents'
groups and the residents' meeting, under the Organic Law of Urban Residents'
Committees (城市居民委员会组织法).

The law was amended in 2018 and revised in 2025; the revision is in force from
2026-01-01.  What each rule reads, and from which text:

* area (``residents.area``): generally 100 to 700 households (2018 text Art. 6) for a
  day before 2026-01-01; generally 1,000 to 3,000 households (2025 text Art. 3) from
  then on.  "Generally": a government may set a committee up outside the range, so
  a policy can widen it;
* size (``residents.size``): a director, deputy directors and members, 5 to 9 in all
  (2018 text Art. 7);
* term (``residents.term``): 5 years, members re-electable (2018 text Art. 8);
* the residents' meeting (``residents.meeting``): held only with more than half of
  the residents of 18 or over, of the households' representatives or of the groups'
  representatives present; its decisions by more than half of those present (2018
  text Art. 9);
* requisition (``residents.requisition``): the committee must convene a meeting
  when 1/5 or more of the residents of 18 or over, 1/5 or more of the households or
  1/3 or more of the residents' groups propose one (2018 text Art. 10; "以上"
  includes the number itself, Civil Code Art. 1259).  The law sets no number of
  days; a local rule gives one in the policy.

The articles of the 2025 text on size, term, meetings and requisition could not be
checked against its published text; for days from 2026-01-01 those rules use the
2018 numbers and their verdicts say so.  A policy that gives the 2025 numbers
replaces them.

    >>> committee = ResidentsCommittee(
    ...     seats=(CommitteeMember("r0", CommitteeRole.DIRECTOR),
    ...            *(CommitteeMember(f"r{i}", CommitteeRole.MEMBER) for i in range(1, 7))),
    ...     elected=dt.date(2021, 6, 1))
    >>> check_size(committee).passed
    True
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterator

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_DATE,
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
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.owners.votes import Threshold
from neighborly.places import HoldsPlaces, residents_of
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Report, Rule, Verdict

__all__ = [
    "AREA_RULE",
    "MEETING_RULE",
    "REQUISITION_RULE",
    "RESIDENTS_COMMITTEE_DECLARED",
    "RESIDENTS_GROUP",
    "REVISION_IN_FORCE",
    "RULES",
    "SIZE_RULE",
    "TERM_RULE",
    "Attendance",
    "CommitteeMember",
    "CommitteeRole",
    "MeetingDecision",
    "Requisition",
    "ResidentsCommittee",
    "ResidentsCommitteePolicy",
    "ResidentsGroup",
    "ResidentsMeeting",
    "check_area",
    "check_meetings",
    "check_requisitions",
    "check_residents_committee",
    "check_size",
    "check_term",
]

REVISION_IN_FORCE = dt.date(2026, 1, 1)
"""The day the 2025 revision of the Organic Law came into force."""


class CommitteeRole(str, enum.Enum):
    """A seat on the committee (2018 text Art. 7)."""

    DIRECTOR = "director"  # 主任
    DEPUTY = "deputy"  # 副主任
    MEMBER = "member"  # 委员


@attrs.frozen(eq=False, repr=False)
class CommitteeMember(Model):
    """A member of the committee: a resident id and their seat."""

    resident: str
    role: CommitteeRole

    __attrs_post_init__ = checks(resident=IDENT, role=is_enum(CommitteeRole))


@attrs.frozen(eq=False, repr=False)
class ResidentsGroup(Model):
    """A residents' group (居民小组, 2018 text Art. 14): its households (ids) and the
    leader the group chose (a resident id, if chosen)."""

    id: str
    name: str
    households: tuple[str, ...] = ()
    leader: str | None = None

    __attrs_post_init__ = checks(id=IDENT, name=TEXT, households=tuple_of(str), leader=opt(IDENT))


class Attendance(str, enum.Enum):
    """Who a residents' meeting (or a requisition) is made of (2018 text Arts. 9-10)."""

    ADULTS = "adults"  # every resident of 18 or over
    HOUSEHOLDS = "households"  # one representative of each household
    GROUPS = "groups"  # representatives of the residents' groups


@attrs.frozen(eq=False, repr=False)
class MeetingDecision(Model):
    """A decision a residents' meeting took: its title and how many present agreed."""

    title: str
    agreed: int

    __attrs_post_init__ = checks(title=TEXT, agreed=int_range(0, 100_000_000))


@attrs.frozen(eq=False, repr=False)
class ResidentsMeeting(Model):
    """A residents' meeting (居民会议) as its minutes count it: who it is made of, how
    many were due (``entitled``) and present, its decisions, and the requisition it
    answers (an id of :attr:`ResidentsCommittee.requisitions`), if any."""

    id: str
    held: dt.date
    attendance: Attendance
    entitled: int
    present: int
    decisions: tuple[MeetingDecision, ...] = ()
    requisition: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        held=DATE,
        attendance=is_enum(Attendance),
        entitled=int_range(1, 100_000_000),
        present=int_range(0, 100_000_000),
        decisions=tuple_of(MeetingDecision),
        requisition=opt(IDENT),
        where=(
            Where(
                "self.present <= self.entitled",
                "$.present",
                Text("no more present than were due", "到会人数不超过应到人数"),
                shows="present",
            ),
            Where(
                "all(d.agreed <= self.present for d in self.decisions)",
                "$.decisions",
                Text("no decision agreed by more than were present", "同意人数不超过到会人数"),
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class Requisition(Model):
    """A proposal to convene a residents' meeting (2018 text Art. 10): the day it was
    received, who proposes (``by``) and their ids (residents, households or groups)."""

    id: str
    received: dt.date
    by: Attendance
    supporters: tuple[str, ...]
    matter: str

    __attrs_post_init__ = checks(
        id=IDENT,
        received=DATE,
        by=is_enum(Attendance),
        supporters=tuple_of(str),
        matter=TEXT,
    )


@attrs.frozen(eq=False, repr=False)
class ResidentsCommittee(Model):
    """The residents' committee: its seats, the day it was elected (and the election
    in the community's ``elections`` it came from), its residents' groups, meetings
    and requisitions."""

    seats: tuple[CommitteeMember, ...]
    elected: dt.date
    election: str | None = None
    groups: tuple[ResidentsGroup, ...] = ()
    meetings: tuple[ResidentsMeeting, ...] = ()
    requisitions: tuple[Requisition, ...] = ()
    next_elected: dt.date | None = None

    __attrs_post_init__ = checks(
        seats=tuple_of(CommitteeMember),
        elected=DATE,
        election=opt(IDENT),
        groups=tuple_of(ResidentsGroup),
        meetings=tuple_of(ResidentsMeeting),
        requisitions=tuple_of(Requisition),
        next_elected=OPT_DATE,
        then=lambda committee: list(_committee_problems(committee)),
    )


def _committee_problems(committee: ResidentsCommittee) -> Iterator[Problem]:
    yield from duplicate_ids("seats", [s.resident for s in committee.seats], key="resident")
    directors = sum(1 for s in committee.seats if s.role is CommitteeRole.DIRECTOR)
    if directors > 1:
        yield Problem(
            "$.seats",
            Text("at most one director", "主任至多一名"),
            Text(f"{directors} directors", f"{directors} 名主任"),
        )
    yield from duplicate_ids("meetings", [m.id for m in committee.meetings])
    yield from duplicate_ids("requisitions", [r.id for r in committee.requisitions])
    known = {r.id for r in committee.requisitions}
    for i, meeting in enumerate(committee.meetings):
        if meeting.requisition is not None and meeting.requisition not in known:
            yield Problem(
                f"$.meetings[{i}].requisition",
                Text("the id of a requisition of this committee", "本居委会收到的提议的标识"),
                Text.same(meeting.requisition),
            )
    if committee.next_elected is not None and committee.next_elected <= committee.elected:
        yield Problem(
            "$.next_elected",
            Text("a day after the election", "晚于本届选举日"),
            Text.same(committee.next_elected.isoformat()),
        )


# --- policy ----------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class ResidentsCommitteePolicy(Model):
    """The numbers of the residents' committee rules.  Each is None for the law in
    force on the day (see the module's description), or a local number."""

    min_households: int | None = None
    max_households: int | None = None
    min_members: int = 5
    max_members: int = 9
    term_years: int = 5
    meeting_quorum: Threshold = attrs.field(factory=lambda: Threshold(1, 2, inclusive=False))
    decision: Threshold = attrs.field(factory=lambda: Threshold(1, 2, inclusive=False))
    adults: Threshold = attrs.field(factory=lambda: Threshold(1, 5))
    households: Threshold = attrs.field(factory=lambda: Threshold(1, 5))
    groups: Threshold = attrs.field(factory=lambda: Threshold(1, 3))
    convene_days: int | None = None

    __attrs_post_init__ = checks(
        min_households=opt(int_range(1, 1_000_000)),
        max_households=opt(int_range(1, 1_000_000)),
        min_members=int_range(1, 100),
        max_members=int_range(1, 100),
        term_years=int_range(1, 10),
        meeting_quorum=of_type(Threshold),
        decision=of_type(Threshold),
        adults=of_type(Threshold),
        households=of_type(Threshold),
        groups=of_type(Threshold),
        convene_days=opt(int_range(1, 365)),
        where=(
            Where(
                "self.min_members <= self.max_members",
                "$.max_members",
                Text("no fewer than min_members", "不少于 min_members"),
                shows="max_members",
            ),
            Where(
                "(self.min_households is None) == (self.max_households is None)"
                " and (self.min_households is None"
                " or self.min_households <= self.max_households)",
                "$.max_households",
                Text(
                    "both households bounds or neither, the least first",
                    "户数上下限同时给出或都不给出，下限不大于上限",
                ),
                shows="max_households",
            ),
        ),
    )


_TEXT_2018 = Text("城市居民委员会组织法 (2018 text)", "《城市居民委员会组织法》（2018 年文本）")
_TEXT_2025 = Text("城市居民委员会组织法 (2025 text)", "《城市居民委员会组织法》（2025 年修订）")
_UNCHECKED = Text(
    "; the 2025 revision, in force since 2026-01-01, is not checked for this number",
    "；2026 年 1 月 1 日起施行的 2025 年修订文本中相应条文未核对",
)


def _article(article: int, day: dt.date) -> Text:
    """A 2018 article, noting for a day under the 2025 text that its counterpart there
    is not checked."""
    cited = Text(f"{_TEXT_2018.en} Art. {article}", f"{_TEXT_2018.zh}第{article}条")
    if day < REVISION_IN_FORCE:
        return cited
    return Text(cited.en + _UNCHECKED.en, cited.zh + _UNCHECKED.zh)


def _scale(day: dt.date, policy: ResidentsCommitteePolicy) -> tuple[int, int, Text]:
    if policy.min_households is not None and policy.max_households is not None:
        return policy.min_households, policy.max_households, Text("the policy", "本地策略")
    if day < REVISION_IN_FORCE:
        return 100, 700, Text(f"{_TEXT_2018.en} Art. 6", f"{_TEXT_2018.zh}第六条")
    return 1_000, 3_000, Text(f"{_TEXT_2025.en} Art. 3", f"{_TEXT_2025.zh}第三条")


# --- rules -----------------------------------------------------------------------------

_READS = Text("the residents' committee and the community's places", "居委会与社区房屋住户")

AREA_RULE = Rule(
    "residents.area",
    Text("The community is of the size the law sets for a committee", "社区规模符合法定范围"),
    Text(
        "城市居民委员会组织法 (2018) Art. 6; (2025) Art. 3",
        "《城市居民委员会组织法》（2018）第六条；（2025）第三条",
    ),
    basis=(
        "FACTS.md §11 Art. 6 [V]: generally 100-700 households; §8 [V-2]: 1,000-3,000 "
        "households per committee under the 2025 revision, in force 2026-01-01"
    ),
    reads=_READS,
    policy="residents",
)

SIZE_RULE = Rule(
    "residents.size",
    Text("The committee has 5 to 9 members", "居委会成员 5 至 9 人"),
    Text("城市居民委员会组织法 (2018) Art. 7", "《城市居民委员会组织法》（2018）第七条"),
    basis="FACTS.md §11 Art. 7 [V]: a director, deputy directors and members, 5-9 in all",
    reads=_READS,
    policy="residents",
)

TERM_RULE = Rule(
    "residents.term",
    Text("The committee is within its term", "居委会在任期内"),
    Text("城市居民委员会组织法 (2018) Art. 8", "《城市居民委员会组织法》（2018）第八条"),
    basis="FACTS.md §11 Art. 8 [V]: a term of 5 years, members re-electable",
    reads=_READS,
    policy="residents",
)

MEETING_RULE = Rule(
    "residents.meeting",
    Text("Residents' meetings are held and decide as the law says", "居民会议依法举行和决定"),
    Text("城市居民委员会组织法 (2018) Art. 9", "《城市居民委员会组织法》（2018）第九条"),
    basis=(
        "FACTS.md §11 Art. 9 [V]: held only with more than half present; decisions by more "
        "than half of those present"
    ),
    reads=Text("the residents' meetings", "居民会议"),
    policy="residents",
)

REQUISITION_RULE = Rule(
    "residents.requisition",
    Text("A meeting is convened when enough residents ask", "达到法定提议人数时召集居民会议"),
    Text("城市居民委员会组织法 (2018) Art. 10", "《城市居民委员会组织法》（2018）第十条"),
    basis=(
        "FACTS.md §11 Art. 10 [V]: convened on the proposal of 1/5 or more of residents of 18 "
        "or over, 1/5 or more of households or 1/3 or more of residents' groups"
    ),
    reads=Text("the requisitions and meetings, and the community's residents", "提议、会议与居民"),
    policy="residents",
)

RULES: tuple[Rule, ...] = (AREA_RULE, SIZE_RULE, TERM_RULE, MEETING_RULE, REQUISITION_RULE)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""

_AT = "$.residents_committee"


def check_area(
    places: HoldsPlaces, as_of: dt.date, policy: ResidentsCommitteePolicy | None = None
) -> Verdict:
    """``residents.area``: the community's households within the range of the law in
    force on ``as_of`` (or the policy's)."""
    policy = policy if policy is not None else ResidentsCommitteePolicy()
    low, high, source = _scale(as_of, policy)
    households = sum(1 for _ in places.households())
    shown = Text(
        f"{number(households)} households; generally {number(low)}-{number(high)} ({source.en})",
        f"{number(households)} 户；一般为 {number(low)}-{number(high)} 户（{source.zh}）",
    )
    problems = (
        []
        if low <= households <= high
        else [
            Reason(
                "$.compounds",
                Text(
                    shown.en + ": outside the range, which needs the government's decision",
                    shown.zh + "：超出范围，须经政府决定",
                ),
                f"{low}..{high}",
                str(households),
            )
        ]
    )
    return AREA_RULE.judge(problems, Reason("$.compounds", shown))


def check_size(
    committee: ResidentsCommittee,
    policy: ResidentsCommitteePolicy | None = None,
    on: dt.date | None = None,
) -> Verdict:
    """``residents.size``: 5 to 9 members (or the policy's), a director among them."""
    policy = policy if policy is not None else ResidentsCommitteePolicy()
    day = on if on is not None else committee.elected
    size = len(committee.seats)
    low, high = policy.min_members, policy.max_members
    problems: list[Reason] = []
    if not low <= size <= high:
        problems.append(
            Reason(
                f"{_AT}.seats",
                Text(
                    f"{size} members; {low}-{high} wanted", f"成员 {size} 人，应为 {low}-{high} 人"
                ),
                f"{low}..{high}",
                str(size),
            )
        )
    if not any(s.role is CommitteeRole.DIRECTOR for s in committee.seats):
        problems.append(Reason(f"{_AT}.seats", Text("no director", "没有主任"), "director", "none"))
    source = _article(7, day)
    return SIZE_RULE.judge(
        problems,
        Reason(
            f"{_AT}.seats",
            Text(
                f"{size} members ({low}-{high}; {source.en})",
                f"成员 {size} 人（{low}-{high} 人；{source.zh}）",
            ),
        ),
    )


def check_term(
    committee: ResidentsCommittee, as_of: dt.date, policy: ResidentsCommitteePolicy | None = None
) -> Verdict:
    """``residents.term``: on ``as_of`` the committee is within its term (5 years from
    its election), or its successor has been elected (``next_elected``)."""
    policy = policy if policy is not None else ResidentsCommitteePolicy()
    ends = committee.elected + relativedelta(years=policy.term_years)
    source = _article(8, as_of)
    renewed = committee.next_elected is not None and committee.next_elected <= ends
    state = Text(
        f"elected {committee.elected}, a {policy.term_years}-year term ending {ends} ({source.en})",
        f"{committee.elected} 选举产生，任期 {policy.term_years} 年，至 {ends} 届满（{source.zh}）",
    )
    problems = []
    if as_of > ends and not renewed:
        late = (as_of - ends).days
        problems.append(
            Reason(
                f"{_AT}.elected",
                Text(
                    f"{state.en}: {late} days overdue for election",
                    f"{state.zh}：已超期 {late} 天未换届",
                ),
                ends.isoformat(),
                as_of.isoformat(),
            )
        )
    return TERM_RULE.judge(problems, Reason(f"{_AT}.elected", state))


def check_meetings(
    committee: ResidentsCommittee, policy: ResidentsCommitteePolicy | None = None
) -> Verdict:
    """``residents.meeting``: every residents' meeting had more than half of those due
    present, and every decision more than half of those present."""
    policy = policy if policy is not None else ResidentsCommitteePolicy()
    problems: list[Reason] = []
    for i, meeting in enumerate(committee.meetings):
        at = f"{_AT}.meetings[{i}]"
        if not policy.meeting_quorum.met(meeting.present, meeting.entitled):
            problems.append(
                Reason(
                    at,
                    Text(
                        f"{meeting.id}: {meeting.present} of {meeting.entitled} present; "
                        f"{policy.meeting_quorum.describe().en} "
                        f"({_share_of(policy.meeting_quorum, meeting.entitled)}) needed: not held",
                        f"{meeting.id}：应到 {meeting.entitled}，实到 {meeting.present}，需"
                        f"{policy.meeting_quorum.describe().zh}"
                        f"（{_share_of(policy.meeting_quorum, meeting.entitled)}）：会议不能举行",
                    ),
                    f"{policy.meeting_quorum.describe().en} of {meeting.entitled}",
                    str(meeting.present),
                )
            )
        for k, decision in enumerate(meeting.decisions):
            if not policy.decision.met(decision.agreed, meeting.present):
                problems.append(
                    Reason(
                        f"{at}.decisions[{k}]",
                        Text(
                            f"{decision.title}: {decision.agreed} of {meeting.present} present "
                            f"agreed; {policy.decision.describe().en} "
                            f"({_share_of(policy.decision, meeting.present)}) needed: not carried",
                            f"{decision.title}：到会 {meeting.present} 人中 {decision.agreed} 人"
                            f"同意，需{policy.decision.describe().zh}"
                            f"（{_share_of(policy.decision, meeting.present)}）：未通过",
                        ),
                        f"{policy.decision.describe().en} of {meeting.present}",
                        str(decision.agreed),
                    )
                )
    count = len(committee.meetings)
    day = max((m.held for m in committee.meetings), default=committee.elected)
    source = _article(9, day)
    return MEETING_RULE.judge(
        problems,
        Reason(
            f"{_AT}.meetings",
            Text(
                f"{count} meeting(s), each quorate, every decision carried ({source.en})",
                f"{count} 次会议，均达法定人数，决定均获通过（{source.zh}）",
            ),
        ),
    )


def _share_of(t: Threshold, whole: int) -> str:
    return number(t.share * whole)


def check_requisitions(
    committee: ResidentsCommittee,
    places: HoldsPlaces,
    as_of: dt.date,
    policy: ResidentsCommitteePolicy | None = None,
) -> Verdict:
    """``residents.requisition``: every requisition backed by enough residents (1/5 of
    those of 18 or over on the day received; residents whose age is not recorded are
    not counted), households (1/5) or residents' groups (1/3) has been answered by a
    meeting naming it, and, where the policy sets ``convene_days``, within them.
    Without a number of days (the law sets none) a requisition not yet answered is
    listed on a passing verdict."""
    policy = policy if policy is not None else ResidentsCommitteePolicy()
    answered = {m.requisition: m for m in committee.meetings if m.requisition is not None}
    electorate = _Electorate.of(committee, places)
    problems: list[Reason] = []
    notes: list[Reason] = []
    for i, requisition in enumerate(committee.requisitions):
        at = f"{_AT}.requisitions[{i}]"
        backed, figures = _backing(requisition, electorate, policy)
        if not backed:
            notes.append(
                Reason(
                    at,
                    Text(
                        f"{requisition.id}: {figures.en}: not enough to require a meeting",
                        f"{requisition.id}：{figures.zh}：未达到必须召集的人数",
                    ),
                )
            )
            continue
        meeting = answered.get(requisition.id)
        due = (
            requisition.received + dt.timedelta(days=policy.convene_days)
            if policy.convene_days is not None
            else None
        )
        if meeting is not None and (due is None or meeting.held <= due):
            notes.append(
                Reason(
                    at,
                    Text(
                        f"{requisition.id}: {figures.en}; convened {meeting.held}",
                        f"{requisition.id}：{figures.zh}；已于 {meeting.held} 召集",
                    ),
                )
            )
        elif due is not None and (meeting is not None or as_of > due):
            held = (
                Text(f"convened {meeting.held}", f"{meeting.held} 才召集")
                if meeting is not None
                else Text("not convened", "尚未召集")
            )
            problems.append(
                Reason(
                    at,
                    Text(
                        f"{requisition.id}: {figures.en}; due by {due}, {held.en}",
                        f"{requisition.id}：{figures.zh}；应于 {due} 前召集，{held.zh}",
                    ),
                    due.isoformat(),
                    meeting.held.isoformat() if meeting is not None else "none",
                )
            )
        else:
            notes.append(
                Reason(
                    at,
                    Text(
                        f"{requisition.id}: {figures.en}; a meeting must be convened (the law "
                        "sets no number of days)",
                        f"{requisition.id}：{figures.zh}；应当召集居民会议（法律未规定期限）",
                    ),
                )
            )
    if problems:
        return REQUISITION_RULE.verdict(passed=False, reasons=[*problems, *notes])
    return REQUISITION_RULE.verdict(
        passed=True,
        reasons=notes
        or [
            Reason(
                f"{_AT}.requisitions",
                Text("no requisition to answer", "没有待答复的提议"),
            )
        ],
    )


@attrs.define
class _Electorate:
    """Who may propose a meeting, gathered once for all requisitions: households,
    groups, and the residents by birth date (sorted) or recorded age, so that the
    adults on any day are counted without walking the residents again."""

    households: frozenset[str]
    groups: frozenset[str]
    born: list[dt.date]
    recorded_adults: int
    residents: dict[str, tuple[dt.date | None, int | None]]

    @classmethod
    def of(cls, committee: ResidentsCommittee, places: HoldsPlaces) -> _Electorate:
        people = {r.id: (r.birth_date, r.age) for r in residents_of(places.compounds)}
        born = sorted(b for b, _ in people.values() if b is not None)
        recorded = sum(1 for b, age in people.values() if b is None and (age or 0) >= _ADULT)
        return cls(
            frozenset(h.id for h in places.households()),
            frozenset(g.id for g in committee.groups),
            born,
            recorded,
            people,
        )

    def adults_on(self, day: dt.date) -> int:
        """Residents of 18 or over on ``day`` (as :meth:`Resident.age_on` counts)."""
        cutoff = day - relativedelta(years=_ADULT)
        return bisect.bisect_right(self.born, cutoff) + self.recorded_adults

    def adult(self, who: str, day: dt.date) -> bool:
        found = self.residents.get(who)
        if found is None:
            return False
        born, age = found
        if born is None:
            return (age or 0) >= _ADULT
        return born <= day - relativedelta(years=_ADULT)


def _backing(
    requisition: Requisition,
    electorate: _Electorate,
    policy: ResidentsCommitteePolicy,
) -> tuple[bool, Text]:
    """Whether the supporters reach the share, and the figures."""
    day = requisition.received
    supporters = set(requisition.supporters)
    if requisition.by is Attendance.ADULTS:
        part = sum(1 for who in supporters if electorate.adult(who, day))
        whole, share = electorate.adults_on(day), policy.adults
        what = Text("residents of 18 or over", "十八周岁以上的居民")
    elif requisition.by is Attendance.HOUSEHOLDS:
        part = len(supporters & electorate.households)
        whole, share = len(electorate.households), policy.households
        what = Text("households", "户")
    else:
        part = len(supporters & electorate.groups)
        whole, share = len(electorate.groups), policy.groups
        what = Text("residents' groups", "居民小组")
    met = whole > 0 and share.met(part, whole)
    needed = share.least(whole) if whole else 0
    return met, Text(
        f"{number(part)} of {number(whole)} {what.en} propose it; {share.describe().en} "
        f"({number(needed)}) needed",
        f"{number(whole)} 个{what.zh}中 {number(part)} 个提议；需{share.describe().zh}"
        f"（{number(needed)}）",
    )


_ADULT = 18


def check_residents_committee(
    committee: ResidentsCommittee,
    places: HoldsPlaces,
    as_of: dt.date,
    policy: ResidentsCommitteePolicy | None = None,
) -> Report:
    """Every rule of this module, in order: area, size, term, meetings, requisitions."""
    return Report(
        (
            check_area(places, as_of, policy),
            check_size(committee, policy, as_of),
            check_term(committee, as_of, policy),
            check_meetings(committee, policy),
            check_requisitions(committee, places, as_of, policy),
        )
    )


# --- ids and references, declared ----------------------------------------------------

RESIDENTS_GROUP = Kind("residents_group", Text("a residents' group", "居民小组"))

RESIDENTS_COMMITTEE_DECLARED = Declarations(
    ids=(Ids("groups[*].id", RESIDENTS_GROUP),),
    refs=(
        Ref("seats[*].resident", ("resident",)),
        Ref("groups[*].households[*]", ("household",)),
        Ref("groups[*].leader", ("resident",)),
        Ref("election", ("election",)),
    ),
)
"""The committee defines its residents' groups' ids and names its members (residents),
its groups' households and leaders, and the election it came from."""
