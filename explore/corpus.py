"""The suite's scenarios as exploration's first examples, and as the starts it builds on.

A fuzzer starts from a corpus of inputs that already reach deep into the program; exploration
starts from the hand-written scenarios: each one's steps, read as library steps, are a sequence
that reaches a situation of the manuals (a car bound, a forced unbinding under way, a contract
renewed) which random drawing would seldom reach. Exploration plays each of them judged by the
specification alone (a scenario's own Then checks may fail without counting: only a rule of
the manuals broken is a finding), then uses their Given and When steps as the starting point of
examples that go on with drawn actions.

A scenario's steps are :class:`explore.actions.Step` values whose fields are phrases in every
language (a person, a car, a market and a duration are translated; a code, a PIN or a name is
written alike), so a finding made from one is written in any language like any other.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from contract import CapabilityDeclaration
from contract.values import declared_as
from core.features import FEATURES, feature_files, load, relative
from core.seeds import scenario_name, scenario_seed
from explore import vocabulary
from explore.actions import Action, Step
from explore.vocabulary import Phrase, same
from steps.declared import clock_jumps_beyond
from steps.faults import clock_jumps
from steps.registry import LIBRARY, StepDefinition
from steps.vocabulary import (
    CARS,
    CLIENTS,
    DECLARED,
    IDENTIFIERS,
    LANGUAGES,
    MARKETS,
    MESSAGES,
    PHONES,
    ROLES,
)

_WORDS: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "User": ROLES,
    "Car": CARS,
    "Market": MARKETS,
    "PhoneOf": PHONES,
    "Identifier": IDENTIFIERS,
    "Message": MESSAGES,
    "Client": CLIENTS,
    "Declared": DECLARED,
}
"""The field types whose words differ by language: their value is found, then written in each."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A hand-written scenario as exploration plays it: where it is (*feature*, *name*), its
    *brand*, the *seed* its world is cast from in a run with the exploration's seed, and its
    *steps*; *opening* is how many of them are Given and When steps (the rest check)."""

    feature: str
    name: str
    brand: str
    seed: int
    steps: tuple[Step, ...]
    opening: int

    @property
    def start(self) -> tuple[Step, ...]:
        """The steps that build the scenario's situation and act in it, without its checks."""
        return self.steps[: self.opening]

    def stretched(self) -> Scenario | None:
        """The scenario with the values the manuals leave open pushed past every bound: each time
        that passes longer than every open bound (:data:`LONGEST`), each count of tries the largest (None: it has
        neither). A fault that the scenario's own numbers cannot show (a code that never expires,
        a lock that never comes) shows here, whatever number the platform chose."""
        steps = tuple(_stretched(step) for step in self.steps)
        if steps == self.steps:
            return None
        return dataclasses.replace(self, name=f"{self.name} (stretched)", steps=steps)


def scenarios(
    declaration: CapabilityDeclaration, brands: Sequence[str], seed: int, root: Path = FEATURES
) -> tuple[Scenario, ...]:
    """The suite's scenarios of *brands* that *declaration* claims, in an order drawn from *seed*."""
    found: list[Scenario] = []
    for path in feature_files(root):
        feature = load(path)
        if feature.problems:
            continue
        for spec in feature.scenarios:
            brand = next((tag.removeprefix("brand:") for tag in spec.tags if tag.startswith("brand:")), "ismart")
            claimed = (
                declaration.claims_brand(brand)
                and all(
                    declaration.claims_feature(tag.removeprefix("capability:"))
                    for tag in spec.tags
                    if tag.startswith("capability:")
                )
                and all(
                    declared_as(declaration.values, tag.removeprefix("declared:")) is None
                    for tag in spec.tags
                    if tag.startswith("declared:")
                )
            )
            if brand not in brands or not claimed:
                continue
            lines, count = list(spec.texts()), len(spec.background) + len(spec.steps)
            for number, row in enumerate(spec.examples or ({},)):
                name = scenario_name(spec.name, row.values())
                played = _steps(line.text for line in lines[number * count : (number + 1) * count])
                if played is None:
                    continue
                where = relative(path)
                found.append(
                    Scenario(where, name, brand, scenario_seed(seed, where, name, spec.tags), played, _opening(played))
                )
    random.Random(f"corpus:{seed}").shuffle(found)
    return tuple(found)


