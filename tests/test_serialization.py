"""The converter: formats, and every problem reported at once with its path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from neighborly import (
    Community,
    InvalidInput,
    load_community,
    loads,
    serialization,
    structure,
    unstructure,
)
from neighborly._checks import checks
from neighborly.places import Household

from builders import community
from strategies import communities


def community_data() -> dict:
    return unstructure(community(3, shops=1), personal_data=True, purpose="test")


def problems_of(data: object, cls: type = Community) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidInput) as excinfo:
        structure(data, cls)
    return [(p.path, p.expected.en, p.actual.en) for p in excinfo.value.problems]


def test_wrong_types_deep_in_the_tree_are_reported_with_their_full_path():
    data = community_data()
    hh = data["compounds"][0]["buildings"][0]["units"][0]["households"]
    hh[1]["area_m2"] = "-3"
    hh[2]["room"] = 301
    hh[2]["owners"] = "o-1"
    assert problems_of(data) == [
        (
            "$.compounds[0].buildings[0].units[0].households[1].area_m2",
            "a number greater than 0 (below 10^15, at most 28 digits)",
            "-3",
        ),
        (
            "$.compounds[0].buildings[0].units[0].households[2].room",
            "a non-empty line of text, without line breaks or control characters",
            "301",
        ),
        ("$.compounds[0].buildings[0].units[0].households[2].owners", "an array", '"o-1"'),
    ]


def test_a_missing_field_is_named():
    data = community_data()
    del data["compounds"][0]["buildings"][0]["units"][0]["households"][0]["area_m2"]
    ((path, expected, actual),) = problems_of(data)
    assert path == "$.compounds[0].buildings[0].units[0].households[0].area_m2"
    assert expected == "a value: this field is required"
    assert actual == "nothing (the field is missing)"


def test_an_unknown_field_is_refused_and_the_known_ones_listed():
    data = community_data()
    data["compounds"][0]["buildings"][0]["units"][0]["households"][0]["are_m2"] = 80
    ((path, expected, actual),) = problems_of(data)
    assert path == "$.compounds[0].buildings[0].units[0].households[0].are_m2"
    assert expected == "no such field: Household has id, room, area_m2, owners, occupants"
    assert actual == "80"


def test_an_object_where_an_array_belongs_and_the_reverse():
    data = community_data()
    data["compounds"][0]["buildings"] = {"b1": {}}
    data["staff"] = [["st-1"]]
    assert problems_of(data) == [
        ("$.compounds[0].buildings", "an array", "an object"),
        ("$.staff[0]", "an object", "an array of 1"),
    ]


def test_a_bad_enum_value_lists_the_allowed_values():
    data = community_data()
    data["staff"][0]["role"] = "mayor"
    ((path, expected, _),) = problems_of(data)
    assert path == "$.staff[0].role"
    assert expected.startswith('one of "party_secretary", "deputy_director"')


def test_a_boolean_is_not_a_grid_level():
    data = community_data()
    data["grids"][0]["level"] = True
    assert problems_of(data)[0][:2] == ("$.grids[0].level", "one of 1, 2, 3")


def test_duplicate_ids_and_broken_references_are_reported_together():
    data = community_data()
    households = data["compounds"][0]["buildings"][0]["units"][0]["households"]
    households[1]["id"] = households[0]["id"]
    data["grids"][2]["head"] = "st-nobody"
    paths = [p for p, _, _ in problems_of(data)]
    assert paths == [
        "$.compounds[0].buildings[0].units[0].households[1].id",
        "$.grids[2].head",
    ]


def test_problems_in_separate_objects_are_all_reported_at_once():
    data = community_data()
    for household in data["compounds"][0]["buildings"][0]["units"][0]["households"]:
        household["area_m2"] = 0
    assert len(problems_of(data)) == 3


def test_areas_arrive_as_numbers_or_strings_and_leave_as_exact_strings():
    data = {"id": "h1", "room": "101", "area_m2": 89.37}
    assert structure(data, Household).area_m2 == Decimal("89.37")
    assert structure({**data, "area_m2": "89.370"}, Household).area_m2 == Decimal("89.370")
    assert structure({**data, "area_m2": 90}, Household).area_m2 == Decimal(90)
    assert unstructure(structure(data, Household))["area_m2"] == "89.37"
    for bad in ("", " 89", "89 m2", "1_000", "NaN", True, None, [89]):
        with pytest.raises(InvalidInput):
            structure({**data, "area_m2": bad}, Household)


def test_dates_are_iso_strings():
    data = {"id": "r1", "birth_date": "1950-02-28"}
    from neighborly.places import Resident

    assert structure(data, Resident).birth_date == dt.date(1950, 2, 28)
    for bad in (
        "1950-2-28",
        "28/02/1950",
        "1950-02-30",
        "1950-W09-2",
        "19500228",
        19500228,
        "1950-02-28T00:00:00",
    ):
        with pytest.raises(InvalidInput):
            structure({**data, "birth_date": bad}, Resident)


@attrs.frozen
class _Meeting:
    """A model with a datetime, to test the converter's datetime rules."""

    id: str
    starts: dt.datetime

    __attrs_post_init__ = checks()


