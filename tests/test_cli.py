"""The neighborly command: reports, exit codes, and no tracebacks on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import dumps, load_community, unstructure
from neighborly.cli import main

from builders import community, with_grid


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def valid_file(tmp_path: Path) -> Path:
    path = tmp_path / "community.json"
    path.write_bytes(dumps(community(300, 400), personal_data=True, purpose="test"))
    return path


def write_json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def households_of(data: dict, building: int = 0) -> list[dict]:
    return data["compounds"][0]["buildings"][building]["units"][0]["households"]


def test_check_reads_a_valid_file_without_walking_it_for_the_limits(
    valid_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The command reads a community as ``load`` does: the limits from the bytes and
    the model, the walk only for a file that fails."""
    from neighborly import serialization

    walks: list[object] = []
    walk = serialization._within

    def counted(*args: object, **kwargs: object) -> int:
        walks.append(args)
        return walk(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(serialization, "_within", counted)
    status, out = run("check", str(valid_file), "--as-of", "2026-11-22")
    assert status == 0
    assert "households 700" in out
    assert walks == []
    data = json.loads(valid_file.read_bytes())
    households_of(data)[0]["area_m2"] = "-1"
    status, out = run("check", str(write_json(tmp_path, data)), "--as-of", "2026-11-22")
    assert status == 1
    assert "households[0].area_m2" in out
    assert len(walks) == 1


def test_demo_reports_structure_rules_and_a_contact_card():
    status, out = run("demo", "--as-of", "2026-11-22")
    assert status == 0
    assert "households 3,281" in out
    assert "[PASS] grids.coverage" in out
    assert "4 rules: 4 passed, 0 failed" in out
    assert "Contact card · 示例花园" in out


def test_demo_speaks_chinese():
    status, out = run("demo", "--lang", "zh", "--as-of", "2026-11-22")
    assert status == 0
    assert "住户 3,281 户" in out
    assert "[通过] grids.coverage" in out
    assert "便民服务连心卡" in out


def test_demo_as_json_carries_summary_report_and_card():
    status, out = run("demo", "--json", "--household", "h-05-2-301", "--as-of", "2026-11-22")
    data = json.loads(out)
    assert status == 0
    assert data["summary"]["households"] == 3281
    assert [v["rule"] for v in data["report"]["verdicts"]] == [
        "grids.coverage",
        "grids.heads",
        "grids.size",
        "grids.nesting",
    ]
    assert data["card"]["household_id"] == "h-05-2-301"


def test_demo_with_a_stricter_policy_shows_failures_but_still_succeeds():
    status, out = run("demo", "--min-households", "400", "--as-of", "2026-11-22")
    assert status == 0
    assert "[FAIL] grids.size" in out


def test_check_of_a_valid_file_exits_0_with_a_summary(valid_file: Path):
    status, out = run("check", str(valid_file), "--as-of", "2026-11-22")
    assert status == 0
    assert out.startswith(f"{valid_file}: valid; all ")
    assert " rules passed\n" in out.splitlines(keepends=True)[0]
    assert "households 700" in out


def test_check_of_malformed_json_exits_1_saying_where(tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text('{"id": "c1",\n  "name": "x",,\n}', encoding="utf-8")
    status, out = run("check", str(path))
    assert status == 1
    assert "expected valid JSON" in out
    assert "line 2" in out


def test_check_reports_wrong_types_at_depth_with_paths(tmp_path: Path):
    data = unstructure(community(300), personal_data=True, purpose="test")
    households_of(data)[4]["owners"] = [7]
    data["grids"][1]["level"] = "two"
    status, out = run("check", str(write_json(tmp_path, data)))
    assert status == 1
    assert "2 problems" in out
    assert "@ $.compounds[0].buildings[0].units[0].households[4].owners" in out
    assert "@ $.grids[1].level" in out


def test_check_reports_missing_fields(tmp_path: Path):
    data = unstructure(community(300), personal_data=True, purpose="test")
    del data["name"]
    del households_of(data)[0]["room"]
    status, out = run("check", str(write_json(tmp_path, data)))
    assert status == 1
    assert "this field is required" in out
    assert "@ $.name" in out
    assert "@ $.compounds[0].buildings[0].units[0].households[0].room" in out


def test_check_reports_duplicate_ids(tmp_path: Path):
    data = unstructure(community(300), personal_data=True, purpose="test")
    households_of(data)[9]["id"] = households_of(data)[8]["id"]
    status, out = run("check", str(write_json(tmp_path, data)))
    assert status == 1
    assert "already used at $.compounds[0].buildings[0].units[0].households[8].id" in out


@pytest.mark.parametrize("area", [0, -12.5, "0"])
def test_check_refuses_a_zero_or_negative_area(tmp_path: Path, area: object):
    data = unstructure(community(300), personal_data=True, purpose="test")
    households_of(data)[3]["area_m2"] = area
    status, out = run("check", str(write_json(tmp_path, data)))
    assert status == 1
    assert "expected a number greater than 0" in out
    assert "households[3].area_m2" in out


def test_check_finds_a_household_in_two_grids(tmp_path: Path):
    c = with_grid(community(300, 300), 3, places=("b2", "b1-u0-h0"))
    path = tmp_path / "two.json"
    path.write_bytes(dumps(c))
    status, out = run("check", str(path))
    assert status == 1
    assert out.startswith(f"{path}: valid, but 1 of 4 rules failed\n")
    assert "household b1-u0-h0 is in 2 level-3 grids: g3-1, g3-2" in out


def test_check_as_json_lists_problems(tmp_path: Path):
    data = unstructure(community(300), personal_data=True, purpose="test")
    households_of(data)[3]["area_m2"] = -1
    status, out = run("check", str(write_json(tmp_path, data)), "--json", "--lang", "zh")
    report = json.loads(out)
    assert status == 1
    assert report["valid"] is False
    (problem,) = report["problems"]
    assert problem["path"] == "$.compounds[0].buildings[0].units[0].households[3].area_m2"
    assert problem["expected"]["zh"] == "大于 0 的数（小于 10^15，最多 28 位数字）"


def test_check_as_json_of_a_valid_file(valid_file: Path):
    status, out = run("check", str(valid_file), "--json")
    assert status == 0
    assert json.loads(out)["valid"] is True
    assert (json.loads(out)["passed"], json.loads(out)["failed"]) == (True, [])


def test_check_reads_toml(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('id = "c1"\nname = "空社区"\n', encoding="utf-8")
    status, out = run("check", str(path))
    assert status == 0
    assert "空社区" in out


def test_a_missing_file_is_a_usage_error_without_traceback(tmp_path: Path, capsys):
    status, _ = run("check", str(tmp_path / "nope.json"))
    err = capsys.readouterr().err
    assert status == 2
    assert "cannot read" in err
    assert "Traceback" not in err


def test_a_stricter_policy_than_possible_is_a_usage_error(valid_file: Path, capsys):
    status, _ = run("check", str(valid_file), "--min-households", "600")
    assert status == 2
    assert "invalid grid policy" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["demo", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert "usage: neighborly demo" in err
    assert "neighborly demo: error: argument --lang: invalid choice: 'fr'" in err


def test_card_prints_one_households_card(valid_file: Path):
    status, out = run("card", str(valid_file), "b2-u0-h3", "--lang", "zh")
    assert status == 0
    assert out.startswith("便民服务连心卡 · 测试小区 2号楼 1单元 301室")
    status, out = run("card", str(valid_file), "b2-u0-h3", "--json")
    data = json.loads(out)
    assert (data["kind"], data["exit"]) == ("card", 0)
    assert data["card"]["levels"][0]["grid_id"] == "g3-2"


def test_an_unknown_household_is_the_same_usage_error_in_card_and_demo(valid_file: Path, capsys):
    assert run("card", str(valid_file), "zzz")[0] == 2
    assert run("demo", "--household", "zzz")[0] == 2
    assert capsys.readouterr().err.count("no household with id 'zzz'") == 2
    status, out = run("card", str(valid_file), "zzz", "--json")
    assert status == 2
    assert json.loads(out) == {
        "kind": "error",
        "exit": 2,
        "message": "no household with id 'zzz' in c1",
    }


def test_sample_writes_a_file_that_checks_clean(tmp_path: Path):
    status, out = run("sample")
    path = tmp_path / "sample.json"
    path.write_text(out, encoding="utf-8")
    assert status == 0
    assert sum(1 for _ in load_community(path).households()) == 3281


def test_python_dash_m_runs_the_same_command(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe not json")
    done = subprocess.run(
        [sys.executable, "-m", "neighborly", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "UTF-8" in done.stdout


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path: Path, monkeypatch):
    from neighborly import serialization

    monkeypatch.setattr(serialization, "_FAST_JSON", False)
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status, out = run("check", str(path))
    assert status == 1
    assert "nested too deeply" in out


def test_a_fault_inside_neighborly_is_one_line_not_a_traceback(
    valid_file: Path, monkeypatch, capsys
):
    from neighborly import cli

    def broken(*_: object, **__: object) -> None:
        message = "boom"
        raise ZeroDivisionError(message)

    monkeypatch.setattr(cli, "check_community", broken)
    status, _ = run("check", str(valid_file))
    err = capsys.readouterr().err
    assert status == 70
    assert err == "neighborly: internal error (ZeroDivisionError: boom); please report it\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _check_bytes(content: bytes, suffix: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        return run("check", str(path))[0]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([".json", ".toml", ".txt"]))
def test_any_bytes_give_a_verdict_not_a_crash(content, suffix):
    assert _check_bytes(content, suffix) in (0, 1)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_gives_a_verdict_not_a_crash(value):
    assert _check_bytes(json.dumps(value).encode(), ".json") in (0, 1)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "name",
                "street",
                "compounds",
                "staff",
                "grids",
                "teams",
                "venues",
                "events",
                "assignments",
                "x",
            ]
        ),
        json_values,
    )
)
def test_community_shaped_json_gives_a_verdict_not_a_crash(value):
    assert _check_bytes(json.dumps(value).encode(), ".json") in (0, 1)


_EVENT_KEYS = ["id", "title", "venue", "starts", "ends", "recurrence", "expected", "roles"]
_RECURRENCE_KEYS = ["start", "rule", "lunar_month", "lunar_day", "festival", "on_holiday"]
_event_values = json_values | st.sampled_from(
    [
        "v1",
        "2026-12-05T09:00:00+08:00",
        "2026-12-05T11:00:00+08:00",
        "FREQ=WEEKLY;BYDAY=SA",
        "mid_autumn",
        "skip_holidays",
    ]
)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(_EVENT_KEYS), _event_values),
    st.dictionaries(st.sampled_from(_RECURRENCE_KEYS), _event_values),
)
def test_event_shaped_json_gives_a_verdict_not_a_crash(event, recurrence):
    if recurrence:
        event["recurrence"] = recurrence
    value = {
        "id": "c1",
        "name": "x",
        "venues": [{"id": "v1", "name": "hall", "capacity": 10}],
        "events": [event],
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_text(json.dumps(value), encoding="utf-8")
        assert run("check", str(path))[0] in (0, 1)
        assert run("calendar", "--year", "2026", str(path))[0] in (0, 1)


_ENTRY_KEYS = ["seq", "prev", "posting"]
_POSTING_KEYS = ["key", "at", "kind", "source", "target", "points", "item", "quantity", "reverses"]
_points_values = json_values | st.sampled_from(
    ["pts-1", "budget", "award", "redemption", "reversal", "2026-12-05T09:00:00+08:00", 5, "0" * 64]
)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(_ENTRY_KEYS), _points_values),
    st.dictionaries(st.sampled_from(_POSTING_KEYS), _points_values),
    st.sampled_from([None, "0" * 64, 5]),
)
def test_points_shaped_json_gives_a_verdict_not_a_crash(entry, posting, head):
    if posting:
        entry["posting"] = posting
    value = {
        "id": "c1",
        "name": "x",
        "volunteers": [{"id": "vol-1", "registered": "2025-01-01", "name": "甲"}],
        "points": {
            "accounts": [
                {"id": "budget", "kind": "issuer", "budget": 100},
                {"id": "pts-1", "kind": "volunteer", "holder": "vol-1"},
            ],
            "entries": [entry],
            "head": head,
        },
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_text(json.dumps(value), encoding="utf-8")
        assert run("points", str(path), "--as-of", "2026-11-22")[0] in (0, 1)
        assert run("check", str(path))[0] in (0, 1)


def test_rules_lists_every_rule_with_its_source_like_a_linter():
    from neighborly.rules import catalogue

    status, text = run("rules")
    assert status == 0
    codes = [line.split()[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert codes[:-1] == [r.code for r in catalogue()]
    assert text.rstrip().endswith(f"{len(catalogue())} rules")
    assert "grids.size [grids]  Each level-3 grid holds" in text
    status, zh = run("rules", "--lang", "zh")
    assert (status, zh.rstrip().endswith(f"共 {len(catalogue())} 条规则")) == (0, True)
    assert "    依据：《民法典》第二百七十八条" in zh
    assert "points.balance  No holder spends points it does not have\n" in text
    assert "    refused by: neighborly.points.Ledger.post, " in text
    assert "    拒绝于：neighborly.wishes.submit\n" in zh


def test_rules_as_json_carries_code_titles_source_basis_reads_policy_and_refusals():
    import json

    from neighborly.rules import catalogue

    status, text = run("rules", "--json")
    document = json.loads(text)
    assert (status, document["kind"], document["exit"]) == (0, "rules", 0)
    listed = document["rules"]
    assert [r["code"] for r in listed] == [r.code for r in catalogue()]
    assert set(listed[0]) == {"code", "title", "source", "basis", "reads", "policy", "refuses"}
    by_code = {r["code"]: r for r in listed}
    assert by_code["points.balance"]["refuses"] == [
        "neighborly.points.Ledger.post",
        "neighborly.points.Ledger.post_all",
        "neighborly.points.redemption",
    ]


def test_check_demo_and_python_run_the_same_rules(tmp_path: Path):
    import datetime as dt

    from neighborly.rules import check_community
    from neighborly.sample import sample_community

    path = tmp_path / "sample.json"
    path.write_bytes(dumps(sample_community()))
    day = "2026-12-05"
    in_python = [
        v.rule for v in check_community(sample_community(), as_of=dt.date.fromisoformat(day))
    ]
    from_check = json.loads(run("check", str(path), "--as-of", day, "--json")[1])
    from_demo = json.loads(run("demo", "--as-of", day, "--json")[1])
    assert [v["rule"] for v in from_check["rules"]["verdicts"]] == in_python
    assert [v["rule"] for v in from_demo["rules"]["verdicts"]] == in_python
    assert len(in_python) == 68


def test_each_section_shows_the_verdict_the_policies_in_force_gave(tmp_path: Path):
    # one report behind every section: a local rule that fails shared parking shows
    # FAIL in the services section, and every rule is shown exactly once
    policy = tmp_path / "local.toml"
    policy.write_text("[parking]\nmax_hours = 1\n", encoding="utf-8")
    status, text = run("demo", "--as-of", "2026-12-05", "--policy", str(policy))
    assert status == 0
    assert "[FAIL] parking.allocations" in text
    assert "[PASS] parking.allocations" not in text
    data = json.loads(run("demo", "--as-of", "2026-12-05", "--policy", str(policy), "--json")[1])
    judged = {v["rule"]: v["passed"] for v in data["rules"]["verdicts"]}
    assert judged["parking.allocations"] is False
    shown = {v["rule"]: v["passed"] for v in data["services"]["verdicts"]}
    assert shown["parking.allocations"] is False
    sections = [line.split()[1] for line in text.splitlines() if line.startswith("[")]
    assert sorted(sections) == sorted(v["rule"] for v in data["rules"]["verdicts"])


def test_the_names_options_had_before_still_work(valid_file: Path):
    """--today (now --as-of) and calendar's --community (now FILE) keep scripts working."""
    assert run("check", str(valid_file), "--today", "2026-12-05") == run(
        "check", str(valid_file), "--as-of", "2026-12-05"
    )
    assert run("calendar", "--year", "2026", "--community", str(valid_file)) == run(
        "calendar", "--year", "2026", str(valid_file)
    )


def test_a_dash_reads_the_community_from_standard_input(valid_file: Path):
    out = io.StringIO()
    stdin = io.BytesIO(valid_file.read_bytes())
    status = main(["check", "-", "--as-of", "2026-12-05"], out=out, stdin=stdin)
    from_file = run("check", str(valid_file), "--as-of", "2026-12-05")
    assert (status, out.getvalue()) == (from_file[0], from_file[1].replace(str(valid_file), "-"))
    assert out.getvalue().startswith("-: valid")
    toml = io.BytesIO('id = "c1"\nname = "空社区"\n'.encode())
    out = io.StringIO()
    assert main(["check", "-", "--json"], out=out, stdin=toml) == 0
    assert json.loads(out.getvalue())["file"] == "-"


def test_standard_input_is_read_no_further_than_the_limit():
    out = io.StringIO()
    content = io.BytesIO(b'{"id": "c", "name": "' + b"x" * 5000 + b'"}')
    assert main(["check", "-", "--max-bytes", "1000", "--json"], out=out, stdin=content) == 1
    assert content.tell() == 1001
    (problem,) = json.loads(out.getvalue())["problems"]
    assert "Limits.max_bytes" in problem["expected"]["en"]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--json"],
        ["check", "--json", "--as-of", "someday"],
        ["card", "--sample", "nobody", "--json"],
        ["points", "/no/such/file.json", "--json"],
        ["demo", "--json", "--preset", "atlantis"],
        ["tally", "--sample", "x.json", "--json"],
    ],
)
def test_with_json_every_error_is_one_json_document_of_kind_error(argv: list[str], capsys):
    status, out = run(*argv)
    document = json.loads(out)
    assert status == 2
    assert (document["kind"], document["exit"]) == ("error", 2)
    assert document["message"]
    assert capsys.readouterr().err == ""


def test_with_json_an_invalid_file_is_a_document_of_kind_invalid(tmp_path: Path):
    path = write_json(tmp_path, {"id": "c", "name": ""})
    for command in (["check"], ["points"], ["card"], ["calendar"], ["tally"]):
        argv = [*command, str(path), *(["h1"] if command == ["card"] else []), "--json"]
        status, out = run(*argv)
        document = json.loads(out)
        assert (status, document["kind"], document["exit"]) == (1, "invalid", 1), command
        assert document["problems"][0]["path"] == "$.name"


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["demo", "--as-of", "2026-12-05"], "demo"),
        (["check", "--sample", "--as-of", "2026-12-05"], "check"),
        (["card", "--sample", "h-01-1-101"], "card"),
        (["calendar", "--year", "2026"], "calendar"),
        (["points", "--sample", "--as-of", "2026-12-05"], "points"),
        (["tally", "--sample"], "tally"),
        (["rules"], "rules"),
    ],
)
def test_every_result_names_its_kind_and_exit_status(argv: list[str], kind: str):
    status, out = run(*argv, "--json")
    document = json.loads(out)
    assert (document["kind"], document["exit"]) == (kind, status)


