"""What each scenario exercises of the reference platform, and what a mutant changes of it.

One run of the suite against the reference records, per scenario, every attribute it reads of
the platform (its methods, properties and state, through the instance) and every field of the
platform's policy it reads (``registration_code.max_attempts``...). A mutant is the reference
with some attributes overridden by a subclass, or with some policy fields swapped: a scenario
that reads none of them plays against the mutant exactly as against the reference (every
scenario is deterministic, its seed its own), so it passes; only the scenarios that read what
the mutant changes can kill it. The record is cached under ``out/kill-selection/``, keyed by a
digest of the code between the scenarios and the platform and by the run's seed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

from contract.platform import PlatformFactory
from core.features import REPOSITORY
from core.hooks import hookimpl
from core.options import RunOptions
from core.results import ScenarioId, ScenarioResult
from reference import DEFAULT_POLICY, ReferenceFactory, ReferencePlatform
from twinrig import runner

CACHE = REPOSITORY / "out" / "kill-selection"
SOURCES = ("reference", "features", "steps", "scenarios", "twins", "contract", "core", "twinrig")
"""The folders whose files decide which platform attributes a scenario reads."""

_INERT = frozenset({"__module__", "__qualname__", "__doc__", "__firstlineno__", "__static_attributes__"})
"""Entries of a class's namespace that change nothing the platform does."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """Per scenario (by pytest node id, in the suite's order): its *requirements*, the platform
    attributes it reads (*names*) and the policy fields (*fields*); what was read outside any
    scenario (*everywhere_names*, *everywhere_fields*) counts for every scenario."""

    order: tuple[str, ...]
    requirements: dict[str, frozenset[str]]
    names: dict[str, frozenset[str]]
    fields: dict[str, frozenset[str]]
    everywhere_names: frozenset[str] = frozenset()
    everywhere_fields: frozenset[str] = frozenset()

    def own(self, requirement: str) -> list[str]:
        """The scenarios tagged with *requirement*, in the suite's order."""
        return [nodeid for nodeid in self.order if requirement in self.requirements[nodeid]]

    def reading(self, change: Change) -> list[str]:
        """The scenarios that read an attribute or a policy field *change* changes, in order."""
        if change.names & self.everywhere_names or _any_within(change.fields, self.everywhere_fields):
            return list(self.order)
        return [
            nodeid
            for nodeid in self.order
            if change.names & self.names[nodeid] or _any_within(change.fields, self.fields[nodeid])
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenarios": [
                {
                    "nodeid": nodeid,
                    "requirements": sorted(self.requirements[nodeid]),
                    "names": sorted(self.names[nodeid]),
                    "fields": sorted(self.fields[nodeid]),
                }
                for nodeid in self.order
            ],
            "everywhere_names": sorted(self.everywhere_names),
            "everywhere_fields": sorted(self.everywhere_fields),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exercise:
        scenarios = data["scenarios"]
        return cls(
            order=tuple(entry["nodeid"] for entry in scenarios),
            requirements={entry["nodeid"]: frozenset(entry["requirements"]) for entry in scenarios},
            names={entry["nodeid"]: frozenset(entry["names"]) for entry in scenarios},
            fields={entry["nodeid"]: frozenset(entry["fields"]) for entry in scenarios},
            everywhere_names=frozenset(data["everywhere_names"]),
            everywhere_fields=frozenset(data["everywhere_fields"]),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """What a mutant changes of the reference: the platform attributes its class overrides
    (*names*) and the policy fields whose values differ (*fields*, dotted paths)."""

    names: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()


def change_of(factory: PlatformFactory) -> Change | None:
    """What *factory* changes of the reference platform; None if it is not the reference's
    factory or changes it in a way no record shows (a special method: every scenario may see it)."""
    if not isinstance(factory, ReferenceFactory) or not issubclass(factory.platform_class, ReferencePlatform):
        return None
    reference = set(ReferencePlatform.__mro__)
    names: set[str] = set()
    for cls in factory.platform_class.__mro__:
        if cls in reference:
            continue
        for name, value in vars(cls).items():
            if name in _INERT:
                continue
            if name == "__init__":
                # what it sets or calls is read later through the names it uses
                code = getattr(value, "__code__", None)
                if code is None:
                    return None
                names.update(_code_names(code) - {"super", "__init__"})
                continue
            if name.startswith("__") and name.endswith("__"):
                return None
            names.add(name)
    return Change(frozenset(names), frozenset(_differences(DEFAULT_POLICY, factory.policy)))


def _code_names(code: CodeType) -> set[str]:
    """The names *code* uses, with those of the functions defined in it."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _code_names(const)
    return names


def _differences(reference: object, other: object, prefix: str = "") -> Iterator[str]:
    """The dotted paths of the fields where *other* differs from *reference* (dataclasses of the
    reference's, compared field by field)."""
    for item in dataclasses.fields(reference):  # type: ignore[arg-type]
        mine, theirs = getattr(reference, item.name), getattr(other, item.name)
        if mine == theirs:
            continue
        path = f"{prefix}{item.name}"
        if _ours(mine) and type(mine) is type(theirs):
            yield from _differences(mine, theirs, f"{path}.")
        else:
            yield path


def _ours(value: object) -> bool:
    """A policy of the reference's own (a dataclass of :mod:`reference`), read field by field."""
    ours = type(value).__module__.startswith("reference.")
    return ours and dataclasses.is_dataclass(value) and not isinstance(value, type)


def _any_within(changed: Iterable[str], read: frozenset[str]) -> bool:
    """Whether a field read is a changed one, or inside or around one."""
    return any(
        path in read or any(other.startswith(f"{path}.") or path.startswith(f"{other}.") for other in read)
        for path in changed
    )


def exercised(seed: int) -> Exercise:
    """The record of the suite's run against the reference with *seed*, from the cache if the
    sources are those it was made from; recorded (and cached) otherwise."""
    path = CACHE / f"{digest(seed)}.json"
    if path.is_file():
        return Exercise.from_json(json.loads(path.read_text(encoding="utf-8")))
    exercise = record(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(exercise.to_json()), encoding="utf-8")
    partial.replace(path)
    return exercise


def digest(seed: int) -> str:
    """A digest of the sources that decide what the scenarios read of the platform, and *seed*."""
    hashed = hashlib.sha256(f"seed {seed}\n".encode())
    for folder in SOURCES:
        for path in sorted((REPOSITORY / folder).rglob("*")):
            if path.suffix in (".py", ".feature") and path.is_file():
                hashed.update(str(path.relative_to(REPOSITORY)).encode())
                hashed.update(path.read_bytes())
    return hashed.hexdigest()[:24]


def record(seed: int) -> Exercise:
    """Run the suite against the reference with *seed*, in this process, and record what every
    scenario reads of the platform and its policy."""
    recorder = _Recorder()
    with recorder.reading():
        result = runner.run(RunOptions("reference", seed), handlers=[recorder])
    order = tuple(scenario.nodeid for scenario in result.scenarios)
    by_id = {scenario.nodeid: scenario for scenario in result.scenarios}
    return Exercise(
        order=order,
        requirements={nodeid: frozenset(by_id[nodeid].requirements) for nodeid in order},
        names={nodeid: frozenset(recorder.names.get(nodeid, ())) for nodeid in order},
        fields={nodeid: frozenset(recorder.fields.get(nodeid, ())) for nodeid in order},
        everywhere_names=frozenset(recorder.outside[0]),
        everywhere_fields=frozenset(recorder.outside[1]),
    )


@dataclass
class _Recorder:
    """A handler of the run's events that files what is read under the scenario being played
    (from its start to the next one's: a platform read after its verdict still counts for it)."""

    names: dict[str, set[str]] = field(default_factory=dict)
    fields: dict[str, set[str]] = field(default_factory=dict)
    outside: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))
    current: tuple[set[str], set[str]] | None = None

    @hookimpl
    def twinrig_scenario_started(self, scenario: ScenarioId, seed: int) -> None:
        self.current = (set(), set())

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        if self.current is not None:
            self.names[result.nodeid], self.fields[result.nodeid] = self.current

    def _now(self) -> tuple[set[str], set[str]]:
        return self.current if self.current is not None else self.outside

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Record, while inside, every attribute read of a reference platform and every field
        read of the default policy (and of the policies inside it)."""
        paths: dict[int, list[str]] = {}
        _paths(DEFAULT_POLICY, "", paths)
        classes = {type(DEFAULT_POLICY)} | {type(value) for value in _nested(DEFAULT_POLICY)}
        getattribute = object.__getattribute__
        recorder = self

        def platform_read(platform: object, name: str) -> Any:
            recorder._now()[0].add(name)
            return getattribute(platform, name)

        def policy_read(policy: object, name: str) -> Any:
            for prefix in paths.get(id(policy), ()):
                recorder._now()[1].add(prefix + name)
            return getattribute(policy, name)

        patched: list[type] = [ReferencePlatform, *classes]
        ReferencePlatform.__getattribute__ = platform_read  # type: ignore[method-assign]
        for cls in classes:
            cls.__getattribute__ = policy_read  # type: ignore[method-assign]
        try:
            yield
        finally:
            for cls in patched:
                del cls.__getattribute__


def _paths(policy: object, prefix: str, paths: dict[int, list[str]]) -> None:
    """File under each policy object's id the dotted prefixes it is reached by."""
    paths.setdefault(id(policy), []).append(prefix)
    for item in dataclasses.fields(policy):  # type: ignore[arg-type]
        value = getattr(policy, item.name)
        if _ours(value):
            _paths(value, f"{prefix}{item.name}.", paths)


def _nested(policy: object) -> Iterator[object]:
    for item in dataclasses.fields(policy):  # type: ignore[arg-type]
        value = getattr(policy, item.name)
        if _ours(value):
            yield value
            yield from _nested(value)


__all__ = ["CACHE", "Change", "Exercise", "change_of", "digest", "exercised", "record"]
