"""My Renault accounts: created on the web site or in the app, completed by the e-mailed link.

The manual: "Create account" on the web site or "Register" in the app with the information
asked for (MR-ACC-2); a confirmation e-mail goes to the address given, and the account is
complete once the link in it is followed (MR-ACC-3); the same user name and password work on
the web site and in the app (MR-ACC-1, judged at log-in). A lost or late e-mail leaves the
platform consistent: the user asks for it again, a new link comes, and only the newest link
confirms (D-REL-3). The links are learnt from the e-mails the platform sends: a link's token is
what follows ``/confirm/`` in it (else its last path segment).
"""

from __future__ import annotations

from contract.messages import AppIdentity
from contract.myrenault import AccountConfirmed, AccountPending, ConfirmAccount, CreateAccount, ResendConfirmation
from contract.outbound import Email
from contract.reading import links_of
from spec.judge import Judge, Refuse, judges
from spec.model import Account, Allowed, Model, Owed, brand_of_app
from spec.observations import Exchange
from spec.rules.myrenault_state import BRAND, state

LINK_LIFETIME_AT_LEAST = 24 * 3600.0
"""Seconds a confirmation link must keep working: the manual names no expiry, and an e-mail
hours late must still complete the account (D-REL-3). A day is certainly allowed."""


def _has_link(message: object) -> bool:
    return isinstance(message, Email) and bool(links_of(message))


def owe_link(
    judge: Judge, exchange: Exchange, email: str, *, requirement: str, rule: str, detail: str, also: str = ""
) -> None:
    """The platform owes an e-mail with a link to *email* (or to *also*, the address as typed)."""
    due = exchange.at + judge.model.bounds.message_within
    recipients = frozenset({also} - {"", email})
    judge.model.owe(Owed("email", email, due, requirement, rule, detail, _has_link, recipients=recipients))


CLIENT_NAMES = frozenset({"My Renault", "renault-connect.renault.com"})
"""The names of My Renault's own app and web site: another client of the same publisher may be refused."""
PASSWORD_CERTAINLY_LONG_ENOUGH = 12
"""The manual leaves the required information to the platform: a shorter password may be refused."""


def find_account(model: Model, email: str) -> tuple[Account | None, bool]:
    """The My Renault account of *email*, and whether the address is exactly its own (an address
    that differs only in case may be taken for the same account, or not)."""
    exact = model.accounts.get((BRAND, email))
    if exact is not None:
        return exact, True
    for (brand, identifier), account in model.accounts.items():
        if brand == BRAND and identifier.casefold() == email.casefold():
            return account, False
    return None, False


def client_refusals(client: AppIdentity, gate_may: set[str]) -> list[Refuse]:
    """MR-ACC-2: only My Renault's app or web site; another client of its publisher may be refused."""
    if brand_of_app(client) != BRAND:
        return [Refuse("MR-ACC-2", "the client is not My Renault's app or web site", ("app_not_genuine",))]
    if client.name not in CLIENT_NAMES:
        gate_may.add("app_not_genuine")
    return []


@judges("create_account")
def create_account(judge: Judge, exchange: Exchange) -> None:
    """MR-ACC-2, MR-ACC-3: a genuine client creates an account for an unused address; a
    confirmation e-mail with a link goes to that address; the account is not complete yet."""
    request = exchange.request
    if not isinstance(request, CreateAccount):
        return
    model = judge.model
    may: set[str] = set()
    refusals = client_refusals(request.client, may)
    existing, exact = find_account(model, request.email)
    if not refusals and existing is not None:
        if exact:
            refusals.append(Refuse("MR-ACC-2", "an account with this address exists", ("account_exists",)))
        else:
            may.add("account_exists")
    _, _, domain = request.email.partition("@")
    if (
        "." not in domain
        or len(request.password) < PASSWORD_CERTAINLY_LONG_ENOUGH
        or not (request.first_name and request.last_name)
    ):
        may.add("invalid_request")
    if refusals and may:
        refusals.append(Refuse(refusals[0].requirement, "the manual leaves this open", tuple(sorted(may))))
    accepted = judge.answer(exchange, refusals, requirement="MR-ACC-2", rule="create account", may_refuse=may)
    if not accepted or refusals:
        return
    reply = exchange.reply
    account_id = reply.account_id if isinstance(reply, AccountPending) else ""
    model.accounts[BRAND, request.email] = Account(request.email, request.password, BRAND, account_id, False)
    model.addresses.add(request.email)
    state(model)  # the part that learns the links from the e-mails
    owe_link(
        judge,
        exchange,
        request.email,
        requirement="MR-ACC-2",
        rule="create account",
        detail="the confirmation e-mail with its link",
    )


