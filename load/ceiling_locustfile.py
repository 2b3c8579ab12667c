"""Locust at full speed on one endpoint: the load generator's own ceiling, for the benchmark.

Each user asks ``command_status`` for one command again and again, without thinking, so that
Locust's throughput can be set against ``wrk``'s on the same endpoint in the same run
(``benchmarks/load_ceiling.py``). The users call through the phone users' own connection
(:mod:`load.app_connection`: keep-alive, one retry on a connection the server closed), so the
ceiling is that of the load generator ``twinrig load`` runs.
"""

from __future__ import annotations

from typing import Any

from locust import User, constant, events, task
from locust.env import Environment

from load.app_connection import AppConnection


def _options(parser: Any) -> None:
    parser.add_argument("--token", default="", help="an owner's session token")
    parser.add_argument("--command-id", default="", help="a command of that owner")


events.init_command_line_parser.add_listener(_options)  # type: ignore[no-untyped-call]  # Locust's EventHook is untyped


class StatusPoller(User):
    """Polls one command's status as fast as the platform answers."""

    wait_time = constant(0)

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        if not self.host:
            raise RuntimeError("give the platform's URL with --host")
        self.client = AppConnection(self.host, environment.events.request)

    def on_start(self) -> None:
        options = self.environment.parsed_options
        assert options is not None
        self.body = {"token": options.token, "command_id": options.command_id}

    @task
    def poll(self) -> None:
        self.client.call("command_status", self.body)
