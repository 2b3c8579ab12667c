"""The combination mutants: the reference platform with one rule broken where it only shows in
a combination (two cars, two phones, several retries, a restart, a log-out, another market, a
time of day, a second user, the other brand's dealers, the contents of an audit record).

Each is a tiny subclass of :class:`ReferencePlatform` overriding one rule method (its docstring
says what goes wrong), or the reference with one field of its policy swapped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    Ack,
    AnswerForceUnbind,
    AuditQuery,
    AuditRecords,
    CodeSent,
    CommandAccepted,
    CommandName,
    ForceUnbindAnswered,
    HeadUnitLogOut,
    SendRegistrationCode,
    SessionOpened,
    Unbind,
    Unbound,
    VehicleQuery,
    VehicleStatus,
)
from contract.myrenault import ChargePass, ChargePassQuery, DealerRecord, Scheduled
from contract.outbound import Push, PushKind
from mutants.base import Mutant, policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, ReferencePlatform
from reference.records import Account, AuditRecord, Car, Client, Session


def _cars_of(platform: ReferencePlatform, account: Account) -> list[Car]:
    """The cars *account* is bound to or synchronised with, in provisioning order."""
    return [
        car
        for car in platform._cars.values()
        if car.bound == account.account_id or account.account_id in car.synchronised
    ]


class CommandReachesOtherCar(ReferencePlatform):
    """A remote command goes to the account's most recently provisioned car, whichever car it names."""

    def _issue(
        self, account: Account, car: Car, name: CommandName, request_id: str = "", at: datetime | None = None
    ) -> CommandAccepted:
        mine = _cars_of(self, account)
        return super()._issue(account, mine[-1] if mine else car, name, request_id, at)


class UnbindingOneUnbindsAll(ReferencePlatform):
    """Unbinding one car with its code ends the user's bindings of every other car too."""

    def unbind(self, request: Unbind) -> Unbound:
        account = self._account_of(request.token)
        reply = super().unbind(request)
        for car in self._cars.values():
            if car.bound == account.account_id:
                self._end_binding(car)
        return reply


class StatusOfFirstCar(ReferencePlatform):
    """The status of any of a user's cars shows where their first car is and whether it is locked."""

    def vehicle_status(self, request: VehicleQuery) -> VehicleStatus:
        reply = super().vehicle_status(request)
        first = _cars_of(self, self._account_of(request.token))[0]
        state = first.state
        return replace(reply, locked=state.locked, climate_on=state.climate_on, location=state.location)


class UnbindCodeForAnyCar(ReferencePlatform):
    """An unbinding code is the user's, not the car's: the code sent for one car unbinds another."""

    def _unbind_purpose(self, account: Account, car: Car) -> tuple[str, str]:
        return ("unbind", account.account_id)


class ThirdRetrySendsAgain(ReferencePlatform):
    """The third retry of a command (the fourth request with its request id) is sent to the car again."""

    def _earlier_reply(self, account: Account, request_id: str) -> CommandAccepted | None:
        tries: dict[tuple[str, str], int] = self.__dict__.setdefault("_tries", {})
        key = (account.account_id, request_id)
        tries[key] = tries.get(key, 0) + 1
        return None if tries[key] == 4 else super()._earlier_reply(account, request_id)


class RetryAfterDoneExecutesAgain(ReferencePlatform):
    """A retry of a command the car has already carried out is sent to the car again."""

    def _earlier_reply(self, account: Account, request_id: str) -> CommandAccepted | None:
        earlier = super()._earlier_reply(account, request_id)
        if earlier is not None and self._commands[earlier.command_id].state == "done":
            return None
        return earlier


class BindingLostOnRestart(ReferencePlatform):
    """A restart of the head unit ends the car's binding (and log-in) instead of announcing its user."""

    def _announce_user(self, car: Car) -> None:
        self._end_binding(car)


class RestartRevivesQr(ReferencePlatform):
    """A restart gives the QR codes the head unit showed a new life: one scanned already works again."""

    def _retire_qr_codes(self, car: Car) -> None:
        for code in self._qr_codes.values():
            if code.vin == car.record.vin:
                code.used, code.expires_at = False, self.now + self.policy.qr_ttl


