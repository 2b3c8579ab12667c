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
from probes_combinations import COMBINATION_PROBES
from probes_manuals import MANUAL_PROBES
from reference_kit import (
    ALICE,
    BOB,
    CAROL,
    DANA,
    EPOCH,
    GENUINE,
    MEGANE_VIN,
    MY_RENAULT_WEB,
    OSLO,
    OTHER_VIN,
    PASSWORD,
    PIN,
    VIN,
    ZOE_VIN,
    Recorder,
    Rig,
    outcome,
    renault,
    vehicle,
)

from contract.messages import (
    AnswerForceUnbind,
    AppIdentity,
    AuditQuery,
    CommandQuery,
    DealerForceUnbind,
    HeadUnitLogIn,
    LogIn,
    OwnershipEvidence,
    Register,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    ServiceTerm,
    ShowQr,
    SupportQuery,
    TcuOnline,
    TcuState,
    Unbind,
    VehicleQuery,
    VehicleState,
)
from contract.myrenault import (
    AddVehicle,
    BookAppointment,
    CarConditions,
    ConfirmAccount,
    CreateAccount,
    DealerQuery,
    DealerRecord,
    FindDealers,
    FindStations,
    MultimediaStarted,
    RenewService,
    ScheduleCharging,
    ScheduleClimate,
    SetPin,
    StartSync,
    StationReport,
    SyncConfirmedOnScreen,
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
    """As :func:`bound`, and Bob, logged in to the car's head unit, has asked to force-unbind
    Alice: the tokens and request id."""
    alice, bob = bound(rig)
    rig.log_in_to_car(bob)
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


def stranger_binds_bound_car(rig: Rig) -> object:
    _, bob = bound(rig)
    rig.log_in_to_car(bob)
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


def right_code_after_two_wrong(rig: Rig) -> object:
    code = send_code(rig)
    for _ in range(2):
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
    rig.log_in_to_car(bob)
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, False)))


def support_address(rig: Rig) -> object:
    return rig.platform.support_contact(SupportQuery(GENUINE, "DK")).email


# --- My Renault probes ----------------------------------------------------------------------


def renault_rig(rig: Rig, vin: str = MEGANE_VIN, model: str = "Megane E-Tech Electric", market: str = "NO") -> str:
    """Provision one My Renault car and return Dana's session token (account confirmed)."""
    rig.provision_renault(renault(vin, model, market))
    return rig.mr_user(DANA)


def honk(rig: Rig, token: str, pin: str = PIN, vin: str = MEGANE_VIN) -> object:
    return outcome(lambda: rig.platform.remote_command(RemoteCommand(token, vin, "horn_and_lights", "r1", pin)))


def log_in_unconfirmed(rig: Rig) -> object:
    rig.create_account(DANA)
    return outcome(lambda: rig.mr_log_in(DANA) and "logged in")


def log_in_on_the_web(rig: Rig) -> object:
    rig.mr_user(DANA)
    return outcome(lambda: rig.mr_log_in(DANA, MY_RENAULT_WEB) and "logged in")


def confirmation_emails(rig: Rig) -> object:
    rig.platform.create_account(CreateAccount(MY_RENAULT_WEB, DANA, PASSWORD, "Dana", "Berg"))
    return [m.to for m in rig.out.emails_sent]


def first_link_after_asking_again(rig: Rig) -> object:
    rig.create_account(DANA)
    first = rig.confirmation_token(DANA)
    rig.resend_confirmation(DANA)
    return outcome(lambda: rig.platform.confirm_account(ConfirmAccount(first)))


def add_with_wrong_check_digit(rig: Rig) -> object:
    dana = renault_rig(rig)
    typed = MEGANE_VIN[:8] + "2" + MEGANE_VIN[9:]
    return outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=typed)))


def sync_with(parked: bool = True, multimedia_on: bool = True) -> Probe:
    def probe(rig: Rig) -> object:
        dana = renault_rig(rig)
        rig.add(dana)
        sync_id = rig.start_sync(dana)
        rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, parked, multimedia_on, True))
        rig.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(MEGANE_VIN, sync_id))
        return rig.sync_state(dana, sync_id), rig.roles(dana)

    return probe


