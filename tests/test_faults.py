"""The fault models: each changes only the next message, draws from the seeded stream, and the
twins and platform around them react as a person would see it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reference_kit import ALICE, BOB, VIN, Rig
from world_kit import BOUND_CAR, play

from contract.messages import RequestForceUnbind
from core.verdicts import Inconclusive
from reference import ReferenceFactory
from steps import LIBRARY
from steps.catalogue import readable
from twins.connection import RealTimeConnection
from twins.faults import DeadZoneOnNext, DelayNext, DuplicateNext, LoseNext, OvertakenNext
from twins.gateways import SeededLatency
from twins.world import World


class Fixed:
    """A policy that delivers every message once after *delay* seconds."""

    def __init__(self, delay: float = 5.0) -> None:
        self.delay = delay

    def delays(self) -> list[float]:
        return [self.delay]


def test_each_fault_changes_the_next_message_only() -> None:
    for policy, first in (
        (LoseNext(Fixed()), []),
        (DelayNext(Fixed(), 600.0), [605.0]),
    ):
        assert [policy.delays(), policy.delays(), policy.delays()] == [first, [5.0], [5.0]]
    duplicate = DuplicateNext(Fixed(), random.Random(1))
    copies = duplicate.delays()
    assert len(copies) == 2
    assert copies[0] == 5.0
    assert 5.5 <= copies[1] <= 8.0
    assert duplicate.delays() == [5.0]


def test_a_lost_message_told_to_arrive_twice_stays_lost() -> None:
    """Found by exploration: "the next e-mail gets lost" then "the next e-mail arrives twice"
    made the rig raise IndexError inside the platform's call, an error blamed on the platform."""
    policy = DuplicateNext(LoseNext(Fixed()), random.Random(1))
    assert [policy.delays(), policy.delays()] == [[], [5.0]]


def test_an_overtaken_message_is_held_long_enough_for_the_next_to_pass_it() -> None:
    policy = OvertakenNext(SeededLatency(random.Random(3), 2.0, 20.0), random.Random(3))
    held, following = policy.delays()[0], policy.delays()[0]
    assert held >= 180.0
    assert following <= 20.0


def test_the_faults_are_drawn_from_the_seed() -> None:
    def draws(seed: int) -> list[list[float]]:
        policy = DuplicateNext(SeededLatency(random.Random(seed), 2.0, 20.0), random.Random(seed))
        return [policy.delays() for _ in range(3)]

    assert draws(5) == draws(5)
    assert draws(5) != draws(6)


def world() -> World:
    return World(ReferenceFactory(), seed=11)


def test_a_command_on_its_way_into_a_dead_zone_is_lost_and_the_car_comes_back() -> None:
    scene = world()
    play(scene, *BOUND_CAR)
    car = scene.car("the car")
    scene.advance(60)
    link = scene.car_link
    link.policy = DeadZoneOnNext(scene.env, link.policy, lambda: car.enter_dead_zone(120.0))
    play(scene, 'the user sends the remote command "climate on" to the car')
    scene.advance(30)
    assert not car.coverage
    assert car.tcu.executed == []
    assert any("lost, out of reach: command climate_on" in line for line in scene.trace.render().splitlines())
    scene.advance(120)
    assert car.coverage
    assert car.tcu.executed == []


def test_the_platform_clock_jumps_ahead_and_waits_for_the_world() -> None:
    scene = world()
    scene.connection.jump_clock(900.0)
    ahead = scene.platform.clock_state().now
    assert ahead == scene.clock.at(900.0)
    scene.advance(60)
    assert scene.platform.clock_state().now == ahead
    scene.advance(1000)
    assert scene.platform.clock_state().now == scene.clock.at(1060.0)


def test_a_real_time_platform_clock_cannot_jump() -> None:
    scene = World(ReferenceFactory(), seed=11, connection=RealTimeConnection)
    with pytest.raises(Inconclusive, match="cannot jump"):
        scene.connection.jump_clock(900.0)


def test_asking_again_for_a_force_unbinding_pushes_the_request_again() -> None:
    """Guards D-REL-3: a lost push to the previous user is not lost for good (the new user asks
    again, the same request is pushed again, and nothing else changes)."""
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)
    first = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    again = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    assert again == first
    assert rig.platform.clock_state().next_due == first.completes_at
    pushes = rig.pushes(f"dev-{ALICE}")
    assert [(p.kind, p.request_id) for p in pushes] == [("force_unbind_request", first.request_id)] * 2


def test_the_fault_catalogue_gives_every_fault_step_in_every_language() -> None:
    catalogue = (Path(__file__).resolve().parent.parent / "docs" / "fault-catalogue.md").read_text()
    fault_steps = [definition for definition in LIBRARY if definition.function.__module__ == "steps.faults"]
    assert len(fault_steps) >= 8
    missing = [
        phrase
        for definition in fault_steps
        for phrase in map(readable, definition.phrases.values())
        if f"`{phrase}`" not in catalogue
    ]
    assert missing == []
