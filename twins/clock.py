"""The virtual clock: the SimPy environment's time seen as calendar time.

SimPy counts seconds from 0. Platforms read calendar time; a scenario starts at *epoch*.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import simpy

EPOCH = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class VirtualClock:
    """Converts between the SimPy environment's seconds and calendar time."""

    def __init__(self, env: simpy.Environment, epoch: datetime = EPOCH) -> None:
        self.env = env
        self.epoch = epoch

    def now(self) -> datetime:
        return self.at(self.env.now)

    def at(self, seconds: float) -> datetime:
        return self.epoch + timedelta(seconds=seconds)

    def seconds(self, moment: datetime) -> float:
        return (moment - self.epoch).total_seconds()

    def run_until(self, seconds: float) -> None:
        """Run the world up to *seconds*, including everything that falls due at that instant.

        ``env.run(until=T)`` stops before the events scheduled exactly at T; a step that waits
        72 hours must also see what falls due at 72 hours, so those are processed here too.
        """
        if seconds > self.env.now:
            self.env.run(until=seconds)
        while self.env.peek() <= seconds:
            self.env.step()
