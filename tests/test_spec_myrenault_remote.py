"""The specification's My Renault remote control, PIN and contract rules, as sentences of the manual."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from myrenault_story import Story, requirements
from reference_kit import EPOCH, ERIK, MEGANE_VIN, PIN, VIN, ZOE_VIN, renault, vehicle

from contract.messages import Ack, CommandAccepted, RemoteCommand, Services, ServiceTerm, TcuOnline, VehicleQuery
from contract.myrenault import Contract, Contracts, RenewService, ScheduleCharging, ScheduleClimate, Scheduled, SetPin
from contract.outbound import Sms, TcuCommand
from contract.values import DeclaredValues
from reference import DECLARATION
from spec.rules.myrenault_vehicle import renewal_ends

UNDECLARED = dataclasses.replace(DECLARATION, values=DeclaredValues())
"""The reference's claims without its declared values: the specification keeps its ranges."""

ZOE = renault(ZOE_VIN, "Zoe", plate="EL 55555", msisdn="+4790000002")
"""A Zoe: its model has no programmed charging."""


def honk(story: Story, token: str, pin: str = PIN, vin: str = MEGANE_VIN, *, refusal: str | None = None) -> list[str]:
    """Horn and lights: accepted (as pending), or refused with *refusal*."""
    request = RemoteCommand(token, vin, "horn_and_lights", f"r{story.number()}", pin)
    if refusal is not None:
        return requirements(story.refused("remote_command", request, refusal))
    return requirements(story.call("remote_command", request, CommandAccepted(f"cmd-{story.number()}", "pending")))


def test_remote_control_works_for_a_synchronised_account_with_services_and_pin() -> None:
    story = Story()
    token = story.remote_ready()
    assert honk(story, token) == []


def test_a_car_added_but_not_synchronised_cannot_be_controlled() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    story.call("set_pin", SetPin(token, PIN), Ack())
    assert honk(story, token, refusal="not_synchronised") == []
    assert honk(story, token, refusal="services_not_activated") == ["MR-SYNC-1"]
    assert honk(story, token) == ["MR-SYNC-1"]


def test_a_stranger_who_has_not_added_the_car_cannot_control_it() -> None:
    story = Story()
    story.remote_ready()
    stranger = story.user(ERIK)
    assert honk(story, stranger, refusal="not_authorised") == []
    assert "D-SEC-1" in honk(story, stranger)


def test_remote_control_needs_the_services_activated_first() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    story.call("set_pin", SetPin(token, PIN), Ack())
    assert honk(story, token, refusal="services_not_activated") == []
    assert honk(story, token) == ["MR-FEAT-4"]


def test_remote_control_exists_only_in_the_app() -> None:
    story = Story()
    story.remote_ready()
    web = story.web()
    assert honk(story, web, refusal="app_only") == []
    assert honk(story, web) == ["MR-FEAT-3"]
    assert requirements(story.refused("vehicle_status", VehicleQuery(web, MEGANE_VIN), "app_only")) == []


def test_remote_control_needs_the_my_renault_pin() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    story.call("activate_services", VehicleQuery(token, MEGANE_VIN), Ack())
    assert honk(story, token, "", refusal="pin_required") == []
    assert honk(story, token, "") == ["MR-PIN-1"]
    story.call("set_pin", SetPin(token, "1357"), Ack())
    assert honk(story, token, "7531", refusal="pin_invalid") == []
    assert honk(story, token, "7531") == ["MR-PIN-1"]
    assert honk(story, token, "1357") == []


def test_one_wrong_pin_does_not_lock_the_right_one() -> None:
    story = Story()
    token = story.remote_ready()
    honk(story, token, "0000", refusal="pin_invalid")
    assert honk(story, token, refusal="too_many_attempts") == ["MR-PIN-1"]
    assert honk(story, token) == []


