"""Driving a platform through the contract while the executable specification judges it.

:class:`JudgedRig` is a :class:`reference_kit.Rig` whose platform and outbound port are watched:
every call becomes an :class:`spec.Exchange` (its messages observed just after it, as the twins'
exchange log gives them), every advance of the clock a :class:`spec.TimePassed`, and each goes
to a :class:`spec.Specification` at once. The rule tests tell hand-made observations to a
:class:`Story`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from reference_kit import EPOCH, PASSWORD, VIN, Recorder, Rig

from contract.capabilities import CapabilityDeclaration, ModelCapability
from contract.errors import PlatformError
from contract.messages import (
    AccountCreated,
    Ack,
    AdvanceClock,
    AppIdentity,
    CodeSent,
    ListVehicles,
    Location,
    LogIn,
    QrScanned,
    QrShown,
    Register,
    ScanQr,
    SendRegistrationCode,
    ServiceTerm,
    SessionOpened,
    ShowQr,
    VehicleRecord,
    Vehicles,
    VehicleState,
    VehicleSummary,
)
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand
from contract.platform import Platform, PlatformFactory, Setup
from reference import ReferenceFactory
from spec import Exchange, Message, Observation, Specification, TimePassed, Violation

UNWATCHED = {"declaration", "clock_state"}
ISMART_SERVICES = (
    "climate",
    "ev_management",
    "digital_key",
    "find_my_car",
    "map_poi",
    "vehicle_status",
    "notifications",
)


class WatchedRecorder(Recorder):
    """A recorder that also holds each message until the call that sent it has been observed."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Message] = []

    def sms(self, message: Sms) -> None:
        super().sms(message)
        self.held.append(Message(message.sent_at, message))

    def email(self, message: Email) -> None:
        super().email(message)
        self.held.append(Message(message.sent_at, message))

    def push(self, message: Push) -> None:
        super().push(message)
        self.held.append(Message(message.sent_at, message))

    def tcu(self, message: TcuCommand) -> Delivery:
        delivery = super().tcu(message)
        self.held.append(Message(message.sent_at, message))
        return delivery

    def car_event(self, message: CarEvent) -> Delivery:
        delivery = super().car_event(message)
        self.held.append(Message(message.sent_at, message))
        return delivery


class Watched:
    """A platform whose every call is observed by *observe* (the platform's clock gives the time)."""

    def __init__(self, platform: Platform, out: WatchedRecorder, observe: Callable[[Observation], None]) -> None:
        self._platform = platform
        self._out = out
        self._observe = observe

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._platform, name)
        if name in UNWATCHED or not callable(method):
            return method

        def call(request: object) -> object:
            try:
                reply = method(request)
            except PlatformError as refusal:
                self._seen(name, request, None, refusal.code.value)
                raise
            self._seen(name, request, reply, None)
            return reply

        return call

    def _seen(self, name: str, request: object, reply: object, refusal: str | None) -> None:
        now = self._platform.clock_state().now
        if name == "advance_clock" and isinstance(request, AdvanceClock):
            self._observe(TimePassed(request.to))
        else:
            caller = "rig" if name in ("provision_vehicle", "provision_dealer", "station_report") else "twin"
            self._observe(Exchange(now, caller, name, request, reply, refusal))
        held, self._out.held = self._out.held, []
        for message in held:
            self._observe(message)


class JudgedRig(Rig):
    """A :class:`Rig` whose platform the specification judges as it goes."""

    def __init__(self, factory: PlatformFactory | None = None, seed: int = 7) -> None:
        self.out = WatchedRecorder()
        factory = factory or ReferenceFactory()
        inner = factory.create(Setup(self.out, seed, EPOCH))
        self.spec = Specification(inner.declaration(), EPOCH)
        self.observed: list[Observation] = []
        self.platform = Watched(inner, self.out, self._observe)

    def _observe(self, observation: Observation) -> None:
        self.observed.append(observation)
        self.spec.observe(observation)

    def finish(self, wait: timedelta = timedelta(minutes=2)) -> list[Violation]:
        """Let *wait* pass (what is owed must come) and return every violation found."""
        self.advance(wait)
        return self.spec.violations


