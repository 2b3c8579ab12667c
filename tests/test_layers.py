"""The import contracts of pyproject.toml stay complete: what import-linter cannot check itself.

`lint-imports` (part of `make lint`) checks the imports against the contracts. A forbidden
contract names the packages it forbids, so a package added later would be allowed everywhere;
these tests keep every package in the graph and every "imports only" rule forbidding all the
others.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ONLY = {
    "contract imports nothing of the project": ("contract", set()),
    "spec imports contract only": ("spec", {"contract"}),
    "reference imports contract only": ("reference", {"contract"}),
    "mutants import reference and contract only": ("mutants", {"reference", "contract"}),
    "twins see the platform only through contract": ("twins", {"contract", "core"}),
    "core is the bottom: it imports nothing of the project": ("core", set()),
    "transport imports contract and core only": ("transport", {"contract", "core"}),
}
"""The forbidden contracts that stand for "imports only": their source and what it may import."""


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def _contracts() -> dict[str, dict[str, Any]]:
    return {contract["name"]: contract for contract in _pyproject()["tool"]["importlinter"]["contracts"]}


def test_the_contracts_see_every_package_of_the_project() -> None:
    project = _pyproject()
    packages = set(project["tool"]["setuptools"]["packages"])
    assert set(project["tool"]["importlinter"]["root_packages"]) == packages
    assert set(_contracts()["no import cycles between the modules (or subpackages) of a package"]["ancestors"]) == (
        packages
    )
    layers = _contracts()["the layers of ARCHITECTURE.md, top to bottom: no package imports one above it"]["layers"]
    assert {package for layer in layers for package in layer.split(" : ")} == packages


@pytest.mark.parametrize("name", sorted(ONLY))
def test_a_package_that_imports_only_some_forbids_every_other(name: str) -> None:
    source, allowed = ONLY[name]
    contract = _contracts()[name]
    packages = set(_pyproject()["tool"]["importlinter"]["root_packages"])
    assert (contract["type"], contract["source_modules"]) == ("forbidden", [source])
    assert set(contract["forbidden_modules"]) == packages - allowed - {source}
    assert "ignore_imports" not in contract
    assert not contract.get("allow_indirect_imports", False)
