"""The step library: one definition per step text, in three languages, for every feature."""

from __future__ import annotations

import re

import pytest

from reference import ReferenceFactory
from reports.catalogue import load_catalogue
from steps import LIBRARY
from steps.binding import has_bound
from steps.registry import StepLibrary
from steps.vocabulary import LANGUAGES, seconds_of
from twinrig.features import FEATURES, feature_files, load, undefined_steps
from twinrig.verdicts import PlatformBreakdown, RigError, Verdict, verdict_of
from twins.world import World


def test_every_step_has_a_phrase_in_every_language() -> None:
    assert len(LIBRARY) > 100
    for definition in LIBRARY:
        assert set(definition.phrases) == set(LANGUAGES), definition.name
        assert all(phrase.strip() for phrase in definition.phrases.values()), definition.name


@pytest.mark.parametrize("path", feature_files(), ids=lambda path: path.relative_to(FEATURES).as_posix())
def test_every_feature_is_well_formed_and_all_its_steps_are_defined(path) -> None:  # type: ignore[no-untyped-def]
    feature = load(path)
    assert feature.problems == []
    assert feature.scenarios
    assert undefined_steps(feature, LIBRARY) == []


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


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("72 hours", 259200),
        ("71 hours and 59 minutes", 259_140),
        ("71 timer og 59 minutter", 259_140),
        ("1 day and 23 hours", 169_200),
        ("30 sekunder", 30),
    ],
)
def test_durations_read_in_every_language(text: str, seconds: float) -> None:
    assert seconds_of(text) == seconds


def test_verdicts_and_their_allure_statuses() -> None:
    assert verdict_of(None) is Verdict.PASS
    assert verdict_of(AssertionError("no")) is Verdict.FAIL
    assert verdict_of(PlatformBreakdown("scan_qr", "boom")) is Verdict.ERROR
    assert verdict_of(KeyError("rig bug")) is Verdict.ERROR
    statuses = {verdict: verdict.allure_status for verdict in Verdict}
    assert statuses == {
        Verdict.PASS: "passed",
        Verdict.FAIL: "failed",
        Verdict.ERROR: "broken",
        Verdict.INCONCLUSIVE: "skipped",
    }


class CrashingScan:
    """A platform factory whose scan_qr crashes: a breakdown, not a refusal."""

    name = "crashing"

    def create(self, setup):  # type: ignore[no-untyped-def]
        platform = ReferenceFactory().create(setup)

        def scan_qr(request):  # type: ignore[no-untyped-def]
            raise RuntimeError("database down")

        platform.scan_qr = scan_qr  # type: ignore[method-assign]
        return platform


def test_a_crashing_operation_is_a_breakdown_naming_the_call() -> None:
    world = World(CrashingScan(), seed=2)
    with pytest.raises(PlatformBreakdown) as broken:
        has_bound(world, "user", "the car")
    assert broken.value.call == "scan_qr"
    assert "database down" in str(broken.value)
