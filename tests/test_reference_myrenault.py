"""The reference platform, driven directly through the contract: every rule of the My Renault manual."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from reference_kit import (
    A_YEAR,
    ALICE,
    CLIO_VIN,
    DANA,
    EPOCH,
    ERIK,
    GENUINE,
    MEGANE,
    MEGANE_VIN,
    MY_RENAULT_APP,
    MY_RENAULT_WEB,
    OSLO,
    PASSWORD,
    PIN,
    VIN,
    ZOE_VIN,
    Rig,
    outcome,
    renault,
)

from contract.geo import distance_km
from contract.messages import (
    Ack,
    AppIdentity,
    CommandAccepted,
    CommandName,
    CommandQuery,
    Location,
    LogIn,
    RemoteCommand,
    ServiceTerm,
    TcuOnline,
    TcuReport,
    TcuState,
    VehicleQuery,
    VehicleState,
)
from contract.myrenault import (
    AccountConfirmed,
    AccountPending,
    AddVehicle,
    Appointment,
    BookAppointment,
    CarConditions,
    ChargePassQuery,
    ConfirmAccount,
    Contract,
    CreateAccount,
    DealerQuery,
    DealerRecord,
    FindDealers,
    FindStations,
    MultimediaStarted,
    PlanRoute,
    RenewService,
    ScheduleCharging,
    ScheduleClimate,
    Scheduled,
    SetPin,
    StartSync,
    StationReport,
    SyncConfirmedOnScreen,
    SyncQuery,
    VehicleAdded,
    VehicleInfo,
)
from reference import DECLARATION
from reference.months import months_later
from twins.geo import offset

SECOND = timedelta(seconds=1)
FIVE_MINUTES = timedelta(minutes=5)
DAY = timedelta(days=1)
DRAMMEN = Location(59.7439, 10.2045)
TRONDHEIM = Location(63.4305, 10.3951)
MG_VIN = "LSJW74098NZ000003"  # with a right check digit


@pytest.fixture
def rig() -> Rig:
    rig = Rig()
    rig.provision_renault()
    return rig


def command(
    rig: Rig,
    token: str,
    name: CommandName = "horn_and_lights",
    *,
    pin: str = PIN,
    vin: str = MEGANE_VIN,
    request_id: str = "",
) -> object:
    """The reply to a remote command (a fresh request id unless *request_id* is given), or its refusal."""
    request = RemoteCommand(token, vin, name, request_id or f"r-{len(rig.out.tcu_sent)}-{name}", pin)
    return outcome(lambda: rig.platform.remote_command(request))


# --- accounts (MR-ACC-1..3) ---------------------------------------------------------------------


def test_account_created_from_app_or_web_is_pending_and_confirmation_is_emailed(rig: Rig) -> None:
    pending = rig.platform.create_account(CreateAccount(MY_RENAULT_APP, DANA, PASSWORD, "Dana", "Berg"))
    assert pending.account_id == "acc-1"
    web = rig.platform.create_account(CreateAccount(MY_RENAULT_WEB, ERIK, PASSWORD, "Erik", "Dahl"))
    assert web.account_id == "acc-2"
    assert [(m.to, m.sent_at) for m in rig.out.emails_sent] == [(DANA, EPOCH), (ERIK, EPOCH)]
    assert rig.confirmation_token(DANA) != rig.confirmation_token(ERIK)
    assert rig.out.sms_sent == []


@pytest.mark.parametrize(
    "client",
    [
        AppIdentity("My Renault", "Evil Apps Ltd"),
        AppIdentity("renault-connect.renault.com.evil.example", "RENAULT SAS"),
        GENUINE,  # a genuine iSmart app is no My Renault client
    ],
)
def test_only_genuine_my_renault_clients_create_and_log_in(rig: Rig, client: AppIdentity) -> None:
    create = CreateAccount(client, DANA, PASSWORD, "Dana", "Berg")
    assert outcome(lambda: rig.platform.create_account(create)) == "app_not_genuine"
    rig.mr_user(DANA)
    if client != GENUINE:
        assert outcome(lambda: rig.platform.log_in(LogIn(DANA, PASSWORD, True, True, "d", client))) == "app_not_genuine"


def test_create_account_checks_address_password_and_uniqueness(rig: Rig) -> None:
    def create(email: str, password: str = PASSWORD) -> object:
        return outcome(lambda: rig.platform.create_account(CreateAccount(MY_RENAULT_WEB, email, password, "D", "B")))

    assert create("dana.example.no") == "invalid_request"
    assert create(DANA, "1234567") == "invalid_request"
    assert rig.out.emails_sent == []
    assert create(DANA, "12345678") == AccountPending("acc-1")
    assert create(DANA.upper()) == "account_exists"
    assert len(rig.out.emails_sent) == 1


def test_confirmation_link_confirms_once_and_again_harmlessly(rig: Rig) -> None:
    account_id = rig.create_account(DANA)
    token = rig.confirmation_token(DANA)
    assert outcome(lambda: rig.platform.confirm_account(ConfirmAccount("not-a-token"))) == "invalid_request"
    first = rig.platform.confirm_account(ConfirmAccount(token))
    assert first == AccountConfirmed(account_id)
    assert rig.platform.confirm_account(ConfirmAccount(token)) == first


@pytest.mark.parametrize("client", [MY_RENAULT_APP, MY_RENAULT_WEB])
def test_a_lost_confirmation_email_is_sent_again_and_only_the_newest_link_confirms(
    rig: Rig, client: AppIdentity
) -> None:
    account_id = rig.create_account(DANA)
    first = rig.confirmation_token(DANA)
    assert rig.resend_confirmation(DANA, client) == AccountPending(account_id)
    emails = [m for m in rig.out.emails_sent if m.to == DANA]
    assert len(emails) == 2
    assert emails[0].subject == emails[1].subject
    second = rig.confirmation_token(DANA)
    assert second != first
    assert outcome(lambda: rig.platform.confirm_account(ConfirmAccount(first))) == "invalid_request"
    assert outcome(lambda: rig.mr_log_in(DANA, client)) == "account_not_confirmed"
    assert rig.platform.confirm_account(ConfirmAccount(second)) == AccountConfirmed(account_id)
    assert outcome(lambda: rig.platform.confirm_account(ConfirmAccount(first))) == "invalid_request"
    assert rig.mr_log_in(DANA, MY_RENAULT_APP).startswith("tok-")
    assert rig.mr_log_in(DANA, MY_RENAULT_WEB).startswith("tok-")


def test_sending_the_confirmation_again_is_refused_without_telling_who_has_an_account(rig: Rig) -> None:
    rig.create_account(DANA)
    assert outcome(lambda: rig.resend_confirmation(DANA, GENUINE)) == "app_not_genuine"
    assert outcome(lambda: rig.resend_confirmation(ERIK)) == "bad_credentials"
    assert outcome(lambda: rig.resend_confirmation(DANA, password="wrong password")) == "bad_credentials"
    assert len(rig.out.emails_sent) == 1
    assert rig.resend_confirmation(DANA.upper()).account_id == rig.resend_confirmation(DANA).account_id
    rig.confirm(DANA)
    assert outcome(lambda: rig.resend_confirmation(DANA)) == "account_confirmed"
    assert len(rig.out.emails_sent) == 3


@pytest.mark.parametrize("client", [MY_RENAULT_APP, MY_RENAULT_WEB])
def test_an_unconfirmed_account_cannot_log_in(rig: Rig, client: AppIdentity) -> None:
    rig.create_account(DANA)
    assert outcome(lambda: rig.mr_log_in(DANA, client)) == "account_not_confirmed"
    wrong = LogIn(DANA, "wrong password", True, True, "d", client)
    assert outcome(lambda: rig.platform.log_in(wrong)) == "bad_credentials"
    rig.confirm(DANA)
    assert rig.mr_log_in(DANA, client).startswith("tok-")


def test_the_same_credentials_work_on_web_and_app_without_terms(rig: Rig) -> None:
    account_id = rig.create_account(DANA)
    rig.confirm(DANA)
    on_web = rig.platform.log_in(LogIn(DANA, PASSWORD, False, False, "pc", MY_RENAULT_WEB))
    on_app = rig.platform.log_in(LogIn(DANA.upper(), PASSWORD, False, False, "phone", MY_RENAULT_APP))
    assert on_web.account_id == on_app.account_id == account_id
    assert on_web.token != on_app.token
    for client in (MY_RENAULT_APP, MY_RENAULT_WEB):
        assert outcome(lambda c=client: rig.platform.log_in(LogIn(ERIK, PASSWORD, True, True, "d", c))) == (
            "bad_credentials"
        )


def test_my_renault_and_ismart_accounts_are_apart(rig: Rig) -> None:
    rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.log_in(LogIn(DANA, PASSWORD, True, True, "d", GENUINE))) == "bad_credentials"
    rig.register(ALICE)
    assert outcome(lambda: rig.mr_log_in(ALICE)) == "bad_credentials"


# --- adding a vehicle (MR-VEH-1) -------------------------------------------------------------------


def test_a_car_is_added_by_vin_or_plate(rig: Rig) -> None:
    rig.provision_renault(renault(ZOE_VIN, "Zoe", plate="EV 54321"))
    dana = rig.mr_user(DANA)
    assert rig.platform.add_vehicle(AddVehicle(dana, vin=MEGANE_VIN)) == VehicleAdded(MEGANE_VIN, MEGANE)
    assert rig.platform.add_vehicle(AddVehicle(dana, plate="ev54321")) == VehicleAdded(ZOE_VIN, "Zoe")
    assert rig.platform.add_vehicle(AddVehicle(dana, plate="EL 12345")) == VehicleAdded(MEGANE_VIN, MEGANE)
    assert rig.roles(dana) == [(MEGANE_VIN, "added"), (ZOE_VIN, "added")]
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana))) == "invalid_request"
    both = AddVehicle(dana, vin=MEGANE_VIN, plate="EL 12345")
    assert outcome(lambda: rig.platform.add_vehicle(both)) == "invalid_request"
    assert rig.roles(rig.mr_user(ERIK)) == []


@pytest.mark.parametrize(
    "typed",
    [
        MEGANE_VIN[:-1],  # a character missing
        MEGANE_VIN + "1",  # one too many
        MEGANE_VIN[:12] + "O" + MEGANE_VIN[13:],  # letters I, O, Q are not in VINs
        MEGANE_VIN[:12] + "I" + MEGANE_VIN[13:],
        MEGANE_VIN[:12] + "Q" + MEGANE_VIN[13:],
        MEGANE_VIN[:8] + "2" + MEGANE_VIN[9:],  # a wrong check digit
        MEGANE_VIN[:8] + "X" + MEGANE_VIN[9:],
    ],
)
def test_a_mistyped_vin_is_invalid(rig: Rig, typed: str) -> None:
    dana = rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=typed))) == "invalid_vin"
    assert rig.roles(dana) == []


def test_a_vin_or_plate_of_no_renault_is_unknown(rig: Rig) -> None:
    rig.provision(MG_VIN)  # an MG: its VIN and plate are valid, but it is no My Renault car
    dana = rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=ZOE_VIN))) == "unknown_vehicle"
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, vin=MG_VIN))) == "unknown_vehicle"
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, plate="AB 12 345"))) == "unknown_vehicle"
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(dana, plate="EL 99999"))) == "unknown_vehicle"
    assert rig.roles(dana) == []


def test_an_ismart_session_adds_no_renault(rig: Rig) -> None:
    alice = rig.user(ALICE)
    assert outcome(lambda: rig.platform.add_vehicle(AddVehicle(alice, vin=MEGANE_VIN))) == "invalid_request"


# --- synchronisation (MR-SYNC-1..5) ----------------------------------------------------------------


def test_synchronising_when_all_four_conditions_hold(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    assert sync_id == "sync-1"
    event = rig.out.car_events[-1]
    assert (event.vin, event.kind, event.account_id, event.sent_at, event.sync_id) == (
        MEGANE_VIN,
        "sync_request",
        "acc-1",
        EPOCH,
        sync_id,
    )
    assert rig.sync_state(dana, sync_id) == ("waiting", "")
    assert rig.platform.clock_state().next_due == EPOCH + FIVE_MINUTES
    assert rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, True, True, True)) == Ack()
    assert rig.sync_state(dana, sync_id) == ("waiting", "")
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]
    assert rig.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(MEGANE_VIN, sync_id)) == Ack()
    assert rig.sync_state(dana, sync_id) == ("linked", "")
    assert rig.roles(dana) == [(MEGANE_VIN, "synchronised")]
    assert rig.platform.clock_state().next_due is None


def test_the_screen_alone_does_not_link(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    rig.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(MEGANE_VIN, sync_id))
    assert rig.sync_state(dana, sync_id) == ("waiting", "")
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]


def test_synchronising_needs_the_car_added_and_a_second_press(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.start_sync(StartSync(dana, MEGANE_VIN, True))) == "vehicle_not_added"
    assert outcome(lambda: rig.platform.start_sync(StartSync(dana, ZOE_VIN, True))) == "unknown_vehicle"
    rig.add(dana)
    assert outcome(lambda: rig.platform.start_sync(StartSync(dana, MEGANE_VIN, False))) == "confirmation_required"
    assert rig.out.car_events == []
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]


@pytest.mark.parametrize(
    ("parked", "multimedia_on", "occupant", "reason"),
    [
        (False, True, True, "vehicle_not_parked"),
        (True, False, True, "multimedia_off"),
        (True, True, False, "user_not_in_cabin"),
    ],
)
def test_a_missing_condition_fails_the_synchronisation(
    rig: Rig, parked: bool, multimedia_on: bool, occupant: bool, reason: str
) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, parked, multimedia_on, occupant))
    assert rig.sync_state(dana, sync_id) == ("failed", reason)
    # late news from the car changes nothing
    rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, True, True, True))
    rig.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(MEGANE_VIN, sync_id))
    assert rig.sync_state(dana, sync_id) == ("failed", reason)
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]
    assert rig.platform.clock_state().next_due is None


def test_a_car_without_coverage_fails_at_once(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    rig.out.asleep.add(MEGANE_VIN)
    sync_id = rig.start_sync(dana)
    assert rig.sync_state(dana, sync_id) == ("failed", "no_coverage")
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]


def test_a_car_that_never_answers_fails_after_exactly_five_minutes(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    rig.advance(FIVE_MINUTES - SECOND)
    assert rig.sync_state(dana, sync_id) == ("waiting", "")
    rig.advance(SECOND)
    assert rig.sync_state(dana, sync_id) == ("failed", "no_coverage")


def test_nobody_confirming_on_the_screen_fails_after_exactly_five_minutes(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    rig.advance(timedelta(minutes=1))
    sync_id = rig.start_sync(dana)
    rig.platform.car_conditions(CarConditions(MEGANE_VIN, sync_id, True, True, True))
    rig.advance(FIVE_MINUTES - SECOND)
    assert rig.sync_state(dana, sync_id) == ("waiting", "")
    rig.advance(SECOND)
    assert rig.sync_state(dana, sync_id) == ("failed", "user_not_in_cabin")
    rig.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(MEGANE_VIN, sync_id))
    assert rig.roles(dana) == [(MEGANE_VIN, "added")]


def test_the_car_names_its_own_synchronisations(rig: Rig) -> None:
    rig.provision_renault(renault(ZOE_VIN, "Zoe", plate="EV 54321"))
    dana = rig.mr_user(DANA)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    wrong_car = CarConditions(ZOE_VIN, sync_id, True, True, True)
    assert outcome(lambda: rig.platform.car_conditions(wrong_car)) == "invalid_request"
    unknown = CarConditions(MEGANE_VIN, "sync-99", True, True, True)
    assert outcome(lambda: rig.platform.car_conditions(unknown)) == "invalid_request"
    screen = SyncConfirmedOnScreen(MEGANE_VIN, "sync-99")
    assert outcome(lambda: rig.platform.sync_confirmed_on_screen(screen)) == "invalid_request"
    no_car = CarConditions(CLIO_VIN, sync_id, True, True, True)
    assert outcome(lambda: rig.platform.car_conditions(no_car)) == "unknown_vehicle"
    assert rig.sync_state(dana, sync_id) == ("waiting", "")


def test_only_the_starter_reads_a_synchronisation(rig: Rig) -> None:
    dana, erik = rig.mr_user(DANA), rig.mr_user(ERIK)
    rig.add(dana)
    sync_id = rig.start_sync(dana)
    assert outcome(lambda: rig.platform.sync_status(SyncQuery(erik, sync_id))) == "not_authorised"
    assert outcome(lambda: rig.platform.sync_status(SyncQuery(dana, "sync-99"))) == "invalid_request"


def test_a_linked_account_stays_linked_across_multimedia_restarts(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.synchronise(dana)
    assert rig.platform.multimedia_started(MultimediaStarted(MEGANE_VIN)) == Ack()
    rig.advance(timedelta(minutes=10))
    assert rig.roles(dana) == [(MEGANE_VIN, "synchronised")]
    assert rig.platform.vehicle_status(VehicleQuery(dana, MEGANE_VIN)).location == OSLO
    rig.provision(VIN)  # an MG head unit starting is no news for anyone
    assert rig.platform.multimedia_started(MultimediaStarted(VIN)) == Ack()
    assert outcome(lambda: rig.platform.multimedia_started(MultimediaStarted(ZOE_VIN))) == "unknown_vehicle"


# --- who may do what (MR-SYNC-1, MR-SYNC-4, MR-FEAT-3) ---------------------------------------------


def needs_synchronised(rig: Rig, token: str) -> dict[str, object]:
    query = VehicleQuery(token, MEGANE_VIN)
    at = EPOCH + DAY
    return {
        "locate": outcome(lambda: rig.platform.vehicle_status(query)),
        "services": outcome(lambda: rig.platform.list_services(query)),
        "command": command(rig, token),
        "contracts": outcome(lambda: rig.platform.list_contracts(query)),
        "renew": outcome(lambda: rig.platform.renew_service(RenewService(token, MEGANE_VIN, "connected_services", 1))),
        "activate": outcome(lambda: rig.platform.activate_services(query)),
        "battery": outcome(lambda: rig.platform.ev_status(query)),
        "charging": outcome(lambda: rig.platform.schedule_charging(ScheduleCharging(token, MEGANE_VIN, at, PIN))),
        "climate": outcome(lambda: rig.platform.schedule_climate(ScheduleClimate(token, MEGANE_VIN, at, PIN))),
        "route": outcome(lambda: rig.platform.plan_route(PlanRoute(token, MEGANE_VIN, DRAMMEN))),
    }


def test_an_added_car_is_out_of_reach_until_synchronised(rig: Rig) -> None:
    dana, erik = rig.mr_user(DANA), rig.mr_user(ERIK)
    rig.add(dana)
    outcomes = needs_synchronised(rig, dana)
    assert outcomes == dict.fromkeys(outcomes, "not_synchronised")
    strangers = needs_synchronised(rig, erik)
    assert strangers == dict.fromkeys(strangers, "not_authorised")
    assert rig.out.tcu_sent == []
    # what the account knows of an added car needs no synchronisation
    query = VehicleQuery(dana, MEGANE_VIN)
    assert rig.platform.vehicle_info(query).vin == MEGANE_VIN
    assert rig.platform.e_guide(query).title == f"E-Guide {MEGANE}"
    assert rig.platform.appointments(query).appointments == []
    for read in (rig.platform.vehicle_info, rig.platform.e_guide, rig.platform.appointments):
        assert outcome(lambda r=read: r(VehicleQuery(erik, MEGANE_VIN))) == "not_authorised"


def test_synchronised_opens_the_contracts(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    assert outcome(lambda: rig.platform.list_contracts(VehicleQuery(dana, MEGANE_VIN))) == "not_synchronised"
    rig.synchronise(dana)
    contracts = rig.platform.list_contracts(VehicleQuery(dana, MEGANE_VIN)).contracts
    assert contracts == [Contract("connected_services", "active", EPOCH + A_YEAR)]


def test_some_functions_exist_only_in_the_app(rig: Rig) -> None:
    dana = rig.remote_ready(DANA)
    web = rig.mr_log_in(DANA, MY_RENAULT_WEB)
    app_only = needs_synchronised(rig, web)
    for name in ("services", "contracts", "renew", "activate"):
        assert app_only.pop(name) != "app_only", name
    assert app_only == dict.fromkeys(app_only, "app_only")
    assert outcome(lambda: rig.platform.charge_pass(ChargePassQuery(web))) == "app_only"
    stations = FindStations(web, OSLO, 5.0, False)
    assert outcome(lambda: rig.platform.find_charging_stations(stations)) == "app_only"
    assert rig.out.tcu_sent == []
    # and what also works on the web site
    query = VehicleQuery(web, MEGANE_VIN)
    assert rig.platform.vehicle_info(query).vin == MEGANE_VIN
    assert rig.platform.e_guide(query).url.startswith("https://")
    assert rig.platform.list_contracts(query).contracts[0].state == "active"
    assert rig.platform.set_pin(SetPin(web, "1357", PIN)) == Ack()
    assert isinstance(command(rig, dana, pin="1357"), CommandAccepted)
    rig.platform.provision_dealer(dealer("d-1", OSLO, slots=[EPOCH + DAY]))
    assert [d.dealer_id for d in rig.platform.find_dealers(FindDealers(web, OSLO, 10.0)).dealers] == ["d-1"]
    assert rig.platform.dealer_slots(DealerQuery(web, "d-1")).slots == [EPOCH + DAY]
    booked = rig.platform.book_appointment(BookAppointment(web, MEGANE_VIN, "d-1", EPOCH + DAY))
    assert rig.platform.appointments(query).appointments == [booked]


# --- services by equipment and law (MR-FEAT-2) ---------------------------------------------------


def test_the_declaration_claims_my_renault() -> None:
    assert DECLARATION.brands == ["ismart", "myrenault"]
    models = {m.name: m for m in DECLARATION.models_offering("myrenault")}
    assert list(models) == [MEGANE, "Zoe", "Clio"]
    assert {"charge_scheduling", "climate_scheduling"} <= set(models[MEGANE].services)
    assert not {"charge_scheduling", "climate_scheduling"} & set(models["Zoe"].services)
    assert "battery_status" in models["Zoe"].services
    assert models["Clio"].markets == ["NO"]
    assert "battery_status" not in models["Clio"].services
    assert DECLARATION.excluded_in("DK") == ["horn_and_lights"]
    assert DECLARATION.excluded_in("NO") == []
    for feature in ("web_portal", "synchronisation", "appointments", "charging_stations", "qr_binding"):
        assert DECLARATION.claims_feature(feature)


@pytest.mark.parametrize(
    ("vin", "model", "market", "has", "lacks"),
    [
        (MEGANE_VIN, MEGANE, "NO", {"horn_and_lights", "charge_scheduling", "battery_status"}, set()),
        (MEGANE_VIN, MEGANE, "DK", {"charge_scheduling", "remote_lock"}, {"horn_and_lights"}),
        (ZOE_VIN, "Zoe", "NO", {"horn_and_lights", "battery_status"}, {"charge_scheduling", "climate_scheduling"}),
        (CLIO_VIN, "Clio", "NO", {"horn_and_lights", "locate"}, {"battery_status", "route_planning"}),
    ],
)
def test_services_follow_the_model_and_the_market(
    vin: str, model: str, market: str, has: set[str], lacks: set[str]
) -> None:
    rig = Rig()
    rig.provision_renault(renault(vin, model, market))
    dana = rig.remote_ready(DANA, vin)
    services = rig.platform.list_services(VehicleQuery(dana, vin)).services
    assert has <= set(services)
    assert not lacks & set(services)
    assert rig.platform.vehicle_info(VehicleQuery(dana, vin)).services == services
    if "horn_and_lights" in lacks:
        assert command(rig, dana, vin=vin) == "service_not_available"
        assert isinstance(command(rig, dana, "lock", vin=vin), CommandAccepted)
    if "charge_scheduling" in lacks:
        request = ScheduleCharging(dana, vin, EPOCH + DAY, PIN)
        assert outcome(lambda: rig.platform.schedule_charging(request)) == "service_not_available"
    if "battery_status" in lacks:
        assert outcome(lambda: rig.platform.ev_status(VehicleQuery(dana, vin))) == "service_not_available"
    if "route_planning" in lacks:
        assert outcome(lambda: rig.platform.plan_route(PlanRoute(dana, vin, DRAMMEN))) == "service_not_available"


# --- remote control: activation, PIN, contract, delivery (MR-FEAT-4, MR-PIN-1, MR-SVC-1) -----------


def test_remote_control_checks_in_order(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.synchronise(dana)
    assert command(rig, dana, pin="") == "services_not_activated"
    rig.platform.activate_services(VehicleQuery(dana, MEGANE_VIN))
    assert command(rig, dana, pin="") == "pin_required"
    rig.platform.set_pin(SetPin(dana, PIN))
    assert command(rig, dana, pin="") == "pin_invalid"
    assert command(rig, dana, pin="8642") == "pin_invalid"
    assert rig.out.tcu_sent == []
    assert command(rig, dana, request_id="r1") == CommandAccepted("cmd-1", "delivered")
    sent = rig.out.tcu_sent[-1]
    assert (sent.vin, sent.command_id, sent.command, sent.at) == (MEGANE_VIN, "cmd-1", "horn_and_lights", None)


def test_activation_is_per_account(rig: Rig) -> None:
    rig.remote_ready(DANA)
    erik = rig.mr_user(ERIK)
    rig.synchronise(erik)
    rig.platform.set_pin(SetPin(erik, PIN))
    assert command(rig, erik) == "services_not_activated"


def test_service_comes_before_contract_and_contract_before_pin() -> None:
    rig = Rig()
    expired = [ServiceTerm("connected_services", EPOCH)]
    rig.provision_renault(renault(market="DK", contracts=expired))
    dana = rig.mr_user(DANA)
    rig.synchronise(dana)
    rig.platform.activate_services(VehicleQuery(dana, MEGANE_VIN))
    assert command(rig, dana, "horn_and_lights", pin="") == "service_not_available"
    assert command(rig, dana, "lock", pin="") == "service_expired"


def test_commands_map_onto_services_and_reach_the_tcu(rig: Rig) -> None:
    dana = rig.remote_ready(DANA)
    names: list[CommandName] = ["horn_and_lights", "climate_on", "climate_off", "lock", "unlock", "find_my_car"]
    for name in names:
        assert isinstance(command(rig, dana, name), CommandAccepted), name
    assert [t.command for t in rig.out.tcu_sent] == names


def test_a_retry_counts_once_and_an_unreachable_car_ends_clearly(rig: Rig) -> None:
    dana = rig.remote_ready(DANA)
    first = command(rig, dana, request_id="r1")
    assert command(rig, dana, request_id="r1") == first
    assert len(rig.out.tcu_sent) == 1
    rig.out.asleep.add(MEGANE_VIN)
    assert command(rig, dana, request_id="r2") == CommandAccepted("cmd-2", "pending")
    assert (rig.out.sms_sent[-1].to, rig.out.sms_sent[-1].text) == ("+4790000001", "WAKEUP")
    rig.advance(FIVE_MINUTES)
    status = rig.platform.command_status(CommandQuery(dana, "cmd-2"))
    assert status.state == "car_unreachable"
    rig.out.asleep.clear()
    rig.platform.tcu_online(TcuOnline(MEGANE_VIN))
    assert len(rig.out.tcu_sent) == 2  # the sleeping attempt only


def test_set_pin_creates_and_changes_the_pin(rig: Rig) -> None:
    dana = rig.remote_ready(DANA, pin="1111")
    for bad in ("123", "12345", "12a4", ""):
        assert outcome(lambda b=bad: rig.platform.set_pin(SetPin(dana, b, "1111"))) == "invalid_request"
    assert outcome(lambda: rig.platform.set_pin(SetPin(dana, "2222"))) == "pin_invalid"
    assert outcome(lambda: rig.platform.set_pin(SetPin(dana, "2222", "9999"))) == "pin_invalid"
    assert command(rig, dana, pin="1111") != "pin_invalid"
    assert rig.platform.set_pin(SetPin(dana, "2222", "1111")) == Ack()
    assert command(rig, dana, pin="1111") == "pin_invalid"
    assert isinstance(command(rig, dana, pin="2222"), CommandAccepted)
    erik = rig.mr_user(ERIK)
    assert outcome(lambda: rig.platform.set_pin(SetPin(erik, "3333", "1111"))) == "pin_invalid"
    assert rig.platform.set_pin(SetPin(erik, "3333")) == Ack()
    alice = rig.user(ALICE)
    assert outcome(lambda: rig.platform.set_pin(SetPin(alice, "4444"))) == "invalid_request"


# --- contracts (MR-SVC-1) ----------------------------------------------------------------------------


def contract_rig(ends: datetime) -> tuple[Rig, str]:
    rig = Rig()
    rig.provision_renault(renault(contracts=[ServiceTerm("connected_services", ends)]))
    return rig, rig.remote_ready(DANA)


def states(rig: Rig, token: str) -> list[tuple[str, str]]:
    return [(c.service, c.state) for c in rig.platform.list_contracts(VehicleQuery(token, MEGANE_VIN)).contracts]


def test_a_contract_expires_exactly_at_its_end() -> None:
    ends = EPOCH + 2 * DAY
    rig, dana = contract_rig(ends)
    rig.advance_to(ends - SECOND)
    assert states(rig, dana) == [("connected_services", "active")]
    assert isinstance(command(rig, dana), CommandAccepted)
    rig.advance_to(ends)
    assert states(rig, dana) == [("connected_services", "expired")]
    assert command(rig, dana, "horn_and_lights") == "service_expired"
    assert command(rig, dana, "lock") == "service_expired"
    schedule = ScheduleClimate(dana, MEGANE_VIN, ends + DAY, PIN)
    assert outcome(lambda: rig.platform.schedule_climate(schedule)) == "service_expired"
    # what the account knows of the car needs no contract
    assert rig.platform.vehicle_info(VehicleQuery(dana, MEGANE_VIN)).vin == MEGANE_VIN


def test_every_function_the_contract_covers_stops_when_it_expires() -> None:
    ends = EPOCH + 2 * DAY
    rig, dana = contract_rig(ends)
    rig.platform.station_report(StationReport("st-1", "Sentrum", OSLO, 4, 2))
    query = VehicleQuery(dana, MEGANE_VIN)

    def functions() -> list[object]:
        return [
            outcome(lambda: rig.platform.vehicle_status(query).vin),
            outcome(lambda: rig.platform.ev_status(query).vin),
            outcome(
                lambda: rig.platform.plan_route(PlanRoute(dana, MEGANE_VIN, Location(59.74, 10.20))).distance_km > 0
            ),
            outcome(lambda: rig.platform.charge_pass(ChargePassQuery(dana)).active),
            outcome(lambda: len(rig.platform.find_charging_stations(FindStations(dana, OSLO, 5.0, True)).stations)),
        ]

    assert functions() == [MEGANE_VIN, MEGANE_VIN, True, True, 1]
    rig.advance_to(ends)
    assert functions() == ["service_expired"] * 5
    assert rig.platform.e_guide(query).title.endswith(MEGANE)
    assert states(rig, dana) == [("connected_services", "expired")]
    rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 1))
    assert functions() == [MEGANE_VIN, MEGANE_VIN, True, True, 1]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime(2027, 1, 31, 9, 30, tzinfo=UTC), 1, datetime(2027, 2, 28, 9, 30, tzinfo=UTC)),
        (datetime(2028, 1, 31, 9, 30, tzinfo=UTC), 1, datetime(2028, 2, 29, 9, 30, tzinfo=UTC)),
        (datetime(2027, 1, 31, 9, 30, tzinfo=UTC), 2, datetime(2027, 3, 31, 9, 30, tzinfo=UTC)),
        (datetime(2026, 4, 1, 8, 0, tzinfo=UTC), 12, datetime(2027, 4, 1, 8, 0, tzinfo=UTC)),
        (datetime(2026, 11, 30, 8, 0, tzinfo=UTC), 3, datetime(2027, 2, 28, 8, 0, tzinfo=UTC)),
        (datetime(2026, 3, 2, 8, 0, tzinfo=UTC), 36, datetime(2029, 3, 2, 8, 0, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months(start: datetime, months: int, end: datetime) -> None:
    assert months_later(start, months) == end


def test_renewing_an_expired_contract_counts_from_now() -> None:
    ends = EPOCH + 2 * DAY
    rig, dana = contract_rig(ends)
    rig.advance_to(ends + DAY)
    renewed = rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 12))
    assert renewed == Contract("connected_services", "active", datetime(2027, 3, 5, 8, 0, tzinfo=UTC))  # from now
    assert states(rig, dana) == [("connected_services", "active")]
    assert isinstance(command(rig, dana), CommandAccepted)


def test_renewing_an_active_contract_extends_its_end() -> None:
    ends = EPOCH + 2 * DAY
    rig, dana = contract_rig(ends)
    renewed = rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 1))
    assert renewed.expires_at == datetime(2026, 4, 4, 8, 0, tzinfo=UTC)  # a calendar month after the old end
    rig.advance_to(renewed.expires_at - SECOND)
    assert states(rig, dana) == [("connected_services", "active")]
    rig.advance(SECOND)
    assert states(rig, dana) == [("connected_services", "expired")]


@pytest.mark.parametrize(("service", "months"), [("connected_services", 0), ("connected_services", 37), ("spa", 12)])
def test_renewal_needs_a_known_contract_and_1_to_36_months(service: str, months: int) -> None:
    rig, dana = contract_rig(EPOCH + DAY)
    assert outcome(lambda: rig.platform.renew_service(RenewService(dana, MEGANE_VIN, service, months))) == (
        "invalid_request"
    )
    assert rig.platform.renew_service(RenewService(dana, MEGANE_VIN, "connected_services", 36)).state == "active"


# --- vehicle information and E-guide (MR-FEAT-1) -----------------------------------------------------


def test_vehicle_information_and_e_guide(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    rig.add(dana)
    info = rig.platform.vehicle_info(VehicleQuery(dana, MEGANE_VIN))
    assert (info.vin, info.brand, info.model, info.plate, info.market) == (
        MEGANE_VIN,
        "myrenault",
        MEGANE,
        "EL 12345",
        "NO",
    )
    assert isinstance(info, VehicleInfo)
    assert "horn_and_lights" in info.services
    guide = rig.platform.e_guide(VehicleQuery(dana, MEGANE_VIN))
    assert (guide.title, guide.url) == (f"E-Guide {MEGANE}", "https://e-guide.renault.com/megane-e-tech-electric")


# --- dealers and appointments (MR-FEAT-1) ------------------------------------------------------------


def dealer(
    dealer_id: str,
    where: Location,
    *,
    approved: bool = True,
    brand: str = "myrenault",
    slots: list[datetime] | None = None,
) -> DealerRecord:
    return DealerRecord(
        dealer_id, brand, f"Bil {dealer_id}", f"{dealer_id}@dealers.example", where, approved, slots or []
    )


def test_approved_dealers_of_the_brand_nearby_nearest_first(rig: Rig) -> None:
    records = [
        dealer("far", offset(OSLO, 20, 0)),
        dealer("near", offset(OSLO, 3, 4)),
        dealer("unapproved", offset(OSLO, 1, 0), approved=False),
        dealer("mg", offset(OSLO, 1, 1), brand="ismart"),
        dealer("edge", offset(OSLO, -9, 0)),
    ]
    for record in records:
        rig.platform.provision_dealer(record)
    assert outcome(lambda: rig.platform.provision_dealer(records[0])) == "invalid_request"
    dana = rig.mr_user(DANA)
    edge = distance_km(OSLO, records[-1].location)
    found = rig.platform.find_dealers(FindDealers(dana, OSLO, edge)).dealers
    assert [(d.dealer_id, d.distance_km) for d in found] == [
        ("near", round(distance_km(OSLO, records[1].location), 1)),
        ("edge", round(edge, 1)),
    ]
    assert found[0].name == "Bil near"
    assert [d.dealer_id for d in rig.platform.find_dealers(FindDealers(dana, OSLO, edge - 0.01)).dealers] == ["near"]
    assert [d.dealer_id for d in rig.platform.find_dealers(FindDealers(dana, OSLO, 50)).dealers] == [
        "near",
        "edge",
        "far",
    ]
    assert outcome(lambda: rig.platform.find_dealers(FindDealers(dana, OSLO, -1))) == "invalid_request"
    alice = rig.user(ALICE)
    assert [d.dealer_id for d in rig.platform.find_dealers(FindDealers(alice, OSLO, 50)).dealers] == ["mg"]


def test_booking_takes_the_slot_and_tells_the_dealer(rig: Rig) -> None:
    later, sooner, past = EPOCH + 2 * DAY, EPOCH + DAY, EPOCH
    rig.platform.provision_dealer(dealer("d-1", OSLO, slots=[later, past, sooner]))
    rig.platform.provision_dealer(dealer("d-x", OSLO, approved=False, slots=[sooner]))
    dana, erik = rig.mr_user(DANA), rig.mr_user(ERIK)
    rig.add(dana)
    assert rig.platform.dealer_slots(DealerQuery(dana, "d-1")).slots == [sooner, later]
    assert outcome(lambda: rig.platform.dealer_slots(DealerQuery(dana, "d-x"))) == "invalid_request"
    assert outcome(lambda: rig.platform.dealer_slots(DealerQuery(dana, "d-99"))) == "invalid_request"

    def book(token: str, at: datetime, dealer_id: str = "d-1") -> object:
        return outcome(lambda: rig.platform.book_appointment(BookAppointment(token, MEGANE_VIN, dealer_id, at)))

    assert book(erik, sooner) == "not_authorised"
    assert book(dana, sooner, "d-x") == "invalid_request"
    assert book(dana, past) == "slot_unavailable"
    assert book(dana, sooner + timedelta(hours=1)) == "slot_unavailable"
    assert rig.out.emails_sent[-1].to != "d-1@dealers.example"
    first = book(dana, later)
    assert first == Appointment("apt-1", MEGANE_VIN, "d-1", later)
    assert book(dana, later) == "slot_unavailable"
    mail = rig.out.emails_sent[-1]
    assert mail.to == "d-1@dealers.example"
    assert "EL 12345" in mail.body
    assert later.isoformat() in mail.body
    assert rig.platform.dealer_slots(DealerQuery(dana, "d-1")).slots == [sooner]
    second = book(dana, sooner)
    assert rig.platform.appointments(VehicleQuery(dana, MEGANE_VIN)).appointments == [second, first]
    rig.advance(3 * DAY)  # the history keeps past appointments
    assert rig.platform.appointments(VehicleQuery(dana, MEGANE_VIN)).appointments == [second, first]
    assert rig.platform.dealer_slots(DealerQuery(dana, "d-1")).slots == []


# --- electric cars (MR-EV-1..4) ----------------------------------------------------------------------


def test_battery_status_follows_the_tcu(rig: Rig) -> None:
    dana = rig.remote_ready(DANA)
    query = VehicleQuery(dana, MEGANE_VIN)
    status = rig.platform.ev_status(query)
    assert (status.battery_percent, status.charging, status.plugged_in, status.range_km, status.updated_at) == (
        80,
        False,
        False,
        320,
        EPOCH,
    )
    rig.advance(timedelta(hours=1))
    charging = VehicleState(True, False, OSLO, battery_percent=85, range_km=340, plugged_in=True, charging=True)
    assert rig.platform.tcu_state(TcuState(MEGANE_VIN, charging)) == Ack()
    status = rig.platform.ev_status(query)
    assert (status.battery_percent, status.charging, status.plugged_in, status.range_km, status.updated_at) == (
        85,
        True,
        True,
        340,
        EPOCH + timedelta(hours=1),
    )
    command(rig, dana, request_id="r1")
    full = VehicleState(True, False, OSLO, battery_percent=100, range_km=400, plugged_in=True, charging=False)
    rig.platform.tcu_report(TcuReport(MEGANE_VIN, "cmd-1", "done", full))
    assert rig.platform.ev_status(query).battery_percent == 100
    assert outcome(lambda: rig.platform.tcu_state(TcuState(ZOE_VIN, full))) == "unknown_vehicle"


def test_programmed_charging_and_climate_go_to_the_tcu(rig: Rig) -> None:
    dana = rig.remote_ready(DANA)
    start, ready = EPOCH + timedelta(hours=17), EPOCH + timedelta(hours=23, minutes=30)
    assert rig.platform.schedule_charging(ScheduleCharging(dana, MEGANE_VIN, start, PIN)) == Scheduled(
        MEGANE_VIN, start
    )
    assert rig.platform.schedule_climate(ScheduleClimate(dana, MEGANE_VIN, ready, PIN)) == Scheduled(MEGANE_VIN, ready)
    assert [(t.command, t.at) for t in rig.out.tcu_sent] == [("schedule_charging", start), ("schedule_climate", ready)]
    assert rig.platform.command_status(CommandQuery(dana, "cmd-1")).state == "delivered"
    wrong_pin = ScheduleCharging(dana, MEGANE_VIN, start, "0000")
    assert outcome(lambda: rig.platform.schedule_charging(wrong_pin)) == "pin_invalid"
    rig.out.asleep.add(MEGANE_VIN)
    rig.platform.schedule_climate(ScheduleClimate(dana, MEGANE_VIN, ready, PIN))
    assert rig.out.sms_sent[-1].text == "WAKEUP"
    rig.advance(FIVE_MINUTES)
    assert rig.platform.command_status(CommandQuery(dana, "cmd-3")).state == "car_unreachable"


@pytest.mark.parametrize("kind", ["charging", "climate"])
def test_programming_exists_only_on_some_models(kind: str) -> None:
    rig = Rig()
    rig.provision_renault(renault(ZOE_VIN, "Zoe"))
    dana = rig.remote_ready(DANA, ZOE_VIN)
    at = EPOCH + DAY
    if kind == "charging":
        reply = outcome(lambda: rig.platform.schedule_charging(ScheduleCharging(dana, ZOE_VIN, at, PIN)))
    else:
        reply = outcome(lambda: rig.platform.schedule_climate(ScheduleClimate(dana, ZOE_VIN, at, PIN)))
    assert reply == "service_not_available"
    assert rig.out.tcu_sent == []
    assert isinstance(command(rig, dana, "climate_on", vin=ZOE_VIN), CommandAccepted)  # climate itself is there


def test_the_charge_pass_is_stable_per_account(rig: Rig) -> None:
    dana = rig.mr_user(DANA)
    assert outcome(lambda: rig.platform.charge_pass(ChargePassQuery(dana))) == "service_not_available"
    rig.add(dana)
    first = rig.platform.charge_pass(ChargePassQuery(dana))
    assert first.active
    assert re.fullmatch(r"MCP-[0-9A-F]{8}", first.pass_id), first.pass_id
    assert rig.platform.charge_pass(ChargePassQuery(rig.mr_log_in(DANA))) == first
    erik = rig.mr_user(ERIK)
    rig.add(erik)
    assert rig.platform.charge_pass(ChargePassQuery(erik)).pass_id != first.pass_id
    rig.provision_renault(renault(CLIO_VIN, "Clio", plate="EL 55555"))
    clio_only = rig.mr_user("clio@example.no")
    rig.add(clio_only, CLIO_VIN)
    assert outcome(lambda: rig.platform.charge_pass(ChargePassQuery(clio_only))) == "service_not_available"


def station(station_id: str, where: Location, free: int, connectors: int = 4) -> StationReport:
    return StationReport(station_id, f"Ladestasjon {station_id}", where, connectors, free)


def test_free_stations_nearby_as_last_reported(rig: Rig) -> None:
    reports = [
        station("st-far", offset(OSLO, 0, 8), 2),
        station("st-full", offset(OSLO, 1, 0), 0),
        station("st-near", offset(OSLO, 0, 2), 1),
        station("st-out", offset(OSLO, 30, 0), 4),
    ]
    for report in reports:
        assert rig.platform.station_report(report) == Ack()
    assert outcome(lambda: rig.platform.station_report(station("st-bad", OSLO, 5))) == "invalid_request"
    assert outcome(lambda: rig.platform.station_report(station("st-bad", OSLO, -1))) == "invalid_request"
    dana = rig.mr_user(DANA)

    def found(free_only: bool) -> list[tuple[str, int, float]]:
        stations = rig.platform.find_charging_stations(FindStations(dana, OSLO, 10.0, free_only)).stations
        return [(s.station_id, s.free_connectors, s.distance_km) for s in stations]

    assert found(False) == [
        ("st-full", 0, round(distance_km(OSLO, reports[1].location), 1)),
        ("st-near", 1, round(distance_km(OSLO, reports[2].location), 1)),
        ("st-far", 2, round(distance_km(OSLO, reports[0].location), 1)),
    ]
    assert [item[0] for item in found(True)] == ["st-near", "st-far"]
    rig.platform.station_report(station("st-near", reports[2].location, 0))
    rig.platform.station_report(station("st-full", reports[1].location, 3))
    assert [(item[0], item[1]) for item in found(True)] == [("st-full", 3), ("st-far", 2)]
    assert outcome(lambda: rig.platform.find_charging_stations(FindStations(dana, OSLO, -1.0, True))) == (
        "invalid_request"
    )


def along(fraction: float, east_km: float = 0.0) -> Location:
    """The point *fraction* of the way from Oslo to Trondheim, *east_km* east of the straight line."""
    on_line = Location(
        OSLO.latitude + fraction * (TRONDHEIM.latitude - OSLO.latitude),
        OSLO.longitude + fraction * (TRONDHEIM.longitude - OSLO.longitude),
    )
    return offset(on_line, 0.0, east_km)


def route_rig(range_km: int) -> tuple[Rig, str]:
    rig = Rig()
    rig.provision_renault()
    dana = rig.remote_ready(DANA)
    battery = VehicleState(True, False, OSLO, battery_percent=60, range_km=range_km)
    rig.platform.tcu_state(TcuState(MEGANE_VIN, battery))
    for report in [
        station("quarter", along(0.25), 2),
        station("half", along(0.5), 1),
        station("sixty", along(0.6), 3),
        station("full", along(0.62), 0),
        station("aside", along(0.63, east_km=20.0), 4),
        station("seventy", along(0.7, east_km=-3.0), 1),
        station("behind", along(-0.05), 4),
    ]:
        rig.platform.station_report(report)
    return rig, dana


def stops_to(rig: Rig, token: str, destination: Location) -> tuple[float, list[str]]:
    route = rig.platform.plan_route(PlanRoute(token, MEGANE_VIN, destination))
    return route.distance_km, [stop.station_id for stop in route.stops]


def test_a_route_within_range_needs_no_stop() -> None:
    rig, dana = route_rig(320)
    assert stops_to(rig, dana, DRAMMEN) == (round(distance_km(OSLO, DRAMMEN), 1), [])
    total = distance_km(OSLO, TRONDHEIM)
    rig.platform.tcu_state(TcuState(MEGANE_VIN, VehicleState(True, False, OSLO, range_km=int(total) + 1)))
    assert stops_to(rig, dana, TRONDHEIM)[1] == []


@pytest.mark.parametrize(
    ("range_km", "stops"),
    [
        (320, ["sixty"]),  # the farthest free station within 0.8 x 320 km, in the corridor
        (150, ["quarter", "half", "seventy"]),
        (50, ["quarter", "half", "sixty", "seventy"]),  # legs too long: the nearest ahead each time
    ],
)
def test_a_route_beyond_range_stops_at_free_stations_along_it(range_km: int, stops: list[str]) -> None:
    rig, dana = route_rig(range_km)
    distance, found = stops_to(rig, dana, TRONDHEIM)
    assert distance == round(distance_km(OSLO, TRONDHEIM), 1)
    assert found == stops
    route = rig.platform.plan_route(PlanRoute(dana, MEGANE_VIN, TRONDHEIM))
    assert [s.distance_km for s in route.stops] == [round(distance_km(OSLO, s.location), 1) for s in route.stops]
