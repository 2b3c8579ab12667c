"""What both brands share of a remote command's life, and of the car's own reports.

Shared helpers (the brands' rules call them; signatures are stable):

- ``commands_of(model) -> Commands``: this part of the model (``model.parts["commands"]``).
- ``register_right(brand, may_command)``: *may_command(model, vin, account_id) -> bool* says
  whether an account may command a car of *brand* now (iSmart: its bound user; My Renault: a
  synchronised account). A command reaching the car for an account without the right is a
  D-SEC-1 violation.
- ``judge_remote_command(judge, exchange, refusals, *, requirement, rule, may_refuse=()) ->
  Command | None``: judges a ``remote_command`` whose refusals the brand's rule worked out, and
  follows the accepted command: a retry with the same request id is the same command (D-REL-2),
  a command not delivered at once is owed a wake-up SMS to the car's SIM (D-REL-1).
- ``judge_command_status(judge, exchange, refusals=(), *, rule)``: judges a ``command_status``:
  only the sender may ask (D-SEC-1), and the state must be what the car reported, ``cancelled``
  for a command whose sender lost the right first, and ``car_unreachable`` (not before
  ``bounds.unreachable_after[0]``, certainly by ``[1]``) for a car that never answered (D-REL-1).
- ``lost_right(model, vin, account_id)``: the account lost the right to command car *vin*
  (unbound, unsynchronised): its commands not yet delivered end ``cancelled``.
- ``reported_state(model, vin) -> VehicleState | None``: what the car's TCU last reported (the
  factory's state until it reports).
- ``judge_status_content(judge, exchange, requirement, rule)``: a ``vehicle_status`` reply must
  show what the TCU last reported.
- ``set_term(model, vin, service, expires_at)`` and ``term_expired(model, vin, service) -> bool``:
  the contracts of a car (the factory's terms, then renewals); a function whose contract has
  expired stops (MR-SVC-1 and the like).
- ``SERVICE_OF``: the declared service each command needs (None: no single service says).

The car side (``tcu_online``, ``tcu_report``, ``tcu_state``) is judged here for every brand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from contract.messages import (
    CommandAccepted,
    CommandQuery,
    CommandStatus,
    RemoteCommand,
    TcuOnline,
    TcuReport,
    TcuState,
    VehicleState,
    VehicleStatus,
)
from contract.outbound import Sms, TcuCommand
from spec.judge import Judge, Refuse, judges
from spec.messages import late
from spec.model import Model, Owed
from spec.observations import Exchange, Message
from spec.violations import Expectation

SERVICE_OF: dict[str, str | None] = {
    "climate_on": "climate",
    "climate_off": "climate",
    "lock": "digital_key",
    "unlock": "digital_key",
    "find_my_car": "find_my_car",
    "horn_and_lights": None,
    "schedule_charging": None,
    "schedule_climate": None,
}
"""The declared service a command needs, where the manuals' lists name one (IS-SVC-1)."""

ENDED = ("done", "failed", "car_unreachable", "cancelled")

MayCommand = Callable[[Model, str, str], bool]
RIGHTS: dict[str, MayCommand] = {}
"""Who may command a car, by the car's brand (see :func:`register_right`)."""


def register_right(brand: str, may_command: MayCommand) -> None:
    """Say who may command the cars of *brand*: *may_command(model, vin, account_id)*."""
    RIGHTS[brand] = may_command


def may_command(model: Model, vin: str, account_id: str) -> bool:
    """Whether *account_id* may command car *vin* now (by the car's brand's rule)."""
    right = RIGHTS.get(model.brand_of_car(vin))
    return right is not None and right(model, vin, account_id)


