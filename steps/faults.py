"""Steps that inject the faults real cars and networks meet, on the seeded random stream."""

from __future__ import annotations

from steps.registry import given
from twins.gateways import LoseNext
from twins.world import World


@given(
    en="the next SMS gets lost",
    da="den næste SMS går tabt",
    no="den neste SMS-en går tapt",
)
def next_sms_lost(world: World) -> None:
    world.sms_gateway.policy = LoseNext(world.sms_gateway.policy)
