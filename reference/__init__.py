"""The twinrig reference platform: the MG iSmart and My Renault rules, in-process, on a test clock.

``ReferenceFactory().create(setup)`` gives a fresh :class:`ReferencePlatform` that implements
:class:`contract.platform.Platform`.
"""

from __future__ import annotations

from reference.clock import TestClock, Timer
from reference.codes import CodeBook, CodePolicy
from reference.declaration import DECLARATION, VERSION
from reference.platform import ReferenceFactory, ReferencePlatform
from reference.policy import DEFAULT_POLICY, PlatformPolicy
from reference.records import AuditRecord

__version__ = VERSION

__all__ = [
    "DECLARATION",
    "DEFAULT_POLICY",
    "VERSION",
    "AuditRecord",
    "CodeBook",
    "CodePolicy",
    "PlatformPolicy",
    "ReferenceFactory",
    "ReferencePlatform",
    "TestClock",
    "Timer",
    "__version__",
]
