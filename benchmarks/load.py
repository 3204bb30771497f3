"""Load and dump a community with neighborly, pydantic v2 and msgspec, in one process.

    python benchmarks/load.py                 # 10,000 and 100,000 households
    python benchmarks/load.py --sizes 2000    # quicker

Each library gets the same JSON bytes and the same schema (community > compounds >
buildings > units > households > residents, plus staff and grids), with the checks
it expresses naturally: pydantic and msgspec check types, lengths, ranges and
patterns; neighborly additionally checks ID-number check digits, birth dates against
ID numbers, id uniqueness across the community and every cross-reference.

Reported: median wall time of several rounds (the libraries take turns) for load (JSON bytes -> models), dump of
every field (models -> JSON bytes) and dump with residents' personal data left out
(neighborly's default; pydantic with an ``exclude`` tree; msgspec has no way to leave
fields out), each as a ratio to neighborly (above 1.00x means slower than
neighborly), and peak memory of one load, measured separately with tracemalloc.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import gc
import random
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

import msgspec
import pydantic

import neighborly
from neighborly.community import Community

from _timing import median_times

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TAGS = ("party_member", "volunteer", "disabled", "low_income", "veteran", "elder_living_alone")


def make_community(households: int, seed: int = 7) -> dict[str, Any]:
    """A synthetic community as plain data: 150 households a building, 3.4 residents each."""
    rng = random.Random(seed)
    per_building = 150
    buildings_per_compound = 20
    resident = 0
    compounds: list[dict[str, Any]] = []
    made = 0
    b = 0
    while made < households:
        compound = {
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
                        body = f"990000{born:%Y%m%d}{resident % 1000:03d}"
                        check = "10X98765432"[
                            sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11
                        ]
                        occupants.append(
                            {
                                "id": f"r{resident}",
                                "name": "张伟",
                                "phone": f"138{resident:08d}",
                                "id_number": body + check,
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
    staff = [{"id": "st1", "name": "李娜", "role": "party_secretary", "phone": "13900000001"}]
    grids = [{"id": "g1", "name": "一级网格", "level": 1, "head": "st1", "places": ["c1"]}]
    return {"id": "c1", "name": "示例社区", "compounds": compounds, "staff": staff, "grids": grids}


# --- the same schema in pydantic v2 ----------------------------------------------------------

Ident = Annotated[
    str, pydantic.StringConstraints(min_length=1, max_length=128, strip_whitespace=False)
]
Phone = Annotated[str, pydantic.StringConstraints(pattern=r"^\+?[0-9][0-9 \-]{3,22}[0-9]$")]
IdNumber = Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9]{17}[0-9Xx]$")]


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


_FROZEN = pydantic.ConfigDict(frozen=True, extra="forbid", strict=False)


class PResident(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    birth_date: dt.date | None = None
    age: Annotated[int, pydantic.Field(ge=0, le=150)] | None = None
    tags: frozenset[Tag] = frozenset()


class PHousehold(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    room: Annotated[str, pydantic.StringConstraints(min_length=1)]
    area_m2: Annotated[Decimal, pydantic.Field(gt=0, allow_inf_nan=False)]
    owners: tuple[Ident, ...] = ()
    occupants: tuple[PResident, ...] = ()


class PUnit(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    number: str
    households: tuple[PHousehold, ...] = ()


class PBuilding(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    number: str
    units: tuple[PUnit, ...] = ()
    floors: int | None = None


class PShop(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str
    category: str | None = None
    building: Ident | None = None


class PCompound(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str
    buildings: tuple[PBuilding, ...] = ()
    shops: tuple[PShop, ...] = ()


class PStaff(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str
    role: str
    phone: Phone | None = None
    organisation: str | None = None


class PGrid(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str
    level: Annotated[int, pydantic.Field(ge=1, le=3)]
    parent: Ident | None = None
    head: Ident | None = None
    staff: tuple[Ident, ...] = ()
    places: tuple[Ident, ...] = ()


class PCommunity(pydantic.BaseModel):
    model_config = _FROZEN
    id: Ident
    name: str
    street: str | None = None
    compounds: tuple[PCompound, ...] = ()
    staff: tuple[PStaff, ...] = ()
    grids: tuple[PGrid, ...] = ()
    teams: tuple[dict[str, Any], ...] = ()


# --- the same schema in msgspec --------------------------------------------------------------

MIdent = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
MPhone = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9][0-9 \-]{3,22}[0-9]$")]


class MResident(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str | None = None
    phone: MPhone | None = None
    id_number: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{17}[0-9Xx]$")] | None = None
    birth_date: dt.date | None = None
    age: Annotated[int, msgspec.Meta(ge=0, le=150)] | None = None
    tags: frozenset[Tag] = frozenset()


class MHousehold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    room: Annotated[str, msgspec.Meta(min_length=1)]
    area_m2: Decimal
    owners: tuple[MIdent, ...] = ()
    occupants: tuple[MResident, ...] = ()


class MUnit(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    number: str
    households: tuple[MHousehold, ...] = ()


class MBuilding(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    number: str
    units: tuple[MUnit, ...] = ()
    floors: int | None = None


class MShop(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    category: str | None = None
    building: MIdent | None = None


class MCompound(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    buildings: tuple[MBuilding, ...] = ()
    shops: tuple[MShop, ...] = ()


class MStaff(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    role: str
    phone: MPhone | None = None
    organisation: str | None = None


class MGrid(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    level: Annotated[int, msgspec.Meta(ge=1, le=3)]
    parent: MIdent | None = None
    head: MIdent | None = None
    staff: tuple[MIdent, ...] = ()
    places: tuple[MIdent, ...] = ()


class MCommunity(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: MIdent
    name: str
    street: str | None = None
    compounds: tuple[MCompound, ...] = ()
    staff: tuple[MStaff, ...] = ()
    grids: tuple[MGrid, ...] = ()
    teams: tuple[dict[str, Any], ...] = ()


# --- timing --------------------------------------------------------------------------------


def peak_memory(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    kept = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return peak


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
                                    "occupants": {"__all__": {"name", "phone", "id_number"}}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}


def run(households: int, repeat: int) -> None:
    data = msgspec.json.encode(make_community(households))
    decoder = msgspec.json.Decoder(MCommunity)
    encoder = msgspec.json.Encoder()
    serializer = PCommunity.__pydantic_serializer__
    loaders: dict[str, Callable[[], Any]] = {
        "neighborly": lambda: neighborly.loads(data, Community, format="json"),
        "pydantic v2": lambda: PCommunity.model_validate_json(data),
        "msgspec": lambda: decoder.decode(data),
    }
    # Loads first, each library alone in memory, so none pays for another's heap.
    load_times = median_times(loaders, repeat)
    peaks = {name: peak_memory(load) for name, load in loaders.items()}
    models = {name: load() for name, load in loaders.items()}
    if sum(1 for _ in models["neighborly"].households()) != households:
        msg = "neighborly loaded the wrong number of households"
        raise RuntimeError(msg)
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
    full_times = median_times(full, repeat)
    public_times = median_times(public, repeat)
    print(
        f"\n{households:,} households ({len(data) / 1e6:.1f} MB of JSON), median of {repeat} runs"
    )
    print(
        f"{'library':<12} {'load ms':>9} {'ratio':>6} {'dump all ms':>12} {'ratio':>6}"
        f" {'dump public ms':>15} {'ratio':>6} {'peak MB':>8}"
    )
    for name in loaders:
        public_s = public_times.get(name)
        public_text = (
            f"{public_s * 1e3:>15.1f} {public_s / public_times['neighborly']:>5.2f}x"
            if public_s is not None
            else f"{'n/a':>15} {'':>6}"
        )
        print(
            f"{name:<12} {load_times[name] * 1e3:>9.1f}"
            f" {load_times[name] / load_times['neighborly']:>5.2f}x"
            f" {full_times[name] * 1e3:>12.1f} {full_times[name] / full_times['neighborly']:>5.2f}x"
            f" {public_text} {peaks[name] / 1e6:>8.1f}"
        )
    print("ratio: the library's time over neighborly's (above 1.00x: slower than neighborly)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.repeat if size <= 20_000 else max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
