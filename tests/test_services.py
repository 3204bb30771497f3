"""The 15-minute life circle: distances, the nearest facility, circles and gaps."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.geo import Location, distance_m
from neighborly.scheduling import OpeningHours
from neighborly.services import (
    DEFAULT_REQUIREMENTS,
    Circle,
    CirclePolicy,
    Facility,
    Requirement,
    Site,
    check_circle,
    nearest,
    sites_of,
)

from builders import community

CHENGDU = Location(30.6586, 104.0647)
SHANGHAI_TZ = dt.timezone(dt.timedelta(hours=8))
METRES_PER_DEGREE_LAT = math.pi * 6_371_008.8 / 180


def north_of(origin: Location, metres: float) -> Location:
    """The point ``metres`` due north on the sphere (exact along a meridian)."""
    return Location(origin.latitude + metres / METRES_PER_DEGREE_LAT, origin.longitude)


def vincenty_sphere(a: Location, b: Location) -> float:
    """The great-circle distance by the atan2 (Vincenty) form, well conditioned at every
    distance: an independent formula to check the haversine against."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    y = math.hypot(
        math.cos(p2) * math.sin(dl),
        math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl),
    )
    x = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6_371_008.8 * math.atan2(y, x)


def test_a_location_is_wgs84_degrees_in_range():
    with pytest.raises(InvalidInput) as caught:
        Location(91.0, -181.0)
    assert [p.path for p in caught.value.problems] == ["$.latitude", "$.longitude"]
    with pytest.raises(InvalidInput, match=r"\$\.latitude"):
        Location(float("nan"), 104.0)
    with pytest.raises(InvalidInput, match=r"\$\.latitude"):
        Location("30.6", 104.0)


def test_a_metre_along_a_meridian_is_a_metre():
    assert distance_m(CHENGDU, north_of(CHENGDU, 300)) == pytest.approx(300, abs=1e-6)


@given(
    st.floats(-60, 60),
    st.floats(-179, 179),
    st.floats(-0.5, 0.5),
    st.floats(-0.5, 0.5),
)
def test_haversine_agrees_with_the_vincenty_formula_on_the_sphere(lat, lon, dlat, dlon):
    a, b = Location(lat, lon), Location(lat + dlat, lon + dlon)
    assert distance_m(a, b) == pytest.approx(vincenty_sphere(a, b), abs=0.001)
    assert distance_m(a, b) == pytest.approx(distance_m(b, a))


def school(fid: str, where: Location, category: str = "primary_school", **kw: object) -> Facility:
    return Facility(fid, f"设施{fid}", category, where, **kw)


@pytest.mark.parametrize(
    ("walking", "circle"),
    [
        (300, Circle.FIVE_MINUTE),
        (301, Circle.TEN_MINUTE),
        (500, Circle.TEN_MINUTE),
        (501, Circle.FIFTEEN_MINUTE),
        (1000, Circle.FIFTEEN_MINUTE),
        (1001, None),
    ],
)
def test_each_circle_includes_its_limit(walking, circle):
    assert circle == CirclePolicy().circle_of(walking)


def test_walking_distance_is_straight_line_times_the_detour_factor():
    (hit,) = nearest((Site("b1", CHENGDU),), (school("f1", north_of(CHENGDU, 400)),))
    assert (
        hit.facility,
        hit.straight_m,
        hit.walking_m,
        hit.circle,
    ) == ("f1", 400, 520, Circle.FIFTEEN_MINUTE)
    (straight,) = nearest(
        (Site("b1", CHENGDU),),
        (school("f1", north_of(CHENGDU, 400)),),
        policy=CirclePolicy(detour_factor=1.0),
    )
    assert (straight.walking_m, straight.circle) == (400, Circle.TEN_MINUTE)


def test_a_category_without_facilities_has_no_nearest():
    (hit,) = nearest((Site("b1", CHENGDU),), (), categories=("kindergarten",))
    assert (hit.facility, hit.walking_m, hit.circle) == (None, None, None)


def test_results_come_site_by_site_and_category_by_category():
    sites = (Site("b2", CHENGDU), Site("b1", north_of(CHENGDU, 900)))
    places = (
        school("k1", north_of(CHENGDU, 100), "kindergarten"),
        school("s1", north_of(CHENGDU, 800)),
    )
    got = [(n.site, n.category, n.facility) for n in nearest(sites, places)]
    assert got == [
        ("b2", "kindergarten", "k1"),
        ("b2", "primary_school", "s1"),
        ("b1", "kindergarten", "k1"),
        ("b1", "primary_school", "s1"),
    ]


def test_equally_near_facilities_go_to_the_smaller_id():
    east = Location(CHENGDU.latitude, CHENGDU.longitude + 0.003)
    west = Location(CHENGDU.latitude, CHENGDU.longitude - 0.003)
    (hit,) = nearest((Site("b1", CHENGDU),), (school("f2", east), school("f1", west)))
    assert hit.facility == "f1"


def test_only_facilities_open_at_the_moment_count_when_asked():
    weekdays = (OpeningHours(frozenset(range(5)), dt.time(8), dt.time(17)),)
    near = school("near", north_of(CHENGDU, 100), hours=weekdays)
    far = school("far", north_of(CHENGDU, 700))
    saturday = dt.datetime(2026, 11, 21, 10, tzinfo=SHANGHAI_TZ)
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=SHANGHAI_TZ)
    assert nearest((Site("b1", CHENGDU),), (near, far), open_at=saturday)[0].facility == "far"
    assert nearest((Site("b1", CHENGDU),), (near, far), open_at=monday)[0].facility == "near"
    utc_monday_2am = dt.datetime(2026, 11, 23, 2, tzinfo=dt.timezone.utc)  # 10:00 in Shanghai
    assert near.is_open(utc_monday_2am)
    assert near.is_open(at_ := dt.datetime(2026, 11, 23, 8, tzinfo=SHANGHAI_TZ))
    assert not near.is_open(at_.replace(hour=17))  # closed from closing time
    assert near.is_open(at_.replace(hour=16, minute=59))
    with pytest.raises(InvalidInput, match=r"\$\.at"):
        near.is_open(dt.datetime(2026, 11, 23, 10))  # noqa: DTZ001 - a naive time is refused


