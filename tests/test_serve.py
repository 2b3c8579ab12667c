"""``twinrig serve`` hardened: its test side behind a token, and no request that makes it answer 5xx.

Every test runs the real server (:func:`reference.server.running_server`) on 127.0.0.1; the rig's
runs go through the real HTTP transport.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_fuzz import VEHICLE, VIN

from contract.openapi import document
from contract.operations import operations
from core.features import FEATURES, REPOSITORY
from core.options import RunOptions
from reference import ReferenceFactory
from reference.server import running_server
from reports.summary import render
from twinrig.runner import run

TOKEN = "s3cret-token-of-the-test-side"
EPOCH = "2026-03-02T08:00:00+00:00"
RESET = {"seed": 1, "epoch": EPOCH, "webhooks": "http://127.0.0.1:9/w"}
BEARER = {"Authorization": f"Bearer {TOKEN}"}
WRONG = [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN}x"}]
FEATURE = (FEATURES / "ismart" / "binding.feature",)


@pytest.fixture(scope="module")
def guarded() -> Iterator[str]:
    with running_server(ReferenceFactory(), token=TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def open_server() -> Iterator[str]:
    with running_server(ReferenceFactory()) as url:
        yield url


def call(url: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.request(method, f"{url}{path}", json=body, headers=headers or {}, timeout=10)


def raw(url: str, path: str, content: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    sent = {"Content-Type": "application/json", **(headers or {})}
    return httpx.post(f"{url}{path}", content=content, headers=sent, timeout=10)


def refusal(answer: httpx.Response, status: int) -> str:
    """The refusal's message, once its status and body are the contract's (no traceback in it)."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert "Traceback" not in answer.text
    message: str = body["error"]["message"]
    return message


# --- the token --------------------------------------------------------------------------------------


def test_without_the_token_the_test_side_is_refused_and_nothing_changes(guarded: str) -> None:
    assert call(guarded, "POST", "/test/reset", RESET, BEARER).status_code == 200
    assert call(guarded, "POST", "/test/vehicles", VEHICLE, BEARER).status_code == 200
    test_side = [(op.method, op.path) for op in operations().values() if op.path.startswith("/test/")]
    for headers in WRONG:
        for method, path in [("POST", "/test/reset"), *test_side]:
            body = RESET if path == "/test/reset" else {}
            answer = call(guarded, method, path, body, headers)
            refusal(answer, 401)
            assert answer.json()["error"]["code"] == "not_authenticated"
            assert answer.headers["www-authenticate"] == "Bearer"
    # the refused reset made no fresh platform: the car provisioned before is still there
    again = call(guarded, "POST", "/test/vehicles", VEHICLE, BEARER)
    assert "provisioned already" in refusal(again, 422)
    # the platform's own operations are the platform's business, token or not
    assert call(guarded, "POST", "/api/show_qr", {"vin": VIN}).status_code == 200


def test_the_rig_with_the_token_passes_and_writes_it_nowhere(guarded: str, tmp_path: Path) -> None:
    options = RunOptions(platform=guarded, platform_token=TOKEN, features=FEATURE, results=tmp_path / "r.json")
    result = run(options)
    assert result.scenarios
    assert {s.verdict.value for s in result.scenarios} == {"pass"}
    written = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert TOKEN not in written
    assert TOKEN not in render(result)
    assert TOKEN not in repr(options)


def test_with_a_wrong_token_every_scenario_is_an_error_naming_the_call(guarded: str, tmp_path: Path) -> None:
    options = RunOptions(
        platform=guarded, platform_token="not-the-token-9f2", features=FEATURE, results=tmp_path / "r.json"
    )
    result = run(options)
    assert result.scenarios
    for scenario in result.scenarios:
        assert scenario.verdict.value == "error", (scenario.name, scenario.verdict, scenario.message)
        assert "broke down in reset" in scenario.message
        assert "platform token (401)" in scenario.message
        assert "not-the-token-9f2" not in scenario.reproduce
        assert "token" not in scenario.reproduce
    assert "not-the-token-9f2" not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_the_token_is_no_option_of_a_replay_nor_of_behave_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    options = RunOptions(platform="http://127.0.0.1:1", platform_token=TOKEN)
    assert TOKEN not in options.replay_args()
    assert TOKEN not in options.behave_args()
    assert options.pytest_args()[-2:] == ["--platform-token", TOKEN]  # in-process: pytest's argv is no command
    monkeypatch.setenv("TWINRIG_PLATFORM_TOKEN", TOKEN)
    assert RunOptions.default().platform_token == TOKEN
    assert RunOptions.from_behave({"platform": "http://127.0.0.1:1"}).platform_token == TOKEN


# --- no 5xx ----------------------------------------------------------------------------------------

DEEP = b"[" * 100_000
PATHS = ["/test/reset", "/test/vehicles", "/test/clock/advance", "/api/log_in", "/api/remote_command"]


