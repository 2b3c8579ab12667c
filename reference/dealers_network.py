"""The brand's dealer network: approved dealers nearby, their calendars, and appointments.

MR-FEAT-1: finding an approved dealer nearby; the appointment history and calendar, and
booking an appointment.
"""

from __future__ import annotations

from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.geo import distance_km
from contract.messages import Ack, VehicleQuery
from contract.myrenault import (
    Appointment,
    Appointments,
    BookAppointment,
    DealerInfo,
    DealerQuery,
    DealerRecord,
    Dealers,
    FindDealers,
    Slots,
)
from contract.outbound import Email
from reference.access import AccessMixin
from reference.records import Car, DealerBook, Session


class DealerNetworkMixin(AccessMixin):
    """Dealers as the brand provisions them, and the appointments booked with them."""

    def provision_dealer(self, request: DealerRecord) -> Ack:
        """Add a dealer of the brand's network, with its free appointment slots."""
        if request.dealer_id in self._dealers:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"dealer {request.dealer_id!r} is provisioned already")
        self._dealers[request.dealer_id] = DealerBook(request, sorted(request.slots))
        return Ack()

    def find_dealers(self, request: FindDealers) -> Dealers:
        """The approved dealers of the session's brand within *request.radius_km* of
        *request.near*, nearest first (MR-FEAT-1)."""
        session = self._session_of(request.token)
        if request.radius_km < 0:
            raise PlatformError(ErrorCode.INVALID_REQUEST, "the radius cannot be negative")
        found = sorted(
            (distance_km(request.near, book.record.location), book.record.dealer_id, book.record)
            for book in self._dealers.values()
            if self._listable(book.record, session)
        )
        return Dealers(
            [
                DealerInfo(record.dealer_id, record.name, record.location, round(d, 1))
                for d, _, record in found
                if d <= request.radius_km
            ]
        )

    def dealer_slots(self, request: DealerQuery) -> Slots:
        """The dealer's free appointment times from now on, in time order."""
        session = self._session_of(request.token)
        book = self._dealer(session, request.dealer_id)
        return Slots([at for at in sorted(book.free) if at > self.now])

    def book_appointment(self, request: BookAppointment) -> Appointment:
        """Book a free future time with the dealer for a car the account added; the time is
        taken and the dealer gets the booking by e-mail (MR-FEAT-1)."""
        session = self._session_of(request.token)
        account = self._accounts[session.account_id]
        car = self._car(request.vin)
        self._require_may_view(account, car)
        book = self._dealer(session, request.dealer_id)
        if request.at not in book.free or request.at <= self.now:
            raise PlatformError(ErrorCode.SLOT_UNAVAILABLE, "this time is not free; pick another")
        self._take_slot(book, request.at)
        appointment = Appointment(self._new_id("apt"), car.record.vin, book.record.dealer_id, request.at)
        self._appointments.append(appointment)
        self._notify_dealer(book, car, request.at)
        return appointment

    def appointments(self, request: VehicleQuery) -> Appointments:
        """The car's appointments, past and coming, in time order (MR-FEAT-1)."""
        account = self._account_of(request.token)
        car = self._car(request.vin)
        self._require_may_view(account, car)
        booked = [item for item in self._appointments if item.vin == car.record.vin]
        return Appointments(sorted(booked, key=lambda item: (item.at, item.appointment_id)))

    # --- the rules, one place each ----------------------------------------------------------

    def _listable(self, dealer: DealerRecord, session: Session) -> bool:
        """Only approved dealers of the session's own brand are offered (MR-FEAT-1)."""
        return dealer.approved and dealer.brand == session.client.brand

    def _dealer(self, session: Session, dealer_id: str) -> DealerBook:
        """The listable dealer *dealer_id*, or ``invalid_request``."""
        book = self._dealers.get(dealer_id)
        if book is None or not self._listable(book.record, session):
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"no approved dealer {dealer_id!r}")
        return book

    def _take_slot(self, book: DealerBook, at: datetime) -> None:
        """A booked time is no longer free."""
        book.free.remove(at)

    def _notify_dealer(self, book: DealerBook, car: Car, at: datetime) -> None:
        """E-mail the dealer the booking: which car, and when."""
        record = car.record
        body = (
            f"New appointment booked through My Renault.\n"
            f"Vehicle: {record.model}, registration {record.plate}, VIN {record.vin}\n"
            f"Time: {at.isoformat()}\n"
        )
        self._out.email(Email(book.record.email, f"Appointment {record.plate} {at.isoformat()}", body, self.now))
