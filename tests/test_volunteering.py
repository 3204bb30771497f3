"""Volunteers, service records and their approval, the recording deadline, star levels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import IllegalTransition, InvalidInput, NotFound
from neighborly.volunteering import (
    STAR_POLICIES,
    RecordPolicy,
    RecordStatus,
    ServiceRecord,
    StarPolicy,
    Verifier,
    Volunteer,
    approve,
    approved_hours,
    check_records,
    correct,
    record_deadline,
    reject,
    standings,
    star_level,
)

from builders import community
from strategies import hours_values


def record(rid: str = "sr-1", **changes: object) -> ServiceRecord:
    base = ServiceRecord(
        id=rid,
        volunteer="v-1",
        activity="重阳敬老",
        day=dt.date(2026, 10, 18),
        place="老年日间照料中心",
        content="陪伴聊天、测血压",
        hours=Decimal("2.5"),
        organiser="示例社区居委会",
        person_in_charge="王主任",
        entered=dt.date(2026, 10, 19),
        team="t-elder",
        grid="g3-1",
    )
    return attrs.evolve(base, **changes)


ELDER_TEAM = Verifier("st-1", teams=frozenset({"t-elder"}))
ON = dt.date(2026, 10, 20)


def paths(excinfo: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.path for p in excinfo.value.problems]


# --- the record -----------------------------------------------------------------------


def test_a_record_carries_every_field_the_national_rules_require():
    with pytest.raises(InvalidInput) as excinfo:
        record(activity="", place=" ", content="", organiser="", person_in_charge="")
    assert paths(excinfo) == [
        "$.activity",
        "$.place",
        "$.content",
        "$.organiser",
        "$.person_in_charge",
    ]


@pytest.mark.parametrize("hours", ["0", "-1", "24.01", "1.005", "NaN"])
def test_hours_are_more_than_0_at_most_24_to_two_places(hours: str):
    with pytest.raises(InvalidInput) as excinfo:
        record(hours=Decimal(hours))
    assert paths(excinfo) == ["$.hours"]


def test_the_smallest_and_largest_hours_are_accepted():
    assert record(hours=Decimal("0.01")).hours == Decimal("0.01")
    assert record(hours=Decimal(24)).hours == Decimal(24)


def test_a_record_cannot_be_entered_before_the_activity():
    with pytest.raises(InvalidInput) as excinfo:
        record(entered=dt.date(2026, 10, 17))
    assert paths(excinfo) == ["$.entered"]


def test_a_decided_record_names_its_verifier_and_a_rejection_its_reason():
    with pytest.raises(InvalidInput) as excinfo:
        record(status=RecordStatus.APPROVED)
    assert paths(excinfo) == ["$.verifier"]
    with pytest.raises(InvalidInput) as excinfo:
        record(status=RecordStatus.REJECTED, verifier="st-1", decided=ON)
    assert paths(excinfo) == ["$.reason"]


def test_an_outside_volunteer_needs_a_name_a_resident_does_not():
    assert Volunteer("v-1", dt.date(2025, 3, 5), resident="r-1").name is None
    assert "name='张*'" in repr(Volunteer("v-2", dt.date(2025, 3, 5), name="张伟"))
    with pytest.raises(InvalidInput) as excinfo:
        Volunteer("v-3", dt.date(2025, 3, 5))
    assert paths(excinfo) == ["$.name"]


# --- approval -------------------------------------------------------------------------


def test_a_verifier_whose_scope_covers_the_team_approves():
    approved, fact = approve(record(), ELDER_TEAM, ON)
    assert approved.status is RecordStatus.APPROVED
    assert (approved.verifier, approved.decided) == ("st-1", ON)
    assert (fact.record, fact.verifier, fact.on) == ("sr-1", "st-1", ON)


def test_a_verifier_outside_the_scope_may_not_decide_and_nothing_changes():
    stranger = Verifier("st-2", teams=frozenset({"t-patrol"}), grids=frozenset({"g3-2"}))
    original = record()
    with pytest.raises(IllegalTransition, match="outside the scope of verifier st-2"):
        approve(original, stranger, ON)
    with pytest.raises(IllegalTransition):
        reject(original, stranger, ON, "时长不符")
    assert original.status is RecordStatus.SUBMITTED


def test_a_grid_scope_covers_the_grids_below_it_when_told_the_tree():
    head = Verifier("st-dep", grids=frozenset({"g2"}))
    parents = {g.id: g.parent for g in community(300, 400).grids}
    assert not head.covers(record())
    assert head.covers(record(), parents)
    assert approve(record(), head, ON, within=parents)[0].verifier == "st-dep"


def test_a_decided_record_cannot_be_decided_again():
    approved, _ = approve(record(), ELDER_TEAM, ON)
    with pytest.raises(IllegalTransition, match="it is approved"):
        approve(approved, ELDER_TEAM, ON)
    rejected, fact = reject(record("sr-2"), ELDER_TEAM, ON, "活动未举行")
    assert (rejected.status, rejected.reason, fact.reason) == (
        RecordStatus.REJECTED,
        "活动未举行",
        "活动未举行",
    )
    with pytest.raises(IllegalTransition, match="it is rejected"):
        approve(rejected, ELDER_TEAM, ON)


def test_a_correction_keeps_the_approved_record_and_adds_a_reversal_and_a_replacement():
    original, _ = approve(record(), ELDER_TEAM, ON)
    fixed = record("sr-1b", hours=Decimal("1.5"), entered=dt.date(2026, 10, 25))
    corrected = correct(original, fixed, ELDER_TEAM, dt.date(2026, 10, 25), "时长录错")
    reversal = corrected.reversal
    assert (reversal.id, reversal.reverses, reversal.hours) == (
        "sr-1.reversal",
        "sr-1",
        Decimal("2.5"),
    )
    assert reversal.status is RecordStatus.APPROVED
    assert corrected.replacement == attrs.evolve(fixed, corrects="sr-1")
    approved_fix, _ = approve(corrected.replacement, ELDER_TEAM, dt.date(2026, 10, 26))
    kept = [original, reversal, approved_fix]
    assert approved_hours(kept) == {"v-1": Decimal("1.5")}
    assert check_records(kept).passed
    # a replacement is judged by its original, not by when it was entered
    late_fix = attrs.evolve(approved_fix, entered=dt.date(2027, 1, 1), decided=dt.date(2027, 1, 1))
    assert check_records([original, reversal, late_fix]).passed
    # and it must replace a record that a reversal cancels
    stray = attrs.evolve(approved_fix, id="sr-9", corrects="sr-7")
    verdict = check_records([original, reversal, approved_fix, stray])["volunteering.reversals"]
    assert [r.message.en for r in verdict.reasons] == [
        "sr-9 replaces sr-7, which no reversal cancels"
    ]


def test_only_an_approved_record_can_be_corrected_and_only_with_a_new_submitted_one():
    with pytest.raises(IllegalTransition, match="it is submitted"):
        correct(record(), record("sr-2"), ELDER_TEAM, ON, "x")
    original, _ = approve(record(), ELDER_TEAM, ON)
    reversal = correct(original, record("sr-2"), ELDER_TEAM, ON, "x").reversal
    with pytest.raises(IllegalTransition, match="a reversal"):
        correct(reversal, record("sr-3"), ELDER_TEAM, ON, "x")
    with pytest.raises(InvalidInput) as excinfo:
        correct(original, record("sr-1", volunteer="v-9"), ELDER_TEAM, ON, "x")
    assert paths(excinfo) == ["$.replacement.volunteer", "$.replacement.id"]


def test_reversals_must_cancel_one_approved_record_once_with_its_figures():
    original, _ = approve(record(), ELDER_TEAM, ON)
    reversal = correct(original, record("sr-2"), ELDER_TEAM, ON, "x").reversal
    twice = attrs.evolve(reversal, id="sr-1.again")
    wrong = attrs.evolve(reversal, id="sr-1.wrong", hours=Decimal(1))
    orphan = attrs.evolve(reversal, id="sr-x.reversal", reverses="sr-x")
    verdict = check_records([original, reversal, twice, wrong, orphan])["volunteering.reversals"]
    assert not verdict.passed
    messages = [r.message.en for r in verdict.reasons]
    assert messages == [
        "sr-1 is reversed twice (sr-1.reversal and sr-1.again)",
        "sr-1 is reversed twice (sr-1.reversal and sr-1.wrong)",
        "sr-x.reversal reverses sr-x, which is missing, not an approved record",
    ]


# --- hours and the deadline -------------------------------------------------------------


def test_travel_time_is_left_out_unless_the_policy_counts_it():
    approved, _ = approve(record(travel_hours=Decimal("0.5")), ELDER_TEAM, ON)
    assert approved_hours([approved]) == {"v-1": Decimal("2.5")}
    assert approved_hours([approved], policy=RecordPolicy(count_travel=True)) == {
        "v-1": Decimal("3.0")
    }


def test_only_approved_hours_up_to_the_day_count():
    approved, _ = approve(record(), ELDER_TEAM, ON)
    later, _ = approve(
        record("sr-2", day=dt.date(2026, 11, 1), entered=dt.date(2026, 11, 2)),
        ELDER_TEAM,
        dt.date(2026, 11, 3),
    )
    assert approved_hours([approved, later, record("sr-3")], as_of=dt.date(2026, 10, 31)) == {
        "v-1": Decimal("2.5")
    }


def test_the_deadline_is_the_tenth_working_day_after_the_activity():
    # a Monday: ten working days later is the Monday two weeks on
    assert record_deadline(dt.date(2026, 3, 2)) == dt.date(2026, 3, 16)
    # the 2026 National Day break (10-1..10-7) does not count; Saturday 10-10 is worked
    assert record_deadline(dt.date(2026, 9, 30)) == dt.date(2026, 10, 20)
    # no published arrangement for 2030: refused, unless weekdays are assumed
    with pytest.raises(NotFound, match="2023-2026"):
        record_deadline(dt.date(2030, 9, 30))
    assumed = RecordPolicy(assume_weekdays=True)
    assert record_deadline(dt.date(2030, 9, 30), assumed) == dt.date(2030, 10, 14)
    assert record_deadline(dt.date(2026, 3, 2), RecordPolicy(deadline_workdays=0)) == dt.date(
        2026, 3, 2
    )


def test_a_record_entered_on_the_last_day_is_in_time_and_a_day_later_is_not():
    day = dt.date(2026, 9, 30)
    on_time = record(day=day, entered=dt.date(2026, 10, 20))
    late = record("sr-2", day=day, entered=dt.date(2026, 10, 21))
    verdict = check_records([on_time, late])["volunteering.deadline"]
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert (reason.expected, reason.actual) == ("2026-10-20", "2026-10-21")
    assert "(1 day late)" in reason.message.en
    assert "晚 1 天" in reason.message.zh
    assert "Art. 11" in verdict.source.en


# --- stars ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "stars"),
    [
        ("0", 0),
        ("99.99", 0),
        ("100", 1),
        ("299.99", 1),
        ("300", 2),
        ("600", 3),
        ("1000", 4),
        ("1499.99", 4),
        ("1500", 5),
        ("9999", 5),
    ],
)
def test_national_star_levels_at_their_boundaries(hours: str, stars: int):
    assert star_level(Decimal(hours)) == stars


def test_local_presets_have_their_own_thresholds():
    assert STAR_POLICIES["national"].thresholds == (100, 300, 600, 1000, 1500)
    assert STAR_POLICIES["beijing"].thresholds == (100, 200, 500, 800, 1000)
    assert STAR_POLICIES["zhangjiagang"].thresholds == (30, 60, 100, 200, 300)
    assert star_level(200, STAR_POLICIES["beijing"]) == 2
    assert star_level(200, STAR_POLICIES["zhangjiagang"]) == 4


def test_thresholds_must_rise():
    with pytest.raises(InvalidInput) as excinfo:
        StarPolicy((100, 100, 300))
    assert paths(excinfo) == ["$.thresholds"]


def _hours(volunteer: str, hours: int, day: dt.date = dt.date(2026, 6, 1)) -> ServiceRecord:
    submitted = record(
        f"{volunteer}-{hours}",
        volunteer=volunteer,
        hours=Decimal(min(hours, 24)),
        day=day,
        entered=day,
    )
    approved, _ = approve(submitted, ELDER_TEAM, day)
    return approved


def test_standings_rank_volunteers_and_say_how_far_the_next_star_is():
    people = [
        Volunteer("v-a", dt.date(2020, 1, 1), name="甲"),
        Volunteer("v-b", dt.date(2020, 1, 1), name="乙"),
    ]
    records = [_hours("v-a", 24, dt.date(2026, 1, d)) for d in range(1, 6)]  # 120 h
    result = standings(people, records, dt.date(2026, 12, 31))
    assert [(s.volunteer, s.hours, s.stars, s.next_at, s.to_next) for s in result] == [
        ("v-a", Decimal(120), 1, 300, Decimal(180)),
        ("v-b", Decimal(0), 0, 100, Decimal(100)),
    ]
    assert result[0].render("en") == "v-a ★ 120 h, 180 h to the next"
    assert result[0].render("zh") == "v-a ★ 120 小时，距下一星 180 小时"


def test_stars_can_wait_for_a_minimum_time_since_registration():
    policy = StarPolicy(min_months=12)
    person = Volunteer("v-a", dt.date(2025, 6, 1), name="甲")
    records = [_hours("v-a", 24, dt.date(2026, 1, d)) for d in range(1, 6)]
    (early,) = standings([person], records, dt.date(2026, 5, 31), policy)
    (on_the_day,) = standings([person], records, dt.date(2026, 6, 1), policy)
    assert (early.stars, early.held_back) == (0, True)
    assert (on_the_day.stars, on_the_day.held_back) == (1, False)


@given(st.lists(hours_values, max_size=20))
def test_approved_hours_are_the_sum_of_approved_records_less_reversals(hours):
    records = []
    for i, h in enumerate(hours):
        approved, _ = approve(record(f"r{i}", hours=h), ELDER_TEAM, ON)
        records.append(approved)
        if i % 3 == 0:
            records.append(correct(approved, record(f"r{i}b"), ELDER_TEAM, ON, "x").reversal)
    expected = sum((h for i, h in enumerate(hours) if i % 3), Decimal(0))
    assert approved_hours(records).get("v-1", Decimal(0)) == expected
    assert check_records(records)["volunteering.reversals"].passed
