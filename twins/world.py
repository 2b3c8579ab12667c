"""The world of one scenario: the SimPy environment, its twins, and the platform under test.

A world is built from a platform factory and a seed. Everything random in it (gateway
latencies, TCU timings, names, numbers, VINs, plates) is drawn from streams derived from that
seed, so one seed replays the same scenario byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import simpy

from contract import PlatformFactory, Setup
from contract.capabilities import CapabilityDeclaration, ModelCapability
from contract.messages import Location, VehicleRecord, VehicleState
from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand
from twins.casting import DENMARK, Casting, Locale, Person
from twins.clock import EPOCH, VirtualClock
from twins.connection import PlatformConnection
from twins.dealer import Dealer
from twins.gateways import CarLink, Gateway, Recipient, SeededLatency
from twins.phone import Phone
from twins.switchboard import Directory, Switchboard
from twins.trace import Trace
from twins.vehicle import Vehicle

COPENHAGEN = Location(55.6761, 12.5683)


@dataclass(frozen=True, slots=True)
class Latencies:
    """The delivery delay range, in seconds, of each gateway."""

    sms: tuple[float, float] = (2.0, 20.0)
    email: tuple[float, float] = (5.0, 60.0)
    push: tuple[float, float] = (0.5, 3.0)
    car: tuple[float, float] = (0.2, 2.0)


@dataclass(slots=True)
class Memory:
    """What the people of a scenario remember between steps (photos, codes, request ids)."""

    identifiers: dict[str, str] = field(default_factory=dict)
    photos: dict[str, str] = field(default_factory=dict)
    scanned: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    codes_read: dict[str, int] = field(default_factory=dict)
    used_codes: dict[str, str] = field(default_factory=dict)
    requested_at: dict[str, float] = field(default_factory=dict)


class World:
    """The twins of one scenario around the platform made by *factory*, all drawn from *seed*."""

    def __init__(
        self,
        factory: PlatformFactory,
        seed: int,
        brand: str = "ismart",
        locale: Locale = DENMARK,
        latencies: Latencies | None = None,
    ) -> None:
        self.seed = seed
        self.brand = brand
        self.env = simpy.Environment()
        self.clock = VirtualClock(self.env, EPOCH)
        self.trace = Trace()
        self.casting = Casting(seed, locale)
        self.memory = Memory()
        self.directory = Directory()
        delays = latencies or Latencies()
        self.sms_gateway = Gateway[Sms](self.env, "SMS gateway", self.trace, self._latency("sms", delays.sms))
        self.email_gateway = Gateway[Email](
            self.env, "e-mail gateway", self.trace, self._latency("email", delays.email)
        )
        self.push_gateway = Gateway[Push](self.env, "push gateway", self.trace, self._latency("push", delays.push))
        self.car_link = CarLink[TcuCommand | CarEvent](
            self.env, "car link", self.trace, self._latency("car", delays.car)
        )
        self.switchboard = Switchboard(
            self.directory, self.sms_gateway, self.email_gateway, self.push_gateway, self.car_link
        )
        self.platform = factory.create(Setup(self.switchboard, seed, EPOCH))
        self.connection = PlatformConnection(self.env, self.clock, self.platform, self.trace)
        self.declaration: CapabilityDeclaration = self.connection.test_call("declaration", self.platform.declaration)
        self.people: dict[str, Person] = {}
        self.phones: dict[str, Phone] = {}
        self.cars: dict[str, Vehicle] = {}
        self.dealers: dict[str, Dealer] = {}

    def _latency(self, stream: str, bounds: tuple[float, float]) -> SeededLatency:
        return SeededLatency(self.stream(stream), *bounds)

    def stream(self, name: str) -> random.Random:
        """An independent random stream for *name*, derived from the world's seed."""
        return random.Random(f"{self.seed}:{name}")

    # --- the cast ---------------------------------------------------------------------

    def person(self, role: str) -> Person:
        """The person playing *role* ("user", "previous", ...), cast with a phone on first mention."""
        if role not in self.people:
            person = self.casting.person(role)
            phone = Phone(
                self.env,
                person.name,
                person.number,
                person.email,
                f"device-{len(self.people) + 1}",
                self.connection,
            )
            self.people[role], self.phones[role] = person, phone
            self.directory.numbers[person.number] = Recipient(phone.name, phone.receive_sms)
            self.directory.mailboxes[person.email] = Recipient(phone.name, phone.receive_email)
            self.directory.devices[phone.device_id] = Recipient(phone.name, phone.receive_push)
        return self.people[role]

    def phone(self, role: str) -> Phone:
        self.person(role)
        return self.phones[role]

    def add_car(self, name: str, brand: str, model: ModelCapability) -> Vehicle:
        """Build car *name* of *model*, known to the platform as the factory made it."""
        record = VehicleRecord(
            vin=self.casting.vin(brand),
            brand=brand,
            model=model.name,
            market=model.markets[0],
            plate=self.casting.plate(),
            tcu_msisdn=self.casting.phone_number(),
            state=VehicleState(locked=True, climate_on=False, location=COPENHAGEN),
        )
        self.connection.test_call("provision_vehicle", lambda: self.platform.provision_vehicle(record))
        car = Vehicle(self.env, record, self.connection, self.stream(f"tcu:{name}"))
        self.cars[name] = car
        self.directory.cars[record.vin] = car
        self.directory.numbers[record.tcu_msisdn] = Recipient(car.tcu.name, car.tcu.receive_sms)
        return car

    def car(self, name: str) -> Vehicle:
        return self.cars[name]

    def dealer(self) -> Dealer:
        if "dealer" not in self.dealers:
            name = f"dealer {self.casting.faker.city()}"
            self.dealers["dealer"] = Dealer("dealer-1", name, self.connection)
        return self.dealers["dealer"]

    # --- time -------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Let *seconds* of virtual time pass, running everything that falls due, the last instant too."""
        self.advance_to(self.env.now + seconds)

    def advance_to(self, at: float) -> None:
        self.clock.run_until(at)
        self.connection.sync_clock()
        self.clock.run_until(at)

    def wait_for(self, condition: Callable[[], bool], within: float) -> bool:
        """Run the world until *condition* holds or *within* seconds have passed; say which."""
        deadline = self.env.now + within
        while not condition():
            if self.env.peek() > deadline:
                self.advance_to(deadline)
                return condition()
            self.env.step()
        return True
