"""Virtual time: the SimPy environment is the only clock, and waiting up to an instant runs what
falls due at that instant (the SimPy trap: ``env.run(until=T)`` stops before the events at T);
and a platform on its own time, with which only the scenarios that need the test clock are left
inconclusive."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import simpy
from world_kit import play

from contract import Setup
from contract.capabilities import CapabilityDeclaration
from contract.messages import AdvanceClock, ClockState
from core.features import FEATURES, feature_files, load
from core.verdicts import Verdict
from reference import ReferenceFactory
from steps.vocabulary import seconds_of
from twinrig.runner import run_suite
from twins.clock import EPOCH, VirtualClock
from twins.world import World

HOUR = 3600.0
SEVENTY_TWO_HOURS = 72 * HOUR


# --- VirtualClock.run_until -------------------------------------------------------------------


def _log_at(env: simpy.Environment, at: float, log: list[float]) -> None:
    event = env.timeout(at - env.now)
    event.callbacks.append(lambda _: log.append(env.now))


def test_simpy_alone_stops_before_the_events_at_the_instant() -> None:
    """The trap this clock exists for; if SimPy ever changes, the next test loses its point."""
    env = simpy.Environment()
    log: list[float] = []
    _log_at(env, 10.0, log)
    env.run(until=10.0)
    assert env.now == 10.0
    assert log == []


def test_run_until_runs_the_events_at_the_instant() -> None:
    env = simpy.Environment()
    log: list[float] = []
    for at in (5.0, 10.0, 10.0, 10.5):
        _log_at(env, at, log)
    VirtualClock(env).run_until(10.0)
    assert log == [5.0, 10.0, 10.0]
    assert env.now == 10.0


def test_run_until_runs_what_the_instant_itself_schedules_for_that_instant() -> None:
    env = simpy.Environment()
    log: list[float] = []

    def chain() -> simpy.events.ProcessGenerator:
        yield env.timeout(10.0)
        log.append(env.now)
        yield env.timeout(0)
        log.append(env.now)

    env.process(chain())
    VirtualClock(env).run_until(10.0)
    assert log == [10.0, 10.0]


def test_run_until_now_runs_what_is_due_now() -> None:
    env = simpy.Environment()
    log: list[float] = []
    _log_at(env, 0.0, log)
    VirtualClock(env).run_until(0.0)
    assert log == [0.0]
    assert env.now == 0.0


def test_the_clock_reads_calendar_time_from_the_epoch() -> None:
    env = simpy.Environment()
    clock = VirtualClock(env)
    clock.run_until(SEVENTY_TWO_HOURS)
    assert clock.now() == EPOCH + timedelta(hours=72)
    assert clock.seconds(clock.now()) == SEVENTY_TWO_HOURS


# --- a platform's timers on the world's timeline ----------------------------------------------


class TimerPlatform:
    """A platform of nothing but a test clock with timers; it notes when each timer ran."""

    def __init__(self, setup: Setup, due: list[datetime]) -> None:
        self.now = setup.epoch
        self.pending = sorted(due)
        self.fired: list[tuple[datetime, datetime]] = []

    def declaration(self) -> CapabilityDeclaration:
        return CapabilityDeclaration("timers", "1", ["ismart"], [])

    def clock_state(self) -> ClockState:
        return ClockState(self.now, self.pending[0] if self.pending else None)

    def advance_clock(self, request: AdvanceClock) -> ClockState:
        while self.pending and self.pending[0] <= request.to:
            self.fired.append((self.pending.pop(0), request.to))
        self.now = request.to
        return self.clock_state()


class TimerFactory:
    name = "timers"

    def __init__(self, *due: datetime) -> None:
        self.due = list(due)
        self.made: list[TimerPlatform] = []

    def create(self, setup: Setup) -> TimerPlatform:
        self.made.append(TimerPlatform(setup, self.due))
        return self.made[-1]


DAY_ONE = EPOCH + timedelta(hours=24)
DAY_THREE = EPOCH + timedelta(hours=72)


def _timer_world() -> tuple[World, TimerPlatform]:
    factory = TimerFactory(DAY_ONE, DAY_THREE)
    world = World(factory, seed=1)  # type: ignore[arg-type]
    world.connection.watch_timers()  # as after any call: the next timer goes on the timeline
    return world, factory.made[0]


def test_world_advance_runs_the_timer_due_at_the_last_instant_at_that_instant() -> None:
    world, platform = _timer_world()
    world.advance(SEVENTY_TWO_HOURS)
    assert platform.fired == [(DAY_ONE, DAY_ONE), (DAY_THREE, DAY_THREE)]
    assert world.clock.now() == DAY_THREE
    assert world.env.now == SEVENTY_TWO_HOURS


def test_the_clock_alone_wakes_the_platform_at_each_timer() -> None:
    """No twin calls: the connection's wake-ups, run up to and at 72 h, run both timers."""
    world, platform = _timer_world()
    world.clock.run_until(SEVENTY_TWO_HOURS)
    assert platform.fired == [(DAY_ONE, DAY_ONE), (DAY_THREE, DAY_THREE)]


