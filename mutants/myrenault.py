"""The My Renault mutants: the reference platform with one rule of the manual broken.

Each is a tiny subclass of :class:`ReferencePlatform` overriding one rule method (its
docstring says what goes wrong), or the reference with one field of its policy swapped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import VehicleState
from contract.myrenault import CarConditions, DealerRecord, StartSync, StationReport, SyncFailure
from mutants.base import Mutant, policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, ReferencePlatform
from reference.records import Account, Car, Client, DealerBook, Session, Sync


class LogInBeforeEmailConfirmed(ReferencePlatform):
    """An account logs in before the link in its confirmation e-mail is followed."""

    def _check_confirmed(self, account: Account) -> None:
        pass


class WebCredentialsDiffer(ReferencePlatform):
    """The web site refuses the credentials that work in the app."""

    def _authenticate_my_renault(self, email: str, password: str, client: Client) -> Account:
        if client.channel == "web":
            raise PlatformError(ErrorCode.BAD_CREDENTIALS, "wrong e-mail or password")
        return super()._authenticate_my_renault(email, password, client)


class NoConfirmationEmail(ReferencePlatform):
    """Creating an account sends no confirmation e-mail, so it can never be completed."""

    def _send_confirmation(self, account: Account, token: str) -> None:
        pass


class InvalidVinAccepted(ReferencePlatform):
    """A VIN with a wrong check digit is taken as a VIN (and looked up)."""

    def _check_digit_holds(self, vin: str) -> bool:
        return True


class SyncWhileDriving(ReferencePlatform):
    """A car that is driving synchronises all the same."""

    def _parking_failure(self, conditions: CarConditions) -> SyncFailure:
        return ""


class SyncWithoutCoverage(ReferencePlatform):
    """A car the platform cannot reach is linked all the same."""

    def _on_car_unreachable(self, sync: Sync) -> None:
        self._link(sync)


class SyncWithMultimediaOff(ReferencePlatform):
    """A car whose multimedia system is off synchronises all the same."""

    def _multimedia_failure(self, conditions: CarConditions) -> SyncFailure:
        return ""


class SyncWithoutConfirmation(ReferencePlatform):
    """ "Synchronise vehicle" pressed once starts the synchronisation, without the confirming press."""

    def _check_sync_confirmed(self, request: StartSync) -> None:
        pass


class RemoteBeforeSync(ReferencePlatform):
    """Remote functions work on a car that is added but not synchronised."""

    def _require_may_control(self, account: Account, car: Car) -> None:
        self._require_added(account, car, ErrorCode.NOT_AUTHORISED)


class ContractsWithoutSync(ReferencePlatform):
    """The service contracts are shown to an account that added the car but never synchronised."""

    def _require_may_see_contracts(self, account: Account, car: Car) -> None:
        self._require_added(account, car, ErrorCode.NOT_AUTHORISED)


class SyncLostOnRestart(ReferencePlatform):
    """A restart of the multimedia system unlinks every account: synchronisation is not automatic."""

    def _on_multimedia_started(self, car: Car) -> None:
        car.synchronised.clear()


class RemoteBeforeActivation(ReferencePlatform):
    """Remote control works before the services are activated."""

    def _check_activated(self, account: Account, car: Car) -> None:
        pass


class MarketLawIgnored(ReferencePlatform):
    """The car offers every service of its model, whatever the law of its country excludes."""

    def _excluded_services(self, car: Car) -> list[str]:
        return []


class RemoteHornWithoutPin(ReferencePlatform):
    """Remote functions work without the My Renault PIN."""

    def _check_pin(self, account: Account, pin: str) -> None:
        pass


class ChargingScheduleOnAnyModel(ReferencePlatform):
    """Programmed charging is accepted on models that do not have it."""

    def _check_service(self, car: Car, service: str) -> None:
        if service != "charge_scheduling":
            super()._check_service(car, service)


class ClimateScheduleOnAnyModel(ReferencePlatform):
    """Programmed climate is accepted on models that do not have it."""

    def _check_service(self, car: Car, service: str) -> None:
        if service != "climate_scheduling":
            super()._check_service(car, service)


class StaleBatteryLevel(ReferencePlatform):
    """The battery status shows the level the car left the factory with, not what its TCU reports."""

    def _ev_state(self, car: Car) -> VehicleState:
        return car.record.state


class OccupiedStationsListedAsFree(ReferencePlatform):
    """Looking for free charging stations also lists stations with no free connector."""

    def _listed(self, station: StationReport, free_only: bool) -> bool:
        return True


class ExpiredServiceStillUsable(ReferencePlatform):
    """Every connected function keeps working after the "connected services" contract has expired."""

    def _check_contract(self, car: Car, function: str) -> None:
        pass


class RenewalDoesNotExtend(ReferencePlatform):
    """ "Renew" answers with a new end date, but the contract keeps its old one."""

    def _store_term(self, car: Car, service: str, expires_at: datetime) -> None:
        pass


class UnapprovedDealersListed(ReferencePlatform):
    """Dealers that are not approved are offered too."""

    def _listable(self, dealer: DealerRecord, session: Session) -> bool:
        return dealer.brand == session.client.brand


class BookedSlotStillFree(ReferencePlatform):
    """A booked appointment time stays free in the dealer's calendar."""

    def _take_slot(self, book: DealerBook, at: datetime) -> None:
        pass


