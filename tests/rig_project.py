"""A throw-away twinrig project for pytester: a temporary features folder, collected and run.

The project's conftest loads the twinrig plugin and binds the step library, as the repository's
``scenarios/conftest.py`` does; its one test module collects the temporary folder. A test module
using this needs ``pytest_plugins = ["pytester"]``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CONFTEST = """\
pytest_plugins = ["twinrig.plugin"]

from steps.bind_pytest_bdd import bind

bind()
"""

GOOD_NAME = "Log-in without the terms is refused"
GOOD = f"""\
@brand:ismart
Feature: Good
  @req:IS-LOGIN-2
  Scenario: {GOOD_NAME}
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refused with "terms_not_accepted"
"""
"""A feature file of one scenario that passes against a conformant platform."""


class Run:
    """The outcome of one rig run over a temporary features folder."""

    def __init__(self, features: Path, outcome: pytest.RunResult, results: dict[str, Any]) -> None:
        self.features = features
        self.outcome = outcome
        self.results = results
        self.scenarios: list[dict[str, Any]] = results["scenarios"]
        self.totals: dict[str, int] = results["totals"]

    def named(self, name: str) -> list[dict[str, Any]]:
        return [scenario for scenario in self.scenarios if scenario["name"] == name]

    def one(self, name: str) -> dict[str, Any]:
        found = self.named(name)
        assert len(found) == 1, f"expected one result named {name!r}, got {self.scenarios}"
        return found[0]

    def problems(self) -> list[dict[str, Any]]:
        return self.named("(feature file problem)")

    def where(self, file: str, line: int) -> str:
        """How a message names *file* (in the features folder) at *line*."""
        return f"{(self.features / file).as_posix()}:{line}"


def run_rig(pytester: pytest.Pytester, files: dict[str, str], *options: str, conftest: str = CONFTEST) -> Run:
    """Run the feature *files* (name: text) through the rig with pytest *options*; its results."""
    features = pytester.path / "features_under_test"
    for name, text in files.items():
        (features / name).parent.mkdir(parents=True, exist_ok=True)
        (features / name).write_text(text, encoding="utf-8")
    pytester.makeconftest(conftest)
    pytester.makepyfile(
        test_features=(
            "from pathlib import Path\n\n"
            "from twinrig.collection import collect\n\n"
            f"collect(globals(), Path({str(features)!r}))\n"
        )
    )
    # no:unraisableexception: its full gc.collect() passes over this big process cost more than the run
    outcome = pytester.runpytest_inprocess(
        "-p", "no:cacheprovider", "-p", "no:unraisableexception", "--twinrig-results", "r.json", *options
    )
    written = pytester.path / "r.json"
    assert written.is_file(), "the run wrote no results:\n" + "\n".join(outcome.outlines + outcome.errlines)
    results = json.loads(written.read_text(encoding="utf-8"))
    return Run(features, outcome, results)
