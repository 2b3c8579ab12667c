"""Hostile platforms cannot hang the rig or make it crash (issue 14, item 2).

Each platform here is a raw socket server on 127.0.0.1 that misbehaves one way; every call ends
within its deadline plus one second as a :class:`PlatformBreakdown` naming the call, and a
breakdown raised inside a SimPy process still names it (SimPy rebuilds exceptions from args).
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
import simpy

from contract import Outbound, Setup
from contract.codec import ContractViolation
from contract.errors import ErrorCode, PlatformError
from contract.limits import MAX_WAKE_UPS_PER_SECOND
from contract.messages import AdvanceClock, ClockState
from contract.operations import operations
from contract.outbound import Delivery
from core.features import FEATURES
from core.options import RunOptions
from core.verdicts import PlatformBreakdown, Verdict
from reference import ReferenceFactory
from reference.platform import ReferencePlatform
from reference.server import running_server
from transport.http_platform import HttpPlatform
from transport.json_connection import JsonConnection, ReplyTooLarge
from transport.webhooks import Inbox
from twinrig.runner import run
from twins.clock import VirtualClock
from twins.connection import PlatformConnection
from twins.trace import Trace

DEADLINE = 1.0

Behaviour = Callable[[socket.socket], None]


def _read_request(client: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(4096)
        if not chunk:
            return
        data += chunk


def drip(client: socket.socket) -> None:
    """Answers one byte a second, for ever."""
    _read_request(client)
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}" * 100:
        client.sendall(bytes([byte]))
        time.sleep(1.0)


def huge(client: socket.socket) -> None:
    """Answers a 100 MB body, chunked, so no Content-Length warns the reader."""
    _read_request(client)
    client.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    block = b"x" * 1_000_000
    for _ in range(100):
        client.sendall(b"%x\r\n%s\r\n" % (len(block), block))
    client.sendall(b"0\r\n\r\n")


def lying_length(client: socket.socket) -> None:
    """Promises 1,000 bytes, sends 2, and keeps the connection open."""
    _read_request(client)
    client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{}")
    time.sleep(DEADLINE + 3)


def silent(client: socket.socket) -> None:
    """Reads the request and never answers."""
    _read_request(client)
    time.sleep(DEADLINE + 3)


def fails(client: socket.socket) -> None:
    _read_request(client)
    client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops")


def garbled(client: socket.socket) -> None:
    _read_request(client)
    client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{nope")


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], str]]:
    listeners: list[socket.socket] = []

    def start(behaviour: Behaviour) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def serve() -> None:
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                threading.Thread(target=_guarded, args=(behaviour, client), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    for listener in listeners:
        listener.close()


def _guarded(behaviour: Behaviour, client: socket.socket) -> None:
    try:
        behaviour(client)
    except OSError:
        pass  # the rig hung up, as it should
    finally:
        client.close()


def platform_at(url: str) -> HttpPlatform:
    return HttpPlatform(JsonConnection(url, DEADLINE), Inbox(lambda vin: False), outbound=None, deadline=DEADLINE)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (drip, "no answer within 1 s"),
        (lying_length, "no answer within 1 s"),
        (silent, "no answer within 1 s"),
        (huge, "answered more than 10000000 bytes"),
        (fails, "the server answered 500"),
        (garbled, "malformed reply (status 200): not JSON"),
    ],
)
def test_a_hostile_platform_is_a_breakdown_naming_the_call_within_its_deadline(
    hostile: Callable[[Behaviour], str], behaviour: Behaviour, reason: str
) -> None:
    platform = platform_at(hostile(behaviour))
    started = time.monotonic()
    with pytest.raises(PlatformBreakdown) as caught:
        platform.call(operations()["declaration"], None)
    assert time.monotonic() - started < DEADLINE + 1
    assert caught.value.call == "declaration"
    assert str(caught.value) == f"platform broke down in declaration: {reason}"


def test_a_reply_over_the_cap_is_refused_before_it_is_read_whole(hostile: Callable[[Behaviour], str]) -> None:
    connection = JsonConnection(hostile(huge), DEADLINE, max_reply=1000)
    with pytest.raises(ReplyTooLarge) as caught:
        connection.request("GET", "/")
    assert caught.value.limit == 1000
    assert str(caught.value) == "the reply is larger than 1000 bytes"


def test_a_breakdown_inside_a_simpy_process_still_names_the_call(hostile: Callable[[Behaviour], str]) -> None:
    platform = platform_at(hostile(fails))
    env = simpy.Environment()

    def twin() -> Iterator[simpy.Event]:
        yield env.timeout(1)
        platform.call(operations()["declaration"], None)

    env.process(twin())
    with pytest.raises(PlatformBreakdown) as caught:
        env.run()
    assert str(caught.value) == "platform broke down in declaration: the server answered 500"


@pytest.mark.parametrize(
    "error",
    [
        PlatformBreakdown("scan_qr", "no answer within 5 s"),
        PlatformError(ErrorCode("invalid_request"), "no such field"),
        ContractViolation("reply.vin", "missing"),
        ReplyTooLarge(10),
    ],
)
def test_every_exception_with_arguments_survives_being_rebuilt_from_them(error: Exception) -> None:
    copy = type(error)(*error.args)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


class Silent:
    """An outbound port that delivers nothing."""

    def sms(self, message: object) -> None: ...
    def email(self, message: object) -> None: ...
    def push(self, message: object) -> None: ...
    def tcu(self, message: object) -> Delivery:
        return Delivery(accepted=False)

    def car_event(self, message: object) -> Delivery:
        return Delivery(accepted=False)


class TickingPlatform(ReferencePlatform):
    """Its next timer is always *every* seconds ahead of its clock."""

    every = 0.001

    def clock_state(self) -> ClockState:
        now = super().clock_state().now
        return ClockState(now, now + timedelta(seconds=self.every))

    def advance_clock(self, request: AdvanceClock) -> ClockState:
        super().advance_clock(request)
        return self.clock_state()


class SteadyPlatform(TickingPlatform):
    """A timer every 20 ms: 50 wake-ups a virtual second, within the bound."""

    every = 0.02


def connected(kind: type[TickingPlatform]) -> tuple[simpy.Environment, VirtualClock, PlatformConnection]:
    env = simpy.Environment()
    clock = VirtualClock(env)
    platform = kind(Setup(cast(Outbound, Silent()), seed=1, epoch=clock.now()))
    connection = PlatformConnection(env, clock, platform, Trace())
    connection.watch_timers()
    return env, clock, connection


def test_a_platform_whose_timers_never_rest_is_a_breakdown_not_a_hang() -> None:
    env, clock, _ = connected(TickingPlatform)
    with pytest.raises(PlatformBreakdown) as caught:
        clock.run_until(3600)
    assert caught.value.call == "clock_state"
    assert f"times within one virtual second (at most {MAX_WAKE_UPS_PER_SECOND})" in caught.value.reason
    assert env.now < 1


def test_a_platform_with_timers_within_the_bound_is_woken_for_each() -> None:
    env, clock, _ = connected(SteadyPlatform)
    clock.run_until(10)
    assert env.now == 10


def test_max_reply_bytes_caps_what_a_run_reads_from_its_platform(tmp_path: Path) -> None:
    """``--max-reply-bytes`` reaches the HTTP client: replies longer than it are breakdowns."""
    with running_server(ReferenceFactory()) as url:
        options = RunOptions(platform=url, max_reply=100, features=(FEATURES / "ismart" / "binding.feature",))
        result = run(dataclasses.replace(options, allure=tmp_path / "allure"))
    assert {scenario.verdict for scenario in result.scenarios} == {Verdict.ERROR}
    assert {scenario.message for scenario in result.scenarios} == {
        "PlatformBreakdown: platform broke down in declaration: answered more than 100 bytes"
    }