MYRENAULT_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("login_before_email_confirmed", "MR-ACC-3", LogInBeforeEmailConfirmed),
    subclass_mutant("web_credentials_differ", "MR-ACC-1", WebCredentialsDiffer),
    subclass_mutant("no_confirmation_email", "MR-ACC-2", NoConfirmationEmail),
    subclass_mutant("invalid_vin_accepted", "MR-VEH-1", InvalidVinAccepted),
    subclass_mutant("sync_while_driving", "MR-SYNC-2", SyncWhileDriving),
    subclass_mutant("sync_without_coverage", "MR-SYNC-2", SyncWithoutCoverage),
    subclass_mutant("sync_with_multimedia_off", "MR-SYNC-2", SyncWithMultimediaOff),
    subclass_mutant("sync_without_confirmation", "MR-SYNC-3", SyncWithoutConfirmation),
    subclass_mutant("remote_before_sync", "MR-SYNC-1", RemoteBeforeSync),
    subclass_mutant("contracts_without_sync", "MR-SYNC-4", ContractsWithoutSync),
    subclass_mutant("sync_lost_on_restart", "MR-SYNC-5", SyncLostOnRestart),
    subclass_mutant("remote_before_activation", "MR-FEAT-4", RemoteBeforeActivation),
    policy_mutant(
        "web_can_honk",
        "MR-FEAT-3",
        "Remote commands (horn and lights among them) work from the web site, not only from the app.",
        replace(DEFAULT_POLICY, app_only=DEFAULT_POLICY.app_only - {"remote_command"}),
    ),
    subclass_mutant("market_law_ignored", "MR-FEAT-2", MarketLawIgnored),
    subclass_mutant("remote_horn_without_pin", "MR-PIN-1", RemoteHornWithoutPin),
    subclass_mutant("charging_schedule_on_any_model", "MR-EV-2", ChargingScheduleOnAnyModel),
    subclass_mutant("climate_schedule_on_any_model", "MR-EV-3", ClimateScheduleOnAnyModel),
    subclass_mutant("stale_battery_level", "MR-EV-1", StaleBatteryLevel),
    subclass_mutant("occupied_stations_listed_as_free", "MR-EV-4", OccupiedStationsListedAsFree),
    subclass_mutant("expired_service_still_usable", "MR-SVC-1", ExpiredServiceStillUsable),
    subclass_mutant("renewal_does_not_extend", "MR-SVC-1", RenewalDoesNotExtend),
    subclass_mutant("unapproved_dealers_listed", "MR-FEAT-1", UnapprovedDealersListed),
    subclass_mutant("booked_slot_still_free", "MR-FEAT-1", BookedSlotStillFree),
)
