"""The 15-minute life circle (十五分钟生活圈): facilities, distances and gaps.

GB 50180-2018 (Standard for urban residential area planning and design, Table 3.0.4)
sizes residential areas by walking distance: the 5-minute circle within 300 m, the
10-minute circle within 500 m and the 15-minute circle within 800-1000 m, each with
the facilities residents should find inside it.  :class:`Facility` records carry a
category, a WGS-84 :class:`~neighborly.geo.Location` and opening hours; buildings carry a location
too.  Walking distance is the great-circle distance times a detour factor (a
:class:`CirclePolicy`, 1.3 by default: streets are not straight lines).

:func:`nearest` finds the nearest facility of each category for every site through
a grid index (cells sized to the facilities' density, searched outwards from each
site's cell and widened until no cell left out could hold anything nearer), so a
city of 100,000 buildings and 20,000 facilities takes seconds where comparing every
pair takes hours; the answers are the brute-force answers (ties go to the smaller
facility id).  :func:`check_circle` is the ``services.circle`` rule: which buildings
lack which category in which circle, with the distances.

    >>> here = Location(30.6586, 104.0647)
    >>> school = Facility("f-1", "Primary school", "primary_school", Location(30.6616, 104.0647))
    >>> (found,) = nearest((Site("b-1", here),), (school,))
    >>> found.facility, found.straight_m, found.walking_m, found.circle.value
    ('f-1', 334, 434, '10-minute')
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

import attrs

from neighborly._checks import (
    IDENT,
    OPT_TEXT,
    TEXT,
    Check,
    Where,
    checks,
    int_range,
    is_enum,
    of_type,
    tuple_of,
)
from neighborly._model import Model
from neighborly._time import DEFAULT_ZONE
from neighborly.errors import InvalidInput, Problem
from neighborly.geo import EARTH_RADIUS_M, Location, distance_m
from neighborly.integrity import Declarations, Ids, Kind
from neighborly.places import HoldsPlaces
from neighborly.scheduling import OpeningHours
from neighborly.text import Text, number
from neighborly.verdicts import Reason, Rule, Verdict

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


__all__ = [
    "CIRCLE_RULE",
    "DEFAULT_REQUIREMENTS",
    "FACILITY",
    "FACILITY_DECLARED",
    "FACILITY_KINDS",
    "RULES",
    "Circle",
    "CirclePolicy",
    "Facility",
    "HoldsFacilities",
    "Nearest",
    "Requirement",
    "Site",
    "check_circle",
    "kind_label",
    "nearest",
    "sites_of",
]

_GB_50180 = Text(
    "GB 50180-2018 Standard for urban residential area planning and design, Table 3.0.4 "
    "and Appendix B",
    "GB 50180-2018《城市居住区规划设计标准》表 3.0.4 及附录 B",
)


class Circle(str, enum.Enum):
    """A life circle of GB 50180-2018, from the smallest."""

    FIVE_MINUTE = "5-minute"
    TEN_MINUTE = "10-minute"
    FIFTEEN_MINUTE = "15-minute"

    @property
    def label(self) -> Text:
        """The circle's name in English and Chinese."""
        return _CIRCLE_LABELS[self]


_CIRCLE_LABELS: Mapping[Circle, Text] = MappingProxyType(
    {
        Circle.FIVE_MINUTE: Text("5-minute circle", "五分钟生活圈"),
        Circle.TEN_MINUTE: Text("10-minute circle", "十分钟生活圈"),
        Circle.FIFTEEN_MINUTE: Text("15-minute circle", "十五分钟生活圈"),
    }
)

FACILITY_KINDS: Mapping[str, Text] = MappingProxyType(
    {
        "community_service_station": Text("community service station", "社区服务站"),
        "kindergarten": Text("kindergarten", "幼儿园"),
        "elderly_day_care": Text("elderly day-care centre", "老年人日间照料中心"),
        "health_station": Text("community health station", "社区卫生服务站"),
        "community_canteen": Text("community canteen", "社区食堂"),
        "convenience_store": Text("community shop", "社区商业网点"),
        "waste_collection": Text("waste collection point", "生活垃圾收集点"),
        "primary_school": Text("primary school", "小学"),
        "middle_school": Text("middle school", "初中"),
        "health_centre": Text("community health centre", "社区卫生服务中心"),
        "nursing_home": Text("nursing home", "养老院"),
        "culture_centre": Text("cultural activity centre", "文化活动中心"),
        "market": Text("food market", "菜市场或生鲜超市"),
        "meal_help": Text("meal-help point for elders", "助餐点"),
        "parking": Text("car park", "停车场"),
    }
)
"""Names of the facility categories the library knows; any other category key may be
used and is shown as it is written."""


