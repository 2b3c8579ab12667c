"""Unbinding by the bound user, with a 6-digit code sent by SMS (IS-UNBIND-1..3, IS-USER-3).

An open force-unbinding request ends with it, and the new user who asked is told (IS-FORCE-7).
"""

from __future__ import annotations

from contract.errors import ErrorCode
from contract.messages import CodeSent, SendUnbindCode, Unbind, Unbound
from reference.core import PlatformCore
from reference.records import Account, Car, ForceRequest


class UnbindingMixin(PlatformCore):
    """The bound user ends their own binding."""

    def send_unbind_code(self, request: SendUnbindCode) -> CodeSent:
        """Send the bound user a verification code for unbinding (IS-UNBIND-2)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_bound(account, car, ErrorCode.NOT_BOUND)
        code = self._unbind_codes.issue(self._unbind_purpose(account, car), self.now)
        return self._send_code(account.identifier, account.channel, code)

    def unbind(self, request: Unbind) -> Unbound:
        """End the binding once the code is right; the reply is the confirmation (IS-UNBIND-3).
        The user is logged out of the head unit too unless the platform declares otherwise
        (``unbind_logs_out_head_unit``, IS-USER-3).

        An open force-unbinding request for the car ends as completed, since the previous user
        is unbound, and the new user who asked is told so (IS-FORCE-7).
        """
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_bound(account, car, ErrorCode.NOT_BOUND)
        self._check_unbind_code(account, car, request.code)
        self._end_binding(car, log_out=self.policy.unbind_logs_out)
        open_request = self._open_request(car.record.vin)
        if open_request is not None:
            self._close_request(open_request, "completed")
            self._notify_unbound_by_code(open_request)
        return Unbound(car.record.vin)

    # --- the rules, one place each ----------------------------------------------------------

    def _notify_unbound_by_code(self, pending: ForceRequest) -> None:
        """Tell the new user on every device that the previous user unbound (IS-FORCE-7)."""
        text = "The previous user has unbound the car. You can now log in to the car and bind it."
        self._push(pending.requester, "force_unbind_completed", text, pending.request_id)

    def _check_unbind_code(self, account: Account, car: Car, code: str) -> None:
        """The unbind code must be right, fresh and unused (IS-UNBIND-3, D-SEC-2)."""
        self._unbind_codes.check(self._unbind_purpose(account, car), code, self.now)
