"""The platform contract: the operations twins call, and how a platform is created.

The platform under test is the one thing twinrig does not simulate. It is reached only through
:class:`Platform`; every operation takes one request and returns one reply from
:mod:`contract.messages`, or raises :class:`contract.errors.PlatformError`. A platform that
breaks down (raises another exception, hangs, answers something that is not JSON) gets an
*error* verdict naming the call; one that answers against the contract (a reply of the wrong
type or shape, a wrong status) fails the scenario, naming the call.
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
    AuditQuery,
    AuditRecords,
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
    HeadUnitLogOut,
    HeadUnitSession,
    ListVehicles,
    LogIn,
    LogOut,
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
    TcuState,
    Unbind,
    Unbound,
    VehicleQuery,
    VehicleRecord,
    Vehicles,
    VehicleStatus,
)
from contract.myrenault import (
    AccountConfirmed,
    AccountPending,
    AddVehicle,
    Appointment,
    Appointments,
    BookAppointment,
    CarConditions,
    ChargePass,
    ChargePassQuery,
    ConfirmAccount,
    Contract,
    Contracts,
    CreateAccount,
    DealerQuery,
    DealerRecord,
    Dealers,
    EGuide,
    EvStatus,
    FindDealers,
    FindStations,
    MultimediaStarted,
    PlanRoute,
    RenewService,
    ResendConfirmation,
    Route,
    ScheduleCharging,
    ScheduleClimate,
    Scheduled,
    SetPin,
    Slots,
    StartSync,
    StationReport,
    Stations,
    SyncConfirmedOnScreen,
    SyncQuery,
    SyncStarted,
    SyncStatus,
    VehicleAdded,
    VehicleInfo,
)
from contract.outbound import Outbound


class AccountOperations(Protocol):
    """Accounts, from the app (both brands) and the web site (My Renault)."""

    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent: ...
    def register(self, request: Register) -> AccountCreated: ...
    def create_account(self, request: CreateAccount) -> AccountPending: ...
    def confirm_account(self, request: ConfirmAccount) -> AccountConfirmed: ...
    def resend_confirmation(self, request: ResendConfirmation) -> AccountPending: ...
    def log_in(self, request: LogIn) -> SessionOpened: ...
    def log_out(self, request: LogOut) -> Ack: ...
    def support_contact(self, request: SupportQuery) -> SupportContact: ...


class BindingOperations(Protocol):
    """MG iSmart: head-unit log-in, QR binding, unbinding, forced and dealer unbinding."""

    def show_qr(self, request: ShowQr) -> QrShown: ...
    def scan_qr(self, request: ScanQr) -> QrScanned: ...
    def head_unit_log_in(self, request: HeadUnitLogIn) -> HeadUnitSession: ...
    def head_unit_log_out(self, request: HeadUnitLogOut) -> Ack: ...
    def list_vehicles(self, request: ListVehicles) -> Vehicles: ...
    def send_unbind_code(self, request: SendUnbindCode) -> CodeSent: ...
    def unbind(self, request: Unbind) -> Unbound: ...
    def request_force_unbind(self, request: RequestForceUnbind) -> ForceUnbindPending: ...
    def answer_force_unbind(self, request: AnswerForceUnbind) -> ForceUnbindAnswered: ...
    def dealer_force_unbind(self, request: DealerForceUnbind) -> DealerUnbound: ...
    def audit_records(self, request: AuditQuery) -> AuditRecords: ...


class SynchronisationOperations(Protocol):
    """My Renault: adding a vehicle and synchronising the account with it."""

    def add_vehicle(self, request: AddVehicle) -> VehicleAdded: ...
    def start_sync(self, request: StartSync) -> SyncStarted: ...
    def sync_status(self, request: SyncQuery) -> SyncStatus: ...


class VehicleOperations(Protocol):
    """What an owner does with a car: status, services, commands, contracts, dealers, charging."""

    def vehicle_status(self, request: VehicleQuery) -> VehicleStatus: ...
    def list_services(self, request: VehicleQuery) -> Services: ...
    def remote_command(self, request: RemoteCommand) -> CommandAccepted: ...
    def command_status(self, request: CommandQuery) -> CommandStatus: ...
    def vehicle_info(self, request: VehicleQuery) -> VehicleInfo: ...
    def e_guide(self, request: VehicleQuery) -> EGuide: ...
    def list_contracts(self, request: VehicleQuery) -> Contracts: ...
    def renew_service(self, request: RenewService) -> Contract: ...
    def activate_services(self, request: VehicleQuery) -> Ack: ...
    def set_pin(self, request: SetPin) -> Ack: ...
    def find_dealers(self, request: FindDealers) -> Dealers: ...
    def dealer_slots(self, request: DealerQuery) -> Slots: ...
    def book_appointment(self, request: BookAppointment) -> Appointment: ...
    def appointments(self, request: VehicleQuery) -> Appointments: ...
    def ev_status(self, request: VehicleQuery) -> EvStatus: ...
    def schedule_charging(self, request: ScheduleCharging) -> Scheduled: ...
    def schedule_climate(self, request: ScheduleClimate) -> Scheduled: ...
    def charge_pass(self, request: ChargePassQuery) -> ChargePass: ...
    def find_charging_stations(self, request: FindStations) -> Stations: ...
    def plan_route(self, request: PlanRoute) -> Route: ...


class CarSide(Protocol):
    """Calls the car makes: its TCU and its multimedia system."""

    def tcu_online(self, request: TcuOnline) -> Ack: ...
    def tcu_report(self, request: TcuReport) -> Ack: ...
    def tcu_state(self, request: TcuState) -> Ack: ...
    def car_conditions(self, request: CarConditions) -> Ack: ...
    def sync_confirmed_on_screen(self, request: SyncConfirmedOnScreen) -> Ack: ...
    def multimedia_started(self, request: MultimediaStarted) -> Ack: ...


class TestSide(Protocol):
    """What the rig sets up and steers: the capability declaration, the factory's cars, the
    brand's dealers, charge point operators' station reports, and the test clock."""

    def declaration(self) -> CapabilityDeclaration: ...
    def provision_vehicle(self, request: VehicleRecord) -> Ack: ...
    def provision_dealer(self, request: DealerRecord) -> Ack: ...
    def station_report(self, request: StationReport) -> Ack: ...
    def clock_state(self) -> ClockState: ...
    def advance_clock(self, request: AdvanceClock) -> ClockState: ...


class Platform(
    AccountOperations, BindingOperations, SynchronisationOperations, VehicleOperations, CarSide, TestSide, Protocol
):
    """Every operation of a connected-car platform that twinrig exercises."""


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
