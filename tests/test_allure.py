"""Allure results from both runners, the HTML report, and that report in a real browser.

A small run against a mutant with a declaration that claims only MG iSmart gives every Allure
status but one: a requirement violated (failed), a pass, scenarios not applicable (skipped); a
platform that refuses the connection gives a breakdown (broken), and an undefined step a rig
error (broken).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import chromium
from rig_project import CONFTEST, run_rig

from commands.cli import main
from core.features import REPOSITORY
from core.results import RunResult
from core.verdicts import Verdict
from reports import allure_report
from reports.allure import CATEGORIES
from twinrig.runner import run_suite

if TYPE_CHECKING:
    from rig_runs import CliRun

pytest_plugins = ["pytester", "rig_runs"]

pytestmark = pytest.mark.end_to_end  # every test plays (part of) the suite, renders a report or opens the browser

MUTANT = "mutant:bind_on_first_scan"
REFUSED = "http://127.0.0.1:9"  # nothing listens there: every call is a breakdown
SELECT = "test_binding__a_qr_code or test_binding__two_qr or vehicles__a_vin_typed"
FEATURES = ("features/ismart/binding.feature", "features/myrenault/vehicles.feature")
FAILING = "Two QR scans log in to the car and bind it"


@dataclass(frozen=True, slots=True)
class AllureRun:
    """A run's verdicts (*run*) and the Allure results it wrote into *folder*."""

    run: RunResult | None
    folder: Path

    def results(self) -> list[dict[str, Any]]:
        return [json.loads(path.read_text(encoding="utf-8")) for path in self.folder.glob("*-result.json")]

    def named(self, name: str) -> dict[str, Any]:
        found = [result for result in self.results() if result["name"] == name]
        assert len(found) == 1, f"one Allure result named {name!r}, not {len(found)}"
        return found[0]

    def statuses(self) -> dict[str, str]:
        return {result["name"]: result["status"] for result in self.results()}