def test_a_second_short_of_the_timer_runs_nothing_of_it() -> None:
    world, platform = _timer_world()
    world.advance(SEVENTY_TWO_HOURS - 1)
    assert platform.fired == [(DAY_ONE, DAY_ONE)]
    assert platform.now == DAY_THREE - timedelta(seconds=1)


# --- 72 hours with the reference platform -----------------------------------------------------

FORCE_UNBINDING_REQUESTED = (
    "the previous user has bound the car",
    "the new user is logged in to the iSmart app",
    "the new user has requested force unbinding of the car",
)


def test_the_72_hour_auto_unbinding_falls_due_exactly_at_72_hours() -> None:
    world = World(ReferenceFactory(), seed=3)
    play(world, *FORCE_UNBINDING_REQUESTED)
    requested = world.memory.requested_at["the car"]
    world.advance(requested + SEVENTY_TWO_HOURS - 1 - world.env.now)
    play(world, "the car is still bound to the previous user")
    world.advance(1)
    assert world.env.now == requested + SEVENTY_TWO_HOURS
    assert world.clock.now() == EPOCH + timedelta(seconds=requested) + timedelta(hours=72)
    play(
        world,
        "the car is not bound to the previous user",
        "the new user receives a message that the unbinding is complete",
    )


@pytest.mark.parametrize("text", ["72 hours pass", "3 days pass", "71 hours and 60 minutes pass"])
def test_a_72_hour_wait_leaves_the_clock_at_exactly_72_hours(text: str) -> None:
    world = World(ReferenceFactory(), seed=1)
    play(world, text)
    assert world.env.now == SEVENTY_TWO_HOURS
    assert world.clock.now() == EPOCH + timedelta(hours=72)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("72 hours", 259_200),
        ("71 hours and 59 minutes", 259_140),
        ("72 timer", 259_200),
        ("3 døgn", 259_200),
        ("1 day, 2 hours og 30 seconds", 93_630),
    ],
)
def test_durations_in_every_language(text: str, seconds: float) -> None:
    assert seconds_of(text) == seconds


# --- a platform that keeps its own time -------------------------------------------------------


@pytest.mark.end_to_end
def test_in_real_time_only_the_clock_dependent_scenarios_are_inconclusive() -> None:
    """``--real-time``: each ``@needs-clock`` scenario is inconclusive, and the rest still pass.

    A scenario that lets virtual time pass without the tag would fail against the reference here.
    """
    clocked = [
        (feature.relative, spec.name)
        for feature in (load(path) for path in feature_files(FEATURES))
        for spec in feature.scenarios
        for _ in spec.examples or ({},)
        if "needs-clock" in spec.tags
    ]
    assert len(clocked) >= 5
    run = run_suite("reference", 1, extra=["--real-time"])
    inconclusive = [result for result in run.scenarios if result.verdict is Verdict.INCONCLUSIVE]
    assert sorted((result.feature, result.name.split(" [", 1)[0]) for result in inconclusive) == sorted(clocked)
    assert all("test clock" in result.message for result in inconclusive)
    assert {result.verdict for result in run.scenarios} == {Verdict.PASS, Verdict.INCONCLUSIVE}
