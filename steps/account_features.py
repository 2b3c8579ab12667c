"""Steps for what a My Renault account offers: vehicle information, locating, PIN, activation,
contracts and renewal, the E-guide, dealers nearby and appointments, and web-or-app limits."""

from __future__ import annotations

from contract.geo import distance_km
from contract.messages import Ack, CommandName, ServiceTerm, VehicleQuery, VehicleStatus
from contract.myrenault import BookAppointment, DealerQuery, FindDealers, RenewService, SetPin
from core.verdicts import Inconclusive, RigError, expect
from steps.registry import given, then, when
from steps.support import accepted, app_of, client_of, established, last_client
from steps.support import car as vehicle_named
from steps.synchronisation import has_synchronised
from steps.vehicle import sends_command
from twins.world import World

SERVICE_NAMES = {
    "connected services": "connected_services",
    "tilkoblede tjenester": "connected_services",
    "forbundne tjenester": "connected_services",
}


def query(world: World, user: str, car: str, client: str = "app") -> VehicleQuery:
    return VehicleQuery(client_of(world, user, client).token, vehicle_named(world, car).vin)


@when(
    en="{user:User} opens the vehicle information of {car:Car}",
    da="{user:User} åbner køretøjsoplysningerne for {car:Car}",
    no="{user:User} åpner kjøretøyinformasjonen for {car:Car}",
)
def opens_vehicle_info(world: World, user: str, car: str) -> None:
    app = app_of(world, user)
    app.act("vehicle information", app.platform.vehicle_info, query(world, user, car))


@then(
    en="the app of {user:User} shows the model, plate and VIN of {car:Car}",
    da="appen hos {user:User} viser model, nummerplade og stelnummer for {car:Car}",
    no="appen til {user:User} viser modell, skilt og understellsnummer for {car:Car}",
)
def shows_vehicle_info(world: World, user: str, car: str) -> None:
    info = accepted(app_of(world, user).last, "opening the vehicle information")
    record = vehicle_named(world, car).record
    shown = (getattr(info, "model", ""), getattr(info, "plate", ""), getattr(info, "vin", ""))
    expect(shown == (record.model, record.plate, record.vin), f"the app shows {shown}, the car is {record}")


@when(
    en="{user:User} locates {car:Car} on {client:Client}",
    da="{user:User} finder {car:Car} på {client:Client}",
    no="{user:User} finner {car:Car} på {client:Client}",
)
def locates(world: World, user: str, car: str, client: str) -> None:
    source = client_of(world, user, client)
    source.act("locate", source.platform.vehicle_status, query(world, user, car, client))


@then(
    en="the app of {user:User} shows where {car:Car} is parked",
    da="appen hos {user:User} viser hvor {car:Car} holder parkeret",
    no="appen til {user:User} viser hvor {car:Car} står parkert",
)
def shows_location(world: World, user: str, car: str) -> None:
    status = accepted(app_of(world, user).last, "locating the car")
    vehicle = vehicle_named(world, car)
    expect(
        isinstance(status, VehicleStatus) and status.location == vehicle.location,
        f"the app shows {getattr(status, 'location', None)}, the car is at {vehicle.location}",
    )


# --- PIN, activation, remote control ----------------------------------------------------------


@when(
    en='{user:User} creates the My Renault PIN "{pin}"',
    da='{user:User} opretter My Renault-pinkoden "{pin}"',
    no='{user:User} oppretter PIN-koden My Renault "{pin}"',
)
def creates_pin(world: World, user: str, pin: str) -> None:
    app = app_of(world, user)
    if isinstance(app.act("PIN", app.platform.set_pin, SetPin(app.token, pin)), Ack):
        world.memory.pins[user] = pin


@when(
    en='{user:User} changes the My Renault PIN from "{old}" to "{new}"',
    da='{user:User} ændrer My Renault-pinkoden fra "{old}" til "{new}"',
    no='{user:User} endrer PIN-koden My Renault fra "{old}" til "{new}"',
)
def changes_pin(world: World, user: str, old: str, new: str) -> None:
    app = app_of(world, user)
    if isinstance(app.act("PIN", app.platform.set_pin, SetPin(app.token, new, old)), Ack):
        world.memory.pins[user] = new


@when(
    en="{user:User} activates the services of {car:Car}",
    da="{user:User} aktiverer tjenesterne for {car:Car}",
    no="{user:User} aktiverer tjenestene for {car:Car}",
)
def activates_services(world: World, user: str, car: str) -> None:
    app = app_of(world, user)
    app.act("services", app.platform.activate_services, query(world, user, car))


@given(
    en='{user:User} controls {car:Car} remotely with the PIN "{pin}"',
    da='{user:User} fjernstyrer {car:Car} med pinkoden "{pin}"',
    no='{user:User} fjernstyrer {car:Car} med PIN-koden "{pin}"',
)
def ready_for_remote_control(world: World, user: str, car: str, pin: str) -> None:
    """Synchronised, the services activated and a PIN created: remote control works."""
    has_synchronised(world, user, car)
    creates_pin(world, user, pin)
    established(app_of(world, user).last, "a My Renault PIN")
    activates_services(world, user, car)
    established(app_of(world, user).last, f"the services of {car} activated")


