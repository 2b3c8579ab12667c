"""Locust's phone users: owners pressing buttons in the app, and what each press costs them.

The project's locustfiles are the only modules that import Locust (gevent patches the standard
library when it is imported). Each user calls the platform over its own keep-alive connection
(:mod:`load.app_connection`: a call the server's closing of an idle connection cut is sent again,
once). Each user claims a seeded owner (account, session, car) of its
brand from the TCU fleet twin, then sends remote commands with weights and think times. A command is followed as the app
follows it: ``command_status`` polled until it ends, then, for climate, ``vehicle_status`` until
the new state shows. The time from the press to that moment is reported as a request of type
``E2E`` (named after the command), next to the plain request latencies; a command that ends
``car_unreachable`` is reported as type ``UNREACHABLE``, one that has no outcome in time is an
E2E failure. When the run ends, the thresholds given on the command line decide the exit code;
every process but a master prints how many calls it sent again on a new connection.

    locust -f load/locustfile.py --host URL --fleet-url URL --headless -u 50 -r 10 --run-time 30s
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import gevent
from locust import User, between, events, task
from locust.env import Environment
from locust.runners import STATE_STOPPED, STATE_STOPPING, MasterRunner, WorkerRunner
from locust.stats import StatsEntry

from load.app_connection import AppConnection, stale_counts

FINAL = ("done", "failed", "car_unreachable")
VISIBLE_STATE: dict[str, bool] = {"climate_on": True, "climate_off": False}
E2E, UNREACHABLE = "E2E", "UNREACHABLE"
_accepted: list[dict[str, str]] = []


def _options(parser: Any) -> None:
    parser.add_argument("--fleet-url", default="", help="the TCU fleet twin (it hands out the seeded owners)")
    parser.add_argument("--poll-interval", type=float, default=0.1, help="seconds between the app's status polls")
    parser.add_argument("--command-deadline", type=float, default=30.0, help="seconds a command may take to end")
    parser.add_argument("--max-fail-ratio", type=float, default=0.01, help="fail if more requests fail")
    parser.add_argument("--max-p95-ms", type=float, default=1000.0, help="fail above this request p95")
    parser.add_argument("--max-e2e-p95-ms", type=float, default=10000.0, help="fail above this end-to-end p95")


class IsmartOwner(User):
    """An MG iSmart owner with the app: mostly looks at the car, now and then honks, heats or
    locates it."""

    brand = "ismart"
    wait_time = between(0.5, 2.0)

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        if not self.host:
            raise RuntimeError("give the platform's URL with --host")
        self.client = AppConnection(self.host, environment.events.request)

    def on_start(self) -> None:
        owner = _post_to_fleet(self.environment, "claim", self.brand)
        self.token, self.vin, self.pin = owner["token"], owner["vin"], owner["pin"]

    @task(5)
    def status(self) -> None:
        self._call("vehicle_status", {"token": self.token, "vin": self.vin})

    @task(3)
    def horn_and_lights(self) -> None:
        self._command("horn_and_lights")

    @task(3)
    def locate(self) -> None:
        self._command("find_my_car")

    @task(2)
    def climate_start(self) -> None:
        self._command("climate_on")

    @task(2)
    def climate_stop(self) -> None:
        self._command("climate_off")

    def on_stop(self) -> None:
        self.client.close()

    def _call(self, operation: str, body: dict[str, Any]) -> dict[str, Any] | None:
        return self.client.call(operation, body)

    def _command(self, command: str) -> None:
        """Press the button, then watch the app until the car has done it (or clearly cannot)."""
        options = options_of(self.environment)
        pressed = time.perf_counter()
        body = {
            "token": self.token,
            "vin": self.vin,
            "command": command,
            "request_id": uuid.uuid4().hex,
            "pin": self.pin,
        }
        accepted = self._call("remote_command", body)
        if accepted is None:
            return
        command_id = accepted["command_id"]
        _accepted.append({"command_id": command_id, "token": self.token})
        deadline = pressed + options.command_deadline
        state = accepted["state"]
        while state not in FINAL and time.perf_counter() < deadline:
            gevent.sleep(options.poll_interval)
            answer = self._call("command_status", {"token": self.token, "command_id": command_id})
            state = answer["state"] if answer else state
        if state == "done" and command in VISIBLE_STATE:
            while time.perf_counter() < deadline:
                seen = self._call("vehicle_status", {"token": self.token, "vin": self.vin})
                if seen is not None and seen["climate_on"] == VISIBLE_STATE[command]:
                    break
                gevent.sleep(options.poll_interval)
            else:
                state = "state not visible"
        self._report(command, state, pressed)

    def _report(self, command: str, state: str, pressed: float) -> None:
        elapsed = (time.perf_counter() - pressed) * 1000
        kind = UNREACHABLE if state == "car_unreachable" else E2E
        problem = None if state in FINAL else RuntimeError(f"{command}: no outcome in time (last: {state})")
        if state == "failed":
            problem = RuntimeError(f"{command}: the car reported failure")
        self.environment.events.request.fire(
            request_type=kind, name=command, response_time=elapsed, response_length=0, exception=problem, context={}
        )


class RenaultOwner(IsmartOwner):
    """A My Renault owner of an electric car: the same, and charging: start it now, program it for
    the night, look at the battery. (The contract answers a programmed charge with its time, not
    a command to follow, so charging has request latencies only.)"""

    brand = "myrenault"

    @task(1)
    def charging_start(self) -> None:
        self._charge(datetime.now(UTC))

    @task(1)
    def charging_schedule(self) -> None:
        tonight = datetime.now(UTC).replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(days=1)
        self._charge(tonight)

    @task(2)
    def charging_status(self) -> None:
        self._call("ev_status", {"token": self.token, "vin": self.vin})

    def _charge(self, start: datetime) -> None:
        self._call(
            "schedule_charging", {"token": self.token, "vin": self.vin, "start": start.isoformat(), "pin": self.pin}
        )


HAND_OVER_EVERY = 5.0
"""Seconds between two hand-overs of the accepted commands to the fleet twin (while the load runs,
so that the consistency check goes along and nobody keeps them all)."""


def _hand_over_accepted(environment: Environment, **_: Any) -> None:
    """Tell the fleet twin which commands this process's users got accepted (for the consistency check)."""
    if isinstance(environment.runner, MasterRunner) or not _accepted:
        return
    batch, _accepted[:] = list(_accepted), []
    _post_to_fleet(environment, "accepted", batch)


