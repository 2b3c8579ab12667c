"""The QA guide's worked example runs as written, and the step catalogue reads back its examples."""

from __future__ import annotations

import json
import re

import pytest
from rig_project import run_rig

from commands.cli import main
from core.features import REPOSITORY
from steps import LIBRARY
from steps.catalogue import catalogue

pytest_plugins = ["pytester"]

GUIDE = REPOSITORY / "docs" / "qa-guide.md"


def test_the_worked_example_of_the_qa_guide_passes(pytester: pytest.Pytester) -> None:
    [example] = re.findall(r"```gherkin\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    run = run_rig(pytester, {"rebinding.feature": example})
    [result] = run.named("A user who unbound the car binds it again")
    assert result["verdict"] == "pass", result["message"]
    assert result["requirements"] == ["IS-BIND-3", "IS-UNBIND-3"]


def test_every_catalogue_example_is_read_by_its_own_step_in_every_language() -> None:
    entries = catalogue()
    assert len(entries) == len(LIBRARY)
    for entry in entries:
        for language, text in entry.examples.items():
            found = LIBRARY.match(text)
            assert found is not None, (language, text)
            assert found.definition is entry.definition, (language, text)
            assert (
                found.language == language
                or entry.definition.phrases[found.language] == entry.definition.phrases[language]
            )


def test_the_steps_command_prints_every_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "--json", "--language", "da,no"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed) == len(LIBRARY)
    assert all(set(item["phrases"]) == {"da", "no"} for item in printed)
    assert main(["steps", "--language", "xx"]) == 2