@dataclass(slots=True)
class Command:
    """A remote command the platform accepted: its *command_id*, the car, the sender, the
    *request_id* it was asked with, and what became of it."""

    command_id: str
    vin: str
    account_id: str
    request_id: str
    command: str
    accepted_at: datetime
    delivered: bool = False
    """The car's TCU has it (the reply or a status said so, or it went out while the car was online)."""
    sent: int = 0
    outcome: str = ""
    """"" while under way; then one of :data:`ENDED`."""
    announced: bool = False
    """The platform answered that it delivered the command: the command it sends next is delivered."""
    right_lost: bool = False
    """Its sender lost the right to command the car before the car had it: it must end cancelled."""


@dataclass(slots=True)
class Commands:
    """The commands part of the model: every accepted command, the cars' reported states, the
    cars' contract terms, and the SIM numbers the platform may wake."""

    commands: dict[str, Command] = field(default_factory=dict)
    requests: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """The command id of each (account, vin, request id)."""
    states: dict[str, VehicleState] = field(default_factory=dict)
    terms: dict[tuple[str, str], datetime] = field(default_factory=dict)
    online: dict[str, Exchange] = field(default_factory=dict)
    """The latest exchange each car's TCU made: while it is the exchange being judged, the car is online."""
    model: Model | None = None

    def is_online(self, vin: str) -> bool:
        """Whether car *vin*'s TCU is talking to the platform in the exchange being judged."""
        assert self.model is not None
        made = self.online.get(vin)
        return made is not None and made is self.model.cause

    def summary(self) -> tuple[object, ...]:
        under_way = sum(1 for command in self.commands.values() if not command.outcome)
        ended = tuple(sorted({command.outcome for command in self.commands.values() if command.outcome}))
        return ("commands", min(under_way, 2), ended)

    def sims(self) -> dict[str, set[str]]:
        """The cars of each TCU SIM number."""
        assert self.model is not None
        cars: dict[str, set[str]] = {}
        for vin, record in self.model.cars.items():
            cars.setdefault(record.tcu_msisdn, set()).add(vin)
        return cars

    def message(self, judge: Judge, observation: Message) -> bool:
        """Judge a TCU command or an SMS to a car's SIM; other messages are not this part's."""
        message = observation.message
        if isinstance(message, TcuCommand):
            tcu_command(judge, observation, message)
            return True
        if isinstance(message, Sms) and message.to in self.sims():
            wake_up(judge, observation, message, self.sims()[message.to])
            return True
        return False


def about_command(command_id: str) -> Callable[[object], bool]:
    """Whether a message is about command *command_id*."""
    return lambda message: getattr(message, "command_id", "") == command_id


def commands_of(model: Model) -> Commands:
    """The commands part of *model* (made on first use)."""
    part = model.parts.get("commands")
    if not isinstance(part, Commands):
        part = Commands(model=model)
        model.parts["commands"] = part
    return part


def reported_state(model: Model, vin: str) -> VehicleState | None:
    """What car *vin*'s TCU last reported; the factory's state until it reports."""
    state = commands_of(model).states.get(vin)
    if state is not None:
        return state
    record = model.cars.get(vin)
    return record.state if record is not None else None


def set_term(model: Model, vin: str, service: str, expires_at: datetime) -> None:
    """The contract for *service* of car *vin* now ends at *expires_at* (a renewal)."""
    commands_of(model).terms[vin, service] = expires_at


def term_of(model: Model, vin: str, service: str) -> datetime | None:
    """When the contract for *service* of car *vin* ends (None: the car has no such contract)."""
    renewed = commands_of(model).terms.get((vin, service))
    if renewed is not None:
        return renewed
    record = model.cars.get(vin)
    if record is None:
        return None
    ends = [term.expires_at for term in record.contracts if term.service == service]
    return max(ends) if ends else None


def term_expired(model: Model, vin: str, service: str) -> bool:
    """Whether car *vin* had a contract for *service* and it has ended by now."""
    ends = term_of(model, vin, service)
    return ends is not None and model.now >= ends