def kind_label(category: str) -> Text:
    """A category's name: from :data:`FACILITY_KINDS`, else the key itself."""
    return FACILITY_KINDS.get(category) or Text.same(category)


@attrs.frozen(eq=False, repr=False)
class Requirement(Model):
    """A category residents should reach within a circle."""

    category: str
    circle: Circle

    __attrs_post_init__ = checks(category=IDENT, circle=is_enum(Circle))


def _req(category: str, circle: Circle) -> Requirement:
    return Requirement(category, circle)


DEFAULT_REQUIREMENTS: tuple[Requirement, ...] = (
    _req("community_service_station", Circle.FIVE_MINUTE),
    _req("kindergarten", Circle.FIVE_MINUTE),
    _req("elderly_day_care", Circle.FIVE_MINUTE),
    _req("health_station", Circle.FIVE_MINUTE),
    _req("community_canteen", Circle.FIVE_MINUTE),
    _req("convenience_store", Circle.FIVE_MINUTE),
    _req("primary_school", Circle.TEN_MINUTE),
    _req("middle_school", Circle.FIFTEEN_MINUTE),
    _req("health_centre", Circle.FIFTEEN_MINUTE),
    _req("nursing_home", Circle.FIFTEEN_MINUTE),
    _req("culture_centre", Circle.FIFTEEN_MINUTE),
    _req("market", Circle.FIFTEEN_MINUTE),
)
"""Typical facilities of each circle as GB 50180-2018 (Appendix B) lists them: a
selection; a planner checks the standard and the local plan and passes their own."""


def _one_requirement_each(policy: CirclePolicy) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, requirement in enumerate(policy.requirements):
        if requirement.category in seen:
            yield Problem(
                f"$.requirements[{i}].category",
                Text(
                    f"one requirement per category (already at $.requirements"
                    f"[{seen[requirement.category]}])",
                    f"每个类别一项要求（已在 $.requirements[{seen[requirement.category]}] 给出）",
                ),
                Text.same(f'"{requirement.category}"'),
            )
        seen[requirement.category] = i


@attrs.frozen(eq=False, repr=False)
class CirclePolicy(Model):
    """The circles' walking distances in metres (300, 500 and 1000 m: the 15-minute
    circle is 800-1000 m and its upper end is used), the detour factor that turns
    straight-line distance into walking distance, and what each circle should hold."""

    five_minute_m: int = 300
    ten_minute_m: int = 500
    fifteen_minute_m: int = 1000
    detour_factor: float = 1.3
    requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS

    __attrs_post_init__ = checks(
        five_minute_m=int_range(1, 100_000),
        ten_minute_m=int_range(1, 100_000),
        fifteen_minute_m=int_range(1, 100_000),
        detour_factor=Check(
            "type({v}) in (float, int) and 1 <= {v} <= 5",
            Text("a factor from 1.0 to 5.0", "1.0 至 5.0 之间的系数"),
        ),
        requirements=tuple_of(Requirement),
        where=(
            Where(
                "self.five_minute_m <= self.ten_minute_m <= self.fifteen_minute_m",
                "$.ten_minute_m",
                Text(
                    "circles that grow: five_minute_m <= ten_minute_m <= fifteen_minute_m",
                    "圈层由小到大：five_minute_m <= ten_minute_m <= fifteen_minute_m",
                ),
                shows="ten_minute_m",
            ),
        ),
        then=lambda policy: list(_one_requirement_each(policy)),
    )

    def limit_m(self, circle: Circle) -> int:
        """The walking distance of ``circle`` in metres."""
        return {
            Circle.FIVE_MINUTE: self.five_minute_m,
            Circle.TEN_MINUTE: self.ten_minute_m,
            Circle.FIFTEEN_MINUTE: self.fifteen_minute_m,
        }[circle]

    def circle_of(self, walking_m: float) -> Circle | None:
        """The smallest circle a walking distance falls in (its limit included), if any."""
        for circle in Circle:
            if walking_m <= self.limit_m(circle):
                return circle
        return None


