"""The reference platform's numbers in one place: code rules, lifetimes and time-outs.

What the manuals leave open comes from a capability declaration's values
(:func:`declared_policy`): the reference's own (:data:`DEFAULT_POLICY`), or any other allowed
ones, so that a reference with other values is one declaration away. A mutant that breaks a
numeric rule swaps one field of :class:`PlatformPolicy` (with :func:`dataclasses.replace`)
instead of copying any code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from contract.capabilities import CapabilityDeclaration
from contract.values import DeclaredValues
from reference.codes import CodePolicy
from reference.declaration import DECLARATION

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
    ``car_unreachable`` (D-REL-1); *command_retention* how long after its time-out a command
    (its status, and its request id's reply) is kept (None: for ever, the simulation's default;
    a long load run sets it, so that the platform's memory stays flat).

    My Renault: *sync_timeout* ends a synchronisation the car has not completed; *app_only*
    names the operations a web session may not use (MR-FEAT-3); *pin_length* is the number of
    digits of the My Renault PIN, and *pin_attempts* the wrong PINs in a row that lock it (None:
    never; D-SEC-2); a renewal adds 1 to *max_renewal_months* calendar months (MR-SVC-1,
    :mod:`reference.months`); a planned route looks for charging stations within *route_corridor_km* of
    the straight line, so that no leg exceeds *route_leg_share* of the car's range (MR-EV-4).
    A locked PIN unlocks *pin_unlock_after* its lock (None: never).

    The open choices: *unbind_logs_out* (an unbinding also logs the user out of the head unit),
    *dealer_needs_reject* (a dealer unbinds only after the previous user's Reject),
    *push_to_last_device* (a push goes to the device the user logged in from last, not all).
    *declaration* is what the platform claims (its values are those of this policy).
    """

    registration_code: CodePolicy = field(default_factory=CodePolicy)
    unbind_code: CodePolicy = field(default_factory=CodePolicy)
    password_min_length: int = 8
    qr_ttl: timedelta = timedelta(minutes=2)
    force_unbind_after: timedelta = timedelta(hours=72)
    command_timeout: timedelta = timedelta(minutes=5)
    command_retention: timedelta | None = None
    sync_timeout: timedelta = timedelta(minutes=5)
    app_only: frozenset[str] = APP_ONLY
    pin_length: int = 4
    pin_attempts: int | None = 3
    pin_unlock_after: timedelta | None = None
    max_renewal_months: int = 36
    route_corridor_km: float = 15.0
    route_leg_share: float = 0.8
    unbind_logs_out: bool = True
    dealer_needs_reject: bool = False
    push_to_last_device: bool = False
    declaration: CapabilityDeclaration = DECLARATION


def declared_policy(declaration: CapabilityDeclaration) -> PlatformPolicy:
    """The reference's policy following the values *declaration* declares (what it leaves
    undeclared keeps the reference's own); the platform claims *declaration*."""
    base, values = PlatformPolicy(), declaration.values
    codes = CodePolicy(
        ttl=values.duration("code_lifetime_seconds") or base.registration_code.ttl,
        max_attempts=_or(values.code_attempts, base.registration_code.max_attempts),
    )
    return PlatformPolicy(
        registration_code=codes,
        unbind_code=codes,
        qr_ttl=values.duration("qr_lifetime_seconds") or base.qr_ttl,
        command_timeout=values.duration("command_timeout_seconds") or base.command_timeout,
        sync_timeout=values.duration("sync_timeout_seconds") or base.sync_timeout,
        pin_attempts=_or(values.pin_attempts, base.pin_attempts),
        pin_unlock_after=values.duration("pin_lock_seconds") if values.pin_unlock == "after_lock_time" else None,
        unbind_logs_out=_or(values.unbind_logs_out_head_unit, base.unbind_logs_out),
        dealer_needs_reject=values.dealer_unbind_without_reject is False,
        push_to_last_device=values.push_to == "last_device",
        declaration=declaration,
    )


def declared(values: DeclaredValues) -> CapabilityDeclaration:
    """The reference's declaration with *values* in place of its own."""
    return replace(DECLARATION, values=values)


def _or[T](value: T | None, default: T) -> T:
    return default if value is None else value


DEFAULT_POLICY = declared_policy(DECLARATION)
