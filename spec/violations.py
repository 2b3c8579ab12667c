"""What the specification says when the platform breaks a rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from spec.observations import Observation

ExpectationKind = Literal["accepted", "refused", "message", "no_message", "content"]


@dataclass(frozen=True, slots=True)
class Expectation:
    """What should have been observed instead, in terms a Then step can check.

    *kind*: the call should have been ``accepted``; ``refused`` with one of *codes* (any code
    when empty); a ``message`` over *channel* ("sms", "email", "push", "tcu", "car_event")
    should have reached *recipient* (a phone number, e-mail address, device id or VIN as the
    platform addresses it); ``no_message`` should have; or the reply's ``content`` is wrong
    (*detail* says how).
    """

    kind: ExpectationKind
    codes: tuple[str, ...] = ()
    channel: str = ""
    recipient: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Violation:
    """The platform broke *requirement* at *at*: *rule* names the rule, *detail* says how.

    *observation* is what broke it (None when something that was due never came);
    *expected* is what the manuals allow instead.
    """

    requirement: str
    at: datetime
    rule: str
    detail: str
    observation: Observation | None
    expected: Expectation

    def render(self) -> str:
        return f"{self.requirement} ({self.rule}) at {self.at.isoformat()}: {self.detail}"
