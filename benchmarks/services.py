"""The nearest facility of each category for every building of a city, in one process.

    python benchmarks/services.py                          # 100,000 buildings, 20,000 facilities
    python benchmarks/services.py --buildings 10000 --facilities 2000

Buildings and facilities are scattered over a 40 km x 40 km city centred on Chengdu,
half of them in a dense core, in 20 categories of 1,000 facilities each. Compared,
each finding the nearest facility of every category for every building:

- neighborly's ``nearest`` (grid index, exact great-circle answers);
- scipy's ``cKDTree`` on 3-D unit vectors (what a user with the scientific stack
  would reach for; the chord distance orders points as the great circle does);
- the brute-force loop (every building against every facility of the category),
  timed on a slice of the buildings and scaled up, since the whole run takes hours.

The answers of all three are compared on the slice; the report gives times and ratios.
"""

from __future__ import annotations

import argparse
import math
import random
import time

from neighborly.geo import Location, distance_m
from neighborly.services import Facility, Site, nearest

from _timing import median_times

CENTRE = (30.6586, 104.0647)
HALF_SIDE_DEG = 0.18  # about 20 km each way
CATEGORIES = 20


def scatter(rng: random.Random) -> Location:
    spread = HALF_SIDE_DEG / 4 if rng.random() < 0.5 else HALF_SIDE_DEG
    lat = CENTRE[0] + max(-HALF_SIDE_DEG, min(HALF_SIDE_DEG, rng.gauss(0, spread / 2)))
    lon = CENTRE[1] + max(-HALF_SIDE_DEG, min(HALF_SIDE_DEG, rng.gauss(0, spread / 2)))
    return Location(round(lat, 6), round(lon, 6))


def build(buildings: int, facilities: int, seed: int = 7) -> tuple[list[Site], list[Facility]]:
    rng = random.Random(seed)
    sites = [Site(f"b{i}", scatter(rng)) for i in range(buildings)]
    places = [
        Facility(f"f{i}", f"facility {i}", f"kind-{i % CATEGORIES:02d}", scatter(rng))
        for i in range(facilities)
    ]
    return sites, places


def brute_force(sites: list[Site], places: list[Facility]) -> dict[tuple[str, str], str]:
    by_kind: dict[str, list[Facility]] = {}
    for place in places:
        by_kind.setdefault(place.category, []).append(place)
    found = {}
    for site in sites:
        for kind, members in by_kind.items():
            best = min(members, key=lambda f: (distance_m(site.location, f.location), f.id))
            found[site.id, kind] = best.id
    return found


def kdtree(sites: list[Site], places: list[Facility]) -> dict[tuple[str, str], str]:
    from scipy.spatial import cKDTree

    def unit(location: Location) -> tuple[float, float, float]:
        lat, lon = math.radians(location.latitude), math.radians(location.longitude)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    points = [unit(s.location) for s in sites]
    by_kind: dict[str, list[Facility]] = {}
    for place in places:
        by_kind.setdefault(place.category, []).append(place)
    found = {}
    for kind, members in by_kind.items():
        tree = cKDTree([unit(f.location) for f in members])
        _, indexes = tree.query(points)
        for site, index in zip(sites, indexes, strict=True):
            found[site.id, kind] = members[int(index)].id
    return found


def ours(sites: list[Site], places: list[Facility]) -> dict[tuple[str, str], str]:
    return {(n.site, n.category): n.facility or "" for n in nearest(sites, places)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=100_000)
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--slice", type=int, default=200, help="buildings for the brute force")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sites, places = build(args.buildings, args.facilities)
    part = sites[: args.slice]

    start = time.perf_counter()
    slow = brute_force(part, places)
    brute_slice = time.perf_counter() - start
    brute_all = brute_slice * len(sites) / len(part)
    fast = ours(part, places)
    differ = sum(1 for key, value in slow.items() if fast[key] != value)
    print(f"{len(sites):,} buildings x {len(places):,} facilities in {CATEGORIES} categories")
    print(f"answers on {len(part)} buildings: neighborly differs from brute force in {differ}")
    fns = {"neighborly nearest": lambda: ours(sites, places)}
    try:
        tree = kdtree(part, places)
    except ImportError:
        print("scipy not installed: the cKDTree comparison is left out")
    else:
        ties = sum(1 for key, value in slow.items() if tree[key] != value)
        print(f"answers on {len(part)} buildings: cKDTree differs from brute force in {ties}")
        fns["scipy cKDTree (3-D unit vectors)"] = lambda: kdtree(sites, places)
    times = median_times(fns, args.repeat)
    base = times["neighborly nearest"]
    for name, seconds in times.items():
        print(f"{name:36} {seconds * 1000:10.0f} ms  {seconds / base:6.2f}x")
    print(
        f"{'brute force (scaled from a slice)':36} {brute_all * 1000:10.0f} ms  "
        f"{brute_all / base:6.0f}x  ({brute_slice:.1f} s for {len(part)} buildings)"
    )


if __name__ == "__main__":
    main()
