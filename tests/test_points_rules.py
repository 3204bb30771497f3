"""Earning rules, caps and multipliers; expiry oldest first; redemption gates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from neighborly import InvalidInput, NotFound
from neighborly.calendar import Festival
from neighborly.errors import Conflict, Refused
from neighborly.points import (
    Account,
    AccountKind,
    EarningPolicy,
    EarningRule,
    ExpiryPolicy,
    Item,
    Ledger,
    Posting,
    PostingKind,
    RedemptionPolicy,
    awards,
    expiries,
    redemption,
    reversal,
)
from neighborly.volunteering import RecordStatus, ServiceRecord, Verifier, approve, correct

Z = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 11, 22, 10, tzinfo=Z)
VERIFIER = Verifier("st-1", teams=frozenset({"t"}))


def ledger() -> Ledger:
    return Ledger(
        [
            Account("budget", AccountKind.ISSUER, budget=100_000),
            Account("acct-1", AccountKind.VOLUNTEER, holder="v-1"),
            Account("acct-2", AccountKind.VOLUNTEER, holder="v-2"),
            Account("shop", AccountKind.SINK),
            Account("expired", AccountKind.SINK),
        ],
        [Item("soap", "洗衣皂", cost=20, stock=1), Item("rice", "大米", cost=50)],
    )


ACCOUNTS = {"v-1": "acct-1", "v-2": "acct-2"}


def served(
    rid: str, day: dt.date, hours: str = "2", kind: str | None = None, volunteer: str = "v-1"
) -> ServiceRecord:
    record = ServiceRecord(
        id=rid,
        volunteer=volunteer,
        activity="服务",
        day=day,
        place="社区",
        content="服务内容",
        hours=Decimal(hours),
        organiser="居委会",
        person_in_charge="王主任",
        entered=day,
        team="t",
        kind=kind,
    )
    return approve(record, VERIFIER, day)[0]


def earn(made: Ledger, records: list[ServiceRecord], policy: EarningPolicy):
    result = awards(records, policy, ledger=made, issuer="budget", accounts=ACCOUNTS, at=AT)
    made.post_all(a.posting for a in result if a.posting is not None)
    return result


# --- earning ----------------------------------------------------------------------------


def test_each_kind_of_activity_earns_by_its_own_rule_and_says_how():
    policy = EarningPolicy(rules=(EarningRule(None, 10), EarningRule("elder_care", 15, fixed=5)))
    made = ledger()
    day = dt.date(2026, 3, 2)
    a, b = earn(
        made, [served("r1", day, "2.5", "elder_care"), served("r2", day, "1.5", "patrol")], policy
    )
    assert (a.points, b.points) == (42, 15)  # 5 + 2.5 x 15 = 42.5, rounded down; 1.5 x 10
    assert a.explain("en") == "r1: rule elder_care: 5 + 2.5 h x 15 = 42 points"
    assert b.explain("zh") == "r2：规则 default：0 分 + 1.5 小时 × 10 分 = 15 分"
    assert made.balance("acct-1") == 57


def test_only_approved_records_earn_and_only_once():
    made = ledger()
    policy = EarningPolicy()
    day = dt.date(2026, 3, 2)
    submitted = attrs.evolve(
        served("r1", day), status=RecordStatus.SUBMITTED, verifier=None, decided=None
    )
    assert earn(made, [submitted], policy) == ()
    earn(made, [served("r2", day)], policy)
    assert earn(made, [served("r2", day)], policy) == ()
    assert made.balance("acct-1") == 20


def test_festival_and_holiday_multipliers_apply_the_larger_not_both():
    policy = EarningPolicy(
        festival_factor=Decimal(2),
        festivals=frozenset({Festival.DOUBLE_NINTH, Festival.NATIONAL_DAY}),
        holiday_factor=Decimal("1.5"),
    )
    made = ledger()
    national_day, double_ninth, workday = (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 18),
        dt.date(2026, 10, 19),
    )
    holiday_only = dt.date(2026, 10, 3)
    result = earn(
        made,
        [
            served(f"r{i}", d)
            for i, d in enumerate((national_day, double_ninth, workday, holiday_only))
        ],
        policy,
    )
    # taken in day order: 10-01, 10-03, 10-18, 10-19
    assert [a.points for a in result] == [40, 30, 40, 20]
    assert result[0].reasons[-1].message.en == "National Day: x2 = 40 points"
    assert result[1].reasons[-1].message.en == "National Day: x1.5 = 30 points"
    assert result[2].reasons[-1].message.zh == "重阳节（老年节）：× 2 = 40 分"


def test_no_holiday_multiplier_is_guessed_for_a_year_not_published():
    policy = EarningPolicy(holiday_factor=Decimal(2))
    (award,) = earn(ledger(), [served("r1", dt.date(2030, 10, 1))], policy)
    assert award.points == 20
    assert "the 2030 holiday arrangement is not known" in award.explain("en")


def test_daily_and_monthly_caps_trim_the_later_records_and_say_so():
    policy = EarningPolicy(daily_cap=30, monthly_cap=50)
    made = ledger()
    day = dt.date(2026, 3, 2)
    first, second = earn(made, [served("r1", day), served("r2", day)], policy)
    assert (first.points, second.points) == (20, 10)
    assert (
        second.reasons[-1].message.en
        == "daily cap 30: 20 already earned for 2026-03-02, trimmed by 10 to 10"
    )
    # the cap counts what is already in the ledger too
    (third,) = earn(made, [served("r3", dt.date(2026, 3, 3)), served("r1", day)], policy)
    assert third.points == 20
    everything = [served("r1", day), served("r2", day), served("r3", dt.date(2026, 3, 3))]
    (fourth,) = earn(made, [*everything, served("r4", dt.date(2026, 3, 4))], policy)
    assert fourth.points == 0
    assert fourth.posting is None
    assert "monthly cap 50: 50 already earned for 2026-03" in fourth.explain("en")
    # another volunteer has caps of their own
    (other,) = earn(made, [served("r5", day, volunteer="v-2")], policy)
    assert other.points == 20


def test_a_reversed_record_takes_its_points_back_or_never_earns():
    made = ledger()
    day = dt.date(2026, 3, 2)
    original = served("r1", day)
    earn(made, [original], EarningPolicy())
    fixed = attrs.evolve(
        served("r1b", day, "1"), status=RecordStatus.SUBMITTED, verifier=None, decided=None
    )
    corrected = correct(original, fixed, VERIFIER, day, "时长录错")
    replacement = approve(corrected.replacement, VERIFIER, day)[0]
    result = earn(made, [original, corrected.reversal, replacement], EarningPolicy())
    assert [a.points for a in result] == [-20, 10]
    assert made.balance("acct-1") == 10
    assert earn(made, [original, corrected.reversal, replacement], EarningPolicy()) == ()
    # reversed before it was ever awarded: nothing to award, nothing to take back
    fresh = ledger()
    assert earn(fresh, [original, corrected.reversal], EarningPolicy()) == ()


def test_earning_needs_an_account_and_one_rule_per_kind():
    with pytest.raises(NotFound):
        awards(
            [served("r1", dt.date(2026, 3, 2), volunteer="v-9")],
            EarningPolicy(),
            ledger=ledger(),
            issuer="budget",
            accounts=ACCOUNTS,
            at=AT,
        )
    with pytest.raises(InvalidInput) as excinfo:
        EarningPolicy(rules=(EarningRule("patrol"), EarningRule("patrol", 5)))
    assert excinfo.value.problems[0].path == "$.rules[1].kind"
    (award,) = awards(
        [served("r1", dt.date(2026, 3, 2), kind="x")],
        EarningPolicy(rules=(EarningRule("patrol"),)),
        ledger=ledger(),
        issuer="budget",
        accounts=ACCOUNTS,
        at=AT,
    )
    assert (award.points, award.posting) == (0, None)


# --- expiry ---------------------------------------------------------------------------


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=Z)


def test_points_expire_after_the_policy_months_oldest_first():
    made = ledger()
    made.post(Posting("a1", _at(2024, 1, 10), PostingKind.AWARD, "budget", "acct-1", 30))
    made.post(Posting("a2", _at(2024, 6, 10), PostingKind.AWARD, "budget", "acct-1", 40))
    made.post(
        Posting("t1", _at(2024, 7, 1), PostingKind.TRANSFER, "acct-1", "acct-2", 20)
    )  # from a1
    policy = ExpiryPolicy(months=24)
    assert expiries(made, _at(2026, 1, 9), policy, sink="expired") == ()
    (due,) = expiries(made, _at(2026, 1, 10), policy, sink="expired")  # exactly 24 months
    assert (due.key, due.source, due.points) == ("expiry:a1", "acct-1", 10)
    made.post(due)
    assert expiries(made, _at(2026, 1, 10), policy, sink="expired") == ()
    later = expiries(made, _at(2026, 7, 1), policy, sink="expired")
    assert [(p.key, p.source, p.points) for p in later] == [
        ("expiry:a2", "acct-1", 40),
        ("expiry:t1", "acct-2", 20),
    ]
    made.post_all(later)
    assert made.balance("acct-1") == made.balance("acct-2") == 0
    assert made.balance("expired") == 70


def test_taking_back_an_award_takes_that_awards_points_first():
    made = ledger()
    made.post(Posting("a1", _at(2024, 1, 10), PostingKind.AWARD, "budget", "acct-1", 30))
    made.post(Posting("a2", _at(2025, 6, 10), PostingKind.AWARD, "budget", "acct-1", 40))
    made.post(reversal(made.posting("a2"), "a2-rev", _at(2025, 7, 1)))
    (due,) = expiries(made, _at(2026, 1, 10), ExpiryPolicy(months=24), sink="expired")
    assert (due.key, due.points) == ("expiry:a1", 30)
    assert expiries(made, _at(2030, 1, 1), ExpiryPolicy(), sink="expired") == ()


# --- redemption -------------------------------------------------------------------------


def test_redemption_checks_the_star_gate_the_balance_and_the_stock():
    made = ledger()
    made.post(Posting("a1", AT, PostingKind.AWARD, "budget", "acct-1", 50))
    gate = RedemptionPolicy(min_stars=1)
    with pytest.raises(Refused) as excinfo:
        redemption(made, "acct-1", "soap", 1, key="b1", at=AT, sink="shop", stars=0, policy=gate)
    assert (excinfo.value.rule, excinfo.value.reason.en) == (
        "points.gate",
        "b1: redemption needs 1 star, acct-1 has 0",
    )
    posting = redemption(
        made, "acct-1", "soap", 1, key="b1", at=AT, sink="shop", stars=1, policy=gate
    )
    made.post(posting)
    with pytest.raises(Refused) as excinfo:
        redemption(made, "acct-1", "soap", 1, key="b2", at=AT, sink="shop")
    assert excinfo.value.rule == "points.stock"
    with pytest.raises(Refused) as excinfo:
        redemption(made, "acct-2", "rice", 1, key="b3", at=AT, sink="shop")
    assert (excinfo.value.rule, excinfo.value.actual) == ("points.balance", "0")
    with pytest.raises(NotFound):
        redemption(made, "acct-1", "gold", 1, key="b4", at=AT, sink="shop")


def test_a_redemption_asked_again_with_its_key_returns_the_posting_already_made():
    made = ledger()
    made.post(Posting("a1", AT, PostingKind.AWARD, "budget", "acct-1", 50))
    posting = redemption(made, "acct-1", "soap", 1, key="b1", at=AT, sink="shop")
    made.post(posting)
    # a retry after a timeout: the soap is gone and so are the points, yet the answer
    # is the redemption already recorded, not a refusal
    again = redemption(made, "acct-1", "soap", 1, key="b1", at=AT, sink="shop")
    assert again == posting
    assert made.post(again).posting == posting
    assert len(made.entries) == 2
    with pytest.raises(Conflict):
        redemption(made, "acct-1", "soap", 2, key="b1", at=AT, sink="shop")
