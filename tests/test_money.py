"""Money: whole fen inside, yuan with two decimals for people."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly.errors import InvalidInput
from neighborly.money import amount, to_fen, yuan


@pytest.mark.parametrize(
    ("fen", "shown"),
    [(0, "0.00"), (5, "0.05"), (30, "0.30"), (810, "8.10"), (-5, "-0.05"), (123456, "1234.56")],
)
def test_yuan_shows_fen_with_two_decimals(fen, shown):
    assert shown == yuan(fen)


def test_amount_says_the_unit_in_both_languages():
    assert (amount(120).en, amount(120).zh) == ("1.20 yuan", "1.20 元")


@pytest.mark.parametrize(
    ("written", "fen"),
    [
        ("12.5", 1250),
        (" 0.30 ", 30),
        (3, 300),
        (Decimal("0.01"), 1),
        ("-1.01", -101),
        ("1.000", 100),
    ],
)
def test_to_fen_reads_yuan_written_by_people(written, fen):
    assert fen == to_fen(written)


@pytest.mark.parametrize(
    "written",
    [
        "0.305",
        "abc",
        "NaN",
        "Infinity",
        "sNaN",
        "",
        "1e999999999",
        "10000000000000000",
        True,
        1.5,
        10**30,
        Decimal("1e999999999"),
        Decimal("-1e-999999999"),
        "1" * 41,
    ],
)
def test_to_fen_refuses_what_is_not_an_amount_of_whole_fen(written):
    with pytest.raises(InvalidInput) as caught:
        to_fen(written)
    assert [p.path for p in caught.value.problems] == ["$"]
    assert "at most two decimals" in caught.value.problems[0].expected.en


@given(st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1))
def test_to_fen_reads_back_what_yuan_shows(fen):
    assert fen == to_fen(yuan(fen))
