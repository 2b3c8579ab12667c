"""The actions exploration takes: step phrases of the library, with the values each field may take.

An :class:`Action` is one step definition (found by its English phrase) and, for each of its
fields, the :class:`explore.vocabulary.Phrase` values exploration may give it. The catalogue of
each brand lists what its people, cars, dealers and the world around them can do; the steps
themselves are the library's, so an explored sequence is a scenario the runners can play.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from contract import CapabilityDeclaration
from explore import situation as can
from explore.situation import Allows
from explore.vocabulary import (
    ANSWERS,
    CARS_OF_WORLD,
    CLIENTS,
    DELAYS,
    DURATIONS,
    ENTRIES,
    FAULTY_MESSAGES,
    IDENTIFIER_KINDS,
    ISMART_COMMANDS,
    MARKET_NAMES,
    MONTHS,
    PEOPLE,
    PHONE_NAMES,
    PINS,
    REGISTER_BUTTON,
    RENAULT_COMMANDS,
    RETRIES,
    SERVICES,
    TIMES_OF_DAY,
    VEHICLE_IDS,
    WRONG_TRIES,
    Phrase,
    role,
    same,
)
from steps.registry import LIBRARY, StepDefinition
from twins.world import World

_FIELD = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True, slots=True)
class Action:
    """The step whose English phrase is *phrase*, with the values *slots* gives each field.

    *setup* marks an action that builds the situation (a Given); the feature writer keeps its
    keyword. *weight* makes an action drawn more often.
    """

    phrase: str
    slots: Mapping[str, Sequence[Phrase]] = field(default_factory=dict)
    setup: bool = False
    weight: int = 1
    fixed: Mapping[str, Phrase] = field(default_factory=dict)
    """Fields whose value this action always gives (the car a casting step builds)."""
    needs: Callable[[World], bool] | None = None
    """When the action can be taken at all (None: always), asked of the example's world."""
    allows: Allows | None = None
    """Which values of its fields a person could take it with now (None: all); see :mod:`explore.situation`."""

    @property
    def optional(self) -> bool:
        """Whether swarm testing may leave the action out of an example (not casting, not time)."""
        return self.needs is None and not self.phrase.startswith("{duration:Duration}")

    def choices(self, world: World) -> list[dict[str, Phrase]]:
        """Every combination of values the action may be taken with in *world*, in a fixed order."""
        if self.needs is not None and not self.needs(world):
            return []
        names = list(self.slots)
        combinations = [dict(zip(names, values, strict=True)) for values in itertools.product(*self.slots.values())]
        if self.allows is None:
            return combinations
        return [values for values in combinations if self.allows(world, {**self.fixed, **values})]

    @property
    def definition(self) -> StepDefinition:
        for definition in LIBRARY:
            if definition.phrases["en"] == self.phrase:
                return definition
        raise LookupError(f"no step of the library has the phrase {self.phrase!r}")

    def name(self) -> str:
        return _FIELD.sub(lambda field: f"<{field.group(1)}>", self.phrase)

    def text(self, values: Mapping[str, Phrase], language: str = "en") -> str:
        """The step text with *values* (and the fixed ones) in its fields, written in *language*."""
        flat: dict[str, Phrase] = dict(self.fixed)
        for name, value in values.items():
            flat.update(value.parts or {name: value})
        phrase = self.definition.phrases[language]
        return _FIELD.sub(lambda field: flat[field.group(1)].texts[language], phrase)


@dataclass(frozen=True, slots=True)
class Step:
    """One action taken: the *action* and the *values* of its fields."""

    action: Action
    values: Mapping[str, Phrase]

    def text(self, language: str = "en") -> str:
        return self.action.text(self.values, language)


def _act(
    phrase: str,
    slots: Mapping[str, Sequence[Phrase]] | None = None,
    *,
    setup: bool = False,
    weight: int = 1,
    allows: Allows | None = None,
) -> Action:
    return Action(phrase, slots or {}, setup, weight, allows=allows)


_U: dict[str, Sequence[Phrase]] = {"user": PEOPLE}
_C: dict[str, Sequence[Phrase]] = {"car": CARS_OF_WORLD}
_UC = _U | _C
_UO = _U | {"other": PEOPLE}
_FORCE = '{user:User} presses "Force unbinding" for {car:Car} and confirms that a push message will be sent'
_DEALER_PAPERS = (
    "the dealer submits a forced unbinding of {car:Car} for {user:User} "
    "with the registration certificate of {other:Car}"
)
_COMMAND = '{user:User} sends the remote command "{command:Command}" to {car:Car}'

