"""The executable specification: the manuals' rules as a small abstract model, and the judge.

:class:`Specification` follows what the twins observe of a platform (every call and its answer,
every message the platform sends, time passing) and says, for each observation, whether the
manuals allow it; a :class:`Violation` names the requirement it breaks. It is written from
``requirements.md`` and the two manuals, imports :mod:`contract` only, and never reads a
platform's internals, so it judges the reference platform and anyone else's alike.
"""

from __future__ import annotations

from spec.bounds import DEFAULT_BOUNDS, Bounds
from spec.observations import Exchange, Message, Observation, TimePassed
from spec.specification import Specification
from spec.violations import Expectation, Violation

__all__ = [
    "DEFAULT_BOUNDS",
    "Bounds",
    "Exchange",
    "Expectation",
    "Message",
    "Observation",
    "Specification",
    "TimePassed",
    "Violation",
]
