"""behave's side of the rig: the same worlds, tags and verdicts as the pytest plugin.

Options come as behave user data: ``-D platform=reference|mutant:<name>|http://...``,
``-D seed=N``, ``-D results=FILE`` (the run's verdicts as JSON), ``-D declaration=FILE``,
``-D real_time=yes``, ``-D messages=FILE`` (the run as Cucumber Messages, NDJSON).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from contract.codec import encode
from reports.cucumber_messages import write_messages
from steps.registry import LIBRARY
from twinrig import behave_allure
from twinrig.declarations import load_declaration
from twinrig.features import relative, undefined_message
from twinrig.platforms import resolve
from twinrig.results import RunResult, ScenarioResult, StepResult, settle, unrun_at
from twinrig.seeds import scenario_name as result_name
from twinrig.seeds import scenario_seed
from twinrig.verdicts import Inconclusive, UndefinedStep, Verdict, verdict_of
from twins.connection import PlatformConnection, RealTimeConnection
from twins.world import World


def before_all(context: Any) -> None:
    data = context.config.userdata
    context.twinrig_platform = data.get("platform", "reference")
    context.twinrig_seed = int(data.get("seed", "1"))
    context.twinrig_factory = resolve(context.twinrig_platform)
    declaration = data.get("declaration")
    context.twinrig_declaration = load_declaration(Path(declaration)) if declaration else None
    context.twinrig_real_time = data.get("real_time", "") in ("yes", "true", "1")
    context.twinrig_results = RunResult(context.twinrig_seed, context.twinrig_platform)
    behave_allure.before_all(context)


def scenario_name(scenario: Any) -> str:
    """The scenario's name as the pytest plugin writes it: an outline's row values in brackets."""
    row, outline = getattr(scenario, "_row", None), getattr(scenario, "parent", None)
    if row is None or outline is None:
        return str(scenario.name)
    return result_name(outline.name, row.cells)


def before_scenario(context: Any, scenario: Any) -> None:
    tags = set(scenario.effective_tags)
    context.world = None
    context.twinrig_steps = [StepResult(step.keyword.strip(), step.name, step.line) for step in scenario.all_steps]
    feature = relative(Path(scenario.filename))
    brands = sorted(tag.removeprefix("brand:") for tag in tags if tag.startswith("brand:"))
    context.twinrig_inconclusive, context.twinrig_setup_error = "", None
    try:
        if "needs-clock" in tags and context.twinrig_real_time:
            raise Inconclusive("needs the test clock, and the platform runs in real time")
        context.world = World(
            context.twinrig_factory,
            scenario_seed(context.twinrig_seed, feature, scenario_name(scenario), tags),
            brand=brands[0] if brands else "ismart",
            declaration=context.twinrig_declaration,
            connection=RealTimeConnection if context.twinrig_real_time else PlatformConnection,
        )
        if context.twinrig_results.declaration is None:  # what the run was judged against, as pytest's plugin writes it
            context.twinrig_results.declaration = encode(context.world.declaration)
        for brand in brands:
            if not context.world.declaration.claims_brand(brand):
                raise Inconclusive(f"not applicable: the platform does not claim brand {brand!r}")
        for tag in tags:
            if tag.startswith("capability:") and not context.world.declaration.claims_feature(tag.split(":", 1)[1]):
                raise Inconclusive(f"not applicable: the platform does not claim {tag}")
    except Inconclusive as reason:
        context.twinrig_inconclusive = str(reason)
        scenario.skip(str(reason))
    except Exception as error:  # the platform broke down while the world was built: behave's hook error,
        context.twinrig_setup_error = error  # and twinrig's error verdict
        raise


def _now(context: Any) -> float:
    return float(context.world.env.now) if context.world else 0.0


def before_step(context: Any, step: Any) -> None:
    unrun_at(context.twinrig_steps, step.line).started = _now(context)


def after_step(context: Any, step: Any) -> None:
    failed = step.status.name in ("failed", "error")
    unrun_at(context.twinrig_steps, step.line).end(_now(context), step.exception if failed else None)
    behave_allure.after_step(context, step)


def after_scenario(context: Any, scenario: Any) -> None:
    error: BaseException | None = context.twinrig_setup_error
    for step in () if error else scenario.all_steps:
        if step.status.name in ("failed", "error", "undefined"):
            error = step.exception or AssertionError(step.error_message or "undefined step")
            if step.status.name == "undefined":
                where = relative(Path(step.filename))
                error = UndefinedStep(undefined_message(where, step.line, f"{step.keyword} {step.name}", LIBRARY))
                unrun_at(context.twinrig_steps, step.line).end(_now(context), error)
            break
    world = context.world
    if world is not None:
        error = world.outcome(error)
    steps = context.twinrig_steps
    settle(steps, Inconclusive(context.twinrig_inconclusive) if context.twinrig_inconclusive else error)
    verdict = Verdict.INCONCLUSIVE if context.twinrig_inconclusive else verdict_of(error)
    if isinstance(error, Inconclusive):
        verdict = Verdict.INCONCLUSIVE
    tags = set(scenario.effective_tags)
    reproduce = ""
    if verdict in (Verdict.FAIL, Verdict.ERROR):
        reproduce = _command(context, f"{relative(Path(scenario.filename))}:{scenario.line}")
        seeds = f"run seed {context.twinrig_seed}, scenario seed {world.seed if world else '-'}"
        print(f"twinrig: {verdict.value}: {scenario_name(scenario)}; {seeds}", file=sys.stderr)
        print(f"  reproduce: {reproduce}", file=sys.stderr)
    context.twinrig_results.scenarios.append(
        ScenarioResult(
            name=scenario_name(scenario),
            feature=relative(Path(scenario.filename)),
            requirements=sorted(tag.removeprefix("req:") for tag in tags if tag.startswith("req:")),
            verdict=verdict,
            message=context.twinrig_inconclusive or (str(error).splitlines()[0] if error else ""),
            trace=world.trace.render() if world else "",
            seed=world.seed if world else 0,
            steps=steps,
            reproduce=reproduce,
        )
    )
    behave_allure.after_scenario(context, scenario, context.twinrig_results.scenarios[-1])


def _command(context: Any, location: str) -> str:
    """The behave command line that replays the scenario at *location* with this run's options."""
    data = context.config.userdata
    options = [f"seed={context.twinrig_seed}", f"platform={context.twinrig_platform}"]
    options += [f"{key}={data[key]}" for key in ("declaration", "real_time") if data.get(key)]
    return shlex.join(["behave", *(part for option in options for part in ("-D", option)), location])


def after_all(context: Any) -> None:
    target, messages = context.config.userdata.get("results"), context.config.userdata.get("messages")
    if target:
        context.twinrig_results.write(Path(target))
    if messages:
        write_messages(context.twinrig_results, Path(messages))
    behave_allure.after_all(context)
