"""What a mutant is: a variant of the reference platform that breaks one requirement."""

from __future__ import annotations

from dataclasses import dataclass

from contract.platform import PlatformFactory
from reference import PlatformPolicy, ReferenceFactory, ReferencePlatform


@dataclass(frozen=True, slots=True)
class Mutant:
    """A variant of the reference platform named *name* that breaks *requirement*.

    *description* says in a sentence what it does wrong; *factory* makes it, under the name
    ``"mutant:<name>"``. Running the suite against it should fail *requirement*; a mutant that
    passes is a hole in the suite.
    """

    name: str
    requirement: str
    description: str
    factory: PlatformFactory


def subclass_mutant(name: str, requirement: str, platform_class: type[ReferencePlatform]) -> Mutant:
    """A mutant that is the reference platform with one rule overridden by *platform_class*.

    The class's docstring is the mutant's description.
    """
    description = " ".join((platform_class.__doc__ or name).split())
    return Mutant(name, requirement, description, ReferenceFactory(f"mutant:{name}", platform_class))


def policy_mutant(name: str, requirement: str, description: str, policy: PlatformPolicy) -> Mutant:
    """A mutant that is the reference platform following *policy* instead of the default one."""
    return Mutant(name, requirement, description, ReferenceFactory(f"mutant:{name}", policy=policy))
