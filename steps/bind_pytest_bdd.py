"""Binds the step library to pytest-bdd: one pytest-bdd step per library definition.

Each definition gets a parser that asks the library, so matching (and its cache, and the
ambiguity check) is the library's, and pytest-bdd sees exactly the steps behave sees.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, step

from steps.registry import LIBRARY, StepDefinition


class LibraryParser(parsers.StepParser):
    """A pytest-bdd parser that matches what *definition* reads, per the library."""

    def __init__(self, definition: StepDefinition) -> None:
        super().__init__(definition.name)
        self.definition = definition

    def is_matching(self, name: str) -> bool:
        found = LIBRARY.match(name)
        return found is not None and found.definition is self.definition

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        found = LIBRARY.match(name)
        return None if found is None else dict(found.arguments)


def bind(stacklevel: int = 1) -> None:
    """Register every library step as a pytest-bdd step in the calling module (a conftest)."""
    for definition in LIBRARY:
        step(LibraryParser(definition), stacklevel=stacklevel + 1)(definition.function)
