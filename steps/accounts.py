"""Steps for the app and the account: installing, registering with a code, logging in."""

from __future__ import annotations

from core.verdicts import RigError, expect
from steps import obligations
from steps.brands import brand_app
from steps.registry import given, then, when
from steps.support import (
    MESSAGE_WAIT,
    accepted,
    app_of,
    code_to_type,
    established,
    identifier,
    install,
    wait_for_code,
)
from twins.store import STORES
from twins.world import World

TERMS = {
    "user agreement": "terms",
    "privacy policy": "privacy",
    "brugeraftalen": "terms",
    "fortrolighedspolitikken": "privacy",
    "brukeravtalen": "terms",
    "personvernerklæringen": "privacy",
}


@given(
    en='{user:User} installs "{app}" from "{store}"',
    da='{user:User} installerer "{app}" fra "{store}"',
    no='{user:User} installerer "{app}" fra "{store}"',
)
def installs_app(world: World, user: str, app: str, store: str) -> None:
    shop = STORES.get(store)
    listing = shop.listing(app) if shop else None
    if listing is None:
        raise RigError(f"{store!r} has no app called {app!r}; stores: {sorted(STORES)}")
    install(world, user, listing)


@then(
    en='{user:User} sees the publisher "{publisher}"',
    da='{user:User} ser udgiveren "{publisher}"',
    no='{user:User} ser utgiveren "{publisher}"',
)
def sees_publisher(world: World, user: str, publisher: str) -> None:
    actual = app_of(world, user).identity.publisher
    expect(actual == publisher, f"the installed app is published by {actual!r}, not {publisher!r}")


@given(
    en="{user:User} has installed the iSmart app",
    da="{user:User} har installeret iSmart-appen",
    no="{user:User} har installert iSmart-appen",
)
def has_installed_app(world: World, user: str) -> None:
    app_of(world, user)


@when(
    en='{user:User} enters their {kind:Identifier} and presses "Send"',
    da='{user:User} indtaster {kind:Identifier} og trykker "Send"',
    no='{user:User} skriver inn {kind:Identifier} og trykker "Send"',
)
def requests_registration_code(world: World, user: str, kind: str) -> None:
    person = world.person(user)
    world.memory.identifiers[user] = identifier(person, kind)
    app_of(world, user).send_registration_code(identifier(person, kind))


@then(
    en="{user:User} receives a verification code by {channel:Channel}",
    da="{user:User} modtager en verifikationskode på {channel:Channel}",
    no="{user:User} mottar en verifiseringskode på {channel:Channel}",
)
def receives_code(world: World, user: str, channel: str) -> None:
    accepted(app_of(world, user).last, 'pressing "Send"')
    code = wait_for_code(world, user)
    expect(code is not None, f"no verification code reached the {user} user within {MESSAGE_WAIT:.0f} s")
    by_channel = world.phone(user).codes_received(channel)
    expect(code in by_channel, f"the verification code did not come by {channel}")


def register(world: World, user: str, code: str) -> None:
    person = world.person(user)
    ident = world.memory.identifiers.get(user, person.number)
    app_of(world, user).register(ident, code, person.password)


@then(
    en="the account of {user:User} is created",
    da="kontoen for {user:User} er oprettet",
    no="kontoen til {user:User} er opprettet",
)
def account_created(world: World, user: str) -> None:
    accepted(app_of(world, user).last, 'pressing "Register"')


@given(
    en="{user:User} has an iSmart account with their {kind:Identifier}",
    da="{user:User} har en iSmart-konto med {kind:Identifier}",
    no="{user:User} har en iSmart-konto med {kind:Identifier}",
)
def has_account(world: World, user: str, kind: str = "phone") -> None:
    person, app = world.person(user), app_of(world, user)
    ident = identifier(person, kind)
    world.memory.identifiers[user] = ident
    established(app.send_registration_code(ident), f"a verification code for the {user} user")
    code = wait_for_code(world, user)
    if code is None:
        carrier = world.sms_gateway if kind == "phone" else world.email_gateway
        what = f"no verification code reached the {user} user within {MESSAGE_WAIT:.0f} s"
        raise obligations.undelivered(carrier, ("IS-REG-2",), what, f"an account for the {user} user")
    established(app.register(ident, code, person.password), f"an account for the {user} user")
    world.memory.codes.pop(user, None)


@given(
    en="{user:User} is logged in to the iSmart app",
    da="{user:User} er logget ind i iSmart-appen",
    no="{user:User} er logget inn i iSmart-appen",
)
def is_logged_in(world: World, user: str) -> None:
    app = brand_app(world, user, "ismart")
    if app.token:
        return
    if user not in world.memory.identifiers:
        has_account(world, user, "phone")
    person = world.person(user)
    outcome = app.log_in(world.memory.identifiers[user], person.password, accept_terms=True, accept_privacy=True)
    established(outcome, f"a log-in of the {user} user")


