"""Party organisation: structure rules at their boundaries, terms, meetings, in-service
members, project funds."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput, dumps, sample_community
from neighborly._time import DEFAULT_ZONE
from neighborly.cli import main
from neighborly.errors import Conflict, NotFound, Refused
from neighborly.party import (
    Demonstration,
    Frequency,
    InServicePolicy,
    Meeting,
    MeetingKind,
    MemberStatus,
    Party,
    PartyMember,
    PartyUnit,
    Position,
    PositionKind,
    Project,
    ReportIn,
    ServiceDone,
    Spending,
    StructurePolicy,
    UnitKind,
    check_funds,
    check_meetings,
    check_party,
    check_structure,
    check_terms,
    funds,
    in_service_feedback,
    meeting_compliance,
    meeting_events,
    periods,
    spend,
    term_end,
)
from neighborly.party.structure import MAX_UNIT_LEVELS
from neighborly.scheduling import occurrences

from builders import community

COMMITTEE = PartyUnit("u-c", "示例社区党委", UnitKind.COMMITTEE, elected=dt.date(2021, 11, 22))


def branch(uid: str = "u-b", kind: UnitKind = UnitKind.BRANCH, **changes: object) -> PartyUnit:
    changes.setdefault("parent", "u-c")
    return PartyUnit(uid, f"{uid} 党支部", kind, **changes)


def members(unit: str, full: int, probationary: int = 0) -> list[PartyMember]:
    return [
        PartyMember(
            f"{unit}-m{i}", MemberStatus.FULL if i < full else MemberStatus.PROBATIONARY, unit
        )
        for i in range(full + probationary)
    ]


def seats(unit: str, count: int, deputies: int = 0) -> list[Position]:
    kinds = [PositionKind.SECRETARY] + [PositionKind.DEPUTY_SECRETARY] * deputies
    kinds += [PositionKind.COMMITTEE_MEMBER] * (count - len(kinds))
    return [
        Position(unit, f"{unit}-m{i}", kind, dt.date(2021, 11, 22))
        for i, kind in enumerate(kinds[:count])
    ]


def verdict(rule: str, units, people, positions=()):
    return check_structure([COMMITTEE, *units], people, list(positions))[rule]


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize(("full", "passed"), [(2, False), (3, True)])
def test_a_branch_needs_three_full_members(full, passed):
    result = verdict("party.branch_size", [branch()], members("u-b", full, probationary=3))
    assert result.passed is passed
    if not passed:
        assert result.reasons[0].message.en.startswith(
            "branch u-b has 2 full members, needs at least 3 (1 short)"
        )
        assert "Art. 4" in result.source.en


@pytest.mark.parametrize(("size", "passed"), [(50, True), (51, False)])
def test_a_branch_generally_has_at_most_fifty_members(size, passed):
    assert verdict("party.branch_size", [branch()], members("u-b", size)).passed is passed


@pytest.mark.parametrize(("units", "passed"), [(5, True), (6, False)])
def test_a_joint_branch_covers_at_most_five_units(units, passed):
    joint = branch("u-j", UnitKind.JOINT_BRANCH, units=units)
    assert verdict("party.joint_branch", [joint], members("u-j", 3)).passed is passed


@pytest.mark.parametrize(
    ("full", "positions", "passed"),
    [
        (6, seats("u-b", 2, deputies=1), True),  # secretary and a deputy
        (6, seats("u-b", 3), False),  # a committee below 7 full members
        (7, seats("u-b", 3), True),
        (7, seats("u-b", 1), False),  # 7 full members need a committee
        (9, seats("u-b", 7), True),  # at most 7
        (9, seats("u-b", 8), False),
    ],
)
def test_a_branch_committee_from_seven_full_members(full, positions, passed):
    result = verdict("party.branch_committee", [branch()], members("u-b", full), positions)
    assert result.passed is passed
    assert "Art. 20" in result.source.en


@pytest.mark.parametrize(("size", "passed"), [(49, False), (50, True)])
def test_general_branch_size_is_practice_and_configurable(size, passed):
    general = PartyUnit("u-g", "总支", UnitKind.GENERAL_BRANCH, parent="u-c")
    under = [branch(f"u-b{i}", parent="u-g") for i in range(2)]
    people = members("u-b0", size // 2) + members("u-b1", size - size // 2)
    report = check_structure([COMMITTEE, general, *under], people, [])
    problems = [r for r in report["party.unit_size"].reasons if r.path == "$.party.units[1]"]
    assert (not problems) is passed
    assert "practice" in report["party.unit_size"].source.en
    relaxed = check_structure(
        [COMMITTEE, general, *under],
        people,
        [],
        StructurePolicy(general_branch_from=10, party_committee_from=10),
    )
    assert relaxed["party.unit_size"].passed


def test_every_unit_needs_its_secretary_and_every_group_its_leader():
    group = PartyUnit("u-g1", "1号楼党小组", UnitKind.GROUP, parent="u-b")
    report = check_structure([COMMITTEE, branch(), group], members("u-b", 3), seats("u-b", 1))
    messages = [r.message.en for r in report["party.leaders"].reasons]
    assert messages == [
        "Party committee u-c has no secretary",
        "Party group u-g1 has no group leader",
    ]


# --- terms ---------------------------------------------------------------------------------


def test_a_term_ending_on_a_leap_day_ends_on_the_28th_in_a_common_year():
    assert term_end(dt.date(2020, 2, 29), 5) == dt.date(2025, 2, 28)
    assert term_end(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)


def test_community_terms_are_five_years_others_three_with_a_year_of_grace():
    community = PartyUnit("u-x", "x", UnitKind.BRANCH, elected=dt.date(2021, 11, 22))
    other = attrs.evolve(community, id="u-y", community_level=False)
    assert check_terms([community], dt.date(2026, 11, 22)).passed  # ends today
    assert (
        "ends 2026-11-22, in 0 days"
        in check_terms([community], dt.date(2026, 11, 22)).reasons[0].message.en
    )
    assert check_terms([community], dt.date(2027, 11, 22)).passed  # last day of the grace year
    late = check_terms([community], dt.date(2027, 11, 23))
    assert not late.passed
    assert "more than 1 year overdue" in late.reasons[0].message.en
    assert not check_terms([other], dt.date(2025, 11, 23)).passed  # 3 years + 1
    quiet = check_terms([community], dt.date(2026, 5, 25))  # 181 days ahead: no warning yet
    assert quiet.reasons[0].message.en == "every term current"
    assert "in 180 days" in check_terms([community], dt.date(2026, 5, 26)).reasons[0].message.en


def test_a_party_committee_outside_a_community_has_five_years_its_branches_three():
    # 任期意见 (2018): basic-level Party committees generally 5 years, general branches
    # and branches 3; in villages and communities all of them 5
    elected = dt.date(2021, 11, 22)
    committee = PartyUnit("u-c", "c", UnitKind.COMMITTEE, elected=elected, community_level=False)
    general = attrs.evolve(committee, id="u-g", kind=UnitKind.GENERAL_BRANCH)
    assert check_terms([committee], dt.date(2027, 11, 22)).passed  # 5 years + 1 of grace
    assert not check_terms([committee], dt.date(2027, 11, 23)).passed
    assert not check_terms([general], dt.date(2025, 11, 23)).passed  # 3 years + 1
    assert check_terms([general], dt.date(2025, 11, 22)).passed
    local = StructurePolicy(committee_term_years=4)
    assert not check_terms([committee], dt.date(2026, 11, 23), local).passed


# --- meetings -----------------------------------------------------------------------------------


def test_periods_follow_the_calendar():
    assert periods(Frequency.MONTHLY, dt.date(2026, 1, 31), dt.date(2026, 2, 1)) == (
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    )
    assert periods(Frequency.YEARLY, dt.date(2026, 6, 1), dt.date(2026, 6, 1)) == (
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    )


def test_a_quarter_is_due_on_its_last_day_not_before():
    unit = branch()
    held = [Meeting("mt-1", "u-b", MeetingKind.PARTY_DAY, dt.date(2026, 7, 3))]

    def status(as_of):
        (compliance,) = meeting_compliance([unit], held, dt.date(2026, 7, 1), as_of)
        return {s.kind: s for s in compliance.statuses}

    running = status(dt.date(2026, 9, 29))[MeetingKind.GENERAL_MEETING]
    assert (running.due, running.missing, running.next_due) == (0, (), dt.date(2026, 9, 30))
    ended = status(dt.date(2026, 9, 30))
    assert ended[MeetingKind.GENERAL_MEETING].missing == ("2026-Q3",)
    assert ended[MeetingKind.PARTY_DAY].missing == ("2026-08", "2026-09")
    assert ended[MeetingKind.PARTY_DAY].held == 1
    assert MeetingKind.COMMITTEE_MEETING not in ended  # no committee, no committee meetings


def test_a_branch_with_a_committee_owes_monthly_committee_meetings():
    (compliance,) = meeting_compliance(
        [branch()], [], dt.date(2026, 10, 1), dt.date(2026, 11, 22), positions=seats("u-b", 3)
    )
    kinds = {s.kind for s in compliance.statuses}
    assert MeetingKind.COMMITTEE_MEETING in kinds
    verdict_ = check_meetings([compliance])
    assert not verdict_.passed
    assert "u-b: no branch committee meeting in 2026-10 (0 of 1 held)" in [
        r.message.en for r in verdict_.reasons
    ]


MEETING_KINDS = list(MeetingKind)


@given(
    st.lists(st.tuples(st.sampled_from(MEETING_KINDS), st.integers(0, 364)), max_size=30),
    st.sampled_from(MEETING_KINDS),
    st.integers(0, 364),
)
def test_adding_a_held_meeting_never_increases_what_is_missing(held, kind, day):
    unit = branch()
    start = dt.date(2026, 1, 1)
    base = [
        Meeting(f"m{i}", "u-b", k, start + dt.timedelta(days=d)) for i, (k, d) in enumerate(held)
    ]
    extra = Meeting("extra", "u-b", kind, start + dt.timedelta(days=day))
    as_of = dt.date(2026, 12, 31)
    before = meeting_compliance([unit], base, start, as_of, positions=seats("u-b", 3))[0]
    after = meeting_compliance([unit], [*base, extra], start, as_of, positions=seats("u-b", 3))[0]
    assert after.missing <= before.missing
    for b, a in zip(before.statuses, after.statuses, strict=True):
        assert set(a.missing) <= set(b.missing)
        assert a.held >= b.held


def test_obligations_become_calendar_events_that_do_not_clash():
    events = meeting_events(
        branch(), dt.date(2026, 1, 1), "v-meeting", (dt.time(14, 30), dt.time(16))
    )
    found = occurrences(
        events,
        dt.datetime(2026, 1, 1, tzinfo=DEFAULT_ZONE),
        dt.datetime(2027, 1, 1, tzinfo=DEFAULT_ZONE),
    )
    counts = {}
    for o in found:
        counts[o.event] = counts.get(o.event, 0) + 1
    assert counts == {
        "u-b-general_meeting": 4,
        "u-b-party_day": 12,
        "u-b-lecture": 4,
        "u-b-org_life": 1,
        "u-b-appraisal": 1,
    }
    days = [o.starts.date() for o in found]
    assert len(days) == len(set(days))
    assert all(o.starts.weekday() == 4 for o in found)


# --- in-service members, funds, the whole ---------------------------------------------------------


def test_in_service_members_are_fed_back_to_their_employer():
    people = [
        PartyMember("m-1", MemberStatus.FULL, employer="区税务局"),
        PartyMember("m-2", MemberStatus.FULL, employer="区税务局"),
        PartyMember("m-3", MemberStatus.PROBATIONARY, employer="第一中学"),
        PartyMember("m-4", MemberStatus.FULL, unit="u-b"),  # organised here: not in service
    ]
    reports = [ReportIn("m-1", dt.date(2025, 3, 1)), ReportIn("m-2", dt.date(2026, 3, 1))]
    services = [ServiceDone("m-1", dt.date(2026, d, 1), "助老") for d in (4, 9)] + [
        ServiceDone("m-2", dt.date(2026, 5, 1), "清洁")
    ]
    tax, school = in_service_feedback(people, reports, services, 2026)
    assert [(m.member, m.reported, m.services, m.meets) for m in tax.members] == [
        ("m-1", True, 2, True),
        ("m-2", True, 1, False),
    ]
    assert [(m.member, m.reported, m.meets) for m in school.members] == [("m-3", False, False)]
    assert tax.render("en").startswith("区税务局 2026: 1 of 2 members met the expectation")
    (relaxed, _) = in_service_feedback(
        people, reports, services, 2026, InServicePolicy(min_services=1)
    )
    assert relaxed.meeting == 2


def test_project_funds_refuse_overspending_to_the_fen():
    projects = [Project("p-1", "助老食堂", "u-c", 500_000)]
    spent = spend(projects, (), Spending("s-1", "p-1", dt.date(2026, 3, 1), 499_999, "餐具"))
    spent = spend(projects, spent, Spending("s-2", "p-1", dt.date(2026, 3, 2), 1, "纸巾"))
    assert funds(projects, spent)[0].remaining_fen == 0
    with pytest.raises(Refused) as excinfo:
        spend(projects, spent, Spending("s-3", "p-1", dt.date(2026, 3, 3), 1, "笔"))
    assert (
        excinfo.value.reason.en
        == "s-3: 助老食堂 has 0.00 yuan left of 5000.00; 0.01 would overspend by 0.01"
    )
    with pytest.raises(NotFound):
        spend(projects, spent, Spending("s-4", "p-9", dt.date(2026, 3, 3), 1, "笔"))
    with pytest.raises(Conflict):
        spend(projects, spent, Spending("s-1", "p-1", dt.date(2026, 3, 3), 1, "笔"))
    over = [*spent, Spending("s-5", "p-1", dt.date(2026, 3, 4), 100, "超支")]
    assert not check_funds(projects, over).passed


def test_a_party_refuses_references_to_nothing():
    with pytest.raises(InvalidInput) as excinfo:
        Party(
            units=(COMMITTEE, branch(), PartyUnit("u-g1", "组", UnitKind.GROUP, parent="u-x")),
            members=(
                PartyMember("m-1", MemberStatus.FULL, "u-g1"),
                PartyMember("m-2", MemberStatus.FULL, "u-b", group="u-g1"),
            ),
            positions=(Position("u-z", "m-9", PositionKind.SECRETARY, dt.date(2021, 1, 1)),),
            spendings=(Spending("s-1", "p-1", dt.date(2026, 1, 1), 1, "x"),),
        )
    assert [p.path for p in excinfo.value.problems] == [
        "$.units[2].parent",
        "$.members[0].unit",
        "$.members[1].group",
        "$.positions[0].unit",
        "$.positions[0].member",
        "$.spendings[0].project",
    ]
    with pytest.raises(InvalidInput) as excinfo:
        Party(units=(attrs.evolve(COMMITTEE, parent="u-b"), branch()))
    assert "loops back" in str(excinfo.value)


def _unit(uid: str, kind: UnitKind, parent: str | None = None) -> PartyUnit:
    return PartyUnit(uid, f"{uid} 组织", kind, parent=parent)


@pytest.mark.parametrize(
    ("kind", "parent"),
    [(kind, parent) for kind in UnitKind for parent in UnitKind],
    ids=lambda k: k.value,
)
def test_a_unit_is_led_by_a_kind_of_unit_that_may_lead_it(kind: UnitKind, parent: UnitKind):
    """支部工作条例 Art. 13: Party groups are set up within a branch; a general branch
    sits under a committee and leads branches."""
    units = (_unit("u-top", parent), _unit("u-low", kind, parent="u-top"))
    allowed = {
        UnitKind.COMMITTEE: {UnitKind.COMMITTEE},
        UnitKind.GENERAL_BRANCH: {UnitKind.COMMITTEE},
        UnitKind.BRANCH: {UnitKind.COMMITTEE, UnitKind.GENERAL_BRANCH},
        UnitKind.JOINT_BRANCH: {UnitKind.COMMITTEE, UnitKind.GENERAL_BRANCH},
        UnitKind.GROUP: {UnitKind.BRANCH, UnitKind.JOINT_BRANCH},
    }[kind]
    if parent in allowed:
        assert Party(units=units).units == units
        return
    with pytest.raises(InvalidInput) as excinfo:
        Party(units=units)
    (problem,) = excinfo.value.problems
    assert problem.path == "$.units[1].parent"
    assert f"a {parent.label.en}" in problem.actual.en
    assert f"to lead a {kind.label.en}" in problem.expected.en


def test_a_branch_under_a_party_group_is_refused_from_a_file():
    data = json.loads(dumps(sample_community()))
    units = data["party"]["units"]
    group = next(u for u in units if u["kind"] == "group")
    branch_index, branch_unit = next((i, u) for i, u in enumerate(units) if u["kind"] == "branch")
    branch_unit["parent"] = group["id"]
    from neighborly import Community, loads

    with pytest.raises(InvalidInput) as excinfo:
        loads(json.dumps(data).encode(), Community)
    paths = [p.path for p in excinfo.value.problems]
    assert f"$.party.units[{branch_index}].parent" in paths


def test_a_chain_of_units_is_at_most_six_levels():
    kinds = [UnitKind.COMMITTEE] * (MAX_UNIT_LEVELS - 2) + [UnitKind.BRANCH, UnitKind.GROUP]
    chain = [_unit("u-0", kinds[0])]
    chain += [_unit(f"u-{i}", kind, parent=f"u-{i - 1}") for i, kind in enumerate(kinds) if i]
    assert len(Party(units=tuple(chain)).units) == MAX_UNIT_LEVELS
    deeper = [
        _unit("u-top", UnitKind.COMMITTEE),
        attrs.evolve(chain[0], parent="u-top"),
        *chain[1:],
    ]
    with pytest.raises(InvalidInput) as excinfo:
        Party(units=tuple(deeper))
    (problem,) = excinfo.value.problems  # the first unit past the limit, not each below
    assert problem.path == f"$.units[{MAX_UNIT_LEVELS}].parent"
    assert "at most 5 levels below the top" in problem.expected.en


def test_a_long_loop_of_units_is_found_in_one_walk_and_counted():
    count = 50_000
    units = tuple(
        _unit(f"u-{i}", UnitKind.COMMITTEE, parent=f"u-{(i + 1) % count}") for i in range(count)
    )
    with pytest.raises(InvalidInput) as excinfo:
        Party(units=units)
    err = excinfo.value
    assert len(err.problems) + err.more == count
    assert all("loops back" in p.actual.en for p in err.problems)


@given(st.lists(st.integers(-1, 11), min_size=1, max_size=12))
def test_levels_agree_with_walking_each_chain(parents: list[int]):
    """Each unit's level is the length of its chain of parents, or a loop."""
    from neighborly.party.organisation import _levels

    units = [
        _unit(f"u-{i}", UnitKind.COMMITTEE, parent=f"u-{p}" if p >= 0 else None)
        for i, p in enumerate(parents)
    ]
    known = {u.id: u.parent for u in units}
    levels = _levels(units)
    for unit in units:
        seen: list[str] = []
        node: str | None = unit.id
        while node is not None and node in known and node not in seen:
            seen.append(node)
            node = known[node]
        expected = -1 if node is not None and node in seen else len(seen)
        assert levels[unit.id] == expected


