"""The rules, one module per area; importing this package registers them all."""

from __future__ import annotations

from spec.model import Model
from spec.rules import (
    accounts,
    commands,
    common,
    ismart_binding,
    ismart_dealer,
    ismart_force,
    ismart_unbinding,
    ismart_vehicle,
    myrenault_accounts,
    myrenault_cross_brand,
    myrenault_dealers,
    myrenault_ev,
    myrenault_sync,
    myrenault_vehicle,
    sessions,
)

__all__ = [
    "abstract_state",
    "accounts",
    "commands",
    "common",
    "ismart_binding",
    "ismart_dealer",
    "ismart_force",
    "ismart_unbinding",
    "ismart_vehicle",
    "myrenault_accounts",
    "myrenault_cross_brand",
    "myrenault_dealers",
    "myrenault_ev",
    "myrenault_sync",
    "myrenault_vehicle",
    "sessions",
]


def abstract_state(model: Model) -> tuple[object, ...]:
    """An abstract, hashable summary of *model*: each part's own summary, by name."""
    summaries: list[object] = [len(model.sessions)]
    for name in sorted(model.parts):
        part = model.parts[name]
        summarise = getattr(part, "summary", None)
        summaries.append((name, summarise() if summarise is not None else None))
    return tuple(summaries)
