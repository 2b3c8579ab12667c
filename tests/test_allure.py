"""Allure results from both runners, the HTML report, and that report in a real browser.

The rig writes the Allure results itself, from its own records (reports/allure_results.py), so
pytest-bdd and behave write the same results for the same run. Three feature files against a
mutant with a declaration that claims only MG iSmart give a requirement violated (failed),
passes, and scenarios not applicable (skipped); a platform that answers 500 and one that
refuses the connection give breakdowns (broken), and an undefined step a rig error (broken).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser import chromium
from rig_project import CONFTEST, run_rig
from test_runner_parity import _Answers500, _serving, nobody_listening

from commands.cli import main
from core.features import REPOSITORY
from core.options import RunOptions
from core.results import RunResult, StepStatus
from core.verdicts import Verdict
from reports import allure_report
from reports.allure import CATEGORIES, EPOCH
from twinrig.runner import run

if TYPE_CHECKING:
    from rig_runs import CliRun

pytest_plugins = ["pytester", "rig_runs"]

pytestmark = pytest.mark.end_to_end  # every test plays (part of) the suite, renders a report or opens the browser

MUTANT = "mutant:bind_on_first_scan"
FEATURES = (
    REPOSITORY / "features/ismart/binding.feature",
    REPOSITORY / "features/ismart/login.feature",
    REPOSITORY / "features/myrenault/vehicles.feature",
)
FAILING = "Two QR scans log in to the car and bind it"
OUTLINE_ROW = "Logging in with a <identifier> [phone number]"


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

    def canonical(self, *, runner: bool = True) -> list[dict[str, Any]]:
        """The results in a canonical order, each without its uuid and with each attachment's
        file name (a uuid) replaced by its content's digest; without *runner*, without what names
        the runner: the ``framework`` label and the ``reproduce`` command."""
        canonical = []
        for result in sorted(self.results(), key=lambda item: item["fullName"]):
            result.pop("uuid")
            for attachment in result.get("attachments", []):
                body = (self.folder / attachment.pop("source")).read_bytes()
                attachment["sha256"] = hashlib.sha256(body).hexdigest()
            if not runner:
                result["labels"] = [label for label in result["labels"] if label["name"] != "framework"]
                kept = [item for item in result.get("attachments", []) if item["name"] != "reproduce"]
                result["attachments"] = kept
            canonical.append(result)
        return canonical

    def run_files(self) -> dict[str, str]:
        return {name: (self.folder / name).read_text(encoding="utf-8") for name in RUN_FILES}


RUN_FILES = ("environment.properties", "categories.json")


def ismart_only(folder: Path) -> Path:
    """The reference's declaration without My Renault: its scenarios are not applicable."""
    declaration = json.loads((REPOSITORY / "docs/examples/declaration.json").read_text(encoding="utf-8"))
    declaration["brands"] = ["ismart"]
    declaration["models"] = [model for model in declaration["models"] if model["brand"] == "ismart"]
    path = folder / "ismart-only.json"
    path.write_text(json.dumps(declaration), encoding="utf-8")
    return path


def by_pytest(folder: Path, options: RunOptions, features: tuple[Path, ...] = FEATURES) -> AllureRun:
    """pytest-bdd playing *features* with *options*, its Allure results into *folder*."""
    result = run(dataclasses.replace(options, features=features, allure=folder))
    return AllureRun(result, folder)


def by_behave(folder: Path, options: RunOptions, features: tuple[Path, ...] = FEATURES) -> AllureRun:
    """behave playing *features* with *options*, its Allure results into *folder* (``-D allure``)."""
    verdicts = folder.with_suffix(".json")
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets"]
    command += [*dataclasses.replace(options, allure=folder).behave_args(), "-D", f"results={verdicts}"]
    done = subprocess.run(
        [*command, *map(str, features)], cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=300
    )
    assert verdicts.is_file(), f"behave wrote no results:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return AllureRun(RunResult.from_json(json.loads(verdicts.read_text(encoding="utf-8"))), folder)


@pytest.fixture(scope="module")
def mutant_options(tmp_path_factory: pytest.TempPathFactory) -> RunOptions:
    return RunOptions(MUTANT, 1, declaration=ismart_only(tmp_path_factory.mktemp("declaration")))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, mutant_options: RunOptions) -> AllureRun:
    return by_pytest(tmp_path_factory.mktemp("allure-pytest") / "results", mutant_options)


