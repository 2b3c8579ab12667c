"""Steps for unbinding: with an SMS code, forced by a new user, or by a dealer."""

from __future__ import annotations

from contract.messages import DealerUnbound, ForceUnbindPending, OwnershipEvidence
from core.verdicts import RigError, expect
from steps.accounts import is_logged_in, type_code
from steps.binding import has_logged_in_to_car
from steps.registry import given, then, when
from steps.support import (
    MESSAGE_WAIT,
    accepted,
    app_of,
    code_to_type,
    established,
    role_of,
    wait_for_code,
    wait_for_push,
)
from steps.support import car as vehicle_named
from twins.world import World

ANSWERS = {"Agree": "agree", "Reject": "reject"}


@when(
    en='{user:User} chooses {car:Car} in the main menu, then the car again, then "unbind"',
    da='{user:User} trykker på {car:Car} i hovedmenuen, på bilen igen og vælger "unbind"',
    no='{user:User} trykker på {car:Car} i hovedmenyen, på bilen igjen og velger "unbind"',
)
def opens_unbind_screen(world: World, user: str, car: str) -> None:
    vehicle = vehicle_named(world, car)
    role = role_of(world, user, vehicle)
    expect(role == "bound", f"the app of the {user} user does not list {car} as bound, so it offers no unbind")
    app_of(world, user).selected_vin = vehicle.vin


@when(
    en='{user:User} presses "Send" on the unbind screen of {car:Car}',
    da='{user:User} trykker "Send" på afbindingsskærmen for {car:Car}',
    no='{user:User} trykker "Send" på frakoblingsskjermen for {car:Car}',
)
def requests_unbind_code(world: World, user: str, car: str) -> None:
    app = app_of(world, user)
    app.selected_vin = vehicle_named(world, car).vin
    app.send_unbind_code(app.selected_vin)


@then(
    en="{user:User} receives a {digits:d}-digit verification code by {channel:Channel}",
    da="{user:User} modtager en {digits:d}-cifret verifikationskode på {channel:Channel}",
    no="{user:User} mottar en {digits:d}-sifret verifiseringskode på {channel:Channel}",
)
def receives_digit_code(world: World, user: str, digits: int, channel: str) -> None:
    accepted(app_of(world, user).last, 'pressing "Send"')
    code = wait_for_code(world, user)
    expect(code is not None, f"no verification code reached the {user} user within {MESSAGE_WAIT:.0f} s")
    expect(code in world.phone(user).codes_received(channel), f"the verification code did not come by {channel}")
    expect(len(code or "") == digits, f"the verification code {code!r} has not {digits} digits")


@then(
    en="the app of {user:User} confirms that the unbinding is complete",
    da="appen hos {user:User} bekræfter at afbindingen er gennemført",
    no="appen til {user:User} bekrefter at frakoblingen er fullført",
)
def unbinding_confirmed(world: World, user: str) -> None:
    accepted(app_of(world, user).last, 'pressing "Unbind"')


@when(
    en="{user:User} unbinds {car:Car} with the code sent by SMS",
    da="{user:User} afbinder {car:Car} med koden fra SMS",
    no="{user:User} kobler fra {car:Car} med koden fra SMS",
)
def unbinds(world: World, user: str, car: str) -> None:
    opens_unbind_screen(world, user, car)
    requests_unbind_code(world, user, car)
    accepted(app_of(world, user).last, 'pressing "Send" to unbind')
    type_code(world, user, "Unbind", code_to_type(world, user))
    accepted(app_of(world, user).last, 'pressing "Unbind"')


# --- forced unbinding ---------------------------------------------------------------------


def force_unbind(world: World, user: str, car: str, *, confirm: bool) -> None:
    outcome = app_of(world, user).force_unbind(vehicle_named(world, car).vin, confirm_push=confirm)
    if isinstance(outcome, ForceUnbindPending):
        world.memory.requested_at[car] = world.env.now


@when(
    en='{user:User} presses "Force unbinding" for {car:Car} and confirms that a push message will be sent',
    da='{user:User} trykker "Force unbinding" for {car:Car} og bekræfter at der sendes en push-besked',
    no='{user:User} trykker "Force unbinding" for {car:Car} og bekrefter at en push-melding sendes',
)
def presses_force_unbinding(world: World, user: str, car: str) -> None:
    force_unbind(world, user, car, confirm=True)


