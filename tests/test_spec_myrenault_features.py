"""The specification's My Renault account features: vehicle information, the E-guide, dealers and
appointments, and the electric car's battery, charge pass, charging stations and routes."""

from __future__ import annotations

from datetime import timedelta

from myrenault_story import Story, requirements
from reference_kit import EPOCH, ERIK, MEGANE_VIN, OSLO

from contract.geo import distance_km
from contract.messages import Ack, Location, TcuState, VehicleQuery, VehicleState
from contract.myrenault import (
    Appointment,
    Appointments,
    BookAppointment,
    ChargePass,
    ChargePassQuery,
    DealerInfo,
    DealerQuery,
    DealerRecord,
    Dealers,
    EGuide,
    EvStatus,
    FindDealers,
    FindStations,
    PlanRoute,
    Route,
    Slots,
    StationInfo,
    StationReport,
    Stations,
    VehicleInfo,
)
from contract.outbound import Email
from spec.observations import RIG

DAY = timedelta(days=1)
NEAR = Location(59.93, 10.75)
FAR = Location(60.2, 10.75)
MEGANE = "Megane E-Tech Electric"


def dealer(dealer_id: str, where: Location, *, approved: bool = True, brand: str = "myrenault") -> DealerRecord:
    return DealerRecord(
        dealer_id,
        brand,
        f"Bil {dealer_id}",
        f"{dealer_id}@dealers.example",
        where,
        approved,
        [EPOCH + DAY, EPOCH + 2 * DAY],
    )


def info(dealer_id: str, where: Location) -> DealerInfo:
    return DealerInfo(dealer_id, f"Bil {dealer_id}", where, round(distance_km(OSLO, where), 1))


def with_dealers(*records: DealerRecord) -> tuple[Story, str]:
    story = Story()
    for record in records:
        story.call("provision_dealer", record, Ack(), caller=RIG)
    return story, story.user()


def test_vehicle_information_is_the_cars_own() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    query = VehicleQuery(token, MEGANE_VIN)
    services = sorted(story.spec.model.services_of(MEGANE_VIN))
    right = VehicleInfo(MEGANE_VIN, "Renault", MEGANE, "EL 12345", "NO", services)
    assert requirements(story.call("vehicle_info", query, right)) == []
    wrong = VehicleInfo(MEGANE_VIN, "Renault", "Zoe", "EL 12345", "NO", services)
    assert requirements(story.call("vehicle_info", query, wrong)) == ["MR-FEAT-1"]
    assert requirements(story.call("e_guide", query, EGuide(f"E-guide {MEGANE}", "https://e-guide"))) == []
    assert requirements(story.call("e_guide", query, EGuide("E-guide Clio", "https://e-guide"))) == ["MR-FEAT-1"]


def test_only_approved_dealers_of_the_brand_nearest_first() -> None:
    near, far = dealer("near", NEAR), dealer("far", FAR)
    story, token = with_dealers(
        near, far, dealer("unapproved", NEAR, approved=False), dealer("mg", NEAR, brand="ismart")
    )
    query = FindDealers(token, OSLO, 50.0)
    both = [info("near", NEAR), info("far", FAR)]
    assert requirements(story.call("find_dealers", query, Dealers(both))) == []
    assert requirements(story.call("find_dealers", query, Dealers([info("unapproved", NEAR), *both]))) == ["MR-FEAT-1"]
    assert requirements(story.call("find_dealers", query, Dealers([info("mg", NEAR), *both]))) == ["MR-FEAT-1"]
    assert requirements(story.call("find_dealers", query, Dealers(both[::-1]))) == ["MR-FEAT-1"]
    assert requirements(story.call("find_dealers", query, Dealers(both[:1]))) == ["MR-FEAT-1"]
    assert requirements(story.call("find_dealers", FindDealers(token, OSLO, 5.0), Dealers(both[:1]))) == []


def test_a_booked_time_is_no_longer_free_and_the_dealer_is_told() -> None:
    story, token = with_dealers(dealer("d-1", NEAR))
    story.add(token)
    later, sooner = EPOCH + 2 * DAY, EPOCH + DAY
    assert requirements(story.call("dealer_slots", DealerQuery(token, "d-1"), Slots([sooner, later]))) == []
    booking = BookAppointment(token, MEGANE_VIN, "d-1", later)
    assert requirements(story.call("book_appointment", booking, Appointment("apt-1", MEGANE_VIN, "d-1", later))) == []
    assert story.sent(Email("d-1@dealers.example", "Booking", "EL 12345 at 10:00", story.at)) == []
    assert requirements(story.call("dealer_slots", DealerQuery(token, "d-1"), Slots([sooner]))) == []
    assert requirements(story.call("dealer_slots", DealerQuery(token, "d-1"), Slots([sooner, later]))) == ["MR-FEAT-1"]
    assert requirements(story.refused("book_appointment", booking, "slot_unavailable")) == []
    assert requirements(story.call("book_appointment", booking, Appointment("apt-2", MEGANE_VIN, "d-1", later))) == [
        "MR-FEAT-1"
    ]
    calendar = Appointments([Appointment("apt-1", MEGANE_VIN, "d-1", later)])
    assert requirements(story.call("appointments", VehicleQuery(token, MEGANE_VIN), calendar)) == []
    assert requirements(story.call("appointments", VehicleQuery(token, MEGANE_VIN), Appointments([]))) == ["MR-FEAT-1"]


