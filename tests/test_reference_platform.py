"""The reference platform, driven directly through the contract: every rule of the iSmart guide."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Literal

import pytest
from reference_kit import ALICE, BOB, CAROL, EPOCH, GENUINE, OTHER_VIN, PASSWORD, VIN, Recorder, Rig, outcome

from contract.messages import (
    AdvanceClock,
    Answer,
    AnswerForceUnbind,
    AppIdentity,
    CommandAccepted,
    CommandName,
    CommandQuery,
    DealerForceUnbind,
    DealerUnbound,
    ForceUnbindPending,
    HeadUnitLogIn,
    Location,
    LogIn,
    OwnershipEvidence,
    Register,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    ShowQr,
    TcuOnline,
    TcuReport,
    Unbind,
    VehicleQuery,
    VehicleState,
)
from contract.platform import Setup
from reference import DECLARATION, ReferenceFactory, ReferencePlatform, TestClock
from reference.policy import PlatformPolicy

Document = Literal["registration_certificate", "bill_of_sale", "none"]
H72 = timedelta(hours=72)
SECOND = timedelta(seconds=1)


@pytest.fixture
def rig() -> Rig:
    rig = Rig()
    rig.provision(VIN)
    return rig


def bound_pair(rig: Rig) -> tuple[str, str]:
    """Alice bound to VIN, Bob logged in to the app and to the car's head unit; their tokens."""
    alice = rig.user(ALICE)
    rig.bind(alice)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)
    return alice, bob


def force(rig: Rig, token: str, vin: str = VIN, confirmed: bool = True) -> object:
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(token, vin, confirmed)))


def answer(rig: Rig, token: str, request_id: str, reply: Answer) -> object:
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(token, request_id, reply)))


# --- the test clock ---------------------------------------------------------------------


def test_clock_runs_due_timers_in_order_with_now_at_their_due_time() -> None:
    clock = TestClock(EPOCH)
    seen: list[tuple[str, object]] = []
    clock.at(EPOCH + timedelta(hours=2), lambda: seen.append(("b", clock.now)))
    clock.at(EPOCH + timedelta(hours=1), lambda: seen.append(("a", clock.now)))
    cancelled = clock.at(EPOCH + timedelta(minutes=30), lambda: seen.append(("x", clock.now)))
    cancelled.cancel()
    late = clock.at(EPOCH + timedelta(hours=3), lambda: seen.append(("late", clock.now)))
    assert clock.next_due == EPOCH + timedelta(hours=1)
    clock.advance(EPOCH + timedelta(hours=2))
    assert seen == [("a", EPOCH + timedelta(hours=1)), ("b", EPOCH + timedelta(hours=2))]
    assert clock.now == EPOCH + timedelta(hours=2)
    assert clock.next_due == late.due
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(EPOCH)


def test_clock_state_and_advance(rig: Rig) -> None:
    assert rig.platform.clock_state().now == EPOCH
    assert rig.platform.clock_state().next_due is None
    state = rig.platform.advance_clock(AdvanceClock(EPOCH + timedelta(minutes=5)))
    assert state.now == EPOCH + timedelta(minutes=5)
    assert outcome(lambda: rig.platform.advance_clock(AdvanceClock(EPOCH))) == "invalid_request"
    naive = (EPOCH + H72).replace(tzinfo=None)
    assert outcome(lambda: rig.platform.advance_clock(AdvanceClock(naive))) == "invalid_request"


def test_declaration() -> None:
    platform = ReferenceFactory().create(Setup(Recorder(), 1, EPOCH))
    assert ReferenceFactory().name == "reference"
    assert isinstance(platform, ReferencePlatform)
    declared = platform.declaration()
    assert declared is DECLARATION
    assert (declared.platform, declared.version, declared.brands) == (
        "twinrig reference platform",
        "0.1.0",
        ["ismart", "myrenault"],
    )
    services = {model.name: model.services for model in declared.models}
    assert "digital_key" in services["MG4 Electric"]
    assert "digital_key" not in services["MG ZS EV"]
    assert services["MG3 Hybrid+"] == ["find_my_car", "map_poi", "vehicle_status", "notifications"]
    assert {m.name: m.markets for m in declared.models}["MG3 Hybrid+"] == ["DK"]
    assert declared.features == [
        "qr_binding",
        "head_unit_credentials",
        "force_unbinding",
        "dealer_force_unbinding",
        "web_portal",
        "synchronisation",
        "appointments",
        "charging_stations",
    ]


