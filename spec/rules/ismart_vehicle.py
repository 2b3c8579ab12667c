"""MG iSmart: what the bound user does with the car from the app (manual section 5).

Only the bound user reads the car's status or commands it (D-SEC-1); the services are the
model's (IS-SVC-1), and a function whose own contract has expired stops (the MG manual names no
contract, so once the car's connected services expire any function may stop). The life of a command
after it is accepted is the brands' shared one (:mod:`spec.rules.commands`).
"""

from __future__ import annotations

from contract.messages import CommandQuery, RemoteCommand, Services, VehicleQuery
from spec.judge import Judge, Refuse, judges
from spec.model import Model
from spec.observations import Exchange
from spec.rules.commands import (
    SERVICE_OF,
    judge_command_status,
    judge_remote_command,
    judge_status_content,
    term_expired,
)
from spec.rules.ismart_state import ISMART, car_refusals, is_bound_user

NOT_BOUND = ("not_bound", "not_authorised")
CONNECTED_SERVICES = "connected_services"


def user_refusals(model: Model, token: str, vin: str) -> list[Refuse]:
    """The refusals of a call only car *vin*'s bound user may make (D-SEC-1, D-SEC-7)."""
    session = model.session(token)
    refusals = car_refusals(model, session, vin)
    if not refusals and session is not None and not is_bound_user(model, vin, session.account_id):
        refusals.append(Refuse("D-SEC-1", "only the car's bound user may use it", NOT_BOUND))
    return refusals


def service_refusals(model: Model, vin: str, service: str) -> list[Refuse]:
    """A service the car's model does not offer, or whose contract has expired, is refused."""
    if vin not in model.cars:
        return []
    if service not in model.services_of(vin):
        return [Refuse("IS-SVC-1", f"the car's model offers no {service}", ("service_not_available",))]
    if expired(model, vin, service):
        return [Refuse("IS-SVC-1", f"the contract for {service} has expired", ("service_expired",))]
    return []


def expired(model: Model, vin: str, service: str) -> bool:
    """Whether the contract for *service* itself of car *vin* has expired: the function stops."""
    return term_expired(model, vin, service)


def may_stop(model: Model, vin: str) -> tuple[str, ...]:
    """The MG manual names no contract: which functions the car's connected services cover is
    the platform's to say, so once they expire any function may stop (``service_expired``)."""
    return ("service_expired",) if term_expired(model, vin, CONNECTED_SERVICES) else ()


@judges("vehicle_status", brand=ISMART)
def vehicle_status(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-1, IS-SVC-1: the bound user reads the car's status, as its TCU last reported it."""
    request = exchange.request
    if not isinstance(request, VehicleQuery):
        return
    model = judge.model
    refusals = user_refusals(model, request.token, request.vin)
    if not refusals:
        refusals = service_refusals(model, request.vin, "vehicle_status")
    may = may_stop(model, request.vin)
    if judge.answer(exchange, refusals, requirement="IS-SVC-1", rule="vehicle status", may_refuse=may):
        judge_status_content(judge, exchange, "IS-SVC-1", "vehicle status")


@judges("list_services", brand=ISMART)
def list_services(judge: Judge, exchange: Exchange) -> None:
    """IS-SVC-1, D-SEC-1: the bound user sees the services the car's model offers."""
    request = exchange.request
    if not isinstance(request, VehicleQuery):
        return
    model = judge.model
    refusals = user_refusals(model, request.token, request.vin)
    if not judge.answer(exchange, refusals, requirement="IS-SVC-1", rule="list services"):
        return
    reply = exchange.reply
    if isinstance(reply, Services):
        offered = model.services_of(request.vin)
        running = {service for service in offered if not expired(model, request.vin, service)}
        if may_stop(model, request.vin):
            running = set()
        if not running <= set(reply.services) <= offered:
            judge.content(
                "IS-SVC-1", "list services", exchange, f"the car offers {sorted(offered)}, not {sorted(reply.services)}"
            )


@judges("remote_command", brand=ISMART)
def remote_command(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-1, IS-SVC-1, D-REL-1, D-REL-2: the bound user's command for a service the car
    offers is accepted and carried to the car once."""
    request = exchange.request
    if not isinstance(request, RemoteCommand):
        return
    model = judge.model
    refusals = user_refusals(model, request.token, request.vin)
    service = SERVICE_OF.get(request.command)
    may: tuple[str, ...] = ()
    if not refusals and service is not None:
        refusals = service_refusals(model, request.vin, service)
    elif service is None:
        may = ("service_not_available", "unknown_command")
    may += may_stop(model, request.vin)
    judge_remote_command(judge, exchange, refusals, requirement="D-REL-1", rule="remote command", may_refuse=may)


@judges("command_status", brand=ISMART)
def command_status(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-1, D-REL-1: the sender asks what became of a command."""
    if isinstance(exchange.request, CommandQuery):
        judge_command_status(judge, exchange, rule="command status")
