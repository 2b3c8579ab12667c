"""The contract over HTTP as an OpenAPI 3.1 document, made from the operation table.

:func:`document` builds the document from :func:`contract.operations.operations` and the
dataclasses of the contract: one path per operation, one schema per dataclass, the refusals, the
``POST /test/reset`` call of the HTTP test side and its test worlds (``/test/worlds``, the
``Twinrig-World`` header), and the webhooks twinrig serves for the
platform's outbound messages. The document is checked in as ``contract/openapi.json``;
regenerate it with ``python -m contract.openapi`` (``--check`` only compares).

This module reads nothing of twinrig: the version is the installed distribution's.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import inspect
import json
import sys
import types
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from contract import platform as platform_module
from contract.codec import encode, field_types
from contract.errors import ErrorCode
from contract.limits import EARLIEST, LATEST, MAX_ADVANCE, TIME_PATTERN
from contract.operations import (
    ADVANCE_TO,
    CLOCK_NEXT_DUE,
    CLOCK_NOW,
    MAX_WORLDS,
    PARTS,
    STATUS,
    TOO_MANY_WORLDS,
    UNKNOWN_WORLD,
    WEBHOOK_SECRET,
    WORLD,
    WORLDS_PATH,
    Operation,
    operations,
)
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand

OPENAPI_VERSION = "3.1.0"
TITLE = "twinrig platform contract"
SERVER = "http://127.0.0.1:8000"
PATH = Path(__file__).with_name("openapi.json")
REGENERATE = "python -m contract.openapi"

JSON = dict[str, Any]

WEBHOOKS: dict[str, tuple[type, type | None]] = {
    "sms": (Sms, None),
    "email": (Email, None),
    "push": (Push, None),
    "tcu": (TcuCommand, Delivery),
    "car_event": (CarEvent, Delivery),
}
"""The webhooks twinrig serves: the message each receives, and the reply it answers with (None: 204)."""

WEBHOOKS_TAG = "Webhooks"
TEST_TAG = "TestReset"
REFUSALS = (401, 403, 404, 409)
"""The refusal statuses of a platform operation (422, for a body that does not fit, is apart)."""
BEARER = "testSideToken"
"""The security scheme of the test side: a server started with a token (``twinrig serve --token``)
needs ``Authorization: Bearer <token>`` on every ``/test/`` route; one without, nothing."""
YEARS = f"between the years {EARLIEST.year} and {LATEST.year - 1} (as written, in its own offset)"
LINKED_REPLIES = ("token", "qr", "command_id", "request_id", "sync_id", "appointment_id", "dealer_id")
"""Reply fields that name something a later call may name in its request, under the same field."""
UNLINKED = {("request_id", "remote_command")}
"""(field, operation) pairs a link leaves alone: a remote command's *request_id* is its own
idempotency key, not a force unbinding's request."""
LINKED_REQUESTS = ("vin", "dealer_id", "identifier", "password")
"""Request fields of the test side's writes and of registration that a later call may name again."""
LINKED_SOURCES = ("provision_vehicle", "provision_dealer", "register", "create_account")
"""The operations whose request fields (:data:`LINKED_REQUESTS`) feed later calls."""


def version() -> str:
    """The version of the installed twinrig distribution, or ``0.0.0`` when it is not installed."""
    try:
        return importlib.metadata.version("twinrig")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def ref(name: str) -> JSON:
    """A reference to the schema *name* of the document's components."""
    return {"$ref": f"#/components/schemas/{name}"}


def _doc(cls: type) -> str:
    """The docstring *cls* was written with (not the one :mod:`dataclasses` makes up), or ""."""
    text = cls.__doc__ or ""
    if dataclasses.is_dataclass(cls) and text.startswith(f"{cls.__name__}("):
        return ""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


