"""The declared implementation values: what the manuals leave open, each with its allowed range.

Compare the PIXIT of ISO/IEC 9646 and of Matter certification. Where a manual or a derived rule
says "a few" or "a bounded time", a platform declares its own number in
:class:`DeclaredValues` (``values`` of the capability declaration), and the suite tests the
boundary at that number. :data:`DECLARABLE` is the one table of them: each value's range, the
manual or rule it comes from, and the brand or feature claim that makes it required. What the
manuals fix is not declarable: the 6-digit unbinding code (IS-UNBIND-2), the 72 hours before
an unanswered force unbinding completes (IS-FORCE-4), the two QR scans (IS-BIND-3).

Durations are whole seconds. A value that no claimed brand or feature needs may be left out; a
value the claims need and a value outside its range are declaration errors
(:func:`value_problems`), never a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

PinUnlock = Literal["never", "after_lock_time"]
PushTo = Literal["all_devices", "last_device"]


@dataclass(frozen=True, slots=True)
class DeclaredValues:
    """A platform's own values for what the manuals leave open (None: not declared).

    See :data:`DECLARABLE` for each field's range and source.
    """

    code_lifetime_seconds: int | None = None
    code_attempts: int | None = None
    pin_attempts: int | None = None
    pin_unlock: PinUnlock | None = None
    pin_lock_seconds: int | None = None
    qr_lifetime_seconds: int | None = None
    command_timeout_seconds: int | None = None
    sync_timeout_seconds: int | None = None
    unbind_logs_out_head_unit: bool | None = None
    dealer_unbind_without_reject: bool | None = None
    push_to: PushTo | None = None

    def duration(self, name: str) -> timedelta | None:
        """The declared duration *name* (a ``..._seconds`` field) as a timedelta, None if undeclared."""
        seconds = getattr(self, name)
        return None if seconds is None else timedelta(seconds=seconds)


@dataclass(frozen=True, slots=True)
class Declarable:
    """One declarable value: its *name* (the field of :class:`DeclaredValues`), what it *means*,
    its range (*low*..*high* for a number, *choices* for a choice, both booleans for a flag),
    its *unit*, the *source* in the manuals and rules, and the claims that make it required: any
    of *brands*, any of *features* (a claimed brand or feature needs it; both empty: never)."""

    name: str
    means: str
    source: str
    brands: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""

    @property
    def allowed(self) -> str:
        """The allowed range in words: ``3..10 tries``, ``one of never, after_lock_time``, ``true or false``."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.low is None:
            return "true or false"
        if self.unit == "seconds":
            return f"{self.low}..{self.high} seconds ({_spoken(self.low)} to {_spoken(self.high or 0)})"
        return f"{self.low}..{self.high} {self.unit}".rstrip()

    def needed(self, brands: list[str], features: list[str]) -> bool:
        """Whether a declaration claiming *brands* and *features* must declare this value."""
        return any(brand in brands for brand in self.brands) or any(item in features for item in self.features)

    def problem(self, value: object) -> str | None:
        """What is wrong with *value* for this field (None: it is allowed)."""
        if self.choices:
            return None if value in self.choices else f"{value!r} is not {self.allowed}"
        if self.low is None:
            return None if isinstance(value, bool) else f"{value!r} is not {self.allowed}"
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{value!r} is not a whole number"
        if not self.low <= value <= (self.high if self.high is not None else value):
            return f"{value} is outside {self.allowed}"
        return None


