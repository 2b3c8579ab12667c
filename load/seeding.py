"""The seeded fleet: cars provisioned, owners with accounts, logged in, their cars theirs.

Everything goes through the platform's HTTP API, as an owner, the car and the factory would: the
factory provisions the car. An MG iSmart owner registers with the code texted to the phone, logs
in from the app and binds the car with two scans of its head unit's QR code. A My Renault owner
creates an account, follows the link in the confirmation e-mail, logs in, adds the car by VIN and
synchronises with it (the car, parked with its owner in the cabin and the multimedia system on,
confirms on its screen), creates a PIN and activates the remote services. Owners are set up in
parallel over keep-alive connections; who they are (numbers, addresses, passwords, PINs)
follows from the seed.
"""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from contract.messages import (
    AppIdentity,
    LogIn,
    QrScanned,
    Register,
    ScanQr,
    SendRegistrationCode,
    ShowQr,
    VehicleQuery,
)
from contract.myrenault import (
    AddVehicle,
    CarConditions,
    ConfirmAccount,
    CreateAccount,
    SetPin,
    StartSync,
    SyncConfirmedOnScreen,
    SyncQuery,
)
from load.api import Api, ApiError
from load.fleet import MY_RENAULT, Fleet, Tcu

APP = AppIdentity("MG iSmart", "SAIC Motor international Co. Ltd")
MY_RENAULT_APP = AppIdentity("My Renault", "RENAULT SAS")
_CODE = re.compile(r"\b(\d{4,8})\b")
_LINK = re.compile(r"/confirm/(\S+)")


@dataclass(frozen=True, slots=True)
class Owner:
    """A phone twin's account: its *login* (phone or e-mail), session *token*, the *vin* and
    *brand* of its car, and its My Renault *pin* (empty for iSmart)."""

    login: str
    token: str
    vin: str
    brand: str
    pin: str = ""


def seed_fleet(api: Api, fleet: Fleet, seed: int, threads: int = 8) -> list[Owner]:
    """Reset the platform to send to *fleet*, provision every car and bind each to a new owner."""
    api.reset(seed, datetime.now(UTC).isoformat(), fleet.webhooks)
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda tcu: _owner_of(api, fleet, tcu, seed), fleet.tcus))


def _owner_of(api: Api, fleet: Fleet, tcu: Tcu, seed: int) -> Owner:
    rng = random.Random(f"owner:{seed}:{tcu.index}")
    password = f"load-{rng.getrandbits(48):012x}"
    api.call("provision_vehicle", tcu.record())
    if tcu.brand == MY_RENAULT:
        return _renault_owner(api, fleet, tcu, password, f"{rng.randrange(10_000):04d}")
    return _ismart_owner(api, fleet, tcu, password)


def _ismart_owner(api: Api, fleet: Fleet, tcu: Tcu, password: str) -> Owner:
    phone = f"+4520{tcu.index:08d}"
    api.call("send_registration_code", SendRegistrationCode(phone, APP))
    text = fleet.wait_for_text(phone)
    code = _CODE.search(text)
    if code is None:
        raise ApiError("send_registration_code", f"no code in the text {text!r}")
    api.call("register", Register(phone, code.group(1), password, APP))
    session = api.call("log_in", LogIn(phone, password, True, True, f"phone-{tcu.index}", APP))
    for stage in ("logged_in", "bound"):
        qr = api.call("show_qr", ShowQr(tcu.vin)).qr
        scanned: QrScanned = api.call("scan_qr", ScanQr(session.token, qr))
        if scanned.stage != stage:
            raise ApiError("scan_qr", f"scan of {tcu.vin} gave {scanned.stage!r}, not {stage!r}")
    return Owner(phone, session.token, tcu.vin, tcu.brand)


def _renault_owner(api: Api, fleet: Fleet, tcu: Tcu, password: str, pin: str) -> Owner:
    email = f"owner{tcu.index}@load.example"
    api.call("create_account", CreateAccount(MY_RENAULT_APP, email, password, "Kari", f"Nordmann {tcu.index}"))
    link = _LINK.search(fleet.wait_for_text(email))
    if link is None:
        raise ApiError("create_account", f"no confirmation link in the e-mail to {email}")
    api.call("confirm_account", ConfirmAccount(link.group(1)))
    token = api.call("log_in", LogIn(email, password, False, False, f"phone-{tcu.index}", MY_RENAULT_APP)).token
    api.call("add_vehicle", AddVehicle(token, tcu.vin))
    sync_id = api.call("start_sync", StartSync(token, tcu.vin, True)).sync_id
    api.call("car_conditions", CarConditions(tcu.vin, sync_id, True, True, True))
    api.call("sync_confirmed_on_screen", SyncConfirmedOnScreen(tcu.vin, sync_id))
    if api.call("sync_status", SyncQuery(token, sync_id)).state != "linked":
        raise ApiError("sync_status", f"{email} is not synchronised with {tcu.vin}")
    api.call("set_pin", SetPin(token, pin))
    api.call("activate_services", VehicleQuery(token, tcu.vin))
    return Owner(email, token, tcu.vin, tcu.brand, pin)


def fleet_file(platform: str, fleet: Fleet, owners: list[Owner], command_timeout: float) -> dict[str, Any]:
    """What the phone users and the consistency check read: where things are, and the owners."""
    return {
        "platform": platform,
        "fleet": fleet.url,
        "command_timeout": command_timeout,
        "owners": [asdict(owner) for owner in owners],
    }
