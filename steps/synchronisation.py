"""Steps for My Renault vehicles: adding a car by VIN or plate, and synchronising with it."""

from __future__ import annotations

from contract.myrenault import AddVehicle, StartSync, SyncQuery, SyncStarted, SyncStatus
from contract.vin import check_digit
from core.verdicts import Inconclusive, RequirementViolation, RigError, expect
from steps import obligations
from steps.binding import sits_in_car
from steps.confirmed_accounts import is_logged_in_to_my_renault
from steps.registry import given, then, when
from steps.support import accepted, app_of, established, role_of
from steps.support import car as vehicle_named
from twins.vehicle import Vehicle
from twins.world import World

SYNC_WAIT = 10 * 60.0
"""How long a user watches the app for the synchronisation to end before calling it stuck."""
SYNC_POLL = 15.0


def mistyped(vin: str, mistake: str) -> str:
    """*vin* typed with *mistake*: "short", "letter_o" or "check_digit"."""
    if mistake == "short":
        return vin[:-1]
    if mistake == "letter_o":
        return vin[:12] + "O" + vin[13:]
    wrong = next(digit for digit in "0123456789X" if digit != check_digit(vin))
    return vin[:8] + wrong + vin[9:]


def add(world: World, user: str, vehicle: Vehicle, *, vin: str = "", plate: str = "") -> None:
    app = app_of(world, user)
    app.act("add a vehicle", app.platform.add_vehicle, AddVehicle(app.token, vin, plate))


@when(
    en="{user:User} adds {car:Car} by its {what:VehicleId}, {how:Entry}",
    da="{user:User} tilføjer {car:Car} med sit {what:VehicleId}, {how:Entry}",
    no="{user:User} legger til {car:Car} med {what:VehicleId}, {how:Entry}",
)
def adds_vehicle(world: World, user: str, car: str, what: str, how: str) -> None:
    vehicle = vehicle_named(world, car)
    value = vehicle.vin if what == "vin" else vehicle.record.plate
    if how == "scanned":
        world.trace.record(world.env.now, world.phone(user).name, vehicle.name, f"camera reads {value}")
    add(world, user, vehicle, **{what: value})


@when(
    en="{user:User} types the VIN of {car:Car} with {mistake:VinMistake}",
    da="{user:User} indtaster stelnummeret for {car:Car} med {mistake:VinMistake}",
    no="{user:User} skriver inn understellsnummeret til {car:Car} med {mistake:VinMistake}",
)
def types_wrong_vin(world: World, user: str, car: str, mistake: str) -> None:
    vehicle = vehicle_named(world, car)
    add(world, user, vehicle, vin=mistyped(vehicle.vin, mistake))


@when(
    en="{user:User} types a registration number that belongs to no car",
    da="{user:User} indtaster et registreringsnummer, der ikke hører til nogen bil",
    no="{user:User} skriver inn et registreringsnummer som ikke hører til noen bil",
)
def types_unknown_plate(world: World, user: str) -> None:
    vehicle = vehicle_named(world, "the car")
    plate = world.casting.plate()
    while plate == vehicle.record.plate:
        plate = world.casting.plate()
    add(world, user, vehicle, plate=plate)


@then(
    en="{car:Car} is in the app of {user:User}",
    da="{car:Car} er i appen hos {user:User}",
    no="{car:Car} er i appen til {user:User}",
)
def car_in_app(world: World, car: str, user: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role in ("added", "synchronised"), f"the app of the {user} user does not list {car} ({role or 'absent'})")


@then(
    en="{car:Car} is not in the app of {user:User}",
    da="{car:Car} er ikke i appen hos {user:User}",
    no="{car:Car} er ikke i appen til {user:User}",
)
def car_not_in_app(world: World, car: str, user: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role == "", f"the app of the {user} user lists {car} as {role!r}")


