"""The reference server against its own OpenAPI document, fuzzed with schemathesis.

Every platform operation (``/api/``) and every ``GET /test/`` call is sent a few generated
requests, valid and invalid; the server must never answer 5xx, and every answer must be one the
document lists, with the body and headers it describes. The platform's webhooks go to a small sink
that answers as twinrig would and checks each message against the document's webhooks.

Outbound failures are the platform's business, never a 5xx: an iSmart road from a provisioned car to
a remote command is played with webhooks that answer as twinrig does, answer 503, hang up, or are a
closed port. The fuzzer is seeded (``SEED``), so a run is reproducible.

Statefully, sequences of calls follow the document's links (a provisioned car's VIN, a QR, a
command's id feeding later calls) from a fresh platform with one account logged in: no 5xx, every
answer as the document says, and no request the document allows refused as malformed (422) for a
reason it does not state. Bounded (20 sequences of at most 10 calls); Hypothesis keeps what it
found under ``out/hypothesis/``.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any, Literal, cast

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract.openapi import document
from core.features import REPOSITORY
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

schema = schemathesis.openapi.from_dict(DOCUMENT, config=schemathesis.Config.from_dict({"seed": SEED})).include(
    path_regex=FUZZED
)


# --- the webhook sink -----------------------------------------------------------------------------

Answer = Literal["twinrig", "fail", "hang_up"]


@dataclass
class Sink:
    """Webhooks that keep every message by kind, note each one the document does not describe, and
    *answer* as twinrig does (204, or 200 ``{"accepted": false}`` for a car), with 503, or not at all.
    """

    answer: Answer = "twinrig"
    url: str = ""
    received: dict[str, list[Any]] = field(default_factory=dict)
    misfits: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, kind: str, body: bytes) -> int:
        """Keep the message *body* of webhook *kind*; the status twinrig would answer (404: no such webhook)."""
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


@contextmanager
def webhook_sink(answer: Answer = "twinrig") -> Iterator[Sink]:
    """A :class:`Sink` served on 127.0.0.1 in a thread, for as long as the block runs."""
    sink = Sink(answer)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = sink.take(self.path.rsplit("/", 1)[-1], body)
            if sink.answer == "hang_up":
                self.close_connection = True
                return
            if sink.answer == "fail":
                status = 503
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
    sink.url = f"http://127.0.0.1:{server.server_address[1]}/w/{answer}"
    try:
        yield sink
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
    assert answer.json()["ok"] is True


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    with webhook_sink() as found:
        yield found


@pytest.fixture(scope="module")
def server(sink: Sink) -> Iterator[str]:
    """The reference server, reset with its webhooks going to the sink."""
    with running_server(ReferenceFactory()) as url:
        reset(url, sink.url)
        yield url


# --- the fuzzing ----------------------------------------------------------------------------------


@schema.parametrize()
@settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@pytest.mark.end_to_end
def test_the_reference_server_keeps_to_its_document(case: schemathesis.Case[Any], server: str) -> None:
    case.call_and_validate(base_url=server, checks=CHECKS, timeout=10)


@pytest.mark.end_to_end
def test_every_message_the_fuzzed_server_sent_fits_the_webhooks(sink: Sink, server: str) -> None:
    assert not sink.misfits, sink.misfits


# --- outbound failures are not server errors -------------------------------------------------------

APP = {"name": "MG iSmart", "publisher": "SAIC Motor international Co. Ltd"}
VIN = "LSJW74095NZ000001"
PHONE = "+4520000001"
PASSWORD = "correct horse"
VEHICLE = {
    "vin": VIN,
    "brand": "ismart",
    "model": "MG4 Electric",
    "market": "DK",
    "plate": "AB 12 345",
    "tcu_msisdn": "+4590000001",
    "state": {"locked": True, "climate_on": False, "location": {"latitude": 55.676, "longitude": 12.568}},
}
CODE = re.compile(r"\b(\d{4,8})\b")


class Road:
    """Calls to the server at *url*, each answer's status kept as ``METHOD path → status``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.answers: list[str] = []

    def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = httpx.request(method, f"{self.url}{path}", json=body, timeout=30)
        self.answers.append(f"{method} {path} → {answer.status_code} {answer.text[:200]}")
        assert answer.status_code < 500, self.answers[-1]
        return answer.json()


