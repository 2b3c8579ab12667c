"""Messages: each the platform sends must be owed or allowed; each it owes must come in time.

A rule that makes a message due registers an :class:`spec.model.Owed` (the platform *must* send
it by a deadline) or an :class:`spec.model.Allowed` (it *may*). A message to a known address
(a person's number, mailbox or device, a car) that nothing owes or allows is a violation; so is
an owed message whose deadline passes.

A part of the model may judge some messages itself (the remote commands judge every message to a
car's TCU and its SIM): a part with a ``message(judge, observation) -> bool`` method is asked
first, and a message it takes is judged no further. A part with an ``unsolicited(message) ->
str | None`` method may name the requirement an unsolicited message breaks more precisely than
:data:`UNSOLICITED` does.

Debts are settled in two steps, because the messages the platform sends while its clock moves
are observed just after the time passing that moved it: at a :class:`spec.TimePassed` the debts
whose deadline has passed become *overdue*; a message sent by the deadline and observed right
after still pays an overdue debt; at the next call or time passing (or when the violations are
read) what is still overdue is a violation.
"""

from __future__ import annotations

from datetime import datetime

from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand
from spec.judge import Judge
from spec.model import Owed
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


def pay(judge: Judge, observation: Message, debts: list[Owed]) -> bool:
    """Pay the first debt of *debts* that *observation* matches; say whether one was paid."""
    channel, recipient = address(observation.message)
    for owed in debts:
        if owed.paid_by(channel, recipient, observation.message):
            debts.remove(owed)
            if observation.at > owed.due:
                late(judge, owed, observation)
            if owed.paid is not None:
                owed.paid(observation.message)
            return True
    return False


def late(judge: Judge, owed: Owed, observation: Message | None) -> None:
    came = "nothing came" if observation is None else f"it came only at {observation.at.isoformat()}"
    judge.violation(
        owed.requirement,
        owed.rule,
        f"{owed.detail}: {came} over {owed.channel} to {owed.recipient}, due by {owed.due.isoformat()}",
        observation,
        Expectation("message", channel=owed.channel, recipient=owed.recipient, detail=owed.detail),
    )


def judge_message(judge: Judge, observation: Message) -> None:
    """Judge one message the platform sent: it pays a debt, is allowed, or is unsolicited."""
    model = judge.model
    for part in list(model.parts.values()):
        take = getattr(part, "message", None)
        if take is not None and take(judge, observation):
            return
    if pay(judge, observation, model.owed) or pay(judge, observation, model.overdue):
        return
    channel, recipient = address(observation.message)
    for allowed in model.allowed:
        if (
            allowed.channel == channel
            and allowed.recipient == recipient
            and (allowed.until is None or observation.at <= allowed.until)
            and allowed.matches(observation.message)
        ):
            if allowed.once:
                model.allowed.remove(allowed)
            return
    if recipient in model.addresses:
        requirement = UNSOLICITED.get(channel, "D-SEC-1")
        for part in model.parts.values():
            name = getattr(part, "unsolicited", None)
            precise = name(observation.message) if name is not None else None
            if precise:
                requirement = precise
                break
        judge.violation(
            requirement,
            "unsolicited message",
            f"the platform sent {type(observation.message).__name__} to {recipient} without a reason the manuals give",
            observation,
            Expectation("no_message", channel=channel, recipient=recipient),
        )


def settle(judge: Judge, at: datetime) -> None:
    """What was overdue is now a violation; what is owed before *at* becomes overdue."""
    flush(judge)
    model = judge.model
    for owed in [owed for owed in model.owed if owed.due < at]:
        model.owed.remove(owed)
        model.overdue.append(owed)


def flush(judge: Judge) -> None:
    """Every overdue debt no message paid is a violation."""
    model = judge.model
    while model.overdue:
        late(judge, model.overdue.pop(0), None)
