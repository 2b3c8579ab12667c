"""The webhooks twinrig serves for a platform over HTTP: SMS, e-mail, push, TCU and car events.

One server per process, on 127.0.0.1, shared by every world: each world registers an
:class:`Inbox` under its own path (``/w/<id>/...``, an id nobody can guess). A message is
decoded, queued in the inbox, and delivered into the simulation by the world's own thread when
the platform call that caused it returns. A car message is answered at once: accepted if the car
is online.

Only the platform under test may post: the server has a secret, random per process (so per run,
and outside the simulation: no trace or verdict depends on it), given to the platform at reset
(or when its world is made); a post without it is refused with 401, one for a world that has
ended (or never ran) with 410, and *rejected* counts both.
"""

from __future__ import annotations

import functools
import json
import os
import queue
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from contract.codec import ContractViolation, decode, encode
from contract.operations import WEBHOOK_SECRET
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand

MAX_BODY = 1_000_000
"""The largest webhook body, in bytes, the server reads."""

KINDS: dict[str, type] = {"sms": Sms, "email": Email, "push": Push, "tcu": TcuCommand, "car_event": CarEvent}


@dataclass
class Inbox:
    """What one world's webhooks received: *messages* to deliver, and *breaches* of the contract."""

    car_online: Callable[[str], bool]
    messages: queue.Queue[tuple[str, Any]] = field(default_factory=queue.Queue)
    breaches: list[str] = field(default_factory=list)


IDLE = 15.0
"""Seconds a connection may stay silent (between two requests, or within one) before the server
closes it: a slow or stalled client holds a thread no longer (the platform's client opens a new
connection, as it must with any server that closes idle ones)."""


class WebhookServer:
    """A threaded HTTP server on 127.0.0.1 that routes ``/w/<id>/<kind>`` to registered inboxes;
    a connection silent for *idle* seconds is closed."""

    def __init__(self, idle: float = IDLE) -> None:
        self.inboxes: dict[str, Inbox] = {}
        self.secret = secrets.token_urlsafe(24)
        self.rejected = 0
        """How many posts were refused: without the secret, or for a world not running."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, idle))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def register(self, inbox: Inbox) -> str:
        """Serve *inbox*; the base URL its platform should send to."""
        name = secrets.token_urlsafe(12)
        self.inboxes[name] = inbox
        return f"{self.url}/w/{name}"

    def unregister(self, base: str) -> None:
        self.inboxes.pop(base.rsplit("/", 1)[-1], None)


class JsonHandler(BaseHTTPRequestHandler):
    """A quiet, keep-alive request handler that answers in JSON."""

    protocol_version = "HTTP/1.1"  # keep the platform's connection open between webhooks
    disable_nagle_algorithm = True  # no 40 ms stall between the headers and the body
    wbufsize = -1  # write each answer in one piece

    def _answer(self, status: int, body: Any) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the trace is the log."""


def _handler(server: WebhookServer, idle: float) -> type[BaseHTTPRequestHandler]:
    class Handler(JsonHandler):
        timeout = idle  # socketserver's per-connection timeout: a silent client is dropped

        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) != 3 or parts[0] != "w" or parts[2] not in KINDS:
                self._answer(404, {"error": "no such webhook"})
                return
            if not secrets.compare_digest(self.headers.get(WEBHOOK_SECRET, ""), server.secret):
                self._reject(401, f"a webhook needs the {WEBHOOK_SECRET} header the reset gave")
                return
            inbox = server.inboxes.get(parts[1])
            if inbox is None:
                self._reject(410, "no such world is running")
                return
            kind = parts[2]
            try:
                body = self._body()
            except ValueError as error:
                inbox.breaches.append(f"the platform sent a malformed {kind} webhook: {error}")
                self._reject(400, str(error))
                return
            try:
                message: Any = decode(KINDS[kind], json.loads(body or b"null"), f"{kind} webhook")
            except (ValueError, RecursionError, ContractViolation) as error:
                problem = "JSON nested too deeply" if isinstance(error, RecursionError) else str(error)
                inbox.breaches.append(f"the platform sent a malformed {kind} webhook: {problem}")
                self._answer(400, {"error": problem})
                return
            inbox.messages.put((kind, message))
            if kind in ("tcu", "car_event"):
                self._answer(200, encode(Delivery(accepted=inbox.car_online(message.vin))))
            else:
                self._answer(204, None)

        def _body(self) -> bytes:
            """The request's body, whole or chunked, of at most MAX_BODY bytes; ValueError if its
            length is not a length or it is larger."""
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return _chunked(self.rfile.readline, self.rfile.read)
            text = (self.headers.get("Content-Length") or "0").strip()
            if not text.isdigit() or int(text) > MAX_BODY:
                raise ValueError(f"Content-Length {text!r} is not a length of at most {MAX_BODY} bytes")
            return self.rfile.read(int(text))

        def _reject(self, status: int, problem: str) -> None:
            server.rejected += 1
            self.close_connection = True  # whatever body it sent stays unread
            self._answer(status, {"error": problem})

    return Handler


def _chunked(readline: Callable[[int], bytes], read: Callable[[int], bytes]) -> bytes:
    """A chunked body read through *readline* and *read*: its chunks joined; ValueError if a
    chunk's size is not hexadecimal or the whole is larger than MAX_BODY."""
    body = b""
    while True:
        line = readline(100).split(b";")[0].strip()
        try:
            size = int(line, 16)
        except ValueError:
            raise ValueError(f"chunk size {line[:20]!r} is not hexadecimal") from None
        if size < 0 or len(body) + size > MAX_BODY:
            raise ValueError(f"the chunked body is larger than {MAX_BODY} bytes")
        if size == 0:
            while readline(100).strip():
                pass  # trailers
            return body
        body += read(size)
        read(2)


def shared_server() -> WebhookServer:
    """This process's webhook server, started on first use (a forked worker starts its own: the
    serving thread of its parent's did not come along)."""
    return _server_of(os.getpid())


@functools.cache
def _server_of(process: int) -> WebhookServer:
    return WebhookServer()
