"""The shared command rules of the executable specification, each a sentence of the manuals.

A command's life (pending, delivered, done or failed, car_unreachable, cancelled), retries,
the wake-up SMS, only the user's commands reaching the car, and what the app shows of the car:
told as hand-made observations (:class:`spec_kit.Story`), both ways.
"""

from __future__ import annotations

from datetime import timedelta

from reference_kit import ALICE, BOB, VIN
from spec_kit import PARKED, Story

from contract.messages import (
    Ack,
    CodeSent,
    CommandAccepted,
    CommandQuery,
    CommandStatus,
    Location,
    RemoteCommand,
    SendUnbindCode,
    Services,
    ServiceTerm,
    TcuOnline,
    TcuReport,
    TcuState,
    Unbind,
    Unbound,
    VehicleQuery,
    VehicleState,
    VehicleStatus,
)
from contract.outbound import Sms, TcuCommand

SIM = "+4590000001"


def bound() -> tuple[Story, str, str]:
    """Alice bound to VIN; Bob logged in to the app."""
    story = Story()
    story.car()
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    return story, alice, story.session(BOB, "acc-b")


def asleep() -> tuple[Story, str]:
    """Alice's climate command for her sleeping car: the platform tried it and woke the car."""
    story, alice, _ = bound()
    story.call("remote_command", RemoteCommand(alice, VIN, "climate_on", "r1"), CommandAccepted("cmd-1", "pending"))
    story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now))
    story.sent(Sms(SIM, "wake up", story.now))
    return story, alice


def status(story: Story, token: str, state: str) -> list[str]:
    return story.call("command_status", CommandQuery(token, "cmd-1"), CommandStatus("cmd-1", "climate_on", state))  # type: ignore[arg-type]


def test_only_the_bound_user_commands_the_car() -> None:
    story, alice, bob = bound()
    assert story.call("remote_command", RemoteCommand(bob, VIN, "find_my_car", "r1"), refusal="not_bound") == []
    stranger = story.call(
        "remote_command", RemoteCommand(bob, VIN, "find_my_car", "r2"), CommandAccepted("c", "pending")
    )
    assert stranger[0] == "D-SEC-1"
    accepted = CommandAccepted("cmd-1", "delivered")
    assert story.call("remote_command", RemoteCommand(alice, VIN, "climate_on", "r1"), accepted) == []
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == []
    assert story.end() == []


def test_only_the_bound_user_reads_the_cars_status_as_its_tcu_reported_it() -> None:
    story, alice, bob = bound()
    shown = VehicleStatus(VIN, PARKED.locked, PARKED.climate_on, PARKED.location, story.now)
    assert story.call("vehicle_status", VehicleQuery(bob, VIN), refusal="not_authorised") == []
    assert story.call("vehicle_status", VehicleQuery(bob, VIN), shown) == ["D-SEC-1"]
    assert story.call("vehicle_status", VehicleQuery(alice, VIN), shown) == []
    moved = VehicleState(locked=False, climate_on=True, location=Location(55.7, 12.6))
    story.call("tcu_state", TcuState(VIN, moved), Ack())
    assert story.call("vehicle_status", VehicleQuery(alice, VIN), shown) == ["IS-SVC-1"]


def test_the_services_are_the_models() -> None:
    story, alice, _ = bound()
    mg4 = ["climate", "ev_management", "digital_key", "find_my_car", "map_poi", "vehicle_status", "notifications"]
    assert story.call("list_services", VehicleQuery(alice, VIN), Services(mg4)) == []
    assert story.call("list_services", VehicleQuery(alice, VIN), Services(mg4[:3])) == ["IS-SVC-1"]


def test_a_model_without_climate_refuses_a_climate_command() -> None:
    story = Story()
    story.car(model="MG3 Hybrid+")
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    command = RemoteCommand(alice, VIN, "climate_on", "r1")
    assert story.call("remote_command", command, refusal="service_not_available") == []
    assert story.call("remote_command", command, CommandAccepted("cmd-1", "delivered"))[0] == "IS-SVC-1"


def test_a_retried_request_is_one_command_with_one_effect() -> None:
    story, alice, _ = bound()
    command = RemoteCommand(alice, VIN, "climate_on", "same")
    story.call("remote_command", command, CommandAccepted("cmd-1", "delivered"))
    story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now))
    assert story.call("remote_command", command, CommandAccepted("cmd-1", "delivered")) == []
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == ["D-REL-2"]
    assert story.call("remote_command", command, CommandAccepted("cmd-2", "delivered")) == ["D-REL-2"]


def test_a_command_for_a_sleeping_car_wakes_it_by_sms() -> None:
    story, _ = asleep()
    assert story.end() == []
    story, alice, _ = bound()
    story.call("remote_command", RemoteCommand(alice, VIN, "climate_on", "r1"), CommandAccepted("cmd-1", "pending"))
    assert story.end() == ["D-REL-1"]


