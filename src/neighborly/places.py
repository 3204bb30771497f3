"""The places a community is made of, and the people living in them.

A :class:`Community` (社区) contains compounds (小区), which contain buildings (楼栋),
which contain units or stairwells (单元), which contain households (户); shops (商户)
sit in compounds.  Every object has a string id that is unique across the whole
community file, so a grid can name any place by its id.

This module holds the places and the people only; :class:`neighborly.community.Community`
composes them with everything else a community keeps.  What a rule needs of a community's
places is the :class:`HoldsPlaces` protocol, so the modules above this one never import the
community itself.

Residents' personal data (name, phone, ID number) is masked in ``repr`` and ``str``
and left out of exported data unless the caller opts in explicitly
(:func:`neighborly.serialization.unstructure` with ``personal_data=True``).

>>> r = Resident(id="r1", name="张伟", phone="13812345678")
>>> "138****5678" in repr(r), "13812345678" in repr(r), "张*" in str(r)
(True, False, True)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from neighborly._checks import (
    DATE,
    IDENT,
    OPT_PHONE,
    OPT_TEXT,
    POSITIVE_DECIMAL,
    TEXT,
    Check,
    Where,
    checks,
    enum_set,
    int_range,
    of_type,
    opt,
    tuple_of,
)
from neighborly._model import Model
from neighborly.errors import NotFound, Problem
from neighborly.geo import Location
from neighborly.integrity import Declarations, Ids, Kind, Known, missing
from neighborly.personal import (
    PERSONAL,
    date_repr,
    mask_id_number,
    mask_name,
    mask_phone,
    masked,
    tags_repr,
)
from neighborly.text import Text

__all__ = [
    "A_PLACE",
    "BUILDING",
    "COMMUNITY",
    "COMPOUND",
    "COMPOUND_DECLARED",
    "HOUSEHOLD",
    "PLACE_KINDS",
    "RESIDENT",
    "SHOP",
    "UNIT",
    "Building",
    "Compound",
    "HoldsPlaces",
    "Household",
    "PlaceIndex",
    "PlaceTables",
    "Resident",
    "ResidentTag",
    "Shop",
    "Unit",
    "households_of",
    "is_resident_id_number",
    "residents_of",
    "shops_of",
]


# --- residents' circumstances ---------------------------------------------------------


class ResidentTag(str, enum.Enum):
    """Circumstances that community work looks after (the value is how files spell it)."""

    ELDER_LIVING_ALONE = "elder_living_alone"
    EMPTY_NEST_ELDER = "empty_nest_elder"
    DISABLED = "disabled"
    LOW_INCOME = "low_income"
    SINGLE_PARENT = "single_parent"
    LEFT_BEHIND_CHILD = "left_behind_child"
    PARTY_MEMBER = "party_member"
    VETERAN = "veteran"
    VOLUNTEER = "volunteer"

    @property
    def label(self) -> Text:
        """The tag's name in English and Chinese."""
        return _TAG_LABELS[self]


_TAG_LABELS: Mapping[ResidentTag, Text] = MappingProxyType(
    {
        ResidentTag.ELDER_LIVING_ALONE: Text("elder living alone", "独居老人"),
        ResidentTag.EMPTY_NEST_ELDER: Text("empty-nest elder", "空巢老人"),
        ResidentTag.DISABLED: Text("disabled", "残疾人"),
        ResidentTag.LOW_INCOME: Text("low-income (dibao)", "低保/低收入"),
        ResidentTag.SINGLE_PARENT: Text("single-parent family", "单亲家庭"),
        ResidentTag.LEFT_BEHIND_CHILD: Text("left-behind child", "留守儿童"),
        ResidentTag.PARTY_MEMBER: Text("Party member", "党员"),
        ResidentTag.VETERAN: Text("veteran", "退役军人"),
        ResidentTag.VOLUNTEER: Text("registered volunteer", "注册志愿者"),
    }
)


# --- personal data: validation and masking ------------------------------------------

_ID_CHECK_CHARS = "10X98765432"
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_resident_id_number(value: str) -> bool:
    """Whether ``value`` is a well-formed 18-character resident identity number (GB 11643-1999).

    Checks the length, the digits, the embedded birth date and the ISO 7064
    MOD 11-2 check character; it cannot check that the number was ever issued.

    >>> is_resident_id_number("11010519491231002X"), is_resident_id_number("110105194912310021")
    (True, False)
    """
    if len(value) != 18 or not value.isascii():
        return False
    body = value[:17]
    if not body.isdigit():
        return False
    # GB 11643's weights (7, 9, 10, 5, ..., 4, 2) are 2^17 ... 2^1 modulo 11, and 13
    # is 2 modulo 11: read as a base-13 number, the body sums its digits times
    # 2^16 ... 2^0, modulo 11, so twice that is the weighted sum, modulo 11.
    if _ID_CHECK_CHARS[2 * int(body, 13) % 11] != value[17].upper():
        return False
    return _valid_ymd(int(body[6:14]))


