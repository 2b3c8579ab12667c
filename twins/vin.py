"""Vehicle identification numbers (ISO 3779) with the check digit in position 9."""

from __future__ import annotations

import random

_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O or Q
_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(vin: str) -> str:
    """The check digit ("0"-"9" or "X") that position 9 of *vin* must hold."""
    total = sum(_VALUES[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def make_vin(rng: random.Random, wmi: str) -> str:
    """A valid 17-character VIN from manufacturer code *wmi*, drawn from *rng*."""
    body = wmi + "".join(rng.choice(_ALPHABET) for _ in range(17 - len(wmi)))
    vin = body[:8] + "0" + body[9:17]
    return vin[:8] + check_digit(vin) + vin[9:]


def is_valid_vin(vin: str) -> bool:
    """True when *vin* has 17 allowed characters and a correct check digit."""
    if len(vin) != 17 or any(char not in _ALPHABET for char in vin):
        return False
    return vin[8] == check_digit(vin)
