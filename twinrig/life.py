"""One scenario's life, the same under pytest-bdd and behave: start, each step, finish.

:class:`RunLife` is what every scenario of one run shares (the options, the platform factory,
the vendor's declaration, the results); :class:`ScenarioLife` is one scenario of it. A runner's
adapter (:mod:`twinrig.plugin`, :mod:`twinrig.behave_hooks`) only says when a scenario starts,
when each step starts and ends, and how the runner saw the scenario end; the life builds the
world, checks the tags against the declaration and the clock, records the steps at their
virtual times, decides the verdict and its message, and writes the result, so both runners
give one scenario the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contract import CapabilityDeclaration, PlatformFactory
from contract.codec import encode
from core.features import relative, undefined_message
from core.results import RunResult, ScenarioId, ScenarioResult, StepResult, message_of, settle, unrun_at
from core.seeds import scenario_seed
from core.verdicts import Inconclusive, RigError, UndefinedStep, Verdict, verdict_of
from reports.cucumber_messages import write_messages
from steps.needs import needs_of
from steps.registry import LIBRARY
from twinrig.declarations import load_declaration
from twinrig.hooks import hookimpl, manager
from twinrig.options import RunOptions
from twinrig.platforms import resolve
from twins.connection import PlatformConnection, RealTimeConnection
from twins.world import World


class Files:
    """The handler that writes what the options ask for when the run ends: the results as JSON,
    the run as Cucumber Messages."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        if self.options.results:
            results.write(Path(self.options.results))
        if self.options.messages:
            write_messages(results, Path(self.options.messages))


class RunLife:
    """One run: its *options*, what its scenarios share, their results, and the handlers of its
    events (:mod:`twinrig.hooks`): the rig's own files, *handlers*, and those the options name."""

    def __init__(self, options: RunOptions, handlers: Sequence[object] = ()) -> None:
        self.options = options
        self.results = RunResult(seed=options.seed, platform=options.platform)
        self._factory: PlatformFactory | None = None
        self._declaration: CapabilityDeclaration | None = None
        self.events = manager([Files(options), *handlers], options.handlers).hook
        self.events.twinrig_run_started(options=options)

    @property
    def factory(self) -> PlatformFactory:
        """The platform factory, and the vendor's declaration, made once for the run."""
        if self._factory is None:
            path = self.options.declaration
            self._declaration = load_declaration(Path(path)) if path else None
            if self._declaration is not None:
                self.results.declaration = encode(self._declaration)
            self._factory = resolve(self.options.platform, deadline=self.options.deadline)
        return self._factory

    @property
    def declaration(self) -> CapabilityDeclaration | None:
        """The vendor's declaration file's, if the options name one (None: ask the platform)."""
        _ = self.factory
        return self._declaration

    def scenario(self, identity: ScenarioId) -> ScenarioLife:
        """The life of the scenario *identity*, not started yet."""
        return ScenarioLife(self, identity)

    def finish(self) -> None:
        """The run ended: every handler hears it (the rig's own write its files)."""
        self.events.twinrig_run_finished(results=self.results)


@dataclass(slots=True)
class ScenarioLife:
    """One scenario of *run*: its world once started, its steps' records, and its result."""

    run: RunLife
    identity: ScenarioId
    world: World | None = None
    steps: list[StepResult] = field(default_factory=list)
    setup_error: BaseException | None = None
    result: ScenarioResult | None = None

    def __post_init__(self) -> None:
        self.plan(self.identity.steps)

    def plan(self, steps: Sequence[tuple[str, str, int]]) -> None:
        """The scenario's *steps* (keyword, text, line; the Background's first), each recorded as
        skipped until it runs; the world learns what they need of its cars."""
        self.steps = [StepResult(keyword.strip(), text, line) for keyword, text, line in steps]
        if self.world is not None:
            self.world.needs = needs_of(text for _, text, _ in steps)

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
        if self.run.results.declaration is None:
            self.run.results.declaration = encode(declaration)
        for brand in brands:
            if not declaration.claims_brand(brand):
                raise Inconclusive(f"not applicable: the platform does not claim brand {brand!r}")
        for capability in identity.values("capability"):
            if not declaration.claims_feature(capability):
                raise Inconclusive(f"not applicable: the platform does not claim capability {capability!r}")
        return created

    def now(self) -> float:
        return float(self.world.env.now) if self.world else 0.0

    def step_started(self, line: int) -> None:
        unrun_at(self.steps, line).started = self.now()

    def step_ended(self, line: int, error: BaseException | None) -> None:
        record = unrun_at(self.steps, line)
        record.end(self.now(), error)
        self.run.events.twinrig_step_finished(scenario=self.identity, step=record)

    def undefined(self, filename: str, line: int, text: str) -> UndefinedStep:
        """The error of the undefined step *text* at *line*, naming the nearest defined steps; recorded."""
        error = UndefinedStep(undefined_message(relative(Path(filename)), line, text, LIBRARY))
        record = unrun_at(self.steps, line)
        record.started = self.now()
        record.end(record.started, error)
        self.run.events.twinrig_step_finished(scenario=self.identity, step=record)
        return error

    def finish(self, error: BaseException | None, nodeid: str = "") -> ScenarioResult:
        """The scenario ended with *error* (None: every step passed), as its runner saw it;
        the world's judges (invariants, the manuals) have the last word. Its result, recorded."""
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
            trace=world.trace.render() if world else "",
            seed=world.seed if world else 0,
            nodeid=nodeid,
            steps=self.steps,
        )
        self.run.results.scenarios.append(self.result)
        self.run.events.twinrig_scenario_finished(result=self.result)
        return self.result

    @property
    def failed(self) -> bool:
        return self.result is not None and self.result.verdict in (Verdict.FAIL, Verdict.ERROR)