def test_datetimes_must_carry_an_offset():
    meeting = structure({"id": "m", "starts": "2026-05-01T09:30:00+08:00"}, _Meeting)
    assert meeting.starts.utcoffset() == dt.timedelta(hours=8)
    assert (
        structure({"id": "m", "starts": "2026-05-01T01:30:00Z"}, _Meeting).starts == meeting.starts
    )
    assert unstructure(meeting) == {"id": "m", "starts": "2026-05-01T09:30:00+08:00"}
    with pytest.raises(InvalidInput) as excinfo:
        structure({"id": "m", "starts": "2026-05-01T09:30:00"}, _Meeting)
    assert excinfo.value.problems[0].path == "$.starts"
    naive = dt.datetime(2026, 5, 1, 9, 30)  # noqa: DTZ001 - the naive value under test
    with pytest.raises(InvalidInput):
        structure({"id": "m", "starts": naive}, _Meeting)


def test_load_community_reads_json_and_toml_files(tmp_path: Path):
    c = community(2)
    json_file = tmp_path / "c.json"
    json_file.write_bytes(serialization.dumps(c, personal_data=True, purpose="test"))
    assert load_community(json_file) == c
    toml_file = tmp_path / "c.toml"
    toml_file.write_text(
        'id = "c1"\nname = "测试"\n\n[[compounds]]\nid = "cp1"\nname = "小区"\n\n'
        '[[compounds.buildings]]\nid = "b1"\nnumber = "1"\n\n[[compounds.buildings.units]]\n'
        'id = "u1"\nnumber = "1"\n\n[[compounds.buildings.units.households]]\n'
        'id = "h1"\nroom = "101"\narea_m2 = 89.5\n',
        encoding="utf-8",
    )
    loaded = load_community(toml_file)
    assert loaded.household("h1").area_m2 == Decimal("89.5")


def test_bytes_are_sniffed_as_json_or_toml():
    assert load_community(b'{"id": "c", "name": "n"}').id == "c"
    assert load_community(b'id = "c"\nname = "n"\n').id == "c"
    assert load_community(b'\xef\xbb\xbf{"id": "c", "name": "n"}').id == "c"


def test_malformed_json_says_where():
    with pytest.raises(InvalidInput) as excinfo:
        load_community(b'{"id": "c",\n "name": }')
    (problem,) = excinfo.value.problems
    assert problem.path == "$"
    assert problem.expected.en == "valid JSON"
    assert "line 2, column 10" in problem.actual.en


def test_malformed_toml_and_bad_encoding_are_problems_too():
    with pytest.raises(InvalidInput, match="valid TOML"):
        load_community(b"id = = 3")
    with pytest.raises(InvalidInput, match="UTF-8"):
        load_community(b'{"id": "\xff"}')


def test_a_root_that_is_not_an_object():
    assert problems_of([1, 2]) == [("$", "an object", "an array of 2")]


def test_without_msgspec_the_standard_library_does_the_same(monkeypatch: pytest.MonkeyPatch):
    c = community(2)
    fast = serialization.dumps(c, personal_data=True, purpose="test")
    monkeypatch.setattr(serialization, "_ENCODER", None)
    monkeypatch.setattr(serialization, "_FAST_JSON", False)
    slow = serialization.dumps(c, personal_data=True, purpose="test")
    assert json.loads(slow) == json.loads(fast)
    assert loads(slow, Community) == c
    with pytest.raises(InvalidInput, match="line 1"):
        loads(b'{"id": ', Community)


def _mutations() -> st.SearchStrategy[object]:
    return st.sampled_from([None, "", " ", 0, -1, 1.5, True, [], {}, "x", [None], {"a": 1}])