WORLD_ACTIONS: tuple[Action, ...] = (
    _act("{duration:Duration} pass", {"duration": DURATIONS}, weight=3),
    _act("the next {message:Message} gets lost", {"message": FAULTY_MESSAGES}),
    _act(
        "the next {message:Message} arrives {duration:Duration} late", {"message": FAULTY_MESSAGES, "duration": DELAYS}
    ),
    _act("the next {message:Message} arrives twice", {"message": FAULTY_MESSAGES}),
    _act("the TCU of {car:Car} is asleep", _C),
    _act("the head unit of {car:Car} restarts", _C),
    _act("the phone of {user:User} has no internet connection", _U),
    _act("the phone of {user:User} is back online", _U),
    _act("{user:User} logs in to the app on a second phone", _U, allows=can.user_in_app),
    _act("{user:User} picks up their {which:PhoneOf}", _U | {"which": PHONE_NAMES}, allows=can.user_has_second_phone),
    _act("{user:User} logs out of {client:Client}", _U | {"client": CLIENTS[:1]}, allows=can.user_in_app),
    _act("{user:User} tries the same command again", _U, allows=can.user_sent_command),
    _act(
        "{user:User} tries the same command again {count:d} times",
        _U | {"count": RETRIES},
        allows=can.user_sent_command,
    ),
    _act("{user:User} tries the same command again after it is done", _U, allows=can.user_sent_command),
    _act("{user:User} asks for the status of {car:Car}", _UC, weight=2),
    _act("{user:User} looks at the command in the app", _U, allows=can.user_had_command_accepted),
    _act("it is {time:TimeOfDay} in the market of {car:Car}", _C | {"time": TIMES_OF_DAY}),
)
"""What happens around the people, whatever the brand: time, lost and late messages, sleeping
cars, second phones, logging out, retries."""

_SETTLE = Step(WORLD_ACTIONS[0], {"duration": DURATIONS[2]})
_LOOK = next(action for action in WORLD_ACTIONS if action.phrase.endswith("looks at the command in the app"))


def settling(world: World) -> tuple[Step, ...]:
    """The last steps of every example: two hours pass, so that every message the platform owes
    and every bounded time the manuals name falls due, and everyone who sent a command looks at
    it (a command for a car that never answered must have ended by then)."""
    looks = (Step(_LOOK, {"user": role(person)}) for person in world.memory.last_command)
    return (_SETTLE, *(look for look in looks if can.user_had_command_accepted(world, look.values)))


