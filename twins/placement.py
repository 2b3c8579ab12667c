"""Where a car is sold: a market of its model whose declared law allows what the scenario needs.

The capability declaration says where each model is sold and which services the law of each
market excludes. A scenario that sends a car a command, or expects a service of it, needs that
service there; a car is placed in a market that allows it, or the scenario is not applicable.
"""

from __future__ import annotations

from collections.abc import Collection

from contract.capabilities import CapabilityDeclaration, ModelCapability


def allowing(declaration: CapabilityDeclaration, model: ModelCapability, needs: Collection[str]) -> list[str]:
    """The markets of *model*, in declared order, whose law excludes none of *needs* that the model offers."""
    wanted = set(needs) & set(model.services)
    return [market for market in model.markets if not wanted & set(declaration.excluded_in(market))]


def placement(declaration: CapabilityDeclaration, model: ModelCapability, needs: Collection[str], home: str) -> str:
    """The market a car of *model* is sold in ("" if none allows *needs*): among those that allow
    *needs*, *home* (the world's own country) or else the first whose law takes none of the model's
    services; failing that, *home* or the first that allows *needs*."""
    allowed = allowing(declaration, model, needs)
    unrestricted = [market for market in allowing(declaration, model, model.services) if market in allowed]
    for candidates in (unrestricted, allowed):
        if home in candidates:
            return home
        if candidates:
            return candidates[0]
    return ""


def refusal(declaration: CapabilityDeclaration, model: ModelCapability, needs: Collection[str], market: str) -> str:
    """Why *market* cannot sell a car of *model* that must offer *needs* ("" if it can)."""
    excluded = sorted(set(needs) & set(model.services) & set(declaration.excluded_in(market)))
    if not excluded:
        return ""
    return f"the declared law of {market} excludes {', '.join(excluded)}, which the scenario needs of the {model.name}"
