"""What the reference platform remembers: accounts, cars, QR codes, requests and commands.

These are the platform's private books. Nothing outside :mod:`reference` reads them; the rig
judges a platform only by its replies and the messages it sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from contract.messages import Channel, CommandAccepted, CommandName, CommandState, VehicleRecord, VehicleState
from reference.clock import Timer

RequestState = Literal["open", "completed", "rejected", "cancelled"]
FINAL_COMMAND_STATES: frozenset[CommandState] = frozenset({"done", "failed", "car_unreachable"})


@dataclass(slots=True)
class Account:
    """An iSmart account: its *identifier* (phone or e-mail), reached over *channel*.

    *devices* are the push destinations of every phone that has logged in to it.
    """

    account_id: str
    identifier: str
    channel: Channel
    password: str
    devices: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Car:
    """A provisioned car: its production *record*, last known *state*, and who uses it.

    *logged_in* is the account logged in to the head unit; *bound* the account bound to the
    app (a bound account is also the logged-in one). *queue* holds command ids waiting for
    the TCU to come online.
    """

    record: VehicleRecord
    state: VehicleState
    updated_at: datetime
    logged_in: str | None = None
    bound: str | None = None
    queue: list[str] = field(default_factory=list)


@dataclass(slots=True)
class QrCode:
    """A QR code shown by the head unit of car *vin*, valid until *expires_at*."""

    qr: str
    vin: str
    expires_at: datetime
    used: bool = False


@dataclass(slots=True)
class ForceRequest:
    """A force-unbinding request by *requester* against *previous*, the bound user of *vin*."""

    request_id: str
    vin: str
    requester: str
    previous: str
    completes_at: datetime
    state: RequestState = "open"
    timer: Timer | None = None


@dataclass(slots=True)
class Command:
    """A remote *command* for car *vin* sent by *account_id*; *reply* is what it first got."""

    command_id: str
    account_id: str
    vin: str
    command: CommandName
    request_id: str
    state: CommandState = "pending"
    reply: CommandAccepted | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """A dealer's forced unbinding (D-SEC-5): who did it, to which car, for whom, and when."""

    audit_id: str
    dealer_id: str
    vin: str
    previous_account: str
    owner_account: str
    document: str
    at: datetime
