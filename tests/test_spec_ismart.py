"""The MG iSmart rules of the executable specification, each a sentence of the manual.

Every test tells a fresh specification hand-made observations (:class:`spec_kit.Story`) and
checks what it says: nothing for what the manual allows, the right requirement for what it
forbids. Each rule is stated both ways.
"""

from __future__ import annotations

from datetime import timedelta

from reference_kit import ALICE, BOB, CAROL, EPOCH, OTHER_VIN, PASSWORD, VIN
from spec_kit import GENUINE_APP, Story

from contract.messages import (
    AccountCreated,
    Ack,
    AnswerForceUnbind,
    AppIdentity,
    AuditEntry,
    AuditQuery,
    AuditRecords,
    CodeSent,
    DealerForceUnbind,
    DealerUnbound,
    ForceUnbindAnswered,
    ForceUnbindPending,
    HeadUnitLogIn,
    HeadUnitLogOut,
    HeadUnitSession,
    LogIn,
    OwnershipEvidence,
    QrScanned,
    QrShown,
    Register,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    SessionOpened,
    ShowQr,
    SupportContact,
    SupportQuery,
    Unbind,
    Unbound,
)
from contract.myrenault import MultimediaStarted
from contract.outbound import CarEvent, Push, Sms, TcuCommand
from spec.model import Account

SEVENTY_TWO_HOURS = timedelta(hours=72)
FOREIGN = AppIdentity("MG iSmart", "Evil Apps Ltd")


def bound_story() -> tuple[Story, str, str]:
    """Alice bound to VIN; Bob logged in to the app and to the car's head unit."""
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    bob = story.session(BOB, "acc-b")
    story.call("head_unit_log_in", HeadUnitLogIn(VIN, BOB, PASSWORD), HeadUnitSession(VIN, "acc-b"))
    return story, alice, bob


def forced_story() -> tuple[Story, str, str]:
    """As :func:`bound_story`, and Bob asked to force-unbind Alice (request "req-1"), who got the push."""
    story, alice, bob = bound_story()
    pending = ForceUnbindPending("req-1", story.now + SEVENTY_TWO_HOURS)
    story.call("request_force_unbind", RequestForceUnbind(bob, VIN, True), pending)
    story.sent(Push("dev-acc-a", "force_unbind_request", "Bob asks", story.now, "req-1"))
    return story, alice, bob


def unbind_code_story(code: str = "654321") -> tuple[Story, str]:
    """Alice bound to VIN has asked for the unbinding code and got it by SMS."""
    story, alice, _ = bound_story()
    story.call("send_unbind_code", SendUnbindCode(alice, VIN), CodeSent("sms"))
    story.sent(Sms(ALICE, f"Your unbinding code: {code}", story.now))
    return story, alice


# --- 1. the genuine app; 2. registration ----------------------------------------------------


def test_an_app_from_another_publisher_is_not_genuine() -> None:
    story = Story()
    assert story.call("send_registration_code", SendRegistrationCode(ALICE, FOREIGN), refusal="app_not_genuine") == []
    assert story.call("send_registration_code", SendRegistrationCode(BOB, FOREIGN), CodeSent("sms")) == ["IS-APP-1"]


def test_send_sends_a_verification_code_to_the_phone_number() -> None:
    story = Story()
    story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
    assert story.sent(Sms(ALICE, "Code: 123456", story.now)) == []
    assert story.end() == []


def test_send_that_sends_nothing_breaks_the_registration_rule() -> None:
    story = Story()
    story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
    assert story.end() == ["IS-REG-2"]


def test_a_code_for_an_email_address_goes_by_email() -> None:
    story = Story()
    assert story.call("send_registration_code", SendRegistrationCode(CAROL, GENUINE_APP), CodeSent("sms")) == [
        "IS-REG-2"
    ]


def test_pressing_send_again_sends_again() -> None:
    story = Story()
    for _ in range(2):
        story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
    story.sent(Sms(ALICE, "Code: 123456", story.now))
    assert story.end() == ["D-REL-3"]


