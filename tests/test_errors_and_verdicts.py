"""The error hierarchy and explainable verdicts."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given

from neighborly import (
    Conflict,
    IllegalTransition,
    InvalidInput,
    NeighborlyError,
    NotFound,
    Problem,
    Reason,
    Report,
    Text,
    Verdict,
)

from strategies import problems, verdicts


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InvalidInput([Problem("$.x", Text("a", "甲"), Text("b", "乙"))]), ValueError),
        (IllegalTransition("wish w1", "fulfilled", "claim", ["acknowledge"]), RuntimeError),
        (Conflict("posting", "k1", "same key, other content"), ValueError),
        (NotFound("household", "h9", "c1"), LookupError),
    ],
)
def test_every_error_is_a_neighborly_error_and_its_nearest_builtin(error, builtin):
    assert isinstance(error, NeighborlyError)
    assert isinstance(error, builtin)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)


def test_error_messages_say_what_and_where():
    assert str(NotFound("household", "h9", "c1")) == "no household with id 'h9' in c1"
    assert str(IllegalTransition("wish w1", "fulfilled", "claim", ["acknowledge"])) == (
        "cannot claim wish w1: it is fulfilled; from fulfilled it may only acknowledge"
    )
    assert str(Conflict("posting", "k1")) == "posting 'k1' already exists"


def test_invalid_input_lists_every_problem_in_both_languages():
    error = InvalidInput(
        [
            Problem("$.a", Text("a number greater than 0", "大于 0 的数"), Text.same("-5")),
            Problem("$.b", Text("a non-empty string", "非空字符串"), Text.same('""')),
        ]
    )
    assert str(error) == (
        "2 problems in input:\n"
        "  expected a number greater than 0, got -5 @ $.a\n"
        '  expected a non-empty string, got "" @ $.b'
    )
    assert error.explain("zh").splitlines()[0] == "应为大于 0 的数，实际为 -5 @ $.a"
    assert [p.path for p in error.under("$.x[2]").problems] == ["$.x[2].a", "$.x[2].b"]


@given(problems)
def test_a_problem_moved_under_a_prefix_keeps_the_rest_of_its_path(problem):
    moved = problem.under("$.compounds[1]")
    assert moved.path == "$.compounds[1]" + problem.path[1:]
    assert problem.under("$") == problem


def test_a_problem_needs_a_json_path():
    with pytest.raises(InvalidInput):
        Problem("area", Text.same("x"), Text.same("y"))


def test_a_verdict_explains_itself_with_numbers_in_both_languages():
    verdict = Verdict(
        rule="grids.size",
        passed=False,
        title=Text("Level-3 grid size", "三级网格规模"),
        reasons=(
            Reason(
                "$.grids[3]",
                Text(
                    "needed at least 300, got 281 (19 short)",
                    "至少应有 300 户，实有 281 户（差 19 户）",
                ),
                "300..500",
                "281",
            ),
        ),
        source=Text("local practice", "地方实践"),
    )
    assert verdict.explain("en") == (
        "[FAIL] grids.size Level-3 grid size\n"
        "  source: local practice\n"
        "  - needed at least 300, got 281 (19 short) @ $.grids[3]"
    )
    assert verdict.explain("zh") == (
        "[未通过] grids.size 三级网格规模\n"
        "  依据：地方实践\n"
        "  - 至少应有 300 户，实有 281 户（差 19 户） @ $.grids[3]"
    )
    assert not verdict


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="en, zh"):
        Text("a", "b").render("fr")  # type: ignore[arg-type]


@given(verdicts, verdicts)
def test_a_report_passes_only_when_every_verdict_passes(first, second):
    report = Report((first, second))
    assert report.passed == (first.passed and second.passed)
    assert report.failed == tuple(v for v in (first, second) if not v.passed)
    assert report.explain("en").endswith(
        f"2 rules: {2 - len(report.failed)} passed, {len(report.failed)} failed"
    )


def test_an_empty_report_passes():
    assert Report().passed
    assert Report().explain("zh") == "共 0 条规则，0 条通过，0 条未通过"


def test_a_reason_needs_a_json_path_and_text():
    with pytest.raises(InvalidInput) as excinfo:
        Reason("grids", "not text")  # type: ignore[arg-type]
    assert [p.path for p in excinfo.value.problems] == ["$.path", "$.message"]


def test_text_built_in_code_from_a_non_string_is_a_programming_error():
    with pytest.raises(TypeError, match=r"Text\.zh must be a str, got int"):
        Text("a", 3)  # type: ignore[arg-type]


def test_text_read_from_data_names_each_bad_field_by_path():
    from neighborly.serialization import structure

    with pytest.raises(InvalidInput) as excinfo:
        structure({"rule": "r", "passed": True, "title": {"en": 1, "zh": "x", "fr": "y"}}, Verdict)
    assert [p.path for p in excinfo.value.problems] == ["$.title.en", "$.title.fr"]


def test_every_refused_step_says_in_chinese_which_verb_was_refused_in_which_state():
    import datetime as dt

    from neighborly.deliberation import put_on_agenda, support
    from neighborly.requests import give_feedback
    from neighborly.sample import sample_community
    from neighborly.volunteering import Verifier, approve

    c = sample_community()
    record = next(r for r in c.records if r.status.value == "approved")
    verifier = Verifier("st-any", teams=frozenset({record.team or "t"}))
    at = dt.datetime(2026, 12, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    on_agenda = next(p for p in c.deliberation.proposals if p.status.value == "on_agenda")
    unresolved = next(r for r in c.requests if r.resolved is None)
    refusals = []
    for step in (
        lambda: approve(record, verifier, at.date()),
        lambda: support(on_agenda, c, on_agenda.household, at),
        lambda: put_on_agenda(on_agenda, c, at),
        lambda: give_feedback(unresolved, True),
    ):
        with pytest.raises(IllegalTransition) as refused:
            step()
        refusals.append(refused.value)
    for refusal in refusals:
        zh = refusal.explain("zh")
        assert zh.startswith("不能")
        assert refusal.state not in zh  # the state is named in Chinese, not in English
        assert pickle.loads(pickle.dumps(refusal)).explain("zh") == zh


def test_a_reason_read_from_a_part_is_located_in_the_whole():
    reason = Reason("$.motions[0]", Text("short", "不足"), "2/3", "1/2")
    moved = reason.under("$.votes[2]")
    assert moved == Reason("$.votes[2].motions[0]", reason.message, "2/3", "1/2")
    assert Reason("$", reason.message).under("$.votes[2]").path == "$.votes[2]"
    verdict = Verdict("owners.tally", False, Text("t", "t"), (reason, reason))
    assert [r.path for r in verdict.under("$.votes[2]").reasons] == ["$.votes[2].motions[0]"] * 2
    assert verdict.under("$.votes[2]").passed is False
