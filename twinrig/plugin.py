"""The pytest plugin: options, the ``world`` fixture, tags, and a verdict for every scenario.

Loaded by the repository's root ``conftest.py``. It leaves tests that are not scenarios alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark import KeywordMatcher

from contract import CapabilityDeclaration, PlatformFactory
from contract.codec import encode
from reports.cucumber_messages import write_messages
from steps.registry import LIBRARY
from twinrig.collection import ScenarioRef
from twinrig.declarations import load_declaration
from twinrig.features import relative, undefined_message
from twinrig.http_platform import DEADLINE
from twinrig.platforms import resolve
from twinrig.reproduction import command
from twinrig.results import RunResult, ScenarioResult, StepResult, message_of, settle, unrun_at
from twinrig.seeds import scenario_name, scenario_seed
from twinrig.verdicts import Inconclusive, RigError, UndefinedStep, Verdict, verdict_of
from twins.connection import PlatformConnection, RealTimeConnection
from twins.world import World

RESULTS = pytest.StashKey[RunResult]()
WORLD = pytest.StashKey[World]()
STEPS = pytest.StashKey[list[StepResult]]()
# Every test the run collected, before -k deselects any, with its -k matcher.
UNIVERSE = pytest.StashKey[list[tuple[pytest.Item, KeywordMatcher]]]()


@dataclass(frozen=True, slots=True)
class Session:
    """The platform *factory*, the vendor's *declaration* (None: ask the platform), the *connection* kind."""

    factory: PlatformFactory
    declaration: CapabilityDeclaration | None
    connection: type[PlatformConnection]


