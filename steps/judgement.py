"""Judging a world by the executable specification: what the platform did, against the manuals.

:func:`observations` turns a world's exchange log (:mod:`twins.exchange_log`) into the
specification's observations; :func:`violations` plays them through a fresh
:class:`spec.Specification`. The step "what the platform did follows the manuals" fails on the
first violation, naming its requirement: shrunk exploration failures end with it, and a QA
engineer may end any scenario with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from core.verdicts import Inconclusive, RequirementViolation, expect
from spec import Exchange, Message, Observation, Specification, TimePassed, Violation
from spec.observations import RIG
from steps.registry import given, then
from steps.support import last_client
from twins.connection import PLATFORM, Refusal
from twins.exchange_log import Call, Entry, Sent
from twins.world import World


def observations(world: World, entries: list[Entry] | None = None) -> Iterator[Observation]:
    """The specification's view of *entries* (default: the world's whole log), in order.

    The platform hands a message to the switchboard while the call that caused it runs, before
    that call's answer is heard; so each message is observed just after the call it came with.
    An advance of the platform's clock is time passing.
    """
    at = world.clock.at
    held: list[Sent] = []
    for entry in world.log.entries if entries is None else entries:
        if isinstance(entry, Sent):
            held.append(entry)
            continue
        if entry.caller == PLATFORM and entry.operation == "advance_clock":
            yield TimePassed(getattr(entry.request, "to", at(entry.at)))
        else:
            yield _exchange(entry, at(entry.at))
        for sent in held:
            yield Message(at(sent.at), sent.message)  # type: ignore[arg-type]
        held.clear()
    for sent in held:
        yield Message(at(sent.at), sent.message)  # type: ignore[arg-type]


def _exchange(call: Call, at: object) -> Exchange:
    outcome = call.outcome
    caller = RIG if call.caller == RIG else call.caller
    if isinstance(outcome, Refusal):
        return Exchange(at, caller, call.operation, call.request, None, outcome.code)  # type: ignore[arg-type]
    return Exchange(at, caller, call.operation, call.request, outcome)  # type: ignore[arg-type]


def specification(world: World) -> Specification:
    """A fresh specification of *world*'s declaration, from the world's start."""
    return Specification(world.declaration, world.clock.at(0.0))


def violations(world: World) -> list[Violation]:
    """Every violation of the manuals in what *world* observed so far."""
    judge = specification(world)
    for observation in observations(world):
        judge.observe(observation)
    judge.observe(TimePassed(world.clock.now()))
    return judge.violations


def outcome(world: World, error: BaseException | None) -> BaseException | None:
    """How a scenario judged by the manuals ends: one that passed, or was inconclusive, fails on
    the first violation of the manuals in what the world observed."""
    if error is None or isinstance(error, Inconclusive):
        found = violations(world)
        if found:
            return RequirementViolation(_summary(found), _requirements(found))
    return error


def _requirements(found: list[Violation]) -> list[str]:
    """The requirements *found* breaks, each once, in the order they broke."""
    return list(dict.fromkeys(violation.requirement for violation in found))


def _summary(found: list[Violation]) -> str:
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return found[0].render() + more


@given(
    en="the manuals judge every answer of the platform",
    da="vejledningen bedømmer hvert svar fra platformen",
    no="brukerhåndboken bedømmer hvert svar fra plattformen",
)
def judged_by_the_manuals(world: World) -> None:
    """From here the scenario also fails on any violation of the executable specification,
    found when it ends, even if a later step was inconclusive."""
    if not any(isinstance(judge, partial) and judge.func is outcome for judge in world.judges):
        world.judges.append(partial(outcome, world))


@then(
    en="what the platform did follows the manuals",
    da="det platformen gjorde følger vejledningen",
    no="det plattformen gjorde følger brukerhåndboken",
)
def follows_the_manuals(world: World) -> None:
    found = violations(world)
    if found:
        raise RequirementViolation(_summary(found), _requirements(found))


@then(
    en="{user:User} is not refused",
    da="{user:User} får ingen afvisning",
    no="{user:User} får ingen avvisning",
)
def is_not_refused(world: World, user: str) -> None:
    client = last_client(world, user)
    screen = client.screen
    expect(not screen.error, f'{client.identity.name} of the {user} user shows {screen.error!r} on "{screen.name}"')


@then(
    en="{user:User} is refused",
    da="{user:User} får en afvisning",
    no="{user:User} får en avvisning",
)
def is_refused_somehow(world: World, user: str) -> None:
    """Refused, with whichever code: for a call where the manuals give more than one reason to refuse."""
    client = last_client(world, user)
    expect(
        bool(client.screen.error),
        f'{client.identity.name} of the {user} user refused nothing on "{client.screen.name}"',
    )