def _valid_ymd(ymd: int) -> bool:
    """Whether an 8-digit YYYYMMDD number is a real date."""
    year, month_day = divmod(ymd, 10000)
    month, day = divmod(month_day, 100)
    if not 1 <= month <= 12 or day < 1 or year < 1:
        return False
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _MONTH_DAYS[month]


def _ymd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


RESIDENT_ID_NUMBER = Check(
    "type({v}) is str and _is_id({v})",
    Text(
        "an 18-character resident identity number with a valid check character (GB 11643)",
        "18 位公民身份号码，校验码正确（GB 11643）",
    ),
    {"_is_id": is_resident_id_number},
)


# --- the place tree ---------------------------------------------------------------------


@attrs.frozen(eq=False, repr=False)
class Resident(Model):
    """A person living in a household.

    Give ``birth_date`` where it is known, else ``age`` as recorded; never both.
    ``name``, ``phone``, ``id_number``, ``birth_date`` (which with the last characters
    of an ID number would rebuild it) and ``tags`` (which can tell of disability or
    low income) are personal data.
    """

    id: str
    name: str | None = attrs.field(default=None, repr=masked(mask_name), metadata=PERSONAL)
    phone: str | None = attrs.field(default=None, repr=masked(mask_phone), metadata=PERSONAL)
    id_number: str | None = attrs.field(
        default=None, repr=masked(mask_id_number), metadata=PERSONAL
    )
    birth_date: dt.date | None = attrs.field(default=None, repr=date_repr, metadata=PERSONAL)
    age: int | None = None
    tags: frozenset[ResidentTag] = attrs.field(
        default=frozenset(), repr=tags_repr, metadata=PERSONAL
    )

    __attrs_post_init__ = checks(
        id=IDENT,
        name=OPT_TEXT,
        phone=OPT_PHONE,
        id_number=opt(RESIDENT_ID_NUMBER),
        birth_date=opt(DATE),
        age=opt(int_range(0, 150)),
        tags=enum_set(ResidentTag),
        where=(
            Where(
                "self.age is None or self.birth_date is None",
                "$.age",
                Text("either age or birth_date, not both", "age 与 birth_date 只能给出其一"),
                shows="age",
            ),
            Where(
                "self.id_number is None or self.birth_date is None"
                " or int(self.id_number[6:14]) == _ymd(self.birth_date)",
                "$.birth_date",
                Text(
                    "the birth date written in id_number",
                    "与身份证号中的出生日期一致",
                ),
                {"_ymd": _ymd},
                shows="birth_date",
            ),
        ),
    )

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``: from the birth date if known, else the recorded age."""
        if self.birth_date is None:
            return self.age
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


@attrs.frozen(eq=False, repr=False)
class Household(Model):
    """One household (户): a flat with its exclusive-part area, owners and occupants.

    ``owners`` are owner ids; the same id on several households is the same person
    (an owner who lives in the community should use their resident id).
    """

    id: str
    room: str
    area_m2: Decimal
    owners: tuple[str, ...] = ()
    occupants: tuple[Resident, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT,
        room=TEXT,
        area_m2=POSITIVE_DECIMAL,
        owners=tuple_of(str),
        occupants=tuple_of(Resident),
    )


@attrs.frozen(eq=False, repr=False)
class Unit(Model):
    """A unit or stairwell (单元) of a building."""

    id: str
    number: str
    households: tuple[Household, ...] = ()

    __attrs_post_init__ = checks(id=IDENT, number=TEXT, households=tuple_of(Household))


@attrs.frozen(eq=False, repr=False)
class Building(Model):
    """A building (楼栋), made of units; ``location`` (WGS-84) places it on the map for
    the life-circle rules."""

    id: str
    number: str
    units: tuple[Unit, ...] = ()
    floors: int | None = None
    location: Location | None = None

    __attrs_post_init__ = checks(
        id=IDENT,
        number=TEXT,
        units=tuple_of(Unit),
        floors=opt(int_range(1, 200)),
        location=opt(of_type(Location)),
    )

    def households(self) -> Iterator[Household]:
        """Every household of the building, unit by unit."""
        for unit in self.units:
            yield from unit.households


@attrs.frozen(eq=False, repr=False)
class Shop(Model):
    """A shop or business (商户) in a compound; ``building`` names the building it is in, if any."""

    id: str
    name: str
    category: str | None = None
    building: str | None = None

    __attrs_post_init__ = checks(id=IDENT, name=TEXT, category=OPT_TEXT, building=opt(IDENT))


@attrs.frozen(eq=False, repr=False)
class Compound(Model):
    """A residential compound (小区) with its buildings and shops."""

    id: str
    name: str
    buildings: tuple[Building, ...] = ()
    shops: tuple[Shop, ...] = ()

    __attrs_post_init__ = checks(
        id=IDENT, name=TEXT, buildings=tuple_of(Building), shops=tuple_of(Shop)
    )

    def households(self) -> Iterator[Household]:
        """Every household of the compound, building by building."""
        for building in self.buildings:
            yield from building.households()


# --- what a rule needs of a community's places ---------------------------------------


class HoldsPlaces(Protocol):
    """What the modules above this one need of a community's places: its id, its
    compounds, the households, shops and residents in them, and an index by id.

    :class:`neighborly.community.Community` is one; a rule typed with this protocol
    works on it without importing it.
    """

    @property
    def id(self) -> str:
        """The community's id."""

    @property
    def compounds(self) -> tuple[Compound, ...]:
        """The compounds, in file order."""

    @property
    def index(self) -> PlaceIndex:
        """Lookups by id over the places (built once)."""

    def households(self) -> Iterator[Household]:
        """Every household, compound by compound."""

    def shops(self) -> Iterator[Shop]:
        """Every shop, compound by compound."""

    def residents(self) -> Iterator[Resident]:
        """Every resident, household by household."""

    def household(self, household_id: str) -> Household:
        """The household with this id; :class:`~neighborly.errors.NotFound` if none."""


