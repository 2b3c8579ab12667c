"""Steps for the head unit and binding: the "User" menu, two QR scans, typed credentials."""

from __future__ import annotations

from contract.messages import QrScanned
from core.verdicts import RigError, expect
from steps.accounts import is_logged_in
from steps.registry import given, then, when
from steps.support import accepted, app_of, established, identifier, role_of
from steps.support import car as vehicle_named
from twins.connection import Refusal
from twins.world import World

EVENT_WAIT = 60.0
"""How long the head unit may take to show news from the platform."""


@given(
    en="{user:User} sits in {car:Car} with the infotainment system on",
    da="{user:User} sidder i {car:Car} med infotainmentsystemet tændt",
    no="{user:User} sitter i {car:Car} med multimediesystemet slått på",
)
def sits_in_car(world: World, user: str, car: str) -> None:
    vehicle = vehicle_named(world, car)
    vehicle.cabin.occupants.add(user)
    if not vehicle.head_unit.powered:
        vehicle.head_unit.power_on()


@when(
    en='{user:User} presses "User" in the main menu of {car:Car}',
    da='{user:User} trykker på "User" i hovedmenuen i {car:Car}',
    no='{user:User} trykker på "User" i hovedmenyen i {car:Car}',
)
def opens_user_menu(world: World, user: str, car: str) -> None:
    vehicle = vehicle_named(world, car)
    if user not in vehicle.cabin.occupants:
        raise RigError(f"the {user} user is not in {car}; add a step that seats them first")
    vehicle.head_unit.open_user_menu()


@then(
    en="the head unit of {car:Car} shows a QR code",
    da="skærmen i {car:Car} viser en QR-kode",
    no="skjermen i {car:Car} viser en QR-kode",
)
def shows_qr(world: World, car: str) -> None:
    screen = vehicle_named(world, car).head_unit.look()
    expect(bool(screen.qr), f"the head unit shows no QR code (platform answer: {screen.message or 'none'})")


def current_qr(world: World, user: str, car: str) -> str:
    """The QR code *user* sees on *car*'s head unit, opening the "User" menu if needed."""
    unit = vehicle_named(world, car).head_unit
    if unit.screen.menu != "user":
        opens_user_menu(world, user, car)
    scanned = set(world.memory.scanned.values())
    world.wait_for(lambda: unit.look().qr not in scanned, EVENT_WAIT)  # a scan just made: the next QR
    shows_qr(world, car)
    return world.phone(user).photograph(unit.look())


@when(
    en='{user:User} presses "Bind" in the app and scans the QR code on {car:Car}',
    da='{user:User} trykker "Bind" i appen og scanner QR-koden i {car:Car}',
    no='{user:User} trykker "Bind" i appen og skanner QR-koden i {car:Car}',
)
def scans_qr(world: World, user: str, car: str) -> None:
    qr = current_qr(world, user, car)
    world.memory.scanned[user] = qr
    app_of(world, user).scan_qr(qr)


@when(
    en="{user:User} scans the QR code on {car:Car} again",
    da="{user:User} scanner QR-koden i {car:Car} igen",
    no="{user:User} skanner QR-koden i {car:Car} igjen",
)
def scans_qr_again(world: World, user: str, car: str) -> None:
    unit, scanned = vehicle_named(world, car).head_unit, world.memory.scanned.get(user)
    world.wait_for(lambda: unit.look().qr not in ("", scanned), EVENT_WAIT)
    scans_qr(world, user, car)


@when(
    en="{user:User} takes a photo of the QR code on {car:Car}",
    da="{user:User} tager et billede af QR-koden i {car:Car}",
    no="{user:User} tar et bilde av QR-koden i {car:Car}",
)
def photographs_qr(world: World, user: str, car: str) -> None:
    world.memory.photos[user] = current_qr(world, user, car)


@when(
    en="{user:User} scans the photo of the QR code",
    da="{user:User} scanner billedet af QR-koden",
    no="{user:User} skanner bildet av QR-koden",
)
def scans_photo(world: World, user: str) -> None:
    photo = world.memory.photos.get(user)
    if photo is None:
        raise RigError(f"the {user} user has taken no photo of a QR code in this scenario")
    app_of(world, user).scan_qr(photo)


@when(
    en="{user:User} types their {kind:Identifier} and password on the head unit of {car:Car}",
    da="{user:User} indtaster {kind:Identifier} og password på skærmen i {car:Car}",
    no="{user:User} skriver inn {kind:Identifier} og passord på skjermen i {car:Car}",
)
def types_credentials(world: World, user: str, kind: str, car: str) -> None:
    person = world.person(user)
    vehicle_named(world, car).head_unit.type_credentials(identifier(person, kind), person.password)


@when(
    en="{user:User} types a wrong password on the head unit of {car:Car}",
    da="{user:User} indtaster et forkert password på skærmen i {car:Car}",
    no="{user:User} skriver inn feil passord på skjermen i {car:Car}",
)
def types_wrong_password(world: World, user: str, car: str) -> None:
    person = world.person(user)
    ident = world.memory.identifiers.get(user, person.number)
    vehicle_named(world, car).head_unit.type_credentials(ident, person.password + "x")


@then(
    en='the head unit of {car:Car} refuses with "{code:Code}"',
    da='skærmen i {car:Car} viser afvisningen "{code:Code}"',
    no='skjermen i {car:Car} viser avvisningen "{code:Code}"',
)
def head_unit_refuses(world: World, car: str, code: str) -> None:
    message = vehicle_named(world, car).head_unit.screen.message
    expect(message == code, f"the head unit shows {message or 'no refusal'!r}, not {code!r}")


