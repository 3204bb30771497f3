"""Service points (服务积分): an append-only, double-entry ledger.

Points are money-like, so they are kept the way a careful accounting system keeps
money.  Every :class:`Posting` moves a whole number of points from one
:class:`Account` to another, so every posting balances to zero and so does the
ledger.  Accounts are a programme's budget (an *issuer*), volunteers and households
(*holders*), and *sinks* where redeemed or expired points go.

A :class:`Ledger` only grows.  Balances are derived from its postings (kept as a
running index and equal, always, to a replay from the first posting; see
:func:`replay`), never stored as truth.  A posting that would overdraw a holder,
exceed an issuer's budget, sell stock that is gone or reverse something twice is
refused with :class:`~neighborly.errors.Refused` and changes nothing.

Every posting has an idempotency key: posting the same key with the same content
again returns the original entry and changes nothing; the same key with other
content raises :class:`~neighborly.errors.Conflict`.

Every :class:`Entry` carries ``prev``, the SHA-256 of the canonical bytes of every
entry before it, and the ledger's ``head`` covers them all and the accounts and
catalogue too, so :func:`verify_chain` finds any edited, dropped or reordered entry,
and any edited, added or dropped account or item, once the head is kept somewhere
else.  The chain is computed in batches, when entries are first read, exported or
verified.

A ledger may be shared between threads: one lock per ledger makes each call whole
(a post, a batch of :meth:`Ledger.post_all`, a read of ``entries`` or ``head``), so
two threads posting the same key record it once.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    >>> ledger = Ledger(
    ...     [Account("budget", AccountKind.ISSUER, budget=1000),
    ...      Account("v-1", AccountKind.VOLUNTEER, holder="v-1"),
    ...      Account("shop", AccountKind.SINK)],
    ...     [Item("soap", "洗衣皂", cost=20, stock=5)],
    ... )
    >>> entry = ledger.post(Posting("award:sr-1", at, PostingKind.AWARD, "budget", "v-1", 25))
    >>> _ = ledger.post(Posting("buy-1", at, PostingKind.REDEMPTION, "v-1", "shop", 20,
    ...                         item="soap", quantity=1))
    >>> ledger.balance("v-1"), ledger.balance("budget"), ledger.stock("soap")
    (5, -25, 4)
    >>> verify_chain(ledger.book()).passed
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from neighborly._checks import (
    AWARE,
    IDENT,
    OPT_PROSE,
    OPT_TEXT,
    TEXT,
    Check,
    Where,
    checks,
    duplicate_ids,
    enum_set,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly._time import moment_text
from neighborly.calendar import HOLIDAY_ARRANGEMENTS, Festival, festival_days, holiday_on
from neighborly.errors import Conflict, NotFound, Problem, Refused
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Rule, Verdict
from neighborly.volunteering import RecordPolicy, RecordStatus, ServiceRecord

__all__ = [
    "ACCOUNT",
    "BOOK_DECLARED",
    "CHAIN_RULE",
    "EMPTY_CHAIN",
    "ITEM",
    "RULES",
    "Account",
    "AccountKind",
    "Award",
    "Book",
    "EarningPolicy",
    "EarningRule",
    "Effect",
    "Entry",
    "ExpiryPolicy",
    "Item",
    "Ledger",
    "LedgerState",
    "Posting",
    "PostingKind",
    "RedemptionPolicy",
    "Replay",
    "award_key",
    "awards",
    "balances_of",
    "expiries",
    "floor_of",
    "head_of",
    "judge",
    "link",
    "post_in_order",
    "redemption",
    "register_of",
    "replay",
    "reversal",
    "verify_chain",
]

MAX_POINTS = 10**12


def _register(accounts: Iterable[Account], catalogue: Iterable[Item]) -> bytes:
    """The SHA-256 digest of the accounts and the catalogue, each in order of id (so
    the order a file lists them in does not matter, but every field does)."""
    digest = hashlib.sha256()
    for a in sorted(accounts, key=lambda a: a.id):
        digest.update(repr(("account", a.id, a.kind.value, a.name, a.holder, a.budget)).encode())
    for i in sorted(catalogue, key=lambda i: i.id):
        digest.update(repr(("item", i.id, i.name, i.cost, i.stock)).encode())
    return digest.digest()


def _head(register: bytes, chain: bytes) -> str:
    """The head: the SHA-256 over the accounts and catalogue and every entry."""
    return hashlib.sha256(register + chain).hexdigest()


def register_of(accounts: Iterable[Account], catalogue: Iterable[Item]) -> bytes:
    """The SHA-256 digest of a book's accounts and catalogue, which its head covers
    (each in order of id: the order a file lists them in does not matter)."""
    return _register(accounts, catalogue)


def head_of(register: bytes, chain: bytes) -> str:
    """A book's head from its :func:`register_of` and ``chain``, the last link of its
    entries' chain (see :func:`link`; what a store that keeps the entries elsewhere
    computes when it reads them back)."""
    return _head(register, chain)


EMPTY_CHAIN = hashlib.sha256(b"").digest()
"""The chain of a book with no entries: the ``prev`` of its first entry."""


def link(prev: bytes, canonical: bytes) -> bytes:
    """The chain after an entry: the SHA-256 of the chain before it (``prev``, 32
    bytes) followed by the entry's canonical bytes.  Each link covers every entry
    before it, and a store can extend the chain knowing only the last link."""
    return hashlib.sha256(prev + canonical).digest()


class AccountKind(str, enum.Enum):
    """What an account is for."""

    ISSUER = "issuer"  # a programme's budget: points are issued from it
    VOLUNTEER = "volunteer"  # a volunteer's points
    HOUSEHOLD = "household"  # a household's points (e.g. for sorting waste well)
    SINK = "sink"  # where redeemed or expired points go

    @property
    def holds(self) -> bool:
        """Whether a person or household owns the points (and so never goes below 0)."""
        return self in {AccountKind.VOLUNTEER, AccountKind.HOUSEHOLD}


@attrs.frozen(eq=False, repr=False)
class Account(Model):
    """A points account.  A holder account (volunteer, household) names its ``holder``
    and never goes below zero; an issuer may have a ``budget``, the most points it may
    have out at once (its balance never goes below ``-budget``)."""

    id: str
    kind: AccountKind
    name: str | None = None
    holder: str | None = None
    budget: int | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        kind=is_enum(AccountKind),
        name=OPT_TEXT,
        holder=opt(IDENT),
        budget=opt(int_range(0, MAX_POINTS)),
        where=(
            Where(
                "self.budget is None or self.kind is _ISSUER",
                "$.budget",
                Text("no budget: only an issuer has one", "无预算（仅发放账户有预算）"),
                {"_ISSUER": AccountKind.ISSUER},
                shows="budget",
            ),
            Where(
                "(self.holder is not None) == self.kind.holds",
                "$.holder",
                Text(
                    "the holder's id for a volunteer or household account, and none otherwise",
                    "志愿者或家庭账户须填写持有人，其他账户不填",
                ),
                shows="holder",
            ),
        ),
    )


@attrs.frozen(eq=False, repr=False)
class Item(Model):
    """Something in the redemption catalogue (e.g. a love supermarket's 爱心超市 shelf):
    its cost in points and its stock (``None``: unlimited)."""

    id: str
    name: str
    cost: int
    stock: int | None = None

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, cost=int_range(1, MAX_POINTS), stock=opt(int_range(0, MAX_POINTS))
    )


class PostingKind(str, enum.Enum):
    """Why points move.

    ``award``: issuer to holder; ``redemption`` and ``expiry``: holder to sink;
    ``transfer``: holder to holder; ``reversal``: undoes one earlier posting.
    """

    AWARD = "award"
    REDEMPTION = "redemption"
    EXPIRY = "expiry"
    TRANSFER = "transfer"
    REVERSAL = "reversal"


_KINDS: dict[str, PostingKind] = {kind._value_: kind for kind in PostingKind}


def _canonical(posting: Posting) -> bytes:
    """The posting's content as bytes: what the hash chain and idempotency compare."""
    return _canonical_row(_row(posting))


# A recorded posting as the ledger keeps it: its fields in canonical order, the kind
# as its value.  A tuple of plain values leaves the cyclic collector's lists at its
# first pass, so the postings a ledger holds cost a running collector nothing to walk
# (Posting objects would be walked on every full pass: about 2 us a posting at a
# million).  The fields were checked when the posting was made.
_Row = tuple[
    str, dt.datetime, str, str, str, int, str | None, str | None, str | None, int | None, str | None
]


def _row(posting: Posting) -> _Row:
    return (
        posting.key,
        posting.at,
        posting.kind._value_,  # the member's value, without the property's Python call
        posting.source,
        posting.target,
        posting.points,
        posting.memo,
        posting.record,
        posting.item,
        posting.quantity,
        posting.reverses,
    )


def _canonical_row(row: _Row) -> bytes:
    return repr((row[0], moment_text(row[1]), *row[2:])).encode()


_POSTING_CHECK = checks(
    key=IDENT,
    at=AWARE,
    kind=is_enum(PostingKind),
    source=IDENT,
    target=IDENT,
    points=int_range(1, MAX_POINTS),
    memo=OPT_PROSE,
    record=opt(IDENT),
    item=opt(IDENT),
    quantity=opt(int_range(1, 1_000_000)),
    reverses=opt(IDENT),
    where=(
        Where(
            "self.source != self.target",
            "$.target",
            Text("an account other than the source", "与转出账户不同的账户"),
            shows="target",
        ),
        Where(
            "(self.kind is _REDEMPTION) == (self.item is not None and self.quantity is not None)",
            "$.item",
            Text(
                "an item and a quantity exactly when the posting is a redemption",
                "兑换须填写物品和数量，其他记账不填",
            ),
            {"_REDEMPTION": PostingKind.REDEMPTION},
            shows="item",
        ),
        Where(
            "(self.kind is _REVERSAL) == (self.reverses is not None)",
            "$.reverses",
            Text(
                "the key of the posting reversed, exactly when the posting is a reversal",
                "冲正须填写被冲正记账的键，其他记账不填",
            ),
            {"_REVERSAL": PostingKind.REVERSAL},
            shows="reverses",
        ),
    ),
)


@attrs.frozen(eq=False, repr=False)
class Posting(Model):
    """One movement of ``points`` from ``source`` to ``target`` at ``at``.

    ``key`` makes posting idempotent.  An award may name the service ``record`` it
    pays for; a redemption names the catalogue ``item`` and ``quantity``; a reversal
    names the key it ``reverses`` and moves the same points back.
    """

    key: str
    at: dt.datetime
    kind: PostingKind
    source: str
    target: str
    points: int
    memo: str | None = None
    record: str | None = None
    item: str | None = None
    quantity: int | None = None
    reverses: str | None = None
    # The canonical bytes, written when first needed (sealing the chain, or the same
    # key posted again): postings that are never sealed do not pay for them.
    _canonical: bytes | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False
    )

    __attrs_post_init__ = _POSTING_CHECK

    @property
    def canonical(self) -> bytes:
        """The content that is hashed into the chain and compared for idempotency."""
        found = self._canonical
        if found is None:
            found = _canonical(self)
            object.__setattr__(self, "_canonical", found)
        return found


