"""The garbage-sorting stipend: 30 fen a compliant day, monthly, in integer fen."""

from __future__ import annotations

import collections
import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput, NotFound
from neighborly.grids import ServiceTeam, TeamKind
from neighborly.points import Account, AccountKind, Ledger
from neighborly.text import Text
from neighborly.volunteering import Volunteer
from neighborly.waste import (
    NATIONAL,
    SCHEMES,
    SHANGHAI,
    BinCount,
    CollectionPoint,
    Colour,
    Duty,
    PointPolicy,
    Slot,
    Sorting,
    SortingCheck,
    SortingScheme,
    StipendPolicy,
    WasteCategory,
    check_points,
    check_rota,
    plan_points,
    plan_rota,
    points_needed,
    sorting_awards,
    stipend_statements,
    yuan,
)

from builders import community


def check(household: str, day: int, compliant: bool = True, month: int = 11) -> SortingCheck:
    return SortingCheck(household, dt.date(2026, month, day), compliant, inspector="vol-1")


def test_a_full_month_of_correct_sorting_earns_30_days_at_30_fen():
    (statement,) = stipend_statements([check("h-1", d) for d in range(1, 31)], 2026, 11)
    assert (statement.checked_days, statement.compliant_days, statement.fen) == (30, 30, 900)
    assert (
        statement.render("zh")
        == "h-1 2026 年 11 月：检查 30 天，正确分类 30 天 × 0.30 元 = 9.00 元"
    )


def test_only_compliant_days_of_the_month_count_and_each_day_once():
    checks = [
        check("h-1", 1),
        check("h-1", 1),  # checked twice, counted once
        check("h-1", 2),
        check("h-1", 2, compliant=False),  # one bad check spoils the day
        check("h-1", 3, compliant=False),
        check("h-1", 30, month=10),  # another month
        check("h-2", 5),
    ]
    first, second = stipend_statements(checks, 2026, 11)
    assert (first.household, first.checked_days, first.compliant_days, first.fen) == (
        "h-1",
        3,
        1,
        30,
    )
    assert (second.household, second.fen) == ("h-2", 30)


def test_the_rate_is_a_policy_in_fen():
    (statement,) = stipend_statements(
        [check("h-1", 1), check("h-1", 2)], 2026, 11, StipendPolicy(fen_per_day=50)
    )
    assert (statement.fen, statement.render("en")) == (
        100,
        "h-1 2026-11: 2 of 2 checked days sorted correctly x 0.50 yuan = 1.00 yuan",
    )
    with pytest.raises(InvalidInput):
        StipendPolicy(fen_per_day=-1)


def test_yuan_is_written_from_integer_fen():
    assert (yuan(0), yuan(30), yuan(810), yuan(100_005), yuan(-5)) == (
        "0.00",
        "0.30",
        "8.10",
        "1000.05",
        "-0.05",
    )


@given(
    st.lists(
        st.tuples(st.sampled_from(["h-1", "h-2", "h-3"]), st.integers(1, 30), st.booleans()),
        max_size=60,
    )
)
def test_the_stipend_is_always_compliant_days_times_the_rate(raw):
    statements = stipend_statements([check(h, d, ok) for h, d, ok in raw], 2026, 11)
    # one statement per household checked, none for a household never checked
    assert sorted(s.household for s in statements) == sorted({h for h, _, _ in raw})
    for statement in statements:
        days = {d for h, d, _ in raw if h == statement.household}
        good = {
            d for d in days if all(ok for h, dd, ok in raw if h == statement.household and dd == d)
        }
        assert statement.checked_days == len(days)
        assert statement.compliant_days == len(good)
        assert statement.fen == 30 * len(good)
        assert isinstance(statement.fen, int)


# --- categories, colours and collection points -------------------------------------------


def test_the_national_scheme_has_the_gb_t_19095_2019_sign_colours():
    colours = {s.category: s.sign_colour for s in NATIONAL.styles}
    assert colours == {
        WasteCategory.RECYCLABLE: Colour.BLUE,
        WasteCategory.HAZARDOUS: Colour.RED,
        WasteCategory.FOOD: Colour.GREEN,
        WasteCategory.RESIDUAL: Colour.GREY,
    }
    assert [s.name.zh for s in NATIONAL.styles] == ["可回收物", "有害垃圾", "厨余垃圾", "其他垃圾"]


