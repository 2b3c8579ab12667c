"""Distances on the map (contract.geo), and the twins' placing of things near a location."""

from __future__ import annotations

import math

import pytest

from contract.geo import EARTH_RADIUS_KM, along_and_off, distance_km
from contract.messages import Location
from twins.geo import offset

OSLO = Location(59.9139, 10.7522)
TRONDHEIM = Location(63.4305, 10.3951)


def test_the_great_circle_distance_between_two_cities() -> None:
    assert distance_km(OSLO, TRONDHEIM) == pytest.approx(391.5, abs=0.1)
    assert distance_km(TRONDHEIM, OSLO) == distance_km(OSLO, TRONDHEIM)
    assert distance_km(OSLO, OSLO) == 0.0


def test_a_degree_of_latitude_and_half_the_world() -> None:
    assert distance_km(Location(0.0, 0.0), Location(1.0, 0.0)) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360)
    assert distance_km(Location(0.0, 0.0), Location(0.0, 180.0)) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    antipodes = (Location(-74.6, 0.0), Location(74.6, 180.0))  # rounding makes the haversine term exceed 1 here
    assert distance_km(*antipodes) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_a_point_on_the_route_is_along_it_and_not_off_it() -> None:
    end = offset(OSLO, 100.0, 0.0)
    along, off = along_and_off(OSLO, end, offset(OSLO, 40.0, 0.0))
    assert along == pytest.approx(40.0, abs=0.01)
    assert off == pytest.approx(0.0, abs=0.01)


def test_a_point_beside_before_or_past_the_route_is_off_it_by_the_nearest_point() -> None:
    end = offset(OSLO, 0.0, 100.0)
    assert along_and_off(OSLO, end, offset(OSLO, 5.0, 30.0)) == pytest.approx((30.0, 5.0), abs=0.05)
    assert along_and_off(OSLO, end, offset(OSLO, 0.0, -20.0)) == pytest.approx((-20.0, 20.0), abs=0.05)
    assert along_and_off(OSLO, end, offset(OSLO, 0.0, 130.0)) == pytest.approx((130.0, 30.0), abs=0.05)


def test_a_route_that_goes_nowhere_measures_from_its_start() -> None:
    assert along_and_off(OSLO, OSLO, offset(OSLO, 3.0, 4.0)) == pytest.approx((0.0, 5.0), abs=0.01)


def test_the_twins_place_a_location_the_asked_kilometres_away() -> None:
    assert distance_km(OSLO, offset(OSLO, 10.0, 0.0)) == pytest.approx(10.0, rel=0.01)
    assert distance_km(OSLO, offset(OSLO, 0.0, 10.0)) == pytest.approx(10.0, rel=0.01)
    assert offset(OSLO, 10.0, 0.0).latitude > OSLO.latitude
    assert offset(OSLO, 0.0, -10.0).longitude < OSLO.longitude
