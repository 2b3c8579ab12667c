"""Verdicts: how an ending becomes pass, fail, inconclusive or error, how each maps to Allure, and
how a platform that breaks down gets an *error* naming the operation, never a fail or a pass."""

from __future__ import annotations

from typing import Any

import pytest
from rig_project import run_rig
from world_kit import BOUND_CAR, play

from contract import PlatformError
from contract.capabilities import CapabilityDeclaration
from contract.errors import ErrorCode
from contract.messages import QrScanned, ScanQr
from core.verdicts import (
    Inconclusive,
    PlatformBreakdown,
    RequirementViolation,
    RigError,
    Verdict,
    expect,
    verdict_of,
)
from mutants import mutant
from reference import ReferenceFactory, ReferencePlatform
from twinrig import life
from twins.world import World

pytest_plugins = ["pytester"]


# --- verdict_of and the Allure statuses -------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "verdict"),
    [
        (None, Verdict.PASS),
        (RequirementViolation("IS-BIND-3 broken"), Verdict.FAIL),
        (AssertionError("a plain assert"), Verdict.FAIL),
        (Inconclusive("not applicable"), Verdict.INCONCLUSIVE),
        (PlatformBreakdown("scan_qr", "RuntimeError: boom"), Verdict.ERROR),
        (RigError("undefined step"), Verdict.ERROR),
        (RuntimeError("a crash in a step"), Verdict.ERROR),
        (TimeoutError("no answer"), Verdict.ERROR),
        (KeyError("vin"), Verdict.ERROR),
    ],
    ids=lambda value: type(value).__name__,
)
def test_verdict_of(ending: BaseException | None, verdict: Verdict) -> None:
    assert verdict_of(ending) is verdict


def test_a_platform_refusal_that_escapes_a_step_is_an_error_not_a_fail() -> None:
    """A refusal is an answer for the step to judge; escaping unjudged, the rig broke down."""
    assert verdict_of(PlatformError(ErrorCode.ALREADY_BOUND, "bound")) is Verdict.ERROR


@pytest.mark.parametrize(
    ("verdict", "status"),
    [
        (Verdict.PASS, "passed"),
        (Verdict.FAIL, "failed"),
        (Verdict.ERROR, "broken"),
        (Verdict.INCONCLUSIVE, "skipped"),
    ],
)
def test_allure_status(verdict: Verdict, status: str) -> None:
    assert verdict.allure_status == status


def test_the_four_verdicts_and_their_values() -> None:
    assert [verdict.value for verdict in Verdict] == ["pass", "fail", "inconclusive", "error"]
    assert len({verdict.allure_status for verdict in Verdict}) == 4


def test_expect_fails_with_a_requirement_violation() -> None:
    expect(True, "never raised")
    with pytest.raises(RequirementViolation, match="the car is bound") as raised:
        expect(False, "the car is bound")
    assert verdict_of(raised.value) is Verdict.FAIL


def test_a_breakdown_names_its_call() -> None:
    breakdown = PlatformBreakdown("scan_qr", "RuntimeError: boom")
    assert breakdown.call == "scan_qr"
    assert breakdown.reason == "RuntimeError: boom"
    assert str(breakdown) == "platform broke down in scan_qr: RuntimeError: boom"


# --- a platform that breaks down, played on a world -------------------------------------------


class CrashingQr(ReferencePlatform):
    """The reference platform, except that scanning a QR code crashes."""

    def scan_qr(self, request: ScanQr) -> QrScanned:
        raise RuntimeError("QR decoder crashed")


class GarbledQr(ReferencePlatform):
    """The reference platform, except that it answers a QR scan with garbage (it does the work)."""

    def scan_qr(self, request: ScanQr) -> QrScanned:
        super().scan_qr(request)
        return "OK"  # type: ignore[return-value]


class CrashingDeclaration(ReferencePlatform):
    """The reference platform, except that it cannot say what it claims."""

    def declaration(self) -> CapabilityDeclaration:
        raise ValueError("no declaration today")


def test_a_crash_in_an_operation_is_a_breakdown_naming_it() -> None:
    world = World(ReferenceFactory("crashing", CrashingQr), seed=1)
    with pytest.raises(PlatformBreakdown) as raised:
        play(world, *BOUND_CAR)
    assert raised.value.call == "scan_qr"
    assert "RuntimeError: QR decoder crashed" in raised.value.reason
    assert verdict_of(raised.value) is Verdict.ERROR
    assert "scan_qr(qr=" in world.trace.render()


