"""Exploration starts from the suite: every hand-written scenario is read as steps in every
language, its Background included, in an order one seed fixes; stretched past every open bound;
and every example ends by letting the owed messages and bounded times fall due."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.values import declared_as
from core.features import feature_files, load
from explore.actions import settling
from explore.corpus import LONGEST, MOST, UNJUDGED, digest, read, scenarios
from explore.session import Options, explore
from explore.trial import Trial
from reference import ReferenceFactory
from reference.declaration import DECLARATION
from spec.bounds import DEFAULT_BOUNDS
from steps.registry import LIBRARY
from steps.vocabulary import LANGUAGES

BOTH = ("ismart", "myrenault")
SUITE = scenarios(DECLARATION, BOTH, 1)


def _unjudged(texts: list[str]) -> bool:
    return any((match := LIBRARY.match(text)) is not None and match.definition.function in UNJUDGED for text in texts)


def test_every_scenario_of_the_suite_is_a_start_but_those_the_specification_cannot_judge_or_of_another_choice() -> None:
    expected = 0
    for path in feature_files():
        for spec in load(path).scenarios:
            lines = [line.text for line in spec.texts()]
            rows = len(spec.examples) or 1
            other_choice = any(
                declared_as(DECLARATION.values, tag.removeprefix("declared:")) is not None
                for tag in spec.tags
                if tag.startswith("declared:")
            )
            expected += 0 if _unjudged(lines) or other_choice else rows
    assert len(SUITE) == expected
    assert {scenario.brand for scenario in SUITE} == set(BOTH)


def test_every_step_of_the_suite_reads_back_as_its_step_in_every_language() -> None:
    for scenario in SUITE:
        for step in scenario.steps:
            for language in LANGUAGES:
                match = LIBRARY.match(step.text(language))
                assert match is not None, f"{scenario.feature}: {step.text(language)!r}"
                assert match.definition is step.action.definition, step.text(language)


def test_a_scenario_plays_its_background_first(tmp_path: Path) -> None:
    path = tmp_path / "background.feature"
    path.write_text(
        "Feature: F\n  Background:\n    Given the user has bound the car\n\n"
        "  Scenario: S\n    When the head unit of the car restarts\n    Then the car is bound to the user\n",
        encoding="utf-8",
    )
    (scenario,) = scenarios(DECLARATION, BOTH, 1, root=tmp_path)
    assert [step.text() for step in scenario.steps] == [
        "the user has bound the car",
        "the head unit of the car restarts",
        "the car is bound to the user",
    ]
    assert [step.text() for step in scenario.start] == [
        "the user has bound the car",
        "the head unit of the car restarts",
    ]


@pytest.mark.end_to_end
def test_one_seed_gives_one_order_of_the_suite() -> None:
    assert digest(SUITE) == digest(scenarios(DECLARATION, BOTH, 1))
    assert digest(SUITE) != digest(scenarios(DECLARATION, BOTH, 2))


def test_a_stretched_scenario_passes_every_open_bound() -> None:
    bounds = DEFAULT_BOUNDS
    longest = max(bounds.code_lifetime[1], bounds.unreachable_after[1], bounds.qr_lifetime[1])
    assert read(f"{LONGEST.texts['en']} pass") is not None
    assert int(LONGEST.key.split()[0]) * 3600 > max(longest, bounds.force_unbind_after).total_seconds()
    assert int(MOST.key) > bounds.wrong_attempts[1]
    stretched = [one for scenario in SUITE if (one := scenario.stretched()) is not None]
    assert stretched
    for one in stretched:
        texts = [step.text() for step in one.steps]
        assert any(LONGEST.texts["en"] in text or f" {MOST.key} times" in text for text in texts), texts
    plain = [s for s in SUITE if not any(word in step.text() for step in s.steps for word in ("pass", "times", "zone"))]
    assert plain
    assert all(scenario.stretched() is None for scenario in plain)


def test_an_example_ends_with_time_passing_and_everyone_looking_at_their_command() -> None:
    trial = Trial(ReferenceFactory(), "ismart", 3)
    assert [step.text() for step in settling(trial.world)] == ["2 hours pass"]
    for text in ("the user has bound the car", 'the user sends the remote command "lock" to the car'):
        step = read(text)
        assert step is not None
        assert trial.take(step) is None
    assert [step.text() for step in settling(trial.world)] == [
        "2 hours pass",
        "the user looks at the command in the app",
    ]


@pytest.mark.end_to_end
def test_the_reference_passes_the_whole_suite_and_its_stretched_variants_judged_by_the_manuals() -> None:
    report = explore(Options(examples=0, database=None))
    assert report.finding is None, report.finding and report.finding.message
    assert report.progress.examples == len(SUITE) + sum(scenario.stretched() is not None for scenario in SUITE)
