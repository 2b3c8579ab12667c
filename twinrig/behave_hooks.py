"""behave's side of the rig: a thin adapter over :mod:`twinrig.life`, as the pytest plugin is.

Options come as behave user data, one ``-D key=value`` per option of :mod:`core.options`:
``-D platform=reference|mutant:<name>|http://...``, ``-D seed=N``, ``-D declaration=FILE``,
``-D deadline=S``, ``-D real_time=yes``, ``-D results=FILE`` (the run's verdicts as JSON),
``-D messages=FILE`` (the run as Cucumber Messages, NDJSON), ``-D allure=DIR`` (the Allure
results), ``-D certificate=DIR`` and ``-D certificate_key=FILE`` (the run's conformance
certificate, signed with that key; its suite digest covers the feature files behave was given).
"""

from __future__ import annotations

import dataclasses
import re
import shlex
import sys
from functools import cache
from pathlib import Path
from typing import Any

from core.features import PROBLEM, FeatureFile, load, relative
from core.options import RunOptions
from core.results import ScenarioId
from core.seeds import scenario_name as result_name
from core.verdicts import Inconclusive, RigError
from reports.catalogue import load_catalogue
from twinrig.life import RunLife


def before_all(context: Any) -> None:
    options = RunOptions.from_behave(context.config.userdata)
    if options.shard is not None:  # behave keeps its one sequential run of every scenario
        raise RigError("-D shard: behave plays every scenario in one run; shard with twinrig run --shard K/N")
    if played := given_features(context.config.paths):
        options = dataclasses.replace(options, features=played)
    context.twinrig_run = run = RunLife(options, runner="behave")
    run.start()
    context.twinrig_results = run.results
    for feature, problem in getattr(context._runner, "unparsed", {}).items():  # twinrig.behave_runner's
        run.scenario(ScenarioId(feature, PROBLEM, frozenset())).finish(RigError(problem))


def given_features(paths: list[str]) -> tuple[Path, ...]:
    """The feature files and folders behave was given (``path:line`` as its file); none: the suite's own."""
    return tuple(Path(re.sub(r"(:\d+)+$", "", path)) for path in paths)


def scenario_name(scenario: Any) -> str:
    """The scenario's name as the pytest plugin writes it: an outline's row values in brackets."""
    row, outline = getattr(scenario, "_row", None), getattr(scenario, "parent", None)
    if row is None or outline is None:
        return str(scenario.name)
    return result_name(outline.name, row.cells)


def before_scenario(context: Any, scenario: Any) -> None:
    steps = [(step.keyword, step.name, step.line) for step in scenario.all_steps]
    path = Path(scenario.filename)
    identity = ScenarioId(relative(path), scenario_name(scenario), frozenset(scenario.effective_tags), steps)
    context.twinrig_run.read(path)  # once per feature file: behave parses it for itself
    # an outline's scenario is at its example row's line, as Cucumber places its pickle
    context.twinrig_life = life = context.twinrig_run.scenario(identity, scenario.line)
    context.world = None
    outline = getattr(scenario, "parent", None) if getattr(scenario, "_row", None) is not None else None
    problems = _checked(str(scenario.filename)).stopped.get((outline or scenario).line)
    if problems:
        # behave parsed the file itself; the rig's checks stop the scenario: a hook error, the life's error
        life.setup_error = RigError("; ".join(problems))
        raise life.setup_error
    try:
        context.world = life.start()
    except Inconclusive as reason:
        scenario.skip(str(reason))
    # any other error (the platform broke down while the world was built) is behave's hook error, and the life's


@cache
def _checked(filename: str) -> FeatureFile:
    """The rig's reading of a feature file behave runs (once per file)."""
    return load(Path(filename), frozenset(requirement.id for requirement in load_catalogue()))


def before_step(context: Any, step: Any) -> None:
    context.twinrig_life.step_started(step.line)


def after_step(context: Any, step: Any) -> None:
    failed = step.status.name in ("failed", "error")
    context.twinrig_life.step_ended(step.line, step.exception if failed else None)


def after_scenario(context: Any, scenario: Any) -> None:
    life = context.twinrig_life
    error: BaseException | None = None
    for step in scenario.all_steps:
        if step.status.name == "undefined":
            error = life.undefined(step.filename, step.line, f"{step.keyword} {step.name}")
            break
        if step.status.name in ("failed", "error"):
            error = step.exception or AssertionError(step.error_message)
            break
    replay = ["behave", *life.run.options.behave_args(replay=True), f"{life.identity.feature}:{scenario.line}"]
    result = life.finish(error, replay=lambda: shlex.join(replay))
    if life.failed:
        seeds = f"run seed {life.run.options.seed}, scenario seed {result.seed or '-'}"
        print(f"twinrig: {result.verdict.value}: {result.name}; {seeds}", file=sys.stderr)
        print(f"  reproduce: {result.reproduce}", file=sys.stderr)


def after_all(context: Any) -> None:
    context.twinrig_run.finish()
