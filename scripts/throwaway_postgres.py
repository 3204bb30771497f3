"""A throwaway PostgreSQL server for the tests and benchmarks of ``neighborly.store``.

:func:`running` starts a server in a temporary folder (``initdb`` with trust
authentication, a unix socket in that folder and no TCP port) and stops it and
removes the folder when its block ends.  The tests start one for the session
(``tests/conftest.py``) and one of their own for the test that stops it mid-run;
``benchmarks/store.py`` starts one for its run.

The server's programs are found through ``NEIGHBORLY_POSTGRES_BIN`` (a folder), then
``pg_config --bindir``, then Debian's ``/usr/lib/postgresql/<version>/bin``.  The
server runs with its default durability settings.  PostgreSQL refuses to run as
root, so a root caller runs it as the ``postgres`` user (Debian's package makes
one) or else ``nobody``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Missing", "Server", "binaries"]


class Missing(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def binaries() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    named = os.environ.get("NEIGHBORLY_POSTGRES_BIN")
    candidates = [Path(named)] if named else []
    config = shutil.which("pg_config")
    if config is not None:
        found = subprocess.run([config, "--bindir"], capture_output=True, text=True, check=False)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(debian)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    msg = (
        "no PostgreSQL server programs (initdb, pg_ctl) found: install them (Debian:"
        " apt-get install postgresql) or name their folder in NEIGHBORLY_POSTGRES_BIN"
    )
    raise Missing(msg)


def _runner() -> dict[str, int]:
    """The user to run the server as: ourselves, unless we are root."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return {"user": entry.pw_uid, "group": entry.pw_gid}
    msg = "running as root, and no postgres or nobody user to run the server as"
    raise Missing(msg)


class Server:
    """A PostgreSQL server in a temporary folder, from :meth:`start` to :meth:`stop`."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.runner = _runner()
        self.folder = Path(tempfile.mkdtemp(prefix="neighborly-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        if self.runner:
            os.chown(self.folder, self.runner["user"], self.runner["group"])
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--auth",
            "trust",
            "--username",
            "postgres",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
        )

    @property
    def url(self) -> str:
        """The server's ``postgres`` database, as a URL psycopg connects to."""
        return self.url_of("postgres")

    def url_of(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [str(self.bin / program), *args],
            capture_output=True,
            text=True,
            cwd=self.folder,
            check=False,
            **self.runner,  # type: ignore[arg-type]
        )
        if done.returncode != 0:
            msg = f"{program} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            raise RuntimeError(msg)

    def start(self) -> Server:
        """Start the server and wait until it takes connections."""
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.folder}'"
        self._run(
            "pg_ctl", "start", "--pgdata", str(self.data), "--log", str(self.log),
            "--options", options, "--wait", "--timeout", "60",
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``mode="immediate"`` stops it as a crash would (no
        checkpoint: the next start recovers from the write-ahead log)."""
        self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--mode", mode, "--wait")

    def remove(self) -> None:
        """Stop the server if it runs, and remove its folder."""
        with contextlib.suppress(RuntimeError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(f'create database "{name}"')
        return self.url_of(name)


@contextlib.contextmanager
def running() -> Iterator[Server]:
    """A started server, removed when the block ends."""
    server = Server()
    try:
        yield server.start()
    finally:
        server.remove()
