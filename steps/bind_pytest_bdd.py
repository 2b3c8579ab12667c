"""Binds the step library to pytest-bdd: one pytest-bdd step that plays every library step.

pytest-bdd looks a step up by trying every fixture a test can see, and each step definition is a
fixture: one pytest-bdd step per library definition made every step of every scenario scan some
two hundred of them. Here there is one, whose parser asks the library, so matching (its cache,
its ambiguity check, its "undefined step") is the library's, and pytest-bdd sees exactly the
steps behave sees; the step then plays the library definition that reads the text.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, step

from core.verdicts import UndefinedStep
from steps.registry import LIBRARY
from twins.world import World

TEXT = "twinrig_step_text"
"""The one argument the library's pytest-bdd step gets from its parser: the step's text."""


class LibraryParser(parsers.StepParser):
    """A pytest-bdd parser that matches every step text the library reads."""

    def __init__(self) -> None:
        super().__init__("a step of the twinrig step library")

    def is_matching(self, name: str) -> bool:
        return LIBRARY.match(name) is not None

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        return {TEXT: name}


def play(twinrig_step_text: str, world: World) -> None:
    """Play, on the scenario's *world*, the library definition that reads *twinrig_step_text*."""
    found = LIBRARY.match(twinrig_step_text)
    if found is None:  # pytest-bdd matched it through the same library: it cannot happen
        raise UndefinedStep(f"undefined step {twinrig_step_text!r}")
    found.definition.function(world, **found.arguments)


def bind(stacklevel: int = 1) -> None:
    """Register the library's one pytest-bdd step in the calling module (a conftest)."""
    step(LibraryParser(), stacklevel=stacklevel + 1)(play)