def test_the_code_that_was_sent_and_a_password_create_the_account() -> None:
    story = Story()
    story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
    story.sent(Sms(ALICE, "Code: 123456", story.now))
    assert story.call("register", Register(ALICE, "123456", PASSWORD, GENUINE_APP), refusal="code_invalid") == [
        "IS-REG-3"
    ]


def test_a_code_that_was_never_sent_creates_no_account() -> None:
    story = Story()
    story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
    story.sent(Sms(ALICE, "Code: 123456", story.now))
    register = Register(ALICE, "999999", PASSWORD, GENUINE_APP)
    assert story.call("register", register, refusal="code_invalid") == []
    assert story.call("register", register, AccountCreated("acc-1")) == ["IS-REG-3"]


def test_a_verification_code_expires_within_a_day_but_not_within_two_minutes() -> None:
    fresh, stale = Story(), Story()
    for story in (fresh, stale):
        story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
        story.sent(Sms(ALICE, "Code: 123456", story.now))
    fresh.wait(timedelta(minutes=1))
    stale.wait(timedelta(hours=25))
    register = Register(ALICE, "123456", PASSWORD, GENUINE_APP)
    assert fresh.call("register", register, refusal="code_expired") == ["IS-REG-3"]
    assert stale.call("register", register, AccountCreated("acc-1")) == ["D-SEC-2"]


def test_a_few_wrong_codes_are_allowed_but_not_many() -> None:
    few, many = Story(), Story()
    for story, wrong in ((few, 1), (many, 10)):
        story.call("send_registration_code", SendRegistrationCode(ALICE, GENUINE_APP), CodeSent("sms"))
        story.sent(Sms(ALICE, "Code: 123456", story.now))
        for _ in range(wrong):
            story.call("register", Register(ALICE, "111111", PASSWORD, GENUINE_APP), refusal="code_invalid")
    register = Register(ALICE, "123456", PASSWORD, GENUINE_APP)
    assert few.call("register", register, refusal="too_many_attempts") == ["IS-REG-3"]
    assert many.call("register", register, AccountCreated("acc-1")) == ["D-SEC-2"]


# --- 3. log-in --------------------------------------------------------------------------------


def test_log_in_needs_the_user_agreement_and_the_privacy_policy() -> None:
    story = Story()
    story.account(ALICE, "acc-a")
    without = LogIn(ALICE, PASSWORD, True, False, "dev-a", GENUINE_APP)
    assert story.call("log_in", without, refusal="terms_not_accepted") == []
    assert story.call("log_in", without, SessionOpened("tok", "acc-a")) == ["IS-LOGIN-2"]


def test_the_password_of_the_account_logs_in_and_no_other() -> None:
    story = Story()
    story.account(ALICE, "acc-a")
    assert story.call("log_in", LogIn(ALICE, PASSWORD, True, True, "d", GENUINE_APP), refusal="bad_credentials") == [
        "IS-LOGIN-1"
    ]
    assert story.call("log_in", LogIn(ALICE, "guess", True, True, "d", GENUINE_APP), SessionOpened("t", "acc-a")) == [
        "IS-LOGIN-1"
    ]


# --- 4. logging in to the car and binding -------------------------------------------------


def test_the_first_scan_logs_in_to_the_car_and_the_second_binds_it() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    assert story.scan(alice, stage="logged_in") == []
    assert story.roles(alice, (VIN, "logged_in")) == []
    assert story.scan(alice, stage="bound") == []
    assert story.roles(alice, (VIN, "bound")) == []


def test_the_first_scan_does_not_bind() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    assert story.scan(alice, stage="bound") == ["IS-BIND-3"]


def test_typed_credentials_on_the_head_unit_log_in_to_the_car() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    story.call("head_unit_log_in", HeadUnitLogIn(VIN, ALICE, PASSWORD), HeadUnitSession(VIN, "acc-a"))
    assert story.roles(alice) == ["IS-BIND-4"]
    assert story.scan(alice, stage="bound") == []


