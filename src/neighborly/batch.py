"""City-wide jobs on Dask (the ``dask`` extra): neighborly's pure rules, one community
at a time, as the unit of work.

A street office or a city bureau runs the same rules over hundreds or thousands of
communities.  neighborly builds no cluster of its own: these functions return Dask
bags partitioned by community, and :func:`run` computes them on Dask's local
scheduler (``processes`` by default, ``threads`` or ``sync``) or, given a
``dask.distributed`` client, on a cluster.  Each community is handled by a plain
function of this module (:func:`settle_community`, :func:`building_coverage`,
:func:`grid_report`, :func:`circle_report`), so the same functions run under Spark's
``mapInPandas`` or Ray Data on a platform that uses those (docs/city.md).

    >>> import datetime as dt
    >>> from neighborly.sample import sample_community
    >>> bag = settle_points([sample_community()], dt.date(2026, 11, 22))
    >>> rows = run(bag, scheduler="sync")
    >>> len(rows), rows[0].community
    (608, 'c-sample')
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from neighborly.errors import MissingExtra

try:
    import dask.bag as _dask_bag
except ImportError as exc:  # pragma: no cover - the extra is installed where this runs
    msg = "neighborly.batch needs the dask extra: pip install 'neighborly[dask]'"
    raise MissingExtra(msg) from exc

from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE
from neighborly.community import Community
from neighborly.grids import GridPolicy, check_grids
from neighborly.points import AccountKind, ExpiryPolicy, Ledger, expiries, post_in_order
from neighborly.serialization import load_community
from neighborly.services import Circle, CirclePolicy, check_circle, nearest, sites_of
from neighborly.street import VolunteerStatistics, volunteer_statistics
from neighborly.verdicts import Report, Verdict
from neighborly.volunteering import RecordPolicy, StarPolicy, standings

__all__ = [
    "CommunityResult",
    "Coverage",
    "Settlement",
    "building_coverage",
    "circle_report",
    "circle_reports",
    "city_volunteers",
    "communities_from_files",
    "coverage",
    "grid_report",
    "grid_reports",
    "run",
    "settle_community",
    "settle_points",
    "volunteer_figures",
]

Scheduler = Literal["processes", "threads", "sync"]
Bag = Any
"""A ``dask.bag.Bag`` (Dask ships no type annotations)."""
db: Any = _dask_bag


@attrs.frozen(eq=False, repr=False)
class Settlement(Model):
    """One volunteer's year-end position in one community: points balance (as the
    ledger replays), points due to expire on the day, approved hours and stars."""

    community: str
    volunteer: str
    balance: int
    expiring: int
    hours: Decimal
    stars: int


@attrs.frozen(eq=False, repr=False)
class CommunityResult(Model):
    """A rule's outcome for one community."""

    community: str
    passed: bool
    outcome: Verdict | Report


def settle_community(
    community: Community,
    as_of: dt.date,
    stars: StarPolicy | None = None,
    expiry: ExpiryPolicy | None = None,
) -> tuple[Settlement, ...]:
    """Every volunteer of ``community`` settled on ``as_of``: the balance of their points
    account (refused entries left out, as :func:`~neighborly.points.replay` does), the
    points that expire that day under ``expiry`` (18 months by default), their approved
    hours and their stars under ``stars``."""
    expiry = expiry if expiry is not None else ExpiryPolicy(months=18)
    book = community.points
    balances: Mapping[str, int] = {}
    expiring: dict[str, int] = {}
    holders: dict[str, str] = {}
    if book is not None:
        # One replay serves both: the balances, and the ledger the expiries are read from.
        ledger = Ledger(book.accounts, book.catalogue)
        post_in_order(ledger, [entry.posting for entry in book.entries])
        balances = ledger.balances()
        holders = {
            a.holder: a.id
            for a in book.accounts
            if a.kind is AccountKind.VOLUNTEER and a.holder is not None
        }
        sink = next((a.id for a in book.accounts if a.kind is AccountKind.SINK), None)
        if sink is not None:
            moment = dt.datetime.combine(as_of, dt.time(23, 59), DEFAULT_ZONE)
            for posting in expiries(ledger, moment, expiry, sink=sink):
                expiring[posting.source] = expiring.get(posting.source, 0) + posting.points
    standing = {
        s.volunteer: s for s in standings(community.volunteers, community.records, as_of, stars)
    }
    rows = []
    for volunteer in community.volunteers:
        account = holders.get(volunteer.id)
        star = standing[volunteer.id]
        rows.append(
            Settlement(
                community.id,
                volunteer.id,
                balances.get(account, 0) if account else 0,
                expiring.get(account, 0) if account else 0,
                star.hours,
                star.stars,
            )
        )
    return tuple(rows)


