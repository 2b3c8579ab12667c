"""Everything a platform must do to pass is written down: every outbound message field and kind
the twins read, every client identity they call with, and the service each command needs are in
docs/vendor-guide.md (the webhooks in docs/http.md). The lists come from the code, not from a
hand-kept list: the contract's dataclasses and literals, and what the twins' code reads."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path
from typing import get_args

import pytest

import contract.outbound
from contract.messages import CommandName
from contract.outbound import CarEventKind, Outbound, PushKind
from contract.services import COMMAND_SERVICES
from twins.computer import MY_RENAULT_WEB
from twins.store import STORES
from twins.world import MG_DEALER, MG_DEALER_BRAND

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "vendor-guide.md").read_text(encoding="utf-8")
HTTP = (ROOT / "docs" / "http.md").read_text(encoding="utf-8")
READERS = sorted([*(ROOT / "twins").glob("*.py"), *(ROOT / "steps").glob("*.py"), ROOT / "contract" / "reading.py"])
"""The code that reads what a platform sends: the twins, the steps, and the message reader."""

MESSAGES = [
    cls
    for _, cls in inspect.getmembers(contract.outbound, inspect.isclass)
    if dataclasses.is_dataclass(cls) and cls.__module__ == contract.outbound.__name__
]
KINDS = [*get_args(PushKind), *get_args(CarEventKind)]


def message_fields() -> list[str]:
    return [f"{cls.__name__}.{item.name}" for cls in MESSAGES for item in dataclasses.fields(cls)]


def kinds_the_twins_compare() -> set[str]:
    """Every string the twins and steps compare a ``.kind`` with (``x.kind == "..."``, ``in (...)``)."""
    found: set[str] = set()
    for path in READERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            if not any(isinstance(side, ast.Attribute) and side.attr == "kind" for side in sides):
                continue
            for side in sides:
                constants = side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side]
                found |= {c.value for c in constants if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return found


def fields_read_off_messages() -> set[str]:
    """Every attribute the readers take from a delivered message (``item.message.x``, ``message.x``,
    ``event.x``, ``command.x`` where those name an outbound message)."""
    holders = {"message", "event"}
    read: set[str] = set()
    for path in READERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                value = node.value
                if (isinstance(value, ast.Attribute) and value.attr == "message") or (
                    isinstance(value, ast.Name) and value.id in holders
                ):
                    read.add(node.attr)
    return read


def test_the_lists_are_derived_from_the_code() -> None:
    assert len(MESSAGES) == 6, [cls.__name__ for cls in MESSAGES]
    assert {"Email.link", "Email.code", "Sms.code", "Delivery.accepted"} <= set(message_fields())
    assert {"force_unbind_request", "user_bound", "sync_request"} <= kinds_the_twins_compare()
    assert {"code", "link", "body", "text", "kind", "request_id"} <= fields_read_off_messages()


@pytest.mark.parametrize("name", message_fields())
def test_every_outbound_message_field_is_documented(name: str) -> None:
    assert f"`{name}`" in GUIDE, f"docs/vendor-guide.md does not say what the twins do with `{name}`"


@pytest.mark.parametrize("kind", KINDS)
def test_every_message_kind_is_documented(kind: str) -> None:
    assert f"| `{kind}` |" in GUIDE, f"docs/vendor-guide.md has no row for the message kind `{kind}`"


def test_every_kind_the_twins_act_on_is_a_kind_of_the_contract() -> None:
    """A twin acting on a kind no contract literal has would be a convention found only by running."""
    compared = kinds_the_twins_compare()
    assert compared, "the scan found no kind the twins act on"
    assert compared <= set(KINDS), f"not kinds of the contract: {sorted(compared - set(KINDS))}"


def test_every_attribute_the_twins_read_off_a_message_is_a_documented_field() -> None:
    fields = {item.name: cls.__name__ for cls in MESSAGES for item in dataclasses.fields(cls)}
    read = fields_read_off_messages() & set(fields)
    missing = [name for name in sorted(read) if f"`{fields[name]}.{name}`" not in GUIDE]
    assert read, "the scan found no field the twins read"
    assert not missing, f"read by the twins, undocumented: {missing}"


@pytest.mark.parametrize(
    "identity",
    sorted(
        {
            *(identity for store in STORES.values() for name in store.listings if (identity := store.listing(name))),
            MY_RENAULT_WEB,
        },
        key=lambda identity: (identity.name, identity.publisher),
    ),
    ids=lambda identity: f"{identity.name}-{identity.publisher}",
)
def test_every_client_identity_the_twins_use_is_documented(identity: object) -> None:
    name, publisher = identity.name, identity.publisher  # type: ignore[attr-defined]
    assert f"| `{name}` | `{publisher}` |" in GUIDE, f"the client ({name}, {publisher}) is not in the clients' table"


@pytest.mark.parametrize("command", get_args(CommandName))
def test_the_service_each_command_needs_is_documented(command: str) -> None:
    cells = [
        f"`{COMMAND_SERVICES[brand][command]}`" if command in COMMAND_SERVICES[brand] else "—"
        for brand in ("ismart", "myrenault")
    ]
    row = next((line for line in GUIDE.splitlines() if line.startswith(f"| `{command}` |")), "")
    assert row, f"no row for the command `{command}`"
    assert [cell.strip().split(" ")[0] for cell in row.strip("|").split("|")[1:3]] == cells, row


@pytest.mark.parametrize(
    "channel", [name for name, _ in inspect.getmembers(Outbound, inspect.isfunction) if not name.startswith("_")]
)
def test_every_webhook_is_documented(channel: str) -> None:
    assert f"{{webhooks}}/{channel}`" in HTTP


def test_the_dealers_the_test_side_provisions_are_documented() -> None:
    assert f"`{MG_DEALER}N`" in GUIDE
    assert f"brand `{MG_DEALER_BRAND}`" in GUIDE
    assert "`POST /test/dealers`" in GUIDE