def sync_out_of_coverage(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    rig.out.asleep.add(MEGANE_VIN)
    sync_id = rig.start_sync(dana)
    return rig.sync_state(dana, sync_id), rig.roles(dana)


def sync_pressed_once(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    return outcome(lambda: rig.platform.start_sync(StartSync(dana, MEGANE_VIN, False)).sync_id)


def honk_an_added_car(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    rig.platform.set_pin(SetPin(dana, PIN))
    return honk(rig, dana)


def contracts_of_an_added_car(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    return outcome(lambda: rig.platform.list_contracts(VehicleQuery(dana, MEGANE_VIN)))


def roles_after_restart(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.synchronise(dana)
    rig.platform.multimedia_started(MultimediaStarted(MEGANE_VIN))
    return rig.roles(dana)


def honk_before_activation(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.synchronise(dana)
    rig.platform.set_pin(SetPin(dana, PIN))
    return honk(rig, dana)


def honk_from_the_web(rig: Rig) -> object:
    rig.provision_renault()
    rig.remote_ready(DANA)
    return honk(rig, rig.mr_log_in(DANA, MY_RENAULT_WEB))


def services_in_denmark(rig: Rig) -> object:
    rig.provision_renault(renault(market="DK"))
    dana = rig.remote_ready(DANA)
    return rig.platform.list_services(VehicleQuery(dana, MEGANE_VIN)).services, honk(rig, dana)


def honk_without_pin(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.synchronise(dana)
    rig.platform.activate_services(VehicleQuery(dana, MEGANE_VIN))
    return honk(rig, dana, pin="")


def zoe_schedules(kind: str) -> Probe:
    def probe(rig: Rig) -> object:
        rig.provision_renault(renault(ZOE_VIN, "Zoe"))
        dana = rig.remote_ready(DANA, ZOE_VIN)
        at = EPOCH + timedelta(days=1)
        if kind == "charging":
            return outcome(lambda: rig.platform.schedule_charging(ScheduleCharging(dana, ZOE_VIN, at, PIN)))
        return outcome(lambda: rig.platform.schedule_climate(ScheduleClimate(dana, ZOE_VIN, at, PIN)))

    return probe


def battery_after_a_report(rig: Rig) -> object:
    rig.provision_renault()
    dana = rig.remote_ready(DANA)
    rig.platform.tcu_state(TcuState(MEGANE_VIN, VehicleState(True, False, OSLO, battery_percent=93, range_km=370)))
    status = rig.platform.ev_status(VehicleQuery(dana, MEGANE_VIN))
    return status.battery_percent, status.range_km


def free_stations(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.platform.station_report(StationReport("st-full", "Full", OSLO, 4, 0))
    rig.platform.station_report(StationReport("st-free", "Free", OSLO, 4, 1))
    found = rig.platform.find_charging_stations(FindStations(dana, OSLO, 5.0, True))
    return [station.station_id for station in found.stations]


def expired_contract_rig(rig: Rig) -> str:
    rig.provision_renault(renault(contracts=[ServiceTerm("connected_services", EPOCH + timedelta(days=1))]))
    dana = rig.remote_ready(DANA)
    rig.advance(timedelta(days=2))
    return dana


def honk_after_expiry(rig: Rig) -> object:
    return honk(rig, expired_contract_rig(rig))


def contracts_after_renewal(rig: Rig) -> object:
    dana = expired_contract_rig(rig)
    rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 12))
    contracts = rig.platform.list_contracts(VehicleQuery(dana, MEGANE_VIN)).contracts
    return [(c.service, c.state) for c in contracts], honk(rig, dana)


def dealer_record(dealer_id: str, approved: bool = True) -> DealerRecord:
    slot = EPOCH + timedelta(days=1)
    return DealerRecord(dealer_id, "myrenault", dealer_id, f"{dealer_id}@dealers.example", OSLO, approved, [slot])


def dealers_nearby(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.platform.provision_dealer(dealer_record("approved"))
    rig.platform.provision_dealer(dealer_record("unapproved", approved=False))
    return [d.dealer_id for d in rig.platform.find_dealers(FindDealers(dana, OSLO, 10.0)).dealers]


def slots_after_booking(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    rig.platform.provision_dealer(dealer_record("d-1"))
    rig.platform.book_appointment(BookAppointment(dana, MEGANE_VIN, "d-1", EPOCH + timedelta(days=1)))
    return rig.platform.dealer_slots(DealerQuery(dana, "d-1")).slots


# --- reliability probes (D-REL) -------------------------------------------------------------


def command_to_sleeping_car(rig: Rig) -> tuple[str, str]:
    """Alice bound to VIN, its TCU asleep, and her command sent: her token and the command's id."""
    alice, _ = bound(rig)
    rig.out.asleep.add(VIN)
    return alice, rig.platform.remote_command(RemoteCommand(alice, VIN, "climate_on", "r1")).command_id


def wake_up_texts(rig: Rig) -> object:
    command_to_sleeping_car(rig)
    return [sms.text for sms in rig.out.sms_sent if sms.to == vehicle().tcu_msisdn]


def state_after_six_minutes(rig: Rig) -> object:
    alice, command_id = command_to_sleeping_car(rig)
    rig.advance(timedelta(minutes=6))
    return rig.platform.command_status(CommandQuery(alice, command_id)).state


def deliveries_after_late_wake_up(rig: Rig) -> object:
    command_to_sleeping_car(rig)
    rig.advance(timedelta(minutes=20))
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    return len(rig.out.tcu_sent)


def deliveries_of_a_retry(rig: Rig) -> object:
    alice, _ = bound(rig)
    for _ in range(2):
        rig.platform.remote_command(RemoteCommand(alice, VIN, "climate_on", "same"))
    return len(rig.out.tcu_sent)


def deliveries_after_two_online_reports(rig: Rig) -> object:
    command_to_sleeping_car(rig)
    rig.out.asleep.clear()
    for _ in range(2):
        rig.platform.tcu_online(TcuOnline(VIN))
    return len(rig.out.tcu_sent)


def codes_sent_when_asked_twice(rig: Rig) -> object:
    for _ in range(2):
        rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    return len(rig.out.sms_sent)


def pushes_when_asked_twice(rig: Rig) -> object:
    _, bob, _ = forced(rig)
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    return [p.kind for p in rig.pushes(f"dev-{ALICE}")]


def late_confirmation(rig: Rig) -> object:
    rig.create_account(DANA)
    rig.advance(timedelta(hours=3))
    return outcome(lambda: rig.confirm(DANA))


def confirmation_emails_when_asked_again(rig: Rig) -> object:
    rig.create_account(DANA)
    rig.resend_confirmation(DANA)
    return [m.to for m in rig.out.emails_sent]


# --- security probes ------------------------------------------------------------------------


def stranger_commands(rig: Rig) -> object:
    _, bob = bound(rig)
    return outcome(lambda: rig.platform.remote_command(RemoteCommand(bob, VIN, "find_my_car", "r1")))


def logged_in_user_commands(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.scan(alice)
    return outcome(lambda: rig.platform.remote_command(RemoteCommand(alice, VIN, "find_my_car", "r1")))


def sync_without_screen(rig: Rig) -> object:
    dana = renault_rig(rig)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, True, True, True))
    return rig.sync_state(dana, sync_id)


def right_pin_after_three_wrong(rig: Rig) -> object:
    rig.provision_renault()
    dana = rig.remote_ready(DANA)
    for _ in range(3):
        honk(rig, dana, pin="1111")
    return honk(rig, dana)


def qr_after_ten_minutes(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    qr = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.advance(timedelta(minutes=10))
    return outcome(lambda: rig.platform.scan_qr(ScanQr(alice, qr)))


def agree_after_reject(rig: Rig) -> object:
    alice, _, request_id = forced(rig)
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "reject"))
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(alice, request_id, "agree")))


def dealer_with_papers_of_another_car(rig: Rig) -> object:
    bound(rig)
    evidence = OwnershipEvidence(BOB, "registration_certificate", OTHER_VIN)
    return outcome(lambda: rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-7", VIN, evidence)))


def audit_records_after_dealer_unbinding(rig: Rig) -> object:
    bound(rig)
    evidence = OwnershipEvidence(BOB, "registration_certificate", VIN)
    rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-7", VIN, evidence))
    return [record.dealer_id for record in rig.platform.audit_records(AuditQuery("dealer-7", VIN)).records]


def car_events_of_a_refused_binding(rig: Rig) -> object:
    _, bob = bound(rig)
    rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, BOB, PASSWORD))
    before = len(rig.out.car_events)
    outcome(lambda: rig.scan(bob))
    return [event.kind for event in rig.out.car_events[before:]]


def commands_after_a_strangers_unbind_code(rig: Rig) -> object:
    _, bob = bound(rig)
    outcome(lambda: rig.platform.send_unbind_code(SendUnbindCode(bob, VIN)))
    return [command.command for command in rig.out.tcu_sent]


def waiting_command_after_unbinding(rig: Rig) -> object:
    alice, command_id = command_to_sleeping_car(rig)
    rig.platform.unbind(Unbind(alice, VIN, unbind_code(rig, alice)))
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    return rig.platform.command_status(CommandQuery(alice, command_id)).state, len(rig.out.tcu_sent)


PROBES: dict[str, Probe] = {
    "bind_on_first_scan": first_scan,
    "second_user_may_bind": stranger_binds_bound_car,
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
    "wrong_support_address": support_address,
    # My Renault
    "login_before_email_confirmed": log_in_unconfirmed,
    "web_credentials_differ": log_in_on_the_web,
    "no_confirmation_email": confirmation_emails,
    "invalid_vin_accepted": add_with_wrong_check_digit,
    "sync_while_driving": sync_with(parked=False),
    "sync_without_coverage": sync_out_of_coverage,
    "sync_with_multimedia_off": sync_with(multimedia_on=False),
    "sync_without_confirmation": sync_pressed_once,
    "remote_before_sync": honk_an_added_car,
    "contracts_without_sync": contracts_of_an_added_car,
    "sync_lost_on_restart": roles_after_restart,
    "remote_before_activation": honk_before_activation,
    "web_can_honk": honk_from_the_web,
    "market_law_ignored": services_in_denmark,
    "remote_horn_without_pin": honk_without_pin,
    "charging_schedule_on_any_model": zoe_schedules("charging"),
    "climate_schedule_on_any_model": zoe_schedules("climate"),
    "stale_battery_level": battery_after_a_report,
    "occupied_stations_listed_as_free": free_stations,
    "expired_service_still_usable": honk_after_expiry,
    "renewal_does_not_extend": contracts_after_renewal,
    "unapproved_dealers_listed": dealers_nearby,
    "booked_slot_still_free": slots_after_booking,
    # reliability
    "no_wake_up_sms": wake_up_texts,
    "commands_never_time_out": state_after_six_minutes,
    "expired_commands_stay_queued": deliveries_after_late_wake_up,
    "retry_sends_again": deliveries_of_a_retry,
    "wake_up_redelivers": deliveries_after_two_online_reports,
    "asking_again_sends_nothing": codes_sent_when_asked_twice,
    "lost_push_not_resent": pushes_when_asked_twice,
    "confirmation_link_short_lived": late_confirmation,
    "confirmation_not_resent": confirmation_emails_when_asked_again,
    "first_link_still_confirms": first_link_after_asking_again,
    # security
    "stranger_commands_by_vin": stranger_commands,
    "logged_in_user_may_command": logged_in_user_commands,
    "sync_without_screen": sync_without_screen,
    "pin_guessing_unlimited": right_pin_after_three_wrong,
    "qr_never_expires": qr_after_ten_minutes,
    "late_answer_honoured": agree_after_reject,
    "dealer_takes_other_cars_papers": dealer_with_papers_of_another_car,
    "dealer_leaves_no_audit_record": audit_records_after_dealer_unbinding,
    "refused_login_flickers_binding": car_events_of_a_refused_binding,
    "stranger_code_request_locates": commands_after_a_strangers_unbind_code,
    "queued_command_outlives_binding": waiting_command_after_unbinding,
    # declared values, off by one
    "code_locks_one_try_late": right_code_after_three_wrong,
    "code_locks_one_try_early": right_code_after_two_wrong,
    "pin_locks_one_try_late": right_pin_after_three_wrong,
    **COMBINATION_PROBES,
} | MANUAL_PROBES


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