def test_same_seed_same_codes_and_tokens() -> None:
    first, second = Rig(seed=3), Rig(seed=3)
    assert first.user(ALICE) == second.user(ALICE)
    assert first.out.sms_sent == second.out.sms_sent
    assert Rig(seed=4).user(ALICE) != first.log_in(ALICE)


# --- accounts ---------------------------------------------------------------------------


def test_registration_code_goes_by_sms_or_email(rig: Rig) -> None:
    by_phone = rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    by_mail = rig.platform.send_registration_code(SendRegistrationCode(CAROL, GENUINE))
    assert (by_phone.channel, by_mail.channel) == ("sms", "email")
    assert rig.out.sms_sent[-1].to == ALICE
    assert rig.out.sms_sent[-1].sent_at == EPOCH
    assert rig.out.emails_sent[-1].to == CAROL
    assert len(rig.last_code(ALICE)) == 6
    assert rig.last_code(ALICE).isdigit()
    assert len(rig.last_code(CAROL)) == 6
    bad = outcome(lambda: rig.platform.send_registration_code(SendRegistrationCode("4520000001", GENUINE)))
    assert bad == "invalid_request"


@pytest.mark.parametrize(
    "app",
    [
        AppIdentity("MG iSmart", "SAIC Motor International Co. Ltd"),
        AppIdentity("MG iSmart", "Evil Apps Ltd"),
        AppIdentity("MG Smart", "SAIC Motor international Co. Ltd"),
    ],
)
def test_only_the_genuine_app_is_served(rig: Rig, app: AppIdentity) -> None:
    assert outcome(lambda: rig.platform.send_registration_code(SendRegistrationCode("nonsense", app))) == (
        "app_not_genuine"
    )
    rig.user(ALICE)
    assert outcome(lambda: rig.platform.register(Register(BOB, "123456", PASSWORD, app))) == "app_not_genuine"
    log_in = LogIn(ALICE, PASSWORD, True, True, "d", app)
    assert outcome(lambda: rig.platform.log_in(log_in)) == "app_not_genuine"


def test_both_store_listings_are_genuine(rig: Rig) -> None:
    europe = AppIdentity("MG iSmart Europe", GENUINE.publisher)
    assert rig.platform.send_registration_code(SendRegistrationCode(ALICE, europe)).channel == "sms"


def test_register_creates_accounts_once(rig: Rig) -> None:
    assert rig.register(ALICE) == "acc-1"
    assert rig.register(CAROL) == "acc-2"
    again = outcome(lambda: rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE)))
    assert again == "account_exists"
    assert outcome(lambda: rig.platform.register(Register(ALICE, "000000", PASSWORD, GENUINE))) == "account_exists"


def test_short_password_is_refused_without_using_the_code(rig: Rig) -> None:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    code = rig.last_code(ALICE)
    assert outcome(lambda: rig.platform.register(Register(ALICE, code, "1234567", GENUINE))) == "invalid_request"
    assert rig.platform.register(Register(ALICE, code, "12345678", GENUINE)).account_id == "acc-1"


def register_with(rig: Rig, code: str, identifier: str = ALICE) -> object:
    return outcome(lambda: rig.platform.register(Register(identifier, code, PASSWORD, GENUINE)))


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_must_have_been_sent(rig: Rig) -> None:
    assert register_with(rig, "123456") == "code_invalid"


