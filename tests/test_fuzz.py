"""The reference server against its own OpenAPI document, fuzzed with schemathesis.

Every platform operation (``/api/``) and every ``GET /test/`` call is sent a few generated
requests, valid and invalid; the server must never answer 5xx, and every answer must be one the
document lists, with the body and headers it describes. The platform's webhooks go to a small sink
that answers as twinrig would and checks each message against the document's webhooks; a second
test points them at a closed port, which must not turn into 5xx either.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract.openapi import document
from reference import ReferenceFactory
from reference.server import running_server

DOCUMENT = document()
EPOCH = "2026-03-02T08:00:00+00:00"
SEED = 7
FUZZED = r"^/api/|^/test/(declaration|clock)$"
"""The platform operations and the test side's reads; the test side's writes would only reset or
re-provision the platform under the fuzzer."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

schema = schemathesis.openapi.from_dict(
    DOCUMENT, config=schemathesis.Config.from_dict({"seed": SEED, "phases": {"coverage": {"enabled": True}}})
).include(path_regex=FUZZED)


# --- the webhook sink -----------------------------------------------------------------------------


@dataclass
class Sink:
    """What the platform sent to the webhooks: every message by kind, and every one that did not fit."""

    url: str = ""
    received: dict[str, list[Any]] = field(default_factory=dict)
    misfits: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, kind: str, body: bytes) -> int:
        """Keep the message *body* of webhook *kind*; the status to answer (404: no such webhook)."""
        item = DOCUMENT["webhooks"].get(kind)
        if item is None:
            with self.lock:
                self.misfits.append(f"POST /{kind}: no such webhook")
            return 404
        message_schema = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        validator = Draft202012Validator(
            {**message_schema, "components": DOCUMENT["components"]},
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        try:
            message = json.loads(body)
            problems = [error.message for error in validator.iter_errors(message)]
        except ValueError as error:
            message, problems = body, [f"not JSON: {error}"]
        with self.lock:
            self.received.setdefault(kind, []).append(message)
            self.misfits.extend(f"POST /{kind}: {problem}" for problem in problems)
        return 204 if "204" in item["post"]["responses"] else 200


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    """A webhook server answering as twinrig would: 204, or 200 ``{"accepted": false}`` for cars."""
    found = Sink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = found.take(self.path.rsplit("/", 1)[-1], body)
            reply = b'{"accepted": false}' if status == 200 else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_address[1]}/w/fuzz"
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A local port nothing listens on (bound, then let go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def reset(url: str, webhooks: str) -> None:
    answer = httpx.post(f"{url}/test/reset", json={"seed": SEED, "epoch": EPOCH, "webhooks": webhooks}, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"ok": True}


@pytest.fixture(scope="module")
def server(sink: Sink) -> Iterator[str]:
    """The reference server, reset with its webhooks going to the sink."""
    with running_server(ReferenceFactory()) as url:
        reset(url, sink.url)
        yield url


# --- the fuzzing ----------------------------------------------------------------------------------


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_reference_server_keeps_to_its_document(case: schemathesis.Case, server: str) -> None:
    case.call_and_validate(base_url=server, checks=CHECKS, timeout=10)


def test_every_message_the_fuzzed_server_sent_fits_the_webhooks(sink: Sink, server: str) -> None:
    assert not sink.misfits, sink.misfits


# --- outbound failures are not server errors -------------------------------------------------------

APP = {"name": "MG iSmart", "publisher": "SAIC Motor international Co. Ltd"}
VIN = "LSJW74095NZ000001"
PHONE = "+4520000001"
VEHICLE = {
    "vin": VIN,
    "brand": "ismart",
    "model": "MG4 Electric",
    "market": "DK",
    "plate": "AB 12 345",
    "tcu_msisdn": "+4590000001",
    "state": {"locked": True, "climate_on": False, "location": {"latitude": 55.676, "longitude": 12.568}},
}


def calls_that_send() -> list[tuple[str, str, dict[str, Any]]]:
    """Calls that make the reference send each kind of message it can without an account's code."""
    return [
        ("POST", "/test/vehicles", VEHICLE),
        ("POST", "/api/send_registration_code", {"identifier": PHONE, "app": APP}),  # an SMS
        ("POST", "/api/send_registration_code", {"identifier": "carol@example.dk", "app": APP}),  # an e-mail
        ("POST", "/api/show_qr", {"vin": VIN}),
        ("POST", "/api/head_unit_log_in", {"vin": VIN, "identifier": PHONE, "password": "wrong"}),
        ("GET", "/test/clock", {}),
    ]


@pytest.mark.parametrize("where", ["closed port", "sink"])
def test_unreachable_or_refusing_webhooks_are_no_server_error(where: str, sink: Sink) -> None:
    webhooks = f"http://127.0.0.1:{closed_port()}/w/gone" if where == "closed port" else sink.url
    with running_server(ReferenceFactory()) as url:
        reset(url, webhooks)
        for method, path, body in calls_that_send():
            answer = httpx.request(method, f"{url}{path}", json=body if method == "POST" else None, timeout=10)
            assert answer.status_code < 500, f"{method} {path} answered {answer.status_code}: {answer.text}"
    assert not sink.misfits, sink.misfits