def test_shanghai_names_wet_and_dry_waste_and_keeps_its_bin_colours_apart_from_the_signs():
    wet = SHANGHAI.style(WasteCategory.FOOD)
    dry = SHANGHAI.style(WasteCategory.RESIDUAL)
    assert (wet.name.zh, dry.name.zh) == ("湿垃圾", "干垃圾")
    assert (wet.sign_colour, wet.bin_colour) == (Colour.GREEN, Colour.BROWN)
    assert (dry.sign_colour, dry.bin_colour) == (Colour.GREY, Colour.BLACK)


def test_a_local_yellow_residual_bin_changes_the_bin_not_the_sign():
    local = NATIONAL.with_bin_colour(WasteCategory.RESIDUAL, Colour.YELLOW, "pilot")
    style = local.style(WasteCategory.RESIDUAL)
    assert (style.sign_colour, style.bin_colour) == (Colour.GREY, Colour.YELLOW)
    assert NATIONAL.style(WasteCategory.RESIDUAL).bin_colour == Colour.GREY
    assert {"national", "shanghai", "black-residual-bins"} == set(SCHEMES)
    assert SCHEMES["black-residual-bins"].style(WasteCategory.RESIDUAL).bin_colour == Colour.BLACK


def test_a_scheme_must_style_each_category_exactly_once():
    first = NATIONAL.styles[0]
    with pytest.raises(InvalidInput) as caught:
        SortingScheme("x", Text.same("x"), (first, first), Text.same("x"))
    paths = [p.path for p in caught.value.problems]
    assert paths == ["$.styles[1].category", "$.styles"]


@pytest.mark.parametrize(
    ("households", "points"), [(0, 0), (1, 1), (299, 1), (300, 1), (301, 2), (600, 2), (601, 3)]
)
def test_one_point_per_300_households_rounded_up(households, points):
    assert points == points_needed(households)


def test_the_pilot_needs_at_least_eleven_points_for_3281_households_in_one_compound():
    assert points_needed(3281) == 11
    assert points_needed(3281, PointPolicy(households_per_point=1200)) == 3


def test_a_compound_of_exactly_300_households_needs_one_point_with_14_bins():
    (plan,) = plan_points(community(300))
    assert (plan.households, plan.needed, plan.present, plan.shortfall) == (300, 1, 0, 1)
    assert [b.count for b in plan.bins] == [1, 1, 4, 8]
    assert sum(b.count for b in plan.bins) == 14


def _with_sorting(c, **changes):
    return attrs.evolve(c, sorting=Sorting(**changes))


FULL_BINS = PointPolicy().bins()


def test_the_points_rule_names_a_compound_one_point_short():
    c = _with_sorting(community(301), points=(CollectionPoint("p1", "cp1", "东门", FULL_BINS),))
    verdict = check_points(c)
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert (reason.path, reason.expected, reason.actual) == ("$.compounds[0]", ">=2", "1")
    assert "301 households need 2 collection points" in reason.message.en
    assert "差 1 个" in reason.message.zh


def test_the_points_rule_passes_with_enough_points_and_bins():
    c = _with_sorting(community(300), points=(CollectionPoint("p1", "cp1", "东门", FULL_BINS),))
    verdict = check_points(c)
    assert verdict.passed, verdict.explain()
    assert verdict.reasons[0].expected == ">=1"


def test_the_points_rule_counts_missing_bins_by_category_in_the_schemes_words():
    bins = (BinCount(WasteCategory.FOOD, 3), BinCount(WasteCategory.RESIDUAL, 8))
    c = _with_sorting(
        community(300), scheme=SHANGHAI, points=(CollectionPoint("p1", "cp1", "东门", bins),)
    )
    verdict = check_points(c)
    messages = [r.message.zh for r in verdict.reasons]
    assert messages == [
        "p1：可回收物桶应有 1 个，实有 0 个（差 1 个）",
        "p1：有害垃圾桶应有 1 个，实有 0 个（差 1 个）",
        "p1：湿垃圾桶应有 4 个，实有 3 个（差 1 个）",
    ]


