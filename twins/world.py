"""The world of one scenario: the SimPy environment, its twins, and the platform under test.

A world is built from a platform factory and a seed. Everything random in it (gateway
latencies, TCU timings, names, numbers, VINs, plates) is drawn from streams derived from that
seed, so one seed replays the same scenario byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import simpy

from contract import PlatformFactory, Setup
from contract.capabilities import CapabilityDeclaration, ModelCapability
from contract.messages import CommandName, Location, ServiceTerm, VehicleRecord, VehicleState
from contract.myrenault import DealerRecord
from contract.outbound import CarEvent, Email, Push, Sms, TcuCommand
from core.verdicts import Inconclusive
from twins.casting import DENMARK, LOCALES, NORWAY, Casting, Locale, Person
from twins.charging import ChargingNetwork
from twins.clock import EPOCH, VirtualClock
from twins.computer import Computer
from twins.connection import PlatformConnection
from twins.dealer import Dealer
from twins.exchange_log import ExchangeLog
from twins.gateways import CarLink, Gateway, Recipient, SeededLatency
from twins.geo import offset
from twins.invariants import InvariantMonitor
from twins.phone import Phone
from twins.placement import allowing, placement, refusal
from twins.switchboard import Directory, Switchboard
from twins.trace import Trace
from twins.vehicle import Vehicle

MG_DEALER = "mg-dealer-"
"""How the MG dealers' ids begin (the My Renault dealer network's are ``dealer-N``)."""
MG_DEALER_BRAND = "ismart"
"""The brand of the dealers who unbind MG cars (IS-FORCE-6)."""
ORDINALS = {2: "second phone", 3: "third phone", 4: "fourth phone"}
"""How the trace names a person's phones after the first."""


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
    syncs: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)
    booking: tuple[str, datetime] = ("", EPOCH)
    destination: Location = field(default_factory=lambda: Location(0.0, 0.0))
    last_command: dict[str, tuple[str, CommandName, str]] = field(default_factory=dict)


