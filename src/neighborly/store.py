"""A durable store: points books and community documents kept in a database, safe
under concurrent writers.

An in-memory :class:`~neighborly.points.Ledger` keeps its promises (append-only,
idempotency keys, no holder below zero, budgets, catalogue stock, the hash chain)
inside one process. A back end with several workers keeps its books here instead::

    from neighborly.store import open_store

    with open_store("points.db") as store:  # SQLite: a file path is all it needs
        book = store.open_book("2026", accounts, catalogue)
        entry = book.post(posting)  # one transaction: judged, recorded, chained

The same store is kept on PostgreSQL with the ``postgres`` extra (psycopg 3):
``open_store("postgresql://app@db.internal/points")``.  Both back ends pass the
same tests.

Every post is judged by :func:`~neighborly.points.judge` against the book's rows,
so the errors are the in-memory ledger's (``Refused`` with its rule and figures,
``Conflict`` for a key reused with other content; the same key with the same
content returns the original entry), and is recorded in one transaction that
holds the book's lock, moves the balances and the stock, and extends the hash
chain, so the chain is extended in commit order.  Reading a book back gives the
:class:`~neighborly.points.Book` the in-memory ledger would hold after posting the
committed entries in that order.

PostgreSQL does not hold the lock while Python judges: the posting is written by
one statement, a function that takes the book's lock, holds the limits that read
rows (the source's floor and the item's stock, passed from the book's accounts and
catalogue; one entry a key and one reversal an entry are unique keys), writes the
entry and links it on the server.  A posting that passes the rules that read no
rows is written at once; one the function refuses is judged against rows read in
one statement and written again, and after a few refusals takes the lock before
reading.  SQLite takes its write lock (``begin immediate``) and then reads, judges
and writes.

Why one lock for the whole book rather than one per account: every entry links to
the chain before it, so entries are appended one after another whatever accounts
they touch, and an issuer's budget is moved by nearly every post anyway.  On
PostgreSQL the lock is an advisory lock keyed by the book, so books are written in
parallel and a book's posts queue for their turn, each holding it for one
statement and its commit; SQLite has one writer per database file, so the books
of one file wait for each other too: keep books written at once in files of their
own.

Community documents are kept with a version number: :meth:`Store.save` takes the
version the edit started from and refuses (``Conflict``) when someone saved in
between, so two staff editing at once cannot lose an edit; every version is kept
and :meth:`Store.load` reads any of them.

The schema is versioned: :meth:`Store.migrate` (and opening a store) brings a
database to :data:`SCHEMA_VERSION` and is safe to run again.

A lost connection or a server that stops raises the driver's own error
(``sqlite3.OperationalError``, ``psycopg.OperationalError``); the post in flight
may or may not have been committed, so post it again with the same key: a repeat
returns the entry recorded first and records nothing.  The next call on the store
connects again.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar

from neighborly.community import Community
from neighborly.errors import Conflict, InvalidInput, MissingExtra, NotFound, Problem, Refused
from neighborly.points import (
    EMPTY_CHAIN,
    MAX_POINTS,
    Account,
    Book,
    Effect,
    Entry,
    Item,
    Posting,
    balances_of,
    floor_of,
    head_of,
    judge,
    link,
    register_of,
    verify_chain,
)
from neighborly.serialization import book_lines, dumps, loads, structure
from neighborly.text import Text
from neighborly.verdicts import Reason, Report, Verdict

__all__ = ["SCHEMA_VERSION", "Store", "StoredBook", "open_store"]

# Each migration takes the schema from the version before it to its own number.  The
# scripts name their column types by role, which each back end spells its own way
# ({integer}: a 64-bit integer, {blob}: bytes).
_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        create table books (
            id text primary key,
            accounts text not null,      -- JSON, as the Book holds them
            catalogue text not null,     -- JSON
            entries {integer} not null default 0,
            register {blob} not null,    -- points.register_of(accounts, catalogue) as made
            tip {blob} not null,         -- the chain's last link (points.link)
            prev {blob}                  -- the link before it
        );
        create table balances (
            book text not null references books (id),
            account text not null,
            balance {integer} not null,
            primary key (book, account)
        );
        create table stock (
            book text not null references books (id),
            item text not null,
            taken {integer} not null,
            primary key (book, item)
        );
        create table entries (
            book text not null references books (id),
            seq {integer} not null,
            key text not null,
            posting text not null,       -- JSON
            prev {blob} not null,        -- the chain before this entry
            reverses text,               -- the key of the posting it reverses
            reversed_by text,
            primary key (book, seq),
            unique (book, key),
            unique (book, reverses)
        );
        """,
    ),
    (
        2,
        """
        create table documents (
            name text not null,
            version {integer} not null,
            body {blob} not null,        -- the community as JSON, personal data included
            chain {blob} not null,       -- SHA-256 of the version before's chain and this body
            primary key (name, version)
        );
        """,
    ),
)
SCHEMA_VERSION = _MIGRATIONS[-1][0]
"""The schema this version of neighborly writes."""