@when(
    en='{user:User} types the PIN "{pin}" for the next remote command',
    da='{user:User} indtaster pinkoden "{pin}" til den næste fjernkommando',
    no='{user:User} skriver inn PIN-koden "{pin}" for neste fjernkommando',
)
def types_pin(world: World, user: str, pin: str) -> None:
    world.memory.pins[user] = pin


@when(
    en='{user:User} guesses a wrong PIN for "{command:Command}" to {car:Car} {count:d} times',
    da='{user:User} gætter en forkert pinkode til "{command:Command}" til {car:Car} {count:d} gange',
    no='{user:User} gjetter feil PIN-kode for "{command:Command}" til {car:Car} {count:d} ganger',
)
def guesses_wrong_pin(world: World, user: str, command: CommandName, car: str, count: int) -> None:
    """Send *command* *count* times, each with a PIN that is not the one typed before; the PIN
    typed for the commands after this step is the one typed before it."""
    typed = world.memory.pins.get(user, "")
    world.memory.pins[user] = "0000" if typed != "0000" else "1111"
    for _ in range(count):
        sends_command(world, user, command, car)
    world.memory.pins[user] = typed


@when(
    en='{user:User} sends the remote command "{command:Command}" to {car:Car} from the web site',
    da='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car} fra hjemmesiden',
    no='{user:User} sender fjernkommandoen "{command:Command}" til {car:Car} fra nettstedet',
)
def sends_from_web(world: World, user: str, command: CommandName, car: str) -> None:
    browser = client_of(world, user, "web")
    if not browser.token:
        person = world.person(user)
        established(
            browser.log_in(person.email, person.password, accept_terms=True, accept_privacy=True), "a web log-in"
        )
    vin, pin = vehicle_named(world, car).vin, world.memory.pins.get(user, "")
    browser.remote_command(vin, command, f"web-{len(browser.history)}", pin)


# --- contracts ----------------------------------------------------------------------------------


@given(
    en='the "connected services" of {car:Car} end in {duration:Duration}',
    da='de "forbundne tjenester" for {car:Car} udløber om {duration:Duration}',
    no='de "tilkoblede tjenester" for {car:Car} utløper om {duration:Duration}',
)
def services_end_in(world: World, car: str, duration: float) -> None:
    if car in world.cars:
        raise RigError(f"{car} already exists; say when its contract ends before anything else mentions it")
    models = world.declaration.models_offering(world.brand)
    if not models:
        raise Inconclusive(f"not applicable: the platform declares no {world.brand} model")
    term = ServiceTerm("connected_services", world.clock.at(world.env.now + duration))
    world.add_car(car, world.brand, world.placeable(car, models), contracts=[term])


def service_id(name: str) -> str:
    if name not in SERVICE_NAMES:
        raise RigError(f"unknown service contract {name!r}; known: {sorted(SERVICE_NAMES)}")
    return SERVICE_NAMES[name]


@when(
    en='{user:User} opens "My services" for {car:Car} on {client:Client}',
    da='{user:User} åbner "Mine tjenester" for {car:Car} på {client:Client}',
    no='{user:User} åpner "Mine tjenester" for {car:Car} på {client:Client}',
)
def opens_contracts(world: World, user: str, car: str, client: str) -> None:
    source = client_of(world, user, client)
    source.act("my services", source.platform.list_contracts, query(world, user, car, client))


@then(
    en='"My services" shows "{service}" as {state}',
    da='"Mine tjenester" viser "{service}" som {state}',
    no='"Mine tjenester" viser "{service}" som {state}',
)
def shows_contract(world: World, service: str, state: str) -> None:
    states = {"active": "active", "aktiv": "active", "expired": "expired", "udløbet": "expired", "utløpt": "expired"}
    contracts = accepted(last_client(world, "user").last, 'opening "My services"')
    found = {item.service: item.state for item in getattr(contracts, "contracts", [])}
    wanted = service_id(service)
    expect(found.get(wanted) == states.get(state, state), f'"My services" shows {found}, not {wanted} {state}')


@when(
    en='{user:User} renews "{service}" of {car:Car} for {months:d} months',
    da='{user:User} fornyer "{service}" for {car:Car} i {months:d} måneder',
    no='{user:User} fornyer "{service}" for {car:Car} i {months:d} måneder',
)
def renews(world: World, user: str, service: str, car: str, months: int) -> None:
    app = app_of(world, user)
    request = RenewService(app.token, vehicle_named(world, car).vin, service_id(service), months)
    app.act("renew", app.platform.renew_service, request)


# --- E-guide, dealers, appointments -------------------------------------------------------------


