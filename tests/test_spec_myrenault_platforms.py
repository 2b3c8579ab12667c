"""The My Renault specification against real platforms: the reference passes a long day of traffic,
and every My Renault mutant is caught, by the requirement it breaks, in a few moves.

The moves are the mutants' probes (``tests/test_mutants.py``) played on a :class:`JudgedRig`, so
the specification sees every call, answer and message; where a probe is too short for the
specification's bounds (a lock "after a few" wrong PINs may come as late as the upper end of
``bounds.wrong_attempts``), a longer sequence stands in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import test_mutants
from reference_kit import (
    DANA,
    EPOCH,
    ERIK,
    MEGANE_VIN,
    MY_RENAULT_WEB,
    OSLO,
    PIN,
    VIN,
    ZOE_VIN,
    Rig,
    outcome,
    renault,
    vehicle,
)
from spec_kit import JudgedRig

from contract.messages import CommandQuery, RemoteCommand, ServiceTerm, TcuReport, TcuState, VehicleQuery, VehicleState
from contract.myrenault import (
    AddVehicle,
    BookAppointment,
    ChargePassQuery,
    DealerQuery,
    DealerRecord,
    FindDealers,
    FindStations,
    MultimediaStarted,
    PlanRoute,
    RenewService,
    ScheduleCharging,
    ScheduleClimate,
    SetPin,
    StartSync,
    StationReport,
)
from mutants import MUTANTS, Mutant
from spec import DEFAULT_BOUNDS, Violation
from twins.geo import offset

SHIPPED = [
    "login_before_email_confirmed",
    "web_credentials_differ",
    "no_confirmation_email",
    "invalid_vin_accepted",
    "sync_while_driving",
    "sync_without_coverage",
    "sync_with_multimedia_off",
    "sync_without_confirmation",
    "remote_before_sync",
    "contracts_without_sync",
    "sync_lost_on_restart",
    "remote_before_activation",
    "web_can_honk",
    "market_law_ignored",
    "remote_horn_without_pin",
    "charging_schedule_on_any_model",
    "climate_schedule_on_any_model",
    "stale_battery_level",
    "occupied_stations_listed_as_free",
    "expired_service_still_usable",
    "renewal_does_not_extend",
    "unapproved_dealers_listed",
    "booked_slot_still_free",
    "confirmation_link_short_lived",
    "confirmation_not_resent",
    "first_link_still_confirms",
    "sync_without_screen",
]
"""The shipped mutants the probes of ``tests/test_mutants.py`` already drive far enough."""

MY_RENAULTS_OWN = {
    "confirmation_link_short_lived",
    "confirmation_not_resent",
    "first_link_still_confirms",
    "sync_without_screen",
    "pin_guessing_unlimited",
    "renault_app_binds_mg",
    "renault_app_adds_mg",
    "same_email_across_brands",
}
"""Mutants of shared requirements that only a My Renault account or car shows (the iSmart and
shared rules' tests, ``tests/test_spec_kills.py``, leave them to these)."""

RENEWAL_BY_DAYS = "renewed to"
"""The known disagreement: the reference renews by 30-day months, the manual by calendar months
(MR-SVC-1); issue 11 changes the reference. Until then a renewal brings this violation."""


def right_pin_after_many_wrong(rig: Rig) -> object:
    """More wrong PINs in a row than any "few" (the upper end of the bounds), then the right one."""
    dana = test_mutants.renault_rig(rig)
    rig.synchronise(dana)
    rig.platform.set_pin(SetPin(dana, PIN))
    rig.platform.activate_services(VehicleQuery(dana, MEGANE_VIN))

    def honk(request_id: str, pin: str) -> object:
        request = RemoteCommand(dana, MEGANE_VIN, "horn_and_lights", request_id, pin)
        return outcome(lambda: rig.platform.remote_command(request))

    for attempt in range(DEFAULT_BOUNDS.wrong_attempts[1]):
        honk(f"wrong {attempt}", "0000")
    return honk("right", PIN)


def renewed_before_expiry(rig: Rig) -> object:
    """Renew a contract a month before it ends, by twelve months: then look at "My services"."""
    rig.provision_renault(renault(contracts=[ServiceTerm("connected_services", EPOCH + timedelta(days=31))]))
    dana = rig.remote_ready(DANA)
    rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 12))
    return rig.platform.list_contracts(VehicleQuery(dana, MEGANE_VIN)).contracts


