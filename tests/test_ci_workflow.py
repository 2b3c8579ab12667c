"""The CI workflow example: valid YAML whose commands exist (make targets, twinrig subcommands and flags)."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from commands.cli import main
from core.features import REPOSITORY

WORKFLOW = REPOSITORY / ".github" / "workflows" / "conformance.yml"


def commands() -> list[list[str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    return [shlex.split(line) for step in steps if "run" in step for line in step["run"].splitlines() if line.strip()]


def test_the_workflow_runs_the_suite_reports_keeps_history_and_publishes() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(workflow[True])  # YAML 1.1 reads the key "on" as True
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(action.startswith("actions/cache/restore@") for action in uses)
    assert any(action.startswith("actions/cache/save@") for action in uses)
    assert any(action.startswith("actions/upload-artifact@") for action in uses)
    run = [command for command in commands() if command[:1] == ["make"]]
    assert ["make", "run"] in run
    assert any(command[1:2] == ["report"] for command in commands() if command[0].endswith("twinrig"))


def test_the_workflow_names_only_commands_that_exist(capsys: pytest.CaptureFixture[str]) -> None:
    targets = set(re.findall(r"^([a-z]+):", (REPOSITORY / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    for command in commands():
        if command[0] == "make":
            assert set(command[1:]) <= targets, command
            continue
        assert command[0] == ".venv/bin/twinrig", command
        with pytest.raises(SystemExit) as done:
            main([command[1], "--help"])
        assert done.value.code == 0, command
        usage = capsys.readouterr().out
        for flag in (word for word in command[2:] if word.startswith("--")):
            assert flag in usage, f"twinrig {command[1]} has no {flag}"