def test_a_bound_car_takes_no_second_user_but_a_new_user_may_log_in_to_its_head_unit() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    bob = story.session(BOB, "acc-b")
    assert story.call("scan_qr", ScanQr(bob, story.qr()), refusal="already_bound") == ["IS-BIND-2"]
    assert story.scan(bob, stage="logged_in") == []
    assert story.call("scan_qr", ScanQr(bob, story.qr()), refusal="already_bound") == []
    assert story.scan(bob, stage="bound") == ["IS-USER-2"]


def test_a_qr_code_works_once() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    qr = story.qr()
    story.call("scan_qr", ScanQr(alice, qr), QrScanned(VIN, "logged_in"))
    assert story.call("scan_qr", ScanQr(alice, qr), refusal="qr_used") == []
    assert story.call("scan_qr", ScanQr(alice, qr), QrScanned(VIN, "bound")) == ["D-SEC-3"]


def test_a_qr_code_is_short_lived() -> None:
    story = Story()
    story.car()
    assert story.call("show_qr", ShowQr(VIN), QrShown("qr-a", story.now + timedelta(minutes=5))) == []
    assert story.call("show_qr", ShowQr(VIN), QrShown("qr-b", story.now + timedelta(days=365))) == ["D-SEC-3"]
    alice = story.session(ALICE, "acc-a")
    story.wait(timedelta(minutes=6))
    assert story.call("scan_qr", ScanQr(alice, "qr-a"), QrScanned(VIN, "logged_in")) == ["D-SEC-3"]


def test_a_qr_code_is_valid_only_for_its_own_car() -> None:
    story = Story()
    story.car()
    story.car(OTHER_VIN, "MG ZS EV", "+4590000002")
    alice = story.session(ALICE, "acc-a")
    story.scan(alice, VIN)
    assert story.call("scan_qr", ScanQr(alice, story.qr(OTHER_VIN)), QrScanned(VIN, "bound")) == ["D-SEC-3"]


def test_a_my_renault_account_cannot_log_in_to_an_mg_car() -> None:
    story = Story()
    story.car()
    story.spec.model.accounts["myrenault", "dana@example.no"] = Account("dana@example.no", PASSWORD, "myrenault")
    renault = AppIdentity("My Renault", "RENAULT SAS")
    story.call(
        "log_in", LogIn("dana@example.no", PASSWORD, False, False, "dev-d", renault), SessionOpened("tok-d", "d")
    )
    assert story.call("scan_qr", ScanQr("tok-d", story.qr()), refusal="not_authorised") == []
    assert story.call("scan_qr", ScanQr("tok-d", story.qr()), QrScanned(VIN, "logged_in")) == ["D-SEC-7"]
    typed = HeadUnitLogIn(VIN, "dana@example.no", PASSWORD)
    assert story.call("head_unit_log_in", typed, HeadUnitSession(VIN, "d")) == ["D-SEC-7"]


# --- 6, 7. changing user, unbinding ------------------------------------------------------------


def test_send_on_the_unbind_screen_texts_the_bound_user_a_six_digit_code() -> None:
    story, _ = unbind_code_story("654321")
    assert story.end() == []
    story, _ = unbind_code_story("6543")
    assert "IS-UNBIND-2" in story.spec.violations[0].requirement


def test_only_the_bound_user_gets_an_unbinding_code_and_nothing_goes_to_the_car() -> None:
    story, _, bob = bound_story()
    assert story.call("send_unbind_code", SendUnbindCode(bob, VIN), refusal="not_bound") == []
    assert story.sent(TcuCommand(VIN, "cmd-x", "find_my_car", story.now)) == ["D-SEC-1"]
    assert story.call("send_unbind_code", SendUnbindCode(bob, VIN), CodeSent("sms")) == ["IS-UNBIND-1"]