def after_expiry(call: Callable[[Rig, str], object]) -> Callable[[Rig], object]:
    """Dana synchronised with the Megane, its connected services expired a day ago: then *call*."""

    def sequence(rig: Rig) -> object:
        dana = test_mutants.expired_contract_rig(rig)
        return outcome(lambda: call(rig, dana))

    return sequence


def stations_near(rig: Rig, token: str) -> object:
    rig.platform.station_report(StationReport("st-1", "Station 1", offset(OSLO, 1, 1), 4, 2))
    return rig.platform.find_charging_stations(FindStations(token, OSLO, 10.0, True))


def renault_adds_an_mg(rig: Rig) -> object:
    """Dana's My Renault account adds an MG by its registration number."""
    rig.provision(VIN)
    dana = rig.mr_user(DANA)
    return outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, plate=vehicle(VIN).plate)))


def renault_scans_an_mg(rig: Rig) -> object:
    """Dana's My Renault app scans the QR code of an MG's head unit, twice."""
    rig.provision(VIN)
    dana = rig.mr_user(DANA)
    return [outcome(lambda: rig.scan(dana)) for _ in range(2)]


def renault_reads_the_mg_of_the_same_address(rig: Rig) -> object:
    """Dana's iSmart account (her e-mail address) is bound to an MG; her My Renault account of the
    same address asks for the MG's status."""
    rig.provision(VIN)
    ismart = rig.user(DANA)
    rig.bind(ismart)
    renault_app = rig.mr_user(DANA)
    return outcome(lambda: rig.platform.vehicle_status(VehicleQuery(renault_app, VIN)))


def honk_in(market: str) -> Callable[[Rig], object]:
    """Horn and lights for a car sold in *market*, by a user ready for remote control."""

    def sequence(rig: Rig) -> object:
        rig.provision_renault(renault(market=market))
        dana = rig.remote_ready(DANA)
        return test_mutants.honk(rig, dana)

    return sequence


def charging_for_six_tomorrow_asked_at_half_past_eleven(rig: Rig) -> object:
    rig.provision_renault()
    dana = rig.remote_ready(DANA)
    rig.advance(timedelta(hours=15, minutes=30))
    six_tomorrow = rig.now + timedelta(hours=6, minutes=30)
    return rig.platform.schedule_charging(ScheduleCharging(dana, MEGANE_VIN, six_tomorrow, PIN))


def two_accounts_charge_passes(rig: Rig) -> object:
    rig.provision_renault()
    rig.provision_renault(renault(ZOE_VIN, "Zoe", plate="EL 55555", msisdn="+4790000002"))
    dana, erik = rig.mr_user(DANA), rig.mr_user(ERIK)
    rig.synchronise(dana)
    rig.synchronise(erik, ZOE_VIN)
    return [rig.platform.charge_pass(ChargePassQuery(token)).pass_id for token in (dana, erik)]


def dealers_of_both_brands(rig: Rig) -> object:
    for number, brand in enumerate(("myrenault", "ismart")):
        where = offset(OSLO, number + 1, 0)
        rig.platform.provision_dealer(
            DealerRecord(f"d-{brand}", brand, f"Bil {brand}", f"{brand}@dealers.example", where, True, [])
        )
    dana = rig.mr_user(DANA)
    return [dealer.dealer_id for dealer in rig.platform.find_dealers(FindDealers(dana, OSLO, 30.0)).dealers]


def synchronise_from_the_web(rig: Rig) -> object:
    rig.provision_renault()
    rig.mr_user(DANA)
    web = rig.mr_log_in(DANA, MY_RENAULT_WEB)
    rig.add(web)
    return outcome(lambda: rig.platform.start_sync(StartSync(web, MEGANE_VIN, confirmed=True)))


