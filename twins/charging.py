"""The charging network: stations whose connectors are taken and freed over virtual time.

The network is the truth about which stations are free; it reports every change to the
platform as a charge point operator would, so "free stations nearby" has a real answer that a
twin can check.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import simpy

from contract.geo import distance_km
from contract.messages import Location
from contract.myrenault import StationReport
from twins.connection import PlatformConnection
from twins.geo import offset


@dataclass(slots=True)
class Station:
    """A charging station: *connectors* in all, *free* of them now."""

    station_id: str
    name: str
    location: Location
    connectors: int
    free: int


class ChargingNetwork:
    """Charging stations around *home* (and along the road north), each busy or free in turn.

    Every station runs a SimPy process: cars arrive and leave after exponential times drawn from
    *rng*, *mean_gap* seconds apart on average.
    """

    name = "charging network"

    def __init__(
        self,
        env: simpy.Environment,
        connection: PlatformConnection,
        rng: random.Random,
        home: Location,
        mean_gap: float = 1800.0,
    ) -> None:
        self.env = env
        self.connection = connection
        self.rng = rng
        self.mean_gap = mean_gap
        self.stations: list[Station] = []
        for number in range(8):
            place = offset(home, rng.uniform(-6, 6), rng.uniform(-6, 6))
            connectors = rng.choice((2, 4, 6))
            self.stations.append(Station(f"st-{number + 1}", f"Ladestasjon {number + 1}", place, connectors, 0))
        for number in range(8, 20):  # along the road north, every ~25 km
            place = offset(home, 25.0 * (number - 7) + rng.uniform(-3, 3), rng.uniform(-4, 4))
            self.stations.append(Station(f"st-{number + 1}", f"Hurtiglader {number - 7}", place, 4, 0))
        for station in self.stations:
            station.free = rng.randint(0, station.connectors)
            self._start(station)

    def open_full_station(self, near: Location, distance_km: float) -> Station:
        """A new station *distance_km* east of *near* with every connector taken, reported as the
        others are, and its cars coming and going from now on."""
        number = len(self.stations) + 1
        station = Station(f"st-{number}", f"Ladestasjon {number}", offset(near, 0.0, distance_km), 4, 0)
        self.stations.append(station)
        self._start(station)
        return station

    def free_near(self, near: Location, radius_km: float) -> list[str]:
        """The ids of the stations within *radius_km* of *near* with a free connector right now."""
        return sorted(
            station.station_id
            for station in self.stations
            if station.free > 0 and distance_km(near, station.location) <= radius_km
        )

    def near(self, near: Location, radius_km: float) -> list[Station]:
        return [station for station in self.stations if distance_km(near, station.location) <= radius_km]

    def _start(self, station: Station) -> None:
        self._report(station)
        self.env.process(self._traffic(station))

    def _traffic(self, station: Station) -> simpy.events.ProcessGenerator:
        while True:
            yield self.env.timeout(round(self.rng.expovariate(1 / self.mean_gap), 3))
            arriving = station.free > 0 and (station.free == station.connectors or self.rng.random() < 0.5)
            station.free += -1 if arriving else 1
            self._report(station)

    def _report(self, station: Station) -> None:
        report = StationReport(station.station_id, station.name, station.location, station.connectors, station.free)
        self.connection.call(self.name, self.connection.platform.station_report, report)
