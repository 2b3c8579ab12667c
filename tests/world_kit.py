"""Playing steps of the library directly on a :class:`twins.world.World`, without a runner."""

from __future__ import annotations

from steps import LIBRARY
from twins.world import World


def play(world: World, *texts: str) -> None:
    """Run each step text on *world* as a runner would: the one definition that reads it."""
    for text in texts:
        found = LIBRARY.match(text)
        assert found is not None, f"no step reads {text!r}"
        found.definition.function(world, **found.arguments)


BOUND_CAR = (
    "the user is logged in to the iSmart app",
    "the user sits in the car with the infotainment system on",
    'the user presses "Bind" in the app and scans the QR code on the car',
    "the user is logged in to the car",
    "the user scans the QR code on the car again",
    "the car is bound to the user",
)
"""Steps that log the user in to the car and bind it with two QR scans, checking as they go."""
