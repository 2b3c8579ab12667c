"""The Allure results handler on records made by hand: what a scenario's result becomes, without
playing anything (the runs of both runners are judged in ``tests/test_allure.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.features import FEATURES, load
from core.hooks import manager
from core.results import RunResult, ScenarioId, ScenarioResult, StepResult, StepStatus
from core.trace import TraceEntry
from core.verdicts import Verdict
from reports.allure import EPOCH, STEP_STATUS, Context, allure_result
from reports.allure_results import AllureResults

BINDING = "features/ismart/binding.feature"
LOGIN = "features/ismart/login.feature"
TAGS = frozenset({"brand:ismart", "req:IS-BIND-1"})
WRONG = "Wrong credentials on the head unit log nobody in"


def scenario(verdict: Verdict, message: str = "", **changes: Any) -> ScenarioResult:
    """A two-step scenario of binding.feature that ran 5 virtual seconds and ended with *verdict*."""
    first = StepResult("Given", "the user is logged in to the iSmart app", 9, StepStatus.PASSED, 0.0, 2.5)
    second = StepResult("Then", "the car is bound to the user", 19, StepStatus.of(None), 2.5, 5.0)
    if verdict is not Verdict.PASS:
        second.status = {
            Verdict.FAIL: StepStatus.FAILED,
            Verdict.ERROR: StepStatus.ERROR,
            Verdict.INCONCLUSIVE: StepStatus.INCONCLUSIVE,
        }[verdict]
        second.message, second.error = message, "core.verdicts.SomeError"
    third = StepResult("And", "the head unit of the car shows the user as bound", 20)
    values: dict[str, Any] = {
        "name": "Two QR scans log in to the car and bind it",
        "feature": BINDING,
        "requirements": ["IS-BIND-1"],
        "verdict": verdict,
        "message": message,
        "trace": (TraceEntry(0.0, "phone", "platform", "log_in()"), TraceEntry(2.5, "platform", "phone", "Ok")),
        "seed": 42,
        "steps": [first, second, third],
        **changes,
    }
    return ScenarioResult(**values)


def context(tags: frozenset[str] = TAGS, feature: str = BINDING) -> Context:
    return Context(tags, load(FEATURES.parent / feature), "behave", 7)


@pytest.mark.parametrize(
    ("verdict", "status"),
    [(Verdict.PASS, "passed"), (Verdict.FAIL, "failed"), (Verdict.ERROR, "broken"), (Verdict.INCONCLUSIVE, "skipped")],
)
def test_the_status_is_the_verdicts(verdict: Verdict, status: str) -> None:
    message = "" if verdict is Verdict.PASS else "something happened"
    result = allure_result(scenario(verdict, message), context(), EPOCH).result
    assert result.status == status
    if verdict is Verdict.PASS:
        assert result.statusDetails is None
    else:
        assert result.statusDetails.message == f"{verdict.value}: something happened"
        assert f"{BINDING}:19: Then the car is bound to the user" in result.statusDetails.trace
        assert "core.verdicts.SomeError: something happened" in result.statusDetails.trace


def test_every_step_status_has_an_allure_status_and_an_inconclusive_step_is_not_broken() -> None:
    assert set(STEP_STATUS) == set(StepStatus)
    assert STEP_STATUS[StepStatus.INCONCLUSIVE] == "skipped"
    assert STEP_STATUS[StepStatus.UNDEFINED] == STEP_STATUS[StepStatus.ERROR] == "broken"


def test_the_times_are_virtual_from_the_start_given() -> None:
    start = EPOCH + 60_000
    result = allure_result(scenario(Verdict.FAIL, "no"), context(), start).result
    assert (result.start, result.stop) == (start, start + 5_000)
    assert [(step.start, step.stop) for step in result.steps] == [
        (start, start + 2_500),
        (start + 2_500, start + 5_000),
        (start + 5_000, start + 5_000),  # never ran: at the scenario's end
    ]
    times = [[parameter.value for parameter in step.parameters] for step in result.steps]
    assert times == [["T+00h00m00.000s → T+00h00m02.500s"], ["T+00h00m02.500s → T+00h00m05.000s"], []]
    assert [step.status for step in result.steps] == ["passed", "failed", "skipped"]
    assert result.steps[1].statusDetails.message == "no"


def test_labels_links_and_parameters() -> None:
    written = allure_result(scenario(Verdict.PASS), context(), EPOCH)
    result = written.result
    labels = [(label.name, label.value) for label in result.labels]
    assert labels == [
        ("feature", "Logging in to the car and binding it"),
        ("story", "Two QR scans log in to the car and bind it"),
        ("epic", "MG iSmart"),
        ("brand", "ismart"),
        ("requirement", "IS-BIND-1"),
        ("verdict", "pass"),
        ("tag", "brand:ismart"),
        ("tag", "req:IS-BIND-1"),
        ("framework", "behave"),
        ("language", "python"),
    ]
    assert [(link.name, link.url, link.type) for link in result.links] == [
        ("IS-BIND-1", "requirements.html#IS-BIND-1", "tms")
    ]
    assert [(parameter.name, parameter.value) for parameter in result.parameters] == [
        ("run seed", "7"),
        ("scenario seed", "42"),
    ]
    assert result.fullName == f"{BINDING}:Two QR scans log in to the car and bind it"
    assert result.titlePath == ["features", "ismart", "Logging in to the car and binding it"]
    assert result.description.startswith("After logging in to the app")
    assert sorted(attachment.name for attachment in result.attachments) == [
        "message trace",
        "message trace (sequence diagram)",
    ], "a pass has no replay command"
    assert {name.rsplit(".", 1)[1] for name in written.files} == {"svg", "txt"}


def test_a_failure_attaches_its_replay_command() -> None:
    written = allure_result(scenario(Verdict.FAIL, "no", reproduce="twinrig run -k x"), context(), EPOCH)
    (source,) = [item.source for item in written.result.attachments if item.name == "reproduce"]
    assert written.files[source] == "twinrig run -k x\n"


def test_an_outline_row_is_a_parameter_and_the_rows_one_test_case() -> None:
    outline = "Logging in with a <identifier>"
    rows = [
        allure_result(scenario(Verdict.PASS, name=f"{outline} [{value}]", feature=LOGIN), context(feature=LOGIN), EPOCH)
        for value in ("phone number", "e-mail address")
    ]
    first, second = (written.result for written in rows)
    assert (first.parameters[0].name, first.parameters[0].value) == ("identifier", "phone number")
    assert first.testCaseId == second.testCaseId
    assert first.historyId != second.historyId
    assert ("story", outline) in [(label.name, label.value) for label in first.labels]


def test_the_ids_are_stable() -> None:
    one, two = (allure_result(scenario(Verdict.PASS), context(), EPOCH).result for _ in range(2))
    assert (one.historyId, one.testCaseId) == (two.historyId, two.testCaseId)
    assert one.uuid != two.uuid


def test_the_handler_empties_its_folder_and_writes_each_scenario_and_the_run(tmp_path: Path) -> None:
    folder = tmp_path / "allure"
    folder.mkdir()
    (folder / "old-result.json").write_text("{}", encoding="utf-8")
    events = manager([AllureResults(folder, "pytest-bdd", 7)]).hook
    assert not (folder / "old-result.json").exists()
    first, second = scenario(Verdict.PASS), scenario(Verdict.FAIL, "no", name=WRONG)
    events.twinrig_scenario_started(scenario=ScenarioId(BINDING, first.name, TAGS), seed=42)
    events.twinrig_scenario_finished(result=first)
    events.twinrig_scenario_finished(result=second)  # never started: its tags as the feature file writes them
    events.twinrig_run_finished(results=RunResult(7, "reference", [first, second]))
    written = {item["name"]: item for item in map(_json, folder.glob("*-result.json"))}
    assert set(written) == {first.name, WRONG}
    assert written[first.name]["start"] == EPOCH
    assert written[WRONG]["start"] == written[first.name]["stop"] == EPOCH + 5_000
    assert [label["value"] for label in written[first.name]["labels"] if label["name"] == "tag"] == sorted(TAGS)
    tags = [label["value"] for label in written[WRONG]["labels"] if label["name"] == "tag"]
    assert "capability:qr_binding" in tags, "the tags of the feature file, the scenario's and the feature's"
    for item in written.values():
        assert all((folder / attachment["source"]).is_file() for attachment in item["attachments"])
    environment = (folder / "environment.properties").read_text(encoding="utf-8")
    assert "runner=pytest-bdd" in environment
    assert "seed=7" in environment
    assert (folder / "categories.json").is_file()


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
