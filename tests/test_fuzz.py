"""Hostile input: only NeighborlyError escapes, the command never shows a traceback,
and what was already recorded is unchanged after a refusal.

The number of cases each test tries is ``max_examples`` times the environment variable
``NEIGHBORLY_FUZZ`` (1 by default; a longer campaign sets it higher).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import math
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neighborly import Community, NeighborlyError, loads, structure, unstructure
from neighborly.cli import main
from neighborly.owners import Ballot, Choice, ExclusivePart, Matter, Motion, Vote, tally_vote
from neighborly.points import Account, AccountKind, Ledger, Posting, PostingKind
from neighborly.serialization import Limits

from builders import community
from strategies import EVERY_MODEL

SCALE = int(os.environ.get("NEIGHBORLY_FUZZ", "1"))
CASES = [0]
"""How many cases the fuzz tests ran in this session (printed at the end)."""
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# make unit leaves these to make test: they are most of the quick loop's time
pytestmark = pytest.mark.slow


def fuzz(examples: int) -> Any:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- hostile values -------------------------------------------------------------------

EDGE_STRINGS = st.sampled_from(
    [
        "",
        " ",
        " padded ",
        "\u0000",
        "\ud800",  # a lone surrogate
        "\u202e\u0644\u0627",  # right-to-left override
        "𝕏👨‍👩‍👧",
        "\ufeff",
        "1970-01-01",
        "0001-01-01",
        "9999-12-31",
        "0000-00-00",
        "2026-02-30",
        "2026-13-01",
        "2026-11-22T09:00:00",  # naive
        "2026-11-22T09:00:00+25:00",
        "2026-11-22T09:00:00+08:00[Mars/Olympus]",
        "24:00",
        "NaN",
        "-0",
        "1e999",
        "-1",
        "0.000",
        "9" * 400,
        "x" * 200_000,
    ]
)
HOSTILE_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec="utf-8"), max_size=30),
    EDGE_STRINGS,
)
HOSTILE = st.recursive(
    HOSTILE_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def base_document() -> dict[str, Any]:
    """A valid community with a little of everything, as plain data."""
    from neighborly.places import Resident
    from neighborly.scheduling import Event, Venue
    from neighborly.volunteering import ServiceRecord, Volunteer

    c = community(3, 2)
    household = next(c.households())
    household = attrs.evolve(
        household,
        occupants=(
            Resident("r-1", name="张三", phone="13800000001", birth_date=dt.date(1940, 1, 1)),
        ),
    )
    compound = c.compounds[0]
    building = compound.buildings[0]
    unit = attrs.evolve(
        building.units[0], households=(household, *building.units[0].households[1:])
    )
    compound = attrs.evolve(
        compound, buildings=(attrs.evolve(building, units=(unit,)), *compound.buildings[1:])
    )
    starts = dt.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI)
    c = attrs.evolve(
        c,
        compounds=(compound,),
        venues=(Venue("v-1", "活动室", 30),),
        events=(
            Event(
                id="e-1",
                title="读书会",
                venue="v-1",
                starts=starts,
                ends=starts + dt.timedelta(hours=2),
            ),
        ),
        volunteers=(Volunteer("vol-1", dt.date(2025, 1, 1), resident="r-1"),),
        records=(
            ServiceRecord(
                id="rec-1",
                volunteer="vol-1",
                activity="助老",
                day=dt.date(2026, 11, 1),
                place="社区",
                content="陪伴",
                hours=Decimal("2.00"),
                organiser="示例社区",
                person_in_charge="王主任",
                entered=dt.date(2026, 11, 2),
            ),
        ),
    )
    return unstructure(c, personal_data=True, purpose="test")


BASE = base_document()


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found.extend(paths(value, (*prefix, i)))
    return found


BASE_PATHS = paths(BASE)


def mutants(base: Any, where: list[tuple[Any, ...]] | None = None) -> st.SearchStrategy[Any]:
    """``base`` with one to three hostile changes at random places: a value replaced
    by a hostile one, a key deleted or added, a list item repeated, a value nested
    deep or wrapped in an object."""
    spots = where if where is not None else paths(base)

    @st.composite
    def mutate(draw: st.DrawFn) -> Any:
        doc = copy.deepcopy(base)
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.sampled_from(spots))
            parent = doc
            try:
                for step in at[:-1]:
                    parent = parent[step]
            except (KeyError, IndexError, TypeError):
                continue
            how = draw(
                st.sampled_from(["replace", "delete", "unknown", "duplicate", "nest", "wrap"])
            )
            if not at:
                doc = draw(HOSTILE) if how == "replace" else doc
                continue
            last = at[-1]
            try:
                if how == "replace":
                    parent[last] = draw(HOSTILE)
                elif how == "delete":
                    del parent[last]
                elif how == "unknown" and isinstance(parent[last], dict):
                    parent[last][draw(st.text(min_size=1, max_size=8))] = draw(HOSTILE)
                elif how == "duplicate" and isinstance(parent[last], list) and parent[last]:
                    parent[last].append(copy.deepcopy(parent[last][0]))
                elif how == "nest":
                    value: Any = parent[last]
                    for _ in range(draw(st.integers(1, 80))):
                        value = [value]
                    parent[last] = value
                elif how == "wrap":
                    parent[last] = {"value": parent[last]}
            except (KeyError, IndexError, TypeError):
                continue
        return doc

    return mutate()


def mutated() -> st.SearchStrategy[Any]:
    """The base community with one to three hostile changes."""
    return mutants(BASE, BASE_PATHS)


def to_json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def to_toml(doc: Any) -> str:
    """A small TOML writer (inline tables), enough to carry fuzzed documents."""

    def value(v: Any) -> str:  # noqa: PLR0911 - one return per TOML type
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return (
                "nan"
                if math.isnan(v)
                else ("inf" if v > 0 else "-inf")
                if math.isinf(v)
                else repr(v)
            )
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(i) for i in v if i is not None) + "]"
        if isinstance(v, dict):
            return (
                "{"
                + ", ".join(f"{json.dumps(k)} = {value(i)}" for k, i in v.items() if i is not None)
                + "}"
            )
        return '""'

    if not isinstance(doc, dict):
        return f"value = {value(doc)}\n"
    return "".join(f"{json.dumps(k)} = {value(v)}\n" for k, v in doc.items() if v is not None)


# --- loaders --------------------------------------------------------------------------


def only_neighborly_errors(call: Any) -> Any:
    """``call()``, its result, or None when it raised a NeighborlyError."""
    with contextlib.suppress(NeighborlyError):
        return call()
    return None


def judged_in_full(community: Community) -> None:
    """What validation accepts, every rule and export handles: judge on a day the
    data may hold, export with and without personal data, and read the export back."""
    from neighborly import dumps
    from neighborly.rules import check_community

    for day in (dt.date(2026, 11, 22), dt.date(2099, 12, 31)):
        check_community(community, as_of=day)
    assert loads(dumps(community, personal_data=True, purpose="fuzz round trip"), Community) == (
        community
    )
    loads(dumps(community), Community)


@fuzz(1000)
@given(mutated())
def test_a_mutated_community_file_is_loaded_or_refused_with_a_neighborly_error(doc):
    CASES[0] += 1
    loaded = only_neighborly_errors(lambda: loads(to_json(doc), Community))
    only_neighborly_errors(lambda: structure(doc, Community))
    if loaded is not None:
        judged_in_full(loaded)


@fuzz(400)
@given(mutated())
def test_the_same_in_toml(doc):
    CASES[0] += 1
    only_neighborly_errors(lambda: loads(to_toml(doc), Community, format="toml"))


@fuzz(400)
@given(st.text(max_size=300))
def test_arbitrary_toml_text_is_refused_or_read(text):
    CASES[0] += 1
    only_neighborly_errors(lambda: loads(text, Community, format="toml"))


@fuzz(10)
@given(data=st.data())
@pytest.mark.parametrize(
    "model", sorted(EVERY_MODEL, key=lambda t: t.__name__), ids=lambda t: t.__name__
)
def test_every_model_refuses_hostile_data_with_a_neighborly_error(model, data):
    CASES[0] += 1
    value = data.draw(HOSTILE)
    only_neighborly_errors(lambda: structure(value, model))
    good = unstructure(data.draw(EVERY_MODEL[model]), personal_data=True, purpose="test")
    if isinstance(good, dict) and good:
        key = data.draw(st.sampled_from(sorted(good)))
        good[key] = value
        only_neighborly_errors(lambda: structure(good, model))
        only_neighborly_errors(lambda: loads(to_json(good), model))


# --- the sample, section by section ------------------------------------------------------


def _shortened(value: Any, most: int) -> Any:
    """``value`` with every list cut to its first ``most`` items (the shape kept, the
    cost of one case small)."""
    if isinstance(value, list):
        return [_shortened(v, most) for v in value[:most]]
    if isinstance(value, dict):
        return {k: _shortened(v, most) for k, v in value.items()}
    return value


def _sample_sections() -> dict[str, tuple[Any, Any]]:
    """Each section of the sample community as its own file shape: the field's type
    and the sample's data for it, lists cut to 12 items."""
    import typing

    from neighborly.sample import sample_community

    hints = typing.get_type_hints(Community)
    data = unstructure(sample_community(), personal_data=True, purpose="fuzz the sample")
    return {
        field.name: (hints[field.name], _shortened(data[field.name], 12))
        for field in attrs.fields(Community)
        if field.init and isinstance(data.get(field.name), list | dict)
    }


