"""The platform's HTTP API as the load rig calls it: one keep-alive connection per thread.

A call names its operation from the contract's table, sends the request dataclass as JSON and
reads the reply dataclass back; any other answer is an :class:`ApiError` naming the call.
"""

from __future__ import annotations

import http.client
import threading
from typing import Any

from contract.codec import ContractViolation, decode, encode
from contract.operations import operations
from transport.json_connection import JsonConnection


class ApiError(Exception):
    """A call that did not get its reply: *operation*, and what came back instead (*problem*).

    Both are its ``args``, so ``type(error)(*error.args)`` (as pickling and SimPy re-create
    exceptions) gives the same error back.
    """

    def __init__(self, operation: str, problem: str) -> None:
        super().__init__(operation, problem)

    @property
    def operation(self) -> str:
        operation: str = self.args[0]
        return operation

    @property
    def problem(self) -> str:
        problem: str = self.args[1]
        return problem

    def __str__(self) -> str:
        return f"{self.operation}: {self.problem}"


class Api:
    """Calls the platform at *url*; safe to share between threads (each has its own connection)."""

    def __init__(self, url: str, deadline: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.deadline = deadline
        self._local = threading.local()
        self._made: list[JsonConnection] = []
        self._lock = threading.Lock()

    @property
    def connection(self) -> JsonConnection:
        """The calling thread's keep-alive connection (made on first use): it sends a call again,
        once, when the server had closed the kept connection (see :mod:`transport.json_connection`)."""
        connection: JsonConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = JsonConnection(self.url, self.deadline)
            with self._lock:
                self._made.append(connection)
        return connection

    def stale_counts(self) -> dict[str, int]:
        """Over every thread's connection: the calls sent again after the server had closed their
        kept connection (``retried``), and the kept connections found closed before a call and
        replaced (``replaced``)."""
        with self._lock:
            made = list(self._made)
        return {"retried": sum(c.retries for c in made), "replaced": sum(c.replaced for c in made)}

    def call(self, name: str, request: object = None) -> Any:
        """Make operation *name* with *request*; its reply, or :class:`ApiError`."""
        op = operations()[name]
        connection = self.connection
        try:
            answer = connection.request(op.method, op.path, encode(request) if op.request else None)
        except (OSError, http.client.HTTPException) as error:
            raise ApiError(name, f"connection failed: {type(error).__name__}: {error}") from error
        if answer.status != 200:
            raise ApiError(name, f"answered {answer.status}: {answer.body[:200].decode(errors='replace')}")
        try:
            return decode(op.reply, answer.json(), f"{name} reply")
        except (ValueError, ContractViolation) as error:
            raise ApiError(name, f"malformed reply: {error}") from error

    def reset(self, seed: int, epoch: str, webhooks: str) -> dict[str, Any]:
        """``POST /test/reset``: a fresh, empty platform whose messages go to *webhooks*."""
        connection = JsonConnection(self.url, self.deadline)
        try:
            answer = connection.request("POST", "/test/reset", {"seed": seed, "epoch": epoch, "webhooks": webhooks})
        except (OSError, http.client.HTTPException) as error:
            raise ApiError("reset", f"connection failed: {type(error).__name__}: {error}") from error
        finally:
            connection.close()
        if answer.status != 200:
            raise ApiError("reset", f"answered {answer.status}")
        result: dict[str, Any] = answer.json()
        return result
