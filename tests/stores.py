"""Where the store's tests keep their stores: a SQLite file, or a database of a
throwaway PostgreSQL server (``scripts/throwaway_postgres.py``)."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def postgres_server() -> object:
    """A started throwaway PostgreSQL server (``scripts/throwaway_postgres.py``).  Where
    the server or psycopg is missing the test is skipped with the reason, unless
    ``NEIGHBORLY_REQUIRE_POSTGRES=1`` (CI sets it) makes that a failure."""
    import throwaway_postgres

    try:
        import psycopg  # noqa: F401

        return throwaway_postgres.Server().start()
    except (ImportError, throwaway_postgres.Missing) as exc:
        reason = (
            f"PostgreSQL tests need a server and psycopg ({exc}); `make test` installs"
            " psycopg, and Debian's postgresql package brings the server"
        )
        if os.environ.get("NEIGHBORLY_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"the PostgreSQL tests must run here: {reason}")
        pytest.skip(reason)


class StorePlace:
    """Where a test keeps a store: a SQLite file or a PostgreSQL database of its own,
    and hand edits to its rows (SQL with ``?`` placeholders, run outside the store)."""

    def __init__(self, kind: str, target: str) -> None:
        self.kind, self.target = kind, target

    def edit(self, sql: str, *values: object) -> None:
        if self.kind == "sqlite":
            db = sqlite3.connect(self.target)
            with db:
                db.execute(sql, values)
            db.close()
        else:
            import psycopg

            with psycopg.connect(self.target) as db:
                if values:
                    db.execute(sql.replace("?", "%s"), values)
                else:  # as written: a function's body may hold '%'
                    db.execute(sql)

    def settle(self, own: int = 1, timeout: float = 30.0) -> None:
        """Wait until the server has finished with every client killed mid-run.

        A client killed while its last statement runs leaves that statement to the
        server, which commits or rolls it back a moment later; only then do two
        reads agree.  SQLite has no server: a killed writer's transaction is rolled
        back by the next reader.  ``own`` is how many sessions of this test stay
        open."""
        if self.kind == "sqlite":
            return
        import time

        import psycopg

        deadline = time.monotonic() + timeout
        with psycopg.connect(self.target, autocommit=True) as db:
            while True:
                row = db.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchone()
                if (row is not None and row[0] <= own) or time.monotonic() > deadline:
                    return
                time.sleep(0.01)
