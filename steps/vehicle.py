"""Steps for the car's services: what the app lists, remote commands, status, and who may."""

from __future__ import annotations

from contract.messages import CommandAccepted, CommandName, Services, VehicleStatus
from core.verdicts import Inconclusive, RequirementViolation, RigError, expect
from steps import obligations
from steps.binding import has_bound
from steps.registry import given, then, when
from steps.support import accepted, app_of
from steps.support import car as vehicle_named
from twins.app import App
from twins.connection import Refusal
from twins.world import World


def car_with_service(world: World, service: str, *, offered: bool) -> None:
    """Build "the car" from a declared model that offers (or lacks) *service*."""
    models = [
        model for model in world.declaration.models_offering(world.brand) if (service in model.services) == offered
    ]
    if not models:
        which = "offers" if offered else "lacks"
        raise Inconclusive(f"not applicable: no declared {world.brand} model {which} {service!r}")
    world.add_car("the car", world.brand, world.placeable("the car", models))


@given(
    en='{user:User} has bound a car whose model offers "{service:Service}"',
    da='{user:User} har tilknyttet en bil hvis model tilbyder "{service:Service}"',
    no='{user:User} har koblet til en bil der modellen tilbyr "{service:Service}"',
)
def bound_car_offering(world: World, user: str, service: str) -> None:
    car_with_service(world, service, offered=True)
    has_bound(world, user, "the car")


@given(
    en='{user:User} has bound a car whose model lacks "{service:Service}"',
    da='{user:User} har tilknyttet en bil hvis model ikke tilbyder "{service:Service}"',
    no='{user:User} har koblet til en bil der modellen ikke tilbyr "{service:Service}"',
)
def bound_car_lacking(world: World, user: str, service: str) -> None:
    car_with_service(world, service, offered=False)
    has_bound(world, user, "the car")


def services_listed(world: World, user: str, car: str) -> list[str]:
    outcome = app_of(world, user).services(vehicle_named(world, car).vin)
    listed = accepted(outcome, "listing the services")
    return listed.services if isinstance(listed, Services) else []


@then(
    en='the app of {user:User} lists the service "{service:Service}" for {car:Car}',
    da='appen hos {user:User} viser tjenesten "{service:Service}" for {car:Car}',
    no='appen til {user:User} viser tjenesten "{service:Service}" for {car:Car}',
)
def lists_service(world: World, user: str, service: str, car: str) -> None:
    listed = services_listed(world, user, car)
    expect(service in listed, f"the app lists {listed}, without {service!r}")


@then(
    en='the app of {user:User} does not list the service "{service:Service}" for {car:Car}',
    da='appen hos {user:User} viser ikke tjenesten "{service:Service}" for {car:Car}',
    no='appen til {user:User} viser ikke tjenesten "{service:Service}" for {car:Car}',
)
def does_not_list_service(world: World, user: str, service: str, car: str) -> None:
    listed = services_listed(world, user, car)
    expect(service not in listed, f"the app lists {service!r} for a model that lacks it")


@when(
    en='{user:User} sends the remote command "{command:Command}" to {car:Car}',
    da='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car}',
    no='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car}',
)
def sends_command(world: World, user: str, command: CommandName, car: str) -> None:
    app = app_of(world, user)
    request_id = f"{user}-{len(app.history)}"
    world.memory.last_command[user] = (vehicle_named(world, car).vin, command, request_id)
    app.remote_command(vehicle_named(world, car).vin, command, request_id, world.memory.pins.get(user, ""))


@when(
    en='{user:User} sends the remote command "{command:Command}" to {car:Car} '
    "but the connection drops before the answer",
    da='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car}, men forbindelsen falder ud før svaret',
    no='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car}, men forbindelsen faller ut før svaret',
)
def sends_command_reply_lost(world: World, user: str, command: CommandName, car: str) -> None:
    world.phone(user).lose_next_reply = True
    sends_command(world, user, command, car)


@when(
    en="{user:User} tries the same command again",
    da="{user:User} prøver den samme kommando igen",
    no="{user:User} prøver den samme kommandoen igjen",
)
def retries_command(world: World, user: str) -> None:
    if user not in world.memory.last_command:
        raise RigError(f"the {user} user has sent no command to try again")
    vin, command, request_id = world.memory.last_command[user]
    app_of(world, user).remote_command(vin, command, request_id, world.memory.pins.get(user, ""))


@then(
    en='{car:Car} carries out "{command:Command}" exactly once within {duration:Duration}',
    da='{car:Car} udfører "{command:Command}" præcis én gang inden for {duration:Duration}',
    no='{car:Car} utfører "{command:Command}" nøyaktig én gang innen {duration:Duration}',
)
def carries_out_once(world: World, car: str, command: CommandName, duration: float) -> None:
    """By *duration* after the start of this step, *car* has carried out *command* once in the
    whole scenario: a retry must not make a second effect, whenever the first one was."""
    world.advance(duration)
    count = vehicle_named(world, car).tcu.executed.count(command)
    expect(count == 1, f"{car} carried out {command!r} {count} times")