def test_the_right_code_unbinds_and_a_wrong_one_does_not() -> None:
    story, alice = unbind_code_story()
    assert story.call("unbind", Unbind(alice, VIN, "111111"), refusal="code_invalid") == []
    assert story.call("unbind", Unbind(alice, VIN, "111112"), Unbound(VIN)) == ["IS-UNBIND-3"]
    story, alice = unbind_code_story()
    assert story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN)) == []
    assert story.roles(alice, (VIN, "bound")) == ["IS-UNBIND-3"]


def test_an_unbinding_code_is_single_use_and_belongs_to_its_binding() -> None:
    story, alice = unbind_code_story()
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    story.bind(alice)
    assert story.call("unbind", Unbind(alice, VIN, "654321"), refusal="code_used") == []
    assert story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN)) == ["D-SEC-2"]


# --- 8. unbinding the previous user -----------------------------------------------------------


def test_force_unbinding_is_asked_for_from_the_car_only() -> None:
    story = Story()
    story.car()
    story.bind(story.session(ALICE, "acc-a"))
    bob = story.session(BOB, "acc-b")
    request = RequestForceUnbind(bob, VIN, True)
    assert story.call("request_force_unbind", request, refusal="not_authorised") == []
    pending = ForceUnbindPending("req-1", story.now + SEVENTY_TWO_HOURS)
    assert story.call("request_force_unbind", request, pending) == ["D-SEC-6"]


def test_the_new_user_confirms_that_a_push_goes_to_the_previous_user() -> None:
    story, _, bob = bound_story()
    unconfirmed = RequestForceUnbind(bob, VIN, False)
    assert story.call("request_force_unbind", unconfirmed, refusal="confirmation_required") == []
    pending = ForceUnbindPending("req-1", story.now + SEVENTY_TWO_HOURS)
    assert story.call("request_force_unbind", unconfirmed, pending) == ["IS-FORCE-2"]


def test_the_previous_user_gets_the_push() -> None:
    story, _, bob = bound_story()
    pending = ForceUnbindPending("req-1", story.now + SEVENTY_TWO_HOURS)
    story.call("request_force_unbind", RequestForceUnbind(bob, VIN, True), pending)
    assert story.end() == ["IS-FORCE-2"]


def test_asking_again_pushes_the_same_request_again() -> None:
    story, _, bob = forced_story()
    again = ForceUnbindPending("req-1", EPOCH + SEVENTY_TWO_HOURS)
    assert story.call("request_force_unbind", RequestForceUnbind(bob, VIN, True), again) == []
    assert story.end() == ["D-REL-3"]


def test_an_unanswered_request_completes_after_exactly_72_hours_not_a_second_before() -> None:
    story, alice, bob = forced_story()
    story.wait(SEVENTY_TWO_HOURS - timedelta(seconds=1))
    assert story.roles(alice) == ["IS-FORCE-4"]
    assert story.roles(alice, (VIN, "bound")) == []
    story.wait(timedelta(seconds=1))
    assert story.sent(Push("dev-acc-b", "force_unbind_completed", "done", story.now, "req-1")) == []
    assert story.roles(alice, (VIN, "bound")) == ["IS-FORCE-4"]
    assert story.roles(alice) == []
    assert story.roles(bob, (VIN, "logged_in")) == []


def test_the_72_hours_are_fixed_by_the_manual() -> None:
    story, _, bob = bound_story()
    early = ForceUnbindPending("req-1", story.now + timedelta(hours=24))
    assert story.call("request_force_unbind", RequestForceUnbind(bob, VIN, True), early)[0] == "IS-FORCE-4"


def test_a_completion_before_the_deadline_is_early() -> None:
    story, _, _ = forced_story()
    story.wait(timedelta(hours=71, minutes=59))
    assert story.sent(Push("dev-acc-b", "force_unbind_completed", "done", story.now, "req-1")) == ["IS-FORCE-4"]


def test_the_new_user_is_told_when_the_unbinding_completes() -> None:
    story, _, _ = forced_story()
    story.wait(SEVENTY_TWO_HOURS)
    assert story.end() == ["IS-FORCE-7"]


