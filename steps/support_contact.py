"""Steps for contact and feedback from the app (IS-CONTACT-1)."""

from __future__ import annotations

from contract.messages import SupportContact
from core.verdicts import expect
from steps.registry import then, when
from steps.support import accepted, app_of
from twins.world import World


@when(
    en='{user:User} presses "Contact Us" in the app',
    da='{user:User} trykker på "Contact Us" i appen',
    no='{user:User} trykker på "Contact Us" i appen',
)
def presses_contact_us(world: World, user: str) -> None:
    app_of(world, user).contact_us(world.casting.locale.country)


@then(
    en='the e-mail program of {user:User} opens with a message to "{address}"',
    da='e-mailprogrammet hos {user:User} åbner med en e-mail til "{address}"',
    no='e-postprogrammet til {user:User} åpner med en e-post til "{address}"',
)
def mail_program_opens(world: World, user: str, address: str) -> None:
    accepted(app_of(world, user).last, 'pressing "Contact Us"')
    draft = world.phone(user).mail_draft_to
    expect(draft == address, f"the e-mail program opened addressed to {draft or 'nobody'!r}, not {address!r}")


@then(
    en='the app of {user:User} has the menu item "{item}"',
    da='appen hos {user:User} har menupunktet "{item}"',
    no='appen til {user:User} har menypunktet "{item}"',
)
def has_menu_item(world: World, user: str, item: str) -> None:
    contact = accepted(app_of(world, user).last, 'pressing "Contact Us"')
    menu = contact.menu if isinstance(contact, SupportContact) else []
    expect(item in menu, f"the app's support menu is {menu}, without {item!r}")
