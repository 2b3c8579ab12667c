"""behave plays the same features on the same step library, with the same verdicts as pytest-bdd
(and the same record of every step)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from twinrig.features import REPOSITORY
from twinrig.results import RunResult, ScenarioResult
from twinrig.runner import run_suite


def behave_run(tmp_path: Path, platform: str) -> RunResult:
    results = tmp_path / f"behave-{platform.replace(':', '_')}.json"
    command = [
        sys.executable,
        "-m",
        "behave",
        "-f",
        "null",
        "--no-capture",
        "--no-snippets",
        "-D",
        f"platform={platform}",
        "-D",
        f"results={results}",
    ]
    subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, timeout=300)
    return RunResult.from_json(json.loads(results.read_text(encoding="utf-8")))


def verdicts(scenarios: list[ScenarioResult]) -> dict[tuple[str, str], str]:
    return {(item.feature, item.name): item.verdict.value for item in scenarios}


def steps(scenarios: list[ScenarioResult]) -> dict[tuple[str, str], list[tuple[int, str, str, str]]]:
    """Each scenario's steps: line, keyword, status and message (not their virtual times: each
    runner derives a scenario's seed from its own name for it, so the twins' latencies differ)."""
    return {
        (item.feature, item.name): [(step.line, step.keyword, step.status, step.message) for step in item.steps]
        for item in scenarios
    }


@pytest.mark.parametrize("platform", ["reference", "mutant:bind_on_first_scan"])
def test_behave_and_pytest_bdd_give_every_scenario_the_same_verdict(tmp_path: Path, platform: str) -> None:
    played_by_pytest, played_by_behave = run_suite(platform, 1).scenarios, behave_run(tmp_path, platform).scenarios
    by_pytest, by_behave = verdicts(played_by_pytest), verdicts(played_by_behave)
    assert len(by_behave) == len(by_pytest) > 100
    assert by_behave == by_pytest
    languages = {feature.split("/")[-2] for feature, _ in by_behave}
    assert {"da", "no"} <= languages, "the Danish and Norwegian features must run under behave too"
    if platform.startswith("mutant:"):
        assert "fail" in by_behave.values()
    assert steps(played_by_behave) == steps(played_by_pytest)
