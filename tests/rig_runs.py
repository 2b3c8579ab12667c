"""Runs of the whole suite that several test modules judge, each played once per test session.

A test module uses them with ``pytest_plugins = ["rig_runs"]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from commands.cli import main
from core.results import RunResult


@dataclass(frozen=True, slots=True)
class CliRun:
    """``twinrig run --json <path>`` against the reference: its exit *code*, *json* and *path*
    (its Allure results are in the folder ``allure-results`` beside *path*)."""

    code: int
    json: dict[str, Any]
    path: Path

    @property
    def result(self) -> RunResult:
        return RunResult.from_json(self.json)


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    target = tmp_path_factory.mktemp("cli_run") / "results.json"
    code = main(["run", "--json", str(target), "--allure", str(target.parent / "allure-results")])
    return CliRun(code, json.loads(target.read_text(encoding="utf-8")), target)