ISMART_ACTIONS: tuple[Action, ...] = (
    _act("{user:User} is logged in to the iSmart app", _U, setup=True, weight=3, allows=can.ismart_sign_up),
    _act("{user:User} has bound {car:Car}", _UC, setup=True, weight=3, allows=can.ismart_binding),
    _act(
        "{user:User} has logged in to {car:Car} with the first scan",
        _UC,
        setup=True,
        weight=2,
        allows=can.ismart_binding,
    ),
    _act(
        "{user:User} has requested force unbinding of {car:Car}", _UC, setup=True, weight=2, allows=can.ismart_binding
    ),
    _act('{user:User} enters their {kind:Identifier} and presses "Send"', _U | {"kind": IDENTIFIER_KINDS}),
    _act(
        '{user:User} enters the code and presses "{button}"', _U | {"button": REGISTER_BUTTON}, allows=can.user_got_code
    ),
    _act(
        '{user:User} enters a wrong code {count:d} times and presses "{button}"',
        _U | {"count": WRONG_TRIES, "button": REGISTER_BUTTON},
        allows=can.user_got_code,
    ),
    _act(
        '{user:User} enters the same code again and presses "{button}"',
        _U | {"button": REGISTER_BUTTON},
        allows=can.user_typed_code,
    ),
    _act(
        '{user:User} enters the code sent to {other:User} and presses "{button}"',
        _UO | {"button": REGISTER_BUTTON},
        allows=can.other_got_code,
    ),
    _act("{user:User} logs in with a wrong password", _U, allows=can.user_has_account),
    _act("{user:User} sits in {car:Car} with the infotainment system on", _UC, weight=2),
    _act(
        '{user:User} presses "Bind" in the app and scans the QR code on {car:Car}',
        _UC,
        weight=3,
        allows=can.user_seated_in_app,
    ),
    _act("{user:User} scans the QR code on {car:Car} again", _UC, weight=2, allows=can.user_seated_in_app),
    _act("{user:User} takes a photo of the QR code on {car:Car}", _UC, allows=can.user_seated),
    _act("{user:User} scans the photo of the QR code", _U, allows=can.user_has_photo),
    _act("{user:User} scans the photo {other:User} took of the QR code", _UO, allows=can.other_has_photo),
    _act(
        "{user:User} types their {kind:Identifier} and password on the head unit of {car:Car}",
        _UC | {"kind": IDENTIFIER_KINDS[:1]},
        allows=can.user_seated_with_account,
    ),
    _act("{user:User} types a wrong password on the head unit of {car:Car}", _UC, allows=can.user_seated_with_account),
    _act('{user:User} presses "Log out" in the "User" menu of {car:Car}', _UC, allows=can.user_seated),
    _act('{user:User} presses "Send" on the unbind screen of {car:Car}', _UC, allows=can.user_in_app),
    _act("{user:User} unbinds {car:Car} with the code sent by SMS", _UC, weight=2, allows=can.user_shown_bound),
    _act(_FORCE, _UC, weight=3, allows=can.user_in_app),
    _act(
        '{user:User} presses "Force unbinding" for {car:Car} without confirming the push message',
        _UC,
        allows=can.user_in_app,
    ),
    _act(
        '{user:User} presses "{choice}" on the push message',
        _U | {"choice": ANSWERS},
        weight=2,
        allows=can.user_got_force_push,
    ),
    _act(
        '{user:User} answers "{choice}" to the force unbinding request',
        _U | {"choice": ANSWERS},
        allows=can.previous_got_force_push,
    ),
    _act(
        "{duration:Duration} have passed since the force unbinding of {car:Car} was requested",
        _C | {"duration": DURATIONS[4:7]},
        weight=2,
        allows=can.requested,
    ),
    _act("{user:User} shows the dealer the registration certificate of {car:Car}", _UC),
    _act("the dealer submits a forced unbinding of {car:Car} for {user:User} without ownership evidence", _UC),
    _act(_DEALER_PAPERS, _UC | {"other": CARS_OF_WORLD}),
    _act("the dealer's audit records of {car:Car} name no other car", _C),
    _act(_COMMAND, _UC | {"command": ISMART_COMMANDS}, weight=2, allows=can.user_in_app),
    _act('{user:User} presses "Contact Us" in the app', _U),
)
"""What MG iSmart's people and dealers do (IS-*, and the D-rules on iSmart cars)."""

