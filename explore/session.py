"""One exploration of a platform: examples in seeded rounds until a finding, the examples run out,
or the time budget is spent; the finding shrunk and written as a feature.

Each round is one Hypothesis run of the state machine with a seed derived from the exploration's
seed and the round's number, so one ``--seed`` gives the same sequence of examples (the example
database under ``out/`` replays an earlier failure first; pass ``database=None`` for a clean run).
The budget is checked between rounds; it is wall-clock time spent by the rig, never time inside
the simulation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.stateful import run_state_machine_as_test

from contract import CapabilityDeclaration, PlatformFactory
from explore.actions import Action, Step, catalogue, settling
from explore.corpus import Scenario, scenarios
from explore.defaults import DATABASE, EXAMPLES, MAX_STEPS
from explore.machine import ExampleWorld, ExplorationFailure, Log, machine
from explore.minimise import minimise
from explore.readable import readable_checks
from explore.trial import Finding, Trial, Unusable
from twinrig.platforms import resolve

set_hypothesis_home_dir(Path("out") / "hypothesis")  # what else Hypothesis keeps (its constants) stays under out/ too
ROUND = 10
"""Examples per round: the budget is checked, and progress reported, after each."""


@dataclass(frozen=True, slots=True)
class Options:
    """What to explore: the *platform* spec, the *seed*, at most *examples* examples of at most
    *max_steps* actions, for at most *budget* seconds (None: no limit), of *brand* ("ismart",
    "myrenault" or "both", taking turns), judged against *declaration* (None: ask the platform)."""

    platform: str = "reference"
    seed: int = 1
    examples: int = EXAMPLES
    max_steps: int = MAX_STEPS
    budget: float | None = None
    brand: str = "both"
    declaration: CapabilityDeclaration | None = None
    database: Path | None = DATABASE
    suite: bool = True
    """Start from the suite's scenarios (:mod:`explore.corpus`); False: from nothing but the catalogue."""

    @property
    def brands(self) -> tuple[str, ...]:
        return ("ismart", "myrenault") if self.brand == "both" else (self.brand,)


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an exploration stands: examples run, actions taken, distinct states, findings, seconds."""

    examples: int
    actions: int
    states: int
    findings: int
    seconds: float

    def render(self) -> str:
        return (
            f"{self.examples} examples, {self.actions} actions, {self.states} distinct states, "
            f"{self.findings} failures found, {self.seconds:.1f} s"
        )


@dataclass(slots=True)
class Report:
    """What an exploration found: the shrunk *finding* (None: none), on *brand*, and the totals."""

    options: Options
    progress: Progress
    brand: str = ""
    finding: Finding | None = None
    logs: dict[str, Log] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        finding = self.finding
        return {
            "platform": self.options.platform,
            "seed": self.options.seed,
            "brand": self.brand,
            "examples": self.progress.examples,
            "actions": self.progress.actions,
            "distinct_states": self.progress.states,
            "seconds": round(self.progress.seconds, 3),
            "sequence": {brand: log.sequence.hexdigest() for brand, log in self.logs.items()},
            "found": finding is not None,
            "finding": None
            if finding is None
            else {
                "kind": finding.kind,
                "requirement": finding.requirement,
                "message": finding.message,
                "steps": [step.text() for step in finding.steps[: finding.at + 1]],
            },
        }


def round_seed(seed: int, number: int, brand: str) -> int:
    """The Hypothesis seed of round *number* of *brand* in an exploration with *seed*."""
    return int(hashlib.sha256(f"{seed}:{brand}:{number}".encode()).hexdigest()[:16], 16)


def explore(options: Options, progress: Callable[[Progress], None] = lambda _: None) -> Report:
    """Explore *options.platform*; *progress* hears after every round."""
    factory = resolve(options.platform)
    declaration = options.declaration or Trial(factory, options.brands[0], options.seed).world.declaration
    logs = {brand: Log() for brand in options.brands}
    actions = catalogue(declaration, options.brands)
    suite = scenarios(declaration, options.brands, options.seed) if options.suite else ()
    suite += tuple(stretched for scenario in suite if (stretched := scenario.stretched()) is not None)
    worlds = {brand: ExampleWorld(factory, brand, options.seed, options.declaration) for brand in options.brands}
    started = time.perf_counter()
    report = Report(options, _progress(logs, started), logs=logs)

    def found(finding: Finding, brand: str) -> Report:
        def fresh() -> Trial:
            return Trial(factory, brand, finding.seed, options.declaration)

        shrunk = minimise(finding, fresh)
        report.brand = brand
        report.finding = dataclasses.replace(shrunk, checks=readable_checks(shrunk, fresh()))
        return report

    for number, scenario in enumerate(suite):
        finding = _play(scenario, factory, options, logs[scenario.brand])
        if finding is not None or (number + 1) % (ROUND * 5) == 0 or number + 1 == len(suite):
            report.progress = _progress(logs, started)
            progress(report.progress)
        if finding is not None:
            return found(finding, scenario.brand)
        if options.budget is not None and time.perf_counter() - started >= options.budget:
            return report
    starts = {brand: tuple(one.start for one in suite if one.brand == brand) for brand in options.brands}
    number = 0
    drawn = 0
    while drawn < options.examples:
        for brand in options.brands:
            before = logs[brand].examples
            finding = _round(options, worlds[brand], actions, number, logs[brand], starts=starts[brand])
            drawn += logs[brand].examples - before
            report.progress = _progress(logs, started)
            progress(report.progress)
            if finding is not None:
                return found(finding, brand)
        number += 1
        if options.budget is not None and time.perf_counter() - started >= options.budget:
            break
    return report


def _play(scenario: Scenario, factory: PlatformFactory, options: Options, log: Log) -> Finding | None:
    """Play *scenario* of the suite judged by the specification alone, then let time pass; a check
    of the scenario's own that fails ends it early (only a rule of the manuals is a finding here)."""
    log.examples += 1
    log.sequence.update(b"--\n")
    trial = Trial(factory, scenario.brand, scenario.seed, options.declaration)
    for step in scenario.steps:
        try:
            finding = log.take(trial, step)
        except Unusable:
            break
        if finding is not None:
            return finding
    try:
        for step in settling(trial.world):
            if (finding := log.take(trial, step)) is not None:
                return finding
    except Unusable:
        pass
    return None


