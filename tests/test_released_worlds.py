"""A run keeps its scenarios' results, not their worlds: memory does not grow with the suite."""

from __future__ import annotations

import gc

import pytest

from core.hooks import hookimpl
from core.options import RunOptions
from core.results import ScenarioResult
from twinrig.runner import run
from twins.world import World


def living_worlds() -> int:
    gc.collect()
    return sum(isinstance(thing, World) for thing in gc.get_objects())


class LivingWorlds:
    """A handler that counts the worlds alive as each scenario ends, beyond those alive before
    the run (earlier tests in the same process may hold theirs)."""

    def __init__(self) -> None:
        self.before = living_worlds()
        self.counts: list[int] = []

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.counts.append(living_worlds() - self.before)


@pytest.mark.end_to_end
def test_every_world_is_released_when_its_scenario_ends() -> None:
    living = LivingWorlds()
    result = run(RunOptions(select="ismart and binding"), handlers=[living])
    assert len(result.scenarios) > 20
    assert all(scenario.trace for scenario in result.scenarios)  # the results keep what the worlds recorded
    assert max(living.counts) <= 2  # the one ending, and the one its runner may still hold
