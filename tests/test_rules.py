"""The catalogue of rules: every rule registered once, with its source."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from neighborly._time import DEFAULT_ZONE
from neighborly.errors import InvalidInput, NotFound
from neighborly.grids import GridPolicy
from neighborly.owners import roll_of, tally_vote
from neighborly.rules import PRESETS, Policies, catalogue, check_community, load_policies, rule
from neighborly.sample import sample_community
from neighborly.scheduling import PlanTargets, occurrences
from neighborly.text import Text
from neighborly.verdicts import Report, Rule, Verdict
from test_workers import RULE_ARGS, _here

from builders import community


def test_every_rule_is_registered_once():
    codes = [r.code for r in catalogue()]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 45


@pytest.mark.parametrize("registered", catalogue(), ids=lambda r: r.code)
def test_every_rule_names_its_source_and_the_fact_it_rests_on(registered):
    for text in (registered.title, registered.source, registered.reads):
        assert text.en.strip()
        assert text.zh.strip()
    assert registered.basis.startswith(("FACTS.md §", "BRIEF.md ", "Personal Information"))
    assert rule(registered.code) is registered


def test_a_rule_registered_without_a_source_is_refused():
    with pytest.raises(InvalidInput) as caught:
        Rule("x.y", Text("t", "题"), Text(" ", ""), basis="FACTS.md §1", reads=Text("a", "甲"))
    assert [p.path for p in caught.value.problems] == ["$.source"]


def test_an_unknown_code_is_not_found():
    with pytest.raises(NotFound, match=r"no rule with id 'grids\.colour'"):
        rule("grids.colour")


def _sample_verdicts() -> list[Verdict]:
    found: list[Verdict] = []
    for (module, name), args in RULE_ARGS.items():
        out = _here(module, name, args())
        found.extend(out.verdicts if isinstance(out, Report) else (out,))
    community = sample_community()
    for vote in community.votes:
        found.extend(t.verdict for t in tally_vote(vote, roll_of(community)))
    return found


def test_every_verdict_on_the_sample_names_a_catalogued_rule_and_cites_its_source():
    verdicts = _sample_verdicts()
    assert {v.rule for v in verdicts} <= {r.code for r in catalogue()}
    for verdict in verdicts:
        registered = rule(verdict.rule)
        # a verdict cites its rule's source, or the local rule of the policy in force
        assert verdict.source == registered.source or registered.policy is not None, verdict.rule


# --- one entry point ------------------------------------------------------------------

AS_OF = dt.date(2026, 12, 5)


def test_check_community_runs_every_rule_whose_inputs_the_sample_holds():
    report = check_community(sample_community(), as_of=AS_OF)
    ran = [v.rule for v in report]
    assert ran == [
        "grids.coverage",
        "grids.heads",
        "grids.size",
        "grids.nesting",
        "scheduling.double_booking",
        "scheduling.capacity",
        "scheduling.opening_hours",
        "scheduling.sound",
        "scheduling.staffing",
        "scheduling.shifts",
        "plan.activities",
        "plan.festivals",
        "volunteering.deadline",
        "volunteering.reversals",
        "volunteers.cover",
        "volunteers.certificates",
        "points.chain",
        "party.branch_size",
        "party.joint_branch",
        "party.branch_committee",
        "party.unit_size",
        "party.leaders",
        "party.term",
        "party.meetings",
        "party.funds",
        "owners.tally",
        "owners.tally",
        "owners.preparatory_group",
        "owners.candidates",
        "owners.committee_size",
        "owners.committee_term",
        "owners.committee_filing",
        "owners.committee_members",
        "owners.notice",
        "owners.notice",
        "owners.requisition",
        "owners.working_committee",
        "property.holiday_activities",
        "wishes.contact",
        "requests.overdue",
        "cases.overdue",
        "cases.hand_up",
        "cases.ending",
        "cases.holder",
        "waste.points",
        "waste.rota",
        "services.circle",
        "care.meals",
        "parking.allocations",
        "deliberation.overdue",
        "deliberation.board",
        "deliberation.reception",
        "registries.meal_points",
        *("elections.count", "elections.electorate") * 4,
        "elections.seated",
        "elections.seated",
        "residents.area",
        "residents.size",
        "residents.term",
        "residents.meeting",
        "residents.requisition",
    ]
    assert set(ran) <= {r.code for r in catalogue()}


def test_the_plan_is_judged_for_the_year_of_as_of_with_the_plan_policy():
    c = sample_community()
    count = len(occurrences_in(c, 2026))
    exact = Policies(plan=PlanTargets(min_activities=count))
    assert check_community(c, as_of=AS_OF, policies=exact)["plan.activities"].passed
    one_more = Policies(plan=PlanTargets(min_activities=count + 1))
    failed = check_community(c, as_of=AS_OF, policies=one_more)["plan.activities"]
    assert not failed.passed
    assert "(1 short)" in failed.reasons[0].message.en
    # the year is as_of's: an empty year fails the same policy
    empty_year = check_community(c, as_of=dt.date(2031, 1, 1), policies=exact)
    assert len(occurrences_in(c, 2031)) < count
    assert not empty_year["plan.activities"].passed


def occurrences_in(c, year):
    start = dt.datetime(year, 1, 1, tzinfo=DEFAULT_ZONE)
    return occurrences(c.events, start, start.replace(year=year + 1))


def test_a_community_of_places_and_grids_only_gets_the_grid_rules():
    report = check_community(community(300, 400), as_of=AS_OF)
    assert [v.rule for v in report] == [
        "grids.coverage",
        "grids.heads",
        "grids.size",
        "grids.nesting",
    ]
    assert report.passed


def test_the_policies_given_are_the_ones_the_rules_use():
    c = community(300, 500)
    exact = Policies(grids=GridPolicy(min_households=300, max_households=500))
    assert check_community(c, as_of=AS_OF, policies=exact)["grids.size"].passed
    one_short = Policies(grids=GridPolicy(min_households=301, max_households=500))
    assert not check_community(c, as_of=AS_OF, policies=one_short)["grids.size"].passed
    one_over = Policies(grids=GridPolicy(min_households=300, max_households=499))
    assert not check_community(c, as_of=AS_OF, policies=one_over)["grids.size"].passed


def test_every_policy_a_rule_names_is_a_field_of_policies():
    fields = {f.name for f in attrs.fields(Policies)}
    assert {r.policy for r in catalogue() if r.policy is not None} - fields <= {"access"}


def test_the_presets_change_only_what_their_locality_sourced():
    national = PRESETS["national"]
    assert national == Policies()
    assert PRESETS["beijing"].stars.thresholds[:3] == (100, 200, 500)
    assert PRESETS["zhangjiagang"].stars.thresholds == (30, 60, 100, 200, 300)
    assert PRESETS["shanghai"].committee.bar_arrears
    for preset in PRESETS.values():
        assert preset.grids == national.grids


def test_policies_read_from_toml_keep_the_defaults_a_file_leaves_out(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text("[grids]\nmin_households = 200\nmax_households = 300\n", encoding="utf-8")
    read = load_policies(path)
    assert (read.grids.min_households, read.grids.max_households) == (200, 300)
    assert attrs.evolve(read, grids=GridPolicy()) == Policies()


def test_bad_policies_are_named_by_path():
    with pytest.raises(InvalidInput) as caught:
        load_policies(b"[grids]\nmin_households = -1\n\n[colours]\nred = 1\n")
    assert [p.path for p in caught.value.problems] == ["$.grids.min_households", "$.colours"]


# --- refusals are rules too -----------------------------------------------------------


def _resolve(dotted: str) -> object:
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise AssertionError(dotted)


def test_every_operation_a_rule_refuses_by_exists():
    named = [(r.code, op) for r in catalogue() for op in r.refuses]
    assert len(named) >= 30
    for code, op in named:
        assert callable(_resolve(op)), (code, op)


def test_no_refusal_is_made_outside_a_registered_rule():
    # Refused is built only by Rule.refuse, so every refusal's code is catalogued
    import ast
    from pathlib import Path

    import neighborly

    root = Path(neighborly.__file__).parent
    made = [
        f"{path.name}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        if path.name not in {"errors.py", "verdicts.py"}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Refused"
    ]
    assert made == []


def test_a_refusal_carries_its_rules_code():
    from neighborly import points

    refused = points.BALANCE_RULE.refuse(Text("short", "不足"), "5", "3")
    assert (refused.rule, refused.expected, refused.actual) == ("points.balance", "5", "3")
    assert refused.explain("zh") == "points.balance: 不足"
    assert rule("points.balance") is points.BALANCE_RULE


def test_a_votes_reasons_are_located_in_the_community_file():
    community_ = sample_community()
    report = check_community(community_, as_of=AS_OF)
    tallies = [v for v in report if v.rule == "owners.tally"]
    motions = [(v, m) for v, vote in enumerate(community_.votes) for m in range(len(vote.motions))]
    assert len(tallies) == len(motions) == 2
    for (vote, motion), verdict in zip(motions, tallies, strict=True):
        root = f"$.votes[{vote}].motions[{motion}]"
        assert verdict.reasons
        assert all(r.path.startswith(root) for r in verdict.reasons), verdict.reasons[0].path


def test_the_rules_run_with_the_collector_paused_and_leave_it_as_found(monkeypatch):
    import gc

    import neighborly.rules
    from neighborly.street import judge

    seen: list[bool] = []
    judged = neighborly.rules.check_grids

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return judged(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(neighborly.rules, "check_grids", spying)
    c = community(3)
    day = dt.date(2026, 12, 5)
    assert gc.isenabled()
    check_community(c, as_of=day)
    judge(c, as_of=day)
    assert seen == [False, False]
    assert gc.isenabled()
    gc.disable()  # a program that paused it itself keeps it paused
    try:
        check_community(c, as_of=day)
        assert not gc.isenabled()
    finally:
        gc.enable()
