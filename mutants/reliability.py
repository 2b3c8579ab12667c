"""The reliability mutants: the reference platform with one D-REL rule broken.

D-REL-1 (a sleeping TCU is woken by SMS; a car out of reach ends with a clear status in bounded
time), D-REL-2 (a repeated or retried request has the effect of one) and D-REL-3 (lost or late
messages leave the platform consistent: the user can ask again). The fault scenarios of
``features/*/faults.feature`` kill them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    Ack,
    Channel,
    CodeSent,
    CommandAccepted,
    SendRegistrationCode,
    SendUnbindCode,
    TcuOnline,
)
from contract.myrenault import AccountConfirmed, ConfirmAccount
from contract.platform import Setup
from mutants.base import Mutant, policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, PlatformPolicy, ReferencePlatform
from reference.records import FINAL_COMMAND_STATES, Account, Car, Command, ForceRequest

CONFIRMATION_LINK_LIFETIME = timedelta(hours=1)


class NoWakeUpSms(ReferencePlatform):
    """A command for a sleeping TCU waits for it without sending the SMS that wakes it."""

    def _wake_up(self, car: Car) -> None:
        pass


class ExpiredCommandsStayQueued(ReferencePlatform):
    """A command that timed out as ``car_unreachable`` stays queued, and the car carries it out
    whenever its TCU comes back."""

    def _on_command_deadline(self, command: Command) -> None:
        if command.state not in FINAL_COMMAND_STATES:
            command.state = "car_unreachable"

    def tcu_online(self, request: TcuOnline) -> Ack:
        car = self._car(request.vin)
        waiting, car.queue = car.queue, []
        for command_id in waiting:
            self._deliver(self._commands[command_id])
        return Ack()


class RetrySendsAgain(ReferencePlatform):
    """A retried remote command (the same request id) is sent to the car again."""

    def _earlier_reply(self, account: Account, request_id: str) -> CommandAccepted | None:
        return None


class WakeUpRedelivers(ReferencePlatform):
    """Every time the TCU reports online, every command ever queued for it is sent again."""

    def tcu_online(self, request: TcuOnline) -> Ack:
        car = self._car(request.vin)
        for command_id in car.queue:
            self._deliver(self._commands[command_id])
        return Ack()


class AskingAgainSendsNothing(ReferencePlatform):
    """Asking again for a verification code makes a new code but sends nothing: the platform
    takes it that the first message arrived."""

    def __init__(self, setup: Setup, policy: PlatformPolicy) -> None:
        super().__init__(setup, policy)
        self._asked: set[tuple[str, ...]] = set()
        self._asking_again = False

    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent:
        self._note(("register", request.identifier))
        return super().send_registration_code(request)

    def send_unbind_code(self, request: SendUnbindCode) -> CodeSent:
        self._note(("unbind", request.token, request.vin))
        return super().send_unbind_code(request)

    def _note(self, purpose: tuple[str, ...]) -> None:
        self._asking_again = purpose in self._asked
        self._asked.add(purpose)

    def _send_code(self, to: str, channel: Channel, code: str) -> CodeSent:
        if self._asking_again:
            return CodeSent(channel)
        return super()._send_code(to, channel, code)


class LostPushNotResent(ReferencePlatform):
    """Asking again for a force unbinding returns the open request but pushes nothing: a lost
    push to the previous user stays lost."""

    def _remind_previous_user(self, pending: ForceRequest) -> None:
        pass


class ConfirmationLinkShortLived(ReferencePlatform):
    """The My Renault confirmation link works for an hour only: a late e-mail leaves an account
    that can never be confirmed (and its address taken)."""

    def __init__(self, setup: Setup, policy: PlatformPolicy) -> None:
        super().__init__(setup, policy)
        self._links_sent: dict[str, datetime] = {}

    def _send_confirmation(self, account: Account, token: str) -> None:
        self._links_sent[token] = self.now
        super()._send_confirmation(account, token)

    def confirm_account(self, request: ConfirmAccount) -> AccountConfirmed:
        sent = self._links_sent.get(request.token)
        if sent is not None and self.now >= sent + CONFIRMATION_LINK_LIFETIME:
            raise PlatformError(ErrorCode.CODE_EXPIRED, "this confirmation link has expired")
        return super().confirm_account(request)


class ConfirmationNotResent(ReferencePlatform):
    """Asking for the My Renault confirmation e-mail again answers that it was sent, and makes a
    new link (so the first one stops working), but e-mails nothing: the platform takes it that
    the first e-mail arrived, and a lost one leaves the account stuck unconfirmed."""

    def __init__(self, setup: Setup, policy: PlatformPolicy) -> None:
        super().__init__(setup, policy)
        self._mailed: set[str] = set()

    def _send_confirmation(self, account: Account, token: str) -> None:
        if account.account_id not in self._mailed:
            self._mailed.add(account.account_id)
            super()._send_confirmation(account, token)


class FirstLinkStillConfirms(ReferencePlatform):
    """Asking for the confirmation e-mail again leaves the link sent before it working: a lost
    e-mail that turns up later, in whoever's hands, still completes the account."""

    def _new_confirmation_link(self, account: Account) -> str:
        token = self._random_hex(16)
        self._confirmations[token] = account.account_id
        return token


RELIABILITY_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("no_wake_up_sms", "D-REL-1", NoWakeUpSms),
    policy_mutant(
        "commands_never_time_out",
        "D-REL-1",
        "A command the car never answers stays pending for a year, not five minutes.",
        replace(DEFAULT_POLICY, command_timeout=timedelta(days=365)),
    ),
    subclass_mutant("expired_commands_stay_queued", "D-REL-1", ExpiredCommandsStayQueued),
    subclass_mutant("retry_sends_again", "D-REL-2", RetrySendsAgain),
    subclass_mutant("wake_up_redelivers", "D-REL-2", WakeUpRedelivers),
    subclass_mutant("asking_again_sends_nothing", "D-REL-3", AskingAgainSendsNothing),
    subclass_mutant("lost_push_not_resent", "D-REL-3", LostPushNotResent),
    subclass_mutant("confirmation_link_short_lived", "D-REL-3", ConfirmationLinkShortLived),
    subclass_mutant("confirmation_not_resent", "D-REL-3", ConfirmationNotResent),
    subclass_mutant("first_link_still_confirms", "D-REL-3", FirstLinkStillConfirms),
)