def grid_report(community: Community, policy: GridPolicy | None = None) -> CommunityResult:
    """The grid rules (:func:`~neighborly.grids.check_grids`) for one community."""
    report = check_grids(community, policy)
    return CommunityResult(community.id, report.passed, report)


def circle_report(community: Community, policy: CirclePolicy | None = None) -> CommunityResult:
    """The life-circle rule (:func:`~neighborly.services.check_circle`) for one community."""
    verdict = check_circle(community, policy)
    return CommunityResult(community.id, verdict.passed, verdict)


@attrs.frozen(eq=False, repr=False)
class Coverage(Model):
    """One building's reach to one category the life circle requires: the nearest
    facility of it, the walk in whole metres, the circle it must fall within and that
    circle's limit, and whether the walk is within it.  A building with no location
    cannot be measured: ``located`` is false and it is not covered."""

    community: str
    building: str
    category: str
    circle: Circle
    limit_m: int
    located: bool
    facility: str | None
    walking_m: int | None
    covered: bool


def building_coverage(
    community: Community, policy: CirclePolicy | None = None
) -> tuple[Coverage, ...]:
    """Every building of ``community`` against every requirement of ``policy`` (the
    life circle of GB 50180-2018 by default): one :class:`Coverage` per building and
    required category, buildings in file order, categories sorted.  The rows agree with
    :func:`~neighborly.services.check_circle`: it fails exactly for the rows not covered."""
    policy = policy if policy is not None else CirclePolicy()
    required = {r.category: r.circle for r in policy.requirements}
    categories = sorted(required)
    found = {
        (hit.site, hit.category): hit
        for hit in nearest(sites_of(community), community.facilities, categories, policy)
    }
    rows = []
    for compound in community.compounds:
        for building in compound.buildings:
            for category in categories:
                circle = required[category]
                limit = policy.limit_m(circle)
                hit = found.get((building.id, category))
                walking = hit.walking_m if hit is not None else None
                rows.append(
                    Coverage(
                        community.id,
                        building.id,
                        category,
                        circle,
                        limit,
                        building.location is not None,
                        hit.facility if hit is not None else None,
                        walking,
                        walking is not None and walking <= limit,
                    )
                )
    return tuple(rows)


def _bag(communities: Iterable[Community] | Bag, partitions: int | None) -> Bag:
    if isinstance(communities, db.Bag):
        return communities
    items = list(communities)
    return db.from_sequence(items, npartitions=partitions or max(1, min(len(items), 64)))


def communities_from_files(
    paths: Sequence[str | os.PathLike[str]], partitions: int | None = None
) -> Bag:
    """A bag of communities read by the workers themselves from ``paths`` (JSON or
    TOML files every worker can reach), so no community crosses from the driver."""
    names = [os.fspath(p) for p in paths]
    bag = db.from_sequence(names, npartitions=partitions or max(1, min(len(names), 64)))
    return bag.map(load_community)