def households_of(compounds: Iterable[Compound]) -> Iterator[Household]:
    """Every household of ``compounds``, compound by compound."""
    for compound in compounds:
        yield from compound.households()


def shops_of(compounds: Iterable[Compound]) -> Iterator[Shop]:
    """Every shop of ``compounds``, compound by compound."""
    for compound in compounds:
        yield from compound.shops


def residents_of(compounds: Iterable[Compound]) -> Iterator[Resident]:
    """Every resident of ``compounds``, household by household."""
    for household in households_of(compounds):
        yield from household.occupants


# --- ids and references, declared ----------------------------------------------------

COMMUNITY = Kind("community", Text("the community", "社区"))
COMPOUND = Kind("compound", Text("a compound", "小区"))
BUILDING = Kind("building", Text("a building", "楼栋"))
UNIT = Kind("unit", Text("a unit", "单元"))
HOUSEHOLD = Kind("household", Text("a household", "住户"))
SHOP = Kind("shop", Text("a shop", "商户"))
RESIDENT = Kind("resident", Text("a resident", "居民"))

PLACE_KINDS = ("community", "compound", "building", "unit", "household", "shop")
"""The kinds of id a grid, a Party unit or a proposal may name as a place."""

A_PLACE = Text(
    "a place: the community, a compound, building, unit, household or shop",
    "地点：社区、小区、楼栋、单元、住户或商户",
)


def _shop_buildings(compound: Compound, _: Known) -> Iterator[Problem]:
    """A shop's building is a building of the same compound."""
    buildings = {b.id for b in compound.buildings}
    for si, shop in enumerate(compound.shops):
        if shop.building is not None and shop.building not in buildings:
            yield missing(
                f"$.shops[{si}].building",
                shop.building,
                Text("a building of the same compound", "同一小区内的楼栋"),
            )


COMPOUND_DECLARED = Declarations(
    ids=(
        Ids("id", COMPOUND),
        Ids("shops[*].id", SHOP),
        Ids("buildings[*].id", BUILDING),
        Ids("buildings[*].units[*].id", UNIT),
        Ids("buildings[*].units[*].households[*].id", HOUSEHOLD),
        Ids("buildings[*].units[*].households[*].occupants[*].id", RESIDENT),
    ),
    checks=(_shop_buildings,),
)
"""What a compound defines: itself, its shops, buildings, units, households and
residents (a shop's building must be in the same compound)."""


# --- lookups -------------------------------------------------------------------------


_CHILDREN = ("compounds", "buildings", "units", "households")


class PlaceTables:
    """What a :class:`PlaceIndex` knows of a community's places, without the community
    itself: a community keeps these for its ``index`` (an index holding its community,
    kept by that community, would be a cycle that only the cyclic collector frees)."""

    __slots__ = ("homes", "where")

    def __init__(self, root: HoldsPlaces) -> None:
        # id -> (kind, indices down the tree); shops: ("shop", (compound, shop))
        self.where: dict[str, tuple[str, tuple[int, ...]]] = {root.id: ("community", ())}
        self.homes: dict[str, str] | None = None  # resident -> household, on first use
        where = self.where
        for ci, compound in enumerate(root.compounds):
            where[compound.id] = ("compound", (ci,))
            for si, shop in enumerate(compound.shops):
                where[shop.id] = ("shop", (ci, si))
            for bi, building in enumerate(compound.buildings):
                where[building.id] = ("building", (ci, bi))
                for ui, unit in enumerate(building.units):
                    where[unit.id] = ("unit", (ci, bi, ui))
                    for hi, household in enumerate(unit.households):
                        where[household.id] = ("household", (ci, bi, ui, hi))


