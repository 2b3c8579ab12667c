"""A run handler that plays another local process: at the run's first finished step it posts
:data:`FORGED` webhooks to this process's webhook server, none of which the server may take.

Name it as ``forged_posts:FORGER`` (with ``tests/`` on the path) to count what a run refused, in
either runner.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from contract.operations import WEBHOOK_SECRET
from core.hooks import hookimpl
from core.results import ScenarioId, StepResult
from transport.webhooks import shared_server

FORGED = 7
SMS = {"to": "+4512345678", "text": "Din kode er 123456", "sent_at": "2026-03-02T08:00:00+00:00", "code": "123456"}


class Forger:
    """Posts :data:`FORGED` webhooks once: without the secret, with a wrong one, for a world not running."""

    def __init__(self) -> None:
        self.sent = 0
        self.answers: list[int] = []
        """The status of each answer (a post the server took would be a 2xx)."""

    @hookimpl
    def twinrig_step_finished(self, scenario: ScenarioId, step: StepResult) -> None:
        server = shared_server()
        while self.sent < FORGED:
            world = next(iter(server.inboxes)) if self.sent % 3 else "no-such-world"
            secret = server.secret if self.sent % 3 == 0 else ("forged" if self.sent % 2 else "")
            request = urllib.request.Request(
                f"{server.url}/w/{world}/sms",
                json.dumps(SMS).encode(),
                {"Content-Type": "application/json", WEBHOOK_SECRET: secret},
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    self.answers.append(answer.status)
            except urllib.error.HTTPError as refused:
                self.answers.append(refused.code)
            self.sent += 1


FORGER = Forger()
