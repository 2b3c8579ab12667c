"""Whether a scenario applies to a platform: what its declaration claims, and nothing else.

A scenario tagged ``@brand:X`` applies only to a platform that claims brand X, one tagged
``@capability:Y`` only to one that claims the optional feature Y (compare the PICS of Matter and
ISO/IEC 9646). The scenario life skips a scenario that does not apply, as *not applicable*; the
certificate asks the same question of the declaration it carries, so "not applicable" there
comes from the declaration, never from how a scenario happened to end.
"""

from __future__ import annotations

from collections.abc import Iterable

from contract.capabilities import CapabilityDeclaration
from contract.values import declared_as


def _values(tags: Iterable[str], prefix: str) -> list[str]:
    return sorted(tag.removeprefix(f"{prefix}:") for tag in tags if tag.startswith(f"{prefix}:"))


def not_applicable(tags: Iterable[str], declaration: CapabilityDeclaration) -> str | None:
    """Why a scenario with *tags* (without ``@``) does not apply to a platform that made
    *declaration*; None when it applies."""
    tags = list(tags)
    for brand in _values(tags, "brand"):
        if not declaration.claims_brand(brand):
            return f"not applicable: the platform does not claim brand {brand!r}"
    for capability in _values(tags, "capability"):
        if not declaration.claims_feature(capability):
            return f"not applicable: the platform does not claim capability {capability!r}"
    for claim in _values(tags, "declared"):
        instead = declared_as(declaration.values, claim)
        if instead is not None:
            return f"not applicable: the platform declares {instead}, not {claim}"
    return None
