"""Steps for a person with more than one phone: the app logged in with the same account on a
second phone, acting from it, and what reaches each phone.

A person's first phone holds the SIM of their number, so SMS codes reach it; push messages go
to every phone the account has logged in from. ``{user} picks up their second phone`` makes
every later step of that person act from (and look at) that phone, until they pick up the
first one again.
"""

from __future__ import annotations

from contract.messages import SessionOpened
from contract.outbound import PushKind
from core.verdicts import RigError, expect
from steps.accounts import is_logged_in
from steps.confirmed_accounts import is_logged_in_to_my_renault
from steps.registry import given, then, when
from steps.support import GENUINE_APPS, MESSAGE_WAIT, accepted, established
from twins.app import App
from twins.connection import Refusal
from twins.phone import Phone
from twins.world import World

PHONE_INDEX = {"first": 0, "second": 1}


def logged_in_first(world: World, user: str) -> None:
    """*user* has an account of the brand and is logged in to it on their first phone."""
    if world.brand == "myrenault":
        is_logged_in_to_my_renault(world, user)
    else:
        is_logged_in(world, user)


def phones_of(world: World, user: str) -> list[Phone]:
    world.person(user)
    return world.devices[user]


def phone_of(world: World, user: str, which: str) -> Phone:
    """*user*'s first or second phone (*which*), which must exist by now."""
    phones = phones_of(world, user)
    index = PHONE_INDEX[which]
    if index >= len(phones):
        raise RigError(f"the {user} user has no {which} phone; log in on a second phone first")
    return phones[index]


def log_in_on_new_phone(world: World, user: str) -> SessionOpened | Refusal:
    """Log *user*'s account in to the brand's genuine app on a phone of their own they have not used yet."""
    logged_in_first(world, user)
    phone = world.add_phone(user)
    identity = GENUINE_APPS.get(world.brand)
    if identity is None:
        raise RigError(f"no genuine app is known for brand {world.brand!r}")
    app = phone.install(identity)
    person = world.person(user)
    identifier = person.email if world.brand == "myrenault" else world.memory.identifiers.get(user, person.number)
    return app.log_in(identifier, person.password, accept_terms=True, accept_privacy=True)


@given(
    en="{user:User} is logged in to the app on a second phone",
    da="{user:User} er logget ind i appen på en anden telefon",
    no="{user:User} er logget inn i appen på en annen telefon",
)
def has_second_phone(world: World, user: str) -> None:
    established(log_in_on_new_phone(world, user), f"a log-in of the {user} user on a second phone")


@when(
    en="{user:User} logs in to the app on a second phone",
    da="{user:User} logger ind i appen på en anden telefon",
    no="{user:User} logger inn i appen på en annen telefon",
)
def logs_in_on_second_phone(world: World, user: str) -> None:
    accepted(log_in_on_new_phone(world, user), f"logging the {user} user in on a second phone")


@when(
    en="{user:User} picks up their {which:PhoneOf}",
    da="{user:User} tager sin {which:PhoneOf}",
    no="{user:User} tar sin {which:PhoneOf}",
)
def picks_up(world: World, user: str, which: str) -> None:
    """From now on *user* acts from, and looks at, their first or second phone."""
    world.phones[user] = phone_of(world, user, which)


def app_on(world: World, user: str, which: str) -> App:
    app = phone_of(world, user, which).app
    if app is None:
        raise RigError(f"the {which} phone of the {user} user has no app")
    return app


@then(
    en="{user:User} is still logged in on their {which:PhoneOf}",
    da="{user:User} er stadig logget ind på sin {which:PhoneOf}",
    no="{user:User} er fortsatt logget inn på sin {which:PhoneOf}",
)
def still_logged_in_on(world: World, user: str, which: str) -> None:
    app = app_on(world, user, which)
    expect(bool(app.token), f"the app on the {which} phone of the {user} user holds no session")
    accepted(app.my_vehicles(), f"listing the cars from the {which} phone of the {user} user")


def reaches_every_phone(world: World, user: str, kind: PushKind, what: str) -> None:
    phones = phones_of(world, user)

    def missing() -> list[Phone]:
        return [phone for phone in phones if not any(item.message.kind == kind for item in phone.notifications)]

    world.wait_for(lambda: not missing(), MESSAGE_WAIT)
    without = [phone.name for phone in missing()]
    expect(not without, f"{what} did not reach {', '.join(without)} within {MESSAGE_WAIT:.0f} s")


@then(
    en='a push message with "Agree" and "Reject" reaches every phone of {user:User}',
    da='en push-besked med "Agree" og "Reject" når frem til hver telefon hos {user:User}',
    no='en push-melding med "Agree" og "Reject" kommer fram til hver telefon til {user:User}',
)
def request_reaches_every_phone(world: World, user: str) -> None:
    reaches_every_phone(world, user, "force_unbind_request", "the force unbinding request")


@then(
    en="the message that the unbinding is complete reaches every phone of {user:User}",
    da="beskeden om at afbindingen er gennemført når frem til hver telefon hos {user:User}",
    no="meldingen om at frakoblingen er fullført kommer fram til hver telefon til {user:User}",
)
def completion_reaches_every_phone(world: World, user: str) -> None:
    reaches_every_phone(world, user, "force_unbind_completed", "the message that the unbinding is complete")
