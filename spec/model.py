"""The abstract world the specification keeps: who has which session, which cars exist, the
messages the platform owes and the messages it may send.

Everything here is learnt from observations (a log-in's reply names the account and its token,
a provisioned car its brand, model, market and SIM number). The brand-specific parts of the
model live beside their rules (:mod:`spec.ismart`, :mod:`spec.myrenault`); they hang off
:attr:`Model.parts` by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contract.capabilities import CapabilityDeclaration
from contract.messages import AppIdentity, VehicleRecord
from contract.myrenault import DealerRecord
from spec.bounds import Bounds
from spec.observations import Exchange

GENUINE_PUBLISHERS = {"ismart": "SAIC Motor international Co. Ltd", "myrenault": "RENAULT SAS"}
"""The publisher of each brand's genuine app (IS-APP-1); My Renault's web site is published the same."""


@dataclass(slots=True)
class Session:
    """An open app or web session: its *token*, *account_id*, the *brand* and *channel* ("app",
    "web") of the client, and the *device_id* pushes go to."""

    token: str
    account_id: str
    brand: str
    channel: str
    device_id: str


@dataclass(slots=True)
class Account:
    """An account as the manuals know it: the *identifier* it logs in with (phone number or
    e-mail address), its *password*, the *brand* whose app or site made it, its *account_id*
    once the platform named it, and whether it is *confirmed* (My Renault: the e-mailed link)."""

    identifier: str
    password: str
    brand: str
    account_id: str = ""
    confirmed: bool = True


@dataclass(slots=True)
class Owed:
    """A message the platform must send over *channel* to *recipient* by *due* (*requirement*, *rule*).

    *matches* says whether a sent message is the one owed.
    """

    channel: str
    recipient: str
    due: datetime
    requirement: str
    rule: str
    detail: str
    matches: Callable[[object], bool] = lambda message: True
    recipients: frozenset[str] = frozenset()
    """Other recipients that pay the debt as well (any one device of a person with several)."""
    paid: Callable[[object], None] | None = None
    """Called with the message that paid the debt (to learn a code it carries, for instance)."""

    def paid_by(self, channel: str, recipient: str, message: object) -> bool:
        """Whether *message* over *channel* to *recipient* is the one owed."""
        return (
            self.channel == channel
            and (self.recipient == recipient or recipient in self.recipients)
            and self.matches(message)
        )


@dataclass(slots=True)
class Allowed:
    """A message the platform may send over *channel* to *recipient* until *until* (None: for ever)."""

    channel: str
    recipient: str
    until: datetime | None
    matches: Callable[[object], bool] = lambda message: True
    once: bool = False
    """The permission is used up by the first message it allows."""


@dataclass(slots=True)
class Timer:
    """A rule's own deadline: *action* runs when the world's time reaches *due*."""

    due: datetime
    action: Callable[[], None]


@dataclass(slots=True)
class Model:
    """The specification's abstract world (see the module docstring)."""

    declaration: CapabilityDeclaration
    bounds: Bounds
    now: datetime
    cars: dict[str, VehicleRecord] = field(default_factory=dict)
    accounts: dict[tuple[str, str], Account] = field(default_factory=dict)
    """Every account, by (brand, identifier)."""
    sessions: dict[str, Session] = field(default_factory=dict)
    logged_out: set[str] = field(default_factory=set)
    owed: list[Owed] = field(default_factory=list)
    allowed: list[Allowed] = field(default_factory=list)
    addresses: set[str] = field(default_factory=set)
    """Every phone number, e-mail address, device id and VIN the platform may only write to with a reason."""
    parts: dict[str, Any] = field(default_factory=dict)
    dealers: dict[str, DealerRecord] = field(default_factory=dict)
    """Every dealer the rig provisioned, by id."""
    cause: Exchange | None = None
    """The latest exchange: the messages observed after it are its consequences."""
    overdue: list[Owed] = field(default_factory=list)
    """Debts whose deadline passed at the latest time passing: they become violations unless a
    message sent in time, observed just after, pays them."""
    timers: list[Timer] = field(default_factory=list)

    def session(self, token: str) -> Session | None:
        """The open session of *token* (None: unknown, or logged out)."""
        return None if token in self.logged_out else self.sessions.get(token)

    def log_out(self, token: str) -> None:
        """The session of *token* ended; its device may still hear of the account (the manuals
        do not say it stops), but the token opens nothing any more."""
        self.logged_out.add(token)

    def brand_of_car(self, vin: str) -> str:
        """The brand of car *vin*, "" for a car nobody provisioned."""
        record = self.cars.get(vin)
        return record.brand if record is not None else ""

    def services_of(self, vin: str) -> set[str]:
        """What car *vin* offers by its declared model, less what its market's law excludes (IS-SVC-1, MR-FEAT-2)."""
        record = self.cars.get(vin)
        if record is None:
            return set()
        offered: set[str] = set()
        for model in self.declaration.models:
            if model.brand == record.brand and model.name == record.model:
                offered = set(model.services)
        return offered - set(self.declaration.excluded_in(record.market))

    def owe(self, owed: Owed) -> None:
        self.owed.append(owed)

    def at(self, due: datetime, action: Callable[[], None]) -> None:
        """Run *action* once the world's time reaches *due* (a rule's own deadline: the 72 hours)."""
        self.timers.append(Timer(due, action))
        self.timers.sort(key=lambda timer: timer.due)

    def sessions_of(self, account_id: str) -> list[Session]:
        """Every open session of *account_id*."""
        return [session for session in self.sessions.values() if session.account_id == account_id]

    def account(self, brand: str, account_id: str) -> Account | None:
        """The account of *brand* whose platform-given id is *account_id*."""
        for account in self.accounts.values():
            if account.brand == brand and account.account_id == account_id and account_id:
                return account
        return None

    def allow(self, allowed: Allowed) -> None:
        self.allowed.append(allowed)


def brand_of_app(app: AppIdentity) -> str:
    """The brand whose genuine client *app* is, "" if it is no brand's (IS-APP-1)."""
    for brand, publisher in GENUINE_PUBLISHERS.items():
        if app.publisher == publisher:
            return brand
    return ""
