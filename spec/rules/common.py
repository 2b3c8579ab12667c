"""What the test side tells the model: the cars the factory made, and the addresses they answer at."""

from __future__ import annotations

from contract.messages import VehicleRecord
from spec.judge import Judge, judges
from spec.observations import Exchange


@judges("provision_vehicle")
def provisioned(judge: Judge, exchange: Exchange) -> None:
    """A car the factory made: its brand, model, market, SIM number and contracts."""
    record = exchange.request
    if isinstance(record, VehicleRecord) and exchange.accepted:
        judge.model.cars[record.vin] = record
        judge.model.addresses.update({record.vin, record.tcu_msisdn})
