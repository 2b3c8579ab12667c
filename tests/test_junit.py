"""JUnit XML: one file a run, written by a handler of the run's events (:mod:`reports.junit`), the
same under both runners (compared in ``tests/test_runner_parity.py``): a test case per scenario,
and the verdict, not the runner's phase, decides its element."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commands.cli import main
from core.results import RunResult, ScenarioResult, StepResult, StepStatus
from core.trace import TraceEntry
from core.verdicts import Verdict
from reports.junit import JUnitFile

MUTANT = "mutant:bind_on_first_scan"


def cases(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("testcase"))


def _scenario(name: str, verdict: Verdict, status: StepStatus, message: str = "") -> ScenarioResult:
    step = StepResult("When", "the user scans the QR code", 12, status, 0.0, 90.0, message, "core.verdicts.X")
    trace = (TraceEntry(1.5, "the user's phone", "platform", "scan_qr(qr=...)"),)
    return ScenarioResult(
        name, "features/ismart/binding.feature", ["IS-BIND-3"], verdict, message, trace, 7, steps=[step],
        reproduce="twinrig run --seed 1 -k x" if verdict in (Verdict.FAIL, Verdict.ERROR) else "",
    )  # fmt: skip


def test_each_verdict_has_its_element(tmp_path: Path) -> None:
    run = RunResult(1, "mutant:x")
    run.scenarios = [
        _scenario("passes", Verdict.PASS, StepStatus.PASSED),
        _scenario("fails", Verdict.FAIL, StepStatus.FAILED, "IS-BIND-3: bound on the first scan"),
        _scenario("errs", Verdict.ERROR, StepStatus.ERROR, "PlatformBreakdown: scan_qr timed out"),
        _scenario("undecided", Verdict.INCONCLUSIVE, StepStatus.INCONCLUSIVE, "not applicable: brand"),
    ]
    path = tmp_path / "out" / "junit.xml"
    JUnitFile(path).twinrig_run_finished(results=run)
    root = ET.parse(path).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("4", "1", "1", "1")
    by_name = {case.get("name"): [child.tag for child in case if child.tag != "properties"] for case in cases(root)}
    assert by_name == {"passes": [], "fails": ["failure"], "errs": ["error"], "undecided": ["skipped"]}
    failure = root.find(".//testcase[@name='fails']/failure")
    assert failure is not None
    assert failure.get("message") == "fail: IS-BIND-3: bound on the first scan"
    assert failure.get("type") == "core.verdicts.X"
    text = failure.text or ""
    assert "step: features/ismart/binding.feature:12: When the user scans the QR code" in text
    assert "reproduce: twinrig run --seed 1 -k x" in text
    assert "scan_qr(qr=...)" in text, "the message trace explains a failure"
    properties = {p.get("name"): p.get("value") for p in root.iterfind(".//testcase[@name='fails']/properties/")}
    assert properties == {"requirement": "IS-BIND-3", "scenario-seed": "7", "virtual-seconds": "90.000"}


def test_one_seed_writes_a_byte_identical_file(tmp_path: Path) -> None:
    run = RunResult(1, "reference", [_scenario("fails", Verdict.FAIL, StepStatus.FAILED, "no")])
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    JUnitFile(first).twinrig_run_finished(results=run)
    JUnitFile(second).twinrig_run_finished(results=run)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.end_to_end
def test_twinrig_run_writes_junit_with_a_case_per_scenario(tmp_path: Path) -> None:
    report, results = tmp_path / "junit.xml", tmp_path / "results.json"
    command = ["run", "--platform", MUTANT, "--junit", str(report), "--json", str(results), "--no-traces"]
    assert main([*command, "--allure", str(tmp_path / "allure-results")]) == 1
    scenarios = json.loads(results.read_text(encoding="utf-8"))["scenarios"]
    all_cases = cases(ET.parse(report).getroot())
    assert len(all_cases) == len(scenarios) > 100
    assert [case.get("name") for case in all_cases] == [scenario["name"] for scenario in scenarios]
    bad = [scenario["name"] for scenario in scenarios if scenario["verdict"] == "fail"]
    assert [case.get("name") for case in all_cases if case.find("failure") is not None] == bad != []
