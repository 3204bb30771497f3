"""A points ledger as JSON Lines: the same book as the JSON document, read a line at a
time, refusing what the document form refuses at the same paths."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from neighborly import InvalidInput
from neighborly.points import Account, AccountKind, Book, Item, Ledger, Posting, PostingKind
from neighborly.serialization import (
    DEFAULT_LIMITS,
    Limits,
    book_lines,
    dumps,
    load_book_lines,
    loads,
)

from strategies import books

AT = dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def small_book(entries: int = 3, *, head: bool = True) -> Book:
    made = Ledger(
        [
            Account("budget", AccountKind.ISSUER, "志愿积分", budget=10**6),
            Account("v-1", AccountKind.VOLUNTEER, holder="v-1"),
            Account("shop", AccountKind.SINK, "爱心超市"),
        ],
        [Item("soap", "洗衣皂", cost=20, stock=5)],
    )
    for i in range(entries):
        at = AT + dt.timedelta(minutes=i)
        made.post(Posting(f"a{i}", at, PostingKind.AWARD, "budget", "v-1", 30, memo="扫楼道"))
    book = made.book()
    return book if head else Book(book.accounts, book.catalogue, book.entries)


def text(book: Book) -> bytes:
    return b"".join(book_lines(book))


def problems(content: bytes, *, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as excinfo:
        load_book_lines(content, limits=limits)
    return [(p.path, p.expected.en) for p in excinfo.value.problems]


def document_problems(content: bytes, *, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as excinfo:
        loads(content, Book, limits=limits)
    return [(p.path, p.expected.en) for p in excinfo.value.problems]


@given(books())
def test_a_book_comes_back_from_its_lines_equal_to_its_document(book: Book):
    lines = list(book_lines(book))
    assert all(line.endswith(b"\n") and line.count(b"\n") == 1 for line in lines)
    assert len(lines) == 1 + len(book.entries) + (book.head is not None)
    assert load_book_lines(b"".join(lines)) == book == loads(dumps(book), Book)


def test_the_first_line_holds_the_accounts_and_catalogue_and_the_last_the_head():
    book = small_book()
    lines = text(book).splitlines()
    assert lines[0].startswith(b'{"accounts":[')
    assert b'"catalogue":[' in lines[0]
    assert lines[1].startswith(b'{"posting":{')
    assert lines[-1] == b'{"head":"' + book.head.encode() + b'"}'
    assert load_book_lines(text(small_book(head=False))) == small_book(head=False)
    assert load_book_lines(text(small_book(0))) == small_book(0)


def test_lines_are_read_from_a_path_a_file_object_or_bytes(tmp_path: Path):
    book = small_book()
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(text(book))
    assert load_book_lines(path) == book
    assert load_book_lines(str(path)) == book
    assert load_book_lines(io.BytesIO(text(book))) == book
    with path.open("rb") as stream:
        assert load_book_lines(stream) == book


def test_windows_line_ends_a_byte_order_mark_and_no_final_line_feed_are_read():
    book = small_book()
    content = text(book)
    assert load_book_lines(content.replace(b"\n", b"\r\n")) == book
    assert load_book_lines(b"\xef\xbb\xbf" + content) == book
    assert load_book_lines(content.rstrip(b"\n")) == book


def test_times_with_a_fixed_offset_or_z_read_as_in_a_document():
    book = small_book()
    for old, new in ((b"+08:00[Asia/Shanghai]", b"+08:00"), (b"T10:", b"T10:")):
        content = text(book).replace(old, new)
        assert load_book_lines(content) == book
    zulu = text(book).replace(b"T10:00:00+08:00", b"T02:00:00Z")
    assert load_book_lines(zulu).entries[0].posting.at == AT


# Each mutation of the second entry's line, written the same way in the document.
MUTATIONS = {
    "points of zero": (b'"points":30', b'"points":0'),
    "an unknown key": (b'"points":30', b'"points":30,"bonus":1'),
    "a key given twice": (b'"points":30', b'"points":30,"points":31'),
    "a key written apart": (b'"points":30', b'"points" :30'),
    "a key given twice, another written apart": (
        b'"points":30',
        b'"points":30,"points":31,"source" :"budget"',
    ),
    "a memo written with escapes": (b'"memo":"', b'"memo":"\\u626b \\"'),
    "a day the month lacks": (b"2026-11-22T10:01", b"2026-11-31T10:01"),
    "an integer too long": (b'"points":30', b'"points":' + b"9" * 30),
    "a number that is not finite": (b'"points":30', b'"points":1e999'),
    "no posting": (b'"posting":{', b'"other":{'),
    "a lone surrogate": (b'"memo":"', b'"memo":"\\ud800'),
    "an array": (b'"points":30', b'"points":[[[[[[30]]]]]]'),
}


@pytest.mark.parametrize("name", MUTATIONS)
def test_an_entry_is_read_as_the_document_reads_it(name: str):
    old, new = MUTATIONS[name]
    book = small_book()
    lines = text(book).splitlines(keepends=True)
    entry = lines[2]
    assert old in entry, name
    changed = entry.replace(old, new, 1)
    content = b"".join([*lines[:2], changed, *lines[3:]])
    document = dumps(book).replace(entry.rstrip(b"\n"), changed.rstrip(b"\n"))
    assert document != dumps(book)
    try:
        expected = loads(document, Book)
    except InvalidInput:
        found = problems(content)
        assert found == document_problems(document)
        assert all(path.startswith("$.entries[1]") for path, _ in found)
    else:
        assert load_book_lines(content) == expected


def test_the_other_limits_apply_within_each_line():
    lines = text(small_book()).splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"points":30', b'"points":[[[30]]]')
    content = b"".join(lines)
    # the line nests five deep: the entry, its posting and three arrays; in the
    # document the same entry is two deeper (the book, its entries)
    assert problems(content, limits=Limits(max_depth=3)) == [
        (
            "$.entries[1].posting.points[0]",
            "arrays and objects nested at most 3 deep (Limits.max_depth)",
        )
    ]
    assert all("max_depth" not in what for _, what in problems(content, limits=Limits(max_depth=5)))
    memo = text(small_book()).replace(b'"memo":"', b'"memo":"' + b"x" * 70, 1)
    assert problems(memo, limits=Limits(max_string=64)) == [
        ("$.entries[0].posting.memo", "a string of at most 64 characters (Limits.max_string)")
    ]


def test_a_line_that_is_not_json_names_its_line_number():
    lines = text(small_book()).splitlines(keepends=True)
    lines[3] = b'{"posting": \n'
    with pytest.raises(InvalidInput) as excinfo:
        load_book_lines(b"".join(lines))
    (problem,) = excinfo.value.problems
    assert problem.path == "$.entries[2]"
    assert problem.expected.en == "valid JSON"
    assert "at line 4, column" in problem.actual.en
    assert "第 4 行" in problem.actual.zh


def test_every_bad_line_is_listed_and_max_problems_bounds_the_list():
    lines = text(small_book(5)).splitlines(keepends=True)
    for i in (1, 3, 5):
        lines[i] = lines[i].replace(b'"points":30', b'"points":0')
    content = b"".join(lines)
    assert [path for path, _ in problems(content)] == [
        "$.entries[0].posting.points",
        "$.entries[2].posting.points",
        "$.entries[4].posting.points",
    ]
    with pytest.raises(InvalidInput) as excinfo:
        load_book_lines(content, limits=Limits(max_problems=2))
    assert len(excinfo.value.problems) == 2
    assert excinfo.value.more == 1


def test_a_problem_on_the_first_line_is_at_the_books_path():
    lines = text(small_book()).splitlines(keepends=True)
    lines[0] = lines[0].replace(b'"id":"v-1"', b'"id":"budget"')
    assert problems(b"".join(lines))[0][0].startswith("$.accounts")
    lines = text(small_book()).splitlines(keepends=True)
    lines[0] = b'{"accounts":[],"catalogue":[],"entries":[]}\n'
    assert problems(b"".join(lines))[0][0] == "$.entries"


def test_the_head_goes_on_the_last_line_and_an_empty_file_is_no_ledger():
    lines = text(small_book()).splitlines(keepends=True)
    moved = [lines[0], lines[-1], *lines[1:-1]]
    assert problems(b"".join(moved)) == [("$.head", "the head on the last line")]
    lines[-1] = b'{"head":"not a digest"}\n'
    assert problems(b"".join(lines))[0][0] == "$.head"
    assert problems(b"")[0][0] == "$"
    blank = text(small_book()).replace(b"\n", b"\n\n", 1)
    assert problems(blank)[0][0] == "$.entries[0]"


def test_max_bytes_bounds_each_line_not_the_file():
    book = small_book(40)
    content = text(book)
    longest = max(len(line) for line in content.splitlines())
    limits = Limits(max_bytes=longest)
    assert len(content) > limits.max_bytes
    assert load_book_lines(content, limits=limits) == book
    with pytest.raises(InvalidInput) as excinfo:
        load_book_lines(content, limits=Limits(max_bytes=longest - 1))
    (problem,) = excinfo.value.problems
    assert problem.expected.en == f"lines of at most {longest - 1:,} bytes (Limits.max_bytes)"


def test_a_line_too_long_stops_the_reading_without_taking_it_whole():
    class Endless(io.RawIOBase):
        """A first line that never ends, for as long as it is read."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            buffer[:] = b" " * len(buffer)
            return len(buffer)

    stream = io.BufferedReader(Endless())
    with pytest.raises(InvalidInput) as excinfo:
        load_book_lines(stream, limits=Limits(max_bytes=1000))
    assert "line 1 is longer" in excinfo.value.problems[0].actual.en


