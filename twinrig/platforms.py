"""Resolves a platform spec ("reference", "mutant:<name>", "variant:<name>") to a platform factory."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from contract import CapabilityDeclaration, PlatformFactory
from core.options import DEADLINE, MAX_REPLY
from core.verdicts import RigError
from mutants import mutant
from reference import ReferenceFactory
from reference.variants import variant
from transport.http_platform import HttpFactory


def resolve(
    spec: str,
    deadline: float = DEADLINE,
    declaration: CapabilityDeclaration | None = None,
    max_reply: int = MAX_REPLY,
    token: str = "",
) -> PlatformFactory:
    """The factory named by *spec*: the embedded reference platform, the reference following the
    vendor's *declaration* (``reference:declared``, its values in place of its own), one of its
    mutants, one of its conformant variants (:mod:`reference.variants`), or a platform served at an
    ``http://`` URL (*token*: the bearer token its test side needs)."""
    if spec.startswith(("http://", "https://")):
        return HttpFactory(spec, deadline, max_reply=max_reply, token=token)
    if spec == "reference":
        return ReferenceFactory()
    if spec == "reference:declared":
        if declaration is None:
            raise RigError("the platform 'reference:declared' needs a declaration file (--declaration FILE)")
        return ReferenceFactory.declared(declaration)
    if spec.startswith("mutant:"):
        try:
            return mutant(spec.removeprefix("mutant:")).factory
        except KeyError as missing:
            raise RigError(f"no mutant called {spec.removeprefix('mutant:')!r}") from missing
    if spec.startswith("variant:"):
        try:
            return variant(spec.removeprefix("variant:"))
        except KeyError as missing:
            raise RigError(f"no variant called {spec.removeprefix('variant:')!r}") from missing
    raise RigError(
        f"unknown platform {spec!r}: use 'reference', 'reference:declared', 'mutant:<name>', 'variant:<name>' "
        "or an http:// URL"
    )


def with_command_timeout(factory: PlatformFactory, seconds: float) -> PlatformFactory:
    """*factory* with remote commands ending ``car_unreachable`` after *seconds* (D-REL-1's bound
    wait, shortened for a load run that keeps real time); only the reference and its mutants."""
    return _with_policy(factory, "--command-timeout", seconds, command_timeout=timedelta(seconds=seconds))


def with_command_retention(factory: PlatformFactory, seconds: float) -> PlatformFactory:
    """*factory* forgetting each remote command *seconds* after its time-out (a long load run's
    memory stays flat); only the reference and its mutants."""
    return _with_policy(factory, "--command-retention", seconds, command_retention=timedelta(seconds=seconds))


def _with_policy(factory: PlatformFactory, option: str, seconds: float, **changes: Any) -> PlatformFactory:
    if not isinstance(factory, ReferenceFactory) or seconds <= 0:
        raise RigError(f"{option} needs the reference or a mutant, and a positive number of seconds")
    return dataclasses.replace(factory, policy=dataclasses.replace(factory.policy, **changes))
