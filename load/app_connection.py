"""The phone app's connection to the platform inside a Locust user: one keep-alive
:class:`~transport.json_connection.JsonConnection`, each call reported to Locust as a request.

The same client as the rest of ``load/`` (and the rig), so the same rule holds everywhere: a
call that went out over a kept connection the server had closed (uvicorn closes one idle for
5 s) and failed before any byte of an answer came back is sent again, once, on a new
connection; a kept connection found closed before a call is replaced; nothing else is retried.
Locust's own ``FastHttpUser`` never sends a POST again (geventhttpclient retries only
idempotent methods), so a user that paused a little too long lost its next call.

This module does not import Locust (only the locustfiles do: gevent patches the standard
library when Locust is imported); under Locust the sockets it uses are gevent's.
"""

from __future__ import annotations

import http.client
import time
from typing import Any, ClassVar, Protocol

from transport.json_connection import JsonConnection

DEADLINE = 60.0
"""Seconds a call may take, connecting included (Locust's ``FastHttpUser`` waits as long)."""


class CallFailed(Exception):
    """A call that got an answer other than its reply: *operation*, and what came back."""

    def __init__(self, operation: str, problem: str) -> None:
        super().__init__(operation, problem)

    def __str__(self) -> str:
        return f"{self.args[0]} {self.args[1]}"


class RequestEvent(Protocol):
    """Locust's ``environment.events.request``: what a finished request is told to."""

    def fire(self, **kwargs: Any) -> Any: ...


class AppConnection:
    """Calls ``POST {host}/api/<operation>`` and tells *request_event* how each call went, as
    Locust's request type ``POST`` named after the operation."""

    made: ClassVar[list[AppConnection]] = []
    """Every connection made in this process (for :func:`stale_counts`)."""

    def __init__(self, host: str, request_event: RequestEvent, deadline: float = DEADLINE) -> None:
        self.connection = JsonConnection(host, deadline)
        self.request_event = request_event
        AppConnection.made.append(self)

    def call(self, operation: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """The reply to *operation* with *body* as JSON, or None (and a failure in Locust's statistics)."""
        started = time.perf_counter()
        length, reply, problem = 0, None, None
        try:
            answer = self.connection.request("POST", f"/api/{operation}", body)
            length = len(answer.body)
            if answer.status != 200:
                text = answer.body[:120].decode(errors="replace")
                problem = CallFailed(operation, f"answered {answer.status}: {text}")
            else:
                reply = answer.json()
                if not isinstance(reply, dict):
                    reply, problem = None, CallFailed(operation, "answered JSON that is not an object")
        except ValueError:
            problem = CallFailed(operation, "answered something that is not JSON")
        except (OSError, http.client.HTTPException) as error:
            problem = CallFailed(operation, f"connection failed: {type(error).__name__}: {error}")
        self.request_event.fire(
            request_type="POST",
            name=operation,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=length,
            exception=problem,
            context={},
        )
        return reply

    def close(self) -> None:
        self.connection.close()


def stale_counts() -> dict[str, int]:
    """This process's calls sent again after the server closed their kept connection
    (``retried``), and kept connections found closed and replaced before a call (``replaced``)."""
    return {
        "retried": sum(made.connection.retries for made in AppConnection.made),
        "replaced": sum(made.connection.replaced for made in AppConnection.made),
    }
