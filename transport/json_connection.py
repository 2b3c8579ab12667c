"""A keep-alive HTTP/1.1 connection to one server, for JSON calls with a deadline.

The standard library's :mod:`http.client`, kept open between calls: twice as fast per call on
loopback as a general-purpose client, which matters when a suite makes thousands of calls. A
failed call closes the connection (the next call opens a new one) and is never retried: a call
may have changed the platform before it failed.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class JsonAnswer:
    """A server's answer: *status*, *headers* (lower-case names) and the raw *body*."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON; ValueError if it is not."""
        return json.loads(self.body)


class JsonConnection:
    """Calls the server at *base_url*, each call within *deadline* seconds."""

    def __init__(self, base_url: str, deadline: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.secure = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.secure else 80)
        self.prefix = parts.path.rstrip("/")
        self.deadline = deadline
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> JsonAnswer:
        """Send *body* (JSON, or nothing if None) to *path*; raises OSError or HTTPException on failure."""
        data = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        connection = self._connection or self._connect()
        try:
            connection.request(method, self.prefix + path, body=data, headers=sent)
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return JsonAnswer(response.status, {name.lower(): value for name, value in response.getheaders()}, payload)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _connect(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.secure else http.client.HTTPConnection
        self._connection = kind(self.host, self.port, timeout=self.deadline)
        return self._connection
