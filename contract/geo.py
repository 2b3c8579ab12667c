"""Distances on the map: great-circle kilometres, and where a point lies along a straight route.

The one implementation: the reference platform sorts dealers and stations and plans routes with
it, the twins place stations with it, and the steps and the specification judge the answers with it.
"""

from __future__ import annotations

import math

from contract.messages import Location

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.32  # one degree of latitude, and of longitude at the equator


def distance_km(a: Location, b: Location) -> float:
    """The great-circle distance between *a* and *b*, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def along_and_off(start: Location, end: Location, point: Location) -> tuple[float, float]:
    """Where *point* lies against the straight segment *start*–*end*: how far along it (km
    from *start*, measured on the segment, negative before it) and how far off it (km to the
    nearest point of the segment).

    An equirectangular projection around *start*: good enough over a few hundred kilometres
    at Scandinavian latitudes.
    """
    scale = math.cos(math.radians(start.latitude))

    def xy(location: Location) -> tuple[float, float]:
        return (location.longitude * scale * KM_PER_DEGREE, location.latitude * KM_PER_DEGREE)

    (ax, ay), (bx, by), (px, py) = xy(start), xy(end), xy(point)
    length = math.hypot(bx - ax, by - ay)
    if length == 0:
        return 0.0, math.hypot(px - ax, py - ay)
    along = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length
    t = max(0.0, min(1.0, along / length))
    return along, math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)))
