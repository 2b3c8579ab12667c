"""The pytest plugin: the rig's options, the ``world`` fixture, tags, and a verdict for every
scenario, through :mod:`twinrig.life` (the scenario's life is the same under behave).

Loaded by the repository's root ``conftest.py``. It leaves tests that are not scenarios alone.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import replace
from typing import Any

import pytest
from _pytest.mark import KeywordMatcher

from core.claims import OutputBusy
from core.options import RunOptions, add_pytest_options
from core.results import ScenarioId
from core.seeds import scenario_name
from core.trace import render_trace
from core.verdicts import Verdict
from twinrig.collection import ScenarioRef
from twinrig.life import RunLife, ScenarioLife
from twinrig.parallel import Controller, Worker, is_controller, is_worker, worker_options
from twinrig.reproduction import command
from twins.world import World

RUN = pytest.StashKey[RunLife]()
LIFE = pytest.StashKey[ScenarioLife]()
# Every test the run collected, before -k deselects any, with its -k matcher.
UNIVERSE = pytest.StashKey[list[tuple[pytest.Item, KeywordMatcher]]]()
# Each collected test's place in the collection (a parallel run's canonical order).
PLACE = pytest.StashKey[dict[str, int]]()
WORKER = pytest.StashKey[Worker]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_pytest_options(parser.getgroup("twinrig"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tag(name): a twinrig Gherkin tag such as req:IS-FORCE-4")
    options = RunOptions.from_pytest(config.getoption)
    if is_worker(config):  # an xdist worker writes nothing: the controller's handlers do (twinrig.parallel)
        options = worker_options(options)
        config.stash[WORKER] = Worker()
    try:
        config.stash[RUN] = RunLife(options)
    except OutputBusy as busy:
        raise pytest.UsageError(str(busy)) from None
    if is_controller(config):
        config.pluginmanager.register(Controller(config.stash[RUN]), "twinrig-controller")
    if options.shard is not None:
        config.pluginmanager.register(_Shard(*options.shard), "twinrig-shard")


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[RUN].start()


def run_of(config: pytest.Config) -> RunLife:
    """The run *config* belongs to."""
    return config.stash[RUN]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep every collected test, so that a failure's ``-k`` selection is judged against them all."""
    config.stash[UNIVERSE] = [(item, KeywordMatcher.from_item(item)) for item in items]
    config.stash[PLACE] = {item.nodeid: place for place, item in enumerate(items)}


class _Shard:
    """``--shard K/N``: only the K-th of N consecutive shares of the selected tests are played
    (after ``-k`` deselected its tests)."""

    def __init__(self, share: int, shares: int) -> None:
        self.share, self.shares = share, shares

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        begin, end = (self.share - 1) * len(items) // self.shares, self.share * len(items) // self.shares
        kept, left = items[begin:end], items[:begin] + items[end:]
        if left:
            config.hook.pytest_deselected(items=left)
        items[:] = kept


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


def _life(item: pytest.Item) -> ScenarioLife:
    if LIFE not in item.stash:
        run, ref = item.config.stash[RUN], scenario_of(item)
        if ref is None:
            item.stash[LIFE] = run.scenario(ScenarioId("", item.nodeid, frozenset()))
        else:
            run.keep(ref.gherkin)  # the collection's reading of the feature file
            row = getattr(getattr(item, "callspec", None), "indices", {}).get("_pytest_bdd_example")
            identity = ScenarioId(ref.feature, name_of(item, ref), ref.tags)
            item.stash[LIFE] = run.scenario(identity, ref.line_of(row))
    return item.stash[LIFE]


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    """The world of one scenario, around a fresh platform; inconclusive if it claims too little."""
    return _life(request.node).start()


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, scenario: Any) -> None:
    """Every step of the scenario (the Background's first) is recorded, as skipped until it runs."""
    _life(request.node).plan([(step.keyword, step.name, step.line_number) for step in scenario.steps])


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    _life(request.node).step_started(step.line_number)


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    _life(request.node).step_ended(step.line_number, None)


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    _life(request.node).step_ended(step.line_number, exception)


def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any, exception: Exception
) -> None:
    """An undefined step is an error naming file, line and the nearest defined steps."""
    raise _life(request.node).undefined(feature.filename, step.line_number, f"{step.keyword} {step.name}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report: pytest.TestReport = yield
    if scenario_of(item) is None or call.when == "teardown" or (call.when == "setup" and report.passed):
        return report
    life = _life(item)
    error = call.excinfo.value if call.excinfo else None
    universe = item.config.stash.get(UNIVERSE, [])
    result = life.finish(error, item.nodeid, lambda: command(item, universe, life.run.options.replay_args()))
    if WORKER in item.config.stash:
        place = item.config.stash[PLACE].get(item.nodeid, 0)
        report.user_properties.append(
            item.config.stash[WORKER].payload(place, life.identity, result, life.told, life.run)
        )
    if result.verdict in (Verdict.FAIL, Verdict.ERROR) and not report.failed:  # the world's judges had the last word
        report.outcome, report.longrepr = "failed", result.message
    if result.verdict is Verdict.INCONCLUSIVE:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"inconclusive: {result.message}")
    elif result.verdict is not Verdict.PASS:
        seeds = f"run seed {life.run.options.seed}, scenario seed {result.seed}"
        explained = f"{result.message}\n{seeds}\nreproduce: {result.reproduce}\n"
        report.sections.append((f"twinrig: {result.verdict.value}", explained))
        report.sections.append(
            (f"twinrig: message trace (seed {result.seed})", render_trace(result.trace) or "(empty)")
        )
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    if WORKER in session.config.stash:
        Worker.finish(session.config, session.config.stash[RUN])
    session.config.stash[RUN].finish()