def test_a_crash_in_a_test_call_is_a_breakdown_naming_it() -> None:
    with pytest.raises(PlatformBreakdown) as raised:
        World(ReferenceFactory("crashing", CrashingDeclaration), seed=1)
    assert raised.value.call == "declaration"
    assert "ValueError" in raised.value.reason


def test_a_reply_of_the_wrong_type_never_passes_and_names_the_operation() -> None:
    """A platform that answers garbage breaks the contract; it must not pass.

    Over HTTP a reply that does not decode is a contract breach (fail) naming the operation; in
    process the same platform must get the same verdict, and never a pass.
    """
    world = World(ReferenceFactory("garbled", GarbledQr), seed=1)
    with pytest.raises((PlatformBreakdown, RequirementViolation)) as raised:
        play(world, *BOUND_CAR)
    assert "scan_qr" in str(raised.value)


def test_the_reference_plays_the_same_steps_to_the_end() -> None:
    """The control for the two tests above: the steps pass against the reference platform."""
    world = World(ReferenceFactory(), seed=1)
    play(world, *BOUND_CAR)
    assert world.trace.render().count("scan_qr(qr=") == 2


# --- verdicts through the pytest plugin -------------------------------------------------------

LOGIN_NAME = "Log-in without the terms is refused"
BINDING_NAME = "Two QR scans log in to the car and bind it"
FEATURES = {
    "login.feature": f"""\
@brand:ismart
Feature: Login
  @req:IS-LOGIN-2
  Scenario: {LOGIN_NAME}
    Given the user has an iSmart account with their phone number
    When the user logs in without accepting the user agreement
    Then the user is refused with "terms_not_accepted"
""",
    "binding.feature": f"""\
@brand:ismart @capability:qr_binding
Feature: Binding
  Background:
    Given the user is logged in to the iSmart app
    And the user sits in the car with the infotainment system on

  @req:IS-BIND-1 @req:IS-BIND-2 @req:IS-BIND-3
  Scenario: {BINDING_NAME}
    When the user presses "User" in the main menu of the car
    Then the head unit of the car shows a QR code
    When the user presses "Bind" in the app and scans the QR code on the car
    Then the user is logged in to the car
    And the car is not bound to the user
    When the user scans the QR code on the car again
    Then the car is bound to the user
""",
}


@pytest.fixture
def crashing_platform(monkeypatch: pytest.MonkeyPatch) -> str:
    """A ``--platform`` spec the scenario life resolves to the reference platform with a crashing QR scan."""
    real = life.resolve

    def resolve(spec: str, *args: Any, **kwargs: Any) -> Any:
        return ReferenceFactory("crashing", CrashingQr) if spec == "crashing" else real(spec, *args, **kwargs)

    monkeypatch.setattr(life, "resolve", resolve)
    return "crashing"


def test_through_the_plugin_the_reference_passes_both(pytester: pytest.Pytester) -> None:
    run = run_rig(pytester, FEATURES)
    assert {scenario["name"]: scenario["verdict"] for scenario in run.scenarios} == {
        LOGIN_NAME: "pass",
        BINDING_NAME: "pass",
    }


def test_a_crashing_operation_is_an_error_verdict_naming_it(pytester: pytest.Pytester, crashing_platform: str) -> None:
    run = run_rig(pytester, FEATURES, "--platform", crashing_platform)
    binding: dict[str, Any] = run.one(BINDING_NAME)
    assert binding["verdict"] == "error"
    assert "scan_qr" in binding["message"]
    assert "RuntimeError: QR decoder crashed" in binding["message"]
    assert any("scan_qr(qr=" in entry["label"] for entry in binding["trace"]), (
        "the message trace shows the call that broke down"
    )
    assert run.one(LOGIN_NAME)["verdict"] == "pass", "scenarios that never scan are not affected"
    run.outcome.assert_outcomes(passed=1, failed=1)
    assert "twinrig: error" in run.outcome.stdout.str()


def test_a_mutant_gets_a_fail_naming_the_requirement_with_the_trace(pytester: pytest.Pytester) -> None:
    broken = mutant("bind_on_first_scan")
    run = run_rig(pytester, FEATURES, "--platform", "mutant:bind_on_first_scan", "--seed", "5")
    binding = run.one(BINDING_NAME)
    assert binding["verdict"] == "fail"
    assert broken.requirement in binding["requirements"]
    assert binding["message"]
    assert any("scan_qr(qr=" in entry["label"] for entry in binding["trace"])
    assert binding["seed"] != 0
    assert run.one(LOGIN_NAME)["verdict"] == "pass"
    assert run.totals == {"pass": 1, "fail": 1, "inconclusive": 0, "error": 0}