def ismart_only(folder: Path) -> Path:
    """The reference's declaration without My Renault: its scenarios are not applicable."""
    declaration = json.loads((REPOSITORY / "docs/examples/declaration.json").read_text(encoding="utf-8"))
    declaration["brands"] = ["ismart"]
    declaration["models"] = [model for model in declaration["models"] if model["brand"] == "ismart"]
    path = folder / "ismart-only.json"
    path.write_text(json.dumps(declaration), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> AllureRun:
    folder = tmp_path_factory.mktemp("allure-small")
    run = run_suite(MUTANT, 1, select=SELECT, declaration=ismart_only(folder), allure=folder / "results")
    return AllureRun(run, folder / "results")


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> AllureRun:
    folder = tmp_path_factory.mktemp("allure-refused") / "results"
    return AllureRun(run_suite(REFUSED, 1, select="test_binding__typing_the_credentials", allure=folder), folder)


def behave(folder: Path, platform: str, *options: str) -> AllureRun:
    """behave with allure-behave's formatter into *folder* (and twinrig's verdicts beside it)."""
    verdicts = folder.with_suffix(".json")
    command = [sys.executable, "-m", "behave", "-f", "allure_behave.formatter:AllureFormatter", "-o", str(folder)]
    command += [
        "-f",
        "null",
        "--no-capture",
        "--no-snippets",
        "-D",
        f"platform={platform}",
        "-D",
        f"results={verdicts}",
    ]
    subprocess.run([*command, *options], cwd=REPOSITORY, check=False, capture_output=True, timeout=300)
    return AllureRun(RunResult.from_json(json.loads(verdicts.read_text(encoding="utf-8"))), folder)


@pytest.fixture(scope="module")
def behave_small(tmp_path_factory: pytest.TempPathFactory) -> AllureRun:
    folder = tmp_path_factory.mktemp("allure-behave")
    return behave(folder / "results", MUTANT, "-D", f"declaration={ismart_only(folder)}", *FEATURES)


def test_pytest_bdd_statuses_follow_the_verdicts(small: AllureRun, refused: AllureRun) -> None:
    statuses: set[str] = set()
    for allure in (small, refused):
        assert allure.run is not None
        assert len(allure.results()) == len(allure.run.scenarios)
        for result in allure.run.scenarios:
            assert allure.statuses()[result.name] == result.verdict.allure_status, result.name
        statuses |= set(allure.statuses().values())
    assert statuses == {"passed", "failed", "skipped", "broken"}
    failed = small.named(FAILING)
    assert "RequirementViolation" in failed["statusDetails"]["trace"]
    assert failed["statusDetails"]["message"].startswith("fail: ")
    (broken,) = refused.results()
    assert broken["status"] == "broken"
    assert broken["statusDetails"]["message"].startswith("error: PlatformBreakdown: platform broke down in reset")
    skipped = [result for result in small.results() if result["status"] == "skipped"]
    assert len(skipped) == 3
    assert all(result["statusDetails"]["message"].startswith("inconclusive: not applicable") for result in skipped)
    assert all(step["status"] != "broken" for result in skipped for step in result["steps"])


def test_a_rig_error_is_broken(pytester: pytest.Pytester) -> None:
    feature = (
        "@brand:ismart @req:IS-BIND-1\nFeature: Undefined\n\n"
        "  Scenario: A step nobody wrote\n    Given the user is logged in to the iSmart app\n"
        "    When the user whistles at the car\n"
    )
    conftest = CONFTEST.replace('["twinrig.plugin"]', '["twinrig.plugin", "twinrig.pytest_allure"]')
    folder = pytester.path / "allure-results"
    run = run_rig(
        pytester,
        {"undefined.feature": feature},
        "-p",
        "no:allure_pytest",
        "--alluredir",
        str(folder),
        conftest=conftest,
    )
    assert run.one("A step nobody wrote")["verdict"] == "error"
    (result,) = AllureRun(None, folder).results()
    assert result["status"] == "broken"
    assert "undefined step" in result["statusDetails"]["message"] or "whistles" in result["statusDetails"]["message"]


def test_behave_statuses_follow_the_verdicts(behave_small: AllureRun, tmp_path: Path) -> None:
    broken = behave(tmp_path / "results", REFUSED, "-n", FAILING, FEATURES[0])
    statuses: set[str] = set()
    for allure in (behave_small, broken):
        assert allure.run is not None
        assert len(allure.results()) == len(allure.run.scenarios) > 0
        for result in allure.run.scenarios:
            assert allure.statuses()[result.name] == result.verdict.allure_status, result.name
        statuses |= set(allure.statuses().values())
    assert statuses == {"passed", "failed", "skipped", "broken"}
    assert behave_small.statuses()[FAILING] == "failed"
    assert behave_small.statuses()["A QR code is short-lived"] == "passed"
    assert broken.named(FAILING)["statusDetails"]["message"].startswith(
        "error: PlatformBreakdown: platform broke down in reset"
    )


@pytest.mark.parametrize("runner", ["pytest-bdd", "behave"])
def test_a_result_shows_requirements_brand_time_and_the_trace(
    runner: str, small: AllureRun, behave_small: AllureRun
) -> None:
    allure = small if runner == "pytest-bdd" else behave_small
    result = allure.named(FAILING)
    labels: dict[str, list[str]] = {}
    for label in result["labels"]:
        labels.setdefault(label["name"], []).append(label["value"])
    assert labels["requirement"] == ["IS-BIND-1", "IS-BIND-2", "IS-BIND-3"]
    assert labels["brand"] == ["ismart"]
    assert labels["epic"] == ["MG iSmart"]
    assert labels["feature"] == ["Logging in to the car and binding it"]
    assert labels["story"] == [FAILING]
    assert labels["verdict"] == ["fail"]
    assert labels["framework"] == [runner]
    links = {link["name"]: link["url"] for link in result["links"]}
    assert links == {req: f"requirements.html#{req}" for req in labels["requirement"]}
    ran = [step for step in result["steps"] if step["status"] != "skipped"]
    times = [
        parameter["value"] for step in ran for parameter in step["parameters"] if parameter["name"] == "virtual time"
    ]
    assert len(times) == len(ran) < len(result["steps"]), "every step that ran shows its virtual time"
    assert all(re.fullmatch(r"T\+\S+( → T\+\S+)?", value) for value in times)
    assert "→" in times[0], "logging in takes virtual time: the first step shows where it started and ended"
    attachments = {attachment["name"]: allure.folder / attachment["source"] for attachment in result["attachments"]}
    svg = ET.parse(attachments["message trace (sequence diagram)"]).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    names = {text.text for text in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"platform", "SMS gateway"} <= names
    assert "send_registration_code" in attachments["message trace"].read_text(encoding="utf-8")


@pytest.mark.parametrize("runner", ["pytest-bdd", "behave"])
def test_the_run_writes_its_environment_and_categories(runner: str, small: AllureRun, behave_small: AllureRun) -> None:
    folder = (small if runner == "pytest-bdd" else behave_small).folder
    lines = (folder / "environment.properties").read_text(encoding="utf-8").splitlines()
    environment = dict(line.split("=", 1) for line in lines)
    assert environment["platform.name"] == "twinrig reference platform"
    assert environment["platform.version"] == "0.1.0"
    assert environment["platform.url"] == "in-process"
    assert environment["platform.spec"] == MUTANT
    assert environment["seed"] == "1"
    assert environment["suite"].startswith("twinrig ")
    assert environment["runner"] == runner
    assert json.loads((folder / "categories.json").read_text(encoding="utf-8")) == CATEGORIES


def test_the_categories_tell_fail_error_and_not_applicable_apart(small: AllureRun, refused: AllureRun) -> None:
    def category(result: dict[str, Any]) -> str:
        message = result.get("statusDetails", {}).get("message", "")
        for rule in CATEGORIES:
            if result["status"] in rule["matchedStatuses"] and re.match(rule.get("messageRegex", ""), message):
                return str(rule["name"])
        return ""

    found = {category(result) for result in small.results() + refused.results()}
    assert {
        "Fail: a requirement is violated",
        "Error: the platform broke down",
        "Inconclusive: not applicable",
    } <= found


def test_every_scenario_of_twinrig_run_has_an_allure_result(cli_run: CliRun) -> None:
    results = AllureRun(None, cli_run.path.parent / "allure-results").results()
    assert len(results) == len(cli_run.result.scenarios) > 100
    assert {result["status"] for result in results} == {Verdict.PASS.allure_status}


@pytest.fixture(scope="module")
def report(small: AllureRun, refused: AllureRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("allure-report")
    command = ["report", "--results", str(small.folder), "--results", str(refused.folder)]
    assert main([*command, "--out", str(folder / "report"), "--history", str(folder / "history.jsonl")]) == 0
    return folder / "report" / "index.html"


def test_the_report_is_one_file_with_the_catalogue_beside_it(report: Path) -> None:
    assert report.stat().st_size > 100_000
    catalogue = (report.parent / "requirements.html").read_text(encoding="utf-8")
    assert 'id="IS-BIND-1"' in catalogue


def test_the_report_in_a_browser_shows_scenarios_verdicts_and_the_diagram(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {
        item["name"]: item["id"]
        for item in json.loads((report.parent / "test-results.json").read_text())["byId"].values()
    }
    with chromium(tmp_path / "profile") as page:
        page.open(report.as_uri(), "document.body.innerText.includes('MG iSmart')")
        overview = page.text()
        for words in ("Failed", "Passed", "Skipped", "Broken", "platform.name", "platform.spec", "seed", "suite"):
            assert words in overview, words  # the verdicts' statuses and the environment
        page.open(
            f"{report.as_uri()}#{ids[FAILING]}/attachments", "document.body.innerText.includes('sequence diagram')"
        )
        assert FAILING in page.text()
        assert "Fail: a requirement is violated" in page.text()
        image = "document.querySelector('[data-testid=test-result-attachment] img')"
        page.click_until(
            "Array.from(document.querySelectorAll('[data-testid=test-result-attachment-header] button'))"
            ".find(b => b.innerText.includes('sequence diagram'))",
            f"!!{image}",
        )
        svg = page.evaluate(f"fetch({image}.src).then(r => r.text())", wait=True)
        assert svg.startswith("<svg")
        assert ">platform<" in svg
        page.wait_for(f"{image}.naturalWidth > 0")
        shot = page.screenshot(tmp_path / "allure-report-scenario.png")
    with capsys.disabled():
        print(f"\nscreenshot of the report: {shot}")
    assert shot.stat().st_size > 10_000


def test_the_history_is_kept_between_reports(report: Path, small: AllureRun) -> None:
    history = report.parent.parent / "history.jsonl"
    assert len(history.read_text(encoding="utf-8").splitlines()) == 1
    allure_report.generate([small.folder], report.parent.parent / "again", history)
    assert len(history.read_text(encoding="utf-8").splitlines()) == 2, "the second report adds its run"


def test_report_without_results_or_generator_says_what_to_do(
    tmp_path: Path, small: AllureRun, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["report", "--results", str(tmp_path / "nothing")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "twinrig run" in error
    monkeypatch.setattr(allure_report, "GENERATOR", tmp_path / "no-allure")
    assert main(["report", "--results", str(small.folder), "--out", str(tmp_path / "report")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "make install" in error
