"""Owners' votes: Civil Code Art. 278 counted per the SPC Interpretation, exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly._checks import _is_ident, plain_decimal
from neighborly.owners import (
    COMMITTEE_POLICIES,
    AssemblyMeeting,
    Ballot,
    Bill,
    Candidate,
    Charge,
    Choice,
    Committee,
    ExclusivePart,
    GroupMember,
    GroupRole,
    Matter,
    Motion,
    PartStatus,
    Payment,
    RollPolicy,
    Threshold,
    VotePolicy,
    area_of,
    arrears,
    check_assembly_meeting,
    check_candidates,
    check_committee,
    check_preparatory_group,
    collection,
    revocation_deadline,
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


# --- fees, the committee, the preparatory group, procedure ------------------------------------


def fees() -> tuple[list[Bill], list[Payment]]:
    bills = [
        Bill(f"b{i}", f"p{i}", Charge.PROPERTY_FEE, "2026-10", dt.date(2026, 10, 31), 25_000)
        for i in range(4)
    ] + [Bill("f1", "p3", Charge.MAINTENANCE_FUND, "2026", dt.date(2026, 6, 30), 100_000)]
    payments = [
        Payment("y0", "b0", dt.date(2026, 10, 5), 25_000),
        Payment("y1", "b1", dt.date(2026, 10, 20), 10_000),
        Payment("y2", "b2", dt.date(2026, 10, 31), 30_000),  # more than billed
    ]
    return bills, payments


def test_collection_rate_is_exact_and_counts_overpayment_only_up_to_the_bill():
    bills, payments = fees()
    result = collection(bills, payments, "2026-10")
    assert (result.billed_fen, result.paid_fen, result.paid_bills) == (100_000, 60_000, 2)
    assert str(result.rate) == "3/5"
    assert (
        result.render("en")
        == "2026-10: 600.00 of 1000.00 yuan collected (60.0%); 2 of 4 bills paid in full"
    )


def test_arrears_list_what_is_past_due_and_unpaid():
    bills, payments = fees()
    owing = arrears(bills, payments, dt.date(2026, 11, 22))
    assert [(a.part, a.charge.value, a.fen) for a in owing] == [
        ("p3", "maintenance_fund", 100_000),
        ("p3", "property_fee", 25_000),
        ("p1", "property_fee", 15_000),
    ]
    assert (
        arrears(bills, payments, dt.date(2026, 10, 31))[0].charge is Charge.MAINTENANCE_FUND
    )  # fees not yet due


def test_a_shanghai_style_rule_keeps_owners_in_arrears_off_the_committee():
    bills, payments = fees()
    roll = hundred()
    owing = arrears(bills, payments, dt.date(2026, 11, 22))
    national = check_candidates(["o0", "o1", "o3", "stranger"], roll, owing)
    assert [r.message.en for r in national.reasons] == ["stranger is not an owner on the roll"]
    shanghai = check_candidates(["o0", "o1", "o3"], roll, owing, COMMITTEE_POLICIES["shanghai"])
    assert [r.message.en for r in shanghai.reasons] == [
        "o1 owes 150.00 yuan in property fees or maintenance-fund contributions",
        "o3 owes 1250.00 yuan in property fees or maintenance-fund contributions",
    ]
    assert "Art. 20" in shanghai.source.en


@pytest.mark.parametrize(
    ("size", "passed"), [(4, False), (5, True), (6, False), (11, True), (13, False)]
)
def test_a_national_committee_has_5_to_11_members_an_odd_number(size, passed):
    committee = Committee(
        tuple(f"o{i}" for i in range(size)), dt.date(2026, 5, 1), 5, dt.date(2026, 5, 20)
    )
    assert (
        check_committee(committee, hundred(), dt.date(2026, 11, 22))["owners.committee_size"].passed
        is passed
    )


def test_small_estates_may_have_three_members_under_the_beijing_rule():
    small = hundred()
    three = Committee(("o0", "o1", "o2"), dt.date(2026, 5, 1), 5, dt.date(2026, 5, 20))
    assert check_committee(
        three, small, dt.date(2026, 11, 22), COMMITTEE_POLICIES["beijing"]
    ).passed
    big = tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(100)) for i in range(101)
    )
    assert not check_committee(
        three, big, dt.date(2026, 11, 22), COMMITTEE_POLICIES["beijing"]
    ).passed
    assert not check_committee(three, small, dt.date(2026, 11, 22)).passed


def test_committee_term_and_filing_deadlines():
    members = tuple(f"o{i}" for i in range(5))
    on_time = Committee(members, dt.date(2026, 5, 1), 5, dt.date(2026, 5, 31))  # day 30
    assert check_committee(on_time, hundred(), dt.date(2026, 11, 22)).passed
    late = Committee(members, dt.date(2026, 5, 1), 5, dt.date(2026, 6, 1))
    assert not check_committee(late, hundred(), dt.date(2026, 11, 22))[
        "owners.committee_filing"
    ].passed
    unfiled = Committee(members, dt.date(2026, 11, 1), 5)
    assert check_committee(unfiled, hundred(), dt.date(2026, 12, 1))[
        "owners.committee_filing"
    ].passed
    assert not check_committee(unfiled, hundred(), dt.date(2026, 12, 2))[
        "owners.committee_filing"
    ].passed
    long_term = Committee(members, dt.date(2026, 5, 1), 6, dt.date(2026, 5, 2))
    assert not check_committee(long_term, hundred(), dt.date(2026, 11, 22))[
        "owners.committee_term"
    ].passed
    short_shanghai = Committee(members, dt.date(2026, 5, 1), 2, dt.date(2026, 5, 2))
    assert not check_committee(
        short_shanghai, hundred(), dt.date(2026, 11, 22), COMMITTEE_POLICIES["shanghai"]
    ).passed


def test_the_preparatory_group_is_odd_half_owners_and_led_by_the_street_office():
    good = [
        GroupMember("街道代表", GroupRole.STREET_OFFICE, leader=True),
        GroupMember("居委会代表", GroupRole.RESIDENTS_COMMITTEE),
        GroupMember("业主甲", GroupRole.OWNER),
        GroupMember("业主乙", GroupRole.OWNER),
        GroupMember("业主丙", GroupRole.OWNER),
    ]
    assert check_preparatory_group(good).passed
    bad = [*good[1:], GroupMember("开发商代表", GroupRole.DEVELOPER, leader=True)]
    messages = [r.message.en for r in check_preparatory_group(bad).reasons]
    assert messages == [
        "led by 开发商代表 (developer): the street office's representative should lead"
    ]
    even = good[:4]
    assert "an odd number wanted" in check_preparatory_group(even).reasons[0].message.en
    few_owners = [
        good[0],
        good[1],
        GroupMember("开发商代表", GroupRole.DEVELOPER),
        GroupMember("业主甲", GroupRole.OWNER),
        GroupMember("派出所", GroupRole.OTHER),
    ]
    assert "at least half wanted" in check_preparatory_group(few_owners).reasons[0].message.en


def test_fifteen_days_notice_and_a_twenty_percent_requisition():
    roll = hundred()
    held = dt.date(2026, 12, 20)
    assert check_assembly_meeting(AssemblyMeeting("a1", dt.date(2026, 12, 5), held), roll).passed
    short = check_assembly_meeting(AssemblyMeeting("a1", dt.date(2026, 12, 6), held), roll)
    assert short.verdicts[0].reasons[0].message.en.endswith("14 days' notice (1 short)")
    asked = tuple(f"p{i}" for i in range(20))
    assert check_assembly_meeting(
        AssemblyMeeting("a2", dt.date(2026, 12, 1), held, True, asked), roll
    ).passed
    too_few = check_assembly_meeting(
        AssemblyMeeting("a2", dt.date(2026, 12, 1), held, True, asked[:19]), roll
    )
    assert (
        too_few["owners.requisition"].reasons[0].message.en
        == "19 of 100 owners asked; at least 20 needed (1 short)"
    )


def test_a_decision_may_be_challenged_for_a_year():
    assert revocation_deadline(dt.date(2026, 3, 1)) == dt.date(2027, 3, 1)
    assert revocation_deadline(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_the_beijing_rule_bars_dishonest_debtors_and_interested_owners():
    roll = hundred()
    candidates = [
        Candidate("o0"),
        Candidate("o1", dishonest_debtor=True),
        Candidate("o2", company_interest=True),
        Candidate("o3", full_capacity=False),
    ]
    national = check_candidates(candidates, roll)
    assert [r.message.en for r in national.reasons] == ["o3 lacks full civil capacity"]
    beijing = check_candidates(candidates, roll, policy=COMMITTEE_POLICIES["beijing"])
    assert [r.message.en for r in beijing.reasons] == [
        "o1 is listed as a dishonest judgment debtor",
        "o2 (or a spouse or lineal relative) has an interest in the property company",
        "o3 lacks full civil capacity",
    ]
    assert "Art. 39" in beijing.source.en


# --- the roll of a community's households ---------------------------------------------

_ident_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
    min_size=1,
    max_size=128,
).filter(_is_ident)
_any_area = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("999999999999999"), allow_nan=False
).filter(lambda d: d > 0 and plain_decimal(d))


@settings(max_examples=200)
@given(_ident_text, st.lists(_ident_text, max_size=2), _any_area)
def test_the_roll_makes_of_any_household_a_part_its_own_checks_accept(hid, owners, area):
    # roll_of skips the part's checks, since its household passed the same ones; a
    # household with no owner gets an owner id that is an identifier whatever its
    # own id's length
    from neighborly.owners import own_owner, roll_of
    from neighborly.places import Household

    class _Place:
        def households(self) -> list[Household]:
            return [Household(hid, "1-101", area, tuple(owners))]

    (part,) = roll_of(_Place())  # type: ignore[arg-type]
    checked = ExclusivePart(part.id, part.owners, registered_area=part.registered_area)
    assert part == checked
    assert part.owners == (tuple(owners) or (own_owner(hid),))
    assert len(own_owner(hid)) <= 128
    assert own_owner(hid) == own_owner(hid)  # the same household, the same owner


def test_a_household_with_the_longest_id_and_no_owner_is_judged_with_its_owners():
    from neighborly.owners import own_owner
    from neighborly.rules import check_community
    from neighborly.sample import sample_community

    sample = sample_community()
    long_id = "h" * 128
    compound = sample.compounds[0]
    building = compound.buildings[0]
    unit = building.units[0]
    added = attrs.evolve(unit.households[0], id=long_id, owners=(), occupants=())
    unit = attrs.evolve(unit, households=(*unit.households, added))
    building = attrs.evolve(building, units=(unit, *building.units[1:]))
    compound = attrs.evolve(compound, buildings=(building, *compound.buildings[1:]))
    changed = attrs.evolve(sample, compounds=(compound, *sample.compounds[1:]))
    assert own_owner(long_id) != own_owner("h" * 127)
    report = check_community(changed, as_of=dt.date(2026, 12, 5))
    assert any(v.rule.startswith("owners.") for v in report)
