"""The head unit: the car's multimedia screen, its "User" menu and the QR codes it shows."""

from __future__ import annotations

from dataclasses import dataclass

import simpy

from contract.messages import Ack, HeadUnitLogIn, HeadUnitLogOut, HeadUnitSession, QrShown, ShowQr
from contract.myrenault import MultimediaStarted, SyncConfirmedOnScreen
from contract.outbound import CarEvent
from twins.clock import VirtualClock
from twins.connection import PlatformConnection, Refusal


@dataclass(slots=True)
class HeadUnitScreen:
    """What the screen shows: the *menu*, a *qr* code (and when it expires), the *user*, a *message*."""

    menu: str = "off"
    qr: str = ""
    qr_expires: float = 0.0
    user: str = ""
    bound: bool = False
    message: str = ""
    sync_id: str = ""


class HeadUnit:
    """The multimedia system of car *vin*: on or off; its "User" menu shows a fresh QR code.

    A QR code is short-lived: whenever someone looks at the screen after it expired, the head
    unit has already fetched a new one from the platform.
    """

    def __init__(self, env: simpy.Environment, vin: str, name: str, connection: PlatformConnection) -> None:
        self.env = env
        self.vin = vin
        self.name = name
        self.connection = connection
        self.clock: VirtualClock = connection.clock
        self.powered = False
        self.screen = HeadUnitScreen()

    def power_on(self) -> None:
        """Switch the multimedia system on; it tells the platform it has started. It remembers
        no user of its own: the platform tells it who is logged in or bound."""
        self.powered = True
        self.screen = HeadUnitScreen(menu="main")
        self.connection.call(self.name, self.connection.platform.multimedia_started, MultimediaStarted(self.vin))

    def restart(self) -> None:
        self.power_off()
        self.power_on()

    def show_sync_prompt(self, sync_id: str) -> None:
        """Show the instructions of a synchronisation: "Confirm" links the car to the account."""
        if self.powered:
            self.screen.menu, self.screen.sync_id = "synchronise", sync_id

    def confirm_sync(self) -> Ack | Refusal | None:
        """Press "Confirm" on the synchronisation screen; None if the screen shows none."""
        if not self.powered or self.screen.menu != "synchronise":
            return None
        request = SyncConfirmedOnScreen(self.vin, self.screen.sync_id)
        self.screen.menu = "main"
        return self.connection.call(self.name, self.connection.platform.sync_confirmed_on_screen, request)

    def power_off(self) -> None:
        self.powered = False
        self.screen = HeadUnitScreen(menu="off", user=self.screen.user, bound=self.screen.bound)

    def open_user_menu(self) -> None:
        """Press "User" in the main menu: the screen shows who is logged in and a QR code."""
        if not self.powered:
            return
        self.screen.menu = "user"
        self._show_new_qr()

    def look(self) -> HeadUnitScreen:
        """The screen as someone in the cabin sees it now."""
        if self.screen.menu == "user" and self.screen.qr and self.env.now >= self.screen.qr_expires:
            self._show_new_qr()
        return self.screen

    def type_credentials(self, identifier: str, password: str) -> HeadUnitSession | Refusal:
        """Log in on the head unit by typing an account's credentials (instead of the first scan)."""
        request = HeadUnitLogIn(self.vin, identifier, password)
        outcome = self.connection.call(self.name, self.connection.platform.head_unit_log_in, request)
        self.screen.message = outcome.code if isinstance(outcome, Refusal) else ""
        return outcome

    def log_out(self) -> Ack | Refusal:
        """Press "Log out" in the "User" menu: the logged-in user leaves the car."""
        outcome = self.connection.call(self.name, self.connection.platform.head_unit_log_out, HeadUnitLogOut(self.vin))
        self.screen.message = outcome.code if isinstance(outcome, Refusal) else ""
        return outcome

    def receive_event(self, event: CarEvent) -> None:
        """News from the platform about who is logged in to or bound to this car."""
        if event.kind == "user_logged_in":
            self.screen.user, self.screen.bound = event.account_id, False
        elif event.kind == "user_bound":
            self.screen.user, self.screen.bound = event.account_id, True
        elif event.kind in ("user_unbound", "user_logged_out"):
            self.screen.user, self.screen.bound = "", False
        if self.screen.menu == "user":
            self._show_new_qr()

    def _show_new_qr(self) -> None:
        outcome = self.connection.call(self.name, self.connection.platform.show_qr, ShowQr(self.vin))
        if isinstance(outcome, QrShown):
            self.screen.qr, self.screen.qr_expires = outcome.qr, self.clock.seconds(outcome.expires_at)
            self.screen.message = ""
        else:
            self.screen.qr, self.screen.message = "", outcome.code