SECTIONS = _sample_sections()
SECTION_PATHS = {name: paths(doc) for name, (_, doc) in SECTIONS.items()}


@fuzz(40)
@given(data=st.data())
@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_each_section_of_the_sample_mutated_is_read_or_refused(section, data):
    """Every file shape the sample holds, from its own data, mutated: read as its
    model or refused with a NeighborlyError, and what is read writes back the same."""
    CASES[0] += 1
    from neighborly import dumps

    kind, base = SECTIONS[section]
    doc = data.draw(mutants(base, SECTION_PATHS[section]))
    value = only_neighborly_errors(lambda: structure(doc, kind))
    if value is not None:
        again = structure(unstructure(value, personal_data=True, purpose="fuzz"), kind)
        assert again == value
        dumps(value)


# --- bytes ---------------------------------------------------------------------------

SPLICES = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b"\\",
        b"\\u",
        b"\\ud800",
        b":",
        b",",
        b"e999",
        b"-",
        b"0" * 400,
        b"\x00",
        b"\xff",
        b"\xed\xa0\x80",
        b"[" * 300,
        b"NaN",
        b'"a":1,"a":2,',
        b"9999-12-31",
        b"FREQ=SECONDLY",
    ]
)
BASE_BYTES = to_json(BASE)


@fuzz(1000)
@given(data=st.data())
def test_a_community_file_with_bytes_flipped_cut_or_spliced_is_read_or_refused(data):
    """A mutation fuzzer over the bytes of a community file."""
    CASES[0] += 1
    raw = bytearray(BASE_BYTES)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        how = data.draw(st.sampled_from(["flip", "cut", "splice", "truncate"]))
        if how == "flip" and at < len(raw):
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        elif how == "cut":
            del raw[at : at + data.draw(st.integers(1, 40))]
        elif how == "splice":
            raw[at:at] = data.draw(SPLICES)
        else:
            del raw[at:]
    loaded = only_neighborly_errors(lambda: loads(bytes(raw), Community))
    if loaded is not None:
        judged_in_full(loaded)


