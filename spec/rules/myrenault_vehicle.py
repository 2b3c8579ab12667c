"""What a My Renault account does with its car: locate it, its information and E-guide, its
services, remote control (activated services, the PIN), and its contracts.

The manual (MR-FEAT-1): vehicle information, locating the parked car, horn and lights from a
distance, viewing and managing contracts and services, the E-guide, creating or changing the
PIN. Which functions a user gets depends on the car's equipment, its contracts and its country's
law (MR-FEAT-2); some exist only in the app (MR-FEAT-3: here, every function that reaches the
car or its connected services); remote control needs the services activated (MR-FEAT-4) and the
PIN (MR-PIN-1), which locks after a few wrong tries (D-SEC-2). A service that expires stops
every function it covers until renewed; "Renew" extends it by twelve calendar months (MR-SVC-1).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from contract.messages import CommandQuery, RemoteCommand, Services, VehicleQuery
from contract.myrenault import Contract, Contracts, EGuide, RenewService, SetPin, VehicleInfo
from spec.judge import Judge, Refuse, judges
from spec.model import Model
from spec.observations import Exchange
from spec.rules.commands import (
    judge_command_status,
    judge_remote_command,
    judge_status_content,
    register_right,
    set_term,
    term_of,
)
from spec.rules.myrenault_access import car_gate, session_gate
from spec.rules.myrenault_state import (
    BRAND,
    COMMAND_SERVICES,
    CONTRACT_COVERS,
    covering_contracts,
    months_later,
    state,
    unlock_if_due,
)

MONTHS_CERTAINLY_OFFERED = 12
"""The manual's renewal is twelve months; a platform may refuse to renew for more at once."""
CLOCK_SLACK = timedelta(seconds=1)
"""How far "now" as the platform read it may be from the exchange's instant (clock rounding)."""


def synchronised(model: Model, vin: str, account_id: str) -> bool:
    """Who may command a My Renault car: an account synchronised with it (MR-SYNC-1, D-SEC-1)."""
    return (account_id, vin) in state(model).synchronised


register_right(BRAND, synchronised)


def _query(exchange: Exchange) -> VehicleQuery | None:
    return exchange.request if isinstance(exchange.request, VehicleQuery) else None


