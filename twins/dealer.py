"""The dealer: looks at a new owner's documents, forces an unbinding, reads the audit records,
takes bookings by e-mail."""

from __future__ import annotations

from datetime import datetime

from contract.messages import AuditQuery, AuditRecords, DealerForceUnbind, DealerUnbound, OwnershipEvidence
from contract.outbound import Email
from twins.connection import PlatformConnection, Refusal


class Dealer:
    """An approved dealer (*dealer_id*) whose staff submit forced unbindings to the platform."""

    def __init__(self, dealer_id: str, name: str, connection: PlatformConnection) -> None:
        self.dealer_id = dealer_id
        self.name = name
        self.connection = connection
        self.audit_ids: list[str] = []
        self.unbound_at: dict[str, datetime] = {}
        self.inbox: list[Email] = []
        self.last: DealerUnbound | Refusal | None = None

    def receive_email(self, message: Email) -> None:
        self.inbox.append(message)

    def accepts(self, vin: str, evidence: OwnershipEvidence) -> bool:
        """What a careful clerk checks: a real document that names this car."""
        return evidence.document != "none" and evidence.document_vin == vin

    def force_unbind(self, vin: str, evidence: OwnershipEvidence) -> DealerUnbound | Refusal:
        """Submit a forced unbinding of car *vin* with *evidence*, whatever the clerk thinks of it."""
        request = DealerForceUnbind(self.dealer_id, vin, evidence)
        outcome = self.connection.call(self.name, self.connection.platform.dealer_force_unbind, request)
        self.last = outcome
        if isinstance(outcome, DealerUnbound):
            self.audit_ids.append(outcome.audit_id)
            self.unbound_at[outcome.audit_id] = self.connection.clock.now()
        return outcome

    def audit_records(self, vin: str) -> AuditRecords | Refusal:
        """Look up the audit records of the forced unbindings of car *vin*."""
        request = AuditQuery(self.dealer_id, vin)
        return self.connection.call(self.name, self.connection.platform.audit_records, request)