_ROW_FIELDS = (
    "key",
    "at",
    "kind",
    "source",
    "target",
    "points",
    "memo",
    "record",
    "item",
    "quantity",
    "reverses",
)


def _posting_of(row: _Row) -> Posting:
    """The posting a row was made from (its checks passed when it was first made)."""
    posting: Posting = object.__new__(Posting)
    for name, value in zip(_ROW_FIELDS, row, strict=True):
        object.__setattr__(posting, name, value)
    object.__setattr__(posting, "kind", _KINDS[row[2]])
    object.__setattr__(posting, "_canonical", None)
    return posting


@attrs.frozen(eq=False, repr=False)
class Entry(Model):
    """A posting as recorded: its position ``seq`` and ``prev``, the chain of every
    entry before it in hex (:func:`link`; the first entry's is the SHA-256 of no
    bytes)."""

    seq: int
    posting: Posting
    prev: str

    __attrs_post_init__ = checks(
        seq=int_range(0, 10**12),
        posting=Check("type({v}) is _Posting", Text("a posting", "记账"), {"_Posting": Posting}),
        prev=Check(
            "type({v}) is str and _is_digest({v}) is not None",
            Text("64 lowercase hexadecimal digits (SHA-256)", "64 位小写十六进制（SHA-256）"),
            {"_is_digest": re.compile("[0-9a-f]{64}").fullmatch},
        ),
    )


def _unique_ids(book: Book) -> list[Problem]:
    return [
        *duplicate_ids("accounts", [a.id for a in book.accounts]),
        *duplicate_ids("catalogue", [i.id for i in book.catalogue]),
    ]


@attrs.frozen(eq=False, repr=False)
class Book(Model):
    """A ledger as data, to keep in a file: the accounts, the catalogue, every entry,
    and ``head``, the SHA-256 over all entries (keep a copy elsewhere: a chain can
    only show tampering against a head that was not tampered with too).

    Construction checks only shape and unique ids; whether the entries replay
    cleanly and whether the chain holds are answers from :func:`replay` and
    :func:`verify_chain`, so a damaged book can still be read and reported on.
    """

    accounts: tuple[Account, ...] = ()
    catalogue: tuple[Item, ...] = ()
    entries: tuple[Entry, ...] = ()
    head: str | None = None

    __attrs_post_init__ = checks(
        accounts=tuple_of(Account),
        catalogue=tuple_of(Item),
        entries=tuple_of(Entry),
        head=opt(
            Check(
                "type({v}) is str and len({v}) == 64",
                Text("64 hexadecimal digits (SHA-256)", "64 位十六进制（SHA-256）"),
            )
        ),
        then=_unique_ids,
    )


# --- the ledger ------------------------------------------------------------------------

# Which account kinds each posting kind may move points between.
_ALLOWED: frozenset[tuple[AccountKind, AccountKind, PostingKind]] = frozenset(
    {
        (AccountKind.ISSUER, AccountKind.VOLUNTEER, PostingKind.AWARD),
        (AccountKind.ISSUER, AccountKind.HOUSEHOLD, PostingKind.AWARD),
        (AccountKind.VOLUNTEER, AccountKind.SINK, PostingKind.REDEMPTION),
        (AccountKind.HOUSEHOLD, AccountKind.SINK, PostingKind.REDEMPTION),
        (AccountKind.VOLUNTEER, AccountKind.SINK, PostingKind.EXPIRY),
        (AccountKind.HOUSEHOLD, AccountKind.SINK, PostingKind.EXPIRY),
        *(
            (a, b, PostingKind.TRANSFER)
            for a in (AccountKind.VOLUNTEER, AccountKind.HOUSEHOLD)
            for b in (AccountKind.VOLUNTEER, AccountKind.HOUSEHOLD)
        ),
    }
)