@attrs.frozen(eq=False, repr=False)
class Facility(Model):
    """A service facility (服务设施): its category key (see :data:`FACILITY_KINDS`),
    location and opening hours (none: always open)."""

    id: str
    name: str
    category: str
    location: Location
    hours: tuple[OpeningHours, ...] = ()
    address: str | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        name=TEXT,
        category=IDENT,
        location=of_type(Location),
        hours=tuple_of(OpeningHours),
        address=OPT_TEXT,
    )

    def is_open(self, at: dt.datetime, zone: ZoneInfo = DEFAULT_ZONE) -> bool:
        """Whether the facility is open at ``at`` (an aware datetime), by the wall clock
        of ``zone`` (Asia/Shanghai by default): from opening time up to, not including,
        closing time."""
        if at.utcoffset() is None:
            raise InvalidInput(
                [Problem("$.at", Text("an aware datetime", "带时区的日期时间"), Text.same(str(at)))]
            )
        if not self.hours:
            return True
        local = at.astimezone(zone)
        moment = local.time()
        return any(
            local.weekday() in h.weekdays and h.opens <= moment < h.closes for h in self.hours
        )


@attrs.frozen(eq=False, repr=False)
class Site(Model):
    """A place people set out from: a building (see :func:`sites_of`) or any other point."""

    id: str
    location: Location

    __attrs_post_init__ = checks(id=IDENT, location=of_type(Location))


@attrs.frozen(eq=False, repr=False)
class Nearest(Model):
    """The nearest facility of a category to a site, or ``facility`` None when there is
    none; distances in whole metres, and the smallest circle the walk falls in."""

    site: str
    category: str
    facility: str | None
    straight_m: int | None
    walking_m: int | None
    circle: Circle | None


class HoldsFacilities(HoldsPlaces, Protocol):
    """What the life-circle rules need of a community: its places (buildings with their
    locations) and the facilities around it."""

    @property
    def facilities(self) -> tuple[Facility, ...]:
        """The facilities, in file order."""


def sites_of(community: HoldsFacilities) -> tuple[Site, ...]:
    """Every building of the community that has a location, as a site."""
    return tuple(
        Site(building.id, building.location)
        for compound in community.compounds
        for building in compound.buildings
        if building.location is not None
    )


# --- the grid index ---------------------------------------------------------------------

_METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180.0
_MIN_CELL_M = 50.0
_CROWDING = 4.0


class _Grid:
    """Facilities of one category bucketed in square cells on a projection that never
    overstates distances (longitude scaled at the highest latitude in the data)."""

    def __init__(self, points: Sequence[tuple[float, float]], kx: float) -> None:
        self.kx = kx
        xs = [lon * kx for _, lon in points]
        ys = [lat * _METRES_PER_DEGREE for lat, _ in points]
        area = max(1.0, (max(xs) - min(xs)) * (max(ys) - min(ys)))
        self.cell = max(_MIN_CELL_M, math.sqrt(area / len(points)))
        while True:
            self.cells: dict[tuple[int, int], list[int]] = {}
            for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
                self.cells.setdefault(self.key(x, y), []).append(index)
            # Clustered facilities crowd a few cells: halve the cells until a facility
            # shares its cell with about three others at most, on average.
            crowding = sum(len(m) ** 2 for m in self.cells.values()) / len(points)
            if crowding <= _CROWDING or self.cell / 2 < _MIN_CELL_M:
                break
            self.cell /= 2
        self.span = max(max(abs(i), abs(j)) for i, j in self.cells)

    def key(self, x: float, y: float) -> tuple[int, int]:
        return (math.floor(x / self.cell), math.floor(y / self.cell))

    def around(self, i: int, j: int, rings: int) -> list[int]:
        """Facilities in the cells within ``rings`` cells of (i, j)."""
        found: list[int] = []
        if (2 * rings + 1) ** 2 > len(self.cells):
            for (ci, cj), members in self.cells.items():
                if abs(ci - i) <= rings and abs(cj - j) <= rings:
                    found.extend(members)
            return found
        for ci in range(i - rings, i + rings + 1):
            for cj in range(j - rings, j + rings + 1):
                here = self.cells.get((ci, cj))
                if here:
                    found.extend(here)
        return found


