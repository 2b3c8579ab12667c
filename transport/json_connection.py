"""A keep-alive HTTP/1.1 connection to one server, for JSON calls with a deadline.

The standard library's :mod:`http.client`, kept open between calls: twice as fast per call on
loopback as a general-purpose client, which matters when a suite makes thousands of calls.

- **A total deadline per call.** Connecting, sending and reading the whole reply must fit in
  *deadline* seconds: before each read the socket may wait only what is left, so a server that
  drips one byte a second is cut at the deadline (:class:`TimeoutError`), not after minutes.
- **A cap on the reply.** A reply larger than *max_reply* bytes (its ``Content-Length``, or
  what arrives, chunked or not) is refused with :class:`ReplyTooLarge` before it is read whole.
- **One write per request, Nagle off**, so a far-away server is not kept waiting for the body.
- **One retry, and only one, on a connection the server closed.** A server closes keep-alive
  connections it finds idle (uvicorn after 5 s). A call is sent again, once, on a new connection
  only when it cannot have reached the server: it went out over a connection kept open from an
  earlier answer and failed before any byte of a reply came back
  (:class:`http.client.RemoteDisconnected`, or a broken pipe while sending). A kept
  connection the server has already closed (its socket readable with nothing asked) is replaced
  before anything is sent. Nothing else is retried: a call may have changed the platform before
  it failed.

A failed call closes the connection; the next call opens a new one.
"""

from __future__ import annotations

import http.client
import io
import json
import select
import socket
import time
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from core.options import MAX_REPLY

STALE: tuple[type[Exception], ...] = (http.client.RemoteDisconnected, BrokenPipeError)
"""What a request over a connection the server had closed fails with when no reply byte came."""


class ReplyTooLarge(http.client.HTTPException):
    """The server's reply is larger than *limit* bytes: it is not read."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)

    @property
    def limit(self) -> int:
        limit: int = self.args[0]
        return limit

    def __str__(self) -> str:
        return f"the reply is larger than {self.limit} bytes"


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
    """Calls the server at *base_url*, each call within *deadline* seconds, replies of at most
    *max_reply* bytes. *retries* counts the calls sent again after a stale connection failed
    them, *replaced* the kept connections found closed by the server before a call went out."""

    def __init__(self, base_url: str, deadline: float, max_reply: int = MAX_REPLY) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.secure = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.secure else 80)
        self.prefix = parts.path.rstrip("/")
        self.deadline = deadline
        self.max_reply = max_reply
        self.retries = 0
        self.replaced = 0
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> JsonAnswer:
        """Send *body* (JSON, or nothing if None) to *path*; raises :class:`TimeoutError` past the
        deadline, :class:`ReplyTooLarge`, or another OSError or HTTPException on failure."""
        data = b"" if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        if self._connection is not None and _closed_by_server(self._connection):
            self.close()
            self.replaced += 1
        reused = self._connection is not None
        try:
            return self._exchange(method, path, data, sent)
        except STALE:
            if not reused:
                raise
            self.retries += 1
        return self._exchange(method, path, data, sent)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _exchange(self, method: str, path: str, data: bytes, headers: dict[str, str]) -> JsonAnswer:
        end = time.monotonic() + self.deadline
        try:
            connection = self._connection or self._connect()
            assert connection.sock is not None
            connection.sock.settimeout(_left(end))
            connection.sock.sendall(_request(method, self.prefix + path, f"{self.host}:{self.port}", headers, data))
            reader = cast("socket.socket", _DeadlineSocket(connection.sock, end))  # all HTTPResponse asks of it
            response = http.client.HTTPResponse(reader, method=method)
            response.begin()
            payload = self._body(response)
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return JsonAnswer(response.status, {name.lower(): value for name, value in response.getheaders()}, payload)

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        length = response.getheader("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_reply:
            raise ReplyTooLarge(self.max_reply)
        payload = response.read(self.max_reply + 1)
        if len(payload) > self.max_reply:
            raise ReplyTooLarge(self.max_reply)
        return payload

    def _connect(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.secure else http.client.HTTPConnection
        connection = kind(self.host, self.port, timeout=self.deadline)
        connection.connect()
        assert connection.sock is not None
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._connection = connection
        return connection


def _request(method: str, target: str, host: str, headers: dict[str, str], data: bytes) -> bytes:
    """The whole request, head and body, as the bytes of one write (*host* with its port)."""
    lines = [f"{method} {target or '/'} HTTP/1.1", f"Host: {host}", "Accept-Encoding: identity"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


def _left(end: float) -> float:
    """The seconds left before *end*; :class:`TimeoutError` when none are."""
    left = end - time.monotonic()
    if left <= 0:
        raise TimeoutError("the call's deadline has passed")
    return left


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """Whether the server has closed *connection*'s idle socket: with nothing asked, a socket is
    readable only if it holds the server's end of file or reset."""
    if connection.sock is None:
        return True
    readable, _, _ = select.select([connection.sock], [], [], 0)
    return bool(readable)


class _DeadlineSocket:
    """What :class:`http.client.HTTPResponse` reads from: *sock*, each read waiting only for
    what is left of the call's deadline (*end*, on the monotonic clock)."""

    def __init__(self, sock: socket.socket, end: float) -> None:
        self.sock = sock
        self.end = end

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self.sock, self.end))


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock: socket.socket, end: float) -> None:
        self.sock = sock
        self.end = end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.sock.settimeout(_left(self.end))
        return self.sock.recv_into(buffer)