def test_a_new_code_replaces_the_old_one(rig: Rig) -> None:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    old = rig.last_code(ALICE)
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    new = rig.last_code(ALICE)
    assert old != new
    assert register_with(rig, old) == "code_invalid"
    assert register_with(rig, new) != "code_invalid"


def test_code_expires_after_ten_minutes(rig: Rig) -> None:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    rig.platform.send_registration_code(SendRegistrationCode(BOB, GENUINE))
    alice_code, bob_code = rig.last_code(ALICE), rig.last_code(BOB)
    rig.advance(timedelta(minutes=10) - SECOND)
    assert register_with(rig, alice_code) != "code_expired"
    rig.advance(SECOND)
    assert register_with(rig, bob_code, BOB) == "code_expired"


def test_three_wrong_codes_lock_the_code_until_a_new_one(rig: Rig) -> None:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    code = rig.last_code(ALICE)
    assert register_with(rig, wrong(code)) == "code_invalid"
    assert register_with(rig, wrong(code)) == "code_invalid"
    assert register_with(rig, wrong(code)) == "too_many_attempts"
    assert register_with(rig, code) == "too_many_attempts"
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    assert register_with(rig, rig.last_code(ALICE)) != "too_many_attempts"


def test_a_wrong_code_then_the_right_one(rig: Rig) -> None:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    code = rig.last_code(ALICE)
    assert register_with(rig, wrong(code)) == "code_invalid"
    assert register_with(rig, code) != "code_invalid"


@pytest.mark.parametrize(("terms", "privacy"), [(False, True), (True, False), (False, False)])
def test_log_in_needs_both_terms(rig: Rig, terms: bool, privacy: bool) -> None:
    rig.register(ALICE)
    request = LogIn(ALICE, PASSWORD, terms, privacy, "d", GENUINE)
    assert outcome(lambda: rig.platform.log_in(request)) == "terms_not_accepted"


def test_log_in_checks_credentials(rig: Rig) -> None:
    rig.register(ALICE)
    wrong_password = LogIn(ALICE, "wrong password", True, True, "d", GENUINE)
    unknown = LogIn(BOB, PASSWORD, True, True, "d", GENUINE)
    assert outcome(lambda: rig.platform.log_in(wrong_password)) == "bad_credentials"
    assert outcome(lambda: rig.platform.log_in(unknown)) == "bad_credentials"
    first, second = rig.log_in(ALICE, "d1"), rig.log_in(ALICE, "d2")
    assert first != second


def test_calls_need_a_live_session(rig: Rig) -> None:
    assert outcome(lambda: rig.platform.scan_qr(ScanQr("tok-forged", "x"))) == "not_authenticated"
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery("", VIN))) == "not_authenticated"


# --- QR codes, log-in to the car, binding -------------------------------------------------


def test_show_qr(rig: Rig) -> None:
    shown = rig.platform.show_qr(ShowQr(VIN))
    assert shown.qr.startswith("iSmart-QR:")
    assert shown.expires_at == EPOCH + timedelta(minutes=2)
    assert rig.platform.show_qr(ShowQr(VIN)).qr != shown.qr
    assert outcome(lambda: rig.platform.show_qr(ShowQr("NOSUCHVIN"))) == "unknown_vehicle"


def test_scan_twice_logs_in_then_binds(rig: Rig) -> None:
    alice = rig.user(ALICE)
    first = rig.scan(alice)
    assert (first.vin, first.stage) == (VIN, "logged_in")
    assert rig.roles(alice) == [(VIN, "logged_in")]
    assert [(e.kind, e.account_id, e.vin) for e in rig.out.car_events] == [("user_logged_in", "acc-1", VIN)]
    second = rig.scan(alice)
    assert second.stage == "bound"
    assert rig.roles(alice) == [(VIN, "bound")]
    assert rig.out.car_events[-1].kind == "user_bound"
    assert outcome(lambda: rig.scan(alice)) == "already_bound"


