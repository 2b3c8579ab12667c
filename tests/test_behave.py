"""behave plays the same features on the same step library as pytest-bdd, and one seed makes one
run of both: the same scenarios in the same order, each with the same name, seed, verdict, trace
(byte for byte) and record of every step, virtual times included."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rig_project import run_rig

from core.features import FEATURES, REPOSITORY
from core.gherkin import GherkinIds
from core.results import RunResult, ScenarioResult
from twinrig.runner import run_suite

pytest_plugins = ["pytester"]


pytestmark = pytest.mark.end_to_end  # every test runs both runners over the suite


def behave_run(results: Path, platform: str, seed: int, *paths: str) -> RunResult:
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets"]
    command += ["-D", f"platform={platform}", "-D", f"seed={seed}", "-D", f"results={results}", *paths]
    done = subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=300)
    assert results.is_file(), f"behave wrote no results:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return RunResult.from_json(json.loads(results.read_text(encoding="utf-8")))


Steps = list[tuple[int, str, str, str, float, float, str]]
Played = list[tuple[str, str, str, str, int, str, list[str], list[str], Steps, GherkinIds, dict[str, str]]]


def played(scenarios: list[ScenarioResult]) -> Played:
    """Each scenario in the order played: feature, name, verdict, message, seed, trace, tags, the
    requirements it violated, its steps' line, keyword, status, message, virtual start and end
    and pickle step, and its pickle's ids and example row."""
    return [
        (
            item.feature,
            item.name,
            item.verdict.value,
            item.message,
            item.seed,
            item.trace,
            item.tags,
            item.violated,
            [
                (step.line, step.keyword, step.status, step.message, step.started, step.finished, step.pickle_step)
                for step in item.steps
            ],
            item.gherkin,
            item.example,
        )
        for item in scenarios
    ]


def differences(by_pytest: Played, by_behave: Played) -> list[str]:
    return [f"{a[0]}: {a[1]} / {b[1]}" for a, b in zip(by_pytest, by_behave, strict=True) if a != b]


@pytest.mark.parametrize(("platform", "seed"), [("reference", 1), ("mutant:bind_on_first_scan", 5)])
def test_one_seed_makes_one_run_of_both_runners(tmp_path: Path, platform: str, seed: int) -> None:
    by_pytest = played(run_suite(platform, seed).scenarios)
    by_behave = played(behave_run(tmp_path / "behave.json", platform, seed).scenarios)
    assert len(by_behave) == len(by_pytest) > 100
    assert len({(feature, name) for feature, name, *_ in by_pytest}) == len(by_pytest), "one identity each"
    assert differences(by_pytest, by_behave) == []
    applicable = [item for item in by_pytest if not item[3].startswith("not applicable")]
    assert len(applicable) > 100
    assert all(item[5] for item in applicable), "a scenario without a trace proves nothing"
    assert any(step[5] > 0 for *_, steps, _, _ in by_pytest for step in steps), "no step took virtual time"
    assert all(ids.pickle for *_, ids, _ in by_behave), "every scenario has its pickle"
    assert all(step[6] for *_, steps, _, _ in by_behave for step in steps), "every step has its pickle step"
    assert any(example for *_, example in by_behave), "the outlines' rows have their examples"
    languages = {feature.split("/")[-2] for feature, *_ in by_behave}
    assert {"da", "no"} <= languages, "the Danish and Norwegian features must run under behave too"
    if platform.startswith("mutant:"):
        assert "fail" in {verdict for _, _, verdict, *_ in by_behave}


@pytest.mark.parametrize("platform", ["mutant:remote_horn_without_pin", "mutant:push_to_first_device_only"])
def test_both_runners_give_a_mutant_the_same_verdicts_and_messages(tmp_path: Path, platform: str) -> None:
    by_pytest = played(run_suite(platform, 2).scenarios)
    by_behave = played(behave_run(tmp_path / "behave.json", platform, 2).scenarios)
    assert differences(by_pytest, by_behave) == []
    assert "fail" in {verdict for _, _, verdict, *_ in by_behave}


# What the suite's own features do not have: an outline with two Examples blocks (one tagged, one
# whose row repeats another block's values in another order), a Norwegian outline, and one
# scenario name in two feature files.
EDGE_FEATURES = {
    "login.feature": """\
@brand:ismart
Feature: Logging in
  Scenario Outline: Logging in with a <identifier> on the <day>
    Given the user has an iSmart account with their <identifier>
    When the user logs in with their <identifier> and password, accepting the user agreement and the privacy policy
    Then the user is logged in to the app

    Examples:
      | identifier     | day    |
      | phone number   | first  |
      | e-mail address | first  |

    @req:IS-LOGIN-1
    Examples: again, tagged
      | day    | identifier   |
      | second | phone number |

  Scenario: A wrong password is refused
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"
""",
    "again/login.feature": """\
@brand:ismart
Feature: Logging in once more
  Scenario: A wrong password is refused
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"
""",
}


def test_both_runners_name_and_seed_every_scenario_alike(pytester: pytest.Pytester, tmp_path: Path) -> None:
    """Outline rows, tagged Examples blocks, the Scandinavian languages and one name in two files."""
    norwegian = FEATURES / "myrenault" / "no" / "konto.feature"
    files = {**EDGE_FEATURES, "no/konto.feature": norwegian.read_text(encoding="utf-8")}
    by_pytest = run_rig(pytester, files, "--seed", "3")
    features = by_pytest.features
    shutil.copytree(FEATURES / "steps", features / "steps")
    shutil.copy(FEATURES / "environment.py", features / "environment.py")
    by_behave = behave_run(tmp_path / "behave.json", "reference", 3, str(features))
    behave_json = by_behave.to_json()["scenarios"]
    for scenario in by_pytest.scenarios + behave_json:
        del scenario["nodeid"]  # pytest's own name for the test
    assert behave_json == by_pytest.scenarios
    names = [scenario["name"] for scenario in behave_json]
    assert "Logging in with a <identifier> on the <day> [second-phone number]" in names
    assert names.count("A wrong password is refused") == 2
    assert len({scenario["seed"] for scenario in behave_json}) == len(behave_json) > 6
    tagged = next(scenario for scenario in behave_json if scenario["name"].endswith("[second-phone number]"))
    assert tagged["requirements"] == ["IS-LOGIN-1"]