DECLARABLE: tuple[Declarable, ...] = (
    Declarable(
        "code_lifetime_seconds",
        "how long a verification code (registration, unbinding) stays valid",
        "D-SEC-2 (codes expire); IS-REG-2, IS-UNBIND-2, D-REL-3 (the code goes by SMS or e-mail "
        "and is typed in, so it must outlive a message a few minutes late and a few minutes of typing)",
        brands=("ismart",),
        low=600,
        high=86_400,
        unit="seconds",
    ),
    Declarable(
        "code_attempts",
        "the wrong tries of a verification code that lock it (the try that reaches it is refused "
        "with too_many_attempts, and so is every try after it)",
        'D-SEC-2 ("only a few wrong attempts"): not one or two, not unlimited',
        brands=("ismart",),
        low=3,
        high=10,
        unit="tries",
    ),
    Declarable(
        "pin_attempts",
        "the wrong My Renault PINs in a row that lock remote control",
        'MR-PIN-1 ("secure access"), D-SEC-2 ("only a few wrong attempts")',
        brands=("myrenault",),
        low=3,
        high=10,
        unit="tries",
    ),
    Declarable(
        "pin_unlock",
        "how a locked PIN unlocks: never (only support can), or after pin_lock_seconds",
        "MR-PIN-1, D-SEC-2: the manual says nothing of unlocking",
        brands=("myrenault",),
        choices=("never", "after_lock_time"),
    ),
    Declarable(
        "pin_lock_seconds",
        "how long a locked PIN stays locked (pin_unlock after_lock_time only)",
        "MR-PIN-1, D-SEC-2: a lock shorter than five minutes would let guessing go on",
        low=300,
        high=86_400,
        unit="seconds",
    ),
    Declarable(
        "qr_lifetime_seconds",
        "how long a QR code shown by a head unit can be scanned",
        "D-SEC-3 (short-lived); IS-BIND-2, IS-BIND-3 (it is scanned twice, so it must live through both scans)",
        features=("qr_binding",),
        low=120,
        high=900,
        unit="seconds",
    ),
    Declarable(
        "command_timeout_seconds",
        "when a remote command for a car that never answers ends car_unreachable",
        'D-REL-1 ("within a bounded time", after a wake-up SMS has had time to wake a sleeping TCU)',
        brands=("ismart", "myrenault"),
        low=120,
        high=1_800,
        unit="seconds",
    ),
    Declarable(
        "sync_timeout_seconds",
        "when a synchronisation nobody completes on the multimedia screen ends",
        'MR-SYNC-3 ("follow the instructions on the multimedia screen": the user needs a few minutes)',
        features=("synchronisation",),
        low=120,
        high=1_800,
        unit="seconds",
    ),
    Declarable(
        "unbind_logs_out_head_unit",
        "whether an unbinding also logs the user out of the head unit (false: the log-in stays)",
        'IS-USER-3 ("log out and remove the binding": two acts the guide names separately)',
        brands=("ismart",),
    ),
    Declarable(
        "dealer_unbind_without_reject",
        "whether a dealer may force an unbinding without a prior Reject of the previous user",
        "IS-FORCE-6 (the dealer helps after a Reject; the guide does not say whether only then)",
        features=("dealer_force_unbinding",),
    ),
    Declarable(
        "push_to",
        "where a push message goes: every device the user logged in from, or the last one only",
        'IS-FORCE-2 ("a push message is sent to the previous user": the guide names no device)',
        features=("force_unbinding",),
        choices=("all_devices", "last_device"),
    ),
)
"""Every declarable value, in the order of :class:`DeclaredValues`."""


def declarable(name: str) -> Declarable:
    """The row of :data:`DECLARABLE` for field *name*."""
    for row in DECLARABLE:
        if row.name == name:
            return row
    raise KeyError(name)


def value_problems(values: DeclaredValues, brands: list[str], features: list[str]) -> list[str]:
    """What is wrong with *values* for a declaration claiming *brands* and *features*: each a
    sentence naming the field, its allowed range and its source."""
    problems = []
    for row in DECLARABLE:
        value = getattr(values, row.name)
        needed = row.needed(brands, features) or (
            row.name == "pin_lock_seconds" and values.pin_unlock == "after_lock_time"
        )
        if value is None:
            if needed:
                problems.append(
                    f"values.{row.name} is missing: the claims need it ({row.means}); declare {row.allowed}"
                    f" (source: {row.source})"
                )
            continue
        wrong = row.problem(value)
        if wrong is not None:
            problems.append(f"values.{row.name}: {wrong} (source: {row.source})")
    return problems


def declared_as(values: DeclaredValues, claim: str) -> str | None:
    """Whether *values* declare *claim* (``name=value``, as a ``@declared:`` tag writes it: a
    boolean as ``true`` or ``false``): None if they do, else what they declare instead."""
    name, _, wanted = claim.partition("=")
    value = getattr(values, name, None) if name in {row.name for row in DECLARABLE} else None
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return None if shown == wanted else f"{name} {shown}"


def _spoken(seconds: int) -> str:
    """*seconds* as a person says it: ``5 minutes``, ``24 hours``, ``90 seconds``."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    if seconds % 60 == 0:
        return f"{seconds // 60} minute{'s' if seconds != 60 else ''}"
    return f"{seconds} seconds"
