"""Gateways: SMS, e-mail and push carriers, and the data link to the cars.

A gateway takes a message from the platform and hands it to its recipient after a delay drawn
from a seeded stream. How many copies arrive, and when, is a :class:`DeliveryPolicy`: the
default delivers each message once; the fault models of :mod:`twins.faults` swap in loss,
duplication, delay or a dead zone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import simpy

from twins.trace import Trace

PLATFORM = "platform"


class DeliveryPolicy(Protocol):
    """Decides the delays after which copies of a message arrive ([] means it is lost)."""

    def delays(self) -> list[float]: ...


class SeededLatency:
    """Every message arrives once, after a delay drawn uniformly from [*low*, *high*] seconds."""

    def __init__(self, rng: random.Random, low: float, high: float) -> None:
        self.rng = rng
        self.low = low
        self.high = high

    def delays(self) -> list[float]:
        return [round(self.rng.uniform(self.low, self.high), 3)]


def _always() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Recipient[Message]:
    """Where a gateway hands a message: a twin's *name* and the method that *accept*s it.

    A message that arrives while the recipient is not *reachable* (a car in a dead zone) is lost.
    """

    name: str
    accept: Callable[[Message], None]
    reachable: Callable[[], bool] = _always


class Gateway[Message]:
    """Carries one kind of message (*name*: "SMS gateway", ...) from the platform to twins."""

    def __init__(self, env: simpy.Environment, name: str, trace: Trace, policy: DeliveryPolicy) -> None:
        self.env = env
        self.name = name
        self.trace = trace
        self.policy = policy
        self.own_policy = policy

    @property
    def faulted(self) -> bool:
        """True once a fault model has been swapped in (:mod:`twins.faults`): from then on a
        message may be lost or late by the rig's choice, not the platform's."""
        return self.policy is not self.own_policy

    def carry(self, message: Message, label: str, recipient: Recipient[Message] | None) -> None:
        """Take *message* from the platform and deliver it to *recipient* (None: nobody there)."""
        self.trace.record(self.env.now, PLATFORM, self.name, label)
        if recipient is None:
            self.trace.record(self.env.now, self.name, PLATFORM, f"undeliverable: {label}")
            return
        for delay in self.policy.delays():
            self.env.process(self._deliver(delay, message, label, recipient))

    def _deliver(
        self, delay: float, message: Message, label: str, recipient: Recipient[Message]
    ) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(delay)
        self._hand(message, label, recipient)

    def _hand(self, message: Message, label: str, recipient: Recipient[Message]) -> None:
        if not recipient.reachable():
            self.trace.record(self.env.now, self.name, recipient.name, f"lost, out of reach: {label}")
            return
        self.trace.record(self.env.now, self.name, recipient.name, label)
        recipient.accept(message)


class CarLink[Message](Gateway[Message]):
    """The cellular data link to a car: it accepts a message only while the TCU is *online*.

    The link to one car is one ordered stream (the TCU's session with the platform): messages
    reach a car in the order the platform sent them, and one drawn to arrive sooner waits for
    the one sent before it. A platform that sends "logged in" and then "bound" in the same
    instant is seen by the head unit in that order.
    """

    def __init__(self, env: simpy.Environment, name: str, trace: Trace, policy: DeliveryPolicy) -> None:
        super().__init__(env, name, trace, policy)
        self._handed: dict[str, simpy.Event] = {}

    def _deliver(
        self, delay: float, message: Message, label: str, recipient: Recipient[Message]
    ) -> simpy.events.ProcessGenerator:
        before = self._handed.get(recipient.name)
        handed = self._handed[recipient.name] = self.env.event()
        yield self.env.timeout(delay)
        if before is not None and not before.processed:
            yield before
        self._hand(message, label, recipient)
        handed.succeed()

    def offer(self, message: Message, label: str, recipient: Recipient[Message], online: bool) -> bool:
        """Deliver *message* if the car is *online*; report whether the carrier accepted it."""
        if not online:
            self.trace.record(self.env.now, PLATFORM, self.name, label)
            self.trace.record(self.env.now, self.name, PLATFORM, f"not connected: {recipient.name}")
            return False
        self.carry(message, label, recipient)
        return True
