"""Vehicle identification numbers (ISO 3779): the alphabet, the check digit in position 9, and
whether a string is a VIN at all.

The one implementation: the reference platform checks VINs with it, the twins make them with it,
and the specification judges them with it.
"""

from __future__ import annotations

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O or Q
VIN_LENGTH = 17
CHECK_DIGIT_POSITION = 8  # position 9, counted from 0
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


def with_check_digit(vin: str) -> str:
    """The well-formed *vin* with its position 9 replaced by the check digit it must hold."""
    return vin[:CHECK_DIGIT_POSITION] + check_digit(vin) + vin[CHECK_DIGIT_POSITION + 1 :]


def is_valid_vin(vin: str) -> bool:
    """Whether *vin* is a VIN at all: well formed, with the right check digit in position 9."""
    return well_formed(vin) and vin[CHECK_DIGIT_POSITION] == check_digit(vin)
