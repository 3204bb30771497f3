"""The owners' record in the community file (committee, candidates, fees, meetings,
the working committee) and the property company (its Party branch, joint meetings
and holiday activities), each checked by check_community."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.calendar import Festival, HolidayCalendar
from neighborly.owners import (
    Bill,
    Candidate,
    Charge,
    Committee,
    CommitteePolicy,
    CompanyActivity,
    DutyDay,
    HolidayDuty,
    JointMeeting,
    JointParty,
    Owners,
    Payment,
    PropertyCompany,
    WorkingCommittee,
    WorkingCommitteePolicy,
    check_holiday_activities,
    check_owners,
    check_working_committee,
    roll_of,
)
from neighborly.rules import Policies, check_community
from neighborly.sample import sample_community

FORMED = dt.date(2026, 1, 5)
ELECTED = dt.date(2026, 9, 20)


def every_day(first: dt.date, last: dt.date, member: str = "r1") -> tuple[DutyDay, ...]:
    return tuple(
        DutyDay(first + dt.timedelta(days=n), member) for n in range((last - first).days + 1)
    )


def working(**more: object) -> WorkingCommittee:
    fields: dict[str, object] = {
        "members": ("r1", "r2"),
        "formed": FORMED,
        "duty": every_day(FORMED, dt.date(2026, 12, 31)),
    }
    fields.update(more)
    return WorkingCommittee(**fields)  # type: ignore[arg-type]


# --- the working committee -------------------------------------------------------------


def test_a_member_on_duty_every_day_of_the_window_passes_and_one_gap_fails():
    as_of = dt.date(2026, 6, 30)
    assert check_working_committee(working(), None, as_of).passed
    gap = dt.date(2026, 6, 24)  # the first day of the 7-day window
    missing = working(duty=tuple(d for d in working().duty if d.day != gap))
    verdict = check_working_committee(missing, None, as_of)
    assert not verdict.passed
    assert "1 of the days 2026-06-24 to 2026-06-30: 2026-06-24" in verdict.explain()
    outside = working(duty=tuple(d for d in working().duty if d.day != gap - dt.timedelta(1)))
    assert check_working_committee(outside, None, as_of).passed  # before the window


def test_the_duty_window_starts_no_earlier_than_the_committee_was_formed():
    duty = every_day(FORMED, FORMED + dt.timedelta(days=2))
    as_of = FORMED + dt.timedelta(days=2)
    assert check_working_committee(working(duty=duty), None, as_of).passed
    policy = WorkingCommitteePolicy(duty_days=0)
    verdict = check_working_committee(working(duty=()), None, as_of, policy)
    assert verdict.passed
    assert "no duty days to check" in verdict.explain()


def test_an_ended_committee_is_only_asked_for_duty_up_to_its_end():
    ended = dt.date(2026, 3, 1)
    short = working(duty=every_day(FORMED, ended), ended=ended)
    assert check_working_committee(short, None, dt.date(2026, 6, 30)).passed


@pytest.mark.parametrize(("ended_after", "passes"), [(30, True), (31, False)])
def test_the_working_committee_hands_over_within_the_handover_days(ended_after, passes):
    ended = ELECTED + dt.timedelta(days=ended_after)
    committee = Committee(("o1", "o2", "o3", "o4", "o5"), ELECTED, 5)
    record = working(ended=ended)
    verdict = check_working_committee(record, committee, dt.date(2026, 12, 31))
    assert verdict.passed is passes


@pytest.mark.parametrize(("days_after", "passes"), [(30, True), (31, False)])
def test_a_working_committee_still_standing_fails_the_day_after_the_handover(days_after, passes):
    committee = Committee(("o1", "o2", "o3", "o4", "o5"), ELECTED, 5)
    as_of = ELECTED + dt.timedelta(days=days_after)
    verdict = check_working_committee(working(), committee, as_of)
    assert verdict.passed is passes
    if not passes:
        assert "still standing" in verdict.explain()
        assert "仍在运行" in verdict.explain("zh")


def test_a_committee_elected_after_the_day_judged_asks_for_no_handover_yet():
    committee = Committee(("o1", "o2", "o3", "o4", "o5"), ELECTED, 5)
    assert check_working_committee(working(), committee, ELECTED - dt.timedelta(1)).passed


@given(
    st.sets(st.integers(0, 20), max_size=21),
    st.integers(1, 30),
    st.integers(0, 25),
)
def test_the_days_named_missing_are_exactly_the_window_days_nobody_was_on_duty(on, window, offset):
    as_of = FORMED + dt.timedelta(days=offset)
    duty = tuple(DutyDay(FORMED + dt.timedelta(days=n), "r1") for n in sorted(on))
    verdict = check_working_committee(
        working(duty=duty), None, as_of, WorkingCommitteePolicy(duty_days=window)
    )
    first = max(FORMED, as_of - dt.timedelta(days=window - 1))
    days = {first + dt.timedelta(days=n) for n in range((as_of - first).days + 1)}
    missed = days - {d.day for d in duty}
    assert verdict.passed is (not missed)
    if missed:
        assert f"nobody on duty on {len(missed)} of the days" in verdict.explain()


def test_a_working_committee_is_checked_at_construction():
    with pytest.raises(InvalidInput) as caught:
        working(duty=(DutyDay(FORMED, "stranger"),))
    assert caught.value.problems[0].path == "$.duty[0].member"
    with pytest.raises(InvalidInput) as caught:
        working(ended=FORMED - dt.timedelta(1))
    assert caught.value.problems[0].path == "$.ended"
    with pytest.raises(InvalidInput) as caught:
        working(members=("r1", "r1"))
    assert caught.value.problems[0].path == "$.members[1].member"


# --- the record: candidates, fees, meetings ----------------------------------------------


def test_candidates_owing_on_the_election_day_are_barred_where_the_policy_bars_arrears():
    c = sample_community()
    roll = roll_of(c)
    part = roll[0]
    bill = Bill("b1", part.id, Charge.PROPERTY_FEE, "2026", dt.date(2026, 3, 31), 100_000)
    committee = Committee(("x1", "x2", "x3", "x4", "x5"), ELECTED, 5)
    shanghai = CommitteePolicy("shanghai", bar_arrears=True)
    owing = Owners(committee=committee, candidates=(Candidate(part.owners[0]),), bills=(bill,))
    verdicts = {v.rule: v for v in check_owners(owing, roll, dt.date(2026, 12, 1), shanghai)}
    assert not verdicts["owners.candidates"].passed
    assert "owes 1000.00 yuan" in verdicts["owners.candidates"].explain()
    # paid on the election day: owed nothing that day
    paid = attrs.evolve(owing, payments=(Payment("p1", "b1", ELECTED, 100_000),))
    verdicts = {v.rule: v for v in check_owners(paid, roll, dt.date(2026, 12, 1), shanghai)}
    assert verdicts["owners.candidates"].passed
    # paid the day after: owed on the day
    late = attrs.evolve(owing, payments=(Payment("p1", "b1", ELECTED + dt.timedelta(1), 100_000),))
    verdicts = {v.rule: v for v in check_owners(late, roll, dt.date(2026, 12, 1), shanghai)}
    assert not verdicts["owners.candidates"].passed


def test_a_payment_names_a_bill_of_the_record():
    with pytest.raises(InvalidInput) as caught:
        Owners(payments=(Payment("p1", "nope", ELECTED, 1),))
    assert caught.value.problems[0].path == "$.payments[0].bill"
    with pytest.raises(InvalidInput) as caught:
        Owners(candidates=(Candidate("o1"), Candidate("o1")))
    assert caught.value.problems[0].path == "$.candidates[1].owner"


def test_the_community_names_the_households_of_bills_and_the_residents_of_the_committee():
    c = sample_community()
    bill = Bill("b-x", "h-nowhere", Charge.PROPERTY_FEE, "2026", dt.date(2026, 3, 31), 1)
    assert c.owners is not None
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, owners=attrs.evolve(c.owners, bills=(*c.owners.bills, bill)))
    assert any(p.path.startswith("$.owners.bills[") for p in caught.value.problems)
    wc = c.owners.working_committee
    assert wc is not None
    stranger = attrs.evolve(wc, members=(*wc.members, "r-nobody"))
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, owners=attrs.evolve(c.owners, working_committee=stranger))
    assert caught.value.problems[0].path.startswith("$.owners.working_committee.members[")


def test_check_community_locates_the_owners_rules_under_the_record():
    report = check_community(sample_community(), as_of=dt.date(2026, 12, 1))
    filing = report["owners.committee_filing"]
    assert not filing.passed
    assert filing.reasons[0].path == "$.owners.committee.filed"
    notices = [v for v in report if v.rule == "owners.notice"]
    assert [v.passed for v in notices] == [True, False]
    assert notices[1].reasons[0].path == "$.owners.meetings[1].notice"
    assert report["owners.candidates"].reasons[0].path == "$.owners.candidates[7]"
    wc = report["owners.working_committee"]
    assert {r.path for r in wc.reasons} == {
        "$.owners.working_committee.duty",
        "$.owners.working_committee.ended",
    }


# --- the property company ---------------------------------------------------------------


def company(*days: dt.date, **more: object) -> PropertyCompany:
    fields: dict[str, object] = {
        "id": "pc1",
        "name": "物业公司",
        "compounds": ("cp1",),
        "serves_from": dt.date(2025, 7, 1),
        "activities": tuple(CompanyActivity(f"a{i}", day, "活动") for i, day in enumerate(days)),
        "duty": HolidayDuty(holidays=True),
    }
    fields.update(more)
    return PropertyCompany(**fields)  # type: ignore[arg-type]


# 2026 official holidays (FACTS.md §9): New Year 1-1..1-3, Spring Festival 2-15..2-23,
# Qingming 4-4..4-6, Labour Day 5-1..5-5, Dragon Boat 6-19..6-21, Mid-Autumn 9-25..9-27,
# National Day 10-1..10-7.
HELD_2026 = (
    dt.date(2026, 1, 3),
    dt.date(2026, 2, 15),
    dt.date(2026, 4, 6),
    dt.date(2026, 5, 1),
    dt.date(2026, 6, 21),
    dt.date(2026, 9, 25),
    dt.date(2026, 10, 7),
)


def test_an_activity_on_some_day_of_every_official_holiday_passes():
    verdict = check_holiday_activities(company(*HELD_2026), dt.date(2026, 12, 31))
    assert verdict.passed
    assert "7 of 7 holidays" in verdict.explain()


def test_an_activity_a_day_outside_the_holiday_fails_unless_the_duty_allows_days_around():
    days = [*HELD_2026]
    days[4] = dt.date(2026, 6, 22)  # the day after the Dragon Boat holiday
    verdict = check_holiday_activities(company(*days), dt.date(2026, 12, 31))
    assert not verdict.passed
    assert "Dragon Boat" in verdict.explain()
    assert "端午" in verdict.explain("zh")
    around = HolidayDuty(holidays=True, days_around=1)
    assert check_holiday_activities(company(*days, duty=around), dt.date(2026, 12, 31)).passed


def test_a_holiday_not_yet_over_and_one_before_the_company_served_are_not_asked():
    # on the last day of National Day the holiday is not yet over
    assert check_holiday_activities(company(*HELD_2026[:-1]), dt.date(2026, 10, 7)).passed
    assert not check_holiday_activities(company(*HELD_2026[:-1]), dt.date(2026, 10, 8)).passed
    late = company(*HELD_2026[4:], serves_from=dt.date(2026, 6, 1))
    assert check_holiday_activities(late, dt.date(2026, 12, 31)).passed
    gone = company(*HELD_2026[:2], serves_until=dt.date(2026, 3, 31))
    assert check_holiday_activities(gone, dt.date(2026, 12, 31)).passed


def test_festivals_asked_by_the_contract_or_the_policy_are_joined():
    lantern = dt.date(2026, 3, 3)  # lunar 1-15 of 2026
    contract = HolidayDuty(festivals=frozenset({Festival.LANTERN}))
    assert check_holiday_activities(company(lantern, duty=contract), dt.date(2026, 3, 4)).passed
    assert not check_holiday_activities(company(duty=contract), dt.date(2026, 3, 4)).passed
    policy = HolidayDuty(festivals=frozenset({Festival.LONGTAITOU}))  # lunar 2-2: 3-20
    verdict = check_holiday_activities(
        company(lantern, duty=contract), dt.date(2026, 3, 21), policy
    )
    assert not verdict.passed
    assert "Longtaitou" in verdict.explain() or "longtaitou" in verdict.explain().lower()


def test_a_year_the_calendar_lacks_is_named_not_guessed():
    empty = HolidayCalendar(())
    verdict = check_holiday_activities(company(), dt.date(2026, 12, 31), calendar=empty)
    assert not verdict.passed
    assert "no arrangement for 2026" in verdict.explain()


def test_check_community_judges_a_company_only_where_a_duty_asks():
    c = sample_community()
    as_of = dt.date(2026, 12, 1)
    verdict = check_community(c, as_of=as_of)["property.holiday_activities"]
    assert not verdict.passed
    assert verdict.reasons[0].path == "$.property_companies[0].activities"
    free = attrs.evolve(
        c, property_companies=(attrs.evolve(c.property_companies[0], duty=HolidayDuty()),)
    )
    assert "property.holiday_activities" not in {v.rule for v in check_community(free, as_of=as_of)}
    asked = Policies(property=HolidayDuty(holidays=True))
    assert "property.holiday_activities" in {
        v.rule for v in check_community(free, as_of=as_of, policies=asked)
    }


def test_a_joint_meeting_has_the_company_and_another_party():
    day = dt.date(2026, 5, 10)
    assert JointMeeting("jm", day, frozenset({JointParty.PROPERTY_COMPANY, JointParty.STREET}))
    with pytest.raises(InvalidInput) as caught:
        JointMeeting("jm", day, frozenset({JointParty.PROPERTY_COMPANY}))
    assert caught.value.problems[0].path == "$.parties"
    with pytest.raises(InvalidInput):
        JointMeeting("jm", day, frozenset({JointParty.STREET, JointParty.COMMUNITY_PARTY}))


def test_the_company_names_compounds_party_units_and_events_of_its_community():
    c = sample_community()
    pc = c.property_companies[0]
    assert c.party is not None
    branch = c.party.units[-1].id
    assert attrs.evolve(c, property_companies=(attrs.evolve(pc, party_branch=branch),))
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, property_companies=(attrs.evolve(pc, party_branch="u-nowhere"),))
    assert caught.value.problems[0].path == "$.property_companies[0].party_branch"
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, property_companies=(attrs.evolve(pc, compounds=("cp-nowhere",)),))
    assert caught.value.problems[0].path == "$.property_companies[0].compounds[0]"


# --- what the commands show ---------------------------------------------------------------


def test_demo_and_check_show_the_owners_and_the_property_company(tmp_path):
    import io

    from neighborly import dumps
    from neighborly.cli import main

    def run(*argv: str) -> str:
        out = io.StringIO()
        main(list(argv), out=out)
        return out.getvalue()

    demo = run("demo", "--as-of", "2026-12-01")
    section = demo.split("== Owners and the property company ==\n")[1].split("\n== ")[0]
    assert section.startswith(
        "Owners' committee: 5 members elected 2026-09-20 for 5 years, filed 2026-10-28\n"
        "Property fees 2026: "
    )
    assert "Households in arrears on 2026-12-01: 158" in section
    assert "Owners' working committee: 7 members since 2025-04-12, standing" in section
    assert "示例物业服务有限公司: serves cp-1 since 2025-07-01; Party branch u-property" in section
    for rule in (
        "owners.candidates",
        "owners.committee_filing",
        "owners.notice",
        "owners.working_committee",
        "property.holiday_activities",
    ):
        assert f"[FAIL] {rule}" in section
    assert "owners.tally" not in section  # the votes have their own section
    zh = run("demo", "--as-of", "2026-12-01", "--lang", "zh")
    assert "== 业主自治与物业服务 ==" in zh
    assert "业主工作委员会：7 名成员，2025-04-12 成立，运行中" in zh
    path = tmp_path / "sample.json"
    path.write_bytes(dumps(sample_community()))
    check = run("check", str(path), "--as-of", "2026-12-01")
    assert "== Owners and the property company ==" in check
    assert "[FAIL] volunteers.cover" in check.split("== Plan, records, points and votes ==")[1]


def test_a_committee_member_who_owns_nothing_is_named():
    from neighborly.owners import check_committee

    c = sample_community()
    roll = roll_of(c)
    owners = [p.owners[0] for p in roll[:5]]
    committee = Committee(tuple(owners), ELECTED, 5, dt.date(2026, 10, 1))
    verdicts = {v.rule: v for v in check_committee(committee, roll, dt.date(2026, 12, 1))}
    assert verdicts["owners.committee_members"].passed
    tenant = Committee((*owners[:4], "r-tenant"), ELECTED, 5, dt.date(2026, 10, 1))
    verdicts = {v.rule: v for v in check_committee(tenant, roll, dt.date(2026, 12, 1))}
    failed = verdicts["owners.committee_members"]
    assert [(r.path, r.actual) for r in failed.reasons] == [("$.committee.members[4]", "r-tenant")]
    assert "r-tenant 不是名册上的业主" in failed.explain("zh")
