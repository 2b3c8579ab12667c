"""Probes for the combination mutants (:mod:`mutants.combinations`), merged into the PROBES of
``tests/test_mutants.py``: each drives a fresh platform through the contract and returns what a
twin could observe, which differs between the reference and its mutant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from reference_kit import (
    ALICE,
    BOB,
    CAROL,
    DANA,
    EPOCH,
    ERIK,
    GENUINE,
    MEGANE_VIN,
    MY_RENAULT_WEB,
    OSLO,
    OTHER_VIN,
    PASSWORD,
    PIN,
    VIN,
    ZOE_VIN,
    Rig,
    outcome,
    renault,
)

from contract.messages import (
    AnswerForceUnbind,
    AuditQuery,
    DealerForceUnbind,
    HeadUnitLogOut,
    ListVehicles,
    Location,
    LogOut,
    OwnershipEvidence,
    Register,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    ShowQr,
    TcuReport,
    TcuState,
    Unbind,
    VehicleQuery,
    VehicleState,
)
from contract.myrenault import (
    ChargePassQuery,
    DealerRecord,
    FindDealers,
    MultimediaStarted,
    ScheduleCharging,
    StartSync,
)

Probe = Callable[[Rig], object]
AARHUS = Location(56.1629, 10.2039)


def two_cars(rig: Rig) -> str:
    """Alice bound to VIN and to OTHER_VIN: her token."""
    rig.provision(VIN)
    rig.provision(OTHER_VIN)
    alice = rig.user(ALICE)
    rig.bind(alice, VIN)
    rig.bind(alice, OTHER_VIN)
    return alice


def unbind_code(rig: Rig, token: str, vin: str = VIN) -> str:
    rig.platform.send_unbind_code(SendUnbindCode(token, vin))
    return rig.last_code(ALICE)


def one_car(rig: Rig) -> str:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    return alice


def forced(rig: Rig) -> str:
    """Alice bound to VIN, Bob has asked to force-unbind her: the request id."""
    one_car(rig)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)  # D-SEC-6: asked for from the car
    return rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True)).request_id


def command_for_one_of_two(rig: Rig) -> object:
    alice = two_cars(rig)
    rig.platform.remote_command(RemoteCommand(alice, VIN, "find_my_car", "r-1"))
    return [message.vin for message in rig.out.tcu_sent]


def roles_after_unbinding_one(rig: Rig) -> object:
    alice = two_cars(rig)
    rig.platform.unbind(Unbind(alice, VIN, unbind_code(rig, alice)))
    return rig.roles(alice)


def status_of_the_other_car(rig: Rig) -> object:
    alice = two_cars(rig)
    rig.platform.tcu_state(TcuState(OTHER_VIN, VehicleState(locked=False, climate_on=False, location=AARHUS)))
    return rig.platform.vehicle_status(VehicleQuery(alice, OTHER_VIN)).location


def code_of_one_car_on_the_other(rig: Rig) -> object:
    alice = two_cars(rig)
    code = unbind_code(rig, alice, VIN)
    return outcome(lambda: rig.platform.unbind(Unbind(alice, OTHER_VIN, code)))


def deliveries_of_three_retries(rig: Rig) -> object:
    alice = one_car(rig)
    for _ in range(4):
        rig.platform.remote_command(RemoteCommand(alice, VIN, "lock", "r-1"))
    return len(rig.out.tcu_sent)


def deliveries_of_a_retry_after_done(rig: Rig) -> object:
    alice = one_car(rig)
    accepted = rig.platform.remote_command(RemoteCommand(alice, VIN, "lock", "r-1"))
    state = VehicleState(locked=True, climate_on=False, location=AARHUS)
    rig.platform.tcu_report(TcuReport(VIN, accepted.command_id, "done", state))
    rig.platform.remote_command(RemoteCommand(alice, VIN, "lock", "r-1"))
    return len(rig.out.tcu_sent)


def roles_after_restart(rig: Rig) -> object:
    alice = one_car(rig)
    rig.platform.multimedia_started(MultimediaStarted(VIN))
    return rig.roles(alice), [event.kind for event in rig.out.car_events][-1]


def qr_used_before_restart(rig: Rig) -> object:
    rig.provision(VIN)
    alice, bob = rig.user(ALICE), rig.user(BOB)
    qr = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.platform.scan_qr(ScanQr(alice, qr))
    rig.platform.multimedia_started(MultimediaStarted(VIN))
    return outcome(lambda: rig.platform.scan_qr(ScanQr(bob, qr)).stage)


def phones_reached_by_the_request(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.log_in(ALICE, "second-phone")
    rig.bind(alice)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)  # D-SEC-6: asked for from the car
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    return sorted(push.device_id for push in rig.out.pushes_sent if push.kind == "force_unbind_request")


def roles_after_second_log_in(rig: Rig) -> object:
    alice = one_car(rig)
    rig.log_in(ALICE, "second-phone")
    return rig.roles(alice)


def roles_after_log_out(rig: Rig) -> object:
    one_car(rig)
    other = rig.log_in(ALICE, "second-phone")
    rig.platform.log_out(LogOut(other))
    return rig.roles(rig.log_in(ALICE))


def session_after_log_out(rig: Rig) -> object:
    alice = one_car(rig)
    rig.platform.log_out(LogOut(alice))
    return outcome(lambda: rig.platform.list_vehicles(ListVehicles(alice)).vehicles)


def roles_after_head_unit_log_out(rig: Rig) -> object:
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.scan(alice)
    rig.platform.head_unit_log_out(HeadUnitLogOut(VIN))
    return rig.roles(alice)


def new_user_logging_out_of_a_bound_car(rig: Rig) -> object:
    alice = one_car(rig)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)
    outcome(lambda: rig.platform.head_unit_log_out(HeadUnitLogOut(VIN)))
    return rig.roles(alice), rig.roles(bob)


def a_strangers_reject(rig: Rig) -> object:
    request_id = forced(rig)
    carol = rig.user(CAROL)
    return outcome(lambda: rig.platform.answer_force_unbind(AnswerForceUnbind(carol, request_id, "reject")))


def dealer_unbinds(rig: Rig) -> None:
    """Alice bound to VIN and OTHER_VIN; a dealer unbinds VIN for Bob."""
    two_cars(rig)
    rig.user(BOB)
    evidence = OwnershipEvidence(BOB, "registration_certificate", VIN)
    rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-1", VIN, evidence))


def audit_accounts(rig: Rig) -> object:
    dealer_unbinds(rig)
    records = rig.platform.audit_records(AuditQuery("dealer-1", VIN)).records
    return [(record.previous_account == record.owner_account, record.document) for record in records]


def dealers_of_two_unbindings(rig: Rig) -> object:
    dealer_unbinds(rig)
    bob = rig.log_in(BOB)
    rig.bind(bob, VIN)
    rig.user(CAROL)
    evidence = OwnershipEvidence(CAROL, "registration_certificate", VIN)
    rig.platform.dealer_force_unbind(DealerForceUnbind("dealer-2", VIN, evidence))
    return [record.dealer_id for record in rig.platform.audit_records(AuditQuery("dealer-1", VIN)).records]


def audit_of_the_other_car(rig: Rig) -> object:
    dealer_unbinds(rig)
    return len(rig.platform.audit_records(AuditQuery("dealer-1", OTHER_VIN)).records)


def register_with_the_code_of_another(rig: Rig) -> object:
    rig.platform.send_registration_code(SendRegistrationCode(ALICE, GENUINE))
    code = rig.last_code(ALICE)
    rig.platform.send_registration_code(SendRegistrationCode(BOB, GENUINE))
    return outcome(lambda: rig.platform.register(Register(BOB, code, PASSWORD, GENUINE)).account_id)


def services_in(market: str) -> Probe:
    def probe(rig: Rig) -> object:
        rig.provision_renault(renault(market=market))
        dana = rig.remote_ready(DANA)
        return rig.platform.list_services(VehicleQuery(dana, MEGANE_VIN)).services

    return probe


def charging_programmed_at_night(rig: Rig) -> object:
    rig.provision_renault()
    dana = rig.remote_ready(DANA)
    rig.advance_to(EPOCH.replace(hour=22, minute=30))
    start = EPOCH.replace(hour=5, minute=0) + timedelta(days=1)
    return rig.platform.schedule_charging(ScheduleCharging(dana, MEGANE_VIN, start, PIN)).at


def two_charge_passes(rig: Rig) -> object:
    rig.provision_renault()
    rig.provision_renault(renault(ZOE_VIN, "Zoe", plate="EL 54321", msisdn="+4790000002"))
    dana, erik = rig.mr_user(DANA), rig.mr_user(ERIK)
    rig.add(dana, MEGANE_VIN)
    rig.add(erik, ZOE_VIN)
    passes = [rig.platform.charge_pass(ChargePassQuery(token)).pass_id for token in (dana, erik)]
    return passes[0] == passes[1]


def sync_from_the_web(rig: Rig) -> object:
    rig.provision_renault()
    rig.mr_user(DANA)
    web = rig.mr_log_in(DANA, MY_RENAULT_WEB)
    rig.add(web)
    return outcome(lambda: rig.platform.start_sync(StartSync(web, MEGANE_VIN, True)).sync_id)


def dealers_found(rig: Rig) -> object:
    for brand in ("myrenault", "ismart"):
        record = DealerRecord(f"{brand}-1", brand, f"{brand} dealer", f"{brand}@dealers.example", OSLO, approved=True)
        rig.platform.provision_dealer(record)
    dana = rig.mr_user(DANA)
    return [dealer.dealer_id for dealer in rig.platform.find_dealers(FindDealers(dana, OSLO, 10.0)).dealers]


COMBINATION_PROBES: dict[str, Probe] = {
    "command_reaches_other_car": command_for_one_of_two,
    "unbinding_one_unbinds_all": roles_after_unbinding_one,
    "status_of_first_car": status_of_the_other_car,
    "unbind_code_for_any_car": code_of_one_car_on_the_other,
    "third_retry_sends_again": deliveries_of_three_retries,
    "retry_after_done_executes_again": deliveries_of_a_retry_after_done,
    "binding_lost_on_restart": roles_after_restart,
    "restart_revives_qr": qr_used_before_restart,
    "push_to_first_device_only": phones_reached_by_the_request,
    "second_log_in_unbinds": roles_after_second_log_in,
    "log_out_unbinds": roles_after_log_out,
    "log_out_keeps_session": session_after_log_out,
    "head_unit_log_out_ignored": roles_after_head_unit_log_out,
    "bound_car_keeps_new_user": new_user_logging_out_of_a_bound_car,
    "anyone_may_reject": a_strangers_reject,
    "audit_names_owner_as_previous": audit_accounts,
    "audit_names_first_dealer": dealers_of_two_unbindings,
    "audit_lists_every_car": audit_of_the_other_car,
    "registration_code_of_another": register_with_the_code_of_another,
    "swedish_cars_refused": services_in("SE"),
    "danish_law_everywhere": services_in("NO"),
    "past_schedule_today_runs_at_once": charging_programmed_at_night,
    "charge_pass_shared": two_charge_passes,
    "web_can_synchronise": sync_from_the_web,
    "other_brand_dealers_listed": dealers_found,
}
