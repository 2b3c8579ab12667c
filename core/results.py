"""Results of a run: a verdict per scenario (with a record of each of its steps), and the run's
totals, as data and as JSON.

Each record says where it stands in the Gherkin the run read (:mod:`core.gherkin`): a scenario
its pickle's ids and its example row, a step its pickle step and the step definitions that read
it (:class:`Match`), so that the run's Cucumber Messages are written from the records alone."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from core.gherkin import GherkinIds, Reading
from core.trace import TraceEntry
from core.verdicts import AmbiguousStep, Inconclusive, RigError, UndefinedStep, Verdict, verdict_of


class StepStatus(StrEnum):
    """How one step ended: the verdicts' words for a step that ran, and *skipped* for one that did not
    (an earlier step ended the scenario, or the scenario was not applicable)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    INCONCLUSIVE = "inconclusive"
    SKIPPED = "skipped"
    UNDEFINED = "undefined"
    AMBIGUOUS = "ambiguous"

    @classmethod
    def of(cls, error: BaseException | None) -> StepStatus:
        """The status of a step that ended with *error* (None: it passed)."""
        if isinstance(error, UndefinedStep):
            return cls.UNDEFINED
        if isinstance(error, AmbiguousStep):
            return cls.AMBIGUOUS
        return _BY_VERDICT[verdict_of(error)]


_BY_VERDICT = {
    Verdict.PASS: StepStatus.PASSED,
    Verdict.FAIL: StepStatus.FAILED,
    Verdict.INCONCLUSIVE: StepStatus.INCONCLUSIVE,
    Verdict.ERROR: StepStatus.ERROR,
}


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase of a step definition, as the step library knows it: the *definition*'s id, the
    phrase's *language* and *pattern* (``parse`` syntax), and where the step function is (*uri*,
    *line*)."""

    definition: str
    language: str
    pattern: str
    uri: str
    line: int


@dataclass(frozen=True, slots=True)
class MatchArgument:
    """An argument a phrase read in a step text: its *name*, its *value* as written, where it
    *start*s in the text, and its parameter *type* (``""`` if the phrase gives none)."""

    name: str
    value: str
    start: int
    type: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A *phrase* that reads a step text, and the *arguments* it reads there."""

    phrase: Phrase
    arguments: tuple[MatchArgument, ...] = ()


@dataclass(slots=True)
class StepResult:
    """One step of a scenario as it ran: where it is written, how it ended, and the world's virtual
    time (``env.now``, seconds) when it *started* and *finished*; *error* names the exception's type.
    *pickle_step* is its step's id in the scenario's pickle (:mod:`core.gherkin`); *matches* are the
    phrases that read it, as the library matched it during the run (none: undefined; more than
    one: ambiguous)."""

    keyword: str
    text: str
    line: int
    status: StepStatus = StepStatus.SKIPPED
    started: float = 0.0
    finished: float = 0.0
    message: str = ""
    error: str = ""
    pickle_step: str = ""
    matches: tuple[Match, ...] = ()

    def end(self, now: float, error: BaseException | None) -> None:
        """The step ended at virtual time *now* with *error* (None: it passed)."""
        self.finished = now
        self.status = StepStatus.of(error)
        self.message = message_of(error)
        self.error = type_name(error) if error is not None else ""


def unrun_at(steps: list[StepResult], line: int) -> StepResult:
    """The record in *steps* of the step at *line* that has not run yet."""
    return next(step for step in steps if step.line == line and step.status is StepStatus.SKIPPED)


def settle(steps: list[StepResult], error: BaseException | None) -> None:
    """A scenario that ended with *error* outside any step (not applicable, no world, an ambiguous
    step): the first step that did not run carries the reason, so that every runner says where."""
    if error is None or any(step.status not in (StepStatus.PASSED, StepStatus.SKIPPED) for step in steps):
        return
    unrun = next((step for step in steps if step.status is StepStatus.SKIPPED), None)
    if unrun is not None:
        unrun.end(unrun.started, error)


def message_of(error: BaseException | None) -> str:
    """The first line of *error*'s message, after its type unless the type is one of the verdicts'."""
    if error is None:
        return ""
    text = str(error).strip().splitlines()
    first = text[0] if text else type(error).__name__
    return first if isinstance(error, AssertionError | Inconclusive | RigError) else f"{type(error).__name__}: {first}"


def type_name(error: BaseException) -> str:
    """*error*'s type as a qualified name (``core.verdicts.PlatformBreakdown``; builtins bare)."""
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