@given(communities(), st.data())
def test_the_fast_path_and_the_detailed_path_accept_exactly_the_same_input(c, data):
    raw = unstructure(c, personal_data=True, purpose="test")
    broken = copy.deepcopy(raw)
    # walk to a random node and replace one of its values
    node: object = broken
    for _ in range(data.draw(st.integers(0, 6))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if not isinstance(node[key], (dict, list)) or not node[key]:
                break
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[data.draw(st.integers(0, len(node) - 1))]
    if isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        node[key] = data.draw(_mutations())
    elif isinstance(node, list) and node:
        node[data.draw(st.integers(0, len(node) - 1))] = data.draw(_mutations())
    fast_ok = _accepts(lambda: serialization._FAST.structure(broken, Community))
    detailed_ok = _accepts(lambda: serialization._DETAILED.structure(broken, Community))
    assert fast_ok == detailed_ok
    if not fast_ok:
        with pytest.raises(InvalidInput) as excinfo:
            structure(broken, Community)
        assert excinfo.value.problems
        assert all(p.path.startswith("$") for p in excinfo.value.problems)


def _accepts(fn: object) -> bool:
    try:
        fn()  # type: ignore[operator]
    except Exception:
        return False
    return True


def test_equal_moments_in_other_zones_or_folds_are_each_written_as_they_are():
    # moments are written once per moment, zone and fold: equal instants in two zones
    # and the same wall time on either side of a fold are not mixed up
    from zoneinfo import ZoneInfo

    from neighborly._time import moment_text

    new_york = ZoneInfo("America/New_York")
    first = dt.datetime(2012, 11, 4, 1, 30, tzinfo=new_york)
    second = first.replace(fold=1)
    assert first == second  # one wall time in one zone: equal, fold or not
    utc = dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.timezone.utc)
    shanghai = utc.astimezone(ZoneInfo("Asia/Shanghai"))
    assert utc == shanghai
    for _ in range(2):  # the second time from what was kept
        assert [moment_text(m) for m in (first, second, utc, shanghai)] == [
            "2012-11-04T01:30:00-04:00[America/New_York]",
            "2012-11-04T01:30:00-05:00[America/New_York]",
            "2026-03-01T01:00:00Z",
            "2026-03-01T09:00:00+08:00[Asia/Shanghai]",
        ]
    from dateutil.tz import tzutc  # a zone that cannot be a key: written each time

    assert moment_text(dt.datetime(2026, 3, 1, 1, 0, tzinfo=tzutc())) == "2026-03-01T01:00:00Z"


def test_a_datetime_in_a_named_zone_comes_back_in_it_on_the_same_side_of_the_fold():
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    second = dt.datetime(2012, 11, 4, 1, 30, fold=1, tzinfo=new_york)  # the repeated hour
    data = unstructure(_Meeting("m", second))
    assert data["starts"] == "2012-11-04T01:30:00-05:00[America/New_York]"
    back = structure(data, _Meeting).starts
    assert back.tzinfo is new_york
    assert back.fold == 1
    assert back == second
    shanghai = structure(
        {"id": "m", "starts": "2026-05-01T09:30:00+08:00[Asia/Shanghai]"}, _Meeting
    )
    assert shanghai.starts.tzinfo == ZoneInfo("Asia/Shanghai")
    for bad in ("2026-05-01T09:30:00+09:00[Asia/Shanghai]", "2026-05-01T09:30:00+08:00[Mars/Base]"):
        with pytest.raises(InvalidInput):
            structure({"id": "m", "starts": bad}, _Meeting)


def _by_dateutil(text: str, zone: str) -> dt.datetime | None:
    """What the datetime rule gives when dateutil reads the text (the reference)."""
    from zoneinfo import ZoneInfo

    from dateutil.parser import isoparse

    try:
        moment = isoparse(text)
    except (ValueError, OverflowError):
        return None
    tz, offset = ZoneInfo(zone), moment.utcoffset()
    for fold in (0, 1):
        candidate = moment.replace(tzinfo=tz, fold=fold)
        if candidate.utcoffset() == offset:
            return candidate
    return None


def _reads_as_the_reference(text: str, zone: str) -> None:
    """``text`` in ``zone`` reads as the reference reads it: the same time, zone and
    fold, or refused by both."""
    expected = _by_dateutil(text, zone)
    try:
        actual = structure({"id": "m", "starts": f"{text}[{zone}]"}, _Meeting).starts
    except InvalidInput:
        actual = None
    assert expected == actual
    if actual is not None:
        assert (expected.tzinfo, expected.fold) == (actual.tzinfo, actual.fold)


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


