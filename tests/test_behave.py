"""behave plays the same features on the same step library, with the same verdicts as pytest-bdd."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from twinrig.features import REPOSITORY
from twinrig.runner import run_suite


def behave_verdicts(tmp_path: Path, platform: str) -> dict[tuple[str, str], str]:
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
    scenarios = json.loads(results.read_text(encoding="utf-8"))["scenarios"]
    return {(item["feature"], item["name"]): item["verdict"] for item in scenarios}


@pytest.mark.parametrize("platform", ["reference", "mutant:bind_on_first_scan"])
def test_behave_and_pytest_bdd_give_every_scenario_the_same_verdict(tmp_path: Path, platform: str) -> None:
    by_pytest = {(item.feature, item.name): item.verdict.value for item in run_suite(platform, 1).scenarios}
    by_behave = behave_verdicts(tmp_path, platform)
    assert len(by_behave) == len(by_pytest) > 100
    assert by_behave == by_pytest
    languages = {feature.split("/")[-2] for feature, _ in by_behave}
    assert {"da", "no"} <= languages, "the Danish and Norwegian features must run under behave too"
    if platform.startswith("mutant:"):
        assert "fail" in by_behave.values()
