"""The step library: importing this package registers every step in :data:`LIBRARY`."""

from __future__ import annotations

from steps import accounts, binding, outcomes, support_contact, time, unbinding, vehicle
from steps.registry import LIBRARY

__all__ = ["LIBRARY", "accounts", "binding", "outcomes", "support_contact", "time", "unbinding", "vehicle"]
