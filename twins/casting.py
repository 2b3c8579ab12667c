"""Casting: the people and cars of a scenario, with data in the manual's locale.

One seed gives the same cast: Faker is seeded per world, and so is every drawn number.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from faker import Faker

from twins.vin import make_vin


@dataclass(frozen=True, slots=True)
class Locale:
    """What differs between countries: Faker's *faker* locale, calling *prefix*, plate format."""

    faker: str
    country: str
    prefix: str
    mail_domain: str


DENMARK = Locale(faker="da_DK", country="DK", prefix="+45", mail_domain="example.dk")
NORWAY = Locale(faker="nb_NO", country="NO", prefix="+47", mail_domain="example.no")

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
        self.faker = Faker(locale.faker)
        self.faker.seed_instance(seed)
        self._numbers: set[str] = set()

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
            number = self.locale.prefix + str(self.rng.randrange(2, 10)) + f"{self.rng.randrange(10**7):07d}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def vin(self, brand: str) -> str:
        return make_vin(self.rng, WMI[brand])

    def plate(self) -> str:
        """A registration plate: two letters and five digits, as in Denmark and Norway."""
        letters = "".join(self.rng.choice(string.ascii_uppercase) for _ in range(2))
        return f"{letters} {self.rng.randrange(10, 100)} {self.rng.randrange(1000):03d}"
