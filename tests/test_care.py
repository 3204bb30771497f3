"""Elder care: the 80+ roster, festival visits and meal help."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput, Refused
from neighborly.calendar import Festival
from neighborly.care import (
    AgeSource,
    CarePolicy,
    MealEnrolment,
    check_meal_help,
    elder_roster,
    enrol,
    meals_on,
    next_visits,
    visit_plan,
)
from neighborly.geo import Location
from neighborly.grids import ServiceTeam, TeamKind
from neighborly.places import Resident, ResidentTag
from neighborly.services import Facility

from builders import community

HERE = Location(30.6586, 104.0647)
MEAL_POINT = Facility("fac-meal", "助餐点", "meal_help", HERE)


def with_people(*people: Resident, alone: bool = False):
    """A community whose first household holds ``people`` (each alone in a household
    of their own when ``alone``)."""
    c = community(3)
    compound = c.compounds[0]
    building = compound.buildings[0]
    unit = building.units[0]
    households = list(unit.households)
    if alone:
        for i, person in enumerate(people):
            households[i] = attrs.evolve(households[i], occupants=(person,))
    else:
        households[0] = attrs.evolve(households[0], occupants=tuple(people))
    unit = attrs.evolve(unit, households=tuple(households))
    building = attrs.evolve(building, units=(unit,))
    compound = attrs.evolve(compound, buildings=(building,))
    return attrs.evolve(c, compounds=(compound,), facilities=(MEAL_POINT,))


def test_a_resident_turning_80_today_is_on_the_roster_and_not_the_day_before():
    born = Resident("r-80", birth_date=dt.date(1946, 11, 22))
    c = with_people(born, Resident("r-79", birth_date=dt.date(1946, 11, 23)))
    assert [e.resident for e in elder_roster(c, dt.date(2026, 11, 22))] == ["r-80"]
    assert [e.resident for e in elder_roster(c, dt.date(2026, 11, 21))] == []


def test_a_29_february_birthday_turns_a_year_older_on_1_march_in_a_common_year():
    leapling = Resident("r-leap", birth_date=dt.date(1948, 2, 29))
    c = with_people(leapling)
    assert [e.resident for e in elder_roster(c, dt.date(2027, 2, 28), CarePolicy(min_age=79))] == []
    assert [e.resident for e in elder_roster(c, dt.date(2027, 3, 1), CarePolicy(min_age=79))] == [
        "r-leap"
    ]
    assert [e.resident for e in elder_roster(c, dt.date(2028, 2, 29), CarePolicy(min_age=80))] == [
        "r-leap"
    ]


def test_the_roster_is_oldest_first_with_the_source_of_each_age_and_who_lives_alone():
    c = with_people(
        Resident("r-a", birth_date=dt.date(1940, 5, 1)),
        Resident("r-b", age=91),
        Resident("r-c", age=60),
        alone=True,
    )
    roster = elder_roster(c, dt.date(2026, 11, 22))
    assert [(e.resident, e.age, e.age_source) for e in roster] == [
        ("r-b", 91, AgeSource.RECORDED),
        ("r-a", 86, AgeSource.BIRTH_DATE),
    ]
    assert all(e.living_alone for e in roster)


def test_an_elder_in_a_larger_household_lives_alone_only_if_tagged_so():
    c = with_people(
        Resident("r-a", age=85),
        Resident("r-b", age=84, tags=frozenset({ResidentTag.ELDER_LIVING_ALONE})),
        Resident("r-c", age=50),
    )
    roster = {e.resident: e.living_alone for e in elder_roster(c, dt.date(2026, 11, 22))}
    assert roster == {"r-a": False, "r-b": True}


def test_visits_follow_the_festivals_of_the_year_and_include_needy_residents():
    c = with_people(
        Resident("r-old", age=85),
        Resident("r-poor", age=40, tags=frozenset({ResidentTag.LOW_INCOME})),
        Resident("r-young", age=40),
        alone=True,
    )
    team = ServiceTeam("t-care", "助老队", TeamKind.ELDER_CARE, "钱队长", grids=("g3-1",))
    c = attrs.evolve(c, teams=(*c.teams, team))
    plan = visit_plan(c, 2027, CarePolicy(festivals=frozenset({Festival.SPRING_FESTIVAL})))
    assert [
        ("r-old", dt.date(2027, 1, 30), dt.date(2027, 2, 6), "80+"),
        ("r-poor", dt.date(2027, 1, 30), dt.date(2027, 2, 6), "low_income"),
    ] == [(v.resident, v.first_day, v.last_day, v.reason) for v in plan]
    assert {"t-2", "t-care"} >= {v.team for v in plan}
    assert len(visit_plan(c, 2027)) == 3 * 2  # Spring Festival, Mid-Autumn, Double Ninth


def test_a_resident_turning_80_after_the_festival_is_not_yet_visited_as_80_plus():
    c = with_people(Resident("r-x", birth_date=dt.date(1947, 2, 7)))
    spring = CarePolicy(festivals=frozenset({Festival.SPRING_FESTIVAL}))
    assert visit_plan(c, 2027, spring) == ()  # Spring Festival 2027 is on 6 February
    c = with_people(Resident("r-x", birth_date=dt.date(1947, 2, 6)))
    assert [v.reason for v in visit_plan(c, 2027, spring)] == ["80+"]


def _upcoming_from_the_plans(c: object, as_of: dt.date) -> tuple[object, ...]:
    """What the command showed before next_visits: the year's plan from as_of, else
    next year's, cut to the first festival day."""
    later = [v for v in visit_plan(c, as_of.year) if v.last_day >= as_of]  # type: ignore[arg-type]
    if not later:
        later = list(visit_plan(c, as_of.year + 1))  # type: ignore[arg-type]
    return tuple(v for v in later if later and v.last_day == later[0].last_day)