def test_qr_is_single_use_and_short_lived(rig: Rig) -> None:
    alice = rig.user(ALICE)
    qr = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.platform.scan_qr(ScanQr(alice, qr))
    assert outcome(lambda: rig.platform.scan_qr(ScanQr(alice, qr))) == "qr_used"
    assert outcome(lambda: rig.platform.scan_qr(ScanQr(alice, "iSmart-QR:forged"))) == "qr_invalid"
    fresh = rig.platform.show_qr(ShowQr(VIN)).qr
    stale = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.advance(timedelta(minutes=2) - SECOND)
    assert rig.platform.scan_qr(ScanQr(alice, fresh)).stage == "bound"  # earlier codes stay valid
    rig.advance(SECOND)
    assert outcome(lambda: rig.platform.scan_qr(ScanQr(alice, stale))) == "qr_expired"


def test_a_new_user_logs_in_to_a_bound_car_but_does_not_bind_it(rig: Rig) -> None:
    alice = rig.user(ALICE)
    rig.bind(alice)
    bob = rig.user(BOB)
    assert rig.scan(bob).stage == "logged_in"  # D-SEC-6: to ask for force unbinding from the car
    assert rig.roles(bob) == [(VIN, "logged_in")]
    qr = rig.platform.show_qr(ShowQr(VIN)).qr
    assert outcome(lambda: rig.platform.scan_qr(ScanQr(bob, qr))) == "already_bound"
    assert rig.roles(alice) == [(VIN, "bound")]
    assert rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, BOB, PASSWORD)).vin == VIN
    assert rig.roles(bob) == [(VIN, "logged_in")]
    # the refused scan did not use the QR code up
    rig.platform.send_unbind_code(SendUnbindCode(alice, VIN))
    rig.platform.unbind(Unbind(alice, VIN, rig.last_code(ALICE)))
    assert rig.platform.scan_qr(ScanQr(bob, qr)).stage == "logged_in"


def test_a_scan_replaces_an_unbound_logged_in_user(rig: Rig) -> None:
    alice, bob = rig.user(ALICE), rig.user(BOB)
    rig.scan(alice)
    assert rig.scan(bob).stage == "logged_in"
    assert rig.roles(alice) == []
    assert rig.roles(bob) == [(VIN, "logged_in")]


def test_a_qr_code_acts_on_its_own_car(rig: Rig) -> None:
    rig.provision(OTHER_VIN, "MG ZS EV")
    alice = rig.user(ALICE)
    rig.scan(alice, VIN)
    scanned = rig.scan(alice, OTHER_VIN)
    assert (scanned.vin, scanned.stage) == (OTHER_VIN, "logged_in")
    assert (VIN, "bound") not in rig.roles(alice)


def test_head_unit_log_in_replaces_the_first_scan(rig: Rig) -> None:
    alice_id = rig.register(ALICE)
    alice = rig.log_in(ALICE)
    wrong_password = HeadUnitLogIn(VIN, ALICE, "wrong password")
    assert outcome(lambda: rig.platform.head_unit_log_in(wrong_password)) == "bad_credentials"
    unknown_car = HeadUnitLogIn("NOSUCHVIN", ALICE, PASSWORD)
    assert outcome(lambda: rig.platform.head_unit_log_in(unknown_car)) == "unknown_vehicle"
    session = rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, ALICE, PASSWORD))
    assert (session.vin, session.account_id) == (VIN, alice_id)
    assert rig.out.car_events[-1].kind == "user_logged_in"
    assert rig.roles(alice) == [(VIN, "logged_in")]
    assert rig.scan(alice).stage == "bound"


# --- unbinding ----------------------------------------------------------------------------


def test_unbinding_with_a_six_digit_sms_code(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    assert outcome(lambda: rig.platform.send_unbind_code(SendUnbindCode(bob, VIN))) == "not_bound"
    assert rig.platform.send_unbind_code(SendUnbindCode(alice, VIN)).channel == "sms"
    code = rig.last_code(ALICE)
    assert len(code) == 6
    assert outcome(lambda: rig.platform.unbind(Unbind(bob, VIN, code))) == "not_bound"
    assert outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, wrong(code)))) == "code_invalid"
    assert rig.platform.unbind(Unbind(alice, VIN, code)).vin == VIN
    assert rig.out.car_events[-1].kind == "user_unbound"
    assert rig.roles(alice) == []
    rig.bind(bob)
    assert rig.roles(bob) == [(VIN, "bound")]


