"""The property company (物业服务企业) as the community sees it: the compounds it serves
and since when, its Party branch, the joint meetings it holds with the community
(the "red property" model: Party-led property service meeting the community at one
table), and the activities it holds for residents.

Owners who replace their property company may write duties into the new contract:
Gongyi's owners asked the new company to hold activities on every statutory and
traditional holiday.  :class:`HolidayDuty` says which; it is asked either by the
company's own contract (``PropertyCompany.duty``) or of every company by a locality's
policy (``Policies.property``), and the rule ``property.holiday_activities`` judges
the union of the two.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    OPT_DATE,
    TEXT,
    TEXTS,
    Where,
    checks,
    duplicate_ids,
    enum_set,
    int_range,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.calendar import (
    FESTIVAL_RULES,
    Festival,
    HolidayCalendar,
    festival_days,
    holiday_arrangement,
)
from neighborly.errors import NotFound, Problem
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.text import Text
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "HOLIDAY_ACTIVITIES_RULE",
    "PROPERTY_COMPANY_DECLARED",
    "RULES",
    "CompanyActivity",
    "HolidayDuty",
    "JointMeeting",
    "JointParty",
    "PropertyCompany",
    "check_holiday_activities",
]


class JointParty(str, enum.Enum):
    """Who sits at a joint meeting (联席会议)."""

    COMMUNITY_PARTY = "community_party"  # 社区党组织
    RESIDENTS_COMMITTEE = "residents_committee"  # 居委会
    OWNERS_COMMITTEE = "owners_committee"  # 业委会 (or the working committee)
    PROPERTY_COMPANY = "property_company"  # 物业服务企业
    STREET = "street"  # 街道
    OTHER = "other"


@attrs.frozen(eq=False, repr=False)
class JointMeeting(Model):
    """A joint meeting of the property company with the community: the day, who sat
    at it (the company and at least one other) and what it took up."""

    id: str
    day: dt.date
    parties: frozenset[JointParty]
    topics: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        day=DATE,
        parties=enum_set(JointParty),
        topics=TEXTS,
        where=(
            Where(
                "_company in self.parties and len(self.parties) >= 2",
                "$.parties",
                Text(
                    "the property company and at least one other party",
                    "物业服务企业及至少另一方",
                ),
                {"_company": JointParty.PROPERTY_COMPANY},
                shows="parties",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class CompanyActivity(Model):
    """An activity the property company held for residents, on ``day``; ``event``
    names the community's event for it where there is one."""

    id: str
    day: dt.date
    title: str
    event: str | None = None

    __attrs_post_init__ = checks(id=IDENT, day=DATE, title=TEXT, event=opt(IDENT))


@attrs.frozen(eq=False, repr=False)
class HolidayDuty(Model):
    """Which holidays the property company must hold an activity on: every official
    public holiday (``holidays``: some day of each holiday period of the year's
    arrangement), and the traditional ``festivals`` named; an activity up to
    ``days_around`` days before or after counts.  The default asks for nothing."""

    holidays: bool = False
    festivals: frozenset[Festival] = frozenset()
    days_around: int = 0

    __attrs_post_init__ = checks(
        holidays=BOOL, festivals=enum_set(Festival), days_around=int_range(0, 30)
    )

    def asks(self) -> bool:
        """Whether it asks for any activity at all."""
        return self.holidays or bool(self.festivals)

    def joined(self, other: HolidayDuty) -> HolidayDuty:
        """Both duties at once: every holiday either asks for, within the wider days."""
        return HolidayDuty(
            self.holidays or other.holidays,
            self.festivals | other.festivals,
            max(self.days_around, other.days_around),
        )


@attrs.frozen(eq=False, repr=False)
class PropertyCompany(Model):
    """A property company serving some of the community's compounds from ``serves_from``
    (to ``serves_until`` when it was replaced), with its Party branch (a unit of the
    community's Party organisation) where it has one, its joint meetings, the
    activities it held, and the holiday duty its contract sets."""

    id: str
    name: str
    compounds: tuple[str, ...]
    serves_from: dt.date
    serves_until: dt.date | None = None
    party_branch: str | None = None
    joint_meetings: tuple[JointMeeting, ...] = ()
    activities: tuple[CompanyActivity, ...] = ()
    duty: HolidayDuty = attrs.field(factory=HolidayDuty)

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        compounds=tuple_of(str),
        serves_from=DATE,
        serves_until=OPT_DATE,
        party_branch=opt(IDENT),
        joint_meetings=tuple_of(JointMeeting),
        activities=tuple_of(CompanyActivity),
        duty=of_type(HolidayDuty),
        where=(
            Where(
                "self.serves_until is None or self.serves_until >= self.serves_from",
                "$.serves_until",
                Text("a day no earlier than serves_from", "不早于 serves_from 的日期"),
                shows="serves_until",
            ),
        ),
        then=lambda company: list(_company_problems(company)),
    )


def _company_problems(company: PropertyCompany) -> Iterator[Problem]:
    yield from duplicate_ids("compounds", company.compounds, key="compound")


