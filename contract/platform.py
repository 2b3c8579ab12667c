"""The platform contract: the operations twins call, and how a platform is created.

The platform under test is the one thing twinrig does not simulate. It is reached only through
:class:`Platform`; every operation takes one request and returns one reply from
:mod:`contract.messages`, or raises :class:`contract.errors.PlatformError`. Anything else a
platform does (raise another exception, hang, answer garbage) is a breakdown that the rig
turns into an *error* verdict naming the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from contract.capabilities import CapabilityDeclaration
from contract.messages import (
    AccountCreated,
    Ack,
    AdvanceClock,
    AnswerForceUnbind,
    ClockState,
    CodeSent,
    CommandAccepted,
    CommandQuery,
    CommandStatus,
    DealerForceUnbind,
    DealerUnbound,
    ForceUnbindAnswered,
    ForceUnbindPending,
    HeadUnitLogIn,
    HeadUnitSession,
    ListVehicles,
    LogIn,
    QrScanned,
    QrShown,
    Register,
    RemoteCommand,
    RequestForceUnbind,
    ScanQr,
    SendRegistrationCode,
    SendUnbindCode,
    Services,
    SessionOpened,
    ShowQr,
    SupportContact,
    SupportQuery,
    TcuOnline,
    TcuReport,
    Unbind,
    Unbound,
    VehicleQuery,
    VehicleRecord,
    Vehicles,
    VehicleStatus,
)
from contract.outbound import Outbound


class Platform(Protocol):
    """Every operation of a connected-car platform that twinrig exercises."""

    # accounts (phone app)
    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent: ...
    def register(self, request: Register) -> AccountCreated: ...
    def log_in(self, request: LogIn) -> SessionOpened: ...
    def support_contact(self, request: SupportQuery) -> SupportContact: ...

    # head unit log-in and binding
    def show_qr(self, request: ShowQr) -> QrShown: ...
    def scan_qr(self, request: ScanQr) -> QrScanned: ...
    def head_unit_log_in(self, request: HeadUnitLogIn) -> HeadUnitSession: ...
    def list_vehicles(self, request: ListVehicles) -> Vehicles: ...

    # unbinding
    def send_unbind_code(self, request: SendUnbindCode) -> CodeSent: ...
    def unbind(self, request: Unbind) -> Unbound: ...
    def request_force_unbind(self, request: RequestForceUnbind) -> ForceUnbindPending: ...
    def answer_force_unbind(self, request: AnswerForceUnbind) -> ForceUnbindAnswered: ...
    def dealer_force_unbind(self, request: DealerForceUnbind) -> DealerUnbound: ...

    # vehicle services
    def vehicle_status(self, request: VehicleQuery) -> VehicleStatus: ...
    def list_services(self, request: VehicleQuery) -> Services: ...
    def remote_command(self, request: RemoteCommand) -> CommandAccepted: ...
    def command_status(self, request: CommandQuery) -> CommandStatus: ...

    # the car's side
    def tcu_online(self, request: TcuOnline) -> Ack: ...
    def tcu_report(self, request: TcuReport) -> Ack: ...

    # the test side
    def declaration(self) -> CapabilityDeclaration: ...
    def provision_vehicle(self, request: VehicleRecord) -> Ack: ...
    def clock_state(self) -> ClockState: ...
    def advance_clock(self, request: AdvanceClock) -> ClockState: ...


@dataclass(frozen=True, slots=True)
class Setup:
    """What a fresh platform is given: where to send messages, a *seed*, and its clock's start."""

    outbound: Outbound
    seed: int
    epoch: datetime


class PlatformFactory(Protocol):
    """Makes a fresh, empty platform for one scenario."""

    name: str

    def create(self, setup: Setup) -> Platform: ...