@given(
    year=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    parts=st.tuples(_two(0, 13), _two(0, 32), _two(0, 25), _two(0, 61), _two(0, 61)),
    fraction=st.sampled_from(["", ".000000", ".123456", ".5", ".1234567"]),
    offset=st.tuples(st.sampled_from("+-"), _two(0, 25), st.sampled_from(["00", "30", "60"])),
    separator=st.sampled_from("T t"),
    zone=st.sampled_from(["Asia/Shanghai", "America/New_York", "UTC", "Europe/London"]),
)
# where the two parsers differ: dateutil reads 24:00 as the next midnight and refuses
# offset minutes of 60; the standard library does the opposite
@example("2026", ("05", "01", "24", "00", "00"), "", ("+", "08", "00"), "T", "Asia/Shanghai")
@example("2026", ("05", "01", "09", "30", "00"), "", ("+", "07", "60"), "T", "Asia/Shanghai")
@example("2012", ("11", "04", "01", "30", "00"), "", ("-", "05", "00"), "T", "America/New_York")
def test_a_zoned_datetime_reads_the_same_on_the_fast_path_as_through_dateutil(  # noqa: PLR0917
    year, parts, fraction, offset, separator, zone
):
    month, day, hour, minute, second = parts
    sign, offset_hour, offset_minute = offset
    text = (
        f"{year}-{month}-{day}{separator}{hour}:{minute}:{second}{fraction}"
        f"{sign}{offset_hour}:{offset_minute}"
    )
    _reads_as_the_reference(text, zone)


@given(
    year=st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    parts=st.tuples(_two(0, 13), _two(0, 32), _two(0, 25), _two(0, 61), _two(0, 61)),
    fraction=st.sampled_from(["", ".000000", ".123456", ".5", ".1234567"]),
    offset=st.one_of(
        st.just("Z"),
        st.tuples(st.sampled_from("+-"), _two(0, 25), st.sampled_from(["00", "30", "60"])).map(
            lambda o: f"{o[0]}{o[1]}:{o[2]}"
        ),
    ),
    separator=st.sampled_from("T t"),
)
@example("2026", ("05", "01", "24", "00", "00"), "", "+08:00", "T")
@example("2026", ("05", "01", "09", "30", "00"), "", "Z", "T")
def test_a_datetime_with_an_offset_reads_the_same_on_the_fast_path_as_through_dateutil(
    year, parts, fraction, offset, separator
):
    from dateutil.parser import isoparse

    month, day, hour, minute, second = parts
    text = f"{year}-{month}-{day}{separator}{hour}:{minute}:{second}{fraction}{offset}"
    try:
        expected = isoparse(text)
    except (ValueError, OverflowError):
        expected = None
    try:
        actual = structure({"id": "m", "starts": text}, _Meeting).starts
    except InvalidInput:
        actual = None
    assert expected == actual
    if actual is not None:
        assert expected.utcoffset() == actual.utcoffset()
        assert expected.replace(tzinfo=None) == actual.replace(tzinfo=None)
        assert unstructure(_Meeting("m", expected)) == unstructure(_Meeting("m", actual))


# Wall times at a change of offset: (zone, when), gaps and repeated hours alike.
_CHANGES = [
    ("America/New_York", "2012-03-11T02:00"),  # an hour skipped
    ("America/New_York", "2012-11-04T01:00"),  # an hour repeated
    ("Europe/London", "2026-03-29T01:00"),
    ("Europe/London", "2026-10-25T01:00"),
    ("Australia/Lord_Howe", "2026-04-05T01:30"),  # half an hour repeated
    ("Australia/Lord_Howe", "2026-10-04T02:00"),  # half an hour skipped
    ("Asia/Shanghai", "1988-04-17T02:00"),  # the years China kept summer time
    ("Asia/Shanghai", "1988-09-11T01:00"),
]


@given(
    change=st.sampled_from(_CHANGES),
    shift=st.integers(-150, 150),
    fold=st.sampled_from([0, 1]),
    off_by=st.sampled_from([-60, -30, 0, 30, 60]),
)
def test_a_zoned_time_near_a_change_of_offset_reads_as_the_reference_reads_it(
    change, shift, fold, off_by
):
    """Wall times around each change of offset, written with the offset of either
    fold (or one off by up to an hour): the same time, fold and refusals as the
    reference, including Lord Howe's half-hour change."""
    from zoneinfo import ZoneInfo

    zone, when = change
    tz = ZoneInfo(zone)
    wall = dt.datetime.fromisoformat(when) + dt.timedelta(minutes=shift)
    offset = wall.replace(tzinfo=tz, fold=fold).utcoffset() + dt.timedelta(minutes=off_by)
    text = wall.replace(tzinfo=dt.timezone(offset)).isoformat()
    _reads_as_the_reference(text, zone)