def test_a_policy_refuses_shrinking_circles_and_a_category_required_twice():
    with pytest.raises(InvalidInput, match=r"\$\.ten_minute_m"):
        CirclePolicy(ten_minute_m=200)
    twice = (Requirement("kindergarten", Circle.FIVE_MINUTE),) * 2
    with pytest.raises(InvalidInput, match=r"\$\.requirements\[1\]\.category"):
        CirclePolicy(requirements=twice)
    with pytest.raises(InvalidInput, match=r"\$\.detour_factor"):
        CirclePolicy(detour_factor=0.9)


def test_the_default_requirements_follow_the_three_circles_of_gb_50180():
    circles = {r.category: r.circle for r in DEFAULT_REQUIREMENTS}
    assert circles["kindergarten"] == Circle.FIVE_MINUTE
    assert circles["primary_school"] == Circle.TEN_MINUTE
    assert circles["middle_school"] == Circle.FIFTEEN_MINUTE
    assert (
        CirclePolicy().five_minute_m,
        CirclePolicy().ten_minute_m,
        CirclePolicy().fifteen_minute_m,
    ) == (300, 500, 1000)


# --- the rule over a community ------------------------------------------------------------

ONLY_KINDERGARTEN = CirclePolicy(
    detour_factor=1.0, requirements=(Requirement("kindergarten", Circle.FIVE_MINUTE),)
)


def placed(c, *locations):
    compound = c.compounds[0]
    buildings = tuple(
        attrs.evolve(b, location=loc) for b, loc in zip(compound.buildings, locations, strict=True)
    )
    return attrs.evolve(c, compounds=(attrs.evolve(compound, buildings=buildings),))


def test_a_building_exactly_300_m_from_a_kindergarten_is_inside_the_5_minute_circle():
    c = placed(community(300, 300), CHENGDU, north_of(CHENGDU, 600.6))
    c = attrs.evolve(c, facilities=(school("k1", north_of(CHENGDU, 300), "kindergarten"),))
    verdict = check_circle(c, ONLY_KINDERGARTEN)
    (gap,) = verdict.reasons
    assert (gap.path, gap.expected, gap.actual) == ("$.compounds[0].buildings[1]", "<=300", "301")
    assert "b2: nearest kindergarten k1 is 301 m on foot" in gap.message.en
    assert "(1 m over)" in gap.message.en
    assert "超出五分钟生活圈 300 米" in gap.message.zh


def test_a_building_without_a_location_is_named_and_a_missing_category_is_a_gap():
    c = placed(community(300, 300), CHENGDU, None)
    verdict = check_circle(c, ONLY_KINDERGARTEN)
    assert [(r.path, r.actual) for r in verdict.reasons] == [
        ("$.compounds[0].buildings[1].location", "null"),
        ("$.compounds[0].buildings[0]", "none"),
    ]
    assert "no kindergarten at all" in verdict.reasons[1].message.en


def test_the_rule_passes_when_every_building_reaches_every_requirement():
    c = placed(community(300), CHENGDU)
    c = attrs.evolve(c, facilities=(school("k1", north_of(CHENGDU, 250), "kindergarten"),))
    verdict = check_circle(c, ONLY_KINDERGARTEN)
    assert verdict.passed, verdict.explain()
    assert (sites_of(c)[0].id, sites_of(c)[0].location) == ("b1", CHENGDU)


def test_a_community_refuses_a_facility_id_used_elsewhere():
    with pytest.raises(InvalidInput, match=r"\$\.facilities\[0\]\.id"):
        attrs.evolve(community(300), facilities=(school("b1", CHENGDU),))


# --- the index gives the brute-force answers ----------------------------------------------


def brute(sites, facilities):
    out = []
    for site in sites:
        for category in sorted({f.category for f in facilities}):
            members = [f for f in facilities if f.category == category]
            best = min(members, key=lambda f: (distance_m(site.location, f.location), f.id))
            out.append(
                (site.id, category, best.id, round(distance_m(site.location, best.location)))
            )
    return out


def scattered(lat0: float, lon0: float, spread: float):
    return st.builds(
        Location,
        st.floats(lat0 - spread, lat0 + spread),
        st.floats(lon0 - spread, lon0 + spread),
    )


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    lat0=st.floats(-55, 55),
    lon0=st.floats(-170, 170),
    spread=st.sampled_from([0.001, 0.02, 0.3, 2.0]),
)
def test_the_index_finds_what_comparing_every_pair_finds(data, lat0, lon0, spread):
    where = scattered(lat0, lon0, spread)
    sites = [Site(f"s{i}", loc) for i, loc in enumerate(data.draw(st.lists(where, max_size=40)))]
    facilities = [
        Facility(f"f{i:03d}", "f", data.draw(st.sampled_from(["a", "b", "c"])), loc)
        for i, loc in enumerate(data.draw(st.lists(where, min_size=1, max_size=60)))
    ]
    # a few on one spot, so that ties happen
    facilities += [attrs.evolve(f, id=f"t{f.id}") for f in facilities[:2]]
    got = [(n.site, n.category, n.facility, n.straight_m) for n in nearest(sites, facilities)]
    assert brute(sites, facilities) == got
