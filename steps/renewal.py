"""Steps for renewing a service before it expires, and the end date the renewal gives (MR-SVC-1).

"12 months" are twelve calendar months: the step computes the end date it expects from the
end date the app showed before the renewal, the same day of the month that many months later
(the last day of a shorter month), at the same time of day.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from contract.myrenault import Contract, Contracts
from core.verdicts import Inconclusive, RequirementViolation, expect
from steps import obligations
from steps.account_features import opens_contracts, renews, service_id
from steps.registry import then, when
from steps.support import accepted, app_of, established
from steps.support import car as vehicle_named
from twins.world import World


def calendar_months_after(moment: datetime, months: int) -> datetime:
    """*moment* moved *months* calendar months on, the day clipped to the length of the month."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def shown_contract(contracts: object, service: str) -> Contract | None:
    """The contract *service* among the *contracts* "My services" showed, if it was there."""
    return next((item for item in getattr(contracts, "contracts", []) if item.service == service), None)


@when(
    en='{user:User} renews "{service}" of {car:Car} for {months:d} months before it expires',
    da='{user:User} fornyer "{service}" for {car:Car} i {months:d} måneder, før den udløber',
    no='{user:User} fornyer "{service}" for {car:Car} i {months:d} måneder før den utløper',
)
def renews_before_expiry(world: World, user: str, service: str, car: str, months: int) -> None:
    """Open "My services", see the contract still active, and renew it from the store tab."""
    opens_contracts(world, user, car, "app")
    situation = f'the renewal of "{service}" before it expires'
    contracts = established(app_of(world, user).last, situation)
    shown = shown_contract(contracts, service_id(service))
    if shown is None or shown.state != "active":
        what = f'"My services" shows {shown}'
        if not sold_until_later(world, car, service_id(service)):
            raise Inconclusive(f"could not set up {situation}: {what}, and its term as sold has ended")
        raise obligations.broken(("MR-FEAT-1",), f"{what}, though its term as sold has not ended", situation)
    renews(world, user, service, car, months)


def sold_until_later(world: World, car: str, service: str) -> bool:
    """Whether the term of *service* that *car* was sold with ends after now."""
    terms = vehicle_named(world, car).record.contracts
    return any(term.service == service and term.expires_at > world.clock.now() for term in terms)


@then(
    en='the app of {user:User} shows "{service}" of {car:Car} ending {months:d} months after its previous end',
    da='appen hos {user:User} viser at "{service}" for {car:Car} udløber {months:d} måneder '
    "efter den tidligere slutdato",
    no='appen til {user:User} viser at "{service}" for {car:Car} utløper {months:d} måneder etter forrige sluttdato',
)
def ends_months_after_previous_end(world: World, user: str, service: str, car: str, months: int) -> None:
    """The renewal's answer and "My services" after it both show the end date *months* calendar
    months after the end "My services" showed before the renewal."""
    app, wanted = app_of(world, user), service_id(service)
    renewed = accepted(app.last, f'renewing "{service}"')
    before = [item for item in app.history[:-1] if isinstance(item, Contracts)]
    previous = shown_contract(before[-1], wanted) if before else None
    if previous is None:
        raise RequirementViolation(f'the app showed no end date of "{service}" before the renewal')
    expected = calendar_months_after(previous.expires_at, months)
    answered = getattr(renewed, "expires_at", None)
    expect(
        answered == expected,
        f"the renewal answers the end {answered}, not {expected} ({months} months after {previous.expires_at})",
    )
    opens_contracts(world, user, car, "app")
    listed = shown_contract(accepted(app.last, 'opening "My services"'), wanted)
    expect(
        listed is not None and listed.expires_at == expected and listed.state == "active",
        f'"My services" shows {listed}, not "{service}" active until {expected}',
    )
