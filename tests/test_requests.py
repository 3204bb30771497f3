"""Residents' requests: routing to the level-3 grid, escalation by time limits, reports."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import IllegalTransition, InvalidInput, NotFound
from neighborly.grids import GridLevel
from neighborly.requests import (
    EscalationPolicy,
    Outcome,
    Request,
    Urgency,
    escalate,
    give_feedback,
    overdue,
    raise_request,
    resolution_report,
    resolve,
)
from neighborly.wishes import Wish

from builders import community

Z = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 11, 20, 9, tzinfo=Z)
C = community(300, 400)


def raised(urgency: Urgency = Urgency.NORMAL):
    return raise_request("rq-1", C, "b2-u0-h3", "噪音", urgency, "夜间装修噪音", AT)[0]


def test_a_request_goes_to_the_households_level_3_grid():
    request, fact = raise_request("rq-1", C, "b2-u0-h3", "噪音", Urgency.NORMAL, "夜间装修噪音", AT)
    assert (request.grid, request.level, fact.grid) == ("g3-2", GridLevel.BUILDING_GROUP, "g3-2")
    with pytest.raises(NotFound):
        raise_request("rq-2", C, "nowhere", "x", Urgency.NORMAL, "x", AT)


def test_escalation_waits_for_the_whole_limit_then_climbs_the_grid():
    request = raised()
    with pytest.raises(IllegalTransition, match="within its time at level 3"):
        escalate(request, C, AT + dt.timedelta(hours=48))  # exactly the limit
    up, fact = escalate(request, C, AT + dt.timedelta(hours=48, seconds=1))
    assert (up.grid, up.level, fact.from_grid, fact.to_grid) == (
        "g2",
        GridLevel.COMPOUND,
        "g3-2",
        "g2",
    )
    top, _ = escalate(up, C, up.since + dt.timedelta(hours=73))
    assert (top.grid, top.level) == ("g1", GridLevel.COMMUNITY)
    with pytest.raises(IllegalTransition, match="at the community level already"):
        escalate(top, C, top.since + dt.timedelta(days=30))


def test_urgent_requests_have_shorter_limits_and_limits_are_policy():
    urgent = raised(Urgency.URGENT)
    assert escalate(urgent, C, AT + dt.timedelta(hours=4, minutes=1))[0].level is GridLevel.COMPOUND
    patient = EscalationPolicy(normal_hours=(72, 72, 72))
    with pytest.raises(IllegalTransition):
        escalate(raised(), C, AT + dt.timedelta(hours=60), patient)


def test_resolution_feedback_and_no_escalation_after_it():
    done, fact = resolve(raised(), AT + dt.timedelta(hours=5), Outcome.MEDIATED, "双方约定施工时间")
    assert (fact.level, fact.outcome) == (GridLevel.BUILDING_GROUP, Outcome.MEDIATED)
    assert give_feedback(done, True).satisfied is True
    with pytest.raises(IllegalTransition):
        escalate(done, C, AT + dt.timedelta(days=10))
    with pytest.raises(IllegalTransition):
        resolve(done, AT, Outcome.FIXED)
    with pytest.raises(IllegalTransition):
        give_feedback(raised(), False)


def test_overdue_requests_are_named_with_how_far_over():
    request = raised()
    assert overdue([request], AT + dt.timedelta(hours=48)).passed
    late = overdue([request], AT + dt.timedelta(hours=50))
    assert late.reasons[0].message.en.endswith("due by 2026-11-22 09:00, 2.0 h over")


def test_the_report_says_where_matters_were_resolved():
    building = resolve(raised(), AT, Outcome.FIXED)[0]
    compound = resolve(
        escalate(raised(), C, AT + dt.timedelta(days=3))[0],
        AT + dt.timedelta(days=3),
        Outcome.FIXED,
    )[0]
    report = resolution_report([building, building, compound, raised()])
    assert dict(report) == {
        "building": Fraction(2, 3),
        "compound": Fraction(1, 3),
        "community": Fraction(0),
    }


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.sampled_from(["escalate", "resolve", "feedback"]), st.integers(0, 200)),
        max_size=10,
    )
)
def test_no_sequence_of_calls_reaches_an_illegal_state(steps):
    request = raised()
    at = AT
    for action, hours in steps:
        at += dt.timedelta(hours=hours)
        before = request
        try:
            if action == "escalate":
                request = escalate(request, C, at)[0]
            elif action == "resolve":
                request = resolve(request, at, Outcome.FIXED)[0]
            else:
                request = give_feedback(request, True)
            state = None
        except IllegalTransition as refused:
            state = refused.state
        # refused only where the state does not allow the action, saying which state
        if before.resolved is not None and action != "feedback":
            assert state == "resolved"
        elif before.resolved is None and action == "feedback":
            assert state == "unresolved"
        elif action == "escalate" and before.level is GridLevel.COMMUNITY:
            assert state == "at the community level already"
        elif action == "escalate":
            assert state is None or state.startswith(("within its time at level", "in grid"))
        else:
            assert state is None
        if state is not None:
            continue
        assert request.level <= before.level  # only ever climbs towards level 1
        if before.resolved is not None:
            assert action == "feedback"
            assert request.level == before.level


def test_a_community_refuses_requests_naming_no_household_or_grid():
    c = community(300)
    at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    stray = Request(
        id="rq-x",
        household="h-none",
        category="漏水",
        urgency=Urgency.NORMAL,
        description="漏水",
        raised=at,
        grid="g-none",
    )
    wish = Wish("w-x", "r-none", "大米", 100, dt.date(2026, 11, 1))
    with pytest.raises(InvalidInput) as caught:
        attrs.evolve(c, requests=(stray,), wishes=(wish,))
    assert [p.path for p in caught.value.problems] == [
        "$.wishes[0].resident",
        "$.requests[0].household",
        "$.requests[0].grid",
    ]


def test_request_and_wish_ids_share_the_communitys_id_space():
    c = community(300)
    at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    clash = Request(
        id="g2",
        household="b1-u0-h0",
        category="漏水",
        urgency=Urgency.NORMAL,
        description="漏水",
        raised=at,
        grid="g3-1",
    )
    with pytest.raises(InvalidInput, match=r"\$\.requests\[0\]\.id"):
        attrs.evolve(c, requests=(clash,))