# Moves that touch no catalogue item and reverse nothing (every redemption names an
# item and every reversal is checked against its original, so neither is here).
_PLAIN = frozenset(t for t in _ALLOWED if t[2] is not PostingKind.REDEMPTION)
_UNSEEN = object()  # a route post_all has not looked up yet
_FULL_PATH = object()  # a route whose postings take the full path through _record


class Ledger:
    """An append-only points ledger (a small mutable aggregate: it only grows).

    ``post`` and ``post_all`` check each posting against the ledger's limits and
    either record it or raise, changing nothing.  Read ``entries``, ``head`` and
    ``book()`` for the record; ``balance``, ``balances`` and ``stock`` for what it
    adds up to.

    Safe to share between threads: every call holds the ledger's lock (re-entrant)
    for its whole length, so a post is checked and recorded at once, a batch of
    ``post_all`` is not interleaved with other posts, and reads see whole postings.
    The accounts and catalogue are fixed when the ledger is made.
    """

    def __init__(self, accounts: Iterable[Account] = (), catalogue: Iterable[Item] = ()) -> None:
        self._accounts: dict[str, Account] = {}
        for account in accounts:
            if account.id in self._accounts:
                raise Conflict("account", account.id)
            self._accounts[account.id] = account
        self._items: dict[str, Item] = {}
        for item in catalogue:
            if item.id in self._items:
                raise Conflict("catalogue item", item.id)
            self._items[item.id] = item
        self._kinds = {a.id: a.kind for a in self._accounts.values()}
        # The lowest balance each account may reach; None: no limit.
        self._floors: dict[str, int | None] = {a.id: floor_of(a) for a in self._accounts.values()}
        self._balances: dict[str, int] = dict.fromkeys(self._accounts, 0)
        self._taken: dict[str, int] = dict.fromkeys(self._items, 0)
        self._postings: list[_Row] = []
        self._index: dict[str, int] = {}
        self._reversed: dict[str, str] = {}
        self._links: list[bytes] = []  # each entry's prev
        self._chain = EMPTY_CHAIN  # the link after the last sealed entry
        self._made_entries: list[Entry] = []
        self._entries: tuple[Entry, ...] = ()
        self._routes: dict[tuple[str, str, str], Any] = {}
        self._register = _register(self._accounts.values(), self._items.values())
        self._lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------

    @property
    def accounts(self) -> tuple[Account, ...]:
        return tuple(self._accounts.values())

    @property
    def catalogue(self) -> tuple[Item, ...]:
        return tuple(self._items.values())

    def __len__(self) -> int:
        return len(self._postings)

    def __contains__(self, key: object) -> bool:
        """Whether a posting with this key is recorded."""
        return key in self._index

    def __iter__(self) -> Iterator[Posting]:
        with self._lock:
            return iter(tuple(map(_posting_of, self._postings)))

    def posting(self, key: str) -> Posting:
        """The posting recorded under ``key``; :class:`~neighborly.errors.NotFound` if none."""
        with self._lock:
            index = self._index.get(key)
            if index is None:
                raise NotFound("posting", key)
            return _posting_of(self._postings[index])

    def reversed_by(self, key: str) -> str | None:
        """The key of the reversal of ``key``, if it has been reversed."""
        return self._reversed.get(key)

    def account(self, account_id: str) -> Account:
        try:
            return self._accounts[account_id]
        except KeyError:
            raise NotFound("account", account_id) from None

    def item(self, item_id: str) -> Item:
        try:
            return self._items[item_id]
        except KeyError:
            raise NotFound("catalogue item", item_id) from None

    def balance(self, account: str) -> int:
        """The account's balance: what its postings add up to."""
        try:
            return self._balances[account]
        except KeyError:
            raise NotFound("account", account) from None

    def balances(self) -> Mapping[str, int]:
        """Every account's balance (they sum to zero)."""
        with self._lock:
            return MappingProxyType(dict(self._balances))

    def stock(self, item: str) -> int | None:
        """What is left of a catalogue item (``None``: unlimited)."""
        found = self.item(item)
        with self._lock:
            return None if found.stock is None else found.stock - self._taken[item]

    def _seal(self) -> None:
        """Extend the hash chain over entries posted since the last seal."""
        links, postings = self._links, self._postings
        if len(links) == len(postings):
            return
        chain, append, sha256 = self._chain, links.append, hashlib.sha256
        for row in postings[len(links) :]:
            append(chain)
            chain = sha256(chain + _canonical_row(row)).digest()
        self._chain = chain

    def _made(self, count: int) -> list[Entry]:
        """The entries made so far, at least the first ``count`` of them (each made
        once, so posting one at a time stays linear in the number of entries)."""
        made = self._made_entries
        if len(made) < count:
            self._seal()
            postings, links = self._postings, self._links
            made.extend(
                _entry(i, _posting_of(postings[i]), links[i].hex()) for i in range(len(made), count)
            )
        return made

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in order, each with the hash of all before it."""
        with self._lock:
            if len(self._entries) != len(self._postings):
                self._entries = tuple(self._made(len(self._postings)))
            return self._entries

    @property
    def head(self) -> str:
        """The SHA-256 over the accounts, the catalogue and every entry: what to keep
        elsewhere to detect tampering."""
        with self._lock:
            self._seal()
            return _head(self._register, self._chain)

    def book(self) -> Book:
        """The ledger as data, to keep or send."""
        with self._lock:
            return Book(self.accounts, self.catalogue, self.entries, self.head)

    # -- posting ---------------------------------------------------------------------

    def post(self, posting: Posting) -> Entry:
        """Record ``posting`` and return its entry; the same key with the same content
        again returns the original entry.  Raises :class:`~neighborly.errors.Conflict`
        (same key, other content) or :class:`~neighborly.errors.Refused` (a limit),
        changing nothing."""
        with self._lock:
            key = posting.key
            index = self._index.get(key)
            if index is not None:
                self._same(index, posting)
                return self._made(index + 1)[index]
            # The common path of _post_all for one posting, without setting up a loop
            route = (posting.source, posting.target, posting.kind._value_)
            floor = self._routes.get(route, _UNSEEN)
            if floor is _UNSEEN:
                floor = self._routes[route] = self._route(route)
            recorded, balances, points = self._postings, self._balances, posting.points
            index = len(recorded)
            if floor is _FULL_PATH or (floor is not None and balances[route[0]] - points < floor):
                self._record(posting)  # every check, with the refusal's figures
            else:
                balances[route[0]] -= points
                balances[route[1]] += points
                self._index[key] = index
                recorded.append(_row(posting))
            links = self._links
            if len(links) == index:  # all before it sealed: seal it alone
                prev = self._chain
                self._chain = hashlib.sha256(prev + _canonical_row(recorded[index])).digest()
                links.append(prev)
                # Not kept: ``entries`` makes it again from the link when asked,
                # and a ledger posted to one at a time holds half the objects.
                return _entry(index, posting, prev.hex())
            return self._made(index + 1)[index]

    def post_all(self, postings: Iterable[Posting]) -> int:
        """Record many postings in order; returns how many were new (repeats of
        recorded keys with the same content are skipped).  Stops at the first
        refusal or conflict, which it raises: the postings before it stay recorded.
        Holds the ledger's lock for the whole batch."""
        with self._lock:
            return self._post_all(postings)

    def _post_all(self, postings: Iterable[Posting]) -> int:
        # The common case (an allowed move between known accounts, no item, no
        # reversal) is inlined here, with each (source, target, kind) route looked up
        # once and its source's floor remembered; everything else goes through
        # _record.  The checks are the same either way.
        index, recorded, balances = self._index, self._postings, self._balances
        routes, record, append = self._routes, self._record, recorded.append
        get_route, get_index = routes.get, index.get
        count = before = len(recorded)
        for posting in postings:
            key = posting.key
            known = get_index(key)
            if known is not None:
                if _canonical_row(recorded[known]) != posting.canonical:
                    raise Conflict("posting", key, "recorded with other content")
                continue
            # the kind's value, not the member: an enum member hashes in Python code
            route = (posting.source, posting.target, posting.kind._value_)
            floor = get_route(route, _UNSEEN)
            if floor is _UNSEEN:
                floor = routes[route] = self._route(route)
            if floor is _FULL_PATH:
                record(posting)  # redemptions, reversals, unknown accounts, wrong kinds
                count += 1
                continue
            source, target = route[0], route[1]
            points = posting.points
            remaining = balances[source] - points
            if floor is not None and remaining < floor:
                record(posting)  # raises the refusal with its figures
            balances[source] = remaining
            balances[target] += points
            index[key] = count
            count += 1
            append(_row(posting))
        return count - before

    def _route(self, route: tuple[str, str, str]) -> int | object | None:
        """The source's floor for a plain route, or _FULL_PATH."""
        source, target, kind = route
        kinds = self._kinds
        if (kinds.get(source), kinds.get(target), PostingKind(kind)) not in _PLAIN:
            return _FULL_PATH
        return self._floors[source]

    def _same(self, index: int, posting: Posting) -> None:
        if _canonical_row(self._postings[index]) != posting.canonical:
            raise Conflict("posting", posting.key, "recorded with other content")

    def _record(self, posting: Posting) -> None:
        """Judge ``posting`` by every rule (see :func:`judge`) and record it."""
        effect = judge(posting, _LedgerView(self))
        if effect is None:  # the same content under a recorded key: nothing to do
            return
        balances = self._balances
        balances[effect.source] -= effect.points
        balances[effect.target] += effect.points
        if effect.item is not None:
            self._taken[effect.item] += effect.taken
        if effect.reverses is not None:
            self._reversed[effect.reverses] = posting.key
        self._index[posting.key] = len(self._postings)
        self._postings.append(_row(posting))

    def __repr__(self) -> str:
        return f"<Ledger: {len(self._accounts)} accounts, {len(self._postings)} entries>"


