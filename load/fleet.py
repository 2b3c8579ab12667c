"""The TCU fleet twin: one process playing thousands of TCUs for a platform over HTTP.

It serves the platform's webhooks (``{base}/tcu``, ``/sms``, ``/car_event``, ``/email``,
``/push``). A TCU that is awake and in coverage accepts a command at once and reports its outcome
through the platform's car-side API after a latency drawn from a log-normal distribution; a
sleeping one refuses delivery until an SMS wakes it (after a wake-up delay it tells the platform
it is online, and falls asleep again a while later); one out of coverage never answers, so the
platform must end its commands with a clear status by itself. Texts to other numbers (the
owners' registration codes) are kept for the seeding.

The fleet also keeps a ledger of what each TCU did with each command (deliveries accepted, the
outcome reported), served as ``GET /fleet/commands`` for the consistency check. Which cars sleep
or lack coverage, and every latency, come from one seeded random stream.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from contract.codec import ContractViolation, decode, encode
from contract.messages import Location, ServiceTerm, TcuOnline, TcuReport, VehicleRecord, VehicleState
from contract.outbound import CarEvent, Delivery, Email, Sms, TcuCommand
from contract.vin import with_check_digit
from load.api import Api, ApiError
from transport.webhooks import JsonHandler

AWAKE, SLEEPY, OUT_OF_COVERAGE = 0, 1, 2
REACH_NAMES = {AWAKE: "awake", SLEEPY: "asleep", OUT_OF_COVERAGE: "out_of_coverage"}
_EFFECTS: dict[str, bool] = {"climate_on": True, "climate_off": False}
ISMART, MY_RENAULT = "ismart", "myrenault"
CARS = {ISMART: ("MG4 Electric", "DK"), MY_RENAULT: ("Megane E-Tech Electric", "NO")}
"""Each brand's car in the fleet: its model and market (one with every remote service there)."""
CONTRACT_TERM = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class FleetProfile:
    """How the fleet behaves: *size* TCUs, the share of My Renault cars (*renault*; the rest are
    MG iSmart), the share *asleep* (woken by SMS) and *out_of_coverage*; the median and spread
    (sigma of the log) of the time to carry out a command; the wake-up delay range and how long
    a woken TCU stays awake (seconds); the *seed* of it all."""

    size: int
    renault: float = 0.5
    asleep: float = 0.1
    out_of_coverage: float = 0.05
    latency_median: float = 0.3
    latency_sigma: float = 0.5
    wake: tuple[float, float] = (0.5, 1.5)
    awake_for: float = 20.0
    seed: int = 1


