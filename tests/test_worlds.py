"""Test worlds: many at once on one served platform, each with its own accounts, cars, messages and
time, none seeing another; the rig takes one per scenario when the platform hosts them (and ends
it after), resets when it does not, and gives the same verdicts either way."""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_kit import serving
from reference_kit import ALICE, EPOCH, GENUINE, VIN, Recorder, Rig, outcome

from contract import Setup
from contract.codec import encode
from contract.messages import ListVehicles, SendRegistrationCode
from contract.operations import MAX_WORLDS, WORLD
from core.features import REPOSITORY
from core.results import RunResult
from core.verdicts import PlatformBreakdown
from reference import ReferenceFactory
from reference.server import running_server
from transport.http_platform import HttpFactory, HttpPlatform
from transport.webhooks import JsonHandler
from twinrig.runner import run_suite

SELECTION = "binding or synchronisation or remote"
"""A selection of the suite (-k) with webhooks, clocks moving and both brands."""


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_server(ReferenceFactory()) as served:
        yield served


NOWHERE = "http://127.0.0.1:9/w/none"
"""Webhooks nobody serves (the discard port): a world whose messages are lost."""


def body(webhooks: str = NOWHERE, seed: int = 7) -> dict[str, Any]:
    return {"seed": seed, "epoch": EPOCH.isoformat(), "webhooks": webhooks}


def live(url: str) -> int:
    answer = httpx.get(f"{url}/test/worlds", timeout=5)
    assert answer.status_code == 200
    count: int = answer.json()["live"]
    return count


def verdicts(run: RunResult) -> dict[str, str]:
    return {f"{result.feature}::{result.name}": result.verdict.value for result in run.scenarios}


# --- isolation ------------------------------------------------------------------------------------


def test_two_worlds_with_the_same_car_and_phone_see_only_their_own(url: str) -> None:
    factory = HttpFactory(url)
    assert factory.isolated_worlds
    first, second = Rig(factory, seed=7), Rig(factory, seed=7)  # the same seed, the same everything
    assert isinstance(first.platform, HttpPlatform)
    assert isinstance(second.platform, HttpPlatform)
    assert first.platform.world
    assert second.platform.world not in ("", first.platform.world)
    first.provision(VIN)
    second.provision(VIN)  # the same VIN in both: neither knows the other's car
    mine, theirs = first.user(ALICE), second.user(ALICE)  # the same phone number registers in both
    assert [sms.to for sms in first.out.sms_sent] == [ALICE]  # each world's code went to its own webhooks
    assert [sms.to for sms in second.out.sms_sent] == [ALICE]
    first.bind(mine)
    assert first.roles(mine) == [(VIN, "bound")]
    assert second.roles(theirs) == []  # the car bound in one world is free in the other
    first.advance(timedelta(hours=100))
    second.advance(timedelta(minutes=5))
    assert first.now == EPOCH + timedelta(hours=100)
    assert second.now == EPOCH + timedelta(minutes=5)
    assert len(second.out.sms_sent) == 1  # nothing of the first world's 100 hours reached the second
    reset_world = httpx.get(f"{url}/test/clock", timeout=5).json()  # a call naming no world
    assert datetime.fromisoformat(reset_world["now"]) == EPOCH  # the reset world's clock did not move
    assert outcome(lambda: second.platform.list_vehicles(ListVehicles("no-such-token"))) == "not_authenticated"
    factory.release(first.platform)
    with pytest.raises(PlatformBreakdown, match="no longer hosts the world"):
        first.platform.list_vehicles(ListVehicles(mine))  # an ended world is gone, not the reset one
    assert second.roles(theirs) == []  # the other world goes on after one ends
    factory.release(second.platform)
    factory.release(second.platform)  # a second release does nothing


