"""The durable store (``neighborly.store``), each test on SQLite and on a throwaway
PostgreSQL server: the in-memory ledger's rules, errors and book, across store
instances, threads and processes, crashes of a poster and of the server, hand edits
found, document versions and schema migrations."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neighborly import Conflict, InvalidInput, NotFound
from neighborly.errors import MissingExtra, Refused
from neighborly.points import (
    Account,
    AccountKind,
    Item,
    Ledger,
    Posting,
    PostingKind,
    balances_of,
    verify_chain,
)
from neighborly.store import SCHEMA_VERSION, _shown, open_store
from stores import StorePlace, postgres_server
from test_points import ACCOUNTS, AT, CATALOGUE, award, operations, redeem


def _outcome(act) -> object:
    try:
        return act()
    except (Refused, Conflict) as exc:
        return type(exc), str(exc), getattr(exc, "rule", None)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations(), st.data())
def test_a_stored_book_posts_refuses_and_reads_back_as_the_ledger_does(
    place: StorePlace, postings, data
):
    if postings and data.draw(st.booleans()):  # a key again, with the same or other content
        again = data.draw(st.sampled_from(postings))
        postings.append(
            data.draw(
                st.sampled_from(
                    [
                        again,
                        again.__class__(
                            again.key,
                            again.at,
                            again.kind,
                            again.source,
                            again.target,
                            again.points,
                            memo="改",
                            item=again.item,
                            quantity=again.quantity,
                            reverses=again.reverses,
                        ),
                    ]
                )
            )
        )
    ledger = Ledger(ACCOUNTS, CATALOGUE)
    with open_store(place.target) as store:  # each example a book of its own
        book = store.open_book(uuid.uuid4().hex, ACCOUNTS, CATALOGUE)
        for posting in postings:
            assert _outcome(lambda p=posting: book.post(p)) == _outcome(
                lambda p=posting: ledger.post(p)
            )
        assert book.book() == ledger.book()
        assert book.balances() == dict(ledger.balances())
        assert {i.id: book.stock(i.id) for i in CATALOGUE} == {
            i.id: ledger.stock(i.id) for i in CATALOGUE
        }
        assert verify_chain(book.book()).passed
        assert store.verify(book.id).passed  # the rows kept beside the entries add up


def test_a_stored_book_is_written_out_as_json_lines_a_batch_at_a_time(place: StorePlace):
    from neighborly.serialization import book_lines, load_book_lines

    with open_store(place.target) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        book.post_all([award(f"a{i}", 1 + i % 7) for i in range(25)])
        lines = list(store.book_lines("b", batch=4))
        assert lines == list(book_lines(store.book("b")))
        assert load_book_lines(b"".join(lines)) == store.book("b")
        # posting while an export reads its snapshot: the export keeps its moment
        export = store.book_lines("b", batch=4)
        first = [next(export), next(export)]
        book.post(award("late", 3))
        rest = list(export)
        assert len(first) + len(rest) == 1 + 25 + 1
        with pytest.raises(NotFound):
            list(store.book_lines("missing"))
        with pytest.raises(ValueError, match="batch must be at least 1"):
            list(store.book_lines("b", batch=0))
        store.open_book("empty")
        assert len(list(store.book_lines("empty"))) == 2  # accounts and catalogue, head


def test_a_repeat_returns_the_first_entry_and_other_content_is_a_conflict(place: StorePlace):
    with open_store(place.target) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        first = book.post(award("a1", 30))
        assert book.post(award("a1", 30)) == first
        with pytest.raises(Conflict, match="recorded with other content"):
            book.post(award("a1", 31))
        assert len(book) == 1
        assert book.post_all([award("a1", 30), award("a2", 5)]) == 1


def test_another_store_on_the_same_database_carries_the_chain_on(place: StorePlace):
    ledger = Ledger(ACCOUNTS, CATALOGUE)
    postings = [award("a1", 30), redeem("r1"), award("a2", 10, "v-2")]
    with open_store(place.target) as one:
        one.open_book("b", ACCOUNTS, CATALOGUE).post(postings[0])
        ledger.post(postings[0])
    with open_store(place.target) as two:  # no chain of its own yet: read from the rows
        book = two.open_book("b", ACCOUNTS, CATALOGUE)
        for posting in postings[1:]:
            assert book.post(posting) == ledger.post(posting)
        assert book.book() == ledger.book()


def test_a_book_is_kept_with_the_accounts_and_catalogue_it_was_made_with(place: StorePlace):
    with open_store(place.target) as store:
        store.open_book("b", ACCOUNTS, CATALOGUE)
        store.open_book("b", ACCOUNTS, CATALOGUE)  # the same again: the same book
        with pytest.raises(Conflict, match="kept with other accounts or catalogue"):
            store.open_book("b", ACCOUNTS[:-1], CATALOGUE)
        assert store.book_ids() == ["b"]


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (
            "update entries set posting = replace(posting, '\"points\":30', '\"points\":90')"
            " where seq = 0",
            "$.entries[1].prev",
        ),
        ("delete from entries where seq = 1", "$.entries[1].seq"),
        (
            "update books set accounts = replace(accounts, '\"budget\":100', '\"budget\":900')",
            "$.head",
        ),
        (
            "update entries set posting = replace(posting, '\"points\":20', '\"points\":21')"
            " where seq = 2",
            "$.head",
        ),
    ],
    ids=["amount", "deleted", "budget", "last-entry"],
)
def test_a_row_edited_by_hand_is_named_by_verify(place: StorePlace, edit: str, where: str):
    with open_store(place.target) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        book.post_all([award("a1", 30), award("a2", 5), redeem("r1")])
        assert verify_chain(book.book()).passed
    place.edit(edit)
    with open_store(place.target) as store:
        verdict = verify_chain(store.book("b"))
    assert not verdict.passed
    assert verdict.reasons[0].path == where


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (
            "update balances set balance = balance + 500 where account = 'v-1'",
            '$.balances[?(@.account=="v-1")].balance',
        ),
        ("update stock set taken = 0 where item = 'soap'", '$.stock[?(@.item=="soap")].taken'),
        ("delete from balances where account = 'shop'", '$.balances[?(@.account=="shop")].balance'),
        (
            "update entries set reversed_by = null where key = 'r1'",
            '$.entries[?(@.key=="r1")].reversed_by',
        ),
    ],
    ids=["balance", "stock", "deleted-balance", "reversal-mark"],
)
def test_a_stored_row_beside_the_entries_edited_by_hand_is_named_by_verify(
    place: StorePlace, edit: str, where: str
):
    from neighborly.points import reversal

    with open_store(place.target) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        book.post_all(
            [award("a1", 50), redeem("r1"), redeem("r2"), reversal(redeem("r1"), "x1", AT)]
        )
        assert book.stock("soap") == 1
        report = store.verify("b")
        assert report.passed, report
        place.edit(edit)
        report = store.verify("b")
        assert report["points.chain"].passed  # the entries are intact
        assert not report["store.rows"].passed
        assert [r.path for r in report["store.rows"].reasons] == [where]


def test_posting_after_a_hand_edit_goes_on_and_verify_still_names_the_edit(place: StorePlace):
    """A post extends the chain from the stored tip without reading the entries back,
    so an edit does not stop the book; the chain over the rows still breaks where
    the edit is."""
    with open_store(place.target) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        book.post_all([award("a1", 30), award("a2", 5)])
        place.edit(
            "update entries set posting = replace(posting, ?, ?) where seq = 0",
            '"points":30',
            '"points":90',
        )
        book.post(award("a3", 5))
        verdict = verify_chain(store.book("b"))
    assert not verdict.passed
    assert verdict.reasons[0].path == "$.entries[1].prev"


def test_migrating_again_changes_nothing_and_a_newer_schema_is_refused(place: StorePlace):
    with open_store(place.target) as store:
        store.open_book("b", ACCOUNTS, CATALOGUE).post(award("a1", 30))
        assert store.migrate() == SCHEMA_VERSION
        assert store.migrate() == SCHEMA_VERSION
    target = f"sqlite:///{place.target}" if place.kind == "sqlite" else place.target
    with open_store(target) as store:
        assert len(store.open_book("b", ACCOUNTS, CATALOGUE)) == 1
    place.edit("insert into neighborly_schema values (?)", SCHEMA_VERSION + 1)
    with pytest.raises(InvalidInput) as excinfo:
        open_store(place.target)
    assert excinfo.value.problems[0].path == "$.schema"


def test_a_database_holding_other_tables_of_our_names_is_invalid_input(place: StorePlace):
    place.edit("create table books (title text)")  # someone else's table of that name
    with pytest.raises(InvalidInput) as excinfo:
        open_store(place.target)
    assert excinfo.value.problems[0].path == "$"
    assert "books" in excinfo.value.problems[0].actual.en


def test_targets_that_are_no_store_are_named(tmp_path: Path):
    for target in ("mysql://localhost/points", "sqlite://relative.db"):
        with pytest.raises(ValueError, match="a SQLite path, a sqlite:/// URL or a postgresql"):
            open_store(target)
    with pytest.raises(ValueError, match="mysql://app:") as excinfo:
        open_store("mysql://app:secret@db/points")
    assert "secret" not in str(excinfo.value)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database, though its name says so")
    with pytest.raises(InvalidInput) as excinfo:
        open_store(junk)
    assert excinfo.value.problems[0].expected.en == "a SQLite database"
    with pytest.raises(InvalidInput) as excinfo:
        open_store(tmp_path)  # a folder
    assert str(tmp_path) in excinfo.value.problems[0].actual.en


def test_postgresql_without_its_extra_says_which_to_install():
    with (
        mock.patch.dict("sys.modules", {"psycopg": None}),
        pytest.raises(MissingExtra, match=r"pip install 'neighborly\[postgres\]'"),
    ):
        open_store("postgresql://app@db.internal/points")


@pytest.mark.slow  # a PostgreSQL server to start
def test_a_server_out_of_reach_raises_the_drivers_error_with_the_password_masked(postgres):
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        open_store("postgresql://app:secret@/points?host=/nonexistent-folder")
    with open_store(postgres.url) as store:
        assert store.target == postgres.url
    assert _shown("postgresql://app:s3cret@db.internal:5433/points") == (
        "postgresql://app:***@db.internal:5433/points"
    )


# -- several processes at once ------------------------------------------------------------

HOT = (
    Account("budget", AccountKind.ISSUER, budget=30_000),
    *(Account(f"v-{i}", AccountKind.VOLUNTEER, holder=f"v-{i}") for i in range(4)),
    Account("shop", AccountKind.SINK),
)
SCARCE = (Item("rice", "大米", cost=5, stock=1_500),)
WRITERS, EACH = 8, 2_000  # 16,000 operations, 8,000 keys each raced for by two writers


def _writer(target: str, writer: int, go: Any) -> None:
    """Awards from one budget that runs out and redemptions of an item whose stock
    runs out; writers 0 and 1 post the same keys with the same content, and so do
    writers 2 and 3, so every key is raced for.  Writers 4 to 7 take the book's lock
    before reading, as a post does after its tries without it, so both ways race."""
    locked = mock.patch("neighborly.store._OPTIMISTIC", 0) if writer >= 4 else None
    if locked is not None:
        locked.start()
    with open_store(target) as store:
        book = store.open_book("b", HOT, SCARCE)
        go.wait(60)  # every writer starts posting once all are ready
        for i in range(EACH):
            shared = (writer // 2) * EACH + i  # two writers try each key
            if i % 3 == 2:
                posting = Posting(
                    f"r{shared}",
                    AT,
                    PostingKind.REDEMPTION,
                    f"v-{shared % 4}",
                    "shop",
                    5,
                    item="rice",
                    quantity=1,
                )
            else:
                posting = Posting(
                    f"a{shared}", AT, PostingKind.AWARD, "budget", f"v-{shared % 4}", 7
                )
            with contextlib.suppress(Refused):
                book.post(posting)


@pytest.mark.slow  # processes racing and crashing: make test runs them, make unit not
def test_writers_in_several_processes_lose_and_double_nothing(place: StorePlace):
    with open_store(place.target) as store:
        store.open_book("b", HOT, SCARCE)
    context = multiprocessing.get_context("spawn")
    go = context.Barrier(WRITERS)
    workers = [context.Process(target=_writer, args=(place.target, w, go)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
        assert worker.exitcode == 0
    with open_store(place.target) as store:
        book = store.open_book("b", HOT, SCARCE)
        kept = book.book()
        assert verify_chain(kept).passed
        postings = [entry.posting for entry in kept.entries]
        assert len({p.key for p in postings}) == len(postings)  # each key at most once
        assert book.balances() == {**dict.fromkeys(book.balances(), 0), **balances_of(postings)}
        assert all(book.balance(a.id) >= 0 for a in HOT if a.kind.holds)
        # the budget and the stock both ran out, to the last point and the last bag
        assert -30_000 <= book.balance("budget") < -30_000 + 7
        assert book.stock("rice") == 0
        serial = Ledger(HOT, SCARCE)  # the committed entries, posted again in commit order
        assert serial.post_all(postings) == len(postings)
        assert serial.book() == kept
        assert json.loads(json.dumps(book.balances())) == dict(serial.balances())


def _poster(target: str, count: int, acknowledged: str | None = None) -> None:
    """Post awards ``k0`` to ``k{count-1}`` in order; with ``acknowledged``, write each
    key whose commit returned to that file, and stop when the database goes away."""
    log = Path(acknowledged).open("a", buffering=1) if acknowledged else None  # noqa: SIM115
    try:
        with open_store(target) as store:
            book = store.open_book("b", HOT, SCARCE)
            for i in range(count):
                book.post(Posting(f"k{i}", AT, PostingKind.AWARD, "budget", f"v-{i % 4}", 1))
                if log is not None:
                    log.write(f"k{i}\n")
    except Exception as exc:
        if log is None or "OperationalError" not in type(exc).__name__:
            raise
    finally:
        if log is not None:
            log.close()


def _wait_for(book: Any, entries: int) -> None:
    deadline = time.monotonic() + 60
    while len(book) < entries and time.monotonic() < deadline:  # well into the run
        time.sleep(0.005)


@pytest.mark.slow  # processes racing and crashing: make test runs them, make unit not
def test_a_poster_killed_mid_run_leaves_whole_entries_and_a_retry_posts_nothing_twice(
    place: StorePlace,
):
    count = 600
    with open_store(place.target) as store:
        book = store.open_book("b", HOT, SCARCE)
        context = multiprocessing.get_context("spawn")
        poster = context.Process(target=_poster, args=(place.target, count))
        poster.start()
        _wait_for(book, 50)
        os.kill(poster.pid, signal.SIGKILL)  # mid-transaction, as likely as not
        poster.join(30)
        place.settle()  # the server commits or drops the statement it was running
        committed = len(book)
        assert 50 <= committed < count
        assert verify_chain(store.book("b")).passed
        assert book.balances()["budget"] == -committed
        _poster(place.target, count)  # the client retries every key
        kept = store.book("b")
        assert verify_chain(kept).passed
        assert [e.posting.key for e in kept.entries] == [f"k{i}" for i in range(count)]
        assert book.balances()["budget"] == -count


@pytest.mark.slow  # processes racing and crashing: make test runs them, make unit not
def test_a_server_stopped_as_by_a_crash_keeps_every_acknowledged_post(tmp_path: Path):
    """``pg_ctl stop -m immediate`` mid-run (no checkpoint, open transactions cut):
    after the restart every post whose commit returned is there, nothing half
    written is, and retrying every key posts none twice."""
    import psycopg

    server = postgres_server()
    store = None
    try:
        target, count = server.create_database("crash"), 3_000
        acknowledged = tmp_path / "acknowledged.txt"
        store = open_store(target)
        book = store.open_book("b", HOT, SCARCE)
        context = multiprocessing.get_context("spawn")
        poster = context.Process(target=_poster, args=(target, count, str(acknowledged)))
        poster.start()
        _wait_for(book, 300)
        server.stop("immediate")
        poster.join(60)
        assert poster.exitcode == 0
        server.start()
        with pytest.raises(psycopg.OperationalError):  # this connection died with the server
            len(book)
        kept = store.book("b")  # the next call connects again
        keys = [e.posting.key for e in kept.entries]
        said = acknowledged.read_text().split()
        assert 300 <= len(said) < count
        assert keys[: len(said)] == said  # every acknowledged post, in order
        assert len(keys) - len(said) in (0, 1)  # at most the one whose answer was lost
        assert verify_chain(kept).passed
        assert book.balances()["budget"] == -len(keys)
        _poster(target, count)  # the client retries every key
        kept = store.book("b")
        assert [e.posting.key for e in kept.entries] == [f"k{i}" for i in range(count)]
        assert verify_chain(kept).passed
        assert book.balances()["budget"] == -count
    finally:
        if store is not None:
            store.close()
        server.remove()


# -- community documents ------------------------------------------------------------------


def test_a_community_is_kept_version_by_version(place: StorePlace):
    from builders import community

    first, second = community(3), community(5)
    with open_store(place.target) as store:
        assert store.save("河畔社区", first, 0) == 1
        assert store.load("河畔社区") == (first, 1)
        assert store.save("河畔社区", second, 1) == 2
        assert store.load("河畔社区") == (second, 2)
        assert store.load("河畔社区", 1) == (first, 1)  # history is kept
        assert store.versions("河畔社区") == [1, 2]
        with pytest.raises(NotFound):
            store.load("河畔社区", 3)
        with pytest.raises(NotFound):
            store.load("另一个社区")


def test_personal_data_is_kept_with_the_community(place: StorePlace):
    from neighborly import sample_community

    sample = sample_community()
    with open_store(place.target) as store:
        store.save("sample", sample, 0)
        assert store.load("sample")[0] == sample


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        ("update documents set body = ? where version = 2", "$.versions[1]"),
        ("delete from documents where version = 1", "$.versions[0]"),
        ("update documents set version = 5 where version = 3", "$.versions[2]"),
    ],
    ids=["edited", "deleted", "renumbered"],
)
def test_a_document_version_edited_by_hand_is_named_by_verify(
    place: StorePlace, edit: str, where: str
):
    from builders import community

    with open_store(place.target) as store:
        for version in range(3):
            store.save("c", community(version + 1), version)
        verdict = store.verify_document("c")
        assert verdict.passed
        assert verdict.reasons[0].message.en == "3 versions, chain intact"
        if "?" in edit:
            place.edit(edit, b'{"id": "forged"}')
        else:
            place.edit(edit)
        verdict = store.verify_document("c")
        assert not verdict.passed
        assert verdict.reasons[0].path == where
        with pytest.raises(NotFound):
            store.verify_document("another")


def test_two_writers_saving_from_the_same_version_one_wins_and_nothing_is_lost(
    place: StorePlace,
):
    from builders import community

    with open_store(place.target) as one, open_store(place.target) as two:
        one.save("c", community(2), 0)
        base, version = one.load("c")
        mine, theirs = community(3), community(4)
        assert two.save("c", theirs, version) == 2
        with pytest.raises(Conflict, match="at version 2, not 1"):
            one.save("c", mine, version)
        assert one.load("c") == (theirs, 2)
        assert one.load("c", 1) == (base, 1)
        _, version = one.load("c")  # load again, edit, save once more
        assert one.save("c", mine, version) == 3
        assert two.versions("c") == [1, 2, 3]


def test_writers_saving_at_the_same_moment_one_wins_and_the_others_are_told(
    place: StorePlace,
):
    """Eight threads, each with its own connection, save from version 1 at once."""
    import threading

    from builders import community

    with open_store(place.target) as store:
        store.save("c", community(1), 0)
        ready, outcomes = threading.Barrier(8), []

        def writer(households: int) -> None:
            ready.wait()
            try:
                outcomes.append(store.save("c", community(households), 1))
            except Conflict as exc:
                outcomes.append(str(exc))

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(2, 10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count(2) == 1
        assert (
            sorted(o for o in outcomes if o != 2)
            == ["document 'c' already exists: at version 2, not 1 as expected"] * 7
        )
        assert store.versions("c") == [1, 2]


FIRST_RELEASE = """
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
        """
"""The schema of the first release, kept as it was: a released migration never changes."""


def test_a_database_of_the_first_schema_migrates_without_loss(place: StorePlace):
    """A database written by the first release (the ledger tables only) is brought up
    to date when opened: its book reads back the same, and documents can be kept."""
    from neighborly.store import _MIGRATIONS, _POSTGRESQL, _backend

    from builders import community

    assert _MIGRATIONS[0] == (1, FIRST_RELEASE)
    place.edit("create table neighborly_schema (version integer not null)")
    for statement in FIRST_RELEASE.format_map(_backend(place.target).types).split(";"):
        if statement.strip():
            place.edit(statement)
    if place.kind == "postgresql":
        place.edit(_POSTGRESQL[1])
    place.edit("insert into neighborly_schema values (1)")
    ledger = Ledger(ACCOUNTS, CATALOGUE)
    with (
        mock.patch("neighborly.store._MIGRATIONS", _MIGRATIONS[:1]),
        open_store(place.target) as old,
    ):
        old.open_book("b", ACCOUNTS, CATALOGUE).post_all([award("a1", 30), redeem("r1")])
    ledger.post_all([award("a1", 30), redeem("r1")])
    with open_store(place.target) as store:
        assert store.migrate() == SCHEMA_VERSION
        assert store.book("b") == ledger.book()
        assert store.save("c", community(1), 0) == 1


def test_threads_sharing_one_store_post_as_one_ledger_would(place: StorePlace):
    """A threaded server shares one store: each thread has its own connection, and
    the chain each extends is the one the others left.  Each thread opens the book
    itself, so the first opening races the others to make it."""
    import threading

    with open_store(place.target) as store:
        ready = threading.Barrier(4)

        def poster(writer: int) -> None:
            ready.wait()
            book = store.open_book("b", HOT, SCARCE)
            for i in range(40):
                book.post(Posting(f"t{writer}-{i}", AT, PostingKind.AWARD, "budget", "v-0", 1))

        threads = [threading.Thread(target=poster, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        kept = store.book("b")
        assert verify_chain(kept).passed
        assert len(kept.entries) == 160
        assert store.open_book("b", HOT, SCARCE).balance("v-0") == 160
        serial = Ledger(HOT, SCARCE)
        serial.post_all(e.posting for e in kept.entries)
        assert serial.book() == kept
