"""The reference platform (or any in-process platform) served over HTTP, as the contract says.

Every operation of the table is one route (:mod:`contract.operations`); ``POST /test/reset``
makes a fresh platform whose outbound messages go to the webhooks twinrig serves. Platform calls
run one at a time, under a lock, on the event loop: a platform is one state machine, and a
request waits its turn either way. ``POST /test/worlds`` makes a test world besides it, with a
platform of its own (:mod:`reference.worlds`): a call naming it (``Twinrig-World``) runs in a
worker thread under that world's lock, so calls to different worlds run at the same time (while
only one world lives, on the event loop: a thread's hop costs about 0.15 ms a call).
:class:`RealTimePlatformServer` serves platforms whose clock
follows the wall clock (``twinrig serve --real-time``), for load that runs in real time.
"""

from __future__ import annotations

import hmac
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from contract import Platform, PlatformError, PlatformFactory, Setup
from contract.codec import ContractViolation, decode, encode
from contract.limits import EARLIEST, LATEST, in_range
from contract.messages import AdvanceClock
from contract.openapi import document
from contract.operations import (
    ADVANCE_TO,
    CLOCK_NEXT_DUE,
    CLOCK_NOW,
    MAX_WORLDS,
    TOO_MANY_WORLDS,
    UNKNOWN_WORLD,
    WEBHOOK_SECRET,
    WORLD,
    WORLDS_PATH,
    Operation,
    error_body,
    operations,
    status_of,
)
from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand
from reference.declaration import VERSION
from reference.worlds import Hosted, Worlds

EPOCH = datetime.fromisoformat("2026-03-02T08:00:00+00:00")
WEBHOOK_DEADLINE = 5.0


class WebhookOutbound:
    """The outbound port over HTTP: each message is POSTed to the webhooks under *base*.

    A webhook that cannot be reached loses the message (SMS, e-mail, push) or counts as a car
    that is not connected (TCU, car events): the platform goes on, as a real one would.
    """

    def __init__(self, base: str, client: httpx.Client, secret: str = "") -> None:
        self.base = base.rstrip("/")
        self.client = client
        self.headers = {WEBHOOK_SECRET: secret} if secret else {}

    def _post(self, kind: str, message: object) -> httpx.Response | None:
        if not self.base:
            return None
        try:
            return self.client.post(
                f"{self.base}/{kind}", json=encode(message), headers=self.headers, timeout=WEBHOOK_DEADLINE
            )
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError):  # never the platform's breakdown
            return None

    def sms(self, message: Sms) -> None:
        self._post("sms", message)

    def email(self, message: Email) -> None:
        self._post("email", message)

    def push(self, message: Push) -> None:
        self._post("push", message)

    def _delivery(self, kind: str, message: TcuCommand | CarEvent) -> Delivery:
        response = self._post(kind, message)
        if response is None or response.status_code != 200:
            return Delivery(accepted=False)
        try:
            return decode(Delivery, response.json(), f"{kind} webhook answer")
        except (ValueError, ContractViolation):
            return Delivery(accepted=False)

    def tcu(self, message: TcuCommand) -> Delivery:
        return self._delivery("tcu", message)

    def car_event(self, message: CarEvent) -> Delivery:
        return self._delivery("car_event", message)


def webhooks_problem(url: str) -> str | None:
    """What is wrong with *url* as the webhooks' base URL (an ``http(s)://host[:port]/path``), or None."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises
    except ValueError as error:
        return f"{url!r} is not a URL: {error}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http:// or https:// URL with a host"
    if any(character.isspace() or not character.isprintable() for character in url):
        return f"{url!r} has a space or a control character"
    return None


def time_problem(moment: datetime) -> str | None:
    """What is wrong with *moment* as a time of the contract (no offset, out of its years), or None."""
    if moment.tzinfo is None:
        return f"{moment.isoformat()} has no offset"
    if not in_range(moment):
        return f"{moment.isoformat()} is not between the years {EARLIEST.year} and {LATEST.year - 1}"
    return None


async def read_json(request: Request) -> Any:
    """The request's body as JSON; :class:`ValueError` if it is not JSON, or nested too deeply to read."""
    try:
        return await request.json()
    except RecursionError as error:
        raise ValueError("the JSON is nested too deeply") from error


