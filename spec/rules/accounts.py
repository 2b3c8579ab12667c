"""Accounts: the genuine app, registration with a verification code, log-in, support.

``send_registration_code`` and ``register`` are MG iSmart's (IS-REG-1..3, D-SEC-2; My Renault
creates accounts with ``create_account``, judged by its own rules); ``log_in`` and
``support_contact`` serve both brands: a log-in opens a session of the app's brand, on the web
site's channel for a brand's web site, for an account that brand's app or site made (and, for
My Renault, confirmed: MR-ACC-3).
"""

from __future__ import annotations

from contract.messages import (
    AccountCreated,
    AppIdentity,
    CodeSent,
    LogIn,
    Register,
    SendRegistrationCode,
    SessionOpened,
    SupportContact,
    SupportQuery,
)
from spec.judge import Judge, Refuse, judges
from spec.model import Account, Allowed, Owed, Session, brand_of_app
from spec.observations import Exchange
from spec.rules.ismart_state import ISMART, Codes, codes_in_message, is_email, is_phone, ismart_of
from spec.violations import Expectation

SUPPORT_ADDRESS = "mg.europe@ismart-service.com"
"""Where "Contact Us" writes (IS-CONTACT-1)."""
WEB_SITES = {"renault-connect.renault.com"}
"""The brands' web sites: a log-in from one opens a web session (MR-ACC-1, MR-FEAT-3)."""


def genuine(app: AppIdentity) -> list[Refuse]:
    """IS-APP-1: a client no brand published is refused ``app_not_genuine``."""
    if brand_of_app(app):
        return []
    return [Refuse("IS-APP-1", f"{app.publisher!r} publishes no genuine app", ("app_not_genuine",))]


@judges("send_registration_code")
def send_registration_code(judge: Judge, exchange: Exchange) -> None:
    """IS-REG-1, IS-REG-2, IS-APP-1, D-REL-3: "Send" with a phone number or an e-mail address
    sends a verification code by SMS or e-mail, every time it is pressed."""
    request = exchange.request
    if not isinstance(request, SendRegistrationCode):
        return
    brand = brand_of_app(request.app)
    if brand not in ("", ISMART):
        return
    model = judge.model
    refusals = genuine(request.app)
    identifier = request.identifier
    if not (is_phone(identifier) or is_email(identifier)):
        refusals.append(Refuse("IS-REG-1", f"{identifier!r} is neither a phone number nor an e-mail address"))
    exists = (ISMART, identifier) in model.accounts
    if not judge.answer(
        exchange, refusals, requirement="IS-REG-2", rule="send registration code", may_refuse=("account_exists",)
    ):
        return
    channel = "sms" if is_phone(identifier) else "email"
    reply = exchange.reply
    if isinstance(reply, CodeSent) and reply.channel != channel:
        judge.content("IS-REG-2", "send registration code", exchange, f"a code for {identifier} goes by {channel}")
    model.addresses.add(identifier)
    codes = ismart_of(model).registrations.setdefault(identifier, Codes())
    sent_at = exchange.at

    def learnt(message: object) -> None:
        found = codes_in_message(message)
        if len(set(found)) != 1:
            judge.violation(
                "IS-REG-2",
                "registration code message",
                f"the message to {identifier} carries {len(set(found))} codes, not one",
                None,
                Expectation("content", detail="one verification code"),
            )
        for code in dict.fromkeys(found):
            codes.issue(code, sent_at)

    if exists:
        model.allow(Allowed(channel, identifier, exchange.at + model.bounds.message_within, once=True))
        return
    requirement = "D-REL-3" if codes.asked else "IS-REG-2"
    codes.asked += 1
    model.owe(
        Owed(
            channel,
            identifier,
            exchange.at + model.bounds.message_within,
            requirement,
            "send registration code",
            f"a verification code for {identifier}",
            paid=learnt,
        )
    )


