"""The events of a run, the rig's extension point (pluggy, as pytest's own hooks are).

The scenario life (:mod:`twinrig.life`) tells every registered handler, under either runner:

- ``twinrig_run_started(options)``: the run's :class:`core.options.RunOptions`;
- ``twinrig_scenario_started(scenario, seed)``: its :class:`core.results.ScenarioId` and seed;
- ``twinrig_step_finished(scenario, step)``: a step's :class:`core.results.StepResult` (with
  its pickle step and the definitions that read it, :class:`core.results.Match`);
- ``twinrig_scenario_finished(result)``: the scenario's :class:`core.results.ScenarioResult`;
- ``twinrig_run_finished(results)``: the run's :class:`core.results.RunResult`.

A handler is any object with some of these methods, marked ``@hookimpl``. Name it with
``--handler MODULE:NAME`` (``-D handler=MODULE:NAME`` under behave), or publish it under the
``twinrig`` entry-point group. The rig's own JSON results, Cucumber Messages, JUnit XML, Allure
results (:class:`reports.allure_results.AllureResults`) and certificate (:mod:`twinrig.certifying`)
are handlers too.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

from core.verdicts import RigError

if TYPE_CHECKING:
    from core.options import RunOptions
    from core.results import RunResult, ScenarioId, ScenarioResult, StepResult

hookspec = pluggy.HookspecMarker("twinrig")
hookimpl = pluggy.HookimplMarker("twinrig")


class Events:
    """The hook specifications: what a handler may hear."""

    @hookspec
    def twinrig_run_started(self, options: RunOptions) -> None:
        """The run starts with *options*."""

    @hookspec
    def twinrig_scenario_started(self, scenario: ScenarioId, seed: int) -> None:
        """*scenario* starts; its world is cast from *seed*."""

    @hookspec
    def twinrig_step_finished(self, scenario: ScenarioId, step: StepResult) -> None:
        """A *step* of *scenario* ended: its status, message, virtual times and match."""

    @hookspec
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        """A scenario ended with *result* (its verdict, message, trace and steps)."""

    @hookspec
    def twinrig_run_finished(self, results: RunResult) -> None:
        """The run ended with *results*."""


def manager(handlers: Iterable[object] = (), names: Iterable[str] = ()) -> pluggy.PluginManager:
    """The handlers of one run: *handlers*, those *names* name (``MODULE:NAME``), and those
    published under the ``twinrig`` entry-point group."""
    plugins = pluggy.PluginManager("twinrig")
    plugins.add_hookspecs(Events)
    plugins.load_setuptools_entrypoints("twinrig")
    for handler in [*handlers, *(named(name) for name in names)]:
        plugins.register(handler)
    return plugins


def named(name: str) -> Any:
    """The handler *name* names (``package.module:attribute``); a :class:`RigError` if none."""
    module, _, attribute = name.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise RigError(f"--handler {name!r}: no such handler (give MODULE:NAME): {error}") from error
