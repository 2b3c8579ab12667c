"""A vendor's capability declaration as a JSON file: reading it strictly, and writing it.

The file holds one :class:`contract.capabilities.CapabilityDeclaration` as ``contract.codec``
encodes it (``docs/examples/declaration.json`` is the reference platform's). Anything wrong with
it — a missing file, text that is not JSON, a field missing or unknown, or a declaration that
claims no brand or no model, or a declared value missing or outside its range
(:mod:`contract.values`) — is a :class:`RigError` naming the file: a run against a declaration
that claims nothing would test nothing and could still look clean.
"""

from __future__ import annotations

import json
from pathlib import Path

from contract.capabilities import CapabilityDeclaration
from contract.codec import ContractViolation, decode, encode
from core.verdicts import RigError


def load_declaration(path: Path) -> CapabilityDeclaration:
    """The capability declaration in the JSON file at *path*.

    Raises :class:`RigError`, naming *path*, when the file cannot be read, is not JSON, does not
    fit the contract, claims no brand or no model, or declares values that do not fit.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RigError(f"declaration {path}: no such file") from error
    except UnicodeDecodeError as error:
        raise RigError(f"declaration {path}: not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise RigError(f"declaration {path}: cannot be read ({error.strerror or error})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RigError(
            f"declaration {path}: not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from (error)
    try:
        declaration = decode(CapabilityDeclaration, data, "declaration")
    except ContractViolation as error:
        raise RigError(f"declaration {path}: does not fit the contract: {error}") from error
    if not declaration.brands:
        raise RigError(f"declaration {path}: claims no brand, so the suite would test nothing")
    if not declaration.models:
        raise RigError(f"declaration {path}: claims no car model, so the suite would test nothing")
    check_values(declaration, f"declaration {path}")
    return declaration


def check_values(declaration: CapabilityDeclaration, where: str) -> None:
    """Raise :class:`RigError`, naming *where*, listing every declared value of *declaration*
    that is missing for its claims or outside its range (field, range and source each)."""
    problems = declaration.value_problems()
    if problems:
        raise RigError(f"{where}: the declared values do not fit the manuals:\n  " + "\n  ".join(problems))


def write_declaration(path: Path, declaration: CapabilityDeclaration) -> None:
    """Write *declaration* to *path* as indented UTF-8 JSON that :func:`load_declaration` reads back."""
    text = json.dumps(encode(declaration), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