def test_demo_exits_0_while_check_of_the_sample_says_which_rules_fail():
    demo = json.loads(run("demo", "--as-of", "2026-12-05", "--json")[1])
    status, out = run("check", "--sample", "--as-of", "2026-12-05", "--json")
    checked = json.loads(out)
    assert demo["exit"] == 0
    assert status == 1
    assert checked["failed"] == [v["rule"] for v in demo["rules"]["verdicts"] if not v["passed"]]
    assert checked["failed"]


@pytest.mark.parametrize(
    "command", ["demo", "check", "card", "calendar", "points", "tally", "store"]
)
def test_each_subcommand_helps_with_a_description_examples_and_exit_codes(command: str, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "examples:\n  neighborly " + command in text
    assert "exit status:\n  0 " in text
    assert "70  a fault in neighborly itself" in text
    # the input limits are offered only where a file is read
    assert ("input limits" in text) == (command not in {"demo", "store"})


def test_the_top_level_help_lists_what_the_package_covers(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for covered in ("three-level grid", "points ledger", "Civil Code Art. 278", "life circle"):
        assert covered in text


def test_the_command_freezes_the_community_it_loads_and_a_library_call_does_not(monkeypatch):
    import gc

    import neighborly.cli
    from neighborly.sample import sample_community

    # the freeze is seen while the rules run: once the command returns, the community
    # it loaded is freed, frozen or not
    seen: list[int] = []
    judged = neighborly.cli.check_community

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_freeze_count())
        return judged(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(neighborly.cli, "check_community", spying)
    gc.unfreeze()
    assert main(["check", "--sample", "--json"], io.StringIO()) == 1
    assert seen == [0]  # a caller that goes on running is left alone
    assert gc.get_freeze_count() == 0
    gc.collect()
    before = len(gc.get_objects())
    held = sample_community()  # what the sample adds for the collector to walk
    gc.collect()
    sample = len(gc.get_objects()) - before
    del held
    gc.collect()
    assert sample > 50_000
    try:
        assert main(["check", "--sample", "--json"], io.StringIO(), whole_process=True) == 1
        # everything the process held and the sample's objects, out of every collection
        assert seen[1] >= before + sample
    finally:
        gc.unfreeze()


def test_store_migrate_creates_a_store_and_migrating_again_is_safe(tmp_path: Path):
    from neighborly.store import SCHEMA_VERSION

    path = tmp_path / "points.db"
    assert run("store", "migrate", str(path)) == (0, f"{path}: schema version {SCHEMA_VERSION}\n")
    status, out = run("store", "migrate", f"sqlite:///{path}", "--json")
    assert (status, json.loads(out)["schema"]) == (0, SCHEMA_VERSION)
    assert run("store", "migrate", str(path), "--lang", "zh")[1] == (
        f"{path}：架构版本 {SCHEMA_VERSION}\n"
    )


def test_store_migrate_refuses_what_is_not_a_store_it_can_open(tmp_path: Path, capsys):
    import sqlite3

    from neighborly.store import SCHEMA_VERSION

    assert run("store", "migrate", "mysql://db/points")[0] == 2
    with mock.patch.dict("sys.modules", {"psycopg": None}):
        status, _ = run("store", "migrate", "postgresql://db/points")
    assert status == 2
    assert "pip install 'neighborly[postgres]'" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    status, out = run("store", "migrate", str(junk), "--json")
    assert status == 1
    assert json.loads(out)["problems"][0]["expected"]["en"] == "a SQLite database"
    status, out = run("store", "migrate", str(tmp_path / "no" / "such" / "folder.db"))
    assert status == 1
    assert "a SQLite database" in out
    assert "unable to open database file" in out
    newer = tmp_path / "newer.db"
    run("store", "migrate", str(newer))
    db = sqlite3.connect(newer)
    with db:
        db.execute("insert into neighborly_schema values (?)", (SCHEMA_VERSION + 1,))
    db.close()
    status, out = run("store", "migrate", str(newer), "--json")
    assert (status, json.loads(out)["problems"][0]["path"]) == (1, "$.schema")


@pytest.mark.slow  # a PostgreSQL server to start
def test_store_migrate_on_postgresql_and_a_server_out_of_reach(postgres, capsys):
    from neighborly.store import SCHEMA_VERSION

    url = postgres.create_database("cli_store")
    assert run("store", "migrate", url) == (0, f"{url}: schema version {SCHEMA_VERSION}\n")
    assert run("store", "migrate", url)[0] == 0  # again: nothing to do
    status, _ = run("store", "migrate", "postgresql://app:secret@/points?host=/nonexistent")
    assert status == 2
    err = capsys.readouterr().err
    assert "neighborly: cannot reach the database: " in err
    assert "secret" not in err


def test_check_counts_working_days_by_the_holidays_a_user_adds(tmp_path: Path, capsys):
    holidays = tmp_path / "holidays-2027.toml"
    text = """
[[arrangements]]
year = 2027
workdays = [2027-01-09]
source = { en = "made up for the test", zh = "测试虚构" }
[[arrangements.periods]]
name = { en = "New Year's Day", zh = "元旦" }
first = 2027-01-01
last = 2027-01-03
"""
    holidays.write_text(text, encoding="utf-8")
    assert run("check", "--sample", "--holidays", str(holidays), "--as-of", "2026-12-05")[0] == 1
    holidays.write_text(text.replace("2027-01-09", "2027-01-04"), encoding="utf-8")
    assert run("check", "--sample", "--holidays", str(holidays))[0] == 2
    err = capsys.readouterr().err
    assert "a Saturday or Sunday" in err
    assert "2027-01-04 (Mon) @ $.arrangements[0].workdays[0]" in err
    shipped_year = text.replace("2027", "2026").replace("2026-01-09", "2026-01-10")
    holidays.write_text(shipped_year, encoding="utf-8")
    assert run("demo", "--holidays", str(holidays))[0] == 2
    assert "'2026' already exists" in capsys.readouterr().err


def test_street_rolls_up_a_folder_of_communities_and_the_sample_street(tmp_path: Path):
    folder = tmp_path / "东城街道"
    folder.mkdir()
    status, text = run("sample")
    (folder / "a.json").write_text(text, encoding="utf-8")
    status, out = run("street", str(folder), "--as-of", "2026-12-05")
    assert status == 1  # the sample's rules fail on purpose
    assert out.startswith("东城街道 (street), 2026-12-05\nCommunities, most failing rules first:\n")
    assert "registered volunteers" in out
    status, out = run("street", "--sample", "--json", "--as-of", "2026-12-05")
    report = json.loads(out)["report"]
    assert json.loads(out)["kind"] == "street"
    assert [row["community"] for row in report["communities"]] == [
        "c-sample",
        "c-sample-east",
        "c-sample-west",
    ]
    assert run("street")[0] == 2
    assert run("street", "--sample", str(folder))[0] == 2
    status, out = run("street", str(folder / "a.json"), str(folder / "a.json"))
    assert status == 1
    assert "$.communities[1].id" in out
    (tmp_path / "empty").mkdir()
    assert run("street", str(tmp_path / "empty"))[0] == 2


def test_street_reads_a_street_file_in_a_folder(tmp_path: Path):
    folder = tmp_path / "east"
    folder.mkdir()
    (folder / "c.json").write_text(run("sample")[1], encoding="utf-8")
    (folder / "street.toml").write_text(
        'id = "s-east"\nname = "东街道"\ncommunities = ["c.json"]\n', encoding="utf-8"
    )
    status, out = run("street", str(folder), "--as-of", "2026-12-05")
    assert status == 1
    assert out.startswith("东街道 (s-east), 2026-12-05\n")
    (folder / "street.toml").write_text('id = "s-east"\nname = ""\n', encoding="utf-8")
    status, out = run("street", str(folder))
    assert status == 1
    assert "$.name" in out


def test_rules_shows_a_bundle_and_writes_it_as_the_policy_file_check_reads(tmp_path: Path):
    status, out = run("rules", "--preset", "beijing", "--lang", "zh")
    assert status == 0
    assert out.startswith("beijing: 北京\n  stars: ")
    assert out.endswith("其余策略：全国默认值\n")
    status, toml = run("rules", "--preset", "shanghai", "--toml")
    assert (status, toml.splitlines()[0]) == (0, 'none = ["committee.max_members"]')
    policy = tmp_path / "shanghai.toml"
    policy.write_text(toml, encoding="utf-8")
    as_file = run("check", "--sample", "--policy", str(policy), "--as-of", "2026-12-05", "--json")
    as_preset = run("check", "--sample", "--preset", "shanghai", "--as-of", "2026-12-05", "--json")
    assert as_file[0] == as_preset[0]
    read_from_file, from_preset = json.loads(as_file[1]), json.loads(as_preset[1])
    assert (read_from_file.pop("policies"), from_preset.pop("policies")) == (
        str(policy),
        "shanghai",
    )
    assert read_from_file == from_preset
    assert run("rules", "--toml")[0] == 2
    status, out = run("rules", "--preset", "national", "--json")
    assert json.loads(out)["bundle"]["name"] == "national"


def test_check_judges_by_the_bundle_the_file_names_unless_the_command_line_chooses(
    tmp_path: Path,
):
    import attrs

    file = tmp_path / "community.json"
    file.write_bytes(dumps(attrs.evolve(community(3), policies="beijing")))
    status, out = run("check", str(file), "--as-of", "2026-12-05")
    assert "judged by Beijing (beijing, named by the file)" in out
    status, out = run("check", str(file), "--as-of", "2026-12-05", "--preset", "shanghai")
    assert "judged by Shanghai (shanghai, --preset)" in out
    status, out = run("check", str(file), "--as-of", "2026-12-05", "--max-households", "500")
    assert "judged by Beijing (beijing, named by the file), with the grid options" in out
    policy = tmp_path / "policies.toml"
    status, text = run("rules", "--preset", "shanghai", "--toml")
    policy.write_text(text, encoding="utf-8")
    status, out = run(
        "check",
        str(file),
        "--as-of",
        "2026-12-05",
        "--policy",
        str(policy),
        "--min-households",
        "90",
    )
    assert f"judged by the policies of {policy}, with the grid options" in out
    status, out = run("check", str(file), "--as-of", "2026-12-05", "--json")
    assert json.loads(out)["policies"] == "beijing"
    status, out = run("check", "--sample", "--as-of", "2026-12-05", "--lang", "zh")
    assert "评判依据：全国默认（national，默认）" in out

    data = json.loads(file.read_text(encoding="utf-8"))
    data["policies"] = "narnia"
    file.write_text(json.dumps(data), encoding="utf-8")
    status, out = run("check", str(file))
    assert status == 1  # a file that is not valid, as any other problem in it
    assert "not valid, 1 problem" in out
    assert "national, beijing, shanghai, zhangjiagang, got narnia @ $.policies" in out