@when(
    en="{user:User} opens the E-guide of {car:Car}",
    da="{user:User} åbner E-guiden for {car:Car}",
    no="{user:User} åpner E-guiden for {car:Car}",
)
def opens_e_guide(world: World, user: str, car: str) -> None:
    app = app_of(world, user)
    app.act("e-guide", app.platform.e_guide, query(world, user, car))


@then(
    en="the app of {user:User} shows the E-guide for the model of {car:Car}",
    da="appen hos {user:User} viser E-guiden for modellen af {car:Car}",
    no="appen til {user:User} viser E-guiden for modellen til {car:Car}",
)
def shows_e_guide(world: World, user: str, car: str) -> None:
    guide = accepted(app_of(world, user).last, "opening the E-guide")
    model = vehicle_named(world, car).record.model
    expect(model in getattr(guide, "title", ""), f"the E-guide {guide} is not for the {model}")


@when(
    en="{user:User} looks for approved dealers within {radius:d} km",
    da="{user:User} leder efter godkendte forhandlere inden for {radius:d} km",
    no="{user:User} ser etter godkjente forhandlere innen {radius:d} km",
)
def looks_for_dealers(world: World, user: str, radius: int) -> None:
    world.dealer_network()
    app = app_of(world, user)
    app.act("dealers", app.platform.find_dealers, FindDealers(app.token, world.home, float(radius)))


@then(
    en="the app of {user:User} lists the approved dealers within {radius:d} km, nearest first",
    da="appen hos {user:User} viser de godkendte forhandlere inden for {radius:d} km, nærmeste først",
    no="appen til {user:User} viser de godkjente forhandlerne innen {radius:d} km, nærmeste først",
)
def lists_dealers(world: World, user: str, radius: int) -> None:
    dealers = accepted(app_of(world, user).last, "looking for dealers")
    shown = [dealer.dealer_id for dealer in getattr(dealers, "dealers", [])]
    truth = sorted(
        (
            record
            for record in world.dealer_network()
            if record.approved and distance_km(world.home, record.location) <= radius
        ),
        key=lambda record: distance_km(world.home, record.location),
    )
    expect(
        shown == [record.dealer_id for record in truth],
        f"the app lists {shown}; the approved dealers within {radius} km are {[r.dealer_id for r in truth]}",
    )


@when(
    en="{user:User} books the first free time at the nearest dealer for {car:Car}",
    da="{user:User} booker den første ledige tid hos den nærmeste forhandler til {car:Car}",
    no="{user:User} bestiller den første ledige timen hos nærmeste forhandler for {car:Car}",
)
def books_appointment(world: World, user: str, car: str) -> None:
    looks_for_dealers(world, user, 50)
    app = app_of(world, user)
    dealers = accepted(app.last, "looking for dealers")
    nearest = getattr(dealers, "dealers", [None])[0]
    expect(nearest is not None, "the app lists no dealer to book at")
    slots = accepted(
        app.act("dealer calendar", app.platform.dealer_slots, DealerQuery(app.token, nearest.dealer_id)),
        "opening the dealer's calendar",
    )
    expect(bool(slots.slots), f"{nearest.name} has no free time")
    world.memory.booking = (nearest.dealer_id, slots.slots[0])
    app.act(
        "book",
        app.platform.book_appointment,
        BookAppointment(app.token, vehicle_named(world, car).vin, nearest.dealer_id, slots.slots[0]),
    )


@then(
    en="the appointment is in the calendar of {car:Car}",
    da="aftalen står i kalenderen for {car:Car}",
    no="avtalen står i kalenderen til {car:Car}",
)
def appointment_in_calendar(world: World, car: str) -> None:
    app = app_of(world, "user")
    accepted(app.last, "booking the appointment")
    booked = accepted(
        app.act("appointments", app.platform.appointments, query(world, "user", car)), "opening the calendar"
    )
    times = [(item.dealer_id, item.at) for item in booked.appointments]
    expect(world.memory.booking in times, f"the calendar shows {times}, not the booking {world.memory.booking}")


@then(
    en="the dealer receives the booking by e-mail and the time is no longer free",
    da="forhandleren modtager bookingen på e-mail, og tiden er ikke længere ledig",
    no="forhandleren mottar bestillingen på e-post, og timen er ikke lenger ledig",
)
def dealer_has_booking(world: World) -> None:
    dealer_id, at = world.memory.booking
    dealer = world.dealers[dealer_id]
    world.wait_for(lambda: bool(dealer.inbox), 10 * 60.0)
    expect(bool(dealer.inbox), f"{dealer.name} received no booking e-mail")
    app = app_of(world, "user")
    slots = accepted(
        app.act("dealer calendar", app.platform.dealer_slots, DealerQuery(app.token, dealer_id)),
        "opening the dealer's calendar",
    )
    expect(at not in slots.slots, f"the booked time {at} is still offered as free")