class LedgerState(Protocol):
    """What :func:`judge` reads of a ledger: a :class:`Ledger` in memory, or a store's
    rows read inside the transaction that records the posting."""

    def account_of(self, account_id: str) -> Account | None:
        """The account, or None when the ledger has none of that id."""
        ...

    def item_of(self, item_id: str) -> Item | None:
        """The catalogue item, or None."""
        ...

    def balance_of(self, account_id: str) -> int:
        """The balance of an account the ledger has."""
        ...

    def taken_of(self, item_id: str) -> int:
        """How many of a catalogue item have been redeemed (reversals given back)."""
        ...

    def posting_of(self, key: str) -> Posting | None:
        """The posting recorded under ``key``, or None."""
        ...

    def reversal_of(self, key: str) -> str | None:
        """The key of the reversal of ``key``, if it has been reversed."""
        ...


@attrs.frozen(eq=False, repr=False)
class Effect(Model):
    """What recording a posting changes: ``points`` from ``source`` to ``target``;
    ``taken`` more of catalogue ``item`` redeemed (fewer when a reversed redemption
    gives them back); the posting it ``reverses`` marked as reversed."""

    source: str
    target: str
    points: int
    item: str | None = None
    taken: int = 0
    reverses: str | None = None

    __attrs_post_init__ = checks(
        source=IDENT,
        target=IDENT,
        points=int_range(1, MAX_POINTS),
        item=opt(IDENT),
        taken=int_range(-1_000_000, 1_000_000),
        reverses=opt(IDENT),
    )


class _LedgerView:
    """A :class:`Ledger`'s own records as a :class:`LedgerState`."""

    __slots__ = ("ledger",)

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def account_of(self, account_id: str) -> Account | None:
        return self.ledger._accounts.get(account_id)

    def item_of(self, item_id: str) -> Item | None:
        return self.ledger._items.get(item_id)

    def balance_of(self, account_id: str) -> int:
        return self.ledger._balances[account_id]

    def taken_of(self, item_id: str) -> int:
        return self.ledger._taken[item_id]

    def posting_of(self, key: str) -> Posting | None:
        index = self.ledger._index.get(key)
        return None if index is None else _posting_of(self.ledger._postings[index])

    def reversal_of(self, key: str) -> str | None:
        return self.ledger._reversed.get(key)


def floor_of(account: Account) -> int | None:
    """The lowest balance ``account`` may reach (None: no limit): 0 for a holder,
    minus its budget for an issuer with one."""
    if account.kind.holds:
        return 0
    return None if account.budget is None else -account.budget


def judge(posting: Posting, state: LedgerState) -> Effect | None:
    """Every rule a ledger posts by, for ``posting`` against ``state``: what recording
    it changes, or None when the same posting is already recorded under its key.

    Raises :class:`~neighborly.errors.Conflict` for a recorded key with other
    content, and :class:`~neighborly.errors.Refused` (with its rule's code and
    figures) for an unknown account or item, points moved between the wrong kinds of
    account, a holder below zero or an issuer beyond its budget, a redemption at the
    wrong price or beyond the stock, and a reversal of nothing, of a reversal, of a
    posting already reversed or that does not move its points back.  Reads only
    ``state``: a :class:`Ledger` judges by it in memory, a store inside the
    transaction that records the posting."""
    recorded = state.posting_of(posting.key)
    if recorded is not None:
        if recorded.canonical != posting.canonical:
            raise Conflict("posting", posting.key, "recorded with other content")
        return None
    source, target, points = posting.source, posting.target, posting.points
    source_account, target_account = state.account_of(source), state.account_of(target)
    if source_account is None or target_account is None:
        raise _unknown_account(posting, source if source_account is None else target)
    kind = posting.kind
    original = None
    if kind is PostingKind.REVERSAL:
        original = _reversed_original(posting, state)
    elif (source_account.kind, target_account.kind, kind) not in _ALLOWED:
        raise _wrong_kinds(posting, source_account.kind, target_account.kind)
    balance, floor = state.balance_of(source), floor_of(source_account)
    if floor is not None and balance - points < floor:
        raise _over_limit(posting, source_account, balance)
    if posting.item is not None:
        _check_item(posting, posting.item, state)
        return Effect(source, target, points, posting.item, posting.quantity or 0)
    if original is not None and original.item is not None:  # the stock goes back
        return Effect(
            source, target, points, original.item, -(original.quantity or 0), original.key
        )
    return Effect(source, target, points, reverses=None if original is None else original.key)


def _check_item(posting: Posting, item_id: str, state: LedgerState) -> None:
    item = state.item_of(item_id)
    if item is None:
        raise ITEM_RULE.refuse(
            Text(
                f"{posting.key}: no catalogue item {item_id}",
                f"{posting.key}：目录中没有物品 {item_id}",
            ),
            "a catalogue item",
            item_id,
        )
    quantity = posting.quantity or 0
    if posting.points != item.cost * quantity:
        raise PRICE_RULE.refuse(
            Text(
                f"{posting.key}: {quantity} x {item.name} cost {item.cost * quantity} points, "
                f"posted {posting.points}",
                f"{posting.key}：{quantity} 件{item.name}应为 {item.cost * quantity} 分，"
                f"记账 {posting.points} 分",
            ),
            str(item.cost * quantity),
            str(posting.points),
        )
    left = None if item.stock is None else item.stock - state.taken_of(item_id)
    if left is not None and quantity > left:
        raise STOCK_RULE.refuse(
            Text(
                f"{posting.key}: {quantity} x {item.name} asked, {left} left "
                f"({quantity - left} short)",
                f"{posting.key}：兑换{item.name} {quantity} 件，库存 {left} 件（缺 {quantity - left} 件）",
            ),
            str(quantity),
            str(left),
        )


