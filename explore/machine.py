"""The exploration as a Hypothesis rule-based state machine: one rule per action of the catalogue.

Hypothesis draws which action comes next and the values of its fields, runs each example in a
fresh :class:`explore.trial.Trial`, and, when one fails, shrinks it to the shortest sequence that
still breaks the same requirement (each requirement is its own kind of failure, so shrinking one
never turns it into another). :class:`Log` keeps what the examples did: how many ran, how many
actions they took, the distinct abstract states they reached, and the shrunk finding.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from contract import CapabilityDeclaration, PlatformFactory
from explore.actions import Action, Step, settling
from explore.trial import Finding, Trial, Unusable
from explore.vocabulary import Phrase


class ExplorationFailure(AssertionError):
    """An example broke a requirement; its :class:`Finding` is the only argument."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding)

    @property
    def finding(self) -> Finding:
        finding: Finding = self.args[0]
        return finding

    def __str__(self) -> str:
        return self.finding.message


_FAILURES: dict[str, type[ExplorationFailure]] = {}


def failure_of(requirement: str) -> type[ExplorationFailure]:
    """The failure class of *requirement*: Hypothesis shrinks each class on its own."""
    name = "Breaks_" + (re.sub(r"\W", "_", requirement) or "nothing_named")
    if name not in _FAILURES:
        _FAILURES[name] = type(name, (ExplorationFailure,), {"__module__": __name__})
    return _FAILURES[name]


@dataclass(slots=True)
class Log:
    """What the examples of one exploration did."""

    examples: int = 0
    actions: int = 0
    unusable: int = 0
    states: set[tuple[object, ...]] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    sequence: Any = field(default_factory=hashlib.sha256)
    """A digest of every step every example took, in order: one seed, one digest."""

    def took(self, step: Step) -> None:
        self.actions += 1
        self.sequence.update(step.text().encode() + b"\n")

    def take(self, trial: Trial, step: Step) -> Finding | None:
        """Take *step* in *trial* and record it: the action, the state reached, the finding
        (:class:`Unusable` if it cannot be taken)."""
        self.took(step)
        finding = trial.take(step)
        self.states.add(trial.state())
        if finding is not None:
            self.findings.append(finding)
        return finding

    @property
    def last(self) -> Finding | None:
        """The last finding raised: once Hypothesis is done, the shrunk example's."""
        return self.findings[-1] if self.findings else None


@dataclass(frozen=True, slots=True)
class ExampleWorld:
    """What every example's world is made of: the platform *factory*, the *brand*, the cast's
    *seed*, and the vendor's *declaration* (None: ask the platform)."""

    factory: PlatformFactory
    brand: str
    seed: int
    declaration: CapabilityDeclaration | None = None


def machine(
    world: ExampleWorld, catalogue: Sequence[Action], log: Log, starts: Sequence[tuple[Step, ...]] = ()
) -> type[RuleBasedStateMachine]:
    """A state machine exploring *catalogue* in worlds made as *world* says, recording into *log*.

    With *starts* (the opening steps of the suite's scenarios, :mod:`explore.corpus`), an example
    may begin with the first steps of one of them and go on from the situation they reach.
    """

    class Exploration(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            log.examples += 1
            log.sequence.update(b"--\n")
            self.trial = Trial(world.factory, world.brand, world.seed, world.declaration)
            self.disabled: frozenset[int] = frozenset()
            self.ended = False

        @initialize(data=st.data())
        def swarm(self, data: st.DataObject) -> None:
            """Swarm testing: each example leaves out about half of the actions, so that the others
            are drawn often enough to reach deep situations (casting and time are never left out)."""
            optional = [number for number, action in enumerate(catalogue) if action.optional]
            dropped = data.draw(st.lists(st.booleans(), min_size=len(optional), max_size=len(optional)))
            self.disabled = frozenset(number for number, drop in zip(optional, dropped, strict=True) if drop)

        @initialize(data=st.data())
        def start(self, data: st.DataObject) -> None:
            """Begin where a scenario of the suite leads (or, shrunk to the first choice, from nothing)."""
            opening = data.draw(st.sampled_from(((), *starts)), label="start")
            for step in opening[: data.draw(st.integers(0, len(opening)), label="steps of the start")]:
                self.take_step(step)

        def take(self, action: Action, values: dict[str, Phrase]) -> None:
            self.take_step(Step(action, values))

        def take_step(self, step: Step) -> None:
            try:
                finding = log.take(self.trial, step)
            except Unusable:
                log.unusable += 1
                self.ended = True
                reject()
            if finding is not None:
                self.ended = True
                raise failure_of(finding.requirement)(finding)

        def teardown(self) -> None:
            """Let time pass at the end, so that what the platform still owes is judged too."""
            for step in () if self.ended else settling(self.trial.world):
                self.take_step(step)

    for number, action in enumerate(catalogue):
        taker = precondition(_possible(number, action))(_taker(action))
        for copy in range(action.weight):
            setattr(Exploration, f"act_{number}_{copy}", rule(data=st.data())(taker))
    Exploration.__name__ = Exploration.__qualname__ = f"Exploration_{world.brand}"
    return Exploration


def _possible(number: int, action: Action) -> Callable[[Any], bool]:
    """A precondition: the example takes action *number*, and a person could take it now."""
    return lambda machine: number not in machine.disabled and bool(action.choices(machine.trial.world))


def _taker(action: Action) -> Callable[..., None]:
    def take(self: Any, data: st.DataObject) -> None:
        values = data.draw(st.sampled_from(action.choices(self.trial.world)), label=action.name())
        self.take(action, values)

    take.__name__ = re.sub(r"\W+", "_", action.name()).strip("_")[:60]
    return take
