"""A platform reached over HTTP: the contract's operations as calls to a vendor's server.

Every call has a deadline. What the server does is judged as the contract says:

- a timeout, a refused or dropped connection, a 5xx, or a body that is not JSON is a
  breakdown (:class:`PlatformBreakdown`, an *error* verdict) naming the call;
- JSON that does not fit the contract (a missing field, a wrong type, a wrong status, an unknown
  refusal code) is a :class:`ContractBreach`, a *fail* naming the call;
- a refusal with a known code and its status is a :class:`PlatformError`, as in-process;
- a call refused because the platform no longer hosts the scenario's world (404 or 410,
  ``unknown_world``) is a breakdown too.

A platform that hosts concurrent test worlds (``GET /test/worlds`` answers) gets one world per
scenario (``POST /test/worlds``), named in the ``Twinrig-World`` header of every call and ended
(``DELETE``) when the scenario's platform is released; any other gets ``POST /test/reset``.
"""

from __future__ import annotations

import contextlib
import http.client
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from contract import CapabilityDeclaration, Outbound, Platform, PlatformError, Setup
from contract.codec import ContractViolation, decode, encode
from contract.errors import ErrorCode
from contract.messages import ClockState
from contract.operations import (
    ADVANCE_TO,
    CLOCK_NEXT_DUE,
    CLOCK_NOW,
    UNKNOWN_WORLD,
    WORLD,
    WORLDS_PATH,
    Operation,
    operations,
    status_of,
)
from core.options import DEADLINE, MAX_REPLY
from core.verdicts import ContractBreach, PlatformBreakdown
from transport.json_connection import JsonAnswer, JsonConnection, ReplyTooLarge
from transport.webhooks import Inbox, WebhookServer, shared_server


