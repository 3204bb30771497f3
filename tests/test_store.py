"""The durable points ledger (``neighborly.store``) on SQLite: the in-memory ledger's
rules, errors and book, across store instances and processes, and hand edits found."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neighborly import Conflict, InvalidInput, NotFound
from neighborly.errors import Refused
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
from neighborly.store import SCHEMA_VERSION, open_store
from test_points import ACCOUNTS, AT, CATALOGUE, award, operations, redeem


def _outcome(act) -> object:
    try:
        return act()
    except (Refused, Conflict) as exc:
        return type(exc), str(exc), getattr(exc, "rule", None)


@settings(max_examples=60, deadline=None)
@given(operations(), st.data())
def test_a_stored_book_posts_refuses_and_reads_back_as_the_ledger_does(postings, data):
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
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "p.db") as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
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


def test_a_repeat_returns_the_first_entry_and_other_content_is_a_conflict(tmp_path: Path):
    with open_store(tmp_path / "p.db") as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        first = book.post(award("a1", 30))
        assert book.post(award("a1", 30)) == first
        with pytest.raises(Conflict, match="recorded with other content"):
            book.post(award("a1", 31))
        assert len(book) == 1
        assert book.post_all([award("a1", 30), award("a2", 5)]) == 1


def test_another_store_on_the_same_file_carries_the_chain_on(tmp_path: Path):
    ledger = Ledger(ACCOUNTS, CATALOGUE)
    postings = [award("a1", 30), redeem("r1"), award("a2", 10, "v-2")]
    with open_store(tmp_path / "p.db") as one:
        one.open_book("b", ACCOUNTS, CATALOGUE).post(postings[0])
        ledger.post(postings[0])
    with open_store(tmp_path / "p.db") as two:  # no chain of its own yet: read from the rows
        book = two.open_book("b", ACCOUNTS, CATALOGUE)
        for posting in postings[1:]:
            assert book.post(posting) == ledger.post(posting)
        assert book.book() == ledger.book()


def test_a_book_is_kept_with_the_accounts_and_catalogue_it_was_made_with(tmp_path: Path):
    with open_store(tmp_path / "p.db") as store:
        store.open_book("b", ACCOUNTS, CATALOGUE)
        store.open_book("b", ACCOUNTS, CATALOGUE)  # the same again: the same book
        with pytest.raises(Conflict, match="kept with other accounts or catalogue"):
            store.open_book("b", ACCOUNTS[:-1], CATALOGUE)
        assert store.book_ids() == ["b"]


def _edit(path: Path, sql: str, *values: object) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute(sql, values)
    db.close()


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
def test_a_row_edited_by_hand_is_named_by_verify(tmp_path: Path, edit: str, where: str):
    path = tmp_path / "p.db"
    with open_store(path) as store:
        book = store.open_book("b", ACCOUNTS, CATALOGUE)
        book.post_all([award("a1", 30), award("a2", 5), redeem("r1")])
        assert verify_chain(book.book()).passed
    _edit(path, edit)
    with open_store(path) as store:
        verdict = verify_chain(store.book("b"))
    assert not verdict.passed
    assert verdict.reasons[0].path == where


def test_posting_after_a_hand_edit_of_the_entries_is_refused(tmp_path: Path):
    path = tmp_path / "p.db"
    with open_store(path) as store:
        store.open_book("b", ACCOUNTS, CATALOGUE).post(award("a1", 30))
    _edit(path, "update entries set canonical = x'00' where seq = 0")
    with open_store(path) as store, pytest.raises(Conflict, match="do not hash to its stored tip"):
        store.open_book("b", ACCOUNTS, CATALOGUE).post(award("a2", 5))


def test_migrating_again_changes_nothing_and_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "p.db"
    with open_store(path) as store:
        store.open_book("b", ACCOUNTS, CATALOGUE).post(award("a1", 30))
        assert store.migrate() == SCHEMA_VERSION
        assert store.migrate() == SCHEMA_VERSION
    with open_store(f"sqlite:///{path}") as store:
        assert len(store.open_book("b", ACCOUNTS, CATALOGUE)) == 1
    _edit(path, "insert into neighborly_schema values (?)", SCHEMA_VERSION + 1)
    with pytest.raises(InvalidInput) as excinfo:
        open_store(path)
    assert excinfo.value.problems[0].path == "$.schema"
    with pytest.raises(ValueError, match="a SQLite path"):
        open_store("postgresql://localhost/points")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database, though its name says so")
    with pytest.raises(InvalidInput) as excinfo:
        open_store(junk)
    assert excinfo.value.problems[0].expected.en == "a SQLite database"


# -- several processes at once ------------------------------------------------------------

HOT = (
    Account("budget", AccountKind.ISSUER, budget=30_000),
    *(Account(f"v-{i}", AccountKind.VOLUNTEER, holder=f"v-{i}") for i in range(4)),
    Account("shop", AccountKind.SINK),
)
SCARCE = (Item("rice", "大米", cost=5, stock=1_500),)
WRITERS, EACH = 8, 2_000  # 16,000 operations, 8,000 keys each raced for by two writers


def _writer(path: str, writer: int, go: Any) -> None:
    """Awards from one budget that runs out and redemptions of an item whose stock
    runs out; writers 0 and 1 post the same keys with the same content, and so do
    writers 2 and 3, so every key is raced for."""
    with open_store(path) as store:
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


def test_writers_in_several_processes_lose_and_double_nothing(tmp_path: Path):
    path = str(tmp_path / "p.db")
    with open_store(path) as store:
        store.open_book("b", HOT, SCARCE)
    context = multiprocessing.get_context("spawn")
    go = context.Barrier(WRITERS)
    workers = [context.Process(target=_writer, args=(path, w, go)) for w in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with open_store(path) as store:
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


def _poster(path: str, count: int) -> None:
    with open_store(path) as store:
        book = store.open_book("b", HOT, SCARCE)
        for i in range(count):
            book.post(Posting(f"k{i}", AT, PostingKind.AWARD, "budget", f"v-{i % 4}", 1))


def test_a_poster_killed_mid_run_leaves_whole_entries_and_a_retry_posts_nothing_twice(
    tmp_path: Path,
):
    path, count = str(tmp_path / "p.db"), 600
    store = open_store(path)
    book = store.open_book("b", HOT, SCARCE)
    context = multiprocessing.get_context("spawn")
    poster = context.Process(target=_poster, args=(path, count))
    poster.start()
    deadline = time.monotonic() + 60
    while len(book) < 50 and time.monotonic() < deadline:  # well into its run
        time.sleep(0.005)
    os.kill(poster.pid, signal.SIGKILL)  # mid-transaction, as likely as not
    poster.join(30)
    committed = len(book)
    assert 50 <= committed < count
    assert verify_chain(store.book("b")).passed
    assert book.balances()["budget"] == -committed
    _poster(path, count)  # the client retries every key
    kept = store.book("b")
    assert verify_chain(kept).passed
    assert [e.posting.key for e in kept.entries] == [f"k{i}" for i in range(count)]
    assert book.balances()["budget"] == -count
    store.close()


# -- community documents ------------------------------------------------------------------


def test_a_community_is_kept_version_by_version(tmp_path: Path):
    from builders import community

    first, second = community(3), community(5)
    with open_store(tmp_path / "p.db") as store:
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


def test_personal_data_is_kept_with_the_community(tmp_path: Path):
    from neighborly import sample_community

    sample = sample_community()
    with open_store(tmp_path / "p.db") as store:
        store.save("sample", sample, 0)
        assert store.load("sample")[0] == sample


def test_two_writers_saving_from_the_same_version_one_wins_and_nothing_is_lost(tmp_path: Path):
    from builders import community

    path = tmp_path / "p.db"
    with open_store(path) as one, open_store(path) as two:
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


def test_a_database_of_the_first_schema_migrates_without_loss(tmp_path: Path):
    """A file written by the first release (the ledger tables only) is brought up to
    date when opened: its book reads back the same, and documents can be kept."""
    from neighborly.store import _MIGRATIONS

    from builders import community

    path = tmp_path / "p.db"
    first_release = _MIGRATIONS[0]
    assert first_release[0] == 1
    db = sqlite3.connect(path)
    with db:
        db.execute("create table neighborly_schema (version integer not null)")
        db.executescript(first_release[1])
        db.execute("insert into neighborly_schema values (1)")
    db.close()
    ledger = Ledger(ACCOUNTS, CATALOGUE)
    with mock.patch("neighborly.store._MIGRATIONS", _MIGRATIONS[:1]), open_store(path) as old:
        old.open_book("b", ACCOUNTS, CATALOGUE).post_all([award("a1", 30), redeem("r1")])
    ledger.post_all([award("a1", 30), redeem("r1")])
    with open_store(path) as store:
        assert store.migrate() == SCHEMA_VERSION
        assert store.book("b") == ledger.book()
        assert store.save("c", community(1), 0) == 1


def test_threads_sharing_one_store_post_as_one_ledger_would(tmp_path: Path):
    """A threaded server shares one store: each thread has its own connection, and
    the chain each extends is the one the others left."""
    import threading

    with open_store(tmp_path / "p.db") as store:
        book = store.open_book("b", HOT, SCARCE)
        ready = threading.Barrier(4)

        def poster(writer: int) -> None:
            ready.wait()
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
        assert book.balance("v-0") == 160
        serial = Ledger(HOT, SCARCE)
        serial.post_all(e.posting for e in kept.entries)
        assert serial.book() == kept
