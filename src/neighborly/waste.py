"""Garbage sorting (垃圾分类): categories and colours, collection points, the
supervisors' rota, daily compliance checks and the sorting stipend.

Categories and colours follow GB/T 19095-2019 (a :class:`SortingScheme`, with
local presets: Shanghai's wet and dry waste, black residual bins); a sign's colour
and a bin's colour are kept apart.  Collection points are planned per compound (one
per 300 households and 1 hazardous, 1 recyclable, 4 food and 8 residual bins each
by default: a :class:`PointPolicy`), and a :class:`Sorting` programme holds the
points, the duty slots, the rota of supervisors and their checks.

Sorting supervisors check each household's bags at the collection points and record
whether it sorted correctly that day (a :class:`SortingCheck`).  Households that sort
correctly earn a stipend per compliant day (0.30 yuan in the pilot community of
BRIEF.md; a :class:`StipendPolicy`), paid monthly from a :class:`StipendStatement`
in integer fen.

    >>> import datetime as dt
    >>> checks_ = [SortingCheck("h-1", dt.date(2026, 11, d), compliant=d != 3) for d in range(1, 6)]
    >>> (statement,) = stipend_statements(checks_, 2026, 11)
    >>> statement.compliant_days, statement.fen, statement.render("en")
    (4, 120, 'h-1 2026-11: 4 of 5 checked days sorted correctly x 0.30 yuan = 1.20 yuan')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

import attrs

from neighborly._checks import (
    BOOL,
    DATE,
    IDENT,
    OPT_PROSE,
    TEXT,
    TIME,
    Where,
    checks,
    describe,
    duplicate_ids,
    int_range,
    is_enum,
    of_type,
    opt,
    tuple_of,
    unlisted,
)
from neighborly._model import Model
from neighborly.errors import InvalidInput, NotFound, Problem
from neighborly.grids import HoldsGrids
from neighborly.integrity import Declarations, Ids, Kind, Ref
from neighborly.money import yuan
from neighborly.points import AccountKind, Ledger, Posting, PostingKind
from neighborly.text import Lang, Text, check_lang, number
from neighborly.verdicts import Reason, Rule, Verdict

__all__ = [
    "BLACK_RESIDUAL_BINS",
    "COLLECTION_POINT",
    "NATIONAL",
    "POINTS_RULE",
    "ROTA_RULE",
    "RULES",
    "SCHEMES",
    "SHANGHAI",
    "SORTING_DECLARED",
    "BinCount",
    "CategoryStyle",
    "CollectionPoint",
    "Colour",
    "Duty",
    "HoldsSorting",
    "PointPlan",
    "PointPolicy",
    "Slot",
    "Sorting",
    "SortingCheck",
    "SortingScheme",
    "StipendPolicy",
    "StipendStatement",
    "WasteCategory",
    "check_points",
    "check_rota",
    "plan_points",
    "plan_rota",
    "points_needed",
    "sorting_awards",
    "stipend_statements",
]

_GB_T_19095 = Text(
    "GB/T 19095-2019 Signs for classification of municipal solid waste (in force 2019-12-01)",
    "GB/T 19095-2019《生活垃圾分类标志》（2019-12-01 实施）",
)


class WasteCategory(str, enum.Enum):
    """The four main categories (大类) of GB/T 19095-2019.

    ``food`` is the standard's 厨余垃圾 (kitchen or food waste; Shanghai's wet waste),
    ``residual`` its 其他垃圾 (Shanghai's dry waste).
    """

    RECYCLABLE = "recyclable"
    HAZARDOUS = "hazardous"
    FOOD = "food"
    RESIDUAL = "residual"


class Colour(str, enum.Enum):
    """A colour of a sign or a bin."""

    BLUE = "blue"
    RED = "red"
    GREEN = "green"
    GREY = "grey"
    BLACK = "black"
    YELLOW = "yellow"
    BROWN = "brown"

    @property
    def label(self) -> Text:
        """The colour's name in English and Chinese."""
        return _COLOUR_LABELS[self]


_COLOUR_LABELS: Mapping[Colour, Text] = MappingProxyType(
    {
        Colour.BLUE: Text("blue", "蓝色"),
        Colour.RED: Text("red", "红色"),
        Colour.GREEN: Text("green", "绿色"),
        Colour.GREY: Text("grey", "灰色"),
        Colour.BLACK: Text("black", "黑色"),
        Colour.YELLOW: Text("yellow", "黄色"),
        Colour.BROWN: Text("brown", "棕色"),
    }
)


@attrs.frozen(eq=False, repr=False)
class CategoryStyle(Model):
    """How one category is named and coloured: the sign's colour and the bin's colour
    are kept apart (signs follow GB/T 19095-2019; bins may differ locally)."""

    category: WasteCategory
    name: Text
    sign_colour: Colour
    bin_colour: Colour

    __attrs_post_init__ = checks(
        category=is_enum(WasteCategory),
        name=of_type(Text),
        sign_colour=is_enum(Colour),
        bin_colour=is_enum(Colour),
    )


def _one_style_each(scheme: SortingScheme) -> Iterator[Problem]:
    seen: dict[WasteCategory, int] = {}
    for i, style in enumerate(scheme.styles):
        if style.category in seen:
            yield Problem(
                f"$.styles[{i}].category",
                Text(
                    f"one style per category (already at $.styles[{seen[style.category]}])",
                    f"每个类别一种样式（已在 $.styles[{seen[style.category]}] 给出）",
                ),
                Text.same(f'"{style.category.value}"'),
            )
        seen[style.category] = i
    missing = [c.value for c in WasteCategory if c not in seen]
    if missing:
        yield Problem(
            "$.styles",
            Text("a style for each of the four categories", "四个大类各一种样式"),
            Text(f"none for {', '.join(missing)}", f"缺少 {'、'.join(missing)}"),
        )


@attrs.frozen(eq=False, repr=False)
class SortingScheme(Model):
    """The categories' names and colours in force somewhere: the national standard or a
    local preset.  ``styles`` has exactly one :class:`CategoryStyle` per category."""

    key: str
    name: Text
    styles: tuple[CategoryStyle, ...]
    source: Text

    __attrs_post_init__ = checks(
        key=IDENT,
        name=of_type(Text),
        styles=tuple_of(CategoryStyle),
        source=of_type(Text),
        then=lambda scheme: list(_one_style_each(scheme)),
    )

    def style(self, category: WasteCategory) -> CategoryStyle:
        """The style of ``category`` in this scheme."""
        for style in self.styles:
            if style.category is category:
                return style
        # construction guarantees all four; only a bad argument gets here
        raise NotFound("waste category", str(category), f"scheme {self.key}")

    def with_bin_colour(self, category: WasteCategory, colour: Colour, key: str) -> SortingScheme:
        """This scheme with ``category``'s bins in ``colour`` (signs unchanged), as ``key``:
        e.g. the pilot city of BRIEF.md with yellow residual bins."""
        styles = tuple(
            attrs.evolve(s, bin_colour=colour) if s.category is category else s for s in self.styles
        )
        return attrs.evolve(self, key=key, styles=styles)


def _style(category: WasteCategory, en: str, zh: str, sign: Colour, bin_: Colour) -> CategoryStyle:
    return CategoryStyle(category, Text(en, zh), sign, bin_)


NATIONAL = SortingScheme(
    "national",
    Text("national standard", "国家标准"),
    (
        _style(WasteCategory.RECYCLABLE, "Recyclable", "可回收物", Colour.BLUE, Colour.BLUE),
        _style(WasteCategory.HAZARDOUS, "Hazardous Waste", "有害垃圾", Colour.RED, Colour.RED),
        _style(WasteCategory.FOOD, "Food Waste", "厨余垃圾", Colour.GREEN, Colour.GREEN),
        _style(WasteCategory.RESIDUAL, "Residual Waste", "其他垃圾", Colour.GREY, Colour.GREY),
    ),
    _GB_T_19095,
)
"""GB/T 19095-2019: blue recyclable, red hazardous, green food, grey residual."""

SHANGHAI = SortingScheme(
    "shanghai",
    Text("Shanghai", "上海"),
    (
        _style(WasteCategory.RECYCLABLE, "Recyclable", "可回收物", Colour.BLUE, Colour.BLUE),
        _style(WasteCategory.HAZARDOUS, "Hazardous Waste", "有害垃圾", Colour.RED, Colour.RED),
        _style(WasteCategory.FOOD, "Wet Waste", "湿垃圾", Colour.GREEN, Colour.BROWN),
        _style(WasteCategory.RESIDUAL, "Dry Waste", "干垃圾", Colour.GREY, Colour.BLACK),
    ),
    Text(
        "Shanghai Municipal Domestic Waste Management Regulations (2019) Art. 4 (names); "
        "brown wet-waste and black dry-waste bins as used in Shanghai",
        "《上海市生活垃圾管理条例》（2019）第四条（名称）；上海使用棕色湿垃圾桶、黑色干垃圾桶",
    ),
)
"""Shanghai: wet waste (湿垃圾) and dry waste (干垃圾), brown and black bins."""

BLACK_RESIDUAL_BINS = NATIONAL.with_bin_colour(
    WasteCategory.RESIDUAL, Colour.BLACK, "black-residual-bins"
)

SCHEMES: Mapping[str, SortingScheme] = MappingProxyType(
    {
        NATIONAL.key: NATIONAL,
        SHANGHAI.key: SHANGHAI,
        BLACK_RESIDUAL_BINS.key: attrs.evolve(
            BLACK_RESIDUAL_BINS,
            name=Text("black residual bins", "黑色其他垃圾桶"),
            source=Text(
                "GB/T 19095-2019 signs; black residual bins as in the container colours of "
                "group standard T/HW 00001",
                "GB/T 19095-2019 标志；其他垃圾桶为黑色（团体标准 T/HW 00001 容器颜色）",
            ),
        ),
    }
)
"""The shipped schemes by key: ``national``, ``shanghai``, ``black-residual-bins``."""


# --- collection points ----------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class BinCount(Model):
    """How many bins of one category a collection point has."""

    category: WasteCategory
    count: int

    __attrs_post_init__ = checks(category=is_enum(WasteCategory), count=int_range(0, 1000))


@attrs.frozen(eq=False, repr=False)
class PointPolicy(Model):
    """How many collection points a compound needs and the bins each should have.

    Defaults are the pilot of BRIEF.md: one point per 300 households (a compound with
    301 needs two), and 1 hazardous, 1 recyclable, 4 food and 8 residual bins a point.
    """

    households_per_point: int = 300
    hazardous: int = 1
    recyclable: int = 1
    food: int = 4
    residual: int = 8

    __attrs_post_init__ = checks(
        households_per_point=int_range(1, 100_000),
        hazardous=int_range(0, 1000),
        recyclable=int_range(0, 1000),
        food=int_range(0, 1000),
        residual=int_range(0, 1000),
    )

    def bins(self) -> tuple[BinCount, ...]:
        """The bins a point should have, one count per category (standard order)."""
        return tuple(BinCount(c, getattr(self, c.value)) for c in WasteCategory)


def points_needed(households: int, policy: PointPolicy | None = None) -> int:
    """Collection points needed for ``households``: one per ``households_per_point``,
    rounded up (300 households need 1, 301 need 2, none need 0).

    >>> points_needed(300), points_needed(301), points_needed(0)
    (1, 2, 0)
    """
    policy = policy if policy is not None else PointPolicy()
    if type(households) is not int or households < 0:
        raise _invalid(
            "$.households", Text("a whole number, 0 or more", "大于等于 0 的整数"), households
        )
    return -(-households // policy.households_per_point)


@attrs.frozen(eq=False, repr=False)
class CollectionPoint(Model):
    """A collection point (投放点) in a compound, with its bins; ``location`` optional."""

    id: str
    compound: str
    name: str
    bins: tuple[BinCount, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        compound=IDENT,
        name=TEXT,
        bins=tuple_of(BinCount),
        where=(
            Where(
                "len({b.category for b in self.bins}) == len(self.bins)",
                "$.bins",
                Text("at most one count per category", "每个类别至多一个数量"),
                shows="bins",
            ),
        ),
    )

    def count(self, category: WasteCategory) -> int:
        """How many bins of ``category`` the point has (0 if none listed)."""
        return sum(b.count for b in self.bins if b.category is category)


@attrs.frozen(eq=False, repr=False)
class Slot(Model):
    """A daily duty slot at the points (定时定点), e.g. 07:00-09:00; ends after it starts."""

    id: str
    starts: dt.time
    ends: dt.time

    __attrs_post_init__ = checks(
        id=IDENT,
        starts=TIME,
        ends=TIME,
        where=(
            Where(
                "self.starts < self.ends",
                "$.ends",
                Text("a time after starts (on the same day)", "晚于 starts 的时刻（同一天内）"),
                shows="ends",
            ),
        ),
    )

    def overlaps(self, other: Slot) -> bool:
        """Whether the two slots share time (touching ends do not)."""
        return self.starts < other.ends and other.starts < self.ends


@attrs.frozen(eq=False, repr=False)
class Duty(Model):
    """A supervisor on duty at a collection point in one slot of one day."""

    point: str
    day: dt.date
    slot: str
    volunteer: str

    __attrs_post_init__ = checks(point=IDENT, day=DATE, slot=IDENT, volunteer=IDENT)


@attrs.frozen(eq=False, repr=False)
class SortingCheck(Model):
    """One household's sorting checked on one day: ``compliant`` if sorted correctly."""

    household: str
    day: dt.date
    compliant: bool
    inspector: str | None = None
    note: str | None = None

    __attrs_post_init__ = checks(
        household=IDENT, day=DATE, compliant=BOOL, inspector=opt(IDENT), note=OPT_PROSE
    )


@attrs.frozen(eq=False, repr=False)
class StipendPolicy(Model):
    """The stipend per compliant day, in fen (30 fen = 0.30 yuan by default)."""

    fen_per_day: int = 30

    __attrs_post_init__ = checks(fen_per_day=int_range(0, 100_000))


@attrs.frozen(eq=False, repr=False)
class StipendStatement(Model):
    """A household's sorting stipend for one month."""

    household: str
    year: int
    month: int
    checked_days: int
    compliant_days: int
    fen_per_day: int
    fen: int

    __attrs_post_init__ = checks(
        household=IDENT,
        year=int_range(1900, 2200),
        month=int_range(1, 12),
        checked_days=int_range(0, 31),
        compliant_days=int_range(0, 31),
        fen_per_day=int_range(0, 100_000),
        fen=int_range(0, 3_100_000),
    )

    def render(self, lang: Lang = "en") -> str:
        """One line: the days, the rate and the amount."""
        lang = check_lang(lang)
        return Text(
            f"{self.household} {self.year}-{self.month:02d}: {self.compliant_days} of "
            f"{self.checked_days} checked days sorted correctly x {yuan(self.fen_per_day)} yuan "
            f"= {yuan(self.fen)} yuan",
            f"{self.household} {self.year} 年 {self.month} 月：检查 {self.checked_days} 天，"
            f"正确分类 {self.compliant_days} 天 × {yuan(self.fen_per_day)} 元 = {yuan(self.fen)} 元",
        ).render(lang)


def stipend_statements(
    checks_: Iterable[SortingCheck], year: int, month: int, policy: StipendPolicy | None = None
) -> tuple[StipendStatement, ...]:
    """Each checked household's statement for ``year``-``month``, by household id.

    A day counts once however many times it was checked, and only if every check
    that day found the household's sorting correct.  Days without a check earn
    nothing.  Amounts are integer fen: compliant days x ``fen_per_day``.
    """
    policy = policy if policy is not None else StipendPolicy()
    days: dict[str, dict[dt.date, bool]] = {}
    for check in checks_:
        if (check.day.year, check.day.month) != (year, month):
            continue
        seen = days.setdefault(check.household, {})
        seen[check.day] = seen.get(check.day, True) and check.compliant
    return tuple(
        StipendStatement(
            household,
            year,
            month,
            len(seen),
            compliant := sum(seen.values()),
            policy.fen_per_day,
            compliant * policy.fen_per_day,
        )
        for household, seen in sorted(days.items())
    )


# --- the programme: points, slots, rota, checks ----------------------------------------


def _sorting_integrity(sorting: Sorting) -> Iterator[Problem]:
    yield from duplicate_ids("points", [p.id for p in sorting.points])
    yield from duplicate_ids("slots", [s.id for s in sorting.slots])
    points = {p.id for p in sorting.points}
    slots = {s.id for s in sorting.slots}
    for i, duty in enumerate(sorting.rota):
        if duty.point not in points:
            yield unlisted(
                f"$.rota[{i}].point", duty.point, "points", Text("a collection point", "投放点")
            )
        if duty.slot not in slots:
            yield unlisted(f"$.rota[{i}].slot", duty.slot, "slots", Text("a slot", "时段"))


@attrs.frozen(eq=False, repr=False)
class Sorting(Model):
    """A community's garbage-sorting programme: the supervisors' ``team`` (a service
    team of kind ``sorting_supervision``), the ``scheme`` of names and colours, the
    collection ``points``, the daily duty ``slots``, the ``rota`` of duties and the
    ``inspections`` (daily :class:`SortingCheck` records) that feed the stipend."""

    team: str | None = None
    scheme: SortingScheme = NATIONAL
    points: tuple[CollectionPoint, ...] = ()
    slots: tuple[Slot, ...] = ()
    rota: tuple[Duty, ...] = ()
    inspections: tuple[SortingCheck, ...] = ()

    __attrs_post_init__ = checks(
        team=opt(IDENT),
        scheme=of_type(SortingScheme),
        points=tuple_of(CollectionPoint),
        slots=tuple_of(Slot),
        rota=tuple_of(Duty),
        inspections=tuple_of(SortingCheck),
        then=lambda sorting: list(_sorting_integrity(sorting)),
    )


@attrs.frozen(eq=False, repr=False)
class PointPlan(Model):
    """The collection points one compound needs and has, and the bins they need in all."""

    compound: str
    households: int
    needed: int
    present: int
    bins: tuple[BinCount, ...]

    @property
    def shortfall(self) -> int:
        """Points still to set up (0 when enough are present)."""
        return max(0, self.needed - self.present)


class HoldsSorting(HoldsGrids, Protocol):
    """What the sorting rules need of a community: its compounds, its service teams and
    the sorting programme, if it has one."""

    @property
    def sorting(self) -> Sorting | None:
        """The garbage-sorting programme, or None."""


def plan_points(
    community: HoldsSorting, policy: PointPolicy | None = None
) -> tuple[PointPlan, ...]:
    """Each compound's collection-point plan, in the community's order.

    Points are planned per compound (a point serves the compound it stands in), so a
    community of several compounds may need more points than its total households
    alone would suggest.
    """
    policy = policy if policy is not None else PointPolicy()
    present: dict[str, int] = {}
    if community.sorting is not None:
        for point in community.sorting.points:
            present[point.compound] = present.get(point.compound, 0) + 1
    plans = []
    for compound in community.compounds:
        households = sum(1 for _ in compound.households())
        needed = points_needed(households, policy)
        bins = tuple(BinCount(b.category, b.count * needed) for b in policy.bins())
        plans.append(PointPlan(compound.id, households, needed, present.get(compound.id, 0), bins))
    return tuple(plans)


_POINTS_TITLE = Text("Garbage collection points and bins", "垃圾分类投放点与桶位")
_ROTA_TITLE = Text("Sorting supervisors' rota", "垃圾分类督导排班")
_POINTS_SOURCE = Text(
    "local sorting programme (the pilot of one point per 300 households, 14 bins a point); "
    "categories per GB/T 19095-2019",
    "地方垃圾分类工作方案（试点：每 300 户一个投放点，每点 14 个桶）；类别依据 GB/T 19095-2019",
)


POINTS_RULE = Rule(
    "waste.points",
    _POINTS_TITLE,
    _POINTS_SOURCE,
    basis=(
        "BRIEF.md Garbage sorting: one collection point per 300 households; 14 bins a point (1 "
        "hazardous, 1 recyclable, 4 kitchen, 8 other); FACTS.md §6 GB/T 19095-2019 categories"
    ),
    reads=Text("the compounds' households and the collection points", "各小区户数与投放点"),
    policy="waste",
)

ROTA_RULE = Rule(
    "waste.rota",
    _ROTA_TITLE,
    Text(
        "the pilot's practice: one volunteer supervisor per collection point in every slot",
        "试点做法：每个投放点每个时段一名志愿督导员",
    ),
    basis="BRIEF.md Garbage sorting: one volunteer supervisor per collection point",
    reads=Text(
        "the sorting programme's points, slots, rota and team",
        "垃圾分类的投放点、时段、排班与服务队",
    ),
)

RULES: tuple[Rule, ...] = (
    POINTS_RULE,
    ROTA_RULE,
)
"""The rules of this module, as data (see :func:`neighborly.rules.catalogue`)."""


def check_points(community: HoldsSorting, policy: PointPolicy | None = None) -> Verdict:
    """Rule ``waste.points``: every compound has the collection points its households
    need, and every point has at least the policy's bins of each category."""
    policy = policy if policy is not None else PointPolicy()
    plans = plan_points(community, policy)
    problems: list[Reason] = []
    for ci, plan in enumerate(plans):
        if plan.shortfall:
            problems.append(
                Reason(
                    f"$.compounds[{ci}]",
                    Text(
                        f"{plan.compound}: {plan.households} households need {plan.needed} "
                        f"collection points (one per {policy.households_per_point}), found "
                        f"{plan.present} ({plan.shortfall} short)",
                        f"{plan.compound}：{plan.households} 户需 {plan.needed} 个投放点（每 "
                        f"{policy.households_per_point} 户一个），实有 {plan.present} 个"
                        f"（差 {plan.shortfall} 个）",
                    ),
                    expected=f">={plan.needed}",
                    actual=str(plan.present),
                )
            )
    sorting = community.sorting
    scheme = sorting.scheme if sorting is not None else NATIONAL
    for pi, point in enumerate(sorting.points if sorting is not None else ()):
        for wanted in policy.bins():
            have = point.count(wanted.category)
            if have < wanted.count:
                name = scheme.style(wanted.category).name
                problems.append(
                    Reason(
                        f"$.sorting.points[{pi}].bins",
                        Text(
                            f"{point.id}: needed {wanted.count} {name.en} bin(s), found {have} "
                            f"({wanted.count - have} short)",
                            f"{point.id}：{name.zh}桶应有 {wanted.count} 个，实有 {have} 个"
                            f"（差 {wanted.count - have} 个）",
                        ),
                        expected=f">={wanted.count}",
                        actual=str(have),
                    )
                )
    needed = sum(p.needed for p in plans)
    present = sum(p.present for p in plans)
    households = sum(p.households for p in plans)
    return Verdict.from_reasons(
        POINTS_RULE.code,
        POINTS_RULE.title,
        problems,
        Reason(
            "$.compounds",
            Text(
                f"{number(households)} households in {len(plans)} compounds need {needed} "
                f"collection points; {present} are set up with their bins",
                f"{len(plans)} 个小区 {number(households)} 户需 {needed} 个投放点；"
                f"已设 {present} 个，桶位齐全",
            ),
            expected=f">={needed}",
            actual=str(present),
        ),
        POINTS_RULE.source,
    )


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _invalid(path: str, expected: Text, value: object) -> InvalidInput:
    return InvalidInput([Problem(path, expected, describe(value))])


def _check_range(start: dt.date, end: dt.date) -> None:
    if type(start) is not dt.date:
        raise _invalid("$.start", Text("a date", "日期"), start)
    if type(end) is not dt.date or end < start:
        raise _invalid("$.end", Text(f"a date on or after {start}", f"不早于 {start} 的日期"), end)


def plan_rota(
    points: Sequence[CollectionPoint],
    slots: Sequence[Slot],
    members: Sequence[str],
    start: dt.date,
    end: dt.date,
) -> tuple[Duty, ...]:
    """A rota from ``start`` to ``end`` (inclusive): one member per point per slot per
    day, taking members in turn so duties spread evenly, and never giving a member
    two duties in overlapping slots of one day.  Where no member is free the duty
    is left out: :func:`check_rota` reports it as a gap.

    >>> import datetime as dt
    >>> pts = (CollectionPoint("p1", "c1", "East gate"), CollectionPoint("p2", "c1", "West gate"))
    >>> am = Slot("am", dt.time(7), dt.time(9))
    >>> [d.volunteer for d in plan_rota(pts, (am,), ("v1", "v2", "v3"), dt.date(2026, 11, 2), dt.date(2026, 11, 3))]
    ['v1', 'v2', 'v3', 'v1']
    """
    _check_range(start, end)
    ordered = sorted(slots, key=lambda s: (s.starts, s.ends, s.id))
    duties: list[Duty] = []
    turn = 0
    for day in _days(start, end):
        busy: dict[str, list[Slot]] = {}
        for slot in ordered:
            for point in points:
                for step in range(len(members)):
                    member = members[(turn + step) % len(members)]
                    if not any(slot.overlaps(b) for b in busy.get(member, ())):
                        busy.setdefault(member, []).append(slot)
                        duties.append(Duty(point.id, day, slot.id, member))
                        turn = (turn + step + 1) % len(members)
                        break
    return tuple(duties)


def check_rota(community: HoldsSorting, start: dt.date, end: dt.date) -> Verdict:
    """Rule ``waste.rota`` from ``start`` to ``end`` (inclusive): every point has exactly
    one supervisor in every slot of every day, each from the sorting team, and no
    supervisor is on two duties at once (overlapping slots of one day)."""
    _check_range(start, end)
    sorting = community.sorting
    if sorting is None:
        return Verdict(
            ROTA_RULE.code,
            passed=False,
            title=ROTA_RULE.title,
            reasons=(
                Reason(
                    "$.sorting",
                    Text("no sorting programme: nothing to staff", "未设垃圾分类工作：无从排班"),
                    expected="a sorting programme",
                    actual="null",
                ),
            ),
            source=ROTA_RULE.source,
        )
    team = next((t for t in community.teams if t.id == sorting.team), None)
    members = set(team.members) if team is not None else set()
    slots = {s.id: s for s in sorting.slots}
    problems: list[Reason] = []
    staffed: dict[tuple[str, dt.date, str], int] = {}
    by_person: dict[tuple[str, dt.date], list[tuple[int, Duty]]] = {}
    for i, duty in enumerate(sorting.rota):
        if not start <= duty.day <= end:
            continue
        path = f"$.sorting.rota[{i}]"
        key = (duty.point, duty.day, duty.slot)
        if key in staffed:
            problems.append(
                Reason(
                    path,
                    Text(
                        f"{duty.point} {duty.day} {duty.slot}: one supervisor a slot, but "
                        f"{duty.volunteer} is a second (see $.sorting.rota[{staffed[key]}])",
                        f"{duty.point} {duty.day} {duty.slot}：每时段一名督导员，"
                        f"{duty.volunteer} 为第二名（见 $.sorting.rota[{staffed[key]}]）",
                    ),
                    expected="1",
                    actual="2",
                )
            )
        else:
            staffed[key] = i
        if duty.volunteer not in members:
            problems.append(
                Reason(
                    f"{path}.volunteer",
                    Text(
                        f"{duty.volunteer} on duty at {duty.point} on {duty.day} is not a "
                        f"member of the sorting team {sorting.team}",
                        f"{duty.day} 在 {duty.point} 值守的 {duty.volunteer} 不是督导队 "
                        f"{sorting.team} 的成员",
                    ),
                    expected=f"a member of {sorting.team}",
                    actual=duty.volunteer,
                )
            )
        for j, other in by_person.get((duty.volunteer, duty.day), ()):
            if slots[other.slot].overlaps(slots[duty.slot]):
                problems.append(
                    Reason(
                        path,
                        Text(
                            f"{duty.volunteer} is double-booked on {duty.day}: {duty.point} "
                            f"{duty.slot} overlaps {other.point} {other.slot} "
                            f"($.sorting.rota[{j}])",
                            f"{duty.volunteer} 于 {duty.day} 重复排班：{duty.point} {duty.slot} "
                            f"与 {other.point} {other.slot} 时间重叠（$.sorting.rota[{j}]）",
                        ),
                        expected="one duty at a time",
                        actual="2",
                    )
                )
        by_person.setdefault((duty.volunteer, duty.day), []).append((i, duty))
    gaps = 0
    for day in _days(start, end):
        for slot in sorting.slots:
            for pi, point in enumerate(sorting.points):
                if (point.id, day, slot.id) not in staffed:
                    gaps += 1
                    problems.append(
                        Reason(
                            f"$.sorting.points[{pi}]",
                            Text(
                                f"gap: nobody on duty at {point.id} on {day} "
                                f"{slot.starts:%H:%M}-{slot.ends:%H:%M} ({slot.id})",
                                f"缺岗：{day} {slot.starts:%H:%M}-{slot.ends:%H:%M}（{slot.id}）"
                                f"{point.id} 无人值守",
                            ),
                            expected="1",
                            actual="0",
                        )
                    )
    days = (end - start).days + 1
    wanted = days * len(sorting.slots) * len(sorting.points)
    return Verdict.from_reasons(
        ROTA_RULE.code,
        ROTA_RULE.title,
        problems,
        Reason(
            "$.sorting.rota",
            Text(
                f"all {number(wanted)} duties from {start} to {end} staffed ({len(sorting.points)} "
                f"points x {len(sorting.slots)} slots x {days} days), one team member each, "
                "nobody double-booked",
                f"{start} 至 {end} 共 {number(wanted)} 个岗次（{len(sorting.points)} 个投放点 × "
                f"{len(sorting.slots)} 个时段 × {days} 天）均有督导队员值守，无重复排班",
            ),
            expected=str(wanted),
            actual=str(wanted - gaps),
        ),
        ROTA_RULE.source,
    )


def sorting_awards(
    statements: Iterable[StipendStatement],
    ledger: Ledger,
    issuer: str,
    at: dt.datetime,
    points_per_day: int = 1,
) -> tuple[Posting, ...]:
    """Points for sorting well, to post to the points ledger alongside the stipend:
    ``points_per_day`` for each compliant day of each statement, from ``issuer`` to
    the household's account (an account of kind ``household`` holding it).

    Each posting's key is ``sorting-<household>-<year>-<month>``, so posting the same
    month twice changes nothing.  A statement with no compliant day earns nothing;
    a household without an account raises :class:`~neighborly.errors.NotFound`
    naming every such household, before anything is returned.
    """
    if type(points_per_day) is not int or points_per_day < 1:
        raise _invalid(
            "$.points_per_day",
            Text("a whole number, 1 or more", "大于等于 1 的整数"),
            points_per_day,
        )
    accounts = {
        a.holder: a.id
        for a in ledger.accounts
        if a.kind is AccountKind.HOUSEHOLD and a.holder is not None
    }
    wanted = [s for s in statements if s.compliant_days]
    missing = sorted({s.household for s in wanted if s.household not in accounts})
    if missing:
        raise NotFound("household points account", ", ".join(missing), "the ledger")
    return tuple(
        Posting(
            key=f"sorting-{s.household}-{s.year}-{s.month:02d}",
            at=at,
            kind=PostingKind.AWARD,
            source=issuer,
            target=accounts[s.household],
            points=s.compliant_days * points_per_day,
            memo=f"garbage sorting {s.year}-{s.month:02d}: {s.compliant_days} compliant days",
        )
        for s in wanted
    )


# --- ids and references, declared ----------------------------------------------------

COLLECTION_POINT = Kind("collection_point", Text("a collection point", "垃圾分类收集点"))

SORTING_DECLARED = Declarations(
    ids=(Ids("points[*].id", COLLECTION_POINT),),
    refs=(
        Ref("team", ("team",)),
        Ref("points[*].compound", ("compound",)),
        Ref("rota[*].volunteer", ("volunteer",)),
        Ref("inspections[*].household", ("household",)),
        Ref("inspections[*].inspector", ("volunteer", "staff")),
    ),
)
"""What the sorting programme defines (collection points; its slots are its own) and
the team, compounds, volunteers, households and inspectors it names."""