def test_unbind_code_by_email_for_an_email_account(rig: Rig) -> None:
    carol = rig.user(CAROL)
    rig.bind(carol)
    assert rig.platform.send_unbind_code(SendUnbindCode(carol, VIN)).channel == "email"
    assert len(rig.last_code(CAROL)) == 6


def test_an_unbind_code_is_single_use(rig: Rig) -> None:
    alice = rig.user(ALICE)
    rig.bind(alice)
    rig.platform.send_unbind_code(SendUnbindCode(alice, VIN))
    code = rig.last_code(ALICE)
    rig.platform.unbind(Unbind(alice, VIN, code))
    rig.bind(alice)
    assert outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, code))) == "code_used"


def test_unbinding_with_the_code_ends_an_open_force_request_and_tells_the_new_user(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.send_unbind_code(SendUnbindCode(alice, VIN))
    rig.platform.unbind(Unbind(alice, VIN, rig.last_code(ALICE)))
    assert [(p.kind, p.request_id) for p in rig.pushes(f"dev-{BOB}")] == [("force_unbind_completed", "fu-1")]
    assert answer(rig, alice, pending.request_id, "agree") == "request_closed"
    rig.bind(bob)
    rig.advance(H72)
    assert rig.roles(bob) == [(VIN, "bound")]
    assert len(rig.pushes(f"dev-{BOB}")) == 1


# --- force unbinding -------------------------------------------------------------------------


def test_force_unbinding_preconditions(rig: Rig) -> None:
    alice = rig.user(ALICE)
    bob = rig.user(BOB)
    assert force(rig, bob) == "not_bound"
    rig.bind(alice)
    assert force(rig, alice) == "invalid_request"
    assert force(rig, bob) == "not_authorised"  # D-SEC-6: not logged in to the car's head unit
    rig.log_in_to_car(bob)
    assert force(rig, bob, confirmed=False) == "confirmation_required"
    assert force(rig, bob, "NOSUCHVIN") == "unknown_vehicle"
    assert rig.out.pushes_sent == []


def test_force_request_pushes_to_every_device_of_the_previous_user(rig: Rig) -> None:
    alice = rig.user(ALICE, "alice-phone")
    rig.log_in(ALICE, "alice-tablet")
    rig.bind(alice)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    assert pending.request_id == "fu-1"
    assert pending.completes_at == EPOCH + H72
    assert rig.platform.clock_state().next_due == EPOCH + H72
    pushed = [(p.device_id, p.kind, p.request_id) for p in rig.out.pushes_sent]
    assert pushed == [
        ("alice-phone", "force_unbind_request", "fu-1"),
        ("alice-tablet", "force_unbind_request", "fu-1"),
    ]
    # asking again returns the same request (and pushes it again: tests/test_faults.py); someone
    # else may not ask
    assert rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True)) == pending
    carol = rig.user(CAROL)
    assert force(rig, carol) == "not_authorised"
    rig.log_in_to_car(carol)
    assert force(rig, carol) == "invalid_request"


