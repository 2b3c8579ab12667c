"""Limits the rig holds every platform to, whatever it declares, and the range of the contract's times.

They are part of the contract (docs/http.md, "Limits"): a platform past one of them ends the
scenario with an *error* naming the call and what the platform did.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

MAX_WAKE_UPS_PER_SECOND = 100
"""How many times a platform's timers (its ``next_due``) may wake it within one virtual second."""

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No time in the contract (a request's, a reply's, a reset's *epoch*) lies in a year before this one's."""
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
"""Every time in the contract lies in a year before this one's (its local year, as written): far
enough from year 9999 that a platform can add any of its delays to it."""
TIME_PATTERN = "^(19[7-9][0-9]|[2-8][0-9]{3})-"
"""The years from :data:`EARLIEST` to :data:`LATEST` (excluded), as the OpenAPI document states them."""
MAX_ADVANCE = timedelta(days=36525)
"""How far one advance of the test clock may go (100 years): a platform may refuse more."""


def in_range(moment: datetime) -> bool:
    """Whether *moment*'s year (as written, in its own offset) lies between :data:`EARLIEST` and :data:`LATEST`."""
    return EARLIEST.year <= moment.year < LATEST.year


PHONE_OR_EMAIL = r"^\+[0-9]{2,15}$|@"
"""An identifier a code can be sent to: an E.164 phone number (``+45...``), or an e-mail address (an ``@``)."""
EMAIL = "@"
"""An e-mail address, as far as a platform checks it: an ``@``."""


def stated(**schema: Any) -> dict[str, Any]:
    """The metadata of a dataclass field whose JSON value is limited as the JSON *schema*
    keywords say (``field(metadata=stated(minimum=0))``): the OpenAPI document states it, a
    platform refuses the rest."""
    return {"schema": schema}
