"""Reading a model without walking its data for the limits first.

Where a model's own checks refuse whatever the limits would (``_bounded_depth``),
valid JSON is built straight away: its nesting is the model's, the longest possible
string is bounded from the bytes, and keys are counted as objects are built.  The
result, and every problem of a bad file, must be what walking first gives.
"""

from __future__ import annotations

import copy
import json
import re
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Community, InvalidInput, serialization
from neighborly._checks import COUNT, IDENT, checks, int_range, tuple_of
from neighborly.points import Book, Entry
from neighborly.serialization import (
    DEFAULT_LIMITS,
    Limits,
    dumps,
    loads,
    parse,
    structure,
)

from strategies import communities


def walked_first(content: bytes, cls: type, limits: Limits) -> object:
    """The reference: every limit walked, then the model built."""
    return structure(parse(content, limits=limits), cls, max_problems=limits.max_problems)


def outcome(read, *args) -> tuple[object, ...]:
    try:
        return ("read", read(*args))
    except InvalidInput as refused:
        problems = [(p.path, p.expected.en, p.actual.en) for p in refused.problems]
        return ("refused", problems, refused.more)


# JSON values a limit refuses, or that a model would: deep, long, huge, not finite
_ODD = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.just("x" * 60),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
_LIMITS = st.builds(
    Limits,
    max_depth=st.sampled_from([2, 4, 8, 12, 64]),
    max_string=st.sampled_from([1, 2, 20, 59, 60, 1_000_000]),
    max_problems=st.sampled_from([1, 100]),
)