def test_silence_unbinds_at_exactly_72_hours(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    rig.log_in(BOB, "bob-tablet")
    rig.advance(timedelta(hours=1))
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    deadline = EPOCH + timedelta(hours=1) + H72
    assert pending.completes_at == deadline
    rig.advance_to(deadline - SECOND)
    assert rig.roles(alice) == [(VIN, "bound")]
    assert outcome(lambda: rig.scan(bob)) == "already_bound"
    rig.advance_to(deadline)
    assert rig.roles(alice) == []
    assert rig.out.car_events[-1].kind == "user_unbound"
    completed = [(p.device_id, p.kind, p.request_id, p.sent_at) for p in rig.out.pushes_sent[-2:]]
    assert completed == [
        (f"dev-{BOB}", "force_unbind_completed", "fu-1", deadline),
        ("bob-tablet", "force_unbind_completed", "fu-1", deadline),
    ]
    assert rig.platform.clock_state().next_due is None
    rig.bind(bob)


def test_timer_runs_at_its_due_time_when_the_clock_jumps_past_it(rig: Rig) -> None:
    _, bob = bound_pair(rig)
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.advance(timedelta(hours=100))
    assert rig.out.car_events[-1].sent_at == EPOCH + H72
    assert rig.now == EPOCH + timedelta(hours=100)


def test_agree_completes_at_once(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    reply = rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "agree"))
    assert (reply.request_id, reply.outcome) == ("fu-1", "completed")
    assert rig.roles(alice) == []
    assert rig.pushes(f"dev-{BOB}")[-1].kind == "force_unbind_completed"
    assert answer(rig, alice, pending.request_id, "reject") == "request_closed"
    rig.bind(bob)
    rig.advance(H72)
    assert rig.roles(bob) == [(VIN, "bound")]
    assert len(rig.pushes(f"dev-{BOB}")) == 1


def test_reject_keeps_the_binding_and_only_a_dealer_can_help(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    reply = rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "reject"))
    assert reply.outcome == "rejected"
    assert [(p.kind, p.request_id) for p in rig.pushes(f"dev-{BOB}")] == [("force_unbind_rejected", "fu-1")]
    assert rig.platform.clock_state().next_due is None
    rig.advance(H72 + timedelta(hours=1))
    assert rig.roles(alice) == [(VIN, "bound")]
    assert answer(rig, alice, pending.request_id, "agree") == "request_closed"
    assert rig.roles(alice) == [(VIN, "bound")]
    assert force(rig, bob) == "unbinding_rejected"
    carol = rig.user(CAROL)
    rig.log_in_to_car(carol)
    other = force(rig, carol)  # someone else may still ask
    assert isinstance(other, ForceUnbindPending)
    assert other.request_id == "fu-2"


def test_only_the_previous_user_answers(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    carol = rig.user(CAROL)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    assert answer(rig, carol, pending.request_id, "agree") == "not_authorised"
    assert answer(rig, bob, pending.request_id, "agree") == "not_authorised"
    assert answer(rig, alice, "fu-99", "agree") == "invalid_request"
    assert rig.roles(alice) == [(VIN, "bound")]


# --- the dealer -------------------------------------------------------------------------------


def dealer(rig: Rig, owner: str = BOB, document: Document = "bill_of_sale", document_vin: str = VIN) -> object:
    evidence = OwnershipEvidence(owner, document, document_vin)
    return outcome(lambda: rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-7", VIN, evidence)))


def test_dealer_needs_evidence(rig: Rig) -> None:
    alice, _ = bound_pair(rig)
    assert dealer(rig, document="none") == "evidence_required"
    assert dealer(rig, document_vin=OTHER_VIN) == "evidence_required"
    assert dealer(rig, owner="+4599999999") == "evidence_required"
    assert rig.roles(alice) == [(VIN, "bound")]


def test_dealer_needs_a_bound_car(rig: Rig) -> None:
    rig.user(BOB)
    assert dealer(rig) == "not_bound"


def test_dealer_unbinds_after_a_reject_and_leaves_an_audit_record(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "reject"))
    rig.advance(timedelta(days=3))
    reply = dealer(rig)
    assert reply == DealerUnbound(VIN, "audit-1")
    assert rig.roles(alice) == []
    assert rig.out.car_events[-1].kind == "user_unbound"
    assert [(p.kind, p.request_id) for p in rig.pushes(f"dev-{BOB}")][-1] == ("force_unbind_completed", "")
    platform = rig.platform
    assert isinstance(platform, ReferencePlatform)
    record = platform.audit_log[-1]
    assert (record.dealer_id, record.vin, record.previous_account, record.owner_account) == (
        "dealer-7",
        VIN,
        "acc-1",
        "acc-2",
    )
    assert record.at == EPOCH + timedelta(days=3)
    rig.bind(bob)


def test_dealer_completes_an_open_request(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    dealer(rig)
    assert rig.pushes(f"dev-{BOB}")[-1].request_id == pending.request_id
    assert answer(rig, alice, pending.request_id, "reject") == "request_closed"
    assert rig.platform.clock_state().next_due is None


# --- status, services, remote commands ---------------------------------------------------------


def command(rig: Rig, token: str, name: CommandName = "horn_and_lights", request_id: str = "r1") -> object:
    return outcome(lambda: rig.platform.remote_command(RemoteCommand(token, VIN, name, request_id)))


def status_of(rig: Rig, token: str, command_id: str) -> object:
    reply = outcome(lambda: rig.platform.command_status(CommandQuery(token, command_id)))
    return getattr(reply, "state", reply)


def test_only_the_bound_user_reads_status_and_services(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    status = rig.platform.vehicle_status(VehicleQuery(alice, VIN))
    assert (status.vin, status.locked, status.climate_on, status.updated_at) == (VIN, True, False, EPOCH)
    assert status.location == Location(55.676, 12.568)
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(bob, VIN))) == "not_authorised"
    assert outcome(lambda: rig.platform.list_services(VehicleQuery(bob, VIN))) == "not_authorised"
    assert command(rig, bob) == "not_authorised"
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(alice, "NOSUCHVIN"))) == "unknown_vehicle"


