"""``twinrig explore``: its actions are the library's steps in every language, one seed gives one
sequence, a finding is written as a feature that any runner plays, and that feature pins its cast."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.features import load
from core.seeds import scenario_seed
from core.verdicts import Verdict
from explore.actions import Action, Step, catalogue
from explore.gherkin import feature_text
from explore.session import Options, explore
from explore.trial import Finding
from reference.declaration import DECLARATION
from steps.registry import LIBRARY
from steps.vocabulary import LANGUAGES
from twinrig.runner import run_suite

ACTIONS = catalogue(DECLARATION, ("ismart", "myrenault"))


def _values(action: Action) -> list[dict[str, object]]:
    """Every value of every slot at least once, the others at their first."""
    first = {name: values[0] for name, values in action.slots.items()}
    combinations = [first]
    for name, values in action.slots.items():
        combinations += [first | {name: value} for value in values[1:]]
    return combinations


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: f"{action.name()}{list(action.fixed.values())}")
def test_every_action_reads_back_as_its_step_in_every_language(action: Action) -> None:
    for values, language in itertools.product(_values(action), LANGUAGES):
        text = action.text(values, language)  # type: ignore[arg-type]
        match = LIBRARY.match(text)
        assert match is not None, f"{language}: {text!r} is read by no step"
        assert match.definition is action.definition, f"{language}: {text!r} is read by {match.definition.name}"
        fixed = {name: value.texts[language] for name, value in action.fixed.items()}
        assert all(word in text for word in fixed.values()), text


def _action(start: str) -> Action:
    return next(action for action in ACTIONS if action.phrase.startswith(start))


def _finding() -> Finding:
    bind, scan = _action("{user:User} has bound"), _action('{user:User} presses "Bind"')
    people = dict(bind.slots)["user"]
    cars = dict(bind.slots)["car"]
    steps = (
        Step(bind, {"user": people[0], "car": cars[0]}),
        Step(scan, {"user": people[1], "car": cars[0]}),
    )
    return Finding("violation", "IS-USER-2", "IS-USER-2 (binding): a second user bound the car", steps, 1, seed=41)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_finding_is_a_well_formed_feature_with_its_requirement_and_seed(tmp_path: Path, language: str) -> None:
    path = tmp_path / f"found-{language}.feature"
    path.write_text(feature_text(_finding(), brand="ismart", seed=41, platform="mutant:x", language=language))
    feature = load(path)
    assert feature.problems == []
    assert feature.language == language
    (scenario,) = feature.scenarios
    assert {"req:IS-USER-2", "seed:41", "brand:ismart"} <= scenario.tags
    assert path.read_text().count("--seed 41 against mutant:x") == 1


def test_a_seed_tag_pins_the_scenario_seed_whatever_the_run_seed() -> None:
    assert scenario_seed(1, "f.feature", "s", {"seed:41"}) == scenario_seed(2, "g.feature", "t", {"seed:41"}) == 41
    assert scenario_seed(1, "f.feature", "s") != scenario_seed(2, "f.feature", "s")


def test_run_plays_the_feature_files_it_is_given_instead_of_the_suite(tmp_path: Path) -> None:
    path = tmp_path / "found.feature"
    path.write_text(feature_text(_finding(), brand="ismart", seed=41, platform="mutant:x"))
    result = run_suite("reference", 1, features=[path])
    (scenario,) = result.scenarios
    assert scenario.seed == 41
    assert scenario.requirements == ["IS-USER-2"]
    assert scenario.verdict in (Verdict.PASS, Verdict.FAIL)


@pytest.mark.end_to_end
def test_one_seed_gives_one_sequence_of_examples() -> None:
    first, again, other = (
        explore(Options("reference", seed=seed, examples=12, max_steps=8, brand="ismart", database=None, suite=False))
        for seed in (5, 5, 6)
    )
    assert first.logs["ismart"].sequence.hexdigest() == again.logs["ismart"].sequence.hexdigest()
    assert first.progress.actions == again.progress.actions
    assert first.logs["ismart"].sequence.hexdigest() != other.logs["ismart"].sequence.hexdigest()


@pytest.mark.end_to_end
def test_the_command_line_explores_the_same_sequence_as_the_library(tmp_path: Path) -> None:
    options = Options("reference", seed=5, examples=12, max_steps=8, brand="ismart", database=None, suite=False)
    in_process = explore(options).logs["ismart"].sequence.hexdigest()
    path = tmp_path / "explored.json"
    command = [str(Path(sys.executable).with_name("twinrig")), "explore", "--seed", "5", "--examples", "12"]
    command += ["--max-steps", "8", "--brand", "ismart", "--no-database", "--from-scratch", "--json", str(path)]
    subprocess.run(command, capture_output=True, check=True)
    assert json.loads(path.read_text(encoding="utf-8"))["sequence"] == {"ismart": in_process}
