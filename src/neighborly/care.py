"""Elder care (为老服务): the roster of the very old, festival visits and meal help.

Communities keep a roster of residents aged 80 and over (高龄老人) and visit them, and
needy households, at the Spring Festival and other festivals; elders eat at or have
meals delivered from meal-help points (助餐点).  Ages come from birth dates as of a
given day (a resident turns 80 on their 80th birthday; one born on 29 February turns
a year older on 1 March in a common year), or from the recorded age when no birth
date is known.

    >>> import datetime as dt
    >>> from neighborly.sample import sample_community
    >>> roster = elder_roster(sample_community(), dt.date(2026, 11, 22))
    >>> len(roster), roster[0].age >= 80
    (121, True)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

import attrs
from attrs import AttrsInstance

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    WEEKDAYS,
    Where,
    checks,
    enum_set,
    int_range,
    opt,
)
from neighborly._model import Model
from neighborly.calendar import Festival, festival_days
from neighborly.errors import Refused
from neighborly.grids import HoldsGrids, TeamKind
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.personal import PERSONAL, tags_repr
from neighborly.places import Resident, ResidentTag
from neighborly.services import HoldsFacilities
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "MEALS_RULE",
    "MEAL_ENROLMENT",
    "MEAL_ENROLMENT_DECLARED",
    "RULES",
    "AgeSource",
    "CarePolicy",
    "Elder",
    "HoldsMealHelp",
    "MealEnrolment",
    "MealPolicy",
    "MealsServed",
    "Visit",
    "check_meal_help",
    "elder_roster",
    "enrol",
    "meals_on",
    "next_visits",
    "visit_plan",
]


class AgeSource(str, enum.Enum):
    """Where an age came from: the birth date (exact on any day) or the recorded age
    (as written down, which does not grow older by itself)."""

    BIRTH_DATE = "birth_date"
    RECORDED = "recorded"


_DEFAULT_FESTIVALS = frozenset(
    {Festival.SPRING_FESTIVAL, Festival.MID_AUTUMN, Festival.DOUBLE_NINTH}
)
_DEFAULT_NEEDY = frozenset(
    {ResidentTag.ELDER_LIVING_ALONE, ResidentTag.DISABLED, ResidentTag.LOW_INCOME}
)


@attrs.frozen(eq=False, repr=False)
class CarePolicy(Model):
    """Who is on the roster and visited, and when.

    ``min_age`` is 80 (高龄); ``festivals`` are the Spring Festival, Mid-Autumn and the
    Double Ninth (Seniors' Day) by default; visits happen in the ``days_before`` days up
    to and including the festival; residents with a ``needy`` tag (elders living alone,
    the disabled, low-income residents) are visited whatever their age.
    """

    min_age: int = 80
    festivals: frozenset[Festival] = _DEFAULT_FESTIVALS
    days_before: int = 7
    needy: frozenset[ResidentTag] = _DEFAULT_NEEDY

    __attrs_post_init__ = checks(
        min_age=int_range(0, 150),
        festivals=enum_set(Festival),
        days_before=int_range(0, 60),
        needy=enum_set(ResidentTag),
    )


@attrs.frozen(eq=False, repr=False)
class Elder(Model):
    """One resident on the roster as of a day: where they live, their age and its
    source, whether they live alone, their tags and whether they are enrolled for
    meal help."""

    resident: str
    household: str
    building: str
    age: int
    age_source: AgeSource
    living_alone: bool
    tags: frozenset[ResidentTag] = attrs.field(repr=tags_repr, metadata=PERSONAL)
    meal_help: bool


class HoldsMealHelp(HoldsGrids, HoldsFacilities, AttrsInstance, Protocol):
    """What the care rules need of a community: its places, grids and service teams, the
    facilities (meal-help points among them) and the elders' meal-help enrolments."""

    @property
    def meal_help(self) -> tuple[MealEnrolment, ...]:
        """The meal-help enrolments, in the order they were made."""


_C = TypeVar("_C", bound=HoldsMealHelp)

# attrs.evolve typed loosely: mypy's attrs plugin cannot see that a type variable bound
# to a protocol is an attrs class, though every holder of meal help is one
# (HoldsMealHelp includes AttrsInstance).
_evolve: Callable[..., Any] = attrs.evolve


def _places(community: HoldsMealHelp) -> Iterator[tuple[str, str, int, Resident]]:
    """(building id, household id, household size, resident) for every resident."""
    for compound in community.compounds:
        for building in compound.buildings:
            for household in building.households():
                for resident in household.occupants:
                    yield building.id, household.id, len(household.occupants), resident


def elder_roster(
    community: HoldsMealHelp, as_of: dt.date, policy: CarePolicy | None = None
) -> tuple[Elder, ...]:
    """Residents aged ``policy.min_age`` (80) or over on ``as_of``, oldest first (then by
    resident id).  A resident turning 80 on ``as_of`` is on it; a resident with neither
    birth date nor recorded age is not (see :func:`~neighborly.community.summarize` for
    how many such residents there are).  Living alone: the only occupant of the
    household, or tagged ``elder_living_alone``."""
    policy = policy if policy is not None else CarePolicy()
    enrolled = {
        e.resident
        for e in community.meal_help
        if e.starts <= as_of and (e.ends is None or as_of <= e.ends)
    }
    roster = []
    for building, household, size, resident in _places(community):
        age = resident.age_on(as_of)
        if age is None or age < policy.min_age:
            continue
        roster.append(
            Elder(
                resident.id,
                household,
                building,
                age,
                AgeSource.BIRTH_DATE if resident.birth_date is not None else AgeSource.RECORDED,
                size == 1 or ResidentTag.ELDER_LIVING_ALONE in resident.tags,
                resident.tags,
                resident.id in enrolled,
            )
        )
    roster.sort(key=lambda e: (-e.age, e.resident))
    return tuple(roster)


@attrs.frozen(eq=False, repr=False)
class Visit(Model):
    """A planned festival visit: whom, for which festival, in which days, by which team
    (an elder-care team whose grids cover the household, if any), and why (``80+``
    or the needy tags)."""

    resident: str
    household: str
    festival: Festival
    first_day: dt.date
    last_day: dt.date
    team: str | None
    reason: str


def visit_plan(
    community: HoldsMealHelp, year: int, policy: CarePolicy | None = None
) -> tuple[Visit, ...]:
    """Every visit due in ``year``: each resident aged ``min_age`` or over on the
    festival day, or carrying a ``needy`` tag, once for each of the policy's festivals
    that falls in ``year`` (dates from :func:`~neighborly.calendar.festival_days`), in
    date order, then by resident.  The visiting team is the first elder-care team (by
    id) whose grids cover the household."""
    policy = policy if policy is not None else CarePolicy()
    teams = _care_teams(community)
    people = list(_places(community))
    visits = [
        visit
        for festival in sorted(policy.festivals, key=lambda f: f.value)
        for day in festival_days(festival, year)
        for visit in _visits_on(people, teams, festival, day, policy)
    ]
    visits.sort(key=lambda v: (v.last_day, v.resident))
    return tuple(visits)


def next_visits(
    community: HoldsMealHelp, as_of: dt.date, policy: CarePolicy | None = None
) -> tuple[Visit, ...]:
    """The visits of the first festival day on or after ``as_of`` that has any, this
    year or next (what :func:`visit_plan` lists for that day), by resident.  One pass
    over the residents per festival day tried, not a year's plan."""
    policy = policy if policy is not None else CarePolicy()
    days = sorted(
        (day, festival.value, festival)
        for year in (as_of.year, as_of.year + 1)
        for festival in policy.festivals
        for day in festival_days(festival, year)
        if day >= as_of
    )
    if not days or not community.compounds:
        return ()
    teams = _care_teams(community)
    people = list(_places(community))
    for first in sorted({day for day, _, _ in days}):
        visits = [
            visit
            for day, _, festival in days
            if day == first
            for visit in _visits_on(people, teams, festival, day, policy)
        ]
        if visits:
            visits.sort(key=lambda v: v.resident)
            return tuple(visits)
    return ()


def _visits_on(
    people: list[tuple[str, str, int, Resident]],
    teams: dict[str, str],
    festival: Festival,
    day: dt.date,
    policy: CarePolicy,
) -> Iterator[Visit]:
    """The visits due for ``festival`` on ``day``."""
    first_day = day - dt.timedelta(days=policy.days_before)
    for _, household, _, resident in people:
        age = resident.age_on(day)
        old = age is not None and age >= policy.min_age
        needy = sorted(t.value for t in resident.tags & policy.needy)
        if not old and not needy:
            continue
        reason = ", ".join(([f"{policy.min_age}+"] if old else []) + needy)
        yield Visit(resident.id, household, festival, first_day, day, teams.get(household), reason)


def _care_teams(community: HoldsMealHelp) -> dict[str, str]:
    """The elder-care team of each household: the first team (by id) covering it."""
    covering: dict[str, str] = {}
    index = community.grid_index
    for team in sorted(community.teams, key=lambda t: t.id):
        if team.kind is not TeamKind.ELDER_CARE:
            continue
        for grid in team.grids:
            for household in sorted(index.households.get(grid, ())):
                covering.setdefault(household, team.id)
    return covering


# --- meal help ----------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class MealPolicy(Model):
    """Who may enrol for meal help: residents aged ``min_age`` (60) or over; delivery
    to the door for those aged ``delivery_age`` (80) or over or carrying a
    ``delivery_tags`` tag (disabled by default).  Local schemes differ: pass your own."""

    min_age: int = 60
    delivery_age: int = 80
    delivery_tags: frozenset[ResidentTag] = frozenset({ResidentTag.DISABLED})

    __attrs_post_init__ = checks(
        min_age=int_range(0, 150),
        delivery_age=int_range(0, 150),
        delivery_tags=enum_set(ResidentTag),
    )


@attrs.frozen(eq=False, repr=False)
class MealEnrolment(Model):
    """A resident enrolled at a meal-help point (a facility of category ``meal_help``)
    from ``starts`` to ``ends`` (open-ended if None), for lunch on ``weekdays`` (0
    Monday ... 6 Sunday), eaten at the point or ``delivered``."""

    id: str
    resident: str
    point: str
    starts: dt.date
    weekdays: frozenset[int] = frozenset(range(7))
    ends: dt.date | None = None
    delivered: bool = False

    __attrs_post_init__ = checks(
        id=IDENT,
        resident=IDENT,
        point=IDENT,
        starts=DATE,
        weekdays=WEEKDAYS,
        ends=opt(DATE),
        delivered=BOOL,
        where=(
            Where(
                "self.ends is None or self.starts <= self.ends",
                "$.ends",
                Text("a day on or after starts", "不早于 starts 的日期"),
                shows="ends",
            ),
        ),
    )

    def active_on(self, day: dt.date) -> bool:
        """Whether the enrolment covers ``day`` (its dates and weekdays)."""
        return (
            self.starts <= day
            and (self.ends is None or day <= self.ends)
            and day.weekday() in self.weekdays
        )


def _overlap(a: MealEnrolment, b: MealEnrolment) -> bool:
    a_end = a.ends or dt.date.max
    b_end = b.ends or dt.date.max
    return a.starts <= b_end and b.starts <= a_end and bool(a.weekdays & b.weekdays)


def _refusal(
    enrolment: MealEnrolment,
    resident: Resident | None,
    points: set[str],
    others: Iterable[MealEnrolment],
    policy: MealPolicy,
) -> Refused | None:
    if resident is None:
        return MEAL_RESIDENT_RULE.refuse(
            Text(
                f"{enrolment.resident} is not a resident here",
                f"{enrolment.resident} 不是本社区居民",
            ),
            "a resident",
            enrolment.resident,
        )
    if enrolment.point not in points:
        return MEAL_POINT_RULE.refuse(
            Text(
                f"{enrolment.point} is not a meal-help point (a facility of category meal_help)",
                f"{enrolment.point} 不是助餐点（类别为 meal_help 的设施）",
            ),
            "a meal_help facility",
            enrolment.point,
        )
    age = resident.age_on(enrolment.starts)
    if age is None or age < policy.min_age:
        shown = "unknown" if age is None else str(age)
        return MEAL_AGE_RULE.refuse(
            Text(
                f"{resident.id} is {shown} on {enrolment.starts}; meal help is from age "
                f"{policy.min_age}",
                f"{resident.id} 于 {enrolment.starts} 年龄为 {shown}；助餐需年满 {policy.min_age} 岁",
            ),
            f">={policy.min_age}",
            shown,
        )
    if (
        enrolment.delivered
        and age < policy.delivery_age
        and not resident.tags & policy.delivery_tags
    ):
        return MEAL_DELIVERY_RULE.refuse(
            Text(
                f"{resident.id} is {age} with none of the tags for delivery; meals are "
                f"delivered from age {policy.delivery_age} or to "
                f"{', '.join(sorted(t.value for t in policy.delivery_tags)) or 'nobody else'}",
                f"{resident.id} {age} 岁且不属于送餐对象；送餐需年满 {policy.delivery_age} 岁或属于特定类别",
            ),
            f">={policy.delivery_age}",
            str(age),
        )
    for other in others:
        if other.resident == enrolment.resident and _overlap(other, enrolment):
            return MEAL_TWICE_RULE.refuse(
                Text(
                    f"{resident.id} is already enrolled ({other.id} at {other.point}) on some of "
                    "the same days",
                    f"{resident.id} 已有重叠的助餐登记（{other.id}，{other.point}）",
                ),
                "one enrolment a day",
                other.id,
            )
    return None


def _meal_points(community: HoldsMealHelp) -> set[str]:
    return {f.id for f in community.facilities if f.category == "meal_help"}


def enrol(community: _C, enrolment: MealEnrolment, policy: MealPolicy | None = None) -> _C:
    """The community with ``enrolment`` added.  Raises
    :class:`~neighborly.errors.Refused` (rules ``care.meals.resident``, ``.point``,
    ``.age``, ``.delivery``, ``.twice``) and leaves the community as it was when the
    resident is not eligible, the point is not a meal-help point, or the resident is
    already enrolled on an overlapping day."""
    policy = policy if policy is not None else MealPolicy()
    resident = _residents(community).get(enrolment.resident)
    refused = _refusal(enrolment, resident, _meal_points(community), community.meal_help, policy)
    if refused is not None:
        raise refused
    evolved: _C = _evolve(community, meal_help=(*community.meal_help, enrolment))
    return evolved


def _residents(community: HoldsMealHelp) -> dict[str, Resident]:
    return {r.id: r for r in community.residents()}


MEALS_RULE = Rule(
    "care.meals",
    Text("Meal-help enrolments", "助餐登记"),
    Text(
        "local meal-help scheme (MealPolicy): 60 or over; delivery at 80 or over or when disabled",
        "地方助餐政策（MealPolicy）：60 岁以上；80 岁以上或残疾人可送餐",
    ),
    basis="BRIEF.md Services map: meal-help points for elders (老年助餐点)",
    reads=Text("the meal-help enrolments, residents and facilities", "助餐登记、居民与服务设施"),
    policy="meals",
)

_MEAL_BASIS = "BRIEF.md Services map: meal-help points for elders (老年助餐点)"
_ENROL = ("neighborly.care.enrol",)

MEAL_RESIDENT_RULE = Rule(
    "care.meals.resident",
    Text("Meal help is for residents of the community", "助餐对象为本社区居民"),
    Text("local meal-help scheme", "地方助餐政策"),
    basis=_MEAL_BASIS,
    reads=Text("the residents", "居民"),
    refuses=_ENROL,
)

MEAL_POINT_RULE = Rule(
    "care.meals.point",
    Text("Meals come from a meal-help point", "在助餐点用餐"),
    Text("local meal-help scheme", "地方助餐政策"),
    basis=_MEAL_BASIS,
    reads=Text("the facilities of category meal_help", "类别为 meal_help 的设施"),
    refuses=_ENROL,
)

MEAL_AGE_RULE = Rule(
    "care.meals.age",
    Text("Meal help from the scheme's age", "助餐对象达到年龄"),
    Text(
        "local meal-help scheme (MealPolicy.min_age): 60 or over",
        "地方助餐政策（MealPolicy.min_age）：60 岁以上",
    ),
    basis=_MEAL_BASIS,
    reads=Text("the resident's age on the first day", "居民在登记首日的年龄"),
    policy="meals",
    refuses=_ENROL,
)

MEAL_DELIVERY_RULE = Rule(
    "care.meals.delivery",
    Text("Meals delivered only to those the scheme delivers to", "送餐仅限送餐对象"),
    Text(
        "local meal-help scheme (MealPolicy): delivery at 80 or over or when disabled",
        "地方助餐政策（MealPolicy）：80 岁以上或残疾人可送餐",
    ),
    basis=_MEAL_BASIS,
    reads=Text("the resident's age and tags", "居民年龄与标签"),
    policy="meals",
    refuses=_ENROL,
)

MEAL_TWICE_RULE = Rule(
    "care.meals.twice",
    Text("One meal-help enrolment a day", "每天只登记一处助餐"),
    Text("local meal-help scheme", "地方助餐政策"),
    basis=_MEAL_BASIS,
    reads=Text("the resident's other enrolments", "居民的其他助餐登记"),
    refuses=_ENROL,
)

RULES: tuple[Rule, ...] = (
    MEALS_RULE,
    MEAL_RESIDENT_RULE,
    MEAL_POINT_RULE,
    MEAL_AGE_RULE,
    MEAL_DELIVERY_RULE,
    MEAL_TWICE_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_meal_help(community: HoldsMealHelp, policy: MealPolicy | None = None) -> Verdict:
    """Rule ``care.meals``: every enrolment of the community would be accepted by
    :func:`enrol` given the ones before it."""
    policy = policy if policy is not None else MealPolicy()
    points = _meal_points(community)
    residents = _residents(community)
    problems = []
    for i, enrolment in enumerate(community.meal_help):
        resident = residents.get(enrolment.resident)
        refused = _refusal(enrolment, resident, points, community.meal_help[:i], policy)
        if refused is not None:
            problems.append(
                Reason(
                    f"$.meal_help[{i}]",
                    Text(
                        f"{refused.rule}: {refused.reason.en}",
                        f"{refused.rule}：{refused.reason.zh}",
                    ),
                    refused.expected,
                    refused.actual,
                )
            )
    delivered = sum(1 for e in community.meal_help if e.delivered)
    return Verdict.from_reasons(
        MEALS_RULE.code,
        MEALS_RULE.title,
        problems,
        Reason(
            "$.meal_help",
            Text(
                f"{number(len(community.meal_help))} enrolments ({number(delivered)} delivered) "
                f"at {len(points)} meal-help points, all eligible",
                f"{number(len(community.meal_help))} 人登记助餐（送餐 {number(delivered)} 人），"
                f"{len(points)} 个助餐点，均符合条件",
            ),
        ),
        MEALS_RULE.source,
    )


@attrs.frozen(eq=False, repr=False)
class MealsServed(Model):
    """The lunches one meal-help point prepares on a day: eaten in and delivered."""

    point: str
    day: dt.date
    eat_in: int
    delivered: int

    __attrs_post_init__ = checks(
        point=IDENT, day=DATE, eat_in=int_range(0, 10**7), delivered=int_range(0, 10**7)
    )


def meals_on(community: HoldsMealHelp, day: dt.date) -> tuple[MealsServed, ...]:
    """What each meal-help point prepares on ``day``, by point id (points with no meal
    that day are left out)."""
    counts: dict[str, list[int]] = {}
    for enrolment in community.meal_help:
        if enrolment.active_on(day):
            row = counts.setdefault(enrolment.point, [0, 0])
            row[1 if enrolment.delivered else 0] += 1
    return tuple(
        MealsServed(point, day, eat_in, delivered)
        for point, (eat_in, delivered) in sorted(counts.items())
    )


# --- ids and references, declared ----------------------------------------------------

MEAL_ENROLMENT = Kind("meal_enrolment", Text("a meal-help enrolment", "助餐登记"))

MEAL_ENROLMENT_DECLARED = Declarations(
    ids=(Ids("id", MEAL_ENROLMENT),),
    refs=(Ref("resident", ("resident",)), Ref("point", ("facility",))),
)
"""An enrolment defines its id and names the elder and the meal-help point (a facility)."""
