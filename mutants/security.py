"""The security mutants: the reference platform with one D-SEC rule broken, and mutants that
break an invariant over time in a way only the invariant monitor (:mod:`twins.invariants`) sees.

Each is a tiny subclass of :class:`ReferencePlatform` overriding one rule method (its
docstring says what goes wrong), or the reference with one field of its policy swapped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from contract.messages import Ack, CodeSent, DealerForceUnbind, SendUnbindCode
from contract.myrenault import CarConditions
from mutants.base import Mutant, policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, ReferencePlatform
from reference.records import Account, AuditRecord, Car, Command, ForceRequest


class StrangerCommandsByVin(ReferencePlatform):
    """Anyone logged in may send remote commands to an iSmart car whose VIN they know."""

    def _require_may_command(self, account: Account, car: Car) -> None:
        pass


class LoggedInUserMayCommand(ReferencePlatform):
    """A user logged in to the car with the first scan, but not bound to it, may command it."""

    def _require_may_command(self, account: Account, car: Car) -> None:
        if car.logged_in != account.account_id:
            super()._require_may_command(account, car)


class SyncWithoutScreen(ReferencePlatform):
    """A synchronisation links as soon as the car's conditions hold, without anyone following the
    instructions on the multimedia screen: an account anywhere links while someone sits in the car."""

    def car_conditions(self, request: CarConditions) -> Ack:
        ack = super().car_conditions(request)
        sync = self._car_sync(request.vin, request.sync_id)
        if sync.state == "waiting" and sync.conditions_ok:
            self._link(sync)
        return ack


class LateAnswerHonoured(ReferencePlatform):
    """An answer to a force-unbinding request that has ended (rejected, completed, cancelled) still counts."""

    def _check_open(self, pending: ForceRequest) -> None:
        pass


class DealerAcceptsPapersOfAnotherCar(ReferencePlatform):
    """A dealer unbinds on the registration certificate of any car, not only of the car itself."""

    def _check_evidence(self, request: DealerForceUnbind) -> None:
        super()._check_evidence(replace(request, evidence=replace(request.evidence, document_vin=request.vin)))


class DealerLeavesNoAuditRecord(ReferencePlatform):
    """A dealer's forced unbinding leaves no audit record."""

    def _keep_audit(self, record: AuditRecord) -> None:
        pass


class RefusedLogInFlickersBinding(ReferencePlatform):
    """A refused binding of a bound car (another user's second scan) ends its user's binding and
    makes it again: the binding ends without an unbinding code, an Agree, 72 hours or a dealer
    (only the invariant monitor sees it)."""

    def _refuse_if_bound(self, car: Car, account: Account) -> None:
        holder = car.bound
        if holder is not None and holder != account.account_id:
            self._end_binding(car)
            self._bind(car, holder)
        super()._refuse_if_bound(car, account)


class StrangerLocatesThroughUnbindCode(ReferencePlatform):
    """A stranger's refused request for an unbinding code still sends the car a "find my car"
    command on the stranger's behalf (only the invariant monitor sees it)."""

    def send_unbind_code(self, request: SendUnbindCode) -> CodeSent:
        account, car = self._account_of(request.token), self._car(request.vin)
        if car.bound != account.account_id:
            self._deliver(Command(self._new_id("cmd"), account.account_id, car.record.vin, "find_my_car", ""))
        return super().send_unbind_code(request)


class QueuedCommandOutlivesBinding(ReferencePlatform):
    """A command that waits for a sleeping car still reaches it when the car wakes up after its
    sender has unbound (or been unbound): a former user's command is carried out."""

    def _sender_may_still_command(self, command: Command, car: Car) -> bool:
        return True


SECURITY_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("stranger_commands_by_vin", "D-SEC-1", StrangerCommandsByVin),
    subclass_mutant("logged_in_user_may_command", "D-SEC-1", LoggedInUserMayCommand),
    subclass_mutant("sync_without_screen", "D-SEC-1", SyncWithoutScreen),
    policy_mutant(
        "pin_guessing_unlimited",
        "D-SEC-2",
        "Wrong My Renault PINs may be tried without limit.",
        replace(DEFAULT_POLICY, pin_attempts=None),
    ),
    policy_mutant(
        "qr_never_expires",
        "D-SEC-3",
        "A head unit's QR code lives for a year, not minutes.",
        replace(DEFAULT_POLICY, qr_ttl=timedelta(days=365)),
    ),
    subclass_mutant("late_answer_honoured", "D-SEC-4", LateAnswerHonoured),
    subclass_mutant("dealer_takes_other_cars_papers", "D-SEC-5", DealerAcceptsPapersOfAnotherCar),
    subclass_mutant("dealer_leaves_no_audit_record", "D-SEC-5", DealerLeavesNoAuditRecord),
    subclass_mutant("refused_login_flickers_binding", "IS-USER-3", RefusedLogInFlickersBinding),
    subclass_mutant("stranger_code_request_locates", "D-SEC-1", StrangerLocatesThroughUnbindCode),
    subclass_mutant("queued_command_outlives_binding", "D-SEC-1", QueuedCommandOutlivesBinding),
)
