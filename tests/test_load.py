"""Load on remote commands: real Locust runs, headless and bounded, against platforms served in
real time on 127.0.0.1, with the TCU fleet twin answering; the thresholds decide the exit status
and the consistency check judges the state the run left behind."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from contract.messages import VehicleRole
from reference import PlatformPolicy, ReferenceFactory, ReferencePlatform
from reference.records import Account, Car, Command
from reference.server import running_server

pytestmark = pytest.mark.end_to_end  # every test starts Locust or a process of its own

TWINRIG = [sys.executable, "-m", "commands.cli", "load"]


def load(out: Path, *options: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """``twinrig load`` with *options*, its reports in *out*."""
    command = [*TWINRIG, "--out", str(out), "--command-timeout", "4", *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def stats(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (out / "load_stats.csv").open(encoding="utf-8") as rows:
        return {(row["Type"], row["Name"]): row for row in csv.DictReader(rows)}


def test_a_bounded_run_passes_its_thresholds_writes_its_reports_and_leaves_a_consistent_state(
    tmp_path: Path,
) -> None:
    """300 owners (half MG iSmart, half My Renault) seeded through the API; 30 phone users for 10 s."""
    run = load(tmp_path, "--fleet", "300", "--users", "30", "--spawn-rate", "30", "--run-time", "10s")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "fleet: 300 owners bound" in run.stdout
    assert "load: consistency ok" in run.stdout
    table = stats(tmp_path)
    e2e = [row for (kind, _), row in table.items() if kind == "E2E"]
    assert {row["Name"] for row in e2e} >= {"horn_and_lights", "find_my_car"}
    assert all(int(row["Failure Count"]) == 0 for row in e2e)
    for request in ("remote_command", "vehicle_status", "schedule_charging", "ev_status"):
        assert int(table["POST", request]["Request Count"]) > 0, request
        assert int(table["POST", request]["Failure Count"]) == 0, request
    assert "E2E" in (tmp_path / "load.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "consistency.json").read_text(encoding="utf-8")) == {"problems": []}


def test_sleeping_cars_wake_by_sms_out_of_coverage_ones_end_car_unreachable_and_a_tight_threshold_fails(
    tmp_path: Path,
) -> None:
    """Half the cars asleep, half out of coverage: every command done went through a wake-up.

    Ten seconds of load, so that commands to cars out of coverage, each ending only after the
    platform's 4 s time-out, have ended before Locust stops its users (6 s was not always enough
    on a busy machine).
    """
    run = load(
        tmp_path,
        *("--fleet", "20", "--users", "20", "--spawn-rate", "20", "--run-time", "10s"),
        *("--asleep", "0.5", "--out-of-coverage", "0.5", "--max-e2e-p95-ms", "1"),
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-3000:]
    assert "threshold end-to-end p95" in run.stdout
    assert "PASSED THE LIMIT" in run.stdout
    table = stats(tmp_path)
    done = [row for (kind, _), row in table.items() if kind == "E2E"]
    assert done, "no command to a sleeping car was done"  # no car starts awake: each done one was woken by SMS
    assert max(float(row["Max Response Time"]) for row in done) >= 500  # a first command waits 0.5-1.5 s for it
    unreachable = [row for (kind, _), row in table.items() if kind == "UNREACHABLE"]
    assert unreachable, "no command to a car out of coverage ended"
    assert all(int(row["Failure Count"]) == 0 for row in unreachable)
    assert all(float(row["Min Response Time"]) >= 4000 for row in unreachable)  # the platform's 4 s time-out
    assert "load: consistency ok" in run.stdout  # the run failed by its threshold alone


class Inconsistent(ReferencePlatform):
    """Hands every command to the TCU twice, never ends a command that the car did not answer,
    and lists every car as bound to whoever asks."""

    def _role_of(self, account: Account, car: Car) -> VehicleRole | None:
        return "bound"

    def _deliver(self, command: Command) -> bool:
        return super()._deliver(command) and super()._deliver(command)

    def _on_command_deadline(self, command: Command) -> None:
        """Leaves the command pending for ever."""


def test_the_consistency_check_catches_double_outcomes_commands_without_one_and_two_bound_users(
    tmp_path: Path,
) -> None:
    policy = replace(PlatformPolicy(), command_timeout=timedelta(seconds=2))
    factory = ReferenceFactory("mutant:inconsistent", Inconsistent, policy)
    with running_server(factory, real_time=True) as url:
        run = load(
            tmp_path,
            *("--platform", url, "--fleet", "30", "--users", "15", "--spawn-rate", "15", "--run-time", "5s"),
            *("--out-of-coverage", "0.3"),
        )
    assert run.returncode != 0
    problems = json.loads((tmp_path / "consistency.json").read_text(encoding="utf-8"))["problems"]
    assert any("was carried out 2 times by the car" in problem for problem in problems), problems
    assert any("has no outcome: still 'pending'" in problem for problem in problems), problems
    assert any(" has 30 bound users: " in problem for problem in problems), problems
    assert "load: consistency violated" in run.stdout


def test_a_master_with_two_workers_on_localhost_runs_the_same_load(tmp_path: Path) -> None:
    run = load(tmp_path, "--fleet", "40", "--users", "10", "--spawn-rate", "10", "--run-time", "4s", "--workers", "2")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 workers connected" in run.stdout
    assert any(kind == "E2E" for kind, _ in stats(tmp_path))
    checked = next(line for line in run.stdout.splitlines() if line.startswith("load: checked"))
    assert " 0 accepted commands" not in checked  # the workers told the fleet twin what they sent
    assert "load: consistency ok" in run.stdout


def test_the_rig_never_imports_locust() -> None:
    probe = "import sys, commands.cli, load.run, steps, twins; print('locust' in sys.modules, 'gevent' in sys.modules)"
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert answer.stdout.split() == ["False", "False"]