def test_check_party_runs_every_rule_over_this_quarter():
    party = Party(
        units=(COMMITTEE, branch(elected=dt.date(2021, 11, 22))),
        members=tuple(members("u-b", 3)),
        positions=(
            Position("u-c", "u-b-m1", PositionKind.SECRETARY, dt.date(2021, 11, 22)),
            *seats("u-b", 1),
        ),
        meetings=(Meeting("mt", "u-b", MeetingKind.PARTY_DAY, dt.date(2026, 10, 9)),),
    )
    report = check_party(party, dt.date(2026, 11, 22))
    rules = [v.rule for v in report]
    assert rules == [
        "party.branch_size",
        "party.joint_branch",
        "party.branch_committee",
        "party.unit_size",
        "party.leaders",
        "party.term",
        "party.meetings",
        "party.funds",
    ]
    # October's party day was held, November's is still running, the quarter too
    assert report["party.meetings"].passed
    assert [r.message.en for r in report["party.meetings"].reasons] == ["2 units, nothing missed"]


# --- in a community, the sample and the command -------------------------------------------------


def test_a_communitys_party_refers_to_its_places_grids_residents_and_households():
    c = community(2)
    party = Party(
        units=(attrs.evolve(COMMITTEE, places=("c1", "b9"), grids=("g1", "g9")),),
        members=(PartyMember("m-1", MemberStatus.FULL, "u-c", resident="nobody"),),
        demonstrations=(Demonstration("b1", "m-1"),),
    )
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, party=party)
    assert [p.path for p in excinfo.value.problems] == [
        "$.party.units[0].places[1]",
        "$.party.units[0].grids[1]",
        "$.party.members[0].resident",
        "$.party.demonstrations[0].household",
    ]


