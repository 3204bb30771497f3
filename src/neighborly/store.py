"""A durable store: points books and community documents kept in a database, safe
under concurrent writers.

An in-memory :class:`~neighborly.points.Ledger` keeps its promises (append-only,
idempotency keys, no holder below zero, budgets, catalogue stock, the hash chain)
inside one process. A back end with several workers keeps its books here instead::

    from neighborly.store import open_store

    with open_store("points.db") as store:  # SQLite: a file path is all it needs
        book = store.open_book("2026", accounts, catalogue)
        entry = book.post(posting)  # one transaction: judged, recorded, chained

Each post is one transaction that takes the book's write lock first, reads what
:func:`~neighborly.points.judge` needs (the accounts, the source's balance, the
stock taken, a recorded key, a reversal) from the rows, records the posting and
extends the hash chain, so the errors are the in-memory ledger's (``Refused``
with its rule and figures, ``Conflict`` for a key reused with other content; the
same key with the same content returns the original entry) and the chain is
extended in commit order. Reading a book back gives the
:class:`~neighborly.points.Book` the in-memory ledger would hold after posting the
committed entries in that order.

Why one lock for the whole book rather than one per account: every entry carries
the hash of all entries before it, so entries are appended one after another
whatever accounts they touch; the chain orders the writes of a book anyway.
SQLite has one writer per database file, so the books of one file wait for each
other too: keep books written at once in files of their own.

Community documents are kept with a version number: :meth:`Store.save` takes the
version the edit started from and refuses (``Conflict``) when someone saved in
between, so two staff editing at once cannot lose an edit; every version is kept
and :meth:`Store.load` reads any of them.

The schema is versioned: :meth:`Store.migrate` (and opening a store) brings a
database to :data:`SCHEMA_VERSION` and is safe to run again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from neighborly.community import Community
from neighborly.errors import Conflict, InvalidInput, NotFound, Problem
from neighborly.points import (
    Account,
    Book,
    Entry,
    Item,
    Posting,
    head_of,
    judge,
    register_of,
)
from neighborly.serialization import dumps, loads, structure
from neighborly.text import Text

__all__ = ["SCHEMA_VERSION", "Store", "StoredBook", "open_store"]

# Each migration takes the schema from the version before it to its own number.
_MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        create table books (
            id text primary key,
            accounts text not null,   -- JSON, as the Book holds them
            catalogue text not null,  -- JSON
            entries integer not null default 0,
            register blob not null,   -- the digest of the accounts and catalogue as made
            tip text not null         -- hex SHA-256 of the canonical bytes of every entry
        );
        create table balances (
            book text not null references books (id),
            account text not null,
            balance integer not null,
            primary key (book, account)
        );
        create table stock (
            book text not null references books (id),
            item text not null,
            taken integer not null,
            primary key (book, item)
        );
        create table entries (
            book text not null references books (id),
            seq integer not null,
            key text not null,
            posting text not null,    -- JSON
            canonical blob not null,  -- what the chain hashes
            prev text not null,
            reversed_by text,
            primary key (book, seq),
            unique (book, key)
        );
        """,
    ),
    (
        2,
        """
        create table documents (
            name text not null,
            version integer not null,
            body blob not null,       -- the community as JSON, personal data included
            primary key (name, version)
        );
        """,
    ),
)
SCHEMA_VERSION = _MIGRATIONS[-1][0]
"""The schema this version of neighborly writes."""

_EMPTY = hashlib.sha256().hexdigest()
_KEPT = "kept in the community's own store, as its file would be"


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "begin immediate") -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when it raises.
    ``begin immediate`` takes the database's write lock before the first read."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        db.execute("rollback")
        raise
    db.execute("commit")


def open_store(target: str | os.PathLike[str]) -> Store:
    """A store in the SQLite database at ``target`` (a path, or ``sqlite:///path``),
    created and brought to :data:`SCHEMA_VERSION` if need be.

    Raises ``ValueError`` for a target that is neither, and
    :class:`~neighborly.errors.InvalidInput` for a file that is not a SQLite
    database or whose schema is newer than this neighborly's (path ``$.schema``)."""
    text = os.fspath(target)
    path = text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else text
    if "://" in path:
        msg = f"a SQLite path or sqlite:/// URL, not {text!r}"
        raise ValueError(msg)
    return Store(path)


