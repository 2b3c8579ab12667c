"""Charging stations: the operators' reports, free stations nearby, and routes with charging
stops along them (MR-EV-4), while a contract covers them (MR-SVC-1)."""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.geo import along_and_off, distance_km
from contract.messages import Ack, Location
from contract.myrenault import FindStations, PlanRoute, Route, StationInfo, StationReport, Stations
from reference.records import Account
from reference.vehicles import VehiclesMixin


class ChargingMixin(VehiclesMixin):
    """What the charge point operators report, and what the app finds in it."""

    def station_report(self, request: StationReport) -> Ack:
        """Store or update a station as its operator reports it."""
        if request.connectors < 0 or not 0 <= request.free <= request.connectors:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "free connectors must be between 0 and all connectors")
        self._stations[request.station_id] = request
        return Ack()

    def find_charging_stations(self, request: FindStations) -> Stations:
        """The stations within *request.radius_km* of *request.near*, nearest first, with their
        free connectors as last reported; *request.free_only* leaves out the full ones (MR-EV-4).

        The search names no car: an account whose cars with the function all have an expired
        contract is refused ``service_expired``; one without such a car searches freely (MR-SVC-1)."""
        session = self._session_of(request.token)
        self._check_channel(session, "find_charging_stations")
        self._check_stations_covered(self._accounts[session.account_id])
        if request.radius_km < 0:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "the radius cannot be negative")
        found = [
            (distance_km(request.near, station.location), station.station_id, station)
            for station in self._stations.values()
            if self._listed(station, request.free_only)
        ]
        return Stations([self._info(station, d) for d, _, station in sorted(found) if d <= request.radius_km])

    def plan_route(self, request: PlanRoute) -> Route:
        """A route from where the car is parked to *request.destination*: no stop if the car's
        range covers it, else charging stations with a free connector along it (MR-EV-4)."""
        session = self._session_of(request.token)
        self._check_channel(session, "plan_route")
        account = self._accounts[session.account_id]
        car = self._car(request.vin)
        self._require_may_use(account, car)
        self._check_service(car, "route_planning")
        self._check_contract(car, "route_planning")
        origin, destination = car.state.location, request.destination
        total = distance_km(origin, destination)
        if total <= car.state.range_km:
            return Route(round(total, 1), [])
        stops = self._charging_stops(origin, destination, car.state.range_km)
        return Route(round(total, 1), [self._info(stop, distance_km(origin, stop.location)) for stop in stops])

    # --- the rules, one place each ----------------------------------------------------------

    def _check_stations_covered(self, account: Account) -> None:
        """Refuse ``service_expired`` if every car of *account* that offers charging stations has
        an expired contract (MR-SVC-1)."""
        offering = [
            car
            for car in self._cars.values()
            if account.account_id in car.added and "charging_stations" in self._services_of(car)
        ]
        if offering and not any(self._covered(car, "charging_stations") for car in offering):
            self._check_contract(offering[0], "charging_stations")

    def _listed(self, station: StationReport, free_only: bool) -> bool:
        """Whether a search lists *station*: any station, or only one with a free connector."""
        return station.free > 0 or not free_only

    def _info(self, station: StationReport, distance: float) -> StationInfo:
        return StationInfo(
            station.station_id, station.name, station.location, station.free, station.connectors, round(distance, 1)
        )

    def _charging_stops(self, origin: Location, destination: Location, range_km: float) -> list[StationReport]:
        """Stations with a free connector within the corridor of the straight route, in route
        order, picked greedily: from each point, the farthest one within the leg limit
        (*route_leg_share* of the range), or the nearest one ahead if none is that close."""
        limit = self.policy.route_leg_share * range_km
        total_along, _ = along_and_off(origin, destination, destination)
        candidates: list[tuple[float, str, StationReport]] = []
        for station in self._stations.values():
            along, off = along_and_off(origin, destination, station.location)
            if station.free > 0 and 0 < along < total_along and off <= self.policy.route_corridor_km:
                candidates.append((along, station.station_id, station))
        candidates.sort()
        stops: list[StationReport] = []
        here, here_along = origin, 0.0
        while distance_km(here, destination) > limit:
            ahead = [(along, station) for along, _, station in candidates if along > here_along]
            if not ahead:
                break
            reachable = [item for item in ahead if distance_km(here, item[1].location) <= limit]
            here_along, stop = reachable[-1] if reachable else ahead[0]
            stops.append(stop)
            here = stop.location
        return stops
