"""Conformant variants of the reference platform: another choice where the manuals leave one open.

The reference writes its messages and trusts its dealers one way; a platform written from the
documents alone may choose another, and must pass all the same. Each variant is the reference
with one such choice made otherwise (a subclass; its docstring says which), and
``twinrig run --platform variant:<name>`` plays the suite against it. Unlike a mutant, a
variant breaks nothing: the suite proves itself by passing every scenario against each.
"""

from __future__ import annotations

from dataclasses import replace

from contract.capabilities import CapabilityDeclaration, MarketRule
from contract.errors import ErrorCode, PlatformError
from contract.messages import AuditQuery, AuditRecords, Channel, CodeSent, DealerForceUnbind, DealerUnbound
from contract.outbound import Email, Sms
from reference.declaration import DECLARATION
from reference.platform import ReferenceFactory, ReferencePlatform
from reference.records import Account

DEALER_BRAND = "ismart"
"""The network whose dealers may unbind MG cars."""


class QueryLinkPlatform(ReferencePlatform):
    """Plain-text messages without the structured fields: the confirmation link carries its
    token as a query parameter (``/confirm?token=...``), and the code sits in free text
    beside a date and a time."""

    def _send_code(self, to: str, channel: Channel, code: str) -> CodeSent:
        text = f"Your MG iSmart code is {code}. It was sent {self.now:%Y-%m-%d} at {self.now:%H:%M}."
        if channel == "sms":
            self._out.sms(Sms(to, text, self.now))
        else:
            self._out.email(Email(to, "Your code", text, self.now))
        return CodeSent(channel)

    def _send_confirmation(self, account: Account, token: str) -> None:
        body = (
            f"Hello {account.first_name},\n\n"
            f"please confirm your account: https://renault-connect.renault.com/confirm?token={token}&lang=en.\n"
            "Questions? See https://www.renault.example/help (support 2026).\n"
        )
        self._out.email(Email(account.identifier, "My Renault", body, self.now))


class HtmlMailPlatform(ReferencePlatform):
    """HTML e-mails without the structured fields: the confirmation link is an ``<a href>``
    (entities escaped) beside other links, and codes sit in styled markup."""

    def _send_code(self, to: str, channel: Channel, code: str) -> CodeSent:
        if channel == "sms":
            self._out.sms(Sms(to, f"MG iSmart: {code} is your code", self.now))
        else:
            body = (
                "<html><head><style>p { color: #336699; width: 600px }</style></head>"
                f"<body><p>Your code:</p><p><b>{code}</b></p><p>&copy; 2026 MG</p></body></html>"
            )
            self._out.email(Email(to, "Your code", body, self.now))
        return CodeSent(channel)

    def _send_confirmation(self, account: Account, token: str) -> None:
        body = (
            "<!DOCTYPE html><html><body>"
            f"<p>Hello {account.first_name},</p>"
            f'<p><a class="button" href="https://my.renault.example/account/activate?lang=no&amp;token={token}">'
            "Activate my account</a></p>"
            '<p><a href="https://www.renault.example/privacy">Privacy</a></p>'
            "</body></html>"
        )
        self._out.email(Email(account.identifier, "Activate your My Renault account", body, self.now))


class DealerRecordsPlatform(ReferencePlatform):
    """A dealer is checked against the platform's own records: only an approved dealer of the MG
    network provisioned through ``POST /test/dealers`` may unbind a car or read audit records."""

    def dealer_force_unbind(self, request: DealerForceUnbind) -> DealerUnbound:
        self._check_dealer(request.dealer_id)
        return super().dealer_force_unbind(request)

    def audit_records(self, request: AuditQuery) -> AuditRecords:
        self._check_dealer(request.dealer_id)
        return super().audit_records(request)

    def _check_dealer(self, dealer_id: str) -> None:
        book = self._dealers.get(dealer_id)
        if book is None or book.record.brand != DEALER_BRAND or not book.record.approved:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, f"{dealer_id!r} is no approved MG dealer")


DENMARK_FIRST = {"Megane E-Tech Electric": ["DK", "SE"], "Zoe": ["DK", "SE"], "Clio": ["DK"]}
"""Where :class:`FirstMarketForbidsHornPlatform` sells the Renaults."""


class FirstMarketForbidsHornPlatform(ReferencePlatform):
    """Renaults are sold in Denmark first, whose law excludes horn and lights, and in Sweden, not
    in Norway (the Clio in Denmark only): a car that must sound its horn is sold in Sweden, and
    a Clio that must is not applicable."""

    def declaration(self) -> CapabilityDeclaration:
        models = [replace(m, markets=DENMARK_FIRST.get(m.name, m.markets)) for m in DECLARATION.models]
        return replace(DECLARATION, models=models)


class HornForbiddenEverywherePlatform(ReferencePlatform):
    """The law of every market excludes horn and lights: each scenario that needs it of a car is
    not applicable (the one that shows the law removing it still runs)."""

    def declaration(self) -> CapabilityDeclaration:
        rules = [MarketRule(market, ["horn_and_lights"]) for market in ("DK", "NO", "SE")]
        return replace(DECLARATION, market_rules=rules)


VARIANTS: dict[str, type[ReferencePlatform]] = {
    "query-link": QueryLinkPlatform,
    "html-mail": HtmlMailPlatform,
    "dealer-records": DealerRecordsPlatform,
    "first-market-forbids-horn": FirstMarketForbidsHornPlatform,
    "horn-forbidden-everywhere": HornForbiddenEverywherePlatform,
}
"""Every conformant variant, by the name ``variant:<name>`` runs it under."""


def variant(name: str) -> ReferenceFactory:
    """The factory of the variant called *name*; :class:`KeyError` if none."""
    if name not in VARIANTS:
        raise KeyError(f"no variant {name!r}; known: {', '.join(VARIANTS)}")
    return ReferenceFactory(f"variant:{name}", VARIANTS[name])
