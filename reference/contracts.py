"""Service contracts: which contract each connected function of a My Renault car needs, and
whether it is active now.

MR-SVC-1 (a service expires and is renewed), MR-FEAT-2 (the functions depend on the contracts
subscribed): every function a contract covers stops when the contract expires.
"""

from __future__ import annotations

from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.myrenault import ContractState
from reference.access import AccessMixin
from reference.records import Car

REMOTE_CONTRACT = "connected_services"
"""The service contract every connected function of a My Renault car needs (MR-FEAT-2, MR-SVC-1)."""

CONTRACT_COVERS: dict[str, str] = {
    "remote_command": REMOTE_CONTRACT,
    "schedule_charging": REMOTE_CONTRACT,
    "schedule_climate": REMOTE_CONTRACT,
    "locate": REMOTE_CONTRACT,
    "battery_status": REMOTE_CONTRACT,
    "route_planning": REMOTE_CONTRACT,
    "charge_pass": REMOTE_CONTRACT,
    "charging_stations": REMOTE_CONTRACT,
}
"""The contract each connected function of a My Renault car needs; what the account offers
without a contract (vehicle information, the E-guide, "My services" and renewal, dealers and
appointments, the PIN, activation) is not listed (MR-FEAT-2, MR-SVC-1)."""


class ContractsMixin(AccessMixin):
    """The contract rules every connected function of a My Renault car passes."""

    def _contract_state(self, expires_at: datetime) -> ContractState:
        """A contract is active until the end of its term; at *expires_at* it has expired."""
        return "active" if self.now < expires_at else "expired"

    def _check_contract(self, car: Car, function: str) -> None:
        """Connected *function* of a My Renault car needs an active contract that covers it
        (:data:`CONTRACT_COVERS`); it stops when the contract expires (MR-SVC-1, MR-FEAT-2).
        iSmart cars have no service contracts in the guide."""
        contract = CONTRACT_COVERS.get(function)
        if contract is None or not self._is_my_renault(car):
            return
        expires_at = car.contracts.get(contract)
        if expires_at is None or self._contract_state(expires_at) != "active":
            raise PlatformError(ErrorCode.SERVICE_EXPIRED, "the connected services have expired; renew them")

    def _covered(self, car: Car, function: str) -> bool:
        """Whether *car*'s contracts cover *function* now (see :meth:`_check_contract`)."""
        try:
            self._check_contract(car, function)
        except PlatformError:
            return False
        return True
