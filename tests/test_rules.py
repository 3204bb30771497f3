"""The catalogue of rules: every rule registered once, with its source."""

from __future__ import annotations

import pytest

from neighborly.errors import InvalidInput, NotFound
from neighborly.owners import roll_of, tally_vote
from neighborly.rules import catalogue, rule
from neighborly.sample import sample_community
from neighborly.text import Text
from neighborly.verdicts import Report, Rule, Verdict
from test_workers import RULE_ARGS, _here


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