def _objects(data: object) -> list[dict]:
    found, stack = [], [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.append(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


@given(communities())
def test_a_valid_community_reads_the_same_either_way(community: Community):
    content = dumps(community, personal_data=True, purpose="the test")
    assert loads(content, Community) == walked_first(content, Community, DEFAULT_LIMITS)
    assert loads(content, Community) == community


@given(communities(), st.data(), _LIMITS)
def test_a_changed_community_reads_or_is_refused_the_same_either_way(
    community: Community, data: st.DataObject, limits: Limits
):
    document = json.loads(dumps(community, personal_data=True, purpose="the test"))
    objects = _objects(document)
    target = data.draw(st.sampled_from(objects))
    key = data.draw(st.sampled_from([*target, "extra"]))
    target[key] = data.draw(_ODD)
    content = json.dumps(document, ensure_ascii=data.draw(st.booleans())).encode()
    expected = outcome(walked_first, content, Community, limits)
    assert outcome(_loads, content, limits) == expected


def _loads(content: bytes, limits: Limits) -> object:
    return loads(content, Community, limits=limits)


@given(communities(), st.data(), _LIMITS)
def test_data_let_go_while_building_is_read_again_for_the_problems(
    community: Community, data: st.DataObject, limits: Limits
):
    """Every array's items let go as they are built (not only long ones): a file that
    fails half-way is read again, and says what walking first says."""
    document = json.loads(dumps(community, personal_data=True, purpose="the test"))
    target = data.draw(st.sampled_from(_objects(document)))
    target[data.draw(st.sampled_from([*target, "extra"]))] = data.draw(_ODD)
    content = json.dumps(document).encode()
    expected = outcome(walked_first, content, Community, limits)
    with mock.patch.object(serialization, "_HAND_BACK", 1):
        assert outcome(_loads, content, limits) == expected


def _long_community(size: int) -> dict:
    """A community whose one building holds ``size`` households in one unit."""
    households = [{"id": f"h{i}", "room": f"{i}", "area_m2": "60"} for i in range(size)]
    unit = {"id": "u1", "number": "1", "households": households}
    building = {"id": "b1", "number": "1", "units": [unit]}
    return {
        "id": "c",
        "name": "n",
        "compounds": [{"id": "cp", "name": "p", "buildings": [building]}],
    }


@pytest.mark.parametrize("size", [15, 16, 40])
@pytest.mark.parametrize("bad", [0, 14, -1])
def test_a_long_array_that_fails_late_is_reported_as_walking_reports_it(size: int, bad: int):
    document = _long_community(size)
    households = document["compounds"][0]["buildings"][0]["units"][0]["households"]
    households[bad]["area_m2"] = "-1"
    content = json.dumps(document).encode()
    refused = outcome(_loads, content, DEFAULT_LIMITS)
    assert refused[0] == "refused"
    index = bad % size
    assert refused[1][0][0] == f"$.compounds[0].buildings[0].units[0].households[{index}].area_m2"
    assert refused == outcome(walked_first, content, Community, DEFAULT_LIMITS)


def test_a_long_array_is_read_whole():
    community = loads(json.dumps(_long_community(40)).encode(), Community)
    households = community.compounds[0].buildings[0].units[0].households
    assert [h.id for h in households] == [f"h{i}" for i in range(40)]


def test_structuring_data_of_ones_own_leaves_it_as_it_was():
    document = _long_community(40)
    before = copy.deepcopy(document)
    assert structure(document, Community) == loads(json.dumps(before).encode(), Community)
    assert document == before


@given(communities(), st.data())
def test_a_key_given_twice_anywhere_is_refused_as_walking_finds_it(
    community: Community, data: st.DataObject
):
    content = dumps(community, personal_data=True, purpose="the test")
    pairs = list(re.finditer(rb'"[a-z_0-9]+":("[^"\\]*"|-?[0-9]+|true|false|null)', content))
    pair = data.draw(st.sampled_from(pairs))
    twice = content[: pair.end()] + b"," + pair.group() + content[pair.end() :]
    expected = outcome(walked_first, twice, Community, DEFAULT_LIMITS)
    assert expected[0] == "refused"
    assert outcome(_loads, twice, DEFAULT_LIMITS) == expected


def test_keys_written_apart_or_strings_that_look_like_keys_are_not_repeats():
    assert loads(b'{"id" : "c", "name":"n"}', Community).id == "c"
    assert loads(b'{"id": "c", "name": "n\\":\\""}', Community).name == 'n":"'
    assert loads(b'{"id": "c", "name": "at 10:30"}', Community).name == "at 10:30"
    assert loads(b'{"id": "c", "name": "a :b"}', Community).name == "a :b"


@pytest.mark.parametrize("size", [59, 60, 61])
def test_a_string_of_exactly_max_string_characters_is_read(size: int):
    content = json.dumps({"id": "c", "name": "n" * size}).encode()
    limits = Limits(max_string=60)
    assert outcome(_loads, content, limits) == outcome(walked_first, content, Community, limits)
    assert (outcome(_loads, content, limits)[0] == "read") == (size <= 60)


def test_a_long_string_of_escaped_quotes_is_measured_as_the_walk_measures_it():
    name = '"' * 50 + "\\" * 50
    content = json.dumps({"id": "c", "name": name}).encode()
    for limit in (99, 100, 101, 150):
        limits = Limits(max_string=limit)
        assert outcome(_loads, content, limits) == outcome(walked_first, content, Community, limits)


def test_a_valid_file_is_read_without_the_walk(monkeypatch: pytest.MonkeyPatch):
    content = dumps(Community("c", "n"))

    def no_walk(*_: object, **__: object) -> int:
        raise AssertionError("walked")

    monkeypatch.setattr(serialization, "_within", no_walk)
    assert loads(content, Community) == Community("c", "n")
    with pytest.raises(AssertionError, match="walked"):
        loads(b'{"id": "c", "name": 5}', Community)  # a bad file is walked first
    with pytest.raises(AssertionError, match="walked"):
        loads(content, Community, limits=Limits(max_depth=1))  # shallower than the model


def test_the_models_read_from_files_are_bounded():
    for cls in (Community, Book, Entry):
        depth = serialization._bounded_depth(cls)
        assert depth is not None
        assert depth <= DEFAULT_LIMITS.max_depth
    assert serialization._bounded_depth(Entry) == 2  # the entry and its posting


@attrs.frozen
class _Unchecked:
    id: str
    note: str

    __attrs_post_init__ = checks(id=IDENT)


@attrs.frozen
class _Unbounded:
    count: int

    __attrs_post_init__ = checks(count=int_range(0, 2**64))


@attrs.frozen
class _Tree:
    id: str
    children: tuple[_Tree, ...] = ()

    __attrs_post_init__ = checks(id=IDENT)


def test_a_field_whose_check_lets_past_what_a_limit_refuses_is_walked():
    assert serialization._bounded_depth(_Unchecked) is None  # note: no check
    assert serialization._bounded_depth(_Unbounded) is None  # 2^63 passes its check
    assert serialization._bounded_depth(_Tree) is None  # it holds itself


@attrs.frozen
class _Leafy:
    count: int
    tags: tuple[str, ...] = ()

    __attrs_post_init__ = checks(count=COUNT, tags=tuple_of(str))


@attrs.frozen
class _Holder:
    leaf: _Leafy
    leaves: tuple[_Leafy, ...] = ()

    __attrs_post_init__ = checks()


def test_a_closed_model_nests_as_deep_as_its_fields():
    assert serialization._bounded_depth(_Leafy) == 2  # the object and the tags
    assert serialization._bounded_depth(_Holder) == 4  # and the leaves array


@pytest.mark.parametrize("apart", [b" ", b"\n", b"\t ", b"\r\n"])
def test_a_key_written_apart_from_its_colon_cannot_hide_a_repeated_one(apart: bytes):
    content = b'{"id": "a", "id": "b", "name"' + apart + b': "at 10:30"}'
    refused = outcome(_loads, content, DEFAULT_LIMITS)
    assert refused[0] == "refused"
    assert refused[1][0][:2] == ("$.id", "each key once in an object")
    assert outcome(walked_first, content, Community, DEFAULT_LIMITS) == refused
    with pytest.raises(InvalidInput):
        parse(content)
