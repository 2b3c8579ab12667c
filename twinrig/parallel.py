"""Parallel runs on pytest-xdist (``twinrig run --jobs N``): workers play, the controller writes.

Each xdist worker plays its share of the scenarios in a run of its own (:class:`Worker`) that
writes nothing: its options keep no outputs and no ``--handler``. When a scenario ends, the
worker puts what the run's handlers need into the test report (one ``user_properties`` entry,
pickled: the scenario's identity, its result with every step record and match, which steps
were told as they ended, its place in the collection, and the first time a feature file's
reading and the platform's declaration); xdist carries the report to the controller.

The controller (:class:`Controller`) keeps every payload and, when the session ends, tells the
run's handlers (results JSON, Cucumber Messages, JUnit, Allure, the summary, the certificate)
the scenarios' events in the collection's order, as one serial run would: so a run with
``--jobs N`` writes what a serial run writes for the same seed, whichever worker played which
scenario (a scenario's seed depends only on the run's seed and the scenario: :mod:`core.seeds`;
its platform is a fresh one of its own in-process). What differs: the order of pytest's own
progress output, and Allure results' uuids and wall-clock times, as between any two runs.
"""

from __future__ import annotations

import base64
import pickle
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from core.gherkin import Reading
from core.options import RunOptions
from core.results import ScenarioId, ScenarioResult
from core.seeds import scenario_seed
from core.verdicts import RigError
from steps.registry import LIBRARY

PROPERTY = "twinrig-scenario"
"""The ``user_properties`` name of a scenario's payload in a worker's test report."""
REJECTED = "twinrig-rejected-webhooks"
"""The ``workeroutput`` key of the webhook posts a worker's webhook server refused."""


def worker_options(options: RunOptions) -> RunOptions:
    """A worker's options: the run's, without its outputs and handlers (the controller's)."""
    return replace(
        options,
        results=None,
        messages=None,
        junit=None,
        allure=None,
        certificate=None,
        certificate_key=None,
        handlers=(),
    )


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """Whether this session hands its scenarios to xdist workers (``-n N`` with N ≥ 1)."""
    return (
        not is_worker(config)
        and bool(getattr(config.option, "numprocesses", None))
        and (getattr(config.option, "dist", "no") != "no")
    )


@dataclass(slots=True)
class Payload:
    """What the controller needs of one scenario a worker played: its *index* in the collection,
    its *identity*, its *result*, the positions of the *told* steps (those whose end the worker's
    run heard, in order), and, the first time the worker sends them, the *reading* of its
    feature file and the platform's *declaration*."""

    index: int
    identity: ScenarioId
    result: ScenarioResult
    told: list[int]
    reading: Reading | None = None
    declaration: dict[str, Any] | None = None

    def encode(self) -> str:
        return base64.b64encode(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")

    @staticmethod
    def decode(text: str) -> Payload:
        payload = pickle.loads(base64.b64decode(text))  # from our own workers
        assert isinstance(payload, Payload)
        return payload


@dataclass(slots=True)
class Worker:
    """A worker's side: the features and declaration it has sent already."""

    sent_features: set[str] = field(default_factory=set)
    sent_declaration: bool = False

    def payload(
        self, index: int, identity: ScenarioId, result: ScenarioResult, told: list[int], run: Any
    ) -> tuple[str, str]:
        """The ``user_properties`` entry of a scenario that ended (*run* is its :class:`RunLife`)."""
        reading = None
        if result.feature not in self.sent_features:
            self.sent_features.add(result.feature)
            reading = run.results.features.get(result.feature)
        declaration = None
        if not self.sent_declaration and run.results.declaration is not None:
            self.sent_declaration, declaration = True, run.results.declaration
        return PROPERTY, Payload(index, identity, result, told, reading, declaration).encode()

    @staticmethod
    def finish(config: pytest.Config, run: Any) -> None:
        """Tell the controller the webhook posts this worker refused."""
        config.workeroutput[REJECTED] = getattr(run._factory, "rejected_webhooks", 0)  # type: ignore[attr-defined]


@dataclass(slots=True)
class Controller:
    """The controller's side: every payload the workers sent, told to *run*'s handlers in the
    collection's order when the session ends."""

    run: Any
    payloads: list[Payload] = field(default_factory=list)
    rejected: int = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == PROPERTY:
                self.payloads.append(Payload.decode(str(value)))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        self.rejected += int(getattr(node, "workeroutput", {}).get(REJECTED, 0))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.replay()
        self.run.rejected_elsewhere += self.rejected

    def replay(self) -> None:
        """Tell the handlers every scenario's events as a serial run tells them."""
        run, results = self.run, self.run.results
        readings = {p.reading.uri: p.reading for p in self.payloads if p.reading is not None}
        for payload in sorted(self.payloads, key=lambda payload: payload.index):
            if not results.phrases:
                results.phrases = LIBRARY.phrases()
            if payload.identity.feature in readings:
                results.features.setdefault(payload.identity.feature, readings[payload.identity.feature])
            if results.declaration is None and payload.declaration is not None:
                results.declaration = payload.declaration
            identity, options = payload.identity, run.options
            seed = scenario_seed(options.seed, identity.feature, identity.name, identity.tags)
            run.events.twinrig_scenario_started(scenario=identity, seed=seed)
            for position in payload.told:
                run.events.twinrig_step_finished(scenario=identity, step=payload.result.steps[position])
            results.scenarios.append(payload.result)
            run.events.twinrig_scenario_finished(result=payload.result)
        if results.declaration is None:
            results.declaration = next((p.declaration for p in self.payloads if p.declaration is not None), None)
        self.payloads.clear()


def xdist_args(jobs: int) -> list[str]:
    """pytest's arguments that play the suite in *jobs* xdist workers (none for one job): xdist
    loaded by name (plugin autoload is off), the scenarios handed out one at a time (``load``:
    which worker plays which does not change any result, :class:`Controller`)."""
    return ["-p", "xdist.plugin", "-n", str(jobs), "--dist", "load"] if jobs > 1 else []


def check_jobs(options: RunOptions, factory: object) -> None:
    """A :class:`RigError` if *options* ask for several jobs against a platform at a URL that
    does not advertise isolated worlds (the workers would reset each other's)."""
    if options.jobs < 1:
        raise RigError(f"--jobs {options.jobs}: give at least 1")
    url = options.platform.startswith(("http://", "https://"))
    if options.jobs > 1 and url and not getattr(factory, "isolated_worlds", False):
        raise RigError(f"the platform at {options.platform} does not advertise isolated worlds: run with --jobs 1")