def _reversed_original(posting: Posting, state: LedgerState) -> Posting:
    """The posting ``posting`` reverses, when it may: refused otherwise."""
    key = posting.reverses
    assert key is not None  # noqa: S101 - a reversal always names its original
    original = state.posting_of(key)
    if original is None:
        raise _bad_reversal(
            posting, Text(f"there is no posting {key} to reverse", f"没有可冲正的记账 {key}")
        )
    if original.kind is PostingKind.REVERSAL:
        raise _bad_reversal(posting, Text(f"{key} is itself a reversal", f"{key} 本身就是冲正"))
    by = state.reversal_of(key)
    if by is not None:
        raise _bad_reversal(
            posting, Text(f"{key} is already reversed by {by}", f"{key} 已被 {by} 冲正")
        )
    if (posting.source, posting.target, posting.points) != (
        original.target,
        original.source,
        original.points,
    ):
        raise _bad_reversal(
            posting,
            Text(
                f"a reversal of {key} moves its {original.points} points back from "
                f"{original.target} to {original.source}",
                f"冲正 {key} 须把 {original.points} 分从 {original.target} 退回 {original.source}",
            ),
        )
    return original


def _bad_reversal(posting: Posting, problem: Text) -> Refused:
    return REVERSAL_RULE.refuse(
        Text(f"{posting.key}: {problem.en}", f"{posting.key}：{problem.zh}")
    )


def _entry(seq: int, posting: Posting, prev: str) -> Entry:
    """An entry the ledger made itself (its fields are right by construction, so the
    checks a file's entries get are skipped)."""
    entry: Entry = object.__new__(Entry)
    object.__setattr__(entry, "seq", seq)
    object.__setattr__(entry, "posting", posting)
    object.__setattr__(entry, "prev", prev)
    return entry


def _unknown_account(posting: Posting, account: str) -> Refused:
    return ACCOUNT_RULE.refuse(
        Text(
            f"{posting.key}: no account {account}",
            f"{posting.key}：没有账户 {account}",
        ),
        "an account of the ledger",
        account,
    )


def _wrong_kinds(posting: Posting, source: AccountKind, target: AccountKind) -> Refused:
    return KIND_RULE.refuse(
        Text(
            f"{posting.key}: a {posting.kind.value} cannot move points from a {source.value} "
            f"account to a {target.value} account",
            f"{posting.key}：{posting.kind.value} 不能从 {source.value} 账户转入 {target.value} 账户",
        ),
        posting.kind.value,
        f"{source.value}->{target.value}",
    )


def _over_limit(posting: Posting, account: Account, balance: int) -> Refused:
    if account.kind.holds:
        short = posting.points - balance
        return BALANCE_RULE.refuse(
            Text(
                f"{posting.key}: {account.id} has {number(balance)} points, "
                f"{number(posting.points)} asked ({number(short)} short)",
                f"{posting.key}：{account.id} 余额 {number(balance)} 分，需要 {number(posting.points)} 分"
                f"（缺 {number(short)} 分）",
            ),
            str(posting.points),
            str(balance),
        )
    budget = account.budget or 0
    out = -balance
    over = out + posting.points - budget
    return BUDGET_RULE.refuse(
        Text(
            f"{posting.key}: {account.id} has issued {number(out)} of its budget of "
            f"{number(budget)}; {number(posting.points)} more would exceed it by {number(over)}",
            f"{posting.key}：{account.id} 预算 {number(budget)} 分，已发放 {number(out)} 分，"
            f"再发 {number(posting.points)} 分将超出 {number(over)} 分",
        ),
        str(budget),
        str(out + posting.points),
    )


def reversal(original: Posting, key: str, at: dt.datetime, memo: str | None = None) -> Posting:
    """The posting that undoes ``original``: the same points back from its target to
    its source.  It passes the same limits as any posting (a holder who has spent the
    points cannot have them taken back)."""
    return Posting(
        key,
        at,
        PostingKind.REVERSAL,
        original.target,
        original.source,
        original.points,
        memo=memo,
        reverses=original.key,
    )


# --- replay and verification -------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Replay(Model):
    """What a book adds up to: every account's balance and each item's stock after
    replaying its entries in order, and the entries that were refused on the way
    (``violations``, each with its rule code), which are left out of the balances."""

    balances: Mapping[str, int]
    stock: Mapping[str, int | None]
    violations: tuple[Reason, ...]
    recorded: int

    def explain(self, lang: Lang = "en") -> str:
        lang = check_lang(lang)
        if not self.violations:
            return Text(
                f"{number(self.recorded)} entries replayed, none refused",
                f"回放 {number(self.recorded)} 条记账，无被拒记录",
            ).render(lang)
        head = Text(
            f"{number(self.recorded)} entries replayed, {len(self.violations)} refused:",
            f"回放 {number(self.recorded)} 条记账，{len(self.violations)} 条被拒：",
        ).render(lang)
        return "\n".join([head, *(f"  - {v.explain(lang)}" for v in self.violations)])


def balances_of(postings: Iterable[Posting]) -> dict[str, int]:
    """Balances by plain replay: each posting's points taken from its source and added
    to its target, in one pass, with no checks (for postings a ledger has accepted;
    :func:`replay` re-checks them).  Pass ``(e.posting for e in book.entries)`` for a
    book."""
    totals: dict[str, int] = {}
    get = totals.get
    for posting in postings:
        totals[posting.source] = get(posting.source, 0) - posting.points
        totals[posting.target] = get(posting.target, 0) + posting.points
    return totals


def replay(book: Book) -> Replay:
    """Replay a book's entries through a fresh ledger, as if posted again in order.

    An entry the ledger refuses (an overdraft, an unknown account, a repeated key
    with other content...) is listed as a violation with its rule code and path and
    left out; the rest still count.
    """
    ledger = Ledger(_first(book.accounts), _first(book.catalogue))
    refused = post_in_order(ledger, [entry.posting for entry in book.entries])
    violations = [_violation(exc, f"$.entries[{i}]") for i, exc in refused]
    stock = {item.id: ledger.stock(item.id) for item in ledger.catalogue}
    return Replay(
        MappingProxyType(dict(ledger.balances())),
        MappingProxyType(stock),
        tuple(violations),
        len(ledger),
    )


def post_in_order(
    ledger: Ledger, postings: Sequence[Posting]
) -> tuple[tuple[int, Refused | Conflict], ...]:
    """Post ``postings`` in order, leaving out each one the ledger refuses, and return
    the refusals: each posting's index with the error it raised.  This is how
    :func:`replay` rebuilds a book; the runs between refusals go through
    :meth:`Ledger.post_all`, which checks the same things as posting one by one,
    faster."""
    at = [0]

    def feed(start: int) -> Iterator[Posting]:
        for index in range(start, len(postings)):
            at[0] = index
            yield postings[index]

    refused: list[tuple[int, Refused | Conflict]] = []
    start = 0
    while start < len(postings):
        try:
            ledger.post_all(feed(start))
        except (Refused, Conflict) as exc:  # noqa: PERF203 - one try per refusal, not per entry
            refused.append((at[0], exc))
            start = at[0] + 1
        else:
            break
    return tuple(refused)