def test_max_items_bounds_the_values_of_all_lines_together():
    book = small_book(10)
    content = text(book)
    header = content.splitlines()[0]
    # the values as a document counts them: the header's, each entry's two objects'
    # and the head's
    needed = sum(values_in(json.loads(line)) for line in content.splitlines())
    assert needed == values_in(json.loads(header)) + 10 * (3 + 11) + 1
    assert load_book_lines(content, limits=Limits(max_items=needed)) == book
    found = problems(content, limits=Limits(max_items=needed - 1))
    assert found == [("$", f"at most {needed - 1:,} values in all (Limits.max_items)")]


def values_in(data: object) -> int:
    if isinstance(data, dict):
        return len(data) + sum(values_in(v) for v in data.values())
    if isinstance(data, list):
        return len(data) + sum(values_in(v) for v in data)
    return 0


ENTRY_FIELDS = ("seq", "prev", "posting")
POSTING_FIELDS = ("key", "at", "kind", "source", "target", "points")


@given(st.integers(0, 5), st.sampled_from(ENTRY_FIELDS + POSTING_FIELDS))
def test_an_entry_without_a_field_is_refused_at_that_field(index: int, field: str):
    lines = text(small_book(6)).splitlines(keepends=True)
    data = json.loads(lines[1 + index])
    del (data if field in ENTRY_FIELDS else data["posting"])[field]
    lines[1 + index] = json.dumps(data).encode() + b"\n"
    where = f"$.entries[{index}]" + ("" if field in ENTRY_FIELDS else ".posting")
    assert problems(b"".join(lines))[0][0] == f"{where}.{field}"