def test_calls_to_different_worlds_run_at_the_same_time(url: str) -> None:
    """A call held up in one world (its SMS webhook takes a second) does not hold up another's."""
    with slow_webhooks(1.0) as webhooks:
        slow = httpx.post(f"{url}/test/worlds", json=body(webhooks), timeout=5).json()["world"]
        quick = httpx.post(f"{url}/test/worlds", json=body(), timeout=5).json()["world"]
        request = encode(SendRegistrationCode(ALICE, GENUINE))
        held = threading.Thread(
            target=httpx.post,
            args=(f"{url}/api/send_registration_code",),
            kwargs={"json": request, "headers": {WORLD: slow}, "timeout": 5},
        )
        held.start()
        time.sleep(0.3)  # the slow world's call is waiting on its webhook now
        started = time.monotonic()
        answer = httpx.get(f"{url}/test/clock", headers={WORLD: quick}, timeout=5)
        took = time.monotonic() - started
        assert held.is_alive()  # still held up ...
        held.join()
    assert answer.status_code == 200
    assert took < 0.5  # ... while the other world answered
    for world in (slow, quick):
        assert httpx.delete(f"{url}/test/worlds/{world}", timeout=5).status_code == 204


@contextmanager
def slow_webhooks(seconds: float) -> Iterator[str]:
    """Webhooks that take *seconds* to answer every post: their base URL."""

    class Slow(JsonHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(seconds)
            self._answer(204, None)

    with serving(Slow) as url:
        yield f"{url}/w/slow"


# --- the test side --------------------------------------------------------------------------------


def test_an_unknown_or_ended_world_is_refused_with_the_contracts_error_body(url: str) -> None:
    unknown = httpx.get(f"{url}/test/clock", headers={WORLD: "no-such-world"}, timeout=5)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "unknown_world"
    world = httpx.post(f"{url}/test/worlds", json=body(), timeout=5)
    assert world.status_code == 201
    name = world.json()["world"]
    assert httpx.get(f"{url}/test/clock", headers={WORLD: name}, timeout=5).status_code == 200
    assert httpx.delete(f"{url}/test/worlds/{name}", timeout=5).status_code == 204
    for ended in (
        httpx.get(f"{url}/test/clock", headers={WORLD: name}, timeout=5),
        httpx.delete(f"{url}/test/worlds/{name}", timeout=5),
    ):
        assert ended.status_code == 410
        assert ended.json() == {"error": {"code": "unknown_world", "message": f"the world {name!r} has ended"}}
    assert httpx.delete(f"{url}/test/worlds/never", timeout=5).status_code == 404
    refused = httpx.post(f"{url}/test/worlds", json={"seed": "seven"}, timeout=5)
    assert refused.status_code == 422  # the reset's body, checked alike
    assert refused.json()["error"]["code"] == "invalid_request"


def test_past_its_limit_a_platform_refuses_a_new_world_until_one_ends() -> None:
    with running_server(ReferenceFactory(), max_worlds=2) as served:
        assert httpx.get(f"{served}/test/worlds", timeout=5).json() == {"limit": 2, "live": 0}
        names = [httpx.post(f"{served}/test/worlds", json=body(), timeout=5).json()["world"] for _ in range(2)]
        full = httpx.post(f"{served}/test/worlds", json=body(), timeout=5)
        assert full.status_code == 429
        assert full.json()["error"]["code"] == "too_many_worlds"
        assert "2 worlds live already" in full.json()["error"]["message"]
        assert httpx.delete(f"{served}/test/worlds/{names[0]}", timeout=5).status_code == 204
        assert httpx.post(f"{served}/test/worlds", json=body(), timeout=5).status_code == 201
        assert live(served) == 2
    assert MAX_WORLDS == 1_000  # what `twinrig serve` hosts by default


def test_a_platform_that_hosts_no_worlds_gets_resets_one_world_at_a_time() -> None:
    with running_server(ReferenceFactory(), max_worlds=0) as served:
        assert httpx.get(f"{served}/test/worlds", timeout=5).status_code in (404, 405)
        factory = HttpFactory(served)
        assert not factory.isolated_worlds
        first = Rig(factory)
        assert isinstance(first.platform, HttpPlatform)
        assert first.platform.world == ""
        first.provision(VIN)
        second = Rig(factory)  # the reset replaced the first world
        assert outcome(lambda: second.platform.list_vehicles(ListVehicles("x"))) == "not_authenticated"
        assert second.provision(VIN) == VIN  # the car of the first world is gone with it
        factory.release(second.platform)  # nothing to end
    with running_server(ReferenceFactory()) as served:
        assert not HttpFactory(served, use_worlds=False).isolated_worlds  # the rig may decline them


def test_a_world_dropped_without_release_is_ended_when_the_next_is_made(url: str) -> None:
    factory = HttpFactory(url)
    before = live(url)
    factory.create(Setup(Recorder(), 1, EPOCH))  # dropped at once: no runner released it
    gc.collect()
    kept = factory.create(Setup(Recorder(), 2, EPOCH))
    assert live(url) == before + 1
    factory.release(kept)
    assert live(url) == before


def test_a_real_time_world_keeps_the_wall_clock() -> None:
    with running_server(ReferenceFactory(), real_time=True) as served:
        created = httpx.post(f"{served}/test/worlds", json=body(), timeout=5).json()
        assert created["advance_header"] is False
        clock = httpx.get(f"{served}/test/clock", headers={WORLD: created["world"]}, timeout=5).json()
        assert abs(datetime.fromisoformat(clock["now"]) - datetime.now(UTC)) < timedelta(seconds=5)


# --- the rig on worlds ----------------------------------------------------------------------------


@pytest.mark.end_to_end
def test_the_rig_gives_the_same_verdicts_in_worlds_as_with_resets_and_in_process(url: str) -> None:
    before = live(url)
    in_worlds = run_suite(url, 1, select=SELECTION)
    assert live(url) == before  # every scenario's world ended with it
    with running_server(ReferenceFactory(), max_worlds=0) as resets:
        with_resets = run_suite(resets, 1, select=SELECTION)
    in_process = run_suite("reference", 1, select=SELECTION)
    assert len(in_worlds.scenarios) > 50
    assert verdicts(in_worlds) == verdicts(with_resets) == verdicts(in_process)
    assert set(verdicts(in_worlds).values()) == {"pass"}
    traces = {result.name: result.trace for result in in_process.scenarios}
    assert all(result.trace == traces[result.name] for result in in_worlds.scenarios)  # the same plays, too


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def twinrig_serve(*arguments: str) -> Iterator[str]:
    """``twinrig serve`` in a process of its own: its URL, once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "commands.cli", "serve", "--port", str(port), "--quiet", *arguments]
    server = subprocess.Popen(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(served, timeout=1)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.05)
        yield served
    finally:
        server.terminate()
        server.wait(timeout=10)


def rig_run(platform: str, folder: Path) -> subprocess.Popen[bytes]:
    """``twinrig run`` of the selection against *platform*, in a process of its own, writing into *folder*."""
    command = [sys.executable, "-m", "commands.cli", "run", "--platform", platform, "-k", SELECTION, "--seed", "1"]
    command += ["--json", str(folder / "results.json"), "--allure", str(folder / "allure-results")]
    return subprocess.Popen(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.end_to_end
def test_two_runs_at_once_against_one_twinrig_serve_do_not_interfere(tmp_path: Path) -> None:
    with twinrig_serve() as served:
        runs = [rig_run(served, tmp_path / f"run{n}") for n in (1, 2)]
        codes = [run.wait(timeout=600) for run in runs]
        assert live(served) == 0  # both ran in worlds of their own, and ended them
    results = [RunResult.from_json(json.loads((tmp_path / f"run{n}" / "results.json").read_text())) for n in (1, 2)]
    assert codes == [0, 0]
    assert len(results[0].scenarios) > 50
    assert verdicts(results[0]) == verdicts(results[1])
    assert set(verdicts(results[0]).values()) == {"pass"}
