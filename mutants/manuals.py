"""The mutants of issue 11: the reference platform with one hole put back where the manuals and
the derived rules reach further than a single flow.

Cross-brand sessions (D-SEC-7), force unbinding asked for from the car (D-SEC-6), a car bound,
unbound and bound again (what belonged to the first binding must not count for the next), the
message a new user gets when the previous user unbinds with the code (IS-FORCE-7), calendar
months and renewal (MR-SVC-1), and every function a contract covers stopping at its expiry.

Each is a tiny subclass of :class:`ReferencePlatform` overriding one rule method; its docstring
says what goes wrong.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from contract.errors import ErrorCode
from mutants.base import Mutant, subclass_mutant
from reference import ReferencePlatform
from reference.records import Account, Car, Command, ForceRequest

# --- cross-brand sessions (D-SEC-7) --------------------------------------------------------------


class IsmartScanLogsInToRenault(ReferencePlatform):
    """An MG iSmart app's QR scan logs in to (and binds) the head unit of a Renault."""

    def _check_scan_brand(self, account: Account, car: Car) -> None:
        if not self._is_my_renault(car):
            super()._check_scan_brand(account, car)


class RenaultAppBindsMg(ReferencePlatform):
    """The My Renault app binds an MG car with the two QR scans of its head unit."""

    def _check_scan_brand(self, account: Account, car: Car) -> None:
        if self._is_my_renault(car):
            super()._check_scan_brand(account, car)


class OtherBrandCredentialsOnHeadUnit(ReferencePlatform):
    """A head unit takes the typed credentials of an account of another brand and logs it in."""

    def _check_head_unit_brand(self, account: Account, car: Car) -> None:
        pass


class RenaultAppAddsMg(ReferencePlatform):
    """A My Renault account adds an MG car by its VIN or plate, the first step of synchronising it."""

    def _addable(self, car: Car) -> bool:
        return True


class SameEmailAcrossBrands(ReferencePlatform):
    """Accounts of the two brands with the same e-mail address count as one user: the My Renault
    app reads and commands the MG car bound to the iSmart account of that address."""

    def _require_bound(self, account: Account, car: Car, refusal: ErrorCode) -> None:
        holder = self._accounts.get(car.bound or "")
        if holder is None or holder.identifier.lower() != account.identifier.lower():
            super()._require_bound(account, car, refusal)


# --- force unbinding is asked for from the car (D-SEC-6) ---------------------------------------


class ForceUnbindByVin(ReferencePlatform):
    """Anyone logged in to the app may ask for force unbinding of a car whose VIN they know."""

    def _check_asked_from_the_car(self, account: Account, car: Car) -> None:
        pass


class ForceUnbindFromAnyHeadUnit(ReferencePlatform):
    """A user logged in to the head unit of any car, not only this one, may ask for its force unbinding."""

    def _check_asked_from_the_car(self, account: Account, car: Car) -> None:
        if not any(other.logged_in == account.account_id for other in self._cars.values()):
            super()._check_asked_from_the_car(account, car)


# --- a car bound, unbound and bound again ----------------------------------------------------


class UnbindCodeOutlivesBinding(ReferencePlatform):
    """An unbinding code sent during one binding, and never used, still unbinds the car's next binding."""

    def _void_unbind_code(self, car: Car, account_id: str) -> None:
        pass


class RejectOutlivesBinding(ReferencePlatform):
    """A reject from an earlier binding of the car still stops the same new user, after the
    previous user unbound and bound the car again."""

    def _was_rejected(self, account: Account, car: Car) -> bool:
        return any(
            r.state == "rejected"
            and r.vin == car.record.vin
            and r.requester == account.account_id
            and r.previous == car.bound
            for r in self._requests.values()
        )


class CommandOutlivesRebinding(ReferencePlatform):
    """A command that waited for the sleeping car during one binding is carried out after its
    sender unbound and bound the car again."""

    def _same_binding(self, command: Command, car: Car) -> bool:
        return True


# --- the code-unbinding that ends a force-unbinding request (IS-FORCE-7) -----------------------


