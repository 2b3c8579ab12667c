"""My Renault accounts: created from the web site or the app, confirmed by an e-mailed link,
and reached from both with the same credentials.

MR-ACC-1 (same credentials on web and app), MR-ACC-2 (create account), MR-ACC-3 (confirmation);
D-REL-3 (a lost confirmation e-mail is sent again on request, and only the newest link confirms).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import AppIdentity, LogIn, SessionOpened
from contract.myrenault import AccountConfirmed, AccountPending, ConfirmAccount, CreateAccount, ResendConfirmation
from contract.outbound import Email
from reference.access import MY_RENAULT
from reference.accounts import MY_RENAULT_PUBLISHER, AccountsMixin
from reference.records import Account, Client

CONFIRM_LINK = "https://renault-connect.renault.com/confirm/{token}"
"""Where the confirmation e-mail leads; the token is the last part of the path."""


class MyRenaultAccountsMixin(AccountsMixin):
    """Creating, confirming and logging in to My Renault accounts."""

    def create_account(self, request: CreateAccount) -> AccountPending:
        """Create an unconfirmed account for *request.email* and e-mail it the link that
        completes it (MR-ACC-2, MR-ACC-3)."""
        self._my_renault_client(request.client)
        if "@" not in request.email:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "give an e-mail address")
        if len(request.password) < self.policy.password_min_length:
            raise PlatformError(
                ErrorCode.INVALID_REQUEST,
                f"the password needs at least {self.policy.password_min_length} characters",
            )
        key = self._email_key(request.email)
        if key in self._my_renault_emails:
            raise PlatformError(ErrorCode.ACCOUNT_EXISTS, "there is already a My Renault account for this address")
        account = Account(
            self._new_id("acc"),
            request.email,
            "email",
            request.password,
            brand=MY_RENAULT,
            confirmed=False,
            first_name=request.first_name,
            last_name=request.last_name,
        )
        self._accounts[account.account_id] = account
        self._my_renault_emails[key] = account.account_id
        self._send_confirmation(account, self._new_confirmation_link(account))
        return AccountPending(account.account_id)

    def resend_confirmation(self, request: ResendConfirmation) -> AccountPending:
        """E-mail a pending account a new confirmation link, for a user whose e-mail was lost
        (D-REL-3); the link sent before stops confirming, so only the newest one does.

        The user proves the account is theirs with its password, as at log-in: an unknown
        address and a wrong password are refused alike, and nobody else can fill its inbox.
        """
        client = self._my_renault_client(request.client)
        account = self._authenticate_my_renault(request.email, request.password, client)
        if account.confirmed:
            raise PlatformError(ErrorCode.ACCOUNT_CONFIRMED, "this account is already complete: log in")
        self._send_confirmation(account, self._new_confirmation_link(account))
        return AccountPending(account.account_id)

    def confirm_account(self, request: ConfirmAccount) -> AccountConfirmed:
        """Complete the account whose confirmation link carries *request.token*; following the
        link again changes nothing (MR-ACC-3)."""
        account_id = self._confirmations.get(request.token)
        if account_id is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "this is not a confirmation link of ours")
        self._accounts[account_id].confirmed = True
        return AccountConfirmed(account_id)

    def log_in(self, request: LogIn) -> SessionOpened:
        """Open a session from the My Renault app or web site with the account's e-mail and
        password (MR-ACC-1), once the account is confirmed (MR-ACC-3); any other client logs
        in to iSmart.

        My Renault asks for no terms at log-in; *request.device_id* is remembered for push.
        """
        client = self._client_of(request.app)
        if client is None or client.brand != MY_RENAULT:
            return super().log_in(request)
        account = self._authenticate_my_renault(request.identifier, request.password, client)
        self._check_confirmed(account)
        return self._open_session(account, client, request.device_id)

    # --- the rules, one place each ----------------------------------------------------------

    def _my_renault_client(self, app: AppIdentity) -> Client:
        """What *app* is, if it is the genuine My Renault app or web site; else ``app_not_genuine``."""
        client = self._client_of(app)
        if client is None or client.brand != MY_RENAULT:
            raise PlatformError(
                ErrorCode.APP_NOT_GENUINE, f"use the My Renault app or web site published by {MY_RENAULT_PUBLISHER}"
            )
        return client

    def _email_key(self, email: str) -> str:
        """E-mail addresses compare without case or surrounding blanks."""
        return email.strip().lower()

    def _new_confirmation_link(self, account: Account) -> str:
        """A new token that confirms *account*, in place of any it had (one live link at a time)."""
        for token in [token for token, owner in self._confirmations.items() if owner == account.account_id]:
            del self._confirmations[token]
        token = self._random_hex(16)
        self._confirmations[token] = account.account_id
        return token

    def _send_confirmation(self, account: Account, token: str) -> None:
        """E-mail *account* the one link that confirms it (MR-ACC-3), in the body and as the e-mail's *link*."""
        link = CONFIRM_LINK.format(token=token)
        body = (
            f"Hello {account.first_name},\n\n"
            "To complete your My Renault account, follow this link:\n"
            f"{link}\n\n"
            "If you did not create an account, ignore this e-mail.\n"
        )
        self._out.email(Email(account.identifier, "Confirm your My Renault account", body, self.now, link=link))

    def _authenticate_my_renault(self, email: str, password: str, client: Client) -> Account:
        """The My Renault account of *email* if *password* is its password, from either
        *client* alike (MR-ACC-1); else ``bad_credentials``."""
        account_id = self._my_renault_emails.get(self._email_key(email))
        account = self._accounts.get(account_id) if account_id is not None else None
        if account is None or account.password != password:
            raise PlatformError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
        return account

    def _check_confirmed(self, account: Account) -> None:
        """An account whose e-mail link was not followed cannot be used yet (MR-ACC-3)."""
        if not account.confirmed:
            raise PlatformError(ErrorCode.ACCOUNT_NOT_CONFIRMED, "follow the link in the confirmation e-mail first")
