"""Only the platform under test can talk to the rig's webhook server (issue 14, item 3).

Each test posts to the real server on 127.0.0.1 what another local process, or a broken
platform, could send: no secret, a wrong one, a world that ended, chunked bodies, lengths that
are not lengths, JSON nested too deeply. A flood of forged posts during a run over HTTP leaves
every verdict as it was.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from forged_posts import FORGED, Forger

from contract.operations import WEBHOOK_SECRET
from core.features import FEATURES, REPOSITORY
from core.options import RunOptions
from core.results import RunResult
from reference import ReferenceFactory
from reference.server import running_server
from reports.summary import render
from transport.webhooks import Inbox, WebhookServer, shared_server
from twinrig.runner import run

SMS = {"to": "+4512345678", "text": "Din kode er 123456", "sent_at": "2026-03-02T08:00:00+00:00", "code": "123456"}


@pytest.fixture
def server() -> WebhookServer:
    return WebhookServer()


@pytest.fixture
def world(server: WebhookServer) -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox(lambda vin: True)
    base = server.register(inbox)
    yield base, inbox
    server.unregister(base)


def post(url: str, head: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send a raw request (*head* without the request line and Host) and read the answer."""
    host, port, path = _split(url)
    with socket.create_connection((host, port), timeout=3) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{head}\r\n".encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[-1]


def _split(url: str) -> tuple[str, int, str]:
    rest = url.removeprefix("http://")
    address, _, path = rest.partition("/")
    host, _, port = address.partition(":")
    return host, int(port), "/" + path


def sms(secret: str, body: bytes | None = None) -> tuple[str, bytes]:
    data = json.dumps(SMS).encode() if body is None else body
    return f"{WEBHOOK_SECRET}: {secret}\r\nContent-Length: {len(data)}\r\n", data


def test_a_post_without_the_secret_or_with_another_is_refused_and_counted(
    server: WebhookServer, world: tuple[str, Inbox]
) -> None:
    base, inbox = world
    data = json.dumps(SMS).encode()
    assert post(f"{base}/sms", f"Content-Length: {len(data)}\r\n", data)[0] == 401
    assert post(f"{base}/sms", *sms("guess"))[0] == 401
    assert server.rejected == 2
    assert inbox.messages.empty()
    assert inbox.breaches == []
    assert post(f"{base}/sms", *sms(server.secret))[0] == 204
    assert inbox.messages.get_nowait()[0] == "sms"


def test_a_post_for_a_world_that_ended_or_never_ran_is_gone(server: WebhookServer) -> None:
    inbox = Inbox(lambda vin: True)
    base = server.register(inbox)
    server.unregister(base)
    assert post(f"{base}/sms", *sms(server.secret))[0] == 410
    assert post(f"{server.url}/w/1/sms", *sms(server.secret))[0] == 410
    assert server.rejected == 2


def test_a_silent_or_stalled_client_is_dropped_and_the_server_goes_on(world: tuple[str, Inbox]) -> None:
    """Connections that send nothing, or half a request, are closed after the idle time; meanwhile
    and afterwards the server answers others."""
    quick = WebhookServer(idle=0.5)
    base = quick.register(world[1])
    host, port, _ = _split(quick.url)
    stalled = [socket.create_connection((host, port), timeout=5) for _ in range(20)]
    for connection in stalled[10:]:
        connection.sendall(b"POST /w/x/sms HTTP/1.1\r\nHost: h\r\nContent-")
    assert post(f"{base}/sms", *sms(quick.secret))[0] == 204
    started = time.monotonic()
    for connection in stalled:
        with connection:
            assert connection.recv(100) in (b"", b"HTTP/1.1 408")  # closed by the server
    assert time.monotonic() - started < 3
    assert post(f"{base}/sms", *sms(quick.secret))[0] == 204


def test_world_ids_cannot_be_guessed(server: WebhookServer) -> None:
    ids = {server.register(Inbox(lambda vin: True)).rsplit("/", 1)[-1] for _ in range(50)}
    assert len(ids) == 50
    assert all(len(name) >= 16 and not name.isdigit() for name in ids)