# What PostgreSQL adds after a migration of that number: a post's writes as one
# function, which takes the book's lock first, holds the limits the post was judged
# by (the source's floor and the item's stock, from the book's accounts and
# catalogue; one entry a key and one reversal an entry are unique keys), and
# extends the chain on the server.  A limit broken raises check_violation.
_POSTGRESQL: Mapping[int, str] = {
    1: """
    create function neighborly_record(
        p_book text, p_key text, p_posting text, p_canonical bytea, p_reverses text,
        p_source text, p_target text, p_points bigint, p_floor bigint,
        p_item text, p_taken bigint, p_stock bigint
    ) returns table (entry_seq bigint, entry_prev bytea) language plpgsql as $body$
    declare
        v_seq bigint;
        v_prev bytea;
        v_left bigint;
    begin
        perform pg_advisory_xact_lock(hashtextextended(p_book, 0));
        update books set entries = entries + 1, prev = tip, tip = sha256(tip || p_canonical)
            where id = p_book returning books.entries - 1, books.prev into v_seq, v_prev;
        insert into entries (book, seq, key, posting, prev, reverses)
            values (p_book, v_seq, p_key, p_posting, v_prev, p_reverses);
        update balances set balance = balance - p_points
            where book = p_book and account = p_source returning balance into v_left;
        if v_left < p_floor then
            raise exception 'the balance of % would fall below %', p_source, p_floor
                using errcode = 'check_violation';
        end if;
        update balances set balance = balance + p_points
            where book = p_book and account = p_target;
        if p_item is not null then
            update stock set taken = taken + p_taken
                where book = p_book and item = p_item returning taken into v_left;
            if v_left > p_stock then
                raise exception 'more of % taken than its stock of %', p_item, p_stock
                    using errcode = 'check_violation';
            end if;
        end if;
        if p_reverses is not null then
            update entries set reversed_by = p_key where book = p_book and key = p_reverses;
        end if;
        return query select v_seq, v_prev;
    end
    $body$;
    """
}

_KEPT = "kept in the community's own store, as its file would be"


@contextlib.contextmanager
def _transaction(db: _Connection, begin: str) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when it raises
    (the error raised is the block's, even when the connection is gone too)."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            db.execute("rollback")
        raise
    db.execute("commit")


class _Backend:
    """What differs between the databases: connecting, the SQL each speaks, and how a
    post takes a book's lock."""

    types: ClassVar[Mapping[str, str]]
    write = "begin"  # a transaction that will write
    snapshot = "begin"  # a transaction that reads one snapshot
    lock = "select entries from books where id = ?"  # a locked post's first statement
    locks_first = True  # every post takes the lock first

    def __init__(self, target: str) -> None:
        self.target = target

    def connect(self) -> Any:
        raise NotImplementedError

    def alive(self, _db: Any) -> bool:
        return True

    def sql(self, text: str) -> str:
        return text

    def serialize_migrations(self, db: _Connection) -> None:
        """Make concurrent migrations wait for each other (inside the transaction)."""

    def run_script(self, db: _Connection, script: str) -> None:
        """Run a migration's statements (SQLite: one at a time)."""
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)

    def run_extra(self, db: _Connection, number: int) -> None:
        """What this back end adds after migration ``number``."""

    def record(
        self,
        db: _Connection,
        book: str,
        posting: Posting,
        *,
        text: str,
        effect: Effect,
        head: tuple[int, bytes] | None,
        limits: tuple[int | None, int | None],  # noqa: ARG002 - judged under the lock
    ) -> tuple[int, bytes]:
        """Record a judged posting (its JSON ``text``) inside the caller's transaction,
        which holds the book's lock and read its ``head`` (entries and tip): insert
        its entry, apply its ``effect`` to the balances, the stock and the entry it
        reverses, and extend the chain.  Its ``seq`` and ``prev``.  ``limits`` (the
        source's floor and the item's stock) are for a back end that records
        without the caller having judged under the lock."""
        if head is None:  # pragma: no cover - the caller read it under the lock
            raise NotFound("book", book)
        seq, prev = head
        db.execute(
            "update books set entries = ?, prev = tip, tip = ? where id = ?",
            (seq + 1, link(prev, posting.canonical), book),
        )
        db.execute(
            "insert into entries (book, seq, key, posting, prev, reverses)"
            " values (?, ?, ?, ?, ?, ?)",
            (book, seq, posting.key, text, prev, effect.reverses),
        )
        db.execute(  # both balances in one statement
            "update balances set balance = balance + case account when ? then -? else ? end"
            " where book = ? and account in (?, ?)",
            (effect.source, effect.points, effect.points, book, effect.source, effect.target),
        )
        if effect.item is not None:
            db.execute(
                "update stock set taken = taken + ? where book = ? and item = ?",
                (effect.taken, book, effect.item),
            )
        if effect.reverses is not None:
            db.execute(
                "update entries set reversed_by = ? where book = ? and key = ?",
                (posting.key, book, effect.reverses),
            )
        return seq, prev

    def moved_on(self, _exc: BaseException) -> bool:
        """Whether ``exc`` says the rows changed between a post's read and its write (a
        limit's constraint or a unique key), so judging it again may go otherwise."""
        return False

    def duplicate(self, exc: BaseException) -> bool:
        """Whether ``exc`` is a unique key's violation."""
        return isinstance(exc, sqlite3.IntegrityError)

    def invalid(self, _exc: BaseException) -> InvalidInput | None:
        """The :class:`InvalidInput` a failure to open the store stands for, if any."""
        return None