class _Schemas:
    """The component schemas of every dataclass met while describing types, by class name."""

    def __init__(self) -> None:
        self.classes: dict[str, type] = {}
        self.schemas: dict[str, JSON] = {}

    def of(self, kind: Any) -> JSON:
        """The schema of *kind*: a reference for a dataclass (described once), inline otherwise."""
        origin = get_origin(kind)
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            return ref(self.add(kind))
        if origin is Literal:
            values = list(get_args(kind))
            if not all(isinstance(value, str) for value in values):  # pragma: no cover - a contract bug
                raise TypeError(f"the contract has a non-string Literal {kind!r}")
            return {"type": "string", "enum": values}
        if origin in (Union, types.UnionType):
            options = [option for option in get_args(kind) if option is not type(None)]
            if len(options) != 1 or len(get_args(kind)) != 2:  # pragma: no cover - a contract bug
                raise TypeError(f"the contract has a union other than X | None: {kind!r}")
            return {"anyOf": [self.of(options[0]), {"type": "null"}]}
        if origin is list:
            (item,) = get_args(kind)
            return {"type": "array", "items": self.of(item)}
        if kind is datetime:
            return time_schema()
        plain = {str: "string", int: "integer", float: "number", bool: "boolean"}
        if kind in plain:
            return {"type": plain[kind]}
        raise TypeError(f"the contract has no JSON type for {kind!r}")  # pragma: no cover - a contract bug

    def add(self, cls: type) -> str:
        """Describe dataclass *cls* under its class name (once) and return the name."""
        name = cls.__name__
        known = self.classes.get(name)
        if known is cls:
            return name
        if known is not None:  # pragma: no cover - a contract bug
            raise TypeError(f"two contract dataclasses are called {name}: {known!r} and {cls!r}")
        self.classes[name] = cls
        self.schemas[name] = {}  # reserved first: a dataclass may refer to itself
        properties: JSON = {}
        required: list[str] = []
        for item in dataclasses.fields(cls):
            schema = {**self.of(field_types(cls)[item.name]), **item.metadata.get("schema", {})}
            if item.default is not dataclasses.MISSING:
                schema = {**schema, "default": encode(item.default)}
            elif item.default_factory is not dataclasses.MISSING:
                schema = {**schema, "default": encode(item.default_factory())}
            else:
                required.append(item.name)
            properties[item.name] = schema
        described: JSON = {"type": "object"}
        if description := _doc(cls):
            described["description"] = description
        described["properties"] = properties
        if required:
            described["required"] = required
        self.schemas[name] = {**described, "additionalProperties": False}
        return name


def time_schema() -> JSON:
    """A time of the contract: ISO 8601 with its offset, within the contract's years (:mod:`contract.limits`)."""
    return {"type": "string", "format": "date-time", "pattern": TIME_PATTERN}


def _error_schema() -> JSON:
    """The body of every refusal: ``{"error": {"code": ..., "message": ...}}``."""
    return {
        "type": "object",
        "description": "A refusal: a stable code from the contract and a human message.",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "enum": [code.value for code in ErrorCode]},
                    "message": {"type": "string"},
                },
                "required": ["code", "message"],
                "additionalProperties": False,
            }
        },
        "required": ["error"],
        "additionalProperties": False,
    }


def _reset_schema() -> JSON:
    """The body of ``POST /test/reset``."""
    return {
        "type": "object",
        "description": "Make a fresh, empty platform whose outbound messages go to the *webhooks* base URL.",
        "properties": {
            "seed": {"type": "integer"},
            "epoch": {**time_schema(), "description": f"Where the test clock starts: a time {YEARS}."},
            "webhooks": {
                "type": "string",
                "format": "uri",
                "pattern": "^https?://[^\\s/?#@]+(/[^\\s]*)?$",
                "description": "An http:// or https:// URL with a host; no spaces or control characters.",
            },
            "webhook_secret": {
                "type": "string",
                "description": f"Send it in the `{WEBHOOK_SECRET}` header of every webhook: twinrig refuses "
                "a webhook without it (401).",
            },
        },
        "required": ["seed", "epoch", "webhooks"],
        "additionalProperties": False,
    }


def _json(schema: JSON) -> JSON:
    return {"application/json": {"schema": schema}}


REFUSAL_NAMES = {401: "NotAuthenticated", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 422: "InvalidRequest"}
"""The name of each refusal status among the document's components.responses."""


def _codes(status: int) -> list[str]:
    """The refusal codes answered with *status* (409: every code the table does not place)."""
    if status == 409:
        return [code.value for code in ErrorCode if code not in STATUS]
    return [code.value for code, placed in STATUS.items() if placed == status]


