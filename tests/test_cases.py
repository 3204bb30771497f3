"""Dispute cases: parties, the level and chain that hold them, hand-ups with and
without reasons, mediation, agreements and referrals, and requests that become
cases without losing their path."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given

from neighborly import InvalidInput
from neighborly._time import DEFAULT_ZONE
from neighborly.cases import (
    Agreement,
    Case,
    CaseKind,
    CaseLevel,
    CasePolicy,
    Disputant,
    MediationSession,
    Move,
    PartyKind,
    Referral,
    ReferralTo,
    Route,
    agree,
    case_from_request,
    check_endings,
    check_hand_ups,
    check_overdue,
    hand_up,
    mediate,
    refer,
)
from neighborly.errors import IllegalTransition
from neighborly.grids import GridLevel
from neighborly.party.structure import UnitKind
from neighborly.requests import Outcome, Urgency, escalate, raise_request
from neighborly.rules import check_community
from neighborly.sample import sample_community

from strategies import dispute_cases

AT = dt.datetime(2026, 11, 2, 9, tzinfo=DEFAULT_ZONE)
PARTIES = (
    Disputant("p1", PartyKind.HOUSEHOLD, "h-05-2-301"),
    Disputant("p2", PartyKind.HOUSEHOLD, "h-05-2-401"),
)


def noise(**more: object) -> Case:
    fields: dict[str, object] = {
        "id": "case-1",
        "kind": CaseKind.NEIGHBOUR,
        "title": "楼上噪声",
        "opened": AT,
        "parties": PARTIES,
        "moves": (Move(AT, CaseLevel.BUILDING, Route.GRID, "g3-2"),),
    }
    return Case(**{**fields, **more})  # type: ignore[arg-type]


# --- overdue, level by level ------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "days"),
    [(CaseLevel.BUILDING, 7), (CaseLevel.COMPOUND, 15), (CaseLevel.COMMUNITY, 30)],
)
def test_a_case_is_overdue_the_moment_after_its_levels_days(level, days):
    case = noise(moves=(Move(AT, level, Route.GRID, "g"),))
    assert check_overdue((case,), AT + dt.timedelta(days=days)).passed
    late = check_overdue((case,), AT + dt.timedelta(days=days, seconds=1))
    assert not late.passed
    assert f"at level {level.value} since 2026-11-02" in late.explain()


def test_a_closed_case_is_never_overdue_and_the_policy_sets_the_days():
    closed = agree(noise(), Agreement(AT.date(), "夜间十点后不再装修", ("p1", "p2"), "张三"), AT)
    assert check_overdue((closed,), AT + dt.timedelta(days=400)).passed
    assert not check_overdue((noise(),), AT + dt.timedelta(days=3), CasePolicy((2, 15, 30))).passed
    with pytest.raises(InvalidInput):
        CasePolicy((7, 15))


# --- hand-ups -------------------------------------------------------------------------


def test_a_case_handed_up_after_its_days_needs_no_reason():
    later = hand_up(
        noise(), Move(AT + dt.timedelta(days=8), CaseLevel.COMPOUND, Route.GRID, "g2-1")
    )
    assert check_hand_ups((later,)).passed


def test_an_early_hand_up_without_a_reason_fails_and_with_one_passes():
    # Hefei: the building leader hands a noise complaint straight to the grid Party branch
    early = Move(AT + dt.timedelta(days=1), CaseLevel.COMPOUND, Route.PARTY, "u-b1-1")
    verdict = check_hand_ups((hand_up(noise(), early),))
    assert not verdict.passed
    assert verdict.reasons[0].path == "$.cases[0].moves[1].reason"
    assert "after 1 days, before its 7 were over, with no reason" in verdict.explain()
    reasoned = attrs.evolve(early, reason="双方均为党员，由网格党支部调处更快")
    assert check_hand_ups((hand_up(noise(), reasoned),)).passed


def test_a_case_handed_past_a_level_needs_a_reason_even_after_its_days():
    past = Move(AT + dt.timedelta(days=20), CaseLevel.COMMUNITY, Route.GRID, "g1")
    verdict = check_hand_ups((hand_up(noise(), past),))
    assert "from level 3 to 1, past a level" in verdict.explain()
    assert "越级上交" in verdict.explain("zh")


def test_a_case_moves_only_up_and_only_forward_in_time():
    with pytest.raises(IllegalTransition):
        hand_up(noise(), Move(AT, CaseLevel.BUILDING, Route.GRID, "g3-1"))
    with pytest.raises(IllegalTransition):
        hand_up(noise(), Move(AT - dt.timedelta(hours=1), CaseLevel.COMPOUND, Route.GRID, "g2"))


# --- endings --------------------------------------------------------------------------


def test_an_agreement_signed_by_every_party_ends_a_case_and_one_missing_a_signature_does_not():
    session = MediationSession(AT + dt.timedelta(days=2), "st-head-1", ("p1", "p2"), "面对面调解")
    mediated = mediate(noise(), session)
    signed = agree(mediated, Agreement(AT.date(), "夜间不再装修", ("p1", "p2"), "张三"), AT)
    assert check_endings((signed,)).passed
    half = agree(mediated, Agreement(AT.date(), "夜间不再装修", ("p1",), "张三"), AT)
    verdict = check_endings((half,))
    assert not verdict.passed
    assert "the agreement lacks the signature of p2" in verdict.explain()
    oral = agree(mediated, Agreement(AT.date(), "当场赔礼道歉", (), "张三", oral=True), AT)
    assert check_endings((oral,)).passed  # People's Mediation Law Art. 28


def test_a_referral_ends_a_case_and_closing_without_either_fails():
    referred = refer(
        noise(), Referral(ReferralTo.PEOPLES_MEDIATION, AT + dt.timedelta(days=9), "双方分歧大")
    )
    assert referred.closed == AT + dt.timedelta(days=9)
    assert check_endings((referred,)).passed
    bare = noise(closed=AT + dt.timedelta(days=1))
    assert "closed with neither an agreement nor a referral" in check_endings((bare,)).explain()
    with pytest.raises(IllegalTransition):
        mediate(referred, MediationSession(AT, "x"))


def test_the_shape_of_a_case_is_checked_at_construction():
    with pytest.raises(InvalidInput) as caught:
        Case(
            id="c",
            kind=CaseKind.OTHER,
            title="t",
            opened=AT,
            parties=(PARTIES[0],),
            moves=(Move(AT + dt.timedelta(hours=1), CaseLevel.BUILDING, Route.GRID, "g"),),
            sessions=(MediationSession(AT, "m", ("p9",)),),
        )
    assert [p.path for p in caught.value.problems] == [
        "$.parties",
        "$.moves[0].at",
        "$.sessions[0].present[0]",
    ]
    with pytest.raises(InvalidInput):
        Disputant("p", PartyKind.DEVELOPER)  # neither id nor name


# --- from a request -------------------------------------------------------------------


def test_a_request_that_became_a_dispute_keeps_its_path_in_the_case():
    community = sample_community()
    request, _ = raise_request(
        "rq-9", community, "h-05-2-301", "噪声", Urgency.NORMAL, "楼上夜间噪声", AT
    )
    moved, _ = escalate(request, community, AT + dt.timedelta(hours=49))
    assert moved.level is GridLevel.COMPOUND
    case, closed = case_from_request(
        moved, community, "case-9", CaseKind.NEIGHBOUR, PARTIES, AT + dt.timedelta(days=3)
    )
    assert [(m.level, m.holder, m.at) for m in case.moves] == [
        (CaseLevel.BUILDING, request.grid, AT),
        (CaseLevel.COMPOUND, moved.grid, AT + dt.timedelta(hours=49)),
    ]
    assert case.request == "rq-9"
    assert check_hand_ups((case,)).passed  # the escalation says why it moved
    assert closed.outcome is Outcome.TO_CASE
    assert closed.note == "became dispute case case-9"
    both = attrs.evolve(community, requests=(closed,), cases=(case,))
    report = check_community(both, as_of=dt.date(2026, 11, 6))
    assert report["requests.overdue"].passed  # the request is closed, the case holds it
    assert report["cases.overdue"].passed


def test_a_case_names_the_grids_units_households_and_request_of_its_community():
    community = sample_community()
    wrong = noise(moves=(Move(AT, CaseLevel.BUILDING, Route.PARTY, "g3-2"),), request="nope")
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(community, cases=(wrong,))
    assert sorted(p.path for p in caught.value.problems) == [
        "$.cases[0].moves[0].holder",
        "$.cases[0].request",
    ]


# --- invariants -----------------------------------------------------------------------


@given(dispute_cases())
def test_an_open_case_at_its_levels_limit_is_never_overdue_and_a_closed_one_never(case):
    policy = CasePolicy()
    due = case.since + policy.limit(case.level)
    assert check_overdue((case,), due, policy).passed
    assert check_overdue((case,), due + dt.timedelta(seconds=1), policy).passed is (
        case.closed is not None
    )


# --- who holds a case at each level --------------------------------------------------------


def test_a_move_is_held_by_a_grid_or_party_unit_of_the_level_it_names():
    from neighborly.cases import check_holders

    c = sample_community()
    assert c.party is not None
    grids = {g.level.value: g.id for g in c.grids}
    kinds = {u.kind: u.id for u in c.party.units}
    good = noise(
        moves=(
            Move(AT, CaseLevel.BUILDING, Route.PARTY, kinds[UnitKind.GROUP], "党员楼栋"),
            Move(AT, CaseLevel.COMPOUND, Route.PARTY, kinds[UnitKind.BRANCH], "交支部"),
            Move(AT, CaseLevel.COMPOUND, Route.PARTY, kinds[UnitKind.GENERAL_BRANCH], "交总支"),
            Move(AT, CaseLevel.COMMUNITY, Route.GRID, grids[1], "交社区"),
        )
    )
    assert check_holders((good,), c.grids, c.party.units).passed
    bad = noise(
        moves=(
            Move(AT, CaseLevel.BUILDING, Route.GRID, grids[2]),
            Move(AT, CaseLevel.COMPOUND, Route.PARTY, kinds[UnitKind.COMMITTEE], "交党委"),
            Move(AT, CaseLevel.COMMUNITY, Route.PARTY, "u-nowhere", "交党委"),
        )
    )
    verdict = check_holders((bad,), c.grids, c.party.units)
    assert [r.path for r in verdict.reasons] == [
        "$.cases[0].moves[0].holder",
        "$.cases[0].moves[1].holder",
        "$.cases[0].moves[2].holder",
    ]
    assert [(r.expected, r.actual) for r in verdict.reasons] == [
        ("3", "2"),
        ("2", "1"),
        ("1", "none"),
    ]
    assert f"held at level 3 by grid {grids[2]}, level 2" in verdict.explain()
    assert "不属于已知层级" in verdict.explain("zh")


def test_check_community_judges_the_holders_of_the_sample_cases():
    report = check_community(sample_community(), as_of=dt.date(2026, 12, 1))
    assert report["cases.holder"].passed
    assert "5 moves, each held at the level it names" in report["cases.holder"].explain()
