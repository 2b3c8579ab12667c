"""Verification codes: how they are made and checked (D-SEC-2, IS-REG-2, IS-UNBIND-2).

A :class:`CodeBook` keeps at most one live code per *purpose* (such as ``("register",
identifier)``); sending a new code for a purpose replaces the old one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from contract.errors import ErrorCode, PlatformError

Purpose = tuple[str, str]


@dataclass(frozen=True, slots=True)
class CodePolicy:
    """How codes behave: *length* digits, valid for *ttl*, *max_attempts* wrong tries.

    A *ttl* of None never expires and a *max_attempts* of None never locks out; a code that
    is not *single_use* may be used again. The reference platform uses the defaults.
    """

    length: int = 6
    ttl: timedelta | None = timedelta(minutes=10)
    max_attempts: int | None = 3
    single_use: bool = True


@dataclass(slots=True)
class IssuedCode:
    """One code as issued: its *code*, when it was *issued_at*, and how it has been tried."""

    code: str
    issued_at: datetime
    attempts: int = 0
    used: bool = False


class CodeBook:
    """The live verification codes of one kind, following *policy*, drawn from *rng*."""

    def __init__(self, policy: CodePolicy, rng: random.Random) -> None:
        self.policy = policy
        self._rng = rng
        self._codes: dict[Purpose, IssuedCode] = {}

    def issue(self, purpose: Purpose, now: datetime) -> str:
        """Make a fresh code for *purpose* at *now*, replacing any earlier one."""
        code = "".join(str(self._rng.randrange(10)) for _ in range(self.policy.length))
        self._codes[purpose] = IssuedCode(code, now)
        return code

    def check(self, purpose: Purpose, code: str, now: datetime) -> None:
        """Accept *code* for *purpose* at *now* (using it up), or raise :class:`PlatformError`.

        A wrong code counts one attempt; the attempt that reaches the limit kills the code,
        and from then on every check answers ``too_many_attempts`` until a new code is sent.
        """
        issued = self._codes.get(purpose)
        if issued is None:
            raise PlatformError(ErrorCode.CODE_INVALID, "no verification code was sent for this")
        if issued.used:
            raise PlatformError(ErrorCode.CODE_USED, "this verification code has been used already")
        if self._locked(issued):
            raise PlatformError(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong codes; ask for a new one")
        if self._expired(issued, now):
            raise PlatformError(ErrorCode.CODE_EXPIRED, "the verification code has expired")
        if code != issued.code:
            issued.attempts += 1
            if self._locked(issued):
                raise PlatformError(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong codes; ask for a new one")
            raise PlatformError(ErrorCode.CODE_INVALID, "the verification code is wrong")
        issued.used = self.policy.single_use

    def discard(self, purpose: Purpose) -> None:
        """Forget the code for *purpose*, if there is one."""
        self._codes.pop(purpose, None)

    def discard_unused(self, purpose: Purpose) -> None:
        """Forget the code for *purpose* unless it has been used (a used one stays refused as used)."""
        issued = self._codes.get(purpose)
        if issued is not None and not issued.used:
            del self._codes[purpose]

    def _locked(self, issued: IssuedCode) -> bool:
        limit = self.policy.max_attempts
        return limit is not None and issued.attempts >= limit

    def _expired(self, issued: IssuedCode, now: datetime) -> bool:
        ttl = self.policy.ttl
        return ttl is not None and now >= issued.issued_at + ttl
