"""Grid rules at their boundaries, and the contact card."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from neighborly import InvalidInput, NotFound
from neighborly.grids import (
    Grid,
    GridLevel,
    GridPolicy,
    Role,
    check_coverage,
    check_grids,
    check_heads,
    check_nesting,
    check_sizes,
    contact_card,
)

from builders import community, with_grid
from strategies import communities

# --- grids.size -------------------------------------------------------------------------


@pytest.mark.parametrize("households", [300, 400, 500])
def test_a_level3_grid_of_300_to_500_households_passes(households):
    verdict = check_sizes(community(households))
    assert verdict.passed
    assert verdict.rule == "grids.size"


def test_a_level3_grid_one_household_short_of_300_fails_and_says_by_how_much():
    verdict = check_sizes(community(400, 299))
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert reason.path == "$.grids[3]"
    assert (reason.expected, reason.actual) == ("300..500", "299")
    assert reason.message.en == "level-3 grid g3-2 needs at least 300 households, has 299 (1 short)"
    assert reason.message.zh == "三级网格 g3-2 至少应有 300 户，实有 299 户（差 1 户）"


def test_a_level3_grid_one_household_over_500_fails():
    (reason,) = check_sizes(community(501)).reasons
    assert reason.message.en.endswith("has 501 (1 over)")


def test_the_household_band_is_a_policy():
    policy = GridPolicy(min_households=200, max_households=300)
    assert check_sizes(community(200, 300), policy).passed
    assert not check_sizes(community(301), policy).passed
    assert "200-300" in check_sizes(community(250), policy).title.en


def test_a_policy_whose_minimum_exceeds_its_maximum_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        GridPolicy(min_households=600, max_households=500)
    assert [p.path for p in excinfo.value.problems] == ["$.max_households"]


def test_sizes_count_only_level3_grids():
    c = community(400)
    assert check_sizes(c).reasons[0].message.en.startswith("1 level-3 grids")


# --- grids.coverage ---------------------------------------------------------------------


def test_every_household_in_exactly_one_level3_grid_passes():
    verdict = check_coverage(community(300, 400, shops=2))
    assert verdict.passed
    assert verdict.reasons[0].message.en == (
        "700 households and 2 shops, each in exactly one level-3 grid"
    )


def test_an_unassigned_household_is_named_with_its_path():
    c = with_grid(community(300, 2), 3, places=("b2-u0-h0",))
    verdict = check_coverage(c)
    assert not verdict.passed
    (reason,) = verdict.reasons
    assert reason.path == "$.compounds[0].buildings[1].units[0].households[1]"
    assert reason.message.en == "household b2-u0-h1 is in no level-3 grid"
    assert (reason.expected, reason.actual) == ("1", "0")


def test_a_household_in_two_level3_grids_is_named_with_both_grids():
    c = with_grid(community(300, 2), 3, places=("b2", "b1-u0-h7"))
    (reason,) = check_coverage(c).reasons
    assert reason.path == "$.compounds[0].buildings[0].units[0].households[7]"
    assert reason.message.en == "household b1-u0-h7 is in 2 level-3 grids: g3-1, g3-2"
    assert "同时属于 2 个三级网格" in reason.message.zh


def test_a_shop_in_a_building_is_covered_by_the_buildings_grid_and_a_street_shop_is_not():
    c = community(300, shops=1)
    street = attrs.evolve(c.compounds[0].shops[0], id="s-street", building=None)
    c = attrs.evolve(
        c, compounds=(attrs.evolve(c.compounds[0], shops=(*c.compounds[0].shops, street)),)
    )
    (reason,) = check_coverage(c).reasons
    assert reason.message.en == "shop s-street is in no level-3 grid"
    assert check_coverage(with_grid(c, 2, places=("b1", "s-street"))).passed


# --- grids.heads ------------------------------------------------------------------------


def test_grids_headed_by_the_right_roles_pass():
    assert check_heads(community(300)).passed


def test_a_grid_without_a_head_fails():
    (reason,) = check_heads(with_grid(community(300), 2, head=None)).reasons
    assert reason.path == "$.grids[2].head"
    assert reason.actual == "null"
    assert "has no head" in reason.message.en


def test_a_level1_grid_headed_by_a_grid_worker_fails():
    (reason,) = check_heads(with_grid(community(300), 0, head="st-worker")).reasons
    assert reason.expected == "party_secretary"
    assert reason.actual == "grid_worker"
    assert "周网格员" in reason.message.en


def test_who_may_head_each_level_is_a_policy():
    c = with_grid(community(300), 0, head="st-dep")
    policy = GridPolicy(level1_heads=frozenset({Role.PARTY_SECRETARY, Role.DEPUTY_DIRECTOR}))
    assert not check_heads(c).passed
    assert check_heads(c, policy).passed


# --- grids.nesting ----------------------------------------------------------------------


def test_a_proper_three_level_tree_nests():
    assert check_nesting(community(300, 400)).passed


def test_a_community_needs_exactly_one_level1_grid():
    c = with_grid(community(300), 1, level=GridLevel.COMMUNITY, parent=None)
    verdict = check_nesting(c)
    assert not verdict.passed
    assert verdict.reasons[0].message.en == "a community has exactly one level-1 grid; found 2"


def test_a_level3_grid_directly_under_level1_fails():
    (reason,) = check_nesting(with_grid(community(300), 2, parent="g1")).reasons
    assert reason.path == "$.grids[2].parent"
    assert (reason.expected, reason.actual) == ("2", "1")


def test_a_level2_grid_without_a_parent_fails():
    (reason,) = check_nesting(with_grid(community(300), 1, parent=None)).reasons
    assert "needs a level-1 parent grid" in reason.message.en


def test_a_level1_grid_with_a_parent_fails():
    c = with_grid(community(300), 0, parent="g2")
    assert any(r.path == "$.grids[0].parent" for r in check_nesting(c).reasons)


def test_a_grid_covering_places_outside_its_parent_fails():
    c = with_grid(community(300, 300), 1, places=("b1",))
    (reason,) = check_nesting(c).reasons
    assert reason.path == "$.grids[3].places"
    assert reason.actual == "300"
    assert "covers 300 places its parent g2 does not" in reason.message.en


def test_a_grid_without_places_covers_what_its_children_cover():
    c = with_grid(with_grid(community(300, 300), 1, places=()), 0, places=())
    assert check_grids(c).passed
    assert len(c.grid_index.households["g1"]) == 600


def test_parent_loops_do_not_hang_the_rules():
    c = with_grid(with_grid(community(300), 1, parent="g3-1", places=()), 2, places=())
    report = check_grids(c)
    assert not report.passed
    assert not report["grids.nesting"].passed


def test_check_grids_runs_every_rule_in_order():
    report = check_grids(community(300))
    assert [v.rule for v in report] == [
        "grids.coverage",
        "grids.heads",
        "grids.size",
        "grids.nesting",
    ]
    assert report.passed
    with pytest.raises(NotFound):
        report["owners.quorum"]


# --- the contact card -------------------------------------------------------------------


def test_the_card_lists_levels_3_2_1_heads_first_with_unmasked_phones_and_teams():
    card = contact_card(community(300, 300), "b2-u0-h5")
    assert [level.grid_id for level in card.levels] == ["g3-2", "g2", "g1"]
    first = card.levels[0].people
    assert [(p.name, p.head) for p in first] == [("刘客服", True), ("周网格员", False)]
    assert first[1].phone == "0371-66668888"
    assert [t.name for t in card.teams] == ["巡逻队"]
    assert contact_card(community(300), "b1-u0-h0").teams[-1].name == "助老队"


def test_the_card_renders_in_both_languages():
    card = contact_card(community(300), "b1-u0-h0")
    zh = card.render("zh")
    assert zh.splitlines()[0] == "便民服务连心卡 · 测试小区 1号楼 1单元 301室"
    assert "陈干部（社区干部，网格长） 13900000004" in zh
    en = card.render("en")
    assert "陈干部 (community cadre, grid head) 13900000004" in en
    assert "钱队长 no phone" in en


def test_a_household_in_no_grid_gets_a_card_that_says_so():
    c = attrs.evolve(community(300), grids=(), teams=())
    card = contact_card(c, "b1-u0-h0")
    assert card.levels == ()
    assert "尚未划入任何网格" in card.render("zh")


def test_an_unknown_household_has_no_card():
    with pytest.raises(NotFound):
        contact_card(community(300), "h-missing")


def test_a_grid_refers_to_staff_by_id():
    grid = Grid("g", "网格", GridLevel.BUILDING_GROUP, staff=("a", "b"))
    assert grid.staff == ("a", "b")


# --- properties against an independent count ----------------------------------------------


def _naive_cover(c, grid, grids_by_id, seen=()):
    """What a grid covers, worked out the slow, obvious way."""
    if not grid.places:
        found: set[str] = set()
        for child in c.grids:
            if child.parent == grid.id and child.id not in seen:
                found |= _naive_cover(c, child, grids_by_id, (*seen, grid.id))
        return found
    found = set()
    for place in grid.places:
        for compound in c.compounds:
            for shop in compound.shops:
                if place in (c.id, compound.id, shop.id, shop.building):
                    found.add(shop.id)
            for building in compound.buildings:
                for unit in building.units:
                    for household in unit.households:
                        if place in (c.id, compound.id, building.id, unit.id, household.id):
                            found.add(household.id)
    return found


@given(communities())
def test_coverage_passes_exactly_when_each_household_and_shop_has_one_level3_grid(c):
    by_id = {g.id: g for g in c.grids}
    level3 = [g for g in c.grids if g.level == GridLevel.BUILDING_GROUP]
    covers = [_naive_cover(c, g, by_id) for g in level3]
    everything = [h.id for h in c.households()] + [s.id for s in c.shops()]
    expected = all(sum(place in cover for cover in covers) == 1 for place in everything)
    verdict = check_coverage(c)
    assert verdict.passed == expected
    if not expected:
        assert len(verdict.reasons) == sum(
            sum(place in cover for cover in covers) != 1 for place in everything
        )


@given(communities())
def test_size_passes_exactly_when_every_level3_grid_is_within_the_band(c):
    by_id = {g.id: g for g in c.grids}
    households = {h.id for h in c.households()}
    sizes = [
        len(_naive_cover(c, g, by_id) & households)
        for g in c.grids
        if g.level == GridLevel.BUILDING_GROUP
    ]
    policy = GridPolicy(min_households=1, max_households=3)
    assert check_sizes(c, policy).passed == all(1 <= n <= 3 for n in sizes)


@given(communities())
def test_every_grid_rule_returns_a_verdict_and_never_raises(c):
    report = check_grids(c)
    assert len(report) == 4
    for verdict in report:
        assert verdict.reasons
        for reason in verdict.reasons:
            assert reason.path.startswith("$")
            assert reason.message.en
            assert reason.message.zh
