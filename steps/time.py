"""Steps that let virtual time pass."""

from __future__ import annotations

from steps.registry import when
from twins.world import World


@when(
    en="{duration:Duration} pass",
    da="der går {duration:Duration}",
    no="det går {duration:Duration}",
)
@when(
    en="{duration:Duration} passes",
    da="der er gået {duration:Duration}",
    no="det har gått {duration:Duration}",
)
def time_passes(world: World, duration: float) -> None:
    world.advance(duration)
