"""Cucumber Messages from both runners: valid against the published schema, linked, and faithful.

The schema is the one ``@cucumber/messages`` publishes (npm, in package.json); every line of
every file is validated against its Envelope, with the ``$ref``s between its schemas resolved.
Cucumber's own HTML formatter reads the files, and Chromium shows what it makes of them.
The runs are small: three feature files (a Background, an outline, Danish), in real time so
that the ``@needs-clock`` scenarios are inconclusive, against the reference and a mutant.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, FLAGS
from feature_vandal import VANDALISED
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from rig_project import run_rig

from commands.cli import main
from core.features import REPOSITORY
from core.gherkin import read
from core.options import RunOptions
from core.results import RunResult, ScenarioResult, StepResult, StepStatus
from core.verdicts import RigError, Verdict
from reference import DECLARATION
from reports.certificate import digest, make_certificate, platform_info
from reports.certificate_check import verify_certificate
from reports.cucumber_messages import PROTOCOL_VERSION, messages, write_messages
from steps.registry import StepLibrary
from twinrig.runner import run

pytest_plugins = ["pytester"]

SCHEMA_PACKAGE = REPOSITORY / "node_modules" / "@cucumber" / "messages"
FEATURES = [  # in the order both runners play them: a folder's own files, then its subfolders'
    "features/ismart/binding.feature",
    "features/ismart/login.feature",
    "features/ismart/da/tilknytning.feature",
]
SELECT = "test_binding__ or test_da_tilknytning__ or test_login__"
PLATFORMS = ["reference", "mutant:bind_on_first_scan"]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    path = SCHEMA_PACKAGE / "messages.schema.json"
    assert path.is_file(), f"{path} is missing: `make install` installs the npm packages of package.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(schema["$id"], Resource.from_contents(schema)).crawl()
    return Draft202012Validator(schema, registry=registry)


@dataclass(frozen=True, slots=True)
class Run:
    """One runner's run: its results and its Cucumber Messages file."""

    results: RunResult
    path: Path

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]


def pytest_bdd_run(folder: Path, platform: str, seed: int = 1) -> Run:
    path, results = folder / f"pytest-{seed}.ndjson", folder / f"pytest-{seed}.json"
    options = ["--platform", platform, "--seed", str(seed), "--real-time", "-k", SELECT]
    main(["run", *options, "--messages", str(path), "--json", str(results), "--no-traces"])
    return Run(RunResult.from_json(json.loads(results.read_text(encoding="utf-8"))), path)


def behave_run(folder: Path, platform: str) -> Run:
    path, results = folder / "behave.ndjson", folder / "behave.json"
    data = {"platform": platform, "real_time": "yes", "messages": path, "results": results}
    options = [part for key, value in data.items() for part in ("-D", f"{key}={value}")]
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets", *options, *FEATURES]
    done = subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=120)
    assert path.is_file(), f"behave wrote no messages:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return Run(RunResult.from_json(json.loads(results.read_text(encoding="utf-8"))), path)


@pytest.fixture(scope="module", params=PLATFORMS)
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    folder = tmp_path_factory.mktemp(request.param.replace(":", "_"))
    return {"pytest-bdd": pytest_bdd_run(folder, request.param), "behave": behave_run(folder, request.param)}


RUNNERS = ["pytest-bdd", "behave"]


def of_kind(envelopes: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [envelope[kind] for envelope in envelopes if kind in envelope]


Steps = list[tuple[str, str]]


def played(envelopes: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Steps]]:
    """Each test case's pickle and its steps' statuses and messages, in the order they were played."""
    pickles = {pickle["id"]: pickle for pickle in of_kind(envelopes, "pickle")}
    cases = {case["id"]: pickles[case["pickleId"]] for case in of_kind(envelopes, "testCase")}
    started = {item["id"]: cases[item["testCaseId"]] for item in of_kind(envelopes, "testCaseStarted")}
    steps: dict[str, Steps] = {started_id: [] for started_id in started}
    for finished in of_kind(envelopes, "testStepFinished"):
        result = finished["testStepResult"]
        steps[finished["testCaseStartedId"]].append((result["status"], result.get("message", "")))
    return [(started[started_id], steps[started_id]) for started_id in started]