def _violation(exc: Refused | Conflict, path: str) -> Reason:
    """A replayed posting's refusal as a violation at ``path``."""
    if isinstance(exc, Refused):
        message = Text(f"{exc.rule}: {exc.reason.en}", f"{exc.rule}：{exc.reason.zh}")
        return Reason(path, message, exc.expected, exc.actual)
    return Reason(
        path,
        Text(
            f"points.idempotency: key {exc.key} was recorded earlier with other content",
            f"points.idempotency：键 {exc.key} 已用于内容不同的记账",
        ),
    )


def _first(items: Sequence[Any]) -> list[Any]:
    """Items with duplicate ids dropped (a book refuses them; this keeps replay total)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            kept.append(item)
    return kept


CHAIN_RULE = Rule(
    "points.chain",
    Text("Every entry is where it was written", "记账未被篡改"),
    Text(
        "records kept true and complete (MCA Order No. 67 Art. 3); the hash chain is neighborly's own tamper check",
        "记录真实、完整（《志愿服务记录与证明出具办法》第三条）；哈希链为本库的防篡改校验",
    ),
    basis=(
        "FACTS.md §5 Points / time bank [V]: no national points formula; 服务积分、时间储蓄 are "
        "encouraged (2024 意见)"
    ),
    reads=Text("the points ledger", "积分台账"),
)

_LEDGER_SOURCE = Text(
    "neighborly's ledger: double entry, no holder below zero, no issuer over its budget",
    "本库积分台账：复式记账，持有账户不为负，发放账户不超预算",
)
_LEDGER_BASIS = (
    "FACTS.md §5 Points / time bank [V]: no national points formula; 服务积分、时间储蓄 are "
    "encouraged (2024 意见)"
)
_POST = ("neighborly.points.Ledger.post", "neighborly.points.Ledger.post_all")


def _ledger_rule(code: str, title: Text, reads: Text, *also: str) -> Rule:
    return Rule(
        code, title, _LEDGER_SOURCE, basis=_LEDGER_BASIS, reads=reads, refuses=(*_POST, *also)
    )


ACCOUNT_RULE = _ledger_rule(
    "points.account",
    Text("Points move between accounts of the ledger", "积分在台账账户间流转"),
    Text("the ledger's accounts", "台账账户"),
)
KIND_RULE = _ledger_rule(
    "points.kind",
    Text("Each kind of posting moves points the way it may", "各类记账按规定方向流转"),
    Text("the kinds of the two accounts", "两端账户类型"),
)
BALANCE_RULE = _ledger_rule(
    "points.balance",
    Text("No holder spends points it does not have", "持有账户不透支"),
    Text("the holder's balance", "持有账户余额"),
    "neighborly.points.redemption",
)
BUDGET_RULE = _ledger_rule(
    "points.budget",
    Text("No issuer gives out more than its budget", "发放账户不超预算"),
    Text("the issuer's budget and what it has issued", "发放账户预算与已发放积分"),
)
ITEM_RULE = _ledger_rule(
    "points.item",
    Text("A redemption names an item of the catalogue", "兑换物品在目录中"),
    Text("the catalogue", "兑换目录"),
)
PRICE_RULE = _ledger_rule(
    "points.price",
    Text("A redemption costs the catalogue price", "兑换按目录价格计分"),
    Text("the item's cost and the quantity", "物品分值与数量"),
)
STOCK_RULE = _ledger_rule(
    "points.stock",
    Text("A redemption is within the item's stock", "兑换不超过库存"),
    Text("the item's stock and what was taken", "物品库存与已兑换数量"),
    "neighborly.points.redemption",
)
REVERSAL_RULE = _ledger_rule(
    "points.reversal",
    Text("A reversal undoes one posting, once, exactly", "冲正只撤销一笔记账，且仅一次"),
    Text("the posting reversed", "被冲正的记账"),
)
GATE_RULE = Rule(
    "points.gate",
    Text("Redemption from the star level the scheme sets", "达到星级方可兑换"),
    Text(
        "local points schemes: redemption gated by star level (RedemptionPolicy.min_stars)",
        "地方积分做法：按星级开放兑换（RedemptionPolicy.min_stars）",
    ),
    basis=_LEDGER_BASIS,
    reads=Text("the volunteer's star level", "志愿者星级"),
    refuses=("neighborly.points.redemption",),
)

RULES: tuple[Rule, ...] = (
    CHAIN_RULE,
    ACCOUNT_RULE,
    KIND_RULE,
    BALANCE_RULE,
    BUDGET_RULE,
    ITEM_RULE,
    PRICE_RULE,
    STOCK_RULE,
    REVERSAL_RULE,
    GATE_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def verify_chain(book: Book) -> Verdict:
    """``points.chain``: every entry is in its place and carries the hash of all
    entries before it, and the head covers them all and the accounts and catalogue.
    Finds any edited, dropped, inserted or reordered entry and any edited, added or
    dropped account or catalogue item, and names the first place the chain breaks."""
    chain = EMPTY_CHAIN
    problems: list[Reason] = []
    for i, entry in enumerate(book.entries):
        if entry.seq != i:
            problems.append(
                Reason(
                    f"$.entries[{i}].seq",
                    Text(
                        f"entry {i} is numbered {entry.seq}: an entry was dropped, inserted or moved",
                        f"第 {i} 条记账编号为 {entry.seq}：有记账被删除、插入或移动",
                    ),
                    str(i),
                    str(entry.seq),
                )
            )
            break
        expected = chain.hex()
        if entry.prev != expected:
            problems.append(
                Reason(
                    f"$.entries[{i}].prev",
                    Text(
                        f"entry {i} does not carry the hash of the entries before it: "
                        f"one of entries 0..{i} was edited, dropped or reordered",
                        f"第 {i} 条记账的前序哈希不符：第 0 至 {i} 条中有记账被修改、删除或调换",
                    ),
                    expected,
                    entry.prev,
                )
            )
            break
        chain = link(chain, entry.posting.canonical)
    head = _head(_register(book.accounts, book.catalogue), chain)
    if not problems and book.head != head:
        last = len(book.entries) - 1
        problems.append(
            Reason(
                "$.head",
                Text(
                    "the head does not cover the accounts, catalogue and entries: an account "
                    f"or catalogue item was edited, added or dropped, the last entry ({last}) "
                    "was edited, or entries were dropped from the end or added after it",
                    "末端哈希不符：有账户或兑换物品被修改、增加或删除，"
                    f"或最后一条记账（第 {last} 条）被修改，或末尾有记账被删除或追加",
                ),
                head,
                str(book.head),
            )
        )
    return Verdict.from_reasons(
        CHAIN_RULE.code,
        CHAIN_RULE.title,
        problems,
        Reason(
            "$.head",
            Text(
                f"{number(len(book.entries))} entries, chain and head intact",
                f"{number(len(book.entries))} 条记账，哈希链与末端哈希完整",
            ),
            head,
            str(book.head),
        ),
        CHAIN_RULE.source,
    )


# --- earning ------------------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class EarningRule(Model):
    """Points for one kind of activity (``ServiceRecord.kind``; ``None``: any kind
    without a rule of its own): ``fixed`` per record plus ``per_hour`` per hour."""

    kind: str | None = None
    per_hour: int = 10
    fixed: int = 0

    __attrs_post_init__ = checks(
        kind=OPT_TEXT, per_hour=int_range(0, 1_000_000), fixed=int_range(0, 1_000_000)
    )


_FACTOR = Check(
    "type({v}) is _Decimal and {v}.is_finite() and 1 <= {v} <= 10",
    Text("a multiplier from 1 to 10", "1 至 10 的倍数"),
    {"_Decimal": Decimal},
)


def _one_rule_per_kind(policy: Any) -> list[Problem]:
    seen: set[str | None] = set()
    problems = []
    for i, rule in enumerate(policy.rules):
        if rule.kind in seen:
            problems.append(
                Problem(
                    f"$.rules[{i}].kind",
                    Text("an activity kind without a rule yet", "尚无规则的活动类别"),
                    Text.same(json.dumps(rule.kind, ensure_ascii=False)),
                )
            )
        seen.add(rule.kind)
    return problems


@attrs.frozen(eq=False, repr=False)
class EarningPolicy(Model):
    """How approved service earns points.

    Each record earns ``fixed + per_hour x hours`` under the rule for its kind, times
    ``festival_factor`` on the day of a festival in ``festivals`` or
    ``holiday_factor`` on a day of an official holiday period (the larger, when both
    apply; not both), rounded down to whole points; then ``daily_cap`` and
    ``monthly_cap`` trim what one volunteer earns for one day's or one month's
    activities.  No national formula exists (FACTS.md §5): these are local choices.
    """

    rules: tuple[EarningRule, ...] = (EarningRule(),)
    festival_factor: Decimal = Decimal(1)
    festivals: frozenset[Festival] = frozenset()
    holiday_factor: Decimal = Decimal(1)
    daily_cap: int | None = None
    monthly_cap: int | None = None
    records: RecordPolicy = attrs.field(factory=RecordPolicy)

    __attrs_post_init__ = checks(
        rules=tuple_of(EarningRule),
        festival_factor=_FACTOR,
        festivals=enum_set(Festival),
        holiday_factor=_FACTOR,
        daily_cap=opt(int_range(1, MAX_POINTS)),
        monthly_cap=opt(int_range(1, MAX_POINTS)),
        records=of_type(RecordPolicy),
        then=_one_rule_per_kind,
    )

    def rule_for(self, kind: str | None) -> EarningRule | None:
        """The rule for an activity kind: its own, else the catch-all (kind ``None``)."""
        fallback = None
        for rule in self.rules:
            if rule.kind == kind and kind is not None:
                return rule
            if rule.kind is None:
                fallback = rule
        return fallback


@attrs.frozen(eq=False, repr=False)
class Award(Model):
    """What one record earns (or, for a reversal record, takes back), and why.

    ``posting`` is what to post (``None`` when nothing is earned); ``reasons`` explain
    each step: the rule, a festival or holiday multiplier, a cap that trimmed it.
    """

    record: str
    volunteer: str
    points: int
    posting: Posting | None
    reasons: tuple[Reason, ...]

    def explain(self, lang: Lang = "en") -> str:
        """One line per step."""
        lang = check_lang(lang)
        return "\n".join(reason.message.render(lang) for reason in self.reasons)


def award_key(record_id: str) -> str:
    """The idempotency key of the award for a record."""
    return f"award:{record_id}"


def awards(
    records: Iterable[ServiceRecord],
    policy: EarningPolicy,
    *,
    ledger: Ledger,
    issuer: str,
    accounts: Mapping[str, str],
    at: dt.datetime,
) -> tuple[Award, ...]:
    """The awards due for approved records not yet awarded in ``ledger``, and the
    take-backs due for approved reversal records whose original was awarded.

    A record already cancelled by a reversal among ``records`` earns nothing.  Pass
    every record (``community.records``): caps count the awards already in the ledger
    by their records' days, and an award whose record is not among ``records``
    counts on the day it was posted.
    ``accounts`` maps volunteer ids to their points accounts; ``at`` is when the
    postings are made.  Records are taken in day order, so caps fall on the later
    ones.  Keys are ``award:{record id}``: running this again after posting its
    result finds nothing more to do.  Nothing is posted here.
    """
    items = sorted(
        ((i, r) for i, r in enumerate(records) if r.status is RecordStatus.APPROVED),
        key=lambda item: (item[1].day, item[1].id),
    )
    days = {r.id: r.day for _, r in items}
    reversed_records = {r.reverses for _, r in items if r.reverses is not None}
    earned = _awarded_so_far(ledger, days)
    made: list[Award] = []
    for i, record in items:
        account = accounts.get(record.volunteer)
        if account is None:
            raise NotFound("points account for volunteer", record.volunteer)
        path = f"$.records[{i}]"
        if record.reverses is not None:
            taken = _take_back(record, ledger, at, path)
            if taken is not None:
                made.append(taken)
            continue
        if award_key(record.id) in ledger or record.id in reversed_records:
            continue  # awarded already, or cancelled before it was awarded
        made.append(_earn(record, policy, earned, issuer=issuer, account=account, at=at, path=path))
    return tuple(made)


def _awarded_so_far(ledger: Ledger, days: Mapping[str, dt.date]) -> dict[tuple[str, str], int]:
    """Points already awarded per (account, day) and (account, month), reversals off."""
    earned: dict[tuple[str, str], int] = {}
    for posting in ledger:
        if posting.kind is not PostingKind.AWARD or ledger.reversed_by(posting.key) is not None:
            continue
        day = days.get(posting.record or "", posting.at.date())
        for period in (day.isoformat(), day.isoformat()[:7]):
            earned[posting.target, period] = (
                earned.get((posting.target, period), 0) + posting.points
            )
    return earned


def _earn(
    record: ServiceRecord,
    policy: EarningPolicy,
    earned: dict[tuple[str, str], int],
    *,
    issuer: str,
    account: str,
    at: dt.datetime,
    path: str,
) -> Award:
    hours = record.hours + record.travel_hours if policy.records.count_travel else record.hours
    rule = policy.rule_for(record.kind)
    if rule is None:
        reason = Reason(
            path,
            Text(
                f"{record.id}: no earning rule for activity kind {record.kind}",
                f"{record.id}：活动类别 {record.kind} 没有积分规则",
            ),
        )
        return Award(record.id, record.volunteer, 0, None, (reason,))
    base = rule.fixed + int(rule.per_hour * hours)
    name = rule.kind or "default"
    reasons = [
        Reason(
            path,
            Text(
                f"{record.id}: rule {name}: {rule.fixed} + {hours} h x {rule.per_hour} = {base} points",
                f"{record.id}：规则 {name}：{rule.fixed} 分 + {hours} 小时 × {rule.per_hour} 分 = {base} 分",
            ),
            "",
            str(base),
        )
    ]
    points = _multiplied(record, policy, base, reasons, path)
    for cap, period, label in (
        (policy.daily_cap, record.day.isoformat(), Text("daily", "每日")),
        (policy.monthly_cap, record.day.isoformat()[:7], Text("monthly", "每月")),
    ):
        if cap is None:
            continue
        before = earned.get((account, period), 0)
        room = max(cap - before, 0)
        if points > room:
            reasons.append(
                Reason(
                    path,
                    Text(
                        f"{label.en} cap {cap}: {before} already earned for {period}, "
                        f"trimmed by {points - room} to {room}",
                        f"{label.zh}上限 {cap} 分：{period} 已得 {before} 分，核减 {points - room} 分，"
                        f"计 {room} 分",
                    ),
                    str(cap),
                    str(before + points),
                )
            )
            points = room
    for period in (record.day.isoformat(), record.day.isoformat()[:7]):
        earned[account, period] = earned.get((account, period), 0) + points
    posting = (
        Posting(
            award_key(record.id),
            at,
            PostingKind.AWARD,
            issuer,
            account,
            points,
            memo=record.activity,
            record=record.id,
        )
        if points
        else None
    )
    return Award(record.id, record.volunteer, points, posting, tuple(reasons))


def _multiplied(
    record: ServiceRecord, policy: EarningPolicy, base: int, reasons: list[Reason], path: str
) -> int:
    factors: list[tuple[Decimal, Text]] = []
    if policy.festival_factor > 1:
        factors.extend(
            (policy.festival_factor, festival.label)
            for festival in sorted(policy.festivals, key=lambda f: f.value)
            if record.day in festival_days(festival, record.day.year)
        )
    if policy.holiday_factor > 1:
        if record.day.year in HOLIDAY_ARRANGEMENTS or (
            record.day.month == 12 and record.day.year + 1 in HOLIDAY_ARRANGEMENTS
        ):
            period = holiday_on(record.day) if record.day.year in HOLIDAY_ARRANGEMENTS else None
            if period is not None:
                factors.append((policy.holiday_factor, period.name))
        else:
            reasons.append(
                Reason(
                    path,
                    Text(
                        f"no holiday multiplier: the {record.day.year} holiday arrangement is not known",
                        f"不计节假日倍数：{record.day.year} 年节假日安排未收录",
                    ),
                )
            )
    if not factors:
        return base
    factor, why = max(factors, key=lambda f: f[0])
    points = int(base * factor)
    reasons.append(
        Reason(
            path,
            Text(f"{why.en}: x{factor} = {points} points", f"{why.zh}：× {factor} = {points} 分"),
            "",
            str(points),
        )
    )
    return points


def _take_back(record: ServiceRecord, ledger: Ledger, at: dt.datetime, path: str) -> Award | None:
    """The reversal of the award for the record ``record`` reverses, if it was awarded
    and not yet taken back."""
    original_key = award_key(record.reverses or "")
    if original_key not in ledger or ledger.reversed_by(original_key) is not None:
        return None
    original = ledger.posting(original_key)
    posting = reversal(
        original,
        f"{original_key}:reversed",
        at,
        f"record {record.reverses} reversed by {record.id}",
    )
    reason = Reason(
        path,
        Text(
            f"{record.id} reverses {record.reverses}: its {original.points} points are taken back",
            f"{record.id} 冲销 {record.reverses}：收回其 {original.points} 分",
        ),
        "0",
        str(-original.points),
    )
    return Award(record.id, record.volunteer, -original.points, posting, (reason,))


# --- expiry and redemption ------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class ExpiryPolicy(Model):
    """Points expire ``months`` after they were earned, oldest first (``None``: never)."""

    months: int | None = None

    __attrs_post_init__ = checks(months=opt(int_range(1, 1200)))


def expiries(
    ledger: Ledger, as_of: dt.datetime, policy: ExpiryPolicy, *, sink: str
) -> tuple[Posting, ...]:
    """The expiry postings due on ``as_of``: for each holder, the points of every lot
    earned ``months`` or more before ``as_of`` that are still unspent, moved to
    ``sink``.

    Each credit to a holder (an award, a transfer in, a reversal giving points back)
    is a lot dated by its posting; spending takes the oldest lots first, and taking
    back an award takes that award's lot first.  Keys are ``expiry:{lot key}``, so
    running this again after posting its result finds nothing more.
    """
    if policy.months is None:
        return ()
    cutoff = as_of - relativedelta(months=policy.months)
    made = []
    for account, lots in sorted(_lots(ledger).items()):
        for key, at, left in lots:
            if left > 0 and at <= cutoff:
                made.append(
                    Posting(
                        f"expiry:{key}",
                        as_of,
                        PostingKind.EXPIRY,
                        account,
                        sink,
                        left,
                        memo=f"earned {at.date()}, expired after {policy.months} months",
                    )
                )
    return tuple(made)


def _lots(ledger: Ledger) -> dict[str, list[tuple[str, dt.datetime, int]]]:
    """Each holder's lots, oldest first: (key of the crediting posting, when, points left)."""
    holding = {a.id for a in ledger.accounts if a.kind.holds}
    lots: dict[str, list[list[Any]]] = {}
    for posting in ledger:
        if posting.target in holding:
            lots.setdefault(posting.target, []).append([posting.key, posting.at, posting.points])
        if posting.source in holding:
            held = lots.setdefault(posting.source, [])
            held.sort(key=lambda lot: lot[1])
            first = [lot for lot in held if lot[0] == posting.reverses]
            need = posting.points
            for lot in first + [lot for lot in held if lot[0] != posting.reverses]:
                used = min(lot[2], need)
                lot[2] -= used
                need -= used
                if not need:
                    break
    return {account: [(k, at, left) for k, at, left in held] for account, held in lots.items()}


