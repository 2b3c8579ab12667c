"""App stores: where a phone installs the companion app, and who published it (IS-APP-1)."""

from __future__ import annotations

from dataclasses import dataclass

from contract.messages import AppIdentity

SAIC = "SAIC Motor international Co. Ltd"
RENAULT = "RENAULT SAS"


@dataclass(frozen=True, slots=True)
class AppStore:
    """A store (*name*) and its listings: app name → publisher."""

    name: str
    listings: dict[str, str]

    def listing(self, app_name: str) -> AppIdentity | None:
        publisher = self.listings.get(app_name)
        return None if publisher is None else AppIdentity(app_name, publisher)


APP_STORE = AppStore(
    "App Store", {"MG iSmart Europe": SAIC, "MG iSmart Lite": "Quick Car Apps Ltd", "My Renault": RENAULT}
)
GOOGLE_PLAY = AppStore(
    "Google Play",
    {
        "MG iSmart": SAIC,
        "iSmart Helper for MG": "Quick Car Apps Ltd",
        "MG iSmart Europe": "Quick Car Apps Ltd",
        "My Renault": RENAULT,
    },
)
STORES = {store.name: store for store in (APP_STORE, GOOGLE_PLAY)}
