"""Mutants: variants of the reference platform that each break one requirement.

Running the suite against every mutant gives a kill table; a mutant that survives is a hole
in the suite. ``MUTANTS`` lists them all; ``mutant(name)`` finds one.
"""

from __future__ import annotations

from mutants.base import Mutant
from mutants.combinations import COMBINATION_MUTANTS
from mutants.declared import DECLARED_VALUE_MUTANTS
from mutants.ismart import ISMART_MUTANTS
from mutants.manuals import MANUAL_MUTANTS
from mutants.myrenault import MYRENAULT_MUTANTS
from mutants.reliability import RELIABILITY_MUTANTS
from mutants.security import SECURITY_MUTANTS

MUTANTS: tuple[Mutant, ...] = (
    ISMART_MUTANTS
    + MYRENAULT_MUTANTS
    + RELIABILITY_MUTANTS
    + SECURITY_MUTANTS
    + MANUAL_MUTANTS
    + COMBINATION_MUTANTS
    + DECLARED_VALUE_MUTANTS
)


def mutant(name: str) -> Mutant:
    """The mutant called *name* (without the ``mutant:`` prefix); :class:`KeyError` if none."""
    for candidate in MUTANTS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no mutant {name!r}; known: {', '.join(m.name for m in MUTANTS)}")


__all__ = ["MUTANTS", "Mutant", "mutant"]
