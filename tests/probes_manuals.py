"""The probes of the mutants in :mod:`mutants.manuals`: each drives a fresh platform through the
contract and returns what a twin could observe, which differs between the mutant and the reference.

``MANUAL_PROBES`` is merged into the PROBES table of ``tests/test_mutants.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from reference_kit import (
    ALICE,
    BOB,
    CAROL,
    DANA,
    EPOCH,
    MEGANE_VIN,
    OSLO,
    OTHER_VIN,
    PASSWORD,
    VIN,
    Rig,
    outcome,
    renault,
)

from contract.messages import (
    AnswerForceUnbind,
    CommandQuery,
    HeadUnitLogIn,
    Location,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendUnbindCode,
    ServiceTerm,
    ShowQr,
    TcuOnline,
    Unbind,
    VehicleQuery,
)
from contract.myrenault import AddVehicle, ChargePassQuery, FindStations, PlanRoute, RenewService, StationReport
from contract.vin import with_check_digit

Probe = Callable[[Rig], object]


def scan(rig: Rig, token: str, vin: str) -> object:
    qr = rig.platform.show_qr(ShowQr(vin)).qr
    reply = outcome(lambda: rig.platform.scan_qr(ScanQr(token, qr)))
    return getattr(reply, "stage", reply)


def force(rig: Rig, token: str) -> object:
    reply = outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(token, VIN, True)))
    return getattr(reply, "request_id", reply)


def unbind(rig: Rig, token: str) -> None:
    rig.platform.send_unbind_code(SendUnbindCode(token, VIN))
    rig.platform.unbind(Unbind(token, VIN, rig.last_code(ALICE)))


def bound(rig: Rig) -> tuple[str, str]:
    """Alice bound to VIN; Bob logged in to the app: their tokens."""
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    return alice, rig.user(BOB)


# --- cross-brand sessions -------------------------------------------------------------------


def ismart_scans_a_renault(rig: Rig) -> object:
    rig.provision_renault()
    alice = rig.user(ALICE)
    return scan(rig, alice, MEGANE_VIN), scan(rig, alice, MEGANE_VIN)


def renault_app_scans_an_mg(rig: Rig) -> object:
    rig.provision(VIN)
    dana = rig.mr_user(DANA)
    return scan(rig, dana, VIN), scan(rig, dana, VIN)


def ismart_credentials_on_a_renault(rig: Rig) -> object:
    rig.provision_renault()
    rig.user(ALICE)
    reply = outcome(lambda: rig.platform.head_unit_log_in(HeadUnitLogIn(MEGANE_VIN, ALICE, PASSWORD)))
    return getattr(reply, "vin", reply)


def renault_app_adds_an_mg(rig: Rig) -> object:
    mg_vin = with_check_digit(VIN)
    rig.provision(mg_vin)
    dana = rig.mr_user(DANA)
    reply = outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=mg_vin)))
    return getattr(reply, "vin", reply), rig.roles(dana)


def same_email_in_the_other_brand(rig: Rig) -> object:
    rig.provision(VIN)
    carol = rig.user(CAROL)
    rig.bind(carol)
    mr_carol = rig.mr_user(CAROL)
    reply = outcome(lambda: rig.platform.vehicle_status(VehicleQuery(mr_carol, VIN)))
    return getattr(reply, "vin", reply)


# --- force unbinding from the car -------------------------------------------------------------


def force_by_vin(rig: Rig) -> object:
    _, bob = bound(rig)
    return force(rig, bob)


def force_from_another_head_unit(rig: Rig) -> object:
    _, bob = bound(rig)
    rig.provision(OTHER_VIN, "MG ZS EV")
    rig.log_in_to_car(bob, OTHER_VIN)
    return force(rig, bob)


# --- rebinding ----------------------------------------------------------------------------------


def old_unbind_code_after_rebinding(rig: Rig) -> object:
    alice, bob = bound(rig)
    rig.platform.send_unbind_code(SendUnbindCode(alice, VIN))
    old_code = rig.last_code(ALICE)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "agree"))
    rig.bind(alice)
    outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, old_code)))
    return rig.roles(alice)


def force_after_an_earlier_bindings_reject(rig: Rig) -> object:
    alice, bob = bound(rig)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "reject"))
    unbind(rig, alice)
    rig.bind(alice)
    rig.log_in_to_car(bob)
    return force(rig, bob)


def waiting_command_after_rebinding(rig: Rig) -> object:
    alice, _ = bound(rig)
    rig.out.asleep.add(VIN)
    waiting = rig.platform.remote_command(RemoteCommand(alice, VIN, "climate_on", "r1")).command_id
    unbind(rig, alice)
    rig.bind(alice)
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    return rig.platform.command_status(CommandQuery(alice, waiting)).state


def pushes_when_the_previous_user_unbinds(rig: Rig) -> object:
    alice, bob = bound(rig)
    rig.log_in_to_car(bob)
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    unbind(rig, alice)
    return [push.kind for push in rig.pushes(f"dev-{BOB}")]


# --- months, renewal, expiry ------------------------------------------------------------------


def contract_rig(rig: Rig, ends: timedelta) -> str:
    """A Megane whose connected services end *ends* after the epoch; Dana ready for remote control."""
    rig.provision_renault(renault(contracts=[ServiceTerm("connected_services", EPOCH + ends)]))
    return rig.remote_ready(DANA)


def renewed_end(after: timedelta) -> Probe:
    def probe(rig: Rig) -> object:
        dana = contract_rig(rig, timedelta(days=30))
        rig.advance(after)
        return rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 12)).expires_at

    return probe


def after_expiry(call: Callable[[Rig, str], object]) -> Probe:
    def probe(rig: Rig) -> object:
        dana = contract_rig(rig, timedelta(days=1))
        rig.platform.station_report(StationReport("st-1", "Sentrum", OSLO, 4, 2))
        rig.advance(timedelta(days=2))
        return outcome(lambda: call(rig, dana))

    return probe


def locate(rig: Rig, token: str) -> object:
    return rig.platform.vehicle_status(VehicleQuery(token, MEGANE_VIN)).location


def battery(rig: Rig, token: str) -> object:
    return rig.platform.ev_status(VehicleQuery(token, MEGANE_VIN)).battery_percent


def charge_pass(rig: Rig, token: str) -> object:
    return rig.platform.charge_pass(ChargePassQuery(token)).active


def route(rig: Rig, token: str) -> object:
    return rig.platform.plan_route(PlanRoute(token, MEGANE_VIN, Location(59.7439, 10.2045))).distance_km


def stations(rig: Rig, token: str) -> object:
    return len(rig.platform.find_charging_stations(FindStations(token, OSLO, 5.0, True)).stations)


MANUAL_PROBES: dict[str, Probe] = {
    "ismart_scan_logs_in_to_renault": ismart_scans_a_renault,
    "renault_app_binds_mg": renault_app_scans_an_mg,
    "other_brand_credentials_on_head_unit": ismart_credentials_on_a_renault,
    "renault_app_adds_mg": renault_app_adds_an_mg,
    "same_email_across_brands": same_email_in_the_other_brand,
    "force_unbind_by_vin": force_by_vin,
    "force_unbind_from_any_head_unit": force_from_another_head_unit,
    "unbind_code_outlives_binding": old_unbind_code_after_rebinding,
    "reject_outlives_binding": force_after_an_earlier_bindings_reject,
    "command_outlives_rebinding": waiting_command_after_rebinding,
    "no_message_when_previous_user_unbinds": pushes_when_the_previous_user_unbinds,
    "thirty_day_months": renewed_end(timedelta(days=2)),
    "renewal_counts_from_now": renewed_end(timedelta(days=2)),
    "locating_after_expiry": after_expiry(locate),
    "battery_status_after_expiry": after_expiry(battery),
    "charge_pass_after_expiry": after_expiry(charge_pass),
    "route_planning_after_expiry": after_expiry(route),
    "stations_after_expiry": after_expiry(stations),
}
