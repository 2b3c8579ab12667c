"""Steps for logging out: of the app (or the web site), and of the car on its head unit.

A session that ended must be refused everywhere with ``not_authenticated``: the rig keeps the
token the app held and tries it on every kind of call (D-SEC-1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contract.messages import (
    ListVehicles,
    LogOut,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendUnbindCode,
    VehicleQuery,
)
from contract.myrenault import AddVehicle, ChargePassQuery, StartSync
from core.verdicts import RigError, expect
from steps.registry import then, when
from steps.support import accepted, app_of, browser_of, client_of
from steps.support import car as vehicle_named
from twins.connection import Refusal
from twins.world import World

NOT_AUTHENTICATED = "not_authenticated"


@when(
    en="{user:User} logs out of {client:Client}",
    da="{user:User} logger ud af {client:Client}",
    no="{user:User} logger ut av {client:Client}",
)
def logs_out_of(world: World, user: str, client: str) -> None:
    accepted(client_of(world, user, client).log_out(), f"logging the {user} user out")


Call = tuple[str, Callable[[Any], object], object]


def calls_with(world: World, token: str) -> list[Call]:
    """Every kind of call a client makes (what it is, the operation, the request), with *token*,
    on the scenario's first car."""
    if not world.cars:
        raise RigError("the scenario has no car to try the ended session on")
    vin = next(iter(world.cars.values())).vin
    platform = world.connection.platform
    calls: list[Call] = [
        ("listing the cars", platform.list_vehicles, ListVehicles(token)),
        ("reading the status", platform.vehicle_status, VehicleQuery(token, vin)),
        ("listing the services", platform.list_services, VehicleQuery(token, vin)),
        ("a remote command", platform.remote_command, RemoteCommand(token, vin, "find_my_car", "ended-1")),
        ("logging out again", platform.log_out, LogOut(token)),
    ]
    if world.brand == "myrenault":
        calls += [
            ("adding a car", platform.add_vehicle, AddVehicle(token, vin)),
            ("synchronising", platform.start_sync, StartSync(token, vin, True)),
            ("the charge pass", platform.charge_pass, ChargePassQuery(token)),
        ]
    else:
        calls += [
            ("a QR scan", platform.scan_qr, ScanQr(token, "iSmart-QR:0")),
            ("an unbinding code", platform.send_unbind_code, SendUnbindCode(token, vin)),
            ("a force unbinding", platform.request_force_unbind, RequestForceUnbind(token, vin, True)),
        ]
    return calls


@then(
    en="the ended session of {user:User} is refused everywhere",
    da="den afsluttede session hos {user:User} afvises overalt",
    no="den avsluttede økten til {user:User} avvises overalt",
)
def ended_session_refused(world: World, user: str) -> None:
    """Every session *user* logged out of (the app's, the web site's) is refused on every call."""
    clients = [app_of(world, user)]
    if user in world.computers and world.computers[user].browser is not None:
        clients.append(browser_of(world, user))
    ended = [client for client in clients if client.ended_token]
    if not ended:
        raise RigError(f"the {user} user has not logged out in this scenario")
    for client in ended:
        caller = f"{client.device.name} (logged out)"
        answers = {}
        for action, operation, request in calls_with(world, client.ended_token):
            outcome = world.connection.call(caller, operation, request)
            answers[action] = outcome.code if isinstance(outcome, Refusal) else "accepted"
        wrong = {action: answer for action, answer in answers.items() if answer != NOT_AUTHENTICATED}
        expect(
            not wrong,
            f"the ended session of {client.identity.name} was not refused as {NOT_AUTHENTICATED!r}: {wrong}",
        )


@when(
    en='{user:User} presses "Log out" in the "User" menu of {car:Car}',
    da='{user:User} trykker "Log ud" i menuen "User" i {car:Car}',
    no='{user:User} trykker "Logg ut" i menyen "User" i {car:Car}',
)
def logs_out_of_car(world: World, user: str, car: str) -> None:
    vehicle = vehicle_named(world, car)
    if user not in vehicle.cabin.occupants:
        raise RigError(f"the {user} user is not in {car}; add a step that seats them first")
    vehicle.head_unit.log_out()
