"""Placing things on the map for the twins: a location a few kilometres from another."""

from __future__ import annotations

import math

from contract.geo import KM_PER_DEGREE
from contract.messages import Location


def offset(origin: Location, north_km: float, east_km: float) -> Location:
    """The location *north_km* north and *east_km* east of *origin* (good for short distances)."""
    latitude = origin.latitude + north_km / KM_PER_DEGREE
    longitude = origin.longitude + east_km / (KM_PER_DEGREE * math.cos(math.radians(origin.latitude)))
    return Location(round(latitude, 6), round(longitude, 6))
