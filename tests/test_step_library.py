"""The step library: ambiguity is an error, suggestions are readable, every tag is a requirement."""

from __future__ import annotations

import re

import pytest

from core.features import feature_files, load
from core.verdicts import RigError
from reports.catalogue import load_catalogue
from steps import LIBRARY
from steps.registry import StepLibrary


def test_every_requirement_tag_is_in_the_catalogue() -> None:
    known = {requirement.id for requirement in load_catalogue()}
    for path in feature_files():
        for scenario in load(path).scenarios:
            assert set(scenario.requirements) <= known, (path, scenario.name)
            assert scenario.requirements, (path, scenario.name)


def test_a_text_two_definitions_read_is_an_error() -> None:
    library = StepLibrary()
    library.define("given", en="{user:User} waits", da="x", no="y")(lambda world, user: None)
    library.define("given", en="the user waits", da="z", no="w")(lambda world: None)
    with pytest.raises(RigError, match="ambiguous"):
        library.match("the user waits")


def test_nearest_steps_are_readable_phrases() -> None:
    nearest = LIBRARY.nearest("the user scan the QR code on the car")
    assert nearest
    assert all("{" not in phrase for phrase in nearest)
    assert any(re.search("scans the QR code", phrase) for phrase in nearest)