def test_a_few_wrong_pins_may_lock_and_many_must() -> None:
    """Undeclared, the PIN's limit lies anywhere in the range."""
    low, high = Story(declaration=UNDECLARED).spec.model.bounds.pin_attempts
    story = Story(declaration=UNDECLARED)
    token = story.remote_ready()
    for _ in range(low):
        assert honk(story, token, "0000", refusal="pin_invalid") == []
    assert honk(story, token, "0000", refusal="too_many_attempts") == []  # a few: either
    unlocked = Story(declaration=UNDECLARED)
    token = unlocked.remote_ready()
    for _ in range(high):
        unlocked_codes = honk(unlocked, token, "0000", refusal="pin_invalid")
        assert unlocked_codes == []
    assert honk(unlocked, token) == ["D-SEC-2"]
    assert honk(unlocked, token, refusal="too_many_attempts") == []


def test_the_declared_number_of_wrong_pins_locks_and_not_one_fewer() -> None:
    limit = DECLARATION.values.pin_attempts or 0
    early = Story()
    token = early.remote_ready()
    for _ in range(limit - 2):
        assert honk(early, token, "0000", refusal="pin_invalid") == []
    assert honk(early, token, "0000", refusal="too_many_attempts") == ["MR-PIN-1"]  # before the limit
    late = Story()
    token = late.remote_ready()
    for _ in range(limit - 1):
        assert honk(late, token, "0000", refusal="pin_invalid") == []
    assert honk(late, token, "0000", refusal="pin_invalid") == ["MR-PIN-1"]  # the limit must lock
    fewer = Story()
    token = fewer.remote_ready()
    for _ in range(limit - 1):
        honk(fewer, token, "0000", refusal="pin_invalid")
    assert honk(fewer, token) == []  # one fewer than the limit: the right PIN works


def test_the_pin_is_changed_only_with_the_old_one() -> None:
    story = Story()
    token = story.remote_ready()
    assert requirements(story.refused("set_pin", SetPin(token, "2222", "9999"), "pin_invalid")) == []
    assert requirements(story.call("set_pin", SetPin(token, "2222", "9999"), Ack())) == ["MR-PIN-1"]
    assert requirements(story.call("set_pin", SetPin(token, "3333"), Ack())) == ["MR-PIN-1"]
    story2 = Story()
    token = story2.remote_ready()
    assert requirements(story2.call("set_pin", SetPin(token, "2222", PIN), Ack())) == []
    assert honk(story2, token, PIN) == ["MR-PIN-1"]
    assert honk(story2, token, "2222") == []


def test_the_law_of_the_country_removes_a_function_the_car_has() -> None:
    story = Story(renault(market="DK"))
    token = story.remote_ready()
    assert honk(story, token, refusal="service_not_available") == []
    assert honk(story, token) == ["MR-FEAT-2"]
    query = VehicleQuery(token, MEGANE_VIN)
    offered = sorted(story.spec.model.services_of(MEGANE_VIN))
    assert requirements(story.call("list_services", query, Services(offered))) == []
    assert requirements(story.call("list_services", query, Services([*offered, "horn_and_lights"]))) == ["MR-FEAT-2"]
    assert requirements(story.call("list_services", query, Services(offered[1:]))) == ["MR-FEAT-2"]


@pytest.mark.parametrize(
    ("operation", "request_type", "requirement"),
    [("schedule_charging", ScheduleCharging, "MR-EV-2"), ("schedule_climate", ScheduleClimate, "MR-EV-3")],
)
def test_programming_exists_only_on_models_that_have_it(operation: str, request_type: type, requirement: str) -> None:
    story = Story(ZOE)
    token = story.remote_ready(vin=ZOE_VIN, model="Zoe")
    request = request_type(token, ZOE_VIN, story.at + timedelta(hours=5), PIN)
    if operation == "schedule_charging":
        assert requirements(story.refused(operation, request, "service_not_available")) == []
        assert requirements(story.call(operation, request, Scheduled(ZOE_VIN, request.start))) == [requirement]
    megane = Story()
    token = megane.remote_ready()
    request = request_type(token, MEGANE_VIN, megane.at + timedelta(hours=5), PIN)
    assert requirements(megane.call(operation, request, Scheduled(MEGANE_VIN, megane.at + timedelta(hours=5)))) == []