def test_a_logged_in_user_is_not_yet_the_bound_user(rig: Rig) -> None:
    alice = rig.user(ALICE)
    rig.scan(alice)
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(alice, VIN))) == "not_authorised"


@pytest.mark.parametrize(
    ("model", "has", "lacks"),
    [
        ("MG4 Electric", "digital_key", None),
        ("MG ZS EV", "climate", "digital_key"),
        ("MG3 Hybrid+", None, "climate"),
    ],
)
def test_services_depend_on_the_model(model: str, has: str | None, lacks: str | None) -> None:
    rig = Rig()
    rig.provision(VIN, model)
    alice = rig.user(ALICE)
    rig.bind(alice)
    services = rig.platform.list_services(VehicleQuery(alice, VIN)).services
    assert "find_my_car" in services
    if has:
        assert has in services
    if lacks:
        assert lacks not in services
        lacking_command: CommandName = "lock" if lacks == "digital_key" else "climate_on"
        assert command(rig, alice, lacking_command) == "service_not_available"


def test_a_command_to_an_online_car_is_delivered_once(rig: Rig) -> None:
    alice, _ = bound_pair(rig)
    first = command(rig, alice, "horn_and_lights", "r1")
    assert first == command(rig, alice, "horn_and_lights", "r1")
    assert first == CommandAccepted("cmd-1", "delivered")
    assert [(t.vin, t.command_id, t.command) for t in rig.out.tcu_sent] == [(VIN, "cmd-1", "horn_and_lights")]
    assert command(rig, alice, "horn_and_lights", "r2") == CommandAccepted("cmd-2", "delivered")
    assert len(rig.out.tcu_sent) == 2


def test_a_sleeping_tcu_is_woken_by_sms(rig: Rig) -> None:
    alice, _ = bound_pair(rig)
    rig.out.asleep.add(VIN)
    assert command(rig, alice, "climate_on") == CommandAccepted("cmd-1", "pending")
    assert (rig.out.sms_sent[-1].to, rig.out.sms_sent[-1].text) == ("+4590000001", "WAKEUP")
    rig.out.asleep.clear()
    rig.advance(timedelta(seconds=20))
    rig.platform.tcu_online(TcuOnline(VIN))
    assert len(rig.out.tcu_sent) == 2
    assert status_of(rig, alice, "cmd-1") == "delivered"
    warm = VehicleState(locked=True, climate_on=True, location=Location(55.7, 12.6))
    rig.platform.tcu_report(TcuReport(VIN, "cmd-1", "done", warm))
    assert status_of(rig, alice, "cmd-1") == "done"
    status = rig.platform.vehicle_status(VehicleQuery(alice, VIN))
    assert (status.climate_on, status.updated_at) == (True, EPOCH + timedelta(seconds=20))
    rig.platform.tcu_report(TcuReport(VIN, "cmd-1", "failed", warm))
    assert status_of(rig, alice, "cmd-1") == "done"
    rig.advance(timedelta(minutes=10))
    assert status_of(rig, alice, "cmd-1") == "done"