def test_without_msgspec_the_lines_are_the_same_and_read_the_same(monkeypatch):
    from neighborly import serialization

    book = small_book()
    fast = text(book)
    monkeypatch.setattr(serialization, "_ENCODER", None)
    monkeypatch.setattr(serialization, "decode_json", json.loads)
    assert text(book) == fast
    assert load_book_lines(fast) == book
    bad = fast.replace(b'"points":30', b'"points":0', 1)
    assert problems(bad) == [
        ("$.entries[0].posting.points", "a whole number from 1 to 1000000000000")
    ]


def test_an_entry_deeper_than_max_depth_is_refused_even_when_it_builds():
    # an entry nests two deep (the entry, its posting); the first line three
    found = problems(text(small_book(2)), limits=Limits(max_depth=1))
    assert [path for path, _ in found] == [
        "$.accounts",
        "$.entries[0].posting",
        "$.entries[1].posting",
    ]
    assert all("Limits.max_depth" in what for _, what in found)


# What a file from elsewhere may do to the lines of a good one, each at a chosen line.
_MUTATIONS = {
    "points zero": lambda line: line.replace(b'"points":', b'"points":0,"x":', 1),
    "points as text": lambda line: line.replace(b'"points":', b'"points":"1","y":', 1),
    "points fractional": lambda line: line.replace(b'"points":', b'"points":1.0,"z":', 1),
    "a field left out": lambda line: line.replace(b'"memo":null,', b"", 1),
    "a key twice": lambda line: line.replace(b'{"posting":{', b'{"posting":{"key":"k",', 1),
    "a key apart from its colon": lambda line: line.replace(b'"seq":', b'"seq" :', 1),
    "an unknown field": lambda line: line.replace(b'{"posting":', b'{"extra":1,"posting":', 1),
    "an unknown kind": lambda line: line.replace(b'"kind":"', b'"kind":"x', 1),
    "a bad prev": lambda line: line.replace(b'"prev":"', b'"prev":"Z', 1),
    "a fixed offset": lambda line: line.replace(b"[Asia/Shanghai]", b"", 1),
    "a time without a zone": lambda line: line.replace(b"+08:00[Asia/Shanghai]", b"", 1),
    "a lone surrogate": lambda line: line.replace(b'"memo":null', b'"memo":"\\ud800"', 1),
    "a long memo": lambda line: line.replace(b'"memo":null', b'"memo":"' + b"m" * 90 + b'"', 1),
    "not JSON": lambda line: line[:-1],
    "blank": lambda _: b"",
    "spaces": lambda _: b"   ",
    "the head": lambda _: b'{"head":"' + b"0" * 64 + b'"}',
    "an escaped quote": lambda line: line.replace(b'"memo":null', b'"memo":"\\"x\\""', 1),
    "a key ending like a field": lambda line: line.replace(b'"memo":', b'"x\\"memo":', 1),
    "an unknown field for an optional one": lambda line: line.replace(b'"memo":', b'"memx":', 1),
    "an optional field twice": lambda line: line.replace(b'"record":', b'"memo":', 1),
    "a fraction of a second": lambda line: line.replace(b":00+08:00", b":00.5+08:00", 1),
    "a time in UTC": lambda line: line.replace(b"+08:00[Asia/Shanghai]", b"Z", 1),
    "UTC in a named zone": lambda line: line.replace(b"+08:00[", b"Z[", 1),
    "another zone": lambda line: line.replace(b"Asia/Shanghai", b"Asia/Tokyo", 1),
    "a zone that is not": lambda line: line.replace(b"Asia/Shanghai", b"Mars/Base", 1),
    "a zone's slash escaped": lambda line: line.replace(b"Asia/Shanghai", b"Asia\\/Shanghai", 1),
    "a lower-case t": lambda line: line.replace(b"T", b"t", 1),
}