MG4 = ModelCapability("ismart", "MG4 Electric", ["DK"], list(ISMART_SERVICES))
MG3 = ModelCapability("ismart", "MG3 Hybrid+", ["DK"], ["find_my_car", "map_poi", "vehicle_status", "notifications"])
MEGANE_MODEL = ModelCapability("myrenault", "Megane E-Tech Electric", ["NO"], ["vehicle_status", "horn_and_lights"])
DECLARATION = CapabilityDeclaration("hand-made", "1", ["ismart", "myrenault"], [MG4, MG3, MEGANE_MODEL])
GENUINE_APP = AppIdentity("MG iSmart", "SAIC Motor international Co. Ltd")
PARKED = VehicleState(locked=True, climate_on=False, location=Location(55.676, 12.568))


class Story:
    """Hand-made observations told to a fresh specification, one fact at a time.

    Each method tells the specification what a twin saw (a call and its answer, a message, time
    passing) at the story's clock, and returns the violations it brought; the helpers for the
    usual facts (a car, an account, a session, a binding) tell the conformant version.
    """

    def __init__(self) -> None:
        self.spec = Specification(DECLARATION, EPOCH)
        self.now = EPOCH
        self.seen: list[Violation] = []
        self.shown = 0

    # --- the observations ---------------------------------------------------------------

    def call(self, operation: str, request: object, reply: object = None, refusal: str | None = None) -> list[str]:
        """*operation* with *request* was answered *reply* (or refused with *refusal*): the requirements broken."""
        return self._tell(Exchange(self.now, "twin", operation, request, reply, refusal))

    def sent(self, message: Sms | Email | Push | TcuCommand | CarEvent, delivered: bool | None = None) -> list[str]:
        return self._tell(Message(message.sent_at, message, delivered))

    def wait(self, delta: timedelta) -> list[str]:
        self.now += delta
        return self._tell(TimePassed(self.now))

    def end(self) -> list[str]:
        """Time passes long enough for every owed message; the requirements broken since."""
        before = len(self.spec.violations)
        self.wait(timedelta(minutes=5))
        self.wait(timedelta(seconds=1))
        return [violation.requirement for violation in self.spec.violations[before:]]

    def _tell(self, observation: Observation) -> list[str]:
        found = self.spec.observe(observation)
        self.seen += found
        return [violation.requirement for violation in found]

    # --- the usual facts, told as a conformant platform would answer ---------------------

    def car(
        self,
        vin: str = VIN,
        model: str = "MG4 Electric",
        msisdn: str = "+4590000001",
        brand: str = "ismart",
        contracts: list[ServiceTerm] | None = None,
    ) -> str:
        record = VehicleRecord(vin, brand, model, "DK", "AB 12 345", msisdn, PARKED, contracts or [])
        self._tell(Exchange(self.now, "rig", "provision_vehicle", record, Ack()))
        return vin

    def account(self, identifier: str, account_id: str, code: str = "123456") -> None:
        """*identifier* registers with the code sent to it."""
        self.call("send_registration_code", SendRegistrationCode(identifier, GENUINE_APP), CodeSent("sms"))
        self.sent(Sms(identifier, f"MG iSmart verification code: {code}", self.now))
        self.call("register", Register(identifier, code, PASSWORD, GENUINE_APP), AccountCreated(account_id))

    def session(self, identifier: str, account_id: str, token: str = "", device: str = "") -> str:
        """*identifier* has an account and logs in to the app: the session's token."""
        self.account(identifier, account_id)
        token = token or f"tok-{account_id}"
        request = LogIn(identifier, PASSWORD, True, True, device or f"dev-{account_id}", GENUINE_APP)
        self.call("log_in", request, SessionOpened(token, account_id))
        return token

    def qr(self, vin: str = VIN, life: timedelta = timedelta(minutes=2)) -> str:
        self.shown += 1
        code = f"qr-{self.shown}"
        self.call("show_qr", ShowQr(vin), QrShown(code, self.now + life))
        return code

    def scan(self, token: str, vin: str = VIN, stage: str = "logged_in") -> list[str]:
        return self.call("scan_qr", ScanQr(token, self.qr(vin)), QrScanned(vin, stage))  # type: ignore[arg-type]

    def bind(self, token: str, vin: str = VIN) -> None:
        self.scan(token, vin, "logged_in")
        self.scan(token, vin, "bound")

    def roles(self, token: str, *roles: tuple[str, str]) -> list[str]:
        """The app of *token* lists the cars with *roles* ((vin, role) pairs)."""
        shown = [VehicleSummary(vin, "MG4 Electric", role) for vin, role in roles]  # type: ignore[arg-type]
        return self.call("list_vehicles", ListVehicles(token), Vehicles(shown))
