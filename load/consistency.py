"""The platform's state after a load run, as the phones and the cars observed it.

Two promises are checked through the platform's API and the fleet twin's ledger, never the
platform's internals: every car has at most one bound user (each owner's car list, ``bound``
entries counted per car), and every accepted command has exactly one outcome (its status is
final, the TCU carried it out at most once, and the status agrees with what the car did).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.messages import CommandQuery, ListVehicles
from load.api import Api, ApiError

FINAL = frozenset({"done", "failed", "car_unreachable"})


@dataclass
class Ledger:
    """The fleet twin's ledger, read by *fetch* when asked; *accepted* counts the commands checked."""

    fetch: Callable[[], dict[str, Any]]
    forget: Callable[[list[str]], None]
    """Tell the fleet twin to forget these commands (checked)."""
    accepted: int = 0

    @classmethod
    def of(cls, fleet_url: str) -> Ledger:
        """The ledger the fleet twin at *fleet_url* serves."""

        def fetch() -> dict[str, Any]:
            with urllib.request.urlopen(f"{fleet_url}/fleet/commands", timeout=30) as answer:
                result: dict[str, Any] = json.loads(answer.read())
                return result

        def forget(command_ids: list[str]) -> None:
            request = urllib.request.Request(
                f"{fleet_url}/fleet/checked", json.dumps(command_ids).encode(), {"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=30).close()

        return cls(fetch, forget)


def check(api: Api, fleet_file: dict[str, Any], ledger: Ledger, settle: float) -> list[str]:
    """What is wrong with the platform's state, as the API and the fleet twin's *ledger* show it;
    waits up to *settle* seconds for accepted commands to end and for the cars that got one to
    report it (the commands a :class:`RollingCheck` checked during the run are gone from the ledger).
    """
    try:
        problems = _bound_users(api, fleet_file["owners"])
        accepted: dict[str, str] = ledger.fetch()["accepted"]
        ledger.accepted += len(accepted)
        problems += _commands(api, accepted, ledger, time.monotonic() + settle)
        return problems + [f"the fleet twin's call was refused: {problem}" for problem in ledger.fetch()["problems"]]
    except ApiError as error:
        return [f"the state could not be read: {error}"]


def _commands(api: Api, accepted: dict[str, str], ledger: Ledger, deadline: float) -> list[str]:
    """What is wrong with the *accepted* commands (command id → token).

    The platform's states are read before the ledger, and a command whose state disagrees with
    what its car did is read once more after it: the ledger records a car's outcome only once the
    platform has answered the car's report, so that second reading is the platform's settled
    answer (a report that came after the time-out may turn ``car_unreachable`` into ``done``).
    """
    states = _final_states(api, accepted, deadline)
    seen = _reported(ledger, deadline, accepted)
    disagreeing = {cid: accepted[cid] for cid, state in states.items() if _judge(cid, state, seen["commands"])}
    states.update(_final_states(api, disagreeing, deadline))
    return [p for p in (_judge(cid, state, seen["commands"]) for cid, state in states.items()) if p]


@dataclass
class RollingCheck:
    """The consistency check of commands while the load runs: every *every* seconds, the commands
    the fleet twin had been told of at the previous round (so at least *every* seconds old) are
    checked, waiting up to *settle* seconds for each to end, then the fleet twin forgets them. A
    platform may forget a command some time after it ended (``twinrig serve --command-retention``),
    and nobody keeps every command of a long run: memory stays flat.

    *problems* holds what it found; the ledger counts the commands checked.
    """

    api: Api
    ledger: Ledger
    settle: float
    every: float = 10.0
    problems: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Check round after round until :meth:`stop`."""
        previous: set[str] = set()
        while not self._stop.wait(self.every):
            try:
                previous = self.round(previous)
            except (ApiError, OSError) as error:
                self.problems.append(f"the state could not be read during the run: {error}")
                return

    def round(self, previous: set[str]) -> set[str]:
        """Check the commands in *previous* still in the ledger; the ids it holds now."""
        accepted: dict[str, str] = self.ledger.fetch()["accepted"]
        ready = {cid: accepted[cid] for cid in previous if cid in accepted}
        if ready:
            self.problems += _commands(self.api, ready, self.ledger, time.monotonic() + self.settle)
            self.ledger.accepted += len(ready)
            self.ledger.forget(list(ready))
        return set(accepted) - set(ready)

    def stop(self) -> None:
        self._stop.set()


def _reported(ledger: Ledger, deadline: float, commands: Iterable[str]) -> dict[str, Any]:
    """The ledger once every one of *commands* a car accepted has its outcome (or as it is at *deadline*)."""
    wanted = set(commands)

    def waiting(seen: dict[str, Any]) -> bool:
        return any(e["deliveries"] and not e["outcome"] for cid, e in seen["commands"].items() if cid in wanted)

    seen = ledger.fetch()
    while time.monotonic() < deadline and waiting(seen):
        time.sleep(0.2)
        seen = ledger.fetch()
    return seen


def _bound_users(api: Api, owners: list[dict[str, str]]) -> list[str]:
    def bound_cars(owner: dict[str, str]) -> tuple[str, list[str]]:
        vehicles = api.call("list_vehicles", ListVehicles(owner["token"])).vehicles
        return owner["login"], [vehicle.vin for vehicle in vehicles if vehicle.role == "bound"]

    users: dict[str, list[str]] = defaultdict(list)
    with ThreadPoolExecutor(8) as pool:
        for phone, vins in pool.map(bound_cars, owners):
            for vin in vins:
                users[vin].append(phone)
    return [
        f"car {vin} has {len(phones)} bound users: {', '.join(phones)}"
        for vin, phones in users.items()
        if len(phones) > 1
    ]


def _final_states(api: Api, accepted: dict[str, str], deadline: float) -> dict[str, str]:
    """Each accepted command's state once it is final (or the last one seen at *deadline*)."""

    def state_of(item: tuple[str, str]) -> str:
        command_id, token = item
        state: str = api.call("command_status", CommandQuery(token, command_id)).state
        while state not in FINAL and time.monotonic() < deadline:
            time.sleep(0.2)
            state = api.call("command_status", CommandQuery(token, command_id)).state
        return state

    with ThreadPoolExecutor(8) as pool:
        return dict(zip(accepted, pool.map(state_of, accepted.items()), strict=True))


def _judge(command_id: str, state: str, by_car: dict[str, Any]) -> str:
    """What is wrong with command *command_id*, which ended *state*, given what the cars did."""
    seen = by_car.get(command_id, {"deliveries": 0, "outcome": ""})
    if state not in FINAL:
        return f"command {command_id} has no outcome: still {state!r}"
    if seen["deliveries"] > 1:
        return f"command {command_id} was carried out {seen['deliveries']} times by the car"
    if seen["outcome"] == "done" and state != "done":
        return f"command {command_id} was carried out by the car, but ended {state!r}"
    if seen["deliveries"] == 0 and state == "done":
        return f"command {command_id} ended 'done', but its car never got it"
    return ""


def main(argv: list[str] | None = None) -> int:
    """``python -m load.consistency --fleet-file fleet.json``: the check on its own, after a run
    whose parts were started by hand (on several machines, say)."""
    parser = argparse.ArgumentParser(prog="python -m load.consistency", description=main.__doc__)
    parser.add_argument("--fleet-file", type=Path, required=True, help="the fleet file the fleet twin wrote")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds to wait for commands to end")
    args = parser.parse_args(argv)
    fleet_file = json.loads(args.fleet_file.read_text(encoding="utf-8"))
    ledger = Ledger.of(fleet_file["fleet"])
    problems = check(Api(fleet_file["platform"]), fleet_file, ledger, args.settle)
    for problem in problems:
        print(f"inconsistent: {problem}")
    print(
        f"checked {len(fleet_file['owners'])} cars and {ledger.accepted} accepted commands: "
        f"{'consistent' if not problems else f'{len(problems)} problems'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
