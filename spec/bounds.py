"""The values the manuals leave open, as ranges: inside a range, every choice is conformant.

Where a manual says "a few wrong attempts" or "a bounded time", the specification does not
know the platform's number. It knows what is certainly too little and certainly too much: a
code that locks after one wrong try is too strict, one that allows fifty is no lock at all.
Between the two ends the specification allows either outcome. A platform's declared values
(:mod:`contract.values`) narrow these ranges to the declared number (:func:`declared_bounds`):
then the specification judges with the platform's own number, never the reference's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from contract.values import DeclaredValues

TOLERANCE = timedelta(seconds=1)
"""How far from a declared duration a platform's timer may fire (a clock's rounding, not a choice)."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The open values of the manuals, each as (certainly allowed, certainly forbidden).

    *code_lifetime*: a verification code used within the first value must still work; one used
    after the second must be refused as expired (D-SEC-2). *wrong_attempts*: after the first
    count of wrong codes (or PINs) the right one must still work; after the second it must be
    refused (D-SEC-2); *pin_attempts* the same for the My Renault PIN (MR-PIN-1), which unlocks
    *pin_unlock_after* its lock (None: the specification does not count on it unlocking).
    *screen_wait*: a synchronisation whose screen is followed within it must link (MR-SYNC-3).
    *qr_lifetime*: a QR code must live at least the first value and
    at most the second (D-SEC-3). *unreachable_after*: a command for a car that never answers
    must not end before the first value and must end by the second (D-REL-1). *message_within*:
    a message the platform owes must be sent within this time of its cause.
    """

    code_lifetime: tuple[timedelta, timedelta] = (timedelta(minutes=2), timedelta(hours=24))
    wrong_attempts: tuple[int, int] = (2, 10)
    pin_attempts: tuple[int, int] = (2, 10)
    pin_unlock_after: timedelta | None = None
    screen_wait: timedelta = timedelta(minutes=1)
    qr_lifetime: tuple[timedelta, timedelta] = (timedelta(seconds=30), timedelta(hours=1))
    unreachable_after: tuple[timedelta, timedelta] = (timedelta(seconds=30), timedelta(minutes=30))
    message_within: timedelta = timedelta(minutes=1)
    force_unbind_after: timedelta = timedelta(hours=72)
    """Fixed by the manual (IS-FORCE-4), not open: exactly 72 hours of silence."""


DEFAULT_BOUNDS = Bounds()


def declared_bounds(values: DeclaredValues, bounds: Bounds = DEFAULT_BOUNDS) -> Bounds:
    """*bounds* narrowed to the declared *values*: a code works until its declared lifetime and
    locks at the declared wrong try; a QR code lives, and a command ends ``car_unreachable``, at
    the declared time (within :data:`TOLERANCE`). What is not declared keeps its range."""
    narrowed = bounds
    if (lifetime := values.duration("code_lifetime_seconds")) is not None:
        narrowed = replace(narrowed, code_lifetime=(lifetime - TOLERANCE, lifetime))
    if values.code_attempts is not None:
        narrowed = replace(narrowed, wrong_attempts=(values.code_attempts, values.code_attempts))
    if values.pin_attempts is not None:
        narrowed = replace(narrowed, pin_attempts=(values.pin_attempts, values.pin_attempts))
    if values.pin_unlock == "after_lock_time":
        narrowed = replace(narrowed, pin_unlock_after=values.duration("pin_lock_seconds"))
    if (qr := values.duration("qr_lifetime_seconds")) is not None:
        narrowed = replace(narrowed, qr_lifetime=(qr - TOLERANCE, qr + TOLERANCE))
    if (timeout := values.duration("command_timeout_seconds")) is not None:
        narrowed = replace(narrowed, unreachable_after=(timeout - TOLERANCE, timeout + TOLERANCE))
    if (sync := values.duration("sync_timeout_seconds")) is not None:
        narrowed = replace(narrowed, screen_wait=sync - TOLERANCE)
    return narrowed
