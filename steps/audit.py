"""Steps that read what a dealer's audit record says: which car, which previous user, which
owner and which dealer (D-SEC-5). The dealer looks the records up by the car's VIN."""

from __future__ import annotations

from contract.messages import AuditEntry, OwnershipEvidence
from core.verdicts import expect
from steps.registry import then, when
from steps.security import audit_records
from steps.support import accepted, app_of
from steps.support import car as vehicle_named
from steps.unbinding import rejected_first
from twins.dealer import Dealer
from twins.world import World

ANOTHER_DEALER = "another dealer"


def another_dealer(world: World) -> Dealer:
    """A second MG dealer, beside the scenario's first one (both provisioned to the platform)."""
    world.dealer()
    return world.dealer(ANOTHER_DEALER)


@when(
    en="{user:User} shows another dealer the registration certificate of {car:Car}",
    da="{user:User} viser en anden forhandler registreringsattesten for {car:Car}",
    no="{user:User} viser en annen forhandler vognkortet for {car:Car}",
)
def shows_another_dealer(world: World, user: str, car: str) -> None:
    """The second dealer unbinds *car* on its registration certificate, naming *user* as owner
    (after the bound user's Reject, if the platform declares a dealer needs one)."""
    if world.declaration.values.dealer_unbind_without_reject is False:
        rejected_first(world, user, car)
    vehicle, person = vehicle_named(world, car), world.person(user)
    owner = world.memory.identifiers.get(user, person.number)
    evidence = OwnershipEvidence(owner, "registration_certificate", vehicle.vin)
    accepted(another_dealer(world).force_unbind(vehicle.vin, evidence), "another dealer's forced unbinding")


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
    """The last record names the dealer whose forced unbinding answered with its audit id."""
    record = last_record(world, car)
    dealers = [dealer for dealer in world.dealers.values() if record.audit_id in dealer.audit_ids]
    expect(bool(dealers), f"no dealer of the scenario was answered with the audit id {record.audit_id!r}")
    expect(
        bool(dealers) and record.dealer_id == dealers[0].dealer_id,
        f"the audit record names dealer {record.dealer_id!r}, not {dealers[0].dealer_id!r}" if dealers else "",
    )


@then(
    en="the dealer's audit records of {car:Car} name no other car",
    da="forhandlerens revisionslog for {car:Car} nævner ingen anden bil",
    no="forhandlerens revisjonslogg for {car:Car} nevner ingen annen bil",
)
def names_no_other_car(world: World, car: str) -> None:
    vin = vehicle_named(world, car).vin
    others = sorted({record.vin for record in audit_records(world, car).records if record.vin != vin})
    expect(not others, f"the audit records of {car} name other cars: {others}")