def test_agree_completes_the_unbinding_at_once() -> None:
    story, alice, _ = forced_story()
    story.call(
        "answer_force_unbind", AnswerForceUnbind(alice, "req-1", "agree"), ForceUnbindAnswered("req-1", "completed")
    )
    assert story.roles(alice, (VIN, "bound")) == ["IS-FORCE-3"]
    story.sent(Push("dev-acc-b", "force_unbind_completed", "done", story.now, "req-1"))
    assert story.end() == []


def test_reject_keeps_the_binding_for_good() -> None:
    story, alice, _ = forced_story()
    story.call(
        "answer_force_unbind", AnswerForceUnbind(alice, "req-1", "reject"), ForceUnbindAnswered("req-1", "rejected")
    )
    story.wait(SEVENTY_TWO_HOURS)
    assert story.roles(alice, (VIN, "bound")) == []
    assert story.roles(alice) == ["IS-FORCE-5"]


def test_only_the_previous_user_answers() -> None:
    story, _, bob = forced_story()
    agree = AnswerForceUnbind(bob, "req-1", "agree")
    assert story.call("answer_force_unbind", agree, refusal="not_authorised") == []
    assert story.call("answer_force_unbind", agree, ForceUnbindAnswered("req-1", "completed")) == ["D-SEC-4"]


def test_an_answer_after_the_request_ended_changes_nothing() -> None:
    story, alice, _ = forced_story()
    story.call(
        "answer_force_unbind", AnswerForceUnbind(alice, "req-1", "reject"), ForceUnbindAnswered("req-1", "rejected")
    )
    agree = AnswerForceUnbind(alice, "req-1", "agree")
    assert story.call("answer_force_unbind", agree, refusal="request_closed") == []
    assert story.call("answer_force_unbind", agree, ForceUnbindAnswered("req-1", "completed")) == ["D-SEC-4"]


def test_the_new_user_is_told_when_the_previous_user_unbinds_with_the_code() -> None:
    story, alice, _ = forced_story()
    story.call("send_unbind_code", SendUnbindCode(alice, VIN), CodeSent("sms"))
    story.sent(Sms(ALICE, "Your unbinding code: 654321", story.now))
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    assert story.end() == ["IS-FORCE-7"]


def test_the_dealer_unbinds_on_evidence_of_ownership_of_the_car_itself() -> None:
    story, _, _ = bound_story()
    none = DealerForceUnbind("dealer-7", VIN, OwnershipEvidence(BOB, "none", VIN))
    other = DealerForceUnbind("dealer-7", VIN, OwnershipEvidence(BOB, "registration_certificate", OTHER_VIN))
    assert story.call("dealer_force_unbind", none, refusal="evidence_required") == []
    assert story.call("dealer_force_unbind", none, DealerUnbound(VIN, "audit-1")) == ["IS-FORCE-6"]
    story, _, _ = bound_story()
    assert story.call("dealer_force_unbind", other, DealerUnbound(VIN, "audit-1")) == ["D-SEC-5"]


def test_a_dealers_forced_unbinding_leaves_an_audit_record() -> None:
    story, _, _ = bound_story()
    papers = DealerForceUnbind("dealer-7", VIN, OwnershipEvidence(BOB, "registration_certificate", VIN))
    assert story.call("dealer_force_unbind", papers, DealerUnbound(VIN, "audit-1")) == []
    entry = AuditEntry("audit-1", "dealer-7", VIN, "acc-a", "acc-b", "registration_certificate", story.now)
    assert story.call("audit_records", AuditQuery("dealer-7", VIN), AuditRecords([entry])) == []
    assert story.call("audit_records", AuditQuery("dealer-7", VIN), AuditRecords([])) == ["D-SEC-5"]


# --- 9. contact -----------------------------------------------------------------------------


