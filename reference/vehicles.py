"""The fleet: provisioning cars, their status and their services.

IS-SVC-1 (services by model), MR-FEAT-2 (by model and the country's law), D-SEC-1 (who reads).
"""

from __future__ import annotations

from contract.capabilities import CapabilityDeclaration
from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack, Services, VehicleQuery, VehicleRecord, VehicleState, VehicleStatus
from reference.contracts import ContractsMixin
from reference.records import Account, Car


class VehiclesMixin(ContractsMixin):
    """The manufacturer's fleet, and what a bound or synchronised user may read about a car."""

    def declaration(self) -> CapabilityDeclaration:
        """The brands, models, markets, features and values this platform claims (its policy's)."""
        return self.policy.declaration

    def provision_vehicle(self, request: VehicleRecord) -> Ack:
        """Add a car to the manufacturer's database; its state and contracts are as *request*
        says, as of now."""
        if request.vin in self._cars:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"car {request.vin!r} is provisioned already")
        contracts = {term.service: term.expires_at for term in request.contracts}
        self._cars[request.vin] = Car(request, request.state, self.now, contracts=contracts)
        return Ack()

    def vehicle_status(self, request: VehicleQuery) -> VehicleStatus:
        """The car's last known state, where it is parked, for its bound or synchronised user
        only (D-SEC-1, MR-SYNC-1); in the app only (MR-FEAT-3); for a My Renault car, while its
        contract covers locating (MR-SVC-1)."""
        session = self._session_of(request.token)
        self._check_channel(session, "vehicle_status")
        account = self._accounts[session.account_id]
        car = self._car(request.vin)
        self._check_may_read_status(account, car)
        self._check_contract(car, "locate")
        state = car.state
        return VehicleStatus(car.record.vin, state.locked, state.climate_on, state.location, car.updated_at)

    def list_services(self, request: VehicleQuery) -> Services:
        """The services the car offers, for its bound or synchronised user only (IS-SVC-1,
        MR-FEAT-2, D-SEC-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_use(account, car)
        return Services(self._services_of(car))

    # --- the rules, one place each ----------------------------------------------------------

    def _check_may_read_status(self, account: Account, car: Car) -> None:
        """Only the bound (or synchronised) user reads a car's status (D-SEC-1)."""
        self._require_may_use(account, car)

    def _model_services(self, car: Car) -> list[str]:
        """The services the declaration gives the car's model (none for an unknown model)."""
        for model in self.declaration().models:
            if model.name == car.record.model:
                return list(model.services)
        return []

    def _excluded_services(self, car: Car) -> list[str]:
        """The services the law of the car's market forbids, whatever the car has (MR-FEAT-2)."""
        return self.declaration().excluded_in(car.record.market)

    def _services_of(self, car: Car) -> list[str]:
        """The services of the car's model that the law of its market allows (MR-FEAT-2)."""
        excluded = set(self._excluded_services(car))
        return [service for service in self._model_services(car) if service not in excluded]

    def _check_service(self, car: Car, service: str) -> None:
        """The car must offer *service*, else ``service_not_available`` (IS-SVC-1, MR-FEAT-2)."""
        if service not in self._services_of(car):
            raise PlatformError(ErrorCode.SERVICE_NOT_AVAILABLE, f"{car.record.model} has no {service} here")

    def _record_state(self, car: Car, state: VehicleState) -> None:
        """Remember what the TCU of *car* reported, as of now."""
        car.state = state
        car.updated_at = self.now
