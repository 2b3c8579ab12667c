"""Logging out: of the app (or the web site), and of the car from its head unit; and what a
restart of the head unit keeps and forgets.

IS-USER-3 (the user logs out and removes the binding), D-SEC-1 (a session that ended is refused
everywhere), D-SEC-3 (a QR code the head unit showed before a restart dies with it).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack, HeadUnitLogOut, LogOut
from contract.myrenault import MultimediaStarted
from reference.records import Car
from reference.synchronisation import SynchronisationMixin


class SessionsMixin(SynchronisationMixin):
    """Ending sessions, and the head unit's restart."""

    def log_out(self, request: LogOut) -> Ack:
        """End the session *request.token*: from now on every call with it is ``not_authenticated``.

        The account's other sessions (another phone, the web site) stay, and so do its bindings.
        """
        self._session_of(request.token)
        self._end_session(request.token)
        return Ack()

    def head_unit_log_out(self, request: HeadUnitLogOut) -> Ack:
        """ "Log out" on the head unit: the user logged in to the car, not bound, is logged out
        (IS-USER-3), and the head unit shows no user. A bound user's log-in ends only with the
        unbinding (``already_bound``)."""
        car = self._car(request.vin)
        self._check_may_log_out(car)
        account_id = car.logged_in
        if account_id is not None:
            car.logged_in = None
            self._car_event(car, "user_logged_out", account_id)
        return Ack()

    def multimedia_started(self, request: MultimediaStarted) -> Ack:
        """The head unit (re)started: its user and binding stay, and it is told them again; the
        QR codes it showed before are dead (D-SEC-3); linked accounts stay linked (MR-SYNC-5)."""
        ack = super().multimedia_started(request)
        car = self._car(request.vin)
        self._retire_qr_codes(car)
        self._announce_user(car)
        return ack

    # --- the rules, one place each ----------------------------------------------------------

    def _end_session(self, token: str) -> None:
        """Forget the session *token* (D-SEC-1)."""
        del self._sessions[token]

    def _check_may_log_out(self, car: Car) -> None:
        """A bound user logs out of the car by unbinding it (IS-USER-3); a new user logged in to
        a bound car's head unit (D-SEC-6) logs out as anyone else."""
        if car.bound is not None and car.logged_in in (None, car.bound):
            raise PlatformError(ErrorCode.ALREADY_BOUND, "the car is bound: unbind it in the app to log out")

    def _retire_qr_codes(self, car: Car) -> None:
        """The QR codes shown by *car*'s head unit before a restart have expired (D-SEC-3)."""
        for code in self._qr_codes.values():
            if code.vin == car.record.vin:
                code.expires_at = min(code.expires_at, self.now)

    def _announce_user(self, car: Car) -> None:
        """Tell a restarted head unit who is bound to, or logged in to, its car."""
        if car.bound is not None:
            self._car_event(car, "user_bound", car.bound)
        elif car.logged_in is not None:
            self._car_event(car, "user_logged_in", car.logged_in)