@when(
    en='{user:User} presses "Force unbinding" for {car:Car} without confirming the push message',
    da='{user:User} trykker "Force unbinding" for {car:Car} uden at bekræfte push-beskeden',
    no='{user:User} trykker "Force unbinding" for {car:Car} uten å bekrefte push-meldingen',
)
def presses_force_unbinding_unconfirmed(world: World, user: str, car: str) -> None:
    force_unbind(world, user, car, confirm=False)


@given(
    en="{user:User} has requested force unbinding of {car:Car}",
    da="{user:User} har anmodet om force unbinding af {car:Car}",
    no="{user:User} har bedt om force unbinding av {car:Car}",
)
def has_requested_force_unbinding(world: World, user: str, car: str) -> None:
    """Force unbinding is asked for from the car (D-SEC-6): log in to its head unit first."""
    is_logged_in(world, user)
    if role_of(world, user, vehicle_named(world, car)) != "logged_in":
        has_logged_in_to_car(world, user, car)
    force_unbind(world, user, car, confirm=True)
    established(app_of(world, user).last, f"a force unbinding request for {car}")


@then(
    en='{user:User} receives a push message with "Agree" and "Reject"',
    da='{user:User} modtager en push-besked med "Agree" og "Reject"',
    no='{user:User} mottar en push-melding med "Agree" og "Reject"',
)
def receives_force_request(world: World, user: str) -> None:
    push = wait_for_push(world, user, "force_unbind_request")
    expect(push is not None, f"no force unbinding request reached the {user} user within {MESSAGE_WAIT:.0f} s")


def answer(world: World, user: str, choice: str, request_id: str) -> None:
    if choice not in ANSWERS:
        raise RigError(f'the push message has buttons "Agree" and "Reject", not {choice!r}')
    app_of(world, user).answer_force_unbind(request_id, "agree" if choice == "Agree" else "reject")


def request_id(world: World) -> str:
    """The id of the force unbinding request, as the previous user's push message carries it."""
    push = wait_for_push(world, "previous", "force_unbind_request")
    expect(push is not None, f"no force unbinding request reached the previous user within {MESSAGE_WAIT:.0f} s")
    assert push is not None
    return push.message.request_id


@when(
    en='{user:User} presses "{choice}" on the push message',
    da='{user:User} trykker "{choice}" på push-beskeden',
    no='{user:User} trykker "{choice}" på push-meldingen',
)
def presses_answer(world: World, user: str, choice: str) -> None:
    push = wait_for_push(world, user, "force_unbind_request")
    expect(push is not None, f"no force unbinding request reached the {user} user within {MESSAGE_WAIT:.0f} s")
    assert push is not None
    answer(world, user, choice, push.message.request_id)


@when(
    en='{user:User} answers "{choice}" to the force unbinding request',
    da='{user:User} svarer "{choice}" på anmodningen om force unbinding',
    no='{user:User} svarer "{choice}" på forespørselen om force unbinding',
)
def answers_request(world: World, user: str, choice: str) -> None:
    answer(world, user, choice, request_id(world))


@when(
    en="{duration:Duration} have passed since the force unbinding of {car:Car} was requested",
    da="der er gået {duration:Duration} siden anmodningen om force unbinding af {car:Car}",
    no="det har gått {duration:Duration} siden forespørselen om force unbinding av {car:Car}",
)
def time_since_request(world: World, duration: float, car: str) -> None:
    requested = world.memory.requested_at.get(car)
    if requested is None:
        raise RigError(f"no force unbinding of {car} was requested in this scenario")
    if requested + duration < world.env.now:
        raise RigError(f"the scenario is already {world.env.now - requested:.0f} s past the request")
    world.advance_to(requested + duration)


@then(
    en="{user:User} receives a message that the unbinding is complete",
    da="{user:User} modtager en besked om at afbindingen er gennemført",
    no="{user:User} mottar en melding om at frakoblingen er fullført",
)
def receives_completion(world: World, user: str) -> None:
    push = wait_for_push(world, user, "force_unbind_completed")
    expect(push is not None, f"no completion message reached the {user} user within {MESSAGE_WAIT:.0f} s")


