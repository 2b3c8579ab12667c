"""The step library: plain functions over a world, each with a phrase per language.

Steps are registered with :func:`given`, :func:`when` or :func:`then` and a phrase in English
(canonical), Danish and Norwegian, written in ``parse`` syntax with the types of
:mod:`steps.vocabulary`. Matching ignores the Gherkin keyword, so a QA engineer may use a
step after any of Given, When, Then, And or But. The runners (pytest-bdd, behave) bind this
one library; neither knows a step the other does not.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import parse

from core.verdicts import AmbiguousStep
from steps.vocabulary import LANGUAGES, types_for

StepFunction = Callable[..., None]


@dataclass(frozen=True, slots=True)
class StepDefinition:
    """One step: its *function*, its *kind* (given, when, then) and its phrase per language."""

    function: StepFunction
    kind: str
    phrases: Mapping[str, str]
    _parsers: Mapping[str, parse.Parser] = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__name__}"

    def parse(self, text: str) -> tuple[str, dict[str, Any]] | None:
        """The language and arguments of *text* if this step reads it, else None."""
        for language, parser in self._parsers.items():
            result = parser.parse(text)
            if result is not None:
                return language, dict(result.named)
        return None

    def spans(self, text: str, language: str) -> list[tuple[str, int, int]]:
        """Where the arguments of *text*, read in *language*, are: (name, start, end), in order."""
        result = self._parsers[language].parse(text)
        found = [(name, start, end) for name, (start, end) in result.spans.items()] if result else []
        return sorted(found, key=lambda argument: argument[1])


@dataclass(frozen=True, slots=True)
class StepMatch:
    """*definition* reads a step text in *language*, giving *arguments*."""

    definition: StepDefinition
    language: str
    arguments: dict[str, Any]


class StepLibrary:
    """Every step definition, and the matching of step texts against them."""

    def __init__(self) -> None:
        self._definitions: list[StepDefinition] = []
        self._matches: dict[str, StepMatch | None] = {}

    def __iter__(self) -> Iterator[StepDefinition]:
        return iter(self._definitions)

    def __len__(self) -> int:
        return len(self._definitions)

    def define(self, kind: str, *, en: str, da: str, no: str) -> Callable[[StepFunction], StepFunction]:
        """Register the decorated function as a step of *kind* with a phrase per language."""
        phrases = {"en": en, "da": da, "no": no}

        def register(function: StepFunction) -> StepFunction:
            parsers = {
                language: parse.compile(phrases[language], extra_types=types_for(language)) for language in LANGUAGES
            }
            self._definitions.append(StepDefinition(function, kind, phrases, parsers))
            self._matches.clear()
            return function

        return register

    def match(self, text: str) -> StepMatch | None:
        """The one definition that reads *text*; an :class:`AmbiguousStep` if more than one does."""
        if text not in self._matches:
            found = [
                (definition, parsed)
                for definition in self._definitions
                if (parsed := definition.parse(text)) is not None
            ]
            if len(found) > 1:
                names = ", ".join(definition.name for definition, _ in found)
                raise AmbiguousStep(f"ambiguous step {text!r}: read by {names}")
            self._matches[text] = StepMatch(found[0][0], *found[0][1]) if found else None
        return self._matches[text]

    def nearest(self, text: str, count: int = 3) -> list[str]:
        """The defined phrases most like *text*, to suggest when *text* matches none."""
        readable = {_readable(phrase) for definition in self._definitions for phrase in definition.phrases.values()}
        return difflib.get_close_matches(text, list(readable), n=count, cutoff=0.0)


def _readable(phrase: str) -> str:
    """*phrase* with each ``{name:Type}`` field shown as ``<name>``, for likeness and display."""
    return re.sub(r"\{(\w+)(?::\w+)?\}", r"<\1>", phrase)


LIBRARY = StepLibrary()


def _kind(kind: str) -> Callable[..., Callable[[StepFunction], StepFunction]]:
    def decorator(*, en: str, da: str, no: str) -> Callable[[StepFunction], StepFunction]:
        return LIBRARY.define(kind, en=en, da=da, no=no)

    decorator.__name__ = kind
    return decorator


given = _kind("given")
when = _kind("when")
then = _kind("then")
