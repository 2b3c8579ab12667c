"""What the My Renault rules remember: accounts' links, cars added and synchronised, PINs,
contracts, what the TCUs reported, dealers and their calendars, charging stations.

The rules keep it in one :class:`MyRenault` part of the model (``model.parts["myrenault"]``);
the helpers here are the facts of the manual the rules share: a well-formed VIN (ISO 3779,
check digit in position 9), which service each function is, which contract covers which
service, and what "twelve months" from a date is.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from contract.myrenault import StationReport
from contract.outbound import CarEvent, Email, TcuCommand
from contract.reading import link_token, links_of
from contract.services import COMMAND_SERVICES as SERVICES_BY_BRAND
from spec.judge import Judge
from spec.model import Model, Session
from spec.observations import Message
from spec.rules.commands import Command, about_command, commands_of, term_of
from spec.violations import Expectation

BRAND = "myrenault"
WEB = "web"

COMMAND_SERVICES = SERVICES_BY_BRAND[BRAND]
"""The model service (of the capability declaration) each remote command is (MR-FEAT-2): the contract's table."""

CONTRACT_COVERS = {
    "connected_services": frozenset(
        {
            "locate",
            "horn_and_lights",
            "remote_lock",
            "climate",
            "climate_scheduling",
            "charge_scheduling",
            "battery_status",
            "charge_pass",
            "charging_stations",
            "route_planning",
        }
    )
}
"""The services each contract covers: "connected services" covers every function that reaches
the car or its connected services; vehicle information, the E-guide, contracts, dealers,
appointments and the PIN belong to the account. A contract named after a service covers that
service too."""


def same_plate(a: str, b: str) -> bool:
    """Two registration numbers are the same whatever spaces, dashes or case they are typed with."""

    def bare(plate: str) -> str:
        return "".join(char for char in plate.upper() if char.isalnum())

    return bool(bare(a)) and bare(a) == bare(b)