def _refusals() -> JSON:
    """The refusal answers, by name: each an Error body, described by the codes it carries."""
    answers: JSON = {}
    for status, name in REFUSAL_NAMES.items():
        description = f"Refused: {', '.join(_codes(status))}"
        if status == 422:
            description += " (also for a body that does not fit the contract)"
        answers[name] = {"description": f"{description}.", "content": _json(ref("Error"))}
    answers["NotFound"] = {
        "description": f"{answers['NotFound']['description'][:-1]}; or {UNKNOWN_WORLD}: the {WORLD} header "
        "names a world the platform never hosted.",
        "content": _json({"anyOf": [ref("Error"), ref("WorldError")]}),
    }
    answers["UnknownWorld"] = {
        "description": f"Refused: {UNKNOWN_WORLD} (404: the platform never hosted the world named; 410: it ended).",
        "content": _json(ref("WorldError")),
    }
    answers["TooManyWorlds"] = {
        "description": f"Refused: {TOO_MANY_WORLDS}, the platform hosts as many worlds as it can (the reference: "
        f"{MAX_WORLDS:,}); end one with DELETE {WORLDS_PATH}/{{world}}.",
        "content": _json(ref("WorldError")),
    }
    return answers


def _refusal(status: int) -> JSON:
    return {"$ref": f"#/components/responses/{REFUSAL_NAMES[status]}"}


def _clock_headers() -> JSON:
    """The optional headers carrying the test clock after the call."""
    return {
        CLOCK_NOW: {
            "description": "The test clock after the call.",
            "required": False,
            "schema": time_schema(),
        },
        CLOCK_NEXT_DUE: {
            "description": "When the platform's next timer falls due; empty when none is.",
            "required": False,
            "schema": {"anyOf": [time_schema(), {"type": "string", "maxLength": 0}]},
        },
    }


def _links(op: Operation) -> JSON:
    """The OpenAPI links from *op*'s reply to the calls that may name what it named or made."""
    replied = _field_names(op.reply)
    asked = _field_names(op.request) if op.name in LINKED_SOURCES else set()
    links: JSON = {}
    for target in operations().values():
        wanted = _field_names(target.request)
        wanted -= {name for name, unlinked in UNLINKED if unlinked == target.name}
        body = {name: f"$response.body#/{name}" for name in LINKED_REPLIES if name in replied and name in wanted}
        body |= {name: f"$request.body#/{name}" for name in LINKED_REQUESTS if name in asked and name in wanted}
        if body and target.name != op.name:
            links[target.name] = {"operationId": target.name, "requestBody": dict(sorted(body.items()))}
    return links


def _field_names(cls: type | None) -> set[str]:
    return (
        {item.name for item in dataclasses.fields(cls)} if cls is not None and dataclasses.is_dataclass(cls) else set()
    )


def _test_side(entry: JSON) -> JSON:
    """*entry*, a test-side operation, behind the test side's bearer token (when the server has one)."""
    entry["security"] = [{}, {BEARER: []}]
    entry["responses"]["401"] = _refusal(401)
    return entry


def _operation(op: Operation, schemas: _Schemas) -> JSON:
    """The OpenAPI operation of *op*."""
    entry: JSON = {"tags": [op.part], "operationId": op.name, "summary": op.name.replace("_", " ").capitalize()}
    entry["parameters"] = [
        {
            "name": ADVANCE_TO,
            "in": "header",
            "required": False,
            "description": "Advance the test clock to this time, then handle the call (a server that honours it "
            'says so with "advance_header": true in its reset answer). Like `POST /test/clock/advance`: a time '
            f"{YEARS}, at most {MAX_ADVANCE.days} days (100 years) after the clock's now; an earlier one is ignored.",
            "schema": time_schema(),
        },
        _world_parameter(),
    ]
    if op.request is not None:
        if description := _doc(op.request):
            entry["description"] = description
        entry["requestBody"] = {"required": True, "content": _json(schemas.of(op.request))}
    responses: JSON = {
        "200": {
            "description": "The reply.",
            "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in _clock_headers()},
            "content": _json(schemas.of(op.reply)),
        }
    }
    if links := _links(op):
        responses["200"]["links"] = links
    if op.path.startswith("/api/"):
        responses.update({str(status): _refusal(status) for status in REFUSALS})
    responses["422"] = _refusal(422)  # a body or a Twinrig-Advance-To header that does not fit
    responses.setdefault("404", _unknown_world())
    responses["410"] = _unknown_world()
    entry["responses"] = responses
    return _test_side(entry) if op.path.startswith("/test/") else entry