@then(
    en="{user:User} receives a message that the unbinding was rejected",
    da="{user:User} modtager en besked om at afbindingen er afvist",
    no="{user:User} mottar en melding om at frakoblingen er avvist",
)
def receives_rejection(world: World, user: str) -> None:
    push = wait_for_push(world, user, "force_unbind_rejected")
    expect(push is not None, f"no rejection message reached the {user} user within {MESSAGE_WAIT:.0f} s")


# --- the dealer -----------------------------------------------------------------------------


@when(
    en="{user:User} shows the dealer the registration certificate of {car:Car}",
    da="{user:User} viser forhandleren registreringsattesten for {car:Car}",
    no="{user:User} viser forhandleren vognkortet for {car:Car}",
)
def shows_dealer_certificate(world: World, user: str, car: str) -> None:
    """The owner *user* shows the dealer the car's papers. A platform that declares a dealer
    unbinds only after a Reject (``dealer_unbind_without_reject`` false) gets the path the guide
    tells first (IS-FORCE-5, IS-FORCE-6): *user* asks for force unbinding, and the bound user
    presses "Reject"."""
    if world.declaration.values.dealer_unbind_without_reject is False:
        rejected_first(world, user, car)
    vehicle, person = vehicle_named(world, car), world.person(user)
    owner = world.memory.identifiers.get(user, person.number)
    evidence = OwnershipEvidence(owner, "registration_certificate", vehicle.vin)
    dealer = world.dealer()
    if not dealer.accepts(vehicle.vin, evidence):  # pragma: no cover - a certificate of this car always passes
        raise RigError("the dealer rejected a registration certificate of the very car")
    dealer.force_unbind(vehicle.vin, evidence)


def rejected_first(world: World, user: str, car: str) -> None:
    """*user* asks for force unbinding of *car* (unless a request is open) and its bound user rejects it."""
    vehicle = vehicle_named(world, car)
    bound = [role for role in list(world.people) if role != user and role_of(world, role, vehicle) == "bound"]
    if not bound:
        return  # nobody is bound: the dealer's answer says so
    previous = bound[0]
    if wait_for_push(world, previous, "force_unbind_request", within=0.0) is None:
        has_requested_force_unbinding(world, user, car)
    push = wait_for_push(world, previous, "force_unbind_request")
    expect(push is not None, f"no force unbinding request reached the {previous} user within {MESSAGE_WAIT:.0f} s")
    assert push is not None
    for received in reversed(world.phone(previous).notifications):
        if received.message.kind == "force_unbind_request":
            answer(world, previous, "Reject", received.message.request_id)
            return


@when(
    en="the dealer submits a forced unbinding of {car:Car} for {user:User} without ownership evidence",
    da="forhandleren indsender en tvungen afbinding af {car:Car} for {user:User} uden dokumentation for ejerskab",
    no="forhandleren sender inn en tvungen frakobling av {car:Car} for {user:User} uten dokumentasjon på eierskap",
)
def dealer_without_evidence(world: World, car: str, user: str) -> None:
    vehicle, person = vehicle_named(world, car), world.person(user)
    owner = world.memory.identifiers.get(user, person.number)
    world.dealer().force_unbind(vehicle.vin, OwnershipEvidence(owner, "none", ""))


@then(
    en="the dealer's forced unbinding of {car:Car} succeeds",
    da="forhandlerens tvungne afbinding af {car:Car} lykkes",
    no="forhandlerens tvungne frakobling av {car:Car} lykkes",
)
def dealer_succeeds(world: World, car: str) -> None:
    outcome = accepted(world.dealer().last, "the dealer's forced unbinding")
    expect(
        isinstance(outcome, DealerUnbound) and outcome.vin == vehicle_named(world, car).vin,
        f"the dealer's forced unbinding answered {outcome!r}",
    )


@then(
    en='the dealer is refused with "{code:Code}"',
    da='forhandleren får afvisningen "{code:Code}"',
    no='forhandleren får avvisningen "{code:Code}"',
)
def dealer_refused(world: World, code: str) -> None:
    last = world.dealer().last
    actual = getattr(last, "code", "")
    expect(actual == code, f'the dealer expected the refusal "{code}" but got {last!r}')