def case_statuses(envelopes: list[dict[str, Any]]) -> dict[tuple[str, str, int], Steps]:
    """Each test case's step statuses and messages, by its pickle's file, name and line."""
    return {(pickle["uri"], pickle["name"], pickle["location"]["line"]): steps for pickle, steps in played(envelopes)}


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.end_to_end
def test_every_line_is_an_envelope_of_the_published_schema(
    runs: dict[str, Run], runner: str, validator: Draft202012Validator
) -> None:
    envelopes = runs[runner].envelopes
    for number, envelope in enumerate(envelopes, start=1):
        errors = [error.message for error in validator.iter_errors(envelope)]
        assert not errors, f"{runner} line {number}: {errors[:3]}"
    kinds = Counter(next(iter(envelope)) for envelope in envelopes)
    assert kinds["meta"] == kinds["testRunStarted"] == kinds["testRunFinished"] == 1
    assert kinds["source"] == kinds["gherkinDocument"] == len(FEATURES)
    assert (
        kinds["testCase"]
        == kinds["testCaseStarted"]
        == kinds["testCaseFinished"]
        == len(runs[runner].results.scenarios)
    )
    assert kinds["testStepStarted"] == kinds["testStepFinished"] > kinds["testCase"]


def test_the_validator_rejects_what_the_schema_forbids(validator: Draft202012Validator) -> None:
    """The $refs are followed: a testStepResult with a status Cucumber does not know is refused."""
    bad_status = {"status": "INCONCLUSIVE", "duration": {"seconds": 0, "nanos": 0}}
    finished = {"testCaseStartedId": "1", "testStepId": "2", "testStepResult": bad_status}
    assert not validator.is_valid({"testStepFinished": {**finished, "timestamp": {"seconds": 0, "nanos": 0}}})
    assert not validator.is_valid({"testStepFinished": finished})
    assert not validator.is_valid({"verdict": "pass"})


