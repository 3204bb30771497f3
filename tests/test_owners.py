"""Owners' votes: Civil Code Art. 278 counted per the SPC Interpretation, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.owners import (
    Ballot,
    Choice,
    ExclusivePart,
    Matter,
    Motion,
    PartStatus,
    RollPolicy,
    Threshold,
    VotePolicy,
    area_of,
    tally,
    voters,
)

ITEM_4 = Motion("m4", "更换物业服务企业", Matter.PROPERTY_MANAGER)
ITEM_7 = Motion("m7", "改建地下车库", Matter.REBUILD)


def hundred() -> tuple[ExclusivePart, ...]:
    """FACTS.md's test vector: 100 owners, 10,000 m²."""
    return tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(100)) for i in range(100)
    )


def votes(agree: int, voting: int) -> list[Ballot]:
    return [Ballot(f"p{i}", Choice.AGREE if i < agree else Choice.DISAGREE) for i in range(voting)]


# --- FACTS.md test vectors ------------------------------------------------------------------


def test_67_of_100_owners_with_6700_of_10000_m2_make_the_quorum():
    result = tally(hundred(), ITEM_4, votes(34, 67))
    assert (result.quorum, result.voted_heads, result.voted_area) == (True, 67, Decimal(6700))
    assert tally(hundred(), ITEM_4, votes(34, 66)).quorum is False  # 66 < 66.67


@pytest.mark.parametrize(("agree", "passed"), [(33, False), (34, True)])
def test_item_4_needs_more_than_half_of_those_voting(agree, passed):
    result = tally(hundred(), ITEM_4, votes(agree, 67))
    assert result.passed is passed
    if not passed:
        reasons = [r.message.en for r in result.verdict.reasons]
        assert (
            "agreement by owners: 33 of 67 owners; more than 1/2 (33.5) needed (1 owner short): not met"
            in reasons
        )
        assert (
            "agreement by area: 3,300 m² of 6,700 m²; more than 1/2 (3,350 m²) needed (50 m² short): not met"
            in reasons
        )


@pytest.mark.parametrize(("agree", "passed"), [(50, False), (51, True)])
def test_item_7_needs_three_quarters_of_those_voting(agree, passed):
    assert tally(hundred(), ITEM_7, votes(agree, 67)).passed is passed


def test_exactly_half_is_not_more_than_half():
    result = tally(hundred(), ITEM_4, votes(34, 68))  # 34 of 68, 3,400 of 6,800 m²
    assert result.passed is False


# --- boundaries ------------------------------------------------------------------------------


def test_exactly_two_thirds_of_the_area_is_enough_and_one_square_metre_less_is_not():
    roll = (
        ExclusivePart("a", ("o1",), registered_area=Decimal(200)),
        ExclusivePart("b", ("o2",), registered_area=Decimal(100)),
        ExclusivePart("c", ("o3",), registered_area=Decimal(300)),
    )
    exact = tally(
        roll, ITEM_4, [Ballot("c", Choice.AGREE), Ballot("b", Choice.AGREE)]
    )  # 400 of 600 m²
    assert exact.quorum is True
    short_roll = (
        ExclusivePart("a", ("o1",), registered_area=Decimal(201)),
        ExclusivePart("b", ("o2",), registered_area=Decimal(100)),
        ExclusivePart("c", ("o3",), registered_area=Decimal(298)),
        ExclusivePart("d", ("o4",), registered_area=Decimal(1)),
    )
    one_less = tally(short_roll, ITEM_4, [Ballot(p, Choice.AGREE) for p in ("b", "c", "d")])
    assert one_less.quorum is False  # 3 of 4 owners, but 399 of 600 m²: 1 m² short of 400
    assert "(1 m² short): not met" in one_less.verdict.reasons[0].message.en


def test_an_owner_holding_three_parts_is_one_person_with_all_their_area():
    roll = (
        ExclusivePart("a", ("o1",), registered_area=Decimal(80)),
        ExclusivePart("b", ("o1",), registered_area=Decimal(90)),
        ExclusivePart("c", ("o1",), registered_area=Decimal(100)),
        ExclusivePart("d", ("o2",), registered_area=Decimal(100)),
    )
    people = voters(roll)
    assert [(v.id, v.parts, v.area) for v in people] == [
        ("o1", ("a", "b", "c"), Decimal(270)),
        ("o2", ("d",), Decimal(100)),
    ]
    result = tally(roll, ITEM_4, [Ballot("b", Choice.AGREE), Ballot("c", Choice.DISAGREE)])
    assert (result.voted_heads, result.voted_area) == (1, Decimal(270))
    assert "o1 has voted already (for a, b, c)" in result.set_aside[0].message.en


def test_the_developers_unsold_and_undelivered_parts_are_one_person():
    roll = (
        ExclusivePart("a", registered_area=Decimal(90), status=PartStatus.UNSOLD),
        ExclusivePart("b", registered_area=Decimal(90), status=PartStatus.UNDELIVERED),
        ExclusivePart("c", ("o1", "o2"), registered_area=Decimal(90)),  # co-owners: one buyer
        ExclusivePart("d", ("o2", "o1"), registered_area=Decimal(90)),  # the same buyer again
        ExclusivePart("e", ("o2",), registered_area=Decimal(90)),
    )
    assert [v.id for v in voters(roll)] == ["developer", "o1+o2", "o2"]


