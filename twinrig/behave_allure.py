"""The behave side of the Allure enrichment: hands each scenario to :class:`reports.allure.Enricher`.

Active when behave runs with allure-behave's formatter
(``-f allure_behave.formatter:AllureFormatter -o DIR``); :mod:`twinrig.behave_hooks` calls these
functions from behave's hooks of the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure_commons
from allure_commons.logger import AllureFileLogger

from contract import CapabilityDeclaration
from core.results import ScenarioResult
from reports.allure import Enricher, Finished, environment, write_run_files


@dataclass(slots=True)
class _Run:
    """The run's *enricher*, the *folders* Allure writes to, the current scenario's *step_ends*, and
    the platform's *declaration* (from the first world)."""

    enricher: Enricher
    folders: list[Path]
    step_ends: list[float] = field(default_factory=list)
    declaration: CapabilityDeclaration | None = None


def results_folders() -> list[Path]:
    """The folders allure-behave's formatter writes to: none when behave runs without it."""
    loggers = [plugin for plugin in allure_commons.plugin_manager.get_plugins() if isinstance(plugin, AllureFileLogger)]
    return [Path(logger._report_dir) for logger in loggers]


def before_all(context: Any) -> None:
    folders = results_folders()
    context.twinrig_allure = _Run(Enricher(), folders) if folders else None
    if context.twinrig_allure:
        allure_commons.plugin_manager.register(context.twinrig_allure.enricher)


def after_step(context: Any, step: Any) -> None:
    run: _Run | None = context.twinrig_allure
    if run and context.world is not None:
        run.step_ends.append(float(context.world.env.now))


def after_scenario(context: Any, scenario: Any, result: ScenarioResult) -> None:
    run: _Run | None = context.twinrig_allure
    if run is None:
        return
    brands = sorted(tag.removeprefix("brand:") for tag in scenario.effective_tags if tag.startswith("brand:"))
    world = context.world
    if world is not None and run.declaration is None:
        run.declaration = world.declaration
    run.enricher.finished(
        Finished(result, brands[0] if brands else "", tuple(world.trace) if world else (), tuple(run.step_ends))
    )
    run.step_ends.clear()


def after_all(context: Any) -> None:
    run: _Run | None = context.twinrig_allure
    if run is None:
        return
    results = context.twinrig_results
    for folder in run.folders:
        write_run_files(folder, environment(results.platform, results.seed, run.declaration, "behave"))
    allure_commons.plugin_manager.unregister(run.enricher)
