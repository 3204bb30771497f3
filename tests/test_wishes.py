"""Micro-wishes: eligibility, the value cap, the lifecycle, the contact deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import IllegalTransition, InvalidInput
from neighborly.errors import Refused
from neighborly.places import Resident, ResidentTag
from neighborly.wishes import (
    ClaimantKind,
    Wish,
    WishPolicy,
    WishStatus,
    acknowledge,
    check_wishes,
    claim,
    contact,
    decline,
    expire,
    fulfil,
    publish,
    release,
    submit,
    verify,
    withdraw,
)

DAY = dt.date(2026, 11, 1)
ELDER = Resident("r-1", age=82, tags=frozenset({ResidentTag.ELDER_LIVING_ALONE}))


def published() -> Wish:
    wish, _ = submit("w-1", ELDER, "一台助听器", 15_000, DAY)
    wish, _ = verify(wish, "st-1", DAY)
    wish, _ = publish(wish, DAY)
    return wish


def test_the_whole_lifecycle_with_its_facts():
    wish = published()
    wish, claimed = claim(wish, "cb-bank", ClaimantKind.CO_BUILDING_UNIT, dt.date(2026, 11, 5))
    wish = contact(wish, dt.date(2026, 11, 6))
    wish, done = fulfil(wish, dt.date(2026, 11, 10), ["photo-001.jpg"])
    wish, thanked = acknowledge(wish, dt.date(2026, 11, 11))
    assert wish.status is WishStatus.ACKNOWLEDGED
    assert (claimed.before, claimed.to, claimed.by) == (
        WishStatus.PUBLISHED,
        WishStatus.CLAIMED,
        "cb-bank",
    )
    assert (done.by, thanked.by) == ("cb-bank", "r-1")
    assert wish.evidence == ("photo-001.jpg",)


def test_only_residents_in_need_may_wish_and_only_up_to_the_cap():
    with pytest.raises(Refused) as excinfo:
        submit("w-2", Resident("r-2", age=40), "x", 100, DAY)
    assert excinfo.value.rule == "wishes.eligibility"
    assert submit("w-3", ELDER, "x", 20_000, DAY)[0].value_fen == 20_000  # exactly the cap
    with pytest.raises(Refused) as excinfo:
        submit("w-4", ELDER, "电视机", 20_001, DAY)
    assert excinfo.value.reason.en == "电视机: 200.01 yuan is over the cap of 200.00 yuan"
    veteran = Resident("r-5", age=70, tags=frozenset({ResidentTag.VETERAN}))
    policy = WishPolicy(eligible=frozenset({ResidentTag.VETERAN}), max_value_fen=50_000)
    assert (
        submit("w-5", veteran, "轮椅", 50_000, DAY, policy=policy)[0].status is WishStatus.SUBMITTED
    )


def test_an_illegal_step_raises_and_changes_nothing():
    wish, _ = submit("w-1", ELDER, "一台助听器", 15_000, DAY)
    with pytest.raises(
        IllegalTransition,
        match="cannot claim wish w-1: it is submitted; from submitted it may only rejected, verified, withdrawn",
    ):
        claim(wish, "m-1", ClaimantKind.PARTY_MEMBER, DAY)
    assert wish.status is WishStatus.SUBMITTED
    with pytest.raises(IllegalTransition) as refused:
        claim(wish, "m-1", ClaimantKind.PARTY_MEMBER, DAY)
    assert (
        refused.value.explain("zh")
        == "不能认领心愿 w-1：当前为待审核；此时只能转为未通过、已审核、已撤回"
    )
    rejected, _ = decline(wish, "st-1", DAY, "不符合条件")
    with pytest.raises(IllegalTransition):
        publish(rejected, DAY)
    claimed, _ = claim(published(), "v-1", ClaimantKind.VOLUNTEER, DAY)
    with pytest.raises(IllegalTransition, match="without evidence"):
        fulfil(claimed, DAY, [])
    with pytest.raises(IllegalTransition):
        contact(published(), DAY)


def test_a_claimant_has_seven_days_to_make_contact():
    claimed, _ = claim(published(), "v-1", ClaimantKind.VOLUNTEER, dt.date(2026, 11, 5))
    assert check_wishes([claimed], dt.date(2026, 11, 12)).passed  # the 7th day
    late = check_wishes([claimed], dt.date(2026, 11, 13))
    assert late.reasons[0].message.en.endswith("contact due by 2026-11-12, none yet (1 day late)")
    with pytest.raises(IllegalTransition):
        release(claimed, dt.date(2026, 11, 12))
    back, fact = release(claimed, dt.date(2026, 11, 13))
    assert (back.status, back.claimant, fact.to) == (
        WishStatus.PUBLISHED,
        None,
        WishStatus.PUBLISHED,
    )
    contacted = contact(claimed, dt.date(2026, 11, 8))
    assert check_wishes([contacted], dt.date(2026, 12, 31)).passed
    with pytest.raises(IllegalTransition):
        release(contacted, dt.date(2026, 12, 31))


def test_an_unclaimed_wish_expires_after_its_days():
    wish = published()
    with pytest.raises(IllegalTransition):
        expire(wish, DAY + dt.timedelta(days=30))
    gone, _ = expire(wish, DAY + dt.timedelta(days=31))
    assert (gone.status, gone.closed) == (WishStatus.EXPIRED, DAY + dt.timedelta(days=31))


def test_a_wish_cannot_claim_to_be_fulfilled_without_evidence():
    with pytest.raises(InvalidInput) as excinfo:
        Wish(
            "w",
            "r",
            "x",
            100,
            DAY,
            status=WishStatus.FULFILLED,
            claimant="v",
            claimant_kind=ClaimantKind.VOLUNTEER,
            claimed=DAY,
        )
    assert [p.path for p in excinfo.value.problems] == ["$.evidence"]


ACTIONS = [
    "verify",
    "decline",
    "publish",
    "claim",
    "contact",
    "release",
    "fulfil",
    "acknowledge",
    "withdraw",
    "expire",
]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 40)), max_size=15))
def test_no_sequence_of_legal_calls_reaches_an_illegal_state(steps):
    wish, _ = submit("w-1", ELDER, "一台助听器", 15_000, DAY)
    day = DAY
    for action, gap in steps:
        day += dt.timedelta(days=gap)
        calls = {
            "verify": lambda w, d=day: verify(w, "st-1", d)[0],
            "decline": lambda w, d=day: decline(w, "st-1", d, "x")[0],
            "publish": lambda w, d=day: publish(w, d)[0],
            "claim": lambda w, d=day: claim(w, "v-1", ClaimantKind.VOLUNTEER, d)[0],
            "contact": lambda w, d=day: contact(w, d),
            "release": lambda w, d=day: release(w, d)[0],
            "fulfil": lambda w, d=day: fulfil(w, d, ["p.jpg"])[0],
            "acknowledge": lambda w, d=day: acknowledge(w, d)[0],
            "withdraw": lambda w, d=day: withdraw(w, d, "x")[0],
            "expire": lambda w, d=day: expire(w, d)[0],
        }
        closed = wish.status in {
            WishStatus.ACKNOWLEDGED,
            WishStatus.REJECTED,
            WishStatus.WITHDRAWN,
            WishStatus.EXPIRED,
        }
        try:
            moved = calls[action](wish)
        except IllegalTransition:
            continue
        assert not closed, f"{action} moved a closed wish"
        # the model's invariants held on the way: a fulfilled wish was claimed first
        if moved.status is WishStatus.FULFILLED:
            assert wish.status is WishStatus.CLAIMED
        if moved.status is WishStatus.ACKNOWLEDGED:
            assert wish.status is WishStatus.FULFILLED
        wish = moved