@dataclass(frozen=True, slots=True)
class ScenarioId:
    """Which scenario: its *feature* file (relative to the repository), its *name* as results
    write it (an outline's row in brackets), its *tags* (without ``@``), and its *steps* as
    (keyword, text, line), the Background's first; an outline's *example* row (header → value),
    and its ids in the run's reading of its feature file (*gherkin*)."""

    feature: str
    name: str
    tags: frozenset[str]
    steps: Sequence[tuple[str, str, int]] = ()
    example: dict[str, str] = field(default_factory=dict)
    gherkin: GherkinIds = field(default_factory=GherkinIds)

    def values(self, prefix: str) -> list[str]:
        """The values of the tags ``<prefix>:value``, sorted."""
        return sorted(tag.removeprefix(f"{prefix}:") for tag in self.tags if tag.startswith(f"{prefix}:"))


@dataclass(slots=True)
class ScenarioResult:
    """The verdict of one scenario (one example row of an outline) and what explains it.

    *requirements* are the scenario's ``@req`` tags; *violated* the requirements its fail names
    (:attr:`core.verdicts.RequirementViolation.requirements`: a precondition the platform refused
    fails the requirement of the refused request, tagged or not).
    """

    name: str
    feature: str
    requirements: list[str]
    verdict: Verdict
    message: str = ""
    trace: tuple[TraceEntry, ...] = ()  # the world's messages, in order (render with core.trace.render_trace)
    seed: int = 0
    nodeid: str = ""
    steps: list[StepResult] = field(default_factory=list)
    reproduce: str = ""  # unless it passed: the command line that replays this scenario alone
    example: dict[str, str] = field(default_factory=dict)  # an outline's row: header -> value
    gherkin: GherkinIds = field(default_factory=GherkinIds)  # its pickle's ids in the run's reading of its feature file
    tags: list[str] = field(default_factory=list)  # its Gherkin tags without "@", sorted
    violated: list[str] = field(default_factory=list)  # the requirements its fail names (besides its tags)


@dataclass(slots=True)
class RunResult:
    """Every scenario result of one run against *platform* with *seed*; what the run read and
    matched against, for its Cucumber Messages (not written to JSON): the reading of each feature
    file it played (*features*, by the file's name as results write it) and every phrase of the step
    library (*phrases*)."""

    seed: int
    platform: str
    scenarios: list[ScenarioResult] = field(default_factory=list)
    declaration: dict[str, Any] | None = None
    features: dict[str, Reading] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    shard: tuple[int, int] | None = None
    """The share of the scenarios the run played (``--shard K/N``; written to JSON only then)."""
    rejected_webhooks: int = 0
    """Posts the rig's webhook server refused during the run: without the run's secret, or for a
    world that was not running (another process's, or a platform's late ones)."""

    def totals(self) -> dict[str, int]:
        counted = Counter(result.verdict for result in self.scenarios)
        return {verdict.value: counted[verdict] for verdict in Verdict}

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing erred."""
        totals = self.totals()
        return totals["fail"] == 0 and totals["error"] == 0

    def to_json(self) -> dict[str, Any]:
        """The results as JSON: every scenario and step record, but not the steps' matches (they
        would double the file; the events and the Cucumber Messages carry them), nor *features*
        and *phrases*."""
        shard = {"shard": list(self.shard)} if self.shard is not None else {}
        return shard | {
            "seed": self.seed,
            "platform": self.platform,
            "scenarios": [_scenario_json(result) for result in self.scenarios],
            "totals": self.totals(),
            "declaration": self.declaration,
            "rejected_webhooks": self.rejected_webhooks,
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunResult:
        scenarios = [
            ScenarioResult(
                **{
                    **item,
                    "verdict": Verdict(item["verdict"]),
                    "trace": _trace(item.get("trace", ())),
                    # results written before steps were recorded have none
                    "steps": [_step_of(step) for step in item.get("steps", [])],
                    "gherkin": _ids_of(item.get("gherkin", {})),
                }
            )
            for item in data["scenarios"]
        ]
        shard = (data["shard"][0], data["shard"][1]) if "shard" in data else None
        return cls(
            data["seed"],
            data["platform"],
            scenarios,
            data.get("declaration"),
            shard=shard,
            rejected_webhooks=data.get("rejected_webhooks", 0),
        )


def _trace(data: object) -> tuple[TraceEntry, ...]:
    """A trace read from JSON: its records (results written before traces were records have text; none)."""
    return tuple(TraceEntry(**entry) for entry in data) if isinstance(data, list | tuple) else ()


def _scenario_json(result: ScenarioResult) -> dict[str, Any]:
    data = asdict(result)
    for step in data["steps"]:
        del step["matches"]
    data["gherkin"]["ast_nodes"] = list(result.gherkin.ast_nodes)  # as JSON reads it back
    data["trace"] = [asdict(entry) for entry in result.trace]
    return {**data, "verdict": result.verdict.value}


def _step_of(data: dict[str, Any]) -> StepResult:
    return StepResult(**{**data, "status": StepStatus(data["status"])})


def _ids_of(data: dict[str, Any]) -> GherkinIds:
    return GherkinIds(data.get("pickle", ""), tuple(data.get("ast_nodes", ())))