HOLIDAY_ACTIVITIES_RULE = Rule(
    "property.holiday_activities",
    Text(
        "The property company held an activity on each holiday asked of it",
        "物业服务企业在要求的节假日均开展活动",
    ),
    Text(
        "the property service contract or a local policy (HolidayDuty)",
        "物业服务合同或地方政策（HolidayDuty）",
    ),
    basis=(
        "BRIEF.md Owners and property management: the new property company must hold activities "
        "on all statutory and traditional holidays; FACTS.md §9 for the holidays"
    ),
    reads=Text(
        "the property company's activities and the holiday calendar",
        "物业服务企业的活动与节假日安排",
    ),
    policy="property",
)

RULES: tuple[Rule, ...] = (HOLIDAY_ACTIVITIES_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def _due(
    company: PropertyCompany,
    duty: HolidayDuty,
    as_of: dt.date,
    calendar: HolidayCalendar | None,
) -> tuple[list[tuple[Text, dt.date, dt.date]], list[Reason]]:
    """The holidays of ``as_of``'s year over by ``as_of`` while the company served
    (name, first and last day, widened by the days around), and a reason for a year
    the calendar lacks."""
    year = as_of.year
    around = dt.timedelta(days=duty.days_around)
    wanted: list[tuple[Text, dt.date, dt.date]] = []
    unknown: list[Reason] = []
    if duty.holidays:
        try:
            periods = holiday_arrangement(year, calendar).periods
        except NotFound:
            unknown.append(
                Reason(
                    "$.activities",
                    Text(
                        f"the holiday calendar has no arrangement for {year}: the official "
                        "holidays cannot be checked (add the year's notice to the calendar)",
                        f"节假日安排缺少 {year} 年：无法检查法定节假日（请补充该年通知）",
                    ),
                    f"the {year} arrangement",
                    "none",
                )
            )
            periods = ()
        wanted.extend((p.name, p.first - around, p.last + around) for p in periods)
    for festival in sorted(duty.festivals, key=list(Festival).index):
        name = FESTIVAL_RULES[festival].name
        wanted.extend((name, day - around, day + around) for day in festival_days(festival, year))
    served = [
        (name, first, last)
        for name, first, last in wanted
        if last < as_of
        and first >= company.serves_from
        and (company.serves_until is None or last <= company.serves_until)
    ]
    return sorted(served, key=lambda w: w[1]), unknown


def _any_between(days: list[dt.date], first: dt.date, last: dt.date) -> bool:
    at = bisect.bisect_left(days, first)
    return at < len(days) and days[at] <= last


def check_holiday_activities(
    company: PropertyCompany,
    as_of: dt.date,
    policy: HolidayDuty | None = None,
    *,
    calendar: HolidayCalendar | None = None,
) -> Verdict:
    """``property.holiday_activities``: for each holiday of ``as_of``'s year that the
    company's duty (its contract's, joined with ``policy``) asks for, over before
    ``as_of`` and within the company's service, an activity held on one of its days
    (or the days around it the duty allows).  Official holidays come from
    ``calendar`` (the shipped years when None); a year it lacks is named as a
    problem rather than guessed."""
    duty = company.duty.joined(policy) if policy is not None else company.duty
    due, problems = _due(company, duty, as_of, calendar)
    days = sorted(a.day for a in company.activities)
    missed = [
        (name, first, last) for name, first, last in due if not _any_between(days, first, last)
    ]
    for name, first, last in missed:
        problems.append(
            Reason(
                "$.activities",
                Text(
                    f"no activity for {name.en} ({first} to {last})",
                    f"{name.zh}（{first} 至 {last}）未开展活动",
                ),
                f"an activity {first}..{last}",
                "none",
            )
        )
    held = len(due) - len(missed)
    return HOLIDAY_ACTIVITIES_RULE.judge(
        problems,
        Reason(
            "$.activities",
            Text(
                f"{company.name}: an activity for {held} of {len(due)} holidays of {as_of.year} "
                "so far",
                f"{company.name}：{as_of.year} 年已过的 {len(due)} 个节假日中 {held} 个开展了活动",
            ),
        ),
    )


# --- ids and references, declared ----------------------------------------------------

PROPERTY_COMPANY = Kind("property_company", Text("a property company", "物业服务企业"))
JOINT_MEETING = Kind("joint_meeting", Text("a joint meeting", "联席会议"))
COMPANY_ACTIVITY = Kind("company_activity", Text("a property company's activity", "物业活动"))

PROPERTY_COMPANY_DECLARED = Declarations(
    ids=(
        Ids("id", PROPERTY_COMPANY),
        Ids("joint_meetings[*].id", JOINT_MEETING),
        Ids("activities[*].id", COMPANY_ACTIVITY),
    ),
    refs=(
        Ref("compounds[*]", ("compound",)),
        Ref("party_branch", ("party_unit",)),
        Ref("activities[*].event", ("event",)),
    ),
)
"""A property company defines its id and its meetings' and activities' ids, and names
the compounds it serves, its Party branch and the events of its activities."""
