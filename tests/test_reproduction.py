"""A failing scenario prints the run's seed, its own seed, and a command that replays exactly it:
the printed command, run against the same mutant, gives the same verdict and the same trace."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from _pytest.mark import KeywordMatcher
from _pytest.mark.expression import Expression

from commands.cli import main
from core.features import REPOSITORY
from core.results import RunResult
from twinrig.reproduction import selection
from twinrig.runner import SCENARIOS

SEED = 7
# Its failures are rows of a Scenario Outline whose names hold spaces, which -k cannot name whole.
MUTANT = "mutant:any_publisher_accepted"
SELECT = "app_installation"


@dataclass(slots=True)
class _Collector:
    items: list[pytest.Item]

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items.extend(session.items)


@pytest.fixture(scope="module")
def universe() -> list[tuple[pytest.Item, KeywordMatcher]]:
    """Every test of the suite, as ``twinrig run`` collects them, with its -k matcher."""
    collector = _Collector([])
    options = ["--collect-only", "-q", "-p", "no:cacheprovider", "--rootdir", str(REPOSITORY)]
    code = pytest.main([str(SCENARIOS), *options], plugins=[collector])
    assert code == 0
    return [(item, KeywordMatcher.from_item(item)) for item in collector.items]


@pytest.mark.end_to_end
def test_every_scenario_has_a_selection_that_picks_it_alone(universe: list[tuple[pytest.Item, KeywordMatcher]]) -> None:
    assert len(universe) >= 100
    assert any(" " in item.name for item, _ in universe), "no name with a space: the hard case is not tried"
    for item, _ in universe:
        chosen = selection(item, universe)
        assert chosen is not None, item.nodeid
        compiled = Expression.compile(chosen)
        assert [other.nodeid for other, matcher in universe if compiled.evaluate(matcher)] == [item.nodeid], chosen


@dataclass(frozen=True, slots=True)
class Failing:
    """``twinrig run`` against the mutant: its printed *summary* and its *result*."""

    summary: str
    result: RunResult


@pytest.fixture(scope="module")
def failing(tmp_path_factory: pytest.TempPathFactory) -> Failing:
    target = tmp_path_factory.mktemp("failing") / "results.json"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["run", "--seed", str(SEED), "--platform", MUTANT, "-k", SELECT, "--json", str(target)])
    assert code == 1
    return Failing(printed.getvalue(), RunResult.from_json(json.loads(target.read_text(encoding="utf-8"))))


def test_the_summary_prints_seeds_and_a_replay_command_for_every_failure(failing: Failing) -> None:
    failures = [s for s in failing.result.scenarios if s.verdict.value in ("fail", "error")]
    assert failures, "the mutant failed nothing"
    for scenario in failures:
        assert f"run seed {SEED}, scenario seed {scenario.seed}" in failing.summary
        assert scenario.reproduce.startswith(f"twinrig run --seed {SEED} --platform {MUTANT} -k ")
        assert f"reproduce: {scenario.reproduce}" in failing.summary
    assert all(not s.reproduce for s in failing.result.scenarios if s.verdict.value == "pass")


def test_the_printed_command_replays_the_failure_exactly(failing: Failing, tmp_path: Path) -> None:
    printed = re.findall(r"^    reproduce: (.*)$", failing.summary, re.MULTILINE)
    assert printed
    for number, line in enumerate(printed):
        program, *argv = shlex.split(line)
        assert program == "twinrig"
        target = tmp_path / f"replay{number}.json"
        main([*argv, "--json", str(target), "--no-traces"])
        (replayed,) = RunResult.from_json(json.loads(target.read_text(encoding="utf-8"))).scenarios
        (original,) = [s for s in failing.result.scenarios if s.reproduce == line]
        assert (replayed.nodeid, replayed.verdict, replayed.seed) == (original.nodeid, original.verdict, original.seed)
        assert replayed.trace == original.trace


@pytest.mark.end_to_end
def test_the_pytest_report_prints_seeds_and_the_replay_command(
    failing: Failing, capsys: pytest.CaptureFixture[str]
) -> None:
    (first, *_) = [s for s in failing.result.scenarios if s.reproduce]
    options = ["--platform", MUTANT, "--seed", str(SEED), "-p", "no:cacheprovider", "--rootdir", str(REPOSITORY)]
    assert pytest.main([str(REPOSITORY / first.nodeid), *options]) == pytest.ExitCode.TESTS_FAILED
    out = capsys.readouterr().out
    assert "twinrig: fail" in out
    assert f"run seed {SEED}, scenario seed {first.seed}" in out
    assert f"reproduce: {first.reproduce}" in out


def _behave(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets", *arguments]
    return subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.end_to_end
def test_behave_prints_seeds_and_a_command_that_replays_the_failure(tmp_path: Path) -> None:
    whole, alone = tmp_path / "whole.json", tmp_path / "alone.json"
    feature = "features/ismart/app_installation.feature"
    run = _behave("-D", f"seed={SEED}", "-D", f"platform={MUTANT}", "-D", f"results={whole}", feature)
    (failure,) = [s for s in json.loads(whole.read_text(encoding="utf-8"))["scenarios"] if s["verdict"] == "fail"]
    assert f"run seed {SEED}, scenario seed {failure['seed']}" in run.stderr
    printed = re.findall(r"reproduce: (.*)$", run.stderr, re.MULTILINE)
    assert printed == [failure["reproduce"]]
    program, *argv = shlex.split(printed[0])
    assert program == "behave"
    _behave(*argv[:-1], "-D", f"results={alone}", argv[-1])
    (replayed,) = json.loads(alone.read_text(encoding="utf-8"))["scenarios"]
    assert {key: replayed[key] for key in ("name", "verdict", "seed", "trace")} == {
        key: failure[key] for key in ("name", "verdict", "seed", "trace")
    }
