"""Results of a run: a verdict per scenario (with a record of each of its steps), and the run's
totals, as data and as JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

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


@dataclass(slots=True)
class StepResult:
    """One step of a scenario as it ran: where it is written, how it ended, and the world's virtual
    time (``env.now``, seconds) when it *started* and *finished*; *error* names the exception's type."""

    keyword: str
    text: str
    line: int
    status: StepStatus = StepStatus.SKIPPED
    started: float = 0.0
    finished: float = 0.0
    message: str = ""
    error: str = ""

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
    (keyword, text, line), the Background's first."""

    feature: str
    name: str
    tags: frozenset[str]
    steps: Sequence[tuple[str, str, int]] = ()

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
    trace: str = ""
    seed: int = 0
    nodeid: str = ""
    steps: list[StepResult] = field(default_factory=list)
    reproduce: str = ""  # for a failure or an error: the command line that replays this scenario alone
    violated: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RunResult:
    """Every scenario result of one run against *platform* with *seed*."""

    seed: int
    platform: str
    scenarios: list[ScenarioResult] = field(default_factory=list)
    declaration: dict[str, Any] | None = None

    def totals(self) -> dict[str, int]:
        counted = Counter(result.verdict for result in self.scenarios)
        return {verdict.value: counted[verdict] for verdict in Verdict}

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing erred."""
        totals = self.totals()
        return totals["fail"] == 0 and totals["error"] == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "platform": self.platform,
            "scenarios": [{**asdict(result), "verdict": result.verdict.value} for result in self.scenarios],
            "totals": self.totals(),
            "declaration": self.declaration,
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
                    # results written before steps were recorded have none
                    "steps": [
                        StepResult(**{**step, "status": StepStatus(step["status"])}) for step in item.get("steps", [])
                    ],
                }
            )
            for item in data["scenarios"]
        ]
        return cls(data["seed"], data["platform"], scenarios, data.get("declaration"))