SEQUENCES: dict[str, Callable[[Rig], object]] = {
    **{name: test_mutants.PROBES[name] for name in SHIPPED},
    "pin_guessing_unlimited": right_pin_after_many_wrong,
    "thirty_day_months": renewed_before_expiry,
    "renewal_counts_from_now": renewed_before_expiry,
    "locating_after_expiry": after_expiry(lambda rig, t: rig.platform.vehicle_status(VehicleQuery(t, MEGANE_VIN))),
    "battery_status_after_expiry": after_expiry(lambda rig, t: rig.platform.ev_status(VehicleQuery(t, MEGANE_VIN))),
    "charge_pass_after_expiry": after_expiry(lambda rig, t: rig.platform.charge_pass(ChargePassQuery(t))),
    "route_planning_after_expiry": after_expiry(
        lambda rig, t: rig.platform.plan_route(PlanRoute(t, MEGANE_VIN, offset(OSLO, 400, 0)))
    ),
    "stations_after_expiry": after_expiry(stations_near),
    "renault_app_adds_mg": renault_adds_an_mg,
    "renault_app_binds_mg": renault_scans_an_mg,
    "swedish_cars_refused": honk_in("SE"),
    "danish_law_everywhere": honk_in("NO"),
    "past_schedule_today_runs_at_once": charging_for_six_tomorrow_asked_at_half_past_eleven,
    "charge_pass_shared": two_accounts_charge_passes,
    "other_brand_dealers_listed": dealers_of_both_brands,
    "web_can_synchronise": synchronise_from_the_web,
    "same_email_across_brands": renault_reads_the_mg_of_the_same_address,
}
"""A sequence that shows each My Renault mutant (the shipped ones, and those issue 11 adds: the
manuals' new rules, and the combinations of cars, markets, times of day and accounts)."""


def refuses(sequence: Callable[[Rig], object]) -> bool:
    """Whether today's reference refuses the last move of *sequence* (its own answer, not the
    specification's judgement)."""
    answer = sequence(Rig())
    last = answer[-1] if isinstance(answer, list) and answer else answer
    return isinstance(last, str)


COVERED_FUNCTIONS_STOP = "every function a contract covers stops when it expires"
AWAITS_REFERENCE_CHANGE = {
    "locating_after_expiry": COVERED_FUNCTIONS_STOP,
    "battery_status_after_expiry": COVERED_FUNCTIONS_STOP,
    "charge_pass_after_expiry": COVERED_FUNCTIONS_STOP,
    "route_planning_after_expiry": COVERED_FUNCTIONS_STOP,
    "stations_after_expiry": COVERED_FUNCTIONS_STOP,
    "renault_app_binds_mg": "D-SEC-7, the My Renault app logs in to no MG head unit",
    "web_can_synchronise": "MR-SYNC-3, synchronising is done from the app",
}
"""Sequences of rules the reference is being changed to follow (issue 11): while today's
reference does not refuse their last move, it breaks the rule there. (Calendar months are the
other change; :data:`RENEWAL_BY_DAYS` names that disagreement.)"""
NOT_YET = {name: why for name, why in AWAITS_REFERENCE_CHANGE.items() if not refuses(SEQUENCES[name])}
MY_RENAULT_MUTANTS = [
    candidate for candidate in MUTANTS if candidate.requirement.startswith("MR-") or candidate.name in MY_RENAULTS_OWN
]


def judged(rig: JudgedRig) -> list[Violation]:
    return [violation for violation in rig.finish() if not violation.detail.startswith(RENEWAL_BY_DAYS)]


def test_every_my_renault_mutant_has_a_sequence() -> None:
    assert {candidate.name for candidate in MY_RENAULT_MUTANTS} - set(SEQUENCES) == set()


@pytest.mark.parametrize("candidate", MY_RENAULT_MUTANTS, ids=lambda candidate: candidate.name)
def test_the_specification_catches_each_my_renault_mutant_by_its_requirement(candidate: Mutant) -> None:
    broken = JudgedRig(candidate.factory)
    SEQUENCES[candidate.name](broken)
    found = {violation.requirement for violation in broken.finish()}
    assert candidate.requirement in found, (
        f"{candidate.name} broke {candidate.requirement}; the specification saw {found}"
    )


