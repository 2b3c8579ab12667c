"""Fault models: what real carriers do to the platform's messages, as delivery policies.

Each policy wraps the gateway's own policy (*then*) and changes only the next message: it is
lost (:class:`LoseNext`), late (:class:`DelayNext`), arrives twice
(:class:`DuplicateNext`), is overtaken by the one after it (:class:`OvertakenNext`), or the
car drives into a dead zone while it is on its way (:class:`DeadZoneOnNext`). After that one
message the gateway delivers as before. Every draw comes from a stream of the world's seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import simpy

from twins.gateways import DeliveryPolicy


class OneShot:
    """A policy that treats the next message its own way, then delivers as *then* does."""

    def __init__(self, then: DeliveryPolicy) -> None:
        self.then = then
        self.spent = False

    def delays(self) -> list[float]:
        if self.spent:
            return self.then.delays()
        self.spent = True
        return self.first(self.then.delays())

    def first(self, delays: list[float]) -> list[float]:
        """The delays of the next message, given those *then* drew for it."""
        return delays


class LoseNext(OneShot):
    """The next message is lost: a lost SMS, e-mail or push."""

    def first(self, delays: list[float]) -> list[float]:
        return []


class DelayNext(OneShot):
    """The next message arrives *extra* seconds later than it would have: a late SMS, e-mail or push."""

    def __init__(self, then: DeliveryPolicy, extra: float) -> None:
        super().__init__(then)
        self.extra = extra

    def first(self, delays: list[float]) -> list[float]:
        return [delay + self.extra for delay in delays]


class DuplicateNext(OneShot):
    """The next message arrives twice: the copy a *gap* (seconds, drawn from *rng*) after it."""

    def __init__(self, then: DeliveryPolicy, rng: random.Random, gap: tuple[float, float] = (0.5, 3.0)) -> None:
        super().__init__(then)
        self.rng = rng
        self.gap = gap

    def first(self, delays: list[float]) -> list[float]:
        """A copy after the last delivery; nothing to copy when a fault before this one lost the message."""
        if not delays:
            return delays
        return [*delays, delays[-1] + round(self.rng.uniform(*self.gap), 3)]


class OvertakenNext(DelayNext):
    """The next message is held back for *hold* seconds (drawn from *rng*): one sent within
    that time overtakes it, and the two arrive in reverse order."""

    def __init__(self, then: DeliveryPolicy, rng: random.Random, hold: tuple[float, float] = (180.0, 300.0)) -> None:
        super().__init__(then, round(rng.uniform(*hold), 3))


class DeadZoneOnNext(OneShot):
    """Half-way through the next message's journey the recipient loses its network: *enter*
    is called then (for a car: it drives into a dead zone, and the message is lost)."""

    def __init__(self, env: simpy.Environment, then: DeliveryPolicy, enter: Callable[[], None]) -> None:
        super().__init__(then)
        self.env = env
        self.enter = enter

    def first(self, delays: list[float]) -> list[float]:
        self.env.process(self._enter_after(min(delays, default=0.0) / 2))
        return delays

    def _enter_after(self, seconds: float) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(seconds)
        self.enter()