def code_refusals(
    judge: Judge, codes: Codes | None, code: str, purpose: str, requirement: str
) -> tuple[list[Refuse], tuple[str, ...], bool]:
    """The refusals a verification *code* meets, what the platform may refuse besides, and
    whether it is the right code (D-SEC-2: single use, expiry, a few wrong attempts)."""
    model = judge.model
    bounds = model.bounds
    refusals: list[Refuse] = []
    may: tuple[str, ...] = ()
    issued = codes.find(code) if codes is not None else None
    if issued is not None and issued.void:
        # the vendor guide: a code used in an ended binding stays ``code_used``
        codes_of_void = ("code_used",) if issued.used else ("code_invalid", "code_expired", "code_used")
        refusals.append(Refuse("D-SEC-2", f"the codes for {purpose} belong to an ended binding", codes_of_void))
        return refusals, may, issued is not None
    if codes is not None and codes.codes and model.now - codes.codes[-1].sent_at > bounds.code_lifetime[0]:
        may += ("code_expired",)  # the code sent has perhaps expired: a platform may say so first
    low, high = bounds.wrong_attempts
    if codes is None or issued is None:
        answers: tuple[str, ...] = ("code_invalid", "too_many_attempts")
        if codes is not None and low == high:
            # a declared limit: the wrong try that reaches it locks the code, none before it does
            answers = ("too_many_attempts",) if codes.wrong_since_newest + 1 >= high else ("code_invalid",)
        refusals.append(Refuse(requirement, f"{code!r} is not a code sent for {purpose}", answers))
        return refusals, may, False
    age = model.now - issued.sent_at
    if issued.used:
        refusals.append(
            Refuse("D-SEC-2", f"the code for {purpose} was used already", ("code_used", "code_invalid", "code_expired"))
        )
    if age > bounds.code_lifetime[1]:
        refusals.append(Refuse("D-SEC-2", f"the code for {purpose} is {age} old", ("code_expired", "code_invalid")))
    elif age > bounds.code_lifetime[0]:
        may += ("code_expired", "code_invalid")
    if issued is not codes.codes[-1]:
        may += ("code_invalid", "code_expired", "code_used")
    if codes.wrong_since_newest >= high:
        refusals.append(
            Refuse(
                "D-SEC-2", f"{codes.wrong_since_newest} wrong codes were tried for {purpose}", ("too_many_attempts",)
            )
        )
    elif low != high and (codes.wrong >= low or codes.locked):
        may += ("too_many_attempts",)  # undeclared: the platform's limit may lie anywhere in the range
    return refusals, may, True


def count_attempt(codes: Codes | None, right: bool, exchange: Exchange) -> None:
    """Learn from a refused or accepted attempt with a code."""
    if codes is None:
        return
    if exchange.refusal == "too_many_attempts":
        codes.locked = True
    if not right:
        codes.wrong += 1
    if exchange.refusal in ("code_invalid", "too_many_attempts"):
        codes.wrong_since_newest += 1  # a wrong try of the newest code, as the platform counted it


@judges("register")
def register(judge: Judge, exchange: Exchange) -> None:
    """IS-REG-3, D-SEC-2, IS-APP-1: the code that was sent, and a password of the user's choice,
    create the account; a wrong, used or expired code does not."""
    request = exchange.request
    if not isinstance(request, Register):
        return
    brand = brand_of_app(request.app)
    if brand not in ("", ISMART):
        return
    model = judge.model
    refusals = genuine(request.app)
    codes = ismart_of(model).registrations.get(request.identifier)
    found, may, right = code_refusals(judge, codes, request.code, f"registering {request.identifier}", "IS-REG-3")
    refusals += found
    if (ISMART, request.identifier) in model.accounts:
        refusals.append(
            Refuse(
                "IS-REG-1",
                f"{request.identifier} has an account already",
                ("account_exists", "code_used", "code_invalid"),
            )
        )
    accepted = judge.answer(
        exchange,
        refusals,
        requirement="IS-REG-3",
        rule="register",
        may_refuse=(*may, "invalid_request") if not request.password else may,
    )
    if not accepted:
        if brand_of_app(request.app):
            count_attempt(codes, right, exchange)
        return
    reply = exchange.reply
    account_id = reply.account_id if isinstance(reply, AccountCreated) else ""
    model.accounts[ISMART, request.identifier] = Account(request.identifier, request.password, ISMART, account_id)
    if codes is not None:
        issued = codes.find(request.code)
        if issued is not None:
            issued.used = True


