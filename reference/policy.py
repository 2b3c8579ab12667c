"""The reference platform's numbers in one place: code rules, lifetimes and time-outs.

A mutant that breaks a numeric rule swaps one field of :class:`PlatformPolicy` (with
:func:`dataclasses.replace`) instead of copying any code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from reference.codes import CodePolicy

APP_ONLY = frozenset(
    {
        "remote_command",
        "vehicle_status",
        "schedule_charging",
        "schedule_climate",
        "ev_status",
        "plan_route",
        "find_charging_stations",
        "charge_pass",
        "start_sync",
    }
)
"""The My Renault operations that exist only in the smartphone app, not on the web site (MR-FEAT-3)."""


@dataclass(frozen=True, slots=True)
class PlatformPolicy:
    """Every tunable rule of the reference platform.

    *registration_code* and *unbind_code* govern the two kinds of verification code;
    *password_min_length* the passwords at registration; *qr_ttl* how long a head unit's QR
    code lives; *force_unbind_after* when an unanswered force-unbinding completes
    (IS-FORCE-4); *command_timeout* when an unfinished remote command becomes
    ``car_unreachable`` (D-REL-1).

    My Renault: *sync_timeout* ends a synchronisation the car has not completed; *app_only*
    names the operations a web session may not use (MR-FEAT-3); *pin_length* is the number of
    digits of the My Renault PIN, and *pin_attempts* the wrong PINs in a row that lock it (None:
    never; D-SEC-2); a renewal adds 1 to *max_renewal_months* calendar months (MR-SVC-1,
    :mod:`reference.months`); a planned route looks for charging stations within *route_corridor_km* of
    the straight line, so that no leg exceeds *route_leg_share* of the car's range (MR-EV-4).
    """

    registration_code: CodePolicy = field(default_factory=CodePolicy)
    unbind_code: CodePolicy = field(default_factory=CodePolicy)
    password_min_length: int = 8
    qr_ttl: timedelta = timedelta(minutes=2)
    force_unbind_after: timedelta = timedelta(hours=72)
    command_timeout: timedelta = timedelta(minutes=5)
    sync_timeout: timedelta = timedelta(minutes=5)
    app_only: frozenset[str] = APP_ONLY
    pin_length: int = 4
    pin_attempts: int | None = 3
    max_renewal_months: int = 36
    route_corridor_km: float = 15.0
    route_leg_share: float = 0.8


DEFAULT_POLICY = PlatformPolicy()
