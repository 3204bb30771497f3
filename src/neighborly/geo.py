"""Points on the map: a WGS-84 :class:`Location` and the great-circle distance.

Buildings, facilities and car parks carry a location; the life-circle rules of
:mod:`neighborly.services` measure walking distances between them.

>>> round(distance_m(Location(39.9087, 116.3975), Location(31.2304, 121.4737)))
1068140
"""

from __future__ import annotations

import math

import attrs

from neighborly._checks import Check, checks
from neighborly._model import Model
from neighborly.text import Text

__all__ = ["EARTH_RADIUS_M", "Location", "distance_m"]

EARTH_RADIUS_M = 6_371_008.8
"""The mean Earth radius (IUGG) in metres, for great-circle distances."""

_LATITUDE = Check(
    "type({v}) in (float, int) and -90 <= {v} <= 90",
    Text("a latitude in degrees, -90 to 90 (WGS-84)", "纬度（度），-90 至 90（WGS-84）"),
)
_LONGITUDE = Check(
    "type({v}) in (float, int) and -180 <= {v} <= 180",
    Text("a longitude in degrees, -180 to 180 (WGS-84)", "经度（度），-180 至 180（WGS-84）"),
)


@attrs.frozen(eq=False, repr=False)
class Location(Model):
    """A point on the WGS-84 ellipsoid, in decimal degrees (as GPS gives them; maps in
    China often show GCJ-02, which must be converted first).  Distances are measured
    on the sphere and do not cross the antimeridian."""

    latitude: float
    longitude: float

    __attrs_post_init__ = checks(latitude=_LATITUDE, longitude=_LONGITUDE)


def distance_m(a: Location, b: Location) -> float:
    """The great-circle distance in metres (haversine on the mean Earth radius).

    >>> round(distance_m(Location(39.9087, 116.3975), Location(31.2304, 121.4737)))
    1068140
    """
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