def test_a_chunked_body_is_a_message_like_any_other(server: WebhookServer, world: tuple[str, Inbox]) -> None:
    base, inbox = world
    data = json.dumps(SMS).encode()
    chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (10, data[:10], len(data) - 10, data[10:])
    assert (
        post(f"{base}/sms", f"{WEBHOOK_SECRET}: {server.secret}\r\nTransfer-Encoding: chunked\r\n", chunked)[0] == 204
    )
    assert inbox.breaches == []
    kind, message = inbox.messages.get_nowait()
    assert (kind, message.code) == ("sms", "123456")


@pytest.mark.parametrize("length", ["-5", "ten", "99999999999"])
def test_a_length_that_is_not_a_length_is_a_bad_request_at_once(
    server: WebhookServer, world: tuple[str, Inbox], length: str
) -> None:
    base, inbox = world
    status, body = post(f"{base}/sms", f"{WEBHOOK_SECRET}: {server.secret}\r\nContent-Length: {length}\r\n")
    assert status == 400
    assert "Content-Length" in json.loads(body)["error"]
    assert inbox.breaches == [f"the platform sent a malformed sms webhook: {json.loads(body)['error']}"]


def test_json_nested_too_deeply_is_a_breach_without_a_traceback(
    server: WebhookServer, world: tuple[str, Inbox]
) -> None:
    base, inbox = world
    status, body = post(f"{base}/sms", *sms(server.secret, b"[" * 100_000 + b"]" * 100_000))
    assert status == 400
    assert json.loads(body) == {"error": "JSON nested too deeply"}
    assert inbox.breaches == ["the platform sent a malformed sms webhook: JSON nested too deeply"]


def test_a_flood_of_forged_posts_changes_no_verdict(tmp_path: Path) -> None:
    """About 600 posts by another process during a run over HTTP: same verdicts, all refused."""
    features = (FEATURES / "ismart" / "binding.feature",)
    webhooks = shared_server()
    with running_server(ReferenceFactory()) as url:
        options = RunOptions(platform=url, features=features)
        quiet = run(dataclasses.replace(options, allure=tmp_path / "quiet"))
        before = webhooks.rejected
        stop = threading.Event()
        flood = threading.Thread(target=_forge, args=(webhooks, stop), daemon=True)
        flood.start()
        loud = run(dataclasses.replace(options, allure=tmp_path / "loud"))
        stop.set()
        flood.join(timeout=10)
    assert [(s.name, s.verdict, s.trace) for s in loud.scenarios] == [
        (s.name, s.verdict, s.trace) for s in quiet.scenarios
    ]
    assert {s.verdict.value for s in quiet.scenarios} == {"pass"}
    assert webhooks.rejected - before >= 600
    assert quiet.rejected_webhooks == 0
    assert 0 < loud.rejected_webhooks <= webhooks.rejected - before


def test_both_runners_count_what_the_webhook_server_refused(tmp_path: Path) -> None:
    """The run's results, JSON and summary say how many posts were refused; behave's say the same."""
    features = (FEATURES / "ismart" / "binding.feature",)
    with running_server(ReferenceFactory()) as url:
        options = RunOptions(platform=url, features=features, select="binding", allure=tmp_path / "allure")
        forger = Forger()
        by_pytest = run(options, handlers=[forger])
        results = tmp_path / "behave.json"
        command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", *options.behave_args()]
        command += ["-D", f"results={results}", "-D", "handler=forged_posts:FORGER", *map(str, features)]
        environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
        subprocess.run(command, cwd=REPOSITORY, env=environment, capture_output=True, timeout=300, check=False)
    by_behave = RunResult.from_json(json.loads(results.read_text(encoding="utf-8")))
    assert sorted(set(forger.answers)) == [401, 410]
    assert by_pytest.rejected_webhooks == by_behave.rejected_webhooks == FORGED
    assert by_pytest.to_json()["rejected_webhooks"] == FORGED
    assert f"{FORGED} webhook posts refused" in render(by_pytest)
    assert [s.verdict for s in by_pytest.scenarios] == [s.verdict for s in by_behave.scenarios]


def _forge(webhooks: WebhookServer, stop: threading.Event) -> None:
    """Post forged SMS to guessed worlds until *stop*, at least 600 of them."""
    sent = 0
    while sent < 600 or not stop.is_set():
        world = next(iter(webhooks.inboxes), str(sent))
        secret = "" if sent % 2 else "forged"
        post(f"{webhooks.url}/w/{world}/sms", *sms(secret))
        sent += 1
        if sent >= 5000:
            return