def lost_right(model: Model, vin: str, account_id: str) -> None:
    """*account_id* may no longer command car *vin*: its commands the car does not have yet
    must end cancelled, and must never reach the car (D-SEC-1)."""
    for command in commands_of(model).commands.values():
        if command.vin == vin and command.account_id == account_id and not command.delivered and not command.outcome:
            command.right_lost = True


def judge_remote_command(
    judge: Judge,
    exchange: Exchange,
    refusals: Sequence[Refuse],
    *,
    requirement: str,
    rule: str,
    may_refuse: Collection[str] = (),
) -> Command | None:
    """Judge a remote command the brand's rule found *refusals* for; follow the accepted one.

    A retry (the same account, car and request id) must answer the same command and have no
    second effect (D-REL-2). A new command answered ``pending`` is not with the car yet: the
    platform owes a wake-up SMS to the car's SIM (D-REL-1).
    """
    request = exchange.request
    if not isinstance(request, RemoteCommand):
        return None
    if not judge.answer(exchange, refusals, requirement=requirement, rule=rule, may_refuse=may_refuse):
        return None
    if refusals:
        return None  # accepted against the rules: judged already, and followed no further
    reply = exchange.reply
    if not isinstance(reply, CommandAccepted):
        return None
    model = judge.model
    part = commands_of(model)
    session = model.session(request.token)
    account_id = session.account_id if session is not None else ""
    key = (account_id, request.vin, request.request_id)
    earlier = part.requests.get(key)
    if earlier is not None:
        if reply.command_id != earlier:
            judge.content(
                "D-REL-2",
                rule,
                exchange,
                f"a retry of request {request.request_id!r} answered command {reply.command_id!r}, "
                f"not the command {earlier!r} the first request made",
            )
            first = part.commands[earlier]
            part.commands.setdefault(
                reply.command_id,
                Command(reply.command_id, first.vin, first.account_id, "", first.command, exchange.at, delivered=True),
            )
        return part.commands.get(earlier)
    if reply.command_id in part.commands:
        judge.content(
            "D-REL-2", rule, exchange, f"a new request answered the command id {reply.command_id!r} of another request"
        )
        return part.commands[reply.command_id]
    command = Command(reply.command_id, request.vin, account_id, request.request_id, request.command, exchange.at)
    part.commands[command.command_id] = command
    part.requests[key] = command.command_id
    if reply.state in ENDED:
        judge.content("D-REL-1", rule, exchange, f"a new command cannot have ended already ({reply.state!r})")
    elif reply.state == "delivered":
        command.announced = True
        model.owe(
            Owed(
                "tcu",
                request.vin,
                exchange.at + model.bounds.message_within,
                "D-REL-1",
                rule,
                f"command {command.command_id} was answered delivered: it goes to car {request.vin}",
                matches=about_command(command.command_id),
            )
        )
    elif reply.state == "pending" and not part.is_online(request.vin):
        record = model.cars.get(request.vin)
        if record is not None and not any(
            owed.channel == "sms" and owed.recipient == record.tcu_msisdn for owed in model.owed
        ):
            model.owe(
                Owed(
                    "sms",
                    record.tcu_msisdn,
                    exchange.at + model.bounds.message_within,
                    "D-REL-1",
                    rule,
                    f"command {command.command_id} waits for car {request.vin}: a wake-up SMS to its SIM",
                )
            )
    return command


def wake_up(judge: Judge, observation: Message, message: Sms, vins: set[str]) -> None:
    """An SMS to a car's SIM wakes its TCU: owed or allowed while a command waits (D-REL-1)."""
    model = judge.model
    for owed in list(model.owed) + list(model.overdue):
        if owed.channel == "sms" and owed.recipient == message.to:
            (model.owed if owed in model.owed else model.overdue).remove(owed)
            if observation.at > owed.due:
                late(judge, owed, observation)
    waiting = [
        command for command in commands_of(model).commands.values() if command.vin in vins and not command.outcome
    ]
    if not waiting:
        judge.violation(
            "D-REL-1",
            "wake-up SMS",
            f"the platform woke car {', '.join(sorted(vins))} with no command waiting for it",
            observation,
            Expectation("no_message", channel="sms", recipient=message.to),
        )


