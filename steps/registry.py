"""The step library: plain functions over a world, each with a phrase per language.

Steps are registered with :func:`given`, :func:`when` or :func:`then` and a phrase in English
(canonical), Danish and Norwegian, written in ``parse`` syntax with the types of
:mod:`steps.vocabulary`. Matching ignores the Gherkin keyword, so a QA engineer may use a
step after any of Given, When, Then, And or But. The runners (pytest-bdd, behave) bind this
one library; neither knows a step the other does not.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import parse

from core.features import relative
from core.results import Match, MatchArgument, Phrase
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

    @property
    def id(self) -> str:
        """The definition's id: its function's name and English phrase (one function may have
        several definitions, each with phrases of its own)."""
        return f"{self.name}: {self.phrases['en']}"

    def phrase(self, language: str) -> Phrase:
        """Its phrase in *language*, with where the step function is."""
        uri, line = _source(self.function)
        return Phrase(self.id, language, self.phrases[language], uri, line)

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


@functools.cache
def _source(function: StepFunction) -> tuple[str, int]:
    """Where *function* is written: its file (relative to the repository) and first line."""
    unwrapped = inspect.unwrap(function)
    return relative(Path(inspect.getsourcefile(unwrapped) or "")), inspect.getsourcelines(unwrapped)[1]


@dataclass(frozen=True, slots=True)
class StepMatch:
    """*definition* reads a step text in *language*, giving *arguments*."""

    definition: StepDefinition
    language: str
    arguments: dict[str, Any]

    def record(self, text: str) -> Match:
        """This match of *text* as the results record it: the phrase, and each argument where it
        is in *text*, with its parameter type."""
        phrase = self.definition.phrase(self.language)
        types = dict(_FIELD.findall(phrase.pattern))
        arguments = tuple(
            MatchArgument(name, text[start:end], start, types.get(name, ""))
            for name, start, end in self.definition.spans(text, self.language)
        )
        return Match(phrase, arguments)


_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
"""A field of a parse phrase: ``{name}`` or ``{name:Type}``."""


class StepLibrary:
    """Every step definition, and the matching of step texts against them."""

    def __init__(self) -> None:
        self._definitions: list[StepDefinition] = []
        self._readings: dict[str, list[StepMatch]] = {}
        self._index: WordIndex | None = None

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
            self._readings.clear()
            self._index = None
            return function

        return register

    def readings(self, text: str) -> list[StepMatch]:
        """Every definition that reads *text*, each in the first language it reads it in: none
        (undefined), one, or more (ambiguous). Cached: the runners and the records share one matching."""
        if text not in self._readings:
            if self._index is None:
                self._index = WordIndex(self._definitions)
            self._readings[text] = [
                StepMatch(definition, *parsed)
                for definition in self._index.candidates(text)
                if (parsed := definition.parse(text)) is not None
            ]
        return self._readings[text]

    def match(self, text: str) -> StepMatch | None:
        """The one definition that reads *text*; an :class:`AmbiguousStep` if more than one does."""
        found = self.readings(text)
        if len(found) > 1:
            names = ", ".join(match.definition.name for match in found)
            raise AmbiguousStep(f"ambiguous step {text!r}: read by {names}")
        return found[0] if found else None

    def phrases(self) -> list[Phrase]:
        """Every phrase of every definition, in the order they were defined."""
        return [definition.phrase(language) for definition in self._definitions for language in definition.phrases]

    def nearest(self, text: str, count: int = 3) -> list[str]:
        """The defined phrases most like *text*, to suggest when *text* matches none."""
        readable = {_readable(phrase) for definition in self._definitions for phrase in definition.phrases.values()}
        return difflib.get_close_matches(text, list(readable), n=count, cutoff=0.0)


class WordIndex:
    """Which definitions may read a text, by the words of their phrases.

    Each phrase (a definition's, in one language) is indexed under its *key word*: of the
    whole words of its plain text (not touching a field), the one fewest phrases share. A text
    can only be read by a phrase whose key word it has, so a text is parsed only by the
    definitions with a phrase keyed by one of its words, and by those with a phrase that has
    no whole word of plain text. Words are compared lower-cased: parse ignores case.
    """

    def __init__(self, definitions: list[StepDefinition]) -> None:
        self.definitions = definitions
        words = {
            (index, language): plain_words(phrase)
            for index, definition in enumerate(definitions)
            for language, phrase in definition.phrases.items()
        }
        shared = Counter(word for found in words.values() for word in found)
        self.keyed: dict[str, set[int]] = {}
        self.unkeyed: set[int] = set()
        for (index, _), found in words.items():
            if found:
                self.keyed.setdefault(min(found, key=lambda word: (shared[word], word)), set()).add(index)
            else:
                self.unkeyed.add(index)

    def candidates(self, text: str) -> list[StepDefinition]:
        """The definitions that may read *text*, in the order they were defined."""
        chosen = set(self.unkeyed)
        for word in set(text.lower().split(" ")):
            chosen |= self.keyed.get(word, set())
        return [self.definitions[index] for index in sorted(chosen)]


def plain_words(phrase: str) -> set[str]:
    """The whole words of *phrase*'s plain text, lower-cased: between spaces, or at the phrase's
    start or end, never touching a field (none for a phrase with escaped braces)."""
    if "{{" in phrase or "}}" in phrase:
        return set()
    found: set[str] = set()
    parts = _ANY_FIELD.split(phrase.lower())
    for number, part in enumerate(parts):
        words = part.split(" ")
        first = 0 if number == 0 else 1  # a part after a field starts mid-word unless it starts with a space
        last = len(words) if number == len(parts) - 1 else len(words) - 1
        found.update(word for word in words[first:last] if word)
    return found


_ANY_FIELD = re.compile(r"\{[^{}]*\}")


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