def test_the_sample_party_keeps_the_rules_but_for_one_missed_group_meeting():
    party = sample_community().party
    assert party is not None
    report = check_party(party, dt.date(2026, 11, 22))
    assert [v.rule for v in report.failed] == ["party.meetings"]
    (missed,) = report["party.meetings"].reasons
    assert "no Party group meeting in 2026-10" in missed.message.en
    assert (
        "u-committee's term ends 2026-12-18, in 26 days"
        in report["party.term"].reasons[0].message.en
    )
    whole_year = check_party(party, dt.date(2026, 11, 22), since=dt.date(2026, 1, 1))
    assert len(whole_year["party.meetings"].reasons) == 2  # August's themed Party day too
    assert all(len([m for m in party.members if m.unit == u.id]) <= 50 for u in party.units)


def test_demo_and_check_report_the_party(tmp_path):
    out = io.StringIO()
    assert main(["demo", "--as-of", "2026-11-22"], out=out) == 0
    text = out.getvalue()
    assert "== Party organisation ==\n1 Party committee, 8 general branches, 24 branches" in text
    assert "[FAIL] party.meetings" in text
    c = sample_community()
    path = tmp_path / "c.json"
    path.write_bytes(dumps(c, personal_data=True, purpose="test"))
    out = io.StringIO()
    assert main(["check", str(path), "--as-of", "2026-11-22", "--json"], out=out) == 1
    data = json.loads(out.getvalue())
    assert [v["rule"] for v in data["party"]["verdicts"] if not v["passed"]] == ["party.meetings"]


def test_a_community_term_elected_on_a_leap_day_runs_its_grace_year_to_the_28th():
    unit = PartyUnit("u-x", "x", UnitKind.BRANCH, elected=dt.date(2020, 2, 29))
    assert (
        check_terms([unit], dt.date(2025, 2, 28))
        .reasons[0]
        .message.en.startswith("u-x's term ends 2025-02-28, in 0 days")
    )
    assert "runs to 2026-02-28" in check_terms([unit], dt.date(2025, 3, 1)).reasons[0].message.en
    assert check_terms([unit], dt.date(2026, 2, 28)).passed
    assert not check_terms([unit], dt.date(2026, 3, 1)).passed


def test_meeting_events_refuse_a_weekday_that_does_not_exist():
    with pytest.raises(InvalidInput) as excinfo:
        meeting_events(branch(), dt.date(2026, 1, 1), "v", (dt.time(9), dt.time(10)), weekday=7)
    assert excinfo.value.problems[0].path == "$.weekday"