def _nearest_in_category(
    sites: Sequence[Site],
    facilities: Sequence[Facility],
    kx: float,
) -> list[tuple[int, float]]:
    """For each site, the index of its nearest facility and the distance (metres)."""
    points = [(f.location.latitude, f.location.longitude) for f in facilities]
    grid = _Grid(points, kx)
    cell = grid.cell
    groups: dict[tuple[int, int], list[int]] = {}
    xs: list[float] = []
    ys: list[float] = []
    for s, site in enumerate(sites):
        x = site.location.longitude * kx
        y = site.location.latitude * _METRES_PER_DEGREE
        xs.append(x)
        ys.append(y)
        groups.setdefault(grid.key(x, y), []).append(s)
    answer: list[tuple[int, float]] = [(-1, 0.0)] * len(sites)
    for (i, j), members in groups.items():
        rings = 1
        candidates = grid.around(i, j, rings)
        while not candidates:
            rings *= 2
            candidates = grid.around(i, j, rings)
        pending = members
        while True:
            everything = rings > grid.span + abs(i) + abs(j)
            _best_for_cell(sites, pending, candidates, points, facilities, answer)
            # A facility outside the searched square is at least as far as the square's
            # edge on the grid's projection, which never overstates distances: a site
            # whose nearest is within that is settled; the rest search a wider square.
            low_x, high_x = (i - rings) * cell, (i + rings + 1) * cell
            low_y, high_y = (j - rings) * cell, (j + rings + 1) * cell
            unsettled = [
                s
                for s in pending
                if answer[s][1]
                > 0.99 * min(xs[s] - low_x, high_x - xs[s], ys[s] - low_y, high_y - ys[s])
            ]
            if not unsettled or everything:
                break
            pending = unsettled
            rings = max(
                rings + 1, math.ceil(max(answer[s][1] for s in pending) / (0.99 * cell)) + 1
            )
            candidates = grid.around(i, j, rings)
    return answer


