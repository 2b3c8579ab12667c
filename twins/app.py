"""The companion app (or the brand's web site): a client of the platform on a device.

Every button the user presses is one call through the device's connection. The app keeps what
its user would see: the current :class:`AppScreen`, every answer it got (*history*), and when
each screen's last request went out (*sent_at*). Without an internet connection the app says so
and calls nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import simpy

from contract import Platform
from contract.messages import (
    AccountCreated,
    Ack,
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
    LogOut,
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
from twins.connection import PlatformConnection, Refusal

NO_INTERNET = "no_internet"


class Device(Protocol):
    """What a client runs on: a phone or a computer, online or not."""

    env: simpy.Environment
    device_id: str
    connection: PlatformConnection
    online: bool
    lose_next_reply: bool
    mail_draft_to: str

    @property
    def name(self) -> str: ...


@dataclass(slots=True)
class AppScreen:
    """What the app shows: the screen's *name*, and the refusal *error* if the last action got one."""

    name: str = "start"
    error: str = ""
    detail: str = ""


class App:
    """The client published by *identity* on *device*; every action calls the platform."""

    def __init__(self, device: Device, identity: AppIdentity) -> None:
        self.device = device
        self.identity = identity
        self.platform: Platform = device.connection.platform
        self.screen = AppScreen()
        self.token = ""
        self.account_id = ""
        self.sent_at: dict[str, float] = {}
        self.history: list[object] = []
        self.stamp = -1
        self.selected_vin = ""
        self.ended_token = ""

    def act[Request, Reply](
        self, screen: str, operation: Callable[[Request], Reply], request: Request
    ) -> Reply | Refusal:
        """Press the button of *screen* that calls *operation* with *request*; show the answer."""
        device = self.device
        self.sent_at[screen] = device.env.now
        self.stamp = len(device.connection.trace)
        outcome: Reply | Refusal
        if not device.online:
            device.connection.trace.record(device.env.now, device.name, "mobile network", "no internet connection")
            outcome = Refusal(NO_INTERNET, "no internet connection")
        else:
            outcome = device.connection.call(device.name, operation, request)
            if device.lose_next_reply:
                device.lose_next_reply, device.online = False, False
                device.connection.trace.record(device.env.now, "mobile network", device.name, "connection lost")
                outcome = Refusal(NO_INTERNET, "the connection was lost before the answer came")
        if isinstance(outcome, Refusal):
            outcome = dataclasses.replace(outcome, client=self.identity)
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
        return self.act("register", self.platform.send_registration_code, request)

    def register(self, identifier: str, code: str, password: str) -> AccountCreated | Refusal:
        return self.act("register", self.platform.register, Register(identifier, code, password, self.identity))

    def log_in(
        self, identifier: str, password: str, *, accept_terms: bool, accept_privacy: bool
    ) -> SessionOpened | Refusal:
        request = LogIn(identifier, password, accept_terms, accept_privacy, self.device.device_id, self.identity)
        outcome = self.act("log in", self.platform.log_in, request)
        if not isinstance(outcome, Refusal):
            self.token, self.account_id = outcome.token, outcome.account_id
            self.screen = AppScreen("home")
        return outcome

    def log_out(self) -> Ack | Refusal:
        """Press "Log out": the session ends, and the app forgets its token (kept as *ended_token*)."""
        outcome = self.act("log out", self.platform.log_out, LogOut(self.token))
        if not isinstance(outcome, Refusal):
            self.ended_token, self.token = self.token, ""
            self.screen = AppScreen("start")
        return outcome

    def contact_us(self, market: str) -> SupportContact | Refusal:
        """Press "Contact Us": the device's e-mail program opens, addressed to support."""
        outcome = self.act("contact", self.platform.support_contact, SupportQuery(self.identity, market))
        if isinstance(outcome, SupportContact):
            self.device.mail_draft_to = outcome.email
        return outcome

    def scan_qr(self, qr: str) -> QrScanned | Refusal:
        return self.act("bind", self.platform.scan_qr, ScanQr(self.token, qr))

    def my_vehicles(self) -> Vehicles | Refusal:
        return self.act("my cars", self.platform.list_vehicles, ListVehicles(self.token))

    def send_unbind_code(self, vin: str) -> CodeSent | Refusal:
        return self.act("unbind", self.platform.send_unbind_code, SendUnbindCode(self.token, vin))

    def unbind(self, vin: str, code: str) -> Unbound | Refusal:
        return self.act("unbind", self.platform.unbind, Unbind(self.token, vin, code))

    def force_unbind(self, vin: str, *, confirm_push: bool) -> ForceUnbindPending | Refusal:
        request = RequestForceUnbind(self.token, vin, confirm_push)
        return self.act("force unbinding", self.platform.request_force_unbind, request)

    def answer_force_unbind(self, request_id: str, answer: Answer) -> ForceUnbindAnswered | Refusal:
        request = AnswerForceUnbind(self.token, request_id, answer)
        return self.act("force unbinding answer", self.platform.answer_force_unbind, request)

    def vehicle_status(self, vin: str) -> VehicleStatus | Refusal:
        return self.act("vehicle status", self.platform.vehicle_status, VehicleQuery(self.token, vin))

    def services(self, vin: str) -> Services | Refusal:
        return self.act("services", self.platform.list_services, VehicleQuery(self.token, vin))

    def remote_command(
        self, vin: str, command: CommandName, request_id: str, pin: str = ""
    ) -> CommandAccepted | Refusal:
        request = RemoteCommand(self.token, vin, command, request_id, pin)
        return self.act("remote control", self.platform.remote_command, request)

    def command_status(self, command_id: str) -> CommandStatus | Refusal:
        return self.act("remote control", self.platform.command_status, CommandQuery(self.token, command_id))
