"""Binds the step library to behave: one behave step matcher per library definition.

As with pytest-bdd, matching is the library's own (one cache, one ambiguity check), so behave
reads exactly the steps pytest-bdd reads, in every language. The behave hooks that build a world
per scenario and give it a verdict are in :mod:`twinrig.behave_hooks`.
"""

from __future__ import annotations

from typing import Any

from behave.matchers import Match, Matcher, get_step_matcher_factory
from behave.model_type import Argument

from steps.registry import LIBRARY, StepDefinition


class LibraryMatcher(Matcher):  # type: ignore[misc]
    """A behave matcher for the library definition named *pattern*: it matches what that
    definition reads, per the library, and runs it on the scenario's world."""

    NAME = "twinrig"

    def __init__(self, func: Any, pattern: str, step_type: str | None = None) -> None:
        super().__init__(func, pattern, step_type)
        self.definition = DEFINITIONS[pattern]
        self._location = Match.make_location(func)  # where the library function is, not run()
        self.func = self.run

    def run(self, context: Any, **arguments: Any) -> None:
        self.definition.function(context.world, **arguments)

    def compile(self) -> LibraryMatcher:
        return self

    def check_match(self, step_text: str) -> list[Argument] | None:
        found = LIBRARY.match(step_text)
        if found is None or found.definition is not self.definition:
            return None
        return [Argument(0, 0, str(value), value, name) for name, value in found.arguments.items()]


def pattern_of(definition: StepDefinition) -> str:
    """The name behave knows a definition by: its id, unique though a function may have several phrases."""
    return definition.id


DEFINITIONS = {pattern_of(definition): definition for definition in LIBRARY}


def bind(step: Any) -> None:
    """Register every library step with behave through its *step* decorator (any keyword)."""
    factory = get_step_matcher_factory()
    factory.register_step_matcher_class(LibraryMatcher.NAME, LibraryMatcher, override=True)
    factory.use_step_matcher(LibraryMatcher.NAME)
    try:
        for definition in LIBRARY:
            step(pattern_of(definition))(definition.function)
    finally:
        factory.use_default_step_matcher()
