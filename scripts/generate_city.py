"""Generate a synthetic city for the city-scale jobs and their benchmark.

A city is a number of communities around one centre, each one compound of buildings
of 100 households (located; a level-3 grid of 400 households for every four
buildings, under a level-2 and a level-1 grid), a few facilities, registered
volunteers, and a points ledger awarding each volunteer a number of entries.
Everything is determined by the seed, so a size can be rebuilt anywhere instead of
shipped.

    python scripts/generate_city.py --communities 10 --out city/   # one JSON file each
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from neighborly import Community, dumps
from neighborly._time import DEFAULT_ZONE
from neighborly.geo import Location
from neighborly.grids import Grid, GridLevel, Role, StaffMember
from neighborly.places import Building, Compound, Household, Unit
from neighborly.points import Account, AccountKind, Ledger, Posting, PostingKind
from neighborly.services import Facility
from neighborly.volunteering import RecordStatus, ServiceRecord, Volunteer

CENTRE = (30.6586, 104.0647)
KINDS = ("kindergarten", "primary_school", "health_station", "market", "community_service_station")


def community_of(  # noqa: PLR0917 - one argument per dimension of the city
    seed: int,
    index: int,
    buildings: int = 12,
    volunteers: int = 100,
    entries_per_volunteer: int = 10,
    facilities: int = 5,
    records_per_volunteer: int = 2,
) -> Community:
    """Community ``index`` of the city seeded with ``seed``."""
    rng = random.Random(seed * 100_003 + index)
    cid = f"c{index:05d}"
    lat0 = CENTRE[0] + rng.uniform(-0.15, 0.15)
    lon0 = CENTRE[1] + rng.uniform(-0.15, 0.15)
    built = []
    for b in range(buildings):
        bid = f"{cid}-b{b:03d}"
        households = tuple(
            Household(f"{bid}-h{h:03d}", f"{h // 4 + 1}{h % 4 + 1:02d}", Decimal("89.50"))
            for h in range(100)
        )
        built.append(
            Building(
                bid,
                str(b + 1),
                (Unit(f"{bid}-u1", "1", households),),
                location=Location(
                    round(lat0 + rng.uniform(-0.003, 0.003), 6),
                    round(lon0 + rng.uniform(-0.003, 0.003), 6),
                ),
            )
        )
    compound = Compound(f"{cid}-cp", f"小区{index}", tuple(built))
    staff = (
        StaffMember(f"{cid}-sec", "书记", Role.PARTY_SECRETARY),
        StaffMember(f"{cid}-dep", "主任", Role.DEPUTY_DIRECTOR),
        StaffMember(f"{cid}-pm", "经理", Role.PROPERTY_MANAGER),
        StaffMember(f"{cid}-gw", "网格员", Role.GRID_WORKER),
    )
    level3 = tuple(
        Grid(
            f"{cid}-g3-{g}",
            f"第{g + 1}网格",
            GridLevel.BUILDING_GROUP,
            parent=f"{cid}-g2",
            head=f"{cid}-gw",
            staff=(f"{cid}-gw",),
            places=tuple(b.id for b in built[g * 4 : g * 4 + 4]),
        )
        for g in range(-(-buildings // 4))
    )
    grids = (
        Grid(f"{cid}-g1", "一级网格", GridLevel.COMMUNITY, head=f"{cid}-sec", places=(cid,)),
        Grid(
            f"{cid}-g2",
            "二级网格",
            GridLevel.COMPOUND,
            parent=f"{cid}-g1",
            head=f"{cid}-dep",
            staff=(f"{cid}-pm",),
            places=(compound.id,),
        ),
        *level3,
    )
    people = tuple(
        Volunteer(f"{cid}-v{v:06d}", dt.date(2020, 1, 1), name="志愿者") for v in range(volunteers)
    )
    ledger = Ledger(
        [
            Account(f"{cid}-budget", AccountKind.ISSUER),
            Account(f"{cid}-sink", AccountKind.SINK),
            *(Account(f"{v.id}-pts", AccountKind.VOLUNTEER, holder=v.id) for v in people),
        ]
    )
    start = dt.datetime(2025, 1, 1, 9, tzinfo=DEFAULT_ZONE)
    ledger.post_all(
        Posting(
            f"{v.id}-a{e}",
            start + dt.timedelta(days=e * 30 % 700),
            PostingKind.AWARD,
            f"{cid}-budget",
            f"{v.id}-pts",
            rng.randrange(5, 60),
        )
        for v in people
        for e in range(entries_per_volunteer)
    )
    # Approved service records (at most 24 hours a day each), so that hours and stars
    # are settled too: with enough records some volunteers reach a star.
    records = []
    for v in people:
        for r in range(records_per_volunteer):
            day = dt.date(2025, 1, 6) + dt.timedelta(days=(r * 97 + rng.randrange(60)) % 680)
            records.append(
                ServiceRecord(
                    id=f"{v.id}-r{r}",
                    volunteer=v.id,
                    activity="社区服务",
                    day=day,
                    place=f"小区{index}",
                    content="巡逻与帮扶",
                    hours=Decimal(rng.randrange(2, 24 * 4 + 1)) / 4,
                    organiser=f"社区{index}",
                    person_in_charge="负责人",
                    entered=day,
                    grid=f"{cid}-g2",
                    status=RecordStatus.APPROVED,
                    verifier=f"{cid}-sec",
                    decided=day,
                )
            )
    places = tuple(
        Facility(
            f"{cid}-f{f}",
            f"设施{f}",
            KINDS[f % len(KINDS)],
            Location(
                round(lat0 + rng.uniform(-0.01, 0.01), 6), round(lon0 + rng.uniform(-0.01, 0.01), 6)
            ),
        )
        for f in range(facilities)
    )
    return Community(
        cid,
        f"社区{index}",
        street="示例街道",
        compounds=(compound,),
        staff=staff,
        grids=grids,
        volunteers=people,
        records=tuple(records),
        points=ledger.book(),
        facilities=places,
    )


def city(seed: int, communities: int, **sizes: int) -> Iterator[Community]:
    """The ``communities`` communities of the city seeded with ``seed``."""
    for index in range(communities):
        yield community_of(seed, index, **sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--communities", type=int, default=10)
    parser.add_argument("--volunteers", type=int, default=100)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for community in city(
        args.seed, args.communities, volunteers=args.volunteers, entries_per_volunteer=args.entries
    ):
        (args.out / f"{community.id}.json").write_bytes(
            dumps(community, personal_data=True, purpose="a synthetic city for benchmarks")
        )
    print(f"wrote {args.communities} communities to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
