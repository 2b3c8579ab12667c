"""The traceability matrix of the whole catalogue: no ID of requirements.md is uncovered, and
every scenario that covers one passes against the reference."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from commands.cli import main
from reports.catalogue import CATALOGUE

pytest_plugins = ["rig_runs"]

if TYPE_CHECKING:
    from rig_runs import CliRun

pytestmark = pytest.mark.end_to_end  # its test judges the session's whole run of the suite

# Read from the text itself, not through the catalogue's parser, so a row it misses shows here.
IDS = sorted(set(re.findall(r"\b(?:MR|IS|D)-[A-Z]+-\d+\b", CATALOGUE.read_text(encoding="utf-8"))))


def test_every_requirement_is_covered_by_scenarios_that_pass(
    cli_run: CliRun, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["trace", "--json", "--results", str(cli_run.path)]) == 0
    matrix = json.loads(capsys.readouterr().out)
    rows = {row["id"]: row for row in matrix["requirements"]}
    assert {requirement.split("-")[0] for requirement in IDS} == {"MR", "IS", "D"}
    assert sorted(rows) == IDS
    assert matrix["uncovered"] == []
    for requirement in IDS:
        scenarios = rows[requirement]["scenarios"]
        assert scenarios, f"{requirement} has no scenario"
        failing = [s["name"] for s in scenarios if s["verdict"] != "pass"]
        assert failing == [], f"{requirement}: covering scenarios that do not pass"
        assert rows[requirement]["verdict"] == "pass"
