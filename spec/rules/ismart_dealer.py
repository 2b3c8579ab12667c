"""MG iSmart: the dealer's forced unbinding (manual section 8, step 5) and its audit record.

The new user documents ownership of the car at an MG dealer, who can then unbind it
(IS-FORCE-6); it needs evidence naming the car itself, and leaves an audit record (D-SEC-5).
"""

from __future__ import annotations

from contract.messages import AuditQuery, AuditRecords, DealerForceUnbind, DealerUnbound
from spec.judge import Judge, Refuse, judges
from spec.observations import Exchange
from spec.rules.ismart_force import close_requests
from spec.rules.ismart_state import ISMART, Audit, Ismart, allow_pushes, end_binding, ismart_of

DEALER_MAY_REFUSE = ("not_authorised", "bad_credentials", "invalid_request")


@judges("dealer_force_unbind")
def dealer_force_unbind(judge: Judge, exchange: Exchange) -> None:
    """IS-FORCE-6, D-SEC-5: on evidence of ownership naming the car, a dealer unbinds it."""
    request = exchange.request
    if not isinstance(request, DealerForceUnbind):
        return
    model = judge.model
    part = ismart_of(model)
    evidence = request.evidence
    refusals: list[Refuse] = []
    may: tuple[str, ...] = ()
    car = part.cars.get(request.vin)
    said = (request.dealer_id, evidence.owner_identifier, evidence.document, evidence.document_vin)
    if car is not None and not car.bound and car.last_end[:1] == ("dealer",) and car.last_end[1:5] == said:
        retry(judge, exchange, car.last_end[5])
        return
    if request.vin not in model.cars:
        refusals.append(Refuse("IS-FORCE-6", f"no car {request.vin} was made", ("unknown_vehicle", "invalid_request")))
    elif model.brand_of_car(request.vin) != ISMART:
        refusals.append(Refuse("D-SEC-7", "an MG dealer unbinds MG cars only"))
    else:
        car = part.cars.get(request.vin)
        if car is None or not car.bound:
            refusals.append(Refuse("IS-FORCE-6", "nobody is bound to the car", ("not_bound",)))
        elif not _rejected(part, request.vin, car.binding):
            without = model.declaration.values.dealer_unbind_without_reject
            if without is False:
                refusals.append(
                    Refuse(
                        "IS-FORCE-6", "the platform declares a dealer unbinds only after a Reject", ("not_authorised",)
                    )
                )
            elif without is None:
                may += ("not_authorised",)
        if evidence.document == "none":
            refusals.append(Refuse("IS-FORCE-6", "no evidence of ownership was shown", ("evidence_required",)))
        elif evidence.document_vin != request.vin:
            refusals.append(
                Refuse(
                    "D-SEC-5",
                    f"the document names car {evidence.document_vin}, not {request.vin}",
                    ("evidence_required",),
                )
            )
    dealer = model.dealers.get(request.dealer_id)
    if dealer is None or dealer.brand != ISMART or not dealer.approved:
        may += DEALER_MAY_REFUSE  # a platform may check a dealer against its records of the network
    owner = model.accounts.get((ISMART, evidence.owner_identifier))
    if owner is None:
        may += (*DEALER_MAY_REFUSE, "evidence_required")
    if not judge.answer(exchange, refusals, requirement="IS-FORCE-6", rule="dealer force unbind", may_refuse=may):
        return
    reply = exchange.reply
    if not isinstance(reply, DealerUnbound):
        return
    previous = end_binding(model, request.vin, "IS-FORCE-6")
    close_requests(judge, request.vin, "IS-FORCE-7")
    owner_account = owner.account_id if owner is not None else ""
    if owner_account:
        for kind in ("force_unbind_completed", "unbind_completed"):
            allow_pushes(model, owner_account, kind, once=True)
    audit = Audit(
        reply.audit_id, request.dealer_id, request.vin, previous, owner_account, evidence.document, exchange.at
    )
    part.audits.setdefault(request.vin, []).append(audit)
    part.car(request.vin).last_end = ("dealer", *said, reply.audit_id)


def _rejected(part: Ismart, vin: str, binding: int) -> bool:
    """Whether the previous user rejected a force unbinding of car *vin*'s binding number *binding*."""
    return any(
        request.vin == vin and request.binding == binding and request.state == "rejected"
        for request in part.requests.values()
    )


def retry(judge: Judge, exchange: Exchange, audit_id: str) -> None:
    """D-REL-2: a retry of the dealer's unbinding that just happened may answer it again, with
    the same audit record and no second one."""
    may = ("not_bound", "evidence_required", *DEALER_MAY_REFUSE)
    if not judge.answer(exchange, [], requirement="D-REL-2", rule="dealer force unbind (a retry)", may_refuse=may):
        return
    reply = exchange.reply
    if isinstance(reply, DealerUnbound) and reply.audit_id != audit_id:
        judge.content(
            "D-REL-2", "dealer force unbind", exchange, f"a retry made audit record {reply.audit_id} beside {audit_id}"
        )


@judges("audit_records")
def audit_records(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-5: the audit records of a car hold every dealer's forced unbinding of it, as it was."""
    request = exchange.request
    if not isinstance(request, AuditQuery):
        return
    model = judge.model
    refusals: list[Refuse] = []
    if request.vin not in model.cars:
        refusals.append(Refuse("D-SEC-5", f"no car {request.vin} was made", ("unknown_vehicle", "invalid_request")))
    if not judge.answer(
        exchange, refusals, requirement="D-SEC-5", rule="audit records", may_refuse=("not_authorised",)
    ):
        return
    reply = exchange.reply
    if not isinstance(reply, AuditRecords):
        return
    expected = ismart_of(model).audits.get(request.vin, [])
    shown = {record.audit_id: record for record in reply.records}
    for audit in expected:
        record = shown.pop(audit.audit_id, None)
        if record is None:
            judge.content(
                "D-SEC-5",
                "audit records",
                exchange,
                f"the forced unbinding {audit.audit_id} of car {audit.vin} left no audit record",
            )
            continue
        said = (record.dealer_id, record.vin, record.previous_account, record.document)
        wanted = (audit.dealer_id, audit.vin, audit.previous_account, audit.document)
        if said != wanted or (audit.owner_account and record.owner_account != audit.owner_account):
            judge.content(
                "D-SEC-5", "audit records", exchange, f"audit record {audit.audit_id} says {said}, not {wanted}"
            )
    for audit_id in shown:
        judge.content(
            "D-SEC-5", "audit records", exchange, f"audit record {audit_id} records no forced unbinding that happened"
        )