def test_a_special_matter_can_pass_on_heads_and_fail_on_area():
    roll = (
        *tuple(ExclusivePart(f"s{i}", (f"o{i}",), registered_area=Decimal(50)) for i in range(8)),
        ExclusivePart("big1", ("b1",), registered_area=Decimal(400)),
        ExclusivePart("big2", ("b2",), registered_area=Decimal(400)),
    )
    ballots = [Ballot(f"s{i}", Choice.AGREE) for i in range(8)] + [
        Ballot("big1", Choice.DISAGREE),
        Ballot("big2", Choice.AGREE),
    ]
    result = tally(roll, ITEM_7, ballots)
    # 9 of 10 owners agree (>= 3/4) but 800 of 1,200 m² (< 900 m²)
    assert result.quorum
    assert not result.passed
    messages = [r.message.en for r in result.verdict.reasons]
    assert messages[2].endswith("(100 m² short): not met")
    assert messages[3].endswith(": met")


def test_area_comes_from_the_register_then_the_survey_then_the_contract():
    assert area_of(
        ExclusivePart(
            "a",
            ("o",),
            registered_area=Decimal("89.5"),
            surveyed_area=Decimal(90),
            contract_area=Decimal(91),
        )
    ) == Decimal("89.5")
    assert area_of(
        ExclusivePart("a", ("o",), surveyed_area=Decimal(90), contract_area=Decimal(91))
    ) == Decimal(90)
    assert area_of(ExclusivePart("a", ("o",), contract_area=Decimal(91))) == Decimal(91)
    with pytest.raises(InvalidInput):
        ExclusivePart("a", ("o",))


def test_parking_spaces_count_only_where_the_local_rule_says_so():
    roll = (
        *hundred()[:3],
        ExclusivePart("car-1", ("o9",), registered_area=Decimal(12), parking=True),
    )
    assert len(voters(roll)) == 3
    assert len(voters(roll, RollPolicy(count_parking=True))) == 4
    result = tally(roll, ITEM_4, [Ballot("car-1", Choice.AGREE)])
    assert "car-1 is not an exclusive part on the roll" in result.set_aside[0].message.en


def test_a_proxy_ballot_needs_its_authorisation_and_thresholds_are_data():
    with pytest.raises(InvalidInput):
        Ballot("p1", Choice.AGREE, proxy="张伟")
    assert Ballot("p1", Choice.AGREE, proxy="张伟", authorisation="委托书 2026-001").proxy == "张伟"
    # an older rule: quorum of more than half
    lenient = VotePolicy(
        quorum_area=Threshold(1, 2, inclusive=False), quorum_heads=Threshold(1, 2, inclusive=False)
    )
    assert tally(hundred(), ITEM_4, votes(30, 51), lenient).quorum is True
    assert tally(hundred(), ITEM_4, votes(30, 51)).quorum is False


def test_without_quorum_nothing_is_approved_and_it_says_why():
    result = tally(hundred(), ITEM_4, votes(60, 60))
    assert (result.quorum, result.passed) == (False, False)
    assert result.verdict.reasons[-1].message.zh == "参与表决未达法定比例，不计算同意比例"


# --- properties ------------------------------------------------------------------------------

areas = st.decimals(min_value=Decimal("1"), max_value=Decimal("500"), places=2, allow_nan=False)


@st.composite
def elections(draw):
    size = draw(st.integers(1, 25))
    roll = tuple(
        ExclusivePart(f"p{i}", (f"o{draw(st.integers(0, size - 1))}",), registered_area=draw(areas))
        for i in range(size)
    )
    ballots = [
        Ballot(f"p{i}", draw(st.sampled_from(Choice)))
        for i in draw(st.sets(st.integers(0, size - 1)))
    ]
    matter = draw(st.sampled_from(Matter))
    return roll, Motion("m", "议题", matter), ballots


@settings(max_examples=300)
@given(elections())
def test_adding_an_agree_ballot_never_turns_a_pass_into_a_fail(election):
    roll, motion, ballots = election
    before = tally(roll, motion, ballots)
    voted_people = {v.id for v in voters(roll) for b in ballots if b.part in v.parts}
    person = next((v for v in voters(roll) if v.id not in voted_people), None)
    if person is None:
        return
    after = tally(roll, motion, [*ballots, Ballot(person.parts[0], Choice.AGREE)])
    assert not (before.passed and not after.passed)


@settings(max_examples=300)
@given(elections())
def test_a_tally_never_passes_without_quorum(election):
    roll, motion, ballots = election
    result = tally(roll, motion, ballots)
    assert not result.passed or result.quorum
    assert result.voted_heads <= result.total_heads
    assert result.agree_area <= result.voted_area <= result.total_area