def every_command_judges(doc: Any) -> None:
    """Every command runs on ``doc`` written to a file, with no fault and no traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.json"
        path.write_bytes(to_json(doc))
        for command in COMMANDS:
            status, output = run([part.format(file=path) for part in command])
            assert "Traceback" not in output
            assert status in (0, 1), output[-400:]


# --- the loaders' own boundaries, through everything ------------------------------------

LARGEST_INT, SMALLEST_INT = 2**63 - 1, -(2**63)
BOUNDARY = {
    "date": ["1900-01-01", "2100-12-31", "2099-12-31", "2100-02-28", "2000-02-29"],
    "moment": [
        "2100-12-31T23:59:59+08:00",
        "2100-12-31T23:59:59+08:00[Asia/Shanghai]",
        "1900-01-01T00:00:00+08:05",
        "1901-01-01T00:00:00+08:00[Asia/Shanghai]",
    ],
    "decimal": [
        "999999999999999.9999999999999",
        "0.0000000000000000000000000001",
        "999999999999999",
        "1E-28",
    ],
    "int": [LARGEST_INT, SMALLEST_INT, 0, -1, 10**12, 2**31],
}


def _shape(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        if len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
            return "date"
        if len(value) > 18 and value[10:11] == "T":
            return "moment"
        if value.replace(".", "", 1).isdigit():
            return "decimal"
    return None


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


BOUNDARY_SPOTS = [
    (path, shape) for path in BASE_PATHS if path and (shape := _shape(_at(BASE, path))) is not None
]


@fuzz(40)
@given(data=st.data())
def test_the_loaders_boundary_values_run_through_every_rule_and_command(data):
    """A value at the edge of what the loaders accept (the largest integer, the
    largest and finest decimal, the first and last day, 2100-12-31 at 23:59:59) in
    one to three places: refused, or judged by every rule, exported and read back,
    and run through every command without a fault."""
    CASES[0] += 1
    doc = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path, shape = data.draw(st.sampled_from(BOUNDARY_SPOTS))
        _at(doc, path[:-1])[path[-1]] = data.draw(st.sampled_from(BOUNDARY[shape]))
    loaded = only_neighborly_errors(lambda: loads(to_json(doc), Community))
    if loaded is None:
        return
    judged_in_full(loaded)
    every_command_judges(doc)


def test_every_boundary_value_in_every_place_is_refused_or_judged():
    """Each boundary value in each place of its shape, one at a time: what loads is
    judged by every rule and exported and read back."""
    loaded_count = 0
    for path, shape in BOUNDARY_SPOTS:
        for value in BOUNDARY[shape]:
            doc = copy.deepcopy(BASE)
            _at(doc, path[:-1])[path[-1]] = value
            loaded = only_neighborly_errors(lambda doc=doc: loads(to_json(doc), Community))
            if loaded is not None:
                loaded_count += 1
                judged_in_full(loaded)
    assert loaded_count > 50  # most boundary values are accepted somewhere


def test_a_chain_of_grids_and_a_longest_name_at_the_limits_run_through_everything():
    """The longest chain of grids a file may hold cheaply and a name of
    Limits.max_string characters: judged, exported and shown."""
    doc = copy.deepcopy(BASE)
    doc["name"] = "名" * Limits().max_string
    chain = [{"id": "gc-0", "name": "gc-0", "level": 1, "places": []}]
    chain += [
        {"id": f"gc-{i}", "name": f"gc-{i}", "level": 3, "parent": f"gc-{i - 1}", "places": []}
        for i in range(1, 3000)
    ]
    doc["grids"] = [*doc.get("grids", []), *chain]
    loaded = loads(to_json(doc), Community)
    judged_in_full(loaded)
    every_command_judges(doc)


def test_resource_limits_refuse_huge_deep_and_long_input():
    big = b'{"id": "c", "name": "' + b"x" * 11_000_000 + b'"}'
    with pytest.raises(NeighborlyError, match=r"Limits\.max_string"):
        loads(big, Community)
    with pytest.raises(NeighborlyError, match=r"Limits\.max_bytes"):
        loads(big, Community, limits=Limits(max_bytes=10_000_000))
    deep = '{"id": "c", "name": "n", "compounds": ' + "[" * 70 + "]" * 70 + "}"
    with pytest.raises(NeighborlyError, match=r"Limits\.max_depth"):
        loads(deep, Community)
    many = '{"id": "c", "name": "n", "staff": [' + ",".join(["1"] * 1000) + "]}"
    with pytest.raises(NeighborlyError, match=r"Limits\.max_items"):
        loads(many, Community, limits=Limits(max_items=500))


# --- the command ---------------------------------------------------------------------

COMMANDS = (
    ("check", "{file}"),
    ("card", "{file}", "b1-u0-h0"),
    ("points", "{file}"),
    ("tally", "{file}"),
    ("calendar", "{file}", "--year", "2026"),
    ("check", "{file}", "--json"),
    ("check", "{file}", "--lang", "zh"),
)


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(argv, out=out)
    return status, out.getvalue() + err.getvalue()


@fuzz(300)
@given(doc=mutated(), command=st.sampled_from(COMMANDS), suffix=st.sampled_from([".json", ".toml"]))
def test_no_command_shows_a_traceback_or_faults_on_a_mutated_file(doc, command, suffix):
    CASES[0] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"c{suffix}"
        if suffix == ".json":
            path.write_bytes(to_json(doc))
        else:
            path.write_text(to_toml(doc), encoding="utf-8", errors="surrogatepass")
        argv = [part.format(file=path) for part in command]
        status, output = run(argv)
    assert "Traceback" not in output
    assert status in (0, 1, 2), output[-400:]


REGRESSIONS = sorted(
    p for p in (Path(__file__).parent / "regressions").iterdir() if p.suffix != ".md"
)


@pytest.mark.parametrize("case", REGRESSIONS, ids=lambda p: p.name)
def test_every_case_that_once_crashed_is_refused_or_judged(case: Path):
    """Every kept regression case, through the loader and every command."""
    fmt = "toml" if case.suffix == ".toml" else "json"
    loaded = only_neighborly_errors(lambda: loads(case.read_bytes(), Community, format=fmt))
    if loaded is not None:
        judged_in_full(loaded)
    for command in COMMANDS:
        status, output = run([part.format(file=case) for part in command])
        assert "Traceback" not in output
        assert status in (0, 1, 2), output[-400:]
        if loaded is None and command[0] != "calendar":
            assert status == 1, (command, output[-400:])


def test_an_unchanged_file_passes_each_command_that_judges_it():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.json"
        path.write_bytes(to_json(BASE))
        assert run(["card", str(path), "b1-u0-h0"])[0] == 0
        assert run(["check", str(path)])[0] in (0, 1)


# --- nothing recorded is lost or changed ----------------------------------------------


def a_ledger() -> Ledger:
    ledger = Ledger(
        [
            Account("budget", AccountKind.ISSUER, budget=1000),
            Account("v1", AccountKind.VOLUNTEER, holder="vol-1"),
            Account("v2", AccountKind.VOLUNTEER, holder="vol-2"),
            Account("sink", AccountKind.SINK),
        ]
    )
    at = dt.datetime(2026, 11, 1, 9, tzinfo=SHANGHAI)
    ledger.post(Posting("a1", at, PostingKind.AWARD, "budget", "v1", 300))
    ledger.post(Posting("a2", at, PostingKind.AWARD, "budget", "v2", 200))
    return ledger


def state(ledger: Ledger) -> tuple[Any, ...]:
    return (len(ledger), dict(ledger.balances()), ledger.head, ledger.entries)


@fuzz(500)
@given(
    key=st.sampled_from(["a1", "a2", "new", "x" * 200]) | st.text(max_size=10),
    kind=st.sampled_from(PostingKind),
    source=st.sampled_from(["budget", "v1", "v2", "sink", "nobody"]),
    target=st.sampled_from(["budget", "v1", "v2", "sink", "nobody"]),
    points=st.integers(-(10**20), 10**20),
    reverses=st.none() | st.sampled_from(["a1", "a2", "nope"]),
)
def test_a_refused_posting_leaves_the_ledger_as_it_was(  # noqa: PLR0917 - one per posting field
    key, kind, source, target, points, reverses
):
    CASES[0] += 1
    ledger = a_ledger()
    before = state(ledger)
    at = dt.datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)
    try:
        posting = Posting(key, at, kind, source, target, points, reverses=reverses)
        ledger.post(posting)
    except NeighborlyError:
        assert before == state(ledger)
    else:
        assert before[3] == ledger.entries[: len(before[3])]


@fuzz(200)
@given(
    choices=st.lists(
        st.tuples(st.sampled_from(["p1", "p2", "p3", "zz"]), st.sampled_from(Choice)), max_size=6
    )
)
def test_a_vote_with_hostile_ballots_is_refused_or_counted_and_the_roll_is_untouched(choices):
    CASES[0] += 1
    roll = tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(f"{80 + i}.5"))
        for i in (1, 2, 3)
    )
    frozen = copy.deepcopy(roll)
    try:
        vote = Vote(
            "v",
            "表决",
            roll,
            (Motion("m", "选聘物业", Matter.OTHER),),
            tuple(Ballot(p, c) for p, c in choices),
        )
        tally_vote(vote)
    except NeighborlyError:
        pass
    assert frozen == roll