def test_a_point_may_list_each_category_once():
    with pytest.raises(InvalidInput, match=r"\$\.bins"):
        CollectionPoint("p1", "cp1", "东门", (BinCount(WasteCategory.FOOD, 1),) * 2)


def test_a_slot_must_end_after_it_starts():
    with pytest.raises(InvalidInput, match=r"\$\.ends"):
        Slot("am", dt.time(9), dt.time(9))


# --- the supervisors' rota ----------------------------------------------------------------

AM = Slot("am", dt.time(7), dt.time(9))
PM = Slot("pm", dt.time(18), dt.time(20))
LATE = Slot("late", dt.time(8), dt.time(10))
POINTS = (
    CollectionPoint("p1", "cp1", "东门", FULL_BINS),
    CollectionPoint("p2", "cp1", "西门", FULL_BINS),
)
MON, SUN = dt.date(2026, 11, 16), dt.date(2026, 11, 22)


def rota_community(members, rota, slots=(AM, PM)):
    c = community(600)
    team = ServiceTeam(
        "t-sort", "督导队", TeamKind.SORTING_SUPERVISION, "孙队长", None, members=tuple(members)
    )
    volunteers = tuple(
        Volunteer(v, dt.date(2025, 1, 1), name="志愿者") for v in ("v1", "v2", "v3", "v4", "vx")
    )
    return attrs.evolve(
        c,
        teams=(*c.teams, team),
        volunteers=volunteers,
        sorting=Sorting(team="t-sort", points=POINTS, slots=tuple(slots), rota=tuple(rota)),
    )


def test_a_planned_rota_staffs_every_point_in_every_slot_with_nobody_double_booked():
    rota = plan_rota(POINTS, (AM, PM), ("v1", "v2", "v3"), MON, SUN)
    assert len(rota) == 2 * 2 * 7
    verdict = check_rota(rota_community(("v1", "v2", "v3"), rota), MON, SUN)
    assert verdict.passed, verdict.explain()
    load = collections.Counter(d.volunteer for d in rota)
    assert max(load.values()) - min(load.values()) <= 1


def test_with_one_member_for_two_points_the_second_point_is_a_gap_in_every_slot():
    rota = plan_rota(POINTS, (AM,), ("v1",), MON, MON)
    assert [(d.point, d.volunteer) for d in rota] == [("p1", "v1")]
    verdict = check_rota(rota_community(("v1",), rota, slots=(AM,)), MON, MON)
    (gap,) = verdict.reasons
    assert (gap.path, gap.expected, gap.actual) == ("$.sorting.points[1]", "1", "0")
    assert gap.message.en == "gap: nobody on duty at p2 on 2026-11-16 07:00-09:00 (am)"


def test_overlapping_slots_of_one_day_are_never_given_to_one_member():
    rota = plan_rota(POINTS[:1], (AM, LATE), ("v1", "v2"), MON, MON)
    assert {"v1", "v2"} == {d.volunteer for d in rota}


def test_the_rota_rule_reports_double_booking_outsiders_and_a_second_supervisor():
    rota = (
        Duty("p1", MON, "am", "v1"),
        Duty("p2", MON, "am", "v1"),  # v1 at two points at once
        Duty("p1", MON, "am", "v2"),  # a second supervisor at p1
        Duty("p1", MON, "pm", "vx"),  # not in the team
        Duty("p2", MON, "pm", "v3"),
    )
    verdict = check_rota(rota_community(("v1", "v2", "v3"), rota), MON, MON)
    got = sorted((r.path, r.actual) for r in verdict.reasons)
    assert got == [
        ("$.sorting.rota[1]", "2"),
        ("$.sorting.rota[2]", "2"),
        ("$.sorting.rota[3].volunteer", "vx"),
    ]
    assert any("double-booked" in r.message.en for r in verdict.reasons)


def test_touching_slots_are_not_double_booking():
    early = Slot("early", dt.time(5), dt.time(7))
    rota = (Duty("p1", MON, "early", "v1"), Duty("p1", MON, "am", "v1"))
    c = attrs.evolve(rota_community(("v1",), rota, slots=(early, AM)))
    c = attrs.evolve(c, sorting=attrs.evolve(c.sorting, points=POINTS[:1]))
    assert check_rota(c, MON, MON).passed