class PushToFirstDeviceOnly(ReferencePlatform):
    """A push message goes only to the first phone the account logged in from, not to every phone."""

    def _push(self, account_id: str, kind: PushKind, text: str, request_id: str = "") -> None:
        devices = self._accounts[account_id].devices
        if devices:
            self._out.push(Push(devices[0], kind, text, self.now, request_id))


class SecondLogInUnbinds(ReferencePlatform):
    """Logging in from a new phone ends the bindings of the account's cars (a "new device" reset)."""

    def _open_session(self, account: Account, client: Client, device_id: str) -> SessionOpened:
        if account.devices and device_id not in account.devices:
            for car in self._cars.values():
                if car.bound == account.account_id:
                    self._end_binding(car)
        return super()._open_session(account, client, device_id)


class LogOutUnbinds(ReferencePlatform):
    """Logging out of the app also ends the bindings of the account's cars."""

    def _end_session(self, token: str) -> None:
        account_id = self._sessions[token].account_id
        super()._end_session(token)
        for car in self._cars.values():
            if car.bound == account_id:
                self._end_binding(car)


class LogOutKeepsSession(ReferencePlatform):
    """Logging out answers yes, but the session's token still works everywhere."""

    def _end_session(self, token: str) -> None:
        pass


class HeadUnitLogOutIgnored(ReferencePlatform):
    """ "Log out" on the head unit answers yes, but the user stays logged in to the car."""

    def head_unit_log_out(self, request: HeadUnitLogOut) -> Ack:
        self._car(request.vin)
        return Ack()


class BoundCarKeepsNewUser(ReferencePlatform):
    """While the car is bound, nobody can log out on its head unit: a new user who logged in to it
    (to ask for a forced unbinding) stays logged in."""

    def _check_may_log_out(self, car: Car) -> None:
        if car.bound is not None:
            raise PlatformError(ErrorCode.ALREADY_BOUND, "the car is bound: unbind it in the app to log out")


class AnyoneMayReject(ReferencePlatform):
    """Anyone logged in may answer "Reject" to a force-unbinding request; only "Agree" is kept
    to the previous user."""

    def answer_force_unbind(self, request: AnswerForceUnbind) -> ForceUnbindAnswered:
        pending = self._requests.get(request.request_id)
        if request.answer == "reject" and pending is not None and pending.state == "open":
            self._account_of(request.token)
            self._reject(pending)
            return ForceUnbindAnswered(pending.request_id, "rejected")
        return super().answer_force_unbind(request)


class AuditNamesOwnerAsPrevious(ReferencePlatform):
    """The audit record of a dealer's forced unbinding names the new owner as the previous user."""

    def _keep_audit(self, record: AuditRecord) -> None:
        super()._keep_audit(replace(record, previous_account=record.owner_account))


class AuditNamesFirstDealer(ReferencePlatform):
    """The audit record of a car's second forced unbinding names the dealer of its first one."""

    def _keep_audit(self, record: AuditRecord) -> None:
        earlier = [kept for kept in self._audit if kept.vin == record.vin]
        super()._keep_audit(replace(record, dealer_id=earlier[0].dealer_id) if earlier else record)


class AuditListsEveryCar(ReferencePlatform):
    """The audit records a dealer looks up for one car are those of every car."""

    def audit_records(self, request: AuditQuery) -> AuditRecords:
        self._car(request.vin)
        return AuditRecords(list(self._audit))


class RegistrationCodeOfAnother(ReferencePlatform):
    """A registration code sent to one phone number or e-mail registers any other it is typed for."""

    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent:
        reply = super().send_registration_code(request)
        self.__dict__.setdefault("_sent_to", []).append(request.identifier)
        return reply

    def _check_registration_code(self, identifier: str, code: str) -> None:
        try:
            super()._check_registration_code(identifier, code)
        except PlatformError as refusal:
            for other in self.__dict__.get("_sent_to", []):
                if other == identifier:
                    continue
                try:
                    self._registration_codes.check(("register", other), code, self.now)
                except PlatformError:
                    continue
                return
            raise refusal


class SwedishCarsRefused(ReferencePlatform):
    """A car sold in Sweden, a market the platform declares, gets none of its services."""

    def _excluded_services(self, car: Car) -> list[str]:
        if car.record.market == "SE":
            return self._model_services(car)
        return super()._excluded_services(car)