class NoMessageWhenPreviousUserUnbinds(ReferencePlatform):
    """When the previous user unbinds with the code, the open force-unbinding request ends, but the
    new user who asked is not told."""

    def _notify_unbound_by_code(self, pending: ForceRequest) -> None:
        pass


# --- months and renewal (MR-SVC-1) ----------------------------------------------------------


class ThirtyDayMonths(ReferencePlatform):
    """A month of a service contract is 30 days: "12 months" is 360 days, not twelve calendar months."""

    def _months_later(self, start: datetime, months: int) -> datetime:
        return start + months * timedelta(days=30)


class RenewalCountsFromNow(ReferencePlatform):
    """Renewing a service before it expires counts the new term from now, losing what was left of the old one."""

    def _renewal_start(self, old: datetime) -> datetime:
        return self.now


# --- every function the contract covers stops at its expiry (MR-SVC-1) ------------------------


def _still_works_after_expiry(function: str, description: str) -> type[ReferencePlatform]:
    """A subclass whose *function* skips the contract check: *description* is its docstring."""

    class StillWorks(ReferencePlatform):
        def _check_contract(self, car: Car, checked: str) -> None:
            if checked != function:
                super()._check_contract(car, checked)

    StillWorks.__doc__ = description
    StillWorks.__name__ = StillWorks.__qualname__ = (
        "".join(part.title() for part in function.split("_")) + "AfterExpiry"
    )
    return StillWorks


LocatingAfterExpiry = _still_works_after_expiry(
    "locate", "Locating the car keeps working after its connected services have expired."
)
BatteryStatusAfterExpiry = _still_works_after_expiry(
    "battery_status", "The battery level and charging status keep showing after the connected services have expired."
)
ChargePassAfterExpiry = _still_works_after_expiry(
    "charge_pass", "The charge pass stays open after the connected services of the car have expired."
)
RoutePlanningAfterExpiry = _still_works_after_expiry(
    "route_planning", "Route planning with charging stops keeps working after the connected services have expired."
)
StationsAfterExpiry = _still_works_after_expiry(
    "charging_stations", "Finding free charging stations keeps working after the connected services have expired."
)


MANUAL_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("ismart_scan_logs_in_to_renault", "D-SEC-7", IsmartScanLogsInToRenault),
    subclass_mutant("renault_app_binds_mg", "D-SEC-7", RenaultAppBindsMg),
    subclass_mutant("other_brand_credentials_on_head_unit", "D-SEC-7", OtherBrandCredentialsOnHeadUnit),
    subclass_mutant("renault_app_adds_mg", "D-SEC-7", RenaultAppAddsMg),
    subclass_mutant("same_email_across_brands", "D-SEC-7", SameEmailAcrossBrands),
    subclass_mutant("force_unbind_by_vin", "D-SEC-6", ForceUnbindByVin),
    subclass_mutant("force_unbind_from_any_head_unit", "D-SEC-6", ForceUnbindFromAnyHeadUnit),
    subclass_mutant("unbind_code_outlives_binding", "D-SEC-2", UnbindCodeOutlivesBinding),
    subclass_mutant("reject_outlives_binding", "IS-FORCE-1", RejectOutlivesBinding),
    subclass_mutant("command_outlives_rebinding", "D-SEC-1", CommandOutlivesRebinding),
    subclass_mutant("no_message_when_previous_user_unbinds", "IS-FORCE-7", NoMessageWhenPreviousUserUnbinds),
    subclass_mutant("thirty_day_months", "MR-SVC-1", ThirtyDayMonths),
    subclass_mutant("renewal_counts_from_now", "MR-SVC-1", RenewalCountsFromNow),
    subclass_mutant("locating_after_expiry", "MR-SVC-1", LocatingAfterExpiry),
    subclass_mutant("battery_status_after_expiry", "MR-SVC-1", BatteryStatusAfterExpiry),
    subclass_mutant("charge_pass_after_expiry", "MR-SVC-1", ChargePassAfterExpiry),
    subclass_mutant("route_planning_after_expiry", "MR-SVC-1", RoutePlanningAfterExpiry),
    subclass_mutant("stations_after_expiry", "MR-SVC-1", StationsAfterExpiry),
)
