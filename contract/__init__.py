"""The platform contract: operations, outbound messages, test clock, capability declaration.

Everything twinrig knows about a platform is in this package; nothing here knows twinrig.
"""

from __future__ import annotations

from contract.capabilities import CapabilityDeclaration, ModelCapability
from contract.errors import ErrorCode, PlatformError
from contract.outbound import Outbound
from contract.platform import Platform, PlatformFactory, Setup

__all__ = [
    "CapabilityDeclaration",
    "ErrorCode",
    "ModelCapability",
    "Outbound",
    "Platform",
    "PlatformError",
    "PlatformFactory",
    "Setup",
]
