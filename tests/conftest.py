"""Test-wide settings."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from stores import StorePlace, postgres_server

# No per-example deadline: a shared two-core machine can pause any example for longer
# than hypothesis' default 200 ms, and a time limit is not what these tests check.
settings.register_profile(
    "neighborly",
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)
# `make unit`'s quick loop: a tenth of the examples (the whole suite keeps them all).
settings.register_profile(
    "neighborly-quick", parent=settings.get_profile("neighborly"), max_examples=10
)
settings.load_profile(
    "neighborly-quick" if os.environ.get("NEIGHBORLY_QUICK") == "1" else "neighborly"
)


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Say how many fuzz cases ran (``make fuzz`` reports it)."""

    for name in ("test_fuzz", "tests.test_fuzz"):
        module = sys.modules.get(name)
        if module is not None:
            cases = module.CASES[0]
            terminalreporter.write_line(f"fuzz cases run: {cases:,}")  # type: ignore[attr-defined]
            return


def pytest_sessionfinish(session: object, exitstatus: int) -> None:
    """Under ``make fuzz``, fail a campaign that ran fewer cases than it promises."""
    import os

    least = int(os.environ.get("NEIGHBORLY_FUZZ_MIN", "0"))
    module = sys.modules.get("test_fuzz") or sys.modules.get("tests.test_fuzz")
    if least and module is not None and module.CASES[0] < least and exitstatus == 0:
        session.exitstatus = 1  # type: ignore[attr-defined]


# -- the store's back ends -----------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[object]:
    """This worker's throwaway PostgreSQL server, for the whole session."""
    server = postgres_server()
    yield server
    server.remove()  # type: ignore[attr-defined]


# PostgreSQL's half is left to make test: a server to start is most of its time
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> StorePlace:
    """A fresh place for a store, on each back end in turn."""
    if request.param == "sqlite":
        return StorePlace("sqlite", str(tmp_path / "store.db"))
    server = request.getfixturevalue("postgres")
    return StorePlace("postgresql", server.create_database(f"t_{uuid.uuid4().hex}"))
