"""Sequences of actions, one per shipped MG iSmart or shared mutant, that the specification judges.

Each sequence drives a :class:`spec_kit.JudgedRig` the way twins could (a phone, a head unit, a
TCU, a dealer, time passing); run against a mutant, the specification must name the mutant's
requirement, and run against the reference it must find nothing. The sequences follow the
manuals, D-SEC-6 included: a new user logs in to the bound car's head unit before asking for a
force unbinding. Where a mutant's own probe already does that, the probe is the sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import test_mutants as probes
from reference_kit import ALICE, BOB, CAROL, MEGANE_VIN, OTHER_VIN, PASSWORD, VIN, outcome
from spec_kit import JudgedRig

from contract.messages import (
    AnswerForceUnbind,
    CommandQuery,
    HeadUnitLogIn,
    RemoteCommand,
    RequestForceUnbind,
    TcuOnline,
    Unbind,
)

Sequence = Callable[[JudgedRig], object]
PAST_CODE_LIFETIME = timedelta(hours=25)
PAST_UNREACHABLE = timedelta(minutes=31)
MANY_WRONG = 10


def bound(rig: JudgedRig) -> tuple[str, str]:
    """Alice bound to VIN; Bob logged in to the app and, with his credentials, to the car's head unit."""
    alice, bob = probes.bound(rig)
    outcome(lambda: rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, BOB, PASSWORD)))
    return alice, bob


def forced(rig: JudgedRig, *, confirmed: bool = True) -> tuple[str, str, str]:
    """As :func:`bound`, and Bob has asked from the car to force-unbind Alice."""
    alice, bob = bound(rig)
    pending = outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, confirmed)))
    return alice, bob, getattr(pending, "request_id", "")


def after(delay: timedelta) -> Sequence:
    def sequence(rig: JudgedRig) -> object:
        alice, _, _ = forced(rig)
        rig.advance(delay)
        return rig.roles(alice)

    return sequence


def rejected_then_72h(rig: JudgedRig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "reject"))
    rig.advance(timedelta(hours=72))
    return rig.roles(alice)


def stranger_answers(rig: JudgedRig) -> object:
    _, _, request_id = forced(rig)
    carol = rig.user(CAROL)
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(carol, request_id, "agree")))


def agreed(rig: JudgedRig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree"))
    return rig.roles(alice)


def second_user_scans_twice(rig: JudgedRig) -> object:
    _, bob = probes.bound(rig)
    outcome(lambda: rig.scan(bob))
    return outcome(lambda: rig.scan(bob))


def code_after_a_day(rig: JudgedRig) -> object:
    code = probes.send_code(rig)
    rig.advance(PAST_CODE_LIFETIME)
    return probes.register(rig, code)


def right_code_after_many_wrong(rig: JudgedRig) -> object:
    code = probes.send_code(rig)
    for _ in range(MANY_WRONG):
        probes.register(rig, probes.wrong(code))
    return probes.register(rig, code)


def force_without_confirmation(rig: JudgedRig) -> object:
    return forced(rig, confirmed=False)


def force_asked_twice(rig: JudgedRig) -> object:
    _, bob, _ = forced(rig)
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    return [push.kind for push in rig.pushes(f"dev-{ALICE}")]


def agree_after_reject(rig: JudgedRig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "reject"))
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree")))


def state_long_after(rig: JudgedRig) -> object:
    alice, command_id = probes.command_to_sleeping_car(rig)
    rig.advance(PAST_UNREACHABLE)
    return rig.platform.command_status(CommandQuery(alice, command_id)).state


def wake_up_long_after(rig: JudgedRig) -> object:
    probes.command_to_sleeping_car(rig)
    rig.advance(PAST_UNREACHABLE)
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    return len(rig.out.tcu_sent)


def refused_binding(rig: JudgedRig) -> object:
    """Bob logs in to Alice's car's head unit and scans its QR code: binding it is refused."""
    _, bob = bound(rig)
    outcome(lambda: rig.scan(bob))
    return [event.kind for event in rig.out.car_events]


def command_then_rebinding(rig: JudgedRig) -> object:
    alice, command_id = probes.command_to_sleeping_car(rig)
    rig.platform.unbind(Unbind(alice, VIN, probes.unbind_code(rig, alice)))
    rig.bind(alice)
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    return rig.platform.command_status(CommandQuery(alice, command_id)).state


def log_in_to_car(rig: JudgedRig, identifier: str, vin: str = VIN) -> object:
    return outcome(lambda: rig.platform.head_unit_log_in(HeadUnitLogIn(vin, identifier, PASSWORD)))


def unbind_with_code(rig: JudgedRig, token: str) -> object:
    return outcome(lambda: rig.platform.unbind(Unbind(token, VIN, probes.unbind_code(rig, token))))


def scan_a_renault_twice(rig: JudgedRig) -> object:
    rig.provision_renault()
    alice = rig.user(ALICE)
    return [outcome(lambda: rig.scan(alice, MEGANE_VIN)) for _ in range(2)]


def credentials_on_a_renault(rig: JudgedRig) -> object:
    rig.provision_renault()
    rig.user(ALICE)
    return log_in_to_car(rig, ALICE, MEGANE_VIN)


def force_by_vin(rig: JudgedRig) -> object:
    _, bob = probes.bound(rig)
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True)))


