"""My Renault vehicles: adding a car by VIN or plate, and synchronising the account with it.

MR-VEH-1 (add by VIN or plate), MR-SYNC-1..3 (synchronise: the car's four conditions, pressing
twice, the multimedia screen), MR-SYNC-5 (once linked, later synchronisation is automatic),
D-SEC-7 (a My Renault account adds and synchronises Renault cars only).
"""

from __future__ import annotations

from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack
from contract.myrenault import (
    AddVehicle,
    CarConditions,
    MultimediaStarted,
    StartSync,
    SyncConfirmedOnScreen,
    SyncFailure,
    SyncQuery,
    SyncStarted,
    SyncStatus,
    VehicleAdded,
)
from contract.outbound import CarEvent
from contract.vin import CHECK_DIGIT_POSITION, check_digit, well_formed
from reference.access import AccessMixin
from reference.records import Car, Sync


class SynchronisationMixin(AccessMixin):
    """Adding cars to a My Renault account, and linking the account with a car's multimedia system."""

    def add_vehicle(self, request: AddVehicle) -> VehicleAdded:
        """Add the car with *request.vin* or registration *request.plate* (one of the two) to
        the account's vehicles (MR-VEH-1); adding it again changes nothing."""
        session = self._session_of(request.token)
        self._require_my_renault(session)
        account = self._accounts[session.account_id]
        vin, plate = request.vin.strip().upper(), request.plate.strip().upper()
        if bool(vin) == bool(plate):
            raise PlatformError(ErrorCode.INVALID_REQUEST, "give the VIN or the registration number")
        car = self._car_by_vin(vin) if vin else self._car_by_plate(plate)
        car.added.add(account.account_id)
        return VehicleAdded(car.record.vin, car.record.model)

    def start_sync(self, request: StartSync) -> SyncStarted:
        """ "Synchronise vehicle", confirmed by pressing again (MR-SYNC-3): ask the car to
        synchronise with the account. The car answers with its conditions and the screen's
        confirmation; a car that cannot be reached fails at once (MR-SYNC-2). It is started from
        the app, not the web site (MR-SYNC-3, MR-FEAT-3)."""
        session = self._session_of(request.token)
        self._check_channel(session, "start_sync")
        account = self._accounts[session.account_id]
        car = self._car(request.vin)
        self._require_same_brand(account, car)
        self._require_added(account, car, ErrorCode.VEHICLE_NOT_ADDED)
        self._check_sync_confirmed(request)
        sync = Sync(self._new_id("sync"), account.account_id, car.record.vin)
        self._syncs[sync.sync_id] = sync
        event = CarEvent(car.record.vin, "sync_request", account.account_id, self.now, sync_id=sync.sync_id)
        if self._out.car_event(event).accepted:
            sync.timer = self._clock.after(self.policy.sync_timeout, lambda: self._on_sync_deadline(sync))
        else:
            self._on_car_unreachable(sync)
        return SyncStarted(sync.sync_id)

    def sync_status(self, request: SyncQuery) -> SyncStatus:
        """Where a synchronisation stands, for the account that started it."""
        account = self._account_of(request.token)
        sync = self._syncs.get(request.sync_id)
        if sync is None:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"no synchronisation {request.sync_id!r}")
        if sync.account_id != account.account_id:
            raise PlatformError(ErrorCode.NOT_AUTHORISED, "this synchronisation was started by someone else")
        return SyncStatus(sync.sync_id, sync.state, sync.reason)

    def car_conditions(self, request: CarConditions) -> Ack:
        """The car's answer to a synchronisation request: parked, multimedia on, someone in the
        cabin (MR-SYNC-2). Missing any, the synchronisation fails; with all, it waits for the
        screen."""
        sync = self._car_sync(request.vin, request.sync_id)
        if sync.state != "waiting":
            return Ack()
        sync.reported = True
        failure = self._sync_failure(request)
        if failure:
            self._fail(sync, failure)
        else:
            sync.conditions_ok = True
        return Ack()

    def sync_confirmed_on_screen(self, request: SyncConfirmedOnScreen) -> Ack:
        """Someone in the cabin followed the instructions on the screen: the account is linked
        if the car's conditions held (MR-SYNC-3)."""
        sync = self._car_sync(request.vin, request.sync_id)
        if sync.state == "waiting" and sync.conditions_ok:
            self._link(sync)
        return Ack()

    def multimedia_started(self, request: MultimediaStarted) -> Ack:
        """The multimedia system (re)started: the accounts linked with it stay linked, so
        synchronisation after a restart is automatic (MR-SYNC-5)."""
        self._on_multimedia_started(self._car(request.vin))
        return Ack()

    # --- the rules, one place each ----------------------------------------------------------

    def _car_by_vin(self, vin: str) -> Car:
        """The My Renault car *vin*: ``invalid_vin`` if it cannot be a VIN, ``unknown_vehicle``
        if it is none of ours (MR-VEH-1)."""
        self._check_vin(vin)
        car = self._cars.get(vin)
        if car is None or not self._addable(car):
            raise PlatformError(ErrorCode.UNKNOWN_VEHICLE, "no Renault with this VIN")
        return car

    def _car_by_plate(self, plate: str) -> Car:
        """The My Renault car registered as *plate* (blanks do not count), or ``unknown_vehicle``."""
        wanted = plate.replace(" ", "")
        for car in self._cars.values():
            if self._addable(car) and car.record.plate.replace(" ", "").upper() == wanted:
                return car
        raise PlatformError(ErrorCode.UNKNOWN_VEHICLE, "no Renault with this registration number")

    def _addable(self, car: Car) -> bool:
        """Whether a My Renault account may add *car*: a Renault only. A car of another brand is
        answered as unknown, so that the answer does not tell that its VIN exists (D-SEC-7)."""
        return self._is_my_renault(car)

    def _check_vin(self, vin: str) -> None:
        """17 characters of the VIN alphabet (no I, O or Q) with the right check digit (ISO 3779)."""
        if not well_formed(vin) or not self._check_digit_holds(vin):
            raise PlatformError(ErrorCode.INVALID_VIN, "this is not a valid VIN")

    def _check_digit_holds(self, vin: str) -> bool:
        """Whether position 9 of *vin* holds its check digit."""
        return vin[CHECK_DIGIT_POSITION] == check_digit(vin)

    def _check_sync_confirmed(self, request: StartSync) -> None:
        """ "Synchronise vehicle" must be confirmed by pressing again (MR-SYNC-3)."""
        if not request.confirmed:
            raise PlatformError(ErrorCode.CONFIRMATION_REQUIRED, 'press "Synchronise vehicle" again to confirm')

    def _car_sync(self, vin: str, sync_id: str) -> Sync:
        """Synchronisation *sync_id* of car *vin*, as the car names it; else ``invalid_request``."""
        car = self._car(vin)
        sync = self._syncs.get(sync_id)
        if sync is None or sync.vin != car.record.vin:
            raise PlatformError(ErrorCode.INVALID_REQUEST, f"no synchronisation {sync_id!r} for this car")
        return sync

    def _sync_failure(self, conditions: CarConditions) -> SyncFailure:
        """The first of the car's conditions that does not hold, or "" if all do (MR-SYNC-2)."""
        return (
            self._parking_failure(conditions) or self._multimedia_failure(conditions) or self._cabin_failure(conditions)
        )

    def _parking_failure(self, conditions: CarConditions) -> SyncFailure:
        """The car must be parked."""
        return "" if conditions.parked else "vehicle_not_parked"

    def _multimedia_failure(self, conditions: CarConditions) -> SyncFailure:
        """The multimedia system must be on."""
        return "" if conditions.multimedia_on else "multimedia_off"

    def _cabin_failure(self, conditions: CarConditions) -> SyncFailure:
        """The user must be inside the cabin."""
        return "" if conditions.occupant_present else "user_not_in_cabin"

    def _on_car_unreachable(self, sync: Sync) -> None:
        """A car without coverage (or whose TCU is offline) cannot synchronise (MR-SYNC-2)."""
        self._fail(sync, "no_coverage")

    def _on_sync_deadline(self, sync: Sync) -> None:
        """A synchronisation still waiting after the time-out fails: ``no_coverage`` if the car
        never answered, else ``user_not_in_cabin`` (nobody confirmed on the screen)."""
        if sync.state == "waiting":
            self._fail(sync, "user_not_in_cabin" if sync.reported else "no_coverage")

    def _fail(self, sync: Sync, reason: SyncFailure) -> None:
        sync.state, sync.reason = "failed", reason
        if sync.timer is not None:
            sync.timer.cancel()

    def _link(self, sync: Sync) -> None:
        """Synchronise the account with the car (MR-SYNC-1)."""
        sync.state = "linked"
        if sync.timer is not None:
            sync.timer.cancel()
        self._cars[sync.vin].synchronised.add(sync.account_id)

    def _on_multimedia_started(self, car: Car) -> None:
        """Nothing to do: a linked account stays linked across restarts (MR-SYNC-5)."""