def reference_cases() -> list[object]:
    cases: list[object] = []
    for name in SEQUENCES:
        why = NOT_YET.get(name)
        marks = [pytest.mark.xfail(reason=f"the reference does not follow it yet: {why}", strict=True)] if why else []
        cases.append(pytest.param(name, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("name", reference_cases())
def test_the_reference_breaks_no_rule_in_the_same_moves(name: str) -> None:
    reference = JudgedRig()
    SEQUENCES[name](reference)
    assert [violation.render() for violation in judged(reference)] == []


def test_a_renewal_on_the_reference_brings_at_most_the_known_disagreement() -> None:
    rig = JudgedRig()
    renewed_before_expiry(rig)
    found = rig.finish()
    assert all(v.requirement == "MR-SVC-1" and v.detail.startswith(RENEWAL_BY_DAYS) for v in found), found


def dealers(rig: JudgedRig) -> list[DealerRecord]:
    records = []
    for number, (north, east) in enumerate(((2, 3), (-5, 1), (8, -9), (1, -1))):
        slots = [EPOCH + timedelta(days=day, hours=hour) for day in (1, 2) for hour in (1, 3)]
        where = offset(OSLO, north, east)
        record = DealerRecord(
            f"d-{number}", "myrenault", f"Bil {number}", f"d{number}@dealers.example", where, number < 3, slots
        )
        rig.platform.provision_dealer(record)
        records.append(record)
    return records


def test_a_day_of_my_renault_traffic_on_the_reference_follows_the_manual() -> None:
    """Two accounts, two cars, the web site and the app: every function of the manual, as the
    reference answers it, judged as it goes (the TCU answers the commands)."""
    rig = JudgedRig()
    rig.provision_renault()
    rig.provision_renault(renault(ZOE_VIN, "Zoe", plate="EL 55555", msisdn="+4790000002"))
    records = dealers(rig)
    dana = rig.remote_ready(DANA)
    web = rig.mr_log_in(DANA, MY_RENAULT_WEB)
    erik = rig.mr_user(ERIK)
    rig.add(erik, ZOE_VIN)
    rig.add(erik)  # a stranger adds Dana's car by its VIN: he may, but not use it
    query = VehicleQuery(dana, MEGANE_VIN)
    for command in ("horn_and_lights", "lock", "climate_on"):
        accepted = rig.platform.remote_command(RemoteCommand(dana, MEGANE_VIN, command, f"r-{command}", PIN))
        delivered = rig.out.tcu_sent[-1]
        state = VehicleState(command == "lock", command == "climate_on", OSLO, 80, 320)
        rig.platform.tcu_report(TcuReport(MEGANE_VIN, delivered.command_id, "done", state))
        rig.platform.command_status(CommandQuery(dana, accepted.command_id))
    for call in (
        lambda: rig.platform.remote_command(RemoteCommand(web, MEGANE_VIN, "horn_and_lights", "r-web", PIN)),
        lambda: rig.platform.remote_command(RemoteCommand(erik, MEGANE_VIN, "horn_and_lights", "r-erik", PIN)),
        lambda: rig.platform.vehicle_status(VehicleQuery(erik, MEGANE_VIN)),
        lambda: rig.platform.vehicle_status(VehicleQuery(web, MEGANE_VIN)),
        lambda: rig.platform.list_contracts(VehicleQuery(erik, ZOE_VIN)),
    ):
        outcome(call)
    rig.platform.vehicle_status(query)
    rig.platform.vehicle_info(query)
    rig.platform.e_guide(query)
    rig.platform.list_services(query)
    rig.platform.list_contracts(query)
    rig.platform.list_contracts(VehicleQuery(web, MEGANE_VIN))
    rig.platform.tcu_state(TcuState(MEGANE_VIN, VehicleState(True, False, OSLO, 85, 340, True, True)))
    rig.platform.ev_status(query)
    rig.platform.schedule_charging(ScheduleCharging(dana, MEGANE_VIN, EPOCH + timedelta(hours=16), PIN))
    rig.platform.schedule_climate(ScheduleClimate(dana, MEGANE_VIN, EPOCH + timedelta(hours=23), PIN))
    rig.platform.charge_pass(ChargePassQuery(dana))
    for number, connectors_free in enumerate((0, 2, 1)):
        where = offset(OSLO, number + 1, 1)
        rig.platform.station_report(StationReport(f"st-{number}", f"Station {number}", where, 4, connectors_free))
    rig.platform.find_charging_stations(FindStations(dana, OSLO, 10.0, True))
    rig.platform.plan_route(PlanRoute(dana, MEGANE_VIN, offset(OSLO, 400, 0)))
    rig.platform.find_dealers(FindDealers(dana, OSLO, 30.0))
    free = rig.platform.dealer_slots(DealerQuery(dana, records[0].dealer_id)).slots
    rig.platform.book_appointment(BookAppointment(dana, MEGANE_VIN, records[0].dealer_id, free[0]))
    rig.platform.dealer_slots(DealerQuery(dana, records[0].dealer_id))
    rig.platform.appointments(query)
    rig.platform.multimedia_started(MultimediaStarted(MEGANE_VIN))
    rig.platform.vehicle_status(query)
    rig.roles(dana)
    rig.roles(erik)
    rig.advance(timedelta(hours=20))
    rig.platform.vehicle_status(query)
    assert [violation.render() for violation in rig.finish()] == []
    assert len(rig.observed) > 60