def _reset() -> JSON:
    return {
        "post": _test_side(
            {
                "tags": [TEST_TAG],
                "operationId": "reset",
                "summary": "Reset",
                "description": "Make a fresh, empty platform (HTTP only): its seed, its clock's start, and the base "
                "URL of the webhooks its outbound messages go to.",
                "requestBody": {"required": True, "content": _json(ref("Reset"))},
                "responses": {
                    "200": {
                        "description": "A fresh platform.",
                        "content": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "ok": {"const": True},
                                    "advance_header": {
                                        "type": "boolean",
                                        "description": f"Whether the server honours the {ADVANCE_TO} request header.",
                                    },
                                },
                                "required": ["ok"],
                                "additionalProperties": False,
                            }
                        ),
                    },
                    "422": _refusal(422),
                },
            }
        )
    }


def _world_parameter() -> JSON:
    """The optional request header naming the call's test world."""
    return {
        "name": WORLD,
        "in": "header",
        "required": False,
        "description": f"The test world of the call, as `POST {WORLDS_PATH}` answered it; without it the call goes "
        "to the world of `POST /test/reset`. A world the platform does not host is refused with 404 (never was) "
        "or 410 (ended).",
        "schema": {"type": "string", "minLength": 1},
    }


def _unknown_world() -> JSON:
    return {"$ref": "#/components/responses/UnknownWorld"}


def _world_error_schema() -> JSON:
    """The body of a refusal of the test worlds' side: the shape of every refusal, its own codes."""
    return {
        "type": "object",
        "description": "A refusal of the test worlds' side: the shape of every refusal (Error), with its own codes.",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "enum": [UNKNOWN_WORLD, TOO_MANY_WORLDS]},
                    "message": {"type": "string"},
                },
                "required": ["code", "message"],
                "additionalProperties": False,
            }
        },
        "required": ["error"],
        "additionalProperties": False,
    }


def _worlds() -> JSON:
    """``GET`` and ``POST /test/worlds``: the platform's test worlds, and a new one."""
    listing = {
        "type": "object",
        "properties": {
            "limit": {"type": "integer", "minimum": 1, "description": "The most worlds the platform hosts at once."},
            "live": {"type": "integer", "minimum": 0, "description": "How many it hosts now."},
        },
        "required": ["limit", "live"],
        "additionalProperties": False,
    }
    created = {
        "type": "object",
        "properties": {
            "world": {"type": "string", "minLength": 1, "description": f"The world's id, for the {WORLD} header."},
            "advance_header": {
                "type": "boolean",
                "description": f"Whether the server honours the {ADVANCE_TO} request header.",
            },
        },
        "required": ["world"],
        "additionalProperties": False,
    }
    return {
        "get": {
            "tags": [TEST_TAG],
            "operationId": "list_worlds",
            "summary": "List worlds",
            "description": "Whether the platform hosts concurrent test worlds (it answers 200), how many at most, "
            "how many now. A platform that answers anything else (404, 405) hosts one world at a time, through "
            "`POST /test/reset`, and the rig runs one scenario at a time against it.",
            "responses": {"200": {"description": "The platform hosts test worlds.", "content": _json(listing)}},
        },
        "post": {
            "tags": [TEST_TAG],
            "operationId": "create_world",
            "summary": "Create world",
            "description": "Make a test world (HTTP only) beside every other: a fresh, empty platform with its own "
            "seed, clock, accounts, cars, dealers and webhooks, which no call of another world sees. Every call "
            f"naming it in the {WORLD} header goes to it; calls to different worlds may run at the same time. "
            f"The reference hosts at most {MAX_WORLDS:,} at once (`twinrig serve --max-worlds`).",
            "requestBody": {"required": True, "content": _json(ref("Reset"))},
            "responses": {
                "201": {"description": "A fresh world.", "content": _json(created)},
                "422": _refusal(422),
                "429": {"$ref": "#/components/responses/TooManyWorlds"},
            },
        },
    }


def _world() -> JSON:
    """``DELETE /test/worlds/{world}``: end a world."""
    return {
        "delete": {
            "tags": [TEST_TAG],
            "operationId": "end_world",
            "summary": "End world",
            "description": "End the world: its platform is gone, its webhooks are sent no more, and a call naming it "
            "is refused with 410.",
            "parameters": [{"name": "world", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "Ended."}, "404": _unknown_world(), "410": _unknown_world()},
        }
    }


