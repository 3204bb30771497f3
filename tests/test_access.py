"""Access on a need-to-know basis, and redaction of personal data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput, NotFound, sample_community
from neighborly.access import (
    DEFAULT_POLICY,
    DEFAULT_TABLE,
    PUBLIC_VIEWER,
    AccessPolicy,
    AccessRole,
    Action,
    Actor,
    Reach,
    ResourceKind,
    Scope,
    ScopeKind,
    can,
    policy_table,
    redact,
    resource_of,
)
from neighborly.places import ResidentTag

DOCS = Path(__file__).resolve().parent.parent / "docs"
SAMPLE = sample_community()


def resident_in(household_id: str, index: int = 0):
    return SAMPLE.household(household_id).occupants[index]


def grid_worker(grid: str = "g3-2") -> Actor:
    return Actor(f"worker-{grid}", AccessRole.GRID_WORKER, (Scope(ScopeKind.GRID, grid),))


def allowed(actor: Actor, action: Action, record: object) -> bool:
    return can(actor, action, resource_of(SAMPLE, record), SAMPLE).passed


@pytest.mark.parametrize("page", ["access.md", "access.zh.md"])
def test_the_docs_show_the_default_policy_table_as_the_code_has_it(page: str):
    assert policy_table() in (DOCS / page).read_text(encoding="utf-8")


def test_a_grid_worker_sees_their_grid_and_not_the_next():
    mine, theirs = resident_in("h-05-2-301"), resident_in("h-01-1-101")
    assert allowed(grid_worker("g3-2"), Action.VIEW_PERSONAL, mine)
    verdict = can(grid_worker("g3-2"), Action.VIEW_PERSONAL, resource_of(SAMPLE, theirs), SAMPLE)
    assert not verdict.passed
    assert "h-01-1-101 is not within grid g3-2" in verdict.reasons[0].message.en
    assert verdict.rule == "access.can"


def test_a_compound_grid_reaches_the_building_grids_below_it():
    worker = Actor("w", AccessRole.GRID_WORKER, (Scope(ScopeKind.GRID, "g2-1"),))
    assert allowed(worker, Action.VIEW, resident_in("h-01-1-101"))


def test_hardship_is_for_those_with_a_care_purpose():
    tagged = next(r for r in SAMPLE.residents() if ResidentTag.DISABLED in r.tags)
    household = next(h for h in SAMPLE.households() if tagged in h.occupants)
    building = household.id.split("-")[1]
    leader = Actor(
        "l", AccessRole.BUILDING_GROUP_LEADER, (Scope(ScopeKind.BUILDING, f"b-{building}"),)
    )
    care = Actor("c", AccessRole.CARE_WORKER, (Scope(ScopeKind.COMMUNITY, SAMPLE.id),))
    secretary = Actor("s", AccessRole.PARTY_SECRETARY, (Scope(ScopeKind.COMMUNITY, SAMPLE.id),))
    assert allowed(leader, Action.VIEW_PERSONAL, tagged)
    assert not allowed(leader, Action.VIEW_SENSITIVE, tagged)
    assert allowed(care, Action.VIEW_SENSITIVE, tagged)
    assert not allowed(secretary, Action.VIEW_SENSITIVE, tagged)
    assert ResidentTag.DISABLED not in redact(tagged, for_actor=leader, community=SAMPLE).tags
    assert ResidentTag.DISABLED in redact(tagged, for_actor=care, community=SAMPLE).tags


def test_a_resident_sees_themself_and_their_household_only():
    me = resident_in("h-05-2-301")
    actor = Actor("me", AccessRole.RESIDENT, person=me.id, household="h-05-2-301")
    assert allowed(actor, Action.VIEW_PERSONAL, me)
    assert allowed(actor, Action.VIEW, SAMPLE.household("h-05-2-301"))
    assert not allowed(actor, Action.VIEW, resident_in("h-01-1-101"))
    verdict = can(actor, Action.VIEW, resource_of(SAMPLE, resident_in("h-01-1-101")), SAMPLE)
    assert "self" in verdict.reasons[0].message.en


def test_a_volunteer_may_not_see_residents_but_sees_their_own_records_and_points():
    workers = {r.volunteer for r in SAMPLE.records}
    holders = {a.holder for a in SAMPLE.points.accounts}
    volunteer = next(v for v in SAMPLE.volunteers if v.id in workers and v.id in holders)
    actor = Actor(volunteer.id, AccessRole.VOLUNTEER, person=volunteer.id)
    assert not allowed(actor, Action.VIEW, resident_in("h-05-2-301"))
    own = next(r for r in SAMPLE.records if r.volunteer == volunteer.id)
    other = next(r for r in SAMPLE.records if r.volunteer != volunteer.id)
    assert allowed(actor, Action.VIEW, own)
    assert not allowed(actor, Action.VIEW, other)
    assert not allowed(actor, Action.APPROVE, own)
    account = next(a.id for a in SAMPLE.points.accounts if a.holder == volunteer.id)
    mine = next(e.posting for e in SAMPLE.points.entries if e.posting.target == account)
    assert allowed(actor, Action.VIEW, mine)
    assert not allowed(actor, Action.REVERSE, mine)


def test_only_the_secretary_reverses_ledger_postings():
    posting = SAMPLE.points.entries[0].posting
    everyone = Scope(ScopeKind.COMMUNITY, SAMPLE.id)
    assert allowed(Actor("s", AccessRole.PARTY_SECRETARY, (everyone,)), Action.REVERSE, posting)
    assert not allowed(Actor("x", AccessRole.COMMUNITY_STAFF, (everyone,)), Action.REVERSE, posting)


def test_ballots_are_for_the_owners_committee_of_the_compound_and_the_voter():
    ballot = SAMPLE.votes[0].ballots[0]
    committee = Actor("oc", AccessRole.OWNERS_COMMITTEE, (Scope(ScopeKind.COMPOUND, "cp-1"),))
    assert allowed(committee, Action.VIEW, ballot)
    assert not allowed(grid_worker(), Action.VIEW, ballot)
    voter = Actor("v", AccessRole.RESIDENT, household=ballot.part)
    assert allowed(voter, Action.CREATE, ballot)


def test_a_street_official_reaches_the_communities_of_their_street():
    official = Actor("so", AccessRole.STREET_OFFICIAL, (Scope(ScopeKind.STREET, SAMPLE.street),))
    elsewhere = Actor("so2", AccessRole.STREET_OFFICIAL, (Scope(ScopeKind.STREET, "别的街道"),))
    resident = resident_in("h-05-2-301")
    assert allowed(official, Action.VIEW, resident)
    assert not allowed(elsewhere, Action.VIEW, resident)
    assert not allowed(official, Action.VIEW_PERSONAL, resident)


def test_co_building_contacts_see_the_wish_wall_and_claim_wishes():
    contact = Actor("cb", AccessRole.CO_BUILDING_CONTACT)
    wish = SAMPLE.wishes[0]
    assert allowed(contact, Action.VIEW, wish)
    assert allowed(contact, Action.UPDATE, wish)
    assert not allowed(contact, Action.APPROVE, wish)


def test_every_kind_of_record_in_the_sample_can_be_asked_about():
    records = [
        SAMPLE,
        next(SAMPLE.households()),
        next(SAMPLE.residents()),
        SAMPLE.volunteers[0],
        SAMPLE.records[0],
        SAMPLE.points.entries[0].posting,
        SAMPLE.votes[0].ballots[0],
        SAMPLE.requests[0],
        SAMPLE.wishes[0],
        SAMPLE.meal_help[0],
        SAMPLE.parking.allocations[0],
        SAMPLE.sorting.inspections[0],
        SAMPLE.party.members[0],
        SAMPLE.events[0],
    ]
    kinds = {resource_of(SAMPLE, r).kind for r in records}
    assert set(ResourceKind) == kinds
    with pytest.raises(NotFound):
        resource_of(SAMPLE, object())


def test_another_policy_can_be_supplied_as_a_table():
    table = "\n".join([*DEFAULT_TABLE.splitlines()[:1], "resident view - - - - - - - - any - -"])
    policy = AccessPolicy.from_table(table)
    volunteer = Actor("v", AccessRole.VOLUNTEER)
    resident = resource_of(SAMPLE, resident_in("h-05-2-301"))
    assert can(volunteer, Action.VIEW, resident, SAMPLE, policy).passed
    assert not can(volunteer, Action.VIEW, resident, SAMPLE).passed
    assert policy.reach(AccessRole.VOLUNTEER, Action.VIEW, ResourceKind.RESIDENT) == Reach.ANY


def test_a_malformed_policy_row_is_named():
    header = DEFAULT_TABLE.splitlines()[0]
    with pytest.raises(InvalidInput, match=r"\$\.table\[1\]"):
        AccessPolicy.from_table(header + "\nresident view scope")
    with pytest.raises(InvalidInput, match=r"\$\.table\[2\]"):
        AccessPolicy.from_table(
            header + "\nresident view - - - - - - - - - - -\nresident peek - - - - - - - - - - -"
        )
    twice = DEFAULT_POLICY.permissions[:1] * 2
    with pytest.raises(InvalidInput, match=r"\$\.permissions\[1\]"):
        AccessPolicy(twice)


def test_a_public_viewer_cannot_tell_which_door_a_vulnerable_person_is_alone_behind():
    located = {
        ResidentTag.ELDER_LIVING_ALONE,
        ResidentTag.EMPTY_NEST_ELDER,
        ResidentTag.LEFT_BEHIND_CHILD,
        ResidentTag.SINGLE_PARENT,
    }
    assert located <= DEFAULT_POLICY.sensitive_tags
    alone = [r for r in SAMPLE.residents() if r.tags & located]
    assert alone
    shown = redact(SAMPLE, for_actor=PUBLIC_VIEWER, community=SAMPLE)
    assert not any(r.tags & located for r in shown.residents())


def test_redacting_a_whole_community_masks_every_resident_for_the_public_and_changes_nothing_else():
    shown = redact(SAMPLE, for_actor=PUBLIC_VIEWER, community=SAMPLE)
    originals = list(SAMPLE.residents())
    masked = list(shown.residents())
    assert [r.id for r in originals] == [r.id for r in masked]
    assert all(m.name is None or m.name.endswith("*") for m in masked)
    assert all(m.phone is None or "****" in m.phone for m in masked)
    assert all(m.id_number is None or m.id_number.startswith("*" * 14) for m in masked)
    assert not any(m.tags & DEFAULT_POLICY.sensitive_tags for m in masked)
    assert any(r.tags & DEFAULT_POLICY.sensitive_tags for r in originals)  # the original kept them
    assert SAMPLE.records == shown.records
    assert SAMPLE.points == shown.points
    assert all(a.plate is None or "***" in a.plate for a in shown.parking.allocations)


def test_a_grid_workers_view_masks_only_outside_their_grid():
    shown = redact(SAMPLE, for_actor=grid_worker("g3-2"), community=SAMPLE)
    mine = set(SAMPLE.grid_index.households["g3-2"])
    for household in shown.households():
        original = SAMPLE.household(household.id)
        if household.id in mine:
            assert original == household
        elif any(r.name for r in original.occupants):
            assert original != household


ROLES = st.sampled_from(AccessRole)
SCOPES = st.sampled_from(
    [
        Scope(ScopeKind.GRID, "g3-1"),
        Scope(ScopeKind.GRID, "g3-5"),
        Scope(ScopeKind.GRID, "g2-1"),
        Scope(ScopeKind.BUILDING, "b-07"),
        Scope(ScopeKind.COMPOUND, "cp-1"),
        Scope(ScopeKind.HOUSEHOLD, "h-05-2-301"),
        Scope(ScopeKind.COMMUNITY, "c-sample"),
        Scope(ScopeKind.STREET, "示例街道"),
    ]
)
HOUSEHOLDS = [h for h in SAMPLE.households() if h.occupants][::40]


@settings(max_examples=60, deadline=None)
@given(role=ROLES, scopes=st.lists(SCOPES, max_size=2), pick=st.sampled_from(HOUSEHOLDS))
def test_redaction_reveals_exactly_what_can_allows(role, scopes, pick):
    actor = Actor(
        "a",
        role,
        tuple(scopes),
        person=pick.occupants[0].id if role is AccessRole.RESIDENT else None,
    )
    shown = redact(pick, for_actor=actor, community=SAMPLE)
    for original, seen in zip(pick.occupants, shown.occupants, strict=True):
        resource = resource_of(SAMPLE, original)
        personal = can(actor, Action.VIEW_PERSONAL, resource, SAMPLE).passed
        sensitive = can(actor, Action.VIEW_SENSITIVE, resource, SAMPLE).passed
        assert (seen.name == original.name) == (personal or original.name is None)
        assert (seen.phone == original.phone) == (personal or original.phone is None)
        hidden = original.tags & DEFAULT_POLICY.sensitive_tags
        assert (seen.tags == original.tags) == (sensitive or not hidden)
        assert seen.id == original.id
        assert (seen.birth_date == original.birth_date) == (personal or original.birth_date is None)
        assert not re.search(r"1380\d{7}", repr(seen) + repr(original))


def test_scoped_staff_see_the_postings_of_volunteers_who_live_in_their_scope():
    """Postings of volunteer-held accounts sit at the volunteer's home, so staff of a
    compound or grid reach them (they had no place, and only community-wide staff did)."""
    volunteers = {v.id: v for v in SAMPLE.volunteers}
    holders = {a.id: a.holder for a in SAMPLE.points.accounts}
    posting = next(
        e.posting
        for e in SAMPLE.points.entries
        if (v := volunteers.get(holders.get(e.posting.target) or "")) is not None
        and v.resident is not None
    )
    volunteer = volunteers[holders[posting.target]]
    home = SAMPLE.index.home_of(volunteer.resident)
    compound = next(c.id for c in SAMPLE.compounds if home in {h.id for h in c.households()})
    buildings = [b for c in SAMPLE.compounds for b in c.buildings]
    other = next(
        b.id for b in buildings if home not in {h.id for u in b.units for h in u.households}
    )
    grid = next(g for g, hs in SAMPLE.grid_index.households.items() if home in hs)
    resource = resource_of(SAMPLE, posting)
    assert resource.place == home
    assert volunteer.id in resource.subjects
    assert volunteer.resident in resource.subjects
    staff = Actor("st", AccessRole.COMMUNITY_STAFF, (Scope(ScopeKind.COMPOUND, compound),))
    elsewhere = Actor("st2", AccessRole.COMMUNITY_STAFF, (Scope(ScopeKind.BUILDING, other),))
    in_grid = Actor("st3", AccessRole.COMMUNITY_STAFF, (Scope(ScopeKind.GRID, grid),))
    assert allowed(staff, Action.VIEW, posting)
    assert allowed(in_grid, Action.VIEW, posting)
    assert not allowed(elsewhere, Action.VIEW, posting)
    itself = Actor("r", AccessRole.RESIDENT, person=volunteer.resident)
    assert allowed(itself, Action.VIEW, posting)
