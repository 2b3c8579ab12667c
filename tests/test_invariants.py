"""The invariant monitor catches a breach at its instant, names the invariant and the virtual
time, fails the scenario under both runners, and leaves the reference platform alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from world_kit import play

from core.features import REPOSITORY
from core.trace import format_time
from core.verdicts import Inconclusive, RequirementViolation, Verdict
from mutants import mutant
from reference import ReferenceFactory
from twinrig.runner import run_suite
from twins.invariants import (
    BINDING_ENDS_BY_RULE,
    ONE_BOUND_USER,
    ONLY_USERS_COMMANDS,
    InvariantBreach,
)
from twins.world import World

PREVIOUS_BOUND = ("the previous user has bound the car", "the new user is logged in to the iSmart app")
REFUSED_BINDING = (
    *PREVIOUS_BOUND,
    "the new user sits in the car with the infotainment system on",
    "the new user types their phone number and password on the head unit of the car",
    "the head unit of the car accepts the credentials",
    'the new user presses "Bind" in the app and scans the QR code on the car',
    'the new user is refused with "already_bound"',
)
FLICKER_SCENARIO = "A new user may log in to the head unit of a bound car, but cannot bind it"


def world_of(name: str) -> World:
    return World(mutant(name).factory if name != "reference" else ReferenceFactory(), 11)


def caught(world: World, steps: tuple[str, ...]) -> tuple[InvariantBreach, float, int]:
    """Play *steps* until the monitor stops them: the breach, the time and the trace length then."""
    with pytest.raises(InvariantBreach) as raised:
        play(world, *steps)
    return raised.value, world.env.now, len(world.trace)


def test_two_bound_users_are_caught_at_the_second_binding() -> None:
    world = world_of("second_user_may_bind")
    steps = (
        *PREVIOUS_BOUND,
        "the new user sits in the car with the infotainment system on",
        'the new user presses "Bind" in the app and scans the QR code on the car',
        "the new user scans the QR code on the car again",
    )
    error, now, _ = caught(world, steps)
    assert error.breach.invariant == ONE_BOUND_USER
    assert error.breach.at == now
    assert str(error).startswith(f"invariant 'one bound user' broken at {format_time(now)}: ")
    last = list(world.trace)[-2:]
    assert [entry.at for entry in last] == [now, now]
    assert "user_bound" in last[0].label
    assert "stage=bound" in last[1].label


STRANGER_ASKS_CODE = (
    "the user has bound the car",
    "a stranger is logged in to the iSmart app",
    'a stranger presses "Send" on the unbind screen of the car',
    'a stranger is refused with "not_bound"',
    "no SMS reaches the user within 10 minutes",
)


@pytest.mark.parametrize(
    ("name", "steps", "invariant", "how"),
    [
        ("refused_login_flickers_binding", REFUSED_BINDING, BINDING_ENDS_BY_RULE, "told the car it unbound"),
        ("stranger_code_request_locates", STRANGER_ASKS_CODE, ONLY_USERS_COMMANDS, "is not the bound user of it"),
    ],
)
def test_a_breach_no_step_notices_is_caught_by_the_monitor(
    name: str, steps: tuple[str, ...], invariant: str, how: str
) -> None:
    error, now, _ = caught(world_of(name), steps)
    assert error.breach.invariant == invariant
    assert format_time(now) in str(error)
    assert how in str(error)
    silent = world_of(name)
    silent.connection.listeners.clear()
    silent.switchboard.listeners.clear()
    play(silent, *steps)


def test_a_strangers_command_is_caught_when_the_platform_forwards_it() -> None:
    world = world_of("stranger_commands_by_vin")
    steps = (
        "the user has bound the car",
        "a stranger is logged in to the iSmart app",
        'a stranger sends the remote command "unlock" to the car',
    )
    error, now, _ = caught(world, steps)
    assert error.breach.invariant == ONLY_USERS_COMMANDS
    assert error.breach.at == now
    assert world.car("the car").tcu.executed == [], "caught before the car carried it out"


WAITING_COMMAND_OF_A_FORMER_USER = (
    'the user has bound a car whose model offers "Digital Key"',
    "the TCU of the car is asleep",
    "the next SMS arrives 2 minutes late",
    'the user sends the remote command "unlock" to the car',
    "the user unbinds the car with the code sent by SMS",
    "the car carries out no command within 5 minutes",
)


def test_a_former_users_waiting_command_is_caught_when_the_car_wakes() -> None:
    world = world_of("queued_command_outlives_binding")
    error, now, _ = caught(world, WAITING_COMMAND_OF_A_FORMER_USER)
    assert error.breach.invariant == ONLY_USERS_COMMANDS
    assert "is not the bound user of it" in str(error)
    tcu = world.car("the car").tcu
    assert now > 120.0, "caught after the late wake-up SMS"
    assert tcu.wake_ups == 1, "caught at the wake-up"
    assert tcu.executed == [], "caught before the car carried it out"
    reference = world_of("reference")
    play(reference, *WAITING_COMMAND_OF_A_FORMER_USER, 'the app of the user shows the command as "cancelled"')
    assert reference.invariants.breaches == []


def test_a_force_unbinding_a_minute_early_is_caught_at_71_hours_59_minutes() -> None:
    world = world_of("auto_unbind_a_minute_early")
    play(world, *PREVIOUS_BOUND, "the new user has requested force unbinding of the car")
    asked = world.memory.requested_at["the car"]
    with pytest.raises(InvariantBreach) as raised:
        world.advance(72 * 3600.0)
    assert raised.value.breach.invariant == BINDING_ENDS_BY_RULE
    assert raised.value.breach.at == pytest.approx(asked + 71 * 3600 + 59 * 60, abs=1e-3)


def test_the_reference_completes_after_72_hours_without_a_breach() -> None:
    world = world_of("reference")
    play(world, *PREVIOUS_BOUND, "the new user has requested force unbinding of the car")
    world.advance(72 * 3600.0 + 60)
    play(world, "the car is not bound to the previous user", "the new user binds the car with two QR scans")
    assert world.invariants.breaches == []


def test_a_breach_a_step_swallowed_still_fails_the_scenario() -> None:
    world = world_of("refused_login_flickers_binding")
    with pytest.raises(InvariantBreach):
        play(world, *REFUSED_BINDING)
    monitor = world.invariants
    assert isinstance(monitor.outcome(None), InvariantBreach)
    assert isinstance(monitor.outcome(Inconclusive("could not set up")), InvariantBreach)
    other = RequirementViolation("a step's own finding")
    assert monitor.outcome(other) is other


@pytest.mark.end_to_end
def test_both_runners_fail_the_scenario_naming_the_invariant(tmp_path: Path) -> None:
    platform = "mutant:refused_login_flickers_binding"
    by_pytest = run_suite(platform, 1, select="may_log_in_to_the_head_unit_of_a_bound_car")
    [result] = [item for item in by_pytest.scenarios if item.name == FLICKER_SCENARIO]
    assert result.verdict is Verdict.FAIL
    assert "invariant 'binding ends only by a rule' broken at T+" in result.message
    results = tmp_path / "behave.json"
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "-D", f"platform={platform}"]
    command += ["-D", f"results={results}", "features/ismart/change_user.feature"]
    subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, timeout=120)
    by_behave = {item["name"]: item for item in json.loads(results.read_text(encoding="utf-8"))["scenarios"]}
    assert by_behave[FLICKER_SCENARIO]["verdict"] == "fail"
    assert by_behave[FLICKER_SCENARIO]["message"].startswith("invariant 'binding ends only by a rule' broken at T+")