def test_the_car_is_not_woken_for_nothing() -> None:
    story, _, _ = bound()
    assert story.sent(Sms(SIM, "wake up", story.now)) == ["D-REL-1"]


def test_the_woken_car_gets_the_waiting_command_once() -> None:
    story, alice = asleep()
    story.wait(timedelta(seconds=20))
    story.call("tcu_online", TcuOnline(VIN), Ack())
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == []
    story.call("tcu_online", TcuOnline(VIN), Ack())
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == ["D-REL-2"]
    story.call("tcu_report", TcuReport(VIN, "cmd-1", "done", PARKED), Ack())
    assert status(story, alice, "done") == []
    assert status(story, alice, "pending") == ["D-REL-1"]


def test_a_woken_car_that_gets_nothing_misses_its_command() -> None:
    story, _ = asleep()
    story.wait(timedelta(seconds=20))
    story.call("tcu_online", TcuOnline(VIN), Ack())
    assert story.end() == ["D-REL-1"]


def test_a_car_that_never_answers_ends_car_unreachable_in_bounded_time_not_at_once() -> None:
    story, alice = asleep()
    story.wait(timedelta(seconds=10))
    assert status(story, alice, "car_unreachable") == ["D-REL-1"]
    story, alice = asleep()
    story.wait(timedelta(minutes=5))
    assert status(story, alice, "pending") == []
    assert status(story, alice, "car_unreachable") == []
    story, alice = asleep()
    story.wait(timedelta(minutes=31))
    assert status(story, alice, "pending") == ["D-REL-1"]


def test_a_command_that_ended_unreachable_never_reaches_the_car() -> None:
    story, alice = asleep()
    story.wait(timedelta(minutes=10))
    status(story, alice, "car_unreachable")
    story.call("tcu_online", TcuOnline(VIN), Ack())
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == ["D-REL-1"]


def test_a_command_whose_sender_unbound_before_it_reached_the_car_is_cancelled() -> None:
    story, alice = asleep()
    story.call("send_unbind_code", SendUnbindCode(alice, VIN), CodeSent("sms"))
    story.sent(Sms(ALICE, "Your unbinding code: 654321", story.now))
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    story.call("tcu_online", TcuOnline(VIN), Ack())
    assert story.sent(TcuCommand(VIN, "cmd-1", "climate_on", story.now)) == ["D-SEC-1"]
    story, alice = asleep()
    story.call("send_unbind_code", SendUnbindCode(alice, VIN), CodeSent("sms"))
    story.sent(Sms(ALICE, "Your unbinding code: 654321", story.now))
    story.call("unbind", Unbind(alice, VIN, "654321"), Unbound(VIN))
    assert status(story, alice, "cancelled") == []
    story, alice = asleep()
    assert status(story, alice, "cancelled") == ["D-SEC-1"]


def test_only_the_sender_asks_about_a_command() -> None:
    story, _ = asleep()
    bob = story.session(BOB, "acc-b")
    assert story.call("command_status", CommandQuery(bob, "cmd-1"), refusal="not_authorised") == []
    assert status(story, bob, "pending") == ["D-SEC-1"]


def test_a_function_whose_contract_expired_stops() -> None:
    story = Story()
    story.car(contracts=[ServiceTerm("find_my_car", story.now + timedelta(days=1))])
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    command = RemoteCommand(alice, VIN, "find_my_car", "r1")
    assert story.call("remote_command", command, refusal="service_expired") == ["D-REL-1"]
    story.wait(timedelta(days=1))
    assert story.call("remote_command", command, refusal="service_expired") == []
    assert story.call("remote_command", command, CommandAccepted("cmd-1", "delivered")) == ["IS-SVC-1"]
    running = ["climate", "ev_management", "digital_key", "map_poi", "vehicle_status", "notifications"]
    assert story.call("list_services", VehicleQuery(alice, VIN), Services(running)) == []
    assert story.call("list_services", VehicleQuery(alice, VIN), Services(["map_poi"])) == ["IS-SVC-1"]


def test_after_the_connected_services_expire_any_function_may_stop_or_go_on() -> None:
    story = Story()
    story.car(contracts=[ServiceTerm("connected_services", story.now + timedelta(days=1))])
    alice = story.session(ALICE, "acc-a")
    story.bind(alice)
    story.wait(timedelta(days=2))
    assert story.call("vehicle_status", VehicleQuery(alice, VIN), refusal="service_expired") == []
    shown = VehicleStatus(VIN, PARKED.locked, PARKED.climate_on, PARKED.location, story.now)
    assert story.call("vehicle_status", VehicleQuery(alice, VIN), shown) == []