SESSION = pytest.StashKey[Session]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("twinrig")
    group.addoption(
        "--platform",
        default=os.environ.get("TWINRIG_PLATFORM", "reference"),
        help="reference | mutant:<name> | http://HOST:PORT (default: $TWINRIG_PLATFORM, else reference)",
    )
    group.addoption("--seed", type=int, default=1, help="seed that makes the run reproducible")
    group.addoption("--twinrig-results", default=None, help="write the run's verdicts as JSON to this file")
    group.addoption(
        "--cucumber-messages", default=None, help="write the run as Cucumber Messages (NDJSON) to this file"
    )
    group.addoption("--declaration", default=None, help="the vendor's capability declaration (JSON file)")
    group.addoption("--deadline", type=float, default=DEADLINE, help="seconds an HTTP platform has to answer a call")
    group.addoption(
        "--real-time",
        action="store_true",
        help="the platform keeps its own time: scenarios that need the test clock are inconclusive",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tag(name): a twinrig Gherkin tag such as req:IS-FORCE-4")
    config.stash[RESULTS] = RunResult(seed=config.getoption("--seed"), platform=config.getoption("--platform"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep every collected test, so that a failure's ``-k`` selection is judged against them all."""
    config.stash[UNIVERSE] = [(item, KeywordMatcher.from_item(item)) for item in items]


def reproduction_options(config: pytest.Config) -> list[str]:
    """The options of this run that a replay of one of its scenarios needs: seed, platform..."""
    options = ["--seed", str(config.getoption("--seed")), "--platform", config.getoption("--platform")]
    if config.getoption("--declaration"):
        options += ["--declaration", config.getoption("--declaration")]
    return options + (["--real-time"] if config.getoption("--real-time") else [])


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool:
    """Keep twinrig's tags (``req:X``, ``brand:X``, ``needs-clock``...) as ``tag`` marks."""
    pytest.mark.tag(tag)(function)
    return True


def scenario_of(item: pytest.Item) -> ScenarioRef | None:
    """What the rig knows of *item*'s scenario, with the tags of its Examples block added."""
    ref: ScenarioRef | None = getattr(getattr(item, "obj", None), "twinrig", None)
    if ref is None:
        return None
    # pytest-bdd turns the tags of an Examples block into marks of their own name.
    example_tags = {mark.name for mark in item.iter_markers() if ":" in mark.name or mark.name == "needs-clock"}
    return replace(ref, tags=ref.tags | example_tags) if example_tags - ref.tags else ref


def name_of(item: pytest.Item, ref: ScenarioRef) -> str:
    """*item*'s scenario name as behave's hooks write it too: an outline's row values in brackets."""
    row = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example", {})
    return scenario_name(ref.name, row.values())


def _session(config: pytest.Config) -> Session:
    """What every scenario of the run shares: the platform factory and the vendor's declaration."""
    if SESSION not in config.stash:
        path = config.getoption("--declaration")
        declaration = load_declaration(Path(path)) if path else None
        config.stash[SESSION] = Session(
            resolve(config.getoption("--platform"), deadline=config.getoption("--deadline")),
            declaration,
            RealTimeConnection if config.getoption("--real-time") else PlatformConnection,
        )
        config.stash[RESULTS].declaration = encode(declaration) if declaration else None
    return config.stash[SESSION]


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    """The world of one scenario, around a fresh platform; inconclusive if it claims too little."""
    config = request.config
    session = _session(config)
    ref = scenario_of(request.node)
    if ref and "needs-clock" in ref.tags and config.getoption("--real-time"):
        raise Inconclusive("needs the test clock, and the platform runs in real time")
    brands = ref.tag_values("brand") if ref else []
    identity = (ref.feature, name_of(request.node, ref)) if ref else ("", request.node.nodeid)
    created = World(
        session.factory,
        scenario_seed(config.getoption("--seed"), identity[0], identity[1], ref.tags if ref else ()),
        brand=brands[0] if brands else "ismart",
        declaration=session.declaration,
        connection=session.connection,
    )
    if not created.declaration.brands or not created.declaration.models:
        raise RigError("the platform's capability declaration is empty: nothing could be tested")
    if config.stash[RESULTS].declaration is None:
        config.stash[RESULTS].declaration = encode(created.declaration)
    for brand in brands:
        if not created.declaration.claims_brand(brand):
            raise Inconclusive(f"not applicable: the platform does not claim brand {brand!r}")
    for capability in ref.tag_values("capability") if ref else []:
        if not created.declaration.claims_feature(capability):
            raise Inconclusive(f"not applicable: the platform does not claim capability {capability!r}")
    request.node.stash[WORLD] = created
    return created


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, scenario: Any) -> None:
    """Every step of the scenario (the Background's first) is recorded, as skipped until it runs."""
    request.node.stash[STEPS] = [
        StepResult(step.keyword.strip(), step.name, step.line_number) for step in scenario.steps
    ]


def _step_record(request: pytest.FixtureRequest, step: Any) -> StepResult:
    return unrun_at(request.node.stash[STEPS], step.line_number)


def _now(request: pytest.FixtureRequest) -> float:
    world = request.node.stash.get(WORLD, None)
    return float(world.env.now) if world else 0.0


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    _step_record(request, step).started = _now(request)


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    _step_record(request, step).end(_now(request), None)


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    _step_record(request, step).end(_now(request), exception)


def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, exception: Exception
) -> None:
    """An undefined step is an error naming file, line and the nearest defined steps."""
    where = Path(feature.filename)
    error = UndefinedStep(undefined_message(relative(where), step.line_number, f"{step.keyword} {step.name}", LIBRARY))
    record = _step_record(request, step)
    record.started = _now(request)
    record.end(record.started, error)
    raise error


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    ref = scenario_of(item)
    if ref is None or call.when == "teardown" or (call.when == "setup" and report.passed):
        return report
    world = item.stash.get(WORLD, None)
    error = call.excinfo.value if call.excinfo else None
    if world is not None and call.when == "call" and (judged := world.outcome(error)) is not error:
        error, report.outcome, report.longrepr = judged, "failed", str(judged)
    verdict = verdict_of(error)
    trace = world.trace.render() if world else ""
    steps = item.stash.get(STEPS, [])
    settle(steps, error)
    result = ScenarioResult(
        name=name_of(item, ref),
        feature=ref.feature,
        requirements=ref.requirements,
        verdict=verdict,
        message=message_of(error),
        trace=trace,
        seed=world.seed if world else 0,
        nodeid=item.nodeid,
        steps=steps,
    )
    if verdict in (Verdict.FAIL, Verdict.ERROR):
        universe = item.config.stash.get(UNIVERSE, [])
        result.reproduce = command(item, universe, reproduction_options(item.config))
    item.config.stash[RESULTS].scenarios.append(result)
    if verdict is Verdict.INCONCLUSIVE:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"inconclusive: {result.message}")
    elif verdict is not Verdict.PASS:
        seeds = f"run seed {item.config.getoption('--seed')}, scenario seed {result.seed}"
        explained = f"{result.message}\n{seeds}\nreproduce: {result.reproduce}\n"
        report.sections.append((f"twinrig: {verdict.value}", explained))
        report.sections.append((f"twinrig: message trace (seed {result.seed})", trace or "(empty)"))
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    results = session.config.stash[RESULTS]
    target = session.config.getoption("--twinrig-results")
    if target:
        results.write(Path(target))
    messages = session.config.getoption("--cucumber-messages")
    if messages:
        write_messages(results, Path(messages))
