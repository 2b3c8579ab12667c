"""Driving a platform through the contract while the executable specification judges it.

:class:`JudgedRig` is a :class:`reference_kit.Rig` whose platform and outbound port are watched:
every call becomes an :class:`spec.Exchange` (its messages observed just after it, as the twins'
exchange log gives them), every advance of the clock a :class:`spec.TimePassed`, and each goes
to a :class:`spec.Specification` at once. Hand-made observations for the rule tests are built
with :func:`exchange`, :func:`message` and :func:`passed`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from reference_kit import EPOCH, Recorder, Rig

from contract.errors import PlatformError
from contract.messages import AdvanceClock
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand
from contract.platform import Platform, PlatformFactory, Setup
from reference import ReferenceFactory
from spec import Exchange, Message, Observation, Specification, TimePassed, Violation

UNWATCHED = {"declaration", "clock_state"}


class WatchedRecorder(Recorder):
    """A recorder that also holds each message until the call that sent it has been observed."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Message] = []

    def sms(self, message: Sms) -> None:
        super().sms(message)
        self.held.append(Message(message.sent_at, message))

    def email(self, message: Email) -> None:
        super().email(message)
        self.held.append(Message(message.sent_at, message))

    def push(self, message: Push) -> None:
        super().push(message)
        self.held.append(Message(message.sent_at, message))

    def tcu(self, message: TcuCommand) -> Delivery:
        delivery = super().tcu(message)
        self.held.append(Message(message.sent_at, message))
        return delivery

    def car_event(self, message: CarEvent) -> Delivery:
        delivery = super().car_event(message)
        self.held.append(Message(message.sent_at, message))
        return delivery


class Watched:
    """A platform whose every call is observed by *observe* (the platform's clock gives the time)."""

    def __init__(self, platform: Platform, out: WatchedRecorder, observe: Callable[[Observation], None]) -> None:
        self._platform = platform
        self._out = out
        self._observe = observe

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._platform, name)
        if name in UNWATCHED or not callable(method):
            return method

        def call(request: object) -> object:
            try:
                reply = method(request)
            except PlatformError as refusal:
                self._seen(name, request, None, refusal.code.value)
                raise
            self._seen(name, request, reply, None)
            return reply

        return call

    def _seen(self, name: str, request: object, reply: object, refusal: str | None) -> None:
        now = self._platform.clock_state().now
        if name == "advance_clock" and isinstance(request, AdvanceClock):
            self._observe(TimePassed(request.to))
        else:
            caller = "rig" if name in ("provision_vehicle", "provision_dealer", "station_report") else "twin"
            self._observe(Exchange(now, caller, name, request, reply, refusal))
        held, self._out.held = self._out.held, []
        for message in held:
            self._observe(message)


class JudgedRig(Rig):
    """A :class:`Rig` whose platform the specification judges as it goes."""

    def __init__(self, factory: PlatformFactory | None = None, seed: int = 7) -> None:
        self.out = WatchedRecorder()
        factory = factory or ReferenceFactory()
        inner = factory.create(Setup(self.out, seed, EPOCH))
        self.spec = Specification(inner.declaration(), EPOCH)
        self.observed: list[Observation] = []
        self.platform = Watched(inner, self.out, self._observe)

    def _observe(self, observation: Observation) -> None:
        self.observed.append(observation)
        self.spec.observe(observation)

    def finish(self, wait: timedelta = timedelta(minutes=2)) -> list[Violation]:
        """Let *wait* pass (what is owed must come) and return every violation found."""
        self.advance(wait)
        return self.spec.violations


def exchange(
    operation: str, request: object, reply: object = None, refusal: str | None = None, at: datetime = EPOCH
) -> Exchange:
    """A hand-made call and its answer (*refusal*: the code it was refused with)."""
    return Exchange(at, "twin", operation, request, reply, refusal)


def message(sent: Sms | Email | Push | TcuCommand | CarEvent) -> Message:
    return Message(sent.sent_at, sent)


def passed(at: datetime) -> TimePassed:
    return TimePassed(at)
