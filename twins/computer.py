"""A computer with a web browser: how a user reaches the brand's web site."""

from __future__ import annotations

from dataclasses import dataclass

import simpy

from contract.messages import AppIdentity
from twins.app import App
from twins.connection import PlatformConnection

MY_RENAULT_WEB = AppIdentity("renault-connect.renault.com", "RENAULT SAS")


@dataclass(slots=True)
class Computer:
    """*owner*'s computer; its browser opens the brand's web site as a client of the platform."""

    env: simpy.Environment
    owner: str
    device_id: str
    connection: PlatformConnection
    online: bool = True
    lose_next_reply: bool = False
    mail_draft_to: str = ""
    browser: App | None = None

    @property
    def name(self) -> str:
        return f"{self.owner}'s computer"

    def open_site(self, site: AppIdentity) -> App:
        self.browser = App(self, site)
        return self.browser