def test_contact_us_writes_to_the_ismart_support_address_and_feedback_is_in_the_menu() -> None:
    story = Story()
    query = SupportQuery(GENUINE_APP, "DK")
    assert (
        story.call("support_contact", query, SupportContact("mg.europe@ismart-service.com", ["Contact Us", "Feedback"]))
        == []
    )
    assert story.call("support_contact", query, SupportContact("support@example.com", ["Feedback"])) == ["IS-CONTACT-1"]
    assert story.call("support_contact", query, SupportContact("mg.europe@ismart-service.com", ["Contact Us"])) == [
        "IS-CONTACT-1"
    ]


# --- the head unit's news -------------------------------------------------------------------


def test_the_head_unit_hears_of_a_binding_but_not_of_an_unbinding_that_did_not_happen() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    story.scan(alice, stage="logged_in")
    assert story.sent(CarEvent(VIN, "user_logged_in", "acc-a", story.now)) == []
    story.scan(alice, stage="bound")
    assert story.sent(CarEvent(VIN, "user_bound", "acc-a", story.now)) == []
    assert story.sent(CarEvent(VIN, "user_unbound", "acc-a", story.now)) == ["IS-USER-3"]


# --- retries and second phones ---------------------------------------------------------------


def test_a_retried_unbinding_may_answer_again_but_has_no_second_effect() -> None:
    story, alice = unbind_code_story()
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    assert story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN)) == []
    assert story.call("unbind", Unbind(alice, VIN, "654321"), refusal="not_bound") == []
    assert story.call("unbind", Unbind(alice, VIN, "111111"), Unbound(VIN)) == ["IS-UNBIND-1"]


def test_a_retried_agree_may_answer_completed_again_but_a_late_reject_changes_nothing() -> None:
    story, alice, _ = forced_story()
    agree = AnswerForceUnbind(alice, "req-1", "agree")
    story.call("answer_force_unbind", agree, ForceUnbindAnswered("req-1", "completed"))
    assert story.call("answer_force_unbind", agree, ForceUnbindAnswered("req-1", "completed")) == []
    reject = AnswerForceUnbind(alice, "req-1", "reject")
    assert story.call("answer_force_unbind", reject, ForceUnbindAnswered("req-1", "rejected")) == ["D-SEC-4"]


def test_a_retried_dealer_unbinding_keeps_one_audit_record() -> None:
    story, _, _ = bound_story()
    papers = DealerForceUnbind("dealer-7", VIN, OwnershipEvidence(BOB, "registration_certificate", VIN))
    story.call("dealer_force_unbind", papers, DealerUnbound(VIN, "audit-1"))
    assert story.call("dealer_force_unbind", papers, DealerUnbound(VIN, "audit-1")) == []
    assert story.call("dealer_force_unbind", papers, DealerUnbound(VIN, "audit-2")) == ["D-REL-2"]


def test_a_log_in_on_a_second_phone_may_end_the_first_session() -> None:
    story, alice, _ = bound_story()
    second = LogIn(ALICE, PASSWORD, True, True, "dev-second", GENUINE_APP)
    story.call("log_in", second, SessionOpened("tok-second", "acc-a"))
    assert story.call("send_unbind_code", SendUnbindCode(alice, VIN), refusal="not_authenticated") == []
    assert story.call("send_unbind_code", SendUnbindCode("tok-second", VIN), refusal="not_authenticated") == [
        "IS-UNBIND-2"
    ]


def test_after_rebinding_a_new_unbinding_code_unbinds() -> None:
    story, alice = unbind_code_story()
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    story.bind(alice)
    story.call("send_unbind_code", SendUnbindCode(alice, VIN), CodeSent("sms"))
    story.sent(Sms(ALICE, "Your unbinding code: 777777", story.now))
    assert story.call("unbind", Unbind(alice, VIN, "777777"), refusal="code_invalid") == ["IS-UNBIND-3"]
    assert story.call("unbind", Unbind(alice, VIN, "777777"), Unbound(VIN)) == []


# --- combinations exploration reaches ----------------------------------------------------------


