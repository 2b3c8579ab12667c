"""Accounts: genuine apps, registration with a verification code, and log-in.

IS-APP-1 (genuine app), IS-REG-1..3 (registration), IS-LOGIN-1..2 (log-in), D-SEC-2 (codes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    AccountCreated,
    AppIdentity,
    Channel,
    CodeSent,
    LogIn,
    Register,
    SendRegistrationCode,
    SessionOpened,
)
from reference.core import PlatformCore
from reference.records import Account, Client

GENUINE_APP_NAMES = frozenset({"MG iSmart", "MG iSmart Europe"})
GENUINE_PUBLISHER = "SAIC Motor international Co. Ltd"
MY_RENAULT_PUBLISHER = "RENAULT SAS"
ISMART_APP = Client("ismart", "app")
MY_RENAULT_APP = Client("myrenault", "app")
MY_RENAULT_WEB = Client("myrenault", "web")
GENUINE_CLIENTS: Mapping[AppIdentity, Client] = MappingProxyType(
    {
        **{AppIdentity(name, GENUINE_PUBLISHER): ISMART_APP for name in sorted(GENUINE_APP_NAMES)},
        AppIdentity("My Renault", MY_RENAULT_PUBLISHER): MY_RENAULT_APP,
        AppIdentity("renault-connect.renault.com", MY_RENAULT_PUBLISHER): MY_RENAULT_WEB,
    }
)
"""Every genuine client, by name and publisher: the iSmart apps, the My Renault app and web site."""
_PHONE_NUMBER = re.compile(r"\+[0-9]{2,15}")


def channel_of(identifier: str) -> Channel:
    """How to reach *identifier*: ``"sms"`` for an E.164 phone number, ``"email"`` for an
    address with an ``@``; anything else is an ``invalid_request``."""
    if _PHONE_NUMBER.fullmatch(identifier):
        return "sms"
    if "@" in identifier:
        return "email"
    raise PlatformError(ErrorCode.INVALID_REQUEST, "give a phone number (+45...) or an e-mail address")


class AccountsMixin(PlatformCore):
    """Registration and log-in from the phone app."""

    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent:
        """Send a registration code to *request.identifier* by SMS or e-mail (IS-REG-2)."""
        self._check_genuine(request.app)
        channel = channel_of(request.identifier)
        if request.identifier in self._identifiers:
            raise PlatformError(ErrorCode.ACCOUNT_EXISTS, "there is already an account for this")
        code = self._registration_codes.issue(("register", request.identifier), self.now)
        return self._send_code(request.identifier, channel, code)

    def register(self, request: Register) -> AccountCreated:
        """Create the account once the code and a password are given (IS-REG-3).

        The password and the account's absence are checked before the code, so that a typo in
        the password does not use the code up.
        """
        self._check_genuine(request.app)
        channel = channel_of(request.identifier)
        if len(request.password) < self.policy.password_min_length:
            raise PlatformError(
                ErrorCode.INVALID_REQUEST,
                f"the password needs at least {self.policy.password_min_length} characters",
            )
        if request.identifier in self._identifiers:
            raise PlatformError(ErrorCode.ACCOUNT_EXISTS, "there is already an account for this")
        self._check_registration_code(request.identifier, request.code)
        account = Account(self._new_id("acc"), request.identifier, channel, request.password)
        self._accounts[account.account_id] = account
        self._identifiers[account.identifier] = account.account_id
        return AccountCreated(account.account_id)

    def log_in(self, request: LogIn) -> SessionOpened:
        """Open a session, and remember *request.device_id* for push messages (IS-LOGIN-1)."""
        self._check_genuine(request.app)
        self._check_terms(request)
        account = self._authenticate(request.identifier, request.password)
        return self._open_session(account, ISMART_APP, request.device_id)

    # --- the rules, one place each ----------------------------------------------------------

    def _client_of(self, app: AppIdentity) -> Client | None:
        """What *app* is, if it is a genuine client of any brand (None if it is not)."""
        return GENUINE_CLIENTS.get(app)

    def _is_genuine(self, app: AppIdentity) -> bool:
        """Whether *app* is the official iSmart app of the official publisher (IS-APP-1)."""
        return app.name in GENUINE_APP_NAMES and app.publisher == GENUINE_PUBLISHER

    def _check_genuine(self, app: AppIdentity) -> None:
        if not self._is_genuine(app):
            raise PlatformError(ErrorCode.APP_NOT_GENUINE, f"install the app published by {GENUINE_PUBLISHER}")

    def _check_terms(self, request: LogIn) -> None:
        """Log-in needs the user agreement and the privacy policy accepted (IS-LOGIN-2)."""
        if not (request.accepted_terms and request.accepted_privacy):
            raise PlatformError(ErrorCode.TERMS_NOT_ACCEPTED, "accept the user agreement and the privacy policy")

    def _check_registration_code(self, identifier: str, code: str) -> None:
        """The registration code for *identifier* must be right, fresh and unused (IS-REG-3)."""
        self._registration_codes.check(("register", identifier), code, self.now)
