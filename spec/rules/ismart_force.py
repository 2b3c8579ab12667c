"""MG iSmart: unbinding the previous user (manual section 8).

A new user, logged in to the car's head unit (D-SEC-6), presses "Force unbinding" and confirms
that a push goes to the previous user (IS-FORCE-1, IS-FORCE-2). Agree completes the unbinding at
once (IS-FORCE-3); silence completes it exactly 72 hours after the request (IS-FORCE-4); Reject
keeps the binding (IS-FORCE-5). When it completes, the new user is told (IS-FORCE-7). Only the
previous user answers, and an answer to an ended request changes nothing (D-SEC-4). Asking again
for an open request answers the same request and pushes again (D-REL-3).
"""

from __future__ import annotations

from contract.messages import AnswerForceUnbind, ForceUnbindAnswered, ForceUnbindPending, RequestForceUnbind
from spec.judge import Judge, Refuse, judges
from spec.model import Model, Owed
from spec.observations import Exchange
from spec.rules.ismart_state import ForceRequest, allow_pushes, car_refusals, end_binding, ismart_of, push_of


def owe_push(
    model: Model, account_id: str, kind: str, request_id: str, *, requirement: str, rule: str, detail: str
) -> None:
    """*account_id* must get a push of *kind* about *request_id* soon, at least on the device it
    logged in from last (an earlier session may have ended: the manuals leave that open); its
    other devices may get it too. A platform that declares ``push_to`` is held to it: every
    device of a live session must get it (``all_devices``), or only the last one may
    (``last_device``)."""
    devices = [session.device_id for session in model.sessions_of(account_id)]
    if not devices:
        return
    push_to = model.declaration.values.push_to
    for device in devices if push_to == "all_devices" else devices[-1:]:
        model.owe(
            Owed(
                "push",
                device,
                model.now + model.bounds.message_within,
                requirement,
                rule,
                detail,
                matches=push_of(kind, request_id),
            )
        )
    if push_to != "last_device":
        allow_pushes(model, account_id, kind, request_id)


def complete(judge: Judge, request: ForceRequest, reason: str) -> None:
    """*request* completes (*reason*: IS-FORCE-3 Agree, IS-FORCE-4 silence): the binding ends and
    the new user is told (IS-FORCE-7)."""
    model = judge.model
    request.state = "completed"
    end_binding(model, request.vin, reason)
    allow_pushes(model, request.previous, "force_unbind_completed", request.request_id)
    owe_push(
        model,
        request.requester,
        "force_unbind_completed",
        request.request_id,
        requirement="IS-FORCE-7",
        rule="force unbinding completed",
        detail=f"the new user is told that the unbinding of car {request.vin} is complete",
    )
    close_requests(judge, request.vin, "IS-FORCE-7")


def close_requests(judge: Judge, vin: str, requirement: str) -> None:
    """The binding of car *vin* ended: every request still open for it ends, and its new user is
    told the car is free (*requirement*)."""
    model = judge.model
    for request in ismart_of(model).open_requests(vin):
        request.state = "closed"
        owe_push(
            model,
            request.requester,
            "force_unbind_completed",
            request.request_id,
            requirement=requirement,
            rule="force unbinding ended",
            detail=f"the new user is told that car {vin} is unbound",
        )


def silence(judge: Judge, request: ForceRequest) -> None:
    """IS-FORCE-4: the deadline of *request* has come; if it is still open, it completes."""
    if request.state == "open":
        complete(judge, request, "IS-FORCE-4")