def test_the_protocol_version_is_that_of_the_schema_package() -> None:
    package = json.loads((SCHEMA_PACKAGE / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == PROTOCOL_VERSION


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.end_to_end
def test_the_ids_reference_each_other(runs: dict[str, Run], runner: str) -> None:
    envelopes = runs[runner].envelopes
    ids = [
        item["id"]
        for kind in ("pickle", "stepDefinition", "testCase", "testCaseStarted")
        for item in of_kind(envelopes, kind)
    ]
    assert len(ids) == len(set(ids)), "ids are unique"
    sources = {source["uri"] for source in of_kind(envelopes, "source")}
    assert {document["uri"] for document in of_kind(envelopes, "gherkinDocument")} == sources
    pickles = {pickle["id"]: pickle for pickle in of_kind(envelopes, "pickle")}
    assert {pickle["uri"] for pickle in pickles.values()} <= sources
    definitions = {definition["id"] for definition in of_kind(envelopes, "stepDefinition")}
    (run_started,) = of_kind(envelopes, "testRunStarted")
    cases = {case["id"]: case for case in of_kind(envelopes, "testCase")}
    for case in cases.values():
        assert case["testRunStartedId"] == run_started["id"]
        pickle_steps = {step["id"]: step for step in pickles[case["pickleId"]]["steps"]}
        assert [step["pickleStepId"] for step in case["testSteps"]] == list(pickle_steps)
        for step in case["testSteps"]:
            assert len(step["stepDefinitionIds"]) == 1, "every step of these features has one definition"
            assert set(step["stepDefinitionIds"]) <= definitions
            (arguments,) = step["stepMatchArgumentsLists"]
            text = pickle_steps[step["pickleStepId"]]["text"]
            for argument in arguments["stepMatchArguments"]:
                group = argument["group"]
                assert text[group["start"] :].startswith(group["value"]), (text, group)
    assert len({case["pickleId"] for case in cases.values()}) == len(cases), "one test case per pickle"
    started = {item["id"]: item for item in of_kind(envelopes, "testCaseStarted")}
    assert sorted(item["testCaseId"] for item in started.values()) == sorted(cases)
    finished = [item["testCaseStartedId"] for item in of_kind(envelopes, "testCaseFinished")]
    assert sorted(finished) == sorted(started), "every started test case finishes, once"
    for kind in ("testStepStarted", "testStepFinished"):
        steps_of: dict[str, list[str]] = {}
        for item in of_kind(envelopes, kind):
            steps_of.setdefault(item["testCaseStartedId"], []).append(item["testStepId"])
        for started_id, step_ids in steps_of.items():
            assert step_ids == [step["id"] for step in cases[started[started_id]["testCaseId"]]["testSteps"]], kind
        assert sorted(steps_of) == sorted(started), f"every test case has its {kind}"
    assert of_kind(envelopes, "testRunFinished")[0]["testRunStartedId"] == run_started["id"]


def _nanos(timestamp: dict[str, int]) -> int:
    return timestamp["seconds"] * 1_000_000_000 + timestamp["nanos"]


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.end_to_end
def test_timestamps_are_virtual_and_never_go_back(runs: dict[str, Run], runner: str) -> None:
    envelopes = runs[runner].envelopes
    times = [_nanos(item["timestamp"]) for envelope in envelopes for item in envelope.values() if "timestamp" in item]
    assert times[0] == 0, "the run starts at virtual instant 0"
    assert times == sorted(times)
    assert times[-1] > 0, "the scenarios take virtual time"
    assert times[-1] < 10**9 * 86_400 * 365, "virtual time, not the wall clock"


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.end_to_end
def test_statuses_follow_the_verdicts(runs: dict[str, Run], runner: str) -> None:
    cases, scenarios = played(runs[runner].envelopes), runs[runner].results.scenarios
    assert len(cases) == len(scenarios)
    by_verdict: dict[str, list[Steps]] = {}
    for (pickle, steps), scenario in zip(cases, scenarios, strict=True):
        assert pickle["uri"] == scenario.feature
        by_verdict.setdefault(scenario.verdict.value, []).append(steps)
    for steps in by_verdict.get("pass", []):
        assert {status for status, _ in steps} == {"PASSED"}
    for steps in by_verdict.get("fail", []):
        assert [message.startswith("fail: ") for status, message in steps if status == "FAILED"] == [True]
    for steps in by_verdict.get("inconclusive", []):
        assert "FAILED" not in {status for status, _ in steps}
        assert [status for status, message in steps if message.startswith("inconclusive: ")] == ["SKIPPED"]
    assert "inconclusive" in by_verdict, "real time makes the @needs-clock scenarios inconclusive"
    assert ("fail" in by_verdict) == ("mutant:" in runs[runner].results.platform)


@pytest.mark.end_to_end
def test_both_runners_give_every_step_the_same_status(runs: dict[str, Run]) -> None:
    by_pytest_bdd, by_behave = (case_statuses(runs[runner].envelopes) for runner in RUNNERS)
    assert by_pytest_bdd == by_behave
    assert len(by_behave) == len(runs["behave"].results.scenarios) > 15


def timestamps(envelopes: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [
        (kind, _nanos(item["timestamp"]))
        for envelope in envelopes
        for kind, item in envelope.items()
        if "timestamp" in item
    ]


@pytest.mark.end_to_end
def test_both_runners_write_the_same_file(runs: dict[str, Run]) -> None:
    """One seed, one run: the same virtual timestamps, ids and everything else, byte for byte."""
    by_pytest_bdd, by_behave = (timestamps(runs[runner].envelopes) for runner in RUNNERS)
    assert by_pytest_bdd == by_behave
    assert len({nanos for _, nanos in by_behave}) > 15, "the steps take virtual time"
    assert runs["behave"].path.read_bytes() == runs["pytest-bdd"].path.read_bytes()


@pytest.mark.end_to_end
def test_one_seed_gives_a_byte_identical_file(runs: dict[str, Run], tmp_path: Path) -> None:
    first = runs["pytest-bdd"]
    again = pytest_bdd_run(tmp_path, first.results.platform)
    assert again.path.read_bytes() == first.path.read_bytes()
    other_seed = pytest_bdd_run(tmp_path, first.results.platform, seed=2)
    assert other_seed.path.read_bytes() != first.path.read_bytes()


@pytest.mark.end_to_end
def test_results_without_step_records_still_read_and_steps_without_a_record_are_unknown(runs: dict[str, Run]) -> None:
    """Results JSON written before steps were recorded still reads back; a pickle step the results
    have no record of is UNKNOWN."""
    data = runs["pytest-bdd"].results.to_json()
    for scenario in data["scenarios"]:
        del scenario["steps"], scenario["gherkin"], scenario["example"]
    old = RunResult.from_json(data)
    assert all(scenario.steps == [] for scenario in old.scenarios)
    recorded = run(RunOptions(features=(REPOSITORY / FEATURES[1],)))
    for scenario in recorded.scenarios:
        scenario.steps.clear()
    results = [item["testStepResult"]["status"] for item in of_kind(list(messages(recorded)), "testStepFinished")]
    assert set(results) == {"UNKNOWN"}
    assert len(results) > len(recorded.scenarios)


@pytest.mark.end_to_end
def test_certificates_verify_with_step_records_and_without(runs: dict[str, Run]) -> None:
    """A certificate embeds the results with their steps; one written before steps were recorded
    (its results have none) still verifies."""
    results = runs["pytest-bdd"].results
    data = json.loads(json.dumps(make_certificate(results, DECLARATION, platform_info(results.platform, DECLARATION))))
    assert all(scenario["steps"] for scenario in data["results"]["scenarios"])
    assert verify_certificate(data) == []
    for scenario in data["results"]["scenarios"]:
        del scenario["steps"]
    data["sha256"] = digest(data)
    assert verify_certificate(data) == []
    data["results"]["scenarios"][0]["steps"] = [{"keyword": "Given", "text": "x", "line": 1, "status": "bogus"}]
    data["sha256"] = digest(data)
    assert any("cannot be read" in problem for problem in verify_certificate(data))


@pytest.mark.end_to_end
def test_the_pytest_option_writes_bad_input_as_cucumber_would(
    pytester: pytest.Pytester, validator: Draft202012Validator
) -> None:
    """An undefined step is UNDEFINED, a malformed feature file is a parseError, and it all validates."""
    undefined = """\
@brand:ismart
Feature: Undefined
  Scenario: A step nobody wrote
    Given the user is logged in to the iSmart app
    When the user dances on the roof of the car
    Then the user is logged in to the car
"""
    malformed = "Feature: Broken\n  Scenario: Something\n    Given the user has installed the iSmart app\n  neither\n"
    files = {"undefined.feature": undefined, "broken.feature": malformed}
    run = run_rig(pytester, files, "--cucumber-messages", "out/m.ndjson")
    assert run.one("A step nobody wrote")["verdict"] == "error"
    assert run.problems(), "the malformed file is an error of its own"
    lines = (pytester.path / "out" / "m.ndjson").read_text(encoding="utf-8").splitlines()
    envelopes = [json.loads(line) for line in lines]
    assert all(validator.is_valid(envelope) for envelope in envelopes)
    (parse_error,) = of_kind(envelopes, "parseError")
    assert parse_error["source"]["uri"].endswith("broken.feature")
    ((pickle, steps),) = played(envelopes)
    assert pickle["name"] == "A step nobody wrote"
    assert [status for status, _ in steps] == ["PASSED", "UNDEFINED", "SKIPPED"]
    assert steps[1][1].startswith("error: ")
    assert "undefined step" in steps[1][1]
    (case,) = of_kind(envelopes, "testCase")
    assert [len(step["stepDefinitionIds"]) for step in case["testSteps"]] == [1, 0, 1]
    assert not of_kind(envelopes, "testRunFinished")[0]["success"]


def test_a_file_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(RigError, match="cannot write Cucumber Messages"):
        write_messages(RunResult(1, "reference"), tmp_path / "taken" / "m.ndjson")


def test_an_ambiguous_step_links_every_definition_that_reads_it(validator: Draft202012Validator) -> None:
    library = StepLibrary()
    library.define("given", en="the user waits", da="brugeren venter", no="brukeren venter")(lambda world: None)
    library.define("given", en="the user {what}", da="brugeren {what}", no="brukeren {what}")(lambda world, what: None)
    reading = read("ambiguous.feature", "Feature: Ambiguous\n  Scenario: Two readings\n    Given the user waits\n")
    found = reading.at(2)
    assert found is not None
    ids, example = found
    pickle = reading.pickle(ids.pickle)
    assert pickle is not None
    matches = tuple(match.record("the user waits") for match in library.readings("the user waits"))
    step = StepResult(
        "Given", "the user waits", 3, StepStatus.AMBIGUOUS, message="ambiguous step", error="x.Ambiguous",
        pickle_step=pickle["steps"][0]["id"], matches=matches,
    )  # fmt: skip
    scenario = ScenarioResult("Two readings", reading.uri, [], Verdict.ERROR, steps=[step], gherkin=ids)
    assert example == {}
    recorded = RunResult(1, "reference", [scenario], features={reading.uri: reading}, phrases=library.phrases())
    envelopes = list(messages(recorded))
    assert all(validator.is_valid(envelope) for envelope in envelopes)
    assert len(of_kind(envelopes, "stepDefinition")) == 6, "a definition per phrase of the library"
    ((test_step,),) = (case["testSteps"] for case in of_kind(envelopes, "testCase"))
    assert len(test_step["stepDefinitionIds"]) == len(set(test_step["stepDefinitionIds"])) == 2
    assert [len(item["stepMatchArguments"]) for item in test_step["stepMatchArgumentsLists"]] == [0, 1]
    ((_, steps),) = played(envelopes)
    assert steps == [("AMBIGUOUS", "error: ambiguous step")]


def behave_project(tmp_path: Path) -> Path:
    """A folder that behave runs as it runs the repository's features: the step library and the hooks."""
    features = tmp_path / "project" / "features"
    shutil.copytree(REPOSITORY / "features" / "steps", features / "steps")
    shutil.copy(REPOSITORY / "features" / "environment.py", features)
    return features


@pytest.mark.end_to_end
def test_the_messages_describe_what_ran_though_the_feature_file_changed_before_they_were_written(
    tmp_path: Path, validator: Draft202012Validator
) -> None:
    """No re-reading: a handler overwrites the feature file when the run ends, before the rig's
    own handler writes the messages. Both runners still write the file as it was played, with
    every one of its scenarios, and the same file byte for byte."""
    features = behave_project(tmp_path)
    feature, original = features / "login.feature", (REPOSITORY / FEATURES[1]).read_text(encoding="utf-8")
    written: dict[str, Path] = {}
    for runner in RUNNERS:
        feature.write_text(original, encoding="utf-8")
        written[runner] = path = tmp_path / f"{runner}.ndjson"
        if runner == "pytest-bdd":
            run(RunOptions(features=(feature,), messages=str(path), handlers=("feature_vandal:vandal",)))
        else:
            data = {"messages": path, "handler": "feature_vandal:vandal"}
            options = [part for key, value in data.items() for part in ("-D", f"{key}={value}")]
            command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets", *options]
            paths = os.pathsep.join([str(REPOSITORY), str(REPOSITORY / "tests")])
            env = {**os.environ, "PYTHONPATH": paths}
            done = subprocess.run(
                command, cwd=features.parent, env=env, check=False, capture_output=True, text=True, timeout=120
            )
            assert path.is_file(), f"behave wrote no messages:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert feature.read_text(encoding="utf-8") == VANDALISED, f"{runner}: the file changed before the writing"
    assert written["behave"].read_bytes() == written["pytest-bdd"].read_bytes()
    envelopes = [json.loads(line) for line in written["behave"].read_text(encoding="utf-8").splitlines()]
    assert all(validator.is_valid(envelope) for envelope in envelopes)
    (source,) = of_kind(envelopes, "source")
    assert source["data"] == original
    assert source["uri"] == feature.resolve().as_posix()
    expected = read(source["uri"], original)
    assert [pickle["name"] for pickle in of_kind(envelopes, "pickle")] == [p["name"] for p in expected.pickles]
    assert len(of_kind(envelopes, "testCase")) == len(expected.pickles) > 4
    assert "Logging in with a phone number" in {pickle["name"] for pickle in of_kind(envelopes, "pickle")}


def rendered_text(page: Path) -> str:
    """The text headless Chromium shows of *page* once its scripts have run (scripts and styles left out)."""
    assert CHROMIUM.exists(), "chromium is missing: `make install` installs scripts/debian-packages.txt"
    command = [str(CHROMIUM), *FLAGS, "--virtual-time-budget=5000", "--dump-dom", page.as_uri()]
    dom = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
    shown = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split())


@pytest.mark.end_to_end
def test_cucumbers_own_html_formatter_reads_the_file_as_the_rig_judged_it(runs: dict[str, Run], tmp_path: Path) -> None:
    """Cucumber's HTML formatter (npm) makes its report of the file, and Chromium renders it: Cucumber's
    own reading of every scenario's status adds up to the rig's verdicts."""
    run, page = runs["pytest-bdd"], tmp_path / "cucumber.html"
    script = REPOSITORY / "scripts" / "cucumber-html.mjs"
    subprocess.run(["node", str(script), str(run.path), str(page)], cwd=REPOSITORY, check=True, timeout=120)
    text = rendered_text(page)
    header = text.split(" Scenarios ", 1)[0]
    shown = {status: int(count) for status, count in re.findall(r"\b(passed|failed|skipped|undefined) (\d+)\b", header)}
    totals = run.results.totals()
    expected = {"passed": totals["pass"], "skipped": totals["inconclusive"], "failed": totals["fail"] + totals["error"]}
    assert shown == {status: count for status, count in expected.items() if count}
    assert all(feature in text for feature in FEATURES)
    assert ("core.verdicts.RequirementViolation" in text) == (totals["fail"] > 0)
