"""The test worlds a server hosts at once: each its own platform, behind its own lock.

A world is made by ``POST /test/worlds`` and named by an id nobody can guess; every call naming
it (the ``Twinrig-World`` header) runs on its platform alone, so worlds never see each other's
accounts, cars, dealers, messages or time, and calls to different worlds run at the same time.
At most *limit* worlds live at once; the ids of the latest ended ones are remembered, so a call
to one of them is told it ended (410) rather than that it never was (404).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from contract import Platform

REMEMBERED = 10_000
"""How many ended worlds' ids are remembered (for 410 instead of 404)."""


@dataclass(slots=True)
class Hosted:
    """One world: its *platform*, and the *lock* its calls take turns under."""

    platform: Platform
    lock: threading.Lock = field(default_factory=threading.Lock)


class Worlds:
    """The live worlds, by id: at most *limit* at once."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._live: dict[str, Hosted] = {}
        self._ended: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._live)

    def open(self, platform: Platform) -> str | None:
        """Host *platform* as a new world; its id, or None when *limit* worlds live already."""
        with self._lock:
            if len(self._live) >= self.limit:
                return None
            name = secrets.token_urlsafe(16)
            self._live[name] = Hosted(platform)
            return name

    def get(self, name: str) -> Hosted | None:
        """The live world *name*, if there is one."""
        return self._live.get(name)

    def ended(self, name: str) -> bool:
        """Whether *name* is a world that lived and ended (lately: the last :data:`REMEMBERED`)."""
        return name in self._ended

    def end(self, name: str) -> bool:
        """End the world *name*; whether it was live."""
        with self._lock:
            if self._live.pop(name, None) is None:
                return False
            self._ended[name] = None
            while len(self._ended) > REMEMBERED:
                self._ended.popitem(last=False)
            return True

    def live(self) -> list[Hosted]:
        """Every live world, as they are now."""
        with self._lock:
            return list(self._live.values())