class World:
    """The twins of one scenario around the platform made by *factory*, all drawn from *seed*."""

    def __init__(
        self,
        factory: PlatformFactory,
        seed: int,
        *,
        brand: str = "ismart",
        locale: Locale | None = None,
        latencies: Latencies | None = None,
        declaration: CapabilityDeclaration | None = None,
        connection: type[PlatformConnection] = PlatformConnection,
    ) -> None:
        self.seed = seed
        self.brand = brand
        self.env = simpy.Environment()
        self.clock = VirtualClock(self.env, EPOCH)
        self.trace = Trace()
        self.casting = Casting(seed, locale or (NORWAY if brand == "myrenault" else DENMARK))
        self.home = Location(*self.casting.locale.home)
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
        self.connection = connection(self.env, self.clock, self.platform, self.trace)
        self.log = ExchangeLog(self.env)
        self.switchboard.listeners.append(self.log.sent)
        self.connection.listeners.append(self.log)
        self.invariants = InvariantMonitor(self.env, self._brand_of)
        self.switchboard.listeners.append(self.invariants.sent)
        self.connection.listeners.append(self.invariants)
        self.declaration: CapabilityDeclaration = declaration or self.connection.test_call(
            "declaration", self.platform.declaration
        )
        self.judges: list[Callable[[BaseException | None], BaseException | None]] = [self.invariants.outcome]
        """What decides how the scenario ends, in turn, from the error it ended with (None: passed)."""
        self.castings: dict[str, Casting] = {self.casting.locale.country: self.casting}
        self.residence: dict[str, str] = {}
        self.people: dict[str, Person] = {}
        self.phones: dict[str, Phone] = {}
        self.devices: dict[str, list[Phone]] = {}
        self.cars: dict[str, Vehicle] = {}
        self.dealers: dict[str, Dealer] = {}
        self.computers: dict[str, Computer] = {}
        self.network: list[DealerRecord] = []
        self.charging: ChargingNetwork | None = None
        self.needs: dict[str, frozenset[str]] = {}
        """The services the scenario needs of each car, by the car's name: where it is sold must allow them."""

    def _brand_of(self, vin: str) -> str:
        car = self.directory.cars.get(vin)
        return car.record.brand if car is not None else ""

    def _latency(self, stream: str, bounds: tuple[float, float]) -> SeededLatency:
        return SeededLatency(self.stream(stream), *bounds)

    def stream(self, name: str) -> random.Random:
        """An independent random stream for *name*, derived from the world's seed."""
        return random.Random(f"{self.seed}:{name}")

    def outcome(self, error: BaseException | None) -> BaseException | None:
        """What a scenario that ended with *error* (None: passed) ends with once every judge of
        the world has spoken: the invariant monitor, and any judge a step added."""
        for judge in self.judges:
            error = judge(error)
        return error

    # --- the cast ---------------------------------------------------------------------

    def casting_for(self, market: str) -> Casting:
        """The casting of *market* ("DK", "NO", "SE"): its names, numbers and plates."""
        if market not in self.castings:
            self.castings[market] = Casting(self.seed, LOCALES[market])
        return self.castings[market]

    def person(self, role: str) -> Person:
        """The person playing *role* ("user", "previous", ...), cast with a phone on first mention,
        in the locale of the market they live in (:attr:`residence`; the world's own by default)."""
        if role not in self.people:
            market = self.residence.get(role, self.casting.locale.country)
            person = self.casting_for(market).person(role)
            self.people[role] = person
            phone = self.add_phone(role)
            self.directory.numbers[person.number] = Recipient(phone.name, phone.receive_sms)
            self.directory.mailboxes[person.email] = Recipient(phone.name, phone.receive_email)
        return self.people[role]

    def add_phone(self, role: str) -> Phone:
        """Give *role* one more phone, with its own device id; the first one is the phone they use."""
        person = self.people[role]
        phones = self.devices.setdefault(role, [])
        device_id = f"device-{sum(len(owned) for owned in self.devices.values()) + 1}"
        phone = Phone(self.env, person.name, person.number, person.email, device_id, self.connection)
        phone.label = "phone" if not phones else ORDINALS.get(len(phones) + 1, f"phone {len(phones) + 1}")
        phones.append(phone)
        self.phones.setdefault(role, phone)
        self.directory.devices[phone.device_id] = Recipient(phone.name, phone.receive_push)
        return phone

    def phone(self, role: str) -> Phone:
        self.person(role)
        return self.phones[role]

    def computer(self, role: str) -> Computer:
        """*role*'s computer, on which they open the brand's web site."""
        if role not in self.computers:
            person = self.person(role)
            self.computers[role] = Computer(self.env, person.name, f"pc-{len(self.computers) + 1}", self.connection)
        return self.computers[role]

    def add_car(
        self,
        name: str,
        brand: str,
        model: ModelCapability,
        market: str = "",
        contracts: list[ServiceTerm] | None = None,
    ) -> Vehicle:
        """Build car *name* of *model* for *market*, known to the platform as the factory made it.

        A car with a battery starts at 80 % and 320 km; every car comes with a year of
        "connected_services" unless *contracts* says otherwise.
        """
        electric = "battery_status" in model.services
        market = market or self.market_for(name, model)
        casting = self.casting_for(market) if market in LOCALES else self.casting
        state = VehicleState(
            locked=True,
            climate_on=False,
            location=self.home,
            battery_percent=80 if electric else 0,
            range_km=320 if electric else 0,
        )
        record = VehicleRecord(
            vin=self.casting.vin(brand),
            brand=brand,
            model=model.name,
            market=market,
            plate=casting.plate(),
            tcu_msisdn=casting.phone_number(),
            state=state,
            contracts=[ServiceTerm("connected_services", self.clock.at(365 * 86400.0))]
            if contracts is None
            else contracts,
        )
        ack = self.connection.test_call("provision_vehicle", lambda: self.platform.provision_vehicle(record))
        self.log.provisioned("provision_vehicle", record, ack)
        car = Vehicle(self.env, record, self.connection, self.stream(f"tcu:{name}"))
        self.cars[name] = car
        self.directory.cars[record.vin] = car
        self.directory.numbers[record.tcu_msisdn] = Recipient(car.tcu.name, car.tcu.receive_sms)
        return car

    def car(self, name: str) -> Vehicle:
        return self.cars[name]

    def market_for(self, name: str, model: ModelCapability) -> str:
        """Where car *name* of *model* is sold: a declared market whose law allows every service
        the scenario needs of it (:attr:`needs`); :class:`Inconclusive` (not applicable) if none does."""
        market = placement(self.declaration, model, self.needs.get(name, ()), self.casting.locale.country)
        if not market:
            wanted = set(self.needs.get(name, ())) & set(model.services)
            excluded = sorted(wanted & {s for market in model.markets for s in self.declaration.excluded_in(market)})
            raise Inconclusive(
                f"not applicable: the scenario needs {', '.join(excluded)} of {name}, and the declared law "
                f"excludes it in every market of the {model.name} ({', '.join(model.markets)})"
            )
        return market

    def placeable(self, name: str, models: list[ModelCapability]) -> ModelCapability:
        """The first of *models* (not empty) that some declared market allows to offer what the
        scenario needs of car *name*; the first of them if none is."""
        needs = self.needs.get(name, ())
        return next((model for model in models if allowing(self.declaration, model, needs)), models[0])

    def check_market(self, name: str, model: ModelCapability, market: str) -> None:
        """:class:`Inconclusive` (not applicable) if the declared law of *market* excludes a service
        the scenario needs of car *name* of *model*."""
        why = refusal(self.declaration, model, self.needs.get(name, ()), market)
        if why:
            raise Inconclusive(f"not applicable: {why} ({name})")

    def dealer_network(self) -> list[DealerRecord]:
        """The brand's dealers around home, known to the platform; the last is not approved."""
        if not self.network:
            rng = self.stream("dealers")
            for number, (north, east) in enumerate(((2, 3), (-5, 1), (8, -9), (-20, 25), (1, -1))):
                name = f"{self.casting.faker.last_name()} Bil"
                slots = [self.clock.at(day * 86400 + hour * 3600.0) for day in (1, 2, 3) for hour in (1, 3, 6)]
                record = DealerRecord(
                    f"dealer-{number + 1}",
                    self.brand,
                    name,
                    f"booking{number + 1}@dealers.example",
                    offset(self.home, north + rng.uniform(-0.5, 0.5), east),
                    approved=number < 4,
                    slots=slots,
                )
                self.provision_dealer(record)
                dealer = Dealer(record.dealer_id, record.name, self.connection)
                self.dealers[record.dealer_id] = dealer
                self.directory.mailboxes[record.email] = Recipient(dealer.name, dealer.receive_email)
                self.network.append(record)
        return self.network

    def provision_dealer(self, record: DealerRecord) -> None:
        """Make *record* a dealer the platform knows (the specification sees it too)."""
        ack = self.connection.test_call("provision_dealer", lambda: self.platform.provision_dealer(record))
        self.log.provisioned("provision_dealer", record, ack)

    def charging_network(self) -> ChargingNetwork:
        """The charging stations around home, started on first mention."""
        if self.charging is None:
            self.charging = ChargingNetwork(self.env, self.connection, self.stream("charging"), self.home)
        return self.charging

    def dealer(self, key: str = "dealer") -> Dealer:
        """The MG dealer the scenario calls *key* ("dealer", "another dealer"): an approved dealer
        of the MG network, provisioned to the platform on first mention (``POST /test/dealers``)
        like every dealer, so that a platform may check a dealer against its own records."""
        if key not in self.dealers:
            number = sum(1 for dealer in self.dealers.values() if dealer.dealer_id.startswith(MG_DEALER)) + 1
            name = f"dealer {self.casting.faker.city()}"
            record = DealerRecord(
                f"{MG_DEALER}{number}",
                MG_DEALER_BRAND,
                name,
                f"{MG_DEALER}{number}@dealers.example",
                offset(self.home, 2.0 * number, -1.0),
                approved=True,
            )
            self.provision_dealer(record)
            dealer = Dealer(record.dealer_id, record.name, self.connection)
            self.dealers[key] = dealer
            self.directory.mailboxes[record.email] = Recipient(dealer.name, dealer.receive_email)
        return self.dealers[key]

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