@pytest.mark.parametrize(
    "as_of",
    [
        dt.date(2026, 1, 1),
        dt.date(2026, 9, 25),  # Mid-Autumn 2026 is on 25 September: that day counts
        dt.date(2026, 9, 26),
        dt.date(
            2026, 10, 19
        ),  # after the Double Ninth (18 October): next is 2027's Spring Festival
        dt.date(2026, 12, 31),
    ],
)
def test_next_visits_are_the_first_festival_days_visits_of_the_plans(as_of: dt.date):
    c = with_people(
        Resident("r-old", age=85),
        Resident("r-poor", age=40, tags=frozenset({ResidentTag.LOW_INCOME})),
        Resident("r-young", age=40),
    )
    found = next_visits(c, as_of)
    assert found
    assert found == _upcoming_from_the_plans(c, as_of)
    (day,) = {v.last_day for v in found}
    assert day >= as_of


def test_no_one_to_visit_gives_no_visits():
    assert next_visits(with_people(Resident("r-young", age=40)), dt.date(2026, 12, 5)) == ()


# --- meal help --------------------------------------------------------------------------

START = dt.date(2026, 11, 2)


def test_enrolment_at_60_is_accepted_and_counted_on_its_weekdays():
    c = with_people(Resident("r-a", age=60), Resident("r-b", age=82), alone=True)
    c = enrol(c, MealEnrolment("m1", "r-a", "fac-meal", START, frozenset(range(5))))
    c = enrol(c, MealEnrolment("m2", "r-b", "fac-meal", START, delivered=True))
    (monday,) = meals_on(c, dt.date(2026, 11, 2))
    assert (monday.point, monday.eat_in, monday.delivered) == ("fac-meal", 1, 1)
    (sunday,) = meals_on(c, dt.date(2026, 11, 8))
    assert (sunday.eat_in, sunday.delivered) == (0, 1)
    assert meals_on(c, dt.date(2026, 11, 1)) == ()
    assert check_meal_help(c).passed
    roster = elder_roster(c, START, CarePolicy(min_age=60))
    assert [(e.resident, e.meal_help) for e in roster] == [("r-b", True), ("r-a", True)]
    assert [(e.resident, e.meal_help) for e in elder_roster(c, START - dt.timedelta(days=1))] == [
        ("r-b", False)
    ]