def test_a_duty_must_name_a_point_and_slot_of_the_programme():
    with pytest.raises(InvalidInput) as caught:
        Sorting(points=POINTS, slots=(AM,), rota=(Duty("p9", MON, "xx", "v1"),))
    assert [p.path for p in caught.value.problems] == ["$.rota[0].point", "$.rota[0].slot"]


def test_a_community_checks_the_sorting_references():
    c = community(300)
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(
            c,
            sorting=Sorting(
                team="t-none",
                points=(CollectionPoint("p1", "cp-none", "东门"),),
                slots=(AM,),
                rota=(Duty("p1", MON, "am", "v-none"),),
                inspections=(SortingCheck("h-none", MON, True, inspector="x"),),
            ),
        )
    assert [p.path for p in caught.value.problems] == [
        "$.sorting.team",
        "$.sorting.points[0].compound",
        "$.sorting.rota[0].volunteer",
        "$.sorting.inspections[0].household",
        "$.sorting.inspections[0].inspector",
    ]


def test_without_a_programme_the_rota_rule_fails_saying_so():
    verdict = check_rota(community(300), MON, MON)
    assert (verdict.passed, verdict.reasons[0].path) == (False, "$.sorting")


@given(
    members=st.integers(0, 6),
    points=st.integers(0, 4),
    days=st.integers(1, 5),
    overlap=st.booleans(),
)
def test_a_planned_rota_never_double_books_and_leaves_only_unavoidable_gaps(
    members, points, days, overlap
):
    slot_list = (AM, LATE if overlap else PM)
    point_list = tuple(CollectionPoint(f"p{i}", "cp1", f"点{i}") for i in range(points))
    names = [f"v{i}" for i in range(members)]
    end = MON + dt.timedelta(days=days - 1)
    rota = plan_rota(point_list, slot_list, names, MON, end)
    seen: dict[tuple[str, dt.date], list[Slot]] = {}
    slots_by_id = {s.id: s for s in slot_list}
    for duty in rota:
        mine = seen.setdefault((duty.volunteer, duty.day), [])
        assert not any(slots_by_id[duty.slot].overlaps(s) for s in mine)
        mine.append(slots_by_id[duty.slot])
    per_day = min(points, members) + (
        min(points, members - min(points, members)) if overlap else min(points, members)
    )
    assert per_day * days == len(rota)
    assert len({(d.point, d.day, d.slot) for d in rota}) == len(rota)


# --- stipend into points ---------------------------------------------------------------


def test_compliant_days_become_household_points_once_per_month():
    ledger = Ledger(
        [
            Account("budget", AccountKind.ISSUER, budget=1000),
            Account("hh-h1", AccountKind.HOUSEHOLD, holder="h1"),
        ]
    )
    statements = stipend_statements([check("h1", d, d != 2) for d in range(1, 6)], 2026, 11)
    at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    (posting,) = sorting_awards(statements, ledger, "budget", at, points_per_day=2)
    assert (posting.key, posting.target, posting.points) == ("sorting-h1-2026-11", "hh-h1", 8)
    ledger.post(posting)
    ledger.post_all(sorting_awards(statements, ledger, "budget", at, points_per_day=2))
    assert ledger.balance("hh-h1") == 8


def test_a_household_without_a_points_account_is_named_before_anything_is_posted():
    ledger = Ledger([Account("budget", AccountKind.ISSUER)])
    statements = stipend_statements([check("h1", 1), check("h2", 1)], 2026, 11)
    at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(NotFound, match="h1, h2"):
        sorting_awards(statements, ledger, "budget", at)


def test_bad_arguments_are_invalid_input_naming_the_argument():
    with pytest.raises(InvalidInput, match=r"\$\.households"):
        points_needed(-1)
    with pytest.raises(InvalidInput, match=r"\$\.end"):
        plan_rota(POINTS, (AM,), ("v1",), SUN, MON)
    with pytest.raises(InvalidInput, match=r"\$\.start"):
        check_rota(community(300), "2026-11-16", SUN)
