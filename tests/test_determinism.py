"""Determinism: one seed replays every scenario byte for byte; another seed casts other people and
draws other latencies, and still gives the same verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.features import REPOSITORY
from core.results import RunResult
from core.seeds import scenario_seed
from core.trace import TraceEntry, render_trace
from twinrig.runner import run_suite

pytest_plugins = ["rig_runs"]

if TYPE_CHECKING:
    from rig_runs import CliRun

pytestmark = pytest.mark.end_to_end  # every test judges whole runs of the suite, in this process and others

SEED = 7

# A run in another interpreter, with another hash seed: set and dict orders that depend on string
# hashes differ there, so a trace that depends on them would differ too.
ELSEWHERE = f"""
import json
from twinrig.runner import run_suite
from core.seeds import scenario_seed

print(json.dumps(run_suite("reference", {SEED}).to_json(), ensure_ascii=False))
"""


@dataclass(frozen=True, slots=True)
class Runs:
    """Two runs with one seed, one with another, and one with the first seed in another process.

    The run with another seed is the session's ``twinrig run --json`` (seed 1), read back from JSON.
    """

    first: RunResult
    second: RunResult
    other: RunResult
    elsewhere: str


@pytest.fixture(scope="module")
def runs(cli_run: CliRun) -> Runs:
    hash_seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPOSITORY)}
    with subprocess.Popen(  # runs while this process plays the other two
        [sys.executable, "-c", ELSEWHERE], cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, text=True
    ) as elsewhere:
        first, second = run_suite("reference", SEED), run_suite("reference", SEED)
        out, _ = elsewhere.communicate()
    assert elsewhere.returncode == 0
    other = cli_run.result
    assert other.seed != SEED
    return Runs(first, second, other, out)


def _by_node(result: RunResult) -> dict[str, tuple[str, tuple[TraceEntry, ...]]]:
    return {scenario.nodeid: (scenario.verdict.value, scenario.trace) for scenario in result.scenarios}


def test_one_seed_gives_the_same_scenarios_in_the_same_order(runs: Runs) -> None:
    first, second = runs.first, runs.second
    assert len(first.scenarios) >= 100
    assert [s.nodeid for s in first.scenarios] == [s.nodeid for s in second.scenarios]
    assert len({s.nodeid for s in first.scenarios}) == len(first.scenarios)


def test_one_seed_gives_the_same_verdicts(runs: Runs) -> None:
    first, second = runs.first, runs.second
    assert [(s.nodeid, s.verdict) for s in first.scenarios] == [(s.nodeid, s.verdict) for s in second.scenarios]
    assert first.totals() == second.totals()


def test_one_seed_gives_byte_identical_traces(runs: Runs) -> None:
    first, second = runs.first, runs.second
    assert all(scenario.trace for scenario in first.scenarios), "a scenario without a trace proves nothing"
    differing = [
        a.nodeid
        for a, b in zip(first.scenarios, second.scenarios, strict=True)
        if render_trace(a.trace).encode("utf-8") != render_trace(b.trace).encode("utf-8")
    ]
    assert differing == []
    assert [(s.seed, s.message) for s in first.scenarios] == [(s.seed, s.message) for s in second.scenarios]


def test_one_seed_gives_the_same_results_json(runs: Runs, tmp_path: Path) -> None:
    assert runs.first.to_json() == runs.second.to_json()
    runs.first.write(tmp_path / "first.json")
    runs.second.write(tmp_path / "second.json")
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()


def test_one_seed_replays_in_another_process_with_another_hash_seed(runs: Runs) -> None:
    elsewhere = RunResult.from_json(json.loads(runs.elsewhere))
    here = {nodeid: list(pair) for nodeid, pair in _by_node(runs.first).items()}
    there = {nodeid: list(pair) for nodeid, pair in _by_node(elsewhere).items()}
    assert here.keys() == there.keys()
    assert [nodeid for nodeid in here if here[nodeid] != there[nodeid]] == []
    assert runs.elsewhere.strip() == json.dumps(runs.first.to_json(), ensure_ascii=False), "the whole results JSON"


def test_another_seed_gives_other_traces(runs: Runs) -> None:
    first, other = _by_node(runs.first), _by_node(runs.other)
    assert first.keys() == other.keys()
    differing = [nodeid for nodeid in first if first[nodeid][1] != other[nodeid][1]]
    assert differing, "another seed replayed seed 7 exactly: the seed reaches nothing"
    assert len(differing) > len(first) // 2, "most scenarios cast people with phone numbers drawn from the seed"


def test_another_seed_gives_the_same_verdicts(runs: Runs) -> None:
    first, other = _by_node(runs.first), _by_node(runs.other)
    assert {nodeid: pair[0] for nodeid, pair in first.items()} == {nodeid: pair[0] for nodeid, pair in other.items()}


def test_scenario_seeds_differ_by_scenario_and_by_run_seed(runs: Runs) -> None:
    first, other = runs.first, runs.other
    seeds = [scenario.seed for scenario in first.scenarios]
    assert len(set(seeds)) == len(seeds)
    assert not set(seeds) & {scenario.seed for scenario in other.scenarios}


def test_a_scenario_replays_alone_as_in_the_whole_run(runs: Runs) -> None:
    """Its seed depends on the scenario, not on what else ran: ``-k`` picks it out unchanged."""
    whole = {s.nodeid: s for s in runs.first.scenarios}
    alone = run_suite("reference", SEED, select="force_unbinding and 72_hours")
    assert alone.scenarios
    for scenario in alone.scenarios:
        assert scenario.trace == whole[scenario.nodeid].trace
        assert scenario.seed == whole[scenario.nodeid].seed


def test_a_scenario_seed_is_the_run_seed_the_feature_file_and_the_scenario_name(runs: Runs) -> None:
    """Not the test module's name or place, nor the runner: pytest's node id plays no part."""
    for scenario in runs.first.scenarios:
        assert scenario.seed == scenario_seed(SEED, scenario.feature, scenario.name), scenario.nodeid
    assert scenario_seed(SEED, "f.feature", "x") != scenario_seed(SEED + 1, "f.feature", "x")
    assert scenario_seed(SEED, "f.feature", "x") != scenario_seed(SEED, "g.feature", "x")
    assert scenario_seed(SEED, "f.feature", "x") != scenario_seed(SEED, "f.feature", "x [1]")


# --- behave ---------------------------------------------------------------------------------


def _behave(results: Path, seed: int, hash_seed: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets"]
    command += ["-D", f"seed={seed}", "-D", f"results={results}"]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen(
        command, cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def behave_runs(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Three behave runs at once: seed 7 with hash seeds 1 and 2, and seed 8."""
    folder = tmp_path_factory.mktemp("behave")
    paths = [folder / "seed7-hash1.json", folder / "seed7-hash2.json", folder / "seed8.json"]
    started = [_behave(paths[0], SEED, "1"), _behave(paths[1], SEED, "2"), _behave(paths[2], SEED + 1, "1")]
    for process in started:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    return [path.read_bytes() for path in paths]


def test_behave_with_one_seed_writes_byte_identical_results_across_processes(behave_runs: list[bytes]) -> None:
    first, again, _ = behave_runs
    results = json.loads(first)
    assert len(results["scenarios"]) >= 100
    assert all(scenario["trace"] for scenario in results["scenarios"])
    assert first == again


def test_behave_with_another_seed_gives_other_traces_and_the_same_verdicts(behave_runs: list[bytes]) -> None:
    first, _, other = (json.loads(run)["scenarios"] for run in behave_runs)
    assert [s["verdict"] for s in first] == [s["verdict"] for s in other]
    assert sum(a["trace"] != b["trace"] for a, b in zip(first, other, strict=True)) > len(first) // 2


def test_behave_gives_every_scenario_a_seed_of_its_own(behave_runs: list[bytes]) -> None:
    """Scenarios of one name in two feature files (there are some) still get seeds of their own."""
    scenarios = json.loads(behave_runs[0])["scenarios"]
    names = [scenario["name"] for scenario in scenarios]
    assert len(set(names)) < len(names), "no two features share a scenario name: this proves nothing"
    seeds = [scenario["seed"] for scenario in scenarios]
    assert len(set(seeds)) == len(seeds)
