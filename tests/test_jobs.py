"""A parallel run (``--jobs N``, pytest-xdist) and a sharded one (``--shard K/N``, then ``twinrig
merge``) write what a serial run writes for the same seed: results JSON, JUnit XML and Cucumber
Messages byte for byte, Allure results once their uuids (file names, ``uuid``, attachment
sources) are read through; several jobs against a platform at a URL that does not advertise
isolated worlds are refused before anything runs."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from commands.cli import main
from core.features import REPOSITORY
from core.options import RunOptions
from core.verdicts import RigError
from reference import ReferenceFactory
from reference.server import running_server
from twinrig.runner import run

SOME = "vehicles or consent or locking or charging or dealer"
"""About 25 scenarios of both brands."""
PLATFORM = "mutant:invalid_vin_accepted"
"""A platform that fails one of them (a fail has a message, a trace and a replay command)."""


def outputs(folder: Path, **changes: Any) -> Path:
    """Play :data:`SOME` against :data:`PLATFORM` writing every output into *folder*."""
    folder.mkdir()
    options = RunOptions(
        PLATFORM,
        7,
        select=SOME,
        results=folder / "results.json",
        junit=folder / "junit.xml",
        messages=folder / "messages.ndjson",
        allure=folder / "allure",
        **changes,
    )
    run(options)
    return folder


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return outputs(tmp_path_factory.mktemp("serial") / "out")


def allure_canonical(folder: Path) -> list[dict[str, Any]]:
    """The Allure results in *folder*, without uuids: each attachment's source read, in name order."""
    canonical = []
    for path in folder.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        del result["uuid"]
        for attachment in result.get("attachments", []):
            attachment["source"] = (folder / attachment["source"]).read_text(encoding="utf-8")
        canonical.append(result)
    return sorted(canonical, key=lambda result: (result["fullName"], json.dumps(result["parameters"])))


def assert_same(serial: Path, other: Path) -> None:
    for name in ("results.json", "junit.xml", "messages.ndjson"):
        assert (other / name).read_bytes() == (serial / name).read_bytes(), name


def test_two_jobs_write_what_a_serial_run_writes(serial: Path, tmp_path: Path) -> None:
    parallel = outputs(tmp_path / "parallel", jobs=2)
    assert_same(serial, parallel)
    totals = json.loads((parallel / "results.json").read_text(encoding="utf-8"))["totals"]
    assert totals["fail"] == 1
    assert totals["pass"] >= 20
    assert allure_canonical(parallel / "allure") == allure_canonical(serial / "allure")
    assert len(allure_canonical(serial / "allure")) == sum(totals.values())


def test_two_jobs_against_one_served_platform_play_each_scenario_in_its_own_world(tmp_path: Path) -> None:
    """Workers against one ``twinrig serve`` (isolated worlds, its test side behind a token) give
    the verdicts and traces of a serial run over HTTP, and of one in-process; no world is left."""
    features = (REPOSITORY / "features" / "ismart" / "binding.feature",)
    with running_server(ReferenceFactory(), token="sekret") as url:
        options = RunOptions(url, 3, features=features, platform_token="sekret")
        serial = run(dataclasses.replace(options, allure=tmp_path / "serial"))
        parallel = run(dataclasses.replace(options, allure=tmp_path / "parallel", jobs=2))
        live = httpx.get(f"{url}/test/worlds", headers={"Authorization": "Bearer sekret"}, timeout=5).json()["live"]
    in_process = run(RunOptions("reference", 3, features=features, allure=tmp_path / "in-process"))
    played = [[(s.name, s.verdict, s.trace) for s in r.scenarios] for r in (serial, parallel, in_process)]
    assert played[0] == played[1] == played[2]
    assert len(played[0]) > 5
    assert {s.verdict.value for s in serial.scenarios} == {"pass"}
    assert live == 0


def test_three_shards_merged_are_the_serial_run(
    serial: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shards = []
    for share in (3, 1, 2):  # in any order
        path = tmp_path / f"shard-{share}.json"
        jobs = 2 if share == 2 else 1  # a shard may play in several jobs too
        run(RunOptions(PLATFORM, 7, select=SOME, results=path, shard=(share, 3), jobs=jobs))
        shards.append(path)
    played = [len(json.loads(path.read_text(encoding="utf-8"))["scenarios"]) for path in shards]
    assert all(played)
    assert sum(played) == len(json.loads((serial / "results.json").read_text())["scenarios"])
    merged = tmp_path / "merged"
    merged.mkdir()
    capsys.readouterr()
    code = main(
        [
            "merge",
            *map(str, shards),
            "--json",
            str(merged / "results.json"),
            "--junit",
            str(merged / "junit.xml"),
            "--messages",
            str(merged / "messages.ndjson"),
        ]
    )
    assert code == 1  # the merged run has the serial run's fail
    assert "1 fail" in capsys.readouterr().out
    assert_same(serial, merged)


def test_a_merge_without_every_shard_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shard-1.json"
    run(RunOptions(PLATFORM, 7, select="vehicles", results=path, shard=(1, 2)))
    assert main(["merge", str(path), "--json", str(tmp_path / "merged.json")]) == 2
    assert "not every shard of one run (shards [1] of [2]" in capsys.readouterr().err
    assert not (tmp_path / "merged.json").exists()


def test_jobs_against_a_url_without_isolated_worlds_are_refused_before_starting(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    url = "http://127.0.0.1:9"  # nothing listens: the refusal comes before any call
    with pytest.raises(RigError, match=f"the platform at {url} does not advertise isolated worlds: run with --jobs 1"):
        run(RunOptions(url, select=SOME, results=results, jobs=2))
    assert not results.exists()


def test_behave_keeps_its_one_sequential_run_and_refuses_a_shard(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "-D", f"results={results}"]
    done = subprocess.run(
        [*command, "-D", "shard=1/2", "features/myrenault/vehicles.feature"],
        check=False,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "-D shard: behave plays every scenario in one run" in done.stdout + done.stderr
    assert not results.exists()
