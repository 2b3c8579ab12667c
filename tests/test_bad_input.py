"""Bad input loses nothing: each broken feature file, repeated scenario name, undefined step or
unclaimed capability gets a verdict of its own, and every other scenario in the folder still runs.

Each test builds a throw-away project with pytester: a conftest that loads the twinrig plugin and
binds the step library, and a test module that collects a temporary features folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rig_project import GOOD, GOOD_NAME, run_rig

pytest_plugins = ["pytester"]

# --- (a) a malformed feature file -----------------------------------------------------------

MALFORMED = """\
@brand:ismart
Feature: Broken
  Scenario: Something
    Given the user has installed the iSmart app
  this line is neither a step nor a keyword
"""


def test_a_malformed_file_is_an_error_naming_file_and_line_and_the_rest_runs(pytester: pytest.Pytester) -> None:
    files = {"broken.feature": MALFORMED, "empty.feature": "# nothing but a comment\n", "good.feature": GOOD}
    run = run_rig(pytester, files)
    problems = sorted(problem["message"] for problem in run.problems())
    assert len(problems) == 2
    assert {problem["verdict"] for problem in run.problems()} == {"error"}
    assert problems[0].startswith(run.where("broken.feature", 5) + ": malformed feature")
    assert problems[1].startswith(run.where("empty.feature", 1) + ":")
    assert run.one(GOOD_NAME)["verdict"] == "pass"
    assert run.totals == {"pass": 1, "fail": 0, "inconclusive": 0, "error": 2}
    run.outcome.assert_outcomes(passed=1, failed=2)


# --- (b) one scenario name twice in a file --------------------------------------------------

TWICE = f"""\
@brand:ismart
Feature: Twice
  @req:IS-LOGIN-2
  Scenario: {GOOD_NAME}
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refused with "terms_not_accepted"

  @req:IS-LOGIN-1
  Scenario: {GOOD_NAME}
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "terms_not_accepted"
"""


def test_a_repeated_scenario_name_is_an_error_naming_both_lines(pytester: pytest.Pytester) -> None:
    run = run_rig(pytester, {"twice.feature": TWICE})
    [problem] = run.problems()
    assert problem["verdict"] == "error"
    message = problem["message"]
    assert run.where("twice.feature", 10) in message
    assert "first at line 4" in message
    assert GOOD_NAME in message


def test_the_scenario_pytest_bdd_keeps_runs_under_its_own_tags(pytester: pytest.Pytester) -> None:
    # pytest-bdd keeps the last of two scenarios with one name: it runs, and is reported with its
    # own requirement; it fails (a wrong password is "bad_credentials", not "terms_not_accepted").
    run = run_rig(pytester, {"twice.feature": TWICE})
    [kept] = run.named(GOOD_NAME)
    assert kept["verdict"] == "fail"
    assert kept["requirements"] == ["IS-LOGIN-1"]


COLLIDING = """\
@brand:ismart
Feature: Names that differ only in punctuation and letters outside ASCII
  @req:IS-LOGIN-2
  Scenario: Refused: without the terms
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refused with "terms_not_accepted"

  @req:IS-LOGIN-1
  Scenario: Refused without the terms
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"

  @req:IS-LOGIN-1
  Scenario: Afvist før login
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"

  @req:IS-LOGIN-1
  Scenario: Afvist får login
    Given the user has an iSmart account with their phone number
    When the user logs in with a wrong password
    Then the user is refused with "bad_credentials"
"""


def test_distinct_scenario_names_that_read_alike_all_run(pytester: pytest.Pytester) -> None:
    """Four different names, so no duplicate; each must get a verdict of its own."""
    run = run_rig(pytester, {"alike.feature": COLLIDING})
    assert run.problems() == []
    names = sorted(scenario["name"] for scenario in run.scenarios)
    assert names == sorted(
        ["Refused: without the terms", "Refused without the terms", "Afvist før login", "Afvist får login"]
    )
    assert {scenario["verdict"] for scenario in run.scenarios} == {"pass"}


def test_files_whose_paths_read_alike_all_run(pytester: pytest.Pytester) -> None:
    """``da/login.feature`` and ``da_login.feature`` are two files: both their scenarios run."""
    run = run_rig(pytester, {"da/login.feature": GOOD, "da_login.feature": GOOD})
    assert sorted(Path(scenario["feature"]).name for scenario in run.scenarios) == [
        "da_login.feature",
        "login.feature",
    ]


# --- (c) an undefined step ------------------------------------------------------------------

TYPO = """\
@brand:ismart
Feature: Typo
  @req:IS-LOGIN-2
  Scenario: A step nobody defined
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refusd with "terms_not_accepted"
"""


def test_an_undefined_step_is_an_error_naming_file_line_and_nearest_steps(pytester: pytest.Pytester) -> None:
    run = run_rig(pytester, {"typo.feature": TYPO, "good.feature": GOOD})
    result = run.one("A step nobody defined")
    assert result["verdict"] == "error"
    message = result["message"]
    assert run.where("typo.feature", 7) in message
    assert "refusd" in message
    assert "Nearest defined steps" in message
    assert '<user> is refused with "<code>"' in message.split("Nearest defined steps", 1)[1]
    assert result["requirements"] == ["IS-LOGIN-2"]
    assert run.one(GOOD_NAME)["verdict"] == "pass", "a good file next to it still runs"
    assert run.totals == {"pass": 1, "fail": 0, "inconclusive": 0, "error": 1}


# --- (d) what the platform does not claim ---------------------------------------------------


@pytest.mark.parametrize(
    ("where", "tag"), [("feature", "@capability:teleportation"), ("scenario", "@brand:unknownbrand")]
)
def test_an_unclaimed_capability_or_brand_is_inconclusive_never_pass(
    pytester: pytest.Pytester, tag: str, where: str
) -> None:
    if where == "feature":
        text = GOOD.replace("@brand:ismart\n", f"@brand:ismart {tag}\n")
    else:
        text = GOOD.replace("  @req:IS-LOGIN-2\n", f"  @req:IS-LOGIN-2 {tag}\n")
    assert tag in text
    run = run_rig(pytester, {"unclaimed.feature": text})
    result = run.one(GOOD_NAME)
    assert result["verdict"] == "inconclusive"
    assert "not applicable" in result["message"]
    assert tag.split(":", 1)[1] in result["message"]
    run.outcome.assert_outcomes(skipped=1)


def test_a_brand_of_its_own_that_is_not_claimed_is_inconclusive(pytester: pytest.Pytester) -> None:
    run = run_rig(pytester, {"other.feature": GOOD.replace("@brand:ismart", "@brand:unknownbrand")})
    assert run.one(GOOD_NAME)["verdict"] == "inconclusive"


OUTLINE_WITH_TAGGED_EXAMPLES = """\
@brand:ismart
Feature: Examples that need a capability
  @req:IS-LOGIN-2
  Scenario Outline: Log-in without the <document> is refused
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the <document>
    Then the user is refused with "terms_not_accepted"

    Examples: claimed
      | document       |
      | user agreement |

    @capability:teleportation
    Examples: not claimed
      | document       |
      | privacy policy |
"""


@pytest.mark.end_to_end
def test_examples_tagged_with_an_unclaimed_capability_are_inconclusive(pytester: pytest.Pytester) -> None:
    run = run_rig(pytester, {"outline.feature": OUTLINE_WITH_TAGGED_EXAMPLES})
    verdicts = sorted(scenario["verdict"] for scenario in run.scenarios)
    assert len(verdicts) == 2
    assert verdicts == ["inconclusive", "pass"], run.scenarios
