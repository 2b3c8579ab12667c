"""VINs (contract.vin): the ISO 3779 check digit, what is a VIN at all, and the twins' VINs."""

from __future__ import annotations

import random

import pytest

from contract.vin import VIN_ALPHABET, check_digit, is_valid_vin, well_formed, with_check_digit
from twins.vin import make_vin

ISO_EXAMPLE = "1M8GDM9AXKP042788"  # the standard's worked example: its check digit is X


@pytest.mark.parametrize(
    ("vin", "digit"),
    [(ISO_EXAMPLE, "X"), ("11111111111111111", "1"), ("VF1RFB001N0000001", "1"), ("VF1AG000600000003", "6")],
)
def test_the_check_digit_is_the_weighted_sum_modulo_11(vin: str, digit: str) -> None:
    assert check_digit(vin) == digit


def test_the_check_digit_ignores_position_9_itself() -> None:
    assert {check_digit(ISO_EXAMPLE[:8] + char + ISO_EXAMPLE[9:]) for char in "0123456789X"} == {"X"}


def test_a_vin_has_17_characters_without_i_o_or_q() -> None:
    assert well_formed(ISO_EXAMPLE)
    assert not well_formed(ISO_EXAMPLE[:16])
    assert not well_formed(ISO_EXAMPLE + "1")
    assert not {"I", "O", "Q"} & set(VIN_ALPHABET)
    assert [well_formed(ISO_EXAMPLE[:10] + char + ISO_EXAMPLE[11:]) for char in "IOQa-"] == [False] * 5


def test_a_valid_vin_is_well_formed_with_its_check_digit() -> None:
    assert is_valid_vin(ISO_EXAMPLE)
    assert not is_valid_vin(ISO_EXAMPLE[:8] + "9" + ISO_EXAMPLE[9:])
    assert not is_valid_vin(ISO_EXAMPLE[:10] + "O" + ISO_EXAMPLE[11:])
    assert not is_valid_vin("")


def test_with_check_digit_puts_the_right_digit_in_position_9() -> None:
    assert with_check_digit(ISO_EXAMPLE[:8] + "0" + ISO_EXAMPLE[9:]) == ISO_EXAMPLE
    assert with_check_digit("LSJW2400000000007")[8] == check_digit("LSJW2400000000007")


def test_the_twins_make_valid_vins_of_their_maker_alike_for_a_seed() -> None:
    vins = [make_vin(random.Random(seed), "VF1") for seed in range(200)]
    assert all(is_valid_vin(vin) and vin.startswith("VF1") for vin in vins)
    assert len(set(vins)) == 200
    assert make_vin(random.Random(7), "LSJ") == make_vin(random.Random(7), "LSJ")
