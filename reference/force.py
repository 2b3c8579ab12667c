"""Force unbinding: a new user asks, the previous user agrees, rejects, or stays silent.

IS-FORCE-1..5 and 7, D-SEC-4 (only the previous user answers; late answers change nothing),
D-SEC-6 (only a user logged in to the car's head unit asks; knowing the VIN is not enough).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import AnswerForceUnbind, ForceUnbindAnswered, ForceUnbindPending, RequestForceUnbind
from reference.core import PlatformCore
from reference.records import Account, Car, ForceRequest


class ForceUnbindingMixin(PlatformCore):
    """A new user's request to unbind the previous user, and its answers and deadline."""

    def request_force_unbind(self, request: RequestForceUnbind) -> ForceUnbindPending:
        """Ask the previous user to give the car up; silence completes it after 72 hours.

        Only a user logged in to the car's head unit may ask (D-SEC-6). Asking again while the
        request is open returns the same request (D-REL-2), and pushes it to the previous user
        again, in case the first push was lost (D-REL-3).
        """
        account = self._account_of(request.token)
        car = self._car(request.vin)
        if car.bound is None:
            raise PlatformError(ErrorCode.NOT_BOUND, "this car is not bound; bind it instead")
        if car.bound == account.account_id:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "you are the bound user; unbind instead")
        self._check_asked_from_the_car(account, car)
        self._check_push_confirmed(request)
        if self._was_rejected(account, car):
            raise PlatformError(ErrorCode.UNBINDING_REJECTED, "the previous user rejected; see an MG dealer")
        pending = self._open_request(car.record.vin)
        if pending is not None:
            if pending.requester != account.account_id:
                raise PlatformError(ErrorCode.INVALID_REQUEST, "another force unbinding is under way")
            self._remind_previous_user(pending)
            return ForceUnbindPending(pending.request_id, pending.completes_at)
        pending = ForceRequest(
            self._new_id("fu"),
            car.record.vin,
            account.account_id,
            car.bound,
            self.now + self.policy.force_unbind_after,
            car.binding,
        )
        self._requests[pending.request_id] = pending
        self._notify_previous_user(pending)
        self._arm_auto_completion(pending)
        return ForceUnbindPending(pending.request_id, pending.completes_at)

    def answer_force_unbind(self, request: AnswerForceUnbind) -> ForceUnbindAnswered:
        """The previous user's "Agree" completes at once (IS-FORCE-3); "Reject" stops it (IS-FORCE-5)."""
        account = self._account_of(request.token)
        pending = self._requests.get(request.request_id)
        if pending is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"no request {request.request_id!r}")
        self._check_may_answer(account, pending)
        self._check_open(pending)
        if request.answer == "agree":
            self._agree(pending)
            return ForceUnbindAnswered(pending.request_id, "completed")
        if request.answer == "reject":
            self._reject(pending)
            return ForceUnbindAnswered(pending.request_id, "rejected")
        raise PlatformError(ErrorCode.INVALID_REQUEST, "answer 'agree' or 'reject'")

    # --- the rules, one place each ----------------------------------------------------------

    def _check_asked_from_the_car(self, account: Account, car: Car) -> None:
        """Force unbinding is asked for from the car: the asker must be logged in to the head
        unit of this very car, by a QR scan or typed credentials (D-SEC-6)."""
        if car.logged_in != account.account_id:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, "log in to the head unit of this car first")

    def _check_push_confirmed(self, request: RequestForceUnbind) -> None:
        """The new user must confirm that the previous user gets a push message (IS-FORCE-2)."""
        if not request.push_confirmed:
            raise PlatformError(ErrorCode.CONFIRMATION_REQUIRED, "confirm that the previous user gets a push message")

    def _was_rejected(self, account: Account, car: Car) -> bool:
        """Whether the bound user of *car* already rejected *account* in this binding (only a
        dealer helps now); a reject in an earlier binding of the car does not count."""
        return any(
            r.state == "rejected"
            and r.vin == car.record.vin
            and r.requester == account.account_id
            and r.binding == car.binding
            for r in self._requests.values()
        )

    def _notify_previous_user(self, pending: ForceRequest) -> None:
        """Push the request to every device of the previous user (IS-FORCE-2)."""
        text = "A new user asks to unbind you from your MG. Agree or Reject; silence agrees after 72 hours."
        self._push(pending.previous, "force_unbind_request", text, pending.request_id)

    def _remind_previous_user(self, pending: ForceRequest) -> None:
        """Push an open request to the previous user again when the new user asks again (D-REL-3)."""
        self._notify_previous_user(pending)

    def _arm_auto_completion(self, pending: ForceRequest) -> None:
        """Complete an unanswered request at *completes_at*, not a second earlier (IS-FORCE-4)."""
        pending.timer = self._clock.at(pending.completes_at, lambda: self._on_deadline(pending))

    def _on_deadline(self, pending: ForceRequest) -> None:
        if pending.state == "open":
            self._complete(pending)

    def _check_may_answer(self, account: Account, pending: ForceRequest) -> None:
        """Only the previous user may answer a request (D-SEC-4)."""
        if account.account_id != pending.previous:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, "only the previous user may answer")

    def _check_open(self, pending: ForceRequest) -> None:
        """An answer to a request that has ended changes nothing (D-SEC-4)."""
        if pending.state != "open":
            raise PlatformError(ErrorCode.REQUEST_CLOSED, f"the request is already {pending.state}")

    def _agree(self, pending: ForceRequest) -> None:
        """Answering "Agree" completes the unbinding at once (IS-FORCE-3)."""
        self._complete(pending)

    def _reject(self, pending: ForceRequest) -> None:
        """Answering "Reject" ends the request; the binding stays (IS-FORCE-5)."""
        self._close_request(pending, "rejected")
        self._notify_rejected(pending)

    def _notify_rejected(self, pending: ForceRequest) -> None:
        """Tell the new user on every device that the previous user rejected."""
        text = "The previous user rejected the unbinding. An MG dealer can help if you own the car."
        self._push(pending.requester, "force_unbind_rejected", text, pending.request_id)

    def _complete(self, pending: ForceRequest) -> None:
        """Unbind the previous user and tell the new user (IS-FORCE-7)."""
        self._close_request(pending, "completed")
        car = self._cars[pending.vin]
        if car.binding == pending.binding:
            self._end_binding(car)
        self._notify_completed(pending.requester, pending.request_id)

    def _notify_completed(self, account_id: str, request_id: str) -> None:
        """Tell the new user on every device that the unbinding is complete (IS-FORCE-7)."""
        text = "The previous user is unbound. You can now log in to the car and bind it."
        self._push(account_id, "force_unbind_completed", text, request_id)
