"""The step library: one library in three languages, where every text is read by one definition."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import parse
import pytest

from core.features import FEATURES, feature_files, load, undefined_steps
from steps import LIBRARY, vocabulary
from steps.bind_pytest_bdd import SCENARIO
from steps.registry import StepDefinition
from steps.vocabulary import LANGUAGES, types_for
from twinrig.runner import run_suite

FIELD = re.compile(r"\{(\w*)(?::(\w*))?\}")


def _first(words: Mapping[str, object]) -> str:
    return next(iter(words))


def samples(language: str) -> dict[str, str]:
    """A text for each field type of a phrase in *language*, taken from the vocabulary."""
    return {
        "User": _first(vocabulary.ROLES[language]),
        "Car": _first(vocabulary.CARS[language]),
        "Identifier": _first(vocabulary.IDENTIFIERS[language]),
        "Client": _first(vocabulary.CLIENTS[language]),
        "Channel": _first(vocabulary.CHANNELS),
        "Message": _first(vocabulary.MESSAGES[language]),
        "Service": _first(vocabulary.SERVICES),
        "VehicleId": _first(vocabulary.VEHICLE_IDS),
        "Entry": _first(vocabulary.ENTRY),
        "VinMistake": _first(vocabulary.VIN_MISTAKES),
        "Condition": _first(vocabulary.CONDITIONS),
        "Place": _first(vocabulary.PLACES),
        "Command": _first(vocabulary.COMMANDS),
        "Market": _first(vocabulary.MARKETS[language]),
        "PhoneOf": _first(vocabulary.PHONES[language]),
        "Declared": _first(vocabulary.DECLARED[language]),
        "TimeOfDay": "23:30",
        "Duration": {"en": "72 hours", "da": "72 timer", "no": "72 timer"}[language],
        "Code": "already_bound",
        "d": "6",
        "": "Sample text",
    }


def example(phrase: str, language: str) -> str:
    """*phrase* with every field filled with a sample of its type."""
    values = samples(language)

    def fill(field: re.Match[str]) -> str:
        kind = field.group(2) or ""
        assert kind in values, f"no sample for a field of type {kind!r} in {phrase!r}"
        return values[kind]

    return FIELD.sub(fill, phrase)


def _label(definition: StepDefinition) -> str:
    return f"{definition.name}:{definition.phrases['en']}"


DEFINITIONS = list(LIBRARY)


def test_the_library_is_not_empty() -> None:
    assert len(LIBRARY) == len(DEFINITIONS) >= 100


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_label)
def test_every_definition_reads_in_english_danish_and_norwegian(definition: StepDefinition) -> None:
    assert set(definition.phrases) == set(LANGUAGES) == {"en", "da", "no"}
    assert all(phrase.strip() for phrase in definition.phrases.values())
    assert definition.kind in {"given", "when", "then"}


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_label)
def test_every_phrase_of_a_definition_has_the_same_fields(definition: StepDefinition) -> None:
    """The function gets the same arguments whichever language the step is written in."""
    fields = {
        language: sorted((match.group(1), match.group(2) or "") for match in FIELD.finditer(phrase))
        for language, phrase in definition.phrases.items()
    }
    assert fields["da"] == fields["en"]
    assert fields["no"] == fields["en"]


@pytest.mark.parametrize("definition", DEFINITIONS, ids=_label)
def test_no_two_definitions_read_the_same_text(definition: StepDefinition) -> None:
    for language, phrase in definition.phrases.items():
        text = example(phrase, language)
        found = LIBRARY.match(text)  # a RigError if two definitions read it
        assert found is not None, f"{language}: {text!r} is read by no definition"
        assert found.definition is definition, f"{language}: {text!r} is read by {found.definition.name}"
        assert definition.parse(text) is not None


def test_matching_ignores_the_keyword_and_converts_the_fields() -> None:
    found = LIBRARY.match('the previous user is refused with "already_bound"')
    assert found is not None
    assert found.arguments == {"user": "previous", "code": "already_bound"}
    danish = LIBRARY.match("der går 71 timer og 59 minutter")
    assert danish is not None
    assert danish.arguments == {"duration": 71 * 3600 + 59 * 60}
    assert danish.definition.function.__name__ == "time_passes"


def test_a_text_no_definition_reads_matches_nothing() -> None:
    assert LIBRARY.match("the user teleports the car to the moon") is None


# --- the features of the repository ---------------------------------------------------------

FEATURE_FILES = feature_files(FEATURES)


def _relative(path: Path) -> str:
    return path.relative_to(FEATURES).as_posix()


def test_there_are_features_in_every_language() -> None:
    languages = {load(path).language for path in FEATURE_FILES}
    assert languages == {"en", "da", "no"}
    assert len(FEATURE_FILES) >= 20


@pytest.mark.parametrize("path", FEATURE_FILES, ids=_relative)
def test_every_step_of_every_feature_is_read_by_exactly_one_definition(path: Path) -> None:
    feature = load(path)
    assert feature.problems == []
    assert feature.scenarios
    assert undefined_steps(feature, LIBRARY) == []
    for scenario in feature.scenarios:
        for step in scenario.texts():
            readers = [definition for definition in DEFINITIONS if definition.parse(step.text) is not None]
            assert len(readers) == 1, f"{feature.relative}:{step.line}: {step.text!r} is read by {readers}"


@pytest.mark.parametrize("path", FEATURE_FILES, ids=_relative)
def test_every_step_reads_in_the_language_of_its_file(path: Path) -> None:
    feature = load(path)
    for scenario in feature.scenarios:
        for step in scenario.texts():
            found = LIBRARY.match(step.text)
            assert found is not None
            phrase = found.definition.phrases[feature.language]
            parser = parse.compile(phrase, extra_types=types_for(feature.language))
            assert parser.parse(step.text) is not None, (
                f"{feature.relative}:{step.line}: {step.text!r} is not the {feature.language} phrase {phrase!r}"
            )


# --- nearest steps --------------------------------------------------------------------------


def test_nearest_suggests_defined_phrases_like_the_text() -> None:
    nearest = LIBRARY.nearest('the user is refusd with "terms_not_accepted"')
    assert len(nearest) == 3
    assert '<user> is refused with "<code>"' in nearest
    readable = {
        FIELD.sub(lambda field: f"<{field.group(1)}>", phrase)
        for definition in DEFINITIONS
        for phrase in definition.phrases.values()
    }
    assert set(nearest) <= readable


def test_nearest_suggests_in_the_language_of_the_text() -> None:
    nearest = LIBRARY.nearest("der går 72 timmer")
    assert "der går <duration>" in nearest


def test_nearest_honours_the_count() -> None:
    assert len(LIBRARY.nearest("anything at all", count=5)) == 5


def test_pytest_bdd_finds_the_library_step_without_scanning_fixtures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every step the library reads gets its step at once; pytest-bdd's scan of every fixture
    name runs only for a text the library does not read (an undefined step, as before)."""
    scans: list[str] = []
    scan = SCENARIO.find_fixturedefs_for_step

    def counted(step: Any, fixturemanager: Any, node: Any) -> Any:
        scans.append(step.name)
        return scan(step=step, fixturemanager=fixturemanager, node=node)

    monkeypatch.setattr(SCENARIO, "find_fixturedefs_for_step", counted)
    played = run_suite(select="ismart and binding", allure=tmp_path / "allure")
    assert len(played.scenarios) > 10
    assert {result.verdict.value for result in played.scenarios} == {"pass"}
    assert scans == []
    feature = tmp_path / "undefined.feature"
    feature.write_text(
        "@brand:ismart @req:IS-BIND-1\nFeature: f\n  Scenario: s\n    Given nothing the library reads\n"
        "    Then nothing either\n",
        encoding="utf-8",
    )
    undefined = run_suite(features=[feature], allure=tmp_path / "undefined")
    assert [result.verdict.value for result in undefined.scenarios] == ["error"]
    assert "undefined step" in undefined.scenarios[0].message
    assert scans == ["nothing the library reads"]
