"""Steps for markets: where a car is sold and where a person lives (Denmark, Norway, Sweden).

A car's market is set by the first step that names it (``{car} is sold in {market}``); a
person's by ``{user} lives in {market}``, before anything else mentions them. Both must come
before the car or person is first used: once cast, nobody moves.
"""

from __future__ import annotations

from core.verdicts import Inconclusive, RigError
from steps.registry import given
from twins.world import World


@given(
    en="{car:Car} is sold in {market:Market}",
    da="{car:Car} er solgt i {market:Market}",
    no="{car:Car} er solgt i {market:Market}",
)
def sold_in(world: World, car: str, market: str) -> None:
    """Build *car* from the first model of the brand the platform declares for *market*; not
    applicable if the declared law of *market* excludes a service the scenario needs of it."""
    if car in world.cars:
        raise RigError(f"{car} is already built; say where it is sold before anything else mentions it")
    models = [model for model in world.declaration.models_offering(world.brand) if market in model.markets]
    if not models:
        raise Inconclusive(f"not applicable: the platform declares no {world.brand} model sold in {market}")
    world.check_market(car, models[0], market)
    world.add_car(car, world.brand, models[0], market=market)


@given(
    en="{user:User} lives in {market:Market}",
    da="{user:User} bor i {market:Market}",
    no="{user:User} bor i {market:Market}",
)
def lives_in(world: World, user: str, market: str) -> None:
    """Cast *user* in the locale of *market*: a name, a phone number and an address from there."""
    if user in world.people:
        raise RigError(f"the {user} user is already cast; say where they live before anything else mentions them")
    world.residence[user] = market


@given(
    en="{user:User} is a customer in {market:Market}",
    da="{user:User} er kunde i {market:Market}",
    no="{user:User} er kunde i {market:Market}",
)
def customer_in(world: World, user: str, market: str) -> None:
    """*user* lives in *market*, and "the car" is sold there."""
    lives_in(world, user, market)
    sold_in(world, "the car", market)
