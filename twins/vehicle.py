"""The car and its TCU: parked or driving, who is in the cabin, coverage, and remote commands."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

import simpy

from contract.messages import Location, TcuOnline, TcuReport, TcuState, VehicleRecord, VehicleState
from contract.myrenault import CarConditions
from contract.outbound import CarEvent, Sms, TcuCommand
from twins.connection import PlatformConnection
from twins.head_unit import HeadUnit

_EFFECTS = {
    "climate_on": {"climate_on": True},
    "climate_off": {"climate_on": False},
    "lock": {"locked": True},
    "unlock": {"locked": False},
}


@dataclass(frozen=True, slots=True)
class TcuTiming:
    """How long a TCU takes: to wake on an SMS, and to carry out a command (seconds)."""

    wake: tuple[float, float] = (4.0, 15.0)
    execute: tuple[float, float] = (1.0, 4.0)


@dataclass(slots=True)
class Cabin:
    """Who is inside the car."""

    occupants: set[str] = field(default_factory=set)


class Tcu:
    """The car's telematics unit: asleep or awake, it executes commands and reports back.

    An SMS to its SIM number wakes it; once awake and in coverage it tells the platform, which
    then delivers the commands that waited. A programmed command (charging, climate) is taken at
    once (*executed*) and starts at its time (*started*: the command and the virtual second).
    """

    def __init__(
        self,
        env: simpy.Environment,
        car: Vehicle,
        connection: PlatformConnection,
        rng: random.Random,
        timing: TcuTiming,
    ) -> None:
        self.env = env
        self.car = car
        self.connection = connection
        self.rng = rng
        self.timing = timing
        self.awake = True
        self.executed: list[str] = []
        self.started: list[tuple[str, float]] = []
        self.wake_ups = 0

    @property
    def name(self) -> str:
        return f"{self.car.name} TCU"

    @property
    def online(self) -> bool:
        return self.awake and self.car.coverage

    def fall_asleep(self) -> None:
        self.awake = False

    def receive_sms(self, message: Sms) -> None:
        if not self.awake:
            self.env.process(self._wake())

    def receive_command(self, command: TcuCommand) -> None:
        self.env.process(self._execute(command))

    def regain_coverage(self) -> None:
        if self.online:
            self._report_online()

    def _wake(self) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(round(self.rng.uniform(*self.timing.wake), 3))
        self.awake = True
        self.wake_ups += 1
        if self.online:
            self._report_online()

    def report_state(self) -> None:
        """Tell the platform the car's state, unasked, if the TCU can reach it."""
        if self.online:
            request = TcuState(self.car.vin, self.car.state)
            self.connection.call(self.name, self.connection.platform.tcu_state, request)

    def _report_online(self) -> None:
        self.connection.call(self.name, self.connection.platform.tcu_online, TcuOnline(self.car.vin))

    def _execute(self, command: TcuCommand) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(round(self.rng.uniform(*self.timing.execute), 3))
        self.executed.append(command.command)
        self.car.state = replace(self.car.state, **_EFFECTS.get(command.command, {}))  # type: ignore[arg-type]
        report = TcuReport(self.car.vin, command.command_id, "done", self.car.state)
        self.connection.call(self.name, self.connection.platform.tcu_report, report)
        if command.at is not None:
            self.env.process(self._start_programme(command.command, self.connection.clock.seconds(command.at)))

    def _start_programme(self, command: str, at: float) -> simpy.events.ProcessGenerator:
        """A programmed command (charging, climate) starts at its time, or at once if that has passed."""
        yield self.env.timeout(max(0.0, at - self.env.now))
        self.started.append((command, self.env.now))


class Vehicle:
    """A car: its factory *record*, state, cabin, coverage, head unit and TCU."""

    def __init__(
        self,
        env: simpy.Environment,
        record: VehicleRecord,
        connection: PlatformConnection,
        rng: random.Random,
        timing: TcuTiming | None = None,
    ) -> None:
        self.env = env
        self.record = record
        self.vin = record.vin
        self.name = f"car {record.plate}"
        self.state: VehicleState = record.state
        self.parked = True
        self.coverage = True
        self.cabin = Cabin()
        self.head_unit = HeadUnit(env, record.vin, f"{self.name} head unit", connection)
        self.tcu = Tcu(env, self, connection, rng, timing or TcuTiming())

    @property
    def location(self) -> Location:
        return self.state.location

    def plug_in(self, minutes_per_percent: float = 6.0) -> None:
        """Plug the car in: it charges one percent every *minutes_per_percent* until full,
        and its TCU reports the battery every five percent."""
        self.state = replace(self.state, plugged_in=True, charging=self.state.battery_percent < 100)
        self.tcu.report_state()
        self.env.process(self._charge(minutes_per_percent * 60.0))

    def _charge(self, seconds_per_percent: float) -> simpy.events.ProcessGenerator:
        while self.state.charging:
            yield self.env.timeout(seconds_per_percent)
            battery = self.state.battery_percent + 1
            self.state = replace(self.state, battery_percent=battery, range_km=battery * 4, charging=battery < 100)
            if battery % 5 == 0 or battery == 100:
                self.tcu.report_state()

    def enter_dead_zone(self, seconds: float) -> None:
        """Drive into a dead zone: no network coverage for *seconds*, then the TCU reports back."""
        self.coverage = False
        self.env.process(self._leave_dead_zone(seconds))

    def _leave_dead_zone(self, seconds: float) -> simpy.events.ProcessGenerator:
        yield self.env.timeout(seconds)
        self.coverage = True
        self.tcu.regain_coverage()

    def receive_event(self, event: CarEvent) -> None:
        """News from the platform: a request to synchronise is answered by the car itself (its
        conditions) and shown on the multimedia screen; anything else is for the head unit."""
        if event.kind != "sync_request":
            self.head_unit.receive_event(event)
            return
        conditions = CarConditions(
            self.vin, event.sync_id, self.parked, self.head_unit.powered, bool(self.cabin.occupants)
        )
        self.head_unit.show_sync_prompt(event.sync_id)
        self.tcu.connection.call(self.tcu.name, self.tcu.connection.platform.car_conditions, conditions)
