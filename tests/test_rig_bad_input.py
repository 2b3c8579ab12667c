"""Bad input loses nothing: a broken feature file, a repeated scenario name, an undefined step or
an unclaimed capability each gets its own verdict, and every other scenario still runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

GOOD = """\
@brand:ismart
Feature: Good
  @req:IS-LOGIN-2
  Scenario: Log-in without the terms is refused
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refused with "terms_not_accepted"
"""


def run_features(pytester: pytest.Pytester, files: dict[str, str]) -> dict[str, dict[str, object]]:
    """Run a temporary features folder through the rig; the results by scenario name."""
    features = pytester.path / "feats"
    features.mkdir()
    for name, text in files.items():
        (features / name).write_text(text, encoding="utf-8")
    pytester.makeconftest('pytest_plugins = ["twinrig.plugin"]\nfrom steps.bind_pytest_bdd import bind\nbind()\n')
    pytester.makepyfile(
        test_features=f"from pathlib import Path\nfrom twinrig.collection import collect\n"
        f"collect(globals(), Path({str(features)!r}))\n"
    )
    pytester.runpytest_inprocess("-p", "no:cacheprovider", "--twinrig-results", "results.json")
    results = json.loads((pytester.path / "results.json").read_text(encoding="utf-8"))
    return {item["name"]: item for item in results["scenarios"]}


def test_a_malformed_file_is_an_error_naming_file_and_line_and_the_rest_runs(pytester: pytest.Pytester) -> None:
    broken = "Feature: Broken\n  Scenario: One\n    Given the user has installed the iSmart app\n  Oops here\n"
    results = run_features(pytester, {"broken.feature": broken, "good.feature": GOOD})
    problem = results["(feature file problem)"]
    assert problem["verdict"] == "error"
    assert "broken.feature:4" in str(problem["message"])
    assert results["Log-in without the terms is refused"]["verdict"] == "pass"


def test_a_repeated_scenario_name_is_an_error_and_the_first_still_runs(pytester: pytest.Pytester) -> None:
    twice = (
        GOOD + "\n  Scenario: Log-in without the terms is refused\n    Given the user has installed the iSmart app\n"
    )
    results = run_features(pytester, {"twice.feature": twice})
    problem = results["(feature file problem)"]
    assert problem["verdict"] == "error"
    assert "duplicate scenario name" in str(problem["message"])
    assert "twice.feature:9" in str(problem["message"])
    assert "first at line 4" in str(problem["message"])
    assert results["Log-in without the terms is refused"]["verdict"] == "pass"


def test_an_undefined_step_is_an_error_naming_line_and_nearest_steps(pytester: pytest.Pytester) -> None:
    typo = GOOD.replace("Scenario: Log-in", "Scenario: Typo in").replace(
        "Then the user is refused with", "Then the user is refusd with"
    )
    results = run_features(pytester, {"typo.feature": typo, "good.feature": GOOD})
    typo_result = results["Typo in without the terms is refused"]
    assert typo_result["verdict"] == "error"
    message = str(typo_result["message"])
    assert "typo.feature:7" in message
    assert "Nearest defined steps" in message
    assert '<user> is refused with "<code>"' in message
    assert results["Log-in without the terms is refused"]["verdict"] == "pass"


@pytest.mark.parametrize("tag", ["@capability:teleportation", "@brand:unknownbrand"])
def test_an_unclaimed_capability_or_brand_is_inconclusive(pytester: pytest.Pytester, tag: str) -> None:
    results = run_features(pytester, {"claimed.feature": GOOD.replace("@brand:ismart", f"@brand:ismart {tag}")})
    result = results["Log-in without the terms is refused"]
    assert result["verdict"] == "inconclusive"
    assert "not applicable" in str(result["message"])


def test_the_plugin_leaves_ordinary_tests_alone(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["twinrig.plugin"]\n')
    pytester.makepyfile(test_plain="def test_plain():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--twinrig-results", "results.json")
    result.assert_outcomes(passed=1)
    assert json.loads(Path(pytester.path / "results.json").read_text())["scenarios"] == []
