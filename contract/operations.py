"""The operation table: every operation of :class:`contract.platform.Platform` as data.

Each operation has a name (the method's), its request and reply types, the part of the contract
it belongs to, and where it lives over HTTP. The HTTP transport, the reference server and the
OpenAPI document are all made from this one table.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from contract import platform as platform_module
from contract.errors import ErrorCode

PARTS: tuple[type, ...] = (
    platform_module.AccountOperations,
    platform_module.BindingOperations,
    platform_module.SynchronisationOperations,
    platform_module.VehicleOperations,
    platform_module.CarSide,
    platform_module.TestSide,
)

TEST_PATHS = {
    "declaration": ("GET", "/test/declaration"),
    "clock_state": ("GET", "/test/clock"),
    "advance_clock": ("POST", "/test/clock/advance"),
    "provision_vehicle": ("POST", "/test/vehicles"),
    "provision_dealer": ("POST", "/test/dealers"),
}


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: *name*, *request* type (None: no body), *reply* type, *part*, HTTP *method* and *path*."""

    name: str
    request: type | None
    reply: type
    part: str
    method: str
    path: str


@cache
def operations() -> dict[str, Operation]:
    """Every operation of the contract, by name, in the order the contract lists them."""
    table: dict[str, Operation] = {}
    for part in PARTS:
        for name, function in part.__dict__.items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            hints = typing.get_type_hints(function, vars(platform_module))
            request = hints.get("request")
            method, path = TEST_PATHS.get(name, ("POST", f"/api/{name}"))
            table[name] = Operation(name, request, hints["return"], part.__name__, method, path)
    return table


STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_AUTHENTICATED: 401,
    ErrorCode.NOT_AUTHORISED: 403,
    ErrorCode.APP_NOT_GENUINE: 403,
    ErrorCode.APP_ONLY: 403,
    ErrorCode.UNKNOWN_VEHICLE: 404,
    ErrorCode.UNKNOWN_COMMAND: 404,
    ErrorCode.INVALID_REQUEST: 422,
}
"""The HTTP status of each refusal; every other refusal is 409 (the request cannot be honoured now)."""


WEBHOOK_SECRET = "Twinrig-Webhook-Secret"
"""Header of every webhook a platform sends: the ``webhook_secret`` its reset was given. The rig
refuses a webhook without it (401), so no other process can put words in the platform's mouth."""
ADVANCE_TO = "Twinrig-Advance-To"
"""Optional request header: advance the test clock to this time, then handle the call. A server
that honours it says so in its reset answer (``"advance_header": true``)."""
CLOCK_NOW = "Twinrig-Clock-Now"
CLOCK_NEXT_DUE = "Twinrig-Clock-Next-Due"
"""Optional response headers: the test clock after the call ("" for no timer due). A server that
sends them spares the rig a ``GET /test/clock`` after every call."""


def status_of(code: ErrorCode) -> int:
    return STATUS.get(code, 409)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


WORLD = "Twinrig-World"
"""Request header naming the test world a call belongs to (``POST /test/worlds`` answered its id).
A call without it goes to the one world of ``POST /test/reset``."""
WORLDS_PATH = "/test/worlds"
"""Where a platform hosting concurrent test worlds lists (``GET``), creates (``POST``) and ends
(``DELETE {WORLDS_PATH}/{id}``) them. A platform that does not serve ``GET`` there (404, 405) hosts
one world at a time, through ``POST /test/reset``."""
MAX_WORLDS = 1_000
"""The most worlds the reference hosts at once (``twinrig serve --max-worlds``); every platform
says its own in ``GET /test/worlds``. Past it, ``POST /test/worlds`` is refused with 429."""
UNKNOWN_WORLD = "unknown_world"
"""The refusal code of a call naming a world the platform does not host: 404 (never was), 410 (ended)."""
TOO_MANY_WORLDS = "too_many_worlds"
"""The refusal code (429) of ``POST /test/worlds`` when the platform hosts as many worlds as it can."""
