"""The phone: its number, SMS and e-mail inboxes, push notifications, internet, and the app."""

from __future__ import annotations

from dataclasses import dataclass, field

import simpy

from contract.messages import AppIdentity
from contract.outbound import Email, Push, Sms
from contract.reading import codes_of, confirmation_link, links_of
from twins.app import App
from twins.connection import PlatformConnection
from twins.head_unit import HeadUnitScreen


@dataclass(frozen=True, slots=True)
class Received[Message]:
    """A *message* as it arrived, at virtual second *at*."""

    at: float
    message: Message


@dataclass(slots=True)
class Phone:
    """A phone: its *number*, push *device_id*, inboxes, and the installed app; *label* tells a
    person's phones apart in the trace ("phone", "second phone")."""

    env: simpy.Environment
    owner: str
    number: str
    email: str
    device_id: str
    connection: PlatformConnection
    sms_inbox: list[Received[Sms]] = field(default_factory=list)
    email_inbox: list[Received[Email]] = field(default_factory=list)
    notifications: list[Received[Push]] = field(default_factory=list)
    app: App | None = None
    mail_draft_to: str = ""
    online: bool = True
    lose_next_reply: bool = False
    label: str = "phone"

    @property
    def name(self) -> str:
        return f"{self.owner}'s {self.label}"

    @property
    def links(self) -> list[str]:
        """Every web link in the e-mail inbox, oldest first."""
        return [link for item in self.email_inbox for link in links_of(item.message)]

    def confirmation_links(self) -> list[str]:
        """The confirmation link of each e-mail that has one, oldest first by the time it was sent
        (as the phone lists its e-mails), whatever form the platform wrote it in."""
        by_sent_time = sorted(self.email_inbox, key=lambda item: (item.message.sent_at, item.at))
        return [link for item in by_sent_time if (link := confirmation_link(item.message))]

    def receive_sms(self, message: Sms) -> None:
        self.sms_inbox.append(Received(self.env.now, message))

    def receive_email(self, message: Email) -> None:
        self.email_inbox.append(Received(self.env.now, message))

    def receive_push(self, message: Push) -> None:
        self.notifications.append(Received(self.env.now, message))

    def photograph(self, screen: HeadUnitScreen) -> str:
        """Point the camera at a head unit's *screen*: the QR code it reads ("" if none)."""
        return screen.qr

    def install(self, identity: AppIdentity) -> App:
        self.app = App(self, identity)
        return self.app

    def codes_received(self, channel: str = "") -> list[str]:
        """Every verification code received by *channel* ("sms", "email", or both), oldest first."""
        received: list[Received[Sms] | Received[Email]] = [] if channel == "email" else list(self.sms_inbox)
        received += [] if channel == "sms" else self.email_inbox
        return [code for item in sorted(received, key=lambda item: item.at) for code in codes_of(item.message)]
