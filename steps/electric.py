"""Steps for electric cars: battery and charging, programmed charging and climate, the charge
pass, free charging stations nearby, and routes with charging stations along them."""

from __future__ import annotations

from contract.geo import along_and_off
from contract.messages import Location
from contract.myrenault import ChargePassQuery, FindStations, PlanRoute, ScheduleCharging, ScheduleClimate
from core.verdicts import Inconclusive, expect
from steps.account_features import query, ready_for_remote_control
from steps.registry import given, then, when
from steps.support import accepted, app_of
from steps.support import car as vehicle_named
from steps.time_of_day import next_local
from steps.vehicle import car_with_service
from steps.vocabulary import PLACES
from twins.world import World

ROUTE_CORRIDOR_KM = 20.0


@given(
    en='{user:User} controls a car whose model offers "{service:Service}" remotely with the PIN "{pin}"',
    da='{user:User} fjernstyrer en bil hvis model tilbyder "{service:Service}" med pinkoden "{pin}"',
    no='{user:User} fjernstyrer en bil der modellen tilbyr "{service:Service}" med PIN-koden "{pin}"',
)
def controls_car_offering(world: World, user: str, service: str, pin: str) -> None:
    car_with_service(world, service, offered=True)
    ready_for_remote_control(world, user, "the car", pin)


@given(
    en='{user:User} controls a car whose model lacks "{service:Service}" remotely with the PIN "{pin}"',
    da='{user:User} fjernstyrer en bil hvis model ikke tilbyder "{service:Service}" med pinkoden "{pin}"',
    no='{user:User} fjernstyrer en bil der modellen ikke tilbyr "{service:Service}" med PIN-koden "{pin}"',
)
def controls_car_lacking(world: World, user: str, service: str, pin: str) -> None:
    car_with_service(world, service, offered=False)
    ready_for_remote_control(world, user, "the car", pin)


@given(
    en='{user:User} controls a car sold where the law forbids "{service:Service}" remotely with the PIN "{pin}"',
    da='{user:User} fjernstyrer en bil solgt hvor loven forbyder "{service:Service}" med pinkoden "{pin}"',
    no='{user:User} fjernstyrer en bil solgt der loven forbyr "{service:Service}" med PIN-koden "{pin}"',
)
def controls_car_where_forbidden(world: World, user: str, service: str, pin: str) -> None:
    declaration = world.declaration
    for model in declaration.models_offering(world.brand, service):
        markets = [market for market in model.markets if service in declaration.excluded_in(market)]
        if markets:
            world.add_car("the car", world.brand, model, market=markets[0])
            ready_for_remote_control(world, user, "the car", pin)
            return
    raise Inconclusive(f"not applicable: no declared market forbids {service!r} on a model that has it")


@when(
    en="{car:Car} is plugged in and charging",
    da="{car:Car} er sat til opladning",
    no="{car:Car} er koblet til lading",
)
def plugged_in(world: World, car: str) -> None:
    vehicle_named(world, car).plug_in()


@when(
    en="{user:User} checks the battery of {car:Car}",
    da="{user:User} tjekker batteriet i {car:Car}",
    no="{user:User} sjekker batteriet i {car:Car}",
)
def checks_battery(world: World, user: str, car: str) -> None:
    app = app_of(world, user)
    app.act("battery", app.platform.ev_status, query(world, user, car))


@then(
    en="the app of {user:User} shows the battery level and charging status of {car:Car}",
    da="appen hos {user:User} viser batteriniveau og ladestatus for {car:Car}",
    no="appen til {user:User} viser batterinivå og ladestatus for {car:Car}",
)
def shows_battery(world: World, user: str, car: str) -> None:
    status = accepted(app_of(world, user).last, "checking the battery")
    state = vehicle_named(world, car).state
    shown = (getattr(status, "battery_percent", None), getattr(status, "charging", None))
    # The TCU reports every 5 %: the app may lag the car by less than that, never more.
    expect(shown[1] == state.charging, f"the app shows charging={shown[1]}, the car says {state.charging}")
    expect(
        isinstance(shown[0], int) and 0 <= state.battery_percent - shown[0] < 5,
        f"the app shows {shown[0]} %, the car has {state.battery_percent} %",
    )


def at_clock(world: World, clock: str, car: str = "the car") -> float:
    """The virtual second of the next *clock* ("HH:MM") in the market of *car*, counted from now."""
    return next_local(world, clock, car)


@when(
    en="{user:User} programs charging of {car:Car} to start at {clock:TimeOfDay}",
    da="{user:User} programmerer opladning af {car:Car} til at starte kl. {clock:TimeOfDay}",
    no="{user:User} programmerer lading av {car:Car} til å starte kl. {clock:TimeOfDay}",
)
def programs_charging(world: World, user: str, car: str, clock: str) -> None:
    app = app_of(world, user)
    start = world.clock.at(at_clock(world, clock, car))
    request = ScheduleCharging(app.token, vehicle_named(world, car).vin, start, world.memory.pins.get(user, ""))
    app.act("charging", app.platform.schedule_charging, request)