def _webhook(kind: str, message: type, reply: type | None, schemas: _Schemas) -> JSON:
    """The path item of the webhook *kind*: twinrig receives *message* and answers *reply* (or 204)."""
    if reply is None:
        answer: JSON = {"204": {"description": "Received."}}
    else:
        answer = {"200": {"description": "Whether the car took it.", "content": _json(schemas.of(reply))}}
    description = (
        f"`POST {{webhooks}}/{kind}`, relative to the *webhooks* base URL of `POST /test/reset` "
        f"(or of the world's `POST {WORLDS_PATH}`)."
    )
    if text := _doc(message):
        description = f"{text}\n\n{description}"
    return {
        "x-twinrig-path": f"/{kind}",
        "post": {
            "parameters": [
                {
                    "name": WEBHOOK_SECRET,
                    "in": "header",
                    "required": True,
                    "description": f"The `webhook_secret` of `POST /test/reset` (or `POST {WORLDS_PATH}`).",
                    "schema": {"type": "string"},
                }
            ],
            "tags": [WEBHOOKS_TAG],
            "operationId": f"webhook_{kind}",
            "summary": f"Receive a {message.__name__} (served by twinrig)",
            "description": description,
            "requestBody": {"required": True, "content": _json(schemas.of(message))},
            "responses": {
                **answer,
                "401": {"description": f"Refused: no `{WEBHOOK_SECRET}`, or not the reset's."},
                "410": {"description": "Refused: the world is not running (it ended, or never ran)."},
            },
        },
    }


def _tags() -> list[JSON]:
    tags = [{"name": part.__name__, "description": _doc(part)} for part in PARTS]
    tags.append({"name": TEST_TAG, "description": "The HTTP transport's own test side: reset, and test worlds."})
    tags.append({"name": WEBHOOKS_TAG, "description": "What twinrig serves for the platform's outbound messages."})
    return tags


def document(release: str | None = None, *, guarded: bool = False) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the contract over HTTP; *release* is its version (default:
    twinrig's); *guarded*: as a server with a token serves it (the test side needs the token)."""
    schemas = _Schemas()
    paths: JSON = {}
    for op in operations().values():
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, schemas)
    paths["/test/reset"] = _reset()
    paths[WORLDS_PATH] = {method: _test_side(entry) for method, entry in _worlds().items()}
    paths[WORLDS_PATH + "/{world}"] = {method: _test_side(entry) for method, entry in _world().items()}
    for entry in (
        entry for path, item in paths.items() if guarded and path.startswith("/test/") for entry in item.values()
    ):
        entry["security"] = [{BEARER: []}]
    webhooks = {kind: _webhook(kind, message, reply, schemas) for kind, (message, reply) in WEBHOOKS.items()}
    extra = {"Error": _error_schema(), "Reset": _reset_schema(), "WorldError": _world_error_schema()}
    if clash := sorted(extra.keys() & schemas.schemas.keys()):  # pragma: no cover - a contract bug
        raise TypeError(f"a contract dataclass takes a name the document needs: {clash}")
    components = {**schemas.schemas, **extra}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": TITLE,
            "version": release if release is not None else version(),
            "description": _doc(platform_module.Platform)
            + "\n\nSee docs/http.md. Outbound messages are POSTed to the webhooks twinrig serves, "
            f"relative to the base URL given in `POST /test/reset` (or `POST {WORLDS_PATH}`).",
        },
        "servers": [{"url": SERVER}],
        "tags": _tags(),
        "paths": paths,
        "webhooks": webhooks,
        "components": {
            "schemas": dict(sorted(components.items())),
            "responses": _refusals(),
            "headers": _clock_headers(),
            "securitySchemes": {
                BEARER: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The test side's token, on every `/test/` route of a server started with one "
                    "(`twinrig serve --token`); a server without one needs none. Missing or wrong: 401.",
                }
            },
        },
    }


def render(doc: dict[str, Any]) -> str:
    """*doc* as the text of ``contract/openapi.json``."""
    return json.dumps(doc, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the document to ``contract/openapi.json`` (or, with ``--check``, say whether it is current)."""
    parser = argparse.ArgumentParser(prog=REGENERATE, description="Write the contract's OpenAPI document.")
    parser.add_argument("--check", action="store_true", help="only check that the checked-in file is current")
    parser.add_argument("--output", type=Path, default=PATH, help=f"where to write it (default: {PATH})")
    arguments = parser.parse_args(argv)
    text = render(document())
    if arguments.check:
        current = arguments.output.exists() and arguments.output.read_text(encoding="utf-8") == text
        print(f"{arguments.output}: {'current' if current else f'out of date; run {REGENERATE}'}")
        return 0 if current else 1
    arguments.output.write_text(text, encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
