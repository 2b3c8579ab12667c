"""What the test side tells the model: the cars the factory made and the addresses they answer at, and the dealers."""

from __future__ import annotations

from contract.messages import VehicleRecord
from contract.myrenault import DealerRecord
from spec.judge import Judge, judges
from spec.observations import Exchange
from spec.rules.commands import commands_of


@judges("provision_vehicle")
def provisioned(judge: Judge, exchange: Exchange) -> None:
    """A car the factory made: its brand, model, market, SIM number and contracts."""
    record = exchange.request
    if isinstance(record, VehicleRecord) and exchange.accepted:
        judge.model.cars[record.vin] = record
        judge.model.addresses.update({record.vin, record.tcu_msisdn})
        commands_of(judge.model)  # the part that judges every message to a car and its SIM


@judges("provision_dealer")
def provisioned_dealer(judge: Judge, exchange: Exchange) -> None:
    """A dealer of a brand's network (approved or not), with its free slots."""
    record = exchange.request
    if isinstance(record, DealerRecord) and exchange.accepted:
        judge.model.dealers[record.dealer_id] = record