def test_an_mg_session_cannot_command_a_renault() -> None:
    story = Story(renault(), vehicle())
    mg = story.ismart_user()
    assert honk(story, mg, refusal="not_authorised") == []
    assert "D-SEC-7" in honk(story, mg)


# --- contracts (MR-SVC-1) ------------------------------------------------------------------------


def expiring(days: float) -> Story:
    return Story(renault(contracts=[ServiceTerm("connected_services", EPOCH + timedelta(days=days))]))


def test_a_service_works_until_the_last_moment_of_its_term() -> None:
    story = expiring(2)
    token = story.remote_ready()
    story.wait(timedelta(days=2) - timedelta(seconds=1))
    assert honk(story, token, refusal="service_expired") == ["MR-FEAT-1"]
    assert honk(story, token) == []


def test_an_expired_contract_stops_every_function_it_covers() -> None:
    story = expiring(1)
    token = story.remote_ready()
    story.wait(timedelta(days=1, seconds=1))
    assert honk(story, token, refusal="service_expired") == []
    assert honk(story, token) == ["MR-SVC-1"]
    query = VehicleQuery(token, MEGANE_VIN)
    for operation in ("vehicle_status", "ev_status"):
        assert requirements(story.refused(operation, query, "service_expired")) == [], operation
        assert requirements(story.call(operation, query, None)) == ["MR-SVC-1"], operation
    assert requirements(story.call("vehicle_info", query, None)) == []  # the account's, not the contract's


def test_at_the_very_end_of_its_term_a_service_may_go_either_way() -> None:
    story = expiring(1)
    token = story.remote_ready()
    story.wait(timedelta(days=1))
    assert honk(story, token, refusal="service_expired") == []
    assert honk(story, token) == []


def test_my_services_shows_each_contract_and_its_end() -> None:
    story = expiring(1)
    token = story.remote_ready()
    query = VehicleQuery(token, MEGANE_VIN)
    end = EPOCH + timedelta(days=1)
    assert (
        requirements(story.call("list_contracts", query, Contracts([Contract("connected_services", "active", end)])))
        == []
    )
    wrong = Contracts([Contract("connected_services", "expired", end)])
    assert requirements(story.call("list_contracts", query, wrong)) == ["MR-SVC-1"]
    story.wait(timedelta(days=2))
    assert requirements(story.call("list_contracts", query, wrong)) == []


def test_twelve_months_are_twelve_calendar_months() -> None:
    jan31 = datetime(2027, 1, 31, 12, tzinfo=UTC)
    assert renewal_ends(jan31, EPOCH, 1) == {
        datetime(2027, 2, 28, 12, tzinfo=UTC),
        datetime(2027, 3, 3, 12, tzinfo=UTC),
    }
    assert renewal_ends(jan31, EPOCH, 12) == {datetime(2028, 1, 31, 12, tzinfo=UTC)}
    assert datetime(2028, 1, 26, 12, tzinfo=UTC) not in renewal_ends(jan31, EPOCH, 12)  # 360 days
    assert datetime(2028, 1, 31, 12, tzinfo=UTC) - jan31 == timedelta(days=365)
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert renewal_ends(leap, EPOCH, 12) == {datetime(2029, 2, 28, tzinfo=UTC), datetime(2029, 3, 1, tzinfo=UTC)}


def test_renewing_extends_the_contract_from_its_old_end() -> None:
    story = expiring(30)
    token = story.remote_ready()
    old_end = EPOCH + timedelta(days=30)
    renew = RenewService(token, MEGANE_VIN, "connected_services", 12)
    a_year_later = old_end.replace(year=old_end.year + 1)
    assert (
        requirements(story.call("renew_service", renew, Contract("connected_services", "active", a_year_later))) == []
    )
    query = VehicleQuery(token, MEGANE_VIN)
    listed = Contracts([Contract("connected_services", "active", a_year_later)])
    assert requirements(story.call("list_contracts", query, listed)) == []
    stale = Contracts([Contract("connected_services", "active", old_end)])
    assert requirements(story.call("list_contracts", query, stale)) == ["MR-SVC-1"]
    other = expiring(30)
    token = other.remote_ready()
    from_now = Contract("connected_services", "active", EPOCH.replace(year=EPOCH.year + 1))
    assert requirements(
        other.call("renew_service", renew.__class__(token, MEGANE_VIN, "connected_services", 12), from_now)
    ) == ["MR-SVC-1"]