def force_from_another_head_unit(rig: JudgedRig) -> object:
    _, bob = probes.bound(rig)
    rig.provision(OTHER_VIN, "MG ZS EV")
    log_in_to_car(rig, BOB, OTHER_VIN)
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True)))


def old_code_after_rebinding(rig: JudgedRig) -> object:
    alice, _, request_id = forced(rig)
    old_code = probes.unbind_code(rig, alice)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree"))
    rig.bind(alice)
    outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, old_code)))
    return rig.roles(alice)


def force_after_an_earlier_reject(rig: JudgedRig) -> object:
    alice, bob, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "reject"))
    unbind_with_code(rig, alice)
    rig.bind(alice)
    log_in_to_car(rig, BOB)
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True)))


def previous_user_unbinds_meanwhile(rig: JudgedRig) -> object:
    alice, _, _ = forced(rig)
    unbind_with_code(rig, alice)
    return [push.kind for push in rig.pushes(f"dev-{BOB}")]


def honk(rig: JudgedRig) -> object:
    alice, _ = probes.bound(rig)
    return rig.platform.remote_command(RemoteCommand(alice, VIN, "horn_and_lights", "r1")).state


SEQUENCES: dict[str, Sequence] = {
    "bind_on_first_scan": probes.first_scan,
    "second_user_may_bind": second_user_scans_twice,
    "any_code_accepted": probes.register_with_wrong_code,
    "code_reusable": probes.code_used_twice,
    "code_never_expires": code_after_a_day,
    "no_lockout": right_code_after_many_wrong,
    "four_digit_unbind_code": probes.unbind_code_length,
    "auto_unbind_at_24h": after(timedelta(hours=24)),
    "never_auto_unbinds": after(timedelta(hours=72)),
    "auto_unbind_a_minute_early": after(timedelta(hours=72) - timedelta(seconds=1)),
    "reject_ignored": rejected_then_72h,
    "anyone_may_answer": stranger_answers,
    "no_completion_message": agreed,
    "login_without_terms": probes.log_in_without_terms,
    "qr_reusable": probes.same_qr_twice,
    "qr_binds_logged_in_car": probes.qr_of_another_car,
    "any_publisher_accepted": probes.foreign_publisher,
    "no_push_to_previous_user": forced,
    "agree_does_not_complete": agreed,
    "dealer_without_evidence": probes.dealer_without_papers,
    "stranger_reads_status": probes.stranger_reads_status,
    "head_unit_login_ignored": probes.head_unit_log_in,
    "unbind_without_code": probes.unbind_with_wrong_code,
    "push_confirmation_not_required": force_without_confirmation,
    "wrong_support_address": probes.support_address,
    "no_wake_up_sms": probes.wake_up_texts,
    "commands_never_time_out": state_long_after,
    "expired_commands_stay_queued": wake_up_long_after,
    "retry_sends_again": probes.deliveries_of_a_retry,
    "wake_up_redelivers": probes.deliveries_after_two_online_reports,
    "asking_again_sends_nothing": probes.codes_sent_when_asked_twice,
    "lost_push_not_resent": force_asked_twice,
    "stranger_commands_by_vin": probes.stranger_commands,
    "logged_in_user_may_command": probes.logged_in_user_commands,
    "qr_never_expires": probes.qr_after_ten_minutes,
    "late_answer_honoured": agree_after_reject,
    "dealer_takes_other_cars_papers": probes.dealer_with_papers_of_another_car,
    "dealer_leaves_no_audit_record": probes.audit_records_after_dealer_unbinding,
    "refused_login_flickers_binding": refused_binding,
    "stranger_code_request_locates": probes.commands_after_a_strangers_unbind_code,
    "queued_command_outlives_binding": probes.waiting_command_after_unbinding,
    "ismart_scan_logs_in_to_renault": scan_a_renault_twice,
    "other_brand_credentials_on_head_unit": credentials_on_a_renault,
    "force_unbind_by_vin": force_by_vin,
    "force_unbind_from_any_head_unit": force_from_another_head_unit,
    "unbind_code_outlives_binding": old_code_after_rebinding,
    "reject_outlives_binding": force_after_an_earlier_reject,
    "command_outlives_rebinding": command_then_rebinding,
    "no_message_when_previous_user_unbinds": previous_user_unbinds_meanwhile,
}
"""The sequence that shows each MG iSmart or shared mutant (by name) to the specification."""

REFERENCE_ONLY: dict[str, Sequence] = {
    "horn and lights": honk,
}
"""More journeys the reference must pass (no mutant of their own here)."""

AWAITS_REFERENCE_CHANGE = {
    name
    for name, sequence in SEQUENCES.items()
    if sequence
    in (
        second_user_scans_twice,
        refused_binding,
        rejected_then_72h,
        stranger_answers,
        agreed,
        forced,
        force_without_confirmation,
        force_asked_twice,
        agree_after_reject,
        command_then_rebinding,
        old_code_after_rebinding,
        force_after_an_earlier_reject,
        previous_user_unbinds_meanwhile,
        scan_a_renault_twice,
        credentials_on_a_renault,
        force_by_vin,
        force_from_another_head_unit,
    )
    or name.startswith(("auto_unbind", "never_auto"))
}
"""The sequences the reference passes only once it follows the manuals' newer rules: a new user
logs in to a bound car's head unit, and only from there asks for a force unbinding (D-SEC-6);
nobody crosses brands (D-SEC-7); codes, rejects and commands do not outlive their binding."""
