"""Bounded cost: what each limit refuses, where, and that refusing costs little.

Each hostile shape here once cost seconds to minutes and gigabytes, or crashed past
validation (scripts/attack.py measures them; SECURITY.md keeps the table).  The tests
check the outcome and the path, never the time.
"""

from __future__ import annotations

import contextlib
import io
import json
import pickle
import re
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import Community, InvalidInput, loads, serialization
from neighborly.places import Household
from neighborly.serialization import Limits

JSON_PATHS = pytest.mark.parametrize(
    "reader", [True, False], ids=["msgspec", "stdlib"], indirect=True
)


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """``loads``, with the fast JSON reader (msgspec) on or off."""
    if not request.param:
        monkeypatch.setattr(serialization, "_FAST_JSON", False)
    return loads


def _refused(content: bytes | str, **limits: int) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        loads(content, Community, limits=Limits(**limits))
    return caught.value


def _staff(count: int) -> bytes:
    return json.dumps({"id": "c", "name": "n", "staff": [{}] * count}).encode()


# --- values: counted before the parser runs ------------------------------------------


def _values_in(data: object) -> int:
    """The values in all arrays and objects of parsed data, walked."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            count += len(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            count += len(value)
            stack.extend(value)
    return count


# strings full of what the count looks for: commas, brackets, quotes, escapes
_TRICKY = st.text(alphabet=',[]{}"\\ :ab\n', max_size=8)
_JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_TRICKY, inner, max_size=5),
    max_leaves=40,
)


@given(_JSON_DATA, st.sampled_from([None, 0, 1, 3]), st.integers(1, 40))
def test_values_are_counted_exactly_before_parsing_whatever_the_strings_hold(
    data: object, indent: int | None, piece: int
):
    text = json.dumps(data, indent=indent).replace("[]", "[ \n ]").encode()
    # read in small pieces, so that strings and empty arrays fall across their ends
    assert serialization._json_values(text, piece) == _values_in(data)


@pytest.fixture
def parsers_that_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def parsed(*_: object, **__: object) -> None:
        msg = "the parser ran"
        raise AssertionError(msg)

    monkeypatch.setattr(serialization.msgspec.json, "decode", parsed)
    monkeypatch.setattr(serialization.json, "loads", parsed)
    monkeypatch.setattr(serialization.tomllib, "loads", parsed)


@pytest.mark.usefixtures("parsers_that_must_not_run")
def test_too_many_values_are_refused_before_the_parser_runs():
    many = b'{"id": "c", "name": "n", "staff": [' + b",".join([b"{}"] * 1000) + b"]}"
    err = _refused(many, max_items=1002)
    assert [(p.path, p.expected.en, p.actual.en) for p in err.problems] == [
        ("$", "at most 1,002 values in all (Limits.max_items)", "1,003 values")
    ]
    toml = b'id = "c"\nname = "n"\nstaff = [' + b",".join([b"{}"] * 1000) + b"]\n"
    err = _refused(toml, max_items=1002)
    assert err.problems[0].actual.en == "2,003 keys, dots, commas and opened arrays and tables"


def test_exactly_the_most_values_are_read():
    staff = [{"id": f"s{i}", "name": "n", "role": "grid_worker"} for i in range(100)]
    content = json.dumps({"id": "c", "name": "n", "staff": staff})
    assert len(loads(content, Community, limits=Limits(max_items=403)).staff) == 100
    assert _refused(content, max_items=402).problems[0].actual.en == "403 values"


def test_commas_and_brackets_in_json_strings_are_not_values():
    name = ",[{" * 10_000
    community = loads(json.dumps({"id": "c", "name": name}), Community, limits=Limits(max_items=2))
    assert community.name == name


def test_a_toml_count_is_an_upper_bound_that_counts_strings_too():
    content = 'id = "c"\nname = "' + "," * 10 + '"\n'
    assert loads(content, Community, limits=Limits(max_items=12)).name == "," * 10
    err = _refused(content, max_items=11)
    assert err.problems[0].actual.en == "12 keys, dots, commas and opened arrays and tables"


# --- problems: the first few described, the rest counted ---------------------------


@JSON_PATHS
def test_a_file_of_many_bad_items_lists_the_cap_and_counts_the_rest(reader):
    with pytest.raises(InvalidInput) as caught:
        reader(_staff(10_000), Community)
    err = caught.value
    assert len(err.problems) == 100
    assert err.problems[0].path == "$.staff[0].id"
    # 33 items described (three missing fields each), the 9,967 others counted once
    assert err.more >= 10_000 - 34
    assert err.explain().endswith(
        f"... and at least {err.more:,} more, not described (Limits.max_problems)"
    )
    assert err.explain("zh").endswith(
        f"……另有至少 {err.more:,} 处问题未列出（Limits.max_problems）"
    )


def test_the_cap_is_a_limit():
    err = _refused(_staff(50), max_problems=4)
    assert [p.path for p in err.problems] == [
        "$.staff[0].id",
        "$.staff[0].name",
        "$.staff[0].role",
        "$.staff[1].id",
    ]
    assert err.more > 0
    whole = _refused(_staff(2), max_problems=100)
    assert (len(whole.problems), whole.more) == (6, 0)
    assert "more" not in whole.explain()


def test_repeated_ids_and_broken_references_past_the_cap_are_counted_not_kept():
    staff = [{"id": "s", "name": "a", "role": "grid_worker"}] * 3_000
    err = _refused(json.dumps({"id": "c", "name": "n", "staff": staff}).encode())
    assert len(err.problems) == 100
    assert err.problems[0].path == "$.staff[1].id"
    assert err.more == 3_000 - 1 - 100


def test_an_invalid_input_keeps_its_count_when_pickled_and_re_rooted():
    err = InvalidInput([], more=7)
    assert pickle.loads(pickle.dumps(err)).more == 7
    assert err.under("$.x").more == 7


# --- numbers, text and keys no rule can use -----------------------------------------


@JSON_PATHS
@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (str(2**63), "an integer between -2^63 and 2^63-1"),
        (str(-(2**63) - 1), "an integer between -2^63 and 2^63-1"),
        ("1e400", "a finite number"),
        ("-1e400", "a finite number"),
    ],
)
def test_numbers_beyond_what_arithmetic_holds_are_refused_where_they_are(reader, number, expected):
    content = b'{"id":"c","name":"n","staff":[{"x":' + number.encode() + b"}]}"
    with pytest.raises(InvalidInput) as caught:
        reader(content, Community)
    (problem,) = caught.value.problems
    assert (problem.path, problem.expected.en) == ("$.staff[0].x", expected)


@JSON_PATHS
def test_the_largest_integers_are_read(reader):
    for number in (2**63 - 1, -(2**63)):
        content = b'{"id":"c","name":"n","staff":[{"x":' + str(number).encode() + b"}]}"
        with pytest.raises(InvalidInput) as caught:
            reader(content, Community)
        # read, then refused only as a field a staff member does not have
        found = {p.path: p.expected.en for p in caught.value.problems}
        assert found["$.staff[0].x"].startswith("no such field")


@pytest.mark.parametrize("suffix", ["json", "toml"])
def test_an_integer_longer_than_python_reads_is_a_problem(suffix: str):
    digits = b"1" * 4_301
    content = (
        b'{"id":"c","name":"n","x":' + digits + b"}"
        if suffix == "json"
        else b'id = "c"\nname = "n"\nx = ' + digits + b"\n"
    )
    err = _refused(content)
    assert err.problems[0].expected.en.startswith("integers between -2^63 and 2^63-1") or (
        err.problems[0].expected.en == "an integer between -2^63 and 2^63-1"
    )


def test_a_huge_hex_integer_in_toml_is_named_by_its_path():
    err = _refused(b'id = "c"\nname = "n"\nx = 0x' + b"f" * 5_000 + b"\n")
    (problem,) = err.problems
    assert (problem.path, problem.expected.en) == ("$.x", "an integer between -2^63 and 2^63-1")


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_json_constants_that_are_not_numbers_are_refused(constant: bytes):
    err = _refused(b'{"id":"c","name":"n","x":' + constant + b"}")
    assert err.problems[0].actual.en.lstrip("-") in {"NaN", "Infinity"}


@JSON_PATHS
def test_a_lone_surrogate_is_refused_with_its_path(reader):
    with pytest.raises(InvalidInput) as caught:
        reader(b'{"id":"c","name":"\\ud800"}', Community)
    (problem,) = caught.value.problems
    assert (problem.path, problem.expected.en) == ("$.name", "Unicode text")
    # a pair is one character, and is read
    assert reader(b'{"id":"c","name":"\\ud83d\\ude00"}', Community).name == "\U0001f600"


def test_a_lone_surrogate_in_a_key_or_in_a_str_is_refused():
    err = _refused(b'{"id":"c","name":"n","\\udc00":1}')
    assert err.problems[0].expected.en == "Unicode text"
    err = _refused('{"id":"c","name":"\ud800"}')
    assert err.problems[0].expected.en == "Unicode text"
    assert (err.problems[0].path, err.problems[0].actual.en) == (
        "$",
        "a lone surrogate at character 19",
    )


def test_a_str_is_measured_in_utf8_bytes():
    text = json.dumps({"id": "c", "name": "社" * 200}, ensure_ascii=False)
    assert len(text) < 400 < len(text.encode())
    err = _refused(text, max_bytes=400)
    assert err.problems[0].actual.en == f"{len(text.encode()):,} bytes"


@JSON_PATHS
def test_a_key_given_twice_is_refused_with_its_path(reader):
    with pytest.raises(InvalidInput) as caught:
        reader(b'{"id":"c","name":"n","staff":[{"id":"s","id":"t"}]}', Community)
    (problem,) = caught.value.problems
    assert (problem.path, problem.actual.en) == ("$.staff[0].id", '"id" given twice')


def test_text_that_looks_like_the_end_of_a_key_is_not_a_repeated_key():
    content = json.dumps({"id": "c", "name": 'say "a": b ":"'}).encode()
    assert content.count(b'":') > 2
    assert loads(content, Community).name == 'say "a": b ":"'


@JSON_PATHS
def test_nesting_beyond_what_a_reader_can_follow_is_a_problem(reader):
    for depth in (1_000, 100_000):
        content = b'{"id":"c","name":"n","x":' + b"[" * depth + b"]" * depth + b"}"
        with pytest.raises(InvalidInput) as caught:
            reader(content, Community, limits=Limits(max_depth=10_000))
        problem = caught.value.problems[0]
        # From Python 3.12 the readers follow 1,000 levels: the file is then refused
        # for what it holds, an unknown field
        assert "nested" in problem.actual.en or (depth == 1_000 and problem.path == "$.x")


# --- TOML keys ------------------------------------------------------------------------


def test_a_toml_key_of_more_parts_than_the_depth_is_refused_before_parsing():
    for content in (
        "a" + ".a" * 100_000 + " = 1\n",
        "[" + ".".join(["a"] * 100_000) + "]\n",
        'x = {a.b.c = 1}\n[t]\n"q".' + ".".join(["b"] * 65) + " = 2\n",
    ):
        err = _refused(content.encode())
        (problem,) = err.problems
        assert problem.expected.en == "TOML keys of at most 64 dotted parts (Limits.max_depth)"
        assert problem.actual.en.startswith("more than 64 parts at line ")


def test_a_toml_key_of_exactly_the_depth_is_read():
    key = ".".join(["a"] * 64)
    err = _refused(f'id = "c"\nname = "n"\n{key} = 1\n'.encode())
    assert err.problems[0].path == "$.a"  # read, then refused as an unknown field
    assert loads(b'id = "c"\nname = "n x.y.z"\n', Community).name == "n x.y.z"


# --- decimals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "area", ["1e400", "1e999999999", "1e-999999999", "1000000000000000", "1." + "1" * 28]
)
def test_a_decimal_no_rule_can_compute_with_is_refused(area: str):
    household = {"id": "h", "room": "101", "area_m2": area}
    with pytest.raises(InvalidInput) as caught:
        serialization.structure(household, Household)
    (problem,) = caught.value.problems
    assert problem.path == "$.area_m2"
    with pytest.raises(InvalidInput):
        Household("h", "101", Decimal(area))


@pytest.mark.parametrize("area", ["999999999999999.99", "0.0000000000000000000000000001", "89.37"])
def test_the_largest_and_finest_decimals_are_read(area: str):
    household = {"id": "h", "room": "101", "area_m2": area}
    assert serialization.structure(household, Household).area_m2 == Decimal(area)


@given(st.text(alphabet="0123456789.", min_size=1, max_size=17))
def test_a_short_plain_number_is_read_as_the_full_check_reads_it(text: str):
    """Up to 15 digits and one point take a shortcut past the decimal's bounds check;
    what it gives is what the full check gives."""
    from neighborly._checks import plain_decimal

    try:
        expected: object = Decimal(text)
    except ArithmeticError:
        expected = "refused"
    if expected != "refused" and not plain_decimal(expected):  # type: ignore[arg-type]
        expected = "refused"
    try:
        read: object = serialization._structure_decimal(text)
    except serialization._Bad:
        read = "refused"
    assert str(read) == str(expected)


# --- dates and recurrences every rule can compute with ---------------------------------


def _sample_with(pattern: str, replacement: str) -> bytes:
    import re

    from neighborly import dumps
    from neighborly.sample import sample_community

    text, count = re.subn(pattern, replacement, dumps(sample_community()).decode(), count=1)
    assert count == 1
    return text.encode()


@pytest.mark.parametrize("field", ["entered", "elected", "day"])
def test_a_date_past_the_calendar_is_refused_where_it_is(field: str):
    err = _refused(_sample_with(rf'"{field}":"[0-9-]+"', f'"{field}":"9999-12-31"'))
    (problem,) = err.problems
    assert problem.path.endswith(f".{field}")
    assert problem.expected.en.startswith("a date (YYYY-MM-DD) from 1900 to 2100")


def test_dates_at_both_ends_of_the_calendar_are_read_and_judged():
    from neighborly.cli import main
    from neighborly.volunteering import ServiceRecord

    for day in ("1900-01-01", "2100-12-31"):
        content = _sample_with(r'"entered":"[0-9-]+"', f'"entered":"{day}"')
        with _written(content) as path:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stderr(err):
                status = main(["check", str(path), "--as-of", "2099-12-31"], out=out)
            assert status in {0, 1}, err.getvalue()
    with pytest.raises(InvalidInput):
        serialization.structure(
            {
                "id": "r",
                "volunteer": "v",
                "activity": "a",
                "day": "2101-01-01",
                "place": "p",
                "content": "c",
                "hours": "1",
                "organiser": "o",
                "person_in_charge": "p",
                "entered": "2101-01-01",
            },
            ServiceRecord,
        )


@pytest.mark.parametrize("day", ["9999-12-31", "2100-01-01", "1899-12-31", "2026-02-30"])
def test_the_day_to_judge_on_is_one_every_rule_can_look_ahead_from(day: str, capsys):
    from neighborly.cli import main

    assert main(["demo", "--as-of", day], out=io.StringIO()) == 2
    assert (
        "argument --as-of: expected a day as YYYY-MM-DD from 1900-01-01 to 2099-12-31,"
        f" such as 2026-12-05; got '{day}'"
    ) in capsys.readouterr().err


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=30",
        "FREQ=HOURLY",
        "FREQ=DAILY;BYHOUR=9,10",
        "FREQ=WEEKLY;BYMINUTE=0,30",
        "freq=daily;bysecond=1",
    ],
)
def test_a_recurrence_more_often_than_daily_is_refused(rule: str):
    from neighborly.recurrence import Recurrence

    start = "2026-01-01T00:00:00+08:00"
    with pytest.raises(InvalidInput) as caught:
        serialization.structure({"start": start, "rule": rule}, Recurrence)
    (problem,) = caught.value.problems
    assert problem.path == "$.rule"
    assert "at most daily" in problem.expected.en
    daily = serialization.structure({"start": start, "rule": "FREQ=DAILY"}, Recurrence)
    assert daily.rule == "FREQ=DAILY"


@contextlib.contextmanager
def _written(content: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "community.json"
        path.write_bytes(content)
        yield path


def test_a_chain_of_grids_longer_than_the_recursion_limit_is_judged():
    import datetime as dt
    import sys

    from neighborly.rules import check_community

    length = sys.getrecursionlimit() * 3
    grids = [{"id": "g0", "name": "g0", "level": 1, "places": []}]
    grids.extend(
        {"id": f"g{i}", "name": f"g{i}", "level": 3, "parent": f"g{i - 1}", "places": []}
        for i in range(1, length)
    )
    community = loads(json.dumps({"id": "c", "name": "n", "grids": grids}), Community)
    report = check_community(community, as_of=dt.date(2026, 12, 5))
    assert not report["grids.nesting"].passed
    assert community.grid_index.households[f"g{length - 1}"] == frozenset()


# --- small things: a closed pipe, a zone name --------------------------------------------


def test_a_reader_that_goes_away_does_not_change_the_exit_status(tmp_path: Path):
    import subprocess
    import sys

    bad = tmp_path / "bad.json"
    bad.write_bytes(_staff(2_000))
    script = f"{sys.executable} -m neighborly check {bad} | head -1; echo status=${{PIPESTATUS[0]}}"
    done = subprocess.run(
        ["/bin/bash", "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stdout.splitlines() == [f"{bad}: not valid, 100+ problems", "status=1"]
    assert done.stderr == ""


def test_an_overlong_zone_name_is_refused_without_naming_files():
    start = "2026-01-01T09:00:00+08:00[" + "A" * 300 + "]"
    from neighborly.recurrence import Recurrence

    with pytest.raises(InvalidInput) as caught:
        serialization.structure({"start": start, "rule": "FREQ=DAILY"}, Recurrence)
    (problem,) = caught.value.problems
    assert problem.path == "$.start"
    assert "site-packages" not in problem.explain()
    assert "ISO 8601" in problem.expected.en
    assert problem.actual.en.startswith('"2026-01-01T09:00:00+08:00[AAA')


# --- what reaches a terminal -------------------------------------------------------------

HOSTILE_NAME = "x\x1b]0;owned\x07\r[PASS] fine \x9b31m\u202egnp.exe\u2028y"
ACTIVE = "\x1b\x07\r\x9b\u202e\u2028"


@pytest.mark.parametrize("extra", [[], ["--json"]], ids=["text", "json"])
def test_a_name_that_would_act_on_a_terminal_is_refused_and_shown_escaped(
    tmp_path: Path, extra: list[str]
):
    from neighborly.cli import main

    path = tmp_path / "c.json"
    path.write_text(json.dumps({"id": "c", "name": HOSTILE_NAME}), encoding="utf-8")
    out = io.StringIO()
    assert main(["check", str(path), "--as-of", "2026-12-05", *extra], out=out) == 1
    text = out.getvalue()
    assert not any(c in text for c in ACTIVE)
    assert "[PASS] fine" not in text.splitlines()[0]
    assert "$.name" in text
    assert "without line breaks or control characters" in text


@pytest.mark.parametrize("name", ["a\nb", "a\tb", "a\rb", "a\u2028b", "a\u0085b", "\x00", "a\x7fb"])
def test_names_and_titles_are_one_line_of_text(name: str):
    err = _refused(json.dumps({"id": "c", "name": name}).encode())
    (problem,) = err.problems
    assert problem.path == "$.name"


@pytest.mark.parametrize("name", ["社区 党群服务中心", "A\u3000B", "Zoë", "\u202bمرحبا"])
def test_names_may_hold_any_printable_text(name: str):
    community = loads(json.dumps({"id": "c", "name": name}).encode(), Community)
    assert community.name == name


def test_a_name_that_reorders_text_is_shown_escaped(tmp_path: Path):
    from neighborly.cli import main

    name = "x\u202egnp.exe"
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"id": "c", "name": name}), encoding="utf-8")
    out = io.StringIO()
    main(["check", str(path), "--as-of", "2026-12-05"], out=out)
    assert "x\\u202egnp.exe" in out.getvalue()
    assert "\u202e" not in out.getvalue()
    out = io.StringIO()
    main(["check", str(path), "--as-of", "2026-12-05", "--json"], out=out)
    assert "\u202e" not in out.getvalue()
    assert json.loads(out.getvalue())["summary"]["name"] == name


def test_prose_keeps_its_lines_in_data_and_shows_on_one_line_in_a_listing(tmp_path: Path):
    import attrs

    from neighborly import dumps
    from neighborly.cli import main
    from neighborly.sample import sample_community

    community = sample_community()
    record = community.deliberation
    assert record is not None
    forged = "Fix the lift\n[PASS] every rule\r\n\tsecond line"
    proposals = tuple(
        attrs.evolve(p, description=forged) if p.id == "mt-07" else p for p in record.proposals
    )
    community = attrs.evolve(community, deliberation=attrs.evolve(record, proposals=proposals))
    data = dumps(community)
    assert loads(data, Community).deliberation.proposals == proposals  # type: ignore[union-attr]
    path = tmp_path / "c.json"
    path.write_bytes(data)
    out = io.StringIO()
    main(["check", str(path), "--as-of", "2026-12-01"], out=out)
    text = out.getvalue()
    assert "mt-07 Fix the lift / [PASS] every rule / second line" in text
    assert not any(line.startswith("[PASS] every rule") for line in text.splitlines())


@pytest.mark.parametrize("bad", ["a\x1bb", "a\x00b", "a\u2028b", "a\x85b"])
def test_prose_holds_no_other_control_character(bad: str):
    from neighborly.requests import Request

    with pytest.raises(InvalidInput) as caught:
        serialization.structure(
            {
                "id": "q",
                "household": "h",
                "grid": "g",
                "category": "c",
                "urgency": "normal",
                "description": bad,
                "raised": "2026-01-01T09:00:00+08:00",
            },
            Request,
        )
    assert [p.path for p in caught.value.problems] == ["$.description"]


@pytest.mark.parametrize("bad", ["g\n1", "g\x1b1", "g\u20281", "g\u202e1", "g\x001"])
def test_an_id_holds_no_control_character(bad: str):
    err = _refused(json.dumps({"id": bad, "name": "n"}).encode())
    (problem,) = err.problems
    assert problem.path == "$.id"
    assert "control characters" in problem.expected.en


# --- personal data in problems ------------------------------------------------------------

BAD_PHONE, BAD_ID = "1381234567x", "11010119900307123X"


@pytest.mark.parametrize(
    ("field", "value"), [("phone", BAD_PHONE), ("id_number", BAD_ID), ("phone", 13812345678)]
)
def test_a_problem_with_a_personal_value_never_shows_the_value(field: str, value: object):
    from neighborly.places import Resident

    data = {"id": "r", "name": "张三", "age": 30, field: value}
    with pytest.raises(InvalidInput) as caught:
        serialization.structure(data, Resident)
    (problem,) = caught.value.problems
    assert problem.path == f"$.{field}"
    assert "personal data, not shown" in problem.actual.en
    for shown in (str(caught.value), caught.value.explain("en"), caught.value.explain("zh")):
        assert str(value) not in shown
    if isinstance(value, str):  # built in Python, the same
        with pytest.raises(InvalidInput) as built:
            Resident("r", "张三", age=30, **{field: value})
        assert str(value) not in str(built.value)


def test_the_command_does_not_echo_an_invalid_personal_value(tmp_path: Path):
    from neighborly import dumps
    from neighborly.cli import main
    from neighborly.sample import sample_community

    text = dumps(sample_community(), personal_data=True, purpose="a test of echoes").decode()
    import re

    text, count = re.subn(r'"phone":"[0-9]+"', f'"phone":"{BAD_PHONE}"', text, count=1)
    assert count == 1
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8")
    for extra in ([], ["--json"]):
        out = io.StringIO()
        assert main(["check", str(path), *extra], out=out) == 1
        assert "personal data, not shown" in out.getvalue()
        assert BAD_PHONE not in out.getvalue()


def test_no_id_number_is_rebuilt_from_a_public_view_and_the_default_export():
    """The last four characters of an ID number are shown to anyone; with the birth
    date, the region code (the sample's is 990000) and the check character, they gave
    the whole number back for every resident (10,140 of the sample)."""
    from neighborly import dumps
    from neighborly.access import AccessRole, Actor, redact
    from neighborly.sample import sample_community

    community = sample_community()
    exported = json.loads(dumps(community))
    born: dict[str, str] = {}
    for compound in exported["compounds"]:
        for building in compound["buildings"]:
            for unit in building["units"]:
                for household in unit["households"]:
                    for person in household["occupants"]:
                        if person.get("birth_date"):
                            born[person["id"]] = person["birth_date"].replace("-", "")
    households = tuple(community.households())
    seen: dict[str, tuple[str | None, str | None]] = {}
    for role in (AccessRole.CO_BUILDING_CONTACT, AccessRole.VOLUNTEER, AccessRole.RESIDENT):
        for household in redact(households, for_actor=Actor("x", role), community=community):
            for person in household.occupants:
                day = person.birth_date.strftime("%Y%m%d") if person.birth_date else None
                seen[person.id] = (person.id_number, day)
    actual = {r.id: r.id_number for r in community.residents() if r.id_number}
    assert len(actual) > 10_000
    rebuilt = 0
    for resident, number in actual.items():
        shown, day = seen[resident]
        day = day or born.get(resident)
        assert shown is None or shown[:-4].strip("*") == ""  # at most the last four
        if shown is not None and day is not None and "990000" + day + shown[-4:] == number:
            rebuilt += 1
    assert rebuilt == 0
    assert not born  # the default export holds no birth date at all


def test_a_proxys_name_is_personal_data():
    from neighborly import dumps, unstructure
    from neighborly.owners import Ballot, Choice
    from neighborly.sample import sample_community

    ballot = Ballot("p1", Choice.AGREE, proxy="李四", authorisation="委托书 a-1")
    assert "李四" not in repr(ballot)
    assert "proxy" not in unstructure(ballot)
    kept = unstructure(ballot, personal_data=True, purpose="count the proxies of a vote")
    assert serialization.structure(kept, Ballot) == ballot
    sample = sample_community()
    proxies = {b.proxy for v in sample.votes for b in v.ballots if b.proxy}
    assert len(proxies) > 10
    assert b'"proxy"' not in dumps(sample)


@pytest.mark.parametrize(
    "purpose", ["", " ", ".", "\u200b", "\x00", "abc", "a.b.c", "ab\x1bcd", None]
)
def test_a_purpose_is_said_in_words(purpose: object):
    from neighborly import dumps
    from neighborly.cli import main

    from builders import community

    with pytest.raises(InvalidInput) as caught:
        dumps(community(2), personal_data=True, purpose=purpose)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "$.purpose"
    if isinstance(purpose, str):
        assert main(["sample", "--personal-data", purpose], out=io.StringIO()) == 2


@pytest.mark.parametrize("purpose", ["test", "走访慰问", "elder visits for the Double Ninth"])
def test_a_purpose_of_a_few_letters_is_enough(purpose: str):
    from neighborly import dumps

    from builders import community

    assert dumps(community(2), personal_data=True, purpose=purpose)


@pytest.mark.slow
def test_no_command_shows_a_residents_personal_data(tmp_path: Path):
    """Every command, run on a file holding all the personal data, in text and JSON:
    no resident's phone, ID number, birth date or name, no proxy's or volunteer's
    name appears (staff names and phones are on contact cards by design)."""
    from neighborly import dumps
    from neighborly.cli import main
    from neighborly.sample import sample_community

    community = sample_community()
    path = tmp_path / "c.json"
    path.write_bytes(dumps(community, personal_data=True, purpose="a test of what is shown"))
    public = {s.name for s in community.staff} | {t.leader for t in community.teams}
    secrets: set[str] = set()
    for r in community.residents():
        secrets |= {v for v in (r.phone, r.id_number) if v}
        if r.birth_date is not None and r.birth_date.year < 2000:
            secrets.add(r.birth_date.isoformat())
        if r.name and len(r.name) > 1:
            secrets.add(r.name)
    proxies = {b.proxy for v in community.votes for b in v.ballots if b.proxy}
    volunteers = {v.name for v in community.volunteers if v.name}
    secrets |= {n for n in proxies | volunteers if len(n) > 1}
    # a resident may share a staff member's name (or part of it), and a birth date may
    # be another record's day (a Party member's joining): those are not leaks
    shown = "\n".join(public)
    days = set(re.findall(r"\d{4}-\d\d-\d\d", dumps(community).decode()))
    secrets = {v for v in secrets if v not in shown and v not in days}
    assert len(secrets) > 20_000
    household = next(h.id for h in community.households() if h.occupants)
    runs = [
        ["demo"],
        ["check", str(path)],
        ["card", str(path), household],
        ["calendar", str(path)],
        ["points", str(path)],
        ["tally", "--sample"],
        ["sample"],
    ]
    pattern = re.compile("|".join(map(re.escape, sorted(secrets, key=len, reverse=True))))
    for run in runs:
        for extra in ([], ["--json"]) if run[0] != "sample" else ([],):
            out = io.StringIO()
            main([*run, *extra, "--lang", "zh"] if run[0] != "sample" else run, out=out)
            if run == ["sample"]:  # 15 MB of JSON: its strings, each compared whole
                strings = set(re.findall(r'"((?:[^"\\]|\\.)*)"', out.getvalue()))
                assert not strings & secrets, (run, sorted(strings & secrets)[:3])
                continue
            found = pattern.search(out.getvalue())
            assert found is None, (run, extra, found and found.group())
