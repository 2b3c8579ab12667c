"""The OpenAPI document of the contract: checked in and current, valid OpenAPI 3.1, complete, and
in agreement with what the reference platform really answers and sends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from reference_kit import ALICE, DANA, ERIK, MEGANE_VIN, PIN, VIN, Rig

from contract.codec import ContractViolation, decode, encode
from contract.errors import ErrorCode, PlatformError
from contract.limits import MAX_ADVANCE, TIME_PATTERN, in_range
from contract.messages import (
    AdvanceClock,
    ClockState,
    CommandQuery,
    ListVehicles,
    RemoteCommand,
    VehicleQuery,
)
from contract.myrenault import SetPin
from contract.openapi import PATH, REGENERATE, WEBHOOKS, document, render
from contract.operations import error_body, operations, status_of
from reference import ReferenceFactory
from reference.accounts import channel_of
from reference.server import running_server
from transport.json_connection import JsonConnection
from twinrig.runner import run_suite


@cache
def doc() -> dict[str, Any]:
    return document()


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for *schema*, its ``$ref`` resolved within the document."""
    root = {**schema, "components": doc()["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def deref(item: dict[str, Any]) -> dict[str, Any]:
    """*item*, or what its ``#/components/...`` reference names."""
    while "$ref" in item:
        section, name = item["$ref"].removeprefix("#/components/").split("/")
        item = doc()["components"][section][name]
    return item


def reply_schema(name: str, status: int = 200) -> dict[str, Any]:
    op = operations()[name]
    answer = deref(doc()["paths"][op.path][op.method.lower()]["responses"][str(status)])
    schema: dict[str, Any] = answer["content"]["application/json"]["schema"]
    return schema


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(data)]


# --- the document itself -------------------------------------------------------------------------


def test_the_checked_in_document_is_current() -> None:
    assert PATH.exists(), f"{PATH} is missing: run {REGENERATE}"
    checked_in = json.loads(PATH.read_text(encoding="utf-8"))
    assert checked_in == doc(), f"{PATH} is out of date with the contract: run {REGENERATE}"
    assert PATH.read_text(encoding="utf-8") == render(doc()), f"{PATH} is not as written: run {REGENERATE}"


def test_the_document_is_valid_openapi_3_1() -> None:
    assert doc()["openapi"].startswith("3.1")
    validate(doc())


def test_every_operation_has_its_path_and_method() -> None:
    for op in operations().values():
        entry = doc()["paths"].get(op.path, {}).get(op.method.lower())
        assert entry is not None, f"{op.method} {op.path} ({op.name}) is missing"
        assert entry["operationId"] == op.name
        assert entry["tags"] == [op.part]
        assert ("requestBody" in entry) == (op.request is not None), op.name
    test_side = {("post", "/test/reset"), ("get", "/test/worlds"), ("post", "/test/worlds")}
    expected = {(op.method.lower(), op.path) for op in operations().values()} | test_side
    expected.add(("delete", "/test/worlds/{world}"))
    documented = {(method, path) for path, item in doc()["paths"].items() for method in item}
    assert documented == expected


def test_every_refusal_code_has_its_status_documented() -> None:
    for op in operations().values():
        if not op.path.startswith("/api/"):
            continue
        responses = doc()["paths"][op.path]["post"]["responses"]
        for code in ErrorCode:
            status = status_of(code)
            assert str(status) in responses, f"{op.name} does not document {status} for {code.value}"
            body = error_body(code.value, "refused")
            assert not errors(reply_schema(op.name, status), body), (op.name, code)


def test_the_webhooks_are_documented_relative_to_the_reset_base_url() -> None:
    assert set(doc()["webhooks"]) == set(WEBHOOKS)
    for kind, (_, reply) in WEBHOOKS.items():
        item = doc()["webhooks"][kind]
        assert item["x-twinrig-path"] == f"/{kind}"
        assert set(item["post"]["responses"]) == ({"204"} if reply is None else {"200"}) | {"401", "410"}
    reset = doc()["components"]["schemas"]["Reset"]
    assert reset["required"] == ["seed", "epoch", "webhooks"]


def test_a_schema_refuses_what_the_codec_refuses() -> None:
    schema = reply_schema("clock_state")
    assert not errors(schema, {"now": "2026-03-02T08:00:00+00:00"})
    assert errors(schema, {"now": "2026-03-02T08:00:00+00:00", "extra": 1}), "unknown field accepted"
    assert errors(schema, {"next_due": None}), "missing field accepted"
    assert errors(schema, {"now": "yesterday"}), "a time that is no time accepted"


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_time_states_the_contract_years_as_the_codec_reads_them() -> None:
    times = [node for node in _walk(doc()) if node.get("format") == "date-time"]
    assert len(times) > 20
    assert all(node.get("pattern") == TIME_PATTERN for node in times)
    schema = reply_schema("clock_state")
    for year, fits in [(1969, False), (1970, True), (2026, True), (8999, True), (9000, False), (9999, False)]:
        data = {"now": f"{year:04d}-06-01T00:00:00+00:00", "next_due": None}
        assert (not errors(schema, data)) is fits, year
        assert in_range(datetime.fromisoformat(data["now"])) is fits, year
        if not fits:
            with pytest.raises(ContractViolation, match="between the years 1970 and 8999"):
                decode(ClockState, data)


def test_the_clock_advance_states_its_100_years() -> None:
    advance = doc()["paths"]["/test/clock/advance"]["post"]
    assert f"{MAX_ADVANCE.days} days (100 years)" in advance["description"]
    header = next(p for p in advance["parameters"] if p["name"] == "Twinrig-Advance-To")
    assert f"at most {MAX_ADVANCE.days} days" in header["description"]
    assert header["schema"]["pattern"] == TIME_PATTERN


def test_the_test_side_states_its_bearer_token_and_its_401() -> None:
    scheme = doc()["components"]["securitySchemes"]["testSideToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, item in doc()["paths"].items():
        for entry in item.values():
            if path.startswith("/test/"):
                assert entry["security"] == [{}, {"testSideToken": []}], path
                assert "401" in entry["responses"], path
            else:
                assert "security" not in entry, path


def test_every_link_names_an_operation_and_fields_of_its_request() -> None:
    by_id = {entry["operationId"]: entry for item in doc()["paths"].values() for entry in item.values()}
    links = [
        (name, link)
        for entry in by_id.values()
        for name, link in entry["responses"].get("200", {}).get("links", {}).items()
    ]
    assert len(links) > 50
    for name, link in links:
        target = deref(by_id[link["operationId"]]["requestBody"]["content"]["application/json"]["schema"])
        assert set(link["requestBody"]) <= set(target["properties"]), name
    register = by_id["register"]["responses"]["200"]["links"]["log_in"]["requestBody"]
    assert register == {"identifier": "$request.body#/identifier", "password": "$request.body#/password"}


def test_the_stated_patterns_are_what_the_reference_refuses() -> None:
    schema = doc()["components"]["schemas"]["SendRegistrationCode"]["properties"]["identifier"]
    for identifier in ["+4520000001", "+45", "carol@example.dk", "@", "4520000001", "carol", "+45 2000", ""]:
        try:
            channel_of(identifier)
            refused = False
        except PlatformError:
            refused = True
        assert bool(errors(schema, identifier)) is refused, identifier
    radius = doc()["components"]["schemas"]["FindDealers"]["properties"]["radius_km"]
    assert radius["minimum"] == 0


# --- the document and the reference platform agree -----------------------------------------------


class Recording:
    """A platform that keeps every reply it gives, by operation name."""

    def __init__(self, platform: Any) -> None:
        self.platform = platform
        self.replies: dict[str, list[Any]] = {}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.platform, name)

        def call(*args: Any) -> Any:
            reply = method(*args)
            self.replies.setdefault(name, []).append(reply)
            return reply

        return call


@pytest.fixture(scope="module")
def played() -> tuple[Recording, Rig]:
    """Both brands' main roads through the reference platform, every reply and message kept."""
    rig = Rig()
    recording = Recording(rig.platform)
    rig.platform = recording
    platform: Any = recording
    platform.declaration()
    platform.clock_state()
    rig.provision(VIN)
    alice = rig.user(ALICE)  # send_registration_code, register, log_in
    rig.bind(alice)  # show_qr, scan_qr twice
    platform.list_vehicles(ListVehicles(alice))
    platform.vehicle_status(VehicleQuery(alice, VIN))
    platform.list_services(VehicleQuery(alice, VIN))
    accepted = platform.remote_command(RemoteCommand(alice, VIN, "lock", "r-1"))
    platform.command_status(CommandQuery(alice, accepted.command_id))
    rig.provision_renault()
    dana = rig.mr_user(DANA)  # create_account, confirm_account, log_in
    rig.create_account(ERIK)
    rig.resend_confirmation(ERIK)
    rig.synchronise(dana, MEGANE_VIN)  # add_vehicle, start_sync, car_conditions, ..., sync_status
    platform.set_pin(SetPin(dana, PIN))
    platform.activate_services(VehicleQuery(dana, MEGANE_VIN))
    platform.vehicle_info(VehicleQuery(dana, MEGANE_VIN))
    platform.list_contracts(VehicleQuery(dana, MEGANE_VIN))
    platform.ev_status(VehicleQuery(dana, MEGANE_VIN))
    platform.appointments(VehicleQuery(dana, MEGANE_VIN))
    platform.advance_clock(AdvanceClock(rig.now + timedelta(hours=1)))
    platform.clock_state()
    return recording, rig


SAMPLED = [
    "declaration",
    "clock_state",
    "advance_clock",
    "provision_vehicle",
    "send_registration_code",
    "register",
    "log_in",
    "show_qr",
    "scan_qr",
    "list_vehicles",
    "vehicle_status",
    "list_services",
    "remote_command",
    "command_status",
    "create_account",
    "confirm_account",
    "resend_confirmation",
    "add_vehicle",
    "start_sync",
    "sync_status",
    "car_conditions",
    "set_pin",
    "activate_services",
    "vehicle_info",
    "list_contracts",
    "ev_status",
    "appointments",
]


@pytest.mark.parametrize("name", SAMPLED)
def test_the_reference_replies_fit_the_document(played: tuple[Recording, Rig], name: str) -> None:
    recording, _ = played
    replies = recording.replies.get(name)
    assert replies, f"the sample never called {name}"
    for reply in replies:
        assert not errors(reply_schema(name), encode(reply)), (name, encode(reply))


def test_the_reference_messages_fit_the_webhooks(played: tuple[Recording, Rig]) -> None:
    _, rig = played
    sent: dict[str, list[Any]] = {
        "sms": rig.out.sms_sent,
        "email": rig.out.emails_sent,
        "push": rig.out.pushes_sent,
        "tcu": rig.out.tcu_sent,
        "car_event": rig.out.car_events,
    }
    assert all(sent[kind] for kind in ("sms", "email", "tcu", "car_event")), {k: len(v) for k, v in sent.items()}
    for kind, messages in sent.items():
        schema = doc()["webhooks"][kind]["post"]["requestBody"]["content"]["application/json"]["schema"]
        for message in messages:
            assert not errors(schema, encode(message)), (kind, encode(message))


# --- the rig's own requests -----------------------------------------------------------------------


@pytest.mark.end_to_end
def test_every_request_the_rig_sends_over_http_fits_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rig's HTTP transport is held to the document too: every body it sends, every path."""
    sent: list[tuple[str, str, Any]] = []
    original = JsonConnection.request

    def recording(self: JsonConnection, method: str, path: str, body: Any = None, headers: Any = None) -> Any:
        sent.append((method, path, body))
        return original(self, method, path, body, headers)

    monkeypatch.setattr(JsonConnection, "request", recording)
    with running_server(ReferenceFactory()) as url:
        run = run_suite(url, 1, select="binding or synchronisation")
    assert run.ok
    assert {result.verdict.value for result in run.scenarios} == {"pass"}
    problems = []
    for method, path, body in sent:
        template = "/test/worlds/{world}" if path.startswith("/test/worlds/") else path
        item = doc()["paths"].get(template, {}).get(method.lower())
        if item is None:
            problems.append(f"{method} {path}: not in the document")
            continue
        if "requestBody" in item:
            schema = item["requestBody"]["content"]["application/json"]["schema"]
            problems += [f"{method} {path} {problem}" for problem in errors(schema, body)]
        elif body is not None:
            problems.append(f"{method} {path}: sends a body the document does not take")
    assert len(sent) > 200
    paths = {path for _, path, _ in sent}
    assert "/test/worlds" in paths  # a world per scenario, each ended after it:
    assert any(path.startswith("/test/worlds/") for path in paths)
    assert problems == []
