"""Electric My Renault cars: the battery, programmed charging and climate, the charge pass, free
charging stations and a route with charging stops; and what the TCU reports of its car.

The manual: the battery level and charging status can be checked (MR-EV-1: what the TCU last
reported); charging (MR-EV-2) and the climate (MR-EV-3) can be programmed on some models only;
the "Mobilize charge pass", free charging stations nearby, and a route with charging stations
along it (MR-EV-4: only stations with a free connector, as the charge point operators last
reported them). These are connected services of the app (MR-FEAT-3) that stop when their
contract expires (MR-SVC-1).
"""

from __future__ import annotations

from contract.geo import distance_km
from contract.messages import Location, VehicleQuery
from contract.myrenault import (
    ChargePass,
    ChargePassQuery,
    EvStatus,
    FindStations,
    PlanRoute,
    Route,
    ScheduleCharging,
    ScheduleClimate,
    Scheduled,
    StationInfo,
    StationReport,
    Stations,
)
from spec.judge import Judge, Refuse, judges
from spec.observations import Exchange
from spec.rules.commands import reported_state
from spec.rules.myrenault_access import Gate, car_gate, session_gate
from spec.rules.myrenault_state import BRAND, COMMAND_SERVICES, covering_contracts, state

RADIUS_SLACK_KM = 0.5
"""Kilometres either side of a search radius within which a station may be listed or left out."""


@judges("ev_status", brand=BRAND)
def ev_status(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-1: the battery level, range and charging status shown are what the car's TCU last reported."""
    request = exchange.request
    if not isinstance(request, VehicleQuery):
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="battery_status", web="required")
    if not gate.answer(judge, requirement="MR-EV-1", rule="battery status") or gate.refusals:
        return
    reply, reported = exchange.reply, reported_state(judge.model, request.vin)
    if isinstance(reply, EvStatus) and reported is not None:
        shown = (reply.battery_percent, reply.range_km, reply.plugged_in, reply.charging)
        last = (reported.battery_percent, reported.range_km, reported.plugged_in, reported.charging)
        if shown != last:
            judge.content(
                "MR-EV-1",
                "battery status",
                exchange,
                f"shows (%, km, plugged in, charging) {shown}, the car reported {last}",
            )


def _schedule(judge: Judge, exchange: Exchange, request: ScheduleCharging | ScheduleClimate, requirement: str) -> None:
    vin, token, pin = request.vin, request.token, request.pin
    command = "schedule_charging" if isinstance(request, ScheduleCharging) else "schedule_climate"
    service = COMMAND_SERVICES[command]
    gate = car_gate(judge, exchange, token, vin, service=service, web="required", activation="may", pin=pin)
    when = request.start if isinstance(request, ScheduleCharging) else request.ready_at
    if when <= exchange.at:
        gate.may.add("invalid_request")  # a time that has passed may be refused
    if not gate.answer(judge, requirement=requirement, rule=f"program {service}") or gate.refusals:
        return
    reply = exchange.reply
    if isinstance(reply, Scheduled) and (reply.vin, reply.at) != (vin, when):
        shown = f"{reply.vin} at {reply.at.isoformat()}"
        judge.content(
            requirement, f"program {service}", exchange, f"scheduled {shown}, not {vin} at {when.isoformat()}"
        )
    state(judge.model).expect_schedule(
        judge.model, vin, gate.account_id, command=command, at=when, requirement=requirement
    )


