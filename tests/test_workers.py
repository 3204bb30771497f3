"""Every model pickles, and every public rule runs unchanged in a worker process.

City-scale jobs run neighborly's rules on an existing engine's workers (separate
processes, started fresh with ``spawn`` as Dask, Spark and Ray workers are), so the
models must cross a process boundary by pickle and the rules must give there what
they give here.  Each rule below runs in a spawned worker on the sample community
(the worker loads its own copy, so only the other arguments and the verdict cross),
and the verdict that comes back must equal the one computed in this process.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import importlib
import inspect
import multiprocessing
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import sample_community
from neighborly._time import DEFAULT_ZONE
from neighborly.access import AccessRole, Action, Actor, Scope, ScopeKind, resource_of
from neighborly.owners import (
    AssemblyMeeting,
    Candidate,
    Committee,
    GroupMember,
    GroupRole,
    roll_of,
)
from neighborly.party import meeting_compliance
from neighborly.scheduling import occurrences

from builders import PACKAGE_MODULES
from strategies import EVERY_MODEL

COMMUNITY = "@community"  # stands for the sample community, loaded by each worker
AS_OF = dt.date(2026, 11, 22)
SAMPLE = sample_community()
_WORKER_SAMPLE: dict[str, Any] = {}


def _load_in_worker() -> None:
    _WORKER_SAMPLE["community"] = sample_community()


def _call(module: str, name: str, args: tuple[Any, ...], community: Any) -> Any:
    """Call a rule; a dict at the end of ``args`` holds its keyword arguments."""
    rule = getattr(importlib.import_module(module), name)
    keywords: dict[str, Any] = args[-1] if args and isinstance(args[-1], dict) else {}
    positional = args[:-1] if keywords else args
    return rule(*(community if a == COMMUNITY else a for a in positional), **keywords)


def _run(module: str, name: str, args: tuple[Any, ...]) -> Any:
    return _call(module, name, args, _WORKER_SAMPLE["community"])


def _here(module: str, name: str, args: tuple[Any, ...]) -> Any:
    return _call(module, name, args, SAMPLE)


def public_rules() -> Iterator[tuple[str, str]]:
    """Every public function of the package that returns a Verdict or a Report."""
    seen = set()
    for module_name in PACKAGE_MODULES:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not inspect.isfunction(obj) or obj in seen:
                continue
            if inspect.signature(obj).return_annotation in ("Verdict", "Report"):
                seen.add(obj)
                yield obj.__module__, obj.__name__


def _found() -> tuple[Any, ...]:
    start = dt.datetime(2026, 11, 22, tzinfo=DEFAULT_ZONE)
    return tuple(occurrences(SAMPLE.events, start, start + dt.timedelta(days=60)))


def _rule_args() -> dict[tuple[str, str], Callable[[], tuple[Any, ...]]]:
    c = SAMPLE
    party = c.party
    record = c.deliberation
    roll = roll_of(c)
    worker = Actor("w", AccessRole.GRID_WORKER, (Scope(ScopeKind.GRID, "g3-2"),))
    start = dt.datetime(2026, 11, 22, tzinfo=DEFAULT_ZONE)
    return {
        ("neighborly.access", "can"): lambda: (
            worker,
            Action.VIEW_PERSONAL,
            resource_of(c, c.household("h-05-2-301").occupants[0]),
            COMMUNITY,
        ),
        ("neighborly.care", "check_meal_help"): lambda: (COMMUNITY,),
        ("neighborly.deliberation.proposals", "check_support"): lambda: (
            record.proposals[0],
            COMMUNITY,
        ),
        ("neighborly.deliberation.board", "check_board"): lambda: (record.boards,),
        ("neighborly.deliberation.meetings", "check_deliberation_meeting"): lambda: (
            COMMUNITY,
            record.meetings[0],
            record.boards[0],
            record.proposals,
        ),
        ("neighborly.deliberation.accountability", "check_undertakings"): lambda: (
            record.undertakings,
            AS_OF,
        ),
        ("neighborly.owners.reception", "check_receptions"): lambda: (
            record.reception_days[0],
            record.receptions,
            dt.date(2026, 1, 1),
            AS_OF,
        ),
        ("neighborly.grids", "check_coverage"): lambda: (COMMUNITY,),
        ("neighborly.grids", "check_heads"): lambda: (COMMUNITY,),
        ("neighborly.grids", "check_sizes"): lambda: (COMMUNITY,),
        ("neighborly.grids", "check_nesting"): lambda: (COMMUNITY,),
        ("neighborly.grids", "check_grids"): lambda: (COMMUNITY,),
        ("neighborly.owners.committee", "check_candidates"): lambda: (
            (Candidate(roll[0].owners[0]), Candidate(roll[1].owners[0])),
            roll,
        ),
        ("neighborly.owners.committee", "check_committee"): lambda: (
            Committee(tuple(p.owners[0] for p in roll[:5]), dt.date(2024, 6, 1), 5),
            roll,
            AS_OF,
        ),
        ("neighborly.owners.committee", "check_preparatory_group"): lambda: (
            (
                GroupMember("张三", GroupRole.OWNER, leader=True),
                GroupMember("李四", GroupRole.OWNER),
            ),
        ),
        ("neighborly.owners.assembly", "check_assembly_meeting"): lambda: (
            AssemblyMeeting("am-1", dt.date(2026, 5, 1), dt.date(2026, 5, 20)),
            roll,
        ),
        ("neighborly.parking", "check_parking"): lambda: (COMMUNITY,),
        ("neighborly.party.structure", "check_structure"): lambda: (
            party.units,
            party.members,
            party.positions,
        ),
        ("neighborly.party.structure", "check_terms"): lambda: (party.units, AS_OF),
        ("neighborly.party.meetings", "check_meetings"): lambda: (
            meeting_compliance(
                party.units, party.meetings, dt.date(2026, 10, 1), AS_OF, positions=party.positions
            ),
        ),
        ("neighborly.party.funds", "check_funds"): lambda: (party.projects, party.spendings),
        ("neighborly.party.organisation", "check_party"): lambda: (party, AS_OF),
        ("neighborly.points", "verify_chain"): lambda: (c.points,),
        ("neighborly.registries", "check_meal_points"): lambda: (COMMUNITY, AS_OF),
        ("neighborly.requests", "overdue"): lambda: (c.requests, start),
        ("neighborly.scheduling", "check_double_booking"): lambda: (_found(),),
        ("neighborly.scheduling", "check_capacity"): lambda: (c.events, c.venues),
        ("neighborly.scheduling", "check_opening_hours"): lambda: (_found(), c.venues),
        ("neighborly.scheduling", "check_sound"): lambda: (_found(), c.events, c.venues),
        ("neighborly.scheduling", "check_schedule"): lambda: (
            c.events,
            c.venues,
            start,
            start + dt.timedelta(days=60),
        ),
        ("neighborly.scheduling", "check_occurrences"): lambda: (_found(), c.events, c.venues),
        ("neighborly.scheduling", "check_staffing"): lambda: (_found(), c.events, c.assignments),
        ("neighborly.scheduling", "check_shifts"): lambda: (_found(), c.assignments),
        ("neighborly.scheduling", "check_plan"): lambda: (c.events, 2026),
        ("neighborly.services", "check_circle"): lambda: (COMMUNITY,),
        ("neighborly.rules", "check_community"): lambda: (COMMUNITY, {"as_of": AS_OF}),
        ("neighborly.volunteering", "check_records"): lambda: (c.records,),
        ("neighborly.waste", "check_points"): lambda: (COMMUNITY,),
        ("neighborly.waste", "check_rota"): lambda: (
            COMMUNITY,
            AS_OF,
            AS_OF + dt.timedelta(days=6),
        ),
        ("neighborly.wishes", "check_wishes"): lambda: (c.wishes, AS_OF),
        ("neighborly.cases", "check_overdue"): lambda: (c.cases, start),
        ("neighborly.cases", "check_hand_ups"): lambda: (c.cases,),
        ("neighborly.cases", "check_endings"): lambda: (c.cases,),
        ("neighborly.cases", "check_holders"): lambda: (c.cases, c.grids, c.party.units),
        ("neighborly.elections", "check_electorate"): lambda: (c.elections[3], COMMUNITY),
        ("neighborly.elections", "check_seated"): lambda: (
            c.owners.committee.members,
            c.elections[2],
        ),
        ("neighborly.residents_committee", "check_area"): lambda: (COMMUNITY, AS_OF),
        ("neighborly.residents_committee", "check_size"): lambda: (c.residents_committee,),
        ("neighborly.residents_committee", "check_term"): lambda: (c.residents_committee, AS_OF),
        ("neighborly.residents_committee", "check_meetings"): lambda: (c.residents_committee,),
        ("neighborly.residents_committee", "check_requisitions"): lambda: (
            c.residents_committee,
            COMMUNITY,
            AS_OF,
        ),
        ("neighborly.volunteer_admin", "check_cover"): lambda: (c.volunteer_admin, c.records),
        ("neighborly.volunteer_admin", "check_certificates"): lambda: (
            c.volunteer_admin,
            c.records,
            AS_OF,
        ),
        ("neighborly.owners.record", "check_working_committee"): lambda: (
            c.owners.working_committee,
            c.owners.committee,
            AS_OF,
        ),
        ("neighborly.owners.company", "check_holiday_activities"): lambda: (
            c.property_companies[0],
            AS_OF,
        ),
        ("neighborly.residents_committee", "check_residents_committee"): lambda: (
            c.residents_committee,
            COMMUNITY,
            AS_OF,
        ),
    }


RULE_ARGS = _rule_args()


def test_every_public_rule_is_in_the_worker_table():
    assert set(public_rules()) == set(RULE_ARGS)


@pytest.fixture(scope="module")
def workers() -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        2, mp_context=context, initializer=_load_in_worker
    ) as pool:
        yield pool


@pytest.mark.slow
def test_every_public_rule_gives_the_same_verdict_in_a_spawned_worker(workers):
    jobs = {key: workers.submit(_run, key[0], key[1], make()) for key, make in RULE_ARGS.items()}
    for (module, name), future in jobs.items():
        there = future.result(timeout=300)
        here = _here(module, name, RULE_ARGS[module, name]())
        assert here == there, f"{module}.{name}"


def test_the_sample_community_pickles_whole():
    again = pickle.loads(pickle.dumps(SAMPLE))
    assert again == SAMPLE
    assert again.grid_index.households == SAMPLE.grid_index.households  # caches rebuilt


@settings(max_examples=3, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize(
    "model", sorted(EVERY_MODEL, key=lambda t: t.__name__), ids=lambda t: t.__name__
)
def test_every_model_pickles_to_an_equal_model(model, data):
    value = data.draw(EVERY_MODEL[model])
    assert pickle.loads(pickle.dumps(value)) == value
