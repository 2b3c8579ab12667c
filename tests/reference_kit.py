"""A small kit for driving a platform directly through the contract, without twins.

:class:`Recorder` is an :class:`contract.outbound.Outbound` that keeps every message; :class:`Rig`
wraps one platform and its recorder with the few moves most tests need.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from contract.errors import PlatformError
from contract.messages import (
    AdvanceClock,
    AppIdentity,
    ListVehicles,
    Location,
    LogIn,
    QrScanned,
    Register,
    ScanQr,
    SendRegistrationCode,
    ServiceTerm,
    ShowQr,
    VehicleQuery,
    VehicleRecord,
    VehicleState,
)
from contract.myrenault import (
    AccountPending,
    AddVehicle,
    CarConditions,
    ConfirmAccount,
    CreateAccount,
    ResendConfirmation,
    SetPin,
    StartSync,
    SyncConfirmedOnScreen,
    SyncQuery,
)
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand
from contract.platform import Platform, PlatformFactory, Setup
from reference import ReferenceFactory

EPOCH = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
GENUINE = AppIdentity("MG iSmart", "SAIC Motor international Co. Ltd")
PASSWORD = "correct horse"
VIN = "LSJW74095NZ000001"
OTHER_VIN = "LSJW74095NZ000002"
ALICE = "+4520000001"
BOB = "+4520000002"
CAROL = "carol@example.dk"
CODE = re.compile(r"\b(\d{4,8})\b")

# --- My Renault ---------------------------------------------------------------------------
MY_RENAULT_APP = AppIdentity("My Renault", "RENAULT SAS")
MY_RENAULT_WEB = AppIdentity("renault-connect.renault.com", "RENAULT SAS")
MEGANE = "Megane E-Tech Electric"
MEGANE_VIN = "VF1RFB001N0000001"  # the check digits (position 9) are right
ZOE_VIN = "VF1RFB003N0000002"
CLIO_VIN = "VF1AG000600000003"
DANA = "dana@example.no"
ERIK = "erik@example.no"
OSLO = Location(59.9139, 10.7522)
PIN = "2468"
CONFIRM_LINK = re.compile(r"https://renault-connect\.renault\.com/confirm/(\S+)")
LINK = re.compile(r"https://\S+")
A_YEAR = timedelta(days=365)


@dataclass
class Recorder:
    """Keeps every outbound message; the TCUs of the cars in *asleep* do not accept commands."""

    sms_sent: list[Sms] = field(default_factory=list)
    emails_sent: list[Email] = field(default_factory=list)
    pushes_sent: list[Push] = field(default_factory=list)
    tcu_sent: list[TcuCommand] = field(default_factory=list)
    car_events: list[CarEvent] = field(default_factory=list)
    asleep: set[str] = field(default_factory=set)

    def sms(self, message: Sms) -> None:
        self.sms_sent.append(message)

    def email(self, message: Email) -> None:
        self.emails_sent.append(message)

    def push(self, message: Push) -> None:
        self.pushes_sent.append(message)

    def tcu(self, message: TcuCommand) -> Delivery:
        self.tcu_sent.append(message)
        return Delivery(message.vin not in self.asleep)

    def car_event(self, message: CarEvent) -> Delivery:
        self.car_events.append(message)
        return Delivery(message.vin not in self.asleep)


def outcome[Reply](call: Callable[[], Reply]) -> Reply | str:
    """The reply of *call*, or the code of its refusal as a string."""
    try:
        return call()
    except PlatformError as refusal:
        return refusal.code.value


def vehicle(vin: str = VIN, model: str = "MG4 Electric", msisdn: str = "+4590000001") -> VehicleRecord:
    state = VehicleState(locked=True, climate_on=False, location=Location(55.676, 12.568))
    return VehicleRecord(vin, "ismart", model, "DK", "AB 12 345", msisdn, state)


def renault(
    vin: str = MEGANE_VIN,
    model: str = MEGANE,
    market: str = "NO",
    *,
    plate: str = "EL 12345",
    contracts: list[ServiceTerm] | None = None,
    msisdn: str = "+4790000001",
) -> VehicleRecord:
    """A My Renault car parked in Oslo at 80 % and 320 km, with a year of connected services."""
    state = VehicleState(locked=True, climate_on=False, location=OSLO, battery_percent=80, range_km=320)
    terms = [ServiceTerm("connected_services", EPOCH + A_YEAR)] if contracts is None else contracts
    return VehicleRecord(vin, "myrenault", model, market, plate, msisdn, state, terms)


class Rig:
    """One fresh platform from *factory*, its recorder, and the moves tests repeat."""

    def __init__(self, factory: PlatformFactory | None = None, seed: int = 7) -> None:
        self.out = Recorder()
        self.platform: Platform = (factory or ReferenceFactory()).create(Setup(self.out, seed, EPOCH))

    @property
    def now(self) -> datetime:
        return self.platform.clock_state().now

    def provision(self, vin: str = VIN, model: str = "MG4 Electric") -> str:
        self.platform.provision_vehicle(vehicle(vin, model))
        return vin

    def last_code(self, to: str) -> str:
        """The verification code in the latest SMS or e-mail to *to*."""
        texts = [m.text for m in self.out.sms_sent if m.to == to]
        texts += [m.body for m in self.out.emails_sent if m.to == to]
        found = CODE.findall(texts[-1])
        assert len(found) == 1, texts[-1]
        return str(found[0])

    def register(self, identifier: str) -> str:
        self.platform.send_registration_code(SendRegistrationCode(identifier, GENUINE))
        code = self.last_code(identifier)
        return self.platform.register(Register(identifier, code, PASSWORD, GENUINE)).account_id

    def log_in(self, identifier: str, device: str = "") -> str:
        request = LogIn(identifier, PASSWORD, True, True, device or f"dev-{identifier}", GENUINE)
        return self.platform.log_in(request).token

    def user(self, identifier: str, device: str = "") -> str:
        """Register *identifier*, log in from *device*, and return the session token."""
        self.register(identifier)
        return self.log_in(identifier, device)

    def scan(self, token: str, vin: str = VIN) -> QrScanned:
        qr = self.platform.show_qr(ShowQr(vin)).qr
        return self.platform.scan_qr(ScanQr(token, qr))

    def log_in_to_car(self, token: str, vin: str = VIN) -> None:
        """Log *token*'s account in to the head unit of *vin* with the first scan."""
        assert self.scan(token, vin).stage == "logged_in"

    def bind(self, token: str, vin: str = VIN) -> None:
        assert self.scan(token, vin).stage == "logged_in"
        assert self.scan(token, vin).stage == "bound"

    def roles(self, token: str) -> list[tuple[str, str]]:
        return [(v.vin, v.role) for v in self.platform.list_vehicles(ListVehicles(token)).vehicles]

    def advance(self, delta: timedelta) -> None:
        self.platform.advance_clock(AdvanceClock(self.now + delta))

    def advance_to(self, moment: datetime) -> None:
        self.platform.advance_clock(AdvanceClock(moment))

    def pushes(self, device: str) -> list[Push]:
        return [p for p in self.out.pushes_sent if p.device_id == device]

    # --- My Renault -------------------------------------------------------------------------

    def provision_renault(self, record: VehicleRecord | None = None) -> str:
        record = record or renault()
        self.platform.provision_vehicle(record)
        return record.vin

    def create_account(self, email: str, client: AppIdentity = MY_RENAULT_APP) -> str:
        request = CreateAccount(client, email, PASSWORD, "Dana", "Berg")
        return self.platform.create_account(request).account_id

    def confirmation_token(self, email: str) -> str:
        """The token of the one confirmation link in the latest e-mail to *email*."""
        body = [m.body for m in self.out.emails_sent if m.to == email][-1]
        assert len(LINK.findall(body)) == 1, body
        found = CONFIRM_LINK.findall(body)
        assert len(found) == 1, body
        return str(found[0])

    def resend_confirmation(
        self, email: str, client: AppIdentity = MY_RENAULT_APP, password: str = PASSWORD
    ) -> AccountPending:
        return self.platform.resend_confirmation(ResendConfirmation(client, email, password))

    def confirm(self, email: str) -> str:
        return self.platform.confirm_account(ConfirmAccount(self.confirmation_token(email))).account_id

    def mr_log_in(self, email: str, client: AppIdentity = MY_RENAULT_APP, device: str = "") -> str:
        request = LogIn(email, PASSWORD, False, False, device or f"dev-{email}", client)
        return self.platform.log_in(request).token

    def mr_user(self, email: str, client: AppIdentity = MY_RENAULT_APP) -> str:
        """Create and confirm a My Renault account for *email*, log in from *client*: the token."""
        self.create_account(email)
        self.confirm(email)
        return self.mr_log_in(email, client)

    def add(self, token: str, vin: str = MEGANE_VIN) -> None:
        self.platform.add_vehicle(AddVehicle(token, vin))

    def start_sync(self, token: str, vin: str = MEGANE_VIN) -> str:
        return self.platform.start_sync(StartSync(token, vin, True)).sync_id

    def sync_state(self, token: str, sync_id: str) -> tuple[str, str]:
        status = self.platform.sync_status(SyncQuery(token, sync_id))
        return status.state, status.reason

    def synchronise(self, token: str, vin: str = MEGANE_VIN) -> str:
        """Add *vin* to the account and synchronise with it: all four conditions hold."""
        self.add(token, vin)
        sync_id = self.start_sync(token, vin)
        self.platform.car_conditions(CarConditions(vin, sync_id, True, True, True))
        self.platform.sync_confirmed_on_screen(SyncConfirmedOnScreen(vin, sync_id))
        assert self.sync_state(token, sync_id) == ("linked", "")
        return sync_id

    def remote_ready(self, email: str, vin: str = MEGANE_VIN, pin: str = PIN) -> str:
        """A user synchronised with *vin*, the services activated and the PIN *pin* created."""
        token = self.mr_user(email)
        self.synchronise(token, vin)
        self.platform.set_pin(SetPin(token, pin))
        self.platform.activate_services(VehicleQuery(token, vin))
        return token
