"""Steps for the security rules (D-SEC-1..5) that other flows do not already cover: a dealer
with the papers of another car, and the audit records every dealer's forced unbinding leaves."""

from __future__ import annotations

from contract.messages import AuditRecords, OwnershipEvidence
from core.verdicts import expect
from steps.registry import then, when
from steps.support import accepted
from steps.support import car as vehicle_named
from twins.connection import RealTimeConnection
from twins.world import World


@when(
    en="the dealer submits a forced unbinding of {car:Car} for {user:User} "
    "with the registration certificate of {other:Car}",
    da="forhandleren indsender en tvungen afbinding af {car:Car} for {user:User} "
    "med registreringsattesten for {other:Car}",
    no="forhandleren sender inn en tvungen frakobling av {car:Car} for {user:User} med vognkortet for {other:Car}",
)
def dealer_with_papers_of(world: World, car: str, user: str, other: str) -> None:
    vehicle, papers, person = vehicle_named(world, car), vehicle_named(world, other), world.person(user)
    owner = world.memory.identifiers.get(user, person.number)
    world.dealer().force_unbind(vehicle.vin, OwnershipEvidence(owner, "registration_certificate", papers.vin))


def audit_records(world: World, car: str) -> AuditRecords:
    """The audit records of *car*, as the dealer looks them up."""
    return accepted(world.dealer().audit_records(vehicle_named(world, car).vin), "looking up the audit records")


@then(
    en="the dealer's audit records of {car:Car} show the forced unbinding with the registration certificate",
    da="forhandlerens revisionslog for {car:Car} viser den tvungne afbinding med registreringsattesten",
    no="forhandlerens revisjonslogg for {car:Car} viser den tvungne frakoblingen med vognkortet",
)
def audit_shows_unbinding(world: World, car: str) -> None:
    dealer, vin = world.dealer(), vehicle_named(world, car).vin
    records = audit_records(world, car).records
    unbindings = len(dealer.audit_ids)
    expect(len(records) == unbindings, f"{unbindings} forced unbinding(s) of {car}, {len(records)} audit record(s)")
    expect(bool(records), f"the dealer's forced unbinding of {car} left no audit record")
    record = records[-1]
    expect(record.audit_id == dealer.audit_ids[-1], f"the audit record {record.audit_id!r} is not the one answered")
    expect(record.dealer_id == dealer.dealer_id, f"the audit record names dealer {record.dealer_id!r}")
    expect(record.vin == vin, f"the audit record names car {record.vin!r}")
    expect(record.document == "registration_certificate", f"the audit record names the document {record.document!r}")
    if not isinstance(world.connection, RealTimeConnection):  # a platform in real time dates by its own clock
        when_unbound = dealer.unbound_at[record.audit_id]
        expect(record.at == when_unbound, f"the audit record is dated {record.at}, the unbinding was at {when_unbound}")


@then(
    en="the dealer's audit records of {car:Car} show no forced unbinding",
    da="forhandlerens revisionslog for {car:Car} viser ingen tvungen afbinding",
    no="forhandlerens revisjonslogg for {car:Car} viser ingen tvungen frakobling",
)
def audit_shows_nothing(world: World, car: str) -> None:
    records = audit_records(world, car).records
    expect(not records, f"the audit records of {car} show {len(records)} forced unbinding(s)")