class _SQLite(_Backend):
    types: ClassVar[Mapping[str, str]] = {"integer": "integer", "blob": "blob"}
    write = "begin immediate"  # the file's write lock, before the first read

    def connect(self) -> Any:
        # each thread uses its own connection; another thread only closes it
        db = sqlite3.connect(self.target, isolation_level=None, timeout=60, check_same_thread=False)
        db.execute("pragma journal_mode = wal")
        db.execute("pragma synchronous = full")
        db.execute("pragma foreign_keys = on")
        return db

    def invalid(self, exc: BaseException) -> InvalidInput | None:
        if isinstance(exc, sqlite3.DatabaseError):  # not a database, or not one to open
            return _not_a_store(self.target, Text("a SQLite database", "SQLite 数据库"), exc)
        return None


class _PostgreSQL(_Backend):
    types: ClassVar[Mapping[str, str]] = {"integer": "bigint", "blob": "bytea"}
    snapshot = "begin isolation level repeatable read, read only"
    # the book's lock, which every post of the book takes first (the function too)
    lock = "select pg_advisory_xact_lock(hashtextextended(?, 0))"
    locks_first = False

    def __init__(self, target: str) -> None:
        super().__init__(target)
        try:
            import psycopg
        except ImportError as exc:
            msg = (
                "a store on PostgreSQL needs the postgres extra: pip install 'neighborly[postgres]'"
            )
            raise MissingExtra(msg) from exc
        self.psycopg = psycopg

    def connect(self) -> Any:
        return self.psycopg.connect(self.target, autocommit=True)

    def alive(self, db: Any) -> bool:
        return not (db.closed or db.broken)

    def sql(self, text: str) -> str:
        return _pyformat(text)

    def serialize_migrations(self, db: _Connection) -> None:
        # a lock held to the end of the transaction, keyed by a constant of ours
        db.execute("select pg_advisory_xact_lock(1851941996)")

    def run_script(self, db: _Connection, script: str) -> None:
        db.execute(script)  # all at once: a function's body holds semicolons

    def run_extra(self, db: _Connection, number: int) -> None:
        extra = _POSTGRESQL.get(number)
        if extra is not None:
            db.execute(extra)

    def record(
        self,
        db: _Connection,
        book: str,
        posting: Posting,
        *,
        text: str,
        effect: Effect,
        head: tuple[int, bytes] | None,  # noqa: ARG002 - the server reads the head under its lock
        limits: tuple[int | None, int | None],
    ) -> tuple[int, bytes]:
        # One statement, its own transaction unless the caller holds one: the
        # function takes the book's lock first, so the chain is extended in commit
        # order, on the server, and holds the limits under that lock.
        floor, stock = limits
        seq, prev = db.execute(
            "select entry_seq, entry_prev"
            " from neighborly_record(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *(book, posting.key, text, posting.canonical, effect.reverses),
                *(effect.source, effect.target, effect.points, floor),
                *(effect.item, effect.taken, stock),
            ),
        ).fetchone()
        return int(seq), bytes(prev)

    def moved_on(self, exc: BaseException) -> bool:
        return isinstance(exc, self.psycopg.IntegrityError)

    def duplicate(self, exc: BaseException) -> bool:
        return isinstance(exc, self.psycopg.errors.UniqueViolation)

    def invalid(self, exc: BaseException) -> InvalidInput | None:
        if isinstance(exc, self.psycopg.ProgrammingError):  # e.g. a table named as ours
            return _not_a_store(
                _shown(self.target), Text("a neighborly store", "neighborly 存储库"), exc
            )
        return None


