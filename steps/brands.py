"""Steps for worlds with cars of both brands: a car of the other brand beside the scenario's own,
and the genuine app of either brand on a person's phone (D-SEC-7)."""

from __future__ import annotations

from core.verdicts import Inconclusive, RigError
from steps.registry import given
from steps.support import GENUINE_APPS
from twins.app import App
from twins.world import World

BRANDS = {"MG": "ismart", "Renault": "myrenault"}
"""The brands as people name them, and the platform's name of each."""


def brand_app(world: World, role: str, brand: str) -> App:
    """The genuine app of *brand* on *role*'s phone: installed if the phone has no app yet or
    has the other brand's genuine app (an app installed in the scenario, genuine or not, stays)."""
    phone = world.phone(role)
    wanted = GENUINE_APPS.get(brand)
    if wanted is None:
        raise RigError(f"no genuine app is known for brand {brand!r}")
    if phone.app is None or (phone.app.identity != wanted and phone.app.identity in GENUINE_APPS.values()):
        phone.install(wanted)
    assert phone.app is not None
    return phone.app


@given(
    en="{car:Car} is a {brand} car",
    da="{car:Car} er en {brand}-bil",
    no="{car:Car} er en {brand}-bil",
)
def is_a_car_of(world: World, car: str, brand: str) -> None:
    """Build *car* as the first model the platform declares for *brand*, whatever the scenario's brand."""
    if brand not in BRANDS:
        raise RigError(f"unknown brand {brand!r}; known: {sorted(BRANDS)}")
    if car in world.cars:
        raise RigError(f"{car} already exists; say what brand it is before anything else mentions it")
    models = world.declaration.models_offering(BRANDS[brand])
    if not models:
        raise Inconclusive(f"not applicable: the platform declares no {brand} model")
    world.add_car(car, BRANDS[brand], world.placeable(car, models))


@given(
    en='{car:Car} is a "{model}" sold in {market:Market}',
    da='{car:Car} er en "{model}" solgt i {market:Market}',
    no='{car:Car} er en "{model}" solgt i {market:Market}',
)
def is_a_model_sold_in(world: World, car: str, model: str, market: str) -> None:
    """Build *car* as the declared *model* (of either brand) for *market*."""
    if car in world.cars:
        raise RigError(f"{car} already exists; say what it is before anything else mentions it")
    declared = [m for m in world.declaration.models if m.name == model]
    if not declared:
        raise Inconclusive(f"not applicable: the platform declares no model {model!r}")
    if market not in declared[0].markets:
        raise Inconclusive(f"not applicable: the platform does not sell the {model} in {market}")
    world.check_market(car, declared[0], market)
    world.add_car(car, declared[0].brand, declared[0], market=market)