def _hand_over_while_running(environment: Environment, **_: Any) -> None:
    """Hand the accepted commands over every :data:`HAND_OVER_EVERY` seconds until the load stops."""
    if isinstance(environment.runner, MasterRunner):
        return

    def hand_over() -> None:
        while environment.runner is not None and environment.runner.state not in (STATE_STOPPED, STATE_STOPPING):
            gevent.sleep(HAND_OVER_EVERY)
            _hand_over_accepted(environment)

    gevent.spawn(hand_over)


def _post_to_fleet(environment: Environment, path: str, body: object) -> Any:
    """A call to the fleet twin's own API (not load on the platform: left out of the statistics)."""
    request = urllib.request.Request(
        f"{options_of(environment).fleet_url}/fleet/{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def options_of(environment: Environment) -> Any:
    """The run's command-line options (Locust parses them before any user starts)."""
    if environment.parsed_options is None:
        raise RuntimeError("run this locustfile with the locust command")
    return environment.parsed_options


def aggregate(environment: Environment, kinds: tuple[str, ...], *, exclude: bool = False) -> StatsEntry:
    """One entry made of every entry whose request type is in *kinds* (or, *exclude*: is not)."""
    total = StatsEntry(environment.stats, "aggregate", "", use_response_times_cache=False)
    for (_, method), entry in environment.stats.entries.items():
        if (method in kinds) != exclude:
            total.extend(entry)
    return total


def _judge(environment: Environment, **_: Any) -> None:
    """Fail the run (exit code 1) when a threshold is passed; print what decided it (and, in a
    process whose users called the platform, how many calls went again on a new connection)."""
    if not isinstance(environment.runner, MasterRunner):
        print(f"connections: {json.dumps(stale_counts())}", flush=True)
    if isinstance(environment.runner, WorkerRunner):
        return
    options = options_of(environment)
    requests = aggregate(environment, (E2E, UNREACHABLE), exclude=True)
    e2e = aggregate(environment, (E2E,))
    verdicts = [
        ("fail ratio", environment.stats.total.fail_ratio, options.max_fail_ratio, ""),
        ("request p95", requests.get_response_time_percentile(0.95) or 0, options.max_p95_ms, " ms"),
        ("end-to-end p95", e2e.get_response_time_percentile(0.95) or 0, options.max_e2e_p95_ms, " ms"),
    ]
    passed = [value <= limit for _, value, limit, _ in verdicts]
    for (name, value, limit, unit), ok in zip(verdicts, passed, strict=True):
        print(f"threshold {name}: {value:g}{unit} (limit {limit:g}{unit}): {'ok' if ok else 'PASSED THE LIMIT'}")
    summary = {
        "requests_per_s": round(requests.total_rps, 1),
        "requests": requests.num_requests,
        "e2e": {f"p{p}": e2e.get_response_time_percentile(p / 100) for p in (50, 95, 99)},
        "e2e_commands": e2e.num_requests,
        "fail_ratio": environment.stats.total.fail_ratio,
        "connections": stale_counts(),
    }
    print(f"summary: {json.dumps(summary)}")
    if options.csv_prefix:
        Path(f"{options.csv_prefix}_summary.json").write_text(json.dumps(summary), encoding="utf-8")
    if e2e.num_requests == 0:
        print("threshold end-to-end: no command ended at all: FAILED")
        passed.append(False)
    environment.process_exit_code = 0 if all(passed) else 1


for hook, listener in (
    (events.init_command_line_parser, _options),
    (events.test_start, _hand_over_while_running),
    (events.test_stop, _hand_over_accepted),
    (events.quitting, _judge),
):
    hook.add_listener(listener)  # type: ignore[no-untyped-call]  # Locust's EventHook is untyped
