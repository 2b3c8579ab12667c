"""What a My Renault account offers for a car: vehicle information, the E-guide, contracts and
their renewal, activating the remote services, and the My Renault PIN.

MR-FEAT-1 (the account's functions), MR-SYNC-4 (contracts only when synchronised), MR-FEAT-4
(activation), MR-PIN-1 (PIN), MR-SVC-1 (expiry and renewal in calendar months; every function
the "connected services" contract covers stops when it expires, MR-FEAT-2).
"""

from __future__ import annotations

import re
from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack, VehicleQuery
from contract.myrenault import Contract, Contracts, EGuide, RenewService, SetPin, VehicleInfo
from reference.months import months_later
from reference.records import Account, Car
from reference.vehicles import VehiclesMixin

E_GUIDE_URL = "https://e-guide.renault.com/{slug}"


def slug(name: str) -> str:
    """*name* as a path part: lower case, words joined by dashes ("Megane E-Tech Electric" →
    "megane-e-tech-electric")."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


class AccountFeaturesMixin(VehiclesMixin):
    """The account's view of a car, its contracts and activation, and the PIN."""

    def vehicle_info(self, request: VehicleQuery) -> VehicleInfo:
        """The car's information, for an account that added it (MR-FEAT-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_view(account, car)
        record = car.record
        return VehicleInfo(record.vin, record.brand, record.model, record.plate, record.market, self._services_of(car))

    def e_guide(self, request: VehicleQuery) -> EGuide:
        """The E-guide of the car's model, for an account that added it (MR-FEAT-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_view(account, car)
        self._check_service(car, "e_guide")
        model = car.record.model
        return EGuide(f"E-Guide {model}", E_GUIDE_URL.format(slug=slug(model)))

    def list_contracts(self, request: VehicleQuery) -> Contracts:
        """ "My services": the car's service contracts and whether each is active, for a
        synchronised account only (MR-SYNC-4, MR-FEAT-1); on the web site too."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_see_contracts(account, car)
        return Contracts([self._contract(service, expires_at) for service, expires_at in car.contracts.items()])

    def renew_service(self, request: RenewService) -> Contract:
        """ "Renew": extend *request.service* by *request.months* calendar months from the end
        of its term if it is still active, or from now if it has expired (MR-SVC-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_see_contracts(account, car)
        old = car.contracts.get(request.service)
        if old is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"the car has no {request.service!r} contract")
        if not 1 <= request.months <= self.policy.max_renewal_months:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"renew for 1 to {self.policy.max_renewal_months} months")
        expires_at = self._months_later(self._renewal_start(old), request.months)
        self._store_term(car, request.service, expires_at)
        return self._contract(request.service, expires_at)

    def activate_services(self, request: VehicleQuery) -> Ack:
        """Activate the car's remote services for the synchronised account (MR-FEAT-4)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_use(account, car)
        car.activated.add(account.account_id)
        return Ack()

    def set_pin(self, request: SetPin) -> Ack:
        """Create the My Renault PIN (no *old_pin*) or change it (the right *old_pin*) (MR-PIN-1)."""
        session = self._session_of(request.token)
        self._require_my_renault(session)
        account = self._accounts[session.account_id]
        if len(request.new_pin) != self.policy.pin_length or not request.new_pin.isdigit():
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"the PIN has {self.policy.pin_length} digits")
        self._try_pin(account, request.old_pin, "the old PIN is wrong")
        account.pin = request.new_pin
        return Ack()

    # --- the rules, one place each ----------------------------------------------------------

    def _unlock_pin_if_due(self, account: Account) -> None:
        """A locked PIN unlocks once the declared lock time has passed (pin_unlock after_lock_time)."""
        after, locked_at = self.policy.pin_unlock_after, account.pin_locked_at
        if after is not None and locked_at is not None and self.now >= locked_at + after:
            account.pin_failures, account.pin_locked_at = 0, None

    def _require_may_see_contracts(self, account: Account, car: Car) -> None:
        """Only a synchronised account reaches the car's contracts (MR-SYNC-4)."""
        self._require_may_use(account, car)

    def _renewal_start(self, old: datetime) -> datetime:
        """A renewal before expiry extends the term from its old end; after expiry, from now."""
        return old if self.now < old else self.now

    def _months_later(self, start: datetime, months: int) -> datetime:
        """*months* calendar months after *start* (MR-SVC-1)."""
        return months_later(start, months)

    def _contract(self, service: str, expires_at: datetime) -> Contract:
        return Contract(service, self._contract_state(expires_at), expires_at)

    def _store_term(self, car: Car, service: str, expires_at: datetime) -> None:
        """The contract *service* of *car* now runs until *expires_at*."""
        car.contracts[service] = expires_at

    def _check_activated(self, account: Account, car: Car) -> None:
        """Remote control needs the services activated first (MR-FEAT-4)."""
        if account.account_id not in car.activated:
            raise PlatformError(ErrorCode.SERVICES_NOT_ACTIVATED, "activate the services of the vehicle first")

    def _check_pin(self, account: Account, pin: str) -> None:
        """The connected services need the account's My Renault PIN (MR-PIN-1)."""
        if not account.pin:
            raise PlatformError(ErrorCode.PIN_REQUIRED, "create your My Renault PIN first")
        self._try_pin(account, pin, "wrong My Renault PIN")

    def _try_pin(self, account: Account, pin: str, wrong: str) -> None:
        """*pin* must be the account's PIN (*wrong* says otherwise); the wrong try that reaches
        the policy's *pin_attempts* in a row locks the PIN, and every try after it answers
        ``too_many_attempts`` (D-SEC-2) until the policy's *pin_unlock_after* has passed, if it
        ever unlocks."""
        limit = self.policy.pin_attempts
        self._unlock_pin_if_due(account)
        if limit is not None and account.pin_failures >= limit:
            raise PlatformError(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong PINs; the PIN is locked")
        if pin != account.pin:
            account.pin_failures += 1
            if limit is not None and account.pin_failures >= limit:
                account.pin_locked_at = self.now
                raise PlatformError(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong PINs; the PIN is locked")
            raise PlatformError(ErrorCode.PIN_INVALID, wrong)
        account.pin_failures = 0