def test_an_unreachable_car_ends_clearly_after_five_minutes_and_a_late_report_decides(rig: Rig) -> None:
    alice, _ = bound_pair(rig)
    rig.out.asleep.add(VIN)
    command(rig, alice, "find_my_car", "r1")
    rig.out.asleep.clear()
    command(rig, alice, "horn_and_lights", "r2")
    rig.advance(timedelta(minutes=5) - SECOND)
    assert (status_of(rig, alice, "cmd-1"), status_of(rig, alice, "cmd-2")) == ("pending", "delivered")
    rig.advance(SECOND)
    assert (status_of(rig, alice, "cmd-1"), status_of(rig, alice, "cmd-2")) == (
        "car_unreachable",
        "car_unreachable",
    )
    rig.platform.tcu_online(TcuOnline(VIN))
    assert len(rig.out.tcu_sent) == 2  # nothing left to deliver
    state = VehicleState(locked=False, climate_on=False, location=Location(55.7, 12.6))
    rig.platform.tcu_report(TcuReport(VIN, "cmd-2", "done", state))
    assert status_of(rig, alice, "cmd-2") == "done"  # the car did it: its late report decides
    rig.platform.tcu_report(TcuReport(VIN, "cmd-2", "failed", state))
    assert status_of(rig, alice, "cmd-2") == "done"  # the first report counts (D-REL-2)
    assert status_of(rig, alice, "cmd-1") == "car_unreachable"  # never delivered: stays


def test_a_command_is_kept_its_retention_after_its_time_out_then_forgotten() -> None:
    """With *command_retention* (a long load run's), a command and its request id live until
    time-out + retention, then the platform forgets them: memory stays flat; without it, for ever."""
    policy = dataclasses.replace(PlatformPolicy(), command_retention=timedelta(minutes=1))
    rig = Rig(ReferenceFactory(policy=policy))
    rig.provision(VIN)
    alice, _ = bound_pair(rig)
    assert command(rig, alice, "horn_and_lights", "r1") == CommandAccepted("cmd-1", "delivered")
    rig.advance(timedelta(minutes=6) - SECOND)
    assert status_of(rig, alice, "cmd-1") == "car_unreachable"
    assert command(rig, alice, "horn_and_lights", "r1") == CommandAccepted("cmd-1", "delivered")  # the same reply
    rig.advance(SECOND)
    assert status_of(rig, alice, "cmd-1") == "invalid_request"
    assert command(rig, alice, "horn_and_lights", "r1") == CommandAccepted("cmd-2", "delivered")  # a new one
    keeping = Rig()
    keeping.provision(VIN)
    alice, _ = bound_pair(keeping)
    command(keeping, alice, "horn_and_lights", "r1")
    keeping.advance(timedelta(days=400))
    assert status_of(keeping, alice, "cmd-1") == "car_unreachable"


def test_command_status_belongs_to_the_sender(rig: Rig) -> None:
    alice, bob = bound_pair(rig)
    command(rig, alice)
    assert status_of(rig, bob, "cmd-1") == "not_authorised"
    assert status_of(rig, alice, "cmd-9") == "invalid_request"
    state = VehicleState(locked=True, climate_on=False, location=Location(0.0, 0.0))
    assert outcome(lambda: rig.platform.tcu_report(TcuReport(VIN, "cmd-9", "done", state))) == "unknown_command"
