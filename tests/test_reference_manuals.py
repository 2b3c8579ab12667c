"""The reference platform on the rules issue 11 made explicit: no account reaches a car of another
brand (D-SEC-7), force unbinding is asked for from the car (D-SEC-6), what belongs to one binding
does not count for the next, and a code-unbinding ends an open force-unbinding request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reference_kit import (
    ALICE,
    BOB,
    CAROL,
    DANA,
    MEGANE_VIN,
    OTHER_VIN,
    PASSWORD,
    VIN,
    Rig,
    outcome,
)

from contract.messages import (
    AnswerForceUnbind,
    CommandQuery,
    HeadUnitLogIn,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendUnbindCode,
    ShowQr,
    TcuOnline,
    Unbind,
    VehicleQuery,
)
from contract.myrenault import AddVehicle, StartSync
from contract.vin import with_check_digit
from reference.months import months_later
from steps.renewal import calendar_months_after


def force(rig: Rig, token: str, vin: str = VIN) -> object:
    return outcome(lambda: rig.platform.request_force_unbind(RequestForceUnbind(token, vin, True)))


def scan(rig: Rig, token: str, vin: str) -> object:
    qr = rig.platform.show_qr(ShowQr(vin)).qr
    return outcome(lambda: rig.platform.scan_qr(ScanQr(token, qr)))


def unbind(rig: Rig, token: str, identifier: str = ALICE) -> None:
    rig.platform.send_unbind_code(SendUnbindCode(token, VIN))
    rig.platform.unbind(Unbind(token, VIN, rig.last_code(identifier)))


# --- D-SEC-7: one brand's account, another brand's car ------------------------------------------


def test_an_ismart_account_cannot_log_in_to_or_bind_a_renault() -> None:
    rig = Rig()
    rig.provision_renault()
    alice = rig.user(ALICE)
    assert scan(rig, alice, MEGANE_VIN) == "not_authorised"
    assert outcome(lambda: rig.platform.head_unit_log_in(HeadUnitLogIn(MEGANE_VIN, ALICE, PASSWORD))) == (
        "not_authorised"
    )
    assert outcome(lambda: rig.platform.start_sync(StartSync(alice, MEGANE_VIN, True))) == "not_authorised"
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(alice, MEGANE_VIN))) == "not_authorised"
    assert rig.roles(alice) == []
    assert rig.out.car_events == []


def test_a_my_renault_account_cannot_add_bind_read_or_command_an_mg() -> None:
    rig = Rig()
    rig.provision(VIN)
    well_formed_mg = with_check_digit(VIN)
    rig.provision(well_formed_mg)
    dana = rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=well_formed_mg))) == "unknown_vehicle"
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, plate="AB 12 345"))) == "unknown_vehicle"
    assert outcome(lambda: rig.platform.start_sync(StartSync(dana, VIN, True))) == "not_authorised"
    assert scan(rig, dana, VIN) == "not_authorised"
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(dana, VIN))) == "not_authorised"
    command = RemoteCommand(dana, VIN, "find_my_car", "r1")
    assert outcome(lambda: rig.platform.remote_command(command)) == "not_authorised"
    assert rig.roles(dana) == []


def test_the_same_e_mail_in_two_brands_is_two_accounts() -> None:
    rig = Rig()
    rig.provision(VIN)
    carol = rig.user(CAROL)
    rig.bind(carol)
    mr_carol = rig.mr_user(CAROL)
    assert outcome(lambda: rig.platform.vehicle_status(VehicleQuery(mr_carol, VIN))) == "not_authorised"
    command = RemoteCommand(mr_carol, VIN, "find_my_car", "r1")
    assert outcome(lambda: rig.platform.remote_command(command)) == "not_authorised"
    assert rig.roles(mr_carol) == []
    assert rig.roles(carol) == [(VIN, "bound")]


# --- D-SEC-6: force unbinding is asked for from the car -----------------------------------------


def test_force_unbinding_needs_a_log_in_to_this_cars_head_unit() -> None:
    rig = Rig()
    rig.provision(VIN)
    rig.provision(OTHER_VIN, "MG ZS EV")
    alice = rig.user(ALICE)
    rig.bind(alice)
    bob = rig.user(BOB)
    assert force(rig, bob) == "not_authorised"  # knowing the VIN is not enough
    rig.log_in_to_car(bob, OTHER_VIN)
    assert force(rig, bob) == "not_authorised"  # logged in to another car's head unit
    rig.platform.head_unit_log_in(HeadUnitLogIn(VIN, BOB, PASSWORD))
    assert getattr(force(rig, bob), "request_id", "") == "fu-1"
    assert [p.kind for p in rig.pushes(f"dev-{ALICE}")] == ["force_unbind_request"]


# --- one binding's things do not count for the next --------------------------------------------


def test_an_unused_unbind_code_dies_with_its_binding() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    rig.platform.send_unbind_code(SendUnbindCode(alice, VIN))
    old_code = rig.last_code(ALICE)
    bob = rig.user(BOB)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "agree"))
    rig.bind(alice)
    assert outcome(lambda: rig.platform.unbind(Unbind(alice, VIN, old_code))) == "code_invalid"
    assert rig.roles(alice) == [(VIN, "bound")]


def test_a_reject_counts_only_in_its_binding() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice, bob = rig.user(ALICE), rig.user(BOB)
    rig.bind(alice)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    rig.platform.answer_force_unbind(AnswerForceUnbind(alice, pending.request_id, "reject"))
    assert force(rig, bob) == "unbinding_rejected"
    unbind(rig, alice)
    rig.bind(alice)
    rig.log_in_to_car(bob)
    assert getattr(force(rig, bob), "request_id", "") == "fu-2"


def test_a_command_of_an_ended_binding_is_not_carried_out_in_the_next() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    rig.out.asleep.add(VIN)
    waiting = rig.platform.remote_command(RemoteCommand(alice, VIN, "climate_on", "r1")).command_id
    unbind(rig, alice)
    rig.bind(alice)
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(VIN))
    assert rig.platform.command_status(CommandQuery(alice, waiting)).state == "cancelled"
    assert [command.command_id for command in rig.out.tcu_sent if command.command_id == waiting] == [waiting]


def test_an_unbinding_with_the_code_tells_the_new_user_once() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice, bob = rig.user(ALICE), rig.user(BOB)
    rig.bind(alice)
    rig.log_in_to_car(bob)
    pending = rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    unbind(rig, alice)
    pushed = [(p.kind, p.request_id) for p in rig.pushes(f"dev-{BOB}")]
    assert pushed == [("force_unbind_completed", pending.request_id)]
    rig.advance(timedelta(hours=73))
    assert len(rig.pushes(f"dev-{BOB}")) == 1
    assert rig.roles(alice) == []


# --- calendar months: the step's oracle and the reference agree -----------------------------


def test_the_renewal_steps_count_calendar_months_as_the_reference_does() -> None:
    start = datetime(2026, 1, 31, 8, 0, tzinfo=UTC)
    for months in range(0, 40):
        assert calendar_months_after(start, months) == months_later(start, months)
    assert calendar_months_after(start, 1) == datetime(2026, 2, 28, 8, 0, tzinfo=UTC)
    assert calendar_months_after(datetime(2027, 3, 31, tzinfo=UTC), 11) == datetime(2028, 2, 29, tzinfo=UTC)
