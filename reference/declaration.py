"""What the reference platform claims: the iSmart and My Renault brands, their models and the
markets they are sold in (Denmark, Norway, and Sweden for some), one market rule, the
optional features, and its declared values (:mod:`contract.values`), from which
:func:`reference.policy.declared_policy` builds its :class:`~reference.policy.PlatformPolicy`.

IS-SVC-1: the services available depend on the MG model. MR-FEAT-2: the functions depend on the
car's equipment and the law of its country; programmed charging and climate exist only on some
models (MR-EV-2, MR-EV-3).
"""

from __future__ import annotations

from contract.capabilities import CapabilityDeclaration, MarketRule, ModelCapability
from contract.values import DeclaredValues

_ALL_SERVICES = [
    "climate",
    "ev_management",
    "digital_key",
    "find_my_car",
    "map_poi",
    "vehicle_status",
    "notifications",
]

_RENAULT_BASICS = [
    "vehicle_info",
    "appointments",
    "locate",
    "horn_and_lights",
    "remote_lock",
    "contracts",
    "e_guide",
    "dealer_locator",
    "pin",
]
_RENAULT_ELECTRIC = [
    *_RENAULT_BASICS,
    "battery_status",
    "charge_scheduling",
    "climate",
    "climate_scheduling",
    "charge_pass",
    "charging_stations",
    "route_planning",
]

VERSION = "0.1.0"

DECLARATION = CapabilityDeclaration(
    platform="twinrig reference platform",
    version=VERSION,
    brands=["ismart", "myrenault"],
    models=[
        ModelCapability(
            "ismart",
            "MG4 Electric",
            ["DK", "NO", "SE"],
            list(_ALL_SERVICES),
        ),
        ModelCapability(
            "ismart",
            "MG ZS EV",
            ["DK", "NO"],
            [service for service in _ALL_SERVICES if service != "digital_key"],
        ),
        ModelCapability(
            "ismart",
            "MG3 Hybrid+",
            ["DK"],
            ["find_my_car", "map_poi", "vehicle_status", "notifications"],
        ),
        ModelCapability("myrenault", "Megane E-Tech Electric", ["NO", "DK", "SE"], list(_RENAULT_ELECTRIC)),
        ModelCapability(
            "myrenault",
            "Zoe",
            ["NO", "DK"],
            [s for s in _RENAULT_ELECTRIC if s not in ("charge_scheduling", "climate_scheduling")],
        ),
        ModelCapability("myrenault", "Clio", ["NO"], list(_RENAULT_BASICS)),
    ],
    features=[
        "qr_binding",
        "head_unit_credentials",
        "force_unbinding",
        "dealer_force_unbinding",
        "web_portal",
        "synchronisation",
        "appointments",
        "charging_stations",
    ],
    # A made-up law of the reference declaration, not a real Danish one: it exists so that
    # MR-FEAT-2 ("the laws of the country") has a rule to exercise.
    market_rules=[MarketRule("DK", ["horn_and_lights"])],
    values=DeclaredValues(
        code_lifetime_seconds=600,
        code_attempts=3,
        pin_attempts=3,
        pin_unlock="never",
        qr_lifetime_seconds=120,
        command_timeout_seconds=300,
        sync_timeout_seconds=300,
        unbind_logs_out_head_unit=True,
        dealer_unbind_without_reject=True,
        push_to="all_devices",
    ),
)
