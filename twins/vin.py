"""Making vehicle identification numbers for casting: drawn at random, valid by contract.vin."""

from __future__ import annotations

import random

from contract.vin import VIN_ALPHABET, VIN_LENGTH, with_check_digit


def make_vin(rng: random.Random, wmi: str) -> str:
    """A valid 17-character VIN from manufacturer code *wmi*, drawn from *rng*."""
    return with_check_digit(wmi + "".join(rng.choice(VIN_ALPHABET) for _ in range(VIN_LENGTH - len(wmi))))
