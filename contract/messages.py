"""Requests and replies of every operation the twins call.

Each operation takes one frozen dataclass and returns one. Fields are plain JSON values
(``str``, ``int``, ``bool``, ``float``, ``datetime`` as ISO 8601, lists and nested
dataclasses), so that each maps 1:1 onto the JSON body of the HTTP transport.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from contract.limits import PHONE_OR_EMAIL, stated

Channel = Literal["sms", "email"]
QrStage = Literal["logged_in", "bound"]
Answer = Literal["agree", "reject"]
CommandName = Literal[
    "climate_on",
    "climate_off",
    "lock",
    "unlock",
    "find_my_car",
    "horn_and_lights",
    "schedule_charging",
    "schedule_climate",
]
CommandState = Literal["pending", "delivered", "done", "failed", "car_unreachable", "cancelled"]
"""Where a remote command stands; ``cancelled``: its sender lost the right to command the car
before the command reached it (D-SEC-1); ``car_unreachable``: the car has not answered within
the platform's time-out (D-REL-1). ``done``, ``failed`` and ``cancelled`` are final; so is
``car_unreachable``, but for the car's own report: a :class:`TcuReport` that comes after the
time-out still decides the state (the final state follows what the car did)."""
VehicleRole = Literal["logged_in", "bound", "added", "synchronised"]


@dataclass(frozen=True, slots=True)
class AppIdentity:
    """Who made the client that calls (an app, or a brand's web site): its *name* and *publisher*."""

    name: str
    publisher: str


# --- accounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendRegistrationCode:
    """The user typed a phone number or e-mail address and pressed "Send"."""

    identifier: str = field(metadata=stated(pattern=PHONE_OR_EMAIL))
    app: AppIdentity


@dataclass(frozen=True, slots=True)
class CodeSent:
    """A verification code is on its way over *channel*."""

    channel: Channel


@dataclass(frozen=True, slots=True)
class Register:
    """The user typed the code and a password and pressed "Register"."""

    identifier: str = field(metadata=stated(pattern=PHONE_OR_EMAIL))
    code: str
    password: str
    app: AppIdentity


@dataclass(frozen=True, slots=True)
class AccountCreated:
    account_id: str


@dataclass(frozen=True, slots=True)
class LogIn:
    """Log-in from the app; *device_id* is where the platform sends push messages."""

    identifier: str
    password: str
    accepted_terms: bool
    accepted_privacy: bool
    device_id: str
    app: AppIdentity


@dataclass(frozen=True, slots=True)
class SessionOpened:
    token: str
    account_id: str


@dataclass(frozen=True, slots=True)
class LogOut:
    """Log out of the app (or the web site): the session *token* ends, and every call with it
    is refused as ``not_authenticated`` from then on; the account's other sessions stay."""

    token: str


@dataclass(frozen=True, slots=True)
class SupportQuery:
    """The app asks where "Contact Us" and "Feedback" lead in *market*."""

    app: AppIdentity
    market: str


@dataclass(frozen=True, slots=True)
class SupportContact:
    """The support *email* address "Contact Us" writes to, and the app's support *menu* items."""

    email: str
    menu: list[str] = field(default_factory=list)


# --- head unit, binding -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShowQr:
    """The head unit of car *vin* asks for a QR code to show on its screen."""

    vin: str


@dataclass(frozen=True, slots=True)
class QrShown:
    qr: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ScanQr:
    """The app scanned *qr*; the first scan logs in to the car, the second binds it."""

    token: str
    qr: str


@dataclass(frozen=True, slots=True)
class QrScanned:
    vin: str
    stage: QrStage


@dataclass(frozen=True, slots=True)
class HeadUnitLogIn:
    """The user typed their credentials on the head unit of car *vin*."""

    vin: str
    identifier: str
    password: str


@dataclass(frozen=True, slots=True)
class HeadUnitSession:
    vin: str
    account_id: str


@dataclass(frozen=True, slots=True)
class HeadUnitLogOut:
    """ "Log out" in the "User" menu of the head unit of car *vin*: the user logged in to the car
    (and not bound to it) is logged out; a bound user's log-in ends with the unbinding."""

    vin: str


@dataclass(frozen=True, slots=True)
class ListVehicles:
    token: str


@dataclass(frozen=True, slots=True)
class VehicleSummary:
    vin: str
    model: str
    role: VehicleRole


@dataclass(frozen=True, slots=True)
class Vehicles:
    vehicles: list[VehicleSummary] = field(default_factory=list)


# --- unbinding ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendUnbindCode:
    """The bound user pressed "Send" on the unbind screen of car *vin*."""

    token: str
    vin: str


@dataclass(frozen=True, slots=True)
class Unbind:
    """The bound user typed the 6-digit code and pressed "Unbind"."""

    token: str
    vin: str
    code: str


@dataclass(frozen=True, slots=True)
class Unbound:
    vin: str


@dataclass(frozen=True, slots=True)
class RequestForceUnbind:
    """A new user pressed "Force unbinding" and confirmed (*push_confirmed*) the push."""

    token: str
    vin: str
    push_confirmed: bool


@dataclass(frozen=True, slots=True)
class ForceUnbindPending:
    request_id: str
    completes_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerForceUnbind:
    """The previous user pressed "Agree" or "Reject" on the push message."""

    token: str
    request_id: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class ForceUnbindAnswered:
    request_id: str
    outcome: Literal["completed", "rejected"]


@dataclass(frozen=True, slots=True)
class OwnershipEvidence:
    """What a new owner shows at the dealer: a document naming the owner and the car."""

    owner_identifier: str
    document: Literal["registration_certificate", "bill_of_sale", "none"]
    document_vin: str


@dataclass(frozen=True, slots=True)
class DealerForceUnbind:
    dealer_id: str
    vin: str
    evidence: OwnershipEvidence


@dataclass(frozen=True, slots=True)
class DealerUnbound:
    vin: str
    audit_id: str


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """A dealer looks up the audit records of the forced unbindings of car *vin* (D-SEC-5)."""

    dealer_id: str
    vin: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One dealer's forced unbinding: which dealer (*dealer_id*) unbound car *vin* from
    *previous_account* for *owner_account*, on which *document*, and when (*at*)."""

    audit_id: str
    dealer_id: str
    vin: str
    previous_account: str
    owner_account: str
    document: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AuditRecords:
    """The audit records of one car, oldest first."""

    records: list[AuditEntry] = field(default_factory=list)


# --- vehicle services -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VehicleQuery:
    """A question about car *vin* from the holder of *token*."""

    token: str
    vin: str


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class VehicleStatus:
    vin: str
    locked: bool
    climate_on: bool
    location: Location
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Services:
    services: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RemoteCommand:
    """A remote command for car *vin*; *request_id* makes a retried request count once."""

    token: str
    vin: str
    command: CommandName
    request_id: str
    pin: str = ""


@dataclass(frozen=True, slots=True)
class CommandAccepted:
    command_id: str
    state: CommandState


@dataclass(frozen=True, slots=True)
class CommandQuery:
    token: str
    command_id: str


@dataclass(frozen=True, slots=True)
class CommandStatus:
    command_id: str
    command: CommandName
    state: CommandState


# --- the car's side ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VehicleState:
    """What a TCU reports about its car (the battery fields stay 0 for a car without one)."""

    locked: bool
    climate_on: bool
    location: Location
    battery_percent: int = 0
    range_km: int = 0
    plugged_in: bool = False
    charging: bool = False


@dataclass(frozen=True, slots=True)
class TcuOnline:
    """The TCU of car *vin* has woken up or regained coverage."""

    vin: str


@dataclass(frozen=True, slots=True)
class TcuReport:
    """The TCU of car *vin* reports the outcome of *command_id* and its car's state.

    The first report of a command decides its final state, however late it comes: a command
    that ended ``car_unreachable`` at the time-out ends *outcome* when its car reports (D-REL-1);
    a second report changes nothing (D-REL-2)."""

    vin: str
    command_id: str
    outcome: Literal["done", "failed"]
    state: VehicleState


@dataclass(frozen=True, slots=True)
class TcuState:
    """The TCU of car *vin* reports its car's *state* unasked (while charging, for instance)."""

    vin: str
    state: VehicleState


@dataclass(frozen=True, slots=True)
class Ack:
    """An empty, successful reply."""

    ok: bool = True


@dataclass(frozen=True, slots=True)
class ServiceTerm:
    """A service contract sold with a car: the *service* and when its term ends."""

    service: str
    expires_at: datetime


# --- the test side ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VehicleRecord:
    """A car as the manufacturer's production database knows it."""

    vin: str
    brand: str
    model: str
    market: str
    plate: str
    tcu_msisdn: str
    state: VehicleState
    contracts: list[ServiceTerm] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ClockState:
    """The platform's test clock: *now*, and when its next timer falls due (if it knows)."""

    now: datetime
    next_due: datetime | None = None


@dataclass(frozen=True, slots=True)
class AdvanceClock:
    """Move the test clock to *to*, running every timer that falls due on the way.

    A platform refuses (``invalid_request``) a *to* before the clock's now, or more than 36525
    days (100 years) after it (:data:`contract.limits.MAX_ADVANCE`); like every time of the
    contract, *to* lies between the years 1970 and 8999.
    """

    to: datetime