@judges("schedule_charging", brand=BRAND)
def schedule_charging(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-2: charging is programmed only on models that have it, with the PIN."""
    request = exchange.request
    if isinstance(request, ScheduleCharging):
        _schedule(judge, exchange, request, "MR-EV-2")


@judges("schedule_climate", brand=BRAND)
def schedule_climate(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-3: the climate is programmed only on models that have it, with the PIN."""
    request = exchange.request
    if isinstance(request, ScheduleClimate):
        _schedule(judge, exchange, request, "MR-EV-3")


def _account_service(judge: Judge, gate: Gate, service: str) -> None:
    """A connected service of the account's cars (no car named): it must work while a car
    synchronised with the account offers it under a running contract, and be refused
    ``service_expired`` once every such car's contract has expired (MR-SVC-1)."""
    if gate.refusals or gate.session is None:
        return
    model, part = judge.model, state(judge.model)
    cars = [
        vin for (account, vin) in part.synchronised if account == gate.account_id and service in model.services_of(vin)
    ]
    if not cars:
        gate.may.update({"service_not_available", "not_synchronised", "service_expired", "not_authorised"})
        return
    ends = [end for vin in cars for _, end in covering_contracts(model, vin, service)]
    if ends and all(end < model.now for end in ends):
        gate.refusals.append(Refuse("MR-SVC-1", f"the contract covering {service} has expired", ("service_expired",)))
    elif not ends or all(end <= model.now for end in ends):
        gate.may.update({"service_expired", "service_not_available"})


@judges("charge_pass", brand=BRAND)
def charge_pass(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-4: the charge pass, in the app, for an account with an electric car: its own pass,
    never another account's."""
    request = exchange.request
    if not isinstance(request, ChargePassQuery):
        return
    gate = session_gate(judge, exchange, request.token, web="required")
    _account_service(judge, gate, "charge_pass")
    if not gate.answer(judge, requirement="MR-EV-4", rule="the charge pass") or gate.refusals:
        return
    if isinstance(exchange.reply, ChargePass):
        holder = state(judge.model).charge_passes.setdefault(exchange.reply.pass_id, gate.account_id)
        if holder != gate.account_id:
            judge.content(
                "MR-EV-4", "the charge pass", exchange, f"the pass {exchange.reply.pass_id} is another account's"
            )


def _judge_stations(
    judge: Judge, exchange: Exchange, listed: list[StationInfo], *, rule: str, near: Location | None, radius: float
) -> None:
    """Every station listed has a free connector as last reported; within *radius* of *near* (when given)."""
    stations = state(judge.model).stations
    for station in listed:
        report = stations.get(station.station_id)
        if report is None:
            continue
        if report.free <= 0:
            judge.content("MR-EV-4", rule, exchange, f"lists {station.station_id}, which has no free connector")
        elif station.free_connectors != report.free:
            judge.content(
                "MR-EV-4",
                rule,
                exchange,
                f"{station.station_id} shown with {station.free_connectors} free, reported {report.free}",
            )
        if near is not None and distance_km(near, report.location) > radius + RADIUS_SLACK_KM:
            judge.content("MR-EV-4", rule, exchange, f"lists {station.station_id}, beyond {radius} km")


@judges("find_charging_stations", brand=BRAND)
def find_charging_stations(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-4: free charging stations nearby are exactly the stations within the radius whose
    operator last reported a free connector."""
    request = exchange.request
    if not isinstance(request, FindStations):
        return
    gate = session_gate(judge, exchange, request.token, web="required")
    _account_service(judge, gate, "charging_stations")
    if request.radius_km <= 0:
        gate.may.add("invalid_request")
    if not gate.answer(judge, requirement="MR-EV-4", rule="free charging stations") or gate.refusals:
        return
    if not isinstance(exchange.reply, Stations):
        return
    listed = exchange.reply.stations
    if request.free_only:
        _judge_stations(
            judge, exchange, listed, rule="free charging stations", near=request.near, radius=request.radius_km
        )
    names = {station.station_id for station in listed}
    for report in state(judge.model).stations.values():
        inside = distance_km(request.near, report.location) < request.radius_km - RADIUS_SLACK_KM
        if inside and (report.free > 0 or not request.free_only) and report.station_id not in names:
            judge.content("MR-EV-4", "free charging stations", exchange, f"leaves out {report.station_id}, free nearby")


@judges("plan_route", brand=BRAND)
def plan_route(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-4: a route from the car with charging stops, each a station with a free connector."""
    request = exchange.request
    if not isinstance(request, PlanRoute):
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="route_planning", web="required")
    if not gate.answer(judge, requirement="MR-EV-4", rule="plan a route") or gate.refusals:
        return
    if isinstance(exchange.reply, Route):
        _judge_stations(judge, exchange, exchange.reply.stops, rule="plan a route", near=None, radius=0.0)


@judges("station_report")
def station_report(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-4: a charge point operator's update of a station (the test side): what is free now."""
    request = exchange.request
    if isinstance(request, StationReport) and exchange.accepted:
        state(judge.model).stations[request.station_id] = request