def play(call: Road, sink: Sink | None) -> None:
    """The iSmart road from a provisioned car to a remote command, as far as it goes without the
    SMS code when no *sink* keeps it; every message the platform sends meets a broken webhook."""
    call("POST", "/test/vehicles", VEHICLE)
    call("POST", "/api/send_registration_code", {"identifier": PHONE, "app": APP})  # an SMS
    call("POST", "/api/send_registration_code", {"identifier": "carol@example.dk", "app": APP})  # an e-mail
    qr = call("POST", "/api/show_qr", {"vin": VIN})["qr"]
    call("POST", "/api/head_unit_log_in", {"vin": VIN, "identifier": PHONE, "password": PASSWORD})
    if sink is None:
        return
    (code,) = CODE.findall([sms["text"] for sms in sink.received["sms"] if sms["to"] == PHONE][-1])
    call("POST", "/api/register", {"identifier": PHONE, "code": code, "password": PASSWORD, "app": APP})
    login = {"accepted_terms": True, "accepted_privacy": True, "device_id": "dev-1", "app": APP}
    token = call("POST", "/api/log_in", {"identifier": PHONE, "password": PASSWORD, **login})["token"]
    call("POST", "/api/scan_qr", {"token": token, "qr": qr})  # a car event
    qr = call("POST", "/api/show_qr", {"vin": VIN})["qr"]
    call("POST", "/api/scan_qr", {"token": token, "qr": qr})
    command = {"token": token, "vin": VIN, "command": "lock", "request_id": "r-1"}
    accepted = call("POST", "/api/remote_command", command)  # a TCU command, a wake-up SMS
    call("POST", "/api/command_status", {"token": token, "command_id": accepted.get("command_id", "")})
    now = call("GET", "/test/clock")["now"]
    later = (datetime.fromisoformat(now) + timedelta(hours=73)).isoformat()
    call("POST", "/test/clock/advance", {"to": later})


@pytest.mark.parametrize("answer", ["closed port", "fail", "hang_up", "twinrig"])
@pytest.mark.end_to_end
def test_broken_webhooks_are_no_server_error(answer: str) -> None:
    with ExitStack() as stack:
        sink = None if answer == "closed port" else stack.enter_context(webhook_sink(cast(Answer, answer)))
        url = stack.enter_context(running_server(ReferenceFactory()))
        reset(url, sink.url if sink else f"http://127.0.0.1:{closed_port()}/w/gone")
        play(Road(url), sink)
    if sink is not None:
        assert {"sms", "email", "car_event", "tcu"} <= set(sink.received), sorted(sink.received)
        assert not sink.misfits, sink.misfits


def test_a_clock_at_the_end_of_time_is_no_server_error() -> None:
    """Guards the fix of an OverflowError (a 500) when the test clock was moved to year 9999."""
    with running_server(ReferenceFactory()) as url:
        reset(url, f"http://127.0.0.1:{closed_port()}/w/gone")
        call = Road(url)
        call("POST", "/test/vehicles", VEHICLE)
        call("POST", "/test/clock/advance", {"to": "9999-12-31T23:59:00+00:00"})
        call("POST", "/api/show_qr", {"vin": VIN})


# --- stateful: sequences of calls, linked as the document says -------------------------------------

STATEFUL = r"^/api/|^/test/(declaration|clock|clock/advance|vehicles|dealers)$"
"""Every operation but the reset: a sequence grows the platform's state (cars, dealers, accounts)."""

stateful_schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {"seed": SEED, "generation": {"mode": "positive"}, "phases": {"stateful": {"inference": {"algorithms": []}}}}
    ),
).include(path_regex=STATEFUL)
DATABASE = REPOSITORY / "out" / "hypothesis" / "fuzz-stateful"

