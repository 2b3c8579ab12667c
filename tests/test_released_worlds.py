"""A run keeps its scenarios' results, not their worlds: memory does not grow with the suite."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from core.hooks import hookimpl
from core.options import RunOptions
from core.results import ScenarioResult
from twinrig.runner import run
from twins.world import World


class LivingWorlds:
    """A handler that counts the worlds made during the run still alive as every *every*-th
    scenario ends (after a full collection, which late in a big test session is slow: a world
    kept only by a reference cycle is not alive)."""

    def __init__(self, every: int = 3) -> None:
        self.made: weakref.WeakSet[World] = weakref.WeakSet()
        self.every = every
        self.ended = 0
        self.counts: list[int] = []

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.ended += 1
        if self.ended % self.every == 0:
            gc.collect()
            self.counts.append(len(self.made))


@pytest.mark.end_to_end
def test_every_world_is_released_when_its_scenario_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    living = LivingWorlds()
    build = World.__init__

    def counted(world: World, *args: Any, **kwargs: Any) -> None:
        build(world, *args, **kwargs)
        living.made.add(world)

    monkeypatch.setattr(World, "__init__", counted)
    result = run(RunOptions(select="ismart and binding"), handlers=[living])
    assert len(result.scenarios) > 20
    assert all(scenario.trace for scenario in result.scenarios)  # the results keep what the worlds recorded
    assert len(living.counts) == len(result.scenarios) // living.every
    assert min(living.counts) >= 1  # the counting sees the world of the scenario ending
    assert max(living.counts) <= 2  # the one ending, and the one its runner may still hold