class DanishLawEverywhere(ReferencePlatform):
    """The law of Denmark (no horn and lights) is applied to cars of every market."""

    def _excluded_services(self, car: Car) -> list[str]:
        return self.declaration().excluded_in("DK")


class PastScheduleTodayRunsAtOnce(ReferencePlatform):
    """A programmed start keeps only its time of day, for today: 06:00 asked for at 23:30 is
    already past, so it runs at once."""

    def _schedule(self, token: str, vin: str, pin: str, command: CommandName, at: datetime) -> Scheduled:
        now = self.now
        return super()._schedule(token, vin, pin, command, at.replace(year=now.year, month=now.month, day=now.day))


class ChargePassShared(ReferencePlatform):
    """Every account is shown the same charge pass: the first one the platform made."""

    def charge_pass(self, request: ChargePassQuery) -> ChargePass:
        reply = super().charge_pass(request)
        return ChargePass(self.__dict__.setdefault("_shared_pass", reply.pass_id), reply.active)


class OtherBrandDealersListed(ReferencePlatform):
    """A dealer search offers the approved dealers of every brand, not only the app's own."""

    def _listable(self, dealer: DealerRecord, session: Session) -> bool:
        return dealer.approved


COMBINATION_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("command_reaches_other_car", "IS-SVC-1", CommandReachesOtherCar),
    subclass_mutant("unbinding_one_unbinds_all", "IS-UNBIND-3", UnbindingOneUnbindsAll),
    subclass_mutant("status_of_first_car", "IS-SVC-1", StatusOfFirstCar),
    subclass_mutant("unbind_code_for_any_car", "IS-UNBIND-3", UnbindCodeForAnyCar),
    subclass_mutant("third_retry_sends_again", "D-REL-2", ThirdRetrySendsAgain),
    subclass_mutant("retry_after_done_executes_again", "D-REL-2", RetryAfterDoneExecutesAgain),
    subclass_mutant("binding_lost_on_restart", "IS-BIND-3", BindingLostOnRestart),
    subclass_mutant("restart_revives_qr", "D-SEC-3", RestartRevivesQr),
    subclass_mutant("push_to_first_device_only", "IS-FORCE-2", PushToFirstDeviceOnly),
    subclass_mutant("second_log_in_unbinds", "IS-BIND-3", SecondLogInUnbinds),
    subclass_mutant("log_out_unbinds", "IS-USER-3", LogOutUnbinds),
    subclass_mutant("log_out_keeps_session", "D-SEC-1", LogOutKeepsSession),
    subclass_mutant("head_unit_log_out_ignored", "IS-USER-3", HeadUnitLogOutIgnored),
    subclass_mutant("bound_car_keeps_new_user", "IS-USER-3", BoundCarKeepsNewUser),
    subclass_mutant("anyone_may_reject", "D-SEC-4", AnyoneMayReject),
    subclass_mutant("audit_names_owner_as_previous", "D-SEC-5", AuditNamesOwnerAsPrevious),
    subclass_mutant("audit_names_first_dealer", "D-SEC-5", AuditNamesFirstDealer),
    subclass_mutant("audit_lists_every_car", "D-SEC-5", AuditListsEveryCar),
    subclass_mutant("registration_code_of_another", "IS-REG-3", RegistrationCodeOfAnother),
    subclass_mutant("swedish_cars_refused", "MR-FEAT-2", SwedishCarsRefused),
    subclass_mutant("danish_law_everywhere", "MR-FEAT-2", DanishLawEverywhere),
    subclass_mutant("past_schedule_today_runs_at_once", "MR-EV-2", PastScheduleTodayRunsAtOnce),
    subclass_mutant("charge_pass_shared", "MR-EV-4", ChargePassShared),
    policy_mutant(
        "web_can_synchronise",
        "MR-SYNC-3",
        "The web site may start a synchronisation, which the manual does from the app only.",
        replace(DEFAULT_POLICY, app_only=DEFAULT_POLICY.app_only - {"start_sync"}),
    ),
    subclass_mutant("other_brand_dealers_listed", "MR-FEAT-1", OtherBrandDealersListed),
)
