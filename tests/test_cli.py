"""The ``twinrig`` command line: run, trace and mutants, their JSON and their exit statuses; and the
kill table, every mutant killed by a scenario of the requirement it breaks."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from commands.cli import main
from core.features import FEATURES, feature_files, load
from core.results import RunResult
from mutants import MUTANTS, Mutant
from reports.catalogue import CATALOGUE
from twinrig import mutation
from twinrig.runner import SCENARIOS, run_suite

pytest_plugins = ["rig_runs"]

if TYPE_CHECKING:
    from rig_runs import CliRun

VERDICTS = ("pass", "fail", "inconclusive", "error")
REQUIREMENT_IDS = sorted(set(re.findall(r"\b(?:MR|IS|D)-[A-Z]+-\d+\b", CATALOGUE.read_text(encoding="utf-8"))))


def _family(family: str) -> list[str]:
    return [requirement for requirement in REQUIREMENT_IDS if requirement.startswith(family + "-")]


# --- run ------------------------------------------------------------------------------------


@pytest.mark.end_to_end
def test_run_passes_on_the_reference(cli_run: CliRun) -> None:
    code, results = cli_run.code, cli_run.json
    assert code == 0
    assert {scenario["verdict"] for scenario in results["scenarios"]} == {"pass"}


@pytest.mark.end_to_end
def test_run_json_has_the_documented_keys(cli_run: CliRun) -> None:
    results = cli_run.json
    assert {"seed", "platform", "scenarios", "totals"} <= results.keys()
    assert results["seed"] == 1
    assert results["platform"] == "reference"
    assert results["scenarios"]
    for scenario in results["scenarios"]:
        assert {"name", "feature", "requirements", "verdict"} <= scenario.keys()
        assert scenario["verdict"] in VERDICTS
        assert isinstance(scenario["requirements"], list)
        assert scenario["feature"].startswith("features/")
    assert set(results["totals"]) == set(VERDICTS)


@pytest.mark.end_to_end
def test_run_totals_count_the_scenario_list(cli_run: CliRun) -> None:
    results = cli_run.json
    counted = dict.fromkeys(VERDICTS, 0)
    for scenario in results["scenarios"]:
        counted[scenario["verdict"]] += 1
    assert results["totals"] == counted
    assert sum(results["totals"].values()) == len(results["scenarios"])


@pytest.mark.end_to_end
def test_run_plays_every_scenario_and_example_of_the_features(
    cli_run: CliRun,
) -> None:
    results = cli_run.json
    expected = sum(max(1, len(spec.examples)) for path in feature_files(FEATURES) for spec in load(path).scenarios)
    assert len(results["scenarios"]) == expected
    assert len({scenario["nodeid"] for scenario in results["scenarios"]}) == expected


@pytest.mark.end_to_end
def test_every_scenario_names_a_known_requirement(cli_run: CliRun) -> None:
    results = cli_run.json
    for scenario in results["scenarios"]:
        assert scenario["requirements"], f"{scenario['feature']}: {scenario['name']} covers no requirement"
        assert set(scenario["requirements"]) <= set(REQUIREMENT_IDS)


@pytest.mark.end_to_end
def test_run_json_reads_back_unchanged(cli_run: CliRun) -> None:
    results = cli_run.json
    assert RunResult.from_json(results).to_json() == results


@pytest.mark.end_to_end
def test_run_against_a_mutant_exits_1_and_says_what_failed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    command = ["run", "--platform", "mutant:bind_on_first_scan", "-k", "ismart and binding", "--allure", str(tmp_path)]
    assert main(command) == 1
    out = capsys.readouterr().out
    assert "What went wrong" in out
    assert re.search(r"^  FAIL features/ismart/", out, re.MULTILINE)
    assert re.search(r"requirements: .*IS-BIND-3", out)
    assert "message trace:" in out


def test_run_with_an_unknown_platform_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--platform", "mutant:no_such_mutant"]) == 2
    assert "no_such_mutant" in capsys.readouterr().err


# --- trace ----------------------------------------------------------------------------------


@pytest.mark.end_to_end
def test_trace_covers_every_ismart_requirement(cli_run: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    results = cli_run.path  # the same matrix as a fresh run's, without playing the suite again
    assert main(["trace", "--json", "--require", "IS", "--results", str(results)]) == 0
    matrix = json.loads(capsys.readouterr().out)
    rows = {row["id"]: row for row in matrix["requirements"]}
    ismart = _family("IS")
    assert len(ismart) >= 20
    for requirement in ismart:
        assert requirement in rows, f"{requirement} of requirements.md is missing from the matrix"
        assert rows[requirement]["scenarios"], f"{requirement} has no scenario"
        assert rows[requirement]["verdict"] == "pass"
    assert [requirement for requirement in matrix["uncovered"] if requirement.startswith("IS-")] == []


def test_trace_without_results_plays_the_suite(capsys: pytest.CaptureFixture[str]) -> None:
    """Given no results, ``trace`` runs the suite itself; here only the log-in scenarios, so gaps."""
    assert main(["trace", "--json", "--require", "IS", "--seed", "4", "-k", "ismart and login"]) == 1
    matrix = json.loads(capsys.readouterr().out)
    assert matrix["seed"] == 4
    rows = {row["id"]: row for row in matrix["requirements"]}
    assert rows["IS-LOGIN-1"]["scenarios"]
    assert {scenario["verdict"] for scenario in rows["IS-LOGIN-1"]["scenarios"]} == {"pass"}
    assert "IS-BIND-1" in matrix["uncovered"]


@pytest.mark.end_to_end
def test_trace_lists_every_requirement_of_the_catalogue(cli_run: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    results = cli_run.path
    main(["trace", "--json", "--results", str(results)])
    matrix = json.loads(capsys.readouterr().out)
    listed = [row["id"] for row in matrix["requirements"]]
    assert sorted(listed) == REQUIREMENT_IDS
    assert set(matrix["uncovered"]) <= set(listed)


@pytest.mark.parametrize("family", ["MR", "IS"])
@pytest.mark.end_to_end
def test_trace_exits_0_when_the_required_family_is_covered(
    cli_run: CliRun, capsys: pytest.CaptureFixture[str], family: str
) -> None:
    """Both brands are covered by now, My Renault too: the exit status says so."""
    results = cli_run.path
    assert main(["trace", "--results", str(results), "--require", family]) == 0
    uncovered = re.search(r"^uncovered: (.*)$", capsys.readouterr().out, re.MULTILINE)
    assert uncovered is None or not set(_family(family)) & set(uncovered[1].split())


@pytest.mark.end_to_end
def test_trace_by_default_finds_every_requirement_covered(cli_run: CliRun, capsys: pytest.CaptureFixture[str]) -> None:
    """The design: every ID of requirements.md is covered, so the default ``trace`` exits 0."""
    results = cli_run.path
    code = main(["trace", "--results", str(results)])
    out = capsys.readouterr().out
    assert "uncovered: " not in out, out[out.find("uncovered: ") :]
    assert code == 0


def _without(results: dict[str, Any], requirement: str) -> dict[str, Any]:
    scenarios = [scenario for scenario in results["scenarios"] if requirement not in scenario["requirements"]]
    return {**results, "scenarios": scenarios}


@pytest.mark.end_to_end
def test_trace_exits_1_when_a_required_family_has_a_gap(
    cli_run: CliRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = cli_run.json
    gap = _family("MR")[0]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(_without(results, gap)), encoding="utf-8")
    assert main(["trace", "--results", str(partial), "--require", "MR"]) == 1
    assert re.search(rf"^uncovered: .*\b{gap}\b", capsys.readouterr().out, re.MULTILINE)
    assert main(["trace", "--results", str(partial), "--require", "IS"]) == 0, "a gap outside the family is allowed"


@pytest.mark.end_to_end
def test_trace_exits_1_on_an_unknown_requirement_tag(
    cli_run: CliRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = cli_run.json
    tagged = json.loads(json.dumps(results))
    tagged["scenarios"][0]["requirements"].append("IS-NOPE-9")
    target = tmp_path / "tagged.json"
    target.write_text(json.dumps(tagged), encoding="utf-8")
    assert main(["trace", "--results", str(target), "--require", "IS"]) == 1
    assert "IS-NOPE-9" in capsys.readouterr().err


# --- the kill table -------------------------------------------------------------------------


def _test_name(text: str) -> str:
    """The identifier twinrig.collection gives a scenario name in its test's name."""
    return re.sub(r"\W+", "_", text.lower(), flags=re.ASCII).strip("_")