@given(
    en="{user:User} has added {car:Car} to the account",
    da="{user:User} har tilføjet {car:Car} til kontoen",
    no="{user:User} har lagt til {car:Car} i kontoen",
)
def has_added(world: World, user: str, car: str) -> None:
    is_logged_in_to_my_renault(world, user)
    vehicle = vehicle_named(world, car)
    add(world, user, vehicle, vin=vehicle.vin)
    established(app_of(world, user).last, f"{car} added to the account")


# --- synchronisation --------------------------------------------------------------------------


@given(
    en="{user:User} sits in {car:Car} with the multimedia system on",
    da="{user:User} sidder i {car:Car} med multimediesystemet tændt",
    no="{user:User} sitter i {car:Car} med multimediesystemet på",
)
def sits_with_multimedia_on(world: World, user: str, car: str) -> None:
    sits_in_car(world, user, car)


@given(
    en="{condition:Condition}",
    da="{condition:Condition}",
    no="{condition:Condition}",
)
def condition_missing(world: World, condition: str) -> None:
    """One of the four conditions of synchronising does not hold (for "the car", "the user")."""
    vehicle = vehicle_named(world, "the car")
    if condition == "not_in_cabin":
        vehicle.cabin.occupants.discard("user")
    elif condition == "driving":
        vehicle.parked = False
    elif condition == "no_coverage":
        vehicle.coverage = False
    elif condition == "multimedia_off":
        vehicle.head_unit.power_off()


def start_sync(world: World, user: str, car: str, *, confirmed: bool) -> None:
    app = app_of(world, user)
    outcome = app.act(
        "synchronise", app.platform.start_sync, StartSync(app.token, vehicle_named(world, car).vin, confirmed)
    )
    if isinstance(outcome, SyncStarted):
        world.memory.syncs[user] = outcome.sync_id


@when(
    en='{user:User} presses "Synchronise vehicle" for {car:Car} and confirms by pressing again',
    da='{user:User} trykker på "Synkroniser køretøjet" for {car:Car} og bekræfter ved at trykke igen',
    no='{user:User} trykker på "Synkroniser kjøretøyet" for {car:Car} og bekrefter ved å trykke en gang til',
)
def presses_synchronise(world: World, user: str, car: str) -> None:
    start_sync(world, user, car, confirmed=True)


@when(
    en='{user:User} presses "Synchronise vehicle" for {car:Car} only once',
    da='{user:User} trykker på "Synkroniser køretøjet" for {car:Car} kun én gang',
    no='{user:User} trykker på "Synkroniser kjøretøyet" for {car:Car} bare én gang',
)
def presses_synchronise_once(world: World, user: str, car: str) -> None:
    start_sync(world, user, car, confirmed=False)


@when(
    en="{user:User} follows the instructions on the multimedia screen of {car:Car}",
    da="{user:User} følger instruktionerne på multimedieskærmen i {car:Car}",
    no="{user:User} følger instruksjonene på skjermen til multimediesystemet i {car:Car}",
)
def follows_screen(world: World, user: str, car: str) -> None:
    vehicle = vehicle_named(world, car)
    if user not in vehicle.cabin.occupants:
        raise RigError(f"the {user} user is not in {car} and cannot touch its screen")
    unit = vehicle.head_unit
    world.wait_for(lambda: unit.screen.menu == "synchronise", 60.0)
    expect(unit.confirm_sync() is not None, "the multimedia screen shows no synchronisation instructions")


def sync_outcome(world: World, user: str) -> SyncStatus:
    """The synchronisation's end as the app shows it, polling until it is no longer waiting."""
    app, sync_id = app_of(world, user), world.memory.syncs.get(user)
    if sync_id is None:
        raise RequirementViolation(
            f"no synchronisation was started for the {user} user: {app.screen.error or 'no answer'}"
        )
    deadline = world.env.now + SYNC_WAIT
    while True:
        status = accepted(
            app.act("synchronise", app.platform.sync_status, SyncQuery(app.token, sync_id)),
            "reading the synchronisation",
        )
        if status.state != "waiting" or world.env.now >= deadline:
            return status
        world.advance(SYNC_POLL)


