"""What the manuals say must succeed: the requirements each operation of the contract carries,
and the fail of a precondition the platform refused or answered wrongly.

A Given (or the part of a step that sets up its situation) makes calls the manuals say must
succeed: sending a code, registering, logging in, binding, synchronising... A platform that
refuses one of them, or answers it wrongly, breaks the requirement that call implements,
whatever the scenario set out to judge: the scenario *fails*, and the fail names that
requirement and the call (:func:`refused`, :func:`broken`), so results and certificates
attribute it. *Inconclusive* stays for what the rig could not decide: a refusal no call of the
platform made (the phone had no internet, or lost the answer), a refusal of a client no brand
published, a message a fault model of the rig lost or held back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.verdicts import Inconclusive, RequirementViolation
from spec.model import brand_of_app
from twins.connection import Refusal
from twins.gateways import Gateway

ISMART = "ismart"
MYRENAULT = "myrenault"

REQUIREMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    # accounts
    "send_registration_code": {ISMART: ("IS-REG-2",)},
    "register": {ISMART: ("IS-REG-3",)},
    "create_account": {MYRENAULT: ("MR-ACC-2",)},
    "confirm_account": {MYRENAULT: ("MR-ACC-3",)},
    "resend_confirmation": {MYRENAULT: ("MR-ACC-3", "D-REL-3")},
    "log_in": {ISMART: ("IS-LOGIN-1",), MYRENAULT: ("MR-ACC-1",)},
    "log_out": {ISMART: ("IS-USER-3",), MYRENAULT: ("MR-ACC-1",)},
    "support_contact": {ISMART: ("IS-CONTACT-1",)},
    # binding, unbinding, force unbinding
    "show_qr": {ISMART: ("IS-BIND-1",)},
    "scan_qr": {ISMART: ("IS-BIND-2", "IS-BIND-3")},
    "head_unit_log_in": {ISMART: ("IS-BIND-4",)},
    "head_unit_log_out": {ISMART: ("IS-USER-3",)},
    "list_vehicles": {ISMART: ("IS-UNBIND-1",), MYRENAULT: ("MR-VEH-1",)},
    "send_unbind_code": {ISMART: ("IS-UNBIND-2",)},
    "unbind": {ISMART: ("IS-UNBIND-3",)},
    "request_force_unbind": {ISMART: ("IS-FORCE-1", "IS-FORCE-2")},
    "answer_force_unbind": {ISMART: ("IS-FORCE-3", "IS-FORCE-5")},
    "dealer_force_unbind": {ISMART: ("IS-FORCE-6", "D-SEC-5")},
    "audit_records": {ISMART: ("D-SEC-5",)},
    # synchronisation
    "add_vehicle": {MYRENAULT: ("MR-VEH-1",)},
    "start_sync": {MYRENAULT: ("MR-SYNC-1", "MR-SYNC-3")},
    "sync_status": {MYRENAULT: ("MR-SYNC-3",)},
    # the car's services
    "vehicle_status": {ISMART: ("IS-SVC-1",), MYRENAULT: ("MR-FEAT-1",)},
    "list_services": {ISMART: ("IS-SVC-1",), MYRENAULT: ("MR-FEAT-2",)},
    "remote_command": {ISMART: ("IS-SVC-1",), MYRENAULT: ("MR-FEAT-1",)},
    "command_status": {ISMART: ("IS-SVC-1", "D-REL-1"), MYRENAULT: ("MR-FEAT-1", "D-REL-1")},
    "vehicle_info": {MYRENAULT: ("MR-FEAT-1",)},
    "e_guide": {MYRENAULT: ("MR-FEAT-1",)},
    "list_contracts": {MYRENAULT: ("MR-FEAT-1",)},
    "renew_service": {MYRENAULT: ("MR-SVC-1",)},
    "activate_services": {MYRENAULT: ("MR-FEAT-4",)},
    "set_pin": {MYRENAULT: ("MR-PIN-1",)},
    "find_dealers": {MYRENAULT: ("MR-FEAT-1",)},
    "dealer_slots": {MYRENAULT: ("MR-FEAT-1",)},
    "book_appointment": {MYRENAULT: ("MR-FEAT-1",)},
    "appointments": {MYRENAULT: ("MR-FEAT-1",)},
    "ev_status": {MYRENAULT: ("MR-EV-1",)},
    "schedule_charging": {MYRENAULT: ("MR-EV-2",)},
    "schedule_climate": {MYRENAULT: ("MR-EV-3",)},
    "charge_pass": {MYRENAULT: ("MR-EV-4",)},
    "find_charging_stations": {MYRENAULT: ("MR-EV-4",)},
    "plan_route": {MYRENAULT: ("MR-EV-4",)},
}
"""Operation → brand → the IDs of ``requirements.md`` a request of that operation implements:
what a refusal of it, where the manuals say it must succeed, is a fail of."""


def requirements_of(operation: str, brand: str = "") -> tuple[str, ...]:
    """The requirements *operation* carries for *brand* (every brand's, in table order, for "")."""
    by_brand = REQUIREMENTS.get(operation, {})
    if brand:
        return by_brand.get(brand, ())
    return tuple(dict.fromkeys(requirement for ids in by_brand.values() for requirement in ids))


def refused(refusal: Refusal, situation: str) -> RequirementViolation | Inconclusive:
    """What it means that the platform gave *refusal* to a call made to set up *situation*.

    A refusal of a genuine client's call is a fail of the requirements the call carries for the
    client's brand; a refusal no call of the platform made (no internet), or of a client no
    brand published, is inconclusive: the rig, not the platform, kept the situation from being.
    """
    said = f"{refusal.code!r} ({refusal.message})" if refusal.message else repr(refusal.code)
    if not refusal.operation:
        return Inconclusive(f"could not set up {situation}: {said}")
    brand = brand_of_app(refusal.client) if refusal.client is not None else ""
    if refusal.client is not None and not brand:
        return Inconclusive(f"could not set up {situation}: a client no brand published was refused with {said}")
    requirements = requirements_of(refusal.operation, brand)
    return broken(requirements, f"{refusal.operation} was refused with {said}", situation)


def broken(requirements: Sequence[str], what: str, situation: str) -> RequirementViolation:
    """The fail of *requirements*: *what* went wrong while setting up *situation*, a request the
    manuals say must succeed."""
    named = " ".join(requirements) or "a requirement of the manuals"
    return RequirementViolation(
        f"{named}: {what} while setting up {situation}, which the manuals say must succeed", requirements
    )


def undelivered(carrier: Gateway[Any], requirements: Sequence[str], what: str, situation: str) -> BaseException:
    """A message the platform owes for setting up *situation* did not come (*what*): a fail of
    *requirements*, unless a fault model of the rig's is on its *carrier* (the rig may have lost
    it: inconclusive)."""
    if carrier.faulted:
        return Inconclusive(f"could not set up {situation}: {what}, and the {carrier.name} has the scenario's faults")
    return broken(requirements, what, situation)
