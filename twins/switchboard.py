"""The switchboard: the rig's side of the platform's outbound port.

It implements :class:`contract.Outbound`: each message goes to the gateway of its kind, which
looks up the recipient (a phone by number, mailbox or push device; a car by VIN).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from contract.outbound import CarEvent, Delivery, Email, Push, Sms, TcuCommand
from twins.gateways import CarLink, Gateway, Recipient
from twins.vehicle import Vehicle


class Directory:
    """Who answers which address: numbers, mailboxes, push devices and cars."""

    def __init__(self) -> None:
        self.numbers: dict[str, Recipient[Sms]] = {}
        self.mailboxes: dict[str, Recipient[Email]] = {}
        self.devices: dict[str, Recipient[Push]] = {}
        self.cars: dict[str, Vehicle] = {}


class Switchboard:
    """Routes the platform's outbound messages through the gateways to their recipients.

    Its *listeners* hear every message as the platform hands it over (the invariant monitor is one).
    """

    def __init__(
        self,
        directory: Directory,
        sms: Gateway[Sms],
        email: Gateway[Email],
        push: Gateway[Push],
        car_link: CarLink[TcuCommand | CarEvent],
    ) -> None:
        self.directory = directory
        self.sms_gateway = sms
        self.email_gateway = email
        self.push_gateway = push
        self.car_link = car_link
        self.listeners: list[Callable[[object], None]] = []

    def _heard(self, message: object) -> None:
        for listener in self.listeners:
            listener(message)

    def car_online(self, vin: str) -> bool:
        """Whether the TCU of car *vin* can be reached now."""
        car = self.directory.cars.get(vin)
        return car is not None and car.tcu.online

    def sms(self, message: Sms) -> None:
        self._heard(message)
        label = f"SMS to {message.to}: {message.text}"
        self.sms_gateway.carry(message, label, self.directory.numbers.get(message.to))

    def email(self, message: Email) -> None:
        self._heard(message)
        label = f"e-mail to {message.to}: {message.subject}"
        self.email_gateway.carry(message, label, self.directory.mailboxes.get(message.to))

    def push(self, message: Push) -> None:
        self._heard(message)
        label = f"push {message.kind}: {message.text}"
        self.push_gateway.carry(message, label, self.directory.devices.get(message.device_id))

    def tcu(self, message: TcuCommand) -> Delivery:
        self._heard(message)
        car = self.directory.cars.get(message.vin)
        if car is None:
            return Delivery(accepted=False)
        tcu = car.tcu
        recipient: Recipient[TcuCommand | CarEvent] = Recipient(
            tcu.name, lambda m: tcu.receive_command(cast(TcuCommand, m)), lambda: car.coverage
        )
        label = f"command {message.command} ({message.command_id})"
        return Delivery(self.car_link.offer(message, label, recipient, tcu.online))

    def car_event(self, message: CarEvent) -> Delivery:
        self._heard(message)
        car = self.directory.cars.get(message.vin)
        if car is None:
            return Delivery(accepted=False)
        recipient: Recipient[TcuCommand | CarEvent] = Recipient(
            car.head_unit.name, lambda m: car.receive_event(cast(CarEvent, m)), lambda: car.coverage
        )
        label = f"{message.kind} ({message.account_id})"
        return Delivery(self.car_link.offer(message, label, recipient, car.tcu.online))