@when(
    en="{user:User} synchronises {car:Car} from the app",
    da="{user:User} synkroniserer {car:Car} fra appen",
    no="{user:User} synkroniserer {car:Car} fra appen",
)
def synchronises(world: World, user: str, car: str) -> None:
    """The whole of the manual's synchronisation, as far as the situation allows."""
    presses_synchronise(world, user, car)
    vehicle = vehicle_named(world, car)
    if user in vehicle.cabin.occupants and user in world.memory.syncs:
        world.wait_for(lambda: vehicle.head_unit.screen.menu == "synchronise", 60.0)
        vehicle.head_unit.confirm_sync()


@then(
    en="the app of {user:User} shows {car:Car} as synchronised",
    da="appen hos {user:User} viser {car:Car} som synkroniseret",
    no="appen til {user:User} viser {car:Car} som synkronisert",
)
def shows_synchronised(world: World, user: str, car: str) -> None:
    if user in world.memory.syncs:
        status = sync_outcome(world, user)
        expect(status.state == "linked", f"the synchronisation ended {status.state!r} ({status.reason or 'no reason'})")
    role = role_of(world, user, vehicle_named(world, car))
    expect(role == "synchronised", f"the app of the {user} user lists {car} as {role or 'absent'!r}")


@then(
    en='the synchronisation fails with the reason "{reason}"',
    da='synkroniseringen mislykkes med årsagen "{reason}"',
    no='synkroniseringen mislykkes med årsaken "{reason}"',
)
def sync_fails(world: World, reason: str) -> None:
    status = sync_outcome(world, "user")
    expect(status.state == "failed", f"the synchronisation ended {status.state!r}, not failed")
    expect(status.reason == reason, f"the synchronisation failed with {status.reason!r}, not {reason!r}")


@then(
    en="{car:Car} is not synchronised with {user:User}",
    da="{car:Car} er ikke synkroniseret med {user:User}",
    no="{car:Car} er ikke synkronisert med {user:User}",
)
def not_synchronised(world: World, car: str, user: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role != "synchronised", f"{car} is synchronised with the {user} user all the same")


@when(
    en="the multimedia system of {car:Car} restarts",
    da="multimediesystemet i {car:Car} genstarter",
    no="multimediesystemet i {car:Car} starter på nytt",
)
def multimedia_restarts(world: World, car: str) -> None:
    vehicle_named(world, car).head_unit.restart()


@given(
    en="{user:User} has synchronised {car:Car}",
    da="{user:User} har synkroniseret {car:Car}",
    no="{user:User} har synkronisert {car:Car}",
)
def has_synchronised(world: World, user: str, car: str) -> None:
    """The whole synchronisation with the four conditions met (MR-SYNC-2): one that does not
    link fails MR-SYNC-3, unless the scenario took one of the conditions away."""
    has_added(world, user, car)
    sits_in_car(world, user, car)
    synchronises(world, user, car)
    situation = f"{car} synchronised with the {user} user"
    established(app_of(world, user).last, situation)
    status = sync_outcome(world, user)
    if status.state == "linked":
        return
    vehicle = vehicle_named(world, car)
    what = f"the synchronisation ended {status.state} ({status.reason or 'no reason'})"
    if not conditions_hold(vehicle, user):
        raise Inconclusive(f"could not set up {situation}: {what}, and a condition of synchronising is missing")
    raise obligations.broken(("MR-SYNC-2", "MR-SYNC-3"), f"{what} with all four conditions met", situation)


def conditions_hold(vehicle: Vehicle, user: str) -> bool:
    """The four conditions of synchronising (MR-SYNC-2): *user* in the cabin, the car parked,
    network coverage where it stands, the multimedia system on."""
    return user in vehicle.cabin.occupants and vehicle.parked and vehicle.coverage and vehicle.head_unit.powered
