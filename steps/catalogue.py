"""The step catalogue: every step phrase in English, Danish and Norwegian, its parameters, and an
example that the library itself reads back — what a QA engineer writes scenarios from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from steps.registry import LIBRARY, StepDefinition
from steps.vocabulary import (
    CARS,
    CLIENTS,
    COMMANDS,
    CONDITIONS,
    DECLARED,
    ENTRY,
    IDENTIFIERS,
    LANGUAGES,
    MARKETS,
    MESSAGES,
    PHONES,
    PLACES,
    ROLES,
    SERVICES,
    VEHICLE_IDS,
    VIN_MISTAKES,
)

_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")

DURATIONS = {"en": "10 minutes", "da": "10 minutter", "no": "10 minutter"}
WORDS = {
    "Car": lambda language: list(CARS[language]),
    "User": lambda language: list(ROLES[language]),
    "Identifier": lambda language: list(IDENTIFIERS[language]),
    "Client": lambda language: list(CLIENTS[language]),
    "Channel": lambda language: ["SMS", {"en": "e-mail", "da": "e-mail", "no": "e-post"}[language]],
    "Service": lambda language: list(SERVICES),
    "Command": lambda language: list(COMMANDS),
    "VehicleId": lambda language: list(VEHICLE_IDS),
    "Entry": lambda language: list(ENTRY),
    "VinMistake": lambda language: list(VIN_MISTAKES),
    "Condition": lambda language: list(CONDITIONS),
    "Place": lambda language: list(PLACES),
    "Message": lambda language: list(MESSAGES[language]),
    "Market": lambda language: list(MARKETS[language]),
    "PhoneOf": lambda language: list(PHONES[language]),
    "Declared": lambda language: list(DECLARED[language]),
}
"""Every value a typed parameter takes, per language (the first is used in examples)."""

SAMPLES = {
    "Duration": DURATIONS,
    "Code": dict.fromkeys(LANGUAGES, "code_invalid"),
    "TimeOfDay": dict.fromkeys(LANGUAGES, "06:00"),
}
FREE_TEXT = {
    "app": "MG iSmart",
    "store": "Google Play",
    "publisher": "SAIC Motor international Co. Ltd",
    "button": "Send",
    "choice": "Agree",
    "state": "done",
    "reason": "no_coverage",
    "pin": "1234",
    "old": "1234",
    "new": "5678",
    "service": "connected services",
    "clock": "07:30",
    "document": "user agreement",
    "kind": "SMS",
    "address": "mg.europe@ismart-service.com",
    "item": "Feedback",
    "brand": "Renault",
}
NUMBERS = {"digits": "6", "count": "3", "radius": "10", "months": "12"}


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of a step: its *name*, its *kind* (a vocabulary, "number" or "text")."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One step of the catalogue: its *kind* (given, when, then), phrases and examples per language."""

    definition: StepDefinition
    phrases: dict[str, str]
    parameters: list[Parameter]
    examples: dict[str, str]

    @property
    def kind(self) -> str:
        return self.definition.kind


def readable(phrase: str) -> str:
    """*phrase* with each field shown as ``<name>``."""
    return _FIELD.sub(lambda match: f"<{match[1]}>", phrase)


def example(phrase: str, language: str) -> str:
    """*phrase* with every field filled with a sample value in *language*."""

    def sample(match: re.Match[str]) -> str:
        name, kind = match[1], match[2] or ""
        if kind in WORDS:
            return WORDS[kind](language)[0]
        if kind in SAMPLES:
            return SAMPLES[kind][language]
        if kind == "d":
            return NUMBERS.get(name, "2")
        return FREE_TEXT.get(name, "text")

    return _FIELD.sub(sample, phrase)


def parameters(phrase: str) -> list[Parameter]:
    kinds = {"d": "number", "": "text"}
    return [Parameter(name, kinds.get(kind or "", kind)) for name, kind in _FIELD.findall(phrase)]


def catalogue() -> list[Entry]:
    """Every step of the library, in the order the library defines them."""
    return [
        Entry(
            definition,
            {language: readable(phrase) for language, phrase in definition.phrases.items()},
            parameters(definition.phrases["en"]),
            {language: example(phrase, language) for language, phrase in definition.phrases.items()},
        )
        for definition in LIBRARY
    ]


def render(entries: list[Entry], languages: tuple[str, ...] = LANGUAGES) -> str:
    """The catalogue as text: one block per step, its phrases, parameters and examples."""
    keyword = {"given": "Given", "when": "When", "then": "Then"}
    blocks = []
    for entry in entries:
        lines = [f"{keyword[entry.kind]} {entry.phrases['en']}    ({entry.definition.name})"]
        lines += [f"  {language}: {entry.phrases[language]}" for language in languages if language != "en"]
        for parameter in entry.parameters:
            values = WORDS[parameter.kind]("en") if parameter.kind in WORDS else []
            shown = f": {', '.join(values[:8])}{', ...' if len(values) > 8 else ''}" if values else ""
            lines.append(f"  <{parameter.name}> {parameter.kind}{shown}")
        lines += [f"  example ({language}): {entry.examples[language]}" for language in languages]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
