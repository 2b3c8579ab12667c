"""Virtual time: what falls due exactly at the end of a wait happens within the wait."""

from __future__ import annotations

import simpy

from reference import ReferenceFactory
from steps.binding import has_bound, role_of
from steps.support import car
from steps.unbinding import has_requested_force_unbinding
from twins.clock import VirtualClock
from twins.world import World

HOURS = 3600.0


def test_run_until_processes_the_events_at_the_end_instant() -> None:
    env = simpy.Environment()
    seen: list[float] = []

    def at_ten() -> simpy.events.ProcessGenerator:
        yield env.timeout(10)
        seen.append(env.now)

    env.process(at_ten())
    VirtualClock(env).run_until(10)
    assert seen == [10]
    assert env.now == 10


def test_a_platform_timer_fires_at_its_exact_instant_and_not_before() -> None:
    world = World(ReferenceFactory(), seed=5)
    has_bound(world, "previous", "the car")
    has_requested_force_unbinding(world, "new", "the car")
    requested = world.env.now
    world.advance_to(requested + 72 * HOURS - 1)
    assert role_of(world, "previous", car(world)) == "bound"
    world.advance_to(requested + 72 * HOURS)
    assert world.env.now == requested + 72 * HOURS
    assert role_of(world, "previous", car(world)) == ""


def test_the_platform_clock_follows_the_world() -> None:
    world = World(ReferenceFactory(), seed=5)
    world.advance(5 * HOURS)
    car(world)  # any call brings the platform's clock along
    assert world.platform.clock_state().now == world.clock.at(5 * HOURS)