class OwnRequirementRun:
    """Plays, against a mutant, only the scenarios tagged with the requirement it breaks.

    Scenario seeds depend on the scenario alone, so each of these scenarios gets the verdict it
    gets in a full run; a mutant they kill is killed by the suite, by its own requirement. The
    scenario modules of brands without such a scenario are not even collected, and pytest's
    unraisable-exception plugin (a few full ``gc.collect()`` per session) is left out.
    """

    def __init__(self, mutants: Iterable[Mutant]) -> None:
        self.plan: dict[str, tuple[str, str, int, list[str]]] = {}
        specs = [(path, spec) for path in feature_files(FEATURES) for spec in load(path).scenarios]
        brands = [folder for folder in FEATURES.iterdir() if folder.is_dir() and any(folder.rglob("*.feature"))]
        modules = {brand.name: SCENARIOS / f"test_{brand.name}.py" for brand in brands}
        assert all(module.is_file() for module in modules.values()), modules
        for mutant in mutants:
            own = [(path, spec) for path, spec in specs if mutant.requirement in spec.requirements]
            assert own, f"no scenario is tagged with {mutant.requirement}, the requirement {mutant.name} breaks"
            select = " or ".join(sorted({"__" + _test_name(spec.name) for _, spec in own}))
            expected = sum(max(1, len(spec.examples)) for _, spec in own)
            brands = {path.relative_to(FEATURES).parts[0] for path, _ in own}
            ignore = [
                option
                for brand, module in modules.items()
                if brand not in brands
                for option in ("--ignore", str(module))
            ]
            self.plan[mutant.factory.name] = (mutant.requirement, select, expected, ignore)  # type: ignore[attr-defined]

    def __call__(self, platform: str, seed: int) -> RunResult:
        requirement, select, expected, ignore = self.plan[platform]
        result = run_suite(platform, seed, select=select, extra=[*ignore, "-p", "no:unraisableexception"])
        played = [scenario for scenario in result.scenarios if requirement in scenario.requirements]
        assert len(played) == expected, f"{platform}: played {len(played)} of the {expected} {requirement} scenarios"
        return result