MY_RENAULT_ACTIONS: tuple[Action, ...] = (
    _act("{user:User} is logged in to the My Renault app", _U, setup=True, weight=3, allows=can.renault_sign_up),
    _act("{user:User} has synchronised {car:Car}", _UC, setup=True, weight=3, allows=can.renault_synchronising),
    _act(
        '{user:User} controls {car:Car} remotely with the PIN "{pin}"',
        _UC | {"pin": PINS[:1]},
        setup=True,
        weight=3,
        allows=can.renault_synchronising,
    ),
    _act("{user:User} creates a My Renault account from {client:Client}", _U | {"client": CLIENTS}),
    _act("{user:User} follows the link in the confirmation e-mail", _U, allows=can.user_got_confirmation),
    _act(
        "{user:User} asks for the confirmation e-mail again from {client:Client}",
        _U | {"client": CLIENTS},
        allows=can.user_has_account,
    ),
    _act(
        "{user:User} logs in to My Renault from {client:Client}", _U | {"client": CLIENTS}, allows=can.user_has_account
    ),
    _act(
        "{user:User} adds {car:Car} by its {what:VehicleId}, {how:Entry}",
        _UC | {"what": VEHICLE_IDS, "how": ENTRIES},
        allows=can.user_in_app,
    ),
    _act("{user:User} sits in {car:Car} with the infotainment system on", _UC),
    _act("{user:User} synchronises {car:Car} from the app", _UC, weight=2, allows=can.user_in_app),
    _act('{user:User} presses "Synchronise vehicle" for {car:Car} on the web site', _UC),
    _act("the multimedia system of {car:Car} restarts", _C),
    _act('{user:User} creates the My Renault PIN "{pin}"', _U | {"pin": PINS[:1]}, allows=can.user_in_app),
    _act('{user:User} types the PIN "{pin}" for the next remote command', _U | {"pin": PINS}),
    _act(
        '{user:User} guesses a wrong PIN for "{command:Command}" to {car:Car} {count:d} times',
        _UC | {"command": RENAULT_COMMANDS[:1], "count": WRONG_TRIES},
        allows=can.user_in_app,
    ),
    _act("{user:User} activates the services of {car:Car}", _UC, allows=can.user_in_app),
    _act(_COMMAND, _UC | {"command": RENAULT_COMMANDS}, weight=2, allows=can.user_in_app),
    _act(_COMMAND + " from the web site", _UC | {"command": RENAULT_COMMANDS}, allows=can.user_in_app),
    _act("{user:User} locates {car:Car} on {client:Client}", _UC | {"client": CLIENTS}, allows=can.user_in_app),
    _act("{user:User} opens the vehicle information of {car:Car}", _UC, allows=can.user_in_app),
    _act(
        '{user:User} opens "My services" for {car:Car} on {client:Client}',
        _UC | {"client": CLIENTS},
        allows=can.user_in_app,
    ),
    _act(
        '{user:User} renews "{service}" of {car:Car} for {months:d} months before it expires',
        _UC | {"service": SERVICES, "months": MONTHS},
        allows=can.user_in_app_with_renault,
    ),
    _act("{user:User} checks the battery of {car:Car}", _UC, allows=can.user_in_app),
    _act("{user:User} opens the charge pass", _U, allows=can.user_in_app),
    _act("{user:User} opens the E-guide of {car:Car}", _UC, allows=can.user_in_app),
    _act(
        "{user:User} programs charging of {car:Car} to start at {clock:TimeOfDay}",
        _UC | {"clock": TIMES_OF_DAY},
        allows=can.user_in_app,
    ),
)
"""What My Renault's people do (MR-*, and the D-rules on My Renault cars)."""

BRAND_ACTIONS: Mapping[str, tuple[Action, ...]] = {"ismart": ISMART_ACTIONS, "myrenault": MY_RENAULT_ACTIONS}


def casting(declaration: CapabilityDeclaration, brands: Sequence[str]) -> tuple[Action, ...]:
    """The steps that cast an example's world from what *declaration* offers of *brands*: each
    car a declared model sold in one of its markets, each person living in a declared market.

    Each is taken at most once per car or person, before anything else mentions it; a car
    nobody casts is built as the first model of the world's brand when first mentioned.
    """
    offers = [
        Phrase(f"{model.name}|{market}", {}, {"model": same(model.name), "market": MARKET_NAMES[market]})
        for model in declaration.models
        if model.brand in brands
        for market in model.markets
        if market in MARKET_NAMES
    ]
    markets = sorted({market for model in declaration.models for market in model.markets} & set(MARKET_NAMES))
    actions: list[Action] = []
    if offers:
        for car in CARS_OF_WORLD:
            actions.append(
                Action(
                    '{car:Car} is a "{model}" sold in {market:Market}',
                    {"offer": offers},
                    setup=True,
                    fixed={"car": car},
                    needs=_car_not_built(car.key),
                )
            )
    for person in PEOPLE if markets else ():
        actions.append(
            Action(
                "{user:User} lives in {market:Market}",
                {"market": [MARKET_NAMES[market] for market in markets]},
                setup=True,
                fixed={"user": person},
                needs=_person_not_cast(person.key),
            )
        )
    return tuple(actions)


def _car_not_built(name: str) -> Callable[[World], bool]:
    return lambda world: name not in world.cars


def _person_not_cast(role: str) -> Callable[[World], bool]:
    return lambda world: role not in world.people


def catalogue(declaration: CapabilityDeclaration, brands: Sequence[str]) -> tuple[Action, ...]:
    """Every action of an example in a world of *brands*, cast from *declaration*."""
    claimed = [brand for brand in brands if declaration.claims_brand(brand)]
    return (
        casting(declaration, claimed)
        + WORLD_ACTIONS
        + tuple(action for brand in claimed for action in BRAND_ACTIONS[brand])
    )
