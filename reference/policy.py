"""The reference platform's numbers in one place: code rules, lifetimes and time-outs.

A mutant that breaks a numeric rule swaps one field of :class:`PlatformPolicy` (with
:func:`dataclasses.replace`) instead of copying any code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from reference.codes import CodePolicy


@dataclass(frozen=True, slots=True)
class PlatformPolicy:
    """Every tunable rule of the reference platform.

    *registration_code* and *unbind_code* govern the two kinds of verification code;
    *password_min_length* the passwords at registration; *qr_ttl* how long a head unit's QR
    code lives; *force_unbind_after* when an unanswered force-unbinding completes
    (IS-FORCE-4); *command_timeout* when an unfinished remote command becomes
    ``car_unreachable`` (D-REL-1).
    """

    registration_code: CodePolicy = field(default_factory=CodePolicy)
    unbind_code: CodePolicy = field(default_factory=CodePolicy)
    password_min_length: int = 8
    qr_ttl: timedelta = timedelta(minutes=2)
    force_unbind_after: timedelta = timedelta(hours=72)
    command_timeout: timedelta = timedelta(minutes=5)


DEFAULT_POLICY = PlatformPolicy()
