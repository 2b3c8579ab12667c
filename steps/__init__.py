"""The step library: importing this package registers every step in :data:`LIBRARY`."""

from __future__ import annotations

from steps import (
    account_features,
    accounts,
    binding,
    brands,
    confirmed_accounts,
    electric,
    faults,
    judgement,
    network,
    outcomes,
    renewal,
    security,
    support_contact,
    synchronisation,
    time,
    unbinding,
    vehicle,
)
from steps.registry import LIBRARY

__all__ = [
    "LIBRARY",
    "account_features",
    "accounts",
    "binding",
    "brands",
    "confirmed_accounts",
    "electric",
    "faults",
    "judgement",
    "network",
    "outcomes",
    "renewal",
    "security",
    "support_contact",
    "synchronisation",
    "time",
    "unbinding",
    "vehicle",
]
