"""Deliberation: proposals, supports, the agenda threshold and the co-governance board."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import IllegalTransition, InvalidInput, NotFound, Refused
from neighborly._time import DEFAULT_ZONE
from neighborly.deliberation import (
    Board,
    BoardPolicy,
    Decision,
    Deliberation,
    DeliberationMeeting,
    Milestone,
    Progress,
    Proposal,
    ProposalStatus,
    Resolution,
    Responsible,
    Seat,
    SeatKind,
    SeatNeed,
    Stance,
    Stand,
    SupportPolicy,
    Undertaking,
    affected_households,
    apply_resolutions,
    check_board,
    check_deliberation_meeting,
    check_support,
    check_undertakings,
    invitees,
    notices,
    propose,
    put_on_agenda,
    report_progress,
    support,
    ten_things,
    withdraw_support,
)
from neighborly.owners import (
    RaisedMatter,
    Reception,
    ReceptionDay,
    Threshold,
    check_receptions,
    raise_matters,
)
from neighborly.recurrence import Recurrence

from builders import community

C = community(20, 10)  # b1: 20 households, b2: 10
B1 = list(affected_households(C, "b1"))
B2 = list(affected_households(C, "b2"))
AT = dt.datetime(2026, 11, 2, 9, tzinfo=DEFAULT_ZONE)


def proposal(policy: SupportPolicy | None = None, place: str = "b1") -> Proposal:
    made, fact = propose("p1", C, B1[0], "加装电梯", "1号楼加装电梯", place, AT, policy)
    assert (fact.proposal, fact.household) == ("p1", B1[0])
    return made


def supported(p: Proposal, households: list[str], at: dt.datetime = AT) -> Proposal:
    for household in households:
        p, _ = support(p, C, household, at)
    return p


def test_a_proposal_is_open_for_its_policys_days():
    p = proposal(SupportPolicy(days_open=14))
    assert (ProposalStatus.OPEN, AT + dt.timedelta(days=14)) == (p.status, p.deadline)


def test_a_household_outside_the_place_may_neither_propose_nor_support():
    with pytest.raises(Refused) as caught:
        propose("p1", C, B2[0], "加装电梯", "1号楼加装电梯", "b1", AT)
    assert caught.value.rule == "deliberation.place"
    with pytest.raises(Refused, match=B2[0]):
        support(proposal(), C, B2[0], AT)
    with pytest.raises(NotFound):
        propose("p1", C, "h-none", "x", "x", "b1", AT)


def test_one_support_per_household():
    p = supported(proposal(), B1[:2])
    with pytest.raises(Refused) as caught:
        support(p, C, B1[1], AT)
    assert caught.value.rule == "deliberation.twice"
    assert p.count == 2
    with pytest.raises(InvalidInput, match=r"\$\.supports"):
        Proposal("p", B1[0], "x", "x", "b1", AT, AT, (p.supports[0], p.supports[0]))


def test_the_threshold_is_met_at_exactly_the_count():
    policy = SupportPolicy(min_supports=5)
    short = check_support(supported(proposal(policy), B1[:4]), C, policy)
    assert not short.passed
    assert "needed 5 households, got 4 (1 household short)" in short.reasons[0].message.en
    met = check_support(supported(proposal(policy), B1[:5]), C, policy)
    assert met.passed
    assert (met.reasons[0].expected, met.reasons[0].actual) == (">=5", "5")


def test_the_threshold_as_a_share_of_the_places_households_is_met_at_exactly_the_share():
    policy = SupportPolicy(min_supports=None, share=Threshold(1, 4))  # 20 households: 5
    assert not check_support(supported(proposal(policy), B1[:4]), C, policy).passed
    verdict = check_support(supported(proposal(policy), B1[:5]), C, policy)
    assert verdict.passed
    assert "1/4 of 20 households (5 households)" in verdict.reasons[0].message.en


def test_either_count_or_share_is_enough_when_both_are_set():
    policy = SupportPolicy(min_supports=15, share=Threshold(1, 5))  # share: 4 of 20
    assert check_support(supported(proposal(policy), B1[:4]), C, policy).passed


def test_a_policy_needs_a_count_or_a_share():
    with pytest.raises(InvalidInput, match=r"\$\.min_supports"):
        SupportPolicy(min_supports=None, share=None)


def test_supports_count_at_the_deadline_and_are_refused_after_it():
    p = proposal(SupportPolicy(days_open=30))
    deadline = p.deadline
    p, _ = support(p, C, B1[1], deadline)
    with pytest.raises(Refused) as caught:
        support(p, C, B1[2], deadline + dt.timedelta(seconds=1))
    assert caught.value.rule == "deliberation.deadline"
    assert p.count == 1


def test_a_support_may_be_withdrawn_at_the_deadline_but_not_after():
    p = supported(proposal(), B1[1:3])
    later, fact = withdraw_support(p, B1[1], p.deadline)
    assert ([B1[2]], B1[1]) == ([s.household for s in later.supports], fact.household)
    with pytest.raises(Refused):
        withdraw_support(p, B1[2], p.deadline + dt.timedelta(minutes=1))
    with pytest.raises(NotFound):
        withdraw_support(p, B1[5], p.deadline)


def test_a_proposal_goes_on_the_agenda_only_with_enough_support_and_only_once():
    policy = SupportPolicy(min_supports=3)
    with pytest.raises(
        Refused, match=r"deliberation\.threshold: p1: needed .*\(1 household short\)"
    ) as short:
        put_on_agenda(supported(proposal(policy), B1[:2]), C, AT, policy)
    assert (short.value.expected, short.value.actual) == (">=3", "2")
    assert "差 1 户" in short.value.explain("zh")
    on, fact = put_on_agenda(supported(proposal(policy), B1[:3]), C, AT, policy)
    assert (on.status, fact.supports) == (ProposalStatus.ON_AGENDA, 3)
    with pytest.raises(IllegalTransition):
        put_on_agenda(on, C, AT, policy)
    with pytest.raises(IllegalTransition):
        support(on, C, B1[5], AT)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from(B1 + B2[:2]), st.integers(0, 40)),
        max_size=30,
    )
)
def test_the_support_count_always_equals_the_distinct_supporting_households(steps):
    p = proposal()
    for add, household, day in steps:
        at = AT + dt.timedelta(days=day)
        supporting = {s.household for s in p.supports}
        try:
            p, _ = support(p, C, household, at) if add else withdraw_support(p, household, at)
            refusal = None
        except Refused as refused:
            refusal = refused.rule
        except NotFound:
            refusal = "not found"
        # refused exactly for the first rule the state breaks, and for nothing else
        if at > p.deadline:
            expected = "deliberation.deadline"
        elif add and household in supporting:
            expected = "deliberation.twice"
        elif add and household not in B1:
            expected = "deliberation.place"
        elif not add and household not in supporting:
            expected = "not found"
        else:
            expected = None
        assert expected == refusal
        assert p.count == len({s.household for s in p.supports})
        assert all(h in B1 for h in (s.household for s in p.supports))
        assert all(s.at <= p.deadline for s in p.supports)


# --- the board ----------------------------------------------------------------------------

FULL = Board(
    "board-1",
    "cp1",
    (
        Seat(SeatKind.PARTY_BRANCH, "st-sec"),
        Seat(SeatKind.OWNERS_COMMITTEE, "o-1"),
        Seat(SeatKind.PROPERTY_COMPANY, "st-pm"),
        Seat(SeatKind.BUILDING_GROUP_LEADER, "st-cadre"),
        Seat(SeatKind.GRID_WORKER, "st-worker"),
    ),
)


def test_a_board_with_every_seat_filled_passes():
    verdict = check_board([FULL])
    assert verdict.passed, verdict.explain()
    assert FULL.members() == ("st-sec", "o-1", "st-pm", "st-cadre", "st-worker")


def test_a_vacant_seat_is_named():
    vacant = Board(
        FULL.id, FULL.compound, (*FULL.seats[:1], Seat(SeatKind.OWNERS_COMMITTEE), *FULL.seats[2:])
    )
    verdict = check_board([vacant])
    (reason,) = verdict.reasons
    assert "owners_committee seat(s) filled, found 0 (1 vacant)" in reason.message.en
    two_leaders = BoardPolicy((SeatNeed(SeatKind.BUILDING_GROUP_LEADER, 2),))
    assert not check_board([FULL], two_leaders).passed


# --- meetings -----------------------------------------------------------------------------

MEETING_AT = dt.datetime(2026, 12, 3, 19, tzinfo=DEFAULT_ZONE)


def agenda_proposal() -> Proposal:
    policy = SupportPolicy(min_supports=3)
    p, _ = put_on_agenda(supported(proposal(policy), B1[:3]), C, AT, policy)
    return p


def meeting(**changes) -> DeliberationMeeting:
    p = agenda_proposal()
    fields = {
        "agenda": (p.id,),
        "invited": invitees(C, FULL, [p]),
        "present": FULL.members(),
        "resolutions": (Resolution(p.id, Decision.ADOPTED, "由物业牵头"),),
        "minutes": "会议纪要",
        "published": MEETING_AT + dt.timedelta(days=1),
    }
    fields.update(changes)
    return DeliberationMeeting("dm-1", FULL.id, MEETING_AT, **fields)


def test_invitees_are_the_board_the_author_and_the_grid_staff_of_the_place():
    people = invitees(C, FULL, [agenda_proposal()])
    assert FULL.members() == people[: len(FULL.members())]
    assert B1[0] in people  # the author household
    assert "st-worker" in people  # grid g3-1 covers building b1
    assert len(people) == len(set(people))


def test_a_meeting_held_as_it_should_be_passes():
    verdict = check_deliberation_meeting(C, meeting(), FULL, [agenda_proposal()])
    assert verdict.passed, verdict.explain()


def test_a_quorum_of_two_thirds_is_met_at_exactly_two_thirds():
    members = FULL.members()  # five: 2/3 of 5 is 3.33, so 4 are needed
    three = check_deliberation_meeting(C, meeting(present=members[:3]), FULL, [agenda_proposal()])
    assert not three.passed
    assert "needed 2/3 of 5 board members (4), 3 came" in three.reasons[0].message.en
    assert check_deliberation_meeting(
        C, meeting(present=members[:4]), FULL, [agenda_proposal()]
    ).passed
    six = Board(
        "b6", "cp1", tuple(Seat(SeatKind.RESIDENT_REPRESENTATIVE, f"r{i}") for i in range(6))
    )
    m = DeliberationMeeting(
        "dm-2",
        "b6",
        MEETING_AT,
        invited=six.members(),
        present=six.members()[:4],
        minutes="x",
        published=MEETING_AT,
    )
    assert check_deliberation_meeting(C, m, six, []).passed  # exactly 4 of 6 = 2/3


def test_a_meeting_names_who_was_not_invited_items_left_open_and_missing_minutes():
    m = meeting(
        invited=FULL.members(), present=FULL.members(), resolutions=(), minutes=None, published=None
    )
    verdict = check_deliberation_meeting(C, m, FULL, [agenda_proposal()])
    messages = [r.message.en for r in verdict.reasons]
    assert any(f"{B1[0]} must be invited" in m for m in messages)
    assert "p1 on the agenda has no resolution" in messages
    assert "dm-1: the minutes are not written" in messages
    assert "dm-1: the results are not published to the households" in messages


def test_a_meeting_refuses_positions_on_items_off_the_agenda_and_guests_not_invited():
    with pytest.raises(InvalidInput) as caught:
        DeliberationMeeting(
            "dm-1",
            "board-1",
            MEETING_AT,
            agenda=("p1",),
            invited=("a",),
            present=("a", "b"),
            positions=(Stand("p9", "a", Stance.FOR),),
            resolutions=(Resolution("p1", Decision.ADOPTED), Resolution("p1", Decision.REJECTED)),
        )
    assert [p.path for p in caught.value.problems] == [
        "$.present[1]",
        "$.positions[0].item",
        "$.resolutions[1].item",
    ]


def test_resolutions_move_proposals_and_notices_reach_every_affected_household():
    p = agenda_proposal()
    (adopted,) = apply_resolutions(meeting(), [p])
    assert (adopted.status, adopted.note) == (ProposalStatus.ADOPTED, "由物业牵头")
    with pytest.raises(IllegalTransition):
        apply_resolutions(meeting(), [adopted])
    (deferred,) = apply_resolutions(
        meeting(resolutions=(Resolution(p.id, Decision.DEFERRED),)), [p]
    )
    assert deferred.status == ProposalStatus.ON_AGENDA
    sent = notices(C, meeting(), [p])
    assert sorted(B1) == sorted(n.household for n in sent)
    assert {Decision.ADOPTED} == {n.decision for n in sent}


# --- accountability -----------------------------------------------------------------------

START = dt.date(2026, 3, 1)


def undertaking(**changes) -> Undertaking:
    fields = {
        "id": "pj-1",
        "proposal": "p1",
        "title": "加装电梯",
        "responsible": Responsible.PROPERTY_COMPANY,
        "party": "示例物业",
        "started": START,
        "due": dt.date(2026, 10, 31),
        "milestones": (
            Milestone("选定施工方", dt.date(2026, 4, 30), dt.date(2026, 4, 20)),
            Milestone("完工验收", dt.date(2026, 9, 30)),
        ),
    }
    fields.update(changes)
    return Undertaking(**fields)


def test_progress_is_the_last_report_and_never_goes_back():
    p, fact = report_progress(undertaking(), dt.date(2026, 5, 1), 30, "材料进场")
    p, _ = report_progress(p, dt.date(2026, 6, 1), 60)
    assert (
        p.percent(dt.date(2026, 5, 15)),
        p.percent(dt.date(2026, 6, 1)),
        p.percent(dt.date(2026, 4, 1)),
    ) == (30, 60, 0)
    assert (fact.undertaking, fact.percent) == ("pj-1", 30)
    with pytest.raises(Refused) as caught:
        report_progress(p, dt.date(2026, 7, 1), 50)
    assert caught.value.rule == "deliberation.progress"
    with pytest.raises(Refused):
        report_progress(p, dt.date(2026, 5, 31), 70)
    with pytest.raises(InvalidInput, match=r"\$\.updates"):
        undertaking(updates=(Progress(dt.date(2026, 6, 1), 60), Progress(dt.date(2026, 5, 1), 70)))


def test_a_milestone_is_overdue_the_day_after_it_is_due_and_the_project_after_its_due_day():
    on_the_day = check_undertakings([undertaking()], dt.date(2026, 9, 30))
    assert on_the_day.passed, on_the_day.explain()
    day_after = check_undertakings([undertaking()], dt.date(2026, 10, 1))
    (late,) = day_after.reasons
    assert "完工验收 was due 2026-09-30, not done (1 days late)" in late.message.en
    finished = undertaking(
        milestones=(Milestone("完工验收", dt.date(2026, 9, 30), dt.date(2026, 9, 28)),),
        updates=(Progress(dt.date(2026, 9, 28), 100),),
    )
    assert check_undertakings([finished], dt.date(2027, 1, 1)).passed
    unfinished = undertaking(milestones=(), updates=(Progress(dt.date(2026, 9, 28), 90),))
    verdict = check_undertakings([unfinished], dt.date(2026, 11, 1))
    assert (verdict.reasons[0].expected, verdict.reasons[0].actual) == ("100%", "90%")


def test_the_ten_things_report_counts_proposed_adopted_done_and_overdue():
    base = proposal()
    made = [
        attrs.evolve(base, id="p1", status=ProposalStatus.ADOPTED),
        attrs.evolve(base, id="p2", status=ProposalStatus.ADOPTED),
        attrs.evolve(base, id="p3", status=ProposalStatus.REJECTED),
        attrs.evolve(base, id="p4", status=ProposalStatus.OPEN),
        attrs.evolve(
            base,
            id="p5",
            submitted=AT - dt.timedelta(days=400),
            deadline=AT,
            status=ProposalStatus.ADOPTED,
        ),
    ]
    undertakings = [
        undertaking(proposal="p1", milestones=(), updates=(Progress(dt.date(2026, 10, 1), 100),)),
        undertaking(id="pj-2", proposal="p2", milestones=()),
    ]
    report = ten_things(made, undertakings, 2026, dt.date(2026, 12, 1))
    assert (
        report.proposed,
        report.adopted,
        report.done,
        report.overdue,
    ) == (("p1", "p2", "p3", "p4"), ("p1", "p2"), ("p1",), ("p2",))
    assert report.render() == "2026 (as of 2026-12-01): 4 proposed, 2 adopted, 1 done, 1 overdue"
    assert "提出 4 件，议定 2 件，办结 1 件，逾期 1 件" in report.render("zh")


# --- reception days -------------------------------------------------------------------------

FIRST_WEDNESDAY = Recurrence(
    dt.datetime(2026, 1, 7, 9, tzinfo=DEFAULT_ZONE), rule="FREQ=MONTHLY;BYDAY=1WE"
)
SCHEDULE = ReceptionDay("rd-1", "cp1", "st-pm", FIRST_WEDNESDAY)


def test_reception_days_follow_the_recurrence():
    assert (dt.date(2026, 10, 7), dt.date(2026, 11, 4)) == SCHEDULE.days(
        dt.date(2026, 10, 1), dt.date(2026, 11, 30)
    )


def test_a_missed_reception_and_an_absent_manager_are_named_and_the_last_day_counts():
    held = [
        Reception("rd-1", dt.date(2026, 9, 2), ("st-pm", "st-dep"), 12),
        Reception("rd-1", dt.date(2026, 10, 7), ("st-dep",), 5),
    ]
    verdict = check_receptions(SCHEDULE, held, dt.date(2026, 9, 1), dt.date(2026, 11, 4))
    assert [r.message.en for r in verdict.reasons] == [
        "rd-1 on 2026-10-07: the property manager st-pm was not there",
        "rd-1: no reception recorded on 2026-11-04",
    ]
    assert check_receptions(SCHEDULE, held[:1], dt.date(2026, 9, 1), dt.date(2026, 10, 6)).passed


def test_matters_raised_at_a_reception_become_requests_to_the_households_grid():
    reception = Reception(
        "rd-1",
        dt.date(2026, 11, 4),
        ("st-pm",),
        3,
        (RaisedMatter(B1[0], "电梯", "电梯异响"), RaisedMatter(B2[0], "绿化", "树枝遮挡")),
    )
    made = raise_matters(C, SCHEDULE, reception)
    assert [(r.id, r.grid) for r in made] == [
        ("rd-1-2026-11-04-1", "g3-1"),
        ("rd-1-2026-11-04-2", "g3-2"),
    ]
    assert dt.datetime(2026, 11, 4, 9, tzinfo=DEFAULT_ZONE) == made[0].raised


def test_a_reception_must_name_a_schedule_of_the_records():
    with pytest.raises(InvalidInput, match=r"\$\.receptions\[0\]\.schedule"):
        Deliberation(
            reception_days=(SCHEDULE,), receptions=(Reception("rd-x", dt.date(2026, 11, 4)),)
        )


# --- who holds a seat ----------------------------------------------------------------------


def _sample_with_seat(person: str) -> bytes:
    import json

    from neighborly import dumps, sample_community

    data = json.loads(dumps(sample_community()))
    data["deliberation"]["boards"][0]["seats"][1]["person"] = person
    return json.dumps(data).encode()


def _holders() -> dict[str, str]:
    from neighborly import sample_community

    c = sample_community()
    resident = next(c.residents())
    return {
        "staff": c.staff[0].id,
        "resident": resident.id,
        "party_member": c.party.members[0].id,
        "volunteer": c.volunteers[0].id,
        "owner": next(o for h in c.households() for o in h.owners),
    }


@pytest.mark.parametrize("kind", ["staff", "resident", "party_member", "volunteer", "owner"])
def test_a_seat_is_held_by_someone_the_community_knows(kind: str):
    from neighborly import Community, loads

    person = _holders()[kind]
    community = loads(_sample_with_seat(person), Community)
    assert community.deliberation.boards[0].seats[1].person == person


def test_a_seat_held_by_nobody_known_is_refused_with_its_path():
    from neighborly import Community, loads

    with pytest.raises(InvalidInput) as caught:
        loads(_sample_with_seat("o-nobody"), Community)
    (problem,) = caught.value.problems
    assert problem.path == "$.deliberation.boards[0].seats[1].person"
    assert "household owner" in problem.expected.en
    assert "o-nobody" in problem.actual.en
