"""Vehicle identification numbers (ISO 3779): the alphabet and the check digit in position 9.

A copy of the small check the twins use, so that the reference platform stands on its own.
"""

from __future__ import annotations

VIN_ALPHABET = frozenset("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")  # no I, O or Q
VIN_LENGTH = 17
_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def well_formed(vin: str) -> bool:
    """Whether *vin* has 17 characters, all from the VIN alphabet."""
    return len(vin) == VIN_LENGTH and all(char in VIN_ALPHABET for char in vin)


def check_digit(vin: str) -> str:
    """The check digit ("0"-"9" or "X") that position 9 of the well-formed *vin* must hold."""
    total = sum(_VALUES[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)