def _outcome(content: bytes, limits: Limits) -> object:
    try:
        book = load_book_lines(content, limits=limits)
    except InvalidInput as exc:
        return [(p.path, p.expected.en, p.actual.en) for p in exc.problems], exc.more
    # equal books, and each time in the same zone on the same fold (equal times
    # compare only their instants)
    return book, [(e.posting.at.tzinfo, e.posting.at.fold) for e in book.entries]


@given(
    books(),
    st.lists(st.tuples(st.integers(1, 12), st.sampled_from(sorted(_MUTATIONS))), max_size=3),
    st.integers(1, 4),
    st.sampled_from(
        [
            DEFAULT_LIMITS,
            Limits(max_string=200),
            Limits(max_items=100),
            Limits(max_depth=2),
            Limits(max_problems=1),
        ]
    ),
)
def test_lines_read_in_batches_read_as_one_at_a_time(
    book: Book, mutations: list[tuple[int, str]], batch: int, limits: Limits
):
    """Entry lines are parsed and built a batch at a time when every line of the
    batch is an entry as neighborly writes it; whatever the lines hold, the book
    read or the problems found are those of reading each line on its own."""
    from unittest import mock

    from neighborly import serialization

    lines = text(book).split(b"\n")[:-1]
    for where, name in mutations:
        if where < len(lines):
            lines[where] = _MUTATIONS[name](lines[where])
    content = b"\n".join(lines) + b"\n"
    with mock.patch.object(serialization, "_BATCH_LINES", batch):
        batched = _outcome(content, limits)
    with mock.patch.object(serialization, "_decode_entry_lines", None):
        alone = _outcome(content, limits)
    assert batched == alone


def test_a_batch_of_plain_entries_is_built_together():
    """The path the property above compares with the line-at-a-time reading is the
    one a ledger's own file takes."""
    from unittest import mock

    from neighborly import serialization

    book = small_book(6)
    with mock.patch.object(serialization, "_read_entry", side_effect=AssertionError):
        assert load_book_lines(text(book)[: text(book).rindex(b'{"head"')]) == Book(
            book.accounts, book.catalogue, book.entries
        )