class TestSideGuard:
    """ASGI middleware: every ``/test/`` route needs ``Authorization: Bearer <token>``, else 401."""

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/test/") and not self._authorised(scope):
            body = error_body("not_authenticated", "the test side needs Authorization: Bearer <the server's token>")
            await JSONResponse(body, 401, {"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        given = next((value for name, value in scope["headers"] if name == b"authorization"), b"")
        return hmac.compare_digest(given, self.expected)


async def unexpected(request: Request, error: Exception) -> Response:
    """Any exception no route handled: a 500 with the contract's error body, no traceback."""
    return JSONResponse(error_body("internal_error", f"the server failed: {type(error).__name__}"), 500)


class PlatformServer:
    """Serves platforms made by *factory*: one replaced on every ``/test/reset``, and up to
    *max_worlds* test worlds at once (0: none, and ``/test/worlds`` is not served). With a
    *token*, every ``/test/`` route needs ``Authorization: Bearer <token>``.
    """

    advance_header = True
    """Whether the server honours the ``Twinrig-Advance-To`` header (it does, on a test clock)."""

    def __init__(self, factory: PlatformFactory, token: str = "", max_worlds: int = MAX_WORLDS) -> None:
        self.factory = factory
        self.token = token
        self.client = httpx.Client()
        self.lock = threading.Lock()
        self.worlds = Worlds(max_worlds)
        self.platform: Platform = factory.create(Setup(WebhookOutbound("", self.client), 0, EPOCH))

    def stop(self) -> None:
        """Stop what the server runs besides answering requests (nothing, on a test clock)."""

    def app(self) -> Starlette:
        routes = [Route(op.path, self._endpoint(op), methods=[op.method]) for op in operations().values()]
        routes.append(Route("/test/reset", self._reset, methods=["POST"]))
        if self.worlds.limit > 0:
            routes.append(Route(WORLDS_PATH, self._list_worlds, methods=["GET"]))
            routes.append(Route(WORLDS_PATH, self._create_world, methods=["POST"]))
            routes.append(Route(WORLDS_PATH + "/{world}", self._end_world, methods=["DELETE"]))
        routes.append(Route("/", self._about, methods=["GET"]))
        routes.append(Route("/openapi.json", self._contract, methods=["GET"]))
        guard = [Middleware(TestSideGuard, token=self.token)] if self.token else []
        return Starlette(routes=routes, middleware=guard, exception_handlers={Exception: unexpected})

    async def _about(self, request: Request) -> Response:
        return JSONResponse({"platform": self.factory.name, "version": VERSION, "contract": "/openapi.json"})

    async def _contract(self, request: Request) -> Response:
        return JSONResponse(document(guarded=bool(self.token)))

    async def _setup(self, request: Request) -> Setup | Response:
        """The setup a reset's (or a new world's) body asks for; a 422 answer if it does not fit."""
        try:
            body = await read_json(request)
            seed, epoch, webhooks = body["seed"], datetime.fromisoformat(body["epoch"]), body["webhooks"]
            secret = body.get("webhook_secret", "")
            if not isinstance(seed, int) or not isinstance(webhooks, str) or epoch.tzinfo is None:
                raise ValueError("seed must be an integer, webhooks a URL, epoch a time with its offset")
            if not isinstance(secret, str):
                raise ValueError("webhook_secret must be a string")
            if problem := webhooks_problem(webhooks) or time_problem(epoch):
                raise ValueError(problem)
        except (ValueError, KeyError, TypeError) as error:
            return JSONResponse(error_body("invalid_request", f"reset needs seed, epoch and webhooks: {error}"), 422)
        return Setup(WebhookOutbound(webhooks, self.client, secret), seed, self._epoch(epoch))

    async def _reset(self, request: Request) -> Response:
        setup = await self._setup(request)
        if isinstance(setup, Response):
            return setup
        with self.lock:
            self.platform = self.factory.create(setup)
        return JSONResponse({"ok": True, "advance_header": self.advance_header})

    def _epoch(self, asked: datetime) -> datetime:
        """Where a fresh platform's clock starts: where the rig asked."""
        return asked

    async def _list_worlds(self, request: Request) -> Response:
        return JSONResponse({"limit": self.worlds.limit, "live": len(self.worlds)})

    async def _create_world(self, request: Request) -> Response:
        setup = await self._setup(request)
        if isinstance(setup, Response):
            return setup
        name = self.worlds.open(await run_in_threadpool(self.factory.create, setup))
        if name is None:
            message = f"{self.worlds.limit} worlds live already: end one with DELETE {WORLDS_PATH}/{{id}}"
            return JSONResponse(error_body(TOO_MANY_WORLDS, message), 429)
        return JSONResponse({"world": name, "advance_header": self.advance_header}, 201)

    async def _end_world(self, request: Request) -> Response:
        name = request.path_params["world"]
        return Response(status_code=204) if self.worlds.end(name) else self._no_world(name)

    def _no_world(self, name: str) -> Response:
        """The refusal of a call naming the world *name*, which is not live: 410 if it ended, else 404."""
        if self.worlds.ended(name):
            return JSONResponse(error_body(UNKNOWN_WORLD, f"the world {name!r} has ended"), 410)
        return JSONResponse(error_body(UNKNOWN_WORLD, f"no world {name!r} here"), 404)

    def _before_call(self, platform: Platform, advance_to: datetime | None) -> None:
        """Bring *platform*'s clock to *advance_to* (the rig's header), if it asked (under the lock)."""
        if advance_to is not None and advance_to > platform.clock_state().now:
            platform.advance_clock(AdvanceClock(advance_to))

    def _endpoint(self, op: Operation) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                body = await read_json(request) if op.request is not None else None
                argument = decode(op.request, body, "body") if op.request is not None else None
            except (ValueError, ContractViolation) as error:
                return JSONResponse(error_body("invalid_request", str(error)), 422)
            try:
                advance = request.headers.get(ADVANCE_TO)
                to = datetime.fromisoformat(advance) if advance else None
                if to is not None and (problem := time_problem(to)):
                    raise ValueError(problem)
            except ValueError as error:
                return JSONResponse(error_body("invalid_request", f"{ADVANCE_TO}: {error}"), 422)
            if (name := request.headers.get(WORLD)) is None:
                return self._call(op, argument, to)
            if (world := self.worlds.get(name)) is None:
                return self._no_world(name)
            if len(self.worlds) == 1:
                return self._call(op, argument, to, world)  # nothing to run beside: spare the thread's hop
            return await run_in_threadpool(self._call, op, argument, to, world)

        endpoint.__name__ = op.name
        return endpoint

    def _call(
        self, op: Operation, argument: object, advance_to: datetime | None = None, world: Hosted | None = None
    ) -> Response:
        """Make *op* on *world*'s platform (None: the reset one's), under its lock."""
        lock, platform = (world.lock, world.platform) if world is not None else (self.lock, self.platform)
        with lock:
            try:
                self._before_call(platform, advance_to)
                method = getattr(platform, op.name)
                response = JSONResponse(encode(method() if op.request is None else method(argument)))
            except PlatformError as refusal:
                response = JSONResponse(error_body(refusal.code.value, refusal.message), status_of(refusal.code))
            clock = platform.clock_state()
        response.headers[CLOCK_NOW] = clock.now.isoformat()
        response.headers[CLOCK_NEXT_DUE] = clock.next_due.isoformat() if clock.next_due else ""
        return response


class RealTimePlatformServer(PlatformServer):
    """Serves platforms that keep real time: the test clock follows the wall clock (UTC).

    A fresh platform starts at the wall clock's *now* (whatever epoch the reset asks for); before
    every call the clock is brought to *now*, and a ticker thread runs each timer when it falls
    due, so a command that gets no answer ends ``car_unreachable`` on time even if nobody asks.
    The ``Twinrig-Advance-To`` header is not honoured: the rig does not steer this clock.
    """

    advance_header = False
    TICK_LIMIT = 1.0
    """At most this many seconds between two looks at the platform's next timer."""

    def __init__(self, factory: PlatformFactory, token: str = "", max_worlds: int = MAX_WORLDS) -> None:
        super().__init__(factory, token, max_worlds)
        self._stopped = threading.Event()
        threading.Thread(target=self._tick, daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _epoch(self, asked: datetime) -> datetime:
        return datetime.now(UTC)

    def _before_call(self, platform: Platform, advance_to: datetime | None) -> None:
        self._catch_up(platform)

    def _catch_up(self, platform: Platform) -> datetime | None:
        """Move *platform*'s clock to the wall clock's *now*; its next timer's due time (under its lock)."""
        now = datetime.now(UTC)
        if now > platform.clock_state().now:
            platform.advance_clock(AdvanceClock(now))
        return platform.clock_state().next_due

    def _tick(self) -> None:
        while not self._stopped.is_set():
            due = min((due for due in self._tick_worlds() if due is not None), default=None)
            wait = self.TICK_LIMIT if due is None else (due - datetime.now(UTC)).total_seconds()
            self._stopped.wait(min(max(wait, 0.01), self.TICK_LIMIT))

    def _tick_worlds(self) -> list[datetime | None]:
        """Bring every world (the reset one first) to *now*: each one's next timer's due time."""
        dues: list[datetime | None] = []
        for lock, platform in [(self.lock, self.platform), *((w.lock, w.platform) for w in self.worlds.live())]:
            with lock:
                try:
                    dues.append(self._catch_up(platform))
                except PlatformError:
                    dues.append(None)
        return dues


@contextmanager
def running_server(
    factory: PlatformFactory,
    port: int = 0,
    *,
    real_time: bool = False,
    keep_alive: int = 5,
    token: str = "",
    max_worlds: int = MAX_WORLDS,
) -> Iterator[str]:
    """Serve *factory*'s platforms on 127.0.0.1 (*port* 0: a free one) in a thread; yield the URL.

    *real_time*: the platforms keep real time (:class:`RealTimePlatformServer`); *keep_alive*:
    the seconds after which uvicorn closes a kept connection that is idle (its default, 5); *token*:
    the bearer token the test side needs (none: open to all); *max_worlds*: the most test worlds
    at once (0: one at a time, through ``/test/reset``).
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    platform_server = (RealTimePlatformServer if real_time else PlatformServer)(factory, token, max_worlds)
    config = uvicorn.Config(platform_server.app(), log_level="warning", lifespan="off", timeout_keep_alive=keep_alive)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        threading.Event().wait(0.01)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        platform_server.stop()
        listener.close()


def serve(
    factory: PlatformFactory,
    port: int,
    *,
    real_time: bool = False,
    log_level: str = "info",
    token: str = "",
    max_worlds: int = MAX_WORLDS,
) -> None:
    """Serve *factory*'s platforms on 127.0.0.1:*port* until interrupted (*real_time*: on the wall
    clock; *token*: the bearer token the test side needs; *max_worlds*: the most test worlds at
    once, 0 for one at a time through ``/test/reset``)."""
    server = (RealTimePlatformServer if real_time else PlatformServer)(factory, token, max_worlds)
    uvicorn.run(server.app(), host="127.0.0.1", port=port, log_level=log_level)
