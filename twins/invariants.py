"""Invariants over time: rules that must hold at every virtual instant of every scenario.

The :class:`InvariantMonitor` follows what the twins observe of the platform, as it happens:
every call a twin makes and its answer (through :class:`twins.connection.PlatformConnection`),
every message the platform hands to the switchboard (car events, TCU commands), and every
advance of the platform's test clock. After each exchange it settles what it saw and checks:

- **one bound user**: a car has at most one bound user;
- **binding ends only by a rule**: a binding ends only by unbinding with a code, the previous
  user's Agree, 72 hours of silence after a force-unbinding request, or a dealer's forced
  unbinding;
- **only the user's commands reach the car**: a remote command reaches the TCU only if its
  sender is the car's bound user (iSmart) or synchronised with it (My Renault).

A breach fails the scenario at once with an :class:`InvariantBreach` (a
:class:`core.verdicts.RequirementViolation`) naming the invariant and the virtual instant.
The monitor reads nothing of the platform but its replies and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import cast

import simpy

from contract.messages import (
    AnswerForceUnbind,
    DealerUnbound,
    ForceUnbindAnswered,
    ForceUnbindPending,
    QrScanned,
    RequestForceUnbind,
    SessionOpened,
    Unbound,
    Vehicles,
)
from contract.myrenault import StartSync, SyncStarted, SyncStatus
from contract.outbound import CarEvent, TcuCommand
from core.trace import format_time
from core.verdicts import Inconclusive, RequirementViolation

ONE_BOUND_USER = "one bound user"
BINDING_ENDS_BY_RULE = "binding ends only by a rule"
ONLY_USERS_COMMANDS = "only the user's commands reach the car"

SILENCE_SECONDS = timedelta(hours=72).total_seconds()
"""How long a force-unbinding request must go unanswered before it may complete (IS-FORCE-4)."""
CLOCK_RESOLUTION = 1e-3
"""Seconds of rounding allowed between the world's time and the platform's (microsecond) clock."""
_REVEALS_NO_BINDING = frozenset({"not_bound", "not_authorised"})
_CAR_OPERATIONS = frozenset({"vehicle_status", "list_services", "remote_command", "send_unbind_code"})


@dataclass(frozen=True, slots=True)
class Breach:
    """*invariant* broke at virtual second *at*: *detail* says how."""

    invariant: str
    at: float
    detail: str

    def render(self) -> str:
        return f"invariant {self.invariant!r} broken at {format_time(self.at)}: {self.detail}"


class InvariantBreach(RequirementViolation):
    """The platform broke an invariant over time: a *fail* naming the invariant and the instant.

    The :class:`Breach` is the exception's only argument, so that copies (SimPy re-raises a
    process's exception as a copy) keep it.
    """

    def __init__(self, breach: Breach) -> None:
        super().__init__(breach)

    @property
    def breach(self) -> Breach:
        return cast(Breach, self.args[0])

    def __str__(self) -> str:
        return self.breach.render()


@dataclass(slots=True)
class _ForceRequest:
    """A force-unbinding request as the twins know it: its car, when it was first asked, and
    whether it is still open."""

    vin: str
    asked_at: float
    open: bool = True


@dataclass(slots=True)
class _Exchange:
    """What one call (or clock advance) brought: the messages sent while it ran."""

    messages: list[object] = field(default_factory=list)


class InvariantMonitor:
    """Follows one world's exchanges with the platform and checks the invariants as they happen.

    *brand_of* tells the brand of a car the rig built, by VIN ("" for a car it does not know).
    """

    def __init__(self, env: simpy.Environment, brand_of: Callable[[str], str]) -> None:
        self.env = env
        self.brand_of = brand_of
        self.breaches: list[Breach] = []
        self._accounts: dict[str, str] = {}
        self._bound: dict[str, str] = {}
        self._synchronised: dict[str, set[str]] = {}
        self._syncs: dict[str, tuple[str, str]] = {}
        self._requests: dict[str, _ForceRequest] = {}
        self._senders: dict[str, str] = {}
        self._exchange = _Exchange()

    @property
    def breach(self) -> Breach | None:
        """The first breach, if any."""
        return self.breaches[0] if self.breaches else None

    def outcome(self, error: BaseException | None) -> BaseException | None:
        """What a scenario that ended with *error* (None: passed) ends with once the invariants
        count: a scenario that passed, or was inconclusive, fails on a breach it did not report."""
        if self.breaches and (error is None or isinstance(error, Inconclusive)):
            return InvariantBreach(self.breaches[0])
        return error

    # --- what the monitor hears -------------------------------------------------------------

    def sent(self, message: object) -> None:
        """The platform handed *message* to the switchboard."""
        self._exchange.messages.append(message)

    def exchanged(self, caller: str, operation: str, request: object, outcome: object) -> None:
        """*caller*'s call of *operation* with *request* ended with *outcome* (a reply or a
        refusal); the clock's advance is ``advance_clock``. Settle it and judge."""
        exchange, self._exchange = self._exchange, _Exchange()
        before = len(self.breaches)
        account = self._accounts.get(str(getattr(request, "token", "")), "")
        ended = self._ended_by(request, outcome)
        allowed = ended | self._silent_requests_due()
        for message in exchange.messages:
            if isinstance(message, CarEvent):
                self._car_event(message, allowed)
            elif isinstance(message, TcuCommand):
                self._command(message, account)
        for vin in ended:
            self._bound.pop(vin, None)
        self._learn(account, operation, request, outcome, allowed)
        if len(self.breaches) > before:
            raise InvariantBreach(self.breaches[before])

    # --- the rules ----------------------------------------------------------------------------

    def _ended_by(self, request: object, outcome: object) -> set[str]:
        """The cars whose binding this answer says has ended by a rule; the requests it closes."""
        ended: set[str] = set()
        if isinstance(outcome, Unbound | DealerUnbound):
            ended.add(outcome.vin)
            self._close_requests(outcome.vin)
        elif isinstance(outcome, ForceUnbindAnswered) and isinstance(request, AnswerForceUnbind):
            known = self._requests.get(outcome.request_id)
            if known is not None and known.open:
                known.open = False
                if outcome.outcome == "completed":
                    ended.add(known.vin)
        return ended

    def _silent_requests_due(self) -> set[str]:
        """The cars with a force-unbinding request unanswered for 72 hours: their binding may end."""
        return {known.vin for known in self._requests.values() if known.open and self._silence_over(known)}

    def _silence_over(self, known: _ForceRequest) -> bool:
        return self.env.now - known.asked_at >= SILENCE_SECONDS - CLOCK_RESOLUTION

    def _close_requests(self, vin: str) -> None:
        for known in self._requests.values():
            if known.vin == vin:
                known.open = False

    def _car_event(self, event: CarEvent, allowed: set[str]) -> None:
        if event.kind == "user_bound":
            self._binds(event.vin, event.account_id, "the platform told the car")
        elif event.kind == "user_unbound" and self._bound.get(event.vin) == event.account_id:
            if event.vin not in allowed:
                self._ended_without_rule(event.vin, event.account_id, "the platform told the car it unbound")
            self._bound.pop(event.vin, None)
            self._close_silent_requests(event.vin)

    def _close_silent_requests(self, vin: str) -> None:
        for known in self._requests.values():
            if known.vin == vin and self._silence_over(known):
                known.open = False

    def _binds(self, vin: str, account: str, how: str) -> None:
        holder = self._bound.get(vin)
        if holder is not None and holder != account:
            self._breach(ONE_BOUND_USER, f"{how} that car {vin} is bound to {account} while {holder} is bound to it")
        self._bound[vin] = account

    def _ended_without_rule(self, vin: str, account: str, how: str) -> None:
        self._breach(
            BINDING_ENDS_BY_RULE,
            f"the binding of {account} to car {vin} ended ({how}) without an unbinding code, an Agree, "
            "72 hours of silence or a dealer",
        )

    def _command(self, command: TcuCommand, caller: str) -> None:
        """A command went to the car: sent by whoever got its id first, else by the caller of the
        exchange it went out in (nobody, for the clock)."""
        sender = self._senders.get(command.command_id, caller)
        if sender:
            self._senders[command.command_id] = sender
            if not self._may_command(sender, command.vin):
                user = "synchronised with" if self.brand_of(command.vin) == "myrenault" else "the bound user of"
                self._breach(
                    ONLY_USERS_COMMANDS,
                    f"command {command.command} from {sender} went to car {command.vin}; {sender} is not {user} it",
                )
        else:
            self._breach(ONLY_USERS_COMMANDS, f"command {command.command} went to car {command.vin}, sent by nobody")

    def _may_command(self, account: str, vin: str) -> bool:
        if self.brand_of(vin) == "myrenault":
            return account in self._synchronised.get(vin, set())
        return self._bound.get(vin) == account

    def _learn(self, account: str, operation: str, request: object, outcome: object, allowed: set[str]) -> None:
        """What the answer tells of sessions, bindings, synchronisations and requests."""
        if isinstance(outcome, SessionOpened):
            self._accounts[outcome.token] = outcome.account_id
        elif isinstance(outcome, QrScanned) and outcome.stage == "bound" and account:
            self._binds(outcome.vin, account, "the app was told")
        elif isinstance(outcome, Vehicles) and account:
            self._listed(account, outcome, allowed)
        elif isinstance(outcome, ForceUnbindPending) and isinstance(request, RequestForceUnbind):
            self._requests.setdefault(outcome.request_id, _ForceRequest(request.vin, self.env.now))
        elif isinstance(outcome, SyncStarted) and isinstance(request, StartSync):
            self._syncs[outcome.sync_id] = (account, request.vin)
        elif isinstance(outcome, SyncStatus) and outcome.state == "linked" and outcome.sync_id in self._syncs:
            owner, vin = self._syncs[outcome.sync_id]
            self._synchronised.setdefault(vin, set()).add(owner)
        code = getattr(outcome, "code", "")
        vin = str(getattr(request, "vin", ""))
        reveals = code in _REVEALS_NO_BINDING and operation in _CAR_OPERATIONS and self.brand_of(vin) != "myrenault"
        if reveals and account and self._bound.get(vin) == account:
            self._noticed_end(vin, account, allowed, f"{operation} was refused with {code}")

    def _listed(self, account: str, vehicles: Vehicles, allowed: set[str]) -> None:
        listed = {summary.vin: summary.role for summary in vehicles.vehicles}
        for vin, role in listed.items():
            if role == "bound":
                self._binds(vin, account, "the app was shown")
            elif role == "synchronised":
                self._synchronised.setdefault(vin, set()).add(account)
        for vin, holder in list(self._bound.items()):
            if holder == account and listed.get(vin) != "bound":
                self._noticed_end(vin, account, allowed, "the app no longer lists it as bound")

    def _noticed_end(self, vin: str, account: str, allowed: set[str], how: str) -> None:
        """A binding the monitor knew is found ended, with no message that said so."""
        if vin not in allowed:
            self._ended_without_rule(vin, account, how)
        self._bound.pop(vin, None)
        self._close_silent_requests(vin)

    def _breach(self, invariant: str, detail: str) -> None:
        self.breaches.append(Breach(invariant, self.env.now, detail))
