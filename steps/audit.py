"""Steps that read what a dealer's audit record says: which car, which previous user, which
owner and which dealer (D-SEC-5). The dealer looks the records up by the car's VIN."""

from __future__ import annotations

from contract.messages import AuditEntry
from steps.registry import then
from steps.security import audit_records
from steps.support import app_of
from steps.support import car as vehicle_named
from twinrig.verdicts import expect
from twins.world import World


def last_record(world: World, car: str) -> AuditEntry:
    records = audit_records(world, car).records
    expect(bool(records), f"the dealer finds no audit record of {car}")
    return records[-1]


@then(
    en="the dealer's audit record of {car:Car} names {user:User} as the previous user",
    da="forhandlerens revisionslog for {car:Car} nævner {user:User} som tidligere bruger",
    no="forhandlerens revisjonslogg for {car:Car} nevner {user:User} som tidligere bruker",
)
def names_previous(world: World, car: str, user: str) -> None:
    record, account = last_record(world, car), app_of(world, user).account_id
    expect(record.previous_account == account, f"the audit record names {record.previous_account!r} as previous user")


@then(
    en="the dealer's audit record of {car:Car} names {user:User} as the owner",
    da="forhandlerens revisionslog for {car:Car} nævner {user:User} som ejer",
    no="forhandlerens revisjonslogg for {car:Car} nevner {user:User} som eier",
)
def names_owner(world: World, car: str, user: str) -> None:
    record, account = last_record(world, car), app_of(world, user).account_id
    expect(record.owner_account == account, f"the audit record names {record.owner_account!r} as the owner")


@then(
    en="the dealer's audit record of {car:Car} names the dealer who unbound it",
    da="forhandlerens revisionslog for {car:Car} nævner forhandleren, der afbandt den",
    no="forhandlerens revisjonslogg for {car:Car} nevner forhandleren som koblet den fra",
)
def names_dealer(world: World, car: str) -> None:
    record, dealer = last_record(world, car), world.dealer()
    expect(record.dealer_id == dealer.dealer_id, f"the audit record names dealer {record.dealer_id!r}")


@then(
    en="the dealer's audit records of {car:Car} name no other car",
    da="forhandlerens revisionslog for {car:Car} nævner ingen anden bil",
    no="forhandlerens revisjonslogg for {car:Car} nevner ingen annen bil",
)
def names_no_other_car(world: World, car: str) -> None:
    vin = vehicle_named(world, car).vin
    others = sorted({record.vin for record in audit_records(world, car).records if record.vin != vin})
    expect(not others, f"the audit records of {car} name other cars: {others}")
