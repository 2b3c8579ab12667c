"""The actions exploration takes: step phrases of the library, with the values each field may take.

An :class:`Action` is one step definition (found by its English phrase) and, for each of its
fields, the :class:`explore.vocabulary.Phrase` values exploration may give it. The catalogue of
each brand lists what its people, cars, dealers and the world around them can do; the steps
themselves are the library's, so an explored sequence is a scenario the runners can play.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from explore.vocabulary import (
    ANSWERS,
    CARS_OF_WORLD,
    CLIENTS,
    DELAYS,
    DURATIONS,
    FAULTY_MESSAGES,
    IDENTIFIER_KINDS,
    ISMART_COMMANDS,
    PEOPLE,
    PINS,
    REGISTER_BUTTON,
    RENAULT_COMMANDS,
    Phrase,
)
from steps.registry import LIBRARY, StepDefinition

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

    @property
    def definition(self) -> StepDefinition:
        for definition in LIBRARY:
            if definition.phrases["en"] == self.phrase:
                return definition
        raise LookupError(f"no step of the library has the phrase {self.phrase!r}")

    def name(self) -> str:
        return _FIELD.sub(lambda field: f"<{field.group(1)}>", self.phrase)

    def text(self, values: Mapping[str, Phrase], language: str = "en") -> str:
        """The step text with *values* in its fields, written in *language*."""
        phrase = self.definition.phrases[language]
        return _FIELD.sub(lambda field: values[field.group(1)].texts[language], phrase)


@dataclass(frozen=True, slots=True)
class Step:
    """One action taken: the *action* and the *values* of its fields."""

    action: Action
    values: Mapping[str, Phrase]

    def text(self, language: str = "en") -> str:
        return self.action.text(self.values, language)


def _act(
    phrase: str, slots: Mapping[str, Sequence[Phrase]] | None = None, *, setup: bool = False, weight: int = 1
) -> Action:
    return Action(phrase, slots or {}, setup, weight)


_U: dict[str, Sequence[Phrase]] = {"user": PEOPLE}
_C: dict[str, Sequence[Phrase]] = {"car": CARS_OF_WORLD}
_UC = _U | _C
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
)
"""What happens around the people, for either brand: time, lost and late messages, sleeping cars."""

ISMART_ACTIONS: tuple[Action, ...] = (
    *WORLD_ACTIONS,
    _act("{user:User} is logged in to the iSmart app", _U, setup=True, weight=3),
    _act("{user:User} has bound {car:Car}", _UC, setup=True, weight=3),
    _act('{user:User} enters their {kind:Identifier} and presses "Send"', _U | {"kind": IDENTIFIER_KINDS}),
    _act('{user:User} enters the code and presses "{button}"', _U | {"button": REGISTER_BUTTON}),
    _act('{user:User} enters a wrong code and presses "{button}"', _U | {"button": REGISTER_BUTTON}),
    _act('{user:User} enters the same code again and presses "{button}"', _U | {"button": REGISTER_BUTTON}),
    _act("{user:User} logs in with a wrong password", _U),
    _act("{user:User} sits in {car:Car} with the infotainment system on", _UC, weight=2),
    _act('{user:User} presses "Bind" in the app and scans the QR code on {car:Car}', _UC, weight=3),
    _act("{user:User} scans the QR code on {car:Car} again", _UC, weight=2),
    _act("{user:User} takes a photo of the QR code on {car:Car}", _UC),
    _act("{user:User} scans the photo of the QR code", _U),
    _act(
        "{user:User} types their {kind:Identifier} and password on the head unit of {car:Car}",
        _UC | {"kind": IDENTIFIER_KINDS[:1]},
    ),
    _act("{user:User} types a wrong password on the head unit of {car:Car}", _UC),
    _act('{user:User} presses "Send" on the unbind screen of {car:Car}', _UC),
    _act("{user:User} unbinds {car:Car} with the code sent by SMS", _UC, weight=2),
    _act(_FORCE, _UC, weight=3),
    _act('{user:User} presses "Force unbinding" for {car:Car} without confirming the push message', _UC),
    _act('{user:User} presses "{choice}" on the push message', _U | {"choice": ANSWERS}, weight=2),
    _act('{user:User} answers "{choice}" to the force unbinding request', _U | {"choice": ANSWERS}),
    _act(
        "{duration:Duration} have passed since the force unbinding of {car:Car} was requested",
        _C | {"duration": DURATIONS[4:7]},
        weight=2,
    ),
    _act("{user:User} shows the dealer the registration certificate of {car:Car}", _UC),
    _act("the dealer submits a forced unbinding of {car:Car} for {user:User} without ownership evidence", _UC),
    _act(_DEALER_PAPERS, _UC | {"other": CARS_OF_WORLD}),
    _act("{user:User} asks for the status of {car:Car}", _UC, weight=2),
    _act(_COMMAND, _UC | {"command": ISMART_COMMANDS}, weight=2),
    _act("{user:User} tries the same command again", _U),
    _act('{user:User} presses "Contact Us" in the app', _U),
)
"""What MG iSmart's people and dealers do (IS-*, and the D-rules on iSmart cars)."""

MY_RENAULT_ACTIONS: tuple[Action, ...] = (
    *WORLD_ACTIONS,
    _act("{user:User} is logged in to the My Renault app", _U, setup=True, weight=3),
    _act("{user:User} has synchronised {car:Car}", _UC, setup=True, weight=3),
    _act("{user:User} creates a My Renault account from {client:Client}", _U | {"client": CLIENTS}),
    _act("{user:User} follows the link in the confirmation e-mail", _U),
    _act("{user:User} asks for the confirmation e-mail again from {client:Client}", _U | {"client": CLIENTS}),
    _act("{user:User} logs in to My Renault from {client:Client}", _U | {"client": CLIENTS}),
    _act("{user:User} sits in {car:Car} with the infotainment system on", _UC),
    _act("{user:User} synchronises {car:Car} from the app", _UC, weight=2),
    _act("the multimedia system of {car:Car} restarts", _C),
    _act('{user:User} creates the My Renault PIN "{pin}"', _U | {"pin": PINS[:1]}),
    _act('{user:User} types the PIN "{pin}" for the next remote command', _U | {"pin": PINS}),
    _act("{user:User} activates the services of {car:Car}", _UC),
    _act(_COMMAND, _UC | {"command": RENAULT_COMMANDS}, weight=2),
    _act(_COMMAND + " from the web site", _UC | {"command": RENAULT_COMMANDS}),
    _act("{user:User} tries the same command again", _U),
    _act("{user:User} asks for the status of {car:Car}", _UC),
    _act("{user:User} locates {car:Car} on {client:Client}", _UC | {"client": CLIENTS}),
    _act("{user:User} opens the vehicle information of {car:Car}", _UC),
    _act('{user:User} opens "My services" for {car:Car} on {client:Client}', _UC | {"client": CLIENTS}),
    _act("{user:User} checks the battery of {car:Car}", _UC),
    _act("{user:User} opens the charge pass", _U),
    _act("{user:User} opens the E-guide of {car:Car}", _UC),
)
"""What My Renault's people do (MR-*, and the D-rules on My Renault cars)."""

CATALOGUES: Mapping[str, tuple[Action, ...]] = {"ismart": ISMART_ACTIONS, "myrenault": MY_RENAULT_ACTIONS}
