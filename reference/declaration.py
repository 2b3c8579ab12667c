"""What the reference platform claims: the iSmart brand, three MG models, four features.

IS-SVC-1: the services available depend on the MG model.
"""

from __future__ import annotations

from contract.capabilities import CapabilityDeclaration, ModelCapability

_ALL_SERVICES = [
    "climate",
    "ev_management",
    "digital_key",
    "find_my_car",
    "map_poi",
    "vehicle_status",
    "notifications",
]

VERSION = "0.1.0"

DECLARATION = CapabilityDeclaration(
    platform="twinrig reference platform",
    version=VERSION,
    brands=["ismart"],
    models=[
        ModelCapability(
            "ismart",
            "MG4 Electric",
            ["DK", "NO"],
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
    ],
    features=["qr_binding", "head_unit_credentials", "force_unbinding", "dealer_force_unbinding"],
)
