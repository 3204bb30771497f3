"""Registries: artisans, the mutual-care fund and meal-help points."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput, Refused, sample_community
from neighborly.registries import (
    Artisan,
    EntryKind,
    Fund,
    FundEntry,
    HeritageLevel,
    MealPoint,
    Registries,
    check_meal_points,
    contribute,
    find_artisans,
    pay_out,
)

DAY = dt.date(2026, 3, 1)


def test_a_recognised_heritage_bearer_needs_the_craft_and_a_certificate():
    with pytest.raises(InvalidInput, match=r"\$\.certificate"):
        Artisan("a-1", "r-1", frozenset({"剪纸"}), "剪纸", HeritageLevel.MUNICIPAL)
    bearer = Artisan(
        "a-1", "r-1", frozenset({"剪纸"}), "剪纸", HeritageLevel.MUNICIPAL, "市非遗-2019-031"
    )
    with pytest.raises(InvalidInput, match=r"\$\.skills"):
        Artisan("a-2", "r-2", frozenset())
    plain = Artisan("a-2", "r-2", frozenset({"家电维修", "理发"}))
    assert (bearer,) == find_artisans([plain, bearer], "剪纸")
    assert (plain,) == find_artisans([plain, bearer], "理发")


def test_a_payout_up_to_the_balance_is_paid_and_one_more_fen_is_refused():
    fund, _ = contribute(Fund("f", "互助金"), "c1", DAY, "st-1", 10_000)
    fund, entry = pay_out(fund, "p1", DAY, "st-2", 10_000, "住院慰问")
    assert (fund.balance, entry.kind) == (0, EntryKind.PAYOUT)
    with pytest.raises(Refused) as caught:
        pay_out(fund, "p2", DAY, "st-2", 1)
    assert (
        caught.value.rule,
        caught.value.expected,
        caught.value.actual,
    ) == ("registries.fund.balance", "<=0", "1")
    assert "0.01 yuan short" in caught.value.reason.en
    assert len(fund.entries) == 2


def test_a_fund_refuses_entries_out_of_date_order_or_reusing_an_id():
    fund, _ = contribute(Fund("f", "互助金"), "c1", DAY, "st-1", 100)
    with pytest.raises(Refused, match="before the last entry"):
        contribute(fund, "c2", DAY - dt.timedelta(days=1), "st-1", 100)
    with pytest.raises(Refused, match="already an entry"):
        contribute(fund, "c1", DAY, "st-1", 100)


def test_a_fund_read_from_a_file_may_never_have_gone_below_zero():
    entries = (
        FundEntry("c1", DAY, EntryKind.CONTRIBUTION, "st-1", 100),
        FundEntry("p1", DAY, EntryKind.PAYOUT, "st-2", 150),
    )
    with pytest.raises(InvalidInput, match=r"\$\.entries\[1\]\.fen"):
        Fund("f", "互助金", entries)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 50_000)), max_size=30))
def test_the_balance_is_the_sum_of_the_entries_and_never_below_zero(steps):
    fund = Fund("f", "互助金")
    expected = 0
    for i, (contributing, fen) in enumerate(steps):
        day = DAY + dt.timedelta(days=i)
        if contributing:
            fund, _ = contribute(fund, f"e{i}", day, "st-1", fen)
            expected += fen
        else:
            try:
                fund, _ = pay_out(fund, f"e{i}", day, "st-1", fen)
                expected -= fen
            except Refused:
                pass
        assert expected == fund.balance >= 0
    contributed, paid = fund.totals(DAY.year)  # every entry falls in DAY's year
    assert contributed - paid == fund.balance


def test_meal_points_are_checked_against_their_seats_and_deliveries():
    community = sample_community()
    day = dt.date(2026, 11, 23)
    unregistered = check_meal_points(attrs.evolve(community, registries=None), day)
    assert not unregistered.passed
    assert "fac-meal serves lunches but is not registered" in unregistered.reasons[0].message.en
    roomy = attrs.evolve(
        community, registries=Registries(meal_points=(MealPoint("fac-meal", 60, 20),))
    )
    assert check_meal_points(roomy, day).passed
    tight = attrs.evolve(
        community, registries=Registries(meal_points=(MealPoint("fac-meal", 10, 2),))
    )
    messages = [r.message.en for r in check_meal_points(tight, day).reasons]
    assert any("eaten-in lunches for a capacity of 10" in m for m in messages)
    assert any("deliveries for a capacity of 2" in m for m in messages)


def test_a_community_checks_its_registries_references():
    community = sample_community()
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(
            community,
            registries=Registries(
                artisans=(Artisan("a-1", "r-none", frozenset({"剪纸"})),),
                meal_points=(MealPoint("fac-none", 10),),
            ),
        )
    assert [p.path for p in caught.value.problems] == [
        "$.registries.artisans[0].resident",
        "$.registries.meal_points[0].facility",
    ]
    with pytest.raises(InvalidInput, match=r"\$\.meal_points\[1\]\.facility"):
        Registries(meal_points=(MealPoint("fac-meal", 1), MealPoint("fac-meal", 2)))