def tcu_command(judge: Judge, observation: Message, message: TcuCommand) -> None:
    """A command reaching a car: it must be an accepted command of a user who may still command
    the car (D-SEC-1), not one that already reached it (D-REL-2) or ended (D-REL-1)."""
    model = judge.model
    part = commands_of(model)
    command = part.commands.get(message.command_id)

    def wrong(requirement: str, detail: str) -> None:
        judge.violation(
            requirement,
            "command to a car",
            detail,
            observation,
            Expectation("no_message", channel="tcu", recipient=message.vin),
        )

    if command is None or command.vin != message.vin:
        wrong("D-SEC-1", f"the platform sent {message.command} to car {message.vin}, which no user of it asked for")
        return
    for owed in list(model.owed) + list(model.overdue):
        if owed.channel == "tcu" and owed.recipient == message.vin and owed.matches(message):
            (model.owed if owed in model.owed else model.overdue).remove(owed)
            if observation.at > owed.due:
                late(judge, owed, observation)
    if command.right_lost or (not command.delivered and not may_command(model, command.vin, command.account_id)):
        wrong(
            "D-SEC-1",
            f"command {command.command_id} reached car {command.vin} after its sender lost the right to command it",
        )
        command.right_lost = True
        return
    if command.outcome == "car_unreachable" or (
        not command.outcome
        and not command.delivered
        and observation.at - command.accepted_at > model.bounds.unreachable_after[1]
    ):
        wrong("D-REL-1", f"command {command.command_id} reached the car after it had ended as car_unreachable")
        return
    if command.delivered or command.outcome:
        wrong("D-REL-2", f"command {command.command_id} reached car {command.vin} a second time")
        return
    command.sent += 1
    if observation.delivered is True or (
        observation.delivered is None and (command.announced or part.is_online(command.vin))
    ):
        command.delivered = True


