"""What steps share: judging a platform's answer, finding the cast, waiting for messages.

A Given that cannot set up its situation because the platform refused a request the manuals
say must succeed makes the scenario *fail*, naming the requirement that request carries
(:func:`established`, :mod:`steps.obligations`); a When or Then that gets a wrong answer makes it
*fail* too (:func:`accepted`). Steps judge only what a twin observes.
"""

from __future__ import annotations

from contract.messages import AppIdentity, Vehicles
from contract.outbound import Push, PushKind
from core.verdicts import Inconclusive, RequirementViolation, RigError
from steps import obligations
from twins.app import App
from twins.casting import Person
from twins.computer import MY_RENAULT_WEB
from twins.connection import Refusal
from twins.phone import Received
from twins.store import GOOGLE_PLAY
from twins.vehicle import Vehicle
from twins.world import World

MESSAGE_WAIT = 10 * 60.0
"""How long a person waits for an SMS, e-mail or push before deciding it is not coming."""

GENUINE_APPS = {"ismart": GOOGLE_PLAY.listing("MG iSmart"), "myrenault": GOOGLE_PLAY.listing("My Renault")}


def established[Reply](outcome: Reply | Refusal, situation: str) -> Reply:
    """The reply of a call made to set up *situation*; if the platform refused it, a fail of the
    requirements the call carries (inconclusive only when the rig kept the call from the
    platform: :func:`steps.obligations.refused`)."""
    if isinstance(outcome, Refusal):
        raise obligations.refused(outcome, situation)
    return outcome


def accepted[Reply](outcome: Reply | Refusal, action: str) -> Reply:
    """The reply to *action*; the scenario fails if the platform refused it."""
    if isinstance(outcome, Refusal):
        raise RequirementViolation(f"{action} was refused with {outcome.code!r} ({outcome.message})")
    return outcome


def app_of(world: World, role: str) -> App:
    """The app on *role*'s phone; the brand's genuine app if they have not installed one."""
    phone = world.phone(role)
    if phone.app is None:
        identity = GENUINE_APPS.get(world.brand)
        if identity is None:
            raise RigError(f"no genuine app is known for brand {world.brand!r}")
        phone.install(identity)
    assert phone.app is not None
    return phone.app


def browser_of(world: World, role: str) -> App:
    """The brand's web site, open in *role*'s browser."""
    computer = world.computer(role)
    return computer.browser or computer.open_site(MY_RENAULT_WEB)


def client_of(world: World, role: str, client: str) -> App:
    """*role*'s app (*client* "app") or web site ("web")."""
    return browser_of(world, role) if client == "web" else app_of(world, role)


def last_client(world: World, role: str) -> App:
    """Whichever of *role*'s app and web site they used last."""
    clients = [app_of(world, role)]
    if role in world.computers and world.computers[role].browser is not None:
        clients.append(browser_of(world, role))
    return max(clients, key=lambda client: client.stamp)


def install(world: World, role: str, identity: AppIdentity) -> App:
    return world.phone(role).install(identity)


def identifier(person: Person, kind: str) -> str:
    """*person*'s phone number or e-mail address (*kind* "phone" or "email")."""
    return person.number if kind == "phone" else person.email


def car(world: World, name: str = "the car") -> Vehicle:
    """Car *name*; built on first mention from the first model the platform declares for the brand."""
    if name not in world.cars:
        models = world.declaration.models_offering(world.brand)
        if not models:
            raise Inconclusive(f"not applicable: the platform declares no {world.brand} model")
        world.add_car(name, world.brand, world.placeable(name, models))
    return world.car(name)


def vehicles_of(world: World, role: str) -> Vehicles:
    """The cars *role*'s app lists under "my cars"."""
    return accepted(app_of(world, role).my_vehicles(), f"listing the cars of the {role} user")


def role_of(world: World, role: str, vehicle: Vehicle) -> str:
    """How *role*'s app lists *vehicle*: "bound", "logged_in", or "" when not at all."""
    for summary in vehicles_of(world, role).vehicles:
        if summary.vin == vehicle.vin:
            return summary.role
    return ""


def wait_for_push(world: World, role: str, kind: PushKind, within: float = MESSAGE_WAIT) -> Received[Push] | None:
    """The first push of *kind* on *role*'s phone, waiting up to *within* seconds for it."""
    phone = world.phone(role)

    def arrived() -> Received[Push] | None:
        return next((item for item in phone.notifications if item.message.kind == kind), None)

    world.wait_for(lambda: arrived() is not None, within)
    return arrived()


def wait_for_code(world: World, role: str, within: float = MESSAGE_WAIT) -> str | None:
    """The next verification code to reach *role*'s phone, waiting up to *within* seconds.

    The code is remembered as the one *role* will type next.
    """
    phone = world.phone(role)
    seen = world.memory.codes_read.get(role, 0)
    world.wait_for(lambda: len(phone.codes_received()) > seen, within)
    codes = phone.codes_received()
    if len(codes) <= seen:
        return None
    world.memory.codes_read[role] = len(codes)
    world.memory.codes[role] = codes[-1]
    return codes[-1]


def code_to_type(world: World, role: str) -> str:
    """The code *role* types next: the one they received, waiting for it if it has not come."""
    code = world.memory.codes.pop(role, None) or wait_for_code(world, role)
    if code is None:
        raise RequirementViolation(f"no verification code reached the {role} user within {MESSAGE_WAIT:.0f} s")
    world.memory.codes.pop(role, None)
    world.memory.used_codes[role] = code
    return code