@judges("vehicle_status", brand=BRAND)
def vehicle_status(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1, MR-SYNC-1, D-SEC-1, MR-FEAT-3: only a synchronised account locates the car, from the
    app; the place shown is where the car's TCU last said it is parked."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="locate", web="required")
    if gate.answer(judge, requirement="MR-FEAT-1", rule="locate the car") and not gate.refusals:
        judge_status_content(judge, exchange, "MR-FEAT-1", "locate the car")


def _offered(judge: Judge, vin: str) -> tuple[set[str], set[str]]:
    """What car *vin* must list and may list: it may list what it offers (its model, less its
    country's law); it must list those of them no contract is needed for, or whose contract runs
    (a car of a market its model is not declared for need list nothing)."""
    model = judge.model
    offered = model.services_of(vin)
    record = model.cars[vin]
    if not any(
        record.market in declared.markets
        for declared in model.declaration.models
        if (declared.brand, declared.name) == (record.brand, record.model)
    ):
        return set(), offered
    needs_contract = set().union(*CONTRACT_COVERS.values())
    must: set[str] = set()
    for service in offered:
        covering = covering_contracts(model, vin, service)
        if any(end > model.now for _, end in covering) or (not covering and service not in needs_contract):
            must.add(service)
    return must, offered


def _judge_listing(judge: Judge, exchange: Exchange, vin: str, listed: list[str], *, rule: str, complete: bool) -> None:
    must, offered = _offered(judge, vin)
    extra = sorted(set(listed) - offered)
    if extra:
        judge.content(
            "MR-FEAT-2", rule, exchange, f"lists {', '.join(extra)}, which the car's model or country does not offer"
        )
    missing = sorted(must - set(listed))
    if complete and missing:
        judge.content("MR-FEAT-2", rule, exchange, f"does not list {', '.join(missing)}, which the car offers")


@judges("list_services", brand=BRAND)
def list_services(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-2: the services listed for a car are those its model offers less what its country's
    law excludes (a service whose contract expired may be left out)."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, sync="may")
    if not gate.answer(judge, requirement="MR-FEAT-2", rule="list the services") or gate.refusals:
        return
    if isinstance(exchange.reply, Services):
        _judge_listing(judge, exchange, request.vin, exchange.reply.services, rule="list the services", complete=True)


@judges("vehicle_info", brand=BRAND)
def vehicle_info(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: the vehicle information is the car's own (VIN, model, plate, market); its
    services are only those the car offers (MR-FEAT-2)."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="vehicle_info", sync="may")
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="vehicle information") or gate.refusals:
        return
    reply, record = exchange.reply, judge.model.cars[request.vin]
    if isinstance(reply, VehicleInfo):
        shown = (reply.vin, reply.model, reply.plate, reply.market)
        if shown != (record.vin, record.model, record.plate, record.market):
            judge.content("MR-FEAT-1", "vehicle information", exchange, f"shows {shown} for the car {record.vin}")
        _judge_listing(judge, exchange, request.vin, reply.services, rule="vehicle information", complete=False)


@judges("e_guide", brand=BRAND)
def e_guide(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: the E-guide shown is the one of the car's model."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="e_guide", sync="may")
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="the E-guide") or gate.refusals:
        return
    model = judge.model.cars[request.vin].model
    if isinstance(exchange.reply, EGuide) and model not in exchange.reply.title:
        judge.content(
            "MR-FEAT-1", "the E-guide", exchange, f"the E-guide {exchange.reply.title!r} is not the {model}'s"
        )


@judges("activate_services", brand=BRAND)
def activate_services(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-4: the account's user activates the services of a car in the account."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, sync="may", web="may")
    if gate.answer(judge, requirement="MR-FEAT-4", rule="activate the services") and not gate.refusals:
        state(judge.model).activated.add((gate.account_id, request.vin))


@judges("set_pin", brand=BRAND)
def set_pin(judge: Judge, exchange: Exchange) -> None:
    """MR-PIN-1, D-SEC-2: the PIN is created once (no old PIN) and changed only with the old one; a
    wrong old PIN is ``pin_invalid`` and counts as a wrong try."""
    request = exchange.request
    if not isinstance(request, SetPin):
        return
    gate = session_gate(judge, exchange, request.token, web="may")
    pin = state(judge.model).pin_of(gate.account_id) if gate.session is not None else None
    if pin is not None:
        unlock_if_due(judge.model, pin)
    if pin is not None and not gate.refusals:
        if pin.pin and not request.old_pin:
            gate.refusals.append(
                Refuse(
                    "MR-PIN-1",
                    "a PIN exists: changing it needs the old one",
                    ("pin_required", "pin_invalid", "invalid_request"),
                )
            )
        elif pin.pin and request.old_pin != pin.pin:
            gate.refusals.append(Refuse("MR-PIN-1", "the old PIN typed is wrong", ("pin_invalid", "too_many_attempts")))
        elif not pin.pin and request.old_pin:
            gate.may.update({"pin_invalid", "invalid_request"})
        if pin.locked_seen or pin.wrong_total >= judge.model.bounds.pin_attempts[0]:
            gate.may.add("too_many_attempts")
    if not (request.new_pin.isdigit() and len(request.new_pin) == 4):
        gate.may.add("invalid_request")
    accepted = gate.answer(judge, requirement="MR-PIN-1", rule="create or change the PIN")
    if pin is None:
        return
    if not accepted and exchange.refusal in ("pin_invalid", "too_many_attempts") and request.old_pin != pin.pin:
        pin.wrong_total += 1
    if exchange.refusal == "too_many_attempts":
        pin.locked_seen = True
        pin.locked_at = pin.locked_at or exchange.at
    if accepted and not gate.refusals:
        pin.pin = request.new_pin
        pin.wrong_in_a_row.clear()


@judges("remote_command", brand=BRAND)
def remote_command(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1 and the conditions of remote control: from the app (MR-FEAT-3), by an account
    synchronised with the car (MR-SYNC-1, D-SEC-1), a service the car offers (MR-FEAT-2), the
    services activated (MR-FEAT-4), its contract running (MR-SVC-1), the right PIN (MR-PIN-1) with
    a few wrong tries at most (D-SEC-2)."""
    request = exchange.request
    if not isinstance(request, RemoteCommand):
        return
    service = COMMAND_SERVICES.get(request.command, "")
    gate = car_gate(
        judge,
        exchange,
        request.token,
        request.vin,
        service=service,
        web="required",
        activation="required",
        pin=request.pin,
    )
    if not service and not gate.refusals:
        gate.refusals.append(
            Refuse(
                "MR-FEAT-2", f"no service is the command {request.command!r}", ("unknown_command", "invalid_request")
            )
        )

    def follow(
        exchange: Exchange,
        refusals: Sequence[Refuse],
        *,
        requirement: str,
        rule: str,
        may_refuse: Collection[str] = (),
    ) -> bool:
        judge_remote_command(judge, exchange, refusals, requirement=requirement, rule=rule, may_refuse=may_refuse)
        return exchange.accepted

    gate.answer(judge, requirement="MR-FEAT-1", rule="remote control", by=follow)


@judges("command_status", brand=BRAND)
def command_status(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-1, D-REL-1: the sender asks what became of a command (the brand-neutral life)."""
    if isinstance(exchange.request, CommandQuery):
        judge_command_status(judge, exchange, rule="command status")


@judges("list_contracts", brand=BRAND)
def list_contracts(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-4, MR-SVC-1: "My services" shows an account synchronised with the car each contract
    with its end (renewals included), expired once its end has passed and active before."""
    request = _query(exchange)
    if request is None:
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="contracts", sync_requirement="MR-SYNC-4")
    if not gate.answer(judge, requirement="MR-SVC-1", rule="my services") or gate.refusals:
        return
    if isinstance(exchange.reply, Contracts):
        for contract in exchange.reply.contracts:
            _judge_contract(judge, exchange, request.vin, contract, "my services")


def _judge_contract(judge: Judge, exchange: Exchange, vin: str, contract: Contract, rule: str) -> None:
    end = term_of(judge.model, vin, contract.service)
    if end is None:
        return
    now = judge.model.now
    if contract.expires_at != end:
        judge.content(
            "MR-SVC-1",
            rule,
            exchange,
            f"{contract.service} ends {contract.expires_at.isoformat()}, not {end.isoformat()}",
        )
    if now != end and contract.state != ("expired" if now > end else "active"):
        judge.content(
            "MR-SVC-1", rule, exchange, f"{contract.service} is shown {contract.state}, but it ends {end.isoformat()}"
        )


def renewal_ends(old_end: datetime, now: datetime, months: int) -> set[datetime]:
    """The ends a renewal by *months* may give: twelve calendar months after the old end, and for a
    contract already expired, after now as well (MR-SVC-1)."""
    ends = months_later(old_end, months)
    if old_end <= now:
        ends |= months_later(now, months)
    return ends


@judges("renew_service", brand=BRAND)
def renew_service(judge: Judge, exchange: Exchange) -> None:
    """MR-SVC-1: "My services", "Renew" extends the contract by the calendar months asked (from its
    old end; a contract already expired may be counted from now), and the contract is active again."""
    request = exchange.request
    if not isinstance(request, RenewService):
        return
    gate = car_gate(
        judge, exchange, request.token, request.vin, service="contracts", sync_requirement="MR-SYNC-4", web="may"
    )
    old_end = term_of(judge.model, request.vin, request.service)
    if not gate.refusals and (old_end is None or request.months <= 0):
        gate.refusals.append(Refuse("MR-SVC-1", "there is no such contract to renew, or no months to renew it by"))
    if request.months > MONTHS_CERTAINLY_OFFERED:
        gate.may.add("invalid_request")
    if not gate.answer(judge, requirement="MR-SVC-1", rule="renew") or gate.refusals or old_end is None:
        return
    allowed = renewal_ends(old_end, exchange.at, request.months)
    reply = exchange.reply
    new_end = min(allowed)
    if isinstance(reply, Contract):
        new_end = reply.expires_at  # judged once here; what the platform keeps is judged against its own answer
        if not any(abs(reply.expires_at - end) <= CLOCK_SLACK for end in allowed):
            shown = ", ".join(sorted(end.isoformat() for end in allowed))
            judge.content("MR-SVC-1", "renew", exchange, f"renewed to {reply.expires_at.isoformat()}, not {shown}")
        if reply.service != request.service or reply.state != "active":
            judge.content("MR-SVC-1", "renew", exchange, f"the renewed contract is {reply.service} {reply.state}")
    set_term(judge.model, request.vin, request.service, new_end)
