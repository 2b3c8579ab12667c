"""A vendor's capability declaration file: the example ships the reference's, and a bad file is a
RigError naming it, never a run that silently tests nothing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from contract.capabilities import CapabilityDeclaration
from contract.codec import encode
from core.features import REPOSITORY
from core.verdicts import RigError
from reference import DECLARATION
from twinrig.declarations import load_declaration, write_declaration

EXAMPLE = REPOSITORY / "docs" / "examples" / "declaration.json"


def test_the_example_file_is_the_reference_declaration() -> None:
    assert load_declaration(EXAMPLE) == DECLARATION


def test_the_example_file_is_what_write_declaration_writes(tmp_path: Path) -> None:
    written = tmp_path / "declaration.json"
    write_declaration(written, DECLARATION)
    assert EXAMPLE.read_text(encoding="utf-8") == written.read_text(encoding="utf-8"), (
        "docs/examples/declaration.json is out of date: rewrite it with write_declaration(path, reference.DECLARATION)"
    )


def test_a_written_declaration_reads_back_equal(tmp_path: Path) -> None:
    renault_only = dataclasses.replace(
        DECLARATION,
        platform="Ærøskøbing Connected Cars",
        brands=["myrenault"],
        models=[model for model in DECLARATION.models if model.brand == "myrenault"],
        market_rules=[],
    )
    path = tmp_path / "vendor.json"
    write_declaration(path, renault_only)
    assert load_declaration(path) == renault_only
    assert "Ærøskøbing" in path.read_text(encoding="utf-8")


def _reference_data() -> dict[str, Any]:
    data = encode(DECLARATION)
    assert isinstance(data, dict)
    return data


def _without(key: str) -> dict[str, Any]:
    data = _reference_data()
    del data[key]
    return data


def _with(key: str, value: Any) -> dict[str, Any]:
    return {**_reference_data(), key: value}


def _write_json(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b'{"platform": "x", "brands": [', "not JSON", id="truncated-json"),
        pytest.param(b"platform: x\nbrands: [ismart]\n", "not JSON", id="yaml"),
        pytest.param(b"", "not JSON", id="empty-file"),
        pytest.param(b'{"platform": "Aar\xf8"}', "not UTF-8", id="latin-1"),
        pytest.param(_write_json(_without("brands")), "missing field 'brands'", id="missing-brands"),
        pytest.param(_write_json(_without("models")), "missing field 'models'", id="missing-models"),
        pytest.param(_write_json(_without("platform")), "missing field 'platform'", id="missing-platform"),
        pytest.param(_write_json(_with("brand", ["ismart"])), "unknown fields ['brand']", id="misspelt-field"),
        pytest.param(_write_json(_with("brands", "ismart")), "declaration.brands", id="brands-not-a-list"),
        pytest.param(_write_json([_reference_data()]), "expected an object", id="a-list"),
        pytest.param(_write_json(_with("brands", [])), "claims no brand", id="no-brands"),
        pytest.param(_write_json(_with("models", [])), "claims no car model", id="no-models"),
        pytest.param(
            _write_json({"platform": "p", "version": "1", "brands": [], "models": []}),
            "claims no brand",
            id="empty-declaration",
        ),
    ],
)
def test_a_bad_declaration_file_is_a_rig_error_naming_the_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "vendor-declaration.json"
    path.write_bytes(content)
    with pytest.raises(RigError) as raised:
        load_declaration(path)
    assert str(path) in str(raised.value)
    assert expected in str(raised.value)


def test_a_missing_declaration_file_is_a_rig_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "declaration.json"
    with pytest.raises(RigError, match="no such file") as raised:
        load_declaration(path)
    assert str(path) in str(raised.value)


def test_a_directory_is_not_a_declaration(tmp_path: Path) -> None:
    with pytest.raises(RigError, match="cannot be read") as raised:
        load_declaration(tmp_path)
    assert str(tmp_path) in str(raised.value)


def test_the_loaded_declaration_is_the_contract_type() -> None:
    declaration = load_declaration(EXAMPLE)
    assert isinstance(declaration, CapabilityDeclaration)
    assert declaration.claims_brand("ismart")
    assert declaration.claims_brand("myrenault")
