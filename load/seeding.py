"""The seeded fleet: cars provisioned, owners registered (codes by SMS), logged in and bound.

Everything goes through the platform's HTTP API, as an owner and the factory would: the factory
provisions the car, the owner registers with the code texted to the phone, logs in from the app
and binds the car with two scans of its head unit's QR code. Owners are set up in parallel over
keep-alive connections; who they are (phone numbers, passwords) follows from the seed.
"""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from contract.messages import AppIdentity, LogIn, QrScanned, Register, ScanQr, SendRegistrationCode, ShowQr
from load.api import Api, ApiError
from load.fleet import Fleet, Tcu

APP = AppIdentity("MG iSmart", "SAIC Motor international Co. Ltd")
_CODE = re.compile(r"\b(\d{4,8})\b")


@dataclass(frozen=True, slots=True)
class Owner:
    """A phone twin's account: its *phone*, session *token*, and the *vin* of its bound car."""

    phone: str
    token: str
    vin: str


def seed_fleet(api: Api, fleet: Fleet, seed: int, threads: int = 8) -> list[Owner]:
    """Reset the platform to send to *fleet*, provision every car and bind each to a new owner."""
    api.reset(seed, datetime.now(UTC).isoformat(), fleet.webhooks)
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda tcu: _owner_of(api, fleet, tcu, seed), fleet.tcus))


def _owner_of(api: Api, fleet: Fleet, tcu: Tcu, seed: int) -> Owner:
    rng = random.Random(f"owner:{seed}:{tcu.index}")
    phone = f"+4520{tcu.index:08d}"
    password = f"load-{rng.getrandbits(48):012x}"
    api.call("provision_vehicle", tcu.record())
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
    return Owner(phone, session.token, tcu.vin)


def fleet_file(platform: str, fleet: Fleet, owners: list[Owner], command_timeout: float) -> dict[str, Any]:
    """What the phone users and the consistency check read: where things are, and the owners."""
    return {
        "platform": platform,
        "fleet": fleet.url,
        "command_timeout": command_timeout,
        "owners": [asdict(owner) for owner in owners],
    }