class Tcu:
    """One TCU: its car's *vin*, SIM number *msisdn*, how it is reached, and its car's climate."""

    __slots__ = ("awake_until", "brand", "climate_on", "index", "msisdn", "reach", "vin", "waking")

    def __init__(self, index: int, reach: int, brand: str = ISMART) -> None:
        self.index = index
        self.brand = brand
        self.vin = fleet_vin(index)
        self.msisdn = f"+4590{index:08d}"
        self.reach = reach
        self.awake_until = 0.0
        self.waking = False
        self.climate_on = False

    def online(self, now: float) -> bool:
        return self.reach == AWAKE or (self.reach == SLEEPY and now < self.awake_until)

    def record(self) -> VehicleRecord:
        """The car as the factory's database knows it (a My Renault car with a year of services)."""
        model, market = CARS[self.brand]
        plate = f"LD {self.index:06d}"
        terms = (
            [ServiceTerm("connected_services", datetime.now(UTC) + CONTRACT_TERM)] if self.brand == MY_RENAULT else []
        )
        return VehicleRecord(self.vin, self.brand, model, market, plate, self.msisdn, self.state(), terms)

    def state(self) -> VehicleState:
        spot = Location(55.6 + (self.index % 1000) / 10000, 12.5 + (self.index // 1000) / 10000)
        return VehicleState(True, self.climate_on, spot, battery_percent=60, range_km=240, plugged_in=True)


def brand_of(index: int, renault: float) -> str:
    """The brand of car *index* in a fleet with the share *renault* of My Renault cars, spread evenly."""
    return MY_RENAULT if int((index + 1) * renault) > int(index * renault) else ISMART


def fleet_vin(index: int) -> str:
    """The VIN of the fleet's car *index*: a valid one (check digit in position 9), unique per index."""
    return with_check_digit(f"LSJW2400{index:09d}")


class Fleet:
    """*profile.size* TCUs answering the platform at *platform_url* (``None``: not yet known),
    serving on *address* (loopback and a free port unless told otherwise)."""

    def __init__(
        self,
        profile: FleetProfile,
        platform_url: str | None = None,
        report_threads: int = 4,
        address: tuple[str, int] = ("127.0.0.1", 0),
    ) -> None:
        self.profile = profile
        self.rng = random.Random(f"fleet:{profile.seed}")
        self.tcus: list[Tcu] = [Tcu(i, self._draw_reach(), brand_of(i, profile.renault)) for i in range(profile.size)]
        self.by_vin = {tcu.vin: tcu for tcu in self.tcus}
        self.by_msisdn = {tcu.msisdn: tcu for tcu in self.tcus}
        self.ledger: dict[str, list[Any]] = {}
        """command id → [vin, deliveries accepted, outcome reported ("" until one is)]."""
        self.texts: dict[str, list[str]] = {}
        self.owners: list[dict[str, str]] = []
        self.accepted: dict[str, str] = {}
        """command id → the session token of the owner whose command it was (the phones tell)."""
        self._claims: dict[str, itertools.count[int]] = {brand: itertools.count() for brand in CARS}
        self.problems: list[str] = []
        self.api = Api(platform_url) if platform_url else None
        self._lock = threading.Condition()
        self._due: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._pool = ThreadPoolExecutor(report_threads, thread_name_prefix="tcu")
        self._server = ThreadingHTTPServer(address, _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        threading.Thread(target=self._scheduler, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def webhooks(self) -> str:
        """The base URL to give the platform at ``/test/reset``."""
        return f"{self.url}/w"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _draw_reach(self) -> int:
        draw = self.rng.random()
        if draw < self.profile.out_of_coverage:
            return OUT_OF_COVERAGE
        return SLEEPY if draw < self.profile.out_of_coverage + self.profile.asleep else AWAKE

    # --- the platform's messages (on the webhook server's threads; never call the platform here) ---

    def on_tcu(self, command: TcuCommand) -> Delivery:
        tcu = self.by_vin.get(command.vin)
        with self._lock:
            if tcu is None or not tcu.online(time.monotonic()):
                return Delivery(accepted=False)
            entry = self.ledger.setdefault(command.command_id, [tcu.vin, 0, ""])
            entry[1] += 1
            delay = self.rng.lognormvariate(0.0, self.profile.latency_sigma) * self.profile.latency_median
        self._after(delay, lambda: self._report(tcu, command))
        return Delivery(accepted=True)

    def on_sms(self, message: Sms) -> None:
        tcu = self.by_msisdn.get(message.to)
        with self._lock:
            if tcu is None:
                self.texts.setdefault(message.to, []).append(message.text)
                self._lock.notify_all()
                return
            if tcu.reach != SLEEPY or tcu.waking or tcu.online(time.monotonic()):
                return
            tcu.waking = True
            delay = self.rng.uniform(*self.profile.wake)
        self._after(delay, lambda: self._wake(tcu))

    def on_email(self, message: Email) -> None:
        with self._lock:
            self.texts.setdefault(message.to, []).append(message.body)
            self._lock.notify_all()

    def on_car_event(self, event: CarEvent) -> Delivery:
        """The head unit takes its news (the cars were in coverage when their owners set them up)."""
        return Delivery(accepted=event.vin in self.by_vin)

    def claim(self, brand: str) -> dict[str, str]:
        """The next owner of a *brand* car for a phone user (round robin: more users than owners share)."""
        with self._lock:
            owners = [owner for owner in self.owners if owner["brand"] == brand]
            if not owners:
                raise LookupError(f"the fleet has no {brand} owners")
            return owners[next(self._claims[brand]) % len(owners)]

    def take_accepted(self, batch: list[dict[str, str]]) -> None:
        with self._lock:
            self.accepted.update({item["command_id"]: item["token"] for item in batch})

    def forget(self, command_ids: list[str]) -> None:
        """Forget commands the consistency check has checked (their ledger entries too)."""
        with self._lock:
            for command_id in command_ids:
                self.accepted.pop(command_id, None)
                self.ledger.pop(command_id, None)

    def wait_for_text(self, to: str, timeout: float = 10.0) -> str:
        """The first text sent to *to* (an owner's phone), waiting up to *timeout* seconds for it."""
        with self._lock:
            if not self._lock.wait_for(lambda: bool(self.texts.get(to)), timeout):
                raise TimeoutError(f"no text to {to} within {timeout:g} s")
            return self.texts[to].pop(0)

    # --- what the TCUs do in their own time (on the report threads) ---

    def _report(self, tcu: Tcu, command: TcuCommand) -> None:
        with self._lock:
            if command.command in _EFFECTS:
                tcu.climate_on = _EFFECTS[command.command]
            state = tcu.state()
        self._call("tcu_report", TcuReport(tcu.vin, command.command_id, "done", state))
        with self._lock:
            entry = self.ledger.get(command.command_id)
            if entry is not None:  # else checked and forgotten already (its report came too late to count)
                entry[2] = "done"

    def _wake(self, tcu: Tcu) -> None:
        with self._lock:
            tcu.waking = False
            tcu.awake_until = time.monotonic() + self.profile.awake_for
        self._call("tcu_online", TcuOnline(tcu.vin))

    def _call(self, name: str, request: object) -> None:
        if self.api is None:
            return
        try:
            self.api.call(name, request)
        except ApiError as error:
            with self._lock:
                self.problems.append(str(error))

    def _after(self, delay: float, action: Callable[[], None]) -> None:
        with self._lock:
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._order), action))
            self._lock.notify_all()

    def _scheduler(self) -> None:
        while True:
            with self._lock:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._lock.wait(self._due[0][0] - time.monotonic() if self._due else None)
                _, _, action = heapq.heappop(self._due)
            self._pool.submit(action)

    def summary(self) -> dict[str, Any]:
        """The ledger and the fleet's make-up, as ``GET /fleet/commands`` serves it, with the calls
        to the platform that went again on a new connection (``connections``)."""
        with self._lock:
            return {
                "commands": {cid: {"vin": e[0], "deliveries": e[1], "outcome": e[2]} for cid, e in self.ledger.items()},
                "accepted": dict(self.accepted),
                "reach": {tcu.vin: REACH_NAMES[tcu.reach] for tcu in self.tcus},
                "problems": list(self.problems),
                "connections": self.api.stale_counts() if self.api else {"retried": 0, "replaced": 0},
            }


def _handler(fleet: Fleet) -> type[BaseHTTPRequestHandler]:
    kinds: dict[str, tuple[type, Callable[[Any], Any]]] = {
        "tcu": (TcuCommand, fleet.on_tcu),
        "sms": (Sms, fleet.on_sms),
        "car_event": (CarEvent, fleet.on_car_event),
        "email": (Email, fleet.on_email),
        "push": (dict, lambda message: None),
    }

    class Handler(JsonHandler):
        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            if parts[0] == "fleet":
                self._fleet_api(parts[1:])
                return
            if len(parts) != 2 or parts[0] != "w" or parts[1] not in kinds:
                self._answer(404, {"error": "no such webhook"})
                return
            kind, act = kinds[parts[1]]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                data = json.loads(body or b"null")
                message = data if kind is dict else decode(kind, data, f"{parts[1]} webhook")
            except (ValueError, ContractViolation) as error:
                with fleet._lock:
                    fleet.problems.append(f"malformed {parts[1]} webhook: {error}")
                self._answer(400, {"error": str(error)})
                return
            answer = act(message)
            self._answer(200, encode(answer)) if answer is not None else self._answer(204, None)

        def _fleet_api(self, parts: list[str]) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
            if parts == ["claim"] and isinstance(body, str):
                try:
                    self._answer(200, fleet.claim(body))
                except LookupError as error:
                    self._answer(409, {"error": str(error)})
            elif parts == ["accepted"] and isinstance(body, list):
                fleet.take_accepted(body)
                self._answer(204, None)
            elif parts == ["checked"] and isinstance(body, list):
                fleet.forget(body)
                self._answer(204, None)
            else:
                self._answer(404, {"error": "not found"})

        def do_GET(self) -> None:
            if self.path == "/fleet/commands":
                self._answer(200, fleet.summary())
            else:
                self._answer(404, {"error": "not found"})

    return Handler
