"""Hand-made My Renault observations for the specification's rule tests.

A :class:`Story` feeds a fresh :class:`spec.Specification` one call, message or time passing at a
time, as a platform that follows the manual would answer, and hands back the violations each
brings; a test then feeds the one observation it is about, allowed or forbidden. Nothing here
runs a platform.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from reference_kit import (
    ALICE,
    DANA,
    EPOCH,
    GENUINE,
    MEGANE_VIN,
    MY_RENAULT_APP,
    MY_RENAULT_WEB,
    PASSWORD,
    PIN,
    renault,
)

from contract.capabilities import CapabilityDeclaration
from contract.messages import (
    AccountCreated,
    Ack,
    AppIdentity,
    CodeSent,
    LogIn,
    Register,
    SendRegistrationCode,
    SessionOpened,
    VehicleQuery,
    VehicleRecord,
)
from contract.myrenault import (
    AccountConfirmed,
    AccountPending,
    AddVehicle,
    CarConditions,
    ConfirmAccount,
    CreateAccount,
    SetPin,
    StartSync,
    SyncConfirmedOnScreen,
    SyncStarted,
    VehicleAdded,
)
from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand
from reference import DECLARATION
from spec import Exchange, Message, Specification, TimePassed, Violation
from spec.observations import RIG

LINK = "https://renault-connect.renault.com/confirm/"


def link_email(to: str, token: str, at: datetime) -> Email:
    return Email(to, "Complete your My Renault account", f"Follow {LINK}{token} to complete it.", at)


class Story:
    """One world of the specification, told call by call (*cars* provisioned first), of a
    platform that claims *declaration* (the reference's, with its declared values, by default)."""

    def __init__(self, *cars: VehicleRecord, declaration: CapabilityDeclaration = DECLARATION) -> None:
        self.spec = Specification(declaration, EPOCH)
        self.at = EPOCH
        self._numbers = count(1)
        for car in cars or (renault(),):
            self.call("provision_vehicle", car, Ack(), caller=RIG)

    def call(
        self, operation: str, request: object, reply: object = None, refusal: str | None = None, caller: str = "twin"
    ) -> list[Violation]:
        """The platform answered *request* with *reply*, or refused it with *refusal*."""
        return self.spec.observe(Exchange(self.at, caller, operation, request, reply, refusal))

    def refused(self, operation: str, request: object, code: str) -> list[Violation]:
        return self.call(operation, request, None, code)

    def sent(self, message: Sms | Email | Push | TcuCommand | CarEvent) -> list[Violation]:
        return self.spec.observe(Message(self.at, message))

    def wait(self, delta: timedelta) -> list[Violation]:
        """Let *delta* pass: the violations it brings (what fell due and never came included)."""
        self.at += delta
        before = len(self.spec.violations)
        self.spec.observe(TimePassed(self.at))
        return self.spec.violations[before:]

    def number(self) -> int:
        return next(self._numbers)

    # --- the moves a conformant platform answers ------------------------------------------------

    def create(self, email: str = DANA, client: AppIdentity = MY_RENAULT_APP) -> str:
        """Create an account; the platform e-mails its link. The link's token."""
        account_id = f"acc-{email}"
        self.call("create_account", CreateAccount(client, email, PASSWORD, "Dana", "Berg"), AccountPending(account_id))
        token = f"link-{self.number()}"
        self.sent(link_email(email, token, self.at))
        return token

    def confirmed(self, email: str = DANA) -> None:
        token = self.create(email)
        self.call("confirm_account", ConfirmAccount(token), AccountConfirmed(f"acc-{email}"))

    def log_in(self, email: str = DANA, client: AppIdentity = MY_RENAULT_APP) -> str:
        token = f"tok-{self.number()}"
        request = LogIn(email, PASSWORD, True, True, f"dev-{email}", client)
        self.call("log_in", request, SessionOpened(token, f"acc-{email}"))
        return token

    def user(self, email: str = DANA, client: AppIdentity = MY_RENAULT_APP) -> str:
        """A confirmed account logged in from *client*: its session token."""
        self.confirmed(email)
        return self.log_in(email, client)

    def ismart_user(self, phone: str = ALICE) -> str:
        """An MG iSmart account registered with the code texted to *phone*, logged in: its token."""
        self.call("send_registration_code", SendRegistrationCode(phone, GENUINE), CodeSent("sms"))
        self.sent(Sms(phone, "Your MG iSmart code is 482913", self.at))
        self.call("register", Register(phone, "482913", PASSWORD, GENUINE), AccountCreated(f"acc-{phone}"))
        token = f"tok-{self.number()}"
        self.call(
            "log_in", LogIn(phone, PASSWORD, True, True, f"dev-{phone}", GENUINE), SessionOpened(token, f"acc-{phone}")
        )
        return token

    def web(self, email: str = DANA) -> str:
        return self.log_in(email, MY_RENAULT_WEB)

    def add(self, token: str, vin: str = MEGANE_VIN, model: str = "Megane E-Tech Electric") -> None:
        self.call("add_vehicle", AddVehicle(token, vin), VehicleAdded(vin, model))

    def start(self, token: str, vin: str = MEGANE_VIN) -> str:
        """ "Synchronise vehicle", confirmed; the platform asks the car. The synchronisation's id."""
        sync_id = f"sync-{self.number()}"
        self.call("start_sync", StartSync(token, vin, True), SyncStarted(sync_id))
        self.sent(CarEvent(vin, "sync_request", "acc", self.at, sync_id))
        return sync_id

    def conditions(
        self, sync_id: str, vin: str = MEGANE_VIN, *, parked: bool = True, on: bool = True, inside: bool = True
    ) -> None:
        self.call("car_conditions", CarConditions(vin, sync_id, parked, on, inside), Ack(), caller="car")

    def screen(self, sync_id: str, vin: str = MEGANE_VIN) -> None:
        self.call("sync_confirmed_on_screen", SyncConfirmedOnScreen(vin, sync_id), Ack(), caller="head unit")

    def synchronise(self, token: str, vin: str = MEGANE_VIN, model: str = "Megane E-Tech Electric") -> str:
        self.add(token, vin, model)
        sync_id = self.start(token, vin)
        self.conditions(sync_id, vin)
        self.screen(sync_id, vin)
        return sync_id

    def remote_ready(
        self, email: str = DANA, vin: str = MEGANE_VIN, pin: str = PIN, model: str = "Megane E-Tech Electric"
    ) -> str:
        """Synchronised with *vin*, services activated, PIN created: the session token."""
        token = self.user(email)
        self.synchronise(token, vin, model)
        self.call("set_pin", SetPin(token, pin), Ack())
        self.call("activate_services", VehicleQuery(token, vin), Ack())
        return token


def requirements(violations: list[Violation]) -> list[str]:
    return [violation.requirement for violation in violations]
