"""Which declared service governs which remote command, for each brand.

A remote command needs its service on the car: offered by the car's model (the capability
declaration's ``services``) and allowed by the law of the car's market (its ``market_rules``);
otherwise the platform refuses it with ``service_not_available`` (IS-SVC-1, MR-FEAT-2). The
service names are the declaration's. An MG iSmart car has no programmed charging or climate:
those commands are ``unknown_command`` there.
"""

from __future__ import annotations

COMMAND_SERVICES: dict[str, dict[str, str]] = {
    "ismart": {
        "climate_on": "climate",
        "climate_off": "climate",
        "lock": "digital_key",
        "unlock": "digital_key",
        "find_my_car": "find_my_car",
        "horn_and_lights": "find_my_car",
    },
    "myrenault": {
        "horn_and_lights": "horn_and_lights",
        "climate_on": "climate",
        "climate_off": "climate",
        "lock": "remote_lock",
        "unlock": "remote_lock",
        "find_my_car": "locate",
        "schedule_charging": "charge_scheduling",
        "schedule_climate": "climate_scheduling",
    },
}
"""Per brand, the declared service each remote command (a ``CommandName``) needs on the car."""


def service_of(brand: str, command: str) -> str | None:
    """The service *command* needs on a car of *brand* (None: *brand* has no such command)."""
    return COMMAND_SERVICES.get(brand, {}).get(command)