def settle_points(
    communities: Iterable[Community] | Bag,
    as_of: dt.date,
    *,
    stars: StarPolicy | None = None,
    expiry: ExpiryPolicy | None = None,
    partitions: int | None = None,
) -> Bag:
    """A bag of :class:`Settlement` rows: every volunteer of every community settled on
    ``as_of`` (lazy: compute it with :func:`run`)."""
    return (
        _bag(communities, partitions)
        .map(settle_community, as_of, stars=stars, expiry=expiry)
        .flatten()
    )


def grid_reports(
    communities: Iterable[Community] | Bag,
    policy: GridPolicy | None = None,
    *,
    partitions: int | None = None,
) -> Bag:
    """A bag of :class:`CommunityResult`: the grid rules for every community."""
    return _bag(communities, partitions).map(grid_report, policy)


def circle_reports(
    communities: Iterable[Community] | Bag,
    policy: CirclePolicy | None = None,
    *,
    partitions: int | None = None,
) -> Bag:
    """A bag of :class:`CommunityResult`: the life-circle rule for every community."""
    return _bag(communities, partitions).map(circle_report, policy)


def coverage(
    communities: Iterable[Community] | Bag,
    policy: CirclePolicy | None = None,
    *,
    partitions: int | None = None,
) -> Bag:
    """A bag of :class:`Coverage` rows: every building of every community against every
    category the life circle requires (lazy: compute it with :func:`run`)."""
    return _bag(communities, partitions).map(building_coverage, policy).flatten()


def volunteer_figures(
    communities: Iterable[Community] | Bag,
    start: dt.date,
    end: dt.date,
    *,
    policy: RecordPolicy | None = None,
    partitions: int | None = None,
) -> Bag:
    """A bag of :class:`~neighborly.street.VolunteerStatistics` from ``start`` to
    ``end``, one for each partition's communities, counted where they are (lazy:
    :func:`city_volunteers` computes it and adds the partitions up)."""
    return _bag(communities, partitions).map_partitions(_partition_figures, start, end, policy)


def _partition_figures(
    communities: Iterable[Community], start: dt.date, end: dt.date, policy: RecordPolicy | None
) -> list[VolunteerStatistics]:
    return [volunteer_statistics(communities, start, end, policy)]


def city_volunteers(
    communities: Iterable[Community] | Bag,
    start: dt.date,
    end: dt.date,
    *,
    policy: RecordPolicy | None = None,
    partitions: int | None = None,
    client: Any | None = None,
    scheduler: Scheduler = "processes",
    workers: int | None = None,
) -> VolunteerStatistics:
    """A city's volunteer statistics from ``start`` to ``end`` on Dask: each
    partition's communities counted by a worker, the partitions added up here.
    Equal to :func:`~neighborly.street.volunteer_statistics` over the same
    communities, since the figures of disjoint groups add up."""
    parts = run(
        volunteer_figures(communities, start, end, policy=policy, partitions=partitions),
        client=client,
        scheduler=scheduler,
        workers=workers,
    )
    if not parts:
        return volunteer_statistics((), start, end, policy)
    total: VolunteerStatistics = functools.reduce(operator.add, parts)
    return total


def run(
    bag: Bag,
    *,
    client: Any | None = None,
    scheduler: Scheduler = "processes",
    workers: int | None = None,
) -> list[Any]:
    """Compute ``bag``: on a ``dask.distributed`` ``client``'s cluster when one is given,
    else on Dask's local ``scheduler`` with ``workers`` processes or threads."""
    if client is not None:
        return list(client.compute(bag).result())
    options: dict[str, Any] = {"scheduler": scheduler}
    if workers is not None and scheduler != "sync":
        options["num_workers"] = workers
    if scheduler == "processes":
        # A partition holds whole communities, so it is a large piece of work: hand the
        # workers one at a time (Dask's default batches six, which leaves a worker idle
        # while another runs all of a small city).
        options["chunksize"] = 1
    return list(bag.compute(**options))
