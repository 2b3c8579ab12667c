"""Locust at full speed on one endpoint: the load generator's own ceiling, for the benchmark.

Each user asks ``command_status`` for one command again and again, without thinking, so that
Locust's throughput can be set against ``wrk``'s on the same endpoint in the same run
(``benchmarks/load_ceiling.py``).
"""

from __future__ import annotations

import json
from typing import Any

from locust import FastHttpUser, constant, events, task


def _options(parser: Any) -> None:
    parser.add_argument("--token", default="", help="an owner's session token")
    parser.add_argument("--command-id", default="", help="a command of that owner")


events.init_command_line_parser.add_listener(_options)  # type: ignore[no-untyped-call]  # Locust's EventHook is untyped


HEADERS = {"Content-Type": "application/json"}


class StatusPoller(FastHttpUser):
    """Polls one command's status as fast as the platform answers."""

    wait_time = constant(0)

    def on_start(self) -> None:
        options = self.environment.parsed_options
        assert options is not None
        self.body = json.dumps({"token": options.token, "command_id": options.command_id})

    @task
    def poll(self) -> None:
        self.client.post("/api/command_status", data=self.body, headers=HEADERS, name="command_status")
