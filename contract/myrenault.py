"""Requests and replies of the My Renault operations (accounts confirmed by e-mail, vehicles,
synchronisation, services and contracts, PIN, dealers and appointments, electric cars).

Like :mod:`contract.messages`, every field maps 1:1 onto JSON. Operations a web session may not
use (MR-FEAT-3) are refused with ``app_only``; operations that need the car synchronised
(MR-SYNC-1, MR-SYNC-4) are refused with ``not_synchronised``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from contract.limits import EMAIL, stated
from contract.messages import AppIdentity, Location

SyncState = Literal["waiting", "linked", "failed"]
SyncFailure = Literal["", "vehicle_not_parked", "multimedia_off", "no_coverage", "user_not_in_cabin"]
ContractState = Literal["active", "expired"]

# --- accounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateAccount:
    """ "Create account" on the web site or "Register" in the app (*client* tells which)."""

    client: AppIdentity
    email: str = field(metadata=stated(pattern=EMAIL))
    password: str
    first_name: str
    last_name: str


@dataclass(frozen=True, slots=True)
class AccountPending:
    """The account exists but is not complete until the e-mailed link is followed."""

    account_id: str


@dataclass(frozen=True, slots=True)
class ConfirmAccount:
    """The user followed the link in the confirmation e-mail; *token* is the link's token."""

    token: str


@dataclass(frozen=True, slots=True)
class AccountConfirmed:
    account_id: str


@dataclass(frozen=True, slots=True)
class ResendConfirmation:
    """ "Send the e-mail again" on the web site or in the app (*client* tells which), for an
    account whose confirmation e-mail did not come: the user gives the account's *email* and
    *password*, as at log-in.

    The reply is the still pending account; a new link goes to its address and the link sent
    before it no longer confirms (only the newest link does). Refused with ``app_not_genuine``
    for any other client, ``bad_credentials`` for an unknown address or a wrong password alike
    (as at log-in, the answer does not tell whether an account exists), and
    ``account_confirmed`` for an account already complete.
    """

    client: AppIdentity
    email: str
    password: str


# --- vehicles and synchronisation -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddVehicle:
    """ "Add a vehicle" by *vin* or by registration *plate* (one of the two, typed or scanned)."""

    token: str
    vin: str = ""
    plate: str = ""


@dataclass(frozen=True, slots=True)
class VehicleAdded:
    vin: str
    model: str


@dataclass(frozen=True, slots=True)
class StartSync:
    """ "Synchronise vehicle", then *confirmed* by pressing again."""

    token: str
    vin: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class SyncStarted:
    sync_id: str


@dataclass(frozen=True, slots=True)
class SyncQuery:
    token: str
    sync_id: str


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Where a synchronisation stands; *reason* says why it failed."""

    sync_id: str
    state: SyncState
    reason: SyncFailure = ""


@dataclass(frozen=True, slots=True)
class CarConditions:
    """What the car reports when asked to synchronise (car side)."""

    vin: str
    sync_id: str
    parked: bool
    multimedia_on: bool
    occupant_present: bool


@dataclass(frozen=True, slots=True)
class SyncConfirmedOnScreen:
    """Someone in the cabin followed the instructions on the multimedia screen (car side)."""

    vin: str
    sync_id: str


@dataclass(frozen=True, slots=True)
class MultimediaStarted:
    """The multimedia system of car *vin* has (re)started (car side)."""

    vin: str


# --- account features -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VehicleInfo:
    vin: str
    brand: str
    model: str
    plate: str
    market: str
    services: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EGuide:
    """The vehicle's E-guide: a *title* and where to read it."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Contract:
    service: str
    state: ContractState
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Contracts:
    contracts: list[Contract] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RenewService:
    """ "My services", "Renew" for *service* of car *vin*, for *months* more."""

    token: str
    vin: str
    service: str
    months: int


@dataclass(frozen=True, slots=True)
class SetPin:
    """Create the My Renault PIN (*old_pin* empty) or change it."""

    token: str
    new_pin: str
    old_pin: str = ""


@dataclass(frozen=True, slots=True)
class FindDealers:
    token: str
    near: Location
    radius_km: float = field(metadata=stated(minimum=0))


@dataclass(frozen=True, slots=True)
class DealerInfo:
    dealer_id: str
    name: str
    location: Location
    distance_km: float


@dataclass(frozen=True, slots=True)
class Dealers:
    dealers: list[DealerInfo] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DealerQuery:
    token: str
    dealer_id: str


@dataclass(frozen=True, slots=True)
class Slots:
    """Free appointment times in a dealer's calendar."""

    slots: list[datetime] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BookAppointment:
    token: str
    vin: str
    dealer_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Appointment:
    appointment_id: str
    vin: str
    dealer_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Appointments:
    """The vehicle's appointments, past and coming, in time order."""

    appointments: list[Appointment] = field(default_factory=list)


# --- electric cars ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvStatus:
    vin: str
    battery_percent: int
    charging: bool
    plugged_in: bool
    range_km: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ScheduleCharging:
    """Charge car *vin* from *start*, on its next plug-in (MR-EV-2)."""

    token: str
    vin: str
    start: datetime
    pin: str


@dataclass(frozen=True, slots=True)
class ScheduleClimate:
    """Heat or cool car *vin* so it is ready at *ready_at* (MR-EV-3)."""

    token: str
    vin: str
    ready_at: datetime
    pin: str


@dataclass(frozen=True, slots=True)
class Scheduled:
    vin: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ChargePassQuery:
    token: str


@dataclass(frozen=True, slots=True)
class ChargePass:
    """The "Mobilize charge pass": a way to pay at charging stations."""

    pass_id: str
    active: bool


@dataclass(frozen=True, slots=True)
class FindStations:
    token: str
    near: Location
    radius_km: float = field(metadata=stated(minimum=0))
    free_only: bool


@dataclass(frozen=True, slots=True)
class StationInfo:
    station_id: str
    name: str
    location: Location
    free_connectors: int
    connectors: int
    distance_km: float


@dataclass(frozen=True, slots=True)
class Stations:
    stations: list[StationInfo] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PlanRoute:
    token: str
    vin: str
    destination: Location


@dataclass(frozen=True, slots=True)
class Route:
    """A route from where the car is parked to the destination, with charging *stops*."""

    distance_km: float
    stops: list[StationInfo] = field(default_factory=list)


# --- the test and partner side ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DealerRecord:
    """An approved (or not) dealer of the brand's network, with its free appointment *slots*."""

    dealer_id: str
    brand: str
    name: str
    email: str
    location: Location
    approved: bool
    slots: list[datetime] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StationReport:
    """A charge point operator's update: *free* of *connectors* at station *station_id*."""

    station_id: str
    name: str
    location: Location
    connectors: int
    free: int
