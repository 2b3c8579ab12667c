"""Electric cars: battery and charging status, programmed charging and climate, the charge pass.

MR-EV-1 (battery level and charging status), MR-EV-2 (programmed charging, some models),
MR-EV-3 (programmed climate, some models), MR-EV-4 (the charge pass); each while the car's
contract covers it (MR-SVC-1).
"""

from __future__ import annotations

from datetime import datetime

from contract.errors import ErrorCode, PlatformError
from contract.messages import Ack, CommandName, TcuState, VehicleQuery, VehicleState
from contract.myrenault import ChargePass, ChargePassQuery, EvStatus, ScheduleCharging, ScheduleClimate, Scheduled
from reference.access import MY_RENAULT
from reference.records import Account, Car
from reference.remote import MY_RENAULT_COMMAND_SERVICES, RemoteControlMixin


class ElectricMixin(RemoteControlMixin):
    """The connected services of electric cars, and the TCU's unasked state reports."""

    def tcu_state(self, request: TcuState) -> Ack:
        """The TCU of car *request.vin* reports its state unasked (while charging, for instance)."""
        self._record_state(self._car(request.vin), request.state)
        return Ack()

    def ev_status(self, request: VehicleQuery) -> EvStatus:
        """The battery level and charging status as last reported, in the app, for a
        synchronised account of a car with "battery_status" (MR-EV-1), while its contract
        covers it (MR-SVC-1)."""
        session = self._session_of(request.token)
        self._check_channel(session, "ev_status")
        account = self._accounts[session.account_id]
        car = self._car(request.vin)
        self._require_may_use(account, car)
        self._check_service(car, "battery_status")
        self._check_contract(car, "battery_status")
        state = self._ev_state(car)
        return EvStatus(
            car.record.vin, state.battery_percent, state.charging, state.plugged_in, state.range_km, car.updated_at
        )

    def schedule_charging(self, request: ScheduleCharging) -> Scheduled:
        """Program the car to charge from *request.start*, on models that can (MR-EV-2)."""
        return self._schedule(request.token, request.vin, request.pin, "schedule_charging", request.start)

    def schedule_climate(self, request: ScheduleClimate) -> Scheduled:
        """Program the car's climate to be ready at *request.ready_at*, on models that can (MR-EV-3)."""
        return self._schedule(request.token, request.vin, request.pin, "schedule_climate", request.ready_at)

    def _schedule(self, token: str, vin: str, pin: str, command: CommandName, at: datetime) -> Scheduled:
        """A programmed *command* for *at*: the checks and the delivery of a remote command."""
        session = self._session_of(token)
        car = self._car(vin)
        account = self._accounts[session.account_id]
        service = MY_RENAULT_COMMAND_SERVICES[command]
        self._check_remote_control(session, account, car, operation=command, service=service, pin=pin)
        self._issue(account, car, command, at=at)
        return Scheduled(car.record.vin, at)

    def charge_pass(self, request: ChargePassQuery) -> ChargePass:
        """The account's "Mobilize charge pass", the same every time, in the app, for an
        account with a car that offers it (MR-EV-4) under an active contract (MR-SVC-1)."""
        session = self._session_of(request.token)
        self._check_channel(session, "charge_pass")
        account = self._accounts[session.account_id]
        if session.client.brand != MY_RENAULT:
            raise PlatformError(ErrorCode.SERVICE_NOT_AVAILABLE, "none of your vehicles comes with a charge pass")
        self._covering_car(account, "charge_pass")
        pass_id = self._charge_passes.get(account.account_id)
        if pass_id is None:
            pass_id = f"MCP-{self._random_hex(4).upper()}"
            self._charge_passes[account.account_id] = pass_id
        return ChargePass(pass_id, True)

    # --- the rules, one place each ----------------------------------------------------------

    def _ev_state(self, car: Car) -> VehicleState:
        """The battery as the TCU last reported it (MR-EV-1)."""
        return car.state

    def _covering_car(self, account: Account, service: str) -> Car:
        """A car *account* has added that offers *service* under an active contract: none
        offering it is ``service_not_available``; all of them expired is ``service_expired``."""
        offering = [
            car for car in self._cars.values() if account.account_id in car.added and service in self._services_of(car)
        ]
        if not offering:
            raise PlatformError(ErrorCode.SERVICE_NOT_AVAILABLE, f"none of your vehicles comes with {service}")
        for car in offering:
            if self._covered(car, service):
                return car
        self._check_contract(offering[0], service)
        return offering[0]
