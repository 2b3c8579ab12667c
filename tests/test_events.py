"""The run's events (:mod:`core.hooks`): a handler named with ``--handler`` hears every
scenario and step of a run, and the documented example posts the verdicts over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.features import FEATURES, REPOSITORY
from core.hooks import hookimpl, named
from core.options import RunOptions
from core.results import RunResult, ScenarioId, ScenarioResult, StepResult
from core.verdicts import RigError
from twinrig.runner import run

FEATURE = (FEATURES / "ismart" / "unbinding.feature",)


class Recorder:
    """Remembers every event it hears, in order."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, object]] = []

    @hookimpl
    def twinrig_run_started(self, options: RunOptions) -> None:
        self.heard.append(("run", options.seed))

    @hookimpl
    def twinrig_scenario_started(self, scenario: ScenarioId, seed: int) -> None:
        self.heard.append(("scenario", scenario.name))

    @hookimpl
    def twinrig_step_finished(self, scenario: ScenarioId, step: StepResult) -> None:
        self.heard.append(("step", (scenario.name, step.line, step.status)))

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.heard.append(("result", (result.name, result.verdict.value)))

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        self.heard.append(("end", len(results.scenarios)))


recorder = Recorder()


def test_a_named_handler_hears_the_run_every_scenario_and_every_step() -> None:
    recorder.heard.clear()
    results = run(RunOptions(seed=4, features=FEATURE, handlers=(f"{__name__}:recorder",)))
    heard = recorder.heard
    assert heard[0] == ("run", 4)
    assert heard[-1] == ("end", len(results.scenarios))
    assert [value for kind, value in heard if kind == "result"] == [
        (scenario.name, scenario.verdict.value) for scenario in results.scenarios
    ]
    for scenario in results.scenarios:
        steps = [value for kind, value in heard if kind == "step" and value[0] == scenario.name]  # type: ignore[index]
        ran = [(scenario.name, step.line, step.status) for step in scenario.steps if step.status != "skipped"]
        assert steps == ran
    assert [value for kind, value in heard if kind == "scenario"] == [scenario.name for scenario in results.scenarios]


def test_a_handler_that_does_not_exist_is_a_clear_error() -> None:
    with pytest.raises(RigError, match="no such handler"):
        named("nowhere.at_all:handler")


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, object]]]]:
    posted: list[dict[str, object]] = []

    class Receive(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            posted.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/results", posted
    server.shutdown()
    server.server_close()


def test_the_documented_example_posts_every_verdict_and_the_totals(
    receiver: tuple[str, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, posted = receiver
    monkeypatch.setenv("TWINRIG_POST_URL", url)
    monkeypatch.syspath_prepend(str(REPOSITORY))
    assert (Path(REPOSITORY) / "docs" / "examples" / "post_results.py").is_file()
    results = run(RunOptions(features=FEATURE, handlers=("docs.examples.post_results:poster",)))
    assert [body["scenario"] for body in posted[:-1]] == [scenario.name for scenario in results.scenarios]
    assert posted[-1] == {"platform": "reference", "seed": 1, "totals": results.totals()}


class Keeper:
    """Keeps every step and scenario result it hears, as the events carry them."""

    def __init__(self) -> None:
        self.steps: list[StepResult] = []
        self.results: list[ScenarioResult] = []

    @hookimpl
    def twinrig_step_finished(self, scenario: ScenarioId, step: StepResult) -> None:
        self.steps.append(step)

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.results.append(result)


keeper = Keeper()


def test_the_events_carry_each_steps_match_and_each_outline_rows_example() -> None:
    """What a step's definition is and what it read, and an outline row's values, arrive with the
    events, as the run recorded them (not worked out again afterwards)."""
    keeper.steps.clear()
    keeper.results.clear()
    run(RunOptions(features=(FEATURES / "ismart" / "login.feature",), handlers=(f"{__name__}:keeper",)))
    rows = [result.example for result in keeper.results if result.name.startswith("Logging in with a ")]
    assert rows == [{"identifier": "phone number"}, {"identifier": "e-mail address"}]
    plain = [result for result in keeper.results if not result.example]
    assert plain, "the feature has plain scenarios too"
    for result in keeper.results:
        assert result.gherkin.pickle, result.name
        assert len(result.gherkin.ast_nodes) == (2 if result.example else 1), "the scenario's node, and its row's"
    assert len({result.gherkin.pickle for result in keeper.results}) == len(keeper.results)
    assert keeper.steps
    for step in keeper.steps:
        (match,) = step.matches
        assert step.pickle_step, step
        assert match.phrase.uri.startswith("steps/"), match
        assert match.phrase.line > 0, match
        assert match.phrase.language == "en"
        assert match.phrase.definition.endswith(": " + match.phrase.pattern)
        for argument in match.arguments:
            assert step.text[argument.start :].startswith(argument.value), (step.text, argument)
    text = "the user has an iSmart account with their e-mail address"
    account = next(step for step in keeper.steps if step.text == text)
    assert [(argument.name, argument.value, argument.type) for argument in account.matches[0].arguments] == [
        ("user", "the user", "User"),
        ("kind", "e-mail address", "Identifier"),
    ]
