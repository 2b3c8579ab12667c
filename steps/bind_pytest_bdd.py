"""Binds the step library to pytest-bdd: one pytest-bdd step that plays every library step.

pytest-bdd looks a step up by trying every fixture a test can see, and each step definition is a
fixture: one pytest-bdd step per library definition made every step of every scenario scan some
two hundred of them. Here there is one, whose parser asks the library, so matching (its cache,
its ambiguity check, its "undefined step") is the library's, and pytest-bdd sees exactly the
steps behave sees; the step then plays the library definition that reads the text.

Even one step costs pytest-bdd a scan of every fixture name the test sees, for every step (to
find the step definitions among them). :func:`bind` therefore also puts a lookup in front of
pytest-bdd's (``pytest_bdd.scenario.get_step_function``): a text the library reads gets the
library's step at once; any other text goes to pytest-bdd's own lookup, so that an undefined
step fails exactly as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import parsers, step
from pytest_bdd.parser import Step
from pytest_bdd.steps import StepFunctionContext

from core.verdicts import UndefinedStep
from steps.registry import LIBRARY
from twins.world import World

SCENARIO: Any = importlib.import_module("pytest_bdd.scenario")
"""pytest-bdd's module that plays a scenario (``pytest_bdd.scenario`` is also a function's name)."""
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


PARSER = LibraryParser()
CONTEXT = StepFunctionContext(type=None, step_func=play, parser=PARSER)
"""What pytest-bdd knows of the library's one step (as ``step()`` registers it)."""


def bind(stacklevel: int = 1) -> None:
    """Register the library's one pytest-bdd step in the calling module (a conftest), and the
    library's lookup in front of pytest-bdd's."""
    step(PARSER, stacklevel=stacklevel + 1)(play)
    if not getattr(SCENARIO.get_step_function, "twinrig", False):
        SCENARIO.get_step_function = _looked_up_by_the_library(SCENARIO.get_step_function)


def _looked_up_by_the_library(
    lookup: Callable[[pytest.FixtureRequest, Step], StepFunctionContext | None],
) -> Callable[[pytest.FixtureRequest, Step], StepFunctionContext | None]:
    def get_step_function(request: pytest.FixtureRequest, step: Step) -> StepFunctionContext | None:
        return CONTEXT if LIBRARY.match(step.name) is not None else lookup(request, step)

    get_step_function.twinrig = True  # type: ignore[attr-defined]
    return get_step_function
