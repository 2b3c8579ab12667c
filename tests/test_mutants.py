"""Every mutant builds, has a unique name and a real requirement, and differs from the reference.

Each probe drives a fresh platform through the contract and returns something a twin could
observe; for every mutant, its probe must see a different value on the mutant than on the
reference platform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from reference_kit import ALICE, BOB, CAROL, GENUINE, OTHER_VIN, PASSWORD, VIN, Recorder, Rig, outcome

from contract.messages import (
    AnswerForceUnbind,
    AppIdentity,
    DealerForceUnbind,
    HeadUnitLogIn,
    LogIn,
    OwnershipEvidence,
    Register,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    ShowQr,
    Unbind,
    VehicleQuery,
)
from contract.platform import PlatformFactory, Setup
from mutants import MUTANTS, Mutant, mutant
from reference import ReferenceFactory, ReferencePlatform

Probe = Callable[[Rig], object]
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.md"


def wrong(code: str) -> str:
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


def bound(rig: Rig) -> tuple[str, str]:
    """Alice bound to VIN, Bob logged in to the app."""
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    return alice, rig.user(BOB)


def forced(rig: Rig) -> tuple[str, str, str]:
    """As :func:`bound`, and Bob has asked to force-unbind Alice: the tokens and request id."""
    alice, bob = bound(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    return alice, bob, pending.request_id


def send_code(rig: Rig, identifier: str = ALICE) -> str:
    rig.platform.send_registration_code(SendRegistrationCode(identifier, GENUINE))
    return rig.last_code(identifier)


def register(rig: Rig, code: str, identifier: str = ALICE) -> object:
    return outcome(lambda: rig.platform.register(Register(identifier, code, PASSWORD, GENUINE)))


def unbind_code(rig: Rig, token: str) -> str:
    rig.platform.send_unbind_code(SendUnbindCode(token, VIN))
    return rig.last_code(ALICE)


# --- one probe per mutant -------------------------------------------------------------------


def first_scan(rig: Rig) -> object:
    rig.provision(VIN)
    return rig.scan(rig.user(ALICE)).stage


def stranger_scans_bound_car(rig: Rig) -> object:
    _, bob = bound(rig)
    return outcome(lambda: rig.scan(bob))


def register_with_wrong_code(rig: Rig) -> object:
    return register(rig, wrong(send_code(rig)))


def code_used_twice(rig: Rig) -> object:
    alice, _ = bound(rig)
    code = unbind_code(rig, alice)
    rig.platform.unbind(Unbind(alice, VIN, code))
    rig.bind(alice)
    return outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, code)))


def code_after_eleven_minutes(rig: Rig) -> object:
    code = send_code(rig)
    rig.advance(timedelta(minutes=11))
    return register(rig, code)


def right_code_after_three_wrong(rig: Rig) -> object:
    code = send_code(rig)
    for _ in range(3):
        register(rig, wrong(code))
    return register(rig, code)


def unbind_code_length(rig: Rig) -> object:
    alice, _ = bound(rig)
    return len(unbind_code(rig, alice))


def roles_after(delay: timedelta) -> Probe:
    def probe(rig: Rig) -> object:
        alice, _, _ = forced(rig)
        rig.advance(delay)
        return rig.roles(alice)

    return probe


def roles_72h_after_reject(rig: Rig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "reject"))
    rig.advance(timedelta(hours=72))
    return rig.roles(alice)


def stranger_answers(rig: Rig) -> object:
    _, _, request_id = forced(rig)
    carol = rig.user(CAROL)
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(carol, request_id, "agree")))


def pushes_to_new_user_after_agree(rig: Rig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree"))
    return [p.kind for p in rig.pushes(f"dev-{BOB}")]


def log_in_without_terms(rig: Rig) -> object:
    rig.register(ALICE)
    request = LogIn(ALICE, PASSWORD, False, False, "d", GENUINE)
    return outcome(lambda: rig.platform.log_in(request).account_id)


def same_qr_twice(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    qr = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.platform.scan_qr(ScanQr(alice, qr))
    return outcome(lambda: rig.platform.scan_qr(ScanQr(alice, qr)))


def qr_of_another_car(rig: Rig) -> object:
    rig.provision(VIN)
    rig.provision(OTHER_VIN, "MG ZS EV")
    alice = rig.user(ALICE)
    rig.scan(alice, VIN)
    return rig.scan(alice, OTHER_VIN)


def foreign_publisher(rig: Rig) -> object:
    app = AppIdentity("MG iSmart", "Evil Apps Ltd")
    return outcome(lambda: rig.platform.send_registration_code(SendRegistrationCode(ALICE, app)))


def pushes_to_previous_user(rig: Rig) -> object:
    forced(rig)
    return [p.kind for p in rig.pushes(f"dev-{ALICE}")]


def roles_after_agree(rig: Rig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree"))
    return rig.roles(alice)


def dealer_without_papers(rig: Rig) -> object:
    bound(rig)
    evidence = OwnershipEvidence(BOB, "none", VIN)
    return outcome(lambda: rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-7", VIN, evidence)))


def stranger_reads_status(rig: Rig) -> object:
    _, bob = bound(rig)
    return outcome(lambda: rig.platform.vehicle_status(VehicleQuery(bob, VIN)).vin)


def head_unit_log_in(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, ALICE, PASSWORD))
    return rig.roles(alice)


def unbind_with_wrong_code(rig: Rig) -> object:
    alice, _ = bound(rig)
    code = unbind_code(rig, alice)
    return outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, wrong(code))))


def force_without_confirmation(rig: Rig) -> object:
    _, bob = bound(rig)
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, False)))


PROBES: dict[str, Probe] = {
    "bind_on_first_scan": first_scan,
    "second_user_may_bind": stranger_scans_bound_car,
    "any_code_accepted": register_with_wrong_code,
    "code_reusable": code_used_twice,
    "code_never_expires": code_after_eleven_minutes,
    "no_lockout": right_code_after_three_wrong,
    "four_digit_unbind_code": unbind_code_length,
    "auto_unbind_at_24h": roles_after(timedelta(hours=24)),
    "never_auto_unbinds": roles_after(timedelta(hours=72)),
    "auto_unbind_a_minute_early": roles_after(timedelta(hours=72) - timedelta(seconds=1)),
    "reject_ignored": roles_72h_after_reject,
    "anyone_may_answer": stranger_answers,
    "no_completion_message": pushes_to_new_user_after_agree,
    "login_without_terms": log_in_without_terms,
    "qr_reusable": same_qr_twice,
    "qr_binds_logged_in_car": qr_of_another_car,
    "any_publisher_accepted": foreign_publisher,
    "no_push_to_previous_user": pushes_to_previous_user,
    "agree_does_not_complete": roles_after_agree,
    "dealer_without_evidence": dealer_without_papers,
    "stranger_reads_status": stranger_reads_status,
    "head_unit_login_ignored": head_unit_log_in,
    "unbind_without_code": unbind_with_wrong_code,
    "push_confirmation_not_required": force_without_confirmation,
}


def ids(mutant: Mutant) -> str:
    return mutant.name


# --- the tests --------------------------------------------------------------------------------


def test_mutant_names_are_unique_and_each_has_a_probe() -> None:
    names = [m.name for m in MUTANTS]
    assert len(names) == len(set(names))
    assert set(names) == set(PROBES)


def test_mutant_lookup() -> None:
    assert mutant("qr_reusable").requirement == "D-SEC-3"
    with pytest.raises(KeyError, match="no mutant"):
        mutant("no_such_mutant")


@pytest.mark.parametrize("candidate", MUTANTS, ids=ids)
def test_mutant_is_well_formed(candidate: Mutant) -> None:
    declared = set(re.findall(r"^\| ([A-Z]+(?:-[A-Z]+)+-\d+) \|", REQUIREMENTS.read_text(), re.MULTILINE))
    assert candidate.requirement in declared
    assert candidate.description
    assert candidate.factory.name == f"mutant:{candidate.name}"
    platform = candidate.factory.create(Setup(Recorder(), 1, Rig().now))
    assert isinstance(platform, ReferencePlatform)
    assert platform.declaration() == ReferenceFactory().create(Setup(Recorder(), 1, Rig().now)).declaration()


@pytest.mark.parametrize("candidate", MUTANTS, ids=ids)
def test_mutant_differs_from_the_reference(candidate: Mutant) -> None:
    probe = PROBES[candidate.name]
    reference: PlatformFactory = ReferenceFactory()
    expected, observed = probe(Rig(reference)), probe(Rig(candidate.factory))
    assert expected != observed, f"{candidate.name}: both gave {expected!r}"


def test_probes_are_deterministic() -> None:
    for name, probe in PROBES.items():
        assert probe(Rig()) == probe(Rig()), name