@then(
    en='{car:Car} carries out "{command:Command}" within {duration:Duration}',
    da='{car:Car} udfører "{command:Command}" inden for {duration:Duration}',
    no='{car:Car} utfører "{command:Command}" innen {duration:Duration}',
)
def carries_out(world: World, car: str, command: CommandName, duration: float) -> None:
    """*car* carries out *command* between the start of this step and *duration* later."""
    tcu = vehicle_named(world, car).tcu
    before = len(tcu.executed)
    world.wait_for(lambda: command in tcu.executed[before:], duration)
    expect(command in tcu.executed[before:], f"{car} did not carry out {command!r} within {duration:.0f} s")


@then(
    en="{car:Car} carries out no command within {duration:Duration}",
    da="{car:Car} udfører ingen kommando inden for {duration:Duration}",
    no="{car:Car} utfører ingen kommando innen {duration:Duration}",
)
def carries_out_nothing(world: World, car: str, duration: float) -> None:
    """*car* carries out nothing between the start of this step and *duration* later."""
    executed = vehicle_named(world, car).tcu.executed
    before = len(executed)
    world.advance(duration)
    expect(not executed[before:], f"{car} carried out {executed[before:]}")


def accepted_commands(app: App) -> list[CommandAccepted]:
    """The commands the platform accepted from *app*, in the order sent."""
    return [outcome for outcome in app.history if isinstance(outcome, CommandAccepted)]


def sent_commands(app: App, user: str, purpose: str) -> list[CommandAccepted]:
    """The commands the platform accepted from *user*'s *app*, for a step that needs one
    (*purpose*): none because the platform refused them is a fail of the requirements of
    ``remote_command`` (:mod:`steps.obligations`); none sent at all, a bad scenario."""
    sent = accepted_commands(app)
    if sent:
        return sent
    refusals = [item for item in app.history if isinstance(item, Refusal) and item.operation == "remote_command"]
    if refusals:
        raise obligations.refused(refusals[-1], f"an accepted command of the {user} user {purpose}")
    raise RigError(f"the {user} user has no accepted command {purpose}")


@when(
    en="{user:User} looks at the command in the app",
    da="{user:User} ser på kommandoen i appen",
    no="{user:User} ser på kommandoen i appen",
)
def looks_at_command(world: World, user: str) -> None:
    """Open the last accepted command's status in the app (what it shows is judged by the manuals)."""
    app = app_of(world, user)
    app.command_status(sent_commands(app, user, "to look at")[-1].command_id)


@then(
    en='the app of {user:User} shows the command as "{state}"',
    da='appen hos {user:User} viser kommandoen som "{state}"',
    no='appen til {user:User} viser kommandoen som "{state}"',
)
def shows_command_state(world: World, user: str, state: str) -> None:
    app = app_of(world, user)
    sent = accepted_commands(app)
    expect(bool(sent), f"the {user} user has no accepted command to look at")  # the platform refused it: fail
    status = accepted(app.command_status(sent[-1].command_id), "reading the command's status")
    expect(status.state == state, f"the app shows the command as {status.state!r}, not {state!r}")


@given(
    en="the TCU of {car:Car} is asleep",
    da="TCU'en i {car:Car} sover",
    no="TCU-en i {car:Car} sover",
)
def tcu_asleep(world: World, car: str) -> None:
    vehicle_named(world, car).tcu.fall_asleep()


@then(
    en="the TCU of {car:Car} was woken by an SMS",
    da="TCU'en i {car:Car} blev vækket af en SMS",
    no="TCU-en i {car:Car} ble vekket av en SMS",
)
def tcu_was_woken(world: World, car: str) -> None:
    expect(vehicle_named(world, car).tcu.wake_ups > 0, f"nothing woke the TCU of {car}")


@then(
    en='the app of {user:User} shows the command as "{state}" within {duration:Duration}',
    da='appen hos {user:User} viser kommandoen som "{state}" inden for {duration:Duration}',
    no='appen til {user:User} viser kommandoen som "{state}" innen {duration:Duration}',
)
def shows_command_state_within(world: World, user: str, state: str, duration: float) -> None:
    deadline = world.env.now + duration
    while True:
        try:
            shows_command_state(world, user, state)
            return
        except RequirementViolation:
            if world.env.now >= deadline:
                raise
        world.advance(min(30.0, deadline - world.env.now))


@when(
    en="{user:User} asks for the status of {car:Car}",
    da="{user:User} beder om status for {car:Car}",
    no="{user:User} ber om status for {car:Car}",
)
def asks_status(world: World, user: str, car: str) -> None:
    app_of(world, user).vehicle_status(vehicle_named(world, car).vin)


@then(
    en="the app of {user:User} shows where {car:Car} is parked and whether it is locked",
    da="appen hos {user:User} viser hvor {car:Car} holder, og om den er låst",
    no="appen til {user:User} viser hvor {car:Car} står parkert, og om den er låst",
)
def shows_status(world: World, user: str, car: str) -> None:
    status = accepted(app_of(world, user).last, "reading the car's status")
    vehicle = vehicle_named(world, car)
    expect(isinstance(status, VehicleStatus), f"the status answer is {status!r}")
    assert isinstance(status, VehicleStatus)
    expect(status.location == vehicle.location, f"the app shows the car at {status.location}, not where it is")
    expect(status.locked == vehicle.state.locked, f"the app shows locked={status.locked}, the car says otherwise")
