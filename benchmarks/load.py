"""Load and dump a community with neighborly, pydantic v2 and msgspec, in one process,
each doing the same checks under the same garbage-collector policy.

    python benchmarks/load.py                 # 10,000 and 100,000 households
    python benchmarks/load.py --sizes 2000    # quicker
    python benchmarks/load.py --checks        # the schema and checks, side by side

Every contender gets the same JSON bytes and the same schema (community > compounds >
buildings > units > households > residents, with shops, staff and grids) and makes
the same checks (``CHECKS`` lists them): pydantic v2 in strict mode with validators
written the way a competent user would, msgspec with ``__post_init__`` checks and one
function over the decoded community.  Before anything is timed, each contender is
given every input of ``MUTATIONS`` (a bad ID-number check character, a birth date
that disagrees with the ID number, a grid naming nothing, ...) and must refuse each,
so the comparison cannot drift into one library checking less.

Every contender runs under each garbage-collector policy in turn: ``on`` (the cyclic
collector runs throughout; neighborly's own pause during a load is switched off)
and ``paused`` (the collector is off for every contender's load and dump).

Reported: the median wall time of several rounds (the contenders take turns) for
load (JSON bytes -> checked models), dump of every field and dump with residents'
personal data left out (neighborly's default; pydantic with an ``exclude`` tree;
msgspec has no way to leave fields out of one dump), each as a ratio to neighborly
(above 1.00x: slower than neighborly), and the peak memory of one load (tracemalloc).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import enum
import functools
import gc
import json
import random
import re
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any
from unittest import mock

import msgspec
import pydantic

import neighborly
import neighborly.serialization
from neighborly.community import Community

from _timing import median_times

TAGS = ("party_member", "volunteer", "disabled", "low_income", "veteran", "elder_living_alone")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def _with_check(body: str) -> str:
    """17 digits and their ISO 7064 MOD 11-2 check character."""
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def _id_number(born: dt.date, serial: int) -> str:
    return _with_check(f"990000{born:%Y%m%d}{serial % 1000:03d}")


def make_community(households: int, seed: int = 7) -> dict[str, Any]:
    """A synthetic community as plain data: 150 households a building, about 3.7
    residents each, a shop in every compound, staff and a level-1 grid."""
    rng = random.Random(seed)
    per_building = 150
    buildings_per_compound = 20
    resident = 0
    compounds: list[dict[str, Any]] = []
    made = 0
    b = 0
    while made < households:
        compound: dict[str, Any] = {
            "id": f"cp{len(compounds)}",
            "name": f"示例{len(compounds)}区",
            "buildings": [],
            "shops": [],
        }
        compounds.append(compound)
        for _ in range(buildings_per_compound):
            if made >= households:
                break
            b += 1
            units = []
            for u in range(3):
                hs = []
                for k in range(per_building // 3):
                    if made >= households:
                        break
                    made += 1
                    occupants = []
                    for _ in range(rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6))):
                        resident += 1
                        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(30000))
                        occupants.append(
                            {
                                "id": f"r{resident}",
                                "name": "张伟",
                                "phone": f"138{resident:08d}",
                                "id_number": _id_number(born, resident),
                                "birth_date": born.isoformat(),
                                "tags": rng.sample(TAGS, rng.choice((0, 0, 0, 1, 1, 2))),
                            }
                        )
                    hs.append(
                        {
                            "id": f"h{b}-{u}-{k}",
                            "room": f"{k // 2 + 1}{k % 2 + 1:02d}",
                            "area_m2": f"{rng.randint(4500, 14400) / 100:.2f}",
                            "owners": [occupants[0]["id"]],
                            "occupants": occupants,
                        }
                    )
                units.append({"id": f"u{b}-{u}", "number": str(u + 1), "households": hs})
            compound["buildings"].append({"id": f"b{b}", "number": str(b), "units": units})
        first = compound["buildings"][0]["id"]
        compound["shops"].append(
            {"id": f"s{len(compounds)}", "name": "便民超市", "building": first}
        )
    staff = [{"id": "st1", "name": "李娜", "role": "party_secretary", "phone": "13900000001"}]
    grids = [{"id": "g1", "name": "一级网格", "level": 1, "head": "st1", "places": ["c1"]}]
    return {"id": "c1", "name": "示例社区", "compounds": compounds, "staff": staff, "grids": grids}


# --- the checks, written once for the contenders ----------------------------------------

CHECKS = (
    ("ids", "a non-empty string of at most 128 characters, no surrounding spaces, printable"),
    ("names, rooms, numbers", "non-empty, one line: no control characters or separators"),
    ("phone", "5-20 digits, an optional leading +, - or space between"),
    ("id_number", "18 characters, ISO 7064 MOD 11-2 check character, a real birth date"),
    ("birth_date", "a date from 1900 to 2100, equal to the one in id_number"),
    ("age", "0 to 150, and not given with birth_date"),
    ("tags", "members of the tag enumeration"),
    ("area_m2", "a decimal greater than 0, below 10^15, at most 28 digits and places"),
    ("role, level", "a staff role of the enumeration; grid level 1 to 3"),
    ("unknown fields", "refused"),
    ("ids across the community", "unique across every kind"),
    ("references", "grid parent, head, staff and places; a shop's building in its compound"),
)
"""What every contender checks; the same words are printed by ``--checks`` and
listed in docs/performance.md."""

_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PHONE = r"^\+?[0-9][0-9 \-]{3,18}[0-9]$"
ROLES = (
    "party_secretary",
    "deputy_director",
    "property_manager",
    "community_cadre",
    "property_customer_service",
    "grid_worker",
    "building_group_leader",
)


def ident_ok(value: str) -> str:
    if not (0 < len(value) <= 128 and value.strip() == value and value.isprintable()):
        msg = "not an identifier"
        raise ValueError(msg)
    return value


def line_ok(value: str) -> str:
    if not value.strip() or (not value.isprintable() and _LINE_BREAKING.search(value)):
        msg = "not one non-empty line of text"
        raise ValueError(msg)
    return value


def id_number_ok(value: str) -> str:
    body = value[:17]
    if len(value) != 18 or not value.isascii() or not body.isdigit():
        msg = "not an ID number"
        raise ValueError(msg)
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17].upper():
        msg = "wrong check character"
        raise ValueError(msg)
    try:
        dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        msg = "no such birth date"
        raise ValueError(msg) from None
    return value


def date_ok(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2100:
        msg = "a date out of range"
        raise ValueError(msg)
    return value


def area_ok(value: Decimal) -> Decimal:
    if not value.is_finite() or value <= 0:
        msg = "not a positive area"
        raise ValueError(msg)
    _, digits, exponent = value.as_tuple()
    if len(digits) > 28 or not isinstance(exponent, int) or exponent < -28:
        msg = "too many digits"
        raise ValueError(msg)
    if value.adjusted() >= 15:
        msg = "too large"
        raise ValueError(msg)
    return value


def resident_ok(id_number: str | None, birth_date: dt.date | None, age: int | None) -> None:
    if age is not None and birth_date is not None:
        msg = "either age or birth_date"
        raise ValueError(msg)
    if (
        id_number is not None
        and birth_date is not None
        and id_number[6:14] != (f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}")
    ):
        msg = "birth_date disagrees with id_number"
        raise ValueError(msg)


def integrity_problems(c: Any) -> list[str]:
    """Duplicate ids and dangling references of a decoded community (pydantic model or
    msgspec struct: both have the same attributes)."""
    seen: set[str] = set()
    problems: list[str] = []
    places: set[str] = set()
    staff: set[str] = set()
    grids: set[str] = set()

    def define(kind: set[str] | None, value: str) -> None:
        if value in seen:
            problems.append(f"duplicate id {value}")
        seen.add(value)
        if kind is not None:
            kind.add(value)

    define(places, c.id)
    for compound in c.compounds:
        define(places, compound.id)
        buildings = set()
        for building in compound.buildings:
            define(places, building.id)
            buildings.add(building.id)
            for unit in building.units:
                define(places, unit.id)
                for household in unit.households:
                    define(places, household.id)
                    for resident in household.occupants:
                        define(None, resident.id)
        for shop in compound.shops:
            define(places, shop.id)
            if shop.building is not None and shop.building not in buildings:
                problems.append(f"shop {shop.id}: no building {shop.building} in its compound")
    for member in c.staff:
        define(staff, member.id)
    for grid in c.grids:
        define(grids, grid.id)
    for grid in c.grids:
        if grid.parent is not None and grid.parent not in grids:
            problems.append(f"grid {grid.id}: no parent {grid.parent}")
        if grid.head is not None and grid.head not in staff:
            problems.append(f"grid {grid.id}: no head {grid.head}")
        problems.extend(f"grid {grid.id}: no staff {s}" for s in grid.staff if s not in staff)
        problems.extend(f"grid {grid.id}: no place {p}" for p in grid.places if p not in places)
    return problems


# --- the same schema and checks in pydantic v2 (strict) ---------------------------------


class Tag(enum.Enum):
    ELDER_LIVING_ALONE = "elder_living_alone"
    EMPTY_NEST_ELDER = "empty_nest_elder"
    DISABLED = "disabled"
    LOW_INCOME = "low_income"
    SINGLE_PARENT = "single_parent"
    LEFT_BEHIND_CHILD = "left_behind_child"
    PARTY_MEMBER = "party_member"
    VETERAN = "veteran"
    VOLUNTEER = "volunteer"


StaffRole = enum.Enum("StaffRole", {r.upper(): r for r in ROLES})  # type: ignore[misc]

# As much as pydantic can check in its own (Rust) core is checked there: patterns in
# Unicode classes (isprintable is "not C or Z, but the ASCII space"), date and decimal
# bounds; only the ID number's check character and the cross-field and
# cross-community checks are Python validators.
PIdent = Annotated[
    str,
    pydantic.StringConstraints(
        max_length=128, pattern=r"^[^\p{C}\p{Z}](?:(?:[^\p{C}\p{Z}]| )*[^\p{C}\p{Z}])?$"
    ),
]
PLine = Annotated[
    str,
    pydantic.StringConstraints(
        pattern=r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*\S[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
    ),
]
PPhone = Annotated[str, pydantic.StringConstraints(pattern=_PHONE)]
PIdNumber = Annotated[str, pydantic.AfterValidator(id_number_ok)]
PDate = Annotated[dt.date, pydantic.Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]
# pydantic's max_digits and decimal_places do not say "28 significant digits", so the
# area keeps a Python validator for the exact rule.
PArea = Annotated[Decimal, pydantic.AfterValidator(area_ok)]

_STRICT = pydantic.ConfigDict(frozen=True, extra="forbid", strict=True)


class PResident(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine | None = None
    phone: PPhone | None = None
    id_number: PIdNumber | None = None
    birth_date: PDate | None = None
    age: Annotated[int, pydantic.Field(ge=0, le=150)] | None = None
    tags: frozenset[Tag] = frozenset()

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> PResident:
        resident_ok(self.id_number, self.birth_date, self.age)
        return self


class PHousehold(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    room: PLine
    area_m2: PArea
    owners: tuple[str, ...] = ()
    occupants: tuple[PResident, ...] = ()


class PUnit(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    number: PLine
    households: tuple[PHousehold, ...] = ()


class PBuilding(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    number: PLine
    units: tuple[PUnit, ...] = ()
    floors: Annotated[int, pydantic.Field(ge=1, le=200)] | None = None


class PShop(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine
    category: PLine | None = None
    building: PIdent | None = None


class PCompound(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine
    buildings: tuple[PBuilding, ...] = ()
    shops: tuple[PShop, ...] = ()


class PStaff(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine
    role: StaffRole
    phone: PPhone | None = None
    organisation: PLine | None = None


class PGrid(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine
    level: Annotated[int, pydantic.Field(ge=1, le=3)]
    parent: PIdent | None = None
    head: PIdent | None = None
    staff: tuple[PIdent, ...] = ()
    places: tuple[PIdent, ...] = ()


class PCommunity(pydantic.BaseModel):
    model_config = _STRICT
    id: PIdent
    name: PLine
    street: PLine | None = None
    compounds: tuple[PCompound, ...] = ()
    staff: tuple[PStaff, ...] = ()
    grids: tuple[PGrid, ...] = ()

    @pydantic.model_validator(mode="after")
    def _integrity(self) -> PCommunity:
        problems = integrity_problems(self)
        if problems:
            raise ValueError("; ".join(problems[:100]))
        return self


# --- the same schema and checks in msgspec ----------------------------------------------

MIdent = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
MPhone = Annotated[str, msgspec.Meta(pattern=_PHONE)]


class MResident(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str | None = None
    phone: MPhone | None = None
    id_number: str | None = None
    birth_date: dt.date | None = None
    age: Annotated[int, msgspec.Meta(ge=0, le=150)] | None = None
    tags: frozenset[Tag] = frozenset()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        if self.name is not None:
            line_ok(self.name)
        if self.id_number is not None:
            id_number_ok(self.id_number)
        if self.birth_date is not None:
            date_ok(self.birth_date)
        resident_ok(self.id_number, self.birth_date, self.age)


class MHousehold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    room: str
    area_m2: Decimal
    owners: tuple[str, ...] = ()
    occupants: tuple[MResident, ...] = ()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.room)
        area_ok(self.area_m2)


class MUnit(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    number: str
    households: tuple[MHousehold, ...] = ()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.number)


class MBuilding(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    number: str
    units: tuple[MUnit, ...] = ()
    floors: Annotated[int, msgspec.Meta(ge=1, le=200)] | None = None

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.number)


class MShop(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    category: str | None = None
    building: MIdent | None = None

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.name)
        if self.category is not None:
            line_ok(self.category)
        if self.building is not None:
            ident_ok(self.building)


class MCompound(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    buildings: tuple[MBuilding, ...] = ()
    shops: tuple[MShop, ...] = ()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.name)


class MStaff(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    role: StaffRole
    phone: MPhone | None = None
    organisation: str | None = None

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.name)
        if self.organisation is not None:
            line_ok(self.organisation)


class MGrid(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    level: Annotated[int, msgspec.Meta(ge=1, le=3)]
    parent: MIdent | None = None
    head: MIdent | None = None
    staff: tuple[MIdent, ...] = ()
    places: tuple[MIdent, ...] = ()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.name)
        for value in (self.parent, self.head, *self.staff, *self.places):
            if value is not None:
                ident_ok(value)


class MCommunity(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    street: str | None = None
    compounds: tuple[MCompound, ...] = ()
    staff: tuple[MStaff, ...] = ()
    grids: tuple[MGrid, ...] = ()

    def __post_init__(self) -> None:
        ident_ok(self.id)
        line_ok(self.name)
        if self.street is not None:
            line_ok(self.street)
        problems = integrity_problems(self)
        if problems:
            raise ValueError("; ".join(problems[:100]))


# --- every contender refuses the same bad inputs ------------------------------------------


def _first_resident(d: dict[str, Any]) -> dict[str, Any]:
    return d["compounds"][0]["buildings"][0]["units"][0]["households"][0]["occupants"][0]


def _first_household(d: dict[str, Any]) -> dict[str, Any]:
    return d["compounds"][0]["buildings"][0]["units"][0]["households"][0]


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], **values: Any) -> Callable[..., None]:
    def mutate(d: dict[str, Any]) -> None:
        path(d).update(values)

    return mutate


def _wrong_check_character(d: dict[str, Any]) -> None:
    r = _first_resident(d)
    r["id_number"] = r["id_number"][:17] + ("0" if r["id_number"][17] != "0" else "1")


def _other_birth_date(d: dict[str, Any]) -> None:
    r = _first_resident(d)
    born = dt.date.fromisoformat(r["birth_date"]) + dt.timedelta(days=1)
    r["birth_date"] = born.isoformat()


def _duplicate_household(d: dict[str, Any]) -> None:
    households = d["compounds"][0]["buildings"][0]["units"][0]["households"]
    households[1]["id"] = households[0]["id"]


def _shop_elsewhere(d: dict[str, Any]) -> None:
    d["compounds"][0]["shops"][0]["building"] = "b-nowhere"


MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "wrong ID check character": _wrong_check_character,
    "ID number with no such date": _set(
        _first_resident, id_number=_with_check("99000019990230001"), birth_date=None
    ),
    "birth date not the ID number's": _other_birth_date,
    "age and birth date": _set(_first_resident, age=50),
    "age over 150": _set(_first_resident, birth_date=None, age=151),
    "blank name": _set(lambda d: d["compounds"][0], name="  "),
    "line break in a room": _set(_first_household, room="1\n01"),
    "space around an id": _set(_first_household, id=" h "),
    "area of 0": _set(_first_household, area_m2="0"),
    "area of 10^15": _set(_first_household, area_m2="1000000000000000"),
    "unknown field": _set(_first_household, rooms="101"),
    "bad phone": _set(_first_resident, phone="12"),
    "unknown tag": _set(_first_resident, tags=["rich"]),
    "unknown role": _set(lambda d: d["staff"][0], role="mayor"),
    "grid level 4": _set(lambda d: d["grids"][0], level=4),
    "duplicate household id": _duplicate_household,
    "grid head naming no staff": _set(lambda d: d["grids"][0], head="st-none"),
    "grid place naming nothing": _set(lambda d: d["grids"][0], places=["nowhere"]),
    "shop in no building of its compound": _shop_elsewhere,
    "birth date in 1899": _set(_first_resident, id_number=None, birth_date="1899-12-31"),
}
"""Inputs every contender must refuse; asserted before anything is timed."""


def assert_same_refusals(loaders: dict[str, Callable[[bytes], Any]]) -> None:
    base = make_community(300)
    for name, load in loaders.items():
        load(json.dumps(base).encode())  # the valid input is accepted by all
        for what, mutate in MUTATIONS.items():
            bad = copy.deepcopy(base)
            mutate(bad)
            try:
                load(json.dumps(bad).encode())
            except (
                neighborly.InvalidInput,
                pydantic.ValidationError,
                msgspec.ValidationError,
            ):
                continue
            msg = f"{name} accepted an input with {what}"
            raise AssertionError(msg)


# --- timing -----------------------------------------------------------------------------


def peak_memory(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    kept = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


@contextlib.contextmanager
def policy(name: str) -> Iterator[None]:
    """The garbage-collector policy every contender runs under: ``on`` (the collector
    runs; neighborly's own pause during a load is switched off) or ``paused``."""
    if name == "on":
        with mock.patch.object(
            neighborly.serialization, "_collector_paused", contextlib.nullcontext
        ):
            gc.enable()
            yield
    else:
        gc.disable()
        try:
            yield
        finally:
            gc.enable()


# Pydantic's way to leave fields out of one dump: an exclude tree down to the residents.
PERSONAL_EXCLUDE = {
    "compounds": {
        "__all__": {
            "buildings": {
                "__all__": {
                    "units": {
                        "__all__": {
                            "households": {
                                "__all__": {
                                    "occupants": {
                                        "__all__": {"name", "phone", "id_number", "birth_date"}
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}


def bytes_loaders() -> dict[str, Callable[[bytes], Any]]:
    decoder = msgspec.json.Decoder(MCommunity)
    return {
        "neighborly": lambda data: neighborly.loads(data, Community, format="json"),
        "pydantic v2": PCommunity.model_validate_json,
        "msgspec": decoder.decode,
    }


def measure(
    loaders: dict[str, Callable[[], Any]], households: int, repeat: int
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Median load, full-dump and public-dump times of every contender."""
    load_times = median_times(loaders, repeat)
    models = {name: load() for name, load in loaders.items()}
    if sum(1 for _ in models["neighborly"].households()) != households:
        msg = "neighborly loaded the wrong number of households"
        raise RuntimeError(msg)
    encoder = msgspec.json.Encoder()
    serializer = PCommunity.__pydantic_serializer__
    full: dict[str, Callable[[], object]] = {
        "neighborly": lambda: neighborly.dumps(
            models["neighborly"], personal_data=True, purpose="benchmark"
        ),
        "pydantic v2": lambda: serializer.to_json(models["pydantic v2"]),
        "msgspec": lambda: encoder.encode(models["msgspec"]),
    }
    public: dict[str, Callable[[], object]] = {
        "neighborly": lambda: neighborly.dumps(models["neighborly"]),
        "pydantic v2": lambda: serializer.to_json(models["pydantic v2"], exclude=PERSONAL_EXCLUDE),
    }
    return load_times, median_times(full, repeat), median_times(public, repeat)


def run(households: int, repeat: int) -> None:
    data = json.dumps(make_community(households), ensure_ascii=False).encode()
    loaders: dict[str, Callable[[], Any]] = {
        name: functools.partial(load, data) for name, load in bytes_loaders().items()
    }
    print(f"\n{households:,} households ({len(data) / 1e6:.1f} MB of JSON), median of {repeat}")
    print(
        f"{'collector':<9} {'library':<12} {'load ms':>9} {'ratio':>6} {'dump all ms':>12}"
        f" {'ratio':>6} {'dump public ms':>15} {'ratio':>6} {'peak MB':>8}"
    )
    peaks = {name: peak_memory(load) for name, load in loaders.items()}
    for collector in ("on", "paused"):
        with policy(collector):
            load_times, full_times, public_times = measure(loaders, households, repeat)
        for name in loaders:
            public_s = public_times.get(name)
            public_text = (
                f"{public_s * 1e3:>15.1f} {public_s / public_times['neighborly']:>5.2f}x"
                if public_s is not None
                else f"{'n/a':>15} {'':>6}"
            )
            print(
                f"{collector:<9} {name:<12} {load_times[name] * 1e3:>9.1f}"
                f" {load_times[name] / load_times['neighborly']:>5.2f}x"
                f" {full_times[name] * 1e3:>12.1f}"
                f" {full_times[name] / full_times['neighborly']:>5.2f}x"
                f" {public_text} {peaks[name] / 1e6:>8.1f}"
            )
    print("ratio: the library's time over neighborly's (above 1.00x: slower than neighborly)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--checks", action="store_true", help="list the checks and exit")
    args = parser.parse_args()
    if args.checks:
        for what, rule in CHECKS:
            print(f"{what:<26} {rule}")
        print(f"\nrefused by every contender: {', '.join(MUTATIONS)}")
        return
    assert_same_refusals(bytes_loaders())
    print(f"every contender refuses all {len(MUTATIONS)} bad inputs")
    for size in args.sizes:
        run(size, args.repeat if size <= 20_000 else max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
