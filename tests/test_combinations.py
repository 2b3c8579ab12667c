"""The reference's rules for combinations, driven through the contract: log-out of the app and of
the car, the head unit's restart, several sessions of one account, start_sync from the web site;
and the casting of people and cars in every declared market."""

from __future__ import annotations

import re

import pytest
from reference_kit import ALICE, BOB, DANA, MEGANE_VIN, MY_RENAULT_WEB, VIN, Rig, outcome

from contract.messages import HeadUnitLogOut, ListVehicles, LogOut, RequestForceUnbind, ScanQr, ShowQr
from contract.myrenault import MultimediaStarted, StartSync
from reference import DECLARATION, ReferenceFactory
from twins.casting import LOCALES, SWEDEN, Casting
from twins.world import World


def test_logging_out_ends_that_session_only() -> None:
    rig = Rig()
    rig.provision(VIN)
    first = rig.user(ALICE)
    second = rig.log_in(ALICE, "second-phone")
    rig.bind(first)
    assert outcome(lambda: rig.platform.log_out(LogOut(first)).ok) is True
    assert outcome(lambda: rig.platform.list_vehicles(ListVehicles(first))) == "not_authenticated"
    assert outcome(lambda: rig.platform.log_out(LogOut(first))) == "not_authenticated"
    assert rig.roles(second) == [(VIN, "bound")]


def test_a_push_reaches_every_device_of_the_account() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.log_in(ALICE, "second-phone")
    rig.bind(alice)
    bob = rig.user(BOB)
    rig.scan(bob)  # D-SEC-6: the new user asks from the car
    rig.platform.request_force_unbind(RequestForceUnbind(bob, VIN, True))
    assert sorted(p.device_id for p in rig.out.pushes_sent) == sorted([f"dev-{ALICE}", "second-phone"])


def test_the_head_unit_logs_out_a_logged_in_user_but_not_a_bound_one() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.scan(alice)
    rig.platform.head_unit_log_out(HeadUnitLogOut(VIN))
    assert rig.roles(alice) == []
    assert rig.out.car_events[-1].kind == "user_logged_out"
    rig.platform.head_unit_log_out(HeadUnitLogOut(VIN))  # nobody logged in: nothing to do
    assert rig.out.car_events[-1].kind == "user_logged_out"
    rig.bind(alice)
    assert outcome(lambda: rig.platform.head_unit_log_out(HeadUnitLogOut(VIN))) == "already_bound"
    assert rig.roles(alice) == [(VIN, "bound")]


def test_a_restart_keeps_the_binding_announces_the_user_and_ends_old_qr_codes() -> None:
    rig = Rig()
    rig.provision(VIN)
    alice = rig.user(ALICE)
    rig.bind(alice)
    bob = rig.user(BOB)
    old = rig.platform.show_qr(ShowQr(VIN)).qr
    rig.platform.multimedia_started(MultimediaStarted(VIN))
    assert rig.roles(alice) == [(VIN, "bound")]
    assert rig.out.car_events[-1].kind == "user_bound"
    assert outcome(lambda: rig.platform.scan_qr(ScanQr(bob, old))) == "qr_expired"


def test_the_web_site_cannot_start_a_synchronisation() -> None:
    rig = Rig()
    rig.provision_renault()
    rig.mr_user(DANA)
    web = rig.mr_log_in(DANA, MY_RENAULT_WEB)
    rig.add(web)
    assert outcome(lambda: rig.platform.start_sync(StartSync(web, MEGANE_VIN, True))) == "app_only"


@pytest.mark.parametrize("market", sorted(LOCALES))
def test_every_declared_market_has_a_cast(market: str) -> None:
    declared = {market for model in DECLARATION.models for market in model.markets}
    assert declared <= set(LOCALES)
    person = Casting(7, LOCALES[market]).person("user")
    assert person.number.startswith(LOCALES[market].prefix)
    assert person.email.endswith(LOCALES[market].mail_domain)


def test_a_swedish_number_has_nine_digits_after_the_prefix() -> None:
    number = Casting(7, SWEDEN).phone_number()
    assert re.fullmatch(r"\+467\d{8}", number), number


def test_a_person_is_cast_where_they_live_and_a_car_where_it_is_sold() -> None:
    world = World(ReferenceFactory(), 7)
    world.residence["user"] = "SE"
    assert world.person("user").number.startswith("+46")
    assert world.person("new").number.startswith("+45")
    [mg4] = [model for model in DECLARATION.models if model.name == "MG4 Electric"]
    car = world.add_car("the car", "ismart", mg4, market="SE")
    assert car.record.market == "SE"
    assert car.record.tcu_msisdn.startswith("+46")
    assert world.add_phone("user").name.endswith("'s second phone")