def credential_refusals(account: Account | None, exact: bool, password: str, may: set[str]) -> list[Refuse]:
    """Asking again with an address and password: none of an account (``bad_credentials``), an
    account complete already (``account_confirmed``); the address in other letters may be either."""
    if account is None or account.password != password:
        return [Refuse("D-REL-3", "no account has this address and password", ("bad_credentials",))]
    if not exact:
        may.add("bad_credentials")
        if account.confirmed:
            return [Refuse("MR-ACC-3", "the account is complete already", ("account_confirmed", "bad_credentials"))]
        return []
    if account.confirmed:
        return [Refuse("MR-ACC-3", "the account is complete already", ("account_confirmed",))]
    return []


@judges("resend_confirmation")
def resend_confirmation(judge: Judge, exchange: Exchange) -> None:
    """D-REL-3, MR-ACC-3: asking again for the confirmation e-mail of a pending account, with its
    address and password, sends a new link, and the links sent before stop confirming; an unknown
    address or wrong password is ``bad_credentials``, a complete account ``account_confirmed``."""
    request = exchange.request
    if not isinstance(request, ResendConfirmation):
        return
    model = judge.model
    may: set[str] = set()
    refusals = client_refusals(request.client, may)
    account, exact = find_account(model, request.email)
    genuine = not refusals
    if genuine:
        refusals = credential_refusals(account, exact, request.password, may)
    own_credentials = account is not None and exact and account.password == request.password
    if genuine and own_credentials and exchange.refusal == "bad_credentials":
        judge.content(
            "MR-ACC-1", "send the e-mail again", exchange, "the account's own address and password were refused"
        )
        return
    accepted = judge.answer(exchange, refusals, requirement="D-REL-3", rule="send the e-mail again", may_refuse=may)
    if not accepted or refusals or account is None:
        return
    reply = exchange.reply
    if isinstance(reply, AccountPending) and account.account_id and reply.account_id != account.account_id:
        judge.content("D-REL-3", "send the e-mail again", exchange, "the reply names another account")
    for link in state(model).links.values():
        if link.identifier == account.identifier:
            link.superseded = True
    owe_link(
        judge,
        exchange,
        account.identifier,
        requirement="D-REL-3",
        rule="send the e-mail again",
        detail="the new confirmation e-mail",
        also=request.email,
    )


@judges("confirm_account")
def confirm_account(judge: Judge, exchange: Exchange) -> None:
    """MR-ACC-3, D-REL-3: the newest link e-mailed to a pending account completes it (for at least a
    day: an e-mail hours late still works); a link sent before the user asked again, or a link no
    e-mail carried, confirms nothing. Following a link of a complete account again may be either."""
    request = exchange.request
    if not isinstance(request, ConfirmAccount):
        return
    model = judge.model
    link = state(model).links.get(request.token)
    account = model.accounts.get((BRAND, link.identifier)) if link is not None else None
    refusals: list[Refuse] = []
    may: tuple[str, ...] = ()
    if link is None or account is None:
        refusals.append(Refuse("MR-ACC-3", "no confirmation e-mail carried this link"))
    elif account.confirmed:
        may = ("account_confirmed", "invalid_request", "code_used", "code_invalid", "code_expired")
    elif link.superseded:
        refusals.append(Refuse("D-REL-3", "the user asked for a new e-mail since this link was sent"))
    elif (exchange.at - link.sent_at).total_seconds() > LINK_LIFETIME_AT_LEAST:
        may = ("code_expired", "invalid_request")
    late = link is not None and exchange.at - link.sent_at > model.bounds.message_within
    requirement = "D-REL-3" if late else "MR-ACC-3"  # a late e-mail must still complete the account
    accepted = judge.answer(exchange, refusals, requirement=requirement, rule="follow the link", may_refuse=may)
    if not accepted or account is None or refusals:
        return
    reply = exchange.reply
    if isinstance(reply, AccountConfirmed) and account.account_id and reply.account_id != account.account_id:
        judge.content("MR-ACC-3", "follow the link", exchange, "the link completed another account")
    account.confirmed = True
    welcome = Allowed("email", account.identifier, exchange.at + model.bounds.message_within, once=True)
    model.allow(welcome)  # "your account is complete": the manual neither asks for it nor forbids it
