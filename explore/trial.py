"""One explored example: a fresh world, the steps taken in it, and the judgement after each.

After every step the specification judges every new exchange and message (and the time that
passed); the world's invariant monitor has already judged them as they happened. A violation,
a breach or a breakdown is a :class:`Finding`. A step that cannot be taken in this situation
(it needs a code nobody sent, a Given the platform refused and the manuals allow it to refuse)
makes the example *unusable*: exploration drops it and draws another.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract import CapabilityDeclaration, PlatformFactory
from core.verdicts import PlatformBreakdown, RigError
from explore.actions import Step
from spec import TimePassed, Violation
from steps.judgement import observations, specification
from steps.registry import LIBRARY
from twins.invariants import InvariantBreach
from twins.world import World


@dataclass(frozen=True, slots=True)
class Finding:
    """The platform broke *requirement* at step *at* (0-based) of *steps*: *message* says how.

    *kind* is ``violation`` (the specification), ``invariant`` (the invariant monitor) or
    ``breakdown`` (the platform broke down: an *error*).
    """

    kind: str
    requirement: str
    message: str
    steps: tuple[Step, ...]
    at: int
    violation: Violation | None = None
    seed: int = 0
    """The seed the example's world was cast from (its feature's ``@seed:N``)."""
    checks: tuple[Step, ...] = ()
    """Plain steps that fail right after the step at *at*, for a reader (:mod:`explore.readable`)."""


class Unusable(Exception):
    """The step cannot be taken in the example's situation: the example is dropped."""


class Trial:
    """The world of one example, around a fresh platform from *factory*, cast from *seed*."""

    def __init__(
        self, factory: PlatformFactory, brand: str, seed: int, declaration: CapabilityDeclaration | None = None
    ) -> None:
        self.world = World(factory, seed, brand=brand, declaration=declaration)
        self.seed = seed
        self.steps: list[Step] = []
        self._judge = specification(self.world)
        self._seen = 0

    def state(self) -> tuple[object, ...]:
        """The specification's abstract summary of where the example stands."""
        return self._judge.state()

    def take(self, step: Step) -> Finding | None:
        """Take *step*; the finding it brings, if any. :class:`Unusable` if it cannot be taken."""
        self.steps.append(step)
        match = LIBRARY.match(step.text())
        if match is None:
            raise RigError(f"no step reads {step.text()!r}")
        failure: BaseException | None = None
        try:
            match.definition.function(self.world, **match.arguments)
        except (InvariantBreach, PlatformBreakdown) as judged:
            failure = judged
        except Exception as other:  # any other verdict of the step itself: judged below, by the manuals
            failure = other
        violation = self._judge_new()
        if violation is not None:
            return self._finding("violation", violation.requirement, violation.render(), violation)
        if isinstance(failure, InvariantBreach):
            return self._finding("invariant", _requirement_of(failure), str(failure))
        if isinstance(failure, PlatformBreakdown):
            return self._finding("breakdown", "", str(failure))
        if failure is not None:
            raise Unusable(str(failure)) from failure
        return None

    def _judge_new(self) -> Violation | None:
        entries = self.world.log.entries
        new, self._seen = entries[self._seen :], len(entries)
        found: list[Violation] = []
        for observation in observations(self.world, new):
            found += self._judge.observe(observation)
        found += self._judge.observe(TimePassed(self.world.clock.now()))
        return found[0] if found else None

    def _finding(self, kind: str, requirement: str, message: str, violation: Violation | None = None) -> Finding:
        return Finding(kind, requirement, message, tuple(self.steps), len(self.steps) - 1, violation, self.seed)


_INVARIANT_REQUIREMENTS = {
    "one bound user": "IS-USER-2",
    "binding ends only by a rule": "IS-USER-3",
    "only the user's commands reach the car": "D-SEC-1",
}


def _requirement_of(breach: InvariantBreach) -> str:
    return _INVARIANT_REQUIREMENTS.get(breach.breach.invariant, "")
