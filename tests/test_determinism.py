"""Determinism: one seed replays every scenario byte for byte; another seed casts other people and
draws other latencies, and still gives the same verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from twinrig.features import REPOSITORY
from twinrig.plugin import scenario_seed
from twinrig.results import RunResult
from twinrig.runner import run_suite

pytest_plugins = ["rig_runs"]

if TYPE_CHECKING:
    from rig_runs import CliRun

SEED = 7

# A run in another interpreter, with another hash seed: set and dict orders that depend on string
# hashes differ there, so a trace that depends on them would differ too.
ELSEWHERE = f"""
import json
from twinrig.runner import run_suite

result = run_suite("reference", {SEED})
print(json.dumps({{s.nodeid: [s.verdict.value, s.trace] for s in result.scenarios}}))
"""


@dataclass(frozen=True, slots=True)
class Runs:
    """Two runs with one seed, one with another, and one with the first seed in another process.

    The run with another seed is the session's ``twinrig run --json`` (seed 1), read back from JSON.
    """

    first: RunResult
    second: RunResult
    other: RunResult
    elsewhere: dict[str, list[str]]


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
    return Runs(first, second, other, json.loads(out))


def _by_node(result: RunResult) -> dict[str, tuple[str, str]]:
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
        if a.trace.encode("utf-8") != b.trace.encode("utf-8")
    ]
    assert differing == []
    assert [(s.seed, s.message) for s in first.scenarios] == [(s.seed, s.message) for s in second.scenarios]


def test_one_seed_gives_the_same_results_json(runs: Runs) -> None:
    assert runs.first.to_json() == runs.second.to_json()


def test_one_seed_replays_in_another_process_with_another_hash_seed(runs: Runs) -> None:
    elsewhere = runs.elsewhere
    here = {nodeid: list(pair) for nodeid, pair in _by_node(runs.first).items()}
    assert here.keys() == elsewhere.keys()
    assert [nodeid for nodeid in here if here[nodeid] != elsewhere[nodeid]] == []


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


def test_scenario_seed_ignores_where_the_module_lies() -> None:
    assert scenario_seed(SEED, "scenarios/test_ismart.py::test_x") == scenario_seed(SEED, "elsewhere.py::test_x")
    assert scenario_seed(SEED, "m.py::test_x") != scenario_seed(SEED + 1, "m.py::test_x")
    assert scenario_seed(SEED, "m.py::test_x") != scenario_seed(SEED, "m.py::test_y")
