"""The contract over HTTP: the same verdicts as in-process, and a verdict for every way a server
can misbehave (error when it breaks down, fail when it answers against the contract)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from http_kit import serving

from core.results import RunResult
from mutants import MUTANTS
from reference import ReferenceFactory
from reference.server import running_server
from twinrig import mutation
from twinrig.runner import run_suite

SCENARIO = "logging_in_without_accepting"  # -k: the iSmart outline "Logging in without accepting the <document>"
TARGET = "/api/log_in"
Misbehaviour = Callable[[BaseHTTPRequestHandler], None]


def verdicts(run: RunResult) -> dict[str, str]:
    return {f"{result.feature}::{result.name}": result.verdict.value for result in run.scenarios}


@pytest.fixture(scope="module")
def reference_url() -> Iterator[str]:
    with running_server(ReferenceFactory()) as url:
        yield url


@pytest.mark.end_to_end
def test_the_whole_suite_gives_the_same_verdicts_over_http(reference_url: str) -> None:
    in_process, over_http = run_suite("reference", 4), run_suite(reference_url, 4)
    assert verdicts(over_http) == verdicts(in_process)
    assert set(verdicts(over_http).values()) == {"pass"}


@contextmanager
def misbehaving(upstream: str, misbehave: Misbehaviour) -> Iterator[str]:
    """A proxy to *upstream* that does *misbehave* on ``POST /api/log_in`` and forwards the rest."""
    client = httpx.Client()

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.command == "POST" and self.path == TARGET:
                misbehave(self)
                return
            ours = {name: value for name, value in self.headers.items() if name.lower().startswith("twinrig-")}
            headers = {"Content-Type": "application/json", **ours}  # Twinrig-World, Twinrig-Advance-To
            answer = client.request(self.command, upstream + self.path, content=body or None, headers=headers)
            reply(self, answer.status_code, answer.content, dict(answer.headers))

        do_GET = do_POST = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    with serving(Proxy) as url:
        yield url


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
            handler.send_header(name, value)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    reply(handler, 200, b"{}")


def server_error(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 500, b'{"detail": "boom"}')


def garbage(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 200, b"<html>surprise</html>")


def hang_up(handler: BaseHTTPRequestHandler) -> None:
    handler.close_connection = True
    handler.connection.close()


def missing_field(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 200, b'{"token": "t"}')


def unknown_code(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 409, b'{"error": {"code": "nope", "message": "?"}}')


def wrong_status(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 400, b'{"error": {"code": "terms_not_accepted", "message": "accept the terms"}}')


@pytest.mark.parametrize(
    ("misbehave", "verdict", "words"),
    [
        (slow, "error", "no answer within 0.5 s"),
        (server_error, "error", "answered 500"),
        (garbage, "error", "not JSON"),
        (hang_up, "error", "connection failed"),
        (missing_field, "fail", "missing field 'account_id'"),
        (unknown_code, "fail", "without a known refusal code"),
        (wrong_status, "fail", "as 400, not 409"),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
@pytest.mark.end_to_end
def test_a_misbehaving_server_gets_a_verdict_naming_the_call(
    reference_url: str, misbehave: Misbehaviour, verdict: str, words: str
) -> None:
    with misbehaving(reference_url, misbehave) as url:
        run = run_suite(url, 1, select=SCENARIO, extra=("--deadline", "0.5"))
    assert run.scenarios, "the scenario did not run"
    for result in run.scenarios:
        assert result.verdict.value == verdict, result.message
        assert "log_in" in result.message
        assert words in result.message


def test_a_refused_connection_is_an_error_naming_the_call() -> None:
    run = run_suite("http://127.0.0.1:9", 1, select=SCENARIO)
    assert {result.verdict.value for result in run.scenarios} == {"error"}
    assert all("reset" in result.message and "connection failed" in result.message for result in run.scenarios)


@pytest.mark.end_to_end
def test_real_time_mode_leaves_out_only_what_needs_the_clock() -> None:
    run = run_suite("reference", 1, real_time=True)
    clocked = [result for result in run.scenarios if result.verdict.value == "inconclusive"]
    assert clocked
    assert all("needs the test clock" in result.message for result in clocked)
    assert {result.verdict.value for result in run.scenarios} == {"pass", "inconclusive"}


SAMPLE = ("bind_on_first_scan", "auto_unbind_a_minute_early", "sync_while_driving", "web_can_honk")


@pytest.mark.end_to_end
def test_mutants_over_http_get_the_same_kill_table_as_in_process() -> None:
    chosen = [mutant for mutant in MUTANTS if mutant.name in SAMPLE]
    assert len(chosen) == len(SAMPLE)
    in_process = mutation.kill_table(chosen, seed=1, jobs=2)
    over_http = mutation.kill_table(chosen, seed=1, run=mutation.run_over_http, jobs=2)
    assert [kill.to_json() for kill in over_http] == [kill.to_json() for kill in in_process]
    assert all(kill.killed for kill in over_http)