def months_later(start: datetime, months: int) -> set[datetime]:
    """*months* calendar months after *start*: the same day of the month, or where that month is
    shorter, its last day (clamped) or the days carried over into the next month (both read the
    manual's "12 months"; 360 or 365 days do not)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    clamped = start.replace(year=year, month=month, day=min(start.day, last))
    return {clamped, clamped + timedelta(days=max(0, start.day - last))}


@dataclass(slots=True)
class Link:
    """A confirmation link e-mailed for the account *identifier* at *sent_at*; *superseded* once
    the user asked for the e-mail again (only the newest link confirms, D-REL-3)."""

    identifier: str
    sent_at: datetime
    superseded: bool = False


@dataclass(slots=True)
class Sync:
    """One synchronisation started by *account_id* with car *vin*: what the car reported of its
    conditions (None: nothing yet), whether someone in the cabin confirmed on the screen."""

    account_id: str
    vin: str
    started_at: datetime
    conditions: tuple[bool, bool, bool] | None = None
    """(parked, multimedia on, someone in the cabin), as the car first reported them."""
    later_all_held: bool = False
    """A later report had all conditions holding (the platform may take it, or stay with the first)."""
    on_screen: bool = False
    in_time: bool = True
    """The screen was followed within ``bounds.screen_wait`` of the start (later, the
    platform may have given up), and the platform did not say it failed before."""
    failed: bool = False
    """The platform said the synchronisation failed: nothing revives it."""
    auto: bool = False
    """The account was linked with the car already: later synchronisation is automatic (MR-SYNC-5)."""

    @property
    def missing(self) -> set[str]:
        """The reasons (contract :data:`contract.myrenault.SyncFailure`) the reported conditions give."""
        if self.conditions is None:
            return set()
        parked, multimedia_on, occupant = self.conditions
        reasons = {"vehicle_not_parked": parked, "multimedia_off": multimedia_on, "user_not_in_cabin": occupant}
        return {reason for reason, holds in reasons.items() if not holds}

    @property
    def may_link(self) -> bool:
        """Some report had all conditions holding and the screen was followed, before any failure."""
        held = self.conditions is not None and not self.missing
        return self.on_screen and not self.failed and (held or self.later_all_held)

    @property
    def must_link(self) -> bool:
        """All four conditions held (the car answered, so it had coverage) and the screen was
        followed in time."""
        return self.conditions is not None and not self.missing and self.on_screen and self.in_time


@dataclass(slots=True)
class Pin:
    """An account's My Renault PIN and the wrong tries against it (D-SEC-2, MR-PIN-1).

    *wrong_total*: every wrong PIN typed (commands, schedules, changing the PIN) — while it is
    below the lower end of ``bounds.pin_attempts`` the right PIN must work; *wrong_in_a_row*:
    per car, the wrong PINs for remote control since the last right one — from the upper end on,
    the right PIN must be refused too, until ``bounds.pin_unlock_after`` has passed since
    *locked_at* (the first ``too_many_attempts``), if the platform declared a timed unlock.
    """

    pin: str = ""
    wrong_total: int = 0
    wrong_in_a_row: dict[str, int] = field(default_factory=dict)
    locked_seen: bool = False
    locked_at: datetime | None = None


def unlock_if_due(model: Model, pin: Pin) -> None:
    """A locked *pin* of a platform that declared a timed unlock is unlocked once the declared
    lock time has passed since it was first seen locked: every count starts again."""
    after = model.bounds.pin_unlock_after
    if after is not None and pin.locked_at is not None and model.now >= pin.locked_at + after:
        pin.wrong_total, pin.locked_seen, pin.locked_at = 0, False, None
        pin.wrong_in_a_row.clear()


@dataclass(slots=True)
class MyRenault:
    """The My Renault part of the model."""

    links: dict[str, Link] = field(default_factory=dict)
    """Every confirmation link seen in an e-mail, by its token."""
    added: set[tuple[str, str]] = field(default_factory=set)
    """(account id, VIN) of every car added to an account."""
    syncs: dict[str, Sync] = field(default_factory=dict)
    synchronised: dict[tuple[str, str], bool] = field(default_factory=dict)
    """(account id, VIN) linked with the multimedia system: True once the system restarted since (MR-SYNC-5)."""
    activated: set[tuple[str, str]] = field(default_factory=set)
    pins: dict[str, Pin] = field(default_factory=dict)
    booked: set[tuple[str, datetime]] = field(default_factory=set)
    appointments: dict[str, list[tuple[str, datetime]]] = field(default_factory=dict)
    """VIN → (dealer id, time) of each appointment booked for it."""
    stations: dict[str, StationReport] = field(default_factory=dict)
    dealer_mailboxes: set[str] = field(default_factory=set)
    charge_passes: dict[str, str] = field(default_factory=dict)
    """Each charge pass shown, by its id: the account it was shown to."""
    scheduled_at: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    """The time each schedule (by its stand-in id) was asked for, and the requirement that says so."""
    schedules: dict[str, list[str]] = field(default_factory=dict)
    """VIN → the stand-in ids of accepted schedules whose command has not reached the car yet
    (a schedule's reply names no command id: the first schedule command to the car is it)."""

    def message(self, judge: Judge, observation: Message) -> bool:
        """Learn from a message before it is judged: the dealers' mailboxes are known addresses
        (a dealer hears only of bookings), the confirmation links e-mailed to a My Renault
        account, and the command id of a schedule as it goes to the car. Takes no message."""
        message = observation.message
        self.dealer_mailboxes.update(dealer.email for dealer in judge.model.dealers.values())
        judge.model.addresses.update(self.dealer_mailboxes)
        if isinstance(message, Email):
            owners = [
                identifier
                for brand, identifier in judge.model.accounts
                if brand == BRAND and identifier.casefold() == message.to.casefold()
            ]
            for token in link_tokens(message) if owners else []:
                self.links.setdefault(token, Link(owners[0], message.sent_at))
        elif isinstance(message, TcuCommand) and message.command in ("schedule_charging", "schedule_climate"):
            commands = commands_of(judge.model).commands
            for stand_in in self.schedules.get(message.vin, []):
                if commands[stand_in].command == message.command and message.command_id not in commands:
                    self.schedules[message.vin].remove(stand_in)
                    command = commands.pop(stand_in)
                    command.command_id = message.command_id
                    commands[message.command_id] = command
                    at, requirement = self.scheduled_at.pop(stand_in)
                    if message.at != at:
                        judge.violation(
                            requirement,
                            "programmed command",
                            f"the car was told {message.command} at {message.at}, not at {at.isoformat()} as asked",
                            observation,
                            Expectation("content", detail=f"{message.command} at {at.isoformat()}"),
                        )
                    stood_in = replace(message, command_id=stand_in)
                    for owed in [*judge.model.owed, *judge.model.overdue]:
                        if owed.channel == "tcu" and owed.recipient == message.vin and owed.matches(stood_in):
                            owed.matches = about_command(message.command_id)
                    break
        return False

    def unsolicited(self, message: object) -> str | None:
        """The requirement an unsolicited My Renault message breaks: a synchronisation nobody
        asked for could link an account from anywhere (D-SEC-1); an e-mail to a dealer that is
        no booking (MR-FEAT-1)."""
        if isinstance(message, CarEvent) and message.kind == "sync_request":
            return "D-SEC-1"
        if isinstance(message, Email) and message.to in self.dealer_mailboxes:
            return "MR-FEAT-1"
        return None

    def expect_schedule(
        self, model: Model, vin: str, account_id: str, *, command: str, at: datetime, requirement: str
    ) -> None:
        """An accepted schedule of *command* for car *vin* at *at*: its command may reach the car
        (D-SEC-1 knows it), carrying that time (*requirement* says so)."""
        stand_in = f"schedule {vin} {sum(len(ids) for ids in self.schedules.values())} {model.now.isoformat()}"
        commands_of(model).commands[stand_in] = Command(stand_in, vin, account_id, stand_in, command, model.now)
        self.schedules.setdefault(vin, []).append(stand_in)
        self.scheduled_at[stand_in] = (at, requirement)

    def pin_of(self, account_id: str) -> Pin:
        return self.pins.setdefault(account_id, Pin())

    def summary(self) -> tuple[object, ...]:
        """Per car: how many accounts added it, are synchronised, activated it; open
        synchronisations; accounts with a PIN and with a locked PIN; links waiting."""
        cars = sorted({vin for _, vin in self.added})
        per_car = tuple(
            (
                sum(1 for _, v in self.added if v == vin),
                sum(1 for _, v in self.synchronised if v == vin),
                sum(1 for _, v in self.activated if v == vin),
            )
            for vin in cars
        )
        open_syncs = sum(1 for sync in self.syncs.values() if not sync.must_link and not sync.missing)
        pins = (
            sum(1 for pin in self.pins.values() if pin.pin),
            sum(1 for pin in self.pins.values() if pin.locked_seen),
        )
        waiting_links = sum(1 for link in self.links.values() if not link.superseded)
        return (per_car, open_syncs, pins, waiting_links, len(self.booked))


def state(model: Model) -> MyRenault:
    """The My Renault part of *model*, made on first use (first among the parts, so it learns
    from a message before the commands part judges it)."""
    part = model.parts.get(BRAND)
    if not isinstance(part, MyRenault):
        part = MyRenault()
        model.parts = {BRAND: part, **model.parts}
    return part


def link_tokens(message: Email) -> list[str]:
    """The tokens of the links in e-mail *message* (its structured link first), read as the
    twins read them (:func:`contract.reading.link_token`): any of them may confirm."""
    return [token for link in links_of(message) if (token := link_token(link))]


def is_web(session: Session) -> bool:
    return session.channel == WEB


def covering_contracts(model: Model, vin: str, service: str) -> list[tuple[str, datetime]]:
    """The contracts of car *vin* that cover *service*, each with its end."""
    record = model.cars.get(vin)
    covering: list[tuple[str, datetime]] = []
    for name in sorted({term.service for term in record.contracts} if record is not None else set()):
        end = term_of(model, vin, name)
        if end is not None and (service in CONTRACT_COVERS.get(name, frozenset()) or name == service):
            covering.append((name, end))
    return covering
