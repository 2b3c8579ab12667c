"""Outbound messages: what a platform sends to the world, and the port it sends them through.

In-process, a platform is handed an :class:`Outbound` at creation. Over HTTP the same messages
are POSTed to the webhooks that twinrig serves. Every message carries *sent_at*, read from the
platform's test clock; the gateways add their own delivery time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from contract.messages import CommandName

PushKind = Literal[
    "force_unbind_request",
    "force_unbind_completed",
    "force_unbind_rejected",
    "unbind_completed",
]
CarEventKind = Literal["user_logged_in", "user_logged_out", "user_bound", "user_unbound", "sync_request"]


@dataclass(frozen=True, slots=True)
class Sms:
    """A text to phone number *to* (E.164); a TCU's SIM number wakes the TCU.

    *code* is the verification code the text carries, if it carries one: with it the *text* is
    free; without it the code is read from the text (a run of 4 to 8 digits on its own, see
    :mod:`contract.reading`).
    """

    to: str
    text: str
    sent_at: datetime
    code: str = ""


@dataclass(frozen=True, slots=True)
class Email:
    """An e-mail to address *to*; the *body* is plain text or HTML.

    *code* is the verification code it carries and *link* the confirmation link the user follows,
    when it has them: with them the *subject* and *body* are free; without them the code is read
    from the body, and the link is the body's link (an ``https`` address, or an ``<a href>``)
    that carries a ``token`` parameter or "confirm" in its path, else its only link (see
    :mod:`contract.reading`). A confirmation link's token is its ``token`` parameter, else its
    path's last segment: that token is what ``confirm_account`` is called with.
    """

    to: str
    subject: str
    body: str
    sent_at: datetime
    code: str = ""
    link: str = ""


@dataclass(frozen=True, slots=True)
class Push:
    """A push notification to the app on device *device_id*.

    *kind* is what the app acts on; *request_id* names the force-unbinding request the
    message is about, when there is one.
    """

    device_id: str
    kind: PushKind
    text: str
    sent_at: datetime
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class TcuCommand:
    """A remote command for the TCU of car *vin*; a schedule carries its time *at*."""

    vin: str
    command_id: str
    command: CommandName
    sent_at: datetime
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CarEvent:
    """News for the head unit of car *vin*: someone logged in, bound or unbound, or a request
    to synchronise (*sync_id*) with the My Renault account *account_id*."""

    vin: str
    kind: CarEventKind
    account_id: str
    sent_at: datetime
    sync_id: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    """The carrier's answer to a message for a car: *accepted* when the TCU is online."""

    accepted: bool


class Outbound(Protocol):
    """The port through which a platform reaches phones, mailboxes and cars."""

    def sms(self, message: Sms) -> None: ...

    def email(self, message: Email) -> None: ...

    def push(self, message: Push) -> None: ...

    def tcu(self, message: TcuCommand) -> Delivery: ...

    def car_event(self, message: CarEvent) -> Delivery: ...