def _round(
    options: Options,
    world: ExampleWorld,
    actions: tuple[Action, ...],
    number: int,
    log: Log,
    *,
    starts: tuple[tuple[Step, ...], ...],
) -> Finding | None:
    brand = world.brand
    exploration = machine(world, actions, log, starts)
    exploration._hypothesis_internal_use_seed = round_seed(options.seed, number, brand)
    database = None
    if options.database is not None:
        database = DirectoryBasedExampleDatabase(options.database / slug(options.platform) / brand)
    try:
        run_state_machine_as_test(
            exploration,
            settings=settings(
                max_examples=ROUND,
                stateful_step_count=options.max_steps,
                deadline=None,
                database=database,
                suppress_health_check=list(HealthCheck),
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
                report_multiple_bugs=False,
                print_blob=False,
            ),
        )
    except ExplorationFailure:
        return log.last
    return None


def _progress(logs: dict[str, Log], started: float) -> Progress:
    return Progress(
        sum(log.examples for log in logs.values()),
        sum(log.actions for log in logs.values()),
        sum(len(log.states) for log in logs.values()),
        sum(1 for log in logs.values() if log.findings),
        time.perf_counter() - started,
    )


def slug(platform: str) -> str:
    """*platform* as a file name: every character that is not a letter or digit a dash."""
    return "".join(character if character.isalnum() else "-" for character in platform).strip("-")
