"""Steps for the phone's own internet connection (MR-NET-1)."""

from __future__ import annotations

from steps.registry import given, when
from twins.world import World


@given(
    en="the phone of {user:User} has no internet connection",
    da="telefonen hos {user:User} har ingen internetforbindelse",
    no="telefonen til {user:User} har ingen internettforbindelse",
)
def phone_offline(world: World, user: str) -> None:
    world.phone(user).online = False


@when(
    en="the phone of {user:User} is back online",
    da="telefonen hos {user:User} er online igen",
    no="telefonen til {user:User} er tilkoblet igjen",
)
def phone_online(world: World, user: str) -> None:
    world.phone(user).online = True
