"""One scenario's life, the same under pytest-bdd and behave: start, each step, finish.

:class:`RunLife` is what every scenario of one run shares (the options, the platform factory,
the vendor's declaration, the results); :class:`ScenarioLife` is one scenario of it. A runner's
adapter (:mod:`twinrig.plugin`, :mod:`twinrig.behave_hooks`) only says when a scenario starts,
when each step starts and ends, and how the runner saw the scenario end; the life builds the
world, checks the tags against the declaration and the clock, records the steps at their
virtual times, decides the verdict and its message, and writes the result, so both runners
give one scenario the same result.

The run also keeps what its Cucumber Messages need, as it happens: the one reading of each feature
file it plays (:mod:`core.gherkin`: the collection's under pytest, read when its first scenario
starts under behave), every phrase of the step library, each scenario's pickle and example row,
and each step's pickle step and the library's match of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from contract import CapabilityDeclaration, PlatformFactory
from contract.codec import encode
from core.claims import claim, release
from core.features import load, relative, undefined_message
from core.gherkin import Reading
from core.hooks import hookimpl, manager
from core.options import RunOptions
from core.results import (
    Match,
    RunResult,
    ScenarioId,
    ScenarioResult,
    StepResult,
    message_of,
    settle,
    unrun_at,
)
from core.seeds import scenario_seed
from core.verdicts import Inconclusive, RigError, UndefinedStep, Verdict, verdict_of, violated
from reports.allure_results import AllureResults
from reports.applicability import not_applicable
from reports.cucumber_messages import MessagesFile
from reports.junit import JUnitFile
from steps.needs import needs_of
from steps.registry import LIBRARY
from twinrig.certifying import CertificateWriter
from twinrig.declarations import check_values, load_declaration
from twinrig.platforms import resolve
from twins.connection import PlatformConnection, RealTimeConnection
from twins.world import World


class ResultsFile:
    """The handler that writes the run's results as JSON to *path* when it ends."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        results.write(self.path)


def rig_handlers(options: RunOptions, runner: str = "pytest-bdd") -> list[object]:
    """The rig's own handlers that *options* ask for: the results as JSON, the run as Cucumber
    Messages and as JUnit XML, the conformance certificate (:mod:`twinrig.certifying`)."""
    handlers: list[object] = []
    if options.results:
        handlers.append(ResultsFile(Path(options.results)))
    if options.messages:
        handlers.append(MessagesFile(Path(options.messages)))
    if options.junit:
        handlers.append(JUnitFile(Path(options.junit)))
    if options.allure:
        handlers.append(AllureResults(Path(options.allure), runner, options.seed))
    if options.certificate or options.certificate_key:
        handlers.append(CertificateWriter(options))
    return handlers