@when(
    en="{user:User} logs in with their {kind:Identifier} and password, accepting the user agreement "
    "and the privacy policy",
    da="{user:User} logger ind med {kind:Identifier} og password og accepterer brugeraftalen "
    "og fortrolighedspolitikken",
    no="{user:User} logger inn med {kind:Identifier} og passord og godtar brukeravtalen og personvernerklæringen",
)
def logs_in(world: World, user: str, kind: str) -> None:
    person = world.person(user)
    app_of(world, user).log_in(identifier(person, kind), person.password, accept_terms=True, accept_privacy=True)


@then(
    en="{user:User} can log in with their {kind:Identifier} and password",
    da="{user:User} kan logge ind med {kind:Identifier} og password",
    no="{user:User} kan logge inn med {kind:Identifier} og passord",
)
def can_log_in(world: World, user: str, kind: str) -> None:
    logs_in(world, user, kind)
    is_in_app(world, user)


@when(
    en="{user:User} logs in without accepting the {document}",
    da="{user:User} logger ind uden at acceptere {document}",
    no="{user:User} logger inn uten å godta {document}",
)
def logs_in_without(world: World, user: str, document: str) -> None:
    if document not in TERMS:
        raise RigError(f"unknown document {document!r}; known: {sorted(TERMS)}")
    person = world.person(user)
    ident = world.memory.identifiers.get(user, person.number)
    refused = TERMS[document]
    app_of(world, user).log_in(
        ident, person.password, accept_terms=refused != "terms", accept_privacy=refused != "privacy"
    )


@when(
    en="{user:User} logs in with a wrong password",
    da="{user:User} logger ind med et forkert password",
    no="{user:User} logger inn med feil passord",
)
def logs_in_wrong_password(world: World, user: str) -> None:
    person = world.person(user)
    ident = world.memory.identifiers.get(user, person.number)
    app_of(world, user).log_in(ident, person.password + "x", accept_terms=True, accept_privacy=True)


@then(
    en="{user:User} is logged in to the app",
    da="{user:User} er logget ind i appen",
    no="{user:User} er logget inn i appen",
)
def is_in_app(world: World, user: str) -> None:
    app = app_of(world, user)
    accepted(app.last, "logging in")
    expect(bool(app.token), f"the app of the {user} user holds no session after logging in")


@then(
    en="{user:User} is not logged in to the app",
    da="{user:User} er ikke logget ind i appen",
    no="{user:User} er ikke logget inn i appen",
)
def is_not_in_app(world: World, user: str) -> None:
    expect(not app_of(world, user).token, f"the {user} user was logged in all the same")


def type_code(world: World, user: str, button: str, code: str) -> None:
    """Type *code* and press *button*: "Register" ("Registrer") or "Unbind"."""
    app = app_of(world, user)
    if button in ("Register", "Registrer"):
        register(world, user, code)
    elif button == "Unbind":
        app.unbind(app.selected_vin, code)
    else:
        raise RigError(f'no code screen has a button {button!r}; try "Register" or "Unbind"')


@when(
    en='{user:User} enters the code and presses "{button}"',
    da='{user:User} indtaster koden og trykker "{button}"',
    no='{user:User} skriver inn koden og trykker "{button}"',
)
def enters_code(world: World, user: str, button: str) -> None:
    type_code(world, user, button, code_to_type(world, user))


@when(
    en='{user:User} enters the same code again and presses "{button}"',
    da='{user:User} indtaster den samme kode igen og trykker "{button}"',
    no='{user:User} skriver inn den samme koden igjen og trykker "{button}"',
)
def enters_same_code(world: World, user: str, button: str) -> None:
    code = world.memory.used_codes.get(user)
    if code is None:
        raise RigError(f"the {user} user has not typed a code yet in this scenario")
    type_code(world, user, button, code)


def wrong(code: str, attempt: int = 0) -> str:
    """The *attempt*-th wrong guess at *code*: same length, never the code itself."""
    return f"{(int(code) + 1 + attempt) % 10 ** len(code):0{len(code)}d}"


@when(
    en='{user:User} enters a wrong code {count:d} times and presses "{button}"',
    da='{user:User} indtaster en forkert kode {count:d} gange og trykker "{button}"',
    no='{user:User} skriver inn en feil kode {count:d} ganger og trykker "{button}"',
)
def enters_wrong_code_times(world: World, user: str, count: int, button: str) -> None:
    code = world.memory.codes.get(user) or wait_for_code(world, user) or "000000"
    for attempt in range(count):
        type_code(world, user, button, wrong(code, attempt))


@when(
    en='{user:User} enters a wrong code and presses "{button}"',
    da='{user:User} indtaster en forkert kode og trykker "{button}"',
    no='{user:User} skriver inn en feil kode og trykker "{button}"',
)
def enters_wrong_code(world: World, user: str, button: str) -> None:
    enters_wrong_code_times(world, user, 1, button)
