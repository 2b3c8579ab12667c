"""Turns the feature files of a brand into pytest-bdd tests, one per scenario.

Used by the modules in ``scenarios/``. Unlike pytest-bdd's ``scenarios()``, bad input loses
nothing: a malformed file or a repeated scenario name becomes a test of its own that ends in an
*error* verdict naming file and line, and every other scenario still runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_bdd import scenario

from core.features import FEATURES, PROBLEM, feature_files, load, relative, walk_problems
from core.gherkin import Reading
from core.verdicts import RigError
from reports.catalogue import load_catalogue


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    """What the plugin needs to know of a test: its *feature* file, scenario *name* and *tags*,
    the scenario's *line* and its example *rows*' lines, and the collection's one reading of the
    feature file (*gherkin*, for the run's Cucumber Messages)."""

    feature: str
    name: str
    tags: frozenset[str]
    line: int = 0
    rows: tuple[int, ...] = ()
    gherkin: Reading | None = field(default=None, compare=False, repr=False)

    def line_of(self, row: int | None) -> int:
        """Where the pickle of example *row* is (the scenario's line if it has no rows)."""
        return self.rows[row] if row is not None and row < len(self.rows) else self.line

    @property
    def requirements(self) -> list[str]:
        return sorted(tag.removeprefix("req:") for tag in self.tags if tag.startswith("req:"))

    def tag_values(self, prefix: str) -> list[str]:
        return sorted(tag.removeprefix(prefix + ":") for tag in self.tags if tag.startswith(prefix + ":"))


def collect(namespace: dict[str, Any], folder: str) -> None:
    """Put a test for every scenario of ``features/<folder>`` into *namespace* (a test module)."""
    collect_folder(namespace, FEATURES / folder)


def collect_paths(namespace: dict[str, Any], paths: list[Path]) -> None:
    """Put a test for every scenario of the feature files at *paths* (files, or folders of them)."""
    for path in paths:
        if path.is_dir():
            collect_folder(namespace, path)
        else:
            collect_files(namespace, [path], path.parent)


def collect_folder(namespace: dict[str, Any], folder: Path) -> None:
    """Put a test for every scenario under *folder*, and an error for each symlink loop in it."""
    slug = _unique(namespace, "test_" + _identifier(relative(folder)) + "__walk")
    for number, problem in enumerate(walk_problems(folder), start=1):
        namespace[f"{slug}_problem_{number}"] = _problem(relative(folder), problem)
    collect_files(namespace, feature_files(folder), folder)


def collect_files(namespace: dict[str, Any], paths: list[Path], base: Path) -> None:
    """Put a test for every scenario of the feature files *paths* (under *base*) into *namespace*."""
    requirements = frozenset(requirement.id for requirement in load_catalogue())
    for path in paths:
        feature = load(path, requirements)
        slug = _unique(namespace, "test_" + _identifier(path.relative_to(base).with_suffix("").as_posix()))
        for number, problem in enumerate(feature.problems, start=1):
            namespace[f"{slug}__problem_{number}"] = _problem(feature.relative, problem, feature.gherkin)
        # pytest-bdd keeps the last scenario of a name; bind that one, under its own tags.
        kept = {spec.name: spec for spec in feature.scenarios}
        for spec in kept.values():
            test = scenario(path.name, spec.name, features_base_dir=str(path.parent))(_nothing)
            ref = ScenarioRef(feature.relative, spec.name, spec.tags, spec.line, spec.rows, feature.gherkin)
            setattr(test, "twinrig", ref)  # noqa: B010
            namespace[_unique(namespace, f"{slug}__{_identifier(spec.name)}")] = test


def _nothing() -> None:
    """The body of a scenario test: pytest-bdd runs the steps before it."""


def _problem(feature: str, message: str, gherkin: Reading | None = None) -> Callable[[], None]:
    def test() -> None:
        raise RigError(message)

    test.twinrig = ScenarioRef(feature, PROBLEM, frozenset(), gherkin=gherkin)  # type: ignore[attr-defined]
    return test


def _unique(namespace: dict[str, Any], name: str) -> str:
    """*name*, or *name* with a number, so that no test replaces another in *namespace*."""
    candidate, number = name, 1
    while candidate in namespace:
        number += 1
        candidate = f"{name}_{number}"
    return candidate


def _identifier(text: str) -> str:
    return re.sub(r"\W+", "_", text.lower(), flags=re.ASCII).strip("_")
