"""The values exploration gives a step's fields, each as a phrase in every language.

A :class:`Phrase` is one value (the previous user, the other car, 72 hours) as English, Danish
and Norwegian write it, so one explored sequence can be written as a feature in any of them.
People, cars and the like are read from :mod:`steps.vocabulary`, so they are the words the step
library knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from steps.vocabulary import CARS, IDENTIFIERS, LANGUAGES, MARKETS, MESSAGES, PHONES, ROLES


@dataclass(frozen=True, slots=True)
class Phrase:
    """One value, *key*, as each language writes it (*texts*: language → words).

    A phrase may stand for several fields at once (*parts*: field → phrase), when only some
    combinations of their values make sense (a model and a market it is sold in).
    """

    key: str
    texts: Mapping[str, str]
    parts: Mapping[str, Phrase] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.texts["en"]


def _from(words: Mapping[str, Mapping[str, str]], keys: tuple[str, ...]) -> tuple[Phrase, ...]:
    """The phrases of *keys* (canonical values) from a per-language word list of the step library."""
    inverse = {language: {value: word for word, value in words[language].items()} for language in LANGUAGES}
    return tuple(Phrase(key, {language: inverse[language][key] for language in LANGUAGES}) for key in keys)


def _same(*words: str) -> tuple[Phrase, ...]:
    """Phrases written alike in every language (button labels, codes)."""
    return tuple(same(word) for word in words)


def same(word: str) -> Phrase:
    """*word*, written alike in every language (a model's name, a code)."""
    return Phrase(word, dict.fromkeys(LANGUAGES, word))


def _each(*rows: tuple[str, str, str]) -> tuple[Phrase, ...]:
    return tuple(Phrase(en, dict(zip(LANGUAGES, row, strict=True))) for row in rows for en in (row[0],))


def role(key: str) -> Phrase:
    """The person *key* (a role of the step library: "user", "previous"...) in every language."""
    return _from(ROLES, (key,))[0]


PEOPLE = _from(ROLES, ("previous", "new", "stranger"))
"""The three people of an explored world: the first owner, the next one, and someone else."""

CAR_NAMES = tuple(key for key in dict.fromkeys(CARS["en"].values()))
CARS_OF_WORLD = _from(CARS, CAR_NAMES)

MARKET_NAMES = {key: _from(MARKETS, (key,))[0] for key in MARKETS["en"].values()}
"""Every market the step library can name, by its code."""
PHONE_NAMES = _from(PHONES, ("first", "second"))

IDENTIFIER_KINDS = _from(IDENTIFIERS, ("phone", "email"))
FAULTY_MESSAGES = _from(MESSAGES, ("sms", "push", "email"))
ANSWERS = _same("Agree", "Reject")
REGISTER_BUTTON = _same("Register")

DURATIONS = _each(
    ("2 minutes", "2 minutter", "2 minutter"),
    ("10 minutes", "10 minutter", "10 minutter"),
    ("2 hours", "2 timer", "2 timer"),
    ("24 hours", "24 timer", "24 timer"),
    ("71 hours and 59 minutes", "71 timer og 59 minutter", "71 timer og 59 minutter"),
    ("72 hours", "72 timer", "72 timer"),
    ("73 hours", "73 timer", "73 timer"),
    ("400 days", "400 dage", "400 dager"),
)
"""How long time passes in one action: short waits, and the instants the manuals name."""

DELAYS = _each(("2 minutes", "2 minutter", "2 minutter"), ("90 minutes", "90 minutter", "90 minutter"))

ISMART_COMMANDS = _each(
    ("unlock", "lås op", "lås opp"),
    ("lock", "lås", "lås"),
    ("climate on", "klimaanlæg til", "klimaanlegg på"),
    ("find my car", "find my car", "finn bilen min"),
)
RENAULT_COMMANDS = _each(
    ("horn and lights", "horn og lys", "horn og lys"),
    ("lock", "lås", "lås"),
    ("climate on", "klimaanlæg til", "klimaanlegg på"),
)
VEHICLE_IDS = _each(
    ("VIN", "stelnummer", "understellsnummer"), ("registration number", "registreringsnummer", "registreringsnummer")
)
ENTRIES = _each(("typed in", "indtastet", "skrevet inn"), ("scanned", "scannet", "skannet"))
PINS = _same("1234", "9999")
RETRIES = _same("2", "3")
WRONG_TRIES = _same("1", "3", "12")
TIMES_OF_DAY = _same("02:30", "12:00", "23:30")
MONTHS = _same("12")
SERVICES = _each(("connected services", "forbundne tjenester", "tilkoblede tjenester"))
CLIENTS = _each(("the app", "appen", "appen"), ("the web site", "hjemmesiden", "nettstedet"))