def _best_for_cell(  # noqa: PLR0917 - the loop's state, passed once per cell
    sites: Sequence[Site],
    members: list[int],
    candidates: list[int],
    points: Sequence[tuple[float, float]],
    facilities: Sequence[Facility],
    answer: list[tuple[int, float]],
) -> None:
    """The nearest of ``candidates`` for each site of one cell, by great-circle distance
    (ties to the smaller id), written to ``answer``.

    Planar distances on a projection local to the cell pick the few candidates within
    1% of the closest, and only those are measured exactly.
    """
    lat0 = sites[members[0]].location.latitude
    kx = _METRES_PER_DEGREE * math.cos(math.radians(lat0))
    projected = [(points[c][1] * kx, points[c][0] * _METRES_PER_DEGREE) for c in candidates]
    radians = math.radians
    for s in members:
        origin = sites[s].location
        if len(candidates) == 1:
            best = candidates[0]
        else:
            planar = list(
                map(
                    math.dist,
                    repeat((origin.longitude * kx, origin.latitude * _METRES_PER_DEGREE)),
                    projected,
                )
            )
            low, second = sorted(planar)[:2]
            limit = low * 1.01 + 1.0
            if second <= limit:
                close = [candidates[k] for k, d in enumerate(planar) if d <= limit]
                metres, _, best = min(
                    (distance_m(origin, facilities[c].location), facilities[c].id, c) for c in close
                )
                answer[s] = (best, metres)
                continue
            best = candidates[planar.index(low)]
        # the haversine of distance_m, inlined: this line runs for every site
        lat1, lat2 = radians(origin.latitude), radians(points[best][0])
        dlon = radians(points[best][1] - origin.longitude)
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        )
        answer[s] = (best, 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def nearest(
    sites: Sequence[Site],
    facilities: Iterable[Facility],
    categories: Iterable[str] | None = None,
    policy: CirclePolicy | None = None,
    *,
    open_at: dt.datetime | None = None,
) -> tuple[Nearest, ...]:
    """The nearest facility of each category to each site: for every site in order,
    one :class:`Nearest` per category in sorted order.

    ``categories`` defaults to every category among the facilities; a category with
    no facility gives ``facility`` None.  With ``open_at``, only facilities open at
    that moment count.  Distances are great-circle metres and walking metres (times
    the policy's detour factor), rounded to whole metres.
    """
    policy = policy if policy is not None else CirclePolicy()
    pool = [f for f in facilities if open_at is None or f.is_open(open_at)]
    wanted = sorted(set(categories) if categories is not None else {f.category for f in pool})
    by_category: dict[str, list[Facility]] = {c: [] for c in wanted}
    for facility in pool:
        if facility.category in by_category:
            by_category[facility.category].append(facility)
    every_lat = [s.location.latitude for s in sites] + [f.location.latitude for f in pool]
    top = max((abs(v) for v in every_lat), default=0.0)
    kx = _METRES_PER_DEGREE * max(math.cos(math.radians(min(top, 89.9))), 1e-6)
    found = {
        c: _nearest_in_category(sites, by_category[c], kx) if by_category[c] and sites else None
        for c in wanted
    }
    factor = policy.detour_factor
    limits = [(policy.limit_m(c), c) for c in Circle]

    def circle_of(walking: float) -> Circle | None:
        for limit, circle in limits:
            if walking <= limit:
                return circle
        return None

    results: list[Nearest] = []
    for s, site in enumerate(sites):
        for category in wanted:
            hits = found[category]
            if hits is None:
                results.append(Nearest(site.id, category, None, None, None, None))
                continue
            index, metres = hits[s]
            walking = metres * factor
            results.append(
                Nearest(
                    site.id,
                    category,
                    by_category[category][index].id,
                    round(metres),
                    round(walking),
                    circle_of(round(walking)),
                )
            )
    return tuple(results)


# --- the rule ---------------------------------------------------------------------------

_CIRCLE_TITLE = Text("15-minute life circle coverage", "十五分钟生活圈覆盖")


CIRCLE_RULE = Rule(
    "services.circle",
    _CIRCLE_TITLE,
    _GB_50180,
    basis="FACTS.md §7 GB 50180-2018 Table 3.0.4: 15-minute circle 800-1000 m, 10-minute 500 m, 5-minute 300 m",
    reads=Text("the buildings' locations and the facilities", "楼栋位置与服务设施"),
    policy="circle",
)

RULES: tuple[Rule, ...] = (CIRCLE_RULE,)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_circle(
    community: HoldsFacilities,
    policy: CirclePolicy | None = None,
    *,
    open_at: dt.datetime | None = None,
) -> Verdict:
    """Rule ``services.circle``: every building reaches each required category within
    its circle's walking distance (the limit included).  A building without a location
    cannot be judged and is named; so is every gap, with the nearest facility and how
    far beyond the circle it is."""
    policy = policy if policy is not None else CirclePolicy()
    paths = {
        building.id: f"$.compounds[{ci}].buildings[{bi}]"
        for ci, compound in enumerate(community.compounds)
        for bi, building in enumerate(compound.buildings)
    }
    problems = [
        Reason(
            f"{paths[building.id]}.location",
            Text(
                f"{building.id} has no location, so its distances cannot be measured",
                f"{building.id} 未标注位置，无法测算距离",
            ),
            expected="a location",
            actual="null",
        )
        for compound in community.compounds
        for building in compound.buildings
        if building.location is None
    ]
    sites = sites_of(community)
    required = {r.category: r.circle for r in policy.requirements}
    found = nearest(sites, community.facilities, required, policy, open_at=open_at)
    for hit in found:
        circle = required[hit.category]
        limit = policy.limit_m(circle)
        if hit.walking_m is not None and hit.walking_m <= limit:
            continue
        kind = kind_label(hit.category)
        if hit.facility is None:
            en = f"{hit.site}: no {kind.en} at all, needed within the {circle.label.en} ({limit} m)"
            zh = f"{hit.site}：没有{kind.zh}，应在{circle.label.zh}（{limit} 米）内"
        else:
            over = (hit.walking_m or 0) - limit
            en = (
                f"{hit.site}: nearest {kind.en} {hit.facility} is {number(hit.walking_m or 0)} m "
                f"on foot ({number(hit.straight_m or 0)} m straight x {policy.detour_factor:g}), "
                f"beyond the {circle.label.en} of {limit} m ({number(over)} m over)"
            )
            zh = (
                f"{hit.site}：最近的{kind.zh} {hit.facility} 步行 {number(hit.walking_m or 0)} 米"
                f"（直线 {number(hit.straight_m or 0)} 米 × {policy.detour_factor:g}），"
                f"超出{circle.label.zh} {limit} 米（多 {number(over)} 米）"
            )
        problems.append(
            Reason(
                paths[hit.site],
                Text(en, zh),
                expected=f"<={limit}",
                actual="none" if hit.walking_m is None else str(hit.walking_m),
            )
        )
    return Verdict.from_reasons(
        CIRCLE_RULE.code,
        CIRCLE_RULE.title,
        problems,
        Reason(
            "$.facilities",
            Text(
                f"all {len(sites)} buildings reach the {len(required)} required categories "
                "within their circles",
                f"全部 {len(sites)} 栋楼均可在相应生活圈内到达 {len(required)} 类必需设施",
            ),
        ),
        CIRCLE_RULE.source,
    )


# --- ids and references, declared ----------------------------------------------------

FACILITY = Kind("facility", Text("a facility", "服务设施"))

FACILITY_DECLARED = Declarations(ids=(Ids("id", FACILITY),))
"""A facility defines its id."""
