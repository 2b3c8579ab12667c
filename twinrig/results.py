"""Results of a run: a verdict per scenario, and the run's totals, as data and as JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from twinrig.verdicts import Verdict


@dataclass(slots=True)
class ScenarioResult:
    """The verdict of one scenario (one example row of an outline) and what explains it."""

    name: str
    feature: str
    requirements: list[str]
    verdict: Verdict
    message: str = ""
    trace: str = ""
    seed: int = 0
    nodeid: str = ""
    reproduce: str = ""  # for a failure or an error: the command line that replays this scenario alone


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
        scenarios = [ScenarioResult(**{**item, "verdict": Verdict(item["verdict"])}) for item in data["scenarios"]]
        return cls(data["seed"], data["platform"], scenarios, data.get("declaration"))
