"""The record of everything the twins observed of the platform, in order, as data.

The trace (:mod:`twins.trace`) is for people; the exchange log is for judges: every call a twin
made and its answer, every message the platform handed to the switchboard, every car and dealer
the rig provisioned, each with the virtual second it happened at. The executable specification
(:mod:`spec`) judges a world from this log alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import simpy

RIG = "rig"
"""The caller of the test side."""


@dataclass(frozen=True, slots=True)
class Call:
    """At virtual second *at*, *caller* called *operation* with *request* and got *outcome*
    (a reply, or a :class:`twins.connection.Refusal`)."""

    at: float
    caller: str
    operation: str
    request: object
    outcome: object


@dataclass(frozen=True, slots=True)
class Sent:
    """At virtual second *at*, the platform handed *message* to the switchboard."""

    at: float
    message: object


Entry = Call | Sent


class ExchangeLog:
    """Listens to a world's connection and switchboard and keeps every :data:`Entry` in *entries*."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.entries: list[Entry] = []

    def exchanged(self, caller: str, operation: str, request: object, outcome: object) -> None:
        self.entries.append(Call(self.env.now, caller, operation, request, outcome))

    def sent(self, message: object) -> None:
        self.entries.append(Sent(self.env.now, message))

    def provisioned(self, operation: str, request: object, outcome: object) -> None:
        """The rig's test side made *operation* (a car, a dealer) with *request*."""
        self.entries.append(Call(self.env.now, RIG, operation, request, outcome))
