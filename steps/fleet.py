"""Steps for a person with several cars, and for what cars and people must not share: where
each car is parked, a charge pass per account, and the brand's own dealers."""

from __future__ import annotations

from dataclasses import replace

from contract.messages import Location
from contract.myrenault import ChargePass, ChargePassQuery, DealerRecord
from core.verdicts import expect
from steps.registry import given, then
from steps.support import accepted, app_of
from steps.support import car as vehicle_named
from steps.vocabulary import PLACES
from twins.geo import offset
from twins.world import World

OTHER_BRAND = {"ismart": "myrenault", "myrenault": "ismart"}
OTHER_DEALER = "other-brand-dealer-"
"""How the dealers of the other brand are named, so that a step can tell them apart."""


@given(
    en="{car:Car} is parked in {place:Place}",
    da="{car:Car} holder parkeret i {place:Place}",
    no="{car:Car} står parkert i {place:Place}",
)
def parked_in(world: World, car: str, place: str) -> None:
    """*car* stands in *place*, and its TCU tells the platform so."""
    vehicle = vehicle_named(world, car)
    vehicle.state = replace(vehicle.state, location=Location(*PLACES[place]))
    vehicle.tcu.report_state()


def charge_pass_of(world: World, user: str) -> ChargePass:
    app = app_of(world, user)
    outcome = app.act("charge pass", app.platform.charge_pass, ChargePassQuery(app.token))
    return accepted(outcome, f"opening the charge pass of the {user} user")


@then(
    en="the charge pass of {user:User} is not the one of {other:User}",
    da="opladningskortet hos {user:User} er ikke det samme som hos {other:User}",
    no="ladekortet til {user:User} er ikke det samme som til {other:User}",
)
def charge_passes_differ(world: World, user: str, other: str) -> None:
    mine, theirs = charge_pass_of(world, user), charge_pass_of(world, other)
    expect(mine.pass_id != theirs.pass_id, f"the {user} and the {other} user share the charge pass {mine.pass_id}")


@given(
    en="dealers of the other brand are nearby too",
    da="der er også forhandlere af det andet mærke i nærheden",
    no="det er også forhandlere av det andre merket i nærheten",
)
def other_brand_dealers(world: World) -> None:
    """Approved dealers of the other brand, close to home, are known to the platform as well."""
    world.dealer_network()
    brand = OTHER_BRAND[world.brand]
    for number, (north, east) in enumerate(((1, 1), (-3, 2), (4, -4))):
        record = DealerRecord(
            f"{OTHER_DEALER}{number + 1}",
            brand,
            f"{world.casting.faker.last_name()} Auto",
            f"booking.other{number + 1}@dealers.example",
            offset(world.home, north, east),
            approved=True,
            slots=[world.clock.at(86400.0 + 3600.0 * number)],
        )
        world.provision_dealer(record)


@then(
    en="the app of {user:User} lists no dealer of the other brand",
    da="appen hos {user:User} viser ingen forhandler af det andet mærke",
    no="appen til {user:User} viser ingen forhandler av det andre merket",
)
def no_other_brand_dealer(world: World, user: str) -> None:
    dealers = accepted(app_of(world, user).last, "looking for dealers")
    others = [dealer.name for dealer in getattr(dealers, "dealers", []) if dealer.dealer_id.startswith(OTHER_DEALER)]
    expect(not others, f"the app lists dealers of the other brand: {others}")
