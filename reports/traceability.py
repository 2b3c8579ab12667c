"""The traceability matrix: each requirement, the scenarios that cover it, and their verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.results import RunResult, ScenarioResult
from core.verdicts import Verdict
from reports.catalogue import Requirement

UNCOVERED = "uncovered"


@dataclass(slots=True)
class Row:
    """One requirement and the results of the scenarios tagged with it."""

    requirement: Requirement
    results: list[ScenarioResult] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """fail or error if any scenario says so; pass if some passed; else inconclusive."""
        verdicts = {result.verdict for result in self.results}
        if not verdicts:
            return UNCOVERED
        for worst in (Verdict.FAIL, Verdict.ERROR, Verdict.PASS):
            if worst in verdicts:
                return worst.value
        return Verdict.INCONCLUSIVE.value


def matrix(catalogue: list[Requirement], run: RunResult) -> list[Row]:
    rows = {requirement.id: Row(requirement) for requirement in catalogue}
    for result in run.scenarios:
        for requirement in attributed(result):
            if requirement in rows:
                rows[requirement].results.append(result)
    return list(rows.values())


def attributed(result: ScenarioResult) -> list[str]:
    """The requirements *result* counts for: its tags, and those its fail names (a refused
    precondition fails the requirement of the refused request, tagged or not)."""
    return list(dict.fromkeys([*result.requirements, *result.violated]))


def unknown_tags(catalogue: list[Requirement], run: RunResult) -> list[str]:
    """Requirement tags on scenarios that name no requirement of the catalogue."""
    known = {requirement.id for requirement in catalogue}
    return sorted({tag for result in run.scenarios for tag in result.requirements} - known)


def to_json(rows: list[Row], run: RunResult) -> dict[str, Any]:
    return {
        "seed": run.seed,
        "platform": run.platform,
        "requirements": [
            {
                "id": row.requirement.id,
                "text": row.requirement.text,
                "verdict": row.verdict,
                "scenarios": [
                    {"name": result.name, "feature": result.feature, "verdict": result.verdict.value}
                    for result in row.results
                ],
            }
            for row in rows
        ],
        "uncovered": [row.requirement.id for row in rows if row.verdict == UNCOVERED],
    }


def render(rows: list[Row]) -> str:
    lines = [f"{'requirement':<14}{'verdict':<14}scenarios"]
    for row in rows:
        counts: dict[str, int] = {}
        for result in row.results:
            counts[result.verdict.value] = counts.get(result.verdict.value, 0) + 1
        detail = ", ".join(f"{count} {verdict}" for verdict, count in sorted(counts.items())) or "-"
        lines.append(f"{row.requirement.id:<14}{row.verdict:<14}{len(row.results):>3}  ({detail})")
    uncovered = [row.requirement.id for row in rows if row.verdict == UNCOVERED]
    lines.append("")
    lines.append(f"{len(rows) - len(uncovered)}/{len(rows)} requirements covered")
    if uncovered:
        lines.append("uncovered: " + " ".join(uncovered))
    return "\n".join(lines)
