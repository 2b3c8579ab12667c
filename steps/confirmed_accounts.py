"""Steps for My Renault accounts: created on the web site or in the app, confirmed by e-mail
(sent again on request when it got lost)."""

from __future__ import annotations

from contract.myrenault import ConfirmAccount, CreateAccount, ResendConfirmation
from contract.reading import link_token
from core.verdicts import expect
from steps import obligations
from steps.brands import brand_app
from steps.registry import given, then, when
from steps.support import MESSAGE_WAIT, accepted, app_of, browser_of, client_of, established, last_client
from twins.world import World


@when(
    en="{user:User} creates a My Renault account from {client:Client}",
    da="{user:User} opretter en My Renault-konto fra {client:Client}",
    no="{user:User} oppretter en My Renault-konto fra {client:Client}",
)
def creates_account(world: World, user: str, client: str) -> None:
    person, source = world.person(user), client_of(world, user, client)
    first, _, last = person.name.partition(" ")
    world.memory.identifiers[user] = person.email
    screen = "create account" if client == "web" else "register"
    source.act(
        screen,
        source.platform.create_account,
        CreateAccount(source.identity, person.email, person.password, first, last),
    )


@when(
    en="{user:User} asks for the confirmation e-mail again from {client:Client}",
    da="{user:User} beder om bekræftelsesmailen igen fra {client:Client}",
    no="{user:User} ber om e-postbekreftelsen på nytt fra {client:Client}",
)
def asks_for_confirmation_again(world: World, user: str, client: str) -> None:
    """ "Send the e-mail again", with the account's address and password as at log-in."""
    person, source = world.person(user), client_of(world, user, client)
    source.act(
        "send the e-mail again",
        source.platform.resend_confirmation,
        ResendConfirmation(source.identity, person.email, person.password),
    )


def confirmation_links(world: World, user: str) -> list[str]:
    """The confirmation links in *user*'s inbox, oldest first by the e-mails' sent time (as the
    phone shows it), waiting for one if none has come."""
    phone = world.phone(user)
    world.wait_for(lambda: bool(phone.confirmation_links()), MESSAGE_WAIT)
    return phone.confirmation_links()


def confirmation_link(world: World, user: str) -> str | None:
    """The link of the newest confirmation e-mail in *user*'s inbox, waiting for one if none has come."""
    links = confirmation_links(world, user)
    return links[-1] if links else None


@then(
    en="{user:User} receives a confirmation e-mail with a link",
    da="{user:User} modtager en bekræftelsesmail med et link",
    no="{user:User} mottar en e-post med bekreftelse og en lenke",
)
def receives_confirmation(world: World, user: str) -> None:
    accepted(last_client(world, user).last, "the call that sends the confirmation e-mail")
    expect(
        confirmation_link(world, user) is not None,
        f"no confirmation e-mail with a link reached the {user} user within {MESSAGE_WAIT:.0f} s",
    )


@when(
    en="{user:User} follows the link in the confirmation e-mail",
    da="{user:User} klikker på linket i bekræftelsesmailen",
    no="{user:User} klikker på lenken i e-postbekreftelsen",
)
def follows_link(world: World, user: str) -> None:
    follow(world, user, confirmation_link(world, user))


@when(
    en="{user:User} follows the link in the first confirmation e-mail",
    da="{user:User} klikker på linket i den første bekræftelsesmail",
    no="{user:User} klikker på lenken i den første e-postbekreftelsen",
)
def follows_first_link(world: World, user: str) -> None:
    """Follow the link of the oldest confirmation e-mail, say one that came late."""
    links = confirmation_links(world, user)
    follow(world, user, links[0] if links else None)


def follow(world: World, user: str, link: str | None) -> None:
    """Open confirmation *link* in *user*'s browser."""
    expect(link is not None, f"the {user} user has no confirmation link to follow")
    token = link_token(link or "")
    browser = browser_of(world, user)
    browser.act("confirm", browser.platform.confirm_account, ConfirmAccount(token))


@when(
    en="{user:User} logs in to My Renault from {client:Client}",
    da="{user:User} logger ind på My Renault fra {client:Client}",
    no="{user:User} logger inn på My Renault fra {client:Client}",
)
def logs_in_to_my_renault(world: World, user: str, client: str) -> None:
    person = world.person(user)
    client_of(world, user, client).log_in(person.email, person.password, accept_terms=True, accept_privacy=True)


@then(
    en="{user:User} is logged in on {client:Client}",
    da="{user:User} er logget ind på {client:Client}",
    no="{user:User} er logget inn på {client:Client}",
)
def is_logged_in_on(world: World, user: str, client: str) -> None:
    source = client_of(world, user, client)
    accepted(source.last, f"logging in on {source.identity.name}")
    expect(bool(source.token), f"{source.identity.name} holds no session for the {user} user")


@given(
    en="{user:User} has created a My Renault account without confirming it",
    da="{user:User} har oprettet en My Renault-konto uden at bekræfte den",
    no="{user:User} har opprettet en My Renault-konto uten å bekrefte den",
)
def has_unconfirmed_account(world: World, user: str) -> None:
    creates_account(world, user, "app")
    established(app_of(world, user).last, f"a My Renault account for the {user} user")


@given(
    en="{user:User} has a confirmed My Renault account",
    da="{user:User} har en bekræftet My Renault-konto",
    no="{user:User} har en bekreftet My Renault-konto",
)
def has_confirmed_account(world: World, user: str) -> None:
    has_unconfirmed_account(world, user)
    if confirmation_link(world, user) is None:
        what = f"no confirmation e-mail with a link reached the {user} user within {MESSAGE_WAIT:.0f} s"
        situation = f"a confirmed account for the {user} user"
        raise obligations.undelivered(world.email_gateway, ("MR-ACC-3",), what, situation)
    follows_link(world, user)
    established(browser_of(world, user).last, "a confirmed account")


@given(
    en="{user:User} is logged in to the My Renault app",
    da="{user:User} er logget ind i My Renault-appen",
    no="{user:User} er logget inn i My Renault-appen",
)
def is_logged_in_to_my_renault(world: World, user: str) -> None:
    app = brand_app(world, user, "myrenault")
    if app.token:
        return
    has_confirmed_account(world, user)
    logs_in_to_my_renault(world, user, "app")
    established(app.last, f"a log-in of the {user} user")
