"""The twins' only way to the platform: calls on the virtual timeline, traced and judged.

Before each call the platform's test clock is brought to the world's time; after it, the
platform's next timer is put on the SimPy timeline so that it fires at its instant even when no
twin calls. A refusal (:class:`contract.PlatformError`) comes back as a :class:`Refusal`; any
other way of failing is a :class:`core.verdicts.PlatformBreakdown`, an *error* verdict that
names the call.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import simpy

from contract import Platform, PlatformError
from contract.limits import MAX_WAKE_UPS_PER_SECOND
from contract.messages import AdvanceClock, AppIdentity, ClockState
from contract.operations import operations
from core.verdicts import ContractBreach, Inconclusive, PlatformBreakdown, RequirementViolation
from twins.clock import VirtualClock
from twins.trace import Trace

PLATFORM = "platform"
_HIDDEN_FIELDS = frozenset({"token", "password", "app"})


@dataclass(frozen=True, slots=True)
class Refusal:
    """The platform said no: a stable *code* and its *message*.

    *operation* is the call the platform refused ("" when no call reached it: the device had no
    internet, or lost the answer); *client* is the app or web site that made it, once it has
    shown the refusal (None for a call of no client).
    """

    code: str
    message: str = ""
    operation: str = ""
    client: AppIdentity | None = None


class Listener(Protocol):
    """Hears every exchange with the platform as it ends: a twin's call and its answer (a reply
    or a :class:`Refusal`), and each advance of the test clock (``advance_clock``)."""

    def exchanged(self, caller: str, operation: str, request: object, outcome: object) -> None: ...


class PlatformConnection:
    """Calls *platform* for the twins, keeping its test clock on the world's timeline.

    Its *listeners* hear every exchange as it ends (the invariant monitor is one).
    """

    def __init__(self, env: simpy.Environment, clock: VirtualClock, platform: Platform, trace: Trace) -> None:
        self.env = env
        self.clock = clock
        self.platform = platform
        self.trace = trace
        self._platform_time = 0.0
        self._wake_ups: set[float] = set()
        self._woken: deque[float] = deque()
        self.listeners: list[Listener] = []

    def call[Request, Reply](
        self, caller: str, operation: Callable[[Request], Reply], request: Request
    ) -> Reply | Refusal:
        """Make *caller*'s call of *operation* with *request*, at the world's current time."""
        name = operation.__name__
        self.sync_clock(with_next_call=True)
        self.trace.record(self.env.now, caller, PLATFORM, f"{name}({describe(request)})")
        try:
            reply = operation(request)
        except PlatformError as refusal:
            self.trace.record(self.env.now, PLATFORM, caller, f"refused: {refusal.code.value}")
            self.watch_timers()
            refused = Refusal(refusal.code.value, refusal.message, name)
            self._heard(caller, name, request, refused)
            return refused
        except (RequirementViolation, PlatformBreakdown) as judged:
            self.trace.record(self.env.now, PLATFORM, caller, f"broke the contract: {judged}")
            raise
        except Exception as exc:
            raise PlatformBreakdown(name, f"{type(exc).__name__}: {exc}") from exc
        expected = operations()[name].reply if name in operations() else object
        if not isinstance(reply, expected):
            self.trace.record(self.env.now, PLATFORM, caller, f"{type(reply).__name__}: not a {expected.__name__}")
            raise ContractBreach(f"{name} answered {reply!r}, not a {expected.__name__}")
        self.trace.record(self.env.now, PLATFORM, caller, f"{type(reply).__name__}({describe(reply)})")
        self.watch_timers()
        self._heard(caller, name, request, reply)
        return reply

    def sync_clock(self, *, with_next_call: bool = False) -> None:
        """Advance the platform's test clock to the world's time, running what falls due.

        *with_next_call*: a call follows at once, and a platform that can take the advance along
        with that call (``defer_advance``) is spared a request of its own.
        """
        if self.env.now <= self._platform_time:
            return
        defer = getattr(self.platform, "defer_advance", None)
        if with_next_call and defer is not None and defer(self.clock.now()):
            self._platform_time = self.env.now
            return
        to = AdvanceClock(self.clock.now())
        state = self.test_call("advance_clock", lambda: self.platform.advance_clock(to))
        self._platform_time = self.env.now
        self._schedule(state.next_due)
        self._heard(PLATFORM, "advance_clock", to, state)

    def _heard(self, caller: str, operation: str, request: object, outcome: object) -> None:
        for listener in self.listeners:
            listener.exchanged(caller, operation, request, outcome)

    def jump_clock(self, seconds: float) -> None:
        """Move the platform's test clock *seconds* ahead of the world's at once, running what
        falls due; it stands still from there until the world's time catches up."""
        at = max(self.env.now, self._platform_time) + seconds
        to = AdvanceClock(self.clock.at(at))
        state = self.test_call("advance_clock", lambda: self.platform.advance_clock(to))
        self._platform_time = at
        self._schedule(state.next_due)

    def watch_timers(self) -> None:
        """Put the platform's next timer on the world's timeline."""
        state: ClockState = self.test_call("clock_state", self.platform.clock_state)
        self._schedule(state.next_due)

    def _schedule(self, due: datetime | None) -> None:
        if due is None:
            return
        at = max(self.clock.seconds(due), self.env.now)
        if at in self._wake_ups or at <= self._platform_time:
            return
        self._wake_ups.add(at)
        self.env.process(self._wake_at(at))

    def _wake_at(self, at: float) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(at - self.env.now)
        self._wake_ups.discard(at)
        self._count_wake_up()
        self.sync_clock()

    def _count_wake_up(self) -> None:
        """Count a wake-up by the platform's timers; past the contract's bound within one virtual
        second, a breakdown naming what the platform did (a ``next_due`` always just ahead)."""
        self._woken.append(self.env.now)
        while self._woken[0] <= self.env.now - 1:
            self._woken.popleft()
        if len(self._woken) > MAX_WAKE_UPS_PER_SECOND:
            raise PlatformBreakdown(
                "clock_state",
                f"its next_due asked to wake it {len(self._woken)} times within one virtual second "
                f"(at most {MAX_WAKE_UPS_PER_SECOND}), the last at {self.clock.now().isoformat()}",
            )

    def test_call[Reply](self, name: str, operation: Callable[[], Reply]) -> Reply:
        """Make a call of the test side (*name*) that twins never see; untraced, but judged."""
        try:
            return operation()
        except (RequirementViolation, PlatformBreakdown):
            raise
        except Exception as exc:
            raise PlatformBreakdown(name, f"{type(exc).__name__}: {exc}") from exc


class RealTimeConnection(PlatformConnection):
    """The connection to a platform that keeps its own time: its clock is never touched.

    Scenarios that need the test clock (``@needs-clock``) are not run against such a platform.
    """

    def sync_clock(self, *, with_next_call: bool = False) -> None:
        """A real-time platform's clock is its own."""

    def watch_timers(self) -> None:
        """A real-time platform runs its own timers."""

    def jump_clock(self, seconds: float) -> None:
        """A real-time platform's clock cannot be moved: the scenario cannot be played."""
        raise Inconclusive("not applicable: the platform keeps its own time, so its clock cannot jump")


def describe(value: object) -> str:
    """A short, readable rendering of a request or reply for the trace."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return "" if value is None else str(value)
    parts = []
    for item in dataclasses.fields(value):
        if item.name in _HIDDEN_FIELDS:
            continue
        field_value = getattr(value, item.name)
        if isinstance(field_value, datetime):
            text = field_value.strftime("%Y-%m-%d %H:%M:%S")
        elif dataclasses.is_dataclass(field_value):
            text = describe(field_value)
        else:
            text = str(field_value)
        parts.append(f"{item.name}={text}")
    return ", ".join(parts)
