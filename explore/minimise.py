"""The last pass of shrinking: drop every step the finding does not need.

Hypothesis shrinks the sequence of choices it made, and a rule with a precondition (a casting
step) can keep a step alive that the finding does not need. This pass replays the finding
without one step at a time, in a fresh world each time, and keeps each removal after which the
same requirement still breaks, until no single step can go (a 1-minimal sequence).
"""

from __future__ import annotations

from collections.abc import Callable

from explore.actions import Step
from explore.trial import Finding, Trial, Unusable


def replay(steps: tuple[Step, ...], trial: Trial) -> Finding | None:
    """The first finding *steps* bring in *trial*, if any (None also when a step cannot be taken)."""
    for step in steps:
        try:
            finding = trial.take(step)
        except Unusable:
            return None
        if finding is not None:
            return finding
    return None


def minimise(finding: Finding, fresh: Callable[[], Trial]) -> Finding:
    """*finding* with every step it does not need removed; *fresh* makes a new example's trial."""
    best = finding
    changed = True
    while changed:
        changed = False
        steps = best.steps[: best.at + 1]
        for index in range(len(steps) - 1, -1, -1):
            shorter = steps[:index] + steps[index + 1 :]
            again = replay(shorter, fresh())
            if again is not None and again.requirement == best.requirement and again.kind == best.kind:
                best, changed = again, True
                break
    return best
