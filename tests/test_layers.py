"""The import rules of ARCHITECTURE.md that keep the judges independent of what they judge."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"contract", "spec", "explore", "reference", "mutants", "twins", "steps", "reports", "twinrig", "load"}
ALLOWED = {
    "spec": {"contract", "spec"},
    "contract": {"contract"},
    "reference": {"contract", "reference"},
    "twins": {"contract", "twins", "twinrig"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & FIRST_PARTY


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_what_its_layer_may(package: str) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = _imports(path) - ALLOWED[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


@pytest.mark.end_to_end
def test_nothing_below_the_command_line_imports_exploration() -> None:
    for package in FIRST_PARTY - {"explore"}:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() != "twinrig/cli.py":
                assert "explore" not in _imports(path), f"{path.relative_to(ROOT)} imports explore"
