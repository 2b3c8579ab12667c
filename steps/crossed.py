"""Steps where something meant for one person is used by another: a code sent to someone else,
a photo of a QR code another user took (D-SEC-2, D-SEC-3). Anyone may also answer a
force-unbinding request with ``{user} answers "Agree"/"Reject" to the force unbinding request``
(D-SEC-4)."""

from __future__ import annotations

from core.verdicts import RequirementViolation, RigError, expect
from steps.accounts import type_code
from steps.registry import then, when
from steps.support import MESSAGE_WAIT, app_of, wait_for_code
from twins.world import World

QR_REFUSALS = frozenset({"qr_invalid", "qr_expired", "qr_used"})


def code_of(world: World, other: str) -> str:
    """The last verification code *other* received, waiting for it if it has not come."""
    code = world.memory.codes.get(other) or wait_for_code(world, other)
    if code is None:
        raise RequirementViolation(f"no verification code reached the {other} user within {MESSAGE_WAIT:.0f} s")
    return code


@when(
    en='{user:User} enters the code sent to {other:User} and presses "{button}"',
    da='{user:User} indtaster koden sendt til {other:User} og trykker "{button}"',
    no='{user:User} skriver inn koden sendt til {other:User} og trykker "{button}"',
)
def enters_code_of(world: World, user: str, other: str, button: str) -> None:
    if user == other:
        raise RigError('name two different people: "the code sent to" someone else')
    type_code(world, user, button, code_of(world, other))


@when(
    en="{user:User} scans the photo {other:User} took of the QR code",
    da="{user:User} scanner billedet {other:User} tog af QR-koden",
    no="{user:User} skanner bildet {other:User} tok av QR-koden",
)
def scans_photo_of(world: World, user: str, other: str) -> None:
    photo = world.memory.photos.get(other)
    if photo is None:
        raise RigError(f"the {other} user has taken no photo of a QR code in this scenario")
    app_of(world, user).scan_qr(photo)


@then(
    en="the app of {user:User} refuses the QR code",
    da="appen hos {user:User} afviser QR-koden",
    no="appen til {user:User} avviser QR-koden",
)
def qr_refused(world: World, user: str) -> None:
    """The last scan was refused as a QR code that cannot be used (invalid, expired or used)."""
    screen = app_of(world, user).screen
    expect(
        screen.error in QR_REFUSALS,
        f'the app of the {user} user shows {screen.error or "no refusal"!r} on "{screen.name}", not a QR refusal',
    )
