"""Who may do what with a car: the bound user of an iSmart car, the synchronised account of a
My Renault car, and what a web session may not do.

D-SEC-1 (only the bound or synchronised user), MR-SYNC-1 (synchronise first), MR-FEAT-3 (app only).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from reference.core import PlatformCore
from reference.records import Account, Car, Session

MY_RENAULT = "myrenault"


class AccessMixin(PlatformCore):
    """The access rules every operation on a car builds on."""

    def _is_my_renault(self, car: Car) -> bool:
        """Whether *car* follows the My Renault rules (added, then synchronised)."""
        return car.record.brand == MY_RENAULT

    def _require_my_renault(self, session: Session) -> None:
        """Refuse an operation of My Renault alone unless *session* is a My Renault one."""
        if session.client.brand != MY_RENAULT:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "this is done from My Renault")

    def _check_channel(self, session: Session, operation: str) -> None:
        """A web session may not use the app-only *operation* (MR-FEAT-3)."""
        if session.client.channel == "web" and operation in self.policy.app_only:
            raise PlatformError(ErrorCode.APP_ONLY, "this function exists only in the My Renault app")

    def _require_added(self, account: Account, car: Car, refusal: ErrorCode) -> None:
        """Refuse with *refusal* unless *account* has added *car* to its vehicles (MR-VEH-1)."""
        if account.account_id not in car.added:
            raise PlatformError(refusal, "add the vehicle to your account first")

    def _require_synchronised(self, account: Account, car: Car) -> None:
        """*account* must be synchronised with *car*: ``not_synchronised`` if it only added it,
        ``not_authorised`` if not even that (MR-SYNC-1)."""
        if account.account_id in car.synchronised:
            return
        self._require_added(account, car, ErrorCode.NOT_AUTHORISED)
        raise PlatformError(ErrorCode.NOT_SYNCHRONISED, "synchronise the app with the vehicle first")

    def _require_may_use(self, account: Account, car: Car) -> None:
        """Whether *account* may use *car*: its bound user (iSmart) or a synchronised account
        (My Renault); anyone else is ``not_authorised`` (D-SEC-1, MR-SYNC-1)."""
        if self._is_my_renault(car):
            self._require_synchronised(account, car)
        else:
            self._require_bound(account, car, ErrorCode.NOT_AUTHORISED)

    def _require_may_view(self, account: Account, car: Car) -> None:
        """Whether *account* may read what the account knows of *car* (its information, E-guide
        and appointments): for My Renault, having added it is enough (MR-FEAT-1)."""
        if self._is_my_renault(car):
            self._require_added(account, car, ErrorCode.NOT_AUTHORISED)
        else:
            self._require_bound(account, car, ErrorCode.NOT_AUTHORISED)
