"""JUnit XML from both runners: every scenario a test case, failures where the verdicts fail."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commands.cli import main
from core.features import REPOSITORY

pytestmark = pytest.mark.end_to_end  # every test runs the suite to write its JUnit report

MUTANT = "mutant:bind_on_first_scan"


def cases(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("testcase"))


def failed(case: ET.Element) -> bool:
    return case.find("failure") is not None or case.find("error") is not None


def test_twinrig_run_writes_junit_with_a_case_per_scenario(tmp_path: Path) -> None:
    report, results = tmp_path / "junit.xml", tmp_path / "results.json"
    command = ["run", "--platform", MUTANT, "--junit", str(report), "--json", str(results), "--no-traces"]
    assert main([*command, "--allure", str(tmp_path / "allure-results")]) == 1
    scenarios = json.loads(results.read_text(encoding="utf-8"))["scenarios"]
    all_cases = cases(ET.parse(report).getroot())
    assert len(all_cases) == len(scenarios) > 100
    bad = sum(scenario["verdict"] in ("fail", "error") for scenario in scenarios)
    assert sum(failed(case) for case in all_cases) == bad > 0


def test_behave_writes_junit_for_every_feature(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "behave",
        "-f",
        "null",
        "--no-capture",
        "--no-snippets",
        "--junit",
        "--junit-directory",
        str(tmp_path),
        "-D",
        f"platform={MUTANT}",
    ]
    subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, timeout=300)
    reports = sorted(tmp_path.glob("*.xml"))
    assert len(reports) >= 20, "one JUnit report per feature file"
    all_cases = [case for path in reports for case in cases(ET.parse(path).getroot())]
    assert len(all_cases) > 100
    assert any(failed(case) for case in all_cases), "the mutant's failures show in behave's JUnit"