@when(
    en="{user:User} programs the climate of {car:Car} to be ready at {clock:TimeOfDay}",
    da="{user:User} programmerer klimaanlægget i {car:Car} til at være klar kl. {clock:TimeOfDay}",
    no="{user:User} programmerer klimaanlegget i {car:Car} til å være klart kl. {clock:TimeOfDay}",
)
def programs_climate(world: World, user: str, car: str, clock: str) -> None:
    app = app_of(world, user)
    ready = world.clock.at(at_clock(world, clock, car))
    request = ScheduleClimate(app.token, vehicle_named(world, car).vin, ready, world.memory.pins.get(user, ""))
    app.act("climate", app.platform.schedule_climate, request)


@when(
    en="{user:User} opens the charge pass",
    da="{user:User} åbner opladningskortet",
    no="{user:User} åpner ladekortet",
)
def opens_charge_pass(world: World, user: str) -> None:
    app = app_of(world, user)
    app.act("charge pass", app.platform.charge_pass, ChargePassQuery(app.token))


@then(
    en="the app of {user:User} shows an active charge pass",
    da="appen hos {user:User} viser et aktivt opladningskort",
    no="appen til {user:User} viser et aktivt ladekort",
)
def shows_charge_pass(world: World, user: str) -> None:
    charge_pass = accepted(app_of(world, user).last, "opening the charge pass")
    expect(
        bool(getattr(charge_pass, "pass_id", "")) and getattr(charge_pass, "active", False),
        f"the app shows {charge_pass}, not an active charge pass",
    )


@given(
    en="a charging station within {radius:d} km has no free connector",
    da="en ladestation inden for {radius:d} km har intet ledigt stik",
    no="en ladestasjon innen {radius:d} km har ingen ledig kontakt",
)
def full_station_nearby(world: World, radius: int) -> None:
    """However the stations around home are drawn, a search within *radius* has a full one to leave out."""
    world.charging_network().open_full_station(world.home, radius / 2)


@when(
    en="{user:User} looks for free charging stations within {radius:d} km",
    da="{user:User} leder efter ledige ladestationer inden for {radius:d} km",
    no="{user:User} ser etter ledige ladestasjoner innen {radius:d} km",
)
def looks_for_stations(world: World, user: str, radius: int) -> None:
    world.charging_network()
    app = app_of(world, user)
    app.act("charging stations", app.platform.find_charging_stations, FindStations(app.token, world.home, radius, True))


@then(
    en="the app of {user:User} lists exactly the stations with a free connector within {radius:d} km",
    da="appen hos {user:User} viser netop de stationer med et ledigt stik inden for {radius:d} km",
    no="appen til {user:User} viser nøyaktig de stasjonene med ledig kontakt innen {radius:d} km",
)
def lists_free_stations(world: World, user: str, radius: int) -> None:
    stations = accepted(app_of(world, user).last, "looking for charging stations")
    shown = sorted(station.station_id for station in getattr(stations, "stations", []))
    truth = world.charging_network().free_near(world.home, radius)
    expect(shown == truth, f"the app lists {shown}; the free stations within {radius} km are {truth}")


@when(
    en="{user:User} plans a route with {car:Car} to {place:Place}",
    da="{user:User} planlægger en rute med {car:Car} til {place:Place}",
    no="{user:User} planlegger en reiserute med {car:Car} til {place:Place}",
)
def plans_route(world: World, user: str, car: str, place: str) -> None:
    world.charging_network()
    world.memory.destination = Location(*PLACES[place])
    app = app_of(world, user)
    app.act(
        "route", app.platform.plan_route, PlanRoute(app.token, vehicle_named(world, car).vin, world.memory.destination)
    )


@then(
    en="the route has charging stations along it, each with a free connector",
    da="ruten har ladestationer undervejs, hver med et ledigt stik",
    no="ruten har ladestasjoner langs veien, hver med ledig kontakt",
)
def route_has_stops(world: World) -> None:
    route = accepted(app_of(world, "user").last, "planning the route")
    stops = getattr(route, "stops", [])
    expect(bool(stops), "the route is longer than the car's range but has no charging stop")
    network = {station.station_id: station for station in world.charging_network().stations}
    start, end = world.home, world.memory.destination
    for stop in stops:
        expect(stop.station_id in network, f"the route stops at {stop.station_id}, which is no known station")
        expect(network[stop.station_id].free > 0, f"the route stops at {stop.name}, which has no free connector")
        _, off = along_and_off(start, end, stop.location)
        expect(off <= ROUTE_CORRIDOR_KM, f"{stop.name} is {off:.0f} km off the route")


@then(
    en="the route needs no charging stop",
    da="ruten kræver intet ladestop",
    no="ruten trenger ingen ladestopp",
)
def route_without_stops(world: World) -> None:
    route = accepted(app_of(world, "user").last, "planning the route")
    expect(not getattr(route, "stops", []), "the route stops to charge although the car's range covers it")