@then(
    en="the head unit of {car:Car} accepts the credentials",
    da="skærmen i {car:Car} accepterer login-oplysningerne",
    no="skjermen i {car:Car} godtar innloggingsopplysningene",
)
def head_unit_accepts(world: World, car: str) -> None:
    message = vehicle_named(world, car).head_unit.screen.message
    expect(not message, f"the head unit refused the credentials with {message!r}")


@then(
    en="{user:User} is logged in to {car:Car}",
    da="{user:User} er logget ind i {car:Car}",
    no="{user:User} er logget inn i {car:Car}",
)
def is_logged_in_to_car(world: World, user: str, car: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role == "logged_in", f"the app of the {user} user lists {car} as {role or 'not theirs'!r}")


@then(
    en="{user:User} is not logged in to {car:Car}",
    da="{user:User} er ikke logget ind i {car:Car}",
    no="{user:User} er ikke logget inn i {car:Car}",
)
def is_not_logged_in_to_car(world: World, user: str, car: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role == "", f"the app of the {user} user lists {car} as {role!r}")


@then(
    en="{car:Car} is bound to {user:User}",
    da="{car:Car} er tilknyttet {user:User}",
    no="{car:Car} er koblet til {user:User}",
)
@then(
    en="{car:Car} is still bound to {user:User}",
    da="{car:Car} er stadig tilknyttet {user:User}",
    no="{car:Car} er fortsatt koblet til {user:User}",
)
def is_bound(world: World, car: str, user: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role == "bound", f"the app of the {user} user lists {car} as {role or 'not theirs'!r}, not bound")


@then(
    en="{car:Car} is not bound to {user:User}",
    da="{car:Car} er ikke tilknyttet {user:User}",
    no="{car:Car} er ikke koblet til {user:User}",
)
def is_not_bound(world: World, car: str, user: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    expect(role != "bound", f"{car} is still bound to the {user} user")


@then(
    en="{user:User} no longer sees {car:Car} in the app",
    da="{user:User} ser ikke længere {car:Car} i appen",
    no="{user:User} ser ikke lenger {car:Car} i appen",
)
def no_longer_sees(world: World, user: str, car: str) -> None:
    role = role_of(world, user, vehicle_named(world, car))
    if world.declaration.values.unbind_logs_out_head_unit is False and role == "logged_in":
        return  # the platform declares that an unbinding leaves the head-unit log-in (IS-USER-3)
    expect(role == "", f"the app of the {user} user still lists {car} ({role})")


@then(
    en="the head unit of {car:Car} shows {user:User} as bound",
    da="skærmen i {car:Car} viser {user:User} som tilknyttet",
    no="skjermen i {car:Car} viser {user:User} som koblet til",
)
def head_unit_shows_bound(world: World, car: str, user: str) -> None:
    unit, account = vehicle_named(world, car).head_unit, app_of(world, user).account_id
    world.wait_for(lambda: unit.screen.bound and unit.screen.user == account, EVENT_WAIT)
    expect(
        unit.screen.bound and unit.screen.user == account,
        f"the head unit shows user {unit.screen.user!r} (bound: {unit.screen.bound}), not the {user} user",
    )


@then(
    en="the head unit of {car:Car} shows no user",
    da="skærmen i {car:Car} viser ingen bruger",
    no="skjermen i {car:Car} viser ingen bruker",
)
def head_unit_shows_no_user(world: World, car: str) -> None:
    unit = vehicle_named(world, car).head_unit
    world.wait_for(lambda: not unit.screen.user, EVENT_WAIT)
    expect(not unit.screen.user, f"the head unit still shows user {unit.screen.user!r}")


def bind_with_two_scans(world: World, user: str, car: str) -> list[object]:
    """The whole binding as the guide tells it; the app's answers to the two scans (one, if the
    user was still logged in to the head unit and the first scan bound the car)."""
    is_logged_in(world, user)
    sits_in_car(world, user, car)
    scans_qr(world, user, car)
    first = app_of(world, user).last
    if isinstance(first, Refusal) or (isinstance(first, QrScanned) and first.stage == "bound"):
        return [first]
    scans_qr_again(world, user, car)
    return [first, app_of(world, user).last]


@when(
    en="{user:User} binds {car:Car} with two QR scans",
    da="{user:User} tilknytter {car:Car} med to QR-scanninger",
    no="{user:User} kobler til {car:Car} med to QR-skanninger",
)
def binds(world: World, user: str, car: str) -> None:
    for outcome in bind_with_two_scans(world, user, car):
        accepted(outcome, f"a QR scan on {car}")


@given(
    en="{user:User} has bound {car:Car}",
    da="{user:User} har tilknyttet {car:Car}",
    no="{user:User} har koblet til {car:Car}",
)
def has_bound(world: World, user: str, car: str) -> None:
    for outcome in bind_with_two_scans(world, user, car):
        established(outcome, f"{car} bound to the {user} user")


@given(
    en="{user:User} has logged in to {car:Car} with the first scan",
    da="{user:User} har logget ind i {car:Car} med første scanning",
    no="{user:User} har logget inn i {car:Car} med første skanning",
)
def has_logged_in_to_car(world: World, user: str, car: str) -> None:
    """The first scan, and the head unit's screen after it: a fresh QR code once the car has heard."""
    is_logged_in(world, user)
    sits_in_car(world, user, car)
    scans_qr(world, user, car)
    established(app_of(world, user).last, f"the {user} user logged in to {car}")
    unit, scanned = vehicle_named(world, car).head_unit, world.memory.scanned.get(user)
    world.wait_for(lambda: unit.look().qr not in ("", scanned), EVENT_WAIT)
