"""``twinrig flaky``: nothing changes on the reference, and a platform whose verdicts hang on the
gateways' latencies is caught, with the seeds and verdicts seen and a command that replays them."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from commands.cli import main
from core.results import RunResult, ScenarioResult
from core.trace import TraceEntry
from core.verdicts import Verdict
from reference import DEFAULT_POLICY, CodePolicy, ReferenceFactory
from reference.server import running_server
from twinrig.flakiness import changes

# The SMS gateway takes 2 to 20 seconds (twins.world.Latencies); a registration code that lives
# 11 seconds is still valid when the SMS is quick and dead when it is slow: a verdict of luck.
HASTY = ReferenceFactory(
    "codes-expire-within-sms-latency",
    policy=replace(DEFAULT_POLICY, registration_code=CodePolicy(ttl=timedelta(seconds=11))),
)
REGISTRATION = "test_registration__"


@pytest.fixture(scope="module")
def hasty_url() -> Iterator[str]:
    with running_server(HASTY) as url:
        yield url


@pytest.mark.end_to_end
def test_flaky_on_the_reference_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flaky", "--runs", "3", "--seed", "5", "-k", "force_unbinding", "--json", "--jobs", "2"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["seeds"] == [5, 6, 7]
    assert found["scenarios"] >= 10
    assert found["changed"] == []


@pytest.mark.end_to_end
def test_flaky_catches_verdicts_that_depend_on_the_seed(hasty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flaky", "--runs", "3", "--platform", hasty_url, "-k", REGISTRATION, "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    changed = found["changed"]
    assert changed, "a code that dies within the SMS latency changed no verdict"
    for change in changed:
        assert change["nodeid"].startswith(f"scenarios/test_ismart.py::{REGISTRATION}")
        assert change["verdict_changed_across_seeds"]
        assert [seen["seed"] for seen in change["across_seeds"]] == [1, 2, 3]
        assert {seen["verdict"] for seen in change["across_seeds"]} == {"pass", "fail"}
        # one seed is one seed, even against this platform
        assert not change["verdict_changed_under_one_seed"]
        assert not change["trace_changed_under_one_seed"]
        assert len({seen["verdict"] for seen in change["same_seed"]}) == 1


@pytest.mark.end_to_end
def test_flaky_prints_a_command_that_replays_the_unlucky_seed(
    hasty_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["flaky", "--runs", "2", "--seed", "2", "--platform", hasty_url, "-k", REGISTRATION]) == 1
    out = capsys.readouterr().out
    assert "verdict changed across seeds: seed 2 " in out
    match = re.search(r"^  reproduce: (twinrig run --seed (\d+) .*)$", out, re.MULTILINE)
    assert match, out
    argv = shlex.split(match[1])[1:]
    main([*argv, "--json", str(tmp_path / "replay.json"), "--no-traces"])
    (replayed,) = RunResult.from_json(json.loads((tmp_path / "replay.json").read_text(encoding="utf-8"))).scenarios
    assert replayed.verdict is Verdict.FAIL
    assert re.search(rf"seed {match[2]} fail", out)


def _run(seed: int, *scenarios: tuple[str, Verdict, str]) -> RunResult:
    results = [
        ScenarioResult(name, "f.feature", [], verdict, trace=(TraceEntry(0.0, "a", "b", label),), nodeid=name)
        for name, verdict, label in scenarios
    ]
    return RunResult(seed, "p", results)


def test_one_seed_may_not_change_even_a_trace() -> None:
    same = [_run(1, ("a", Verdict.PASS, "x"), ("b", Verdict.PASS, "y")), _run(1, ("a", Verdict.PASS, "x!"))]
    (a, b) = changes(same, same[:1])
    assert (a.nodeid, a.trace_changed, a.verdict_changed_under_one_seed) == ("a", True, False)
    assert (b.nodeid, [seen.verdict for seen in b.same_seed]) == ("b", ["pass", "missing"])


def test_flaky_needs_two_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flaky", "--runs", "1"]) == 2
    assert "--runs" in capsys.readouterr().err
