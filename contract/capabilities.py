"""The capability declaration: what an implementation claims to support.

Compare the PICS of Matter and ISO/IEC 9646: a scenario whose brand, model service or optional
feature is not claimed is *not applicable* (an inconclusive verdict), never a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract.values import DeclaredValues, value_problems


@dataclass(frozen=True, slots=True)
class ModelCapability:
    """One car model: its *brand*, the *markets* it is sold in and the *services* it offers."""

    brand: str
    name: str
    markets: list[str]
    services: list[str]


@dataclass(frozen=True, slots=True)
class MarketRule:
    """The law of *market*: the *excluded* services may not be offered there, whatever the car has."""

    market: str
    excluded: list[str]


@dataclass(frozen=True, slots=True)
class CapabilityDeclaration:
    """Everything an implementation claims, echoed into every result and certificate: the
    brands, models, optional features and market rules (the PICS), and the declared *values*
    (the PIXIT)."""

    platform: str
    version: str
    brands: list[str]
    models: list[ModelCapability]
    features: list[str] = field(default_factory=list)
    market_rules: list[MarketRule] = field(default_factory=list)
    values: DeclaredValues = field(default_factory=DeclaredValues)
    """The platform's own values for what the manuals leave open (:mod:`contract.values`)."""

    def claims_brand(self, brand: str) -> bool:
        return brand in self.brands

    def claims_feature(self, feature: str) -> bool:
        return feature in self.features

    def value_problems(self) -> list[str]:
        """What is wrong with the declared values for these claims (empty: nothing)."""
        return value_problems(self.values, self.brands, self.features)

    def excluded_in(self, market: str) -> list[str]:
        """The services the law of *market* excludes."""
        return [service for rule in self.market_rules if rule.market == market for service in rule.excluded]

    def models_offering(self, brand: str, service: str | None = None) -> list[ModelCapability]:
        """The models of *brand* that offer *service* (all of the brand's models if None)."""
        return [
            model for model in self.models if model.brand == brand and (service is None or service in model.services)
        ]
