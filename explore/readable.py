"""The readable check of a finding: the step a QA engineer would write where the platform went wrong.

A finding ends with "what the platform did follows the manuals", which judges everything; this
module looks for a plainer step to put right after the step that went wrong — "the new user is
refused with "already_bound"", "the head unit of the car accepts the credentials" — and keeps it
only if, played after the shrunk steps in a fresh world, it fails there too.
"""

from __future__ import annotations

from core.verdicts import RequirementViolation
from explore.actions import Action, Step
from explore.trial import Finding, Trial
from explore.vocabulary import CARS_OF_WORLD, PEOPLE, same
from spec import Exchange
from steps.registry import LIBRARY
from twins.world import World

_REFUSED = Action('{user:User} is refused with "{code:Code}"')
_NOT_REFUSED = Action("{user:User} is not refused")
_UNIT_REFUSES = Action('the head unit of {car:Car} refuses with "{code:Code}"')
_UNIT_ACCEPTS = Action("the head unit of {car:Car} accepts the credentials")


def candidates(finding: Finding, world: World) -> list[Step]:
    """The plain checks that would say what *finding*'s violation says, for its caller."""
    violation = finding.violation
    if violation is None or not isinstance(violation.observation, Exchange):
        return []
    caller, expected = violation.observation.caller, violation.expected
    code = expected.codes[0] if len(expected.codes) == 1 else ""
    checks: list[Step] = []
    for person in PEOPLE:
        phone = world.phones.get(person.key)
        if phone is not None and phone.name == caller:
            if expected.kind == "accepted":
                checks.append(Step(_NOT_REFUSED, {"user": person}))
            elif code:
                checks.append(Step(_REFUSED, {"user": person, "code": same(code)}))
    for car in CARS_OF_WORLD:
        vehicle = world.cars.get(car.key)
        if vehicle is not None and vehicle.head_unit.name == caller:
            if expected.kind == "accepted":
                checks.append(Step(_UNIT_ACCEPTS, {"car": car}))
            elif code:
                checks.append(Step(_UNIT_REFUSES, {"car": car, "code": same(code)}))
    return checks


def readable_checks(finding: Finding, trial: Trial) -> tuple[Step, ...]:
    """The candidates that fail when played in *trial* (a fresh world) after *finding*'s steps."""
    for step in finding.steps[: finding.at + 1]:
        try:
            trial.take(step)
        except Exception:  # the replay went elsewhere: no plain check can be vouched for
            return ()
    kept: list[Step] = []
    for check in candidates(finding, trial.world):
        match = LIBRARY.match(check.text())
        if match is None:
            continue
        try:
            match.definition.function(trial.world, **match.arguments)
        except RequirementViolation:
            kept.append(check)
        except Exception:  # a check that cannot judge here says nothing
            continue
    return tuple(kept)
