"""Steps that judge what a person sees: a refusal on the app, a message that never came."""

from __future__ import annotations

from typing import Any

from core.verdicts import RigError, expect
from steps.registry import then
from steps.support import last_client
from twins.world import World

MESSAGE_KINDS = {
    "SMS": "sms",
    "e-mail": "email",
    "e-post": "email",
    "push message": "push",
    "push-besked": "push",
    "push-melding": "push",
}


@then(
    en='{user:User} is refused with "{code:Code}"',
    da='{user:User} får afvisningen "{code:Code}"',
    no='{user:User} får avvisningen "{code:Code}"',
)
def is_refused(world: World, user: str, code: str) -> None:
    client = last_client(world, user)
    screen = client.screen
    shown = screen.error or "no refusal"
    where = client.identity.name
    expect(screen.error == code, f'{where} of the {user} user shows {shown!r} on "{screen.name}", not {code!r}')


@then(
    en="no {kind} reaches {user:User} within {duration:Duration}",
    da="ingen {kind} når frem til {user:User} inden for {duration:Duration}",
    no="ingen {kind} kommer fram til {user:User} innen {duration:Duration}",
)
def nothing_arrives(world: World, kind: str, user: str, duration: float) -> None:
    if kind not in MESSAGE_KINDS:
        raise RigError(f"unknown kind of message {kind!r}; known: {sorted(MESSAGE_KINDS)}")
    phone = world.phone(user)
    inboxes: dict[str, list[Any]] = {"sms": phone.sms_inbox, "email": phone.email_inbox, "push": phone.notifications}
    inbox = inboxes[MESSAGE_KINDS[kind]]
    before = len(inbox)
    world.advance(duration)
    expect(len(inbox) == before, f"the {user} user received {inbox[before:]!r}")
