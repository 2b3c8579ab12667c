"""The reference platform: every rule of the MG iSmart guide and the My Renault manual,
in-process, on a test clock.

:class:`ReferencePlatform` puts the rule mix-ins together; :class:`ReferenceFactory` makes a
fresh one per scenario. It passes every scenario, and the mutants in :mod:`mutants` each break
one of its rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract.capabilities import CapabilityDeclaration
from contract.errors import ErrorCode, PlatformError
from contract.limits import LATEST, MAX_ADVANCE, in_range
from contract.messages import AdvanceClock, ClockState
from contract.platform import Setup
from reference.binding import BindingMixin
from reference.charging import ChargingMixin
from reference.dealer import DealerMixin
from reference.dealers_network import DealerNetworkMixin
from reference.declaration import DECLARATION, VERSION
from reference.ev import ElectricMixin
from reference.myrenault_accounts import MyRenaultAccountsMixin
from reference.policy import DEFAULT_POLICY, PlatformPolicy, declared_policy
from reference.sessions import SessionsMixin
from reference.support import SupportMixin
from reference.synchronisation import SynchronisationMixin
from reference.unbinding import UnbindingMixin

CLOCK_HORIZON = MAX_ADVANCE
"""How far one advance of the test clock may go: beyond it, dates stop making sense."""


class ReferencePlatform(
    SessionsMixin,
    MyRenaultAccountsMixin,
    SupportMixin,
    BindingMixin,
    UnbindingMixin,
    DealerMixin,
    SynchronisationMixin,
    DealerNetworkMixin,
    ChargingMixin,
    ElectricMixin,
):
    """The reference implementation of :class:`contract.platform.Platform`.

    Made from a *setup* (outbound port, seed, epoch) and a *policy* (the numeric rules).
    """

    def clock_state(self) -> ClockState:
        """The test clock's *now* and its next timer."""
        return ClockState(self._clock.now, self._clock.next_due)

    def advance_clock(self, request: AdvanceClock) -> ClockState:
        """Move the test clock to *request.to*, running every timer that falls due on the way."""
        if request.to.tzinfo is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "give a timezone-aware time")
        if request.to < self._clock.now:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "the test clock does not go backwards")
        if not in_range(request.to):
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"the test clock stops before the year {LATEST.year}")
        if request.to > self._clock.now + CLOCK_HORIZON:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "the test clock moves at most 100 years at a time")
        self._clock.advance(request.to)
        return self.clock_state()


@dataclass
class ReferenceFactory:
    """Makes fresh platforms of *platform_class* following *policy*, under the name *name*.

    ``ReferenceFactory()`` makes the reference platform; a mutant is the same factory with
    another class or policy.
    """

    name: str = "reference"
    platform_class: type[ReferencePlatform] = ReferencePlatform
    policy: PlatformPolicy = field(default=DEFAULT_POLICY)

    def create(self, setup: Setup) -> ReferencePlatform:
        """A fresh, empty platform for one scenario."""
        return self.platform_class(setup, self.policy)

    @classmethod
    def declared(cls, declaration: CapabilityDeclaration, name: str = "reference:declared") -> ReferenceFactory:
        """The reference platform claiming *declaration*, its policy built from the declared values."""
        return cls(name, policy=declared_policy(declaration))


__all__ = ["DECLARATION", "VERSION", "ReferenceFactory", "ReferencePlatform"]
