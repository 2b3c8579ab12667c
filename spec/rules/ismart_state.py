"""The MG iSmart part of the model: who is logged in to which head unit, who is bound to which
car, the QR codes on the screens, the unbinding codes, the force-unbinding requests, the
dealers' audit records; and the checks every iSmart call about a car begins with.

The manual (``002_*.txt``) and ``requirements.md`` are the source: one bound user per car
(IS-USER-2), a binding ends only by the code (IS-UNBIND-3), the previous user's Agree
(IS-FORCE-3), 72 hours of silence (IS-FORCE-4) or a dealer (IS-FORCE-6).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from contract.outbound import CarEvent, Email, Push, Sms
from contract.reading import codes_of
from spec.judge import Refuse
from spec.model import Allowed, Model, Session
from spec.rules.commands import lost_right, register_right

ISMART = "ismart"
PHONE = re.compile(r"^\+\d{6,15}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_phone(identifier: str) -> bool:
    return PHONE.match(identifier) is not None


def is_email(identifier: str) -> bool:
    return EMAIL.match(identifier) is not None


def codes_in_message(message: object) -> list[str]:
    """The codes an SMS or e-mail carries, read as the twins read them (:mod:`contract.reading`)."""
    return codes_of(message) if isinstance(message, Sms | Email) else []


@dataclass(slots=True)
class Car:
    """One iSmart car: its *bound* user, the *logged_in* user of its head unit, the users who
    logged in earlier, and the requirement that explains why the binding stands as it does."""

    bound: str = ""
    logged_in: str = ""
    earlier: set[str] = field(default_factory=set)
    reason: str = "IS-USER-2"
    last_end: tuple[str, ...] = ()
    """How the latest binding ended, when a retry of the same call may answer it again: ("unbind",
    account, code) or ("dealer", dealer, owner, document, document's car, audit id)."""
    binding: int = 0
    """How many bindings the car has had: codes, rejects and requests belong to one binding."""
    shadow: set[str] = field(default_factory=set)
    """Accounts that logged in to the head unit while another user was bound: once that binding
    ends, the manual does not say whether they are still logged in (their next scan may log in
    or bind)."""
    how: dict[str, str] = field(default_factory=dict)
    """For each account that logged in to the head unit, the requirement of the way it did (IS-BIND-2, IS-BIND-4)."""


@dataclass(slots=True)
class Qr:
    """A QR code a head unit showed: its car, and until when the platform said it lives."""

    vin: str
    shown_at: datetime
    expires_at: datetime
    used: bool = False
    superseded: bool = False
    """The head unit was shown a newer code since: the manuals leave the platform free to end this one."""


@dataclass(slots=True)
class Code:
    """A verification code the platform sent, when, and whether it was used."""

    code: str
    sent_at: datetime
    used: bool = False
    void: bool = False
    """The binding it was sent for has ended."""


@dataclass(slots=True)
class Codes:
    """The codes sent for one purpose (a registration, an unbinding), newest last, and the
    wrong codes tried since the first and since the newest."""

    codes: list[Code] = field(default_factory=list)
    asked: int = 0
    """How many times the user asked for a code."""
    wrong: int = 0
    wrong_since_newest: int = 0
    locked: bool = False

    def void(self) -> None:
        """The binding these codes were sent for has ended: none of them works any more."""
        for code in self.codes:
            code.void = True
        self.wrong = self.wrong_since_newest = 0
        self.locked = False

    def issue(self, code: str, at: datetime) -> None:
        self.codes.append(Code(code, at))
        self.wrong_since_newest = 0

    def find(self, code: str) -> Code | None:
        for issued in reversed(self.codes):
            if issued.code == code:
                return issued
        return None


@dataclass(slots=True)
class ForceRequest:
    """A force-unbinding request: who asked (*requester*), whom it unbinds (*previous*), when it
    completes by silence (*deadline*), and its *state* ("open", "completed", "rejected", "closed")."""

    request_id: str
    vin: str
    requester: str
    previous: str
    asked_at: datetime
    deadline: datetime
    state: str = "open"
    binding: int = 0


@dataclass(frozen=True, slots=True)
class Audit:
    """A dealer's forced unbinding as the platform must record it (D-SEC-5)."""

    audit_id: str
    dealer_id: str
    vin: str
    previous_account: str
    owner_account: str
    document: str
    at: datetime


@dataclass(slots=True)
class Ismart:
    """The iSmart part of the model (``model.parts["ismart"]``)."""

    cars: dict[str, Car] = field(default_factory=dict)
    qrs: dict[str, Qr] = field(default_factory=dict)
    registrations: dict[str, Codes] = field(default_factory=dict)
    unbind_codes: dict[tuple[str, str], Codes] = field(default_factory=dict)
    requests: dict[str, ForceRequest] = field(default_factory=dict)
    audits: dict[str, list[Audit]] = field(default_factory=dict)

    def car(self, vin: str) -> Car:
        return self.cars.setdefault(vin, Car())

    def open_requests(self, vin: str) -> list[ForceRequest]:
        return [request for request in self.requests.values() if request.vin == vin and request.state == "open"]

    def summary(self) -> tuple[object, ...]:
        cars = tuple(
            sorted(
                (bool(car.bound), bool(car.logged_in), bool(car.logged_in and car.logged_in != car.bound))
                for car in self.cars.values()
            )
        )
        requests = tuple(sorted(request.state for request in self.requests.values()))
        return ("ismart", cars, requests, len(self.qrs) > 0, sum(1 for audits in self.audits.values() if audits))

    def unsolicited(self, message: object) -> str | None:
        """The requirement an unsolicited iSmart message breaks."""
        if isinstance(message, Push):
            request = self.requests.get(message.request_id)
            if message.kind == "force_unbind_completed" and request is not None and request.state == "open":
                return "IS-FORCE-4"
            if message.kind == "force_unbind_completed" and request is not None and request.state == "rejected":
                return "IS-FORCE-5"
            if message.kind == "force_unbind_request":
                return "IS-FORCE-2"
            return "D-SEC-4"
        if isinstance(message, CarEvent):
            return {"user_unbound": "IS-USER-3", "user_bound": "IS-USER-2", "user_logged_in": "IS-BIND-2"}.get(
                message.kind
            )
        return None


def ismart_of(model: Model) -> Ismart:
    """The iSmart part of *model* (made on first use)."""
    part = model.parts.get(ISMART)
    if not isinstance(part, Ismart):
        part = Ismart()
        model.parts[ISMART] = part
    return part


def is_bound_user(model: Model, vin: str, account_id: str) -> bool:
    car = ismart_of(model).cars.get(vin)
    return car is not None and bool(account_id) and car.bound == account_id


register_right(ISMART, is_bound_user)


def car_refusals(model: Model, session: Session | None, vin: str) -> list[Refuse]:
    """What refuses any iSmart call about car *vin* from *session*: no session, no such car, or
    a session of another brand's app (D-SEC-7)."""
    refusals: list[Refuse] = []
    if session is None:
        refusals.append(Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",)))
    if vin not in model.cars:
        refusals.append(Refuse("D-SEC-1", f"no car {vin} was made", ("unknown_vehicle", "invalid_request")))
    elif model.brand_of_car(vin) != ISMART or (session is not None and session.brand != ISMART):
        refusals.append(Refuse("D-SEC-7", "an account of one brand's app may not use a car of another brand"))
    return refusals


def push_of(kind: str, request_id: str = "") -> Callable[[object], bool]:
    """Whether a message is a push of *kind* (about *request_id*, when given)."""
    return lambda message: (
        isinstance(message, Push) and message.kind == kind and (not request_id or message.request_id == request_id)
    )


def event_of(kind: str) -> Callable[[object], bool]:
    """Whether a message is a car event of *kind*."""
    return lambda message: isinstance(message, CarEvent) and message.kind == kind


def allow_pushes(model: Model, account_id: str, kind: str, request_id: str = "", *, once: bool = False) -> None:
    """*account_id*'s app may get a push of *kind* (about *request_id*), on each of its devices."""
    until = model.now + model.bounds.message_within
    for session in model.sessions_of(account_id):
        model.allow(
            Allowed(
                "push",
                session.device_id,
                until,
                push_of(kind, request_id),
                once=once,
            )
        )


def allow_car_event(model: Model, vin: str, kind: str) -> None:
    """The head unit of car *vin* may hear of a change of user (*kind*)."""
    model.allow(
        Allowed(
            "car_event",
            vin,
            model.now + model.bounds.message_within,
            event_of(kind),
            once=True,
        )
    )


def end_binding(model: Model, vin: str, reason: str, log_out: bool = True) -> str:
    """Car *vin*'s binding ends by the rule *reason* names; the previous user's commands that
    have not reached the car end cancelled (D-SEC-1), and the previous user is logged out of the
    head unit unless *log_out* is False. Returns the previous user."""
    car = ismart_of(model).car(vin)
    previous = car.bound
    car.bound = ""
    car.reason = reason
    if previous:
        codes = ismart_of(model).unbind_codes.get((previous, vin))
        if codes is not None:
            codes.void()
        lost_right(model, vin, previous)
        allow_car_event(model, vin, "user_unbound")
        allow_pushes(model, previous, "unbind_completed")
        if car.logged_in == previous and log_out:
            car.logged_in = ""
            car.earlier.add(previous)
    return previous
