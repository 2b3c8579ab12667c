"""The dealer's forced unbinding, on evidence of ownership, with an audit record.

IS-FORCE-6 (after a reject, the dealer helps), D-SEC-5 (evidence and audit).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import AuditQuery, AuditRecords, DealerForceUnbind, DealerUnbound, OwnershipEvidence
from reference.force import ForceUnbindingMixin
from reference.records import Account, AuditRecord, Car


class DealerMixin(ForceUnbindingMixin):
    """An MG dealer unbinds the previous user for an owner who proves ownership."""

    def dealer_force_unbind(self, request: DealerForceUnbind) -> DealerUnbound:
        """Unbind car *request.vin* for the owner named in *request.evidence*, and audit it.

        An open force-unbinding request ends as completed; the owner is told on every device,
        whether or not they had asked in the app.
        """
        car = self._car(request.vin)
        self._check_evidence(request)
        if car.bound is None:
            raise PlatformError(ErrorCode.NOT_BOUND, "this car is not bound")
        self._check_rejected_first(car)
        owner = self._owner(request.evidence)
        pending = self._open_request(car.record.vin)
        if pending is not None:
            self._close_request(pending, "completed")
        previous = self._end_binding(car) or ""
        if owner is not None:
            self._notify_completed(owner.account_id, pending.request_id if pending else "")
        record = AuditRecord(
            self._new_id("audit"),
            request.dealer_id,
            car.record.vin,
            previous,
            owner.account_id if owner is not None else "",
            request.evidence.document,
            self.now,
        )
        self._keep_audit(record)
        return DealerUnbound(car.record.vin, record.audit_id)

    def audit_records(self, request: AuditQuery) -> AuditRecords:
        """Every dealer's forced unbinding of car *request.vin*, oldest first, for a dealer to see (D-SEC-5)."""
        car = self._car(request.vin)
        return AuditRecords([record for record in self._audit if record.vin == car.record.vin])

    # --- the rules, one place each ----------------------------------------------------------

    def _owner(self, evidence: OwnershipEvidence) -> Account | None:
        account_id = self._identifiers.get(evidence.owner_identifier)
        return self._accounts[account_id] if account_id is not None else None

    def _check_rejected_first(self, car: Car) -> None:
        """A platform that declares it (``dealer_unbind_without_reject`` false) lets a dealer
        unbind only after the previous user rejected a force unbinding of this binding (IS-FORCE-6)."""
        if self.policy.dealer_needs_reject and not any(
            r.state == "rejected" and r.vin == car.record.vin and r.binding == car.binding
            for r in self._requests.values()
        ):
            raise PlatformError(
                ErrorCode.NOT_AUTHORISED, "a dealer unbinds only after the previous user rejected the force unbinding"
            )

    def _keep_audit(self, record: AuditRecord) -> None:
        """Every dealer's forced unbinding leaves an audit record (D-SEC-5)."""
        self._audit.append(record)

    def _check_evidence(self, request: DealerForceUnbind) -> None:
        """A document for this car, naming a known account as its owner (D-SEC-5)."""
        evidence = request.evidence
        if evidence.document == "none" or evidence.document_vin != request.vin:
            raise PlatformError(ErrorCode.EVIDENCE_REQUIRED, "show a document naming the owner and this car")
        if self._owner(evidence) is None:
            raise PlatformError(ErrorCode.EVIDENCE_REQUIRED, "the owner needs an iSmart account")