class RunLife:
    """One run, played by *runner* (``pytest-bdd``, ``behave``): its *options*, what its scenarios
    share, their results, and the handlers of its events (:mod:`core.hooks`): the rig's own files,
    Allure results and certificate (:func:`rig_handlers`), *handlers*, and those the options name."""

    def __init__(self, options: RunOptions, handlers: Sequence[object] = (), runner: str = "pytest-bdd") -> None:
        self.options = options
        claim(options.outputs())  # before any handler empties a folder
        self.results = RunResult(seed=options.seed, platform=options.platform, shard=options.shard)
        self._factory: PlatformFactory | None = None
        self._declaration: CapabilityDeclaration | None = None
        self.handlers = manager([*rig_handlers(options, runner), *handlers], options.handlers)
        self.events = self.handlers.hook
        self.rejected_elsewhere = 0
        """Webhook posts refused by other processes' webhook servers (a parallel run's workers)."""

    def start(self) -> None:
        """The run starts: every handler hears it (register handlers of your own before)."""
        self.events.twinrig_run_started(options=self.options)

    @property
    def factory(self) -> PlatformFactory:
        """The platform factory, and the vendor's declaration, made once for the run."""
        if self._factory is None:
            path = self.options.declaration
            self._declaration = load_declaration(Path(path)) if path else None
            if self._declaration is not None:
                self.results.declaration = encode(self._declaration)
            self._factory = resolve(
                self.options.platform,
                deadline=self.options.deadline,
                max_reply=self.options.max_reply,
                token=self.options.platform_token,
                declaration=self._declaration,
            )
        return self._factory

    @property
    def declaration(self) -> CapabilityDeclaration | None:
        """The vendor's declaration file's, if the options name one (None: ask the platform)."""
        _ = self.factory
        return self._declaration

    def keep(self, reading: Reading | None) -> None:
        """Keep *reading*, the one reading of a feature file the run plays (the first, if read twice)."""
        if reading is not None:
            self.results.features.setdefault(reading.uri, reading)

    def read(self, path: Path) -> None:
        """Read the feature file at *path*, unless the run has its reading already."""
        if relative(path) not in self.results.features:
            self.keep(load(path).gherkin)

    def scenario(self, identity: ScenarioId, line: int = 0) -> ScenarioLife:
        """The life of the scenario *identity*, not started yet, whose pickle is at *line* (the
        scenario's, or an outline's example row's) of its feature file, as the run read it."""
        if not self.results.phrases:
            self.results.phrases = LIBRARY.phrases()
        reading = self.results.features.get(identity.feature)
        found = reading.at(line) if reading is not None else None
        if found is not None:
            identity = replace(identity, gherkin=found[0], example=found[1])
        return ScenarioLife(self, identity)

    def finish(self) -> None:
        """The run ended: every handler hears it (the rig's own write its files)."""
        self.results.rejected_webhooks = getattr(self._factory, "rejected_webhooks", 0) + self.rejected_elsewhere
        try:
            self.events.twinrig_run_finished(results=self.results)
        finally:
            release(self.options.outputs())