@functools.lru_cache(maxsize=128)
def _pyformat(text: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (our SQL has no other ``?`` or ``%``)."""
    return text.replace("?", "%s")


class _Connection:
    """A connection that takes our SQL (``?`` placeholders) on either back end."""

    def __init__(self, backend: _Backend, raw: Any) -> None:
        self.raw, self._sql = raw, backend.sql
        self.closed = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if not params:  # no placeholders: PostgreSQL takes a script of several statements
            return self.raw.execute(sql)
        return self.raw.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.raw.cursor().executemany(self._sql(sql), rows)


def _backend(target: str | os.PathLike[str]) -> _Backend:
    text = os.fspath(target)
    scheme = text.partition("://")[0] if "://" in text else ""
    if scheme in ("postgresql", "postgres"):
        return _PostgreSQL(text)
    if scheme == "sqlite" and text.startswith("sqlite:///"):
        return _SQLite(text.removeprefix("sqlite:///"))
    if scheme:
        msg = f"a SQLite path, a sqlite:/// URL or a postgresql:// URL, not {_shown(text)!r}"
        raise ValueError(msg)
    return _SQLite(text)


def _shown(target: str) -> str:
    """``target`` as it may be printed: a URL's password masked."""
    if "://" not in target:
        return target
    parts = urllib.parse.urlsplit(target)
    if parts.password is None:
        return target
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def open_store(target: str | os.PathLike[str]) -> Store:
    """The store at ``target``, created and brought to :data:`SCHEMA_VERSION` if need
    be: a SQLite database (a path, or ``sqlite:///path``) or a PostgreSQL database
    (``postgresql://user@host/database``, any URL psycopg takes; the database must
    exist and its user may create tables in it).

    Raises ``ValueError`` for a target that is none of these;
    :class:`~neighborly.errors.MissingExtra` for PostgreSQL without the ``postgres``
    extra; :class:`~neighborly.errors.InvalidInput` for a file that is not a SQLite
    database, a database whose tables of ours are not ours (path ``$``) or whose
    schema is newer than this neighborly's (path ``$.schema``); and the driver's
    ``OperationalError`` for a database it cannot reach."""
    return Store(target)


class Store:
    """Books of points and community documents in one database.  SQLite: WAL mode,
    full synchronous writes.  PostgreSQL: the server's own durability settings,
    read committed, a post holding its book's lock for one statement.  Threads may share a store:
    each thread gets a connection of its own, and :meth:`close` closes them all."""

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self._backend = _backend(target)
        self.target = _shown(self._backend.target)
        """Where the store is: the SQLite file, or the URL with its password masked."""
        self._local = threading.local()  # each thread's connection
        self._connections: list[_Connection] = []  # every thread's, to close
        self._connections_lock = threading.Lock()
        try:
            self.migrate()
        except BaseException as exc:
            self.close()
            invalid = self._backend.invalid(exc)
            if invalid is not None:
                raise invalid from None
            raise

    # -- connections and transactions ------------------------------------------------

    def _db(self) -> _Connection:
        db: _Connection | None = getattr(self._local, "db", None)
        if db is None or db.closed or not self._backend.alive(db.raw):
            if db is not None:  # closed, or dropped by the server: connect again
                self._forget(db)
            db = _Connection(self._backend, self._backend.connect())
            with self._connections_lock:
                self._connections.append(db)
            self._local.db = db
        return db

    def _forget(self, db: _Connection) -> None:
        with self._connections_lock:
            if db in self._connections:
                self._connections.remove(db)
        db.closed = True
        with contextlib.suppress(Exception):
            db.raw.close()

    def close(self) -> None:
        """Close every connection the store opened, in every thread (call it when no
        thread is using the store); the store connects again if used after."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for db in connections:
            db.closed = True
            db.raw.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def migrate(self) -> int:
        """Bring the database to :data:`SCHEMA_VERSION` in one transaction (the steps
        already applied are skipped, so running it again changes nothing, and
        stores migrating at once wait for each other); the version it is at."""
        db = self._db()
        with _transaction(db, self._backend.write):
            self._backend.serialize_migrations(db)
            db.execute("create table if not exists neighborly_schema (version integer not null)")
            row = db.execute("select max(version) from neighborly_schema").fetchone()
            version = row[0] or 0
            if version > SCHEMA_VERSION:
                raise _too_new(version)
            for number, script in _MIGRATIONS:
                if number > version:
                    self._backend.run_script(db, script.format_map(self._backend.types))
                    self._backend.run_extra(db, number)
                    db.execute("insert into neighborly_schema values (?)", (number,))
                    version = number
        return version

    # -- books -----------------------------------------------------------------------

    def open_book(
        self, book_id: str, accounts: Iterable[Account] = (), catalogue: Iterable[Item] = ()
    ) -> StoredBook:
        """The book ``book_id``, made with ``accounts`` and ``catalogue`` if the store
        has none of that id; a book already kept must have been made with the same
        ones (:class:`~neighborly.errors.Conflict` otherwise)."""
        book = Book(tuple(accounts), tuple(catalogue))  # the same checks as in memory
        accounts_json = _json(book.accounts)
        catalogue_json = _json(book.catalogue)
        db = self._db()
        with _transaction(db, self._backend.write):
            select = "select accounts, catalogue from books where id = ?"
            row = db.execute(select, (book_id,)).fetchone()
            if row is None:
                made = db.execute(
                    "insert into books (id, accounts, catalogue, register, tip)"
                    " values (?, ?, ?, ?, ?) on conflict (id) do nothing",
                    (
                        book_id,
                        accounts_json,
                        catalogue_json,
                        register_of(book.accounts, book.catalogue),
                        EMPTY_CHAIN,
                    ),
                )
                if made.rowcount == 1:
                    db.executemany(
                        "insert into balances (book, account, balance) values (?, ?, 0)",
                        [(book_id, a.id) for a in book.accounts],
                    )
                    db.executemany(
                        "insert into stock (book, item, taken) values (?, ?, 0)",
                        [(book_id, i.id) for i in book.catalogue],
                    )
                else:  # made by another store since we looked (PostgreSQL: it has committed)
                    row = db.execute(select, (book_id,)).fetchone()
            if row is not None and tuple(row) != (accounts_json, catalogue_json):
                raise Conflict("book", book_id, "kept with other accounts or catalogue")
        return StoredBook(self, book_id, book.accounts, book.catalogue)

    def book_ids(self) -> list[str]:
        """The ids of the books kept, in order."""
        return [r[0] for r in self._db().execute("select id from books order by id")]

    def book(self, book_id: str) -> Book:
        """The book ``book_id`` as stored: its accounts, catalogue, entries and head as
        the rows hold them, read in one snapshot.  :func:`~neighborly.points.verify_chain`
        over it names any row edited by hand: an entry changed, dropped or moved, or an
        account or item changed since the book was made."""
        db = self._db()
        with _transaction(db, self._backend.snapshot):  # the book and its entries as of one moment
            return self._book(db, book_id)

    def _book(self, db: _Connection, book_id: str) -> Book:
        """The book as the rows hold it, read in the caller's snapshot."""
        accounts, catalogue, head = _header(db, book_id)
        entries = tuple(
            _entry(*row)
            for row in db.execute(
                "select seq, posting, prev from entries where book = ? order by seq", (book_id,)
            )
        )
        return Book(accounts, catalogue, entries, head)

    def book_lines(self, book_id: str, *, batch: int = 1_000) -> Iterator[bytes]:
        """The book ``book_id`` as stored, as the JSON Lines
        :func:`~neighborly.serialization.book_lines` writes (accounts and catalogue,
        one entry a line, the head; :func:`~neighborly.serialization.load_book_lines`
        reads them back), read in one snapshot on a connection of its own, ``batch``
        entries at a time: a book of millions of entries is written out in bounded
        memory, while the store goes on posting."""
        if batch < 1:
            msg = f"batch must be at least 1, not {batch}"
            raise ValueError(msg)
        db = _Connection(self._backend, self._backend.connect())
        try:
            with _transaction(db, self._backend.snapshot):
                accounts, catalogue, head = _header(db, book_id)
                yield next(book_lines(Book(accounts, catalogue)))
                last = -1
                while True:
                    rows = db.execute(
                        "select seq, posting, prev from entries"
                        " where book = ? and seq > ? order by seq limit ?",
                        (book_id, last, batch),
                    ).fetchall()
                    if not rows:
                        break
                    for row in rows:
                        yield dumps(_entry(*row)) + b"\n"
                    last = rows[-1][0]
                yield dumps({"head": head}) + b"\n"
        finally:
            db.raw.close()

    def verify(self, book_id: str) -> Report:
        """The book ``book_id`` checked as stored: ``points.chain``
        (:func:`~neighborly.points.verify_chain` over :meth:`book`: an entry, an
        account or an item edited, dropped or moved) and ``store.rows``: the rows
        the store keeps beside the entries (each account's balance, each item's
        stock taken, which entry reversed which) are what the entries add up to.
        Names each row that differs, such as a balance edited by hand."""
        db = self._db()
        with _transaction(db, self._backend.snapshot):  # the entries and rows of one moment
            book = self._book(db, book_id)
            stored_balances = dict(
                db.execute("select account, balance from balances where book = ?", (book_id,))
            )
            stored_taken = dict(
                db.execute("select item, taken from stock where book = ?", (book_id,))
            )
            stored_reversals = dict(
                db.execute(
                    "select key, reversed_by from entries"
                    " where book = ? and reversed_by is not null",
                    (book_id,),
                )
            )
        postings = [entry.posting for entry in book.entries]
        balances = dict.fromkeys((a.id for a in book.accounts), 0)
        balances.update(balances_of(postings))
        taken = dict.fromkeys((i.id for i in book.catalogue), 0)
        by_key = {p.key: p for p in postings}
        reversed_by: dict[str, str] = {}
        for posting in postings:
            if posting.item is not None and posting.item in taken:
                taken[posting.item] += posting.quantity or 0
            original = None if posting.reverses is None else by_key.get(posting.reverses)
            if original is not None:
                reversed_by[original.key] = posting.key
                if original.item is not None and original.item in taken:
                    taken[original.item] -= original.quantity or 0
        problems = [
            *_differences("balances", "account", "balance", balances, stored_balances),
            *_differences("stock", "item", "taken", taken, stored_taken),
            *_differences("entries", "key", "reversed_by", reversed_by, stored_reversals),
        ]
        rows = Verdict.from_reasons(
            "store.rows",
            Text(
                "The stored balances and stock add up from the entries",
                "存储的余额与库存与记录相符",
            ),
            problems,
            Reason(
                "$",
                Text(
                    f"{len(balances)} balances, {len(taken)} items and {len(reversed_by)}"
                    f" reversals as the {len(postings)} entries add up",
                    f"{len(balances)} 个余额、{len(taken)} 种物品和 {len(reversed_by)} 笔冲正"
                    f"与 {len(postings)} 条记录相符",
                ),
            ),
        )
        return Report((verify_chain(book), rows))

    # -- community documents ----------------------------------------------------------

    def save(self, name: str, community: Community, expected_version: int) -> int:
        """Keep ``community`` as the next version of the document ``name`` and return
        that version (1 for a new document, whose ``expected_version`` is 0).
        :class:`~neighborly.errors.Conflict` when the document is not at
        ``expected_version`` (someone saved in between): load it again, apply the
        edit, and save once more.  Every version is kept; personal data is kept too,
        as in the file the store stands in for."""
        body = dumps(community, personal_data=True, purpose=_KEPT)
        db = self._db()
        try:
            with _transaction(db, self._backend.write):
                current, chain = self._version(db, name)
                if current == expected_version:
                    db.execute(
                        "insert into documents (name, version, body, chain) values (?, ?, ?, ?)",
                        (name, current + 1, body, link(chain, body)),
                    )
        except Exception as exc:
            if not self._backend.duplicate(exc):
                raise
            current, _ = self._version(db, name)  # a writer that read the same version won
        if current != expected_version:
            raise Conflict(
                "document", name, f"at version {current}, not {expected_version} as expected"
            )
        return current + 1

    def _version(self, db: _Connection, name: str) -> tuple[int, bytes]:
        """The document's latest version and its chain (0 and the empty chain: none)."""
        row = db.execute(
            "select version, chain from documents where name = ? order by version desc limit 1",
            (name,),
        ).fetchone()
        return (0, EMPTY_CHAIN) if row is None else (int(row[0]), bytes(row[1]))

    def load(self, name: str, version: int | None = None) -> tuple[Community, int]:
        """The document ``name`` at ``version`` (the latest when None), and its version;
        :class:`~neighborly.errors.NotFound` if there is none."""
        db = self._db()
        if version is None:
            row = db.execute(
                "select body, version from documents where name = ? order by version desc limit 1",
                (name,),
            ).fetchone()
        else:
            row = db.execute(
                "select body, version from documents where name = ? and version = ?",
                (name, version),
            ).fetchone()
        if row is None:
            raise NotFound("document", name if version is None else f"{name} v{version}")
        return loads(bytes(row[0]), Community, format="json"), int(row[1])

    def versions(self, name: str) -> list[int]:
        """The versions of the document ``name`` kept, oldest first."""
        return [
            int(r[0])
            for r in self._db().execute(
                "select version from documents where name = ? order by version", (name,)
            )
        ]

    def verify_document(self, name: str) -> Verdict:
        """``store.document``: every version of the document ``name`` is kept,
        numbered from 1 without a gap, and its stored chain covers its body and every
        version before it.  Names the first version deleted, inserted or edited by
        hand (path ``$.versions[i]``); :class:`~neighborly.errors.NotFound` if there
        is no such document.  Reads one version's body at a time."""
        db = self._db()
        numbers = self.versions(name)
        if not numbers:
            raise NotFound("document", name)
        chain, problems = EMPTY_CHAIN, []
        for i, number in enumerate(numbers):
            if number != i + 1:
                problems.append(
                    Reason(
                        f"$.versions[{i}]",
                        Text(
                            f"version {i + 1} is numbered {number}:"
                            " a version was deleted or renumbered",
                            f"第 {i + 1} 个版本编号为 {number}：有版本被删除或改号",
                        ),
                        str(i + 1),
                        str(number),
                    )
                )
                break
            body, stored = db.execute(
                "select body, chain from documents where name = ? and version = ?",
                (name, number),
            ).fetchone()
            chain = link(chain, bytes(body))
            if bytes(stored) != chain:
                problems.append(
                    Reason(
                        f"$.versions[{i}]",
                        Text(
                            f"version {number} does not carry the chain of its body and the"
                            f" versions before it: one of versions 1..{number} was edited",
                            f"版本 {number} 的哈希链不符：第 1 至 {number} 个版本中有版本被修改",
                        ),
                        chain.hex(),
                        bytes(stored).hex(),
                    )
                )
                break
        return Verdict.from_reasons(
            "store.document",
            Text("Every version of the document is as saved", "文档的每个版本都与保存时一致"),
            problems,
            Reason(
                "$.versions",
                Text(
                    f"{len(numbers)} versions, chain intact",
                    f"共 {len(numbers)} 个版本，哈希链完整",
                ),
            ),
        )


# Everything judging a posting reads, in one statement (one snapshot): the book's
# entries and tip (tag 0), the source's balance (1), the stock taken of the item (2),
# and the entries of the posting's key (3) and of the key it reverses (4).
_READ = """
    select 0, entries, tip, null, null, null from books where id = ?
    union all
    select 1, balance, null, null, null, null from balances where book = ? and account = ?
    union all
    select 2, taken, null, null, null, null from stock where book = ? and item = ?
    union all
    select 3, seq, prev, key, posting, reversed_by from entries where book = ? and key = ?
    union all
    select 4, seq, prev, key, posting, reversed_by from entries where book = ? and key = ?
"""
_OPTIMISTIC = 4  # PostgreSQL: tries without the book's lock before one with it


class _Blind:
    """The state a posting is judged against before any row is read: its key new, no
    reversal recorded, no stock taken, and every balance far from its floor.  What
    passes here passes every rule that reads no rows; the function that writes it
    holds the others."""

    def __init__(self, book: StoredBook) -> None:
        self.book = book

    def account_of(self, account_id: str) -> Account | None:
        return self.book._accounts.get(account_id)

    def item_of(self, item_id: str) -> Item | None:
        return self.book._items.get(item_id)

    def balance_of(self, _account_id: str) -> int:
        return 2 * MAX_POINTS

    def taken_of(self, _item_id: str) -> int:
        return 0

    def posting_of(self, _key: str) -> Posting | None:
        return None

    def reversal_of(self, _key: str) -> str | None:
        return None


class _Read(_Blind):
    """What :func:`~neighborly.points.judge` reads for one posting, as one statement
    read it: the source's balance, the stock taken of its item, and the entries of
    its key and of the key it reverses (anything else judge asked for would be read
    from the rows when asked; it asks for nothing else)."""

    def __init__(self, book: StoredBook, db: _Connection, posting: Posting) -> None:
        super().__init__(book)
        self.db = db
        head: tuple[int, bytes] | None = None
        self.balances: dict[str, int] = {}
        self.taken: dict[str, int] = {}
        self.keys: dict[str, tuple[Any, ...] | None] = {posting.key: None}
        if posting.reverses is not None:
            self.keys[posting.reverses] = None
        book_id, key = book.id, posting.key
        rows = db.execute(
            _READ,
            (
                *(book_id,),
                *(book_id, posting.source),
                *(book_id, posting.item),
                *(book_id, key),
                *(book_id, posting.reverses),
            ),
        )
        for tag, number, blob, *row in rows:
            if tag == 0:
                head = (int(number), bytes(blob))
            elif tag == 1:
                self.balances[posting.source] = int(number)
            elif tag == 2 and posting.item is not None:
                self.taken[posting.item] = int(number)
            else:
                self.keys[row[0]] = (int(number), bytes(blob), *row)
        if head is None:
            raise NotFound("book", book_id)
        self.head = head

    def balance_of(self, account_id: str) -> int:
        if account_id not in self.balances:
            self.balances[account_id] = self.book._balance(self.db, account_id)
        return self.balances[account_id]

    def taken_of(self, item_id: str) -> int:
        if item_id not in self.taken:
            self.taken[item_id] = self.book._taken(self.db, item_id)
        return self.taken[item_id]

    def _row(self, key: str) -> tuple[Any, ...] | None:
        if key not in self.keys:
            found = self.db.execute(
                "select seq, prev, key, posting, reversed_by from entries"
                " where book = ? and key = ?",
                (self.book.id, key),
            ).fetchone()
            self.keys[key] = None if found is None else (int(found[0]), bytes(found[1]), *found[2:])
        return self.keys[key]

    def posting_of(self, key: str) -> Posting | None:
        row = self._row(key)
        return None if row is None else _posting(row[3])

    def reversal_of(self, key: str) -> str | None:
        row = self._row(key)
        return None if row is None else row[4]

    def entry_of(self, key: str) -> Entry:
        row = self._row(key)
        if row is None:
            raise NotFound("posting", key)
        return _entry(row[0], row[3], row[1])


def _judged_blind(posting: Posting, book: StoredBook) -> Effect | None:
    """The posting's effect if it passes every rule that reads no rows; None if it
    fails one, which judging against the rows then explains."""
    try:
        return judge(posting, _Blind(book))
    except (Conflict, Refused):
        return None


class StoredBook:
    """One book of a :class:`Store`: post to it and read it as a ledger is."""

    def __init__(
        self, store: Store, book_id: str, accounts: tuple[Account, ...], catalogue: tuple[Item, ...]
    ) -> None:
        self.store, self.id = store, book_id
        self.accounts, self.catalogue = accounts, catalogue
        self._accounts = {a.id: a for a in accounts}
        self._items = {i.id: i for i in catalogue}

    def post(self, posting: Posting) -> Entry:
        """Record ``posting`` in one transaction and return its entry; the same key with
        the same content again returns the original entry.  Raises
        :class:`~neighborly.errors.Conflict` or :class:`~neighborly.errors.Refused`
        as :meth:`Ledger.post <neighborly.points.Ledger.post>` does, recording
        nothing."""
        return self._post_one(posting)[0]

    def post_all(self, postings: Iterable[Posting]) -> int:
        """Record many postings, each in a transaction of its own, in order; how many
        were new.  Stops at the first refusal or conflict, which it raises: the
        postings before it stay recorded."""
        return sum(self._post_one(posting)[1] for posting in postings)

    def _post_one(self, posting: Posting) -> tuple[Entry, bool]:
        """Judge the posting against the rows and record it.

        On SQLite, inside one transaction holding the database's write lock.  On
        PostgreSQL, without holding a lock while judging: one statement, its own
        transaction, records the posting, taking the book's lock first, holding the
        limits that read rows (the source's floor and the item's stock, one entry
        a key, one reversal an entry) and extending the chain on the server.  A
        posting that passes every rule that reads no rows is recorded at once; if
        the statement refuses it (another post came first, or it was never going
        to pass), or it is a reversal, or it fails a rule, it is judged against the
        rows read in one statement, so every answer is the one judging in commit
        order gives.  After a few refused tries, the post takes the book's lock
        before reading, and then nothing can come between."""
        store, backend = self.store, self.store._backend
        text = _json(posting)  # made before any lock is taken
        if not backend.locks_first and _OPTIMISTIC and posting.reverses is None:
            effect = _judged_blind(posting, self)
            if effect is not None:
                db = store._db()
                try:
                    seq, prev = backend.record(
                        db,
                        self.id,
                        posting,
                        text=text,
                        effect=effect,
                        head=None,
                        limits=self._limits(effect),
                    )
                except Exception as exc:
                    if not backend.moved_on(exc):
                        raise
                else:
                    return Entry(seq, posting, prev.hex()), True
        for attempt in range(_OPTIMISTIC + 1):
            db = store._db()
            locked = backend.locks_first or attempt == _OPTIMISTIC
            try:
                return self._attempt(db, posting, text, locked=locked)
            except Exception as exc:
                if locked or not backend.moved_on(exc):
                    raise
        raise AssertionError  # pragma: no cover - the last attempt returns or raises

    def _attempt(
        self, db: _Connection, posting: Posting, text: str, *, locked: bool
    ) -> tuple[Entry, bool]:
        backend = self.store._backend
        if locked:
            db.execute(backend.write)
        try:
            if locked:
                db.execute(backend.lock, (self.id,))
            read = _Read(self, db, posting)
            effect = judge(posting, read)
            if effect is None:  # a repeat: the entry recorded first
                entry, new = read.entry_of(posting.key), False
            else:
                seq, prev = backend.record(
                    db,
                    self.id,
                    posting,
                    text=text,
                    effect=effect,
                    head=read.head,
                    limits=self._limits(effect),
                )
                entry, new = Entry(seq, posting, prev.hex()), True
        except BaseException:
            if locked:
                with contextlib.suppress(Exception):
                    db.execute("rollback")
            raise
        if locked:
            db.execute("commit")
        return entry, new

    def _limits(self, effect: Effect) -> tuple[int | None, int | None]:
        """The source's floor and the item's stock, as the book's accounts and
        catalogue give them (None: no limit)."""
        item = None if effect.item is None else self._items[effect.item]
        return floor_of(self._accounts[effect.source]), None if item is None else item.stock

    def _balance(self, db: _Connection, account: str) -> int:
        row = db.execute(
            "select balance from balances where book = ? and account = ?", (self.id, account)
        ).fetchone()
        return int(row[0])

    def _taken(self, db: _Connection, item: str) -> int:
        row = db.execute(
            "select taken from stock where book = ? and item = ?", (self.id, item)
        ).fetchone()
        return int(row[0])

    # -- reading ---------------------------------------------------------------------

    def __len__(self) -> int:
        row = (
            self.store._db()
            .execute("select entries from books where id = ?", (self.id,))
            .fetchone()
        )
        return int(row[0])

    def balance(self, account: str) -> int:
        """The account's balance; :class:`~neighborly.errors.NotFound` if none."""
        if account not in self._accounts:
            raise NotFound("account", account)
        return self._balance(self.store._db(), account)

    def balances(self) -> dict[str, int]:
        """Every account's balance (they sum to zero)."""
        return dict(
            self.store._db().execute(
                "select account, balance from balances where book = ?", (self.id,)
            )
        )

    def stock(self, item: str) -> int | None:
        """What is left of a catalogue item (``None``: unlimited)."""
        found = self._items.get(item)
        if found is None:
            raise NotFound("catalogue item", item)
        if found.stock is None:
            return None
        taken = self._taken(self.store._db(), item)
        return found.stock - taken

    def book(self) -> Book:
        """The book as stored (see :meth:`Store.book`)."""
        return self.store.book(self.id)


def _differences(
    table: str, column: str, value: str, expected: Mapping[str, Any], stored: Mapping[str, Any]
) -> list[Reason]:
    """A reason for each row of ``table`` whose ``value`` is not what the entries give
    (a row missing or added counts too)."""
    return [
        Reason(
            f'$.{table}[?(@.{column}=="{key}")].{value}',
            Text(
                f"{table} row {key}: {value} {stored.get(key)}, the entries give {expected.get(key)}",
                f"{table} 表的 {key} 行：{value} 为 {stored.get(key)}，按记录应为 {expected.get(key)}",
            ),
            str(expected.get(key)),
            str(stored.get(key)),
        )
        for key in sorted({*expected, *stored})
        if expected.get(key) != stored.get(key)
    ]


def _not_a_store(where: str, expected: Text, exc: BaseException) -> InvalidInput:
    return InvalidInput([Problem("$", expected, Text(f"{where}: {exc}", f"{where}：{exc}"))])


def _too_new(version: int) -> InvalidInput:
    return InvalidInput(
        [
            Problem(
                "$.schema",
                Text(
                    f"a schema version up to {SCHEMA_VERSION}, which this neighborly reads",
                    f"本版 neighborly 可读的架构版本（不超过 {SCHEMA_VERSION}）",
                ),
                Text(f"version {version}", f"版本 {version}"),
            )
        ]
    )


def _header(db: _Connection, book_id: str) -> tuple[tuple[Account, ...], tuple[Item, ...], str]:
    """A stored book's accounts, catalogue and head (as the book was made and its
    entries appended: a hand edit to any of them since no longer matches it)."""
    row = db.execute(
        "select accounts, catalogue, register, tip from books where id = ?", (book_id,)
    ).fetchone()
    if row is None:
        raise NotFound("book", book_id)
    return (
        tuple(structure(a, Account) for a in json.loads(row[0])),
        tuple(structure(i, Item) for i in json.loads(row[1])),
        head_of(bytes(row[2]), bytes(row[3])),
    )


def _entry(seq: int, posting: str, prev: bytes) -> Entry:
    """An entry from its row."""
    return Entry(int(seq), _posting(posting), bytes(prev).hex())


def _json(data: Any) -> str:
    """Models as the text a column keeps: ``dumps``'s compact JSON, keys sorted."""
    return dumps(data).decode()


def _posting(text: str) -> Posting:
    """A posting from the JSON its row keeps."""
    return structure(json.loads(text), Posting)
