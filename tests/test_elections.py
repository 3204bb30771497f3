"""Elections: the Party's, the owners' committee's and the residents' committee's, each
counted by its rules, at every boundary those rules draw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from neighborly import InvalidInput
from neighborly.elections import (
    OWNERS_COMMITTEE,
    PARTY,
    Base,
    Body,
    Election,
    ElectionBallot,
    ElectionPolicy,
    Electorate,
    GroupRepresentatives,
    check_electorate,
    count_election,
)
from neighborly.owners.votes import ExclusivePart, PartStatus, Threshold, voters
from neighborly.places import Building, Compound, Household, Resident, Unit

from strategies import elections

DAY = dt.date(2026, 6, 1)


def party(
    *,
    seats: int = 3,
    candidates: int = 4,
    entitled: int = 10,
    present: int = 9,
    votes: dict[str, int] | None = None,
    **more: object,
) -> Election:
    """A Party election: ``votes`` says how many of those present mark each person."""
    members = tuple(f"m{i}" for i in range(entitled))
    here = members[:present]
    votes = votes if votes is not None else {f"c{i}": present for i in range(seats)}
    ballots = tuple(
        ElectionBallot(who, tuple(c for c, n in votes.items() if i < n))
        for i, who in enumerate(here)
    )
    return Election(
        "e-1",
        Body.PARTY,
        "Branch committee",
        DAY,
        seats,
        tuple(f"c{i}" for i in range(candidates)),
        members,
        here,
        ballots=ballots,
        **more,  # type: ignore[arg-type]
    )


# --- the Party: presence, margin, majority -----------------------------------------------


def test_a_party_election_with_exactly_four_fifths_present_is_void():
    result = count_election(party(entitled=10, present=8))
    assert result.void
    assert result.elected == ()
    assert "present with a vote, of those due: 8 of 10; more than 4/5 (8) needed: not met" in (
        result.explain()
    )
    assert "有选举权的实到会人数 / 应到会人数：8 / 10，需超过 4/5（8）：未达到" in result.explain(
        "zh"
    )


def test_one_more_than_four_fifths_present_holds_the_election():
    result = count_election(party(entitled=10, present=9))
    assert not result.void
    assert result.elected == ("c0", "c1", "c2")
    assert result.present == 9
    assert result.entitled == 10


def test_a_party_election_without_presence_recorded_is_void_and_says_why():
    result = count_election(attrs.evolve(party(), present=()))
    assert result.void
    assert "who was present is not recorded" in result.explain()


@pytest.mark.parametrize(
    ("seats", "candidates", "holds"),
    [
        (5, 6, True),  # one more: exactly 20% of 5 seats
        (5, 5, False),  # as many as the seats
        (10, 12, True),  # exactly 20%
        (10, 11, False),  # 10%: short of 20%
        (3, 4, True),  # 20% of 3 is 0.6: one more reaches it
        (1, 2, True),
        (1, 1, False),
    ],
)
def test_candidates_must_exceed_the_seats_by_a_fifth_of_them(seats, candidates, holds):
    result = count_election(
        party(seats=seats, candidates=candidates, votes={"c0": 9}, entitled=10, present=9)
    )
    assert result.void is not holds
    extra = candidates - seats
    assert f"{candidates} candidates for {seats} seats: {extra} more than the seats" in (
        result.explain()
    )


def test_a_secretary_may_be_elected_from_as_many_candidates_as_seats_under_a_policy():
    policy = attrs.evolve(PARTY, name="party_secretary", margin=None)
    result = count_election(party(seats=1, candidates=1, votes={"c0": 9}, policy=policy))
    assert not result.void
    assert result.elected == ("c0",)


def test_exactly_half_of_those_present_does_not_elect():
    result = count_election(party(entitled=12, present=10, votes={"c0": 5, "c1": 6, "c2": 10}))
    assert set(result.elected) == {"c1", "c2"}
    assert result.unfilled == 1
    assert "c0: 5 votes of those present with a vote 10; more than 1/2 (5) needed: not elected" in (
        result.explain()
    )
    assert "1 of 3 seats unfilled: elect again for them" in result.explain()
    assert "对不足名额另行选举" in result.explain("zh")


def test_the_majority_is_of_those_present_not_of_those_due():
    # 6 of 10 present is more than half of those present, though not of the 12 due
    result = count_election(
        party(entitled=12, present=10, votes={"c0": 6}, policy=attrs.evolve(PARTY, presence=None))
    )
    assert "c0" in result.elected


def test_more_over_the_line_than_seats_go_by_votes_and_a_tie_for_the_last_seat_is_voted_again():
    # 10 present, 2 seats: c0 8 votes, c1 and c2 6 each, all over half
    marks = [("c0", "c1")] * 4 + [("c0", "c2")] * 4 + [("c1", "c2")] * 2
    election = attrs.evolve(
        party(seats=2, candidates=3, entitled=12, present=10),
        ballots=tuple(ElectionBallot(f"m{i}", m) for i, m in enumerate(marks)),
    )
    result = count_election(election)
    assert result.elected == ("c0",)
    assert result.runoff == ("c1", "c2")
    assert result.unfilled == 1
    assert "c1, c2 tie for the last 1 seat with 6 votes each: vote again between them" in (
        result.explain()
    )
    assert "应就他们再次投票" in result.explain("zh")
    # a tie that fits the seats elects both
    fits = count_election(
        party(seats=3, candidates=4, present=9, votes={"c0": 9, "c1": 7, "c2": 7})
    )
    assert fits.elected == ("c0", "c1", "c2")
    assert fits.runoff == ()


def test_a_ballot_marking_more_than_the_seats_is_invalid_but_cast():
    election = party(seats=1, candidates=2, votes={"c0": 9})
    ballots = (ElectionBallot("m0", ("c0", "c1")), *election.ballots[1:])
    result = count_election(attrs.evolve(election, ballots=ballots))
    assert result.cast == 9
    assert result.valid == 8
    assert "2 marked for 1 seat: invalid" in result.explain()
    assert result.elected == ("c0",)  # 8 of 9 present is still more than half


def test_ballots_from_the_absent_from_non_electors_and_twice_are_set_aside():
    election = party(entitled=10, present=9, votes={"c0": 9})
    extra = (
        ElectionBallot("m9", ("c1",)),  # due, but absent
        ElectionBallot("stranger", ("c1",)),
        ElectionBallot("m0", ("c1",)),  # second ballot
    )
    result = count_election(attrs.evolve(election, ballots=election.ballots + extra))
    assert [r.path for r in result.set_aside] == ["$.ballots[9]", "$.ballots[10]", "$.ballots[11]"]
    assert result.cast == 9
    assert next(c for c in result.counts if c.candidate == "c1").votes == 0


def test_more_ballots_returned_than_issued_voids_the_election():
    election = party(votes={"c0": 9, "c1": 9, "c2": 9})
    assert not count_election(attrs.evolve(election, issued=9)).void
    result = count_election(attrs.evolve(election, issued=8))
    assert result.void
    assert "9 ballots returned, 8 issued" in result.explain()
    assert "收回多于发出" in result.explain("zh")


def test_someone_written_in_is_counted_and_may_be_elected():
    result = count_election(party(seats=1, candidates=2, votes={"w": 9}))
    assert result.elected == ("w",)
    assert result.counts[0].written_in
    assert "w (written in): 9 votes" in result.explain()
    assert "（另选他人）" in result.explain("zh")


# --- the owners' committee: area and heads ----------------------------------------------


def roll(n: int = 9, area: int = 100) -> tuple[ExclusivePart, ...]:
    return tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(area)) for i in range(n)
    )


def owners_election(ballots: dict[str, tuple[str, ...]], parts=None, seats: int = 1) -> Election:
    return Election(
        "oc-1",
        Body.OWNERS_COMMITTEE,
        "Owners' committee",
        DAY,
        seats,
        ("o0", "o1"),
        roll=parts if parts is not None else roll(),
        ballots=tuple(ElectionBallot(p, marks) for p, marks in ballots.items()),
    )


def test_owners_at_exactly_two_thirds_take_part_and_a_candidate_needs_more_than_half_of_them():
    # 6 of 9 owners, 600 of 900 m²: exactly 2/3 by both
    ballots = {f"p{i}": ("o0",) if i < 4 else ("o1",) for i in range(6)}
    result = count_election(owners_election(ballots))
    assert not result.void
    assert result.elected == ("o0",)
    assert result.cast_area == Decimal(600)
    text = result.explain()
    assert "those who voted, of the electorate: 6 of 9; at least 2/3 (6) needed: met" in text
    assert "o0: 4 votes of those who voted 6; more than 1/2 (3) needed; 400 m² of 600 m²" in text


def test_one_owner_short_of_two_thirds_voids_the_election():
    ballots = {f"p{i}": ("o0",) for i in range(5)}
    result = count_election(owners_election(ballots))
    assert result.void
    assert "5 of 9; at least 2/3 (6) needed: not met" in result.explain()


def test_an_owners_candidate_with_exactly_half_the_owners_is_not_elected():
    ballots = {f"p{i}": ("o0",) if i < 3 else ("o1",) for i in range(6)}
    result = count_election(owners_election(ballots))
    assert result.elected == ()
    assert result.unfilled == 1


def test_an_owners_candidate_needs_more_than_half_of_the_area_as_well():
    parts = (
        *roll(6, 100),
        *(ExclusivePart(f"big{i}", (f"b{i}",), registered_area=Decimal(400)) for i in range(3)),
    )
    # 6 take part: four small (400 m²) for o0, two big (800 m²) for o1; 1,200 of 1,800 m²
    ballots = {
        "p0": ("o0",),
        "p1": ("o0",),
        "p2": ("o0",),
        "p3": ("o0",),
        "big0": ("o1",),
        "big1": ("o1",),
    }
    result = count_election(owners_election(ballots, parts))
    assert not result.void
    assert result.elected == ()  # o0 has 4 of 6 owners but 400 of 1,200 m²
    assert "400 m² of 1,200 m² (600 needed)" in result.explain()


def test_an_owner_of_several_parts_votes_once_and_the_developer_is_one_person():
    parts = (
        ExclusivePart("a1", ("o0",), registered_area=Decimal(100)),
        ExclusivePart("a2", ("o0",), registered_area=Decimal(100)),
        ExclusivePart("d1", status=PartStatus.UNSOLD, registered_area=Decimal(100)),
        ExclusivePart("d2", status=PartStatus.UNDELIVERED, registered_area=Decimal(100)),
        ExclusivePart("b1", ("o1",), registered_area=Decimal(100)),
    )
    assert len(voters(parts)) == 3
    result = count_election(
        owners_election({"a1": ("o0",), "a2": ("o0",), "d1": ("o0",), "b1": ("o1",)}, parts)
    )
    assert result.entitled == 3
    assert result.cast == 3
    assert "has voted already" in result.explain()


# --- the residents' committee -----------------------------------------------------------


def residents_election(electorate: Electorate, **more: object) -> Election:
    return Election(
        "rc-1",
        Body.RESIDENTS_COMMITTEE,
        "Residents' committee",
        DAY,
        more.pop("seats", 2),  # type: ignore[arg-type]
        ("r1", "r2", "r3"),
        electorate=electorate,
        **more,  # type: ignore[arg-type]
    )


def test_a_residents_committee_is_filled_by_most_votes_and_says_the_law_sets_no_threshold():
    electors = tuple(f"v{i}" for i in range(5))
    ballots = (
        ElectionBallot("v0", ("r1", "r2")),
        ElectionBallot("v1", ("r1",)),
        ElectionBallot("v2", ("r3",)),
    )
    result = count_election(
        residents_election(Electorate.VOTERS, electors=electors, ballots=ballots)
    )
    assert not result.void
    assert result.elected == ("r1",)
    assert result.runoff == ("r2", "r3")
    assert "sets no turnout or majority" in result.explain()
    assert "未规定参选率和当选票数" in result.explain("zh")


@pytest.mark.parametrize(("sent", "holds"), [(1, False), (2, True), (3, True), (4, False)])
def test_each_residents_group_sends_two_or_three_representatives(sent, holds):
    reps = tuple(f"g0-{i}" for i in range(sent))
    others = ("g1-0", "g1-1")
    election = residents_election(
        Electorate.GROUP_REPRESENTATIVES,
        electors=reps + others,
        groups=(GroupRepresentatives("g0", reps), GroupRepresentatives("g1", others)),
        ballots=(ElectionBallot("g1-0", ("r1",)),),
    )
    result = count_election(election)
    assert result.void is not holds
    if holds:
        assert "each of 2 residents' groups sent 2-3 representatives" in result.explain()
    else:
        assert f"group g0 sent {sent} representatives; 2-3 wanted" in result.explain()


def test_the_shape_of_an_election_is_checked_at_construction():
    with pytest.raises(InvalidInput) as caught:
        Election("x", Body.RESIDENTS_COMMITTEE, "t", DAY, 1, electors=("a",), present=("b",))
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.electorate", "$.present[0]"}
    with pytest.raises(InvalidInput) as caught:
        Election(
            "x", Body.OWNERS_COMMITTEE, "t", DAY, 1, electors=("a",), ballots=(ElectionBallot("a"),)
        )
    assert {p.path for p in caught.value.problems} == {"$.electors", "$.roll"}
    with pytest.raises(InvalidInput) as caught:
        Election(
            "x",
            Body.RESIDENTS_COMMITTEE,
            "t",
            DAY,
            1,
            electors=("a", "b"),
            electorate=Electorate.GROUP_REPRESENTATIVES,
            groups=(GroupRepresentatives("g", ("a", "c")),),
        )
    assert {p.path for p in caught.value.problems} == {"$.electors"}
    with pytest.raises(InvalidInput) as caught:
        ElectionBallot("a", ("c", "c"))
    assert {p.path for p in caught.value.problems} == {"$.marks[1].mark"}


# --- who may elect ----------------------------------------------------------------------


def places(*residents: Resident):
    from neighborly import Community

    home = Household("h1", "101", Decimal(90), occupants=residents)
    return Community(
        "c",
        "C",
        compounds=(Compound("cp", "C", (Building("b", "1", (Unit("u", "1", (home,)),)),)),),
    )


def test_a_resident_who_turns_18_on_the_day_may_elect_and_one_a_day_younger_may_not():
    adult = Resident("r1", birth_date=dt.date(2008, 6, 1))
    minor = Resident("r2", birth_date=dt.date(2008, 6, 2))
    community = places(adult, minor, Resident("r3", age=40))
    election = residents_election(Electorate.VOTERS, electors=("r1", "r2"))
    verdict = check_electorate(election, community)
    assert not verdict.passed
    assert [r.path for r in verdict.reasons] == ["$.electors[1]", "$.candidates[1]"]
    assert "r2 is 17 on 2026-06-01" in verdict.explain()
    households = residents_election(Electorate.HOUSEHOLDS, electors=("h1", "r1"))
    verdict = check_electorate(households, community)
    assert [r.path for r in verdict.reasons] == ["$.electors[1]", "$.candidates[1]"]
    assert "r1 is no household here" in verdict.explain()


def test_only_full_party_members_elect_and_stand():
    election = party()
    full = frozenset(election.electors) | {"c0", "c1", "c2"}
    verdict = check_electorate(election, places(), full)
    assert [r.path for r in verdict.reasons] == ["$.candidates[3]"]
    assert "only full members elect and stand" in verdict.explain()


# --- invariants -------------------------------------------------------------------------


@given(elections())
def test_a_count_never_elects_more_than_the_seats_nor_anyone_in_a_void_election(election):
    result = count_election(election)
    assert len(result.elected) <= election.seats
    assert result.unfilled == election.seats - len(result.elected)
    assert not set(result.elected) & set(result.runoff)
    if result.void:
        assert result.elected == ()
        assert not result.verdict.passed
    assert result.cast <= result.entitled
    assert result.valid <= result.cast
    policy = election.rules
    marks = sum(c.votes for c in result.counts)
    assert marks <= result.valid * election.seats
    if policy.presence is not None and not result.void:
        assert result.present is not None
        assert policy.presence.met(result.present, result.entitled)
    if policy.participation is not None and not result.void:
        assert policy.participation.met(result.cast, result.entitled)
    for count in result.counts:
        if count.elected:
            assert count.votes > 0  # never elected without a vote
        if count.elected and policy.elected is not None:
            base = {
                "present": result.present if result.present is not None else result.cast,
                "entitled": result.entitled,
                "voted": result.cast,
            }[policy.base.value]
            assert policy.elected.met(count.votes, base)


def test_the_policies_are_the_sources_numbers():
    assert PARTY.presence == Threshold(4, 5, inclusive=False)
    assert PARTY.margin == Threshold(1, 5)
    assert PARTY.elected == Threshold(1, 2, inclusive=False)
    assert OWNERS_COMMITTEE.participation == Threshold(2, 3)
    assert OWNERS_COMMITTEE.elected == Threshold(1, 2, inclusive=False)
    assert ElectionPolicy("x").elected is None


def test_check_community_counts_each_election_and_checks_who_elected_at_its_path():
    from neighborly.party.organisation import Party
    from neighborly.party.structure import MemberStatus, PartyMember, PartyUnit, UnitKind
    from neighborly.rules import check_community

    community = places(Resident("r1", age=40), Resident("r2", age=30))
    unit = PartyUnit("pu-1", "第一支部", UnitKind.BRANCH)
    members = (
        *(PartyMember(f"m{i}", MemberStatus.FULL, unit="pu-1") for i in range(10)),
        PartyMember("c3", MemberStatus.PROBATIONARY, unit="pu-1"),
    )
    full_candidates = tuple(PartyMember(f"c{i}", MemberStatus.FULL, unit="pu-1") for i in range(3))
    election = party()
    community = attrs.evolve(
        community,
        party=Party(units=(unit,), members=members + full_candidates),
        elections=(election,),
    )
    report = check_community(community, as_of=DAY)
    counted = report["elections.count"]
    assert counted.passed
    assert counted.reasons[0].path == "$.elections[0].candidates"
    assert "$.elections[0].candidates[0]" in {r.path for r in counted.reasons}
    electorate = report["elections.electorate"]
    assert not electorate.passed  # c3 is probationary
    assert [r.path for r in electorate.reasons] == ["$.elections[0].candidates[3]"]


def test_no_one_is_elected_without_a_vote_even_where_the_share_asked_is_nought():
    policy = ElectionPolicy("lax", elected=Threshold(0, 1), base=Base.VOTED)
    result = count_election(party(seats=2, candidates=2, votes={"c0": 9}, policy=policy))
    assert result.elected == ("c0",)
    assert result.unfilled == 1


# --- who sits ------------------------------------------------------------------------


def test_a_committee_sits_as_its_election_elected_it():
    from neighborly.elections import check_seated

    election = party(entitled=10, present=9)
    assert check_seated(("c2", "c0", "c1"), election).passed
    verdict = check_seated(("c0", "c1", "c3"), election, path="$.seats")
    assert not verdict.passed
    assert [(r.path, r.expected, r.actual) for r in verdict.reasons] == [
        ("$.seats", "elected", "c3"),
        ("$.seats", "c2", "absent"),
    ]
    assert "c3 sits but was not elected in e-1" in verdict.explain()
    assert "c2 在 e-1 中当选但未任职" in verdict.explain("zh")


def test_nobody_sits_by_a_void_election():
    from neighborly.elections import check_seated

    void = party(entitled=10, present=8)  # exactly 4/5: void
    verdict = check_seated(("c0", "c1", "c2"), void)
    assert len(verdict.reasons) == 3
    assert "(the election was void)" in verdict.explain()
    assert check_seated((), void).passed


def test_check_community_seats_the_sample_committees_by_their_elections():
    from neighborly.rules import check_community
    from neighborly.sample import sample_community

    c = sample_community()
    report = check_community(c, as_of=dt.date(2026, 12, 1))
    seated = [v for v in report if v.rule == "elections.seated"]
    assert [v.reasons[0].path for v in seated] == [
        "$.residents_committee.seats",
        "$.owners.committee.members",
    ]
    assert all(v.passed for v in seated)
    assert c.owners is not None
    assert c.owners.committee is not None
    one_short = attrs.evolve(c.owners.committee, members=c.owners.committee.members[1:])
    changed = attrs.evolve(c, owners=attrs.evolve(c.owners, committee=one_short))
    again = [
        v
        for v in check_community(changed, as_of=dt.date(2026, 12, 1))
        if v.rule == "elections.seated"
    ]
    assert not again[1].passed
    assert "was elected in el-oc-2026 but does not sit" in again[1].explain()