class Store:
    """Books of points and community documents in one SQLite database (WAL mode,
    full synchronous writes; one connection a thread, which :meth:`close` closes
    for the calling thread)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._chains: dict[str, tuple[int, Any]] = {}  # book -> (entries, running hash)
        self._chains_lock = threading.Lock()
        try:
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise _not_a_store(self.path, exc) from None
        except BaseException:
            self.close()
            raise

    # -- connections and transactions ------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
            db.execute("pragma journal_mode = wal")
            db.execute("pragma synchronous = full")
            db.execute("pragma foreign_keys = on")
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def migrate(self) -> int:
        """Bring the database to :data:`SCHEMA_VERSION` in one transaction (the steps
        already applied are skipped, so running it again changes nothing); the
        version it is at."""
        db = self._db()
        with _transaction(db):
            db.execute("create table if not exists neighborly_schema (version integer not null)")
            row = db.execute("select max(version) from neighborly_schema").fetchone()
            version = row[0] or 0
            if version > SCHEMA_VERSION:
                raise _too_new(version)
            for number, script in _MIGRATIONS:
                if number > version:
                    for statement in script.split(";"):
                        if statement.strip():
                            db.execute(statement)
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
        with _transaction(db):
            row = db.execute(
                "select accounts, catalogue from books where id = ?", (book_id,)
            ).fetchone()
            if row is None:
                db.execute(
                    "insert into books (id, accounts, catalogue, register, tip)"
                    " values (?, ?, ?, ?, ?)",
                    (
                        book_id,
                        accounts_json,
                        catalogue_json,
                        register_of(book.accounts, book.catalogue),
                        _EMPTY,
                    ),
                )
                db.executemany(
                    "insert into balances values (?, ?, 0)",
                    [(book_id, a.id) for a in book.accounts],
                )
                db.executemany(
                    "insert into stock values (?, ?, 0)", [(book_id, i.id) for i in book.catalogue]
                )
            elif tuple(row) != (accounts_json, catalogue_json):
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
        with _transaction(db, "begin"):  # one snapshot for the book and its entries
            row = db.execute(
                "select accounts, catalogue, register, tip from books where id = ?", (book_id,)
            ).fetchone()
            if row is None:
                raise NotFound("book", book_id)
            entries = tuple(
                Entry(seq, _posting(posting), prev)
                for seq, posting, prev in db.execute(
                    "select seq, posting, prev from entries where book = ? order by seq",
                    (book_id,),
                )
            )
        return Book(
            tuple(structure(a, Account) for a in json.loads(row[0])),
            tuple(structure(i, Item) for i in json.loads(row[1])),
            entries,
            # the head as the book was made and its entries appended: a hand edit to the
            # accounts, catalogue or entries since then no longer matches it
            head_of(bytes(row[2]), bytes.fromhex(row[3])),
        )

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
        with _transaction(db):
            row = db.execute(
                "select max(version) from documents where name = ?", (name,)
            ).fetchone()
            current = row[0] or 0
            if current != expected_version:
                raise Conflict(
                    "document", name, f"at version {current}, not {expected_version} as expected"
                )
            db.execute("insert into documents values (?, ?, ?)", (name, current + 1, body))
        return current + 1

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

    def _chain(self, db: sqlite3.Connection, book_id: str, entries: int, tip: str) -> Any:
        """The running hash over the book's ``entries`` first entries, whose hex digest
        is ``tip`` (read in the caller's transaction): this store's, caught up with
        the entries other writers appended, or made again from the rows."""
        with self._chains_lock:
            count, chain = self._chains.get(book_id, (0, hashlib.sha256()))
            chain = chain.copy()
        if count > entries:
            count, chain = 0, hashlib.sha256()
        if count < entries:  # entries other writers appended since
            for (canonical,) in db.execute(
                "select canonical from entries where book = ? and seq >= ? order by seq",
                (book_id, count),
            ):
                chain.update(canonical)
        if chain.hexdigest() != tip:  # rows edited by hand: the stored chain is broken
            raise Conflict(
                "book", book_id, "its entries do not hash to its stored tip; verify the book"
            )
        return chain

    def _remember(self, book_id: str, entries: int, chain: Any) -> None:
        with self._chains_lock:
            known = self._chains.get(book_id)
            if known is None or known[0] < entries:
                self._chains[book_id] = (entries, chain)


class _Rows:
    """A stored book's rows, read inside the posting's transaction, as the state
    :func:`~neighborly.points.judge` reads."""

    def __init__(
        self,
        db: sqlite3.Connection,
        book_id: str,
        accounts: Mapping[str, Account],
        items: Mapping[str, Item],
    ) -> None:
        self.db, self.book_id, self.accounts, self.items = db, book_id, accounts, items

    def account_of(self, account_id: str) -> Account | None:
        return self.accounts.get(account_id)

    def item_of(self, item_id: str) -> Item | None:
        return self.items.get(item_id)

    def balance_of(self, account_id: str) -> int:
        row = self.db.execute(
            "select balance from balances where book = ? and account = ?",
            (self.book_id, account_id),
        ).fetchone()
        return int(row[0])

    def taken_of(self, item_id: str) -> int:
        row = self.db.execute(
            "select taken from stock where book = ? and item = ?", (self.book_id, item_id)
        ).fetchone()
        return int(row[0])

    def posting_of(self, key: str) -> Posting | None:
        row = self.db.execute(
            "select posting from entries where book = ? and key = ?", (self.book_id, key)
        ).fetchone()
        return None if row is None else _posting(row[0])

    def reversal_of(self, key: str) -> str | None:
        row = self.db.execute(
            "select reversed_by from entries where book = ? and key = ?", (self.book_id, key)
        ).fetchone()
        return None if row is None else row[0]


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

    def _post_one(self, posting: Posting) -> tuple[Entry, bool]:
        db = self.store._db()
        with _transaction(db):  # the book's (the database's) write lock, first
            entry, remembered = self._post(db, posting)
        if remembered is not None:
            self.store._remember(self.id, *remembered)
        return entry, remembered is not None

    def post_all(self, postings: Iterable[Posting]) -> int:
        """Record many postings, each in a transaction of its own, in order; how many
        were new.  Stops at the first refusal or conflict, which it raises: the
        postings before it stay recorded."""
        return sum(self._post_one(posting)[1] for posting in postings)

    def _post(self, db: sqlite3.Connection, posting: Posting) -> tuple[Entry, Any]:
        row = db.execute("select entries, tip from books where id = ?", (self.id,)).fetchone()
        if row is None:
            raise NotFound("book", self.id)
        entries, tip = int(row[0]), str(row[1])
        rows = _Rows(db, self.id, self._accounts, self._items)
        effect = judge(posting, rows)
        if effect is None:  # a repeat: the entry recorded first
            return self._entry_of(db, posting.key), None
        chain = self.store._chain(db, self.id, entries, tip)
        canonical = posting.canonical
        chain.update(canonical)
        db.execute(
            "insert into entries (book, seq, key, posting, canonical, prev) values (?, ?, ?, ?, ?, ?)",
            (self.id, entries, posting.key, _json(posting), canonical, tip),
        )
        db.execute(  # both balances in one statement: one fewer round trip a post
            "update balances set balance = balance"
            " + case account when ? then -? else ? end"
            " where book = ? and account in (?, ?)",
            (effect.source, effect.points, effect.points, self.id, effect.source, effect.target),
        )
        if effect.item is not None:
            db.execute(
                "update stock set taken = taken + ? where book = ? and item = ?",
                (effect.taken, self.id, effect.item),
            )
        if effect.reverses is not None:
            db.execute(
                "update entries set reversed_by = ? where book = ? and key = ?",
                (posting.key, self.id, effect.reverses),
            )
        db.execute(
            "update books set entries = ?, tip = ? where id = ?",
            (entries + 1, chain.hexdigest(), self.id),
        )
        return Entry(entries, posting, tip), (entries + 1, chain)

    def _entry_of(self, db: sqlite3.Connection, key: str) -> Entry:
        seq, posting, prev = db.execute(
            "select seq, posting, prev from entries where book = ? and key = ?", (self.id, key)
        ).fetchone()
        return Entry(seq, _posting(posting), prev)

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
        return _Rows(self.store._db(), self.id, self._accounts, self._items).balance_of(account)

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
        taken = _Rows(self.store._db(), self.id, self._accounts, self._items).taken_of(item)
        return found.stock - taken

    def book(self) -> Book:
        """The book as stored (see :meth:`Store.book`)."""
        return self.store.book(self.id)


def _not_a_store(path: Path, exc: sqlite3.DatabaseError) -> InvalidInput:
    return InvalidInput(
        [
            Problem(
                "$",
                Text("a SQLite database", "SQLite 数据库"),
                Text(f"{path}: {exc}", f"{path}：{exc}"),
            )
        ]
    )


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


def _json(data: Any) -> str:
    """Models as the text a column keeps: ``dumps``'s compact JSON, keys sorted."""
    return dumps(data).decode()


def _posting(text: str) -> Posting:
    """A posting from the JSON its row keeps."""
    return structure(json.loads(text), Posting)
