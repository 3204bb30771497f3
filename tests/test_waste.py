"""The garbage-sorting stipend: 30 fen a compliant day, monthly, in integer fen."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.waste import SortingCheck, StipendPolicy, stipend_statements, yuan


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
    for statement in statements:
        days = {d for h, d, _ in raw if h == statement.household}
        good = {
            d for d in days if all(ok for h, dd, ok in raw if h == statement.household and dd == d)
        }
        assert statement.checked_days == len(days)
        assert statement.compliant_days == len(good)
        assert statement.fen == 30 * len(good)
        assert isinstance(statement.fen, int)