@attrs.frozen(eq=False, repr=False)
class RedemptionPolicy(Model):
    """Who may redeem: at least ``min_stars`` stars (0: anyone with the points)."""

    min_stars: int = 0

    __attrs_post_init__ = checks(min_stars=int_range(0, 10))


def redemption(
    ledger: Ledger,
    account: str,
    item: str,
    quantity: int,
    *,
    key: str,
    at: dt.datetime,
    sink: str,
    stars: int = 0,
    policy: RedemptionPolicy | None = None,
) -> Posting:
    """The posting that redeems ``quantity`` of a catalogue item for ``account``.

    Raises :class:`~neighborly.errors.Refused` with ``points.gate`` when the policy's
    star gate is not met, and ``points.balance`` or ``points.stock`` when the points
    or the stock are short; the ledger checks the same again when it is posted.

    Asked again with the key of a redemption the ledger already holds (a retry), it
    returns that posting, as :meth:`Ledger.post` does, rather than judging the
    points left after it; other content under that key is a
    :class:`~neighborly.errors.Conflict`.
    """
    policy = policy if policy is not None else RedemptionPolicy()
    found = ledger.item(item)
    if stars < policy.min_stars:
        raise GATE_RULE.refuse(
            Text(
                f"{key}: redemption needs {policy.min_stars} star{'s' if policy.min_stars > 1 else ''}, "
                f"{account} has {stars}",
                f"{key}：兑换需 {policy.min_stars} 星，{account} 为 {stars} 星",
            ),
            str(policy.min_stars),
            str(stars),
        )
    posting = Posting(
        key,
        at,
        PostingKind.REDEMPTION,
        account,
        sink,
        found.cost * quantity,
        item=item,
        quantity=quantity,
    )
    with ledger._lock:  # the retry, stock and balance read at one moment
        index = ledger._index.get(key)
        if index is not None:  # a retry: the ledger's answer is the one already given
            ledger._same(index, posting)
            return _posting_of(ledger._postings[index])
        left = ledger.stock(item)
        if left is not None and quantity > left:
            _check_item(posting, item, _LedgerView(ledger))
        balance = ledger.balance(account)
        if balance < posting.points:
            raise _over_limit(posting, ledger.account(account), balance)
    return posting


# --- ids and references, declared ----------------------------------------------------

ACCOUNT = Kind("account", Text("a points account", "积分账户"))
ITEM = Kind("item", Text("a catalogue item", "兑换目录中的物品"))

BOOK_DECLARED = Declarations(
    ids=(Ids("accounts[*].id", ACCOUNT), Ids("catalogue[*].id", ITEM)),
    refs=(
        Ref(
            "accounts[*].holder",
            ("volunteer",),
            when=lambda account: account.kind is AccountKind.VOLUNTEER,
        ),
        Ref(
            "accounts[*].holder",
            ("household",),
            when=lambda account: account.kind is AccountKind.HOUSEHOLD,
        ),
    ),
)
"""A book defines its accounts and catalogue items; a volunteer's account is held by a
volunteer, a household's by a household."""
