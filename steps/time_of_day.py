"""Steps for the time of day in a car's market: "it is 23:30 where the car is", and when a
programmed charging or climate starts.

The world's clock is UTC; a market's clock is its local time (Europe/Copenhagen, Europe/Oslo,
Europe/Stockholm). A time of day such as "06:00" always means its next occurrence, counted from
the moment the step starts: at 23:30, "06:00" is tomorrow morning.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.verdicts import expect
from steps.registry import given, then
from steps.support import car as vehicle_named
from twins.world import World

ZONES = {"DK": "Europe/Copenhagen", "NO": "Europe/Oslo", "SE": "Europe/Stockholm"}
START_TOLERANCE = 60.0
"""Seconds a programmed start may come after its time (the car's own clock and its TCU), never before."""


def zone_of(world: World, car: str) -> ZoneInfo:
    """The time zone of *car*'s market (UTC for a market the rig does not know)."""
    return ZoneInfo(ZONES.get(vehicle_named(world, car).record.market, "UTC"))


def next_local(world: World, clock: str, car: str = "the car") -> float:
    """The virtual second of the next *clock* ("HH:MM") in *car*'s market, after now."""
    hours, minutes = (int(part) for part in clock.split(":"))
    zone = zone_of(world, car)
    now = world.clock.now().astimezone(zone)
    moment = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if moment <= now:
        moment = (now + timedelta(days=1)).replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return world.clock.seconds(moment)


def local(world: World, car: str, at: float) -> datetime:
    return world.clock.at(at).astimezone(zone_of(world, car))


@given(
    en="it is {time:TimeOfDay} in the market of {car:Car}",
    da="klokken er {time:TimeOfDay} i markedet for {car:Car}",
    no="klokken er {time:TimeOfDay} i markedet til {car:Car}",
)
def it_is(world: World, time: str, car: str) -> None:
    """Let time pass until the clocks of *car*'s market show *time* (today, or else tomorrow)."""
    world.advance_to(next_local(world, time, car))


def programmed_start(world: World, car: str, command: str, time: str) -> None:
    """*car* starts its programmed *command* at the next *time* of its market: not a second
    before, and within :data:`START_TOLERANCE` after."""
    due = next_local(world, time, car)
    tcu = vehicle_named(world, car).tcu

    def starts() -> list[float]:
        return [at for name, at in tcu.started if name == command]

    world.wait_for(lambda: bool(starts()), due - world.env.now + START_TOLERANCE)
    found = starts()
    expect(bool(found), f"{car} had not started its programme {START_TOLERANCE:.0f} s after {time}")
    expect(
        bool(found) and found[0] >= due - 1e-3,
        f"{car} started its programme at {local(world, car, found[0]):%Y-%m-%d %H:%M}, before {time}" if found else "",
    )


@then(
    en="the programmed charging of {car:Car} starts at {time:TimeOfDay}",
    da="den programmerede opladning af {car:Car} starter kl. {time:TimeOfDay}",
    no="den programmerte ladingen av {car:Car} starter kl. {time:TimeOfDay}",
)
def charging_starts_at(world: World, car: str, time: str) -> None:
    programmed_start(world, car, "schedule_charging", time)


@then(
    en="the programmed climate of {car:Car} starts at {time:TimeOfDay}",
    da="det programmerede klimaanlæg i {car:Car} starter kl. {time:TimeOfDay}",
    no="det programmerte klimaanlegget i {car:Car} starter kl. {time:TimeOfDay}",
)
def climate_starts_at(world: World, car: str, time: str) -> None:
    programmed_start(world, car, "schedule_climate", time)
