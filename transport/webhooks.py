"""The webhooks twinrig serves for a platform over HTTP: SMS, e-mail, push, TCU and car events.

One server per process, on 127.0.0.1, shared by every world: each world registers an
:class:`Inbox` under its own path (``/w/<id>/...``). A message is decoded, queued in the inbox,
and delivered into the simulation by the world's own thread when the platform call that caused
it returns. A car message is answered at once: accepted if the car is online.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from contract.codec import ContractViolation, decode, encode
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand

KINDS: dict[str, type] = {"sms": Sms, "email": Email, "push": Push, "tcu": TcuCommand, "car_event": CarEvent}


@dataclass
class Inbox:
    """What one world's webhooks received: *messages* to deliver, and *breaches* of the contract."""

    car_online: Callable[[str], bool]
    messages: queue.Queue[tuple[str, Any]] = field(default_factory=queue.Queue)
    breaches: list[str] = field(default_factory=list)


class WebhookServer:
    """A threaded HTTP server on 127.0.0.1 that routes ``/w/<id>/<kind>`` to registered inboxes."""

    def __init__(self) -> None:
        self.inboxes: dict[str, Inbox] = {}
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def register(self, inbox: Inbox) -> str:
        """Serve *inbox*; the base URL its platform should send to."""
        name = str(next(self._ids))
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


def _handler(server: WebhookServer) -> type[BaseHTTPRequestHandler]:
    class Handler(JsonHandler):
        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            inbox = server.inboxes.get(parts[1]) if len(parts) == 3 and parts[0] == "w" else None
            if inbox is None or parts[2] not in KINDS:
                self._answer(404, {"error": "no such webhook"})
                return
            kind = parts[2]
            length = int(self.headers.get("Content-Length") or 0)
            try:
                message: Any = decode(KINDS[kind], json.loads(self.rfile.read(length) or b"null"), f"{kind} webhook")
            except (ValueError, ContractViolation) as error:
                inbox.breaches.append(f"the platform sent a malformed {kind} webhook: {error}")
                self._answer(400, {"error": str(error)})
                return
            inbox.messages.put((kind, message))
            if kind in ("tcu", "car_event"):
                self._answer(200, encode(Delivery(accepted=inbox.car_online(message.vin))))
            else:
                self._answer(204, None)

    return Handler


def shared_server() -> WebhookServer:
    """This process's webhook server, started on first use (a forked worker starts its own: the
    serving thread of its parent's did not come along)."""
    return _server_of(os.getpid())


@functools.cache
def _server_of(process: int) -> WebhookServer:
    return WebhookServer()