LONGEST = next(d for d in vocabulary.DURATIONS if d.key == "73 hours")
"""Past every bound of the manuals' open times (a code's life, a time-out) and the 72 hours."""
MOST = vocabulary.WRONG_TRIES[-1]
_TIME_PASSES = frozenset(
    {
        "{duration:Duration} pass",
        "{duration:Duration} passes",
        "{car:Car} drives into a dead zone for {duration:Duration} while the next command is on its way",
    }
)


def _stretched(step: Step) -> Step:
    action = step.action
    fixed = dict(action.fixed)
    if action.phrase in _TIME_PASSES:
        fixed["duration"] = LONGEST
    if "{count:d} times" in action.phrase:
        fixed["count"] = MOST
    if fixed == dict(action.fixed):
        return step
    return Step(dataclasses.replace(action, fixed=fixed), step.values)


def _opening(steps: tuple[Step, ...]) -> int:
    kinds = [step.action.definition.kind for step in steps]
    return next((number for number, kind in enumerate(kinds) if kind == "then"), len(kinds))


UNJUDGED = frozenset({clock_jumps, clock_jumps_beyond})
"""Steps the specification cannot judge after: a platform whose own clock jumps counts its
deadlines from another time than the world's (the scenarios that take them are left out)."""


def _steps(texts: Iterable[str]) -> tuple[Step, ...] | None:
    steps = []
    for text in texts:
        step = read(text)
        if step is None or step.action.definition.function in UNJUDGED:
            return None
        steps.append(step)
    return tuple(steps)


def read(text: str) -> Step | None:
    """*text* (in any language) as a step whose fields are phrases in every language; None when
    no step of the library reads it."""
    match = LIBRARY.match(text)
    if match is None:
        return None
    definition = match.definition
    values = {
        name: _phrase(definition, name, text[start:end], match.language)
        for name, start, end in definition.spans(text, match.language)
    }
    action = Action(definition.phrases["en"], fixed=values, setup=definition.kind == "given")
    return Step(action, {})


def _phrase(definition: StepDefinition, name: str, word: str, language: str) -> Phrase:
    kind = _field_type(definition.phrases[language], name)
    words = _WORDS.get(kind)
    if words is not None and word in words[language]:
        value = words[language][word]
        inverse = {other: {v: w for w, v in words[other].items()} for other in LANGUAGES}
        return Phrase(value, {other: inverse[other].get(value, word) for other in LANGUAGES})
    known = _KNOWN.get((language, word)) if kind in _PHRASED else None
    return known or same(word)


def _field_type(phrase: str, name: str) -> str:
    start = phrase.find("{" + name)
    body = phrase[start + 1 : phrase.find("}", start)]
    return body.partition(":")[2]


def _known() -> dict[tuple[str, str], Phrase]:
    known: dict[tuple[str, str], Phrase] = {}
    for value in vars(vocabulary).values():
        if isinstance(value, tuple) and value and all(isinstance(item, Phrase) for item in value):
            for item in value:
                for language, text in item.texts.items():
                    known.setdefault((language, text), item)
    return known


_KNOWN = _known()
"""Every phrase exploration's vocabulary knows (durations, commands, entries), by its words."""
_PHRASED = frozenset({"Duration", "Command", "Entry", "VehicleId", "Service"})
"""The field types whose words are translated by exploration's vocabulary."""


def digest(scenarios: Iterable[Scenario]) -> str:
    """A digest of the scenarios and their order (one seed, one corpus)."""
    sha = hashlib.sha256()
    for scenario in scenarios:
        sha.update(f"{scenario.feature}::{scenario.name}\n".encode())
    return sha.hexdigest()
