"""The state and shared moves every part of the reference platform builds on.

:class:`PlatformCore` owns the test clock, the random stream, the outbound port and the
books. The rule mix-ins (:mod:`reference.accounts`, :mod:`reference.binding`, ...) extend it,
and :class:`reference.platform.ReferencePlatform` puts them together.
"""

from __future__ import annotations

import itertools
import random
from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import Channel, CodeSent, SessionOpened
from contract.myrenault import Appointment, StationReport
from contract.outbound import CarEvent, CarEventKind, Email, Push, PushKind, Sms
from contract.platform import Setup
from reference.clock import TestClock
from reference.codes import CodeBook, Purpose
from reference.policy import DEFAULT_POLICY, PlatformPolicy
from reference.records import (
    Account,
    AuditRecord,
    Car,
    Client,
    Command,
    DealerBook,
    ForceRequest,
    QrCode,
    RequestState,
    Session,
    Sync,
)


class PlatformCore:
    """A fresh, empty platform made from *setup*, following *policy*.

    All randomness comes from ``random.Random(setup.seed)`` and all time from the test clock,
    which starts at ``setup.epoch``: the same calls give the same replies and messages.
    """

    def __init__(self, setup: Setup, policy: PlatformPolicy = DEFAULT_POLICY) -> None:
        self.policy = policy
        self._out = setup.outbound
        self._rng = random.Random(setup.seed)
        self._clock = TestClock(setup.epoch)
        self._counters: dict[str, itertools.count[int]] = {}
        self._accounts: dict[str, Account] = {}
        self._identifiers: dict[str, str] = {}
        self._sessions: dict[str, Session] = {}
        self._cars: dict[str, Car] = {}
        self._qr_codes: dict[str, QrCode] = {}
        self._requests: dict[str, ForceRequest] = {}
        self._commands: dict[str, Command] = {}
        self._command_keys: dict[tuple[str, str], str] = {}
        self._audit: list[AuditRecord] = []
        self._my_renault_emails: dict[str, str] = {}
        self._confirmations: dict[str, str] = {}
        self._syncs: dict[str, Sync] = {}
        self._dealers: dict[str, DealerBook] = {}
        self._appointments: list[Appointment] = []
        self._stations: dict[str, StationReport] = {}
        self._charge_passes: dict[str, str] = {}
        self._registration_codes = CodeBook(policy.registration_code, self._rng)
        self._unbind_codes = CodeBook(policy.unbind_code, self._rng)

    @property
    def now(self) -> datetime:
        """The platform's idea of the time: the test clock's *now*."""
        return self._clock.now

    @property
    def audit_log(self) -> tuple[AuditRecord, ...]:
        """Every dealer's forced unbinding so far, oldest first (D-SEC-5)."""
        return tuple(self._audit)

    # --- look-ups -------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        counter = self._counters.setdefault(prefix, itertools.count(1))
        return f"{prefix}-{next(counter)}"

    def _random_hex(self, nbytes: int = 8) -> str:
        return self._rng.randbytes(nbytes).hex()

    def _session_of(self, token: str) -> Session:
        """The live session *token*, or ``not_authenticated``."""
        session = self._sessions.get(token)
        if session is None:
            raise PlatformError(ErrorCode.NOT_AUTHENTICATED, "log in first")
        return session

    def _account_of(self, token: str) -> Account:
        """The account whose live session is *token*, or ``not_authenticated``."""
        return self._accounts[self._session_of(token).account_id]

    def _car(self, vin: str) -> Car:
        """The provisioned car *vin*, or ``unknown_vehicle``."""
        car = self._cars.get(vin)
        if car is None:
            raise PlatformError(ErrorCode.UNKNOWN_VEHICLE, f"no car with VIN {vin!r}")
        return car

    def _authenticate(self, identifier: str, password: str) -> Account:
        """The account *identifier* if *password* is its password, else ``bad_credentials``."""
        account_id = self._identifiers.get(identifier)
        account = self._accounts.get(account_id) if account_id is not None else None
        if account is None or account.password != password:
            raise PlatformError(ErrorCode.BAD_CREDENTIALS, "wrong phone number, e-mail or password")
        return account

    def _require_bound(self, account: Account, car: Car, refusal: ErrorCode) -> None:
        """Refuse with *refusal* unless *account* is the bound user of *car*."""
        if car.bound != account.account_id:
            raise PlatformError(refusal, "only the car's bound user may do this")

    def _require_same_brand(self, account: Account, car: Car) -> None:
        """An account of one brand's app has nothing to do with a car of another brand: it
        cannot log in to it, bind, synchronise, read or command it (D-SEC-7)."""
        if account.brand != car.record.brand:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, "this car is of another brand; use its brand's app")

    def _open_request(self, vin: str) -> ForceRequest | None:
        """The open force-unbinding request for car *vin*, if there is one."""
        return next((r for r in self._requests.values() if r.vin == vin and r.state == "open"), None)

    def _close_request(self, request: ForceRequest, state: RequestState) -> None:
        """End *request* in *state* and stop its 72-hour timer."""
        request.state = state
        if request.timer is not None:
            request.timer.cancel()

    # --- moves shared by several flows ----------------------------------------------------

    def _open_session(self, account: Account, client: Client, device_id: str) -> SessionOpened:
        """Open a session of *account* from *client*, and remember *device_id* for push messages."""
        token = f"tok-{self._random_hex(16)}"
        self._sessions[token] = Session(account.account_id, client)
        if device_id not in account.devices:
            account.devices.append(device_id)
        account.last_device = device_id
        return SessionOpened(token, account.account_id)

    def _log_in_to_car(self, car: Car, account_id: str) -> None:
        """Log *account_id* in to the head unit of *car*, in place of whoever was logged in there;
        a bound user stays bound (D-SEC-6: a new user logs in to ask for force unbinding)."""
        car.logged_in = account_id
        self._car_event(car, "user_logged_in", account_id)

    def _bind(self, car: Car, account_id: str) -> None:
        """Bind *car* to the app of *account_id* (IS-BIND-3): a new binding, with a new name."""
        car.logged_in = account_id
        car.bound = account_id
        car.binding = self._new_id("binding")
        self._car_event(car, "user_bound", account_id)

    def _end_binding(self, car: Car, log_out: bool = True) -> str | None:
        """End the binding of *car*, and its head-unit log-in unless *log_out* is False; returns
        the account that had the binding."""
        previous = car.bound
        car.bound = None
        car.binding = ""
        if log_out:
            car.logged_in = None
        if previous is not None:
            self._void_unbind_code(car, previous)
            self._car_event(car, "user_unbound", previous)
        return previous

    def _unbind_purpose(self, account: Account, car: Car) -> Purpose:
        return ("unbind", f"{car.record.vin}/{account.account_id}")

    def _void_unbind_code(self, car: Car, account_id: str) -> None:
        """An unbinding code not used by the end of its binding dies with it: it does not unbind
        a later binding of the car (D-SEC-2). A used one stays known as used."""
        self._unbind_codes.discard_unused(self._unbind_purpose(self._accounts[account_id], car))

    # --- messages -------------------------------------------------------------------------

    def _car_event(self, car: Car, kind: CarEventKind, account_id: str) -> None:
        self._out.car_event(CarEvent(car.record.vin, kind, account_id, self.now))

    def _push(self, account_id: str, kind: PushKind, text: str, request_id: str = "") -> None:
        """Send a push message to every device *account_id* has logged in from, or only to the
        one it logged in from last (the policy's *push_to_last_device*)."""
        account = self._accounts[account_id]
        last = [account.last_device] if account.last_device else []
        for device_id in last if self.policy.push_to_last_device else account.devices:
            self._out.push(Push(device_id, kind, text, self.now, request_id))

    def _send_code(self, to: str, channel: Channel, code: str) -> CodeSent:
        """Send verification *code* to *to* over *channel*, in the text and as the message's *code*."""
        text = f"MG iSmart verification code: {code}"
        if channel == "sms":
            self._out.sms(Sms(to, text, self.now, code=code))
        else:
            self._out.email(Email(to, "MG iSmart verification code", text, self.now, code=code))
        return CodeSent(channel)
