"""Casting: the people and cars of a scenario, with data in the manual's locale.

One seed gives the same cast: Faker is seeded per world, and so is every drawn number.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from faker import Faker

from twins.vin import make_vin


@dataclass(frozen=True, slots=True)
class Locale:
    """What differs between countries: Faker's *faker* locale, the calling *prefix*, the
    registration plate's format (``#`` a digit, ``@`` a letter) and where the cast lives."""

    faker: str
    country: str
    prefix: str
    mail_domain: str
    plate_format: str
    home: tuple[float, float]
    mobile_first_digits: str
    mobile_more_digits: int = 7


DENMARK = Locale("da_DK", "DK", "+45", "example.dk", "@@ ## ###", (55.6761, 12.5683), "2345678")
NORWAY = Locale("no_NO", "NO", "+47", "example.no", "E@ #####", (59.9139, 10.7522), "49")
SWEDEN = Locale("sv_SE", "SE", "+46", "example.se", "@@@ ##@", (59.3293, 18.0686), "7", 8)
LOCALES = {locale.country: locale for locale in (DENMARK, NORWAY, SWEDEN)}
"""Every market's locale, by its country code."""

WMI = {"ismart": "LSJ", "myrenault": "VF1"}


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a scenario: their *name*, phone *number*, *email* and chosen *password*."""

    role: str
    name: str
    number: str
    email: str
    password: str


class Casting:
    """Draws people, cars and plates for one world from *seed*, in *locale*."""

    def __init__(self, seed: int, locale: Locale = DENMARK) -> None:
        self.locale = locale
        self.rng = random.Random(f"{seed}:cast")
        self._faker_random = random.Random(seed)  # what Faker's seed_instance(seed) would make
        self._numbers: set[str] = set()

    @property
    def faker(self) -> Faker:
        """Faker in the locale, drawing from this casting's own seeded stream.

        Building a Faker costs milliseconds (it loads every provider), so one Faker per locale is
        shared by every casting, each handing it its own random stream before it draws."""
        faker = _faker(self.locale.faker)
        faker.random = self._faker_random  # type: ignore[attr-defined]  # the setter is missing from proxy.pyi
        return faker

    def person(self, role: str) -> Person:
        first, last = self.faker.first_name(), self.faker.last_name()
        handle = f"{first}.{last}".lower().replace(" ", "")
        handle = "".join(char for char in handle if char.isascii() and (char.isalnum() or char == "."))
        return Person(
            role=role,
            name=f"{first} {last}",
            number=self.phone_number(),
            email=f"{handle}{self.rng.randrange(10, 99)}@{self.locale.mail_domain}",
            password=self.faker.password(length=12),
        )

    def phone_number(self) -> str:
        """A fresh mobile number in E.164 form."""
        while True:
            first = self.rng.choice(self.locale.mobile_first_digits)
            more = self.locale.mobile_more_digits
            number = f"{self.locale.prefix}{first}{self.rng.randrange(10**more):0{more}d}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def vin(self, brand: str) -> str:
        return make_vin(self.rng, WMI[brand])

    def plate(self) -> str:
        """A registration plate in the locale's format ("AB 12 345" in Denmark, "EL 12345" in
        Norway, "ABC 12D" in Sweden)."""
        letters = "ABCDEFGHJKLMNPRSTUVXYZ"
        return "".join(
            self.rng.choice(letters) if char == "@" else str(self.rng.randrange(10)) if char == "#" else char
            for char in self.locale.plate_format
        )


@functools.cache
def _faker(locale: str) -> Faker:
    """The one Faker of *locale* (each casting gives it its stream: :attr:`Casting.faker`)."""
    return Faker(locale)
