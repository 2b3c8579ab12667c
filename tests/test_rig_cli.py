"""The command line: run, trace and mutants, their JSON, and their exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutants import MUTANTS
from reports.catalogue import load_catalogue
from twinrig import mutation
from twinrig.cli import main


def test_run_writes_the_results_and_passes_on_the_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "results.json"
    assert main(["run", "--seed", "3", "--json", str(target), "-k", "ismart"]) == 0
    results = json.loads(target.read_text(encoding="utf-8"))
    assert results["seed"] == 3
    assert results["platform"] == "reference"
    assert results["scenarios"], "the run played no scenario"
    for scenario in results["scenarios"]:
        assert {"name", "feature", "requirements", "verdict"} <= scenario.keys()
        assert scenario["verdict"] == "pass"
    counted = dict.fromkeys(("pass", "fail", "inconclusive", "error"), 0)
    for scenario in results["scenarios"]:
        counted[scenario["verdict"]] += 1
    assert results["totals"] == counted
    assert f"{len(results['scenarios'])} pass" in capsys.readouterr().out


def test_run_against_a_mutant_fails_and_shows_the_trace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--platform", "mutant:bind_on_first_scan", "-k", "binding"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out
    assert "message trace:" in out
    assert "scan_qr(" in out


@pytest.mark.parametrize("spec", ["mutant:no_such_mutant", "nonsense"])
def test_an_unknown_platform_is_a_clear_error(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    assert main(["run", "--platform", spec]) == 2
    captured = capsys.readouterr()
    assert spec.removeprefix("mutant:") in captured.err
    assert captured.out == ""


def test_trace_covers_every_brand_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "--json", "--require", "MR,IS"]) == 0
    matrix = json.loads(capsys.readouterr().out)
    rows = {row["id"]: row for row in matrix["requirements"]}
    brand_ids = [r.id for r in load_catalogue() if r.family in ("MR", "IS")]
    for requirement in brand_ids:
        assert rows[requirement]["scenarios"], f"{requirement} has no scenario"
        assert rows[requirement]["verdict"] == "pass"
    assert not set(matrix["uncovered"]) & set(brand_ids)


def test_trace_fails_when_a_required_family_has_gaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"seed": 1, "platform": "reference", "scenarios": []}), encoding="utf-8")
    assert main(["trace", "--results", str(results), "--require", "IS"]) == 1
    assert "uncovered: " in capsys.readouterr().out


@pytest.fixture(scope="module")
def kill_table() -> dict[str, dict[str, object]]:
    """The whole kill table, run once for the module (the slowest thing in the test suite)."""
    return {kill.mutant.name: kill.to_json() for kill in mutation.kill_table(MUTANTS, seed=1, jobs=2)}


def test_every_mutant_is_killed(kill_table: dict[str, dict[str, object]]) -> None:
    survivors = [name for name, kill in kill_table.items() if not kill["killed"]]
    assert survivors == []
    assert len(kill_table) == len(MUTANTS) >= 45


def test_every_mutant_is_killed_by_a_scenario_of_its_own_requirement(kill_table: dict[str, dict[str, object]]) -> None:
    strays = [name for name, kill in kill_table.items() if not kill["killed_by_own_requirement"]]
    assert strays == []


def test_no_mutant_makes_the_rig_break_down(kill_table: dict[str, dict[str, object]]) -> None:
    assert {name: kill["errors"] for name, kill in kill_table.items() if kill["errors"]} == {}
