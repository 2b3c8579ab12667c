"""The words steps share in English, Danish and Norwegian: people, durations, commands.

Each word list maps the phrase a QA engineer writes to the canonical value a step receives, so
"the previous user", "den tidligere bruger" and "den tidligere brukeren" all mean ``previous``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import cast

import parse

LANGUAGES = ("en", "da", "no")

ROLES: Mapping[str, Mapping[str, str]] = {
    "en": {
        "the user": "user",
        "the previous user": "previous",
        "the new user": "new",
        "a stranger": "stranger",
    },
    "da": {
        "brugeren": "user",
        "den tidligere bruger": "previous",
        "den nye bruger": "new",
        "en fremmed": "stranger",
    },
    "no": {
        "brukeren": "user",
        "den tidligere brukeren": "previous",
        "den nye brukeren": "new",
        "en fremmed": "stranger",
    },
}

COMMANDS: Mapping[str, str] = {
    "climate on": "climate_on",
    "climate off": "climate_off",
    "lock": "lock",
    "unlock": "unlock",
    "find my car": "find_my_car",
    "horn and lights": "horn_and_lights",
    "klimaanlæg til": "climate_on",
    "klimaanlæg fra": "climate_off",
    "lås": "lock",
    "lås op": "unlock",
    "klimaanlegg på": "climate_on",
    "klimaanlegg av": "climate_off",
    "lås opp": "unlock",
    "finn bilen min": "find_my_car",
    "horn og lys": "horn_and_lights",
    "schedule charging": "schedule_charging",
    "schedule climate": "schedule_climate",
    "opladningsplan": "schedule_charging",
    "klimaplan": "schedule_climate",
    "ladeplan": "schedule_charging",
}

CARS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "the car": "the car",
        "the other car": "the other car",
        "the third car": "the third car",
        "the fourth car": "the fourth car",
    },
    "da": {
        "bilen": "the car",
        "den anden bil": "the other car",
        "den tredje bil": "the third car",
        "den fjerde bil": "the fourth car",
    },
    "no": {
        "bilen": "the car",
        "den andre bilen": "the other car",
        "den tredje bilen": "the third car",
        "den fjerde bilen": "the fourth car",
    },
}

MARKETS: Mapping[str, Mapping[str, str]] = {
    "en": {"Denmark": "DK", "Norway": "NO", "Sweden": "SE"},
    "da": {"Danmark": "DK", "Norge": "NO", "Sverige": "SE"},
    "no": {"Danmark": "DK", "Norge": "NO", "Sverige": "SE"},
}
"""The countries a car is sold in, or a person lives in, as each language names them."""

PHONES: Mapping[str, Mapping[str, str]] = {
    "en": {"first phone": "first", "second phone": "second"},
    "da": {"første telefon": "first", "anden telefon": "second"},
    "no": {"første telefon": "first", "andre telefon": "second"},
}
"""Which of a person's phones a step means."""

IDENTIFIERS: Mapping[str, Mapping[str, str]] = {
    "en": {"phone number": "phone", "e-mail address": "email"},
    "da": {"telefonnummer": "phone", "e-mail": "email", "e-mailadresse": "email"},
    "no": {"telefonnummer": "phone", "e-postadresse": "email"},
}

CHANNELS: Mapping[str, str] = {"SMS": "sms", "e-mail": "email", "e-post": "email"}

MESSAGES: Mapping[str, Mapping[str, str]] = {
    "en": {"SMS": "sms", "e-mail": "email", "push message": "push"},
    "da": {"SMS": "sms", "e-mail": "email", "push-besked": "push"},
    "no": {"SMS-en": "sms", "e-posten": "email", "push-meldingen": "push"},
}
"""The carriers a fault model acts on, as "the next ..." reads in each language."""

CLIENTS: Mapping[str, Mapping[str, str]] = {
    "en": {"the web site": "web", "the app": "app"},
    "da": {"hjemmesiden": "web", "appen": "app"},
    "no": {"nettstedet": "web", "appen": "app"},
}

VEHICLE_IDS: Mapping[str, str] = {
    "VIN": "vin",
    "stelnummer": "vin",
    "understellsnummer": "vin",
    "registration number": "plate",
    "registreringsnummer": "plate",
}

ENTRY: Mapping[str, str] = {
    "typed in": "typed",
    "scanned": "scanned",
    "indtastet": "typed",
    "scannet": "scanned",
    "skrevet inn": "typed",
    "skannet": "scanned",
}

VIN_MISTAKES: Mapping[str, str] = {
    "a character missing": "short",
    "the letter O in it": "letter_o",
    "a wrong check digit": "check_digit",
    "et tegn for lidt": "short",
    "bogstavet O i det": "letter_o",
    "et forkert kontrolciffer": "check_digit",
    "et tegn for lite": "short",
    "bokstaven O i det": "letter_o",
    "feil kontrollsiffer": "check_digit",
}

CONDITIONS: Mapping[str, str] = {
    "the user is not in the cabin": "not_in_cabin",
    "the car is driving": "driving",
    "the car has no network coverage": "no_coverage",
    "the multimedia system is off": "multimedia_off",
    "brugeren er ikke i kabinen": "not_in_cabin",
    "bilen kører": "driving",
    "bilen har ingen netværksdækning": "no_coverage",
    "multimediesystemet er slukket": "multimedia_off",
    "brukeren er ikke i kupeen": "not_in_cabin",
    "bilen kjører": "driving",
    "bilen står uten nettverksdekning": "no_coverage",
    "multimediesystemet er slått av": "multimedia_off",
}

