"""Two runs at once never mix their outputs: each writes its own folders, and a run that wants
a folder another run is writing is refused, naming that run."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.cli import main
from core.claims import OutputBusy, claim, release
from core.features import REPOSITORY

HOLD = (
    "import sys; from pathlib import Path; from core.claims import claim; "
    "claim([Path(sys.argv[1])]); print('held', flush=True); sys.stdin.read()"
)
FEW = "binding_again or a_registration_number_of_no_car"
TWINRIG_RUN = (sys.executable, "-m", "commands.cli", "run", "-k", FEW)


def held_elsewhere(output: Path) -> str:
    """What another process says when it tries to claim *output* ("held" when it got it)."""
    tried = subprocess.run(
        [sys.executable, "-c", HOLD, str(output)], check=False, cwd=REPOSITORY, input="", capture_output=True, text=True
    )
    return tried.stdout or tried.stderr


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process holding the claim on an Allure results folder until it is killed."""
    folder = tmp_path / "allure-results"
    command = [sys.executable, "-c", HOLD, str(folder)]
    process = subprocess.Popen(command, cwd=REPOSITORY, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "held\n"
    yield process, folder
    process.kill()
    process.wait()


def test_a_run_is_refused_an_output_another_run_is_writing_and_names_it(
    holder: tuple[subprocess.Popen[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    process, folder = holder
    folder.mkdir()
    (folder / "theirs-result.json").write_text("{}", encoding="utf-8")
    code = main(["run", "-k", FEW, "--allure", str(folder), "--json", str(tmp_path / "results.json")])
    error = capsys.readouterr().err
    assert code == 2
    assert str(folder) in error
    assert f"process {process.pid}" in error
    assert (folder / "theirs-result.json").exists()  # nothing of the other run is lost
    assert not (tmp_path / "results.json").exists()
    assert held_elsewhere(tmp_path / "results.json") == "held\n"  # it claimed all its outputs or none


def test_the_claim_ends_with_the_process_that_held_it(holder: tuple[subprocess.Popen[str], Path]) -> None:
    process, folder = holder
    with pytest.raises(OutputBusy):
        claim([folder])
    process.kill()
    process.wait()
    claim([folder])
    release([folder])


def test_claims_are_reentrant_in_one_process(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    claim([output])
    claim([output])
    release([output])
    assert "OutputBusy" in held_elsewhere(output)  # still held after one of two releases
    release([output])
    assert held_elsewhere(output) == "held\n"


def test_a_busy_output_survives_the_trip_across_a_simpy_process() -> None:
    error = OutputBusy("out/allure-results", "process 7")
    again = type(error)(*error.args)
    assert str(again) == str(error)
    assert "process 7" in str(again)


@pytest.mark.end_to_end
def test_two_runs_at_once_with_their_own_outputs_keep_them_apart(tmp_path: Path) -> None:
    runs = {seed: tmp_path / f"seed-{seed}" for seed in (1, 2)}
    started = [
        subprocess.Popen(
            [*TWINRIG_RUN, "--seed", str(seed), "--json", str(run / "results.json"), "--allure", str(run / "allure")],
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
        )
        for seed, run in runs.items()
    ]
    assert [process.wait(timeout=300) for process in started] == [0, 0]
    for seed, run in runs.items():
        results = json.loads((run / "results.json").read_text(encoding="utf-8"))
        assert results["seed"] == seed
        written = [json.loads(path.read_text(encoding="utf-8")) for path in (run / "allure").glob("*-result.json")]
        assert len(written) == len(results["scenarios"]) > 0
        seeds = {item["value"] for result in written for item in result["parameters"] if item["name"] == "run seed"}
        assert seeds == {str(seed)}