def test_a_booking_the_dealer_never_hears_of_is_no_booking() -> None:
    story, token = with_dealers(dealer("d-1", NEAR))
    story.add(token)
    booking = BookAppointment(token, MEGANE_VIN, "d-1", EPOCH + DAY)
    story.call("book_appointment", booking, Appointment("apt-1", MEGANE_VIN, "d-1", EPOCH + DAY))
    assert requirements(story.wait(timedelta(minutes=2))) == ["MR-FEAT-1"]


def test_only_a_car_in_the_account_gets_an_appointment() -> None:
    story, _ = with_dealers(dealer("d-1", NEAR))
    stranger = story.user(ERIK)
    booking = BookAppointment(stranger, MEGANE_VIN, "d-1", EPOCH + DAY)
    assert requirements(story.refused("book_appointment", booking, "not_authorised")) == []
    assert "D-SEC-1" in requirements(
        story.call("book_appointment", booking, Appointment("a", MEGANE_VIN, "d-1", EPOCH + DAY))
    )


# --- the electric car (MR-EV-1, MR-EV-4) -------------------------------------------------------------


def battery(percent: int, *, charging: bool = False) -> VehicleState:
    return VehicleState(True, False, OSLO, percent, percent * 4, charging, charging)


def ev(state: VehicleState) -> EvStatus:
    return EvStatus(MEGANE_VIN, state.battery_percent, state.charging, state.plugged_in, state.range_km, EPOCH)


def test_the_battery_shown_is_what_the_car_last_reported() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    query = VehicleQuery(token, MEGANE_VIN)
    assert requirements(story.call("ev_status", query, ev(battery(80)))) == []
    story.call("tcu_state", TcuState(MEGANE_VIN, battery(90, charging=True)), Ack(), caller="tcu")
    assert requirements(story.call("ev_status", query, ev(battery(90, charging=True)))) == []
    assert requirements(story.call("ev_status", query, ev(battery(80)))) == ["MR-EV-1"]


def station(station_id: str, where: Location, free: int) -> StationReport:
    return StationReport(station_id, f"Station {station_id}", where, 4, free)


def shown(report: StationReport) -> StationInfo:
    return StationInfo(report.station_id, report.name, report.location, report.free, report.connectors, 1.0)


def test_free_stations_are_exactly_those_with_a_free_connector() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    free, full = station("free", NEAR, 2), station("full", NEAR, 0)
    for report in (free, full, station("far", FAR, 3)):
        story.call("station_report", report, Ack(), caller=RIG)
    query = FindStations(token, OSLO, 5.0, free_only=True)
    assert requirements(story.call("find_charging_stations", query, Stations([shown(free)]))) == []
    assert requirements(story.call("find_charging_stations", query, Stations([shown(free), shown(full)]))) == [
        "MR-EV-4"
    ]
    assert requirements(story.call("find_charging_stations", query, Stations([]))) == ["MR-EV-4"]
    story.call("station_report", station("free", NEAR, 0), Ack(), caller=RIG)
    assert requirements(story.call("find_charging_stations", query, Stations([]))) == []
    route = PlanRoute(token, MEGANE_VIN, FAR)
    assert requirements(story.call("plan_route", route, Route(40.0, [shown(free)]))) == ["MR-EV-4"]
    assert requirements(story.call("plan_route", route, Route(40.0, []))) == []


def test_the_charge_pass_is_in_the_app_and_stops_with_the_contract() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    assert requirements(story.call("charge_pass", ChargePassQuery(token), ChargePass("p1", True))) == []
    web = story.web()
    assert requirements(story.call("charge_pass", ChargePassQuery(web), ChargePass("p1", True))) == ["MR-FEAT-3"]
    story.wait(timedelta(days=366))
    assert requirements(story.refused("charge_pass", ChargePassQuery(token), "service_expired")) == []
    assert requirements(story.call("charge_pass", ChargePassQuery(token), ChargePass("p1", True))) == ["MR-SVC-1"]


def test_a_dealer_hears_only_of_bookings() -> None:
    story, _ = with_dealers(dealer("d-1", NEAR))
    assert requirements(story.sent(Email("d-1@dealers.example", "Offer", "Winter tyres!", story.at))) == ["MR-FEAT-1"]


def test_each_account_has_its_own_charge_pass() -> None:
    story = Story()
    dana = story.user()
    story.synchronise(dana)
    erik = story.user(ERIK)
    story.synchronise(erik)
    assert requirements(story.call("charge_pass", ChargePassQuery(dana), ChargePass("p1", True))) == []
    assert requirements(story.call("charge_pass", ChargePassQuery(dana), ChargePass("p1", True))) == []
    assert requirements(story.call("charge_pass", ChargePassQuery(erik), ChargePass("p1", True))) == ["MR-EV-4"]