@judges("log_in")
def log_in(judge: Judge, exchange: Exchange) -> None:
    """IS-LOGIN-1, IS-LOGIN-2, IS-APP-1, MR-ACC-1, MR-ACC-3, D-SEC-7: the identifier and password
    of an account the app's brand made open a session; iSmart asks for the user agreement and
    the privacy policy; a My Renault account works on the app and the web site alike once
    confirmed."""
    request = exchange.request
    if not isinstance(request, LogIn):
        return
    model = judge.model
    brand = brand_of_app(request.app)
    web = request.app.name in WEB_SITES
    requirement = "MR-ACC-1" if brand == "myrenault" else "IS-LOGIN-1"
    refusals = genuine(request.app)
    account = model.accounts.get((brand, request.identifier)) if brand else None
    if brand and account is None:
        others = [key for key in model.accounts if key[1] == request.identifier and key[0] != brand]
        if others:
            refusals.append(Refuse("D-SEC-7", f"{request.identifier}'s account belongs to another brand's app"))
        else:
            refusals.append(Refuse(requirement, f"no account {request.identifier}", ("bad_credentials",)))
    elif account is not None and account.password != request.password:
        refusals.append(Refuse(requirement, "the password is wrong", ("bad_credentials",)))
    if brand == ISMART and not (request.accepted_terms and request.accepted_privacy):
        refusals.append(
            Refuse("IS-LOGIN-2", "the user agreement and privacy policy were not accepted", ("terms_not_accepted",))
        )
    if brand == "myrenault" and account is not None and not account.confirmed and account.password == request.password:
        refusals.append(
            Refuse("MR-ACC-3", "the account's confirmation link was never followed", ("account_not_confirmed",))
        )
    if not judge.answer(exchange, refusals, requirement=requirement, rule="log in"):
        return
    reply = exchange.reply
    if not isinstance(reply, SessionOpened) or account is None:
        return
    if account.account_id and reply.account_id != account.account_id:
        judge.content(
            requirement,
            "log in",
            exchange,
            f"{request.identifier} logged in as {reply.account_id}, not {account.account_id}",
        )
    if not account.account_id:
        account.account_id = reply.account_id
    model.sessions[reply.token] = Session(
        reply.token, reply.account_id, brand, "web" if web else "app", request.device_id
    )
    model.addresses.add(request.device_id)


@judges("support_contact")
def support_contact(judge: Judge, exchange: Exchange) -> None:
    """IS-CONTACT-1: "Contact Us" writes to mg.europe@ismart-service.com; "Feedback" is in the menu."""
    request = exchange.request
    if not isinstance(request, SupportQuery) or brand_of_app(request.app) != ISMART:
        return
    if not judge.answer(exchange, [], requirement="IS-CONTACT-1", rule="support contact"):
        return
    reply = exchange.reply
    if not isinstance(reply, SupportContact):
        return
    if reply.email != SUPPORT_ADDRESS:
        judge.content(
            "IS-CONTACT-1", "support contact", exchange, f"'Contact Us' writes to {reply.email}, not {SUPPORT_ADDRESS}"
        )
    if not any(item.lower() == "feedback" for item in reply.menu):
        judge.content("IS-CONTACT-1", "support contact", exchange, f"the support menu {reply.menu} has no 'Feedback'")
