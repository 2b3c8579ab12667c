"""What a scenario needs of each car: the services its steps expect to work there.

A step that sends a car a remote command, expects the car to carry one out, or expects a
service to be listed or offered, needs that service on the car; the world then sells the car in
a market whose declared law allows it (:mod:`twins.placement`), or finds the scenario not
applicable. Steps that expect a service to be missing (a model that lacks it, a law that
forbids it) need nothing: they choose their car themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from contract.services import COMMAND_SERVICES, service_of
from core.verdicts import AmbiguousStep
from steps import account_features, electric, vehicle
from steps.registry import LIBRARY, StepFunction

DEFAULT_CAR = "the car"


def _named_service(arguments: dict[str, Any]) -> set[str]:
    return {arguments["service"]}


def _command_service(arguments: dict[str, Any]) -> set[str]:
    """The service the command needs, on a car of either brand (the model's services decide which)."""
    return {service for brand in COMMAND_SERVICES if (service := service_of(brand, arguments["command"]))}


def _fixed(service: str) -> Callable[[dict[str, Any]], set[str]]:
    return lambda _: {service}


NEEDING: dict[StepFunction, Callable[[dict[str, Any]], set[str]]] = {
    vehicle.bound_car_offering: _named_service,
    vehicle.lists_service: _named_service,
    electric.controls_car_offering: _named_service,
    vehicle.sends_command: _command_service,
    vehicle.sends_command_reply_lost: _command_service,
    vehicle.carries_out: _command_service,
    vehicle.carries_out_once: _command_service,
    account_features.guesses_wrong_pin: _command_service,
    account_features.sends_from_web: _command_service,
    electric.programs_charging: _fixed("charge_scheduling"),
    electric.programs_climate: _fixed("climate_scheduling"),
}
"""The steps that need a service of their car, and how each names it."""


def needs_of(texts: Iterable[str]) -> dict[str, frozenset[str]]:
    """The services the steps *texts* (a scenario's, in any language) need, by car name."""
    needs: dict[str, set[str]] = {}
    for text in texts:
        try:
            matched = LIBRARY.match(text)
        except AmbiguousStep:
            continue
        named = NEEDING.get(matched.definition.function) if matched is not None else None
        if matched is not None and named is not None:
            car = matched.arguments.get("car", DEFAULT_CAR)
            needs.setdefault(car, set()).update(named(matched.arguments))
    return {car: frozenset(services) for car, services in needs.items()}