@pytest.mark.parametrize(
    ("resident", "enrolment", "rule"),
    [
        (Resident("r-a", age=59), MealEnrolment("m1", "r-a", "fac-meal", START), "care.meals.age"),
        (
            Resident("r-a", age=79),
            MealEnrolment("m1", "r-a", "fac-meal", START, delivered=True),
            "care.meals.delivery",
        ),
        (
            Resident("r-a", age=70),
            MealEnrolment("m1", "r-none", "fac-meal", START),
            "care.meals.resident",
        ),
        (Resident("r-a", age=70), MealEnrolment("m1", "r-a", "b1", START), "care.meals.point"),
    ],
)
def test_an_ineligible_enrolment_is_refused_and_changes_nothing(resident, enrolment, rule):
    c = with_people(resident)
    with pytest.raises(Refused) as caught:
        enrol(c, enrolment)
    assert rule == caught.value.rule
    assert c.meal_help == ()


def test_a_disabled_resident_under_80_may_have_meals_delivered():
    c = with_people(Resident("r-a", age=65, tags=frozenset({ResidentTag.DISABLED})))
    c = enrol(c, MealEnrolment("m1", "r-a", "fac-meal", START, delivered=True))
    assert len(c.meal_help) == 1


def test_two_enrolments_on_the_same_days_are_refused_but_not_on_different_weekdays():
    c = with_people(Resident("r-a", age=70))
    c = enrol(c, MealEnrolment("m1", "r-a", "fac-meal", START, frozenset({0, 1, 2})))
    with pytest.raises(Refused, match="m1"):
        enrol(c, MealEnrolment("m2", "r-a", "fac-meal", START, frozenset({2, 3})))
    c = enrol(c, MealEnrolment("m2", "r-a", "fac-meal", START, frozenset({3, 4})))
    ended = MealEnrolment(
        "m3", "r-a", "fac-meal", dt.date(2026, 1, 1), frozenset({5}), dt.date(2026, 3, 1)
    )
    assert len(enrol(c, ended).meal_help) == 3


def test_the_meals_rule_replays_enrolments_made_without_enrol():
    c = with_people(Resident("r-a", age=70))
    c = attrs.evolve(c, meal_help=(MealEnrolment("m1", "r-a", "fac-meal", START, delivered=True),))
    verdict = check_meal_help(c)
    assert (verdict.passed, verdict.reasons[0].path) == (False, "$.meal_help[0]")
    assert verdict.reasons[0].message.en.startswith("care.meals.delivery:")


def test_a_community_refuses_enrolments_naming_nobody_or_nothing():
    c = with_people(Resident("r-a", age=70))
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, meal_help=(MealEnrolment("m1", "r-x", "fac-x", START),))
    assert [p.path for p in caught.value.problems] == [
        "$.meal_help[0].resident",
        "$.meal_help[0].point",
    ]


def test_an_enrolment_cannot_end_before_it_starts():
    with pytest.raises(InvalidInput, match=r"\$\.ends"):
        MealEnrolment("m1", "r-a", "fac-meal", START, ends=START - dt.timedelta(days=1))


@given(
    st.lists(
        st.tuples(
            st.integers(55, 95),
            st.booleans(),
            st.frozensets(st.integers(0, 6), min_size=1),
            st.integers(0, 60),
        ),
        max_size=12,
    )
)
def test_whatever_is_asked_enrol_keeps_the_community_valid_under_the_rule(asks):
    people = [Resident(f"r-{i}", age=age) for i, (age, *_rest) in enumerate(asks)]
    c = with_people(*people[:3]) if people else with_people()
    for i, (age, delivered, weekdays, offset) in enumerate(asks[:3]):
        enrolment = MealEnrolment(
            f"m{i}",
            f"r-{i}",
            "fac-meal",
            START + dt.timedelta(days=offset),
            weekdays,
            None,
            delivered,
        )
        # each resident asks once, so only the age rules (60, delivery 80) can refuse
        expected = (
            "care.meals.age"
            if age < 60
            else "care.meals.delivery"
            if delivered and age < 80
            else None
        )
        enrolled = c.meal_help
        try:
            c = enrol(c, enrolment)
            rule = None
        except Refused as refused:
            rule = refused.rule
        assert expected == rule
        assert ((*enrolled, enrolment) if rule is None else enrolled) == c.meal_help
        assert check_meal_help(c).passed
