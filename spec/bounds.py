"""The values the manuals leave open, as ranges: inside a range, every choice is conformant.

Where a manual says "a few wrong attempts" or "a bounded time", the specification does not
know the platform's number. It knows what is certainly too little and certainly too much: a
code that locks after one wrong try is too strict, one that allows fifty is no lock at all.
Between the two ends the specification allows either outcome. Once the capability declaration
carries a platform's own values, they narrow these ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Bounds:
    """The open values of the manuals, each as (certainly allowed, certainly forbidden).

    *code_lifetime*: a verification code used within the first value must still work; one used
    after the second must be refused as expired (D-SEC-2). *wrong_attempts*: after the first
    count of wrong codes (or PINs) the right one must still work; after the second it must be
    refused (D-SEC-2, MR-PIN-1). *qr_lifetime*: a QR code must live at least the first value and
    at most the second (D-SEC-3). *unreachable_after*: a command for a car that never answers
    must not end before the first value and must end by the second (D-REL-1). *message_within*:
    a message the platform owes must be sent within this time of its cause.
    """

    code_lifetime: tuple[timedelta, timedelta] = (timedelta(minutes=2), timedelta(hours=24))
    wrong_attempts: tuple[int, int] = (2, 10)
    qr_lifetime: tuple[timedelta, timedelta] = (timedelta(seconds=30), timedelta(hours=1))
    unreachable_after: tuple[timedelta, timedelta] = (timedelta(seconds=30), timedelta(minutes=30))
    message_within: timedelta = timedelta(minutes=1)
    force_unbind_after: timedelta = timedelta(hours=72)
    """Fixed by the manual (IS-FORCE-4), not open: exactly 72 hours of silence."""


DEFAULT_BOUNDS = Bounds()