@pytest.fixture(scope="module")
def behave_small(tmp_path_factory: pytest.TempPathFactory, mutant_options: RunOptions) -> AllureRun:
    return by_behave(tmp_path_factory.mktemp("allure-behave") / "results", mutant_options)


@pytest.fixture(scope="module")
def answers_500() -> Iterator[str]:
    yield from _serving(_Answers500)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, answers_500: str) -> dict[str, AllureRun]:
    """Both runners' results of binding.feature against a platform that answers 500 to every call."""
    folder = tmp_path_factory.mktemp("allure-500")
    options = RunOptions(answers_500, 1, deadline=2.0)
    binding = FEATURES[:1]
    return {
        "pytest-bdd": by_pytest(folder / "pytest", options, binding),
        "behave": by_behave(folder / "behave", options, binding),
    }


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> AllureRun:
    """A scenario none of :data:`FEATURES` has (one report shows it beside them) against a refused connection."""
    folder = tmp_path_factory.mktemp("allure-refused") / "results"
    options = RunOptions(nobody_listening(), 1, deadline=2.0, select="test_registration__a_wrong_code")
    return AllureRun(run(dataclasses.replace(options, allure=folder)), folder)


def test_both_runners_write_the_same_allure_results(
    small: AllureRun, behave_small: AllureRun, broken: dict[str, AllureRun]
) -> None:
    for pytest_run, behave_run in ((small, behave_small), (broken["pytest-bdd"], broken["behave"])):
        assert len(pytest_run.results()) == len(behave_run.results()) > 0
        assert pytest_run.canonical(runner=False) == behave_run.canonical(runner=False)
        pytest_files, behave_files = pytest_run.run_files(), behave_run.run_files()
        assert pytest_files["categories.json"] == behave_files["categories.json"]
        assert (
            pytest_files["environment.properties"].replace("runner=pytest-bdd", "runner=behave")
            == (behave_files["environment.properties"])
        )
    assert {label["value"] for label in small.named(FAILING)["labels"] if label["name"] == "framework"} == {
        "pytest-bdd"
    }
    assert {label["value"] for label in behave_small.named(FAILING)["labels"] if label["name"] == "framework"} == {
        "behave"
    }


def test_one_seed_writes_the_same_allure_results(small: AllureRun, mutant_options: RunOptions, tmp_path: Path) -> None:
    again = by_pytest(tmp_path / "again", mutant_options)
    assert again.canonical() == small.canonical()
    assert again.run_files() == small.run_files()
    other = by_pytest(tmp_path / "other", dataclasses.replace(mutant_options, seed=2))
    seeds = {
        parameter["value"]
        for result in other.results()
        for parameter in result["parameters"]
        if parameter["name"] == "run seed"
    }
    assert seeds == {"2"}, "the run's seed is every result's parameter"
    assert other.canonical() != small.canonical()


@pytest.mark.parametrize("runner", ["pytest-bdd", "behave"])
def test_the_statuses_follow_the_verdicts(
    runner: str, small: AllureRun, behave_small: AllureRun, broken: dict[str, AllureRun]
) -> None:
    statuses: set[str] = set()
    for allure in (small if runner == "pytest-bdd" else behave_small, broken[runner]):
        assert allure.run is not None
        assert len(allure.results()) == len(allure.run.scenarios) > 0
        for result in allure.run.scenarios:
            assert allure.statuses()[result.name] == result.verdict.allure_status, result.name
            written = allure.named(result.name)
            if result.verdict is not Verdict.PASS:
                assert written["statusDetails"]["message"] == f"{result.verdict.value}: {result.message}"
        statuses |= set(allure.statuses().values())
    assert statuses == {"passed", "failed", "skipped", "broken"}
    allure = small if runner == "pytest-bdd" else behave_small
    failed = allure.named(FAILING)
    assert failed["status"] == "failed"
    assert "core.verdicts.RequirementViolation: " in failed["statusDetails"]["trace"]
    assert "features/ismart/binding.feature:" in failed["statusDetails"]["trace"], "the trace names the step's line"
    skipped = [result for result in allure.results() if result["status"] == "skipped"]
    assert allure.run is not None
    my_renault = [result for result in allure.run.scenarios if result.feature.startswith("features/myrenault/")]
    not_applicable = [
        result for result in skipped if result["statusDetails"]["message"].startswith("inconclusive: not applicable")
    ]
    assert len(not_applicable) == len(my_renault) > 0, "every My Renault scenario is not applicable"
    assert all(result["statusDetails"]["message"].startswith("inconclusive: ") for result in skipped)
    assert all(step["status"] != "broken" for result in skipped for step in result["steps"])
    for result in broken[runner].results():
        assert result["status"] == "broken"
        assert result["statusDetails"]["message"].startswith("error: PlatformBreakdown: platform broke down in ")
        assert "500" in result["statusDetails"]["message"]


