"""What the specification observes: the same things a twin can, and nothing of a platform's inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand

RIG = "rig"
"""The caller of the test side (provisioning cars and dealers, station reports)."""


@dataclass(frozen=True, slots=True)
class Exchange:
    """*caller* called *operation* with *request* at *at* and got *reply*, or was refused with *refusal*.

    *caller* is the twin that called (a phone's or head unit's name, a TCU, a dealer) or
    :data:`RIG` for the test side; *operation* is the contract's name for the call
    (``"scan_qr"``); *request* and *reply* are the contract's dataclasses.
    """

    at: datetime
    caller: str
    operation: str
    request: object
    reply: object | None = None
    refusal: str | None = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True, slots=True)
class Message:
    """The platform handed *message* (an SMS, e-mail, push, TCU command or car event) to its outbound port at *at*.

    *delivered*, when known, is the carrier's answer for a message to a car (True: its TCU
    took it; False: the TCU sleeps or has no coverage); None when the observer cannot tell.
    """

    at: datetime
    message: Sms | Email | Push | TcuCommand | CarEvent
    delivered: bool | None = None


@dataclass(frozen=True, slots=True)
class TimePassed:
    """The world's time has reached *at*: whatever was due by then must have happened."""

    at: datetime


Observation = Exchange | Message | TimePassed
