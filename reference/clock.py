"""The test clock: the platform's only source of *now*, and the timers that fall due on it.

Compare Stripe's test clocks: virtual time stands still until the rig advances it, and
advancing it runs, in due order, everything that fell due on the way.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(eq=False, slots=True)
class Timer:
    """A piece of work, *action*, that runs when the clock reaches *due*.

    A timer runs at most once; :meth:`cancel` keeps it from running at all.
    """

    due: datetime
    action: Callable[[], None]
    active: bool = True

    def cancel(self) -> None:
        """Keep this timer from running (harmless if it already ran)."""
        self.active = False


class TestClock:
    """Virtual time for one platform, starting at the timezone-aware *epoch*.

    The clock only moves when :meth:`advance` is called. Timers due at the same instant run in
    the order they were set.
    """

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, epoch: datetime) -> None:
        if epoch.tzinfo is None:
            raise ValueError("the test clock needs a timezone-aware epoch")
        self._now = epoch
        self._heap: list[tuple[datetime, int, Timer]] = []
        self._order = itertools.count()

    @property
    def now(self) -> datetime:
        """The current virtual time."""
        return self._now

    @property
    def next_due(self) -> datetime | None:
        """When the earliest timer that is still set falls due, or None if there is none."""
        self._drop_inactive()
        return self._heap[0][0] if self._heap else None

    def at(self, due: datetime, action: Callable[[], None]) -> Timer:
        """Set a timer that runs *action* when the clock reaches *due*."""
        timer = Timer(due, action)
        heapq.heappush(self._heap, (due, next(self._order), timer))
        return timer

    def after(self, delay: timedelta, action: Callable[[], None]) -> Timer:
        """Set a timer that runs *action* once *delay* has passed from now."""
        return self.at(self._now + delay, action)

    def advance(self, to: datetime) -> None:
        """Move the clock to *to*, running every timer due at or before it, in due order.

        While a timer runs, *now* is that timer's due time; afterwards *now* is *to*. Moving
        backwards is refused with :class:`ValueError`.
        """
        if to < self._now:
            raise ValueError(f"the clock cannot go back from {self._now.isoformat()} to {to.isoformat()}")
        while True:
            self._drop_inactive()
            if not self._heap or self._heap[0][0] > to:
                break
            due, _, timer = heapq.heappop(self._heap)
            self._now = max(due, self._now)
            timer.active = False
            timer.action()
        self._now = to

    def _drop_inactive(self) -> None:
        while self._heap and not self._heap[0][2].active:
            heapq.heappop(self._heap)
