"""What the My Renault rules remember: accounts' links, cars added and synchronised, PINs,
contracts, what the TCUs reported, dealers and their calendars, charging stations.

The rules keep it in one :class:`MyRenault` part of the model (``model.parts["myrenault"]``);
the helpers here are the facts of the manual the rules share: a well-formed VIN (ISO 3779,
check digit in position 9), which service each function is, which contract covers which
service, and what "twelve months" from a date is.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from contract.messages import Location, VehicleState
from contract.myrenault import DealerRecord, StationReport
from spec.model import Model, Session

BRAND = "myrenault"
WEB = "web"

COMMAND_SERVICES = {
    "horn_and_lights": "horn_and_lights",
    "lock": "remote_lock",
    "unlock": "remote_lock",
    "climate_on": "climate",
    "climate_off": "climate",
    "find_my_car": "locate",
    "schedule_charging": "charge_scheduling",
    "schedule_climate": "climate_scheduling",
}
"""The model service (of the capability declaration) each remote command is (MR-FEAT-2)."""

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

_VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_vin(vin: str) -> bool:
    """Whether *vin* is a VIN at all: 17 characters without I, O or Q, and the check digit in
    position 9 right (ISO 3779)."""
    if len(vin) != 17 or any(char not in _VIN_ALPHABET for char in vin):
        return False
    remainder = sum(_VIN_VALUES[char] * weight for char, weight in zip(vin, _VIN_WEIGHTS, strict=True)) % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


def same_plate(a: str, b: str) -> bool:
    """Two registration numbers are the same whatever spaces, dashes or case they are typed with."""

    def bare(plate: str) -> str:
        return "".join(char for char in plate.upper() if char.isalnum())

    return bool(bare(a)) and bare(a) == bare(b)


def distance_km(a: Location, b: Location) -> float:
    """The great-circle distance between *a* and *b*."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


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
    """(parked, multimedia on, someone in the cabin), as the car reported them."""
    on_screen: bool = False
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
    def must_link(self) -> bool:
        """All four conditions held (the car answered, so it had coverage) and the screen was followed."""
        return self.conditions is not None and not self.missing and self.on_screen


@dataclass(slots=True)
class Pin:
    """An account's My Renault PIN and the wrong tries against it (D-SEC-2, MR-PIN-1).

    *wrong_total*: every wrong PIN typed (commands, schedules, changing the PIN) — while it is
    below the lower end of ``bounds.wrong_attempts`` the right PIN must work; *wrong_in_a_row*:
    per car, the wrong PINs for remote control since the last right one — from the upper end on,
    the right PIN must be refused too.
    """

    pin: str = ""
    wrong_total: int = 0
    wrong_in_a_row: dict[str, int] = field(default_factory=dict)
    locked_seen: bool = False


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
    contract_ends: dict[tuple[str, str], datetime] = field(default_factory=dict)
    """(VIN, service) → the end of its term, renewals included."""
    reported: dict[str, VehicleState] = field(default_factory=dict)
    """What each car's TCU reported last (the factory's state until it reports)."""
    dealers: dict[str, DealerRecord] = field(default_factory=dict)
    booked: set[tuple[str, datetime]] = field(default_factory=set)
    appointments: dict[str, list[tuple[str, datetime]]] = field(default_factory=dict)
    """VIN → (dealer id, time) of each appointment booked for it."""
    stations: dict[str, StationReport] = field(default_factory=dict)

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
        pins = (sum(1 for pin in self.pins.values() if pin.pin), sum(1 for pin in self.pins.values() if pin.locked_seen))
        waiting_links = sum(1 for link in self.links.values() if not link.superseded)
        return (per_car, open_syncs, pins, waiting_links, len(self.booked))


def state(model: Model) -> MyRenault:
    """The My Renault part of *model*, made on first use."""
    part = model.parts.get(BRAND)
    if not isinstance(part, MyRenault):
        part = MyRenault()
        model.parts[BRAND] = part
    return part


def is_web(session: Session) -> bool:
    return session.channel == WEB


def reported_state(model: Model, vin: str) -> VehicleState | None:
    """What car *vin*'s TCU reported last, else the factory's state."""
    known = state(model).reported.get(vin)
    if known is not None:
        return known
    record = model.cars.get(vin)
    return record.state if record is not None else None


def contract_end(model: Model, vin: str, service: str) -> datetime | None:
    """When contract *service* of car *vin* ends (renewals included), None if the car has none."""
    renewed = state(model).contract_ends.get((vin, service))
    if renewed is not None:
        return renewed
    record = model.cars.get(vin)
    for term in record.contracts if record is not None else []:
        if term.service == service:
            return term.expires_at
    return None


def covering_contracts(model: Model, vin: str, service: str) -> list[tuple[str, datetime]]:
    """The contracts of car *vin* that cover *service*, each with its end."""
    record = model.cars.get(vin)
    covering: list[tuple[str, datetime]] = []
    for term in record.contracts if record is not None else []:
        if service in CONTRACT_COVERS.get(term.service, frozenset()) or term.service == service:
            end = contract_end(model, vin, term.service)
            covering.append((term.service, end or term.expires_at))
    return covering
