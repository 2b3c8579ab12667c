"""What the reference platform remembers: accounts, cars, QR codes, requests and commands.

These are the platform's private books. Nothing outside :mod:`reference` reads them; the rig
judges a platform only by its replies and the messages it sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from contract.messages import (
    AuditEntry,
    Channel,
    CommandAccepted,
    CommandName,
    CommandState,
    VehicleRecord,
    VehicleState,
)
from contract.myrenault import DealerRecord, SyncFailure, SyncState
from reference.clock import Timer

RequestState = Literal["open", "completed", "rejected"]
ClientChannel = Literal["app", "web"]
FINAL_COMMAND_STATES: frozenset[CommandState] = frozenset({"done", "failed", "car_unreachable", "cancelled"})


@dataclass(frozen=True, slots=True)
class Client:
    """What a genuine client is: the *brand* whose platform it talks to, and its *channel*
    (``"app"`` for a phone app, ``"web"`` for the brand's web site)."""

    brand: str
    channel: ClientChannel


@dataclass(slots=True)
class Account:
    """An account of *brand*: its *identifier* (phone or e-mail), reached over *channel*.

    *devices* are the push destinations of every phone that has logged in to it, *last_device*
    the one it logged in from last. A My Renault
    account is *confirmed* once the link in its confirmation e-mail is followed, and may hold a
    My Renault *pin* (empty: none yet), locked after *pin_failures* wrong tries in a row reach
    the policy's limit (since *pin_locked_at*, which a timed unlock counts from); iSmart
    accounts are complete when created.
    """

    account_id: str
    identifier: str
    channel: Channel
    password: str
    devices: list[str] = field(default_factory=list)
    last_device: str = ""
    brand: str = "ismart"
    confirmed: bool = True
    first_name: str = ""
    last_name: str = ""
    pin: str = ""
    pin_failures: int = 0
    pin_locked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """A live log-in of *account_id* from a *client*."""

    account_id: str
    client: Client


@dataclass(slots=True)
class Car:
    """A provisioned car: its production *record*, last known *state*, and who uses it.

    *logged_in* is the account logged in to the head unit; *bound* the account bound to the
    app, and *binding* names that binding ("" when there is none), so that what belongs to one
    binding (its unbinding codes, force-unbinding requests and commands) does not count for
    the next one. *queue* holds command ids waiting for the TCU to come online.

    My Renault: the accounts that *added* the car, those *synchronised* with it (a subset), and
    those that *activated* its remote services; *contracts* maps each service contract to the
    end of its term.
    """

    record: VehicleRecord
    state: VehicleState
    updated_at: datetime
    logged_in: str | None = None
    bound: str | None = None
    binding: str = ""
    queue: list[str] = field(default_factory=list)
    added: set[str] = field(default_factory=set)
    synchronised: set[str] = field(default_factory=set)
    activated: set[str] = field(default_factory=set)
    contracts: dict[str, datetime] = field(default_factory=dict)


@dataclass(slots=True)
class QrCode:
    """A QR code shown by the head unit of car *vin*, valid until *expires_at*."""

    qr: str
    vin: str
    expires_at: datetime
    used: bool = False


@dataclass(slots=True)
class ForceRequest:
    """A force-unbinding request by *requester* against *previous*, the bound user of *vin*
    in its *binding*."""

    request_id: str
    vin: str
    requester: str
    previous: str
    completes_at: datetime
    binding: str = ""
    state: RequestState = "open"
    timer: Timer | None = None


@dataclass(slots=True)
class Command:
    """A remote *command* for car *vin* sent by *account_id*; *reply* is what it first got.

    A programmed command (charging, climate) carries its time *at*; *binding* is the car's
    binding when it was sent (iSmart).
    """

    command_id: str
    account_id: str
    vin: str
    command: CommandName
    request_id: str
    state: CommandState = "pending"
    reply: CommandAccepted | None = None
    at: datetime | None = None
    binding: str = ""


@dataclass(slots=True)
class Sync:
    """A synchronisation of car *vin* with the My Renault account *account_id* (MR-SYNC-1..3).

    *reported* says whether the car has told its conditions, *conditions_ok* whether they all
    held; *timer* ends a synchronisation that is still waiting.
    """

    sync_id: str
    account_id: str
    vin: str
    state: SyncState = "waiting"
    reason: SyncFailure = ""
    reported: bool = False
    conditions_ok: bool = False
    timer: Timer | None = None


@dataclass(slots=True)
class DealerBook:
    """A dealer of the brand's network as provisioned (*record*), and its *free* slots now."""

    record: DealerRecord
    free: list[datetime] = field(default_factory=list)


AuditRecord = AuditEntry
"""A dealer's forced unbinding (D-SEC-5) as the platform keeps it: the contract's audit entry."""
