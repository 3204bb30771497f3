"""Shared parking (错时共享停车): co-building units' car parks opened to residents.

A co-building unit (共建单位, see :mod:`neighborly.party`) pledges spaces of its car
park: its staff park there by day on working days, residents at night and all day on
weekends and official holidays.  A :class:`ParkingPool` records those spaces and the
staff's hours; working days follow the official calendar, so a weekend day worked in
exchange for a holiday (调休) is the staff's, and a weekday inside a holiday break is
the residents'.  :func:`allocate` gives a request a space or refuses it with the reason
(rule codes ``parking.*``); :func:`check_parking` replays a community's allocations.

    >>> import datetime as dt
    >>> from neighborly._time import DEFAULT_ZONE
    >>> pool = ParkingPool("pk-1", "cb-tax", "cb-tax-parking", "区税务局停车场", spaces=2)
    >>> friday_night = dt.datetime(2026, 11, 20, 19, tzinfo=DEFAULT_ZONE)
    >>> request = ParkingRequest("pr-1", "h-1", "pk-1", friday_night, friday_night + dt.timedelta(hours=60))
    >>> parking, allocation = allocate(Parking(pools=(pool,)), request)
    >>> allocation.space, len(parking.allocations)
    (1, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Protocol
from zoneinfo import ZoneInfo

import attrs

from neighborly._checks import (
    AWARE,
    IDENT,
    TEXT,
    TIME,
    Check,
    Where,
    checks,
    duplicate_ids,
    int_range,
    of_type,
    opt,
    tuple_of,
    unlisted,
)
from neighborly._model import Model, rebuilt
from neighborly._time import DEFAULT_ZONE
from neighborly.calendar import OFFICIAL_CALENDAR, HolidayCalendar
from neighborly.errors import NotFound, Problem, Refused
from neighborly.geo import Location
from neighborly.integrity import Declarations, Ids, Kind, Known, Ref, missing
from neighborly.party.co_building import CoBuildingUnit
from neighborly.personal import PERSONAL, mask_plate, masked
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "ALLOCATIONS_RULE",
    "PARKING_DECLARED",
    "PARKING_POOL",
    "RULES",
    "Allocation",
    "HoldsParking",
    "Parking",
    "ParkingPolicy",
    "ParkingPool",
    "ParkingRequest",
    "allocate",
    "cancel",
    "check_parking",
    "open_to_residents",
]


@attrs.frozen(eq=False, repr=False)
class ParkingPool(Model):
    """Spaces a co-building unit shares with residents: ``spaces`` of its pledge
    ``pledge`` (of unit ``unit``), kept for its own staff from ``staff_from`` to
    ``staff_until`` on working days (07:00-19:00 by default) and open to residents at
    every other time."""

    id: str
    unit: str
    pledge: str
    name: str
    spaces: int
    staff_from: dt.time = dt.time(7)
    staff_until: dt.time = dt.time(19)
    location: Location | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        unit=IDENT,
        pledge=IDENT,
        name=TEXT,
        spaces=int_range(1, 100_000),
        staff_from=TIME,
        staff_until=TIME,
        location=opt(of_type(Location)),
        where=(
            Where(
                "self.staff_from < self.staff_until",
                "$.staff_until",
                Text("a time after staff_from (the same day)", "晚于 staff_from 的时刻（同一天）"),
                shows="staff_until",
            ),
        ),
    )


_ENDS_AFTER_STARTS = Where(
    "self.starts < self.ends",
    "$.ends",
    Text("a moment after starts", "晚于 starts 的时刻"),
    shows="ends",
)


@attrs.frozen(eq=False, repr=False)
class ParkingRequest(Model):
    """A household asks for a space in ``pool`` from ``starts`` to ``ends``; ``plate``
    (the car's number plate) is personal data."""

    id: str
    household: str
    pool: str
    starts: dt.datetime
    ends: dt.datetime
    plate: str | None = attrs.field(default=None, repr=masked(mask_plate), metadata=PERSONAL)

    __attrs_post_init__ = checks(
        id=IDENT,
        household=IDENT,
        pool=IDENT,
        starts=AWARE,
        ends=AWARE,
        plate=opt(TEXT),
        where=(_ENDS_AFTER_STARTS,),
    )


@attrs.frozen(eq=False, repr=False)
class Allocation(Model):
    """A space given to a request: the request's fields and the space number (1 ...)."""

    request: str
    household: str
    pool: str
    space: int
    starts: dt.datetime
    ends: dt.datetime
    plate: str | None = attrs.field(default=None, repr=masked(mask_plate), metadata=PERSONAL)

    __attrs_post_init__ = checks(
        request=IDENT,
        household=IDENT,
        pool=IDENT,
        space=int_range(1, 100_000),
        starts=AWARE,
        ends=AWARE,
        plate=opt(TEXT),
        where=(_ENDS_AFTER_STARTS,),
    )

    def overlaps(self, starts: dt.datetime, ends: dt.datetime) -> bool:
        """Whether the allocation shares time with ``starts``-``ends`` (touching ends do not)."""
        return self.starts < ends and starts < self.ends


def _parking_integrity(parking: Parking) -> Iterator[Problem]:
    yield from duplicate_ids("pools", [p.id for p in parking.pools])
    pools = {p.id: p for p in parking.pools}
    for i, allocation in enumerate(parking.allocations):
        pool = pools.get(allocation.pool)
        if pool is None:
            yield unlisted(
                f"$.allocations[{i}].pool", allocation.pool, "pools", Text("a pool", "停车场")
            )
        elif allocation.space > pool.spaces:
            yield Problem(
                f"$.allocations[{i}].space",
                Text(f"a space from 1 to {pool.spaces}", f"1 至 {pool.spaces} 号车位"),
                Text.same(str(allocation.space)),
            )


@attrs.frozen(eq=False, repr=False)
class Parking(Model):
    """The shared car parks of a community and the spaces allocated in them."""

    pools: tuple[ParkingPool, ...] = ()
    allocations: tuple[Allocation, ...] = ()

    __attrs_post_init__ = checks(
        pools=tuple_of(ParkingPool),
        allocations=tuple_of(Allocation),
        then=lambda parking: list(_parking_integrity(parking)),
    )

    def pool(self, pool_id: str) -> ParkingPool:
        """The pool with this id; :class:`~neighborly.errors.NotFound` if none."""
        for pool in self.pools:
            if pool.id == pool_id:
                return pool
        raise NotFound("parking pool", pool_id)


@attrs.frozen(eq=False, repr=False)
class ParkingPolicy(Model):
    """Local rules: at most ``per_household`` spaces held at once by one household,
    no single allocation longer than ``max_hours`` (72: a long weekend), and whether
    to ``assume_weekdays`` (Monday to Friday as the staff's working days) in a year the
    holiday calendar lacks, rather than refuse to judge it."""

    per_household: int = 1
    max_hours: int = 72
    assume_weekdays: bool = False

    __attrs_post_init__ = checks(
        per_household=int_range(1, 100),
        max_hours=int_range(1, 24 * 366),
        assume_weekdays=Check("type({v}) is bool", Text("true or false", "true 或 false")),
    )


def _staff_hours(
    pool: ParkingPool,
    starts: dt.datetime,
    ends: dt.datetime,
    zone: ZoneInfo,
    *,
    calendar: HolidayCalendar,
    assume_weekdays: bool,
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The staff's hours on working days that overlap ``starts``-``ends`` (NotFound
    for a day in a year ``calendar`` lacks, unless ``assume_weekdays``)."""
    day = starts.astimezone(zone).date()
    last = ends.astimezone(zone).date()
    while day <= last:
        if calendar.is_workday(day, assume_weekdays=assume_weekdays):
            own_from = dt.datetime.combine(day, pool.staff_from, zone)
            own_until = dt.datetime.combine(day, pool.staff_until, zone)
            if starts < own_until and own_from < ends:
                yield own_from, own_until
        day += dt.timedelta(days=1)


def open_to_residents(
    pool: ParkingPool,
    starts: dt.datetime,
    ends: dt.datetime,
    zone: ZoneInfo = DEFAULT_ZONE,
    calendar: HolidayCalendar | None = None,
    *,
    assume_weekdays: bool = False,
) -> bool:
    """Whether residents may park in ``pool`` for the whole of ``starts``-``ends``:
    no part of it falls in the staff's hours on an official working day, by
    ``calendar`` (the shipped years when None).  A day in a year the calendar lacks
    raises :class:`~neighborly.errors.NotFound` naming the years it has, unless
    ``assume_weekdays`` (then Monday to Friday)."""
    calendar = calendar if calendar is not None else OFFICIAL_CALENDAR
    hours = _staff_hours(
        pool, starts, ends, zone, calendar=calendar, assume_weekdays=assume_weekdays
    )
    return next(hours, None) is None


def _request_of(allocation: Allocation) -> ParkingRequest:
    """The request an allocation answered: its id, household, pool, stay and plate.
    Those passed the same checks when the allocation was made, so they are not
    checked again (replaying a year of a car park's allocations makes one each)."""
    made: ParkingRequest = rebuilt(
        ParkingRequest,
        (
            allocation.request,
            allocation.household,
            allocation.pool,
            allocation.starts,
            allocation.ends,
            allocation.plate,
        ),
    )
    return made


class _Index:
    """Allocations bucketed by the days they touch, so that finding those overlapping a
    stay looks at those days only (a replay of n allocations is then close to linear)."""

    def __init__(self, allocations: Iterable[Allocation] = ()) -> None:
        # day -> (the first day the allocation touches, its start and end, the
        # allocation), in order added
        self.days: dict[dt.date, list[tuple[dt.date, dt.datetime, dt.datetime, Allocation]]] = {}
        for allocation in allocations:
            self.add(allocation)

    @staticmethod
    def _touched(starts: dt.datetime, ends: dt.datetime) -> Iterator[dt.date]:
        day = starts.astimezone(dt.timezone.utc).date()
        last = ends.astimezone(dt.timezone.utc).date()
        while day <= last:
            yield day
            day += _DAY

    def add(self, allocation: Allocation) -> None:
        starts, ends = allocation.starts, allocation.ends
        days = list(self._touched(starts, ends))
        entry = (days[0], starts, ends, allocation)
        for day in days:
            self.days.setdefault(day, []).append(entry)

    def overlapping(self, starts: dt.datetime, ends: dt.datetime) -> list[Allocation]:
        """Every allocation sharing time with ``starts``-``ends``, each once: day by
        day, each day's in the order added.  An allocation over several days is taken
        on the first of them the stay touches (its own first day, or the stay's)."""
        found: list[Allocation] = []
        add = found.append
        days = self.days
        day = starts.astimezone(dt.timezone.utc).date()
        last = ends.astimezone(dt.timezone.utc).date()
        # the stay's first day: every allocation on it
        for _, since_starts, since_ends, allocation in days.get(day, ()):
            if since_starts < ends and starts < since_ends:
                add(allocation)
        day += _DAY
        # each later day: the allocations that begin on it
        while day <= last:
            for since, since_starts, since_ends, allocation in days.get(day, ()):
                if since == day and since_starts < ends and starts < since_ends:
                    add(allocation)
            day += _DAY
        return found


_DAY = dt.timedelta(days=1)


def _refusal(
    pools: tuple[ParkingPool, ...],
    index: _Index,
    request: ParkingRequest,
    policy: ParkingPolicy,
    zone: ZoneInfo,
    *,
    calendar: HolidayCalendar,
    overlapping: list[Allocation] | None = None,
) -> Refused | int:
    """The first space free for the request, or why there is none (``overlapping``:
    the allocations of ``index`` that share time with it, when already found)."""
    pool = next((p for p in pools if p.id == request.pool), None)
    if pool is None:
        return POOL_RULE.refuse(
            Text(f"no shared car park {request.pool}", f"没有共享停车场 {request.pool}"),
            "a pool of the community",
            request.pool,
        )
    hours = (request.ends - request.starts).total_seconds() / 3600
    if hours > policy.max_hours:
        return LENGTH_RULE.refuse(
            Text(
                f"{request.id} asks for {hours:g} hours; one allocation is at most "
                f"{policy.max_hours} hours",
                f"{request.id} 申请 {hours:g} 小时；单次最长 {policy.max_hours} 小时",
            ),
            f"<={policy.max_hours}",
            f"{hours:g}",
        )
    hours_of = _staff_hours(
        pool,
        request.starts,
        request.ends,
        zone,
        calendar=calendar,
        assume_weekdays=policy.assume_weekdays,
    )
    clash = next(hours_of, None)
    if clash is not None:
        own_from, own_until = clash
        assumed = not calendar.covers(own_from.date())
        return WINDOW_RULE.refuse(
            Text(
                f"{pool.name} is for {pool.unit}'s staff on {own_from:%Y-%m-%d} (a working day"
                f"{', Monday to Friday assumed' if assumed else ''}) from {own_from:%H:%M} to"
                f" {own_until:%H:%M}; residents may park outside those hours and all day on"
                " rest days",
                f"{pool.name} 于 {own_from:%Y-%m-%d}（工作日{'，按周一至周五计' if assumed else ''}）"
                f"{own_from:%H:%M}-{own_until:%H:%M} 供 {pool.unit} 职工使用；"
                "居民可在其余时段及休息日全天停放",
            ),
            f"outside {own_from:%H:%M}-{own_until:%H:%M} on working days",
            f"{request.starts.astimezone(zone):%Y-%m-%d %H:%M}-"
            f"{request.ends.astimezone(zone):%Y-%m-%d %H:%M}",
        )
    if overlapping is None:
        overlapping = index.overlapping(request.starts, request.ends)
    held = [a for a in overlapping if a.household == request.household]
    if len(held) >= policy.per_household:
        return HOUSEHOLD_RULE.refuse(
            Text(
                f"{request.household} already holds {len(held)} space(s) at that time "
                f"({', '.join(a.request for a in held)}); the limit is {policy.per_household}",
                f"{request.household} 该时段已有 {len(held)} 个车位（{'、'.join(a.request for a in held)}），"
                f"上限 {policy.per_household} 个",
            ),
            f"<={policy.per_household}",
            str(len(held) + 1),
        )
    taken = {a.space for a in overlapping if a.pool == pool.id}
    for space in range(1, pool.spaces + 1):
        if space not in taken:
            return space
    return FULL_RULE.refuse(
        Text(
            f"{pool.name}: all {pool.spaces} spaces are taken for part of "
            f"{request.starts.astimezone(zone):%Y-%m-%d %H:%M}-"
            f"{request.ends.astimezone(zone):%Y-%m-%d %H:%M}",
            f"{pool.name}：{request.starts.astimezone(zone):%Y-%m-%d %H:%M}-"
            f"{request.ends.astimezone(zone):%Y-%m-%d %H:%M} 期间 {pool.spaces} 个车位已满",
        ),
        f"<={pool.spaces}",
        str(pool.spaces + 1),
    )


def allocate(
    parking: Parking,
    request: ParkingRequest,
    policy: ParkingPolicy | None = None,
    zone: ZoneInfo = DEFAULT_ZONE,
    calendar: HolidayCalendar | None = None,
) -> tuple[Parking, Allocation]:
    """Give ``request`` the lowest-numbered space free for all of its time: the new
    :class:`Parking` and the :class:`Allocation`.  Raises
    :class:`~neighborly.errors.Refused`, leaving ``parking`` as it was, when the pool
    is unknown (``parking.pool``), the stay is too long (``parking.length``), any part
    of it falls in the staff's hours on a working day (``parking.window``), the
    household already holds its spaces then (``parking.household``) or no space is
    free throughout (``parking.full``).  Wall times are read in ``zone``; working
    days come from ``calendar`` (the shipped years when None), and a day in a year
    it lacks raises :class:`~neighborly.errors.NotFound` unless the policy says
    ``assume_weekdays``."""
    policy = policy if policy is not None else ParkingPolicy()
    calendar = calendar if calendar is not None else OFFICIAL_CALENDAR
    outcome = _refusal(
        parking.pools, _Index(parking.allocations), request, policy, zone, calendar=calendar
    )
    if isinstance(outcome, Refused):
        raise outcome
    allocation = Allocation(
        request.id,
        request.household,
        request.pool,
        outcome,
        request.starts,
        request.ends,
        request.plate,
    )
    return attrs.evolve(parking, allocations=(*parking.allocations, allocation)), allocation


def cancel(parking: Parking, request_id: str) -> tuple[Parking, Allocation]:
    """Free the space of request ``request_id``: the new :class:`Parking` and the
    allocation taken back; :class:`~neighborly.errors.NotFound` if there is none."""
    for i, allocation in enumerate(parking.allocations):
        if allocation.request == request_id:
            kept = parking.allocations[:i] + parking.allocations[i + 1 :]
            return attrs.evolve(parking, allocations=kept), allocation
    raise NotFound("parking allocation", request_id)


class HoldsParking(Protocol):
    """What the parking rule needs of a community: its shared parking, if any."""

    @property
    def parking(self) -> Parking | None:
        """The shared parking, or None."""


ALLOCATIONS_RULE = Rule(
    "parking.allocations",
    Text("Shared parking allocations", "共享车位分配"),
    Text(
        "co-building units' pledges (共建单位错时共享停车); local rules in ParkingPolicy",
        "共建单位错时共享停车承诺；地方规则见 ParkingPolicy",
    ),
    basis="BRIEF.md Party: office car parks used by staff by day and by residents at night (shared parking)",
    reads=Text("the shared parking and the co-building units' pledges", "共享停车与共建单位承诺"),
    policy="parking",
)

_PARKING_SOURCE = Text(
    "co-building units' pledges (共建单位错时共享停车)", "共建单位错时共享停车承诺"
)
_PARKING_BASIS = (
    "BRIEF.md Party: office car parks used by staff by day and by residents at night "
    "(shared parking)"
)
_ALLOCATE = ("neighborly.parking.allocate",)

POOL_RULE = Rule(
    "parking.pool",
    Text("A request names a shared car park", "申请的共享停车场存在"),
    _PARKING_SOURCE,
    basis=_PARKING_BASIS,
    reads=Text("the shared car parks", "共享停车场"),
    refuses=_ALLOCATE,
)

LENGTH_RULE = Rule(
    "parking.length",
    Text("One allocation within the longest stay", "单次停放不超过时长上限"),
    Text(
        "co-building units' pledges; the longest stay in ParkingPolicy.max_hours",
        "共建单位错时共享停车承诺；单次时长上限见 ParkingPolicy.max_hours",
    ),
    basis=_PARKING_BASIS,
    reads=Text("the request's hours", "申请时长"),
    policy="parking",
    refuses=_ALLOCATE,
)

WINDOW_RULE = Rule(
    "parking.window",
    Text("Residents park outside the staff's hours", "居民错开职工用车时段"),
    Text(
        "co-building units' pledges: staff by day on working days (official calendar), residents otherwise",
        "共建单位错时共享停车承诺：工作日白天供职工使用（以法定工作日为准），其余时段供居民使用",
    ),
    basis=_PARKING_BASIS,
    reads=Text(
        "the car park's staff hours and the official working days", "停车场职工时段与法定工作日"
    ),
    refuses=_ALLOCATE,
)

HOUSEHOLD_RULE = Rule(
    "parking.household",
    Text("No household over its share of spaces", "每户车位不超过上限"),
    Text(
        "co-building units' pledges; spaces per household in ParkingPolicy.per_household",
        "共建单位错时共享停车承诺；每户上限见 ParkingPolicy.per_household",
    ),
    basis=_PARKING_BASIS,
    reads=Text("the household's allocations at that time", "该户同一时段的车位"),
    policy="parking",
    refuses=_ALLOCATE,
)

FULL_RULE = Rule(
    "parking.full",
    Text("A space is free for the whole stay", "停放期间有空余车位"),
    _PARKING_SOURCE,
    basis=_PARKING_BASIS,
    reads=Text("the car park's spaces and allocations", "停车场车位与已分配情况"),
    refuses=_ALLOCATE,
)

SPACE_RULE = Rule(
    "parking.space",
    Text("No space given twice at once", "同一车位同一时段不重复分配"),
    _PARKING_SOURCE,
    basis=_PARKING_BASIS,
    reads=Text("the allocations, replayed in order", "按顺序重放的分配记录"),
)

RULES: tuple[Rule, ...] = (
    ALLOCATIONS_RULE,
    POOL_RULE,
    LENGTH_RULE,
    WINDOW_RULE,
    HOUSEHOLD_RULE,
    FULL_RULE,
    SPACE_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_parking(
    community: HoldsParking,
    policy: ParkingPolicy | None = None,
    zone: ZoneInfo = DEFAULT_ZONE,
    calendar: HolidayCalendar | None = None,
) -> Verdict:
    """Rule ``parking.allocations``: replaying the community's allocations in order,
    :func:`allocate` would have accepted each, on the space it holds (no space given
    twice at once, none in the staff's hours, none beyond a household's limit).  An
    allocation on a day in a year ``calendar`` lacks cannot be judged and fails,
    naming the years it has, unless the policy says ``assume_weekdays``."""
    policy = policy if policy is not None else ParkingPolicy()
    calendar = calendar if calendar is not None else OFFICIAL_CALENDAR
    parking = community.parking if community.parking is not None else Parking()
    problems: list[Reason] = []
    replayed = _Index()
    for i, allocation in enumerate(parking.allocations):
        request = _request_of(allocation)
        overlapping = replayed.overlapping(allocation.starts, allocation.ends)
        try:
            outcome = _refusal(
                parking.pools,
                replayed,
                request,
                policy,
                zone,
                calendar=calendar,
                overlapping=overlapping,
            )
        except NotFound as exc:
            problems.append(
                Reason(
                    f"$.parking.allocations[{i}]",
                    Text(
                        f"{allocation.request}: the staff's working days cannot be told, the"
                        f" holiday calendar has no {exc.key} ({calendar.where()})",
                        f"{allocation.request}：无法判断职工工作日，节假日日历没有 {exc.key} 年"
                        f"（现有 {', '.join(map(str, calendar.years))}）；请补充该年的官方安排，"
                        "或按周一至周五计算",
                    ),
                    "a year the holiday calendar has",
                    exc.key,
                )
            )
            continue
        clash = _space_clash(overlapping, allocation)
        if isinstance(outcome, Refused) and outcome.rule == FULL_RULE.code and clash is not None:
            outcome = clash
        if isinstance(outcome, Refused):
            problems.append(
                Reason(
                    f"$.parking.allocations[{i}]",
                    Text(
                        f"{outcome.rule}: {outcome.reason.en}",
                        f"{outcome.rule}：{outcome.reason.zh}",
                    ),
                    outcome.expected,
                    outcome.actual,
                )
            )
            continue
        if clash is not None:
            problems.append(
                Reason(
                    f"$.parking.allocations[{i}].space",
                    Text(f"{clash.rule}: {clash.reason.en}", f"{clash.rule}：{clash.reason.zh}"),
                    clash.expected,
                    clash.actual,
                )
            )
            continue
        replayed.add(allocation)
    spaces = sum(p.spaces for p in parking.pools)
    return Verdict.from_reasons(
        ALLOCATIONS_RULE.code,
        ALLOCATIONS_RULE.title,
        problems,
        Reason(
            "$.parking",
            Text(
                f"{number(len(parking.allocations))} allocations over {number(spaces)} shared "
                f"spaces in {len(parking.pools)} car parks, none in staff hours or doubled",
                f"{len(parking.pools)} 个共享停车场 {number(spaces)} 个车位共分配 "
                f"{number(len(parking.allocations))} 次，均不占职工时段、无重复",
            ),
        ),
        ALLOCATIONS_RULE.source,
    )


def _space_clash(overlapping: list[Allocation], allocation: Allocation) -> Refused | None:
    for other in overlapping:
        if other.pool == allocation.pool and other.space == allocation.space:
            return SPACE_RULE.refuse(
                Text(
                    f"space {allocation.space} of {allocation.pool} is already given to "
                    f"{other.request} for part of that time",
                    f"{allocation.pool} 的 {allocation.space} 号车位该时段已分配给 {other.request}",
                ),
                "a free space",
                str(allocation.space),
            )
    return None


# --- ids and references, declared ----------------------------------------------------

PARKING_POOL = Kind("parking_pool", Text("a shared car park", "共享停车资源"))


def _pledged(parking: Parking, known: Known) -> Iterator[Problem]:
    """A pool is pledged by a co-building unit, with no more spaces than the pledge."""
    for pi, pool in enumerate(parking.pools):
        pp = f"$.pools[{pi}]"
        unit = known.get("co_building_unit", pool.unit)
        if not isinstance(unit, CoBuildingUnit):
            yield missing(f"{pp}.unit", pool.unit, Text("a co-building unit", "共建单位"))
            continue
        pledge = next((p for p in unit.pledges if p.id == pool.pledge), None)
        if pledge is None:
            yield missing(
                f"{pp}.pledge", pool.pledge, Text(f"a pledge of {unit.id}", f"{unit.id} 的承诺")
            )
        elif pool.spaces > pledge.quantity:
            yield Problem(
                f"{pp}.spaces",
                Text(
                    f"at most the {pledge.quantity} spaces pledged ({pledge.id})",
                    f"不超过承诺的 {pledge.quantity} 个车位（{pledge.id}）",
                ),
                Text.same(str(pool.spaces)),
            )


PARKING_DECLARED = Declarations(
    ids=(Ids("pools[*].id", PARKING_POOL),),
    refs=(Ref("allocations[*].household", ("household",)),),
    checks=(_pledged,),
)
"""What shared parking defines (its pools) and names: allocated households, and each
pool's co-building unit and pledge, whose spaces it may not exceed."""
