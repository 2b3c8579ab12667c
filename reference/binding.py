"""Logging in to the car and binding it: QR codes, the head unit's log-in, and the car list.

IS-BIND-1..4 (scan twice, or credentials then scan), IS-USER-2 and IS-USER-3 (one bound user:
nobody else binds a bound car), D-SEC-3 (QR), D-SEC-6 (a new user may log in to the head unit
of a bound car, to ask for force unbinding from it), D-SEC-7 (a car of the account's brand only).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    HeadUnitLogIn,
    HeadUnitSession,
    ListVehicles,
    QrScanned,
    QrShown,
    QrStage,
    ScanQr,
    ShowQr,
    VehicleRole,
    Vehicles,
    VehicleSummary,
)
from reference.core import PlatformCore
from reference.records import Account, Car, QrCode


class BindingMixin(PlatformCore):
    """The head unit's QR codes and log-in, and binding a car to the app."""

    def show_qr(self, request: ShowQr) -> QrShown:
        """A fresh, short-lived, single-use QR code for the head unit of *request.vin*."""
        car = self._car(request.vin)
        code = QrCode(f"iSmart-QR:{self._random_hex()}", car.record.vin, self.now + self.policy.qr_ttl)
        self._qr_codes[code.qr] = code
        return QrShown(code.qr, code.expires_at)

    def scan_qr(self, request: ScanQr) -> QrScanned:
        """The first scan logs the scanner in to the QR's car, the second binds it (IS-BIND-2/3).

        The first scan works on a bound car too, so that a new user can ask for force unbinding
        from its head unit (D-SEC-6); the second is refused while the car is bound (IS-USER-2).
        """
        account = self._account_of(request.token)
        code = self._valid_qr(request.qr)
        car = self._scan_target(account, self._car(code.vin))
        self._check_scan_brand(account, car)
        stage = self._scan_stage(car, account)
        if stage == "bound":
            self._refuse_if_bound(car, account)
            self._bind(car, account.account_id)
        else:
            self._log_in_to_car(car, account.account_id)
        self._use_qr(code)
        return QrScanned(car.record.vin, stage)

    def head_unit_log_in(self, request: HeadUnitLogIn) -> HeadUnitSession:
        """Log in to the car with credentials typed on the head unit, instead of a scan (IS-BIND-4);
        a bound car too (D-SEC-6), but only a car of the account's brand (D-SEC-7)."""
        car = self._car(request.vin)
        account = self._authenticate(request.identifier, request.password)
        self._check_head_unit_brand(account, car)
        self._head_unit_log_in(car, account)
        return HeadUnitSession(car.record.vin, account.account_id)

    def list_vehicles(self, request: ListVehicles) -> Vehicles:
        """The cars the caller is bound to or logged in to (iSmart), or has synchronised or
        added (My Renault), in provisioning order."""
        account = self._account_of(request.token)
        summaries = []
        for car in self._cars.values():
            role = self._role_of(account, car)
            if role is not None:
                summaries.append(VehicleSummary(car.record.vin, car.record.model, role))
        return Vehicles(summaries)

    # --- the rules, one place each ----------------------------------------------------------

    def _role_of(self, account: Account, car: Car) -> VehicleRole | None:
        """What *car* is to *account*, if anything."""
        if car.bound == account.account_id:
            return "bound"
        if car.logged_in == account.account_id:
            return "logged_in"
        if account.account_id in car.synchronised:
            return "synchronised"
        if account.account_id in car.added:
            return "added"
        return None

    def _valid_qr(self, qr: str) -> QrCode:
        """The QR code *qr* if it is known, unexpired and unused (D-SEC-3)."""
        code = self._qr_codes.get(qr)
        if code is None:
            raise PlatformError(ErrorCode.QR_INVALID, "this is not a QR code from an MG head unit")
        if self.now >= code.expires_at:
            raise PlatformError(ErrorCode.QR_EXPIRED, "the QR code has expired; show a new one")
        if code.used:
            raise PlatformError(ErrorCode.QR_USED, "the QR code has been used; show a new one")
        return code

    def _scan_target(self, account: Account, qr_car: Car) -> Car:
        """The car a scan acts on: always the QR code's own car (D-SEC-3)."""
        return qr_car

    def _check_scan_brand(self, account: Account, car: Car) -> None:
        """A QR scan logs in to or binds only a car of the scanning app's brand (D-SEC-7)."""
        self._require_same_brand(account, car)

    def _check_head_unit_brand(self, account: Account, car: Car) -> None:
        """Credentials typed on a head unit log in only an account of the car's brand (D-SEC-7)."""
        self._require_same_brand(account, car)

    def _refuse_if_bound(self, car: Car, account: Account) -> None:
        """A car has at most one bound user: nobody binds a bound car (IS-USER-2, IS-USER-3)."""
        if car.bound is not None:
            raise PlatformError(ErrorCode.ALREADY_BOUND, "this car is bound; its user must unbind first")

    def _scan_stage(self, car: Car, account: Account) -> QrStage:
        """What a scan does: logs in if the scanner is not logged in to *car*, else binds (IS-BIND-3)."""
        return "bound" if car.logged_in == account.account_id else "logged_in"

    def _use_qr(self, code: QrCode) -> None:
        """A QR code is single-use (D-SEC-3)."""
        code.used = True

    def _head_unit_log_in(self, car: Car, account: Account) -> None:
        """Log *account* in to *car* from its head unit (IS-BIND-4)."""
        self._log_in_to_car(car, account.account_id)