def test_renewing_by_360_days_is_not_twelve_months() -> None:
    story = expiring(30)
    token = story.remote_ready()
    renew = RenewService(token, MEGANE_VIN, "connected_services", 12)
    short = Contract("connected_services", "active", EPOCH + timedelta(days=30 + 360))
    assert requirements(story.call("renew_service", renew, short)) == ["MR-SVC-1"]


def test_an_expired_contract_may_be_renewed_from_now_or_from_its_end() -> None:
    for base in ("now", "end"):
        story = expiring(1)
        token = story.remote_ready()
        story.wait(timedelta(days=10))
        renew = RenewService(token, MEGANE_VIN, "connected_services", 12)
        start = story.at if base == "now" else EPOCH + timedelta(days=1)
        renewed = Contract("connected_services", "active", start.replace(year=start.year + 1))
        assert requirements(story.call("renew_service", renew, renewed)) == [], base
        assert honk(story, token) == [], base


def test_a_programmed_charge_reaches_the_car_once_even_through_a_wake_up() -> None:
    story = Story()
    token = story.remote_ready()
    start = story.at + timedelta(hours=5)
    request = ScheduleCharging(token, MEGANE_VIN, start, PIN)
    assert requirements(story.call("schedule_charging", request, Scheduled(MEGANE_VIN, start))) == []
    assert story.sent(Sms("+4790000001", "wake up", story.at)) == []
    assert story.call("tcu_online", TcuOnline(MEGANE_VIN), Ack(), caller="tcu") == []
    command = TcuCommand(MEGANE_VIN, "cmd-77", "schedule_charging", story.at, start)
    assert story.sent(command) == []
    assert requirements(story.sent(command)) == ["D-REL-2"]


def test_a_programmed_command_nobody_asked_for_is_no_ones() -> None:
    story = Story()
    story.remote_ready()
    unasked = TcuCommand(MEGANE_VIN, "cmd-9", "schedule_climate", story.at, story.at + timedelta(hours=1))
    assert requirements(story.sent(unasked)) == ["D-SEC-1"]


def test_an_mg_accounts_questions_about_its_own_mg_are_not_my_renaults_to_judge() -> None:
    story = Story(renault(), vehicle())
    mg = story.ismart_user()
    assert requirements(story.call("ev_status", VehicleQuery(mg, VIN), None)) == []


def test_a_programmed_start_is_kept_as_asked() -> None:
    story = Story()
    token = story.remote_ready()
    story.wait(timedelta(hours=15, minutes=30))  # 23:30
    six_tomorrow = story.at + timedelta(hours=6, minutes=30)
    request = ScheduleCharging(token, MEGANE_VIN, six_tomorrow, PIN)
    today = six_tomorrow - timedelta(days=1)
    assert requirements(story.call("schedule_charging", request, Scheduled(MEGANE_VIN, today))) == ["MR-EV-2"]
    command = TcuCommand(MEGANE_VIN, "cmd-5", "schedule_charging", story.at, today)
    assert requirements(story.sent(command)) == ["MR-EV-2"]


def test_a_car_without_a_contract_may_leave_out_the_connected_services() -> None:
    story = Story(renault(contracts=[]))
    token = story.user()
    story.synchronise(token)
    query = VehicleQuery(token, MEGANE_VIN)
    own = ["appointments", "contracts", "dealer_locator", "e_guide", "pin", "vehicle_info"]
    assert requirements(story.call("list_services", query, Services(own))) == []
    assert requirements(story.call("list_services", query, Services(own[1:]))) == ["MR-FEAT-2"]
    assert honk(story, token, "", refusal="service_expired") == []