PLACES: Mapping[str, tuple[float, float]] = {
    "Drammen": (59.7439, 10.2045),
    "Lillehammer": (61.1153, 10.4662),
    "Trondheim": (63.4305, 10.3951),
    "Roskilde": (55.6415, 12.0803),
    "Aarhus": (56.1629, 10.2039),
}

SERVICES: Mapping[str, str] = {
    "Horn and lights": "horn_and_lights",
    "Horn og lys": "horn_and_lights",
    "Charge scheduling": "charge_scheduling",
    "Programmering af opladning": "charge_scheduling",
    "Programmering av lading": "charge_scheduling",
    "Climate scheduling": "climate_scheduling",
    "Programmering af klimaanlæg": "climate_scheduling",
    "Programmering av klimaanlegg": "climate_scheduling",
    "Battery status": "battery_status",
    "Batteristatus": "battery_status",
    "Route planning": "route_planning",
    "Ruteplanlægning": "route_planning",
    "Ruteplanlegging": "route_planning",
    "Climate": "climate",
    "EV Management": "ev_management",
    "Digital Key": "digital_key",
    "Find my car": "find_my_car",
    "MAP and POI": "map_poi",
    "Vehicle status": "vehicle_status",
    "Notifications": "notifications",
    "Klimaanlæg": "climate",
    "MAP og POI": "map_poi",
    "Køretøj status": "vehicle_status",
    "Notifikationer": "notifications",
    "Klimaanlegg": "climate",
    "Kjøretøystatus": "vehicle_status",
    "Varsler": "notifications",
}

DECLARED: Mapping[str, Mapping[str, str]] = {
    "en": {
        "code lifetime": "code_lifetime_seconds",
        "QR code lifetime": "qr_lifetime_seconds",
        "command time-out": "command_timeout_seconds",
        "synchronisation time-out": "sync_timeout_seconds",
        "PIN lock time": "pin_lock_seconds",
    },
    "da": {
        "kodens levetid": "code_lifetime_seconds",
        "QR-kodens levetid": "qr_lifetime_seconds",
        "kommandoens tidsfrist": "command_timeout_seconds",
        "synkroniseringens tidsfrist": "sync_timeout_seconds",
        "pinkodens spærretid": "pin_lock_seconds",
    },
    "no": {
        "kodens levetid": "code_lifetime_seconds",
        "QR-kodens levetid": "qr_lifetime_seconds",
        "kommandoens tidsfrist": "command_timeout_seconds",
        "synkroniseringens tidsfrist": "sync_timeout_seconds",
        "PIN-kodens sperretid": "pin_lock_seconds",
    },
}
"""The declared durations (:mod:`contract.values`) a step may name, as each language says them."""

_UNITS = {
    "second": 1,
    "seconds": 1,
    "sekund": 1,
    "sekunder": 1,
    "minute": 60,
    "minutes": 60,
    "minut": 60,
    "minutter": 60,
    "minutt": 60,
    "hour": 3600,
    "hours": 3600,
    "time": 3600,
    "timer": 3600,
    "day": 86400,
    "days": 86400,
    "dag": 86400,
    "dage": 86400,
    "dager": 86400,
    "døgn": 86400,
}
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_AMOUNT = rf"\d+ (?:{_UNIT})"
DURATION = rf"{_AMOUNT}(?:(?:,? and |,? og |, | ){_AMOUNT})*"


def seconds_of(text: str) -> float:
    """The number of seconds in a duration such as "71 hours and 59 minutes" or "72 timer"."""
    return float(sum(int(amount) * _UNITS[unit] for amount, unit in re.findall(rf"(\d+) ({_UNIT})", text)))


def _typed[Converter: Callable[[str], object]](regex: str) -> Callable[[Converter], Converter]:
    """``parse.with_pattern`` with its type spelled out: *regex* is what the field matches."""
    return cast(Callable[[Converter], Converter], parse.with_pattern(regex))


def _choice(words: Mapping[str, str], name: str) -> Callable[[str], str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    lowered = {word.lower(): value for word, value in words.items()}

    @_typed(f"(?:{alternatives})")
    def convert(text: str) -> str:
        return lowered[text.lower()]

    convert.__name__ = name
    return convert


@_typed(DURATION)
def _duration(text: str) -> float:
    return seconds_of(text)


@_typed(r"[a-z][a-z_]*")
def _code(text: str) -> str:
    return text


@_typed(r"(?:[01]\d|2[0-3]):[0-5]\d")
def _time_of_day(text: str) -> str:
    return text


@functools.cache
def types_for(language: str) -> dict[str, Callable[[str], object]]:
    """The parse types a step phrase in *language* may use (made once per language)."""
    return {
        "User": _choice(ROLES[language], "User"),
        "Car": _choice(CARS[language], "Car"),
        "Market": _choice(MARKETS[language], "Market"),
        "PhoneOf": _choice(PHONES[language], "PhoneOf"),
        "TimeOfDay": _time_of_day,
        "Identifier": _choice(IDENTIFIERS[language], "Identifier"),
        "Channel": _choice(CHANNELS, "Channel"),
        "Message": _choice(MESSAGES[language], "Message"),
        "Service": _choice(SERVICES, "Service"),
        "Client": _choice(CLIENTS[language], "Client"),
        "VehicleId": _choice(VEHICLE_IDS, "VehicleId"),
        "Entry": _choice(ENTRY, "Entry"),
        "VinMistake": _choice(VIN_MISTAKES, "VinMistake"),
        "Condition": _choice(CONDITIONS, "Condition"),
        "Place": _choice({place: place for place in PLACES}, "Place"),
        "Duration": _duration,
        "Command": _choice(COMMANDS, "Command"),
        "Code": _code,
        "Declared": _choice(DECLARED[language], "Declared"),
    }