def test_a_restart_may_end_the_qr_codes_shown_before_but_a_used_one_stays_used() -> None:
    story = Story()
    story.car()
    alice, bob = story.session(ALICE, "acc-a"), story.session(BOB, "acc-b")
    fresh, used = story.qr(), story.qr()
    story.call("scan_qr", ScanQr(alice, used), QrScanned(VIN, "logged_in"))
    story.call("multimedia_started", MultimediaStarted(VIN), Ack())
    assert story.call("scan_qr", ScanQr(bob, fresh), refusal="qr_expired") == []
    assert story.call("scan_qr", ScanQr(bob, used), refusal="qr_expired") == []
    assert story.call("scan_qr", ScanQr(bob, used), QrScanned(VIN, "logged_in")) == ["D-SEC-3"]


def test_a_qr_code_still_alive_after_a_restart_may_be_scanned() -> None:
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    qr = story.qr()
    story.call("multimedia_started", MultimediaStarted(VIN), Ack())
    assert story.call("scan_qr", ScanQr(alice, qr), QrScanned(VIN, "logged_in")) == []


def test_an_accepted_head_unit_log_out_is_told_to_the_head_unit() -> None:
    story = Story()
    story.car()
    story.session(BOB, "acc-b")
    story.call("head_unit_log_in", HeadUnitLogIn(VIN, BOB, PASSWORD), HeadUnitSession(VIN, "acc-b"))
    story.sent(CarEvent(VIN, "user_logged_in", "acc-b", story.now))
    story.call("head_unit_log_out", HeadUnitLogOut(VIN), Ack())
    assert story.end() == ["IS-USER-3"]
    told = Story()
    told.car()
    told.session(BOB, "acc-b")
    told.call("head_unit_log_in", HeadUnitLogIn(VIN, BOB, PASSWORD), HeadUnitSession(VIN, "acc-b"))
    told.sent(CarEvent(VIN, "user_logged_in", "acc-b", told.now))
    told.call("head_unit_log_out", HeadUnitLogOut(VIN), Ack())
    assert told.sent(CarEvent(VIN, "user_logged_out", "acc-b", told.now)) == []
    assert told.end() == []


def test_the_push_reaches_at_least_the_phone_the_previous_user_logged_in_from_last() -> None:
    story, _, bob = bound_story()
    story.call("log_in", LogIn(ALICE, PASSWORD, True, True, "dev-second", GENUINE_APP), SessionOpened("tok-2", "acc-a"))
    pending = ForceUnbindPending("req-1", story.now + SEVENTY_TWO_HOURS)
    story.call("request_force_unbind", RequestForceUnbind(bob, VIN, True), pending)
    story.sent(Push("dev-acc-a", "force_unbind_request", "Bob asks", story.now, "req-1"))
    assert story.end() == ["IS-FORCE-2"]


def test_a_second_request_while_one_is_open_may_be_refused() -> None:
    story, _, _ = forced_story()
    carol = story.session(CAROL, "acc-c")
    story.call("head_unit_log_in", HeadUnitLogIn(VIN, CAROL, PASSWORD), HeadUnitSession(VIN, "acc-c"))
    assert story.call("request_force_unbind", RequestForceUnbind(carol, VIN, True), refusal="invalid_request") == []


def test_a_code_used_in_an_ended_binding_is_refused_as_used() -> None:
    story, alice = unbind_code_story()
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    story.bind(alice)
    assert story.call("unbind", Unbind(alice, VIN, "654321"), refusal="code_invalid") == ["D-SEC-2"]


def test_a_new_user_logged_in_to_a_bound_car_logs_out_like_anyone() -> None:
    story, _, _ = bound_story()
    assert story.call("head_unit_log_out", HeadUnitLogOut(VIN), refusal="already_bound") == ["IS-USER-3"]
    kept = Story()
    kept.car()
    kept.bind(kept.session(ALICE, "acc-a"))
    assert kept.call("head_unit_log_out", HeadUnitLogOut(VIN), refusal="already_bound") == []
