"""The declared values of a certificate's declaration, one row each, for the certificate to list.

Each row names a value of :data:`contract.values.DECLARABLE`, what the platform declared (or
"not declared"), the allowed range and the manuals' source, so that a reader of the certificate
sees the numbers the suite tested the platform at.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract.values import DECLARABLE

NOT_DECLARED = "not declared"


def declared_value_rows(declaration: Mapping[str, Any]) -> list[dict[str, str]]:
    """A row per declarable value of the encoded *declaration*: ``name``, ``value``, ``allowed``,
    ``means`` and ``source``, in the order of :data:`contract.values.DECLARABLE`."""
    values = declaration.get("values") or {}
    return [
        {
            "name": row.name,
            "value": _shown(values.get(row.name), row.unit),
            "allowed": row.allowed,
            "means": row.means,
            "source": row.source,
        }
        for row in DECLARABLE
    ]


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return NOT_DECLARED
    if isinstance(value, bool):
        return "true" if value else "false"
    if unit == "seconds" and isinstance(value, int) and value % 60 == 0:
        return f"{value} seconds ({value // 60} minutes)"
    return f"{value} {unit}".rstrip()
