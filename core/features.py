"""Feature files as the rig reads them: parsed, checked, and searched for their scenarios.

pytest-bdd and behave each parse features too; this module is the rig's own reading, used to
reject bad input with a clear message before any runner sees it (a malformed file names its
file and line; two scenarios with one name in a file are an error, not a silent drop) and to
list scenarios and their tags without running anything (traceability, step catalogue). The one
parse of a file is kept as its :class:`core.gherkin.Reading` (source, gherkinDocument, pickles),
which a run keeps for its Cucumber Messages.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from core import feature_checks
from core.gherkin import Node, Reading, read


class StepLibrary(Protocol):
    """What reading a feature file needs of a step library: whether a text matches a step, and
    the defined phrases nearest to one that does not."""

    def match(self, text: str) -> object | None: ...

    def nearest(self, text: str, count: int = 3) -> list[str]: ...


REPOSITORY = Path(__file__).resolve().parent.parent
FEATURES = REPOSITORY / "features"


PROBLEM = "(feature file problem)"
"""The name of the result of a feature file problem (a result of its own, an error), in both runners."""


@dataclass(frozen=True, slots=True)
class StepLine:
    """A step as written: its *line*, *keyword* and *text* (an outline's, with <params>)."""

    line: int
    keyword: str
    text: str


@dataclass(frozen=True, slots=True)
class ScenarioSpec:
    """A scenario (or outline) of a feature file, with the tags it inherits."""

    name: str
    line: int
    tags: frozenset[str]
    steps: tuple[StepLine, ...]
    examples: tuple[dict[str, str], ...] = ()
    rows: tuple[int, ...] = ()
    """The line of each example row of *examples* (where Cucumber locates its pickle)."""
    background: tuple[StepLine, ...] = ()
    """The steps of the Backgrounds (the feature's, then its rule's) that run before *steps*."""
    description: str = ""
    """The text under the scenario's title, dedented."""

    @property
    def requirements(self) -> list[str]:
        return sorted(tag.removeprefix("req:") for tag in self.tags if tag.startswith("req:"))

    def texts(self) -> Iterator[StepLine]:
        """Every step as it will run: an outline's steps once per example row."""
        for row in self.examples or ({},):
            for step in self.background + self.steps:
                yield StepLine(step.line, step.keyword, _render(step.text, row))


@dataclass(slots=True)
class FeatureFile:
    """One parsed feature file: its scenarios, or the *problems* that stop it from running."""

    path: Path
    gherkin: Reading | None = None
    """The file as Cucumber's tools see it (:mod:`core.gherkin`): the one reading of it."""
    name: str = ""
    language: str = "en"
    description: str = ""
    """The text under the feature's title, dedented."""
    scenarios: list[ScenarioSpec] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stopped: dict[int, list[str]] = field(default_factory=dict)
    """The problems of each scenario (by its line) left out of *scenarios* for them."""

    @property
    def relative(self) -> str:
        return relative(self.path)


def relative(path: Path) -> str:
    """*path* relative to the repository; a file outside it by its absolute path (whatever the current folder)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(REPOSITORY).as_posix()
    except ValueError:
        return resolved.as_posix()


def feature_files(root: Path = FEATURES) -> list[Path]:
    """The feature files under *root* in behave's order: a folder's own files by name, then its subfolders'."""
    return feature_checks.walk(root)[0]


def walk_problems(root: Path = FEATURES) -> list[str]:
    """What stops the walk over *root* from seeing every feature file (a symlink loop)."""
    return [str(problem) for problem in feature_checks.walk(root)[1]]


def load(path: Path, requirements: frozenset[str] | None = None) -> FeatureFile:
    """Parse *path*; a malformed file or a repeated scenario name is reported in *problems*, and
    so is each problem of :func:`core.feature_checks.check` (and a ``@req`` outside
    *requirements*, when given): a scenario with a problem is left out of *scenarios*."""
    feature = _load(path, requirements)
    if feature.gherkin is not None:
        _LATEST[path.resolve()] = feature
    return feature


def latest(path: Path) -> FeatureFile:
    """The last reading of *path* by :func:`load` in this process if the file still says the
    same, else a new one: the reports read the files the runner read, without parsing them again."""
    found = _LATEST.get(path.resolve())
    if found is not None and found.gherkin is not None:
        try:
            if path.read_text(encoding="utf-8") == found.gherkin.source:
                return found
        except (OSError, UnicodeDecodeError):
            pass
    return load(path)


_LATEST: dict[Path, FeatureFile] = {}


def _load(path: Path, requirements: frozenset[str] | None) -> FeatureFile:
    feature = FeatureFile(path)
    text, unreadable = feature_checks.read(path, feature.relative)
    if text is None:
        feature.problems = [str(problem) for problem in unreadable]
        return feature
    feature.gherkin = reading = read(feature.relative, text)
    if reading.document is None:
        feature.problems = [_located(feature, error) for error in reading.errors]
        return feature
    body = reading.document.get("feature")
    if body is None:
        feature.problems = [f"{feature.relative}:1: the file has no Feature"]
        return feature
    feature.name, feature.language = body["name"], body["language"]
    feature.description = _description(body)
    tags = _tags(body)
    background = _background(body["children"])
    for child in body["children"]:
        if "rule" in child:
            rule_tags = tags | _tags(child["rule"])
            inner = child["rule"]["children"]
            feature.scenarios += [
                _scenario(item["scenario"], rule_tags, background + _background(inner))
                for item in inner
                if "scenario" in item
            ]
        elif "scenario" in child:
            feature.scenarios.append(_scenario(child["scenario"], tags, background))
    document = reading.document
    checked = feature_checks.check(document, feature.relative, text)
    if requirements is not None:
        checked += feature_checks.unknown_requirements(document, feature.relative, requirements)
    for problem in checked:
        if problem.scenario is not None:
            feature.stopped.setdefault(problem.scenario, []).append(str(problem))
    feature.scenarios = [spec for spec in feature.scenarios if spec.line not in feature.stopped]
    feature.problems = _duplicates(feature) + [str(problem) for problem in checked]
    return feature


def undefined_steps(feature: FeatureFile, library: StepLibrary) -> list[str]:
    """One message per step of *feature* that no definition reads, naming the nearest ones."""
    messages = []
    for scenario in feature.scenarios:
        seen: set[str] = set()
        for step in scenario.texts():
            if step.text in seen or library.match(step.text) is not None:
                continue
            seen.add(step.text)
            messages.append(undefined_message(feature.relative, step.line, step.keyword + step.text, library))
    return messages


def undefined_message(where: str, line: int, text: str, library: StepLibrary) -> str:
    nearest = "; ".join(f'"{phrase}"' for phrase in library.nearest(text))
    return f"{where}:{line}: undefined step {text.strip()!r}. Nearest defined steps: {nearest}"


def _located(feature: FeatureFile, error: Node) -> str:
    location = error["source"]["location"] or {}
    message = re.sub(r"^\(\d+:\d+\): ", "", error["message"])
    return f"{feature.relative}:{location.get('line', 1)}: malformed feature: {message}"


def _tags(node: dict[str, Any]) -> frozenset[str]:
    return frozenset(tag["name"].lstrip("@") for tag in node.get("tags", []))


def _step_lines(node: dict[str, Any]) -> tuple[StepLine, ...]:
    return tuple(StepLine(s["location"]["line"], s["keyword"], s["text"]) for s in node["steps"])


def _background(children: list[dict[str, Any]]) -> tuple[StepLine, ...]:
    return next((_step_lines(child["background"]) for child in children if "background" in child), ())


def _scenario(node: dict[str, Any], inherited: frozenset[str], background: tuple[StepLine, ...]) -> ScenarioSpec:
    steps = _step_lines(node)
    examples: list[dict[str, str]] = []
    rows: list[int] = []
    for block in node.get("examples", []):
        header = [cell["value"] for cell in block.get("tableHeader", {}).get("cells", [])]
        for row in block.get("tableBody", []):
            examples.append(dict(zip(header, (cell["value"] for cell in row["cells"]), strict=True)))
            rows.append(row["location"]["line"])
    return ScenarioSpec(
        node["name"],
        node["location"]["line"],
        inherited | _tags(node),
        steps,
        tuple(examples),
        tuple(rows),
        background,
        _description(node),
    )


def _description(node: dict[str, Any]) -> str:
    return textwrap.dedent(node.get("description", "")).strip()


def _duplicates(feature: FeatureFile) -> list[str]:
    first_line: dict[str, int] = {}
    problems = []
    for scenario in feature.scenarios:
        if scenario.name in first_line:
            problems.append(
                f"{feature.relative}:{scenario.line}: duplicate scenario name {scenario.name!r} "
                f"(first at line {first_line[scenario.name]}); pytest-bdd runs only the last of a name: rename one"
            )
        first_line.setdefault(scenario.name, scenario.line)
    return problems


def _render(text: str, row: dict[str, str]) -> str:
    for key, value in row.items():
        text = text.replace(f"<{key}>", value)
    return text