class PlaceIndex:
    """Where every place of a community is: its kind, its object and its JSON path.

    Built from the community (use ``community.index``, which builds its tables once).
    Each id maps to its kind and its position in the tree, so paths and parents are
    worked out on demand and building the index stays cheap.  ``tables``, when given,
    are the :attr:`tables` of an earlier index of the same ``root``.
    """

    __slots__ = ("_where", "community", "tables")

    def __init__(self, root: HoldsPlaces, tables: PlaceTables | None = None) -> None:
        self.community = root
        self.tables = PlaceTables(root) if tables is None else tables
        self._where = self.tables.where

    def kind(self, place_id: str) -> str | None:
        """``community``, ``compound``, ``building``, ``unit``, ``household``, ``shop``, or
        None for an id that names no place."""
        found = self._where.get(place_id)
        return found[0] if found is not None else None

    def _locate(self, place_id: str, kind: str | None = None) -> tuple[str, tuple[int, ...]]:
        found = self._where.get(place_id)
        if found is None or (kind is not None and found[0] != kind):
            raise NotFound(kind or "place", place_id, self.community.id)
        return found

    def position(self, place_id: str, kind: str) -> tuple[int, ...]:
        """Where a place of ``kind`` sits: its indexes down the tree (a unit's are
        compound, building and unit; a shop's compound and shop), as in its
        :meth:`path`.  :class:`~neighborly.errors.NotFound` if no place of that kind
        has the id."""
        return self._locate(place_id, kind)[1]

    def get(self, place_id: str) -> HoldsPlaces | Compound | Building | Unit | Household | Shop:
        """The place with this id; :class:`~neighborly.errors.NotFound` if none."""
        kind, indices = self._locate(place_id)
        if kind == "shop":
            return self.community.compounds[indices[0]].shops[indices[1]]
        node: Any = self.community
        for field, index in zip(_CHILDREN, indices):  # noqa: B905 - indices may be shorter
            node = getattr(node, field)[index]
        return node  # type: ignore[no-any-return]

    def household(self, household_id: str) -> Household:
        """The household with this id; :class:`~neighborly.errors.NotFound` if none."""
        self._locate(household_id, "household")
        return self.get(household_id)  # type: ignore[return-value]

    def shop(self, shop_id: str) -> Shop:
        """The shop with this id; :class:`~neighborly.errors.NotFound` if none."""
        self._locate(shop_id, "shop")
        return self.get(shop_id)  # type: ignore[return-value]

    def building_of(self, household_id: str) -> tuple[Compound, Building, Unit]:
        """The compound, building and unit a household is in."""
        _, (ci, bi, ui, _) = self._locate(household_id, "household")
        compound = self.community.compounds[ci]
        building = compound.buildings[bi]
        return compound, building, building.units[ui]

    def path(self, place_id: str) -> str:
        """The JSON path of a place (``$.compounds[0].buildings[3]...``)."""
        kind, indices = self._locate(place_id)
        if kind == "shop":
            return f"$.compounds[{indices[0]}].shops[{indices[1]}]"
        return "$" + "".join(f".{field}[{i}]" for field, i in zip(_CHILDREN, indices))  # noqa: B905

    def households_in(self, place_id: str) -> tuple[Household, ...]:
        """The households a place holds: itself for a household, all below it otherwise."""
        place = self.get(place_id)
        if isinstance(place, Household):
            return (place,)
        if isinstance(place, Shop):
            return ()
        if isinstance(place, Unit):
            return place.households
        return tuple(place.households())

    def shops_in(self, place_id: str) -> tuple[Shop, ...]:
        """The shops a place holds: a shop itself, the shops located in a building, or all
        shops of a compound or of the community."""
        place = self.get(place_id)
        if isinstance(place, Shop):
            return (place,)
        if isinstance(place, Building):
            ci = self._where[place_id][1][0]
            return tuple(s for s in self.community.compounds[ci].shops if s.building == place_id)
        if isinstance(place, Compound):
            return place.shops
        if isinstance(place, Unit | Household):
            return ()
        return tuple(place.shops())

    def home_of(self, resident_id: str) -> str | None:
        """The id of the household a resident lives in, or None for an id that names no
        resident (the map is built on first use)."""
        tables = self.tables
        if tables.homes is None:
            tables.homes = {
                r.id: h.id for h in households_of(self.community.compounds) for r in h.occupants
            }
        return tables.homes.get(resident_id)
