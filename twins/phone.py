"""The phone: inboxes, notifications, a camera, and the companion app with its screens."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import simpy

from contract import Platform
from contract.messages import (
    AccountCreated,
    Answer,
    AnswerForceUnbind,
    AppIdentity,
    CodeSent,
    CommandAccepted,
    CommandName,
    CommandQuery,
    CommandStatus,
    ForceUnbindAnswered,
    ForceUnbindPending,
    ListVehicles,
    LogIn,
    QrScanned,
    Register,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    Services,
    SessionOpened,
    SupportContact,
    SupportQuery,
    Unbind,
    Unbound,
    VehicleQuery,
    Vehicles,
    VehicleStatus,
)
from contract.outbound import Email, Push, Sms
from twins.connection import PlatformConnection, Refusal

CODE = re.compile(r"\b(\d{4,8})\b")


@dataclass(frozen=True, slots=True)
class Received[Message]:
    """A *message* as it arrived, at virtual second *at*."""

    at: float
    message: Message


@dataclass(slots=True)
class AppScreen:
    """What the app shows: the screen's *name*, and the refusal *error* if the last action got one."""

    name: str = "start"
    error: str = ""
    detail: str = ""


@dataclass(slots=True)
class Phone:
    """A phone: its *number*, push *device_id*, inboxes, and the installed app."""

    env: simpy.Environment
    owner: str
    number: str
    email: str
    device_id: str
    connection: PlatformConnection
    sms_inbox: list[Received[Sms]] = field(default_factory=list)
    email_inbox: list[Received[Email]] = field(default_factory=list)
    notifications: list[Received[Push]] = field(default_factory=list)
    app: App | None = None
    mail_draft_to: str = ""

    @property
    def name(self) -> str:
        return f"{self.owner}'s phone"

    def receive_sms(self, message: Sms) -> None:
        self.sms_inbox.append(Received(self.env.now, message))

    def receive_email(self, message: Email) -> None:
        self.email_inbox.append(Received(self.env.now, message))

    def receive_push(self, message: Push) -> None:
        self.notifications.append(Received(self.env.now, message))

    def install(self, identity: AppIdentity) -> App:
        self.app = App(self, identity)
        return self.app

    def codes_received(self, channel: str = "") -> list[str]:
        """Every verification code received by *channel* ("sms", "email", or both), oldest first."""
        texts = [] if channel == "email" else [(item.at, item.message.text) for item in self.sms_inbox]
        texts += [] if channel == "sms" else [(item.at, item.message.body) for item in self.email_inbox]
        return [match for _, text in sorted(texts) for match in CODE.findall(text)]


class App:
    """The companion app on *phone*, as published by *identity*; every action calls the platform.

    The app keeps what its user would see: the current :class:`AppScreen`, and the virtual time
    at which each screen's last request went out (*sent_at*).
    """

    def __init__(self, phone: Phone, identity: AppIdentity) -> None:
        self.phone = phone
        self.identity = identity
        self.platform: Platform = phone.connection.platform
        self.screen = AppScreen()
        self.token = ""
        self.account_id = ""
        self.sent_at: dict[str, float] = {}
        self.history: list[object] = []
        self.selected_vin = ""

    def _act[Request, Reply](
        self, screen: str, operation: Callable[[Request], Reply], request: Request
    ) -> Reply | Refusal:
        self.sent_at[screen] = self.phone.env.now
        outcome = self.phone.connection.call(self.phone.name, operation, request)
        error = outcome if isinstance(outcome, Refusal) else Refusal("")
        self.screen = AppScreen(screen, error=error.code, detail=error.message)
        self.history.append(outcome)
        return outcome

    @property
    def last(self) -> object:
        """The answer to the app's last request (None before the first)."""
        return self.history[-1] if self.history else None

    def send_registration_code(self, identifier: str) -> CodeSent | Refusal:
        request = SendRegistrationCode(identifier, self.identity)
        return self._act("register", self.platform.send_registration_code, request)

    def register(self, identifier: str, code: str, password: str) -> AccountCreated | Refusal:
        return self._act("register", self.platform.register, Register(identifier, code, password, self.identity))

    def log_in(
        self, identifier: str, password: str, *, accept_terms: bool, accept_privacy: bool
    ) -> SessionOpened | Refusal:
        request = LogIn(identifier, password, accept_terms, accept_privacy, self.phone.device_id, self.identity)
        outcome = self._act("log in", self.platform.log_in, request)
        if not isinstance(outcome, Refusal):
            self.token, self.account_id = outcome.token, outcome.account_id
            self.screen = AppScreen("home")
        return outcome

    def contact_us(self, market: str) -> SupportContact | Refusal:
        """Press "Contact Us": the phone's e-mail program opens, addressed to support."""
        outcome = self._act("contact", self.platform.support_contact, SupportQuery(self.identity, market))
        if isinstance(outcome, SupportContact):
            self.phone.mail_draft_to = outcome.email
        return outcome

    def scan_qr(self, qr: str) -> QrScanned | Refusal:
        return self._act("bind", self.platform.scan_qr, ScanQr(self.token, qr))

    def my_vehicles(self) -> Vehicles | Refusal:
        return self._act("my cars", self.platform.list_vehicles, ListVehicles(self.token))

    def send_unbind_code(self, vin: str) -> CodeSent | Refusal:
        return self._act("unbind", self.platform.send_unbind_code, SendUnbindCode(self.token, vin))

    def unbind(self, vin: str, code: str) -> Unbound | Refusal:
        return self._act("unbind", self.platform.unbind, Unbind(self.token, vin, code))

    def force_unbind(self, vin: str, *, confirm_push: bool) -> ForceUnbindPending | Refusal:
        request = RequestForceUnbind(self.token, vin, confirm_push)
        return self._act("force unbinding", self.platform.request_force_unbind, request)

    def answer_force_unbind(self, request_id: str, answer: Answer) -> ForceUnbindAnswered | Refusal:
        request = AnswerForceUnbind(self.token, request_id, answer)
        return self._act("force unbinding answer", self.platform.answer_force_unbind, request)

    def vehicle_status(self, vin: str) -> VehicleStatus | Refusal:
        return self._act("vehicle status", self.platform.vehicle_status, VehicleQuery(self.token, vin))

    def services(self, vin: str) -> Services | Refusal:
        return self._act("services", self.platform.list_services, VehicleQuery(self.token, vin))

    def remote_command(self, vin: str, command: CommandName, request_id: str) -> CommandAccepted | Refusal:
        request = RemoteCommand(self.token, vin, command, request_id)
        return self._act("remote control", self.platform.remote_command, request)

    def command_status(self, command_id: str) -> CommandStatus | Refusal:
        return self._act("remote control", self.platform.command_status, CommandQuery(self.token, command_id))
