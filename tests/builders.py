"""Builders for small, valid sample objects (tests change one thing at a time with
attrs.evolve), and small helpers the test modules share."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import attrs

from neighborly import Community
from neighborly.grids import Grid, GridLevel, Role, ServiceTeam, StaffMember, TeamKind
from neighborly.places import Building, Compound, Household, Resident, Shop, Unit


def household(hid: str = "h1", *, area: str = "89.50", occupants: int = 0) -> Household:
    return Household(
        id=hid,
        room="301",
        area_m2=Decimal(area),
        owners=(f"{hid}-r0",) if occupants else ("o-1",),
        occupants=tuple(Resident(id=f"{hid}-r{i}", age=30 + i) for i in range(occupants)),
    )


def building(bid: str, households: int, *, units: int = 1) -> Building:
    """A building with ``households`` households spread over ``units`` units."""
    per_unit = [households // units + (1 if i < households % units else 0) for i in range(units)]
    return Building(
        id=bid,
        number=bid.removeprefix("b"),
        units=tuple(
            Unit(
                id=f"{bid}-u{u}",
                number=str(u + 1),
                households=tuple(household(f"{bid}-u{u}-h{k}") for k in range(count)),
            )
            for u, count in enumerate(per_unit)
        ),
    )


STAFF = (
    StaffMember("st-sec", "李书记", Role.PARTY_SECRETARY, "13900000001"),
    StaffMember("st-dep", "王主任", Role.DEPUTY_DIRECTOR, "13900000002"),
    StaffMember("st-pm", "赵经理", Role.PROPERTY_MANAGER, "13900000003"),
    StaffMember("st-cadre", "陈干部", Role.COMMUNITY_CADRE, "13900000004"),
    StaffMember("st-cs", "刘客服", Role.PROPERTY_CUSTOMER_SERVICE, "13900000005"),
    StaffMember("st-worker", "周网格员", Role.GRID_WORKER, "0371-66668888"),
)


def community(*sizes: int, shops: int = 0) -> Community:
    """One compound with one building of each size, one level-3 grid per building,
    a level-2 grid over the compound and a level-1 grid over the community."""
    sizes = sizes or (400,)
    buildings = tuple(building(f"b{i + 1}", size) for i, size in enumerate(sizes))
    shop_list = tuple(
        Shop(id=f"s{i + 1}", name=f"商店{i + 1}", category="便利店", building="b1")
        for i in range(shops)
    )
    level3 = tuple(
        Grid(
            id=f"g3-{i + 1}",
            name=f"第{i + 1}网格",
            level=GridLevel.BUILDING_GROUP,
            parent="g2",
            head="st-cadre" if i % 2 == 0 else "st-cs",
            staff=("st-worker",),
            places=(b.id,),
        )
        for i, b in enumerate(buildings)
    )
    return Community(
        id="c1",
        name="测试社区",
        street="测试街道",
        compounds=(Compound(id="cp1", name="测试小区", buildings=buildings, shops=shop_list),),
        staff=STAFF,
        grids=(
            Grid(
                id="g1",
                name="一级网格",
                level=GridLevel.COMMUNITY,
                head="st-sec",
                staff=("st-dep",),
                places=("c1",),
            ),
            Grid(
                id="g2",
                name="二级网格",
                level=GridLevel.COMPOUND,
                parent="g1",
                head="st-dep",
                staff=("st-pm",),
                places=("cp1",),
            ),
            *level3,
        ),
        teams=(
            ServiceTeam("t1", "巡逻队", TeamKind.PATROL, "张队长", "13900000010", ("g2",)),
            ServiceTeam("t2", "助老队", TeamKind.ELDER_CARE, "钱队长", None, ("g3-1",)),
        ),
    )


def with_grid(c: Community, index: int, **changes: object) -> Community:
    """``c`` with ``changes`` made to its grid at ``index``."""
    grids = list(c.grids)
    grids[index] = attrs.evolve(grids[index], **changes)
    return attrs.evolve(c, grids=tuple(grids))


ROOT = Path(__file__).resolve().parent.parent


def _public_modules() -> tuple[str, ...]:
    """Every module of the package with a public face: the package and each module or
    subpackage whose name does not start with an underscore (the command's modules
    excepted), found on disk so a new module cannot be left out."""
    import pkgutil

    import neighborly

    found = ["neighborly"]
    for info in pkgutil.walk_packages(neighborly.__path__, "neighborly."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf.startswith("_") or leaf == "cli" or ".cli." in info.name:
            continue
        if leaf == "batch" and importlib.util.find_spec("dask") is None:
            continue
        found.append(info.name)
    return tuple(found)


PACKAGE_MODULES = _public_modules()


def script(name: str) -> ModuleType:
    """A script from ``scripts/`` imported as a module (its ``main`` is not run)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    if spec is None or spec.loader is None:
        msg = f"no script {name}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