def test_a_refused_connection_is_broken(refused: AllureRun) -> None:
    (result,) = refused.results()
    assert result["status"] == "broken"
    assert result["statusDetails"]["message"].startswith("error: PlatformBreakdown: platform broke down in reset")


def test_a_rig_error_is_broken(pytester: pytest.Pytester) -> None:
    feature = (
        "@brand:ismart @req:IS-BIND-1\nFeature: Undefined\n\n"
        "  Scenario: A step nobody wrote\n    Given the user is logged in to the iSmart app\n"
        "    When the user whistles at the car\n"
        "    Then the user is logged in to the app\n"
    )
    folder = pytester.path / "allure-results"
    run = run_rig(pytester, {"undefined.feature": feature}, "--twinrig-allure", str(folder), conftest=CONFTEST)
    assert run.one("A step nobody wrote")["verdict"] == "error"
    (result,) = AllureRun(None, folder).results()
    assert result["status"] == "broken"
    assert result["statusDetails"]["message"].startswith("error: ")
    assert (
        "undefined.feature:6: undefined step 'When the user whistles at the car'" in result["statusDetails"]["message"]
    )
    assert [step["status"] for step in result["steps"]] == ["passed", "broken", "skipped"]
    assert "whistles" in result["steps"][1]["statusDetails"]["message"]
    assert [label["value"] for label in result["labels"] if label["name"] == "feature"] == ["Undefined"]


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
    assert "capability:qr_binding" in labels["tag"]
    assert result["description"].startswith("After logging in to the app")
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
    reproduce = attachments["reproduce"].read_text(encoding="utf-8").strip()
    assert reproduce.startswith("twinrig run " if runner == "pytest-bdd" else "behave ")
    assert reproduce == next(item.reproduce for item in allure.run.scenarios if item.name == FAILING)  # type: ignore[union-attr]


@pytest.mark.parametrize("runner", ["pytest-bdd", "behave"])
def test_the_times_are_the_virtual_ones(runner: str, small: AllureRun, behave_small: AllureRun) -> None:
    """Each step's start and stop is its record's virtual time after the scenario's start; each
    scenario starts where the one before it ended, the first at the epoch."""
    allure = small if runner == "pytest-bdd" else behave_small
    assert allure.run is not None
    clock = EPOCH
    for scenario in allure.run.scenarios:
        result = allure.named(scenario.name)
        assert result["start"] == clock, scenario.name
        for step, record in zip(result["steps"], scenario.steps, strict=True):
            assert step["name"] == f"{record.keyword} {record.text}"
            if record.status is not StepStatus.SKIPPED:
                assert step["start"] == clock + round(record.started * 1000)
                assert step["stop"] == clock + round(record.finished * 1000)
        clock = result["stop"]
    assert clock - EPOCH > 60_000, "the run takes more than a virtual minute"


@pytest.mark.parametrize("runner", ["pytest-bdd", "behave"])
def test_an_outline_row_is_a_parameter(runner: str, small: AllureRun, behave_small: AllureRun) -> None:
    allure = small if runner == "pytest-bdd" else behave_small
    result = allure.named(OUTLINE_ROW)
    parameters = {parameter["name"]: parameter for parameter in result["parameters"]}
    assert parameters["identifier"] == {"name": "identifier", "value": "phone number"}
    assert parameters["run seed"]["value"] == "1"
    assert parameters["scenario seed"]["value"] == str(
        next(item.seed for item in allure.run.scenarios if item.name == OUTLINE_ROW)  # type: ignore[union-attr]
    )
    other = allure.named("Logging in with a <identifier> [e-mail address]")
    assert other["testCaseId"] == result["testCaseId"], "the rows of an outline are one test case"
    assert other["historyId"] != result["historyId"]


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
