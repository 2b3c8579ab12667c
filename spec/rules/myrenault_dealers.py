"""My Renault dealers: approved dealers nearby, their free times, booking an appointment.

The manual (MR-FEAT-1): finding an approved dealer nearby; the appointment history and calendar,
and booking an appointment. Only the brand's approved dealers are offered, nearest first, each
at its distance; a booked time is no longer free; the car's calendar holds what was booked for
it, in time order; the dealer is told of the booking (by e-mail: the platform's only way to it).
"""

from __future__ import annotations

from contract.geo import distance_km
from contract.messages import VehicleQuery
from contract.myrenault import (
    Appointment,
    Appointments,
    BookAppointment,
    DealerQuery,
    DealerRecord,
    Dealers,
    FindDealers,
    Slots,
)
from contract.outbound import Email
from spec.judge import Judge, Refuse, judges
from spec.model import Allowed, Owed
from spec.observations import Exchange
from spec.rules.myrenault_access import car_gate, session_gate
from spec.rules.myrenault_state import BRAND, state

DISTANCE_SLACK_KM = 0.5
"""Kilometres a shown distance may differ from the great-circle one (and a radius be overstepped)."""


def _approved(judge: Judge, dealer_id: str) -> DealerRecord | None:
    record = judge.model.dealers.get(dealer_id)
    return record if record is not None and record.approved and record.brand == BRAND else None


@judges("find_dealers", brand=BRAND)
def find_dealers(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: the approved dealers of the brand within the radius, nearest first, each at its
    distance; no dealer that is not approved or of another brand."""
    request = exchange.request
    if not isinstance(request, FindDealers):
        return
    gate = session_gate(judge, exchange, request.token)
    if request.radius_km <= 0:
        gate.may.add("invalid_request")
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="approved dealers") or gate.refusals:
        return
    if not isinstance(exchange.reply, Dealers):
        return
    rule, listed = "approved dealers", exchange.reply.dealers
    dealers = judge.model.dealers
    for dealer in listed:
        record = dealers.get(dealer.dealer_id)
        if record is None:
            continue
        if _approved(judge, dealer.dealer_id) is None:
            judge.content(
                "MR-FEAT-1", rule, exchange, f"offers {dealer.dealer_id}, not an approved dealer of the brand"
            )
        actual = distance_km(request.near, record.location)
        if abs(dealer.distance_km - actual) > DISTANCE_SLACK_KM or actual > request.radius_km + DISTANCE_SLACK_KM:
            judge.content(
                "MR-FEAT-1",
                rule,
                exchange,
                f"{dealer.dealer_id} shown {dealer.distance_km:.1f} km away, it is {actual:.1f}",
            )
    distances = [dealer.distance_km for dealer in listed]
    if distances != sorted(distances):
        judge.content("MR-FEAT-1", rule, exchange, "the dealers are not nearest first")
    shown = {dealer.dealer_id for dealer in listed}
    for record in dealers.values():
        inside = distance_km(request.near, record.location) < request.radius_km - DISTANCE_SLACK_KM
        if inside and _approved(judge, record.dealer_id) is not None and record.dealer_id not in shown:
            judge.content("MR-FEAT-1", rule, exchange, f"leaves out the approved dealer {record.dealer_id} nearby")


@judges("dealer_slots", brand=BRAND)
def dealer_slots(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: a dealer's free times are times of its calendar nobody has booked."""
    request = exchange.request
    if not isinstance(request, DealerQuery):
        return
    gate = session_gate(judge, exchange, request.token)
    record = judge.model.dealers.get(request.dealer_id)
    if not gate.refusals and record is None:
        gate.refusals.append(Refuse("MR-FEAT-1", "no dealer has this id"))
    elif record is not None and _approved(judge, request.dealer_id) is None:
        gate.may.update({"not_authorised", "invalid_request", "slot_unavailable", "unknown_vehicle"})
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="free times") or gate.refusals or record is None:
        return
    if isinstance(exchange.reply, Slots):
        booked = state(judge.model).booked
        for slot in exchange.reply.slots:
            if slot <= exchange.at:
                judge.content("MR-FEAT-1", "free times", exchange, f"{slot.isoformat()} has passed, it is not free")
            elif (request.dealer_id, slot) in booked:
                judge.content("MR-FEAT-1", "free times", exchange, f"{slot.isoformat()} is booked, not free")
            elif slot not in record.slots:
                judge.content(
                    "MR-FEAT-1", "free times", exchange, f"{slot.isoformat()} is not a time of the dealer's calendar"
                )


@judges("book_appointment", brand=BRAND)
def book_appointment(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: booking a free time of an approved dealer for a car in the account; a time that is
    not free is ``slot_unavailable``; the dealer is told by e-mail."""
    request = exchange.request
    if not isinstance(request, BookAppointment):
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="appointments", sync="may")
    part = state(judge.model)
    record = _approved(judge, request.dealer_id)
    if not gate.refusals:
        if record is None:
            gate.refusals.append(Refuse("MR-FEAT-1", "the dealer is not an approved dealer of the brand"))
        elif (
            request.at not in record.slots
            or (request.dealer_id, request.at) in part.booked
            or request.at <= exchange.at
        ):
            gate.refusals.append(Refuse("MR-FEAT-1", "the time is not free", ("slot_unavailable",)))
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="book an appointment") or gate.refusals or record is None:
        return
    reply = exchange.reply
    if isinstance(reply, Appointment) and (reply.vin, reply.dealer_id, reply.at) != (
        request.vin,
        request.dealer_id,
        request.at,
    ):
        judge.content("MR-FEAT-1", "book an appointment", exchange, "the appointment booked is not the one asked for")
    account = judge.model.account(BRAND, gate.account_id)
    if account is not None:  # the user may get the booking too: the manual is silent
        judge.model.allow(
            Allowed("email", account.identifier, exchange.at + judge.model.bounds.message_within, once=True)
        )
    part.booked.add((request.dealer_id, request.at))
    part.appointments.setdefault(request.vin, []).append((request.dealer_id, request.at))
    judge.model.owe(
        Owed(
            "email",
            record.email,
            exchange.at + judge.model.bounds.message_within,
            "MR-FEAT-1",
            "book an appointment",
            "the booking, to the dealer",
            lambda message: isinstance(message, Email),
        )
    )


@judges("appointments", brand=BRAND)
def appointments(judge: Judge, exchange: Exchange) -> None:
    """MR-FEAT-1: the car's calendar holds every appointment booked for it, in time order."""
    request = exchange.request
    if not isinstance(request, VehicleQuery):
        return
    gate = car_gate(judge, exchange, request.token, request.vin, service="appointments", sync="may")
    if not gate.answer(judge, requirement="MR-FEAT-1", rule="appointments") or gate.refusals:
        return
    if not isinstance(exchange.reply, Appointments):
        return
    listed = exchange.reply.appointments
    shown = {(appointment.dealer_id, appointment.at) for appointment in listed}
    for dealer_id, at in state(judge.model).appointments.get(request.vin, []):
        if (dealer_id, at) not in shown:
            judge.content(
                "MR-FEAT-1", "appointments", exchange, f"the appointment at {dealer_id} on {at.isoformat()} is missing"
            )
    times = [appointment.at for appointment in listed]
    if times != sorted(times):
        judge.content("MR-FEAT-1", "appointments", exchange, "the appointments are not in time order")