@dataclass
class HttpPlatform:
    """The platform behind *client*, whose outbound messages arrive in *inbox* for *outbound*."""

    client: JsonConnection
    inbox: Inbox
    outbound: Outbound
    deadline: float = DEADLINE
    declared: CapabilityDeclaration | None = None
    advance_header: bool = False
    token: str = field(default="", repr=False)
    """The bearer token of a server whose test side needs one, sent with every call."""
    world: str = ""
    """The id of the test world this platform is on the server ("": the reset one)."""
    orphaned: Any = None
    """The finalizer that hands the world to its factory to end, should the platform be dropped unreleased."""
    _calls: dict[str, Callable[..., Any]] = field(default_factory=dict)
    _clock: ClockState | None = None
    _advance_to: datetime | None = None

    def defer_advance(self, to: datetime) -> bool:
        """Send the clock's advance to *to* with the next call, if the server takes it that way."""
        if self.advance_header:
            self._advance_to = to
        return self.advance_header

    def declaration(self) -> CapabilityDeclaration:
        """The capability declaration: a platform's is the same all run long, so it is asked once."""
        if self.declared is None:
            self.declared = cast(CapabilityDeclaration, self.call(operations()["declaration"], None))
        return self.declared

    def clock_state(self) -> ClockState:
        """The test clock: as the last answer's headers told it, or asked for."""
        if self._clock is None:
            self._clock = cast(ClockState, self.call(operations()["clock_state"], None))
        return self._clock

    def __getattr__(self, name: str) -> Callable[..., Any]:
        table = operations()
        if name not in table:
            raise AttributeError(name)
        if name not in self._calls:
            op = table[name]

            def call(request: object = None) -> Any:
                return self.call(op, request)

            call.__name__ = name
            self._calls[name] = call
        return self._calls[name]

    def call(self, op: Operation, request: object) -> Any:
        """Make *op* with *request* over HTTP and judge the answer."""
        headers = {ADVANCE_TO: self._advance_to.isoformat()} if self._advance_to else {}
        headers.update(authorisation(self.token))
        if self.world:
            headers[WORLD] = self.world
        self._advance_to = None
        try:
            response = self.client.request(op.method, op.path, encode(request) if op.request else None, headers)
        except TimeoutError as error:
            raise PlatformBreakdown(op.name, f"no answer within {self.deadline:g} s") from error
        except ReplyTooLarge as error:
            raise PlatformBreakdown(op.name, f"answered more than {error.limit} bytes") from error
        except (OSError, http.client.HTTPException) as error:
            raise PlatformBreakdown(op.name, f"connection failed: {type(error).__name__}: {error}") from error
        finally:
            self.deliver()
        self._clock = _clock_from(response.headers)
        return self._judge(op, response)

    def deliver(self) -> None:
        """Hand what the webhooks received to the simulation; a malformed webhook is a breach."""
        while not self.inbox.messages.empty():
            kind, message = self.inbox.messages.get()
            getattr(self.outbound, kind)(message)
        if self.inbox.breaches:
            breach = self.inbox.breaches.pop(0)
            raise ContractBreach(breach)

    def _judge(self, op: Operation, response: JsonAnswer) -> Any:
        status = response.status
        if status >= 500:
            raise PlatformBreakdown(op.name, f"the server answered {status}")
        if status == 401 and op.path.startswith("/test/"):
            raise PlatformBreakdown(op.name, TOKEN_REFUSED)
        try:
            data = response.json()
        except ValueError as error:
            raise PlatformBreakdown(op.name, f"malformed reply (status {status}): not JSON") from error
        if status == 200:
            try:
                return decode(op.reply, data, f"{op.name} reply")
            except ContractViolation as error:
                raise ContractBreach(f"{op.name} broke the contract: {error}") from error
        return self._refusal(op, status, data)

    def _refusal(self, op: Operation, status: int, data: Any) -> Any:
        error = data.get("error") if isinstance(data, dict) else None
        if self.world and status in (404, 410) and isinstance(error, dict) and error.get("code") == UNKNOWN_WORLD:
            raise PlatformBreakdown(op.name, f"the server no longer hosts the world {self.world!r} ({status})")
        if not isinstance(error, dict) or error.get("code") not in ErrorCode.__members__.values():
            raise ContractBreach(f"{op.name} answered {status} without a known refusal code: {data!r}")
        refusal = ErrorCode(error["code"])
        if status != status_of(refusal):
            raise ContractBreach(f"{op.name} refused with {refusal.value!r} as {status}, not {status_of(refusal)}")
        raise PlatformError(refusal, str(error.get("message", "")))


TOKEN_REFUSED = "the server refused the rig's platform token (401): give --platform-token or $TWINRIG_PLATFORM_TOKEN"