@dataclass(slots=True)
class ScenarioLife:
    """One scenario of *run*: its world once started, its steps' records, and its result."""

    run: RunLife
    identity: ScenarioId
    world: World | None = None
    steps: list[StepResult] = field(default_factory=list)
    setup_error: BaseException | None = None
    result: ScenarioResult | None = None
    told: list[int] = field(default_factory=list)
    """The positions in *steps* of the steps whose end the run's handlers heard, in order."""

    def __post_init__(self) -> None:
        self.plan(self.identity.steps)

    def plan(self, steps: Sequence[tuple[str, str, int]]) -> None:
        """The scenario's *steps* (keyword, text, line; the Background's first), each recorded as
        skipped until it runs, with its pickle step and the phrases that read it: matched as the
        scenario starts, as Cucumber does a test case's steps (a step that never runs has its
        definition too), by the library's lookup that the runner's own matching shares; the world
        learns what they need of its cars."""
        pickle_steps = self._pickle_steps(len(steps))
        self.steps = [
            StepResult(keyword.strip(), text, line, pickle_step=pickle_step, matches=matches(text))
            for (keyword, text, line), pickle_step in zip(steps, pickle_steps, strict=True)
        ]
        if self.world is not None:
            self.world.needs = needs_of(text for _, text, _ in steps)

    def _pickle_steps(self, count: int) -> list[str]:
        """The ids of the steps of the scenario's pickle, if it has *count* of them."""
        reading = self.run.results.features.get(self.identity.feature)
        pickle = reading.pickle(self.identity.gherkin.pickle) if reading is not None else None
        ids = [step["id"] for step in pickle["steps"]] if pickle is not None else []
        return ids if len(ids) == count else [""] * count

    def start(self) -> World:
        """Build the world; :class:`Inconclusive` if the scenario does not apply (brand,
        capability, the test clock), :class:`RigError` if the declaration is empty. The error is
        kept for :meth:`finish` too."""
        try:
            self.world = self._world()
        except BaseException as error:
            self.setup_error = error
            raise
        return self.world

    def _world(self) -> World:
        identity, options = self.identity, self.run.options
        seed = scenario_seed(options.seed, identity.feature, identity.name, identity.tags)
        self.run.events.twinrig_scenario_started(scenario=identity, seed=seed)
        if "needs-clock" in identity.tags and options.real_time:
            raise Inconclusive("needs the test clock, and the platform runs in real time")
        brands = identity.values("brand")
        created = World(
            self.run.factory,
            seed,
            brand=brands[0] if brands else "ismart",
            declaration=self.run.declaration,
            connection=RealTimeConnection if options.real_time else PlatformConnection,
        )
        created.needs = needs_of(step.text for step in self.steps)
        self.world = created
        declaration = created.declaration
        if not declaration.brands or not declaration.models:
            raise RigError("the platform's capability declaration is empty: nothing could be tested")
        check_values(declaration, "the platform's capability declaration")
        if self.run.results.declaration is None:
            self.run.results.declaration = encode(declaration)
        if reason := not_applicable(identity.tags, declaration):
            raise Inconclusive(reason)
        return created

    def now(self) -> float:
        return float(self.world.env.now) if self.world else 0.0

    def step_started(self, line: int) -> None:
        unrun_at(self.steps, line).started = self.now()

    def step_ended(self, line: int, error: BaseException | None) -> None:
        record = unrun_at(self.steps, line)
        record.end(self.now(), error)
        self._tell(record)

    def undefined(self, filename: str, line: int, text: str) -> UndefinedStep:
        """The error of the undefined step *text* at *line*, naming the nearest defined steps; recorded."""
        error = UndefinedStep(undefined_message(relative(Path(filename)), line, text, LIBRARY))
        record = unrun_at(self.steps, line)
        record.started = self.now()
        record.end(record.started, error)
        self._tell(record)
        return error

    def _tell(self, record: StepResult) -> None:
        self.told.append(next(at for at, step in enumerate(self.steps) if step is record))
        self.run.events.twinrig_step_finished(scenario=self.identity, step=record)

    def finish(
        self, error: BaseException | None, nodeid: str = "", replay: Callable[[], str] | None = None
    ) -> ScenarioResult:
        """The scenario ended with *error* (None: every step passed), as its runner saw it;
        the world's judges (invariants, the manuals) have the last word. Its result, recorded;
        a result that did not pass gets the command *replay* gives (the runner's) before any handler hears it."""
        error = self.setup_error or error
        if self.world is not None and self.setup_error is None:
            error = self.world.outcome(error)
        settle(self.steps, error)
        world = self.world
        self.result = ScenarioResult(
            name=self.identity.name,
            feature=self.identity.feature,
            requirements=self.identity.values("req"),
            verdict=verdict_of(error),
            message=message_of(error),
            violated=list(violated(error)),
            trace=tuple(world.trace) if world else (),
            seed=world.seed if world else 0,
            nodeid=nodeid,
            steps=self.steps,
            example=dict(self.identity.example),
            gherkin=self.identity.gherkin,
            tags=sorted(str(tag) for tag in self.identity.tags),  # behave's tags are a str subclass
        )
        if self.unresolved and replay is not None:
            self.result.reproduce = replay()
        self.run.results.scenarios.append(self.result)
        self.run.events.twinrig_scenario_finished(result=self.result)
        self.world = None  # released: a run keeps its scenarios' results, not their worlds
        if world is not None and (release := getattr(self.run.factory, "release", None)) is not None:
            release(world.platform)  # and the platform's own world, on a server hosting many
        return self.result

    @property
    def failed(self) -> bool:
        return self.result is not None and self.result.verdict in (Verdict.FAIL, Verdict.ERROR)

    @property
    def unresolved(self) -> bool:
        """Whether the scenario ended other than passed: its result gets the command that replays it."""
        return self.result is not None and self.result.verdict is not Verdict.PASS


@functools.cache
def matches(text: str) -> tuple[Match, ...]:
    """The phrases of the library that read *text*, as the results record them (once per text:
    the library is complete before any scenario runs)."""
    return tuple(match.record(text) for match in LIBRARY.readings(text))