def judge_command_status(
    judge: Judge, exchange: Exchange, refusals: Sequence[Refuse] = (), *, rule: str = "command status"
) -> None:
    """Judge a question about a command: only its sender may ask (D-SEC-1); the answer must be
    what became of it."""
    request = exchange.request
    if not isinstance(request, CommandQuery):
        return
    model = judge.model
    command = commands_of(model).commands.get(request.command_id)
    session = model.session(request.token)
    found = list(refusals)
    if session is None:
        found.append(Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",)))
    elif command is None:
        found.append(Refuse("D-SEC-1", "no such command was accepted", ("unknown_command",)))
    elif command.account_id != session.account_id:
        found.append(Refuse("D-SEC-1", "only the command's sender may ask", ("not_authorised", "unknown_command")))
    if not judge.answer(exchange, found, requirement="D-REL-1", rule=rule):
        return
    reply = exchange.reply
    if command is None or not isinstance(reply, CommandStatus):
        return
    judge_state(judge, exchange, command, reply.state, rule)


def judge_state(judge: Judge, exchange: Exchange, command: Command, state: str, rule: str) -> None:
    """The platform says *command* is in *state*: judge it, and learn from it."""
    model = judge.model
    age = exchange.at - command.accepted_at
    low, high = model.bounds.unreachable_after

    def wrong(requirement: str, detail: str) -> None:
        judge.content(requirement, rule, exchange, f"command {command.command_id} is {state!r}: {detail}")

    if command.outcome in ("done", "failed"):
        if state != command.outcome:
            wrong("D-REL-1", f"its car reported {command.outcome!r}")
        return
    if command.outcome:
        if state != command.outcome:
            wrong("D-REL-1", f"it had ended {command.outcome!r}")
        return
    if command.right_lost:
        if state not in ("cancelled", "car_unreachable"):
            wrong("D-SEC-1", "its sender lost the right to command the car before the car had it: it ends cancelled")
            return
        command.outcome = state
        return
    if state in ("done", "failed"):
        wrong("D-REL-1", "its car reported no outcome")
        return
    if state == "cancelled":
        wrong("D-SEC-1", "its sender still may command the car")
        return
    if state == "car_unreachable":
        if command.delivered:
            return
        if age < low:
            wrong("D-REL-1", f"a car may not be given up after only {age}")
            return
        command.outcome = state
        return
    if not command.delivered and age > high:
        wrong("D-REL-1", f"a car that has not answered for {age} must end with a clear status (car_unreachable)")
        return
    if state == "delivered":
        command.delivered = True


@judges("tcu_online")
def tcu_online(judge: Judge, exchange: Exchange) -> None:
    """D-REL-1: a car's TCU is online (woken by the SMS, or back in coverage): every command
    still waiting for it is owed to it now; nothing else (D-REL-2: no command twice)."""
    request = exchange.request
    if not isinstance(request, TcuOnline):
        return
    model = judge.model
    if request.vin not in model.cars:
        judge.answer(
            exchange, [Refuse("D-REL-1", "no such car", ("unknown_vehicle",))], requirement="D-REL-1", rule="TCU online"
        )
        return
    if not judge.answer(exchange, [], requirement="D-REL-1", rule="TCU online"):
        return
    part = commands_of(model)
    part.online[request.vin] = exchange
    low = model.bounds.unreachable_after[0]
    for command in part.commands.values():
        if command.vin != request.vin or command.delivered or command.outcome or command.right_lost:
            continue
        if exchange.at - command.accepted_at < low:
            model.owe(
                Owed(
                    "tcu",
                    request.vin,
                    exchange.at + model.bounds.message_within,
                    "D-REL-1",
                    "TCU online",
                    f"command {command.command_id} waited for car {request.vin}, which is online now",
                    matches=about_command(command.command_id),
                )
            )


@judges("tcu_report")
def tcu_report(judge: Judge, exchange: Exchange) -> None:
    """D-REL-1: the car reports a command's outcome and its state; the platform takes both."""
    request = exchange.request
    if not isinstance(request, TcuReport):
        return
    model = judge.model
    if request.vin not in model.cars:
        return
    if not judge.answer(exchange, [], requirement="D-REL-1", rule="TCU report", may_refuse=("unknown_command",)):
        return
    part = commands_of(model)
    part.online[request.vin] = exchange
    part.states[request.vin] = request.state
    command = part.commands.get(request.command_id)
    if command is not None and command.vin == request.vin and command.outcome in ("", "car_unreachable"):
        command.delivered = True
        command.outcome = request.outcome


@judges("tcu_state")
def tcu_state(judge: Judge, exchange: Exchange) -> None:
    """MR-EV-1, IS-SVC-1: the car reports its state unasked; what it shows from now on is this."""
    request = exchange.request
    if not isinstance(request, TcuState):
        return
    model = judge.model
    if request.vin not in model.cars:
        return
    if judge.answer(exchange, [], requirement="MR-EV-1", rule="TCU state"):
        part = commands_of(model)
        part.online[request.vin] = exchange
        part.states[request.vin] = request.state


def judge_status_content(judge: Judge, exchange: Exchange, requirement: str, rule: str) -> None:
    """A status reply shows what the car's TCU last reported (lock, climate, location)."""
    reply = exchange.reply
    request = exchange.request
    if not isinstance(reply, VehicleStatus):
        return
    vin = getattr(request, "vin", "")
    state = reported_state(judge.model, vin)
    if state is None:
        return
    if reply.vin != vin:
        judge.content(requirement, rule, exchange, f"the status of car {vin} names car {reply.vin}")
        return
    shown = (reply.locked, reply.climate_on, reply.location)
    reported = (state.locked, state.climate_on, state.location)
    if shown != reported:
        judge.content(requirement, rule, exchange, f"the status shows {shown}, but the car last reported {reported}")
