"""Distances on the map: great-circle kilometres between two locations."""

from __future__ import annotations

import math

from contract.messages import Location

EARTH_RADIUS_KM = 6371.0


def distance_km(a: Location, b: Location) -> float:
    """The great-circle distance between *a* and *b*, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def offset(origin: Location, north_km: float, east_km: float) -> Location:
    """The location *north_km* north and *east_km* east of *origin* (good for short distances)."""
    latitude = origin.latitude + north_km / 111.32
    longitude = origin.longitude + east_km / (111.32 * math.cos(math.radians(origin.latitude)))
    return Location(round(latitude, 6), round(longitude, 6))
