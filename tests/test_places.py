"""Invariants of the place models, checked at construction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Community, InvalidInput, NotFound
from neighborly._time import DEFAULT_ZONE
from neighborly.community import summarize
from neighborly.personal import mask_id_number, mask_name, mask_phone
from neighborly.places import Household, Resident, ResidentTag, is_resident_id_number
from neighborly.points import Account, AccountKind, Book
from neighborly.scheduling import Assignment, Event, RoleNeed, Venue
from neighborly.volunteering import ServiceRecord, Volunteer

from builders import community, household


def problem_paths(excinfo: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.path for p in excinfo.value.problems]


@pytest.mark.parametrize("area", ["0", "-5", "0.00", "NaN", "Infinity"])
def test_a_household_needs_a_positive_finite_area(area):
    with pytest.raises(InvalidInput) as excinfo:
        Household(id="h1", room="101", area_m2=Decimal(area))
    assert problem_paths(excinfo) == ["$.area_m2"]
    assert "greater than 0" in str(excinfo.value)


def test_the_smallest_positive_area_is_accepted():
    assert Household(id="h1", room="101", area_m2=Decimal("0.01")).area_m2 == Decimal("0.01")


def test_every_broken_field_is_reported_at_once():
    with pytest.raises(InvalidInput) as excinfo:
        Household(id=" h1", room="", area_m2=Decimal(-1), owners=("",))  # type: ignore[arg-type]
    assert problem_paths(excinfo) == ["$.id", "$.room", "$.area_m2", "$.owners"]


def test_a_list_where_a_tuple_belongs_is_refused_with_a_hint():
    with pytest.raises(InvalidInput) as excinfo:
        Household(id="h1", room="1", area_m2=Decimal(1), occupants=[Resident("r1")])  # type: ignore[arg-type]
    assert "pass a tuple" in str(excinfo.value)


def test_an_error_is_a_value_error_too():
    with pytest.raises(ValueError, match="area_m2"):
        Household(id="h1", room="1", area_m2=Decimal(0))


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check character
        ("11010519491331002X", False),  # month 13
        ("110105200002290013", True),  # 29 February of a leap year
        ("110105190002290017", False),  # right check character, but 1900 had no 29 February
        ("1101051949123100", False),  # too short
        ("11010519491231002Ｘ", False),  # full-width X
        ("１1010519491231002X", False),  # full-width digit
    ],
)
def test_resident_id_numbers_follow_gb_11643(number, valid):
    assert is_resident_id_number(number) is valid


# GB 11643-1999's weights for the 17 digits, and the check character for each sum
# modulo 11 (ISO 7064 MOD 11-2), as the standard lists them.
GB_11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
GB_11643_CHECK = "10X98765432"


@given(
    st.from_regex(
        r"[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}", fullmatch=True
    )
)
def test_the_check_character_is_the_standards_weighted_sum(body: str):
    total = sum(int(digit) * weight for digit, weight in zip(body, GB_11643_WEIGHTS, strict=True))
    right = GB_11643_CHECK[total % 11]
    assert is_resident_id_number(body + right)
    assert is_resident_id_number(body + right.lower())
    for wrong in set("0123456789X") - {right}:
        assert not is_resident_id_number(body + wrong)


def test_a_resident_id_number_must_carry_the_residents_birth_date():
    with pytest.raises(InvalidInput) as excinfo:
        Resident("r1", id_number="11010519491231002X", birth_date=dt.date(1949, 12, 30))
    assert problem_paths(excinfo) == ["$.birth_date"]
    ok = Resident("r1", id_number="11010519491231002X", birth_date=dt.date(1949, 12, 31))
    assert ok.birth_date == dt.date(1949, 12, 31)


def test_a_resident_gives_age_or_birth_date_not_both():
    with pytest.raises(InvalidInput) as excinfo:
        Resident("r1", birth_date=dt.date(1950, 1, 1), age=76)
    assert problem_paths(excinfo) == ["$.age"]


@pytest.mark.parametrize("age", [-1, 151, True])
def test_an_age_is_a_whole_number_from_0_to_150(age):
    with pytest.raises(InvalidInput):
        Resident("r1", age=age)


@pytest.mark.parametrize("phone", ["13812345678", "0371-66668888", "+86 138 1234 5678", "12345"])
def test_phone_numbers_in_common_forms_are_accepted(phone):
    assert Resident("r1", phone=phone).phone == phone


@pytest.mark.parametrize("phone", ["1234", "138-", "phone", "", "+", "１３８１２３４５６７８"])
def test_things_that_are_not_phone_numbers_are_refused(phone):
    with pytest.raises(InvalidInput):
        Resident("r1", phone=phone)


def test_age_on_a_day_counts_whole_years_including_the_birthday_itself():
    resident = Resident("r1", birth_date=dt.date(1946, 11, 22))
    assert resident.age_on(dt.date(2026, 11, 21)) == 79
    assert resident.age_on(dt.date(2026, 11, 22)) == 80


def test_a_recorded_age_is_returned_as_is():
    assert Resident("r1", age=70).age_on(dt.date(2030, 1, 1)) == 70


def test_personal_data_is_masked_in_repr_and_str():
    resident = Resident("r1", name="张伟", phone="13812345678", id_number="11010519491231002X")
    for text in (repr(resident), str(resident)):
        assert "张伟" not in text
        assert "13812345678" not in text
        assert "11010519491231002X" not in text
        assert "138****5678" in text
        assert "**************002X" in text
        assert "'张*'" in text


def test_masks_keep_what_a_person_needs_to_recognise_their_own_record():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-66668888") == "037******8888"
    assert mask_phone("12345") == "***45"
    assert mask_id_number("11010519491231002X") == "**************002X"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("王") == "*"
    assert "name=None" in repr(Resident("r1"))


def test_a_community_refuses_duplicate_ids_naming_both_places():
    c = community(2)
    unit = c.compounds[0].buildings[0].units[0]
    twin = attrs.evolve(unit, households=(unit.households[0], unit.households[0]))
    building = attrs.evolve(c.compounds[0].buildings[0], units=(twin,))
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, compounds=(attrs.evolve(c.compounds[0], buildings=(building,)),))
    (problem,) = excinfo.value.problems
    assert problem.path == "$.compounds[0].buildings[0].units[0].households[1].id"
    assert "$.compounds[0].buildings[0].units[0].households[0].id" in problem.expected.en


def test_a_community_refuses_references_to_nothing():
    c = community(2)
    grid = attrs.evolve(c.grids[2], head="nobody", places=("b1", "b9"), parent="g0")
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, grids=(*c.grids[:2], grid))
    assert problem_paths(excinfo) == [
        "$.grids[2].parent",
        "$.grids[2].head",
        "$.grids[2].places[1]",
    ]


def test_a_shop_may_only_sit_in_a_building_of_its_own_compound():
    c = community(2, shops=1)
    shop = attrs.evolve(c.compounds[0].shops[0], building="b-elsewhere")
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, compounds=(attrs.evolve(c.compounds[0], shops=(shop,)),))
    assert problem_paths(excinfo) == ["$.compounds[0].shops[0].building"]


def _calendar(c: Community, **changes: object) -> Community:
    starts = dt.datetime(2026, 12, 5, 9, tzinfo=DEFAULT_ZONE)
    calendar: dict[str, object] = {
        "venues": (Venue("v-hall", "活动室", 60),),
        "events": (
            Event(
                id="e-vol",
                title="志愿者日",
                venue="v-hall",
                starts=starts,
                ends=starts + dt.timedelta(hours=2),
                roles=(RoleNeed("helper", 2),),
            ),
        ),
        "assignments": (Assignment("st-worker", "e-vol", starts, "helper"),),
    }
    calendar.update(changes)
    return attrs.evolve(c, **calendar)


def test_a_community_holds_its_venues_events_and_assignments():
    c = community(2)
    c = attrs.evolve(
        c,
        compounds=(
            attrs.evolve(
                c.compounds[0],
                buildings=(
                    attrs.evolve(
                        c.compounds[0].buildings[0],
                        units=(
                            attrs.evolve(
                                c.compounds[0].buildings[0].units[0],
                                households=(household("b1-u0-h0", occupants=1),),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    starts = dt.datetime(2026, 12, 5, 9, tzinfo=DEFAULT_ZONE)
    planned = _calendar(
        c,
        assignments=(
            Assignment("st-worker", "e-vol", starts, "helper"),
            Assignment("b1-u0-h0-r0", "e-vol", starts, "helper"),
        ),
    )
    assert [e.venue for e in planned.events] == ["v-hall"]
    assert {a.person for a in planned.assignments} == {"st-worker", "b1-u0-h0-r0"}


def test_calendar_references_must_name_a_venue_an_event_and_a_person():
    c = community(2)
    starts = dt.datetime(2026, 12, 5, 9, tzinfo=DEFAULT_ZONE)
    with pytest.raises(InvalidInput) as excinfo:
        _calendar(
            c,
            events=(
                Event(
                    id="e-vol",
                    title="志愿者日",
                    venue="v-gone",
                    starts=starts,
                    ends=starts + dt.timedelta(hours=1),
                ),
            ),
            assignments=(
                Assignment("st-worker", "e-missing", starts, "helper"),
                Assignment("nobody", "e-vol", starts, "helper"),
            ),
        )
    assert problem_paths(excinfo) == [
        "$.events[0].venue",
        "$.assignments[0].event",
        "$.assignments[1].person",
    ]
    assert "a staff member or a resident" in str(excinfo.value)


def test_venue_and_event_ids_share_the_communitys_id_space():
    c = community(2)
    with pytest.raises(InvalidInput) as excinfo:
        _calendar(c, venues=(Venue("b1", "活动室", 60), Venue("v-hall", "活动室", 60)))
    (problem,) = excinfo.value.problems
    assert problem.path == "$.venues[0].id"
    assert "$.compounds[0].buildings[0].id" in problem.expected.en


def test_lookups_by_id_and_paths():
    c = community(3, 2)
    index = c.index
    assert index.path("b2-u0-h1") == "$.compounds[0].buildings[1].units[0].households[1]"
    assert index.path("cp1") == "$.compounds[0]"
    assert index.path("c1") == "$"
    assert index.kind("b2") == "building"
    assert index.kind("nothing") is None
    assert c.household("b1-u0-h2").id == "b1-u0-h2"
    with pytest.raises(NotFound):
        c.household("b1")
    with pytest.raises(LookupError):
        index.path("nothing")


def test_summary_counts_people_and_places_on_a_day():
    c = community(2, 3)
    elder = Resident("old", birth_date=dt.date(1946, 11, 22), tags=frozenset({ResidentTag.VETERAN}))
    h = household("hx", occupants=1)
    h = attrs.evolve(h, occupants=(*h.occupants, elder))
    unit = attrs.evolve(c.compounds[0].buildings[0].units[0], households=(h,))
    building = attrs.evolve(c.compounds[0].buildings[0], units=(unit,))
    c = attrs.evolve(
        c,
        compounds=(
            attrs.evolve(c.compounds[0], buildings=(building, *c.compounds[0].buildings[1:])),
        ),
    )
    summary = summarize(c, dt.date(2026, 11, 22))
    assert (summary.households, summary.residents, summary.aged_80_plus) == (4, 2, 1)
    assert summary.grids_by_level == (1, 1, 2)
    assert [(t.tag, t.count) for t in summary.tags] == [(ResidentTag.VETERAN, 1)]
    assert summarize(c, dt.date(2026, 11, 21)).aged_80_plus == 0
    assert "80 岁以上 1 人" in summary.render("zh")


def test_a_community_is_immutable():
    c = community(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.name = "other"  # type: ignore[misc]
    assert c.name == "测试社区"
    renamed = attrs.evolve(c, name="other")  # a change is a new community
    assert (c.name, renamed.name, renamed.compounds is c.compounds) == ("测试社区", "other", True)
    assert type(c.compounds) is tuple  # and its collections cannot be appended to


def test_a_community_pickles_without_its_lookup_caches():
    import pickle

    c = community(300, 2)
    assert c.index.kind("b1") == "building"
    assert c._cache
    copy = pickle.loads(pickle.dumps(c))
    assert copy == c
    assert copy._cache == {}
    assert copy.index.path("b2-u0-h1") == "$.compounds[0].buildings[1].units[0].households[1]"


def test_a_judged_community_is_freed_without_the_cyclic_collector():
    # Its lookups (places, grids, ids) are kept by the community and hold nothing
    # that leads back to it, so a street's communities are freed one by one as
    # they are judged, not left for the collector to walk.
    import gc
    import weakref

    from neighborly.report import html
    from neighborly.sample import sample_bytes
    from neighborly.serialization import loads
    from neighborly.street import judge

    day = dt.date(2026, 12, 5)
    gc.collect()
    gc.disable()
    try:
        c = loads(sample_bytes(), Community)
        judge(c, as_of=day)
        html(c, as_of=day)
        assert c.known.has(c.compounds[0].id, ("compound",))
        assert {"places", "grids", "known"} <= c._cache.keys()
        assert c.index.community is c
        assert c.index.tables is c.index.tables  # built once
        assert c.known.get("community", c.id) is c
        gone = weakref.ref(c)
        del c
        assert gone() is None
    finally:
        gc.enable()


def test_volunteers_records_and_team_members_must_name_what_exists():
    c = community(2)
    volunteer = Volunteer("vol-1", dt.date(2025, 1, 1), resident="nobody")
    served = ServiceRecord(
        id="rec-1",
        volunteer="vol-9",
        activity="巡逻",
        day=dt.date(2026, 5, 1),
        place="小区",
        content="夜间巡逻",
        hours=Decimal(2),
        organiser="居委会",
        person_in_charge="王主任",
        entered=dt.date(2026, 5, 2),
        team="t-9",
        grid="g-9",
    )
    team = attrs.evolve(c.teams[0], members=("vol-1", "vol-2"))
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, volunteers=(volunteer,), records=(served,), teams=(team, c.teams[1]))
    assert problem_paths(excinfo) == [
        "$.teams[0].members[1]",
        "$.volunteers[0].resident",
        "$.records[0].volunteer",
        "$.records[0].team",
        "$.records[0].grid",
    ]


def test_points_accounts_must_belong_to_a_volunteer_or_a_household_of_the_community():
    c = attrs.evolve(community(2), volunteers=(Volunteer("vol-1", dt.date(2025, 1, 1), name="甲"),))
    book = Book(
        accounts=(
            Account("pts-ok", AccountKind.VOLUNTEER, holder="vol-1"),
            Account("pts-gone", AccountKind.VOLUNTEER, holder="vol-9"),
            Account("pts-home", AccountKind.HOUSEHOLD, holder="b1-u0-h0"),
            Account("pts-not-home", AccountKind.HOUSEHOLD, holder="b1"),
        )
    )
    with pytest.raises(InvalidInput) as excinfo:
        attrs.evolve(c, points=book)
    assert problem_paths(excinfo) == ["$.points.accounts[1].holder", "$.points.accounts[3].holder"]