STATE_REFUSALS = re.compile(
    "|".join(
        [
            r"^the test clock does not go backwards$",  # AdvanceClock: never before now
            r"^the test clock moves at most 100 years at a time$",  # AdvanceClock: at most MAX_ADVANCE
            r"^no command .+$",  # a command id this platform never gave
            r"^no synchronisation .+$",  # a synchronisation id this platform never gave (for this car)
            r"^no approved dealer .+$",  # a dealer id this platform was never given
            r"^(car|dealer) .+ is provisioned already$",  # the test side provisions each once
            r"^this is done from My Renault$",  # a My Renault car's operation, asked of it by another app
            # declared values: GET /test/declaration states each (contract/values.py)
            r"^the password needs at least \d+ characters$",
            r"^renew for 1 to \d+ months$",
            r"^the PIN has \d+ digits$",
        ]
    )
)
"""The 422s that depend on the platform's state or its declaration, not on the request's form:
whatever the schema allows, the platform may refuse these now. Every other 422 to a request the
document allows is a limit the document does not state."""


def account(url: str, sink: Sink) -> str:
    """A registered account's token (the SMS code read from *sink*), for calls that need one."""
    call = Road(url)
    call("POST", "/api/send_registration_code", {"identifier": PHONE, "app": APP})
    (code,) = CODE.findall([sms["text"] for sms in sink.received["sms"] if sms["to"] == PHONE][-1])
    call("POST", "/api/register", {"identifier": PHONE, "code": code, "password": PASSWORD, "app": APP})
    login = {"accepted_terms": True, "accepted_privacy": True, "device_id": "dev-1", "app": APP}
    token: str = call("POST", "/api/log_in", {"identifier": PHONE, "password": PASSWORD, **login})["token"]
    return token


def not_refused_for_an_unstated_reason(ctx: Any, response: Any, case: schemathesis.Case[Any]) -> bool | None:
    """A request the document allows is never refused as malformed (422), but for a stated, state-made reason."""
    if response.status_code != 422:
        return None
    message = json.loads(response.content)["error"]["message"]
    if not STATE_REFUSALS.search(message):
        raise AssertionError(f"{case.operation.label} {json.dumps(case.body)[:300]} → 422 {message}")
    return True


@pytest.mark.end_to_end
def test_the_reference_server_keeps_to_its_document_statefully() -> None:
    with webhook_sink() as sink, running_server(ReferenceFactory()) as url:
        base = stateful_schema.as_state_machine()

        class Machine(base):  # type: ignore[misc, valid-type]
            def setup(self) -> None:
                """Each sequence starts from a fresh platform, with one account logged in."""
                reset(url, sink.url)
                self.token = account(url, sink)

            def before_call(self, case: schemathesis.Case[Any]) -> None:
                if isinstance(case.body, dict) and "token" in case.body:
                    case.body["token"] = self.token  # a real account's: the calls reach the rules behind the login

            def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
                return {"base_url": url, "timeout": 10}

            def validate_response(self, response: Any, case: schemathesis.Case[Any], **kwargs: Any) -> None:
                checks = [*CHECKS, not_refused_for_an_unstated_reason]
                case.validate_response(response, checks=checks, transport_kwargs=kwargs)

        Machine.run(
            settings=settings(
                max_examples=20,
                stateful_step_count=10,
                deadline=None,
                database=DirectoryBasedExampleDatabase(DATABASE),
                suppress_health_check=list(HealthCheck),
            )
        )
    assert not sink.misfits, sink.misfits


def test_the_unstated_refusal_check_fires_on_a_limit_the_document_does_not_state() -> None:
    """The check of the stateful test can fail: a 422 for the form of a request is one."""
    case = cast(Any, SimpleNamespace(operation=SimpleNamespace(label="POST /api/register"), body={}))
    form = SimpleNamespace(status_code=422, content=b'{"error": {"code": "invalid_request", "message": "too long"}}')
    state = SimpleNamespace(
        status_code=422, content=b'{"error": {"code": "invalid_request", "message": "no command \'x\'"}}'
    )
    with pytest.raises(AssertionError, match="too long"):
        not_refused_for_an_unstated_reason(None, form, case)
    assert not_refused_for_an_unstated_reason(None, state, case) is True
    assert not_refused_for_an_unstated_reason(None, SimpleNamespace(status_code=200), case) is None
