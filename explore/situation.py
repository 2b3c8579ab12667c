"""What a person in an explored world knows, so that exploration only takes steps a person could.

A person presses "Agree" only on a push message that reached them, types a code only once one
came, scans a photo only after taking it, and asks for an unbinding code only in an app they are
logged in to. These predicates read the twins (what the phones, head units and people's memory
hold), never the platform: they decide which steps exploration may take next, not what is right.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from contract.messages import CommandAccepted
from explore.vocabulary import Phrase
from spec.model import brand_of_app
from twins.world import World

Allows = Callable[[World, Mapping[str, Phrase]], bool]


def _role(values: Mapping[str, Phrase], field: str = "user") -> str:
    return values[field].key


def in_app(world: World, role: str) -> bool:
    """*role*'s app holds a session (they logged in and have not logged out)."""
    phones = world.devices.get(role) or ([world.phones[role]] if role in world.phones else [])
    return any(phone.app is not None and bool(phone.app.token) for phone in phones)


def has_account(world: World, role: str) -> bool:
    """*role* registered or created an account (they know the identifier they signed up with)."""
    return role in world.memory.identifiers


def seated(world: World, role: str, car: str) -> bool:
    return car in world.cars and role in world.cars[car].cabin.occupants


def code_waiting(world: World, role: str) -> bool:
    """A verification code reached *role*'s phone that they have not typed yet."""
    if role not in world.phones:
        return False
    return role in world.memory.codes or len(world.phones[role].codes_received()) > world.memory.codes_read.get(role, 0)


def force_push(world: World, role: str) -> bool:
    """A force-unbinding request reached a phone of *role*."""
    phones = world.devices.get(role) or ([world.phones[role]] if role in world.phones else [])
    return any(item.message.kind == "force_unbind_request" for phone in phones for item in phone.notifications)


def confirmation_waiting(world: World, role: str) -> bool:
    return role in world.phones and any("/confirm" in link for link in world.phones[role].links)


def my_renault_car(world: World, car: str) -> bool:
    """*car* is (or, not yet built, will be) a My Renault car."""
    return world.cars[car].record.brand == "myrenault" if car in world.cars else world.brand == "myrenault"


def user_in_app(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values))


def user_has_account(world: World, values: Mapping[str, Phrase]) -> bool:
    return has_account(world, _role(values))


def user_seated_in_app(world: World, values: Mapping[str, Phrase]) -> bool:
    """Seated in an MG car (QR log-in and binding are MG iSmart's), with the app logged in."""
    car = values["car"].key
    return in_app(world, _role(values)) and seated(world, _role(values), car) and brand_car(world, car, "ismart")


def user_seated_with_account(world: World, values: Mapping[str, Phrase]) -> bool:
    car = values["car"].key
    return has_account(world, _role(values)) and seated(world, _role(values), car) and brand_car(world, car, "ismart")


def user_seated(world: World, values: Mapping[str, Phrase]) -> bool:
    car = values["car"].key
    return seated(world, _role(values), car) and brand_car(world, car, "ismart")


def user_got_code(world: World, values: Mapping[str, Phrase]) -> bool:
    return code_waiting(world, _role(values))


def user_typed_code(world: World, values: Mapping[str, Phrase]) -> bool:
    return _role(values) in world.memory.used_codes


def other_got_code(world: World, values: Mapping[str, Phrase]) -> bool:
    return _role(values) != _role(values, "other") and code_waiting(world, _role(values, "other"))


def user_got_force_push(world: World, values: Mapping[str, Phrase]) -> bool:
    return force_push(world, _role(values))


def previous_got_force_push(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values)) and force_push(world, "previous")


def requested(world: World, values: Mapping[str, Phrase]) -> bool:
    return values["car"].key in world.memory.requested_at


def user_has_photo(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values)) and _role(values) in world.memory.photos


def other_has_photo(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values)) and _role(values, "other") in world.memory.photos


def user_sent_command(world: World, values: Mapping[str, Phrase]) -> bool:
    return _role(values) in world.memory.last_command


def user_had_command_accepted(world: World, values: Mapping[str, Phrase]) -> bool:
    phone = world.phones.get(_role(values))
    app = phone.app if phone is not None else None
    return app is not None and any(isinstance(outcome, CommandAccepted) for outcome in app.history)


def user_has_second_phone(world: World, values: Mapping[str, Phrase]) -> bool:
    return values["which"].key == "first" or len(world.devices.get(_role(values), [])) > 1


def user_got_confirmation(world: World, values: Mapping[str, Phrase]) -> bool:
    return confirmation_waiting(world, _role(values))


def user_in_app_with_renault(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values)) and my_renault_car(world, values["car"].key)


def renault_car_for_anyone(world: World, values: Mapping[str, Phrase]) -> bool:
    return my_renault_car(world, values["car"].key)


def _app_brand(world: World, role: str) -> str:
    phone = world.phones.get(role)
    return "" if phone is None or phone.app is None else brand_of_app(phone.app.identity)


def brand_car(world: World, car: str, brand: str) -> bool:
    """*car* is (or, not yet built, will be) a car of *brand*."""
    return world.cars[car].record.brand == brand if car in world.cars else world.brand == brand


def may_sign_up(world: World, role: str, brand: str) -> bool:
    """*role* has no account yet, or theirs is of *brand* (the set-up steps make one of the world's brand)."""
    return not has_account(world, role) or _app_brand(world, role) == brand


def shown_bound(world: World, role: str, car: str) -> bool:
    """The head unit of *car* shows *role* as its bound user."""
    app = world.phones[role].app if role in world.phones else None
    if car not in world.cars or app is None:
        return False
    screen = world.cars[car].head_unit.screen
    return screen.bound and screen.user == app.account_id


def ismart_sign_up(world: World, values: Mapping[str, Phrase]) -> bool:
    return may_sign_up(world, _role(values), "ismart")


def renault_sign_up(world: World, values: Mapping[str, Phrase]) -> bool:
    return may_sign_up(world, _role(values), "myrenault")


def ismart_binding(world: World, values: Mapping[str, Phrase]) -> bool:
    return may_sign_up(world, _role(values), "ismart") and brand_car(world, values["car"].key, "ismart")


def renault_synchronising(world: World, values: Mapping[str, Phrase]) -> bool:
    return may_sign_up(world, _role(values), "myrenault") and brand_car(world, values["car"].key, "myrenault")


def user_shown_bound(world: World, values: Mapping[str, Phrase]) -> bool:
    return in_app(world, _role(values)) and shown_bound(world, _role(values), values["car"].key)