def authorisation(token: str) -> dict[str, str]:
    """The header that carries *token* (none without one)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def _clock_from(headers: dict[str, str]) -> ClockState | None:
    """The test clock a server reported in *headers* (lower-case names), if it did (and sensibly)."""
    now_text, due_text = headers.get(CLOCK_NOW.lower()), headers.get(CLOCK_NEXT_DUE.lower())
    if now_text is None or due_text is None:
        return None
    try:
        now = datetime.fromisoformat(now_text)
        due = datetime.fromisoformat(due_text) if due_text else None
    except ValueError:
        return None
    return ClockState(now, due)


@dataclass
class HttpFactory:
    """Makes a fresh platform per scenario on the server at *url*: a test world of its own, if the
    server hosts them and *use_worlds*, or else by resetting the server's one world."""

    url: str
    deadline: float = DEADLINE
    max_reply: int = MAX_REPLY
    webhooks: WebhookServer = field(default_factory=shared_server)
    name: str = ""
    token: str = field(default="", repr=False)
    """The bearer token of the server's test side (``twinrig serve --token``), if it needs one."""
    use_worlds: bool = True
    _declared: CapabilityDeclaration | None = None
    _worlds: bool | None = None
    _orphans: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.name = self.name or self.url
        self.client = JsonConnection(self.url, self.deadline, self.max_reply)
        self._rejected_before = self.webhooks.rejected

    @property
    def rejected_webhooks(self) -> int:
        """Webhook posts the server refused since this factory was made (the run's)."""
        return self.webhooks.rejected - self._rejected_before

    @property
    def isolated_worlds(self) -> bool:
        """Whether each platform this factory makes is a test world of its own on the server (asked
        once: ``GET /test/worlds``), so that several runs may share the server at once."""
        if self._worlds is None:
            self._worlds = self.use_worlds and _hosts_worlds(self.client, self.token)
        return self._worlds

    def create(self, setup: Setup) -> Platform:
        online: Callable[[str], bool] = getattr(setup.outbound, "car_online", lambda vin: False)
        inbox = Inbox(online)
        base = self.webhooks.register(inbox)
        platform = HttpPlatform(self.client, inbox, setup.outbound, self.deadline, self._declared, token=self.token)
        body = {
            "seed": setup.seed,
            "epoch": setup.epoch.isoformat(),
            "webhooks": base,
            "webhook_secret": self.webhooks.secret,
        }
        if self.isolated_worlds:
            self._end_orphans()
            answer = self._test_call("create world", "POST", WORLDS_PATH, body, (200, 201))
            world = answer.get("world") if isinstance(answer, dict) else None
            if not isinstance(world, str) or not world:
                raise PlatformBreakdown("create world", f"answered no world id: {answer!r}")
            platform.world = world
            platform.orphaned = weakref.finalize(platform, self._orphans.append, world)
        else:
            answer = self._test_call("reset", "POST", "/test/reset", body, (200,))
        platform.advance_header = isinstance(answer, dict) and answer.get("advance_header") is True
        self._declared = platform.declaration()
        return cast(Platform, platform)

    def release(self, platform: Platform) -> None:
        """The scenario of *platform* ended: end its world on the server (nothing, after a reset)."""
        if isinstance(platform, HttpPlatform) and platform.orphaned is not None and platform.orphaned.detach():
            self._end(platform.world)  # once: a second release finds the finalizer detached

    def _end_orphans(self) -> None:
        """End the worlds whose platforms were dropped without :meth:`release` (by a runner that
        does not release them): each when the next world is made, never in the collector."""
        while self._orphans:
            self._end(self._orphans.pop())

    def _end(self, world: str) -> None:
        """``DELETE`` the server's world *world*; a server that cannot be told keeps it (it has a limit)."""
        with contextlib.suppress(OSError, http.client.HTTPException):
            self.client.request("DELETE", f"{WORLDS_PATH}/{world}", None, authorisation(self.token))

    def _test_call(self, name: str, method: str, path: str, body: object, ok: tuple[int, ...]) -> Any:
        """Make the test side's call *name*: its JSON answer (None if not JSON); a breakdown unless
        the status is in *ok*."""
        try:
            response = self.client.request(method, path, body, authorisation(self.token))
        except (OSError, http.client.HTTPException) as error:
            raise PlatformBreakdown(name, f"connection failed: {type(error).__name__}: {error}") from error
        if response.status == 401:
            raise PlatformBreakdown(name, TOKEN_REFUSED)
        if response.status not in ok:
            raise PlatformBreakdown(name, f"the server answered {response.status}{_problem(response)}")
        try:
            return response.json()
        except ValueError:
            return None


def _hosts_worlds(client: JsonConnection, token: str) -> bool:
    """Whether the server behind *client* hosts concurrent test worlds: ``GET /test/worlds``
    answers 200 with a positive ``limit``."""
    try:
        response = client.request("GET", WORLDS_PATH, None, authorisation(token))
        answer = response.json() if response.status == 200 else None
    except (OSError, http.client.HTTPException, ValueError):
        return False
    limit = answer.get("limit") if isinstance(answer, dict) else None
    return isinstance(limit, int) and not isinstance(limit, bool) and limit > 0


def _problem(response: JsonAnswer) -> str:
    """What a refusal's body says, as ``: <message>`` ("" if it says nothing readable)."""
    try:
        error = response.json().get("error", {})
        return f": {error['message']}" if isinstance(error, dict) and isinstance(error.get("message"), str) else ""
    except (ValueError, AttributeError):
        return ""