@pytest.mark.parametrize("path", PATHS)
def test_json_nested_too_deeply_is_a_422_on_any_route(open_server: str, path: str) -> None:
    assert "nested too deeply" in refusal(raw(open_server, path, DEEP), 422)
    assert "nested too deeply" in refusal(raw(open_server, path, b'{"a": ' * 50_000), 422)


@pytest.mark.parametrize(
    "webhooks",
    ["127.0.0.1:9/w", "/w", "ftp://127.0.0.1/w", "http:///w", "http://127.0.0.1:9/a b", "http://[::1/w", "http://h:x/"],
)
def test_a_malformed_webhooks_url_is_refused_at_reset(open_server: str, webhooks: str) -> None:
    refusal(call(open_server, "POST", "/test/reset", {**RESET, "webhooks": webhooks}), 422)


def test_a_webhooks_url_that_breaks_later_loses_the_message_not_the_server(open_server: str) -> None:
    """A host that httpx cannot even form a request for: the SMS is lost, the call is answered."""
    assert call(open_server, "POST", "/test/reset", {**RESET, "webhooks": "http://" + "a" * 300 + "/w"}).is_success
    answer = call(open_server, "POST", "/api/send_registration_code", {"identifier": "+4520000001", "app": APP})
    assert answer.status_code == 200, answer.text


APP = {"name": "MG iSmart", "publisher": "SAIC Motor international Co. Ltd"}


@pytest.mark.parametrize("epoch", ["9999-12-31T23:59:00+00:00", "0001-01-01T00:00:00+00:00", "2026-03-02T08:00:00"])
def test_an_epoch_out_of_the_contract_years_is_refused_at_reset(open_server: str, epoch: str) -> None:
    refusal(call(open_server, "POST", "/test/reset", {**RESET, "epoch": epoch}), 422)


def test_the_clock_stops_before_its_horizon_with_a_clear_refusal(open_server: str) -> None:
    assert call(open_server, "POST", "/test/reset", {**RESET, "epoch": "8999-12-31T00:00:00+00:00"}).is_success
    message = refusal(call(open_server, "POST", "/test/clock/advance", {"to": "9999-12-31T23:59:00+00:00"}), 422)
    assert "between the years 1970 and 8999" in message
    assert call(open_server, "POST", "/test/reset", RESET).is_success
    message = refusal(call(open_server, "POST", "/test/clock/advance", {"to": "2226-03-02T08:00:01+00:00"}), 422)
    assert "at most 100 years" in message


@pytest.mark.parametrize(
    "header", ["tomorrow", "2026-03-03T08:00:00", "9999-12-31T23:59:00+00:00", "2226-03-03T08:00:00+00:00"]
)
def test_an_advance_header_that_is_no_contract_time_is_a_422(open_server: str, header: str) -> None:
    assert call(open_server, "POST", "/test/reset", RESET).is_success
    answer = call(open_server, "POST", "/api/show_qr", {"vin": VIN}, {"Twinrig-Advance-To": header})
    refusal(answer, 422)


def test_an_unexpected_failure_is_a_500_with_the_error_body_and_no_traceback(open_server: str) -> None:
    """The catch-all, made to fire by a platform that raises what no route expects."""

    class Broken(ReferenceFactory):
        def create(self, setup: Any) -> Any:
            platform = super().create(setup)
            platform.show_qr = lambda request: 1 / 0  # type: ignore[method-assign]
            return platform

    with running_server(Broken()) as url:
        answer = call(url, "POST", "/api/show_qr", {"vin": VIN})
    assert refusal(answer, 500) == "the server failed: ZeroDivisionError"


def test_a_guarded_server_answers_its_pages_and_its_document_needs_the_token(guarded: str, open_server: str) -> None:
    assert call(guarded, "GET", "/").json()["contract"] == "/openapi.json"
    served = json.loads(call(guarded, "GET", "/openapi.json").text)
    assert served["paths"]["/test/reset"]["post"]["security"] == [{"testSideToken": []}]
    assert served["paths"]["/test/clock"]["get"]["security"] == [{"testSideToken": []}]
    assert "security" not in served["paths"]["/api/log_in"]["post"]
    assert call(open_server, "GET", "/openapi.json").json() == document()


def test_twinrig_serve_takes_its_token_from_the_environment() -> None:
    """The command itself: ``$TWINRIG_SERVE_TOKEN`` guards the test side of ``twinrig serve``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "TWINRIG_SERVE_TOKEN": TOKEN}
    command = [sys.executable, "-m", "commands.cli", "serve", "--port", str(port), "--quiet"]
    server = subprocess.Popen(command, cwd=REPOSITORY, env=environment, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        assert "its test side behind a token" in server.stdout.readline()
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                answer = call(url, "POST", "/test/reset", RESET)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        refusal(answer, 401)
        assert call(url, "POST", "/test/reset", RESET, BEARER).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
