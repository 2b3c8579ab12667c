"""The fleet: provisioning cars, their status and their services (IS-SVC-1, D-SEC-1)."""

from __future__ import annotations

from contract.capabilities import CapabilityDeclaration
from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack, Services, VehicleQuery, VehicleRecord, VehicleStatus
from reference.core import PlatformCore
from reference.declaration import DECLARATION
from reference.records import Account, Car


class VehiclesMixin(PlatformCore):
    """The manufacturer's fleet, and what a bound user may read about a car."""

    def declaration(self) -> CapabilityDeclaration:
        """The brands, models, markets and features this platform claims."""
        return DECLARATION

    def provision_vehicle(self, request: VehicleRecord) -> Ack:
        """Add a car to the manufacturer's database; its state is as *request* says, as of now."""
        if request.vin in self._cars:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"car {request.vin!r} is provisioned already")
        self._cars[request.vin] = Car(request, request.state, self.now)
        return Ack()

    def vehicle_status(self, request: VehicleQuery) -> VehicleStatus:
        """The car's last known state, for its bound user only (D-SEC-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._check_may_read_status(account, car)
        state = car.state
        return VehicleStatus(car.record.vin, state.locked, state.climate_on, state.location, car.updated_at)

    def list_services(self, request: VehicleQuery) -> Services:
        """The services of the car's model, for its bound user only (IS-SVC-1, D-SEC-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_bound(account, car, ErrorCode.NOT_AUTHORISED)
        return Services(self._services_of(car))

    # --- the rules, one place each ----------------------------------------------------------

    def _check_may_read_status(self, account: Account, car: Car) -> None:
        """Only the bound user reads a car's status (D-SEC-1)."""
        self._require_bound(account, car, ErrorCode.NOT_AUTHORISED)

    def _services_of(self, car: Car) -> list[str]:
        """The services the declaration gives the car's model (none for an unknown model)."""
        for model in self.declaration().models:
            if model.name == car.record.model:
                return list(model.services)
        return []