@pytest.fixture(scope="module")
def kills() -> dict[str, mutation.Kill]:
    """The kill table, run once for this module: every mutant against its requirement's scenarios."""
    table = mutation.kill_table(MUTANTS, seed=1, run=OwnRequirementRun(MUTANTS), jobs=1, selective=False)
    return {kill.mutant.name: kill for kill in table}


@pytest.mark.end_to_end
def test_the_kill_table_has_every_mutant_once(kills: dict[str, mutation.Kill]) -> None:
    assert list(kills) == [mutant.name for mutant in MUTANTS]
    assert len(MUTANTS) >= 40


def test_every_mutant_breaks_a_requirement_of_the_catalogue() -> None:
    assert {mutant.requirement for mutant in MUTANTS} <= set(REQUIREMENT_IDS)


@pytest.mark.end_to_end
def test_every_mutant_is_killed(kills: dict[str, mutation.Kill]) -> None:
    assert [name for name, kill in kills.items() if not kill.killed] == []


@pytest.mark.end_to_end
def test_every_mutant_is_killed_by_its_own_requirement(kills: dict[str, mutation.Kill]) -> None:
    assert [name for name, kill in kills.items() if not kill.by_own_requirement] == []


@pytest.mark.end_to_end
def test_no_mutant_makes_a_scenario_of_its_requirement_break_down(kills: dict[str, mutation.Kill]) -> None:
    """A mutant breaks a rule; it must be judged (fail), not crash the rig (error)."""
    assert {name: kill.errors for name, kill in kills.items() if kill.errors} == {}


