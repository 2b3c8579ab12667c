"""Remote control of a My Renault car: every check a remote function passes, in order.

MR-FEAT-3 (app only), MR-SYNC-1 (synchronised), MR-FEAT-4 (activated), MR-FEAT-2 (model and
law), MR-SVC-1 (contract), MR-PIN-1 (PIN); then delivery as for iSmart (D-REL-1, D-REL-2).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import CommandAccepted, RemoteCommand
from contract.services import COMMAND_SERVICES
from reference.account_features import AccountFeaturesMixin
from reference.commands import CommandsMixin
from reference.records import Account, Car, Session

MY_RENAULT_COMMAND_SERVICES: dict[str, str] = COMMAND_SERVICES["myrenault"]
"""The service each command needs on a My Renault car."""


class RemoteControlMixin(AccountFeaturesMixin, CommandsMixin):
    """Remote commands to My Renault cars; iSmart cars keep the iSmart rules."""

    def remote_command(self, request: RemoteCommand) -> CommandAccepted:
        """Send *request.command* to a My Renault car once every check passes; the same
        *request_id* again sends nothing new (D-REL-2)."""
        session = self._session_of(request.token)
        car = self._car(request.vin)
        if not self._is_my_renault(car):
            return super().remote_command(request)
        account = self._accounts[session.account_id]
        service = MY_RENAULT_COMMAND_SERVICES.get(request.command)
        if service is None:
            raise PlatformError(ErrorCode.UNKNOWN_COMMAND, f"no command {request.command!r}")
        self._check_remote_control(session, account, car, operation="remote_command", service=service, pin=request.pin)
        earlier = self._earlier_reply(account, request.request_id)
        if earlier is not None:
            return earlier
        return self._issue(account, car, request.command, request.request_id)

    # --- the rules, one place each ----------------------------------------------------------

    def _check_remote_control(
        self, session: Session, account: Account, car: Car, *, operation: str, service: str, pin: str
    ) -> None:
        """Everything remote *operation* on *car* needs, in order: the app (MR-FEAT-3), a
        synchronised account (MR-SYNC-1), the services activated (MR-FEAT-4), *service* on this
        car here (MR-FEAT-2), an active contract (MR-SVC-1) and the PIN (MR-PIN-1).

        An iSmart car needs its bound user and *service*, nothing more.
        """
        self._check_channel(session, operation)
        if not self._is_my_renault(car):
            self._require_may_use(account, car)
            self._check_service(car, service)
            return
        self._require_may_control(account, car)
        self._check_activated(account, car)
        self._check_service(car, service)
        self._check_contract(car, operation)
        self._check_pin(account, pin)

    def _require_may_control(self, account: Account, car: Car) -> None:
        """Only a synchronised account controls the car (MR-SYNC-1)."""
        self._require_may_use(account, car)