@judges("request_force_unbind")
def request_force_unbind(judge: Judge, exchange: Exchange) -> None:
    """IS-FORCE-1, IS-FORCE-2, IS-FORCE-4, D-SEC-6, D-REL-3: a new user logged in to a bound
    car's head unit asks, confirming the push; the previous user gets it; the request completes
    exactly 72 hours later unless answered."""
    request = exchange.request
    if not isinstance(request, RequestForceUnbind):
        return
    model = judge.model
    part = ismart_of(model)
    session = model.session(request.token)
    refusals = car_refusals(model, session, request.vin)
    account_id = session.account_id if session is not None else ""
    car = part.cars.get(request.vin)
    may: tuple[str, ...] = ()
    mine = [r for r in part.open_requests(request.vin) if r.requester == account_id]
    if not refusals:
        if car is None or not car.bound:
            refusals.append(Refuse("IS-FORCE-1", "nobody is bound to the car", ("not_bound",)))
        elif car.bound == account_id:
            refusals.append(Refuse("IS-FORCE-1", "the bound user cannot force-unbind themself"))
        elif car.logged_in != account_id:
            if account_id in car.earlier:
                may += ("not_authorised", "not_bound")
            else:
                refusals.append(Refuse("D-SEC-6", "only a user logged in to the car's head unit may ask"))
        if not request.push_confirmed:
            refusals.append(Refuse("IS-FORCE-2", "the new user did not confirm the push", ("confirmation_required",)))
        others = [r for r in part.open_requests(request.vin) if r.requester != account_id]
        binding = car.binding if car is not None else 0
        rejected = [
            r for r in part.requests.values() if r.vin == request.vin and r.state == "rejected" and r.binding == binding
        ]
        if others or rejected:
            may += ("already_bound", "unbinding_rejected", "not_authorised", "request_closed", "invalid_request")
    if not judge.answer(exchange, refusals, requirement="IS-FORCE-1", rule="request force unbind", may_refuse=may):
        return
    reply = exchange.reply
    if not isinstance(reply, ForceUnbindPending) or car is None:
        return
    if mine:
        earlier = mine[0]
        if reply.request_id != earlier.request_id:
            judge.content(
                "D-REL-2",
                "request force unbind",
                exchange,
                f"asking again answered a new request, not {earlier.request_id}",
            )
        owe_push(
            model,
            earlier.previous,
            "force_unbind_request",
            earlier.request_id,
            requirement="D-REL-3",
            rule="request force unbind",
            detail="asking again pushes the request to the previous user again",
        )
        return
    deadline = exchange.at + model.bounds.force_unbind_after
    if reply.completes_at != deadline:
        judge.content(
            "IS-FORCE-4",
            "request force unbind",
            exchange,
            f"the request completes at {reply.completes_at.isoformat()}, not 72 hours later ({deadline.isoformat()})",
        )
    if reply.request_id in part.requests:
        judge.content("D-SEC-4", "request force unbind", exchange, f"request id {reply.request_id} was given before")
        return
    force = ForceRequest(
        reply.request_id, request.vin, account_id, car.bound, exchange.at, deadline, binding=car.binding
    )
    part.requests[force.request_id] = force
    car.reason = "IS-FORCE-4"
    owe_push(
        model,
        force.previous,
        "force_unbind_request",
        force.request_id,
        requirement="IS-FORCE-2",
        rule="request force unbind",
        detail=f"the previous user of car {request.vin} gets the force-unbinding request",
    )
    model.at(deadline, lambda: silence(judge, force))


def retried(judge: Judge, exchange: Exchange, force: ForceRequest) -> None:
    """D-REL-2, D-SEC-4: the previous user's answer again, as the request ended: it may answer as
    before, and changes nothing."""
    codes = ("request_closed", "unbinding_rejected")
    if not judge.answer(exchange, [], requirement="D-REL-2", rule="answer force unbind (a retry)", may_refuse=codes):
        return
    reply = exchange.reply
    outcome = "completed" if force.state == "completed" else "rejected"
    if isinstance(reply, ForceUnbindAnswered) and reply.outcome != outcome:
        judge.content("D-SEC-4", "answer force unbind", exchange, f"the request ended {outcome}, not {reply.outcome}")


@judges("answer_force_unbind")
def answer_force_unbind(judge: Judge, exchange: Exchange) -> None:
    """IS-FORCE-3, IS-FORCE-5, D-SEC-4: the previous user's Agree completes the unbinding at
    once, Reject keeps the binding for good; nobody else may answer, nor anyone once the request
    has ended."""
    request = exchange.request
    if not isinstance(request, AnswerForceUnbind):
        return
    model = judge.model
    part = ismart_of(model)
    session = model.session(request.token)
    force = part.requests.get(request.request_id)
    refusals: list[Refuse] = []
    if session is None:
        refusals.append(Refuse("D-SEC-4", "the caller is not logged in", ("not_authenticated",)))
    if force is None:
        refusals.append(
            Refuse(
                "D-SEC-4", f"no request {request.request_id}", ("request_closed", "invalid_request", "not_authorised")
            )
        )
    else:
        if session is not None and session.account_id != force.previous:
            refusals.append(Refuse("D-SEC-4", "only the previous user may answer", ("not_authorised",)))
        ended_so = {"completed": "agree", "rejected": "reject"}.get(force.state)
        again = session is not None and session.account_id == force.previous and ended_so == request.answer
        if force.state != "open" and again:
            retried(judge, exchange, force)
            return
        if force.state != "open":
            refusals.append(
                Refuse("D-SEC-4", f"the request has ended ({force.state})", ("request_closed", "unbinding_rejected"))
            )
    requirement = "IS-FORCE-3" if request.answer == "agree" else "IS-FORCE-5"
    if not judge.answer(exchange, refusals, requirement=requirement, rule="answer force unbind"):
        return
    if force is None or refusals:
        return  # D-SEC-4: an answer nobody may give changes nothing
    reply = exchange.reply
    outcome = "completed" if request.answer == "agree" else "rejected"
    if isinstance(reply, ForceUnbindAnswered) and reply.outcome != outcome:
        judge.content(requirement, "answer force unbind", exchange, f"{request.answer!r} answered {reply.outcome!r}")
    if request.answer == "agree":
        complete(judge, force, "IS-FORCE-3")
    else:
        force.state = "rejected"
        ismart_of(model).car(force.vin).reason = "IS-FORCE-5"
        allow_pushes(model, force.requester, "force_unbind_rejected", force.request_id)