@pytest.fixture
def cached_kill_table(monkeypatch: pytest.MonkeyPatch, kills: dict[str, mutation.Kill]) -> list[tuple[Any, ...]]:
    """``twinrig mutants`` answered from the module's kill table; the calls it made."""
    calls: list[tuple[Any, ...]] = []

    def kill_table(
        chosen: Iterable[Mutant], seed: int, *, run: object, jobs: int = 1, all_kills: bool = False
    ) -> list[mutation.Kill]:
        names = [mutant.name for mutant in chosen]
        calls.append((names, seed, jobs, run) + ((all_kills,) if all_kills else ()))
        return [kills[name] for name in names]

    monkeypatch.setattr(mutation, "kill_table", kill_table)
    return calls


@pytest.mark.end_to_end
def test_mutants_json_kills_every_mutant(
    cached_kill_table: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mutants", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert cached_kill_table == [([mutant.name for mutant in MUTANTS], 1, os.cpu_count() or 1, run_suite)]
    assert table["seed"] == 1
    assert [entry["name"] for entry in table["mutants"]] == [mutant.name for mutant in MUTANTS]
    for entry, mutant in zip(table["mutants"], MUTANTS, strict=True):
        assert {"name", "requirement", "killed", "killed_by"} <= entry.keys()
        assert entry["requirement"] == mutant.requirement
        assert entry["killed"] is True
        assert entry["killed_by"]
        assert all(": " in label for label in entry["killed_by"])
        assert entry["killed_by_own_requirement"] is True


@pytest.mark.end_to_end
def test_mutants_only_runs_the_chosen_ones(
    cached_kill_table: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mutants", "--json", "--only", "bind_on_first_scan", "--seed", "1", "--jobs", "1"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert [entry["name"] for entry in table["mutants"]] == ["bind_on_first_scan"]
    assert cached_kill_table == [(["bind_on_first_scan"], 1, 1, run_suite)]


@pytest.mark.end_to_end
def test_mutants_all_kills_asks_for_every_killer(
    cached_kill_table: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mutants", "--only", "bind_on_first_scan", "--jobs", "1", "--all-kills"]) == 0
    assert cached_kill_table == [(["bind_on_first_scan"], 1, 1, run_suite, True)]
    assert "1/1 mutants killed" in capsys.readouterr().out


@pytest.mark.end_to_end
def test_mutants_over_http_run_the_suite_over_http(
    cached_kill_table: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mutants", "--http", "--only", "bind_on_first_scan", "--jobs", "1"]) == 0
    assert cached_kill_table == [(["bind_on_first_scan"], 1, 1, mutation.run_over_http)]
    assert "1/1 mutants killed" in capsys.readouterr().out


def test_mutants_with_a_survivor_exits_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(mutation, "kill_table", lambda chosen, seed, **_: [mutation.Kill(m) for m in chosen])
    assert main(["mutants", "--only", "bind_on_first_scan"]) == 1
    assert "survivors (holes in the suite): bind_on_first_scan" in capsys.readouterr().out


@pytest.mark.end_to_end
def test_mutants_with_an_unknown_name_exits_2_without_running(
    cached_kill_table: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mutants", "--only", "bind_on_first_scan,no_such_mutant"]) == 2
    assert "no_such_mutant" in capsys.readouterr().err
    assert cached_kill_table == []


@pytest.mark.end_to_end
def test_the_kill_table_keeps_its_columns_apart(kills: dict[str, mutation.Kill]) -> None:
    """The longest mutant name and requirement ID still leave a gap before the next column (they ran together)."""
    rows = mutation.render(list(kills.values())).splitlines()
    for kill, row in zip(kills.values(), rows[1:], strict=False):
        assert row.split()[:3] == [kill.mutant.name, kill.mutant.requirement, "yes"]
