"""Messages: each the platform sends must be owed or allowed; each it owes must come in time.

A rule that makes a message due registers an :class:`spec.model.Owed` (the platform *must* send
it by a deadline) or an :class:`spec.model.Allowed` (it *may*). A message to a known address
(a person's number, mailbox or device, a car) that nothing owes or allows is a violation; so is
an owed message whose deadline passes.
"""

from __future__ import annotations

from datetime import datetime

from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand
from spec.judge import Judge
from spec.observations import Message
from spec.violations import Expectation

UNSOLICITED = {
    "sms": "D-SEC-2",
    "email": "D-SEC-2",
    "push": "D-SEC-4",
    "tcu": "D-SEC-1",
    "car_event": "IS-USER-2",
}
"""The requirement an unsolicited message to a known address breaks, by channel (rules may
allow more precisely; this is what is left when none did)."""


def address(message: object) -> tuple[str, str]:
    """The (channel, recipient) of an outbound *message*."""
    if isinstance(message, Sms):
        return "sms", message.to
    if isinstance(message, Email):
        return "email", message.to
    if isinstance(message, Push):
        return "push", message.device_id
    if isinstance(message, TcuCommand):
        return "tcu", message.vin
    if isinstance(message, CarEvent):
        return "car_event", message.vin
    return "", ""


def judge_message(judge: Judge, observation: Message) -> None:
    """Judge one message the platform sent: it pays a debt, is allowed, or is unsolicited."""
    model = judge.model
    channel, recipient = address(observation.message)
    for owed in model.owed:
        if owed.channel == channel and owed.recipient == recipient and owed.matches(observation.message):
            model.owed.remove(owed)
            return
    for allowed in model.allowed:
        if (
            allowed.channel == channel
            and allowed.recipient == recipient
            and (allowed.until is None or observation.at <= allowed.until)
            and allowed.matches(observation.message)
        ):
            return
    if recipient in model.addresses:
        judge.violation(
            UNSOLICITED.get(channel, "D-SEC-1"),
            "unsolicited message",
            f"the platform sent {type(observation.message).__name__} to {recipient} without a reason the manuals give",
            observation,
            Expectation("no_message", channel=channel, recipient=recipient),
        )


def settle(judge: Judge, at: datetime) -> None:
    """Everything owed before *at* that has not come is a violation."""
    model = judge.model
    for owed in [owed for owed in model.owed if owed.due < at]:
        model.owed.remove(owed)
        judge.violation(
            owed.requirement,
            owed.rule,
            f"{owed.detail}: nothing came over {owed.channel} to {owed.recipient} by {owed.due.isoformat()}",
            None,
            Expectation("message", channel=owed.channel, recipient=owed.recipient, detail=owed.detail),
        )
