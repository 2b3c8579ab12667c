"""Remote commands and the TCU: delivery, SMS wake-up, outcomes and time-outs.

D-SEC-1 (bound user only), D-REL-1 (wake-up, bounded wait), D-REL-2 (a retry counts once).
"""

from __future__ import annotations

from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    Ack,
    CommandAccepted,
    CommandName,
    CommandQuery,
    CommandStatus,
    RemoteCommand,
    TcuOnline,
    TcuReport,
)
from contract.outbound import Sms, TcuCommand
from contract.services import COMMAND_SERVICES as SERVICES_BY_BRAND
from reference.records import FINAL_COMMAND_STATES, Account, Car, Command
from reference.vehicles import VehiclesMixin

COMMAND_SERVICES: dict[str, str] = SERVICES_BY_BRAND["ismart"]
"""The service each command needs on an MG iSmart car (the contract's table)."""
WAKE_UP_TEXT = "WAKEUP"


class CommandsMixin(VehiclesMixin):
    """Commands from the bound user's app to the car's TCU, and the TCU's reports."""

    def remote_command(self, request: RemoteCommand) -> CommandAccepted:
        """Send *request.command* to the car; the same *request_id* again sends nothing new."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_command(account, car)
        earlier = self._earlier_reply(account, request.request_id)
        if earlier is not None:
            return earlier
        service = COMMAND_SERVICES.get(request.command)
        if service is None:
            raise PlatformError(ErrorCode.UNKNOWN_COMMAND, f"no command {request.command!r}")
        if service not in self._services_of(car):
            raise PlatformError(ErrorCode.SERVICE_NOT_AVAILABLE, f"{car.record.model} has no {service}")
        return self._issue(account, car, request.command, request.request_id)

    def command_status(self, request: CommandQuery) -> CommandStatus:
        """Where a command stands, for the account that sent it."""
        account = self._account_of(request.token)
        command = self._commands.get(request.command_id)
        if command is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"no command {request.command_id!r}")
        if command.account_id != account.account_id:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, "this command was sent by someone else")
        return CommandStatus(command.command_id, command.command, command.state)

    def tcu_online(self, request: TcuOnline) -> Ack:
        """The TCU woke up or regained coverage: deliver what waits for it, oldest first; a
        command whose sender may no longer command the car ends ``cancelled`` (D-SEC-1)."""
        car = self._car(request.vin)
        waiting, car.queue = car.queue, []
        for command_id in waiting:
            command = self._commands[command_id]
            if command.state != "pending":
                continue
            if not self._sender_may_still_command(command, car):
                command.state = "cancelled"
            elif not self._deliver(command):
                car.queue.append(command_id)
        return Ack()

    def tcu_report(self, request: TcuReport) -> Ack:
        """Store the car's state; the car's outcome of the command counts if the car has not
        reported one before (see :meth:`_takes_outcome`)."""
        car = self._car(request.vin)
        command = self._commands.get(request.command_id)
        if command is None or command.vin != car.record.vin:
            raise PlatformError(ErrorCode.UNKNOWN_COMMAND, f"no command {request.command_id!r} for this car")
        self._record_state(car, request.state)
        if self._takes_outcome(command):
            command.state = request.outcome
        return Ack()

    # --- the rules, one place each ----------------------------------------------------------

    def _require_may_command(self, account: Account, car: Car) -> None:
        """Only the bound user sends an iSmart car commands, whoever knows its VIN (D-SEC-1)."""
        self._require_bound(account, car, ErrorCode.NOT_AUTHORISED)

    def _sender_may_still_command(self, command: Command, car: Car) -> bool:
        """Whether the sender of a waiting *command* may still use *car* now that it can be
        delivered: a user unbound (or no longer synchronised) since is not, nor a user who has
        bound the car again since: the command belonged to the binding that ended (D-SEC-1)."""
        try:
            self._require_may_use(self._accounts[command.account_id], car)
        except PlatformError:
            return False
        return self._same_binding(command, car)

    def _takes_outcome(self, command: Command) -> bool:
        """Whether the car's report of *command*'s outcome decides its state: while it is under
        way, and also after the time-out ended it ``car_unreachable``: the car did act, and the
        command's final state follows what the car did, however late its report comes (D-REL-1:
        ``car_unreachable`` is the clear status of a car that has not answered, not a verdict on
        one that has). Only the first report counts (D-REL-2); ``cancelled`` stays (the car
        never had the command)."""
        return command.state not in FINAL_COMMAND_STATES or command.state == "car_unreachable"

    def _same_binding(self, command: Command, car: Car) -> bool:
        """Whether *command* was sent in the car's current binding ("" for My Renault cars)."""
        return command.binding == car.binding

    def _earlier_reply(self, account: Account, request_id: str) -> CommandAccepted | None:
        """What *account*'s earlier request *request_id* got, if it made one (D-REL-2)."""
        earlier = self._command_keys.get((account.account_id, request_id))
        return None if earlier is None else self._commands[earlier].reply

    def _issue(
        self, account: Account, car: Car, name: CommandName, request_id: str = "", at: datetime | None = None
    ) -> CommandAccepted:
        """Send command *name* (programmed for *at*, if given) to *car*: at once if its TCU is
        online, else after an SMS wake-up; it ends ``car_unreachable`` after the time-out.

        An immediate command is remembered by its *request_id*, so that the same request again
        gets the same reply (D-REL-2); a programmed one (with *at*) has no request id.
        """
        command = Command(
            self._new_id("cmd"), account.account_id, car.record.vin, name, request_id, at=at, binding=car.binding
        )
        self._commands[command.command_id] = command
        if at is None:
            self._command_keys[(account.account_id, request_id)] = command.command_id
        if not self._deliver(command):
            car.queue.append(command.command_id)
            self._wake_up(car)
        self._clock.after(self.policy.command_timeout, lambda: self._on_command_deadline(command))
        command.reply = CommandAccepted(command.command_id, command.state)
        return command.reply

    def _deliver(self, command: Command) -> bool:
        """Hand *command* to the carrier; True (and ``delivered``) if the TCU took it."""
        message = TcuCommand(command.vin, command.command_id, command.command, self.now, command.at)
        delivery = self._out.tcu(message)
        if delivery.accepted:
            command.state = "delivered"
        return delivery.accepted

    def _wake_up(self, car: Car) -> None:
        """Wake a sleeping TCU with an SMS to its SIM (D-REL-1)."""
        self._out.sms(Sms(car.record.tcu_msisdn, WAKE_UP_TEXT, self.now))

    def _on_command_deadline(self, command: Command) -> None:
        """A command without an outcome after the time-out ends as ``car_unreachable`` (D-REL-1);
        a report from the car that comes later still decides it (:meth:`_takes_outcome`)."""
        if command.state not in FINAL_COMMAND_STATES:
            command.state = "car_unreachable"
            car = self._cars[command.vin]
            if command.command_id in car.queue:
                car.queue.remove(command.command_id)
        if self.policy.command_retention is not None:
            self._clock.after(self.policy.command_retention, lambda: self._forget(command))

    def _forget(self, command: Command) -> None:
        """Forget *command*, ended and kept its retention: its status, and its request id's reply."""
        self._commands.pop(command.command_id, None)
        key = (command.account_id, command.request_id)
        if self._command_keys.get(key) == command.command_id:
            del self._command_keys[key]
